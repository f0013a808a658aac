/* A hypervisor daemon's forwarding of the calls networkd and nodedevd own, through proxyd's routing module, one backend connection per client and owner. */
#pragma once

#include "daemon.h"
#include "rpc/server.h"

typedef struct MvRemoteForward MvRemoteForward;

/* For a daemon whose URI scheme is a hypervisor's (qemu, xen, lxc):
 * installs a call filter on server that hands each call of an opened
 * client whose owner is networkd or nodedevd (mv_route_daemon_for_call())
 * to that daemon, undecoded; replies and events come back unchanged.
 * NULL for any other daemon: nothing is forwarded. */
MvRemoteForward *mv_remote_forward_new(MvDaemon *daemon, MvRpcServer *server);

/* After the server is freed. */
void mv_remote_forward_free(MvRemoteForward *forward);

/* The client went (the server's disconnected callback, main loop): its
 * backend connections close, and with them its event registrations there. */
void mv_remote_forward_client_closed(MvRemoteForward *forward, MvRpcServerClient *client);
