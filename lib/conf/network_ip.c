/* A network's <ip> elements: address, netmask or prefix, DHCP ranges, hosts, bootp, tftp. */
#define MV_LOG_MODULE "conf.network"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_ip.h"

#include <string.h>
#include <sys/socket.h>

#include "util/error.h"
#include "util/macaddr.h"

MV_ENUM_IMPL(mv_lease_unit, MV_LEASE_UNIT_LAST, "seconds", "minutes", "hours")

static void
dhcp_host_clear(MvDhcpHost *host)
{
    g_free(host->mac);
    g_free(host->id);
    g_free(host->name);
    g_free(host->lease);
}

void
mv_network_ip_clear(MvNetworkIP *ip)
{
    g_free(ip->family);
    for (size_t i = 0; i < ip->nranges; i++)
        g_free(ip->ranges[i].lease);
    g_free(ip->ranges);
    for (size_t i = 0; i < ip->nhosts; i++)
        dhcp_host_clear(&ip->hosts[i]);
    g_free(ip->hosts);
    g_free(ip->tftp_root);
    g_free(ip->bootp_file);
    memset(ip, 0, sizeof(*ip));
}

int
mv_network_ip_prefix(const MvNetworkIP *ip)
{
    return mv_ip_effective_prefix(&ip->address, &ip->netmask, ip->prefix);
}

static int
lease_parse(const xmlNode *node, MvDhcpLease **ret_lease)
{
    g_autofree MvDhcpLease *lease = g_new0(MvDhcpLease, 1);
    uint64_t expiry = 0;
    int unit = MV_LEASE_UNIT_MINUTES;
    int rc;

    if ((rc = mv_xml_prop_uint64(node, "expiry", 10, MV_XML_PROP_NONE, &expiry)) < 0)
        return -1;
    if (rc == 0)
        return 0;
    if (mv_xml_prop_enum(node, "unit", mv_lease_unit_from_string, MV_XML_PROP_NONE, &unit) < 0)
        return -1;

    /* dnsmasq refuses leases shorter than two minutes; 0 is infinite. */
    if (expiry > 0 &&
        ((unit == MV_LEASE_UNIT_SECONDS && expiry < 120) ||
         (unit == MV_LEASE_UNIT_MINUTES && expiry < 2))) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "The minimum lease time should be greater than 2 minutes, not %llu %s",
                        (unsigned long long) expiry, mv_lease_unit_to_string(unit));
        return -1;
    }
    lease->expiry = expiry;
    lease->unit = unit;
    *ret_lease = g_steal_pointer(&lease);
    return 0;
}

static int
range_parse(const char *net_name, const MvNetworkIP *ip, const xmlNode *node,
            MvDhcpRange *range)
{
    g_autofree char *start = mv_xml_prop(node, "start");
    g_autofree char *end = mv_xml_prop(node, "end");
    g_autofree char *netstr = mv_ip_addr_format(&ip->address);
    int prefix = mv_network_ip_prefix(ip);
    xmlNode *lease;

    if (!start || !end) {
        mv_report_error(VIR_ERR_XML_ERROR, "Missing '%s' attribute in dhcp range for network '%s'",
                        start ? "end" : "start", net_name);
        return -1;
    }
    if (mv_ip_addr_parse(start, &range->start) < 0 || mv_ip_addr_parse(end, &range->end) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid dhcp range address '%s' in network '%s'",
                        mv_ip_addr_parse(start, &range->start) < 0 ? start : end, net_name);
        return -1;
    }
    if (range->start.family != range->end.family ||
        range->start.family != ip->address.family) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "mismatch of address family in range %s - %s for network %s",
                        start, end, netstr);
        return -1;
    }
    if (prefix < 0 ||
        !mv_ip_same_network(&range->start, &ip->address, prefix) ||
        !mv_ip_same_network(&range->end, &ip->address, prefix)) {
        mv_report_error(VIR_ERR_XML_ERROR, "range %s - %s is not entirely within network %s/%d",
                        start, end, netstr, prefix);
        return -1;
    }
    if (mv_ip_addr_compare(&range->start, &range->end) > 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "range %s - %s is reversed in network '%s'",
                        start, end, net_name);
        return -1;
    }
    if (range->start.family == AF_INET) {
        if (mv_ip_host_bits_all(&range->start, prefix, false)) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "start of range %s - %s in network %s/%d is the network address",
                            start, end, netstr, prefix);
            return -1;
        }
        if (mv_ip_host_bits_all(&range->end, prefix, true)) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "end of range %s - %s in network %s/%d is the broadcast address",
                            start, end, netstr, prefix);
            return -1;
        }
    }

    if ((lease = mv_xml_child(node, "lease")) && lease_parse(lease, &range->lease) < 0)
        return -1;
    return 0;
}

