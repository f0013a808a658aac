/* One client of modvirt-proxyd: handshake in place, CONNECT_OPEN by URI, calls by procedure number, one backend per daemon. */
#define MV_LOG_MODULE "proxy.client"
#define MV_FROM_THIS VIR_FROM_RPC

#include "proxy_client.h"

#include <libvirt/libvirt.h>

#include "auth.h"
#include "protocol/keepalive.h"
#include "protocol/remote.h"
#include "route.h"
#include "route_backend.h"
#include "route_callback.h"
#include "route_conn.h"
#include "rpc/keepalive.h"
#include "util/error.h"
#include "util/log.h"

typedef enum {
    CLIENT_HANDSHAKE,       /* before CONNECT_OPEN */
    CLIENT_OPENING,         /* CONNECT_OPEN forwarded to the hypervisor daemon */
    CLIENT_OPEN,
} ClientState;

struct MvProxyClient {
    unsigned int refs;
    GSocketConnection *stream;
    MvRouteConn *conn;
    bool read_only;
    const MvPaths *paths;
    ClientState state;
    MvRouteDaemon hypervisor;
    MvRpcMessage *open_call;    /* the client's CONNECT_OPEN, to open again */
    unsigned int open_flags;
    MvRouteBackend *backends[MV_ROUTE_DAEMON_LAST];
    MvRouteCallbacks *callbacks;    /* event callback ids, the client's and the daemons' */
    MvDaemonAuthClient *auth;
    MvProxyClientClosedFunc closed;
    void *opaque;
};

static MvProxyClient *
client_ref(MvProxyClient *client)
{
    client->refs++;
    return client;
}

/* The event registrations at each daemon go with the connection to it. */
static void
client_drop_backends(MvProxyClient *client)
{
    for (size_t i = 0; i < G_N_ELEMENTS(client->backends); i++) {
        g_clear_pointer(&client->backends[i], mv_route_backend_free);
        mv_route_callbacks_forget(client->callbacks, i);
    }
}

static void
client_unref(MvProxyClient *client)
{
    if (--client->refs > 0)
        return;
    client_drop_backends(client);
    mv_route_conn_free(client->conn);
    g_io_stream_close(G_IO_STREAM(client->stream), NULL, NULL);
    g_object_unref(client->stream);
    mv_rpc_message_free(client->open_call);
    mv_daemon_auth_client_free(client->auth);
    mv_route_callbacks_free(client->callbacks);
    g_free(client);
}

/* Ends the client and tells the owner, once. */
static void
client_close(MvProxyClient *client, const char *reason)
{
    if (!client->conn)
        return;
    MV_DEBUG("dropping a client: %s", reason);
    client_drop_backends(client);
    g_clear_pointer(&client->conn, mv_route_conn_free);
    if (client->closed)
        client->closed(client, client->opaque);
}

static void
client_send(MvProxyClient *client, MvRpcMessage *msg)
{
    if (!msg || !client->conn) {
        mv_rpc_message_free(msg);
        return;
    }
    mv_route_conn_send(client->conn, msg);
    if (client->conn && mv_route_conn_queued(client->conn) > MV_PROXY_CLIENT_QUEUE_MAX) {
        MV_WARN("dropping a client that does not read its replies (%zu bytes queued)",
                mv_route_conn_queued(client->conn));
        client_close(client, "too much output queued");
    }
}

/* A reply of proxyd's own to call: ret encoded by proc (NULL: empty). */
static void
client_reply(MvProxyClient *client, const MvRpcHeader *call, xdrproc_t proc, const void *ret)
{
    g_autoptr(MvRpcMessage) reply = mv_rpc_message_new();

    mv_rpc_header_init_reply(&reply->header, call);
    if (mv_rpc_message_encode(reply, proc, ret) < 0) {
        client_send(client, mv_route_error_reply_new(call, mv_error_last()));
        return;
    }
    client_send(client, g_steal_pointer(&reply));
}

/* An error reply with the thread's last error. */
static void
client_reply_error(MvProxyClient *client, const MvRpcHeader *call)
{
    client_send(client, mv_route_error_reply_new(call, mv_error_last()));
}

