/* The remote driver's network and network port calls. */
#define MV_LOG_MODULE "client.remote"
#define MV_FROM_THIS VIR_FROM_REMOTE

#include <string.h>

#include "remote_driver.h"

#include "util/error.h"
#include "util/log.h"

static void
port_to_wire(virNetworkPortPtr port, remote_nonnull_network_port *ret_wire)
{
    mv_remote_network_to_wire(port->net, &ret_wire->net);
    memcpy(ret_wire->uuid, port->uuid, VIR_UUID_BUFLEN);
}

int
mv_remote_network_list_all(virConnectPtr conn, virNetworkPtr **nets, unsigned int flags)
{
    remote_connect_list_all_networks_args args = { .need_results = nets != NULL, .flags = flags };
    remote_connect_list_all_networks_ret ret = { 0 };
    int n;

    if (mv_remote_call(conn, REMOTE_PROC_CONNECT_LIST_ALL_NETWORKS,
                       (xdrproc_t) xdr_remote_connect_list_all_networks_args, &args,
                       (xdrproc_t) xdr_remote_connect_list_all_networks_ret, &ret) < 0)
        return -1;

    if (nets) {
        *nets = g_new0(virNetworkPtr, ret.nets.nets_len + 1);
        for (u_int i = 0; i < ret.nets.nets_len; i++)
            (*nets)[i] = mv_remote_network_from_wire(conn, &ret.nets.nets_val[i]);
    }
    n = ret.ret;
    xdr_free((xdrproc_t) xdr_remote_connect_list_all_networks_ret, (char *) &ret);
    return n;
}

/* Lookups and creations answer a network: ret_net points into ret, whose
 * own xdr routine frees it. */
static virNetworkPtr
network_call_lookup(virConnectPtr conn, int procedure, xdrproc_t args_proc, const void *args,
                    xdrproc_t ret_proc, remote_nonnull_network *ret_net, void *ret)
{
    virNetworkPtr net;

    if (mv_remote_call(conn, procedure, args_proc, args, ret_proc, ret) < 0)
        return NULL;

    net = mv_remote_network_from_wire(conn, ret_net);
    xdr_free(ret_proc, (char *) ret);
    return net;
}

/* The procedures whose arguments are the network alone. An XDR struct of
 * one member is that member on the wire, so the network is sent as it is;
 * the reply, if any, is decoded into ret. */
static int
network_call(virNetworkPtr net, int procedure, xdrproc_t ret_proc, void *ret)
{
    remote_nonnull_network args;

    mv_remote_network_to_wire(net, &args);
    return mv_remote_call(net->conn, procedure, (xdrproc_t) xdr_remote_nonnull_network, &args,
                          ret_proc, ret);
}

virNetworkPtr
mv_remote_network_lookup_by_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    remote_network_lookup_by_uuid_args args;
    remote_network_lookup_by_uuid_ret ret = { 0 };

    memcpy(args.uuid, uuid, VIR_UUID_BUFLEN);
    return network_call_lookup(conn, REMOTE_PROC_NETWORK_LOOKUP_BY_UUID,
                               (xdrproc_t) xdr_remote_network_lookup_by_uuid_args, &args,
                               (xdrproc_t) xdr_remote_network_lookup_by_uuid_ret, &ret.net, &ret);
}

virNetworkPtr
mv_remote_network_lookup_by_name(virConnectPtr conn, const char *name)
{
    remote_network_lookup_by_name_args args = { .name = (char *) name };
    remote_network_lookup_by_name_ret ret = { 0 };

    return network_call_lookup(conn, REMOTE_PROC_NETWORK_LOOKUP_BY_NAME,
                               (xdrproc_t) xdr_remote_network_lookup_by_name_args, &args,
                               (xdrproc_t) xdr_remote_network_lookup_by_name_ret, &ret.net, &ret);
}

virNetworkPtr
mv_remote_network_create_xml(virConnectPtr conn, const char *xml)
{
    remote_network_create_xml_args args = { .xml = (char *) xml };
    remote_network_create_xml_ret ret = { 0 };

    return network_call_lookup(conn, REMOTE_PROC_NETWORK_CREATE_XML,
                               (xdrproc_t) xdr_remote_network_create_xml_args, &args,
                               (xdrproc_t) xdr_remote_network_create_xml_ret, &ret.net, &ret);
}

virNetworkPtr
mv_remote_network_define_xml(virConnectPtr conn, const char *xml)
{
    remote_network_define_xml_args args = { .xml = (char *) xml };
    remote_network_define_xml_ret ret = { 0 };

    return network_call_lookup(conn, REMOTE_PROC_NETWORK_DEFINE_XML,
                               (xdrproc_t) xdr_remote_network_define_xml_args, &args,
                               (xdrproc_t) xdr_remote_network_define_xml_ret, &ret.net, &ret);
}

int
mv_remote_network_undefine(virNetworkPtr net)
{
    return network_call(net, REMOTE_PROC_NETWORK_UNDEFINE, NULL, NULL);
}

