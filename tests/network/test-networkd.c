/* Tests of modvirt-networkd's driver through Debian's virsh, with the daemon inside network and pid namespaces the test makes. */
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netns.h"
#include "testutil.h"

/* The whole scenario, and each program it runs, are bounded. */
#define NS_TEST_TIMEOUT_MS 240000

static const char nat_xml[] =
    "<network>\n"
    "  <name>nat1</name>\n"
    "  <forward mode='nat'/>\n"
    "  <ip address='192.168.100.1' netmask='255.255.255.0'>\n"
    "    <dhcp>\n"
    "      <range start='192.168.100.2' end='192.168.100.254'/>\n"
    "    </dhcp>\n"
    "  </ip>\n"
    "</network>\n";

static const char transient_xml[] =
    "<network>\n"
    "  <name>tr1</name>\n"
    "  <bridge name='mvtr%d'/>\n"
    "  <ip address='192.168.101.1' prefix='24'/>\n"
    "</network>\n";

static const char auto_xml[] =
    "<network>\n"
    "  <name>auto1</name>\n"
    "  <ip address='192.168.102.1' prefix='24'/>\n"
    "</network>\n";

static const char port_xml[] =
    "<networkport>\n"
    "  <uuid>7b2a3e5e-4c1d-4a0e-9d59-2d6a1f0b9c01</uuid>\n"
    "  <owner>\n"
    "    <name>guest1</name>\n"
    "    <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>\n"
    "  </owner>\n"
    "  <mac address='52:54:00:11:22:33'/>\n"
    "  <bandwidth>\n"
    "    <inbound average='1000'/>\n"
    "  </bandwidth>\n"
    "</networkport>\n";

/* ---- namespaces ---------------------------------------------------------- */

/* A /proc of the namespaces' own lets the daemon see dnsmasq by the pid it knows. */
static const MvTestNsConfig ns_config = {
    .flags = MV_TEST_NS_MOUNT_PROC,
    .timeout_ms = NS_TEST_TIMEOUT_MS,
};

