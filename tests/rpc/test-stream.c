/* Tests of RPC streams (lib/rpc server_stream and the client's streams): data both ways, backpressure, finish, abort, errors, disconnects, bad stream bytes. */
#define MV_FROM_THIS VIR_FROM_STREAMS

#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "protocol/remote.h"
#include "rpc/client.h"
#include "rpc/reader.h"
#include "rpc/server.h"
#include "rpc/server_stream.h"
#include "util/error.h"

/* Every wait in this file ends after this long, so no test can hang. */
#define WAIT_MS 10000

#define TEST_PROGRAM 0x4d565431
#define TEST_VERSION 1

enum {
    PROC_ECHO_STREAM = 1,   /* a stream that sends back what it gets */
    PROC_SOURCE = 2,        /* a stream of n bytes, then EOF */
    PROC_FAIL_AFTER_OPEN = 3, /* opens a stream, then the call fails */
    PROC_ERROR_STREAM = 4,  /* a stream that fails with an error right away */
    PROC_PLAIN = 5,         /* a call with no stream */
};

/* What one stream's producer side keeps; the test's global. */
typedef struct {
    GMutex lock;
    GCond cond;
    MvRpcServerStream *st;      /* the open stream's reference */
    unsigned int ends;
    MvRpcStreamEnd last_end;
    size_t to_send;             /* PROC_SOURCE bytes still to produce */
    size_t sent;
    unsigned int pauses;        /* times send said "over the high mark" */
} Producer;

static Producer producer;

static void
producer_reset(void)
{
    g_mutex_lock(&producer.lock);
    g_clear_pointer(&producer.st, mv_rpc_server_stream_unref);
    producer.ends = 0;
    producer.to_send = producer.sent = 0;
    producer.pauses = 0;
    g_mutex_unlock(&producer.lock);
}

static bool
wait_ends(unsigned int n)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_MS * G_TIME_SPAN_MILLISECOND;
    bool ok;

    g_mutex_lock(&producer.lock);
    while (producer.ends < n && g_cond_wait_until(&producer.cond, &producer.lock, deadline))
        ;
    ok = producer.ends >= n;
    g_mutex_unlock(&producer.lock);
    return ok;
}

static int
on_echo_data(MvRpcServerStream *st, const uint8_t *data, size_t len, void *opaque)
{
    if (len == 4 && memcmp(data, "FAIL", 4) == 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "%s", "the consumer refused FAIL");
        return -1;
    }
    mv_rpc_server_stream_send(st, data, len);
    return 0;
}

static void
on_end(MvRpcServerStream *st, MvRpcStreamEnd how, void *opaque)
{
    g_mutex_lock(&producer.lock);
    producer.ends++;
    producer.last_end = how;
    g_cond_broadcast(&producer.cond);
    g_mutex_unlock(&producer.lock);
}

/* Produces until done or the stream says to wait. Main loop thread. */
static void
source_pump(MvRpcServerStream *st, void *opaque)
{
    uint8_t chunk[65536];

    for (;;) {
        size_t n;
        int rc;

        g_mutex_lock(&producer.lock);
        n = MIN(producer.to_send, sizeof(chunk));
        for (size_t i = 0; i < n; i++)
            chunk[i] = (uint8_t) ((producer.sent + i) % 251);
        producer.to_send -= n;
        producer.sent += n;
        g_mutex_unlock(&producer.lock);
        if (n == 0) {
            mv_rpc_server_stream_send_eof(st);
            return;
        }
        rc = mv_rpc_server_stream_send(st, chunk, n);
        if (rc < 0)
            return;
        if (rc == 1) {
            g_mutex_lock(&producer.lock);
            producer.pauses++;
            g_mutex_unlock(&producer.lock);
            return;
        }
    }
}

static const MvRpcServerStreamCallbacks echo_callbacks = { on_echo_data, on_end, NULL };
static const MvRpcServerStreamCallbacks source_callbacks = { NULL, on_end, source_pump };

static int
open_stream(void *conn, const MvRpcServerStreamCallbacks *cb)
{
    MvRpcServerStream *st = mv_rpc_server_stream_new(conn, cb, NULL);

    if (!st)
        return -1;
    g_mutex_lock(&producer.lock);
    g_clear_pointer(&producer.st, mv_rpc_server_stream_unref);
    producer.st = st;
    g_mutex_unlock(&producer.lock);
    return 0;
}

