/* QoS of an interface (<bandwidth>) through tc over netlink (libnl): an htb tree on egress, a policing filter on ingress. */
#define MV_LOG_MODULE "network.tc"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/utils.h>
#include <netlink/route/class.h>
#include <netlink/route/classifier.h>
#include <netlink/route/cls/fw.h>
#include <netlink/route/cls/u32.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/qdisc/htb.h>
#include <netlink/route/qdisc/sfq.h>
#include <netlink/route/tc.h>

#include "tc_bandwidth.h"
#include "util/error.h"
#include "util/log.h"

/* tc's "kbps" is 1000 bytes per second; its "kb" is 1024 bytes. */
#define BYTES_PER_KBPS 1000ULL
#define BYTES_PER_KB 1024ULL
/* libvirt's quantum assumes this MTU; its police filter this one. */
#define QUANTUM_MTU 1500ULL
#define POLICE_MTU 65536U
#define SFQ_PERTURB_SECONDS 10
/* The kernel's rate tables: 256 slots of 1 << cell_log bytes. */
#define RTAB_SLOTS 256

typedef struct nl_sock MvTcSock;
typedef struct nl_msg MvTcMsg;
typedef struct rtnl_qdisc MvTcQdisc;
typedef struct rtnl_class MvTcClass;
typedef struct rtnl_cls MvTcCls;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvTcSock, nl_socket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvTcMsg, nlmsg_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvTcQdisc, rtnl_qdisc_put)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvTcClass, rtnl_class_put)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvTcCls, rtnl_cls_put)

/* An open route netlink socket, ifname naming the interface in errors. */
static MvTcSock *
tc_socket(const char *ifname)
{
    g_autoptr(MvTcSock) sk = NULL;
    int err;

    if (!(sk = nl_socket_alloc())) {
        mv_report_error(VIR_ERR_NO_MEMORY, "cannot allocate a netlink socket for '%s'", ifname);
        return NULL;
    }
    if ((err = nl_connect(sk, NETLINK_ROUTE)) < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot open a netlink socket for '%s': %s",
                        ifname, nl_geterror(err));
        return NULL;
    }
    return g_steal_pointer(&sk);
}

/* An open socket and the interface's index, or NULL after reporting. */
static MvTcSock *
tc_open(const char *ifname, int *ret_ifindex)
{
    g_autoptr(MvTcSock) sk = NULL;
    unsigned int ifindex;

    if (!ifname || !*ifname || strlen(ifname) >= IFNAMSIZ) {
        mv_report_error(VIR_ERR_INVALID_ARG, "'%s' is not a valid interface name for QoS",
                        ifname ? ifname : "");
        return NULL;
    }
    ifindex = if_nametoindex(ifname);
    if (ifindex == 0) {
        mv_report_system_error(errno, "cannot set QoS on interface '%s'", ifname);
        return NULL;
    }
    if (!(sk = tc_socket(ifname)))
        return NULL;
    *ret_ifindex = (int) ifindex;
    return g_steal_pointer(&sk);
}

static int
tc_failed(const char *ifname, const char *what, int err)
{
    mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot add the %s of interface '%s': %s",
                    what, ifname, nl_geterror(err));
    return -1;
}

/* libvirt's htb quantum: the rate in bytes per second over the MTU, at
 * least 1 (its formula, kilobytes counted as 1024 bytes). */
static uint32_t
quantum_of(unsigned long long average)
{
    unsigned long long quantum = average * BYTES_PER_KB / 8 / QUANTUM_MTU;

    return quantum == 0 ? 1 : (uint32_t) MIN(quantum, G_MAXUINT32);
}

