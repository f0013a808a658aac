/* Domain <hostdev> devices (PCI, USB, SCSI, vhost-scsi, mdev, capabilities) and the host source shared with <interface type='hostdev'>. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"
#include "util/pciaddr.h"
#include "util/uuid.h"

typedef enum {
    MV_HOSTDEV_MODE_SUBSYS = 0,
    MV_HOSTDEV_MODE_CAPABILITIES,
    MV_HOSTDEV_MODE_LAST,
} MvHostdevMode;
MV_ENUM_DECL(mv_hostdev_mode);          /* "subsystem", "capabilities" */

typedef enum {
    MV_HOSTDEV_SUBSYS_USB = 0,
    MV_HOSTDEV_SUBSYS_PCI,
    MV_HOSTDEV_SUBSYS_SCSI,
    MV_HOSTDEV_SUBSYS_SCSI_HOST,
    MV_HOSTDEV_SUBSYS_MDEV,
    MV_HOSTDEV_SUBSYS_LAST,
} MvHostdevSubsysType;
MV_ENUM_DECL(mv_hostdev_subsys_type);   /* "usb", "pci", "scsi", "scsi_host", "mdev" */

typedef enum {
    MV_HOSTDEV_CAPS_STORAGE = 0,
    MV_HOSTDEV_CAPS_MISC,
    MV_HOSTDEV_CAPS_NET,
    MV_HOSTDEV_CAPS_LAST,
} MvHostdevCapsType;
MV_ENUM_DECL(mv_hostdev_caps_type);     /* "storage", "misc", "net" */

typedef enum {
    MV_HOSTDEV_PCI_BACKEND_DEFAULT = 0,
    MV_HOSTDEV_PCI_BACKEND_KVM,
    MV_HOSTDEV_PCI_BACKEND_VFIO,
    MV_HOSTDEV_PCI_BACKEND_XEN,
    MV_HOSTDEV_PCI_BACKEND_LAST,
} MvHostdevPciBackend;
MV_ENUM_DECL(mv_hostdev_pci_backend);   /* <driver name=>: "default", "kvm", "vfio", "xen" */

typedef enum {
    MV_STARTUP_POLICY_DEFAULT = 0,
    MV_STARTUP_POLICY_MANDATORY,
    MV_STARTUP_POLICY_REQUISITE,
    MV_STARTUP_POLICY_OPTIONAL,
    MV_STARTUP_POLICY_LAST,
} MvStartupPolicy;
MV_ENUM_DECL(mv_hostdev_startup_policy);

typedef enum {
    MV_USB_GUEST_RESET_DEFAULT = 0,
    MV_USB_GUEST_RESET_OFF,
    MV_USB_GUEST_RESET_UNINITIALIZED,
    MV_USB_GUEST_RESET_ON,
    MV_USB_GUEST_RESET_LAST,
} MvUsbGuestReset;
MV_ENUM_DECL(mv_hostdev_usb_guest_reset);

typedef enum {
    MV_HOSTDEV_SGIO_DEFAULT = 0,
    MV_HOSTDEV_SGIO_FILTERED,
    MV_HOSTDEV_SGIO_UNFILTERED,
    MV_HOSTDEV_SGIO_LAST,
} MvHostdevSgio;
MV_ENUM_DECL(mv_hostdev_sgio);

typedef enum {
    MV_SCSI_HOST_MODEL_DEFAULT = 0,
    MV_SCSI_HOST_MODEL_VIRTIO,
    MV_SCSI_HOST_MODEL_VIRTIO_TRANSITIONAL,
    MV_SCSI_HOST_MODEL_VIRTIO_NON_TRANSITIONAL,
    MV_SCSI_HOST_MODEL_LAST,
} MvScsiHostModel;
MV_ENUM_DECL(mv_hostdev_scsi_host_model);

typedef enum {
    MV_MDEV_MODEL_VFIO_PCI = 0,
    MV_MDEV_MODEL_VFIO_CCW,
    MV_MDEV_MODEL_VFIO_AP,
    MV_MDEV_MODEL_LAST,
} MvMdevModel;
MV_ENUM_DECL(mv_hostdev_mdev_model);

/* <teaming type= persistent=> of interfaces and PCI hostdevs. */
typedef enum {
    MV_NET_TEAMING_NONE = 0,
    MV_NET_TEAMING_PERSISTENT,
    MV_NET_TEAMING_TRANSIENT,
    MV_NET_TEAMING_LAST,
} MvNetTeamingType;
MV_ENUM_DECL(mv_net_teaming_type);

