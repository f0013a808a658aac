/* Streams on the RPC client: per-call data both ways after the reply, bounded queues, finish and abort handshakes. */
#define MV_LOG_MODULE "rpc.client"
#define MV_FROM_THIS VIR_FROM_RPC

#include "client_internal.h"

#include <string.h>

#include "util/log.h"

/* Everything but refs, call and the callback is under client->lock, and
 * waits sleep on client->replies like calls. */
struct MvRpcClientStream {
    gint refs;
    MvRpcClient *client;
    MvRpcHeader call;           /* program, version, procedure, serial */
    GByteArray *rx;             /* data not read yet */
    bool eof;                   /* the daemon sent OK: no more data */
    bool closing;               /* finish or abort sent, waiting for the answer */
    bool confirmed;             /* the answer came (or the connection closed) */
    bool registered;
    MvError *error;             /* the stream failed: every later use fails so */
    gint tx_queued;             /* bytes queued to the daemon (atomic) */
    MvRpcClientStreamFunc func;
    void *func_opaque;
    GDestroyNotify func_free;
};

/* Each stream fails with reason; those with a callback are returned, a
 * reference each, so that the caller tells them once unlocked. */
GPtrArray *
mv_rpc_client_streams_close_locked(MvRpcClient *client, const MvError *reason)
{
    GPtrArray *notify = g_ptr_array_new_with_free_func((GDestroyNotify) mv_rpc_client_stream_unref);
    GHashTableIter iter;
    MvRpcClientStream *st;

    g_hash_table_iter_init(&iter, client->streams);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &st)) {
        if (!st->error)
            st->error = mv_error_copy(reason);
        st->confirmed = true;
        if (st->func) {
            st->refs++;
            g_ptr_array_add(notify, st);
        }
    }
    return notify;
}

void
mv_rpc_client_streams_notify(GPtrArray *streams)
{
    for (guint i = 0; i < streams->len; i++) {
        MvRpcClientStream *st = streams->pdata[i];
        MvRpcClientStreamFunc func;
        void *opaque;

        g_mutex_lock(&st->client->lock);
        func = st->func;
        opaque = st->func_opaque;
        g_mutex_unlock(&st->client->lock);
        if (func)
            func(st, opaque);
    }
    g_ptr_array_unref(streams);
}

static void
stream_set_error_locked(MvRpcClientStream *st, MvError *err)
{
    if (st->error)
        mv_error_free(err);
    else
        st->error = err;
}

void
mv_rpc_client_stream_deliver(MvRpcClient *client, MvRpcMessage *msg)
{
    g_autoptr(MvRpcMessage) owned = msg;
    const MvRpcHeader *h = &msg->header;
    size_t len = msg->length - MV_RPC_FRAME_MIN;
    MvRpcClientStreamFunc func = NULL;
    void *opaque = NULL;
    MvRpcClientStream *st;

    g_mutex_lock(&client->lock);
    st = g_hash_table_lookup(client->streams, GUINT_TO_POINTER(h->serial));
    if (!st || st->call.program != h->program || st->call.procedure != h->procedure) {
        g_mutex_unlock(&client->lock);
        MV_DEBUG("%s: dropping stream data of procedure %d serial %u: no such stream",
                 client->name, h->procedure, h->serial);
        return;
    }

    if (h->type == MV_NET_STREAM_HOLE) {
        mv_report_error(VIR_ERR_RPC, "%s sent a hole on stream serial %u, which takes none",
                        client->name, h->serial);
        stream_set_error_locked(st, mv_error_save());
    } else if (h->status == MV_NET_CONTINUE && len == 0) {
        /* The daemon's end of data. */
        if (!st->closing)
            st->eof = true;
    } else if (h->status == MV_NET_CONTINUE) {
        if (st->closing || st->error || st->eof) {
            MV_DEBUG("%s: dropping %zu bytes of a closed stream serial %u", client->name,
                     len, h->serial);
        } else if (st->rx->len + len > MV_RPC_CLIENT_STREAM_RX_MAX) {
            mv_report_error(VIR_ERR_RPC,
                            "stream serial %u: more than %u bytes wait to be read: the stream is dropped",
                            h->serial, MV_RPC_CLIENT_STREAM_RX_MAX);
            stream_set_error_locked(st, mv_error_save());
        } else {
            g_byte_array_append(st->rx, msg->buffer + MV_RPC_FRAME_MIN, len);
        }
    } else if (h->status == MV_NET_OK) {
        if (st->closing)
            st->confirmed = true;
        else
            st->eof = true;
    } else if (h->status == MV_NET_ERROR) {
        MvError *err = NULL;

        if (mv_rpc_message_decode_error(msg, &err) < 0)
            err = mv_error_save();
        stream_set_error_locked(st, err);
        if (st->closing)
            st->confirmed = true;
    } else {
        mv_report_error(VIR_ERR_RPC, "%s sent stream serial %u a message with status %d",
                        client->name, h->serial, h->status);
        stream_set_error_locked(st, mv_error_save());
    }
    g_cond_broadcast(&client->replies);
    func = st->func;
    opaque = st->func_opaque;
    if (func)
        st->refs++;
    g_mutex_unlock(&client->lock);
    mv_error_reset();

    if (func) {
        func(st, opaque);
        mv_rpc_client_stream_unref(st);
    }
}

