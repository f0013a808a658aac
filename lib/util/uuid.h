/* UUIDs: parse, format, generate (RFC 4122, as libvirt's XML writes them). */
#pragma once

#include <glib.h>
#include <stdbool.h>

#define MV_UUID_BUFLEN 16
#define MV_UUID_STRING_BUFLEN 37   /* 36 characters and the NUL */

/* Accepts 32 hex digits with or without the four dashes, and libvirt's
 * lenient forms (dashes or spaces between any two-digit bytes, surrounding
 * spaces). Reports
 * VIR_ERR_INVALID_ARG naming the text on failure. */
int mv_uuid_parse(const char *str, unsigned char ret_uuid[MV_UUID_BUFLEN]);

/* Writes the lower-case dashed form into buf and returns buf. */
char *mv_uuid_format(const unsigned char uuid[MV_UUID_BUFLEN],
                     char buf[MV_UUID_STRING_BUFLEN]);

/* A random version-4 UUID. */
void mv_uuid_generate(unsigned char ret_uuid[MV_UUID_BUFLEN]);

bool mv_uuid_is_null(const unsigned char uuid[MV_UUID_BUFLEN]);
