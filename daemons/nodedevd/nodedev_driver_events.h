/* Node device lifecycle events: clients' registrations (with callback ids) and the delivery of created/deleted as event messages. */
#pragma once

#include "event_registry.h"
#include "nodedev_enum.h"
#include "protocol/remote_dispatch.h"

/* Sends a lifecycle message to each registration for the lifecycle event
 * that matches the device; any thread. */
void mv_nodedev_events_emit(MvEventRegistry *events, const char *name, MvNodeDevEventType event);

int mv_nodedev_driver_event_register_any(MvRpcServerClient *client,
                                         remote_connect_node_device_event_register_any_args *args,
                                         remote_connect_node_device_event_register_any_ret *ret);
int mv_nodedev_driver_event_deregister_any(MvRpcServerClient *client,
                                           remote_connect_node_device_event_deregister_any_args *args);
