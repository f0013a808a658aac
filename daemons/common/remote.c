/* A daemon's RPC server: client connection state, the handshake and the connection-level procedures. */
#define MV_LOG_MODULE "daemon.remote"
#define MV_FROM_THIS VIR_FROM_RPC

#include "remote.h"

#include <libvirt/libvirt.h>
#include <string.h>

#include "auth.h"
#include "protocol/internal_dispatch.h"
#include "remote_forward.h"
#include "remote_host.h"
#include "util/error.h"
#include "util/log.h"

/* Calls of all clients running at once; the rest wait in the queue. */
#define REMOTE_MAX_WORKERS 8

struct MvRemote {
    MvDaemon *daemon;
    MvRpcServer *server;
    MvRemoteHandlers handlers;
    /* The remote program, and the internal one when the daemon serves it. */
    const MvRpcProgram *programs[2];
    size_t nprograms;
    /* Network and node-device calls to their daemons (hypervisor daemons). */
    MvRemoteForward *forward;
};

/* One client's connection. Calls of one client may run in several workers
 * at once, hence the lock. */
typedef struct {
    MvRemote *remote;
    GMutex lock;
    bool read_only;         /* the read-only socket, or VIR_CONNECT_RO */
    char *uri;              /* NULL until CONNECT_OPEN */
    bool close_registered;  /* 360 CONNECT_REGISTER_CLOSE_CALLBACK */
    MvDaemonAuthClient *auth;
} RemoteClient;

static void
remote_client_free(gpointer data)
{
    RemoteClient *rc = data;

    g_mutex_clear(&rc->lock);
    mv_daemon_auth_client_free(rc->auth);
    g_free(rc->uri);
    g_free(rc);
}

static RemoteClient *
remote_client(MvRpcServerClient *client)
{
    return mv_rpc_server_client_get_private(client);
}

static bool
remote_client_is_open(RemoteClient *rc)
{
    bool open;

    g_mutex_lock(&rc->lock);
    open = rc->uri != NULL;
    g_mutex_unlock(&rc->lock);
    return open;
}

/* What libvirt's client calls before CONNECT_OPEN (and CLOSE, which is
 * harmless at any time). */
static bool
callable_before_open(int procedure)
{
    return procedure == REMOTE_PROC_AUTH_LIST ||
        procedure == REMOTE_PROC_AUTH_POLKIT ||
        procedure == REMOTE_PROC_CONNECT_SUPPORTS_FEATURE ||
        procedure == REMOTE_PROC_CONNECT_OPEN ||
        procedure == REMOTE_PROC_CONNECT_CLOSE;
}

const MvRemoteHandlers *
mv_remote_handlers_for_call(MvRpcServerClient *client, int procedure)
{
    RemoteClient *rc = remote_client(client);
    const MvRpcProcedure *entry;

    if (mv_daemon_auth_client_check_call(rc->auth, REMOTE_PROGRAM, procedure) < 0)
        return NULL;
    if (!callable_before_open(procedure) && !remote_client_is_open(rc)) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "connection not open");
        return NULL;
    }

    /* The dispatcher denied writes on the read-only socket already; this
     * denies them to a client that opened with VIR_CONNECT_RO elsewhere. */
    if (mv_remote_client_is_read_only(client) &&
        (entry = mv_rpc_program_lookup(&mv_remote_program, procedure)) &&
        !(entry->flags & MV_RPC_PROC_READONLY)) {
        mv_rpc_program_deny_read_only(&mv_remote_program, entry);
        return NULL;
    }
    return &rc->remote->handlers;
}

MvDaemon *
mv_remote_client_get_daemon(MvRpcServerClient *client)
{
    return remote_client(client)->remote->daemon;
}

char *
mv_remote_client_get_uri(MvRpcServerClient *client)
{
    RemoteClient *rc = remote_client(client);
    char *uri;

    g_mutex_lock(&rc->lock);
    uri = g_strdup(rc->uri);
    g_mutex_unlock(&rc->lock);
    return uri;
}

bool
mv_remote_client_is_read_only(MvRpcServerClient *client)
{
    RemoteClient *rc = remote_client(client);
    bool read_only;

    g_mutex_lock(&rc->lock);
    read_only = rc->read_only;
    g_mutex_unlock(&rc->lock);
    return read_only;
}

/* One method, as libvirt answers: polkit (2) on a socket whose auth is
 * polkit, to a non-root peer; none (0) otherwise. */
static int
remote_auth_list(MvRpcServerClient *client, remote_auth_list_ret *ret)
{
    ret->types.types_len = 1;
    ret->types.types_val = g_new0(remote_auth_type, 1);
    ret->types.types_val[0] = mv_daemon_auth_client_list(remote_client(client)->auth);
    return 0;
}

/* In the worker the call runs in: polkit's answer may take seconds. */
static int
remote_auth_polkit(MvRpcServerClient *client, remote_auth_polkit_ret *ret)
{
    if (mv_daemon_auth_client_polkit(remote_client(client)->auth) < 0)
        return -1;
    ret->complete = 1;
    return 0;
}

