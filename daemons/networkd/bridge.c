/* A network's Linux bridge through netlink (libnl): create, delete, addresses, link state, ports. */
#define MV_LOG_MODULE "network.bridge"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>

#include "bridge.h"
#include "util/error.h"
#include "util/log.h"

/* The kernel counts the bridge's forward delay in USER_HZ ticks. */
#define BRIDGE_TICKS_PER_SECOND 100

typedef struct nl_sock MvNlSock;
typedef struct nl_msg MvNlMsg;
typedef struct nl_cb MvNlCb;
typedef struct nl_addr MvNlAddr;
typedef struct nl_cache MvNlCache;
typedef struct rtnl_addr MvRtnlAddr;
typedef struct rtnl_link MvRtnlLink;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNlSock, nl_socket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNlMsg, nlmsg_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNlCb, nl_cb_put)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNlAddr, nl_addr_put)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNlCache, nl_cache_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvRtnlAddr, rtnl_addr_put)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvRtnlLink, rtnl_link_put)
typedef struct rtnl_route MvRtnlRoute;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvRtnlRoute, rtnl_route_put)

static int
check_ifname(const char *what, const char *name)
{
    size_t len = name ? strlen(name) : 0;

    if (len == 0 || len >= IFNAMSIZ || strchr(name, '/') || strpbrk(name, " \t\n:") ||
        strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "%s name '%s' is not a valid interface name",
                        what, name ? name : "");
        return -1;
    }
    return 0;
}

static MvNlSock *
route_socket_open(const char *bridge)
{
    g_autoptr(MvNlSock) sk = nl_socket_alloc();
    int err;

    if (!sk) {
        mv_report_error(VIR_ERR_NO_MEMORY, "cannot allocate a netlink socket for bridge '%s'",
                        bridge);
        return NULL;
    }
    err = nl_connect(sk, NETLINK_ROUTE);
    if (err < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "cannot open a netlink socket for bridge '%s': %s",
                        bridge, nl_geterror(err));
        return NULL;
    }
    return g_steal_pointer(&sk);
}

typedef struct {
    MvLinkInfo *info;
    bool found;
    bool acked;
} LinkQuery;

static int
link_query_acked(struct nl_msg *msg, void *opaque)
{
    LinkQuery *query = opaque;

    query->acked = true;
    return NL_STOP;
}

static void
parse_bridge_data(const struct nlattr *data, MvLinkInfo *info)
{
    struct nlattr *br[IFLA_BR_MAX + 1];

    if (nla_parse_nested(br, IFLA_BR_MAX, (struct nlattr *) data, NULL) < 0)
        return;
    if (br[IFLA_BR_STP_STATE])
        info->stp = nla_get_u32(br[IFLA_BR_STP_STATE]) != 0;
    if (br[IFLA_BR_FORWARD_DELAY])
        info->forward_delay = nla_get_u32(br[IFLA_BR_FORWARD_DELAY]) / BRIDGE_TICKS_PER_SECOND;
}

static int
link_query_parse(struct nl_msg *msg, void *opaque)
{
    LinkQuery *query = opaque;
    MvLinkInfo *info = query->info;
    struct nlmsghdr *hdr = nlmsg_hdr(msg);
    struct ifinfomsg *ifi = nlmsg_data(hdr);
    struct nlattr *tb[IFLA_MAX + 1];

    if (hdr->nlmsg_type != RTM_NEWLINK ||
        nlmsg_parse(hdr, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0)
        return NL_SKIP;

    memset(info, 0, sizeof(*info));
    info->ifindex = ifi->ifi_index;
    info->up = (ifi->ifi_flags & IFF_UP) != 0;
    if (tb[IFLA_MTU])
        info->mtu = nla_get_u32(tb[IFLA_MTU]);
    if (tb[IFLA_ADDRESS] && nla_len(tb[IFLA_ADDRESS]) == MV_MAC_BUFLEN)
        memcpy(info->mac.addr, nla_data(tb[IFLA_ADDRESS]), MV_MAC_BUFLEN);
    if (tb[IFLA_MASTER])
        info->master_ifindex = (int) nla_get_u32(tb[IFLA_MASTER]);
    if (tb[IFLA_LINKINFO]) {
        struct nlattr *li[IFLA_INFO_MAX + 1];

        if (nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) == 0 &&
            li[IFLA_INFO_KIND] &&
            g_strcmp0(nla_get_string(li[IFLA_INFO_KIND]), "bridge") == 0) {
            info->is_bridge = true;
            if (li[IFLA_INFO_DATA])
                parse_bridge_data(li[IFLA_INFO_DATA], info);
        }
    }
    query->found = true;
    return NL_OK;
}

