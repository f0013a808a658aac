/* The RPC client: a dedicated I/O thread per connection, callers waiting on their serial's reply. */
#define MV_LOG_MODULE "rpc.client"
#define MV_FROM_THIS VIR_FROM_RPC

#include "client_internal.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "keepalive.h"
#include "protocol/keepalive.h"
#include "reader.h"
#include "util/log.h"

#define READ_CHUNK 65536

typedef struct {
    uint32_t serial;
    bool done;
    MvRpcMessage *reply;        /* or */
    MvError *error;             /* the connection closed first */
} PendingCall;

static gboolean client_on_readable(GSocket *socket, GIOCondition cond, gpointer data);
static gboolean client_on_writable(GSocket *socket, GIOCondition cond, gpointer data);

static void
destroy_source(GSource **source)
{
    if (!*source)
        return;
    g_source_destroy(*source);
    g_source_unref(*source);
    *source = NULL;
}

void
mv_rpc_client_want_write_locked(MvRpcClient *client)
{
    if (client->write_source)
        return;
    client->write_source = g_socket_create_source(client->socket, G_IO_OUT, NULL);
    g_source_set_callback(client->write_source, G_SOURCE_FUNC(client_on_writable), client, NULL);
    g_source_attach(client->write_source, client->context);
}

/* Marks the connection closed with reason (taken) and fails every pending
 * call with it. notify: run the close callback (not when freeing). */
static void
client_close(MvRpcClient *client, MvError *reason, bool notify)
{
    GHashTableIter iter;
    PendingCall *call;
    MvRpcClientCloseFunc func;
    void *opaque;
    GPtrArray *failed_streams;

    g_mutex_lock(&client->lock);
    if (client->closed) {
        g_mutex_unlock(&client->lock);
        mv_error_free(reason);
        return;
    }
    client->closed = true;
    client->close_error = reason;
    g_hash_table_iter_init(&iter, client->calls);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &call)) {
        call->error = mv_error_copy(reason);
        call->done = true;
    }
    g_hash_table_remove_all(client->calls);
    failed_streams = mv_rpc_client_streams_close_locked(client, reason);
    g_cond_broadcast(&client->replies);
    destroy_source(&client->write_source);
    destroy_source(&client->keepalive_source);
    g_queue_clear_full(&client->tx, (GDestroyNotify) mv_rpc_message_free);
    func = client->close_func;
    opaque = client->close_opaque;
    g_mutex_unlock(&client->lock);

    destroy_source(&client->read_source);
    g_socket_close(client->socket, NULL);
    MV_DEBUG("connection to %s closed: %s", client->name, reason->message);

    /* A stream's owner learns of the end through its callback too (not
     * when the client is being freed by its owner). */
    if (notify)
        mv_rpc_client_streams_notify(failed_streams);
    else
        g_ptr_array_unref(failed_streams);
    if (notify && func)
        func(client, reason, opaque);
}

/* Closes for an error reported just before (in the I/O thread). */
static void
client_close_reported(MvRpcClient *client)
{
    MvError *reason = mv_error_save();

    if (!reason) {
        mv_report_error(VIR_ERR_RPC, "connection to %s closed", client->name);
        reason = mv_error_save();
    }
    client_close(client, reason, true);
}

/* Queues an encoded message; takes msg. -1 (not reported) when closed. */
static int
client_queue(MvRpcClient *client, MvRpcMessage *msg)
{
    g_mutex_lock(&client->lock);
    if (client->closed) {
        g_mutex_unlock(&client->lock);
        mv_rpc_message_free(msg);
        return -1;
    }
    g_queue_push_tail(&client->tx, msg);
    mv_rpc_client_want_write_locked(client);
    g_mutex_unlock(&client->lock);
    return 0;
}

