/* Domain <memballoon> device: model, autodeflate, free page reporting, stats period, virtio <driver>. */
#pragma once

#include <glib.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_MEMBALLOON_MODEL_VIRTIO = 0,
    MV_MEMBALLOON_MODEL_XEN,
    MV_MEMBALLOON_MODEL_NONE,
    MV_MEMBALLOON_MODEL_VIRTIO_TRANSITIONAL,
    MV_MEMBALLOON_MODEL_VIRTIO_NON_TRANSITIONAL,
    MV_MEMBALLOON_MODEL_LAST,
} MvMemballoonModel;
MV_ENUM_DECL(mv_memballoon_model);

struct _MvDomainMemballoon {
    MvMemballoonModel model;
    MvTristate autodeflate;             /* on/off */
    MvTristate free_page_reporting;     /* on/off */
    int period;                         /* <stats period=>, 0: not written */
    MvDomainVirtioOptions virtio;
    MvDomainDeviceInfo info;            /* never read for model 'none' */
};

void mv_domain_memballoon_free(MvDomainMemballoon *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainMemballoon, mv_domain_memballoon_free)

/* The generic signatures of the domain device table. */
void *mv_domain_memballoon_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_memballoon_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_memballoon_free_node(void *dev);
const MvDomainDeviceInfo *mv_domain_memballoon_info_node(const void *dev);
