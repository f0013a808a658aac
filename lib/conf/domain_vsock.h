/* Domain <vsock> device: a virtio socket with the guest's context id. */
#pragma once

#include <glib.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_VSOCK_MODEL_DEFAULT = 0,     /* not written */
    MV_VSOCK_MODEL_VIRTIO,
    MV_VSOCK_MODEL_VIRTIO_TRANSITIONAL,
    MV_VSOCK_MODEL_VIRTIO_NON_TRANSITIONAL,
    MV_VSOCK_MODEL_LAST,
} MvVsockModel;
MV_ENUM_DECL(mv_vsock_model);

struct _MvDomainVsock {
    MvVsockModel model;
    unsigned int guest_cid;     /* <cid address=>, 0: not given */
    MvTristate auto_cid;        /* <cid auto=>, yes/no */
    MvDomainVirtioOptions virtio;
    MvDomainDeviceInfo info;
};

void mv_domain_vsock_free(MvDomainVsock *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainVsock, mv_domain_vsock_free)

/* The generic signatures of the domain device table. */
void *mv_domain_vsock_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_vsock_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_vsock_free_node(void *dev);
int mv_domain_vsock_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_vsock_info_node(const void *dev);
