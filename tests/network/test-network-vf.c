/* Tests of SR-IOV VF ports (forward mode hostdev): networkd-fake-netlink on the fake SR-IOV NIC of tests/nodedev/fake-sysfs, driven by virsh, and the network-less hostdev path in process. */
#define MV_LOG_MODULE "tests.network.vf"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "fake_sysfs.h"
#include "netlink_vf_fake.h"
#include "network_vf_port.h"
#include "testutil.h"
#include "util/error.h"

#define TOOL_TIMEOUT_MS 30000

#define OWNER1 "c7a5fdbd-edaf-9455-926a-d65c16db1801"
#define OWNER2 "c7a5fdbd-edaf-9455-926a-d65c16db1802"
#define PORT_A "7b2a3e5e-4c1d-4a0e-9d59-2d6a1f0b9c0a"
#define PORT_B "7b2a3e5e-4c1d-4a0e-9d59-2d6a1f0b9c0b"
#define PORT_C "7b2a3e5e-4c1d-4a0e-9d59-2d6a1f0b9c0c"
#define PORT_D "7b2a3e5e-4c1d-4a0e-9d59-2d6a1f0b9c0d"
#define PORT_E "7b2a3e5e-4c1d-4a0e-9d59-2d6a1f0b9c0e"

/* The fake PF eth0 has ifindex 7; its VFs start with these settings. */
static const char seed_state[] =
    "[link eth0]\nifindex=7\n"
    "[vf 7/0]\nmac=02:00:00:00:00:a0\nvlan=0\nqos=0\n"
    "[vf 7/1]\nmac=02:00:00:00:00:a1\nvlan=5\nqos=0\n"
    "[vf 7/2]\nmac=02:00:00:00:00:a2\nvlan=0\nqos=0\n"
    "[vf 7/3]\nmac=02:00:00:00:00:a3\nvlan=9\nqos=0\n";

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
    char *root;
    char *uri;
    char *stderr_path;
    pid_t pid;
} Ctx;

static Ctx ctx;

static void
print_log(void)
{
    g_autofree char *log = NULL;

    if (g_file_get_contents(ctx.stderr_path, &log, NULL, NULL))
        g_printerr("# networkd's stderr:\n%s\n", log);
}

static void
daemon_start(void)
{
    g_autofree char *binary = mv_test_built_file("tests/network/networkd-fake-netlink");
    g_autofree char *sock = mv_test_socket_path(ctx.root, "networkd", false);
    const char *argv[] = { binary, "--root", ctx.root, NULL };

    g_assert_nonnull(binary);
    ctx.pid = mv_test_spawn(argv, NULL, ctx.stderr_path);
    g_assert_cmpint(ctx.pid, >, 0);
    if (!mv_test_wait_socket(sock, MV_TEST_START_TIMEOUT_MS)) {
        print_log();
        g_error("networkd-fake-netlink did not answer on %s", sock);
    }
}

static void
daemon_kill9(void)
{
    g_assert_cmpint(kill(ctx.pid, SIGKILL), ==, 0);
    g_assert_true(mv_test_wait_exit(ctx.pid, MV_TEST_STOP_TIMEOUT_MS, NULL));
    ctx.pid = 0;
}

static int G_GNUC_NULL_TERMINATED
virsh(char **ret_out, char **ret_err, ...)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    va_list ap;
    const char *arg;
    int code;

    g_ptr_array_add(args, g_find_program_in_path("virsh"));
    g_ptr_array_add(args, g_strdup("-c"));
    g_ptr_array_add(args, g_strdup(ctx.uri));
    va_start(ap, ret_err);
    while ((arg = va_arg(ap, const char *)))
        g_ptr_array_add(args, g_strdup(arg));
    va_end(ap);
    g_ptr_array_add(args, NULL);
    code = mv_test_run((const char *const *) args->pdata, TOOL_TIMEOUT_MS, &out, &err);
    if (ret_out)
        *ret_out = g_steal_pointer(&out);
    if (ret_err)
        *ret_err = g_steal_pointer(&err);
    return code;
}

