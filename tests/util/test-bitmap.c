/* Tests of lib/util/bitmap: bit operations, growth, and the CPU-set syntax both ways. */
#include <string.h>

#include "util/bitmap.h"
#include "util/error.h"
#include "util/log.h"

static void
test_bits(void)
{
    g_autoptr(MvBitmap) map = mv_bitmap_new(100);

    g_assert_cmpuint(mv_bitmap_size(map), ==, 100);
    g_assert_cmpuint(mv_bitmap_count(map), ==, 0);
    g_assert_cmpint(mv_bitmap_next_set(map, -1), ==, -1);

    mv_bitmap_set(map, 0);
    mv_bitmap_set(map, 63);
    mv_bitmap_set(map, 64);
    mv_bitmap_set(map, 99);
    g_assert_true(mv_bitmap_is_set(map, 63));
    g_assert_false(mv_bitmap_is_set(map, 62));
    g_assert_cmpuint(mv_bitmap_count(map), ==, 4);

    g_assert_cmpint(mv_bitmap_next_set(map, -1), ==, 0);
    g_assert_cmpint(mv_bitmap_next_set(map, 0), ==, 63);
    g_assert_cmpint(mv_bitmap_next_set(map, 63), ==, 64);
    g_assert_cmpint(mv_bitmap_next_set(map, 64), ==, 99);
    g_assert_cmpint(mv_bitmap_next_set(map, 99), ==, -1);
    g_assert_cmpint(mv_bitmap_next_set(map, 500), ==, -1);

    mv_bitmap_clear(map, 63);
    g_assert_false(mv_bitmap_is_set(map, 63));
    g_assert_cmpint(mv_bitmap_next_set(map, 0), ==, 64);

    /* Beyond the size: reads are false, clears do nothing. */
    g_assert_false(mv_bitmap_is_set(map, 100));
    g_assert_false(mv_bitmap_is_set(map, 100000));
    mv_bitmap_clear(map, 100000);
    g_assert_cmpuint(mv_bitmap_size(map), ==, 100);
}

static void
test_grow(void)
{
    g_autoptr(MvBitmap) map = mv_bitmap_new(0);
    g_autofree char *text = NULL;
    size_t bit;

    g_assert_cmpuint(mv_bitmap_size(map), ==, 0);
    g_assert_false(mv_bitmap_is_set(map, 0));

    mv_bitmap_set(map, 5);
    g_assert_cmpuint(mv_bitmap_size(map), ==, 6);
    mv_bitmap_set(map, 1000);
    g_assert_cmpuint(mv_bitmap_size(map), ==, 1001);
    for (bit = 6; bit < 1000; bit++)
        g_assert_false(mv_bitmap_is_set(map, bit));

    /* Setting a lower bit never shrinks. */
    mv_bitmap_set(map, 2);
    g_assert_cmpuint(mv_bitmap_size(map), ==, 1001);
    g_assert_cmpuint(mv_bitmap_count(map), ==, 3);

    text = mv_bitmap_format(map);
    g_assert_cmpstr(text, ==, "2,5,1000");
}

static void
test_equal(void)
{
    g_autoptr(MvBitmap) a = mv_bitmap_new(8);
    g_autoptr(MvBitmap) b = mv_bitmap_new(512);

    g_assert_true(mv_bitmap_equal(a, b));
    mv_bitmap_set(a, 3);
    g_assert_false(mv_bitmap_equal(a, b));
    mv_bitmap_set(b, 3);
    g_assert_true(mv_bitmap_equal(a, b));
    mv_bitmap_set(b, 300);
    g_assert_false(mv_bitmap_equal(a, b));
    g_assert_false(mv_bitmap_equal(b, a));
    mv_bitmap_clear(b, 300);
    g_assert_true(mv_bitmap_equal(b, a));
}

typedef struct {
    const char *text;
    size_t max_bit;
    const char *canonical;
} ParseCase;

