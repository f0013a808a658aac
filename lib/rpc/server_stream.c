/* Streams on the RPC server: per-call data both ways, finish and abort handshakes, bounded output. */
#define MV_LOG_MODULE "rpc.stream"
#define MV_FROM_THIS VIR_FROM_STREAMS

#include "server_internal.h"

#include "util/log.h"

/* Lock order: a stream's lock, then its client's. The client's lock guards
 * the table of streams; the stream's its own state. */
struct MvRpcServerStream {
    gint refs;
    MvRpcServerClient *client;      /* a reference */
    MvRpcHeader call;               /* program, version, procedure, serial */
    MvRpcServerStreamCallbacks cb;
    void *opaque;

    GMutex lock;
    const MvRpcHeader *opened_by;   /* the running call that opened it, until its reply */
    bool active;                    /* the call's reply is queued */
    bool eof_sent;
    bool over;                      /* ended on either side: sends are dropped */
    GQueue pending;                 /* MvRpcMessage *, before the reply */
    gint queued;                    /* bytes queued to the client (atomic) */
    gint want_writable;             /* send said 1 (atomic) */
};

MvRpcServerStream *
mv_rpc_server_stream_ref(MvRpcServerStream *st)
{
    g_atomic_int_inc(&st->refs);
    return st;
}

void
mv_rpc_server_stream_unref(MvRpcServerStream *st)
{
    if (!st || !g_atomic_int_dec_and_test(&st->refs))
        return;
    /* Pending messages hold references: none is left here. */
    g_mutex_clear(&st->lock);
    mv_rpc_server_client_unref(st->client);
    g_free(st);
}

/* Runs func(st) later in the main loop: never inline, since callers may
 * hold the client's lock. */
static void
stream_idle(MvRpcServerStream *st, GSourceFunc func)
{
    GSource *source = g_idle_source_new();

    g_source_set_callback(source, func, mv_rpc_server_stream_ref(st),
                          (GDestroyNotify) mv_rpc_server_stream_unref);
    g_source_attach(source, mv_rpc_server_client_get_context(st->client));
    g_source_unref(source);
}

static gboolean
stream_writable_idle(gpointer data)
{
    MvRpcServerStream *st = data;

    if (st->cb.writable && mv_rpc_server_stream_is_open(st))
        st->cb.writable(st, st->opaque);
    return G_SOURCE_REMOVE;
}

/* A message of this stream left the client's queue (sent or dropped). */
static void
stream_release(void *opaque, size_t length)
{
    MvRpcServerStream *st = opaque;
    gint before = g_atomic_int_add(&st->queued, -(gint) length);

    if (before - (gint) length < MV_RPC_STREAM_LOW_WATER &&
        g_atomic_int_compare_and_exchange(&st->want_writable, 1, 0)) {
        stream_idle(st, stream_writable_idle);
    }
    mv_rpc_server_stream_unref(st);
}

/* Queues msg (taken) to the client, or holds it until the reply went.
 * With st->lock. -1 when the client is closed. */
static int
stream_queue_locked(MvRpcServerStream *st, MvRpcMessage *msg)
{
    g_atomic_int_add(&st->queued, (gint) msg->length);
    msg->release = stream_release;
    msg->release_opaque = mv_rpc_server_stream_ref(st);
    if (!st->active) {
        g_queue_push_tail(&st->pending, msg);
        return 0;
    }
    return mv_rpc_server_client_queue(st->client, msg);
}

/* Builds and queues one stream message with st->lock held. */
static int
stream_send_locked(MvRpcServerStream *st, int status, const void *data, size_t len,
                   const MvError *err)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    int rc;

    if (status == MV_NET_ERROR) {
        msg->header = st->call;
        msg->header.type = MV_NET_STREAM;
        rc = mv_rpc_message_encode_error(msg, err);
    } else {
        rc = mv_rpc_message_encode_stream(msg, &st->call, status, data, len);
    }
    if (rc < 0) {
        MV_WARN("stream of procedure %d serial %u: %s", st->call.procedure, st->call.serial,
                mv_error_last_message());
        mv_error_reset();
        return -1;
    }
    return stream_queue_locked(st, g_steal_pointer(&msg));
}

