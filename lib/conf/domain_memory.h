/* Domain memory sizing and tuning: <maxMemory>, <memory>, <currentMemory>, <memtune>, <memoryBacking>. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "conf/domain.h"
#include "conf/xml.h"
#include "util/enum.h"

/* A memtune limit that was not given (libvirt's "unlimited", in KiB). */
#define MV_DOMAIN_MEMORY_UNLIMITED 9007199254740991ULL

typedef enum {
    MV_DOMAIN_MEMORY_SOURCE_NONE = 0,
    MV_DOMAIN_MEMORY_SOURCE_FILE,
    MV_DOMAIN_MEMORY_SOURCE_ANONYMOUS,
    MV_DOMAIN_MEMORY_SOURCE_MEMFD,
    MV_DOMAIN_MEMORY_SOURCE_LAST,
} MvDomainMemorySource;
MV_ENUM_DECL(mv_domain_memory_source);

typedef enum {
    MV_DOMAIN_MEMORY_ACCESS_DEFAULT = 0,
    MV_DOMAIN_MEMORY_ACCESS_SHARED,
    MV_DOMAIN_MEMORY_ACCESS_PRIVATE,
    MV_DOMAIN_MEMORY_ACCESS_LAST,
} MvDomainMemoryAccess;
MV_ENUM_DECL(mv_domain_memory_access);

typedef enum {
    MV_DOMAIN_MEMORY_ALLOCATION_NONE = 0,
    MV_DOMAIN_MEMORY_ALLOCATION_IMMEDIATE,
    MV_DOMAIN_MEMORY_ALLOCATION_ONDEMAND,
    MV_DOMAIN_MEMORY_ALLOCATION_LAST,
} MvDomainMemoryAllocation;
MV_ENUM_DECL(mv_domain_memory_allocation);

typedef struct {
    unsigned long long size;   /* KiB */
    char *nodeset;             /* canonical ranges, or NULL */
} MvDomainHugePage;

struct _MvDomainMemory {
    unsigned long long total;          /* <memory>, KiB */
    MvTristate dump_core;              /* <memory dumpCore=> (on/off) */
    unsigned long long current;        /* <currentMemory>, KiB */
    unsigned long long max_memory;     /* <maxMemory>, KiB */
    unsigned int slots;                /* <maxMemory slots=> */

    /* <memtune>: KiB, MV_DOMAIN_MEMORY_UNLIMITED when not given. */
    unsigned long long hard_limit;
    unsigned long long soft_limit;
    unsigned long long swap_hard_limit;
    unsigned long long min_guarantee;  /* 0 when not given */

    /* <memoryBacking> */
    bool has_hugepages;
    GPtrArray *hugepages;              /* MvDomainHugePage */
    bool nosharepages;
    bool locked;
    MvDomainMemorySource source;
    MvDomainMemoryAccess access;
    MvDomainMemoryAllocation allocation;
    unsigned int allocation_threads;
    bool discard;
};

/* Reads the memory elements among the children of <domain>. */
MvDomainMemory *mv_domain_memory_parse(const xmlNode *domain, unsigned int flags);

/* libvirt's post-parse rules: currentMemory defaults to (and is capped
 * at) memory; maxMemory and slots come together. numa_total is the sum
 * of the <numa> cells (KiB, 0 without), used when <memory> is absent;
 * hotplug_total the sum of the <memory> devices. */
int mv_domain_memory_post_parse(MvDomainMemory *mem, unsigned long long numa_total,
                                unsigned long long hotplug_total);

int mv_domain_memory_validate(const MvDomainMemory *mem, const MvDomainDef *def);

/* <maxMemory>, <memory>, <currentMemory> (one call) ... */
void mv_domain_memory_format_sizes(MvXmlBuf *buf, const MvDomainMemory *mem);
/* ... and <memtune>, <memoryBacking>, written after <blkiotune>. */
void mv_domain_memory_format_tuning(MvXmlBuf *buf, const MvDomainMemory *mem);

void mv_domain_memory_free(MvDomainMemory *mem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainMemory, mv_domain_memory_free)

/* A number with an optional unit, as libvirt's XML layer reads sizes
 * (shared by the domain families): text is the number, what names it in
 * errors (libvirt names the element by its path, "./memory[1]"), unit is
 * the unit text or NULL, default_scale applies with no unit and limit is
 * the largest byte count. Errors: VIR_ERR_XML_ERROR "Invalid value 'x'
 * for element or attribute 'what'", VIR_ERR_INVALID_ARG "unknown suffix
 * 'u'", VIR_ERR_OVERFLOW "value too large: NNu". */
int mv_domain_scaled_parse(const char *text, const char *what, const char *unit,
                           unsigned long long default_scale, unsigned long long limit,
                           unsigned long long *ret_bytes);

/* A size element (<memory unit='MiB'>512</memory>) in KiB, rounded up,
 * as libvirt reads guest memory sizes. 1 present, 0 absent (or empty),
 * -1 after reporting. what names the element in errors. */
int mv_domain_memory_size_parse(const xmlNode *node, const char *what,
                                unsigned long long *ret_kib);
