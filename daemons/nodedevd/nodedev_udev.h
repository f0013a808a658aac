/* Hotplug: a libudev netlink monitor on the daemon's main context that rescans the device list when devices come and go. */
#pragma once

#include <glib.h>

#include "nodedev_enum.h"

typedef struct _MvNodeDevMonitor MvNodeDevMonitor;

/* Listens for uevents (udevd's, or the kernel's when no udevd runs, as in
 * a container) and, after a burst has settled, rescans store, which sends
 * the created/deleted events. A store on a fake tree gets no monitor:
 * mv_nodedev_monitor_start() reports VIR_ERR_OPERATION_INVALID. ctx NULL
 * is the default main context. */
MvNodeDevMonitor *mv_nodedev_monitor_start(MvNodeDevStore *store, GMainContext *ctx);
void mv_nodedev_monitor_stop(MvNodeDevMonitor *mon);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNodeDevMonitor, mv_nodedev_monitor_stop)
