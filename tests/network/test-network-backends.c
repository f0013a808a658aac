/* Tests of networkd's backends: nft and dnsmasq text from data-driven cases, and bridges, rules, dnsmasq and a DHCP client inside namespaces. */
#define MV_FROM_THIS VIR_FROM_NETWORK

#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <net/if.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>

#include "bridge.h"
#include "dnsmasq.h"
#include "firewall.h"
#include "netns.h"
#include "testutil.h"
#include "util/error.h"
#include "util/log.h"

/* The whole namespace scenario, and each program it runs, are bounded. */
#define NS_TEST_TIMEOUT_MS 120000
#define DHCP_TIMEOUT_MS 60000

/* ---- data-driven generation cases ---------------------------------------- */

/* tests/network/<suite>/NAME.xml with NAME.<ext> (the expected text) or
 * NAME.err (the expected error message, one line) beside it; dnsmasq cases
 * may add NAME.dhcphosts and NAME.addnhosts. MODVIRT_TEST_REGENERATE=1
 * writes the expected files instead of comparing (review before commit). */
typedef struct {
    char *base;             /* path without .xml */
    const char *ext;        /* "nft" or "conf" */
} GenCase;

static void
gen_case_free(gpointer data)
{
    GenCase *tc = data;

    g_free(tc->base);
    g_free(tc);
}

static char *
read_text(const char *path)
{
    g_autoptr(GError) error = NULL;
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, &error))
        g_error("cannot read %s: %s", path, error->message);
    return text;
}

static bool
regenerating(void)
{
    return g_strcmp0(g_getenv("MODVIRT_TEST_REGENERATE"), "1") == 0;
}

static void
compare_or_regenerate(const char *expected_path, const char *actual)
{
    g_autofree char *expected = NULL;

    if (regenerating()) {
        g_assert_true(g_file_set_contents(expected_path, actual, -1, NULL));
        return;
    }
    expected = read_text(expected_path);
    if (strcmp(expected, actual) != 0)
        g_test_message("%s differs; got:\n%s", expected_path, actual);
    g_assert_cmpstr(actual, ==, expected);
}

/* The dnsmasq files of a case live in a fixed directory, so the expected
 * text is the same on every machine. */
#define CASE_RUN_DIR "/run/modvirt/network"

static char *
generate(const GenCase *tc, const MvNetworkDef *def)
{
    g_autoptr(MvDnsmasqFiles) files = NULL;

    if (strcmp(tc->ext, "nft") == 0)
        return mv_firewall_generate(def);
    files = mv_dnsmasq_files_new(CASE_RUN_DIR, def->name);
    g_assert_nonnull(files);
    return mv_dnsmasq_config_generate(def, files);
}

static void
test_gen_case(gconstpointer data)
{
    const GenCase *tc = data;
    g_autofree char *xml_path = g_strdup_printf("%s.xml", tc->base);
    g_autofree char *err_path = g_strdup_printf("%s.err", tc->base);
    g_autofree char *out_path = g_strdup_printf("%s.%s", tc->base, tc->ext);
    g_autofree char *xml = read_text(xml_path);
    g_autoptr(MvNetworkDef) def = mv_network_def_parse_string(xml);
    g_autofree char *actual = NULL;

    if (!def)
        g_error("%s: does not parse: %s", xml_path, mv_error_last_message());

    mv_error_reset();
    actual = generate(tc, def);

    if (g_file_test(err_path, G_FILE_TEST_EXISTS)) {
        g_autofree char *expected = read_text(err_path);

        g_assert_null(actual);
        g_assert_cmpstr(mv_error_last_message(), ==, g_strstrip(expected));
        return;
    }
    if (!actual)
        g_error("%s: generation failed: %s", xml_path, mv_error_last_message());
    compare_or_regenerate(out_path, actual);

    if (strcmp(tc->ext, "conf") == 0) {
        g_autofree char *dhcp_path = g_strdup_printf("%s.dhcphosts", tc->base);
        g_autofree char *dns_path = g_strdup_printf("%s.addnhosts", tc->base);
        g_autofree char *dhcp = mv_dnsmasq_dhcp_hosts_generate(def);
        g_autofree char *dns = mv_dnsmasq_dns_hosts_generate(def);

        if (*dhcp || g_file_test(dhcp_path, G_FILE_TEST_EXISTS))
            compare_or_regenerate(dhcp_path, dhcp);
        if (*dns || g_file_test(dns_path, G_FILE_TEST_EXISTS))
            compare_or_regenerate(dns_path, dns);
    }
}

