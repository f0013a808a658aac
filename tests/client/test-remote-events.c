/* Tests of the remote driver's domain events against an in-process lib/rpc server that sends them: delivery through the event loop, both registration styles. */
#include <glib.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "protocol/remote.h"
#include "rpc/server.h"

/* libvirt's VIR_DOMAIN_EVENT_CALLBACK casts between function types, as
 * every libvirt program registering events does. */
#pragma GCC diagnostic ignored "-Wcast-function-type"

#define WAIT_MS 10000
#define SERVER_CALLBACK_ID 7
#define SERVER_NETWORK_CALLBACK_ID 9

/* The fake daemon's state; its handlers run on its worker threads. */
static GMutex server_lock;
static bool feature_events;                 /* its answer to feature 14 */
static MvRpcServerClient *server_client;    /* who registered last */
static int register_calls;
static int deregister_calls;
static int deregistered_id;

static int
h_auth_list(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    remote_auth_list_ret *r = ret;

    r->types.types_len = 1;
    r->types.types_val = g_new0(remote_auth_type, 1);
    return 0;
}

static int
h_supports_feature(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    remote_connect_supports_feature_args *a = args;
    remote_connect_supports_feature_ret *r = ret;

    g_mutex_lock(&server_lock);
    r->supported = a->feature == REMOTE_FEATURE_REMOTE_EVENT_CALLBACK && feature_events;
    g_mutex_unlock(&server_lock);
    return 0;
}

static int
h_ok(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    return 0;
}

static void
remember_client(void *conn)
{
    if (server_client)
        mv_rpc_server_client_unref(server_client);
    server_client = mv_rpc_server_client_ref(conn);
}

static int
h_register_any(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    g_mutex_lock(&server_lock);
    register_calls++;
    remember_client(conn);
    g_mutex_unlock(&server_lock);
    return 0;
}

static int
h_deregister_any(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    g_mutex_lock(&server_lock);
    deregister_calls++;
    g_mutex_unlock(&server_lock);
    return 0;
}

static int
h_callback_register_any(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    remote_connect_domain_event_callback_register_any_ret *r = ret;

    g_mutex_lock(&server_lock);
    register_calls++;
    remember_client(conn);
    g_mutex_unlock(&server_lock);
    r->callbackID = SERVER_CALLBACK_ID;
    return 0;
}

static int
h_callback_deregister_any(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    remote_connect_domain_event_callback_deregister_any_args *a = args;

    g_mutex_lock(&server_lock);
    deregister_calls++;
    deregistered_id = a->callbackID;
    g_mutex_unlock(&server_lock);
    return 0;
}

static int
h_network_register_any(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    remote_connect_network_event_register_any_ret *r = ret;

    g_mutex_lock(&server_lock);
    register_calls++;
    remember_client(conn);
    g_mutex_unlock(&server_lock);
    r->callbackID = SERVER_NETWORK_CALLBACK_ID;
    return 0;
}

static int
h_network_deregister_any(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    remote_connect_network_event_deregister_any_args *a = args;

    g_mutex_lock(&server_lock);
    deregister_calls++;
    deregistered_id = a->callbackID;
    g_mutex_unlock(&server_lock);
    return 0;
}

