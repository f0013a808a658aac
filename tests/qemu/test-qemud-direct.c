/* Macvtap guest interfaces (type='direct', and network ports of plug type 'direct') of modvirt-qemud end to end, inside namespaces the test makes. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "guest.h"
#include "netns.h"
#include "testutil.h"

#define NS_TEST_TIMEOUT_MS 540000
#define BOOT_TIMEOUT_MS 180000
#define DHCP_TIMEOUT_MS 120000

/* Parents: veth ends; their peers stay here or go to the DHCP namespace. */
#define PARENT "mvtp0"
#define PEER "mvtp1"
#define PARENT2 "mvtq0"
#define PEER2 "mvtq1"
#define NAMED "mvtguest1"
#define MAC1 "52:54:00:bb:00:01"
#define MAC2 "52:54:00:bb:00:02"
#define MAC3 "52:54:00:bb:00:03"
#define MAC4 "52:54:00:bb:00:04"
#define DHCP_MAC "52:54:00:bb:00:10"
#define NET_MAC "52:54:00:bb:00:20"
#define DHCP_SERVER_IP "10.77.0.1"

static char *assets;

static const MvTestNsConfig ns_config = {
    .flags = MV_TEST_NS_MOUNT_PROC | MV_TEST_NS_MOUNT_SYS,
    .timeout_ms = NS_TEST_TIMEOUT_MS,
};

/* Skips the test, naming what is missing; true when all is there. */
static bool
require(const char *daemon2, const char *tool2)
{
    g_autofree char *qemu = g_find_program_in_path("qemu-system-x86_64");
    g_autofree char *qemud = mv_test_daemon_binary("qemud");
    g_autofree char *other = daemon2 ? mv_test_daemon_binary(daemon2) : NULL;
    g_autofree char *ip = mv_test_find_tool("ip");
    g_autofree char *tool = tool2 ? mv_test_find_tool(tool2) : NULL;

    if (geteuid() != 0) {
        g_test_skip("needs root for network namespaces and macvtap devices");
        return false;
    }
    if (!qemu) {
        g_test_skip("qemu-system-x86_64 is not installed");
        return false;
    }
    if (!qemud || (daemon2 && !other)) {
        g_test_skip("MODVIRT_BUILDDIR is not set or a daemon this test needs is not built");
        return false;
    }
    if (!ip || (tool2 && !tool)) {
        g_autofree char *reason = g_strdup_printf("'%s' is not installed", !ip ? "ip" : tool2);

        g_test_skip(reason);
        return false;
    }
    if (!assets) {
        g_test_skip("no guest assets (see the messages above)");
        return false;
    }
    return true;
}

/* ---- inside the namespaces ------------------------------------------------- */

/* qemud and networkd under the scenario's root. */
static MvTestGuestEnv ctx;
/* The namespace holding the DHCP server. */
static pid_t dhcp_ns;

static char *
domain_xml(const char *name, const char *cmdline_extra, const char *interfaces)
{
    return mv_test_guest_domain_xml(assets, ctx.root, name, cmdline_extra, interfaces);
}

/* `ip -d -o link show name`: the details line, which names kind and mode. */
static char *
link_details(const char *name)
{
    return mv_test_tool_output((const char *const[]) { "ip", "-d", "-o", "link", "show", name,
                                                       NULL });
}

static void
veth_pair(const char *a, const char *b)
{
    const char *add[] = { "ip", "link", "add", a, "type", "veth", "peer", "name", b, NULL };

    mv_test_tool_check(add);
}

static void
ns_setup(void)
{
    ctx.root = mv_test_root_new();
    dhcp_ns = 0;
}

static void
ns_teardown(void)
{
    if (dhcp_ns > 0) {
        mv_test_kill(dhcp_ns);
        dhcp_ns = 0;
    }
    mv_test_guest_env_stop(&ctx);
}

