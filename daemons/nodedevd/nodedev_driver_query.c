/* Node device procedures that only read the device list: lists (with libvirt's capability flags), lookups, XML, parent, capabilities. */
#define MV_LOG_MODULE "nodedev.driver"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_driver_query.h"

#include <libvirt/libvirt.h>

#include "nodedev_driver.h"
#include "util/error.h"
#include "util/log.h"

/* virConnectListAllNodeDevices' capability bits are libvirt's
 * virNodeDevCapType values as bits, which MvNodeDevCapType follows. */
G_STATIC_ASSERT(VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV ==
                MV_NODEDEV_CAP_BIT(MV_NODEDEV_CAP_PCI));
G_STATIC_ASSERT(VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET ==
                MV_NODEDEV_CAP_BIT(MV_NODEDEV_CAP_NET));
G_STATIC_ASSERT(VIR_CONNECT_LIST_NODE_DEVICES_CAP_VPD ==
                MV_NODEDEV_CAP_BIT(MV_NODEDEV_CAP_VPD));

#define NODEDEV_LIST_CAPS ((guint32) MV_NODEDEV_CAP_BIT(MV_NODEDEV_CAP_LAST) - 1)
#define NODEDEV_LIST_ACTIVITY (VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE | \
                               VIR_CONNECT_LIST_NODE_DEVICES_INACTIVE)

/* The devices a cap name of the old list API selects: none for a name
 * libvirt does not know (it answers 0, not an error); all for no name. */
static char **
nodedev_names_by_cap_name(MvNodeDevStore *store, const char *const *cap)
{
    int type;

    if (!cap)
        return mv_nodedev_store_list(store, 0);
    type = mv_nodedev_cap_type_from_string(*cap);
    if (type < 0)
        return g_new0(char *, 1);
    return mv_nodedev_store_list(store, MV_NODEDEV_CAP_BIT(type));
}

int
mv_nodedev_driver_num_of_devices(MvRpcServerClient *client,
                                 remote_node_num_of_devices_args *args,
                                 remote_node_num_of_devices_ret *ret)
{
    MvNodeDevDriver *driver = mv_nodedev_driver_from_client(client);
    g_auto(GStrv) names = NULL;

    if (mv_nodedev_driver_check_flags(args->flags, 0, "virNodeNumOfDevices") < 0)
        return -1;

    names = nodedev_names_by_cap_name(driver->store, (const char *const *) args->cap);
    ret->num = g_strv_length(names);
    return 0;
}

int
mv_nodedev_driver_list_devices(MvRpcServerClient *client,
                               remote_node_list_devices_args *args,
                               remote_node_list_devices_ret *ret)
{
    MvNodeDevDriver *driver = mv_nodedev_driver_from_client(client);
    g_auto(GStrv) names = NULL;
    guint n;

    if (mv_nodedev_driver_check_flags(args->flags, 0, "virNodeListDevices") < 0)
        return -1;
    if (args->maxnames > REMOTE_NODE_DEVICE_LIST_MAX) {
        mv_report_error(VIR_ERR_RPC, "maxnames > REMOTE_NODE_DEVICE_LIST_MAX");
        return -1;
    }

    names = nodedev_names_by_cap_name(driver->store, (const char *const *) args->cap);
    n = MIN(g_strv_length(names), (guint) MAX(args->maxnames, 0));
    ret->names.names_len = n;
    ret->names.names_val = g_new0(char *, n);
    for (guint i = 0; i < n; i++)
        ret->names.names_val[i] = g_strdup(names[i]);
    return 0;
}

/* Every device is active: no persistent (mediated) devices exist yet. */
int
mv_nodedev_driver_list_all(MvRpcServerClient *client,
                           remote_connect_list_all_node_devices_args *args,
                           remote_connect_list_all_node_devices_ret *ret)
{
    MvNodeDevDriver *driver = mv_nodedev_driver_from_client(client);
    guint32 activity = args->flags & NODEDEV_LIST_ACTIVITY;
    g_auto(GStrv) names = NULL;
    guint n;

    if (mv_nodedev_driver_check_flags(args->flags, NODEDEV_LIST_CAPS | NODEDEV_LIST_ACTIVITY,
                                      "virConnectListAllNodeDevices") < 0)
        return -1;

    if (activity == VIR_CONNECT_LIST_NODE_DEVICES_INACTIVE)
        names = g_new0(char *, 1);
    else
        names = mv_nodedev_store_list(driver->store, args->flags & NODEDEV_LIST_CAPS);
    n = g_strv_length(names);
    if (n > REMOTE_NODE_DEVICE_LIST_MAX) {
        mv_report_error(VIR_ERR_RPC, "Too many node devices '%u' for limit '%d'",
                        n, REMOTE_NODE_DEVICE_LIST_MAX);
        return -1;
    }

    if (args->need_results) {
        ret->devices.devices_len = n;
        ret->devices.devices_val = g_new0(remote_nonnull_node_device, n);
        for (guint i = 0; i < n; i++)
            ret->devices.devices_val[i].name = g_strdup(names[i]);
    }
    ret->ret = n;
    return 0;
}