static void
stream_remove(MvRpcServerStream *st)
{
    GHashTable *streams;
    MvRpcServerStream *found;
    gpointer key = GUINT_TO_POINTER(st->call.serial);

    mv_rpc_server_client_lock(st->client);
    streams = mv_rpc_server_client_streams(st->client);
    found = g_hash_table_lookup(streams, key);
    if (found == st)
        g_hash_table_steal(streams, key);
    mv_rpc_server_client_unlock(st->client);
    if (found == st)
        mv_rpc_server_stream_unref(st);
}

/* Marks the stream over and drops it from its client's table; while its
 * call still runs, the call's end does that (and sends what waits). */
static void
stream_forget(MvRpcServerStream *st)
{
    bool call_running;

    g_mutex_lock(&st->lock);
    st->over = true;
    call_running = st->opened_by != NULL;
    g_mutex_unlock(&st->lock);
    if (!call_running)
        stream_remove(st);
}

MvRpcServerStream *
mv_rpc_server_stream_new(MvRpcServerClient *client, const MvRpcServerStreamCallbacks *cb,
                         void *opaque)
{
    const MvRpcHeader *call = mv_rpc_server_current_call();
    MvRpcServerStream *st;
    GHashTable *streams;
    bool taken;

    if (!call) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s",
                        "a stream can only be opened by the handler of a call");
        return NULL;
    }

    st = g_new0(MvRpcServerStream, 1);
    st->refs = 1;
    st->client = mv_rpc_server_client_ref(client);
    st->call = *call;
    st->opened_by = call;
    st->cb = *cb;
    st->opaque = opaque;
    g_mutex_init(&st->lock);
    g_queue_init(&st->pending);

    mv_rpc_server_client_lock(client);
    streams = mv_rpc_server_client_streams(client);
    taken = mv_rpc_server_client_is_closed_locked(client) ||
        g_hash_table_contains(streams, GUINT_TO_POINTER(call->serial));
    if (!taken)
        g_hash_table_insert(streams, GUINT_TO_POINTER(call->serial), mv_rpc_server_stream_ref(st));
    mv_rpc_server_client_unlock(client);
    if (taken) {
        mv_report_error(VIR_ERR_RPC, "client %u: cannot open a stream on serial %u: "
                        "the client is gone or the serial has one",
                        mv_rpc_server_client_get_id(client), call->serial);
        mv_rpc_server_stream_unref(st);
        return NULL;
    }
    MV_DEBUG("client %u: stream of procedure %d serial %u opened",
             mv_rpc_server_client_get_id(client), call->procedure, call->serial);
    return st;
}

int
mv_rpc_server_stream_send(MvRpcServerStream *st, const void *data, size_t len)
{
    const uint8_t *p = data;
    int rc = 0;

    g_mutex_lock(&st->lock);
    if (st->over || st->eof_sent) {
        g_mutex_unlock(&st->lock);
        return -1;
    }
    while (len > 0 && rc == 0) {
        size_t n = MIN(len, (size_t) MV_RPC_STREAM_CHUNK);

        rc = stream_send_locked(st, MV_NET_CONTINUE, p, n, NULL);
        p += n;
        len -= n;
    }
    g_mutex_unlock(&st->lock);
    if (rc < 0)
        return -1;
    if (g_atomic_int_get(&st->queued) > MV_RPC_STREAM_HIGH_WATER) {
        g_atomic_int_set(&st->want_writable, 1);
        /* Drained meanwhile: no release will come to say so. */
        if (g_atomic_int_get(&st->queued) < MV_RPC_STREAM_LOW_WATER &&
            g_atomic_int_compare_and_exchange(&st->want_writable, 1, 0))
            return 0;
        return 1;
    }
    return 0;
}

