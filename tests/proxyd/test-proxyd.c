/* Tests of modvirt-proxyd between lib/rpc's client and the real daemons: handshake, routing by URI and by procedure, serials, dead backends, bad clients, read-only, daemons started on demand, event callback ids from two daemons, streams nobody knows. */
#define MV_FROM_THIS VIR_FROM_NONE

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "protocol/keepalive.h"
#include "protocol/remote.h"
#include "rpc/client.h"
#include "rpc/keepalive.h"
#include "rpc/reader.h"
#include "rpctest.h"
#include "testutil.h"
#include "util/error.h"

/* libvirt's VIR_CONNECT_RO. */
#define CONNECT_RO 1
#define FEATURE_KEEPALIVE 10
#define FEATURE_EVENT_CALLBACK 14
/* A call proxyd does not answer in time fails the test. */
#define CALL_TIMEOUT_MS 15000

/* Daemons proxyd may have started on demand, found by their pid files. */
static const char *const spawnable[] = { "qemud", "networkd", "nodedevd", "xend", "lxcd" };

/* proxyd, and the daemons this test started itself, under one --root. */
typedef struct {
    char *root;
    MvTestDaemon *qemud;
    MvTestDaemon *networkd;
    MvTestDaemon *proxyd;
    char *sock;
    char *sock_ro;
} Fixture;

static const char *const daemon_args[] = { "--timeout", "30", NULL };

/* with: which daemons the test starts itself besides proxyd. */
static bool
fixture_start(Fixture *fx, bool with_qemud, bool with_networkd, const char *const *proxyd_args)
{
    g_autofree char *binary = mv_test_daemon_binary("proxyd");

    if (!binary)
        return false;
    fx->root = mv_test_root_new();
    if (with_qemud)
        g_assert_nonnull((fx->qemud = mv_test_daemon_start("qemud", fx->root, daemon_args)));
    if (with_networkd)
        g_assert_nonnull((fx->networkd = mv_test_daemon_start("networkd", fx->root,
                                                              daemon_args)));
    fx->proxyd = mv_test_daemon_start("proxyd", fx->root,
                                      proxyd_args ? proxyd_args : daemon_args);
    g_assert_nonnull(fx->proxyd);
    fx->sock = mv_test_socket_path(fx->root, "proxyd", false);
    fx->sock_ro = mv_test_socket_path(fx->root, "proxyd", true);
    /* The start waits for the read-write socket; the others are bound after it. */
    g_assert_true(mv_test_wait_socket(fx->sock_ro, MV_TEST_START_TIMEOUT_MS));
    return true;
}

static pid_t
read_pid_file(const char *root, const char *name)
{
    g_autofree char *path = g_strdup_printf("%s/run/modvirt/%s.pid", root, name);
    g_autofree char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return 0;
    return (pid_t) g_ascii_strtoll(text, NULL, 10);
}

/* SIGTERM to a daemon proxyd started (proxyd reaps it), bounded wait. */
static void
stop_spawned(const char *root, const char *name)
{
    pid_t pid = read_pid_file(root, name);

    if (pid <= 0 || kill(pid, SIGTERM) < 0)
        return;
    for (int i = 0; i < 100 && kill(pid, 0) == 0; i++)
        g_usleep(100000);
    if (kill(pid, 0) == 0) {
        g_test_message("modvirt-%s (pid %d) ignored SIGTERM", name, (int) pid);
        kill(pid, SIGKILL);
    }
}

static void
fixture_stop(Fixture *fx)
{
    if (fx->networkd && fx->networkd->pid > 0)
        mv_test_daemon_stop(fx->networkd);
    if (fx->qemud && fx->qemud->pid > 0)
        mv_test_daemon_stop(fx->qemud);
    /* While proxyd still runs to reap them. */
    for (size_t i = 0; fx->root && i < G_N_ELEMENTS(spawnable); i++)
        stop_spawned(fx->root, spawnable[i]);
    if (fx->proxyd && fx->proxyd->pid > 0)
        g_assert_cmpint(mv_test_daemon_stop(fx->proxyd), ==, 0);
    g_clear_pointer(&fx->networkd, mv_test_daemon_free);
    g_clear_pointer(&fx->qemud, mv_test_daemon_free);
    g_clear_pointer(&fx->proxyd, mv_test_daemon_free);
    if (fx->root)
        mv_test_root_remove(fx->root);
    g_clear_pointer(&fx->root, g_free);
    g_clear_pointer(&fx->sock, g_free);
    g_clear_pointer(&fx->sock_ro, g_free);
}

/* The call failed with code (in any domain); the message holds want. */
static void
assert_error(int rc, int code, const char *want)
{
    mv_test_rpc_assert_error(rc, code, -1, want);
}