static char *
suite_dir(const char *suite)
{
    const char *srcdir = g_getenv("MODVIRT_SRCDIR");

    g_assert_nonnull(srcdir);
    return g_build_filename(srcdir, "tests", "network", suite, NULL);
}

static gint
compare_paths(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Sorted NAME.xml bases of a suite's directory. */
static GPtrArray *
suite_cases(const char *suite)
{
    g_autofree char *dir_path = suite_dir(suite);
    g_autoptr(GDir) dir = g_dir_open(dir_path, 0, NULL);
    GPtrArray *bases = g_ptr_array_new_with_free_func(g_free);
    const char *entry;

    g_assert_nonnull(dir);
    while ((entry = g_dir_read_name(dir))) {
        if (g_str_has_suffix(entry, ".xml")) {
            g_autofree char *name = g_strndup(entry, strlen(entry) - strlen(".xml"));

            g_ptr_array_add(bases, g_build_filename(dir_path, name, NULL));
        }
    }
    g_ptr_array_sort(bases, compare_paths);
    return bases;
}

static void
add_gen_cases(const char *suite, const char *ext)
{
    g_autoptr(GPtrArray) bases = suite_cases(suite);

    for (guint i = 0; i < bases->len; i++) {
        const char *base = g_ptr_array_index(bases, i);
        GenCase *tc = g_new0(GenCase, 1);
        g_autofree char *name = g_path_get_basename(base);
        g_autofree char *path = g_strdup_printf("/network/%s/%s", suite, name);

        tc->base = g_strdup(base);
        tc->ext = ext;
        g_test_add_data_func_full(path, tc, test_gen_case, gen_case_free);
    }
}

/* ---- pure functions without cases ---------------------------------------- */

static void
test_table_name(void)
{
    g_autofree char *name = mv_firewall_table_name("default.v2_x-y");

    g_assert_cmpstr(name, ==, "modvirt-default.v2_x-y");
    g_assert_null(mv_firewall_table_name("my net"));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_CONFIG_UNSUPPORTED);
    g_assert_nonnull(strstr(mv_error_last_message(), "network 'my net'"));
}

static void
test_files(void)
{
    g_autoptr(MvDnsmasqFiles) files = mv_dnsmasq_files_new("/run/x", "net1");

    g_assert_cmpstr(files->conf, ==, "/run/x/net1.conf");
    g_assert_cmpstr(files->pid, ==, "/run/x/net1.pid");
    g_assert_cmpstr(files->leases, ==, "/run/x/net1.leases");
    g_assert_cmpstr(files->dhcp_hosts, ==, "/run/x/net1.dhcphosts");
    g_assert_cmpstr(files->dns_hosts, ==, "/run/x/net1.addnhosts");
    g_assert_null(mv_dnsmasq_files_new("/run/x", "../etc"));
}

