/* Hot plug and unplug of guest interfaces through modvirt-qemud: a running TCG guest gets a user and a bridge NIC and loses them (DEVICE_DELETED), errors undo everything, AFFECT_CONFIG edits the persistent XML, and Debian's virsh drives the same calls; virsh, modvirt and python3-libvirt get the device-removed event. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "guest.h"
#include "netns.h"
#include "testutil.h"

#define NS_TEST_TIMEOUT_MS 540000
#define BOOT_TIMEOUT_MS 180000
/* The guest's kernel sees the new device (ACPI hot plug) and lets go of
 * a removed one: bounded, generous for a loaded TCG host. */
#define GUEST_TIMEOUT_MS 60000
#define TOOL_TIMEOUT_MS 60000

#define BRIDGE "mvhbr0"
#define USER_MAC "52:54:00:bb:00:01"
#define BRIDGE_MAC "52:54:00:bb:00:02"
#define VIRSH_MAC "52:54:00:bb:00:03"
#define CONFIG_MAC "52:54:00:bb:00:04"

static const char user_nic[] =
    "<interface type='user'><mac address='" USER_MAC "'/><model type='e1000'/></interface>";
static const char bridge_nic[] =
    "<interface type='bridge'><mac address='" BRIDGE_MAC "'/><source bridge='" BRIDGE "'/>"
    "<model type='virtio'/></interface>";

static char *assets;

static const char nat_xml[] =
    "<network><name>nat1</name><forward mode='nat'/><bridge name='mvhnat0'/>"
    "<ip address='192.168.151.1' netmask='255.255.255.0'><dhcp>"
    "<range start='192.168.151.10' end='192.168.151.99'/></dhcp></ip></network>";

/* qemud (and networkd) under the test's root. */
static MvTestGuestEnv ctx;

/* ---- helpers ------------------------------------------------------------------ */

static const MvTestNsConfig ns_config = {
    .flags = MV_TEST_NS_MOUNT_PROC | MV_TEST_NS_MOUNT_SYS,
    .timeout_ms = NS_TEST_TIMEOUT_MS,
};

static void
setup(void)
{
    ctx.root = mv_test_root_new();
    mv_test_guest_env_start_qemud(&ctx);
}

/* networkd stops first, unchecked; then qemud, checked for sanitizer reports. */
static void
teardown(void)
{
    g_clear_pointer(&ctx.conn, virConnectClose);
    g_clear_pointer(&ctx.netconn, virConnectClose);
    if (ctx.networkd)
        mv_test_daemon_stop(ctx.networkd);
    g_clear_pointer(&ctx.networkd, mv_test_daemon_free);
    mv_test_guest_env_stop(&ctx);
}

static char *
domain_xml(const char *name, const char *interfaces)
{
    return g_strdup_printf(
        "<domain type='qemu'><name>%s</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64' machine='pc'>hvm</type><kernel>%s/vmlinuz</kernel>"
        "<initrd>%s/initramfs.img</initrd><cmdline>console=ttyS0</cmdline></os>"
        "<features><acpi/></features>"
        "<devices>%s<serial type='file'><source path='%s/%s-serial.log'/>"
        "<target port='0'/></serial></devices></domain>",
        name, assets ? assets : "/nonexistent", assets ? assets : "/nonexistent", interfaces,
        ctx.root, name);
}

/* The <interface> element of xml holding needle, or NULL. */
static char *
interface_of(const char *xml, const char *needle)
{
    const char *p = xml;

    while ((p = strstr(p, "<interface "))) {
        const char *end = strstr(p, "</interface>");
        g_autofree char *elem = end ? g_strndup(p, end - p) : NULL;

        if (!elem)
            return NULL;
        if (strstr(elem, needle))
            return g_steal_pointer(&elem);
        p = end;
    }
    return NULL;
}

static char *
live_xml(virDomainPtr dom, unsigned int flags)
{
    char *xml = virDomainGetXMLDesc(dom, flags);

    g_assert_nonnull(xml);
    return xml;
}

/* The live definition loses the interface of mac (the removal finished). */
static bool
wait_interface_gone(virDomainPtr dom, const char *mac, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

    for (;;) {
        g_autofree char *xml = live_xml(dom, 0);

        if (!strstr(xml, mac))
            return true;
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(100000);
    }
}

/* The guest kernel's line for a PCI function it found at slot (hex),
 * e.g. "pci 0000:00:03.0: [8086:100e]". */
static bool
wait_guest_pci(const char *log, const char *slot, const char *ids)
{
    unsigned int n = (unsigned int) g_ascii_strtoull(slot, NULL, 16);
    g_autofree char *needle = g_strdup_printf("pci 0000:00:%02x.0: [%s]", n, ids);

    return mv_test_wait_file_contains(log, needle, GUEST_TIMEOUT_MS);
}

static void
expect_error(int rc, int code, const char *part)
{
    virErrorPtr err = virGetLastError();

    g_assert_cmpint(rc, ==, -1);
    g_assert_nonnull(err);
    g_printerr("expected error: %s\n", err->message);
    g_assert_cmpint(err->code, ==, code);
    if (part)
        g_assert_nonnull(strstr(err->message, part));
}

/* ---- the device-removed event ------------------------------------------------- */

