/* A daemon's life: start-up in order, the main loop with its signals, reload, idle exit, cleanup. */
#define MV_LOG_MODULE "daemon.common"
#define MV_FROM_THIS VIR_FROM_NONE

#include "daemon.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "modvirt-config.h"
#include "auth.h"
#include "config.h"
#include "notify.h"
#include "options.h"
#include "remote.h"
#include "server.h"
#include "sockets.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

struct _MvDaemon {
    const MvDaemonDesc *desc;
    char *program;              /* "modvirt-qemud" */
    MvDaemonOptions *opts;
    MvPaths *paths;
    char *config_path;
    MvDaemonConfig *config;
    char *pid_file;
    int pid_fd;
    MvDaemonSocket *rw;
    MvDaemonSocket *ro;
    MvDaemonServer *server;
    MvRemote *remote;
    GMainLoop *loop;
    guint signal_sources[3];
    bool driver_ready;
    void *driver_data;
};

const MvDaemonDesc *
mv_daemon_get_desc(MvDaemon *daemon)
{
    return daemon->desc;
}

const MvPaths *
mv_daemon_get_paths(MvDaemon *daemon)
{
    return daemon->paths;
}

MvConfFile *
mv_daemon_get_conf_file(MvDaemon *daemon)
{
    return daemon->config->conf;
}

bool
mv_daemon_is_privileged(MvDaemon *daemon)
{
    return daemon->paths->mode == MV_PATHS_SYSTEM;
}

void
mv_daemon_set_driver_data(MvDaemon *daemon, void *data)
{
    daemon->driver_data = data;
}

void *
mv_daemon_get_driver_data(MvDaemon *daemon)
{
    return daemon->driver_data;
}

void
mv_daemon_hold(MvDaemon *daemon)
{
    mv_daemon_server_hold(daemon->server);
}

void
mv_daemon_release(MvDaemon *daemon)
{
    mv_daemon_server_release(daemon->server);
}

void
mv_daemon_client_closed(MvDaemon *daemon)
{
    mv_daemon_server_client_closed(daemon->server);
}

void
mv_daemon_quit(MvDaemon *daemon)
{
    if (daemon->loop)
        g_main_loop_quit(daemon->loop);
}

static void
on_client_accepted(GSocketConnection *conn, bool read_only, void *opaque)
{
    MvDaemon *daemon = opaque;

    if (daemon->desc->client_accepted) {
        daemon->desc->client_accepted(daemon, conn, read_only);
    } else if (daemon->remote) {
        mv_remote_add_client(daemon->remote, conn, read_only);
    } else {
        /* The RPC server is going away at exit. */
        g_io_stream_close(G_IO_STREAM(conn), NULL, NULL);
        mv_daemon_client_closed(daemon);
    }
}

static void
on_idle(void *opaque)
{
    MvDaemon *daemon = opaque;

    MV_INFO("%s: idle for --timeout %u seconds, exiting",
            daemon->program, daemon->opts->timeout);
    mv_daemon_quit(daemon);
}

static MvPathsMode
daemon_mode(const MvDaemonOptions *opts)
{
    if (opts->root)
        return MV_PATHS_ROOT;
    return geteuid() == 0 ? MV_PATHS_SYSTEM : MV_PATHS_SESSION;
}

static int
daemon_load_config(MvDaemon *daemon)
{
    /* The default file may be absent; one named by --config must exist. */
    bool allow_missing = daemon->opts->config == NULL;
    MvDaemonConfig *cfg;

    if (!(cfg = mv_daemon_config_load(daemon->config_path, allow_missing,
                                      mv_daemon_is_privileged(daemon),
                                      daemon->desc->driver_config_keys)))
        return -1;
    mv_daemon_config_free(daemon->config);
    daemon->config = cfg;
    return 0;
}