/* Skips the test, naming what is missing; true if all is there. */
static bool
require(void)
{
    static const char *const tools[] = { "virsh", "nft", "dnsmasq", "ip", "tc", NULL };
    g_autofree char *daemon = mv_test_daemon_binary("networkd");

    if (geteuid() != 0) {
        g_test_skip("needs root for network namespaces, bridges and nftables");
        return false;
    }
    if (!daemon) {
        g_test_skip("MODVIRT_BUILDDIR is not set or modvirt-networkd is not built");
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

/* ---- the scenario's helpers (they run inside the namespaces) ------------- */

typedef struct {
    char *root;
    char *uri;
    MvTestDaemon *daemon;
} Ctx;

static Ctx ctx;

static void
daemon_start(void)
{
    ctx.daemon = mv_test_daemon_start("networkd", ctx.root, NULL);
    g_assert_nonnull(ctx.daemon);
}

static void
daemon_print_log(void)
{
    g_autofree char *log = NULL;

    if (ctx.daemon && g_file_get_contents(ctx.daemon->stderr_path, &log, NULL, NULL))
        g_printerr("# networkd's stderr:\n%s\n", log);
}

/* SIGKILL: no cleanup of any kind, as after a crash. */
static void
daemon_kill9(void)
{
    g_assert_cmpint(kill(ctx.daemon->pid, SIGKILL), ==, 0);
    g_assert_true(mv_test_wait_exit(ctx.daemon->pid, MV_TEST_STOP_TIMEOUT_MS, NULL));
    ctx.daemon->pid = 0;
    g_clear_pointer(&ctx.daemon, mv_test_daemon_free);
}

static void
daemon_stop(void)
{
    int code = mv_test_daemon_stop(ctx.daemon);

    ctx.daemon->pid = 0;
    if (code != 0) {
        daemon_print_log();
        g_error("networkd exited %d after SIGTERM", code);
    }
    g_clear_pointer(&ctx.daemon, mv_test_daemon_free);
}

/* Runs a tool to completion; its exit code, output in ret_out/ret_err. */
static int
run_argv(GPtrArray *args, char **ret_out, char **ret_err)
{
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int code;

    g_ptr_array_add(args, NULL);
    code = mv_test_run((const char *const *) args->pdata, MV_TEST_TOOL_TIMEOUT_MS, &out, &err);
    if (code != 0)
        g_printerr("# %s exited %d: %s%s\n", (char *) args->pdata[0], code, out, err);
    if (ret_out)
        *ret_out = g_steal_pointer(&out);
    if (ret_err)
        *ret_err = g_steal_pointer(&err);
    return code;
}

/* virsh -c URI ARGS...; its exit code, stdout and stderr. */
static int G_GNUC_NULL_TERMINATED
virsh(char **ret_out, char **ret_err, ...)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
    va_list ap;
    const char *arg;

    g_ptr_array_add(args, mv_test_find_tool("virsh"));
    g_ptr_array_add(args, g_strdup("-c"));
    g_ptr_array_add(args, g_strdup(ctx.uri));
    va_start(ap, ret_err);
    while ((arg = va_arg(ap, const char *)))
        g_ptr_array_add(args, g_strdup(arg));
    va_end(ap);
    return run_argv(args, ret_out, ret_err);
}

static char *
write_input(const char *name, const char *text)
{
    char *path = g_build_filename(ctx.root, name, NULL);

    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

static void
assert_contains(const char *text, const char *needle)
{
    if (!text || !strstr(text, needle)) {
        daemon_print_log();
        g_error("expected '%s' in:\n%s", needle, text ? text : "(null)");
    }
}

static void
assert_virsh_ok(int rc)
{
    if (rc != 0) {
        daemon_print_log();
        g_error("virsh failed");
    }
}

/* "Active:          yes" and the like, from net-info. */
static char *
net_info_field(const char *net, const char *field)
{
    g_autofree char *out = NULL;
    g_auto(GStrv) lines = NULL;

    assert_virsh_ok(virsh(&out, NULL, "net-info", net, NULL));
    lines = g_strsplit(out, "\n", -1);
    for (size_t i = 0; lines[i]; i++) {
        if (g_str_has_prefix(lines[i], field) && lines[i][strlen(field)] == ':')
            return g_strstrip(g_strdup(lines[i] + strlen(field) + 1));
    }
    g_error("no '%s' in net-info:\n%s", field, out);
}

static void
assert_net_info(const char *net, const char *field, const char *want)
{
    g_autofree char *value = net_info_field(net, field);

    g_assert_cmpstr(value, ==, want);
}

/* The dnsmasq pid the network's status file records. */
static pid_t
status_dnsmasq_pid(const char *net)
{
    g_autofree char *path = g_strdup_printf("%s/run/modvirt/network/%s.xml", ctx.root, net);
    g_autofree char *text = NULL;
    const char *p;

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    p = strstr(text, "<dnsmasq pid='");
    g_assert_nonnull(p);
    return (pid_t) g_ascii_strtoll(p + strlen("<dnsmasq pid='"), NULL, 10);
}

static bool
process_alive(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%lld/cmdline", (long long) pid);
    g_autofree char *cmdline = NULL;
    size_t len = 0;

    /* A zombie has an empty command line. */
    return pid > 0 && g_file_get_contents(path, &cmdline, &len, NULL) && len > 0;
}

static bool
link_exists(const char *name)
{
    return MV_TEST_TOOL("ip", "link", "show", "dev", name) == 0;
}

static bool
nft_table_exists(const char *net)
{
    g_autofree char *table = g_strdup_printf("modvirt-%s", net);

    return MV_TEST_TOOL("nft", "list", "table", "inet", table) == 0;
}

static bool
root_file_exists(const char *relpath)
{
    g_autofree char *path = g_build_filename(ctx.root, relpath, NULL);

    return g_file_test(path, G_FILE_TEST_EXISTS);
}

/* ---- the scenario -------------------------------------------------------- */

static void
step_define_errors(void)
{
    g_autofree char *bad = write_input("bad.xml", "<network><name>bad</name><ip address='x'/>");
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint(virsh(NULL, &err, "net-define", bad, NULL), !=, 0);
    assert_contains(err, "XML");
    g_assert_cmpint(virsh(&out, NULL, "net-list", "--all", "--name", NULL), ==, 0);
    g_assert_cmpstr(g_strstrip(out), ==, "");
    g_assert_false(root_file_exists("etc/modvirt/network/bad.xml"));
}

static void
step_define(void)
{
    g_autofree char *path = write_input("nat1.xml", nat_xml);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *config = NULL;
    g_autofree char *uuid = NULL;

    assert_virsh_ok(virsh(NULL, NULL, "net-define", path, NULL));

    /* The driver's defaults, in the persistent XML. */
    assert_virsh_ok(virsh(&out, NULL, "net-dumpxml", "nat1", NULL));
    assert_contains(out, "<bridge name='virbr0'");
    assert_contains(out, "<mac address='52:54:00:");
    assert_contains(out, "<uuid>");
    g_assert_true(g_file_get_contents(g_build_filename(ctx.root, "etc/modvirt/network/nat1.xml",
                                                       NULL), &config, NULL, NULL));
    assert_contains(config, "virbr0");

    /* The same name again, without a UUID, is another network. */
    g_assert_cmpint(virsh(NULL, &err, "net-define", path, NULL), !=, 0);
    assert_contains(err, "network 'nat1' already exists with uuid");

    g_clear_pointer(&out, g_free);
    assert_virsh_ok(virsh(&out, NULL, "net-list", "--all", NULL));
    assert_contains(out, "nat1");
    assert_contains(out, "inactive");
    assert_net_info("nat1", "Active", "no");
    assert_net_info("nat1", "Persistent", "yes");
    assert_net_info("nat1", "Autostart", "no");
    assert_net_info("nat1", "Bridge", "virbr0");

    /* By UUID: net-name looks the network up by it. */
    g_clear_pointer(&out, g_free);
    assert_virsh_ok(virsh(&out, NULL, "net-uuid", "nat1", NULL));
    uuid = g_strdup(g_strstrip(out));
    g_clear_pointer(&out, g_free);
    assert_virsh_ok(virsh(&out, NULL, "net-name", uuid, NULL));
    g_assert_cmpstr(g_strstrip(out), ==, "nat1");

    assert_virsh_ok(virsh(NULL, NULL, "net-autostart", "nat1", NULL));
    assert_net_info("nat1", "Autostart", "yes");
    g_assert_true(root_file_exists("etc/modvirt/network/autostart/nat1.xml"));
}

static pid_t
step_start(void)
{
    g_autofree char *err = NULL;
    g_autofree char *out = NULL;
    pid_t pid;

    assert_virsh_ok(virsh(NULL, NULL, "net-start", "nat1", NULL));
    assert_net_info("nat1", "Active", "yes");
    g_assert_cmpint(virsh(NULL, &err, "net-start", "nat1", NULL), !=, 0);
    assert_contains(err, "network is already active");

    g_assert_true(link_exists("virbr0"));
    g_assert_true(nft_table_exists("nat1"));
    pid = status_dnsmasq_pid("nat1");
    g_assert_true(process_alive(pid));

    assert_virsh_ok(virsh(&out, NULL, "net-list", "--name", NULL));
    g_assert_cmpstr(g_strstrip(out), ==, "nat1");
    return pid;
}

static void
step_update(void)
{
    const char *host = "<host mac='52:54:00:aa:bb:cc' name='g1' ip='192.168.100.50'/>";
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *hosts = NULL;

    assert_virsh_ok(virsh(NULL, NULL, "net-update", "nat1", "add", "ip-dhcp-host", host,
                          "--live", "--config", NULL));
    g_assert_true(g_file_get_contents(g_build_filename(ctx.root, "run/modvirt/network/nat1.dhcphosts",
                                                       NULL), &hosts, NULL, NULL));
    assert_contains(hosts, "52:54:00:aa:bb:cc");
    assert_virsh_ok(virsh(&out, NULL, "net-dumpxml", "--inactive", "nat1", NULL));
    assert_contains(out, "52:54:00:aa:bb:cc");
    g_assert_cmpint(virsh(NULL, &err, "net-update", "nat1", "add", "ip-dhcp-host", host,
                          "--live", NULL), !=, 0);
    assert_contains(err, "existing dhcp host entry");

    assert_virsh_ok(virsh(NULL, NULL, "net-update", "nat1", "add", "dns-host",
                          "<host ip='192.168.100.60'><hostname>web</hostname></host>",
                          "--live", NULL));
    assert_virsh_ok(virsh(NULL, NULL, "net-update", "nat1", "delete", "ip-dhcp-host", host,
                          "--live", "--config", NULL));
    g_clear_pointer(&out, g_free);
    assert_virsh_ok(virsh(&out, NULL, "net-dumpxml", "nat1", NULL));
    g_assert_null(strstr(out, "52:54:00:aa:bb:cc"));
    assert_contains(out, "<hostname>web</hostname>");

    assert_virsh_ok(virsh(NULL, NULL, "net-dhcp-leases", "nat1", NULL));
}

static void
step_ports(void)
{
    g_autofree char *path = write_input("port.xml", port_xml);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char *uuid = "7b2a3e5e-4c1d-4a0e-9d59-2d6a1f0b9c01";

    assert_virsh_ok(virsh(NULL, NULL, "net-port-create", "nat1", path, NULL));
    g_assert_cmpint(virsh(NULL, &err, "net-port-create", "nat1", path, NULL), !=, 0);
    assert_contains(err, "already exists");
    assert_virsh_ok(virsh(&out, NULL, "net-port-list", "nat1", NULL));
    assert_contains(out, uuid);
    g_clear_pointer(&out, g_free);
    assert_virsh_ok(virsh(&out, NULL, "net-port-dumpxml", "nat1", uuid, NULL));
    assert_contains(out, "<plug type='network' bridge='virbr0'");
    assert_contains(out, "<name>guest1</name>");
    assert_contains(out, "average='1000'");
    g_clear_pointer(&out, g_free);
    assert_virsh_ok(virsh(&out, NULL, "net-dumpxml", "nat1", NULL));
    assert_contains(out, "connections='1'");
}

/* kill -9 and a new daemon: the same network, bridge and dnsmasq. */
static void
step_restart(pid_t dnsmasq_pid)
{
    g_autofree char *out = NULL;

    daemon_kill9();
    daemon_start();
    assert_net_info("nat1", "Active", "yes");
    assert_net_info("nat1", "Bridge", "virbr0");
    g_assert_cmpint(status_dnsmasq_pid("nat1"), ==, dnsmasq_pid);
    g_assert_true(process_alive(dnsmasq_pid));
    assert_virsh_ok(virsh(&out, NULL, "net-port-list", "nat1", NULL));
    assert_contains(out, "7b2a3e5e-4c1d-4a0e-9d59-2d6a1f0b9c01");
}

/* dnsmasq died while no daemon ran: the next daemon starts it again. */
static void
step_dnsmasq_died(pid_t dnsmasq_pid)
{
    pid_t again;

    daemon_kill9();
    /* With its parent gone, dnsmasq is this namespace init's child. */
    g_assert_cmpint(kill(dnsmasq_pid, SIGKILL), ==, 0);
    g_assert_true(mv_test_wait_exit(dnsmasq_pid, MV_TEST_STOP_TIMEOUT_MS, NULL));
    daemon_start();
    assert_net_info("nat1", "Active", "yes");
    again = status_dnsmasq_pid("nat1");
    g_assert_cmpint(again, !=, dnsmasq_pid);
    g_assert_true(process_alive(again));
}

/* Polls (bounded) until cond(arg) holds. */
static bool
wait_until(bool (*cond)(pid_t), pid_t arg)
{
    for (unsigned int waited = 0; waited < MV_TEST_START_TIMEOUT_MS; waited += 100) {
        if (cond(arg))
            return true;
        g_usleep(100 * 1000);
    }
    return cond(arg);
}

static bool
process_dead(pid_t pid)
{
    return !process_alive(pid);
}

static bool
status_pid_changed(pid_t old)
{
    return status_dnsmasq_pid("nat1") != old;
}

/* dnsmasq died under a running daemon: SIGHUP starts it again. */
static void
step_reload(void)
{
    pid_t old = status_dnsmasq_pid("nat1");

    g_assert_cmpint(kill(old, SIGKILL), ==, 0);
    g_assert_true(wait_until(process_dead, old));
    g_assert_cmpint(kill(ctx.daemon->pid, SIGHUP), ==, 0);
    g_assert_true(wait_until(status_pid_changed, old));
    g_assert_true(process_alive(status_dnsmasq_pid("nat1")));
    assert_net_info("nat1", "Active", "yes");
}

static void
step_destroy_undefine(void)
{
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    pid_t pid = status_dnsmasq_pid("nat1");
    const char *uuid = "7b2a3e5e-4c1d-4a0e-9d59-2d6a1f0b9c01";

    assert_virsh_ok(virsh(NULL, NULL, "net-port-delete", "nat1", uuid, NULL));
    /* virsh 9.0 exits 0 here; its message tells. */
    virsh(NULL, &err, "net-port-dumpxml", "nat1", uuid, NULL);
    assert_contains(err, "failed to get network port");
    assert_virsh_ok(virsh(&out, NULL, "net-port-list", "nat1", NULL));
    g_assert_null(strstr(out, uuid));
    g_clear_pointer(&out, g_free);

    assert_virsh_ok(virsh(NULL, NULL, "net-destroy", "nat1", NULL));
    assert_net_info("nat1", "Active", "no");
    g_assert_false(link_exists("virbr0"));
    g_assert_false(nft_table_exists("nat1"));
    g_assert_false(process_alive(pid));
    g_assert_false(root_file_exists("run/modvirt/network/nat1.xml"));
    g_clear_pointer(&err, g_free);
    g_assert_cmpint(virsh(NULL, &err, "net-destroy", "nat1", NULL), !=, 0);
    assert_contains(err, "network 'nat1' is not active");

    assert_virsh_ok(virsh(NULL, NULL, "net-undefine", "nat1", NULL));
    g_assert_false(root_file_exists("etc/modvirt/network/nat1.xml"));
    g_assert_false(root_file_exists("etc/modvirt/network/autostart/nat1.xml"));
    g_clear_pointer(&err, g_free);
    g_assert_cmpint(virsh(NULL, &err, "net-info", "nat1", NULL), !=, 0);
    assert_contains(err, "Network not found: no network with matching name 'nat1'");
    assert_virsh_ok(virsh(&out, NULL, "net-list", "--all", "--name", NULL));
    g_assert_cmpstr(g_strstrip(out), ==, "");
}

static void
step_transient(void)
{
    g_autofree char *path = write_input("tr1.xml", transient_xml);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    assert_virsh_ok(virsh(NULL, NULL, "net-create", path, NULL));
    assert_net_info("tr1", "Active", "yes");
    assert_net_info("tr1", "Persistent", "no");
    assert_net_info("tr1", "Bridge", "mvtr0");
    g_assert_true(link_exists("mvtr0"));
    g_assert_cmpint(virsh(NULL, &err, "net-undefine", "tr1", NULL), !=, 0);
    assert_contains(err, "can't undefine transient network");
    assert_virsh_ok(virsh(&out, NULL, "net-list", "--transient", "--name", NULL));
    g_assert_cmpstr(g_strstrip(out), ==, "tr1");

    assert_virsh_ok(virsh(NULL, NULL, "net-destroy", "tr1", NULL));
    g_assert_false(link_exists("mvtr0"));
    g_clear_pointer(&out, g_free);
    assert_virsh_ok(virsh(&out, NULL, "net-list", "--all", "--name", NULL));
    g_assert_cmpstr(g_strstrip(out), ==, "");
}

/* A failed start undoes itself and leaves the host's link alone. */
static void
step_start_fails(void)
{
    g_autofree char *path = write_input("busy.xml",
                                        "<network>\n"
                                        "  <name>busy</name>\n"
                                        "  <bridge name='mvbusy'/>\n"
                                        "  <ip address='192.168.103.1' prefix='24'/>\n"
                                        "</network>\n");
    g_autofree char *err = NULL;

    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "add", "mvbusy", "type", "bridge"), ==, 0);
    assert_virsh_ok(virsh(NULL, NULL, "net-define", path, NULL));
    g_assert_cmpint(virsh(NULL, &err, "net-start", "busy", NULL), !=, 0);
    assert_contains(err, "mvbusy");
    assert_net_info("busy", "Active", "no");
    g_assert_true(link_exists("mvbusy"));
    g_assert_false(root_file_exists("run/modvirt/network/busy.xml"));
    assert_virsh_ok(virsh(NULL, NULL, "net-undefine", "busy", NULL));
}

