/* Tests of networkd's QoS (<bandwidth> through tc over netlink): the tc objects on real links in a network namespace, read back through libnl, and the driver's port and floor handling in process. */
#define MV_LOG_MODULE "tests.network.qos"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include <net/if.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/pkt_sched.h>
#include <netlink/netlink.h>
#include <netlink/route/class.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/qdisc/htb.h>
#include <netlink/route/qdisc/sfq.h>
#include <netlink/route/tc.h>

#include "netns.h"
#include "network_driver.h"
#include "tc_bandwidth.h"
#include "testutil.h"
#include "util/error.h"

#define NS_TEST_TIMEOUT_MS 120000

#define PORT_A "5d1c0a9e-3b7f-4e62-8c1d-0a9b8c7d6e01"
#define PORT_B "5d1c0a9e-3b7f-4e62-8c1d-0a9b8c7d6e02"
#define PORT_C "5d1c0a9e-3b7f-4e62-8c1d-0a9b8c7d6e03"
#define OWNER "0f3e2d1c-4b5a-4697-8877-66554433aa01"

/* ---- helpers ------------------------------------------------------------- */

static void
assert_ok(int rc)
{
    if (rc < 0)
        g_error("unexpected failure: %s", mv_error_last_message());
}

static void
assert_contains(const char *text, const char *needle)
{
    if (!text || !strstr(text, needle))
        g_error("expected '%s' in:\n%s", needle, text ? text : "(null)");
}

static void
assert_error(int rc, const char *needle)
{
    g_assert_cmpint(rc, <, 0);
    assert_contains(mv_error_last_message(), needle);
}

static bool
require_root_and_tools(void)
{
    static const char *const tools[] = { "ip", "tc", NULL };

    if (geteuid() != 0) {
        g_test_skip("needs root for network namespaces and tc");
        return false;
    }
    for (size_t i = 0; tools[i]; i++) {
        g_autofree char *path = mv_test_find_tool(tools[i]);

        if (!path) {
            g_autofree char *reason = g_strdup_printf("'%s' is not installed", tools[i]);

            g_test_skip(reason);
            return false;
        }
    }
    return true;
}

/* The links the bodies make go with the namespaces; the host's are never touched. */
static const MvTestNsConfig ns_config = {
    .timeout_ms = NS_TEST_TIMEOUT_MS,
};

/* ---- reading tc back through libnl --------------------------------------- */

typedef struct {
    char kind[16];
    uint32_t parent;
    uint32_t handle;
    uint32_t defcls;        /* htb qdiscs */
    uint64_t rate;          /* htb classes, bytes per second */
    uint64_t ceil;
    uint32_t quantum;
    int perturb;            /* sfq qdiscs */
} TcObj;

static struct nl_sock *
route_sock(void)
{
    struct nl_sock *sk = nl_socket_alloc();

    g_assert_nonnull(sk);
    g_assert_cmpint(nl_connect(sk, NETLINK_ROUTE), ==, 0);
    return sk;
}

/* The qdisc of ifname with that handle; false when there is none. */
static bool
qdisc_find(const char *ifname, uint32_t handle, TcObj *ret)
{
    struct nl_sock *sk = route_sock();
    struct nl_cache *cache = NULL;
    struct rtnl_qdisc *qdisc;
    bool found = false;

    g_assert_cmpint(rtnl_qdisc_alloc_cache(sk, &cache), ==, 0);
    qdisc = rtnl_qdisc_get(cache, (int) if_nametoindex(ifname), handle);
    if (qdisc) {
        memset(ret, 0, sizeof(*ret));
        g_strlcpy(ret->kind, rtnl_tc_get_kind(TC_CAST(qdisc)), sizeof(ret->kind));
        ret->parent = rtnl_tc_get_parent(TC_CAST(qdisc));
        ret->handle = handle;
        if (strcmp(ret->kind, "htb") == 0)
            ret->defcls = rtnl_htb_get_defcls(qdisc);
        if (strcmp(ret->kind, "sfq") == 0)
            ret->perturb = rtnl_sfq_get_perturb(qdisc);
        rtnl_qdisc_put(qdisc);
        found = true;
    }
    nl_cache_free(cache);
    nl_socket_free(sk);
    return found;
}