static int
host_parse(const char *net_name, const MvNetworkIP *ip, const xmlNode *node,
           MvDhcpHost *host)
{
    g_autofree char *ipstr = mv_xml_prop(node, "ip");
    bool ipv6 = ip->address.family == AF_INET6;
    xmlNode *lease;
    MvMacAddr mac;

    host->mac = mv_xml_prop(node, "mac");
    host->id = mv_xml_prop(node, "id");
    host->name = mv_xml_prop(node, "name");

    if (host->mac) {
        if (ipv6) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "Invalid to specify MAC address '%s' in network '%s' IPv6 static host definition",
                            host->mac, net_name);
            return -1;
        }
        if (mv_mac_parse(host->mac, &mac) < 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "Cannot parse MAC address '%s' in network '%s'",
                            host->mac, net_name);
            return -1;
        }
        if (mv_mac_is_multicast(&mac)) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "expected unicast mac address, found multicast '%s' in network '%s'",
                            host->mac, net_name);
            return -1;
        }
    }
    if (host->id) {
        const char *bad = host->id + strspn(host->id, "0123456789abcdefABCDEF:");

        if (*bad) {
            mv_report_error(VIR_ERR_XML_ERROR, "Invalid character '%c' in id '%s' of network '%s'",
                            *bad, host->id, net_name);
            return -1;
        }
    }
    if (host->name && !g_ascii_isalnum(host->name[0])) {
        mv_report_error(VIR_ERR_XML_ERROR, "Cannot use host name '%s' in network '%s'",
                        host->name, net_name);
        return -1;
    }
    if (ipstr && mv_ip_addr_parse(ipstr, &host->ip) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "Invalid IP address '%s' in static host definition for network '%s'",
                        ipstr, net_name);
        return -1;
    }
    if (ipv6 && !(host->id || host->name)) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "Static host definition in IPv6 network '%s' must have id or name attribute",
                        net_name);
        return -1;
    }
    if (!ipv6 && !(host->mac || host->name)) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "Static host definition in IPv4 network '%s' must have mac or name attribute",
                        net_name);
        return -1;
    }
    if (!ipstr) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "Missing IP address in static host definition for network '%s'",
                        net_name);
        return -1;
    }

    if ((lease = mv_xml_child(node, "lease")) && lease_parse(lease, &host->lease) < 0)
        return -1;
    return 0;
}

static int
dhcp_parse(const char *net_name, const xmlNode *node, MvNetworkIP *ip)
{
    for (xmlNode *cur = mv_xml_child(node, NULL); cur; cur = cur->next) {
        if (cur->type != XML_ELEMENT_NODE)
            continue;

        if (mv_xml_name_is(cur, "range")) {
            ip->ranges = g_renew(MvDhcpRange, ip->ranges, ip->nranges + 1);
            memset(&ip->ranges[ip->nranges], 0, sizeof(MvDhcpRange));
            ip->nranges++;
            if (range_parse(net_name, ip, cur, &ip->ranges[ip->nranges - 1]) < 0)
                return -1;
        } else if (mv_xml_name_is(cur, "host")) {
            ip->hosts = g_renew(MvDhcpHost, ip->hosts, ip->nhosts + 1);
            memset(&ip->hosts[ip->nhosts], 0, sizeof(MvDhcpHost));
            ip->nhosts++;
            if (host_parse(net_name, ip, cur, &ip->hosts[ip->nhosts - 1]) < 0)
                return -1;
        } else if (mv_xml_name_is(cur, "bootp") && ip->address.family == AF_INET) {
            g_autofree char *file = mv_xml_prop(cur, "file");
            g_autofree char *server = mv_xml_prop(cur, "server");

            /* libvirt ignores a <bootp> without a file. */
            if (!file)
                continue;
            if (server && mv_ip_addr_parse(server, &ip->bootp_server) < 0) {
                mv_report_error(VIR_ERR_XML_ERROR, "Invalid bootp server address '%s' in network '%s'",
                                server, net_name);
                return -1;
            }
            g_free(ip->bootp_file);
            ip->bootp_file = g_steal_pointer(&file);
        }
    }
    return 0;
}

static int
family_validate(const char *net_name, const MvNetworkIP *ip, const char *address,
                const char *netmask)
{
    if (!ip->family || strcmp(ip->family, "ipv4") == 0) {
        if (ip->address.family != AF_INET) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "%s family specified for non-IPv4 address '%s' in network '%s'",
                            ip->family ? "ipv4" : "no", address, net_name);
            return -1;
        }
        if (netmask) {
            if (ip->netmask.family != AF_INET) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                                "Invalid netmask '%s' for address '%s' in network '%s' (both must be IPv4)",
                                netmask, address, net_name);
                return -1;
            }
            if (ip->prefix > 0) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                                "Network '%s' IP address cannot have both a prefix and a netmask",
                                net_name);
                return -1;
            }
        } else if (ip->prefix > 32) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Invalid IPv4 prefix '%u' in network '%s'",
                            ip->prefix, net_name);
            return -1;
        }
    } else if (strcmp(ip->family, "ipv6") == 0) {
        if (ip->address.family != AF_INET6) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "Family 'ipv6' specified for non-IPv6 address '%s' in network '%s'",
                            address, net_name);
            return -1;
        }
        if (netmask) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "netmask not allowed for IPv6 address '%s' in network '%s'",
                            address, net_name);
            return -1;
        }
        if (ip->prefix > 128) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Invalid IPv6 prefix '%u' in network '%s'",
                            ip->prefix, net_name);
            return -1;
        }
    } else {
        mv_report_error(VIR_ERR_XML_ERROR, "Unrecognized family '%s' in network '%s'",
                        ip->family, net_name);
        return -1;
    }
    return 0;
}