void
mv_rpc_server_stream_send_eof(MvRpcServerStream *st)
{
    g_mutex_lock(&st->lock);
    if (!st->over && !st->eof_sent) {
        st->eof_sent = true;
        /* libvirt's end of data: CONTINUE with no bytes. OK is only the
         * answer to a finish or an abort. */
        stream_send_locked(st, MV_NET_CONTINUE, NULL, 0, NULL);
    }
    g_mutex_unlock(&st->lock);
}

void
mv_rpc_server_stream_send_error(MvRpcServerStream *st, const MvError *err)
{
    bool sent = false;

    g_mutex_lock(&st->lock);
    if (!st->over) {
        stream_send_locked(st, MV_NET_ERROR, NULL, 0, err);
        sent = true;
    }
    g_mutex_unlock(&st->lock);
    /* The client forgets the stream on an error: no finish will come. */
    if (sent)
        stream_forget(st);
}

GMainContext *
mv_rpc_server_stream_get_context(MvRpcServerStream *st)
{
    return mv_rpc_server_client_get_context(st->client);
}

bool
mv_rpc_server_stream_is_open(MvRpcServerStream *st)
{
    bool open;

    g_mutex_lock(&st->lock);
    open = !st->over;
    g_mutex_unlock(&st->lock);
    return open && mv_rpc_server_client_is_open(st->client);
}

/* Ends st for the client's reason: forgets it, then tells the producer. */
static void
stream_end(MvRpcServerStream *st, MvRpcStreamEnd how)
{
    bool was_over;

    g_mutex_lock(&st->lock);
    was_over = st->over;
    g_mutex_unlock(&st->lock);
    stream_forget(st);
    if (!was_over && st->cb.end)
        st->cb.end(st, how, st->opaque);
}

/* Answers a finish or abort with an empty OK: the client waits for it. */
static void
stream_confirm(MvRpcServerClient *client, const MvRpcHeader *header)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();

    if (mv_rpc_message_encode_stream(msg, header, MV_NET_OK, NULL, 0) < 0)
        return;
    mv_rpc_server_client_queue(client, g_steal_pointer(&msg));
}

static void
stream_refuse(MvRpcServerClient *client, const MvRpcHeader *header, const char *why)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    g_autoptr(MvError) err = NULL;

    mv_report_error(VIR_ERR_RPC, "client %u: stream message for procedure %d serial %u: %s",
                    mv_rpc_server_client_get_id(client), header->procedure, header->serial, why);
    err = mv_error_save();
    msg->header = *header;
    msg->header.type = MV_NET_STREAM;
    if (mv_rpc_message_encode_error(msg, err) < 0)
        return;
    mv_rpc_server_client_queue(client, g_steal_pointer(&msg));
}

/* Reports and sends err on st, then ends it with ERROR. */
static void
stream_fail(MvRpcServerStream *st)
{
    g_autoptr(MvError) err = mv_error_save();

    MV_DEBUG("stream of procedure %d serial %u failed: %s", st->call.procedure,
             st->call.serial, err ? err->message : "?");
    g_mutex_lock(&st->lock);
    if (!st->over)
        stream_send_locked(st, MV_NET_ERROR, NULL, 0, err);
    g_mutex_unlock(&st->lock);
    stream_end(st, MV_RPC_STREAM_END_ERROR);
}

