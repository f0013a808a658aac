/* Domain <interface>: the <source> of each connection type, and the <ip> / <route> lists of the guest and host sides. */
#define MV_LOG_MODULE "conf.domain_interface"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_interface.h"

#include <string.h>
#include <sys/socket.h>

#include "util/error.h"

/* <ip> and <route> ------------------------------------------------------- */

static void
route_free(gpointer data)
{
    MvNetRoute *route = data;

    g_free(route->family);
    g_free(route);
}

void
mv_net_ip_info_clear(MvNetIPInfo *info)
{
    g_clear_pointer(&info->ips, g_ptr_array_unref);
    g_clear_pointer(&info->routes, g_ptr_array_unref);
}

bool
mv_net_ip_info_is_empty(const MvNetIPInfo *info)
{
    return (!info->ips || info->ips->len == 0) && (!info->routes || info->routes->len == 0);
}

static MvNetIP *
ip_parse(const xmlNode *node)
{
    g_autofree MvNetIP *ip = g_new0(MvNetIP, 1);
    g_autofree char *address = mv_xml_prop(node, "address");
    g_autofree char *family = mv_xml_prop(node, "family");
    g_autofree char *prefix = mv_xml_prop(node, "prefix");
    g_autofree char *peer = NULL;
    int want = AF_UNSPEC;

    if (!address) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing required address in <ip>");
        return NULL;
    }
    if (g_strcmp0(family, "ipv4") == 0)
        want = AF_INET;
    else if (g_strcmp0(family, "ipv6") == 0)
        want = AF_INET6;
    if (mv_ip_addr_parse(address, &ip->address) < 0 ||
        (want != AF_UNSPEC && ip->address.family != want)) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid address '%s' in <ip>", address);
        return NULL;
    }
    if (prefix) {
        guint64 v = 0;
        char *end = NULL;

        if (g_ascii_isdigit(prefix[0]))
            v = g_ascii_strtoull(prefix, &end, 10);
        if (!end || *end || v > G_MAXUINT ||
            (ip->address.family == AF_INET && v > 32) ||
            (ip->address.family == AF_INET6 && v > 128)) {
            mv_report_error(VIR_ERR_XML_ERROR, "Invalid prefix value '%s' in <ip>", prefix);
            return NULL;
        }
        ip->prefix = v;
    }
    if ((peer = mv_xml_prop(node, "peer")) &&
        (mv_ip_addr_parse(peer, &ip->peer) < 0 ||
         (want != AF_UNSPEC && ip->peer.family != want))) {
        mv_report_error(VIR_ERR_INVALID_ARG, "Invalid peer '%s' in <ip>", peer);
        return NULL;
    }
    return g_steal_pointer(&ip);
}

static MvNetRoute *
route_parse(const xmlNode *node, const char *what)
{
    MvNetRoute *route = g_new0(MvNetRoute, 1);
    g_autoptr(GPtrArray) owner = g_ptr_array_new_with_free_func(route_free);
    g_autofree char *address = mv_xml_prop(node, "address");
    g_autofree char *netmask = mv_xml_prop(node, "netmask");
    g_autofree char *gateway = mv_xml_prop(node, "gateway");
    int rc;

    g_ptr_array_add(owner, route);
    route->family = mv_xml_prop(node, "family");
    if ((rc = mv_xml_prop_uint(node, "prefix", 10, MV_XML_PROP_NONE, &route->prefix)) < 0)
        return NULL;
    route->has_prefix = rc > 0;
    if ((rc = mv_xml_prop_uint(node, "metric", 10, MV_XML_PROP_NONZERO, &route->metric)) < 0)
        return NULL;
    route->has_metric = rc > 0;

    if (!address) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s: Missing required address attribute in route definition",
                        what);
        return NULL;
    }
    if (!gateway) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s: Missing required gateway attribute in route definition",
                        what);
        return NULL;
    }
    if (mv_ip_addr_parse(address, &route->address) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s: Bad network address '%s' in route definition",
                        what, address);
        return NULL;
    }
    if (mv_ip_addr_parse(gateway, &route->gateway) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s: Bad gateway address '%s' in route definition",
                        what, gateway);
        return NULL;
    }

    if (!route->family || strcmp(route->family, "ipv4") == 0) {
        const char *how = route->family ? "IPv4 family specified" : "No family specified";

        if (route->address.family != AF_INET) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s: %s for non-IPv4 address '%s' in route definition",
                            what, how, address);
            return NULL;
        }
        if (route->gateway.family != AF_INET) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s: %s for non-IPv4 gateway '%s' in route definition",
                            what, how, address);
            return NULL;
        }
        if (netmask) {
            if (mv_ip_addr_parse(netmask, &route->netmask) < 0) {
                mv_report_error(VIR_ERR_XML_ERROR, "%s: Bad netmask address '%s' in route definition",
                                what, netmask);
                return NULL;
            }
            if (route->netmask.family != AF_INET) {
                mv_report_error(VIR_ERR_XML_ERROR,
                                "%s: Invalid netmask '%s' for address '%s' (both must be IPv4)",
                                what, netmask, address);
                return NULL;
            }
            if (route->has_prefix) {
                mv_report_error(VIR_ERR_XML_ERROR,
                                "%s: Route definition cannot have both a prefix and a netmask", what);
                return NULL;
            }
        }
        if (route->prefix > 32) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "%s: Invalid prefix %u specified in route definition, must be 0 - 32",
                            what, route->prefix);
            return NULL;
        }
    } else if (strcmp(route->family, "ipv6") == 0) {
        if (route->address.family != AF_INET6) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "%s: ipv6 family specified for non-IPv6 address '%s' in route definition",
                            what, address);
            return NULL;
        }
        if (netmask) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "%s: Specifying netmask invalid for IPv6 address '%s' in route definition",
                            what, address);
            return NULL;
        }
        if (route->gateway.family != AF_INET6) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "%s: ipv6 specified for non-IPv6 gateway address '%s' in route definition",
                            what, gateway);
            return NULL;
        }
        if (route->prefix > 128) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "%s: Invalid prefix %u specified in route definition, must be 0 - 128",
                            what, route->prefix);
            return NULL;
        }
    } else {
        mv_report_error(VIR_ERR_XML_ERROR, "%s: Unrecognized family '%s' in route definition",
                        what, route->family);
        return NULL;
    }

    return g_ptr_array_steal_index(owner, 0);
}