static const MvRpcProcedure procedures[] = {
    { REMOTE_PROC_CONNECT_OPEN, (xdrproc_t) xdr_remote_connect_open_args, NULL,
      sizeof(remote_connect_open_args), 0, h_ok, 0 },
    { REMOTE_PROC_CONNECT_CLOSE, NULL, NULL, 0, 0, h_ok, 0 },
    { REMOTE_PROC_CONNECT_SUPPORTS_FEATURE, (xdrproc_t) xdr_remote_connect_supports_feature_args,
      (xdrproc_t) xdr_remote_connect_supports_feature_ret,
      sizeof(remote_connect_supports_feature_args), sizeof(remote_connect_supports_feature_ret),
      h_supports_feature, 0 },
    { REMOTE_PROC_AUTH_LIST, NULL, (xdrproc_t) xdr_remote_auth_list_ret,
      0, sizeof(remote_auth_list_ret), h_auth_list, 0 },
    { REMOTE_PROC_CONNECT_DOMAIN_EVENT_REGISTER_ANY,
      (xdrproc_t) xdr_remote_connect_domain_event_register_any_args, NULL,
      sizeof(remote_connect_domain_event_register_any_args), 0, h_register_any, 0 },
    { REMOTE_PROC_CONNECT_DOMAIN_EVENT_DEREGISTER_ANY,
      (xdrproc_t) xdr_remote_connect_domain_event_deregister_any_args, NULL,
      sizeof(remote_connect_domain_event_deregister_any_args), 0, h_deregister_any, 0 },
    { REMOTE_PROC_CONNECT_NETWORK_EVENT_REGISTER_ANY,
      (xdrproc_t) xdr_remote_connect_network_event_register_any_args,
      (xdrproc_t) xdr_remote_connect_network_event_register_any_ret,
      sizeof(remote_connect_network_event_register_any_args),
      sizeof(remote_connect_network_event_register_any_ret), h_network_register_any, 0 },
    { REMOTE_PROC_CONNECT_NETWORK_EVENT_DEREGISTER_ANY,
      (xdrproc_t) xdr_remote_connect_network_event_deregister_any_args, NULL,
      sizeof(remote_connect_network_event_deregister_any_args), 0, h_network_deregister_any, 0 },
    { REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY,
      (xdrproc_t) xdr_remote_connect_domain_event_callback_register_any_args,
      (xdrproc_t) xdr_remote_connect_domain_event_callback_register_any_ret,
      sizeof(remote_connect_domain_event_callback_register_any_args),
      sizeof(remote_connect_domain_event_callback_register_any_ret), h_callback_register_any, 0 },
    { REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY,
      (xdrproc_t) xdr_remote_connect_domain_event_callback_deregister_any_args, NULL,
      sizeof(remote_connect_domain_event_callback_deregister_any_args), 0,
      h_callback_deregister_any, 0 },
};

static const MvRpcProgram program = {
    REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION, procedures, G_N_ELEMENTS(procedures),
};

/* The server keeps the array, not a copy. */
static const MvRpcProgram *const programs[] = { &program };

typedef struct {
    GMainContext *context;
    GMainLoop *loop;
    GThread *thread;
    MvRpcServer *server;
    int listen_fd;
    char *dir;
    char *uri;
} FakeDaemon;

static gboolean
on_accept(int fd, GIOCondition cond, gpointer data)
{
    FakeDaemon *fd_daemon = data;
    int client = accept(fd, NULL, NULL);

    if (client >= 0)
        mv_rpc_server_add_client_fd(fd_daemon->server, client, false);
    return G_SOURCE_CONTINUE;
}

static gpointer
server_thread(gpointer data)
{
    FakeDaemon *d = data;

    g_main_context_push_thread_default(d->context);
    g_main_loop_run(d->loop);
    g_main_context_pop_thread_default(d->context);
    return NULL;
}

static FakeDaemon *
fake_daemon_start(void)
{
    FakeDaemon *d = g_new0(FakeDaemon, 1);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    g_autofree char *path = NULL;
    GSource *src;

    d->dir = g_dir_make_tmp("mv-remote-events-XXXXXX", NULL);
    g_assert_nonnull(d->dir);
    path = g_build_filename(d->dir, "sock", NULL);
    g_assert_cmpuint(strlen(path), <, sizeof(addr.sun_path));
    strcpy(addr.sun_path, path);
    d->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert_cmpint(d->listen_fd, >=, 0);
    g_assert_cmpint(bind(d->listen_fd, (struct sockaddr *) &addr, sizeof(addr)), ==, 0);
    g_assert_cmpint(listen(d->listen_fd, 8), ==, 0);
    d->uri = g_strdup_printf("qemu+unix:///system?socket=%s", path);

    d->context = g_main_context_new();
    d->loop = g_main_loop_new(d->context, FALSE);
    d->server = mv_rpc_server_new(programs, 1, 2, d->context);
    src = g_unix_fd_source_new(d->listen_fd, G_IO_IN);
    g_source_set_callback(src, G_SOURCE_FUNC(on_accept), d, NULL);
    g_source_attach(src, d->context);
    g_source_unref(src);
    d->thread = g_thread_new("fake-daemon", server_thread, d);
    return d;
}

static gboolean
free_server(gpointer data)
{
    FakeDaemon *d = data;

    mv_rpc_server_free(d->server);
    d->server = NULL;
    g_main_loop_quit(d->loop);
    return G_SOURCE_REMOVE;
}

