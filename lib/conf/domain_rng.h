/* Domain <rng> device: a virtio random number generator and its backend (host file, EGD chardev or QEMU's builtin). */
#pragma once

#include <glib.h>

#include "conf/domain.h"
#include "conf/domain_chr_source.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_RNG_MODEL_VIRTIO = 0,
    MV_RNG_MODEL_VIRTIO_TRANSITIONAL,
    MV_RNG_MODEL_VIRTIO_NON_TRANSITIONAL,
    MV_RNG_MODEL_LAST,
} MvRngModel;
MV_ENUM_DECL(mv_rng_model);

typedef enum {
    MV_RNG_BACKEND_RANDOM = 0,
    MV_RNG_BACKEND_EGD,
    MV_RNG_BACKEND_BUILTIN,
    MV_RNG_BACKEND_LAST,
} MvRngBackend;
MV_ENUM_DECL(mv_rng_backend);

struct _MvDomainRng {
    MvRngModel model;
    unsigned int rate;          /* <rate bytes=>, 0: no <rate> */
    unsigned int period;        /* <rate period=>, 0: not given */
    MvRngBackend backend;
    char *file;                 /* random: the host file, /dev/random by default */
    MvDomainChrSource chardev;  /* egd */
    MvDomainVirtioOptions virtio;
    MvDomainDeviceInfo info;
};

void mv_domain_rng_free(MvDomainRng *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainRng, mv_domain_rng_free)

/* The generic signatures of the domain device table. */
void *mv_domain_rng_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_rng_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_rng_free_node(void *dev);
int mv_domain_rng_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_rng_info_node(const void *dev);
