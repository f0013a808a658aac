/* modvirt-qemud end to end: the real daemon under --root, real TCG guests, driven through libmodvirt's public API. */
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "guest.h"
#include "testutil.h"

/* libvirt's VIR_DOMAIN_EVENT_CALLBACK casts between function types, as
 * every libvirt program registering events does. */
#pragma GCC diagnostic ignored "-Wcast-function-type"

/* A TCG boot on a loaded host, and a state change. */
#define BOOT_TIMEOUT_MS 180000
#define STATE_TIMEOUT_MS 60000
/* What a call on a healthy guest may take while another guest's QEMU is
 * stopped. */
#define FAST_CALL_MS 2000
/* How long one power-button press gets before the next. */
#define POWER_BUTTON_RETRY_MS 5000

typedef struct {
    char *root;
    char *assets;
    MvTestDaemon *daemon;
    char *uri;
    virConnectPtr conn;
} Fixture;

static Fixture fx;

/* Lifecycle events seen, recorded from the event loop thread. */
static GMutex events_lock;
static GArray *events;              /* int pairs: event, detail */

static void
log_error(void)
{
    virErrorPtr err = virGetLastError();

    if (err)
        g_test_message("error %d (domain %d): %s", err->code, err->domain, err->message);
}

static int
lifecycle_cb(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    int pair[2] = { event, detail };

    g_mutex_lock(&events_lock);
    g_array_append_vals(events, pair, 2);
    g_mutex_unlock(&events_lock);
    return 0;
}

static bool
wait_event(int event, int detail, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

    for (;;) {
        g_mutex_lock(&events_lock);
        for (guint i = 0; i + 1 < events->len; i += 2) {
            if (g_array_index(events, int, i) == event && g_array_index(events, int, i + 1) == detail) {
                g_array_remove_range(events, 0, i + 2);
                g_mutex_unlock(&events_lock);
                return true;
            }
        }
        g_mutex_unlock(&events_lock);
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(20000);
    }
}

static char *
domain_xml(const char *name, const char *extra_devices)
{
    return g_strdup_printf(
        "<domain type='qemu'><name>%s</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64'>hvm</type><kernel>%s/vmlinuz</kernel>"
        "<initrd>%s/initramfs.img</initrd><cmdline>console=ttyS0</cmdline></os>"
        "<features><acpi/></features>"
        "<devices>%s<serial type='file'><source path='%s/%s-serial.log'/>"
        "<target port='0'/></serial></devices></domain>",
        name, fx.assets, fx.assets, extra_devices ? extra_devices : "", fx.root, name);
}

/* pid exited: gone, or a zombie its new parent has not reaped yet (a QEMU
 * whose daemon was killed belongs to init). */
static bool
pid_gone(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/stat", (int) pid);
    g_autofree char *text = NULL;
    const char *paren;

    waitpid(pid, NULL, WNOHANG);
    if (kill(pid, 0) < 0 || !g_file_get_contents(path, &text, NULL, NULL))
        return true;
    paren = strrchr(text, ')');
    return paren && paren[1] && paren[2] == 'Z';
}

static bool
wait_state(virDomainPtr dom, int want_state, int want_reason, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
    int state = -1;
    int reason = -1;

    for (;;) {
        if (virDomainGetState(dom, &state, &reason, 0) == 0 && state == want_state &&
            (want_reason < 0 || reason == want_reason))
            return true;
        if (g_get_monotonic_time() >= deadline) {
            g_test_message("state %d reason %d, want %d %d", state, reason, want_state, want_reason);
            return false;
        }
        g_usleep(50000);
    }
}

static bool
daemon_start(void)
{
    const char *args[] = { "--verbose", NULL };

    fx.daemon = mv_test_daemon_start("qemud", fx.root, args);
    if (!fx.daemon)
        return false;
    g_free(fx.uri);
    fx.uri = g_strdup_printf("qemu+unix:///system?socket=%s", fx.daemon->rw_socket);
    fx.conn = virConnectOpen(fx.uri);
    if (!fx.conn) {
        log_error();
        return false;
    }
    return virConnectDomainEventRegisterAny(fx.conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            VIR_DOMAIN_EVENT_CALLBACK(lifecycle_cb),
                                            NULL, NULL) >= 0;
}

