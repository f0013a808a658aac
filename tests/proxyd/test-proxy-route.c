/* Tests of the routing module's rules: procedure numbers to daemons, URIs to daemons, serials and replies built from headers, event callback ids. */
#define MV_FROM_THIS VIR_FROM_NONE

#include <string.h>

#include "protocol/remote.h"
#include "route.h"
#include "route_callback.h"
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

/* The generated table: the procedures of remote.x that carry a callbackID first. */
static void
test_callback_table(void)
{
    static const struct {
        int procedure;
        MvRouteCallbackUse use;
    } cases[] = {
        { REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY, MV_ROUTE_CALLBACK_REGISTER },
        { REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY, MV_ROUTE_CALLBACK_DEREGISTER },
        { REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE, MV_ROUTE_CALLBACK_EVENT },
        { REMOTE_PROC_DOMAIN_EVENT_CALLBACK_REBOOT, MV_ROUTE_CALLBACK_EVENT },
        { REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED, MV_ROUTE_CALLBACK_EVENT },
        { REMOTE_PROC_CONNECT_NETWORK_EVENT_REGISTER_ANY, MV_ROUTE_CALLBACK_REGISTER },
        { REMOTE_PROC_CONNECT_NETWORK_EVENT_DEREGISTER_ANY, MV_ROUTE_CALLBACK_DEREGISTER },
        { REMOTE_PROC_NETWORK_EVENT_LIFECYCLE, MV_ROUTE_CALLBACK_EVENT },
        { REMOTE_PROC_CONNECT_NODE_DEVICE_EVENT_REGISTER_ANY, MV_ROUTE_CALLBACK_REGISTER },
        { REMOTE_PROC_CONNECT_NODE_DEVICE_EVENT_DEREGISTER_ANY, MV_ROUTE_CALLBACK_DEREGISTER },
        { REMOTE_PROC_NODE_DEVICE_EVENT_LIFECYCLE, MV_ROUTE_CALLBACK_EVENT },
        /* The events of before feature 14 carry no id. */
        { REMOTE_PROC_CONNECT_DOMAIN_EVENT_REGISTER_ANY, MV_ROUTE_CALLBACK_NONE },
        { REMOTE_PROC_DOMAIN_EVENT_LIFECYCLE, MV_ROUTE_CALLBACK_NONE },
        { REMOTE_PROC_DOMAIN_EVENT_DEVICE_REMOVED, MV_ROUTE_CALLBACK_NONE },
        { REMOTE_PROC_NETWORK_CREATE, MV_ROUTE_CALLBACK_NONE },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_test_message("procedure %d", cases[i].procedure);
        g_assert_cmpint(mv_route_callback_use(REMOTE_PROGRAM, cases[i].procedure), ==,
                        cases[i].use);
    }
    g_assert_cmpint(mv_route_callback_use(0x20008087, REMOTE_PROC_NETWORK_EVENT_LIFECYCLE), ==,
                    MV_ROUTE_CALLBACK_NONE);
    g_assert_cmpuint(mv_route_callback_nrules, ==, G_N_ELEMENTS(cases) - 4);
    for (size_t i = 1; i < mv_route_callback_nrules; i++)
        g_assert_cmpint(mv_route_callback_rules[i - 1].procedure, <,
                        mv_route_callback_rules[i].procedure);
}

/* A message of procedure and type whose payload is one int (the callback
 * id) and, for events, a word more, as remote.x lays them out. */
static MvRpcMessage *
id_message(int procedure, int type, int id)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    remote_connect_network_event_deregister_any_args args = { .callbackID = id };

    msg->header = (MvRpcHeader) {
        .program = REMOTE_PROGRAM, .version = REMOTE_PROTOCOL_VERSION,
        .procedure = procedure, .type = type, .serial = 5, .status = MV_NET_OK,
    };
    g_assert_cmpint(mv_rpc_message_encode(
                        msg, (xdrproc_t) xdr_remote_connect_network_event_deregister_any_args,
                        &args), ==, 0);
    if (type == MV_NET_MESSAGE) {
        /* The rest of the event stays as it is. */
        msg->buffer = g_realloc(msg->buffer, msg->length + 4);
        memcpy(msg->buffer + msg->length, "\0\0\0\7", 4);
        msg->length += 4;
    }
    return g_steal_pointer(&msg);
}

static int
id_of(const MvRpcMessage *msg)
{
    uint32_t be;

    memcpy(&be, msg->buffer + MV_RPC_FRAME_MIN, sizeof(be));
    return (int) GUINT32_FROM_BE(be);
}

/* The client's id a register reply from daemon with the daemon's own id turns into. */
static int
registered(MvRouteCallbacks *cbs, MvRouteDaemon daemon, int procedure, int daemon_id)
{
    g_autoptr(MvRpcMessage) reply = id_message(procedure, MV_NET_REPLY, daemon_id);

    g_assert_true(mv_route_callbacks_to_client(cbs, daemon, reply));
    return id_of(reply);
}

