/* Guest interfaces of modvirt-qemud end to end: taps on a bridge, networkd's ports, a DHCP lease, inside namespaces the test makes. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "testutil.h"

/* The whole scenario, a TCG boot on a loaded host, a DHCP exchange. */
#define NS_TEST_TIMEOUT_MS 540000
#define BOOT_TIMEOUT_MS 180000
#define DHCP_TIMEOUT_MS 120000
#define TOOL_TIMEOUT_MS 30000
#define SKIP_EXIT_CODE 77

#define BRIDGE "mvtbr0"
#define ETH_TAP "mvteth0"
#define OWN_TAP "mvtown0"
#define BRIDGE_MAC "52:54:00:aa:00:01"
#define ETH_MAC "52:54:00:aa:00:03"
#define NET_MAC "52:54:00:aa:00:02"

static const char nat_xml[] =
    "<network>\n"
    "  <name>nat1</name>\n"
    "  <forward mode='nat'/>\n"
    "  <bridge name='mvtnat0'/>\n"
    "  <ip address='192.168.150.1' netmask='255.255.255.0'>\n"
    "    <dhcp>\n"
    "      <range start='192.168.150.10' end='192.168.150.99'/>\n"
    "    </dhcp>\n"
    "  </ip>\n"
    "</network>\n";

static char *assets;

/* ---- namespaces ------------------------------------------------------------ */

typedef void (*NsBody)(void);

/* Runs body as init of fresh network, pid and mount namespaces (with a /proc
 * and a /sys of their own, so that /sys/class/net shows this network
 * namespace's links): the bridges, taps, daemons, QEMUs and dnsmasq it makes go
 * with them, and the host's network is never touched. */
static void
run_in_namespaces(NsBody body)
{
    int skip_pipe[2];
    int status = 0;
    pid_t child;

    g_assert_cmpint(pipe2(skip_pipe, O_CLOEXEC), ==, 0);
    fflush(stdout);
    fflush(stderr);
    child = fork();
    g_assert_cmpint(child, >=, 0);

    if (child == 0) {
        pid_t init;

        close(skip_pipe[0]);
        if (unshare(CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWNS) < 0) {
            g_autofree char *reason =
                g_strdup_printf("cannot create network, pid and mount namespaces (unshare: %s)",
                                g_strerror(errno));

            if (write(skip_pipe[1], reason, strlen(reason)) < 0)
                _exit(1);
            _exit(SKIP_EXIT_CODE);
        }
        init = fork();
        if (init < 0)
            _exit(1);
        if (init == 0) {
            dup2(STDERR_FILENO, STDOUT_FILENO);
            if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
                mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 ||
                mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
                g_printerr("cannot mount /proc and /sys in the namespaces: %s\n", g_strerror(errno));
                _exit(1);
            }
            body();
            _exit(0);
        }
        if (!mv_test_wait_exit(init, NS_TEST_TIMEOUT_MS, &status)) {
            kill(init, SIGKILL);
            mv_test_wait_exit(init, 10000, NULL);
            _exit(3);
        }
        _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }

    close(skip_pipe[1]);
    if (!mv_test_wait_exit(child, NS_TEST_TIMEOUT_MS + 20000, &status)) {
        kill(child, SIGKILL);
        mv_test_wait_exit(child, 10000, NULL);
        close(skip_pipe[0]);
        g_error("the namespace test process did not finish");
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == SKIP_EXIT_CODE) {
        char reason[256] = "";
        ssize_t got = read(skip_pipe[0], reason, sizeof(reason) - 1);

        close(skip_pipe[0]);
        reason[got > 0 ? got : 0] = '\0';
        g_test_skip(reason);
        return;
    }
    close(skip_pipe[0]);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        g_error("the namespace test process failed (wait status 0x%x); see its messages above",
                (unsigned int) status);
}

static char *
find_tool(const char *name)
{
    static const char *const dirs[] = { "/usr/sbin", "/sbin", "/usr/bin", "/bin" };
    char *path = g_find_program_in_path(name);

    for (size_t i = 0; !path && i < G_N_ELEMENTS(dirs); i++) {
        g_autofree char *candidate = g_build_filename(dirs[i], name, NULL);

        if (g_file_test(candidate, G_FILE_TEST_IS_EXECUTABLE))
            path = g_steal_pointer(&candidate);
    }
    return path;
}

