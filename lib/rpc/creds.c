/* Peer credentials of a unix socket connection, read once from the kernel. */
#define MV_LOG_MODULE "rpc.creds"
#define MV_FROM_THIS VIR_FROM_RPC

#include "creds.h"

#include <errno.h>
#include <sys/socket.h>

#include "util/error.h"
#include "util/log.h"

int
mv_rpc_peer_creds_get(int fd, MvRpcPeerCreds *ret_creds)
{
    struct ucred cred = { 0 };
    socklen_t len = sizeof(cred);

    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
        mv_report_system_error(errno, "cannot read the peer credentials of socket fd %d", fd);
        return -1;
    }
    if (len != sizeof(cred)) {
        mv_report_error(VIR_ERR_SYSTEM_ERROR,
                        "peer credentials of socket fd %d have %u bytes, expected %zu",
                        fd, (unsigned int) len, sizeof(cred));
        return -1;
    }

    ret_creds->pid = cred.pid;
    ret_creds->uid = cred.uid;
    ret_creds->gid = cred.gid;
    return 0;
}