static int
qdisc_add(MvTcSock *sk, const char *ifname, int ifindex, uint32_t parent, uint32_t handle,
          const char *kind, uint32_t htb_default)
{
    g_autoptr(MvTcQdisc) qdisc = rtnl_qdisc_alloc();
    int err;

    if (!qdisc)
        return tc_failed(ifname, kind, -NLE_NOMEM);
    rtnl_tc_set_ifindex(TC_CAST(qdisc), ifindex);
    rtnl_tc_set_parent(TC_CAST(qdisc), parent);
    rtnl_tc_set_handle(TC_CAST(qdisc), handle);
    if ((err = rtnl_tc_set_kind(TC_CAST(qdisc), kind)) < 0)
        return tc_failed(ifname, kind, err);
    if (strcmp(kind, "htb") == 0)
        rtnl_htb_set_defcls(qdisc, htb_default);
    else if (strcmp(kind, "sfq") == 0)
        rtnl_sfq_set_perturb(qdisc, SFQ_PERTURB_SECONDS);
    err = rtnl_qdisc_add(sk, qdisc, NLM_F_CREATE | NLM_F_EXCL);
    /* sfq only spreads a class's rate fairly among its flows: a kernel
     * built without it (the kernel answers ENOENT for a kind it does not
     * know) still shapes. */
    if (err == -NLE_OBJ_NOTFOUND && strcmp(kind, "sfq") == 0) {
        MV_WARN("interface '%s': the kernel has no sfq qdisc (CONFIG_NET_SCH_SFQ); class %x:%x "
                "shapes without fair queuing", ifname, TC_H_MAJ(parent) >> 16, TC_H_MIN(parent));
        return 0;
    }
    if (err < 0)
        return tc_failed(ifname, kind, err);
    return 0;
}

/* An htb class; rates in kilobytes per second, burst in kibibytes, 0:
 * none (ceil then equals the rate, as in tc). flags: NLM_F_CREATE and
 * NLM_F_EXCL for a new class (libnl adds neither), 0 to change one. */
static int
htb_class_set(MvTcSock *sk, const char *ifname, int ifindex, uint32_t parent, uint32_t classid,
              unsigned long long rate, unsigned long long ceil, unsigned long long burst,
              unsigned long long quantum_rate, int flags)
{
    g_autoptr(MvTcClass) cls = rtnl_class_alloc();
    int err;

    if (!cls)
        return tc_failed(ifname, "htb class", -NLE_NOMEM);
    rtnl_tc_set_ifindex(TC_CAST(cls), ifindex);
    rtnl_tc_set_parent(TC_CAST(cls), parent);
    rtnl_tc_set_handle(TC_CAST(cls), classid);
    if ((err = rtnl_tc_set_kind(TC_CAST(cls), "htb")) < 0)
        return tc_failed(ifname, "htb class", err);
    rtnl_htb_set_rate64(cls, rate * BYTES_PER_KBPS);
    rtnl_htb_set_ceil64(cls, (ceil ? ceil : rate) * BYTES_PER_KBPS);
    if (burst)
        rtnl_htb_set_rbuffer(cls, (uint32_t) (burst * BYTES_PER_KB));
    rtnl_htb_set_quantum(cls, quantum_of(quantum_rate));
    if ((err = rtnl_class_add(sk, cls, flags)) < 0)
        return tc_failed(ifname, "htb class", err);
    return 0;
}

static int
fw_filter_add(MvTcSock *sk, const char *ifname, int ifindex)
{
    g_autoptr(MvTcCls) cls = rtnl_cls_alloc();
    int err;

    if (!cls)
        return tc_failed(ifname, "fw filter", -NLE_NOMEM);
    rtnl_tc_set_ifindex(TC_CAST(cls), ifindex);
    rtnl_tc_set_parent(TC_CAST(cls), TC_HANDLE(1, 0));
    rtnl_tc_set_handle(TC_CAST(cls), 1);
    if ((err = rtnl_tc_set_kind(TC_CAST(cls), "fw")) < 0)
        return tc_failed(ifname, "fw filter", err);
    rtnl_cls_set_prio(cls, 1);
    rtnl_cls_set_protocol(cls, ETH_P_ALL);
    rtnl_fw_set_classid(cls, 1);
    err = rtnl_cls_add(sk, cls, NLM_F_CREATE | NLM_F_EXCL);
    /* It sends firewall-marked packets to class 1:1, the default anyway. */
    if (err == -NLE_OBJ_NOTFOUND) {
        MV_WARN("interface '%s': the kernel has no fw classifier (CONFIG_NET_CLS_FW); "
                "marked packets take the default class", ifname);
        return 0;
    }
    if (err < 0)
        return tc_failed(ifname, "fw filter", err);
    return 0;
}

