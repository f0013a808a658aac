/* Tests of daemons/common/remote through the real daemons and lib/rpc's client: handshake, open, read-only, unsupported calls, bad input, idle exit. */
#define MV_FROM_THIS VIR_FROM_NONE

#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "protocol/remote.h"
#include "rpc/client.h"
#include "rpctest.h"
#include "testutil.h"
#include "util/error.h"

/* libvirt's VIR_CONNECT_RO. */
#define CONNECT_RO 1
#define LIB_VERSION_9_0_0 9000000ULL
/* A call the daemon does not answer in time fails the test. */
#define CALL_TIMEOUT_MS 10000

/* A daemon started under a fresh --root, removed with it. */
typedef struct {
    char *root;
    MvTestDaemon *daemon;
} Fixture;

/* A daemon left behind by a failed assertion exits on its own after this. */
static const char *const default_args[] = { "--timeout", "30", NULL };

static bool
fixture_start(Fixture *fx, const char *name, const char *const *args)
{
    g_autofree char *binary = mv_test_daemon_binary(name);

    if (!binary)
        return false;
    fx->root = mv_test_root_new();
    fx->daemon = mv_test_daemon_start(name, fx->root, args ? args : default_args);
    g_assert_nonnull(fx->daemon);
    return true;
}

static void
fixture_stop(Fixture *fx)
{
    if (fx->daemon && fx->daemon->pid > 0)
        g_assert_cmpint(mv_test_daemon_stop(fx->daemon), ==, 0);
    g_clear_pointer(&fx->daemon, mv_test_daemon_free);
    if (fx->root)
        mv_test_root_remove(fx->root);
    g_clear_pointer(&fx->root, g_free);
}

static int
list_all_domains(MvRpcClient *client)
{
    remote_connect_list_all_domains_args args = { .need_results = 1 };
    remote_connect_list_all_domains_ret ret = { 0 };
    int rc = mv_test_rpc_call(client, REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS,
                              (xdrproc_t) xdr_remote_connect_list_all_domains_args, &args,
                              (xdrproc_t) xdr_remote_connect_list_all_domains_ret, &ret);

    xdr_free((xdrproc_t) xdr_remote_connect_list_all_domains_ret, (char *) &ret);
    return rc;
}

