/* <interface type='hostdev'> through Debian's virsh (and python3-libvirt once) against modvirt-qemud, networkd-fake-netlink and nodedevd-fake-kernel under one --root: every start and live attach fails (QEMU cannot open a FAKE VF, or an earlier check refuses), with virsh's exact messages, and leaves the VF as it was. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "fakehostdev.h"

/* A first start probes QEMU's capabilities: slow on a loaded host. */
#define TOOL_TIMEOUT_MS 120000

#define FIRST_UUID "0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5d01"
#define PORT_FIRST "6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4e1"

/* What each VF holds before any guest (fakehostdev.h), "MAC/VLAN". */
static const char *const vf_seed[] = {
    "02:00:00:00:00:a0/0", "02:00:00:00:00:a1/5", "02:00:00:00:00:a2/0", "02:00:00:00:00:a3/9",
};

static const char pool_net[] =
    "<network>\n"
    "  <name>vfpool</name>\n"
    "  <forward mode='hostdev' managed='yes'>\n"
    "    <pf dev='eth0'/>\n"
    "  </forward>\n"
    "</network>\n";

/* A pool given as an address list, in the order it is tried. */
static const char list_net[] =
    "<network>\n"
    "  <name>vflist</name>\n"
    "  <forward mode='hostdev' managed='yes'>\n"
    "    <address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x3'/>\n"
    "    <address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x2'/>\n"
    "  </forward>\n"
    "</network>\n";

typedef struct {
    MvTestHostdev *hd;
    char *qemu_uri;
    char *net_uri;
    char *nodedev_uri;
} Fixture;

static Fixture fx;

static void
assert_text(const char *got, const char *want)
{
    if (g_strcmp0(got, want) != 0) {
        g_autofree char *want_esc = g_strescape(want, NULL);
        g_autofree char *got_esc = got ? g_strescape(got, NULL) : g_strdup("(null)");

        mv_test_hostdev_print_logs(fx.hd);
        g_error("expected \"%s\", got \"%s\"", want_esc, got_esc);
    }
}

/* Runs virsh -c uri ARGS...; its exit code, stdout and stderr. */
static int G_GNUC_NULL_TERMINATED
virsh(const char *uri, char **ret_out, char **ret_err, ...)
{
    va_list ap;
    int code;

    va_start(ap, ret_err);
    code = mv_test_hostdev_virshv(uri, TOOL_TIMEOUT_MS, ret_out, ret_err, ap);
    va_end(ap);
    return code;
}

