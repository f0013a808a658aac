/* Streams on the RPC server: the data of a call (a console, an upload) flowing both ways after its reply. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server.h"

typedef struct MvRpcServerStream MvRpcServerStream;

/* How a stream ended from the client's side. */
typedef enum {
    MV_RPC_STREAM_END_FINISH,       /* the client finished it (status OK) */
    MV_RPC_STREAM_END_ABORT,        /* the client aborted it (status ERROR) */
    MV_RPC_STREAM_END_ERROR,        /* bad stream bytes or a failed data callback */
    MV_RPC_STREAM_END_DISCONNECT,   /* the client went away */
    MV_RPC_STREAM_END_CALL_FAILED,  /* the call that opened it got an error reply */
} MvRpcStreamEnd;

/* Queued output of one stream above which send asks the producer to wait
 * (return 1), and the level under which writable is called. */
#define MV_RPC_STREAM_HIGH_WATER (256 * 1024)
#define MV_RPC_STREAM_LOW_WATER (64 * 1024)
/* The most bytes one stream message carries. */
#define MV_RPC_STREAM_CHUNK (256 * 1024)

/* All callbacks run in the server's main loop thread. */
typedef struct {
    /* Bytes from the client. 0, or -1 after reporting: the client gets
     * that error on the stream and end is called with ERROR. */
    int (*data)(MvRpcServerStream *st, const uint8_t *data, size_t len, void *opaque);
    /* The stream is over for the client; called once, never after the
     * producer's own send_error. The producer stops and drops its
     * reference. */
    void (*end)(MvRpcServerStream *st, MvRpcStreamEnd how, void *opaque);
    /* The queued output fell under the low water mark after send said 1. */
    void (*writable)(MvRpcServerStream *st, void *opaque);
} MvRpcServerStreamCallbacks;

/* Opens a stream on the call a handler is running (only from inside a
 * handler): its program, procedure and serial name the stream. Output
 * waits until the call's reply is queued; an error reply ends the stream
 * (CALL_FAILED). The result is a reference for the caller; opaque must
 * outlive the end callback. */
MvRpcServerStream *mv_rpc_server_stream_new(MvRpcServerClient *client,
                                            const MvRpcServerStreamCallbacks *cb, void *opaque);

MvRpcServerStream *mv_rpc_server_stream_ref(MvRpcServerStream *st);
void mv_rpc_server_stream_unref(MvRpcServerStream *st);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvRpcServerStream, mv_rpc_server_stream_unref)

/* Queues data (any length: split in chunks) as CONTINUE messages. 0: sent;
 * 1: sent, but over the high water mark: wait for writable; -1: the
 * stream is over (not reported). Any thread. */
int mv_rpc_server_stream_send(MvRpcServerStream *st, const void *data, size_t len);

/* End of data (an empty CONTINUE message, as libvirt sends it; OK only
 * confirms a finish or abort): the client reads EOF and then
 * finishes; the stream stays open for that. Any thread. */
void mv_rpc_server_stream_send_eof(MvRpcServerStream *st);

/* Ends the stream with err (a virError on the stream, status ERROR); NULL
 * sends a generic internal error. end is not called. Any thread. */
void mv_rpc_server_stream_send_error(MvRpcServerStream *st, const MvError *err);

/* The context the callbacks run in (the server's main loop), for the
 * producer's own sources. */
GMainContext *mv_rpc_server_stream_get_context(MvRpcServerStream *st);

/* False once the stream ended (either side) or its client closed. */
bool mv_rpc_server_stream_is_open(MvRpcServerStream *st);