/* 0 and *ret_found false when there is no such link; -1 (not reported)
 * with the libnl error in *ret_err for anything else. */
static int
link_query(MvNlSock *sk, const char *name, MvLinkInfo *ret_info, bool *ret_found, int *ret_err)
{
    g_autoptr(MvNlMsg) msg = nlmsg_alloc_simple(RTM_GETLINK, 0);
    g_autoptr(MvNlCb) cb = NULL;
    g_autoptr(MvNlCb) sock_cb = NULL;   /* nl_socket_get_cb() gives a reference */
    struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
    LinkQuery query = { .info = ret_info };
    int err;

    if (!msg) {
        *ret_err = -NLE_NOMEM;
        return -1;
    }
    if ((err = nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO)) < 0 ||
        (err = nla_put_string(msg, IFLA_IFNAME, name)) < 0 ||
        (err = nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS)) < 0) {
        *ret_err = err;
        return -1;
    }

    /* The request asks for an ACK too: reading up to it takes the reply
     * (through parse) and keeps the socket's sequence numbers in step for
     * the requests that follow on it. The callbacks are our own copy: the
     * socket's stay as they were. */
    sock_cb = nl_socket_get_cb(sk);
    if (!(cb = nl_cb_clone(sock_cb))) {
        *ret_err = -NLE_NOMEM;
        return -1;
    }
    nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, link_query_parse, &query);
    nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, link_query_acked, &query);
    err = nl_send_auto(sk, msg);
    while (err >= 0 && !query.acked)
        err = nl_recvmsgs(sk, cb);

    if (err == -NLE_NODEV || err == -NLE_OBJ_NOTFOUND) {
        *ret_found = false;
        return 0;
    }
    if (err < 0) {
        *ret_err = err;
        return -1;
    }
    *ret_found = query.found;
    return 0;
}

/* The link's info; reports when it is missing. */
static int
link_get(MvNlSock *sk, const char *what, const char *name, MvLinkInfo *ret_info)
{
    bool found = false;
    int err = 0;

    if (link_query(sk, name, ret_info, &found, &err) < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot read %s '%s': %s",
                        what, name, nl_geterror(err));
        return -1;
    }
    if (!found) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "%s '%s' does not exist", what, name);
        return -1;
    }
    return 0;
}

static int
bridge_get(MvNlSock *sk, const char *name, MvLinkInfo *ret_info)
{
    if (link_get(sk, "bridge", name, ret_info) < 0)
        return -1;
    if (!ret_info->is_bridge) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "interface '%s' is not a bridge", name);
        return -1;
    }
    return 0;
}

static int
build_create_request(const MvBridgeConfig *config, MvNlMsg *msg)
{
    struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
    struct nlattr *linkinfo;
    struct nlattr *data;
    int err;

    if ((err = nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO)) < 0 ||
        (err = nla_put_string(msg, IFLA_IFNAME, config->name)) < 0)
        return err;
    if (config->mtu && (err = nla_put_u32(msg, IFLA_MTU, config->mtu)) < 0)
        return err;
    if (config->mac && (err = nla_put(msg, IFLA_ADDRESS, MV_MAC_BUFLEN, config->mac->addr)) < 0)
        return err;

    if (!(linkinfo = nla_nest_start(msg, IFLA_LINKINFO)))
        return -NLE_NOMEM;
    if ((err = nla_put_string(msg, IFLA_INFO_KIND, "bridge")) < 0)
        return err;
    if (!(data = nla_nest_start(msg, IFLA_INFO_DATA)))
        return -NLE_NOMEM;
    /* The kernel applies the delay before the STP state, so a delay that
     * is only valid without STP (0, libvirt's default) is accepted. */
    if ((err = nla_put_u32(msg, IFLA_BR_FORWARD_DELAY,
                           config->forward_delay * BRIDGE_TICKS_PER_SECOND)) < 0 ||
        (err = nla_put_u32(msg, IFLA_BR_STP_STATE, config->stp ? 1 : 0)) < 0)
        return err;
    nla_nest_end(msg, data);
    nla_nest_end(msg, linkinfo);
    return 0;
}

