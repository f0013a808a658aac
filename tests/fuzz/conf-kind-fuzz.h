/* The body every lib/conf libFuzzer target shares: parse a document of one kind; what parses must format to a fixed point. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "conf/kinds.h"
#include "util/error.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* How strict the fixed-point check is. */
typedef enum {
    /* format(parse(format(parse(x)))) is the first format, byte for byte. */
    CONF_FUZZ_FIXED_POINT,
    /* The first format may differ from the second, which is then a fixed
     * point: libvirt 9.0's domain parser is so, and modvirt writes what it
     * writes. A controller without index is placed after the last one of
     * its type and numbered later, implicit controllers are appended
     * (<controller type='scsi' index='5'/> then index='0', sorted when read
     * again); a video <model heads='0'> is written without heads and read
     * back as one head. MODVIRT_FUZZ_STRICT=1 in the environment asks for
     * the byte-for-byte check, to look for first-pass changes to compare
     * with libvirt. */
    CONF_FUZZ_SETTLES_ONCE,
} ConfFuzzCheck;

/* format(parse(xml)), trapping when what the formatter wrote does not parse. */
static inline char *
conf_fuzz_reformat(const MvConfKind *kind, const char *xml)
{
    void *obj = kind->parse(xml);
    char *out;

    if (!obj)
        __builtin_trap();
    out = kind->format(obj, 0);
    kind->free(obj);
    return out;
}

/* Bytes in, never a crash or a leak; a document that parses must format,
 * reparse and format to the same text (the canonical form is a fixed
 * point, as check allows), or the target traps. */
static inline int
conf_kind_fuzz_check(const char *kind_name, ConfFuzzCheck check, const uint8_t *data, size_t size)
{
    const MvConfKind *kind = mv_conf_kind_by_name(kind_name);
    g_autofree char *xml = g_strndup((const char *) data, size);
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    void *obj;

    mv_log_set_default_priority(MV_LOG_ERROR + 1);
    if (!kind)
        __builtin_trap();

    obj = kind->parse(xml);
    if (obj) {
        first = kind->format(obj, 0);
        kind->free(obj);
        second = conf_fuzz_reformat(kind, first);
        if (strcmp(first, second) != 0) {
            g_autofree char *third = NULL;

            if (check != CONF_FUZZ_SETTLES_ONCE || g_getenv("MODVIRT_FUZZ_STRICT"))
                __builtin_trap();
            third = conf_fuzz_reformat(kind, second);
            if (strcmp(second, third) != 0)
                __builtin_trap();
        }
    }
    mv_error_reset();
    return 0;
}

static inline int
conf_kind_fuzz_one(const char *kind_name, const uint8_t *data, size_t size)
{
    return conf_kind_fuzz_check(kind_name, CONF_FUZZ_FIXED_POINT, data, size);
}
