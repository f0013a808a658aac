/* A daemon's listening unix sockets: taken from systemd socket activation or bound by the daemon. */
#pragma once

#include <gio/gio.h>
#include <stdbool.h>
#include <sys/types.h>

typedef struct {
    char *path;         /* the socket's file; NULL if systemd passed an unnamed one */
    GSocket *socket;    /* listening */
    bool read_only;
    bool activated;     /* passed by systemd: the file is systemd's to remove */
} MvDaemonSocket;

/* Closes the socket and, unless it was activated, removes its file. */
void mv_daemon_socket_free(MvDaemonSocket *sock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDaemonSocket, mv_daemon_socket_free)

/* Takes the sockets systemd passed (sd_listen_fds_with_names). A socket
 * named "<name>-sock" or "modvirt-<name>.socket" is the read-write one,
 * "<name>-sock-ro" or "modvirt-<name>-ro.socket" the read-only one. Either
 * result is left NULL when not passed. An fd with another name, or one that
 * is not a listening unix stream socket, is an error naming it. */
int mv_daemon_sockets_from_systemd(const char *name,
                                   MvDaemonSocket **ret_rw,
                                   MvDaemonSocket **ret_ro);

/* Binds and listens on path with mode (and group gid unless (gid_t) -1).
 * An existing socket file is removed first only when nothing answers on it;
 * when something does, fails with VIR_ERR_OPERATION_INVALID naming the path
 * and the listening process's pid. */
MvDaemonSocket *mv_daemon_socket_bind(const char *path, bool read_only,
                                      mode_t mode, gid_t gid);
