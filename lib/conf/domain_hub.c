/* Domain <hub> device: parse and format. */
#define MV_LOG_MODULE "conf.domain_hub"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_hub.h"

#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_hub_type, MV_HUB_TYPE_LAST, "usb")

void
mv_domain_hub_free(MvDomainHub *def)
{
    if (!def)
        return;
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

void *
mv_domain_hub_parse_node(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainHub) def = g_new0(MvDomainHub, 1);
    g_autofree char *type = mv_xml_prop(node, "type");
    int value;

    mv_domain_device_info_init(&def->info);
    if (!type) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "missing hub device type");
        return NULL;
    }
    if ((value = mv_hub_type_from_string(type)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown hub device type '%s'", type);
        return NULL;
    }
    def->type = value;

    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0)
        return NULL;

    return g_steal_pointer(&def);
}

void
mv_domain_hub_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    const MvDomainHub *def = dev;

    mv_xml_buf_start(buf, "hub");
    mv_xml_buf_attr(buf, "type", mv_hub_type_to_string(def->type));
    mv_domain_device_info_format(buf, &def->info, 0, flags);
    mv_xml_buf_end(buf);
}

void
mv_domain_hub_free_node(void *dev)
{
    mv_domain_hub_free(dev);
}

const MvDomainDeviceInfo *
mv_domain_hub_info_node(const void *dev)
{
    const MvDomainHub *def = dev;

    return &def->info;
}
