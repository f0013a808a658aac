/* Network and node-device calls that reach a hypervisor daemon, handed raw to networkd and nodedevd over per-client backend connections. */
#define MV_LOG_MODULE "daemon.forward"
#define MV_FROM_THIS VIR_FROM_RPC

#include "remote_forward.h"

#include <libvirt/libvirt.h>

#include "protocol/remote.h"
#include "remote.h"
#include "route.h"
#include "route_backend.h"
#include "util/error.h"
#include "util/log.h"

struct MvRemoteForward {
    MvDaemon *daemon;
    MvRouteDaemon hypervisor;   /* this daemon, as the routing module names it */
    GHashTable *clients;        /* MvRpcServerClient * -> ForwardClient * */
};

/* One client's connections to the daemons that own its calls. Main loop only. */
typedef struct {
    MvRemoteForward *forward;
    MvRpcServerClient *client;  /* a reference */
    MvRouteBackend *backends[MV_ROUTE_DAEMON_LAST];
} ForwardClient;

static void
forward_client_drop_backends(ForwardClient *fc)
{
    for (size_t i = 0; i < G_N_ELEMENTS(fc->backends); i++)
        g_clear_pointer(&fc->backends[i], mv_route_backend_free);
}

static void
forward_client_free(gpointer data)
{
    ForwardClient *fc = data;

    forward_client_drop_backends(fc);
    mv_rpc_server_client_unref(fc->client);
    g_free(fc);
}

static void
forward_on_deliver(MvRouteBackend *backend, MvRpcMessage *msg, void *opaque)
{
    ForwardClient *fc = opaque;

    /* A closed client drops it: nobody waits for it any more. */
    mv_rpc_server_client_send_message(fc->client, msg);
}

static void
forward_on_closed(MvRouteBackend *backend, void *opaque)
{
    ForwardClient *fc = opaque;
    MvRouteDaemon owner = mv_route_backend_get_daemon(backend);

    /* The next call for owner connects again. */
    if (fc->backends[owner] == backend)
        g_clear_pointer(&fc->backends[owner], mv_route_backend_free);
}

static const MvRouteBackendCallbacks forward_callbacks = {
    .deliver = forward_on_deliver,
    .closed = forward_on_closed,
};

/* The client's connection to owner, opened on first use with a
 * CONNECT_OPEN of owner's own URI, read-only when the client is: on the
 * owner's -ro socket for a client of this daemon's -ro socket, and with
 * VIR_CONNECT_RO for one that opened so. The owner refuses the writes. */
static MvRouteBackend *
forward_backend(ForwardClient *fc, MvRouteDaemon owner)
{
    const MvPaths *paths = mv_daemon_get_paths(fc->forward->daemon);
    bool session = paths->mode == MV_PATHS_SESSION;
    g_autofree char *uri = NULL;
    MvRpcMessage *open_call;
    unsigned int flags = 0;

    if (fc->backends[owner])
        return fc->backends[owner];

    uri = mv_route_daemon_uri(owner, session);
    if (mv_remote_client_is_read_only(fc->client))
        flags |= VIR_CONNECT_RO;
    if (!(open_call = mv_route_open_call_new(uri, flags)))
        return NULL;
    MV_DEBUG("forwarding to modvirt-%s (%s%s)", mv_route_daemon_to_string(owner), uri,
             flags & VIR_CONNECT_RO ? ", read-only" : "");
    fc->backends[owner] = mv_route_backend_new(owner, paths,
                                               mv_rpc_server_client_is_read_only(fc->client),
                                               open_call, false, &forward_callbacks, fc);
    /* A missing daemon is an error at once, as for libvirt's daemons: systemd
     * or the administrator starts networkd and nodedevd, not qemud. */
    mv_route_backend_set_may_spawn(fc->backends[owner], false);
    return fc->backends[owner];
}

static ForwardClient *
forward_client(MvRemoteForward *forward, MvRpcServerClient *client)
{
    ForwardClient *fc = g_hash_table_lookup(forward->clients, client);

    if (fc)
        return fc;
    fc = g_new0(ForwardClient, 1);
    fc->forward = forward;
    fc->client = mv_rpc_server_client_ref(client);
    g_hash_table_insert(forward->clients, client, fc);
    return fc;
}

/* The server's call filter (main loop): true when msg went to its owner. */
static bool
forward_filter(MvRpcServerClient *client, MvRpcMessage *msg, void *opaque)
{
    MvRemoteForward *forward = opaque;
    const MvRpcHeader *h = &msg->header;
    g_autofree char *uri = NULL;
    MvRouteBackend *backend;
    MvRouteDaemon owner;

    if (h->type != MV_NET_CALL)
        return false;
    /* Closing the connection ends the client's connections to the owners
     * too (and its event registrations there); a new open makes new ones. */
    if (h->program == REMOTE_PROGRAM && h->procedure == REMOTE_PROC_CONNECT_CLOSE) {
        g_hash_table_remove(forward->clients, client);
        return false;
    }
    owner = mv_route_daemon_for_call(h->program, h->procedure, forward->hypervisor);
    if (owner == forward->hypervisor)
        return false;
    /* Before CONNECT_OPEN the server answers "connection not open". */
    if (!(uri = mv_remote_client_get_uri(client)))
        return false;

    if (!(backend = forward_backend(forward_client(forward, client), owner))) {
        mv_rpc_server_client_send_message(client, mv_route_error_reply_new(h, mv_error_last()));
        mv_error_reset();
        mv_rpc_message_free(msg);
        return true;
    }
    mv_route_backend_forward(backend, msg);
    return true;
}

MvRemoteForward *
mv_remote_forward_new(MvDaemon *daemon, MvRpcServer *server)
{
    const char *scheme = mv_daemon_get_desc(daemon)->uri_scheme;
    MvRemoteForward *forward;
    int hypervisor;

    hypervisor = scheme ? mv_route_daemon_scheme_from_string(scheme) : -1;
    if (hypervisor < 0 || hypervisor >= MV_ROUTE_DAEMON_NETWORK)
        return NULL;

    forward = g_new0(MvRemoteForward, 1);
    forward->daemon = daemon;
    forward->hypervisor = hypervisor;
    forward->clients = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                             forward_client_free);
    mv_rpc_server_set_call_filter(server, forward_filter, forward);
    return forward;
}

void
mv_remote_forward_free(MvRemoteForward *forward)
{
    if (!forward)
        return;
    g_hash_table_unref(forward->clients);
    g_free(forward);
}

void
mv_remote_forward_client_closed(MvRemoteForward *forward, MvRpcServerClient *client)
{
    if (!forward)
        return;
    g_hash_table_remove(forward->clients, client);
}