static int
handle_echo_stream(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    return open_stream(conn, &echo_callbacks);
}

static int
handle_source(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    int n = ((remote_connect_supports_feature_args *) args)->feature;

    if (open_stream(conn, &source_callbacks) < 0)
        return -1;
    g_mutex_lock(&producer.lock);
    producer.to_send = (size_t) n;
    g_mutex_unlock(&producer.lock);
    /* Held until the reply is queued: the client sees the reply first. */
    source_pump(producer.st, NULL);
    return 0;
}

static int
handle_fail_after_open(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    if (open_stream(conn, &echo_callbacks) < 0)
        return -1;
    mv_rpc_server_stream_send(producer.st, "lost", 4);
    mv_report_error(VIR_ERR_OPERATION_INVALID, "%s", "the call failed after opening");
    return -1;
}

static int
handle_error_stream(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    g_autoptr(MvError) err = NULL;

    if (open_stream(conn, &echo_callbacks) < 0)
        return -1;
    mv_report_error(VIR_ERR_OPERATION_FAILED, "%s", "the producer broke");
    err = mv_error_save();
    mv_rpc_server_stream_send(producer.st, "partial", 7);
    mv_rpc_server_stream_send_error(producer.st, err);
    return 0;
}

static int
handle_plain(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    return 0;
}

#define INT_ARGS_PROC (xdrproc_t) xdr_remote_connect_supports_feature_args
#define INT_ARGS_SIZE sizeof(remote_connect_supports_feature_args)

static const MvRpcProcedure test_procedures[] = {
    { PROC_ECHO_STREAM, NULL, NULL, 0, 0, handle_echo_stream, MV_RPC_PROC_READONLY },
    { PROC_SOURCE, INT_ARGS_PROC, NULL, INT_ARGS_SIZE, 0, handle_source, MV_RPC_PROC_READONLY },
    { PROC_FAIL_AFTER_OPEN, NULL, NULL, 0, 0, handle_fail_after_open, MV_RPC_PROC_READONLY },
    { PROC_ERROR_STREAM, NULL, NULL, 0, 0, handle_error_stream, MV_RPC_PROC_READONLY },
    { PROC_PLAIN, NULL, NULL, 0, 0, handle_plain, MV_RPC_PROC_READONLY },
};

static const MvRpcProgram test_program = {
    .program = TEST_PROGRAM,
    .version = TEST_VERSION,
    .procedures = test_procedures,
    .nprocedures = G_N_ELEMENTS(test_procedures),
};

static const MvRpcProgram *const programs[] = { &test_program };

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
fixture_start(Fixture *fx)
{
    producer_reset();
    fx->context = g_main_context_new();
    fx->quit = 0;
    fx->server = mv_rpc_server_new(programs, G_N_ELEMENTS(programs), 2, fx->context);
    g_assert_nonnull(fx->server);
    fx->thread = g_thread_new("test-stream-loop", loop_thread, fx);
}

static void
fixture_stop(Fixture *fx)
{
    producer_reset();
    g_atomic_int_set(&fx->quit, 1);
    g_main_context_wakeup(fx->context);
    g_thread_join(fx->thread);
    mv_rpc_server_free(fx->server);
    g_main_context_unref(fx->context);
}

static int
connect_raw(Fixture *fx)
{
    int fds[2];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
    g_assert_nonnull(mv_rpc_server_add_client_fd(fx->server, fds[0], false));
    return fds[1];
}

static MvRpcClient *
connect_client(Fixture *fx)
{
    MvRpcClient *client = mv_rpc_client_new_fd(connect_raw(fx));

    g_assert_nonnull(client);
    mv_rpc_client_set_call_timeout(client, WAIT_MS);
    return client;
}

static MvRpcClientStream *
open_client_stream(MvRpcClient *client, int procedure, xdrproc_t args_proc, const void *args)
{
    MvRpcClientStream *st = mv_rpc_client_stream_new(client, TEST_PROGRAM, TEST_VERSION, procedure);

    if (mv_rpc_client_stream_call(st, args_proc, args, NULL, NULL) < 0)
        g_error("opening stream %d failed: %s", procedure, mv_error_last_message());
    return st;
}

