/* networkd's procedures of modvirt's internal program: create and delete the network-less VF port qemud asks for an <interface type='hostdev'>, under the driver's lock. */
#define MV_LOG_MODULE "network.driver"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_driver_internal.h"

#include <libvirt/libvirt.h>

#include "network_driver.h"
#include "network_vf_port.h"
#include "remote.h"
#include "util/error.h"

static MvNetworkDriver *
driver_of(MvRpcServerClient *client)
{
    return mv_daemon_get_driver_data(mv_remote_client_get_daemon(client));
}

static int
check_no_flags(unsigned int flags, const char *what)
{
    if (flags) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in %s", flags, what);
        return -1;
    }
    return 0;
}

static int
internal_hostdev_port_create(MvRpcServerClient *client, internal_hostdev_port_create_args *args,
                             internal_hostdev_port_create_ret *ret)
{
    MvNetworkDriver *driver = driver_of(client);
    g_autoptr(MvNetworkPortDef) port = NULL;

    if (check_no_flags(args->flags, "the hostdev port create call") < 0)
        return -1;
    /* The lock covers the holder check against every network's ports. */
    g_mutex_lock(&driver->lock);
    port = mv_network_vf_hostdev_create(driver, args->xml);
    g_mutex_unlock(&driver->lock);
    if (!port || !(ret->xml = mv_network_port_def_format(port, 0)))
        return -1;
    return 0;
}

static int
internal_hostdev_port_delete(MvRpcServerClient *client, internal_hostdev_port_delete_args *args)
{
    MvNetworkDriver *driver = driver_of(client);
    int rc;

    if (check_no_flags(args->flags, "the hostdev port delete call") < 0)
        return -1;
    g_mutex_lock(&driver->lock);
    rc = mv_network_vf_hostdev_delete(driver, (const unsigned char *) args->uuid);
    g_mutex_unlock(&driver->lock);
    return rc;
}

static int
internal_network_port_set_interface(MvRpcServerClient *client,
                                    internal_network_port_set_interface_args *args)
{
    MvNetworkDriver *driver = driver_of(client);
    MvNetworkObj *obj;
    int rc = -1;

    if (check_no_flags(args->flags, "the network port set interface call") < 0)
        return -1;
    g_mutex_lock(&driver->lock);
    if ((obj = mv_network_driver_find_name(driver, args->network)))
        rc = mv_network_port_set_interface(driver, obj, (const unsigned char *) args->uuid,
                                           args->ifname);
    else
        mv_report_error(VIR_ERR_NO_NETWORK, "no network with matching name '%s'", args->network);
    g_mutex_unlock(&driver->lock);
    return rc;
}

const MvInternalHandlers mv_network_internal_handlers = {
    .hostdev_port_create = internal_hostdev_port_create,
    .hostdev_port_delete = internal_hostdev_port_delete,
    .network_port_set_interface = internal_network_port_set_interface,
};
