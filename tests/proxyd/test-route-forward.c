/* Network and node-device calls that reach modvirt-qemud directly, forwarded to the real networkd and nodedevd: Debian's virsh on qemud's own sockets against the same commands on the owners'. */
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fake_sysfs.h"
#include "netns.h"
#include "testutil.h"

/* Each scenario, and each virsh it runs, is bounded. */
#define NS_TEST_TIMEOUT_MS 120000
#define VIRSH_TIMEOUT_MS 20000
#define WAIT_MS 10000
/* "At once": a missing owner daemon is an error well before any timeout. */
#define FAIL_FAST_MS 3000

/* No <ip>: a bridge and its nftables table, no dnsmasq to wait for. */
static const char net_xml[] =
    "<network>\n"
    "  <name>fw1</name>\n"
    "  <bridge name='mvfw0'/>\n"
    "</network>\n";

typedef struct {
    char *root;
    char *virsh;
    MvTestDaemon *qemud;
    MvTestDaemon *networkd;
    MvTestDaemon *nodedevd;
    char *via_qemud;        /* qemu+unix:///system on qemud-sock */
    char *via_qemud_ro;     /* the same on qemud-sock-ro */
    char *network;          /* network+unix:///system on networkd-sock */
    char *network_ro;
    char *nodedev;          /* nodedev+unix:///system on nodedevd-sock */
} Ctx;

static Ctx ctx;

/* ---- virsh ------------------------------------------------------------- */

typedef struct {
    int rc;
    char *out;
    char *err;
    gint64 elapsed_ms;
} Run;

static void
run_clear(Run *run)
{
    g_clear_pointer(&run->out, g_free);
    g_clear_pointer(&run->err, g_free);
}

/* virsh -c uri ARGS... (NULL-terminated). */
static void
virsh_v(Run *run, const char *uri, va_list ap)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    const char *arg;
    gint64 start = g_get_monotonic_time();

    run_clear(run);
    g_ptr_array_add(argv, ctx.virsh);
    g_ptr_array_add(argv, (gpointer) "-c");
    g_ptr_array_add(argv, (gpointer) uri);
    while ((arg = va_arg(ap, const char *)))
        g_ptr_array_add(argv, (gpointer) arg);
    g_ptr_array_add(argv, NULL);
    run->rc = mv_test_run((const char *const *) argv->pdata, VIRSH_TIMEOUT_MS,
                          &run->out, &run->err);
    run->elapsed_ms = (g_get_monotonic_time() - start) / 1000;
}

G_GNUC_NULL_TERMINATED static void
virsh(Run *run, const char *uri, ...)
{
    va_list ap;

    va_start(ap, uri);
    virsh_v(run, uri, ap);
    va_end(ap);
}

/* The command through qemud answers exactly as on the owner's socket:
 * exit code, stdout and stderr. Returns the answer through qemud. */
G_GNUC_NULL_TERMINATED static void
virsh_same(Run *via, const char *via_uri, const char *owner_uri, ...)
{
    Run direct = { 0 };
    va_list ap;

    va_start(ap, owner_uri);
    virsh_v(&direct, owner_uri, ap);
    va_end(ap);
    va_start(ap, owner_uri);
    virsh_v(via, via_uri, ap);
    va_end(ap);
    g_test_message("through qemud (rc %d): %s%s", via->rc, via->out, via->err);
    g_assert_cmpint(via->rc, ==, direct.rc);
    g_assert_cmpstr(via->out, ==, direct.out);
    g_assert_cmpstr(via->err, ==, direct.err);
    run_clear(&direct);
}

/* ---- daemons ------------------------------------------------------------- */

static const char *const daemon_args[] = { "--timeout", "60", NULL };

/* nodedevd on a fake SR-IOV tree below the root; debug logs so that the
 * test sees connections come and go without sleeping. */
