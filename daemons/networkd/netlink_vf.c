/* SR-IOV VF settings through netlink on the PF (IFLA_VFINFO_LIST, IFLA_VF_MAC/VLAN, IFLA_VF_PORTS), and the seam that lets tests put a fake in its place. */
#define MV_LOG_MODULE "network.vf"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "netlink_vf.h"

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "util/error.h"
#include "util/log.h"

typedef struct nl_sock MvVfNlSock;
typedef struct nl_msg MvVfNlMsg;
typedef struct nl_cb MvVfNlCb;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvVfNlSock, nl_socket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvVfNlMsg, nlmsg_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvVfNlCb, nl_cb_put)

static const MvNetlinkVfOps *current_ops = &mv_netlink_vf_kernel_ops;

const MvNetlinkVfOps *
mv_netlink_vf_ops(void)
{
    return current_ops;
}

void
mv_netlink_vf_set_ops(const MvNetlinkVfOps *ops)
{
    current_ops = ops ? ops : &mv_netlink_vf_kernel_ops;
}

static int
kernel_ifindex(const char *ifname, int *ret_ifindex)
{
    unsigned int index = if_nametoindex(ifname);

    if (index == 0) {
        mv_report_system_error(errno, "Unable to get index for interface %s", ifname);
        return -1;
    }
    *ret_ifindex = (int) index;
    return 0;
}

static MvVfNlSock *
socket_open(int pf_ifindex)
{
    g_autoptr(MvVfNlSock) sk = nl_socket_alloc();
    int err;

    if (!sk) {
        mv_report_error(VIR_ERR_NO_MEMORY, "cannot allocate a netlink socket for PF ifindex %d",
                        pf_ifindex);
        return NULL;
    }
    if ((err = nl_connect(sk, NETLINK_ROUTE)) < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "cannot open a netlink socket for PF ifindex %d: %s",
                        pf_ifindex, nl_geterror(err));
        return NULL;
    }
    return g_steal_pointer(&sk);
}

/* An RTM_xxxLINK message addressed to the PF by its index. */
static MvVfNlMsg *
link_msg_new(int type, int pf_ifindex)
{
    g_autoptr(MvVfNlMsg) msg = nlmsg_alloc_simple(type, 0);
    struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = pf_ifindex };

    if (!msg || nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0)
        return NULL;
    return g_steal_pointer(&msg);
}

typedef struct {
    unsigned int vf;
    MvVfConfig *config;
    bool found;
    bool acked;
} VfQuery;

static void
parse_vf_ports(struct nlattr *ports, VfQuery *query)
{
    struct nlattr *port;
    int rem;

    nla_for_each_nested(port, ports, rem) {
        struct nlattr *tb[IFLA_PORT_MAX + 1];

        if (nla_type(port) != IFLA_VF_PORT ||
            nla_parse_nested(tb, IFLA_PORT_MAX, port, NULL) < 0 ||
            !tb[IFLA_PORT_VF] || nla_get_u32(tb[IFLA_PORT_VF]) != query->vf ||
            !tb[IFLA_PORT_PROFILE])
            continue;
        g_strlcpy(query->config->profile, nla_get_string(tb[IFLA_PORT_PROFILE]),
                  sizeof(query->config->profile));
    }
}

static int
vf_query_parse(struct nl_msg *msg, void *opaque)
{
    VfQuery *query = opaque;
    struct nlmsghdr *hdr = nlmsg_hdr(msg);
    struct nlattr *tb[IFLA_MAX + 1];
    struct nlattr *info;
    int rem;

    if (hdr->nlmsg_type != RTM_NEWLINK ||
        nlmsg_parse(hdr, sizeof(struct ifinfomsg), tb, IFLA_MAX, NULL) < 0 ||
        !tb[IFLA_VFINFO_LIST])
        return NL_SKIP;

    nla_for_each_nested(info, tb[IFLA_VFINFO_LIST], rem) {
        struct nlattr *vf[IFLA_VF_MAX + 1];
        const struct ifla_vf_mac *mac;
        const struct ifla_vf_vlan *vlan;

        if (nla_type(info) != IFLA_VF_INFO ||
            nla_parse_nested(vf, IFLA_VF_MAX, info, NULL) < 0 ||
            !vf[IFLA_VF_MAC] || nla_len(vf[IFLA_VF_MAC]) < (int) sizeof(*mac))
            continue;
        mac = nla_data(vf[IFLA_VF_MAC]);
        if (mac->vf != query->vf)
            continue;
        memcpy(query->config->mac.addr, mac->mac, MV_MAC_BUFLEN);
        if (vf[IFLA_VF_VLAN] && nla_len(vf[IFLA_VF_VLAN]) >= (int) sizeof(*vlan)) {
            vlan = nla_data(vf[IFLA_VF_VLAN]);
            query->config->vlan = vlan->vlan;
            query->config->qos = vlan->qos;
        }
        query->found = true;
    }
    if (tb[IFLA_VF_PORTS])
        parse_vf_ports(tb[IFLA_VF_PORTS], query);
    return NL_OK;
}

static int
vf_query_acked(struct nl_msg *msg, void *opaque)
{
    ((VfQuery *) opaque)->acked = true;
    return NL_STOP;
}