static void
daemon_reload(MvDaemon *daemon)
{
    mv_daemon_notify_reloading();

    if (daemon_load_config(daemon) < 0) {
        MV_WARN("%s: keeping the previous configuration: %s",
                daemon->program, mv_error_last_message());
    } else {
        if (mv_daemon_config_apply_logging(daemon->config, daemon->opts->verbose) < 0)
            MV_WARN("%s: some log settings of '%s' were not applied: %s",
                    daemon->program, daemon->config_path, mv_error_last_message());
        if (daemon->server)
            mv_daemon_server_set_max_clients(daemon->server, daemon->config->max_clients);
        MV_INFO("%s: reloaded configuration from '%s'", daemon->program, daemon->config_path);
    }

    if (mv_log_reopen() < 0)
        MV_WARN("%s: cannot reopen log files: %s", daemon->program, mv_error_last_message());

    if (daemon->desc->driver_reload && daemon->desc->driver_reload(daemon) < 0)
        MV_WARN("%s: driver reload failed: %s", daemon->program, mv_error_last_message());

    mv_daemon_notify_ready("reloaded");
}

static gboolean
on_sighup(gpointer data)
{
    daemon_reload(data);
    return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm(gpointer data)
{
    MvDaemon *daemon = data;

    MV_INFO("%s: asked to stop, exiting", daemon->program);
    mv_daemon_quit(daemon);
    return G_SOURCE_CONTINUE;
}

/* The units make the read-write socket 0666 for polkit to decide; with
 * auth_unix_rw = "none" that lets any local user manage: said aloud, as
 * the socket's mode is systemd's to set, not ours. */
static void
daemon_warn_open_rw(MvDaemon *daemon)
{
    struct stat st;

    if (!daemon->rw || !daemon->rw->activated || !daemon->rw->path ||
        daemon->config->auth_unix_rw != MV_DAEMON_AUTH_NONE)
        return;
    if (stat(daemon->rw->path, &st) == 0 && (st.st_mode & S_IWOTH))
        MV_WARN("%s: anyone may connect to the read-write socket '%s' (mode %04o, passed by "
                "systemd) and auth_unix_rw is \"none\" in '%s': set SocketMode=0600 in "
                "modvirt-%s.socket or auth_unix_rw = \"polkit\"",
                daemon->program, daemon->rw->path, (unsigned int) (st.st_mode & 07777),
                daemon->config_path, daemon->desc->name);
}

/* Takes what systemd passed, then binds whatever is still missing. */
static int
daemon_open_sockets(MvDaemon *daemon)
{
    const char *name = daemon->desc->name;
    gid_t gid;

    if (mv_daemon_sockets_from_systemd(name, &daemon->rw, &daemon->ro) < 0)
        return -1;
    daemon_warn_open_rw(daemon);

    if (mv_daemon_config_sock_gid(daemon->config, &gid) < 0)
        return -1;

    /* The read-only socket first: once the read-write one answers, both
     * do, so a client (or test) may wait for the read-write one alone.
     * A session daemon serves only its user: no read-only socket. */
    if (!daemon->ro && daemon->paths->mode != MV_PATHS_SESSION) {
        g_autofree char *path = mv_paths_socket(daemon->paths, name, true);

        if (!(daemon->ro = mv_daemon_socket_bind(path, true,
                                                 daemon->config->unix_sock_ro_perms,
                                                 gid)))
            return -1;
    }

    if (!daemon->rw) {
        g_autofree char *path = mv_paths_socket(daemon->paths, name, false);

        if (!(daemon->rw = mv_daemon_socket_bind(path, false,
                                                 daemon->config->unix_sock_rw_perms,
                                                 gid)))
            return -1;
    }

    return 0;
}

static int
daemon_start(MvDaemon *daemon)
{
    const MvDaemonDesc *desc = daemon->desc;

    /* Before anything listens: a client may see the socket answer and send
     * SIGTERM at once, which must then end the daemon cleanly, not kill it. */
    daemon->loop = g_main_loop_new(NULL, FALSE);
    daemon->signal_sources[0] = g_unix_signal_add(SIGTERM, on_sigterm, daemon);
    daemon->signal_sources[1] = g_unix_signal_add(SIGINT, on_sigterm, daemon);
    daemon->signal_sources[2] = g_unix_signal_add(SIGHUP, on_sighup, daemon);

    if (!(daemon->paths = mv_paths_new(daemon_mode(daemon->opts), daemon->opts->root)))
        return -1;

    daemon->config_path = daemon->opts->config ?
        g_strdup(daemon->opts->config) : mv_paths_config_file(daemon->paths, desc->name);
    if (daemon_load_config(daemon) < 0)
        return -1;
    if (mv_daemon_config_apply_logging(daemon->config, daemon->opts->verbose) < 0)
        return -1;
    /* Kept from the start, as the sockets' modes are: SIGHUP changes neither. */
    mv_daemon_auth_configure(daemon->config->auth_unix_rw, daemon->config->auth_unix_ro);

    if (mv_paths_ensure(daemon->paths) < 0)
        return -1;

    daemon->pid_file = mv_paths_pid_file(daemon->paths, desc->name);
    if ((daemon->pid_fd = mv_pidfile_acquire(daemon->pid_file, getpid())) < 0)
        return -1;

    if (daemon_open_sockets(daemon) < 0)
        return -1;

    daemon->server = mv_daemon_server_new(daemon->config->max_clients, daemon->opts->timeout,
                                          on_client_accepted, on_idle, daemon);
    if (mv_daemon_server_add_socket(daemon->server, daemon->rw) < 0 ||
        (daemon->ro && mv_daemon_server_add_socket(daemon->server, daemon->ro) < 0))
        return -1;

    if (desc->driver_init && desc->driver_init(daemon) < 0)
        return -1;
    daemon->driver_ready = true;
    if (!desc->client_accepted)
        daemon->remote = mv_remote_new(daemon);

    mv_daemon_server_start(daemon->server);
    mv_daemon_notify_ready("listening");
    MV_INFO("%s: listening on '%s'%s%s%s (pid %lld)", daemon->program,
            daemon->rw->path ? daemon->rw->path : "(passed socket)",
            daemon->ro ? " and '" : "",
            daemon->ro ? (daemon->ro->path ? daemon->ro->path : "(passed socket)") : "",
            daemon->ro ? "'" : "",
            (long long) getpid());
    return 0;
}

static void
daemon_stop(MvDaemon *daemon)
{
    if (daemon->server)
        mv_daemon_notify_stopping();

    for (size_t i = 0; i < G_N_ELEMENTS(daemon->signal_sources); i++) {
        if (daemon->signal_sources[i])
            g_source_remove(daemon->signal_sources[i]);
    }

    /* Close the RPC clients while the server still counts them, then stop
     * accepting, so no client arrives while the driver goes away. */
    g_clear_pointer(&daemon->remote, mv_remote_free);
    g_clear_pointer(&daemon->server, mv_daemon_server_free);
    if (daemon->driver_ready && daemon->desc->driver_cleanup)
        daemon->desc->driver_cleanup(daemon);

    g_clear_pointer(&daemon->rw, mv_daemon_socket_free);
    g_clear_pointer(&daemon->ro, mv_daemon_socket_free);
    if (daemon->pid_fd >= 0)
        mv_pidfile_release(daemon->pid_file, daemon->pid_fd);

    g_clear_pointer(&daemon->loop, g_main_loop_unref);
    g_clear_pointer(&daemon->config, mv_daemon_config_free);
    g_clear_pointer(&daemon->paths, mv_paths_free);
    g_free(daemon->config_path);
    g_free(daemon->pid_file);
}

int
mv_daemon_main(const MvDaemonDesc *desc, int argc, char **argv)
{
    g_autofree char *program = g_strdup_printf("modvirt-%s", desc->name);
    g_autoptr(MvDaemonOptions) opts = NULL;
    MvDaemon daemon = { .desc = desc, .program = program, .pid_fd = -1 };
    int ret = 0;

    g_set_prgname(program);
    /* A client that hangs up must not kill the daemon mid-write. */
    signal(SIGPIPE, SIG_IGN);

    if (!(opts = mv_daemon_options_parse(program, desc->summary, argc, argv))) {
        fprintf(stderr, "%s: %s\nTry '%s --help' for more information.\n",
                program, mv_error_last_message(), program);
        return 2;
    }
    if (opts->version) {
        printf("%s %s\n", program, MODVIRT_VERSION);
        return 0;
    }
    daemon.opts = opts;

    if (daemon_start(&daemon) < 0) {
        fprintf(stderr, "%s: %s\n", program, mv_error_last_message());
        ret = 1;
    } else {
        g_main_loop_run(daemon.loop);
    }

    daemon_stop(&daemon);
    return ret;
}
