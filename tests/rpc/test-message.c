/* Tests of lib/rpc/message: byte-exact frames, header and error round trips, refusal of bad frames. */
#define MV_FROM_THIS VIR_FROM_RPC

#include <string.h>

#include "protocol/keepalive.h"
#include "protocol/remote.h"
#include "rpc/message.h"
#include "util/error.h"
#include "util/log.h"

/* A CONNECT_OPEN call for "qemu:///system", flags 0, serial 7, worked out by
 * hand from the XDR rules: every item a multiple of 4 bytes, big-endian. */
static const uint8_t connect_open_bytes[] = {
    0x00, 0x00, 0x00, 0x38,             /* length: 4 + 24 + 28 = 56 */
    0x20, 0x00, 0x80, 0x86,             /* program */
    0x00, 0x00, 0x00, 0x01,             /* version */
    0x00, 0x00, 0x00, 0x01,             /* procedure: CONNECT_OPEN */
    0x00, 0x00, 0x00, 0x00,             /* type: call */
    0x00, 0x00, 0x00, 0x07,             /* serial */
    0x00, 0x00, 0x00, 0x00,             /* status: ok */
    0x00, 0x00, 0x00, 0x01,             /* name: present */
    0x00, 0x00, 0x00, 0x0e,             /* name: 14 bytes */
    'q', 'e', 'm', 'u', ':', '/', '/', '/',
    's', 'y', 's', 't', 'e', 'm', 0x00, 0x00, /* 2 bytes of padding */
    0x00, 0x00, 0x00, 0x00,             /* flags */
};

static void
init_call(MvRpcHeader *header, int procedure, uint32_t serial)
{
    header->program = REMOTE_PROGRAM;
    header->version = REMOTE_PROTOCOL_VERSION;
    header->procedure = procedure;
    header->type = MV_NET_CALL;
    header->serial = serial;
    header->status = MV_NET_OK;
}

static void
test_connect_open_bytes(void)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    char *uri = (char *) "qemu:///system";
    remote_connect_open_args args = { .name = &uri, .flags = 0 };

    init_call(&msg->header, REMOTE_PROC_CONNECT_OPEN, 7);
    g_assert_cmpint(mv_rpc_message_encode(msg, (xdrproc_t) xdr_remote_connect_open_args, &args), ==, 0);
    g_assert_cmpmem(msg->buffer, msg->length, connect_open_bytes, sizeof(connect_open_bytes));
}

static void
test_connect_open_decode(void)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new_from_bytes(connect_open_bytes,
                                                                sizeof(connect_open_bytes));
    remote_connect_open_args args = { 0 };

    g_assert_cmpint(mv_rpc_message_decode_header(msg), ==, 0);
    g_assert_cmpuint(msg->header.program, ==, REMOTE_PROGRAM);
    g_assert_cmpuint(msg->header.version, ==, 1);
    g_assert_cmpint(msg->header.procedure, ==, REMOTE_PROC_CONNECT_OPEN);
    g_assert_cmpint(msg->header.type, ==, MV_NET_CALL);
    g_assert_cmpuint(msg->header.serial, ==, 7);
    g_assert_cmpint(msg->header.status, ==, MV_NET_OK);

    g_assert_cmpint(mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_connect_open_args, &args), ==, 0);
    g_assert_nonnull(args.name);
    g_assert_cmpstr(*args.name, ==, "qemu:///system");
    g_assert_cmpuint(args.flags, ==, 0);
    xdr_free((xdrproc_t) xdr_remote_connect_open_args, &args);
}

