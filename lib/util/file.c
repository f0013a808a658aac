/* Files: capped reads, atomic replacement, directories, locked pid files, path building. */
#define MV_LOG_MODULE "util.file"
#define MV_FROM_THIS VIR_FROM_NONE

#include "file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "log.h"

#define READ_CHUNK 4096

/* Longest pid text we accept from a pid file: a pid and a newline. */
#define PIDFILE_MAX_LEN 32

static int
write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t done = write(fd, data, len);

        if (done < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += done;
        len -= (size_t) done;
    }
    return 0;
}

/* Reads fd to its end into a NUL-terminated buffer; errno is set and -1
 * returned on a read error, -2 when there is more than max_len bytes. */
static int
read_fd_capped(int fd, size_t max_len, char **ret_data, size_t *ret_len)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    char chunk[READ_CHUNK];

    for (;;) {
        ssize_t got = read(fd, chunk, sizeof(chunk));

        if (got < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (got == 0)
            break;
        if ((size_t) got > max_len - buf->len)
            return -2;
        g_byte_array_append(buf, (const guint8 *) chunk, (guint) got);
    }

    *ret_len = buf->len;
    g_byte_array_append(buf, (const guint8 *) "", 1);
    *ret_data = (char *) g_byte_array_free(g_steal_pointer(&buf), FALSE);
    return 0;
}

int
mv_file_read_all(const char *path, size_t max_len, char **ret_data, size_t *ret_len)
{
    g_autofree char *data = NULL;
    size_t len = 0;
    int fd;
    int rc;

    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        mv_report_system_error(errno, "cannot open '%s'", path);
        return -1;
    }

    rc = read_fd_capped(fd, max_len, &data, &len);
    if (rc == -1)
        mv_report_system_error(errno, "cannot read '%s'", path);
    else if (rc == -2)
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "file '%s' is larger than the limit of %zu bytes",
                        path, max_len);
    close(fd);
    if (rc < 0)
        return -1;

    *ret_data = g_steal_pointer(&data);
    if (ret_len)
        *ret_len = len;
    return 0;
}

static int
fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0) {
        mv_report_system_error(errno, "cannot open directory '%s'", dir);
        return -1;
    }
    if (fsync(fd) < 0 && errno != EINVAL) {
        mv_report_system_error(errno, "cannot sync directory '%s'", dir);
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* Fills the fresh temporary file open as fd and pushes it to disk. */
static int
write_temp(int fd, const char *tmp, const char *data, size_t len, mode_t mode)
{
    if (fchmod(fd, mode) < 0) {
        mv_report_system_error(errno, "cannot set mode %04o on '%s'", (unsigned) mode, tmp);
        return -1;
    }
    if (write_all(fd, data, len) < 0) {
        mv_report_system_error(errno, "cannot write %zu bytes to '%s'", len, tmp);
        return -1;
    }
    if (fsync(fd) < 0) {
        mv_report_system_error(errno, "cannot sync '%s'", tmp);
        return -1;
    }
    return 0;
}

int
mv_file_replace_atomic(const char *path, const char *data, size_t len, mode_t mode)
{
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    int fd;

    fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        mv_report_system_error(errno, "cannot create a temporary file beside '%s'", path);
        return -1;
    }

    if (write_temp(fd, tmp, data, len, mode) < 0) {
        close(fd);
        unlink(tmp);
        return -1;
    }

    if (close(fd) < 0) {
        mv_report_system_error(errno, "cannot close '%s'", tmp);
        unlink(tmp);
        return -1;
    }

    if (rename(tmp, path) < 0) {
        mv_report_system_error(errno, "cannot rename '%s' to '%s'", tmp, path);
        unlink(tmp);
        return -1;
    }

    MV_DEBUG("replaced '%s' (%zu bytes)", path, len);
    return fsync_dir(dir);
}