static MvRpcClient *
connect_to(const char *path)
{
    return mv_test_rpc_connect(path, CALL_TIMEOUT_MS);
}

static char *
get_hostname(MvRpcClient *client)
{
    return mv_test_rpc_get_string(client, REMOTE_PROC_CONNECT_GET_HOSTNAME,
                                  (xdrproc_t) xdr_remote_connect_get_hostname_ret);
}

/* 283 CONNECT_LIST_ALL_NETWORKS: 0 when networkd's driver answers it, or
 * networkd's VIR_ERR_NO_SUPPORT naming the API until it does. */
static int
list_all_networks(MvRpcClient *client)
{
    remote_connect_list_all_networks_args args = { .need_results = 1 };
    remote_connect_list_all_networks_ret ret = { 0 };
    int rc = mv_test_rpc_call(client, REMOTE_PROC_CONNECT_LIST_ALL_NETWORKS,
                              (xdrproc_t) xdr_remote_connect_list_all_networks_args, &args,
                              (xdrproc_t) xdr_remote_connect_list_all_networks_ret, &ret);

    xdr_free((xdrproc_t) xdr_remote_connect_list_all_networks_ret, (char *) &ret);
    return rc;
}

static bool
network_call_answered(int rc)
{
    const MvError *err = mv_error_last();

    if (rc == 0)
        return true;
    g_test_message("network call: %s", err ? err->message : "(no error)");
    return err && err->code == VIR_ERR_NO_SUPPORT &&
        strstr(err->message, "virConnectListAllNetworks") != NULL;
}

static MvRpcClient *
open_client(const char *path, const char *uri)
{
    MvRpcClient *client = connect_to(path);

    g_assert_cmpint(mv_test_rpc_open(client, uri, 0), ==, 0);
    return client;
}

static void
test_handshake(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) client = NULL;
    remote_auth_list_ret auth = { { 0 } };
    g_autofree char *hostname = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *type = NULL;
    g_autoptr(MvRpcClient) direct = NULL;
    int supported = -1;
    int want = -1;

    if (!fixture_start(&fx, true, false, NULL))
        return;
    client = connect_to(fx.sock);

    /* proxyd answers these itself. */
    g_assert_cmpint(mv_test_rpc_call(client, REMOTE_PROC_AUTH_LIST, NULL, NULL,
                                     (xdrproc_t) xdr_remote_auth_list_ret, &auth), ==, 0);
    g_assert_cmpuint(auth.types.types_len, ==, 1);
    g_assert_cmpint(auth.types.types_val[0], ==, REMOTE_AUTH_NONE);
    xdr_free((xdrproc_t) xdr_remote_auth_list_ret, (char *) &auth);
    g_assert_cmpint(mv_test_rpc_supports_feature(client, FEATURE_KEEPALIVE, &supported), ==, 0);
    g_assert_cmpint(supported, ==, 1);
    assert_error(mv_test_rpc_supports_feature(client, FEATURE_EVENT_CALLBACK, &supported),
                 VIR_ERR_INTERNAL_ERROR, "connection not open");
    assert_error(get_hostname(client) ? 0 : -1, VIR_ERR_INTERNAL_ERROR, "connection not open");

    assert_error(mv_test_rpc_open(client, "test:///default", 0), VIR_ERR_NO_CONNECT,
                 "test:///default");
    /* The hypervisor daemon's own refusal comes back as it is. */
    assert_error(mv_test_rpc_open(client, "qemu:///session", 0), VIR_ERR_INTERNAL_ERROR,
                 "try qemu:///system");

    /* A null URI is qemud's default. */
    g_assert_cmpint(mv_test_rpc_open(client, NULL, 0), ==, 0);
    uri = mv_test_rpc_get_string(client, REMOTE_PROC_CONNECT_GET_URI,
                                 (xdrproc_t) xdr_remote_connect_get_uri_ret);
    g_assert_cmpstr(uri, ==, "qemu:///system");
    type = mv_test_rpc_get_string(client, REMOTE_PROC_CONNECT_GET_TYPE,
                                  (xdrproc_t) xdr_remote_connect_get_type_ret);
    g_assert_cmpstr(type, ==, "QEMU");
    hostname = get_hostname(client);
    g_assert_cmpstr(hostname, ==, g_get_host_name());
    /* Features other than keepalive are qemud's to grant. */
    direct = open_client(fx.qemud->rw_socket, "qemu:///system");
    g_assert_cmpint(mv_test_rpc_supports_feature(direct, FEATURE_EVENT_CALLBACK, &want), ==, 0);
    g_assert_cmpint(mv_test_rpc_supports_feature(client, FEATURE_EVENT_CALLBACK,
                                                 &supported), ==, 0);
    g_assert_cmpint(supported, ==, want);
    assert_error(mv_test_rpc_open(client, "qemu:///system", 0), VIR_ERR_INTERNAL_ERROR,
                 "already open");

    /* Closing lets the client open again. */
    g_assert_cmpint(mv_test_rpc_call(client, REMOTE_PROC_CONNECT_CLOSE, NULL, NULL, NULL,
                                     NULL), ==, 0);
    assert_error(get_hostname(client) ? 0 : -1, VIR_ERR_INTERNAL_ERROR, "connection not open");
    g_assert_cmpint(mv_test_rpc_open(client, "qemu:///system", 0), ==, 0);

    g_clear_pointer(&client, mv_rpc_client_free);
    g_clear_pointer(&direct, mv_rpc_client_free);
    fixture_stop(&fx);
}

