/* modvirt's internal program over a real networkd (networkd-fake-netlink on the FAKE SR-IOV NIC under --root): the hostdev VF port procedures, who may call them, and recovery after kill -9. */
#define MV_LOG_MODULE "tests.network.internal"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include <string.h>
#include <unistd.h>

#include "fakehostdev.h"
#include "protocol/internal.h"
#include "protocol/remote.h"
#include "rpc/internal_client.h"
#include "util/error.h"
#include "util/uuid.h"

#define CALL_TIMEOUT_MS 10000

#define OWNER1 "c7a5fdbd-edaf-9455-926a-d65c16db1801"
#define OWNER2 "c7a5fdbd-edaf-9455-926a-d65c16db1802"
#define PORT_A "5e1d0c3a-7f4b-4c2e-8a9d-0b1c2d3e4f01"
#define PORT_B "5e1d0c3a-7f4b-4c2e-8a9d-0b1c2d3e4f02"
#define PORT_C "5e1d0c3a-7f4b-4c2e-8a9d-0b1c2d3e4f03"

typedef struct {
    MvTestHostdev *hd;
    char *stderr_path;
    char *rw_sock;
    char *ro_sock;
} Ctx;

static Ctx ctx;

static char *
port_xml(const char *uuid, const char *owner, const char *owner_uuid, const char *mac,
         const char *function, const char *vlan)
{
    return g_strdup_printf("<networkport>\n"
                           "  <uuid>%s</uuid>\n"
                           "  <owner>\n    <name>%s</name>\n    <uuid>%s</uuid>\n  </owner>\n"
                           "  <mac address='%s'/>\n"
                           "%s"
                           "  <plug type='hostdev-pci' managed='yes'>\n"
                           "    <address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='%s'/>\n"
                           "  </plug>\n"
                           "</networkport>\n", uuid, owner, owner_uuid, mac, vlan, function);
}

static char *
hostdev_file(const char *uuid, const char *suffix)
{
    g_autofree char *name = g_strdup_printf("%s.%s", uuid, suffix);

    return g_build_filename(ctx.hd->root, "run", "modvirt", "network", "hostdev", name, NULL);
}

static void
uuid_of(const char *text, unsigned char *ret_uuid)
{
    g_assert_cmpint(mv_uuid_parse(text, ret_uuid), ==, 0);
}

/* Create sets MAC and VLAN on the fake PF; a second port on the same VF
 * is refused naming its holder; delete restores; a second delete says
 * there is no such port. */