/* The calls of libvirt 9.0's client, in its order, and what they answer. */
static void
test_handshake(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) client = NULL;
    remote_auth_list_ret auth = { 0 };
    remote_connect_get_version_ret version = { 0 };
    remote_connect_get_lib_version_ret lib_version = { 0 };
    remote_connect_is_secure_ret secure = { 0 };
    remote_node_get_info_ret info = { 0 };
    remote_node_get_security_model_ret secmodel = { 0 };
    g_autofree char *uri = NULL;
    g_autofree char *type = NULL;
    g_autofree char *hostname = NULL;
    struct utsname uts;
    int supported = -1;

    if (!fixture_start(&fx, "qemud", NULL))
        return;
    client = mv_test_rpc_connect(fx.daemon->rw_socket, CALL_TIMEOUT_MS);

    g_assert_cmpint(mv_test_rpc_call(client, REMOTE_PROC_AUTH_LIST, NULL, NULL,
                                     (xdrproc_t) xdr_remote_auth_list_ret, &auth), ==, 0);
    g_assert_cmpuint(auth.types.types_len, ==, 1);
    g_assert_cmpint(auth.types.types_val[0], ==, REMOTE_AUTH_NONE);
    xdr_free((xdrproc_t) xdr_remote_auth_list_ret, (char *) &auth);

    g_assert_cmpint(mv_test_rpc_supports_feature(client, REMOTE_FEATURE_PROGRAM_KEEPALIVE,
                                                 &supported), ==, 0);
    g_assert_cmpint(supported, ==, 1);

    g_assert_cmpint(mv_test_rpc_open(client, NULL, 0), ==, 0);
    uri = mv_test_rpc_get_string(client, REMOTE_PROC_CONNECT_GET_URI,
                                 (xdrproc_t) xdr_remote_connect_get_uri_ret);
    g_assert_cmpstr(uri, ==, "qemu:///system");

    /* qemud's driver serves event callback registrations. */
    g_assert_cmpint(mv_test_rpc_supports_feature(client, REMOTE_FEATURE_REMOTE_EVENT_CALLBACK,
                                                 &supported), ==, 0);
    g_assert_cmpint(supported, ==, 1);
    g_assert_cmpint(mv_test_rpc_supports_feature(client, REMOTE_FEATURE_REMOTE_CLOSE_CALLBACK,
                                                 &supported), ==, 0);
    g_assert_cmpint(supported, ==, 1);
    /* Close callbacks: registered once, unregistered once. */
    g_assert_cmpint(mv_test_rpc_call(client, REMOTE_PROC_CONNECT_UNREGISTER_CLOSE_CALLBACK, NULL,
                                     NULL, NULL, NULL), ==, -1);
    g_assert_cmpint(mv_error_last()->code, ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpint(mv_test_rpc_call(client, REMOTE_PROC_CONNECT_REGISTER_CLOSE_CALLBACK, NULL,
                                     NULL, NULL, NULL), ==, 0);
    g_assert_cmpint(mv_test_rpc_call(client, REMOTE_PROC_CONNECT_REGISTER_CLOSE_CALLBACK, NULL,
                                     NULL, NULL, NULL), ==, -1);
    g_assert_nonnull(strstr(mv_error_last_message(), "already registered"));
    g_assert_cmpint(mv_test_rpc_call(client, REMOTE_PROC_CONNECT_UNREGISTER_CLOSE_CALLBACK, NULL,
                                     NULL, NULL, NULL), ==, 0);

    type = mv_test_rpc_get_string(client, REMOTE_PROC_CONNECT_GET_TYPE,
                                  (xdrproc_t) xdr_remote_connect_get_type_ret);
    g_assert_cmpstr(type, ==, "QEMU");
    /* The QEMU version (7002022), or an error on a host without QEMU. */
    if (mv_test_rpc_call(client, REMOTE_PROC_CONNECT_GET_VERSION, NULL, NULL,
                         (xdrproc_t) xdr_remote_connect_get_version_ret, &version) == 0)
        g_assert_cmpuint(version.hv_ver, >=, 1000000);
    g_assert_cmpint(mv_test_rpc_call(client, REMOTE_PROC_CONNECT_GET_LIB_VERSION, NULL, NULL,
                                     (xdrproc_t) xdr_remote_connect_get_lib_version_ret, &lib_version), ==, 0);
    g_assert_cmpuint(lib_version.lib_ver, ==, LIB_VERSION_9_0_0);
    hostname = mv_test_rpc_get_string(client, REMOTE_PROC_CONNECT_GET_HOSTNAME,
                                      (xdrproc_t) xdr_remote_connect_get_hostname_ret);
    g_assert_cmpstr(hostname, ==, g_get_host_name());
    g_assert_cmpint(mv_test_rpc_call(client, REMOTE_PROC_CONNECT_IS_SECURE, NULL, NULL,
                                     (xdrproc_t) xdr_remote_connect_is_secure_ret, &secure), ==, 0);
    g_assert_cmpint(secure.secure, ==, 1);

    g_assert_cmpint(mv_test_rpc_call(client, REMOTE_PROC_NODE_GET_INFO, NULL, NULL,
                                     (xdrproc_t) xdr_remote_node_get_info_ret, &info), ==, 0);
    g_assert_cmpint(uname(&uts), ==, 0);
    g_assert_cmpstr(info.model, ==, uts.machine);
    g_assert_cmpint(info.cpus, ==, sysconf(_SC_NPROCESSORS_ONLN));
    g_assert_cmpuint(info.memory, >, 0);
    g_assert_cmpint(info.nodes * info.sockets * info.cores * info.threads, ==, info.cpus);

    g_assert_cmpint(mv_test_rpc_call(client, REMOTE_PROC_NODE_GET_SECURITY_MODEL, NULL, NULL,
                                     (xdrproc_t) xdr_remote_node_get_security_model_ret, &secmodel), ==, 0);
    g_assert_cmpuint(secmodel.model.model_len, ==, 5);
    g_assert_cmpstr(secmodel.model.model_val, ==, "none");
    g_assert_cmpstr(secmodel.doi.doi_val, ==, "0");
    xdr_free((xdrproc_t) xdr_remote_node_get_security_model_ret, (char *) &secmodel);

    g_assert_cmpint(mv_test_rpc_call(client, REMOTE_PROC_CONNECT_CLOSE, NULL, NULL, NULL,
                                     NULL), ==, 0);
    g_clear_pointer(&client, mv_rpc_client_free);
    fixture_stop(&fx);
}