/* python3-libvirt: one device-removed event, printed as "ALIAS on NAME". */
static const char device_removed_py[] =
    "import sys, libvirt\n"
    "libvirt.virEventRegisterDefaultImpl()\n"
    "conn = libvirt.open(sys.argv[1])\n"
    "seen = []\n"
    "def cb(conn, dom, alias, opaque):\n"
    "    print('%s on %s' % (alias, dom.name()), flush=True)\n"
    "    seen.append(alias)\n"
    "conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, cb, None)\n"
    "print('registered', flush=True)\n"
    "while not seen:\n"
    "    libvirt.virEventRunDefaultImpl()\n";

/* Listeners of the device-removed event: Debian's virsh (filtered on the
 * domain), modvirt (libmodvirt) and python3-libvirt, each its own client. */
typedef struct {
    pid_t virsh;
    pid_t modvirt;
    pid_t python;
    char *virsh_out;
    char *modvirt_out;
    char *python_out;
} RemovedListeners;

static guint
registrations_seen(void)
{
    return mv_test_count_in_file(ctx.qemud->stderr_path, "domain event 15 registered as callback");
}

/* Starts the listeners and waits until qemud has each one's registration. */
static void
removed_listeners_start(RemovedListeners *l, const char *name)
{
    g_autofree char *virsh = g_find_program_in_path("virsh");
    g_autofree char *modvirt = mv_test_built_file("tools/modvirt");
    guint want = registrations_seen();
    gint64 deadline = g_get_monotonic_time() + TOOL_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

    memset(l, 0, sizeof(*l));
    if (virsh) {
        const char *argv[] = { virsh, "-c", ctx.uri, "event", "--domain", name, "--event",
                               "device-removed", "--loop", "--timeout", "300", NULL };

        l->virsh_out = g_build_filename(ctx.root, "virsh-device-removed.out", NULL);
        l->virsh = mv_test_spawn(argv, l->virsh_out, NULL);
        g_assert_cmpint(l->virsh, >, 0);
        want++;
    } else {
        g_printerr("# virsh is not installed: its device-removed part is skipped\n");
    }
    {
        const char *argv[] = { modvirt, "-c", ctx.uri, "event", "--event", "device-removed",
                               "--loop", "--timeout", "300", NULL };

        g_assert_nonnull(modvirt);
        l->modvirt_out = g_build_filename(ctx.root, "modvirt-device-removed.out", NULL);
        l->modvirt = mv_test_spawn(argv, l->modvirt_out, NULL);
        g_assert_cmpint(l->modvirt, >, 0);
        want++;
    }
    if (g_file_test("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)) {
        const char *argv[] = { "/usr/bin/python3", "-c", device_removed_py, ctx.uri, NULL };

        l->python_out = g_build_filename(ctx.root, "python-device-removed.out", NULL);
        l->python = mv_test_spawn(argv, l->python_out, NULL);
        g_assert_cmpint(l->python, >, 0);
        if (!mv_test_wait_file_contains(l->python_out, "registered", TOOL_TIMEOUT_MS)) {
            /* No python3-libvirt: that part is skipped. */
            g_assert_true(mv_test_wait_exit(l->python, MV_TEST_STOP_TIMEOUT_MS, NULL));
            g_printerr("# python3-libvirt did not register: its part is skipped\n");
            l->python = 0;
        } else {
            want++;
        }
    }
    while (registrations_seen() < want) {
        if (g_get_monotonic_time() >= deadline) {
            mv_test_print_file(ctx.qemud->stderr_path);
            g_error("qemud did not see %u device-removed registrations", want);
        }
        g_usleep(50000);
    }
}

/* Each listener got exactly the one event for alias of name. */
static void
removed_listeners_check(RemovedListeners *l, const char *name, const char *alias)
{
    g_autofree char *line = g_strdup_printf("event 'device-removed' for domain '%s': %s\n",
                                            name, alias);
    g_autofree char *want = g_strdup_printf("%sevent loop interrupted\nevents received: 1\n",
                                            line);
    int status = 0;

    if (l->virsh) {
        g_autofree char *out = NULL;

        g_assert_true(mv_test_interrupt_after_output(l->virsh, l->virsh_out, line,
                                                     TOOL_TIMEOUT_MS, &status));
        g_assert_true(g_file_get_contents(l->virsh_out, &out, NULL, NULL));
        g_printerr("virsh event --event device-removed: %s", out);
        g_assert_true(g_str_has_prefix(out, want));
        g_assert_true(WIFEXITED(status));
        g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    }
    {
        g_autofree char *out = NULL;

        g_assert_true(mv_test_interrupt_after_output(l->modvirt, l->modvirt_out, line,
                                                     TOOL_TIMEOUT_MS, &status));
        g_assert_true(g_file_get_contents(l->modvirt_out, &out, NULL, NULL));
        g_printerr("modvirt event --event device-removed: %s", out);
        g_assert_true(g_str_has_prefix(out, want));
        g_assert_true(WIFEXITED(status));
        g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    }
    if (l->python) {
        g_autofree char *out = NULL;
        g_autofree char *expect = g_strdup_printf("registered\n%s on %s\n", alias, name);
        bool exited = mv_test_wait_exit(l->python, TOOL_TIMEOUT_MS, &status);

        if (!exited)
            kill(l->python, SIGKILL);
        g_assert_true(g_file_get_contents(l->python_out, &out, NULL, NULL));
        g_printerr("python3-libvirt device-removed: %s", out);
        g_assert_true(exited);
        g_assert_cmpstr(out, ==, expect);
        g_assert_true(WIFEXITED(status));
        g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    }
    g_free(l->virsh_out);
    g_free(l->modvirt_out);
    g_free(l->python_out);
}

/* ---- a running guest ---------------------------------------------------------- */

/* Starts hp1 (no NIC) and waits until its kernel runs its init, so that
 * it answers ACPI hot plug. */
static virDomainPtr
start_guest(const char *name)
{
    g_autofree char *xml = domain_xml(name, "");
    g_autofree char *log = mv_test_guest_serial_log(ctx.root, name);
    virDomainPtr dom = virDomainDefineXML(ctx.conn, xml);

    g_assert_nonnull(dom);
    if (virDomainCreate(dom) < 0) {
        mv_test_virt_print_error("start");
        mv_test_print_file(ctx.qemud->stderr_path);
        g_assert_not_reached();
    }
    if (!mv_test_wait_file_contains(log, "MODVIRT-GUEST-BOOTED", BOOT_TIMEOUT_MS)) {
        mv_test_print_file(log);
        g_error("the guest did not boot within %d ms", BOOT_TIMEOUT_MS);
    }
    return dom;
}

/* Runs a tool's argv into *out and *err (freed first); with what, prints
 * "what: exit code, stdout, stderr". Its exit code, -1 on timeout. */
static int
run_tool(const char *const *argv, const char *what, char **out, char **err)
{
    int rc;

    g_clear_pointer(out, g_free);
    g_clear_pointer(err, g_free);
    rc = mv_test_run(argv, TOOL_TIMEOUT_MS, out, err);
    if (what)
        g_printerr("%s: %d %s%s", what, rc, *out, *err);
    return rc;
}

static void
body_live(gconstpointer data)
{
    const char *add_br[] = { "ip", "link", "add", BRIDGE, "type", "bridge", NULL };
    const char *up_br[] = { "ip", "link", "set", BRIDGE, "up", NULL };
    g_autofree char *log = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *nic = NULL;
    g_autofree char *slot = NULL;
    g_autofree char *tap = NULL;
    g_autofree char *master = NULL;
    g_autofree char *status = NULL;
    g_autofree char *status_path = NULL;
    virDomainPtr dom;

    RemovedListeners listeners;

    ctx.root = mv_test_root_new();
    mv_test_tool_check(add_br);
    mv_test_tool_check(up_br);
    /* The event registrations in qemud's log, for the listeners' start. */
    g_setenv("MODVIRT_LOG_FILTERS", "1:daemon.events", TRUE);
    mv_test_guest_env_start_qemud(&ctx);
    dom = start_guest("hp1");
    log = mv_test_guest_serial_log(ctx.root, "hp1");

    /* type='user', AFFECT_LIVE: alias net0, a PCI slot, the guest sees an e1000. */
    if (virDomainAttachDeviceFlags(dom, user_nic, VIR_DOMAIN_AFFECT_LIVE) < 0) {
        mv_test_virt_print_error("attach user");
        mv_test_print_file(ctx.qemud->stderr_path);
        g_assert_not_reached();
    }
    xml = live_xml(dom, 0);
    nic = interface_of(xml, USER_MAC);
    g_assert_nonnull(nic);
    g_assert_nonnull(strstr(nic, "<alias name='net0'/>"));
    g_assert_nonnull(strstr(nic, "<model type='e1000'/>"));
    slot = mv_test_xml_attr(nic, "address", NULL, "slot");
    g_assert_nonnull(slot);
    g_assert_nonnull(strstr(nic, "<address type='pci' domain='0x0000' bus='0x00'"));
    if (!wait_guest_pci(log, slot, "8086:100e")) {
        mv_test_print_file(log);
        g_error("the guest did not see the e1000 at slot %s", slot);
    }
    /* Live only: the persistent definition has no NIC. */
    g_clear_pointer(&xml, g_free);
    xml = live_xml(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_null(strstr(xml, "<interface"));

    /* type='bridge' by the call without flags (live): a tap on the bridge. */
    if (virDomainAttachDevice(dom, bridge_nic) < 0) {
        mv_test_virt_print_error("attach bridge");
        mv_test_print_file(ctx.qemud->stderr_path);
        g_assert_not_reached();
    }
    g_clear_pointer(&xml, g_free);
    g_clear_pointer(&nic, g_free);
    g_clear_pointer(&slot, g_free);
    xml = live_xml(dom, 0);
    nic = interface_of(xml, BRIDGE_MAC);
    g_assert_nonnull(nic);
    g_assert_nonnull(strstr(nic, "<alias name='net1'/>"));
    tap = mv_test_xml_attr(nic, "target", NULL, "dev");
    g_assert_cmpstr(tap, ==, "vnet0");
    g_assert_true(mv_test_link_exists(tap));
    master = mv_test_link_master(tap);
    g_assert_cmpstr(master, ==, BRIDGE);
    slot = mv_test_xml_attr(nic, "address", NULL, "slot");
    g_assert_nonnull(slot);
    if (!wait_guest_pci(log, slot, "1af4:1000")) {
        mv_test_print_file(log);
        g_error("the guest did not see the virtio NIC at slot %s", slot);
    }
    /* The status file knows it, for a restarted qemud. */
    status_path = g_build_filename(ctx.root, "run", "modvirt", "qemu", "hp1.xml", NULL);
    g_assert_true(g_file_get_contents(status_path, &status, NULL, NULL));
    g_assert_nonnull(strstr(status, BRIDGE_MAC));
    g_assert_nonnull(strstr(status, "<target dev='vnet0'/>"));

    /* Errors leave nothing: a missing bridge (no new tap), a device kind
     * not served, an unknown MAC to detach, bad flags. */
    expect_error(virDomainAttachDeviceFlags(dom,
                     "<interface type='bridge'><source bridge='nosuchbr0'/></interface>",
                     VIR_DOMAIN_AFFECT_LIVE), VIR_ERR_OPERATION_FAILED, "there is no bridge 'nosuchbr0'");
    g_assert_cmpuint(mv_test_link_count("vnet"), ==, 1);
    expect_error(virDomainAttachDevice(dom, "<disk type='file' device='disk'/>"),
                 VIR_ERR_OPERATION_UNSUPPORTED, "live attach of device 'disk' is not supported");
    expect_error(virDomainDetachDevice(dom, "<interface type='user'><mac address='52:54:00:00:00:99'/></interface>"),
                 VIR_ERR_DEVICE_MISSING, "52:54:00:00:00:99");
    expect_error(virDomainAttachDeviceFlags(dom, user_nic, 0x100), VIR_ERR_INVALID_ARG,
                 "unsupported flags (0x100)");
    expect_error(virDomainAttachDevice(dom, "<interface"), VIR_ERR_XML_ERROR, NULL);
    g_clear_pointer(&xml, g_free);
    xml = live_xml(dom, 0);
    g_assert_nonnull(strstr(xml, USER_MAC));
    g_assert_nonnull(strstr(xml, BRIDGE_MAC));
    g_assert_null(strstr(xml, "nosuchbr0"));

    /* Detach: device_del, DEVICE_DELETED, netdev_del; the tap goes; the
     * device-removed event names the alias. */
    removed_listeners_start(&listeners, "hp1");
    if (virDomainDetachDeviceFlags(dom, bridge_nic, VIR_DOMAIN_AFFECT_LIVE) < 0) {
        mv_test_virt_print_error("detach bridge");
        mv_test_print_file(ctx.qemud->stderr_path);
        g_assert_not_reached();
    }
    if (!wait_interface_gone(dom, BRIDGE_MAC, GUEST_TIMEOUT_MS)) {
        mv_test_print_file(ctx.qemud->stderr_path);
        g_error("the bridge NIC is still in the live XML");
    }
    g_assert_false(mv_test_link_exists(tap));
    g_assert_cmpuint(mv_test_link_count("vnet"), ==, 0);
    g_assert_true(mv_test_wait_file_contains(ctx.qemud->stderr_path, "DEVICE_DELETED", 1000));
    removed_listeners_check(&listeners, "hp1", "net1");

    if (virDomainDetachDevice(dom, user_nic) < 0) {
        mv_test_virt_print_error("detach user");
        g_assert_not_reached();
    }
    g_assert_true(wait_interface_gone(dom, USER_MAC, GUEST_TIMEOUT_MS));
    g_clear_pointer(&status, g_free);
    g_assert_true(g_file_get_contents(status_path, &status, NULL, NULL));
    g_assert_null(strstr(status, USER_MAC));

    /* Debian's virsh: attach-device / detach-device --live of a type='user' NIC. */
    {
        g_autofree char *virsh = g_find_program_in_path("virsh");

        if (!virsh) {
            g_printerr("# virsh is not installed: its part is skipped\n");
        } else {
            g_autofree char *file = g_build_filename(ctx.root, "nic.xml", NULL);
            g_autofree char *out = NULL;
            g_autofree char *err = NULL;
            const char *attach[] = { virsh, "-c", ctx.uri, "attach-device", "hp1", file, "--live", NULL };
            const char *detach[] = { virsh, "-c", ctx.uri, "detach-device", "hp1", file, "--live", NULL };
            const char *attach_old[] = { virsh, "-c", ctx.uri, "attach-device", "hp1", file, NULL };
            const char *detach_old[] = { virsh, "-c", ctx.uri, "detach-device", "hp1", file, NULL };
            int rc;

            g_assert_true(g_file_set_contents(file,
                "<interface type='user'><mac address='" VIRSH_MAC "'/><model type='rtl8139'/></interface>\n",
                -1, NULL));
            rc = run_tool(attach, "virsh attach-device", &out, &err);
            g_assert_cmpint(rc, ==, 0);
            g_assert_nonnull(strstr(out, "Device attached successfully"));
            g_clear_pointer(&xml, g_free);
            xml = live_xml(dom, 0);
            g_assert_nonnull(strstr(xml, VIRSH_MAC));
            rc = run_tool(detach, "virsh detach-device", &out, &err);
            g_assert_cmpint(rc, ==, 0);
            g_assert_nonnull(strstr(out, "Device detached successfully"));
            g_assert_true(wait_interface_gone(dom, VIRSH_MAC, GUEST_TIMEOUT_MS));
            /* Without flags: procedures 8 and 13. */
            rc = run_tool(attach_old, NULL, &out, &err);
            g_assert_cmpint(rc, ==, 0);
            rc = run_tool(detach_old, NULL, &out, &err);
            g_assert_cmpint(rc, ==, 0);
            g_assert_true(wait_interface_gone(dom, VIRSH_MAC, GUEST_TIMEOUT_MS));
            /* A detach of what is not there: virsh's error line and exit 1. */
            rc = run_tool(detach, "virsh detach-device again", &out, &err);
            g_assert_cmpint(rc, !=, 0);
            g_assert_nonnull(strstr(err, "error: Failed to detach device from"));
            g_assert_nonnull(strstr(err, VIRSH_MAC));

            /* attach-interface / detach-interface build and pick the XML themselves. */
            {
                const char *attach_if[] = { virsh, "-c", ctx.uri, "attach-interface", "hp1",
                                            "--type", "bridge", "--source", BRIDGE, "--mac", VIRSH_MAC,
                                            "--model", "e1000", "--live", NULL };
                const char *detach_if[] = { virsh, "-c", ctx.uri, "detach-interface", "hp1",
                                            "--type", "bridge", "--mac", VIRSH_MAC, "--live", NULL };
                const char *update[] = { virsh, "-c", ctx.uri, "update-device", "hp1", file,
                                         "--live", NULL };

                rc = run_tool(attach_if, "virsh attach-interface", &out, &err);
                g_assert_cmpint(rc, ==, 0);
                g_assert_nonnull(strstr(out, "Interface attached successfully"));
                g_clear_pointer(&xml, g_free);
                xml = live_xml(dom, 0);
                g_assert_nonnull(strstr(xml, VIRSH_MAC));
                rc = run_tool(detach_if, "virsh detach-interface", &out, &err);
                g_assert_cmpint(rc, ==, 0);
                g_assert_nonnull(strstr(out, "Interface detached successfully"));
                g_assert_true(wait_interface_gone(dom, VIRSH_MAC, GUEST_TIMEOUT_MS));
                /* update-device is not served: a clear NO_SUPPORT. */
                rc = run_tool(update, "virsh update-device", &out, &err);
                g_assert_cmpint(rc, ==, 1);
                g_assert_nonnull(strstr(err, "this function is not supported by the connection "
                                             "driver: virDomainUpdateDeviceFlags"));
            }
        }
    }

    /* modvirt attach-interface / detach-interface (and -device) the same way. */
    {
        g_autofree char *modvirt = mv_test_built_file("tools/modvirt");
        g_autofree char *file = g_build_filename(ctx.root, "nic2.xml", NULL);
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;
        const char *attach_if[] = { modvirt, "-c", ctx.uri, "attach-interface", "hp1", "--type",
                                    "bridge", "--source", BRIDGE, "--mac", VIRSH_MAC, "--model",
                                    "virtio", "--live", NULL };
        const char *detach_if[] = { modvirt, "-c", ctx.uri, "detach-interface", "hp1", "--type",
                                    "bridge", "--mac", VIRSH_MAC, "--live", NULL };
        const char *attach_dev[] = { modvirt, "-c", ctx.uri, "attach-device", "hp1", file, NULL };
        const char *detach_dev[] = { modvirt, "-c", ctx.uri, "detach-device", "hp1", file,
                                     "--current", NULL };
        int rc;

        g_assert_nonnull(modvirt);
        rc = run_tool(attach_if, "modvirt attach-interface", &out, &err);
        g_assert_cmpint(rc, ==, 0);
        g_assert_cmpstr(out, ==, "Interface attached successfully\n\n");
        g_clear_pointer(&xml, g_free);
        g_clear_pointer(&nic, g_free);
        g_clear_pointer(&tap, g_free);
        xml = live_xml(dom, 0);
        nic = interface_of(xml, VIRSH_MAC);
        g_assert_nonnull(nic);
        tap = mv_test_xml_attr(nic, "target", NULL, "dev");
        g_assert_nonnull(tap);
        g_assert_true(mv_test_link_exists(tap));
        rc = run_tool(detach_if, "modvirt detach-interface", &out, &err);
        g_assert_cmpint(rc, ==, 0);
        g_assert_cmpstr(out, ==, "Interface detached successfully\n\n");
        g_assert_true(wait_interface_gone(dom, VIRSH_MAC, GUEST_TIMEOUT_MS));
        g_assert_false(mv_test_link_exists(tap));

        g_assert_true(g_file_set_contents(file, user_nic, -1, NULL));
        rc = run_tool(attach_dev, NULL, &out, &err);
        g_assert_cmpint(rc, ==, 0);
        g_assert_cmpstr(out, ==, "Device attached successfully\n\n");
        rc = run_tool(detach_dev, NULL, &out, &err);
        g_assert_cmpint(rc, ==, 0);
        g_assert_cmpstr(out, ==, "Device detached successfully\n\n");
        g_assert_true(wait_interface_gone(dom, USER_MAC, GUEST_TIMEOUT_MS));
        /* Nothing left to detach: virsh's lines and exit code 1. */
        rc = run_tool(detach_if, NULL, &out, &err);
        g_assert_cmpint(rc, ==, 1);
        g_assert_cmpstr(err, ==, "error: No interface found whose type is bridge\n"
                                 "error: Failed to detach interface\n");
    }

    /* A guest that does not let go in time (paused): the detach returns
     * after its bounded wait with the device still there; the removal
     * completes, with its device-removed event, when DEVICE_DELETED
     * comes after the resume. */
    {
        g_autofree char *alias = NULL;
        guint seen = mv_test_count_in_file(log, ": [1af4:1000]");
        gint64 deadline = g_get_monotonic_time() + GUEST_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
        gint64 t0;
        gint64 waited_ms;

        g_assert_cmpint(virDomainAttachDevice(dom, bridge_nic), ==, 0);
        g_clear_pointer(&xml, g_free);
        g_clear_pointer(&nic, g_free);
        g_clear_pointer(&slot, g_free);
        g_clear_pointer(&tap, g_free);
        xml = live_xml(dom, 0);
        nic = interface_of(xml, BRIDGE_MAC);
        g_assert_nonnull(nic);
        tap = mv_test_xml_attr(nic, "target", NULL, "dev");
        g_assert_nonnull(tap);
        g_assert_true(mv_test_link_exists(tap));
        slot = mv_test_xml_attr(nic, "address", NULL, "slot");
        alias = mv_test_xml_attr(nic, "alias", NULL, "name");
        g_assert_nonnull(alias);
        /* The guest has the device before it is asked to let go of it. */
        while (mv_test_count_in_file(log, ": [1af4:1000]") <= seen) {
            g_assert_cmpint(g_get_monotonic_time(), <, deadline);
            g_usleep(100000);
        }
        g_assert_cmpint(virDomainSuspend(dom), ==, 0);
        removed_listeners_start(&listeners, "hp1");
        t0 = g_get_monotonic_time();
        g_assert_cmpint(virDomainDetachDevice(dom, bridge_nic), ==, 0);
        waited_ms = (g_get_monotonic_time() - t0) / 1000;
        g_printerr("detach of a paused guest's NIC returned after %" G_GINT64_FORMAT " ms\n",
                   waited_ms);
        g_assert_cmpint(waited_ms, >=, 4500);
        g_assert_cmpint(waited_ms, <, 15000);
        g_clear_pointer(&xml, g_free);
        xml = live_xml(dom, 0);
        g_assert_nonnull(strstr(xml, BRIDGE_MAC));
        g_assert_true(mv_test_link_exists(tap));
        g_assert_cmpint(virDomainResume(dom), ==, 0);
        if (!wait_interface_gone(dom, BRIDGE_MAC, GUEST_TIMEOUT_MS)) {
            mv_test_print_file(ctx.qemud->stderr_path);
            g_error("the removal did not complete after the resume");
        }
        g_assert_false(mv_test_link_exists(tap));
        removed_listeners_check(&listeners, "hp1", alias);
    }

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpuint(mv_test_link_count("vnet"), ==, 0);
    virDomainFree(dom);
    teardown();
}

/* The interface a staged status file says was being plugged. */
#define PLUGGING_PORT "7b3e2d1c-0a9f-4e8d-b7c6-5a4f3e2d1c0b"
#define PLUGGING_OWNER "00000000-0000-0000-0000-000000000000"
#define PLUGGING_MAC "52:54:00:aa:00:77"

/* type='network': networkd's port lives exactly as long as the NIC. */
static void
body_network(gconstpointer data)
{
    const char *net_nic =
        "<interface type='network'><mac address='" BRIDGE_MAC "'/><source network='nat1'/>"
        "<model type='e1000'/></interface>";
    g_autofree char *xml = NULL;
    g_autofree char *nic = NULL;
    g_autofree char *tap = NULL;
    g_autofree char *master = NULL;
    g_autofree char *slot = NULL;
    g_autofree char *log = NULL;
    virNetworkPtr net;
    virDomainPtr dom;

    ctx.root = mv_test_root_new();
    mv_test_guest_env_start_networkd(&ctx);
    net = virNetworkCreateXML(ctx.netconn, nat_xml);
    if (!net) {
        mv_test_virt_print_error("network");
        mv_test_print_file(ctx.networkd->stderr_path);
        g_assert_not_reached();
    }
    mv_test_guest_env_start_qemud(&ctx);
    dom = start_guest("hpn");
    log = mv_test_guest_serial_log(ctx.root, "hpn");

    if (virDomainAttachDeviceFlags(dom, net_nic, VIR_DOMAIN_AFFECT_LIVE) < 0) {
        mv_test_virt_print_error("attach network");
        mv_test_print_file(ctx.qemud->stderr_path);
        g_assert_not_reached();
    }
    g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 1);
    xml = live_xml(dom, 0);
    nic = interface_of(xml, BRIDGE_MAC);
    g_assert_nonnull(nic);
    g_assert_nonnull(strstr(nic, "portid='"));
    g_assert_nonnull(strstr(nic, "bridge='mvhnat0'"));
    tap = mv_test_xml_attr(nic, "target", NULL, "dev");
    g_assert_nonnull(tap);
    master = mv_test_link_master(tap);
    g_assert_cmpstr(master, ==, "mvhnat0");
    slot = mv_test_xml_attr(nic, "address", NULL, "slot");
    g_assert_true(wait_guest_pci(log, slot, "8086:100e"));

    /* An unknown network: networkd's error, no port, no tap. */
    expect_error(virDomainAttachDeviceFlags(dom,
                     "<interface type='network'><source network='nonet'/></interface>",
                     VIR_DOMAIN_AFFECT_LIVE), VIR_ERR_NO_NETWORK, "'nonet'");
    g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 1);
    g_assert_cmpuint(mv_test_link_count("vnet"), ==, 1);

    /* qemud killed -9 and started again: the status file holds the
     * plugged NIC, so the new daemon unplugs it and deletes its port. */
    virDomainFree(dom);
    mv_test_guest_env_kill_qemud(&ctx);
    mv_test_guest_env_start_qemud(&ctx);
    dom = virDomainLookupByName(ctx.conn, "hpn");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    g_clear_pointer(&xml, g_free);
    xml = live_xml(dom, 0);
    g_assert_nonnull(strstr(xml, BRIDGE_MAC));
    g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 1);

    /* qemud killed -9 in an attach, after networkd made the port and
     * before QEMU had the device: the status file names the interface
     * being plugged (staged here with a real port: the window cannot be
     * hit on purpose), and the next qemud deletes its port. */
    virDomainFree(dom);
    mv_test_guest_env_kill_qemud(&ctx);
    {
        g_autofree char *status = g_build_filename(ctx.root, "run", "modvirt", "qemu", "hpn.xml",
                                                   NULL);
        g_autofree char *text = NULL;
        g_autofree char *staged = NULL;
        char *end;
        virNetworkPortPtr port = virNetworkPortCreateXML(net,
            "<networkport><uuid>" PLUGGING_PORT "</uuid>"
            "<owner><name>hpn</name><uuid>" PLUGGING_OWNER "</uuid></owner>"
            "<mac address='" PLUGGING_MAC "'/></networkport>", 0);
        gint64 deadline = g_get_monotonic_time() + GUEST_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

        g_assert_nonnull(port);
        virNetworkPortFree(port);
        g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 2);
        g_assert_true(g_file_get_contents(status, &text, NULL, NULL));
        g_assert_null(strstr(text, "<plugging>"));
        end = strstr(text, "</domstatus>");
        g_assert_nonnull(end);
        *end = '\0';
        staged = g_strconcat(text,
                             "<plugging><interface type='network'>"
                             "<mac address='" PLUGGING_MAC "'/>"
                             "<source network='nat1' portid='" PLUGGING_PORT "' bridge='mvhnat0'/>"
                             "<model type='e1000'/><alias name='net9'/>"
                             "</interface></plugging>\n</domstatus>\n", NULL);
        g_assert_true(g_file_set_contents(status, staged, -1, NULL));
        mv_test_guest_env_start_qemud(&ctx);
        while (mv_test_guest_count_ports(ctx.netconn, "nat1") != 1) {
            if (g_get_monotonic_time() >= deadline) {
                mv_test_print_file(ctx.qemud->stderr_path);
                g_error("the port of the interface being plugged was not deleted");
            }
            g_usleep(100000);
        }
    }
    dom = virDomainLookupByName(ctx.conn, "hpn");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    g_clear_pointer(&xml, g_free);
    xml = live_xml(dom, 0);
    g_assert_nonnull(strstr(xml, BRIDGE_MAC));
    g_assert_null(strstr(xml, PLUGGING_MAC));

    g_assert_cmpint(virDomainDetachDevice(dom, net_nic), ==, 0);
    g_assert_true(wait_interface_gone(dom, BRIDGE_MAC, GUEST_TIMEOUT_MS));
    g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 0);
    g_assert_false(mv_test_link_exists(tap));

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    virDomainFree(dom);
    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    virNetworkFree(net);
    teardown();
}

