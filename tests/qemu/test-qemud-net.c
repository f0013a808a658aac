/* Guest interfaces of modvirt-qemud end to end: taps on a bridge, networkd's ports, a DHCP lease, inside namespaces the test makes. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "guest.h"
#include "netns.h"
#include "testutil.h"

/* The whole scenario, a TCG boot on a loaded host, a DHCP exchange. */
#define NS_TEST_TIMEOUT_MS 540000
#define BOOT_TIMEOUT_MS 180000
#define DHCP_TIMEOUT_MS 120000

#define BRIDGE "mvtbr0"
#define ETH_TAP "mvteth0"
#define OWN_TAP "mvtown0"
#define BRIDGE_MAC "52:54:00:aa:00:01"
#define ETH_MAC "52:54:00:aa:00:03"
#define NET_MAC "52:54:00:aa:00:02"

static const char nat_xml[] =
    "<network>\n"
    "  <name>nat1</name>\n"
    "  <forward mode='nat'/>\n"
    "  <bridge name='mvtnat0'/>\n"
    "  <ip address='192.168.150.1' netmask='255.255.255.0'>\n"
    "    <dhcp>\n"
    "      <range start='192.168.150.10' end='192.168.150.99'/>\n"
    "    </dhcp>\n"
    "  </ip>\n"
    "</network>\n";

static char *assets;

static const MvTestNsConfig ns_config = {
    .flags = MV_TEST_NS_MOUNT_PROC | MV_TEST_NS_MOUNT_SYS,
    .timeout_ms = NS_TEST_TIMEOUT_MS,
};

/* Skips the test, naming what is missing; true when all is there. */
static bool
require(bool need_network)
{
    static const char *const tools[] = { "ip", "nft", "dnsmasq", "tc", NULL };
    g_autofree char *qemu = g_find_program_in_path("qemu-system-x86_64");
    g_autofree char *qemud = mv_test_daemon_binary("qemud");
    g_autofree char *networkd = need_network ? mv_test_daemon_binary("networkd") : NULL;

    if (geteuid() != 0) {
        g_test_skip("needs root for network namespaces, bridges and taps");
        return false;
    }
    if (!qemu) {
        g_test_skip("qemu-system-x86_64 is not installed");
        return false;
    }
    if (!qemud || (need_network && !networkd)) {
        g_test_skip("MODVIRT_BUILDDIR is not set or modvirt-qemud / modvirt-networkd is not built");
        return false;
    }
    if (access("/dev/net/tun", R_OK | W_OK) < 0) {
        g_test_skip("/dev/net/tun is not usable: no taps on this host");
        return false;
    }
    for (size_t i = 0; tools[i] && (need_network || i == 0); i++) {
        g_autofree char *path = mv_test_find_tool(tools[i]);

        if (!path) {
            g_autofree char *reason = g_strdup_printf("'%s' is not installed", tools[i]);

            g_test_skip(reason);
            return false;
        }
    }
    if (!assets) {
        g_test_skip("no guest assets (see the messages above)");
        return false;
    }
    return true;
}

/* ---- inside the namespaces ------------------------------------------------- */

/* qemud and networkd under the scenario's root. */
static MvTestGuestEnv ctx;

static char *
domain_xml(const char *name, const char *cmdline_extra, const char *interfaces)
{
    return mv_test_guest_domain_xml(assets, ctx.root, name, cmdline_extra, interfaces);
}

/* A transient guest went away (it stopped and was dropped). */
static bool
wait_gone(virDomainPtr dom, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

    for (;;) {
        int active = virDomainIsActive(dom);

        if (active != 1)
            return true;
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(50000);
    }
}

