/* The RPC server: per-client socket I/O on the main loop, calls dispatched to a worker pool, keepalive. */
#define MV_LOG_MODULE "rpc.server"
#define MV_FROM_THIS VIR_FROM_RPC

#include "server_internal.h"

#include <unistd.h>

#include "keepalive.h"
#include "protocol/keepalive.h"
#include "reader.h"
#include "util/log.h"

/* Bytes taken from a client's socket per wakeup. */
#define READ_CHUNK 65536

/* Threads: the main loop's thread reads and writes sockets, parses
 * messages, answers keepalive and closes clients; workers run handlers.
 * A worker hands its reply to the client's write queue and, when the
 * queue was idle, attaches a write watch to the context. Everything a
 * worker and the main loop share sits under the client's lock. */
struct MvRpcServer {
    gint refs;
    const MvRpcProgram *const *programs;
    size_t nprograms;
    GMainContext *context;
    GThreadPool *pool;

    MvRpcServerClientFunc connected;
    MvRpcServerClientFunc disconnected;
    void *opaque;
    unsigned int keepalive_interval_ms;
    unsigned int keepalive_count;
    unsigned int max_client_requests;
    unsigned int shutdown_wait_ms;
    MvRpcServerCallFilter call_filter;
    void *call_filter_opaque;

    GMutex lock;
    GCond jobs_done;
    GList *clients;             /* MvRpcServerClient *, a reference each */
    unsigned int jobs;          /* queued or running calls */
    unsigned int next_id;
    bool shutting_down;
};

struct MvRpcServerClient {
    gint refs;
    MvRpcServer *server;        /* a reference */
    unsigned int id;            /* for logs */
    GSocketConnection *conn;    /* NULL for a client added by fd */
    GSocket *socket;
    bool read_only;
    bool have_creds;
    MvRpcPeerCreds creds;

    /* Main loop only. */
    MvRpcReader *reader;
    GSource *read_source;       /* NULL while closed or paused */

    GMutex lock;
    GQueue tx;                  /* MvRpcMessage *, encoded */
    size_t tx_offset;           /* bytes of the head already sent */
    GSource *write_source;      /* attached while tx is not empty */
    GSource *keepalive_source;
    MvRpcKeepalive keepalive;
    unsigned int in_flight;     /* calls handed to workers, not answered yet */
    bool paused;                /* not reading: in_flight reached the maximum */
    bool resume_pending;
    bool closed;
    void *priv;
    GDestroyNotify priv_free;
    GHashTable *streams;        /* serial -> MvRpcServerStream * (server_stream.c) */
};

typedef struct {
    MvRpcServerClient *client;  /* a reference */
    MvRpcMessage *call;
} Job;

static void client_close(MvRpcServerClient *client, const char *reason);
static gboolean client_on_readable(GSocket *socket, GIOCondition cond, gpointer data);
static gboolean client_on_writable(GSocket *socket, GIOCondition cond, gpointer data);
static gboolean client_resume(gpointer data);

static MvRpcServer *
server_ref(MvRpcServer *server)
{
    g_atomic_int_inc(&server->refs);
    return server;
}

static void
server_unref(MvRpcServer *server)
{
    if (!g_atomic_int_dec_and_test(&server->refs))
        return;
    g_list_free(server->clients);
    g_mutex_clear(&server->lock);
    g_cond_clear(&server->jobs_done);
    g_main_context_unref(server->context);
    g_free(server);
}

MvRpcServerClient *
mv_rpc_server_client_ref(MvRpcServerClient *client)
{
    g_atomic_int_inc(&client->refs);
    return client;
}

void
mv_rpc_server_client_unref(MvRpcServerClient *client)
{
    if (!client || !g_atomic_int_dec_and_test(&client->refs))
        return;

    /* A client is closed before its list reference goes, so no source
     * points at it any more. */
    if (client->priv_free)
        client->priv_free(client->priv);
    mv_rpc_reader_free(client->reader);
    g_queue_clear_full(&client->tx, (GDestroyNotify) mv_rpc_message_free);
    g_clear_pointer(&client->streams, g_hash_table_unref);
    g_clear_object(&client->socket);
    g_clear_object(&client->conn);
    g_mutex_clear(&client->lock);
    server_unref(client->server);
    g_free(client);
}

