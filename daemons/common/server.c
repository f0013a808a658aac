/* Accepting clients: GSocketService per daemon, client and hold counts, the idle-exit timer. */
#define MV_LOG_MODULE "daemon.server"
#define MV_FROM_THIS VIR_FROM_RPC

#include "server.h"

#include "util/error.h"
#include "util/log.h"

#define READ_ONLY_KEY "mv-daemon-read-only"
#define DRAIN_BUFSIZE 4096
/* Main-loop turns allowed for cancelled reads to come back at shutdown. */
#define SHUTDOWN_ITERATIONS 1000

/* A connection kept by the server itself while there is no RPC layer. */
typedef struct {
    MvDaemonServer *srv;
    GSocketConnection *conn;
    GCancellable *cancel;
    char buf[DRAIN_BUFSIZE];
} KeptClient;

struct _MvDaemonServer {
    GSocketService *service;
    unsigned int max_clients;
    unsigned int idle_timeout;
    MvDaemonServerAcceptFunc accept;
    MvDaemonServerIdleFunc idle;
    void *opaque;
    unsigned int nclients;
    unsigned int nholds;
    guint idle_timer;
    bool started;
    GList *kept;            /* KeptClient */
    GList *sockets;         /* GSocket, the listening sockets (not owned) */
};

static void update_idle(MvDaemonServer *srv);

/* A client whose connect() the kernel has queued but the main loop has not
 * accepted yet; exiting now would drop a client that believes it is in. */
static bool
connection_pending(const MvDaemonServer *srv)
{
    for (GList *l = srv->sockets; l; l = l->next) {
        if (g_socket_condition_check(l->data, G_IO_IN) & G_IO_IN)
            return true;
    }
    return false;
}

static gboolean
on_idle_timer(gpointer data)
{
    MvDaemonServer *srv = data;

    srv->idle_timer = 0;
    if (srv->nclients > 0 || srv->nholds > 0 || connection_pending(srv)) {
        MV_DEBUG("idle timer: %u clients, %u holds, or a connection waiting: staying",
                 srv->nclients, srv->nholds);
        update_idle(srv);
        return G_SOURCE_REMOVE;
    }
    MV_INFO("no clients and nothing running for %u seconds", srv->idle_timeout);
    /* Refuse newcomers from here on rather than accept and drop them. */
    g_socket_service_stop(srv->service);
    srv->started = false;
    srv->idle(srv->opaque);
    return G_SOURCE_REMOVE;
}

/* Arms the timer when the daemon became idle, disarms it when it became busy. */
static void
update_idle(MvDaemonServer *srv)
{
    bool idle = srv->started && srv->idle_timeout > 0 &&
        srv->nclients == 0 && srv->nholds == 0;

    if (idle && !srv->idle_timer) {
        MV_DEBUG("idle: exiting in %u seconds unless a client comes", srv->idle_timeout);
        srv->idle_timer = g_timeout_add_seconds(srv->idle_timeout, on_idle_timer, srv);
    } else if (!idle && srv->idle_timer) {
        g_source_remove(srv->idle_timer);
        srv->idle_timer = 0;
    }
}

static void
kept_client_free(KeptClient *client)
{
    g_io_stream_close(G_IO_STREAM(client->conn), NULL, NULL);
    g_object_unref(client->conn);
    g_object_unref(client->cancel);
    g_free(client);
}

static void kept_client_read(KeptClient *client);