/* A network call on a qemu:///system connection reaches networkd, over
 * proxyd's own connection to it, which opens network:///system. */
static void
test_network_routing(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) client = NULL;
    g_autofree char *type = NULL;

    if (!fixture_start(&fx, true, true, NULL))
        return;
    client = open_client(fx.sock, "qemu:///system");

    g_assert_false(mv_test_wait_file_contains(fx.networkd->stderr_path,
                                              "client opened 'network:///system'", 0));
    g_assert_true(network_call_answered(list_all_networks(client)));
    g_assert_true(mv_test_wait_file_contains(fx.networkd->stderr_path,
                                             "client opened 'network:///system'", 5000));
    /* Connection-level calls stay with the hypervisor daemon. */
    type = mv_test_rpc_get_string(client, REMOTE_PROC_CONNECT_GET_TYPE,
                                  (xdrproc_t) xdr_remote_connect_get_type_ret);
    g_assert_cmpstr(type, ==, "QEMU");

    g_clear_pointer(&client, mv_rpc_client_free);
    fixture_stop(&fx);
}

typedef struct {
    MvRpcClient *client;
    unsigned int rounds;
    unsigned int failures;
} Worker;

static gpointer
worker_run(gpointer data)
{
    Worker *w = data;

    for (unsigned int i = 0; i < w->rounds; i++) {
        g_autofree char *hostname = get_hostname(w->client);
        g_autofree char *type = mv_test_rpc_get_string(w->client, REMOTE_PROC_CONNECT_GET_TYPE,
                                                       (xdrproc_t) xdr_remote_connect_get_type_ret);

        if (g_strcmp0(hostname, g_get_host_name()) != 0 || g_strcmp0(type, "QEMU") != 0 ||
            !network_call_answered(list_all_networks(w->client)))
            w->failures++;
    }
    return NULL;
}

/* Two clients, two threads each, calls to qemud and networkd interleaved:
 * every reply reaches its call, whatever serial either daemon saw. */
static void
test_interleave(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) a = NULL;
    g_autoptr(MvRpcClient) b = NULL;
    Worker workers[4];
    GThread *threads[4];

    if (!fixture_start(&fx, true, true, NULL))
        return;
    a = open_client(fx.sock, "qemu:///system");
    b = open_client(fx.sock, NULL);

    for (size_t i = 0; i < G_N_ELEMENTS(workers); i++) {
        workers[i] = (Worker) { .client = i % 2 ? a : b, .rounds = 50 };
        threads[i] = g_thread_new("worker", worker_run, &workers[i]);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(workers); i++) {
        g_thread_join(threads[i]);
        g_assert_cmpuint(workers[i].failures, ==, 0);
    }

    g_clear_pointer(&a, mv_rpc_client_free);
    g_clear_pointer(&b, mv_rpc_client_free);
    fixture_stop(&fx);
}

typedef struct {
    MvRpcClient *client;
    int rc;
    MvError *err;
} PendingCall;

static gpointer
pending_network_call(gpointer data)
{
    PendingCall *pc = data;

    pc->rc = list_all_networks(pc->client);
    pc->err = pc->rc < 0 ? mv_error_copy(mv_error_last()) : NULL;
    return NULL;
}

/* A daemon that dies with a call pending: the call gets an error reply at
 * once, the client stays up, and the next call connects again (proxyd
 * starts networkd again, in --root mode). */
