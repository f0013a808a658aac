/* The RPC server: clients' sockets on a GLib main loop, their calls run by a pool of workers. */
#pragma once

#include <gio/gio.h>
#include <stdbool.h>

#include "creds.h"
#include "dispatch.h"

typedef struct MvRpcServer MvRpcServer;

/* One connected client. Handlers get it as their conn argument. */
typedef struct MvRpcServerClient MvRpcServerClient;

/* connected runs inside mv_rpc_server_add_client*, in its caller's thread;
 * disconnected runs once in the main loop's thread when the client is
 * closed (by its peer, a bad message, a dead keepalive, or the server's
 * end). A daemon counts clients for its idle exit with these two. */
typedef void (*MvRpcServerClientFunc)(MvRpcServer *server, MvRpcServerClient *client,
                                      void *opaque);

/* Defaults: calls one client may have in flight before the server stops
 * reading from it, and how long mv_rpc_server_free waits for running calls. */
#define MV_RPC_SERVER_MAX_CLIENT_REQUESTS 5
#define MV_RPC_SERVER_SHUTDOWN_WAIT_MS 10000

/* A server answering the calls of programs (the array and the tables must
 * outlive the server) with up to max_workers calls running at once. Its
 * sockets are watched in context (NULL: the thread-default context), whose
 * main loop the daemon runs. */
MvRpcServer *mv_rpc_server_new(const MvRpcProgram *const *programs, size_t nprograms,
                               unsigned int max_workers, GMainContext *context);

/* Closes every client (disconnected is called for each), waits up to the
 * shutdown wait for running calls, and frees. Call it in the thread that
 * runs the context, or once no thread runs it. Calls still running after
 * the wait keep what they use alive and finish on their own. */
void mv_rpc_server_free(MvRpcServer *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvRpcServer, mv_rpc_server_free)

/* Set these before adding clients. */
void mv_rpc_server_set_client_callbacks(MvRpcServer *server,
                                        MvRpcServerClientFunc connected,
                                        MvRpcServerClientFunc disconnected,
                                        void *opaque);
/* interval_ms and count of the pings sent to clients that started
 * keepalive; 0 takes MV_RPC_KEEPALIVE_INTERVAL_MS / _COUNT. */
void mv_rpc_server_set_keepalive(MvRpcServer *server, unsigned int interval_ms,
                                 unsigned int count);
void mv_rpc_server_set_max_client_requests(MvRpcServer *server, unsigned int max_requests);
void mv_rpc_server_set_shutdown_wait(MvRpcServer *server, unsigned int wait_ms);

/* Sees each message of a client (keepalive excepted) in the main loop
 * before the server dispatches it; returns true when it took msg (and
 * answers it with mv_rpc_server_client_send_message), false to leave it
 * to the server. A daemon forwards other daemons' calls with it. */
typedef bool (*MvRpcServerCallFilter)(MvRpcServerClient *client, MvRpcMessage *msg,
                                      void *opaque);
void mv_rpc_server_set_call_filter(MvRpcServer *server, MvRpcServerCallFilter filter,
                                   void *opaque);

/* Takes an accepted connection (a reference is kept) and serves it. The
 * client is owned by the server; the result is borrowed, valid until the
 * disconnected callback returns (take a reference to keep it longer).
 * NULL when the socket is not usable (error reported). */
MvRpcServerClient *mv_rpc_server_add_client(MvRpcServer *server, GSocketConnection *conn,
                                            bool read_only);

/* Same for a connected stream socket fd, which the server takes over (and
 * closes, on failure too). */
MvRpcServerClient *mv_rpc_server_add_client_fd(MvRpcServer *server, int fd, bool read_only);

unsigned int mv_rpc_server_client_count(MvRpcServer *server);

/* The client API below is safe from any thread. */

MvRpcServerClient *mv_rpc_server_client_ref(MvRpcServerClient *client);
void mv_rpc_server_client_unref(MvRpcServerClient *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvRpcServerClient, mv_rpc_server_client_unref)

bool mv_rpc_server_client_is_read_only(MvRpcServerClient *client);

/* False once the client is closed: later messages to it are dropped. */
bool mv_rpc_server_client_is_open(MvRpcServerClient *client);

/* The peer's pid, uid and gid as the kernel saw them at connect. Fails with
 * VIR_ERR_AUTH_UNAVAILABLE when the socket had none (not a unix socket). */
int mv_rpc_server_client_get_peer_creds(MvRpcServerClient *client,
                                        MvRpcPeerCreds *ret_creds);

/* The driver's state for this connection (its open connection, ...). A
 * previous value is freed with its free_func; the last one when the client
 * is freed, after its last call finished (in whichever thread drops the last
 * reference). */
void mv_rpc_server_client_set_private(MvRpcServerClient *client, void *data,
                                      GDestroyNotify free_func);
void *mv_rpc_server_client_get_private(MvRpcServerClient *client);

/* Starts pinging the client (the daemon's answer to CONNECT_SUPPORTS_FEATURE
 * 10 says yes): a ping each interval without a message from it, and after
 * count pings in a row without an answer the client is closed. */
void mv_rpc_server_client_start_keepalive(MvRpcServerClient *client);

/* Queues a message (type MV_NET_MESSAGE, serial 0: an event) to the client.
 * -1 when it does not encode or the client is closed (VIR_ERR_RPC). */
int mv_rpc_server_client_send_event(MvRpcServerClient *client, uint32_t program,
                                    uint32_t version, int procedure,
                                    xdrproc_t proc, const void *data);

/* Queues an encoded message (taken) to the client as it is: a reply or
 * an event that a call filter got from elsewhere. -1 (not reported) when
 * the client is closed. */
int mv_rpc_server_client_send_message(MvRpcServerClient *client, MvRpcMessage *msg);

/* Closes the client from the main loop soon after; replies not yet written
 * are dropped. */
void mv_rpc_server_client_close(MvRpcServerClient *client);
