/* RPC messages: framing, header and payload XDR, error payloads. */
#define MV_LOG_MODULE "rpc.message"
#define MV_FROM_THIS VIR_FROM_RPC

#include "message.h"

#include <string.h>

#include "util/log.h"

MvRpcMessage *
mv_rpc_message_new(void)
{
    return g_new0(MvRpcMessage, 1);
}

void
mv_rpc_message_free(MvRpcMessage *msg)
{
    if (!msg)
        return;
    if (msg->release)
        msg->release(msg->release_opaque, msg->length);
    g_free(msg->buffer);
    g_free(msg);
}

MvRpcMessage *
mv_rpc_message_new_from_bytes(const void *data, size_t len)
{
    MvRpcMessage *msg = mv_rpc_message_new();

    msg->buffer = g_memdup2(data, len);
    msg->length = len;
    return msg;
}

void
mv_rpc_header_init_reply(MvRpcHeader *reply, const MvRpcHeader *call)
{
    *reply = *call;
    reply->type = call->type == MV_NET_CALL_WITH_FDS ? MV_NET_REPLY_WITH_FDS : MV_NET_REPLY;
    reply->status = MV_NET_OK;
}

static bool
payload_is_empty(xdrproc_t proc)
{
    return !proc;
}

int
mv_rpc_message_encode(MvRpcMessage *msg, xdrproc_t proc, const void *data)
{
    mv_net_header hdr = {
        .prog = msg->header.program,
        .vers = msg->header.version,
        .proc = msg->header.procedure,
        .type = msg->header.type,
        .serial = msg->header.serial,
        .status = msg->header.status,
    };
    g_autofree uint8_t *buffer = NULL;
    size_t payload_len = 0;
    size_t total;
    uint32_t be_total;
    XDR xdrs;
    bool ok;

    if (!payload_is_empty(proc)) {
        payload_len = xdr_sizeof(proc, (void *) data);
        if (payload_len == 0) {
            mv_report_error(VIR_ERR_RPC,
                            "cannot encode the payload of procedure %d of program 0x%x: a value is out of its XDR bounds",
                            msg->header.procedure, msg->header.program);
            return -1;
        }
    }
    if (payload_len > MV_NET_MESSAGE_PAYLOAD_MAX) {
        mv_report_error(VIR_ERR_RPC,
                        "payload of procedure %d of program 0x%x is %zu bytes, over the limit of %d",
                        msg->header.procedure, msg->header.program,
                        payload_len, MV_NET_MESSAGE_PAYLOAD_MAX);
        return -1;
    }

    total = MV_RPC_FRAME_MIN + payload_len;
    buffer = g_malloc(total);
    be_total = GUINT32_TO_BE((uint32_t) total);
    memcpy(buffer, &be_total, sizeof(be_total));

    xdrmem_create(&xdrs, (char *) buffer + MV_NET_MESSAGE_LEN_SIZE,
                  total - MV_NET_MESSAGE_LEN_SIZE, XDR_ENCODE);
    ok = xdr_mv_net_header(&xdrs, &hdr) &&
         (payload_is_empty(proc) || proc(&xdrs, (void *) data)) &&
         xdr_getpos(&xdrs) == total - MV_NET_MESSAGE_LEN_SIZE;
    xdr_destroy(&xdrs);
    if (!ok) {
        mv_report_error(VIR_ERR_RPC,
                        "cannot encode message for procedure %d of program 0x%x",
                        msg->header.procedure, msg->header.program);
        return -1;
    }

    g_free(msg->buffer);
    msg->buffer = g_steal_pointer(&buffer);
    msg->length = total;
    return 0;
}

int
mv_rpc_message_encode_stream(MvRpcMessage *msg, const MvRpcHeader *call, int status,
                             const void *data, size_t len)
{
    uint32_t be_total;

    if (len > MV_NET_MESSAGE_PAYLOAD_MAX) {
        mv_report_error(VIR_ERR_RPC,
                        "stream data of procedure %d of program 0x%x is %zu bytes, over the limit of %d",
                        call->procedure, call->program, len, MV_NET_MESSAGE_PAYLOAD_MAX);
        return -1;
    }
    msg->header = *call;
    msg->header.type = MV_NET_STREAM;
    msg->header.status = status;
    if (mv_rpc_message_encode(msg, NULL, NULL) < 0)
        return -1;
    if (len == 0)
        return 0;
    msg->buffer = g_realloc(msg->buffer, MV_RPC_FRAME_MIN + len);
    memcpy(msg->buffer + MV_RPC_FRAME_MIN, data, len);
    msg->length = MV_RPC_FRAME_MIN + len;
    be_total = GUINT32_TO_BE((uint32_t) msg->length);
    memcpy(msg->buffer, &be_total, sizeof(be_total));
    return 0;
}

int
mv_rpc_message_encode_error(MvRpcMessage *msg, const MvError *err)
{
    static const MvError unknown = {
        .code = VIR_ERR_INTERNAL_ERROR,
        .domain = VIR_FROM_RPC,
        .level = VIR_ERR_ERROR,
        .message = (char *) "internal error: the call failed without reporting an error",
    };
    char *message;
    char *str1;
    char *str2;
    char *str3;
    remote_error rerr = { 0 };

    if (!err)
        err = &unknown;
    message = err->message;
    str1 = err->str1;
    str2 = err->str2;
    str3 = err->str3;

    rerr.code = err->code;
    rerr.domain = err->domain;
    rerr.message = message ? &message : NULL;
    rerr.level = err->level;
    rerr.str1 = str1 ? &str1 : NULL;
    rerr.str2 = str2 ? &str2 : NULL;
    rerr.str3 = str3 ? &str3 : NULL;
    rerr.int1 = err->int1;
    rerr.int2 = err->int2;

    msg->header.status = MV_NET_ERROR;
    return mv_rpc_message_encode(msg, (xdrproc_t) xdr_remote_error, &rerr);
}

