/* Domain <disk> devices: the disk element, its driver, target, iotune and geometry, defaults and validation. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/domain_disk_source.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_DISK_DEVICE_DISK = 0,
    MV_DISK_DEVICE_CDROM,
    MV_DISK_DEVICE_FLOPPY,
    MV_DISK_DEVICE_LUN,
    MV_DISK_DEVICE_LAST,
} MvDiskDevice;
MV_ENUM_DECL(mv_disk_device);

typedef enum {
    MV_DISK_BUS_NONE = 0,
    MV_DISK_BUS_IDE,
    MV_DISK_BUS_FDC,
    MV_DISK_BUS_SCSI,
    MV_DISK_BUS_VIRTIO,
    MV_DISK_BUS_XEN,
    MV_DISK_BUS_USB,
    MV_DISK_BUS_UML,
    MV_DISK_BUS_SATA,
    MV_DISK_BUS_SD,
    MV_DISK_BUS_LAST,
} MvDiskBus;
MV_ENUM_DECL(mv_disk_bus);

typedef enum {
    MV_DISK_STARTUP_POLICY_DEFAULT = 0,
    MV_DISK_STARTUP_POLICY_MANDATORY,
    MV_DISK_STARTUP_POLICY_REQUISITE,
    MV_DISK_STARTUP_POLICY_OPTIONAL,
    MV_DISK_STARTUP_POLICY_LAST,
} MvDiskStartupPolicy;
MV_ENUM_DECL(mv_disk_startup_policy);

typedef enum {
    MV_DISK_SNAPSHOT_DEFAULT = 0,
    MV_DISK_SNAPSHOT_NO,
    MV_DISK_SNAPSHOT_INTERNAL,
    MV_DISK_SNAPSHOT_EXTERNAL,
    MV_DISK_SNAPSHOT_MANUAL,
    MV_DISK_SNAPSHOT_LAST,
} MvDiskSnapshot;
MV_ENUM_DECL(mv_disk_snapshot);

/* The numbers of <iotune>, in libvirt's parse order; <group_name> is
 * written between SIZE_IOPS_SEC and the _max_length ones. */
typedef enum {
    MV_IOTUNE_TOTAL_BYTES_SEC = 0,
    MV_IOTUNE_READ_BYTES_SEC,
    MV_IOTUNE_WRITE_BYTES_SEC,
    MV_IOTUNE_TOTAL_IOPS_SEC,
    MV_IOTUNE_READ_IOPS_SEC,
    MV_IOTUNE_WRITE_IOPS_SEC,
    MV_IOTUNE_TOTAL_BYTES_SEC_MAX,
    MV_IOTUNE_READ_BYTES_SEC_MAX,
    MV_IOTUNE_WRITE_BYTES_SEC_MAX,
    MV_IOTUNE_TOTAL_IOPS_SEC_MAX,
    MV_IOTUNE_READ_IOPS_SEC_MAX,
    MV_IOTUNE_WRITE_IOPS_SEC_MAX,
    MV_IOTUNE_SIZE_IOPS_SEC,
    MV_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH,
    MV_IOTUNE_READ_BYTES_SEC_MAX_LENGTH,
    MV_IOTUNE_WRITE_BYTES_SEC_MAX_LENGTH,
    MV_IOTUNE_TOTAL_IOPS_SEC_MAX_LENGTH,
    MV_IOTUNE_READ_IOPS_SEC_MAX_LENGTH,
    MV_IOTUNE_WRITE_IOPS_SEC_MAX_LENGTH,
    MV_IOTUNE_LAST,
} MvIotuneField;

typedef struct {
    uint64_t value[MV_IOTUNE_LAST];
    char *group_name;
} MvDiskIotune;

typedef struct {
    char *name;
    int cache;                   /* "default", "none", "writethrough", ... */
    int error_policy;            /* "default", "stop", "report", "ignore", "enospace" */
    int rerror_policy;
    int io;                      /* "default", "native", "threads", "io_uring" */
    MvTristate ioeventfd;
    MvTristate event_idx;
    MvTristate copy_on_read;
    int discard;                 /* "default", "unmap", "ignore" */
    unsigned int iothread;
    int detect_zeroes;           /* "default", "off", "on", "unmap" */
    unsigned int queues;
    unsigned int queue_size;
    MvDomainVirtioOptions virtio;
} MvDiskDriver;

/* <mirror>: a block job's destination, kept only in live definitions. */
typedef struct {
    int job;                     /* "copy" or "active-commit" */
    int ready;                   /* "none", "yes", "abort", "pivot" */
    MvStorageSource *src;
} MvDiskMirror;

struct _MvDomainDisk {
    MvDiskDevice device;
    int model;                   /* "default", "virtio", "virtio-transitional", ... */
    MvTristate rawio;
    int sgio;                    /* "default", "filtered", "unfiltered" */
    MvDiskSnapshot snapshot;
    MvDiskStartupPolicy startup_policy;

    MvStorageSource *src;        /* with its backing chain */
    bool auth_on_disk;           /* <auth> was a child of <disk> */
    bool encryption_on_disk;     /* <encryption> was a child of <disk> */

    MvDiskDriver driver;
    MvDiskMirror *mirror;

    char *dst;                   /* <target dev=> */
    MvDiskBus bus;
    int tray;                    /* "closed", "open" */
    MvTristate removable;
    unsigned int rotation_rate;

    unsigned int geometry_cyls;
    unsigned int geometry_heads;
    unsigned int geometry_secs;
    int geometry_trans;          /* "default", "none", "auto", "lba" */
    unsigned int logical_block_size;
    unsigned int physical_block_size;

    MvDiskIotune iotune;
    bool transient;
    MvTristate transient_share_backing;
    char *backend_domain;
    char *serial;
    char *wwn;
    char *vendor;
    char *product;

    MvDomainDeviceInfo info;
};

void mv_domain_disk_free(MvDomainDisk *disk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainDisk, mv_domain_disk_free)

MvDomainDisk *mv_domain_disk_parse(const xmlNode *node, unsigned int flags);
void mv_domain_disk_format(MvXmlBuf *buf, const MvDomainDisk *disk, unsigned int flags);
int mv_domain_disk_validate(const MvDomainDisk *disk, const MvDomainDef *def);

/* The parse-time defaults that need the whole definition (bus from the
 * target name, drive addresses, shared iotune groups). */
int mv_domain_disks_post_parse(MvDomainDef *def);

/* The generic signatures of the domain device table. */
void *mv_domain_disk_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_disk_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_disk_free_node(void *dev);
int mv_domain_disk_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_disk_info_node(const void *dev);
