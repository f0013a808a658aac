/* Host capabilities (<host>): uuid, cpu, power management, iommu, migration, NUMA and cache topology, security models. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "capabilities_numa.h"
#include "xml.h"
#include "util/enum.h"
#include "util/uuid.h"

/* libvirt's architecture names (virArch), "none" first. */
typedef enum {
    MV_ARCH_NONE = 0,
    MV_ARCH_ALPHA, MV_ARCH_ARMV6L, MV_ARCH_ARMV7L, MV_ARCH_ARMV7B, MV_ARCH_AARCH64,
    MV_ARCH_CRIS, MV_ARCH_I686, MV_ARCH_IA64, MV_ARCH_LM32, MV_ARCH_M68K,
    MV_ARCH_MICROBLAZE, MV_ARCH_MICROBLAZEEL, MV_ARCH_MIPS, MV_ARCH_MIPSEL,
    MV_ARCH_MIPS64, MV_ARCH_MIPS64EL, MV_ARCH_OPENRISC, MV_ARCH_PARISC, MV_ARCH_PARISC64,
    MV_ARCH_PPC, MV_ARCH_PPCLE, MV_ARCH_PPC64, MV_ARCH_PPC64LE, MV_ARCH_PPCEMB,
    MV_ARCH_RISCV32, MV_ARCH_RISCV64, MV_ARCH_S390, MV_ARCH_S390X, MV_ARCH_SH4,
    MV_ARCH_SH4EB, MV_ARCH_SPARC, MV_ARCH_SPARC64, MV_ARCH_UNICORE32, MV_ARCH_X86_64,
    MV_ARCH_XTENSA, MV_ARCH_XTENSAEB,
    MV_ARCH_LAST
} MvArch;
MV_ENUM_DECL(mv_arch);

typedef enum {
    MV_CAPS_PM_SUSPEND_MEM = 0,
    MV_CAPS_PM_SUSPEND_DISK,
    MV_CAPS_PM_SUSPEND_HYBRID,
    MV_CAPS_PM_LAST
} MvCapsPMTarget;
MV_ENUM_DECL(mv_caps_pm_target);

typedef enum {
    MV_CAPS_CPU_CACHE_MODE_EMULATE = 0,
    MV_CAPS_CPU_CACHE_MODE_PASSTHROUGH,
    MV_CAPS_CPU_CACHE_MODE_DISABLE,
    MV_CAPS_CPU_CACHE_MODE_LAST
} MvCapsCpuCacheMode;
MV_ENUM_DECL(mv_caps_cpu_cache_mode);

typedef enum {
    MV_CAPS_CPU_MAXPHYSADDR_EMULATE = 0,
    MV_CAPS_CPU_MAXPHYSADDR_PASSTHROUGH,
    MV_CAPS_CPU_MAXPHYSADDR_LAST
} MvCapsCpuMaxPhysAddrMode;
MV_ENUM_DECL(mv_caps_cpu_maxphysaddr_mode);

/* The host CPU as probed: written inside <host><cpu> after <arch>. */
typedef struct {
    char *model;
    char *vendor;
    unsigned int microcode;         /* 0: not written */
    unsigned int sig_family;        /* 0: no <signature> */
    unsigned int sig_model;
    unsigned int sig_stepping;
    bool has_counter;
    uint64_t tsc_frequency;
    MvTristate tsc_scaling;
    unsigned int sockets;           /* <topology> when all four are set */
    unsigned int dies;
    unsigned int cores;
    unsigned int threads;
    bool has_cache;
    int cache_level;                /* -1: not written */
    MvCapsCpuCacheMode cache_mode;
    bool has_maxphysaddr;
    MvCapsCpuMaxPhysAddrMode maxphysaddr_mode;
    int maxphysaddr_bits;           /* -1: not written */
    GPtrArray *features;            /* names */
} MvCapsHostCpu;

typedef struct {
    char *type;                     /* "kvm", "qemu" */
    char *label;
} MvCapsBaseLabel;

typedef struct {
    char *model;                    /* "selinux", "dac", "apparmor", "none" */
    char *doi;
    GArray *labels;                 /* MvCapsBaseLabel */
} MvCapsSecModel;

typedef struct {
    unsigned char uuid[MV_UUID_BUFLEN];     /* all bytes equal: none */
    MvArch arch;
    GPtrArray *features;            /* <features><pae/>...: names */
    MvCapsHostCpu *cpu;             /* NULL: none */
    GArray *page_sizes;             /* unsigned int, KiB */
    unsigned int power_mgmt;        /* 1 << MvCapsPMTarget */
    bool iommu;
    bool migration;                 /* <migration_features> */
    bool live_migration;
    GPtrArray *migration_transports;
    char *netprefix;
    MvCapsNuma *numa;               /* NULL: no <topology> */
    MvCapsResctrl resctrl;
    GPtrArray *secmodels;           /* MvCapsSecModel */
} MvCapsHost;

void mv_caps_host_init(MvCapsHost *host);
void mv_caps_host_clear(MvCapsHost *host);

/* Building --------------------------------------------------------------- */
MvCapsHostCpu *mv_caps_host_set_cpu(MvCapsHost *host, const char *model, const char *vendor);
void mv_caps_host_cpu_add_feature(MvCapsHostCpu *cpu, const char *name);
void mv_caps_host_add_feature(MvCapsHost *host, const char *name);
void mv_caps_host_add_page_size(MvCapsHost *host, unsigned int size_kib);
void mv_caps_host_set_pm(MvCapsHost *host, MvCapsPMTarget target);
/* Sets <migration_features>; live adds <live/>. */
void mv_caps_host_set_migration(MvCapsHost *host, bool live);
void mv_caps_host_add_migration_transport(MvCapsHost *host, const char *transport);
MvCapsNuma *mv_caps_host_numa(MvCapsHost *host);
MvCapsSecModel *mv_caps_host_add_secmodel(MvCapsHost *host, const char *model, const char *doi);
void mv_caps_secmodel_add_baselabel(MvCapsSecModel *sm, const char *type, const char *label);

/* node is <host>. */
int mv_caps_host_parse(const xmlNode *node, MvCapsHost *host);
/* Writes nothing when the host has no uuid, arch, power management nor
 * iommu, as libvirt does. */
void mv_caps_host_format(MvXmlBuf *buf, const MvCapsHost *host);
