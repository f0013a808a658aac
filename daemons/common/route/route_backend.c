/* One client's connection to one daemon: connecting and starting it, its CONNECT_OPEN, serial rewriting, error replies when it dies. */
#define MV_LOG_MODULE "proxy.backend"
#define MV_FROM_THIS VIR_FROM_RPC

#include "route_backend.h"

#include <gio/gunixsocketaddress.h>

#include "protocol/keepalive.h"
#include "route_conn.h"
#include "route_spawn.h"
#include "rpc/keepalive.h"
#include "util/error.h"
#include "util/log.h"

/* Between two connect attempts while a daemon starts. */
#define BACKEND_RETRY_MS 50

typedef enum {
    BACKEND_CONNECTING,
    BACKEND_OPENING,        /* CONNECT_OPEN sent, calls wait */
    BACKEND_READY,
    BACKEND_CLOSED,
} BackendState;

/* A call sent under one of this connection's serials. */
typedef struct {
    MvRpcHeader call;       /* as the client sent it: its serial */
    bool internal;          /* proxyd's own CONNECT_OPEN: the reply stays here */
    bool closing;           /* a stream: the client sent its finish or abort */
} PendingCall;

struct MvRouteBackend {
    unsigned int refs;
    MvRouteDaemon daemon;
    char *program;          /* "modvirt-networkd", for messages */
    char *path;
    char *spawn_root;       /* --root for a daemon started on demand */
    bool may_spawn;
    BackendState state;
    MvRouteConn *conn;
    MvRpcMessage *open_call;
    bool open_for_client;
    uint32_t open_serial;
    uint32_t next_serial;
    GQueue waiting;         /* MvRpcMessage *, serial rewritten, until READY */
    GHashTable *pending;    /* serial on this connection -> PendingCall */
    GHashTable *streams;    /* the same, for streams open past their call's reply */
    guint timer;
    gint64 deadline;
    MvRouteSpawn *spawn;
    MvRouteBackendCallbacks cb;
    void *opaque;
};

static MvRouteBackend *
backend_ref(MvRouteBackend *backend)
{
    backend->refs++;
    return backend;
}

static void
backend_unref(MvRouteBackend *backend)
{
    if (--backend->refs > 0)
        return;
    g_queue_clear_full(&backend->waiting, (GDestroyNotify) mv_rpc_message_free);
    g_hash_table_unref(backend->pending);
    g_hash_table_unref(backend->streams);
    mv_rpc_message_free(backend->open_call);
    mv_route_spawn_unref(backend->spawn);
    g_free(backend->program);
    g_free(backend->path);
    g_free(backend->spawn_root);
    g_free(backend);
}

/* True while the owner still listens. */
static bool
backend_is_owned(const MvRouteBackend *backend)
{
    return backend->cb.deliver != NULL;
}

static void
backend_deliver(MvRouteBackend *backend, MvRpcMessage *msg)
{
    if (!msg)
        return;
    if (!backend_is_owned(backend)) {
        mv_rpc_message_free(msg);
        return;
    }
    backend->cb.deliver(backend, msg, backend->opaque);
}

static void
backend_stop(MvRouteBackend *backend)
{
    backend->state = BACKEND_CLOSED;
    if (backend->timer)
        g_source_remove(backend->timer);
    backend->timer = 0;
    g_clear_pointer(&backend->conn, mv_route_conn_free);
    g_queue_clear_full(&backend->waiting, (GDestroyNotify) mv_rpc_message_free);
}

static int
compare_serial(gconstpointer a, gconstpointer b)
{
    uint32_t x = GPOINTER_TO_UINT(a);
    uint32_t y = GPOINTER_TO_UINT(b);

    return (x > y) - (x < y);
}

/* Ends the backend: every call the client still waits for gets a reply
 * with status error and payload (a remote_error), oldest first; then the
 * owner hears it is closed. */
