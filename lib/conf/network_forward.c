/* A network's <forward> element: mode, devices, NAT ranges, interface and PCI pools, pf, driver. */
#define MV_LOG_MODULE "conf.network"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_forward.h"

#include <string.h>
#include <sys/socket.h>

#include "kinds.h"
#include "util/error.h"

MV_ENUM_IMPL(mv_forward_mode, MV_FORWARD_LAST,
             "none", "nat", "route", "open", "bridge", "private", "vepa",
             "passthrough", "hostdev")
MV_ENUM_IMPL(mv_forward_driver, MV_FORWARD_DRIVER_LAST, "default", "kvm", "vfio")
MV_ENUM_IMPL(mv_forward_if_type, MV_FORWARD_IF_LAST, "none", "pci", "netdev")

void
mv_network_forward_clear(MvNetworkForward *fwd)
{
    for (size_t i = 0; i < fwd->nifs; i++)
        g_free(fwd->ifs[i].dev);
    g_free(fwd->ifs);
    g_free(fwd->pf_dev);
    memset(fwd, 0, sizeof(*fwd));
}

static int
nat_port_value(const char *net_name, const xmlNode *node, const char *name,
               unsigned int *ret_value)
{
    unsigned int v = 0;

    if (mv_xml_prop_uint(node, name, 10, MV_XML_PROP_REQUIRED, &v) < 0)
        return -1;
    if (v > 65535) {
        mv_report_error(VIR_ERR_XML_DETAIL,
                        "Invalid '%s' attribute '%u' in <port> in <nat> in <forward> in network '%s'",
                        name, v, net_name);
        return -1;
    }
    *ret_value = v;
    return 0;
}

static int
nat_parse(const char *net_name, const xmlNode *node, MvNetworkForward *fwd)
{
    xmlNode *addr = mv_xml_child(node, "address");
    xmlNode *port = mv_xml_child(node, "port");

    if (fwd->mode != MV_FORWARD_NAT) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "The <nat> element can only be used when <forward> 'mode' is 'nat' in network '%s'",
                        net_name);
        return -1;
    }
    if (mv_xml_prop_tristate_bool(node, "ipv6", MV_XML_PROP_NONE, &fwd->nat_ipv6) < 0)
        return -1;

    if (addr && mv_xml_next(addr)) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "Only one <address> element is allowed in <nat> in <forward> in network '%s'",
                        net_name);
        return -1;
    }
    if (addr) {
        g_autofree char *start = mv_xml_prop(addr, "start");
        g_autofree char *end = mv_xml_prop(addr, "end");

        if (!start || !end) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "missing '%s' attribute in <address> element in <nat> in <forward> in network '%s'",
                            start ? "end" : "start", net_name);
            return -1;
        }
        if (mv_ip_addr_parse(start, &fwd->nat_start) < 0 || fwd->nat_start.family != AF_INET) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "Bad ipv4 start address '%s' in <nat> in <forward> in network '%s'",
                            start, net_name);
            return -1;
        }
        if (mv_ip_addr_parse(end, &fwd->nat_end) < 0 || fwd->nat_end.family != AF_INET) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "Bad ipv4 end address '%s' in <nat> in <forward> in network '%s'",
                            end, net_name);
            return -1;
        }
        if (mv_ip_addr_compare(&fwd->nat_start, &fwd->nat_end) > 0) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "range %s - %s is reversed in <nat> in network '%s'", start, end, net_name);
            return -1;
        }
    }

    if (port && mv_xml_next(port)) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "Only one <port> element is allowed in <nat> in <forward> in network '%s'",
                        net_name);
        return -1;
    }
    if (port) {
        if (nat_port_value(net_name, port, "start", &fwd->port_start) < 0 ||
            nat_port_value(net_name, port, "end", &fwd->port_end) < 0)
            return -1;
        if (fwd->port_end < fwd->port_start) {
            mv_report_error(VIR_ERR_XML_DETAIL,
                            "port range %u - %u is reversed in <nat> in <forward> in network '%s'",
                            fwd->port_start, fwd->port_end, net_name);
            return -1;
        }
    }
    return 0;
}

static MvForwardIf *
add_if(MvNetworkForward *fwd, MvForwardIfType type)
{
    fwd->ifs = g_renew(MvForwardIf, fwd->ifs, fwd->nifs + 1);
    memset(&fwd->ifs[fwd->nifs], 0, sizeof(MvForwardIf));
    fwd->ifs[fwd->nifs].type = type;
    return &fwd->ifs[fwd->nifs++];
}

