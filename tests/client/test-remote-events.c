/* Tests of the remote driver against an in-process lib/rpc server: the domain events it sends, and each call's procedure, arguments and reply. */
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
#include "util/error.h"

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

static const MvRpcProcedure event_procedures[] = {
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

/* The calls' side: each call the server gets is kept (its procedure and
 * its arguments as decoded, encoded again), and answered with the next
 * queued reply, or the queued error. */
typedef struct {
    int procedure;
    GByteArray *args;
} SentCall;

static GQueue sent_calls = G_QUEUE_INIT;
static GQueue replies = G_QUEUE_INIT;    /* GByteArray, NULL: fail */

static const MvRpcProcedure *call_entry(int procedure);

static GByteArray *
xdr_encoded(xdrproc_t proc, const void *obj)
{
    g_autofree char *buf = g_malloc0(65536);
    GByteArray *bytes = g_byte_array_new();
    XDR xdr;

    if (!proc)
        return bytes;
    xdrmem_create(&xdr, buf, 65536, XDR_ENCODE);
    g_assert_true(proc(&xdr, (void *) obj, 0));
    g_byte_array_append(bytes, (guint8 *) buf, xdr_getpos(&xdr));
    xdr_destroy(&xdr);
    return bytes;
}

static int
h_call(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    const MvRpcProcedure *entry = call_entry(header->procedure);
    SentCall *call = g_new0(SentCall, 1);
    GByteArray *reply;
    XDR xdr;

    call->procedure = header->procedure;
    call->args = xdr_encoded(entry->args_proc, args);
    g_mutex_lock(&server_lock);
    g_queue_push_tail(&sent_calls, call);
    g_assert_false(g_queue_is_empty(&replies));
    reply = g_queue_pop_head(&replies);
    g_mutex_unlock(&server_lock);

    if (!reply) {
        mv_error_report_full("test", VIR_FROM_QEMU, VIR_ERR_OPERATION_INVALID, __FILE__,
                             __func__, __LINE__, "domain '%s' is not running", "fake");
        return -1;
    }
    if (entry->ret_proc) {
        xdrmem_create(&xdr, (char *) reply->data, reply->len, XDR_DECODE);
        g_assert_true(entry->ret_proc(&xdr, ret, 0));
        xdr_destroy(&xdr);
    }
    g_byte_array_unref(reply);
    return 0;
}

/* The procedures' _args and _ret structs, by their common name. */
#define CALL(proc, name) \
    { REMOTE_PROC_##proc, (xdrproc_t) xdr_remote_##name##_args, \
      (xdrproc_t) xdr_remote_##name##_ret, sizeof(remote_##name##_args), \
      sizeof(remote_##name##_ret), h_call, 0 }
#define CALL_NO_RET(proc, name) \
    { REMOTE_PROC_##proc, (xdrproc_t) xdr_remote_##name##_args, NULL, \
      sizeof(remote_##name##_args), 0, h_call, 0 }
#define CALL_NO_ARGS(proc, name) \
    { REMOTE_PROC_##proc, NULL, (xdrproc_t) xdr_remote_##name##_ret, 0, \
      sizeof(remote_##name##_ret), h_call, 0 }

static const MvRpcProcedure call_procedures[] = {
    CALL_NO_ARGS(CONNECT_GET_CAPABILITIES, connect_get_capabilities),
    CALL_NO_ARGS(CONNECT_GET_HOSTNAME, connect_get_hostname),
    CALL(CONNECT_GET_DOMAIN_CAPABILITIES, connect_get_domain_capabilities),
    CALL(CONNECT_LIST_ALL_DOMAINS, connect_list_all_domains),
    CALL(DOMAIN_LOOKUP_BY_ID, domain_lookup_by_id),
    CALL(DOMAIN_LOOKUP_BY_NAME, domain_lookup_by_name),
    CALL(DOMAIN_LOOKUP_BY_UUID, domain_lookup_by_uuid),
    CALL(DOMAIN_CREATE_XML, domain_create_xml),
    CALL(DOMAIN_DEFINE_XML, domain_define_xml),
    CALL(DOMAIN_DEFINE_XML_FLAGS, domain_define_xml_flags),
    CALL_NO_RET(DOMAIN_UNDEFINE, domain_undefine),
    CALL_NO_RET(DOMAIN_UNDEFINE_FLAGS, domain_undefine_flags),
    CALL(DOMAIN_CREATE_WITH_FLAGS, domain_create_with_flags),
    CALL_NO_RET(DOMAIN_DESTROY, domain_destroy),
    CALL_NO_RET(DOMAIN_DESTROY_FLAGS, domain_destroy_flags),
    CALL_NO_RET(DOMAIN_SHUTDOWN, domain_shutdown),
    CALL_NO_RET(DOMAIN_SHUTDOWN_FLAGS, domain_shutdown_flags),
    CALL_NO_RET(DOMAIN_REBOOT, domain_reboot),
    CALL_NO_RET(DOMAIN_ATTACH_DEVICE, domain_attach_device),
    CALL_NO_RET(DOMAIN_ATTACH_DEVICE_FLAGS, domain_attach_device_flags),
    CALL_NO_RET(DOMAIN_DETACH_DEVICE, domain_detach_device),
    CALL_NO_RET(DOMAIN_DETACH_DEVICE_FLAGS, domain_detach_device_flags),
    CALL_NO_RET(DOMAIN_SUSPEND, domain_suspend),
    CALL_NO_RET(DOMAIN_RESUME, domain_resume),
    CALL(DOMAIN_GET_INFO, domain_get_info),
    CALL(DOMAIN_GET_STATE, domain_get_state),
    CALL(DOMAIN_GET_XML_DESC, domain_get_xml_desc),
    CALL(DOMAIN_GET_AUTOSTART, domain_get_autostart),
    CALL_NO_RET(DOMAIN_SET_AUTOSTART, domain_set_autostart),
    CALL(DOMAIN_GET_OS_TYPE, domain_get_os_type),
    CALL(DOMAIN_GET_MAX_MEMORY, domain_get_max_memory),
    CALL(DOMAIN_GET_VCPUS_FLAGS, domain_get_vcpus_flags),
    CALL(DOMAIN_IS_ACTIVE, domain_is_active),
    CALL(DOMAIN_IS_PERSISTENT, domain_is_persistent),
    CALL(NETWORK_LOOKUP_BY_NAME, network_lookup_by_name),
    CALL(NETWORK_LOOKUP_BY_UUID, network_lookup_by_uuid),
    CALL(NETWORK_CREATE_XML, network_create_xml),
    CALL(NETWORK_DEFINE_XML, network_define_xml),
    CALL_NO_RET(NETWORK_UNDEFINE, network_undefine),
    CALL_NO_RET(NETWORK_UPDATE, network_update),
    CALL_NO_RET(NETWORK_CREATE, network_create),
    CALL_NO_RET(NETWORK_DESTROY, network_destroy),
    CALL(NETWORK_GET_XML_DESC, network_get_xml_desc),
    CALL(NETWORK_GET_BRIDGE_NAME, network_get_bridge_name),
    CALL(NETWORK_GET_AUTOSTART, network_get_autostart),
    CALL_NO_RET(NETWORK_SET_AUTOSTART, network_set_autostart),
    CALL(NETWORK_IS_ACTIVE, network_is_active),
    CALL(NETWORK_IS_PERSISTENT, network_is_persistent),
    CALL(NETWORK_PORT_LOOKUP_BY_UUID, network_port_lookup_by_uuid),
    CALL(NETWORK_PORT_CREATE_XML, network_port_create_xml),
    CALL(NETWORK_PORT_GET_XML_DESC, network_port_get_xml_desc),
    CALL_NO_RET(NETWORK_PORT_DELETE, network_port_delete),
    CALL(NODE_DEVICE_LOOKUP_BY_NAME, node_device_lookup_by_name),
    CALL(NODE_DEVICE_LOOKUP_SCSI_HOST_BY_WWN, node_device_lookup_scsi_host_by_wwn),
    CALL(NODE_DEVICE_GET_XML_DESC, node_device_get_xml_desc),
    CALL(NODE_DEVICE_GET_PARENT, node_device_get_parent),
    CALL(NODE_DEVICE_NUM_OF_CAPS, node_device_num_of_caps),
    CALL(NODE_DEVICE_LIST_CAPS, node_device_list_caps),
    CALL_NO_RET(NODE_DEVICE_DETTACH, node_device_dettach),
    CALL_NO_RET(NODE_DEVICE_DETACH_FLAGS, node_device_detach_flags),
    CALL_NO_RET(NODE_DEVICE_RE_ATTACH, node_device_re_attach),
    CALL_NO_RET(NODE_DEVICE_RESET, node_device_reset),
    CALL(NODE_DEVICE_CREATE_XML, node_device_create_xml),
    CALL_NO_RET(NODE_DEVICE_DESTROY, node_device_destroy),
};

static const MvRpcProcedure *
call_entry(int procedure)
{
    for (size_t i = 0; i < G_N_ELEMENTS(call_procedures); i++) {
        if (call_procedures[i].procedure == procedure)
            return &call_procedures[i];
    }
    g_assert_not_reached();
}

/* Both tables, sorted by procedure number as the server wants: built by main. */
static MvRpcProcedure procedures[G_N_ELEMENTS(event_procedures) + G_N_ELEMENTS(call_procedures)];
static MvRpcProgram program = {
    REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION, procedures, G_N_ELEMENTS(procedures),
};

static int
procedure_cmp(const void *a, const void *b)
{
    return ((const MvRpcProcedure *) a)->procedure - ((const MvRpcProcedure *) b)->procedure;
}

static void
procedures_build(void)
{
    memcpy(procedures, event_procedures, sizeof(event_procedures));
    memcpy(procedures + G_N_ELEMENTS(event_procedures), call_procedures, sizeof(call_procedures));
    qsort(procedures, G_N_ELEMENTS(procedures), sizeof(procedures[0]), procedure_cmp);
    g_assert_cmpint(mv_rpc_program_check(&program), ==, 0);
}

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

typedef struct {
    int calls;
    char *name;
    char *alias;
} SeenRemoved;

static void
device_removed_cb(virConnectPtr conn, virDomainPtr dom, const char *alias, void *opaque)
{
    SeenRemoved *seen = opaque;

    seen->calls++;
    g_free(seen->name);
    g_free(seen->alias);
    seen->name = g_strdup(virDomainGetName(dom));
    seen->alias = g_strdup(alias);
}

/* The device-removed event in both of its forms: with the daemon's
 * callback id (333, feature 14) and without (311); the callback gets
 * the device's alias. */
static void
test_device_removed_events(void)
{
    remote_domain_event_callback_device_removed_msg cb_msg = {
        .callbackID = SERVER_CALLBACK_ID,
        .msg = { .dom = ev_domain(), .devAlias = (char *) "net1" },
    };
    remote_domain_event_device_removed_msg legacy_msg = {
        .dom = ev_domain(), .devAlias = (char *) "hostdev0",
    };

    for (int legacy = 0; legacy <= 1; legacy++) {
        FakeDaemon *d;
        virConnectPtr conn;
        SeenRemoved seen = { 0 };
        int id;

        reset_server(!legacy);
        d = fake_daemon_start();
        conn = virConnectOpen(d->uri);
        g_assert_nonnull(conn);
        id = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
                                              VIR_DOMAIN_EVENT_CALLBACK(device_removed_cb),
                                              &seen, NULL);
        g_assert_cmpint(id, >=, 0);
        g_assert_cmpint(register_calls, ==, 1);

        if (legacy)
            send_event(REMOTE_PROC_DOMAIN_EVENT_DEVICE_REMOVED,
                       (xdrproc_t) xdr_remote_domain_event_device_removed_msg, &legacy_msg);
        else
            send_event(REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED,
                       (xdrproc_t) xdr_remote_domain_event_callback_device_removed_msg, &cb_msg);
        g_assert_true(run_loop_until(&seen.calls, 1));
        g_assert_cmpstr(seen.name, ==, "ev1");
        g_assert_cmpstr(seen.alias, ==, legacy ? "hostdev0" : "net1");

        g_assert_cmpint(virConnectDomainEventDeregisterAny(conn, id), ==, 0);
        g_assert_cmpint(deregister_calls, ==, 1);
        g_assert_cmpint(virConnectClose(conn), ==, 0);
        fake_daemon_stop(d);
        g_free(seen.name);
        g_free(seen.alias);
    }
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

/* The next call is answered with reply, as ret_proc encodes it. */
static void
queue_reply(xdrproc_t ret_proc, const void *reply)
{
    g_mutex_lock(&server_lock);
    g_queue_push_tail(&replies, xdr_encoded(ret_proc, reply));
    g_mutex_unlock(&server_lock);
}

static void
queue_empty_reply(void)
{
    g_mutex_lock(&server_lock);
    g_queue_push_tail(&replies, g_byte_array_new());
    g_mutex_unlock(&server_lock);
}

static void
queue_error(void)
{
    g_mutex_lock(&server_lock);
    g_queue_push_tail(&replies, NULL);
    g_mutex_unlock(&server_lock);
}

/* The oldest call not yet checked was procedure with args, as args_proc
 * encodes them. */
static void
assert_sent(int procedure, xdrproc_t args_proc, const void *args)
{
    g_autoptr(GByteArray) want = xdr_encoded(args_proc, args);
    SentCall *call;

    g_mutex_lock(&server_lock);
    call = g_queue_pop_head(&sent_calls);
    g_mutex_unlock(&server_lock);
    g_assert_nonnull(call);
    g_assert_cmpint(call->procedure, ==, procedure);
    g_assert_cmpmem(call->args->data, call->args->len, want->data, want->len);
    g_byte_array_unref(call->args);
    g_free(call);
}

static void
assert_all_checked(void)
{
    g_assert_true(g_queue_is_empty(&sent_calls));
    g_assert_true(g_queue_is_empty(&replies));
}

static void
assert_server_error(void)
{
    virErrorPtr err = virGetLastError();

    g_assert_nonnull(err);
    g_assert_cmpint(err->code, ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpint(err->domain, ==, VIR_FROM_QEMU);
    g_assert_cmpstr(err->message, ==,
                    "Requested operation is not valid: domain 'fake' is not running");
}

static const unsigned char call_uuid[VIR_UUID_BUFLEN] = {
    0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01,
};

static remote_nonnull_domain
wire_domain(virDomainPtr dom)
{
    remote_nonnull_domain wire = { .name = (char *) virDomainGetName(dom),
                                   .id = (int) virDomainGetID(dom) };

    g_assert_cmpint(virDomainGetUUID(dom, (unsigned char *) wire.uuid), ==, 0);
    return wire;
}

static remote_nonnull_network
wire_network(virNetworkPtr net)
{
    remote_nonnull_network wire = { .name = (char *) virNetworkGetName(net) };

    g_assert_cmpint(virNetworkGetUUID(net, (unsigned char *) wire.uuid), ==, 0);
    return wire;
}

static const char xml_in[] = "<x/>";

/* Every domain call: its procedure (the older one without flags, as
 * libvirt's client), its arguments and what it makes of the reply. */
static void
test_domain_calls(void)
{
    FakeDaemon *d;
    virConnectPtr conn;
    virDomainPtr dom;
    virDomainPtr other;
    virDomainInfo info;
    remote_nonnull_domain wire = { .name = (char *) "dc1", .id = 4 };
    char *s;
    int state = -1, reason = -1, autostart = -1;

    memcpy(wire.uuid, call_uuid, VIR_UUID_BUFLEN);
    reset_server(true);
    d = fake_daemon_start();
    conn = virConnectOpen(d->uri);
    g_assert_nonnull(conn);

    {
        remote_domain_lookup_by_name_args a = { .name = (char *) "dc1" };
        remote_domain_lookup_by_name_ret r = { .dom = wire };

        queue_reply((xdrproc_t) xdr_remote_domain_lookup_by_name_ret, &r);
        dom = virDomainLookupByName(conn, "dc1");
        g_assert_nonnull(dom);
        assert_sent(REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
                    (xdrproc_t) xdr_remote_domain_lookup_by_name_args, &a);
        g_assert_cmpstr(virDomainGetName(dom), ==, "dc1");
        g_assert_cmpint(virDomainGetID(dom), ==, 4);
    }
    {
        remote_domain_lookup_by_id_args a = { .id = 4 };
        remote_domain_lookup_by_id_ret r = { .dom = wire };

        queue_reply((xdrproc_t) xdr_remote_domain_lookup_by_id_ret, &r);
        other = virDomainLookupByID(conn, 4);
        g_assert_nonnull(other);
        assert_sent(REMOTE_PROC_DOMAIN_LOOKUP_BY_ID,
                    (xdrproc_t) xdr_remote_domain_lookup_by_id_args, &a);
        virDomainFree(other);
    }
    {
        remote_domain_lookup_by_uuid_args a;
        remote_domain_lookup_by_uuid_ret r = { .dom = wire };

        memcpy(a.uuid, call_uuid, VIR_UUID_BUFLEN);
        queue_reply((xdrproc_t) xdr_remote_domain_lookup_by_uuid_ret, &r);
        other = virDomainLookupByUUID(conn, call_uuid);
        g_assert_nonnull(other);
        assert_sent(REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID,
                    (xdrproc_t) xdr_remote_domain_lookup_by_uuid_args, &a);
        virDomainFree(other);
    }
    {
        remote_domain_create_xml_args a = { .xml_desc = (char *) xml_in, .flags = 1 };
        remote_domain_create_xml_ret r = { .dom = wire };

        queue_reply((xdrproc_t) xdr_remote_domain_create_xml_ret, &r);
        other = virDomainCreateXML(conn, xml_in, 1);
        g_assert_nonnull(other);
        assert_sent(REMOTE_PROC_DOMAIN_CREATE_XML, (xdrproc_t) xdr_remote_domain_create_xml_args,
                    &a);
        virDomainFree(other);
    }
    {
        remote_domain_define_xml_args a = { .xml = (char *) xml_in };
        remote_domain_define_xml_flags_args af = { .xml = (char *) xml_in, .flags = 2 };
        remote_domain_define_xml_ret r = { .dom = wire };

        queue_reply((xdrproc_t) xdr_remote_domain_define_xml_ret, &r);
        other = virDomainDefineXML(conn, xml_in);
        g_assert_nonnull(other);
        assert_sent(REMOTE_PROC_DOMAIN_DEFINE_XML, (xdrproc_t) xdr_remote_domain_define_xml_args,
                    &a);
        virDomainFree(other);
        queue_reply((xdrproc_t) xdr_remote_domain_define_xml_ret, &r);
        other = virDomainDefineXMLFlags(conn, xml_in, 2);
        g_assert_nonnull(other);
        assert_sent(REMOTE_PROC_DOMAIN_DEFINE_XML_FLAGS,
                    (xdrproc_t) xdr_remote_domain_define_xml_flags_args, &af);
        virDomainFree(other);
    }
    {
        remote_domain_undefine_args a = { .dom = wire_domain(dom) };
        remote_domain_undefine_flags_args af = { .dom = wire_domain(dom), .flags = 4 };

        queue_empty_reply();
        g_assert_cmpint(virDomainUndefine(dom), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_UNDEFINE, (xdrproc_t) xdr_remote_domain_undefine_args, &a);
        queue_empty_reply();
        g_assert_cmpint(virDomainUndefineFlags(dom, 0), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_UNDEFINE, (xdrproc_t) xdr_remote_domain_undefine_args, &a);
        queue_empty_reply();
        g_assert_cmpint(virDomainUndefineFlags(dom, 4), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_UNDEFINE_FLAGS,
                    (xdrproc_t) xdr_remote_domain_undefine_flags_args, &af);
    }
    {
        remote_domain_destroy_args a = { .dom = wire_domain(dom) };
        remote_domain_destroy_flags_args af = { .dom = wire_domain(dom), .flags = 1 };

        queue_error();
        g_assert_cmpint(virDomainDestroy(dom), ==, -1);
        assert_server_error();
        assert_sent(REMOTE_PROC_DOMAIN_DESTROY, (xdrproc_t) xdr_remote_domain_destroy_args, &a);
        g_assert_cmpint(virDomainGetID(dom), ==, 4);
        queue_empty_reply();
        g_assert_cmpint(virDomainDestroyFlags(dom, 1), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_DESTROY_FLAGS,
                    (xdrproc_t) xdr_remote_domain_destroy_flags_args, &af);
        /* A stopped domain has no id any more. */
        g_assert_cmpuint(virDomainGetID(dom), ==, (unsigned int) -1);
        queue_empty_reply();
        g_assert_cmpint(virDomainDestroy(dom), ==, 0);
        a.dom = wire_domain(dom);
        assert_sent(REMOTE_PROC_DOMAIN_DESTROY, (xdrproc_t) xdr_remote_domain_destroy_args, &a);
    }
    {
        remote_domain_create_with_flags_args a = { .dom = wire_domain(dom), .flags = 0 };
        remote_domain_create_with_flags_ret r = { .dom = wire };

        r.dom.id = 9;
        queue_reply((xdrproc_t) xdr_remote_domain_create_with_flags_ret, &r);
        g_assert_cmpint(virDomainCreate(dom), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS,
                    (xdrproc_t) xdr_remote_domain_create_with_flags_args, &a);
        g_assert_cmpint(virDomainGetID(dom), ==, 9);
        queue_error();
        a.dom = wire_domain(dom);
        a.flags = 1;
        g_assert_cmpint(virDomainCreateWithFlags(dom, 1), ==, -1);
        assert_server_error();
        assert_sent(REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS,
                    (xdrproc_t) xdr_remote_domain_create_with_flags_args, &a);
        g_assert_cmpint(virDomainGetID(dom), ==, 9);
    }
    {
        remote_domain_shutdown_args a = { .dom = wire_domain(dom) };
        remote_domain_shutdown_flags_args af = { .dom = wire_domain(dom), .flags = 1 };
        remote_domain_reboot_args ar = { .dom = wire_domain(dom), .flags = 2 };

        queue_empty_reply();
        g_assert_cmpint(virDomainShutdown(dom), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_SHUTDOWN, (xdrproc_t) xdr_remote_domain_shutdown_args, &a);
        queue_empty_reply();
        g_assert_cmpint(virDomainShutdownFlags(dom, 1), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_SHUTDOWN_FLAGS,
                    (xdrproc_t) xdr_remote_domain_shutdown_flags_args, &af);
        queue_error();
        g_assert_cmpint(virDomainShutdownFlags(dom, 1), ==, -1);
        assert_server_error();
        assert_sent(REMOTE_PROC_DOMAIN_SHUTDOWN_FLAGS,
                    (xdrproc_t) xdr_remote_domain_shutdown_flags_args, &af);
        queue_empty_reply();
        g_assert_cmpint(virDomainReboot(dom, 2), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_REBOOT, (xdrproc_t) xdr_remote_domain_reboot_args, &ar);
    }
    {
        remote_domain_attach_device_args a = { .dom = wire_domain(dom), .xml = (char *) xml_in };
        remote_domain_attach_device_flags_args af = { .dom = wire_domain(dom),
                                                      .xml = (char *) xml_in, .flags = 0 };
        remote_domain_detach_device_args b = { .dom = wire_domain(dom), .xml = (char *) xml_in };
        remote_domain_detach_device_flags_args bf = { .dom = wire_domain(dom),
                                                      .xml = (char *) xml_in, .flags = 3 };

        queue_empty_reply();
        g_assert_cmpint(virDomainAttachDevice(dom, xml_in), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_ATTACH_DEVICE,
                    (xdrproc_t) xdr_remote_domain_attach_device_args, &a);
        /* With flags, even none, the _FLAGS procedure. */
        queue_empty_reply();
        g_assert_cmpint(virDomainAttachDeviceFlags(dom, xml_in, 0), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_ATTACH_DEVICE_FLAGS,
                    (xdrproc_t) xdr_remote_domain_attach_device_flags_args, &af);
        queue_error();
        g_assert_cmpint(virDomainDetachDevice(dom, xml_in), ==, -1);
        assert_server_error();
        assert_sent(REMOTE_PROC_DOMAIN_DETACH_DEVICE,
                    (xdrproc_t) xdr_remote_domain_detach_device_args, &b);
        queue_empty_reply();
        g_assert_cmpint(virDomainDetachDeviceFlags(dom, xml_in, 3), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_DETACH_DEVICE_FLAGS,
                    (xdrproc_t) xdr_remote_domain_detach_device_flags_args, &bf);
    }
    {
        remote_domain_suspend_args a = { .dom = wire_domain(dom) };
        remote_domain_resume_args b = { .dom = wire_domain(dom) };

        queue_empty_reply();
        g_assert_cmpint(virDomainSuspend(dom), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_SUSPEND, (xdrproc_t) xdr_remote_domain_suspend_args, &a);
        queue_error();
        g_assert_cmpint(virDomainResume(dom), ==, -1);
        assert_server_error();
        assert_sent(REMOTE_PROC_DOMAIN_RESUME, (xdrproc_t) xdr_remote_domain_resume_args, &b);
    }
    {
        remote_domain_get_info_args a = { .dom = wire_domain(dom) };
        remote_domain_get_info_ret r = { .state = 3, .maxMem = 2048, .memory = 1024,
                                         .nrVirtCpu = 2, .cpuTime = 77 };

        queue_reply((xdrproc_t) xdr_remote_domain_get_info_ret, &r);
        g_assert_cmpint(virDomainGetInfo(dom, &info), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_GET_INFO, (xdrproc_t) xdr_remote_domain_get_info_args, &a);
        g_assert_cmpint(info.state, ==, 3);
        g_assert_cmpuint(info.maxMem, ==, 2048);
        g_assert_cmpuint(info.memory, ==, 1024);
        g_assert_cmpint(info.nrVirtCpu, ==, 2);
        g_assert_cmpuint(info.cpuTime, ==, 77);
        queue_error();
        g_assert_cmpint(virDomainGetInfo(dom, &info), ==, -1);
        assert_server_error();
        assert_sent(REMOTE_PROC_DOMAIN_GET_INFO, (xdrproc_t) xdr_remote_domain_get_info_args, &a);
    }
    {
        remote_domain_get_state_args a = { .dom = wire_domain(dom), .flags = 0 };
        remote_domain_get_state_ret r = { .state = 1, .reason = 2 };

        queue_reply((xdrproc_t) xdr_remote_domain_get_state_ret, &r);
        g_assert_cmpint(virDomainGetState(dom, &state, &reason, 0), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_GET_STATE, (xdrproc_t) xdr_remote_domain_get_state_args,
                    &a);
        g_assert_cmpint(state, ==, 1);
        g_assert_cmpint(reason, ==, 2);
        queue_reply((xdrproc_t) xdr_remote_domain_get_state_ret, &r);
        g_assert_cmpint(virDomainGetState(dom, &state, NULL, 0), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_GET_STATE, (xdrproc_t) xdr_remote_domain_get_state_args,
                    &a);
    }
    {
        remote_domain_get_xml_desc_args a = { .dom = wire_domain(dom), .flags = 2 };
        remote_domain_get_xml_desc_ret r = { .xml = (char *) "<domain/>" };

        queue_reply((xdrproc_t) xdr_remote_domain_get_xml_desc_ret, &r);
        s = virDomainGetXMLDesc(dom, 2);
        assert_sent(REMOTE_PROC_DOMAIN_GET_XML_DESC,
                    (xdrproc_t) xdr_remote_domain_get_xml_desc_args, &a);
        g_assert_cmpstr(s, ==, "<domain/>");
        g_free(s);
        queue_error();
        g_assert_null(virDomainGetXMLDesc(dom, 2));
        assert_server_error();
        assert_sent(REMOTE_PROC_DOMAIN_GET_XML_DESC,
                    (xdrproc_t) xdr_remote_domain_get_xml_desc_args, &a);
    }
    {
        remote_domain_get_autostart_args a = { .dom = wire_domain(dom) };
        remote_domain_get_autostart_ret r = { .autostart = 1 };
        remote_domain_set_autostart_args b = { .dom = wire_domain(dom), .autostart = 1 };

        queue_reply((xdrproc_t) xdr_remote_domain_get_autostart_ret, &r);
        g_assert_cmpint(virDomainGetAutostart(dom, &autostart), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_GET_AUTOSTART,
                    (xdrproc_t) xdr_remote_domain_get_autostart_args, &a);
        g_assert_cmpint(autostart, ==, 1);
        queue_empty_reply();
        g_assert_cmpint(virDomainSetAutostart(dom, 1), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_SET_AUTOSTART,
                    (xdrproc_t) xdr_remote_domain_set_autostart_args, &b);
    }
    {
        remote_domain_get_os_type_args a = { .dom = wire_domain(dom) };
        remote_domain_get_os_type_ret r = { .type = (char *) "hvm" };

        queue_reply((xdrproc_t) xdr_remote_domain_get_os_type_ret, &r);
        s = virDomainGetOSType(dom);
        assert_sent(REMOTE_PROC_DOMAIN_GET_OS_TYPE, (xdrproc_t) xdr_remote_domain_get_os_type_args,
                    &a);
        g_assert_cmpstr(s, ==, "hvm");
        g_free(s);
    }
    {
        remote_domain_get_max_memory_args a = { .dom = wire_domain(dom) };
        remote_domain_get_max_memory_ret r = { .memory = 524288 };

        queue_reply((xdrproc_t) xdr_remote_domain_get_max_memory_ret, &r);
        g_assert_cmpuint(virDomainGetMaxMemory(dom), ==, 524288);
        assert_sent(REMOTE_PROC_DOMAIN_GET_MAX_MEMORY,
                    (xdrproc_t) xdr_remote_domain_get_max_memory_args, &a);
        queue_error();
        g_assert_cmpuint(virDomainGetMaxMemory(dom), ==, 0);
        assert_server_error();
        assert_sent(REMOTE_PROC_DOMAIN_GET_MAX_MEMORY,
                    (xdrproc_t) xdr_remote_domain_get_max_memory_args, &a);
    }
    {
        remote_domain_get_vcpus_flags_args a = { .dom = wire_domain(dom), .flags = 2 };
        remote_domain_get_vcpus_flags_ret r = { .num = 3 };

        queue_reply((xdrproc_t) xdr_remote_domain_get_vcpus_flags_ret, &r);
        g_assert_cmpint(virDomainGetVcpusFlags(dom, 2), ==, 3);
        assert_sent(REMOTE_PROC_DOMAIN_GET_VCPUS_FLAGS,
                    (xdrproc_t) xdr_remote_domain_get_vcpus_flags_args, &a);
    }
    {
        remote_domain_is_active_args a = { .dom = wire_domain(dom) };
        remote_domain_is_active_ret r = { .active = 5 };
        remote_domain_is_persistent_args b = { .dom = wire_domain(dom) };
        remote_domain_is_persistent_ret rb = { .persistent = 0 };

        queue_reply((xdrproc_t) xdr_remote_domain_is_active_ret, &r);
        g_assert_cmpint(virDomainIsActive(dom), ==, 1);
        assert_sent(REMOTE_PROC_DOMAIN_IS_ACTIVE, (xdrproc_t) xdr_remote_domain_is_active_args, &a);
        queue_reply((xdrproc_t) xdr_remote_domain_is_persistent_ret, &rb);
        g_assert_cmpint(virDomainIsPersistent(dom), ==, 0);
        assert_sent(REMOTE_PROC_DOMAIN_IS_PERSISTENT,
                    (xdrproc_t) xdr_remote_domain_is_persistent_args, &b);
        queue_error();
        g_assert_cmpint(virDomainIsPersistent(dom), ==, -1);
        assert_server_error();
        assert_sent(REMOTE_PROC_DOMAIN_IS_PERSISTENT,
                    (xdrproc_t) xdr_remote_domain_is_persistent_args, &b);
    }
    {
        remote_connect_list_all_domains_args a = { .need_results = 1, .flags = 1 };
        remote_nonnull_domain listed[2] = { wire, wire };
        remote_connect_list_all_domains_ret r = { .domains = { 2, listed }, .ret = 2 };
        virDomainPtr *doms = NULL;

        listed[1].name = (char *) "dc2";
        queue_reply((xdrproc_t) xdr_remote_connect_list_all_domains_ret, &r);
        g_assert_cmpint(virConnectListAllDomains(conn, &doms, 1), ==, 2);
        assert_sent(REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS,
                    (xdrproc_t) xdr_remote_connect_list_all_domains_args, &a);
        g_assert_cmpstr(virDomainGetName(doms[1]), ==, "dc2");
        g_assert_null(doms[2]);
        virDomainFree(doms[0]);
        virDomainFree(doms[1]);
        g_free(doms);
    }

    assert_all_checked();
    virDomainFree(dom);
    g_assert_cmpint(virConnectClose(conn), ==, 0);
    fake_daemon_stop(d);
}

/* The connection's string calls. */
static void
test_connect_calls(void)
{
    FakeDaemon *d;
    virConnectPtr conn;
    char *s;

    reset_server(true);
    d = fake_daemon_start();
    conn = virConnectOpen(d->uri);
    g_assert_nonnull(conn);

    {
        remote_connect_get_hostname_ret r = { .hostname = (char *) "fakehost" };

        queue_reply((xdrproc_t) xdr_remote_connect_get_hostname_ret, &r);
        s = virConnectGetHostname(conn);
        assert_sent(REMOTE_PROC_CONNECT_GET_HOSTNAME, NULL, NULL);
        g_assert_cmpstr(s, ==, "fakehost");
        g_free(s);
        queue_error();
        g_assert_null(virConnectGetHostname(conn));
        assert_server_error();
        assert_sent(REMOTE_PROC_CONNECT_GET_HOSTNAME, NULL, NULL);
    }
    {
        remote_connect_get_capabilities_ret r = { .capabilities = (char *) "<capabilities/>" };

        queue_reply((xdrproc_t) xdr_remote_connect_get_capabilities_ret, &r);
        s = virConnectGetCapabilities(conn);
        assert_sent(REMOTE_PROC_CONNECT_GET_CAPABILITIES, NULL, NULL);
        g_assert_cmpstr(s, ==, "<capabilities/>");
        g_free(s);
    }
    {
        char *arch = (char *) "x86_64";
        remote_connect_get_domain_capabilities_args a = { .arch = &arch, .flags = 0 };
        remote_connect_get_domain_capabilities_ret r = { .capabilities = (char *) "<domcaps/>" };

        queue_reply((xdrproc_t) xdr_remote_connect_get_domain_capabilities_ret, &r);
        s = virConnectGetDomainCapabilities(conn, NULL, "x86_64", NULL, NULL, 0);
        assert_sent(REMOTE_PROC_CONNECT_GET_DOMAIN_CAPABILITIES,
                    (xdrproc_t) xdr_remote_connect_get_domain_capabilities_args, &a);
        g_assert_cmpstr(s, ==, "<domcaps/>");
        g_free(s);
    }

    assert_all_checked();
    g_assert_cmpint(virConnectClose(conn), ==, 0);
    fake_daemon_stop(d);
}

/* Every network and port call but the events'. */
static void
test_network_calls(void)
{
    FakeDaemon *d;
    virConnectPtr conn;
    virNetworkPtr net;
    virNetworkPtr other;
    virNetworkPortPtr port;
    virNetworkPortPtr other_port;
    remote_nonnull_network wire = { .name = (char *) "nc1" };
    remote_nonnull_network_port wire_port;
    unsigned char got[VIR_UUID_BUFLEN];
    char *s;
    int autostart = -1;

    memcpy(wire.uuid, call_uuid, VIR_UUID_BUFLEN);
    wire_port.net = wire;
    memcpy(wire_port.uuid, call_uuid, VIR_UUID_BUFLEN);
    wire_port.uuid[0] = 0x42;
    reset_server(true);
    d = fake_daemon_start();
    conn = virConnectOpen(d->uri);
    g_assert_nonnull(conn);

    {
        remote_network_lookup_by_name_args a = { .name = (char *) "nc1" };
        remote_network_lookup_by_name_ret r = { .net = wire };

        queue_reply((xdrproc_t) xdr_remote_network_lookup_by_name_ret, &r);
        net = virNetworkLookupByName(conn, "nc1");
        g_assert_nonnull(net);
        assert_sent(REMOTE_PROC_NETWORK_LOOKUP_BY_NAME,
                    (xdrproc_t) xdr_remote_network_lookup_by_name_args, &a);
        g_assert_cmpstr(virNetworkGetName(net), ==, "nc1");
        queue_error();
        g_assert_null(virNetworkLookupByName(conn, "nc1"));
        assert_server_error();
        assert_sent(REMOTE_PROC_NETWORK_LOOKUP_BY_NAME,
                    (xdrproc_t) xdr_remote_network_lookup_by_name_args, &a);
    }
    {
        remote_network_lookup_by_uuid_args a;
        remote_network_lookup_by_uuid_ret r = { .net = wire };

        memcpy(a.uuid, call_uuid, VIR_UUID_BUFLEN);
        queue_reply((xdrproc_t) xdr_remote_network_lookup_by_uuid_ret, &r);
        other = virNetworkLookupByUUID(conn, call_uuid);
        g_assert_nonnull(other);
        assert_sent(REMOTE_PROC_NETWORK_LOOKUP_BY_UUID,
                    (xdrproc_t) xdr_remote_network_lookup_by_uuid_args, &a);
        virNetworkFree(other);
    }
    {
        remote_network_create_xml_args a = { .xml = (char *) xml_in };
        remote_network_create_xml_ret r = { .net = wire };
        remote_network_define_xml_args b = { .xml = (char *) xml_in };
        remote_network_define_xml_ret rb = { .net = wire };

        queue_reply((xdrproc_t) xdr_remote_network_create_xml_ret, &r);
        other = virNetworkCreateXML(conn, xml_in);
        g_assert_nonnull(other);
        assert_sent(REMOTE_PROC_NETWORK_CREATE_XML, (xdrproc_t) xdr_remote_network_create_xml_args,
                    &a);
        virNetworkFree(other);
        queue_reply((xdrproc_t) xdr_remote_network_define_xml_ret, &rb);
        other = virNetworkDefineXML(conn, xml_in);
        g_assert_nonnull(other);
        assert_sent(REMOTE_PROC_NETWORK_DEFINE_XML, (xdrproc_t) xdr_remote_network_define_xml_args,
                    &b);
        virNetworkFree(other);
    }
    {
        remote_network_undefine_args a = { .net = wire_network(net) };
        remote_network_create_args b = { .net = wire_network(net) };
        remote_network_destroy_args c = { .net = wire_network(net) };
        remote_network_update_args u = { .net = wire_network(net), .command = 1, .section = 2,
                                         .parentIndex = -1, .xml = (char *) xml_in, .flags = 3 };

        queue_empty_reply();
        g_assert_cmpint(virNetworkUndefine(net), ==, 0);
        assert_sent(REMOTE_PROC_NETWORK_UNDEFINE, (xdrproc_t) xdr_remote_network_undefine_args, &a);
        queue_error();
        g_assert_cmpint(virNetworkCreate(net), ==, -1);
        assert_server_error();
        assert_sent(REMOTE_PROC_NETWORK_CREATE, (xdrproc_t) xdr_remote_network_create_args, &b);
        queue_empty_reply();
        g_assert_cmpint(virNetworkDestroy(net), ==, 0);
        assert_sent(REMOTE_PROC_NETWORK_DESTROY, (xdrproc_t) xdr_remote_network_destroy_args, &c);
        queue_empty_reply();
        g_assert_cmpint(virNetworkUpdate(net, 1, 2, -1, xml_in, 3), ==, 0);
        assert_sent(REMOTE_PROC_NETWORK_UPDATE, (xdrproc_t) xdr_remote_network_update_args, &u);
    }
    {
        remote_network_get_xml_desc_args a = { .net = wire_network(net), .flags = 1 };
        remote_network_get_xml_desc_ret r = { .xml = (char *) "<network/>" };
        remote_network_get_bridge_name_args b = { .net = wire_network(net) };
        remote_network_get_bridge_name_ret rb = { .name = (char *) "virbr7" };

        queue_reply((xdrproc_t) xdr_remote_network_get_xml_desc_ret, &r);
        s = virNetworkGetXMLDesc(net, 1);
        assert_sent(REMOTE_PROC_NETWORK_GET_XML_DESC,
                    (xdrproc_t) xdr_remote_network_get_xml_desc_args, &a);
        g_assert_cmpstr(s, ==, "<network/>");
        g_free(s);
        queue_reply((xdrproc_t) xdr_remote_network_get_bridge_name_ret, &rb);
        s = virNetworkGetBridgeName(net);
        assert_sent(REMOTE_PROC_NETWORK_GET_BRIDGE_NAME,
                    (xdrproc_t) xdr_remote_network_get_bridge_name_args, &b);
        g_assert_cmpstr(s, ==, "virbr7");
        g_free(s);
        queue_error();
        g_assert_null(virNetworkGetBridgeName(net));
        assert_server_error();
        assert_sent(REMOTE_PROC_NETWORK_GET_BRIDGE_NAME,
                    (xdrproc_t) xdr_remote_network_get_bridge_name_args, &b);
    }
    {
        remote_network_get_autostart_args a = { .net = wire_network(net) };
        remote_network_get_autostart_ret r = { .autostart = 1 };
        remote_network_set_autostart_args b = { .net = wire_network(net), .autostart = 0 };
        remote_network_is_active_args c = { .net = wire_network(net) };
        remote_network_is_active_ret rc = { .active = 1 };
        remote_network_is_persistent_args e = { .net = wire_network(net) };
        remote_network_is_persistent_ret re = { .persistent = 7 };

        queue_reply((xdrproc_t) xdr_remote_network_get_autostart_ret, &r);
        g_assert_cmpint(virNetworkGetAutostart(net, &autostart), ==, 0);
        assert_sent(REMOTE_PROC_NETWORK_GET_AUTOSTART,
                    (xdrproc_t) xdr_remote_network_get_autostart_args, &a);
        g_assert_cmpint(autostart, ==, 1);
        queue_empty_reply();
        g_assert_cmpint(virNetworkSetAutostart(net, 0), ==, 0);
        assert_sent(REMOTE_PROC_NETWORK_SET_AUTOSTART,
                    (xdrproc_t) xdr_remote_network_set_autostart_args, &b);
        queue_reply((xdrproc_t) xdr_remote_network_is_active_ret, &rc);
        g_assert_cmpint(virNetworkIsActive(net), ==, 1);
        assert_sent(REMOTE_PROC_NETWORK_IS_ACTIVE, (xdrproc_t) xdr_remote_network_is_active_args,
                    &c);
        queue_reply((xdrproc_t) xdr_remote_network_is_persistent_ret, &re);
        g_assert_cmpint(virNetworkIsPersistent(net), ==, 1);
        assert_sent(REMOTE_PROC_NETWORK_IS_PERSISTENT,
                    (xdrproc_t) xdr_remote_network_is_persistent_args, &e);
        queue_error();
        g_assert_cmpint(virNetworkIsActive(net), ==, -1);
        assert_server_error();
        assert_sent(REMOTE_PROC_NETWORK_IS_ACTIVE, (xdrproc_t) xdr_remote_network_is_active_args,
                    &c);
    }
    {
        remote_network_port_lookup_by_uuid_args a = { .network = wire_network(net) };
        remote_network_port_lookup_by_uuid_ret r = { .port = wire_port };
        remote_network_port_create_xml_args b = { .network = wire_network(net),
                                                  .xml = (char *) xml_in, .flags = 1 };
        remote_network_port_create_xml_ret rb = { .port = wire_port };

        memcpy(a.uuid, wire_port.uuid, VIR_UUID_BUFLEN);
        queue_reply((xdrproc_t) xdr_remote_network_port_lookup_by_uuid_ret, &r);
        port = virNetworkPortLookupByUUID(net, (const unsigned char *) wire_port.uuid);
        g_assert_nonnull(port);
        assert_sent(REMOTE_PROC_NETWORK_PORT_LOOKUP_BY_UUID,
                    (xdrproc_t) xdr_remote_network_port_lookup_by_uuid_args, &a);
        g_assert_cmpint(virNetworkPortGetUUID(port, got), ==, 0);
        g_assert_cmpmem(got, VIR_UUID_BUFLEN, wire_port.uuid, VIR_UUID_BUFLEN);
        g_assert_true(virNetworkPortGetNetwork(port) == net);
        queue_error();
        g_assert_null(virNetworkPortLookupByUUID(net, (const unsigned char *) wire_port.uuid));
        assert_server_error();
        assert_sent(REMOTE_PROC_NETWORK_PORT_LOOKUP_BY_UUID,
                    (xdrproc_t) xdr_remote_network_port_lookup_by_uuid_args, &a);
        queue_reply((xdrproc_t) xdr_remote_network_port_create_xml_ret, &rb);
        other_port = virNetworkPortCreateXML(net, xml_in, 1);
        g_assert_nonnull(other_port);
        assert_sent(REMOTE_PROC_NETWORK_PORT_CREATE_XML,
                    (xdrproc_t) xdr_remote_network_port_create_xml_args, &b);
        virNetworkPortFree(other_port);
    }
    {
        remote_network_port_get_xml_desc_args a = { .port = wire_port, .flags = 0 };
        remote_network_port_get_xml_desc_ret r = { .xml = (char *) "<networkport/>" };
        remote_network_port_delete_args b = { .port = wire_port, .flags = 2 };

        queue_reply((xdrproc_t) xdr_remote_network_port_get_xml_desc_ret, &r);
        s = virNetworkPortGetXMLDesc(port, 0);
        assert_sent(REMOTE_PROC_NETWORK_PORT_GET_XML_DESC,
                    (xdrproc_t) xdr_remote_network_port_get_xml_desc_args, &a);
        g_assert_cmpstr(s, ==, "<networkport/>");
        g_free(s);
        queue_empty_reply();
        g_assert_cmpint(virNetworkPortDelete(port, 2), ==, 0);
        assert_sent(REMOTE_PROC_NETWORK_PORT_DELETE,
                    (xdrproc_t) xdr_remote_network_port_delete_args, &b);
    }

    assert_all_checked();
    virNetworkPortFree(port);
    virNetworkFree(net);
    g_assert_cmpint(virConnectClose(conn), ==, 0);
    fake_daemon_stop(d);
}

/* Every node device call but the listing. */
static void
test_node_device_calls(void)
{
    FakeDaemon *d;
    virConnectPtr conn;
    virNodeDevicePtr dev;
    virNodeDevicePtr other;
    remote_nonnull_node_device wire = { .name = (char *) "pci_0000_00_01_0" };
    char *names[3] = { NULL };
    char *s;

    reset_server(true);
    d = fake_daemon_start();
    conn = virConnectOpen(d->uri);
    g_assert_nonnull(conn);

    {
        remote_node_device_lookup_by_name_args a = { .name = wire.name };
        remote_node_device_lookup_by_name_ret r = { .dev = wire };

        queue_reply((xdrproc_t) xdr_remote_node_device_lookup_by_name_ret, &r);
        dev = virNodeDeviceLookupByName(conn, wire.name);
        g_assert_nonnull(dev);
        assert_sent(REMOTE_PROC_NODE_DEVICE_LOOKUP_BY_NAME,
                    (xdrproc_t) xdr_remote_node_device_lookup_by_name_args, &a);
        g_assert_cmpstr(virNodeDeviceGetName(dev), ==, wire.name);
        queue_error();
        g_assert_null(virNodeDeviceLookupByName(conn, wire.name));
        assert_server_error();
        assert_sent(REMOTE_PROC_NODE_DEVICE_LOOKUP_BY_NAME,
                    (xdrproc_t) xdr_remote_node_device_lookup_by_name_args, &a);
    }
    {
        remote_node_device_lookup_scsi_host_by_wwn_args a = { .wwnn = (char *) "20",
                                                              .wwpn = (char *) "21", .flags = 0 };
        remote_node_device_lookup_scsi_host_by_wwn_ret r = {
            .dev = { .name = (char *) "scsi_host3" },
        };
        remote_node_device_create_xml_args b = { .xml_desc = (char *) xml_in, .flags = 0 };
        remote_node_device_create_xml_ret rb = { .dev = { .name = (char *) "mdev_1" } };

        queue_reply((xdrproc_t) xdr_remote_node_device_lookup_scsi_host_by_wwn_ret, &r);
        other = virNodeDeviceLookupSCSIHostByWWN(conn, "20", "21", 0);
        g_assert_nonnull(other);
        assert_sent(REMOTE_PROC_NODE_DEVICE_LOOKUP_SCSI_HOST_BY_WWN,
                    (xdrproc_t) xdr_remote_node_device_lookup_scsi_host_by_wwn_args, &a);
        g_assert_cmpstr(virNodeDeviceGetName(other), ==, "scsi_host3");
        virNodeDeviceFree(other);
        queue_reply((xdrproc_t) xdr_remote_node_device_create_xml_ret, &rb);
        other = virNodeDeviceCreateXML(conn, xml_in, 0);
        g_assert_nonnull(other);
        assert_sent(REMOTE_PROC_NODE_DEVICE_CREATE_XML,
                    (xdrproc_t) xdr_remote_node_device_create_xml_args, &b);
        g_assert_cmpstr(virNodeDeviceGetName(other), ==, "mdev_1");
        virNodeDeviceFree(other);
    }
    {
        remote_node_device_get_xml_desc_args a = { .name = wire.name, .flags = 0 };
        remote_node_device_get_xml_desc_ret r = { .xml = (char *) "<device/>" };

        queue_reply((xdrproc_t) xdr_remote_node_device_get_xml_desc_ret, &r);
        s = virNodeDeviceGetXMLDesc(dev, 0);
        assert_sent(REMOTE_PROC_NODE_DEVICE_GET_XML_DESC,
                    (xdrproc_t) xdr_remote_node_device_get_xml_desc_args, &a);
        g_assert_cmpstr(s, ==, "<device/>");
        g_free(s);
    }
    {
        remote_node_device_get_parent_args a = { .name = wire.name };
        char *parent = (char *) "computer";
        remote_node_device_get_parent_ret r = { .parentName = &parent };

        queue_reply((xdrproc_t) xdr_remote_node_device_get_parent_ret, &r);
        g_assert_cmpstr(virNodeDeviceGetParent(dev), ==, "computer");
        assert_sent(REMOTE_PROC_NODE_DEVICE_GET_PARENT,
                    (xdrproc_t) xdr_remote_node_device_get_parent_args, &a);
    }
    {
        remote_node_device_num_of_caps_args a = { .name = wire.name };
        remote_node_device_num_of_caps_ret r = { .num = 2 };
        remote_node_device_list_caps_args b = { .name = wire.name, .maxnames = 2 };
        char *caps[2] = { (char *) "pci", (char *) "mdev_types" };
        remote_node_device_list_caps_ret rb = { .names = { 2, caps } };

        queue_reply((xdrproc_t) xdr_remote_node_device_num_of_caps_ret, &r);
        queue_reply((xdrproc_t) xdr_remote_node_device_list_caps_ret, &rb);
        g_assert_cmpint(virNodeDeviceListCaps(dev, names, 3), ==, 2);
        assert_sent(REMOTE_PROC_NODE_DEVICE_NUM_OF_CAPS,
                    (xdrproc_t) xdr_remote_node_device_num_of_caps_args, &a);
        assert_sent(REMOTE_PROC_NODE_DEVICE_LIST_CAPS,
                    (xdrproc_t) xdr_remote_node_device_list_caps_args, &b);
        g_assert_cmpstr(names[0], ==, "pci");
        g_assert_cmpstr(names[1], ==, "mdev_types");
        g_free(names[0]);
        g_free(names[1]);
        queue_error();
        g_assert_cmpint(virNodeDeviceNumOfCaps(dev), ==, -1);
        assert_server_error();
        assert_sent(REMOTE_PROC_NODE_DEVICE_NUM_OF_CAPS,
                    (xdrproc_t) xdr_remote_node_device_num_of_caps_args, &a);
    }
    {
        remote_node_device_dettach_args a = { .name = wire.name };
        char *driver = (char *) "vfio";
        remote_node_device_detach_flags_args b = { .name = wire.name, .driverName = &driver,
                                                   .flags = 0 };
        remote_node_device_re_attach_args c = { .name = wire.name };
        remote_node_device_reset_args e = { .name = wire.name };
        remote_node_device_destroy_args f = { .name = wire.name };

        queue_empty_reply();
        g_assert_cmpint(virNodeDeviceDettach(dev), ==, 0);
        assert_sent(REMOTE_PROC_NODE_DEVICE_DETTACH,
                    (xdrproc_t) xdr_remote_node_device_dettach_args, &a);
        queue_empty_reply();
        g_assert_cmpint(virNodeDeviceDetachFlags(dev, "vfio", 0), ==, 0);
        assert_sent(REMOTE_PROC_NODE_DEVICE_DETACH_FLAGS,
                    (xdrproc_t) xdr_remote_node_device_detach_flags_args, &b);
        queue_error();
        g_assert_cmpint(virNodeDeviceReAttach(dev), ==, -1);
        assert_server_error();
        assert_sent(REMOTE_PROC_NODE_DEVICE_RE_ATTACH,
                    (xdrproc_t) xdr_remote_node_device_re_attach_args, &c);
        queue_empty_reply();
        g_assert_cmpint(virNodeDeviceReset(dev), ==, 0);
        assert_sent(REMOTE_PROC_NODE_DEVICE_RESET, (xdrproc_t) xdr_remote_node_device_reset_args,
                    &e);
        queue_empty_reply();
        g_assert_cmpint(virNodeDeviceDestroy(dev), ==, 0);
        assert_sent(REMOTE_PROC_NODE_DEVICE_DESTROY,
                    (xdrproc_t) xdr_remote_node_device_destroy_args, &f);
    }

    assert_all_checked();
    virNodeDeviceFree(dev);
    g_assert_cmpint(virConnectClose(conn), ==, 0);
    fake_daemon_stop(d);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    virSetErrorFunc(NULL, quiet_handler);
    g_assert_cmpint(virEventRegisterDefaultImpl(), ==, 0);
    procedures_build();

    g_test_add_func("/remote/events/callback-ids", test_callback_events);
    g_test_add_func("/remote/events/legacy", test_legacy_events);
    g_test_add_func("/remote/events/device-removed", test_device_removed_events);
    g_test_add_func("/remote/events/network", test_network_events);
    g_test_add_func("/remote/calls/connect", test_connect_calls);
    g_test_add_func("/remote/calls/domain", test_domain_calls);
    g_test_add_func("/remote/calls/network", test_network_calls);
    g_test_add_func("/remote/calls/node-device", test_node_device_calls);
    return g_test_run();
}