/* a: a tap on a bridge the test made, and a tap of type='ethernet'. */
static void
body_bridge(gconstpointer data)
{
    const char *add_br[] = { "ip", "link", "add", BRIDGE, "type", "bridge", NULL };
    const char *up_br[] = { "ip", "link", "set", BRIDGE, "up", NULL };
    const char *add_tap[] = { "ip", "tuntap", "add", "dev", OWN_TAP, "mode", "tap", NULL };
    const char *ifaces =
        "<interface type='bridge'><mac address='" BRIDGE_MAC "'/><source bridge='" BRIDGE "'/>"
        "<model type='virtio'/><mtu size='1400'/></interface>"
        "<interface type='ethernet'><mac address='" ETH_MAC "'/><target dev='" ETH_TAP "'/>"
        "<model type='e1000'/></interface>"
        "<interface type='ethernet'><target dev='" OWN_TAP "' managed='no'/>"
        "<model type='e1000'/></interface>";
    g_autofree char *xml = NULL;
    g_autofree char *bad_xml = NULL;
    g_autofree char *own_mac = NULL;
    g_autofree char *live = NULL;
    g_autofree char *log = NULL;
    g_autofree char *tap = NULL;
    g_autofree char *value = NULL;
    g_autofree char *master = NULL;
    virDomainPtr dom;
    virErrorPtr err;

    ctx.root = mv_test_root_new();
    mv_test_tool_check(add_br);
    mv_test_tool_check(up_br);
    mv_test_tool_check(add_tap);
    own_mac = mv_test_link_sysfs(OWN_TAP, "address");
    mv_test_guest_env_start_qemud(&ctx);

    xml = domain_xml("br1", "", ifaces);
    log = mv_test_guest_serial_log(ctx.root, "br1");
    dom = virDomainDefineXML(ctx.conn, xml);
    g_assert_nonnull(dom);
    if (virDomainCreate(dom) < 0) {
        mv_test_virt_print_error("start br1");
        mv_test_guest_env_print_logs(&ctx);
        g_assert_not_reached();
    }

    live = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(live);
    tap = mv_test_xml_attr(live, "target", "dev='vnet", "dev");
    g_assert_cmpstr(tap, ==, "vnet0");
    g_assert_nonnull(strstr(live, "<target dev='" ETH_TAP "'/>"));
    g_assert_nonnull(strstr(live, "<alias name='net0'/>"));
    g_assert_nonnull(strstr(live, "<alias name='net1'/>"));

    /* The tap: a port of the bridge, fe: and the guest's MAC, the MTU, up. */
    master = mv_test_link_master(tap);
    g_assert_cmpstr(master, ==, BRIDGE);
    value = mv_test_link_sysfs(tap, "address");
    g_assert_cmpstr(value, ==, "fe:54:00:aa:00:01");
    g_clear_pointer(&value, g_free);
    value = mv_test_link_sysfs(tap, "mtu");
    g_assert_cmpstr(value, ==, "1400");
    g_clear_pointer(&value, g_free);
    value = mv_test_link_sysfs(tap, "flags");
    g_assert_nonnull(value);
    g_assert_true(strtoul(value, NULL, 16) & 0x1);
    g_clear_pointer(&value, g_free);
    g_clear_pointer(&master, g_free);
    /* The ethernet tap: no bridge. */
    g_assert_true(mv_test_link_exists(ETH_TAP));
    master = mv_test_link_master(ETH_TAP);
    g_assert_null(master);
    value = mv_test_link_sysfs(ETH_TAP, "address");
    g_assert_cmpstr(value, ==, "fe:54:00:aa:00:03");
    g_clear_pointer(&value, g_free);
    /* managed='no': the tap the test made, used as it is. */
    g_assert_nonnull(strstr(live, "<target dev='" OWN_TAP "' managed='no'/>"));
    value = mv_test_link_sysfs(OWN_TAP, "address");
    g_assert_cmpstr(value, ==, own_mac);
    g_clear_pointer(&value, g_free);

    g_assert_true(mv_test_wait_file_contains(log, "MODVIRT-GUEST-BOOTED", BOOT_TIMEOUT_MS));

    /* kill -9 of qemud: the next one knows the taps and removes them. */
    mv_test_guest_env_kill_qemud(&ctx);
    mv_test_guest_env_start_qemud(&ctx);
    virDomainFree(dom);
    dom = virDomainLookupByName(ctx.conn, "br1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    g_free(live);
    live = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(live, "<target dev='vnet0'/>"));

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_false(mv_test_link_exists(tap));
    g_assert_false(mv_test_link_exists(ETH_TAP));
    g_assert_cmpuint(mv_test_link_count("vnet"), ==, 0);
    g_assert_true(mv_test_link_exists(OWN_TAP));

    /* A bridge that does not exist: a clear error, nothing left behind,
     * and a tap of the user's named by an interface the start never
     * reached (managed, the default) is not deleted by the undo. */
    bad_xml = domain_xml("br2", "",
                         "<interface type='bridge'><source bridge='nosuchbr'/></interface>"
                         "<interface type='ethernet'><target dev='mvteth1'/></interface>"
                         "<interface type='ethernet'><target dev='" OWN_TAP "'/></interface>");
    virDomainFree(dom);
    dom = virDomainDefineXML(ctx.conn, bad_xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    err = virGetLastError();
    g_assert_nonnull(err);
    g_printerr("expected error: %s\n", err->message);
    g_assert_nonnull(strstr(err->message, "there is no bridge 'nosuchbr'"));
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    g_assert_cmpuint(mv_test_link_count("vnet"), ==, 0);
    g_assert_false(mv_test_link_exists("mvteth1"));
    g_assert_true(mv_test_link_exists(OWN_TAP));
    virDomainFree(dom);

    /* qemud and the guest both killed, and another program's persistent
     * taps took the names the guest's taps left free: the next qemud's
     * cleanup of the guest leaves them alone. */
    dom = virDomainLookupByName(ctx.conn, "br1");
    g_assert_nonnull(dom);
    if (virDomainCreate(dom) < 0) {
        mv_test_virt_print_error("start br1 again");
        mv_test_guest_env_print_logs(&ctx);
        g_assert_not_reached();
    }
    g_free(live);
    live = virDomainGetXMLDesc(dom, 0);
    g_free(tap);
    tap = mv_test_xml_attr(live, "target", "dev='vnet", "dev");
    g_assert_nonnull(tap);
    {
        pid_t qemu = mv_test_guest_status_pid(ctx.root, "br1");
        const char *take_tap[] = { "ip", "tuntap", "add", "dev", tap, "mode", "tap", NULL };
        const char *take_eth[] = { "ip", "tuntap", "add", "dev", ETH_TAP, "mode", "tap", NULL };
        const char *del_tap[] = { "ip", "link", "del", tap, NULL };
        const char *del_eth[] = { "ip", "link", "del", ETH_TAP, NULL };

        g_assert_cmpint(qemu, >, 0);
        mv_test_guest_env_kill_qemud(&ctx);
        kill(qemu, SIGKILL);
        g_assert_true(mv_test_wait_pid_gone(qemu, MV_TEST_STOP_TIMEOUT_MS));
        g_assert_false(mv_test_link_exists(tap));
        g_assert_false(mv_test_link_exists(ETH_TAP));
        mv_test_tool_check(take_tap);
        mv_test_tool_check(take_eth);
        mv_test_guest_env_start_qemud(&ctx);
        virDomainFree(dom);
        dom = virDomainLookupByName(ctx.conn, "br1");
        g_assert_nonnull(dom);
        g_assert_true(wait_gone(dom, 30000));
        g_assert_true(mv_test_link_exists(tap));
        g_assert_true(mv_test_link_exists(ETH_TAP));
        mv_test_tool_check(del_tap);
        mv_test_tool_check(del_eth);
    }
    virDomainFree(dom);
    mv_test_guest_env_stop(&ctx);
}

/* b and c: a port of networkd's NAT network, the guest's DHCP lease, a
 * qemud restart, and the port gone after destroy. */
static void
body_network(gconstpointer data)
{
    const char *ifaces =
        "<interface type='network'><mac address='" NET_MAC "'/><source network='nat1'/>"
        "<model type='e1000'/>"
        "<bandwidth><inbound average='1000' peak='2000' burst='64'/></bandwidth></interface>";
    g_autofree char *xml = NULL;
    g_autofree char *qdiscs = NULL;
    g_autofree char *bad_xml = NULL;
    g_autofree char *live = NULL;
    g_autofree char *log = NULL;
    g_autofree char *tap = NULL;
    g_autofree char *portid = NULL;
    g_autofree char *bridge = NULL;
    g_autofree char *master = NULL;
    g_autofree char *text = NULL;
    virNetworkDHCPLeasePtr *leases = NULL;
    virNetworkPtr net;
    virNetworkPortPtr port;
    virDomainPtr dom;
    virErrorPtr err;
    int n;

    ctx.root = mv_test_root_new();
    /* qemud first: a missing networkd is a clear error, not a hang. */
    mv_test_guest_env_start_qemud(&ctx);
    xml = domain_xml("nw1", "modvirt.dhcp=1", ifaces);
    log = mv_test_guest_serial_log(ctx.root, "nw1");
    dom = virDomainDefineXML(ctx.conn, xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    err = virGetLastError();
    g_printerr("expected error: %s\n", err->message);
    g_assert_nonnull(strstr(err->message, "cannot reach the network daemon"));
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);

    mv_test_guest_env_start_networkd(&ctx);
    net = virNetworkCreateXML(ctx.netconn, nat_xml);
    g_assert_nonnull(net);

    if (virDomainCreate(dom) < 0) {
        mv_test_virt_print_error("start nw1");
        mv_test_guest_env_print_logs(&ctx);
        g_assert_not_reached();
    }
    g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 1);
    live = virDomainGetXMLDesc(dom, 0);
    portid = mv_test_xml_attr(live, "source", "network='nat1'", "portid");
    bridge = mv_test_xml_attr(live, "source", "network='nat1'", "bridge");
    tap = mv_test_xml_attr(live, "target", NULL, "dev");
    g_assert_nonnull(portid);
    g_assert_cmpstr(bridge, ==, "mvtnat0");
    g_assert_nonnull(tap);
    master = mv_test_link_master(tap);
    g_assert_cmpstr(master, ==, "mvtnat0");
    /* qemud told networkd the port's tap: the port's inbound <bandwidth>
     * shapes the tap's egress with an htb root. */
    qdiscs = mv_test_tool_output((const char *const[]) { "tc", "qdisc", "show", "dev", tap, NULL });
    g_printerr("tc qdisc show dev %s:\n%s", tap, qdiscs);
    g_assert_nonnull(strstr(qdiscs, "qdisc htb 1: root"));
    port = virNetworkPortLookupByUUIDString(net, portid);
    g_assert_nonnull(port);
    text = virNetworkPortGetXMLDesc(port, 0);
    g_assert_nonnull(strstr(text, "<name>nw1</name>"));
    g_assert_nonnull(strstr(text, "<mac address='" NET_MAC "'/>"));
    virNetworkPortFree(port);

    /* c: the guest's udhcpc gets a lease from networkd's dnsmasq. */
    g_assert_true(mv_test_wait_file_contains(log, "MODVIRT-GUEST-BOOTED", BOOT_TIMEOUT_MS));
    if (!mv_test_wait_file_contains(log, "MODVIRT-GUEST-DHCP eth0 192.168.150.", DHCP_TIMEOUT_MS)) {
        mv_test_print_file(log);
        mv_test_guest_env_print_logs(&ctx);
        g_assert_not_reached();
    }
    n = virNetworkGetDHCPLeases(net, NET_MAC, &leases, 0);
    g_assert_cmpint(n, ==, 1);
    g_assert_true(g_str_has_prefix(leases[0]->ipaddr, "192.168.150."));
    {
        g_autofree char *serial = NULL;
        g_autofree char *line = NULL;

        g_assert_true(g_file_get_contents(log, &serial, NULL, NULL));
        line = g_strdup_printf("MODVIRT-GUEST-DHCP eth0 %s", leases[0]->ipaddr);
        g_assert_nonnull(strstr(serial, line));
    }
    virNetworkDHCPLeaseFree(leases[0]);
    g_free(leases);

    /* kill -9 of qemud: the next one still deletes the port at destroy. */
    mv_test_guest_env_kill_qemud(&ctx);
    mv_test_guest_env_start_qemud(&ctx);
    virDomainFree(dom);
    dom = virDomainLookupByName(ctx.conn, "nw1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 1);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 0);
    g_assert_false(mv_test_link_exists(tap));

    /* The guest powers itself off: QEMU exits and the port goes. */
    g_free(bad_xml);
    bad_xml = domain_xml("nw4", "modvirt.poweroff=1", ifaces);
    virDomainFree(dom);
    dom = virDomainCreateXML(ctx.conn, bad_xml, 0);
    g_assert_nonnull(dom);
    g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 1);
    g_assert_true(wait_gone(dom, BOOT_TIMEOUT_MS));
    g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 0);
    g_assert_cmpuint(mv_test_link_count("vnet"), ==, 0);

    /* qemud and the guest both killed: the next qemud finds the guest gone
     * and deletes its port and tap. */
    virDomainFree(dom);
    dom = virDomainLookupByName(ctx.conn, "nw1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 1);
    {
        pid_t qemu = mv_test_guest_status_pid(ctx.root, "nw1");

        g_assert_cmpint(qemu, >, 0);
        mv_test_guest_env_kill_qemud(&ctx);
        kill(qemu, SIGKILL);
        g_assert_true(mv_test_wait_pid_gone(qemu, MV_TEST_STOP_TIMEOUT_MS));
    }
    mv_test_guest_env_start_qemud(&ctx);
    virDomainFree(dom);
    dom = virDomainLookupByName(ctx.conn, "nw1");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 0);
    g_assert_cmpuint(mv_test_link_count("vnet"), ==, 0);

    /* A tap that cannot be made after the port was: the port goes too. */
    bad_xml = domain_xml("nw2", "",
                         "<interface type='network'><source network='nat1'/>"
                         "<target dev='lo'/></interface>");
    virDomainFree(dom);
    dom = virDomainDefineXML(ctx.conn, bad_xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    err = virGetLastError();
    g_printerr("expected error: %s\n", err->message);
    g_assert_nonnull(strstr(err->message, "'lo'"));
    g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 0);
    virDomainFree(dom);

    /* A network that does not exist: networkd's error, no port. */
    g_free(bad_xml);
    bad_xml = domain_xml("nw3", "", "<interface type='network'><source network='nonet'/></interface>");
    dom = virDomainDefineXML(ctx.conn, bad_xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    err = virGetLastError();
    g_assert_cmpint(err->code, ==, VIR_ERR_NO_NETWORK);
    g_assert_nonnull(strstr(err->message, "'nonet'"));
    g_assert_cmpuint(mv_test_link_count("vnet"), ==, 0);
    virDomainFree(dom);

    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    virNetworkFree(net);
    mv_test_guest_env_stop(&ctx);
}

