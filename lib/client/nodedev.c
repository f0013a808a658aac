/* The public node-device API: argument checks, then the connection's driver. */
#define MV_LOG_MODULE "client.api"
#define MV_FROM_THIS VIR_FROM_NONE

#include <string.h>

#include "driver.h"
#include "error.h"
#include "object.h"
#include "util/error.h"

int
virConnectListAllNodeDevices(virConnectPtr conn, virNodeDevicePtr **devices,
                             unsigned int flags)
{
    CONN_ENTRY(conn, -1);
    if (devices)
        *devices = NULL;
    DRIVER_ENTRY(conn, connect_list_all_node_devices, -1);
    return mv_client_finish_int(conn,
                                conn->driver->connect_list_all_node_devices(conn, devices, flags));
}

/* virNodeListDevices' cap names, as the ALL call's flags. */
static const char *const cap_names[] = {
    "system", "pci", "usb_device", "usb", "net", "scsi_host", "scsi_target", "scsi",
    "storage", "fc_host", "vports", "scsi_generic", "drm", "mdev_types", "mdev", "ccw",
    "css", "vdpa", "ap_card", "ap_queue", "ap_matrix", "vpd",
};

static int
cap_flag(virConnectPtr conn, const char *cap, unsigned int *ret_flags, const char *func)
{
    *ret_flags = 0;
    if (!cap)
        return 0;
    for (size_t i = 0; i < G_N_ELEMENTS(cap_names); i++) {
        if (g_str_equal(cap_names[i], cap)) {
            *ret_flags = 1u << i;
            return 0;
        }
    }
    mv_report_error(VIR_ERR_INVALID_ARG, "unknown capability '%s' in %s", cap, func);
    mv_client_dispatch_error(conn);
    return -1;
}

static int
devices_names(virConnectPtr conn, const char *cap, char **const names, int max,
              const char *func)
{
    virNodeDevicePtr *devs = NULL;
    unsigned int flags;
    int n = 0;

    if (cap_flag(conn, cap, &flags, func) < 0)
        return -1;
    if (!conn->driver->connect_list_all_node_devices) {
        mv_client_report_no_support(func);
        mv_client_dispatch_error(conn);
        return -1;
    }
    if (conn->driver->connect_list_all_node_devices(conn, &devs, flags) < 0) {
        mv_client_dispatch_error(conn);
        return -1;
    }
    for (size_t i = 0; devs[i]; i++) {
        if (names && n < max)
            names[n] = g_strdup(devs[i]->name);
        if (!names || n < max)
            n++;
        virNodeDeviceFree(devs[i]);
    }
    g_free(devs);
    return n;
}

int
virNodeNumOfDevices(virConnectPtr conn, const char *cap, unsigned int flags)
{
    CONN_ENTRY(conn, -1);
    return devices_names(conn, cap, NULL, 0, __func__);
}

int
virNodeListDevices(virConnectPtr conn, const char *cap, char **const names, int maxnames,
                   unsigned int flags)
{
    CONN_ENTRY(conn, -1);
    NONNULL_ARG(conn, names, -1);
    return devices_names(conn, cap, names, MAX(maxnames, 0), __func__);
}

virNodeDevicePtr
virNodeDeviceLookupByName(virConnectPtr conn, const char *name)
{
    CONN_ENTRY(conn, NULL);
    NONNULL_ARG(conn, name, NULL);
    DRIVER_ENTRY(conn, node_device_lookup_by_name, NULL);
    return mv_client_finish_ptr(conn, conn->driver->node_device_lookup_by_name(conn, name));
}

virNodeDevicePtr
virNodeDeviceLookupSCSIHostByWWN(virConnectPtr conn, const char *wwnn, const char *wwpn,
                                 unsigned int flags)
{
    virNodeDevicePtr ret;

    CONN_ENTRY(conn, NULL);
    NONNULL_ARG(conn, wwnn, NULL);
    NONNULL_ARG(conn, wwpn, NULL);
    DRIVER_ENTRY(conn, node_device_lookup_scsi_host_by_wwn, NULL);
    ret = conn->driver->node_device_lookup_scsi_host_by_wwn(conn, wwnn, wwpn, flags);
    return mv_client_finish_ptr(conn, ret);
}

const char *
virNodeDeviceGetName(virNodeDevicePtr dev)
{
    OBJ_ENTRY(mv_client_node_device_check, dev, NULL);
    return dev->name;
}

