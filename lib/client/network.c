/* The public network and network-port API: argument checks, then the connection's driver. */
#define MV_LOG_MODULE "client.api"
#define MV_FROM_THIS VIR_FROM_NONE

#include <string.h>

#include "driver.h"
#include "error.h"
#include "object.h"
#include "util/error.h"
#include "util/uuid.h"

virConnectPtr
virNetworkGetConnect(virNetworkPtr net)
{
    OBJ_ENTRY(mv_client_network_check, net, NULL);
    return net->conn;
}

int
virConnectListAllNetworks(virConnectPtr conn, virNetworkPtr **nets, unsigned int flags)
{
    CONN_ENTRY(conn, -1);
    if (nets)
        *nets = NULL;
    DRIVER_ENTRY(conn, connect_list_all_networks, -1);
    return mv_client_finish_int(conn, conn->driver->connect_list_all_networks(conn, nets, flags));
}

/* The old listing calls, answered from virConnectListAllNetworks. */
static int
networks_names(virConnectPtr conn, unsigned int flags, char **const names, int max,
               const char *func)
{
    virNetworkPtr *nets = NULL;
    int n = 0;

    if (!conn->driver->connect_list_all_networks) {
        mv_client_report_no_support(func);
        mv_client_dispatch_error(conn);
        return -1;
    }
    if (conn->driver->connect_list_all_networks(conn, &nets, flags) < 0) {
        mv_client_dispatch_error(conn);
        return -1;
    }
    for (size_t i = 0; nets[i]; i++) {
        if (names && n < max)
            names[n] = g_strdup(nets[i]->name);
        if (!names || n < max)
            n++;
        virNetworkFree(nets[i]);
    }
    g_free(nets);
    return n;
}

int
virConnectNumOfNetworks(virConnectPtr conn)
{
    CONN_ENTRY(conn, -1);
    return networks_names(conn, VIR_CONNECT_LIST_NETWORKS_ACTIVE, NULL, 0, __func__);
}

int
virConnectNumOfDefinedNetworks(virConnectPtr conn)
{
    CONN_ENTRY(conn, -1);
    return networks_names(conn, VIR_CONNECT_LIST_NETWORKS_INACTIVE, NULL, 0, __func__);
}

int
virConnectListNetworks(virConnectPtr conn, char **const names, int maxnames)
{
    CONN_ENTRY(conn, -1);
    NONNULL_ARG(conn, names, -1);
    return networks_names(conn, VIR_CONNECT_LIST_NETWORKS_ACTIVE, names, MAX(maxnames, 0),
                          __func__);
}

int
virConnectListDefinedNetworks(virConnectPtr conn, char **const names, int maxnames)
{
    CONN_ENTRY(conn, -1);
    NONNULL_ARG(conn, names, -1);
    return networks_names(conn, VIR_CONNECT_LIST_NETWORKS_INACTIVE, names, MAX(maxnames, 0),
                          __func__);
}

virNetworkPtr
virNetworkLookupByName(virConnectPtr conn, const char *name)
{
    CONN_ENTRY(conn, NULL);
    NONNULL_ARG(conn, name, NULL);
    DRIVER_ENTRY(conn, network_lookup_by_name, NULL);
    return mv_client_finish_ptr(conn, conn->driver->network_lookup_by_name(conn, name));
}

virNetworkPtr
virNetworkLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    CONN_ENTRY(conn, NULL);
    NONNULL_ARG(conn, uuid, NULL);
    DRIVER_ENTRY(conn, network_lookup_by_uuid, NULL);
    return mv_client_finish_ptr(conn, conn->driver->network_lookup_by_uuid(conn, uuid));
}

virNetworkPtr
virNetworkLookupByUUIDString(virConnectPtr conn, const char *uuidstr)
{
    unsigned char uuid[VIR_UUID_BUFLEN];

    CONN_ENTRY(conn, NULL);
    NONNULL_ARG(conn, uuidstr, NULL);
    if (mv_uuid_parse(uuidstr, uuid) < 0) {
        mv_client_dispatch_error(conn);
        return NULL;
    }
    DRIVER_ENTRY(conn, network_lookup_by_uuid, NULL);
    return mv_client_finish_ptr(conn, conn->driver->network_lookup_by_uuid(conn, uuid));
}

virNetworkPtr
virNetworkCreateXML(virConnectPtr conn, const char *xmlDesc)
{
    CONN_ENTRY(conn, NULL);
    NONNULL_ARG(conn, xmlDesc, NULL);
    WRITABLE_ENTRY(conn, NULL);
    DRIVER_ENTRY(conn, network_create_xml, NULL);
    return mv_client_finish_ptr(conn, conn->driver->network_create_xml(conn, xmlDesc));
}

virNetworkPtr
virNetworkDefineXML(virConnectPtr conn, const char *xmlDesc)
{
    CONN_ENTRY(conn, NULL);
    NONNULL_ARG(conn, xmlDesc, NULL);
    WRITABLE_ENTRY(conn, NULL);
    DRIVER_ENTRY(conn, network_define_xml, NULL);
    return mv_client_finish_ptr(conn, conn->driver->network_define_xml(conn, xmlDesc));
}

