/* Network lifecycle events: clients' registrations (with callback ids) and the delivery of defined/undefined/started/stopped as event messages. */
#pragma once

#include "protocol/remote_dispatch.h"

typedef struct _MvNetworkEvents MvNetworkEvents;

MvNetworkEvents *mv_network_events_new(void);
/* Drops every registration and the client references they hold. */
void mv_network_events_free(MvNetworkEvents *events);

/* Sends a lifecycle message (a virNetworkEventLifecycleType, detail 0 as
 * libvirt's network driver sends) to each lifecycle registration that
 * matches the network; any thread. Callers emit under the driver's lock,
 * so that events leave in the order the operations happened.
 * Registrations of clients that have gone are dropped here. */
void mv_network_events_emit(MvNetworkEvents *events, const char *name,
                            const unsigned char *uuid, int event);

int mv_network_driver_event_register_any(MvRpcServerClient *client,
                                         remote_connect_network_event_register_any_args *args,
                                         remote_connect_network_event_register_any_ret *ret);
int mv_network_driver_event_deregister_any(MvRpcServerClient *client,
                                           remote_connect_network_event_deregister_any_args *args);
