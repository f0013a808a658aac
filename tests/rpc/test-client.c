/* Tests of lib/rpc/client against hand-driven peers: connect errors, timeouts, serials, keepalive, close. */
#define MV_FROM_THIS VIR_FROM_RPC

#include <errno.h>
#include <gio/gio.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "protocol/keepalive.h"
#include "protocol/remote.h"
#include "rpc/client.h"
#include "rpc/keepalive.h"
#include "rpc/reader.h"
#include "util/error.h"
#include "util/log.h"

/* Every wait in this file ends after this long, so no test can hang. */
#define WAIT_MS 10000

#define TEST_PROGRAM 0x4d565430
#define TEST_VERSION 1

/* A client on one end of a socketpair; the test plays the daemon on the other. */
typedef struct {
    MvRpcClient *client;
    int fd;
    MvRpcReader *reader;
    GMutex lock;
    GCond cond;
    unsigned int closes;
    char *close_message;
} Peer;

static void
on_close(MvRpcClient *client, const MvError *reason, void *opaque)
{
    Peer *peer = opaque;

    g_mutex_lock(&peer->lock);
    peer->closes++;
    g_free(peer->close_message);
    peer->close_message = g_strdup(reason->message);
    g_cond_broadcast(&peer->cond);
    g_mutex_unlock(&peer->lock);
}

static void
peer_start(Peer *peer)
{
    int fds[2];

    memset(peer, 0, sizeof(*peer));
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
    peer->client = mv_rpc_client_new_fd(fds[0]);
    g_assert_nonnull(peer->client);
    peer->fd = fds[1];
    peer->reader = mv_rpc_reader_new();
    g_mutex_init(&peer->lock);
    g_cond_init(&peer->cond);
    mv_rpc_client_set_call_timeout(peer->client, WAIT_MS);
    mv_rpc_client_set_close_callback(peer->client, on_close, peer, NULL);
}

static void
peer_stop(Peer *peer)
{
    mv_rpc_client_free(peer->client);
    if (peer->fd >= 0)
        close(peer->fd);
    mv_rpc_reader_free(peer->reader);
    g_free(peer->close_message);
    g_mutex_clear(&peer->lock);
    g_cond_clear(&peer->cond);
}

static bool
peer_wait_closed(Peer *peer)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_MS * G_TIME_SPAN_MILLISECOND;
    bool closed;

    g_mutex_lock(&peer->lock);
    while (peer->closes == 0 && g_cond_wait_until(&peer->cond, &peer->lock, deadline))
        ;
    closed = peer->closes == 1;
    g_mutex_unlock(&peer->lock);
    return closed;
}

static void
peer_send(Peer *peer, uint32_t program, int procedure, int type, uint32_t serial, int status,
          xdrproc_t proc, const void *data)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();

    msg->header = (MvRpcHeader) { program, 1, procedure, type, serial, status };
    g_assert_cmpint(mv_rpc_message_encode(msg, proc, data), ==, 0);
    g_assert_cmpint(send(peer->fd, msg->buffer, msg->length, MSG_NOSIGNAL), ==, (gssize) msg->length);
}

/* The next message the client sent; fails the test after WAIT_MS. */
static MvRpcMessage *
peer_read(Peer *peer)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_MS * G_TIME_SPAN_MILLISECOND;
    MvRpcMessage *msg = NULL;

    while (mv_rpc_reader_next(peer->reader, &msg) == 0) {
        struct pollfd pfd = { .fd = peer->fd, .events = POLLIN };
        int left = (int) ((deadline - g_get_monotonic_time()) / 1000);
        char buf[4096];
        ssize_t n;

        if (left <= 0 || poll(&pfd, 1, left) <= 0)
            g_error("the client sent nothing within %d ms", WAIT_MS);
        n = read(peer->fd, buf, sizeof(buf));
        g_assert_cmpint(n, >, 0);
        g_assert_cmpint(mv_rpc_reader_feed(peer->reader, buf, n), ==, 0);
    }
    return msg;
}

typedef struct {
    MvRpcClient *client;
    int value;
    int rc;
    int result;
    int code;
    char *message;
} Call;

