/* A daemon's listening unix sockets: systemd's passed fds mapped by name, or our own bound with care. */
#define MV_LOG_MODULE "daemon.sockets"
#define MV_FROM_THIS VIR_FROM_RPC

#include "sockets.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "util/error.h"
#include "util/log.h"

#define LISTEN_BACKLOG 64

void
mv_daemon_socket_free(MvDaemonSocket *sock)
{
    if (!sock)
        return;
    if (sock->socket) {
        g_socket_close(sock->socket, NULL);
        g_object_unref(sock->socket);
    }
    if (sock->path && !sock->activated) {
        if (unlink(sock->path) < 0 && errno != ENOENT)
            MV_WARN("cannot remove socket '%s': %s", sock->path, g_strerror(errno));
        else
            MV_DEBUG("removed socket '%s'", sock->path);
    }
    g_free(sock->path);
    g_free(sock);
}

static MvDaemonSocket *
socket_wrap(int fd, const char *path, bool read_only, bool activated)
{
    g_autoptr(MvDaemonSocket) sock = g_new0(MvDaemonSocket, 1);
    g_autoptr(GError) gerr = NULL;

    sock->path = g_strdup(path);
    sock->read_only = read_only;
    sock->activated = activated;
    if (!(sock->socket = g_socket_new_from_fd(fd, &gerr))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "cannot use socket '%s' (fd %d): %s",
                        path ? path : "(unnamed)", fd, gerr->message);
        /* the fd is not the socket's yet: do not unlink a file we may not own */
        sock->activated = true;
        close(fd);
        return NULL;
    }
    return g_steal_pointer(&sock);
}

/* The path a passed unix socket is bound to, or NULL for an abstract or unnamed one. */
static char *
socket_fd_path(int fd)
{
    struct sockaddr_un addr = { 0 };
    socklen_t len = sizeof(addr);

    if (getsockname(fd, (struct sockaddr *) &addr, &len) < 0 ||
        len <= offsetof(struct sockaddr_un, sun_path) || addr.sun_path[0] == '\0')
        return NULL;
    return g_strndup(addr.sun_path, len - offsetof(struct sockaddr_un, sun_path));
}

int
mv_daemon_sockets_from_systemd(const char *name,
                               MvDaemonSocket **ret_rw,
                               MvDaemonSocket **ret_ro)
{
    g_autoptr(MvDaemonSocket) rw = NULL;
    g_autoptr(MvDaemonSocket) ro = NULL;
    g_autofree char *rw_name = g_strdup_printf("%s-sock", name);
    g_autofree char *ro_name = g_strdup_printf("%s-sock-ro", name);
    g_autofree char *rw_unit = g_strdup_printf("modvirt-%s.socket", name);
    g_autofree char *ro_unit = g_strdup_printf("modvirt-%s-ro.socket", name);
    g_auto(GStrv) names = NULL;
    int nfds;
    int ret = 0;

    nfds = sd_listen_fds_with_names(1, &names);
    if (nfds < 0) {
        mv_report_system_error(-nfds, "cannot read the sockets passed by systemd");
        return -1;
    }

    for (int i = 0; i < nfds; i++) {
        int fd = SD_LISTEN_FDS_START + i;
        const char *fdname = names && names[i] ? names[i] : "unknown";
        g_autofree char *path = NULL;
        MvDaemonSocket **slot;
        bool read_only;

        if (g_str_equal(fdname, rw_name) || g_str_equal(fdname, rw_unit)) {
            slot = &rw;
            read_only = false;
        } else if (g_str_equal(fdname, ro_name) || g_str_equal(fdname, ro_unit)) {
            slot = &ro;
            read_only = true;
        } else {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "systemd passed fd %d named '%s'; modvirt-%s takes '%s' and '%s'",
                            fd, fdname, name, rw_name, ro_name);
            close(fd);
            ret = -1;
            continue;
        }

        if (*slot) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "systemd passed two sockets named '%s' (fd %d)", fdname, fd);
            close(fd);
            ret = -1;
            continue;
        }
        if (sd_is_socket_unix(fd, SOCK_STREAM, 1, NULL, 0) <= 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "systemd passed fd %d named '%s', which is not a listening unix stream socket",
                            fd, fdname);
            close(fd);
            ret = -1;
            continue;
        }

        path = socket_fd_path(fd);
        if (!(*slot = socket_wrap(fd, path, read_only, true)))
            ret = -1;
        else
            MV_INFO("using socket '%s' passed by systemd as '%s'",
                    path ? path : "(unnamed)", fdname);
    }

    if (ret < 0)
        return -1;

    *ret_rw = g_steal_pointer(&rw);
    *ret_ro = g_steal_pointer(&ro);
    return 0;
}

