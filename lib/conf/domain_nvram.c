/* Domain <nvram> device: parse and format. */
#define MV_LOG_MODULE "conf.domain_nvram"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_nvram.h"

#include "util/error.h"
#include "util/log.h"

void
mv_domain_nvram_free(MvDomainNvram *def)
{
    if (!def)
        return;
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

void *
mv_domain_nvram_parse_node(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainNvram) def = g_new0(MvDomainNvram, 1);

    mv_domain_device_info_init(&def->info);
    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0)
        return NULL;

    return g_steal_pointer(&def);
}

void
mv_domain_nvram_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    const MvDomainNvram *def = dev;

    /* libvirt always writes an open and a close tag here. */
    mv_xml_buf_start(buf, "nvram");
    mv_xml_buf_open_children(buf);
    mv_domain_device_info_format(buf, &def->info, 0, flags);
    mv_xml_buf_end(buf);
}

void
mv_domain_nvram_free_node(void *dev)
{
    mv_domain_nvram_free(dev);
}

const MvDomainDeviceInfo *
mv_domain_nvram_info_node(const void *dev)
{
    const MvDomainNvram *def = dev;

    return &def->info;
}
