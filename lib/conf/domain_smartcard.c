/* Domain <smartcard> devices: parse, validate, format and their CCID addresses and controllers. */
#define MV_LOG_MODULE "conf.domain_smartcard"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_smartcard.h"

#include "conf/domain_controller.h"
#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_smartcard_mode, MV_SMARTCARD_MODE_LAST, "host", "host-certificates", "passthrough")

void
mv_domain_smartcard_free(MvDomainSmartcard *def)
{
    if (!def)
        return;
    for (size_t i = 0; i < MV_SMARTCARD_CERTIFICATES; i++)
        g_free(def->certificates[i]);
    g_free(def->database);
    mv_domain_chr_source_clear(&def->passthrough);
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

static int
certificates_parse(const xmlNode *node, MvDomainSmartcard *def)
{
    xmlNode *database;
    size_t i = 0;

    if (mv_xml_child_count(node, "certificate") != MV_SMARTCARD_CERTIFICATES) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "host-certificates mode needs exactly three certificates");
        return -1;
    }
    for (xmlNode *cert = mv_xml_child(node, "certificate"); cert; cert = mv_xml_next(cert)) {
        char *text = mv_xml_content(cert);

        def->certificates[i++] = text ? text : g_strdup("");
    }

    if (!(database = mv_xml_child(node, "database")))
        return 0;
    def->database = mv_xml_content(database);
    if (!def->database || def->database[0] != '/') {
        mv_report_error(VIR_ERR_XML_ERROR, "expecting absolute path: %s",
                        def->database ? def->database : "");
        return -1;
    }
    return 0;
}

static int
passthrough_parse(const xmlNode *node, unsigned int flags, MvDomainSmartcard *def)
{
    g_autofree char *type = mv_xml_prop(node, "type");
    int value;

    if (!type) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "passthrough mode requires a character device type attribute");
        return -1;
    }
    if ((value = mv_domain_chr_type_from_string(type)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "unknown type presented to host for character device: %s", type);
        return -1;
    }
    def->passthrough.type = value;
    if (mv_domain_chr_source_parse(node, false, flags, &def->passthrough) < 0)
        return -1;
    if (def->passthrough.type == MV_DOMAIN_CHR_TYPE_SPICEVMC)
        def->passthrough.spicevmc = MV_DOMAIN_CHR_SPICEVMC_SMARTCARD;
    return 0;
}

void *
mv_domain_smartcard_parse_node(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainSmartcard) def = g_new0(MvDomainSmartcard, 1);
    int mode = 0;

    mv_domain_device_info_init(&def->info);
    if (mv_xml_prop_enum(node, "mode", mv_smartcard_mode_from_string, MV_XML_PROP_REQUIRED, &mode) < 0)
        return NULL;
    def->mode = mode;
    if (def->mode == MV_SMARTCARD_MODE_HOST_CERTIFICATES && certificates_parse(node, def) < 0)
        return NULL;
    if (def->mode == MV_SMARTCARD_MODE_PASSTHROUGH && passthrough_parse(node, flags, def) < 0)
        return NULL;
    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0)
        return NULL;
    return g_steal_pointer(&def);
}

int
mv_domain_smartcard_validate_node(const void *dev, const MvDomainDef *dom)
{
    const MvDomainSmartcard *def = dev;

    if (def->info.address.type != MV_DOMAIN_ADDRESS_NONE &&
        def->info.address.type != MV_DOMAIN_ADDRESS_CCID) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "Controllers must use the 'ccid' address type");
        return -1;
    }
    if (def->mode == MV_SMARTCARD_MODE_PASSTHROUGH)
        return mv_domain_chr_source_validate(&def->passthrough, false);
    return 0;
}

void
mv_domain_smartcards_assign_ccid(MvDomainDef *def)
{
    for (guint i = 0; i < def->smartcards->len; i++) {
        MvDomainSmartcard *card = g_ptr_array_index(def->smartcards, i);
        MvDomainAddress *addr = &card->info.address;

        if (addr->type == MV_DOMAIN_ADDRESS_NONE) {
            int max = -1;

            for (guint j = 0; j < def->smartcards->len; j++) {
                const MvDomainSmartcard *other = g_ptr_array_index(def->smartcards, j);
                const MvDomainAddress *oaddr = &other->info.address;

                if (oaddr->type == MV_DOMAIN_ADDRESS_CCID && oaddr->u.ccid.controller == 0 &&
                    (int) oaddr->u.ccid.slot > max)
                    max = (int) oaddr->u.ccid.slot;
            }
            addr->type = MV_DOMAIN_ADDRESS_CCID;
            addr->u.ccid.controller = 0;
            addr->u.ccid.slot = (unsigned int) (max + 1);
        }
        mv_domain_controllers_add_implicit(def, MV_CONTROLLER_CCID, (int) addr->u.ccid.controller);
    }
}

void
mv_domain_smartcard_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    const MvDomainSmartcard *def = dev;

    mv_xml_buf_start(buf, "smartcard");
    mv_xml_buf_attr(buf, "mode", mv_smartcard_mode_to_string(def->mode));
    if (def->mode == MV_SMARTCARD_MODE_PASSTHROUGH) {
        mv_xml_buf_attr(buf, "type", mv_domain_chr_type_to_string(def->passthrough.type));
        mv_domain_chr_source_format(buf, &def->passthrough, flags);
    }
    if (def->mode == MV_SMARTCARD_MODE_HOST_CERTIFICATES) {
        for (size_t i = 0; i < MV_SMARTCARD_CERTIFICATES; i++)
            mv_xml_buf_text_element(buf, "certificate", def->certificates[i]);
        mv_xml_buf_text_element(buf, "database", def->database);
    }
    mv_domain_device_info_format(buf, &def->info, 0, flags);
    mv_xml_buf_end(buf);
}

void
mv_domain_smartcard_free_node(void *dev)
{
    mv_domain_smartcard_free(dev);
}

const MvDomainDeviceInfo *
mv_domain_smartcard_info_node(const void *dev)
{
    const MvDomainSmartcard *def = dev;

    return &def->info;
}
