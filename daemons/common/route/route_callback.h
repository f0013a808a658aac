/* Event callback ids of one client whose registrations go to several daemons: each daemon's ids mapped to ids unique on the client's connection. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "route.h"
#include "rpc/message.h"

/* What a procedure does with the callbackID that starts its payload. */
typedef enum {
    MV_ROUTE_CALLBACK_NONE,
    MV_ROUTE_CALLBACK_REGISTER,     /* the reply carries the new id */
    MV_ROUTE_CALLBACK_DEREGISTER,   /* the call carries the id to drop */
    MV_ROUTE_CALLBACK_EVENT,        /* the event message carries the id it is for */
    MV_ROUTE_CALLBACK_LAST,
} MvRouteCallbackUse;

typedef struct {
    int procedure;
    MvRouteCallbackUse use;
} MvRouteCallbackRule;

/* Generated from protocol/remote.x by genroute.py, sorted by procedure. */
extern const MvRouteCallbackRule mv_route_callback_rules[];
extern const size_t mv_route_callback_nrules;

/* The use of procedure of program (NONE outside the remote program). */
MvRouteCallbackUse mv_route_callback_use(uint32_t program, int procedure);

/* Each daemon numbers the callbacks registered on it from 1, so a client
 * registering domain events (the hypervisor daemon) and network events
 * (networkd) through one connection would get the same id twice. The
 * client sees ids of this map instead, from 1, none given twice while
 * in use; the daemons see their own. */
typedef struct MvRouteCallbacks MvRouteCallbacks;

MvRouteCallbacks *mv_route_callbacks_new(void);
void mv_route_callbacks_free(MvRouteCallbacks *cbs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvRouteCallbacks, mv_route_callbacks_free)

/* A message from daemon on its way to the client: the successful reply
 * of a registration gets a new id of the client's in place of the
 * daemon's, an event the client's id of its registration; anything else
 * passes unchanged. False for an event of a registration the client does
 * not hold (not yet answered, or deregistered): libvirt's client drops
 * such an event, so the caller drops it too. */
bool mv_route_callbacks_to_client(MvRouteCallbacks *cbs, MvRouteDaemon daemon,
                                  MvRpcMessage *msg);

/* A call of the client on its way to daemon: a deregistration gets the
 * daemon's id in place of the client's, and the registration is
 * forgotten. -1, VIR_ERR_INVALID_ARG as the daemons' own, when the client
 * holds no such callback at daemon: the caller answers the call with it. */
int mv_route_callbacks_to_daemon(MvRouteCallbacks *cbs, MvRouteDaemon daemon,
                                 MvRpcMessage *msg);

/* The registrations at daemon went with the connection to it. */
void mv_route_callbacks_forget(MvRouteCallbacks *cbs, MvRouteDaemon daemon);

/* How many registrations the client holds (at daemon; LAST: at any). */
guint mv_route_callbacks_count(const MvRouteCallbacks *cbs, MvRouteDaemon daemon);