/* e: a stop's host cleanup is over before the guest reads shut off, so a
 * start right after it finds its fixed tap and port names free. */
#define RESTART_LOOPS 20
#define FIXED_ETH "mvfixed0"
#define FIXED_NET "mvfixed1"

static void
start_or_fail(virDomainPtr dom, const char *what, int i)
{
    if (virDomainCreate(dom) == 0)
        return;
    mv_test_virt_print_error(what);
    mv_test_guest_env_print_logs(&ctx);
    g_error("%s failed in round %d", what, i);
}

/* Polls the state a script would read, then acts on it at once. */
static void
wait_shutoff(virDomainPtr dom, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
    int state = -1;
    int reason;

    while (virDomainGetState(dom, &state, &reason, 0) == 0 && state != VIR_DOMAIN_SHUTOFF) {
        if (g_get_monotonic_time() >= deadline)
            g_error("domain did not shut off (state %d)", state);
        g_usleep(1000);
    }
    g_assert_cmpint(state, ==, VIR_DOMAIN_SHUTOFF);
}

static void
body_restart(gconstpointer data)
{
    const char *ifaces =
        "<interface type='ethernet'><target dev='" FIXED_ETH "'/><model type='e1000'/></interface>"
        "<interface type='network'><source network='nat1'/><target dev='" FIXED_NET "'/>"
        "<model type='e1000'/></interface>";
    g_autofree char *xml = NULL;
    g_autofree char *off_xml = NULL;
    virNetworkPtr net;
    virDomainPtr dom;

    ctx.root = mv_test_root_new();
    mv_test_guest_env_start_networkd(&ctx);
    net = virNetworkCreateXML(ctx.netconn, nat_xml);
    g_assert_nonnull(net);
    mv_test_guest_env_start_qemud(&ctx);

    xml = domain_xml("rs1", "", ifaces);
    dom = virDomainDefineXML(ctx.conn, xml);
    g_assert_nonnull(dom);
    start_or_fail(dom, "start rs1", 0);

    /* destroy; start */
    for (int i = 1; i <= RESTART_LOOPS; i++) {
        g_assert_cmpint(virDomainDestroy(dom), ==, 0);
        g_assert_false(mv_test_link_exists(FIXED_ETH));
        g_assert_false(mv_test_link_exists(FIXED_NET));
        g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 0);
        start_or_fail(dom, "start rs1 after destroy", i);
    }

    /* QEMU killed behind qemud's back; start as soon as it reads shut off. */
    for (int i = 1; i <= RESTART_LOOPS; i++) {
        pid_t qemu = mv_test_guest_status_pid(ctx.root, "rs1");

        g_assert_cmpint(qemu, >, 0);
        kill(qemu, SIGKILL);
        wait_shutoff(dom, 30000);
        g_assert_false(mv_test_link_exists(FIXED_ETH));
        g_assert_false(mv_test_link_exists(FIXED_NET));
        g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 0);
        start_or_fail(dom, "start rs1 after SIGKILL", i);
    }
    /* A start sent while QEMU's exit is handled: refused while the guest
     * still runs, then it waits for the stop's job and succeeds; never an
     * error about a tap or port still held. */
    for (int i = 1; i <= RESTART_LOOPS; i++) {
        pid_t qemu = mv_test_guest_status_pid(ctx.root, "rs1");
        gint64 deadline = g_get_monotonic_time() + 30 * G_TIME_SPAN_SECOND;

        g_assert_cmpint(qemu, >, 0);
        kill(qemu, SIGKILL);
        while (virDomainCreate(dom) < 0) {
            virErrorPtr err = virGetLastError();

            if (!err || err->code != VIR_ERR_OPERATION_INVALID ||
                !strstr(err->message, "already running") || g_get_monotonic_time() >= deadline) {
                mv_test_virt_print_error("start rs1 during its stop");
                mv_test_guest_env_print_logs(&ctx);
                g_error("start rs1 during its stop failed in round %d", i);
            }
            g_usleep(200);
        }
    }
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);

    /* The guest powers itself off; each boot takes a while under TCG, so
     * a few rounds. */
    off_xml = domain_xml("rs2", "modvirt.poweroff=1", ifaces);
    dom = virDomainDefineXML(ctx.conn, off_xml);
    g_assert_nonnull(dom);
    start_or_fail(dom, "start rs2", 0);
    for (int i = 1; i <= 3; i++) {
        wait_shutoff(dom, BOOT_TIMEOUT_MS);
        g_assert_false(mv_test_link_exists(FIXED_ETH));
        g_assert_false(mv_test_link_exists(FIXED_NET));
        g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 0);
        start_or_fail(dom, "start rs2 after its power-off", i);
    }
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    virDomainFree(dom);

    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    virNetworkFree(net);
    mv_test_guest_env_stop(&ctx);
}

