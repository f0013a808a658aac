/* <interface type='hostdev'> end to end on FAKE SR-IOV hardware: modvirt-qemud, networkd-fake-netlink and nodedevd-fake-kernel under one --root; starts that fail (at QEMU, at the detach, at the port) leave the VF as it was, and restarts converge. */
#define MV_LOG_MODULE "tests.qemu.hostdev"
#define MV_FROM_THIS VIR_FROM_QEMU

#include <glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "fake_sysfs.h"
#include "rpc/internal_client.h"
#include "testutil.h"
#include "util/error.h"
#include "util/uuid.h"

#define CALL_TIMEOUT_MS 10000
/* The QEMU capabilities probe of a first start on a loaded host. */
#define WAIT_LOG_MS 60000

#define HD1_UUID "0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5b01"
#define OTHER_UUID "0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5b99"
#define PORT_X "6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5"

/* The fake PF eth0 (ifindex 7) and what its VFs hold before any guest. */
static const char seed_state[] =
    "[link eth0]\nifindex=7\n"
    "[vf 7/0]\nmac=02:00:00:00:00:a0\nvlan=0\nqos=0\n"
    "[vf 7/1]\nmac=02:00:00:00:00:a1\nvlan=5\nqos=0\n"
    "[vf 7/2]\nmac=02:00:00:00:00:a2\nvlan=0\nqos=0\n"
    "[vf 7/3]\nmac=02:00:00:00:00:a3\nvlan=9\nqos=0\n";

typedef struct {
    char *root;
    pid_t networkd;
    pid_t nodedevd;
    MvTestDaemon *qemud;
    virConnectPtr conn;
} Fixture;

static Fixture fx;

static char *
root_path(const char *rel)
{
    return g_build_filename(fx.root, rel, NULL);
}