static char *
write_input(const char *name, const char *text)
{
    char *path = mv_test_hostdev_path(fx.hd, name);

    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* Every VF has its seed MAC and VLAN, is on ixgbevf, no port holds one
 * and qemud keeps no hostdev record of guest. */
static void
assert_all_restored(const char *guest)
{
    g_autofree char *record = mv_test_hostdev_record_path(fx.hd, guest);

    for (unsigned int n = 0; n < G_N_ELEMENTS(vf_seed); n++) {
        g_autofree char *now = mv_test_hostdev_vf_now(fx.hd, n);
        g_autofree char *drv = mv_test_hostdev_vf_driver(fx.hd, n);

        assert_text(now, vf_seed[n]);
        assert_text(drv, "ixgbevf");
    }
    g_assert_cmpuint(mv_test_hostdev_port_files(fx.hd), ==, 0);
    g_assert_false(g_file_test(record, G_FILE_TEST_EXISTS));
}

/* The network's ports, as `virsh net-port-list --uuid` prints them. */
static char *
net_ports(const char *net)
{
    char *out = NULL;

    g_assert_cmpint(virsh(fx.net_uri, &out, NULL, "net-port-list", net, "--uuid", NULL), ==, 0);
    return out;
}

static char *
hostdev_iface(const char *bus_slot_function, const char *mac, const char *extra)
{
    g_auto(GStrv) bsf = g_strsplit_set(bus_slot_function, ":.", 3);

    return g_strdup_printf("    <interface type='hostdev' managed='yes'>\n"
                           "      <mac address='%s'/>\n"
                           "      <source>\n"
                           "        <address type='pci' domain='0x0000' bus='0x%s' slot='0x%s' function='0x%s'/>\n"
                           "      </source>\n%s"
                           "    </interface>\n", mac, bsf[0], bsf[1], bsf[2], extra);
}

static char *
network_iface(const char *net, const char *mac, const char *extra)
{
    return g_strdup_printf("    <interface type='network'>\n"
                           "      <mac address='%s'/>\n"
                           "      <source network='%s'/>\n%s"
                           "    </interface>\n", mac, net, extra);
}

/* virsh define of a guest with these devices; NULL uuid: one is made. */
static void
define_guest(const char *name, const char *uuid, const char *devices)
{
    g_autofree char *file = g_strdup_printf("%s.xml", name);
    g_autofree char *xml = g_strdup_printf("<domain type='qemu'>\n"
                                           "  <name>%s</name>\n%s%s%s"
                                           "  <memory unit='MiB'>64</memory>\n"
                                           "  <vcpu>1</vcpu>\n"
                                           "  <os>\n    <type arch='x86_64' machine='pc'>hvm</type>\n  </os>\n"
                                           "  <features>\n    <acpi/>\n  </features>\n"
                                           "  <devices>\n%s  </devices>\n"
                                           "</domain>\n", name,
                                           uuid ? "  <uuid>" : "", uuid ? uuid : "",
                                           uuid ? "</uuid>\n" : "", devices);
    g_autofree char *path = write_input(file, xml);
    g_autofree char *out = NULL;
    g_autofree char *want = g_strdup_printf("Domain '%s' defined from %s\n\n", name, path);

    g_assert_cmpint(virsh(fx.qemu_uri, &out, NULL, "define", path, NULL), ==, 0);
    assert_text(out, want);
}

/* dominfo and list --all: the guest is still defined, shut off; domstate
 * gives the reason. */
static void
assert_defined_shut_off(const char *name, const char *reason)
{
    g_autofree char *info = NULL;
    g_autofree char *list = NULL;
    g_autofree char *state = NULL;
    g_autofree char *name_line = g_strdup_printf("Name:           %s\n", name);
    g_autofree char *pattern = g_strdup_printf("^ -\\s+%s\\s+shut off$", name);
    g_autofree char *want_state = g_strdup_printf("shut off (%s)\n\n", reason);

    g_assert_cmpint(virsh(fx.qemu_uri, &info, NULL, "dominfo", name, NULL), ==, 0);
    mv_test_hostdev_assert_contains(fx.hd, info, name_line);
    mv_test_hostdev_assert_contains(fx.hd, info, "State:          shut off\n");
    mv_test_hostdev_assert_contains(fx.hd, info, "Persistent:     yes\n");
    g_assert_cmpint(virsh(fx.qemu_uri, &list, NULL, "list", "--all", NULL), ==, 0);
    if (!g_regex_match_simple(pattern, list, G_REGEX_MULTILINE, 0))
        g_error("'%s' is not listed as shut off:\n%s", name, list);
    g_assert_cmpint(virsh(fx.qemu_uri, &state, NULL, "domstate", name, "--reason", NULL), ==, 0);
    assert_text(state, want_state);
}

/* virsh start NAME must fail with exactly this error; the guest stays. */
static void
start_must_fail(const char *name, const char *error)
{
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *want = g_strdup_printf("error: Failed to start domain '%s'\nerror: %s\n",
                                            name, error);

    g_assert_cmpint(virsh(fx.qemu_uri, &out, &err, "start", name, NULL), ==, 1);
    assert_text(err, want);
    assert_text(out, "\n");
    /* Refused before QEMU runs: shut off (failed), as libvirt says. */
    assert_defined_shut_off(name, "failed");
}

/* virsh start NAME must fail at QEMU, which cannot open the fake VF pci;
 * the guest stays. However soon QEMU died (before qemud saw its monitor
 * socket, before qemud connected, or before it answered), the error is
 * libvirt's for a QEMU that died during its start, ending in QEMU's own
 * timestamped line from the guest's log. */
static void
start_must_fail_at_qemu(const char *name, const char *pci, const char *alias)
{
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *head = g_strdup_printf("error: Failed to start domain '%s'\nerror: internal error: "
                                            "qemu unexpectedly closed the monitor: ", name);
    g_autofree char *qemu_line = g_strdup_printf("qemu-system-x86_64: -device vfio-pci,host=%s,id=%s,"
                                                 "bus=pci.0,addr=0x2: vfio /sys/bus/pci/devices/%s: "
                                                 "no such host device: No such file or directory",
                                                 pci, alias, pci);
    g_autofree char *head_re = g_regex_escape_string(head, -1);
    g_autofree char *line_re = g_regex_escape_string(qemu_line, -1);
    g_autofree char *pattern = g_strdup_printf("^%s\\S+Z %s\n$", head_re, line_re);
    g_autofree char *log_rel = g_strdup_printf("var/log/modvirt/qemu/%s.log", name);
    g_autofree char *log = NULL;

    g_assert_cmpint(virsh(fx.qemu_uri, &out, &err, "start", name, NULL), ==, 1);
    if (!g_regex_match_simple(pattern, err, 0, 0)) {
        mv_test_hostdev_print_logs(fx.hd);
        g_error("expected '%sTIMESTAMP %s', got:\n%s", head, qemu_line, err);
    }
    assert_text(out, "\n");
    log = mv_test_hostdev_read(fx.hd, log_rel);
    mv_test_hostdev_assert_contains(fx.hd, log, qemu_line);
    assert_defined_shut_off(name, "failed");
}

/* A named VF: its port (MAC, VLAN 42) and detach are made, QEMU refuses
 * it, and the VF gets its MAC, VLAN and host driver back. */
static void
step_named_vf(void)
{
    g_autofree char *nic = hostdev_iface("03:10.1", "52:54:00:6d:90:41",
                                         "      <vlan>\n        <tag id='42'/>\n      </vlan>\n");
    g_autofree char *requests = NULL;
    g_autofree char *qlog = NULL;
    g_autofree char *dev = NULL;

    define_guest("vf-named", NULL, nic);
    start_must_fail_at_qemu("vf-named", "0000:03:10.1", "hostdev0");
    requests = mv_test_hostdev_take_requests(fx.hd);
    assert_text(requests, "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:41 vlan=42 qos=0\n"
                          "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
    qlog = mv_test_hostdev_read(fx.hd, "qemud.stderr");
    mv_test_hostdev_assert_contains(fx.hd, qlog, "PCI device 0000:03:10.1 detached for interface 'hostdev0'");
    mv_test_hostdev_assert_contains(fx.hd, qlog, "PCI device 0000:03:10.1 is back on its host driver");
    assert_all_restored("vf-named");
    g_assert_cmpint(virsh(fx.nodedev_uri, &dev, NULL, "nodedev-dumpxml", "pci_0000_03_10_1", NULL), ==, 0);
    mv_test_hostdev_assert_contains(fx.hd, dev, "<name>ixgbevf</name>");
}

/* A network of forward mode hostdev: its PF's first free VF, then the
 * first free one of an address list, each undone the same way. */
static void
step_pool(void)
{
    g_autofree char *pool_path = write_input("vfpool.xml", pool_net);
    g_autofree char *list_path = write_input("vflist.xml", list_net);
    g_autofree char *pool_nic = network_iface("vfpool", "52:54:00:6d:90:42",
                                              "      <vlan>\n        <tag id='7'/>\n      </vlan>\n");
    g_autofree char *list_nic = network_iface("vflist", "52:54:00:6d:90:43", "");
    g_autofree char *out = NULL;
    g_autofree char *want = g_strdup_printf("Network vfpool created from %s\n\n", pool_path);
    g_autofree char *requests = NULL;
    g_autofree char *ports = NULL;
    g_autofree char *qlog = NULL;

    g_assert_cmpint(virsh(fx.net_uri, &out, NULL, "net-create", pool_path, NULL), ==, 0);
    assert_text(out, want);
    g_clear_pointer(&out, g_free);
    g_assert_cmpint(virsh(fx.net_uri, &out, NULL, "net-create", list_path, NULL), ==, 0);

    define_guest("vf-pool", NULL, pool_nic);
    start_must_fail_at_qemu("vf-pool", "0000:03:10.0", "net0");
    requests = mv_test_hostdev_take_requests(fx.hd);
    assert_text(requests, "set_vf ifindex=7 vf=0 mac=52:54:00:6d:90:42 vlan=7 qos=0\n"
                          "set_vf ifindex=7 vf=0 mac=02:00:00:00:00:a0 vlan=0 qos=0\n");
    qlog = mv_test_hostdev_read(fx.hd, "qemud.stderr");
    mv_test_hostdev_assert_contains(fx.hd, qlog, "PCI device 0000:03:10.0 (a VF of network 'vfpool') detached for interface 'net0'");
    ports = net_ports("vfpool");
    assert_text(ports, "\n");
    assert_all_restored("vf-pool");

    define_guest("vf-list", NULL, list_nic);
    start_must_fail_at_qemu("vf-list", "0000:03:10.3", "net0");
    g_clear_pointer(&requests, g_free);
    requests = mv_test_hostdev_take_requests(fx.hd);
    assert_text(requests, "set_vf ifindex=7 vf=3 mac=52:54:00:6d:90:43 vlan=0 qos=0\n"
                          "set_vf ifindex=7 vf=3 mac=02:00:00:00:00:a3 vlan=9 qos=0\n");
    g_clear_pointer(&ports, g_free);
    ports = net_ports("vflist");
    assert_text(ports, "\n");
    assert_all_restored("vf-list");
}

/* Guest 'first' holds VF 0 through a port of vfpool (what its start would
 * have made): a guest naming VF 0 is refused naming 'first' with nothing
 * touched, and a guest on the pool gets VF 1, never VF 0. */
static void
step_two_guests(void)
{
    g_autofree char *port = g_strdup("<networkport>\n"
                                     "  <uuid>" PORT_FIRST "</uuid>\n"
                                     "  <owner>\n    <name>first</name>\n"
                                     "    <uuid>" FIRST_UUID "</uuid>\n  </owner>\n"
                                     "  <mac address='52:54:00:6d:90:44'/>\n"
                                     "  <plug type='hostdev-pci'>\n"
                                     "    <address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x0'/>\n"
                                     "  </plug>\n"
                                     "</networkport>\n");
    g_autofree char *port_path = write_input("port-first.xml", port);
    g_autofree char *created = g_strdup_printf("Network port " PORT_FIRST " created from %s\n\n",
                                               port_path);
    g_autofree char *first_nic = network_iface("vfpool", "52:54:00:6d:90:44", "");
    g_autofree char *second_nic = hostdev_iface("03:10.0", "52:54:00:6d:90:45", "");
    g_autofree char *third_nic = network_iface("vfpool", "52:54:00:6d:90:46", "");
    g_autofree char *requests = NULL;
    g_autofree char *now = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    define_guest("first", FIRST_UUID, first_nic);
    g_assert_cmpint(virsh(fx.net_uri, &out, NULL, "net-port-create", "vfpool", port_path, NULL), ==, 0);
    assert_text(out, created);
    g_clear_pointer(&out, g_free);
    requests = mv_test_hostdev_take_requests(fx.hd);
    assert_text(requests, "set_vf ifindex=7 vf=0 mac=52:54:00:6d:90:44 vlan=0 qos=0\n");

    define_guest("second", NULL, second_nic);
    start_must_fail("second", "Requested operation is not valid: PCI device 0000:03:10.0 is in use by "
                              "domain first (network port " PORT_FIRST " of network vfpool)");
    g_clear_pointer(&requests, g_free);
    requests = mv_test_hostdev_take_requests(fx.hd);
    assert_text(requests, "");
    now = mv_test_hostdev_vf_now(fx.hd, 0);
    assert_text(now, "52:54:00:6d:90:44/0");

    define_guest("third", NULL, third_nic);
    start_must_fail_at_qemu("third", "0000:03:10.1", "net0");
    g_clear_pointer(&requests, g_free);
    requests = mv_test_hostdev_take_requests(fx.hd);
    assert_text(requests, "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:46 vlan=0 qos=0\n"
                          "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
    g_clear_pointer(&now, g_free);
    now = mv_test_hostdev_vf_now(fx.hd, 0);
    assert_text(now, "52:54:00:6d:90:44/0");

    g_assert_cmpint(virsh(fx.net_uri, &out, &err, "net-port-delete", "vfpool", PORT_FIRST, NULL), ==, 0);
    assert_text(out, "Network port " PORT_FIRST " deleted\n\n");
    assert_text(err, "");
    g_clear_pointer(&requests, g_free);
    requests = mv_test_hostdev_take_requests(fx.hd);
    assert_text(requests, "set_vf ifindex=7 vf=0 mac=02:00:00:00:00:a0 vlan=0 qos=0\n");
    assert_all_restored("third");
}

/* python3-libvirt sees the USB refusal as libvirt's qemu driver would
 * report it: VIR_ERR_CONFIG_UNSUPPORTED from VIR_FROM_QEMU. */
static void
python_usb_check(const char *name)
{
    g_autofree char *script = g_strdup_printf(
        "import libvirt\n"
        "conn = libvirt.open('%s')\n"
        "dom = conn.lookupByName('%s')\n"
        "try:\n"
        "    dom.create()\n"
        "    print('started')\n"
        "except libvirt.libvirtError as e:\n"
        "    print(e.get_error_code() == libvirt.VIR_ERR_CONFIG_UNSUPPORTED,\n"
        "          e.get_error_domain() == libvirt.VIR_FROM_QEMU,\n"
        "          e.get_error_code(), e.get_error_domain())\n"
        "print(dom.isPersistent(), dom.isActive())\n", fx.qemu_uri, name);
    const char *argv[] = { "/usr/bin/python3", "-c", script, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    if (!g_file_test(argv[0], G_FILE_TEST_IS_EXECUTABLE)) {
        g_test_message("/usr/bin/python3 is not installed: the python3-libvirt check is skipped");
        return;
    }
    g_assert_cmpint(mv_test_run(argv, TOOL_TIMEOUT_MS, &out, &err), ==, 0);
    g_test_message("python3-libvirt: %s%s", out, err);
    assert_text(out, "True True 67 10\n1 0\n");
}

/* A USB source is accepted by define (and written back), refused at start
 * before anything is made. */
static void
step_usb(void)
{
    g_autofree char *xml = NULL;

    define_guest("vf-usb", NULL, "    <interface type='hostdev'>\n"
                                 "      <mac address='52:54:00:6d:90:47'/>\n"
                                 "      <source>\n"
                                 "        <address type='usb' bus='1' device='3'/>\n"
                                 "      </source>\n"
                                 "    </interface>\n");
    g_assert_cmpint(virsh(fx.qemu_uri, &xml, NULL, "dumpxml", "vf-usb", NULL), ==, 0);
    mv_test_hostdev_assert_contains(fx.hd, xml, "<address type='usb' bus='1' device='3'/>");
    start_must_fail("vf-usb", "unsupported configuration: interface 'hostdev0': a USB source "
                              "(bus 1 device 3) is not supported for <interface type='hostdev'>; "
                              "USB network devices must be given as a plain <hostdev>");
    python_usb_check("vf-usb");
    assert_defined_shut_off("vf-usb", "failed");
    g_free(mv_test_hostdev_take_requests(fx.hd));
    assert_all_restored("vf-usb");
}

/* A PCI device that does not exist, and one that is no VF: networkd
 * refuses the port naming the device, nothing is set. */
static void
step_no_device_not_vf(void)
{
    g_autofree char *missing_nic = hostdev_iface("7f:1f.7", "52:54:00:6d:90:48", "");
    g_autofree char *pf_nic = hostdev_iface("03:00.0", "52:54:00:6d:90:49", "");
    g_autofree char *missing = g_strdup_printf("Device 0000:7f:1f.7 not found: could not access "
                                               "%s/sys/bus/pci/devices/0000:7f:1f.7/config: "
                                               "No such file or directory", fx.hd->root);
    g_autofree char *requests = NULL;

    define_guest("vf-missing", NULL, missing_nic);
    start_must_fail("vf-missing", missing);
    define_guest("vf-pf", NULL, pf_nic);
    start_must_fail("vf-pf", "unsupported configuration: Interface type hostdev is currently "
                             "supported on SR-IOV Virtual Functions only: PCI device 0000:03:00.0 "
                             "is not a VF (it has no physfn link), so its MAC address and VLAN "
                             "cannot be set");
    requests = mv_test_hostdev_take_requests(fx.hd);
    assert_text(requests, "");
    assert_all_restored("vf-pf");
}

/* Moves root/rel aside (back when on is true). */
static void
toggle_path(const char *rel, bool on)
{
    g_autofree char *path = mv_test_hostdev_path(fx.hd, rel);
    g_autofree char *aside = g_strconcat(path, ".off", NULL);

    if (on)
        g_assert_cmpint(g_rename(aside, path), ==, 0);
    else
        g_assert_cmpint(g_rename(path, aside), ==, 0);
}

/* No IOMMU, then no vfio-pci: nodedevd's detach says which is missing;
 * the port made before it is undone. */
static void
step_no_iommu_no_vfio(void)
{
    g_autofree char *nic = hostdev_iface("03:10.2", "52:54:00:6d:90:4a", "");
    g_autofree char *no_iommu = g_strdup_printf(
        "operation failed: cannot detach PCI device 0000:03:10.2 for vfio: the host has no IOMMU "
        "('%s/sys/kernel/iommu_groups' is missing or empty; enable VT-d/AMD-Vi and boot with "
        "intel_iommu=on or amd_iommu=on)", fx.hd->root);
    g_autofree char *no_vfio = g_strdup_printf(
        "operation failed: cannot detach PCI device 0000:03:10.2: the vfio-pci driver is not loaded "
        "('%s/sys/bus/pci/drivers/vfio-pci' is missing; modprobe vfio-pci)", fx.hd->root);
    const char *requests_want = "set_vf ifindex=7 vf=2 mac=52:54:00:6d:90:4a vlan=0 qos=0\n"
                                "set_vf ifindex=7 vf=2 mac=02:00:00:00:00:a2 vlan=0 qos=0\n";
    g_autofree char *requests = NULL;

    define_guest("vf-iommu", NULL, nic);
    toggle_path("sys/kernel/iommu_groups", false);
    start_must_fail("vf-iommu", no_iommu);
    toggle_path("sys/kernel/iommu_groups", true);
    requests = mv_test_hostdev_take_requests(fx.hd);
    assert_text(requests, requests_want);
    assert_all_restored("vf-iommu");

    toggle_path("sys/bus/pci/drivers/vfio-pci", false);
    start_must_fail("vf-iommu", no_vfio);
    toggle_path("sys/bus/pci/drivers/vfio-pci", true);
    g_clear_pointer(&requests, g_free);
    requests = mv_test_hostdev_take_requests(fx.hd);
    assert_text(requests, requests_want);
    assert_all_restored("vf-iommu");
}

/* virsh attach-device --live of a hostdev interface, then of a VF pool's
 * interface, to a running guest without one: QEMU refuses the fake VF at
 * device_add, and the guest runs on as it was. */
static void
step_attach_live(void)
{
    g_autofree char *nic = hostdev_iface("03:10.1", "52:54:00:6d:90:4b",
                                         "      <vlan>\n        <tag id='42'/>\n      </vlan>\n");
    g_autofree char *pool_nic = network_iface("vfpool", "52:54:00:6d:90:4c", "");
    g_autofree char *nic_path = write_input("attach-hostdev.xml", nic);
    g_autofree char *pool_path = write_input("attach-pool.xml", pool_nic);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *want = NULL;
    g_autofree char *requests = NULL;
    g_autofree char *state = NULL;

    define_guest("vf-run", NULL, "");
    g_assert_cmpint(virsh(fx.qemu_uri, &out, NULL, "start", "vf-run", NULL), ==, 0);
    assert_text(out, "Domain 'vf-run' started\n\n");
    mv_test_hostdev_guest_running(fx.hd, "vf-run");
    g_assert_cmpint(virsh(fx.qemu_uri, &before, NULL, "dumpxml", "vf-run", NULL), ==, 0);

    g_clear_pointer(&out, g_free);
    g_assert_cmpint(virsh(fx.qemu_uri, &out, &err, "attach-device", "vf-run", nic_path, "--live", NULL), ==, 1);
    want = g_strdup_printf("error: Failed to attach device from %s\n"
                           "error: operation failed: QEMU of 'vf-run' refused 'device_add': GenericError: "
                           "vfio /sys/bus/pci/devices/0000:03:10.1: no such host device: No such file or directory\n", nic_path);
    assert_text(err, want);
    requests = mv_test_hostdev_take_requests(fx.hd);
    assert_text(requests, "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:4b vlan=42 qos=0\n"
                          "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
    assert_all_restored("vf-run");
    g_assert_cmpint(virsh(fx.qemu_uri, &after, NULL, "dumpxml", "vf-run", NULL), ==, 0);
    assert_text(after, before);

    g_clear_pointer(&err, g_free);
    g_clear_pointer(&want, g_free);
    g_assert_cmpint(virsh(fx.qemu_uri, NULL, &err, "attach-device", "vf-run", pool_path, "--live", NULL), ==, 1);
    want = g_strdup_printf("error: Failed to attach device from %s\n"
                           "error: operation failed: QEMU of 'vf-run' refused 'device_add': GenericError: "
                           "vfio /sys/bus/pci/devices/0000:03:10.0: no such host device: No such file or directory\n", pool_path);
    assert_text(err, want);
    g_clear_pointer(&requests, g_free);
    requests = mv_test_hostdev_take_requests(fx.hd);
    assert_text(requests, "set_vf ifindex=7 vf=0 mac=52:54:00:6d:90:4c vlan=0 qos=0\n"
                          "set_vf ifindex=7 vf=0 mac=02:00:00:00:00:a0 vlan=0 qos=0\n");
    g_clear_pointer(&out, g_free);
    out = net_ports("vfpool");
    assert_text(out, "\n");
    assert_all_restored("vf-run");
    g_clear_pointer(&after, g_free);
    g_assert_cmpint(virsh(fx.qemu_uri, &after, NULL, "dumpxml", "vf-run", NULL), ==, 0);
    assert_text(after, before);

    g_assert_cmpint(virsh(fx.qemu_uri, &state, NULL, "domstate", "vf-run", NULL), ==, 0);
    assert_text(state, "running\n\n");
    g_clear_pointer(&out, g_free);
    g_assert_cmpint(virsh(fx.qemu_uri, &out, NULL, "destroy", "vf-run", NULL), ==, 0);
    assert_text(out, "Domain 'vf-run' destroyed\n\n");
    mv_test_hostdev_guest_gone(fx.hd);
}

static void
test_hostdev_virsh(void)
{
    if (!mv_test_hostdev_can_run("virsh"))
        return;
    fx.hd = mv_test_hostdev_new(4);
    fx.qemu_uri = mv_test_hostdev_uri(fx.hd, "qemu");
    fx.net_uri = mv_test_hostdev_uri(fx.hd, "network");
    fx.nodedev_uri = mv_test_hostdev_uri(fx.hd, "nodedev");

    step_named_vf();
    step_pool();
    step_two_guests();
    step_usb();
    step_no_device_not_vf();
    step_no_iommu_no_vfio();
    step_attach_live();

    mv_test_hostdev_stop_all(fx.hd);
    g_clear_pointer(&fx.hd, mv_test_hostdev_free);
    g_clear_pointer(&fx.qemu_uri, g_free);
    g_clear_pointer(&fx.net_uri, g_free);
    g_clear_pointer(&fx.nodedev_uri, g_free);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemud-hostdev/virsh", test_hostdev_virsh);
    return g_test_run();
}