MvRpcClientStream *
mv_rpc_client_stream_new(MvRpcClient *client, uint32_t program, uint32_t version, int procedure)
{
    MvRpcClientStream *st = g_new0(MvRpcClientStream, 1);

    st->refs = 1;
    st->client = client;
    st->call = (MvRpcHeader) {
        .program = program,
        .version = version,
        .procedure = procedure,
        .type = MV_NET_STREAM,
        .serial = mv_rpc_client_next_serial(client),
        .status = MV_NET_CONTINUE,
    };
    st->rx = g_byte_array_new();
    g_mutex_lock(&client->lock);
    st->registered = true;
    g_hash_table_insert(client->streams, GUINT_TO_POINTER(st->call.serial), st);
    if (client->closed) {
        st->error = mv_error_copy(client->close_error);
        st->confirmed = true;
    }
    g_mutex_unlock(&client->lock);
    return st;
}

MvRpcClientStream *
mv_rpc_client_stream_ref(MvRpcClientStream *st)
{
    g_mutex_lock(&st->client->lock);
    st->refs++;
    g_mutex_unlock(&st->client->lock);
    return st;
}

void
mv_rpc_client_stream_unref(MvRpcClientStream *st)
{
    MvRpcClient *client;
    bool last;

    if (!st)
        return;
    client = st->client;
    g_mutex_lock(&client->lock);
    last = --st->refs == 0;
    if (last && st->registered)
        g_hash_table_remove(client->streams, GUINT_TO_POINTER(st->call.serial));
    if (last) {
        /* Queued data outlives the stream: it must not count on it. */
        for (GList *l = client->tx.head; l; l = l->next) {
            MvRpcMessage *msg = l->data;

            if (msg->release_opaque == st)
                msg->release = NULL;
        }
    }
    g_mutex_unlock(&client->lock);
    if (!last)
        return;
    if (st->func_free)
        st->func_free(st->func_opaque);
    g_byte_array_unref(st->rx);
    mv_error_free(st->error);
    g_free(st);
}

void
mv_rpc_client_stream_free(MvRpcClientStream *st)
{
    if (!st)
        return;
    /* A callback running now keeps st alive; none starts after this. */
    g_mutex_lock(&st->client->lock);
    st->func = NULL;
    g_mutex_unlock(&st->client->lock);
    mv_rpc_client_stream_unref(st);
}

