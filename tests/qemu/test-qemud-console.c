/* Guest consoles end to end: a real TCG guest under modvirt-qemud, its serial console through libmodvirt's streams, python3-libvirt, Debian's virsh and modvirt. */
#include <glib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "guest.h"
#include "testutil.h"

/* A TCG boot on a loaded host; a line typed and echoed; the end of a stream. */
#define BOOT_TIMEOUT_MS 180000
#define ECHO_TIMEOUT_MS 60000
#define END_TIMEOUT_MS 30000
/* What a helper script may take in all. */
#define SCRIPT_TIMEOUT_MS 300000

#define GUEST "con1"

typedef struct {
    char *root;
    char *assets;
    MvTestDaemon *daemon;
    char *uri;
    virConnectPtr conn;
} Fixture;

static Fixture fx;

/* What a stream event callback read, from the event loop's thread. */
typedef struct {
    GMutex lock;
    GString *text;
    int events;
} StreamSeen;

static void
stream_event_cb(virStreamPtr st, int events, void *opaque)
{
    StreamSeen *seen = opaque;
    char chunk[4096];
    int n;

    g_mutex_lock(&seen->lock);
    seen->events |= events;
    while ((n = virStreamRecv(st, chunk, sizeof(chunk))) > 0)
        g_string_append_len(seen->text, chunk, n);
    g_mutex_unlock(&seen->lock);
}

static bool
wait_seen(StreamSeen *seen, const char *needle, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
    bool found = false;

    while (!found && g_get_monotonic_time() < deadline) {
        g_mutex_lock(&seen->lock);
        found = strstr(seen->text->str, needle) != NULL;
        g_mutex_unlock(&seen->lock);
        if (!found)
            g_usleep(20000);
    }
    return found;
}

static void
quiet_handler(void *opaque, virErrorPtr err)
{
}

/* A guest whose serial port is a pty and whose init echoes console lines. */
static char *
domain_xml(void)
{
    return g_strdup_printf(
        "<domain type='qemu'><name>" GUEST "</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64'>hvm</type><kernel>%s/vmlinuz</kernel>"
        "<initrd>%s/initramfs.img</initrd><cmdline>console=ttyS0 modvirt.echo=1</cmdline></os>"
        "<features><acpi/></features>"
        "<devices><serial type='pty'><target port='0'/></serial>"
        "<console type='pty'><target type='serial' port='0'/></console></devices></domain>",
        fx.assets, fx.assets);
}

/* A failed assertion aborts: the guest and the daemon go first. */
static void
on_abort(int sig)
{
    pid_t pid = mv_test_guest_status_pid(fx.root, GUEST);

    if (pid > 0)
        kill(pid, SIGKILL);
    mv_test_guest_abort_daemon(fx.daemon, sig);
}

static bool
have_fixture(void)
{
    if (!fx.conn) {
        g_test_skip("no daemon, QEMU or guest assets (see the first messages)");
        return false;
    }
    return true;
}

/* The guest, started paused so that its console misses nothing. */
static virDomainPtr
start_paused(void)
{
    virDomainPtr dom = virDomainLookupByName(fx.conn, GUEST);
    int state = -1;

    g_assert_nonnull(dom);
    if (virDomainGetState(dom, &state, NULL, 0) == 0 && state != VIR_DOMAIN_SHUTOFF)
        g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainCreateWithFlags(dom, VIR_DOMAIN_START_PAUSED), ==, 0);
    return dom;
}

/* Reads a nonblocking stream into buf until needle, end, error or the
 * timeout: 1 found, 0 ended, -1 error (the last error is the stream's),
 * -2 timed out. */
static int
read_until(virStreamPtr st, GString *buf, const char *needle, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

    while (!needle || !strstr(buf->str, needle)) {
        char chunk[4096];
        int n = virStreamRecv(st, chunk, sizeof(chunk));

        if (n == -2) {
            if (g_get_monotonic_time() > deadline) {
                g_test_message("no '%s' within %u ms; the console's last bytes: %s",
                               needle ? needle : "end", timeout_ms,
                               buf->len > 300 ? buf->str + buf->len - 300 : buf->str);
                return -2;
            }
            g_usleep(20000);
            continue;
        }
        if (n <= 0)
            return n;
        g_string_append_len(buf, chunk, n);
    }
    return 1;
}

