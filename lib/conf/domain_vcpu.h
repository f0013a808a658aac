/* Domain vCPUs and I/O threads: <vcpu>, <vcpus>, <iothreads>, <iothreadids>, <defaultiothread>. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include <libxml/tree.h>

#include "conf/domain.h"
#include "conf/xml.h"
#include "util/bitmap.h"
#include "util/enum.h"

/* Bounds on counts that the parser turns into per-item objects. */
#define MV_DOMAIN_VCPUS_LIMIT 16384
#define MV_DOMAIN_IOTHREADS_LIMIT 16384

typedef enum {
    MV_DOMAIN_PLACEMENT_STATIC = 0,
    MV_DOMAIN_PLACEMENT_AUTO,
    MV_DOMAIN_PLACEMENT_LAST,
} MvDomainPlacement;
MV_ENUM_DECL(mv_domain_placement);

typedef struct {
    bool online;
    MvTristate hotpluggable;
    unsigned int order;           /* 0 when not given */
} MvDomainVcpu;

typedef struct {
    unsigned int id;
    int thread_pool_min;          /* -1 when not given */
    int thread_pool_max;
    bool autofill;                /* made up from <iothreads> count, not listed */
} MvDomainIothread;

struct _MvDomainVcpus {
    unsigned int max;             /* <vcpu> text */
    MvDomainVcpu *vcpus;          /* max entries */
    bool individual;              /* <vcpus> listed each one */
    MvDomainPlacement placement;
    MvBitmap *cpuset;             /* <vcpu cpuset=>, or NULL */

    GPtrArray *iothreads;         /* MvDomainIothread, in <iothreadids> order */
    bool has_default_iothread;    /* <defaultiothread> with a pool size */
    int default_pool_min;
    int default_pool_max;
};

/* Reads the elements among the children of <domain>. */
MvDomainVcpus *mv_domain_vcpus_parse(const xmlNode *domain, unsigned int flags);

/* libvirt's hotpluggable defaults (offline vCPUs are hotpluggable). */
int mv_domain_vcpus_post_parse(MvDomainVcpus *vcpus);

int mv_domain_vcpus_validate(const MvDomainVcpus *vcpus);

unsigned int mv_domain_vcpus_online(const MvDomainVcpus *vcpus);

/* <vcpu> and <vcpus> (after <memoryBacking>) ... */
void mv_domain_vcpus_format(MvXmlBuf *buf, const MvDomainVcpus *vcpus);
/* ... and <iothreads>, <iothreadids>, <defaultiothread>, right after. */
void mv_domain_iothreads_format(MvXmlBuf *buf, const MvDomainVcpus *vcpus);

bool mv_domain_vcpus_has_iothread(const MvDomainVcpus *vcpus, unsigned int id);

void mv_domain_vcpus_free(MvDomainVcpus *vcpus);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainVcpus, mv_domain_vcpus_free)

/* A signed int attribute as libvirt reads one: 1 present, 0 absent, -1
 * after reporting "Invalid value for attribute 'A' in element 'E': 'V'.
 * Expected integer value" (or "Expected non-negative value"). */
int mv_domain_vcpu_prop_int(const xmlNode *node, const char *name, bool nonnegative,
                            int *ret_value);
