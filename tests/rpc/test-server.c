/* Tests of lib/rpc/server with lib/rpc/client: calls, errors, concurrency, bad peers, keepalive, events. */
#define MV_FROM_THIS VIR_FROM_QEMU

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "protocol/keepalive.h"
#include "protocol/remote.h"
#include "rpc/client.h"
#include "rpc/keepalive.h"
#include "rpc/reader.h"
#include "rpc/server.h"
#include "util/error.h"
#include "util/log.h"

/* Every wait in this file ends after this long, so no test can hang. */
#define WAIT_MS 10000

#define TEST_PROGRAM 0x4d565430
#define TEST_VERSION 1

enum {
    PROC_ECHO = 1,          /* string in, same string out */
    PROC_FAIL = 2,          /* reports the error code it is given */
    PROC_BLOCK = 3,         /* waits for the test to open the gate */
    PROC_WRITE = 4,         /* not allowed on a read-only socket */
    PROC_KEEPALIVE = 5,     /* starts the server's pings */
    PROC_EVENTS = 6,        /* sends n events, then replies */
    PROC_PRIVATE = 7,       /* counts calls in the client's private data */
    PROC_EVENT = 100,       /* the event's procedure number */
};

/* What the handlers and callbacks share with the test. */
typedef struct {
    GMutex lock;
    GCond cond;
    bool gate_open;
    unsigned int blocked;       /* BLOCK handlers that entered */
    unsigned int unblocked;     /* BLOCK handlers that returned */
    unsigned int connected;
    unsigned int disconnected;
    unsigned int private_freed;
    bool have_creds;
    MvRpcPeerCreds creds;
    unsigned int events;
    int event_values[8];
} Shared;

static Shared shared;

/* Waits (bounded) until *counter reaches at least value. */
static bool
wait_counter(unsigned int *counter, unsigned int value)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_MS * G_TIME_SPAN_MILLISECOND;
    bool ok = true;

    g_mutex_lock(&shared.lock);
    while (*counter < value && ok)
        ok = g_cond_wait_until(&shared.cond, &shared.lock, deadline) || *counter >= value;
    ok = *counter >= value;
    g_mutex_unlock(&shared.lock);
    return ok;
}

static void
bump(unsigned int *counter)
{
    g_mutex_lock(&shared.lock);
    (*counter)++;
    g_cond_broadcast(&shared.cond);
    g_mutex_unlock(&shared.lock);
}

static void
open_gate(void)
{
    g_mutex_lock(&shared.lock);
    shared.gate_open = true;
    g_cond_broadcast(&shared.cond);
    g_mutex_unlock(&shared.lock);
}

static int
handle_echo(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    ((remote_connect_get_type_ret *) ret)->type = g_strdup(((remote_domain_define_xml_args *) args)->xml);
    return 0;
}

static int
handle_fail(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    int code = ((remote_connect_supports_feature_args *) args)->feature;

    mv_report_error(code, "failure %d asked by the test", code);
    return -1;
}

static int
handle_block(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_MS * G_TIME_SPAN_MILLISECOND;

    bump(&shared.blocked);
    g_mutex_lock(&shared.lock);
    while (!shared.gate_open && g_cond_wait_until(&shared.cond, &shared.lock, deadline))
        ;
    g_mutex_unlock(&shared.lock);
    ((remote_connect_supports_feature_ret *) ret)->supported =
        ((remote_connect_supports_feature_args *) args)->feature;
    bump(&shared.unblocked);
    return 0;
}

static int
handle_write(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    return 0;
}

static int
handle_keepalive(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    mv_rpc_server_client_start_keepalive(conn);
    return 0;
}

static int
handle_events(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    int n = ((remote_connect_supports_feature_args *) args)->feature;
    int i;

    for (i = 0; i < n; i++) {
        remote_connect_supports_feature_ret event = { .supported = 100 + i };

        if (mv_rpc_server_client_send_event(conn, TEST_PROGRAM, TEST_VERSION, PROC_EVENT,
                                            (xdrproc_t) xdr_remote_connect_supports_feature_ret,
                                            &event) < 0)
            return -1;
    }
    return 0;
}

static void
private_free(void *data)
{
    g_free(data);
    bump(&shared.private_freed);
}

static int
handle_private(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    int *count = mv_rpc_server_client_get_private(conn);

    if (!count) {
        count = g_new0(int, 1);
        mv_rpc_server_client_set_private(conn, count, private_free);
    }
    ((remote_connect_supports_feature_ret *) ret)->supported = ++*count;
    return 0;
}

