/* Tests of lib/util/macaddr: the forms libvirt accepts, formatting, classes, generation. */
#include <string.h>

#include "util/error.h"
#include "util/log.h"
#include "util/macaddr.h"

typedef struct {
    const char *text;
    unsigned char addr[MV_MAC_BUFLEN];
} MacCase;

static const MacCase good_cases[] = {
    { "52:54:00:ab:cd:ef", { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef } },
    { "52:54:00:AB:CD:EF", { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef } },
    { "2:4:0:a:c:e", { 0x02, 0x04, 0x00, 0x0a, 0x0c, 0x0e } },
    { "ff:ff:ff:ff:ff:ff", { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
    { "00:00:00:00:00:00", { 0 } },
    { "52:54:00:01:02:03 ", { 0x52, 0x54, 0x00, 0x01, 0x02, 0x03 } },
    { "52:54:00:01:02:03\n", { 0x52, 0x54, 0x00, 0x01, 0x02, 0x03 } },
};

static void
test_parse_good(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(good_cases); i++) {
        MvMacAddr mac;

        g_test_message("parsing '%s'", good_cases[i].text);
        g_assert_cmpint(mv_mac_parse(good_cases[i].text, &mac), ==, 0);
        g_assert_cmpmem(mac.addr, MV_MAC_BUFLEN, good_cases[i].addr, MV_MAC_BUFLEN);
    }
}

static const char *const bad_forms[] = {
    "",
    "52:54:00:ab:cd",
    "52:54:00:ab:cd:",
    "52:54:00:ab:cd:ef:01",
    "52-54-00-ab-cd-ef",         /* libvirt takes ':' only */
    "525:4:00:ab:cd:ef",
    "52:54:00:ab:cd:efa",
    " 52:54:00:ab:cd:ef",
    "+52:54:00:ab:cd:ef",
    "52::00:ab:cd:ef",
    "52:54:00:ab:cd:eg",
    "52:54:00:ab:cd:ef junk",
    "0x2:54:00:ab:cd:ef",
};

static void
test_parse_bad(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(bad_forms); i++) {
        MvMacAddr mac = { { 1, 2, 3, 4, 5, 6 } };
        const MvMacAddr before = mac;

        g_test_message("parsing '%s'", bad_forms[i]);
        mv_error_reset();
        g_assert_cmpint(mv_mac_parse(bad_forms[i], &mac), ==, -1);
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INVALID_ARG);
        g_assert_nonnull(strstr(mv_error_last_message(), bad_forms[i]));
        g_assert_true(mv_mac_equal(&mac, &before));
    }
}

static void
test_format(void)
{
    const MvMacAddr mac = { { 0x52, 0x54, 0x00, 0x0a, 0xbc, 0xde } };
    char buf[MV_MAC_STRING_BUFLEN];
    MvMacAddr back;

    g_assert_true(mv_mac_format(&mac, buf) == buf);
    g_assert_cmpstr(buf, ==, "52:54:00:0a:bc:de");
    g_assert_cmpint(mv_mac_parse(buf, &back), ==, 0);
    g_assert_true(mv_mac_equal(&mac, &back));
}

static void
test_classes(void)
{
    const MvMacAddr zero = { { 0 } };
    const MvMacAddr unicast = { { 0x52, 0x54, 0x00, 0x01, 0x02, 0x03 } };
    const MvMacAddr multicast = { { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 } };
    const MvMacAddr broadcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
    const MvMacAddr last_differs = { { 0x52, 0x54, 0x00, 0x01, 0x02, 0x04 } };

    g_assert_true(mv_mac_is_null(&zero));
    g_assert_false(mv_mac_is_null(&unicast));
    g_assert_false(mv_mac_is_multicast(&unicast));
    g_assert_false(mv_mac_is_multicast(&zero));
    g_assert_true(mv_mac_is_multicast(&multicast));
    g_assert_true(mv_mac_is_multicast(&broadcast));
    g_assert_true(mv_mac_equal(&unicast, &unicast));
    g_assert_false(mv_mac_equal(&unicast, &last_differs));
}

static void
test_generate(void)
{
    static const unsigned char qemu_prefix[3] = { 0x52, 0x54, 0x00 };
    MvMacAddr first;
    bool differs = false;
    size_t i;

    mv_mac_generate(qemu_prefix, &first);
    for (i = 0; i < 100; i++) {
        MvMacAddr mac;

        mv_mac_generate(qemu_prefix, &mac);
        g_assert_cmpmem(mac.addr, 3, qemu_prefix, 3);
        g_assert_false(mv_mac_is_multicast(&mac));
        differs |= !mv_mac_equal(&mac, &first);
    }
    g_assert_true(differs);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    g_test_add_func("/util/macaddr/parse-good", test_parse_good);
    g_test_add_func("/util/macaddr/parse-bad", test_parse_bad);
    g_test_add_func("/util/macaddr/format", test_format);
    g_test_add_func("/util/macaddr/classes", test_classes);
    g_test_add_func("/util/macaddr/generate", test_generate);
    return g_test_run();
}