static void
test_backend_killed(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) client = NULL;
    g_autofree char *hostname = NULL;
    PendingCall pc = { 0 };
    GThread *thread;
    gint64 start;

    if (!fixture_start(&fx, true, true, NULL))
        return;
    client = open_client(fx.sock, "qemu:///system");
    g_assert_true(network_call_answered(list_all_networks(client)));

    /* Stopped, the daemon holds the call; killed, it never answers. */
    g_assert_cmpint(kill(fx.networkd->pid, SIGSTOP), ==, 0);
    pc.client = client;
    thread = g_thread_new("pending", pending_network_call, &pc);
    g_usleep(300000);
    start = g_get_monotonic_time();
    g_assert_cmpint(kill(fx.networkd->pid, SIGKILL), ==, 0);
    g_thread_join(thread);
    g_assert_cmpint(pc.rc, ==, -1);
    g_test_message("pending call: %s", pc.err->message);
    g_assert_cmpint(pc.err->code, ==, VIR_ERR_INTERNAL_ERROR);
    g_assert_nonnull(strstr(pc.err->message, "modvirt-networkd"));
    g_assert_cmpint(g_get_monotonic_time() - start, <, 5 * G_USEC_PER_SEC);
    g_clear_pointer(&pc.err, mv_error_free);
    g_assert_cmpint(mv_test_daemon_stop(fx.networkd), ==, 128 + SIGKILL);

    hostname = get_hostname(client);
    g_assert_cmpstr(hostname, ==, g_get_host_name());
    g_assert_true(network_call_answered(list_all_networks(client)));
    g_assert_cmpint(read_pid_file(fx.root, "networkd"), >, 0);

    /* The hypervisor daemon too: the client's own CONNECT_OPEN is sent again. */
    g_assert_cmpint(mv_test_daemon_stop(fx.qemud), ==, 0);
    g_clear_pointer(&hostname, g_free);
    hostname = get_hostname(client);
    g_assert_cmpstr(hostname, ==, g_get_host_name());

    g_clear_pointer(&client, mv_rpc_client_free);
    fixture_stop(&fx);
}

/* Garbage on one connection drops that connection only. */
static void
test_garbage(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) good = NULL;
    g_autoptr(MvRpcClient) later = NULL;
    g_autofree char *hostname = NULL;
    static const unsigned char garbage[] = { 0xff, 0xff, 0xff, 0xff, 'j', 'u', 'n', 'k' };
    struct pollfd pfd = { .events = POLLIN };
    char buf[64];
    int status;

    if (!fixture_start(&fx, true, false, NULL))
        return;
    good = open_client(fx.sock, "qemu:///system");

    pfd.fd = mv_test_connect(fx.sock);
    g_assert_cmpint(pfd.fd, >=, 0);
    g_assert_cmpint(write(pfd.fd, garbage, sizeof(garbage)), ==, sizeof(garbage));
    g_assert_cmpint(poll(&pfd, 1, 5000), ==, 1);
    g_assert_cmpint(read(pfd.fd, buf, sizeof(buf)), ==, 0);
    close(pfd.fd);

    hostname = get_hostname(good);
    g_assert_cmpstr(hostname, ==, g_get_host_name());
    later = open_client(fx.sock, "qemu:///system");
    g_assert_false(mv_test_wait_exit(fx.proxyd->pid, 0, &status));

    g_clear_pointer(&good, mv_rpc_client_free);
    g_clear_pointer(&later, mv_rpc_client_free);
    fixture_stop(&fx);
}

/* A ping gets a pong from proxyd, before and without any open. */
static void
test_keepalive(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcMessage) ping = mv_rpc_keepalive_message_new(KEEPALIVE_PROC_PING);
    g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
    g_autoptr(MvRpcMessage) pong = NULL;
    struct pollfd pfd = { .events = POLLIN };
    char buf[256];
    ssize_t n;

    if (!fixture_start(&fx, false, false, NULL))
        return;
    pfd.fd = mv_test_connect(fx.sock);
    g_assert_cmpint(pfd.fd, >=, 0);
    g_assert_cmpint(write(pfd.fd, ping->buffer, ping->length), ==, (ssize_t) ping->length);
    while (!pong) {
        g_assert_cmpint(poll(&pfd, 1, 5000), ==, 1);
        n = read(pfd.fd, buf, sizeof(buf));
        g_assert_cmpint(n, >, 0);
        g_assert_cmpint(mv_rpc_reader_feed(reader, buf, n), ==, 0);
        g_assert_cmpint(mv_rpc_reader_next(reader, &pong), >=, 0);
    }
    g_assert_true(mv_rpc_keepalive_is_keepalive(&pong->header));
    g_assert_cmpint(pong->header.procedure, ==, KEEPALIVE_PROC_PONG);
    close(pfd.fd);
    fixture_stop(&fx);
}

