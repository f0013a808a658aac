/* Domain <tpm> device: parse, validate and format. */
#define MV_LOG_MODULE "conf.domain_tpm"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_tpm.h"

#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_tpm_model, MV_TPM_MODEL_LAST,
             "default", "tpm-tis", "tpm-crb", "tpm-spapr", "spapr-tpm-proxy")

MV_ENUM_IMPL(mv_tpm_type, MV_TPM_TYPE_LAST, "passthrough", "emulator", "external")

MV_ENUM_IMPL(mv_tpm_version, MV_TPM_VERSION_LAST, "default", "1.2", "2.0")

MV_ENUM_IMPL(mv_tpm_pcr_bank, MV_TPM_PCR_BANK_LAST, "sha1", "sha256", "sha384", "sha512")

#define TPM_DEFAULT_DEVICE "/dev/tpm0"

void
mv_domain_tpm_free(MvDomainTpm *def)
{
    if (!def)
        return;
    g_free(def->device_path);
    mv_domain_chr_source_clear(&def->source);
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

static int
emulator_parse(const xmlNode *backend, MvDomainTpm *def)
{
    g_autofree char *persistent = mv_xml_prop(backend, "persistent_state");
    xmlNode *child;
    int version = MV_TPM_VERSION_DEFAULT;

    if (mv_xml_prop_enum(backend, "version", mv_tpm_version_from_string,
                         MV_XML_PROP_NONZERO, &version) < 0)
        return -1;
    def->version = version;

    if ((child = mv_xml_child(backend, "encryption"))) {
        g_autofree char *secret = mv_xml_prop(child, "secret");

        if (secret) {
            if (mv_uuid_parse(secret, def->secret) < 0) {
                mv_error_reset();
                mv_report_error(VIR_ERR_INTERNAL_ERROR, "Unable to parse secret uuid '%s'", secret);
                return -1;
            }
            def->has_secret = true;
        }
    }

    if (persistent) {
        if (g_str_equal(persistent, "yes")) {
            def->persistent_state = true;
        } else if (!g_str_equal(persistent, "no")) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s",
                            "Invalid persistent_state value, either 'yes' or 'no'");
            return -1;
        }
    }

    if (!(child = mv_xml_child(backend, "active_pcr_banks")))
        return 0;
    for (xmlNode *bank = child->children; bank; bank = bank->next) {
        int value;

        if (bank->type != XML_ELEMENT_NODE)
            continue;
        if ((value = mv_tpm_pcr_bank_from_string((const char *) bank->name)) < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Unsupported PCR banks '%s'",
                            (const char *) bank->name);
            return -1;
        }
        def->has_pcr_banks = true;
        def->pcr_banks |= 1u << value;
    }
    return 0;
}

static int
external_parse(const xmlNode *backend, unsigned int flags, MvDomainTpm *def)
{
    xmlNode *source = mv_xml_child(backend, "source");
    g_autofree char *type = source ? mv_xml_prop(source, "type") : NULL;
    int value;

    if (!type || !*type) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing external TPM backend type");
        return -1;
    }
    if ((value = mv_domain_chr_type_from_string(type)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown backend type '%s' for external TPM",
                        type);
        return -1;
    }
    def->source.type = value;
    return mv_domain_chr_source_parse(backend, false, flags, &def->source);
}

void *
mv_domain_tpm_parse_node(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainTpm) def = g_new0(MvDomainTpm, 1);
    size_t nbackends = mv_xml_child_count(node, "backend");
    xmlNode *backend;
    int value = MV_TPM_MODEL_DEFAULT;

    mv_domain_device_info_init(&def->info);
    if (mv_xml_prop_enum(node, "model", mv_tpm_model_from_string,
                         MV_XML_PROP_NONZERO, &value) < 0)
        return NULL;
    def->model = value;

    if (nbackends > 1) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "only one TPM backend is supported");
        return NULL;
    }
    if (nbackends == 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing TPM device backend");
        return NULL;
    }
    backend = mv_xml_child(node, "backend");
    if (mv_xml_prop_enum(backend, "type", mv_tpm_type_from_string,
                         MV_XML_PROP_REQUIRED, &value) < 0)
        return NULL;
    def->type = value;

    switch (def->type) {
    case MV_TPM_TYPE_PASSTHROUGH: {
        xmlNode *device = mv_xml_child(backend, "device");

        if (device)
            def->device_path = mv_xml_prop(device, "path");
        if (def->device_path && !*def->device_path)
            g_clear_pointer(&def->device_path, g_free);
        if (!def->device_path)
            def->device_path = g_strdup(TPM_DEFAULT_DEVICE);
        break;
    }
    case MV_TPM_TYPE_EMULATOR:
        if (emulator_parse(backend, def) < 0)
            return NULL;
        break;
    case MV_TPM_TYPE_EXTERNAL:
        if (external_parse(backend, flags, def) < 0)
            return NULL;
        break;
    case MV_TPM_TYPE_LAST:
        break;
    }

    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0)
        return NULL;

    return g_steal_pointer(&def);
}

