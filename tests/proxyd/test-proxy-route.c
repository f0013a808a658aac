/* Tests of the routing module's rules: procedure numbers to daemons, URIs to daemons, serials and replies built from headers. */
#define MV_FROM_THIS VIR_FROM_NONE

#include <string.h>

#include "protocol/remote.h"
#include "route.h"
#include "util/error.h"

/* A sample of remote.x's procedures and the daemon that owns each on a
 * connection opened on qemud. */
static const struct {
    int procedure;
    MvRouteDaemon daemon;
} call_cases[] = {
    { REMOTE_PROC_CONNECT_OPEN, MV_ROUTE_DAEMON_QEMU },
    { REMOTE_PROC_CONNECT_GET_HOSTNAME, MV_ROUTE_DAEMON_QEMU },
    { REMOTE_PROC_NODE_GET_INFO, MV_ROUTE_DAEMON_QEMU },
    { REMOTE_PROC_DOMAIN_DEFINE_XML, MV_ROUTE_DAEMON_QEMU },
    { REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS, MV_ROUTE_DAEMON_QEMU },
    { REMOTE_PROC_NETWORK_CREATE, MV_ROUTE_DAEMON_NETWORK },
    { REMOTE_PROC_NETWORK_LOOKUP_BY_NAME, MV_ROUTE_DAEMON_NETWORK },
    { REMOTE_PROC_NETWORK_UNDEFINE, MV_ROUTE_DAEMON_NETWORK },
    { REMOTE_PROC_NETWORK_IS_PERSISTENT, MV_ROUTE_DAEMON_NETWORK },
    { REMOTE_PROC_CONNECT_LIST_ALL_NETWORKS, MV_ROUTE_DAEMON_NETWORK },
    { REMOTE_PROC_NETWORK_GET_DHCP_LEASES, MV_ROUTE_DAEMON_NETWORK },
    { REMOTE_PROC_NETWORK_PORT_CREATE_XML, MV_ROUTE_DAEMON_NETWORK },
    { REMOTE_PROC_NETWORK_PORT_DELETE, MV_ROUTE_DAEMON_NETWORK },
    { REMOTE_PROC_NODE_DEVICE_LOOKUP_BY_NAME, MV_ROUTE_DAEMON_NODEDEV },
    { REMOTE_PROC_NODE_DEVICE_DETACH_FLAGS, MV_ROUTE_DAEMON_NODEDEV },
    { REMOTE_PROC_CONNECT_LIST_ALL_NODE_DEVICES, MV_ROUTE_DAEMON_NODEDEV },
    { REMOTE_PROC_NODE_GET_SECURITY_MODEL, MV_ROUTE_DAEMON_QEMU },
    { REMOTE_PROC_DOMAIN_GET_MESSAGES, MV_ROUTE_DAEMON_QEMU },
    /* Not in remote.x at all: the hypervisor daemon refuses it. */
    { 100000, MV_ROUTE_DAEMON_QEMU },
};

static void
test_route_calls(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(call_cases); i++) {
        g_test_message("procedure %d", call_cases[i].procedure);
        g_assert_cmpint(mv_route_daemon_for_call(REMOTE_PROGRAM, call_cases[i].procedure,
                                                 MV_ROUTE_DAEMON_QEMU),
                        ==, call_cases[i].daemon);
    }
    /* The hypervisor is whatever the URI opened. */
    g_assert_cmpint(mv_route_daemon_for_call(REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_CREATE,
                                             MV_ROUTE_DAEMON_LXC), ==, MV_ROUTE_DAEMON_LXC);
    g_assert_cmpint(mv_route_daemon_for_call(REMOTE_PROGRAM, REMOTE_PROC_NETWORK_CREATE,
                                             MV_ROUTE_DAEMON_LXC), ==, MV_ROUTE_DAEMON_NETWORK);
    /* Other programs (qemu 0x20008087, lxc 0x00068000) are the hypervisor's. */
    g_assert_cmpint(mv_route_daemon_for_call(0x20008087, REMOTE_PROC_NETWORK_CREATE,
                                             MV_ROUTE_DAEMON_QEMU), ==, MV_ROUTE_DAEMON_QEMU);
    /* The console's stream goes to the hypervisor daemon and outlives its reply. */
    g_assert_cmpint(mv_route_daemon_for_call(REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_OPEN_CONSOLE,
                                             MV_ROUTE_DAEMON_QEMU), ==, MV_ROUTE_DAEMON_QEMU);
    g_assert_true(mv_route_call_opens_stream(REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_OPEN_CONSOLE));
    g_assert_false(mv_route_call_opens_stream(REMOTE_PROGRAM, REMOTE_PROC_DOMAIN_CREATE));
    g_assert_false(mv_route_call_opens_stream(0x20008087, REMOTE_PROC_DOMAIN_OPEN_CONSOLE));
}

