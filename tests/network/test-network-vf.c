/* Tests of SR-IOV VF ports (forward mode hostdev): networkd-fake-netlink on the fake SR-IOV NIC of tests/nodedev/fake-sysfs, driven by virsh, and the network-less hostdev path in process. */
#define MV_LOG_MODULE "tests.network.vf"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "fakehostdev.h"
#include "netlink_vf_fake.h"
#include "network_vf_port.h"
#include "util/error.h"

#define TOOL_TIMEOUT_MS 30000

#define OWNER1 "c7a5fdbd-edaf-9455-926a-d65c16db1801"
#define OWNER2 "c7a5fdbd-edaf-9455-926a-d65c16db1802"
#define PORT_A "7b2a3e5e-4c1d-4a0e-9d59-2d6a1f0b9c0a"
#define PORT_B "7b2a3e5e-4c1d-4a0e-9d59-2d6a1f0b9c0b"
#define PORT_C "7b2a3e5e-4c1d-4a0e-9d59-2d6a1f0b9c0c"
#define PORT_D "7b2a3e5e-4c1d-4a0e-9d59-2d6a1f0b9c0d"
#define PORT_E "7b2a3e5e-4c1d-4a0e-9d59-2d6a1f0b9c0e"

static const char pool_xml[] =
    "<network>\n"
    "  <name>vfpool</name>\n"
    "  <forward mode='hostdev' managed='yes'>\n"
    "    <pf dev='eth0'/>\n"
    "  </forward>\n"
    "</network>\n";

static const char addr_xml[] =
    "<network>\n"
    "  <name>vfaddr</name>\n"
    "  <forward mode='hostdev'>\n"
    "    <address type='pci' domain='0x0000' bus='0x7f' slot='0x1f' function='0x7'/>\n"
    "    <address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n"
    "  </forward>\n"
    "</network>\n";

/* A <networkport>: extra goes after <mac> (vlan, virtualport, plug). */
static char *
port_xml(const char *uuid, const char *owner, const char *owner_uuid, const char *mac,
         const char *extra)
{
    return g_strdup_printf("<networkport>\n"
                           "  <uuid>%s</uuid>\n"
                           "  <owner>\n    <name>%s</name>\n    <uuid>%s</uuid>\n  </owner>\n"
                           "  <mac address='%s'/>\n%s"
                           "</networkport>\n", uuid, owner, owner_uuid, mac, extra);
}

static const char vlan42_qbh[] =
    "  <vlan>\n    <tag id='42'/>\n  </vlan>\n"
    "  <virtualport type='802.1Qbh'>\n    <parameters profileid='finance'/>\n  </virtualport>\n";

static char *
plug(const char *slot_function)
{
    g_auto(GStrv) sf = g_strsplit(slot_function, ".", 2);

    return g_strdup_printf("  <plug type='hostdev-pci'>\n"
                           "    <address type='pci' domain='0x0000' bus='0x03' slot='0x%s' function='0x%s'/>\n"
                           "  </plug>\n", sf[0], sf[1]);
}

typedef struct {
    MvTestHostdev *hd;
    char *uri;
} Ctx;

static Ctx ctx;

static int G_GNUC_NULL_TERMINATED
virsh(char **ret_out, char **ret_err, ...)
{
    va_list ap;
    int code;

    va_start(ap, ret_err);
    code = mv_test_hostdev_virshv(ctx.uri, TOOL_TIMEOUT_MS, ret_out, ret_err, ap);
    va_end(ap);
    return code;
}

static void
assert_not_contains(const char *text, const char *needle)
{
    if (text && strstr(text, needle))
        g_error("did not expect '%s' in:\n%s", needle, text);
}