/* The calls that change a network share their shape. */
static int
network_change(virNetworkPtr net, int (*func)(virNetworkPtr), const char *name)
{
    if (!mv_client_check_change(net->conn, func != NULL, name))
        return -1;
    return mv_client_finish_status(net->conn, func(net));
}

int
virNetworkUndefine(virNetworkPtr network)
{
    OBJ_ENTRY(mv_client_network_check, network, -1);
    return network_change(network, network->conn->driver->network_undefine, __func__);
}

int
virNetworkCreate(virNetworkPtr network)
{
    OBJ_ENTRY(mv_client_network_check, network, -1);
    return network_change(network, network->conn->driver->network_create, __func__);
}

int
virNetworkDestroy(virNetworkPtr network)
{
    OBJ_ENTRY(mv_client_network_check, network, -1);
    return network_change(network, network->conn->driver->network_destroy, __func__);
}

int
virNetworkUpdate(virNetworkPtr network, unsigned int command, unsigned int section,
                 int parentIndex, const char *xml, unsigned int flags)
{
    int ret;

    OBJ_ENTRY(mv_client_network_check, network, -1);
    NONNULL_ARG(network->conn, xml, -1);
    WRITABLE_ENTRY(network->conn, -1);
    DRIVER_ENTRY(network->conn, network_update, -1);
    ret = network->conn->driver->network_update(network, command, section, parentIndex, xml, flags);
    return mv_client_finish_status(network->conn, ret);
}

const char *
virNetworkGetName(virNetworkPtr network)
{
    OBJ_ENTRY(mv_client_network_check, network, NULL);
    return network->name;
}

int
virNetworkGetUUID(virNetworkPtr network, unsigned char *uuid)
{
    OBJ_ENTRY(mv_client_network_check, network, -1);
    NONNULL_ARG(network->conn, uuid, -1);
    memcpy(uuid, network->uuid, VIR_UUID_BUFLEN);
    return 0;
}

int
virNetworkGetUUIDString(virNetworkPtr network, char *buf)
{
    OBJ_ENTRY(mv_client_network_check, network, -1);
    NONNULL_ARG(network->conn, buf, -1);
    mv_uuid_format(network->uuid, buf);
    return 0;
}

char *
virNetworkGetXMLDesc(virNetworkPtr network, unsigned int flags)
{
    OBJ_ENTRY(mv_client_network_check, network, NULL);
    DRIVER_ENTRY(network->conn, network_get_xml_desc, NULL);
    return mv_client_finish_ptr(network->conn,
                                network->conn->driver->network_get_xml_desc(network, flags));
}

char *
virNetworkGetBridgeName(virNetworkPtr network)
{
    OBJ_ENTRY(mv_client_network_check, network, NULL);
    DRIVER_ENTRY(network->conn, network_get_bridge_name, NULL);
    return mv_client_finish_ptr(network->conn,
                                network->conn->driver->network_get_bridge_name(network));
}

int
virNetworkGetAutostart(virNetworkPtr network, int *autostart)
{
    int ret;

    OBJ_ENTRY(mv_client_network_check, network, -1);
    NONNULL_ARG(network->conn, autostart, -1);
    DRIVER_ENTRY(network->conn, network_get_autostart, -1);
    ret = network->conn->driver->network_get_autostart(network, autostart);
    return mv_client_finish_status(network->conn, ret);
}

int
virNetworkSetAutostart(virNetworkPtr network, int autostart)
{
    int ret;

    OBJ_ENTRY(mv_client_network_check, network, -1);
    WRITABLE_ENTRY(network->conn, -1);
    DRIVER_ENTRY(network->conn, network_set_autostart, -1);
    ret = network->conn->driver->network_set_autostart(network, autostart);
    return mv_client_finish_status(network->conn, ret);
}

int
virNetworkIsActive(virNetworkPtr net)
{
    OBJ_ENTRY(mv_client_network_check, net, -1);
    DRIVER_ENTRY(net->conn, network_is_active, -1);
    return mv_client_finish_int(net->conn, net->conn->driver->network_is_active(net));
}

int
virNetworkIsPersistent(virNetworkPtr net)
{
    OBJ_ENTRY(mv_client_network_check, net, -1);
    DRIVER_ENTRY(net->conn, network_is_persistent, -1);
    return mv_client_finish_int(net->conn, net->conn->driver->network_is_persistent(net));
}

int
virNetworkGetDHCPLeases(virNetworkPtr network, const char *mac,
                        virNetworkDHCPLeasePtr **leases, unsigned int flags)
{
    int ret;

    OBJ_ENTRY(mv_client_network_check, network, -1);
    if (leases)
        *leases = NULL;
    DRIVER_ENTRY(network->conn, network_get_dhcp_leases, -1);
    ret = network->conn->driver->network_get_dhcp_leases(network, mac, leases, flags);
    return mv_client_finish_int(network->conn, ret);
}

void
virNetworkDHCPLeaseFree(virNetworkDHCPLeasePtr lease)
{
    if (!lease)
        return;
    g_free(lease->iface);
    g_free(lease->mac);
    g_free(lease->iaid);
    g_free(lease->ipaddr);
    g_free(lease->hostname);
    g_free(lease->clientid);
    g_free(lease);
}

