/* The RPC client: one connection to a daemon, synchronous calls from any thread, events, keepalive. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "message.h"

typedef struct MvRpcClient MvRpcClient;

/* Defaults: how long connecting may wait for a daemon whose listen queue
 * is full, and how long a call waits for its reply. */
#define MV_RPC_CLIENT_CONNECT_TIMEOUT_MS 10000
#define MV_RPC_CLIENT_CALL_TIMEOUT_MS 60000

/* An event: a message of type MV_NET_MESSAGE from any program but keepalive.
 * Decode it with mv_rpc_message_decode_payload() on a copy or before
 * returning; msg is freed afterwards. */
typedef void (*MvRpcClientEventFunc)(MvRpcClient *client, MvRpcMessage *msg, void *opaque);

/* The connection dropped (peer closed, bad message, dead keepalive);
 * reason is the error that pending and later calls fail with. Called once,
 * never for mv_rpc_client_free. */
typedef void (*MvRpcClientCloseFunc)(MvRpcClient *client, const MvError *reason, void *opaque);

/* Connects to the unix socket at path. A missing socket or one nobody
 * listens on fails at once (VIR_ERR_SYSTEM_ERROR naming path); a daemon
 * that does not accept within connect_timeout_ms (0: the default) fails
 * with VIR_ERR_OPERATION_TIMEOUT. */
MvRpcClient *mv_rpc_client_new_unix(const char *path, unsigned int connect_timeout_ms);

/* Takes over a connected stream socket (a socketpair end, an fd passed by
 * another process); closes it on failure too. */
MvRpcClient *mv_rpc_client_new_fd(int fd);

/* Closes the connection and frees. No call may be running. */
void mv_rpc_client_free(MvRpcClient *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvRpcClient, mv_rpc_client_free)

/* How long mv_rpc_client_call waits for a reply; 0 takes the default. */
void mv_rpc_client_set_call_timeout(MvRpcClient *client, unsigned int timeout_ms);

/* Callbacks run in the client's I/O thread and must not make calls on
 * this client (their replies arrive in that same thread). Set them before
 * the calls that make the daemon send events; free_opaque (may be NULL)
 * runs when they are replaced or the client is freed. */
void mv_rpc_client_set_event_callback(MvRpcClient *client, MvRpcClientEventFunc func,
                                      void *opaque, GDestroyNotify free_opaque);
void mv_rpc_client_set_close_callback(MvRpcClient *client, MvRpcClientCloseFunc func,
                                      void *opaque, GDestroyNotify free_opaque);

/* Pings the daemon every interval_ms it is silent; after count pings in a
 * row without an answer the connection is closed as dead. Only for a
 * daemon that said yes to feature 10 (REMOTE_FEATURE_PROGRAM_KEEPALIVE).
 * The client always answers the daemon's pings. */
void mv_rpc_client_start_keepalive(MvRpcClient *client, unsigned int interval_ms,
                                   unsigned int count);

bool mv_rpc_client_is_open(MvRpcClient *client);

/* Calls procedure of program/version with args (encoded by args_proc;
 * NULL: empty payload) and waits for the reply, decoded into ret (a zeroed
 * struct of ret_proc's type; free with xdr_free). Safe from several threads
 * at once on one client: each call has its serial and replies may come in
 * any order. An error reply becomes the thread's last error exactly as the
 * daemon sent it (code, domain, message, str1..3, int1, int2); a closed
 * connection fails with the reason it closed; no reply within the call
 * timeout fails with VIR_ERR_OPERATION_TIMEOUT (the connection stays open:
 * a late reply is dropped). */
int mv_rpc_client_call(MvRpcClient *client, uint32_t program, uint32_t version, int procedure,
                       xdrproc_t args_proc, const void *args, xdrproc_t ret_proc, void *ret);

/* Streams: the data of a call flowing after its reply (a console). */
typedef struct MvRpcClientStream MvRpcClientStream;

/* Bytes received and not read after which the stream fails rather than
 * grow; queued output above which send waits; the most bytes a message
 * carries. */
#define MV_RPC_CLIENT_STREAM_RX_MAX (16 * 1024 * 1024)
#define MV_RPC_CLIENT_STREAM_TX_HIGH (1024 * 1024)
#define MV_RPC_CLIENT_STREAM_CHUNK (256 * 1024)

/* Something arrived on the stream (data, end, error) or the connection
 * closed; runs in the I/O thread and must not wait for the stream. */
typedef void (*MvRpcClientStreamFunc)(MvRpcClientStream *st, void *opaque);

/* A stream for a call of procedure, registered before the call so that no
 * data is lost: make the call with mv_rpc_client_stream_call. Free it
 * (finished, aborted or not) before the client. */
MvRpcClientStream *mv_rpc_client_stream_new(MvRpcClient *client, uint32_t program,
                                            uint32_t version, int procedure);
void mv_rpc_client_stream_free(MvRpcClientStream *st);
MvRpcClientStream *mv_rpc_client_stream_ref(MvRpcClientStream *st);
void mv_rpc_client_stream_unref(MvRpcClientStream *st);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvRpcClientStream, mv_rpc_client_stream_free)

/* free_opaque (may be NULL) runs when the callback is replaced or the
 * stream's last reference goes. */
void mv_rpc_client_stream_set_callback(MvRpcClientStream *st, MvRpcClientStreamFunc func,
                                       void *opaque, GDestroyNotify free_opaque);
uint32_t mv_rpc_client_stream_get_serial(MvRpcClientStream *st);

/* The call that opens the stream, as mv_rpc_client_call; a failed call
 * leaves the stream failed with its error. */
int mv_rpc_client_stream_call(MvRpcClientStream *st, xdrproc_t args_proc, const void *args,
                              xdrproc_t ret_proc, void *ret);

/* Queues len bytes (in messages of at most MV_RPC_CLIENT_STREAM_CHUNK);
 * waits, up to the call timeout, while more than
 * MV_RPC_CLIENT_STREAM_TX_HIGH bytes are queued. -1 when the stream
 * failed (its error) or the connection closed. */
int mv_rpc_client_stream_send(MvRpcClientStream *st, const void *data, size_t len);

/* Up to len bytes received: > 0 bytes, 0 at the end of the data, -1 when
 * the stream failed (the daemon's error, or the connection's), -2 when
 * nothing came within timeout_ms (0: do not wait; -1: wait until
 * something comes). */
ssize_t mv_rpc_client_stream_recv(MvRpcClientStream *st, void *buf, size_t len,
                                  int timeout_ms);

/* Finish: sends OK after the queued data and waits (up to the call
 * timeout) for the daemon's confirmation or error. Abort: sends ERROR and
 * waits for the confirmation; an abort of a stream the daemon already
 * ended succeeds at once. */
int mv_rpc_client_stream_finish(MvRpcClientStream *st);
int mv_rpc_client_stream_abort(MvRpcClientStream *st);

/* What the stream can do now without waiting. */
enum {
    MV_RPC_CLIENT_STREAM_READABLE = 1 << 0,   /* recv returns at once */
    MV_RPC_CLIENT_STREAM_WRITABLE = 1 << 1,   /* send does not wait */
    MV_RPC_CLIENT_STREAM_EOF = 1 << 2,        /* all data read, the daemon sent its end */
    MV_RPC_CLIENT_STREAM_FAILED = 1 << 3,     /* the stream has an error */
};
unsigned int mv_rpc_client_stream_poll(MvRpcClientStream *st);
