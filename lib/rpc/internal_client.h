/* The caller's side of modvirt's internal program (protocol/internal.x): a connection to the owning daemon's socket and one function per procedure. */
#pragma once

#include "client.h"

/* Connects to a daemon's read-write socket at path and opens its default
 * URI (CONNECT_OPEN with a null name), so that internal calls are allowed.
 * Connecting and every later call on the client wait at most timeout_ms.
 * NULL after reporting (the socket's error, or the daemon's answer). */
MvRpcClient *mv_internal_client_open(const char *path, unsigned int timeout_ms);

/* networkd: the VF port of an <interface type='hostdev'>. port_xml is a
 * <networkport> whose <plug type='hostdev-pci'> names the VF; the answer
 * is the port as networkd keeps it (caller frees), or NULL with
 * networkd's error (the VF's holder named, ...). */
char *mv_internal_hostdev_port_create(MvRpcClient *client, const char *port_xml);
/* Restores the VF and frees it; -1 with networkd's error
 * (VIR_ERR_NO_NETWORK_PORT when there is no such port). */
int mv_internal_hostdev_port_delete(MvRpcClient *client, const unsigned char *uuid);

/* networkd: the tap (or macvtap) ifname now carries port uuid of network;
 * networkd applies the port's bandwidth to it. -1 with networkd's error. */
int mv_internal_network_port_set_interface(MvRpcClient *client, const char *network,
                                           const unsigned char *uuid, const char *ifname);
