/* Domain cache and memory bandwidth allocation: <cputune> <cachetune> and <memorytune> (resctrl groups). */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "conf/xml.h"
#include "util/bitmap.h"
#include "util/enum.h"

typedef enum {
    MV_RESCTRL_CACHE_BOTH = 0,
    MV_RESCTRL_CACHE_CODE,
    MV_RESCTRL_CACHE_DATA,
    MV_RESCTRL_CACHE_LAST,
} MvResctrlCacheType;
MV_ENUM_DECL(mv_resctrl_cache_type);

typedef struct {
    unsigned int level;
    MvResctrlCacheType type;
    unsigned int id;
    uint64_t size;                   /* bytes */
} MvResctrlCache;

typedef struct {
    unsigned int node;
    unsigned int bandwidth;          /* percent */
} MvResctrlMemBW;

typedef struct {
    bool membw;                      /* <memorytune> monitor, else <cachetune> (level 3) */
    MvBitmap *vcpus;
} MvResctrlMonitor;

/* One resctrl group: the vCPUs it holds, what <cachetune> and
 * <memorytune> with exactly those vCPUs allocate, and their monitors. */
typedef struct {
    MvBitmap *vcpus;
    GArray *caches;                  /* MvResctrlCache, document order */
    GArray *membw;                   /* MvResctrlMemBW, document order */
    GPtrArray *monitors;             /* MvResctrlMonitor */
} MvDomainResctrl;

/* Reads every <cachetune> then every <memorytune> of cputune into
 * resctrls (MvDomainResctrl, freed with the array); vCPUs at or above
 * max_vcpus are dropped as libvirt drops them. Returns 0 or -1. */
int mv_domain_resctrl_parse(const xmlNode *cputune, unsigned int max_vcpus, GPtrArray *resctrls);

GPtrArray *mv_domain_resctrl_list_new(void);

/* All <cachetune> elements, then all <memorytune>; live ids unless
 * flags holds MV_DOMAIN_XML_INACTIVE. */
void mv_domain_resctrl_format(MvXmlBuf *buf, const GPtrArray *resctrls, unsigned int flags);