#define INT_ARGS_PROC (xdrproc_t) xdr_remote_connect_supports_feature_args
#define INT_RET_PROC (xdrproc_t) xdr_remote_connect_supports_feature_ret
#define INT_ARGS_SIZE sizeof(remote_connect_supports_feature_args)
#define INT_RET_SIZE sizeof(remote_connect_supports_feature_ret)

static const MvRpcProcedure test_procedures[] = {
    { PROC_ECHO, (xdrproc_t) xdr_remote_domain_define_xml_args,
      (xdrproc_t) xdr_remote_connect_get_type_ret, sizeof(remote_domain_define_xml_args),
      sizeof(remote_connect_get_type_ret), handle_echo, MV_RPC_PROC_READONLY },
    { PROC_FAIL, INT_ARGS_PROC, NULL, INT_ARGS_SIZE, 0, handle_fail, MV_RPC_PROC_READONLY },
    { PROC_BLOCK, INT_ARGS_PROC, INT_RET_PROC, INT_ARGS_SIZE, INT_RET_SIZE, handle_block,
      MV_RPC_PROC_READONLY },
    { PROC_WRITE, NULL, NULL, 0, 0, handle_write, 0 },
    { PROC_KEEPALIVE, NULL, NULL, 0, 0, handle_keepalive, MV_RPC_PROC_READONLY },
    { PROC_EVENTS, INT_ARGS_PROC, NULL, INT_ARGS_SIZE, 0, handle_events, MV_RPC_PROC_READONLY },
    { PROC_PRIVATE, NULL, INT_RET_PROC, 0, INT_RET_SIZE, handle_private, MV_RPC_PROC_READONLY },
};

static const MvRpcProgram test_program = {
    .program = TEST_PROGRAM,
    .version = TEST_VERSION,
    .procedures = test_procedures,
    .nprocedures = G_N_ELEMENTS(test_procedures),
};

static const MvRpcProgram *const programs[] = { &test_program };

static void
on_connected(MvRpcServer *server, MvRpcServerClient *client, void *opaque)
{
    MvRpcPeerCreds creds;

    if (mv_rpc_server_client_get_peer_creds(client, &creds) == 0) {
        g_mutex_lock(&shared.lock);
        shared.have_creds = true;
        shared.creds = creds;
        g_mutex_unlock(&shared.lock);
    }
    bump(&shared.connected);
}

static void
on_disconnected(MvRpcServer *server, MvRpcServerClient *client, void *opaque)
{
    g_assert_false(mv_rpc_server_client_is_open(client));
    bump(&shared.disconnected);
}

/* A server whose main loop runs in its own thread. */
typedef struct {
    GMainContext *context;
    gint quit;
    GThread *thread;
    MvRpcServer *server;
} Fixture;

static gpointer
loop_thread(gpointer data)
{
    Fixture *fx = data;

    g_main_context_push_thread_default(fx->context);
    while (!g_atomic_int_get(&fx->quit))
        g_main_context_iteration(fx->context, TRUE);
    g_main_context_pop_thread_default(fx->context);
    return NULL;
}

static void
fixture_start(Fixture *fx, unsigned int workers)
{
    g_mutex_lock(&shared.lock);
    shared.gate_open = false;
    shared.blocked = shared.unblocked = 0;
    shared.connected = shared.disconnected = shared.private_freed = 0;
    shared.have_creds = false;
    shared.events = 0;
    g_mutex_unlock(&shared.lock);

    fx->context = g_main_context_new();
    fx->quit = 0;
    fx->server = mv_rpc_server_new(programs, G_N_ELEMENTS(programs), workers, fx->context);
    g_assert_nonnull(fx->server);
    mv_rpc_server_set_client_callbacks(fx->server, on_connected, on_disconnected, NULL);
    fx->thread = g_thread_new("test-server-loop", loop_thread, fx);
}

static void
fixture_stop_loop(Fixture *fx)
{
    g_atomic_int_set(&fx->quit, 1);
    g_main_context_wakeup(fx->context);
    g_thread_join(fx->thread);
}

static void
fixture_stop(Fixture *fx)
{
    /* Lets blocked handlers end so that the shutdown wait is short. */
    open_gate();
    fixture_stop_loop(fx);
    mv_rpc_server_free(fx->server);
    g_main_context_unref(fx->context);
}