/* Writes msg on fd and reads the next message proxyd sends back. */
static MvRpcMessage *
raw_exchange(int fd, MvRpcReader *reader, const MvRpcMessage *msg)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    MvRpcMessage *answer = NULL;
    char buf[4096];
    ssize_t n;

    g_assert_cmpint(write(fd, msg->buffer, msg->length), ==, (ssize_t) msg->length);
    while (mv_rpc_reader_next(reader, &answer) == 0 && !answer) {
        g_assert_cmpint(poll(&pfd, 1, CALL_TIMEOUT_MS), ==, 1);
        n = read(fd, buf, sizeof(buf));
        g_assert_cmpint(n, >, 0);
        g_assert_cmpint(mv_rpc_reader_feed(reader, buf, n), ==, 0);
    }
    g_assert_nonnull(answer);
    return answer;
}

static MvRpcMessage *
stream_message(uint32_t serial, int status)
{
    MvRpcMessage *msg = mv_rpc_message_new();
    MvRpcHeader call = {
        .program = REMOTE_PROGRAM, .version = REMOTE_PROTOCOL_VERSION,
        .procedure = REMOTE_PROC_DOMAIN_OPEN_CONSOLE, .type = MV_NET_CALL, .serial = serial,
    };

    g_assert_cmpint(mv_rpc_message_encode_stream(msg, &call, status, NULL, 0), ==, 0);
    return msg;
}

/* A finish or an abort of a stream proxyd does not know gets its answer,
 * a stream message on the client's serial: an error, a confirmation. */
static void
test_unknown_stream(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
    g_autoptr(MvRpcMessage) open_call = mv_rpc_message_new();
    g_autoptr(MvRpcMessage) opened = NULL;
    g_autoptr(MvRpcMessage) finish = stream_message(42, MV_NET_OK);
    g_autoptr(MvRpcMessage) abort_msg = stream_message(43, MV_NET_ERROR);
    g_autoptr(MvRpcMessage) answer = NULL;
    g_autoptr(MvError) err = NULL;
    char *uri = (char *) "qemu:///system";
    remote_connect_open_args args = { .name = &uri };
    int fd;

    if (!fixture_start(&fx, true, false, NULL))
        return;
    fd = mv_test_connect(fx.sock);
    g_assert_cmpint(fd, >=, 0);
    open_call->header = (MvRpcHeader) {
        .program = REMOTE_PROGRAM, .version = REMOTE_PROTOCOL_VERSION,
        .procedure = REMOTE_PROC_CONNECT_OPEN, .type = MV_NET_CALL, .serial = 1,
    };
    g_assert_cmpint(mv_rpc_message_encode(open_call, (xdrproc_t) xdr_remote_connect_open_args,
                                          &args), ==, 0);
    opened = raw_exchange(fd, reader, open_call);
    g_assert_cmpint(opened->header.status, ==, MV_NET_OK);

    answer = raw_exchange(fd, reader, finish);
    g_assert_cmpint(answer->header.type, ==, MV_NET_STREAM);
    g_assert_cmpint(answer->header.status, ==, MV_NET_ERROR);
    g_assert_cmpuint(answer->header.serial, ==, 42);
    g_assert_cmpint(answer->header.procedure, ==, REMOTE_PROC_DOMAIN_OPEN_CONSOLE);
    g_assert_cmpint(mv_rpc_message_decode_error(answer, &err), ==, 0);
    g_assert_cmpint(err->code, ==, VIR_ERR_RPC);
    g_assert_cmpstr(err->message, ==, "stream of procedure 201 serial 42 is not open");
    g_clear_pointer(&answer, mv_rpc_message_free);

    answer = raw_exchange(fd, reader, abort_msg);
    g_assert_cmpint(answer->header.type, ==, MV_NET_STREAM);
    g_assert_cmpint(answer->header.status, ==, MV_NET_OK);
    g_assert_cmpuint(answer->header.serial, ==, 43);
    g_assert_cmpuint(answer->length, ==, MV_RPC_FRAME_MIN);

    close(fd);
    fixture_stop(&fx);
}

static int
define_network(MvRpcClient *client)
{
    remote_network_define_xml_args args = { .xml = (char *) "<network><name>n</name></network>" };
    remote_network_define_xml_ret ret = { 0 };
    int rc = mv_test_rpc_call(client, REMOTE_PROC_NETWORK_DEFINE_XML,
                              (xdrproc_t) xdr_remote_network_define_xml_args, &args,
                              (xdrproc_t) xdr_remote_network_define_xml_ret, &ret);

    xdr_free((xdrproc_t) xdr_remote_network_define_xml_ret, (char *) &ret);
    return rc;
}

/* On proxyd's read-only socket, every backend connection is the daemon's
 * read-only one: the daemons refuse writes though the client asked no RO. */