static void
assert_contains(const char *text, const char *needle)
{
    if (!text || !strstr(text, needle)) {
        print_log();
        g_error("expected '%s' in:\n%s", needle, text ? text : "(null)");
    }
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
    char *path = g_build_filename(ctx.root, name, NULL);

    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* The fake netlink's log, emptied: each step checks only its own requests. */
static char *
take_requests(void)
{
    g_autofree char *path = g_build_filename(ctx.root, "netlink-vf.log", NULL);
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        text = g_strdup("");
    unlink(path);
    return text;
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
                                            ctx.root, net, uuid);

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
                                                  ctx.root, PORT_A);

    g_assert_cmpint(port_create("vfpool", xml, NULL), ==, 0);
    out = port_dumpxml("vfpool", PORT_A);
    assert_contains(out, "<plug type='hostdev-pci' managed='yes'>");
    assert_contains(out, "<address domain='0x0000' bus='0x03' slot='0x10' function='0x0'/>");
    log = take_requests();
    g_assert_cmpstr(log, ==,
                    "set_vf ifindex=7 vf=0 mac=52:54:00:6d:90:01 vlan=42 qos=0\n"
                    "set_port ifindex=7 vf=0 type=802.1Qbh request=associate profileid=finance instance=" OWNER1 "\n");
    /* What VF 0 had, saved before anything was set. */
    g_assert_true(g_file_get_contents(state_path, &state, NULL, NULL));
    assert_contains(state, "<saved mac='02:00:00:00:00:a0' vlan='0' qos='0'/>");
    assert_contains(state, "<pf dev='eth0' ifindex='7' vf='0'/>");
    assert_contains(state, "profileid='finance'");
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
    assert_contains(out, "slot='0x10' function='0x2'/>");
    log = take_requests();
    g_assert_cmpstr(log, ==, "set_vf ifindex=7 vf=2 mac=52:54:00:6d:90:02 vlan=0 qos=0\n");
    g_assert_cmpint(port_create("vfpool", xml_c, &err), !=, 0);
    assert_contains(err, "PCI device 0000:03:10.2 is in use by domain guest2 (network port " PORT_B " of network vfpool)");
    g_clear_pointer(&log, g_free);
    log = take_requests();
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
    assert_contains(err2, "vlan trunking is not supported by SR-IOV network devices");
    g_assert_cmpint(port_create("vfpool", xml_c, NULL), ==, 0);
    g_assert_cmpint(port_create("vfpool", xml_d, NULL), ==, 0);
    out_c = port_dumpxml("vfpool", PORT_C);
    out_d = port_dumpxml("vfpool", PORT_D);
    assert_contains(out_c, "function='0x1'/>");
    assert_contains(out_d, "function='0x3'/>");
    g_assert_cmpint(port_create("vfpool", xml_e, &err), !=, 0);
    assert_contains(err, "network 'vfpool' requires exclusive access to interfaces, but none are available");
    log = take_requests();
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

    daemon_kill9();
    daemon_start();
    g_assert_cmpint(virsh(&out, NULL, "net-port-list", "vfpool", NULL), ==, 0);
    assert_contains(out, PORT_A);
    assert_contains(out, PORT_D);
    g_assert_true(vf_state_exists("vfpool", PORT_A));

    g_assert_cmpint(virsh(NULL, NULL, "net-port-delete", "vfpool", PORT_A, NULL), ==, 0);
    log = take_requests();
    g_assert_cmpstr(log, ==,
                    "set_port ifindex=7 vf=0 type=802.1Qbh request=disassociate profileid=finance instance=" OWNER1 "\n"
                    "set_vf ifindex=7 vf=0 mac=02:00:00:00:00:a0 vlan=0 qos=0\n");
    g_assert_false(vf_state_exists("vfpool", PORT_A));

    /* VF 0 is free again. */
    g_assert_cmpint(port_create("vfpool", xml_e, NULL), ==, 0);
    out_e = port_dumpxml("vfpool", PORT_E);
    assert_contains(out_e, "function='0x0'/>");
    g_free(take_requests());
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
    assert_contains(err1, "Device 0000:7f:1f.7 not found: could not access ");
    g_assert_cmpint(port_create("vfaddr", xml_pf, &err2), !=, 0);
    assert_contains(err2, "PCI device 0000:03:00.0 is not a VF (it has no physfn link), so its MAC address and VLAN cannot be set");
    g_assert_cmpint(port_create("vfpool", xml_out, &err3), !=, 0);
    assert_contains(err3, "network 'vfpool' doesn't have PCI device 0000:03:11.0 in use by network port");
    log = take_requests();
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
    g_autofree char *marker = g_build_filename(ctx.root, "fail-set", NULL);
    int refused = -1;

    g_assert_true(g_file_set_contents(marker, "", 0, NULL));
    g_assert_cmpint(virsh(NULL, NULL, "net-destroy", "vfpool", NULL), ==, 0);
    g_assert_false(g_file_test(marker, G_FILE_TEST_EXISTS));
    log = take_requests();
    assert_not_contains(log, "associate");
    for (int i = 0; i < (int) G_N_ELEMENTS(held); i++) {
        if (vf_state_exists("vfpool", held[i].port)) {
            g_assert_cmpint(refused, ==, -1);
            refused = i;
            assert_not_contains(log, held[i].restore);
        } else {
            assert_contains(log, held[i].restore);
        }
    }
    g_assert_cmpint(refused, >=, 0);

    daemon_kill9();
    daemon_start();
    g_assert_cmpint(virsh(NULL, NULL, "net-list", "--all", NULL), ==, 0);
    restart_log = take_requests();
    g_assert_cmpstr(restart_log, ==, held[refused].restore);
    g_assert_false(vf_state_exists("vfpool", held[refused].port));
}