static char *
write_input(const char *name, const char *text)
{
    char *path = mv_test_hostdev_path(ctx.hd, name);

    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* net-port-create; 0 or virsh's exit code with its stderr in *ret_err. */
static int
port_create(const char *net, const char *xml, char **ret_err)
{
    g_autofree char *path = write_input("port.xml", xml);

    return virsh(NULL, ret_err, "net-port-create", net, path, NULL);
}

static char *
port_dumpxml(const char *net, const char *uuid)
{
    char *out = NULL;

    g_assert_cmpint(virsh(&out, NULL, "net-port-dumpxml", net, uuid, NULL), ==, 0);
    return out;
}

static bool
vf_state_exists(const char *net, const char *uuid)
{
    g_autofree char *path = g_strdup_printf("%s/run/modvirt/network/ports/%s/%s.vf",
                                            ctx.hd->root, net, uuid);

    return g_file_test(path, G_FILE_TEST_EXISTS);
}

static void
step_pool(void)
{
    g_autofree char *xml = port_xml(PORT_A, "guest1", OWNER1, "52:54:00:6d:90:01", vlan42_qbh);
    g_autofree char *err = NULL;
    g_autofree char *log = NULL;
    g_autofree char *out = NULL;
    g_autofree char *state = NULL;
    g_autofree char *state_path = g_strdup_printf("%s/run/modvirt/network/ports/vfpool/%s.vf",
                                                  ctx.hd->root, PORT_A);

    g_assert_cmpint(port_create("vfpool", xml, NULL), ==, 0);
    out = port_dumpxml("vfpool", PORT_A);
    mv_test_hostdev_assert_contains(ctx.hd, out, "<plug type='hostdev-pci' managed='yes'>");
    mv_test_hostdev_assert_contains(ctx.hd, out, "<address domain='0x0000' bus='0x03' slot='0x10' function='0x0'/>");
    log = mv_test_hostdev_take_requests(ctx.hd);
    g_assert_cmpstr(log, ==,
                    "set_vf ifindex=7 vf=0 mac=52:54:00:6d:90:01 vlan=42 qos=0\n"
                    "set_port ifindex=7 vf=0 type=802.1Qbh request=associate profileid=finance instance=" OWNER1 "\n");
    /* What VF 0 had, saved before anything was set. */
    g_assert_true(g_file_get_contents(state_path, &state, NULL, NULL));
    mv_test_hostdev_assert_contains(ctx.hd, state, "<saved mac='02:00:00:00:00:a0' vlan='0' qos='0'/>");
    mv_test_hostdev_assert_contains(ctx.hd, state, "<pf dev='eth0' ifindex='7' vf='0'/>");
    mv_test_hostdev_assert_contains(ctx.hd, state, "profileid='finance'");
}

static void
step_named_and_held(void)
{
    g_autofree char *p2 = plug("10.2");
    g_autofree char *xml_b = port_xml(PORT_B, "guest2", OWNER2, "52:54:00:6d:90:02", p2);
    g_autofree char *xml_c = port_xml(PORT_C, "guest1", OWNER1, "52:54:00:6d:90:03", p2);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *log = NULL;

    g_assert_cmpint(port_create("vfpool", xml_b, NULL), ==, 0);
    out = port_dumpxml("vfpool", PORT_B);
    mv_test_hostdev_assert_contains(ctx.hd, out, "slot='0x10' function='0x2'/>");
    log = mv_test_hostdev_take_requests(ctx.hd);
    g_assert_cmpstr(log, ==, "set_vf ifindex=7 vf=2 mac=52:54:00:6d:90:02 vlan=0 qos=0\n");
    g_assert_cmpint(port_create("vfpool", xml_c, &err), !=, 0);
    mv_test_hostdev_assert_contains(ctx.hd, err, "PCI device 0000:03:10.2 is in use by domain guest2 (network port " PORT_B " of network vfpool)");
    g_clear_pointer(&log, g_free);
    log = mv_test_hostdev_take_requests(ctx.hd);
    g_assert_cmpstr(log, ==, "");
}

/* Two more ports take VFs 1 and 3, never 0 or 2; a fifth is refused. */
static void
step_exhaust(void)
{
    g_autofree char *xml_c = port_xml(PORT_C, "guest3", OWNER1, "52:54:00:6d:90:03", "");
    g_autofree char *xml_d = port_xml(PORT_D, "guest4", OWNER2, "52:54:00:6d:90:04", "");
    g_autofree char *xml_e = port_xml(PORT_E, "guest5", OWNER2, "52:54:00:6d:90:05", "");
    g_autofree char *trunk = port_xml(PORT_E, "guest5", OWNER2, "52:54:00:6d:90:05",
                                      "  <vlan trunk='yes'>\n    <tag id='1'/>\n    <tag id='2'/>\n  </vlan>\n");
    g_autofree char *out_c = NULL;
    g_autofree char *out_d = NULL;
    g_autofree char *err = NULL;
    g_autofree char *err2 = NULL;
    g_autofree char *log = NULL;

    g_assert_cmpint(port_create("vfpool", trunk, &err2), !=, 0);
    mv_test_hostdev_assert_contains(ctx.hd, err2, "vlan trunking is not supported by SR-IOV network devices");
    g_assert_cmpint(port_create("vfpool", xml_c, NULL), ==, 0);
    g_assert_cmpint(port_create("vfpool", xml_d, NULL), ==, 0);
    out_c = port_dumpxml("vfpool", PORT_C);
    out_d = port_dumpxml("vfpool", PORT_D);
    mv_test_hostdev_assert_contains(ctx.hd, out_c, "function='0x1'/>");
    mv_test_hostdev_assert_contains(ctx.hd, out_d, "function='0x3'/>");
    g_assert_cmpint(port_create("vfpool", xml_e, &err), !=, 0);
    mv_test_hostdev_assert_contains(ctx.hd, err, "network 'vfpool' requires exclusive access to interfaces, but none are available");
    log = mv_test_hostdev_take_requests(ctx.hd);
    g_assert_cmpstr(log, ==,
                    "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:03 vlan=0 qos=0\n"
                    "set_vf ifindex=7 vf=3 mac=52:54:00:6d:90:04 vlan=0 qos=0\n");
}

/* kill -9, a new daemon: the ports and their saved states are back, and
 * delete restores what VF 0 had. */
static void
step_restart_delete(void)
{
    g_autofree char *out = NULL;
    g_autofree char *log = NULL;
    g_autofree char *xml_e = port_xml(PORT_E, "guest5", OWNER2, "52:54:00:6d:90:05", "");
    g_autofree char *out_e = NULL;

    mv_test_hostdev_kill9(&ctx.hd->networkd);
    mv_test_hostdev_networkd_spawn(ctx.hd);
    g_assert_cmpint(virsh(&out, NULL, "net-port-list", "vfpool", NULL), ==, 0);
    mv_test_hostdev_assert_contains(ctx.hd, out, PORT_A);
    mv_test_hostdev_assert_contains(ctx.hd, out, PORT_D);
    g_assert_true(vf_state_exists("vfpool", PORT_A));

    g_assert_cmpint(virsh(NULL, NULL, "net-port-delete", "vfpool", PORT_A, NULL), ==, 0);
    log = mv_test_hostdev_take_requests(ctx.hd);
    g_assert_cmpstr(log, ==,
                    "set_port ifindex=7 vf=0 type=802.1Qbh request=disassociate profileid=finance instance=" OWNER1 "\n"
                    "set_vf ifindex=7 vf=0 mac=02:00:00:00:00:a0 vlan=0 qos=0\n");
    g_assert_false(vf_state_exists("vfpool", PORT_A));

    /* VF 0 is free again. */
    g_assert_cmpint(port_create("vfpool", xml_e, NULL), ==, 0);
    out_e = port_dumpxml("vfpool", PORT_E);
    mv_test_hostdev_assert_contains(ctx.hd, out_e, "function='0x0'/>");
    g_free(mv_test_hostdev_take_requests(ctx.hd));
}

static void
step_errors(void)
{
    g_autofree char *path = write_input("vfaddr.xml", addr_xml);
    g_autofree char *p_pf = g_strdup("  <plug type='hostdev-pci'>\n"
                                     "    <address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n"
                                     "  </plug>\n");
    g_autofree char *p_out = plug("11.0");
    g_autofree char *xml = port_xml(PORT_A, "guest1", OWNER1, "52:54:00:6d:90:01", "");
    g_autofree char *xml_pf = port_xml(PORT_B, "guest1", OWNER1, "52:54:00:6d:90:01", p_pf);
    g_autofree char *xml_out = port_xml(PORT_A, "guest1", OWNER1, "52:54:00:6d:90:01", p_out);
    g_autofree char *err1 = NULL;
    g_autofree char *err2 = NULL;
    g_autofree char *err3 = NULL;
    g_autofree char *log = NULL;

    g_assert_cmpint(virsh(NULL, NULL, "net-create", path, NULL), ==, 0);
    g_assert_cmpint(port_create("vfaddr", xml, &err1), !=, 0);
    mv_test_hostdev_assert_contains(ctx.hd, err1, "Device 0000:7f:1f.7 not found: could not access ");
    g_assert_cmpint(port_create("vfaddr", xml_pf, &err2), !=, 0);
    mv_test_hostdev_assert_contains(ctx.hd, err2, "PCI device 0000:03:00.0 is not a VF (it has no physfn link), so its MAC address and VLAN cannot be set");
    g_assert_cmpint(port_create("vfpool", xml_out, &err3), !=, 0);
    mv_test_hostdev_assert_contains(ctx.hd, err3, "network 'vfpool' doesn't have PCI device 0000:03:11.0 in use by network port");
    log = mv_test_hostdev_take_requests(ctx.hd);
    g_assert_cmpstr(log, ==, "");
    g_assert_cmpint(virsh(NULL, NULL, "net-destroy", "vfaddr", NULL), ==, 0);
}

/* Destroying the network restores every VF its ports held. The first
 * restore is refused (FAKE fail-set): that VF's saved state outlives the
 * network, and the next start of networkd puts it back. */
static void
step_destroy(void)
{
    static const struct {
        const char *port;
        const char *restore;
    } held[] = {
        { PORT_B, "set_vf ifindex=7 vf=2 mac=02:00:00:00:00:a2 vlan=0 qos=0\n" },
        { PORT_C, "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n" },
        { PORT_D, "set_vf ifindex=7 vf=3 mac=02:00:00:00:00:a3 vlan=9 qos=0\n" },
        { PORT_E, "set_vf ifindex=7 vf=0 mac=02:00:00:00:00:a0 vlan=0 qos=0\n" },
    };
    g_autofree char *log = NULL;
    g_autofree char *restart_log = NULL;
    g_autofree char *marker = mv_test_hostdev_path(ctx.hd, "fail-set");
    int refused = -1;

    g_assert_true(g_file_set_contents(marker, "", 0, NULL));
    g_assert_cmpint(virsh(NULL, NULL, "net-destroy", "vfpool", NULL), ==, 0);
    g_assert_false(g_file_test(marker, G_FILE_TEST_EXISTS));
    log = mv_test_hostdev_take_requests(ctx.hd);
    assert_not_contains(log, "associate");
    for (int i = 0; i < (int) G_N_ELEMENTS(held); i++) {
        if (vf_state_exists("vfpool", held[i].port)) {
            g_assert_cmpint(refused, ==, -1);
            refused = i;
            assert_not_contains(log, held[i].restore);
        } else {
            mv_test_hostdev_assert_contains(ctx.hd, log, held[i].restore);
        }
    }
    g_assert_cmpint(refused, >=, 0);

    mv_test_hostdev_kill9(&ctx.hd->networkd);
    mv_test_hostdev_networkd_spawn(ctx.hd);
    g_assert_cmpint(virsh(NULL, NULL, "net-list", "--all", NULL), ==, 0);
    restart_log = mv_test_hostdev_take_requests(ctx.hd);
    g_assert_cmpstr(restart_log, ==, held[refused].restore);
    g_assert_false(vf_state_exists("vfpool", held[refused].port));
}

static void
test_daemon(void)
{
    g_autofree char *binary = mv_test_built_file("tests/network/networkd-fake-netlink");
    g_autofree char *virsh_path = g_find_program_in_path("virsh");
    g_autofree char *path = NULL;

    if (!binary || !virsh_path) {
        g_test_skip(!virsh_path ? "'virsh' is not installed" : "MODVIRT_BUILDDIR is not set");
        return;
    }
    ctx.hd = mv_test_hostdev_new_root(4, false);
    ctx.uri = mv_test_hostdev_uri(ctx.hd, "network");

    mv_test_hostdev_networkd_spawn(ctx.hd);
    path = write_input("vfpool.xml", pool_xml);
    g_assert_cmpint(virsh(NULL, NULL, "net-create", path, NULL), ==, 0);
    step_pool();
    step_named_and_held();
    step_exhaust();
    step_restart_delete();
    step_errors();
    step_destroy();
    mv_test_hostdev_stop_all(ctx.hd);
    g_clear_pointer(&ctx.hd, mv_test_hostdev_free);
    g_clear_pointer(&ctx.uri, g_free);
}

/* ---- the network-less path (qemud's <interface type='hostdev'>) ---------- */

static void
test_hostdev_path(void)
{
    g_autoptr(MvTestHostdev) hd = mv_test_hostdev_new_root(4, false);
    char *root = hd->root;
    g_autofree char *p1 = plug("10.1");
    g_autofree char *extra1 = g_strconcat("  <vlan>\n    <tag id='7'/>\n  </vlan>\n", p1, NULL);
    g_autofree char *xml1 = port_xml(PORT_A, "guest1", OWNER1, "52:54:00:6d:90:11", extra1);
    g_autofree char *xml2 = NULL;
    g_autofree char *xml3 = NULL;
    g_autofree char *xml4 = NULL;
    g_autofree char *log_path = g_build_filename(root, "netlink-vf.log", NULL);
    g_autofree char *log = NULL;
    g_autoptr(MvNetworkPortDef) port = NULL;
    MvNetworkDriver driver = { 0 };
    unsigned char uuid[MV_UUID_BUFLEN];

    xml2 = port_xml(PORT_B, "guest2", OWNER2, "52:54:00:6d:90:12", p1);
    xml3 = port_xml(PORT_C, "guest2", OWNER2, "52:54:00:6d:90:12",
                    "  <plug type='hostdev-pci'>\n"
                    "    <address type='pci' domain='0x0000' bus='0x7f' slot='0x1f' function='0x7'/>\n"
                    "  </plug>\n");
    xml4 = port_xml(PORT_D, "guest2", OWNER2, "52:54:00:6d:90:12",
                    "  <plug type='hostdev-pci'>\n"
                    "    <address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n"
                    "  </plug>\n");

    ctx.hd = hd;
    mv_netlink_vf_fake_install(root);
    driver.nets = g_ptr_array_new();
    driver.root = root;
    driver.run_dir = g_build_filename(root, "run", "modvirt", "network", NULL);
    driver.ports_dir = g_build_filename(driver.run_dir, "ports", NULL);

    port = mv_network_vf_hostdev_create(&driver, xml1);
    g_assert_nonnull(port);
    g_assert_true(g_file_get_contents(log_path, &log, NULL, NULL));
    g_assert_cmpstr(log, ==, "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:11 vlan=7 qos=0\n");
    unlink(log_path);

    g_assert_null(mv_network_vf_hostdev_create(&driver, xml2));
    g_assert_cmpstr(mv_error_last_message(), ==,
                    "Requested operation is not valid: PCI device 0000:03:10.1 is in use by domain guest1 (network port " PORT_A ")");
    g_assert_null(mv_network_vf_hostdev_create(&driver, xml3));
    mv_test_hostdev_assert_contains(ctx.hd, mv_error_last_message(), "Device 0000:7f:1f.7 not found");
    g_assert_null(mv_network_vf_hostdev_create(&driver, xml4));
    mv_test_hostdev_assert_contains(ctx.hd, mv_error_last_message(), "unsupported configuration: Interface type hostdev is currently supported on SR-IOV Virtual Functions only: PCI device 0000:03:00.0 is not a VF");
    g_assert_false(g_file_test(log_path, G_FILE_TEST_EXISTS));

    g_assert_cmpint(mv_uuid_parse(PORT_A, uuid), ==, 0);
    g_assert_cmpint(mv_network_vf_hostdev_delete(&driver, uuid), ==, 0);
    g_clear_pointer(&log, g_free);
    g_assert_true(g_file_get_contents(log_path, &log, NULL, NULL));
    g_assert_cmpstr(log, ==, "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
    g_assert_cmpint(mv_network_vf_hostdev_delete(&driver, uuid), ==, -1);
    mv_test_hostdev_assert_contains(ctx.hd, mv_error_last_message(), "does not exist");

    mv_netlink_vf_set_ops(NULL);
    g_ptr_array_unref(driver.nets);
    g_free(driver.run_dir);
    g_free(driver.ports_dir);
    ctx.hd = NULL;
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/network-vf/hostdev-path", test_hostdev_path);
    g_test_add_func("/network-vf/daemon", test_daemon);
    return g_test_run();
}
