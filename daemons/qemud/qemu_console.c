/* Guest consoles: a running guest's serial pty bridged to an RPC stream, both ways, one user at a time. */
#define MV_LOG_MODULE "qemu.console"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_console.h"

#include <errno.h>
#include <glib-unix.h>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "conf/domain_chr.h"
#include "qemu_process.h"
#include "rpc/server_stream.h"
#include "util/log.h"

/* Bytes read from the pty per wakeup, and the most bytes from the client
 * that may wait for the guest to read them. */
#define CONSOLE_READ_CHUNK 65536
#define CONSOLE_INPUT_MAX (1024 * 1024)

/* One open console. The sources run in the RPC server's main loop; the
 * handler that opens it runs in a worker: lock guards everything. */
typedef struct {
    gint refs;
    char *key;                  /* name/chardev: one user per device */
    char *name;                 /* "domain 'x' device 'serial0'", for messages */
    GMutex lock;
    int fd;                     /* the pty, -1 once closed */
    GMainContext *context;
    GSource *in_source;         /* pty readable; NULL while the stream is full */
    GSource *out_source;        /* pty writable; while input waits */
    GByteArray *input;          /* from the client, not written to the pty yet */
    MvRpcServerStream *st;
} QemuConsole;

/* key -> QemuConsole * (a reference): the open consoles of the daemon. */
static GMutex consoles_lock;
static GHashTable *consoles;

static QemuConsole *
console_ref(QemuConsole *con)
{
    g_atomic_int_inc(&con->refs);
    return con;
}

