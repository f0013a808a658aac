/* Domain <controller> devices: IDE, FDC, SCSI, SATA, virtio-serial, CCID, USB, PCI, xenbus and ISA controllers, and the implicit ones. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/domain_disk.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_CONTROLLER_IDE = 0,
    MV_CONTROLLER_FDC,
    MV_CONTROLLER_SCSI,
    MV_CONTROLLER_SATA,
    MV_CONTROLLER_VIRTIO_SERIAL,
    MV_CONTROLLER_CCID,
    MV_CONTROLLER_USB,
    MV_CONTROLLER_PCI,
    MV_CONTROLLER_XENBUS,
    MV_CONTROLLER_ISA,
    MV_CONTROLLER_LAST,
} MvControllerType;
MV_ENUM_DECL(mv_controller_type);

struct _MvDomainController {
    MvControllerType type;
    int index;                  /* -1 until given or assigned */
    int model;                  /* in the type's model table; -1: none */

    unsigned int queues;        /* <driver> */
    unsigned int cmd_per_lun;
    unsigned int max_sectors;
    MvTristate ioeventfd;
    unsigned int iothread;
    MvDomainVirtioOptions virtio;

    int ports;                  /* virtio-serial and USB; -1: absent */
    int vectors;                /* virtio-serial; -1: absent */

    int model_name;             /* PCI <model name=>, 0: none */
    int chassis_nr;             /* PCI <target>; -1: absent */
    int chassis;
    int port;
    int bus_nr;
    int target_index;
    MvTristate hotplug;
    int numa_node;              /* <target><node>; -1: absent */
    bool has_pcihole64;
    uint64_t pcihole64_kib;

    int max_grant_frames;       /* xenbus; -1: absent */
    int max_event_channels;

    MvDomainDeviceInfo info;
};

void mv_domain_controller_free(MvDomainController *ctrl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainController, mv_domain_controller_free)

MvDomainController *mv_domain_controller_new(MvControllerType type);
MvDomainController *mv_domain_controller_parse(const xmlNode *node, unsigned int flags);
void mv_domain_controller_format(MvXmlBuf *buf, const MvDomainController *ctrl, unsigned int flags);
int mv_domain_controller_validate(const MvDomainController *ctrl);

/* Whether unit cannot be used on SCSI controller index of def: beyond
 * what the controller's model offers or the unit it keeps for itself
 * (libvirt's limits, taken from QEMU's); false for an unknown controller. */
bool mv_domain_controller_scsi_unit_unusable(const MvDomainDef *def, unsigned int index,
                                             unsigned int unit);

/* Puts the controllers in libvirt's order (by type, then index), adds
 * the SCSI controllers the SCSI host devices need (as libvirt does while
 * reading, so before the numbering), gives an index to those without one
 * and refuses two of one type and index. */
int mv_domain_controllers_post_parse(MvDomainDef *def);

/* Appends a controller of type with index (libvirt's implicit one: no
 * model, no address) unless the definition has one already. As libvirt,
 * it is appended, not sorted in: the output may then list scsi index 2
 * before the implicit scsi index 0. */
void mv_domain_controllers_add_implicit(MvDomainDef *def, MvControllerType type, int index);

/* libvirt's implicit controllers, in its order: SCSI, FDC, IDE and SATA
 * for the disks' drive addresses, virtio-serial for virtio channels and
 * consoles, CCID for smartcards (which get their ccid address here).
 * Run once every device family's post-parse
 * is done (the console derived from a serial counts). 0 or -1. */
int mv_domain_controllers_add_implicit_all(MvDomainDef *def);

/* The generic signatures of the domain device table. */
void *mv_domain_controller_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_controller_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_controller_free_node(void *dev);
int mv_domain_controller_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_controller_info_node(const void *dev);
