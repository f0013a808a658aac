/* Node device XML (<device>): the definition, its capability list, parse / format. */
#define MV_LOG_MODULE "conf.nodedev"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev.h"

#include <string.h>

#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_nodedev_devnode_type, MV_NODEDEV_DEVNODE_LAST, "dev", "link")
MV_ENUM_IMPL(mv_nodedev_cap_type, MV_NODEDEV_CAP_LAST,
             "system", "pci", "usb_device", "usb", "net", "scsi_host", "scsi_target", "scsi",
             "storage", "fc_host", "vports", "scsi_generic", "drm", "mdev_types", "mdev", "ccw",
             "css", "vdpa", "ap_card", "ap_queue", "ap_matrix", "vpd")

static void
cap_clear(MvNodeDevCap *cap)
{
    switch (cap->type) {
    case MV_NODEDEV_CAP_SYSTEM:
        mv_nodedev_system_clear(&cap->u.system);
        break;
    case MV_NODEDEV_CAP_PCI:
        mv_nodedev_pci_clear(&cap->u.pci);
        break;
    case MV_NODEDEV_CAP_USB_DEV:
        mv_nodedev_usb_dev_clear(&cap->u.usb_dev);
        break;
    case MV_NODEDEV_CAP_USB_INTERFACE:
        mv_nodedev_usb_if_clear(&cap->u.usb_if);
        break;
    case MV_NODEDEV_CAP_NET:
        mv_nodedev_net_clear(&cap->u.net);
        break;
    case MV_NODEDEV_CAP_SCSI_HOST:
        mv_nodedev_scsi_host_clear(&cap->u.scsi_host);
        break;
    case MV_NODEDEV_CAP_SCSI_TARGET:
        mv_nodedev_scsi_target_clear(&cap->u.scsi_target);
        break;
    case MV_NODEDEV_CAP_SCSI:
        mv_nodedev_scsi_clear(&cap->u.scsi);
        break;
    case MV_NODEDEV_CAP_STORAGE:
        mv_nodedev_storage_clear(&cap->u.storage);
        break;
    case MV_NODEDEV_CAP_MDEV:
        mv_nodedev_mdev_clear(&cap->u.mdev);
        break;
    case MV_NODEDEV_CAP_CCW:
    case MV_NODEDEV_CAP_CSS:
        mv_nodedev_ccw_clear(&cap->u.ccw);
        break;
    case MV_NODEDEV_CAP_VDPA:
        g_free(cap->u.vdpa_chardev);
        break;
    case MV_NODEDEV_CAP_AP_CARD:
    case MV_NODEDEV_CAP_AP_QUEUE:
    case MV_NODEDEV_CAP_AP_MATRIX:
        mv_nodedev_ap_clear(&cap->u.ap);
        break;
    case MV_NODEDEV_CAP_MDEV_TYPES:
        mv_mdev_types_clear(&cap->u.mdev_types);
        break;
    case MV_NODEDEV_CAP_SCSI_GENERIC:
        g_free(cap->u.sg_path);
        break;
    case MV_NODEDEV_CAP_DRM:
    case MV_NODEDEV_CAP_FC_HOST:
    case MV_NODEDEV_CAP_VPORTS:
    case MV_NODEDEV_CAP_VPD:
    case MV_NODEDEV_CAP_LAST:
        break;
    }
}

void
mv_nodedev_def_free(MvNodeDevDef *def)
{
    if (!def)
        return;
    g_free(def->name);
    g_free(def->sysfs_path);
    g_free(def->devnode);
    g_strfreev(def->devlinks);
    g_free(def->parent);
    g_free(def->parent_wwnn);
    g_free(def->parent_wwpn);
    g_free(def->parent_fabric_wwn);
    g_free(def->driver);
    for (size_t i = 0; i < def->ncaps; i++)
        cap_clear(&def->caps[i]);
    g_free(def->caps);
    g_free(def);
}

