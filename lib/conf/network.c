/* Network XML (<network>): the definition, its top-level elements, parse / validate / format. */
#define MV_LOG_MODULE "conf.network"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network.h"

#include <string.h>

#include "kinds.h"
#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_mac_table_manager, MV_MAC_TABLE_LAST, "default", "kernel", "libvirt")

static void
portgroup_clear(MvPortGroup *pg)
{
    g_free(pg->name);
    mv_vlan_clear(&pg->vlan);
    mv_virtual_port_free(pg->virtualport);
    mv_bandwidth_free(pg->bandwidth);
}

void
mv_network_def_free(MvNetworkDef *def)
{
    if (!def)
        return;
    g_free(def->name);
    if (def->metadata)
        xmlFreeDoc(def->metadata);
    mv_network_forward_clear(&def->forward);
    g_free(def->bridge);
    g_free(def->bridge_zone);
    g_free(def->domain);
    mv_network_dns_clear(&def->dns);
    mv_vlan_clear(&def->vlan);
    mv_bandwidth_free(def->bandwidth);
    for (size_t i = 0; i < def->nips; i++)
        mv_network_ip_clear(&def->ips[i]);
    g_free(def->ips);
    for (size_t i = 0; i < def->nroutes; i++)
        mv_network_route_clear(&def->routes[i]);
    g_free(def->routes);
    mv_virtual_port_free(def->virtualport);
    for (size_t i = 0; i < def->nportgroups; i++)
        portgroup_clear(&def->portgroups[i]);
    g_free(def->portgroups);
    g_free(def);
}

static int
portgroup_parse(const xmlNode *node, MvPortGroup *pg)
{
    g_autofree char *is_default = mv_xml_prop(node, "default");
    xmlNode *child;

    if (mv_xml_prop_string(node, "name", MV_XML_PROP_REQUIRED, &pg->name) < 0)
        return -1;
    pg->is_default = is_default && g_ascii_strcasecmp(is_default, "yes") == 0;
    if (mv_xml_prop_tristate_bool(node, "trustGuestRxFilters", MV_XML_PROP_NONE,
                                  &pg->trust_guest_rx_filters) < 0)
        return -1;
    if ((child = mv_xml_child(node, "virtualport")) &&
        !(pg->virtualport = mv_virtual_port_parse(child, false)))
        return -1;
    if ((child = mv_xml_child(node, "bandwidth")) &&
        mv_bandwidth_parse(child, false, NULL, &pg->bandwidth) < 0)
        return -1;
    if ((child = mv_xml_child(node, "vlan")) && mv_vlan_parse(child, &pg->vlan) < 0)
        return -1;
    return 0;
}

static int
uuid_parse(MvNetworkDef *def, const xmlNode *root)
{
    g_autofree char *uuid = mv_xml_child_content(root, "uuid");

    if (!mv_xml_child(root, "uuid")) {
        /* libvirt's parser gives every definition an identity. */
        mv_uuid_generate(def->uuid);
        return 0;
    }
    if (!uuid || mv_uuid_parse(g_strstrip(uuid), def->uuid) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "malformed uuid element '%s' in network '%s'",
                        uuid ? uuid : "", def->name);
        return -1;
    }
    def->uuid_specified = true;
    return 0;
}

static int
bridge_parse(MvNetworkDef *def, const xmlNode *node)
{
    g_autofree char *stp = NULL;
    uint64_t delay = 0;
    int mtm = 0;

    def->bridge = mv_xml_prop(node, "name");
    def->bridge_zone = mv_xml_prop(node, "zone");
    if ((stp = mv_xml_prop(node, "stp"))) {
        def->stp_specified = true;
        def->stp = strcmp(stp, "off") != 0;
    }
    if (mv_xml_prop_uint64(node, "delay", 10, MV_XML_PROP_NONE, &delay) < 0)
        return -1;
    def->delay = delay;
    if (mv_xml_prop_enum(node, "macTableManager", mv_mac_table_manager_from_string,
                         MV_XML_PROP_NONZERO, &mtm) < 0)
        return -1;
    def->mac_table_manager = mtm;
    return 0;
}

static int
mac_parse(MvNetworkDef *def, const xmlNode *node)
{
    g_autofree char *mac = NULL;

    if (mv_xml_prop_string(node, "address", MV_XML_PROP_REQUIRED, &mac) < 0)
        return -1;
    if (mv_mac_parse(mac, &def->mac) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid bridge mac address '%s' in network '%s'",
                        mac, def->name);
        return -1;
    }
    if (mv_mac_is_multicast(&def->mac)) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid multicast bridge mac address '%s' in network '%s'",
                        mac, def->name);
        return -1;
    }
    def->mac_specified = true;
    return 0;
}