/* What the interface sends: htb root, its class(es), sfq, fw filter. */
static int
shape_egress(MvTcSock *sk, const char *ifname, int ifindex, const MvBandwidthRate *tx,
             bool hierarchical)
{
    uint32_t leaf = hierarchical ? TC_HANDLE(1, 2) : TC_HANDLE(1, 1);

    if (qdisc_add(sk, ifname, ifindex, TC_H_ROOT, TC_HANDLE(1, 0), "htb",
                  hierarchical ? 2 : 1) < 0)
        return -1;
    if (hierarchical &&
        htb_class_set(sk, ifname, ifindex, TC_HANDLE(1, 0), TC_HANDLE(1, 1), tx->average,
                      tx->peak, 0, tx->average, NLM_F_CREATE | NLM_F_EXCL) < 0)
        return -1;
    if (htb_class_set(sk, ifname, ifindex, hierarchical ? TC_HANDLE(1, 1) : TC_HANDLE(1, 0),
                      leaf, tx->average, tx->peak, tx->burst, tx->average, NLM_F_CREATE | NLM_F_EXCL) < 0 ||
        qdisc_add(sk, ifname, ifindex, leaf, TC_HANDLE(2, 0), "sfq", 0) < 0 ||
        fw_filter_add(sk, ifname, ifindex) < 0)
        return -1;
    return 0;
}

/* The burst the police filter allows: burst kibibytes, or (libvirt's
 * default) as many as the average rate in kilobytes, within a u32. */
static unsigned long long
police_burst_bytes(const MvBandwidthRate *rx)
{
    if (rx->burst)
        return rx->burst * BYTES_PER_KB;
    return MIN(rx->average, G_MAXUINT32 / BYTES_PER_KB) * BYTES_PER_KB;
}

/* The kernel's rate table and tc_police for rate (bytes per second), as
 * tc computes them for an Ethernet link: slot i holds the ticks to send
 * (i + 1) << cell_log bytes. */
static void
police_fill(struct tc_police *police, uint32_t *rtab, unsigned long long rate,
            unsigned long long burst)
{
    int cell_log = 0;

    while ((POLICE_MTU >> cell_log) > RTAB_SLOTS - 1)
        cell_log++;
    for (int i = 0; i < RTAB_SLOTS; i++) {
        double bytes = (double) ((unsigned long long) (i + 1) << cell_log);

        rtab[i] = nl_us2ticks((uint32_t) (bytes * 1000000.0 / (double) rate));
    }
    memset(police, 0, sizeof(*police));
    police->action = TC_POLICE_SHOT;
    police->mtu = POLICE_MTU;
    police->rate.rate = (uint32_t) MIN(rate, G_MAXUINT32);
    police->rate.cell_log = (unsigned char) cell_log;
    police->rate.cell_align = -1;
    police->rate.linklayer = TC_LINKLAYER_ETHERNET;
    police->burst = nl_us2ticks((uint32_t) ((double) burst * 1000000.0 / (double) rate));
}

/* What the interface receives: an ingress qdisc and a u32 filter matching
 * everything that polices it. libnl has no police action, so the filter
 * is built here, attribute by attribute, as tc sends it. */
