/* Scaled sizes with units, as libvirt's XML writes them (unit='KiB', 'G', 'bytes', ...). */
#pragma once

#include <glib.h>
#include <stdint.h>

/* Multiplies value by the unit ("b", "bytes", "k", "KB", "KiB", ... "EiB";
 * NULL or "" means default_scale bytes). Decimal units (KB, MB, ...) are
 * powers of 1000, the rest powers of 1024, as libvirt reads them. Fails
 * with VIR_ERR_INVALID_ARG on an unknown unit and VIR_ERR_OVERFLOW when the
 * result exceeds limit. */
int mv_scale_integer(uint64_t *value, const char *unit,
                     uint64_t default_scale, uint64_t limit);

/* Parses a whole unsigned decimal number with no sign, spaces or junk;
 * reports VIR_ERR_INVALID_ARG naming what (e.g. "memory") and the text. */
int mv_parse_uint64(const char *str, const char *what, uint64_t *ret_value);
