/* Domain <iommu> device: the guest's IOMMU model and its driver switches. */
#pragma once

#include <glib.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_IOMMU_MODEL_INTEL = 0,
    MV_IOMMU_MODEL_SMMUV3,
    MV_IOMMU_MODEL_VIRTIO,
    MV_IOMMU_MODEL_LAST,
} MvIommuModel;
MV_ENUM_DECL(mv_iommu_model);

struct _MvDomainIommu {
    MvIommuModel model;
    /* <driver>, all on/off */
    MvTristate intremap;
    MvTristate caching_mode;
    MvTristate eim;
    MvTristate iotlb;
    unsigned int aw_bits;       /* 0: not given */
    MvDomainDeviceInfo info;
};

void mv_domain_iommu_free(MvDomainIommu *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainIommu, mv_domain_iommu_free)

/* The generic signatures of the domain device table. */
void *mv_domain_iommu_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_iommu_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_iommu_free_node(void *dev);
int mv_domain_iommu_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_iommu_info_node(const void *dev);
