/* One framed connection on the main loop: non-blocking reads into lib/rpc's reader, a write queue, one close report. */
#define MV_LOG_MODULE "proxy.conn"
#define MV_FROM_THIS VIR_FROM_RPC

#include "route_conn.h"

#include "rpc/reader.h"
#include "util/error.h"
#include "util/log.h"

#define CONN_READ_CHUNK 65536

struct MvRouteConn {
    unsigned int refs;
    bool closed;
    GSocket *socket;
    char *what;
    MvRpcReader *reader;
    GSource *in_source;
    GSource *out_source;
    GQueue out;             /* MvRpcMessage *, written in order */
    size_t out_offset;      /* bytes of the head already written */
    size_t queued;
    MvRouteConnMessageFunc on_message;
    MvRouteConnClosedFunc on_closed;
    void *opaque;
};

static MvRouteConn *
conn_ref(MvRouteConn *conn)
{
    conn->refs++;
    return conn;
}

static void
conn_unref(MvRouteConn *conn)
{
    if (--conn->refs > 0)
        return;
    g_queue_clear_full(&conn->out, (GDestroyNotify) mv_rpc_message_free);
    mv_rpc_reader_free(conn->reader);
    g_object_unref(conn->socket);
    g_free(conn->what);
    g_free(conn);
}

static void
conn_stop(MvRouteConn *conn)
{
    if (conn->closed)
        return;
    conn->closed = true;
    if (conn->in_source) {
        g_source_destroy(conn->in_source);
        g_clear_pointer(&conn->in_source, g_source_unref);
    }
    if (conn->out_source) {
        g_source_destroy(conn->out_source);
        g_clear_pointer(&conn->out_source, g_source_unref);
    }
    g_socket_close(conn->socket, NULL);
}

/* Stops the connection and tells the owner, once. */
static void
conn_fail(MvRouteConn *conn, const char *reason)
{
    if (conn->closed)
        return;
    conn_stop(conn);
    MV_DEBUG("%s: closed: %s", conn->what, reason);
    if (conn->on_closed)
        conn->on_closed(conn, reason, conn->opaque);
}

static gboolean on_writable(GSocket *socket, GIOCondition cond, gpointer data);

/* Writes as much of the queue as the socket takes; watches for room when
 * something is left. */
static void
conn_flush(MvRouteConn *conn)
{
    MvRpcMessage *head;

    while (!conn->closed && (head = g_queue_peek_head(&conn->out))) {
        g_autoptr(GError) gerr = NULL;
        gssize n = g_socket_send(conn->socket, (const char *) head->buffer + conn->out_offset,
                                 head->length - conn->out_offset, NULL, &gerr);

        if (n < 0) {
            if (g_error_matches(gerr, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
                break;
            conn_fail(conn, gerr->message);
            return;
        }
        conn->out_offset += n;
        conn->queued -= n;
        if (conn->out_offset == head->length) {
            mv_rpc_message_free(g_queue_pop_head(&conn->out));
            conn->out_offset = 0;
        }
    }

    if (conn->closed)
        return;
    if (!g_queue_is_empty(&conn->out) && !conn->out_source) {
        conn->out_source = g_socket_create_source(conn->socket, G_IO_OUT, NULL);
        g_source_set_callback(conn->out_source, G_SOURCE_FUNC(on_writable), conn, NULL);
        g_source_attach(conn->out_source, g_main_context_get_thread_default());
    } else if (g_queue_is_empty(&conn->out) && conn->out_source) {
        g_source_destroy(conn->out_source);
        g_clear_pointer(&conn->out_source, g_source_unref);
    }
}

static gboolean
on_writable(GSocket *socket, GIOCondition cond, gpointer data)
{
    MvRouteConn *conn = conn_ref(data);

    /* conn_flush removes this source once the queue is empty. */
    conn_flush(conn);
    conn_unref(conn);
    return G_SOURCE_CONTINUE;
}

/* One read: the bytes the socket has, then every whole message in them. */
static void
conn_read(MvRouteConn *conn)
{
    g_autoptr(GError) gerr = NULL;
    char buf[CONN_READ_CHUNK];
    gssize n;

    n = g_socket_receive(conn->socket, buf, sizeof(buf), NULL, &gerr);
    if (n < 0 && g_error_matches(gerr, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return;
    if (n <= 0) {
        conn_fail(conn, n == 0 ? "the peer hung up" : gerr->message);
        return;
    }
    if (mv_rpc_reader_feed(conn->reader, buf, n) < 0) {
        conn_fail(conn, mv_error_last_message());
        return;
    }

    /* A message callback may free the connection: it is closed then. */
    while (!conn->closed) {
        MvRpcMessage *msg = NULL;
        int rc = mv_rpc_reader_next(conn->reader, &msg);

        if (rc < 0) {
            conn_fail(conn, mv_error_last_message());
            return;
        }
        if (rc == 0)
            return;
        conn->on_message(conn, msg, conn->opaque);
    }
}

static gboolean
on_readable(GSocket *socket, GIOCondition cond, gpointer data)
{
    MvRouteConn *conn = conn_ref(data);

    conn_read(conn);
    conn_unref(conn);
    return G_SOURCE_CONTINUE;
}

MvRouteConn *
mv_route_conn_new(GSocket *socket, const char *what,
                  MvRouteConnMessageFunc on_message,
                  MvRouteConnClosedFunc on_closed, void *opaque)
{
    MvRouteConn *conn = g_new0(MvRouteConn, 1);

    conn->refs = 1;
    conn->socket = g_object_ref(socket);
    conn->what = g_strdup(what);
    conn->reader = mv_rpc_reader_new();
    g_queue_init(&conn->out);
    conn->on_message = on_message;
    conn->on_closed = on_closed;
    conn->opaque = opaque;

    g_socket_set_blocking(socket, FALSE);
    conn->in_source = g_socket_create_source(socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
    g_source_set_callback(conn->in_source, G_SOURCE_FUNC(on_readable), conn, NULL);
    g_source_attach(conn->in_source, g_main_context_get_thread_default());
    return conn;
}

void
mv_route_conn_free(MvRouteConn *conn)
{
    if (!conn)
        return;
    conn->on_message = NULL;
    conn->on_closed = NULL;
    conn_stop(conn);
    conn_unref(conn);
}

void
mv_route_conn_send(MvRouteConn *conn, MvRpcMessage *msg)
{
    if (conn->closed) {
        mv_rpc_message_free(msg);
        return;
    }
    conn->queued += msg->length;
    g_queue_push_tail(&conn->out, msg);
    if (!conn->out_source)
        conn_flush(conn);
}

size_t
mv_route_conn_queued(const MvRouteConn *conn)
{
    return conn->queued;
}
