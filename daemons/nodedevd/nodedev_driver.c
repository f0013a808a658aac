/* The node device driver's life in modvirt-nodedevd: the device list, the udev monitor, the event registry, and its procedure table. */
#define MV_LOG_MODULE "nodedev.driver"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_driver.h"

#include "nodedev_driver_pci.h"
#include "nodedev_driver_query.h"
#include "remote.h"
#include "util/error.h"
#include "util/log.h"

static void
nodedev_driver_free(MvNodeDevDriver *driver)
{
    if (!driver)
        return;
    /* The monitor rescans the store: it goes first. */
    mv_nodedev_monitor_stop(driver->monitor);
    mv_nodedev_store_free(driver->store);
    mv_event_registry_free(driver->events);
    g_mutex_clear(&driver->pci_lock);
    g_free(driver->root);
    g_free(driver->pci_state_dir);
    g_free(driver);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNodeDevDriver, nodedev_driver_free)

MvNodeDevDriver *
mv_nodedev_driver_from_client(MvRpcServerClient *client)
{
    return mv_daemon_get_driver_data(mv_remote_client_get_daemon(client));
}

int
mv_nodedev_driver_check_flags(unsigned int flags, unsigned int allowed, const char *api)
{
    if (flags & ~allowed) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in function %s",
                        flags & ~allowed, api);
        return -1;
    }
    return 0;
}

static void
nodedev_store_event(const char *name, MvNodeDevEventType event, void *opaque)
{
    MvNodeDevDriver *driver = opaque;

    mv_nodedev_events_emit(driver->events, name, event);
}

/* The host's devices, or with --root DIR those of the tree DIR/sys. The
 * host gets a udev monitor; a tree is rescanned on SIGHUP (the reload). */
static int
nodedev_driver_init(MvDaemon *daemon)
{
    const MvPaths *paths = mv_daemon_get_paths(daemon);
    g_autoptr(MvNodeDevDriver) driver = g_new0(MvNodeDevDriver, 1);

    g_mutex_init(&driver->pci_lock);
    driver->root = g_strdup(paths->mode == MV_PATHS_ROOT ? paths->root : "");
    driver->pci_state_dir = mv_paths_driver_run_dir(paths, "nodedev");
    driver->events = mv_event_registry_new("node device");
    if (!(driver->store = mv_nodedev_store_new(driver->root)))
        return -1;
    if (mv_nodedev_store_rescan(driver->store) < 0)
        return -1;
    mv_nodedev_store_set_event_callback(driver->store, nodedev_store_event, driver);
    MV_INFO("%zu node devices in '%s/sys'", mv_nodedev_store_count(driver->store, 0),
            driver->root);

    /* Without a monitor the list still answers; it only misses hotplug
     * (an unprivileged session daemon may not be allowed to listen). */
    if (!mv_nodedev_store_is_fake(driver->store) &&
        !(driver->monitor = mv_nodedev_monitor_start(driver->store, NULL)))
        MV_WARN("node devices will not follow hotplug: %s", mv_error_last_message());

    mv_daemon_set_driver_data(daemon, g_steal_pointer(&driver));
    return 0;
}

/* SIGHUP reads the tree again: on a --root tree that is how a change
 * becomes created/deleted events; on the host it catches up with
 * anything the monitor missed. */
static int
nodedev_driver_reload(MvDaemon *daemon)
{
    MvNodeDevDriver *driver = mv_daemon_get_driver_data(daemon);

    if (!driver)
        return 0;
    return mv_nodedev_store_rescan(driver->store);
}

static void
nodedev_driver_cleanup(MvDaemon *daemon)
{
    nodedev_driver_free(mv_daemon_get_driver_data(daemon));
    mv_daemon_set_driver_data(daemon, NULL);
}

/* node_device_create_xml and node_device_destroy stay empty, so they get
 * VIR_ERR_NO_SUPPORT, until mediated devices are managed. */
static const MvRemoteHandlers nodedev_handlers = {
    .node_num_of_devices = mv_nodedev_driver_num_of_devices,
    .node_list_devices = mv_nodedev_driver_list_devices,
    .connect_list_all_node_devices = mv_nodedev_driver_list_all,
    .node_device_lookup_by_name = mv_nodedev_driver_lookup_by_name,
    .node_device_lookup_scsi_host_by_wwn = mv_nodedev_driver_lookup_scsi_host_by_wwn,
    .node_device_get_xml_desc = mv_nodedev_driver_get_xml_desc,
    .node_device_get_parent = mv_nodedev_driver_get_parent,
    .node_device_num_of_caps = mv_nodedev_driver_num_of_caps,
    .node_device_list_caps = mv_nodedev_driver_list_caps,
    .node_device_dettach = mv_nodedev_driver_dettach,
    .node_device_detach_flags = mv_nodedev_driver_detach_flags,
    .node_device_re_attach = mv_nodedev_driver_re_attach,
    .node_device_reset = mv_nodedev_driver_reset,
    .connect_node_device_event_register_any = mv_nodedev_driver_event_register_any,
    .connect_node_device_event_deregister_any = mv_nodedev_driver_event_deregister_any,
};

const MvDaemonDesc mv_nodedev_daemon_desc = {
    .name = "nodedevd",
    .summary = "modvirt daemon for host devices from udev, sysfs and PCI (nodedev:///system).",
    .error_domain = MV_FROM_THIS,
    .uri_scheme = "nodedev",
    .driver_type = "nodedev",
    .remote_handlers = &nodedev_handlers,
    .driver_init = nodedev_driver_init,
    .driver_reload = nodedev_driver_reload,
    .driver_cleanup = nodedev_driver_cleanup,
};