static void
backend_fail_with_payload(MvRouteBackend *backend, const uint8_t *payload, size_t len)
{
    g_autoptr(GList) serials = NULL;
    g_autoptr(GList) stream_serials = NULL;

    if (backend->state == BACKEND_CLOSED)
        return;
    backend_stop(backend);

    serials = g_list_sort(g_hash_table_get_keys(backend->pending), compare_serial);
    for (GList *l = serials; l && backend_is_owned(backend); l = l->next) {
        PendingCall *pc = g_hash_table_lookup(backend->pending, l->data);

        if (!pc->internal)
            backend_deliver(backend, mv_route_reply_new(&pc->call, MV_NET_ERROR, payload, len));
    }
    g_hash_table_remove_all(backend->pending);

    /* Open streams end with the same error, so that no client waits on them. */
    stream_serials = g_list_sort(g_hash_table_get_keys(backend->streams), compare_serial);
    for (GList *l = stream_serials; l && backend_is_owned(backend); l = l->next) {
        PendingCall *pc = g_hash_table_lookup(backend->streams, l->data);
        g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();

        /* The payload is an encoded remote_error already: it goes as it is. */
        if (mv_rpc_message_encode_stream(msg, &pc->call, MV_NET_ERROR, payload, len) < 0) {
            MV_WARN("%s: %s", backend->program, mv_error_last_message());
            mv_error_reset();
            continue;
        }
        backend_deliver(backend, g_steal_pointer(&msg));
    }
    g_hash_table_remove_all(backend->streams);

    if (backend_is_owned(backend) && backend->cb.closed)
        backend->cb.closed(backend, backend->opaque);
}

/* The same, with the thread's last error (reported by the caller). */
static void
backend_fail(MvRouteBackend *backend)
{
    MvRpcHeader any = { .type = MV_NET_CALL };
    g_autoptr(MvRpcMessage) template = mv_route_error_reply_new(&any, mv_error_last());

    if (!template) {
        /* Only a message over the limits fails to encode: send the generic one. */
        template = mv_route_error_reply_new(&any, NULL);
    }
    backend_fail_with_payload(backend, template->buffer + MV_RPC_FRAME_MIN,
                              template->length - MV_RPC_FRAME_MIN);
}

static uint32_t
backend_next_serial(MvRouteBackend *backend)
{
    /* libvirt's clients never use 0: keep it for messages. */
    if (++backend->next_serial == 0)
        backend->next_serial = 1;
    return backend->next_serial;
}

/* Records msg (a call) under a new serial of this connection. */
static void
backend_track(MvRouteBackend *backend, MvRpcMessage *msg, bool internal)
{
    PendingCall *pc = g_new0(PendingCall, 1);
    uint32_t serial = backend_next_serial(backend);

    pc->call = msg->header;
    pc->internal = internal;
    g_hash_table_insert(backend->pending, GUINT_TO_POINTER(serial), pc);
    mv_route_message_set_serial(msg, serial);
}

static void
backend_send(MvRouteBackend *backend, MvRpcMessage *msg)
{
    if (backend->state == BACKEND_READY)
        mv_route_conn_send(backend->conn, msg);
    else
        g_queue_push_tail(&backend->waiting, msg);
}