const char *
virNodeDeviceGetParent(virNodeDevicePtr dev)
{
    OBJ_ENTRY(mv_client_node_device_check, dev, NULL);
    if (!dev->parent) {
        DRIVER_ENTRY(dev->conn, node_device_get_parent, NULL);
        /* NULL without an error: the device has no parent. */
        dev->parent = dev->conn->driver->node_device_get_parent(dev);
        if (!dev->parent && mv_error_last_code() != VIR_ERR_OK)
            mv_client_dispatch_error(dev->conn);
    }
    return dev->parent;
}

char *
virNodeDeviceGetXMLDesc(virNodeDevicePtr dev, unsigned int flags)
{
    OBJ_ENTRY(mv_client_node_device_check, dev, NULL);
    DRIVER_ENTRY(dev->conn, node_device_get_xml_desc, NULL);
    return mv_client_finish_ptr(dev->conn, dev->conn->driver->node_device_get_xml_desc(dev, flags));
}

int
virNodeDeviceNumOfCaps(virNodeDevicePtr dev)
{
    g_auto(GStrv) caps = NULL;

    OBJ_ENTRY(mv_client_node_device_check, dev, -1);
    DRIVER_ENTRY(dev->conn, node_device_list_caps, -1);
    return mv_client_finish_int(dev->conn, dev->conn->driver->node_device_list_caps(dev, &caps));
}

int
virNodeDeviceListCaps(virNodeDevicePtr dev, char **const names, int maxnames)
{
    g_auto(GStrv) caps = NULL;
    int n;

    OBJ_ENTRY(mv_client_node_device_check, dev, -1);
    NONNULL_ARG(dev->conn, names, -1);
    DRIVER_ENTRY(dev->conn, node_device_list_caps, -1);
    if ((n = dev->conn->driver->node_device_list_caps(dev, &caps)) < 0) {
        mv_client_dispatch_error(dev->conn);
        return -1;
    }
    n = MIN(n, MAX(maxnames, 0));
    for (int i = 0; i < n; i++)
        names[i] = g_strdup(caps[i]);
    return n;
}

static int
device_change(virNodeDevicePtr dev, int (*func)(virNodeDevicePtr), const char *name)
{
    if (!mv_client_check_change(dev->conn, func != NULL, name))
        return -1;
    return mv_client_finish_status(dev->conn, func(dev));
}

int
virNodeDeviceDetachFlags(virNodeDevicePtr dev, const char *driverName, unsigned int flags)
{
    int ret;

    OBJ_ENTRY(mv_client_node_device_check, dev, -1);
    WRITABLE_ENTRY(dev->conn, -1);
    DRIVER_ENTRY(dev->conn, node_device_detach_flags, -1);
    ret = dev->conn->driver->node_device_detach_flags(dev, driverName, flags);
    return mv_client_finish_status(dev->conn, ret);
}

int
virNodeDeviceDettach(virNodeDevicePtr dev)
{
    OBJ_ENTRY(mv_client_node_device_check, dev, -1);
    WRITABLE_ENTRY(dev->conn, -1);
    DRIVER_ENTRY(dev->conn, node_device_detach_flags, -1);
    return mv_client_finish_status(dev->conn,
                                   dev->conn->driver->node_device_detach_flags(dev, NULL, 0));
}

int
virNodeDeviceReAttach(virNodeDevicePtr dev)
{
    OBJ_ENTRY(mv_client_node_device_check, dev, -1);
    return device_change(dev, dev->conn->driver->node_device_reattach, __func__);
}

int
virNodeDeviceReset(virNodeDevicePtr dev)
{
    OBJ_ENTRY(mv_client_node_device_check, dev, -1);
    return device_change(dev, dev->conn->driver->node_device_reset, __func__);
}

virNodeDevicePtr
virNodeDeviceCreateXML(virConnectPtr conn, const char *xmlDesc, unsigned int flags)
{
    CONN_ENTRY(conn, NULL);
    NONNULL_ARG(conn, xmlDesc, NULL);
    WRITABLE_ENTRY(conn, NULL);
    DRIVER_ENTRY(conn, node_device_create_xml, NULL);
    return mv_client_finish_ptr(conn, conn->driver->node_device_create_xml(conn, xmlDesc, flags));
}

int
virNodeDeviceDestroy(virNodeDevicePtr dev)
{
    OBJ_ENTRY(mv_client_node_device_check, dev, -1);
    return device_change(dev, dev->conn->driver->node_device_destroy, __func__);
}