int
mv_remote_network_update(virNetworkPtr net, unsigned int command, unsigned int section,
                         int parent_index, const char *xml, unsigned int flags)
{
    remote_network_update_args args = {
        .command = command,
        .section = section,
        .parentIndex = parent_index,
        .xml = (char *) xml,
        .flags = flags,
    };

    mv_remote_network_to_wire(net, &args.net);
    return mv_remote_call(net->conn, REMOTE_PROC_NETWORK_UPDATE,
                          (xdrproc_t) xdr_remote_network_update_args, &args, NULL, NULL);
}

int
mv_remote_network_create(virNetworkPtr net)
{
    return network_call(net, REMOTE_PROC_NETWORK_CREATE, NULL, NULL);
}

int
mv_remote_network_destroy(virNetworkPtr net)
{
    return network_call(net, REMOTE_PROC_NETWORK_DESTROY, NULL, NULL);
}

char *
mv_remote_network_get_xml_desc(virNetworkPtr net, unsigned int flags)
{
    remote_network_get_xml_desc_args args = { .flags = flags };
    remote_network_get_xml_desc_ret ret = { 0 };

    mv_remote_network_to_wire(net, &args.net);
    return mv_remote_call_string(net->conn, REMOTE_PROC_NETWORK_GET_XML_DESC,
                                 (xdrproc_t) xdr_remote_network_get_xml_desc_args, &args,
                                 (xdrproc_t) xdr_remote_network_get_xml_desc_ret, &ret, &ret.xml);
}

char *
mv_remote_network_get_bridge_name(virNetworkPtr net)
{
    remote_nonnull_network args;
    remote_network_get_bridge_name_ret ret = { 0 };

    mv_remote_network_to_wire(net, &args);
    return mv_remote_call_string(net->conn, REMOTE_PROC_NETWORK_GET_BRIDGE_NAME,
                                 (xdrproc_t) xdr_remote_nonnull_network, &args,
                                 (xdrproc_t) xdr_remote_network_get_bridge_name_ret, &ret,
                                 &ret.name);
}

int
mv_remote_network_get_autostart(virNetworkPtr net, int *autostart)
{
    remote_network_get_autostart_ret ret = { 0 };

    if (network_call(net, REMOTE_PROC_NETWORK_GET_AUTOSTART,
                     (xdrproc_t) xdr_remote_network_get_autostart_ret, &ret) < 0)
        return -1;

    *autostart = ret.autostart;
    return 0;
}

int
mv_remote_network_set_autostart(virNetworkPtr net, int autostart)
{
    remote_network_set_autostart_args args = { .autostart = autostart };

    mv_remote_network_to_wire(net, &args.net);
    return mv_remote_call(net->conn, REMOTE_PROC_NETWORK_SET_AUTOSTART,
                          (xdrproc_t) xdr_remote_network_set_autostart_args, &args, NULL, NULL);
}

int
mv_remote_network_is_active(virNetworkPtr net)
{
    remote_network_is_active_ret ret = { 0 };

    if (network_call(net, REMOTE_PROC_NETWORK_IS_ACTIVE,
                     (xdrproc_t) xdr_remote_network_is_active_ret, &ret) < 0)
        return -1;

    return ret.active ? 1 : 0;
}

int
mv_remote_network_is_persistent(virNetworkPtr net)
{
    remote_network_is_persistent_ret ret = { 0 };

    if (network_call(net, REMOTE_PROC_NETWORK_IS_PERSISTENT,
                     (xdrproc_t) xdr_remote_network_is_persistent_ret, &ret) < 0)
        return -1;

    return ret.persistent ? 1 : 0;
}

static char *
optional_strdup(const remote_string s)
{
    return s ? g_strdup(*s) : NULL;
}

int
mv_remote_network_get_dhcp_leases(virNetworkPtr net, const char *mac,
                                  virNetworkDHCPLeasePtr **leases, unsigned int flags)
{
    remote_network_get_dhcp_leases_args args = {
        .mac = mac ? (char **) &mac : NULL,
        .need_results = leases != NULL,
        .flags = flags,
    };
    remote_network_get_dhcp_leases_ret ret = { 0 };
    int n;

    mv_remote_network_to_wire(net, &args.net);
    if (mv_remote_call(net->conn, REMOTE_PROC_NETWORK_GET_DHCP_LEASES,
                       (xdrproc_t) xdr_remote_network_get_dhcp_leases_args, &args,
                       (xdrproc_t) xdr_remote_network_get_dhcp_leases_ret, &ret) < 0)
        return -1;

    if (leases) {
        *leases = g_new0(virNetworkDHCPLeasePtr, ret.leases.leases_len + 1);
        for (u_int i = 0; i < ret.leases.leases_len; i++) {
            const remote_network_dhcp_lease *w = &ret.leases.leases_val[i];
            virNetworkDHCPLeasePtr lease = g_new0(virNetworkDHCPLease, 1);

            lease->iface = g_strdup(w->iface);
            lease->expirytime = w->expirytime;
            lease->type = w->type;
            lease->mac = optional_strdup(w->mac);
            lease->iaid = optional_strdup(w->iaid);
            lease->ipaddr = g_strdup(w->ipaddr);
            lease->prefix = w->prefix;
            lease->hostname = optional_strdup(w->hostname);
            lease->clientid = optional_strdup(w->clientid);
            (*leases)[i] = lease;
        }
    }
    n = ret.ret;
    xdr_free((xdrproc_t) xdr_remote_network_get_dhcp_leases_ret, (char *) &ret);
    return n;
}

