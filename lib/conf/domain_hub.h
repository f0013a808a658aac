/* Domain <hub> device: a USB hub the guest sees. */
#pragma once

#include <glib.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_HUB_TYPE_USB = 0,
    MV_HUB_TYPE_LAST,
} MvHubType;
MV_ENUM_DECL(mv_hub_type);

struct _MvDomainHub {
    MvHubType type;
    MvDomainDeviceInfo info;
};

void mv_domain_hub_free(MvDomainHub *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainHub, mv_domain_hub_free)

/* The generic signatures of the domain device table. */
void *mv_domain_hub_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_hub_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_hub_free_node(void *dev);
const MvDomainDeviceInfo *mv_domain_hub_info_node(const void *dev);
