/* Domain <panic> device: how the guest reports a kernel panic to the host. */
#pragma once

#include <glib.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_PANIC_MODEL_DEFAULT = 0,     /* not written */
    MV_PANIC_MODEL_ISA,
    MV_PANIC_MODEL_PSERIES,
    MV_PANIC_MODEL_HYPERV,
    MV_PANIC_MODEL_S390,
    MV_PANIC_MODEL_LAST,
} MvPanicModel;
MV_ENUM_DECL(mv_panic_model);

struct _MvDomainPanic {
    MvPanicModel model;
    MvDomainDeviceInfo info;
};

void mv_domain_panic_free(MvDomainPanic *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainPanic, mv_domain_panic_free)

/* The generic signatures of the domain device table. */
void *mv_domain_panic_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_panic_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_panic_free_node(void *dev);
const MvDomainDeviceInfo *mv_domain_panic_info_node(const void *dev);