static int
interfaces_parse(const char *net_name, const xmlNode *node, const char *dev,
                 MvNetworkForward *fwd)
{
    size_t i = 0;

    if (dev)
        add_if(fwd, MV_FORWARD_IF_NETDEV)->dev = g_strdup(dev);

    for (xmlNode *cur = mv_xml_child(node, "interface"); cur; cur = mv_xml_next(cur), i++) {
        g_autofree char *ifdev = mv_xml_prop(cur, "dev");
        unsigned int connections = 0;

        if (!ifdev) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "Missing required dev attribute in <forward> <interface> element of network '%s'",
                            net_name);
            return -1;
        }
        if (mv_xml_prop_uint(cur, "connections", 10, MV_XML_PROP_NONE, &connections) < 0)
            return -1;
        if (i == 0 && dev) {
            /* <forward dev='x'> repeats the first <interface dev='x'/>. */
            if (strcmp(dev, ifdev) != 0) {
                mv_report_error(VIR_ERR_XML_ERROR,
                                "<forward dev='%s'> must match first <interface dev='%s'/> in network '%s'",
                                dev, ifdev, net_name);
                return -1;
            }
            fwd->ifs[0].connections = connections;
            continue;
        }
        for (size_t j = 0; j < fwd->nifs; j++) {
            if (g_strcmp0(fwd->ifs[j].dev, ifdev) == 0) {
                mv_report_error(VIR_ERR_XML_ERROR, "interface '%s' can only be listed once in network '%s'",
                                ifdev, net_name);
                return -1;
            }
        }
        add_if(fwd, MV_FORWARD_IF_NETDEV)->dev = g_steal_pointer(&ifdev);
        fwd->ifs[fwd->nifs - 1].connections = connections;
    }
    return 0;
}

static int
addresses_parse(const char *net_name, const xmlNode *node, MvNetworkForward *fwd)
{
    for (xmlNode *cur = mv_xml_child(node, "address"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *type = mv_xml_prop(cur, "type");
        MvPciAddr pci;

        if (!type) {
            mv_report_error(VIR_ERR_XML_ERROR, "missing address type in network '%s'", net_name);
            return -1;
        }
        if (mv_forward_if_type_from_string(type) != MV_FORWARD_IF_PCI) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unsupported address type '%s' in network '%s'",
                            type, net_name);
            return -1;
        }
        if (mv_xml_pci_addr_parse(cur, &pci) < 0)
            return -1;
        for (size_t j = 0; j < fwd->nifs; j++) {
            if (mv_pci_addr_equal(&pci, &fwd->ifs[j].pci)) {
                mv_report_error(VIR_ERR_XML_ERROR,
                                "PCI device '%04x:%02x:%02x.%x' can only be listed once in network '%s'",
                                pci.domain, pci.bus, pci.slot, pci.function, net_name);
                return -1;
            }
        }
        add_if(fwd, MV_FORWARD_IF_PCI)->pci = pci;
    }
    return 0;
}

int
mv_network_forward_parse(const char *net_name, const xmlNode *node,
                         MvNetworkForward *ret_fwd)
{
    MvNetworkForward fwd;
    g_autofree char *mode = mv_xml_prop(node, "mode");
    g_autofree char *managed = mv_xml_prop(node, "managed");
    g_autofree char *dev = mv_xml_prop(node, "dev");
    xmlNode *driver = mv_xml_child(node, "driver");
    xmlNode *nat = mv_xml_child(node, "nat");
    xmlNode *pf = mv_xml_child(node, "pf");
    size_t naddrs = mv_xml_child_count(node, "address");
    size_t nifs = mv_xml_child_count(node, "interface");

    memset(&fwd, 0, sizeof(fwd));
    /* A <forward> without a mode is NAT. */
    fwd.mode = MV_FORWARD_NAT;
    if (mode) {
        int m = mv_forward_mode_from_string(mode);

        if (m <= 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown forwarding type '%s' in network '%s'",
                            mode, net_name);
            return -1;
        }
        fwd.mode = m;
    }
    fwd.managed = managed && g_ascii_strcasecmp(managed, "yes") == 0;

    if (driver) {
        g_autofree char *name = mv_xml_prop(driver, "name");
        int d = name ? mv_forward_driver_from_string(name) : -1;

        if (d <= 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Unknown forward <driver name='%s'/> in network '%s'",
                            name ? name : "", net_name);
            return -1;
        }
        fwd.driver = d;
    }

    if (nat && mv_xml_next(nat)) {
        mv_report_error(VIR_ERR_XML_ERROR, "Only one <nat> element is allowed in <forward> of network '%s'",
                        net_name);
        goto error;
    }
    if (nat && nat_parse(net_name, nat, &fwd) < 0)
        goto error;

    if (dev && (naddrs > 0 || pf)) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "the <forward> 'dev' attribute cannot be used when <address> or <pf> sub-elements are present in network '%s'",
                        net_name);
        goto error;
    }

    if (nifs > 0 || dev) {
        if (interfaces_parse(net_name, node, dev, &fwd) < 0)
            goto error;
    } else if (naddrs > 0) {
        if (addresses_parse(net_name, node, &fwd) < 0)
            goto error;
    } else if (pf && mv_xml_next(pf)) {
        mv_report_error(VIR_ERR_XML_ERROR, "Only one <pf> element is allowed in <forward> of network '%s'",
                        net_name);
        goto error;
    } else if (pf) {
        if (!(fwd.pf_dev = mv_xml_prop(pf, "dev"))) {
            mv_report_error(VIR_ERR_XML_ERROR, "Missing required dev attribute in <pf> element of network '%s'",
                            net_name);
            goto error;
        }
    }

    *ret_fwd = fwd;
    return 0;

 error:
    mv_network_forward_clear(&fwd);
    return -1;
}