/* A socketpair: one end served, the other returned. */
static int
connect_raw(Fixture *fx, bool read_only)
{
    int fds[2];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
    g_assert_nonnull(mv_rpc_server_add_client_fd(fx->server, fds[0], read_only));
    return fds[1];
}

static MvRpcClient *
connect_client(Fixture *fx, bool read_only)
{
    MvRpcClient *client = mv_rpc_client_new_fd(connect_raw(fx, read_only));

    g_assert_nonnull(client);
    mv_rpc_client_set_call_timeout(client, WAIT_MS);
    return client;
}

static int
call_echo(MvRpcClient *client, const char *text, char **ret_text)
{
    remote_domain_define_xml_args args = { .xml = (char *) text };
    remote_connect_get_type_ret ret = { 0 };

    if (mv_rpc_client_call(client, TEST_PROGRAM, TEST_VERSION, PROC_ECHO,
                           (xdrproc_t) xdr_remote_domain_define_xml_args, &args,
                           (xdrproc_t) xdr_remote_connect_get_type_ret, &ret) < 0)
        return -1;
    *ret_text = g_steal_pointer(&ret.type);
    return 0;
}

static void
assert_echo(MvRpcClient *client, const char *text)
{
    g_autofree char *back = NULL;

    if (call_echo(client, text, &back) < 0)
        g_error("echo of '%s' failed: %s", text, mv_error_last_message());
    g_assert_cmpstr(back, ==, text);
}

static int
call_int(MvRpcClient *client, int procedure, int value, int *ret_value)
{
    remote_connect_supports_feature_args args = { .feature = value };
    remote_connect_supports_feature_ret ret = { 0 };

    if (mv_rpc_client_call(client, TEST_PROGRAM, TEST_VERSION, procedure,
                           (xdrproc_t) xdr_remote_connect_supports_feature_args, &args,
                           ret_value ? (xdrproc_t) xdr_remote_connect_supports_feature_ret : NULL,
                           ret_value ? &ret : NULL) < 0)
        return -1;
    if (ret_value)
        *ret_value = ret.supported;
    return 0;
}

/* Raw peers: frames written and read by hand. */

static void
raw_write(int fd, const void *data, size_t len)
{
    g_assert_cmpint(send(fd, data, len, MSG_NOSIGNAL), ==, (gssize) len);
}

static void
raw_send(int fd, uint32_t program, int procedure, int type, uint32_t serial, int status,
         xdrproc_t proc, const void *data)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();

    msg->header = (MvRpcHeader) { program, 1, procedure, type, serial, status };
    g_assert_cmpint(mv_rpc_message_encode(msg, proc, data), ==, 0);
    raw_write(fd, msg->buffer, msg->length);
}

/* The next frame from fd, or NULL at end of file. Fails the test after WAIT_MS. */
static MvRpcMessage *
raw_read(int fd, MvRpcReader *reader)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_MS * G_TIME_SPAN_MILLISECOND;
    MvRpcMessage *msg = NULL;

    while (mv_rpc_reader_next(reader, &msg) == 0) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        int left = (int) ((deadline - g_get_monotonic_time()) / 1000);
        char buf[4096];
        ssize_t n;

        if (left <= 0 || poll(&pfd, 1, left) <= 0)
            g_error("no message on fd %d within %d ms", fd, WAIT_MS);
        n = read(fd, buf, sizeof(buf));
        if (n <= 0)
            return NULL;
        g_assert_cmpint(mv_rpc_reader_feed(reader, buf, n), ==, 0);
    }
    return msg;
}

/* True when the peer of fd closed it (after draining what it sent). */
static bool
raw_wait_eof(int fd)
{
    g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
    gint64 deadline = g_get_monotonic_time() + WAIT_MS * G_TIME_SPAN_MILLISECOND;

    for (;;) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        int left = (int) ((deadline - g_get_monotonic_time()) / 1000);
        char buf[4096];
        ssize_t n;

        if (left <= 0 || poll(&pfd, 1, left) <= 0)
            return false;
        n = read(fd, buf, sizeof(buf));
        if (n == 0 || (n < 0 && errno == ECONNRESET))
            return true;
    }
}

