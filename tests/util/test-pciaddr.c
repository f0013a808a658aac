/* Tests of lib/util/pciaddr: parsing both forms, range errors naming the field, formatting. */
#include <string.h>

#include "util/error.h"
#include "util/log.h"
#include "util/pciaddr.h"

typedef struct {
    const char *text;
    MvPciAddr addr;
    const char *canonical;
} PciCase;

static const PciCase good_cases[] = {
    { "0000:00:1f.2", { 0, 0, 0x1f, 2 }, "0000:00:1f.2" },
    { "00:1f.2", { 0, 0, 0x1f, 2 }, "0000:00:1f.2" },
    { "0000:3B:00.7", { 0, 0x3b, 0, 7 }, "0000:3b:00.7" },
    { "ffff:ff:1f.7", { 0xffff, 0xff, 0x1f, 7 }, "ffff:ff:1f.7" },
    { "1:2:3.4", { 1, 2, 3, 4 }, "0001:02:03.4" },
    { "0:0.0", { 0, 0, 0, 0 }, "0000:00:00.0" },
    { "00000001:00:01.0", { 1, 0, 1, 0 }, "0001:00:01.0" },
};

static void
test_parse_good(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(good_cases); i++) {
        const PciCase *c = &good_cases[i];
        g_autofree char *text = NULL;
        MvPciAddr addr;

        g_test_message("parsing '%s'", c->text);
        g_assert_cmpint(mv_pci_addr_parse(c->text, &addr), ==, 0);
        g_assert_true(mv_pci_addr_equal(&addr, &c->addr));
        g_assert_cmpint(mv_pci_addr_validate(&addr), ==, 0);
        text = mv_pci_addr_format(&addr);
        g_assert_cmpstr(text, ==, c->canonical);
    }
}

typedef struct {
    const char *text;
    const char *detail;   /* what the message must name beside the text */
} PciBadCase;

static const PciBadCase bad_cases[] = {
    { "", "[DDDD:]BB:SS.F" },
    { "0000:00:1f", "[DDDD:]BB:SS.F" },
    { "0000:00:1f.", "[DDDD:]BB:SS.F" },
    { "0000:00:1f.2 ", "[DDDD:]BB:SS.F" },
    { " 0000:00:1f.2", "[DDDD:]BB:SS.F" },
    { "0000:00:1f.2.1", "[DDDD:]BB:SS.F" },
    { "0000:00:00:1f.2", "[DDDD:]BB:SS.F" },
    { "0000-00-1f.2", "[DDDD:]BB:SS.F" },
    { "0000:0g:1f.2", "[DDDD:]BB:SS.F" },
    { "0000:00:-1.2", "[DDDD:]BB:SS.F" },
    { "00.1f:2", "[DDDD:]BB:SS.F" },
    { "10000:00:1f.2", "domain 0x10000 is out of range 0..0xffff" },
    { "0000:100:1f.2", "bus 0x100 is out of range 0..0xff" },
    { "0000:00:20.0", "slot 0x20 is out of range 0..0x1f" },
    { "0000:00:1f.8", "function 0x8 is out of range 0..7" },
    { "00:1f.a", "function 0xa is out of range 0..7" },
    { "0000:00:1ffffffffffffffffff.0", "slot 0x100000000 is out of range 0..0x1f" },
};

static void
test_parse_bad(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
        const PciBadCase *c = &bad_cases[i];
        const MvPciAddr before = { 9, 9, 9, 1 };
        MvPciAddr addr = before;

        g_test_message("parsing '%s'", c->text);
        mv_error_reset();
        g_assert_cmpint(mv_pci_addr_parse(c->text, &addr), ==, -1);
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INVALID_ARG);
        g_assert_nonnull(strstr(mv_error_last_message(), c->text));
        g_assert_nonnull(strstr(mv_error_last_message(), c->detail));
        g_assert_true(mv_pci_addr_equal(&addr, &before));
    }
}

typedef struct {
    MvPciAddr addr;
    const char *message;
} PciRangeCase;

static const PciRangeCase range_cases[] = {
    { { 0x10000, 0, 0, 0 }, "XML error: PCI domain 0x10000 is out of range 0..0xffff" },
    { { 0, 0x100, 0, 0 }, "XML error: PCI bus 0x100 is out of range 0..0xff" },
    { { 0, 0, 0x20, 0 }, "XML error: PCI slot 0x20 is out of range 0..0x1f" },
    { { 0, 0, 0, 8 }, "XML error: PCI function 0x8 is out of range 0..7" },
    { { 0, 0, 0xffffffff, 0 }, "XML error: PCI slot 0xffffffff is out of range 0..0x1f" },
};

static void
test_validate(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(range_cases); i++) {
        mv_error_reset();
        g_assert_cmpint(mv_pci_addr_validate(&range_cases[i].addr), ==, -1);
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_XML_ERROR);
        g_assert_cmpstr(mv_error_last_message(), ==, range_cases[i].message);
    }
}

static void
test_equal(void)
{
    const MvPciAddr a = { 0, 0x3b, 0x10, 1 };
    MvPciAddr b = a;

    g_assert_true(mv_pci_addr_equal(&a, &b));
    b.domain = 1;
    g_assert_false(mv_pci_addr_equal(&a, &b));
    b = a;
    b.bus++;
    g_assert_false(mv_pci_addr_equal(&a, &b));
    b = a;
    b.slot++;
    g_assert_false(mv_pci_addr_equal(&a, &b));
    b = a;
    b.function = 0;
    g_assert_false(mv_pci_addr_equal(&a, &b));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    g_test_add_func("/util/pciaddr/parse-good", test_parse_good);
    g_test_add_func("/util/pciaddr/parse-bad", test_parse_bad);
    g_test_add_func("/util/pciaddr/validate", test_validate);
    g_test_add_func("/util/pciaddr/equal", test_equal);
    return g_test_run();
}
