/* Tests of lib/rpc/dispatch: every call gets a reply with its serial, errors included. */
#define MV_FROM_THIS VIR_FROM_QEMU

#include <string.h>

#include "protocol/remote.h"
#include "rpc/dispatch.h"
#include "util/error.h"
#include "util/log.h"

typedef struct {
    int calls;
} FakeConn;

static int
handle_get_type(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    remote_connect_get_type_ret *out = ret;

    ((FakeConn *) conn)->calls++;
    g_assert_null(args);
    out->type = g_strdup("QEMU");
    return 0;
}

static int
handle_lookup_by_name(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    remote_domain_lookup_by_name_args *in = args;
    remote_domain_lookup_by_name_ret *out = ret;

    ((FakeConn *) conn)->calls++;
    if (strcmp(in->name, "tr1") != 0) {
        mv_report_error(VIR_ERR_NO_DOMAIN, "no domain with matching name '%s'", in->name);
        return -1;
    }
    out->dom.name = g_strdup(in->name);
    memset(out->dom.uuid, 0xab, sizeof(out->dom.uuid));
    out->dom.id = -1;
    return 0;
}

static int
handle_define_xml(void *conn, const MvRpcHeader *header, void *args, void *ret)
{
    ((FakeConn *) conn)->calls++;
    /* Fails without reporting: the dispatcher must still answer. */
    return -1;
}

static const MvRpcProcedure remote_procedures[] = {
    { REMOTE_PROC_CONNECT_GET_TYPE, NULL, (xdrproc_t) xdr_remote_connect_get_type_ret,
      0, sizeof(remote_connect_get_type_ret), handle_get_type, MV_RPC_PROC_READONLY },
    { REMOTE_PROC_DOMAIN_DEFINE_XML, (xdrproc_t) xdr_remote_domain_define_xml_args,
      (xdrproc_t) xdr_remote_domain_define_xml_ret, sizeof(remote_domain_define_xml_args),
      sizeof(remote_domain_define_xml_ret), handle_define_xml, 0 },
    { REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, (xdrproc_t) xdr_remote_domain_lookup_by_name_args,
      (xdrproc_t) xdr_remote_domain_lookup_by_name_ret, sizeof(remote_domain_lookup_by_name_args),
      sizeof(remote_domain_lookup_by_name_ret), handle_lookup_by_name, MV_RPC_PROC_READONLY },
};

static const MvRpcProgram remote_program = {
    .program = REMOTE_PROGRAM,
    .version = REMOTE_PROTOCOL_VERSION,
    .procedures = remote_procedures,
    .nprocedures = G_N_ELEMENTS(remote_procedures),
};

static const MvRpcProgram *const programs[] = { &remote_program };

static MvRpcMessage *
make_call(int procedure, uint32_t serial, xdrproc_t proc, const void *args)
{
    MvRpcMessage *msg = mv_rpc_message_new();

    msg->header = (MvRpcHeader) {
        .program = REMOTE_PROGRAM,
        .version = REMOTE_PROTOCOL_VERSION,
        .procedure = procedure,
        .type = MV_NET_CALL,
        .serial = serial,
        .status = MV_NET_OK,
    };
    g_assert_cmpint(mv_rpc_message_encode(msg, proc, args), ==, 0);
    return msg;
}

/* Runs call through the dispatcher as the wire would: bytes out, bytes in. */
static MvRpcMessage *
dispatch(FakeConn *conn, bool readonly, MvRpcMessage *call)
{
    g_autoptr(MvRpcMessage) reply = NULL;
    MvRpcMessage *back;

    g_assert_cmpint(mv_rpc_message_decode_header(call), ==, 0);
    reply = mv_rpc_dispatch_call(programs, G_N_ELEMENTS(programs), conn, readonly, call);
    g_assert_nonnull(reply);

    back = mv_rpc_message_new_from_bytes(reply->buffer, reply->length);
    g_assert_cmpint(mv_rpc_message_decode_header(back), ==, 0);
    g_assert_cmpuint(back->header.serial, ==, call->header.serial);
    g_assert_cmpuint(back->header.program, ==, call->header.program);
    g_assert_cmpint(back->header.procedure, ==, call->header.procedure);
    g_assert_cmpint(back->header.type, ==, MV_NET_REPLY);
    return back;
}

/* Checks that reply is an error with code and domain whose message holds fragment. */
static void
assert_error_reply(MvRpcMessage *reply, int code, int domain, const char *fragment)
{
    g_autoptr(MvError) err = NULL;

    g_assert_cmpint(reply->header.status, ==, MV_NET_ERROR);
    g_assert_cmpint(mv_rpc_message_decode_error(reply, &err), ==, 0);
    g_assert_cmpint(err->code, ==, code);
    g_assert_cmpint(err->domain, ==, domain);
    g_assert_cmpint(err->level, ==, VIR_ERR_ERROR);
    if (!strstr(err->message, fragment))
        g_error("'%s' does not name '%s'", err->message, fragment);
}