static const ParseCase good_cases[] = {
    { "0", 8, "0" },
    { "7", 8, "7" },
    { "0-3", 8, "0-3" },
    { "0-3,^2,8", 16, "0-1,3,8" },
    { "3-3", 8, "3" },
    { "0,1,2,4", 8, "0-2,4" },
    { "5,1,3,2", 8, "1-3,5" },
    { "0-7,^0,^7", 8, "1-6" },
    { "^2,0-3", 8, "0-3" },          /* parts apply left to right */
    { "0-3,^2,2", 8, "0-3" },
    { "1-2,^1,^2", 8, "" },
    { "  0 - 2 , 4 ,^1", 8, "0,2,4" },
    { "\t1,\n2 ", 8, "1-2" },
    { "0-3,", 8, "0-3" },            /* libvirt takes a trailing comma */
    { "62-65", 128, "62-65" },
    { "0-127,^64", 128, "0-63,65-127" },
    { "0003", 8, "3" },
};

static void
test_parse_good(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(good_cases); i++) {
        const ParseCase *c = &good_cases[i];
        g_autoptr(MvBitmap) map = NULL;
        g_autoptr(MvBitmap) again = NULL;
        g_autofree char *text = NULL;

        g_test_message("parsing '%s'", c->text);
        map = mv_bitmap_parse(c->text, c->max_bit);
        g_assert_nonnull(map);
        g_assert_cmpuint(mv_bitmap_size(map), ==, c->max_bit);
        text = mv_bitmap_format(map);
        g_assert_cmpstr(text, ==, c->canonical);

        if (*text) {
            again = mv_bitmap_parse(text, c->max_bit);
            g_assert_nonnull(again);
            g_assert_true(mv_bitmap_equal(map, again));
        }
    }
}

typedef struct {
    const char *text;
    size_t max_bit;
    const char *detail;
} BadCase;

static const BadCase bad_cases[] = {
    { "", 8, "empty" },
    { "   ", 8, "empty" },
    { "8", 8, "8 is not below the limit 8" },
    { "0-8", 8, "8 is not below the limit 8" },
    { "^9", 8, "9 is not below the limit 8" },
    { "0", 0, "0 is not below the limit 0" },
    { "99999999999999999999999", 8, "99999999999999999999999" },
    { "3-1", 8, "range 3-1 is reversed" },
    { "^1-3", 8, "cannot be negated" },
    { ",1", 8, "expected a number at ',1'" },
    { "1,,2", 8, "expected a number at ',2'" },
    { "1-", 8, "expected a number at ''" },
    { "-1", 8, "expected a number at '-1'" },
    { "+1", 8, "expected a number at '+1'" },
    { "^", 8, "expected a number at ''" },
    { "^ 1", 8, "expected a number at ' 1'" },
    { "1 2", 8, "unexpected '2'" },
    { "1x", 8, "unexpected 'x'" },
    { "0-3;5", 8, "unexpected ';5'" },
    { "1-2-3", 8, "unexpected '-3'" },
    { "a", 8, "expected a number at 'a'" },
    { "0x1", 8, "unexpected 'x1'" },
};

static void
test_parse_bad(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
        const BadCase *c = &bad_cases[i];
        g_autofree char *quoted = g_strdup_printf("'%s'", c->text);
        g_autoptr(MvBitmap) map = NULL;

        g_test_message("parsing '%s'", c->text);
        mv_error_reset();
        map = mv_bitmap_parse(c->text, c->max_bit);
        g_assert_null(map);
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INVALID_ARG);
        g_assert_nonnull(strstr(mv_error_last_message(), quoted));
        g_assert_nonnull(strstr(mv_error_last_message(), c->detail));
    }
}

static void
test_format_empty(void)
{
    g_autoptr(MvBitmap) map = mv_bitmap_new(64);
    g_autofree char *text = mv_bitmap_format(map);

    g_assert_cmpstr(text, ==, "");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    g_test_add_func("/util/bitmap/bits", test_bits);
    g_test_add_func("/util/bitmap/grow", test_grow);
    g_test_add_func("/util/bitmap/equal", test_equal);
    g_test_add_func("/util/bitmap/parse-good", test_parse_good);
    g_test_add_func("/util/bitmap/parse-bad", test_parse_bad);
    g_test_add_func("/util/bitmap/format-empty", test_format_empty);
    return g_test_run();
}