static bool
link_is_up(const char *ifname)
{
    g_autofree char *flags = mv_test_link_sysfs(ifname, "flags");

    return flags && (strtoul(flags, NULL, 16) & 0x1);
}

/* The macvtap name, kind, mode, MAC and lower device as asked, and up. */
static void
assert_macvtap(const char *name, const char *mode, const char *mac, const char *parent)
{
    g_autofree char *details = link_details(name);
    g_autofree char *want_mode = g_strdup_printf("macvtap mode %s ", mode);
    g_autofree char *address = mv_test_link_sysfs(name, "address");
    g_autofree char *lower = g_strdup_printf("lower_%s", parent);
    g_autofree char *lower_path = g_build_filename("/sys/class/net", name, lower, NULL);
    g_autofree char *iflink = mv_test_link_sysfs(name, "iflink");
    g_autofree char *parent_index = mv_test_link_sysfs(parent, "ifindex");

    if (!strstr(details, want_mode))
        g_printerr("%s: %s\n", name, details);
    g_assert_nonnull(strstr(details, want_mode));
    g_assert_cmpstr(address, ==, mac);
    g_assert_true(g_file_test(lower_path, G_FILE_TEST_EXISTS));
    g_assert_cmpstr(iflink, ==, parent_index);
    g_assert_true(link_is_up(name));
}

static bool
wait_inactive(virDomainPtr dom, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

    for (;;) {
        if (virDomainIsActive(dom) != 1)
            return true;
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(50000);
    }
}

static bool
wait_no_macvtap(unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

    while (mv_test_link_count("macvtap") > 0) {
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(20000);
    }
    return true;
}

static void
start_or_die(virDomainPtr dom, const char *what)
{
    if (virDomainCreate(dom) < 0) {
        mv_test_virt_print_error(what);
        mv_test_guest_env_print_logs(&ctx);
        g_assert_not_reached();
    }
}

/* A start that must fail with an error holding needle, leaving no macvtap. */
static void
assert_start_fails(const char *name, const char *ifaces, int code, const char *needle)
{
    g_autofree char *xml = domain_xml(name, "", ifaces);
    virDomainPtr dom = virDomainDefineXML(ctx.conn, xml);
    virErrorPtr err;

    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    err = virGetLastError();
    g_assert_nonnull(err);
    g_printerr("expected error: %s\n", err->message);
    if (code)
        g_assert_cmpint(err->code, ==, code);
    g_assert_nonnull(strstr(err->message, needle));
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    g_assert_cmpuint(mv_test_link_count("macvtap"), ==, 0);
    g_assert_false(mv_test_link_exists(NAMED));
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
}