int
mv_remote_network_list_all_ports(virNetworkPtr net, virNetworkPortPtr **ports, unsigned int flags)
{
    remote_network_list_all_ports_args args = { .need_results = ports != NULL, .flags = flags };
    remote_network_list_all_ports_ret ret = { 0 };
    int n;

    mv_remote_network_to_wire(net, &args.network);
    if (mv_remote_call(net->conn, REMOTE_PROC_NETWORK_LIST_ALL_PORTS,
                       (xdrproc_t) xdr_remote_network_list_all_ports_args, &args,
                       (xdrproc_t) xdr_remote_network_list_all_ports_ret, &ret) < 0)
        return -1;

    /* The ports hang off the network the caller asked about. */
    if (ports) {
        *ports = g_new0(virNetworkPortPtr, ret.ports.ports_len + 1);
        for (u_int i = 0; i < ret.ports.ports_len; i++)
            (*ports)[i] = mv_client_network_port_new(
                net, (const unsigned char *) ret.ports.ports_val[i].uuid);
    }
    n = ret.ret;
    xdr_free((xdrproc_t) xdr_remote_network_list_all_ports_ret, (char *) &ret);
    return n;
}

/* As network_call_lookup, for the calls that answer a port of net. */
static virNetworkPortPtr
port_call_lookup(virNetworkPtr net, int procedure, xdrproc_t args_proc, const void *args,
                 xdrproc_t ret_proc, remote_nonnull_network_port *ret_port, void *ret)
{
    virNetworkPortPtr port;

    if (mv_remote_call(net->conn, procedure, args_proc, args, ret_proc, ret) < 0)
        return NULL;

    port = mv_client_network_port_new(net, (const unsigned char *) ret_port->uuid);
    xdr_free(ret_proc, (char *) ret);
    return port;
}

virNetworkPortPtr
mv_remote_network_port_lookup_by_uuid(virNetworkPtr net, const unsigned char *uuid)
{
    remote_network_port_lookup_by_uuid_args args;
    remote_network_port_lookup_by_uuid_ret ret = { 0 };

    mv_remote_network_to_wire(net, &args.network);
    memcpy(args.uuid, uuid, VIR_UUID_BUFLEN);
    return port_call_lookup(net, REMOTE_PROC_NETWORK_PORT_LOOKUP_BY_UUID,
                            (xdrproc_t) xdr_remote_network_port_lookup_by_uuid_args, &args,
                            (xdrproc_t) xdr_remote_network_port_lookup_by_uuid_ret, &ret.port,
                            &ret);
}

virNetworkPortPtr
mv_remote_network_port_create_xml(virNetworkPtr net, const char *xml, unsigned int flags)
{
    remote_network_port_create_xml_args args = { .xml = (char *) xml, .flags = flags };
    remote_network_port_create_xml_ret ret = { 0 };

    mv_remote_network_to_wire(net, &args.network);
    return port_call_lookup(net, REMOTE_PROC_NETWORK_PORT_CREATE_XML,
                            (xdrproc_t) xdr_remote_network_port_create_xml_args, &args,
                            (xdrproc_t) xdr_remote_network_port_create_xml_ret, &ret.port, &ret);
}

char *
mv_remote_network_port_get_xml_desc(virNetworkPortPtr port, unsigned int flags)
{
    remote_network_port_get_xml_desc_args args = { .flags = flags };
    remote_network_port_get_xml_desc_ret ret = { 0 };

    port_to_wire(port, &args.port);
    return mv_remote_call_string(port->net->conn, REMOTE_PROC_NETWORK_PORT_GET_XML_DESC,
                                 (xdrproc_t) xdr_remote_network_port_get_xml_desc_args, &args,
                                 (xdrproc_t) xdr_remote_network_port_get_xml_desc_ret, &ret,
                                 &ret.xml);
}

int
mv_remote_network_port_delete(virNetworkPortPtr port, unsigned int flags)
{
    remote_network_port_delete_args args = { .flags = flags };

    port_to_wire(port, &args.port);
    return mv_remote_call(port->net->conn, REMOTE_PROC_NETWORK_PORT_DELETE,
                          (xdrproc_t) xdr_remote_network_port_delete_args, &args, NULL, NULL);
}