void
mv_rpc_client_stream_set_callback(MvRpcClientStream *st, MvRpcClientStreamFunc func,
                                  void *opaque, GDestroyNotify free_opaque)
{
    GDestroyNotify old_free;
    void *old;

    g_mutex_lock(&st->client->lock);
    old = st->func_opaque;
    old_free = st->func_free;
    st->func = func;
    st->func_opaque = opaque;
    st->func_free = free_opaque;
    g_mutex_unlock(&st->client->lock);
    if (old_free)
        old_free(old);
}

uint32_t
mv_rpc_client_stream_get_serial(MvRpcClientStream *st)
{
    return st->call.serial;
}

int
mv_rpc_client_stream_call(MvRpcClientStream *st, xdrproc_t args_proc, const void *args,
                          xdrproc_t ret_proc, void *ret)
{
    if (mv_rpc_client_call_serial(st->client, st->call.serial, st->call.program,
                                  st->call.version, st->call.procedure, args_proc, args,
                                  ret_proc, ret) < 0) {
        /* No stream exists on the daemon's side. */
        g_mutex_lock(&st->client->lock);
        if (!st->error)
            st->error = mv_error_copy(mv_error_last());
        st->confirmed = true;
        g_mutex_unlock(&st->client->lock);
        return -1;
    }
    return 0;
}

/* A queued message of st was written or dropped. Runs with client->lock
 * held (the writer frees under it): atomics only. A stream freed first
 * unhooks its messages. */
static void
stream_tx_release(void *opaque, size_t length)
{
    MvRpcClientStream *st = opaque;

    g_atomic_int_add(&st->tx_queued, -(gint) length);
    g_cond_broadcast(&st->client->replies);
}

/* Waits with client->lock held until done() or the call timeout; false
 * (VIR_ERR_OPERATION_TIMEOUT reported) when the time ran out. */
static bool
stream_wait_locked(MvRpcClientStream *st, bool (*done)(MvRpcClientStream *st), int timeout_ms,
                   const char *what)
{
    MvRpcClient *client = st->client;
    gint64 deadline;

    if (timeout_ms < 0)
        timeout_ms = client->call_timeout_ms;
    deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
    while (!done(st)) {
        if (!g_cond_wait_until(&client->replies, &client->lock, deadline) && !done(st)) {
            mv_report_error(VIR_ERR_OPERATION_TIMEOUT,
                            "stream serial %u on %s: %s took more than %d ms",
                            st->call.serial, client->name, what, timeout_ms);
            return false;
        }
    }
    return true;
}

static bool
stream_can_send(MvRpcClientStream *st)
{
    return st->error || st->client->closed ||
           g_atomic_int_get(&st->tx_queued) <= MV_RPC_CLIENT_STREAM_TX_HIGH;
}

int
mv_rpc_client_stream_send(MvRpcClientStream *st, const void *data, size_t len)
{
    MvRpcClient *client = st->client;
    const uint8_t *p = data;

    while (len > 0) {
        g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
        size_t n = MIN(len, (size_t) MV_RPC_CLIENT_STREAM_CHUNK);

        if (mv_rpc_message_encode_stream(msg, &st->call, MV_NET_CONTINUE, p, n) < 0)
            return -1;
        g_mutex_lock(&client->lock);
        if (!stream_wait_locked(st, stream_can_send, -1, "sending")) {
            g_mutex_unlock(&client->lock);
            return -1;
        }
        if (st->error || st->closing) {
            if (st->error)
                mv_error_set(st->error);
            else
                mv_report_error(VIR_ERR_OPERATION_INVALID, "stream serial %u is finishing",
                                st->call.serial);
            g_mutex_unlock(&client->lock);
            return -1;
        }
        g_atomic_int_add(&st->tx_queued, (gint) msg->length);
        msg->release = stream_tx_release;
        msg->release_opaque = st;
        g_queue_push_tail(&client->tx, g_steal_pointer(&msg));
        mv_rpc_client_want_write_locked(client);
        g_mutex_unlock(&client->lock);
        p += n;
        len -= n;
    }
    return 0;
}

