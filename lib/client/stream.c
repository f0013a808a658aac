/* The public stream API (virStream*) and virDomainOpenConsole: argument checks, the driver's stream, event callbacks on the event loop. */
#define MV_LOG_MODULE "client.api"
#define MV_FROM_THIS VIR_FROM_STREAMS

#include "stream.h"

#include "driver.h"
#include "error.h"
#include "util/error.h"
#include "util/log.h"

#define STREAM_MAGIC 0x6d767374u

/* The driver's I/O thread may outlive a handle's last reference by a
 * moment: it reaches the handle only through this, under its lock. */
struct MvClientStreamNotifier {
    gint refs;
    GMutex lock;
    virStreamPtr st;            /* NULL once the handle is gone */
};

static void stream_update_timer_locked(virStreamPtr st);

bool
mv_client_stream_check(virStreamPtr st, const char *func)
{
    if (!st || st->magic != STREAM_MAGIC) {
        mv_report_error(VIR_ERR_INVALID_STREAM, "Invalid stream pointer in %s", func);
        return false;
    }
    return true;
}

MvClientStreamNotifier *
mv_client_stream_get_notifier(virStreamPtr st)
{
    g_atomic_int_inc(&st->notifier->refs);
    return st->notifier;
}

void
mv_client_stream_notifier_unref(void *opaque)
{
    MvClientStreamNotifier *notifier = opaque;

    if (!g_atomic_int_dec_and_test(&notifier->refs))
        return;
    g_mutex_clear(&notifier->lock);
    g_free(notifier);
}

void
mv_client_stream_notify(MvClientStreamNotifier *notifier)
{
    g_mutex_lock(&notifier->lock);
    if (notifier->st) {
        g_mutex_lock(&notifier->st->lock);
        stream_update_timer_locked(notifier->st);
        g_mutex_unlock(&notifier->st->lock);
    }
    g_mutex_unlock(&notifier->lock);
}

virStreamPtr
virStreamNew(virConnectPtr conn, unsigned int flags)
{
    virStreamPtr st;

    CONN_ENTRY(conn, NULL);
    if (!mv_client_check_flags(flags, VIR_STREAM_NONBLOCK, __func__)) {
        mv_client_dispatch_error(conn);
        return NULL;
    }
    st = g_new0(virStream, 1);
    st->magic = STREAM_MAGIC;
    st->refs = 1;
    st->flags = flags;
    st->timer = -1;
    g_mutex_init(&st->lock);
    st->notifier = g_new0(MvClientStreamNotifier, 1);
    st->notifier->refs = 1;
    g_mutex_init(&st->notifier->lock);
    st->notifier->st = st;
    virConnectRef(conn);
    st->conn = conn;
    return st;
}

int
virStreamRef(virStreamPtr st)
{
    OBJ_ENTRY(mv_client_stream_check, st, -1);
    g_atomic_int_inc(&st->refs);
    return 0;
}

int
mv_client_stream_attach(virStreamPtr st, const MvClientStreamOps *ops, void *priv)
{
    g_mutex_lock(&st->lock);
    if (st->ops) {
        g_mutex_unlock(&st->lock);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s", "the stream is already in use");
        return -1;
    }
    st->ops = ops;
    st->priv = priv;
    stream_update_timer_locked(st);
    g_mutex_unlock(&st->lock);
    return 0;
}

/* The driver's stream, or NULL with an error when no call opened it. */
static const MvClientStreamOps *
stream_ops(virStreamPtr st, void **ret_priv)
{
    const MvClientStreamOps *ops;

    g_mutex_lock(&st->lock);
    ops = st->ops;
    *ret_priv = st->priv;
    g_mutex_unlock(&st->lock);
    if (!ops) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s",
                        "the stream is not open: no call has used it yet");
        mv_client_dispatch_error(st->conn);
    }
    return ops;
}

/* The end of virStreamSend and virStreamRecv: -2 (the stream would
 * block) is no error. */
static int
stream_io_finish(virStreamPtr st, int ret)
{
    if (ret == -1)
        mv_client_dispatch_error(st->conn);
    return ret;
}

int
virStreamSend(virStreamPtr st, const char *data, size_t nbytes)
{
    const MvClientStreamOps *ops;
    void *priv;

    OBJ_ENTRY(mv_client_stream_check, st, -1);
    NONNULL_ARG(st->conn, data, -1);
    if (!(ops = stream_ops(st, &priv)))
        return -1;
    return stream_io_finish(st, ops->send(priv, data, nbytes, st->flags & VIR_STREAM_NONBLOCK));
}

int
virStreamRecv(virStreamPtr st, char *data, size_t nbytes)
{
    const MvClientStreamOps *ops;
    void *priv;

    OBJ_ENTRY(mv_client_stream_check, st, -1);
    NONNULL_ARG(st->conn, data, -1);
    if (!(ops = stream_ops(st, &priv)))
        return -1;
    return stream_io_finish(st, ops->recv(priv, data, nbytes, st->flags & VIR_STREAM_NONBLOCK));
}

int
virStreamFinish(virStreamPtr st)
{
    const MvClientStreamOps *ops;
    void *priv;

    OBJ_ENTRY(mv_client_stream_check, st, -1);
    if (!(ops = stream_ops(st, &priv)))
        return -1;
    return mv_client_finish_status(st->conn, ops->finish(priv));
}

int
virStreamAbort(virStreamPtr st)
{
    const MvClientStreamOps *ops;
    void *priv;

    OBJ_ENTRY(mv_client_stream_check, st, -1);
    /* An unused stream has nothing to abort. */
    g_mutex_lock(&st->lock);
    ops = st->ops;
    priv = st->priv;
    g_mutex_unlock(&st->lock);
    if (ops && ops->abort(priv) < 0) {
        mv_client_dispatch_error(st->conn);
        return -1;
    }
    return 0;
}

