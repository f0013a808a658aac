/* Hot plug of <interface type='hostdev'> into a running guest on FAKE SR-IOV hardware (networkd-fake-netlink, nodedevd-fake-kernel): the port and the detach are made, QEMU's device_add fails (it cannot open a fake VF), and everything is undone. */
#include <glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "fake_sysfs.h"
#include "testutil.h"

#define GUEST_UUID "0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5c01"

/* The fake PF eth0 (ifindex 7) and what its VFs hold before any guest. */
static const char seed_state[] =
    "[link eth0]\nifindex=7\n"
    "[vf 7/0]\nmac=02:00:00:00:00:a0\nvlan=0\nqos=0\n"
    "[vf 7/1]\nmac=02:00:00:00:00:a1\nvlan=5\nqos=0\n";

static const char hostdev_nic[] =
    "<interface type='hostdev' managed='yes'><mac address='52:54:00:6d:90:31'/>"
    "<source><address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x1'/></source>"
    "<vlan><tag id='42'/></vlan></interface>";

/* An <interface type='network'> on the VF pool network 'hpool'. */
static const char pool_nic[] =
    "<interface type='network'><mac address='52:54:00:6d:90:32'/>"
    "<source network='hpool'/><vlan><tag id='7'/></vlan></interface>";

static char *root;

static char *
root_path(const char *rel)
{
    return g_build_filename(root, rel, NULL);
}

static char *
read_root_file(const char *rel)
{
    g_autofree char *path = root_path(rel);
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        text = g_strdup("");
    return text;
}

static void
print_logs(void)
{
    const char *names[] = { "qemud.stderr", "networkd.stderr", "nodedevd.stderr" };

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *text = read_root_file(names[i]);

        g_printerr("# %s:\n%s\n", names[i], text);
    }
}

static void
assert_contains(const char *text, const char *needle)
{
    if (!text || !strstr(text, needle)) {
        print_logs();
        g_error("expected '%s' in:\n%s", needle, text ? text : "(null)");
    }
}

static pid_t
spawn_fake(const char *built, const char *name)
{
    g_autofree char *binary = mv_test_built_file(built);
    g_autofree char *log = g_strdup_printf("%s/%s.stderr", root, name);
    g_autofree char *sock = mv_test_socket_path(root, name, false);
    const char *argv[] = { binary, "--root", root, "--verbose", NULL };
    pid_t pid;

    g_assert_nonnull(binary);
    pid = mv_test_spawn(argv, NULL, log);
    g_assert_cmpint(pid, >, 0);
    if (!mv_test_wait_socket(sock, MV_TEST_START_TIMEOUT_MS)) {
        print_logs();
        g_error("%s did not answer on %s", built, sock);
    }
    return pid;
}

/* What the fake kernel holds for VF n of eth0: "MAC/VLAN". */
static char *
vf_now(unsigned int n)
{
    g_autofree char *path = root_path("netlink-vf.ini");
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autofree char *group = g_strdup_printf("vf 7/%u", n);
    g_autofree char *mac = NULL;

    g_assert_true(g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL));
    mac = g_key_file_get_string(kf, group, "mac", NULL);
    return g_strdup_printf("%s/%d", mac ? mac : "-", g_key_file_get_integer(kf, group, "vlan", NULL));
}

static char *
vf_driver(unsigned int n)
{
    g_autofree char *link = g_strdup_printf("%s/sys/bus/pci/devices/0000:03:10.%u/driver", root, n);
    g_autofree char *target = g_file_read_link(link, NULL);

    return g_strdup(target ? strrchr(target, '/') + 1 : "none");
}

static guint
hostdev_ports(void)
{
    g_autofree char *dir = root_path("run/modvirt/network/hostdev");
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    guint n = 0;

    while (d && g_dir_read_name(d))
        n++;
    return n;
}

/* A live attach from a network of forward mode hostdev: networkd's port
 * gives the pool's first free VF (0, with the MAC and VLAN 7), it is
 * detached, QEMU refuses it at device_add, and everything is undone: the
 * network has no port, the VF has its MAC and VLAN back and is on
 * ixgbevf, the record holds nothing and the live XML is as it was. */
