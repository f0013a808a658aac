/* Domain <features>: hypervisor features (acpi, apic, hyperv, kvm, xen, smm, gic, ...); parse / format. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "conf/domain.h"
#include "conf/xml.h"
#include "util/enum.h"

/* In libvirt's format order. */
typedef enum {
    MV_DOMAIN_FEATURE_ACPI = 0,
    MV_DOMAIN_FEATURE_APIC,
    MV_DOMAIN_FEATURE_PAE,
    MV_DOMAIN_FEATURE_HAP,
    MV_DOMAIN_FEATURE_VIRIDIAN,
    MV_DOMAIN_FEATURE_PRIVNET,
    MV_DOMAIN_FEATURE_HYPERV,
    MV_DOMAIN_FEATURE_KVM,
    MV_DOMAIN_FEATURE_PVSPINLOCK,
    MV_DOMAIN_FEATURE_CAPABILITIES,
    MV_DOMAIN_FEATURE_PMU,
    MV_DOMAIN_FEATURE_VMPORT,
    MV_DOMAIN_FEATURE_GIC,
    MV_DOMAIN_FEATURE_SMM,
    MV_DOMAIN_FEATURE_IOAPIC,
    MV_DOMAIN_FEATURE_HPT,
    MV_DOMAIN_FEATURE_VMCOREINFO,
    MV_DOMAIN_FEATURE_HTM,
    MV_DOMAIN_FEATURE_NESTED_HV,
    MV_DOMAIN_FEATURE_MSRS,
    MV_DOMAIN_FEATURE_CCF_ASSIST,
    MV_DOMAIN_FEATURE_XEN,
    MV_DOMAIN_FEATURE_CFPC,
    MV_DOMAIN_FEATURE_SBBC,
    MV_DOMAIN_FEATURE_IBS,
    MV_DOMAIN_FEATURE_TCG,
    MV_DOMAIN_FEATURE_LAST,
} MvDomainFeature;
MV_ENUM_DECL(mv_domain_feature);

typedef enum {
    MV_DOMAIN_HYPERV_MODE_NONE = 0,
    MV_DOMAIN_HYPERV_MODE_CUSTOM,
    MV_DOMAIN_HYPERV_MODE_PASSTHROUGH,
    MV_DOMAIN_HYPERV_MODE_LAST,
} MvDomainHypervMode;
MV_ENUM_DECL(mv_domain_hyperv_mode);

typedef enum {
    MV_DOMAIN_HYPERV_RELAXED = 0,
    MV_DOMAIN_HYPERV_VAPIC,
    MV_DOMAIN_HYPERV_SPINLOCKS,
    MV_DOMAIN_HYPERV_VPINDEX,
    MV_DOMAIN_HYPERV_RUNTIME,
    MV_DOMAIN_HYPERV_SYNIC,
    MV_DOMAIN_HYPERV_STIMER,
    MV_DOMAIN_HYPERV_RESET,
    MV_DOMAIN_HYPERV_VENDOR_ID,
    MV_DOMAIN_HYPERV_FREQUENCIES,
    MV_DOMAIN_HYPERV_REENLIGHTENMENT,
    MV_DOMAIN_HYPERV_TLBFLUSH,
    MV_DOMAIN_HYPERV_IPI,
    MV_DOMAIN_HYPERV_EVMCS,
    MV_DOMAIN_HYPERV_AVIC,
    MV_DOMAIN_HYPERV_LAST,
} MvDomainHyperv;
MV_ENUM_DECL(mv_domain_hyperv);

typedef enum {
    MV_DOMAIN_KVM_HIDDEN = 0,
    MV_DOMAIN_KVM_HINT_DEDICATED,
    MV_DOMAIN_KVM_POLL_CONTROL,
    MV_DOMAIN_KVM_PV_IPI,
    MV_DOMAIN_KVM_DIRTY_RING,
    MV_DOMAIN_KVM_LAST,
} MvDomainKvm;
MV_ENUM_DECL(mv_domain_kvm);