static void
console_unref(QemuConsole *con)
{
    if (!con || !g_atomic_int_dec_and_test(&con->refs))
        return;
    g_mutex_clear(&con->lock);
    g_byte_array_unref(con->input);
    if (con->context)
        g_main_context_unref(con->context);
    g_free(con->key);
    g_free(con->name);
    g_free(con);
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

/* Stops all I/O and leaves the table; the stream reference goes too. */
static void
console_close(QemuConsole *con)
{
    MvRpcServerStream *st;
    bool removed = false;

    g_mutex_lock(&con->lock);
    destroy_source(&con->in_source);
    destroy_source(&con->out_source);
    if (con->fd >= 0) {
        close(con->fd);
        con->fd = -1;
    }
    st = g_steal_pointer(&con->st);
    g_mutex_unlock(&con->lock);

    g_mutex_lock(&consoles_lock);
    if (consoles && g_hash_table_lookup(consoles, con->key) == con)
        removed = g_hash_table_steal(consoles, con->key);
    g_mutex_unlock(&consoles_lock);

    mv_rpc_server_stream_unref(st);
    if (removed)
        console_unref(con);
}

static bool
console_in_table(QemuConsole *con)
{
    bool found;

    g_mutex_lock(&consoles_lock);
    found = consoles && g_hash_table_lookup(consoles, con->key) == con;
    g_mutex_unlock(&consoles_lock);
    return found;
}

static gboolean console_on_readable(gint fd, GIOCondition cond, gpointer data);
static gboolean console_on_writable(gint fd, GIOCondition cond, gpointer data);

/* With con->lock. */
static void
console_watch_locked(QemuConsole *con, GSource **slot, GIOCondition cond, GUnixFDSourceFunc func)
{
    if (*slot || con->fd < 0)
        return;
    *slot = g_unix_fd_source_new(con->fd, cond);
    g_source_set_callback(*slot, G_SOURCE_FUNC(func), console_ref(con),
                          (GDestroyNotify) console_unref);
    g_source_attach(*slot, con->context);
}

static gboolean
console_on_readable(gint fd, GIOCondition cond, gpointer data)
{
    QemuConsole *con = data;
    g_autofree char *buf = g_malloc(CONSOLE_READ_CHUNK);
    g_autoptr(MvRpcServerStream) st = NULL;
    ssize_t n;
    int rc;

    n = read(fd, buf, CONSOLE_READ_CHUNK);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return G_SOURCE_CONTINUE;

    g_mutex_lock(&con->lock);
    st = con->st ? mv_rpc_server_stream_ref(con->st) : NULL;
    g_mutex_unlock(&con->lock);
    if (!st)
        return G_SOURCE_REMOVE;

    if (n <= 0) {
        /* QEMU closed its side: the guest stopped. */
        MV_DEBUG("%s: the pty closed (%s): end of the stream", con->name,
                 n < 0 ? g_strerror(errno) : "end of file");
        mv_rpc_server_stream_send_eof(st);
        g_mutex_lock(&con->lock);
        g_clear_pointer(&con->in_source, g_source_unref);
        g_mutex_unlock(&con->lock);
        return G_SOURCE_REMOVE;
    }

    rc = mv_rpc_server_stream_send(st, buf, n);
    if (rc < 0) {
        console_close(con);
        return G_SOURCE_REMOVE;
    }
    if (rc == 1) {
        /* The client reads slower than the guest writes: wait for it. */
        g_mutex_lock(&con->lock);
        g_clear_pointer(&con->in_source, g_source_unref);
        g_mutex_unlock(&con->lock);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static gboolean
console_on_writable(gint fd, GIOCondition cond, gpointer data)
{
    QemuConsole *con = data;
    g_autoptr(MvRpcServerStream) st = NULL;
    ssize_t n;

    g_mutex_lock(&con->lock);
    n = con->input->len ? write(fd, con->input->data, con->input->len) : 0;
    if (n > 0)
        g_byte_array_remove_range(con->input, 0, n);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        g_mutex_unlock(&con->lock);
        return G_SOURCE_CONTINUE;
    }
    if (n >= 0 && con->input->len > 0) {
        g_mutex_unlock(&con->lock);
        return G_SOURCE_CONTINUE;
    }
    g_clear_pointer(&con->out_source, g_source_unref);
    if (n < 0)
        st = con->st ? mv_rpc_server_stream_ref(con->st) : NULL;
    g_mutex_unlock(&con->lock);

    if (n < 0 && st) {
        mv_report_system_error(errno, "cannot write to the console of %s", con->name);
        mv_rpc_server_stream_send_error(st, mv_error_last());
        mv_error_reset();
        console_close(con);
    }
    return G_SOURCE_REMOVE;
}

static int
console_on_data(MvRpcServerStream *st, const uint8_t *data, size_t len, void *opaque)
{
    QemuConsole *con = opaque;

    g_mutex_lock(&con->lock);
    if (con->fd < 0) {
        g_mutex_unlock(&con->lock);
        return 0;
    }
    if (con->input->len + len > CONSOLE_INPUT_MAX) {
        g_mutex_unlock(&con->lock);
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "console of %s: more than %d bytes of input wait for the guest",
                        con->name, CONSOLE_INPUT_MAX);
        return -1;
    }
    g_byte_array_append(con->input, data, len);
    console_watch_locked(con, &con->out_source, G_IO_OUT, console_on_writable);
    g_mutex_unlock(&con->lock);
    return 0;
}

static void
console_on_end(MvRpcServerStream *st, MvRpcStreamEnd how, void *opaque)
{
    QemuConsole *con = opaque;

    MV_DEBUG("%s: console stream ended (%d)", con->name, how);
    console_close(con);
}

static void
console_on_writable_stream(MvRpcServerStream *st, void *opaque)
{
    QemuConsole *con = opaque;

    g_mutex_lock(&con->lock);
    console_watch_locked(con, &con->in_source, G_IO_IN, console_on_readable);
    g_mutex_unlock(&con->lock);
}

static const MvRpcServerStreamCallbacks console_callbacks = {
    .data = console_on_data,
    .end = console_on_end,
    .writable = console_on_writable_stream,
};

/* The device dev_name names (NULL: the first console, else the first
 * serial), as libvirt's QEMU driver picks it; its chardev label in
 * *ret_label. With obj->lock. */
static const MvDomainChr *
find_device(const MvDomainDef *def, const char *dev_name, char **ret_label)
{
    const MvDomainChr *chr = NULL;
    const MvDomainChr *backend;
    GPtrArray *lists[] = { def->consoles, def->serials };

    for (size_t l = 0; l < G_N_ELEMENTS(lists) && !chr; l++) {
        for (guint i = 0; i < lists[l]->len && !chr; i++) {
            const MvDomainChr *c = g_ptr_array_index(lists[l], i);

            if (!dev_name || g_strcmp0(c->info.alias, dev_name) == 0)
                chr = c;
        }
    }
    if (!chr) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "cannot find character device %s",
                        dev_name ? dev_name : "");
        return NULL;
    }
    /* A console standing for a serial is that serial's chardev. */
    backend = chr->mirror ? chr->mirror : chr;
    if (backend->source.type != MV_DOMAIN_CHR_TYPE_PTY || !backend->info.alias) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "character device %s is not using a PTY",
                        dev_name ? dev_name : (chr->info.alias ? chr->info.alias : "console"));
        return NULL;
    }
    *ret_label = g_strdup_printf("char%s", backend->info.alias);
    return chr;
}