static void
fake_daemon_stop(FakeDaemon *d)
{
    g_mutex_lock(&server_lock);
    if (server_client)
        mv_rpc_server_client_unref(server_client);
    server_client = NULL;
    g_mutex_unlock(&server_lock);
    /* The server is freed in its loop's thread, which then stops. */
    g_main_context_invoke(d->context, free_server, d);
    g_thread_join(d->thread);
    close(d->listen_fd);
    g_main_loop_unref(d->loop);
    g_main_context_unref(d->context);
    g_remove(d->uri + strlen("qemu+unix:///system?socket="));
    g_rmdir(d->dir);
    g_free(d->dir);
    g_free(d->uri);
    g_free(d);
}

/* What the application's callbacks saw. */
typedef struct {
    int calls;
    char *name;
    int id;
    int event;
    int detail;
    GThread *thread;
} Seen;

static void
lifecycle_cb(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    Seen *seen = opaque;

    seen->calls++;
    g_free(seen->name);
    seen->name = g_strdup(virDomainGetName(dom));
    seen->id = virDomainGetID(dom);
    seen->event = event;
    seen->detail = detail;
    seen->thread = g_thread_self();
}

static void
timeout_tick(int timer, void *opaque)
{
}

/* Runs the default event loop until cond holds or WAIT_MS passed; a
 * ticking timeout keeps each iteration short. */
static bool
run_loop_until(int *counter, int want)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_MS * G_TIME_SPAN_MILLISECOND;
    int tick = virEventAddTimeout(50, timeout_tick, NULL, NULL);

    g_assert_cmpint(tick, >=, 0);
    while (*counter < want && g_get_monotonic_time() < deadline)
        g_assert_cmpint(virEventRunDefaultImpl(), ==, 0);
    virEventRemoveTimeout(tick);
    return *counter >= want;
}

static void
send_event(int procedure, xdrproc_t proc, const void *msg)
{
    MvRpcServerClient *client;

    g_mutex_lock(&server_lock);
    client = server_client ? mv_rpc_server_client_ref(server_client) : NULL;
    g_mutex_unlock(&server_lock);
    g_assert_nonnull(client);
    g_assert_cmpint(mv_rpc_server_client_send_event(client, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION,
                                                    procedure, proc, msg), ==, 0);
    mv_rpc_server_client_unref(client);
}

static const unsigned char ev_uuid[VIR_UUID_BUFLEN] = {
    0x4d, 0xea, 0x22, 0xb3, 0x1d, 0x52, 0xd8, 0xf3, 0x25, 0x16, 0x78, 0x2e, 0x98, 0xa2, 0x3f, 0xa0,
};

static remote_nonnull_domain
ev_domain(void)
{
    remote_nonnull_domain dom = { .name = (char *) "ev1", .id = 3 };

    memcpy(dom.uuid, ev_uuid, VIR_UUID_BUFLEN);
    return dom;
}

static void
reset_server(bool events)
{
    g_mutex_lock(&server_lock);
    feature_events = events;
    register_calls = deregister_calls = 0;
    deregistered_id = -1;
    g_mutex_unlock(&server_lock);
}

/* Feature 14: the daemon's callback id routes its messages. */
static void
test_callback_events(void)
{
    FakeDaemon *d;
    virConnectPtr conn;
    Seen seen = { 0 };
    remote_domain_event_callback_lifecycle_msg msg = {
        .callbackID = SERVER_CALLBACK_ID,
        .msg = { .dom = ev_domain(), .event = VIR_DOMAIN_EVENT_STARTED,
                 .detail = VIR_DOMAIN_EVENT_STARTED_BOOTED },
    };
    int id;

    reset_server(true);
    d = fake_daemon_start();
    conn = virConnectOpen(d->uri);
    g_assert_nonnull(conn);
    id = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                          VIR_DOMAIN_EVENT_CALLBACK(lifecycle_cb), &seen, NULL);
    g_assert_cmpint(id, >=, 0);
    g_assert_cmpint(register_calls, ==, 1);

    send_event(REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE,
               (xdrproc_t) xdr_remote_domain_event_callback_lifecycle_msg, &msg);
    g_assert_true(run_loop_until(&seen.calls, 1));
    g_assert_cmpstr(seen.name, ==, "ev1");
    g_assert_cmpint(seen.id, ==, 3);
    g_assert_cmpint(seen.event, ==, VIR_DOMAIN_EVENT_STARTED);
    g_assert_cmpint(seen.detail, ==, VIR_DOMAIN_EVENT_STARTED_BOOTED);
    /* In the thread that runs the event loop, not the RPC I/O thread. */
    g_assert_true(seen.thread == g_thread_self());

    /* Another callback id is not this registration's. */
    msg.callbackID = SERVER_CALLBACK_ID + 1;
    send_event(REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE,
               (xdrproc_t) xdr_remote_domain_event_callback_lifecycle_msg, &msg);
    msg.callbackID = SERVER_CALLBACK_ID;
    msg.msg.event = VIR_DOMAIN_EVENT_STOPPED;
    send_event(REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE,
               (xdrproc_t) xdr_remote_domain_event_callback_lifecycle_msg, &msg);
    g_assert_true(run_loop_until(&seen.calls, 2));
    g_assert_cmpint(seen.calls, ==, 2);
    g_assert_cmpint(seen.event, ==, VIR_DOMAIN_EVENT_STOPPED);

    g_assert_cmpint(virConnectDomainEventDeregisterAny(conn, id), ==, 0);
    g_assert_cmpint(deregister_calls, ==, 1);
    g_assert_cmpint(deregistered_id, ==, SERVER_CALLBACK_ID);
    g_assert_cmpint(virConnectDomainEventDeregisterAny(conn, id), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_INVALID_ARG);

    g_assert_cmpint(virConnectClose(conn), ==, 0);
    fake_daemon_stop(d);
    g_free(seen.name);
}