int
mv_net_ip_info_parse(const xmlNode *parent, const char *what, MvNetIPInfo *info)
{
    for (xmlNode *n = mv_xml_child(parent, "ip"); n; n = mv_xml_next(n)) {
        MvNetIP *ip = ip_parse(n);

        if (!ip)
            return -1;
        if (!info->ips)
            info->ips = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(info->ips, ip);
    }
    for (xmlNode *n = mv_xml_child(parent, "route"); n; n = mv_xml_next(n)) {
        MvNetRoute *route = route_parse(n, what);

        if (!route)
            return -1;
        if (!info->routes)
            info->routes = g_ptr_array_new_with_free_func(route_free);
        g_ptr_array_add(info->routes, route);
    }
    return 0;
}

void
mv_net_ip_info_format(MvXmlBuf *buf, const MvNetIPInfo *info)
{
    for (guint i = 0; info->ips && i < info->ips->len; i++) {
        const MvNetIP *ip = g_ptr_array_index(info->ips, i);
        g_autofree char *address = mv_ip_addr_format(&ip->address);
        g_autofree char *peer = mv_ip_addr_format(&ip->peer);

        mv_xml_buf_start(buf, "ip");
        mv_xml_buf_attr(buf, "address", address);
        mv_xml_buf_attr(buf, "family", ip->address.family == AF_INET6 ? "ipv6" : "ipv4");
        if (ip->prefix)
            mv_xml_buf_attr_uint(buf, "prefix", ip->prefix);
        mv_xml_buf_attr(buf, "peer", peer);
        mv_xml_buf_end(buf);
    }
    for (guint i = 0; info->routes && i < info->routes->len; i++) {
        const MvNetRoute *route = g_ptr_array_index(info->routes, i);
        g_autofree char *address = mv_ip_addr_format(&route->address);
        g_autofree char *netmask = mv_ip_addr_format(&route->netmask);
        g_autofree char *gateway = mv_ip_addr_format(&route->gateway);

        mv_xml_buf_start(buf, "route");
        mv_xml_buf_attr(buf, "family", route->family);
        mv_xml_buf_attr(buf, "address", address);
        mv_xml_buf_attr(buf, "netmask", netmask);
        if (route->has_prefix)
            mv_xml_buf_attr_uint(buf, "prefix", route->prefix);
        mv_xml_buf_attr(buf, "gateway", gateway);
        if (route->has_metric && route->metric > 0)
            mv_xml_buf_attr_uint(buf, "metric", route->metric);
        mv_xml_buf_end(buf);
    }
}

/* <source> --------------------------------------------------------------- */

