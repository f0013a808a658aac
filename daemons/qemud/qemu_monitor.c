/* QMP client: a QEMU monitor socket driven on a GLib main context, with per-command timeouts and a blocking wrapper for worker threads. */
#define MV_LOG_MODULE "qemu.monitor"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_monitor.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "qemu_monitor_json.h"
#include "util/log.h"

/* A message longer than this (query-qmp-schema is a few hundred KiB) means
 * the stream is broken. */
#define MAX_MESSAGE_LEN (32 * 1024 * 1024)
#define READ_CHUNK 65536

/* How long a waiting thread gives the monitor's context past the command's
 * own timeout before it gives up by itself (a context that stopped running). */
#define SYNC_GRACE_MS 2000

/* Pause between attempts to connect to a socket QEMU has not created yet. */
#define CONNECT_RETRY_US (20 * 1000)

/* How long close() from another thread waits for the context to tear down. */
#define CLOSE_WAIT_MS 5000

typedef struct {
    char *id;
    char *command;
    MvQemuMonitorReplyFunc func;
    void *opaque;
    GSource *timeout_source;
    unsigned int timeout_ms;
} Request;

struct _MvQemuMonitor {
    gint refs;
    char *name;
    GMainContext *ctx;
    MvQemuMonitorCallbacks cb;
    gint default_timeout_ms;        /* atomic */

    /* Below: touched on the context only (or before the source is attached). */
    int fd;
    GSource *in_source;
    GSource *out_source;
    GByteArray *inbuf;
    GString *outbuf;
    GArray *out_fds;                /* OutFd, by offset: fds that go with a command (getfd) */
    bool greeted;
    bool dead;                      /* EOF, broken stream or closed */
    MvError *end_error;             /* why the stream broke, for later commands */
    guint64 next_id;
    GHashTable *pending;            /* id -> Request */
    gint version[3];                /* atomic: major, minor, micro */
};

struct _MvQemuMonitorThread {
    GMainContext *ctx;
    GMainLoop *loop;
    GThread *thread;
};

/* An fd sent (SCM_RIGHTS) with the first byte of the command at offset of outbuf. */
typedef struct {
    gsize offset;
    int fd;
} OutFd;

static void
out_fds_close(GArray *fds)
{
    for (guint i = 0; i < fds->len; i++)
        close(g_array_index(fds, OutFd, i).fd);
    g_array_set_size(fds, 0);
}

/* One blocking caller waiting for the context: a command's reply, or close. */
typedef struct {
    gint refs;
    GMutex lock;
    GCond cond;
    bool done;
    JsonNode *reply;
    MvError *err;
} Waiter;

static void monitor_flush(MvQemuMonitor *mon);

static Waiter *
waiter_new(void)
{
    Waiter *w = g_new0(Waiter, 1);

    w->refs = 1;
    g_mutex_init(&w->lock);
    g_cond_init(&w->cond);
    return w;
}

static Waiter *
waiter_ref(Waiter *w)
{
    g_atomic_int_inc(&w->refs);
    return w;
}

static void
waiter_unref(Waiter *w)
{
    if (!g_atomic_int_dec_and_test(&w->refs))
        return;
    g_mutex_clear(&w->lock);
    g_cond_clear(&w->cond);
    if (w->reply)
        json_node_unref(w->reply);
    mv_error_free(w->err);
    g_free(w);
}

static void
waiter_finish(Waiter *w, JsonNode *reply, const MvError *err)
{
    g_mutex_lock(&w->lock);
    w->done = true;
    w->reply = reply ? json_node_ref(reply) : NULL;
    w->err = err ? mv_error_copy(err) : NULL;
    g_cond_signal(&w->cond);
    g_mutex_unlock(&w->lock);
}

/* True if it finished before timeout_ms. */
static bool
waiter_wait(Waiter *w, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
    bool done;

    g_mutex_lock(&w->lock);
    while (!w->done && g_cond_wait_until(&w->cond, &w->lock, deadline))
        ;
    done = w->done;
    g_mutex_unlock(&w->lock);
    return done;
}

static void
request_free(Request *req)
{
    if (req->timeout_source) {
        g_source_destroy(req->timeout_source);
        g_source_unref(req->timeout_source);
    }
    g_free(req->id);
    g_free(req->command);
    g_free(req);
}