/* Before CONNECT_OPEN only the handshake's own calls are answered. */
static void
test_before_open(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) client = NULL;
    g_autofree char *type = NULL;
    int supported = -1;

    if (!fixture_start(&fx, "qemud", NULL))
        return;
    client = mv_test_rpc_connect(fx.daemon->rw_socket, CALL_TIMEOUT_MS);

    g_assert_null(mv_test_rpc_get_string(client, REMOTE_PROC_CONNECT_GET_TYPE,
                                         (xdrproc_t) xdr_remote_connect_get_type_ret));
    mv_test_rpc_assert_error(-1, VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC, "connection not open");
    mv_test_rpc_assert_error(mv_test_rpc_supports_feature(client,
                                                          REMOTE_FEATURE_REMOTE_EVENT_CALLBACK,
                                                          &supported),
                             VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC, "connection not open");
    mv_test_rpc_assert_error(list_all_domains(client), VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC,
                             "connection not open");

    g_assert_cmpint(mv_test_rpc_open(client, "qemu:///system", 0), ==, 0);
    type = mv_test_rpc_get_string(client, REMOTE_PROC_CONNECT_GET_TYPE,
                                  (xdrproc_t) xdr_remote_connect_get_type_ret);
    g_assert_cmpstr(type, ==, "QEMU");
    mv_test_rpc_assert_error(mv_test_rpc_open(client, "qemu:///system", 0), VIR_ERR_INTERNAL_ERROR,
                             -1, "connection already open");

    /* CLOSE forgets the URI: the client may open again. */
    g_assert_cmpint(mv_test_rpc_call(client, REMOTE_PROC_CONNECT_CLOSE, NULL, NULL, NULL,
                                     NULL), ==, 0);
    g_assert_null(mv_test_rpc_get_string(client, REMOTE_PROC_CONNECT_GET_TYPE,
                                         (xdrproc_t) xdr_remote_connect_get_type_ret));
    g_assert_cmpint(mv_test_rpc_open(client, "", 0), ==, 0);

    g_clear_pointer(&client, mv_rpc_client_free);
    fixture_stop(&fx);
}

typedef struct {
    const char *daemon;
    const char *uri;
    int code;               /* VIR_ERR_OK: opens */
    const char *want;       /* in the error message, or the URI opened */
} OpenCase;

static const OpenCase open_cases[] = {
    { "qemud", "qemu:///system", VIR_ERR_OK, "qemu:///system" },
    { "qemud", "QEMU:///system?mode=legacy", VIR_ERR_OK, "qemu:///system" },
    { "qemud", "qemu:///session", VIR_ERR_INTERNAL_ERROR,
      "unexpected QEMU URI path '/session', try qemu:///system" },
    { "qemud", "qemu:///embed", VIR_ERR_INTERNAL_ERROR, "'/embed'" },
    { "qemud", "xen:///system", VIR_ERR_NO_CONNECT,
      "no connection driver available for xen:///system" },
    { "qemud", "qemu://elsewhere/system", VIR_ERR_NO_CONNECT, "qemu://elsewhere/system" },
    { "qemud", "not a uri", VIR_ERR_NO_CONNECT, "not a uri" },
    { "networkd", NULL, VIR_ERR_OK, "network:///system" },
    { "networkd", "qemu:///system", VIR_ERR_NO_CONNECT, "qemu:///system" },
    { "lxcd", "lxc:///system", VIR_ERR_OK, "lxc:///system" },
    { "nodedevd", NULL, VIR_ERR_OK, "nodedev:///system" },
};