/* d: qemud killed -9 while starting a guest, before QEMU ran: its
 * "starting" record names a port of networkd and a macvtap it made; the
 * next qemud deletes both and forgets the guest. The record is staged (a
 * kill cannot be timed into that window): the port and the macvtap are
 * real. */
#define LEFT_PORT "3f1c9a52-8d6e-4b7a-a0c3-5e2f9d8b7c61"
#define LEFT_PARENT "mvtpar0"
#define LEFT_PEER "mvtpar1"
#define LEFT_MACVTAP "mvtmvt0"

static const char left_status[] =
    "<domstatus state='shutoff' reason='0' pid='0' id='-1' persistent='no' started='0'"
    " starting='yes'>\n"
    "  <monitor path=''/>\n"
    "<domain type='qemu'>\n"
    "  <name>left1</name>\n"
    "  <uuid>9e0d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b</uuid>\n"
    "  <memory unit='KiB'>65536</memory>\n"
    "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n"
    "  <devices>\n"
    "    <interface type='network'>\n"
    "      <mac address='52:54:00:aa:00:07'/>\n"
    "      <source network='nat1' portid='" LEFT_PORT "' bridge='mvtnat0'/>\n"
    "      <model type='e1000'/>\n"
    "      <alias name='net0'/>\n"
    "    </interface>\n"
    "    <interface type='direct'>\n"
    "      <mac address='52:54:00:aa:00:08'/>\n"
    "      <source dev='" LEFT_PARENT "' mode='vepa'/>\n"
    "      <target dev='" LEFT_MACVTAP "'/>\n"
    "      <model type='e1000'/>\n"
    "      <alias name='net1'/>\n"
    "    </interface>\n"
    "  </devices>\n"
    "</domain>\n"
    "</domstatus>\n";

