/* Node device network interface capability (<capability type='net'>): name, MAC, link, offload features, 802.3/802.11. */
#define MV_LOG_MODULE "conf.nodedev"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_net.h"

#include "nodedev_common.h"
#include "util/error.h"

MV_ENUM_IMPL(mv_netdev_if_state, MV_NETDEV_IF_STATE_LAST,
             "", "unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up")
MV_ENUM_IMPL(mv_netdev_feature, MV_NETDEV_FEAT_LAST,
             "rx", "tx", "sg", "tso", "gso", "gro", "lro", "rxvlan", "txvlan", "ntuple",
             "rxhash", "rdma", "txudptnl", "switchdev")
MV_ENUM_IMPL(mv_nodedev_net_subtype, MV_NODEDEV_NET_LAST, "80203", "80211")

void
mv_nodedev_net_clear(MvNodeDevNet *net)
{
    g_free(net->ifname);
    g_free(net->address);
}

static int
features_parse(const xmlNode *node, MvNodeDevNet *net)
{
    for (xmlNode *cur = mv_xml_child(node, "feature"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *name = mv_xml_prop(cur, "name");
        int feature;

        if (!name) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing network device feature name");
            return -1;
        }
        if ((feature = mv_netdev_feature_from_string(name)) < 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "unknown network device feature '%s'", name);
            return -1;
        }
        net->features[feature] = true;
    }
    return 0;
}

/* Only the first sub-capability with a type counts, as in libvirt. */
static int
subtype_parse(const xmlNode *node, const char *dev_name, MvNodeDevNet *net)
{
    net->subtype = MV_NODEDEV_NET_LAST;
    for (xmlNode *cur = mv_xml_child(node, "capability"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *type = mv_xml_prop(cur, "type");
        int subtype;

        if (!type)
            continue;
        if ((subtype = mv_nodedev_net_subtype_from_string(type)) < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "invalid network type supplied for '%s'",
                            dev_name);
            return -1;
        }
        net->subtype = subtype;
        break;
    }
    return 0;
}

int
mv_nodedev_net_parse(const xmlNode *node, const char *dev_name, MvNodeDevNet *net)
{
    xmlNode *link;
    int state = 0;

    if (!(net->ifname = mv_xml_child_text(node, "interface"))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "no network interface supplied for '%s'", dev_name);
        return -1;
    }
    net->address = mv_xml_child_text(node, "address");
    if (features_parse(node, net) < 0 || subtype_parse(node, dev_name, net) < 0)
        return -1;

    if ((link = mv_xml_child(node, "link"))) {
        if (mv_xml_prop_enum(link, "state", mv_netdev_if_state_from_string, MV_XML_PROP_NONE, &state) < 0 ||
            mv_xml_prop_uint(link, "speed", 10, MV_XML_PROP_NONE, &net->link_speed) < 0)
            return -1;
        net->link_state = state;
    }
    return 0;
}

void
mv_nodedev_net_format(MvXmlBuf *buf, const MvNodeDevNet *net)
{
    mv_xml_buf_text_element(buf, "interface", net->ifname);
    mv_xml_buf_text_element(buf, "address", net->address);
    if (net->link_speed || net->link_state) {
        mv_xml_buf_start(buf, "link");
        if (net->link_speed)
            mv_xml_buf_attr_uint(buf, "speed", net->link_speed);
        if (net->link_state)
            mv_xml_buf_attr(buf, "state", mv_netdev_if_state_to_string(net->link_state));
        mv_xml_buf_end(buf);
    }
    for (int i = 0; i < MV_NETDEV_FEAT_LAST; i++) {
        if (!net->features[i])
            continue;
        mv_xml_buf_start(buf, "feature");
        mv_xml_buf_attr(buf, "name", mv_netdev_feature_to_string(i));
        mv_xml_buf_end(buf);
    }
    if (net->subtype != MV_NODEDEV_NET_LAST) {
        mv_xml_buf_start(buf, "capability");
        mv_xml_buf_attr(buf, "type", mv_nodedev_net_subtype_to_string(net->subtype));
        mv_xml_buf_end(buf);
    }
}