static void
attach_from_pool(virDomainPtr dom)
{
    g_autofree char *uri = g_strdup_printf("network+unix:///system?socket=%s/run/modvirt/networkd-sock",
                                           root);
    g_autofree char *log_path = root_path("netlink-vf.log");
    g_autofree char *record = root_path("run/modvirt/qemu/hph.hostdev");
    g_autofree char *before = virDomainGetXMLDesc(dom, 0);
    g_autofree char *after = NULL;
    g_autofree char *requests = NULL;
    g_autofree char *now = NULL;
    g_autofree char *drv = NULL;
    g_autofree char *qlog = NULL;
    virConnectPtr nconn = virConnectOpen(uri);
    virNetworkPtr pool;
    virNetworkPortPtr *ports = NULL;
    virErrorPtr err;

    g_assert_nonnull(before);
    g_assert_nonnull(nconn);
    pool = virNetworkCreateXML(nconn, "<network><name>hpool</name>"
                                      "<forward mode='hostdev' managed='yes'><pf dev='eth0'/></forward>"
                                      "</network>");
    g_assert_nonnull(pool);
    unlink(log_path);

    g_assert_cmpint(virDomainAttachDeviceFlags(dom, pool_nic, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    err = virGetLastError();
    g_assert_nonnull(err);
    g_test_message("attach from the pool failed as expected: %s", err->message);
    assert_contains(err->message, "QEMU of 'hph' refused 'device_add'");
    assert_contains(err->message, "vfio /sys/bus/pci/devices/0000:03:10.0: no such host device");
    requests = read_root_file("netlink-vf.log");
    g_assert_cmpstr(requests, ==, "set_vf ifindex=7 vf=0 mac=52:54:00:6d:90:32 vlan=7 qos=0\n"
                                  "set_vf ifindex=7 vf=0 mac=02:00:00:00:00:a0 vlan=0 qos=0\n");
    now = vf_now(0);
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a0/0");
    drv = vf_driver(0);
    g_assert_cmpstr(drv, ==, "ixgbevf");
    qlog = read_root_file("qemud.stderr");
    assert_contains(qlog, "PCI device 0000:03:10.0 (a VF of network 'hpool') detached for interface 'net0'");
    assert_contains(qlog, "PCI device 0000:03:10.0 is back on its host driver");
    g_assert_cmpint(virNetworkListAllPorts(pool, &ports, 0), ==, 0);
    g_free(ports);
    g_assert_cmpuint(hostdev_ports(), ==, 0);
    g_assert_false(g_file_test(record, G_FILE_TEST_EXISTS));
    after = virDomainGetXMLDesc(dom, 0);
    g_assert_cmpstr(after, ==, before);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);

    g_assert_cmpint(virNetworkDestroy(pool), ==, 0);
    virNetworkFree(pool);
    virConnectClose(nconn);
}

static void
test_hotplug_hostdev(void)
{
    g_autofree char *qemu = g_find_program_in_path("qemu-system-x86_64");
    g_autofree char *networkd_bin = mv_test_built_file("tests/network/networkd-fake-netlink");
    g_autofree char *nodedevd_bin = mv_test_built_file("tests/nodedev/nodedevd-fake-kernel");
    const char *args[] = { "--verbose", NULL };
    g_autofree char *uri = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *requests = NULL;
    g_autofree char *now = NULL;
    g_autofree char *drv = NULL;
    g_autofree char *qlog = NULL;
    g_autofree char *record = NULL;
    MvTestDaemon *qemud;
    virConnectPtr conn;
    virDomainPtr dom;
    virErrorPtr err;
    pid_t networkd;
    pid_t nodedevd;

    if (!qemu) {
        g_test_skip("qemu-system-x86_64 is not installed: qemud cannot start a guest");
        return;
    }
    if (!networkd_bin || !nodedevd_bin) {
        g_test_skip("MODVIRT_BUILDDIR is not set: no fake networkd / nodedevd to run");
        return;
    }
    root = mv_test_root_new();
    mv_fake_sysfs_sriov_nic(root, 2, true);
    mv_test_write_file(root, "netlink-vf.ini", seed_state);
    networkd = spawn_fake("tests/network/networkd-fake-netlink", "networkd");
    nodedevd = spawn_fake("tests/nodedev/nodedevd-fake-kernel", "nodedevd");
    qemud = mv_test_daemon_start("qemud", root, args);
    g_assert_nonnull(qemud);
    uri = g_strdup_printf("qemu+unix:///system?socket=%s", qemud->rw_socket);
    conn = virConnectOpen(uri);
    g_assert_nonnull(conn);

    /* A running guest with no NIC (SeaBIOS finds nothing to boot and waits). */
    xml = g_strdup("<domain type='qemu'><name>hph</name><uuid>" GUEST_UUID "</uuid>"
                   "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                   "<os><type arch='x86_64' machine='pc'>hvm</type></os><features><acpi/></features>"
                   "<devices/></domain>");
    dom = virDomainDefineXML(conn, xml);
    g_assert_nonnull(dom);
    if (virDomainCreate(dom) < 0) {
        print_logs();
        g_error("start: %s", virGetLastErrorMessage());
    }

    /* The port (MAC, VLAN 42) and the detach are made, QEMU refuses the
     * fake VF at device_add, and both are undone in reverse. */
    g_assert_cmpint(virDomainAttachDeviceFlags(dom, hostdev_nic, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    err = virGetLastError();
    g_assert_nonnull(err);
    g_test_message("attach failed as expected: %s", err->message);
    assert_contains(err->message, "device_add");
    assert_contains(err->message, "0000:03:10.1");
    requests = read_root_file("netlink-vf.log");
    assert_contains(requests, "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:31 vlan=42 qos=0\n"
                              "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
    now = vf_now(1);
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a1/5");
    drv = vf_driver(1);
    g_assert_cmpstr(drv, ==, "ixgbevf");
    g_assert_cmpuint(hostdev_ports(), ==, 0);
    record = root_path("run/modvirt/qemu/hph.hostdev");
    g_assert_false(g_file_test(record, G_FILE_TEST_EXISTS));
    qlog = read_root_file("qemud.stderr");
    assert_contains(qlog, "PCI device 0000:03:10.1 detached for interface 'hostdev0'");
    assert_contains(qlog, "PCI device 0000:03:10.1 is back on its host driver");
    g_free(xml);
    xml = virDomainGetXMLDesc(dom, 0);
    g_assert_null(strstr(xml, "<interface"));
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);

    /* A USB source is refused before anything is made. */
    g_assert_cmpint(virDomainAttachDeviceFlags(dom,
        "<interface type='hostdev'><source><address type='usb' bus='1' device='3'/></source></interface>",
        VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    assert_contains(virGetLastErrorMessage(), "a USB source (bus 1 device 3) is not supported");
    g_assert_cmpuint(hostdev_ports(), ==, 0);

    attach_from_pool(dom);

    /* The persistent definition alone takes it (checked when it starts). */
    g_assert_cmpint(virDomainAttachDeviceFlags(dom, hostdev_nic, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_free(xml);
    xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    assert_contains(xml, "<interface type='hostdev' managed='yes'>");
    g_assert_cmpint(virDomainDetachDeviceFlags(dom, hostdev_nic, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_free(xml);
    xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_null(strstr(xml, "<interface"));
    g_assert_cmpuint(hostdev_ports(), ==, 0);

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    virDomainFree(dom);
    virConnectClose(conn);
    g_assert_cmpint(mv_test_daemon_stop(qemud), ==, 0);
    mv_test_daemon_free(qemud);
    /* A sanitizer build reports in the daemon's stderr. */
    g_free(qlog);
    qlog = read_root_file("qemud.stderr");
    if (strstr(qlog, "ERROR: AddressSanitizer") || strstr(qlog, "ERROR: LeakSanitizer") ||
        strstr(qlog, "runtime error:")) {
        print_logs();
        g_error("modvirt-qemud: a sanitizer report (above)");
    }
    g_assert_cmpint(mv_test_kill(nodedevd), ==, 0);
    g_assert_cmpint(mv_test_kill(networkd), ==, 0);
    mv_test_root_remove(root);
    g_clear_pointer(&root, g_free);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemud-hotplug/hostdev-fake-vf", test_hotplug_hostdev);
    return g_test_run();
}