MvNodeDevCap *
mv_nodedev_def_add_cap(MvNodeDevDef *def, MvNodeDevCapType type)
{
    MvNodeDevCap *cap;

    def->caps = g_renew(MvNodeDevCap, def->caps, def->ncaps + 1);
    cap = &def->caps[def->ncaps++];
    memset(cap, 0, sizeof(*cap));
    cap->type = type;
    switch (type) {
    case MV_NODEDEV_CAP_PCI:
        cap->u.pci.klass = -1;
        cap->u.pci.numa_node = -1;
        cap->u.pci.link_cap.port = -1;
        cap->u.pci.link_sta.port = -1;
        break;
    case MV_NODEDEV_CAP_SCSI_HOST:
        cap->u.scsi_host.unique_id = -1;
        break;
    case MV_NODEDEV_CAP_NET:
        cap->u.net.subtype = MV_NODEDEV_NET_LAST;
        break;
    default:
        break;
    }
    return cap;
}

static int
cap_parse(const xmlNode *node, MvNodeDevDef *def)
{
    const char *name = def->name;
    MvNodeDevCap *cap;
    int type = 0;

    if (mv_xml_prop_enum(node, "type", mv_nodedev_cap_type_from_string, MV_XML_PROP_REQUIRED, &type) < 0)
        return -1;
    cap = mv_nodedev_def_add_cap(def, type);

    switch (cap->type) {
    case MV_NODEDEV_CAP_SYSTEM:
        return mv_nodedev_system_parse(node, name, &cap->u.system);
    case MV_NODEDEV_CAP_PCI:
        return mv_nodedev_pci_parse(node, name, &cap->u.pci);
    case MV_NODEDEV_CAP_USB_DEV:
        return mv_nodedev_usb_dev_parse(node, name, &cap->u.usb_dev);
    case MV_NODEDEV_CAP_USB_INTERFACE:
        return mv_nodedev_usb_if_parse(node, name, &cap->u.usb_if);
    case MV_NODEDEV_CAP_NET:
        return mv_nodedev_net_parse(node, name, &cap->u.net);
    case MV_NODEDEV_CAP_SCSI_HOST:
        return mv_nodedev_scsi_host_parse(node, name, &cap->u.scsi_host);
    case MV_NODEDEV_CAP_SCSI_TARGET:
        return mv_nodedev_scsi_target_parse(node, name, &cap->u.scsi_target);
    case MV_NODEDEV_CAP_SCSI:
        return mv_nodedev_scsi_parse(node, name, &cap->u.scsi);
    case MV_NODEDEV_CAP_STORAGE:
        return mv_nodedev_storage_parse(node, name, &cap->u.storage);
    case MV_NODEDEV_CAP_DRM:
        return mv_nodedev_drm_parse(node, name, &cap->u.drm);
    case MV_NODEDEV_CAP_MDEV:
        return mv_nodedev_mdev_parse(node, name, &cap->u.mdev);
    case MV_NODEDEV_CAP_CCW:
        return mv_nodedev_ccw_parse(node, name, false, &cap->u.ccw);
    case MV_NODEDEV_CAP_CSS:
        return mv_nodedev_ccw_parse(node, name, true, &cap->u.ccw);
    case MV_NODEDEV_CAP_AP_CARD:
        return mv_nodedev_ap_card_parse(node, name, &cap->u.ap);
    case MV_NODEDEV_CAP_AP_QUEUE:
        return mv_nodedev_ap_queue_parse(node, name, &cap->u.ap);
    case MV_NODEDEV_CAP_AP_MATRIX:
        return mv_nodedev_ap_matrix_parse(node, &cap->u.ap);
    case MV_NODEDEV_CAP_MDEV_TYPES:
    case MV_NODEDEV_CAP_FC_HOST:
    case MV_NODEDEV_CAP_VPORTS:
    case MV_NODEDEV_CAP_SCSI_GENERIC:
    case MV_NODEDEV_CAP_VDPA:
    case MV_NODEDEV_CAP_VPD:
    case MV_NODEDEV_CAP_LAST:
        break;
    }
    /* Types the node device driver reports but libvirt does not read back
     * (vdpa, scsi_generic, ...): named by number, as libvirt does. */
    mv_report_error(VIR_ERR_INTERNAL_ERROR, "unknown capability type '%d' for '%s'",
                    (int) cap->type, name);
    return -1;
}