static void
ctx_start(bool with_networkd)
{
    g_autofree char *home = NULL;

    ctx.virsh = g_find_program_in_path("virsh");
    ctx.root = mv_test_root_new();
    home = g_build_filename(ctx.root, "home", NULL);
    g_setenv("HOME", home, TRUE);
    g_setenv("XDG_CONFIG_HOME", home, TRUE);
    g_setenv("XDG_CACHE_HOME", home, TRUE);
    g_unsetenv("LIBVIRT_DEFAULT_URI");
    g_setenv("MODVIRT_LOG_LEVEL", "1", TRUE);
    mv_fake_sysfs_sriov_nic(ctx.root, 2, false);

    if (with_networkd)
        g_assert_nonnull((ctx.networkd = mv_test_daemon_start("networkd", ctx.root, daemon_args)));
    g_assert_nonnull((ctx.nodedevd = mv_test_daemon_start("nodedevd", ctx.root, daemon_args)));
    g_assert_nonnull((ctx.qemud = mv_test_daemon_start("qemud", ctx.root, daemon_args)));

    ctx.via_qemud = g_strdup_printf("qemu+unix:///system?socket=%s", ctx.qemud->rw_socket);
    ctx.via_qemud_ro = g_strdup_printf("qemu+unix:///system?socket=%s", ctx.qemud->ro_socket);
    ctx.network = g_strdup_printf("network+unix:///system?socket=%s/run/modvirt/networkd-sock",
                                  ctx.root);
    ctx.network_ro = g_strdup_printf("network+unix:///system?socket=%s/run/modvirt/networkd-sock-ro",
                                     ctx.root);
    ctx.nodedev = g_strdup_printf("nodedev+unix:///system?socket=%s", ctx.nodedevd->rw_socket);
}

static void
daemon_stop(MvTestDaemon **daemon)
{
    if (!*daemon)
        return;
    g_assert_cmpint(mv_test_daemon_stop(*daemon), ==, 0);
    (*daemon)->pid = 0;
    g_clear_pointer(daemon, mv_test_daemon_free);
}

static void
ctx_finish(void)
{
    /* qemud goes first: its backend connections close with it. */
    daemon_stop(&ctx.qemud);
    daemon_stop(&ctx.networkd);
    daemon_stop(&ctx.nodedevd);
    mv_test_root_remove(ctx.root);
    g_clear_pointer(&ctx.root, g_free);
    g_clear_pointer(&ctx.virsh, g_free);
    g_clear_pointer(&ctx.via_qemud, g_free);
    g_clear_pointer(&ctx.via_qemud_ro, g_free);
    g_clear_pointer(&ctx.network, g_free);
    g_clear_pointer(&ctx.network_ro, g_free);
    g_clear_pointer(&ctx.nodedev, g_free);
}

/* Every connection the daemon accepted is closed again: qemud's backend
 * connections go with their clients. Bounded. */
static void
wait_all_clients_closed(MvTestDaemon *daemon)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) WAIT_MS * 1000;
    unsigned int opened;
    unsigned int closed;

    do {
        opened = mv_test_count_in_file(daemon->stderr_path, " connected (");
        closed = mv_test_count_in_file(daemon->stderr_path, " closed: ");
        if (opened > 0 && opened == closed)
            return;
        g_usleep(50 * 1000);
    } while (g_get_monotonic_time() < deadline);
    g_error("modvirt-%s: %u connections accepted, %u closed", daemon->name, opened, closed);
}

/* ---- namespaces ---------------------------------------------------------- */

/* The bridges and daemons the bodies start die with the namespaces; the
 * host's network is untouched. */
static const MvTestNsConfig ns_config = {
    .flags = MV_TEST_NS_MOUNT_PROC,
    .timeout_ms = NS_TEST_TIMEOUT_MS,
};

/* Skips, saying why, when something the test needs is missing. */
static bool
require(bool need_namespaces)
{
    const char *names[] = { "qemud", "networkd", "nodedevd" };
    g_autofree char *virsh = g_find_program_in_path("virsh");
    g_autofree char *nft = g_find_program_in_path("nft");

    if (!virsh) {
        g_test_skip("Debian's virsh is not installed (package libvirt-clients)");
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *binary = mv_test_daemon_binary(names[i]);

        if (!binary) {
            g_test_skip("MODVIRT_BUILDDIR is not set or a daemon is not built");
            return false;
        }
    }
    if (need_namespaces && geteuid() != 0) {
        g_test_skip("needs root for network namespaces, bridges and nftables");
        return false;
    }
    if (need_namespaces && !nft && !g_file_test("/usr/sbin/nft", G_FILE_TEST_IS_EXECUTABLE)) {
        g_test_skip("'nft' is not installed");
        return false;
    }
    return true;
}

