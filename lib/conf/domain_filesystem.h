/* Domain <filesystem> devices: host directories, files, block devices, RAM and pool volumes shared with a guest, virtiofs included. */
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
    MV_FS_TYPE_MOUNT = 0,
    MV_FS_TYPE_BLOCK,
    MV_FS_TYPE_FILE,
    MV_FS_TYPE_TEMPLATE,
    MV_FS_TYPE_RAM,
    MV_FS_TYPE_BIND,
    MV_FS_TYPE_VOLUME,
    MV_FS_TYPE_LAST,
} MvFsType;
MV_ENUM_DECL(mv_fs_type);

typedef enum {
    MV_FS_DRIVER_DEFAULT = 0,
    MV_FS_DRIVER_PATH,
    MV_FS_DRIVER_HANDLE,
    MV_FS_DRIVER_LOOP,
    MV_FS_DRIVER_NBD,
    MV_FS_DRIVER_PLOOP,
    MV_FS_DRIVER_VIRTIOFS,
    MV_FS_DRIVER_LAST,
} MvFsDriver;
MV_ENUM_DECL(mv_fs_driver);

typedef enum {
    MV_FS_ACCESS_DEFAULT = 0,
    MV_FS_ACCESS_PASSTHROUGH,
    MV_FS_ACCESS_MAPPED,
    MV_FS_ACCESS_SQUASH,
    MV_FS_ACCESS_LAST,
} MvFsAccessMode;
MV_ENUM_DECL(mv_fs_access_mode);

struct _MvDomainFilesystem {
    MvFsType type;
    MvFsAccessMode accessmode;
    int model;                  /* "default", "virtio", "virtio-transitional", ... */
    int multidevs;              /* "default", "remap", "forbid", "warn" */
    unsigned int fmode;         /* 0: absent */
    unsigned int dmode;

    MvFsDriver driver;          /* <driver type=> */
    int format;                 /* MvStorageFormat, 0: none */
    int wrpolicy;               /* "default", "immediate" */
    uint64_t queue_size;        /* virtiofs <driver queue=> */
    MvDomainVirtioOptions virtio;

    char *binary;               /* virtiofs <binary path=> */
    MvTristate xattr;
    int cache;                  /* "default", "none", "always" */
    int sandbox;                /* "default", "namespace", "chroot" */
    MvTristate posix_lock;
    MvTristate flock;
    int thread_pool_size;       /* -1: absent */

    char *src;                  /* dir=, file=, dev=, name= */
    char *sock;                 /* <source socket=> (vhost-user virtiofs) */
    char *pool;                 /* volume */
    char *volume;
    uint64_t usage;             /* ram, bytes */
    char *dst;
    bool readonly;
    uint64_t space_hard_limit;  /* bytes */
    uint64_t space_soft_limit;
    MvDomainDeviceInfo info;
};

void mv_domain_filesystem_free(MvDomainFilesystem *fs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainFilesystem, mv_domain_filesystem_free)

MvDomainFilesystem *mv_domain_filesystem_parse(const xmlNode *node, unsigned int flags);
void mv_domain_filesystem_format(MvXmlBuf *buf, const MvDomainFilesystem *fs, unsigned int flags);
int mv_domain_filesystem_validate(const MvDomainFilesystem *fs, const MvDomainDef *def);

/* The generic signatures of the domain device table. */
void *mv_domain_filesystem_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_filesystem_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_filesystem_free_node(void *dev);
int mv_domain_filesystem_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_filesystem_info_node(const void *dev);