static void
test_leases_read(void)
{
    g_autofree char *dir = mv_test_root_new();
    g_autofree char *path = g_build_filename(dir, "net.leases", NULL);
    g_autofree char *missing = g_build_filename(dir, "none.leases", NULL);
    MvDnsmasqLease *leases = NULL;
    size_t n = 99;

    g_assert_cmpint(mv_dnsmasq_leases_read(missing, &leases, &n), ==, 0);
    g_assert_cmpuint(n, ==, 0);

    g_assert_true(g_file_set_contents(path,
        "1700000000 52:54:00:11:22:33 192.168.150.101 guest1 01:52:54:00:11:22:33\n"
        "0 52:54:00:44:55:66 192.168.150.102 * *\n"
        "duid 00:01:00:01:2c:aa:bb:cc:52:54:00:00:00:01\n"
        "1700000100 12345678 fd00:150::10 guest6 00:04:aa:bb\n", -1, NULL));
    g_assert_cmpint(mv_dnsmasq_leases_read(path, &leases, &n), ==, 0);
    g_assert_cmpuint(n, ==, 3);
    g_assert_cmpint(leases[0].expiry, ==, 1700000000);
    g_assert_cmpstr(leases[0].mac, ==, "52:54:00:11:22:33");
    g_assert_cmpint(leases[0].ip.family, ==, AF_INET);
    g_assert_cmpstr(leases[0].hostname, ==, "guest1");
    g_assert_cmpstr(leases[0].client_id, ==, "01:52:54:00:11:22:33");
    g_assert_cmpint(leases[1].expiry, ==, 0);
    g_assert_null(leases[1].hostname);
    g_assert_null(leases[1].client_id);
    g_assert_null(leases[2].mac);
    g_assert_cmpstr(leases[2].iaid, ==, "12345678");
    g_assert_cmpint(leases[2].ip.family, ==, AF_INET6);
    mv_dnsmasq_leases_free(leases, n);

    g_assert_true(g_file_set_contents(path,
        "1700000000 52:54:00:11:22:33 192.168.150.101 a *\nsoon 52:54:00:11:22:33 x\n", -1, NULL));
    g_assert_cmpint(mv_dnsmasq_leases_read(path, &leases, &n), ==, -1);
    g_assert_nonnull(strstr(mv_error_last_message(), "line 2"));
    g_assert_nonnull(strstr(mv_error_last_message(), path));
    mv_test_root_remove(dir);
}

static void
test_bridge_bad_names(void)
{
    MvBridgeConfig config = { .name = "a-name-far-too-long-for-linux" };
    bool exists = true;

    g_assert_cmpint(mv_bridge_create(&config), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INVALID_ARG);
    g_assert_nonnull(strstr(mv_error_last_message(), "a-name-far-too-long-for-linux"));
    g_assert_cmpint(mv_bridge_exists("", &exists), ==, -1);
    g_assert_cmpint(mv_bridge_attach("br0", "a/b"), ==, -1);
    g_assert_nonnull(strstr(mv_error_last_message(), "'a/b'"));
}

/* ---- namespaces ---------------------------------------------------------- */

/* The links, rules and daemons the bodies make go with the namespaces; the
 * host's network is never touched. */
static const MvTestNsConfig ns_config = {
    .timeout_ms = NS_TEST_TIMEOUT_MS,
};

/* Skips the test, naming the first missing tool; true if all are there. */
static bool
require_tools(const char *const *names)
{
    if (geteuid() != 0) {
        g_test_skip("needs root for network namespaces, bridges and nftables");
        return false;
    }
    for (size_t i = 0; names[i]; i++) {
        g_autofree char *path = mv_test_find_tool(names[i]);

        if (!path) {
            g_autofree char *reason = g_strdup_printf("'%s' is not installed", names[i]);

            g_test_skip(reason);
            return false;
        }
    }
    return true;
}

static void
assert_ok(int rc)
{
    if (rc < 0)
        g_error("unexpected failure: %s", mv_error_last_message());
}

/* ---- nft syntax of every expected ruleset -------------------------------- */

static void
nft_check_body(gconstpointer data)
{
    g_autoptr(GPtrArray) bases = suite_cases("firewall");

    for (guint i = 0; i < bases->len; i++) {
        g_autofree char *path = g_strdup_printf("%s.nft", (char *) g_ptr_array_index(bases, i));
        g_autofree char *text = NULL;

        if (!g_file_get_contents(path, &text, NULL, NULL) || !*text)
            continue;
        if (MV_TEST_TOOL("nft", "-c", "-f", path) != 0)
            g_error("nft refuses %s", path);
    }
}

