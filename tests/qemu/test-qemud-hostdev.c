/* <interface type='hostdev'> end to end on FAKE SR-IOV hardware: modvirt-qemud, networkd-fake-netlink and nodedevd-fake-kernel under one --root; starts that fail (at QEMU, at the detach, at the port) leave the VF as it was, and restarts converge. */
#define MV_LOG_MODULE "tests.qemu.hostdev"
#define MV_FROM_THIS VIR_FROM_QEMU

#include <glib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "fakehostdev.h"
#include "rpc/internal_client.h"
#include "util/error.h"
#include "util/uuid.h"

#define CALL_TIMEOUT_MS 10000

#define HD1_UUID "0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5b01"
#define OTHER_UUID "0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5b99"
#define PORT_X "6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5"

static MvTestHostdev *hd;

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
    virDomainPtr dom = virDomainDefineXML(hd->conn, xml);
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
    g_autofree char *log = mv_test_hostdev_take_requests(hd);
    g_autofree char *now = mv_test_hostdev_vf_now(hd, 1);
    g_autofree char *drv = mv_test_hostdev_vf_driver(hd, 1);
    g_autofree char *qlog = mv_test_hostdev_read(hd, "qemud.stderr");
    g_autofree char *record = mv_test_hostdev_record_path(hd, "hd1");

    g_autofree char *qemu_log_path = mv_test_hostdev_path(hd, "var/log/modvirt/qemu/hd1.log");
    g_autofree char *qemu_log = NULL;

    g_test_message("start failed as expected: %s", msg);
    /* QEMU itself says why: there is no such host device. */
    g_assert_true(g_str_has_prefix(msg, "internal error: qemu unexpectedly closed the monitor: "));
    mv_test_hostdev_assert_contains(hd, msg, "vfio /sys/bus/pci/devices/0000:03:10.1: no such host device");
    g_assert_true(g_file_get_contents(qemu_log_path, &qemu_log, NULL, NULL));
    mv_test_hostdev_assert_contains(hd, qemu_log, "vfio /sys/bus/pci/devices/0000:03:10.1: no such host device");
    g_assert_cmpstr(log, ==,
                    "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:21 vlan=42 qos=0\n"
                    "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a1/5");
    g_assert_cmpstr(drv, ==, "ixgbevf");
    mv_test_hostdev_assert_contains(hd, qlog, "PCI device 0000:03:10.1 detached for interface 'hostdev0'");
    mv_test_hostdev_assert_contains(hd, qlog, "-device vfio-pci,host=0000:03:10.1,id=hostdev0");
    mv_test_hostdev_assert_contains(hd, qlog, "PCI device 0000:03:10.1 is back on its host driver");
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 0);
    g_assert_false(g_file_test(record, G_FILE_TEST_EXISTS));
}

/* (b) nodedevd refuses the detach (the fake VF 3 is in no IOMMU group):
 * the port is undone, VF 3 gets its MAC and VLAN back. */
static void
step_fail_at_detach(void)
{
    g_autofree char *link = mv_test_hostdev_path(hd, "sys/bus/pci/devices/0000:03:10.3/iommu_group");
    g_autofree char *iface = hostdev_iface(3, "52:54:00:6d:90:23", "yes", "");
    g_autofree char *xml = domain_xml("hd2", "0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5b02", iface);
    g_autofree char *msg = NULL;
    g_autofree char *log = NULL;
    g_autofree char *now = NULL;
    g_autofree char *drv = NULL;
    g_autofree char *record = mv_test_hostdev_record_path(hd, "hd2");

    g_assert_cmpint(unlink(link), ==, 0);
    msg = start_must_fail(xml, NULL);
    mv_test_hostdev_assert_contains(hd, msg, "cannot detach PCI device 0000:03:10.3 for vfio: the device is in no IOMMU group");
    log = mv_test_hostdev_take_requests(hd);
    g_assert_cmpstr(log, ==,
                    "set_vf ifindex=7 vf=3 mac=52:54:00:6d:90:23 vlan=0 qos=0\n"
                    "set_vf ifindex=7 vf=3 mac=02:00:00:00:00:a3 vlan=9 qos=0\n");
    now = mv_test_hostdev_vf_now(hd, 3);
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a3/9");
    drv = mv_test_hostdev_vf_driver(hd, 3);
    g_assert_cmpstr(drv, ==, "ixgbevf");
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 0);
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
    g_autofree char *sock = mv_test_socket_path(hd->root, "networkd", false);
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
    g_autofree char *record = mv_test_hostdev_record_path(hd, "hd3");
    unsigned char uuid[MV_UUID_BUFLEN];
    int code = 0;

    g_assert_nonnull(answer);
    g_free(mv_test_hostdev_take_requests(hd));
    msg = start_must_fail(xml, &code);
    g_assert_cmpint(code, ==, VIR_ERR_OPERATION_INVALID);
    mv_test_hostdev_assert_contains(hd, msg, "PCI device 0000:03:10.2 is in use by domain otherguest (network port " PORT_X ")");
    log = mv_test_hostdev_take_requests(hd);
    g_assert_cmpstr(log, ==, "");
    drv = mv_test_hostdev_vf_driver(hd, 2);
    g_assert_cmpstr(drv, ==, "ixgbevf");
    g_assert_false(g_file_test(record, G_FILE_TEST_EXISTS));

    g_assert_cmpint(mv_uuid_parse(PORT_X, uuid), ==, 0);
    g_assert_cmpint(mv_internal_hostdev_port_delete(client, uuid), ==, 0);
    g_free(mv_test_hostdev_take_requests(hd));
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 0);
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
    mv_test_hostdev_assert_contains(hd, msg, "USB network devices must be given as a plain <hostdev>");
    log = mv_test_hostdev_take_requests(hd);
    g_assert_cmpstr(log, ==, "");
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 0);
}

