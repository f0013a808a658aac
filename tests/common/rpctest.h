/* Test helpers for tests that speak libvirt's remote protocol to a daemon through lib/rpc's client: connecting, calls, the handshake's calls, error checks. */
#pragma once

#include <glib.h>

#include "protocol/remote.h"
#include "rpc/client.h"

/* A client of the unix socket path whose calls give up after call_timeout_ms. */
MvRpcClient *mv_test_rpc_connect(const char *path, unsigned int call_timeout_ms);

/* A call of REMOTE_PROGRAM; 0, or -1 with the error in mv_error_last(). */
int mv_test_rpc_call(MvRpcClient *client, int procedure, xdrproc_t args_proc, const void *args,
                     xdrproc_t ret_proc, void *ret);

/* The call returned rc -1 with error code (and domain, unless -1), and its
 * message holds want (unless NULL). */
void mv_test_rpc_assert_error(int rc, int code, int domain, const char *want);

/* CONNECT_SUPPORTS_FEATURE of feature; the answer in *ret_supported. */
int mv_test_rpc_supports_feature(MvRpcClient *client, int feature, int *ret_supported);

/* CONNECT_OPEN of uri (NULL: the daemon's default). */
int mv_test_rpc_open(MvRpcClient *client, const char *uri, unsigned int flags);

/* The string a procedure without arguments answers with one
 * remote_nonnull_string, or NULL on error. */
char *mv_test_rpc_get_string(MvRpcClient *client, int procedure, xdrproc_t ret_proc);

/* DOMAIN_DEFINE_XML of a minimal (invalid) domain: for the checks made
 * before the driver parses anything. */
int mv_test_rpc_define_domain(MvRpcClient *client);