/* Static routes; each gateway must be on the subnet of one of the
 * network's own addresses, or the bridge could not reach it. */
static int
routes_parse(MvNetworkDef *def, const xmlNode *root)
{
    xmlNode *node;

    def->routes = g_new0(MvNetworkRoute, mv_xml_child_count(root, "route"));
    for (node = mv_xml_child(root, "route"); node; node = mv_xml_next(node)) {
        if (mv_network_route_parse(def->name, node, &def->routes[def->nroutes]) < 0)
            return -1;
        def->nroutes++;
    }
    for (size_t i = 0; i < def->nroutes; i++) {
        const MvIPAddr *gateway = &def->routes[i].gateway;
        bool reachable = false;

        for (size_t j = 0; j < def->nips && !reachable; j++) {
            int prefix = mv_network_ip_prefix(&def->ips[j]);

            reachable = prefix >= 0 && mv_ip_same_network(&def->ips[j].address, gateway, prefix);
        }
        if (!reachable) {
            g_autofree char *gw = mv_ip_addr_format(gateway);

            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "unreachable static route gateway '%s' specified for network '%s'",
                            gw, def->name);
            return -1;
        }
    }
    return 0;
}

/* The rules that tie the top-level elements to the forward mode. */
static int
forward_validate(const MvNetworkDef *def)
{
    const char *mode = mv_forward_mode_to_string(def->forward.mode);

    switch (def->forward.mode) {
    case MV_FORWARD_NONE:
        break;
    case MV_FORWARD_ROUTE:
    case MV_FORWARD_NAT:
    case MV_FORWARD_OPEN:
        if (def->nips == 0) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "%s forwarding requested, but no IP address provided for network '%s'",
                            mode, def->name);
            return -1;
        }
        if (def->forward.nifs > 1) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "multiple forwarding interfaces specified for network '%s', only one is supported",
                            def->name);
            return -1;
        }
        if (def->forward.mode == MV_FORWARD_OPEN && def->forward.nifs) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "forward dev not allowed for network '%s' with forward mode='%s'",
                            def->name, mode);
            return -1;
        }
        break;
    case MV_FORWARD_PRIVATE:
    case MV_FORWARD_VEPA:
    case MV_FORWARD_PASSTHROUGH:
    case MV_FORWARD_HOSTDEV:
        if (def->bridge) {
            mv_report_error(VIR_ERR_XML_ERROR, "bridge name not allowed in %s mode (network '%s')",
                            mode, def->name);
            return -1;
        }
        if (def->bridge_zone) {
            mv_report_error(VIR_ERR_XML_ERROR, "bridge zone not allowed in %s mode (network '%s')",
                            mode, def->name);
            return -1;
        }
        if (def->mac_table_manager) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "bridge macTableManager setting not allowed in %s mode (network '%s')",
                            mode, def->name);
            return -1;
        }
        G_GNUC_FALLTHROUGH;
    case MV_FORWARD_BRIDGE:
        if (def->delay || def->stp_specified || def->bridge_zone) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "bridge delay/stp/zone options only allowed in route, nat, and isolated mode, not in %s (network '%s')",
                            mode, def->name);
            return -1;
        }
        if (def->bridge && (def->forward.nifs || def->forward.pf_dev)) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "A network with forward mode='%s' can specify a bridge name or a forward dev, but not both (network '%s')",
                            mode, def->name);
            return -1;
        }
        if (def->mtu) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "mtu size only allowed in open, route, nat, and isolated mode, not in %s (network '%s')",
                            mode, def->name);
            return -1;
        }
        break;
    case MV_FORWARD_LAST:
        break;
    }
    return 0;
}