static void
test_nft_check(void)
{
    if (require_tools((const char *const[]) { "nft", NULL }))
        mv_test_ns_run(&ns_config, nft_check_body, NULL);
}

/* ---- dnsmasq's own check of every expected config ----------------------- */

static void
test_dnsmasq_check(void)
{
    g_autoptr(GPtrArray) bases = NULL;
    g_autofree char *dnsmasq = mv_test_find_tool("dnsmasq");

    if (!dnsmasq) {
        g_test_skip("'dnsmasq' is not installed");
        return;
    }
    bases = suite_cases("dnsmasq");
    for (guint i = 0; i < bases->len; i++) {
        g_autofree char *path = g_strdup_printf("%s.conf", (char *) g_ptr_array_index(bases, i));
        g_autofree char *conf_arg = g_strdup_printf("--conf-file=%s", path);

        if (!g_file_test(path, G_FILE_TEST_EXISTS))
            continue;
        if (MV_TEST_TOOL("dnsmasq", "--test", conf_arg) != 0)
            g_error("dnsmasq refuses %s", path);
    }
}

/* ---- bridges through netlink --------------------------------------------- */

static void
link_set_up(const char *name)
{
    struct nl_sock *sk = nl_socket_alloc();
    struct rtnl_link *orig = rtnl_link_alloc();
    struct rtnl_link *change = rtnl_link_alloc();

    g_assert_cmpint(nl_connect(sk, NETLINK_ROUTE), ==, 0);
    rtnl_link_set_name(orig, name);
    rtnl_link_set_ifindex(orig, (int) if_nametoindex(name));
    rtnl_link_set_flags(change, IFF_UP);
    g_assert_cmpint(rtnl_link_change(sk, orig, change, 0), ==, 0);
    rtnl_link_put(change);
    rtnl_link_put(orig);
    nl_socket_free(sk);
}

