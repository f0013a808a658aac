/* One client of modvirt-proxyd: the handshake answered in place, CONNECT_OPEN routed by URI, then every call routed by its header to its daemon. */
#pragma once

#include <gio/gio.h>
#include <stdbool.h>

#include "util/paths.h"

/* Bytes waiting for a client that does not read, before it is dropped
 * (four whole messages at the protocol's limit). */
#define MV_PROXY_CLIENT_QUEUE_MAX (4 * 33554432UL)

typedef struct MvProxyClient MvProxyClient;

/* The client went away (hung up, bad frame, stuck); the owner frees it. */
typedef void (*MvProxyClientClosedFunc)(MvProxyClient *client, void *opaque);

/* Serves conn; read_only when it came in on a read-only socket, which
 * makes every backend connection use its daemon's read-only socket. paths
 * (the run dir, the mode) must outlive the client. */
MvProxyClient *mv_proxy_client_new(GSocketConnection *conn, bool read_only,
                                   const MvPaths *paths,
                                   MvProxyClientClosedFunc closed, void *opaque);

/* Closes the client and its backend connections, calls nothing back. */
void mv_proxy_client_free(MvProxyClient *client);
