/* Host capabilities, memory side: NUMA <topology> (cells, pages, distances, caches, cpus, interconnects), <cache> banks, <memory_bandwidth>. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "xml.h"
#include "util/enum.h"

typedef struct {
    unsigned int size_kib;
    uint64_t avail;             /* pages free in a cell */
} MvCapsPages;

typedef struct {
    unsigned int cell;
    unsigned int value;
} MvCapsDistance;

typedef enum {
    MV_CAPS_CACHE_ASSOC_NONE = 0,
    MV_CAPS_CACHE_ASSOC_DIRECT,
    MV_CAPS_CACHE_ASSOC_FULL,
    MV_CAPS_CACHE_ASSOC_LAST
} MvCapsCacheAssociativity;
MV_ENUM_DECL(mv_caps_cache_associativity);

typedef enum {
    MV_CAPS_CACHE_POLICY_NONE = 0,
    MV_CAPS_CACHE_POLICY_WRITEBACK,
    MV_CAPS_CACHE_POLICY_WRITETHROUGH,
    MV_CAPS_CACHE_POLICY_LAST
} MvCapsCachePolicy;
MV_ENUM_DECL(mv_caps_cache_policy);

/* A memory-side cache of a cell (HMAT). */
typedef struct {
    unsigned int level;
    MvCapsCacheAssociativity associativity;
    MvCapsCachePolicy policy;
    uint64_t size_kib;
    unsigned int line;          /* bytes, 0: not written */
} MvCapsCellCache;

typedef struct {
    unsigned int id;
    bool has_topology;          /* socket_id, die_id, core_id and siblings */
    unsigned int socket_id;
    unsigned int die_id;
    unsigned int core_id;
    char *siblings;             /* canonical cpu list, "0,4" */
} MvCapsCellCpu;

typedef struct {
    unsigned int id;
    uint64_t memory_kib;        /* 0: not written */
    GArray *pages;              /* MvCapsPages */
    GArray *distances;          /* MvCapsDistance */
    GArray *caches;             /* MvCapsCellCache */
    GPtrArray *cpus;            /* MvCapsCellCpu */
} MvCapsCell;

typedef enum {
    MV_CAPS_LATENCY_NONE = 0,
    MV_CAPS_LATENCY_ACCESS,
    MV_CAPS_LATENCY_READ,
    MV_CAPS_LATENCY_WRITE,
    MV_CAPS_LATENCY_LAST
} MvCapsLatencyType;
MV_ENUM_DECL(mv_caps_latency_type);

typedef struct {
    bool bandwidth;             /* <bandwidth> (KiB/s), else <latency> (ns) */
    unsigned int initiator;
    unsigned int target;
    unsigned int cache;         /* 0: not written */
    MvCapsLatencyType type;
    uint64_t value;
} MvCapsInterconnect;

typedef struct {
    GPtrArray *cells;           /* MvCapsCell */
    GArray *interconnects;      /* MvCapsInterconnect */
} MvCapsNuma;

/* <cache> and <memory_bandwidth> (resctrl) ------------------------------- */
typedef enum {
    MV_CAPS_CACHE_BOTH = 0,
    MV_CAPS_CACHE_CODE,
    MV_CAPS_CACHE_DATA,
    MV_CAPS_CACHE_LAST
} MvCapsCacheType;
MV_ENUM_DECL(mv_caps_cache_type);

typedef struct {
    uint64_t granularity;       /* bytes */
    uint64_t min;               /* bytes, 0: not written */
    MvCapsCacheType scope;
    unsigned int max_allocs;
} MvCapsCacheControl;

typedef struct {
    unsigned int id;
    unsigned int level;
    MvCapsCacheType type;
    uint64_t size;              /* bytes */
    char *cpus;                 /* canonical cpu list */
    GArray *controls;           /* MvCapsCacheControl */
} MvCapsCacheBank;

typedef struct {
    bool present;
    bool cache;                 /* a cache monitor: level and reuseThreshold */
    unsigned int level;
    unsigned int reuse_threshold;
    unsigned int max_monitors;
    GPtrArray *features;        /* names */
} MvCapsMonitor;

typedef struct {
    unsigned int id;
    char *cpus;
    unsigned int granularity;
    unsigned int min;
    unsigned int max_allocs;
} MvCapsMemBWNode;

typedef struct {
    GPtrArray *banks;           /* MvCapsCacheBank */
    MvCapsMonitor cache_monitor;
    GPtrArray *membw_nodes;     /* MvCapsMemBWNode */
    MvCapsMonitor membw_monitor;
} MvCapsResctrl;

void mv_caps_numa_init(MvCapsNuma *numa);
void mv_caps_numa_clear(MvCapsNuma *numa);
void mv_caps_resctrl_init(MvCapsResctrl *rc);
void mv_caps_resctrl_clear(MvCapsResctrl *rc);

/* Building --------------------------------------------------------------- */
MvCapsCell *mv_caps_numa_add_cell(MvCapsNuma *numa, unsigned int id, uint64_t memory_kib);
void mv_caps_cell_add_pages(MvCapsCell *cell, unsigned int size_kib, uint64_t avail);
void mv_caps_cell_add_distance(MvCapsCell *cell, unsigned int cell_id, unsigned int value);
/* siblings NULL: only the id is written. Returns -1 on a bad cpu list. */
int mv_caps_cell_add_cpu(MvCapsCell *cell, unsigned int id, unsigned int socket_id,
                         unsigned int die_id, unsigned int core_id, const char *siblings);
/* cpus is a cpu list ("0-3"); returns NULL on a bad one. */
MvCapsCacheBank *mv_caps_resctrl_add_bank(MvCapsResctrl *rc, unsigned int id, unsigned int level,
                                          MvCapsCacheType type, uint64_t size, const char *cpus);

/* Shared by the host parsers -------------------------------------------- */

/* The cpu list in attribute name of node, canonical ("0-3,8"), or NULL after
 * reporting VIR_ERR_XML_ERROR naming the attribute, element and text.
 * *ret_list is left NULL when the attribute is absent and not required. */
int mv_caps_cpulist_prop(const xmlNode *node, const char *name, bool required, char **ret_list);
/* A size in attribute value_attr scaled by the unit in unit_attr
 * (default_scale bytes when absent), in bytes. */
int mv_caps_scaled_prop(const xmlNode *node, const char *value_attr, const char *unit_attr,
                        uint64_t default_scale, bool required, uint64_t *ret_bytes);

/* Parsing and formatting: node is <topology>, <cache>, <memory_bandwidth>. */
int mv_caps_numa_parse(const xmlNode *node, MvCapsNuma *numa);
void mv_caps_numa_format(MvXmlBuf *buf, const MvCapsNuma *numa);
int mv_caps_cache_parse(const xmlNode *node, MvCapsResctrl *rc);
void mv_caps_cache_format(MvXmlBuf *buf, const MvCapsResctrl *rc);
int mv_caps_membw_parse(const xmlNode *node, MvCapsResctrl *rc);
void mv_caps_membw_format(MvXmlBuf *buf, const MvCapsResctrl *rc);