static void
bridge_body(gconstpointer data)
{
    MvMacAddr mac = { { 0x52, 0x54, 0x00, 0xaa, 0xbb, 0x01 } };
    MvBridgeConfig config = { .name = "mvbr0", .mac = &mac, .mtu = 1400, .stp = true,
                              .forward_delay = 2 };
    MvBridgeConfig plain = { .name = "mvbr1" };
    MvLinkInfo info;
    MvIPAddr v4;
    MvIPAddr v6;
    bool yes = false;

    assert_ok(mv_ip_addr_parse("192.168.150.1", &v4));
    assert_ok(mv_ip_addr_parse("fd00:150::1", &v6));

    assert_ok(mv_bridge_create(&config));
    assert_ok(mv_link_get_info("mvbr0", &info));
    g_assert_true(info.is_bridge);
    g_assert_cmpuint(info.mtu, ==, 1400);
    g_assert_true(mv_mac_equal(&info.mac, &mac));
    g_assert_true(info.stp);
    g_assert_cmpuint(info.forward_delay, ==, 2);
    g_assert_false(info.up);

    /* Again: the kernel's message, with the bridge named. */
    g_assert_cmpint(mv_bridge_create(&config), ==, -1);
    g_assert_nonnull(strstr(mv_error_last_message(), "'mvbr0'"));

    assert_ok(mv_bridge_create(&plain));
    assert_ok(mv_link_get_info("mvbr1", &info));
    g_assert_false(info.stp);
    g_assert_cmpuint(info.forward_delay, ==, 0);

    assert_ok(mv_bridge_add_address("mvbr0", &v4, 24));
    assert_ok(mv_bridge_add_address("mvbr0", &v6, 64));
    g_assert_cmpint(mv_bridge_add_address("mvbr0", &v4, 24), ==, -1);
    g_assert_nonnull(strstr(mv_error_last_message(), "192.168.150.1/24"));
    assert_ok(mv_bridge_has_address("mvbr0", &v4, 24, &yes));
    g_assert_true(yes);
    assert_ok(mv_bridge_has_address("mvbr0", &v4, 16, &yes));
    g_assert_false(yes);
    assert_ok(mv_bridge_del_address("mvbr0", &v6, 64));
    assert_ok(mv_bridge_has_address("mvbr0", &v6, 64, &yes));
    g_assert_false(yes);

    assert_ok(mv_bridge_set_up("mvbr0", true));
    assert_ok(mv_link_get_info("mvbr0", &info));
    g_assert_true(info.up);
    assert_ok(mv_bridge_set_up("mvbr0", false));
    assert_ok(mv_link_get_info("mvbr0", &info));
    g_assert_false(info.up);

    /* Ports: a veth end attached, detached; a stranger refused. */
    {
        struct nl_sock *sk = nl_socket_alloc();
        MvLinkInfo port;
        MvLinkInfo br;

        g_assert_cmpint(nl_connect(sk, NETLINK_ROUTE), ==, 0);
        g_assert_cmpint(rtnl_link_veth_add(sk, "mvp0", "mvp1", getpid()), ==, 0);
        nl_socket_free(sk);

        assert_ok(mv_bridge_attach("mvbr0", "mvp0"));
        assert_ok(mv_link_get_info("mvp0", &port));
        assert_ok(mv_link_get_info("mvbr0", &br));
        g_assert_cmpint(port.master_ifindex, ==, br.ifindex);
        g_assert_cmpint(mv_bridge_detach("mvbr1", "mvp0"), ==, -1);
        g_assert_nonnull(strstr(mv_error_last_message(), "not a port of bridge 'mvbr1'"));
        assert_ok(mv_bridge_detach("mvbr0", "mvp0"));
        assert_ok(mv_link_get_info("mvp0", &port));
        g_assert_cmpint(port.master_ifindex, ==, 0);
        g_assert_cmpint(mv_bridge_delete("mvp0"), ==, -1);
        g_assert_nonnull(strstr(mv_error_last_message(), "not a bridge"));
    }

    assert_ok(mv_bridge_delete("mvbr0"));
    assert_ok(mv_bridge_delete("mvbr1"));
    assert_ok(mv_bridge_exists("mvbr0", &yes));
    g_assert_false(yes);
    /* Deleting what is gone is no error: teardown can always run. */
    assert_ok(mv_bridge_delete("mvbr0"));
    g_assert_cmpint(mv_link_get_info("mvbr0", &info), ==, -1);
    g_assert_nonnull(strstr(mv_error_last_message(), "'mvbr0'"));
}

static void
test_bridge(void)
{
    if (require_tools((const char *const[]) { NULL }))
        mv_test_ns_run(&ns_config, bridge_body, NULL);
}

/* ---- a whole network: bridge, rules, dnsmasq, a DHCP client -------------- */

#define LIVE_NET_XML(extra_host) \
    "<network>\n" \
    "  <name>mvlive</name>\n" \
    "  <forward mode='nat'/>\n" \
    "  <bridge name='mvbr0' stp='on' delay='2'/>\n" \
    "  <mac address='52:54:00:aa:bb:01'/>\n" \
    "  <mtu size='1400'/>\n" \
    "  <domain name='live.test'/>\n" \
    "  <dns>\n" \
    "    <host ip='192.168.150.7'><hostname>statichost</hostname></host>\n" \
    extra_host \
    "  </dns>\n" \
    "  <ip address='192.168.150.1' netmask='255.255.255.0'>\n" \
    "    <dhcp>\n" \
    "      <range start='192.168.150.100' end='192.168.150.120'/>\n" \
    "    </dhcp>\n" \
    "  </ip>\n" \
    "</network>\n"