int
mv_nodedev_driver_lookup_by_name(MvRpcServerClient *client,
                                 remote_node_device_lookup_by_name_args *args,
                                 remote_node_device_lookup_by_name_ret *ret)
{
    MvNodeDevDriver *driver = mv_nodedev_driver_from_client(client);
    g_autoptr(MvNodeDev) dev = mv_nodedev_store_lookup(driver->store, args->name);

    if (!dev)
        return -1;
    ret->dev.name = g_strdup(mv_nodedev_get_def(dev)->name);
    return 0;
}

int
mv_nodedev_driver_lookup_scsi_host_by_wwn(MvRpcServerClient *client,
                                          remote_node_device_lookup_scsi_host_by_wwn_args *args,
                                          remote_node_device_lookup_scsi_host_by_wwn_ret *ret)
{
    MvNodeDevDriver *driver = mv_nodedev_driver_from_client(client);
    g_autoptr(MvNodeDev) dev = NULL;

    if (mv_nodedev_driver_check_flags(args->flags, 0, "virNodeDeviceLookupSCSIHostByWWN") < 0)
        return -1;
    if (!(dev = mv_nodedev_store_lookup_scsi_host_by_wwn(driver->store, args->wwnn, args->wwpn)))
        return -1;
    ret->dev.name = g_strdup(mv_nodedev_get_def(dev)->name);
    return 0;
}

int
mv_nodedev_driver_get_xml_desc(MvRpcServerClient *client,
                               remote_node_device_get_xml_desc_args *args,
                               remote_node_device_get_xml_desc_ret *ret)
{
    MvNodeDevDriver *driver = mv_nodedev_driver_from_client(client);

    if (mv_nodedev_driver_check_flags(args->flags, 0, "virNodeDeviceGetXMLDesc") < 0)
        return -1;
    if (!(ret->xml = mv_nodedev_store_get_xml(driver->store, args->name)))
        return -1;
    return 0;
}

/* "computer" has no parent: libvirt's daemon answers null, not an error,
 * and virsh's nodedev-list --tree takes it as the root. */
int
mv_nodedev_driver_get_parent(MvRpcServerClient *client,
                             remote_node_device_get_parent_args *args,
                             remote_node_device_get_parent_ret *ret)
{
    MvNodeDevDriver *driver = mv_nodedev_driver_from_client(client);
    g_autoptr(MvNodeDev) dev = mv_nodedev_store_lookup(driver->store, args->name);
    const char *parent;

    if (!dev)
        return -1;
    parent = mv_nodedev_get_def(dev)->parent;
    if (parent) {
        ret->parentName = g_new0(char *, 1);
        *ret->parentName = g_strdup(parent);
    }
    return 0;
}

int
mv_nodedev_driver_num_of_caps(MvRpcServerClient *client,
                              remote_node_device_num_of_caps_args *args,
                              remote_node_device_num_of_caps_ret *ret)
{
    MvNodeDevDriver *driver = mv_nodedev_driver_from_client(client);
    g_auto(GStrv) caps = mv_nodedev_store_list_caps(driver->store, args->name);

    if (!caps)
        return -1;
    ret->num = g_strv_length(caps);
    return 0;
}

int
mv_nodedev_driver_list_caps(MvRpcServerClient *client,
                            remote_node_device_list_caps_args *args,
                            remote_node_device_list_caps_ret *ret)
{
    MvNodeDevDriver *driver = mv_nodedev_driver_from_client(client);
    g_auto(GStrv) caps = NULL;
    guint n;

    if (args->maxnames > REMOTE_NODE_DEVICE_CAPS_LIST_MAX) {
        mv_report_error(VIR_ERR_RPC, "maxnames > REMOTE_NODE_DEVICE_CAPS_LIST_MAX");
        return -1;
    }
    if (!(caps = mv_nodedev_store_list_caps(driver->store, args->name)))
        return -1;

    n = MIN(g_strv_length(caps), (guint) MAX(args->maxnames, 0));
    ret->names.names_len = n;
    ret->names.names_val = g_new0(char *, n);
    for (guint i = 0; i < n; i++)
        ret->names.names_val[i] = g_strdup(caps[i]);
    return 0;
}