static void
body_leftovers(gconstpointer data)
{
    const char *add_parent[] = { "ip", "link", "add", LEFT_PARENT, "type", "veth", "peer", "name",
                                LEFT_PEER, NULL };
    const char *up_parent[] = { "ip", "link", "set", LEFT_PARENT, "up", NULL };
    const char *add_macvtap[] = { "ip", "link", "add", "link", LEFT_PARENT, "name", LEFT_MACVTAP,
                                  "type", "macvtap", "mode", "vepa", NULL };
    const char *port_xml =
        "<networkport><uuid>" LEFT_PORT "</uuid>"
        "<owner><name>left1</name><uuid>9e0d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b</uuid></owner>"
        "<mac address='52:54:00:aa:00:07'/></networkport>";
    g_autofree char *status = NULL;
    virNetworkPortPtr port;
    virNetworkPtr net;
    virDomainPtr dom;
    gint64 deadline;

    ctx.root = mv_test_root_new();
    mv_test_guest_env_start_networkd(&ctx);
    net = virNetworkCreateXML(ctx.netconn, nat_xml);
    g_assert_nonnull(net);
    port = virNetworkPortCreateXML(net, port_xml, 0);
    g_assert_nonnull(port);
    virNetworkPortFree(port);
    g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 1);
    mv_test_tool_check(add_parent);
    mv_test_tool_check(up_parent);
    mv_test_tool_check(add_macvtap);
    g_assert_true(mv_test_link_exists(LEFT_MACVTAP));
    mv_test_write_file(ctx.root, "run/modvirt/qemu/left1.xml", left_status);
    status = g_build_filename(ctx.root, "run", "modvirt", "qemu", "left1.xml", NULL);

    mv_test_guest_env_start_qemud(&ctx);
    deadline = g_get_monotonic_time() + 30 * G_TIME_SPAN_SECOND;
    while ((dom = virDomainLookupByName(ctx.conn, "left1")) &&
           g_get_monotonic_time() < deadline) {
        virDomainFree(dom);
        g_usleep(50000);
    }
    if (dom) {
        mv_test_guest_env_print_logs(&ctx);
        g_error("qemud did not undo the starting record");
    }
    g_assert_false(g_file_test(status, G_FILE_TEST_EXISTS));
    g_assert_cmpint(mv_test_guest_count_ports(ctx.netconn, "nat1"), ==, 0);
    g_assert_false(mv_test_link_exists(LEFT_MACVTAP));
    g_assert_true(mv_test_link_exists(LEFT_PARENT));

    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    virNetworkFree(net);
    mv_test_guest_env_stop(&ctx);
}

/* A case: its body, in ns_config's namespaces once require() allows it. */
typedef struct {
    MvTestNsBody body;
    bool need_network;
} NetCase;

static void
run_case(gconstpointer data)
{
    const NetCase *c = data;

    if (require(c->need_network))
        mv_test_ns_run(&ns_config, c->body, NULL);
}

int
main(int argc, char **argv)
{
    static const NetCase bridge = { body_bridge, false };
    static const NetCase network = { body_network, true };
    static const NetCase leftovers = { body_leftovers, true };
    static const NetCase restart = { body_restart, true };
    const MvTestGuestCase cases[] = {
        { "/qemud-net/bridge", run_case, &bridge },
        { "/qemud-net/network", run_case, &network },
        { "/qemud-net/leftovers", run_case, &leftovers },
        { "/qemud-net/restart", run_case, &restart },
        { NULL, NULL, NULL },
    };

    return mv_test_guest_main(&argc, &argv, &assets, cases);
}
