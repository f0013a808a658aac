/* The QEMU driver's namespace in domain XML (<qemu:commandline>, <qemu:capabilities>, <qemu:override>, <qemu:deprecation>): parse and format. */
#pragma once

#include <glib.h>

#include <libxml/tree.h>

#include "conf/domain.h"
#include "conf/xml.h"

#define MV_DOMAIN_QEMU_NS_URI "http://libvirt.org/schemas/domain/qemu/1.0"

typedef enum {
    MV_DOMAIN_QEMU_OVERRIDE_NONE = 0,
    MV_DOMAIN_QEMU_OVERRIDE_STRING,
    MV_DOMAIN_QEMU_OVERRIDE_SIGNED,
    MV_DOMAIN_QEMU_OVERRIDE_UNSIGNED,
    MV_DOMAIN_QEMU_OVERRIDE_BOOL,
    MV_DOMAIN_QEMU_OVERRIDE_REMOVE,
    MV_DOMAIN_QEMU_OVERRIDE_LAST,
} MvDomainQemuOverrideType;

typedef struct {
    char *name;
    MvDomainQemuOverrideType type;
    char *value;                     /* NULL for remove */
} MvDomainQemuOverrideProperty;

typedef struct {
    char *alias;
    GPtrArray *frontend;             /* MvDomainQemuOverrideProperty */
} MvDomainQemuDeviceOverride;

typedef struct {
    char *name;
    char *value;                     /* may be NULL */
} MvDomainQemuEnv;

struct _MvDomainQemuNs {
    GPtrArray *args;                 /* char *, every <qemu:arg value=> in order */
    GPtrArray *env;                  /* MvDomainQemuEnv */
    GPtrArray *caps_add;             /* char * */
    GPtrArray *caps_del;             /* char * */
    GPtrArray *overrides;            /* MvDomainQemuDeviceOverride */
    char *deprecation;               /* <qemu:deprecation behavior=> */
};

void mv_domain_qemu_ns_free(MvDomainQemuNs *ns);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainQemuNs, mv_domain_qemu_ns_free)

/* Reads the namespace's elements among the children of <domain> (by
 * namespace URI, whatever the prefix), as libvirt's QEMU driver does.
 * *ret_ns is NULL when the document has none of them. 0 or -1. */
int mv_domain_qemu_ns_parse(const xmlNode *root, MvDomainQemuNs **ret_ns);

/* The xmlns:qemu attribute of <domain> (right after type and id). */
void mv_domain_qemu_ns_format_attr(MvXmlBuf *buf);

/* The elements, written last in <domain>. */
void mv_domain_qemu_ns_format(MvXmlBuf *buf, const MvDomainQemuNs *ns);