static void
client_on_backend_deliver(MvRouteBackend *backend, MvRpcMessage *msg, void *opaque)
{
    MvProxyClient *client = client_ref(opaque);
    const MvRpcHeader *h = &msg->header;
    MvRouteDaemon daemon = mv_route_backend_get_daemon(backend);
    bool is_reply = h->program == REMOTE_PROGRAM && h->type == MV_NET_REPLY &&
        daemon == client->hypervisor;
    bool opened = false;
    bool refused = false;
    bool closed = false;

    if (is_reply && h->procedure == REMOTE_PROC_CONNECT_OPEN && client->state == CLIENT_OPENING) {
        opened = h->status == MV_NET_OK;
        refused = !opened;
    }
    closed = is_reply && h->procedure == REMOTE_PROC_CONNECT_CLOSE &&
        h->status == MV_NET_OK && client->state == CLIENT_OPEN;

    if (mv_route_callbacks_to_client(client->callbacks, daemon, msg))
        client_send(client, msg);
    else
        mv_rpc_message_free(msg);

    if (opened) {
        client->state = CLIENT_OPEN;
    } else if (refused || closed) {
        client->state = CLIENT_HANDSHAKE;
        client_drop_backends(client);
        g_clear_pointer(&client->open_call, mv_rpc_message_free);
    }
    client_unref(client);
}

static void
client_on_backend_closed(MvRouteBackend *backend, void *opaque)
{
    MvProxyClient *client = opaque;
    MvRouteDaemon daemon = mv_route_backend_get_daemon(backend);

    /* The next call for this daemon connects again, with none of the
     * event registrations made on this one. */
    if (client->backends[daemon] == backend) {
        g_clear_pointer(&client->backends[daemon], mv_route_backend_free);
        mv_route_callbacks_forget(client->callbacks, daemon);
    }
    if (daemon == client->hypervisor && client->state == CLIENT_OPENING) {
        client->state = CLIENT_HANDSHAKE;
        g_clear_pointer(&client->open_call, mv_rpc_message_free);
    }
}

static const MvRouteBackendCallbacks client_backend_callbacks = {
    .deliver = client_on_backend_deliver,
    .closed = client_on_backend_closed,
};

/* The client's connection to daemon, opened on first use: the hypervisor
 * daemon with the client's own CONNECT_OPEN again (it died and comes
 * back), networkd and nodedevd with their own URI. */
static MvRouteBackend *
client_backend(MvProxyClient *client, MvRouteDaemon daemon)
{
    MvRpcMessage *open_call;

    if (client->backends[daemon])
        return client->backends[daemon];

    if (daemon == client->hypervisor) {
        open_call = mv_rpc_message_new_from_bytes(client->open_call->buffer,
                                                  client->open_call->length);
        open_call->header = client->open_call->header;
    } else {
        g_autofree char *uri = mv_route_daemon_uri(daemon,
                                                   client->paths->mode == MV_PATHS_SESSION);

        if (!(open_call = mv_route_open_call_new(uri, client->open_flags & VIR_CONNECT_RO)))
            return NULL;
    }
    client->backends[daemon] = mv_route_backend_new(daemon, client->paths, client->read_only,
                                                    open_call, false,
                                                    &client_backend_callbacks, client);
    return client->backends[daemon];
}

static void
client_open(MvProxyClient *client, MvRpcMessage *msg)
{
    g_autofree char *name = NULL;
    MvRouteDaemon daemon;

    if (client->state != CLIENT_HANDSHAKE) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "connection already open");
        client_reply_error(client, &msg->header);
        mv_rpc_message_free(msg);
        return;
    }
    if (mv_route_open_args_decode(msg, &name, &client->open_flags) < 0 ||
        mv_route_daemon_for_uri(name, &daemon) < 0) {
        client_reply_error(client, &msg->header);
        mv_rpc_message_free(msg);
        return;
    }

    MV_DEBUG("client opens '%s' on modvirt-%s", name ? name : "(default)",
             mv_route_daemon_to_string(daemon));
    client->state = CLIENT_OPENING;
    client->hypervisor = daemon;
    client->open_call = mv_rpc_message_new_from_bytes(msg->buffer, msg->length);
    client->open_call->header = msg->header;
    client->backends[daemon] = mv_route_backend_new(daemon, client->paths, client->read_only,
                                                    msg, true,
                                                    &client_backend_callbacks, client);
}