static void
test_connect_open_null_uri(void)
{
    static const uint8_t expected[] = {
        0x00, 0x00, 0x00, 0x24,         /* 4 + 24 + 8 = 36 */
        0x20, 0x00, 0x80, 0x86, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,         /* name: null */
        0x00, 0x00, 0x00, 0x03,         /* flags */
    };
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    remote_connect_open_args args = { .name = NULL, .flags = 3 };
    remote_connect_open_args back = { 0 };

    init_call(&msg->header, REMOTE_PROC_CONNECT_OPEN, 1);
    g_assert_cmpint(mv_rpc_message_encode(msg, (xdrproc_t) xdr_remote_connect_open_args, &args), ==, 0);
    g_assert_cmpmem(msg->buffer, msg->length, expected, sizeof(expected));

    g_assert_cmpint(mv_rpc_message_decode_header(msg), ==, 0);
    g_assert_cmpint(mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_connect_open_args, &back), ==, 0);
    g_assert_null(back.name);
    g_assert_cmpuint(back.flags, ==, 3);
}

static void
test_header_round_trip(void)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    g_autoptr(MvRpcMessage) back = NULL;
    const MvRpcHeader header = {
        .program = KEEPALIVE_PROGRAM,
        .version = KEEPALIVE_PROTOCOL_VERSION,
        .procedure = KEEPALIVE_PROC_PONG,
        .type = MV_NET_MESSAGE,
        .serial = 0xfffffffe,
        .status = MV_NET_CONTINUE,
    };

    msg->header = header;
    g_assert_cmpint(mv_rpc_message_encode(msg, NULL, NULL), ==, 0);
    g_assert_cmpuint(msg->length, ==, MV_RPC_FRAME_MIN);

    back = mv_rpc_message_new_from_bytes(msg->buffer, msg->length);
    g_assert_cmpint(mv_rpc_message_decode_header(back), ==, 0);
    g_assert_cmpmem(&back->header, sizeof(back->header), &header, sizeof(header));
    g_assert_cmpint(mv_rpc_message_decode_payload(back, NULL, NULL), ==, 0);
}

static void
test_reply_header(void)
{
    MvRpcHeader call;
    MvRpcHeader reply;

    init_call(&call, REMOTE_PROC_DOMAIN_GET_STATE, 42);
    mv_rpc_header_init_reply(&reply, &call);
    g_assert_cmpuint(reply.program, ==, REMOTE_PROGRAM);
    g_assert_cmpint(reply.procedure, ==, REMOTE_PROC_DOMAIN_GET_STATE);
    g_assert_cmpuint(reply.serial, ==, 42);
    g_assert_cmpint(reply.type, ==, MV_NET_REPLY);
    g_assert_cmpint(reply.status, ==, MV_NET_OK);

    call.type = MV_NET_CALL_WITH_FDS;
    mv_rpc_header_init_reply(&reply, &call);
    g_assert_cmpint(reply.type, ==, MV_NET_REPLY_WITH_FDS);
}

static MvError *
round_trip_error(const MvError *err, size_t expected_payload)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    g_autoptr(MvRpcMessage) back = NULL;
    MvError *decoded = NULL;

    init_call(&msg->header, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, 9);
    msg->header.type = MV_NET_REPLY;
    g_assert_cmpint(mv_rpc_message_encode_error(msg, err), ==, 0);
    g_assert_cmpuint(msg->length, ==, MV_RPC_FRAME_MIN + expected_payload);

    back = mv_rpc_message_new_from_bytes(msg->buffer, msg->length);
    g_assert_cmpint(mv_rpc_message_decode_header(back), ==, 0);
    g_assert_cmpint(back->header.status, ==, MV_NET_ERROR);
    g_assert_cmpint(back->header.type, ==, MV_NET_REPLY);
    g_assert_cmpuint(back->header.serial, ==, 9);
    g_assert_cmpint(mv_rpc_message_decode_error(back, &decoded), ==, 0);
    return decoded;
}

