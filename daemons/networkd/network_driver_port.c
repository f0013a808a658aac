/* Network ports of bridge-type networks: how a guest interface plugs in, recorded per active network in the run dir. */
#define MV_LOG_MODULE "network.driver"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_driver.h"
#include "network_vf_port.h"

#include <libvirt/libvirt.h>
#include <string.h>

#include "util/error.h"
#include "util/log.h"

MvNetworkPortDef *
mv_network_port_find(MvNetworkObj *obj, const unsigned char *uuid)
{
    for (guint i = 0; i < obj->ports->len; i++) {
        MvNetworkPortDef *port = g_ptr_array_index(obj->ports, i);

        if (memcmp(port->uuid, uuid, MV_UUID_BUFLEN) == 0)
            return port;
    }
    return NULL;
}

MvNetworkPortDef *
mv_network_port_get(MvNetworkObj *obj, const unsigned char *uuid)
{
    MvNetworkPortDef *port = mv_network_port_find(obj, uuid);
    char uuidstr[MV_UUID_STRING_BUFLEN];

    if (!port) {
        mv_report_error(VIR_ERR_NO_NETWORK_PORT, "Network port with UUID %s does not exist",
                        mv_uuid_format(uuid, uuidstr));
    }
    return port;
}

/* Where the port plugs in, from the network: its own bridge for the modes
 * that make one, the host bridge it names for mode 'bridge'. Mode hostdev
 * goes to network_vf_port.c, the macvtap modes to network_driver_direct.c. */
static int
port_plug(const MvNetworkDef *def, MvNetworkPortDef *port)
{
    switch (def->forward.mode) {
    case MV_FORWARD_NONE:
    case MV_FORWARD_NAT:
    case MV_FORWARD_ROUTE:
    case MV_FORWARD_OPEN:
        port->plug_type = MV_PORT_PLUG_NETWORK;
        break;
    case MV_FORWARD_BRIDGE:
        port->plug_type = MV_PORT_PLUG_BRIDGE;
        break;
    default:
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "network '%s': no bridge plug in forward mode '%s'",
                        def->name, mv_forward_mode_to_string(def->forward.mode));
        return -1;
    }
    g_free(port->plug_bridge);
    port->plug_bridge = g_strdup(def->bridge);
    port->plug_mac_table_manager = def->mac_table_manager;
    return 0;
}

MvNetworkPortDef *
mv_network_port_create(MvNetworkDriver *driver, MvNetworkObj *obj, const char *xml,
                       unsigned int flags)
{
    g_autoptr(MvNetworkPortDef) port = mv_network_port_def_parse_string(xml);
    const char *net_name = mv_network_obj_def(obj)->name;
    char uuidstr[MV_UUID_STRING_BUFLEN];
    char macstr[MV_MAC_STRING_BUFLEN];

    if (!port)
        return NULL;
    if (!obj->live) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "network '%s' is not active", net_name);
        return NULL;
    }
    if (mv_network_port_find(obj, port->uuid)) {
        mv_report_error(VIR_ERR_NETWORK_PORT_EXIST, "Network port with UUID %s already exists",
                        mv_uuid_format(port->uuid, uuidstr));
        return NULL;
    }
    /* Values checked and a floor's class made first: nothing to undo yet. */
    if (mv_network_bandwidth_port_plug(obj, port) < 0)
        return NULL;
    /* A reclaimed port (its guest outlived a restart) keeps its plug. A
     * hostdev port's VF is set (its old state saved) whatever the flags. */
    if (obj->live->forward.mode == MV_FORWARD_HOSTDEV) {
        if (mv_network_vf_port_plug(driver, obj, port) < 0)
            goto error_bandwidth;
    } else if (mv_network_mode_is_direct(obj->live)) {
        if (mv_network_direct_port_plug(obj, port, flags & VIR_NETWORK_PORT_CREATE_RECLAIM) < 0)
            goto error_bandwidth;
    } else if (!((flags & VIR_NETWORK_PORT_CREATE_RECLAIM) && port->plug_type != MV_PORT_PLUG_NONE) &&
               port_plug(obj->live, port) < 0) {
        goto error_bandwidth;
    }
    if (mv_network_port_save(driver, net_name, port) < 0) {
        g_autoptr(MvError) err = mv_error_save();

        mv_network_vf_port_unplug(driver, net_name, port);
        mv_network_direct_port_unplug(obj, port);
        mv_error_restore(g_steal_pointer(&err));
        goto error_bandwidth;
    }
    obj->live->connections++;
    if (mv_network_status_save(driver, obj) < 0) {
        g_autoptr(MvError) err = mv_error_save();

        obj->live->connections--;
        mv_network_port_file_delete(driver, net_name, port->uuid);
        mv_network_vf_port_unplug(driver, net_name, port);
        mv_network_direct_port_unplug(obj, port);
        mv_error_restore(g_steal_pointer(&err));
        goto error_bandwidth;
    }
    MV_INFO("network '%s': port %s for '%s' (%s) created", net_name,
            mv_uuid_format(port->uuid, uuidstr), port->owner_name,
            mv_mac_format(&port->mac, macstr));
    g_ptr_array_add(obj->ports, port);
    return g_steal_pointer(&port);

 error_bandwidth:
    {
        g_autoptr(MvError) err = mv_error_save();

        mv_network_bandwidth_port_unplug(obj, port);
        mv_error_restore(g_steal_pointer(&err));
    }
    return NULL;
}

int
mv_network_port_delete(MvNetworkDriver *driver, MvNetworkObj *obj, const unsigned char *uuid)
{
    MvNetworkPortDef *port = mv_network_port_get(obj, uuid);
    const char *net_name = mv_network_obj_def(obj)->name;
    char uuidstr[MV_UUID_STRING_BUFLEN];

    if (!port)
        return -1;
    mv_network_port_clear_interface(driver, net_name, port);
    mv_network_vf_port_unplug(driver, net_name, port);
    mv_network_direct_port_unplug(obj, port);
    mv_network_port_file_delete(driver, net_name, uuid);
    if (obj->live) {
        mv_network_bandwidth_port_unplug(obj, port);
        if (obj->live->connections > 0)
            obj->live->connections--;
        if (mv_network_status_save(driver, obj) < 0)
            MV_WARN("network '%s': %s", net_name, mv_error_last_message());
    }
    MV_INFO("network '%s': port %s deleted", net_name, mv_uuid_format(uuid, uuidstr));
    g_ptr_array_remove(obj->ports, port);
    return 0;
}
