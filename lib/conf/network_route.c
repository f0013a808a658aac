/* A network's static <route> elements: family, address, netmask or prefix, gateway, metric. */
#define MV_LOG_MODULE "conf.network"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_route.h"

#include <string.h>
#include <sys/socket.h>

#include "util/error.h"

void
mv_network_route_clear(MvNetworkRoute *route)
{
    g_free(route->family);
    memset(route, 0, sizeof(*route));
}

/* The checks of an IPv4 route (also one without family). */
static int
route_ipv4_validate(const char *net_name, MvNetworkRoute *route, const char *address,
                    const char *netmask)
{
    bool no_family = route->family == NULL;

    if (route->address.family != AF_INET) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        no_family ? "%s: No family specified for non-IPv4 address '%s' in route definition"
                                  : "%s: IPv4 family specified for non-IPv4 address '%s' in route definition",
                        net_name, address);
        return -1;
    }
    if (route->gateway.family != AF_INET) {
        /* libvirt names the address here, not the gateway. */
        mv_report_error(VIR_ERR_XML_ERROR,
                        no_family ? "%s: No family specified for non-IPv4 gateway '%s' in route definition"
                                  : "%s: IPv4 family specified for non-IPv4 gateway '%s' in route definition",
                        net_name, address);
        return -1;
    }
    if (netmask) {
        if (mv_ip_addr_parse(netmask, &route->netmask) < 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s: Bad netmask address '%s' in route definition",
                            net_name, netmask);
            return -1;
        }
        if (route->netmask.family != AF_INET) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "%s: Invalid netmask '%s' for address '%s' (both must be IPv4)",
                            net_name, netmask, address);
            return -1;
        }
        if (route->has_prefix) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "%s: Route definition cannot have both a prefix and a netmask", net_name);
            return -1;
        }
    }
    if (route->prefix > 32) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "%s: Invalid prefix %u specified in route definition, must be 0 - 32",
                        net_name, route->prefix);
        return -1;
    }
    return 0;
}

static int
route_ipv6_validate(const char *net_name, const MvNetworkRoute *route, const char *address,
                    const char *gateway, const char *netmask)
{
    if (route->address.family != AF_INET6) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "%s: ipv6 family specified for non-IPv6 address '%s' in route definition",
                        net_name, address);
        return -1;
    }
    if (netmask) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "%s: Specifying netmask invalid for IPv6 address '%s' in route definition",
                        net_name, address);
        return -1;
    }
    if (route->gateway.family != AF_INET6) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "%s: ipv6 specified for non-IPv6 gateway address '%s' in route definition",
                        net_name, gateway);
        return -1;
    }
    if (route->prefix > 128) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "%s: Invalid prefix %u specified in route definition, must be 0 - 128",
                        net_name, route->prefix);
        return -1;
    }
    return 0;
}

/* True when the address has no bit set outside the netmask. */
static bool
route_is_network_address(const MvNetworkRoute *route)
{
    const unsigned char *addr = (const unsigned char *) &route->address.u.v4;
    const unsigned char *mask = (const unsigned char *) &route->netmask.u.v4;

    if (!mv_ip_addr_is_set(&route->netmask))
        return mv_ip_host_bits_all(&route->address, route->prefix, false);
    for (size_t i = 0; i < sizeof(route->address.u.v4); i++) {
        if (addr[i] & ~mask[i])
            return false;
    }
    return true;
}

int
mv_network_route_parse(const char *net_name, const xmlNode *node, MvNetworkRoute *ret_route)
{
    g_autofree char *address = mv_xml_prop(node, "address");
    g_autofree char *netmask = mv_xml_prop(node, "netmask");
    g_autofree char *gateway = mv_xml_prop(node, "gateway");
    MvNetworkRoute route = { 0 };
    int rc;

    route.family = mv_xml_prop(node, "family");
    if ((rc = mv_xml_prop_uint(node, "prefix", 10, MV_XML_PROP_NONE, &route.prefix)) < 0)
        goto error;
    route.has_prefix = rc == 1;
    if (mv_xml_prop_uint(node, "metric", 10, MV_XML_PROP_NONZERO, &route.metric) < 0)
        goto error;

    if (!address) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s: Missing required address attribute in route definition",
                        net_name);
        goto error;
    }
    if (!gateway) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s: Missing required gateway attribute in route definition",
                        net_name);
        goto error;
    }
    if (mv_ip_addr_parse(address, &route.address) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s: Bad network address '%s' in route definition",
                        net_name, address);
        goto error;
    }
    if (mv_ip_addr_parse(gateway, &route.gateway) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s: Bad gateway address '%s' in route definition",
                        net_name, gateway);
        goto error;
    }

    if (!route.family || strcmp(route.family, "ipv4") == 0) {
        if (route_ipv4_validate(net_name, &route, address, netmask) < 0)
            goto error;
    } else if (strcmp(route.family, "ipv6") == 0) {
        if (route_ipv6_validate(net_name, &route, address, gateway, netmask) < 0)
            goto error;
    } else {
        mv_report_error(VIR_ERR_XML_ERROR, "%s: Unrecognized family '%s' in route definition",
                        net_name, route.family);
        goto error;
    }

    if (!route_is_network_address(&route)) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s: Address '%s' in route definition is not a network address",
                        net_name, address);
        goto error;
    }
    *ret_route = route;
    return 0;

 error:
    mv_network_route_clear(&route);
    return -1;
}

void
mv_network_route_format(MvXmlBuf *buf, const MvNetworkRoute *route)
{
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
    if (route->metric > 0)
        mv_xml_buf_attr_uint(buf, "metric", route->metric);
    mv_xml_buf_end(buf);
}