/* Takes req out of the pending table and hands its outcome to its owner. */
static void
request_complete(MvQemuMonitor *mon, Request *req, JsonNode *ret, const MvError *err)
{
    g_hash_table_steal(mon->pending, req->id);
    if (req->func)
        req->func(mon, ret, err, req->opaque);
    request_free(req);
}

/* Reports on the context thread and moves the error out of it, for a
 * request's owner. */
G_GNUC_PRINTF(2, 3) static MvError *
context_error(int code, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    mv_report_error(code, "%s", msg);
    return mv_error_save();
}

/* Every waiting command fails with err. */
static void
monitor_fail_pending(MvQemuMonitor *mon, const MvError *err)
{
    GHashTableIter iter;
    gpointer value;
    g_autoptr(GPtrArray) reqs = g_ptr_array_new();

    g_hash_table_iter_init(&iter, mon->pending);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        g_ptr_array_add(reqs, value);
    for (guint i = 0; i < reqs->len; i++)
        request_complete(mon, g_ptr_array_index(reqs, i), NULL, err);
}

/* Fails waiting commands with an error made only when there are some, so
 * that a quiet close logs no error. */
static void
monitor_fail_pending_closed(MvQemuMonitor *mon, const char *how)
{
    g_autoptr(MvError) saved = NULL;
    g_autoptr(MvError) err = NULL;

    if (g_hash_table_size(mon->pending) == 0)
        return;
    saved = mv_error_save();
    err = context_error(VIR_ERR_OPERATION_FAILED, "the monitor of QEMU of '%s' %s", mon->name, how);
    monitor_fail_pending(mon, err);
    mv_error_restore(g_steal_pointer(&saved));
}

static void
monitor_detach(MvQemuMonitor *mon)
{
    if (mon->in_source) {
        g_source_destroy(mon->in_source);
        g_clear_pointer(&mon->in_source, g_source_unref);
    }
    if (mon->out_source) {
        g_source_destroy(mon->out_source);
        g_clear_pointer(&mon->out_source, g_source_unref);
    }
    if (mon->fd >= 0) {
        close(mon->fd);
        mon->fd = -1;
    }
    out_fds_close(mon->out_fds);
}

/* The stream ended (err NULL: a clean EOF) or broke: the monitor is dead,
 * commands fail, the owner hears of it once. Takes err. */
static void
monitor_end(MvQemuMonitor *mon, MvError *err)
{
    g_autoptr(MvError) owned = err;

    if (mon->dead)
        return;
    mon->dead = true;
    monitor_detach(mon);
    if (owned) {
        monitor_fail_pending(mon, owned);
        mon->end_error = mv_error_copy(owned);
    } else {
        MV_DEBUG("QEMU of '%s' closed its monitor", mon->name);
        monitor_fail_pending_closed(mon, "was closed by QEMU");
    }
    if (mon->cb.eof)
        mon->cb.eof(mon, owned != NULL, mon->cb.opaque);
}

static void
monitor_dispatch_event(MvQemuMonitor *mon, JsonObject *msg)
{
    const char *event = mv_qemu_json_get_string(msg, "event");
    JsonObject *ts = mv_qemu_json_get_object(msg, "timestamp");
    g_autoptr(JsonObject) empty = NULL;
    JsonObject *data = mv_qemu_json_get_object(msg, "data");
    gint64 timestamp_us;

    if (!event) {
        MV_WARN("QEMU of '%s' sent an event without a name", mon->name);
        return;
    }
    if (!data)
        data = empty = json_object_new();
    timestamp_us = mv_qemu_json_get_int(ts, "seconds", 0) * G_USEC_PER_SEC +
                   mv_qemu_json_get_int(ts, "microseconds", 0);

    MV_DEBUG("QEMU of '%s' sent event %s", mon->name, event);
    if (mon->cb.event)
        mon->cb.event(mon, event, data, timestamp_us, mon->cb.opaque);
}

static void
monitor_dispatch_reply(MvQemuMonitor *mon, JsonObject *msg)
{
    const char *id = mv_qemu_json_get_string(msg, "id");
    Request *req = id ? g_hash_table_lookup(mon->pending, id) : NULL;

    if (!req) {
        /* The reply of a command that timed out already. */
        MV_DEBUG("QEMU of '%s' answered unknown command id '%s'", mon->name, id ? id : "");
        return;
    }

    if (json_object_has_member(msg, "error")) {
        JsonObject *qerr = mv_qemu_json_get_object(msg, "error");
        const char *klass = mv_qemu_json_get_string(qerr, "class");
        const char *desc = mv_qemu_json_get_string(qerr, "desc");
        g_autoptr(MvError) err = NULL;

        err = context_error(VIR_ERR_OPERATION_FAILED, "QEMU of '%s' refused '%s': %s: %s",
                            mon->name, req->command,
                            klass ? klass : "GenericError",
                            desc ? desc : "no description");
        request_complete(mon, req, NULL, err);
        return;
    }

    request_complete(mon, req, json_object_get_member(msg, "return"), NULL);
}

