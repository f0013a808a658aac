/* Public API: host devices (PCI, USB, network, SCSI, ...), detach and reattach for passthrough. */
#ifndef LIBVIRT_NODEDEV_H
#define LIBVIRT_NODEDEV_H

#if !defined __VIR_LIBVIRT_H_INCLUDES__
# error "include <libvirt/libvirt.h> instead"
#endif

typedef struct _virNodeDevice virNodeDevice;
typedef virNodeDevice *virNodeDevicePtr;

typedef enum {
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_SYSTEM = 1 << 0,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV = 1 << 1,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_DEV = 1 << 2,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_INTERFACE = 1 << 3,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET = 1 << 4,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_HOST = 1 << 5,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_TARGET = 1 << 6,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI = 1 << 7,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_STORAGE = 1 << 8,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_FC_HOST = 1 << 9,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_VPORTS = 1 << 10,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_GENERIC = 1 << 11,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_DRM = 1 << 12,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_MDEV_TYPES = 1 << 13,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_MDEV = 1 << 14,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_CCW_DEV = 1 << 15,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_CSS_DEV = 1 << 16,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_VDPA = 1 << 17,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_AP_CARD = 1 << 18,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_AP_QUEUE = 1 << 19,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_AP_MATRIX = 1 << 20,
    VIR_CONNECT_LIST_NODE_DEVICES_CAP_VPD = 1 << 21,
    VIR_CONNECT_LIST_NODE_DEVICES_INACTIVE = 1 << 30,
    VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE = 1U << 31,
} virConnectListAllNodeDeviceFlags;

typedef enum {
    VIR_NODE_DEVICE_CREATE_XML_VALIDATE = 1 << 0,
} virNodeDeviceCreateXMLFlags;

typedef enum {
    VIR_NODE_DEVICE_DEFINE_XML_VALIDATE = 1 << 0,
} virNodeDeviceDefineXMLFlags;

typedef enum {
    VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE = 0,
    VIR_NODE_DEVICE_EVENT_ID_UPDATE = 1,
#ifdef VIR_ENUM_SENTINELS
    VIR_NODE_DEVICE_EVENT_ID_LAST
#endif
} virNodeDeviceEventID;

typedef enum {
    VIR_NODE_DEVICE_EVENT_CREATED = 0,
    VIR_NODE_DEVICE_EVENT_DELETED = 1,
    VIR_NODE_DEVICE_EVENT_DEFINED = 2,
    VIR_NODE_DEVICE_EVENT_UNDEFINED = 3,
#ifdef VIR_ENUM_SENTINELS
    VIR_NODE_DEVICE_EVENT_LAST
#endif
} virNodeDeviceEventLifecycleType;

int virNodeNumOfDevices(virConnectPtr conn, const char *cap, unsigned int flags);
int virNodeListDevices(virConnectPtr conn, const char *cap, char **const names,
                       int maxnames, unsigned int flags);
int virConnectListAllNodeDevices(virConnectPtr conn, virNodeDevicePtr **devices,
                                 unsigned int flags);

virNodeDevicePtr virNodeDeviceLookupByName(virConnectPtr conn, const char *name);
virNodeDevicePtr virNodeDeviceLookupSCSIHostByWWN(virConnectPtr conn, const char *wwnn,
                                                  const char *wwpn, unsigned int flags);

const char *virNodeDeviceGetName(virNodeDevicePtr dev);
const char *virNodeDeviceGetParent(virNodeDevicePtr dev);
char *virNodeDeviceGetXMLDesc(virNodeDevicePtr dev, unsigned int flags);
int virNodeDeviceNumOfCaps(virNodeDevicePtr dev);
int virNodeDeviceListCaps(virNodeDevicePtr dev, char **const names, int maxnames);

int virNodeDeviceRef(virNodeDevicePtr dev);
int virNodeDeviceFree(virNodeDevicePtr dev);

int virNodeDeviceDettach(virNodeDevicePtr dev);
int virNodeDeviceDetachFlags(virNodeDevicePtr dev, const char *driverName,
                             unsigned int flags);
int virNodeDeviceReAttach(virNodeDevicePtr dev);
int virNodeDeviceReset(virNodeDevicePtr dev);

virNodeDevicePtr virNodeDeviceCreateXML(virConnectPtr conn, const char *xmlDesc,
                                        unsigned int flags);
int virNodeDeviceDestroy(virNodeDevicePtr dev);

#endif /* LIBVIRT_NODEDEV_H */