static void
test_void_args(void)
{
    FakeConn conn = { 0 };
    g_autoptr(MvRpcMessage) call = make_call(REMOTE_PROC_CONNECT_GET_TYPE, 11, NULL, NULL);
    g_autoptr(MvRpcMessage) reply = dispatch(&conn, true, call);
    remote_connect_get_type_ret ret = { 0 };

    g_assert_cmpint(conn.calls, ==, 1);
    g_assert_cmpint(reply->header.status, ==, MV_NET_OK);
    g_assert_cmpint(mv_rpc_message_decode_payload(reply, (xdrproc_t) xdr_remote_connect_get_type_ret, &ret), ==, 0);
    g_assert_cmpstr(ret.type, ==, "QEMU");
    xdr_free((xdrproc_t) xdr_remote_connect_get_type_ret, &ret);
}

static void
test_args_and_ret(void)
{
    FakeConn conn = { 0 };
    remote_domain_lookup_by_name_args args = { .name = (char *) "tr1" };
    g_autoptr(MvRpcMessage) call = make_call(REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, 12,
                                             (xdrproc_t) xdr_remote_domain_lookup_by_name_args, &args);
    g_autoptr(MvRpcMessage) reply = dispatch(&conn, false, call);
    remote_domain_lookup_by_name_ret ret = { 0 };

    g_assert_cmpint(reply->header.status, ==, MV_NET_OK);
    g_assert_cmpint(mv_rpc_message_decode_payload(reply, (xdrproc_t) xdr_remote_domain_lookup_by_name_ret, &ret), ==, 0);
    g_assert_cmpstr(ret.dom.name, ==, "tr1");
    g_assert_cmpint(ret.dom.id, ==, -1);
    g_assert_cmpuint((uint8_t) ret.dom.uuid[15], ==, 0xab);
    xdr_free((xdrproc_t) xdr_remote_domain_lookup_by_name_ret, &ret);
}

static void
test_handler_error(void)
{
    FakeConn conn = { 0 };
    remote_domain_lookup_by_name_args args = { .name = (char *) "nope" };
    g_autoptr(MvRpcMessage) call = make_call(REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, 13,
                                             (xdrproc_t) xdr_remote_domain_lookup_by_name_args, &args);
    g_autoptr(MvRpcMessage) reply = dispatch(&conn, false, call);

    assert_error_reply(reply, VIR_ERR_NO_DOMAIN, VIR_FROM_QEMU,
                       "Domain not found: no domain with matching name 'nope'");
}

static void
test_handler_silent_failure(void)
{
    FakeConn conn = { 0 };
    remote_domain_define_xml_args args = { .xml = (char *) "<domain/>" };
    g_autoptr(MvRpcMessage) call = make_call(REMOTE_PROC_DOMAIN_DEFINE_XML, 14,
                                             (xdrproc_t) xdr_remote_domain_define_xml_args, &args);
    g_autoptr(MvRpcMessage) reply = NULL;

    /* A stale error from earlier must not be sent for this call. */
    mv_report_error(VIR_ERR_NO_DOMAIN, "stale");
    reply = dispatch(&conn, false, call);
    g_assert_cmpint(conn.calls, ==, 1);
    assert_error_reply(reply, VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC, "internal error");
}

static void
test_unknown_procedure(void)
{
    FakeConn conn = { 0 };
    g_autoptr(MvRpcMessage) call = make_call(REMOTE_PROC_DOMAIN_GET_MESSAGES, 15, NULL, NULL);
    g_autoptr(MvRpcMessage) reply = dispatch(&conn, false, call);

    g_assert_cmpint(conn.calls, ==, 0);
    assert_error_reply(reply, VIR_ERR_NO_SUPPORT, VIR_FROM_RPC, "unknown procedure 426");
}

static void
test_unknown_program_and_version(void)
{
    FakeConn conn = { 0 };
    g_autoptr(MvRpcMessage) call = make_call(REMOTE_PROC_CONNECT_GET_TYPE, 16, NULL, NULL);
    g_autoptr(MvRpcMessage) reply = NULL;
    g_autoptr(MvRpcMessage) reply2 = NULL;

    call->header.program = 0x20008087;
    g_assert_cmpint(mv_rpc_message_encode(call, NULL, NULL), ==, 0);
    reply = dispatch(&conn, false, call);
    assert_error_reply(reply, VIR_ERR_NO_SUPPORT, VIR_FROM_RPC, "unknown program 0x20008087");

    call->header.program = REMOTE_PROGRAM;
    call->header.version = 2;
    g_assert_cmpint(mv_rpc_message_encode(call, NULL, NULL), ==, 0);
    reply2 = dispatch(&conn, false, call);
    assert_error_reply(reply2, VIR_ERR_NO_SUPPORT, VIR_FROM_RPC, "has no version 2");
    g_assert_cmpint(conn.calls, ==, 0);
}