typedef enum {
    MV_DOMAIN_XEN_E820_HOST = 0,
    MV_DOMAIN_XEN_PASSTHROUGH,
    MV_DOMAIN_XEN_LAST,
} MvDomainXen;
MV_ENUM_DECL(mv_domain_xen);

typedef enum {
    MV_DOMAIN_XEN_PASSTHROUGH_DEFAULT = 0,
    MV_DOMAIN_XEN_PASSTHROUGH_SYNC_PT,
    MV_DOMAIN_XEN_PASSTHROUGH_SHARE_PT,
    MV_DOMAIN_XEN_PASSTHROUGH_LAST,
} MvDomainXenPassthroughMode;
MV_ENUM_DECL(mv_domain_xen_passthrough_mode);

typedef enum {
    MV_DOMAIN_CAPS_POLICY_DEFAULT = 0,
    MV_DOMAIN_CAPS_POLICY_ALLOW,
    MV_DOMAIN_CAPS_POLICY_DENY,
    MV_DOMAIN_CAPS_POLICY_LAST,
} MvDomainCapsPolicy;
MV_ENUM_DECL(mv_domain_caps_policy);

/* Process capabilities of a container (<capabilities>, LXC). */
typedef enum {
    MV_DOMAIN_CAPS_AUDIT_CONTROL = 0,
    MV_DOMAIN_CAPS_AUDIT_WRITE,
    MV_DOMAIN_CAPS_BLOCK_SUSPEND,
    MV_DOMAIN_CAPS_CHOWN,
    MV_DOMAIN_CAPS_DAC_OVERRIDE,
    MV_DOMAIN_CAPS_DAC_READ_SEARCH,
    MV_DOMAIN_CAPS_FOWNER,
    MV_DOMAIN_CAPS_FSETID,
    MV_DOMAIN_CAPS_IPC_LOCK,
    MV_DOMAIN_CAPS_IPC_OWNER,
    MV_DOMAIN_CAPS_KILL,
    MV_DOMAIN_CAPS_LEASE,
    MV_DOMAIN_CAPS_LINUX_IMMUTABLE,
    MV_DOMAIN_CAPS_MAC_ADMIN,
    MV_DOMAIN_CAPS_MAC_OVERRIDE,
    MV_DOMAIN_CAPS_MKNOD,
    MV_DOMAIN_CAPS_NET_ADMIN,
    MV_DOMAIN_CAPS_NET_BIND_SERVICE,
    MV_DOMAIN_CAPS_NET_BROADCAST,
    MV_DOMAIN_CAPS_NET_RAW,
    MV_DOMAIN_CAPS_SETGID,
    MV_DOMAIN_CAPS_SETFCAP,
    MV_DOMAIN_CAPS_SETPCAP,
    MV_DOMAIN_CAPS_SETUID,
    MV_DOMAIN_CAPS_SYS_ADMIN,
    MV_DOMAIN_CAPS_SYS_BOOT,
    MV_DOMAIN_CAPS_SYS_CHROOT,
    MV_DOMAIN_CAPS_SYS_MODULE,
    MV_DOMAIN_CAPS_SYS_NICE,
    MV_DOMAIN_CAPS_SYS_PACCT,
    MV_DOMAIN_CAPS_SYS_PTRACE,
    MV_DOMAIN_CAPS_SYS_RAWIO,
    MV_DOMAIN_CAPS_SYS_RESOURCE,
    MV_DOMAIN_CAPS_SYS_TIME,
    MV_DOMAIN_CAPS_SYS_TTY_CONFIG,
    MV_DOMAIN_CAPS_SYSLOG,
    MV_DOMAIN_CAPS_WAKE_ALARM,
    MV_DOMAIN_CAPS_LAST,
} MvDomainCapsFeature;
MV_ENUM_DECL(mv_domain_caps_feature);

typedef enum {
    MV_DOMAIN_GIC_NONE = 0,
    MV_DOMAIN_GIC_HOST,
    MV_DOMAIN_GIC_2,
    MV_DOMAIN_GIC_3,
    MV_DOMAIN_GIC_LAST,
} MvDomainGicVersion;
MV_ENUM_DECL(mv_domain_gic_version);