static void
send_line(virStreamPtr st, const char *line)
{
    g_assert_cmpint(virStreamSend(st, line, strlen(line)), ==, (int) strlen(line));
}

/* Through libmodvirt: one session at a time, both directions, FORCE takes
 * the console over, the guest's end ends the stream. */
static void
test_c_api(void)
{
    g_autoptr(GString) out1 = g_string_new(NULL);
    g_autoptr(GString) out2 = g_string_new(NULL);
    virStreamPtr st1;
    virStreamPtr st2;
    virStreamPtr st3;
    virDomainPtr dom;
    virErrorPtr err;

    if (!have_fixture())
        return;
    dom = start_paused();
    /* The pty QEMU picked is in the live XML, as libvirt shows it. */
    {
        g_autofree char *live = virDomainGetXMLDesc(dom, 0);

        g_assert_nonnull(strstr(live, "<source path='/dev/pts/"));
        g_assert_nonnull(strstr(live, "<console type='pty' tty='/dev/pts/"));
    }

    st1 = virStreamNew(fx.conn, VIR_STREAM_NONBLOCK);
    g_assert_nonnull(st1);
    /* Not opened by a call yet. */
    g_assert_cmpint(virStreamSend(st1, "x", 1), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpint(virDomainOpenConsole(dom, NULL, st1, 0), ==, 0);

    st2 = virStreamNew(fx.conn, VIR_STREAM_NONBLOCK);
    g_assert_cmpint(virDomainOpenConsole(dom, NULL, st2, 0), ==, -1);
    err = virGetLastError();
    g_assert_cmpint(err->code, ==, VIR_ERR_OPERATION_FAILED);
    g_assert_nonnull(strstr(err->message, "Active console session exists for this domain"));
    g_assert_cmpint(virDomainOpenConsole(dom, "serial7", st2, 0), ==, -1);
    g_assert_nonnull(strstr(virGetLastError()->message, "cannot find character device serial7"));

    g_assert_cmpint(virDomainResume(dom), ==, 0);
    g_assert_cmpint(read_until(st1, out1, "MODVIRT-GUEST-BOOTED", BOOT_TIMEOUT_MS), ==, 1);
    send_line(st1, "typed through the api\n");
    g_assert_cmpint(read_until(st1, out1, "MODVIRT-GUEST-ECHO typed through the api",
                               ECHO_TIMEOUT_MS), ==, 1);

    /* FORCE: the first session ends with an error, the new one works. */
    g_assert_cmpint(virDomainOpenConsole(dom, "serial0", st2, VIR_DOMAIN_CONSOLE_FORCE), ==, 0);
    g_assert_cmpint(read_until(st1, out1, NULL, END_TIMEOUT_MS), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_OPERATION_ABORTED);
    g_assert_cmpint(virStreamAbort(st1), ==, 0);
    virStreamFree(st1);
    send_line(st2, "after the takeover\n");
    g_assert_cmpint(read_until(st2, out2, "MODVIRT-GUEST-ECHO after the takeover",
                               ECHO_TIMEOUT_MS), ==, 1);

    /* Event callbacks: the event loop says when there is something to read. */
    {
        /* Static: a callback already dispatched may still run after its
         * removal returned. */
        static StreamSeen seen;

        seen.text = g_string_new(NULL);
        g_assert_cmpint(virStreamEventAddCallback(st2, VIR_STREAM_EVENT_READABLE,
                                                  stream_event_cb, &seen, NULL), ==, 0);
        g_assert_cmpint(virStreamEventAddCallback(st2, VIR_STREAM_EVENT_READABLE,
                                                  stream_event_cb, &seen, NULL), ==, -1);
        send_line(st2, "seen by a callback\n");
        g_assert_true(wait_seen(&seen, "MODVIRT-GUEST-ECHO seen by a callback", ECHO_TIMEOUT_MS));
        g_assert_cmpint(virStreamEventUpdateCallback(st2, VIR_STREAM_EVENT_READABLE |
                                                     VIR_STREAM_EVENT_HANGUP), ==, 0);
        g_assert_cmpint(virStreamEventRemoveCallback(st2), ==, 0);
        g_assert_cmpint(virStreamEventRemoveCallback(st2), ==, -1);
        g_mutex_lock(&seen.lock);
        g_assert_true(seen.events & VIR_STREAM_EVENT_READABLE);
        g_mutex_unlock(&seen.lock);
    }

    /* The guest stops: the stream reads its end, and finishes. */
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(read_until(st2, out2, NULL, END_TIMEOUT_MS), ==, 0);
    g_assert_cmpint(virStreamFinish(st2), ==, 0);
    virStreamFree(st2);

    /* A guest that is not running has no console. */
    st3 = virStreamNew(fx.conn, 0);
    g_assert_cmpint(virDomainOpenConsole(dom, NULL, st3, 0), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpint(virDomainOpenConsole(dom, NULL, st3, 0x80), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_INVALID_ARG);
    virStreamFree(st3);
    virDomainFree(dom);
}

/* A read-only connection may not open a console. */
static void
test_read_only(void)
{
    g_autofree char *uri = NULL;
    virConnectPtr ro;
    virDomainPtr dom;
    virStreamPtr st;

    if (!have_fixture())
        return;
    uri = g_strdup_printf("qemu+unix:///system?socket=%s", fx.daemon->ro_socket);
    ro = virConnectOpenReadOnly(uri);
    g_assert_nonnull(ro);
    dom = virDomainLookupByName(ro, GUEST);
    g_assert_nonnull(dom);
    st = virStreamNew(ro, 0);
    g_assert_cmpint(virDomainOpenConsole(dom, NULL, st, 0), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_OPERATION_DENIED);
    virStreamFree(st);
    virDomainFree(dom);
    virConnectClose(ro);
}

/* Runs a helper script with /usr/bin/python3; skips on exit code 77. */
static void
run_script(const char *script, const char *const *args)
{
    g_autofree char *path = g_build_filename(g_getenv("MODVIRT_SRCDIR"), "tests", "qemu",
                                             script, NULL);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char *argv[8] = { "/usr/bin/python3", path };
    size_t i;
    int rc;

    for (i = 0; args[i] && i + 2 < G_N_ELEMENTS(argv) - 1; i++)
        argv[i + 2] = args[i];
    rc = mv_test_run(argv, SCRIPT_TIMEOUT_MS, &out, &err);
    g_test_message("%s: %s%s", script, out ? out : "", err ? err : "");
    if (rc == 77) {
        g_test_skip(out);
        return;
    }
    g_assert_cmpint(rc, ==, 0);
}

static void
test_python(void)
{
    const char *args[] = { fx.uri, GUEST, NULL };
    virDomainPtr dom;

    if (!have_fixture())
        return;
    if (!g_file_test("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)) {
        g_test_skip("/usr/bin/python3 is missing");
        return;
    }
    dom = start_paused();
    run_script("console-libvirt.py", args);
    virDomainDestroy(dom);
    virDomainFree(dom);
}

static void
run_pty_client(const char *client)
{
    const char *args[] = { client, fx.uri, GUEST, NULL };
    virDomainPtr dom;

    dom = start_paused();
    run_script("console-pty.py", args);
    virDomainDestroy(dom);
    virDomainFree(dom);
}

static void
test_virsh(void)
{
    g_autofree char *virsh = g_find_program_in_path("virsh");

    if (!have_fixture())
        return;
    if (!virsh || !g_file_test("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)) {
        g_test_skip("Debian's virsh (libvirt-clients) or /usr/bin/python3 is missing");
        return;
    }
    run_pty_client(virsh);
}

static void
test_modvirt_cli(void)
{
    g_autofree char *modvirt = mv_test_built_file("tools/modvirt");

    if (!have_fixture())
        return;
    if (!modvirt || !g_file_test("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)) {
        g_test_skip("tools/modvirt is not built or /usr/bin/python3 is missing");
        return;
    }
    run_pty_client(modvirt);
}

/* Through modvirt-proxyd: stream data keeps flowing after the open's
 * reply, both ways, and the finish and the end come back. */
static void
test_proxyd(void)
{
    g_autoptr(MvTestDaemon) proxyd = NULL;
    g_autoptr(GString) out = g_string_new(NULL);
    g_autofree char *virsh = g_find_program_in_path("virsh");
    g_autofree char *uri = NULL;
    virConnectPtr conn;
    virDomainPtr dom;
    virStreamPtr st;

    if (!have_fixture())
        return;
    proxyd = mv_test_daemon_start("proxyd", fx.root, NULL);
    g_assert_nonnull(proxyd);
    uri = g_strdup_printf("qemu+unix:///system?socket=%s", proxyd->rw_socket);
    conn = virConnectOpen(uri);
    g_assert_nonnull(conn);

    virDomainFree(start_paused());
    dom = virDomainLookupByName(conn, GUEST);
    g_assert_nonnull(dom);
    st = virStreamNew(conn, VIR_STREAM_NONBLOCK);
    g_assert_cmpint(virDomainOpenConsole(dom, NULL, st, 0), ==, 0);
    g_assert_cmpint(virDomainResume(dom), ==, 0);
    g_assert_cmpint(read_until(st, out, "MODVIRT-GUEST-BOOTED", BOOT_TIMEOUT_MS), ==, 1);
    send_line(st, "through proxyd\n");
    g_assert_cmpint(read_until(st, out, "MODVIRT-GUEST-ECHO through proxyd", ECHO_TIMEOUT_MS), ==, 1);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    virStreamFree(st);

    /* Another session on the same connection, ended by the guest. */
    st = virStreamNew(conn, VIR_STREAM_NONBLOCK);
    g_assert_cmpint(virDomainOpenConsole(dom, NULL, st, 0), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(read_until(st, out, NULL, END_TIMEOUT_MS), ==, 0);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    virStreamFree(st);
    virDomainFree(dom);
    virConnectClose(conn);

    if (virsh && g_file_test("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)) {
        const char *args[] = { virsh, uri, GUEST, NULL };

        dom = start_paused();
        run_script("console-pty.py", args);
        virDomainDestroy(dom);
        virDomainFree(dom);
    } else {
        g_test_message("Debian's virsh or /usr/bin/python3 is missing: only the C API went through proxyd");
    }
    g_assert_cmpint(mv_test_daemon_stop(proxyd), ==, 0);
}

static bool
fixture_start(void)
{
    const char *args[] = { "--verbose", NULL };
    g_autofree char *xml = NULL;
    virDomainPtr dom;

    fx.daemon = mv_test_daemon_start("qemud", fx.root, args);
    if (!fx.daemon)
        return false;
    fx.uri = g_strdup_printf("qemu+unix:///system?socket=%s", fx.daemon->rw_socket);
    if (!(fx.conn = virConnectOpen(fx.uri)))
        return false;
    xml = domain_xml();
    if (!(dom = virDomainDefineXML(fx.conn, xml))) {
        g_test_message("define failed: %s", virGetLastError()->message);
        g_clear_pointer(&fx.conn, virConnectClose);
        return false;
    }
    virDomainFree(dom);
    return true;
}

int
main(int argc, char **argv)
{
    pid_t pid;
    int rc;

    g_test_init(&argc, &argv, NULL);
    virSetErrorFunc(NULL, quiet_handler);
    mv_test_virt_event_loop_start();
    fx.root = mv_test_root_new();
    signal(SIGABRT, on_abort);
    if (mv_test_guest_prereqs(&fx.assets) && !fixture_start())
        g_test_message("modvirt-qemud did not start: every test skips");

    g_test_add_func("/qemud-console/c-api", test_c_api);
    g_test_add_func("/qemud-console/read-only", test_read_only);
    g_test_add_func("/qemud-console/python3-libvirt", test_python);
    g_test_add_func("/qemud-console/virsh", test_virsh);
    g_test_add_func("/qemud-console/modvirt-cli", test_modvirt_cli);
    g_test_add_func("/qemud-console/proxyd", test_proxyd);
    rc = g_test_run();

    if ((pid = mv_test_guest_status_pid(fx.root, GUEST)) > 0)
        kill(pid, SIGKILL);
    if (fx.conn)
        virConnectClose(fx.conn);
    if (fx.daemon) {
        mv_test_daemon_stop(fx.daemon);
        mv_test_daemon_free(fx.daemon);
    }
    mv_test_virt_event_loop_stop();
    mv_test_root_remove(fx.root);
    g_free(fx.root);
    g_free(fx.assets);
    g_free(fx.uri);
    return rc;
}
