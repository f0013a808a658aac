/* Tests of lib/util/units: libvirt's unit names, overflow, strict number parsing. */
#include <string.h>

#include "util/error.h"
#include "util/log.h"
#include "util/units.h"

#define KI UINT64_C(1024)
#define KD UINT64_C(1000)

typedef struct {
    const char *unit;
    uint64_t scale;
} UnitCase;

static const UnitCase unit_cases[] = {
    { NULL, 1024 },            /* the default scale */
    { "", 1024 },
    { "b", 1 }, { "B", 1 }, { "byte", 1 }, { "bytes", 1 }, { "Bytes", 1 },
    { "k", KI }, { "K", KI }, { "KiB", KI }, { "kib", KI }, { "KB", KD }, { "kb", KD },
    { "m", KI * KI }, { "MiB", KI * KI }, { "MB", KD * KD },
    { "g", KI * KI * KI }, { "GiB", KI * KI * KI }, { "GB", KD * KD * KD },
    { "t", KI * KI * KI * KI }, { "TiB", KI * KI * KI * KI }, { "TB", KD * KD * KD * KD },
    { "p", KI * KI * KI * KI * KI }, { "PiB", KI * KI * KI * KI * KI },
    { "PB", KD * KD * KD * KD * KD },
    { "e", KI * KI * KI * KI * KI * KI }, { "EiB", KI * KI * KI * KI * KI * KI },
    { "EB", KD * KD * KD * KD * KD * KD },
};

static void
test_scale_units(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(unit_cases); i++) {
        uint64_t value = 3;

        g_test_message("unit '%s'", unit_cases[i].unit ? unit_cases[i].unit : "(null)");
        g_assert_cmpint(mv_scale_integer(&value, unit_cases[i].unit, 1024, G_MAXUINT64),
                        ==, 0);
        g_assert_cmpuint(value, ==, 3 * unit_cases[i].scale);
    }
}

static const char *const bad_units[] = {
    "x", "kilobytes", "KiBB", "Ki", "kbit", "iB", "bb", "MiB ", " MiB", "z", "ZiB", "YB",
};

static void
test_scale_bad_unit(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(bad_units); i++) {
        uint64_t value = 5;
        g_autofree char *quoted = g_strdup_printf("'%s'", bad_units[i]);

        g_test_message("unit '%s'", bad_units[i]);
        mv_error_reset();
        g_assert_cmpint(mv_scale_integer(&value, bad_units[i], 1, G_MAXUINT64), ==, -1);
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INVALID_ARG);
        g_assert_nonnull(strstr(mv_error_last_message(), quoted));
        g_assert_cmpuint(value, ==, 5);
    }
}

static void
test_scale_overflow(void)
{
    uint64_t value;

    /* Exactly at the limit is fine; one unit above is not. */
    value = 4;
    g_assert_cmpint(mv_scale_integer(&value, "KiB", 1, 4096), ==, 0);
    g_assert_cmpuint(value, ==, 4096);

    value = 5;
    mv_error_reset();
    g_assert_cmpint(mv_scale_integer(&value, "KiB", 1, 4096), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OVERFLOW);
    g_assert_nonnull(strstr(mv_error_last_message(), "5 KiB"));
    g_assert_nonnull(strstr(mv_error_last_message(), "4096"));
    g_assert_cmpuint(value, ==, 5);

    /* Past 2^64 itself. */
    value = 16;
    g_assert_cmpint(mv_scale_integer(&value, "EiB", 1, G_MAXUINT64), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OVERFLOW);
    g_assert_nonnull(strstr(mv_error_last_message(), "16 EiB"));

    value = 15;
    g_assert_cmpint(mv_scale_integer(&value, "EiB", 1, G_MAXUINT64), ==, 0);
    g_assert_cmpuint(value, ==, UINT64_C(15) << 60);

    /* The default scale overflows the same way. */
    value = G_MAXUINT64 / 1024 + 1;
    g_assert_cmpint(mv_scale_integer(&value, NULL, 1024, G_MAXUINT64), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OVERFLOW);

    value = 0;
    g_assert_cmpint(mv_scale_integer(&value, "EiB", 1, 0), ==, 0);
    g_assert_cmpuint(value, ==, 0);
}

static void
test_scale_no_default(void)
{
    uint64_t value = 7;

    mv_error_reset();
    g_assert_cmpint(mv_scale_integer(&value, NULL, 0, G_MAXUINT64), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INTERNAL_ERROR);
    g_assert_nonnull(strstr(mv_error_last_message(), "7"));
}

typedef struct {
    const char *text;
    uint64_t value;
} NumberCase;

static const NumberCase good_numbers[] = {
    { "0", 0 },
    { "7", 7 },
    { "0042", 42 },
    { "4294967296", UINT64_C(4294967296) },
    { "18446744073709551615", G_MAXUINT64 },
};

static const char *const bad_numbers[] = {
    "", "-1", "+1", " 1", "1 ", "1k", "0x10", "1.5", "abc",
    "18446744073709551616", "99999999999999999999999",
};

static void
test_parse_uint64(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(good_numbers); i++) {
        uint64_t value = 1;

        g_assert_cmpint(mv_parse_uint64(good_numbers[i].text, "memory", &value), ==, 0);
        g_assert_cmpuint(value, ==, good_numbers[i].value);
    }

    for (i = 0; i < G_N_ELEMENTS(bad_numbers); i++) {
        uint64_t value = 1;

        g_test_message("parsing '%s'", bad_numbers[i]);
        mv_error_reset();
        g_assert_cmpint(mv_parse_uint64(bad_numbers[i], "memory", &value), ==, -1);
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INVALID_ARG);
        g_assert_nonnull(strstr(mv_error_last_message(), "memory"));
        g_assert_nonnull(strstr(mv_error_last_message(), bad_numbers[i]));
        g_assert_cmpuint(value, ==, 1);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    g_test_add_func("/util/units/scale", test_scale_units);
    g_test_add_func("/util/units/scale-bad-unit", test_scale_bad_unit);
    g_test_add_func("/util/units/scale-overflow", test_scale_overflow);
    g_test_add_func("/util/units/scale-no-default", test_scale_no_default);
    g_test_add_func("/util/units/parse-uint64", test_parse_uint64);
    return g_test_run();
}
