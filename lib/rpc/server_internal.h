/* What lib/rpc's server shares with its stream code, and nothing else includes. */
#pragma once

#include "server.h"
#include "server_stream.h"

/* The call the current worker thread runs, or NULL outside a handler. */
const MvRpcHeader *mv_rpc_server_current_call(void);

GMainContext *mv_rpc_server_client_get_context(MvRpcServerClient *client);
unsigned int mv_rpc_server_client_get_id(MvRpcServerClient *client);

/* Queues an encoded message, taken; -1 (not reported) when closed. */
int mv_rpc_server_client_queue(MvRpcServerClient *client, MvRpcMessage *msg);

/* The client's streams by serial (MvRpcServerStream *, a reference each),
 * under its lock. */
void mv_rpc_server_client_lock(MvRpcServerClient *client);
void mv_rpc_server_client_unlock(MvRpcServerClient *client);
GHashTable *mv_rpc_server_client_streams(MvRpcServerClient *client);
bool mv_rpc_server_client_is_closed_locked(MvRpcServerClient *client);

/* server_stream.c, for server.c. */
/* A stream message from the client (main loop); takes msg. */
void mv_rpc_server_stream_dispatch(MvRpcServerClient *client, MvRpcMessage *msg);
/* After the reply of call (the header the handler ran with) was queued
 * (ok) or turned out an error. */
void mv_rpc_server_stream_call_done(MvRpcServerClient *client, const MvRpcHeader *call, bool ok);
/* The client closed: every stream ends with DISCONNECT. */
void mv_rpc_server_stream_client_closed(MvRpcServerClient *client);
