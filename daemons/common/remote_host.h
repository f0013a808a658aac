/* Connection-level procedures about the host: hostname, node info, security model. */
#pragma once

#include "protocol/remote_dispatch.h"

int mv_remote_host_get_hostname(MvRpcServerClient *client,
                                remote_connect_get_hostname_ret *ret);

/* libvirt's virNodeInfo of this host: uname's machine, MemTotal in KiB,
 * online CPUs, the first CPU's MHz, and the NUMA nodes, sockets per node,
 * cores per socket and threads per core from sysfs. */
int mv_remote_host_node_get_info(MvRpcServerClient *client, remote_node_get_info_ret *ret);

/* No security driver yet: model "none", DOI "0". */
int mv_remote_host_node_get_security_model(MvRpcServerClient *client,
                                           remote_node_get_security_model_ret *ret);