static char *
build_assets(void)
{
    const char *srcdir = g_getenv("MODVIRT_SRCDIR");
    const char *builddir = g_getenv("MODVIRT_BUILDDIR");
    g_autofree char *script = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *err = NULL;
    const char *argv[3];

    if (!srcdir || !builddir)
        return NULL;
    script = g_build_filename(srcdir, "tests", "qemu", "assets", "build-guest.sh", NULL);
    dir = g_build_filename(builddir, "tests", "guest-assets", NULL);
    argv[0] = script;
    argv[1] = dir;
    argv[2] = NULL;
    if (mv_test_run(argv, 120000, NULL, &err) != 0) {
        g_test_message("cannot build the guest assets: %s", err ? err : "");
        return NULL;
    }
    return g_steal_pointer(&dir);
}

/* Skips the test, naming what is missing; true when all is there. */
static bool
require(bool need_network)
{
    static const char *const tools[] = { "ip", "nft", "dnsmasq", "tc", NULL };
    g_autofree char *qemu = g_find_program_in_path("qemu-system-x86_64");
    g_autofree char *qemud = mv_test_daemon_binary("qemud");
    g_autofree char *networkd = need_network ? mv_test_daemon_binary("networkd") : NULL;

    if (geteuid() != 0) {
        g_test_skip("needs root for network namespaces, bridges and taps");
        return false;
    }
    if (!qemu) {
        g_test_skip("qemu-system-x86_64 is not installed");
        return false;
    }
    if (!qemud || (need_network && !networkd)) {
        g_test_skip("MODVIRT_BUILDDIR is not set or modvirt-qemud / modvirt-networkd is not built");
        return false;
    }
    if (access("/dev/net/tun", R_OK | W_OK) < 0) {
        g_test_skip("/dev/net/tun is not usable: no taps on this host");
        return false;
    }
    for (size_t i = 0; tools[i] && (need_network || i == 0); i++) {
        g_autofree char *path = find_tool(tools[i]);

        if (!path) {
            g_autofree char *reason = g_strdup_printf("'%s' is not installed", tools[i]);

            g_test_skip(reason);
            return false;
        }
    }
    if (!assets) {
        g_test_skip("no guest assets (see the messages above)");
        return false;
    }
    return true;
}

/* ---- inside the namespaces ------------------------------------------------- */

typedef struct {
    char *root;
    MvTestDaemon *qemud;
    MvTestDaemon *networkd;
    virConnectPtr conn;         /* qemud */
    virConnectPtr netconn;      /* networkd */
} Ctx;

static Ctx ctx;

static void
print_error(const char *what)
{
    virErrorPtr err = virGetLastError();

    g_printerr("%s: %s\n", what, err && err->message ? err->message : "(no error)");
}

static void
print_file(const char *path)
{
    g_autofree char *text = NULL;

    if (g_file_get_contents(path, &text, NULL, NULL))
        g_printerr("---- %s ----\n%s\n", path, text);
}

