/* Domain <interface> <portForward> elements (passt's port forwarding): proto, address, dev, ranges; parse / format. */
#define MV_LOG_MODULE "conf.domain"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_interface.h"

#include "util/error.h"

MV_ENUM_IMPL(mv_net_proto, MV_NET_PROTO_LAST, "none", "tcp", "udp")

static void
port_forward_free(gpointer data)
{
    MvNetPortForward *pf = data;

    g_free(pf->dev);
    g_array_unref(pf->ranges);
    g_free(pf);
}

GPtrArray *
mv_net_port_forwards_new(void)
{
    return g_ptr_array_new_with_free_func(port_forward_free);
}

static int
range_parse(const xmlNode *node, MvNetPortForwardRange *range)
{
    if (mv_xml_prop_uint(node, "start", 10, MV_XML_PROP_NONZERO, &range->start) < 0 ||
        mv_xml_prop_uint(node, "end", 10, MV_XML_PROP_NONZERO, &range->end) < 0 ||
        mv_xml_prop_uint(node, "to", 10, MV_XML_PROP_NONZERO, &range->to) < 0 ||
        mv_xml_prop_tristate_bool(node, "exclude", MV_XML_PROP_NONE, &range->exclude) < 0)
        return -1;
    return 0;
}

static MvNetPortForward *
port_forward_parse(const xmlNode *node)
{
    MvNetPortForward *pf = g_new0(MvNetPortForward, 1);
    g_autofree char *address = NULL;
    int proto = 0;

    pf->ranges = g_array_new(FALSE, TRUE, sizeof(MvNetPortForwardRange));
    if (mv_xml_prop_enum(node, "proto", mv_net_proto_from_string,
                         MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &proto) < 0)
        goto error;
    pf->proto = proto;
    if ((address = mv_xml_prop(node, "address")) && mv_ip_addr_parse(address, &pf->address) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid address '%s' in <portForward>", address);
        goto error;
    }
    pf->dev = mv_xml_prop(node, "dev");
    for (xmlNode *child = mv_xml_child(node, "range"); child; child = mv_xml_next(child)) {
        MvNetPortForwardRange range = { 0 };

        if (range_parse(child, &range) < 0)
            goto error;
        g_array_append_val(pf->ranges, range);
    }
    return pf;

 error:
    port_forward_free(pf);
    return NULL;
}

int
mv_net_port_forwards_parse(const xmlNode *iface, GPtrArray *forwards)
{
    for (xmlNode *node = mv_xml_child(iface, "portForward"); node; node = mv_xml_next(node)) {
        MvNetPortForward *pf = port_forward_parse(node);

        if (!pf)
            return -1;
        g_ptr_array_add(forwards, pf);
    }
    return 0;
}

void
mv_net_port_forwards_format(MvXmlBuf *buf, const GPtrArray *forwards)
{
    for (guint i = 0; i < forwards->len; i++) {
        const MvNetPortForward *pf = g_ptr_array_index(forwards, i);
        g_autofree char *address = mv_ip_addr_format(&pf->address);

        mv_xml_buf_start(buf, "portForward");
        mv_xml_buf_attr(buf, "proto", mv_net_proto_to_string(pf->proto));
        mv_xml_buf_attr(buf, "address", address);
        mv_xml_buf_attr(buf, "dev", pf->dev);
        for (guint r = 0; r < pf->ranges->len; r++) {
            const MvNetPortForwardRange *range = &g_array_index(pf->ranges, MvNetPortForwardRange, r);

            /* As libvirt writes them: end and to only after a start, and a
             * range left with no attribute is not written. */
            if (!range->start && !range->exclude)
                continue;
            mv_xml_buf_start(buf, "range");
            if (range->start) {
                mv_xml_buf_attr_uint(buf, "start", range->start);
                if (range->end)
                    mv_xml_buf_attr_uint(buf, "end", range->end);
                if (range->to)
                    mv_xml_buf_attr_uint(buf, "to", range->to);
            }
            mv_xml_buf_attr_tristate_bool(buf, "exclude", range->exclude);
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_end(buf);
    }
}