/* ---- in namespaces, or not ---------------------------------------------------- */

static bool
require_qemud(void)
{
    g_autofree char *qemud = mv_test_daemon_binary("qemud");

    if (!qemud) {
        g_test_skip("MODVIRT_BUILDDIR is not set or modvirt-qemud is not built");
        return false;
    }
    return true;
}

/* Root, the tools, the assets: true when all is there, else skipped. */
static bool
require_live(bool need_network)
{
    static const char *const net_tools[] = { "nft", "dnsmasq" };
    g_autofree char *qemu = g_find_program_in_path("qemu-system-x86_64");
    g_autofree char *ip = mv_test_find_tool("ip");
    g_autofree char *networkd = mv_test_daemon_binary("networkd");

    if (!require_qemud())
        return false;
    if (geteuid() != 0) {
        g_test_skip("needs root for network namespaces, bridges and taps");
        return false;
    }
    if (!qemu) {
        g_test_skip("qemu-system-x86_64 is not installed");
        return false;
    }
    if (!ip) {
        g_test_skip("'ip' is not installed");
        return false;
    }
    if (access("/dev/net/tun", R_OK | W_OK) < 0) {
        g_test_skip("/dev/net/tun is not usable: no taps on this host");
        return false;
    }
    for (size_t i = 0; need_network && i < G_N_ELEMENTS(net_tools); i++) {
        g_autofree char *path = mv_test_find_tool(net_tools[i]);

        if (!path) {
            g_autofree char *reason = g_strdup_printf("'%s' is not installed", net_tools[i]);

            g_test_skip(reason);
            return false;
        }
    }
    if (need_network && !networkd) {
        g_test_skip("modvirt-networkd is not built");
        return false;
    }
    if (!assets) {
        g_test_skip("no guest assets (see the messages above)");
        return false;
    }
    return true;
}