/* A non-contiguous netmask parses (as in libvirt) but cannot start; the
 * bridge made for it is removed again. */
static void
step_start_bad_netmask(void)
{
    g_autofree char *path = write_input("oddmask.xml",
                                        "<network>\n"
                                        "  <name>oddmask</name>\n"
                                        "  <bridge name='mvodd'/>\n"
                                        "  <ip address='192.168.104.1' netmask='255.0.255.0'/>\n"
                                        "</network>\n");
    g_autofree char *err = NULL;

    assert_virsh_ok(virsh(NULL, NULL, "net-define", path, NULL));
    g_assert_cmpint(virsh(NULL, &err, "net-start", "oddmask", NULL), !=, 0);
    assert_contains(err, "network 'oddmask' has an IP address with an invalid netmask or prefix");
    assert_net_info("oddmask", "Active", "no");
    g_assert_false(link_exists("mvodd"));
    assert_virsh_ok(virsh(NULL, NULL, "net-undefine", "oddmask", NULL));
}

/* <route>s go through the bridge once it is up (ip as the checker), with
 * their metric; destroying the network takes them with the bridge. */
static void
step_routes(void)
{
    g_autofree char *path = write_input("rt1.xml",
                                        "<network>\n"
                                        "  <name>rt1</name>\n"
                                        "  <bridge name='mvrt0'/>\n"
                                        "  <ip address='192.168.106.1' prefix='24'/>\n"
                                        "  <ip family='ipv6' address='fd00:106::1' prefix='64'/>\n"
                                        "  <route address='10.106.0.0' prefix='16' gateway='192.168.106.2'/>\n"
                                        "  <route address='10.107.0.0' netmask='255.255.0.0' gateway='192.168.106.3' metric='7'/>\n"
                                        "  <route family='ipv6' address='fd00:107::' prefix='64' gateway='fd00:106::2'/>\n"
                                        "</network>\n");
    g_autofree char *v4 = NULL;
    g_autofree char *v6 = NULL;

    assert_virsh_ok(virsh(NULL, NULL, "net-define", path, NULL));
    assert_virsh_ok(virsh(NULL, NULL, "net-start", "rt1", NULL));
    g_assert_cmpint(mv_test_tool(&v4, "ip", "-4", "route", "show", "dev", "mvrt0", NULL), ==, 0);
    g_assert_cmpint(mv_test_tool(&v6, "ip", "-6", "route", "show", "dev", "mvrt0", NULL), ==, 0);
    g_test_message("ip -4 route:\n%sip -6 route:\n%s", v4, v6);
    assert_contains(v4, "10.106.0.0/16 via 192.168.106.2");
    assert_contains(v4, "10.107.0.0/16 via 192.168.106.3 metric 7");
    assert_contains(v6, "fd00:107::/64 via fd00:106::2");
    assert_virsh_ok(virsh(NULL, NULL, "net-destroy", "rt1", NULL));
    g_assert_false(link_exists("mvrt0"));
    g_clear_pointer(&v4, g_free);
    g_assert_cmpint(mv_test_tool(&v4, "ip", "-4", "route", "show", "10.106.0.0/16", NULL), ==, 0);
    g_assert_cmpstr(v4, ==, "");
    assert_virsh_ok(virsh(NULL, NULL, "net-undefine", "rt1", NULL));
}