static void
test_call_reply(void)
{
    Fixture fx;
    g_autoptr(MvRpcClient) client = NULL;
    int count = 0;

    fixture_start(&fx, 4);
    client = connect_client(&fx, false);
    assert_echo(client, "hello");
    assert_echo(client, "");
    open_gate();
    g_assert_cmpint(call_int(client, PROC_BLOCK, 42, &count), ==, 0);
    g_assert_cmpint(count, ==, 42);
    fixture_stop(&fx);
}

static void
test_error_reply(void)
{
    Fixture fx;
    g_autoptr(MvRpcClient) client = NULL;
    g_autofree char *expected = NULL;
    const MvError *err;

    fixture_start(&fx, 2);
    client = connect_client(&fx, false);
    g_assert_cmpint(call_int(client, PROC_FAIL, VIR_ERR_NO_DOMAIN, NULL), ==, -1);

    err = mv_error_last();
    g_assert_nonnull(err);
    g_assert_cmpint(err->code, ==, VIR_ERR_NO_DOMAIN);
    g_assert_cmpint(err->domain, ==, VIR_FROM_QEMU);
    g_assert_cmpint(err->level, ==, VIR_ERR_ERROR);
    expected = g_strdup_printf("failure %d asked by the test", VIR_ERR_NO_DOMAIN);
    g_assert_cmpstr(err->str1, ==, expected);
    g_clear_pointer(&expected, g_free);
    expected = mv_error_format_message(VIR_ERR_NO_DOMAIN, err->str1);
    g_assert_cmpstr(err->message, ==, expected);

    assert_echo(client, "still usable");
    fixture_stop(&fx);
}

static void
test_unknown_procedure(void)
{
    Fixture fx;
    g_autoptr(MvRpcClient) client = NULL;

    fixture_start(&fx, 2);
    client = connect_client(&fx, false);
    g_assert_cmpint(mv_rpc_client_call(client, TEST_PROGRAM, TEST_VERSION, 99,
                                       NULL, NULL, NULL, NULL), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_NO_SUPPORT);
    g_assert_cmpint(mv_error_last()->domain, ==, VIR_FROM_RPC);
    g_assert_nonnull(strstr(mv_error_last_message(), "99"));
    assert_echo(client, "after unknown procedure");

    g_assert_cmpint(mv_rpc_client_call(client, 0x12345678, 1, 1, NULL, NULL, NULL, NULL), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_NO_SUPPORT);
    assert_echo(client, "after unknown program");
    fixture_stop(&fx);
}

static void
test_read_only(void)
{
    Fixture fx;
    g_autoptr(MvRpcClient) ro = NULL;
    g_autoptr(MvRpcClient) rw = NULL;

    fixture_start(&fx, 2);
    ro = connect_client(&fx, true);
    rw = connect_client(&fx, false);
    g_assert_cmpint(mv_rpc_client_call(ro, TEST_PROGRAM, TEST_VERSION, PROC_WRITE,
                                       NULL, NULL, NULL, NULL), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_DENIED);
    assert_echo(ro, "read-only may read");
    g_assert_cmpint(mv_rpc_client_call(rw, TEST_PROGRAM, TEST_VERSION, PROC_WRITE,
                                       NULL, NULL, NULL, NULL), ==, 0);
    fixture_stop(&fx);
}

typedef struct {
    MvRpcClient *client;
    int value;
    int rc;
    int result;
    unsigned int done;
} SlowCall;

static gpointer
slow_call_thread(gpointer data)
{
    SlowCall *call = data;

    call->rc = call_int(call->client, PROC_BLOCK, call->value, &call->result);
    bump(&call->done);
    return NULL;
}

static void
test_out_of_order(void)
{
    Fixture fx;
    g_autoptr(MvRpcClient) client = NULL;
    SlowCall slow = { .value = 7 };
    GThread *thread;

    fixture_start(&fx, 4);
    client = connect_client(&fx, false);
    slow.client = client;
    thread = g_thread_new("slow-call", slow_call_thread, &slow);
    g_assert_true(wait_counter(&shared.blocked, 1));

    /* The slow call holds a worker; a fast one on the same connection
     * still gets its reply. */
    assert_echo(client, "fast");
    g_mutex_lock(&shared.lock);
    g_assert_cmpuint(slow.done, ==, 0);
    g_mutex_unlock(&shared.lock);

    open_gate();
    g_thread_join(thread);
    g_assert_cmpint(slow.rc, ==, 0);
    g_assert_cmpint(slow.result, ==, 7);
    fixture_stop(&fx);
}

