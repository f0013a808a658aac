/* Node device capabilities of the smaller families: system, drm, mdev, vdpa, s390 ccw/css and AP (card, queue, matrix). */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "nodedev_common.h"
#include "xml.h"
#include "util/enum.h"
#include "util/uuid.h"

/* <capability type='system'>: the host itself ("computer"). */
typedef struct {
    char *product;
    char *hw_vendor;
    char *hw_version;
    char *hw_serial;
    unsigned char hw_uuid[MV_UUID_BUFLEN];
    char *fw_vendor;
    char *fw_version;
    char *fw_release_date;
} MvNodeDevSystem;

typedef enum {
    MV_NODEDEV_DRM_PRIMARY = 0,
    MV_NODEDEV_DRM_CONTROL,
    MV_NODEDEV_DRM_RENDER,
    MV_NODEDEV_DRM_LAST
} MvNodeDevDrmType;
MV_ENUM_DECL(mv_nodedev_drm_type);

typedef struct {
    char *name;
    char *value;
} MvMdevAttr;

/* <capability type='mdev'>: a mediated device. */
typedef struct {
    char *type;                 /* <type id=> */
    char *uuid;                 /* normalized, optional */
    char *parent_addr;          /* set by the driver only */
    unsigned int iommu_group;
    MvMdevAttr *attrs;
    size_t nattrs;
} MvNodeDevMdev;

/* s390 channel I/O: <capability type='ccw'> and 'css' (with a channel
 * device address and mdev types). */
typedef struct {
    unsigned int cssid;
    unsigned int ssid;
    unsigned int devno;
} MvCcwAddr;

typedef struct {
    MvCcwAddr addr;
    bool has_channel_dev;       /* css only */
    MvCcwAddr channel_dev;
    MvMdevTypes mdev_types;     /* css only */
} MvNodeDevCcw;

/* s390 AP: card (adapter), queue (adapter and domain), matrix (mdev types). */
typedef struct {
    unsigned int adapter;
    unsigned int domain;        /* queue only */
    MvMdevTypes mdev_types;     /* matrix only */
} MvNodeDevAp;

void mv_nodedev_system_clear(MvNodeDevSystem *sys);
int mv_nodedev_system_parse(const xmlNode *node, const char *dev_name, MvNodeDevSystem *sys);
void mv_nodedev_system_format(MvXmlBuf *buf, const MvNodeDevSystem *sys);

int mv_nodedev_drm_parse(const xmlNode *node, const char *dev_name, MvNodeDevDrmType *drm);
void mv_nodedev_drm_format(MvXmlBuf *buf, MvNodeDevDrmType drm);

void mv_nodedev_mdev_clear(MvNodeDevMdev *mdev);
int mv_nodedev_mdev_parse(const xmlNode *node, const char *dev_name, MvNodeDevMdev *mdev);
void mv_nodedev_mdev_format(MvXmlBuf *buf, const MvNodeDevMdev *mdev);

/* vDPA devices are only written (libvirt's parser refuses them). */
void mv_nodedev_vdpa_format(MvXmlBuf *buf, const char *chardev);

void mv_nodedev_ccw_clear(MvNodeDevCcw *ccw);
/* css: also the channel device address and sub-capabilities. */
int mv_nodedev_ccw_parse(const xmlNode *node, const char *dev_name, bool css, MvNodeDevCcw *ccw);
void mv_nodedev_ccw_format(MvXmlBuf *buf, const MvNodeDevCcw *ccw, bool css);

void mv_nodedev_ap_clear(MvNodeDevAp *ap);
int mv_nodedev_ap_card_parse(const xmlNode *node, const char *dev_name, MvNodeDevAp *ap);
int mv_nodedev_ap_queue_parse(const xmlNode *node, const char *dev_name, MvNodeDevAp *ap);
int mv_nodedev_ap_matrix_parse(const xmlNode *node, MvNodeDevAp *ap);
void mv_nodedev_ap_card_format(MvXmlBuf *buf, const MvNodeDevAp *ap);
void mv_nodedev_ap_queue_format(MvXmlBuf *buf, const MvNodeDevAp *ap);
void mv_nodedev_ap_matrix_format(MvXmlBuf *buf, const MvNodeDevAp *ap);
