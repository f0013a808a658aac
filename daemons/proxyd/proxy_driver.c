/* modvirt-proxyd's driver: accepted clients, libvirt's legacy socket, the daemons started on demand. */
#define MV_LOG_MODULE "proxy.driver"
#define MV_FROM_THIS VIR_FROM_RPC

#include "proxy_driver.h"

#include "proxy_client.h"
#include "route_spawn.h"
#include "sockets.h"
#include "util/error.h"
#include "util/log.h"

/* The legacy sockets' modes: the defaults of the daemons' own. */
#define PROXY_LEGACY_RW_PERMS 0600
#define PROXY_LEGACY_RO_PERMS 0666

typedef struct {
    MvDaemonSocket *sock;
    GSource *source;
} ProxyListener;

typedef struct {
    MvDaemon *daemon;
    GHashTable *clients;    /* MvProxyClient * -> GINT_TO_POINTER(legacy) */
    GPtrArray *listeners;   /* ProxyListener * on libvirt's legacy sockets */
} ProxyDriver;

static char *proxy_libvirt_socket;

void
mv_proxy_driver_set_libvirt_socket(const char *path)
{
    g_free(proxy_libvirt_socket);
    proxy_libvirt_socket = path ? g_canonicalize_filename(path, NULL) : NULL;
}

static void
proxy_listener_free(ProxyListener *listener)
{
    if (listener->source) {
        g_source_destroy(listener->source);
        g_source_unref(listener->source);
    }
    mv_daemon_socket_free(listener->sock);
    g_free(listener);
}

/* A client on the daemon's sockets counts as its client; one on a legacy
 * socket as a hold, so that both keep --timeout from firing. */
static void
proxy_on_client_closed(MvProxyClient *client, void *opaque)
{
    ProxyDriver *driver = opaque;
    bool legacy = GPOINTER_TO_INT(g_hash_table_lookup(driver->clients, client));

    g_hash_table_remove(driver->clients, client);
    mv_proxy_client_free(client);
    if (legacy)
        mv_daemon_release(driver->daemon);
    else
        mv_daemon_client_closed(driver->daemon);
}

static void
proxy_add_client(ProxyDriver *driver, GSocketConnection *conn, bool read_only, bool legacy)
{
    MvProxyClient *client = mv_proxy_client_new(conn, read_only,
                                                mv_daemon_get_paths(driver->daemon),
                                                proxy_on_client_closed, driver);

    g_hash_table_insert(driver->clients, client, GINT_TO_POINTER(legacy));
}

void
mv_proxy_driver_client_accepted(MvDaemon *daemon, GSocketConnection *conn, bool read_only)
{
    proxy_add_client(mv_daemon_get_driver_data(daemon), conn, read_only, false);
}

static gboolean
on_legacy_accept(GSocket *sock, GIOCondition cond, gpointer data)
{
    ProxyDriver *driver = data;
    ProxyListener *listener = NULL;
    g_autoptr(GSocket) accepted = NULL;
    g_autoptr(GSocketConnection) conn = NULL;
    g_autoptr(GError) gerr = NULL;

    for (guint i = 0; i < driver->listeners->len; i++) {
        ProxyListener *l = g_ptr_array_index(driver->listeners, i);

        if (l->sock->socket == sock)
            listener = l;
    }
    if (!(accepted = g_socket_accept(sock, NULL, &gerr))) {
        if (!g_error_matches(gerr, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            MV_WARN("cannot accept on '%s': %s", listener ? listener->sock->path : "?",
                    gerr->message);
        return G_SOURCE_CONTINUE;
    }
    conn = g_socket_connection_factory_create_connection(accepted);
    mv_daemon_hold(driver->daemon);
    proxy_add_client(driver, conn, listener && listener->sock->read_only, true);
    return G_SOURCE_CONTINUE;
}

static int
proxy_listen_legacy(ProxyDriver *driver, const char *path, bool read_only)
{
    ProxyListener *listener = g_new0(ProxyListener, 1);

    if (!(listener->sock = mv_daemon_socket_bind(path, read_only,
                                                 read_only ? PROXY_LEGACY_RO_PERMS :
                                                 PROXY_LEGACY_RW_PERMS,
                                                 (gid_t) -1))) {
        g_free(listener);
        return -1;
    }
    g_socket_set_blocking(listener->sock->socket, FALSE);
    listener->source = g_socket_create_source(listener->sock->socket, G_IO_IN, NULL);
    g_source_set_callback(listener->source, G_SOURCE_FUNC(on_legacy_accept), driver, NULL);
    g_source_attach(listener->source, g_main_context_get_thread_default());
    g_ptr_array_add(driver->listeners, listener);
    MV_INFO("also listening on libvirt's socket '%s'", path);
    return 0;
}

int
mv_proxy_driver_init(MvDaemon *daemon)
{
    ProxyDriver *driver = g_new0(ProxyDriver, 1);

    driver->daemon = daemon;
    driver->clients = g_hash_table_new(g_direct_hash, g_direct_equal);
    driver->listeners = g_ptr_array_new_with_free_func((GDestroyNotify) proxy_listener_free);
    mv_daemon_set_driver_data(daemon, driver);

    if (proxy_libvirt_socket) {
        g_autofree char *ro = g_strdup_printf("%s-ro", proxy_libvirt_socket);

        if (proxy_listen_legacy(driver, proxy_libvirt_socket, false) < 0 ||
            (mv_daemon_get_paths(daemon)->mode != MV_PATHS_SESSION &&
             proxy_listen_legacy(driver, ro, true) < 0)) {
            /* The daemon runs no cleanup for a driver that failed to start. */
            mv_proxy_driver_cleanup(daemon);
            return -1;
        }
    }
    return 0;
}

void
mv_proxy_driver_cleanup(MvDaemon *daemon)
{
    ProxyDriver *driver = mv_daemon_get_driver_data(daemon);
    GHashTableIter iter;
    MvProxyClient *client;

    if (!driver)
        return;
    /* The daemon stopped counting clients already: free them quietly. */
    g_hash_table_iter_init(&iter, driver->clients);
    while (g_hash_table_iter_next(&iter, (gpointer *) &client, NULL))
        mv_proxy_client_free(client);
    g_hash_table_unref(driver->clients);
    g_ptr_array_unref(driver->listeners);
    mv_route_spawn_cleanup();
    g_clear_pointer(&proxy_libvirt_socket, g_free);
    mv_daemon_set_driver_data(daemon, NULL);
    g_free(driver);
}