/* Reads exactly len bytes, each within the wait. */
static void
recv_exact(MvRpcClientStream *st, uint8_t *buf, size_t len)
{
    size_t got = 0;

    while (got < len) {
        ssize_t n = mv_rpc_client_stream_recv(st, buf + got, len - got, WAIT_MS);

        if (n <= 0)
            g_error("recv after %zu of %zu bytes: %zd (%s)", got, len, n, mv_error_last_message());
        got += n;
    }
}

static void
test_echo_finish(void)
{
    Fixture fx;
    g_autoptr(MvRpcClient) client = NULL;
    g_autoptr(MvRpcClientStream) st = NULL;
    uint8_t buf[16];

    fixture_start(&fx);
    client = connect_client(&fx);
    st = open_client_stream(client, PROC_ECHO_STREAM, NULL, NULL);
    g_assert_cmpint(mv_rpc_client_stream_recv(st, buf, sizeof(buf), 0), ==, -2);
    g_assert_cmpint(mv_rpc_client_stream_send(st, "hello", 5), ==, 0);
    recv_exact(st, buf, 5);
    g_assert_cmpmem(buf, 5, "hello", 5);
    g_assert_cmpint(mv_rpc_client_stream_send(st, " world", 6), ==, 0);
    recv_exact(st, buf, 6);
    g_assert_cmpmem(buf, 6, " world", 6);

    g_assert_cmpint(mv_rpc_client_stream_finish(st), ==, 0);
    g_assert_true(wait_ends(1));
    g_assert_cmpint(producer.last_end, ==, MV_RPC_STREAM_END_FINISH);
    /* A second finish has nothing to finish. */
    g_assert_cmpint(mv_rpc_client_stream_finish(st), ==, -1);
    g_clear_pointer(&st, mv_rpc_client_stream_free);
    fixture_stop(&fx);
}

/* 3 MiB from the daemon: sent in bounded pieces as the client reads. */
static void
test_source_backpressure(void)
{
    const size_t total = 3 * 1024 * 1024;
    remote_connect_supports_feature_args args = { .feature = (int) total };
    Fixture fx;
    g_autoptr(MvRpcClient) client = NULL;
    g_autoptr(MvRpcClientStream) st = NULL;
    g_autofree uint8_t *buf = g_malloc(total);
    uint8_t extra[8];

    fixture_start(&fx);
    client = connect_client(&fx);
    st = open_client_stream(client, PROC_SOURCE, INT_ARGS_PROC, &args);
    recv_exact(st, buf, total);
    for (size_t i = 0; i < total; i++) {
        if (buf[i] != (uint8_t) (i % 251))
            g_error("byte %zu is %u, expected %u", i, buf[i], (unsigned int) (i % 251));
    }
    g_assert_cmpint(mv_rpc_client_stream_recv(st, extra, sizeof(extra), WAIT_MS), ==, 0);
    g_assert_cmpuint(producer.pauses, >, 0);
    g_assert_cmpint(mv_rpc_client_stream_finish(st), ==, 0);
    g_assert_true(wait_ends(1));
    g_assert_cmpint(producer.last_end, ==, MV_RPC_STREAM_END_FINISH);
    g_clear_pointer(&st, mv_rpc_client_stream_free);
    fixture_stop(&fx);
}

static void
test_abort(void)
{
    Fixture fx;
    g_autoptr(MvRpcClient) client = NULL;
    g_autoptr(MvRpcClientStream) st = NULL;

    fixture_start(&fx);
    client = connect_client(&fx);
    st = open_client_stream(client, PROC_ECHO_STREAM, NULL, NULL);
    g_assert_cmpint(mv_rpc_client_stream_send(st, "unread", 6), ==, 0);
    g_assert_cmpint(mv_rpc_client_stream_abort(st), ==, 0);
    g_assert_true(wait_ends(1));
    g_assert_cmpint(producer.last_end, ==, MV_RPC_STREAM_END_ABORT);
    g_assert_cmpint(mv_rpc_client_stream_send(st, "late", 4), ==, -1);
    g_clear_pointer(&st, mv_rpc_client_stream_free);

    /* The connection goes on with another stream. */
    st = open_client_stream(client, PROC_ECHO_STREAM, NULL, NULL);
    g_assert_cmpint(mv_rpc_client_stream_finish(st), ==, 0);
    g_assert_true(wait_ends(2));
    g_clear_pointer(&st, mv_rpc_client_stream_free);
    fixture_stop(&fx);
}

/* An error on the stream reaches the client as a virError, after the
 * data sent before it. */