/* <interface type='network'> on a network of forward mode hostdev: the
 * port networkd picks (the pool's first free VF, 0) is detached and given
 * to QEMU as vfio-pci; after QEMU fails, the VF is reattached, then the
 * port deleted and the VF restored. */
static void
step_network_pool(void)
{
    g_autofree char *uri = mv_test_hostdev_uri(hd, "network");
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
    g_autofree char *record = mv_test_hostdev_record_path(hd, "hd5");

    g_assert_nonnull(nconn);
    pool = virNetworkCreateXML(nconn, "<network><name>vfpool</name>"
                                      "<forward mode='hostdev' managed='yes'><pf dev='eth0'/></forward>"
                                      "</network>");
    g_assert_nonnull(pool);
    msg = start_must_fail(xml, NULL);
    g_test_message("start on the VF pool failed as expected: %s", msg);
    g_assert_true(g_str_has_prefix(msg, "internal error: qemu unexpectedly closed the monitor: "));
    mv_test_hostdev_assert_contains(hd, msg, "vfio /sys/bus/pci/devices/0000:03:10.0: no such host device");
    log = mv_test_hostdev_take_requests(hd);
    g_assert_cmpstr(log, ==,
                    "set_vf ifindex=7 vf=0 mac=52:54:00:6d:90:25 vlan=7 qos=0\n"
                    "set_vf ifindex=7 vf=0 mac=02:00:00:00:00:a0 vlan=0 qos=0\n");
    now = mv_test_hostdev_vf_now(hd, 0);
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a0/0");
    drv = mv_test_hostdev_vf_driver(hd, 0);
    g_assert_cmpstr(drv, ==, "ixgbevf");
    qlog = mv_test_hostdev_read(hd, "qemud.stderr");
    mv_test_hostdev_assert_contains(hd, qlog, "PCI device 0000:03:10.0 (a VF of network 'vfpool') detached for interface 'net0'");
    mv_test_hostdev_assert_contains(hd, qlog, "-device vfio-pci,host=0000:03:10.0,id=net0");
    mv_test_hostdev_assert_contains(hd, qlog, "PCI device 0000:03:10.0 is back on its host driver");
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
        g_autofree char *uri = mv_test_hostdev_uri(hd, "nodedev");
        virConnectPtr nconn = virConnectOpen(uri);
        virNodeDevicePtr dev = nconn ? virNodeDeviceLookupByName(nconn, "pci_0000_03_10_1") : NULL;
        g_autofree char *drv = NULL;

        g_assert_nonnull(dev);
        g_assert_cmpint(virNodeDeviceDetachFlags(dev, "vfio", 0), ==, 0);
        virNodeDeviceFree(dev);
        virConnectClose(nconn);
        drv = mv_test_hostdev_vf_driver(hd, 1);
        g_assert_cmpstr(drv, ==, "vfio-pci");
    }
    mv_test_write_file(hd->root, "run/modvirt/qemu/hd1.hostdev", record);
    now = mv_test_hostdev_vf_now(hd, 1);
    g_assert_cmpstr(now, ==, "52:54:00:6d:90:21/42");
    g_free(mv_test_hostdev_take_requests(hd));
}

