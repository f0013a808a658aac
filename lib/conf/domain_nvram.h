/* Domain <nvram> device: the spapr-vio NVRAM of a pSeries guest (not the firmware's <os><nvram>). */
#pragma once

#include <glib.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"

struct _MvDomainNvram {
    MvDomainDeviceInfo info;
};

void mv_domain_nvram_free(MvDomainNvram *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainNvram, mv_domain_nvram_free)

/* The generic signatures of the domain device table. */
void *mv_domain_nvram_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_nvram_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_nvram_free_node(void *dev);
const MvDomainDeviceInfo *mv_domain_nvram_info_node(const void *dev);