static void
test_daemon(void)
{
    g_autofree char *binary = mv_test_built_file("tests/network/networkd-fake-netlink");
    g_autofree char *virsh_path = g_find_program_in_path("virsh");
    g_autofree char *sock = NULL;
    g_autofree char *path = NULL;

    if (!binary || !virsh_path) {
        g_test_skip(!virsh_path ? "'virsh' is not installed" : "MODVIRT_BUILDDIR is not set");
        return;
    }
    ctx.root = mv_test_root_new();
    ctx.stderr_path = g_build_filename(ctx.root, "networkd.stderr", NULL);
    sock = mv_test_socket_path(ctx.root, "networkd", false);
    ctx.uri = g_strdup_printf("network+unix:///system?socket=%s", sock);
    mv_fake_sysfs_sriov_nic(ctx.root, 4, false);
    mv_test_write_file(ctx.root, "netlink-vf.ini", seed_state);

    daemon_start();
    path = write_input("vfpool.xml", pool_xml);
    g_assert_cmpint(virsh(NULL, NULL, "net-create", path, NULL), ==, 0);
    step_pool();
    step_named_and_held();
    step_exhaust();
    step_restart_delete();
    step_errors();
    step_destroy();
    g_assert_cmpint(mv_test_kill(ctx.pid), ==, 0);
    mv_test_root_remove(ctx.root);
    g_clear_pointer(&ctx.root, g_free);
    g_clear_pointer(&ctx.uri, g_free);
    g_clear_pointer(&ctx.stderr_path, g_free);
}

/* ---- the network-less path (qemud's <interface type='hostdev'>) ---------- */

static void
test_hostdev_path(void)
{
    g_autofree char *root = mv_test_root_new();
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

    mv_fake_sysfs_sriov_nic(root, 4, false);
    mv_test_write_file(root, "netlink-vf.ini", seed_state);
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
    assert_contains(mv_error_last_message(), "Device 0000:7f:1f.7 not found");
    g_assert_null(mv_network_vf_hostdev_create(&driver, xml4));
    assert_contains(mv_error_last_message(), "unsupported configuration: Interface type hostdev is currently supported on SR-IOV Virtual Functions only: PCI device 0000:03:00.0 is not a VF");
    g_assert_false(g_file_test(log_path, G_FILE_TEST_EXISTS));

    g_assert_cmpint(mv_uuid_parse(PORT_A, uuid), ==, 0);
    g_assert_cmpint(mv_network_vf_hostdev_delete(&driver, uuid), ==, 0);
    g_clear_pointer(&log, g_free);
    g_assert_true(g_file_get_contents(log_path, &log, NULL, NULL));
    g_assert_cmpstr(log, ==, "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
    g_assert_cmpint(mv_network_vf_hostdev_delete(&driver, uuid), ==, -1);
    assert_contains(mv_error_last_message(), "does not exist");

    mv_netlink_vf_set_ops(NULL);
    g_ptr_array_unref(driver.nets);
    g_free(driver.run_dir);
    g_free(driver.ports_dir);
    mv_test_root_remove(root);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/network-vf/hostdev-path", test_hostdev_path);
    g_test_add_func("/network-vf/daemon", test_daemon);
    return g_test_run();
}
