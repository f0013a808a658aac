/* Elements shared by networks, portgroups, network ports and domain interfaces: <bandwidth>, <vlan>, <virtualport>. */
#define MV_LOG_MODULE "conf.netdev"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "netdev.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/units.h"
#include "util/uuid.h"

MV_ENUM_IMPL(mv_vlan_native_mode, MV_VLAN_NATIVE_LAST, "default", "tagged", "untagged")
MV_ENUM_IMPL(mv_virtual_port_type, MV_VPORT_LAST,
             "none", "802.1Qbg", "802.1Qbh", "openvswitch", "midonet")

/* <bandwidth> ------------------------------------------------------------ */

void
mv_bandwidth_free(MvBandwidth *bw)
{
    if (!bw)
        return;
    g_free(bw->in);
    g_free(bw->out);
    g_free(bw);
}

static int
rate_value(const xmlNode *node, const char *name, uint64_t *ret_value, bool *ret_set)
{
    g_autofree char *text = mv_xml_prop(node, name);
    char *end = NULL;

    *ret_set = text != NULL;
    if (!text)
        return 0;
    if (!g_ascii_isdigit(text[0]) ||
        (*ret_value = g_ascii_strtoull(text, &end, 10), *end != '\0')) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "could not convert bandwidth %s value '%s'", name, text);
        return -1;
    }
    return 0;
}

static int
rate_parse(const xmlNode *node, MvBandwidthRate *rate)
{
    bool has_average, has_peak, has_burst, has_floor;

    if (rate_value(node, "average", &rate->average, &has_average) < 0 ||
        rate_value(node, "peak", &rate->peak, &has_peak) < 0 ||
        rate_value(node, "burst", &rate->burst, &has_burst) < 0 ||
        rate_value(node, "floor", &rate->floor, &has_floor) < 0)
        return -1;

    if (!has_average && !has_floor) {
        mv_report_error(VIR_ERR_XML_DETAIL, "Missing mandatory average or floor attributes in <%s>",
                        (const char *) node->name);
        return -1;
    }
    if ((has_peak || has_burst) && !has_average) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "'peak' and 'burst' require 'average' attribute in <%s>",
                        (const char *) node->name);
        return -1;
    }
    return 0;
}

int
mv_bandwidth_parse(const xmlNode *node, bool allow_floor,
                   unsigned int *ret_class_id, MvBandwidth **ret_bw)
{
    g_autoptr(MvBandwidth) bw = g_new0(MvBandwidth, 1);
    xmlNode *in = mv_xml_child(node, "inbound");
    xmlNode *out = mv_xml_child(node, "outbound");

    if (!ret_class_id && xmlHasProp(node, BAD_CAST "classID")) {
        mv_report_error(VIR_ERR_XML_DETAIL, "%s",
                        "classID attribute not supported on <bandwidth> in this usage context");
        return -1;
    }
    if (ret_class_id &&
        mv_xml_prop_uint(node, "classID", 10, MV_XML_PROP_NONE, ret_class_id) < 0)
        return -1;

    if ((in && mv_xml_next(in)) || (out && mv_xml_next(out))) {
        mv_report_error(VIR_ERR_XML_DETAIL, "Only one child <%s> element allowed in <bandwidth>",
                        in && mv_xml_next(in) ? "inbound" : "outbound");
        return -1;
    }

    if (in) {
        bw->in = g_new0(MvBandwidthRate, 1);
        if (rate_parse(in, bw->in) < 0)
            return -1;
        if (bw->in->floor && !allow_floor) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                            "floor attribute is not supported for this config");
            return -1;
        }
    }
    if (out) {
        bw->out = g_new0(MvBandwidthRate, 1);
        if (rate_parse(out, bw->out) < 0)
            return -1;
        if (bw->out->floor) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                            "'floor' attribute allowed only in <inbound> element");
            return -1;
        }
    }

    *ret_bw = (bw->in || bw->out) ? g_steal_pointer(&bw) : NULL;
    return 0;
}

static void
rate_format(MvXmlBuf *buf, const char *name, const MvBandwidthRate *rate)
{
    /* As libvirt: a rate with neither average nor floor is not written. */
    if (!rate || (!rate->average && !rate->floor))
        return;
    mv_xml_buf_start(buf, name);
    if (rate->average)
        mv_xml_buf_attr_uint(buf, "average", rate->average);
    if (rate->peak)
        mv_xml_buf_attr_uint(buf, "peak", rate->peak);
    if (rate->floor)
        mv_xml_buf_attr_uint(buf, "floor", rate->floor);
    if (rate->burst)
        mv_xml_buf_attr_uint(buf, "burst", rate->burst);
    mv_xml_buf_end(buf);
}