/* Keepalive is asked before CONNECT_OPEN and starts the server's pings.
 * Event callbacks (14) are 1 when the driver serves their registration;
 * close callbacks (15) are 1: every daemon serves 360/361. */
static int
remote_connect_supports_feature(MvRpcServerClient *client,
                                remote_connect_supports_feature_args *args,
                                remote_connect_supports_feature_ret *ret)
{
    if (args->feature == REMOTE_FEATURE_PROGRAM_KEEPALIVE) {
        mv_rpc_server_client_start_keepalive(client);
        ret->supported = 1;
        return 0;
    }

    if (!remote_client_is_open(remote_client(client))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "connection not open");
        return -1;
    }
    /* A driver that serves callback registrations sends their events. */
    ret->supported = (args->feature == REMOTE_FEATURE_REMOTE_EVENT_CALLBACK &&
                      remote_client(client)->remote->handlers.connect_domain_event_callback_register_any) ||
        args->feature == REMOTE_FEATURE_REMOTE_CLOSE_CALLBACK;
    return 0;
}

/* The driver lives in the daemon: its connection closes only with the
 * client's, which the client sees itself (EOF). The registration is
 * only recorded, with libvirt's errors for a double or a missing one. */
static int
remote_connect_register_close_callback(MvRpcServerClient *client)
{
    RemoteClient *rc = remote_client(client);
    bool registered;

    g_mutex_lock(&rc->lock);
    registered = rc->close_registered;
    rc->close_registered = true;
    g_mutex_unlock(&rc->lock);
    if (registered) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s", "A close callback is already registered");
        return -1;
    }
    return 0;
}

static int
remote_connect_unregister_close_callback(MvRpcServerClient *client)
{
    RemoteClient *rc = remote_client(client);
    bool registered;

    g_mutex_lock(&rc->lock);
    registered = rc->close_registered;
    rc->close_registered = false;
    g_mutex_unlock(&rc->lock);
    if (!registered) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s", "A different callback was requested");
        return -1;
    }
    return 0;
}

/* The canonical URI the daemon serves for a requested one (NULL or "": the
 * daemon's default). A scheme or host it does not serve gets libvirt's
 * VIR_ERR_NO_CONNECT, a wrong path the hint libvirt's drivers give. */
static char *
remote_resolve_uri(MvDaemon *daemon, const char *name)
{
    const MvDaemonDesc *desc = mv_daemon_get_desc(daemon);
    bool session = mv_daemon_get_paths(daemon)->mode == MV_PATHS_SESSION;
    const char *want_path = session ? "/session" : "/system";
    g_autofree char *canonical = NULL;
    g_autoptr(GUri) uri = NULL;
    const char *host;

    if (!desc->uri_scheme) {
        mv_report_error(VIR_ERR_NO_CONNECT, "%s", name ? name : "(default URI)");
        return NULL;
    }
    canonical = g_strdup_printf("%s://%s", desc->uri_scheme, want_path);
    if (!name || !*name)
        return g_steal_pointer(&canonical);

    uri = g_uri_parse(name, G_URI_FLAGS_NONE, NULL);
    host = uri ? g_uri_get_host(uri) : NULL;
    if (!uri || g_ascii_strcasecmp(g_uri_get_scheme(uri), desc->uri_scheme) != 0 ||
        (host && *host)) {
        mv_report_error(VIR_ERR_NO_CONNECT, "%s", name);
        return NULL;
    }
    if (strcmp(g_uri_get_path(uri), want_path) != 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "unexpected %s URI path '%s', try %s",
                        desc->driver_type ? desc->driver_type : desc->uri_scheme,
                        g_uri_get_path(uri), canonical);
        return NULL;
    }
    return g_steal_pointer(&canonical);
}

static int
remote_connect_open(MvRpcServerClient *client, remote_connect_open_args *args)
{
    RemoteClient *rc = remote_client(client);
    const char *name = args->name ? *args->name : NULL;
    g_autofree char *uri = NULL;
    bool opened;

    if (!(uri = remote_resolve_uri(rc->remote->daemon, name)))
        return -1;

    g_mutex_lock(&rc->lock);
    opened = rc->uri != NULL;
    if (!opened) {
        rc->uri = g_strdup(uri);
        if (args->flags & VIR_CONNECT_RO)
            rc->read_only = true;
    }
    g_mutex_unlock(&rc->lock);

    if (opened) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "connection already open");
        return -1;
    }
    MV_DEBUG("client opened '%s'%s", uri, args->flags & VIR_CONNECT_RO ? " read-only" : "");
    return 0;
}

/* The client hangs up after the reply; the socket stays its to close. */
static int
remote_connect_close(MvRpcServerClient *client)
{
    RemoteClient *rc = remote_client(client);

    g_mutex_lock(&rc->lock);
    g_clear_pointer(&rc->uri, g_free);
    rc->read_only = mv_rpc_server_client_is_read_only(client);
    g_mutex_unlock(&rc->lock);
    return 0;
}