/* Keepalive is proxyd's own: it answers the client's pings, and never
 * asks its daemons for keepalive, so they never ping it. */
static void
client_supports_feature(MvProxyClient *client, MvRpcMessage *msg)
{
    remote_connect_supports_feature_args args = { 0 };
    remote_connect_supports_feature_ret ret = { .supported = 1 };

    if (mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_connect_supports_feature_args,
                                      &args) < 0) {
        client_reply_error(client, &msg->header);
    } else if (args.feature == REMOTE_FEATURE_PROGRAM_KEEPALIVE) {
        client_reply(client, &msg->header,
                     (xdrproc_t) xdr_remote_connect_supports_feature_ret, &ret);
    } else if (client->state != CLIENT_OPEN) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "connection not open");
        client_reply_error(client, &msg->header);
    } else {
        /* The other features are the hypervisor daemon's to grant. */
        mv_route_backend_forward(client_backend(client, client->hypervisor), msg);
        return;
    }
    mv_rpc_message_free(msg);
}

/* As every daemon answers (daemons/common/auth.h): the daemons behind
 * trust proxyd, which connects to them as root. */
static void
client_auth_list(MvProxyClient *client, MvRpcMessage *msg)
{
    remote_auth_type type = mv_daemon_auth_client_list(client->auth);
    remote_auth_list_ret ret = { .types = { .types_len = 1, .types_val = &type } };

    client_reply(client, &msg->header, (xdrproc_t) xdr_remote_auth_list_ret, &ret);
    mv_rpc_message_free(msg);
}

/* An AUTH_POLKIT on its way: polkit's answer may take seconds, so it is
 * asked in a thread and answered in the main loop. */
typedef struct {
    MvProxyClient *client;      /* a reference, dropped in the main loop */
    MvRpcMessage *call;
} ClientPolkitCall;

static void
client_auth_polkit_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    ClientPolkitCall *pc = data;

    if (mv_daemon_auth_client_polkit(pc->client->auth) < 0)
        g_task_return_pointer(task, mv_error_save(), (GDestroyNotify) mv_error_free);
    else
        g_task_return_pointer(task, NULL, NULL);
}

static void
client_auth_polkit_done(GObject *source, GAsyncResult *res, gpointer data)
{
    ClientPolkitCall *pc = g_task_get_task_data(G_TASK(res));
    MvError *err = g_task_propagate_pointer(G_TASK(res), NULL);
    remote_auth_polkit_ret ret = { .complete = 1 };

    if (err) {
        mv_error_restore(err);
        client_reply_error(pc->client, &pc->call->header);
        mv_error_reset();
    } else {
        client_reply(pc->client, &pc->call->header,
                     (xdrproc_t) xdr_remote_auth_polkit_ret, &ret);
    }
    client_unref(pc->client);
    mv_rpc_message_free(pc->call);
    g_free(pc);
}

static void
client_auth_polkit(MvProxyClient *client, MvRpcMessage *msg)
{
    ClientPolkitCall *pc = g_new0(ClientPolkitCall, 1);
    g_autoptr(GTask) task = g_task_new(NULL, NULL, client_auth_polkit_done, NULL);

    pc->client = client_ref(client);
    pc->call = msg;
    g_task_set_task_data(task, pc, NULL);
    g_task_run_in_thread(task, client_auth_polkit_thread);
}

