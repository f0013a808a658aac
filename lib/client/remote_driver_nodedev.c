/* The remote driver's node device calls: list, lookups, XML, parent, capabilities, detach/reattach/reset, create/destroy. */
#define MV_LOG_MODULE "client.remote"
#define MV_FROM_THIS VIR_FROM_REMOTE

#include "remote_driver.h"

#include "util/error.h"
#include "util/log.h"

int
mv_remote_node_device_list_all(virConnectPtr conn, virNodeDevicePtr **devices, unsigned int flags)
{
    remote_connect_list_all_node_devices_args args = {
        .need_results = devices != NULL,
        .flags = flags,
    };
    remote_connect_list_all_node_devices_ret ret = { 0 };
    int n;

    if (mv_remote_call(conn, REMOTE_PROC_CONNECT_LIST_ALL_NODE_DEVICES,
                       (xdrproc_t) xdr_remote_connect_list_all_node_devices_args, &args,
                       (xdrproc_t) xdr_remote_connect_list_all_node_devices_ret, &ret) < 0)
        return -1;

    if (devices) {
        *devices = g_new0(virNodeDevicePtr, ret.devices.devices_len + 1);
        for (u_int i = 0; i < ret.devices.devices_len; i++)
            (*devices)[i] = mv_client_node_device_new(conn, ret.devices.devices_val[i].name);
    }
    n = ret.ret;
    xdr_free((xdrproc_t) xdr_remote_connect_list_all_node_devices_ret, (char *) &ret);
    return n;
}

/* Lookups and creations answer a device: ret_dev points into ret, whose
 * own xdr routine frees it. */
static virNodeDevicePtr
node_device_call_lookup(virConnectPtr conn, int procedure, xdrproc_t args_proc, const void *args,
                        xdrproc_t ret_proc, remote_nonnull_node_device *ret_dev, void *ret)
{
    virNodeDevicePtr dev;

    if (mv_remote_call(conn, procedure, args_proc, args, ret_proc, ret) < 0)
        return NULL;

    dev = mv_client_node_device_new(conn, ret_dev->name);
    xdr_free(ret_proc, (char *) ret);
    return dev;
}

/* The procedures whose arguments are the device's name alone. An XDR
 * struct of one member is that member on the wire, so the name is sent as
 * it is; the reply, if any, is decoded into ret. */
static int
node_device_call(virNodeDevicePtr dev, int procedure, xdrproc_t ret_proc, void *ret)
{
    return mv_remote_call(dev->conn, procedure, (xdrproc_t) xdr_remote_nonnull_string, &dev->name,
                          ret_proc, ret);
}

virNodeDevicePtr
mv_remote_node_device_lookup_by_name(virConnectPtr conn, const char *name)
{
    remote_node_device_lookup_by_name_args args = { .name = (char *) name };
    remote_node_device_lookup_by_name_ret ret = { 0 };

    return node_device_call_lookup(conn, REMOTE_PROC_NODE_DEVICE_LOOKUP_BY_NAME,
                                   (xdrproc_t) xdr_remote_node_device_lookup_by_name_args, &args,
                                   (xdrproc_t) xdr_remote_node_device_lookup_by_name_ret, &ret.dev,
                                   &ret);
}

virNodeDevicePtr
mv_remote_node_device_lookup_scsi_host_by_wwn(virConnectPtr conn, const char *wwnn,
                                              const char *wwpn, unsigned int flags)
{
    remote_node_device_lookup_scsi_host_by_wwn_args args = {
        .wwnn = (char *) wwnn,
        .wwpn = (char *) wwpn,
        .flags = flags,
    };
    remote_node_device_lookup_scsi_host_by_wwn_ret ret = { 0 };

    return node_device_call_lookup(
        conn, REMOTE_PROC_NODE_DEVICE_LOOKUP_SCSI_HOST_BY_WWN,
        (xdrproc_t) xdr_remote_node_device_lookup_scsi_host_by_wwn_args, &args,
        (xdrproc_t) xdr_remote_node_device_lookup_scsi_host_by_wwn_ret, &ret.dev, &ret);
}

char *
mv_remote_node_device_get_xml_desc(virNodeDevicePtr dev, unsigned int flags)
{
    remote_node_device_get_xml_desc_args args = { .name = dev->name, .flags = flags };
    remote_node_device_get_xml_desc_ret ret = { 0 };

    return mv_remote_call_string(dev->conn, REMOTE_PROC_NODE_DEVICE_GET_XML_DESC,
                                 (xdrproc_t) xdr_remote_node_device_get_xml_desc_args, &args,
                                 (xdrproc_t) xdr_remote_node_device_get_xml_desc_ret, &ret,
                                 &ret.xml);
}

