/* Node device XML (<device>): the definition, its capability list, parse / format. */
#pragma once

#include <glib.h>

#include "nodedev_misc.h"
#include "nodedev_net.h"
#include "nodedev_pci.h"
#include "nodedev_scsi.h"
#include "nodedev_storage.h"
#include "nodedev_usb.h"
#include "xml.h"
#include "util/enum.h"

/* libvirt's capability types, in its order: an unparseable type is named
 * by its number in libvirt's error message. */
typedef enum {
    MV_NODEDEV_CAP_SYSTEM = 0,
    MV_NODEDEV_CAP_PCI,
    MV_NODEDEV_CAP_USB_DEV,
    MV_NODEDEV_CAP_USB_INTERFACE,
    MV_NODEDEV_CAP_NET,
    MV_NODEDEV_CAP_SCSI_HOST,
    MV_NODEDEV_CAP_SCSI_TARGET,
    MV_NODEDEV_CAP_SCSI,
    MV_NODEDEV_CAP_STORAGE,
    MV_NODEDEV_CAP_FC_HOST,
    MV_NODEDEV_CAP_VPORTS,
    MV_NODEDEV_CAP_SCSI_GENERIC,
    MV_NODEDEV_CAP_DRM,
    MV_NODEDEV_CAP_MDEV_TYPES,
    MV_NODEDEV_CAP_MDEV,
    MV_NODEDEV_CAP_CCW,
    MV_NODEDEV_CAP_CSS,
    MV_NODEDEV_CAP_VDPA,
    MV_NODEDEV_CAP_AP_CARD,
    MV_NODEDEV_CAP_AP_QUEUE,
    MV_NODEDEV_CAP_AP_MATRIX,
    MV_NODEDEV_CAP_VPD,
    MV_NODEDEV_CAP_LAST
} MvNodeDevCapType;
MV_ENUM_DECL(mv_nodedev_cap_type);

typedef enum {
    MV_NODEDEV_DEVNODE_DEV = 0,
    MV_NODEDEV_DEVNODE_LINK,
    MV_NODEDEV_DEVNODE_LAST
} MvNodeDevDevnodeType;
MV_ENUM_DECL(mv_nodedev_devnode_type);

typedef struct {
    MvNodeDevCapType type;
    union {
        MvNodeDevSystem system;
        MvNodeDevPci pci;
        MvNodeDevUsbDev usb_dev;
        MvNodeDevUsbIf usb_if;
        MvNodeDevNet net;
        MvNodeDevScsiHost scsi_host;
        MvNodeDevScsiTarget scsi_target;
        MvNodeDevScsi scsi;
        MvNodeDevStorage storage;
        MvNodeDevDrmType drm;
        MvNodeDevMdev mdev;
        MvNodeDevCcw ccw;           /* ccw and css */
        char *vdpa_chardev;
        MvNodeDevAp ap;             /* ap_card, ap_queue, ap_matrix */
        MvMdevTypes mdev_types;     /* mdev_types (written only) */
        char *sg_path;              /* scsi_generic (written only) */
    } u;
} MvNodeDevCap;

typedef struct {
    char *name;                 /* "pci_0000_00_1f_2" */
    char *sysfs_path;           /* <path> */
    char *devnode;              /* <devnode type='dev'> */
    char **devlinks;            /* <devnode type='link'>, NULL-terminated */
    char *parent;
    char *parent_wwnn;          /* <parent wwnn= wwpn= fabric_wwn=>: read, */
    char *parent_wwpn;          /* never written (they pick a vHBA's parent) */
    char *parent_fabric_wwn;
    char *driver;               /* set by the driver; never parsed */
    MvNodeDevCap *caps;
    size_t ncaps;
} MvNodeDevDef;

void mv_nodedev_def_free(MvNodeDevDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNodeDevDef, mv_nodedev_def_free)

/* Adds an empty capability of type (with "unknown" markers such as
 * numa_node -1 set) for the caller to fill in; the pointer is valid until
 * the next capability is added. */
MvNodeDevCap *mv_nodedev_def_add_cap(MvNodeDevDef *def, MvNodeDevCapType type);

/* Parses a <device> document as libvirt reads an existing device's XML. */
MvNodeDevDef *mv_nodedev_def_parse_string(const char *xml);
MvNodeDevDef *mv_nodedev_def_parse_node(const xmlNode *root);

char *mv_nodedev_def_format(const MvNodeDevDef *def);