static void
monitor_handle_greeting(MvQemuMonitor *mon, JsonObject *msg)
{
    JsonObject *qemu = mv_qemu_json_get_object(
        mv_qemu_json_get_object(mv_qemu_json_get_object(msg, "QMP"), "version"), "qemu");

    g_atomic_int_set(&mon->version[0], (gint) mv_qemu_json_get_int(qemu, "major", 0));
    g_atomic_int_set(&mon->version[1], (gint) mv_qemu_json_get_int(qemu, "minor", 0));
    g_atomic_int_set(&mon->version[2], (gint) mv_qemu_json_get_int(qemu, "micro", 0));
    MV_DEBUG("QEMU of '%s' greeted: version %d.%d.%d", mon->name,
             g_atomic_int_get(&mon->version[0]), g_atomic_int_get(&mon->version[1]),
             g_atomic_int_get(&mon->version[2]));
    mon->greeted = true;
    monitor_flush(mon);
}

/* One line from QEMU. -1 when the monitor ended. */
static int
monitor_handle_line(MvQemuMonitor *mon, const char *line, gsize len)
{
    g_autoptr(JsonParser) parser = json_parser_new_immutable();
    g_autoptr(GError) gerr = NULL;
    JsonNode *root;
    JsonObject *msg;

    if (!json_parser_load_from_data(parser, line, (gssize) len, &gerr)) {
        monitor_end(mon, context_error(VIR_ERR_INTERNAL_ERROR,
                                       "cannot parse a message from QEMU of '%s': %s",
                                       mon->name, gerr->message));
        return -1;
    }
    root = json_parser_get_root(parser);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        monitor_end(mon, context_error(VIR_ERR_INTERNAL_ERROR,
                                       "QEMU of '%s' sent a message that is no JSON object: '%.*s'",
                                       mon->name, (int) MIN(len, 200), line));
        return -1;
    }
    msg = json_node_get_object(root);

    if (json_object_has_member(msg, "QMP"))
        monitor_handle_greeting(mon, msg);
    else if (json_object_has_member(msg, "event"))
        monitor_dispatch_event(mon, msg);
    else if (json_object_has_member(msg, "return") || json_object_has_member(msg, "error"))
        monitor_dispatch_reply(mon, msg);
    else
        MV_WARN("QEMU of '%s' sent a message of unknown kind: '%.*s'",
                mon->name, (int) MIN(len, 200), line);
    return mon->dead ? -1 : 0;
}

/* Hands every complete line in inbuf over; keeps the partial one. */
static void
monitor_process_input(MvQemuMonitor *mon)
{
    gsize start = 0;

    while (!mon->dead) {
        guint8 *nl = memchr(mon->inbuf->data + start, '\n', mon->inbuf->len - start);
        gsize len;

        if (!nl)
            break;
        len = (gsize) (nl - (mon->inbuf->data + start));
        if (len > 0 && mon->inbuf->data[start + len - 1] == '\r')
            len--;
        if (len > 0 &&
            monitor_handle_line(mon, (const char *) mon->inbuf->data + start, len) < 0)
            return;
        start = (gsize) (nl - mon->inbuf->data) + 1;
    }
    if (mon->dead)
        return;
    g_byte_array_remove_range(mon->inbuf, 0, (guint) start);
    if (mon->inbuf->len > MAX_MESSAGE_LEN)
        monitor_end(mon, context_error(VIR_ERR_INTERNAL_ERROR,
                                       "QEMU of '%s' sent a message longer than %d bytes",
                                       mon->name, MAX_MESSAGE_LEN));
}

