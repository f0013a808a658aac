/* The body every lib/conf libFuzzer target shares: parse a document of one kind; what parses must format to a fixed point. */
#pragma once

#include <stdint.h>
#include <string.h>

#include "conf/kinds.h"
#include "util/error.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bytes in, never a crash or a leak; a document that parses must format,
 * reparse and format to the same text (the canonical form is a fixed
 * point), or the target traps. */
static inline int
conf_kind_fuzz_one(const char *kind_name, const uint8_t *data, size_t size)
{
    const MvConfKind *kind = mv_conf_kind_by_name(kind_name);
    g_autofree char *xml = g_strndup((const char *) data, size);
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    void *obj;
    void *again;

    mv_log_set_default_priority(MV_LOG_ERROR + 1);
    if (!kind)
        __builtin_trap();

    obj = kind->parse(xml);
    if (obj) {
        first = kind->format(obj, 0);
        kind->free(obj);
        again = kind->parse(first);
        if (!again)
            __builtin_trap();
        second = kind->format(again, 0);
        kind->free(again);
        if (strcmp(first, second) != 0)
            __builtin_trap();
    }
    mv_error_reset();
    return 0;
}