/* Without feature 14: one registration per event id on the daemon, each
 * message goes to every local callback for it. */
static void
test_legacy_events(void)
{
    FakeDaemon *d;
    virConnectPtr conn;
    Seen all = { 0 };
    Seen second = { 0 };
    remote_domain_event_lifecycle_msg msg = {
        .dom = ev_domain(), .event = VIR_DOMAIN_EVENT_SUSPENDED,
        .detail = VIR_DOMAIN_EVENT_SUSPENDED_PAUSED,
    };
    int id_all;
    int id_second;

    reset_server(false);
    d = fake_daemon_start();
    conn = virConnectOpen(d->uri);
    g_assert_nonnull(conn);

    id_all = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(lifecycle_cb), &all, NULL);
    g_assert_cmpint(id_all, >=, 0);
    send_event(REMOTE_PROC_DOMAIN_EVENT_LIFECYCLE,
               (xdrproc_t) xdr_remote_domain_event_lifecycle_msg, &msg);
    g_assert_true(run_loop_until(&all.calls, 1));
    g_assert_cmpstr(all.name, ==, "ev1");
    g_assert_cmpint(all.event, ==, VIR_DOMAIN_EVENT_SUSPENDED);
    g_assert_cmpint(all.detail, ==, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);

    id_second = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                 VIR_DOMAIN_EVENT_CALLBACK(lifecycle_cb),
                                                 &second, NULL);
    g_assert_cmpint(id_second, >, id_all);
    g_assert_cmpint(register_calls, ==, 1);

    msg.event = VIR_DOMAIN_EVENT_RESUMED;
    send_event(REMOTE_PROC_DOMAIN_EVENT_LIFECYCLE,
               (xdrproc_t) xdr_remote_domain_event_lifecycle_msg, &msg);
    g_assert_true(run_loop_until(&second.calls, 1));
    g_assert_true(run_loop_until(&all.calls, 2));
    g_assert_cmpint(second.event, ==, VIR_DOMAIN_EVENT_RESUMED);
    g_assert_cmpint(all.event, ==, VIR_DOMAIN_EVENT_RESUMED);

    g_assert_cmpint(virConnectDomainEventDeregisterAny(conn, id_all), ==, 0);
    g_assert_cmpint(deregister_calls, ==, 0);
    g_assert_cmpint(virConnectDomainEventDeregisterAny(conn, id_second), ==, 0);
    g_assert_cmpint(deregister_calls, ==, 1);

    g_assert_cmpint(virConnectClose(conn), ==, 0);
    fake_daemon_stop(d);
    g_free(all.name);
    g_free(second.name);
}

static void
network_lifecycle_cb(virConnectPtr conn, virNetworkPtr net, int event, int detail, void *opaque)
{
    Seen *seen = opaque;

    seen->calls++;
    g_free(seen->name);
    seen->name = g_strdup(virNetworkGetName(net));
    seen->event = event;
    seen->detail = detail;
    seen->thread = g_thread_self();
}

static int freed_count;

/* Gets the registration's opaque pointer, as libvirt's free callbacks do. */
static void
count_free(void *opaque)
{
    g_assert_nonnull(opaque);
    freed_count++;
}

/* Network events always carry the daemon's callback id, whatever feature
 * 14 says, and share the connection with domain registrations without
 * mixing: a domain message never reaches a network callback. */