/* The event of daemon for its callback daemon_id as the client gets it: its id, -1 if dropped. */
static int
event_id(MvRouteCallbacks *cbs, MvRouteDaemon daemon, int procedure, int daemon_id)
{
    g_autoptr(MvRpcMessage) event = id_message(procedure, MV_NET_MESSAGE, daemon_id);

    if (!mv_route_callbacks_to_client(cbs, daemon, event))
        return -1;
    g_assert_cmpmem(event->buffer + event->length - 4, 4, "\0\0\0\7", 4);
    return id_of(event);
}

/* The id a deregistration of the client's id reaches daemon with; -1 refused. */
static int
deregistered(MvRouteCallbacks *cbs, MvRouteDaemon daemon, int procedure, int client_id)
{
    g_autoptr(MvRpcMessage) call = id_message(procedure, MV_NET_CALL, client_id);

    if (mv_route_callbacks_to_daemon(cbs, daemon, call) < 0)
        return -1;
    return id_of(call);
}

/* qemud and networkd both give out callback 1: the client sees 1 and 2,
 * events and deregistrations find their daemon's callback. */
static void
test_callback_ids(void)
{
    g_autoptr(MvRouteCallbacks) cbs = mv_route_callbacks_new();
    const MvRouteDaemon qemu = MV_ROUTE_DAEMON_QEMU;
    const MvRouteDaemon net = MV_ROUTE_DAEMON_NETWORK;
    const int dom_reg = REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY;
    const int dom_dereg = REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY;
    const int dom_event = REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE;
    const int net_reg = REMOTE_PROC_CONNECT_NETWORK_EVENT_REGISTER_ANY;
    const int net_dereg = REMOTE_PROC_CONNECT_NETWORK_EVENT_DEREGISTER_ANY;
    const int net_event = REMOTE_PROC_NETWORK_EVENT_LIFECYCLE;
    g_autoptr(MvRpcMessage) refused = id_message(net_reg, MV_NET_REPLY, 9);
    g_autoptr(MvRpcMessage) other = id_message(REMOTE_PROC_NETWORK_CREATE, MV_NET_REPLY, 1);
    int dom_id;
    int net_id;

    dom_id = registered(cbs, qemu, dom_reg, 1);
    net_id = registered(cbs, net, net_reg, 1);
    g_assert_cmpint(dom_id, ==, 1);
    g_assert_cmpint(net_id, ==, 2);
    g_assert_cmpuint(mv_route_callbacks_count(cbs, MV_ROUTE_DAEMON_LAST), ==, 2);

    /* Events go back under the client's ids; one of an unknown callback is dropped. */
    g_assert_cmpint(event_id(cbs, qemu, dom_event, 1), ==, dom_id);
    g_assert_cmpint(event_id(cbs, net, net_event, 1), ==, net_id);
    g_assert_cmpint(event_id(cbs, net, net_event, 2), ==, -1);
    g_assert_cmpint(event_id(cbs, MV_ROUTE_DAEMON_NODEDEV, REMOTE_PROC_NODE_DEVICE_EVENT_LIFECYCLE,
                             1), ==, -1);

    /* A refused registration and other replies pass unchanged. */
    refused->header.status = MV_NET_ERROR;
    g_assert_true(mv_route_callbacks_to_client(cbs, net, refused));
    g_assert_cmpint(id_of(refused), ==, 9);
    g_assert_true(mv_route_callbacks_to_client(cbs, net, other));
    g_assert_cmpint(id_of(other), ==, 1);

    /* A deregistration finds the daemon's id only at that daemon. */
    g_assert_cmpint(deregistered(cbs, qemu, dom_dereg, net_id), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpstr(mv_error_last_message(), ==,
                    "invalid argument: could not find event callback 2 for deletion");
    g_assert_cmpint(deregistered(cbs, net, net_dereg, net_id), ==, 1);
    g_assert_cmpint(deregistered(cbs, net, net_dereg, net_id), ==, -1);
    g_assert_cmpint(event_id(cbs, net, net_event, 1), ==, -1);
    g_assert_cmpint(event_id(cbs, qemu, dom_event, 1), ==, dom_id);

    /* An id in use is not given again; a freed one is, after the others. */
    g_assert_cmpint(registered(cbs, net, net_reg, 2), ==, 3);
    g_assert_cmpuint(mv_route_callbacks_count(cbs, net), ==, 1);

    /* A daemon's connection that closes takes its registrations along. */
    mv_route_callbacks_forget(cbs, qemu);
    g_assert_cmpint(event_id(cbs, qemu, dom_event, 1), ==, -1);
    g_assert_cmpint(deregistered(cbs, qemu, dom_dereg, dom_id), ==, -1);
    g_assert_cmpuint(mv_route_callbacks_count(cbs, MV_ROUTE_DAEMON_LAST), ==, 1);
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
    g_test_add_func("/proxy-route/callback-table", test_callback_table);
    g_test_add_func("/proxy-route/callback-ids", test_callback_ids);
    return g_test_run();
}