static void
daemon_stop(bool hard)
{
    if (fx.conn) {
        virConnectClose(fx.conn);
        fx.conn = NULL;
    }
    if (!fx.daemon)
        return;
    if (hard) {
        kill(fx.daemon->pid, SIGKILL);
        mv_test_wait_exit(fx.daemon->pid, MV_TEST_STOP_TIMEOUT_MS, NULL);
        fx.daemon->pid = 0;
    }
    mv_test_daemon_free(fx.daemon);
    fx.daemon = NULL;
}

/* Every QEMU the daemon started, killed by the pid its status file names. */
static void
kill_all_guests(void)
{
    g_autofree char *dir = g_build_filename(fx.root, "run", "modvirt", "qemu", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *entry;

    while (d && (entry = g_dir_read_name(d))) {
        g_autofree char *name = NULL;
        pid_t pid;

        if (!g_str_has_suffix(entry, ".xml"))
            continue;
        name = g_strndup(entry, strlen(entry) - 4);
        if ((pid = mv_test_guest_status_pid(fx.root, name)) > 0) {
            kill(pid, SIGCONT);
            kill(pid, SIGKILL);
            waitpid(pid, NULL, WNOHANG);
        }
    }
}

/* A failed assertion aborts: the guests and the daemon go first. */
static void
on_abort(int sig)
{
    kill_all_guests();
    mv_test_guest_abort_daemon(fx.daemon, sig);
}

static bool
have_fixture(void)
{
    if (!fx.conn) {
        g_test_skip("no daemon, QEMU or guest assets (see the first test's messages)");
        return false;
    }
    return true;
}

static void
test_define_undefine(void)
{
    g_autofree char *xml = NULL;
    g_autofree char *dumped = NULL;
    g_autofree char *bad_emulator = NULL;
    virDomainPtr dom;
    virDomainPtr *list = NULL;
    virErrorPtr err;
    int n;

    if (!have_fixture())
        return;
    xml = domain_xml("d1", NULL);
    dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    g_assert_true(wait_event(VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_DEFINED_ADDED, 5000));

    n = virConnectListAllDomains(fx.conn, &list, 0);
    g_assert_cmpint(n, ==, 1);
    g_assert_cmpstr(virDomainGetName(list[0]), ==, "d1");
    virDomainFree(list[0]);
    g_free(list);
    g_assert_cmpint(virConnectListAllDomains(fx.conn, NULL, VIR_CONNECT_LIST_DOMAINS_ACTIVE), ==, 0);
    g_assert_cmpint(virConnectListAllDomains(fx.conn, NULL, VIR_CONNECT_LIST_DOMAINS_INACTIVE |
                                             VIR_CONNECT_LIST_DOMAINS_PERSISTENT), ==, 1);

    dumped = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull(dumped);
    g_assert_nonnull(strstr(dumped, "machine='pc-i440fx-"));
    g_assert_nonnull(strstr(dumped, "<emulator>"));
    g_assert_null(strstr(dumped, "<alias "));
    g_assert_cmpint(virDomainIsPersistent(dom), ==, 1);
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    g_assert_cmpuint(virDomainGetMaxMemory(dom), ==, 262144);

    /* Autostart: the link libvirt makes. */
    g_assert_cmpint(virDomainSetAutostart(dom, 1), ==, 0);
    {
        g_autofree char *link = g_build_filename(fx.root, "etc", "modvirt", "qemu", "autostart",
                                                 "d1.xml", NULL);
        int autostart = 0;

        g_assert_true(g_file_test(link, G_FILE_TEST_IS_SYMLINK));
        g_assert_cmpint(virDomainGetAutostart(dom, &autostart), ==, 0);
        g_assert_cmpint(autostart, ==, 1);
        g_assert_cmpint(virDomainSetAutostart(dom, 0), ==, 0);
        g_assert_false(g_file_test(link, G_FILE_TEST_EXISTS));
    }

    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    g_assert_true(wait_event(VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED, 5000));
    virDomainFree(dom);
    g_assert_null(virDomainLookupByName(fx.conn, "d1"));
    err = virGetLastError();
    g_assert_nonnull(err);
    g_assert_cmpint(err->code, ==, VIR_ERR_NO_DOMAIN);
    g_assert_cmpstr(err->message, ==, "Domain not found: no domain with matching name 'd1'");

    /* Broken XML and a missing emulator: clear errors, nothing defined. */
    g_assert_null(virDomainDefineXML(fx.conn, "<domain type='qemu'><name>bad</name>"));
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_XML_ERROR);
    bad_emulator = domain_xml("d2", "<emulator>/nonexistent/qemu</emulator>");
    g_assert_null(virDomainDefineXML(fx.conn, bad_emulator));
    g_assert_nonnull(strstr(virGetLastError()->message, "Cannot check QEMU binary /nonexistent/qemu"));
    g_assert_cmpint(virConnectListAllDomains(fx.conn, NULL, 0), ==, 0);
}