/* A call: answered here before CONNECT_OPEN, forwarded by number after. */
static void
client_on_call(MvProxyClient *client, MvRpcMessage *msg)
{
    const MvRpcHeader *h = &msg->header;
    MvRouteBackend *backend;
    MvRouteDaemon daemon;

    if (mv_daemon_auth_client_check_call(client->auth, h->program, h->procedure) < 0) {
        client_reply_error(client, h);
        mv_rpc_message_free(msg);
        return;
    }
    if (h->program == REMOTE_PROGRAM && h->version == REMOTE_PROTOCOL_VERSION) {
        switch (h->procedure) {
        case REMOTE_PROC_AUTH_LIST:
            client_auth_list(client, msg);
            return;
        case REMOTE_PROC_AUTH_POLKIT:
            client_auth_polkit(client, msg);
            return;
        case REMOTE_PROC_CONNECT_SUPPORTS_FEATURE:
            client_supports_feature(client, msg);
            return;
        case REMOTE_PROC_CONNECT_OPEN:
            client_open(client, msg);
            return;
        case REMOTE_PROC_CONNECT_CLOSE:
            if (client->state == CLIENT_HANDSHAKE) {
                client_reply(client, h, NULL, NULL);
                mv_rpc_message_free(msg);
                return;
            }
            break;
        default:
            break;
        }
    }

    if (client->state != CLIENT_OPEN) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "connection not open");
        client_reply_error(client, h);
        mv_rpc_message_free(msg);
        return;
    }

    daemon = mv_route_daemon_for_call(h->program, h->procedure, client->hypervisor);
    if (mv_route_callbacks_to_daemon(client->callbacks, daemon, msg) < 0 ||
        !(backend = client_backend(client, daemon))) {
        client_reply_error(client, h);
        mv_rpc_message_free(msg);
        return;
    }
    mv_route_backend_forward(backend, msg);
}

static void
client_on_message(MvRouteConn *conn, MvRpcMessage *msg, void *opaque)
{
    MvProxyClient *client = client_ref(opaque);
    const MvRpcHeader *h = &msg->header;
    MvRouteBackend *backend;

    if (mv_rpc_keepalive_is_keepalive(h)) {
        if (mv_rpc_keepalive_is_ping(h))
            client_send(client, mv_rpc_keepalive_message_new(KEEPALIVE_PROC_PONG));
        mv_rpc_message_free(msg);
    } else if (h->type == MV_NET_CALL) {
        client_on_call(client, msg);
    } else if (h->type == MV_NET_CALL_WITH_FDS) {
        mv_report_error(VIR_ERR_NO_SUPPORT,
                        "procedure %d: file descriptors do not pass through modvirt-proxyd",
                        h->procedure);
        client_reply_error(client, h);
        mv_rpc_message_free(msg);
    } else if ((h->type == MV_NET_STREAM || h->type == MV_NET_STREAM_HOLE) &&
               client->state == CLIENT_OPEN &&
               (backend = client->backends[mv_route_daemon_for_call(h->program, h->procedure,
                                                                    client->hypervisor)])) {
        mv_route_backend_forward(backend, msg);
    } else {
        MV_DEBUG("dropping a message of type %d, procedure %d from a client",
                 h->type, h->procedure);
        mv_rpc_message_free(msg);
    }
    client_unref(client);
}

static void
client_on_closed(MvRouteConn *conn, const char *reason, void *opaque)
{
    MvProxyClient *client = client_ref(opaque);

    client_close(client, reason);
    client_unref(client);
}

MvProxyClient *
mv_proxy_client_new(GSocketConnection *conn, bool read_only, const MvPaths *paths,
                    MvProxyClientClosedFunc closed, void *opaque)
{
    MvProxyClient *client = g_new0(MvProxyClient, 1);
    MvRpcPeerCreds creds;
    bool have_creds = mv_rpc_peer_creds_get(g_socket_get_fd(g_socket_connection_get_socket(conn)),
                                            &creds) == 0;

    if (!have_creds)
        mv_error_reset();
    client->auth = mv_daemon_auth_client_new(read_only, have_creds ? &creds : NULL);
    client->refs = 1;
    client->stream = g_object_ref(conn);
    client->read_only = read_only;
    client->paths = paths;
    client->closed = closed;
    client->opaque = opaque;
    client->callbacks = mv_route_callbacks_new();
    client->conn = mv_route_conn_new(g_socket_connection_get_socket(conn),
                                     read_only ? "read-only client" : "client",
                                     client_on_message, client_on_closed, client);
    return client;
}

void
mv_proxy_client_free(MvProxyClient *client)
{
    if (!client)
        return;
    client->closed = NULL;
    client_drop_backends(client);
    g_clear_pointer(&client->conn, mv_route_conn_free);
    client_unref(client);
}
