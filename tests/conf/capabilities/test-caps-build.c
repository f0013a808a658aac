/* Capabilities built with the C API (as qemud builds them) format exactly like the parsed data case they describe. */
#define MV_FROM_THIS VIR_FROM_CAPABILITIES

#include <string.h>

#include "conf/capabilities.h"
#include "util/error.h"
#include "util/log.h"

static char *
read_case(const char *name)
{
    const char *srcdir = g_getenv("MODVIRT_SRCDIR");
    g_autofree char *path = g_build_filename(srcdir ? srcdir : ".", "tests", "conf",
                                             "capabilities", name, NULL);
    char *contents = NULL;

    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    return contents;
}

static void
add_cell(MvCapsNuma *numa, unsigned int id, unsigned int first_cpu, bool topology)
{
    MvCapsCell *cell = mv_caps_numa_add_cell(numa, id, 67108864);

    if (id == 0)
        mv_caps_cell_add_pages(cell, 64, 1000000);
    mv_caps_cell_add_distance(cell, 0, id == 0 ? 10 : 20);
    mv_caps_cell_add_distance(cell, 1, id == 0 ? 20 : 10);
    for (unsigned int cpu = first_cpu; cpu < first_cpu + 4; cpu++) {
        g_autofree char *siblings = g_strdup_printf("%u", cpu);

        g_assert_cmpint(mv_caps_cell_add_cpu(cell, cpu, 0, 0, cpu, topology ? siblings : NULL), ==, 0);
    }
}

/* tests/conf/capabilities/aarch64-numa.xml, from code. */
static void
test_build_aarch64(void)
{
    g_autoptr(MvCaps) caps = mv_caps_new();
    g_autofree char *expected = read_case("aarch64-numa.out.xml");
    g_autofree char *xml = NULL;
    MvCapsHostCpu *cpu;
    MvCapsGuest *guest;
    MvCapsGuestDomain *dom;
    MvCapsNuma *numa;

    g_assert_cmpint(mv_uuid_parse("1e2d3c4b-5a69-4788-97a6-b5c4d3e2f100", caps->host.uuid), ==, 0);
    caps->host.arch = MV_ARCH_AARCH64;
    caps->host.iommu = true;
    cpu = mv_caps_host_set_cpu(&caps->host, "host", "ARM");
    cpu->sockets = 2;
    cpu->dies = 1;
    cpu->cores = 4;
    cpu->threads = 1;
    mv_caps_host_add_page_size(&caps->host, 64);
    mv_caps_host_add_page_size(&caps->host, 524288);
    numa = mv_caps_host_numa(&caps->host);
    add_cell(numa, 0, 0, true);
    add_cell(numa, 1, 4, false);
    mv_caps_host_add_secmodel(&caps->host, "none", "0");

    guest = mv_caps_add_guest(caps, MV_CAPS_OS_HVM, MV_ARCH_AARCH64, 64,
                              "/usr/bin/qemu-system-aarch64", NULL);
    mv_caps_guest_info_add_machine(&guest->info, "virt-7.2", NULL, 512);
    mv_caps_guest_info_add_machine(&guest->info, "virt", "virt-7.2", 512);
    mv_caps_guest_add_domain(guest, MV_CAPS_VIRT_QEMU, NULL, NULL);
    mv_caps_guest_add_domain(guest, MV_CAPS_VIRT_KVM, NULL, NULL);
    mv_caps_guest_set_feature(guest, MV_CAPS_FEATURE_CPUSELECTION, MV_TRISTATE_ABSENT, MV_TRISTATE_ABSENT);
    mv_caps_guest_set_feature(guest, MV_CAPS_FEATURE_DEVICEBOOT, MV_TRISTATE_YES, MV_TRISTATE_YES);
    mv_caps_guest_set_feature(guest, MV_CAPS_FEATURE_DISKSNAPSHOT, MV_TRISTATE_YES, MV_TRISTATE_NO);

    guest = mv_caps_add_guest(caps, MV_CAPS_OS_HVM, MV_ARCH_ARMV7L, 32, "/usr/bin/qemu-system-arm", NULL);
    mv_caps_guest_info_add_machine(&guest->info, "virt-7.2", NULL, 8);
    mv_caps_guest_add_domain(guest, MV_CAPS_VIRT_QEMU, NULL, NULL);
    dom = mv_caps_guest_add_domain(guest, MV_CAPS_VIRT_KVM, "/usr/bin/qemu-kvm-arm", NULL);
    mv_caps_guest_info_add_machine(&dom->info, "virt-7.2", NULL, 8);
    mv_caps_guest_info_add_machine(&dom->info, "virt", "virt-7.2", 8);

    xml = mv_caps_format(caps);
    g_assert_cmpstr(xml, ==, expected);
}

/* A bad cpu list is refused by the builders, nothing is added. */
static void
test_build_bad_cpulist(void)
{
    g_autoptr(MvCaps) caps = mv_caps_new();
    MvCapsCell *cell = mv_caps_numa_add_cell(mv_caps_host_numa(&caps->host), 0, 0);

    g_assert_cmpint(mv_caps_cell_add_cpu(cell, 0, 0, 0, 0, "0-"), ==, -1);
    g_assert_cmpuint(cell->cpus->len, ==, 0);
    g_assert_null(mv_caps_resctrl_add_bank(&caps->host.resctrl, 0, 3, MV_CAPS_CACHE_BOTH, 1024, "x"));
    mv_error_reset();
}

/* Nothing known about the host: no <host> at all, as libvirt writes it. */
static void
test_build_empty(void)
{
    g_autoptr(MvCaps) caps = mv_caps_new();
    g_autofree char *xml = mv_caps_format(caps);

    g_assert_cmpstr(xml, ==, "<capabilities>\n\n</capabilities>\n");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);
    g_test_add_func("/conf/capabilities-build/aarch64", test_build_aarch64);
    g_test_add_func("/conf/capabilities-build/bad-cpulist", test_build_bad_cpulist);
    g_test_add_func("/conf/capabilities-build/empty", test_build_empty);
    return g_test_run();
}