/* ---- scenarios ----------------------------------------------------------- */

/* net-define, net-start, net-list, net-dumpxml, net-info, net-destroy and
 * net-undefine through qemud, each answered as networkd answers it. */
static void
body_network(gconstpointer data)
{
    g_autofree char *xml_path = NULL;
    Run run = { 0 };

    ctx_start(true);
    xml_path = g_build_filename(ctx.root, "fw1.xml", NULL);
    g_assert_true(g_file_set_contents(xml_path, net_xml, -1, NULL));

    virsh(&run, ctx.via_qemud, "net-define", xml_path, NULL);
    g_assert_cmpint(run.rc, ==, 0);
    g_assert_nonnull(strstr(run.out, "Network fw1 defined"));
    virsh_same(&run, ctx.via_qemud, ctx.network, "net-list", "--all", NULL);
    g_assert_nonnull(strstr(run.out, "fw1"));

    virsh(&run, ctx.via_qemud, "net-start", "fw1", NULL);
    g_assert_cmpint(run.rc, ==, 0);
    g_assert_nonnull(strstr(run.out, "Network fw1 started"));
    virsh_same(&run, ctx.via_qemud, ctx.network, "net-list", NULL);
    g_assert_nonnull(strstr(run.out, "active"));
    virsh_same(&run, ctx.via_qemud, ctx.network, "net-dumpxml", "fw1", NULL);
    g_assert_nonnull(strstr(run.out, "<bridge name='mvfw0'"));
    virsh_same(&run, ctx.via_qemud, ctx.network, "net-info", "fw1", NULL);
    virsh_same(&run, ctx.via_qemud, ctx.network, "net-uuid", "fw1", NULL);
    virsh_same(&run, ctx.via_qemud, ctx.network, "net-dumpxml", "nosuch", NULL);
    g_assert_cmpint(run.rc, ==, 1);

    virsh(&run, ctx.via_qemud, "net-destroy", "fw1", NULL);
    g_assert_cmpint(run.rc, ==, 0);
    g_assert_nonnull(strstr(run.out, "Network fw1 destroyed"));
    virsh_same(&run, ctx.via_qemud, ctx.network, "net-list", "--all", NULL);
    g_assert_nonnull(strstr(run.out, "inactive"));
    virsh(&run, ctx.via_qemud, "net-undefine", "fw1", NULL);
    g_assert_cmpint(run.rc, ==, 0);
    virsh_same(&run, ctx.via_qemud, ctx.network, "net-list", "--all", NULL);
    g_assert_null(strstr(run.out, "fw1"));

    /* qemud's own calls still go to qemud. */
    virsh(&run, ctx.via_qemud, "list", "--all", NULL);
    g_assert_cmpint(run.rc, ==, 0);

    /* Each virsh made one backend connection to networkd; all closed. */
    wait_all_clients_closed(ctx.networkd);
    run_clear(&run);
    ctx_finish();
}