void
mv_bandwidth_format(MvXmlBuf *buf, const MvBandwidth *bw, unsigned int class_id)
{
    if (!bw || (!bw->in && !bw->out))
        return;
    mv_xml_buf_start(buf, "bandwidth");
    if (class_id)
        mv_xml_buf_attr_uint(buf, "classID", class_id);
    /* libvirt writes <bandwidth>...</bandwidth> even when no rate is left. */
    mv_xml_buf_open_children(buf);
    rate_format(buf, "inbound", bw->in);
    rate_format(buf, "outbound", bw->out);
    mv_xml_buf_end(buf);
}

/* <vlan> ----------------------------------------------------------------- */

void
mv_vlan_clear(MvVlan *vlan)
{
    g_clear_pointer(&vlan->tags, g_free);
    memset(vlan, 0, sizeof(*vlan));
}

int
mv_vlan_parse(const xmlNode *node, MvVlan *ret_vlan)
{
    MvVlan vlan = { NULL, 0, false, MV_VLAN_NATIVE_DEFAULT, 0 };
    g_autofree unsigned int *tags = NULL;
    g_autofree char *trunk = NULL;
    size_t ntags = mv_xml_child_count(node, "tag");
    size_t i = 0;

    if (ntags == 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "missing tag id - each <vlan> must have at least one <tag id='n'/> subelement");
        return -1;
    }

    tags = g_new0(unsigned int, ntags);
    for (xmlNode *tag = mv_xml_child(node, "tag"); tag; tag = mv_xml_next(tag), i++) {
        int mode = 0;
        int rc;

        if (mv_xml_prop_uint(tag, "id", 10, MV_XML_PROP_REQUIRED, &tags[i]) < 0)
            return -1;
        if (tags[i] > 4095) {
            mv_report_error(VIR_ERR_XML_ERROR, "vlan tag id %u too large (maximum 4095)", tags[i]);
            return -1;
        }
        rc = mv_xml_prop_enum(tag, "nativeMode", mv_vlan_native_mode_from_string,
                              MV_XML_PROP_NONZERO, &mode);
        if (rc < 0)
            return -1;
        if (rc > 0) {
            if (vlan.native_mode != MV_VLAN_NATIVE_DEFAULT) {
                mv_report_error(VIR_ERR_XML_ERROR, "%s", "duplicate native vlan setting");
                return -1;
            }
            vlan.native_mode = mode;
            vlan.native_tag = tags[i];
        }
    }

    vlan.trunk = ntags > 1;
    if ((trunk = mv_xml_prop(node, "trunk"))) {
        if (g_ascii_strcasecmp(trunk, "yes") == 0) {
            vlan.trunk = true;
        } else if (g_ascii_strcasecmp(trunk, "no") != 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "invalid \"trunk='%s'\" in <vlan> - must be yes or no", trunk);
            return -1;
        } else if (ntags > 1) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "invalid \"trunk='%s'\" in <vlan> - trunk='yes' is required for more than one vlan tag",
                            trunk);
            return -1;
        } else if (vlan.native_mode != MV_VLAN_NATIVE_DEFAULT) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "invalid configuration in <vlan> - \"trunk='no'\" is not allowed with a native vlan id");
            return -1;
        }
    }

    vlan.tags = g_steal_pointer(&tags);
    vlan.ntags = ntags;
    *ret_vlan = vlan;
    return 0;
}

