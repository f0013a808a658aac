/* A network's <dns> element: enable, forwardPlainNames, forwarders, txt, host and srv records. */
#define MV_LOG_MODULE "conf.network"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_dns.h"

#include <string.h>

#include "util/error.h"

/* Characters of /etc/services and /etc/protocols names, without '.', which
 * separates the fields of an SRV record. */
#define PROTOCOL_CHARS \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-+/"
#define SERVICE_CHARS \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+/*"
#define SRV_SERVICE_MAX 15

void
mv_network_dns_clear(MvNetworkDns *dns)
{
    for (size_t i = 0; i < dns->nforwarders; i++)
        g_free(dns->forwarders[i].domain);
    g_free(dns->forwarders);
    for (size_t i = 0; i < dns->ntxts; i++) {
        g_free(dns->txts[i].name);
        g_free(dns->txts[i].value);
    }
    g_free(dns->txts);
    for (size_t i = 0; i < dns->nhosts; i++)
        g_strfreev(dns->hosts[i].names);
    g_free(dns->hosts);
    for (size_t i = 0; i < dns->nsrvs; i++) {
        g_free(dns->srvs[i].service);
        g_free(dns->srvs[i].protocol);
        g_free(dns->srvs[i].domain);
        g_free(dns->srvs[i].target);
    }
    g_free(dns->srvs);
    memset(dns, 0, sizeof(*dns));
}

static int
forwarder_parse(const char *net_name, const xmlNode *node, MvDnsForwarder *fwd)
{
    g_autofree char *addr = mv_xml_prop(node, "addr");

    fwd->domain = mv_xml_prop(node, "domain");
    if (addr && mv_ip_addr_parse(addr, &fwd->addr) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid forwarder IP address '%s' in network '%s'",
                        addr, net_name);
        return -1;
    }
    if (!addr && !fwd->domain) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "Invalid forwarder element in network '%s', must contain at least one of addr or domain",
                        net_name);
        return -1;
    }
    return 0;
}

static int
txt_parse(const char *net_name, const xmlNode *node, MvDnsTxt *txt)
{
    txt->name = mv_xml_prop(node, "name");
    txt->value = mv_xml_prop(node, "value");

    if (!txt->name) {
        mv_report_error(VIR_ERR_XML_DETAIL,
                        "missing required name attribute in DNS TXT record of network '%s'", net_name);
        return -1;
    }
    if (strcspn(txt->name, " ,") != strlen(txt->name)) {
        mv_report_error(VIR_ERR_XML_DETAIL,
                        "prohibited character in DNS TXT record name '%s' of network '%s'",
                        txt->name, net_name);
        return -1;
    }
    if (!txt->value) {
        mv_report_error(VIR_ERR_XML_DETAIL,
                        "missing required value attribute in DNS TXT record named '%s' of network '%s'",
                        txt->name, net_name);
        return -1;
    }
    return 0;
}

static int
host_parse(const char *net_name, const xmlNode *node, MvDnsHost *host)
{
    g_autofree char *ip = mv_xml_prop(node, "ip");
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);

    if (!ip) {
        mv_report_error(VIR_ERR_XML_DETAIL, "Missing IP address in network '%s' DNS HOST record",
                        net_name);
        return -1;
    }
    if (mv_ip_addr_parse(ip, &host->ip) < 0) {
        mv_report_error(VIR_ERR_XML_DETAIL, "Invalid IP address '%s' in network '%s' DNS HOST record",
                        ip, net_name);
        return -1;
    }
    for (xmlNode *cur = mv_xml_child(node, "hostname"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *name = mv_xml_content(cur);

        if (!name || !*name) {
            mv_report_error(VIR_ERR_XML_DETAIL, "Missing hostname in network '%s' DNS HOST record",
                            net_name);
            return -1;
        }
        g_ptr_array_add(names, g_steal_pointer(&name));
    }
    if (names->len == 0) {
        mv_report_error(VIR_ERR_XML_DETAIL, "Missing hostname in network '%s' DNS HOST record",
                        net_name);
        return -1;
    }
    g_ptr_array_add(names, NULL);
    host->names = (char **) g_ptr_array_free(g_steal_pointer(&names), FALSE);
    return 0;
}