static int
police_ingress(MvTcSock *sk, const char *ifname, int ifindex, const MvBandwidthRate *rx)
{
    unsigned long long rate = rx->average * BYTES_PER_KBPS;
    g_autoptr(MvTcMsg) msg = NULL;
    struct tcmsg tcm = {
        .tcm_family = AF_UNSPEC,
        .tcm_ifindex = ifindex,
        .tcm_parent = TC_H_MAKE(TC_H_INGRESS, 0),
        .tcm_info = TC_H_MAKE(0, htons(ETH_P_ALL)),
    };
    struct {
        struct tc_u32_sel sel;
        struct tc_u32_key key;
    } sel = { .sel = { .flags = TC_U32_TERMINAL, .nkeys = 1 } };
    struct tc_police police;
    uint32_t rtab[RTAB_SLOTS];
    struct nlattr *options;
    struct nlattr *policer;
    int err;

    if (qdisc_add(sk, ifname, ifindex, TC_H_INGRESS, TC_HANDLE(0xffffU, 0), "ingress", 0) < 0)
        return -1;

    police_fill(&police, rtab, rate, police_burst_bytes(rx));
    if (!(msg = nlmsg_alloc_simple(RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_EXCL)) ||
        nlmsg_append(msg, &tcm, sizeof(tcm), NLMSG_ALIGNTO) < 0 ||
        nla_put_string(msg, TCA_KIND, "u32") < 0 ||
        !(options = nla_nest_start(msg, TCA_OPTIONS)) ||
        nla_put(msg, TCA_U32_SEL, sizeof(sel), &sel) < 0 ||
        nla_put_u32(msg, TCA_U32_CLASSID, 1) < 0 ||
        !(policer = nla_nest_start(msg, TCA_U32_POLICE)) ||
        nla_put(msg, TCA_POLICE_TBF, sizeof(police), &police) < 0 ||
        nla_put(msg, TCA_POLICE_RATE, sizeof(rtab), rtab) < 0 ||
        (rate > G_MAXUINT32 && nla_put_u64(msg, TCA_POLICE_RATE64, rate) < 0))
        return tc_failed(ifname, "police filter", -NLE_NOMEM);
    nla_nest_end(msg, policer);
    nla_nest_end(msg, options);
    /* nl_send_sync() frees the message whatever happens. */
    err = nl_send_sync(sk, g_steal_pointer(&msg));
    if (err == -NLE_OBJ_NOTFOUND) {
        mv_report_error(VIR_ERR_OPERATION_UNSUPPORTED,
                        "cannot limit the traffic interface '%s' receives: the kernel has no "
                        "police action (CONFIG_NET_ACT_POLICE)", ifname);
        return -1;
    }
    if (err < 0)
        return tc_failed(ifname, "police filter", err);
    return 0;
}

static int
check_rate(const char *what, const char *dir, const char *attr, unsigned long long value)
{
    /* htb and the police rate take 64-bit bytes per second. */
    if (value > G_MAXUINT64 / BYTES_PER_KBPS) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "%s: bandwidth %s %s %llu kilobytes per second is too large",
                        what, dir, attr, value);
        return -1;
    }
    return 0;
}

static int
check_direction(const char *what, const char *dir, const MvBandwidthRate *rate)
{
    if (!rate)
        return 0;
    if (check_rate(what, dir, "average", rate->average) < 0 ||
        check_rate(what, dir, "peak", rate->peak) < 0 ||
        check_rate(what, dir, "floor", rate->floor) < 0)
        return -1;
    if (rate->burst > G_MAXUINT32 / BYTES_PER_KB) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "%s: bandwidth %s burst %llu kibibytes is too large (at most %llu)",
                        what, dir, (unsigned long long) rate->burst,
                        (unsigned long long) (G_MAXUINT32 / BYTES_PER_KB));
        return -1;
    }
    if (rate->peak && rate->average && rate->peak < rate->average) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "%s: bandwidth %s peak %llu is below its average %llu",
                        what, dir, (unsigned long long) rate->peak,
                        (unsigned long long) rate->average);
        return -1;
    }
    /* The kernel counts a burst in clock ticks, in 32 bits. */
    if (rate->average &&
        (double) police_burst_bytes(rate) * 1000000.0 / ((double) rate->average * BYTES_PER_KBPS) >
        (double) G_MAXUINT32 / 64.0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "%s: bandwidth %s burst %llu kibibytes takes too long at average %llu",
                        what, dir, (unsigned long long) rate->burst,
                        (unsigned long long) rate->average);
        return -1;
    }
    return 0;
}