/* <bandwidth> on the network goes on its bridge at start (tc as the
 * checker); a port's floor gets a class of its own, within the network's
 * inbound average. */
static void
step_qos(void)
{
    g_autofree char *path = write_input("qos1.xml",
                                        "<network>\n"
                                        "  <name>qos1</name>\n"
                                        "  <bridge name='mvqos0'/>\n"
                                        "  <bandwidth>\n"
                                        "    <inbound average='1000' peak='1500'/>\n"
                                        "  </bandwidth>\n"
                                        "  <ip address='192.168.105.1' prefix='24'/>\n"
                                        "</network>\n");
    g_autofree char *port1 = write_input("qport1.xml",
                                         "<networkport>\n"
                                         "  <uuid>6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c01</uuid>\n"
                                         "  <owner><name>g1</name><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1811</uuid></owner>\n"
                                         "  <mac address='52:54:00:00:10:01'/>\n"
                                         "  <bandwidth><inbound average='100' floor='1000'/></bandwidth>\n"
                                         "</networkport>\n");
    g_autofree char *port2 = write_input("qport2.xml",
                                         "<networkport>\n"
                                         "  <uuid>6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c02</uuid>\n"
                                         "  <owner><name>g2</name><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1812</uuid></owner>\n"
                                         "  <mac address='52:54:00:00:10:02'/>\n"
                                         "  <bandwidth><inbound average='100' floor='600'/></bandwidth>\n"
                                         "</networkport>\n");
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    assert_virsh_ok(virsh(NULL, NULL, "net-create", path, NULL));
    g_assert_cmpint(mv_test_tool(&out, "tc", "class", "show", "dev", "mvqos0", NULL), ==, 0);
    assert_contains(out, "class htb 1:1 root rate 8Mbit ceil 12Mbit");
    assert_contains(out, "class htb 1:2 parent 1:1 prio 0 rate 8Mbit ceil 12Mbit");
    g_clear_pointer(&out, g_free);

    assert_virsh_ok(virsh(NULL, NULL, "net-port-create", "qos1", port1, NULL));
    assert_virsh_ok(virsh(&out, NULL, "net-port-dumpxml", "qos1",
                          "6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c01", NULL));
    assert_contains(out, "<bandwidth classID='3'>");
    g_clear_pointer(&out, g_free);
    g_assert_cmpint(mv_test_tool(&out, "tc", "class", "show", "dev", "mvqos0", NULL), ==, 0);
    assert_contains(out, "class htb 1:3 parent 1:1 prio 0 rate 8Mbit ceil 12Mbit");
    /* What the floors leave: 1500 - 1000 kB/s. */
    assert_contains(out, "class htb 1:2 parent 1:1 prio 0 rate 4Mbit ceil 12Mbit");
    g_clear_pointer(&out, g_free);

    g_assert_cmpint(virsh(NULL, &err, "net-port-create", "qos1", port2, NULL), !=, 0);
    assert_contains(err, "Cannot plug '52:54:00:00:10:02' interface into 'mvqos0' because new "
                         "combined inbound floor=1600 would overcommit peak=1500 on network 'qos1'");
    assert_virsh_ok(virsh(NULL, NULL, "net-port-delete", "qos1",
                          "6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c01", NULL));
    g_assert_cmpint(mv_test_tool(&out, "tc", "class", "show", "dev", "mvqos0", NULL), ==, 0);
    g_assert_null(strstr(out, "1:3"));
    g_clear_pointer(&out, g_free);
    assert_virsh_ok(virsh(NULL, NULL, "net-port-create", "qos1", port2, NULL));
    assert_virsh_ok(virsh(NULL, NULL, "net-destroy", "qos1", NULL));
    g_assert_false(link_exists("mvqos0"));
}