/* NULL without an error for a device with no parent. */
char *
mv_remote_node_device_get_parent(virNodeDevicePtr dev)
{
    remote_node_device_get_parent_ret ret = { 0 };
    char *parent;

    if (node_device_call(dev, REMOTE_PROC_NODE_DEVICE_GET_PARENT,
                         (xdrproc_t) xdr_remote_node_device_get_parent_ret, &ret) < 0)
        return NULL;

    parent = ret.parentName ? g_strdup(*ret.parentName) : NULL;
    xdr_free((xdrproc_t) xdr_remote_node_device_get_parent_ret, (char *) &ret);
    return parent;
}

/* NUM_OF_CAPS says how many names LIST_CAPS is to send. */
int
mv_remote_node_device_list_caps(virNodeDevicePtr dev, char ***names)
{
    remote_node_device_num_of_caps_ret num_ret = { 0 };
    remote_node_device_list_caps_args args = { .name = dev->name };
    remote_node_device_list_caps_ret ret = { 0 };
    int n;

    if (node_device_call(dev, REMOTE_PROC_NODE_DEVICE_NUM_OF_CAPS,
                         (xdrproc_t) xdr_remote_node_device_num_of_caps_ret, &num_ret) < 0)
        return -1;

    if (num_ret.num < 0 || num_ret.num > REMOTE_NODE_DEVICE_CAPS_LIST_MAX) {
        mv_report_error(VIR_ERR_RPC, "node device '%s' has %d capabilities, out of range",
                        dev->name, num_ret.num);
        return -1;
    }
    args.maxnames = num_ret.num;
    if (mv_remote_call(dev->conn, REMOTE_PROC_NODE_DEVICE_LIST_CAPS,
                       (xdrproc_t) xdr_remote_node_device_list_caps_args, &args,
                       (xdrproc_t) xdr_remote_node_device_list_caps_ret, &ret) < 0)
        return -1;

    n = ret.names.names_len;
    *names = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++)
        (*names)[i] = g_strdup(ret.names.names_val[i]);
    xdr_free((xdrproc_t) xdr_remote_node_device_list_caps_ret, (char *) &ret);
    return n;
}

/* virNodeDeviceDettach's own procedure when there is nothing more to say. */
int
mv_remote_node_device_detach_flags(virNodeDevicePtr dev, const char *driver_name,
                                   unsigned int flags)
{
    remote_node_device_detach_flags_args args = {
        .name = dev->name,
        .driverName = driver_name ? (char **) &driver_name : NULL,
        .flags = flags,
    };

    if (!driver_name && flags == 0)
        return node_device_call(dev, REMOTE_PROC_NODE_DEVICE_DETTACH, NULL, NULL);
    return mv_remote_call(dev->conn, REMOTE_PROC_NODE_DEVICE_DETACH_FLAGS,
                          (xdrproc_t) xdr_remote_node_device_detach_flags_args, &args, NULL, NULL);
}

int
mv_remote_node_device_reattach(virNodeDevicePtr dev)
{
    return node_device_call(dev, REMOTE_PROC_NODE_DEVICE_RE_ATTACH, NULL, NULL);
}

int
mv_remote_node_device_reset(virNodeDevicePtr dev)
{
    return node_device_call(dev, REMOTE_PROC_NODE_DEVICE_RESET, NULL, NULL);
}

virNodeDevicePtr
mv_remote_node_device_create_xml(virConnectPtr conn, const char *xml, unsigned int flags)
{
    remote_node_device_create_xml_args args = { .xml_desc = (char *) xml, .flags = flags };
    remote_node_device_create_xml_ret ret = { 0 };

    return node_device_call_lookup(conn, REMOTE_PROC_NODE_DEVICE_CREATE_XML,
                                   (xdrproc_t) xdr_remote_node_device_create_xml_args, &args,
                                   (xdrproc_t) xdr_remote_node_device_create_xml_ret, &ret.dev,
                                   &ret);
}

int
mv_remote_node_device_destroy(virNodeDevicePtr dev)
{
    return node_device_call(dev, REMOTE_PROC_NODE_DEVICE_DESTROY, NULL, NULL);
}
