/* A daemon's RPC server: one per daemon, the state of each client's connection, and the procedures every daemon answers itself. */
#pragma once

#include <gio/gio.h>
#include <stdbool.h>

#include "daemon.h"
#include "protocol/remote_dispatch.h"

/* What CONNECT_GET_LIB_VERSION reports: the libvirt release whose protocol
 * modvirt speaks (9.0.0, major * 1000000 + minor * 1000 + micro). Clients
 * compare it to decide which calls a daemon knows, so it is libvirt's
 * number, not modvirt's own version. */
#define MV_REMOTE_LIB_VERSION 9000000ULL

typedef struct MvRemote MvRemote;

/* The server for daemon's clients, on the thread-default main context. Its
 * handlers are the connection-level ones with desc->remote_handlers over
 * them. Every client counts for the idle exit until it is closed. */
MvRemote *mv_remote_new(MvDaemon *daemon);

/* Closes every client (each is reported closed to the daemon) and frees.
 * In the main loop's thread. */
void mv_remote_free(MvRemote *remote);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvRemote, mv_remote_free)

/* Serves an accepted connection (client_accepted's job). */
void mv_remote_add_client(MvRemote *remote, GSocketConnection *conn, bool read_only);

/* For handlers, about the connection a call came on. */
MvDaemon *mv_remote_client_get_daemon(MvRpcServerClient *client);
/* The URI CONNECT_OPEN opened ("qemu:///system"); NULL before. */
char *mv_remote_client_get_uri(MvRpcServerClient *client);
/* True on the read-only socket, or when the client opened with VIR_CONNECT_RO. */
bool mv_remote_client_is_read_only(MvRpcServerClient *client);