/* virsh net-event through qemud gets networkd's lifecycle events. */
static void
body_events(gconstpointer data)
{
    g_autofree char *xml_path = NULL;
    g_autofree char *out_path = NULL;
    g_autofree char *out = NULL;
    Run run = { 0 };
    int status = 0;
    pid_t pid;

    ctx_start(true);
    xml_path = g_build_filename(ctx.root, "fw1.xml", NULL);
    out_path = g_build_filename(ctx.root, "net-event.out", NULL);
    g_assert_true(g_file_set_contents(xml_path, net_xml, -1, NULL));
    {
        const char *const argv[] = {
            ctx.virsh, "-c", ctx.via_qemud, "net-event", "--event", "lifecycle", "--loop",
            "--timeout", "60", NULL,
        };

        pid = mv_test_spawn(argv, out_path, NULL);
    }
    g_assert_cmpint(pid, >, 0);
    if (!mv_test_wait_file_contains(ctx.networkd->stderr_path,
                                    "network event 0 registered as callback 1", WAIT_MS))
        g_error("the registration through qemud did not reach networkd");

    virsh(&run, ctx.network, "net-define", xml_path, NULL);
    g_assert_cmpint(run.rc, ==, 0);
    virsh(&run, ctx.network, "net-start", "fw1", NULL);
    g_assert_cmpint(run.rc, ==, 0);
    virsh(&run, ctx.network, "net-destroy", "fw1", NULL);
    g_assert_cmpint(run.rc, ==, 0);
    virsh(&run, ctx.network, "net-undefine", "fw1", NULL);
    g_assert_cmpint(run.rc, ==, 0);

    /* Once the last event is there, virsh is interrupted as by ^C; its
     * --timeout bounds it should the interrupt be lost. */
    g_assert_true(mv_test_interrupt_after_output(pid, out_path, "Undefined", 3 * WAIT_MS,
                                                 &status));
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    g_assert_true(g_file_get_contents(out_path, &out, NULL, NULL));
    g_test_message("virsh net-event through qemud: %s", out);
    g_assert_true(g_str_has_prefix(out,
                                   "event 'lifecycle' for network fw1: Defined\n"
                                   "event 'lifecycle' for network fw1: Started\n"
                                   "event 'lifecycle' for network fw1: Stopped\n"
                                   "event 'lifecycle' for network fw1: Undefined\n"));
    g_assert_nonnull(strstr(out, "events received: 4\n"));
    wait_all_clients_closed(ctx.networkd);
    run_clear(&run);
    ctx_finish();
}

static void
test_network(void)
{
    if (require(true))
        mv_test_ns_run(&ns_config, body_network, NULL);
}

static void
test_events(void)
{
    if (require(true))
        mv_test_ns_run(&ns_config, body_events, NULL);
}

/* nodedev-list and nodedev-dumpxml through qemud, as from nodedevd. */
static void
test_nodedev(void)
{
    Run run = { 0 };

    if (!require(false))
        return;
    ctx_start(false);
    virsh_same(&run, ctx.via_qemud, ctx.nodedev, "nodedev-list", NULL);
    g_assert_nonnull(strstr(run.out, "pci_0000_03_00_0"));
    virsh_same(&run, ctx.via_qemud, ctx.nodedev, "nodedev-list", "--cap", "net", NULL);
    g_assert_nonnull(strstr(run.out, "net_eth0_52_54_00_aa_00_00"));
    virsh_same(&run, ctx.via_qemud, ctx.nodedev, "nodedev-dumpxml", "pci_0000_03_00_0", NULL);
    g_assert_nonnull(strstr(run.out, "<capability type='virt_functions'"));
    virsh_same(&run, ctx.via_qemud, ctx.nodedev, "nodedev-dumpxml", "nosuch", NULL);
    g_assert_cmpint(run.rc, ==, 1);
    wait_all_clients_closed(ctx.nodedevd);
    run_clear(&run);
    ctx_finish();
}

/* qemud-sock-ro: reads pass, writes are refused as on networkd-sock-ro. */
static void
test_read_only(void)
{
    g_autofree char *xml_path = NULL;
    Run run = { 0 };

    if (!require(false))
        return;
    ctx_start(true);
    xml_path = g_build_filename(ctx.root, "fw1.xml", NULL);
    g_assert_true(g_file_set_contents(xml_path, net_xml, -1, NULL));

    virsh_same(&run, ctx.via_qemud_ro, ctx.network_ro, "net-list", "--all", NULL);
    g_assert_cmpint(run.rc, ==, 0);
    virsh_same(&run, ctx.via_qemud_ro, ctx.network_ro, "net-define", xml_path, NULL);
    g_assert_cmpint(run.rc, ==, 1);
    g_assert_nonnull(strstr(run.err, "operation forbidden"));
    /* Nothing was defined behind the refusal. */
    virsh(&run, ctx.network, "net-list", "--all", NULL);
    g_assert_null(strstr(run.out, "fw1"));
    /* VIR_CONNECT_RO on the read-write socket is refused the same way. */
    virsh(&run, ctx.via_qemud, "--readonly", "net-define", xml_path, NULL);
    g_assert_cmpint(run.rc, ==, 1);
    g_assert_nonnull(strstr(run.err, "operation forbidden"));
    run_clear(&run);
    ctx_finish();
}