static void
test_open_uri(gconstpointer data)
{
    const OpenCase *tc = data;
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) client = NULL;
    g_autofree char *uri = NULL;
    int rc;

    if (!fixture_start(&fx, tc->daemon, NULL))
        return;
    client = mv_test_rpc_connect(fx.daemon->rw_socket, CALL_TIMEOUT_MS);

    rc = mv_test_rpc_open(client, tc->uri, 0);
    if (tc->code == VIR_ERR_OK) {
        g_assert_cmpint(rc, ==, 0);
        uri = mv_test_rpc_get_string(client, REMOTE_PROC_CONNECT_GET_URI,
                                     (xdrproc_t) xdr_remote_connect_get_uri_ret);
        g_assert_cmpstr(uri, ==, tc->want);
    } else {
        mv_test_rpc_assert_error(rc, tc->code, VIR_FROM_RPC, tc->want);
    }

    g_clear_pointer(&client, mv_rpc_client_free);
    fixture_stop(&fx);
}

/* Writes are denied on the read-only socket and to a client that opened
 * with VIR_CONNECT_RO; reads are not. */
static void
test_read_only(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) ro = NULL;
    g_autoptr(MvRpcClient) rw = NULL;
    g_autofree char *type = NULL;

    if (!fixture_start(&fx, "qemud", NULL))
        return;

    ro = mv_test_rpc_connect(fx.daemon->ro_socket, CALL_TIMEOUT_MS);
    g_assert_cmpint(mv_test_rpc_open(ro, NULL, 0), ==, 0);
    type = mv_test_rpc_get_string(ro, REMOTE_PROC_CONNECT_GET_TYPE,
                                  (xdrproc_t) xdr_remote_connect_get_type_ret);
    g_assert_cmpstr(type, ==, "QEMU");
    mv_test_rpc_assert_error(mv_test_rpc_define_domain(ro), VIR_ERR_OPERATION_DENIED, VIR_FROM_RPC,
                             "read only access prevents virDomainDefineXML");

    rw = mv_test_rpc_connect(fx.daemon->rw_socket, CALL_TIMEOUT_MS);
    g_assert_cmpint(mv_test_rpc_open(rw, NULL, CONNECT_RO), ==, 0);
    mv_test_rpc_assert_error(mv_test_rpc_define_domain(rw), VIR_ERR_OPERATION_DENIED, VIR_FROM_RPC,
                             "read only access prevents virDomainDefineXML");

    g_clear_pointer(&ro, mv_rpc_client_free);
    g_clear_pointer(&rw, mv_rpc_client_free);
    fixture_stop(&fx);
}

/* A procedure no handler serves, and one remote.x does not know, get
 * VIR_ERR_NO_SUPPORT; the connection goes on. */
static void
test_no_support(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) client = NULL;
    g_autofree char *type = NULL;

    if (!fixture_start(&fx, "nodedevd", NULL))
        return;
    client = mv_test_rpc_connect(fx.daemon->rw_socket, CALL_TIMEOUT_MS);
    g_assert_cmpint(mv_test_rpc_open(client, NULL, 0), ==, 0);

    mv_test_rpc_assert_error(list_all_domains(client), VIR_ERR_NO_SUPPORT, VIR_FROM_RPC,
                             "this function is not supported by the connection driver: virConnectListAllDomains");
    mv_test_rpc_assert_error(mv_test_rpc_call(client, 9999, NULL, NULL, NULL, NULL),
                             VIR_ERR_NO_SUPPORT, VIR_FROM_RPC, "9999");

    type = mv_test_rpc_get_string(client, REMOTE_PROC_CONNECT_GET_TYPE,
                                  (xdrproc_t) xdr_remote_connect_get_type_ret);
    g_assert_cmpstr(type, ==, "nodedev");

    g_clear_pointer(&client, mv_rpc_client_free);
    fixture_stop(&fx);
}