static void
test_stream_error(void)
{
    Fixture fx;
    g_autoptr(MvRpcClient) client = NULL;
    g_autoptr(MvRpcClientStream) st = NULL;
    uint8_t buf[16];

    fixture_start(&fx);
    client = connect_client(&fx);
    st = open_client_stream(client, PROC_ERROR_STREAM, NULL, NULL);
    /* The data and the error arrive together: the data is dropped or
     * read, the error always comes. */
    for (int i = 0; i < 3; i++) {
        ssize_t n = mv_rpc_client_stream_recv(st, buf, sizeof(buf), WAIT_MS);

        if (n < 0)
            break;
        g_assert_cmpint(n, >, 0);
    }
    g_assert_cmpint(mv_rpc_client_stream_recv(st, buf, sizeof(buf), WAIT_MS), ==, -1);
    g_assert_cmpint(mv_error_last()->code, ==, VIR_ERR_OPERATION_FAILED);
    g_assert_nonnull(strstr(mv_error_last_message(), "the producer broke"));
    g_assert_cmpint(mv_rpc_client_stream_send(st, "x", 1), ==, -1);
    g_assert_cmpint(mv_rpc_client_stream_finish(st), ==, -1);
    g_assert_cmpint(mv_rpc_client_stream_abort(st), ==, 0);
    g_clear_pointer(&st, mv_rpc_client_stream_free);

    /* A consumer that refuses data ends the stream with its error. */
    st = open_client_stream(client, PROC_ECHO_STREAM, NULL, NULL);
    g_assert_cmpint(mv_rpc_client_stream_send(st, "FAIL", 4), ==, 0);
    g_assert_cmpint(mv_rpc_client_stream_recv(st, buf, sizeof(buf), WAIT_MS), ==, -1);
    g_assert_nonnull(strstr(mv_error_last_message(), "the consumer refused FAIL"));
    g_assert_true(wait_ends(1));
    g_assert_cmpint(producer.last_end, ==, MV_RPC_STREAM_END_ERROR);
    g_clear_pointer(&st, mv_rpc_client_stream_free);
    fixture_stop(&fx);
}

static void
test_call_fails(void)
{
    Fixture fx;
    g_autoptr(MvRpcClient) client = NULL;
    g_autoptr(MvRpcClientStream) st = NULL;
    uint8_t buf[8];

    fixture_start(&fx);
    client = connect_client(&fx);
    st = mv_rpc_client_stream_new(client, TEST_PROGRAM, TEST_VERSION, PROC_FAIL_AFTER_OPEN);
    g_assert_cmpint(mv_rpc_client_stream_call(st, NULL, NULL, NULL, NULL), ==, -1);
    g_assert_nonnull(strstr(mv_error_last_message(), "the call failed after opening"));
    g_assert_true(wait_ends(1));
    g_assert_cmpint(producer.last_end, ==, MV_RPC_STREAM_END_CALL_FAILED);
    g_assert_cmpint(mv_rpc_client_stream_recv(st, buf, sizeof(buf), 0), ==, -1);
    g_clear_pointer(&st, mv_rpc_client_stream_free);
    fixture_stop(&fx);
}

/* The client goes away with a stream open: the producer hears it. */
static void
test_disconnect(void)
{
    Fixture fx;
    MvRpcClient *client;
    MvRpcClientStream *st;

    fixture_start(&fx);
    client = connect_client(&fx);
    st = open_client_stream(client, PROC_ECHO_STREAM, NULL, NULL);
    mv_rpc_client_stream_free(st);
    mv_rpc_client_free(client);
    g_assert_true(wait_ends(1));
    g_assert_cmpint(producer.last_end, ==, MV_RPC_STREAM_END_DISCONNECT);
    g_assert_false(mv_rpc_server_stream_is_open(producer.st));
    g_assert_cmpint(mv_rpc_server_stream_send(producer.st, "gone", 4), ==, -1);
    fixture_stop(&fx);
}

static void
count_callback(MvRpcClientStream *st, void *opaque)
{
    g_atomic_int_inc((gint *) opaque);
}

/* The daemon goes away: the client's stream fails instead of waiting, and
 * its callback hears of it (an event-driven reader would wait forever). */