static void
test_timeout_then_late_reply(void)
{
    Fixture fx;
    g_autoptr(MvRpcClient) client = NULL;
    int result = 0;

    fixture_start(&fx, 2);
    client = connect_client(&fx, false);
    mv_rpc_client_set_call_timeout(client, 100);
    g_assert_cmpint(call_int(client, PROC_BLOCK, 1, &result), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_TIMEOUT);

    /* The late reply is dropped and the connection stays usable. */
    open_gate();
    g_assert_true(wait_counter(&shared.unblocked, 1));
    mv_rpc_client_set_call_timeout(client, WAIT_MS);
    assert_echo(client, "after a timeout");
    g_assert_cmpint(call_int(client, PROC_BLOCK, 2, &result), ==, 0);
    g_assert_cmpint(result, ==, 2);
    fixture_stop(&fx);
}

#define MANY_CLIENTS 100
#define CALLS_PER_CLIENT 10

typedef struct {
    MvRpcClient *client;
    int index;
    int failures;
} ManyCall;

static gpointer
many_thread(gpointer data)
{
    ManyCall *mc = data;
    int i;

    for (i = 0; i < CALLS_PER_CLIENT; i++) {
        g_autofree char *text = g_strdup_printf("client %d call %d", mc->index, i);
        g_autofree char *back = NULL;

        if (call_echo(mc->client, text, &back) < 0 || g_strcmp0(text, back) != 0)
            mc->failures++;
    }
    return NULL;
}

static void
test_many_clients(void)
{
    Fixture fx;
    ManyCall calls[MANY_CLIENTS] = { 0 };
    GThread *threads[MANY_CLIENTS];
    int i;

    fixture_start(&fx, 8);
    for (i = 0; i < MANY_CLIENTS; i++) {
        calls[i].client = connect_client(&fx, false);
        calls[i].index = i;
    }
    g_assert_cmpuint(mv_rpc_server_client_count(fx.server), ==, MANY_CLIENTS);
    for (i = 0; i < MANY_CLIENTS; i++)
        threads[i] = g_thread_new("many", many_thread, &calls[i]);
    for (i = 0; i < MANY_CLIENTS; i++) {
        g_thread_join(threads[i]);
        g_assert_cmpint(calls[i].failures, ==, 0);
        mv_rpc_client_free(calls[i].client);
    }
    g_assert_true(wait_counter(&shared.disconnected, MANY_CLIENTS));
    g_assert_cmpuint(mv_rpc_server_client_count(fx.server), ==, 0);
    fixture_stop(&fx);
}

/* Each bad input closes its own connection; another client goes on. */
static void
test_bad_peers(void)
{
    static const uint8_t huge_length[] = { 0xff, 0xff, 0xff, 0xff };
    static const uint8_t over_limit[] = { 0x02, 0x00, 0x00, 0x01 };   /* 33554433 */
    static const uint8_t too_short[] = { 0x00, 0x00, 0x00, 0x05 };
    const uint8_t *inputs[] = { huge_length, over_limit, too_short };
    Fixture fx;
    g_autoptr(MvRpcClient) good = NULL;
    size_t i;

    fixture_start(&fx, 2);
    good = connect_client(&fx, false);
    for (i = 0; i < G_N_ELEMENTS(inputs); i++) {
        int fd = connect_raw(&fx, false);

        raw_write(fd, inputs[i], 4);
        g_assert_true(raw_wait_eof(fd));
        close(fd);
        assert_echo(good, "unharmed");
    }

    /* A well-framed message of an unknown type. */
    {
        int fd = connect_raw(&fx, false);

        raw_send(fd, TEST_PROGRAM, PROC_ECHO, 99, 1, MV_NET_OK, NULL, NULL);
        g_assert_true(raw_wait_eof(fd));
        close(fd);
    }
    assert_echo(good, "still unharmed");
    g_assert_true(wait_counter(&shared.disconnected, 4));
    g_assert_cmpuint(mv_rpc_server_client_count(fx.server), ==, 1);
    fixture_stop(&fx);
}

