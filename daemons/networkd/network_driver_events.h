/* Network lifecycle events: clients' registrations (with callback ids) and the delivery of defined/undefined/started/stopped as event messages. */
#pragma once

#include "event_registry.h"
#include "protocol/remote_dispatch.h"

/* Sends a lifecycle message (a virNetworkEventLifecycleType, detail 0 as
 * libvirt's network driver sends) to each lifecycle registration that
 * matches the network; any thread. Callers emit under the driver's lock,
 * so that events leave in the order the operations happened. */
void mv_network_events_emit(MvEventRegistry *events, const char *name,
                            const unsigned char *uuid, int event);

int mv_network_driver_event_register_any(MvRpcServerClient *client,
                                         remote_connect_network_event_register_any_args *args,
                                         remote_connect_network_event_register_any_ret *ret);
int mv_network_driver_event_deregister_any(MvRpcServerClient *client,
                                           remote_connect_network_event_deregister_any_args *args);
