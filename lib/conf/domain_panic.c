/* Domain <panic> device: parse and format. */
#define MV_LOG_MODULE "conf.domain_panic"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_panic.h"

#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_panic_model, MV_PANIC_MODEL_LAST,
             "default", "isa", "pseries", "hyperv", "s390")

void
mv_domain_panic_free(MvDomainPanic *def)
{
    if (!def)
        return;
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

void *
mv_domain_panic_parse_node(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainPanic) def = g_new0(MvDomainPanic, 1);
    g_autofree char *model = mv_xml_prop(node, "model");
    int value;

    /* libvirt reads the address before the model: a bad address wins. */
    mv_domain_device_info_init(&def->info);
    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0)
        return NULL;

    if (model) {
        if ((value = mv_panic_model_from_string(model)) < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown panic model '%s'", model);
            return NULL;
        }
        def->model = value;
    }

    return g_steal_pointer(&def);
}

void
mv_domain_panic_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    const MvDomainPanic *def = dev;

    /* libvirt writes no element at all for a panic device without model,
     * alias or address (its formatter drops an empty <panic/>). */
    if (def->model == MV_PANIC_MODEL_DEFAULT && !def->info.alias &&
        def->info.address.type == MV_DOMAIN_ADDRESS_NONE && def->info.usb_master_startport < 0 &&
        !def->info.acpi_index)
        return;
    mv_xml_buf_start(buf, "panic");
    if (def->model != MV_PANIC_MODEL_DEFAULT)
        mv_xml_buf_attr(buf, "model", mv_panic_model_to_string(def->model));
    mv_domain_device_info_format(buf, &def->info, 0, 0);
    mv_xml_buf_end(buf);
}

void
mv_domain_panic_free_node(void *dev)
{
    mv_domain_panic_free(dev);
}

const MvDomainDeviceInfo *
mv_domain_panic_info_node(const void *dev)
{
    const MvDomainPanic *def = dev;

    return &def->info;
}