void
mv_rpc_server_stream_dispatch(MvRpcServerClient *client, MvRpcMessage *msg)
{
    g_autoptr(MvRpcMessage) owned = msg;
    g_autoptr(MvRpcServerStream) st = NULL;
    const MvRpcHeader *h = &msg->header;
    GHashTable *streams;

    mv_rpc_server_client_lock(client);
    streams = mv_rpc_server_client_streams(client);
    st = streams ? g_hash_table_lookup(streams, GUINT_TO_POINTER(h->serial)) : NULL;
    if (st)
        mv_rpc_server_stream_ref(st);
    mv_rpc_server_client_unlock(client);

    if (!st || st->call.program != h->program || st->call.version != h->version ||
        st->call.procedure != h->procedure) {
        /* An abort of a stream already gone is confirmed all the same, so
         * that the client never waits for an answer that cannot come. */
        if (h->type == MV_NET_STREAM && h->status == MV_NET_ERROR)
            stream_confirm(client, h);
        else
            stream_refuse(client, h, "no stream is open");
        return;
    }

    if (h->type == MV_NET_STREAM_HOLE) {
        mv_report_error(VIR_ERR_RPC, "procedure %d serial %u: this stream does not take holes",
                        h->procedure, h->serial);
        stream_fail(st);
        return;
    }

    switch (h->status) {
    case MV_NET_CONTINUE: {
        bool eof_only;

        g_mutex_lock(&st->lock);
        eof_only = st->over;
        g_mutex_unlock(&st->lock);
        /* No bytes: the client's end of data, nothing for a consumer. */
        if (eof_only || !st->cb.data || msg->length == MV_RPC_FRAME_MIN)
            return;
        if (st->cb.data(st, msg->buffer + MV_RPC_FRAME_MIN, msg->length - MV_RPC_FRAME_MIN,
                        st->opaque) < 0)
            stream_fail(st);
        return;
    }
    case MV_NET_OK:
        MV_DEBUG("client %u finished stream serial %u", mv_rpc_server_client_get_id(client),
                 h->serial);
        stream_confirm(client, h);
        stream_end(st, MV_RPC_STREAM_END_FINISH);
        return;
    case MV_NET_ERROR:
        MV_DEBUG("client %u aborted stream serial %u", mv_rpc_server_client_get_id(client),
                 h->serial);
        stream_confirm(client, h);
        stream_end(st, MV_RPC_STREAM_END_ABORT);
        return;
    default:
        mv_report_error(VIR_ERR_RPC, "procedure %d serial %u: stream message with status %d",
                        h->procedure, h->serial, h->status);
        stream_fail(st);
        return;
    }
}

static gboolean
stream_call_failed_idle(gpointer data)
{
    stream_end(data, MV_RPC_STREAM_END_CALL_FAILED);
    return G_SOURCE_REMOVE;
}

void
mv_rpc_server_stream_call_done(MvRpcServerClient *client, const MvRpcHeader *call, bool ok)
{
    uint32_t serial = call->serial;
    g_autoptr(MvRpcServerStream) st = NULL;
    GHashTable *streams;
    MvRpcMessage *msg;
    bool over;

    mv_rpc_server_client_lock(client);
    streams = mv_rpc_server_client_streams(client);
    st = streams ? g_hash_table_lookup(streams, GUINT_TO_POINTER(serial)) : NULL;
    if (st)
        mv_rpc_server_stream_ref(st);
    mv_rpc_server_client_unlock(client);
    if (!st)
        return;
    g_mutex_lock(&st->lock);
    /* Another call on the same serial leaves the first one's stream be. */
    if (st->opened_by != call) {
        g_mutex_unlock(&st->lock);
        return;
    }
    st->opened_by = NULL;
    over = st->over;
    if (ok) {
        st->active = true;
        while ((msg = g_queue_pop_head(&st->pending)))
            mv_rpc_server_client_queue(client, msg);
    } else {
        g_queue_clear_full(&st->pending, (GDestroyNotify) mv_rpc_message_free);
    }
    g_mutex_unlock(&st->lock);

    if (over)
        stream_remove(st);
    else if (!ok)
        stream_idle(st, stream_call_failed_idle);
}

void
mv_rpc_server_stream_client_closed(MvRpcServerClient *client)
{
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(
        (GDestroyNotify) mv_rpc_server_stream_unref);
    GHashTable *streams;
    GHashTableIter iter;
    gpointer value;

    mv_rpc_server_client_lock(client);
    streams = mv_rpc_server_client_streams(client);
    if (streams) {
        g_hash_table_iter_init(&iter, streams);
        while (g_hash_table_iter_next(&iter, NULL, &value))
            g_ptr_array_add(list, mv_rpc_server_stream_ref(value));
    }
    mv_rpc_server_client_unlock(client);

    for (guint i = 0; i < list->len; i++)
        stream_end(g_ptr_array_index(list, i), MV_RPC_STREAM_END_DISCONNECT);
}