static bool
class_find(const char *ifname, uint32_t handle, TcObj *ret)
{
    struct nl_sock *sk = route_sock();
    struct nl_cache *cache = NULL;
    struct rtnl_class *cls;
    int ifindex = (int) if_nametoindex(ifname);
    bool found = false;

    g_assert_cmpint(rtnl_class_alloc_cache(sk, ifindex, &cache), ==, 0);
    cls = rtnl_class_get(cache, ifindex, handle);
    if (cls) {
        memset(ret, 0, sizeof(*ret));
        g_strlcpy(ret->kind, rtnl_tc_get_kind(TC_CAST(cls)), sizeof(ret->kind));
        ret->parent = rtnl_tc_get_parent(TC_CAST(cls));
        ret->handle = handle;
        g_assert_cmpint(rtnl_htb_get_rate64(cls, &ret->rate), ==, 0);
        g_assert_cmpint(rtnl_htb_get_ceil64(cls, &ret->ceil), ==, 0);
        ret->quantum = rtnl_htb_get_quantum(cls);
        rtnl_class_put(cls);
        found = true;
    }
    nl_cache_free(cache);
    nl_socket_free(sk);
    return found;
}

static void
assert_htb_class(const char *ifname, uint32_t handle, uint32_t parent, uint64_t rate,
                 uint64_t ceil, uint32_t quantum)
{
    TcObj obj;

    if (!class_find(ifname, handle, &obj))
        g_error("no class %x:%x on '%s'", TC_H_MAJ(handle) >> 16, TC_H_MIN(handle), ifname);
    g_assert_cmpstr(obj.kind, ==, "htb");
    g_assert_cmphex(obj.parent, ==, parent);
    g_assert_cmpuint(obj.rate, ==, rate);
    g_assert_cmpuint(obj.ceil, ==, ceil);
    g_assert_cmpuint(obj.quantum, ==, quantum);
}

static void
assert_qdisc(const char *ifname, uint32_t handle, const char *kind, uint32_t parent)
{
    TcObj obj;

    if (!qdisc_find(ifname, handle, &obj))
        g_error("no qdisc %x: on '%s'", TC_H_MAJ(handle) >> 16, ifname);
    g_assert_cmpstr(obj.kind, ==, kind);
    g_assert_cmphex(obj.parent, ==, parent);
    if (strcmp(kind, "sfq") == 0)
        g_assert_cmpint(obj.perturb, ==, 10);
}

static bool
has_qdisc(const char *ifname, uint32_t handle)
{
    TcObj obj;

    return qdisc_find(ifname, handle, &obj);
}

static bool
has_class(const char *ifname, uint32_t handle)
{
    TcObj obj;

    return class_find(ifname, handle, &obj);
}

/* tc as a checker only: the filters it lists for ifname (and parent). */
static char *
tc_filters(const char *ifname, const char *parent)
{
    char *out = NULL;

    g_assert_cmpint(mv_test_tool(&out, "tc", "filter", "show", "dev", ifname, "parent", parent,
                                 NULL), ==, 0);
    return out;
}

static MvBandwidth *
bandwidth(const char *xml)
{
    g_autofree char *doc = g_strdup_printf("<networkport><uuid>" PORT_A "</uuid><owner><name>g</name>"
                                           "<uuid>" OWNER "</uuid></owner>"
                                           "<mac address='52:54:00:00:00:01'/>%s</networkport>", xml);
    g_autoptr(MvNetworkPortDef) port = mv_network_port_def_parse_string(doc);

    g_assert_nonnull(port);
    return g_steal_pointer(&port->bandwidth);
}