static gboolean
on_monitor_input(gint fd, GIOCondition cond, gpointer data)
{
    g_autoptr(MvQemuMonitor) mon = mv_qemu_monitor_ref(data);
    guint8 buf[READ_CHUNK];
    ssize_t got;

    got = read(fd, buf, sizeof(buf));
    /* A reset is a hangup too: an exiting QEMU may leave bytes of ours unread. */
    if (got == 0 || (got < 0 && errno == ECONNRESET)) {
        monitor_end(mon, NULL);
        return G_SOURCE_REMOVE;
    }
    if (got < 0) {
        if (errno == EAGAIN || errno == EINTR)
            return G_SOURCE_CONTINUE;
        monitor_end(mon, context_error(VIR_ERR_OPERATION_FAILED,
                                       "cannot read from the monitor of QEMU of '%s': %s",
                                       mon->name, g_strerror(errno)));
        return G_SOURCE_REMOVE;
    }

    g_byte_array_append(mon->inbuf, buf, (guint) got);
    monitor_process_input(mon);
    return mon->dead ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static gboolean
on_monitor_output(gint fd, GIOCondition cond, gpointer data)
{
    MvQemuMonitor *mon = data;

    monitor_flush(mon);
    return G_SOURCE_CONTINUE;
}

/* Sends up to len bytes of outbuf, with fd (-1: none) as SCM_RIGHTS. */
static ssize_t
monitor_send_bytes(MvQemuMonitor *mon, gsize len, int fd)
{
    struct iovec iov = { .iov_base = mon->outbuf->str, .iov_len = len };
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

    if (fd >= 0) {
        struct cmsghdr *cmsg;

        memset(&control, 0, sizeof(control));
        msg.msg_control = control.buf;
        msg.msg_controllen = sizeof(control.buf);
        cmsg = CMSG_FIRSTHDR(&msg);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
    }
    return sendmsg(mon->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* Writes what the socket takes now; waits for G_IO_OUT for the rest.
 * Nothing goes out before the greeting: QMP reads commands only after it.
 * A command with an fd starts a send of its own, so that QEMU gets the fd
 * with that command's first byte. */
static void
monitor_flush(MvQemuMonitor *mon)
{
    while (!mon->dead && mon->greeted && mon->outbuf->len > 0) {
        gsize len = mon->outbuf->len;
        int fd = -1;
        ssize_t done;

        if (mon->out_fds->len > 0) {
            OutFd *first = &g_array_index(mon->out_fds, OutFd, 0);

            if (first->offset == 0) {
                fd = first->fd;
                if (mon->out_fds->len > 1)
                    len = g_array_index(mon->out_fds, OutFd, 1).offset;
            } else {
                len = first->offset;
            }
        }
        done = monitor_send_bytes(mon, len, fd);

        if (done < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN)
                break;
            monitor_end(mon, context_error(VIR_ERR_OPERATION_FAILED,
                                           "cannot write to the monitor of QEMU of '%s': %s",
                                           mon->name, g_strerror(errno)));
            return;
        }
        g_string_erase(mon->outbuf, 0, done);
        if (fd >= 0 && done > 0) {
            close(fd);
            g_array_remove_index(mon->out_fds, 0);
        }
        for (guint i = 0; i < mon->out_fds->len; i++)
            g_array_index(mon->out_fds, OutFd, i).offset -= (gsize) done;
    }

    if (mon->dead)
        return;
    if (mon->outbuf->len > 0 && mon->greeted && !mon->out_source) {
        mon->out_source = g_unix_fd_source_new(mon->fd, G_IO_OUT);
        g_source_set_callback(mon->out_source, G_SOURCE_FUNC(on_monitor_output), mon, NULL);
        g_source_attach(mon->out_source, mon->ctx);
    } else if (mon->outbuf->len == 0 && mon->out_source) {
        g_source_destroy(mon->out_source);
        g_clear_pointer(&mon->out_source, g_source_unref);
    }
}

typedef struct {
    MvQemuMonitor *mon;
    char *id;
} TimeoutData;

static void
timeout_data_free(gpointer data)
{
    TimeoutData *td = data;

    g_free(td->id);
    g_free(td);
}

static gboolean
on_request_timeout(gpointer data)
{
    TimeoutData *td = data;
    MvQemuMonitor *mon = td->mon;
    Request *req = g_hash_table_lookup(mon->pending, td->id);
    g_autoptr(MvError) err = NULL;

    if (!req)
        return G_SOURCE_REMOVE;
    /* The source is being dispatched: request_free must not destroy it. */
    g_clear_pointer(&req->timeout_source, g_source_unref);
    err = context_error(VIR_ERR_OPERATION_TIMEOUT,
                        "QEMU of '%s' did not answer '%s' within %u ms",
                        mon->name, req->command, req->timeout_ms);
    request_complete(mon, req, NULL, err);
    return G_SOURCE_REMOVE;
}

/* Command names are QAPI identifiers; refusing anything else keeps the
 * hand-built line valid JSON. */
static bool
command_name_is_valid(const char *command)
{
    if (!command || !*command)
        return false;
    for (const char *p = command; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_')
            return false;
    }
    return true;
}

/* args_text: the arguments object as JSON text, or NULL; fd (taken; -1:
 * none) goes with the command. Runs on the context. */
static void
monitor_send(MvQemuMonitor *mon, const char *command, const char *args_text, int fd,
             unsigned int timeout_ms, MvQemuMonitorReplyFunc func, void *opaque)
{
    Request *req;
    TimeoutData *td;
    g_autofree char *line = NULL;

    if (timeout_ms == 0)
        timeout_ms = (unsigned int) g_atomic_int_get(&mon->default_timeout_ms);

    if (mon->dead && mon->end_error) {
        /* Reported once already, when the stream broke. */
        if (fd >= 0)
            close(fd);
        if (func)
            func(mon, NULL, mon->end_error, opaque);
        return;
    }
    if (mon->dead || !command_name_is_valid(command)) {
        g_autoptr(MvError) err = NULL;

        if (mon->dead)
            err = context_error(VIR_ERR_OPERATION_INVALID,
                                "the monitor of QEMU of '%s' is closed, cannot send '%s'",
                                mon->name, command);
        else
            err = context_error(VIR_ERR_INVALID_ARG,
                                "'%s' is no QMP command name (for QEMU of '%s')",
                                command, mon->name);
        if (fd >= 0)
            close(fd);
        if (func)
            func(mon, NULL, err, opaque);
        return;
    }

    req = g_new0(Request, 1);
    req->id = g_strdup_printf("mv-%" G_GUINT64_FORMAT, ++mon->next_id);
    req->command = g_strdup(command);
    req->func = func;
    req->opaque = opaque;
    req->timeout_ms = timeout_ms;

    td = g_new0(TimeoutData, 1);
    td->mon = mon;
    td->id = g_strdup(req->id);
    req->timeout_source = g_timeout_source_new(timeout_ms);
    g_source_set_callback(req->timeout_source, on_request_timeout, td, timeout_data_free);
    g_source_attach(req->timeout_source, mon->ctx);

    g_hash_table_insert(mon->pending, req->id, req);
    if (args_text)
        line = g_strdup_printf("{\"execute\": \"%s\", \"arguments\": %s, \"id\": \"%s\"}",
                               command, args_text, req->id);
    else
        line = g_strdup_printf("{\"execute\": \"%s\", \"id\": \"%s\"}", command, req->id);
    MV_DEBUG("QEMU of '%s' <- %s%s", mon->name, line, fd >= 0 ? " (with an fd)" : "");
    if (fd >= 0) {
        OutFd out = { .offset = mon->outbuf->len, .fd = fd };

        g_array_append_val(mon->out_fds, out);
    }
    g_string_append(mon->outbuf, line);
    g_string_append(mon->outbuf, "\r\n");
    monitor_flush(mon);
}

static char *
args_to_text(JsonObject *args)
{
    g_autoptr(JsonNode) node = NULL;

    if (!args)
        return NULL;
    node = json_node_init_object(json_node_alloc(), args);
    return mv_qemu_json_to_string(node);
}

void
mv_qemu_monitor_command_async(MvQemuMonitor *mon, const char *command,
                              JsonObject *args, unsigned int timeout_ms,
                              MvQemuMonitorReplyFunc func, void *opaque)
{
    g_autofree char *args_text = args_to_text(args);

    monitor_send(mon, command, args_text, -1, timeout_ms, func, opaque);
}

/* A synchronous command on its way to the context. */
typedef struct {
    MvQemuMonitor *mon;
    char *command;
    char *args_text;
    int fd;                     /* sent with the command, -1: none */
    unsigned int timeout_ms;
    Waiter *waiter;
} SyncCall;

static void
sync_call_free(gpointer data)
{
    SyncCall *call = data;

    mv_qemu_monitor_unref(call->mon);
    g_free(call->command);
    g_free(call->args_text);
    if (call->fd >= 0)
        close(call->fd);
    waiter_unref(call->waiter);
    g_free(call);
}

static void
on_sync_reply(MvQemuMonitor *mon, JsonNode *ret, const MvError *err, void *opaque)
{
    Waiter *waiter = opaque;

    waiter_finish(waiter, ret, err);
    waiter_unref(waiter);
}

static gboolean
on_sync_submit(gpointer data)
{
    SyncCall *call = data;

    monitor_send(call->mon, call->command, call->args_text, call->fd, call->timeout_ms,
                 on_sync_reply, waiter_ref(call->waiter));
    call->fd = -1;
    return G_SOURCE_REMOVE;
}

static int
command_sync(MvQemuMonitor *mon, const char *command, JsonObject *args, int fd,
             JsonNode **ret_reply, unsigned int timeout_ms);

int
mv_qemu_monitor_command_sync(MvQemuMonitor *mon, const char *command,
                             JsonObject *args, JsonNode **ret_reply,
                             unsigned int timeout_ms)
{
    return command_sync(mon, command, args, -1, ret_reply, timeout_ms);
}

int
mv_qemu_monitor_command_sync_fd(MvQemuMonitor *mon, const char *command, JsonObject *args,
                                int fd, JsonNode **ret_reply, unsigned int timeout_ms)
{
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);

    if (copy < 0) {
        mv_report_system_error(errno, "cannot duplicate fd %d for '%s' to QEMU of '%s'", fd,
                               command, mon->name);
        return -1;
    }
    return command_sync(mon, command, args, copy, ret_reply, timeout_ms);
}

/* Takes fd (-1: none). */
static int
command_sync(MvQemuMonitor *mon, const char *command, JsonObject *args, int fd,
             JsonNode **ret_reply, unsigned int timeout_ms)
{
    g_autoptr(GSource) source = NULL;
    SyncCall *call;
    Waiter *waiter;
    int ret = -1;

    if (g_main_context_is_owner(mon->ctx)) {
        if (fd >= 0)
            close(fd);
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "'%s' for QEMU of '%s' would wait on the thread that runs its monitor",
                        command, mon->name);
        return -1;
    }
    if (timeout_ms == 0)
        timeout_ms = (unsigned int) g_atomic_int_get(&mon->default_timeout_ms);

    waiter = waiter_new();
    call = g_new0(SyncCall, 1);
    call->mon = mv_qemu_monitor_ref(mon);
    call->command = g_strdup(command);
    /* Serialized here: json-glib objects are not shared across threads. */
    call->args_text = args_to_text(args);
    call->fd = fd;
    call->timeout_ms = timeout_ms;
    call->waiter = waiter_ref(waiter);

    source = g_idle_source_new();
    g_source_set_priority(source, G_PRIORITY_DEFAULT);
    g_source_set_callback(source, on_sync_submit, call, sync_call_free);
    g_source_attach(source, mon->ctx);

    if (!waiter_wait(waiter, timeout_ms + SYNC_GRACE_MS)) {
        g_source_destroy(source);
        mv_report_error(VIR_ERR_OPERATION_TIMEOUT,
                        "QEMU of '%s' did not answer '%s' within %u ms (its monitor's loop is not running)",
                        mon->name, command, timeout_ms);
    } else if (waiter->err) {
        mv_error_set(waiter->err);
    } else {
        if (ret_reply)
            *ret_reply = waiter->reply ? json_node_ref(waiter->reply) : NULL;
        ret = 0;
    }
    waiter_unref(waiter);
    return ret;
}