int
mv_tc_bandwidth_check(const char *what, const MvBandwidth *bw)
{
    if (!bw)
        return 0;
    if (check_direction(what, "inbound", bw->in) < 0 ||
        check_direction(what, "outbound", bw->out) < 0)
        return -1;
    return 0;
}

static int
qdisc_delete(MvTcSock *sk, const char *ifname, int ifindex, uint32_t parent)
{
    g_autoptr(MvTcQdisc) qdisc = rtnl_qdisc_alloc();
    int err;

    if (!qdisc) {
        mv_report_error(VIR_ERR_NO_MEMORY, "cannot clear the QoS of interface '%s'", ifname);
        return -1;
    }
    rtnl_tc_set_ifindex(TC_CAST(qdisc), ifindex);
    rtnl_tc_set_parent(TC_CAST(qdisc), parent);
    if (parent == TC_H_INGRESS)
        rtnl_tc_set_handle(TC_CAST(qdisc), TC_HANDLE(0xffffU, 0));
    err = rtnl_qdisc_delete(sk, qdisc);
    /* None there: the kernel's default qdisc cannot be deleted. */
    if (err < 0 && err != -NLE_OBJ_NOTFOUND && err != -NLE_INVAL && err != -NLE_NODEV) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot clear the QoS of interface '%s': %s",
                        ifname, nl_geterror(err));
        return -1;
    }
    return 0;
}

int
mv_tc_bandwidth_clear(const char *ifname)
{
    g_autoptr(MvTcSock) sk = NULL;
    int ifindex = 0;
    int rc = 0;

    if (ifname && *ifname && strlen(ifname) < IFNAMSIZ && if_nametoindex(ifname) == 0 &&
        errno == ENODEV)
        return 0;
    if (!(sk = tc_open(ifname, &ifindex)))
        return -1;
    if (qdisc_delete(sk, ifname, ifindex, TC_H_ROOT) < 0)
        rc = -1;
    if (qdisc_delete(sk, ifname, ifindex, TC_H_INGRESS) < 0)
        rc = -1;
    return rc;
}

int
mv_tc_bandwidth_clear_index(const char *ifname, unsigned int ifindex)
{
    g_autoptr(MvTcSock) sk = NULL;
    int rc = 0;

    if (!(sk = tc_socket(ifname)))
        return -1;
    if (qdisc_delete(sk, ifname, (int) ifindex, TC_H_ROOT) < 0)
        rc = -1;
    if (qdisc_delete(sk, ifname, (int) ifindex, TC_H_INGRESS) < 0)
        rc = -1;
    return rc;
}

int
mv_tc_bandwidth_set(const char *ifname, const MvBandwidth *bw, bool hierarchical, bool swapped)
{
    g_autoptr(MvTcSock) sk = NULL;
    const MvBandwidthRate *tx;
    const MvBandwidthRate *rx;
    int ifindex = 0;

    if (!bw)
        return 0;
    tx = swapped ? bw->in : bw->out;
    rx = swapped ? bw->out : bw->in;
    if (mv_tc_bandwidth_check(ifname, bw) < 0 || mv_tc_bandwidth_clear(ifname) < 0 ||
        !(sk = tc_open(ifname, &ifindex)))
        return -1;

    if (tx && tx->average && shape_egress(sk, ifname, ifindex, tx, hierarchical) < 0)
        goto error;
    if (rx && rx->average && police_ingress(sk, ifname, ifindex, rx) < 0)
        goto error;
    MV_DEBUG("interface '%s': QoS set (egress %llu, ingress %llu kB/s)", ifname,
             tx ? (unsigned long long) tx->average : 0ULL,
             rx ? (unsigned long long) rx->average : 0ULL);
    return 0;

 error:
    {
        g_autoptr(MvError) err = mv_error_save();

        mv_tc_bandwidth_clear(ifname);
        mv_error_restore(g_steal_pointer(&err));
    }
    return -1;
}