static void
nat_format(MvXmlBuf *buf, const MvNetworkForward *fwd)
{
    bool has_addr = mv_ip_addr_is_set(&fwd->nat_start);
    bool has_port = fwd->port_start || fwd->port_end;

    if (!has_addr && !has_port && !fwd->nat_ipv6)
        return;

    mv_xml_buf_start(buf, "nat");
    mv_xml_buf_attr_tristate_bool(buf, "ipv6", fwd->nat_ipv6);
    if (has_addr) {
        g_autofree char *start = mv_ip_addr_format(&fwd->nat_start);
        g_autofree char *end = mv_ip_addr_format(&fwd->nat_end);

        mv_xml_buf_start(buf, "address");
        mv_xml_buf_attr(buf, "start", start);
        mv_xml_buf_attr(buf, "end", end);
        mv_xml_buf_end(buf);
    }
    if (has_port) {
        mv_xml_buf_start(buf, "port");
        mv_xml_buf_attr_uint(buf, "start", fwd->port_start);
        if (fwd->port_end)
            mv_xml_buf_attr_uint(buf, "end", fwd->port_end);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

void
mv_network_forward_format(MvXmlBuf *buf, const MvNetworkForward *fwd, unsigned int flags)
{
    bool inactive = flags & MV_CONF_FORMAT_INACTIVE;

    if (fwd->mode == MV_FORWARD_NONE)
        return;

    mv_xml_buf_start(buf, "forward");
    /* dev= repeats the first interface, unless a pf is the source. */
    if (!fwd->pf_dev && fwd->nifs > 0 && fwd->ifs[0].type == MV_FORWARD_IF_NETDEV)
        mv_xml_buf_attr(buf, "dev", fwd->ifs[0].dev);
    mv_xml_buf_attr(buf, "mode", mv_forward_mode_to_string(fwd->mode));
    if (fwd->mode == MV_FORWARD_HOSTDEV)
        mv_xml_buf_attr(buf, "managed", fwd->managed ? "yes" : "no");

    if (fwd->driver != MV_FORWARD_DRIVER_DEFAULT) {
        mv_xml_buf_start(buf, "driver");
        mv_xml_buf_attr(buf, "name", mv_forward_driver_to_string(fwd->driver));
        mv_xml_buf_end(buf);
    }
    if (fwd->mode == MV_FORWARD_NAT)
        nat_format(buf, fwd);
    if (fwd->pf_dev) {
        mv_xml_buf_start(buf, "pf");
        mv_xml_buf_attr(buf, "dev", fwd->pf_dev);
        mv_xml_buf_end(buf);
    }
    for (size_t i = 0; i < fwd->nifs && (!fwd->pf_dev || !inactive); i++) {
        const MvForwardIf *fif = &fwd->ifs[i];

        if (fif->type == MV_FORWARD_IF_NETDEV) {
            mv_xml_buf_start(buf, "interface");
            mv_xml_buf_attr(buf, "dev", fif->dev);
            if (!inactive && fif->connections > 0)
                mv_xml_buf_attr_uint(buf, "connections", fif->connections);
            mv_xml_buf_end(buf);
        } else if (fif->type == MV_FORWARD_IF_PCI) {
            mv_xml_buf_start(buf, "address");
            mv_xml_buf_attr(buf, "type", "pci");
            mv_xml_buf_attr_printf(buf, "domain", "0x%04x", fif->pci.domain);
            mv_xml_buf_attr_printf(buf, "bus", "0x%02x", fif->pci.bus);
            mv_xml_buf_attr_printf(buf, "slot", "0x%02x", fif->pci.slot);
            mv_xml_buf_attr_printf(buf, "function", "0x%x", fif->pci.function);
            mv_xml_buf_end(buf);
        }
    }
    mv_xml_buf_end(buf);
}