static void
step_create_delete(void)
{
    g_autoptr(MvRpcClient) client = mv_internal_client_open(ctx.rw_sock, CALL_TIMEOUT_MS);
    g_autofree char *xml_a = port_xml(PORT_A, "guest1", OWNER1, "52:54:00:6d:90:11", "0x1",
                                      "  <vlan>\n    <tag id='42'/>\n  </vlan>\n");
    g_autofree char *xml_b = port_xml(PORT_B, "guest2", OWNER2, "52:54:00:6d:90:12", "0x1", "");
    g_autofree char *answer = NULL;
    g_autofree char *log = NULL;
    g_autofree char *now = NULL;
    g_autofree char *xml_path = hostdev_file(PORT_A, "xml");
    g_autofree char *vf_path = hostdev_file(PORT_A, "vf");
    unsigned char uuid[MV_UUID_BUFLEN];

    g_assert_nonnull(client);
    answer = mv_internal_hostdev_port_create(client, xml_a);
    if (!answer)
        g_error("create failed: %s", mv_error_last_message());
    mv_test_hostdev_assert_contains(ctx.hd, answer, "<uuid>" PORT_A "</uuid>");
    mv_test_hostdev_assert_contains(ctx.hd, answer, "<plug type='hostdev-pci' managed='yes'>");
    mv_test_hostdev_assert_contains(ctx.hd, answer, "bus='0x03' slot='0x10' function='0x1'/>");
    log = mv_test_hostdev_take_requests(ctx.hd);
    g_assert_cmpstr(log, ==, "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:11 vlan=42 qos=0\n");
    now = mv_test_hostdev_vf_now(ctx.hd, 1);
    g_assert_cmpstr(now, ==, "52:54:00:6d:90:11/42");
    g_assert_true(g_file_test(xml_path, G_FILE_TEST_EXISTS));
    g_assert_true(g_file_test(vf_path, G_FILE_TEST_EXISTS));

    g_assert_null(mv_internal_hostdev_port_create(client, xml_b));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpstr(mv_error_last_message(), ==,
                    "Requested operation is not valid: PCI device 0000:03:10.1 is in use by domain guest1 (network port " PORT_A ")");
    g_clear_pointer(&log, g_free);
    log = mv_test_hostdev_take_requests(ctx.hd);
    g_assert_cmpstr(log, ==, "");

    /* The same port twice. */
    g_assert_null(mv_internal_hostdev_port_create(client, xml_a));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_NETWORK_PORT_EXIST);

    /* Not a networkport document. */
    g_assert_null(mv_internal_hostdev_port_create(client, "<network/>"));
    mv_test_hostdev_assert_contains(ctx.hd, mv_error_last_message(), "networkport");

    uuid_of(PORT_A, uuid);
    g_assert_cmpint(mv_internal_hostdev_port_delete(client, uuid), ==, 0);
    g_clear_pointer(&log, g_free);
    log = mv_test_hostdev_take_requests(ctx.hd);
    g_assert_cmpstr(log, ==, "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
    g_clear_pointer(&now, g_free);
    now = mv_test_hostdev_vf_now(ctx.hd, 1);
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a1/5");
    g_assert_false(g_file_test(xml_path, G_FILE_TEST_EXISTS));
    g_assert_false(g_file_test(vf_path, G_FILE_TEST_EXISTS));

    g_assert_cmpint(mv_internal_hostdev_port_delete(client, uuid), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_NO_NETWORK_PORT);
    mv_test_hostdev_assert_contains(ctx.hd, mv_error_last_message(), "Network port with UUID " PORT_A " does not exist");

    /* The VF is free again: guest2 gets it. */
    g_clear_pointer(&answer, g_free);
    answer = mv_internal_hostdev_port_create(client, xml_b);
    g_assert_nonnull(answer);
    uuid_of(PORT_B, uuid);
    g_assert_cmpint(mv_internal_hostdev_port_delete(client, uuid), ==, 0);
    g_free(mv_test_hostdev_take_requests(ctx.hd));
}

/* The read-only socket, a read-only open and a connection not opened yet
 * are all refused before networkd touches anything. */
static void
step_refused(void)
{
    g_autoptr(MvRpcClient) ro = mv_internal_client_open(ctx.ro_sock, CALL_TIMEOUT_MS);
    g_autoptr(MvRpcClient) raw = mv_rpc_client_new_unix(ctx.rw_sock, CALL_TIMEOUT_MS);
    g_autoptr(MvRpcClient) ro_open = mv_rpc_client_new_unix(ctx.rw_sock, CALL_TIMEOUT_MS);
    g_autofree char *xml_a = port_xml(PORT_A, "guest1", OWNER1, "52:54:00:6d:90:11", "0x1", "");
    g_autofree char *log = NULL;
    g_autofree char *a_vf = hostdev_file(PORT_A, "vf");
    remote_connect_open_args open_ro = { .name = NULL, .flags = 1 /* VIR_CONNECT_RO */ };
    unsigned char uuid[MV_UUID_BUFLEN];

    g_assert_nonnull(ro);
    g_assert_null(mv_internal_hostdev_port_create(ro, xml_a));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_DENIED);
    uuid_of(PORT_A, uuid);
    g_assert_cmpint(mv_internal_hostdev_port_delete(ro, uuid), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_DENIED);

    g_assert_nonnull(raw);
    g_assert_null(mv_internal_hostdev_port_create(raw, xml_a));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INTERNAL_ERROR);
    mv_test_hostdev_assert_contains(ctx.hd, mv_error_last_message(), "connection not open");

    g_assert_nonnull(ro_open);
    g_assert_cmpint(mv_rpc_client_call(ro_open, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION,
                                       REMOTE_PROC_CONNECT_OPEN,
                                       (xdrproc_t) xdr_remote_connect_open_args, &open_ro,
                                       NULL, NULL), ==, 0);
    g_assert_null(mv_internal_hostdev_port_create(ro_open, xml_a));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_DENIED);

    log = mv_test_hostdev_take_requests(ctx.hd);
    g_assert_cmpstr(log, ==, "");
    g_assert_false(g_file_test(a_vf, G_FILE_TEST_EXISTS));
}