/* port, priority and weight: only with a target, each 0..65535 (port 1..). */
static int
srv_number(const char *net_name, const xmlNode *node, MvDnsSrv *srv,
           const char *name, unsigned int min, unsigned int *ret_value)
{
    g_autofree char *text = mv_xml_prop(node, name);
    char *end = NULL;
    guint64 v;

    if (!text)
        return 0;
    if (!srv->target) {
        mv_report_error(VIR_ERR_XML_DETAIL,
                        "DNS SRV %s attribute not permitted without target for service '%s' in network '%s'",
                        name, srv->service, net_name);
        return -1;
    }
    v = g_ascii_strtoull(text, &end, 10);
    if (!g_ascii_isdigit(text[0]) || *end != '\0' || v < min || v > 65535) {
        mv_report_error(VIR_ERR_XML_DETAIL,
                        "invalid DNS SRV %s attribute '%s' for service '%s' in network '%s'",
                        name, text, srv->service, net_name);
        return -1;
    }
    *ret_value = (unsigned int) v;
    return 0;
}

static int
srv_parse(const char *net_name, const xmlNode *node, MvDnsSrv *srv)
{
    srv->service = mv_xml_prop(node, "service");
    srv->protocol = mv_xml_prop(node, "protocol");
    srv->domain = mv_xml_prop(node, "domain");
    srv->target = mv_xml_prop(node, "target");

    if (!srv->service) {
        mv_report_error(VIR_ERR_XML_DETAIL,
                        "missing required service attribute in DNS SRV record of network '%s'",
                        net_name);
        return -1;
    }
    if (strlen(srv->service) > SRV_SERVICE_MAX) {
        mv_report_error(VIR_ERR_XML_DETAIL,
                        "service attribute '%s' in network '%s' is too long, limit is %d bytes",
                        srv->service, net_name, SRV_SERVICE_MAX);
        return -1;
    }
    if (strspn(srv->service, SERVICE_CHARS) < strlen(srv->service)) {
        mv_report_error(VIR_ERR_XML_DETAIL,
                        "invalid character in service attribute '%s' in DNS SRV record of network '%s'",
                        srv->service, net_name);
        return -1;
    }
    if (!srv->protocol) {
        mv_report_error(VIR_ERR_XML_DETAIL,
                        "missing required protocol attribute in DNS SRV record '%s' of network '%s'",
                        srv->service, net_name);
        return -1;
    }
    if (strspn(srv->protocol, PROTOCOL_CHARS) < strlen(srv->protocol)) {
        mv_report_error(VIR_ERR_XML_DETAIL,
                        "invalid character in protocol attribute '%s' in DNS SRV record of network '%s'",
                        srv->protocol, net_name);
        return -1;
    }
    if (srv_number(net_name, node, srv, "port", 1, &srv->port) < 0 ||
        srv_number(net_name, node, srv, "priority", 0, &srv->priority) < 0 ||
        srv_number(net_name, node, srv, "weight", 0, &srv->weight) < 0)
        return -1;
    return 0;
}