static int
devnodes_parse(const xmlNode *root, MvNodeDevDef *def)
{
    size_t nlinks = 0;

    def->devlinks = g_new0(char *, mv_xml_child_count(root, "devnode") + 1);
    for (xmlNode *cur = mv_xml_child(root, "devnode"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *text = NULL;
        xmlChar *content;
        int type = 0;

        if (mv_xml_prop_enum(cur, "type", mv_nodedev_devnode_type_from_string,
                             MV_XML_PROP_REQUIRED, &type) < 0)
            return -1;
        content = xmlNodeGetContent(cur);
        text = g_strdup(content ? (const char *) content : "");
        xmlFree(content);
        if (type == MV_NODEDEV_DEVNODE_DEV) {
            g_free(def->devnode);
            def->devnode = g_steal_pointer(&text);
        } else {
            def->devlinks[nlinks++] = g_steal_pointer(&text);
        }
    }
    return 0;
}

static int
parent_parse(const xmlNode *root, MvNodeDevDef *def)
{
    xmlNode *parent = mv_xml_child(root, "parent");

    if (!parent)
        return 0;
    def->parent = mv_xml_child_text(root, "parent");
    def->parent_wwnn = mv_xml_prop(parent, "wwnn");
    def->parent_wwpn = mv_xml_prop(parent, "wwpn");
    def->parent_fabric_wwn = mv_xml_prop(parent, "fabric_wwn");
    if (def->parent_wwnn && !def->parent_wwpn) {
        mv_report_error(VIR_ERR_XML_ERROR, "when providing parent wwnn='%s', the wwpn must also be provided",
                        def->parent_wwnn);
        return -1;
    }
    if (!def->parent_wwnn && def->parent_wwpn) {
        mv_report_error(VIR_ERR_XML_ERROR, "when providing parent wwpn='%s', the wwnn must also be provided",
                        def->parent_wwpn);
        return -1;
    }
    return 0;
}

MvNodeDevDef *
mv_nodedev_def_parse_node(const xmlNode *root)
{
    g_autoptr(MvNodeDevDef) def = g_new0(MvNodeDevDef, 1);
    xmlNode *cur;

    if (!(def->name = mv_xml_child_text(root, "name"))) {
        mv_report_error(VIR_ERR_NO_NAME, "%s", "");
        return NULL;
    }
    def->sysfs_path = mv_xml_child_text(root, "path");
    if (devnodes_parse(root, def) < 0 || parent_parse(root, def) < 0)
        return NULL;

    if (!(cur = mv_xml_child(root, "capability"))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "no device capabilities for '%s'", def->name);
        return NULL;
    }
    for (; cur; cur = mv_xml_next(cur)) {
        if (cap_parse(cur, def) < 0)
            return NULL;
    }

    MV_DEBUG("parsed node device '%s'", def->name);
    return g_steal_pointer(&def);
}

MvNodeDevDef *
mv_nodedev_def_parse_string(const char *xml)
{
    g_autoptr(xmlDoc) doc = mv_xml_parse_string(xml, "device");

    if (!doc)
        return NULL;
    return mv_nodedev_def_parse_node(xmlDocGetRootElement(doc));
}