static gpointer
call_thread(gpointer data)
{
    Call *call = data;
    remote_connect_supports_feature_args args = { .feature = call->value };
    remote_connect_supports_feature_ret ret = { 0 };

    call->rc = mv_rpc_client_call(call->client, TEST_PROGRAM, TEST_VERSION, 1,
                                  (xdrproc_t) xdr_remote_connect_supports_feature_args, &args,
                                  (xdrproc_t) xdr_remote_connect_supports_feature_ret, &ret);
    call->result = ret.supported;
    call->code = mv_error_last_code();
    call->message = g_strdup(mv_error_last_message());
    return NULL;
}

static void
test_missing_socket(void)
{
    const char *path = "/nonexistent-modvirt-dir/qemud-sock";

    g_assert_null(mv_rpc_client_new_unix(path, 0));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_SYSTEM_ERROR);
    g_assert_nonnull(strstr(mv_error_last_message(), path));
}

/* A daemon that accepts (its listen queue does) but never answers. */
static void
test_stuck_daemon(void)
{
    g_autofree char *dir = g_dir_make_tmp("mv-rpc-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "stuck-sock", NULL);
    g_autoptr(GSocketAddress) addr = g_unix_socket_address_new(path);
    g_autoptr(GSocket) listener = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                               G_SOCKET_PROTOCOL_DEFAULT, NULL);
    g_autoptr(MvRpcClient) client = NULL;

    g_assert_true(g_socket_bind(listener, addr, FALSE, NULL));
    g_assert_true(g_socket_listen(listener, NULL));

    client = mv_rpc_client_new_unix(path, 1000);
    g_assert_nonnull(client);
    mv_rpc_client_set_call_timeout(client, 100);
    g_assert_cmpint(mv_rpc_client_call(client, TEST_PROGRAM, TEST_VERSION, 1,
                                       NULL, NULL, NULL, NULL), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_TIMEOUT);
    g_assert_nonnull(strstr(mv_error_last_message(), path));
    g_assert_true(mv_rpc_client_is_open(client));

    unlink(path);
    rmdir(dir);
}

/* Replies come back in reverse order; each caller gets its own. */
static void
test_replies_by_serial(void)
{
    Peer peer;
    Call calls[2] = { { .value = 10 }, { .value = 20 } };
    GThread *threads[2];
    MvRpcMessage *msgs[2];
    int i;

    peer_start(&peer);
    for (i = 0; i < 2; i++) {
        calls[i].client = peer.client;
        threads[i] = g_thread_new("call", call_thread, &calls[i]);
        msgs[i] = peer_read(&peer);
        g_assert_cmpint(msgs[i]->header.type, ==, MV_NET_CALL);
    }
    g_assert_cmpuint(msgs[0]->header.serial, !=, msgs[1]->header.serial);

    for (i = 1; i >= 0; i--) {
        remote_connect_supports_feature_args args = { 0 };
        remote_connect_supports_feature_ret ret = { 0 };

        g_assert_cmpint(mv_rpc_message_decode_payload(msgs[i], (xdrproc_t) xdr_remote_connect_supports_feature_args, &args), ==, 0);
        ret.supported = args.feature + 1;
        peer_send(&peer, TEST_PROGRAM, 1, MV_NET_REPLY, msgs[i]->header.serial, MV_NET_OK,
                  (xdrproc_t) xdr_remote_connect_supports_feature_ret, &ret);
        g_thread_join(threads[i]);
        mv_rpc_message_free(msgs[i]);
    }
    for (i = 0; i < 2; i++) {
        g_assert_cmpint(calls[i].rc, ==, 0);
        g_assert_cmpint(calls[i].result, ==, calls[i].value + 1);
        g_free(calls[i].message);
    }
    peer_stop(&peer);
}

/* An error reply becomes the caller's error, every field of it. */
static void
test_error_reply(void)
{
    Peer peer;
    Call call = { .value = 1 };
    g_autoptr(MvRpcMessage) msg = NULL;
    g_autoptr(MvRpcMessage) reply = mv_rpc_message_new();
    MvError err = {
        .code = VIR_ERR_NO_NETWORK,
        .domain = VIR_FROM_NETWORK,
        .level = VIR_ERR_ERROR,
        .message = (char *) "Network not found: no network 'x'",
        .str1 = (char *) "no network 'x'",
        .int1 = 7,
    };
    GThread *thread;

    peer_start(&peer);
    call.client = peer.client;
    thread = g_thread_new("call", call_thread, &call);
    msg = peer_read(&peer);
    mv_rpc_header_init_reply(&reply->header, &msg->header);
    g_assert_cmpint(mv_rpc_message_encode_error(reply, &err), ==, 0);
    g_assert_cmpint(send(peer.fd, reply->buffer, reply->length, MSG_NOSIGNAL), ==, (gssize) reply->length);
    g_thread_join(thread);

    g_assert_cmpint(call.rc, ==, -1);
    g_assert_cmpint(call.code, ==, VIR_ERR_NO_NETWORK);
    g_assert_cmpstr(call.message, ==, err.message);
    g_free(call.message);
    peer_stop(&peer);
}

