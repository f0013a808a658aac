/* Node device capabilities of the smaller families: system, drm, mdev, vdpa, s390 ccw/css and AP (card, queue, matrix). */
#define MV_LOG_MODULE "conf.nodedev"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_misc.h"

#include <string.h>

#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_nodedev_drm_type, MV_NODEDEV_DRM_LAST, "primary", "control", "render")

/* system ------------------------------------------------------------------ */

void
mv_nodedev_system_clear(MvNodeDevSystem *sys)
{
    g_free(sys->product);
    g_free(sys->hw_vendor);
    g_free(sys->hw_version);
    g_free(sys->hw_serial);
    g_free(sys->fw_vendor);
    g_free(sys->fw_version);
    g_free(sys->fw_release_date);
}

int
mv_nodedev_system_parse(const xmlNode *node, const char *dev_name, MvNodeDevSystem *sys)
{
    xmlNode *hw = mv_xml_child(node, "hardware");
    xmlNode *fw = mv_xml_child(node, "firmware");
    g_autofree char *uuid = NULL;

    sys->product = mv_xml_child_text(node, "product");
    if (hw) {
        sys->hw_vendor = mv_xml_child_text(hw, "vendor");
        sys->hw_version = mv_xml_child_text(hw, "version");
        sys->hw_serial = mv_xml_child_text(hw, "serial");
        uuid = mv_xml_child_text(hw, "uuid");
    }
    if (!uuid) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "no system UUID supplied for '%s'", dev_name);
        return -1;
    }
    if (mv_uuid_parse(uuid, sys->hw_uuid) < 0) {
        mv_error_reset();
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "malformed uuid element for '%s'", dev_name);
        return -1;
    }
    if (fw) {
        sys->fw_vendor = mv_xml_child_text(fw, "vendor");
        sys->fw_version = mv_xml_child_text(fw, "version");
        sys->fw_release_date = mv_xml_child_text(fw, "release_date");
    }
    return 0;
}

void
mv_nodedev_system_format(MvXmlBuf *buf, const MvNodeDevSystem *sys)
{
    char uuid[MV_UUID_STRING_BUFLEN];

    mv_xml_buf_text_element(buf, "product", sys->product);
    mv_xml_buf_start(buf, "hardware");
    mv_xml_buf_text_element(buf, "vendor", sys->hw_vendor);
    mv_xml_buf_text_element(buf, "version", sys->hw_version);
    mv_xml_buf_text_element(buf, "serial", sys->hw_serial);
    mv_xml_buf_text_element(buf, "uuid", mv_uuid_format(sys->hw_uuid, uuid));
    mv_xml_buf_end(buf);
    /* libvirt writes <firmware> with a closing tag even when it is empty. */
    mv_xml_buf_start(buf, "firmware");
    mv_xml_buf_open_children(buf);
    mv_xml_buf_text_element(buf, "vendor", sys->fw_vendor);
    mv_xml_buf_text_element(buf, "version", sys->fw_version);
    mv_xml_buf_text_element(buf, "release_date", sys->fw_release_date);
    mv_xml_buf_end(buf);
}

/* drm --------------------------------------------------------------------- */

int
mv_nodedev_drm_parse(const xmlNode *node, const char *dev_name, MvNodeDevDrmType *drm)
{
    g_autofree char *type = mv_xml_child_text(node, "type");
    int v = type ? mv_nodedev_drm_type_from_string(type) : -1;

    if (v < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown drm type '%s' for '%s'",
                        type ? type : "(null)", dev_name);
        return -1;
    }
    *drm = v;
    return 0;
}

void
mv_nodedev_drm_format(MvXmlBuf *buf, MvNodeDevDrmType drm)
{
    mv_xml_buf_text_element(buf, "type", mv_nodedev_drm_type_to_string(drm));
}

/* mdev -------------------------------------------------------------------- */

void
mv_nodedev_mdev_clear(MvNodeDevMdev *mdev)
{
    g_free(mdev->type);
    g_free(mdev->uuid);
    g_free(mdev->parent_addr);
    for (size_t i = 0; i < mdev->nattrs; i++) {
        g_free(mdev->attrs[i].name);
        g_free(mdev->attrs[i].value);
    }
    g_free(mdev->attrs);
}

