/* Domain <sysinfo>: SMBIOS tables (bios, system, baseBoard, chassis, oemStrings) and fw_cfg entries given to the guest. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include <libxml/tree.h>

#include "conf/xml.h"
#include "util/enum.h"
#include "util/uuid.h"

typedef enum {
    MV_SYSINFO_SMBIOS = 0,
    MV_SYSINFO_FWCFG,
    MV_SYSINFO_LAST,
} MvSysinfoType;
MV_ENUM_DECL(mv_sysinfo_type);

/* One SMBIOS table: the values of its named entries, in the order of
 * the table's entry names (see domain_sysinfo.c), NULL when absent. */
#define MV_SYSINFO_BLOCK_MAX 7
typedef struct {
    char *values[MV_SYSINFO_BLOCK_MAX];
} MvSysinfoBlock;

typedef struct {
    char *name;
    char *value;                   /* NULL when file is given or the text is empty */
    char *file;
} MvSysinfoFwCfg;

typedef struct _MvDomainSysinfo MvDomainSysinfo;
struct _MvDomainSysinfo {
    MvSysinfoType type;
    /* smbios; a table without any known entry is dropped, as libvirt does */
    MvSysinfoBlock *bios;
    MvSysinfoBlock *system;
    GPtrArray *base_boards;        /* MvSysinfoBlock */
    MvSysinfoBlock *chassis;
    GPtrArray *oem_strings;        /* char *, NULL when <oemStrings> has no entry */
    /* fwcfg */
    GPtrArray *fw_cfgs;            /* MvSysinfoFwCfg */
};

void mv_domain_sysinfo_free(MvDomainSysinfo *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainSysinfo, mv_domain_sysinfo_free)

/* Reads every <sysinfo> child of <domain> into sysinfos (MvDomainSysinfo,
 * owned by the array's free function). An SMBIOS system uuid must match
 * the domain's uuid, or becomes it when the domain's was generated
 * (uuid_generated). 0 or -1 after reporting. */
int mv_domain_sysinfos_parse(const xmlNode *domain, unsigned char domain_uuid[MV_UUID_BUFLEN],
                             bool uuid_generated, GPtrArray *sysinfos);

/* libvirt writes them after <resource>, before <bootloader> and <os>. */
void mv_domain_sysinfo_format(MvXmlBuf *buf, const MvDomainSysinfo *def);