/* modvirt-xend and modvirt-lxcd forward the same way (daemons/common). */
static void
test_other_hypervisors(void)
{
    const char *names[] = { "xend", "lxcd" };
    const char *schemes[] = { "xen", "lxc" };
    Run run = { 0 };

    if (!require(false))
        return;
    ctx_start(true);
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autoptr(MvTestDaemon) daemon = mv_test_daemon_start(names[i], ctx.root, daemon_args);
        g_autofree char *uri = NULL;

        g_assert_nonnull(daemon);
        uri = g_strdup_printf("%s+unix:///system?socket=%s", schemes[i], daemon->rw_socket);
        virsh_same(&run, uri, ctx.network, "net-list", "--all", NULL);
        g_assert_cmpint(run.rc, ==, 0);
        virsh_same(&run, uri, ctx.nodedev, "nodedev-list", NULL);
        g_assert_nonnull(strstr(run.out, "pci_0000_03_00_0"));
        g_assert_cmpint(mv_test_daemon_stop(daemon), ==, 0);
        daemon->pid = 0;
    }
    run_clear(&run);
    ctx_finish();
}

/* No networkd: a network call through qemud fails at once, naming the
 * daemon and its socket; qemud serves on, and reaches networkd once it runs. */
static void
test_missing_owner(void)
{
    g_autofree char *want = NULL;
    Run run = { 0 };

    if (!require(false))
        return;
    ctx_start(false);
    want = g_strdup_printf("cannot connect to modvirt-networkd on '%s/run/modvirt/networkd-sock'",
                           ctx.root);

    virsh(&run, ctx.via_qemud, "net-list", "--all", NULL);
    g_test_message("rc %d after %" G_GINT64_FORMAT " ms: %s", run.rc, run.elapsed_ms, run.err);
    g_assert_cmpint(run.rc, ==, 1);
    g_assert_nonnull(strstr(run.err, want));
    g_assert_cmpint(run.elapsed_ms, <, FAIL_FAST_MS);

    virsh(&run, ctx.via_qemud, "list", "--all", NULL);
    g_assert_cmpint(run.rc, ==, 0);

    g_assert_nonnull((ctx.networkd = mv_test_daemon_start("networkd", ctx.root, daemon_args)));
    virsh_same(&run, ctx.via_qemud, ctx.network, "net-list", "--all", NULL);
    g_assert_cmpint(run.rc, ==, 0);
    run_clear(&run);
    ctx_finish();
}

/* python3-libvirt through qemud: the lists are networkd's and nodedevd's,
 * a define on the read-only socket raises VIR_ERR_OPERATION_DENIED, and a
 * networkd that goes away and comes back is seen on the same connection. */
