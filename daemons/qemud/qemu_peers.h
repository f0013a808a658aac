/* qemud as a client of its peer daemons (networkd, nodedevd): one cached connection each, through the public API. */
#pragma once

#include <libvirt/libvirt.h>

#include "qemu_driver.h"
#include "rpc/client.h"

typedef enum {
    MV_QEMU_PEER_NETWORK,   /* network:///system (or /session): network ports */
    MV_QEMU_PEER_NODEDEV,   /* nodedev:///system: PCI detach / reattach */
    MV_QEMU_PEER_LAST,
} MvQemuPeer;

/* A connection to the daemon serving which, for the driver's own mode: the
 * peer's socket below the same paths (system, session or --root DIR), its
 * own socket when it exists, else proxyd's. The connection is opened on the
 * first call and kept; a dead one (the peer restarted) is opened again.
 * Returns a new reference: the caller releases it with virConnectClose().
 * NULL after reporting (VIR_ERR_OPERATION_FAILED naming the peer and the
 * socket when no daemon answers). Every wait is bounded by lib/rpc's client:
 * 10 s to connect, 60 s per call. Thread-safe. */
virConnectPtr mv_qemu_peer_get(MvQemuDriver *driver, MvQemuPeer which);

/* A new connection to networkd's own read-write socket for modvirt's
 * internal program (proxyd does not route it), opened; every wait on it at
 * most timeout_ms. what says what it is for, in the error ("a hostdev
 * port"). NULL after reporting VIR_ERR_OPERATION_FAILED naming the socket.
 * The caller frees it with mv_rpc_client_free(). */
MvRpcClient *mv_qemu_peer_networkd_internal(MvQemuDriver *driver, const char *what,
                                            unsigned int timeout_ms);

/* Closes every cached connection (driver cleanup). */
void mv_qemu_peers_close(MvQemuDriver *driver);

/* The URI used for which ("network:///system", ...), for messages. */
const char *mv_qemu_peer_name(MvQemuPeer which);