/* ---- guaranteed shares (floor) on a network's bridge --------------------- */

static uint32_t
floor_filter_handle(unsigned int id)
{
    /* libvirt's "800::%u" with 800 + id, read by tc as hex: table 0x800,
     * bucket 0, node 0x800 + id. */
    return (0x800U << 20) | ((0x800U + id) & 0xfffU);
}

static int
check_class_id(const char *bridge, unsigned int id)
{
    if (id <= 2 || id > 0xffff) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "bridge '%s': invalid QoS class ID %u", bridge, id);
        return -1;
    }
    return 0;
}

static int
floor_filter_add(MvTcSock *sk, const char *bridge, int ifindex, const MvMacAddr *mac,
                 unsigned int id)
{
    g_autoptr(MvTcCls) cls = rtnl_cls_alloc();
    const unsigned char *m = mac->addr;
    uint32_t low = ((uint32_t) m[2] << 24) | ((uint32_t) m[3] << 16) | ((uint32_t) m[4] << 8) | m[5];
    uint16_t high = (uint16_t) ((m[0] << 8) | m[1]);
    int err;

    if (!cls)
        return tc_failed(bridge, "floor filter", -NLE_NOMEM);
    rtnl_tc_set_ifindex(TC_CAST(cls), ifindex);
    rtnl_tc_set_parent(TC_CAST(cls), TC_HANDLE(1, 0));
    if ((err = rtnl_tc_set_kind(TC_CAST(cls), "u32")) < 0)
        return tc_failed(bridge, "floor filter", err);
    rtnl_tc_set_handle(TC_CAST(cls), floor_filter_handle(id));
    rtnl_cls_set_prio(cls, 2);
    rtnl_cls_set_protocol(cls, ETH_P_IP);
    /* Offsets from the network header back into the Ethernet header:
     * the ethertype, then the destination MAC. */
    if ((err = rtnl_u32_add_key_uint16(cls, ETH_P_IP, 0xffff, -2, 0)) < 0 ||
        (err = rtnl_u32_add_key_uint32(cls, low, 0xffffffff, -12, 0)) < 0 ||
        (err = rtnl_u32_add_key_uint16(cls, high, 0xffff, -14, 0)) < 0 ||
        (err = rtnl_u32_set_classid(cls, TC_HANDLE(1, id))) < 0 ||
        (err = rtnl_u32_set_cls_terminal(cls)) < 0)
        return tc_failed(bridge, "floor filter", err);
    if ((err = rtnl_cls_add(sk, cls, NLM_F_CREATE | NLM_F_EXCL)) < 0)
        return tc_failed(bridge, "floor filter", err);
    return 0;
}

int
mv_tc_bandwidth_plug(const char *bridge, const MvBandwidth *net_bw, const MvMacAddr *mac,
                     const MvBandwidth *port_bw, unsigned int id)
{
    g_autoptr(MvTcSock) sk = NULL;
    char macstr[MV_MAC_STRING_BUFLEN];
    int ifindex = 0;

    if (check_class_id(bridge, id) < 0)
        return -1;
    if (!net_bw || !net_bw->in) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "Bridge '%s' has no QoS set, therefore unable to set 'floor' on '%s'",
                        bridge, mv_mac_format(mac, macstr));
        return -1;
    }
    if (!(sk = tc_open(bridge, &ifindex)))
        return -1;
    if (htb_class_set(sk, bridge, ifindex, TC_HANDLE(1, 1), TC_HANDLE(1, id), port_bw->in->floor,
                      net_bw->in->peak ? net_bw->in->peak : net_bw->in->average, 0,
                      port_bw->in->average, NLM_F_CREATE | NLM_F_EXCL) < 0 ||
        qdisc_add(sk, bridge, ifindex, TC_HANDLE(1, id), TC_HANDLE(id, 0), "sfq", 0) < 0 ||
        floor_filter_add(sk, bridge, ifindex, mac, id) < 0) {
        g_autoptr(MvError) err = mv_error_save();

        mv_tc_bandwidth_unplug(bridge, id);
        mv_error_restore(g_steal_pointer(&err));
        return -1;
    }
    return 0;
}

