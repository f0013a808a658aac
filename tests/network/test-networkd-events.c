/* Network lifecycle events from modvirt-networkd, inside namespaces the test makes: through libmodvirt's event loop and through Debian's virsh net-event. */
#include <libvirt/libvirt.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netns.h"
#include "protocol/remote.h"
#include "testutil.h"

/* libvirt's VIR_NETWORK_EVENT_CALLBACK casts between function types, as
 * every libvirt program registering events does. */
#pragma GCC diagnostic ignored "-Wcast-function-type"

/* The whole scenario, and each program it runs, are bounded. */
#define NS_TEST_TIMEOUT_MS 120000
#define EVENT_WAIT_MS 20000
/* virsh's last line, under any load: within the scenario's bound. */
#define LAST_EVENT_WAIT_MS 60000
#define UNDEFINED_LINE "event 'lifecycle' for network ev1: Undefined\n"

/* No <ip>: a bridge and its table, no dnsmasq to wait for. */
static const char net_xml[] =
    "<network>\n"
    "  <name>ev1</name>\n"
    "  <bridge name='mvev0'/>\n"
    "</network>\n";

/* Whatever the body starts dies with the namespaces; the host's network is untouched. */
static const MvTestNsConfig ns_config = {
    .flags = MV_TEST_NS_MOUNT_PROC,
    .timeout_ms = NS_TEST_TIMEOUT_MS,
};

static bool
require(bool need_virsh)
{
    g_autofree char *daemon = mv_test_daemon_binary("networkd");
    g_autofree char *nft = g_find_program_in_path("nft");
    g_autofree char *virsh = g_find_program_in_path("virsh");

    if (geteuid() != 0) {
        g_test_skip("needs root for network namespaces, bridges and nftables");
        return false;
    }
    if (!daemon) {
        g_test_skip("MODVIRT_BUILDDIR is not set or modvirt-networkd is not built");
        return false;
    }
    if (!nft && !g_file_test("/usr/sbin/nft", G_FILE_TEST_IS_EXECUTABLE)) {
        g_test_skip("'nft' is not installed");
        return false;
    }
    if (need_virsh && !virsh) {
        g_test_skip("Debian's virsh is not installed");
        return false;
    }
    return true;
}

/* ---- inside the namespaces ----------------------------------------------- */

typedef struct {
    char *root;
    char *uri;
    MvTestDaemon *daemon;
} Ctx;

static Ctx ctx;

/* Debug logs let the test see a registration arrive (no sleeps). */
static void
daemon_start(void)
{
    ctx.root = mv_test_root_new();
    g_setenv("MODVIRT_LOG_LEVEL", "1", TRUE);
    ctx.daemon = mv_test_daemon_start("networkd", ctx.root, NULL);
    g_assert_nonnull(ctx.daemon);
    ctx.uri = g_strdup_printf("network+unix:///system?socket=%s", ctx.daemon->rw_socket);
}

static void
daemon_finish(void)
{
    g_assert_cmpint(mv_test_daemon_stop(ctx.daemon), ==, 0);
    ctx.daemon->pid = 0;
    g_clear_pointer(&ctx.daemon, mv_test_daemon_free);
    mv_test_root_remove(ctx.root);
    g_clear_pointer(&ctx.root, g_free);
    g_clear_pointer(&ctx.uri, g_free);
}

/* define, start, destroy, undefine ev1 on a connection of its own. */
static void
lifecycle_on_other_connection(void)
{
    virConnectPtr conn = virConnectOpen(ctx.uri);
    virNetworkPtr net;

    g_assert_nonnull(conn);
    net = virNetworkDefineXML(conn, net_xml);
    g_assert_nonnull(net);
    g_assert_cmpint(virNetworkCreate(net), ==, 0);
    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    g_assert_cmpint(virNetworkUndefine(net), ==, 0);
    virNetworkFree(net);
    g_assert_cmpint(virConnectClose(conn), ==, 0);
}

typedef struct {
    GString *seen;              /* "name:event:detail " per event */
    int count;
    int freed;
} Seen;

static void
on_lifecycle(virConnectPtr conn, virNetworkPtr net, int event, int detail, void *opaque)
{
    Seen *seen = opaque;

    g_assert_nonnull(conn);
    g_string_append_printf(seen->seen, "%s:%d:%d ", virNetworkGetName(net), event, detail);
    seen->count++;
}

static void
on_free(void *opaque)
{
    ((Seen *) opaque)->freed++;
}

static void
on_tick(int timer, void *opaque)
{
}

/* Runs the default event loop until want events arrived, bounded. */
static void
wait_events(Seen *seen, int want)
{
    gint64 deadline = g_get_monotonic_time() + EVENT_WAIT_MS * 1000;
    int tick = virEventAddTimeout(50, on_tick, NULL, NULL);

    g_assert_cmpint(tick, >=, 0);
    while (seen->count < want && g_get_monotonic_time() < deadline)
        g_assert_cmpint(virEventRunDefaultImpl(), ==, 0);
    virEventRemoveTimeout(tick);
    if (seen->count < want)
        g_error("%d of %d network events arrived: %s", seen->count, want, seen->seen->str);
}