static void
backend_on_reply(MvRouteBackend *backend, MvRpcMessage *msg)
{
    gpointer key = GUINT_TO_POINTER(msg->header.serial);
    g_autofree PendingCall *pc = NULL;
    bool is_open = backend->state == BACKEND_OPENING && msg->header.serial == backend->open_serial;

    if (!g_hash_table_steal_extended(backend->pending, key, NULL, (gpointer *) &pc)) {
        MV_DEBUG("%s: dropping a reply to unknown serial %u", backend->program,
                 msg->header.serial);
        mv_rpc_message_free(msg);
        return;
    }

    if (is_open && msg->header.status != MV_NET_OK) {
        size_t len = msg->length - MV_RPC_FRAME_MIN;
        g_autofree uint8_t *payload = g_memdup2(msg->buffer + MV_RPC_FRAME_MIN, len);

        MV_DEBUG("%s: CONNECT_OPEN refused", backend->program);
        if (pc->internal) {
            mv_rpc_message_free(msg);
        } else {
            mv_route_message_set_serial(msg, pc->call.serial);
            backend_deliver(backend, msg);
        }
        /* The calls that waited for the open get the daemon's own error. */
        backend_fail_with_payload(backend, payload, len);
        return;
    }

    if (is_open) {
        MvRpcMessage *waiting;

        backend->state = BACKEND_READY;
        while ((waiting = g_queue_pop_head(&backend->waiting)))
            mv_route_conn_send(backend->conn, waiting);
    }

    if (pc->internal) {
        mv_rpc_message_free(msg);
        return;
    }
    /* The stream outlives the reply: keep routing its data. */
    if (msg->header.status == MV_NET_OK &&
        mv_route_call_opens_stream(pc->call.program, pc->call.procedure))
        g_hash_table_insert(backend->streams, key, g_memdup2(pc, sizeof(*pc)));
    mv_route_message_set_serial(msg, pc->call.serial);
    backend_deliver(backend, msg);
}

/* A stream message of a call still pending, or of an open stream: back
 * under the client's serial. A stream ends with the daemon's error, or
 * with its answer to the client's finish or abort. */
static void
backend_on_stream(MvRouteBackend *backend, MvRpcMessage *msg)
{
    gpointer key = GUINT_TO_POINTER(msg->header.serial);
    PendingCall *pc = g_hash_table_lookup(backend->pending, key);
    bool ends = false;

    if (!pc && (pc = g_hash_table_lookup(backend->streams, key))) {
        ends = msg->header.status == MV_NET_ERROR ||
               (msg->header.status == MV_NET_OK && pc->closing);
    }
    if (!pc) {
        MV_DEBUG("%s: dropping stream data of unknown serial %u", backend->program,
                 msg->header.serial);
        mv_rpc_message_free(msg);
        return;
    }
    mv_route_message_set_serial(msg, pc->call.serial);
    if (ends)
        g_hash_table_remove(backend->streams, key);
    backend_deliver(backend, msg);
}

static void
backend_on_message(MvRouteConn *conn, MvRpcMessage *msg, void *opaque)
{
    MvRouteBackend *backend = backend_ref(opaque);

    if (mv_rpc_keepalive_is_keepalive(&msg->header)) {
        if (mv_rpc_keepalive_is_ping(&msg->header))
            mv_route_conn_send(conn, mv_rpc_keepalive_message_new(KEEPALIVE_PROC_PONG));
        mv_rpc_message_free(msg);
    } else {
        switch ((mv_net_message_type) msg->header.type) {
        case MV_NET_REPLY:
        case MV_NET_REPLY_WITH_FDS:
            backend_on_reply(backend, msg);
            break;
        case MV_NET_MESSAGE:
            backend_deliver(backend, msg);
            break;
        case MV_NET_STREAM:
        case MV_NET_STREAM_HOLE:
            backend_on_stream(backend, msg);
            break;
        case MV_NET_CALL:
        case MV_NET_CALL_WITH_FDS:
        default:
            MV_DEBUG("%s: dropping a message of type %d from the daemon",
                     backend->program, msg->header.type);
            mv_rpc_message_free(msg);
            break;
        }
    }
    backend_unref(backend);
}

static void
backend_on_closed(MvRouteConn *conn, const char *reason, void *opaque)
{
    MvRouteBackend *backend = backend_ref(opaque);

    mv_report_error(VIR_ERR_INTERNAL_ERROR, "connection to %s closed: %s",
                    backend->program, reason);
    backend_fail(backend);
    backend_unref(backend);
}

