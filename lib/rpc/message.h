/* RPC messages: one framed buffer (length word, header, XDR payload), its encoding and decoding. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rpc/rpc.h>

#include "protocol/net.h"
#include "util/error.h"

/* Length word plus header: the smallest valid frame. */
#define MV_RPC_FRAME_MIN (MV_NET_MESSAGE_LEN_SIZE + MV_NET_MESSAGE_HEADER_SIZE)

typedef struct {
    uint32_t program;
    uint32_t version;
    int32_t procedure;
    int32_t type;       /* mv_net_message_type */
    uint32_t serial;
    int32_t status;     /* mv_net_message_status */
} MvRpcHeader;

/* A whole frame. After encoding, buffer[0..length) is ready to be written;
 * after decoding a header, the payload is buffer[MV_RPC_FRAME_MIN..length). */
typedef struct {
    MvRpcHeader header;
    uint8_t *buffer;
    size_t length;
    /* Runs when the message is freed (written out or dropped): how a
     * stream counts the bytes it still has queued. */
    void (*release)(void *opaque, size_t length);
    void *release_opaque;
} MvRpcMessage;

MvRpcMessage *mv_rpc_message_new(void);
void mv_rpc_message_free(MvRpcMessage *msg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvRpcMessage, mv_rpc_message_free)

/* A copy of a whole frame as bytes; the header is not decoded yet. */
MvRpcMessage *mv_rpc_message_new_from_bytes(const void *data, size_t len);

/* The header of a reply to a call: same program, version, procedure and
 * serial; type REPLY (REPLY_WITH_FDS for CALL_WITH_FDS), status OK. */
void mv_rpc_header_init_reply(MvRpcHeader *reply, const MvRpcHeader *call);

/* Encodes msg->header and the payload (proc applied to data) into
 * msg->buffer, replacing what was there. A NULL proc means an empty payload
 * (libtirpc's xdr_void has a type that cannot be cast to xdrproc_t).
 * Refuses payloads over MV_NET_MESSAGE_PAYLOAD_MAX and data that does not
 * fit its XDR bounds (a string over REMOTE_STRING_MAX, ...). */
int mv_rpc_message_encode(MvRpcMessage *msg, xdrproc_t proc, const void *data);

/* Encodes an error reply: msg->header.status becomes MV_NET_ERROR and the
 * payload is err as a remote_error. err NULL (a handler that failed without
 * reporting) sends a generic internal error. */
int mv_rpc_message_encode_error(MvRpcMessage *msg, const MvError *err);

/* Reads the 4-byte big-endian length word at data and checks it against
 * the frame limits. Needs len >= 4. */
int mv_rpc_frame_length(const uint8_t *data, size_t len, uint32_t *ret_length);

/* Checks that msg->buffer holds exactly one frame and decodes its header
 * into msg->header. */
int mv_rpc_message_decode_header(MvRpcMessage *msg);

/* Decodes the payload into data (a zeroed struct of proc's type; free its
 * contents with xdr_free(proc, data)). The payload must be consumed
 * exactly. On failure, data holds nothing to free. */
int mv_rpc_message_decode_payload(MvRpcMessage *msg, xdrproc_t proc, void *data);

/* Encodes a stream message (type MV_NET_STREAM) of the call in header
 * (program, version, procedure, serial) with status and raw bytes as
 * payload (no XDR: stream data travels as it is). */
int mv_rpc_message_encode_stream(MvRpcMessage *msg, const MvRpcHeader *call, int status,
                                 const void *data, size_t len);

/* Encodes the error that ends a stream: a stream message (type
 * MV_NET_STREAM) of call (program, version, procedure, serial) with status
 * MV_NET_ERROR and err as a remote_error payload; err NULL as for
 * mv_rpc_message_encode_error(). */
int mv_rpc_message_encode_stream_error(MvRpcMessage *msg, const MvRpcHeader *call,
                                       const MvError *err);

/* Decodes the remote_error payload of a reply with status MV_NET_ERROR. */
int mv_rpc_message_decode_error(MvRpcMessage *msg, MvError **ret_err);
