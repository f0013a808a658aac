/* Tests of the remote driver through the public API against a real modvirt-qemud started under a temporary --root. */
#include <glib.h>
#include <signal.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "testutil.h"

/* One daemon for the tests that leave it running. */
static MvTestDaemon *daemon_shared;
static char *root_shared;

static void
quiet_handler(void *data, virErrorPtr err)
{
}

static void
assert_error(int code, const char *message_part)
{
    virErrorPtr err = virGetLastError();

    g_assert_nonnull(err);
    if (err->code != code || (message_part && !strstr(err->message, message_part)))
        g_test_message("error %d (domain %d): %s", err->code, err->domain, err->message);
    g_assert_cmpint(err->code, ==, code);
    if (message_part)
        g_assert_nonnull(strstr(err->message, message_part));
}

static char *
socket_uri(const char *path)
{
    return g_strdup_printf("qemu+unix:///system?socket=%s", path);
}

static bool
have_daemon(void)
{
    if (!daemon_shared) {
        g_test_skip("modvirt-qemud did not start (see the log)");
        return false;
    }
    return true;
}

/* The handshake's answers are the daemon's own. */
static void
assert_daemon_answers(virConnectPtr conn)
{
    char hostname[256] = "";
    g_autofree char *got_host = NULL;
    unsigned long libver = 0;
    virNodeInfo info;
    struct utsname uts;

    g_assert_cmpstr(virConnectGetType(conn), ==, "QEMU");
    g_assert_cmpint(gethostname(hostname, sizeof(hostname) - 1), ==, 0);
    got_host = virConnectGetHostname(conn);
    g_assert_cmpstr(got_host, ==, hostname);
    g_assert_cmpint(virConnectGetLibVersion(conn, &libver), ==, 0);
    g_assert_cmpuint(libver, ==, 9000000);
    g_assert_cmpint(virNodeGetInfo(conn, &info), ==, 0);
    g_assert_cmpint(uname(&uts), ==, 0);
    g_assert_cmpstr(info.model, ==, uts.machine);
    g_assert_cmpuint(info.cpus, >, 0);
    g_assert_cmpuint(info.memory, >, 0);
    g_assert_cmpuint(info.nodes * info.sockets * info.cores * info.threads, ==, info.cpus);
    g_assert_cmpint(virConnectIsSecure(conn), ==, 1);
    g_assert_cmpint(virConnectIsEncrypted(conn), ==, 0);
    g_assert_cmpint(virConnectIsAlive(conn), ==, 1);
}

static void
test_open_modvirt_root(void)
{
    virConnectPtr conn;
    g_autofree char *uri = NULL;

    if (!have_daemon())
        return;
    conn = virConnectOpen("qemu:///system");
    g_assert_nonnull(conn);
    assert_daemon_answers(conn);
    uri = virConnectGetURI(conn);
    g_assert_cmpstr(uri, ==, "qemu:///system");
    g_assert_cmpint(virConnectClose(conn), ==, 0);
}

static void
test_open_socket_param(void)
{
    g_autofree char *uri = NULL;
    g_autofree char *got = NULL;
    virConnectPtr conn;

    if (!have_daemon())
        return;
    uri = socket_uri(daemon_shared->rw_socket);
    conn = virConnectOpen(uri);
    g_assert_nonnull(conn);
    assert_daemon_answers(conn);
    got = virConnectGetURI(conn);
    g_assert_cmpstr(got, ==, uri);
    g_assert_cmpint(virConnectClose(conn), ==, 0);
}

/* A node-device call reaches qemud, which forwards it to nodedevd; with no
 * nodedevd running, the forwarder's error comes back unchanged and the
 * connection still answers. (A procedure no daemon serves gets
 * VIR_ERR_NO_SUPPORT: tests/daemons' /remote/no-support.) */
