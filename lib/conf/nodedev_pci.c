/* Node device PCI capability (<capability type='pci'>): address, ids, SR-IOV, mdev types, IOMMU group, NUMA, PCI Express links. */
#define MV_LOG_MODULE "conf.nodedev"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_pci.h"

#include <string.h>

#include "util/error.h"

MV_ENUM_IMPL(mv_pcie_link_speed, MV_PCIE_SPEED_LAST, "", "2.5", "5", "8", "16", "32", "64")
MV_ENUM_IMPL(mv_pci_header_type, MV_PCI_HEADER_LAST, "endpoint", "pci-bridge", "cardbus-bridge")

static void
vpd_custom_clear(gpointer data)
{
    MvPciVpdCustom *custom = data;

    g_free(custom->value);
}

static GArray *
vpd_custom_array(void)
{
    GArray *arr = g_array_new(FALSE, TRUE, sizeof(MvPciVpdCustom));

    g_array_set_clear_func(arr, vpd_custom_clear);
    return arr;
}

static void
vpd_free(MvPciVpd *vpd)
{
    if (!vpd)
        return;
    g_free(vpd->name);
    g_free(vpd->change_level);
    g_free(vpd->manufacture_id);
    g_free(vpd->part_number);
    g_free(vpd->serial_number);
    g_clear_pointer(&vpd->ro_vendor, g_array_unref);
    g_free(vpd->asset_tag);
    g_clear_pointer(&vpd->rw_vendor, g_array_unref);
    g_clear_pointer(&vpd->rw_system, g_array_unref);
    g_free(vpd);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvPciVpd, vpd_free)

void
mv_nodedev_pci_clear(MvNodeDevPci *pci)
{
    vpd_free(pci->vpd);
    g_free(pci->product_name);
    g_free(pci->vendor_name);
    g_free(pci->virt_functions);
    mv_mdev_types_clear(&pci->mdev_types);
    g_free(pci->iommu_devices);
    memset(pci, 0, sizeof(*pci));
}

/* VPD ----------------------------------------------------------------------
 * Read as libvirt reads it: a field with a bad index or no text is skipped,
 * an index that is not a digit or an upper-case letter names no keyword and
 * is skipped too, a repeated index replaces the value in place, and a
 * system field with index 'A' is the asset tag (keyword YA). */

static void
vpd_custom_upsert(GArray *arr, char index, const char *value)
{
    MvPciVpdCustom custom = { index, g_strdup(value) };

    for (guint i = 0; i < arr->len; i++) {
        MvPciVpdCustom *cur = &g_array_index(arr, MvPciVpdCustom, i);

        if (cur->index == index) {
            g_free(cur->value);
            cur->value = custom.value;
            return;
        }
    }
    g_array_append_val(arr, custom);
}

static bool
vpd_index_ok(char c)
{
    return g_ascii_isdigit(c) || g_ascii_isupper(c);
}

/* The first text child's content, as XPath's ./text() reads it. */
static char *
first_text(const xmlNode *node)
{
    for (xmlNode *cur = node->children; cur; cur = cur->next) {
        if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE)
            return cur->content && *cur->content ? g_strdup((const char *) cur->content) : NULL;
    }
    return NULL;
}

static void
vpd_custom_parse(const xmlNode *fields, const char *element, GArray *arr, MvPciVpd *asset)
{
    for (xmlNode *cur = mv_xml_child(fields, element); cur; cur = mv_xml_next(cur)) {
        g_autofree char *index = mv_xml_prop(cur, "index");
        g_autofree char *value = NULL;

        if (!index || strlen(index) != 1 || !(value = first_text(cur)))
            continue;
        if (asset && index[0] == 'A') {
            g_free(asset->asset_tag);
            asset->asset_tag = g_steal_pointer(&value);
        } else if (vpd_index_ok(index[0])) {
            vpd_custom_upsert(arr, index[0], value);
        }
    }
}

