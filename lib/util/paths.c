/* Host paths: every directory and socket a daemon or client uses, in system, session or --root mode. */
#define MV_LOG_MODULE "util.paths"
#define MV_FROM_THIS VIR_FROM_NONE

#include "paths.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "log.h"

void
mv_paths_free(MvPaths *paths)
{
    if (!paths)
        return;
    g_free(paths->root);
    g_free(paths->config_dir);
    g_free(paths->state_dir);
    g_free(paths->run_dir);
    g_free(paths->cache_dir);
    g_free(paths->log_dir);
    g_free(paths);
}

/* The system layout below prefix ("/" for the host itself). */
static void
paths_fill_system(MvPaths *paths, const char *prefix)
{
    paths->config_dir = g_build_filename(prefix, "etc", "modvirt", NULL);
    paths->state_dir = g_build_filename(prefix, "var", "lib", "modvirt", NULL);
    paths->run_dir = g_build_filename(prefix, "run", "modvirt", NULL);
    paths->cache_dir = g_build_filename(prefix, "var", "cache", "modvirt", NULL);
    paths->log_dir = g_build_filename(prefix, "var", "log", "modvirt", NULL);
}

static void
paths_fill_session(MvPaths *paths)
{
    paths->config_dir = g_build_filename(g_get_user_config_dir(), "modvirt", NULL);
    paths->state_dir = g_build_filename(g_get_user_data_dir(), "modvirt", NULL);
    paths->run_dir = g_build_filename(g_get_user_runtime_dir(), "modvirt", NULL);
    paths->cache_dir = g_build_filename(g_get_user_cache_dir(), "modvirt", NULL);
    paths->log_dir = g_build_filename(paths->cache_dir, "log", NULL);
}

MvPaths *
mv_paths_new(MvPathsMode mode, const char *root)
{
    g_autoptr(MvPaths) paths = g_new0(MvPaths, 1);

    paths->mode = mode;
    switch (mode) {
    case MV_PATHS_SYSTEM:
        paths_fill_system(paths, "/");
        break;
    case MV_PATHS_SESSION:
        paths_fill_session(paths);
        break;
    case MV_PATHS_ROOT:
        if (!root || !g_path_is_absolute(root)) {
            mv_report_error(VIR_ERR_INVALID_ARG,
                            "root directory '%s' is not an absolute path",
                            root ? root : "");
            return NULL;
        }
        /* Lexically: "/srv/x/../y/" and "/srv/y" name the same tree. */
        paths->root = g_canonicalize_filename(root, NULL);
        paths_fill_system(paths, paths->root);
        break;
    case MV_PATHS_MODE_LAST:
    default:
        mv_report_error(VIR_ERR_INVALID_ARG, "unknown paths mode %d", (int) mode);
        return NULL;
    }

    MV_DEBUG("paths mode %d: config '%s', state '%s', run '%s', cache '%s', log '%s'",
             (int) mode, paths->config_dir, paths->state_dir, paths->run_dir,
             paths->cache_dir, paths->log_dir);
    return g_steal_pointer(&paths);
}

static int
ensure_dir(const char *path, int mode)
{
    struct stat st;

    if (stat(path, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            mv_report_error(VIR_ERR_OPERATION_FAILED,
                            "'%s' exists and is not a directory", path);
            return -1;
        }
        return 0;
    }

    if (g_mkdir_with_parents(path, mode) < 0) {
        mv_report_system_error(errno, "cannot create directory '%s'", path);
        return -1;
    }

    /* The directory is new: give it the mode we want, whatever the umask. */
    if (chmod(path, mode) < 0) {
        mv_report_system_error(errno, "cannot set mode %o on directory '%s'", mode, path);
        return -1;
    }

    MV_DEBUG("created directory '%s' (mode %o)", path, mode);
    return 0;
}

int
mv_paths_ensure(const MvPaths *paths)
{
    const char *const dirs[] = {
        paths->config_dir, paths->state_dir, paths->cache_dir, paths->log_dir,
    };
    /* A session's sockets live in the run dir: other users stay out. */
    int run_mode = paths->mode == MV_PATHS_SESSION ? 0700 : 0755;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(dirs); i++) {
        if (ensure_dir(dirs[i], 0755) < 0)
            return -1;
    }
    return ensure_dir(paths->run_dir, run_mode);
}

/* A daemon or subsystem name becomes one path component. */
static bool
check_name(const char *what, const char *name)
{
    if (!name || !*name || strchr(name, '/') ||
        strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "%s name '%s' is not a single path component",
                        what, name ? name : "");
        return false;
    }
    return true;
}

/* dir/<daemon><suffix>, for a daemon name that is one path component. */
static char *
daemon_file(const char *dir, const char *daemon, const char *suffix)
{
    g_autofree char *base = NULL;

    if (!check_name("daemon", daemon))
        return NULL;

    base = g_strconcat(daemon, suffix, NULL);
    return g_build_filename(dir, base, NULL);
}

char *
mv_paths_socket(const MvPaths *paths, const char *daemon, bool read_only)
{
    return daemon_file(paths->run_dir, daemon, read_only ? "-sock-ro" : "-sock");
}

char *
mv_paths_config_file(const MvPaths *paths, const char *daemon)
{
    return daemon_file(paths->config_dir, daemon, ".conf");
}

char *
mv_paths_pid_file(const MvPaths *paths, const char *daemon)
{
    return daemon_file(paths->run_dir, daemon, ".pid");
}

static char *
driver_dir(const char *dir, const char *subsystem)
{
    if (!check_name("subsystem", subsystem))
        return NULL;

    return g_build_filename(dir, subsystem, NULL);
}

char *
mv_paths_driver_state_dir(const MvPaths *paths, const char *subsystem)
{
    return driver_dir(paths->state_dir, subsystem);
}

char *
mv_paths_driver_run_dir(const MvPaths *paths, const char *subsystem)
{
    return driver_dir(paths->run_dir, subsystem);
}

char *
mv_paths_driver_cache_dir(const MvPaths *paths, const char *subsystem)
{
    return driver_dir(paths->cache_dir, subsystem);
}

char *
mv_paths_driver_config_dir(const MvPaths *paths, const char *subsystem)
{
    return driver_dir(paths->config_dir, subsystem);
}
