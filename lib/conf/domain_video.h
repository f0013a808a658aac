/* Domain <video> devices: model, memory sizes, heads, acceleration, resolution, driver; parse / validate / format and the primary-first order. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_DOMAIN_VIDEO_DEFAULT = 0,
    MV_DOMAIN_VIDEO_VGA,
    MV_DOMAIN_VIDEO_CIRRUS,
    MV_DOMAIN_VIDEO_VMVGA,
    MV_DOMAIN_VIDEO_XEN,
    MV_DOMAIN_VIDEO_VBOX,
    MV_DOMAIN_VIDEO_QXL,
    MV_DOMAIN_VIDEO_PARALLELS,
    MV_DOMAIN_VIDEO_VIRTIO,
    MV_DOMAIN_VIDEO_GOP,
    MV_DOMAIN_VIDEO_NONE,
    MV_DOMAIN_VIDEO_BOCHS,
    MV_DOMAIN_VIDEO_RAMFB,
    MV_DOMAIN_VIDEO_LAST,
} MvDomainVideoType;
MV_ENUM_DECL(mv_domain_video_type);

typedef enum {
    MV_DOMAIN_VIDEO_BACKEND_DEFAULT = 0,
    MV_DOMAIN_VIDEO_BACKEND_QEMU,
    MV_DOMAIN_VIDEO_BACKEND_VHOSTUSER,
    MV_DOMAIN_VIDEO_BACKEND_LAST,
} MvDomainVideoBackend;
MV_ENUM_DECL(mv_domain_video_backend);

/* <driver vgaconf=> ("io" is index 0 and is written back like the others). */
typedef enum {
    MV_DOMAIN_VIDEO_VGACONF_IO = 0,
    MV_DOMAIN_VIDEO_VGACONF_ON,
    MV_DOMAIN_VIDEO_VGACONF_OFF,
    MV_DOMAIN_VIDEO_VGACONF_LAST,
} MvDomainVideoVgaconf;
MV_ENUM_DECL(mv_domain_video_vgaconf);

struct _MvDomainVideo {
    MvDomainVideoType type;
    unsigned int ram;               /* KiB; qxl only */
    unsigned int vram;
    unsigned int vram64;
    unsigned int vgamem;
    unsigned int heads;             /* 1 unless the XML says otherwise */
    bool primary;
    bool has_accel;                 /* <acceleration> */
    MvTristate accel3d;
    MvTristate accel2d;
    char *rendernode;
    bool has_resolution;            /* <resolution x= y=> */
    unsigned int res_x;
    unsigned int res_y;
    MvDomainVideoBackend backend;   /* <driver name=> */
    bool has_vgaconf;
    MvDomainVideoVgaconf vgaconf;
    MvDomainVirtioOptions virtio;                 /* <driver> iommu, ats, packed, page_per_vq */
    MvDomainDeviceInfo info;
};

void mv_domain_video_free(MvDomainVideo *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainVideo, mv_domain_video_free)

MvDomainVideo *mv_domain_video_parse(const xmlNode *node, unsigned int flags);
int mv_domain_video_validate(const MvDomainVideo *def, const MvDomainDef *dom);
void mv_domain_video_format(MvXmlBuf *buf, const MvDomainVideo *def, unsigned int flags);

/* libvirt's XML-layer post-parse: a primary='yes' video moves first, the
 * first video is the primary one, memory sizes get their defaults and are
 * rounded up to a power of two, a first video of type 'none' loses
 * everything but its alias. */
int mv_domain_video_post_parse(MvDomainDef *def);

/* The generic signatures of the domain device table. */
void *mv_domain_video_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_video_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_video_free_node(void *dev);
int mv_domain_video_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_video_info_node(const void *dev);
