/* Domain security: <seclabel> (one per model), <keywrap> and <launchSecurity>. */
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

typedef enum {
    MV_DOMAIN_LAUNCH_SECURITY_NONE = 0,
    MV_DOMAIN_LAUNCH_SECURITY_SEV,
    MV_DOMAIN_LAUNCH_SECURITY_PV,
    MV_DOMAIN_LAUNCH_SECURITY_LAST,
} MvDomainLaunchSecurityType;
MV_ENUM_DECL(mv_domain_launch_security_type);   /* "", "sev", "s390-pv" */

struct _MvDomainLaunchSecurity {
    MvDomainLaunchSecurityType type;
    /* sev */
    MvTristate kernel_hashes;
    unsigned int policy;          /* required, hex */
    bool has_cbitpos;             /* the host's value is the driver's to fill in */
    unsigned int cbitpos;
    bool has_reduced_phys_bits;
    unsigned int reduced_phys_bits;
    char *dh_cert;
    char *session;
};

/* Reads every <seclabel> among the children of <domain> into seclabels
 * (MvDomainSeclabel). flags are MvDomainXmlFlags: a persistent definition
 * keeps no label of a dynamic one. 0 or -1 after reporting. */
int mv_domain_seclabels_parse(const xmlNode *domain, unsigned int flags, GPtrArray *seclabels);

/* <keywrap>; *ret_keywrap stays NULL when no cipher is given. */
int mv_domain_keywrap_parse(const xmlNode *domain, MvDomainKeywrap **ret_keywrap);

/* The first <launchSecurity>, or *ret_sec NULL when there is none.
 * Errors (VIR_ERR_XML_ERROR) as libvirt words them: "failed to get
 * launch security policy", "Invalid format for launch security cbitpos".
 * 0 or -1. */
int mv_domain_launch_security_parse(const xmlNode *domain, MvDomainLaunchSecurity **ret_sec);
void mv_domain_launch_security_format(MvXmlBuf *buf, const MvDomainLaunchSecurity *sec);
void mv_domain_launch_security_free(MvDomainLaunchSecurity *sec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainLaunchSecurity, mv_domain_launch_security_free)

void mv_domain_seclabel_format(MvXmlBuf *buf, const MvDomainSeclabel *seclabel);
void mv_domain_keywrap_format(MvXmlBuf *buf, const MvDomainKeywrap *keywrap);

void mv_domain_seclabel_free(MvDomainSeclabel *seclabel);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainSeclabel, mv_domain_seclabel_free)
