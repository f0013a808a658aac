/* The incremental reader: bytes from a stream socket in, whole RPC messages out. */
#pragma once

#include <glib.h>
#include <stddef.h>

#include "message.h"

typedef struct MvRpcReader MvRpcReader;

MvRpcReader *mv_rpc_reader_new(void);
void mv_rpc_reader_free(MvRpcReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvRpcReader, mv_rpc_reader_free)

/* Takes in len bytes, in any split. A length word out of the frame limits
 * fails as soon as its 4 bytes are in, before the body is awaited: the
 * stream can no longer be trusted and the connection must be closed. After
 * a failure every later feed fails too. */
int mv_rpc_reader_feed(MvRpcReader *reader, const void *data, size_t len);

/* The next whole message, its header decoded, in arrival order: 1 and
 * *ret_msg, or 0 when more bytes are needed. */
int mv_rpc_reader_next(MvRpcReader *reader, MvRpcMessage **ret_msg);

/* True between messages: nothing of a partial message is held. */
bool mv_rpc_reader_is_idle(const MvRpcReader *reader);