static gboolean
on_close(gpointer data)
{
    MvQemuMonitor *mon = data;

    if (!mon->dead) {
        MV_DEBUG("closing the monitor of QEMU of '%s'", mon->name);
        mon->dead = true;
        monitor_detach(mon);
        monitor_fail_pending_closed(mon, "was closed");
    }
    if (mon->cb.opaque_free)
        mon->cb.opaque_free(mon->cb.opaque);
    memset(&mon->cb, 0, sizeof(mon->cb));
    return G_SOURCE_REMOVE;
}

typedef struct {
    MvQemuMonitor *mon;
    Waiter *waiter;
} CloseCall;

static gboolean
on_close_call(gpointer data)
{
    CloseCall *call = data;

    on_close(call->mon);
    waiter_finish(call->waiter, NULL, NULL);
    return G_SOURCE_REMOVE;
}

static void
close_call_free(gpointer data)
{
    CloseCall *call = data;

    mv_qemu_monitor_unref(call->mon);
    waiter_unref(call->waiter);
    g_free(call);
}

void
mv_qemu_monitor_close(MvQemuMonitor *mon)
{
    g_autoptr(GSource) source = NULL;
    CloseCall *call;
    Waiter *waiter;

    if (!mon)
        return;
    if (g_main_context_is_owner(mon->ctx)) {
        on_close(mon);
        mv_qemu_monitor_unref(mon);
        return;
    }

    waiter = waiter_new();
    call = g_new0(CloseCall, 1);
    call->mon = mon;            /* takes the caller's reference */
    call->waiter = waiter_ref(waiter);
    source = g_idle_source_new();
    g_source_set_callback(source, on_close_call, call, close_call_free);
    g_source_attach(source, mon->ctx);
    if (!waiter_wait(waiter, CLOSE_WAIT_MS))
        MV_WARN("the monitor of QEMU of '%s' is closed in the background: its loop is not running",
                mon->name);
    waiter_unref(waiter);
}

