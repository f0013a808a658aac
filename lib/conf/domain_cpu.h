/* Domain <cpu>: guest CPU model, topology, features and the guest NUMA cells; parse / validate / format. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "conf/domain.h"
#include "conf/xml.h"
#include "util/bitmap.h"
#include "util/enum.h"

typedef enum {
    MV_CPU_MODE_CUSTOM = 0,
    MV_CPU_MODE_HOST_MODEL,
    MV_CPU_MODE_HOST_PASSTHROUGH,
    MV_CPU_MODE_MAXIMUM,
    MV_CPU_MODE_LAST,
} MvCpuMode;
MV_ENUM_DECL(mv_cpu_mode);

typedef enum {
    MV_CPU_MATCH_EXACT = 0,
    MV_CPU_MATCH_MINIMUM,
    MV_CPU_MATCH_STRICT,
    MV_CPU_MATCH_LAST,
} MvCpuMatch;
MV_ENUM_DECL(mv_cpu_match);

typedef enum {
    MV_CPU_CHECK_DEFAULT = 0,
    MV_CPU_CHECK_NONE,
    MV_CPU_CHECK_PARTIAL,
    MV_CPU_CHECK_FULL,
    MV_CPU_CHECK_LAST,
} MvCpuCheck;
MV_ENUM_DECL(mv_cpu_check);

typedef enum {
    MV_CPU_FALLBACK_ALLOW = 0,
    MV_CPU_FALLBACK_FORBID,
    MV_CPU_FALLBACK_LAST,
} MvCpuFallback;
MV_ENUM_DECL(mv_cpu_fallback);

typedef enum {
    MV_CPU_FEATURE_FORCE = 0,
    MV_CPU_FEATURE_REQUIRE,
    MV_CPU_FEATURE_OPTIONAL,
    MV_CPU_FEATURE_DISABLE,
    MV_CPU_FEATURE_FORBID,
    MV_CPU_FEATURE_LAST,
} MvCpuFeaturePolicy;
MV_ENUM_DECL(mv_cpu_feature_policy);

typedef enum {
    MV_CPU_CACHE_EMULATE = 0,
    MV_CPU_CACHE_PASSTHROUGH,
    MV_CPU_CACHE_DISABLE,
    MV_CPU_CACHE_LAST,
} MvCpuCacheMode;
MV_ENUM_DECL(mv_cpu_cache_mode);

typedef enum {
    MV_CPU_MAXPHYSADDR_EMULATE = 0,
    MV_CPU_MAXPHYSADDR_PASSTHROUGH,
    MV_CPU_MAXPHYSADDR_LAST,
} MvCpuMaxPhysAddrMode;
MV_ENUM_DECL(mv_cpu_maxphysaddr_mode);

typedef enum {
    MV_NUMA_MEM_ACCESS_DEFAULT = 0,
    MV_NUMA_MEM_ACCESS_SHARED,
    MV_NUMA_MEM_ACCESS_PRIVATE,
    MV_NUMA_MEM_ACCESS_LAST,
} MvNumaMemAccess;
MV_ENUM_DECL(mv_numa_mem_access);

typedef struct {
    char *name;
    MvCpuFeaturePolicy policy;
} MvCpuFeature;

typedef struct {
    MvBitmap *cpus;                  /* NULL when absent or empty */
    uint64_t memory_kib;
    MvNumaMemAccess mem_access;
    MvTristate discard;
    unsigned int *distances;         /* ncells entries, 0 = not given; NULL when none */
    GArray *caches;                  /* MvCapsCellCache (domain_numa_hmat.h) */
} MvNumaCell;

struct _MvDomainCpu {
    MvCpuMode mode;
    MvCpuMatch match;
    MvCpuCheck check;
    MvTristate migratable;           /* on/off */
    char *model;
    MvCpuFallback fallback;
    char *vendor_id;
    char *vendor;
    unsigned int sockets;            /* 0: no <topology> */
    unsigned int dies;
    unsigned int cores;
    unsigned int threads;
    bool has_cache;
    int cache_level;                 /* -1 when absent */
    MvCpuCacheMode cache_mode;
    bool has_maxphysaddr;
    MvCpuMaxPhysAddrMode maxphysaddr_mode;
    int maxphysaddr_bits;            /* -1 when absent */
    GArray *features;                /* MvCpuFeature, document order */
    GArray *cells;                   /* MvNumaCell, by cell id; empty without <numa> */
    GArray *interconnects;           /* MvCapsInterconnect (domain_numa_hmat.h) */
};

/* cpu is the <cpu> element (the caller passes NULL for no <cpu>). */
MvDomainCpu *mv_domain_cpu_parse(const xmlNode *cpu, unsigned int flags);

/* The rules tying <cpu> to the rest of the domain. NOTE for domain core:
 * pass the maximum vCPU count (<vcpu>); the NUMA cells' cpus must fit in
 * it (libvirt checks this right after parsing <cpu>). */
int mv_domain_cpu_validate(const MvDomainCpu *cpu, unsigned int max_vcpus);

/* Writes nothing when the <cpu> would be empty (cpu may be NULL). */
void mv_domain_cpu_format(MvXmlBuf *buf, const MvDomainCpu *cpu, unsigned int flags);

/* Guest NUMA cells, for the families that refer to them (numatune, memory
 * devices): the count and the total memory in KiB. */
size_t mv_domain_cpu_numa_cells(const MvDomainCpu *cpu);
uint64_t mv_domain_cpu_numa_memory_kib(const MvDomainCpu *cpu);

void mv_domain_cpu_free(MvDomainCpu *cpu);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainCpu, mv_domain_cpu_free)