static void
body_api(gconstpointer data)
{
    Seen all = { .seen = g_string_new("") };
    Seen other = { .seen = g_string_new("") };
    virConnectPtr conn;
    virNetworkPtr unrelated;
    int id_all;
    int id_other;

    G_STATIC_ASSERT(REMOTE_PROC_CONNECT_NETWORK_EVENT_REGISTER_ANY == 313);
    G_STATIC_ASSERT(REMOTE_PROC_CONNECT_NETWORK_EVENT_DEREGISTER_ANY == 314);
    G_STATIC_ASSERT(REMOTE_PROC_NETWORK_EVENT_LIFECYCLE == 315);

    daemon_start();
    g_assert_cmpint(virEventRegisterDefaultImpl(), ==, 0);
    conn = virConnectOpen(ctx.uri);
    g_assert_nonnull(conn);

    id_all = virConnectNetworkEventRegisterAny(conn, NULL, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                               VIR_NETWORK_EVENT_CALLBACK(on_lifecycle), &all,
                                               on_free);
    g_assert_cmpint(id_all, >=, 0);
    /* A filter on another network's handle: nothing of ev1 reaches it. */
    unrelated = virNetworkDefineXML(conn, "<network><name>other</name>"
                                          "<bridge name='mvev1'/></network>");
    g_assert_nonnull(unrelated);
    wait_events(&all, 1);
    g_assert_cmpstr(all.seen->str, ==, "other:0:0 ");
    g_string_truncate(all.seen, 0);
    all.count = 0;
    id_other = virConnectNetworkEventRegisterAny(conn, unrelated, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                                 VIR_NETWORK_EVENT_CALLBACK(on_lifecycle),
                                                 &other, on_free);
    g_assert_cmpint(id_other, >=, 0);
    g_assert_cmpint(id_other, !=, id_all);

    lifecycle_on_other_connection();
    wait_events(&all, 4);
    g_assert_cmpstr(all.seen->str, ==, "ev1:0:0 ev1:2:0 ev1:3:0 ev1:1:0 ");

    /* The filtered one sees its own network's undefine only. */
    g_assert_cmpint(virNetworkUndefine(unrelated), ==, 0);
    wait_events(&other, 1);
    g_assert_cmpstr(other.seen->str, ==, "other:1:0 ");

    g_assert_cmpint(virConnectNetworkEventDeregisterAny(conn, id_other), ==, 0);
    g_assert_cmpint(other.freed, ==, 1);
    /* A domain-event deregister does not take a network registration. */
    g_assert_cmpint(virConnectDomainEventDeregisterAny(conn, id_all), ==, -1);
    g_assert_cmpint(virConnectNetworkEventDeregisterAny(conn, id_all), ==, 0);
    g_assert_cmpint(all.freed, ==, 1);
    g_assert_cmpint(virConnectNetworkEventDeregisterAny(conn, id_all), ==, -1);
    /* Bad event ids are refused before any call. */
    g_assert_cmpint(virConnectNetworkEventRegisterAny(conn, NULL, 1,
                                                      VIR_NETWORK_EVENT_CALLBACK(on_lifecycle),
                                                      NULL, NULL), ==, -1);

    virNetworkFree(unrelated);
    g_assert_cmpint(virConnectClose(conn), ==, 0);
    g_string_free(all.seen, TRUE);
    g_string_free(other.seen, TRUE);
    daemon_finish();
}

/* The registration of the n-th callback shows in networkd's debug log. */
static void
wait_registered(int callback_id)
{
    g_autofree char *needle =
        g_strdup_printf("network event 0 registered as callback %d", callback_id);

    if (!mv_test_wait_file_contains(ctx.daemon->stderr_path, needle, EVENT_WAIT_MS))
        g_error("networkd did not log '%s'", needle);
}

static void
body_virsh(gconstpointer data)
{
    g_autofree char *virsh = g_find_program_in_path("virsh");
    g_autofree char *out_path = NULL;
    g_autofree char *out = NULL;
    int status = 0;
    pid_t pid;

    daemon_start();
    out_path = g_build_filename(ctx.root, "virsh-net-event.out", NULL);
    {
        const char *const argv[] = {
            virsh, "-c", ctx.uri, "net-event", "--event", "lifecycle", "--loop", NULL,
        };

        pid = mv_test_spawn(argv, out_path, NULL);
    }
    g_assert_cmpint(pid, >, 0);
    wait_registered(1);
    lifecycle_on_other_connection();
    /* Once the last event is printed, virsh is interrupted as by ^C: a
     * busy machine only makes the wait longer. */
    g_assert_true(mv_test_interrupt_after_output(pid, out_path, UNDEFINED_LINE, LAST_EVENT_WAIT_MS,
                                                 &status));
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    g_assert_true(g_file_get_contents(out_path, &out, NULL, NULL));
    g_assert_cmpstr(out, ==,
                    "event 'lifecycle' for network ev1: Defined\n"
                    "event 'lifecycle' for network ev1: Started\n"
                    "event 'lifecycle' for network ev1: Stopped\n"
                    UNDEFINED_LINE
                    "event loop interrupted\n"
                    "events received: 4\n"
                    "\n");
    daemon_finish();
}

static void
test_api(void)
{
    if (require(false))
        mv_test_ns_run(&ns_config, body_api, NULL);
}

static void
test_virsh(void)
{
    if (require(true))
        mv_test_ns_run(&ns_config, body_virsh, NULL);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/network/events/api", test_api);
    g_test_add_func("/network/events/virsh", test_virsh);
    return g_test_run();
}