static int
require_source(const MvDomainNet *def, const xmlNode *source)
{
    if (!source) {
        mv_report_error(VIR_ERR_XML_ERROR, "interface type='%s' requires a 'source' element",
                        mv_net_type_to_string(def->type));
        return -1;
    }
    return 0;
}

static int
prop_required(const xmlNode *node, const char *name, char **ret_value)
{
    return mv_xml_prop_string(node, name, MV_XML_PROP_REQUIRED, ret_value) < 0 ? -1 : 0;
}

static int
int_prop(const xmlNode *node, const char *name, int *ret_value)
{
    g_autofree char *text = NULL;
    char *end = NULL;
    gint64 v;

    if (mv_xml_prop_string(node, name, MV_XML_PROP_REQUIRED, &text) < 0)
        return -1;
    v = g_ascii_strtoll(text, &end, 10);
    if (!*text || *end || v < G_MININT || v > G_MAXINT) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid value for attribute '%s' in element '%s': '%s'.",
                        name, (const char *) node->name, text);
        return -1;
    }
    *ret_value = (int) v;
    return 0;
}

static int
llong_prop(const xmlNode *node, const char *name, long long *ret_value)
{
    g_autofree char *text = NULL;
    char *end = NULL;

    if (mv_xml_prop_string(node, name, MV_XML_PROP_REQUIRED, &text) < 0)
        return -1;
    *ret_value = g_ascii_strtoll(text, &end, 0);
    if (!*text || *end) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid value for attribute '%s' in element '%s': '%s'.",
                        name, (const char *) node->name, text);
        return -1;
    }
    return 0;
}

static int
vhostuser_parse(MvDomainNet *def, const xmlNode *source)
{
    g_autofree char *type = NULL;
    g_autofree char *mode = NULL;
    xmlNode *reconnect;

    if (prop_required(source, "type", &type) < 0)
        return -1;
    if (strcmp(type, "unix") != 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "Type='%s' unsupported for <interface type='vhostuser'>", type);
        return -1;
    }
    if (prop_required(source, "path", &def->data.vhostuser.path) < 0 ||
        prop_required(source, "mode", &mode) < 0)
        return -1;
    if (strcmp(mode, "server") == 0) {
        def->data.vhostuser.server = true;
    } else if (strcmp(mode, "client") != 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid value for attribute 'mode' in element 'source': '%s'.",
                        mode);
        return -1;
    }
    if ((reconnect = mv_xml_child(source, "reconnect"))) {
        if (mv_xml_prop_tristate_bool(reconnect, "enabled", MV_XML_PROP_NONE,
                                      &def->data.vhostuser.reconnect) < 0)
            return -1;
        if (def->data.vhostuser.reconnect == MV_TRISTATE_YES &&
            mv_xml_prop_uint(reconnect, "timeout", 10, MV_XML_PROP_REQUIRED,
                             &def->data.vhostuser.reconnect_timeout) < 0)
            return -1;
    }
    return 0;
}

