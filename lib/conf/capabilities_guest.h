/* Guest capabilities (<guest>): OS type, architecture, emulators, machine types, domain types and guest features. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "capabilities_host.h"
#include "xml.h"
#include "util/enum.h"

typedef enum {
    MV_CAPS_OS_HVM = 0,
    MV_CAPS_OS_XEN,
    MV_CAPS_OS_LINUX,
    MV_CAPS_OS_EXE,
    MV_CAPS_OS_UML,
    MV_CAPS_OS_XENPVH,
    MV_CAPS_OS_LAST
} MvCapsOsType;
MV_ENUM_DECL(mv_caps_os_type);

/* libvirt's domain (virtualization) types; "none" is never written. */
typedef enum {
    MV_CAPS_VIRT_NONE = 0,
    MV_CAPS_VIRT_QEMU,
    MV_CAPS_VIRT_KQEMU,
    MV_CAPS_VIRT_KVM,
    MV_CAPS_VIRT_XEN,
    MV_CAPS_VIRT_LXC,
    MV_CAPS_VIRT_UML,
    MV_CAPS_VIRT_OPENVZ,
    MV_CAPS_VIRT_TEST,
    MV_CAPS_VIRT_VMWARE,
    MV_CAPS_VIRT_HYPERV,
    MV_CAPS_VIRT_VBOX,
    MV_CAPS_VIRT_PHYP,
    MV_CAPS_VIRT_PARALLELS,
    MV_CAPS_VIRT_BHYVE,
    MV_CAPS_VIRT_VZ,
    MV_CAPS_VIRT_HVF,
    MV_CAPS_VIRT_LAST
} MvCapsVirtType;
MV_ENUM_DECL(mv_caps_virt_type);

/* In the order libvirt writes them. */
typedef enum {
    MV_CAPS_FEATURE_PAE = 0,
    MV_CAPS_FEATURE_NONPAE,
    MV_CAPS_FEATURE_IA64_BE,
    MV_CAPS_FEATURE_ACPI,
    MV_CAPS_FEATURE_APIC,
    MV_CAPS_FEATURE_CPUSELECTION,
    MV_CAPS_FEATURE_DEVICEBOOT,
    MV_CAPS_FEATURE_DISKSNAPSHOT,
    MV_CAPS_FEATURE_HAP,
    MV_CAPS_FEATURE_LAST
} MvCapsGuestFeatureType;
MV_ENUM_DECL(mv_caps_guest_feature);

typedef struct {
    char *name;
    char *canonical;
    unsigned int max_cpus;      /* 0: not written */
    bool deprecated;            /* written for the arch's machines only */
} MvCapsMachine;

/* What a guest arch or one of its domain types runs with. */
typedef struct {
    char *emulator;
    char *loader;
    GPtrArray *machines;        /* MvCapsMachine */
} MvCapsGuestInfo;

typedef struct {
    MvCapsVirtType type;
    MvCapsGuestInfo info;
} MvCapsGuestDomain;

typedef struct {
    bool present;
    MvTristate default_on;      /* default='on|off' */
    MvTristate toggle;          /* toggle='yes|no' */
} MvCapsGuestFeature;

typedef struct {
    MvCapsOsType os_type;
    MvArch arch;
    unsigned int wordsize;
    MvCapsGuestInfo info;
    GPtrArray *domains;         /* MvCapsGuestDomain */
    MvCapsGuestFeature features[MV_CAPS_FEATURE_LAST];
} MvCapsGuest;

void mv_caps_guest_free(MvCapsGuest *guest);

/* Building --------------------------------------------------------------- */
MvCapsGuest *mv_caps_guest_new(MvCapsOsType os_type, MvArch arch, unsigned int wordsize,
                               const char *emulator, const char *loader);
MvCapsMachine *mv_caps_guest_info_add_machine(MvCapsGuestInfo *info, const char *name,
                                              const char *canonical, unsigned int max_cpus);
MvCapsGuestDomain *mv_caps_guest_add_domain(MvCapsGuest *guest, MvCapsVirtType type,
                                            const char *emulator, const char *loader);
/* The features libvirt lets a guest toggle (acpi, apic, disksnapshot, hap)
 * take default and toggle; the others are written bare. */
void mv_caps_guest_set_feature(MvCapsGuest *guest, MvCapsGuestFeatureType feature,
                               MvTristate default_on, MvTristate toggle);

/* node is <guest>. NULL after reporting. */
MvCapsGuest *mv_caps_guest_parse(const xmlNode *node);
void mv_caps_guest_format(MvXmlBuf *buf, const MvCapsGuest *guest);