static void
test_answers_ping(void)
{
    Peer peer;
    g_autoptr(MvRpcMessage) pong = NULL;

    peer_start(&peer);
    peer_send(&peer, KEEPALIVE_PROGRAM, KEEPALIVE_PROC_PING, MV_NET_MESSAGE, 0, MV_NET_OK, NULL, NULL);
    pong = peer_read(&peer);
    g_assert_cmpuint(pong->header.program, ==, KEEPALIVE_PROGRAM);
    g_assert_cmpint(pong->header.procedure, ==, KEEPALIVE_PROC_PONG);
    g_assert_cmpint(pong->header.type, ==, MV_NET_MESSAGE);
    g_assert_cmpuint(pong->header.serial, ==, 0);
    peer_stop(&peer);
}

/* A daemon that stops answering pings is declared dead; calls then fail. */
static void
test_keepalive_dead(void)
{
    Peer peer;
    g_autoptr(MvRpcMessage) ping = NULL;

    peer_start(&peer);
    mv_rpc_client_start_keepalive(peer.client, 20, 2);
    ping = peer_read(&peer);
    g_assert_true(mv_rpc_keepalive_is_ping(&ping->header));

    g_assert_true(peer_wait_closed(&peer));
    g_assert_nonnull(strstr(peer.close_message, "keepalive"));
    g_assert_false(mv_rpc_client_is_open(peer.client));
    g_assert_cmpint(mv_rpc_client_call(peer.client, TEST_PROGRAM, TEST_VERSION, 1,
                                       NULL, NULL, NULL, NULL), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_RPC);
    g_assert_nonnull(strstr(mv_error_last_message(), "keepalive"));
    peer_stop(&peer);
}

/* The daemon goes away with a call in flight. */
static void
test_close_fails_pending(void)
{
    Peer peer;
    Call call = { .value = 3 };
    g_autoptr(MvRpcMessage) msg = NULL;
    GThread *thread;

    peer_start(&peer);
    call.client = peer.client;
    thread = g_thread_new("call", call_thread, &call);
    msg = peer_read(&peer);
    close(peer.fd);
    peer.fd = -1;
    g_thread_join(thread);

    g_assert_cmpint(call.rc, ==, -1);
    g_assert_cmpint(call.code, ==, VIR_ERR_RPC);
    g_assert_nonnull(strstr(call.message, "closed"));
    g_assert_true(peer_wait_closed(&peer));
    g_free(call.message);
    peer_stop(&peer);
}

/* An oversize frame from the daemon closes the connection. */
static void
test_garbage_from_daemon(void)
{
    static const uint8_t huge_length[] = { 0x7f, 0xff, 0xff, 0xff };
    Peer peer;

    peer_start(&peer);
    g_assert_cmpint(send(peer.fd, huge_length, sizeof(huge_length), MSG_NOSIGNAL), ==, 4);
    g_assert_true(peer_wait_closed(&peer));
    g_assert_nonnull(strstr(peer.close_message, "2147483647"));
    g_assert_cmpint(mv_rpc_client_call(peer.client, TEST_PROGRAM, TEST_VERSION, 1,
                                       NULL, NULL, NULL, NULL), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_RPC);
    peer_stop(&peer);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    g_test_add_func("/rpc/client/missing-socket", test_missing_socket);
    g_test_add_func("/rpc/client/stuck-daemon", test_stuck_daemon);
    g_test_add_func("/rpc/client/replies-by-serial", test_replies_by_serial);
    g_test_add_func("/rpc/client/error-reply", test_error_reply);
    g_test_add_func("/rpc/client/answers-ping", test_answers_ping);
    g_test_add_func("/rpc/client/keepalive-dead", test_keepalive_dead);
    g_test_add_func("/rpc/client/close-fails-pending", test_close_fails_pending);
    g_test_add_func("/rpc/client/garbage-from-daemon", test_garbage_from_daemon);
    return g_test_run();
}