int
mv_domain_tpm_validate_node(const void *dev, const MvDomainDef *dom)
{
    const MvDomainTpm *def = dev;

    switch (def->type) {
    case MV_TPM_TYPE_EMULATOR:
        if (def->has_pcr_banks && def->version != MV_TPM_VERSION_2_0) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "<active_pcr_banks/> requires TPM version '2.0'");
            return -1;
        }
        break;
    case MV_TPM_TYPE_EXTERNAL:
        if (def->source.type != MV_DOMAIN_CHR_TYPE_UNIX) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "only source type 'unix' is supported for external TPM device");
            return -1;
        }
        if (def->source.listen) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "only 'client' mode is supported for external TPM device");
            return -1;
        }
        if (!def->source.path) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "missing socket path for external TPM device");
            return -1;
        }
        break;
    case MV_TPM_TYPE_PASSTHROUGH:
    case MV_TPM_TYPE_LAST:
        break;
    }
    return 0;
}

static void
emulator_format(MvXmlBuf *buf, const MvDomainTpm *def)
{
    if (def->version != MV_TPM_VERSION_DEFAULT)
        mv_xml_buf_attr(buf, "version", mv_tpm_version_to_string(def->version));
    if (def->persistent_state)
        mv_xml_buf_attr(buf, "persistent_state", "yes");
    if (def->has_secret) {
        char uuid[MV_UUID_STRING_BUFLEN];

        mv_xml_buf_start(buf, "encryption");
        mv_xml_buf_attr(buf, "secret", mv_uuid_format(def->secret, uuid));
        mv_xml_buf_end(buf);
    }
    if (def->has_pcr_banks) {
        mv_xml_buf_start(buf, "active_pcr_banks");
        for (int bank = 0; bank < MV_TPM_PCR_BANK_LAST; bank++) {
            if (!(def->pcr_banks & (1u << bank)))
                continue;
            mv_xml_buf_start(buf, mv_tpm_pcr_bank_to_string(bank));
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_end(buf);
    }
}

void
mv_domain_tpm_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    const MvDomainTpm *def = dev;

    mv_xml_buf_start(buf, "tpm");
    if (def->model != MV_TPM_MODEL_DEFAULT)
        mv_xml_buf_attr(buf, "model", mv_tpm_model_to_string(def->model));

    mv_xml_buf_start(buf, "backend");
    mv_xml_buf_attr(buf, "type", mv_tpm_type_to_string(def->type));
    switch (def->type) {
    case MV_TPM_TYPE_PASSTHROUGH:
        mv_xml_buf_start(buf, "device");
        mv_xml_buf_attr(buf, "path", def->device_path);
        mv_xml_buf_end(buf);
        break;
    case MV_TPM_TYPE_EMULATOR:
        emulator_format(buf, def);
        break;
    case MV_TPM_TYPE_EXTERNAL:
        /* Only a unix socket passes validation; libvirt writes it so. */
        if (def->source.type == MV_DOMAIN_CHR_TYPE_UNIX) {
            mv_xml_buf_start(buf, "source");
            mv_xml_buf_attr(buf, "type", "unix");
            mv_xml_buf_attr(buf, "mode", "connect");
            mv_xml_buf_attr(buf, "path", def->source.path);
            mv_xml_buf_end(buf);
        }
        break;
    case MV_TPM_TYPE_LAST:
        break;
    }
    mv_xml_buf_end(buf);

    mv_domain_device_info_format(buf, &def->info, 0, flags);
    mv_xml_buf_end(buf);
}

void
mv_domain_tpm_free_node(void *dev)
{
    mv_domain_tpm_free(dev);
}

const MvDomainDeviceInfo *
mv_domain_tpm_info_node(const void *dev)
{
    const MvDomainTpm *def = dev;

    return &def->info;
}
