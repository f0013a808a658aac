/* Test helpers for tests that speak libvirt's remote protocol to a daemon through lib/rpc's client: connecting, calls, the handshake's calls, error checks. */
#include "rpctest.h"

#include <string.h>

#include "util/error.h"

MvRpcClient *
mv_test_rpc_connect(const char *path, unsigned int call_timeout_ms)
{
    MvRpcClient *client = mv_rpc_client_new_unix(path, 0);

    g_assert_nonnull(client);
    mv_rpc_client_set_call_timeout(client, call_timeout_ms);
    return client;
}

int
mv_test_rpc_call(MvRpcClient *client, int procedure, xdrproc_t args_proc, const void *args,
                 xdrproc_t ret_proc, void *ret)
{
    return mv_rpc_client_call(client, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION, procedure,
                              args_proc, args, ret_proc, ret);
}

void
mv_test_rpc_assert_error(int rc, int code, int domain, const char *want)
{
    const MvError *err = mv_error_last();

    g_assert_cmpint(rc, ==, -1);
    g_assert_nonnull(err);
    g_test_message("error %d/%d: %s", err->code, err->domain, err->message);
    g_assert_cmpint(err->code, ==, code);
    if (domain >= 0)
        g_assert_cmpint(err->domain, ==, domain);
    if (want)
        g_assert_nonnull(strstr(err->message, want));
}

int
mv_test_rpc_supports_feature(MvRpcClient *client, int feature, int *ret_supported)
{
    remote_connect_supports_feature_args args = { .feature = feature };
    remote_connect_supports_feature_ret ret = { 0 };
    int rc = mv_test_rpc_call(client, REMOTE_PROC_CONNECT_SUPPORTS_FEATURE,
                              (xdrproc_t) xdr_remote_connect_supports_feature_args, &args,
                              (xdrproc_t) xdr_remote_connect_supports_feature_ret, &ret);

    *ret_supported = ret.supported;
    return rc;
}

int
mv_test_rpc_open(MvRpcClient *client, const char *uri, unsigned int flags)
{
    char *name = (char *) uri;
    remote_connect_open_args args = { .name = uri ? &name : NULL, .flags = flags };

    return mv_test_rpc_call(client, REMOTE_PROC_CONNECT_OPEN,
                            (xdrproc_t) xdr_remote_connect_open_args, &args, NULL, NULL);
}

char *
mv_test_rpc_get_string(MvRpcClient *client, int procedure, xdrproc_t ret_proc)
{
    char *value = NULL;

    if (mv_test_rpc_call(client, procedure, NULL, NULL, ret_proc, &value) < 0)
        return NULL;
    return value;
}

int
mv_test_rpc_define_domain(MvRpcClient *client)
{
    remote_domain_define_xml_args args = { .xml = (char *) "<domain type='kvm'/>" };
    remote_domain_define_xml_ret ret = { 0 };
    int rc = mv_test_rpc_call(client, REMOTE_PROC_DOMAIN_DEFINE_XML,
                              (xdrproc_t) xdr_remote_domain_define_xml_args, &args,
                              (xdrproc_t) xdr_remote_domain_define_xml_ret, &ret);

    xdr_free((xdrproc_t) xdr_remote_domain_define_xml_ret, (char *) &ret);
    return rc;
}
