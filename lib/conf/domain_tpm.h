/* Domain <tpm> device: TPM model and its backend (host passthrough, swtpm emulator or an external socket). */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "conf/domain.h"
#include "conf/domain_chr_source.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"
#include "util/uuid.h"

typedef enum {
    MV_TPM_MODEL_DEFAULT = 0,       /* not written; refused when spelled out */
    MV_TPM_MODEL_TIS,
    MV_TPM_MODEL_CRB,
    MV_TPM_MODEL_SPAPR,
    MV_TPM_MODEL_SPAPR_PROXY,
    MV_TPM_MODEL_LAST,
} MvTpmModel;
MV_ENUM_DECL(mv_tpm_model);

typedef enum {
    MV_TPM_TYPE_PASSTHROUGH = 0,
    MV_TPM_TYPE_EMULATOR,
    MV_TPM_TYPE_EXTERNAL,
    MV_TPM_TYPE_LAST,
} MvTpmType;
MV_ENUM_DECL(mv_tpm_type);

typedef enum {
    MV_TPM_VERSION_DEFAULT = 0,     /* not written; refused when spelled out */
    MV_TPM_VERSION_1_2,
    MV_TPM_VERSION_2_0,
    MV_TPM_VERSION_LAST,
} MvTpmVersion;
MV_ENUM_DECL(mv_tpm_version);

/* The children of <active_pcr_banks>, in the order they are written. */
typedef enum {
    MV_TPM_PCR_BANK_SHA1 = 0,
    MV_TPM_PCR_BANK_SHA256,
    MV_TPM_PCR_BANK_SHA384,
    MV_TPM_PCR_BANK_SHA512,
    MV_TPM_PCR_BANK_LAST,
} MvTpmPcrBank;
MV_ENUM_DECL(mv_tpm_pcr_bank);

struct _MvDomainTpm {
    MvTpmModel model;
    MvTpmType type;
    char *device_path;              /* passthrough: <device path=>, /dev/tpm0 by default */
    MvTpmVersion version;           /* emulator */
    bool persistent_state;          /* emulator */
    bool has_secret;                /* emulator: <encryption secret=> */
    unsigned char secret[MV_UUID_BUFLEN];
    bool has_pcr_banks;             /* emulator: <active_pcr_banks> with children */
    unsigned int pcr_banks;         /* bit per MvTpmPcrBank */
    MvDomainChrSource source;       /* external: <source type=...> */
    MvDomainDeviceInfo info;
};

void mv_domain_tpm_free(MvDomainTpm *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainTpm, mv_domain_tpm_free)

/* The generic signatures of the domain device table. */
void *mv_domain_tpm_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_tpm_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_tpm_free_node(void *dev);
int mv_domain_tpm_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_tpm_info_node(const void *dev);
