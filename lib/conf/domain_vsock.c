/* Domain <vsock> device: parse, validate and format. */
#define MV_LOG_MODULE "conf.domain_vsock"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_vsock.h"

#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_vsock_model, MV_VSOCK_MODEL_LAST,
             "default", "virtio", "virtio-transitional", "virtio-non-transitional")

/* CIDs 0-2 belong to the hypervisor and the host. */
#define VSOCK_MIN_GUEST_CID 3

void
mv_domain_vsock_free(MvDomainVsock *def)
{
    if (!def)
        return;
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

void *
mv_domain_vsock_parse_node(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainVsock) def = g_new0(MvDomainVsock, 1);
    xmlNode *cid;
    int model = MV_VSOCK_MODEL_DEFAULT;

    mv_domain_device_info_init(&def->info);
    if (mv_xml_prop_enum(node, "model", mv_vsock_model_from_string,
                         MV_XML_PROP_NONE, &model) < 0)
        return NULL;
    def->model = model;

    if ((cid = mv_xml_child(node, "cid"))) {
        if (mv_xml_prop_uint(cid, "address", 10, MV_XML_PROP_NONZERO, &def->guest_cid) < 0 ||
            mv_xml_prop_tristate_bool(cid, "auto", MV_XML_PROP_NONE, &def->auto_cid) < 0)
            return NULL;
    }

    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0 ||
        mv_domain_virtio_options_parse(mv_xml_child(node, "driver"), &def->virtio) < 0)
        return NULL;

    /* libvirt's post-parse default: automatic unless a CID is given. */
    if (def->auto_cid == MV_TRISTATE_ABSENT)
        def->auto_cid = def->guest_cid ? MV_TRISTATE_NO : MV_TRISTATE_YES;

    return g_steal_pointer(&def);
}

int
mv_domain_vsock_validate_node(const void *dev, const MvDomainDef *dom)
{
    const MvDomainVsock *def = dev;

    if (def->guest_cid > 0 && def->guest_cid < VSOCK_MIN_GUEST_CID) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "guest CIDs must be >= 3");
        return -1;
    }
    if (def->model == MV_VSOCK_MODEL_DEFAULT &&
        mv_domain_virtio_options_check_absent(&def->virtio) < 0)
        return -1;
    return 0;
}

void
mv_domain_vsock_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    const MvDomainVsock *def = dev;

    mv_xml_buf_start(buf, "vsock");
    if (def->model != MV_VSOCK_MODEL_DEFAULT)
        mv_xml_buf_attr(buf, "model", mv_vsock_model_to_string(def->model));
    if (def->auto_cid || def->guest_cid) {
        mv_xml_buf_start(buf, "cid");
        mv_xml_buf_attr_tristate_bool(buf, "auto", def->auto_cid);
        if (def->guest_cid)
            mv_xml_buf_attr_uint(buf, "address", def->guest_cid);
        mv_xml_buf_end(buf);
    }
    mv_domain_device_info_format(buf, &def->info, 0, 0);
    mv_domain_virtio_options_format(buf, &def->virtio);
    mv_xml_buf_end(buf);
}

void
mv_domain_vsock_free_node(void *dev)
{
    mv_domain_vsock_free(dev);
}

const MvDomainDeviceInfo *
mv_domain_vsock_info_node(const void *dev)
{
    const MvDomainVsock *def = dev;

    return &def->info;
}