int
mv_network_ip_parse(const char *net_name, const xmlNode *node, MvNetworkIP *ret_ip)
{
    MvNetworkIP ip;
    g_autofree char *address = NULL;
    g_autofree char *netmask = NULL;
    xmlNode *dhcp;
    xmlNode *tftp;

    memset(&ip, 0, sizeof(ip));
    ip.family = mv_xml_prop(node, "family");
    address = mv_xml_prop(node, "address");
    netmask = mv_xml_prop(node, "netmask");

    if (!address) {
        mv_report_error(VIR_ERR_XML_ERROR, "Missing required address attribute in network '%s'",
                        net_name);
        goto error;
    }
    if (mv_ip_addr_parse(address, &ip.address) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid address '%s' in network '%s'", address, net_name);
        goto error;
    }
    if (netmask && mv_ip_addr_parse(netmask, &ip.netmask) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid netmask '%s' in network '%s'", netmask, net_name);
        goto error;
    }
    if (mv_xml_prop_uint(node, "prefix", 10, MV_XML_PROP_NONE, &ip.prefix) < 0 ||
        mv_xml_prop_tristate_bool(node, "localPtr", MV_XML_PROP_NONE, &ip.local_ptr) < 0)
        goto error;

    if (family_validate(net_name, &ip, address, netmask) < 0)
        goto error;

    if ((dhcp = mv_xml_child(node, "dhcp")) && dhcp_parse(net_name, dhcp, &ip) < 0)
        goto error;

    if ((tftp = mv_xml_child(node, "tftp"))) {
        if (ip.address.family != AF_INET) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "Unsupported <tftp> element in an IPv6 element in network '%s'",
                            net_name);
            goto error;
        }
        ip.tftp_root = mv_xml_prop(tftp, "root");
    }

    *ret_ip = ip;
    return 0;

 error:
    mv_network_ip_clear(&ip);
    return -1;
}

static void
lease_format(MvXmlBuf *buf, const MvDhcpLease *lease)
{
    mv_xml_buf_start(buf, "lease");
    mv_xml_buf_attr_uint(buf, "expiry", lease->expiry);
    if (lease->expiry)
        mv_xml_buf_attr(buf, "unit", mv_lease_unit_to_string(lease->unit));
    mv_xml_buf_end(buf);
}

static void
buf_attr_addr(MvXmlBuf *buf, const char *name, const MvIPAddr *addr)
{
    g_autofree char *str = mv_ip_addr_format(addr);

    mv_xml_buf_attr(buf, name, str);
}

void
mv_network_ip_format(MvXmlBuf *buf, const MvNetworkIP *ip)
{
    mv_xml_buf_start(buf, "ip");
    mv_xml_buf_attr(buf, "family", ip->family);
    buf_attr_addr(buf, "address", &ip->address);
    buf_attr_addr(buf, "netmask", &ip->netmask);
    if (ip->prefix > 0)
        mv_xml_buf_attr_uint(buf, "prefix", ip->prefix);
    mv_xml_buf_attr_tristate_bool(buf, "localPtr", ip->local_ptr);
    mv_xml_buf_open_children(buf);

    if (ip->tftp_root) {
        mv_xml_buf_start(buf, "tftp");
        mv_xml_buf_attr(buf, "root", ip->tftp_root);
        mv_xml_buf_end(buf);
    }

    /* As libvirt: a <dhcp> with only <bootp> is not written back. */
    if (ip->nranges || ip->nhosts) {
        mv_xml_buf_start(buf, "dhcp");
        for (size_t i = 0; i < ip->nranges; i++) {
            mv_xml_buf_start(buf, "range");
            buf_attr_addr(buf, "start", &ip->ranges[i].start);
            buf_attr_addr(buf, "end", &ip->ranges[i].end);
            if (ip->ranges[i].lease)
                lease_format(buf, ip->ranges[i].lease);
            mv_xml_buf_end(buf);
        }
        for (size_t i = 0; i < ip->nhosts; i++) {
            const MvDhcpHost *host = &ip->hosts[i];

            mv_xml_buf_start(buf, "host");
            mv_xml_buf_attr(buf, "mac", host->mac);
            mv_xml_buf_attr(buf, "id", host->id);
            mv_xml_buf_attr(buf, "name", host->name);
            buf_attr_addr(buf, "ip", &host->ip);
            if (host->lease)
                lease_format(buf, host->lease);
            mv_xml_buf_end(buf);
        }
        if (ip->bootp_file) {
            mv_xml_buf_start(buf, "bootp");
            mv_xml_buf_attr(buf, "file", ip->bootp_file);
            buf_attr_addr(buf, "server", &ip->bootp_server);
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}
