/* Domain <memballoon> device: parse and format. */
#define MV_LOG_MODULE "conf.domain_memballoon"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_memballoon.h"

#include <errno.h>
#include <limits.h>

#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_memballoon_model, MV_MEMBALLOON_MODEL_LAST,
             "virtio", "xen", "none", "virtio-transitional", "virtio-non-transitional")

/* Memballoon ------------------------------------------------------------- */

void
mv_domain_memballoon_free(MvDomainMemballoon *def)
{
    if (!def)
        return;
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

/* <stats period=>: any integer (base 0, as libvirt reads it); a negative
 * period means "off" and is kept as 0. */
static int
stats_parse(const xmlNode *stats, int *ret_period)
{
    g_autofree char *text = mv_xml_prop(stats, "period");
    char *end = NULL;
    long long value;

    if (!text)
        return 0;
    errno = 0;
    value = g_ascii_strtoll(text, &end, 0);
    if (!*text || errno != 0 || *end != '\0' || value < INT_MIN || value > INT_MAX) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "Invalid value for attribute 'period' in element 'stats': '%s'. Expected integer value",
                        text);
        return -1;
    }
    *ret_period = value < 0 ? 0 : (int) value;
    return 0;
}

void *
mv_domain_memballoon_parse_node(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainMemballoon) def = g_new0(MvDomainMemballoon, 1);
    xmlNode *stats;
    int model;

    mv_domain_device_info_init(&def->info);
    if (mv_xml_prop_enum(node, "model", mv_memballoon_model_from_string,
                         MV_XML_PROP_REQUIRED, &model) < 0)
        return NULL;
    def->model = model;

    if (mv_xml_prop_tristate_switch(node, "autodeflate", MV_XML_PROP_NONE,
                                    &def->autodeflate) < 0 ||
        mv_xml_prop_tristate_switch(node, "freePageReporting", MV_XML_PROP_NONE,
                                    &def->free_page_reporting) < 0)
        return NULL;

    if ((stats = mv_xml_child(node, "stats")) && stats_parse(stats, &def->period) < 0)
        return NULL;

    /* As libvirt: a disabled balloon has no address, alias or anything. */
    if (def->model != MV_MEMBALLOON_MODEL_NONE &&
        mv_domain_device_info_parse(node, 0, flags, &def->info) < 0)
        return NULL;

    if (mv_domain_virtio_options_parse(mv_xml_child(node, "driver"), &def->virtio) < 0)
        return NULL;

    return g_steal_pointer(&def);
}

void
mv_domain_memballoon_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    const MvDomainMemballoon *def = dev;

    mv_xml_buf_start(buf, "memballoon");
    mv_xml_buf_attr(buf, "model", mv_memballoon_model_to_string(def->model));
    mv_xml_buf_attr_tristate_switch(buf, "autodeflate", def->autodeflate);
    mv_xml_buf_attr_tristate_switch(buf, "freePageReporting", def->free_page_reporting);
    if (def->period) {
        mv_xml_buf_start(buf, "stats");
        mv_xml_buf_attr_printf(buf, "period", "%d", def->period);
        mv_xml_buf_end(buf);
    }
    mv_domain_device_info_format(buf, &def->info, 0, flags);
    mv_domain_virtio_options_format(buf, &def->virtio);
    mv_xml_buf_end(buf);
}

void
mv_domain_memballoon_free_node(void *dev)
{
    mv_domain_memballoon_free(dev);
}

const MvDomainDeviceInfo *
mv_domain_memballoon_info_node(const void *dev)
{
    const MvDomainMemballoon *def = dev;

    return &def->info;
}