/* Modes, MACs, names and lower devices; restarts; every stop; bad input. */
static void
body_basic(gconstpointer data)
{
    const char *ifaces =
        "<interface type='direct'><mac address='" MAC1 "'/>"
        "<source dev='" PARENT "' mode='bridge'/><model type='virtio'/></interface>"
        "<interface type='direct'><mac address='" MAC2 "'/>"
        "<source dev='" PARENT "' mode='vepa'/><target dev='" NAMED "'/>"
        "<model type='e1000'/></interface>"
        "<interface type='direct'><mac address='" MAC3 "'/>"
        "<source dev='" PARENT "' mode='private'/><model type='e1000'/></interface>"
        "<interface type='direct'><mac address='" MAC4 "'/>"
        "<source dev='" PARENT2 "' mode='passthrough'/><model type='rtl8139'/></interface>";
    g_autofree char *xml = NULL;
    g_autofree char *live = NULL;
    g_autofree char *log = NULL;
    g_autofree char *first = NULL;
    g_autofree char *third = NULL;
    g_autofree char *fourth = NULL;
    g_autofree char *cmdline = NULL;
    g_autofree char *parent2_mac = NULL;
    g_autofree char *value = NULL;
    virDomainPtr dom;
    pid_t qemu;

    ns_setup();
    veth_pair(PARENT, PEER);
    veth_pair(PARENT2, PEER2);
    g_assert_false(link_is_up(PARENT));
    parent2_mac = mv_test_link_sysfs(PARENT2, "address");
    mv_test_guest_env_start_qemud(&ctx);

    xml = domain_xml("d1", "", ifaces);
    log = mv_test_guest_serial_log(ctx.root, "d1");
    dom = virDomainDefineXML(ctx.conn, xml);
    g_assert_nonnull(dom);
    start_or_die(dom, "start d1");

    /* Generated names macvtap0, 1, 2 in order; the named one as asked. */
    live = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(live);
    first = mv_test_xml_attr(live, "target", "dev='macvtap", "dev");
    g_assert_cmpstr(first, ==, "macvtap0");
    g_assert_nonnull(strstr(live, "<target dev='" NAMED "'/>"));
    g_assert_nonnull(strstr(live, "<target dev='macvtap1'/>"));
    g_assert_nonnull(strstr(live, "<target dev='macvtap2'/>"));
    g_assert_nonnull(strstr(live, "<source dev='" PARENT "' mode='bridge'/>"));
    assert_macvtap("macvtap0", "bridge", MAC1, PARENT);
    assert_macvtap(NAMED, "vepa", MAC2, PARENT);
    assert_macvtap("macvtap1", "private", MAC3, PARENT);
    assert_macvtap("macvtap2", "passthru", MAC4, PARENT2);
    /* The parent was down: brought up, as libvirt does. */
    g_assert_true(link_is_up(PARENT));
    /* Passthrough: the parent has the guest's MAC while the guest runs. */
    value = mv_test_link_sysfs(PARENT2, "address");
    g_assert_cmpstr(value, ==, MAC4);
    g_clear_pointer(&value, g_free);

    /* QEMU got the macvtaps' fds as tap fds. */
    qemu = mv_test_guest_status_pid(ctx.root, "d1");
    g_assert_cmpint(qemu, >, 0);
    {
        g_autofree char *path = g_strdup_printf("/proc/%d/cmdline", (int) qemu);
        gsize len = 0;

        g_assert_true(g_file_get_contents(path, &cmdline, &len, NULL));
        for (gsize i = 0; i + 1 < len; i++)
            if (cmdline[i] == '\0')
                cmdline[i] = ' ';
        g_assert_nonnull(strstr(cmdline, "-netdev tap,fd="));
    }
    g_assert_true(mv_test_wait_file_contains(log, "MODVIRT-GUEST-BOOTED", BOOT_TIMEOUT_MS));

    /* kill -9 of qemud: the next one reads the macvtaps from the status. */
    mv_test_guest_env_kill_qemud(&ctx);
    mv_test_guest_env_start_qemud(&ctx);
    virDomainFree(dom);
    dom = virDomainLookupByName(ctx.conn, "d1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    g_free(live);
    live = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(live, "<target dev='macvtap0'/>"));
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpuint(mv_test_link_count("macvtap"), ==, 0);
    g_assert_false(mv_test_link_exists(NAMED));
    g_assert_true(mv_test_link_exists(PARENT));
    value = mv_test_link_sysfs(PARENT2, "address");
    g_assert_cmpstr(value, ==, parent2_mac);
    g_clear_pointer(&value, g_free);

    /* Unlike a tap, a macvtap outlives its QEMU: a guest that powers off
     * and a guest killed while qemud was down leave none either. */
    virDomainFree(dom);
    g_free(xml);
    xml = domain_xml("d2", "modvirt.poweroff=1",
                     "<interface type='direct'><source dev='" PARENT "' mode='bridge'/>"
                     "<model type='e1000'/></interface>");
    dom = virDomainCreateXML(ctx.conn, xml, 0);
    g_assert_nonnull(dom);
    g_assert_true(wait_inactive(dom, BOOT_TIMEOUT_MS));
    /* The guest shows shut off before its cleanup ran: wait for that. */
    g_assert_true(wait_no_macvtap(10000));
    virDomainFree(dom);

    dom = virDomainLookupByName(ctx.conn, "d1");
    g_assert_nonnull(dom);
    start_or_die(dom, "start d1 again");
    g_assert_cmpuint(mv_test_link_count("macvtap"), ==, 3);
    qemu = mv_test_guest_status_pid(ctx.root, "d1");
    g_assert_cmpint(qemu, >, 0);
    mv_test_guest_env_kill_qemud(&ctx);
    kill(qemu, SIGKILL);
    g_assert_true(mv_test_wait_pid_gone(qemu, MV_TEST_STOP_TIMEOUT_MS));
    g_assert_cmpuint(mv_test_link_count("macvtap"), ==, 3);
    mv_test_guest_env_start_qemud(&ctx);
    virDomainFree(dom);
    dom = virDomainLookupByName(ctx.conn, "d1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    g_assert_cmpuint(mv_test_link_count("macvtap"), ==, 0);
    g_assert_false(mv_test_link_exists(NAMED));
    value = mv_test_link_sysfs(PARENT2, "address");
    g_assert_cmpstr(value, ==, parent2_mac);
    g_clear_pointer(&value, g_free);
    virDomainFree(dom);

    /* Bad input: a clear error, and nothing left (the macvtap made for the
     * first interface goes again), nothing of anyone else deleted. */
    assert_start_fails("bad1",
                       "<interface type='direct'><source dev='" PARENT "' mode='bridge'/></interface>"
                       "<interface type='direct'><source dev='nosuchdev' mode='vepa'/></interface>",
                       VIR_ERR_OPERATION_FAILED, "there is no interface 'nosuchdev'");
    assert_start_fails("bad2",
                       "<interface type='direct'><source dev='" PARENT "' mode='bridge'/></interface>"
                       "<interface type='direct'><source dev='" PARENT "' mode='bridge'/>"
                       "<target dev='" PEER "'/></interface>",
                       VIR_ERR_OPERATION_FAILED,
                       "macvtap device '" PEER "' on '" PARENT "': an interface of that name exists");
    g_assert_true(mv_test_link_exists(PEER));
    assert_start_fails("bad3",
                       "<interface type='direct'><source dev='" PARENT "' mode='bridge'/>"
                       "<virtualport type='802.1Qbg'><parameters managerid='1' typeid='2' "
                       "typeidversion='3'/></virtualport></interface>",
                       VIR_ERR_CONFIG_UNSUPPORTED, "802.1Qbg");
    /* A name the next interface asks for, taken by an earlier failure's
     * victim, is not deleted by the undo of that start. */
    {
        const char *own[] = { "ip", "link", "add", "link", PARENT, "name", NAMED, "type",
                              "macvtap", "mode", "bridge", NULL };

        mv_test_tool_check(own);
        g_free(xml);
        xml = domain_xml("bad4", "",
                         "<interface type='direct'><source dev='nosuchdev' mode='vepa'/></interface>"
                         "<interface type='direct'><source dev='" PARENT "' mode='bridge'/>"
                         "<target dev='" NAMED "'/></interface>");
        dom = virDomainDefineXML(ctx.conn, xml);
        g_assert_nonnull(dom);
        g_assert_cmpint(virDomainCreate(dom), ==, -1);
        g_assert_true(mv_test_link_exists(NAMED));
        g_assert_cmpint(virDomainUndefine(dom), ==, 0);
        virDomainFree(dom);
    }
    ns_teardown();
}

/* Gives this mount namespace a /dev of its own without the host's
 * /dev/tapN nodes: a tmpfs holding bind mounts of the nodes the daemons
 * and QEMU need, built aside and moved onto /dev (nothing below ctx.root
 * ever leads into the host's /dev). wrong_tap names a node made to hold
 * another device's number, as when another network namespace has a
 * macvtap of that ifindex. */
static void
private_dev(const char *wrong_tap)
{
    static const char *const nodes[] = { "null", "zero", "full", "random", "urandom", "kvm",
                                         "vhost-net", NULL };
    g_autofree char *stage = g_dir_make_tmp("mvt-dev-XXXXXX", NULL);

    g_assert_nonnull(stage);
    g_assert_cmpint(mount("tmpfs", stage, "tmpfs", MS_NOSUID, "mode=0755"), ==, 0);
    for (size_t i = 0; nodes[i]; i++) {
        g_autofree char *host = g_build_filename("/dev", nodes[i], NULL);
        g_autofree char *path = g_build_filename(stage, nodes[i], NULL);

        if (!g_file_test(host, G_FILE_TEST_EXISTS))
            continue;
        g_assert_true(g_file_set_contents(path, "", 0, NULL));
        g_assert_cmpint(mount(host, path, NULL, MS_BIND, NULL), ==, 0);
    }
    if (wrong_tap) {
        g_autofree char *path = g_build_filename(stage, wrong_tap, NULL);

        g_assert_cmpint(mknod(path, S_IFCHR | 0600, makedev(1, 3)), ==, 0);
    }
    g_assert_cmpint(mount(stage, "/dev", NULL, MS_MOVE, NULL), ==, 0);
    g_assert_cmpint(rmdir(stage), ==, 0);
}

/* The DHCP namespace's init: waits for its veth end, gives it the server's
 * address and runs dnsmasq as a DHCP server on it (until killed). */
static void
dhcp_server(const char *leases)
{
    g_autofree char *ip = mv_test_find_tool("ip");
    g_autofree char *dnsmasq = mv_test_find_tool("dnsmasq");
    g_autofree char *leasefile = g_strdup_printf("--dhcp-leasefile=%s", leases);
    const char *addr[] = { ip, "addr", "add", DHCP_SERVER_IP "/24", "dev", PEER, NULL };
    const char *up[] = { ip, "link", "set", PEER, "up", NULL };
    const char *argv[] = {
        dnsmasq, "--no-daemon", "--conf-file=/dev/null", "--port=0", "--user=root",
        "--bind-interfaces", "--interface=" PEER, "--except-interface=lo",
        "--dhcp-range=10.77.0.10,10.77.0.50,255.255.255.0", leasefile, "--pid-file=",
        "--log-dhcp", NULL,
    };
    gint64 deadline = g_get_monotonic_time() + 10 * G_TIME_SPAN_SECOND;

    /* A /sys of this network namespace, to see the peer arrive. */
    if (mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
        g_printerr("DHCP namespace: cannot mount /sys: %s\n", g_strerror(errno));
        _exit(1);
    }
    while (!mv_test_link_exists(PEER) && g_get_monotonic_time() < deadline)
        g_usleep(20000);
    if (!mv_test_link_exists(PEER) ||
        mv_test_run(addr, MV_TEST_TOOL_TIMEOUT_MS, NULL, NULL) != 0 ||
        mv_test_run(up, MV_TEST_TOOL_TIMEOUT_MS, NULL, NULL) != 0) {
        g_printerr("DHCP namespace: cannot set up '%s'\n", PEER);
        _exit(1);
    }
    execv(dnsmasq, (char **) argv);
    g_printerr("DHCP namespace: cannot run %s: %s\n", dnsmasq, g_strerror(errno));
    _exit(127);
}

/* The guest's udhcpc, through a bridge-mode macvtap on a veth whose peer
 * sits in a second network namespace with a DHCP server, gets a lease.
 * Without the host's /dev/tapN (a /dev of the test's own, whose tap4, the
 * ifindex the macvtap gets, holds another device): qemud's own node for
 * the macvtap carries the lease. */
static void
body_dhcp(gconstpointer data)
{
    const char *ifaces =
        "<interface type='direct'><mac address='" DHCP_MAC "'/>"
        "<source dev='" PARENT "' mode='bridge'/><model type='e1000'/></interface>";
    g_autofree char *xml = NULL;
    g_autofree char *log = NULL;
    g_autofree char *leases = NULL;
    g_autofree char *pidstr = NULL;
    g_autofree char *text = NULL;
    const char *move[] = { "ip", "link", "set", PEER, "netns", NULL, NULL };
    virDomainPtr dom;

    ns_setup();
    leases = g_build_filename(ctx.root, "dnsmasq.leases", NULL);
    veth_pair(PARENT, PEER);
    dhcp_ns = fork();
    g_assert_cmpint(dhcp_ns, >=, 0);
    if (dhcp_ns == 0) {
        if (unshare(CLONE_NEWNET | CLONE_NEWNS) < 0) {
            g_printerr("DHCP namespace: unshare: %s\n", g_strerror(errno));
            _exit(1);
        }
        dhcp_server(leases);
    }
    /* The child's network namespace exists once its ip link shows only lo;
     * moving the peer into it by pid works as soon as unshare returned. */
    pidstr = g_strdup_printf("%d", (int) dhcp_ns);
    move[5] = pidstr;
    {
        gint64 deadline = g_get_monotonic_time() + 10 * G_TIME_SPAN_SECOND;
        g_autofree char *self = g_file_read_link("/proc/self/ns/net", NULL);

        for (;;) {
            g_autofree char *path = g_strdup_printf("/proc/%d/ns/net", (int) dhcp_ns);
            g_autofree char *other = g_file_read_link(path, NULL);

            if (other && g_strcmp0(other, self) != 0)
                break;
            g_assert_true(g_get_monotonic_time() < deadline);
            g_usleep(10000);
        }
    }
    mv_test_tool_check(move);
    g_assert_false(mv_test_link_exists(PEER));
    private_dev("tap4");
    mv_test_guest_env_start_qemud(&ctx);

    xml = domain_xml("dh1", "modvirt.dhcp=1", ifaces);
    log = mv_test_guest_serial_log(ctx.root, "dh1");
    dom = virDomainDefineXML(ctx.conn, xml);
    g_assert_nonnull(dom);
    start_or_die(dom, "start dh1");
    assert_macvtap("macvtap0", "bridge", DHCP_MAC, PARENT);
    g_assert_true(mv_test_wait_file_contains(log, "MODVIRT-GUEST-BOOTED", BOOT_TIMEOUT_MS));
    if (!mv_test_wait_file_contains(log, "MODVIRT-GUEST-DHCP eth0 10.77.0.", DHCP_TIMEOUT_MS)) {
        mv_test_print_file(log);
        mv_test_guest_env_print_logs(&ctx);
        g_assert_not_reached();
    }
    /* dnsmasq's lease names the guest's MAC: the macvtap carried it. */
    g_assert_true(mv_test_wait_file_contains(leases, DHCP_MAC, 10000));
    g_assert_true(g_file_get_contents(leases, &text, NULL, NULL));
    g_printerr("lease: %s", text);
    g_clear_pointer(&text, g_free);
    g_assert_true(g_file_get_contents(ctx.qemud->stderr_path, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "macvtap 'macvtap0': /dev/tap4 is not usable (it is another "
                                  "network namespace's device), using a node of its own"));

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpuint(mv_test_link_count("macvtap"), ==, 0);
    virDomainFree(dom);
    ns_teardown();
}

/* A network of <forward mode='bridge'> over a device pool: networkd's port
 * answers <plug type='direct'>, qemud makes the macvtap on that device. */
static void
body_network(gconstpointer data)
{
    const char *net_xml =
        "<network><name>mvt</name><forward mode='bridge'>"
        "<interface dev='" PARENT "'/></forward></network>";
    const char *ifaces =
        "<interface type='network'><mac address='" NET_MAC "'/><source network='mvt'/>"
        "<model type='virtio'/></interface>";
    g_autofree char *xml = NULL;
    g_autofree char *live = NULL;
    g_autofree char *portid = NULL;
    g_autofree char *text = NULL;
    g_autofree char *target = NULL;
    virNetworkPortPtr port;
    virNetworkPtr net;
    virDomainPtr dom;

    ns_setup();
    veth_pair(PARENT, PEER);
    mv_test_guest_env_start_networkd(&ctx);
    mv_test_guest_env_start_qemud(&ctx);
    net = virNetworkCreateXML(ctx.netconn, net_xml);
    g_assert_nonnull(net);

    xml = domain_xml("nw1", "", ifaces);
    dom = virDomainDefineXML(ctx.conn, xml);
    g_assert_nonnull(dom);
    start_or_die(dom, "start nw1");
    live = virDomainGetXMLDesc(dom, 0);
    portid = mv_test_xml_attr(live, "source", "network='mvt'", "portid");
    target = mv_test_xml_attr(live, "target", NULL, "dev");
    g_assert_nonnull(portid);
    g_assert_cmpstr(target, ==, "macvtap0");
    assert_macvtap("macvtap0", "bridge", NET_MAC, PARENT);
    port = virNetworkPortLookupByUUIDString(net, portid);
    g_assert_nonnull(port);
    text = virNetworkPortGetXMLDesc(port, 0);
    g_assert_nonnull(strstr(text, "<plug type='direct' dev='" PARENT "' mode='bridge'/>"));
    virNetworkPortFree(port);

    /* kill -9: the next qemud deletes macvtap and port at destroy. */
    mv_test_guest_env_kill_qemud(&ctx);
    mv_test_guest_env_start_qemud(&ctx);
    virDomainFree(dom);
    dom = virDomainLookupByName(ctx.conn, "nw1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpuint(mv_test_link_count("macvtap"), ==, 0);
    {
        virNetworkPortPtr *ports = NULL;
        int n = virNetworkListAllPorts(net, &ports, 0);

        for (int i = 0; i < n; i++)
            virNetworkPortFree(ports[i]);
        g_free(ports);
        g_assert_cmpint(n, ==, 0);
    }
    virDomainFree(dom);

    /* A port whose device is gone: qemud's error, and the port is deleted. */
    {
        const char *del[] = { "ip", "link", "del", PARENT, NULL };
        virNetworkPortPtr *ports = NULL;
        virErrorPtr err;
        int n;

        mv_test_tool_check(del);
        dom = virDomainLookupByName(ctx.conn, "nw1");
        g_assert_cmpint(virDomainCreate(dom), ==, -1);
        err = virGetLastError();
        g_printerr("expected error: %s\n", err->message);
        g_assert_nonnull(strstr(err->message, "there is no interface '" PARENT "'"));
        n = virNetworkListAllPorts(net, &ports, 0);
        for (int i = 0; i < n; i++)
            virNetworkPortFree(ports[i]);
        g_free(ports);
        g_assert_cmpint(n, ==, 0);
        virDomainFree(dom);
    }
    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    virNetworkFree(net);
    ns_teardown();
}

/* A case: its body, in ns_config's namespaces once require() allows it. */
typedef struct {
    MvTestNsBody body;
    const char *daemon2;
    const char *tool2;
} DirectCase;

static void
run_case(gconstpointer data)
{
    const DirectCase *c = data;

    if (require(c->daemon2, c->tool2))
        mv_test_ns_run(&ns_config, c->body, NULL);
}

int
main(int argc, char **argv)
{
    static const DirectCase basic = { body_basic, NULL, NULL };
    static const DirectCase dhcp = { body_dhcp, NULL, "dnsmasq" };
    static const DirectCase network = { body_network, "networkd", NULL };
    const MvTestGuestCase cases[] = {
        { "/qemud-direct/basic", run_case, &basic },
        { "/qemud-direct/dhcp", run_case, &dhcp },
        { "/qemud-direct/network", run_case, &network },
        { NULL, NULL, NULL },
    };

    return mv_test_guest_main(&argc, &argv, &assets, cases);
}
