/* Peer credentials of a unix socket connection (SO_PEERCRED): who is on the other end. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

typedef struct {
    pid_t pid;
    uid_t uid;
    gid_t gid;
} MvRpcPeerCreds;

/* The credentials the kernel recorded for the peer of the unix socket fd
 * when it connected (or for a socketpair, when it was made). Fails with
 * VIR_ERR_SYSTEM_ERROR naming the fd when fd is no unix socket. */
int mv_rpc_peer_creds_get(int fd, MvRpcPeerCreds *ret_creds);
