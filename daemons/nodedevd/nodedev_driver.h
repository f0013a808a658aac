/* The node device driver behind modvirt-nodedevd: its daemon description, its state, and what its procedure files share. */
#pragma once

#include <stdbool.h>

#include "daemon.h"
#include "nodedev_driver_events.h"
#include "nodedev_enum.h"
#include "nodedev_udev.h"
#include "protocol/remote_dispatch.h"

/* What modvirt-nodedevd serves (nodedev:///system); main.c runs it, and
 * so does the tests' wrapper that puts a fake kernel under the daemon. */
extern const MvDaemonDesc mv_nodedev_daemon_desc;

/* One per daemon, made by driver_init. */
typedef struct {
    MvNodeDevStore *store;
    /* The host's hotplug; NULL on a --root tree (rescanned on SIGHUP). */
    MvNodeDevMonitor *monitor;
    MvEventRegistry *events;
    /* "" for the host, else the --root tree whose sysfs is root/sys. */
    char *root;
    /* run_dir/nodedev: the driver each detached device had. */
    char *pci_state_dir;
    /* One detach, reattach or reset at a time: each is a sequence of
     * sysfs writes that must not interleave with another's. */
    GMutex pci_lock;
} MvNodeDevDriver;

MvNodeDevDriver *mv_nodedev_driver_from_client(MvRpcServerClient *client);

/* libvirt's check of a call's flags: a bit outside allowed is
 * VIR_ERR_INVALID_ARG naming the public API. */
int mv_nodedev_driver_check_flags(unsigned int flags, unsigned int allowed, const char *api);