static void
test_server_gone(void)
{
    Fixture fx;
    g_autoptr(MvRpcClient) client = NULL;
    g_autoptr(MvRpcClientStream) st = NULL;
    gint callbacks = 0;
    gint64 deadline;
    uint8_t buf[8];

    fixture_start(&fx);
    client = connect_client(&fx);
    st = open_client_stream(client, PROC_ECHO_STREAM, NULL, NULL);
    mv_rpc_client_stream_set_callback(st, count_callback, &callbacks, NULL);
    fixture_stop(&fx);
    deadline = g_get_monotonic_time() + WAIT_MS * G_TIME_SPAN_MILLISECOND;
    while (g_atomic_int_get(&callbacks) == 0 && g_get_monotonic_time() < deadline)
        g_usleep(10 * 1000);
    g_assert_cmpint(g_atomic_int_get(&callbacks), >=, 1);
    g_assert_cmpint(mv_rpc_client_stream_recv(st, buf, sizeof(buf), WAIT_MS), ==, -1);
    g_assert_cmpint(mv_rpc_client_stream_finish(st), ==, -1);
    g_assert_cmpint(mv_rpc_client_stream_abort(st), ==, 0);
}

static void
raw_write(int fd, const void *data, size_t len)
{
    g_assert_cmpint(send(fd, data, len, MSG_NOSIGNAL), ==, (gssize) len);
}

static void
raw_stream(int fd, int procedure, int type, uint32_t serial, int status, const void *data,
           size_t len)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    MvRpcHeader call = { TEST_PROGRAM, TEST_VERSION, procedure, MV_NET_STREAM, serial, 0 };

    g_assert_cmpint(mv_rpc_message_encode_stream(msg, &call, status, data, len), ==, 0);
    msg->buffer[4 + 12 + 3] = (uint8_t) type;   /* the type word's low byte */
    raw_write(fd, msg->buffer, msg->length);
}

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

static void
assert_stream_error(MvRpcMessage *msg, uint32_t serial, const char *text)
{
    g_autoptr(MvError) err = NULL;

    g_assert_nonnull(msg);
    g_assert_cmpint(msg->header.type, ==, MV_NET_STREAM);
    g_assert_cmpint(msg->header.status, ==, MV_NET_ERROR);
    g_assert_cmpuint(msg->header.serial, ==, serial);
    g_assert_cmpint(mv_rpc_message_decode_error(msg, &err), ==, 0);
    g_assert_cmpint(err->code, ==, VIR_ERR_RPC);
    if (!strstr(err->message, text))
        g_error("error '%s' does not say '%s'", err->message, text);
}

static void
raw_call(int fd, int procedure, uint32_t serial)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();

    msg->header = (MvRpcHeader) { TEST_PROGRAM, TEST_VERSION, procedure, MV_NET_CALL, serial, 0 };
    g_assert_cmpint(mv_rpc_message_encode(msg, NULL, NULL), ==, 0);
    raw_write(fd, msg->buffer, msg->length);
}