static int
mkdir_one(const char *path, mode_t mode)
{
    struct stat st;

    if (mkdir(path, mode) == 0) {
        /* The umask must not narrow the mode the caller asked for. */
        if (chmod(path, mode) < 0) {
            mv_report_system_error(errno, "cannot set mode %04o on '%s'", (unsigned) mode, path);
            return -1;
        }
        return 0;
    }
    if (errno != EEXIST) {
        mv_report_system_error(errno, "cannot create directory '%s'", path);
        return -1;
    }
    if (stat(path, &st) < 0) {
        mv_report_system_error(errno, "cannot stat '%s'", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        mv_report_system_error(ENOTDIR, "cannot create directory '%s'", path);
        return -1;
    }
    return 0;
}

int
mv_file_mkdir_p(const char *path, mode_t mode)
{
    g_autofree char *copy = NULL;
    char *p;

    if (!path || !*path) {
        mv_report_error(VIR_ERR_INVALID_ARG, "cannot create a directory with an empty path");
        return -1;
    }

    copy = g_strdup(path);
    for (p = copy + 1; *p; p++) {
        if (*p != '/' || p[-1] == '/')
            continue;
        *p = '\0';
        if (mkdir_one(copy, mode) < 0)
            return -1;
        *p = '/';
    }
    return mkdir_one(copy, mode);
}

/* Empties the directory open as dirfd (consumed); path is for messages. */
static int
remove_dir_contents(int dirfd, const char *path)
{
    DIR *dir = fdopendir(dirfd);
    struct dirent *ent;
    int ret = 0;

    if (!dir) {
        mv_report_system_error(errno, "cannot read directory '%s'", path);
        close(dirfd);
        return -1;
    }

    for (;;) {
        g_autofree char *child = NULL;
        struct stat st;

        errno = 0;
        ent = readdir(dir);
        if (!ent) {
            if (errno != 0) {
                mv_report_system_error(errno, "cannot read directory '%s'", path);
                ret = -1;
            }
            break;
        }
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
            continue;

        child = g_build_filename(path, ent->d_name, NULL);
        if (fstatat(dirfd, ent->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            if (errno == ENOENT)
                continue;
            mv_report_system_error(errno, "cannot stat '%s'", child);
            ret = -1;
            break;
        }

        if (S_ISDIR(st.st_mode)) {
            int subfd = openat(dirfd, ent->d_name,
                               O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

            if (subfd < 0) {
                mv_report_system_error(errno, "cannot open directory '%s'", child);
                ret = -1;
                break;
            }
            if (remove_dir_contents(subfd, child) < 0) {
                ret = -1;
                break;
            }
        }

        if (unlinkat(dirfd, ent->d_name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0) < 0 &&
            errno != ENOENT) {
            mv_report_system_error(errno, "cannot remove '%s'", child);
            ret = -1;
            break;
        }
    }

    closedir(dir);
    return ret;
}

int
mv_file_remove_tree(const char *path)
{
    struct stat st;
    int fd;

    if (lstat(path, &st) < 0) {
        if (errno == ENOENT)
            return 0;
        mv_report_system_error(errno, "cannot stat '%s'", path);
        return -1;
    }

    if (S_ISDIR(st.st_mode)) {
        fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            mv_report_system_error(errno, "cannot open directory '%s'", path);
            return -1;
        }
        if (remove_dir_contents(fd, path) < 0)
            return -1;
        if (rmdir(path) < 0 && errno != ENOENT) {
            mv_report_system_error(errno, "cannot remove directory '%s'", path);
            return -1;
        }
        return 0;
    }

    if (unlink(path) < 0 && errno != ENOENT) {
        mv_report_system_error(errno, "cannot remove '%s'", path);
        return -1;
    }
    return 0;
}

/* Open-file-description locks: unlike classic POSIX record locks they are
 * not dropped when this process closes some other fd of the same file
 * (as mv_pidfile_read_holder does), and they conflict between two opens
 * in one process, so a daemon cannot take its own pid file twice. */
static struct flock
whole_file_lock(short type)
{
    struct flock fl = {
        .l_type = type,
        .l_whence = SEEK_SET,
        .l_start = 0,
        .l_len = 0,
    };

    return fl;
}

/* The pid written in the file open as fd; 0 when it holds none. */
static pid_t
pidfile_parse_fd(int fd)
{
    char buf[PIDFILE_MAX_LEN + 1];
    ssize_t got;
    char *end = NULL;
    long long pid;

    do {
        got = pread(fd, buf, PIDFILE_MAX_LEN, 0);
    } while (got < 0 && errno == EINTR);
    if (got <= 0)
        return 0;

    buf[got] = '\0';
    errno = 0;
    pid = strtoll(buf, &end, 10);
    if (errno != 0 || end == buf || (*end != '\0' && *end != '\n') ||
        pid <= 0 || pid > INT_MAX)
        return 0;
    return (pid_t) pid;
}

static bool
same_file(int fd, const char *path)
{
    struct stat by_fd;
    struct stat by_path;

    if (fstat(fd, &by_fd) < 0 || stat(path, &by_path) < 0)
        return false;
    return by_fd.st_dev == by_path.st_dev && by_fd.st_ino == by_path.st_ino;
}

int
mv_pidfile_acquire(const char *path, pid_t pid)
{
    g_autofree char *text = g_strdup_printf("%lld\n", (long long) pid);

    for (;;) {
        struct flock fl = whole_file_lock(F_WRLCK);
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);

        if (fd < 0) {
            mv_report_system_error(errno, "cannot open pid file '%s'", path);
            return -1;
        }

        if (fcntl(fd, F_OFD_SETLK, &fl) < 0) {
            int err = errno;
            pid_t holder;

            if (err != EAGAIN && err != EACCES) {
                mv_report_system_error(err, "cannot lock pid file '%s'", path);
                close(fd);
                return -1;
            }
            holder = pidfile_parse_fd(fd);
            close(fd);
            if (holder > 0)
                mv_report_error(VIR_ERR_OPERATION_INVALID,
                                "pid file '%s' is locked by pid %lld",
                                path, (long long) holder);
            else
                mv_report_error(VIR_ERR_OPERATION_INVALID,
                                "pid file '%s' is locked by another process", path);
            return -1;
        }

        /* The holder we waited for may have unlinked the file before
         * closing it: the lock is then on an orphan, so start again. */
        if (!same_file(fd, path)) {
            close(fd);
            continue;
        }

        if (ftruncate(fd, 0) < 0) {
            mv_report_system_error(errno, "cannot truncate pid file '%s'", path);
            close(fd);
            return -1;
        }
        errno = 0;
        if (pwrite(fd, text, strlen(text), 0) != (ssize_t) strlen(text)) {
            mv_report_system_error(errno ? errno : EIO, "cannot write pid %lld to '%s'",
                                   (long long) pid, path);
            close(fd);
            return -1;
        }

        MV_DEBUG("pid file '%s' taken for pid %lld", path, (long long) pid);
        return fd;
    }
}

void
mv_pidfile_release(const char *path, int fd)
{
    /* Unlink before closing, so no one can lock the old file in between
     * and then find it gone. */
    if (unlink(path) < 0 && errno != ENOENT)
        MV_WARN("cannot remove pid file '%s': %s", path, g_strerror(errno));
    if (fd >= 0)
        close(fd);
}

pid_t
mv_pidfile_read_holder(const char *path)
{
    struct flock fl = whole_file_lock(F_WRLCK);
    pid_t pid = 0;
    int fd;

    /* Errors end as "no holder" on purpose: a caller that signals the pid
     * it gets back must never receive a negative number. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno != ENOENT)
            MV_WARN("cannot open pid file '%s': %s", path, g_strerror(errno));
        return 0;
    }

    if (fcntl(fd, F_OFD_GETLK, &fl) < 0) {
        MV_WARN("cannot query the lock of pid file '%s': %s", path, g_strerror(errno));
    } else if (fl.l_type == F_UNLCK) {
        MV_DEBUG("pid file '%s' is stale: no process holds its lock", path);
    } else {
        pid = pidfile_parse_fd(fd);
    }

    close(fd);
    return pid;
}

static bool
has_dotdot_component(const char *name)
{
    g_auto(GStrv) parts = g_strsplit(name, "/", -1);

    for (size_t i = 0; parts[i]; i++) {
        if (strcmp(parts[i], "..") == 0)
            return true;
    }
    return false;
}

char *
mv_path_join_safe(const char *base, const char *name, bool single_component)
{
    if (!name || !*name) {
        mv_report_error(VIR_ERR_INVALID_ARG, "empty name below '%s'", base);
        return NULL;
    }
    if (name[0] == '/') {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "name '%s' below '%s' must be relative", name, base);
        return NULL;
    }
    if (has_dotdot_component(name)) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "name '%s' below '%s' must not contain '..'", name, base);
        return NULL;
    }
    if (single_component && (strchr(name, '/') || strcmp(name, ".") == 0)) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "name '%s' below '%s' must be a single file name", name, base);
        return NULL;
    }

    return g_build_filename(base, name, NULL);
}