static void
test_read_only(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) client = NULL;
    g_autofree char *hostname = NULL;

    if (!fixture_start(&fx, true, true, NULL))
        return;
    client = open_client(fx.sock_ro, "qemu:///system");
    hostname = get_hostname(client);
    g_assert_cmpstr(hostname, ==, g_get_host_name());
    assert_error(mv_test_rpc_define_domain(client), VIR_ERR_OPERATION_DENIED, NULL);
    assert_error(define_network(client), VIR_ERR_OPERATION_DENIED, NULL);
    g_assert_true(network_call_answered(list_all_networks(client)));

    g_clear_pointer(&client, mv_rpc_client_free);
    fixture_stop(&fx);
}

/* Nothing but proxyd running: qemud and networkd start on first use. */
static void
test_on_demand(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) client = NULL;
    g_autofree char *hostname = NULL;

    if (!fixture_start(&fx, false, false, NULL))
        return;
    g_assert_cmpint(read_pid_file(fx.root, "qemud"), ==, 0);
    client = open_client(fx.sock, "qemu:///system");
    g_assert_cmpint(read_pid_file(fx.root, "qemud"), >, 0);
    hostname = get_hostname(client);
    g_assert_cmpstr(hostname, ==, g_get_host_name());

    g_assert_cmpint(read_pid_file(fx.root, "networkd"), ==, 0);
    g_assert_true(network_call_answered(list_all_networks(client)));
    g_assert_cmpint(read_pid_file(fx.root, "networkd"), >, 0);

    g_clear_pointer(&client, mv_rpc_client_free);
    fixture_stop(&fx);
}

/* ---- event callback ids from two daemons -------------------------------- */

static int
register_events(MvRpcClient *client, int procedure)
{
    remote_connect_network_event_register_any_args args = { .eventID = 0 };
    remote_connect_network_event_register_any_ret ret = { 0 };

    G_STATIC_ASSERT(sizeof(remote_connect_network_event_register_any_args) ==
                    sizeof(remote_connect_domain_event_callback_register_any_args));
    /* Both: eventID 0 (lifecycle), a null object (every one); an id back. */
    if (mv_test_rpc_call(client, procedure,
                         (xdrproc_t) xdr_remote_connect_network_event_register_any_args, &args,
                         (xdrproc_t) xdr_remote_connect_network_event_register_any_ret, &ret) < 0)
        return -1;
    return ret.callbackID;
}

static int
deregister_events(MvRpcClient *client, int procedure, int callback_id)
{
    remote_connect_network_event_deregister_any_args args = { .callbackID = callback_id };

    return mv_test_rpc_call(client, procedure,
                            (xdrproc_t) xdr_remote_connect_network_event_deregister_any_args,
                            &args, NULL, NULL);
}

static void
on_event(MvRpcClient *client, MvRpcMessage *msg, void *opaque)
{
    g_async_queue_push(opaque, mv_rpc_message_new_from_bytes(msg->buffer, msg->length));
}

/* The next network lifecycle event the client got, decoded. */
static void
next_network_event(GAsyncQueue *events, remote_network_event_lifecycle_msg *ret)
{
    g_autoptr(MvRpcMessage) msg = g_async_queue_timeout_pop(events,
                                                            (guint64) CALL_TIMEOUT_MS * 1000);

    g_assert_nonnull(msg);
    g_assert_cmpint(mv_rpc_message_decode_header(msg), ==, 0);
    g_assert_cmpint(msg->header.procedure, ==, REMOTE_PROC_NETWORK_EVENT_LIFECYCLE);
    g_assert_cmpint(mv_rpc_message_decode_payload(
                        msg, (xdrproc_t) xdr_remote_network_event_lifecycle_msg, ret), ==, 0);
}

static void
assert_logged(const MvTestDaemon *daemon, const char *needle)
{
    if (!mv_test_wait_file_contains(daemon->stderr_path, needle, CALL_TIMEOUT_MS))
        g_error("modvirt-%s did not log '%s'", daemon->name, needle);
}

/* qemud and networkd each give the first callback registered on them id
 * 1; through proxyd the client holds two different ids, gets events
 * under its own, and deregisters by them. */