static void
test_forward_error(void)
{
    g_autofree char *uri = NULL;
    g_autofree char *host = NULL;
    virConnectPtr conn;

    if (!have_daemon())
        return;
    uri = socket_uri(daemon_shared->rw_socket);
    conn = virConnectOpen(uri);
    g_assert_nonnull(conn);
    g_assert_null(virNodeDeviceLookupSCSIHostByWWN(conn, "2000000000000001",
                                                   "2000000000000002", 0));
    assert_error(VIR_ERR_SYSTEM_ERROR, "cannot connect to modvirt-nodedevd");
    host = virConnectGetHostname(conn);
    g_assert_nonnull(host);
    g_assert_cmpint(virConnectIsAlive(conn), ==, 1);
    g_assert_cmpint(virConnectClose(conn), ==, 0);
}

static const char domain_xml[] =
    "<domain type='kvm'><name>tr1</name><memory>524288</memory>"
    "<os><type>hvm</type></os></domain>";

static void
test_read_only(void)
{
    g_autofree char *uri = NULL;
    virConnectPtr conn;

    if (!have_daemon())
        return;

    /* Refused here, before any call. */
    conn = virConnectOpenReadOnly("qemu:///system");
    g_assert_nonnull(conn);
    g_assert_null(virDomainDefineXML(conn, domain_xml));
    assert_error(VIR_ERR_OPERATION_DENIED, "virDomainDefineXML");
    g_assert_cmpint(virConnectIsAlive(conn), ==, 1);
    g_assert_cmpint(virConnectClose(conn), ==, 0);

    /* Refused by the daemon on its read-only socket, passed through. */
    uri = socket_uri(daemon_shared->ro_socket);
    conn = virConnectOpen(uri);
    g_assert_nonnull(conn);
    g_assert_null(virDomainDefineXML(conn, domain_xml));
    assert_error(VIR_ERR_OPERATION_DENIED, NULL);
    g_assert_cmpint(virConnectIsAlive(conn), ==, 1);
    g_assert_cmpint(virConnectClose(conn), ==, 0);
}

/* The daemon refuses the URI: its error, unchanged. */
static void
test_open_refused(void)
{
    g_autofree char *uri = NULL;

    if (!have_daemon())
        return;
    uri = g_strdup_printf("qemu+unix:///session?socket=%s", daemon_shared->rw_socket);
    g_assert_null(virConnectOpen(uri));
    assert_error(VIR_ERR_INTERNAL_ERROR, "unexpected QEMU URI path '/session'");
}

static void
test_missing_socket(void)
{
    g_autofree char *dir = mv_test_root_new();
    g_autofree char *path = g_build_filename(dir, "nobody-sock", NULL);
    g_autofree char *uri = socket_uri(path);
    gint64 start = g_get_monotonic_time();

    g_assert_null(virConnectOpen(uri));
    g_assert_cmpint(g_get_monotonic_time() - start, <, 2 * G_TIME_SPAN_SECOND);
    assert_error(VIR_ERR_SYSTEM_ERROR, path);
    mv_test_root_remove(dir);
}

#define THREADS 20
#define CALLS_PER_THREAD 25

static gpointer
hammer(gpointer data)
{
    virConnectPtr conn = data;
    int failures = 0;

    for (int i = 0; i < CALLS_PER_THREAD; i++) {
        virNodeInfo info;
        g_autofree char *host = virConnectGetHostname(conn);

        failures += host == NULL;
        failures += virNodeGetInfo(conn, &info) < 0;
        failures += virConnectGetType(conn) == NULL;
    }
    return GINT_TO_POINTER(failures);
}

static void
test_threads(void)
{
    g_autofree char *uri = NULL;
    GThread *threads[THREADS];
    virConnectPtr conn;

    if (!have_daemon())
        return;
    uri = socket_uri(daemon_shared->rw_socket);
    conn = virConnectOpen(uri);
    g_assert_nonnull(conn);
    for (int i = 0; i < THREADS; i++)
        threads[i] = g_thread_new("hammer", hammer, conn);
    for (int i = 0; i < THREADS; i++)
        g_assert_cmpint(GPOINTER_TO_INT(g_thread_join(threads[i])), ==, 0);
    g_assert_cmpint(virConnectClose(conn), ==, 0);
}

typedef struct {
    GMutex lock;
    GCond cond;
    int calls;
    int reason;
    virConnectPtr conn;
    int freed;
} CloseSeen;