static void
test_readonly_denied(void)
{
    FakeConn conn = { 0 };
    remote_domain_define_xml_args args = { .xml = (char *) "<domain/>" };
    g_autoptr(MvRpcMessage) call = make_call(REMOTE_PROC_DOMAIN_DEFINE_XML, 17,
                                             (xdrproc_t) xdr_remote_domain_define_xml_args, &args);
    g_autoptr(MvRpcMessage) reply = dispatch(&conn, true, call);

    g_assert_cmpint(conn.calls, ==, 0);
    assert_error_reply(reply, VIR_ERR_OPERATION_DENIED, VIR_FROM_RPC, "read only access prevents");
}

static void
test_bad_args(void)
{
    FakeConn conn = { 0 };
    int garbage = 5;
    /* LOOKUP_BY_NAME with an int where its string should be. */
    g_autoptr(MvRpcMessage) call = make_call(REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, 18,
                                             (xdrproc_t) xdr_int, &garbage);
    g_autoptr(MvRpcMessage) reply = dispatch(&conn, false, call);
    g_autoptr(MvRpcMessage) call2 = make_call(REMOTE_PROC_CONNECT_GET_TYPE, 19,
                                              (xdrproc_t) xdr_int, &garbage);
    g_autoptr(MvRpcMessage) reply2 = dispatch(&conn, false, call2);

    g_assert_cmpint(conn.calls, ==, 0);
    assert_error_reply(reply, VIR_ERR_RPC, VIR_FROM_RPC, "procedure 23");
    assert_error_reply(reply2, VIR_ERR_RPC, VIR_FROM_RPC, "should be empty");
}

static void
test_not_a_call(void)
{
    FakeConn conn = { 0 };
    g_autoptr(MvRpcMessage) call = make_call(REMOTE_PROC_CONNECT_GET_TYPE, 20, NULL, NULL);
    g_autoptr(MvRpcMessage) reply = NULL;

    call->header.status = MV_NET_ERROR;
    g_assert_cmpint(mv_rpc_message_encode(call, NULL, NULL), ==, 0);
    reply = dispatch(&conn, false, call);
    g_assert_cmpint(conn.calls, ==, 0);
    assert_error_reply(reply, VIR_ERR_RPC, VIR_FROM_RPC, "status 1");
}

static void
test_lookup_and_check(void)
{
    static const MvRpcProcedure unsorted[] = {
        { 5, NULL, NULL, 0, 0, handle_get_type, 0 },
        { 3, NULL, NULL, 0, 0, handle_get_type, 0 },
    };
    static const MvRpcProcedure no_handler[] = {
        { 3, NULL, NULL, 0, 0, NULL, 0 },
    };
    const MvRpcProgram bad = { 1, 1, unsorted, G_N_ELEMENTS(unsorted) };
    const MvRpcProgram bad2 = { 1, 1, no_handler, G_N_ELEMENTS(no_handler) };
    const MvRpcProgram empty = { 1, 1, NULL, 0 };

    g_assert_cmpint(mv_rpc_program_check(&remote_program), ==, 0);
    g_assert_cmpint(mv_rpc_program_check(&bad), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INTERNAL_ERROR);
    g_assert_cmpint(mv_rpc_program_check(&bad2), ==, -1);

    g_assert_true(mv_rpc_program_lookup(&remote_program, REMOTE_PROC_CONNECT_GET_TYPE) == &remote_procedures[0]);
    g_assert_true(mv_rpc_program_lookup(&remote_program, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME) == &remote_procedures[2]);
    g_assert_null(mv_rpc_program_lookup(&remote_program, 0));
    g_assert_null(mv_rpc_program_lookup(&remote_program, -1));
    g_assert_null(mv_rpc_program_lookup(&remote_program, 24));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_NO_SUPPORT);
    g_assert_null(mv_rpc_program_lookup(&empty, 1));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    g_test_add_func("/rpc/dispatch/void-args", test_void_args);
    g_test_add_func("/rpc/dispatch/args-and-ret", test_args_and_ret);
    g_test_add_func("/rpc/dispatch/handler-error", test_handler_error);
    g_test_add_func("/rpc/dispatch/handler-silent-failure", test_handler_silent_failure);
    g_test_add_func("/rpc/dispatch/unknown-procedure", test_unknown_procedure);
    g_test_add_func("/rpc/dispatch/unknown-program-version", test_unknown_program_and_version);
    g_test_add_func("/rpc/dispatch/readonly-denied", test_readonly_denied);
    g_test_add_func("/rpc/dispatch/bad-args", test_bad_args);
    g_test_add_func("/rpc/dispatch/not-a-call", test_not_a_call);
    g_test_add_func("/rpc/dispatch/lookup-and-check", test_lookup_and_check);
    return g_test_run();
}
