/* One client's connection to one daemon: connect (starting the daemon on demand), open, forward calls with rewritten serials, answer for a daemon that died. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "route.h"
#include "rpc/message.h"
#include "util/paths.h"

/* How long a backend waits for its daemon's socket to accept, after
 * starting the daemon when that is allowed. */
#define MV_ROUTE_BACKEND_CONNECT_TIMEOUT_MS 10000

typedef struct MvRouteBackend MvRouteBackend;

typedef struct {
    /* For the client, taken: a reply with the client's serial back, an
     * event, a stream message, or the error reply to a call the daemon
     * will never answer. */
    void (*deliver)(MvRouteBackend *backend, MvRpcMessage *msg, void *opaque);
    /* The backend is gone (its calls are answered already); the owner
     * frees it and makes a new one for the next call. */
    void (*closed)(MvRouteBackend *backend, void *opaque);
} MvRouteBackendCallbacks;

/* Starts connecting to daemon's socket in the run dir of paths (the -ro
 * one when read_only, except in session mode, which has none), from the
 * main loop, never inside this call. When the socket does not answer and
 * paths is not system mode (where systemd starts daemons), the daemon is
 * started and its socket awaited up to the timeout above. Once connected,
 * open_call (a CONNECT_OPEN call, taken) goes first; with
 * open_for_client its reply goes to the client, otherwise the backend
 * keeps it to itself. Calls made meanwhile wait for the open to succeed,
 * or get its error. */
MvRouteBackend *mv_route_backend_new(MvRouteDaemon daemon, const MvPaths *paths,
                                     bool read_only, MvRpcMessage *open_call,
                                     bool open_for_client,
                                     const MvRouteBackendCallbacks *callbacks,
                                     void *opaque);

/* Closes the connection without calling back, and frees (safely from
 * inside one of its callbacks). */
void mv_route_backend_free(MvRouteBackend *backend);

MvRouteDaemon mv_route_backend_get_daemon(const MvRouteBackend *backend);

/* Called right after mv_route_backend_new(), false keeps the backend from
 * starting its daemon in any mode: a socket nobody answers on fails the
 * calls at once (a hypervisor daemon forwarding to networkd, which
 * systemd or the administrator starts). */
void mv_route_backend_set_may_spawn(MvRouteBackend *backend, bool may_spawn);

/* Forwards a call or a stream message of the client (taken) under a serial
 * of this connection; its reply comes back through deliver with the
 * client's serial. */
void mv_route_backend_forward(MvRouteBackend *backend, MvRpcMessage *msg);