/* kill -9 with a port held: the port is back after the restart and delete
 * still restores; a VF state saved without its port file (the daemon died
 * in between) is restored by the restart itself. */
static void
step_restart(void)
{
    g_autofree char *xml_a = port_xml(PORT_A, "guest1", OWNER1, "52:54:00:6d:90:11", "0x1", "");
    g_autofree char *xml_c = port_xml(PORT_C, "guest3", OWNER2, "52:54:00:6d:90:13", "0x2",
                                      "  <vlan>\n    <tag id='9'/>\n  </vlan>\n");
    g_autofree char *answer_a = NULL;
    g_autofree char *answer_c = NULL;
    g_autofree char *log = NULL;
    g_autofree char *now = NULL;
    g_autofree char *c_xml = hostdev_file(PORT_C, "xml");
    g_autofree char *c_vf = hostdev_file(PORT_C, "vf");
    unsigned char uuid[MV_UUID_BUFLEN];

    {
        g_autoptr(MvRpcClient) client = mv_internal_client_open(ctx.rw_sock, CALL_TIMEOUT_MS);

        g_assert_nonnull(client);
        answer_a = mv_internal_hostdev_port_create(client, xml_a);
        answer_c = mv_internal_hostdev_port_create(client, xml_c);
        g_assert_nonnull(answer_a);
        g_assert_nonnull(answer_c);
    }
    g_free(mv_test_hostdev_take_requests(ctx.hd));
    mv_test_hostdev_kill9(&ctx.hd->networkd);
    /* As if networkd had died after saving VF 2's state, before its port file. */
    g_assert_cmpint(unlink(c_xml), ==, 0);
    mv_test_hostdev_networkd_spawn(ctx.hd);
    /* A call answered: the daemon's start (its recovery) is over. */
    {
        g_autoptr(MvRpcClient) client = mv_internal_client_open(ctx.rw_sock, CALL_TIMEOUT_MS);

        g_assert_nonnull(client);
    }

    log = mv_test_hostdev_take_requests(ctx.hd);
    g_assert_cmpstr(log, ==, "set_vf ifindex=7 vf=2 mac=02:00:00:00:00:a2 vlan=0 qos=0\n");
    g_assert_false(g_file_test(c_vf, G_FILE_TEST_EXISTS));
    now = mv_test_hostdev_vf_now(ctx.hd, 2);
    g_assert_cmpstr(now, ==, "02:00:00:00:00:a2/0");

    {
        g_autoptr(MvRpcClient) client = mv_internal_client_open(ctx.rw_sock, CALL_TIMEOUT_MS);
        g_autofree char *xml_b = port_xml(PORT_B, "guest2", OWNER2, "52:54:00:6d:90:12", "0x1", "");

        g_assert_nonnull(client);
        /* Port A still holds VF 1. */
        g_assert_null(mv_internal_hostdev_port_create(client, xml_b));
        mv_test_hostdev_assert_contains(ctx.hd, mv_error_last_message(), "in use by domain guest1");
        uuid_of(PORT_A, uuid);
        g_assert_cmpint(mv_internal_hostdev_port_delete(client, uuid), ==, 0);
    }
    g_clear_pointer(&log, g_free);
    log = mv_test_hostdev_take_requests(ctx.hd);
    g_assert_cmpstr(log, ==, "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");
}