/* Connects to path: 1 when something accepts (ret_pid: the listener's pid,
 * or 0 if unknown), 0 when nothing listens (the file is stale), -1
 * (reported) when we cannot tell. */
static int
socket_answers(const char *path, pid_t *ret_pid)
{
    struct ucred cred = { 0 };
    socklen_t credlen = sizeof(cred);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;
    int rc;
    int err;

    g_strlcpy(addr.sun_path, path, sizeof(addr.sun_path));
    /* Non-blocking: a live listener with a full backlog must not hang us. */
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) < 0) {
        mv_report_system_error(errno, "cannot create a socket to probe '%s'", path);
        return -1;
    }
    rc = connect(fd, (struct sockaddr *) &addr, sizeof(addr));
    err = errno;
    /* The kernel records the listener's credentials at listen() time. */
    *ret_pid = 0;
    if (rc == 0 && getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &credlen) == 0)
        *ret_pid = cred.pid;
    close(fd);

    if (rc == 0 || err == EAGAIN)
        return 1;
    if (err == ECONNREFUSED)
        return 0;
    mv_report_system_error(err, "cannot probe existing socket '%s'", path);
    return -1;
}

/* Removes a stale socket file at path; refuses a live one and a non-socket. */
static int
socket_clear_stale(const char *path)
{
    struct stat st;
    pid_t holder = 0;
    int rc;

    if (lstat(path, &st) < 0) {
        if (errno == ENOENT)
            return 0;
        mv_report_system_error(errno, "cannot check socket path '%s'", path);
        return -1;
    }
    if (!S_ISSOCK(st.st_mode)) {
        mv_report_error(VIR_ERR_OPERATION_INVALID,
                        "'%s' exists and is not a socket; refusing to replace it", path);
        return -1;
    }

    if ((rc = socket_answers(path, &holder)) < 0)
        return -1;
    if (rc > 0) {
        if (holder > 0)
            mv_report_error(VIR_ERR_OPERATION_INVALID,
                            "a process (pid %lld) is already listening on '%s'",
                            (long long) holder, path);
        else
            mv_report_error(VIR_ERR_OPERATION_INVALID,
                            "another process is already listening on '%s'", path);
        return -1;
    }

    MV_INFO("removing stale socket '%s'", path);
    if (unlink(path) < 0 && errno != ENOENT) {
        mv_report_system_error(errno, "cannot remove stale socket '%s'", path);
        return -1;
    }
    return 0;
}

MvDaemonSocket *
mv_daemon_socket_bind(const char *path, bool read_only,
                      mode_t mode, gid_t gid)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    g_autoptr(MvDaemonSocket) sock = NULL;
    mode_t old_umask;
    int fd;
    int rc;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "socket path '%s' is longer than %zu bytes",
                        path, sizeof(addr.sun_path) - 1);
        return NULL;
    }
    g_strlcpy(addr.sun_path, path, sizeof(addr.sun_path));

    if (socket_clear_stale(path) < 0)
        return NULL;

    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
        mv_report_system_error(errno, "cannot create socket for '%s'", path);
        return NULL;
    }

    /* Born private: no one may connect before chmod sets the final mode. */
    old_umask = umask(0077);
    rc = bind(fd, (struct sockaddr *) &addr, sizeof(addr));
    umask(old_umask);
    if (rc < 0) {
        mv_report_system_error(errno, "cannot bind socket '%s'", path);
        close(fd);
        return NULL;
    }

    /* From here on the file is ours: wrapping it makes cleanup unlink it. */
    if (!(sock = socket_wrap(fd, path, read_only, false))) {
        unlink(path);
        return NULL;
    }

    if (gid != (gid_t) -1 && chown(path, (uid_t) -1, gid) < 0) {
        mv_report_system_error(errno, "cannot give socket '%s' to group %u",
                               path, (unsigned int) gid);
        return NULL;
    }
    if (chmod(path, mode) < 0) {
        mv_report_system_error(errno, "cannot set mode %04o on socket '%s'",
                               (unsigned int) mode, path);
        return NULL;
    }
    if (listen(fd, LISTEN_BACKLOG) < 0) {
        mv_report_system_error(errno, "cannot listen on socket '%s'", path);
        return NULL;
    }

    MV_DEBUG("listening on '%s' (%s, mode %04o)", path,
             read_only ? "read-only" : "read-write", (unsigned int) mode);
    return g_steal_pointer(&sock);
}
