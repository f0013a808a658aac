/* What lib/rpc's client shares with its stream code (client_stream.c), and nothing else includes. */
#pragma once

#include <gio/gio.h>

#include "client.h"
#include "keepalive.h"
#include "reader.h"

/* Design: a thread per client runs a private GMainContext that owns the
 * socket: it writes the queued calls, reads, routes replies by serial,
 * delivers events and answers pings. A caller encodes its call, queues it,
 * and sleeps on the client's condition until its reply (or the close, or
 * its timeout). No caller ever touches the socket, so one slow reply never
 * holds up another caller's. */
struct MvRpcClient {
    char *name;                 /* the socket path, for messages */
    GSocket *socket;
    GMainContext *context;
    GThread *thread;
    gint quit;                  /* set by mv_rpc_client_free */

    /* I/O thread only. */
    MvRpcReader *reader;
    GSource *read_source;

    GMutex lock;
    GCond replies;              /* broadcast when any call completes */
    GQueue tx;                  /* MvRpcMessage *, encoded */
    size_t tx_offset;
    GSource *write_source;
    GSource *keepalive_source;
    MvRpcKeepalive keepalive;
    GHashTable *calls;          /* serial -> PendingCall *, owned by the caller */
    uint32_t next_serial;
    unsigned int call_timeout_ms;
    bool closed;
    MvError *close_error;

    MvRpcClientEventFunc event_func;
    void *event_opaque;
    GDestroyNotify event_free;
    MvRpcClientCloseFunc close_func;
    void *close_opaque;
    GDestroyNotify close_free;

    GHashTable *streams;        /* serial -> MvRpcClientStream *, borrowed */
};

/* With client->lock: makes the I/O thread write the queue. */
void mv_rpc_client_want_write_locked(MvRpcClient *client);
uint32_t mv_rpc_client_next_serial(MvRpcClient *client);
/* mv_rpc_client_call on a serial the caller took (a stream's). */
int mv_rpc_client_call_serial(MvRpcClient *client, uint32_t serial, uint32_t program,
                              uint32_t version, int procedure, xdrproc_t args_proc,
                              const void *args, xdrproc_t ret_proc, void *ret);

/* client_stream.c, for client.c. */
/* With client->lock: the connection closed, every stream fails with reason. */
GPtrArray *mv_rpc_client_streams_close_locked(MvRpcClient *client, const MvError *reason);
/* Runs the callback of each stream mv_rpc_client_streams_close_locked()
 * returned, without client->lock, and drops the array. */
void mv_rpc_client_streams_notify(GPtrArray *streams);
/* A stream message from the daemon (I/O thread); takes msg. */
void mv_rpc_client_stream_deliver(MvRpcClient *client, MvRpcMessage *msg);