static void
test_error_round_trip(void)
{
    MvError err = {
        .code = VIR_ERR_NO_DOMAIN,
        .domain = VIR_FROM_QEMU,
        .level = VIR_ERR_ERROR,
        .message = (char *) "Domain not found: no domain with matching name 'tr1'",
        .str1 = (char *) "no domain with matching name 'tr1'",
        .str2 = NULL,
        .str3 = (char *) "x",
        .int1 = -5,
        .int2 = 77,
    };
    /* code, domain; message (4 + 4 + 52); level; dom null; str1 (4 + 4 + 36);
     * str2 null; str3 (4 + 4 + 4); int1, int2; net null */
    g_autoptr(MvError) back = round_trip_error(&err, 8 + 60 + 4 + 4 + 44 + 4 + 12 + 8 + 4);

    g_assert_cmpint(back->code, ==, VIR_ERR_NO_DOMAIN);
    g_assert_cmpint(back->domain, ==, VIR_FROM_QEMU);
    g_assert_cmpint(back->level, ==, VIR_ERR_ERROR);
    g_assert_cmpstr(back->message, ==, err.message);
    g_assert_cmpstr(back->str1, ==, err.str1);
    g_assert_null(back->str2);
    g_assert_cmpstr(back->str3, ==, "x");
    g_assert_cmpint(back->int1, ==, -5);
    g_assert_cmpint(back->int2, ==, 77);
}

static void
test_error_all_null(void)
{
    const MvError err = { .code = VIR_ERR_NO_SUPPORT, .domain = VIR_FROM_RPC, .level = VIR_ERR_WARNING };
    /* 11 words: every string and both objects null */
    g_autoptr(MvError) back = round_trip_error(&err, 44);

    g_assert_cmpint(back->code, ==, VIR_ERR_NO_SUPPORT);
    g_assert_cmpint(back->domain, ==, VIR_FROM_RPC);
    g_assert_cmpint(back->level, ==, VIR_ERR_WARNING);
    g_assert_null(back->message);
    g_assert_null(back->str1);
    g_assert_null(back->str2);
    g_assert_null(back->str3);
}

static void
test_error_from_report(void)
{
    g_autoptr(MvError) back = NULL;
    const char *detail = "unknown procedure 999";
    size_t padded = (strlen(detail) + 3) & ~(size_t) 3;

    mv_report_error(VIR_ERR_RPC, "%s", detail);
    back = round_trip_error(mv_error_last(), 8 + 2 * (8 + padded) + 4 + 4 + 8 + 8 + 4);
    g_assert_cmpint(back->code, ==, VIR_ERR_RPC);
    g_assert_cmpint(back->domain, ==, VIR_FROM_RPC);
    g_assert_cmpstr(back->message, ==, detail);
    g_assert_cmpstr(back->str1, ==, detail);
}

static void
test_error_generic(void)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    g_autoptr(MvError) back = NULL;

    init_call(&msg->header, REMOTE_PROC_CONNECT_GET_TYPE, 3);
    g_assert_cmpint(mv_rpc_message_encode_error(msg, NULL), ==, 0);
    g_assert_cmpint(mv_rpc_message_decode_header(msg), ==, 0);
    g_assert_cmpint(mv_rpc_message_decode_error(msg, &back), ==, 0);
    g_assert_cmpint(back->code, ==, VIR_ERR_INTERNAL_ERROR);
    g_assert_cmpint(back->domain, ==, VIR_FROM_RPC);
    g_assert_true(g_str_has_prefix(back->message, "internal error: "));
}

/* The error that ends stream 9 of DOMAIN_OPEN_CONSOLE, worked out by hand
 * from PROTOCOL.md: a stream message (type 3) with status error and the
 * error struct as payload. */