/* Writes the IP address a DHCP client bound to the file named by $LEASED. */
static const char udhcpc_script[] =
    "#!/bin/sh\n"
    "case \"$1\" in\n"
    "bound|renew)\n"
    "    /usr/bin/busybox ifconfig \"$interface\" \"$ip\" netmask \"$subnet\" up\n"
    "    echo \"$ip\" > \"$LEASED.tmp\" && mv \"$LEASED.tmp\" \"$LEASED\"\n"
    "    ;;\n"
    "esac\n"
    "exit 0\n";

typedef struct {
    int ns_host;        /* the network's namespace: bridge, rules, dnsmasq */
    int ns_guest;       /* the second one: the guest end of the veth pair */
} LiveNs;

/* A veth pair with host_end here and guest_end moved to the guest namespace. */
static void
make_veth(const LiveNs *ns, const char *host_end, const char *guest_end)
{
    struct nl_sock *sk = nl_socket_alloc();
    struct rtnl_link *orig = rtnl_link_alloc();
    struct rtnl_link *change = rtnl_link_alloc();

    g_assert_cmpint(nl_connect(sk, NETLINK_ROUTE), ==, 0);
    g_assert_cmpint(rtnl_link_veth_add(sk, host_end, guest_end, getpid()), ==, 0);
    rtnl_link_set_name(orig, guest_end);
    rtnl_link_set_ifindex(orig, (int) if_nametoindex(guest_end));
    rtnl_link_set_ns_fd(change, ns->ns_guest);
    g_assert_cmpint(rtnl_link_change(sk, orig, change, 0), ==, 0);
    rtnl_link_put(change);
    rtnl_link_put(orig);
    nl_socket_free(sk);
}

static char *
wait_for_file(const char *path, unsigned int timeout_ms)
{
    for (unsigned int waited = 0; waited <= timeout_ms; waited += 100) {
        char *text = NULL;

        if (g_file_get_contents(path, &text, NULL, NULL))
            return g_strstrip(text);
        g_usleep(100 * 1000);
    }
    return NULL;
}

/* Waits for a lease of ip in the leases file and checks it. */
static void
assert_lease(const char *leases_path, const MvIPAddr *ip, const MvMacAddr *mac)
{
    char mac_text[MV_MAC_STRING_BUFLEN];

    mv_mac_format(mac, mac_text);
    for (unsigned int waited = 0; waited <= 10000; waited += 100) {
        MvDnsmasqLease *leases = NULL;
        size_t n = 0;
        bool found = false;

        assert_ok(mv_dnsmasq_leases_read(leases_path, &leases, &n));
        for (size_t i = 0; i < n; i++) {
            if (mv_ip_addr_compare(&leases[i].ip, ip) != 0)
                continue;
            g_assert_cmpstr(leases[i].mac, ==, mac_text);
            g_assert_cmpstr(leases[i].hostname, ==, "guest1");
            g_assert_cmpint(leases[i].expiry, >, 0);
            found = true;
        }
        mv_dnsmasq_leases_free(leases, n);
        if (found)
            return;
        g_usleep(100 * 1000);
    }
    g_error("no lease for the client in %s", leases_path);
}

/* nslookup from the guest namespace until name resolves to addr (dnsmasq
 * reads its hosts files again asynchronously after SIGHUP). */
static void
assert_resolves(const LiveNs *ns, const char *name, const char *addr)
{
    for (int attempt = 0; attempt < 20; attempt++) {
        g_autofree char *out = NULL;
        int code;

        mv_test_ns_enter_net(ns->ns_guest);
        code = mv_test_tool(&out, "busybox", "nslookup", "-type=a", name, "192.168.150.1", NULL);
        mv_test_ns_enter_net(ns->ns_host);
        if (code == 0 && out && strstr(out, addr))
            return;
        g_printerr("# nslookup %s: %s\n", name, out ? out : "");
        g_usleep(250 * 1000);
    }
    g_error("'%s' does not resolve to %s through the network's dnsmasq", name, addr);
}