/* An autostart network that is not running starts with the daemon. */
static void
step_autostart(void)
{
    g_autofree char *path = write_input("auto1.xml", auto_xml);

    assert_virsh_ok(virsh(NULL, NULL, "net-define", path, NULL));
    assert_virsh_ok(virsh(NULL, NULL, "net-autostart", "auto1", NULL));
    assert_net_info("auto1", "Active", "no");
    daemon_stop();
    daemon_start();
    assert_net_info("auto1", "Active", "yes");
    g_assert_true(link_exists("virbr0"));
    assert_virsh_ok(virsh(NULL, NULL, "net-destroy", "auto1", NULL));
    assert_virsh_ok(virsh(NULL, NULL, "net-undefine", "auto1", NULL));
}

/* In the namespaces: virsh's home, the URI, lo up, and the daemon. */
static void
body_setup(void)
{
    g_autofree char *sock = mv_test_socket_path(ctx.root, "networkd", false);
    g_autofree char *home = g_build_filename(ctx.root, "home", NULL);

    ctx.uri = g_strdup_printf("network+unix:///system?socket=%s", sock);
    /* virsh keeps history and caches in the home directory: not the user's. */
    g_setenv("HOME", home, TRUE);
    g_setenv("XDG_CONFIG_HOME", home, TRUE);
    g_setenv("XDG_CACHE_HOME", home, TRUE);
    g_unsetenv("LIBVIRT_DEFAULT_URI");
    g_unsetenv("VIRSH_DEFAULT_CONNECT_URI");
    /* dnsmasq, as its own user, reads its files below the root. */
    g_assert_cmpint(chmod(ctx.root, 0755), ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "set", "lo", "up"), ==, 0);
    daemon_start();
}

static void
body_define(gconstpointer data)
{
    g_autofree char *out = NULL;

    body_setup();
    step_define_errors();
    step_define();
    assert_virsh_ok(virsh(NULL, NULL, "net-undefine", "nat1", NULL));
    g_assert_false(root_file_exists("etc/modvirt/network/nat1.xml"));
    g_assert_false(root_file_exists("etc/modvirt/network/autostart/nat1.xml"));
    assert_virsh_ok(virsh(&out, NULL, "net-list", "--all", "--name", NULL));
    g_assert_cmpstr(g_strstrip(out), ==, "");
    daemon_stop();
}

static void
body_running(gconstpointer data)
{
    pid_t dnsmasq_pid;

    body_setup();
    step_define();
    dnsmasq_pid = step_start();
    step_update();
    step_ports();
    step_restart(dnsmasq_pid);
    step_dnsmasq_died(dnsmasq_pid);
    step_reload();
    step_destroy_undefine();
    daemon_stop();
}

static void
body_transient_autostart(gconstpointer data)
{
    body_setup();
    step_transient();
    step_start_fails();
    step_start_bad_netmask();
    step_routes();
    step_qos();
    step_autostart();
    daemon_stop();
}

/* A veth pair plays the guest: one end a port of the bridge, busybox's
 * udhcpc on the other asks for a lease (it works on raw sockets, so both
 * ends can stay in the bridge's namespace). */
