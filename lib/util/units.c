/* Scaled sizes: libvirt's unit names and their multipliers, strict unsigned number parsing. */
#define MV_LOG_MODULE "util.units"
#define MV_FROM_THIS VIR_FROM_NONE

#include "units.h"

#include <string.h>

#include "error.h"
#include "log.h"

/* The multiplier for a unit name, 0 when the name is unknown. As in libvirt,
 * case never matters: "b"/"byte"/"bytes" are 1; a letter alone or followed
 * by "iB" counts powers of 1024; followed by "B" alone, powers of 1000. */
static uint64_t
unit_multiplier(const char *unit)
{
    static const char prefixes[] = "kmgtpe";
    const char *pos;
    uint64_t base;
    uint64_t scale = 1;
    size_t power;

    if (g_ascii_strcasecmp(unit, "b") == 0 ||
        g_ascii_strcasecmp(unit, "byte") == 0 ||
        g_ascii_strcasecmp(unit, "bytes") == 0)
        return 1;

    if (!unit[1] || g_ascii_strcasecmp(unit + 1, "iB") == 0)
        base = 1024;
    else if (g_ascii_strcasecmp(unit + 1, "B") == 0)
        base = 1000;
    else
        return 0;

    pos = strchr(prefixes, g_ascii_tolower(unit[0]));
    if (!pos || !*pos)
        return 0;

    for (power = pos - prefixes + 1; power > 0; power--)
        scale *= base;
    return scale;
}

int
mv_scale_integer(uint64_t *value, const char *unit,
                 uint64_t default_scale, uint64_t limit)
{
    uint64_t scale;

    if (!unit || !*unit) {
        if (default_scale == 0) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "default scale of 0 given for value %" G_GUINT64_FORMAT,
                            *value);
            return -1;
        }
        scale = default_scale;
        unit = "";
    } else if (!(scale = unit_multiplier(unit))) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unknown unit '%s'", unit);
        return -1;
    }

    if (*value > limit / scale) {
        mv_report_error(VIR_ERR_OVERFLOW,
                        "value %" G_GUINT64_FORMAT "%s%s is larger than the limit of %"
                        G_GUINT64_FORMAT " bytes",
                        *value, *unit ? " " : "", unit, limit);
        return -1;
    }

    *value *= scale;
    return 0;
}

int
mv_parse_uint64(const char *str, const char *what, uint64_t *ret_value)
{
    uint64_t value = 0;
    const char *cur;

    if (!str || !*str) {
        mv_report_error(VIR_ERR_INVALID_ARG, "missing value for %s", what);
        return -1;
    }

    for (cur = str; *cur; cur++) {
        unsigned int digit;

        if (!g_ascii_isdigit(*cur)) {
            mv_report_error(VIR_ERR_INVALID_ARG,
                            "invalid %s '%s': not an unsigned decimal number",
                            what, str);
            return -1;
        }
        digit = *cur - '0';
        if (value > (G_MAXUINT64 - digit) / 10) {
            mv_report_error(VIR_ERR_INVALID_ARG,
                            "invalid %s '%s': larger than %" G_GUINT64_FORMAT,
                            what, str, G_MAXUINT64);
            return -1;
        }
        value = value * 10 + digit;
    }

    *ret_value = value;
    return 0;
}
