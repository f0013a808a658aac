/* Domain capabilities XML (<domainCapabilities>): what one emulator can run for one arch, machine and virt type; built by a driver, formatted in libvirt's order. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "xml.h"

/* <enum name='bus'><value>ide</value>...</enum>; no values: <enum name='bus'/>. */
typedef struct {
    char *name;
    GPtrArray *values;          /* char * */
} MvDomainCapsEnum;

/* An element with supported='yes|no' and, when supported, its enums:
 * a device (<disk>), a feature (<genid>), <memoryBacking>. */
typedef struct {
    char *name;
    bool supported;
    GPtrArray *enums;           /* MvDomainCapsEnum * */
} MvDomainCapsElement;

typedef struct {
    char *name;
    bool usable;
    bool deprecated;
    char *vendor;               /* NULL: vendor='unknown' */
} MvDomainCapsCpuModel;

/* A CPU mode of <cpu>: host-passthrough, maximum, host-model, custom. */
typedef struct {
    bool supported;
    MvDomainCapsEnum *migratable;   /* host-passthrough, maximum: hostPassthroughMigratable ... */
    GPtrArray *models;              /* custom: MvDomainCapsCpuModel * */
} MvDomainCapsCpuMode;

typedef struct {
    char *path;                 /* the emulator */
    char *domain;               /* virt type: "kvm", "qemu" */
    char *machine;              /* canonical name; NULL for arches without machines */
    char *arch;
    unsigned int vcpu_max;      /* 0: no <vcpu> */

    MvDomainCapsElement *os;            /* enums: firmware */
    MvDomainCapsElement *loader;        /* enums: type, readonly, secure */
    GPtrArray *loader_values;           /* firmware image paths */

    MvDomainCapsCpuMode host_passthrough;
    MvDomainCapsCpuMode maximum;
    MvDomainCapsCpuMode host_model;
    MvDomainCapsCpuMode custom;

    MvDomainCapsElement *memory_backing;
    /* Written in libvirt's order whatever the order they were added in;
     * iothreads goes on top, the others into <devices> and <features>. */
    GPtrArray *devices;         /* MvDomainCapsElement * */
    GPtrArray *features;        /* MvDomainCapsElement * */
} MvDomainCaps;

MvDomainCaps *mv_domain_caps_new(const char *path, const char *domain, const char *machine,
                                 const char *arch);
void mv_domain_caps_free(MvDomainCaps *caps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainCaps, mv_domain_caps_free)

/* A new element, owned by caps (os, loader and memoryBacking have their
 * own slots: mv_domain_caps_element_new). */
MvDomainCapsElement *mv_domain_caps_element_new(const char *name, bool supported);
MvDomainCapsElement *mv_domain_caps_add_device(MvDomainCaps *caps, const char *name,
                                               bool supported);
/* A feature: iothreads, vmcoreinfo, genid, backingStoreInput, backup,
 * gic, sev, sgx, hyperv, ... */
MvDomainCapsElement *mv_domain_caps_add_feature(MvDomainCaps *caps, const char *name,
                                                bool supported);

/* An enum of el with the values given (NULL-terminated), in that order;
 * more values go in with mv_domain_caps_enum_add. */
MvDomainCapsEnum *mv_domain_caps_element_add_enum(MvDomainCapsElement *el, const char *name,
                                                  ...) G_GNUC_NULL_TERMINATED;
MvDomainCapsEnum *mv_domain_caps_enum_new(const char *name);
void mv_domain_caps_enum_free(MvDomainCapsEnum *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainCapsEnum, mv_domain_caps_enum_free)
void mv_domain_caps_enum_add(MvDomainCapsEnum *e, const char *value);

void mv_domain_caps_add_cpu_model(MvDomainCaps *caps, const char *name, bool usable,
                                  bool deprecated, const char *vendor);

char *mv_domain_caps_format(const MvDomainCaps *caps);