MvQemuMonitor *
mv_qemu_monitor_ref(MvQemuMonitor *mon)
{
    g_atomic_int_inc(&mon->refs);
    return mon;
}

void
mv_qemu_monitor_unref(MvQemuMonitor *mon)
{
    if (!mon || !g_atomic_int_dec_and_test(&mon->refs))
        return;
    /* The last reference goes when the context let go of it: no source
     * of ours is attached any more, and no request waits. */
    if (mon->fd >= 0)
        close(mon->fd);
    if (mon->cb.opaque_free)
        mon->cb.opaque_free(mon->cb.opaque);
    g_hash_table_unref(mon->pending);
    g_byte_array_unref(mon->inbuf);
    g_string_free(mon->outbuf, TRUE);
    out_fds_close(mon->out_fds);
    g_array_unref(mon->out_fds);
    mv_error_free(mon->end_error);
    g_main_context_unref(mon->ctx);
    g_free(mon->name);
    g_free(mon);
}

const char *
mv_qemu_monitor_get_name(const MvQemuMonitor *mon)
{
    return mon->name;
}

void
mv_qemu_monitor_set_default_timeout(MvQemuMonitor *mon, unsigned int timeout_ms)
{
    g_atomic_int_set(&mon->default_timeout_ms,
                     (gint) (timeout_ms ? timeout_ms : MV_QEMU_MONITOR_DEFAULT_TIMEOUT_MS));
}