static void
test_lifecycle(void)
{
    g_autofree char *xml = NULL;
    g_autofree char *live = NULL;
    g_autofree char *log = NULL;
    virDomainInfo info;
    virDomainPtr dom;
    gint64 t0;

    if (!have_fixture())
        return;
    xml = domain_xml("g1", NULL);
    log = mv_test_guest_serial_log(fx.root, "g1");
    dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);

    t0 = g_get_monotonic_time();
    if (virDomainCreate(dom) < 0)
        log_error();
    g_test_message("start call to running: %.0f ms", (g_get_monotonic_time() - t0) / 1000.0);
    g_assert_true(wait_event(VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED, 5000));
    g_assert_true(wait_state(dom, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED, 1000));
    {
        virDomainPtr again = virDomainLookupByName(fx.conn, "g1");

        g_assert_cmpint(virDomainGetID(again), >, 0);
        virDomainFree(again);
    }
    g_assert_cmpint(virDomainGetInfo(dom, &info), ==, 0);
    g_assert_cmpint(info.state, ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpuint(info.nrVirtCpu, ==, 1);
    live = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(live, "<alias name='serial0'/>"));
    g_assert_true(mv_test_wait_file_contains(log, "MODVIRT-GUEST-BOOTED", BOOT_TIMEOUT_MS));

    g_assert_cmpint(virDomainSuspend(dom), ==, 0);
    g_assert_true(wait_state(dom, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER, 1000));
    g_assert_true(wait_event(VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED, 5000));
    g_assert_cmpint(virDomainResume(dom), ==, 0);
    g_assert_true(wait_state(dom, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED, 1000));
    g_assert_true(wait_event(VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED, 5000));

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_true(wait_state(dom, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_DESTROYED, 1000));
    g_assert_true(wait_event(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED, 5000));
    g_assert_cmpint(virDomainDestroy(dom), ==, -1);
    g_assert_cmpstr(virGetLastError()->message, ==, "Requested operation is not valid: domain is not running");
    virDomainFree(dom);
}

/* The power button: the guest's acpid powers it off; QEMU quits. */
static void
test_shutdown(void)
{
    g_autofree char *log = mv_test_guest_serial_log(fx.root, "g1");
    virDomainPtr dom;
    pid_t pid;

    if (!have_fixture())
        return;
    dom = virDomainLookupByName(fx.conn, "g1");
    g_assert_nonnull(dom);
    g_unlink(log);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    pid = mv_test_guest_status_pid(fx.root, "g1");
    g_assert_cmpint(pid, >, 0);
    g_assert_true(mv_test_wait_file_contains(log, "MODVIRT-GUEST-BOOTED", BOOT_TIMEOUT_MS));
    /* The guest's acpid may not listen yet when the first press comes. */
    for (int i = 0; i < STATE_TIMEOUT_MS / POWER_BUTTON_RETRY_MS; i++) {
        if (virDomainShutdown(dom) < 0 ||
            wait_state(dom, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_SHUTDOWN, POWER_BUTTON_RETRY_MS))
            break;
    }
    g_assert_true(wait_state(dom, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_SHUTDOWN, 1000));
    g_assert_true(wait_event(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN, 5000));
    g_assert_true(pid_gone(pid));
    virDomainFree(dom);
}

