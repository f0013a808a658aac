/* Domain XML (<domain>): the definition, its top-level elements, parse / validate / format of the whole document. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "conf/domain_device.h"
#include "util/enum.h"
#include "util/uuid.h"

/* Each family header defines its struct; the definition holds pointers. */
typedef struct _MvDomainOs MvDomainOs;                 /* domain_os.h */
typedef struct _MvDomainCpu MvDomainCpu;               /* domain_cpu.h */
typedef struct _MvDomainFeatures MvDomainFeatures;     /* domain_features.h */
typedef struct _MvDomainClock MvDomainClock;           /* domain_clock.h */

typedef struct _MvDomainMemory MvDomainMemory;         /* domain_memory.h */
typedef struct _MvDomainVcpus MvDomainVcpus;           /* domain_vcpu.h */
typedef struct _MvDomainTune MvDomainTune;             /* domain_tune.h */
typedef struct _MvDomainResource MvDomainResource;     /* domain_resource.h */
typedef struct _MvDomainSeclabel MvDomainSeclabel;     /* domain_seclabel.h */
typedef struct _MvDomainKeywrap MvDomainKeywrap;       /* domain_seclabel.h */
typedef struct _MvDomainLaunchSecurity MvDomainLaunchSecurity; /* domain_seclabel.h */
typedef struct _MvDomainQemuNs MvDomainQemuNs;         /* domain_qemu_ns.h */

typedef struct _MvDomainDisk MvDomainDisk;
typedef struct _MvDomainController MvDomainController;
typedef struct _MvDomainLease MvDomainLease;
typedef struct _MvDomainFilesystem MvDomainFilesystem;
typedef struct _MvDomainNet MvDomainNet;
typedef struct _MvDomainSmartcard MvDomainSmartcard;
typedef struct _MvDomainChr MvDomainChr;               /* serial, parallel, console, channel */
typedef struct _MvDomainInput MvDomainInput;
typedef struct _MvDomainTpm MvDomainTpm;
typedef struct _MvDomainGraphics MvDomainGraphics;
typedef struct _MvDomainSound MvDomainSound;
typedef struct _MvDomainAudio MvDomainAudio;
typedef struct _MvDomainVideo MvDomainVideo;
typedef struct _MvDomainHostdev MvDomainHostdev;
typedef struct _MvDomainRedirdev MvDomainRedirdev;
typedef struct _MvDomainRedirFilter MvDomainRedirFilter;
typedef struct _MvDomainHub MvDomainHub;
typedef struct _MvDomainWatchdog MvDomainWatchdog;
typedef struct _MvDomainMemballoon MvDomainMemballoon;
typedef struct _MvDomainRng MvDomainRng;
typedef struct _MvDomainNvram MvDomainNvram;
typedef struct _MvDomainPanic MvDomainPanic;
typedef struct _MvDomainShmem MvDomainShmem;
typedef struct _MvDomainMemoryDevice MvDomainMemoryDevice; /* <memory> under <devices> */
typedef struct _MvDomainIommu MvDomainIommu;
typedef struct _MvDomainVsock MvDomainVsock;

typedef enum {
    MV_DOMAIN_VIRT_NONE = 0,
    MV_DOMAIN_VIRT_QEMU,
    MV_DOMAIN_VIRT_KQEMU,
    MV_DOMAIN_VIRT_KVM,
    MV_DOMAIN_VIRT_XEN,
    MV_DOMAIN_VIRT_LXC,
    MV_DOMAIN_VIRT_UML,
    MV_DOMAIN_VIRT_OPENVZ,
    MV_DOMAIN_VIRT_TEST,
    MV_DOMAIN_VIRT_VMWARE,
    MV_DOMAIN_VIRT_HYPERV,
    MV_DOMAIN_VIRT_VBOX,
    MV_DOMAIN_VIRT_PHYP,
    MV_DOMAIN_VIRT_PARALLELS,
    MV_DOMAIN_VIRT_BHYVE,
    MV_DOMAIN_VIRT_VZ,
    MV_DOMAIN_VIRT_HVF,
    MV_DOMAIN_VIRT_LAST,
} MvDomainVirtType;
MV_ENUM_DECL(mv_domain_virt_type);