/* ---- values the kernel cannot take --------------------------------------- */

static void
test_check(void)
{
    g_autoptr(MvBandwidth) ok = bandwidth("<bandwidth><inbound average='1000' peak='5000' burst='1024'/>"
                                          "<outbound average='4294967296'/></bandwidth>");
    g_autoptr(MvBandwidth) big_burst = bandwidth("<bandwidth><inbound average='1000' burst='4194304'/></bandwidth>");
    g_autoptr(MvBandwidth) low_peak = bandwidth("<bandwidth><outbound average='1000' peak='10'/></bandwidth>");
    g_autoptr(MvBandwidth) slow_burst = bandwidth("<bandwidth><inbound average='1' burst='4000000'/></bandwidth>");

    assert_ok(mv_tc_bandwidth_check("network 'n'", ok));
    assert_error(mv_tc_bandwidth_check("network 'n'", big_burst),
                 "network 'n': bandwidth inbound burst 4194304 kibibytes is too large (at most 4194303)");
    assert_error(mv_tc_bandwidth_check("network 'n'", low_peak),
                 "network 'n': bandwidth outbound peak 10 is below its average 1000");
    assert_error(mv_tc_bandwidth_check("network 'n'", slow_burst),
                 "network 'n': bandwidth inbound burst 4000000 kibibytes takes too long at average 1");
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_CONFIG_UNSUPPORTED);
}

/* ---- tc objects on real links -------------------------------------------- */

/* Whether the kernel takes a tc object of this kind: tc, as a probe,
 * adds one to a scratch veth. */
static bool
kernel_has(const char *what)
{
    bool ok;

    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "add", "mvprobe0", "type", "veth", "peer", "name",
                                 "mvprobe1"), ==, 0);
    if (strcmp(what, "sfq") == 0) {
        ok = MV_TEST_TOOL("tc", "qdisc", "add", "dev", "mvprobe0", "root", "handle", "1:",
                          "sfq") == 0;
    } else if (strcmp(what, "fw") == 0) {
        ok = MV_TEST_TOOL("tc", "qdisc", "add", "dev", "mvprobe0", "root", "handle", "1:",
                          "htb") == 0 &&
             MV_TEST_TOOL("tc", "filter", "add", "dev", "mvprobe0", "parent", "1:0", "protocol",
                          "all", "prio", "1", "handle", "1", "fw", "flowid", "1") == 0;
    } else {
        ok = MV_TEST_TOOL("tc", "qdisc", "add", "dev", "mvprobe0", "ingress") == 0 &&
             MV_TEST_TOOL("tc", "filter", "add", "dev", "mvprobe0", "parent", "ffff:", "protocol",
                          "all", "u32", "match", "u32", "0", "0", "police", "rate", "1mbit",
                          "burst", "10kb", "drop") == 0;
    }
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "del", "mvprobe0"), ==, 0);
    return ok;
}

static void
links_setup(void)
{
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "set", "lo", "up"), ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "add", "mvq0", "type", "veth", "peer", "name",
                                 "mvq1"), ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "add", "mvqbr", "type", "bridge"), ==, 0);
}