static bool
wait_file(const char *path, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

    while (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(10 * 1000);
    }
    return true;
}

/* A client's first answer after a restart, taken in a thread: what the
 * fake kernel held for VF 1 when connect-open came back. */
static gpointer
first_answer_thread(gpointer data)
{
    g_autoptr(MvRpcClient) client = mv_internal_client_open(ctx.rw_sock, 60000);

    (void) data;
    return client ? mv_test_hostdev_vf_now(ctx.hd, 1) : g_strdup("(no answer)");
}

/* A restore the PF refuses (FAKE fail-set) keeps the VF's state file and
 * its saved values; the VF is handed out to no one while a retry fails;
 * the next start restores it, and a client that connects while that
 * start is still restoring gets its first answer only afterwards. */
static void
step_failed_restore(void)
{
    g_autofree char *xml_a = port_xml(PORT_A, "guest1", OWNER1, "52:54:00:6d:90:11", "0x1",
                                      "  <vlan>\n    <tag id='42'/>\n  </vlan>\n");
    g_autofree char *xml_b = port_xml(PORT_B, "guest2", OWNER2, "52:54:00:6d:90:12", "0x1", "");
    g_autofree char *a_xml = hostdev_file(PORT_A, "xml");
    g_autofree char *a_vf = hostdev_file(PORT_A, "vf");
    g_autofree char *fail = mv_test_hostdev_path(ctx.hd, "fail-set");
    g_autofree char *block = mv_test_hostdev_path(ctx.hd, "block-set");
    g_autofree char *blocked = mv_test_hostdev_path(ctx.hd, "blocked-set");
    g_autofree char *log = NULL;
    g_autofree char *now = NULL;
    g_autofree char *first = NULL;
    g_autofree char *stderr_text = NULL;
    unsigned char uuid[MV_UUID_BUFLEN];
    GThread *thread;

    {
        g_autoptr(MvRpcClient) client = mv_internal_client_open(ctx.rw_sock, CALL_TIMEOUT_MS);
        g_autofree char *answer = NULL;

        g_assert_nonnull(client);
        answer = mv_internal_hostdev_port_create(client, xml_a);
        g_assert_nonnull(answer);
        g_free(mv_test_hostdev_take_requests(ctx.hd));

        g_assert_true(g_file_set_contents(fail, "", 0, NULL));
        uuid_of(PORT_A, uuid);
        g_assert_cmpint(mv_internal_hostdev_port_delete(client, uuid), ==, 0);
        g_assert_false(g_file_test(fail, G_FILE_TEST_EXISTS));
        g_assert_false(g_file_test(a_xml, G_FILE_TEST_EXISTS));
        g_assert_true(g_file_test(a_vf, G_FILE_TEST_EXISTS));
        now = mv_test_hostdev_vf_now(ctx.hd, 1);
        g_assert_cmpstr(now, ==, "52:54:00:6d:90:11/42");
        log = mv_test_hostdev_take_requests(ctx.hd);
        g_assert_cmpstr(log, ==, "");

        /* The retry before handing VF 1 out fails too: not handed out. */
        g_assert_true(g_file_set_contents(fail, "", 0, NULL));
        g_assert_null(mv_internal_hostdev_port_create(client, xml_b));
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_INVALID);
        mv_test_hostdev_assert_contains(ctx.hd, mv_error_last_message(), "PCI device 0000:03:10.1 cannot be used");
        g_assert_true(g_file_test(a_vf, G_FILE_TEST_EXISTS));
    }

    /* The restart's restore is held (FAKE block-set) until a client waits. */
    mv_test_hostdev_kill9(&ctx.hd->networkd);
    g_assert_true(g_file_set_contents(block, "", 0, NULL));
    g_assert_cmpint(truncate(ctx.stderr_path, 0), ==, 0);
    mv_test_hostdev_networkd_spawn(ctx.hd);
    g_assert_true(wait_file(blocked, MV_TEST_START_TIMEOUT_MS));
    thread = g_thread_new("first-answer", first_answer_thread, NULL);
    g_usleep(500 * 1000);
    g_assert_true(g_file_get_contents(ctx.stderr_path, &stderr_text, NULL, NULL));
    g_assert_null(strstr(stderr_text, "listening on"));
    g_assert_cmpint(unlink(block), ==, 0);
    first = g_thread_join(thread);
    g_assert_cmpstr(first, ==, "02:00:00:00:00:a1/5");
    g_clear_pointer(&stderr_text, g_free);
    g_assert_true(g_file_get_contents(ctx.stderr_path, &stderr_text, NULL, NULL));
    mv_test_hostdev_assert_contains(ctx.hd, stderr_text, "listening on");
    g_assert_false(g_file_test(a_vf, G_FILE_TEST_EXISTS));
    g_clear_pointer(&log, g_free);
    log = mv_test_hostdev_take_requests(ctx.hd);
    g_assert_cmpstr(log, ==, "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n");

    {
        g_autoptr(MvRpcClient) client = mv_internal_client_open(ctx.rw_sock, CALL_TIMEOUT_MS);
        g_autofree char *answer = NULL;

        g_assert_nonnull(client);
        answer = mv_internal_hostdev_port_create(client, xml_b);
        g_assert_nonnull(answer);
        uuid_of(PORT_B, uuid);
        g_assert_cmpint(mv_internal_hostdev_port_delete(client, uuid), ==, 0);
    }
    g_free(mv_test_hostdev_take_requests(ctx.hd));
}

