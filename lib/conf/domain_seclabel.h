/* Domain security: <seclabel> (one per model) and <keywrap>. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include <libxml/tree.h>

#include "conf/domain.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_DOMAIN_SECLABEL_DEFAULT = 0,
    MV_DOMAIN_SECLABEL_NONE,
    MV_DOMAIN_SECLABEL_DYNAMIC,
    MV_DOMAIN_SECLABEL_STATIC,
    MV_DOMAIN_SECLABEL_LAST,
} MvDomainSeclabelType;
MV_ENUM_DECL(mv_domain_seclabel_type);

struct _MvDomainSeclabel {
    MvDomainSeclabelType type;
    char *model;                  /* NULL: the host's default model */
    bool relabel;
    char *label;
    char *imagelabel;
    char *baselabel;
};

struct _MvDomainKeywrap {
    MvTristate aes;               /* on/off */
    MvTristate dea;
};

/* Reads every <seclabel> among the children of <domain> into seclabels
 * (MvDomainSeclabel). flags are MvDomainXmlFlags: a persistent definition
 * keeps no label of a dynamic one. 0 or -1 after reporting. */
int mv_domain_seclabels_parse(const xmlNode *domain, unsigned int flags, GPtrArray *seclabels);

/* <keywrap>; *ret_keywrap stays NULL when no cipher is given. */
int mv_domain_keywrap_parse(const xmlNode *domain, MvDomainKeywrap **ret_keywrap);

void mv_domain_seclabel_format(MvXmlBuf *buf, const MvDomainSeclabel *seclabel);
void mv_domain_keywrap_format(MvXmlBuf *buf, const MvDomainKeywrap *keywrap);

void mv_domain_seclabel_free(MvDomainSeclabel *seclabel);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainSeclabel, mv_domain_seclabel_free)