static void
body_dhcp_lease(gconstpointer data)
{
    g_autofree char *path = NULL;
    g_autofree char *out = NULL;
    int code = -1;

    body_setup();
    path = write_input("nat1.xml", nat_xml);
    assert_virsh_ok(virsh(NULL, NULL, "net-create", path, NULL));
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "add", "mvg0", "type", "veth", "peer", "name",
                                 "mvg1"), ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "set", "mvg0", "master", "virbr0", "up"),
                    ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "set", "mvg1", "address", "52:54:00:01:02:03", "up"),
                    ==, 0);
    /* The bridge forwards only after its port went through listening. */
    for (int attempt = 0; attempt < 3 && code != 0; attempt++)
        code = MV_TEST_TOOL("busybox", "udhcpc", "-i", "mvg1", "-n", "-q", "-t", "5", "-T", "2",
                            "-s", "/bin/true", "-x", "hostname:guest1");
    g_assert_cmpint(code, ==, 0);

    assert_virsh_ok(virsh(&out, NULL, "net-dhcp-leases", "nat1", NULL));
    assert_contains(out, "52:54:00:01:02:03");
    assert_contains(out, "192.168.100.");
    assert_contains(out, "/24");
    assert_contains(out, "guest1");
    g_clear_pointer(&out, g_free);
    assert_virsh_ok(virsh(&out, NULL, "net-dhcp-leases", "nat1", "--mac", "52:54:00:09:09:09",
                          NULL));
    g_assert_null(strstr(out, "52:54:00:01:02:03"));
    assert_virsh_ok(virsh(NULL, NULL, "net-destroy", "nat1", NULL));
    daemon_stop();
}

/* ---- a guest in a second network namespace ------------------------------ */

typedef struct {
    int host;       /* the daemon's namespace: bridge, rules, dnsmasq */
    int guest;      /* the guest end of the veth pair */
} GuestNs;

/* A second namespace holding guest_end (MAC mac) of a veth pair whose
 * host_end is a port of bridge. */
static void
guest_ns_make(GuestNs *ns, const char *bridge, const char *host_end, const char *guest_end,
              const char *mac)
{
    g_autofree char *guest_path = NULL;

    ns->host = mv_test_ns_open_net();
    g_assert_cmpint(unshare(CLONE_NEWNET), ==, 0);
    ns->guest = mv_test_ns_open_net();
    g_assert_cmpint(setns(ns->host, CLONE_NEWNET), ==, 0);
    guest_path = g_strdup_printf("/proc/%lld/fd/%d", (long long) getpid(), ns->guest);

    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "add", host_end, "type", "veth", "peer", "name",
                                 guest_end), ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "set", guest_end, "netns", guest_path), ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "set", host_end, "master", bridge, "up"), ==, 0);
    g_assert_cmpint(setns(ns->guest, CLONE_NEWNET), ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "set", "lo", "up"), ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "set", guest_end, "address", mac, "up"), ==, 0);
    g_assert_cmpint(setns(ns->host, CLONE_NEWNET), ==, 0);
}

static void
guest_ns_close(GuestNs *ns)
{
    close(ns->guest);
    close(ns->host);
}

/* busybox udhcpc in the guest namespace gets a lease on ifname (a few
 * tries: the bridge forwards only after its port went through
 * listening); the lease then shows in net-dhcp-leases. */
static void
assert_guest_gets_lease(const GuestNs *ns, const char *net, const char *ifname, const char *mac)
{
    g_autofree char *out = NULL;
    int code = -1;

    g_assert_cmpint(setns(ns->guest, CLONE_NEWNET), ==, 0);
    for (int attempt = 0; attempt < 3 && code != 0; attempt++)
        code = MV_TEST_TOOL("busybox", "udhcpc", "-i", ifname, "-n", "-q", "-t", "5", "-T", "2",
                            "-s", "/bin/true", "-x", "hostname:guest1");
    g_assert_cmpint(setns(ns->host, CLONE_NEWNET), ==, 0);
    if (code != 0) {
        daemon_print_log();
        g_error("udhcpc in the guest namespace got no lease from network '%s'", net);
    }
    assert_virsh_ok(virsh(&out, NULL, "net-dhcp-leases", net, "--mac", mac, NULL));
    assert_contains(out, mac);
    assert_contains(out, "guest1");
}

/* kill -9 of dnsmasq, then (bounded) a new dnsmasq runs, the status file
 * names it and it is not the old one. */
static pid_t
kill_dnsmasq_and_wait_new(pid_t old)
{
    pid_t again;

    g_assert_cmpint(kill(old, SIGKILL), ==, 0);
    if (!wait_until(status_pid_changed, old)) {
        daemon_print_log();
        g_error("networkd did not start dnsmasq again after pid %lld was killed",
                (long long) old);
    }
    again = status_dnsmasq_pid("nat1");
    g_assert_cmpint(again, >, 0);
    g_assert_cmpint(again, !=, old);
    g_assert_true(wait_until(process_alive, again));
    return again;
}

/* dnsmasq killed under a running networkd is started again, with no
 * SIGHUP, and leases keep working; the same after a networkd restart,
 * when dnsmasq is no longer networkd's child but found by its pid file. */
static void
body_dnsmasq_dies(gconstpointer data)
{
    const char *mac = "52:54:00:01:02:04";
    g_autofree char *path = NULL;
    GuestNs ns;
    pid_t pid;
    pid_t found;

    body_setup();
    path = write_input("nat1.xml", nat_xml);
    assert_virsh_ok(virsh(NULL, NULL, "net-create", path, NULL));
    guest_ns_make(&ns, "virbr0", "mvw0", "mvw1", mac);
    assert_guest_gets_lease(&ns, "nat1", "mvw1", mac);

    pid = status_dnsmasq_pid("nat1");
    /* Our process is the namespace's init: it reaps what it is handed. */
    pid = kill_dnsmasq_and_wait_new(pid);
    assert_net_info("nat1", "Active", "yes");
    assert_guest_gets_lease(&ns, "nat1", "mvw1", mac);

    daemon_kill9();
    daemon_start();
    /* An answer means the new daemon has read its status files. */
    assert_net_info("nat1", "Active", "yes");
    found = status_dnsmasq_pid("nat1");
    g_assert_cmpint(found, ==, pid);
    /* Orphaned by the first networkd, dnsmasq is this process's child now. */
    g_assert_cmpint(kill(found, SIGKILL), ==, 0);
    g_assert_true(mv_test_wait_exit(found, MV_TEST_STOP_TIMEOUT_MS, NULL));
    if (!wait_until(status_pid_changed, found)) {
        daemon_print_log();
        g_error("networkd did not start again the dnsmasq it found by its pid file");
    }
    g_assert_true(wait_until(process_alive, status_dnsmasq_pid("nat1")));
    assert_guest_gets_lease(&ns, "nat1", "mvw1", mac);

    /* One that keeps dying is given up after 5 restarts in a minute (the
     * one above counts); SIGHUP starts it again. */
    pid = status_dnsmasq_pid("nat1");
    for (int i = 0; i < 4; i++)
        pid = kill_dnsmasq_and_wait_new(pid);
    g_assert_cmpint(kill(pid, SIGKILL), ==, 0);
    if (!wait_until(status_pid_changed, pid)) {
        daemon_print_log();
        g_error("networkd did not record that dnsmasq %lld died", (long long) pid);
    }
    g_assert_cmpint(status_dnsmasq_pid("nat1"), ==, 0);
    g_usleep(500 * 1000);
    g_assert_cmpint(status_dnsmasq_pid("nat1"), ==, 0);
    g_assert_cmpint(kill(ctx.daemon->pid, SIGHUP), ==, 0);
    g_assert_true(wait_until(status_pid_changed, 0));
    g_assert_true(wait_until(process_alive, status_dnsmasq_pid("nat1")));
    assert_guest_gets_lease(&ns, "nat1", "mvw1", mac);

    /* A dnsmasq stopped by net-destroy is not started again. */
    pid = status_dnsmasq_pid("nat1");
    assert_virsh_ok(virsh(NULL, NULL, "net-destroy", "nat1", NULL));
    g_assert_false(process_alive(pid));
    g_usleep(500 * 1000);
    g_assert_false(root_file_exists("run/modvirt/network/nat1.pid"));
    g_assert_false(root_file_exists("run/modvirt/network/nat1.xml"));
    guest_ns_close(&ns);
    daemon_stop();
}

