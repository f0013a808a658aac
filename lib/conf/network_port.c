/* Network port XML (<networkport>): a guest interface's connection to a network, parse / format. */
#define MV_LOG_MODULE "conf.networkport"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_port.h"

#include <string.h>

#include "util/error.h"

MV_ENUM_IMPL(mv_port_plug_type, MV_PORT_PLUG_LAST,
             "none", "network", "bridge", "direct", "hostdev-pci")
MV_ENUM_IMPL(mv_macvlan_mode, MV_MACVLAN_LAST, "vepa", "private", "bridge", "passthrough")

void
mv_network_port_def_free(MvNetworkPortDef *def)
{
    if (!def)
        return;
    g_free(def->owner_name);
    g_free(def->group);
    mv_virtual_port_free(def->virtualport);
    mv_bandwidth_free(def->bandwidth);
    mv_vlan_clear(&def->vlan);
    g_free(def->plug_bridge);
    g_free(def->plug_dev);
    g_free(def);
}

/* libvirt reports a port's missing or bad identity as an internal error:
 * ports are written by the network driver, not by users. */
static int
port_uuid(const xmlNode *parent, const char *what, unsigned char ret_uuid[MV_UUID_BUFLEN])
{
    g_autofree char *text = mv_xml_child_content(parent, "uuid");

    if (!text) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "network port has no %s", what);
        return -1;
    }
    if (mv_uuid_parse(g_strstrip(text), ret_uuid) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "Unable to parse %s '%s'", what, text);
        return -1;
    }
    return 0;
}

static int
plug_parse(MvNetworkPortDef *def, const xmlNode *plug)
{
    int type = 0;
    int v = 0;
    xmlNode *child;

    if (mv_xml_prop_enum(plug, "type", mv_port_plug_type_from_string, MV_XML_PROP_NONE, &type) < 0)
        return -1;
    def->plug_type = type;

    switch (def->plug_type) {
    case MV_PORT_PLUG_NONE:
    case MV_PORT_PLUG_LAST:
        break;
    case MV_PORT_PLUG_NETWORK:
    case MV_PORT_PLUG_BRIDGE:
        if (!(def->plug_bridge = mv_xml_prop(plug, "bridge"))) {
            mv_report_error(VIR_ERR_XML_ERROR, "Missing network port bridge name in <plug type='%s'>",
                            mv_port_plug_type_to_string(def->plug_type));
            return -1;
        }
        if (mv_xml_prop_enum(plug, "macTableManager", mv_mac_table_manager_from_string,
                             MV_XML_PROP_NONZERO, &v) < 0)
            return -1;
        def->plug_mac_table_manager = v;
        break;
    case MV_PORT_PLUG_DIRECT:
        if (!(def->plug_dev = mv_xml_prop(plug, "dev"))) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing network port link device name in <plug type='direct'>");
            return -1;
        }
        if (mv_xml_prop_enum(plug, "mode", mv_macvlan_mode_from_string, MV_XML_PROP_NONE, &v) < 0)
            return -1;
        def->plug_mode = v;
        break;
    case MV_PORT_PLUG_HOSTDEV_PCI:
        if (mv_xml_prop_tristate_bool(plug, "managed", MV_XML_PROP_NONE, &def->plug_managed) < 0)
            return -1;
        if ((child = mv_xml_child(plug, "driver"))) {
            if (mv_xml_prop_enum(child, "name", mv_forward_driver_from_string,
                                 MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &v) < 0)
                return -1;
            def->plug_driver = v;
        }
        if (!(child = mv_xml_child(plug, "address"))) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing network port PCI address in <plug type='hostdev-pci'>");
            return -1;
        }
        if (mv_xml_pci_addr_parse(child, &def->plug_pci) < 0)
            return -1;
        break;
    }
    return 0;
}

MvNetworkPortDef *
mv_network_port_def_parse_node(const xmlNode *root)
{
    g_autoptr(MvNetworkPortDef) def = g_new0(MvNetworkPortDef, 1);
    g_autofree char *mac = NULL;
    xmlNode *owner = mv_xml_child(root, "owner");
    xmlNode *node;

    if (port_uuid(root, "uuid", def->uuid) < 0)
        return NULL;
    if (!owner || !(def->owner_name = mv_xml_child_content(owner, "name"))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "network port has no owner name");
        return NULL;
    }
    if (port_uuid(owner, "owner UUID", def->owner_uuid) < 0)
        return NULL;
    def->group = mv_xml_child_content(root, "group");

    if ((node = mv_xml_child(root, "virtualport")) &&
        !(def->virtualport = mv_virtual_port_parse(node, false)))
        return NULL;

    if (!(node = mv_xml_child(root, "mac")) || !(mac = mv_xml_prop(node, "address"))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "network port has no mac");
        return NULL;
    }
    if (mv_mac_parse(mac, &def->mac) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "Unable to parse MAC '%s'", mac);
        return NULL;
    }

    if ((node = mv_xml_child(root, "bandwidth")) &&
        mv_bandwidth_parse(node, true, &def->class_id, &def->bandwidth) < 0)
        return NULL;
    if ((node = mv_xml_child(root, "vlan")) && mv_vlan_parse(node, &def->vlan) < 0)
        return NULL;
    if ((node = mv_xml_child(root, "port")) &&
        mv_xml_prop_tristate_bool(node, "isolated", MV_XML_PROP_NONE, &def->isolated_port) < 0)
        return NULL;
    if ((node = mv_xml_child(root, "rxfilters")) &&
        mv_xml_prop_tristate_bool(node, "trustGuest", MV_XML_PROP_NONE,
                                  &def->trust_guest_rx_filters) < 0)
        return NULL;
    if ((node = mv_xml_child(root, "plug")) && plug_parse(def, node) < 0)
        return NULL;

    return g_steal_pointer(&def);
}