void
mv_qemu_monitor_get_greeting_version(MvQemuMonitor *mon, unsigned int *ret_major,
                                     unsigned int *ret_minor, unsigned int *ret_micro)
{
    *ret_major = (unsigned int) g_atomic_int_get(&mon->version[0]);
    *ret_minor = (unsigned int) g_atomic_int_get(&mon->version[1]);
    *ret_micro = (unsigned int) g_atomic_int_get(&mon->version[2]);
}

static int
connect_unix(const char *vm_name, const char *path, unsigned int timeout_ms,
             MvQemuMonitorGoneFunc gone, void *gone_opaque)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
    int last_errno;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "monitor socket path '%s' of '%s' is longer than %zu bytes",
                        path, vm_name, sizeof(addr.sun_path) - 1);
        return -1;
    }
    g_strlcpy(addr.sun_path, path, sizeof(addr.sun_path));

    for (;;) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

        if (fd < 0) {
            mv_report_system_error(errno, "cannot create a socket for the monitor of '%s'", vm_name);
            return -1;
        }
        if (connect(fd, (struct sockaddr *) &addr, sizeof(addr)) == 0)
            return fd;
        last_errno = errno;
        close(fd);
        /* QEMU creates the socket during its start; a full backlog clears. */
        if (last_errno != ENOENT && last_errno != ECONNREFUSED && last_errno != EAGAIN)
            break;
        /* A QEMU that exited left its socket file: nobody will listen. */
        if (gone && gone(gone_opaque)) {
            mv_report_error(VIR_ERR_OPERATION_FAILED,
                            "QEMU of '%s' exited before it accepted a connection on its monitor '%s'",
                            vm_name, path);
            return -1;
        }
        if (g_get_monotonic_time() >= deadline)
            break;
        g_usleep(CONNECT_RETRY_US);
    }

    mv_report_system_error(last_errno, "cannot connect to the monitor '%s' of '%s' within %u ms",
                           path, vm_name, timeout_ms);
    return -1;
}

MvQemuMonitor *
mv_qemu_monitor_open(const char *vm_name, const char *socket_path,
                     GMainContext *ctx, const MvQemuMonitorCallbacks *cb,
                     unsigned int timeout_ms)
{
    return mv_qemu_monitor_open_watched(vm_name, socket_path, ctx, cb, timeout_ms, NULL, NULL);
}