/* A length word over the limit closes that client alone. */
static void
test_bad_bytes(void)
{
    static const unsigned char bad[] = { 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0 };
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) client = NULL;
    g_autofree char *type = NULL;
    char buf[64];
    int fd;

    if (!fixture_start(&fx, "qemud", NULL))
        return;
    client = mv_test_rpc_connect(fx.daemon->rw_socket, CALL_TIMEOUT_MS);
    g_assert_cmpint(mv_test_rpc_open(client, NULL, 0), ==, 0);

    fd = mv_test_connect(fx.daemon->rw_socket);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(write(fd, bad, sizeof(bad)), ==, sizeof(bad));
    /* The daemon hangs up: end of file, bounded by the test's timeout. */
    g_assert_cmpint(read(fd, buf, sizeof(buf)), <=, 0);
    close(fd);

    type = mv_test_rpc_get_string(client, REMOTE_PROC_CONNECT_GET_TYPE,
                                  (xdrproc_t) xdr_remote_connect_get_type_ret);
    g_assert_cmpstr(type, ==, "QEMU");

    g_clear_pointer(&client, mv_rpc_client_free);
    fixture_stop(&fx);
}

/* --timeout counts RPC clients: no exit while one is connected, exit 0
 * soon after it leaves. */
static void
test_idle_timeout(void)
{
    /* Long enough that a loaded machine connects before the daemon, idle
     * since its start, gives up. */
    const char *args[] = { "--timeout", "3", NULL };
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) client = NULL;
    int status = 0;

    /* The daemon's own account of its clients, for a failure's report. */
    g_setenv("MODVIRT_LOG_FILTERS", "1:daemon.server", TRUE);
    if (!fixture_start(&fx, "qemud", args)) {
        g_unsetenv("MODVIRT_LOG_FILTERS");
        return;
    }
    g_unsetenv("MODVIRT_LOG_FILTERS");
    /* A connection that comes and goes first must not leave the count
     * wrong for the client that stays. */
    for (int i = 0; i < 3; i++) {
        int fd = mv_test_connect(fx.daemon->ro_socket);

        g_assert_cmpint(fd, >=, 0);
        close(fd);
    }
    client = mv_test_rpc_connect(fx.daemon->rw_socket, CALL_TIMEOUT_MS);
    g_assert_cmpint(mv_test_rpc_open(client, NULL, 0), ==, 0);
    if (mv_test_wait_exit(fx.daemon->pid, 4500, NULL)) {
        g_autofree char *log = NULL;

        fx.daemon->pid = 0;
        g_file_get_contents(fx.daemon->stderr_path, &log, NULL, NULL);
        g_test_message("modvirt-qemud stderr:\n%s", log ? log : "(none)");
        g_test_fail_printf("the daemon exited on idle while a client was connected");
        fixture_stop(&fx);
        return;
    }
    g_assert_true(mv_rpc_client_is_open(client));

    g_clear_pointer(&client, mv_rpc_client_free);
    g_assert_true(mv_test_wait_exit(fx.daemon->pid, 10000, &status));
    fx.daemon->pid = 0;
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    fixture_stop(&fx);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/remote/handshake", test_handshake);
    g_test_add_func("/remote/before-open", test_before_open);
    for (size_t i = 0; i < G_N_ELEMENTS(open_cases); i++) {
        g_autofree char *uri = g_strdup(open_cases[i].uri ? open_cases[i].uri : "null");
        g_autofree char *path = g_strdup_printf("/remote/open/%s/%s", open_cases[i].daemon,
                                                g_strcanon(uri, G_CSET_a_2_z G_CSET_A_2_Z "0123456789", '-'));

        g_test_add_data_func(path, &open_cases[i], test_open_uri);
    }
    g_test_add_func("/remote/read-only", test_read_only);
    g_test_add_func("/remote/no-support", test_no_support);
    g_test_add_func("/remote/bad-bytes", test_bad_bytes);
    g_test_add_func("/remote/idle-timeout", test_idle_timeout);

    return g_test_run();
}
