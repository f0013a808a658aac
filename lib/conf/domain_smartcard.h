/* Domain <smartcard> devices: a host reader, three host certificates, or a passthrough character device, on a CCID controller. */
#pragma once

#include <glib.h>

#include "conf/domain.h"
#include "conf/domain_chr_source.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_SMARTCARD_MODE_HOST = 0,
    MV_SMARTCARD_MODE_HOST_CERTIFICATES,
    MV_SMARTCARD_MODE_PASSTHROUGH,
    MV_SMARTCARD_MODE_LAST,
} MvSmartcardMode;
MV_ENUM_DECL(mv_smartcard_mode);

#define MV_SMARTCARD_CERTIFICATES 3

struct _MvDomainSmartcard {
    MvSmartcardMode mode;
    char *certificates[MV_SMARTCARD_CERTIFICATES];  /* host-certificates */
    char *database;                                 /* host-certificates, absolute, or NULL */
    MvDomainChrSource passthrough;                  /* passthrough */
    MvDomainDeviceInfo info;
};

void mv_domain_smartcard_free(MvDomainSmartcard *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainSmartcard, mv_domain_smartcard_free)

/* Gives each smartcard without an address the next free slot of CCID
 * controller 0 and adds the CCID controllers they use, as libvirt's
 * post-parse does (called by mv_domain_controllers_add_implicit_all). */
void mv_domain_smartcards_assign_ccid(MvDomainDef *def);

/* The generic signatures of the domain device table. */
void *mv_domain_smartcard_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_smartcard_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_smartcard_free_node(void *dev);
int mv_domain_smartcard_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_smartcard_info_node(const void *dev);