/* The generated table is sorted and names only networkd and nodedevd. */
static void
test_route_table(void)
{
    g_assert_cmpuint(mv_route_nrules, >, 0);
    for (size_t i = 0; i < mv_route_nrules; i++) {
        g_assert_true(mv_route_rules[i].daemon == MV_ROUTE_DAEMON_NETWORK ||
                      mv_route_rules[i].daemon == MV_ROUTE_DAEMON_NODEDEV);
        if (i > 0)
            g_assert_cmpint(mv_route_rules[i - 1].procedure, <, mv_route_rules[i].procedure);
    }
}

static const struct {
    const char *uri;
    int daemon;     /* -1: refused */
} uri_cases[] = {
    { NULL, MV_ROUTE_DAEMON_QEMU },
    { "", MV_ROUTE_DAEMON_QEMU },
    { "qemu:///system", MV_ROUTE_DAEMON_QEMU },
    { "qemu:///session", MV_ROUTE_DAEMON_QEMU },
    { "QEMU:///system", MV_ROUTE_DAEMON_QEMU },
    { "lxc:///system", MV_ROUTE_DAEMON_LXC },
    { "xen:///system", MV_ROUTE_DAEMON_XEN },
    { "network:///system", MV_ROUTE_DAEMON_NETWORK },
    { "nodedev:///system", MV_ROUTE_DAEMON_NODEDEV },
    { "test:///default", -1 },
    { "qemu+ssh", -1 },
    { "not a uri", -1 },
};

static void
test_route_uris(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(uri_cases); i++) {
        MvRouteDaemon daemon = MV_ROUTE_DAEMON_LAST;
        int rc = mv_route_daemon_for_uri(uri_cases[i].uri, &daemon);

        g_test_message("uri %s", uri_cases[i].uri ? uri_cases[i].uri : "(null)");
        if (uri_cases[i].daemon < 0) {
            g_assert_cmpint(rc, ==, -1);
            g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_NO_CONNECT);
        } else {
            g_assert_cmpint(rc, ==, 0);
            g_assert_cmpint(daemon, ==, uri_cases[i].daemon);
        }
    }
}

static void
test_route_daemon_names(void)
{
    g_autofree char *system = mv_route_daemon_uri(MV_ROUTE_DAEMON_NETWORK, false);
    g_autofree char *session = mv_route_daemon_uri(MV_ROUTE_DAEMON_NODEDEV, true);

    g_assert_cmpstr(system, ==, "network:///system");
    g_assert_cmpstr(session, ==, "nodedev:///session");
    g_assert_cmpstr(mv_route_daemon_to_string(MV_ROUTE_DAEMON_QEMU), ==, "qemud");
    g_assert_cmpstr(mv_route_daemon_to_string(MV_ROUTE_DAEMON_NODEDEV), ==, "nodedevd");
}

/* An open call encodes the URI, and the one decode of proxyd reads it back. */
static void
test_route_open_args(void)
{
    g_autoptr(MvRpcMessage) with = mv_route_open_call_new("network:///system", 1);
    g_autoptr(MvRpcMessage) without = mv_route_open_call_new(NULL, 0);
    g_autoptr(MvRpcMessage) bad = NULL;
    g_autofree char *name = NULL;
    char *none = (char *) "x";
    unsigned int flags = 0;

    g_assert_nonnull(with);
    g_assert_cmpint(mv_rpc_message_decode_header(with), ==, 0);
    g_assert_cmpint(with->header.procedure, ==, REMOTE_PROC_CONNECT_OPEN);
    g_assert_cmpint(mv_route_open_args_decode(with, &name, &flags), ==, 0);
    g_assert_cmpstr(name, ==, "network:///system");
    g_assert_cmpuint(flags, ==, 1);

    g_assert_cmpint(mv_route_open_args_decode(without, &none, &flags), ==, 0);
    g_assert_null(none);
    g_assert_cmpuint(flags, ==, 0);

    /* A truncated payload is an RPC error, not a crash. */
    bad = mv_rpc_message_new_from_bytes(with->buffer, MV_RPC_FRAME_MIN + 2);
    bad->header = with->header;
    g_assert_cmpint(mv_route_open_args_decode(bad, &none, &flags), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_RPC);
}