static void
test_unknown_stream(void)
{
    Fixture fx;
    g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
    g_autoptr(MvRpcMessage) reply = NULL;
    g_autoptr(MvRpcMessage) echo = NULL;
    g_autoptr(MvError) err = NULL;
    remote_domain_define_xml_args args = { .xml = (char *) "after stream" };
    remote_connect_get_type_ret ret = { 0 };
    const char data[] = "stream bytes";
    int fd;

    fixture_start(&fx, 2);
    fd = connect_raw(&fx, false);
    raw_send(fd, TEST_PROGRAM, PROC_ECHO, MV_NET_STREAM, 7, MV_NET_CONTINUE,
             (xdrproc_t) xdr_remote_domain_define_xml_args, &(remote_domain_define_xml_args) { (char *) data });
    reply = raw_read(fd, reader);
    g_assert_nonnull(reply);
    g_assert_cmpint(reply->header.type, ==, MV_NET_STREAM);
    g_assert_cmpint(reply->header.status, ==, MV_NET_ERROR);
    g_assert_cmpuint(reply->header.serial, ==, 7);
    g_assert_cmpint(mv_rpc_message_decode_error(reply, &err), ==, 0);
    g_assert_cmpint(err->code, ==, VIR_ERR_RPC);

    raw_send(fd, TEST_PROGRAM, PROC_ECHO, MV_NET_CALL, 8, MV_NET_OK,
             (xdrproc_t) xdr_remote_domain_define_xml_args, &args);
    echo = raw_read(fd, reader);
    g_assert_nonnull(echo);
    g_assert_cmpuint(echo->header.serial, ==, 8);
    g_assert_cmpint(echo->header.status, ==, MV_NET_OK);
    g_assert_cmpint(mv_rpc_message_decode_payload(echo, (xdrproc_t) xdr_remote_connect_get_type_ret, &ret), ==, 0);
    g_assert_cmpstr(ret.type, ==, "after stream");
    xdr_free((xdrproc_t) xdr_remote_connect_get_type_ret, &ret);
    close(fd);
    fixture_stop(&fx);
}

/* Skips messages until one of the keepalive program arrives. */
static MvRpcMessage *
raw_read_keepalive(int fd, MvRpcReader *reader)
{
    for (;;) {
        MvRpcMessage *msg = raw_read(fd, reader);

        g_assert_nonnull(msg);
        if (mv_rpc_keepalive_is_keepalive(&msg->header))
            return msg;
        mv_rpc_message_free(msg);
    }
}

static void
test_keepalive(void)
{
    Fixture fx;
    g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
    int fd;
    int i;

    fixture_start(&fx, 2);
    mv_rpc_server_set_keepalive(fx.server, 100, 3);
    fd = connect_raw(&fx, false);

    /* The server answers our ping. */
    raw_send(fd, KEEPALIVE_PROGRAM, KEEPALIVE_PROC_PING, MV_NET_MESSAGE, 0, MV_NET_OK, NULL, NULL);
    {
        g_autoptr(MvRpcMessage) pong = raw_read_keepalive(fd, reader);

        g_assert_cmpint(pong->header.procedure, ==, KEEPALIVE_PROC_PONG);
        g_assert_cmpint(pong->header.type, ==, MV_NET_MESSAGE);
        g_assert_cmpuint(pong->header.serial, ==, 0);
    }

    /* Once started, it pings a silent client, and takes a pong as life. */
    raw_send(fd, TEST_PROGRAM, PROC_KEEPALIVE, MV_NET_CALL, 1, MV_NET_OK, NULL, NULL);
    for (i = 0; i < 3; i++) {
        g_autoptr(MvRpcMessage) ping = raw_read_keepalive(fd, reader);

        g_assert_true(mv_rpc_keepalive_is_ping(&ping->header));
        raw_send(fd, KEEPALIVE_PROGRAM, KEEPALIVE_PROC_PONG, MV_NET_MESSAGE, 0, MV_NET_OK, NULL, NULL);
    }
    g_assert_cmpuint(shared.disconnected, ==, 0);

    /* Then it stops answering and is dropped. */
    g_assert_true(raw_wait_eof(fd));
    g_assert_true(wait_counter(&shared.disconnected, 1));
    close(fd);
    fixture_stop(&fx);
}

static void
on_event(MvRpcClient *client, MvRpcMessage *msg, void *opaque)
{
    remote_connect_supports_feature_ret event = { 0 };

    g_assert_cmpuint(msg->header.program, ==, TEST_PROGRAM);
    g_assert_cmpint(msg->header.procedure, ==, PROC_EVENT);
    g_assert_cmpuint(msg->header.serial, ==, 0);
    g_assert_cmpint(mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_connect_supports_feature_ret, &event), ==, 0);
    g_mutex_lock(&shared.lock);
    if (shared.events < G_N_ELEMENTS(shared.event_values))
        shared.event_values[shared.events] = event.supported;
    shared.events++;
    g_cond_broadcast(&shared.cond);
    g_mutex_unlock(&shared.lock);
}

