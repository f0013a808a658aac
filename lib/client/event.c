/* The event loop API: an application's own implementation, or the default one on a GMainContext. */
#define MV_LOG_MODULE "client.event"
#define MV_FROM_THIS VIR_FROM_EVENT

#include <glib-unix.h>

#include <libvirt/libvirt.h>

#include "error.h"
#include "util/error.h"
#include "util/log.h"

/* The implementation in use (virEventRegisterImpl), NULL until one is registered. */
static GMutex impl_lock;
static virEventAddHandleFunc impl_add_handle;
static virEventUpdateHandleFunc impl_update_handle;
static virEventRemoveHandleFunc impl_remove_handle;
static virEventAddTimeoutFunc impl_add_timeout;
static virEventUpdateTimeoutFunc impl_update_timeout;
static virEventRemoveTimeoutFunc impl_remove_timeout;

/* The default implementation: one GMainContext, run by virEventRunDefaultImpl. */
typedef struct {
    int id;
    bool is_handle;
    int fd;
    virEventHandleCallback handle_cb;
    virEventTimeoutCallback timeout_cb;
    void *opaque;
    virFreeCallback ff;
    GSource *source;         /* NULL while disabled */
    bool removed;
} DefaultWatch;

static GMutex default_lock;
static GMainContext *default_ctx;
static GHashTable *default_watches;     /* id -> DefaultWatch (a reference) */
static int default_next_id = 1;

static void
default_watch_release(gpointer data)
{
    DefaultWatch *w = data;

    g_rc_box_release(w);
}

static GIOCondition
events_to_condition(int events)
{
    GIOCondition cond = 0;

    if (events & VIR_EVENT_HANDLE_READABLE)
        cond |= G_IO_IN | G_IO_PRI;
    if (events & VIR_EVENT_HANDLE_WRITABLE)
        cond |= G_IO_OUT;
    if (events & VIR_EVENT_HANDLE_ERROR)
        cond |= G_IO_ERR;
    if (events & VIR_EVENT_HANDLE_HANGUP)
        cond |= G_IO_HUP;
    return cond;
}

static int
condition_to_events(GIOCondition cond)
{
    int events = 0;

    if (cond & (G_IO_IN | G_IO_PRI))
        events |= VIR_EVENT_HANDLE_READABLE;
    if (cond & G_IO_OUT)
        events |= VIR_EVENT_HANDLE_WRITABLE;
    if (cond & (G_IO_ERR | G_IO_NVAL))
        events |= VIR_EVENT_HANDLE_ERROR;
    if (cond & G_IO_HUP)
        events |= VIR_EVENT_HANDLE_HANGUP;
    return events;
}

static gboolean
default_handle_dispatch(int fd, GIOCondition cond, gpointer data)
{
    DefaultWatch *w = data;

    if (!w->removed)
        w->handle_cb(w->id, fd, condition_to_events(cond), w->opaque);
    return G_SOURCE_CONTINUE;
}

static gboolean
default_timeout_dispatch(gpointer data)
{
    DefaultWatch *w = data;

    if (!w->removed)
        w->timeout_cb(w->id, w->opaque);
    return G_SOURCE_CONTINUE;
}

/* Replaces w's source; called with default_lock held. */
static void
default_watch_arm(DefaultWatch *w, int events_or_interval)
{
    GSource *src = NULL;

    if (w->source) {
        g_source_destroy(w->source);
        g_source_unref(w->source);
        w->source = NULL;
    }
    if (w->is_handle) {
        GIOCondition cond = events_to_condition(events_or_interval);

        if (!cond)
            return;
        src = g_unix_fd_source_new(w->fd, cond);
        g_source_set_callback(src, G_SOURCE_FUNC(default_handle_dispatch),
                              g_rc_box_acquire(w), default_watch_release);
    } else {
        if (events_or_interval < 0)
            return;
        /* 0 fires on every iteration of the loop, as libvirt's loop does. */
        src = events_or_interval == 0 ? g_idle_source_new()
                                      : g_timeout_source_new(events_or_interval);
        g_source_set_callback(src, default_timeout_dispatch,
                              g_rc_box_acquire(w), default_watch_release);
    }
    w->source = src;
    g_source_attach(src, default_ctx);
}

static gboolean
default_free_opaque(gpointer data)
{
    DefaultWatch *w = data;

    if (w->ff)
        w->ff(w->opaque);
    return G_SOURCE_REMOVE;
}

static int
default_add(bool is_handle, int fd, int events_or_interval, virEventHandleCallback hcb,
            virEventTimeoutCallback tcb, void *opaque, virFreeCallback ff)
{
    DefaultWatch *w = g_rc_box_new0(DefaultWatch);
    int id;

    w->is_handle = is_handle;
    w->fd = fd;
    w->handle_cb = hcb;
    w->timeout_cb = tcb;
    w->opaque = opaque;
    w->ff = ff;

    g_mutex_lock(&default_lock);
    id = w->id = default_next_id++;
    g_hash_table_insert(default_watches, GINT_TO_POINTER(id), w);
    default_watch_arm(w, events_or_interval);
    g_mutex_unlock(&default_lock);
    return id;
}

static int
default_update(int id, bool is_handle, int events_or_interval)
{
    DefaultWatch *w;

    g_mutex_lock(&default_lock);
    w = g_hash_table_lookup(default_watches, GINT_TO_POINTER(id));
    if (w && w->is_handle == is_handle)
        default_watch_arm(w, events_or_interval);
    g_mutex_unlock(&default_lock);
    return w ? 0 : -1;
}