int
mv_bridge_create(const MvBridgeConfig *config)
{
    g_autoptr(MvNlSock) sk = NULL;
    g_autoptr(MvNlMsg) msg = NULL;
    int err;

    if (check_ifname("bridge", config->name) < 0)
        return -1;
    if (config->forward_delay > G_MAXUINT32 / BRIDGE_TICKS_PER_SECOND) {
        mv_report_error(VIR_ERR_INVALID_ARG, "forward delay %u of bridge '%s' is too large",
                        config->forward_delay, config->name);
        return -1;
    }
    if (!(sk = route_socket_open(config->name)))
        return -1;

    msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    err = msg ? build_create_request(config, msg) : -NLE_NOMEM;
    if (err < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "cannot build the request to create bridge '%s': %s",
                        config->name, nl_geterror(err));
        return -1;
    }

    /* nl_send_sync frees the message whatever happens. */
    err = nl_send_sync(sk, g_steal_pointer(&msg));
    if (err < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot create bridge '%s': %s",
                        config->name, nl_geterror(err));
        return -1;
    }

    MV_INFO("created bridge '%s' (mtu %u, stp %s, forward delay %u s)", config->name,
            config->mtu, config->stp ? "on" : "off", config->forward_delay);
    return 0;
}

int
mv_bridge_delete(const char *name)
{
    g_autoptr(MvNlSock) sk = NULL;
    g_autoptr(MvRtnlLink) link = NULL;
    MvLinkInfo info;
    bool found = false;
    int err = 0;

    if (check_ifname("bridge", name) < 0)
        return -1;
    if (!(sk = route_socket_open(name)))
        return -1;

    if (link_query(sk, name, &info, &found, &err) < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot read bridge '%s': %s",
                        name, nl_geterror(err));
        return -1;
    }
    if (!found) {
        MV_DEBUG("bridge '%s' is gone already", name);
        return 0;
    }
    if (!info.is_bridge) {
        mv_report_error(VIR_ERR_OPERATION_INVALID,
                        "interface '%s' is not a bridge: not deleting it", name);
        return -1;
    }

    if (!(link = rtnl_link_alloc())) {
        mv_report_error(VIR_ERR_NO_MEMORY, "cannot delete bridge '%s'", name);
        return -1;
    }
    rtnl_link_set_ifindex(link, info.ifindex);
    err = rtnl_link_delete(sk, link);
    if (err < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot delete bridge '%s': %s",
                        name, nl_geterror(err));
        return -1;
    }

    MV_INFO("deleted bridge '%s'", name);
    return 0;
}

int
mv_bridge_exists(const char *name, bool *ret_exists)
{
    g_autoptr(MvNlSock) sk = NULL;
    MvLinkInfo info;
    bool found = false;
    int err = 0;

    if (check_ifname("bridge", name) < 0)
        return -1;
    if (!(sk = route_socket_open(name)))
        return -1;
    if (link_query(sk, name, &info, &found, &err) < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot read bridge '%s': %s",
                        name, nl_geterror(err));
        return -1;
    }

    *ret_exists = found && info.is_bridge;
    return 0;
}

int
mv_link_get_info(const char *name, MvLinkInfo *ret_info)
{
    g_autoptr(MvNlSock) sk = NULL;

    if (check_ifname("interface", name) < 0)
        return -1;
    if (!(sk = route_socket_open(name)))
        return -1;
    return link_get(sk, "interface", name, ret_info);
}

int
mv_bridge_set_up(const char *name, bool up)
{
    g_autoptr(MvNlSock) sk = NULL;
    g_autoptr(MvRtnlLink) orig = NULL;
    g_autoptr(MvRtnlLink) change = NULL;
    MvLinkInfo info;
    int err;

    if (check_ifname("bridge", name) < 0)
        return -1;
    if (!(sk = route_socket_open(name)))
        return -1;
    if (bridge_get(sk, name, &info) < 0)
        return -1;

    if (!(orig = rtnl_link_alloc()) || !(change = rtnl_link_alloc())) {
        mv_report_error(VIR_ERR_NO_MEMORY, "cannot change the state of bridge '%s'", name);
        return -1;
    }
    rtnl_link_set_ifindex(orig, info.ifindex);
    if (up)
        rtnl_link_set_flags(change, IFF_UP);
    else
        rtnl_link_unset_flags(change, IFF_UP);

    err = rtnl_link_change(sk, orig, change, 0);
    if (err < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot bring bridge '%s' %s: %s",
                        name, up ? "up" : "down", nl_geterror(err));
        return -1;
    }

    MV_INFO("bridge '%s' is %s", name, up ? "up" : "down");
    return 0;
}

