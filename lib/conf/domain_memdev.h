/* Domain <memory> devices under <devices>: DIMM, NVDIMM, virtio-pmem, virtio-mem and SGX EPC modules. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/bitmap.h"
#include "util/enum.h"
#include "util/uuid.h"

typedef enum {
    MV_MEMDEV_MODEL_NONE = 0,
    MV_MEMDEV_MODEL_DIMM,
    MV_MEMDEV_MODEL_NVDIMM,
    MV_MEMDEV_MODEL_VIRTIO_PMEM,
    MV_MEMDEV_MODEL_VIRTIO_MEM,
    MV_MEMDEV_MODEL_SGX_EPC,
    MV_MEMDEV_MODEL_LAST,
} MvMemdevModel;
MV_ENUM_DECL(mv_memdev_model);

struct _MvDomainMemoryDevice {
    MvMemdevModel model;
    int access;                      /* MvDomainMemoryAccess (domain_memory.h) */
    MvTristate discard;              /* yes/no */
    bool has_uuid;                   /* nvdimm <uuid> */
    unsigned char uuid[MV_UUID_BUFLEN];

    /* <source> */
    unsigned long long pagesize;     /* KiB, dimm and virtio-mem */
    MvBitmap *source_nodes;          /* <nodemask>, or NULL */
    char *path;                      /* nvdimm, virtio-pmem */
    unsigned long long alignsize;    /* KiB, nvdimm */
    bool pmem;                       /* nvdimm <pmem/> */

    /* <target> */
    unsigned long long size;         /* KiB */
    int target_node;                 /* -1: not given */
    unsigned long long labelsize;    /* KiB, nvdimm <label><size> */
    bool readonly;                   /* nvdimm */
    unsigned long long blocksize;    /* KiB, virtio-mem */
    unsigned long long requestedsize;
    unsigned long long currentsize;  /* live only; never read from XML */

    MvDomainDeviceInfo info;
};

void mv_domain_memdev_free(MvDomainMemoryDevice *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainMemoryDevice, mv_domain_memdev_free)

/* The generic signatures of the domain device table. */
void *mv_domain_memdev_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_memdev_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_memdev_free_node(void *dev);
int mv_domain_memdev_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_memdev_info_node(const void *dev);