static const uint8_t stream_error_bytes[] = {
    0x00, 0x00, 0x00, 0x50,             /* length: 4 + 24 + 52 = 80 */
    0x20, 0x00, 0x80, 0x86,             /* program */
    0x00, 0x00, 0x00, 0x01,             /* version */
    0x00, 0x00, 0x00, 0xc9,             /* procedure: DOMAIN_OPEN_CONSOLE */
    0x00, 0x00, 0x00, 0x03,             /* type: stream */
    0x00, 0x00, 0x00, 0x09,             /* serial */
    0x00, 0x00, 0x00, 0x01,             /* status: error */
    0x00, 0x00, 0x00, 0x27,             /* code: VIR_ERR_RPC */
    0x00, 0x00, 0x00, 0x07,             /* domain: VIR_FROM_RPC */
    0x00, 0x00, 0x00, 0x01,             /* message: present */
    0x00, 0x00, 0x00, 0x02,             /* message: 2 bytes */
    'a', 'b', 0x00, 0x00,               /* 2 bytes of padding */
    0x00, 0x00, 0x00, 0x02,             /* level: VIR_ERR_ERROR */
    0x00, 0x00, 0x00, 0x00,             /* dom: null */
    0x00, 0x00, 0x00, 0x00,             /* str1: null */
    0x00, 0x00, 0x00, 0x00,             /* str2: null */
    0x00, 0x00, 0x00, 0x00,             /* str3: null */
    0x00, 0x00, 0x00, 0x00,             /* int1 */
    0x00, 0x00, 0x00, 0x00,             /* int2 */
    0x00, 0x00, 0x00, 0x00,             /* net: null */
};

static void
test_stream_error_bytes(void)
{
    const MvError err = {
        .code = VIR_ERR_RPC, .domain = VIR_FROM_RPC, .level = VIR_ERR_ERROR,
        .message = (char *) "ab",
    };
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    g_autoptr(MvRpcMessage) raw = mv_rpc_message_new();
    MvRpcHeader call;

    /* From the call's header (type call, status ok): both are replaced. */
    init_call(&call, REMOTE_PROC_DOMAIN_OPEN_CONSOLE, 9);
    g_assert_cmpint(mv_rpc_message_encode_stream_error(msg, &call, &err), ==, 0);
    g_assert_cmpmem(msg->buffer, msg->length, stream_error_bytes, sizeof(stream_error_bytes));
    g_assert_cmpint(msg->header.type, ==, MV_NET_STREAM);
    g_assert_cmpint(msg->header.status, ==, MV_NET_ERROR);
    g_assert_cmpuint(msg->header.serial, ==, 9);

    /* An error payload encoded already, passed on as stream bytes: the same frame. */
    g_assert_cmpint(mv_rpc_message_encode_stream(raw, &call, MV_NET_ERROR,
                                                 stream_error_bytes + MV_RPC_FRAME_MIN,
                                                 sizeof(stream_error_bytes) - MV_RPC_FRAME_MIN),
                    ==, 0);
    g_assert_cmpmem(raw->buffer, raw->length, stream_error_bytes, sizeof(stream_error_bytes));
}

/* A finish's confirmation: a stream message with status ok and no payload. */
static void
test_stream_ok_bytes(void)
{
    static const uint8_t expected[] = {
        0x00, 0x00, 0x00, 0x1c,         /* length: 4 + 24 */
        0x20, 0x00, 0x80, 0x86,         /* program */
        0x00, 0x00, 0x00, 0x01,         /* version */
        0x00, 0x00, 0x00, 0xc9,         /* procedure: DOMAIN_OPEN_CONSOLE */
        0x00, 0x00, 0x00, 0x03,         /* type: stream */
        0x00, 0x00, 0x00, 0x09,         /* serial */
        0x00, 0x00, 0x00, 0x00,         /* status: ok */
    };
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    MvRpcHeader call;

    init_call(&call, REMOTE_PROC_DOMAIN_OPEN_CONSOLE, 9);
    call.type = MV_NET_STREAM;
    call.status = MV_NET_ERROR;
    g_assert_cmpint(mv_rpc_message_encode_stream(msg, &call, MV_NET_OK, NULL, 0), ==, 0);
    g_assert_cmpmem(msg->buffer, msg->length, expected, sizeof(expected));
}

static void
assert_rpc_error(const char *fragment)
{
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_RPC);
    g_assert_cmpint(mv_error_last()->domain, ==, VIR_FROM_RPC);
    if (!strstr(mv_error_last_message(), fragment))
        g_error("error '%s' does not name '%s'", mv_error_last_message(), fragment);
}