static int
top_parse(MvNetworkDef *def, const xmlNode *root)
{
    g_autofree char *ipv6 = mv_xml_prop(root, "ipv6");
    xmlNode *node;
    size_t i;

    if (ipv6) {
        if (strcmp(ipv6, "yes") != 0 && strcmp(ipv6, "no") != 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "Invalid ipv6 setting '%s' in network '%s'",
                            ipv6, def->name);
            return -1;
        }
        def->ipv6_nogw = strcmp(ipv6, "yes") == 0;
    }
    if (mv_xml_prop_uint(root, "connections", 10, MV_XML_PROP_NONE, &def->connections) < 0 ||
        mv_xml_prop_tristate_bool(root, "trustGuestRxFilters", MV_XML_PROP_NONE,
                                  &def->trust_guest_rx_filters) < 0)
        return -1;

    if ((node = mv_xml_child(root, "domain"))) {
        def->domain = mv_xml_prop(node, "name");
        if (mv_xml_prop_tristate_bool(node, "localOnly", MV_XML_PROP_NONE,
                                      &def->domain_local_only) < 0)
            return -1;
    }
    if ((node = mv_xml_child(root, "bandwidth")) &&
        mv_bandwidth_parse(node, false, NULL, &def->bandwidth) < 0)
        return -1;
    if ((node = mv_xml_child(root, "vlan")) && mv_vlan_parse(node, &def->vlan) < 0)
        return -1;
    if ((node = mv_xml_child(root, "port")) &&
        mv_xml_prop_tristate_bool(node, "isolated", MV_XML_PROP_NONE, &def->isolated_port) < 0)
        return -1;
    def->stp = true;
    if ((node = mv_xml_child(root, "bridge")) && bridge_parse(def, node) < 0)
        return -1;
    if ((node = mv_xml_child(root, "mac")) && mac_parse(def, node) < 0)
        return -1;
    if ((node = mv_xml_child(root, "mtu")) &&
        mv_xml_prop_uint(node, "size", 10, MV_XML_PROP_REQUIRED, &def->mtu) < 0)
        return -1;
    if ((node = mv_xml_child(root, "dns")) && mv_network_dns_parse(def->name, node, &def->dns) < 0)
        return -1;
    if ((node = mv_xml_child(root, "virtualport")) &&
        !(def->virtualport = mv_virtual_port_parse(node, true)))
        return -1;

    def->portgroups = g_new0(MvPortGroup, mv_xml_child_count(root, "portgroup"));
    for (node = mv_xml_child(root, "portgroup"); node; node = mv_xml_next(node)) {
        if (portgroup_parse(node, &def->portgroups[def->nportgroups++]) < 0)
            return -1;
    }
    for (i = 0; i < def->nportgroups; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(def->portgroups[i].name, def->portgroups[j].name) == 0) {
                mv_report_error(VIR_ERR_XML_ERROR, "portgroup '%s' defined twice in network '%s'",
                                def->portgroups[i].name, def->name);
                return -1;
            }
            if (def->portgroups[i].is_default && def->portgroups[j].is_default) {
                mv_report_error(VIR_ERR_XML_ERROR,
                                "network '%s' has multiple default <portgroup> elements (%s and %s), but only one default is allowed",
                                def->name, def->portgroups[j].name, def->portgroups[i].name);
                return -1;
            }
        }
    }

    def->ips = g_new0(MvNetworkIP, mv_xml_child_count(root, "ip"));
    for (node = mv_xml_child(root, "ip"); node; node = mv_xml_next(node)) {
        if (mv_network_ip_parse(def->name, node, &def->ips[def->nips]) < 0)
            return -1;
        def->nips++;
    }
    if (routes_parse(def, root) < 0)
        return -1;

    if ((node = mv_xml_child(root, "forward")) &&
        mv_network_forward_parse(def->name, node, &def->forward) < 0)
        return -1;

    if ((node = mv_xml_child(root, "metadata")) && !(def->metadata = mv_xml_subtree_copy(node)))
        return -1;
    return 0;
}

MvNetworkDef *
mv_network_def_parse_node(const xmlNode *root)
{
    g_autoptr(MvNetworkDef) def = g_new0(MvNetworkDef, 1);

    def->name = mv_xml_child_content(root, "name");
    if (!def->name || !*def->name) {
        mv_report_error(VIR_ERR_NO_NAME, "%s", "network");
        return NULL;
    }
    if (strchr(def->name, '/')) {
        mv_report_error(VIR_ERR_XML_DETAIL, "invalid char in network name '%s': /", def->name);
        return NULL;
    }

    if (uuid_parse(def, root) < 0 || top_parse(def, root) < 0 || forward_validate(def) < 0)
        return NULL;

    MV_DEBUG("parsed network '%s'", def->name);
    return g_steal_pointer(&def);
}

MvNetworkDef *
mv_network_def_parse_string(const char *xml)
{
    g_autoptr(xmlDoc) doc = mv_xml_parse_string(xml, "network");

    if (!doc)
        return NULL;
    return mv_network_def_parse_node(xmlDocGetRootElement(doc));
}

