/* Hot plug of <interface type='hostdev'> into a running guest on FAKE SR-IOV hardware (networkd-fake-netlink, nodedevd-fake-kernel): the port and the detach are made, QEMU's device_add fails (it cannot open a fake VF), and everything is undone. */
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "fakehostdev.h"

#define GUEST_UUID "0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5c01"

static const char hostdev_nic[] =
    "<interface type='hostdev' managed='yes'><mac address='52:54:00:6d:90:31'/>"
    "<source><address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x1'/></source>"
    "<vlan><tag id='42'/></vlan></interface>";

/* An <interface type='network'> on the VF pool network 'hpool'. */
static const char pool_nic[] =
    "<interface type='network'><mac address='52:54:00:6d:90:32'/>"
    "<source network='hpool'/><vlan><tag id='7'/></vlan></interface>";

static MvTestHostdev *hd;

/* A live attach from a network of forward mode hostdev: networkd's port
 * gives the pool's first free VF (0, with the MAC and VLAN 7), it is
 * detached, QEMU refuses it at device_add, and everything is undone: the
 * network has no port, the VF has its MAC and VLAN back and is on
 * ixgbevf, the record holds nothing and the live XML is as it was. */
static void
attach_from_pool(virDomainPtr dom)
{
    g_autofree char *uri = mv_test_hostdev_uri(hd, "network");
    g_autofree char *log_path = mv_test_hostdev_path(hd, "netlink-vf.log");
    g_autofree char *record = mv_test_hostdev_record_path(hd, "hph");
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
    mv_test_hostdev_assert_contains(hd, err->message, "QEMU of 'hph' refused 'device_add'");
    mv_test_hostdev_assert_contains(hd, err->message, "vfio /sys/bus/pci/devices/0000:03:10.0: no such host device");
    requests = mv_test_hostdev_read(hd, "netlink-vf.log");
    g_assert_cmpstr(requests, ==, "set_vf ifindex=7 vf=0 mac=52:54:00:6d:90:32 vlan=7 qos=0\n"
                                  "set_vf ifindex=7 vf=0 mac=02:00:00:00:00:a0 vlan=0 qos=0\n");
    now = mv_test_hostdev_vf_now(hd, 0);
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a0/0");
    drv = mv_test_hostdev_vf_driver(hd, 0);
    g_assert_cmpstr(drv, ==, "ixgbevf");
    qlog = mv_test_hostdev_read(hd, "qemud.stderr");
    mv_test_hostdev_assert_contains(hd, qlog, "PCI device 0000:03:10.0 (a VF of network 'hpool') detached for interface 'net0'");
    mv_test_hostdev_assert_contains(hd, qlog, "PCI device 0000:03:10.0 is back on its host driver");
    g_assert_cmpint(virNetworkListAllPorts(pool, &ports, 0), ==, 0);
    g_free(ports);
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 0);
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
    g_autofree char *xml = NULL;
    g_autofree char *requests = NULL;
    g_autofree char *now = NULL;
    g_autofree char *drv = NULL;
    g_autofree char *qlog = NULL;
    g_autofree char *record = NULL;
    virDomainPtr dom;
    virErrorPtr err;

    if (!mv_test_hostdev_can_run(NULL))
        return;
    hd = mv_test_hostdev_new(2);

    /* A running guest with no NIC (SeaBIOS finds nothing to boot and waits). */
    xml = g_strdup("<domain type='qemu'><name>hph</name><uuid>" GUEST_UUID "</uuid>"
                   "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                   "<os><type arch='x86_64' machine='pc'>hvm</type></os><features><acpi/></features>"
                   "<devices/></domain>");
    dom = virDomainDefineXML(hd->conn, xml);
    g_assert_nonnull(dom);
    if (virDomainCreate(dom) < 0) {
        mv_test_hostdev_print_logs(hd);
        g_error("start: %s", virGetLastErrorMessage());
    }
    mv_test_hostdev_guest_running(hd, "hph");

    /* The port (MAC, VLAN 42) and the detach are made, QEMU refuses the
     * fake VF at device_add, and both are undone in reverse. */
    g_assert_cmpint(virDomainAttachDeviceFlags(dom, hostdev_nic, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    err = virGetLastError();
    g_assert_nonnull(err);
    g_test_message("attach failed as expected: %s", err->message);
    mv_test_hostdev_assert_contains(hd, err->message, "device_add");
    mv_test_hostdev_assert_contains(hd, err->message, "0000:03:10.1");
    requests = mv_test_hostdev_read(hd, "netlink-vf.log");
    mv_test_hostdev_assert_contains(hd, requests, "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:31 vlan=42 qos=0\n"
                              "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
    now = mv_test_hostdev_vf_now(hd, 1);
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a1/5");
    drv = mv_test_hostdev_vf_driver(hd, 1);
    g_assert_cmpstr(drv, ==, "ixgbevf");
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 0);
    record = mv_test_hostdev_record_path(hd, "hph");
    g_assert_false(g_file_test(record, G_FILE_TEST_EXISTS));
    qlog = mv_test_hostdev_read(hd, "qemud.stderr");
    mv_test_hostdev_assert_contains(hd, qlog, "PCI device 0000:03:10.1 detached for interface 'hostdev0'");
    mv_test_hostdev_assert_contains(hd, qlog, "PCI device 0000:03:10.1 is back on its host driver");
    g_free(xml);
    xml = virDomainGetXMLDesc(dom, 0);
    g_assert_null(strstr(xml, "<interface"));
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);

    /* A USB source is refused before anything is made. */
    g_assert_cmpint(virDomainAttachDeviceFlags(dom,
        "<interface type='hostdev'><source><address type='usb' bus='1' device='3'/></source></interface>",
        VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    mv_test_hostdev_assert_contains(hd, virGetLastErrorMessage(), "a USB source (bus 1 device 3) is not supported");
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 0);

    attach_from_pool(dom);

    /* The persistent definition alone takes it (checked when it starts). */
    g_assert_cmpint(virDomainAttachDeviceFlags(dom, hostdev_nic, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_free(xml);
    xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    mv_test_hostdev_assert_contains(hd, xml, "<interface type='hostdev' managed='yes'>");
    g_assert_cmpint(virDomainDetachDeviceFlags(dom, hostdev_nic, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_free(xml);
    xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_null(strstr(xml, "<interface"));
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 0);

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    mv_test_hostdev_guest_gone(hd);
    virDomainFree(dom);
    mv_test_hostdev_stop_all(hd);
    g_clear_pointer(&hd, mv_test_hostdev_free);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemud-hotplug/hostdev-fake-vf", test_hotplug_hostdev);
    return g_test_run();
}