MvQemuMonitor *
mv_qemu_monitor_open_watched(const char *vm_name, const char *socket_path,
                             GMainContext *ctx, const MvQemuMonitorCallbacks *cb,
                             unsigned int timeout_ms, MvQemuMonitorGoneFunc gone,
                             void *gone_opaque)
{
    gint64 start = g_get_monotonic_time();
    gint64 used_ms;
    int fd;

    if (timeout_ms == 0)
        timeout_ms = MV_QEMU_MONITOR_DEFAULT_TIMEOUT_MS;
    fd = connect_unix(vm_name, socket_path, timeout_ms, gone, gone_opaque);
    if (fd < 0) {
        if (cb && cb->opaque_free)
            cb->opaque_free(cb->opaque);
        return NULL;
    }
    used_ms = (g_get_monotonic_time() - start) / G_TIME_SPAN_MILLISECOND;
    return mv_qemu_monitor_open_fd(vm_name, fd, ctx, cb,
                                   (unsigned int) MAX((gint64) timeout_ms - used_ms, 1));
}

MvQemuMonitor *
mv_qemu_monitor_open_fd(const char *vm_name, int fd,
                        GMainContext *ctx, const MvQemuMonitorCallbacks *cb,
                        unsigned int timeout_ms)
{
    MvQemuMonitor *mon;
    int flags = fcntl(fd, F_GETFL);

    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        mv_report_system_error(errno, "cannot set up the monitor socket of '%s'", vm_name);
        close(fd);
        if (cb && cb->opaque_free)
            cb->opaque_free(cb->opaque);
        return NULL;
    }

    mon = g_new0(MvQemuMonitor, 1);
    mon->refs = 1;
    mon->name = g_strdup(vm_name);
    mon->ctx = g_main_context_ref(ctx);
    if (cb)
        mon->cb = *cb;
    mon->default_timeout_ms = MV_QEMU_MONITOR_DEFAULT_TIMEOUT_MS;
    mon->fd = fd;
    mon->inbuf = g_byte_array_new();
    mon->outbuf = g_string_new(NULL);
    mon->out_fds = g_array_new(FALSE, FALSE, sizeof(OutFd));
    mon->pending = g_hash_table_new(g_str_hash, g_str_equal);

    mon->in_source = g_unix_fd_source_new(fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
    g_source_set_callback(mon->in_source, G_SOURCE_FUNC(on_monitor_input), mon, NULL);
    g_source_attach(mon->in_source, ctx);

    if (mv_qemu_monitor_command_sync(mon, "qmp_capabilities", NULL, NULL,
                                     timeout_ms ? timeout_ms : MV_QEMU_MONITOR_DEFAULT_TIMEOUT_MS) < 0) {
        g_autoptr(MvError) err = mv_error_save();

        mv_qemu_monitor_close(mon);
        mv_error_restore(g_steal_pointer(&err));
        return NULL;
    }
    MV_DEBUG("monitor of QEMU of '%s' is ready", vm_name);
    return mon;
}

static gpointer
monitor_thread_main(gpointer data)
{
    MvQemuMonitorThread *thread = data;

    g_main_context_push_thread_default(thread->ctx);
    g_main_loop_run(thread->loop);
    g_main_context_pop_thread_default(thread->ctx);
    return NULL;
}

MvQemuMonitorThread *
mv_qemu_monitor_thread_new(const char *name)
{
    MvQemuMonitorThread *thread = g_new0(MvQemuMonitorThread, 1);

    thread->ctx = g_main_context_new();
    thread->loop = g_main_loop_new(thread->ctx, FALSE);
    thread->thread = g_thread_new(name, monitor_thread_main, thread);
    return thread;
}

GMainContext *
mv_qemu_monitor_thread_get_context(MvQemuMonitorThread *thread)
{
    return thread->ctx;
}

static gboolean
on_thread_quit(gpointer data)
{
    g_main_loop_quit(data);
    return G_SOURCE_REMOVE;
}

void
mv_qemu_monitor_thread_free(MvQemuMonitorThread *thread)
{
    g_autoptr(GSource) source = NULL;

    if (!thread)
        return;
    source = g_idle_source_new();
    g_source_set_callback(source, on_thread_quit, thread->loop, NULL);
    g_source_attach(source, thread->ctx);
    g_thread_join(thread->thread);
    g_main_loop_unref(thread->loop);
    g_main_context_unref(thread->ctx);
    g_free(thread);
}