static void
test_event_ids(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) client = NULL;
    g_autoptr(GAsyncQueue) events = g_async_queue_new_full((GDestroyNotify) mv_rpc_message_free);
    remote_network_event_lifecycle_msg event = { 0 };
    remote_network_define_xml_args define = {
        .xml = (char *) "<network><name>evid</name><bridge name='mvevid0'/></network>",
    };
    remote_network_define_xml_ret defined = { 0 };
    int supported = 0;
    int dom_id;
    int net_id;

    if (!fixture_start(&fx, true, true, NULL))
        return;
    client = connect_to(fx.sock);
    mv_rpc_client_set_event_callback(client, on_event, g_async_queue_ref(events),
                                     (GDestroyNotify) g_async_queue_unref);
    g_assert_cmpint(mv_test_rpc_open(client, "qemu:///system", 0), ==, 0);
    g_assert_cmpint(mv_test_rpc_supports_feature(client, FEATURE_EVENT_CALLBACK, &supported),
                    ==, 0);
    g_assert_cmpint(supported, ==, 1);

    dom_id = register_events(client, REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY);
    net_id = register_events(client, REMOTE_PROC_CONNECT_NETWORK_EVENT_REGISTER_ANY);
    assert_logged(fx.qemud, "domain event 0 registered as callback 1");
    assert_logged(fx.networkd, "network event 0 registered as callback 1");
    g_test_message("domain callback %d, network callback %d", dom_id, net_id);
    g_assert_cmpint(dom_id, >=, 0);
    g_assert_cmpint(net_id, >=, 0);
    g_assert_cmpint(dom_id, !=, net_id);

    /* networkd's event for its callback 1 comes under the client's id. */
    g_assert_cmpint(mv_test_rpc_call(client, REMOTE_PROC_NETWORK_DEFINE_XML,
                                     (xdrproc_t) xdr_remote_network_define_xml_args, &define,
                                     (xdrproc_t) xdr_remote_network_define_xml_ret, &defined),
                    ==, 0);
    xdr_free((xdrproc_t) xdr_remote_network_define_xml_ret, (char *) &defined);
    next_network_event(events, &event);
    g_assert_cmpint(event.callbackID, ==, net_id);
    g_assert_cmpstr(event.net.name, ==, "evid");
    g_assert_cmpint(event.event, ==, 0);
    xdr_free((xdrproc_t) xdr_remote_network_event_lifecycle_msg, (char *) &event);

    /* The network's id is no domain callback at qemud. */
    assert_error(deregister_events(client, REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY,
                                   net_id), VIR_ERR_INVALID_ARG,
                 "could not find event callback");
    g_assert_cmpint(deregister_events(client, REMOTE_PROC_CONNECT_NETWORK_EVENT_DEREGISTER_ANY,
                                      net_id), ==, 0);
    g_assert_cmpint(deregister_events(client,
                                      REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY,
                                      dom_id), ==, 0);
    assert_error(deregister_events(client, REMOTE_PROC_CONNECT_NETWORK_EVENT_DEREGISTER_ANY,
                                   net_id), VIR_ERR_INVALID_ARG, "could not find event callback");

    g_clear_pointer(&client, mv_rpc_client_free);
    fixture_stop(&fx);
}

/* python3-libvirt through proxyd: a domain and a network lifecycle
 * callback on one connection, each event to its own callback, both
 * deregistered. */
static const char python_events_script[] =
    "import sys, threading, libvirt\n"
    "libvirt.virEventRegisterDefaultImpl()\n"
    "def loop():\n"
    "    while True:\n"
    "        libvirt.virEventRunDefaultImpl()\n"
    "threading.Thread(target=loop, daemon=True).start()\n"
    "c = libvirt.open(sys.argv[1])\n"
    "got = []\n"
    "cond = threading.Condition()\n"
    "def on_domain(conn, dom, event, detail, opaque):\n"
    "    with cond:\n"
    "        got.append((opaque, dom.name(), event))\n"
    "        cond.notify_all()\n"
    "def on_network(conn, net, event, detail, opaque):\n"
    "    with cond:\n"
    "        got.append((opaque, net.name(), event))\n"
    "        cond.notify_all()\n"
    "dom_cb = c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,\n"
    "                                  on_domain, 'domain')\n"
    "net_cb = c.networkEventRegisterAny(None, libvirt.VIR_NETWORK_EVENT_ID_LIFECYCLE,\n"
    "                                   on_network, 'network')\n"
    "c.networkDefineXML(\"<network><name>pyev</name><bridge name='mvpyev0'/></network>\")\n"
    "c.defineXML(\"<domain type='qemu'><name>pyev</name><memory unit='MiB'>64</memory>\"\n"
    "            \"<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>\")\n"
    "with cond:\n"
    "    cond.wait_for(lambda: len(got) >= 2, timeout=30)\n"
    "assert sorted(got) == [('domain', 'pyev', libvirt.VIR_DOMAIN_EVENT_DEFINED),\n"
    "                       ('network', 'pyev', libvirt.VIR_NETWORK_EVENT_DEFINED)], got\n"
    "c.domainEventDeregisterAny(dom_cb)\n"
    "c.networkEventDeregisterAny(net_cb)\n"
    "c.lookupByName('pyev').undefine()\n"
    "c.networkLookupByName('pyev').undefine()\n"
    "c.close()\n"
    "print('ok')\n";

