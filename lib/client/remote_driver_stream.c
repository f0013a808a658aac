/* The remote driver's streams: a virStream on an RPC stream of the connection's client, and virDomainOpenConsole. */
#define MV_LOG_MODULE "client.remote"
#define MV_FROM_THIS VIR_FROM_REMOTE

#include "remote_driver.h"
#include "stream.h"
#include "util/error.h"

static int
remote_stream_send(void *priv, const char *data, size_t nbytes, bool nonblock)
{
    MvRpcClientStream *rs = priv;

    if (nbytes > INT_MAX)
        nbytes = INT_MAX;
    if (nonblock && !(mv_rpc_client_stream_poll(rs) & (MV_RPC_CLIENT_STREAM_WRITABLE |
                                                      MV_RPC_CLIENT_STREAM_FAILED)))
        return -2;
    if (mv_rpc_client_stream_send(rs, data, nbytes) < 0)
        return -1;
    return (int) nbytes;
}

static int
remote_stream_recv(void *priv, char *data, size_t nbytes, bool nonblock)
{
    if (nbytes > INT_MAX)
        nbytes = INT_MAX;
    return (int) mv_rpc_client_stream_recv(priv, data, nbytes, nonblock ? 0 : -1);
}

static int
remote_stream_finish(void *priv)
{
    return mv_rpc_client_stream_finish(priv);
}

static int
remote_stream_abort(void *priv)
{
    return mv_rpc_client_stream_abort(priv);
}

static int
remote_stream_poll(void *priv)
{
    unsigned int ready = mv_rpc_client_stream_poll(priv);
    int events = 0;

    if (ready & MV_RPC_CLIENT_STREAM_READABLE)
        events |= VIR_STREAM_EVENT_READABLE;
    if (ready & MV_RPC_CLIENT_STREAM_WRITABLE)
        events |= VIR_STREAM_EVENT_WRITABLE;
    if (ready & MV_RPC_CLIENT_STREAM_EOF)
        events |= VIR_STREAM_EVENT_HANGUP;
    if (ready & MV_RPC_CLIENT_STREAM_FAILED)
        events |= VIR_STREAM_EVENT_ERROR;
    return events;
}

static void
remote_stream_free(void *priv)
{
    MvRpcClientStream *rs = priv;

    /* Left open, the daemon would keep it until the connection closes. */
    mv_rpc_client_stream_abort(rs);
    mv_error_reset();
    mv_rpc_client_stream_free(rs);
}

static const MvClientStreamOps remote_stream_ops = {
    .send = remote_stream_send,
    .recv = remote_stream_recv,
    .finish = remote_stream_finish,
    .abort = remote_stream_abort,
    .poll = remote_stream_poll,
    .free = remote_stream_free,
};

/* In the RPC I/O thread: something arrived for the stream. */
static void
remote_stream_on_message(MvRpcClientStream *rs, void *opaque)
{
    mv_client_stream_notify(opaque);
}

int
mv_remote_domain_open_console(virDomainPtr dom, const char *dev_name, virStreamPtr st,
                              unsigned int flags)
{
    MvRemotePriv *priv = MV_REMOTE_PRIV(dom->conn);
    char *name = (char *) dev_name;
    remote_domain_open_console_args args = {
        .dev_name = dev_name ? &name : NULL,
        .flags = flags,
    };
    MvClientStreamNotifier *notifier;
    MvRpcClientStream *rs;

    if (!mv_rpc_client_is_open(priv->client)) {
        mv_error_report_full(MV_LOG_MODULE, VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR,
                             __FILE__, __func__, __LINE__, "%s", "client socket is closed");
        return -1;
    }
    mv_remote_domain_to_wire(dom, &args.dom);
    rs = mv_rpc_client_stream_new(priv->client, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION,
                                  REMOTE_PROC_DOMAIN_OPEN_CONSOLE);
    if (mv_rpc_client_stream_call(rs, (xdrproc_t) xdr_remote_domain_open_console_args, &args,
                                  NULL, NULL) < 0) {
        mv_rpc_client_stream_free(rs);
        return -1;
    }
    if (mv_client_stream_attach(st, &remote_stream_ops, rs) < 0) {
        remote_stream_free(rs);
        return -1;
    }
    notifier = mv_client_stream_get_notifier(st);
    mv_rpc_client_stream_set_callback(rs, remote_stream_on_message, notifier,
                                      mv_client_stream_notifier_unref);
    return 0;
}