/* Bad stream bytes get a stream error on their serial and harm nothing. */
static void
test_bad_stream_bytes(void)
{
    Fixture fx;
    g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
    g_autoptr(MvRpcMessage) msg = NULL;
    int fd;

    fixture_start(&fx);
    fd = connect_raw(&fx);

    /* Data, finish and a hole for a serial that has no stream. */
    raw_stream(fd, PROC_ECHO_STREAM, MV_NET_STREAM, 40, MV_NET_CONTINUE, "x", 1);
    msg = raw_read(fd, reader);
    assert_stream_error(msg, 40, "no stream is open");
    g_clear_pointer(&msg, mv_rpc_message_free);
    raw_stream(fd, PROC_ECHO_STREAM, MV_NET_STREAM, 41, MV_NET_OK, NULL, 0);
    msg = raw_read(fd, reader);
    assert_stream_error(msg, 41, "no stream is open");
    g_clear_pointer(&msg, mv_rpc_message_free);
    raw_stream(fd, PROC_ECHO_STREAM, MV_NET_STREAM_HOLE, 42, MV_NET_CONTINUE, "12345678", 8);
    msg = raw_read(fd, reader);
    assert_stream_error(msg, 42, "no stream is open");
    g_clear_pointer(&msg, mv_rpc_message_free);
    /* An abort of no stream is confirmed: nobody waits forever. */
    raw_stream(fd, PROC_ECHO_STREAM, MV_NET_STREAM, 43, MV_NET_ERROR, NULL, 0);
    msg = raw_read(fd, reader);
    g_assert_cmpint(msg->header.type, ==, MV_NET_STREAM);
    g_assert_cmpint(msg->header.status, ==, MV_NET_OK);
    g_assert_cmpuint(msg->header.serial, ==, 43);
    g_clear_pointer(&msg, mv_rpc_message_free);

    /* An open stream: a message with a wrong procedure, a hole, a status
     * that does not exist. */
    raw_call(fd, PROC_ECHO_STREAM, 50);
    msg = raw_read(fd, reader);
    g_assert_cmpint(msg->header.type, ==, MV_NET_REPLY);
    g_assert_cmpint(msg->header.status, ==, MV_NET_OK);
    g_clear_pointer(&msg, mv_rpc_message_free);
    raw_stream(fd, PROC_SOURCE, MV_NET_STREAM, 50, MV_NET_CONTINUE, "x", 1);
    msg = raw_read(fd, reader);
    assert_stream_error(msg, 50, "no stream is open");
    g_clear_pointer(&msg, mv_rpc_message_free);
    raw_stream(fd, PROC_ECHO_STREAM, MV_NET_STREAM_HOLE, 50, MV_NET_CONTINUE, "12345678", 8);
    msg = raw_read(fd, reader);
    assert_stream_error(msg, 50, "does not take holes");
    g_clear_pointer(&msg, mv_rpc_message_free);
    g_assert_true(wait_ends(1));
    g_assert_cmpint(producer.last_end, ==, MV_RPC_STREAM_END_ERROR);

    raw_call(fd, PROC_ECHO_STREAM, 51);
    msg = raw_read(fd, reader);
    g_assert_cmpint(msg->header.status, ==, MV_NET_OK);
    g_clear_pointer(&msg, mv_rpc_message_free);
    raw_stream(fd, PROC_ECHO_STREAM, MV_NET_STREAM, 51, 7, "x", 1);
    msg = raw_read(fd, reader);
    assert_stream_error(msg, 51, "status 7");
    g_clear_pointer(&msg, mv_rpc_message_free);
    g_assert_true(wait_ends(2));

    /* A stream on a serial whose call is still open cannot be opened twice:
     * the second call gets an error reply, the first stream lives on. */
    raw_call(fd, PROC_ECHO_STREAM, 52);
    msg = raw_read(fd, reader);
    g_assert_cmpint(msg->header.status, ==, MV_NET_OK);
    g_clear_pointer(&msg, mv_rpc_message_free);
    raw_call(fd, PROC_ECHO_STREAM, 52);
    msg = raw_read(fd, reader);
    g_assert_cmpint(msg->header.type, ==, MV_NET_REPLY);
    g_assert_cmpint(msg->header.status, ==, MV_NET_ERROR);
    g_clear_pointer(&msg, mv_rpc_message_free);
    raw_stream(fd, PROC_ECHO_STREAM, MV_NET_STREAM, 52, MV_NET_CONTINUE, "still", 5);
    msg = raw_read(fd, reader);
    g_assert_cmpint(msg->header.status, ==, MV_NET_CONTINUE);
    g_assert_cmpmem(msg->buffer + 28, msg->length - 28, "still", 5);
    g_clear_pointer(&msg, mv_rpc_message_free);

    /* And the connection still answers calls. */
    raw_call(fd, PROC_PLAIN, 60);
    msg = raw_read(fd, reader);
    g_assert_cmpint(msg->header.type, ==, MV_NET_REPLY);
    g_assert_cmpuint(msg->header.serial, ==, 60);
    g_assert_cmpint(msg->header.status, ==, MV_NET_OK);
    close(fd);
    g_assert_true(wait_ends(3));
    g_assert_cmpint(producer.last_end, ==, MV_RPC_STREAM_END_DISCONNECT);
    fixture_stop(&fx);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_mutex_init(&producer.lock);
    g_cond_init(&producer.cond);
    g_test_add_func("/rpc/stream/echo-finish", test_echo_finish);
    g_test_add_func("/rpc/stream/source-backpressure", test_source_backpressure);
    g_test_add_func("/rpc/stream/abort", test_abort);
    g_test_add_func("/rpc/stream/error", test_stream_error);
    g_test_add_func("/rpc/stream/call-fails", test_call_fails);
    g_test_add_func("/rpc/stream/disconnect", test_disconnect);
    g_test_add_func("/rpc/stream/server-gone", test_server_gone);
    g_test_add_func("/rpc/stream/bad-stream-bytes", test_bad_stream_bytes);
    return g_test_run();
}