static void
kept_client_on_read(GObject *source, GAsyncResult *res, gpointer data)
{
    KeptClient *client = data;
    MvDaemonServer *srv = client->srv;
    g_autoptr(GError) gerr = NULL;
    gssize got;

    got = g_input_stream_read_finish(G_INPUT_STREAM(source), res, &gerr);
    if (got > 0) {
        kept_client_read(client);
        return;
    }

    if (got < 0 && !g_error_matches(gerr, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        MV_DEBUG("client read failed: %s", gerr->message);
    srv->kept = g_list_remove(srv->kept, client);
    kept_client_free(client);
    mv_daemon_server_client_closed(srv);
}

static void
kept_client_read(KeptClient *client)
{
    GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(client->conn));

    g_input_stream_read_async(in, client->buf, sizeof(client->buf), G_PRIORITY_DEFAULT,
                              client->cancel, kept_client_on_read, client);
}

static void
keep_client(MvDaemonServer *srv, GSocketConnection *conn)
{
    KeptClient *client = g_new0(KeptClient, 1);

    client->srv = srv;
    client->conn = g_object_ref(conn);
    client->cancel = g_cancellable_new();
    srv->kept = g_list_prepend(srv->kept, client);
    kept_client_read(client);
}

static gboolean
on_incoming(GSocketService *service, GSocketConnection *conn,
            GObject *source, gpointer data)
{
    MvDaemonServer *srv = data;
    bool read_only = source && g_object_get_data(source, READ_ONLY_KEY);

    if (srv->nclients >= srv->max_clients) {
        MV_WARN("refusing a client on the %s socket: max_clients (%u) reached",
                read_only ? "read-only" : "read-write", srv->max_clients);
        g_io_stream_close(G_IO_STREAM(conn), NULL, NULL);
        return TRUE;
    }

    srv->nclients++;
    MV_DEBUG("client connected on the %s socket (%u clients)",
             read_only ? "read-only" : "read-write", srv->nclients);
    update_idle(srv);

    if (srv->accept)
        srv->accept(conn, read_only, srv->opaque);
    else
        keep_client(srv, conn);
    return TRUE;
}

MvDaemonServer *
mv_daemon_server_new(unsigned int max_clients,
                     unsigned int idle_timeout,
                     MvDaemonServerAcceptFunc accept,
                     MvDaemonServerIdleFunc idle,
                     void *opaque)
{
    MvDaemonServer *srv = g_new0(MvDaemonServer, 1);

    srv->max_clients = max_clients;
    srv->idle_timeout = idle_timeout;
    srv->accept = accept;
    srv->idle = idle;
    srv->opaque = opaque;
    srv->service = g_socket_service_new();
    g_socket_service_stop(srv->service);
    g_signal_connect(srv->service, "incoming", G_CALLBACK(on_incoming), srv);
    return srv;
}

int
mv_daemon_server_add_socket(MvDaemonServer *srv, MvDaemonSocket *sock)
{
    g_autoptr(GError) gerr = NULL;

    if (sock->read_only)
        g_object_set_data(G_OBJECT(sock->socket), READ_ONLY_KEY, GINT_TO_POINTER(1));

    /* The socket is its own source object, so on_incoming can tell rw from ro. */
    if (!g_socket_listener_add_socket(G_SOCKET_LISTENER(srv->service), sock->socket,
                                      G_OBJECT(sock->socket), &gerr)) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "cannot accept on socket '%s': %s",
                        sock->path ? sock->path : "(unnamed)", gerr->message);
        return -1;
    }
    srv->sockets = g_list_prepend(srv->sockets, sock->socket);
    return 0;
}

void
mv_daemon_server_start(MvDaemonServer *srv)
{
    srv->started = true;
    g_socket_service_start(srv->service);
    update_idle(srv);
}

void
mv_daemon_server_set_max_clients(MvDaemonServer *srv, unsigned int max_clients)
{
    srv->max_clients = max_clients;
}

void
mv_daemon_server_client_closed(MvDaemonServer *srv)
{
    g_return_if_fail(srv->nclients > 0);

    srv->nclients--;
    MV_DEBUG("client disconnected (%u clients)", srv->nclients);
    update_idle(srv);
}

unsigned int
mv_daemon_server_client_count(const MvDaemonServer *srv)
{
    return srv->nclients;
}

void
mv_daemon_server_hold(MvDaemonServer *srv)
{
    srv->nholds++;
    update_idle(srv);
}

void
mv_daemon_server_release(MvDaemonServer *srv)
{
    g_return_if_fail(srv->nholds > 0);

    srv->nholds--;
    update_idle(srv);
}

void
mv_daemon_server_free(MvDaemonServer *srv)
{
    if (!srv)
        return;

    srv->started = false;
    if (srv->idle_timer)
        g_source_remove(srv->idle_timer);
    srv->idle_timer = 0;

    g_socket_service_stop(srv->service);
    g_socket_listener_close(G_SOCKET_LISTENER(srv->service));

    /* A cancelled read reports back on a later main-loop turn, where its
     * client is freed; give those turns, bounded. */
    for (GList *l = srv->kept; l; l = l->next)
        g_cancellable_cancel(((KeptClient *) l->data)->cancel);
    for (int i = 0; srv->kept && i < SHUTDOWN_ITERATIONS; i++)
        g_main_context_iteration(NULL, FALSE);
    if (srv->kept)
        MV_WARN("%u connections did not close at shutdown", g_list_length(srv->kept));

    g_object_unref(srv->service);
    g_list_free(srv->sockets);
    g_free(srv);
}