typedef struct {
    MvNetTeamingType type;      /* NONE: no <teaming> */
    char *persistent;
} MvNetTeaming;

/* What <source> of a subsystem hostdev names; also the source of an
 * <interface type='hostdev'>, where the type comes from the address. */
typedef struct {
    MvHostdevSubsysType type;
    bool managed;
    union {
        struct {
            MvPciAddr addr;
            MvTristate write_filtering;
            MvHostdevPciBackend backend;
        } pci;
        struct {
            unsigned int vendor, product;   /* vendor 0: no <vendor>/<product> */
            unsigned int bus, device;       /* both 0: no <address> */
            MvStartupPolicy startup_policy;
            MvUsbGuestReset guest_reset;
            bool auto_address;
        } usb;
        struct {
            bool iscsi;                     /* protocol='iscsi' */
            MvHostdevSgio sgio;
            MvTristate rawio;
            char *adapter;                  /* <adapter name=> */
            unsigned int bus, target;
            unsigned long long unit;
            char *iscsi_name;               /* protocol='iscsi' name= */
            char *iscsi_host;
            unsigned int iscsi_port;        /* 0: not given */
            char *auth_username;            /* <auth username=><secret type='iscsi' usage=|uuid=/> */
            char *auth_usage;
            char *auth_uuid;
            char *initiator_iqn;            /* <initiator><iqn name=/></initiator> */
        } scsi;
        struct {
            char *wwpn;                     /* protocol='vhost' wwpn='naa.…' */
            MvScsiHostModel model;
        } scsi_host;
        struct {
            unsigned char uuid[MV_UUID_BUFLEN];
            MvMdevModel model;
            MvTristate display;             /* switch */
            MvTristate ramfb;               /* switch */
        } mdev;
    } u;
} MvHostdevSubsys;

void mv_hostdev_subsys_clear(MvHostdevSubsys *src);

/* Reads managed=, the element's <source> and (PCI) <driver name=> of
 * device (a <hostdev> or an <interface>), for the subsystem type named by
 * type (NULL: refused as libvirt refuses it). */
int mv_hostdev_subsys_parse(const xmlNode *device, const char *type, MvHostdevSubsys *ret_src);

/* <driver> (PCI) and <source>; in_interface writes the address's type
 * attribute, as libvirt does inside <interface type='hostdev'>. */
void mv_hostdev_subsys_format(MvXmlBuf *buf, const MvHostdevSubsys *src, bool in_interface);

int mv_net_teaming_parse(const xmlNode *device, MvNetTeaming *ret_teaming);
void mv_net_teaming_format(MvXmlBuf *buf, const MvNetTeaming *teaming);

struct _MvDomainHostdev {
    MvHostdevMode mode;
    MvHostdevSubsys subsys;                 /* MV_HOSTDEV_MODE_SUBSYS */
    struct {
        MvHostdevCapsType type;
        char *block;                        /* storage */
        char *chardev;                      /* misc */
        char *ifname;                       /* net */
    } caps;                                 /* MV_HOSTDEV_MODE_CAPABILITIES */
    bool readonly;                          /* SCSI only */
    bool shareable;                         /* SCSI only */
    MvNetTeaming teaming;
    MvDomainDeviceInfo info;
};

void mv_domain_hostdev_free(MvDomainHostdev *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainHostdev, mv_domain_hostdev_free)

MvDomainHostdev *mv_domain_hostdev_parse(const xmlNode *node, unsigned int flags);
void mv_domain_hostdev_format(MvXmlBuf *buf, const MvDomainHostdev *def, unsigned int flags);
int mv_domain_hostdev_validate(const MvDomainHostdev *def);

/* The rules across the host devices of a definition, as libvirt checks
 * them after each device's: no source given twice, one ramfb vGPU, no
 * SCSI drive address shared with another SCSI hostdev or SCSI disk. */
int mv_domain_hostdevs_validate(const MvDomainDef *def);

/* libvirt's defaults of a definition's host devices: an iSCSI source
 * without a LUN gets LUN 0, a SCSI host device without an address the
 * first free unit (bus and target 0) on the first controller with one.
 * Run after the disks' post-parse (their drive addresses count). */
int mv_domain_hostdevs_post_parse(MvDomainDef *def);

/* The generic signatures of the domain device table. */
void *mv_domain_hostdev_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_hostdev_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_hostdev_free_node(void *dev);
int mv_domain_hostdev_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_hostdev_info_node(const void *dev);
