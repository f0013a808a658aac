/* Domain <iommu> device: parse, validate and format. */
#define MV_LOG_MODULE "conf.domain_iommu"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_iommu.h"

#include "conf/domain_features.h"
#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_iommu_model, MV_IOMMU_MODEL_LAST, "intel", "smmuv3", "virtio")

void
mv_domain_iommu_free(MvDomainIommu *def)
{
    if (!def)
        return;
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

void *
mv_domain_iommu_parse_node(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainIommu) def = g_new0(MvDomainIommu, 1);
    xmlNode *driver;
    int model;

    mv_domain_device_info_init(&def->info);
    if (mv_xml_prop_enum(node, "model", mv_iommu_model_from_string,
                         MV_XML_PROP_REQUIRED, &model) < 0)
        return NULL;
    def->model = model;

    if ((driver = mv_xml_child(node, "driver"))) {
        if (mv_xml_prop_tristate_switch(driver, "intremap", MV_XML_PROP_NONE, &def->intremap) < 0 ||
            mv_xml_prop_tristate_switch(driver, "caching_mode", MV_XML_PROP_NONE,
                                        &def->caching_mode) < 0 ||
            mv_xml_prop_tristate_switch(driver, "iotlb", MV_XML_PROP_NONE, &def->iotlb) < 0 ||
            mv_xml_prop_tristate_switch(driver, "eim", MV_XML_PROP_NONE, &def->eim) < 0 ||
            mv_xml_prop_uint(driver, "aw_bits", 10, MV_XML_PROP_NONE, &def->aw_bits) < 0)
            return NULL;
    }

    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0)
        return NULL;

    return g_steal_pointer(&def);
}

int
mv_domain_iommu_validate_node(const void *dev, const MvDomainDef *dom)
{
    const MvDomainIommu *def = dev;
    const char *model = mv_iommu_model_to_string(def->model);

    if (def->model != MV_IOMMU_MODEL_INTEL &&
        (def->intremap || def->caching_mode || def->eim || def->iotlb || def->aw_bits)) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "iommu model '%s' doesn't support additional attributes", model);
        return -1;
    }
    if (def->model != MV_IOMMU_MODEL_VIRTIO &&
        def->info.address.type != MV_DOMAIN_ADDRESS_NONE) {
        mv_report_error(VIR_ERR_XML_ERROR, "iommu model '%s' can't have address", model);
        return -1;
    }
    if (def->intremap == MV_TRISTATE_YES &&
        (!dom->features ||
         dom->features->state[MV_DOMAIN_FEATURE_IOAPIC] != MV_DOMAIN_IOAPIC_QEMU)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "IOMMU interrupt remapping requires split I/O APIC (ioapic driver='qemu')");
        return -1;
    }
    if (def->eim == MV_TRISTATE_YES && def->intremap != MV_TRISTATE_YES) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "IOMMU eim requires interrupt remapping to be enabled");
        return -1;
    }
    return 0;
}

void
mv_domain_iommu_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    const MvDomainIommu *def = dev;

    mv_xml_buf_start(buf, "iommu");
    mv_xml_buf_attr(buf, "model", mv_iommu_model_to_string(def->model));
    if (def->intremap || def->caching_mode || def->eim || def->iotlb || def->aw_bits) {
        mv_xml_buf_start(buf, "driver");
        mv_xml_buf_attr_tristate_switch(buf, "intremap", def->intremap);
        mv_xml_buf_attr_tristate_switch(buf, "caching_mode", def->caching_mode);
        mv_xml_buf_attr_tristate_switch(buf, "eim", def->eim);
        mv_xml_buf_attr_tristate_switch(buf, "iotlb", def->iotlb);
        if (def->aw_bits)
            mv_xml_buf_attr_uint(buf, "aw_bits", def->aw_bits);
        mv_xml_buf_end(buf);
    }
    mv_domain_device_info_format(buf, &def->info, 0, 0);
    mv_xml_buf_end(buf);
}

void
mv_domain_iommu_free_node(void *dev)
{
    mv_domain_iommu_free(dev);
}

const MvDomainDeviceInfo *
mv_domain_iommu_info_node(const void *dev)
{
    const MvDomainIommu *def = dev;

    return &def->info;
}