static void
close_cb(virConnectPtr conn, int reason, void *opaque)
{
    CloseSeen *seen = opaque;

    g_mutex_lock(&seen->lock);
    seen->calls++;
    seen->reason = reason;
    seen->conn = conn;
    g_cond_broadcast(&seen->cond);
    g_mutex_unlock(&seen->lock);
}

static void
close_free(void *opaque)
{
    CloseSeen *seen = opaque;

    g_atomic_int_inc(&seen->freed);
}

/* The daemon dies: the close callback fires, later calls fail at once. */
static void
test_daemon_killed(void)
{
    g_autofree char *root = mv_test_root_new();
    g_autoptr(MvTestDaemon) daemon = mv_test_daemon_start("qemud", root, NULL);
    g_autofree char *uri = NULL;
    CloseSeen seen = { 0 };
    virConnectPtr conn;
    gint64 deadline;
    gint64 start;

    if (!daemon) {
        g_test_skip("modvirt-qemud did not start");
        mv_test_root_remove(root);
        return;
    }
    g_mutex_init(&seen.lock);
    g_cond_init(&seen.cond);
    uri = socket_uri(daemon->rw_socket);
    conn = virConnectOpen(uri);
    g_assert_nonnull(conn);
    g_assert_cmpint(virConnectRegisterCloseCallback(conn, close_cb, &seen, close_free), ==, 0);

    g_assert_cmpint(kill(daemon->pid, SIGKILL), ==, 0);
    g_assert_true(mv_test_wait_exit(daemon->pid, MV_TEST_STOP_TIMEOUT_MS, NULL));
    daemon->pid = 0;

    deadline = g_get_monotonic_time() + 10 * G_TIME_SPAN_SECOND;
    g_mutex_lock(&seen.lock);
    while (seen.calls == 0 && g_cond_wait_until(&seen.cond, &seen.lock, deadline))
        ;
    g_assert_cmpint(seen.calls, ==, 1);
    g_assert_cmpint(seen.reason, ==, VIR_CONNECT_CLOSE_REASON_EOF);
    g_assert_true(seen.conn == conn);
    g_mutex_unlock(&seen.lock);

    start = g_get_monotonic_time();
    g_assert_null(virConnectGetHostname(conn));
    g_assert_cmpint(g_get_monotonic_time() - start, <, G_TIME_SPAN_SECOND);
    assert_error(VIR_ERR_INTERNAL_ERROR, "client socket is closed");
    g_assert_cmpint(virGetLastError()->domain, ==, VIR_FROM_RPC);
    g_assert_cmpint(virConnectIsAlive(conn), ==, 0);

    g_assert_cmpint(virConnectClose(conn), ==, 0);
    g_assert_cmpint(g_atomic_int_get(&seen.freed), ==, 1);
    g_mutex_clear(&seen.lock);
    g_cond_clear(&seen.cond);
    mv_test_root_remove(root);
}

int
main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    virSetErrorFunc(NULL, quiet_handler);
    root_shared = mv_test_root_new();
    daemon_shared = mv_test_daemon_start("qemud", root_shared, NULL);
    /* Set before any thread starts; URIs with ?socket= ignore it. */
    g_setenv("MODVIRT_ROOT", root_shared, TRUE);

    g_test_add_func("/remote/open-modvirt-root", test_open_modvirt_root);
    g_test_add_func("/remote/open-socket-param", test_open_socket_param);
    g_test_add_func("/remote/forward-error", test_forward_error);
    g_test_add_func("/remote/read-only", test_read_only);
    g_test_add_func("/remote/open-refused", test_open_refused);
    g_test_add_func("/remote/missing-socket", test_missing_socket);
    g_test_add_func("/remote/threads", test_threads);
    g_test_add_func("/remote/daemon-killed", test_daemon_killed);
    ret = g_test_run();

    if (daemon_shared)
        mv_test_daemon_stop(daemon_shared);
    mv_test_daemon_free(daemon_shared);
    mv_test_root_remove(root_shared);
    g_free(root_shared);
    return ret;
}
