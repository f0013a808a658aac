/* Who may use a daemon's sockets: each socket's auth method (none, polkit) and each client's authentication, as libvirt's daemons do it. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "protocol/remote.h"
#include "rpc/creds.h"
#include "util/enum.h"

/* The values of auth_unix_rw / auth_unix_ro in a daemon's config file. */
typedef enum {
    MV_DAEMON_AUTH_NONE,        /* the socket's permissions decide */
    MV_DAEMON_AUTH_POLKIT,      /* polkit decides for non-root peers */
    MV_DAEMON_AUTH_LAST,
} MvDaemonAuth;

MV_ENUM_DECL(mv_daemon_auth);

/* libvirt's polkit actions, so that existing polkit rules keep working:
 * the read-write socket asks for manage, the read-only one for monitor. */
#define MV_DAEMON_AUTH_ACTION_MANAGE "org.libvirt.unix.manage"
#define MV_DAEMON_AUTH_ACTION_MONITOR "org.libvirt.unix.monitor"

/* The methods of this process's read-write and read-only sockets, which
 * the clients accepted afterwards get. A daemon sets them once, from its
 * config file, before its sockets accept; both are none until then. */
void mv_daemon_auth_configure(MvDaemonAuth rw, MvDaemonAuth ro);
MvDaemonAuth mv_daemon_auth_for_socket(bool read_only);

/* One client's authentication. Safe from any thread. */
typedef struct MvDaemonAuthClient MvDaemonAuthClient;

/* A client of the read-write or read-only socket, with its peer's
 * credentials (NULL: unknown, which polkit then refuses). A socket
 * without auth, and a root peer, are authenticated from the start, so
 * that a daemon's own connections to another (proxyd's, qemud's, as
 * root) need no step of their own. */
MvDaemonAuthClient *mv_daemon_auth_client_new(bool read_only, const MvRpcPeerCreds *creds);
void mv_daemon_auth_client_free(MvDaemonAuthClient *ac);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDaemonAuthClient, mv_daemon_auth_client_free)

/* AUTH_LIST's answer: polkit while the socket wants it from this peer,
 * none for a socket without auth and for a root peer. */
remote_auth_type mv_daemon_auth_client_list(MvDaemonAuthClient *ac);

bool mv_daemon_auth_client_is_authenticated(MvDaemonAuthClient *ac);

/* Whether the client may make a call of program now: before
 * authentication only the remote program's AUTH_LIST and AUTH_POLKIT, as
 * libvirt allows; any other gets libvirt's VIR_ERR_RPC "authentication
 * required". */
int mv_daemon_auth_client_check_call(MvDaemonAuthClient *ac, uint32_t program, int procedure);

/* AUTH_POLKIT: asks polkit whether the peer may use the socket
 * (MV_DAEMON_AUTH_ACTION_MANAGE or _MONITOR) and authenticates the client
 * when it may. -1 with polkit's error (see mv_rpc_polkit_check), or
 * VIR_ERR_AUTH_FAILED when the socket does not ask this peer for polkit or
 * the peer is unknown. Blocks up to MV_RPC_POLKIT_TIMEOUT_MS: call it off
 * the main loop. */
int mv_daemon_auth_client_polkit(MvDaemonAuthClient *ac);