/* ---- the macvtap modes' device pools ------------------------------------ */

static char *
direct_port_xml(unsigned int n, const char *extra)
{
    return g_strdup_printf("<networkport>\n"
                           "  <uuid>3e9f1b2a-7c4d-4e5f-9a6b-1c2d3e4f50%02u</uuid>\n"
                           "  <owner><name>guest%u</name>"
                           "<uuid>c7a5fdbd-edaf-9455-926a-d65c16db18%02u</uuid></owner>\n"
                           "  <mac address='52:54:00:00:20:%02u'/>\n%s"
                           "</networkport>\n", n, n, n, n, extra);
}

static char *
direct_port_uuid(unsigned int n)
{
    return g_strdup_printf("3e9f1b2a-7c4d-4e5f-9a6b-1c2d3e4f50%02u", n);
}

/* net-port-create NET for port n; the port's XML as networkd answers. */
static char *
direct_port_create(const char *net, unsigned int n, const char *extra)
{
    g_autofree char *name = g_strdup_printf("dport%u.xml", n);
    g_autofree char *xml = direct_port_xml(n, extra);
    g_autofree char *path = write_input(name, xml);
    g_autofree char *uuid = direct_port_uuid(n);
    char *out = NULL;

    assert_virsh_ok(virsh(NULL, NULL, "net-port-create", net, path, NULL));
    assert_virsh_ok(virsh(&out, NULL, "net-port-dumpxml", net, uuid, NULL));
    return out;
}

static void
direct_port_delete(const char *net, unsigned int n)
{
    g_autofree char *uuid = direct_port_uuid(n);

    assert_virsh_ok(virsh(NULL, NULL, "net-port-delete", net, uuid, NULL));
}

static char *
net_create_from(const char *name, const char *xml)
{
    g_autofree char *file = g_strdup_printf("%s.xml", name);
    g_autofree char *path = write_input(file, xml);
    char *out = NULL;

    assert_virsh_ok(virsh(NULL, NULL, "net-create", path, NULL));
    assert_virsh_ok(virsh(&out, NULL, "net-dumpxml", name, NULL));
    return out;
}

static void
assert_live_contains(const char *net, const char *needle)
{
    g_autofree char *out = NULL;

    assert_virsh_ok(virsh(&out, NULL, "net-dumpxml", net, NULL));
    assert_contains(out, needle);
}

/* vepa, passthrough and bridge pools of veth ends (the kernel here may
 * have no dummy links): ports get devices by libvirt's rules, live XML
 * counts connections, a macvtap can be made on what a port got. */