static void
print_logs(void)
{
    const char *names[] = { "qemud.stderr", "networkd.stderr", "nodedevd.stderr" };

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *path = root_path(names[i]);
        g_autofree char *text = NULL;

        if (g_file_get_contents(path, &text, NULL, NULL))
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
    g_autofree char *log = g_strdup_printf("%s/%s.stderr", fx.root, name);
    g_autofree char *sock = mv_test_socket_path(fx.root, name, false);
    const char *argv[] = { binary, "--root", fx.root, "--verbose", NULL };
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

static void
networkd_start(void)
{
    fx.networkd = spawn_fake("tests/network/networkd-fake-netlink", "networkd");
}

static void
kill9(pid_t *pid)
{
    g_assert_cmpint(kill(*pid, SIGKILL), ==, 0);
    g_assert_true(mv_test_wait_exit(*pid, MV_TEST_STOP_TIMEOUT_MS, NULL));
    *pid = 0;
}

static void
qemud_start(void)
{
    const char *args[] = { "--verbose", NULL };
    g_autofree char *uri = NULL;

    fx.qemud = mv_test_daemon_start("qemud", fx.root, args);
    g_assert_nonnull(fx.qemud);
    uri = g_strdup_printf("qemu+unix:///system?socket=%s", fx.qemud->rw_socket);
    fx.conn = virConnectOpen(uri);
    g_assert_nonnull(fx.conn);
}

static void
qemud_kill9(void)
{
    virConnectClose(fx.conn);
    fx.conn = NULL;
    kill9(&fx.qemud->pid);
    mv_test_daemon_free(fx.qemud);
    fx.qemud = NULL;
}

static char *
take_requests(void)
{
    g_autofree char *path = root_path("netlink-vf.log");
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        text = g_strdup("");
    unlink(path);
    return text;
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

/* The driver VF n is bound to in the fake sysfs, or "none". */
static char *
vf_driver(unsigned int n)
{
    g_autofree char *link = g_strdup_printf("%s/sys/bus/pci/devices/0000:03:10.%u/driver", fx.root, n);
    g_autofree char *target = g_file_read_link(link, NULL);

    return g_strdup(target ? strrchr(target, '/') + 1 : "none");
}

/* The network-less ports networkd holds (their files). */
static guint
hostdev_ports(void)
{
    g_autofree char *dir = root_path("run/modvirt/network/hostdev");
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *entry;
    guint n = 0;

    while (d && (entry = g_dir_read_name(d)))
        n++;
    return n;
}

static char *
record_path(const char *guest)
{
    g_autofree char *rel = g_strdup_printf("run/modvirt/qemu/%s.hostdev", guest);

    return root_path(rel);
}

static char *
qemud_log(void)
{
    g_autofree char *path = root_path("qemud.stderr");
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        text = g_strdup("");
    return text;
}

static char *
domain_xml(const char *name, const char *uuid, const char *iface)
{
    return g_strdup_printf("<domain type='qemu'><name>%s</name><uuid>%s</uuid>"
                           "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                           "<os><type arch='x86_64'>hvm</type></os>"
                           "<devices>%s</devices></domain>", name, uuid, iface);
}

static char *
hostdev_iface(unsigned int vf, const char *mac, const char *managed, const char *vlan)
{
    return g_strdup_printf("<interface type='hostdev' managed='%s'>"
                           "<mac address='%s'/>"
                           "<source><address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x%u'/></source>"
                           "%s</interface>", managed, mac, vf, vlan);
}

/* Defines the guest and starts it; the start must fail. Returns the error. */
static char *
start_must_fail(const char *xml, int *ret_code)
{
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    virErrorPtr err;
    char *msg;
    int state = -1;
    int reason = -1;

    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    err = virGetLastError();
    g_assert_nonnull(err);
    msg = g_strdup(err->message);
    if (ret_code)
        *ret_code = err->code;
    /* Still defined, shut off (failed). */
    g_assert_cmpint(virDomainGetState(dom, &state, &reason, 0), ==, 0);
    g_assert_cmpint(state, ==, VIR_DOMAIN_SHUTOFF);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_SHUTOFF_FAILED);
    virDomainFree(dom);
    return msg;
}

/* (a) QEMU cannot open the fake VF: the port was made (MAC and VLAN set),
 * the VF detached, and after the failure both are undone. */
static void
step_fail_at_qemu(void)
{
    g_autofree char *iface = hostdev_iface(1, "52:54:00:6d:90:21", "yes",
                                           "<vlan><tag id='42'/></vlan>");
    g_autofree char *xml = domain_xml("hd1", HD1_UUID, iface);
    g_autofree char *msg = start_must_fail(xml, NULL);
    g_autofree char *log = take_requests();
    g_autofree char *now = vf_now(1);
    g_autofree char *drv = vf_driver(1);
    g_autofree char *qlog = qemud_log();
    g_autofree char *record = record_path("hd1");

    g_autofree char *qemu_log_path = root_path("var/log/modvirt/qemu/hd1.log");
    g_autofree char *qemu_log = NULL;

    g_test_message("start failed as expected: %s", msg);
    /* QEMU itself says why: there is no such host device. */
    g_assert_true(g_str_has_prefix(msg, "internal error: qemu unexpectedly closed the monitor: "));
    assert_contains(msg, "vfio /sys/bus/pci/devices/0000:03:10.1: no such host device");
    g_assert_true(g_file_get_contents(qemu_log_path, &qemu_log, NULL, NULL));
    assert_contains(qemu_log, "vfio /sys/bus/pci/devices/0000:03:10.1: no such host device");
    g_assert_cmpstr(log, ==,
                    "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:21 vlan=42 qos=0\n"
                    "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a1/5");
    g_assert_cmpstr(drv, ==, "ixgbevf");
    assert_contains(qlog, "PCI device 0000:03:10.1 detached for interface 'hostdev0'");
    assert_contains(qlog, "-device vfio-pci,host=0000:03:10.1,id=hostdev0");
    assert_contains(qlog, "PCI device 0000:03:10.1 is back on its host driver");
    g_assert_cmpuint(hostdev_ports(), ==, 0);
    g_assert_false(g_file_test(record, G_FILE_TEST_EXISTS));
}

/* (b) nodedevd refuses the detach (the fake VF 3 is in no IOMMU group):
 * the port is undone, VF 3 gets its MAC and VLAN back. */
static void
step_fail_at_detach(void)
{
    g_autofree char *link = g_strdup_printf("%s/sys/bus/pci/devices/0000:03:10.3/iommu_group", fx.root);
    g_autofree char *iface = hostdev_iface(3, "52:54:00:6d:90:23", "yes", "");
    g_autofree char *xml = domain_xml("hd2", "0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5b02", iface);
    g_autofree char *msg = NULL;
    g_autofree char *log = NULL;
    g_autofree char *now = NULL;
    g_autofree char *drv = NULL;
    g_autofree char *record = record_path("hd2");

    g_assert_cmpint(unlink(link), ==, 0);
    msg = start_must_fail(xml, NULL);
    assert_contains(msg, "cannot detach PCI device 0000:03:10.3 for vfio: the device is in no IOMMU group");
    log = take_requests();
    g_assert_cmpstr(log, ==,
                    "set_vf ifindex=7 vf=3 mac=52:54:00:6d:90:23 vlan=0 qos=0\n"
                    "set_vf ifindex=7 vf=3 mac=02:00:00:00:00:a3 vlan=9 qos=0\n");
    now = vf_now(3);
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a3/9");
    drv = vf_driver(3);
    g_assert_cmpstr(drv, ==, "ixgbevf");
    g_assert_cmpuint(hostdev_ports(), ==, 0);
    g_assert_false(g_file_test(record, G_FILE_TEST_EXISTS));
}

static char *
other_port_xml(unsigned int vf)
{
    return g_strdup_printf("<networkport><uuid>" PORT_X "</uuid>"
                           "<owner><name>otherguest</name><uuid>" OTHER_UUID "</uuid></owner>"
                           "<mac address='52:54:00:00:00:99'/>"
                           "<plug type='hostdev-pci' managed='yes'>"
                           "<address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x%u'/>"
                           "</plug></networkport>", vf);
}

static MvRpcClient *
networkd_client(void)
{
    g_autofree char *sock = mv_test_socket_path(fx.root, "networkd", false);
    MvRpcClient *client = mv_internal_client_open(sock, CALL_TIMEOUT_MS);

    g_assert_nonnull(client);
    return client;
}

/* A VF another port holds: refused naming the holder, nothing touched. */
static void
step_held(void)
{
    g_autoptr(MvRpcClient) client = networkd_client();
    g_autofree char *port = other_port_xml(2);
    g_autofree char *answer = mv_internal_hostdev_port_create(client, port);
    g_autofree char *iface = hostdev_iface(2, "52:54:00:6d:90:22", "yes", "");
    g_autofree char *xml = domain_xml("hd3", "0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5b03", iface);
    g_autofree char *msg = NULL;
    g_autofree char *log = NULL;
    g_autofree char *drv = NULL;
    g_autofree char *record = record_path("hd3");
    unsigned char uuid[MV_UUID_BUFLEN];
    int code = 0;

    g_assert_nonnull(answer);
    g_free(take_requests());
    msg = start_must_fail(xml, &code);
    g_assert_cmpint(code, ==, VIR_ERR_OPERATION_INVALID);
    assert_contains(msg, "PCI device 0000:03:10.2 is in use by domain otherguest (network port " PORT_X ")");
    log = take_requests();
    g_assert_cmpstr(log, ==, "");
    drv = vf_driver(2);
    g_assert_cmpstr(drv, ==, "ixgbevf");
    g_assert_false(g_file_test(record, G_FILE_TEST_EXISTS));

    g_assert_cmpint(mv_uuid_parse(PORT_X, uuid), ==, 0);
    g_assert_cmpint(mv_internal_hostdev_port_delete(client, uuid), ==, 0);
    g_free(take_requests());
    g_assert_cmpuint(hostdev_ports(), ==, 0);
}

/* A USB source is defined, and refused at start before anything is made. */
static void
step_usb(void)
{
    g_autofree char *xml = domain_xml("hd4", "0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5b04",
                                      "<interface type='hostdev'><mac address='52:54:00:6d:90:24'/>"
                                      "<source><address type='usb' bus='1' device='3'/></source>"
                                      "</interface>");
    g_autofree char *log = NULL;
    int code = 0;
    g_autofree char *msg = start_must_fail(xml, &code);

    g_assert_cmpint(code, ==, VIR_ERR_CONFIG_UNSUPPORTED);
    assert_contains(msg, "USB network devices must be given as a plain <hostdev>");
    log = take_requests();
    g_assert_cmpstr(log, ==, "");
    g_assert_cmpuint(hostdev_ports(), ==, 0);
}

/* <interface type='network'> on a network of forward mode hostdev: the
 * port networkd picks (the pool's first free VF, 0) is detached and given
 * to QEMU as vfio-pci; after QEMU fails, the VF is reattached, then the
 * port deleted and the VF restored. */
static void
step_network_pool(void)
{
    g_autofree char *uri = g_strdup_printf("network+unix:///system?socket=%s/run/modvirt/networkd-sock",
                                           fx.root);
    virConnectPtr nconn = virConnectOpen(uri);
    virNetworkPtr pool = NULL;
    virNetworkPortPtr *ports = NULL;
    g_autofree char *xml = domain_xml("hd5", "0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5b05",
                                      "<interface type='network'><mac address='52:54:00:6d:90:25'/>"
                                      "<source network='vfpool'/><vlan><tag id='7'/></vlan></interface>");
    g_autofree char *msg = NULL;
    g_autofree char *log = NULL;
    g_autofree char *now = NULL;
    g_autofree char *drv = NULL;
    g_autofree char *qlog = NULL;
    g_autofree char *record = record_path("hd5");

    g_assert_nonnull(nconn);
    pool = virNetworkCreateXML(nconn, "<network><name>vfpool</name>"
                                      "<forward mode='hostdev' managed='yes'><pf dev='eth0'/></forward>"
                                      "</network>");
    g_assert_nonnull(pool);
    msg = start_must_fail(xml, NULL);
    g_test_message("start on the VF pool failed as expected: %s", msg);
    g_assert_true(g_str_has_prefix(msg, "internal error: qemu unexpectedly closed the monitor: "));
    assert_contains(msg, "vfio /sys/bus/pci/devices/0000:03:10.0: no such host device");
    log = take_requests();
    g_assert_cmpstr(log, ==,
                    "set_vf ifindex=7 vf=0 mac=52:54:00:6d:90:25 vlan=7 qos=0\n"
                    "set_vf ifindex=7 vf=0 mac=02:00:00:00:00:a0 vlan=0 qos=0\n");
    now = vf_now(0);
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a0/0");
    drv = vf_driver(0);
    g_assert_cmpstr(drv, ==, "ixgbevf");
    qlog = qemud_log();
    assert_contains(qlog, "PCI device 0000:03:10.0 (a VF of network 'vfpool') detached for interface 'net0'");
    assert_contains(qlog, "-device vfio-pci,host=0000:03:10.0,id=net0");
    assert_contains(qlog, "PCI device 0000:03:10.0 is back on its host driver");
    g_assert_cmpint(virNetworkListAllPorts(pool, &ports, 0), ==, 0);
    g_free(ports);
    g_assert_false(g_file_test(record, G_FILE_TEST_EXISTS));

    g_assert_cmpint(virNetworkDestroy(pool), ==, 0);
    virNetworkFree(pool);
    virConnectClose(nconn);
}

/* What qemud leaves when it dies between two steps of a start: a port in
 * networkd, maybe the VF on vfio-pci, and its record saying so. */
static void
leave_half_started(const char *stage, bool detach)
{
    g_autoptr(MvRpcClient) client = networkd_client();
    g_autofree char *port = g_strdup_printf("<networkport><uuid>" PORT_X "</uuid>"
                                            "<owner><name>hd1</name><uuid>" HD1_UUID "</uuid></owner>"
                                            "<mac address='52:54:00:6d:90:21'/>"
                                            "<vlan><tag id='42'/></vlan>"
                                            "<plug type='hostdev-pci' managed='yes'>"
                                            "<address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x1'/>"
                                            "</plug></networkport>");
    g_autofree char *answer = mv_internal_hostdev_port_create(client, port);
    g_autofree char *record = g_strdup_printf("[port " PORT_X "]\nalias=hostdev0\npci=0000:03:10.1\n"
                                              "managed=true\nstage=%s\n", stage);
    g_autofree char *now = NULL;

    g_assert_nonnull(answer);
    if (detach) {
        g_autofree char *uri = g_strdup_printf("nodedev+unix:///system?socket=%s/run/modvirt/nodedevd-sock",
                                               fx.root);
        virConnectPtr nconn = virConnectOpen(uri);
        virNodeDevicePtr dev = nconn ? virNodeDeviceLookupByName(nconn, "pci_0000_03_10_1") : NULL;
        g_autofree char *drv = NULL;

        g_assert_nonnull(dev);
        g_assert_cmpint(virNodeDeviceDetachFlags(dev, "vfio", 0), ==, 0);
        virNodeDeviceFree(dev);
        virConnectClose(nconn);
        drv = vf_driver(1);
        g_assert_cmpstr(drv, ==, "vfio-pci");
    }
    mv_test_write_file(fx.root, "run/modvirt/qemu/hd1.hostdev", record);
    now = vf_now(1);
    g_assert_cmpstr(now, ==, "52:54:00:6d:90:21/42");
    g_free(take_requests());
}

static void
assert_vf1_restored(void)
{
    g_autofree char *log = take_requests();
    g_autofree char *now = vf_now(1);
    g_autofree char *drv = vf_driver(1);
    g_autofree char *record = record_path("hd1");

    assert_contains(log, "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a1/5");
    g_assert_cmpstr(drv, ==, "ixgbevf");
    g_assert_cmpuint(hostdev_ports(), ==, 0);
    g_assert_false(g_file_test(record, G_FILE_TEST_EXISTS));
}

/* (c) qemud killed -9 after the detach, before QEMU: the restarted qemud
 * reattaches the VF and deletes the port. */
static void
step_qemud_killed(void)
{
    qemud_kill9();
    leave_half_started("detached", true);
    /* nodedevd killed too: it still knows the VF's original driver. */
    kill9(&fx.nodedevd);
    fx.nodedevd = spawn_fake("tests/nodedev/nodedevd-fake-kernel", "nodedevd");
    qemud_start();
    assert_vf1_restored();
}

/* nodedevd is not running: the detach cannot be asked, the port is
 * undone and the error names the missing daemon. */
static void
step_nodedevd_down(void)
{
    g_autofree char *log = NULL;
    g_autofree char *now = NULL;
    g_autofree char *record = record_path("hd1");
    g_autofree char *msg = NULL;
    virDomainPtr dom = virDomainLookupByName(fx.conn, "hd1");
    virErrorPtr err;

    g_assert_cmpint(mv_test_kill(fx.nodedevd), ==, 0);
    fx.nodedevd = 0;
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    err = virGetLastError();
    g_assert_nonnull(err);
    msg = g_strdup(err->message);
    virDomainFree(dom);
    g_test_message("start without nodedevd failed as expected: %s", msg);
    assert_contains(msg, "nodedev daemon (modvirt-nodedevd)");
    log = take_requests();
    g_assert_cmpstr(log, ==,
                    "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:21 vlan=42 qos=0\n"
                    "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
    now = vf_now(1);
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a1/5");
    g_assert_cmpuint(hostdev_ports(), ==, 0);
    g_assert_false(g_file_test(record, G_FILE_TEST_EXISTS));
    fx.nodedevd = spawn_fake("tests/nodedev/nodedevd-fake-kernel", "nodedevd");
}

/* (c) networkd killed -9 too, and down while qemud restarts: the port
 * survives networkd's restart, qemud keeps its record, and the guest's
 * next start undoes it before going on (and fails at QEMU again, leaving
 * everything as it was). */
static void
step_networkd_killed(void)
{
    g_autofree char *record = record_path("hd1");
    virDomainPtr dom;

    qemud_kill9();
    leave_half_started("created", false);
    kill9(&fx.networkd);
    qemud_start();
    g_assert_true(g_file_test(record, G_FILE_TEST_EXISTS));
    g_assert_cmpuint(hostdev_ports(), ==, 2);
    networkd_start();
    g_assert_cmpuint(hostdev_ports(), ==, 2);

    dom = virDomainLookupByName(fx.conn, "hd1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    virDomainFree(dom);
    assert_vf1_restored();
}

/* qemud does not serve the internal program: a call gets "unknown program". */
static void
step_qemud_no_internal(void)
{
    g_autoptr(MvRpcClient) client = mv_internal_client_open(fx.qemud->rw_socket, CALL_TIMEOUT_MS);
    g_autofree char *port = other_port_xml(2);

    g_assert_nonnull(client);
    g_assert_null(mv_internal_hostdev_port_create(client, port));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_NO_SUPPORT);
    assert_contains(mv_error_last_message(), "0x4d564901");
}

static void
test_hostdev(void)
{
    g_autofree char *qemu = g_find_program_in_path("qemu-system-x86_64");
    g_autofree char *networkd = mv_test_built_file("tests/network/networkd-fake-netlink");
    g_autofree char *nodedevd = mv_test_built_file("tests/nodedev/nodedevd-fake-kernel");

    if (!qemu) {
        g_test_skip("qemu-system-x86_64 is not installed: qemud cannot start a guest");
        return;
    }
    if (!networkd || !nodedevd) {
        g_test_skip("MODVIRT_BUILDDIR is not set: no fake networkd / nodedevd to run");
        return;
    }
    fx.root = mv_test_root_new();
    mv_fake_sysfs_sriov_nic(fx.root, 4, true);
    mv_test_write_file(fx.root, "netlink-vf.ini", seed_state);
    networkd_start();
    fx.nodedevd = spawn_fake("tests/nodedev/nodedevd-fake-kernel", "nodedevd");
    qemud_start();

    step_qemud_no_internal();
    step_fail_at_qemu();
    step_fail_at_detach();
    step_held();
    step_usb();
    step_network_pool();
    step_nodedevd_down();
    step_qemud_killed();
    step_networkd_killed();

    virConnectClose(fx.conn);
    g_assert_cmpint(mv_test_daemon_stop(fx.qemud), ==, 0);
    mv_test_daemon_free(fx.qemud);
    g_assert_cmpint(mv_test_kill(fx.nodedevd), ==, 0);
    g_assert_cmpint(mv_test_kill(fx.networkd), ==, 0);
    mv_test_root_remove(fx.root);
    g_clear_pointer(&fx.root, g_free);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemud-hostdev/fake-vf", test_hostdev);
    return g_test_run();
}