/* libvirt reports an <attr> without name or value but still accepts the
 * device, leaving the attribute out; so does this. */
static void
mdev_attrs_parse(const xmlNode *node, MvNodeDevMdev *mdev)
{
    mdev->attrs = g_new0(MvMdevAttr, mv_xml_child_count(node, "attr"));
    for (xmlNode *cur = mv_xml_child(node, "attr"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *name = mv_xml_prop(cur, "name");
        g_autofree char *value = mv_xml_prop(cur, "value");

        if (!name || !value) {
            MV_WARN("mdev attribute missing name or value: ignored");
            continue;
        }
        mdev->attrs[mdev->nattrs].name = g_steal_pointer(&name);
        mdev->attrs[mdev->nattrs].value = g_steal_pointer(&value);
        mdev->nattrs++;
    }
}

int
mv_nodedev_mdev_parse(const xmlNode *node, const char *dev_name, MvNodeDevMdev *mdev)
{
    xmlNode *type = mv_xml_child(node, "type");
    xmlNode *group = mv_xml_child(node, "iommuGroup");
    g_autofree char *uuid = mv_xml_child_text(node, "uuid");
    g_autofree char *number = group ? mv_xml_prop(group, "number") : NULL;

    if (type)
        mdev->type = mv_xml_prop(type, "id");
    if (!mdev->type || !*mdev->type) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "missing type id attribute for '%s'", dev_name);
        return -1;
    }
    if (uuid) {
        unsigned char raw[MV_UUID_BUFLEN];
        char str[MV_UUID_STRING_BUFLEN];

        if (mv_uuid_parse(uuid, raw) < 0) {
            mv_error_reset();
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "Invalid uuid '%s' for new mdev device", uuid);
            return -1;
        }
        mdev->uuid = g_strdup(mv_uuid_format(raw, str));
    }
    if (number && *number &&
        mv_nodedev_str_to_uint(number, 10, true, &mdev->iommu_group) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "invalid iommuGroup number attribute for '%s'",
                        dev_name);
        return -1;
    }
    mdev_attrs_parse(node, mdev);
    return 0;
}

void
mv_nodedev_mdev_format(MvXmlBuf *buf, const MvNodeDevMdev *mdev)
{
    mv_xml_buf_start(buf, "type");
    mv_xml_buf_attr(buf, "id", mdev->type);
    mv_xml_buf_end(buf);
    mv_xml_buf_text_element(buf, "uuid", mdev->uuid);
    mv_xml_buf_text_element(buf, "parent_addr", mdev->parent_addr);
    mv_xml_buf_start(buf, "iommuGroup");
    mv_xml_buf_attr_uint(buf, "number", mdev->iommu_group);
    mv_xml_buf_end(buf);
    for (size_t i = 0; i < mdev->nattrs; i++) {
        mv_xml_buf_start(buf, "attr");
        mv_xml_buf_attr(buf, "name", mdev->attrs[i].name);
        mv_xml_buf_attr(buf, "value", mdev->attrs[i].value);
        mv_xml_buf_end(buf);
    }
}

void
mv_nodedev_vdpa_format(MvXmlBuf *buf, const char *chardev)
{
    mv_xml_buf_text_element(buf, "chardev", chardev);
}

/* ccw / css --------------------------------------------------------------- */

/* libvirt's s390 errors are "unsupported configuration" naming the device. */
static int
hex_text_parse(const xmlNode *node, const char *name, int base, const char *dev_name,
               unsigned int *ret_value)
{
    g_autofree char *text = mv_xml_child_text(node, name);

    if (!text) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "missing %s value for '%s'", name, dev_name);
        return -1;
    }
    if (mv_nodedev_str_to_uint(text, base, false, ret_value) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "invalid %s value '%s' for '%s'",
                        name, text, dev_name);
        return -1;
    }
    return 0;
}

static int
ccw_addr_parse(const xmlNode *node, const char *dev_name, MvCcwAddr *addr)
{
    if (hex_text_parse(node, "cssid", 0, dev_name, &addr->cssid) < 0 ||
        hex_text_parse(node, "ssid", 0, dev_name, &addr->ssid) < 0 ||
        hex_text_parse(node, "devno", 16, dev_name, &addr->devno) < 0)
        return -1;
    return 0;
}

