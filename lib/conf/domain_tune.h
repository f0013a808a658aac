/* Domain resource tuning: <blkiotune>, <cputune> (pins, periods, quotas, schedulers; resctrl in domain_resctrl.c), <numatune>. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include <libxml/tree.h>

#include "conf/domain.h"
#include "conf/domain_resctrl.h"
#include "conf/domain_vcpu.h"
#include "conf/xml.h"
#include "util/bitmap.h"
#include "util/enum.h"

typedef enum {
    MV_DOMAIN_SCHED_NONE = 0,
    MV_DOMAIN_SCHED_BATCH,
    MV_DOMAIN_SCHED_IDLE,
    MV_DOMAIN_SCHED_FIFO,
    MV_DOMAIN_SCHED_RR,
    MV_DOMAIN_SCHED_LAST,
} MvDomainSchedPolicy;
MV_ENUM_DECL(mv_domain_sched_policy);

typedef enum {
    MV_DOMAIN_NUMATUNE_STRICT = 0,
    MV_DOMAIN_NUMATUNE_PREFERRED,
    MV_DOMAIN_NUMATUNE_INTERLEAVE,
    MV_DOMAIN_NUMATUNE_RESTRICTIVE,
    MV_DOMAIN_NUMATUNE_LAST,
} MvDomainNumatuneMode;
MV_ENUM_DECL(mv_domain_numatune_mode);

typedef enum {
    MV_DOMAIN_NUMATUNE_PLACEMENT_DEFAULT = 0,
    MV_DOMAIN_NUMATUNE_PLACEMENT_STATIC,
    MV_DOMAIN_NUMATUNE_PLACEMENT_AUTO,
    MV_DOMAIN_NUMATUNE_PLACEMENT_LAST,
} MvDomainNumatunePlacement;
MV_ENUM_DECL(mv_domain_numatune_placement);

typedef struct {
    char *path;
    unsigned int weight;
    unsigned int read_iops;
    unsigned int write_iops;
    unsigned long long read_bytes;
    unsigned long long write_bytes;
} MvDomainBlkioDevice;

typedef struct {
    MvDomainSchedPolicy policy;
    int priority;
} MvDomainSched;

/* A pin or scheduler of one thread (vCPU id or I/O thread id). */
typedef struct {
    unsigned int id;
    MvBitmap *cpuset;                /* pin, or NULL */
    MvDomainSched sched;
} MvDomainThreadTune;

typedef struct {
    MvDomainNumatuneMode mode;
    MvBitmap *nodeset;
} MvDomainMemnode;

struct _MvDomainTune {
    /* <blkiotune> */
    unsigned int blkio_weight;
    GPtrArray *blkio_devices;        /* MvDomainBlkioDevice */

    /* <cputune> */
    bool shares_specified;
    unsigned long long shares;
    unsigned long long period, global_period, emulator_period, iothread_period;
    long long quota, global_quota, emulator_quota, iothread_quota;
    GArray *vcpu_tune;               /* MvDomainThreadTune, indexed by vCPU id */
    GPtrArray *iothread_tune;        /* MvDomainThreadTune, by I/O thread id */
    MvBitmap *emulatorpin;
    bool has_emulatorsched;
    MvDomainSched emulatorsched;
    GPtrArray *resctrls;             /* MvDomainResctrl: <cachetune>, <memorytune> */

    /* <numatune> */
    bool numatune_specified;
    MvDomainNumatuneMode numatune_mode;
    MvDomainNumatunePlacement numatune_placement;
    MvBitmap *numatune_nodeset;
    GArray *memnodes;                /* MvDomainMemnode, by cell id (nodeset NULL: none) */
};

/* Reads the elements among the children of <domain>. vcpus gives the
 * vCPU and I/O thread ids the pins may name (and the placement numatune
 * defaults from); numa_cells the guest NUMA cells memnode may name. */
MvDomainTune *mv_domain_tune_parse(const xmlNode *domain, MvDomainVcpus *vcpus,
                                   size_t numa_cells, unsigned int flags);

int mv_domain_tune_validate(const MvDomainTune *tune);

/* Each written where libvirt puts it: blkiotune after currentMemory,
 * cputune after the I/O threads, numatune right after cputune. */
void mv_domain_blkiotune_format(MvXmlBuf *buf, const MvDomainTune *tune);
void mv_domain_cputune_format(MvXmlBuf *buf, const MvDomainTune *tune,
                              const MvDomainVcpus *vcpus, unsigned int flags);
void mv_domain_numatune_format(MvXmlBuf *buf, const MvDomainTune *tune);

void mv_domain_tune_free(MvDomainTune *tune);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainTune, mv_domain_tune_free)

/* A CPU or node set attribute as libvirt reads one: NULL after reporting
 * VIR_ERR_INVALID_ARG "Failed to parse bitmap 'text'". */
MvBitmap *mv_domain_cpuset_parse(const char *text);
