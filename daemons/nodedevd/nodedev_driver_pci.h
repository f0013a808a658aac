/* Node device procedures that change the host: PCI detach, reattach and reset. */
#pragma once

#include "protocol/remote_dispatch.h"

/* Every one of these is a write procedure: the dispatcher refuses it on a
 * read-only connection before it gets here. */
int mv_nodedev_driver_dettach(MvRpcServerClient *client, remote_node_device_dettach_args *args);
int mv_nodedev_driver_detach_flags(MvRpcServerClient *client,
                                   remote_node_device_detach_flags_args *args);
int mv_nodedev_driver_re_attach(MvRpcServerClient *client,
                                remote_node_device_re_attach_args *args);
int mv_nodedev_driver_reset(MvRpcServerClient *client, remote_node_device_reset_args *args);