static void
backend_connected(MvRouteBackend *backend, GSocket *sock)
{
    MvRpcMessage *open_call = g_steal_pointer(&backend->open_call);

    MV_DEBUG("%s: connected on '%s'", backend->program, backend->path);
    backend->conn = mv_route_conn_new(sock, backend->program, backend_on_message,
                                      backend_on_closed, backend);
    backend->state = BACKEND_OPENING;
    backend_track(backend, open_call, !backend->open_for_client);
    backend->open_serial = open_call->header.serial;
    mv_route_conn_send(backend->conn, open_call);
}

static gboolean on_connect_timer(gpointer data);

static void
backend_retry(MvRouteBackend *backend)
{
    int status;

    if (backend->spawn && mv_route_spawn_exited(backend->spawn, &status)) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "%s, started on demand, exited (wait status %d) before '%s' answered",
                        backend->program, status, backend->path);
        backend_fail(backend);
        return;
    }
    if (g_get_monotonic_time() > backend->deadline) {
        mv_report_error(VIR_ERR_OPERATION_TIMEOUT, "%s did not answer on '%s' within %d ms",
                        backend->program, backend->path, MV_ROUTE_BACKEND_CONNECT_TIMEOUT_MS);
        backend_fail(backend);
        return;
    }
    backend->timer = g_timeout_add(BACKEND_RETRY_MS, on_connect_timer, backend);
}

