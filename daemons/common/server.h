/* Accepting clients on a daemon's sockets, counting them, and the idle-exit timer. */
#pragma once

#include <gio/gio.h>
#include <stdbool.h>

#include "sockets.h"

typedef struct _MvDaemonServer MvDaemonServer;

/* Takes over an accepted connection. The server counts it as a client until
 * mv_daemon_server_client_closed() is called once for it. */
typedef void (*MvDaemonServerAcceptFunc)(GSocketConnection *conn, bool read_only,
                                         void *opaque);

/* Called when the server has had no clients and no holds for the timeout. */
typedef void (*MvDaemonServerIdleFunc)(void *opaque);

/* accept may be NULL: then a connection is kept, its input read and
 * dropped, until the peer closes it. idle_timeout 0 means never idle. */
MvDaemonServer *mv_daemon_server_new(unsigned int max_clients,
                                     unsigned int idle_timeout,
                                     MvDaemonServerAcceptFunc accept,
                                     MvDaemonServerIdleFunc idle,
                                     void *opaque);

/* Stops accepting, drops the connections it keeps itself, and frees. The
 * sockets stay open: they belong to their MvDaemonSocket. */
void mv_daemon_server_free(MvDaemonServer *srv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDaemonServer, mv_daemon_server_free)

/* Accepts on sock once started; sock must outlive the server. */
int mv_daemon_server_add_socket(MvDaemonServer *srv, MvDaemonSocket *sock);

/* Starts accepting (in the thread-default main context) and arms the idle timer. */
void mv_daemon_server_start(MvDaemonServer *srv);

void mv_daemon_server_set_max_clients(MvDaemonServer *srv, unsigned int max_clients);

void mv_daemon_server_client_closed(MvDaemonServer *srv);
unsigned int mv_daemon_server_client_count(const MvDaemonServer *srv);

/* Something (a running guest, a network) keeps the daemon from idling out. */
void mv_daemon_server_hold(MvDaemonServer *srv);
void mv_daemon_server_release(MvDaemonServer *srv);
