/* Who may use a daemon's sockets: each socket's auth method (none, polkit) and each client's authentication, as libvirt's daemons do it. */
#define MV_LOG_MODULE "daemon.auth"
#define MV_FROM_THIS VIR_FROM_RPC

#include "auth.h"

#include "rpc/polkit.h"
#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_daemon_auth, MV_DAEMON_AUTH_LAST, "none", "polkit")

/* Indexed by read_only. */
static int socket_auth[2] = { MV_DAEMON_AUTH_NONE, MV_DAEMON_AUTH_NONE };

struct MvDaemonAuthClient {
    GMutex lock;
    bool read_only;
    MvDaemonAuth method;        /* what AUTH_LIST answers this peer */
    bool authenticated;
    bool have_creds;
    MvRpcPeerCreds creds;
    guint64 start_time;         /* the peer's, read at connect; 0: unknown */
};

void
mv_daemon_auth_configure(MvDaemonAuth rw, MvDaemonAuth ro)
{
    g_atomic_int_set(&socket_auth[0], rw);
    g_atomic_int_set(&socket_auth[1], ro);
}

MvDaemonAuth
mv_daemon_auth_for_socket(bool read_only)
{
    return (MvDaemonAuth) g_atomic_int_get(&socket_auth[read_only ? 1 : 0]);
}

MvDaemonAuthClient *
mv_daemon_auth_client_new(bool read_only, const MvRpcPeerCreds *creds)
{
    MvDaemonAuthClient *ac = g_new0(MvDaemonAuthClient, 1);

    g_mutex_init(&ac->lock);
    ac->read_only = read_only;
    ac->method = mv_daemon_auth_for_socket(read_only);
    if (creds) {
        ac->have_creds = true;
        ac->creds = *creds;
    }

    /* Root passes polkit by, as with libvirt: root must not be locked out
     * by a polkitd that is missing or broken. */
    if (ac->method == MV_DAEMON_AUTH_POLKIT && ac->have_creds && creds->uid == 0) {
        MV_DEBUG("no polkit for root client pid %lld", (long long) creds->pid);
        ac->method = MV_DAEMON_AUTH_NONE;
    }
    ac->authenticated = ac->method == MV_DAEMON_AUTH_NONE;

    /* Read now, while the peer that connected is surely the pid's owner:
     * polkit refuses a pid that a later process took over. */
    if (!ac->authenticated && ac->have_creds &&
        mv_rpc_polkit_process_start_time(creds->pid, &ac->start_time) < 0) {
        MV_WARN("client pid %lld, uid %u: %s", (long long) creds->pid,
                (unsigned int) creds->uid, mv_error_last_message());
        mv_error_reset();
    }
    return ac;
}

void
mv_daemon_auth_client_free(MvDaemonAuthClient *ac)
{
    if (!ac)
        return;
    g_mutex_clear(&ac->lock);
    g_free(ac);
}

remote_auth_type
mv_daemon_auth_client_list(MvDaemonAuthClient *ac)
{
    return ac->method == MV_DAEMON_AUTH_POLKIT ? REMOTE_AUTH_POLKIT : REMOTE_AUTH_NONE;
}

bool
mv_daemon_auth_client_is_authenticated(MvDaemonAuthClient *ac)
{
    bool authenticated;

    g_mutex_lock(&ac->lock);
    authenticated = ac->authenticated;
    g_mutex_unlock(&ac->lock);
    return authenticated;
}

int
mv_daemon_auth_client_check_call(MvDaemonAuthClient *ac, uint32_t program, int procedure)
{
    if (mv_daemon_auth_client_is_authenticated(ac))
        return 0;
    if (program == REMOTE_PROGRAM &&
        (procedure == REMOTE_PROC_AUTH_LIST || procedure == REMOTE_PROC_AUTH_POLKIT))
        return 0;

    /* libvirt's words and code (not VIR_ERR_AUTH_FAILED), which every
     * client version understands. */
    mv_report_error(VIR_ERR_RPC, "%s", "authentication required");
    return -1;
}

int
mv_daemon_auth_client_polkit(MvDaemonAuthClient *ac)
{
    const char *action = ac->read_only ? MV_DAEMON_AUTH_ACTION_MONITOR :
        MV_DAEMON_AUTH_ACTION_MANAGE;

    if (ac->method != MV_DAEMON_AUTH_POLKIT) {
        mv_report_error(VIR_ERR_AUTH_FAILED, "%s",
                        "polkit authentication is not asked on this connection");
        return -1;
    }
    if (!ac->have_creds || ac->start_time == 0) {
        mv_report_error(VIR_ERR_AUTH_FAILED, "%s",
                        "polkit cannot tell which process the client is");
        return -1;
    }

    /* libvirt lets polkit ask the user's agent for a password. */
    if (mv_rpc_polkit_check(action, ac->creds.pid, ac->start_time, ac->creds.uid, true) < 0)
        return -1;

    g_mutex_lock(&ac->lock);
    ac->authenticated = true;
    g_mutex_unlock(&ac->lock);
    return 0;
}