static void
tc_body(gconstpointer data)
{
    g_autoptr(MvBandwidth) tap_bw = bandwidth("<bandwidth><inbound average='1000' peak='2000' burst='256'/>"
                                              "</bandwidth>");
    g_autoptr(MvBandwidth) net_bw = bandwidth("<bandwidth><inbound average='1000' peak='3000'/></bandwidth>");
    g_autoptr(MvBandwidth) port_bw = bandwidth("<bandwidth><inbound floor='200'/></bandwidth>");
    g_autoptr(MvBandwidth) in_only = bandwidth("<bandwidth><inbound average='100'/></bandwidth>");
    g_autofree char *filters = NULL;
    MvMacAddr mac;
    TcObj root;

    links_setup();

    /* A tap's: its egress is the guest's inbound traffic. */
    assert_ok(mv_tc_bandwidth_set("mvq0", tap_bw, false, true));
    assert_qdisc("mvq0", TC_HANDLE(1, 0), "htb", TC_H_ROOT);
    g_assert_true(qdisc_find("mvq0", TC_HANDLE(1, 0), &root));
    g_assert_cmpuint(root.defcls, ==, 1);
    /* 1000 kB/s, ceil 2000 kB/s; quantum 1000 * 1024 / 8 / 1500. */
    assert_htb_class("mvq0", TC_HANDLE(1, 1), TC_H_ROOT, 1000000, 2000000, 85);
    g_assert_false(has_qdisc("mvq0", TC_HANDLE(0xffffU, 0)));

    /* Set again replaces what was there. */
    assert_ok(mv_tc_bandwidth_set("mvq0", in_only, false, true));
    assert_htb_class("mvq0", TC_HANDLE(1, 1), TC_H_ROOT, 100000, 100000, 8);
    assert_ok(mv_tc_bandwidth_clear("mvq0"));
    g_assert_false(has_qdisc("mvq0", TC_HANDLE(1, 0)));
    assert_ok(mv_tc_bandwidth_clear("mvq0"));
    assert_ok(mv_tc_bandwidth_clear("mvgone"));

    /* A network's bridge: 1:1 caps it, 1:2 takes the guests without floor. */
    assert_ok(mv_tc_bandwidth_set("mvqbr", net_bw, true, true));
    g_assert_true(qdisc_find("mvqbr", TC_HANDLE(1, 0), &root));
    g_assert_cmpuint(root.defcls, ==, 2);
    assert_htb_class("mvqbr", TC_HANDLE(1, 1), TC_H_ROOT, 1000000, 3000000, 85);
    assert_htb_class("mvqbr", TC_HANDLE(1, 2), TC_HANDLE(1, 1), 1000000, 3000000, 85);

    /* A guest's floor: class 1:3 with ceil the network's peak and a
     * filter on the guest's MAC. */
    g_assert_cmpint(mv_mac_parse("52:54:00:aa:bb:cc", &mac), ==, 0);
    assert_ok(mv_tc_bandwidth_plug("mvqbr", net_bw, &mac, port_bw, 3));
    assert_htb_class("mvqbr", TC_HANDLE(1, 3), TC_HANDLE(1, 1), 200000, 3000000, 1);
    filters = tc_filters("mvqbr", "1:");
    assert_contains(filters, "flowid 1:3");
    assert_contains(filters, "match 00aabbcc/ffffffff at -12");
    assert_contains(filters, "match 00005254/0000ffff at -16");
    assert_contains(filters, "match 00000800/0000ffff at -4");
    g_clear_pointer(&filters, g_free);
    assert_error(mv_tc_bandwidth_plug("mvqbr", net_bw, &mac, port_bw, 3), "mvqbr");
    assert_ok(mv_tc_bandwidth_update_rate("mvqbr", 2, net_bw, 800));
    assert_htb_class("mvqbr", TC_HANDLE(1, 2), TC_HANDLE(1, 1), 800000, 3000000, 85);
    assert_ok(mv_tc_bandwidth_unplug("mvqbr", 3));
    g_assert_false(has_class("mvqbr", TC_HANDLE(1, 3)));
    filters = tc_filters("mvqbr", "1:");
    g_assert_null(strstr(filters, "flowid 1:3"));
    g_clear_pointer(&filters, g_free);
    assert_ok(mv_tc_bandwidth_unplug("mvqbr", 3));
    assert_error(mv_tc_bandwidth_plug("mvqbr", in_only, &mac, port_bw, 2), "invalid QoS class ID 2");
    assert_error(mv_tc_bandwidth_plug("mvq0", NULL, &mac, port_bw, 4),
                 "Bridge 'mvq0' has no QoS set, therefore unable to set 'floor' on '52:54:00:aa:bb:cc'");

    /* Errors name the interface. */
    assert_error(mv_tc_bandwidth_set("mvnosuch", tap_bw, false, true), "mvnosuch");
}