virNetworkPtr
virNetworkPortGetNetwork(virNetworkPortPtr port)
{
    OBJ_ENTRY(mv_client_network_port_check, port, NULL);
    return port->net;
}

int
virNetworkListAllPorts(virNetworkPtr network, virNetworkPortPtr **ports, unsigned int flags)
{
    int ret;

    OBJ_ENTRY(mv_client_network_check, network, -1);
    NONNULL_ARG(network->conn, ports, -1);
    *ports = NULL;
    DRIVER_ENTRY(network->conn, network_list_all_ports, -1);
    ret = network->conn->driver->network_list_all_ports(network, ports, flags);
    return mv_client_finish_int(network->conn, ret);
}

virNetworkPortPtr
virNetworkPortLookupByUUID(virNetworkPtr net, const unsigned char *uuid)
{
    OBJ_ENTRY(mv_client_network_check, net, NULL);
    NONNULL_ARG(net->conn, uuid, NULL);
    DRIVER_ENTRY(net->conn, network_port_lookup_by_uuid, NULL);
    return mv_client_finish_ptr(net->conn,
                                net->conn->driver->network_port_lookup_by_uuid(net, uuid));
}

virNetworkPortPtr
virNetworkPortLookupByUUIDString(virNetworkPtr net, const char *uuidstr)
{
    unsigned char uuid[VIR_UUID_BUFLEN];

    OBJ_ENTRY(mv_client_network_check, net, NULL);
    NONNULL_ARG(net->conn, uuidstr, NULL);
    if (mv_uuid_parse(uuidstr, uuid) < 0) {
        mv_client_dispatch_error(net->conn);
        return NULL;
    }
    DRIVER_ENTRY(net->conn, network_port_lookup_by_uuid, NULL);
    return mv_client_finish_ptr(net->conn,
                                net->conn->driver->network_port_lookup_by_uuid(net, uuid));
}

virNetworkPortPtr
virNetworkPortCreateXML(virNetworkPtr net, const char *xmldesc, unsigned int flags)
{
    OBJ_ENTRY(mv_client_network_check, net, NULL);
    NONNULL_ARG(net->conn, xmldesc, NULL);
    WRITABLE_ENTRY(net->conn, NULL);
    DRIVER_ENTRY(net->conn, network_port_create_xml, NULL);
    return mv_client_finish_ptr(net->conn,
                                net->conn->driver->network_port_create_xml(net, xmldesc, flags));
}

char *
virNetworkPortGetXMLDesc(virNetworkPortPtr port, unsigned int flags)
{
    OBJ_ENTRY(mv_client_network_port_check, port, NULL);
    DRIVER_ENTRY(port->net->conn, network_port_get_xml_desc, NULL);
    return mv_client_finish_ptr(port->net->conn,
                                port->net->conn->driver->network_port_get_xml_desc(port, flags));
}

int
virNetworkPortGetUUID(virNetworkPortPtr port, unsigned char *uuid)
{
    OBJ_ENTRY(mv_client_network_port_check, port, -1);
    NONNULL_ARG(port->net->conn, uuid, -1);
    memcpy(uuid, port->uuid, VIR_UUID_BUFLEN);
    return 0;
}

int
virNetworkPortGetUUIDString(virNetworkPortPtr port, char *buf)
{
    OBJ_ENTRY(mv_client_network_port_check, port, -1);
    NONNULL_ARG(port->net->conn, buf, -1);
    mv_uuid_format(port->uuid, buf);
    return 0;
}

int
virNetworkPortDelete(virNetworkPortPtr port, unsigned int flags)
{
    virConnectPtr conn;

    OBJ_ENTRY(mv_client_network_port_check, port, -1);
    conn = port->net->conn;
    WRITABLE_ENTRY(conn, -1);
    DRIVER_ENTRY(conn, network_port_delete, -1);
    return mv_client_finish_status(conn, conn->driver->network_port_delete(port, flags));
}

int
virConnectNetworkEventRegisterAny(virConnectPtr conn, virNetworkPtr net, int eventID,
                                  virConnectNetworkEventGenericCallback cb, void *opaque,
                                  virFreeCallback freecb)
{
    int ret;

    CONN_ENTRY(conn, -1);
    if (net && !mv_client_network_check(net, __func__)) {
        mv_client_dispatch_error(conn);
        return -1;
    }
    if (!mv_client_check_event_args(conn, net ? net->conn : NULL, "net", cb != NULL, eventID,
                                    VIR_NETWORK_EVENT_ID_LAST, __func__))
        return -1;
    DRIVER_ENTRY(conn, network_event_register_any, -1);
    ret = conn->driver->network_event_register_any(conn, net, eventID, cb, opaque, freecb);
    return mv_client_finish_int(conn, ret);
}

int
virConnectNetworkEventDeregisterAny(virConnectPtr conn, int callbackID)
{
    CONN_ENTRY(conn, -1);
    return mv_client_event_deregister(conn, callbackID, conn->driver->network_event_deregister_any,
                                      __func__);
}