/* Events. The callback runs in the thread that runs the event loop, from
 * a timeout that is armed (0) while an asked-for event is ready. */

static int
stream_ready_locked(virStreamPtr st)
{
    return st->ops ? st->ops->poll(st->priv) : 0;
}

static void
stream_update_timer_locked(virStreamPtr st)
{
    if (st->timer < 0)
        return;
    virEventUpdateTimeout(st->timer, (stream_ready_locked(st) & st->cb_events) ? 0 : -1);
}

static void
stream_on_timer(int timer, void *opaque)
{
    virStreamPtr st = opaque;
    virStreamEventCallback cb;
    void *cb_opaque;
    int events;

    g_mutex_lock(&st->lock);
    events = stream_ready_locked(st) & st->cb_events;
    cb = st->cb;
    cb_opaque = st->cb_opaque;
    if (!events || !cb)
        virEventUpdateTimeout(timer, -1);
    g_mutex_unlock(&st->lock);
    if (!events || !cb)
        return;

    cb(st, events, cb_opaque);

    g_mutex_lock(&st->lock);
    if (st->timer == timer)
        stream_update_timer_locked(st);
    g_mutex_unlock(&st->lock);
}

static void
stream_timer_free(void *opaque)
{
    virStreamFree(opaque);
}

int
virStreamEventAddCallback(virStreamPtr stream, int events, virStreamEventCallback cb,
                          void *opaque, virFreeCallback ff)
{
    int timer;

    OBJ_ENTRY(mv_client_stream_check, stream, -1);
    NONNULL_ARG(stream->conn, cb, -1);
    g_mutex_lock(&stream->lock);
    if (stream->cb) {
        g_mutex_unlock(&stream->lock);
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "multiple stream callbacks not supported");
        mv_client_dispatch_error(stream->conn);
        return -1;
    }
    g_mutex_unlock(&stream->lock);

    g_atomic_int_inc(&stream->refs);
    if ((timer = virEventAddTimeout(-1, stream_on_timer, stream, stream_timer_free)) < 0) {
        g_atomic_int_dec_and_test(&stream->refs);
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s",
                        "cannot register a stream callback: no event loop is registered");
        mv_client_dispatch_error(stream->conn);
        return -1;
    }
    g_mutex_lock(&stream->lock);
    stream->cb = cb;
    stream->cb_opaque = opaque;
    stream->cb_free = ff;
    stream->cb_events = events;
    stream->timer = timer;
    stream_update_timer_locked(stream);
    g_mutex_unlock(&stream->lock);
    return 0;
}

int
virStreamEventUpdateCallback(virStreamPtr stream, int events)
{
    OBJ_ENTRY(mv_client_stream_check, stream, -1);
    g_mutex_lock(&stream->lock);
    if (!stream->cb) {
        g_mutex_unlock(&stream->lock);
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "no stream callback registered");
        mv_client_dispatch_error(stream->conn);
        return -1;
    }
    stream->cb_events = events;
    stream_update_timer_locked(stream);
    g_mutex_unlock(&stream->lock);
    return 0;
}

int
virStreamEventRemoveCallback(virStreamPtr stream)
{
    virFreeCallback ff;
    void *opaque;
    int timer;

    OBJ_ENTRY(mv_client_stream_check, stream, -1);
    g_mutex_lock(&stream->lock);
    if (!stream->cb) {
        g_mutex_unlock(&stream->lock);
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "no stream callback registered");
        mv_client_dispatch_error(stream->conn);
        return -1;
    }
    ff = stream->cb_free;
    opaque = stream->cb_opaque;
    timer = stream->timer;
    stream->cb = NULL;
    stream->cb_free = NULL;
    stream->cb_opaque = NULL;
    stream->cb_events = 0;
    stream->timer = -1;
    g_mutex_unlock(&stream->lock);
    /* The timeout's own reference on the stream goes with it. */
    virEventRemoveTimeout(timer);
    if (ff)
        ff(opaque);
    return 0;
}

int
virStreamFree(virStreamPtr st)
{
    virConnectPtr conn;

    OBJ_ENTRY(mv_client_stream_check, st, -1);
    if (!g_atomic_int_dec_and_test(&st->refs))
        return 0;

    g_mutex_lock(&st->notifier->lock);
    st->notifier->st = NULL;
    g_mutex_unlock(&st->notifier->lock);
    mv_client_stream_notifier_unref(st->notifier);
    if (st->ops)
        st->ops->free(st->priv);
    if (st->cb_free)
        st->cb_free(st->cb_opaque);
    conn = st->conn;
    g_mutex_clear(&st->lock);
    st->magic = 0;
    g_free(st);
    virConnectClose(conn);
    return 0;
}

int
virDomainOpenConsole(virDomainPtr dom, const char *dev_name, virStreamPtr st, unsigned int flags)
{
    int ret;

    OBJ_ENTRY(mv_client_domain_check, dom, -1);
    if (!mv_client_stream_check(st, __func__)) {
        mv_client_dispatch_error(dom->conn);
        return -1;
    }
    WRITABLE_ENTRY(dom->conn, -1);
    if (!mv_client_check_flags(flags, VIR_DOMAIN_CONSOLE_FORCE | VIR_DOMAIN_CONSOLE_SAFE,
                               __func__)) {
        mv_client_dispatch_error(dom->conn);
        return -1;
    }
    DRIVER_ENTRY(dom->conn, domain_open_console, -1);
    ret = dom->conn->driver->domain_open_console(dom, dev_name, st, flags);
    return mv_client_finish_status(dom->conn, ret);
}
