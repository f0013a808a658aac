/* Domain <lease> devices: a lock manager lease (lockspace, key, target path and offset). */
#define MV_LOG_MODULE "conf.domain_lease"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_lease.h"

#include "util/error.h"

void
mv_domain_lease_free(MvDomainLease *lease)
{
    if (!lease)
        return;
    g_free(lease->lockspace);
    g_free(lease->key);
    g_free(lease->path);
    g_free(lease);
}

MvDomainLease *
mv_domain_lease_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainLease) lease = g_new0(MvDomainLease, 1);
    xmlNode *target;

    if (!(lease->key = mv_xml_child_text(node, "key"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing 'key' element for lease");
        return NULL;
    }
    if (!(lease->lockspace = mv_xml_child_text(node, "lockspace"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing 'lockspace' element for lease");
        return NULL;
    }
    if (!(target = mv_xml_child(node, "target"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing 'target' element for lease");
        return NULL;
    }
    if (!(lease->path = mv_xml_prop(target, "path"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "Missing 'path' attribute to 'target' element for lease");
        return NULL;
    }
    if (mv_xml_prop_uint64(target, "offset", 10, MV_XML_PROP_NONE, &lease->offset) < 0)
        return NULL;
    return g_steal_pointer(&lease);
}

void
mv_domain_lease_format(MvXmlBuf *buf, const MvDomainLease *lease, unsigned int flags)
{
    mv_xml_buf_start(buf, "lease");
    mv_xml_buf_text_element(buf, "lockspace", lease->lockspace);
    mv_xml_buf_text_element(buf, "key", lease->key);
    mv_xml_buf_start(buf, "target");
    mv_xml_buf_attr(buf, "path", lease->path);
    if (lease->offset)
        mv_xml_buf_attr_uint(buf, "offset", lease->offset);
    mv_xml_buf_end(buf);
    mv_xml_buf_end(buf);
}

void *
mv_domain_lease_parse_node(const xmlNode *node, unsigned int flags)
{
    return mv_domain_lease_parse(node, flags);
}

void
mv_domain_lease_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    mv_domain_lease_format(buf, dev, flags);
}

void
mv_domain_lease_free_node(void *dev)
{
    mv_domain_lease_free(dev);
}

int
mv_domain_lease_validate_node(const void *dev, const MvDomainDef *def)
{
    return 0;
}

const MvDomainDeviceInfo *
mv_domain_lease_info_node(const void *dev)
{
    return NULL;
}