/* kill -9 of the daemon: the guest runs on, and the next daemon finds it. */
static void
test_daemon_restart(void)
{
    virDomainPtr dom;
    pid_t pid;
    int state = -1;
    int reason = -1;

    if (!have_fixture())
        return;
    dom = virDomainLookupByName(fx.conn, "g1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    pid = mv_test_guest_status_pid(fx.root, "g1");
    g_assert_cmpint(pid, >, 0);
    virDomainFree(dom);

    daemon_stop(true);
    g_assert_cmpint(kill(pid, 0), ==, 0);
    g_assert_true(daemon_start());

    dom = virDomainLookupByName(fx.conn, "g1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainGetState(dom, &state, &reason, 0), ==, 0);
    g_assert_cmpint(state, ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(virDomainGetID(dom), >, 0);
    g_assert_cmpint(mv_test_guest_status_pid(fx.root, "g1"), ==, pid);
    g_assert_cmpint(virDomainSuspend(dom), ==, 0);
    g_assert_cmpint(virDomainResume(dom), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_true(pid_gone(pid));
    virDomainFree(dom);
}

typedef struct {
    virDomainPtr dom;
    int rc;
} SuspendCall;

static gpointer
suspend_thread(gpointer data)
{
    SuspendCall *call = data;

    call->rc = virDomainSuspend(call->dom);
    return NULL;
}

/* A SIGSTOPped QEMU delays no call on another guest, nor its own destroy. */
static void
test_stuck_qemu(void)
{
    g_autofree char *xml = domain_xml("g2", NULL);
    virDomainPtr g1;
    virDomainPtr g2;
    SuspendCall call = { 0 };
    GThread *thread;
    pid_t pid1;
    gint64 t0;
    int state;

    if (!have_fixture())
        return;
    g1 = virDomainLookupByName(fx.conn, "g1");
    g2 = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(g1);
    g_assert_nonnull(g2);
    g_assert_cmpint(virDomainCreate(g1), ==, 0);
    g_assert_cmpint(virDomainCreate(g2), ==, 0);
    pid1 = mv_test_guest_status_pid(fx.root, "g1");
    g_assert_cmpint(pid1, >, 0);

    g_assert_cmpint(kill(pid1, SIGSTOP), ==, 0);
    call.dom = g1;
    thread = g_thread_new("suspend", suspend_thread, &call);
    g_usleep(300000);

    t0 = g_get_monotonic_time();
    g_assert_cmpint(virDomainGetState(g1, &state, NULL, 0), ==, 0);
    g_assert_cmpint(virDomainSuspend(g2), ==, 0);
    g_assert_cmpint(virDomainResume(g2), ==, 0);
    g_assert_cmpint(virDomainGetState(g2, &state, NULL, 0), ==, 0);
    g_assert_cmpint(state, ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint((g_get_monotonic_time() - t0) / 1000, <, FAST_CALL_MS);

    t0 = g_get_monotonic_time();
    g_assert_cmpint(virDomainDestroy(g1), ==, 0);
    g_test_message("destroy of a stopped QEMU: %.0f ms", (g_get_monotonic_time() - t0) / 1000.0);
    g_assert_cmpint((g_get_monotonic_time() - t0) / 1000, <, 15000);
    /* The suspend returned: destroy sends SIGCONT with SIGTERM, so QEMU may
     * still answer the queued stop (0) or die first (-1); it never hangs. */
    g_thread_join(thread);
    g_assert_true(call.rc == 0 || call.rc == -1);
    g_assert_true(wait_state(g1, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_DESTROYED, 1000));

    g_assert_cmpint(virDomainDestroy(g2), ==, 0);
    g_assert_cmpint(virDomainUndefine(g2), ==, 0);
    virDomainFree(g1);
    virDomainFree(g2);
}

/* A transient guest lives only while it runs. */
static void
test_transient(void)
{
    g_autofree char *xml = domain_xml("t1", NULL);
    virDomainPtr dom;

    if (!have_fixture())
        return;
    dom = virDomainCreateXML(fx.conn, xml, 0);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsPersistent(dom), ==, 0);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    virDomainFree(dom);
    g_assert_null(virDomainLookupByName(fx.conn, "t1"));
}

/* A QEMU that exits a few ms after making its monitor socket (it cannot
 * open a disk's file), started again and again: each start fails at once
 * with QEMU's own reason, as libvirt words it, and the guest is shut off
 * (failed). Whether qemud saw the socket, connected, or sent a first
 * command before QEMU exited must not matter. */
#define EXITING_QEMU_STARTS 10
#define EXITING_QEMU_START_MS 5000

static void
test_qemu_exits_at_start(void)
{
    g_autofree char *missing = g_build_filename(fx.root, "missing.img", NULL);
    g_autofree char *disk = g_strdup_printf("<disk type='file' device='disk'>"
                                            "<driver name='qemu' type='raw'/>"
                                            "<source file='%s'/><target dev='vda' bus='virtio'/>"
                                            "</disk>", missing);
    g_autofree char *xml = domain_xml("qx1", disk);
    g_autofree char *quoted = g_regex_escape_string(missing, -1);
    g_autofree char *pattern = g_strdup_printf("^internal error: qemu unexpectedly closed the monitor: "
                                               "\\S+Z qemu-system-x86_64: -blockdev [^\n]*: "
                                               "Could not open '%s': No such file or directory$",
                                               quoted);
    virDomainPtr dom;

    if (!have_fixture())
        return;
    dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    for (int i = 0; i < EXITING_QEMU_STARTS; i++) {
        gint64 t0 = g_get_monotonic_time();
        gint64 elapsed_ms;
        virErrorPtr err;
        int state = -1;
        int reason = -1;

        g_assert_cmpint(virDomainCreate(dom), ==, -1);
        elapsed_ms = (g_get_monotonic_time() - t0) / 1000;
        err = virGetLastError();
        g_assert_nonnull(err);
        g_test_message("start %d failed after %" G_GINT64_FORMAT " ms: %s", i, elapsed_ms,
                       err->message);
        if (!g_regex_match_simple(pattern, err->message, 0, 0))
            g_error("start %d: expected /%s/, got '%s'", i, pattern, err->message);
        g_assert_cmpint(err->code, ==, VIR_ERR_INTERNAL_ERROR);
        g_assert_cmpint(err->domain, ==, VIR_FROM_QEMU);
        g_assert_cmpint(elapsed_ms, <, EXITING_QEMU_START_MS);
        g_assert_cmpint(virDomainGetState(dom, &state, &reason, 0), ==, 0);
        g_assert_cmpint(state, ==, VIR_DOMAIN_SHUTOFF);
        g_assert_cmpint(reason, ==, VIR_DOMAIN_SHUTOFF_FAILED);
    }
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
}

/* How soon a restarted qemud must answer although a peer it calls during
 * its recovery never answers (the peer call's own bound is 10 s or more). */
#define STUCK_PEER_ANSWER_MS 5000
#define STUCK_PORT_UUID "6a4e8f31-2c55-4a9e-9a58-1d7c5e0b9f02"

/* A pid no process has: a child that exited and was reaped. */
static pid_t
dead_pid(void)
{
    pid_t pid = fork();

    g_assert_cmpint(pid, >=, 0);
    if (pid == 0)
        _exit(0);
    g_assert_cmpint(waitpid(pid, NULL, 0), ==, pid);
    return pid;
}

/* A status file of guest sp1, whose QEMU (pid) is gone, with a network
 * port: its cleanup has to ask networkd to delete the port. */
static void
write_stuck_status(const char *root, pid_t pid)
{
    g_autofree char *text = g_strdup_printf(
        "<domstatus state='running' reason='1' pid='%d' id='3' persistent='no' started='0'>\n"
        "  <monitor path='%s/nonexistent.sock'/>\n"
        "<domain type='qemu'>\n"
        "  <name>sp1</name>\n"
        "  <uuid>0b6f3b4e-7d1a-4c2b-8e5f-3a9d2c1e0f47</uuid>\n"
        "  <memory unit='KiB'>65536</memory>\n"
        "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n"
        "  <devices>\n"
        "    <interface type='network'>\n"
        "      <mac address='52:54:00:aa:00:09'/>\n"
        "      <source network='nat1' portid='" STUCK_PORT_UUID "' bridge='mvtnat0'/>\n"
        "      <model type='e1000'/>\n"
        "      <alias name='net0'/>\n"
        "    </interface>\n"
        "  </devices>\n"
        "</domain>\n"
        "</domstatus>\n", (int) pid, root);

    mv_test_write_file(root, "run/modvirt/qemu/sp1.xml", text);
}

/* A networkd that accepts connections and never answers: qemud, restarted
 * with a guest whose cleanup needs networkd, still answers at once; the
 * cleanup finishes once the peer hangs up. */
static void
test_stuck_peer(void)
{
    g_autofree char *binary = mv_test_daemon_binary("qemud");
    g_autofree char *root = NULL;
    g_autofree char *sock = NULL;
    g_autofree char *sock_dir = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *status = NULL;
    g_autoptr(MvTestDaemon) daemon = NULL;
    const char *args[] = { "--verbose", NULL };
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    virDomainPtr *doms = NULL;
    virConnectPtr conn;
    gint64 t0;
    gint64 elapsed_ms;
    int listener;
    int n;

    if (!binary) {
        g_test_skip("modvirt-qemud is not built");
        return;
    }
    root = mv_test_root_new();
    sock = mv_test_socket_path(root, "networkd", false);
    sock_dir = g_path_get_dirname(sock);
    g_assert_cmpint(g_mkdir_with_parents(sock_dir, 0755), ==, 0);
    g_assert_cmpuint(strlen(sock), <, sizeof(addr.sun_path));
    strcpy(addr.sun_path, sock);
    listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert_cmpint(listener, >=, 0);
    g_assert_cmpint(bind(listener, (struct sockaddr *) &addr, sizeof(addr)), ==, 0);
    g_assert_cmpint(listen(listener, 16), ==, 0);
    write_stuck_status(root, dead_pid());
    status = g_build_filename(root, "run", "modvirt", "qemu", "sp1.xml", NULL);

    t0 = g_get_monotonic_time();
    daemon = mv_test_daemon_start("qemud", root, args);
    g_assert_nonnull(daemon);
    uri = g_strdup_printf("qemu+unix:///system?socket=%s", daemon->rw_socket);
    conn = virConnectOpen(uri);
    g_assert_nonnull(conn);
    n = virConnectListAllDomains(conn, &doms, 0);
    elapsed_ms = (g_get_monotonic_time() - t0) / 1000;
    g_test_message("qemud answered %" G_GINT64_FORMAT " ms after its start", elapsed_ms);
    g_assert_cmpint(n, ==, 1);
    g_assert_cmpstr(virDomainGetName(doms[0]), ==, "sp1");
    g_assert_cmpint(elapsed_ms, <, STUCK_PEER_ANSWER_MS);
    virDomainFree(doms[0]);
    g_free(doms);
    /* The cleanup still waits for networkd. */
    g_assert_true(g_file_test(status, G_FILE_TEST_EXISTS));

    /* The peer hangs up: the cleanup goes on (the port cannot be deleted,
     * which is logged) and the transient guest is gone. */
    close(listener);
    unlink(sock);
    g_assert_true(mv_test_wait_file_contains(daemon->stderr_path, "domain 'sp1' shut off",
                                             STATE_TIMEOUT_MS));
    g_assert_false(g_file_test(status, G_FILE_TEST_EXISTS));
    g_assert_null(virDomainLookupByName(conn, "sp1"));
    virConnectClose(conn);
    mv_test_daemon_stop_checked(daemon);
    mv_test_root_remove(root);
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    events = g_array_new(FALSE, FALSE, sizeof(int));
    mv_test_virt_event_loop_start();

    fx.root = mv_test_root_new();
    signal(SIGABRT, on_abort);
    if (mv_test_guest_prereqs(&fx.assets) && !daemon_start())
        g_test_message("modvirt-qemud did not start: every test skips");

    g_test_add_func("/qemud/define-undefine", test_define_undefine);
    g_test_add_func("/qemud/lifecycle", test_lifecycle);
    g_test_add_func("/qemud/shutdown", test_shutdown);
    g_test_add_func("/qemud/daemon-restart", test_daemon_restart);
    g_test_add_func("/qemud/stuck-qemu", test_stuck_qemu);
    g_test_add_func("/qemud/transient", test_transient);
    g_test_add_func("/qemud/qemu-exits-at-start", test_qemu_exits_at_start);
    g_test_add_func("/qemud/stuck-peer", test_stuck_peer);
    rc = g_test_run();

    kill_all_guests();
    daemon_stop(false);
    mv_test_virt_event_loop_stop();
    mv_test_root_remove(fx.root);
    g_free(fx.root);
    g_free(fx.assets);
    g_free(fx.uri);
    g_array_unref(events);
    return rc;
}