static gboolean
client_on_writable(GSocket *socket, GIOCondition cond, gpointer data)
{
    MvRpcClient *client = data;
    MvRpcMessage *msg;

    g_mutex_lock(&client->lock);
    while ((msg = g_queue_peek_head(&client->tx))) {
        g_autoptr(GError) error = NULL;
        gssize n = g_socket_send(socket, (const char *) msg->buffer + client->tx_offset,
                                 msg->length - client->tx_offset, NULL, &error);

        if (n < 0) {
            g_mutex_unlock(&client->lock);
            if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
                return G_SOURCE_CONTINUE;
            mv_report_error(VIR_ERR_RPC, "cannot write to %s: %s", client->name, error->message);
            client_close_reported(client);
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

static void
client_deliver_reply(MvRpcClient *client, MvRpcMessage *msg)
{
    PendingCall *call;

    g_mutex_lock(&client->lock);
    call = g_hash_table_lookup(client->calls, GUINT_TO_POINTER(msg->header.serial));
    if (call) {
        g_hash_table_remove(client->calls, GUINT_TO_POINTER(msg->header.serial));
        call->reply = msg;
        call->done = true;
        g_cond_broadcast(&client->replies);
    }
    g_mutex_unlock(&client->lock);

    if (!call) {
        /* Its caller gave up waiting. */
        MV_DEBUG("%s: dropping the reply to procedure %d serial %u: no call waits for it",
                 client->name, msg->header.procedure, msg->header.serial);
        mv_rpc_message_free(msg);
    }
}

static void
client_deliver_event(MvRpcClient *client, MvRpcMessage *msg)
{
    g_autoptr(MvRpcMessage) event = msg;
    MvRpcClientEventFunc func;
    void *opaque;

    g_mutex_lock(&client->lock);
    func = client->event_func;
    opaque = client->event_opaque;
    g_mutex_unlock(&client->lock);

    if (func)
        func(client, event, opaque);
    else
        MV_DEBUG("%s: no event callback for procedure %d of program 0x%x",
                 client->name, event->header.procedure, event->header.program);
}

/* False when the message closed the connection. */
static bool
client_handle_message(MvRpcClient *client, MvRpcMessage *msg)
{
    const MvRpcHeader *header = &msg->header;

    if (mv_rpc_keepalive_is_keepalive(header)) {
        if (mv_rpc_keepalive_is_ping(header))
            client_queue(client, mv_rpc_keepalive_message_new(KEEPALIVE_PROC_PONG));
        mv_rpc_message_free(msg);
        return true;
    }

    switch ((mv_net_message_type) header->type) {
    case MV_NET_REPLY:
    case MV_NET_REPLY_WITH_FDS:
        client_deliver_reply(client, msg);
        return true;
    case MV_NET_MESSAGE:
        client_deliver_event(client, msg);
        return true;
    case MV_NET_STREAM:
    case MV_NET_STREAM_HOLE:
        mv_rpc_client_stream_deliver(client, msg);
        return true;
    case MV_NET_CALL:
    case MV_NET_CALL_WITH_FDS:
        MV_DEBUG("%s: ignoring a message of type %d for procedure %d serial %u",
                 client->name, header->type, header->procedure, header->serial);
        mv_rpc_message_free(msg);
        return true;
    }

    mv_report_error(VIR_ERR_RPC, "%s sent a message of unknown type %d", client->name, header->type);
    mv_rpc_message_free(msg);
    client_close_reported(client);
    return false;
}

static gboolean
client_on_readable(GSocket *socket, GIOCondition cond, gpointer data)
{
    MvRpcClient *client = data;
    g_autofree char *buffer = g_malloc(READ_CHUNK);
    g_autoptr(GError) error = NULL;
    MvRpcMessage *msg = NULL;
    gssize n;

    n = g_socket_receive(socket, buffer, READ_CHUNK, NULL, &error);
    if (n < 0) {
        if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return G_SOURCE_CONTINUE;
        mv_report_error(VIR_ERR_RPC, "cannot read from %s: %s", client->name, error->message);
        client_close_reported(client);
        return G_SOURCE_REMOVE;
    }
    if (n == 0) {
        mv_report_error(VIR_ERR_RPC, "connection to %s closed by the daemon", client->name);
        client_close_reported(client);
        return G_SOURCE_REMOVE;
    }

    g_mutex_lock(&client->lock);
    mv_rpc_keepalive_heard(&client->keepalive);
    g_mutex_unlock(&client->lock);

    if (mv_rpc_reader_feed(client->reader, buffer, n) < 0) {
        client_close_reported(client);
        return G_SOURCE_REMOVE;
    }
    while (mv_rpc_reader_next(client->reader, &msg) > 0) {
        if (!client_handle_message(client, msg))
            return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static gboolean
client_on_keepalive_tick(gpointer data)
{
    MvRpcClient *client = data;
    MvRpcKeepaliveAction action;
    unsigned int count;
    unsigned int interval_ms;

    g_mutex_lock(&client->lock);
    action = mv_rpc_keepalive_tick(&client->keepalive);
    count = client->keepalive.count;
    interval_ms = client->keepalive.interval_ms;
    g_mutex_unlock(&client->lock);

    switch (action) {
    case MV_RPC_KEEPALIVE_IDLE:
        break;
    case MV_RPC_KEEPALIVE_SEND_PING:
        client_queue(client, mv_rpc_keepalive_message_new(KEEPALIVE_PROC_PING));
        break;
    case MV_RPC_KEEPALIVE_DEAD:
        mv_report_error(VIR_ERR_RPC,
                        "connection to %s closed: no answer to %u keepalive pings sent every %u ms",
                        client->name, count, interval_ms);
        client_close_reported(client);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static gpointer
client_io_thread(gpointer data)
{
    MvRpcClient *client = data;

    /* A flag rather than g_main_loop_quit, which is lost when it comes
     * before the loop started running. */
    g_main_context_push_thread_default(client->context);
    while (!g_atomic_int_get(&client->quit))
        g_main_context_iteration(client->context, TRUE);
    g_main_context_pop_thread_default(client->context);
    return NULL;
}

/* Takes socket. */
static MvRpcClient *
client_new(GSocket *socket, const char *name)
{
    MvRpcClient *client = g_new0(MvRpcClient, 1);

    g_socket_set_blocking(socket, FALSE);
    client->name = g_strdup(name);
    client->socket = socket;
    client->context = g_main_context_new();
    client->reader = mv_rpc_reader_new();
    g_mutex_init(&client->lock);
    g_cond_init(&client->replies);
    g_queue_init(&client->tx);
    client->calls = g_hash_table_new(NULL, NULL);
    client->streams = g_hash_table_new(NULL, NULL);
    client->next_serial = 1;
    client->call_timeout_ms = MV_RPC_CLIENT_CALL_TIMEOUT_MS;
    mv_rpc_keepalive_init(&client->keepalive, 0, 0);

    client->read_source = g_socket_create_source(socket, G_IO_IN, NULL);
    g_source_set_callback(client->read_source, G_SOURCE_FUNC(client_on_readable), client, NULL);
    g_source_attach(client->read_source, client->context);

    client->thread = g_thread_new("mv-rpc-client", client_io_thread, client);
    return client;
}

/* A blocking connect bounded by SO_SNDTIMEO: for a unix socket that is
 * how long the kernel waits for room in a full listen queue. */
static int
connect_unix(const char *path, unsigned int timeout_ms)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    struct timeval tv = {
        .tv_sec = timeout_ms / 1000,
        .tv_usec = (timeout_ms % 1000) * 1000,
    };
    struct timeval no_timeout = { 0 };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        mv_report_error(VIR_ERR_INVALID_ARG, "socket path '%s' is longer than %zu bytes",
                        path, sizeof(addr.sun_path) - 1);
        return -1;
    }
    strcpy(addr.sun_path, path);

    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        mv_report_system_error(errno, "cannot create a socket to connect to '%s'", path);
        return -1;
    }
    if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0) {
        mv_report_system_error(errno, "cannot set the connect timeout for socket '%s'", path);
        close(fd);
        return -1;
    }
    if (connect(fd, (struct sockaddr *) &addr, sizeof(addr)) < 0) {
        int err = errno;

        close(fd);
        if (err == EAGAIN || err == EINPROGRESS) {
            mv_report_error(VIR_ERR_OPERATION_TIMEOUT,
                            "cannot connect to socket '%s': the daemon did not accept within %u ms",
                            path, timeout_ms);
        } else {
            mv_report_system_error(err, "cannot connect to socket '%s'", path);
        }
        return -1;
    }
    if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &no_timeout, sizeof(no_timeout)) < 0) {
        mv_report_system_error(errno, "cannot clear the connect timeout for socket '%s'", path);
        close(fd);
        return -1;
    }
    return fd;
}

static GSocket *
socket_from_fd(int fd, const char *name)
{
    g_autoptr(GError) error = NULL;
    GSocket *socket = g_socket_new_from_fd(fd, &error);

    if (!socket) {
        mv_report_error(VIR_ERR_INVALID_ARG, "connection to %s: fd %d is not a usable socket: %s",
                        name, fd, error->message);
        close(fd);
    }
    return socket;
}

MvRpcClient *
mv_rpc_client_new_unix(const char *path, unsigned int connect_timeout_ms)
{
    GSocket *socket;
    int fd;

    fd = connect_unix(path, connect_timeout_ms ? connect_timeout_ms : MV_RPC_CLIENT_CONNECT_TIMEOUT_MS);
    if (fd < 0)
        return NULL;
    if (!(socket = socket_from_fd(fd, path)))
        return NULL;
    MV_DEBUG("connected to %s", path);
    return client_new(socket, path);
}

MvRpcClient *
mv_rpc_client_new_fd(int fd)
{
    g_autofree char *name = g_strdup_printf("socket fd %d", fd);
    GSocket *socket = socket_from_fd(fd, name);

    if (!socket)
        return NULL;
    return client_new(socket, name);
}

void
mv_rpc_client_free(MvRpcClient *client)
{
    if (!client)
        return;

    g_atomic_int_set(&client->quit, 1);
    g_main_context_wakeup(client->context);
    g_thread_join(client->thread);

    mv_report_error(VIR_ERR_RPC, "connection to %s was closed by its owner", client->name);
    client_close(client, mv_error_save(), false);

    if (client->event_free)
        client->event_free(client->event_opaque);
    if (client->close_free)
        client->close_free(client->close_opaque);
    mv_error_free(client->close_error);
    g_hash_table_unref(client->calls);
    g_hash_table_unref(client->streams);
    g_queue_clear_full(&client->tx, (GDestroyNotify) mv_rpc_message_free);
    mv_rpc_reader_free(client->reader);
    g_object_unref(client->socket);
    g_main_context_unref(client->context);
    g_mutex_clear(&client->lock);
    g_cond_clear(&client->replies);
    g_free(client->name);
    g_free(client);
}

void
mv_rpc_client_set_call_timeout(MvRpcClient *client, unsigned int timeout_ms)
{
    g_mutex_lock(&client->lock);
    client->call_timeout_ms = timeout_ms ? timeout_ms : MV_RPC_CLIENT_CALL_TIMEOUT_MS;
    g_mutex_unlock(&client->lock);
}

void
mv_rpc_client_set_event_callback(MvRpcClient *client, MvRpcClientEventFunc func,
                                 void *opaque, GDestroyNotify free_opaque)
{
    void *old;
    GDestroyNotify old_free;

    g_mutex_lock(&client->lock);
    old = client->event_opaque;
    old_free = client->event_free;
    client->event_func = func;
    client->event_opaque = opaque;
    client->event_free = free_opaque;
    g_mutex_unlock(&client->lock);
    if (old_free)
        old_free(old);
}

void
mv_rpc_client_set_close_callback(MvRpcClient *client, MvRpcClientCloseFunc func,
                                 void *opaque, GDestroyNotify free_opaque)
{
    void *old;
    GDestroyNotify old_free;

    g_mutex_lock(&client->lock);
    old = client->close_opaque;
    old_free = client->close_free;
    client->close_func = func;
    client->close_opaque = opaque;
    client->close_free = free_opaque;
    g_mutex_unlock(&client->lock);
    if (old_free)
        old_free(old);
}

void
mv_rpc_client_start_keepalive(MvRpcClient *client, unsigned int interval_ms, unsigned int count)
{
    g_mutex_lock(&client->lock);
    if (!client->closed && !client->keepalive_source) {
        mv_rpc_keepalive_init(&client->keepalive, interval_ms, count);
        client->keepalive_source = g_timeout_source_new(client->keepalive.interval_ms);
        g_source_set_callback(client->keepalive_source, client_on_keepalive_tick, client, NULL);
        g_source_attach(client->keepalive_source, client->context);
    }
    g_mutex_unlock(&client->lock);
}

bool
mv_rpc_client_is_open(MvRpcClient *client)
{
    bool open;

    g_mutex_lock(&client->lock);
    open = !client->closed;
    g_mutex_unlock(&client->lock);
    return open;
}

/* Queues the call and waits for its reply; *ret_reply on success. */
static int
client_exchange(MvRpcClient *client, MvRpcMessage *msg, MvRpcMessage **ret_reply)
{
    PendingCall call = { .serial = msg->header.serial };
    int procedure = msg->header.procedure;
    gint64 deadline;
    unsigned int timeout_ms;

    g_mutex_lock(&client->lock);
    if (client->closed) {
        mv_error_set(client->close_error);
        g_mutex_unlock(&client->lock);
        mv_rpc_message_free(msg);
        return -1;
    }
    timeout_ms = client->call_timeout_ms;
    g_hash_table_insert(client->calls, GUINT_TO_POINTER(call.serial), &call);
    /* msg belongs to the I/O thread from here on. */
    g_queue_push_tail(&client->tx, msg);
    mv_rpc_client_want_write_locked(client);

    deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
    while (!call.done) {
        if (!g_cond_wait_until(&client->replies, &client->lock, deadline) && !call.done) {
            g_hash_table_remove(client->calls, GUINT_TO_POINTER(call.serial));
            g_mutex_unlock(&client->lock);
            mv_report_error(VIR_ERR_OPERATION_TIMEOUT,
                            "no reply from %s to procedure %d (serial %u) within %u ms",
                            client->name, procedure, call.serial, timeout_ms);
            return -1;
        }
    }
    g_mutex_unlock(&client->lock);

    if (call.error) {
        mv_error_set(call.error);
        mv_error_free(call.error);
        return -1;
    }
    *ret_reply = call.reply;
    return 0;
}

uint32_t
mv_rpc_client_next_serial(MvRpcClient *client)
{
    uint32_t serial;

    g_mutex_lock(&client->lock);
    serial = client->next_serial++;
    if (client->next_serial == 0)
        client->next_serial = 1;
    g_mutex_unlock(&client->lock);
    return serial;
}

int
mv_rpc_client_call_serial(MvRpcClient *client, uint32_t serial, uint32_t program,
                          uint32_t version, int procedure, xdrproc_t args_proc,
                          const void *args, xdrproc_t ret_proc, void *ret)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    g_autoptr(MvRpcMessage) reply = NULL;

    msg->header = (MvRpcHeader) {
        .program = program,
        .version = version,
        .procedure = procedure,
        .type = MV_NET_CALL,
        .serial = serial,
        .status = MV_NET_OK,
    };
    if (mv_rpc_message_encode(msg, args_proc, args) < 0)
        return -1;
    if (client_exchange(client, g_steal_pointer(&msg), &reply) < 0)
        return -1;

    if (reply->header.program != program || reply->header.procedure != procedure) {
        mv_report_error(VIR_ERR_RPC,
                        "%s answered serial %u with procedure %d of program 0x%x, expected procedure %d of program 0x%x",
                        client->name, serial, reply->header.procedure, reply->header.program,
                        procedure, program);
        return -1;
    }
    if (reply->header.status == MV_NET_ERROR) {
        g_autoptr(MvError) err = NULL;

        if (mv_rpc_message_decode_error(reply, &err) < 0)
            return -1;
        mv_error_set(err);
        return -1;
    }
    if (reply->header.status != MV_NET_OK) {
        mv_report_error(VIR_ERR_RPC, "%s answered procedure %d serial %u with status %d",
                        client->name, procedure, serial, reply->header.status);
        return -1;
    }
    return mv_rpc_message_decode_payload(reply, ret_proc, ret);
}

int
mv_rpc_client_call(MvRpcClient *client, uint32_t program, uint32_t version, int procedure,
                   xdrproc_t args_proc, const void *args, xdrproc_t ret_proc, void *ret)
{
    return mv_rpc_client_call_serial(client, mv_rpc_client_next_serial(client), program, version, procedure,
                              args_proc, args, ret_proc, ret);
}