/* A frame of total bytes whose length word says claimed. */
static MvRpcMessage *
frame_claiming(uint32_t claimed, size_t total)
{
    g_autofree uint8_t *bytes = g_malloc0(MAX(total, 4));
    uint32_t be = GUINT32_TO_BE(claimed);

    memcpy(bytes, &be, 4);
    return mv_rpc_message_new_from_bytes(bytes, total);
}

static void
test_bad_lengths(void)
{
    static const struct {
        uint32_t claimed;
        size_t total;
        const char *fragment;
    } cases[] = {
        { 0, 4, "length 0 " },
        { 27, 27, "length 27 " },
        { 4, 28, "length 4 " },
        { 33554433, 28, "length 33554433 " },
        { 0xffffffff, 28, "length 4294967295 " },
        { 40, 36, "length 40 does not match the 36 bytes" },
        { 28, 40, "length 28 does not match the 40 bytes" },
        { 28, 3, "3 bytes is too short" },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(MvRpcMessage) msg = frame_claiming(cases[i].claimed, cases[i].total);

        mv_error_reset();
        g_assert_cmpint(mv_rpc_message_decode_header(msg), ==, -1);
        assert_rpc_error(cases[i].fragment);
    }
}

static void
test_frame_length_limits(void)
{
    uint8_t word[4] = { 0x02, 0x00, 0x00, 0x00 }; /* exactly the maximum */
    uint32_t length = 0;

    g_assert_cmpint(mv_rpc_frame_length(word, 4, &length), ==, 0);
    g_assert_cmpuint(length, ==, MV_NET_MESSAGE_MAX);

    word[0] = 0x00;
    word[3] = 0x1c;
    g_assert_cmpint(mv_rpc_frame_length(word, 4, &length), ==, 0);
    g_assert_cmpuint(length, ==, 28);
}

static void
test_empty_payload_where_args_expected(void)
{
    g_autoptr(MvRpcMessage) msg = frame_claiming(28, 28);
    remote_connect_open_args args = { 0 };

    g_assert_cmpint(mv_rpc_message_decode_header(msg), ==, 0);
    g_assert_cmpint(mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_connect_open_args, &args), ==, -1);
    assert_rpc_error("cannot decode the 0-byte payload");
    g_assert_null(args.name);
}

static void
test_wrong_payload(void)
{
    /* The CONNECT_OPEN frame read as DOMAIN_LOOKUP_BY_NAME arguments: a
     * 1-byte string, then bytes left over. */
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new_from_bytes(connect_open_bytes,
                                                                sizeof(connect_open_bytes));
    remote_domain_lookup_by_name_args args = { 0 };
    remote_domain_get_info_ret info = { 0 };

    g_assert_cmpint(mv_rpc_message_decode_header(msg), ==, 0);
    g_assert_cmpint(mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_domain_lookup_by_name_args, &args), ==, -1);
    assert_rpc_error("trailing bytes");
    g_assert_null(args.name);

    /* Too short for a 36-byte struct. */
    g_assert_cmpint(mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_domain_get_info_ret, &info), ==, -1);
    assert_rpc_error("cannot decode");

    /* A payload where none is expected. */
    g_assert_cmpint(mv_rpc_message_decode_payload(msg, NULL, NULL), ==, -1);
    assert_rpc_error("should be empty, got 28 bytes");
}

static void
test_string_length_over_payload(void)
{
    /* A string whose length word promises more bytes than the frame has. */
    static const uint8_t bytes[] = {
        0x00, 0x00, 0x00, 0x24,
        0x20, 0x00, 0x80, 0x86, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x3f, 0xff, 0xff,          /* name: 4194303 bytes */
        'a', 'b', 'c', 'd',
    };
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new_from_bytes(bytes, sizeof(bytes));
    remote_domain_lookup_by_name_args args = { 0 };

    g_assert_cmpint(mv_rpc_message_decode_header(msg), ==, 0);
    g_assert_cmpint(mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_domain_lookup_by_name_args, &args), ==, -1);
    assert_rpc_error("procedure 23");
}