static int
vpd_parse(const xmlNode *node, MvPciVpd **ret_vpd)
{
    g_autoptr(MvPciVpd) vpd = g_new0(MvPciVpd, 1);

    if (!(vpd->name = mv_xml_child_text(node, "name"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Could not read a device name from the <name> element");
        return -1;
    }
    for (xmlNode *cur = mv_xml_child(node, "fields"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *access = mv_xml_prop(cur, "access");

        if (!access)
            continue;
        if (strcmp(access, "readonly") == 0) {
            /* A second read-only section replaces the first. */
            g_free(vpd->change_level);
            g_free(vpd->manufacture_id);
            g_free(vpd->part_number);
            g_free(vpd->serial_number);
            g_clear_pointer(&vpd->ro_vendor, g_array_unref);
            vpd->change_level = mv_xml_child_text(cur, "change_level");
            vpd->manufacture_id = mv_xml_child_text(cur, "manufacture_id");
            vpd->part_number = mv_xml_child_text(cur, "part_number");
            vpd->serial_number = mv_xml_child_text(cur, "serial_number");
            vpd->ro_vendor = vpd_custom_array();
            vpd_custom_parse(cur, "vendor_field", vpd->ro_vendor, NULL);
            vpd->has_ro = true;
        } else if (strcmp(access, "readwrite") == 0) {
            g_free(vpd->asset_tag);
            g_clear_pointer(&vpd->rw_vendor, g_array_unref);
            g_clear_pointer(&vpd->rw_system, g_array_unref);
            vpd->asset_tag = mv_xml_child_text(cur, "asset_tag");
            vpd->rw_vendor = vpd_custom_array();
            vpd->rw_system = vpd_custom_array();
            vpd_custom_parse(cur, "vendor_field", vpd->rw_vendor, NULL);
            vpd_custom_parse(cur, "system_field", vpd->rw_system, vpd);
            vpd->has_rw = true;
        } else {
            mv_report_error(VIR_ERR_XML_ERROR, "Unsupported VPD field access type specified %s", access);
            return -1;
        }
    }
    vpd_free(*ret_vpd);
    *ret_vpd = g_steal_pointer(&vpd);
    return 0;
}

static void
vpd_custom_format(MvXmlBuf *buf, const char *element, const GArray *arr)
{
    for (guint i = 0; i < arr->len; i++) {
        const MvPciVpdCustom *custom = &g_array_index(arr, MvPciVpdCustom, i);

        mv_xml_buf_start(buf, element);
        mv_xml_buf_attr_printf(buf, "index", "%c", custom->index);
        mv_xml_buf_text(buf, custom->value);
        mv_xml_buf_end(buf);
    }
}

static void
vpd_format(MvXmlBuf *buf, const MvPciVpd *vpd)
{
    mv_xml_buf_start(buf, "capability");
    mv_xml_buf_attr(buf, "type", "vpd");
    mv_xml_buf_text_element(buf, "name", vpd->name);
    if (vpd->has_ro) {
        mv_xml_buf_start(buf, "fields");
        mv_xml_buf_attr(buf, "access", "readonly");
        mv_xml_buf_open_children(buf);
        mv_xml_buf_text_element(buf, "change_level", vpd->change_level);
        mv_xml_buf_text_element(buf, "manufacture_id", vpd->manufacture_id);
        mv_xml_buf_text_element(buf, "part_number", vpd->part_number);
        mv_xml_buf_text_element(buf, "serial_number", vpd->serial_number);
        vpd_custom_format(buf, "vendor_field", vpd->ro_vendor);
        mv_xml_buf_end(buf);
    }
    if (vpd->has_rw) {
        mv_xml_buf_start(buf, "fields");
        mv_xml_buf_attr(buf, "access", "readwrite");
        mv_xml_buf_open_children(buf);
        mv_xml_buf_text_element(buf, "asset_tag", vpd->asset_tag);
        vpd_custom_format(buf, "vendor_field", vpd->rw_vendor);
        vpd_custom_format(buf, "system_field", vpd->rw_system);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

/* Sub-capabilities ---------------------------------------------------------- */

/* Appends the <address> children of node to *addrs. */
static int
addresses_parse(const xmlNode *node, MvPciAddr **addrs, size_t *naddrs)
{
    *addrs = g_renew(MvPciAddr, *addrs, *naddrs + mv_xml_child_count(node, "address"));
    for (xmlNode *cur = mv_xml_child(node, "address"); cur; cur = mv_xml_next(cur)) {
        if (mv_nodedev_pci_addr_parse(cur, &(*addrs)[*naddrs]) < 0)
            return -1;
        (*naddrs)++;
    }
    return 0;
}

static int
sub_capability_parse(const xmlNode *node, MvNodeDevPci *pci)
{
    g_autofree char *type = mv_xml_prop(node, "type");
    g_autofree char *max = NULL;
    xmlNode *addr;
    int header;

    if (!type) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing capability type");
        return -1;
    }

    if (strcmp(type, "phys_function") == 0) {
        if (!(addr = mv_xml_child(node, "address"))) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing address in 'phys_function' capability");
            return -1;
        }
        if (mv_nodedev_pci_addr_parse(addr, &pci->phys_function) < 0)
            return -1;
        pci->has_phys_function = true;
    } else if (strcmp(type, "virt_functions") == 0) {
        if ((max = mv_xml_prop(node, "maxCount")) &&
            mv_nodedev_str_to_uint(max, 10, false, &pci->max_virt_functions) < 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "Malformed 'maxCount' parameter");
            return -1;
        }
        if (addresses_parse(node, &pci->virt_functions, &pci->nvirt_functions) < 0)
            return -1;
        pci->has_virt_functions = true;
    } else if (strcmp(type, "mdev_types") == 0) {
        if (mv_mdev_types_parse(node, &pci->mdev_types) < 0)
            return -1;
    } else if (strcmp(type, "vpd") == 0) {
        if (vpd_parse(node, &pci->vpd) < 0)
            return -1;
    } else if ((header = mv_pci_header_type_from_string(type)) > 0) {
        /* The first header type given wins; other types are ignored, as
         * libvirt ignores them. */
        if (!pci->header_type)
            pci->header_type = header;
    }
    return 0;
}

static int
link_parse(const xmlNode *node, MvPcieLink *link)
{
    g_autofree char *port = NULL;
    int speed = 0;

    link->port = -1;
    if (mv_xml_prop_uint(node, "width", 0, MV_XML_PROP_REQUIRED, &link->width) < 0 ||
        mv_xml_prop_enum(node, "speed", mv_pcie_link_speed_from_string, MV_XML_PROP_NONE, &speed) < 0)
        return -1;
    link->speed = speed;
    if ((port = mv_xml_prop(node, "port"))) {
        int v = 0;

        if (mv_nodedev_str_to_int(port, 10, &v) < 0) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "Invalid value for attribute 'port' in element 'link': '%s'. Expected integer value",
                            port);
            return -1;
        }
        link->port = v;
    }
    link->present = true;
    return 0;
}

