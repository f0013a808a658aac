/* One framed connection on the main loop: whole messages in through lib/rpc's reader, queued messages out, without blocking. */
#pragma once

#include <gio/gio.h>
#include <stddef.h>

#include "rpc/message.h"

typedef struct MvRouteConn MvRouteConn;

/* A whole message arrived, its header decoded; the callee owns msg. */
typedef void (*MvRouteConnMessageFunc)(MvRouteConn *conn, MvRpcMessage *msg, void *opaque);
/* The peer hung up, sent a bad frame or could not be written to; reason
 * says which. Called once; no message callback follows. */
typedef void (*MvRouteConnClosedFunc)(MvRouteConn *conn, const char *reason, void *opaque);

/* Takes a connected stream socket (made non-blocking) and watches it on
 * the thread-default main context. what names the peer in logs. */
MvRouteConn *mv_route_conn_new(GSocket *socket, const char *what,
                               MvRouteConnMessageFunc on_message,
                               MvRouteConnClosedFunc on_closed, void *opaque);

/* Closes the socket at once, drops what is queued, calls no callback again,
 * and frees (safely from inside one of its callbacks). */
void mv_route_conn_free(MvRouteConn *conn);

/* Queues msg (taken) behind the messages queued before it. */
void mv_route_conn_send(MvRouteConn *conn, MvRpcMessage *msg);

/* Bytes queued and not yet written. */
size_t mv_route_conn_queued(const MvRouteConn *conn);
