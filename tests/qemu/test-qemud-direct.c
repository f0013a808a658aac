/* Macvtap guest interfaces (type='direct', and network ports of plug type 'direct') of modvirt-qemud end to end, inside namespaces the test makes. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "testutil.h"

#define NS_TEST_TIMEOUT_MS 540000
#define BOOT_TIMEOUT_MS 180000
#define DHCP_TIMEOUT_MS 120000
#define TOOL_TIMEOUT_MS 30000
#define SKIP_EXIT_CODE 77

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

/* ---- namespaces ------------------------------------------------------------ */

typedef void (*NsBody)(void);

/* Runs body as init of fresh network, pid and mount namespaces (with their
 * own /proc and /sys): the links, daemons and QEMUs it makes go with them. */
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
require(const char *daemon2, const char *tool2)
{
    g_autofree char *qemu = g_find_program_in_path("qemu-system-x86_64");
    g_autofree char *qemud = mv_test_daemon_binary("qemud");
    g_autofree char *other = daemon2 ? mv_test_daemon_binary(daemon2) : NULL;
    g_autofree char *ip = find_tool("ip");
    g_autofree char *tool = tool2 ? find_tool(tool2) : NULL;

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

typedef struct {
    char *root;
    MvTestDaemon *qemud;
    MvTestDaemon *networkd;
    virConnectPtr conn;
    virConnectPtr netconn;
    pid_t dhcp_ns;              /* the namespace holding the DHCP server */
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
run(const char *const *argv)
{
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *tool = find_tool(argv[0]);
    g_autofree const char **full = g_new0(const char *, g_strv_length((char **) argv) + 1);
    int rc;

    g_assert_nonnull(tool);
    full[0] = tool;
    for (guint i = 1; argv[i]; i++)
        full[i] = argv[i];
    rc = mv_test_run(full, TOOL_TIMEOUT_MS, &out, &err);
    if (rc != 0)
        g_printerr("%s failed (%d): %s%s\n", argv[0], rc, out ? out : "", err ? err : "");
    g_assert_cmpint(rc, ==, 0);
}

/* `ip -d -o link show name`: the details line, which names kind and mode. */
static char *
link_details(const char *name)
{
    g_autofree char *ip = find_tool("ip");
    const char *argv[] = { ip, "-d", "-o", "link", "show", name, NULL };
    char *out = NULL;

    g_assert_cmpint(mv_test_run(argv, TOOL_TIMEOUT_MS, &out, NULL), ==, 0);
    return out;
}

static void
veth_pair(const char *a, const char *b)
{
    const char *add[] = { "ip", "link", "add", a, "type", "veth", "peer", "name", b, NULL };

    run(add);
}

static void
ns_setup(void)
{
    ctx.root = mv_test_root_new();
    ctx.dhcp_ns = 0;
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
    if (ctx.dhcp_ns > 0) {
        mv_test_kill(ctx.dhcp_ns);
        ctx.dhcp_ns = 0;
    }
    mv_test_root_remove(ctx.root);
    g_clear_pointer(&ctx.root, g_free);
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

static char *
sysfs_net(const char *ifname, const char *file)
{
    g_autofree char *path = g_build_filename("/sys/class/net", ifname, file, NULL);
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return NULL;
    return g_strchomp(text);
}

static bool
link_exists(const char *ifname)
{
    g_autofree char *path = g_build_filename("/sys/class/net", ifname, NULL);

    return g_file_test(path, G_FILE_TEST_EXISTS);
}

static bool
link_is_up(const char *ifname)
{
    g_autofree char *flags = sysfs_net(ifname, "flags");

    return flags && (strtoul(flags, NULL, 16) & 0x1);
}

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

/* The macvtap name, kind, mode, MAC and lower device as asked, and up. */
static void
assert_macvtap(const char *name, const char *mode, const char *mac, const char *parent)
{
    g_autofree char *details = link_details(name);
    g_autofree char *want_mode = g_strdup_printf("macvtap mode %s ", mode);
    g_autofree char *address = sysfs_net(name, "address");
    g_autofree char *lower = g_strdup_printf("lower_%s", parent);
    g_autofree char *lower_path = g_build_filename("/sys/class/net", name, lower, NULL);
    g_autofree char *iflink = sysfs_net(name, "iflink");
    g_autofree char *parent_index = sysfs_net(parent, "ifindex");

    if (!strstr(details, want_mode))
        g_printerr("%s: %s\n", name, details);
    g_assert_nonnull(strstr(details, want_mode));
    g_assert_cmpstr(address, ==, mac);
    g_assert_true(g_file_test(lower_path, G_FILE_TEST_EXISTS));
    g_assert_cmpstr(iflink, ==, parent_index);
    g_assert_true(link_is_up(name));
}

/* The value of attr= in the first element <elem ...> of xml holding match. */
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

    while (count_links("macvtap") > 0) {
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
        print_error(what);
        print_logs();
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
    g_assert_cmpuint(count_links("macvtap"), ==, 0);
    g_assert_false(link_exists(NAMED));
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
}

/* Modes, MACs, names and lower devices; restarts; every stop; bad input. */
static void
body_basic(void)
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
    parent2_mac = sysfs_net(PARENT2, "address");
    qemud_start();

    xml = domain_xml("d1", "", ifaces);
    log = serial_log("d1");
    dom = virDomainDefineXML(ctx.conn, xml);
    g_assert_nonnull(dom);
    start_or_die(dom, "start d1");

    /* Generated names macvtap0, 1, 2 in order; the named one as asked. */
    live = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(live);
    first = xml_attr(live, "target", "dev='macvtap", "dev");
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
    value = sysfs_net(PARENT2, "address");
    g_assert_cmpstr(value, ==, MAC4);
    g_clear_pointer(&value, g_free);

    /* QEMU got the macvtaps' fds as tap fds. */
    qemu = status_pid("d1");
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
    qemud_kill9();
    qemud_start();
    virDomainFree(dom);
    dom = virDomainLookupByName(ctx.conn, "d1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    g_free(live);
    live = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(live, "<target dev='macvtap0'/>"));
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpuint(count_links("macvtap"), ==, 0);
    g_assert_false(link_exists(NAMED));
    g_assert_true(link_exists(PARENT));
    value = sysfs_net(PARENT2, "address");
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
    g_assert_cmpuint(count_links("macvtap"), ==, 3);
    qemu = status_pid("d1");
    g_assert_cmpint(qemu, >, 0);
    qemud_kill9();
    kill(qemu, SIGKILL);
    g_assert_true(wait_pid_gone(qemu, MV_TEST_STOP_TIMEOUT_MS));
    g_assert_cmpuint(count_links("macvtap"), ==, 3);
    qemud_start();
    virDomainFree(dom);
    dom = virDomainLookupByName(ctx.conn, "d1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    g_assert_cmpuint(count_links("macvtap"), ==, 0);
    g_assert_false(link_exists(NAMED));
    value = sysfs_net(PARENT2, "address");
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
    g_assert_true(link_exists(PEER));
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

        run(own);
        g_free(xml);
        xml = domain_xml("bad4", "",
                         "<interface type='direct'><source dev='nosuchdev' mode='vepa'/></interface>"
                         "<interface type='direct'><source dev='" PARENT "' mode='bridge'/>"
                         "<target dev='" NAMED "'/></interface>");
        dom = virDomainDefineXML(ctx.conn, xml);
        g_assert_nonnull(dom);
        g_assert_cmpint(virDomainCreate(dom), ==, -1);
        g_assert_true(link_exists(NAMED));
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
    g_autofree char *ip = find_tool("ip");
    g_autofree char *dnsmasq = find_tool("dnsmasq");
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
    while (!link_exists(PEER) && g_get_monotonic_time() < deadline)
        g_usleep(20000);
    if (!link_exists(PEER) || mv_test_run(addr, TOOL_TIMEOUT_MS, NULL, NULL) != 0 ||
        mv_test_run(up, TOOL_TIMEOUT_MS, NULL, NULL) != 0) {
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
body_dhcp(void)
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
    ctx.dhcp_ns = fork();
    g_assert_cmpint(ctx.dhcp_ns, >=, 0);
    if (ctx.dhcp_ns == 0) {
        if (unshare(CLONE_NEWNET | CLONE_NEWNS) < 0) {
            g_printerr("DHCP namespace: unshare: %s\n", g_strerror(errno));
            _exit(1);
        }
        dhcp_server(leases);
    }
    /* The child's network namespace exists once its ip link shows only lo;
     * moving the peer into it by pid works as soon as unshare returned. */
    pidstr = g_strdup_printf("%d", (int) ctx.dhcp_ns);
    move[5] = pidstr;
    {
        gint64 deadline = g_get_monotonic_time() + 10 * G_TIME_SPAN_SECOND;
        g_autofree char *self = g_file_read_link("/proc/self/ns/net", NULL);

        for (;;) {
            g_autofree char *path = g_strdup_printf("/proc/%d/ns/net", (int) ctx.dhcp_ns);
            g_autofree char *other = g_file_read_link(path, NULL);

            if (other && g_strcmp0(other, self) != 0)
                break;
            g_assert_true(g_get_monotonic_time() < deadline);
            g_usleep(10000);
        }
    }
    run(move);
    g_assert_false(link_exists(PEER));
    private_dev("tap4");
    qemud_start();

    xml = domain_xml("dh1", "modvirt.dhcp=1", ifaces);
    log = serial_log("dh1");
    dom = virDomainDefineXML(ctx.conn, xml);
    g_assert_nonnull(dom);
    start_or_die(dom, "start dh1");
    assert_macvtap("macvtap0", "bridge", DHCP_MAC, PARENT);
    g_assert_true(mv_test_wait_file_contains(log, "MODVIRT-GUEST-BOOTED", BOOT_TIMEOUT_MS));
    if (!mv_test_wait_file_contains(log, "MODVIRT-GUEST-DHCP eth0 10.77.0.", DHCP_TIMEOUT_MS)) {
        print_file(log);
        print_logs();
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
    g_assert_cmpuint(count_links("macvtap"), ==, 0);
    virDomainFree(dom);
    ns_teardown();
}

/* A network of <forward mode='bridge'> over a device pool: networkd's port
 * answers <plug type='direct'>, qemud makes the macvtap on that device. */
static void
body_network(void)
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
    networkd_start();
    qemud_start();
    net = virNetworkCreateXML(ctx.netconn, net_xml);
    g_assert_nonnull(net);

    xml = domain_xml("nw1", "", ifaces);
    dom = virDomainDefineXML(ctx.conn, xml);
    g_assert_nonnull(dom);
    start_or_die(dom, "start nw1");
    live = virDomainGetXMLDesc(dom, 0);
    portid = xml_attr(live, "source", "network='mvt'", "portid");
    target = xml_attr(live, "target", NULL, "dev");
    g_assert_nonnull(portid);
    g_assert_cmpstr(target, ==, "macvtap0");
    assert_macvtap("macvtap0", "bridge", NET_MAC, PARENT);
    port = virNetworkPortLookupByUUIDString(net, portid);
    g_assert_nonnull(port);
    text = virNetworkPortGetXMLDesc(port, 0);
    g_assert_nonnull(strstr(text, "<plug type='direct' dev='" PARENT "' mode='bridge'/>"));
    virNetworkPortFree(port);

    /* kill -9: the next qemud deletes macvtap and port at destroy. */
    qemud_kill9();
    qemud_start();
    virDomainFree(dom);
    dom = virDomainLookupByName(ctx.conn, "nw1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpuint(count_links("macvtap"), ==, 0);
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

        run(del);
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

static void
test_basic(void)
{
    if (require(NULL, NULL))
        run_in_namespaces(body_basic);
}

static void
test_dhcp(void)
{
    if (require(NULL, "dnsmasq"))
        run_in_namespaces(body_dhcp);
}

static void
test_network(void)
{
    if (require("networkd", NULL))
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

    g_test_add_func("/qemud-direct/basic", test_basic);
    g_test_add_func("/qemud-direct/dhcp", test_dhcp);
    g_test_add_func("/qemud-direct/network", test_network);
    rc = g_test_run();
    g_free(assets);
    return rc;
}