static int
pcie_parse(const xmlNode *node, MvNodeDevPci *pci)
{
    for (xmlNode *cur = mv_xml_child(node, "link"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *validity = mv_xml_prop(cur, "validity");
        MvPcieLink *link = NULL;

        if (g_strcmp0(validity, "cap") == 0)
            link = &pci->link_cap;
        else if (g_strcmp0(validity, "sta") == 0)
            link = &pci->link_sta;
        if (link && !link->present && link_parse(cur, link) < 0)
            return -1;
    }
    pci->pcie = true;
    return 0;
}

static int
class_parse(const xmlNode *node, const char *dev_name, MvNodeDevPci *pci)
{
    g_autofree char *text = mv_xml_child_text(node, "class");

    pci->klass = -1;
    if (!text)
        return 0;
    /* A negative class reads as "none", as in libvirt. */
    if (mv_nodedev_str_to_int(text, 16, &pci->klass) < 0 || pci->klass > 0xffffff) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "invalid PCI class supplied for '%s'", dev_name);
        return -1;
    }
    return 0;
}

int
mv_nodedev_pci_parse(const xmlNode *node, const char *dev_name, MvNodeDevPci *pci)
{
    g_autofree char *numa = NULL;
    xmlNode *child;

    pci->numa_node = -1;
    if (class_parse(node, dev_name, pci) < 0 ||
        mv_nodedev_child_uint(node, "domain", 10, dev_name, "PCI domain ID", &pci->domain) < 0 ||
        mv_nodedev_child_uint(node, "bus", 10, dev_name, "PCI bus ID", &pci->bus) < 0 ||
        mv_nodedev_child_uint(node, "slot", 10, dev_name, "PCI slot ID", &pci->slot) < 0 ||
        mv_nodedev_child_uint(node, "function", 10, dev_name, "PCI function ID", &pci->function) < 0 ||
        mv_nodedev_child_hex_id(node, "vendor", dev_name, "PCI vendor ID", &pci->vendor) < 0 ||
        mv_nodedev_child_hex_id(node, "product", dev_name, "PCI product ID", &pci->product) < 0)
        return -1;
    pci->vendor_name = mv_xml_child_text(node, "vendor");
    pci->product_name = mv_xml_child_text(node, "product");

    for (child = mv_xml_child(node, "capability"); child; child = mv_xml_next(child)) {
        if (sub_capability_parse(child, pci) < 0)
            return -1;
    }

    if ((child = mv_xml_child(node, "iommuGroup"))) {
        if (mv_xml_prop_uint(child, "number", 10, MV_XML_PROP_REQUIRED, &pci->iommu_group) < 0 ||
            addresses_parse(child, &pci->iommu_devices, &pci->niommu_devices) < 0)
            return -1;
    }

    if ((child = mv_xml_child(node, "numa")))
        numa = mv_xml_prop(child, "node");
    if (mv_nodedev_text_int_optional(numa, dev_name, "NUMA node ID", &pci->numa_node) < 0)
        return -1;

    if ((child = mv_xml_child(node, "pci-express")) && pcie_parse(child, pci) < 0)
        return -1;
    return 0;
}