/* The sfq below each shaping class, the fw filter of the root. */
static void
sfq_fw_body(gconstpointer data)
{
    g_autoptr(MvBandwidth) tap_bw = bandwidth("<bandwidth><inbound average='1000'/></bandwidth>");
    g_autoptr(MvBandwidth) net_bw = bandwidth("<bandwidth><inbound average='1000'/></bandwidth>");
    g_autoptr(MvBandwidth) port_bw = bandwidth("<bandwidth><inbound floor='200'/></bandwidth>");
    g_autofree char *filters = NULL;
    MvMacAddr mac;

    links_setup();
    if (!kernel_has("sfq") || !kernel_has("fw")) {
        /* Shaping works all the same, without them. */
        assert_ok(mv_tc_bandwidth_set("mvq0", tap_bw, false, true));
        assert_htb_class("mvq0", TC_HANDLE(1, 1), TC_H_ROOT, 1000000, 1000000, 85);
        mv_test_ns_skip("the kernel has no sfq qdisc or no fw classifier (CONFIG_NET_SCH_SFQ, "
                "CONFIG_NET_CLS_FW): checked that shaping works without them");
    }
    assert_ok(mv_tc_bandwidth_set("mvq0", tap_bw, false, true));
    assert_qdisc("mvq0", TC_HANDLE(2, 0), "sfq", TC_HANDLE(1, 1));
    filters = tc_filters("mvq0", "1:");
    assert_contains(filters, "fw");
    g_clear_pointer(&filters, g_free);
    assert_ok(mv_tc_bandwidth_set("mvqbr", net_bw, true, true));
    assert_qdisc("mvqbr", TC_HANDLE(2, 0), "sfq", TC_HANDLE(1, 2));
    g_assert_cmpint(mv_mac_parse("52:54:00:aa:bb:cc", &mac), ==, 0);
    assert_ok(mv_tc_bandwidth_plug("mvqbr", net_bw, &mac, port_bw, 3));
    assert_qdisc("mvqbr", TC_HANDLE(3, 0), "sfq", TC_HANDLE(1, 3));
    assert_ok(mv_tc_bandwidth_unplug("mvqbr", 3));
    g_assert_false(has_qdisc("mvqbr", TC_HANDLE(3, 0)));
}

/* Outbound: an ingress qdisc and a policing u32 filter. */
static void
police_body(gconstpointer data)
{
    g_autoptr(MvBandwidth) tap_bw = bandwidth("<bandwidth><inbound average='1000'/>"
                                              "<outbound average='500'/></bandwidth>");
    g_autoptr(MvBandwidth) net_bw = bandwidth("<bandwidth><outbound average='2000' burst='64'/></bandwidth>");
    g_autoptr(MvBandwidth) in_only = bandwidth("<bandwidth><inbound average='100'/></bandwidth>");
    g_autofree char *filters = NULL;

    links_setup();
    if (!kernel_has("police")) {
        assert_error(mv_tc_bandwidth_set("mvq0", tap_bw, false, true),
                     "cannot limit the traffic interface 'mvq0' receives: the kernel has no police "
                     "action (CONFIG_NET_ACT_POLICE)");
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_UNSUPPORTED);
        /* Nothing half-done stays. */
        g_assert_false(has_qdisc("mvq0", TC_HANDLE(1, 0)));
        g_assert_false(has_qdisc("mvq0", TC_HANDLE(0xffffU, 0)));
        mv_test_ns_skip("the kernel has no police action (CONFIG_NET_ACT_POLICE): checked the error "
                "and the cleanup only");
    }
    assert_ok(mv_tc_bandwidth_set("mvq0", tap_bw, false, true));
    assert_qdisc("mvq0", TC_HANDLE(0xffffU, 0), "ingress", TC_H_INGRESS);
    filters = tc_filters("mvq0", "ffff:");
    /* 500 kB/s is 4 Mbit/s; the burst defaults to the average in KiB. */
    assert_contains(filters, "u32");
    assert_contains(filters, "rate 4Mbit burst 500Kb mtu 64Kb action drop");
    assert_contains(filters, "flowid :1");
    g_clear_pointer(&filters, g_free);
    /* Not swapped (the guest's view, as on a macvtap): inbound is policed. */
    assert_ok(mv_tc_bandwidth_set("mvq0", in_only, false, false));
    g_assert_false(has_qdisc("mvq0", TC_HANDLE(1, 0)));
    filters = tc_filters("mvq0", "ffff:");
    assert_contains(filters, "rate 800Kbit burst 100Kb");
    g_clear_pointer(&filters, g_free);
    assert_ok(mv_tc_bandwidth_set("mvqbr", net_bw, true, true));
    filters = tc_filters("mvqbr", "ffff:");
    assert_contains(filters, "rate 16Mbit burst 64Kb");
    assert_ok(mv_tc_bandwidth_clear("mvq0"));
    g_assert_false(has_qdisc("mvq0", TC_HANDLE(0xffffU, 0)));
}