static void
destroy_source(GSource **source)
{
    if (!*source)
        return;
    g_source_destroy(*source);
    g_source_unref(*source);
    *source = NULL;
}

static void
job_free(Job *job)
{
    mv_rpc_message_free(job->call);
    mv_rpc_server_client_unref(job->client);
    g_free(job);
}

static void
server_job_finished(MvRpcServer *server)
{
    g_mutex_lock(&server->lock);
    server->jobs--;
    if (server->jobs == 0)
        g_cond_broadcast(&server->jobs_done);
    g_mutex_unlock(&server->lock);
}

/* GLib's pool wakes its idle threads with this marker in the job queue and,
 * when freed without waiting (GLib 2.74), hands markers still queued to
 * the item free function as if they were jobs. */
#define POOL_WAKEUP_MARKER GUINT_TO_POINTER(1)

/* For calls the pool drops at shutdown without running them. */
static void
job_drop(gpointer data)
{
    Job *job = data;
    MvRpcServer *server;

    if (data == POOL_WAKEUP_MARKER)
        return;
    server = job->client->server;
    server_job_finished(server);
    job_free(job);
}

/* Called with client->lock held. */
static void
client_want_write_locked(MvRpcServerClient *client)
{
    if (client->write_source)
        return;
    client->write_source = g_socket_create_source(client->socket, G_IO_OUT, NULL);
    g_source_set_callback(client->write_source, G_SOURCE_FUNC(client_on_writable), client, NULL);
    g_source_attach(client->write_source, client->server->context);
}

/* Queues an encoded message; takes msg. -1 (not reported) when closed. */
int
mv_rpc_server_client_queue(MvRpcServerClient *client, MvRpcMessage *msg)
{
    g_mutex_lock(&client->lock);
    if (client->closed) {
        g_mutex_unlock(&client->lock);
        mv_rpc_message_free(msg);
        return -1;
    }
    g_queue_push_tail(&client->tx, msg);
    client_want_write_locked(client);
    g_mutex_unlock(&client->lock);
    return 0;
}

static gboolean
client_on_writable(GSocket *socket, GIOCondition cond, gpointer data)
{
    MvRpcServerClient *client = data;
    MvRpcMessage *msg;

    g_mutex_lock(&client->lock);
    while ((msg = g_queue_peek_head(&client->tx))) {
        g_autoptr(GError) error = NULL;
        gssize n = g_socket_send(socket, (const char *) msg->buffer + client->tx_offset,
                                 msg->length - client->tx_offset, NULL, &error);

        if (n < 0) {
            g_autofree char *reason = NULL;

            if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
                g_mutex_unlock(&client->lock);
                return G_SOURCE_CONTINUE;
            }
            g_mutex_unlock(&client->lock);
            reason = g_strdup_printf("write failed: %s", error->message);
            client_close(client, reason);
            return G_SOURCE_REMOVE;
        }
        client->tx_offset += n;
        if (client->tx_offset == msg->length) {
            mv_rpc_message_free(g_queue_pop_head(&client->tx));
            client->tx_offset = 0;
        }
    }
    g_clear_pointer(&client->write_source, g_source_unref);
    g_mutex_unlock(&client->lock);
    return G_SOURCE_REMOVE;
}

/* The call a worker runs, for the handler that opens a stream on it. */
static __thread const MvRpcHeader *current_call;

const MvRpcHeader *
mv_rpc_server_current_call(void)
{
    return current_call;
}

