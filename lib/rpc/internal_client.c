/* The caller's side of modvirt's internal program: opening the owner's socket, and a function per procedure. */
#define MV_LOG_MODULE "rpc.internal"
#define MV_FROM_THIS VIR_FROM_RPC

#include "internal_client.h"

#include <string.h>

#include "protocol/internal.h"
#include "protocol/remote.h"
#include "util/error.h"
#include "util/log.h"

MvRpcClient *
mv_internal_client_open(const char *path, unsigned int timeout_ms)
{
    g_autoptr(MvRpcClient) client = mv_rpc_client_new_unix(path, timeout_ms);
    remote_connect_open_args args = { .name = NULL, .flags = 0 };

    if (!client)
        return NULL;
    mv_rpc_client_set_call_timeout(client, timeout_ms);
    if (mv_rpc_client_call(client, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION,
                           REMOTE_PROC_CONNECT_OPEN,
                           (xdrproc_t) xdr_remote_connect_open_args, &args, NULL, NULL) < 0)
        return NULL;
    return g_steal_pointer(&client);
}

char *
mv_internal_hostdev_port_create(MvRpcClient *client, const char *port_xml)
{
    internal_hostdev_port_create_args args = { .xml = (char *) port_xml, .flags = 0 };
    internal_hostdev_port_create_ret ret = { 0 };
    char *xml;

    if (mv_rpc_client_call(client, INTERNAL_PROGRAM, INTERNAL_PROTOCOL_VERSION,
                           INTERNAL_PROC_HOSTDEV_PORT_CREATE,
                           (xdrproc_t) xdr_internal_hostdev_port_create_args, &args,
                           (xdrproc_t) xdr_internal_hostdev_port_create_ret, &ret) < 0)
        return NULL;
    xml = g_strdup(ret.xml);
    xdr_free((xdrproc_t) xdr_internal_hostdev_port_create_ret, (char *) &ret);
    return xml;
}

int
mv_internal_hostdev_port_delete(MvRpcClient *client, const unsigned char *uuid)
{
    internal_hostdev_port_delete_args args = { .flags = 0 };

    memcpy(args.uuid, uuid, sizeof(args.uuid));
    return mv_rpc_client_call(client, INTERNAL_PROGRAM, INTERNAL_PROTOCOL_VERSION,
                              INTERNAL_PROC_HOSTDEV_PORT_DELETE,
                              (xdrproc_t) xdr_internal_hostdev_port_delete_args, &args,
                              NULL, NULL);
}

int
mv_internal_network_port_set_interface(MvRpcClient *client, const char *network,
                                       const unsigned char *uuid, const char *ifname)
{
    internal_network_port_set_interface_args args = {
        .network = (char *) network,
        .ifname = (char *) ifname,
        .flags = 0,
    };

    memcpy(args.uuid, uuid, sizeof(args.uuid));
    return mv_rpc_client_call(client, INTERNAL_PROGRAM, INTERNAL_PROTOCOL_VERSION,
                              INTERNAL_PROC_NETWORK_PORT_SET_INTERFACE,
                              (xdrproc_t) xdr_internal_network_port_set_interface_args, &args,
                              NULL, NULL);
}