MvNetworkPortDef *
mv_network_port_def_parse_string(const char *xml)
{
    g_autoptr(xmlDoc) doc = mv_xml_parse_string(xml, "networkport");

    if (!doc)
        return NULL;
    return mv_network_port_def_parse_node(xmlDocGetRootElement(doc));
}

static void
plug_format(MvXmlBuf *buf, const MvNetworkPortDef *def)
{
    if (def->plug_type == MV_PORT_PLUG_NONE)
        return;

    mv_xml_buf_start(buf, "plug");
    mv_xml_buf_attr(buf, "type", mv_port_plug_type_to_string(def->plug_type));
    switch (def->plug_type) {
    case MV_PORT_PLUG_NONE:
    case MV_PORT_PLUG_LAST:
        break;
    case MV_PORT_PLUG_NETWORK:
    case MV_PORT_PLUG_BRIDGE:
        mv_xml_buf_attr(buf, "bridge", def->plug_bridge);
        if (def->plug_mac_table_manager)
            mv_xml_buf_attr(buf, "macTableManager",
                            mv_mac_table_manager_to_string(def->plug_mac_table_manager));
        break;
    case MV_PORT_PLUG_DIRECT:
        mv_xml_buf_attr(buf, "dev", def->plug_dev);
        mv_xml_buf_attr(buf, "mode", mv_macvlan_mode_to_string(def->plug_mode));
        break;
    case MV_PORT_PLUG_HOSTDEV_PCI:
        mv_xml_buf_attr_tristate_bool(buf, "managed", def->plug_managed);
        if (def->plug_driver) {
            mv_xml_buf_start(buf, "driver");
            mv_xml_buf_attr(buf, "name", mv_forward_driver_to_string(def->plug_driver));
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_start(buf, "address");
        mv_xml_buf_attr_printf(buf, "domain", "0x%04x", def->plug_pci.domain);
        mv_xml_buf_attr_printf(buf, "bus", "0x%02x", def->plug_pci.bus);
        mv_xml_buf_attr_printf(buf, "slot", "0x%02x", def->plug_pci.slot);
        mv_xml_buf_attr_printf(buf, "function", "0x%x", def->plug_pci.function);
        mv_xml_buf_end(buf);
        break;
    }
    mv_xml_buf_end(buf);
}

char *
mv_network_port_def_format(const MvNetworkPortDef *def, unsigned int flags)
{
    g_auto(MvXmlBuf) buf = { 0 };
    char uuidstr[MV_UUID_STRING_BUFLEN];
    char macstr[MV_MAC_STRING_BUFLEN];

    mv_xml_buf_init(&buf);
    mv_xml_buf_start(&buf, "networkport");
    mv_xml_buf_text_element(&buf, "uuid", mv_uuid_format(def->uuid, uuidstr));
    mv_xml_buf_start(&buf, "owner");
    mv_xml_buf_text_element(&buf, "name", def->owner_name);
    mv_xml_buf_text_element(&buf, "uuid", mv_uuid_format(def->owner_uuid, uuidstr));
    mv_xml_buf_end(&buf);
    mv_xml_buf_text_element(&buf, "group", def->group);
    mv_xml_buf_start(&buf, "mac");
    mv_xml_buf_attr(&buf, "address", mv_mac_format(&def->mac, macstr));
    mv_xml_buf_end(&buf);
    mv_virtual_port_format(&buf, def->virtualport);
    mv_bandwidth_format(&buf, def->bandwidth, def->class_id);
    mv_vlan_format(&buf, &def->vlan);
    if (def->isolated_port) {
        mv_xml_buf_start(&buf, "port");
        mv_xml_buf_attr_tristate_bool(&buf, "isolated", def->isolated_port);
        mv_xml_buf_end(&buf);
    }
    if (def->trust_guest_rx_filters) {
        mv_xml_buf_start(&buf, "rxfilters");
        mv_xml_buf_attr_tristate_bool(&buf, "trustGuest", def->trust_guest_rx_filters);
        mv_xml_buf_end(&buf);
    }
    plug_format(&buf, def);
    mv_xml_buf_end(&buf);
    return mv_xml_buf_steal(&buf);
}