/* A live case: its body, in ns_config's namespaces once require_live() allows it. */
typedef struct {
    MvTestNsBody body;
    bool need_network;
} LiveCase;

static void
run_live_case(gconstpointer data)
{
    const LiveCase *c = data;

    if (require_live(c->need_network))
        mv_test_ns_run(&ns_config, c->body, NULL);
}

/* AFFECT_CONFIG (and CURRENT) on a shut-off guest: the persistent XML,
 * on disk too; LIVE is refused; libvirt's matching and errors. */
static void
test_config(gconstpointer data G_GNUC_UNUSED)
{
    g_autofree char *xml = NULL;
    g_autofree char *config = NULL;
    g_autofree char *path = NULL;
    g_autofree char *nic = NULL;
    g_autofree char *config_nic = NULL;
    virDomainPtr dom;
    const char *cfg_nic =
        "<interface type='network'><mac address='" CONFIG_MAC "'/><source network='default'/>"
        "<model type='virtio'/></interface>";

    if (!require_qemud())
        return;
    setup();
    xml = domain_xml("cfg1", "");
    dom = virDomainDefineXML(ctx.conn, xml);
    g_assert_nonnull(dom);
    path = g_build_filename(ctx.root, "etc", "modvirt", "qemu", "cfg1.xml", NULL);

    expect_error(virDomainAttachDeviceFlags(dom, cfg_nic, VIR_DOMAIN_AFFECT_LIVE),
                 VIR_ERR_OPERATION_INVALID, "domain is not running");
    expect_error(virDomainAttachDevice(dom, cfg_nic), VIR_ERR_OPERATION_INVALID,
                 "domain is not running");

    g_assert_cmpint(virDomainAttachDeviceFlags(dom, cfg_nic, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_clear_pointer(&xml, g_free);
    xml = live_xml(dom, VIR_DOMAIN_XML_INACTIVE);
    nic = interface_of(xml, CONFIG_MAC);
    g_assert_nonnull(nic);
    /* The driver's defaults: a PCI address, no alias in a config. */
    g_assert_nonnull(strstr(nic, "<address type='pci' domain='0x0000' bus='0x00'"));
    g_assert_null(strstr(nic, "<alias"));
    g_assert_true(g_file_get_contents(path, &config, NULL, NULL));
    config_nic = interface_of(config, CONFIG_MAC);
    g_assert_cmpstr(config_nic, ==, nic);

    /* CURRENT on a shut-off guest is the config; a generated MAC is kept. */
    g_assert_cmpint(virDomainAttachDeviceFlags(dom, "<interface type='user'/>",
                                               VIR_DOMAIN_AFFECT_CURRENT), ==, 0);
    g_clear_pointer(&xml, g_free);
    xml = live_xml(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull(strstr(xml, "<interface type='user'>"));
    g_assert_nonnull(strstr(xml, "<mac address='52:54:00:"));
    /* No MAC matches every interface, as in libvirt; its own element is one. */
    expect_error(virDomainDetachDeviceFlags(dom, "<interface type='user'/>",
                                            VIR_DOMAIN_AFFECT_CONFIG),
                 VIR_ERR_OPERATION_FAILED, "multiple matching devices found");
    {
        g_autofree char *user = interface_of(xml, "type='user'");
        g_autofree char *elem = g_strconcat(user, "</interface>", NULL);

        g_assert_cmpint(virDomainDetachDeviceFlags(dom, elem, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    }

    /* Two of the same MAC: detach needs more to tell them apart. */
    g_assert_cmpint(virDomainAttachDeviceFlags(dom, cfg_nic, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    expect_error(virDomainDetachDeviceFlags(dom, cfg_nic, VIR_DOMAIN_AFFECT_CONFIG),
                 VIR_ERR_OPERATION_FAILED, "multiple devices matching MAC address " CONFIG_MAC " found");
    {
        g_autofree char *elem = g_strconcat(nic, "</interface>", NULL);

        g_assert_cmpint(virDomainDetachDeviceFlags(dom, elem, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    }
    g_assert_cmpint(virDomainDetachDeviceFlags(dom, cfg_nic, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_clear_pointer(&xml, g_free);
    xml = live_xml(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_null(strstr(xml, "<interface"));
    g_clear_pointer(&config, g_free);
    g_assert_true(g_file_get_contents(path, &config, NULL, NULL));
    g_assert_null(strstr(config, "<interface"));
    expect_error(virDomainDetachDeviceFlags(dom, cfg_nic, VIR_DOMAIN_AFFECT_CONFIG),
                 VIR_ERR_DEVICE_MISSING,
                 "no device found at address '(<null>)' matching MAC address '" CONFIG_MAC
                 "' and alias '(<null>)'");
    expect_error(virDomainAttachDeviceFlags(dom, "<hostdev mode='subsystem' type='pci'/>",
                                            VIR_DOMAIN_AFFECT_CONFIG),
                 VIR_ERR_OPERATION_UNSUPPORTED, "persistent attach of device 'hostdev' is not supported");
    expect_error(virDomainAttachDeviceFlags(dom, "<interface type='user'><mac address='zz'/></interface>",
                                            VIR_DOMAIN_AFFECT_CONFIG), VIR_ERR_XML_ERROR, "zz");
    virDomainFree(dom);

    /* A read-only connection is denied before the driver sees the call. */
    {
        g_autofree char *ro_uri = g_strdup_printf("qemu+unix:///system?socket=%s",
                                                  ctx.qemud->rw_socket);
        virConnectPtr ro = virConnectOpenReadOnly(ro_uri);
        virDomainPtr rodom;

        g_assert_nonnull(ro);
        rodom = virDomainLookupByName(ro, "cfg1");
        g_assert_nonnull(rodom);
        expect_error(virDomainAttachDeviceFlags(rodom, cfg_nic, VIR_DOMAIN_AFFECT_CONFIG),
                     VIR_ERR_OPERATION_DENIED, NULL);
        virDomainFree(rodom);
        virConnectClose(ro);
    }
    teardown();
}

int
main(int argc, char **argv)
{
    static const LiveCase live = { body_live, false };
    static const LiveCase network = { body_network, true };
    const MvTestGuestCase cases[] = {
        { "/qemud-hotplug/config", test_config, NULL },
        { "/qemud-hotplug/live", run_live_case, &live },
        { "/qemud-hotplug/network", run_live_case, &network },
        { NULL, NULL, NULL },
    };

    return mv_test_guest_main(&argc, &argv, &assets, cases);
}