/* The pty, opened raw: the line discipline must neither echo nor buffer. */
static int
open_pty(const char *path, const char *name)
{
    struct termios tio;
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0) {
        mv_report_system_error(errno, "cannot open the console pty '%s' of %s", path, name);
        return -1;
    }
    if (tcgetattr(fd, &tio) < 0) {
        mv_report_system_error(errno, "console '%s' of %s is not a terminal", path, name);
        close(fd);
        return -1;
    }
    cfmakeraw(&tio);
    if (tcsetattr(fd, TCSADRAIN, &tio) < 0) {
        mv_report_system_error(errno, "cannot make the console pty '%s' of %s raw", path, name);
        close(fd);
        return -1;
    }
    return fd;
}

/* Takes a place in the table for con; an old user is sent away with force. */
static int
console_claim(QemuConsole *con, bool force)
{
    QemuConsole *old = NULL;

    g_mutex_lock(&consoles_lock);
    if (!consoles)
        consoles = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, NULL);
    old = g_hash_table_lookup(consoles, con->key);
    if (old && !force) {
        g_mutex_unlock(&consoles_lock);
        mv_report_error(VIR_ERR_OPERATION_FAILED, "%s",
                        "Active console session exists for this domain");
        return -1;
    }
    if (old)
        g_hash_table_steal(consoles, con->key);
    g_hash_table_insert(consoles, con->key, console_ref(con));
    g_mutex_unlock(&consoles_lock);

    if (old) {
        g_autoptr(MvRpcServerStream) st = NULL;

        g_mutex_lock(&old->lock);
        st = old->st ? mv_rpc_server_stream_ref(old->st) : NULL;
        g_mutex_unlock(&old->lock);
        MV_INFO("%s: console taken over by another client", con->name);
        if (st) {
            mv_report_error(VIR_ERR_OPERATION_ABORTED,
                            "console of %s was taken over by another session", con->name);
            mv_rpc_server_stream_send_error(st, mv_error_last());
            mv_error_reset();
        }
        console_close(old);
        console_unref(old);
    }
    return 0;
}