/* Rewriting a serial touches the header word only; the frame stays valid. */
static void
test_route_serial(void)
{
    g_autoptr(MvRpcMessage) msg = mv_route_open_call_new("qemu:///system", 0);
    g_autoptr(MvRpcMessage) copy = NULL;

    mv_route_message_set_serial(msg, 0x01020304);
    copy = mv_rpc_message_new_from_bytes(msg->buffer, msg->length);
    g_assert_cmpint(mv_rpc_message_decode_header(copy), ==, 0);
    g_assert_cmpuint(copy->header.serial, ==, 0x01020304);
    g_assert_cmpuint(copy->header.program, ==, REMOTE_PROGRAM);
    g_assert_cmpint(copy->header.procedure, ==, REMOTE_PROC_CONNECT_OPEN);
    g_assert_cmpmem(copy->buffer + MV_RPC_FRAME_MIN, copy->length - MV_RPC_FRAME_MIN,
                    msg->buffer + MV_RPC_FRAME_MIN, msg->length - MV_RPC_FRAME_MIN);
}

/* An error payload encoded once, passed on to another call by headers. */
static void
test_route_error_reply(void)
{
    MvRpcHeader call = {
        .program = REMOTE_PROGRAM, .version = 1, .procedure = REMOTE_PROC_NETWORK_CREATE,
        .type = MV_NET_CALL, .serial = 77,
    };
    MvRpcHeader other = call;
    MvError err = {
        .code = VIR_ERR_INTERNAL_ERROR, .domain = VIR_FROM_RPC, .level = VIR_ERR_ERROR,
        .message = (char *) "internal error: connection to modvirt-networkd closed",
    };
    g_autoptr(MvRpcMessage) first = mv_route_error_reply_new(&call, &err);
    g_autoptr(MvRpcMessage) second = NULL;
    g_autoptr(MvRpcMessage) copy = NULL;
    g_autoptr(MvError) got = NULL;

    g_assert_nonnull(first);
    other.serial = 78;
    other.procedure = REMOTE_PROC_CONNECT_LIST_ALL_NETWORKS;
    second = mv_route_reply_new(&other, MV_NET_ERROR, first->buffer + MV_RPC_FRAME_MIN,
                                first->length - MV_RPC_FRAME_MIN);
    copy = mv_rpc_message_new_from_bytes(second->buffer, second->length);
    g_assert_cmpint(mv_rpc_message_decode_header(copy), ==, 0);
    g_assert_cmpuint(copy->header.serial, ==, 78);
    g_assert_cmpint(copy->header.type, ==, MV_NET_REPLY);
    g_assert_cmpint(copy->header.status, ==, MV_NET_ERROR);
    g_assert_cmpint(copy->header.procedure, ==, REMOTE_PROC_CONNECT_LIST_ALL_NETWORKS);
    g_assert_cmpint(mv_rpc_message_decode_error(copy, &got), ==, 0);
    g_assert_cmpint(got->code, ==, VIR_ERR_INTERNAL_ERROR);
    g_assert_cmpstr(got->message, ==, err.message);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/proxy-route/calls", test_route_calls);
    g_test_add_func("/proxy-route/table", test_route_table);
    g_test_add_func("/proxy-route/uris", test_route_uris);
    g_test_add_func("/proxy-route/daemon-names", test_route_daemon_names);
    g_test_add_func("/proxy-route/open-args", test_route_open_args);
    g_test_add_func("/proxy-route/serial", test_route_serial);
    g_test_add_func("/proxy-route/error-reply", test_route_error_reply);
    return g_test_run();
}