static const char python_script[] =
    "import sys, libvirt\n"
    "via, via_ro, net, nodedev = sys.argv[1:5]\n"
    "c = libvirt.open(via)\n"
    "nets = sorted(n.name() for n in c.listAllNetworks())\n"
    "devs = sorted(d.name() for d in c.listAllDevices())\n"
    "assert nets == sorted(n.name() for n in libvirt.open(net).listAllNetworks()), nets\n"
    "assert devs == sorted(d.name() for d in libvirt.open(nodedev).listAllDevices()), devs\n"
    "assert 'pci_0000_03_00_0' in devs, devs\n"
    "assert c.nodeDeviceLookupByName('pci_0000_03_00_0').XMLDesc().startswith('<device>')\n"
    "ro = libvirt.openReadOnly(via_ro)\n"
    "assert sorted(n.name() for n in ro.listAllNetworks()) == nets\n"
    "try:\n"
    "    ro.networkDefineXML(\"<network><name>fw2</name><bridge name='mvfw2'/></network>\")\n"
    "    sys.exit('define on the read-only socket succeeded')\n"
    "except libvirt.libvirtError as e:\n"
    "    assert e.get_error_code() == libvirt.VIR_ERR_OPERATION_DENIED, e.get_error_code()\n"
    "n = c.networkDefineXML(\"<network><name>fw2</name><bridge name='mvfw2'/></network>\")\n"
    "assert libvirt.open(net).networkLookupByName('fw2').UUIDString() == n.UUIDString()\n"
    "n.undefine()\n"
    /* networkd dies under an open connection: the call fails at once, and
     * the same connection reaches a new networkd. */
    "import os, signal, subprocess, time\n"
    "networkd_pid, networkd_bin, root = int(sys.argv[5]), sys.argv[6], sys.argv[7]\n"
    "sock = root + '/run/modvirt/networkd-sock'\n"
    "os.kill(networkd_pid, signal.SIGTERM)\n"
    "for i in range(100):\n"
    "    if not os.path.exists(sock): break\n"
    "    time.sleep(0.1)\n"
    "start = time.monotonic()\n"
    "try:\n"
    "    c.listAllNetworks()\n"
    "    sys.exit('a network call without networkd succeeded')\n"
    "except libvirt.libvirtError as e:\n"
    "    assert 'modvirt-networkd' in str(e) and sock in str(e), str(e)\n"
    "assert time.monotonic() - start < 3, time.monotonic() - start\n"
    "assert c.listAllDomains() == []\n"
    "p = subprocess.Popen([networkd_bin, '--root', root, '--timeout', '30'],\n"
    "                     stderr=subprocess.DEVNULL)\n"
    "try:\n"
    "    for i in range(100):\n"
    "        if os.path.exists(sock): break\n"
    "        time.sleep(0.1)\n"
    "    assert sorted(n.name() for n in c.listAllNetworks()) == nets\n"
    "finally:\n"
    "    p.terminate()\n"
    "    p.wait(timeout=10)\n"
    "print('ok')\n";

static void
test_python(void)
{
    const char *python = "/usr/bin/python3";
    g_autofree char *networkd_bin = NULL;
    g_autofree char *networkd_pid = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int rc;

    if (!require(false))
        return;
    if (!g_file_test(python, G_FILE_TEST_IS_EXECUTABLE)) {
        g_test_skip("/usr/bin/python3 is not installed");
        return;
    }
    {
        const char *const argv[] = { python, "-c", "import libvirt", NULL };

        if (mv_test_run(argv, VIRSH_TIMEOUT_MS, NULL, NULL) != 0) {
            g_test_skip("python3-libvirt is not installed");
            return;
        }
    }
    ctx_start(true);
    networkd_bin = mv_test_daemon_binary("networkd");
    networkd_pid = g_strdup_printf("%d", (int) ctx.networkd->pid);
    {
        const char *const argv[] = {
            python, "-c", python_script, ctx.via_qemud, ctx.via_qemud_ro, ctx.network,
            ctx.nodedev, networkd_pid, networkd_bin, ctx.root, NULL,
        };

        rc = mv_test_run(argv, 2 * VIRSH_TIMEOUT_MS, &out, &err);
    }
    g_test_message("python3: rc %d: %s%s", rc, out, err);
    g_assert_cmpint(rc, ==, 0);
    g_assert_cmpstr(out, ==, "ok\n");
    /* The script stopped the first networkd (SIGTERM: exit 0), and its own. */
    ctx_finish();
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/route-forward/nodedev", test_nodedev);
    g_test_add_func("/route-forward/read-only", test_read_only);
    g_test_add_func("/route-forward/missing-owner", test_missing_owner);
    g_test_add_func("/route-forward/python", test_python);
    g_test_add_func("/route-forward/other-hypervisors", test_other_hypervisors);
    g_test_add_func("/route-forward/network", test_network);
    g_test_add_func("/route-forward/events", test_events);
    return g_test_run();
}