static void
worker_run(gpointer data, gpointer user_data)
{
    Job *job = data;
    MvRpcServerClient *client = job->client;
    MvRpcServer *server = client->server;
    MvRpcMessage *reply;
    bool ok;
    bool resume = false;

    current_call = &job->call->header;
    reply = mv_rpc_dispatch_call(server->programs, server->nprograms, client,
                                 client->read_only, job->call);
    current_call = NULL;
    ok = reply->header.status == MV_NET_OK;
    mv_error_reset();

    g_mutex_lock(&client->lock);
    client->in_flight--;
    if (!client->closed) {
        g_queue_push_tail(&client->tx, reply);
        client_want_write_locked(client);
        if (client->paused && !client->resume_pending &&
            client->in_flight < server->max_client_requests) {
            client->resume_pending = true;
            resume = true;
        }
    } else {
        mv_rpc_message_free(reply);
    }
    g_mutex_unlock(&client->lock);
    /* Stream output waited for the reply to be queued first. */
    mv_rpc_server_stream_call_done(client, &job->call->header, ok);

    if (resume) {
        g_main_context_invoke_full(server->context, G_PRIORITY_DEFAULT, client_resume,
                                   mv_rpc_server_client_ref(client),
                                   (GDestroyNotify) mv_rpc_server_client_unref);
    }

    server_job_finished(server);
    job_free(job);
}

/* Handles one message from the client; false when it closed the client. */
static bool
client_handle_message(MvRpcServerClient *client, MvRpcMessage *msg)
{
    const MvRpcHeader *header = &msg->header;
    MvRpcServer *server = client->server;

    if (mv_rpc_keepalive_is_keepalive(header)) {
        if (mv_rpc_keepalive_is_ping(header))
            mv_rpc_server_client_queue(client, mv_rpc_keepalive_message_new(KEEPALIVE_PROC_PONG));
        /* A PONG has done its work: the client was heard. */
        mv_rpc_message_free(msg);
        return true;
    }

    if (server->call_filter && server->call_filter(client, msg, server->call_filter_opaque))
        return true;

    switch ((mv_net_message_type) header->type) {
    case MV_NET_CALL:
    case MV_NET_CALL_WITH_FDS: {
        g_autoptr(GError) error = NULL;
        Job *job = g_new0(Job, 1);

        job->client = mv_rpc_server_client_ref(client);
        job->call = msg;
        g_mutex_lock(&client->lock);
        client->in_flight++;
        g_mutex_unlock(&client->lock);
        g_mutex_lock(&server->lock);
        server->jobs++;
        g_mutex_unlock(&server->lock);
        if (!g_thread_pool_push(server->pool, job, &error)) {
            g_autofree char *reason = g_strdup_printf("cannot queue a call: %s", error->message);

            g_mutex_lock(&client->lock);
            client->in_flight--;
            g_mutex_unlock(&client->lock);
            server_job_finished(server);
            job_free(job);
            client_close(client, reason);
            return false;
        }
        return true;
    }

    case MV_NET_STREAM:
    case MV_NET_STREAM_HOLE:
        mv_rpc_server_stream_dispatch(client, msg);
        return true;

    case MV_NET_REPLY:
    case MV_NET_REPLY_WITH_FDS:
    case MV_NET_MESSAGE:
        MV_DEBUG("client %u: ignoring a message of type %d for procedure %d of program 0x%x",
                 client->id, header->type, header->procedure, header->program);
        mv_rpc_message_free(msg);
        return true;
    }

    {
        g_autofree char *reason = g_strdup_printf("message of unknown type %d", header->type);

        mv_rpc_message_free(msg);
        client_close(client, reason);
    }
    return false;
}

/* Hands the parsed messages on until the client has as many calls in
 * flight as it may; then reading pauses. */
static void
client_process_messages(MvRpcServerClient *client)
{
    for (;;) {
        MvRpcMessage *msg = NULL;

        g_mutex_lock(&client->lock);
        if (client->closed) {
            g_mutex_unlock(&client->lock);
            return;
        }
        if (client->in_flight >= client->server->max_client_requests) {
            client->paused = true;
            g_mutex_unlock(&client->lock);
            return;
        }
        g_mutex_unlock(&client->lock);

        if (mv_rpc_reader_next(client->reader, &msg) == 0)
            return;
        if (!client_handle_message(client, msg))
            return;
    }
}