int
mv_rpc_message_encode_stream_error(MvRpcMessage *msg, const MvRpcHeader *call,
                                   const MvError *err)
{
    msg->header = *call;
    msg->header.type = MV_NET_STREAM;
    return mv_rpc_message_encode_error(msg, err);
}

int
mv_rpc_frame_length(const uint8_t *data, size_t len, uint32_t *ret_length)
{
    uint32_t be_length;
    uint32_t length;

    if (len < MV_NET_MESSAGE_LEN_SIZE) {
        mv_report_error(VIR_ERR_RPC, "message of %zu bytes is too short to hold its length word", len);
        return -1;
    }
    memcpy(&be_length, data, sizeof(be_length));
    length = GUINT32_FROM_BE(be_length);

    if (length < MV_RPC_FRAME_MIN) {
        mv_report_error(VIR_ERR_RPC,
                        "message length %u is shorter than the %d bytes of length word and header",
                        length, MV_RPC_FRAME_MIN);
        return -1;
    }
    if (length > MV_NET_MESSAGE_MAX) {
        mv_report_error(VIR_ERR_RPC, "message length %u is over the limit of %d",
                        length, MV_NET_MESSAGE_MAX);
        return -1;
    }

    *ret_length = length;
    return 0;
}

int
mv_rpc_message_decode_header(MvRpcMessage *msg)
{
    mv_net_header hdr = { 0 };
    uint32_t length;
    XDR xdrs;
    bool ok;

    if (mv_rpc_frame_length(msg->buffer, msg->length, &length) < 0)
        return -1;

    if (length != msg->length) {
        mv_report_error(VIR_ERR_RPC, "message length %u does not match the %zu bytes received",
                        length, msg->length);
        return -1;
    }

    xdrmem_create(&xdrs, (char *) msg->buffer + MV_NET_MESSAGE_LEN_SIZE,
                  MV_NET_MESSAGE_HEADER_SIZE, XDR_DECODE);
    ok = xdr_mv_net_header(&xdrs, &hdr);
    xdr_destroy(&xdrs);
    if (!ok) {
        mv_report_error(VIR_ERR_RPC, "cannot decode the header of a message of %u bytes", length);
        return -1;
    }

    msg->header.program = hdr.prog;
    msg->header.version = hdr.vers;
    msg->header.procedure = hdr.proc;
    msg->header.type = hdr.type;
    msg->header.serial = hdr.serial;
    msg->header.status = hdr.status;
    return 0;
}

int
mv_rpc_message_decode_payload(MvRpcMessage *msg, xdrproc_t proc, void *data)
{
    size_t payload_len;
    size_t used;
    XDR xdrs;
    bool ok;

    if (msg->length < MV_RPC_FRAME_MIN) {
        mv_report_error(VIR_ERR_RPC, "message of %zu bytes has no room for a header", msg->length);
        return -1;
    }
    payload_len = msg->length - MV_RPC_FRAME_MIN;

    if (payload_is_empty(proc)) {
        if (payload_len == 0)
            return 0;
        mv_report_error(VIR_ERR_RPC,
                        "payload of procedure %d of program 0x%x should be empty, got %zu bytes",
                        msg->header.procedure, msg->header.program, payload_len);
        return -1;
    }

    xdrmem_create(&xdrs, (char *) msg->buffer + MV_RPC_FRAME_MIN, payload_len, XDR_DECODE);
    ok = proc(&xdrs, data);
    used = xdr_getpos(&xdrs);
    xdr_destroy(&xdrs);

    if (!ok) {
        xdr_free(proc, data);
        mv_report_error(VIR_ERR_RPC,
                        "cannot decode the %zu-byte payload of procedure %d of program 0x%x",
                        payload_len, msg->header.procedure, msg->header.program);
        return -1;
    }
    if (used != payload_len) {
        xdr_free(proc, data);
        mv_report_error(VIR_ERR_RPC,
                        "payload of procedure %d of program 0x%x has %zu trailing bytes",
                        msg->header.procedure, msg->header.program, payload_len - used);
        return -1;
    }
    return 0;
}

static char *
dup_remote_string(remote_string str)
{
    return str ? g_strdup(*str) : NULL;
}

int
mv_rpc_message_decode_error(MvRpcMessage *msg, MvError **ret_err)
{
    remote_error rerr = { 0 };
    MvError *err;

    if (mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_error, &rerr) < 0)
        return -1;

    err = g_new0(MvError, 1);
    err->code = rerr.code;
    err->domain = rerr.domain;
    err->level = rerr.level;
    err->message = dup_remote_string(rerr.message);
    err->str1 = dup_remote_string(rerr.str1);
    err->str2 = dup_remote_string(rerr.str2);
    err->str3 = dup_remote_string(rerr.str3);
    err->int1 = rerr.int1;
    err->int2 = rerr.int2;
    xdr_free((xdrproc_t) xdr_remote_error, &rerr);

    *ret_err = err;
    return 0;
}