/* on_poweroff, on_reboot, on_crash. */
typedef enum {
    MV_DOMAIN_LIFECYCLE_DESTROY = 0,
    MV_DOMAIN_LIFECYCLE_RESTART,
    MV_DOMAIN_LIFECYCLE_RESTART_RENAME,
    MV_DOMAIN_LIFECYCLE_PRESERVE,
    MV_DOMAIN_LIFECYCLE_COREDUMP_DESTROY,
    MV_DOMAIN_LIFECYCLE_COREDUMP_RESTART,
    MV_DOMAIN_LIFECYCLE_LAST,
} MvDomainLifecycleAction;
MV_ENUM_DECL(mv_domain_lifecycle_action);

typedef enum {
    MV_DOMAIN_LOCK_FAILURE_DEFAULT = 0,
    MV_DOMAIN_LOCK_FAILURE_POWEROFF,
    MV_DOMAIN_LOCK_FAILURE_RESTART,
    MV_DOMAIN_LOCK_FAILURE_PAUSE,
    MV_DOMAIN_LOCK_FAILURE_IGNORE,
    MV_DOMAIN_LOCK_FAILURE_LAST,
} MvDomainLockFailureAction;
MV_ENUM_DECL(mv_domain_lock_failure_action);

typedef struct {
    MvDomainVirtType virt_type;
    int id;                          /* -1 when not running */
    char *name;
    unsigned char uuid[MV_UUID_BUFLEN];
    bool has_genid;                  /* <genid> given, with or without a value */
    unsigned char genid[MV_UUID_BUFLEN];
    char *title;
    char *description;
    xmlDoc *metadata;                /* kept verbatim, or NULL */

    MvDomainMemory *memory;          /* maxMemory, memory, currentMemory, memtune, memoryBacking */
    MvDomainTune *tune;              /* blkiotune, cputune, numatune */
    MvDomainVcpus *vcpus;            /* vcpu, vcpus, iothreads, iothreadids */
    MvDomainResource *resource;      /* resource, idmap, pm, perf */
    GPtrArray *sysinfos;             /* MvDomainSysinfo */

    MvDomainOs *os;
    MvDomainFeatures *features;
    MvDomainCpu *cpu;
    MvDomainClock *clock;

    MvDomainLifecycleAction on_poweroff;
    MvDomainLifecycleAction on_reboot;
    MvDomainLifecycleAction on_crash;
    MvDomainLockFailureAction on_lockfailure;

    /* <devices>: one array per family, in libvirt's format order (see
     * domain_devices.c), holding the family's struct pointers. */
    char *emulator;
    GPtrArray *disks;
    GPtrArray *controllers;
    GPtrArray *leases;
    GPtrArray *filesystems;
    GPtrArray *nets;
    GPtrArray *smartcards;
    GPtrArray *serials;
    GPtrArray *parallels;
    GPtrArray *consoles;
    GPtrArray *channels;
    GPtrArray *inputs;
    GPtrArray *tpms;
    GPtrArray *graphics;
    GPtrArray *sounds;
    GPtrArray *audios;
    GPtrArray *videos;
    GPtrArray *hostdevs;
    GPtrArray *redirdevs;
    MvDomainRedirFilter *redirfilter;
    GPtrArray *hubs;
    MvDomainWatchdog *watchdog;      /* libvirt 9.0 takes one */
    MvDomainMemballoon *memballoon;
    GPtrArray *rngs;
    MvDomainNvram *nvram;
    GPtrArray *panics;
    GPtrArray *shmems;
    GPtrArray *memories;             /* MvDomainMemoryDevice */
    MvDomainIommu *iommu;
    MvDomainVsock *vsock;

    GPtrArray *seclabels;            /* MvDomainSeclabel */
    MvDomainKeywrap *keywrap;
    MvDomainLaunchSecurity *launch_security;
    MvDomainQemuNs *qemu_ns;         /* <qemu:...> elements, or NULL */
} MvDomainDef;

MvDomainDef *mv_domain_def_new(void);
void mv_domain_def_free(MvDomainDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainDef, mv_domain_def_free)

/* Parses and validates a whole document. flags are MvDomainXmlFlags:
 * with MV_DOMAIN_XML_INACTIVE it reads as libvirt's define does (id and
 * hypervisor-given aliases are dropped). NULL after reporting. */
MvDomainDef *mv_domain_def_parse_string(const char *xml, unsigned int flags);
MvDomainDef *mv_domain_def_parse_node(const xmlNode *root, unsigned int flags);

/* The rules that tie parts of a parsed definition together. */
int mv_domain_def_validate(const MvDomainDef *def);

/* The canonical document; flags are MvDomainXmlFlags. */
char *mv_domain_def_format(const MvDomainDef *def, unsigned int flags);