int
mv_qemu_domain_open_console(MvRpcServerClient *client, remote_domain_open_console_args *args)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvQemuDomainObj) obj = mv_qemu_driver_get_domain(driver, &args->dom);
    g_autoptr(MvQemuMonitor) mon = NULL;
    const char *dev_name = args->dev_name ? *args->dev_name : NULL;
    g_autofree char *label = NULL;
    g_autofree char *path = NULL;
    MvRpcServerStream *st;
    QemuConsole *con;
    bool still_open;
    int fd;

    if (!obj)
        return -1;
    if (args->flags & ~(VIR_DOMAIN_CONSOLE_FORCE | VIR_DOMAIN_CONSOLE_SAFE)) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in function %s",
                        args->flags & ~(VIR_DOMAIN_CONSOLE_FORCE | VIR_DOMAIN_CONSOLE_SAFE),
                        "qemuDomainOpenConsole");
        return -1;
    }

    g_mutex_lock(&obj->lock);
    if (!mv_qemu_domain_obj_is_active(obj)) {
        g_mutex_unlock(&obj->lock);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s", "domain is not running");
        return -1;
    }
    if (!find_device(mv_qemu_domain_obj_current_def(obj), dev_name, &label) ||
        !(mon = mv_qemu_process_get_monitor(obj))) {
        g_mutex_unlock(&obj->lock);
        return -1;
    }
    g_mutex_unlock(&obj->lock);

    if (mv_qemu_monitor_query_chardev_pty(mon, label, &path) < 0)
        return -1;

    con = g_new0(QemuConsole, 1);
    con->refs = 1;
    con->key = g_strdup_printf("%s/%s", obj->name, label);
    con->name = g_strdup_printf("domain '%s' device '%s'", obj->name, label + 4);
    g_mutex_init(&con->lock);
    con->input = g_byte_array_new();
    con->fd = -1;

    if ((fd = open_pty(path, con->name)) < 0) {
        console_unref(con);
        return -1;
    }
    if (console_claim(con, args->flags & VIR_DOMAIN_CONSOLE_FORCE) < 0) {
        close(fd);
        console_unref(con);
        return -1;
    }
    if (!(st = mv_rpc_server_stream_new(client, &console_callbacks, con))) {
        close(fd);
        console_close(con);
        console_unref(con);
        return -1;
    }
    /* The stream's end callback may come any time from here, even before
     * con->st is set: then it closed a console without stream or pty, and
     * the stream's state tells that the close is still to be done. */
    g_mutex_lock(&con->lock);
    con->st = st;
    con->context = g_main_context_ref(mv_rpc_server_stream_get_context(st));
    still_open = mv_rpc_server_stream_is_open(st);
    if (still_open) {
        con->fd = fd;
        console_watch_locked(con, &con->in_source, G_IO_IN, console_on_readable);
    }
    g_mutex_unlock(&con->lock);
    if (!still_open) {
        /* Still in the table: the end callback is yet to come and closes
         * the stream; gone from it: the callback came before con->st was
         * set, so the stream is ours to drop. */
        MV_DEBUG("%s: the client went away while the console was opened", con->name);
        close(fd);
        if (!console_in_table(con))
            console_close(con);
        console_unref(con);
        return 0;
    }
    MV_INFO("%s: console opened on %s", con->name, path);
    console_unref(con);
    return 0;
}

void
mv_qemu_console_record_ptys(MvQemuDomainObj *obj)
{
    g_autoptr(GPtrArray) aliases = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(MvQemuMonitor) mon = NULL;
    guint64 run;

    g_mutex_lock(&obj->lock);
    for (guint i = 0; obj->live && i < obj->live->serials->len; i++) {
        const MvDomainChr *chr = g_ptr_array_index(obj->live->serials, i);

        if (chr->source.type == MV_DOMAIN_CHR_TYPE_PTY && chr->info.alias)
            g_ptr_array_add(aliases, g_strdup(chr->info.alias));
    }
    run = obj->run;
    if (aliases->len > 0)
        mon = mv_qemu_process_get_monitor(obj);
    g_mutex_unlock(&obj->lock);
    if (!mon) {
        mv_error_reset();
        return;
    }

    for (guint i = 0; i < aliases->len; i++) {
        const char *alias = g_ptr_array_index(aliases, i);
        g_autofree char *label = g_strdup_printf("char%s", alias);
        g_autofree char *path = NULL;

        if (mv_qemu_monitor_query_chardev_pty(mon, label, &path) < 0) {
            MV_WARN("domain '%s': no pty path for %s: %s", obj->name, alias,
                    mv_error_last_message());
            mv_error_reset();
            continue;
        }
        g_mutex_lock(&obj->lock);
        for (guint j = 0; obj->run == run && obj->live && j < obj->live->serials->len; j++) {
            MvDomainChr *chr = g_ptr_array_index(obj->live->serials, j);

            if (g_strcmp0(chr->info.alias, alias) == 0) {
                g_free(chr->source.path);
                chr->source.path = g_strdup(path);
            }
        }
        g_mutex_unlock(&obj->lock);
        MV_DEBUG("domain '%s': %s is on %s", obj->name, alias, path);
    }
}
