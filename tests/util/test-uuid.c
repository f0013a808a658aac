/* Tests of lib/util/uuid: lenient parsing, canonical formatting, v4 generation. */
#include <string.h>

#include "util/error.h"
#include "util/log.h"
#include "util/uuid.h"

static const unsigned char sample[MV_UUID_BUFLEN] = {
    0xc7, 0xa5, 0xfd, 0xbd, 0xed, 0xaf, 0x9a, 0x55,
    0x88, 0x0d, 0x41, 0x77, 0x90, 0x21, 0x2e, 0x3b,
};

static const char *const good_forms[] = {
    "c7a5fdbd-edaf-9a55-880d-417790212e3b",
    "C7A5FDBD-EDAF-9A55-880D-417790212E3B",
    "c7a5fdbdedaf9a55880d417790212e3b",
    "  c7a5fdbd-edaf-9a55-880d-417790212e3b\n",
    "\tc7a5fdbdedaf9a55880d417790212e3b ",
    "c7-a5-fd-bd-ed-af-9a-55-88-0d-41-77-90-21-2e-3b",
    "c7a5 fdbd edaf 9a55 880d 4177 9021 2e3b",
    "--c7a5fdbd--edaf9a55880d417790212e3b",
};

static void
test_parse_good(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(good_forms); i++) {
        unsigned char uuid[MV_UUID_BUFLEN] = { 0 };

        g_test_message("parsing '%s'", good_forms[i]);
        g_assert_cmpint(mv_uuid_parse(good_forms[i], uuid), ==, 0);
        g_assert_cmpmem(uuid, sizeof(uuid), sample, sizeof(sample));
    }
}

static const char *const bad_forms[] = {
    "",
    "   ",
    "c7a5fdbd-edaf-9a55-880d-417790212e3",       /* 31 digits */
    "c7a5fdbd-edaf-9a55-880d-417790212e3b0",     /* 33 digits */
    "c7a5fdbd-edaf-9a55-880d-417790212e3bxyz",
    "g7a5fdbd-edaf-9a55-880d-417790212e3b",
    "c-7a5fdbd-edaf-9a55-880d-417790212e3b",     /* dash inside a byte */
    "c7a5fdbd:edaf:9a55:880d:417790212e3b",
    "{c7a5fdbd-edaf-9a55-880d-417790212e3b}",
    "0x7a5fdbd-edaf-9a55-880d-417790212e3b",
};

static void
test_parse_bad(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(bad_forms); i++) {
        unsigned char uuid[MV_UUID_BUFLEN];

        memcpy(uuid, sample, sizeof(uuid));
        g_test_message("parsing '%s'", bad_forms[i]);
        mv_error_reset();
        g_assert_cmpint(mv_uuid_parse(bad_forms[i], uuid), ==, -1);
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INVALID_ARG);
        g_assert_nonnull(strstr(mv_error_last_message(), bad_forms[i]));
        /* A failed parse leaves the output alone. */
        g_assert_cmpmem(uuid, sizeof(uuid), sample, sizeof(sample));
    }
}

static void
test_format(void)
{
    char buf[MV_UUID_STRING_BUFLEN];
    unsigned char uuid[MV_UUID_BUFLEN];

    g_assert_true(mv_uuid_format(sample, buf) == buf);
    g_assert_cmpstr(buf, ==, "c7a5fdbd-edaf-9a55-880d-417790212e3b");

    g_assert_cmpint(mv_uuid_parse(buf, uuid), ==, 0);
    g_assert_cmpmem(uuid, sizeof(uuid), sample, sizeof(sample));

    memset(uuid, 0, sizeof(uuid));
    g_assert_cmpstr(mv_uuid_format(uuid, buf), ==, "00000000-0000-0000-0000-000000000000");
}

static void
test_generate(void)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                       g_free, NULL);
    size_t i;

    for (i = 0; i < 1000; i++) {
        unsigned char uuid[MV_UUID_BUFLEN];
        unsigned char back[MV_UUID_BUFLEN];
        char buf[MV_UUID_STRING_BUFLEN];

        mv_uuid_generate(uuid);
        g_assert_false(mv_uuid_is_null(uuid));
        g_assert_cmpint(uuid[6] >> 4, ==, 4);
        g_assert_cmpint(uuid[8] & 0xc0, ==, 0x80);

        mv_uuid_format(uuid, buf);
        g_assert_cmpint(buf[14], ==, '4');
        g_assert_true(strchr("89ab", buf[19]) != NULL);
        g_assert_cmpint(mv_uuid_parse(buf, back), ==, 0);
        g_assert_cmpmem(back, sizeof(back), uuid, sizeof(uuid));
        g_assert_true(g_hash_table_add(seen, g_strdup(buf)));
    }
}

static void
test_is_null(void)
{
    unsigned char uuid[MV_UUID_BUFLEN] = { 0 };

    g_assert_true(mv_uuid_is_null(uuid));
    uuid[15] = 1;
    g_assert_false(mv_uuid_is_null(uuid));
    g_assert_false(mv_uuid_is_null(sample));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    g_test_add_func("/util/uuid/parse-good", test_parse_good);
    g_test_add_func("/util/uuid/parse-bad", test_parse_bad);
    g_test_add_func("/util/uuid/format", test_format);
    g_test_add_func("/util/uuid/generate", test_generate);
    g_test_add_func("/util/uuid/is-null", test_is_null);
    return g_test_run();
}