/* A finish or abort from another thread ends a waiting recv too. */
static bool
stream_can_recv(MvRpcClientStream *st)
{
    return st->rx->len > 0 || st->eof || st->error || st->closing;
}

ssize_t
mv_rpc_client_stream_recv(MvRpcClientStream *st, void *buf, size_t len, int timeout_ms)
{
    MvRpcClient *client = st->client;
    ssize_t n;

    g_mutex_lock(&client->lock);
    if (!stream_can_recv(st)) {
        gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

        if (timeout_ms == 0) {
            g_mutex_unlock(&client->lock);
            return -2;
        }
        while (!stream_can_recv(st)) {
            if (timeout_ms < 0) {
                g_cond_wait(&client->replies, &client->lock);
            } else if (!g_cond_wait_until(&client->replies, &client->lock, deadline) &&
                       !stream_can_recv(st)) {
                g_mutex_unlock(&client->lock);
                return -2;
            }
        }
    }
    if (st->rx->len > 0) {
        n = MIN(len, st->rx->len);
        memcpy(buf, st->rx->data, n);
        g_byte_array_remove_range(st->rx, 0, n);
    } else if (st->error) {
        mv_error_set(st->error);
        n = -1;
    } else {
        n = 0;
    }
    g_mutex_unlock(&client->lock);
    return n;
}

static bool
stream_is_confirmed(MvRpcClientStream *st)
{
    return st->confirmed;
}

/* Stream bytes still unsent are dropped by the daemon after an abort; a
 * finish goes after them in order. */
static int
stream_close(MvRpcClientStream *st, bool abort_stream)
{
    MvRpcClient *client = st->client;
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    int status = abort_stream ? MV_NET_ERROR : MV_NET_OK;

    if (mv_rpc_message_encode_stream(msg, &st->call, status, NULL, 0) < 0)
        return -1;

    g_mutex_lock(&client->lock);
    if (st->closing || st->confirmed || st->error) {
        int ret = 0;

        /* The daemon forgot the stream already (it failed, or the call
         * did): an abort has nothing to do, a finish reports why. */
        if (!abort_stream) {
            if (st->error)
                mv_error_set(st->error);
            else
                mv_report_error(VIR_ERR_OPERATION_INVALID, "stream serial %u is already closed",
                                st->call.serial);
            ret = -1;
        }
        g_mutex_unlock(&client->lock);
        return ret;
    }
    st->closing = true;
    g_byte_array_set_size(st->rx, 0);
    g_queue_push_tail(&client->tx, g_steal_pointer(&msg));
    mv_rpc_client_want_write_locked(client);
    if (!stream_wait_locked(st, stream_is_confirmed, -1, abort_stream ? "abort" : "finish")) {
        g_mutex_unlock(&client->lock);
        return -1;
    }
    if (st->error && !abort_stream) {
        mv_error_set(st->error);
        g_mutex_unlock(&client->lock);
        return -1;
    }
    g_mutex_unlock(&client->lock);
    return 0;
}

int
mv_rpc_client_stream_finish(MvRpcClientStream *st)
{
    return stream_close(st, false);
}

int
mv_rpc_client_stream_abort(MvRpcClientStream *st)
{
    return stream_close(st, true);
}

unsigned int
mv_rpc_client_stream_poll(MvRpcClientStream *st)
{
    unsigned int ready = 0;

    g_mutex_lock(&st->client->lock);
    if (st->rx->len > 0 || st->eof || st->error)
        ready |= MV_RPC_CLIENT_STREAM_READABLE;
    if (st->error)
        ready |= MV_RPC_CLIENT_STREAM_FAILED;
    else if (st->eof && st->rx->len == 0)
        ready |= MV_RPC_CLIENT_STREAM_EOF;
    if (!st->error && !st->closing && g_atomic_int_get(&st->tx_queued) <= MV_RPC_CLIENT_STREAM_TX_HIGH)
        ready |= MV_RPC_CLIENT_STREAM_WRITABLE;
    g_mutex_unlock(&st->client->lock);
    return ready;
}