static void
portgroup_format(MvXmlBuf *buf, const MvPortGroup *pg)
{
    mv_xml_buf_start(buf, "portgroup");
    mv_xml_buf_attr(buf, "name", pg->name);
    if (pg->is_default)
        mv_xml_buf_attr(buf, "default", "yes");
    mv_xml_buf_attr_tristate_bool(buf, "trustGuestRxFilters", pg->trust_guest_rx_filters);
    mv_xml_buf_open_children(buf);
    mv_vlan_format(buf, &pg->vlan);
    mv_virtual_port_format(buf, pg->virtualport);
    mv_bandwidth_format(buf, pg->bandwidth, 0);
    mv_xml_buf_end(buf);
}

static void
bridge_format(MvXmlBuf *buf, const MvNetworkDef *def)
{
    /* Isolated, nat, route and open networks own their bridge, so its stp
     * and delay are always written; the other modes only name one. */
    bool own = def->forward.mode == MV_FORWARD_NONE || def->forward.mode == MV_FORWARD_NAT ||
               def->forward.mode == MV_FORWARD_ROUTE || def->forward.mode == MV_FORWARD_OPEN;

    if (!own && !def->bridge && !def->mac_table_manager)
        return;
    mv_xml_buf_start(buf, "bridge");
    mv_xml_buf_attr(buf, "name", def->bridge);
    mv_xml_buf_attr(buf, "zone", def->bridge_zone);
    if (own) {
        mv_xml_buf_attr(buf, "stp", def->stp ? "on" : "off");
        mv_xml_buf_attr_uint(buf, "delay", def->delay);
    }
    if (def->mac_table_manager)
        mv_xml_buf_attr(buf, "macTableManager", mv_mac_table_manager_to_string(def->mac_table_manager));
    mv_xml_buf_end(buf);
}

char *
mv_network_def_format(const MvNetworkDef *def, unsigned int flags)
{
    g_auto(MvXmlBuf) buf = { 0 };
    char uuidstr[MV_UUID_STRING_BUFLEN];
    char macstr[MV_MAC_STRING_BUFLEN];

    mv_xml_buf_init(&buf);
    mv_xml_buf_start(&buf, "network");
    if (!(flags & MV_CONF_FORMAT_INACTIVE) && def->connections > 0)
        mv_xml_buf_attr_uint(&buf, "connections", def->connections);
    if (def->ipv6_nogw)
        mv_xml_buf_attr(&buf, "ipv6", "yes");
    mv_xml_buf_attr_tristate_bool(&buf, "trustGuestRxFilters", def->trust_guest_rx_filters);

    mv_xml_buf_text_element(&buf, "name", def->name);
    mv_xml_buf_text_element(&buf, "uuid", mv_uuid_format(def->uuid, uuidstr));
    if (def->metadata)
        mv_xml_buf_subtree(&buf, def->metadata);

    mv_network_forward_format(&buf, &def->forward, flags);
    bridge_format(&buf, def);

    if (def->mtu) {
        mv_xml_buf_start(&buf, "mtu");
        mv_xml_buf_attr_uint(&buf, "size", def->mtu);
        mv_xml_buf_end(&buf);
    }
    if (def->mac_specified) {
        mv_xml_buf_start(&buf, "mac");
        mv_xml_buf_attr(&buf, "address", mv_mac_format(&def->mac, macstr));
        mv_xml_buf_end(&buf);
    }
    if (def->domain) {
        mv_xml_buf_start(&buf, "domain");
        mv_xml_buf_attr(&buf, "name", def->domain);
        mv_xml_buf_attr_tristate_bool(&buf, "localOnly", def->domain_local_only);
        mv_xml_buf_end(&buf);
    }

    mv_network_dns_format(&buf, &def->dns);
    mv_vlan_format(&buf, &def->vlan);
    mv_bandwidth_format(&buf, def->bandwidth, 0);
    if (def->isolated_port) {
        mv_xml_buf_start(&buf, "port");
        mv_xml_buf_attr_tristate_bool(&buf, "isolated", def->isolated_port);
        mv_xml_buf_end(&buf);
    }
    for (size_t i = 0; i < def->nips; i++)
        mv_network_ip_format(&buf, &def->ips[i]);
    for (size_t i = 0; i < def->nroutes; i++)
        mv_network_route_format(&buf, &def->routes[i]);
    mv_virtual_port_format(&buf, def->virtualport);
    for (size_t i = 0; i < def->nportgroups; i++)
        portgroup_format(&buf, &def->portgroups[i]);

    mv_xml_buf_end(&buf);
    return mv_xml_buf_steal(&buf);
}