static void
assert_vf1_restored(void)
{
    g_autofree char *log = mv_test_hostdev_take_requests(hd);
    g_autofree char *now = mv_test_hostdev_vf_now(hd, 1);
    g_autofree char *drv = mv_test_hostdev_vf_driver(hd, 1);
    g_autofree char *record = mv_test_hostdev_record_path(hd, "hd1");

    mv_test_hostdev_assert_contains(hd, log, "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a1/5");
    g_assert_cmpstr(drv, ==, "ixgbevf");
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 0);
    g_assert_false(g_file_test(record, G_FILE_TEST_EXISTS));
}

/* (c) qemud killed -9 after the detach, before QEMU: the restarted qemud
 * reattaches the VF and deletes the port. */
static void
step_qemud_killed(void)
{
    mv_test_hostdev_qemud_kill9(hd);
    leave_half_started("detached", true);
    /* nodedevd killed too: it still knows the VF's original driver. */
    mv_test_hostdev_kill9(&hd->nodedevd);
    mv_test_hostdev_nodedevd_start(hd);
    mv_test_hostdev_qemud_start(hd);
    assert_vf1_restored();
}

/* nodedevd is not running: the detach cannot be asked, the port is
 * undone and the error names the missing daemon. */
static void
step_nodedevd_down(void)
{
    g_autofree char *log = NULL;
    g_autofree char *now = NULL;
    g_autofree char *record = mv_test_hostdev_record_path(hd, "hd1");
    g_autofree char *msg = NULL;
    virDomainPtr dom = virDomainLookupByName(hd->conn, "hd1");
    virErrorPtr err;

    g_assert_cmpint(mv_test_hostdev_stop(hd, &hd->nodedevd), ==, 0);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    err = virGetLastError();
    g_assert_nonnull(err);
    msg = g_strdup(err->message);
    virDomainFree(dom);
    g_test_message("start without nodedevd failed as expected: %s", msg);
    mv_test_hostdev_assert_contains(hd, msg, "nodedev daemon (modvirt-nodedevd)");
    log = mv_test_hostdev_take_requests(hd);
    g_assert_cmpstr(log, ==,
                    "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:21 vlan=42 qos=0\n"
                    "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
    now = mv_test_hostdev_vf_now(hd, 1);
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a1/5");
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 0);
    g_assert_false(g_file_test(record, G_FILE_TEST_EXISTS));
    mv_test_hostdev_nodedevd_start(hd);
}

/* (c) networkd killed -9 too, and down while qemud restarts: the port
 * survives networkd's restart, qemud keeps its record, and the guest's
 * next start undoes it before going on (and fails at QEMU again, leaving
 * everything as it was). */
static void
step_networkd_killed(void)
{
    g_autofree char *record = mv_test_hostdev_record_path(hd, "hd1");
    virDomainPtr dom;

    mv_test_hostdev_qemud_kill9(hd);
    leave_half_started("created", false);
    mv_test_hostdev_kill9(&hd->networkd);
    mv_test_hostdev_qemud_start(hd);
    g_assert_true(g_file_test(record, G_FILE_TEST_EXISTS));
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 2);
    mv_test_hostdev_networkd_start(hd);
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 2);

    dom = virDomainLookupByName(hd->conn, "hd1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    virDomainFree(dom);
    assert_vf1_restored();
}

/* qemud does not serve the internal program: a call gets "unknown program". */
static void
step_qemud_no_internal(void)
{
    g_autoptr(MvRpcClient) client = mv_internal_client_open(hd->qemud->rw_socket, CALL_TIMEOUT_MS);
    g_autofree char *port = other_port_xml(2);

    g_assert_nonnull(client);
    g_assert_null(mv_internal_hostdev_port_create(client, port));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_NO_SUPPORT);
    mv_test_hostdev_assert_contains(hd, mv_error_last_message(), "0x4d564901");
}

static void
test_hostdev(void)
{
    if (!mv_test_hostdev_can_run(NULL))
        return;
    hd = mv_test_hostdev_new(4);

    step_qemud_no_internal();
    step_fail_at_qemu();
    step_fail_at_detach();
    step_held();
    step_usb();
    step_network_pool();
    step_nodedevd_down();
    step_qemud_killed();
    step_networkd_killed();

    mv_test_hostdev_stop_all(hd);
    g_clear_pointer(&hd, mv_test_hostdev_free);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemud-hostdev/fake-vf", test_hostdev);
    return g_test_run();
}