static int
remote_connect_get_type(MvRpcServerClient *client, remote_connect_get_type_ret *ret)
{
    const MvDaemonDesc *desc = mv_daemon_get_desc(mv_remote_client_get_daemon(client));

    ret->type = g_strdup(desc->driver_type ? desc->driver_type : desc->uri_scheme);
    return 0;
}

/* 0 is "version unknown" to clients (virsh prints "Cannot extract running
 * ... hypervisor version"); a driver that knows its hypervisor overrides it. */
static int
remote_connect_get_version(MvRpcServerClient *client, remote_connect_get_version_ret *ret)
{
    ret->hv_ver = 0;
    return 0;
}

static int
remote_connect_get_lib_version(MvRpcServerClient *client,
                               remote_connect_get_lib_version_ret *ret)
{
    ret->lib_ver = MV_REMOTE_LIB_VERSION;
    return 0;
}

static int
remote_connect_get_uri(MvRpcServerClient *client, remote_connect_get_uri_ret *ret)
{
    ret->uri = mv_remote_client_get_uri(client);
    return 0;
}

/* Only unix sockets: nobody between client and daemon. */
static int
remote_connect_is_secure(MvRpcServerClient *client, remote_connect_is_secure_ret *ret)
{
    ret->secure = 1;
    return 0;
}

static const MvRemoteHandlers connection_handlers = {
    .auth_list = remote_auth_list,
    .auth_polkit = remote_auth_polkit,
    .connect_supports_feature = remote_connect_supports_feature,
    .connect_open = remote_connect_open,
    .connect_close = remote_connect_close,
    .connect_get_type = remote_connect_get_type,
    .connect_get_version = remote_connect_get_version,
    .connect_get_lib_version = remote_connect_get_lib_version,
    .connect_get_hostname = mv_remote_host_get_hostname,
    .connect_get_uri = remote_connect_get_uri,
    .connect_is_secure = remote_connect_is_secure,
    .connect_register_close_callback = remote_connect_register_close_callback,
    .connect_unregister_close_callback = remote_connect_unregister_close_callback,
    .node_get_info = mv_remote_host_node_get_info,
    .node_get_security_model = mv_remote_host_node_get_security_model,
};

static void
on_client_connected(MvRpcServer *server, MvRpcServerClient *client, void *opaque)
{
    RemoteClient *rc = g_new0(RemoteClient, 1);
    MvRpcPeerCreds creds;
    bool have_creds = mv_rpc_server_client_get_peer_creds(client, &creds) == 0;

    if (!have_creds)
        mv_error_reset();
    rc->remote = opaque;
    g_mutex_init(&rc->lock);
    rc->read_only = mv_rpc_server_client_is_read_only(client);
    rc->auth = mv_daemon_auth_client_new(rc->read_only, have_creds ? &creds : NULL);
    mv_rpc_server_client_set_private(client, rc, remote_client_free);
}

static void
on_client_disconnected(MvRpcServer *server, MvRpcServerClient *client, void *opaque)
{
    MvRemote *remote = opaque;

    mv_remote_forward_client_closed(remote->forward, client);
    mv_daemon_client_closed(remote->daemon);
}

MvRemote *
mv_remote_new(MvDaemon *daemon)
{
    const MvDaemonDesc *desc = mv_daemon_get_desc(daemon);
    MvRemote *remote = g_new0(MvRemote, 1);

    remote->daemon = daemon;
    remote->handlers = connection_handlers;
    if (desc->remote_handlers)
        mv_remote_handlers_merge(&remote->handlers, desc->remote_handlers);

    remote->programs[remote->nprograms++] = &mv_remote_program;
    if (desc->internal_handlers)
        remote->programs[remote->nprograms++] = &mv_internal_program;
    remote->server = mv_rpc_server_new(remote->programs, remote->nprograms,
                                       REMOTE_MAX_WORKERS, NULL);
    mv_rpc_server_set_client_callbacks(remote->server, on_client_connected,
                                       on_client_disconnected, remote);
    remote->forward = mv_remote_forward_new(daemon, remote->server);
    return remote;
}

void
mv_remote_free(MvRemote *remote)
{
    if (!remote)
        return;

    mv_rpc_server_free(remote->server);
    mv_remote_forward_free(remote->forward);
    g_free(remote);
}

void
mv_remote_add_client(MvRemote *remote, GSocketConnection *conn, bool read_only)
{
    if (mv_rpc_server_add_client(remote->server, conn, read_only))
        return;

    MV_WARN("dropping a client on the %s socket: %s",
            read_only ? "read-only" : "read-write", mv_error_last_message());
    g_io_stream_close(G_IO_STREAM(conn), NULL, NULL);
    mv_daemon_client_closed(remote->daemon);
}