static void
test_string_over_limit(void)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    g_autofree char *xml = g_malloc(REMOTE_STRING_MAX + 2);
    remote_domain_define_xml_args args = { .xml = xml };

    memset(xml, 'x', REMOTE_STRING_MAX + 1);
    xml[REMOTE_STRING_MAX + 1] = '\0';
    init_call(&msg->header, REMOTE_PROC_DOMAIN_DEFINE_XML, 1);
    g_assert_cmpint(mv_rpc_message_encode(msg, (xdrproc_t) xdr_remote_domain_define_xml_args, &args), ==, -1);
    assert_rpc_error("procedure 11");
    g_assert_null(msg->buffer);

    /* At the limit it goes. */
    xml[REMOTE_STRING_MAX] = '\0';
    g_assert_cmpint(mv_rpc_message_encode(msg, (xdrproc_t) xdr_remote_domain_define_xml_args, &args), ==, 0);
    g_assert_cmpuint(msg->length, ==, MV_RPC_FRAME_MIN + 4 + REMOTE_STRING_MAX);
}

static void
test_payload_over_limit(void)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    g_autofree char *text = g_malloc(REMOTE_STRING_MAX + 1);
    char *msgs[9];
    remote_domain_get_messages_ret ret = { .msgs = { .msgs_len = G_N_ELEMENTS(msgs), .msgs_val = msgs } };
    size_t i;

    /* Nine strings at the string limit add up to more than the payload limit. */
    memset(text, 'm', REMOTE_STRING_MAX);
    text[REMOTE_STRING_MAX] = '\0';
    for (i = 0; i < G_N_ELEMENTS(msgs); i++)
        msgs[i] = text;

    init_call(&msg->header, REMOTE_PROC_DOMAIN_GET_MESSAGES, 1);
    msg->header.type = MV_NET_REPLY;
    g_assert_cmpint(mv_rpc_message_encode(msg, (xdrproc_t) xdr_remote_domain_get_messages_ret, &ret), ==, -1);
    assert_rpc_error("over the limit of 33554408");
}

static void
test_node_info_layout(void)
{
    /* model travels as 32 4-byte ints: 128 + 8 + 6 * 4 = 160 bytes. */
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    remote_node_get_info_ret info = { .memory = 1, .cpus = 2 };
    remote_node_get_info_ret back = { 0 };

    g_strlcpy(info.model, "x86_64", sizeof(info.model));
    init_call(&msg->header, REMOTE_PROC_NODE_GET_INFO, 1);
    g_assert_cmpint(mv_rpc_message_encode(msg, (xdrproc_t) xdr_remote_node_get_info_ret, &info), ==, 0);
    g_assert_cmpuint(msg->length, ==, MV_RPC_FRAME_MIN + 160);
    g_assert_cmpuint(msg->buffer[MV_RPC_FRAME_MIN + 3], ==, 'x');
    g_assert_cmpuint(msg->buffer[MV_RPC_FRAME_MIN + 7], ==, '8');

    g_assert_cmpint(mv_rpc_message_decode_header(msg), ==, 0);
    g_assert_cmpint(mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_node_get_info_ret, &back), ==, 0);
    g_assert_cmpstr(back.model, ==, "x86_64");
    g_assert_cmpuint(back.memory, ==, 1);
    g_assert_cmpint(back.cpus, ==, 2);
}