static void
test_events(void)
{
    Fixture fx;
    g_autoptr(MvRpcClient) client = NULL;
    int i;

    fixture_start(&fx, 2);
    client = connect_client(&fx, false);
    mv_rpc_client_set_event_callback(client, on_event, NULL, NULL);
    g_assert_cmpint(call_int(client, PROC_EVENTS, 3, NULL), ==, 0);
    g_assert_true(wait_counter(&shared.events, 3));
    for (i = 0; i < 3; i++)
        g_assert_cmpint(shared.event_values[i], ==, 100 + i);
    fixture_stop(&fx);
}

static void
test_peer_creds(void)
{
    Fixture fx;
    g_autoptr(MvRpcClient) client = NULL;

    fixture_start(&fx, 1);
    client = connect_client(&fx, true);
    g_assert_true(wait_counter(&shared.connected, 1));
    g_assert_true(shared.have_creds);
    g_assert_cmpint(shared.creds.pid, ==, getpid());
    g_assert_cmpuint(shared.creds.uid, ==, getuid());
    g_assert_cmpuint(shared.creds.gid, ==, getgid());
    fixture_stop(&fx);
}

static void
test_private_data(void)
{
    Fixture fx;
    MvRpcClient *client;
    int count = 0;

    fixture_start(&fx, 2);
    client = connect_client(&fx, false);
    g_assert_cmpint(mv_rpc_client_call(client, TEST_PROGRAM, TEST_VERSION, PROC_PRIVATE, NULL, NULL,
                                       (xdrproc_t) xdr_remote_connect_supports_feature_ret, &count), ==, 0);
    g_assert_cmpint(count, ==, 1);
    g_assert_cmpint(mv_rpc_client_call(client, TEST_PROGRAM, TEST_VERSION, PROC_PRIVATE, NULL, NULL,
                                       (xdrproc_t) xdr_remote_connect_supports_feature_ret, &count), ==, 0);
    g_assert_cmpint(count, ==, 2);
    mv_rpc_client_free(client);
    g_assert_true(wait_counter(&shared.private_freed, 1));
    fixture_stop(&fx);
}

/* The daemon's path: a listening unix socket, an accepted GSocketConnection. */
static void
test_unix_socket_connection(void)
{
    Fixture fx;
    g_autofree char *dir = g_dir_make_tmp("mv-rpc-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "test-sock", NULL);
    g_autoptr(GSocketAddress) addr = g_unix_socket_address_new(path);
    g_autoptr(GSocket) listener = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                               G_SOCKET_PROTOCOL_DEFAULT, NULL);
    g_autoptr(GSocket) accepted = NULL;
    g_autoptr(GSocketConnection) conn = NULL;
    g_autoptr(MvRpcClient) client = NULL;

    g_assert_true(g_socket_bind(listener, addr, FALSE, NULL));
    g_assert_true(g_socket_listen(listener, NULL));
    fixture_start(&fx, 2);

    client = mv_rpc_client_new_unix(path, 0);
    g_assert_nonnull(client);
    accepted = g_socket_accept(listener, NULL, NULL);
    g_assert_nonnull(accepted);
    conn = g_socket_connection_factory_create_connection(accepted);
    g_assert_nonnull(mv_rpc_server_add_client(fx.server, conn, false));
    assert_echo(client, "over a path");
    g_assert_true(shared.have_creds);
    g_assert_cmpint(shared.creds.pid, ==, getpid());

    fixture_stop(&fx);
    g_assert_true(wait_counter(&shared.disconnected, 1));
    unlink(path);
    rmdir(dir);
}

/* Freeing the server waits for running calls, but only so long. */
static void
test_shutdown_bounded(void)
{
    Fixture fx;
    MvRpcClient *client;
    SlowCall slow = { .value = 5 };
    GThread *thread;

    fixture_start(&fx, 2);
    mv_rpc_server_set_shutdown_wait(fx.server, 50);
    client = connect_client(&fx, false);
    slow.client = client;
    thread = g_thread_new("slow-call", slow_call_thread, &slow);
    g_assert_true(wait_counter(&shared.blocked, 1));

    fixture_stop_loop(&fx);
    /* The handler is still blocked: free returns after the wait anyway. */
    mv_rpc_server_free(fx.server);
    g_mutex_lock(&shared.lock);
    g_assert_cmpuint(shared.unblocked, ==, 0);
    g_mutex_unlock(&shared.lock);

    /* The client saw the connection close; the handler ends on its own. */
    g_thread_join(thread);
    g_assert_cmpint(slow.rc, ==, -1);
    open_gate();
    g_assert_true(wait_counter(&shared.unblocked, 1));
    mv_rpc_client_free(client);
    g_main_context_unref(fx.context);
}