/* <product id='0x1234'>name</product>, or <product id='0x1234'/>. */
static void
id_format(MvXmlBuf *buf, const char *element, unsigned int id, const char *name)
{
    mv_xml_buf_start(buf, element);
    mv_xml_buf_attr_printf(buf, "id", "0x%04x", id);
    if (name)
        mv_xml_buf_text(buf, name);
    mv_xml_buf_end(buf);
}

static void
link_format(MvXmlBuf *buf, const MvPcieLink *link, const char *validity)
{
    if (!link->present)
        return;
    mv_xml_buf_start(buf, "link");
    mv_xml_buf_attr(buf, "validity", validity);
    if (link->port >= 0)
        mv_xml_buf_attr_printf(buf, "port", "%d", link->port);
    if (link->speed)
        mv_xml_buf_attr(buf, "speed", mv_pcie_link_speed_to_string(link->speed));
    mv_xml_buf_attr_uint(buf, "width", link->width);
    mv_xml_buf_end(buf);
}

void
mv_nodedev_pci_format(MvXmlBuf *buf, const MvNodeDevPci *pci)
{
    if (pci->klass >= 0)
        mv_nodedev_text_printf(buf, "class", "0x%06x", (unsigned int) pci->klass);
    mv_nodedev_text_printf(buf, "domain", "%d", (int) pci->domain);
    mv_nodedev_text_printf(buf, "bus", "%u", pci->bus);
    mv_nodedev_text_printf(buf, "slot", "%u", pci->slot);
    mv_nodedev_text_printf(buf, "function", "%u", pci->function);
    id_format(buf, "product", pci->product, pci->product_name);
    id_format(buf, "vendor", pci->vendor, pci->vendor_name);

    if (pci->has_phys_function) {
        mv_xml_buf_start(buf, "capability");
        mv_xml_buf_attr(buf, "type", "phys_function");
        mv_nodedev_pci_addr_format(buf, &pci->phys_function);
        mv_xml_buf_end(buf);
    }
    if (pci->has_virt_functions) {
        mv_xml_buf_start(buf, "capability");
        mv_xml_buf_attr(buf, "type", "virt_functions");
        if (pci->max_virt_functions)
            mv_xml_buf_attr_uint(buf, "maxCount", pci->max_virt_functions);
        for (size_t i = 0; i < pci->nvirt_functions; i++)
            mv_nodedev_pci_addr_format(buf, &pci->virt_functions[i]);
        mv_xml_buf_end(buf);
    }
    if (pci->header_type) {
        mv_xml_buf_start(buf, "capability");
        mv_xml_buf_attr(buf, "type", mv_pci_header_type_to_string(pci->header_type));
        mv_xml_buf_end(buf);
    }
    mv_mdev_types_format(buf, &pci->mdev_types);
    if (pci->vpd)
        vpd_format(buf, pci->vpd);

    if (pci->niommu_devices) {
        mv_xml_buf_start(buf, "iommuGroup");
        mv_xml_buf_attr_uint(buf, "number", pci->iommu_group);
        for (size_t i = 0; i < pci->niommu_devices; i++)
            mv_nodedev_pci_addr_format(buf, &pci->iommu_devices[i]);
        mv_xml_buf_end(buf);
    }
    if (pci->numa_node >= 0) {
        mv_xml_buf_start(buf, "numa");
        mv_xml_buf_attr_printf(buf, "node", "%d", pci->numa_node);
        mv_xml_buf_end(buf);
    }
    if (pci->pcie) {
        mv_xml_buf_start(buf, "pci-express");
        link_format(buf, &pci->link_cap, "cap");
        link_format(buf, &pci->link_sta, "sta");
        mv_xml_buf_end(buf);
    }
}