static void
test_python_events(void)
{
    const char *python = "/usr/bin/python3";
    Fixture fx = { 0 };
    g_autofree char *uri = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int rc;

    if (!g_file_test(python, G_FILE_TEST_IS_EXECUTABLE)) {
        g_test_skip("/usr/bin/python3 is not installed");
        return;
    }
    {
        const char *const argv[] = { python, "-c", "import libvirt", NULL };

        if (mv_test_run(argv, CALL_TIMEOUT_MS, NULL, NULL) != 0) {
            g_test_skip("python3-libvirt is not installed");
            return;
        }
    }
    if (!fixture_start(&fx, true, true, NULL))
        return;
    uri = g_strdup_printf("qemu+unix:///system?socket=%s", fx.sock);
    {
        const char *const argv[] = { python, "-c", python_events_script, uri, NULL };

        rc = mv_test_run(argv, 4 * CALL_TIMEOUT_MS, &out, &err);
    }
    g_test_message("python3: rc %d: %s%s", rc, out, err);
    g_assert_cmpint(rc, ==, 0);
    g_assert_cmpstr(out, ==, "ok\n");
    /* Each daemon's first callback, two ids for the client, each
     * deregistration at its own daemon. */
    assert_logged(fx.qemud, "domain event 0 registered as callback 1");
    assert_logged(fx.networkd, "network event 0 registered as callback 1");
    assert_logged(fx.proxyd,
                  "the client's callback 1 is callback 1 of modvirt-qemud: deregistered");
    assert_logged(fx.proxyd,
                  "the client's callback 2 is callback 1 of modvirt-networkd: deregistered");
    fixture_stop(&fx);
}

/* --libvirt-socket: the same routing on libvirt's legacy socket names. */
static void
test_libvirt_socket(void)
{
    Fixture fx = { 0 };
    g_autofree char *root = NULL;
    g_autofree char *legacy = NULL;
    g_autofree char *legacy_ro = NULL;
    g_autoptr(MvRpcClient) client = NULL;
    g_autoptr(MvRpcClient) ro = NULL;
    g_autofree char *hostname = NULL;
    const char *args[] = { "--timeout", "30", "--libvirt-socket", NULL, NULL };
    g_autofree char *binary = mv_test_daemon_binary("proxyd");

    if (!binary)
        return;
    /* The path must be known before the fixture makes its root. */
    root = mv_test_root_new();
    legacy = g_build_filename(root, "libvirt-sock", NULL);
    legacy_ro = g_strdup_printf("%s-ro", legacy);
    args[3] = legacy;
    if (!fixture_start(&fx, true, false, args))
        return;
    g_assert_true(mv_test_wait_socket(legacy, MV_TEST_START_TIMEOUT_MS));
    g_assert_true(mv_test_wait_socket(legacy_ro, MV_TEST_START_TIMEOUT_MS));

    client = open_client(legacy, "qemu:///system");
    hostname = get_hostname(client);
    g_assert_cmpstr(hostname, ==, g_get_host_name());
    ro = open_client(legacy_ro, "qemu:///system");
    assert_error(mv_test_rpc_define_domain(ro), VIR_ERR_OPERATION_DENIED, NULL);

    g_clear_pointer(&client, mv_rpc_client_free);
    g_clear_pointer(&ro, mv_rpc_client_free);
    fixture_stop(&fx);
    g_assert_false(g_file_test(legacy, G_FILE_TEST_EXISTS));
    mv_test_root_remove(root);
}

int
main(int argc, char **argv)
{
    /* Debug logs: networkd's show which URI each client opened. Set before
     * any thread starts. */
    g_setenv("MODVIRT_LOG_LEVEL", "1", TRUE);
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/proxyd/handshake", test_handshake);
    g_test_add_func("/proxyd/network-routing", test_network_routing);
    g_test_add_func("/proxyd/interleave", test_interleave);
    g_test_add_func("/proxyd/backend-killed", test_backend_killed);
    g_test_add_func("/proxyd/garbage", test_garbage);
    g_test_add_func("/proxyd/keepalive", test_keepalive);
    g_test_add_func("/proxyd/read-only", test_read_only);
    g_test_add_func("/proxyd/on-demand", test_on_demand);
    g_test_add_func("/proxyd/libvirt-socket", test_libvirt_socket);
    g_test_add_func("/proxyd/unknown-stream", test_unknown_stream);
    g_test_add_func("/proxyd/event-ids", test_event_ids);
    g_test_add_func("/proxyd/python-events", test_python_events);
    return g_test_run();
}
