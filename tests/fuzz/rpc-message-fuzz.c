/* libFuzzer target: arbitrary bytes through the RPC reader and payload decoders must never crash or leak. */
#define MV_FROM_THIS VIR_FROM_RPC

#include <string.h>

#include "protocol/remote.h"
#include "rpc/reader.h"
#include "util/error.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Decodes msg as payload type proc and frees it again. */
static void
try_payload(MvRpcMessage *msg, xdrproc_t proc, size_t struct_size)
{
    g_autofree void *obj = g_malloc0(struct_size);

    if (mv_rpc_message_decode_payload(msg, proc, obj) == 0)
        xdr_free(proc, obj);
}

/* An error payload that decodes must encode and decode back to the same
 * values (not bytes: padding content and the unused dom/net are dropped). */
static void
check_error_round_trip(MvRpcMessage *msg)
{
    g_autoptr(MvError) err = NULL;
    g_autoptr(MvError) back = NULL;
    g_autoptr(MvRpcMessage) again = mv_rpc_message_new();

    if (mv_rpc_message_decode_error(msg, &err) < 0)
        return;
    again->header = msg->header;
    if (mv_rpc_message_encode_error(again, err) < 0 ||
        mv_rpc_message_decode_header(again) < 0 ||
        mv_rpc_message_decode_error(again, &back) < 0)
        __builtin_trap();
    if (err->code != back->code || err->domain != back->domain ||
        err->level != back->level || err->int1 != back->int1 ||
        err->int2 != back->int2 ||
        g_strcmp0(err->message, back->message) != 0 ||
        g_strcmp0(err->str1, back->str1) != 0 ||
        g_strcmp0(err->str2, back->str2) != 0 ||
        g_strcmp0(err->str3, back->str3) != 0)
        __builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
    MvRpcMessage *msg = NULL;
    size_t chunk;
    size_t pos = 1;

    mv_log_set_default_priority(MV_LOG_ERROR + 1);
    if (size == 0)
        return 0;

    /* The first byte picks how the stream is split into reads. */
    chunk = (size_t) data[0] + 1;
    while (pos < size) {
        size_t n = MIN(chunk, size - pos);

        if (mv_rpc_reader_feed(reader, data + pos, n) < 0)
            break;
        pos += n;
    }

    while (mv_rpc_reader_next(reader, &msg) == 1) {
        try_payload(msg, (xdrproc_t) xdr_remote_connect_open_args, sizeof(remote_connect_open_args));
        try_payload(msg, (xdrproc_t) xdr_remote_connect_list_all_domains_ret,
                    sizeof(remote_connect_list_all_domains_ret));
        try_payload(msg, (xdrproc_t) xdr_remote_node_get_info_ret, sizeof(remote_node_get_info_ret));
        try_payload(msg, (xdrproc_t) xdr_remote_domain_get_security_label_ret,
                    sizeof(remote_domain_get_security_label_ret));
        try_payload(msg, (xdrproc_t) xdr_remote_domain_get_messages_ret,
                    sizeof(remote_domain_get_messages_ret));
        check_error_round_trip(msg);
        mv_rpc_message_free(msg);
    }
    mv_error_reset();
    return 0;
}