static void
test_in_namespaces(gconstpointer data)
{
    if (!require_root_and_tools())
        return;
    mv_test_ns_run(&ns_config, (MvTestNsBody) data, NULL);
}

/* ---- the driver: a port's interface, floors ------------------------------ */

static char *
port_xml(const char *uuid, const char *mac, const char *bw)
{
    return g_strdup_printf("<networkport>\n  <uuid>%s</uuid>\n  <owner>\n    <name>guest1</name>\n"
                           "    <uuid>" OWNER "</uuid>\n  </owner>\n  <mac address='%s'/>\n%s"
                           "</networkport>\n", uuid, mac, bw);
}

static MvNetworkObj *
live_obj(MvNetworkDriver *driver, const char *xml)
{
    MvNetworkObj *obj = mv_network_obj_new();

    obj->live = mv_network_def_parse_string(xml);
    g_assert_nonnull(obj->live);
    g_ptr_array_add(driver->nets, obj);
    return obj;
}

static void
driver_body(gconstpointer data)
{
    g_autofree char *root = mv_test_root_new();
    g_autofree char *xml_a = port_xml(PORT_A, "52:54:00:00:00:0a",
                                      "  <bandwidth>\n    <inbound average='1000'/>\n"
                                      "  </bandwidth>\n");
    g_autofree char *xml_floor = port_xml(PORT_B, "52:54:00:00:00:0b",
                                          "  <bandwidth>\n    <inbound average='100' floor='400'/>\n"
                                          "  </bandwidth>\n");
    g_autofree char *xml_floor2 = port_xml(PORT_C, "52:54:00:00:00:0c",
                                           "  <bandwidth>\n    <inbound average='100' floor='700'/>\n"
                                           "  </bandwidth>\n");
    g_autoptr(MvBandwidth) other_bw = bandwidth("<bandwidth><inbound average='300'/></bandwidth>");
    g_autofree char *ifname_file = NULL;
    g_autofree char *text = NULL;
    g_autofree char *expected = NULL;
    MvNetworkDriver driver = { 0 };
    MvNetworkObj *hb;
    MvNetworkObj *nat;
    MvNetworkPortDef *port;
    unsigned char uuid_a[MV_UUID_BUFLEN];
    unsigned char uuid_b[MV_UUID_BUFLEN];

    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "add", "mvqhb", "type", "bridge"), ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "add", "mvqnat", "type", "bridge"), ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "add", "mvqtap", "type", "veth", "peer", "name",
                                 "mvqpeer"), ==, 0);

    driver.nets = g_ptr_array_new_with_free_func((GDestroyNotify) mv_network_obj_free);
    driver.root = root;
    driver.run_dir = g_build_filename(root, "run", "modvirt", "network", NULL);
    driver.ports_dir = g_build_filename(driver.run_dir, "ports", NULL);
    g_assert_cmpint(g_mkdir_with_parents(driver.run_dir, 0755), ==, 0);
    g_assert_cmpint(mv_uuid_parse(PORT_A, uuid_a), ==, 0);
    g_assert_cmpint(mv_uuid_parse(PORT_B, uuid_b), ==, 0);

    /* Mode bridge on a host bridge: the network's QoS goes on it. */
    hb = live_obj(&driver, "<network><name>hb</name><forward mode='bridge'/><bridge name='mvqhb'/>"
                           "<bandwidth><inbound average='2000'/></bandwidth></network>");
    assert_ok(mv_network_bandwidth_start(hb));
    assert_htb_class("mvqhb", TC_HANDLE(1, 1), TC_H_ROOT, 2000000, 2000000, 170);

    /* The hypervisor reports the port's tap: the port's QoS goes on it. */
    port = mv_network_port_create(&driver, hb, xml_a, 0);
    g_assert_nonnull(port);
    g_assert_cmpint(port->plug_type, ==, MV_PORT_PLUG_BRIDGE);
    assert_error(mv_network_port_set_interface(&driver, hb, uuid_a, "mvnosuch"),
                 "network 'hb': interface 'mvnosuch' of port " PORT_A " does not exist");
    assert_ok(mv_network_port_set_interface(&driver, hb, uuid_a, "mvqtap"));
    assert_htb_class("mvqtap", TC_HANDLE(1, 1), TC_H_ROOT, 1000000, 1000000, 85);
    ifname_file = g_strdup_printf("%s/hb/%s.ifname", driver.ports_dir, PORT_A);
    g_assert_true(g_file_get_contents(ifname_file, &text, NULL, NULL));
    expected = g_strdup_printf("mvqtap\n%u\n", if_nametoindex("mvqtap"));
    g_assert_cmpstr(text, ==, expected);
    assert_error(mv_network_port_set_interface(&driver, hb, uuid_b, "mvqtap"),
                 "Network port with UUID " PORT_B " does not exist");

    /* A floor needs a network with a bridge of its own. */
    g_assert_null(mv_network_port_create(&driver, hb, xml_floor, 0));
    assert_contains(mv_error_last_message(),
                    "Invalid use of 'floor' on interface with MAC address 52:54:00:00:00:0b - 'floor' is only "
                    "supported for interface type 'network' with forward type 'nat', 'route', 'open' or none");

    /* Deleting the port clears its tap. */
    assert_ok(mv_network_port_delete(&driver, hb, uuid_a));
    g_assert_false(has_qdisc("mvqtap", TC_HANDLE(1, 0)));
    g_assert_false(has_qdisc("mvqtap", TC_HANDLE(0xffffU, 0)));
    g_assert_false(g_file_test(ifname_file, G_FILE_TEST_EXISTS));

    /* The tap is gone and a new interface has its name: its QoS is not
     * the port's, and deleting the port leaves it alone. */
    g_assert_nonnull(mv_network_port_create(&driver, hb, xml_a, 0));
    assert_ok(mv_network_port_set_interface(&driver, hb, uuid_a, "mvqtap"));
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "del", "mvqtap"), ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "add", "mvqtap", "type", "veth", "peer", "name",
                                 "mvqpeer"), ==, 0);
    assert_ok(mv_tc_bandwidth_set("mvqtap", other_bw, false, true));
    assert_ok(mv_network_port_delete(&driver, hb, uuid_a));
    assert_htb_class("mvqtap", TC_HANDLE(1, 1), TC_H_ROOT, 300000, 300000, 25);
    g_assert_false(g_file_test(ifname_file, G_FILE_TEST_EXISTS));
    /* A record of the old form, a name alone, is trusted. */
    g_assert_nonnull(mv_network_port_create(&driver, hb, xml_a, 0));
    assert_ok(mv_network_port_set_interface(&driver, hb, uuid_a, "mvqtap"));
    g_assert_true(g_file_set_contents(ifname_file, "mvqtap", -1, NULL));
    assert_ok(mv_network_port_delete(&driver, hb, uuid_a));
    g_assert_false(has_qdisc("mvqtap", TC_HANDLE(1, 0)));

    mv_network_bandwidth_stop(hb);
    g_assert_false(has_qdisc("mvqhb", TC_HANDLE(1, 0)));

    /* Floors on a NAT network's bridge: class per port, 1:2 shrinks. */
    nat = live_obj(&driver, "<network><name>nat</name><forward mode='nat'/><bridge name='mvqnat'/>"
                            "<ip address='192.168.230.1' prefix='24'/>"
                            "<bandwidth><inbound average='1000'/></bandwidth></network>");
    assert_ok(mv_network_bandwidth_start(nat));
    port = mv_network_port_create(&driver, nat, xml_floor, 0);
    g_assert_nonnull(port);
    g_assert_cmpuint(port->class_id, ==, 3);
    assert_htb_class("mvqnat", TC_HANDLE(1, 3), TC_HANDLE(1, 1), 400000, 1000000, 8);
    assert_htb_class("mvqnat", TC_HANDLE(1, 2), TC_HANDLE(1, 1), 600000, 1000000, 85);
    g_clear_pointer(&text, g_free);
    {
        g_autofree char *port_file = g_strdup_printf("%s/nat/%s.xml", driver.ports_dir, PORT_B);

        g_assert_true(g_file_get_contents(port_file, &text, NULL, NULL));
        assert_contains(text, "<bandwidth classID='3'>");
    }
    g_assert_null(mv_network_port_create(&driver, nat, xml_floor2, 0));
    assert_contains(mv_error_last_message(),
                    "Cannot plug '52:54:00:00:00:0c' interface into 'mvqnat' because new combined "
                    "inbound floor=1100 would overcommit average=1000 on network 'nat'");
    g_assert_false(has_class("mvqnat", TC_HANDLE(1, 4)));
    assert_ok(mv_network_port_delete(&driver, nat, uuid_b));
    g_assert_false(has_class("mvqnat", TC_HANDLE(1, 3)));
    assert_htb_class("mvqnat", TC_HANDLE(1, 2), TC_HANDLE(1, 1), 1000000, 1000000, 85);
    /* Now it fits. */
    port = mv_network_port_create(&driver, nat, xml_floor2, 0);
    g_assert_nonnull(port);
    g_assert_cmpuint(port->class_id, ==, 3);
    assert_htb_class("mvqnat", TC_HANDLE(1, 2), TC_HANDLE(1, 1), 300000, 1000000, 85);

    /* A network without inbound QoS has no floor to give. */
    g_ptr_array_remove(driver.nets, nat);
    nat = live_obj(&driver, "<network><name>plain</name><bridge name='mvqnat'/></network>");
    g_assert_null(mv_network_port_create(&driver, nat, xml_floor, 0));
    assert_contains(mv_error_last_message(),
                    "Invalid use of 'floor' on interface with MAC address 52:54:00:00:00:0b - network "
                    "'plain' has no inbound QoS set");

    g_ptr_array_unref(driver.nets);
    g_free(driver.run_dir);
    g_free(driver.ports_dir);
    mv_test_root_remove(root);
}


int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/network-qos/check", test_check);
    g_test_add_data_func("/network-qos/tc", tc_body, test_in_namespaces);
    g_test_add_data_func("/network-qos/sfq-fw", sfq_fw_body, test_in_namespaces);
    g_test_add_data_func("/network-qos/police", police_body, test_in_namespaces);
    g_test_add_data_func("/network-qos/driver", driver_body, test_in_namespaces);
    return g_test_run();
}