static void
live_body(gconstpointer data)
{
    const char *dir = data;
    g_autofree char *nft_path = g_build_filename(dir, "mvlive.nft", NULL);
    g_autofree char *script = g_build_filename(dir, "udhcpc.sh", NULL);
    g_autofree char *leased_path = g_build_filename(dir, "leased", NULL);
    g_autofree char *leased_env = g_strdup_printf("LEASED=%s", leased_path);
    g_autoptr(MvNetworkDef) def = mv_network_def_parse_string(LIVE_NET_XML(""));
    g_autoptr(MvNetworkDef) def2 = mv_network_def_parse_string(
        LIVE_NET_XML("    <host ip='192.168.150.8'><hostname>addedhost</hostname></host>\n"));
    g_autoptr(MvDnsmasqFiles) files = NULL;
    g_autofree char *leased = NULL;
    g_autofree char *out = NULL;
    MvBridgeConfig config = { 0 };
    MvLinkInfo info;
    MvLinkInfo guest;
    MvIPAddr got;
    MvIPAddr low;
    MvIPAddr high;
    LiveNs ns;
    pid_t dnsmasq = 0;
    bool yes = false;

    g_assert_nonnull(def);
    g_assert_nonnull(def2);
    /* dnsmasq reads its hosts files again after dropping root. */
    g_assert_cmpint(chmod(dir, 0755), ==, 0);
    files = mv_dnsmasq_files_new(dir, def->name);

    ns.ns_host = mv_test_ns_open_net();
    g_assert_cmpint(unshare(CLONE_NEWNET), ==, 0);
    ns.ns_guest = mv_test_ns_open_net();
    link_set_up("lo");
    mv_test_ns_enter_net(ns.ns_host);
    link_set_up("lo");

    /* The bridge, as the driver will build it from the definition. */
    config.name = def->bridge;
    config.mac = &def->mac;
    config.mtu = def->mtu;
    config.stp = def->stp;
    config.forward_delay = (unsigned int) def->delay;
    assert_ok(mv_bridge_create(&config));
    assert_ok(mv_bridge_add_address("mvbr0", &def->ips[0].address, 24));
    assert_ok(mv_bridge_set_up("mvbr0", true));
    assert_ok(mv_link_get_info("mvbr0", &info));
    g_assert_true(info.up && info.stp);
    g_assert_cmpuint(info.mtu, ==, 1400);
    g_assert_cmpuint(info.forward_delay, ==, 2);

    /* Rules: loaded, loaded again without doubling, listed. */
    assert_ok(mv_firewall_apply(def, nft_path));
    assert_ok(mv_firewall_apply(def, nft_path));
    g_assert_cmpint(mv_test_tool(&out, "nft", "list", "table", "inet", "modvirt-mvlive", NULL),
                    ==, 0);
    {
        /* Exactly once: the second load replaced the table. */
        g_auto(GStrv) parts = g_strsplit(out, "masquerade to :1024-65535", -1);

        g_assert_cmpuint(g_strv_length(parts), ==, 2);
    }
    g_clear_pointer(&out, g_free);

    /* dnsmasq on the bridge. */
    assert_ok(mv_dnsmasq_write_files(def, files));
    assert_ok(mv_dnsmasq_start(files, NULL, &dnsmasq));
    g_assert_cmpint(dnsmasq, >, 0);

    /* A guest: a veth end on the bridge, the other in the guest namespace. */
    make_veth(&ns, "mvveth0", "mvveth1");
    assert_ok(mv_bridge_attach("mvbr0", "mvveth0"));
    link_set_up("mvveth0");
    mv_test_ns_enter_net(ns.ns_guest);
    link_set_up("mvveth1");
    assert_ok(mv_link_get_info("mvveth1", &guest));

    g_assert_true(g_file_set_contents(script, udhcpc_script, -1, NULL));
    g_assert_cmpint(chmod(script, 0755), ==, 0);
    {
        g_autofree char *busybox = mv_test_find_tool("busybox");
        const char *const argv[] = { busybox, "udhcpc", "-f", "-q", "-n", "-i", "mvveth1",
                                     "-t", "15", "-T", "2", "-A", "1",
                                     "-x", "hostname:guest1", "-s", script, NULL };
        const char *const env[] = { leased_env, NULL };
        pid_t client = mv_test_spawn_env(argv, env, NULL, NULL);
        int status = 0;

        if (!mv_test_wait_exit(client, DHCP_TIMEOUT_MS, &status)) {
            mv_test_kill(client);
            g_error("udhcpc got no lease in %d ms", DHCP_TIMEOUT_MS);
        }
        g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    leased = wait_for_file(leased_path, 1000);
    g_assert_nonnull(leased);
    assert_ok(mv_ip_addr_parse(leased, &got));
    assert_ok(mv_ip_addr_parse("192.168.150.100", &low));
    assert_ok(mv_ip_addr_parse("192.168.150.120", &high));
    g_assert_cmpint(mv_ip_addr_compare(&got, &low), >=, 0);
    g_assert_cmpint(mv_ip_addr_compare(&got, &high), <=, 0);

    /* The guest reaches the bridge, and dnsmasq answers for its hosts. */
    g_assert_cmpint(MV_TEST_TOOL("busybox", "ping", "-c", "1", "-W", "2", "192.168.150.1"), ==, 0);
    mv_test_ns_enter_net(ns.ns_host);
    assert_lease(files->leases, &got, &guest.mac);
    assert_resolves(&ns, "statichost", "192.168.150.7");
    assert_resolves(&ns, "statichost.live.test", "192.168.150.7");

    /* A host added live: new hosts files and SIGHUP, no restart. */
    assert_ok(mv_dnsmasq_write_hosts_files(def2, files));
    assert_ok(mv_dnsmasq_reload(files, dnsmasq));
    assert_resolves(&ns, "addedhost", "192.168.150.8");
    g_assert_cmpint(kill(dnsmasq, 0), ==, 0);

    /* Destroy: dnsmasq gone, rules gone, bridge gone. */
    assert_ok(mv_dnsmasq_stop(files, dnsmasq));
    g_assert_cmpint(kill(dnsmasq, 0), ==, -1);
    g_assert_false(g_file_test(files->pid, G_FILE_TEST_EXISTS));
    assert_ok(mv_firewall_remove(def->name));
    assert_ok(mv_firewall_remove(def->name));
    g_assert_cmpint(MV_TEST_TOOL("nft", "list", "table", "inet", "modvirt-mvlive"), !=, 0);
    assert_ok(mv_bridge_delete("mvbr0"));
    assert_ok(mv_bridge_exists("mvbr0", &yes));
    g_assert_false(yes);

    close(ns.ns_guest);
    close(ns.ns_host);
}

static void
test_live_network(void)
{
    MvTestNsConfig config = ns_config;
    g_autofree char *dir = NULL;

    if (!require_tools((const char *const[]) { "nft", "dnsmasq", "busybox", NULL }))
        return;
    dir = mv_test_root_new();
    config.scratch = dir;
    mv_test_ns_run(&config, live_body, dir);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR);

    add_gen_cases("firewall", "nft");
    add_gen_cases("dnsmasq", "conf");
    g_test_add_func("/network/firewall/table-name", test_table_name);
    g_test_add_func("/network/dnsmasq/files", test_files);
    g_test_add_func("/network/dnsmasq/leases-read", test_leases_read);
    g_test_add_func("/network/bridge/bad-names", test_bridge_bad_names);
    g_test_add_func("/network/dnsmasq/dnsmasq-check", test_dnsmasq_check);
    g_test_add_func("/network/namespace/nft-check", test_nft_check);
    g_test_add_func("/network/namespace/bridge", test_bridge);
    g_test_add_func("/network/namespace/live", test_live_network);

    return g_test_run();
}