typedef enum {
    MV_DOMAIN_IOAPIC_NONE = 0,
    MV_DOMAIN_IOAPIC_QEMU,
    MV_DOMAIN_IOAPIC_KVM,
    MV_DOMAIN_IOAPIC_LAST,
} MvDomainIoapic;
MV_ENUM_DECL(mv_domain_ioapic);

typedef enum {
    MV_DOMAIN_HPT_RESIZING_NONE = 0,
    MV_DOMAIN_HPT_RESIZING_ENABLED,
    MV_DOMAIN_HPT_RESIZING_DISABLED,
    MV_DOMAIN_HPT_RESIZING_REQUIRED,
    MV_DOMAIN_HPT_RESIZING_LAST,
} MvDomainHptResizing;
MV_ENUM_DECL(mv_domain_hpt_resizing);

typedef enum {
    MV_DOMAIN_MSRS_IGNORE = 0,
    MV_DOMAIN_MSRS_FAULT,
    MV_DOMAIN_MSRS_LAST,
} MvDomainMsrsUnknown;
MV_ENUM_DECL(mv_domain_msrs_unknown);

/* cfpc and sbbc share their values; ibs has its own. */
typedef enum {
    MV_DOMAIN_SPECTRE_NONE = 0,
    MV_DOMAIN_SPECTRE_BROKEN,
    MV_DOMAIN_SPECTRE_WORKAROUND,
    MV_DOMAIN_SPECTRE_FIXED,
    MV_DOMAIN_SPECTRE_LAST,
} MvDomainSpectreFix;
MV_ENUM_DECL(mv_domain_spectre_fix);

typedef enum {
    MV_DOMAIN_IBS_NONE = 0,
    MV_DOMAIN_IBS_BROKEN,
    MV_DOMAIN_IBS_WORKAROUND,
    MV_DOMAIN_IBS_FIXED_IBS,
    MV_DOMAIN_IBS_FIXED_CCD,
    MV_DOMAIN_IBS_FIXED_NA,
    MV_DOMAIN_IBS_LAST,
} MvDomainIbs;
MV_ENUM_DECL(mv_domain_ibs);

struct _MvDomainFeatures {
    /* Per feature: an MvTristate (on = YES, off = NO) for the on/off ones;
     * for hyperv the MvDomainHypervMode, for capabilities the
     * MvDomainCapsPolicy, for ioapic the MvDomainIoapic, for cfpc/sbbc the
     * MvDomainSpectreFix, for ibs the MvDomainIbs. 0 means absent. */
    int state[MV_DOMAIN_FEATURE_LAST];

    MvTristate apic_eoi;

    MvTristate hyperv[MV_DOMAIN_HYPERV_LAST];
    unsigned int hyperv_spinlocks;
    MvTristate hyperv_stimer_direct;
    char *hyperv_vendor_id;

    MvTristate kvm[MV_DOMAIN_KVM_LAST];
    unsigned int kvm_dirty_ring_size;

    MvTristate xen[MV_DOMAIN_XEN_LAST];
    MvDomainXenPassthroughMode xen_passthrough_mode;

    MvTristate caps[MV_DOMAIN_CAPS_LAST];

    MvDomainGicVersion gic_version;
    bool tseg_specified;
    uint64_t tseg_bytes;
    MvDomainHptResizing hpt_resizing;
    uint64_t hpt_maxpagesize_kib;
    MvDomainMsrsUnknown msrs_unknown;
    uint64_t tcg_tb_cache_kib;
};

/* An absent <features> is an all-zero MvDomainFeatures (or NULL). */
MvDomainFeatures *mv_domain_features_parse(const xmlNode *features, unsigned int flags);

/* Writes nothing when no feature is set (features may be NULL). */
void mv_domain_features_format(MvXmlBuf *buf, const MvDomainFeatures *features,
                               unsigned int flags);

void mv_domain_features_free(MvDomainFeatures *features);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainFeatures, mv_domain_features_free)