static void
print_logs(void)
{
    g_autofree char *log = g_build_filename(ctx.root, "var", "log", "modvirt", "qemu", NULL);
    g_autoptr(GDir) dir = g_dir_open(log, 0, NULL);
    const char *entry;

    if (ctx.qemud)
        print_file(ctx.qemud->stderr_path);
    if (ctx.networkd)
        print_file(ctx.networkd->stderr_path);
    while (dir && (entry = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(log, entry, NULL);

        print_file(path);
    }
}

static void
qemud_start(void)
{
    const char *args[] = { "--verbose", NULL };
    g_autofree char *uri = NULL;

    ctx.qemud = mv_test_daemon_start("qemud", ctx.root, args);
    g_assert_nonnull(ctx.qemud);
    uri = g_strdup_printf("qemu+unix:///system?socket=%s", ctx.qemud->rw_socket);
    ctx.conn = virConnectOpen(uri);
    if (!ctx.conn)
        print_error("virConnectOpen qemud");
    g_assert_nonnull(ctx.conn);
}

static void
qemud_kill9(void)
{
    virConnectClose(ctx.conn);
    ctx.conn = NULL;
    kill(ctx.qemud->pid, SIGKILL);
    g_assert_true(mv_test_wait_exit(ctx.qemud->pid, MV_TEST_STOP_TIMEOUT_MS, NULL));
    ctx.qemud->pid = 0;
    g_clear_pointer(&ctx.qemud, mv_test_daemon_free);
}

static void
networkd_start(void)
{
    g_autofree char *uri = NULL;

    ctx.networkd = mv_test_daemon_start("networkd", ctx.root, NULL);
    g_assert_nonnull(ctx.networkd);
    uri = g_strdup_printf("network+unix:///system?socket=%s", ctx.networkd->rw_socket);
    ctx.netconn = virConnectOpen(uri);
    g_assert_nonnull(ctx.netconn);
}

static void
ns_setup(void)
{
    ctx.root = mv_test_root_new();
}

/* Stops a daemon and fails on what a sanitizer build reported in its stderr. */
static void
daemon_stop_checked(MvTestDaemon *daemon)
{
    g_autofree char *text = NULL;

    if (!daemon)
        return;
    mv_test_daemon_stop(daemon);
    if (g_file_get_contents(daemon->stderr_path, &text, NULL, NULL) &&
        (strstr(text, "ERROR: AddressSanitizer") || strstr(text, "ERROR: LeakSanitizer") ||
         strstr(text, "runtime error:"))) {
        print_file(daemon->stderr_path);
        g_error("modvirt-%s: a sanitizer report (above)", daemon->name);
    }
}

static void
ns_teardown(void)
{
    if (ctx.conn)
        virConnectClose(ctx.conn);
    if (ctx.netconn)
        virConnectClose(ctx.netconn);
    ctx.conn = NULL;
    ctx.netconn = NULL;
    daemon_stop_checked(ctx.qemud);
    daemon_stop_checked(ctx.networkd);
    g_clear_pointer(&ctx.qemud, mv_test_daemon_free);
    g_clear_pointer(&ctx.networkd, mv_test_daemon_free);
    mv_test_root_remove(ctx.root);
    g_free(ctx.root);
}


/* A tool's standard output (it must succeed). */
static char *
run_out(const char *const *argv)
{
    g_autofree char *err = NULL;
    g_autofree char *tool = find_tool(argv[0]);
    g_autofree const char **full = g_new0(const char *, g_strv_length((char **) argv) + 1);
    char *out = NULL;
    int rc;

    g_assert_nonnull(tool);
    full[0] = tool;
    for (guint i = 1; argv[i]; i++)
        full[i] = argv[i];
    rc = mv_test_run(full, TOOL_TIMEOUT_MS, &out, &err);
    if (rc != 0)
        g_printerr("%s failed (%d): %s%s\n", argv[0], rc, out ? out : "", err ? err : "");
    g_assert_cmpint(rc, ==, 0);
    return out ? out : g_strdup("");
}

static void
run(const char *const *argv)
{
    g_free(run_out(argv));
}

static char *
domain_xml(const char *name, const char *cmdline_extra, const char *interfaces)
{
    return g_strdup_printf(
        "<domain type='qemu'><name>%s</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64'>hvm</type><kernel>%s/vmlinuz</kernel>"
        "<initrd>%s/initramfs.img</initrd><cmdline>console=ttyS0 %s</cmdline></os>"
        "<features><acpi/></features>"
        "<devices>%s<serial type='file'><source path='%s/%s-serial.log'/>"
        "<target port='0'/></serial></devices></domain>",
        name, assets, assets, cmdline_extra, interfaces, ctx.root, name);
}

static char *
serial_log(const char *name)
{
    g_autofree char *file = g_strdup_printf("%s-serial.log", name);

    return g_build_filename(ctx.root, file, NULL);
}

/* /sys/class/net/IF/FILE, without its newline; NULL when not there. */
static char *
sysfs_net(const char *ifname, const char *file)
{
    g_autofree char *path = g_build_filename("/sys/class/net", ifname, file, NULL);
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return NULL;
    return g_strchomp(text);
}

/* The bridge ifname is a port of, or NULL. */
static char *
master_of(const char *ifname)
{
    g_autofree char *path = g_build_filename("/sys/class/net", ifname, "master", NULL);
    g_autofree char *target = g_file_read_link(path, NULL);

    return target ? g_path_get_basename(target) : NULL;
}

static bool
link_exists(const char *ifname)
{
    g_autofree char *path = g_build_filename("/sys/class/net", ifname, NULL);

    return g_file_test(path, G_FILE_TEST_EXISTS);
}

/* The names of the links whose name starts with prefix. */
static guint
count_links(const char *prefix)
{
    g_autoptr(GDir) dir = g_dir_open("/sys/class/net", 0, NULL);
    const char *entry;
    guint n = 0;

    while (dir && (entry = g_dir_read_name(dir)))
        n += g_str_has_prefix(entry, prefix);
    return n;
}

/* The value of attr= in the first element <elem ...> of xml that holds
 * match, or NULL. */
static char *
xml_attr(const char *xml, const char *elem, const char *match, const char *attr)
{
    g_autofree char *open = g_strdup_printf("<%s ", elem);
    g_autofree char *key = g_strdup_printf(" %s='", attr);
    const char *p = xml;

    while ((p = strstr(p, open))) {
        const char *end = strchr(p, '>');
        g_autofree char *tag = end ? g_strndup(p, end - p) : g_strdup(p);
        const char *v;

        p += strlen(open);
        if (match && !strstr(tag, match))
            continue;
        if (!(v = strstr(tag, key)))
            continue;
        v += strlen(key);
        return g_strndup(v, strcspn(v, "'"));
    }
    return NULL;
}

/* The QEMU pid qemud's status file names, or 0. */
static pid_t
status_pid(const char *name)
{
    g_autofree char *file = g_strdup_printf("%s.xml", name);
    g_autofree char *path = g_build_filename(ctx.root, "run", "modvirt", "qemu", file, NULL);
    g_autofree char *text = NULL;
    const char *p;

    if (!g_file_get_contents(path, &text, NULL, NULL) || !(p = strstr(text, " pid='")))
        return 0;
    return (pid_t) atoi(p + strlen(" pid='"));
}

/* pid exited; the body is init here, so it reaps the orphaned QEMUs. */
static bool
wait_pid_gone(pid_t pid, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

    for (;;) {
        waitpid(pid, NULL, WNOHANG);
        if (kill(pid, 0) < 0)
            return true;
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(20000);
    }
}

/* A transient guest went away (it stopped and was dropped). */
static bool
wait_gone(virDomainPtr dom, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

    for (;;) {
        int active = virDomainIsActive(dom);

        if (active != 1)
            return true;
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(50000);
    }
}

static int
count_ports(const char *network)
{
    virNetworkPtr net = virNetworkLookupByName(ctx.netconn, network);
    virNetworkPortPtr *ports = NULL;
    int n;

    g_assert_nonnull(net);
    n = virNetworkListAllPorts(net, &ports, 0);
    for (int i = 0; i < n; i++)
        virNetworkPortFree(ports[i]);
    g_free(ports);
    virNetworkFree(net);
    return n;
}

/* a: a tap on a bridge the test made, and a tap of type='ethernet'. */
static void
body_bridge(void)
{
    const char *add_br[] = { "ip", "link", "add", BRIDGE, "type", "bridge", NULL };
    const char *up_br[] = { "ip", "link", "set", BRIDGE, "up", NULL };
    const char *add_tap[] = { "ip", "tuntap", "add", "dev", OWN_TAP, "mode", "tap", NULL };
    const char *ifaces =
        "<interface type='bridge'><mac address='" BRIDGE_MAC "'/><source bridge='" BRIDGE "'/>"
        "<model type='virtio'/><mtu size='1400'/></interface>"
        "<interface type='ethernet'><mac address='" ETH_MAC "'/><target dev='" ETH_TAP "'/>"
        "<model type='e1000'/></interface>"
        "<interface type='ethernet'><target dev='" OWN_TAP "' managed='no'/>"
        "<model type='e1000'/></interface>";
    g_autofree char *xml = NULL;
    g_autofree char *bad_xml = NULL;
    g_autofree char *own_mac = NULL;
    g_autofree char *live = NULL;
    g_autofree char *log = NULL;
    g_autofree char *tap = NULL;
    g_autofree char *value = NULL;
    g_autofree char *master = NULL;
    virDomainPtr dom;
    virErrorPtr err;

    ns_setup();
    run(add_br);
    run(up_br);
    run(add_tap);
    own_mac = sysfs_net(OWN_TAP, "address");
    qemud_start();

    xml = domain_xml("br1", "", ifaces);
    log = serial_log("br1");
    dom = virDomainDefineXML(ctx.conn, xml);
    g_assert_nonnull(dom);
    if (virDomainCreate(dom) < 0) {
        print_error("start br1");
        print_logs();
        g_assert_not_reached();
    }

    live = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(live);
    tap = xml_attr(live, "target", "dev='vnet", "dev");
    g_assert_cmpstr(tap, ==, "vnet0");
    g_assert_nonnull(strstr(live, "<target dev='" ETH_TAP "'/>"));
    g_assert_nonnull(strstr(live, "<alias name='net0'/>"));
    g_assert_nonnull(strstr(live, "<alias name='net1'/>"));

    /* The tap: a port of the bridge, fe: and the guest's MAC, the MTU, up. */
    master = master_of(tap);
    g_assert_cmpstr(master, ==, BRIDGE);
    value = sysfs_net(tap, "address");
    g_assert_cmpstr(value, ==, "fe:54:00:aa:00:01");
    g_clear_pointer(&value, g_free);
    value = sysfs_net(tap, "mtu");
    g_assert_cmpstr(value, ==, "1400");
    g_clear_pointer(&value, g_free);
    value = sysfs_net(tap, "flags");
    g_assert_nonnull(value);
    g_assert_true(strtoul(value, NULL, 16) & 0x1);
    g_clear_pointer(&value, g_free);
    g_clear_pointer(&master, g_free);
    /* The ethernet tap: no bridge. */
    g_assert_true(link_exists(ETH_TAP));
    master = master_of(ETH_TAP);
    g_assert_null(master);
    value = sysfs_net(ETH_TAP, "address");
    g_assert_cmpstr(value, ==, "fe:54:00:aa:00:03");
    g_clear_pointer(&value, g_free);
    /* managed='no': the tap the test made, used as it is. */
    g_assert_nonnull(strstr(live, "<target dev='" OWN_TAP "' managed='no'/>"));
    value = sysfs_net(OWN_TAP, "address");
    g_assert_cmpstr(value, ==, own_mac);
    g_clear_pointer(&value, g_free);

    g_assert_true(mv_test_wait_file_contains(log, "MODVIRT-GUEST-BOOTED", BOOT_TIMEOUT_MS));

    /* kill -9 of qemud: the next one knows the taps and removes them. */
    qemud_kill9();
    qemud_start();
    virDomainFree(dom);
    dom = virDomainLookupByName(ctx.conn, "br1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    g_free(live);
    live = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(live, "<target dev='vnet0'/>"));

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_false(link_exists(tap));
    g_assert_false(link_exists(ETH_TAP));
    g_assert_cmpuint(count_links("vnet"), ==, 0);
    g_assert_true(link_exists(OWN_TAP));

    /* A bridge that does not exist: a clear error, nothing left behind. */
    bad_xml = domain_xml("br2", "",
                         "<interface type='bridge'><source bridge='nosuchbr'/></interface>"
                         "<interface type='ethernet'><target dev='mvteth1'/></interface>");
    virDomainFree(dom);
    dom = virDomainDefineXML(ctx.conn, bad_xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    err = virGetLastError();
    g_assert_nonnull(err);
    g_printerr("expected error: %s\n", err->message);
    g_assert_nonnull(strstr(err->message, "there is no bridge 'nosuchbr'"));
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    g_assert_cmpuint(count_links("vnet"), ==, 0);
    g_assert_false(link_exists("mvteth1"));
    virDomainFree(dom);
    ns_teardown();
}

/* b and c: a port of networkd's NAT network, the guest's DHCP lease, a
 * qemud restart, and the port gone after destroy. */
static void
body_network(void)
{
    const char *ifaces =
        "<interface type='network'><mac address='" NET_MAC "'/><source network='nat1'/>"
        "<model type='e1000'/>"
        "<bandwidth><inbound average='1000' peak='2000' burst='64'/></bandwidth></interface>";
    g_autofree char *xml = NULL;
    g_autofree char *qdiscs = NULL;
    g_autofree char *bad_xml = NULL;
    g_autofree char *live = NULL;
    g_autofree char *log = NULL;
    g_autofree char *tap = NULL;
    g_autofree char *portid = NULL;
    g_autofree char *bridge = NULL;
    g_autofree char *master = NULL;
    g_autofree char *text = NULL;
    virNetworkDHCPLeasePtr *leases = NULL;
    virNetworkPtr net;
    virNetworkPortPtr port;
    virDomainPtr dom;
    virErrorPtr err;
    int n;

    ns_setup();
    /* qemud first: a missing networkd is a clear error, not a hang. */
    qemud_start();
    xml = domain_xml("nw1", "modvirt.dhcp=1", ifaces);
    log = serial_log("nw1");
    dom = virDomainDefineXML(ctx.conn, xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    err = virGetLastError();
    g_printerr("expected error: %s\n", err->message);
    g_assert_nonnull(strstr(err->message, "cannot reach the network daemon"));
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);

    networkd_start();
    net = virNetworkCreateXML(ctx.netconn, nat_xml);
    g_assert_nonnull(net);

    if (virDomainCreate(dom) < 0) {
        print_error("start nw1");
        print_logs();
        g_assert_not_reached();
    }
    g_assert_cmpint(count_ports("nat1"), ==, 1);
    live = virDomainGetXMLDesc(dom, 0);
    portid = xml_attr(live, "source", "network='nat1'", "portid");
    bridge = xml_attr(live, "source", "network='nat1'", "bridge");
    tap = xml_attr(live, "target", NULL, "dev");
    g_assert_nonnull(portid);
    g_assert_cmpstr(bridge, ==, "mvtnat0");
    g_assert_nonnull(tap);
    master = master_of(tap);
    g_assert_cmpstr(master, ==, "mvtnat0");
    /* qemud told networkd the port's tap: the port's inbound <bandwidth>
     * shapes the tap's egress with an htb root. */
    qdiscs = run_out((const char *const[]) { "tc", "qdisc", "show", "dev", tap, NULL });
    g_printerr("tc qdisc show dev %s:\n%s", tap, qdiscs);
    g_assert_nonnull(strstr(qdiscs, "qdisc htb 1: root"));
    port = virNetworkPortLookupByUUIDString(net, portid);
    g_assert_nonnull(port);
    text = virNetworkPortGetXMLDesc(port, 0);
    g_assert_nonnull(strstr(text, "<name>nw1</name>"));
    g_assert_nonnull(strstr(text, "<mac address='" NET_MAC "'/>"));
    virNetworkPortFree(port);

    /* c: the guest's udhcpc gets a lease from networkd's dnsmasq. */
    g_assert_true(mv_test_wait_file_contains(log, "MODVIRT-GUEST-BOOTED", BOOT_TIMEOUT_MS));
    if (!mv_test_wait_file_contains(log, "MODVIRT-GUEST-DHCP eth0 192.168.150.", DHCP_TIMEOUT_MS)) {
        print_file(log);
        print_logs();
        g_assert_not_reached();
    }
    n = virNetworkGetDHCPLeases(net, NET_MAC, &leases, 0);
    g_assert_cmpint(n, ==, 1);
    g_assert_true(g_str_has_prefix(leases[0]->ipaddr, "192.168.150."));
    {
        g_autofree char *serial = NULL;
        g_autofree char *line = NULL;

        g_assert_true(g_file_get_contents(log, &serial, NULL, NULL));
        line = g_strdup_printf("MODVIRT-GUEST-DHCP eth0 %s", leases[0]->ipaddr);
        g_assert_nonnull(strstr(serial, line));
    }
    virNetworkDHCPLeaseFree(leases[0]);
    g_free(leases);

    /* kill -9 of qemud: the next one still deletes the port at destroy. */
    qemud_kill9();
    qemud_start();
    virDomainFree(dom);
    dom = virDomainLookupByName(ctx.conn, "nw1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    g_assert_cmpint(count_ports("nat1"), ==, 1);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(count_ports("nat1"), ==, 0);
    g_assert_false(link_exists(tap));

    /* The guest powers itself off: QEMU exits and the port goes. */
    g_free(bad_xml);
    bad_xml = domain_xml("nw4", "modvirt.poweroff=1", ifaces);
    virDomainFree(dom);
    dom = virDomainCreateXML(ctx.conn, bad_xml, 0);
    g_assert_nonnull(dom);
    g_assert_cmpint(count_ports("nat1"), ==, 1);
    g_assert_true(wait_gone(dom, BOOT_TIMEOUT_MS));
    g_assert_cmpint(count_ports("nat1"), ==, 0);
    g_assert_cmpuint(count_links("vnet"), ==, 0);

    /* qemud and the guest both killed: the next qemud finds the guest gone
     * and deletes its port and tap. */
    virDomainFree(dom);
    dom = virDomainLookupByName(ctx.conn, "nw1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_assert_cmpint(count_ports("nat1"), ==, 1);
    {
        pid_t qemu = status_pid("nw1");

        g_assert_cmpint(qemu, >, 0);
        qemud_kill9();
        kill(qemu, SIGKILL);
        g_assert_true(wait_pid_gone(qemu, MV_TEST_STOP_TIMEOUT_MS));
    }
    qemud_start();
    virDomainFree(dom);
    dom = virDomainLookupByName(ctx.conn, "nw1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    g_assert_cmpint(count_ports("nat1"), ==, 0);
    g_assert_cmpuint(count_links("vnet"), ==, 0);

    /* A tap that cannot be made after the port was: the port goes too. */
    bad_xml = domain_xml("nw2", "",
                         "<interface type='network'><source network='nat1'/>"
                         "<target dev='lo'/></interface>");
    virDomainFree(dom);
    dom = virDomainDefineXML(ctx.conn, bad_xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    err = virGetLastError();
    g_printerr("expected error: %s\n", err->message);
    g_assert_nonnull(strstr(err->message, "'lo'"));
    g_assert_cmpint(count_ports("nat1"), ==, 0);
    virDomainFree(dom);

    /* A network that does not exist: networkd's error, no port. */
    g_free(bad_xml);
    bad_xml = domain_xml("nw3", "", "<interface type='network'><source network='nonet'/></interface>");
    dom = virDomainDefineXML(ctx.conn, bad_xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    err = virGetLastError();
    g_assert_cmpint(err->code, ==, VIR_ERR_NO_NETWORK);
    g_assert_nonnull(strstr(err->message, "'nonet'"));
    g_assert_cmpuint(count_links("vnet"), ==, 0);
    virDomainFree(dom);

    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    virNetworkFree(net);
    ns_teardown();
}

static void
test_bridge(void)
{
    if (require(false))
        run_in_namespaces(body_bridge);
}

static void
test_network(void)
{
    if (require(true))
        run_in_namespaces(body_network);
}

int
main(int argc, char **argv)
{
    g_autofree char *qemu = g_find_program_in_path("qemu-system-x86_64");
    int rc;

    g_test_init(&argc, &argv, NULL);
    if (geteuid() == 0 && qemu)
        assets = build_assets();

    g_test_add_func("/qemud-net/bridge", test_bridge);
    g_test_add_func("/qemud-net/network", test_network);
    rc = g_test_run();
    g_free(assets);
    return rc;
}
