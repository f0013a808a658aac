/* qemud as a client of networkd and nodedevd: opens, caches and reopens one public-API connection to each. */
#define MV_LOG_MODULE "qemu.peers"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_peers.h"

#include "rpc/internal_client.h"
#include "util/error.h"
#include "util/log.h"
#include "util/paths.h"

struct MvQemuPeers {
    GMutex lock;
    virConnectPtr conns[MV_QEMU_PEER_LAST];
};

typedef struct {
    const char *driver;     /* the URI's scheme */
    const char *daemon;     /* the socket's name: run_dir/<daemon>-sock */
} PeerDesc;

static const PeerDesc peer_descs[MV_QEMU_PEER_LAST] = {
    [MV_QEMU_PEER_NETWORK] = { "network", "networkd" },
    [MV_QEMU_PEER_NODEDEV] = { "nodedev", "nodedevd" },
};

static const char *const peer_names[MV_QEMU_PEER_LAST] = {
    [MV_QEMU_PEER_NETWORK] = "network:///system",
    [MV_QEMU_PEER_NODEDEV] = "nodedev:///system",
};

const char *
mv_qemu_peer_name(MvQemuPeer which)
{
    return which < MV_QEMU_PEER_LAST ? peer_names[which] : "(unknown peer)";
}

/* The peers' table is made on first use; the driver is long-lived. */
static MvQemuPeers *
peers_get(MvQemuDriver *driver)
{
    static GMutex init_lock;
    MvQemuPeers *peers;

    g_mutex_lock(&init_lock);
    if (!driver->peers) {
        driver->peers = g_new0(MvQemuPeers, 1);
        g_mutex_init(&driver->peers->lock);
    }
    peers = driver->peers;
    g_mutex_unlock(&init_lock);
    return peers;
}

/* The peer's URI with the socket spelled out: its own socket below the
 * driver's paths when it exists, else proxyd's (which routes the calls). */
static char *
peer_uri(MvQemuDriver *driver, MvQemuPeer which, char **ret_socket)
{
    const MvPaths *paths = mv_daemon_get_paths(driver->daemon);
    const PeerDesc *desc = &peer_descs[which];
    bool session = paths->mode == MV_PATHS_SESSION;
    g_autofree char *sock = mv_paths_socket(paths, desc->daemon, false);
    g_autofree char *escaped = NULL;

    if (!g_file_test(sock, G_FILE_TEST_EXISTS)) {
        g_autofree char *proxy = mv_paths_socket(paths, "proxyd", false);

        if (g_file_test(proxy, G_FILE_TEST_EXISTS)) {
            g_free(sock);
            sock = g_steal_pointer(&proxy);
        }
    }
    escaped = g_uri_escape_string(sock, "/", FALSE);
    *ret_socket = g_steal_pointer(&sock);
    return g_strdup_printf("%s+unix:///%s?socket=%s", desc->driver,
                           session ? "session" : "system", escaped);
}

/* 0 when which's daemon has a socket at sock, else -1 after reporting
 * (what: what the connection is for). */
static int
peer_socket_check(MvQemuPeer which, const char *sock, const char *what)
{
    if (g_file_test(sock, G_FILE_TEST_EXISTS))
        return 0;
    mv_report_error(VIR_ERR_OPERATION_FAILED,
                    "cannot reach the %s daemon (modvirt-%s) for %s: no socket at '%s'",
                    peer_descs[which].driver, peer_descs[which].daemon, what, sock);
    return -1;
}

/* Reports that connecting to which's daemon at sock failed, with the
 * reason the failed open left. */
static void
peer_connect_failed(MvQemuPeer which, const char *sock)
{
    g_autofree char *why = g_strdup(mv_error_last_message());

    mv_report_error(VIR_ERR_OPERATION_FAILED,
                    "cannot connect to the %s daemon (modvirt-%s) at '%s': %s",
                    peer_descs[which].driver, peer_descs[which].daemon, sock,
                    why ? why : "unknown error");
}

static virConnectPtr
peer_open(MvQemuDriver *driver, MvQemuPeer which)
{
    g_autofree char *sock = NULL;
    g_autofree char *uri = peer_uri(driver, which, &sock);
    virConnectPtr conn;

    MV_DEBUG("connecting to %s at %s", peer_descs[which].daemon, uri);
    if (peer_socket_check(which, sock, mv_qemu_peer_name(which)) < 0)
        return NULL;
    if (!(conn = virConnectOpen(uri))) {
        peer_connect_failed(which, sock);
        return NULL;
    }
    MV_INFO("connected to %s at '%s'", peer_descs[which].daemon, sock);
    return conn;
}

virConnectPtr
mv_qemu_peer_get(MvQemuDriver *driver, MvQemuPeer which)
{
    MvQemuPeers *peers;
    virConnectPtr conn;

    if (which >= MV_QEMU_PEER_LAST) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "unknown peer daemon %d", (int) which);
        return NULL;
    }
    peers = peers_get(driver);
    g_mutex_lock(&peers->lock);
    if (peers->conns[which] && virConnectIsAlive(peers->conns[which]) != 1) {
        MV_INFO("the connection to %s was lost; opening it again", peer_descs[which].daemon);
        virConnectClose(peers->conns[which]);
        peers->conns[which] = NULL;
    }
    conn = peers->conns[which];
    if (conn) {
        virConnectRef(conn);
        g_mutex_unlock(&peers->lock);
        return conn;
    }
    g_mutex_unlock(&peers->lock);

    /* Opened outside the lock: a peer slow to answer (up to the client's
     * bounds) delays only the callers that need it now, never one that
     * finds a live connection cached. Two racing opens keep the first. */
    if (!(conn = peer_open(driver, which)))
        return NULL;
    g_mutex_lock(&peers->lock);
    if (!peers->conns[which]) {
        peers->conns[which] = conn;
        virConnectRef(conn);
    } else {
        virConnectPtr cached = peers->conns[which];

        virConnectRef(cached);
        g_mutex_unlock(&peers->lock);
        virConnectClose(conn);
        return cached;
    }
    g_mutex_unlock(&peers->lock);
    return conn;
}

void
mv_qemu_peers_close(MvQemuDriver *driver)
{
    MvQemuPeers *peers = driver->peers;

    if (!peers)
        return;
    for (int i = 0; i < MV_QEMU_PEER_LAST; i++) {
        if (peers->conns[i])
            virConnectClose(peers->conns[i]);
    }
    g_mutex_clear(&peers->lock);
    g_free(peers);
    driver->peers = NULL;
}

MvRpcClient *
mv_qemu_peer_networkd_internal(MvQemuDriver *driver, const char *what, unsigned int timeout_ms)
{
    const MvPaths *paths = mv_daemon_get_paths(driver->daemon);
    g_autofree char *sock = mv_paths_socket(paths, peer_descs[MV_QEMU_PEER_NETWORK].daemon,
                                            false);
    MvRpcClient *client;

    if (peer_socket_check(MV_QEMU_PEER_NETWORK, sock, what) < 0)
        return NULL;
    if (!(client = mv_internal_client_open(sock, timeout_ms))) {
        peer_connect_failed(MV_QEMU_PEER_NETWORK, sock);
        return NULL;
    }
    return client;
}