static void
client_watch_input(MvRpcServerClient *client)
{
    client->read_source = g_socket_create_source(client->socket, G_IO_IN, NULL);
    g_source_set_callback(client->read_source, G_SOURCE_FUNC(client_on_readable), client, NULL);
    g_source_attach(client->read_source, client->server->context);
}

/* In the main loop: true when reading should stop (closed or paused). */
static bool
client_stopped_reading(MvRpcServerClient *client)
{
    bool stopped;

    g_mutex_lock(&client->lock);
    stopped = client->closed || client->paused;
    g_mutex_unlock(&client->lock);
    return stopped;
}

static gboolean
client_on_readable(GSocket *socket, GIOCondition cond, gpointer data)
{
    /* Closing drops the list's reference: this one keeps client valid. */
    g_autoptr(MvRpcServerClient) client = mv_rpc_server_client_ref(data);
    g_autofree char *buffer = g_malloc(READ_CHUNK);
    g_autoptr(GError) error = NULL;
    gssize n;

    n = g_socket_receive(socket, buffer, READ_CHUNK, NULL, &error);
    if (n < 0) {
        g_autofree char *reason = NULL;

        if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return G_SOURCE_CONTINUE;
        reason = g_strdup_printf("read failed: %s", error->message);
        client_close(client, reason);
        return G_SOURCE_REMOVE;
    }
    if (n == 0) {
        client_close(client, "the peer closed the connection");
        return G_SOURCE_REMOVE;
    }

    g_mutex_lock(&client->lock);
    mv_rpc_keepalive_heard(&client->keepalive);
    g_mutex_unlock(&client->lock);

    if (mv_rpc_reader_feed(client->reader, buffer, n) < 0) {
        g_autofree char *reason = g_strdup_printf("bad message: %s", mv_error_last_message());

        mv_error_reset();
        client_close(client, reason);
        return G_SOURCE_REMOVE;
    }

    client_process_messages(client);
    if (client_stopped_reading(client)) {
        /* close destroyed the source already; a pause drops it here and
         * client_resume makes a new one. */
        g_clear_pointer(&client->read_source, g_source_unref);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

/* In the main loop, after a worker freed a slot of a paused client. */
static gboolean
client_resume(gpointer data)
{
    MvRpcServerClient *client = data;

    g_mutex_lock(&client->lock);
    client->resume_pending = false;
    if (client->closed || client->in_flight >= client->server->max_client_requests) {
        g_mutex_unlock(&client->lock);
        return G_SOURCE_REMOVE;
    }
    client->paused = false;
    g_mutex_unlock(&client->lock);

    client_process_messages(client);
    if (!client_stopped_reading(client) && !client->read_source)
        client_watch_input(client);
    return G_SOURCE_REMOVE;
}

static gboolean
client_on_keepalive_tick(gpointer data)
{
    MvRpcServerClient *client = data;
    MvRpcKeepaliveAction action;
    g_autofree char *reason = NULL;

    g_mutex_lock(&client->lock);
    action = mv_rpc_keepalive_tick(&client->keepalive);
    if (action == MV_RPC_KEEPALIVE_DEAD) {
        reason = g_strdup_printf("no answer to %u keepalive pings sent every %u ms",
                                 client->keepalive.count, client->keepalive.interval_ms);
    }
    g_mutex_unlock(&client->lock);

    switch (action) {
    case MV_RPC_KEEPALIVE_IDLE:
        break;
    case MV_RPC_KEEPALIVE_SEND_PING:
        mv_rpc_server_client_queue(client, mv_rpc_keepalive_message_new(KEEPALIVE_PROC_PING));
        break;
    case MV_RPC_KEEPALIVE_DEAD:
        MV_WARN("client %u is dead: %s", client->id, reason);
        client_close(client, reason);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

/* In the main loop (or at server shutdown): stops all I/O, drops unsent
 * messages, tells the daemon, and drops the server's reference. */
static void
client_close(MvRpcServerClient *client, const char *reason)
{
    MvRpcServer *server = client->server;

    g_mutex_lock(&client->lock);
    if (client->closed) {
        g_mutex_unlock(&client->lock);
        return;
    }
    client->closed = true;
    destroy_source(&client->write_source);
    destroy_source(&client->keepalive_source);
    g_queue_clear_full(&client->tx, (GDestroyNotify) mv_rpc_message_free);
    g_mutex_unlock(&client->lock);

    destroy_source(&client->read_source);
    g_socket_close(client->socket, NULL);
    MV_DEBUG("client %u closed: %s", client->id, reason);

    g_mutex_lock(&server->lock);
    server->clients = g_list_remove(server->clients, client);
    g_mutex_unlock(&server->lock);

    mv_rpc_server_stream_client_closed(client);
    if (server->disconnected)
        server->disconnected(server, client, server->opaque);
    mv_rpc_server_client_unref(client);
}

static gboolean
client_close_from_loop(gpointer data)
{
    client_close(data, "closed by the server");
    return G_SOURCE_REMOVE;
}

void
mv_rpc_server_client_close(MvRpcServerClient *client)
{
    g_main_context_invoke_full(client->server->context, G_PRIORITY_DEFAULT,
                               client_close_from_loop, mv_rpc_server_client_ref(client),
                               (GDestroyNotify) mv_rpc_server_client_unref);
}

MvRpcServer *
mv_rpc_server_new(const MvRpcProgram *const *programs, size_t nprograms,
                  unsigned int max_workers, GMainContext *context)
{
    g_autoptr(GError) error = NULL;
    MvRpcServer *server;
    size_t i;

    for (i = 0; i < nprograms; i++) {
        if (mv_rpc_program_check(programs[i]) < 0)
            return NULL;
    }
    if (max_workers == 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "an RPC server needs at least 1 worker, got 0");
        return NULL;
    }

    server = g_new0(MvRpcServer, 1);
    server->refs = 1;
    server->programs = programs;
    server->nprograms = nprograms;
    server->context = context ? g_main_context_ref(context) : g_main_context_ref_thread_default();
    server->keepalive_interval_ms = MV_RPC_KEEPALIVE_INTERVAL_MS;
    server->keepalive_count = MV_RPC_KEEPALIVE_COUNT;
    server->max_client_requests = MV_RPC_SERVER_MAX_CLIENT_REQUESTS;
    server->shutdown_wait_ms = MV_RPC_SERVER_SHUTDOWN_WAIT_MS;
    g_mutex_init(&server->lock);
    g_cond_init(&server->jobs_done);

    server->pool = g_thread_pool_new_full(worker_run, server, job_drop,
                                          max_workers, FALSE, &error);
    if (!server->pool) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "cannot start %u RPC workers: %s",
                        max_workers, error->message);
        server_unref(server);
        return NULL;
    }
    return server;
}

void
mv_rpc_server_free(MvRpcServer *server)
{
    gint64 deadline;

    if (!server)
        return;

    g_mutex_lock(&server->lock);
    server->shutting_down = true;
    g_mutex_unlock(&server->lock);

    for (;;) {
        MvRpcServerClient *client;

        g_mutex_lock(&server->lock);
        client = server->clients ? mv_rpc_server_client_ref(server->clients->data) : NULL;
        g_mutex_unlock(&server->lock);
        if (!client)
            break;
        client_close(client, "the server is shutting down");
        mv_rpc_server_client_unref(client);
    }

    /* Calls not started yet are dropped; running ones get the wait. */
    g_thread_pool_free(g_steal_pointer(&server->pool), TRUE, FALSE);

    deadline = g_get_monotonic_time() + (gint64) server->shutdown_wait_ms * G_TIME_SPAN_MILLISECOND;
    g_mutex_lock(&server->lock);
    while (server->jobs > 0) {
        if (!g_cond_wait_until(&server->jobs_done, &server->lock, deadline))
            break;
    }
    if (server->jobs > 0) {
        MV_WARN("RPC server stopped with %u calls still running after %u ms",
                server->jobs, server->shutdown_wait_ms);
    }
    g_mutex_unlock(&server->lock);

    server_unref(server);
}

void
mv_rpc_server_set_client_callbacks(MvRpcServer *server, MvRpcServerClientFunc connected,
                                   MvRpcServerClientFunc disconnected, void *opaque)
{
    server->connected = connected;
    server->disconnected = disconnected;
    server->opaque = opaque;
}

void
mv_rpc_server_set_keepalive(MvRpcServer *server, unsigned int interval_ms, unsigned int count)
{
    server->keepalive_interval_ms = interval_ms ? interval_ms : MV_RPC_KEEPALIVE_INTERVAL_MS;
    server->keepalive_count = count ? count : MV_RPC_KEEPALIVE_COUNT;
}

void
mv_rpc_server_set_max_client_requests(MvRpcServer *server, unsigned int max_requests)
{
    server->max_client_requests = MAX(max_requests, 1);
}

void
mv_rpc_server_set_shutdown_wait(MvRpcServer *server, unsigned int wait_ms)
{
    server->shutdown_wait_ms = wait_ms;
}

void
mv_rpc_server_set_call_filter(MvRpcServer *server, MvRpcServerCallFilter filter, void *opaque)
{
    server->call_filter = filter;
    server->call_filter_opaque = opaque;
}

int
mv_rpc_server_client_send_message(MvRpcServerClient *client, MvRpcMessage *msg)
{
    return mv_rpc_server_client_queue(client, msg);
}

/* Takes socket (and conn, when not NULL). */
static MvRpcServerClient *
server_add_socket(MvRpcServer *server, GSocket *socket, GSocketConnection *conn, bool read_only)
{
    g_autoptr(GSocket) sock = socket;
    g_autoptr(GSocketConnection) connection = conn;
    MvRpcServerClient *client;
    MvRpcPeerCreds creds = { 0 };
    bool have_creds = false;
    bool refused;

    g_mutex_lock(&server->lock);
    refused = server->shutting_down;
    g_mutex_unlock(&server->lock);
    if (refused) {
        mv_report_error(VIR_ERR_OPERATION_INVALID,
                        "RPC server is shutting down: connection on fd %d refused",
                        g_socket_get_fd(sock));
        return NULL;
    }
    if (g_socket_get_family(sock) == G_SOCKET_FAMILY_UNIX) {
        if (mv_rpc_peer_creds_get(g_socket_get_fd(sock), &creds) < 0)
            return NULL;
        have_creds = true;
    }
    g_socket_set_blocking(sock, FALSE);

    client = g_new0(MvRpcServerClient, 1);
    client->refs = 1;   /* the server's list */
    client->server = server_ref(server);
    client->socket = g_steal_pointer(&sock);
    client->conn = g_steal_pointer(&connection);
    client->read_only = read_only;
    client->have_creds = have_creds;
    client->creds = creds;
    client->reader = mv_rpc_reader_new();
    client->streams = g_hash_table_new(NULL, NULL);
    g_mutex_init(&client->lock);
    g_queue_init(&client->tx);
    mv_rpc_keepalive_init(&client->keepalive, server->keepalive_interval_ms,
                          server->keepalive_count);

    g_mutex_lock(&server->lock);
    client->id = ++server->next_id;
    server->clients = g_list_prepend(server->clients, client);
    g_mutex_unlock(&server->lock);

    MV_DEBUG("client %u connected (%s, pid %d uid %u)", client->id,
             read_only ? "read-only" : "read-write",
             have_creds ? (int) creds.pid : -1, have_creds ? (unsigned int) creds.uid : 0);
    if (server->connected)
        server->connected(server, client, server->opaque);
    client_watch_input(client);
    return client;
}

MvRpcServerClient *
mv_rpc_server_add_client(MvRpcServer *server, GSocketConnection *conn, bool read_only)
{
    GSocket *socket = g_socket_connection_get_socket(conn);

    return server_add_socket(server, g_object_ref(socket), g_object_ref(conn), read_only);
}

MvRpcServerClient *
mv_rpc_server_add_client_fd(MvRpcServer *server, int fd, bool read_only)
{
    g_autoptr(GError) error = NULL;
    GSocket *socket = g_socket_new_from_fd(fd, &error);

    if (!socket) {
        mv_report_error(VIR_ERR_INVALID_ARG, "fd %d is not a usable socket: %s",
                        fd, error->message);
        close(fd);
        return NULL;
    }
    return server_add_socket(server, socket, NULL, read_only);
}

unsigned int
mv_rpc_server_client_count(MvRpcServer *server)
{
    unsigned int count;

    g_mutex_lock(&server->lock);
    count = g_list_length(server->clients);
    g_mutex_unlock(&server->lock);
    return count;
}

bool
mv_rpc_server_client_is_read_only(MvRpcServerClient *client)
{
    return client->read_only;
}

bool
mv_rpc_server_client_is_open(MvRpcServerClient *client)
{
    bool open;

    g_mutex_lock(&client->lock);
    open = !client->closed;
    g_mutex_unlock(&client->lock);
    return open;
}

int
mv_rpc_server_client_get_peer_creds(MvRpcServerClient *client, MvRpcPeerCreds *ret_creds)
{
    if (!client->have_creds) {
        mv_report_error(VIR_ERR_AUTH_UNAVAILABLE,
                        "client %u has no peer credentials: its socket is not a unix socket",
                        client->id);
        return -1;
    }
    *ret_creds = client->creds;
    return 0;
}

void
mv_rpc_server_client_set_private(MvRpcServerClient *client, void *data, GDestroyNotify free_func)
{
    void *old;
    GDestroyNotify old_free;

    g_mutex_lock(&client->lock);
    old = client->priv;
    old_free = client->priv_free;
    client->priv = data;
    client->priv_free = free_func;
    g_mutex_unlock(&client->lock);

    if (old_free && old != data)
        old_free(old);
}

void *
mv_rpc_server_client_get_private(MvRpcServerClient *client)
{
    void *data;

    g_mutex_lock(&client->lock);
    data = client->priv;
    g_mutex_unlock(&client->lock);
    return data;
}

void
mv_rpc_server_client_start_keepalive(MvRpcServerClient *client)
{
    g_mutex_lock(&client->lock);
    if (!client->closed && !client->keepalive_source) {
        mv_rpc_keepalive_init(&client->keepalive, client->server->keepalive_interval_ms,
                              client->server->keepalive_count);
        client->keepalive_source = g_timeout_source_new(client->keepalive.interval_ms);
        g_source_set_callback(client->keepalive_source, client_on_keepalive_tick, client, NULL);
        g_source_attach(client->keepalive_source, client->server->context);
        MV_DEBUG("client %u: keepalive every %u ms, dead after %u unanswered pings",
                 client->id, client->keepalive.interval_ms, client->keepalive.count);
    }
    g_mutex_unlock(&client->lock);
}

int
mv_rpc_server_client_send_event(MvRpcServerClient *client, uint32_t program, uint32_t version,
                                int procedure, xdrproc_t proc, const void *data)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();

    msg->header = (MvRpcHeader) {
        .program = program,
        .version = version,
        .procedure = procedure,
        .type = MV_NET_MESSAGE,
        .serial = 0,
        .status = MV_NET_OK,
    };
    if (mv_rpc_message_encode(msg, proc, data) < 0)
        return -1;
    if (mv_rpc_server_client_queue(client, g_steal_pointer(&msg)) < 0) {
        mv_report_error(VIR_ERR_RPC, "cannot send event %d of program 0x%x: client %u is closed",
                        procedure, program, client->id);
        return -1;
    }
    return 0;
}

GMainContext *
mv_rpc_server_client_get_context(MvRpcServerClient *client)
{
    return client->server->context;
}

unsigned int
mv_rpc_server_client_get_id(MvRpcServerClient *client)
{
    return client->id;
}

void
mv_rpc_server_client_lock(MvRpcServerClient *client)
{
    g_mutex_lock(&client->lock);
}

void
mv_rpc_server_client_unlock(MvRpcServerClient *client)
{
    g_mutex_unlock(&client->lock);
}

GHashTable *
mv_rpc_server_client_streams(MvRpcServerClient *client)
{
    return client->streams;
}

bool
mv_rpc_server_client_is_closed_locked(MvRpcServerClient *client)
{
    return client->closed;
}