/* An rtnl_addr for addr/prefix on ifindex, with its IPv4 broadcast. */
static MvRtnlAddr *
build_address(const char *name, int ifindex, const MvIPAddr *addr, unsigned int prefix)
{
    g_autoptr(MvRtnlAddr) ra = NULL;
    g_autoptr(MvNlAddr) local = NULL;
    g_autofree char *text = mv_ip_addr_format(addr);
    unsigned int max_prefix = addr->family == AF_INET ? 32 : 128;
    size_t len = addr->family == AF_INET ? sizeof(addr->u.v4) : sizeof(addr->u.v6);

    if (addr->family != AF_INET && addr->family != AF_INET6) {
        mv_report_error(VIR_ERR_INVALID_ARG, "bridge '%s': no address given", name);
        return NULL;
    }
    if (prefix > max_prefix) {
        mv_report_error(VIR_ERR_INVALID_ARG, "bridge '%s': prefix %u of address '%s' is too large",
                        name, prefix, text);
        return NULL;
    }

    if (!(ra = rtnl_addr_alloc()) || !(local = nl_addr_build(addr->family, &addr->u, len))) {
        mv_report_error(VIR_ERR_NO_MEMORY, "bridge '%s': cannot build address '%s'", name, text);
        return NULL;
    }
    nl_addr_set_prefixlen(local, (int) prefix);
    rtnl_addr_set_ifindex(ra, ifindex);
    if (rtnl_addr_set_local(ra, local) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "bridge '%s': cannot use address '%s'", name, text);
        return NULL;
    }

    if (addr->family == AF_INET && prefix < 31) {
        uint32_t host_mask = prefix == 0 ? 0xffffffffu : (1u << (32 - prefix)) - 1;
        struct in_addr bcast = { .s_addr = addr->u.v4.s_addr | htonl(host_mask) };
        g_autoptr(MvNlAddr) broadcast = nl_addr_build(AF_INET, &bcast, sizeof(bcast));

        if (!broadcast || rtnl_addr_set_broadcast(ra, broadcast) < 0) {
            mv_report_error(VIR_ERR_NO_MEMORY, "bridge '%s': cannot build the broadcast of '%s'",
                            name, text);
            return NULL;
        }
    }
    return g_steal_pointer(&ra);
}

static int
change_address(const char *name, const MvIPAddr *addr, unsigned int prefix, bool add)
{
    g_autoptr(MvNlSock) sk = NULL;
    g_autoptr(MvRtnlAddr) ra = NULL;
    g_autofree char *text = NULL;
    MvLinkInfo info;
    int err;

    if (check_ifname("bridge", name) < 0)
        return -1;
    if (!(sk = route_socket_open(name)))
        return -1;
    if (bridge_get(sk, name, &info) < 0)
        return -1;
    if (!(ra = build_address(name, info.ifindex, addr, prefix)))
        return -1;

    err = add ? rtnl_addr_add(sk, ra, NLM_F_EXCL) : rtnl_addr_delete(sk, ra, 0);
    text = mv_ip_addr_format(addr);
    if (err < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot %s address '%s/%u' %s bridge '%s': %s",
                        add ? "add" : "remove", text, prefix, add ? "to" : "from", name,
                        nl_geterror(err));
        return -1;
    }

    MV_INFO("bridge '%s': %s address %s/%u", name, add ? "added" : "removed", text, prefix);
    return 0;
}

int
mv_bridge_add_address(const char *name, const MvIPAddr *addr, unsigned int prefix)
{
    return change_address(name, addr, prefix, true);
}

int
mv_bridge_del_address(const char *name, const MvIPAddr *addr, unsigned int prefix)
{
    return change_address(name, addr, prefix, false);
}

static MvNlAddr *
build_nl_addr(const MvIPAddr *addr, int prefix)
{
    size_t len = addr->family == AF_INET ? sizeof(addr->u.v4) : sizeof(addr->u.v6);
    MvNlAddr *nl = nl_addr_build(addr->family, &addr->u, len);

    if (nl && prefix >= 0)
        nl_addr_set_prefixlen(nl, prefix);
    return nl;
}