/* Takes the calls of procedure PROC_FILTERED (no handler has it) and
 * answers them itself, in the main loop, with its argument echoed; leaves
 * every other message to the server. */
#define PROC_FILTERED 42

static bool
filter_call(MvRpcServerClient *client, MvRpcMessage *msg, void *opaque)
{
    Fixture *fx = opaque;
    remote_domain_define_xml_args args = { 0 };
    remote_connect_get_type_ret ret = { 0 };
    g_autoptr(MvRpcMessage) reply = mv_rpc_message_new();

    if (msg->header.procedure != PROC_FILTERED)
        return false;
    g_assert_true(g_main_context_is_owner(fx->context));
    g_assert_cmpint(mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_domain_define_xml_args,
                                                  &args), ==, 0);
    ret.type = g_strdup_printf("filtered %s", args.xml);
    mv_rpc_header_init_reply(&reply->header, &msg->header);
    g_assert_cmpint(mv_rpc_message_encode(reply, (xdrproc_t) xdr_remote_connect_get_type_ret,
                                          &ret), ==, 0);
    g_assert_cmpint(mv_rpc_server_client_send_message(client, g_steal_pointer(&reply)), ==, 0);
    xdr_free((xdrproc_t) xdr_remote_domain_define_xml_args, (char *) &args);
    xdr_free((xdrproc_t) xdr_remote_connect_get_type_ret, (char *) &ret);
    mv_rpc_message_free(msg);
    return true;
}

static void
test_call_filter(void)
{
    Fixture fx;
    g_autoptr(MvRpcClient) client = NULL;
    remote_domain_define_xml_args args = { .xml = (char *) "x" };
    remote_connect_get_type_ret ret = { 0 };

    fixture_start(&fx, 2);
    mv_rpc_server_set_call_filter(fx.server, filter_call, &fx);
    client = connect_client(&fx, false);
    g_assert_cmpint(mv_rpc_client_call(client, TEST_PROGRAM, TEST_VERSION, PROC_FILTERED,
                                       (xdrproc_t) xdr_remote_domain_define_xml_args, &args,
                                       (xdrproc_t) xdr_remote_connect_get_type_ret, &ret), ==, 0);
    g_assert_cmpstr(ret.type, ==, "filtered x");
    xdr_free((xdrproc_t) xdr_remote_connect_get_type_ret, (char *) &ret);
    /* What the filter leaves goes on to the handlers. */
    assert_echo(client, "through");
    fixture_stop(&fx);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);
    g_mutex_init(&shared.lock);
    g_cond_init(&shared.cond);

    g_test_add_func("/rpc/server/call-reply", test_call_reply);
    g_test_add_func("/rpc/server/error-reply", test_error_reply);
    g_test_add_func("/rpc/server/unknown-procedure", test_unknown_procedure);
    g_test_add_func("/rpc/server/read-only", test_read_only);
    g_test_add_func("/rpc/server/out-of-order", test_out_of_order);
    g_test_add_func("/rpc/server/timeout-then-late-reply", test_timeout_then_late_reply);
    g_test_add_func("/rpc/server/many-clients", test_many_clients);
    g_test_add_func("/rpc/server/bad-peers", test_bad_peers);
    g_test_add_func("/rpc/server/unknown-stream", test_unknown_stream);
    g_test_add_func("/rpc/server/keepalive", test_keepalive);
    g_test_add_func("/rpc/server/events", test_events);
    g_test_add_func("/rpc/server/peer-creds", test_peer_creds);
    g_test_add_func("/rpc/server/private-data", test_private_data);
    g_test_add_func("/rpc/server/unix-socket-connection", test_unix_socket_connection);
    g_test_add_func("/rpc/server/call-filter", test_call_filter);
    g_test_add_func("/rpc/server/shutdown-bounded", test_shutdown_bounded);
    return g_test_run();
}
