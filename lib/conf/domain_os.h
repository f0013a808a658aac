/* Domain <os> (with <bootloader>, <bootloader_args>): boot type, firmware, loader, kernel, init, boot order; parse / validate / format. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include <libxml/tree.h>

#include "conf/domain.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_DOMAIN_OS_HVM = 0,
    MV_DOMAIN_OS_XEN,
    MV_DOMAIN_OS_LINUX,
    MV_DOMAIN_OS_EXE,
    MV_DOMAIN_OS_UML,
    MV_DOMAIN_OS_XENPVH,
    MV_DOMAIN_OS_LAST,
} MvDomainOsType;
MV_ENUM_DECL(mv_domain_os_type);

typedef enum {
    MV_DOMAIN_BOOT_FD = 0,
    MV_DOMAIN_BOOT_CDROM,
    MV_DOMAIN_BOOT_HD,
    MV_DOMAIN_BOOT_NETWORK,
    MV_DOMAIN_BOOT_LAST,
} MvDomainBootDev;
MV_ENUM_DECL(mv_domain_boot_dev);

typedef enum {
    MV_DOMAIN_FIRMWARE_NONE = 0,
    MV_DOMAIN_FIRMWARE_BIOS,
    MV_DOMAIN_FIRMWARE_EFI,
    MV_DOMAIN_FIRMWARE_LAST,
} MvDomainFirmware;
MV_ENUM_DECL(mv_domain_firmware);

typedef enum {
    MV_DOMAIN_FIRMWARE_FEATURE_ENROLLED_KEYS = 0,
    MV_DOMAIN_FIRMWARE_FEATURE_SECURE_BOOT,
    MV_DOMAIN_FIRMWARE_FEATURE_LAST,
} MvDomainFirmwareFeature;
MV_ENUM_DECL(mv_domain_firmware_feature);

typedef enum {
    MV_DOMAIN_LOADER_NONE = 0,
    MV_DOMAIN_LOADER_ROM,
    MV_DOMAIN_LOADER_PFLASH,
    MV_DOMAIN_LOADER_LAST,
} MvDomainLoaderType;
MV_ENUM_DECL(mv_domain_loader_type);

typedef enum {
    MV_DOMAIN_SMBIOS_NONE = 0,
    MV_DOMAIN_SMBIOS_EMULATE,
    MV_DOMAIN_SMBIOS_HOST,
    MV_DOMAIN_SMBIOS_SYSINFO,
    MV_DOMAIN_SMBIOS_LAST,
} MvDomainSmbiosMode;
MV_ENUM_DECL(mv_domain_smbios_mode);

/* The storage types a new-style <nvram type=> names (libvirt's list). */
typedef enum {
    MV_DOMAIN_NVRAM_SOURCE_NONE = 0,
    MV_DOMAIN_NVRAM_SOURCE_FILE,
    MV_DOMAIN_NVRAM_SOURCE_BLOCK,
    MV_DOMAIN_NVRAM_SOURCE_DIR,
    MV_DOMAIN_NVRAM_SOURCE_NETWORK,
    MV_DOMAIN_NVRAM_SOURCE_VOLUME,
    MV_DOMAIN_NVRAM_SOURCE_NVME,
    MV_DOMAIN_NVRAM_SOURCE_VHOSTUSER,
    MV_DOMAIN_NVRAM_SOURCE_VDPA,
    MV_DOMAIN_NVRAM_SOURCE_LAST,
} MvDomainNvramSourceType;
MV_ENUM_DECL(mv_domain_nvram_source_type);

typedef struct {
    char *path;                    /* text of <loader>, NULL when empty */
    MvTristate readonly;
    MvTristate secure;
    MvTristate stateless;
    MvDomainLoaderType type;
    char *nvram_template;          /* <nvram template=> */
    bool has_nvram;                /* an nvram path or source was given */
    char *nvram_path;              /* old style: <nvram>PATH</nvram> */
    MvDomainNvramSourceType nvram_type; /* new style: <nvram type=><source .../></nvram> */
    char *nvram_source;            /* file= (file), dev= (block) */
} MvDomainLoader;

typedef struct {
    char *name;
    char *value;
} MvDomainOsEnv;

struct _MvDomainOs {
    MvDomainVirtType virt_type;    /* kept for the Xen 'linux' spelling */
    char *bootloader;              /* domain-level <bootloader>, <bootloader_args> */
    char *bootloader_args;
    MvDomainOsType type;
    char *arch;                    /* always set after parse (host arch by default) */
    char *machine;
    MvDomainFirmware firmware;
    bool has_firmware_features;    /* <firmware><feature .../></firmware> given */
    MvTristate firmware_features[MV_DOMAIN_FIRMWARE_FEATURE_LAST];

    char *init;                    /* containers (type 'exe') */
    GPtrArray *initargs;           /* char * */
    GPtrArray *initenvs;           /* MvDomainOsEnv * */
    char *initdir;
    char *inituser;
    char *initgroup;

    MvDomainLoader *loader;
    char *kernel;
    char *initrd;
    char *cmdline;
    char *dtb;
    char *root;
    char *slic_table;              /* <acpi><table type='slic'> */

    MvDomainBootDev boot_devs[MV_DOMAIN_BOOT_LAST];
    size_t n_boot_devs;
    MvTristate bootmenu;
    bool bootmenu_timeout_set;
    unsigned int bootmenu_timeout;
    MvTristate bios_useserial;
    bool bios_reboot_timeout_set;
    int bios_reboot_timeout;
    MvDomainSmbiosMode smbios_mode;
};

/* What parsing <os> needs to know about the rest of the domain.
 * NOTE for domain core: pass the <domain> root element; <bootloader> and
 * <bootloader_args> are read from it (and written back by
 * mv_domain_os_format just before <os>, libvirt's place for them, i.e.
 * right after <sysinfo>). os may be NULL (no <os>): that is accepted only
 * with a <bootloader> (the domain is then Xen PV). */
typedef struct {
    MvDomainVirtType virt_type;    /* <domain type=> */
    const xmlNode *domain;         /* the <domain> element */
} MvDomainOsContext;

MvDomainOs *mv_domain_os_parse(const xmlNode *os, const MvDomainOsContext *ctx,
                               unsigned int flags);

/* libvirt's post-parse rules for <os>, to run after the devices are parsed:
 * a container needs <init>; enrolled-keys implies secure-boot; a loader
 * with a path is a 'rom' by default; and for 'hvm', os/boot and per-device
 * <boot order=> exclude each other, and with neither a boot from 'hd' is
 * added. n_device_boot: how many devices carry <boot order=>. */
int mv_domain_os_post_parse(MvDomainOs *os, size_t n_device_boot);

/* Range checks of boot menu / BIOS and the firmware autoselection rules. */
int mv_domain_os_validate(const MvDomainOs *os);

/* Writes <bootloader>, <bootloader_args> and <os>. */
void mv_domain_os_format(MvXmlBuf *buf, const MvDomainOs *os, unsigned int flags);

void mv_domain_os_free(MvDomainOs *os);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainOs, mv_domain_os_free)

/* A signed int attribute read as libvirt's XML layer reads one (shared by
 * the domain families): 1 present, 0 absent, -1 after reporting
 * "Invalid value for attribute 'A' in element 'E': 'V'. Expected integer
 * value" (or "... Expected non-negative value" with nonnegative). */
int mv_domain_prop_int(const xmlNode *node, const char *name, bool required,
                       bool nonnegative, int *ret_value);