static int
kernel_get_vf(int pf_ifindex, unsigned int vf, MvVfConfig *ret_config)
{
    g_autoptr(MvVfNlSock) sk = socket_open(pf_ifindex);
    g_autoptr(MvVfNlMsg) msg = link_msg_new(RTM_GETLINK, pf_ifindex);
    g_autoptr(MvVfNlCb) sock_cb = NULL;
    g_autoptr(MvVfNlCb) cb = NULL;
    MvVfConfig config = { 0 };
    VfQuery query = { .vf = vf, .config = &config };
    int err = -NLE_NOMEM;

    if (!sk)
        return -1;
    if (msg && (err = nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_VF)) == 0) {
        sock_cb = nl_socket_get_cb(sk);
        if ((cb = nl_cb_clone(sock_cb))) {
            nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, vf_query_parse, &query);
            nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, vf_query_acked, &query);
            err = nl_send_auto(sk, msg);
            while (err >= 0 && !query.acked)
                err = nl_recvmsgs(sk, cb);
        } else {
            err = -NLE_NOMEM;
        }
    }
    if (err < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "error dumping VF %u of PF ifindex %d: %s", vf, pf_ifindex,
                        nl_geterror(err));
        return -1;
    }
    if (!query.found) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "couldn't find IFLA_VF_INFO for VF %u in netlink response of PF ifindex %d",
                        vf, pf_ifindex);
        return -1;
    }
    *ret_config = config;
    return 0;
}

static int
send_sync(int pf_ifindex, MvVfNlMsg *msg, const char *what, unsigned int vf)
{
    g_autoptr(MvVfNlSock) sk = socket_open(pf_ifindex);
    int err;

    if (!sk)
        return -1;
    /* nl_send_sync() frees the message, whatever the outcome. */
    if ((err = nl_send_sync(sk, msg)) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "error setting %s of VF %u of PF ifindex %d: %s",
                        what, vf, pf_ifindex, nl_geterror(err));
        return -1;
    }
    return 0;
}

static int
kernel_set_vf(int pf_ifindex, unsigned int vf, const MvVfConfig *config)
{
    g_autoptr(MvVfNlMsg) msg = link_msg_new(RTM_SETLINK, pf_ifindex);
    struct ifla_vf_mac mac = { .vf = vf };
    struct ifla_vf_vlan vlan = { .vf = vf, .vlan = config->vlan, .qos = config->qos };
    struct nlattr *list;
    struct nlattr *info;

    memcpy(mac.mac, config->mac.addr, MV_MAC_BUFLEN);
    if (!msg || !(list = nla_nest_start(msg, IFLA_VFINFO_LIST)) ||
        !(info = nla_nest_start(msg, IFLA_VF_INFO)) ||
        nla_put(msg, IFLA_VF_MAC, sizeof(mac), &mac) < 0 ||
        nla_put(msg, IFLA_VF_VLAN, sizeof(vlan), &vlan) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "allocated netlink buffer is too small for VF %u",
                        vf);
        return -1;
    }
    nla_nest_end(msg, info);
    nla_nest_end(msg, list);
    return send_sync(pf_ifindex, g_steal_pointer(&msg), "MAC and VLAN", vf);
}

static int
port_attrs_put(MvVfNlMsg *msg, unsigned int vf, const MvVfPortRequest *req)
{
    const MvVirtualPort *vport = req->vport;
    uint8_t request = req->associate ? PORT_REQUEST_ASSOCIATE : PORT_REQUEST_DISASSOCIATE;

    if (nla_put_u32(msg, IFLA_PORT_VF, vf) < 0 ||
        nla_put_u8(msg, IFLA_PORT_REQUEST, request) < 0)
        return -1;
    if (vport->type == MV_VPORT_8021QBH) {
        if ((vport->profile_id && nla_put_string(msg, IFLA_PORT_PROFILE, vport->profile_id) < 0) ||
            (req->instance_uuid &&
             nla_put(msg, IFLA_PORT_INSTANCE_UUID, PORT_UUID_MAX, req->instance_uuid) < 0))
            return -1;
        return 0;
    }
    {
        struct ifla_port_vsi vsi = {
            .vsi_mgr_id = (uint8_t) vport->manager_id,
            .vsi_type_version = (uint8_t) vport->type_id_version,
        };

        vsi.vsi_type_id[0] = vport->type_id & 0xff;
        vsi.vsi_type_id[1] = (vport->type_id >> 8) & 0xff;
        vsi.vsi_type_id[2] = (vport->type_id >> 16) & 0xff;
        if (nla_put(msg, IFLA_PORT_VSI_TYPE, sizeof(vsi), &vsi) < 0 ||
            nla_put(msg, IFLA_PORT_INSTANCE_UUID, PORT_UUID_MAX, vport->instance_id) < 0)
            return -1;
    }
    return 0;
}

static int
kernel_set_port(int pf_ifindex, unsigned int vf, const MvVfPortRequest *req)
{
    g_autoptr(MvVfNlMsg) msg = link_msg_new(RTM_SETLINK, pf_ifindex);
    struct nlattr *ports;
    struct nlattr *port;

    if (!msg || !(ports = nla_nest_start(msg, IFLA_VF_PORTS)) ||
        !(port = nla_nest_start(msg, IFLA_VF_PORT)) ||
        port_attrs_put(msg, vf, req) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "allocated netlink buffer is too small for VF %u",
                        vf);
        return -1;
    }
    nla_nest_end(msg, port);
    nla_nest_end(msg, ports);
    return send_sync(pf_ifindex, g_steal_pointer(&msg), "the port profile", vf);
}

const MvNetlinkVfOps mv_netlink_vf_kernel_ops = {
    .name = "kernel",
    .ifindex = kernel_ifindex,
    .get_vf = kernel_get_vf,
    .set_vf = kernel_set_vf,
    .set_port = kernel_set_port,
};