/* Procedure 3 names a network, a port of it and an interface: each one
 * missing is an error naming it; the read-only socket refuses it. (Its
 * success, the port's QoS on a real tap, is tested by tests/qemu's
 * qemud-net, where qemud calls it.) */
static void
step_set_interface(void)
{
    g_autoptr(MvRpcClient) client = mv_internal_client_open(ctx.rw_sock, CALL_TIMEOUT_MS);
    g_autoptr(MvRpcClient) ro = mv_internal_client_open(ctx.ro_sock, CALL_TIMEOUT_MS);
    unsigned char uuid[MV_UUID_BUFLEN];

    g_assert_nonnull(client);
    uuid_of(PORT_A, uuid);
    g_assert_cmpint(mv_internal_network_port_set_interface(client, "nosuchnet", uuid, "lo"),
                    ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_NO_NETWORK);
    mv_test_hostdev_assert_contains(ctx.hd, mv_error_last_message(), "no network with matching name 'nosuchnet'");

    g_assert_nonnull(ro);
    g_assert_cmpint(mv_internal_network_port_set_interface(ro, "nosuchnet", uuid, "lo"), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_DENIED);
}

static void
test_internal(void)
{
    g_autofree char *binary = mv_test_built_file("tests/network/networkd-fake-netlink");

    if (!binary) {
        g_test_skip("MODVIRT_BUILDDIR is not set: no networkd-fake-netlink to run");
        return;
    }
    ctx.hd = mv_test_hostdev_new_root(3, false);
    ctx.stderr_path = mv_test_hostdev_path(ctx.hd, "networkd.stderr");
    ctx.rw_sock = mv_test_socket_path(ctx.hd->root, "networkd", false);
    ctx.ro_sock = mv_test_socket_path(ctx.hd->root, "networkd", true);

    mv_test_hostdev_networkd_spawn(ctx.hd);
    step_create_delete();
    step_refused();
    step_set_interface();
    step_restart();
    step_failed_restore();
    mv_test_hostdev_stop_all(ctx.hd);
    g_clear_pointer(&ctx.hd, mv_test_hostdev_free);
    g_clear_pointer(&ctx.stderr_path, g_free);
    g_clear_pointer(&ctx.rw_sock, g_free);
    g_clear_pointer(&ctx.ro_sock, g_free);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/network-internal/hostdev-port", test_internal);
    return g_test_run();
}