static int
default_remove(int id, bool is_handle)
{
    DefaultWatch *w;

    g_mutex_lock(&default_lock);
    w = g_hash_table_lookup(default_watches, GINT_TO_POINTER(id));
    if (!w || w->is_handle != is_handle) {
        g_mutex_unlock(&default_lock);
        return -1;
    }
    g_hash_table_steal(default_watches, GINT_TO_POINTER(id));
    w->removed = true;
    if (w->source) {
        g_source_destroy(w->source);
        g_source_unref(w->source);
        w->source = NULL;
    }
    /* The free callback runs from the loop, never inside the caller's
     * own callback (it may still use opaque). */
    {
        GSource *idle = g_idle_source_new();

        g_source_set_callback(idle, default_free_opaque, w, default_watch_release);
        g_source_attach(idle, default_ctx);
        g_source_unref(idle);
    }
    g_mutex_unlock(&default_lock);
    return 0;
}

static int
default_add_handle(int fd, int events, virEventHandleCallback cb, void *opaque,
                   virFreeCallback ff)
{
    return default_add(true, fd, events, cb, NULL, opaque, ff);
}

static void
default_update_handle(int watch, int events)
{
    default_update(watch, true, events);
}

static int
default_remove_handle(int watch)
{
    return default_remove(watch, true);
}

static int
default_add_timeout(int timeout, virEventTimeoutCallback cb, void *opaque, virFreeCallback ff)
{
    return default_add(false, -1, timeout, NULL, cb, opaque, ff);
}

static void
default_update_timeout(int timer, int timeout)
{
    default_update(timer, false, timeout);
}

static int
default_remove_timeout(int timer)
{
    return default_remove(timer, false);
}

void
virEventRegisterImpl(virEventAddHandleFunc addHandle, virEventUpdateHandleFunc updateHandle,
                     virEventRemoveHandleFunc removeHandle, virEventAddTimeoutFunc addTimeout,
                     virEventUpdateTimeoutFunc updateTimeout,
                     virEventRemoveTimeoutFunc removeTimeout)
{
    g_mutex_lock(&impl_lock);
    impl_add_handle = addHandle;
    impl_update_handle = updateHandle;
    impl_remove_handle = removeHandle;
    impl_add_timeout = addTimeout;
    impl_update_timeout = updateTimeout;
    impl_remove_timeout = removeTimeout;
    g_mutex_unlock(&impl_lock);
}

int
virEventRegisterDefaultImpl(void)
{
    mv_error_reset();
    g_mutex_lock(&default_lock);
    if (!default_ctx) {
        default_ctx = g_main_context_new();
        default_watches = g_hash_table_new_full(NULL, NULL, NULL, default_watch_release);
    }
    g_mutex_unlock(&default_lock);
    virEventRegisterImpl(default_add_handle, default_update_handle, default_remove_handle,
                         default_add_timeout, default_update_timeout, default_remove_timeout);
    return 0;
}

int
virEventRunDefaultImpl(void)
{
    GMainContext *ctx;

    mv_error_reset();
    g_mutex_lock(&default_lock);
    ctx = default_ctx;
    g_mutex_unlock(&default_lock);
    if (!ctx) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s",
                        "the default event loop is not registered (virEventRegisterDefaultImpl)");
        mv_client_dispatch_error(NULL);
        return -1;
    }
    g_main_context_iteration(ctx, TRUE);
    return 0;
}

int
virEventAddHandle(int fd, int events, virEventHandleCallback cb, void *opaque,
                  virFreeCallback ff)
{
    virEventAddHandleFunc add;

    g_mutex_lock(&impl_lock);
    add = impl_add_handle;
    g_mutex_unlock(&impl_lock);
    return add ? add(fd, events, cb, opaque, ff) : -1;
}

void
virEventUpdateHandle(int watch, int events)
{
    virEventUpdateHandleFunc update;

    g_mutex_lock(&impl_lock);
    update = impl_update_handle;
    g_mutex_unlock(&impl_lock);
    if (update)
        update(watch, events);
}

int
virEventRemoveHandle(int watch)
{
    virEventRemoveHandleFunc remove;

    g_mutex_lock(&impl_lock);
    remove = impl_remove_handle;
    g_mutex_unlock(&impl_lock);
    return remove ? remove(watch) : -1;
}

int
virEventAddTimeout(int timeout, virEventTimeoutCallback cb, void *opaque, virFreeCallback ff)
{
    virEventAddTimeoutFunc add;

    g_mutex_lock(&impl_lock);
    add = impl_add_timeout;
    g_mutex_unlock(&impl_lock);
    return add ? add(timeout, cb, opaque, ff) : -1;
}

void
virEventUpdateTimeout(int timer, int timeout)
{
    virEventUpdateTimeoutFunc update;

    g_mutex_lock(&impl_lock);
    update = impl_update_timeout;
    g_mutex_unlock(&impl_lock);
    if (update)
        update(timer, timeout);
}

int
virEventRemoveTimeout(int timer)
{
    virEventRemoveTimeoutFunc remove;

    g_mutex_lock(&impl_lock);
    remove = impl_remove_timeout;
    g_mutex_unlock(&impl_lock);
    return remove ? remove(timer) : -1;
}
