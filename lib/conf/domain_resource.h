/* Domain host-side settings: <resource> (partition, fibrechannel), <idmap>, <pm>, <perf>. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include <libxml/tree.h>

#include "conf/domain.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_PERF_EVENT_CMT = 0,
    MV_PERF_EVENT_MBMT,
    MV_PERF_EVENT_MBML,
    MV_PERF_EVENT_CPU_CYCLES,
    MV_PERF_EVENT_INSTRUCTIONS,
    MV_PERF_EVENT_CACHE_REFERENCES,
    MV_PERF_EVENT_CACHE_MISSES,
    MV_PERF_EVENT_BRANCH_INSTRUCTIONS,
    MV_PERF_EVENT_BRANCH_MISSES,
    MV_PERF_EVENT_BUS_CYCLES,
    MV_PERF_EVENT_STALLED_CYCLES_FRONTEND,
    MV_PERF_EVENT_STALLED_CYCLES_BACKEND,
    MV_PERF_EVENT_REF_CPU_CYCLES,
    MV_PERF_EVENT_CPU_CLOCK,
    MV_PERF_EVENT_TASK_CLOCK,
    MV_PERF_EVENT_PAGE_FAULTS,
    MV_PERF_EVENT_CONTEXT_SWITCHES,
    MV_PERF_EVENT_CPU_MIGRATIONS,
    MV_PERF_EVENT_PAGE_FAULTS_MIN,
    MV_PERF_EVENT_PAGE_FAULTS_MAJ,
    MV_PERF_EVENT_ALIGNMENT_FAULTS,
    MV_PERF_EVENT_EMULATION_FAULTS,
    MV_PERF_EVENT_LAST,
} MvPerfEvent;
MV_ENUM_DECL(mv_perf_event);

typedef struct {
    unsigned int start;
    unsigned int target;
    unsigned int count;
} MvDomainIdMapEntry;

struct _MvDomainResource {
    bool has_resource;             /* a partition or an appid was given */
    char *partition;
    char *appid;
    GArray *uidmap;                /* MvDomainIdMapEntry, sorted by start */
    GArray *gidmap;
    MvTristate pm_s3;              /* <suspend-to-mem enabled=> */
    MvTristate pm_s4;              /* <suspend-to-disk enabled=> */
    MvTristate perf[MV_PERF_EVENT_LAST];
};

/* Reads <resource>, <idmap>, <pm> and <perf> among the children of <domain>. */
MvDomainResource *mv_domain_resource_parse(const xmlNode *domain, unsigned int flags);

int mv_domain_resource_validate(const MvDomainResource *res);

/* Each written where libvirt puts it: resource after numatune, idmap
 * after os, pm and perf after the lifecycle actions. */
void mv_domain_resource_format(MvXmlBuf *buf, const MvDomainResource *res);
void mv_domain_idmap_format(MvXmlBuf *buf, const MvDomainResource *res);
void mv_domain_pm_perf_format(MvXmlBuf *buf, const MvDomainResource *res);

void mv_domain_resource_free(MvDomainResource *res);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainResource, mv_domain_resource_free)