int
mv_bridge_add_route(const char *name, const MvIPAddr *address, unsigned int prefix,
                    const MvIPAddr *gateway, unsigned int metric)
{
    g_autoptr(MvNlSock) sk = NULL;
    g_autoptr(MvRtnlRoute) route = NULL;
    g_autoptr(MvNlAddr) dst = NULL;
    g_autoptr(MvNlAddr) via = NULL;
    g_autofree char *dst_text = mv_ip_addr_format(address);
    g_autofree char *via_text = mv_ip_addr_format(gateway);
    struct rtnl_nexthop *nh;
    MvLinkInfo info;
    int err;

    if (check_ifname("bridge", name) < 0)
        return -1;
    if ((address->family != AF_INET && address->family != AF_INET6) ||
        gateway->family != address->family) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "bridge '%s': route to '%s' needs a gateway of its own family", name,
                        dst_text ? dst_text : "");
        return -1;
    }
    if (!(sk = route_socket_open(name)) || bridge_get(sk, name, &info) < 0)
        return -1;
    if (!(route = rtnl_route_alloc()) || !(nh = rtnl_route_nh_alloc()) ||
        !(dst = build_nl_addr(address, (int) prefix)) || !(via = build_nl_addr(gateway, -1))) {
        mv_report_error(VIR_ERR_NO_MEMORY, "bridge '%s': cannot build route to '%s/%u'", name,
                        dst_text, prefix);
        return -1;
    }
    rtnl_route_set_family(route, (uint8_t) address->family);
    rtnl_route_set_table(route, RT_TABLE_MAIN);
    rtnl_route_set_protocol(route, RTPROT_BOOT);
    rtnl_route_set_scope(route, RT_SCOPE_UNIVERSE);
    rtnl_route_set_type(route, RTN_UNICAST);
    if (metric > 0)
        rtnl_route_set_priority(route, metric);
    rtnl_route_set_dst(route, dst);
    rtnl_route_nh_set_ifindex(nh, info.ifindex);
    rtnl_route_nh_set_gateway(nh, via);
    rtnl_route_add_nexthop(route, nh);

    if ((err = rtnl_route_add(sk, route, NLM_F_EXCL)) < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "cannot add route to '%s/%u' via '%s' on bridge '%s': %s", dst_text,
                        prefix, via_text, name, nl_geterror(err));
        return -1;
    }
    MV_INFO("bridge '%s': route to %s/%u via %s%s", name, dst_text, prefix, via_text,
            metric ? " (with a metric)" : "");
    return 0;
}

int
mv_bridge_has_address(const char *name, const MvIPAddr *addr, unsigned int prefix,
                      bool *ret_has)
{
    g_autoptr(MvNlSock) sk = NULL;
    g_autoptr(MvNlCache) cache = NULL;
    size_t len = addr->family == AF_INET ? sizeof(addr->u.v4) : sizeof(addr->u.v6);
    MvLinkInfo info;
    struct nl_object *obj;
    int err;

    if (check_ifname("bridge", name) < 0)
        return -1;
    if (!(sk = route_socket_open(name)))
        return -1;
    if (bridge_get(sk, name, &info) < 0)
        return -1;

    err = rtnl_addr_alloc_cache(sk, &cache);
    if (err < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot list the addresses of bridge '%s': %s",
                        name, nl_geterror(err));
        return -1;
    }

    for (obj = nl_cache_get_first(cache); obj; obj = nl_cache_get_next(obj)) {
        struct rtnl_addr *ra = (struct rtnl_addr *) obj;
        struct nl_addr *local = rtnl_addr_get_local(ra);

        if (rtnl_addr_get_ifindex(ra) != info.ifindex || !local ||
            nl_addr_get_family(local) != addr->family ||
            nl_addr_get_prefixlen(local) != prefix ||
            nl_addr_get_len(local) != len ||
            memcmp(nl_addr_get_binary_addr(local), &addr->u, len) != 0)
            continue;
        *ret_has = true;
        return 0;
    }
    *ret_has = false;
    return 0;
}

static int
change_port(const char *bridge, const char *ifname, bool attach)
{
    g_autoptr(MvNlSock) sk = NULL;
    MvLinkInfo br;
    MvLinkInfo port;
    int err;

    if (check_ifname("bridge", bridge) < 0 || check_ifname("interface", ifname) < 0)
        return -1;
    if (!(sk = route_socket_open(bridge)))
        return -1;
    if (bridge_get(sk, bridge, &br) < 0 || link_get(sk, "interface", ifname, &port) < 0)
        return -1;

    if (attach) {
        err = rtnl_link_enslave_ifindex(sk, br.ifindex, port.ifindex);
    } else {
        if (port.master_ifindex != br.ifindex) {
            mv_report_error(VIR_ERR_OPERATION_INVALID,
                            "interface '%s' is not a port of bridge '%s'", ifname, bridge);
            return -1;
        }
        err = rtnl_link_release_ifindex(sk, port.ifindex);
    }
    if (err < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot %s interface '%s' %s bridge '%s': %s",
                        attach ? "attach" : "detach", ifname, attach ? "to" : "from", bridge,
                        nl_geterror(err));
        return -1;
    }

    MV_INFO("bridge '%s': %s interface '%s'", bridge, attach ? "attached" : "detached", ifname);
    return 0;
}

int
mv_bridge_attach(const char *bridge, const char *ifname)
{
    return change_port(bridge, ifname, true);
}

int
mv_bridge_detach(const char *bridge, const char *ifname)
{
    return change_port(bridge, ifname, false);
}
