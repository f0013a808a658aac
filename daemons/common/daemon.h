/* What a modvirt daemon's main.c fills in, and what its driver may ask of the running daemon. */
#pragma once

#include <gio/gio.h>
#include <stdbool.h>

#include "util/conffile.h"
#include "util/paths.h"

typedef struct _MvDaemon MvDaemon;
/* The remote program's handler slots, generated from protocol/remote.x
 * (protocol/remote_dispatch.h). */
typedef struct MvRemoteHandlers MvRemoteHandlers;
/* modvirt's internal program's slots (protocol/internal_dispatch.h). */
typedef struct MvInternalHandlers MvInternalHandlers;

typedef struct {
    /* "qemud": binary modvirt-qemud, sockets qemud-sock and qemud-sock-ro,
     * config qemud.conf, pid file qemud.pid. */
    const char *name;
    /* One line for --help. */
    const char *summary;
    /* The virErrorDomain the daemon's own errors carry (VIR_FROM_QEMU, ...). */
    int error_domain;
    /* Keys the driver reads from the daemon's config file besides the common
     * ones (NULL-terminated, may be NULL); any other key fails the start. */
    const char *const *driver_config_keys;
    /* CONNECT_OPEN accepts "<uri_scheme>:///system" (":///session" for a
     * session daemon) and CONNECT_GET_TYPE answers driver_type ("QEMU").
     * Without uri_scheme, CONNECT_OPEN refuses every URI. */
    const char *uri_scheme;
    const char *driver_type;
    /* The driver's procedures, over the connection-level ones that
     * daemons/common/remote.c answers; NULL: those only, every other
     * procedure gets VIR_ERR_NO_SUPPORT. */
    const MvRemoteHandlers *remote_handlers;
    /* The internal program's procedures the daemon serves (read-write
     * socket, after CONNECT_OPEN); NULL: the program is not served at all
     * (VIR_ERR_NO_SUPPORT "unknown program"). */
    const MvInternalHandlers *internal_handlers;

    /* All optional. driver_init runs after the pid file is taken and the
     * sockets are bound, before they accept; -1 (reported) fails the start. */
    int (*driver_init)(MvDaemon *daemon);
    /* On SIGHUP, after the config file was read again; -1 is logged. */
    int (*driver_reload)(MvDaemon *daemon);
    /* At exit, after the sockets stopped accepting. */
    void (*driver_cleanup)(MvDaemon *daemon);
    /* Takes an accepted connection instead of the daemon's RPC server (a
     * proxy that routes raw messages). The daemon counts it as a client
     * until mv_daemon_client_closed() is called once for it. When NULL, the
     * RPC server (daemons/common/remote.h) serves it. */
    void (*client_accepted)(MvDaemon *daemon, GSocketConnection *conn, bool read_only);
} MvDaemonDesc;

/* The whole life of a daemon: options, config, pid file, sockets, driver,
 * main loop, signals, idle exit, cleanup. Returns the exit status for
 * main(): 0 after SIGTERM/SIGINT or idle exit, 1 on failure, 2 on bad
 * options. */
int mv_daemon_main(const MvDaemonDesc *desc, int argc, char **argv);

const MvDaemonDesc *mv_daemon_get_desc(MvDaemon *daemon);
const MvPaths *mv_daemon_get_paths(MvDaemon *daemon);
/* The parsed config file, for the driver's own keys; replaced on SIGHUP. */
MvConfFile *mv_daemon_get_conf_file(MvDaemon *daemon);
/* True in system mode (root, no --root): the host's real paths. */
bool mv_daemon_is_privileged(MvDaemon *daemon);

/* The driver's private data, kept for it. */
void mv_daemon_set_driver_data(MvDaemon *daemon, void *data);
void *mv_daemon_get_driver_data(MvDaemon *daemon);

/* A running object (guest, network, ...) keeps the daemon from exiting on
 * --timeout: one hold per object, released when it stops. */
void mv_daemon_hold(MvDaemon *daemon);
void mv_daemon_release(MvDaemon *daemon);

/* A connection handed to client_accepted went away. */
void mv_daemon_client_closed(MvDaemon *daemon);

/* Leaves the main loop; mv_daemon_main then cleans up and returns 0. */
void mv_daemon_quit(MvDaemon *daemon);