static void
backend_try_connect(MvRouteBackend *backend)
{
    g_autoptr(GSocketAddress) addr = g_unix_socket_address_new(backend->path);
    g_autoptr(GSocket) sock = NULL;
    g_autoptr(GError) gerr = NULL;
    bool absent;

    if (!(sock = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                              G_SOCKET_PROTOCOL_DEFAULT, &gerr))) {
        mv_report_error(VIR_ERR_SYSTEM_ERROR, "cannot create a socket for %s: %s",
                        backend->program, gerr->message);
        backend_fail(backend);
        return;
    }
    g_socket_set_blocking(sock, FALSE);
    if (g_socket_connect(sock, addr, NULL, &gerr)) {
        backend_connected(backend, sock);
        return;
    }

    /* A full listen queue: the daemon is there, try again shortly. */
    if (g_error_matches(gerr, G_IO_ERROR, G_IO_ERROR_PENDING) ||
        g_error_matches(gerr, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
        backend_retry(backend);
        return;
    }

    absent = g_error_matches(gerr, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
        g_error_matches(gerr, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
    if (!absent || !backend->may_spawn) {
        mv_report_error(VIR_ERR_SYSTEM_ERROR, "cannot connect to %s on '%s': %s",
                        backend->program, backend->path, gerr->message);
        backend_fail(backend);
        return;
    }
    if (!backend->spawn &&
        !(backend->spawn = mv_route_spawn_start(mv_route_daemon_to_string(backend->daemon),
                                                backend->spawn_root))) {
        backend_fail(backend);
        return;
    }
    backend_retry(backend);
}

static gboolean
on_connect_timer(gpointer data)
{
    MvRouteBackend *backend = backend_ref(data);

    backend->timer = 0;
    backend_try_connect(backend);
    backend_unref(backend);
    return G_SOURCE_REMOVE;
}

MvRouteBackend *
mv_route_backend_new(MvRouteDaemon daemon, const MvPaths *paths,
                     bool read_only, MvRpcMessage *open_call,
                     bool open_for_client,
                     const MvRouteBackendCallbacks *callbacks,
                     void *opaque)
{
    MvRouteBackend *backend = g_new0(MvRouteBackend, 1);
    const char *name = mv_route_daemon_to_string(daemon);

    backend->refs = 1;
    backend->daemon = daemon;
    backend->program = g_strdup_printf("modvirt-%s", name);
    backend->path = mv_paths_socket(paths, name, read_only && paths->mode != MV_PATHS_SESSION);
    backend->may_spawn = paths->mode != MV_PATHS_SYSTEM;
    backend->spawn_root = g_strdup(paths->mode == MV_PATHS_ROOT ? paths->root : NULL);
    backend->open_call = open_call;
    backend->open_for_client = open_for_client;
    g_queue_init(&backend->waiting);
    backend->pending = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    backend->streams = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    backend->cb = *callbacks;
    backend->opaque = opaque;
    backend->deadline = g_get_monotonic_time() +
        (gint64) MV_ROUTE_BACKEND_CONNECT_TIMEOUT_MS * 1000;
    backend->timer = g_timeout_add(0, on_connect_timer, backend);
    return backend;
}

void
mv_route_backend_free(MvRouteBackend *backend)
{
    if (!backend)
        return;
    backend->cb = (MvRouteBackendCallbacks) { 0 };
    backend_stop(backend);
    backend_unref(backend);
}

MvRouteDaemon
mv_route_backend_get_daemon(const MvRouteBackend *backend)
{
    return backend->daemon;
}

void
mv_route_backend_set_may_spawn(MvRouteBackend *backend, bool may_spawn)
{
    backend->may_spawn = may_spawn;
}

static PendingCall *
find_client_serial(GHashTable *table, uint32_t client_serial, uint32_t *ret_serial)
{
    GHashTableIter iter;
    gpointer key;
    PendingCall *pc;

    g_hash_table_iter_init(&iter, table);
    while (g_hash_table_iter_next(&iter, &key, (gpointer *) &pc)) {
        if (!pc->internal && pc->call.serial == client_serial) {
            *ret_serial = GPOINTER_TO_UINT(key);
            return pc;
        }
    }
    return NULL;
}

/* The call or open stream a client's stream message belongs to. */
static PendingCall *
backend_find_client_serial(MvRouteBackend *backend, uint32_t client_serial, uint32_t *ret_serial)
{
    PendingCall *pc = find_client_serial(backend->pending, client_serial, ret_serial);

    return pc ? pc : find_client_serial(backend->streams, client_serial, ret_serial);
}

/* A finish or abort of a stream nobody knows still gets its answer (an
 * error, a confirmation), as the daemon would give it: libvirt's client
 * waits for one. */
static void
backend_answer_unknown_stream(MvRouteBackend *backend, const MvRpcMessage *msg)
{
    g_autoptr(MvRpcMessage) answer = mv_rpc_message_new();
    int rc;

    if (msg->header.type != MV_NET_STREAM || msg->header.status == MV_NET_CONTINUE)
        return;
    if (msg->header.status == MV_NET_ERROR) {
        rc = mv_rpc_message_encode_stream(answer, &msg->header, MV_NET_OK, NULL, 0);
    } else {
        mv_report_error(VIR_ERR_RPC, "stream of procedure %d serial %u is not open",
                        msg->header.procedure, msg->header.serial);
        rc = mv_rpc_message_encode_stream_error(answer, &msg->header, mv_error_last());
    }
    mv_error_reset();
    if (rc < 0)
        return;
    backend_deliver(backend, g_steal_pointer(&answer));
}

void
mv_route_backend_forward(MvRouteBackend *backend, MvRpcMessage *msg)
{
    uint32_t serial;

    if (backend->state == BACKEND_CLOSED) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "connection to %s is closed", backend->program);
        backend_deliver(backend, mv_route_error_reply_new(&msg->header, mv_error_last()));
        mv_rpc_message_free(msg);
        return;
    }

    if (msg->header.type == MV_NET_STREAM || msg->header.type == MV_NET_STREAM_HOLE) {
        PendingCall *pc = backend_find_client_serial(backend, msg->header.serial, &serial);

        if (!pc) {
            MV_DEBUG("%s: dropping client stream data of unknown serial %u",
                     backend->program, msg->header.serial);
            backend_answer_unknown_stream(backend, msg);
            mv_rpc_message_free(msg);
            return;
        }
        if (msg->header.status != MV_NET_CONTINUE)
            pc->closing = true;
        mv_route_message_set_serial(msg, serial);
    } else {
        backend_track(backend, msg, false);
    }
    backend_send(backend, msg);
}