void
mv_vlan_format(MvXmlBuf *buf, const MvVlan *vlan)
{
    if (!vlan || vlan->ntags == 0)
        return;
    bool native_written = false;

    mv_xml_buf_start(buf, "vlan");
    if (vlan->trunk)
        mv_xml_buf_attr(buf, "trunk", "yes");
    for (size_t i = 0; i < vlan->ntags; i++) {
        mv_xml_buf_start(buf, "tag");
        mv_xml_buf_attr_uint(buf, "id", vlan->tags[i]);
        /* Once only: with the native id listed twice, libvirt marks both
         * tags and then refuses its own output ("duplicate native vlan"). */
        if (vlan->native_mode != MV_VLAN_NATIVE_DEFAULT && !native_written &&
            vlan->native_tag == vlan->tags[i]) {
            mv_xml_buf_attr(buf, "nativeMode", mv_vlan_native_mode_to_string(vlan->native_mode));
            native_written = true;
        }
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

/* <virtualport> ---------------------------------------------------------- */

void
mv_virtual_port_free(MvVirtualPort *vport)
{
    if (!vport)
        return;
    g_free(vport->profile_id);
    g_free(vport);
}

static int
vport_number(const xmlNode *params, const char *name, unsigned int max,
             bool *ret_set, unsigned int *ret_value)
{
    g_autofree char *text = mv_xml_prop(params, name);
    char *end = NULL;
    guint64 v;

    if (!text)
        return 0;
    v = g_ascii_strtoull(text, &end, 0);
    if (!g_ascii_isdigit(text[0]) || *end != '\0') {
        mv_report_error(VIR_ERR_XML_ERROR, "cannot parse value of %s parameter '%s'", name, text);
        return -1;
    }
    if (v > max) {
        mv_report_error(VIR_ERR_XML_ERROR, "value of %s '%s' out of range 0..%u", name, text, max);
        return -1;
    }
    *ret_set = true;
    *ret_value = (unsigned int) v;
    return 0;
}

static int
vport_uuid(const xmlNode *params, const char *name, bool *ret_set, unsigned char ret_uuid[16])
{
    g_autofree char *text = mv_xml_prop(params, name);

    if (!text)
        return 0;
    if (mv_uuid_parse(text, ret_uuid) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "cannot parse %s parameter '%s' as a uuid", name, text);
        return -1;
    }
    *ret_set = true;
    return 0;
}

/* The first parameter given that the type does not take, or NULL. */
static const char *
vport_extra(const MvVirtualPort *vp)
{
    switch (vp->type) {
    case MV_VPORT_8021QBG:
        if (vp->profile_id)
            return "profileid";
        if (vp->interface_id_set)
            return "interfaceid";
        break;
    case MV_VPORT_8021QBH:
    case MV_VPORT_OPENVSWITCH:
    case MV_VPORT_MIDONET:
        if (vp->manager_id_set)
            return "managerid";
        if (vp->type_id_set)
            return "typeid";
        if (vp->type_id_version_set)
            return "typeidversion";
        if (vp->instance_id_set)
            return "instanceid";
        if (vp->type == MV_VPORT_8021QBH && vp->interface_id_set)
            return "interfaceid";
        if (vp->type == MV_VPORT_MIDONET && vp->profile_id)
            return "profileid";
        break;
    case MV_VPORT_NONE:
    case MV_VPORT_LAST:
        break;
    }
    return NULL;
}

MvVirtualPort *
mv_virtual_port_parse(const xmlNode *node, bool require_type)
{
    g_autoptr(MvVirtualPort) vp = g_new0(MvVirtualPort, 1);
    g_autofree char *type = mv_xml_prop(node, "type");
    xmlNode *params = mv_xml_child(node, "parameters");
    const char *extra;

    if (type) {
        int t = mv_virtual_port_type_from_string(type);

        if (t <= 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown virtualport type '%s'", type);
            return NULL;
        }
        vp->type = t;
    } else if (require_type) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing required virtualport type");
        return NULL;
    }

    if (params) {
        if (vport_number(params, "managerid", 0xff, &vp->manager_id_set, &vp->manager_id) < 0 ||
            vport_number(params, "typeid", 0xffffff, &vp->type_id_set, &vp->type_id) < 0 ||
            vport_number(params, "typeidversion", 0xff, &vp->type_id_version_set,
                         &vp->type_id_version) < 0 ||
            vport_uuid(params, "instanceid", &vp->instance_id_set, vp->instance_id) < 0 ||
            vport_uuid(params, "interfaceid", &vp->interface_id_set, vp->interface_id) < 0)
            return NULL;

        vp->profile_id = mv_xml_prop(params, "profileid");
        if (vp->profile_id && strlen(vp->profile_id) > MV_VPORT_PROFILE_ID_MAX) {
            mv_report_error(VIR_ERR_XML_ERROR, "profileid parameter '%s' too long (maximum %d characters)",
                            vp->profile_id, MV_VPORT_PROFILE_ID_MAX);
            return NULL;
        }
    }

    if ((extra = vport_extra(vp))) {
        mv_report_error(VIR_ERR_XML_ERROR, "extra %s unsupported in <virtualport type='%s'>",
                        extra, mv_virtual_port_type_to_string(vp->type));
        return NULL;
    }

    return g_steal_pointer(&vp);
}

void
mv_virtual_port_format(MvXmlBuf *buf, const MvVirtualPort *vp)
{
    char uuidstr[MV_UUID_STRING_BUFLEN];
    bool none = vp ? vp->type == MV_VPORT_NONE : false;
    bool has_params;

    if (!vp)
        return;
    has_params = vp->manager_id_set || vp->type_id_set || vp->type_id_version_set ||
                 vp->instance_id_set || vp->profile_id || vp->interface_id_set;
    if (none && !has_params)
        return;

    mv_xml_buf_start(buf, "virtualport");
    if (!none)
        mv_xml_buf_attr(buf, "type", mv_virtual_port_type_to_string(vp->type));
    if (has_params) {
        mv_xml_buf_start(buf, "parameters");
        if (vp->manager_id_set)
            mv_xml_buf_attr_uint(buf, "managerid", vp->manager_id);
        if (vp->type_id_set)
            mv_xml_buf_attr_uint(buf, "typeid", vp->type_id);
        if (vp->type_id_version_set)
            mv_xml_buf_attr_uint(buf, "typeidversion", vp->type_id_version);
        if (vp->instance_id_set)
            mv_xml_buf_attr(buf, "instanceid", mv_uuid_format(vp->instance_id, uuidstr));
        if (vp->interface_id_set)
            mv_xml_buf_attr(buf, "interfaceid", mv_uuid_format(vp->interface_id, uuidstr));
        mv_xml_buf_attr(buf, "profileid", vp->profile_id);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}