static void
test_domain_get_info_layout(void)
{
    /* char and short take a whole word: 4 + 8 + 8 + 4 + 8. */
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    remote_domain_get_info_ret info = { .state = 1, .maxMem = 0x100000000ULL, .nrVirtCpu = 2 };

    init_call(&msg->header, REMOTE_PROC_DOMAIN_GET_INFO, 1);
    g_assert_cmpint(mv_rpc_message_encode(msg, (xdrproc_t) xdr_remote_domain_get_info_ret, &info), ==, 0);
    g_assert_cmpuint(msg->length, ==, MV_RPC_FRAME_MIN + 32);
    g_assert_cmpuint(msg->buffer[MV_RPC_FRAME_MIN + 3], ==, 1);
    g_assert_cmpuint(msg->buffer[MV_RPC_FRAME_MIN + 7], ==, 1);     /* high word of maxMem */
    g_assert_cmpuint(msg->buffer[MV_RPC_FRAME_MIN + 23], ==, 2);
}

static void
test_procedure_numbers(void)
{
    /* The numbers virsh sends; a typo here breaks compatibility silently. */
    static const struct { int value; int expected; } procs[] = {
        { REMOTE_PROC_CONNECT_OPEN, 1 }, { REMOTE_PROC_CONNECT_CLOSE, 2 },
        { REMOTE_PROC_CONNECT_GET_TYPE, 3 }, { REMOTE_PROC_CONNECT_GET_VERSION, 4 },
        { REMOTE_PROC_CONNECT_GET_MAX_VCPUS, 5 }, { REMOTE_PROC_NODE_GET_INFO, 6 },
        { REMOTE_PROC_CONNECT_GET_CAPABILITIES, 7 }, { REMOTE_PROC_DOMAIN_CREATE, 9 },
        { REMOTE_PROC_DOMAIN_CREATE_XML, 10 }, { REMOTE_PROC_DOMAIN_DEFINE_XML, 11 },
        { REMOTE_PROC_DOMAIN_DESTROY, 12 }, { REMOTE_PROC_DOMAIN_GET_XML_DESC, 14 },
        { REMOTE_PROC_DOMAIN_GET_AUTOSTART, 15 }, { REMOTE_PROC_DOMAIN_GET_INFO, 16 },
        { REMOTE_PROC_DOMAIN_GET_MAX_MEMORY, 17 }, { REMOTE_PROC_DOMAIN_GET_OS_TYPE, 19 },
        { REMOTE_PROC_DOMAIN_LOOKUP_BY_ID, 22 }, { REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, 23 },
        { REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID, 24 }, { REMOTE_PROC_DOMAIN_REBOOT, 27 },
        { REMOTE_PROC_DOMAIN_RESUME, 28 }, { REMOTE_PROC_DOMAIN_SET_AUTOSTART, 29 },
        { REMOTE_PROC_DOMAIN_SHUTDOWN, 33 }, { REMOTE_PROC_DOMAIN_SUSPEND, 34 },
        { REMOTE_PROC_DOMAIN_UNDEFINE, 35 }, { REMOTE_PROC_NETWORK_DEFINE_XML, 41 },
        { REMOTE_PROC_NETWORK_GET_XML_DESC, 43 }, { REMOTE_PROC_NETWORK_GET_AUTOSTART, 44 },
        { REMOTE_PROC_NETWORK_GET_BRIDGE_NAME, 45 }, { REMOTE_PROC_NETWORK_LOOKUP_BY_NAME, 46 },
        { REMOTE_PROC_NETWORK_UNDEFINE, 49 }, { REMOTE_PROC_CONNECT_GET_HOSTNAME, 59 },
        { REMOTE_PROC_CONNECT_SUPPORTS_FEATURE, 60 }, { REMOTE_PROC_AUTH_LIST, 66 },
        { REMOTE_PROC_CONNECT_GET_URI, 110 }, { REMOTE_PROC_DOMAIN_GET_SECURITY_LABEL, 121 },
        { REMOTE_PROC_NODE_GET_SECURITY_MODEL, 122 }, { REMOTE_PROC_CONNECT_IS_SECURE, 149 },
        { REMOTE_PROC_DOMAIN_IS_ACTIVE, 150 }, { REMOTE_PROC_DOMAIN_IS_PERSISTENT, 151 },
        { REMOTE_PROC_NETWORK_IS_ACTIVE, 152 }, { REMOTE_PROC_NETWORK_IS_PERSISTENT, 153 },
        { REMOTE_PROC_CONNECT_GET_LIB_VERSION, 157 },
        { REMOTE_PROC_DOMAIN_HAS_MANAGED_SAVE_IMAGE, 183 }, { REMOTE_PROC_DOMAIN_SNAPSHOT_NUM, 187 },
        { REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS, 196 }, { REMOTE_PROC_DOMAIN_GET_VCPUS_FLAGS, 200 },
        { REMOTE_PROC_DOMAIN_OPEN_CONSOLE, 201 },
        { REMOTE_PROC_DOMAIN_GET_STATE, 212 }, { REMOTE_PROC_DOMAIN_UNDEFINE_FLAGS, 231 },
        { REMOTE_PROC_DOMAIN_DESTROY_FLAGS, 234 }, { REMOTE_PROC_DOMAIN_SHUTDOWN_FLAGS, 258 },
        { REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS, 273 }, { REMOTE_PROC_CONNECT_LIST_ALL_NETWORKS, 283 },
        { REMOTE_PROC_CONNECT_GET_DOMAIN_CAPABILITIES, 342 },
        { REMOTE_PROC_DOMAIN_DEFINE_XML_FLAGS, 350 },
        { REMOTE_PROC_CONNECT_REGISTER_CLOSE_CALLBACK, 360 },
        { REMOTE_PROC_CONNECT_UNREGISTER_CLOSE_CALLBACK, 361 },
        { REMOTE_PROC_DOMAIN_GET_MESSAGES, 426 },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(procs); i++)
        g_assert_cmpint(procs[i].value, ==, procs[i].expected);
    g_assert_cmpuint(REMOTE_PROGRAM, ==, 0x20008086);
    g_assert_cmpuint(KEEPALIVE_PROGRAM, ==, 0x6b656570);
    g_assert_cmpint(KEEPALIVE_PROC_PING, ==, 1);
    g_assert_cmpint(KEEPALIVE_PROC_PONG, ==, 2);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    g_test_add_func("/rpc/message/connect-open-bytes", test_connect_open_bytes);
    g_test_add_func("/rpc/message/connect-open-decode", test_connect_open_decode);
    g_test_add_func("/rpc/message/connect-open-null-uri", test_connect_open_null_uri);
    g_test_add_func("/rpc/message/header-round-trip", test_header_round_trip);
    g_test_add_func("/rpc/message/reply-header", test_reply_header);
    g_test_add_func("/rpc/message/error-round-trip", test_error_round_trip);
    g_test_add_func("/rpc/message/error-all-null", test_error_all_null);
    g_test_add_func("/rpc/message/error-from-report", test_error_from_report);
    g_test_add_func("/rpc/message/error-generic", test_error_generic);
    g_test_add_func("/rpc/message/stream-error-bytes", test_stream_error_bytes);
    g_test_add_func("/rpc/message/stream-ok-bytes", test_stream_ok_bytes);
    g_test_add_func("/rpc/message/bad-lengths", test_bad_lengths);
    g_test_add_func("/rpc/message/frame-length-limits", test_frame_length_limits);
    g_test_add_func("/rpc/message/empty-payload", test_empty_payload_where_args_expected);
    g_test_add_func("/rpc/message/wrong-payload", test_wrong_payload);
    g_test_add_func("/rpc/message/string-length-over-payload", test_string_length_over_payload);
    g_test_add_func("/rpc/message/string-over-limit", test_string_over_limit);
    g_test_add_func("/rpc/message/payload-over-limit", test_payload_over_limit);
    g_test_add_func("/rpc/message/node-info-layout", test_node_info_layout);
    g_test_add_func("/rpc/message/domain-get-info-layout", test_domain_get_info_layout);
    g_test_add_func("/rpc/message/procedure-numbers", test_procedure_numbers);
    return g_test_run();
}