static void
body_macvtap_pools(gconstpointer data)
{
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *path = NULL;

    body_setup();
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "add", "mvd0", "type", "veth", "peer", "name",
                                 "mvd1"), ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "add", "mvd2", "type", "veth", "peer", "name",
                                 "mvd3"), ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "add", "mvhostbr", "type", "bridge"), ==, 0);

    /* vepa: shared devices, the least used first. No bridge, no dnsmasq,
     * no rules. */
    out = net_create_from("vepa1", "<network>\n  <name>vepa1</name>\n"
                          "  <forward mode='vepa'>\n    <interface dev='mvd0'/>\n"
                          "    <interface dev='mvd1'/>\n  </forward>\n</network>\n");
    assert_contains(out, "<interface dev='mvd0'/>");
    g_clear_pointer(&out, g_free);
    g_assert_false(nft_table_exists("vepa1"));
    g_assert_cmpint(status_dnsmasq_pid("vepa1"), ==, 0);
    g_assert_false(root_file_exists("run/modvirt/network/vepa1.conf"));

    out = direct_port_create("vepa1", 1, "");
    assert_contains(out, "<plug type='direct' dev='mvd0' mode='vepa'/>");
    g_clear_pointer(&out, g_free);
    out = direct_port_create("vepa1", 2, "");
    assert_contains(out, "<plug type='direct' dev='mvd1' mode='vepa'/>");
    g_clear_pointer(&out, g_free);
    out = direct_port_create("vepa1", 3, "");
    assert_contains(out, "<plug type='direct' dev='mvd0' mode='vepa'/>");
    g_clear_pointer(&out, g_free);
    assert_live_contains("vepa1", "<network connections='3'>");
    assert_live_contains("vepa1", "<interface dev='mvd0' connections='2'/>");
    assert_live_contains("vepa1", "<interface dev='mvd1' connections='1'/>");
    /* --inactive of a transient network, which has no config: the live
     * definition without the counts, as libvirt's. */
    assert_virsh_ok(virsh(&out, NULL, "net-dumpxml", "--inactive", "vepa1", NULL));
    g_assert_null(strstr(out, "connections="));
    assert_contains(out, "<interface dev='mvd0'/>");
    g_clear_pointer(&out, g_free);

    /* What the hypervisor does with it: a macvtap on that device. */
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "add", "link", "mvd0", "name", "mvtap0", "type",
                                 "macvtap", "mode", "vepa"), ==, 0);
    g_assert_cmpint(MV_TEST_TOOL("ip", "link", "del", "mvtap0"), ==, 0);

    /* A virtualport a macvtap cannot carry. */
    path = write_input("dport9.xml", direct_port_xml(9, "  <virtualport type='openvswitch'/>\n"));
    g_assert_cmpint(virsh(NULL, &err, "net-port-create", "vepa1", path, NULL), !=, 0);
    assert_contains(err, "<virtualport type='openvswitch'> not supported for network 'vepa1' "
                         "which uses a macvtap device");
    g_clear_pointer(&err, g_free);

    /* Delete frees; after kill -9 the counts come back from the ports. */
    direct_port_delete("vepa1", 1);
    assert_live_contains("vepa1", "<interface dev='mvd0' connections='1'/>");
    daemon_kill9();
    daemon_start();
    assert_live_contains("vepa1", "<interface dev='mvd0' connections='1'/>");
    assert_live_contains("vepa1", "<interface dev='mvd1' connections='1'/>");
    out = direct_port_create("vepa1", 4, "");
    assert_contains(out, "dev='mvd0'");
    g_clear_pointer(&out, g_free);

    /* passthrough: one port a device. */
    xml = net_create_from("pt1", "<network>\n  <name>pt1</name>\n"
                          "  <forward mode='passthrough'>\n    <interface dev='mvd2'/>\n"
                          "    <interface dev='mvd3'/>\n  </forward>\n</network>\n");
    out = direct_port_create("pt1", 5, "");
    assert_contains(out, "<plug type='direct' dev='mvd2' mode='passthrough'/>");
    g_clear_pointer(&out, g_free);
    out = direct_port_create("pt1", 6, "");
    assert_contains(out, "<plug type='direct' dev='mvd3' mode='passthrough'/>");
    g_clear_pointer(&out, g_free);
    g_clear_pointer(&path, g_free);
    path = write_input("dport7.xml", direct_port_xml(7, ""));
    g_assert_cmpint(virsh(NULL, &err, "net-port-create", "pt1", path, NULL), !=, 0);
    assert_contains(err, "network 'pt1' requires exclusive access to interfaces, but none are available");
    g_clear_pointer(&err, g_free);
    direct_port_delete("pt1", 5);
    out = direct_port_create("pt1", 7, "");
    assert_contains(out, "dev='mvd2'");
    g_clear_pointer(&out, g_free);
    assert_live_contains("pt1", "<interface dev='mvd2' connections='1'/>");
    assert_live_contains("pt1", "<interface dev='mvd3' connections='1'/>");

    /* bridge mode: a pool (macvtap mode bridge), or a host bridge. */
    g_clear_pointer(&xml, g_free);
    xml = net_create_from("mvbr1", "<network>\n  <name>mvbr1</name>\n"
                          "  <forward mode='bridge'>\n    <interface dev='mvd1'/>\n  </forward>\n"
                          "</network>\n");
    out = direct_port_create("mvbr1", 8, "");
    assert_contains(out, "<plug type='direct' dev='mvd1' mode='bridge'/>");
    g_clear_pointer(&out, g_free);
    g_clear_pointer(&xml, g_free);
    xml = net_create_from("hostbr1", "<network>\n  <name>hostbr1</name>\n"
                          "  <forward mode='bridge'/>\n  <bridge name='mvhostbr'/>\n</network>\n");
    out = direct_port_create("hostbr1", 10, "");
    assert_contains(out, "<plug type='bridge' bridge='mvhostbr'/>");
    g_clear_pointer(&out, g_free);

    /* A pool without devices is refused at port create, as libvirt does. */
    g_clear_pointer(&xml, g_free);
    xml = net_create_from("empty1", "<network>\n  <name>empty1</name>\n"
                          "  <forward mode='private'/>\n</network>\n");
    g_clear_pointer(&path, g_free);
    path = write_input("dport11.xml", direct_port_xml(11, ""));
    g_assert_cmpint(virsh(NULL, &err, "net-port-create", "empty1", path, NULL), !=, 0);
    assert_contains(err, "network 'empty1' uses a direct mode, but has no forward dev and no "
                         "interface pool");

    assert_virsh_ok(virsh(NULL, NULL, "net-destroy", "vepa1", NULL));
    assert_virsh_ok(virsh(NULL, NULL, "net-destroy", "pt1", NULL));
    assert_virsh_ok(virsh(NULL, NULL, "net-destroy", "mvbr1", NULL));
    assert_virsh_ok(virsh(NULL, NULL, "net-destroy", "hostbr1", NULL));
    assert_virsh_ok(virsh(NULL, NULL, "net-destroy", "empty1", NULL));
    /* The host's devices and bridge stay: they are not modvirt's. */
    g_assert_true(link_exists("mvd0"));
    g_assert_true(link_exists("mvhostbr"));
    g_assert_false(root_file_exists("run/modvirt/network/ports/vepa1"));
    daemon_stop();
}

static void
test_in_namespaces(gconstpointer data)
{
    MvTestNsBody body = (MvTestNsBody) data;

    if (!require())
        return;
    /* Made and removed out here, whatever happens in the namespaces. */
    ctx.root = mv_test_root_new();
    mv_test_ns_run(&ns_config, body, NULL);
    mv_test_root_remove(ctx.root);
    g_clear_pointer(&ctx.root, g_free);
}

static void
test_dhcp_lease(void)
{
    g_autofree char *busybox = mv_test_find_tool("busybox");

    if (!busybox) {
        g_test_skip("'busybox' (udhcpc) is not installed");
        return;
    }
    test_in_namespaces(body_dhcp_lease);
}

static void
test_dnsmasq_dies(void)
{
    g_autofree char *busybox = mv_test_find_tool("busybox");

    if (!busybox) {
        g_test_skip("'busybox' (udhcpc) is not installed");
        return;
    }
    test_in_namespaces(body_dnsmasq_dies);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_data_func("/networkd/define-list-info-undefine", body_define, test_in_namespaces);
    g_test_add_data_func("/networkd/start-update-ports-restart-destroy", body_running,
                         test_in_namespaces);
    g_test_add_data_func("/networkd/transient-failed-start-autostart", body_transient_autostart,
                         test_in_namespaces);
    g_test_add_func("/networkd/dhcp-lease", test_dhcp_lease);
    g_test_add_func("/networkd/dnsmasq-dies", test_dnsmasq_dies);
    g_test_add_data_func("/networkd/macvtap-pools", body_macvtap_pools, test_in_namespaces);
    return g_test_run();
}