static void
test_network_events(void)
{
    FakeDaemon *d;
    virConnectPtr conn;
    Seen net_seen = { 0 };
    Seen dom_seen = { 0 };
    remote_network_event_lifecycle_msg msg = {
        .callbackID = SERVER_NETWORK_CALLBACK_ID,
        .net = { .name = (char *) "net1" },
        .event = VIR_NETWORK_EVENT_STARTED,
        .detail = 0,
    };
    remote_domain_event_lifecycle_msg dom_msg = {
        .dom = ev_domain(), .event = VIR_DOMAIN_EVENT_STOPPED,
    };
    int net_id;
    int dom_id;

    reset_server(false);
    freed_count = 0;
    memcpy(msg.net.uuid, ev_uuid, VIR_UUID_BUFLEN);
    d = fake_daemon_start();
    conn = virConnectOpen(d->uri);
    g_assert_nonnull(conn);

    net_id = virConnectNetworkEventRegisterAny(conn, NULL, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                               VIR_NETWORK_EVENT_CALLBACK(network_lifecycle_cb),
                                               &net_seen, count_free);
    g_assert_cmpint(net_id, >=, 0);
    g_assert_cmpint(register_calls, ==, 1);
    dom_id = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(lifecycle_cb), &dom_seen,
                                              NULL);
    g_assert_cmpint(dom_id, >=, 0);
    g_assert_cmpint(dom_id, !=, net_id);

    send_event(REMOTE_PROC_DOMAIN_EVENT_LIFECYCLE,
               (xdrproc_t) xdr_remote_domain_event_lifecycle_msg, &dom_msg);
    send_event(REMOTE_PROC_NETWORK_EVENT_LIFECYCLE,
               (xdrproc_t) xdr_remote_network_event_lifecycle_msg, &msg);
    g_assert_true(run_loop_until(&net_seen.calls, 1));
    g_assert_true(run_loop_until(&dom_seen.calls, 1));
    g_assert_cmpint(net_seen.calls, ==, 1);
    g_assert_cmpint(dom_seen.calls, ==, 1);
    g_assert_cmpstr(net_seen.name, ==, "net1");
    g_assert_cmpint(net_seen.event, ==, VIR_NETWORK_EVENT_STARTED);
    g_assert_cmpint(net_seen.detail, ==, 0);
    g_assert_true(net_seen.thread == g_thread_self());

    /* Another daemon id is not this registration's. */
    msg.callbackID = SERVER_NETWORK_CALLBACK_ID + 1;
    send_event(REMOTE_PROC_NETWORK_EVENT_LIFECYCLE,
               (xdrproc_t) xdr_remote_network_event_lifecycle_msg, &msg);
    msg.callbackID = SERVER_NETWORK_CALLBACK_ID;
    msg.event = VIR_NETWORK_EVENT_STOPPED;
    send_event(REMOTE_PROC_NETWORK_EVENT_LIFECYCLE,
               (xdrproc_t) xdr_remote_network_event_lifecycle_msg, &msg);
    g_assert_true(run_loop_until(&net_seen.calls, 2));
    g_assert_cmpint(net_seen.calls, ==, 2);
    g_assert_cmpint(net_seen.event, ==, VIR_NETWORK_EVENT_STOPPED);

    /* Each family deregisters its own ids only. */
    g_assert_cmpint(virConnectDomainEventDeregisterAny(conn, net_id), ==, -1);
    g_assert_cmpint(virConnectNetworkEventDeregisterAny(conn, dom_id), ==, -1);
    g_assert_cmpint(virConnectNetworkEventDeregisterAny(conn, net_id), ==, 0);
    g_assert_cmpint(deregistered_id, ==, SERVER_NETWORK_CALLBACK_ID);
    g_assert_cmpint(freed_count, ==, 1);
    g_assert_cmpint(virConnectDomainEventDeregisterAny(conn, dom_id), ==, 0);

    g_assert_cmpint(virConnectClose(conn), ==, 0);
    fake_daemon_stop(d);
    g_free(net_seen.name);
    g_free(dom_seen.name);
}

static void
quiet_handler(void *data, virErrorPtr err)
{
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    virSetErrorFunc(NULL, quiet_handler);
    g_assert_cmpint(virEventRegisterDefaultImpl(), ==, 0);

    g_test_add_func("/remote/events/callback-ids", test_callback_events);
    g_test_add_func("/remote/events/legacy", test_legacy_events);
    g_test_add_func("/remote/events/network", test_network_events);
    return g_test_run();
}
