/* Hotplug: a libudev netlink monitor on the daemon's main context that rescans the device list when devices come and go. */
#define MV_LOG_MODULE "nodedev.udev"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_udev.h"

#include <errno.h>
#include <glib-unix.h>
#include <libudev.h>

#include "util/error.h"
#include "util/log.h"

/* uevents come in bursts (a NIC brings its PCI function, its interface,
 * its queues); one rescan after the burst is enough. */
#define MONITOR_SETTLE_MS 200

struct _MvNodeDevMonitor {
    MvNodeDevStore *store;
    GMainContext *ctx;
    struct udev *udev;
    struct udev_monitor *monitor;
    GSource *fd_source;
    GSource *settle_source;
};

static gboolean
monitor_settled(gpointer opaque)
{
    MvNodeDevMonitor *mon = opaque;

    g_clear_pointer(&mon->settle_source, g_source_unref);
    if (mv_nodedev_store_rescan(mon->store) < 0)
        MV_WARN("rescan after hotplug failed: %s", mv_error_last_message());
    return G_SOURCE_REMOVE;
}

static gboolean
monitor_readable(gint fd, GIOCondition cond, gpointer opaque)
{
    MvNodeDevMonitor *mon = opaque;
    struct udev_device *device;

    while ((device = udev_monitor_receive_device(mon->monitor))) {
        MV_DEBUG("uevent %s for '%s'", udev_device_get_action(device),
                 udev_device_get_syspath(device));
        udev_device_unref(device);
    }
    if (!mon->settle_source) {
        mon->settle_source = g_timeout_source_new(MONITOR_SETTLE_MS);
        g_source_set_callback(mon->settle_source, monitor_settled, mon, NULL);
        g_source_attach(mon->settle_source, mon->ctx);
    }
    return G_SOURCE_CONTINUE;
}

MvNodeDevMonitor *
mv_nodedev_monitor_start(MvNodeDevStore *store, GMainContext *ctx)
{
    g_autoptr(MvNodeDevMonitor) mon = NULL;
    /* Without udevd (no /run/udev/control) only the kernel sends events. */
    const char *source = g_file_test("/run/udev/control", G_FILE_TEST_EXISTS) ? "udev" : "kernel";

    if (mv_nodedev_store_is_fake(store)) {
        mv_report_error(VIR_ERR_OPERATION_INVALID,
                        "no udev monitor for the fake device tree below '%s': rescan it instead",
                        mv_nodedev_store_root(store));
        return NULL;
    }
    mon = g_new0(MvNodeDevMonitor, 1);
    mon->store = store;
    mon->ctx = ctx ? g_main_context_ref(ctx) : g_main_context_ref_thread_default();
    if (!(mon->udev = udev_new())) {
        mv_report_system_error(errno, "cannot create a udev context");
        return NULL;
    }
    if (!(mon->monitor = udev_monitor_new_from_netlink(mon->udev, source))) {
        mv_report_system_error(errno, "cannot open a udev monitor for %s events", source);
        return NULL;
    }
    if (udev_monitor_enable_receiving(mon->monitor) < 0) {
        mv_report_system_error(errno, "cannot receive %s events from the udev monitor", source);
        return NULL;
    }
    mon->fd_source = g_unix_fd_source_new(udev_monitor_get_fd(mon->monitor), G_IO_IN);
    g_source_set_callback(mon->fd_source, G_SOURCE_FUNC(monitor_readable), mon, NULL);
    g_source_attach(mon->fd_source, mon->ctx);
    MV_DEBUG("listening for %s events", source);
    return g_steal_pointer(&mon);
}

void
mv_nodedev_monitor_stop(MvNodeDevMonitor *mon)
{
    if (!mon)
        return;
    if (mon->fd_source) {
        g_source_destroy(mon->fd_source);
        g_source_unref(mon->fd_source);
    }
    if (mon->settle_source) {
        g_source_destroy(mon->settle_source);
        g_source_unref(mon->settle_source);
    }
    if (mon->monitor)
        udev_monitor_unref(mon->monitor);
    if (mon->udev)
        udev_unref(mon->udev);
    if (mon->ctx)
        g_main_context_unref(mon->ctx);
    g_free(mon);
}