static void
ccw_addr_format(MvXmlBuf *buf, const MvCcwAddr *addr)
{
    mv_nodedev_text_printf(buf, "cssid", "0x%x", addr->cssid);
    mv_nodedev_text_printf(buf, "ssid", "0x%x", addr->ssid);
    mv_nodedev_text_printf(buf, "devno", "0x%04x", addr->devno);
}

/* Sub-capabilities of css and ap_matrix: mdev_types, others ignored. */
static int
mdev_parent_caps_parse(const xmlNode *node, MvMdevTypes *types)
{
    for (xmlNode *cur = mv_xml_child(node, "capability"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *type = mv_xml_prop(cur, "type");

        if (!type) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing capability type");
            return -1;
        }
        if (strcmp(type, "mdev_types") == 0 && mv_mdev_types_parse(cur, types) < 0)
            return -1;
    }
    return 0;
}

void
mv_nodedev_ccw_clear(MvNodeDevCcw *ccw)
{
    mv_mdev_types_clear(&ccw->mdev_types);
}

int
mv_nodedev_ccw_parse(const xmlNode *node, const char *dev_name, bool css, MvNodeDevCcw *ccw)
{
    xmlNode *channel;

    if (ccw_addr_parse(node, dev_name, &ccw->addr) < 0)
        return -1;
    if (!css)
        return 0;
    if (mdev_parent_caps_parse(node, &ccw->mdev_types) < 0)
        return -1;
    if ((channel = mv_xml_child(node, "channel_dev_addr"))) {
        if (ccw_addr_parse(channel, dev_name, &ccw->channel_dev) < 0)
            return -1;
        ccw->has_channel_dev = true;
    }
    return 0;
}

void
mv_nodedev_ccw_format(MvXmlBuf *buf, const MvNodeDevCcw *ccw, bool css)
{
    ccw_addr_format(buf, &ccw->addr);
    if (!css)
        return;
    if (ccw->has_channel_dev) {
        mv_xml_buf_start(buf, "channel_dev_addr");
        ccw_addr_format(buf, &ccw->channel_dev);
        mv_xml_buf_end(buf);
    }
    mv_mdev_types_format(buf, &ccw->mdev_types);
}

/* ap ---------------------------------------------------------------------- */

void
mv_nodedev_ap_clear(MvNodeDevAp *ap)
{
    mv_mdev_types_clear(&ap->mdev_types);
}

int
mv_nodedev_ap_card_parse(const xmlNode *node, const char *dev_name, MvNodeDevAp *ap)
{
    return hex_text_parse(node, "ap-adapter", 0, dev_name, &ap->adapter);
}

int
mv_nodedev_ap_queue_parse(const xmlNode *node, const char *dev_name, MvNodeDevAp *ap)
{
    if (hex_text_parse(node, "ap-adapter", 0, dev_name, &ap->adapter) < 0 ||
        hex_text_parse(node, "ap-domain", 0, dev_name, &ap->domain) < 0)
        return -1;
    if (ap->domain > 255) {
        g_autofree char *text = mv_xml_child_text(node, "ap-domain");

        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "ap-domain value '%s' is out of range for '%s'",
                        text, dev_name);
        return -1;
    }
    return 0;
}

int
mv_nodedev_ap_matrix_parse(const xmlNode *node, MvNodeDevAp *ap)
{
    return mdev_parent_caps_parse(node, &ap->mdev_types);
}

void
mv_nodedev_ap_card_format(MvXmlBuf *buf, const MvNodeDevAp *ap)
{
    mv_nodedev_text_printf(buf, "ap-adapter", "0x%02x", ap->adapter);
}

void
mv_nodedev_ap_queue_format(MvXmlBuf *buf, const MvNodeDevAp *ap)
{
    mv_nodedev_text_printf(buf, "ap-adapter", "0x%02x", ap->adapter);
    mv_nodedev_text_printf(buf, "ap-domain", "0x%04x", ap->domain);
}

void
mv_nodedev_ap_matrix_format(MvXmlBuf *buf, const MvNodeDevAp *ap)
{
    mv_mdev_types_format(buf, &ap->mdev_types);
}