int
mv_tc_bandwidth_unplug(const char *bridge, unsigned int id)
{
    g_autoptr(MvTcSock) sk = NULL;
    g_autoptr(MvTcQdisc) qdisc = rtnl_qdisc_alloc();
    g_autoptr(MvTcCls) filter = rtnl_cls_alloc();
    g_autoptr(MvTcClass) cls = rtnl_class_alloc();
    int ifindex = 0;
    int err;

    if (check_class_id(bridge, id) < 0)
        return -1;
    if (if_nametoindex(bridge) == 0)
        return 0;
    if (!(sk = tc_open(bridge, &ifindex)))
        return -1;
    if (!qdisc || !filter || !cls) {
        mv_report_error(VIR_ERR_NO_MEMORY, "cannot remove QoS class %u of bridge '%s'", id,
                        bridge);
        return -1;
    }
    /* Each may be gone already; what is left goes all the same. */
    rtnl_tc_set_ifindex(TC_CAST(qdisc), ifindex);
    rtnl_tc_set_parent(TC_CAST(qdisc), TC_HANDLE(1, id));
    rtnl_tc_set_handle(TC_CAST(qdisc), TC_HANDLE(id, 0));
    if ((err = rtnl_qdisc_delete(sk, qdisc)) < 0)
        MV_DEBUG("bridge '%s': sfq %x: %s", bridge, id, nl_geterror(err));

    rtnl_tc_set_ifindex(TC_CAST(filter), ifindex);
    rtnl_tc_set_parent(TC_CAST(filter), TC_HANDLE(1, 0));
    rtnl_tc_set_kind(TC_CAST(filter), "u32");
    rtnl_tc_set_handle(TC_CAST(filter), floor_filter_handle(id));
    rtnl_cls_set_prio(filter, 2);
    rtnl_cls_set_protocol(filter, ETH_P_IP);
    if ((err = rtnl_cls_delete(sk, filter, 0)) < 0)
        MV_DEBUG("bridge '%s': filter of class %x: %s", bridge, id, nl_geterror(err));

    rtnl_tc_set_ifindex(TC_CAST(cls), ifindex);
    rtnl_tc_set_parent(TC_CAST(cls), TC_HANDLE(1, 1));
    rtnl_tc_set_handle(TC_CAST(cls), TC_HANDLE(1, id));
    if ((err = rtnl_class_delete(sk, cls)) < 0 && err != -NLE_OBJ_NOTFOUND) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot remove QoS class 1:%x of bridge '%s': %s",
                        id, bridge, nl_geterror(err));
        return -1;
    }
    return 0;
}

int
mv_tc_bandwidth_update_rate(const char *bridge, unsigned int id, const MvBandwidth *net_bw,
                            unsigned long long rate)
{
    g_autoptr(MvTcSock) sk = NULL;
    int ifindex = 0;

    if (!net_bw || !net_bw->in)
        return 0;
    if (!(sk = tc_open(bridge, &ifindex)))
        return -1;
    return htb_class_set(sk, bridge, ifindex, TC_HANDLE(1, 1), TC_HANDLE(1, id), rate,
                         net_bw->in->peak ? net_bw->in->peak : net_bw->in->average, 0,
                         net_bw->in->average, 0);
}