static int
socket_parse(MvDomainNet *def, const xmlNode *source)
{
    xmlNode *local;

    if (def->type != MV_NET_TYPE_SERVER) {
        if (prop_required(source, "address", &def->data.socket.address) < 0)
            return -1;
    } else {
        def->data.socket.address = mv_xml_prop(source, "address");
    }
    if (int_prop(source, "port", &def->data.socket.port) < 0)
        return -1;
    if (def->type != MV_NET_TYPE_UDP)
        return 0;

    if (!(local = mv_xml_child(source, "local"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "'<local>' element missing for 'udp' socket interface");
        return -1;
    }
    if (prop_required(local, "address", &def->data.socket.local_address) < 0 ||
        int_prop(local, "port", &def->data.socket.local_port) < 0)
        return -1;
    return 0;
}

/* An <interface type='hostdev'> names its source type in the address,
 * and a <vendor> alone implies USB. */
static int
hostdev_parse(MvDomainNet *def, const xmlNode *node, const xmlNode *source)
{
    xmlNode *address = source ? mv_xml_child(source, "address") : NULL;
    g_autofree char *type = address ? mv_xml_prop(address, "type") : NULL;

    if (!type && source && mv_xml_child(source, "vendor"))
        type = g_strdup("usb");
    return mv_hostdev_subsys_parse(node, type, &def->data.hostdev);
}

int
mv_domain_net_source_parse(MvDomainNet *def, const xmlNode *node, unsigned int flags)
{
    xmlNode *source = mv_xml_child(node, "source");
    int v = 0;

    if (source && mv_net_ip_info_parse(source, "interface host IP", &def->host_ip) < 0)
        return -1;

    switch (def->type) {
    case MV_NET_TYPE_NETWORK:
        if (require_source(def, source) < 0 ||
            prop_required(source, "network", &def->data.network.name) < 0)
            return -1;
        def->data.network.portgroup = mv_xml_prop(source, "portgroup");
        if (!(flags & MV_DOMAIN_XML_INACTIVE)) {
            int rc = mv_xml_prop_uuid(source, "portid", MV_XML_PROP_NONE, def->data.network.portid);

            if (rc < 0)
                return -1;
            def->data.network.has_portid = rc > 0;
            def->data.network.bridge = mv_xml_prop(source, "bridge");
        }
        break;
    case MV_NET_TYPE_VDS:
        if (require_source(def, source) < 0 ||
            mv_xml_prop_uuid(source, "switchid", MV_XML_PROP_REQUIRED, def->data.vds.switch_id) < 0 ||
            llong_prop(source, "portid", &def->data.vds.port_id) < 0 ||
            prop_required(source, "portgroupid", &def->data.vds.portgroup_id) < 0 ||
            llong_prop(source, "connectionid", &def->data.vds.connection_id) < 0)
            return -1;
        break;
    case MV_NET_TYPE_INTERNAL:
        if (require_source(def, source) < 0 ||
            prop_required(source, "name", &def->data.internal.name) < 0)
            return -1;
        break;
    case MV_NET_TYPE_BRIDGE:
        if (require_source(def, source) < 0 ||
            prop_required(source, "bridge", &def->data.bridge.brname) < 0)
            return -1;
        break;
    case MV_NET_TYPE_DIRECT:
        if (require_source(def, source) < 0 ||
            prop_required(source, "dev", &def->data.direct.linkdev) < 0 ||
            mv_xml_prop_enum(source, "mode", mv_net_direct_mode_from_string,
                             MV_XML_PROP_NONE, &v) < 0)
            return -1;
        def->data.direct.mode = v;
        break;
    case MV_NET_TYPE_VHOSTUSER:
        if (require_source(def, source) < 0 || vhostuser_parse(def, source) < 0)
            return -1;
        break;
    case MV_NET_TYPE_VDPA:
        if (require_source(def, source) < 0 ||
            prop_required(source, "dev", &def->data.vdpa.devicepath) < 0)
            return -1;
        break;
    case MV_NET_TYPE_SERVER:
    case MV_NET_TYPE_CLIENT:
    case MV_NET_TYPE_MCAST:
    case MV_NET_TYPE_UDP:
        if (require_source(def, source) < 0 || socket_parse(def, source) < 0)
            return -1;
        break;
    case MV_NET_TYPE_HOSTDEV:
        if (hostdev_parse(def, node, source) < 0)
            return -1;
        break;
    case MV_NET_TYPE_USER:
        if (source)
            def->source_dev = mv_xml_prop(source, "dev");
        break;
    case MV_NET_TYPE_ETHERNET:
    case MV_NET_TYPE_NULL:
    case MV_NET_TYPE_LAST:
        break;
    }
    return 0;
}

void
mv_domain_net_source_clear(MvDomainNet *def)
{
    switch (def->type) {
    case MV_NET_TYPE_NETWORK:
        g_free(def->data.network.name);
        g_free(def->data.network.portgroup);
        g_free(def->data.network.bridge);
        break;
    case MV_NET_TYPE_BRIDGE:
        g_free(def->data.bridge.brname);
        break;
    case MV_NET_TYPE_INTERNAL:
        g_free(def->data.internal.name);
        break;
    case MV_NET_TYPE_DIRECT:
        g_free(def->data.direct.linkdev);
        break;
    case MV_NET_TYPE_VHOSTUSER:
        g_free(def->data.vhostuser.path);
        break;
    case MV_NET_TYPE_SERVER:
    case MV_NET_TYPE_CLIENT:
    case MV_NET_TYPE_MCAST:
    case MV_NET_TYPE_UDP:
        g_free(def->data.socket.address);
        g_free(def->data.socket.local_address);
        break;
    case MV_NET_TYPE_VDPA:
        g_free(def->data.vdpa.devicepath);
        break;
    case MV_NET_TYPE_VDS:
        g_free(def->data.vds.portgroup_id);
        break;
    case MV_NET_TYPE_HOSTDEV:
        mv_hostdev_subsys_clear(&def->data.hostdev);
        break;
    case MV_NET_TYPE_USER:
    case MV_NET_TYPE_ETHERNET:
    case MV_NET_TYPE_NULL:
    case MV_NET_TYPE_LAST:
        break;
    }
    memset(&def->data, 0, sizeof(def->data));
    g_clear_pointer(&def->source_dev, g_free);
    mv_net_ip_info_clear(&def->host_ip);
}

/* Starts <source> with the attributes of the type; false when the type
 * writes no <source> of its own. */
static bool
source_start(MvXmlBuf *buf, const MvDomainNet *def, unsigned int flags)
{
    char uuidstr[MV_UUID_STRING_BUFLEN];

    switch (def->type) {
    case MV_NET_TYPE_NETWORK:
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "network", def->data.network.name);
        mv_xml_buf_attr(buf, "portgroup", def->data.network.portgroup);
        if (def->data.network.has_portid && !(flags & MV_DOMAIN_XML_INACTIVE))
            mv_xml_buf_attr(buf, "portid", mv_uuid_format(def->data.network.portid, uuidstr));
        if (!(flags & MV_DOMAIN_XML_INACTIVE))
            mv_xml_buf_attr(buf, "bridge", def->data.network.bridge);
        return true;
    case MV_NET_TYPE_VHOSTUSER:
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "type", "unix");
        mv_xml_buf_attr(buf, "path", def->data.vhostuser.path);
        mv_xml_buf_attr(buf, "mode", def->data.vhostuser.server ? "server" : "client");
        if (def->data.vhostuser.reconnect != MV_TRISTATE_ABSENT) {
            mv_xml_buf_start(buf, "reconnect");
            mv_xml_buf_attr_tristate_bool(buf, "enabled", def->data.vhostuser.reconnect);
            if (def->data.vhostuser.reconnect == MV_TRISTATE_YES)
                mv_xml_buf_attr_uint(buf, "timeout", def->data.vhostuser.reconnect_timeout);
            mv_xml_buf_end(buf);
        }
        return true;
    case MV_NET_TYPE_BRIDGE:
        if (!def->data.bridge.brname)
            return false;
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "bridge", def->data.bridge.brname);
        return true;
    case MV_NET_TYPE_SERVER:
    case MV_NET_TYPE_CLIENT:
    case MV_NET_TYPE_MCAST:
    case MV_NET_TYPE_UDP:
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "address", def->data.socket.address);
        mv_xml_buf_attr_printf(buf, "port", "%d", def->data.socket.port);
        if (def->type == MV_NET_TYPE_UDP) {
            mv_xml_buf_start(buf, "local");
            mv_xml_buf_attr(buf, "address", def->data.socket.local_address);
            mv_xml_buf_attr_printf(buf, "port", "%d", def->data.socket.local_port);
            mv_xml_buf_end(buf);
        }
        return true;
    case MV_NET_TYPE_INTERNAL:
        if (!def->data.internal.name)
            return false;
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "name", def->data.internal.name);
        return true;
    case MV_NET_TYPE_DIRECT:
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "dev", def->data.direct.linkdev);
        mv_xml_buf_attr(buf, "mode", mv_net_direct_mode_to_string(def->data.direct.mode));
        return true;
    case MV_NET_TYPE_VDPA:
        if (!def->data.vdpa.devicepath)
            return false;
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "dev", def->data.vdpa.devicepath);
        return true;
    case MV_NET_TYPE_VDS:
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "switchid", mv_uuid_format(def->data.vds.switch_id, uuidstr));
        mv_xml_buf_attr_printf(buf, "portid", "%lld", def->data.vds.port_id);
        mv_xml_buf_attr(buf, "portgroupid", def->data.vds.portgroup_id);
        mv_xml_buf_attr_printf(buf, "connectionid", "%lld", def->data.vds.connection_id);
        return true;
    case MV_NET_TYPE_USER:
        if (def->backend.type != MV_NET_BACKEND_PASST || !def->source_dev)
            return false;
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "dev", def->source_dev);
        return true;
    case MV_NET_TYPE_HOSTDEV:
    case MV_NET_TYPE_ETHERNET:
    case MV_NET_TYPE_NULL:
    case MV_NET_TYPE_LAST:
        break;
    }
    return false;
}

void
mv_domain_net_source_format(MvXmlBuf *buf, const MvDomainNet *def, unsigned int flags)
{
    bool open;

    if (def->type == MV_NET_TYPE_HOSTDEV) {
        mv_hostdev_subsys_format(buf, &def->data.hostdev, true);
        return;
    }

    open = source_start(buf, def, flags);
    if (!mv_net_ip_info_is_empty(&def->host_ip)) {
        if (!open)
            mv_xml_buf_start(buf, "source");
        open = true;
        mv_net_ip_info_format(buf, &def->host_ip);
    }
    if (open)
        mv_xml_buf_end(buf);
}
