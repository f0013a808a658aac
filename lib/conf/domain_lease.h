/* Domain <lease> devices: a lock manager lease (lockspace, key, target path and offset). */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"

struct _MvDomainLease {
    char *lockspace;
    char *key;
    char *path;
    uint64_t offset;
};

void mv_domain_lease_free(MvDomainLease *lease);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainLease, mv_domain_lease_free)

MvDomainLease *mv_domain_lease_parse(const xmlNode *node, unsigned int flags);
void mv_domain_lease_format(MvXmlBuf *buf, const MvDomainLease *lease, unsigned int flags);

/* The generic signatures of the domain device table (a lease has no
 * device info: info_node returns NULL). */
void *mv_domain_lease_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_lease_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_lease_free_node(void *dev);
int mv_domain_lease_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_lease_info_node(const void *dev);