static void
cap_format(MvXmlBuf *buf, const MvNodeDevCap *cap)
{
    mv_xml_buf_start(buf, "capability");
    mv_xml_buf_attr(buf, "type", mv_nodedev_cap_type_to_string(cap->type));
    /* libvirt always closes a capability on its own line. */
    mv_xml_buf_open_children(buf);

    switch (cap->type) {
    case MV_NODEDEV_CAP_SYSTEM:
        mv_nodedev_system_format(buf, &cap->u.system);
        break;
    case MV_NODEDEV_CAP_PCI:
        mv_nodedev_pci_format(buf, &cap->u.pci);
        break;
    case MV_NODEDEV_CAP_USB_DEV:
        mv_nodedev_usb_dev_format(buf, &cap->u.usb_dev);
        break;
    case MV_NODEDEV_CAP_USB_INTERFACE:
        mv_nodedev_usb_if_format(buf, &cap->u.usb_if);
        break;
    case MV_NODEDEV_CAP_NET:
        mv_nodedev_net_format(buf, &cap->u.net);
        break;
    case MV_NODEDEV_CAP_SCSI_HOST:
        mv_nodedev_scsi_host_format(buf, &cap->u.scsi_host);
        break;
    case MV_NODEDEV_CAP_SCSI_TARGET:
        mv_nodedev_scsi_target_format(buf, &cap->u.scsi_target);
        break;
    case MV_NODEDEV_CAP_SCSI:
        mv_nodedev_scsi_format(buf, &cap->u.scsi);
        break;
    case MV_NODEDEV_CAP_STORAGE:
        mv_nodedev_storage_format(buf, &cap->u.storage);
        break;
    case MV_NODEDEV_CAP_SCSI_GENERIC:
        mv_xml_buf_text_element(buf, "char", cap->u.sg_path);
        break;
    case MV_NODEDEV_CAP_DRM:
        mv_nodedev_drm_format(buf, cap->u.drm);
        break;
    case MV_NODEDEV_CAP_MDEV:
        mv_nodedev_mdev_format(buf, &cap->u.mdev);
        break;
    case MV_NODEDEV_CAP_CCW:
        mv_nodedev_ccw_format(buf, &cap->u.ccw, false);
        break;
    case MV_NODEDEV_CAP_CSS:
        mv_nodedev_ccw_format(buf, &cap->u.ccw, true);
        break;
    case MV_NODEDEV_CAP_VDPA:
        mv_nodedev_vdpa_format(buf, cap->u.vdpa_chardev);
        break;
    case MV_NODEDEV_CAP_AP_CARD:
        mv_nodedev_ap_card_format(buf, &cap->u.ap);
        break;
    case MV_NODEDEV_CAP_AP_QUEUE:
        mv_nodedev_ap_queue_format(buf, &cap->u.ap);
        break;
    case MV_NODEDEV_CAP_AP_MATRIX:
        mv_nodedev_ap_matrix_format(buf, &cap->u.ap);
        break;
    case MV_NODEDEV_CAP_MDEV_TYPES:
        mv_mdev_types_format(buf, &cap->u.mdev_types);
        break;
    case MV_NODEDEV_CAP_FC_HOST:
    case MV_NODEDEV_CAP_VPORTS:
    case MV_NODEDEV_CAP_VPD:
    case MV_NODEDEV_CAP_LAST:
        break;
    }
    mv_xml_buf_end(buf);
}

char *
mv_nodedev_def_format(const MvNodeDevDef *def)
{
    g_auto(MvXmlBuf) buf = { 0 };

    mv_xml_buf_init(&buf);
    mv_xml_buf_start(&buf, "device");
    mv_xml_buf_text_element(&buf, "name", def->name);
    mv_xml_buf_text_element(&buf, "path", def->sysfs_path);
    if (def->devnode) {
        mv_xml_buf_start(&buf, "devnode");
        mv_xml_buf_attr(&buf, "type", "dev");
        mv_xml_buf_text(&buf, def->devnode);
        mv_xml_buf_end(&buf);
    }
    for (size_t i = 0; def->devlinks && def->devlinks[i]; i++) {
        mv_xml_buf_start(&buf, "devnode");
        mv_xml_buf_attr(&buf, "type", "link");
        mv_xml_buf_text(&buf, def->devlinks[i]);
        mv_xml_buf_end(&buf);
    }
    mv_xml_buf_text_element(&buf, "parent", def->parent);
    if (def->driver) {
        mv_xml_buf_start(&buf, "driver");
        mv_xml_buf_text_element(&buf, "name", def->driver);
        mv_xml_buf_end(&buf);
    }
    for (size_t i = 0; i < def->ncaps; i++)
        cap_format(&buf, &def->caps[i]);
    mv_xml_buf_end(&buf);
    return mv_xml_buf_steal(&buf);
}
