/* Domain <memballoon> device, and the virtio <driver> options it shares with <rng> and <vsock>. */
#pragma once

#include <glib.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

/* <driver iommu= ats= packed= page_per_vq=> of a virtio device. */
typedef struct {
    MvTristate iommu;
    MvTristate ats;
    MvTristate packed;
    MvTristate page_per_vq;
} MvDomainVirtioOptions;

/* Reads the switches of driver (NULL: all absent). 0 or -1 after reporting. */
int mv_domain_virtio_options_parse(const xmlNode *driver, MvDomainVirtioOptions *ret_opts);
/* <driver .../>, or nothing when every switch is absent. */
void mv_domain_virtio_options_format(MvXmlBuf *buf, const MvDomainVirtioOptions *opts);
/* For a device whose model is not virtio: each set switch is refused as
 * libvirt refuses it (VIR_ERR_CONFIG_UNSUPPORTED). */
int mv_domain_virtio_options_check_absent(const MvDomainVirtioOptions *opts);

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