int
mv_network_dns_parse(const char *net_name, const xmlNode *node, MvNetworkDns *ret_dns)
{
    MvNetworkDns dns;

    memset(&dns, 0, sizeof(dns));
    if (mv_xml_prop_tristate_bool(node, "enable", MV_XML_PROP_NONE, &dns.enable) < 0 ||
        mv_xml_prop_tristate_bool(node, "forwardPlainNames", MV_XML_PROP_NONE,
                                  &dns.forward_plain_names) < 0)
        goto error;

    dns.forwarders = g_new0(MvDnsForwarder, mv_xml_child_count(node, "forwarder"));
    for (xmlNode *cur = mv_xml_child(node, "forwarder"); cur; cur = mv_xml_next(cur)) {
        if (forwarder_parse(net_name, cur, &dns.forwarders[dns.nforwarders++]) < 0)
            goto error;
    }
    dns.hosts = g_new0(MvDnsHost, mv_xml_child_count(node, "host"));
    for (xmlNode *cur = mv_xml_child(node, "host"); cur; cur = mv_xml_next(cur)) {
        if (host_parse(net_name, cur, &dns.hosts[dns.nhosts++]) < 0)
            goto error;
    }
    dns.srvs = g_new0(MvDnsSrv, mv_xml_child_count(node, "srv"));
    for (xmlNode *cur = mv_xml_child(node, "srv"); cur; cur = mv_xml_next(cur)) {
        if (srv_parse(net_name, cur, &dns.srvs[dns.nsrvs++]) < 0)
            goto error;
    }
    dns.txts = g_new0(MvDnsTxt, mv_xml_child_count(node, "txt"));
    for (xmlNode *cur = mv_xml_child(node, "txt"); cur; cur = mv_xml_next(cur)) {
        if (txt_parse(net_name, cur, &dns.txts[dns.ntxts++]) < 0)
            goto error;
    }

    if (dns.enable == MV_TRISTATE_NO &&
        (dns.nforwarders || dns.nhosts || dns.nsrvs || dns.ntxts)) {
        mv_report_error(VIR_ERR_XML_ERROR, "Extra data in disabled network '%s'", net_name);
        goto error;
    }

    *ret_dns = dns;
    return 0;

 error:
    mv_network_dns_clear(&dns);
    return -1;
}

void
mv_network_dns_format(MvXmlBuf *buf, const MvNetworkDns *dns)
{
    if (!dns->enable && !dns->forward_plain_names && !dns->nforwarders &&
        !dns->nhosts && !dns->nsrvs && !dns->ntxts)
        return;

    mv_xml_buf_start(buf, "dns");
    mv_xml_buf_attr_tristate_bool(buf, "enable", dns->enable);
    mv_xml_buf_attr_tristate_bool(buf, "forwardPlainNames", dns->forward_plain_names);

    for (size_t i = 0; i < dns->nforwarders; i++) {
        g_autofree char *addr = mv_ip_addr_format(&dns->forwarders[i].addr);

        mv_xml_buf_start(buf, "forwarder");
        mv_xml_buf_attr(buf, "domain", dns->forwarders[i].domain);
        mv_xml_buf_attr(buf, "addr", addr);
        mv_xml_buf_end(buf);
    }
    for (size_t i = 0; i < dns->ntxts; i++) {
        mv_xml_buf_start(buf, "txt");
        mv_xml_buf_attr(buf, "name", dns->txts[i].name);
        mv_xml_buf_attr(buf, "value", dns->txts[i].value);
        mv_xml_buf_end(buf);
    }
    for (size_t i = 0; i < dns->nsrvs; i++) {
        const MvDnsSrv *srv = &dns->srvs[i];

        mv_xml_buf_start(buf, "srv");
        mv_xml_buf_attr(buf, "service", srv->service);
        mv_xml_buf_attr(buf, "protocol", srv->protocol);
        mv_xml_buf_attr(buf, "domain", srv->domain);
        mv_xml_buf_attr(buf, "target", srv->target);
        if (srv->port)
            mv_xml_buf_attr_uint(buf, "port", srv->port);
        if (srv->priority)
            mv_xml_buf_attr_uint(buf, "priority", srv->priority);
        if (srv->weight)
            mv_xml_buf_attr_uint(buf, "weight", srv->weight);
        mv_xml_buf_end(buf);
    }
    for (size_t i = 0; i < dns->nhosts; i++) {
        g_autofree char *ip = mv_ip_addr_format(&dns->hosts[i].ip);

        mv_xml_buf_start(buf, "host");
        mv_xml_buf_attr(buf, "ip", ip);
        for (char **name = dns->hosts[i].names; name && *name; name++)
            mv_xml_buf_text_element(buf, "hostname", *name);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}
