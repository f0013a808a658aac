/* Host paths: every directory and socket a daemon or client uses, in system, session or --root mode. */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef enum {
    MV_PATHS_SYSTEM,    /* root: /etc/modvirt, /var/lib/modvirt, /run/modvirt, ... */
    MV_PATHS_SESSION,   /* a user's XDG config, data, runtime and cache dirs */
    MV_PATHS_ROOT,      /* --root DIR: the system layout below DIR */
    MV_PATHS_MODE_LAST,
} MvPathsMode;

typedef struct {
    MvPathsMode mode;
    char *root;         /* MV_PATHS_ROOT only */
    char *config_dir;   /* /etc/modvirt */
    char *state_dir;    /* /var/lib/modvirt */
    char *run_dir;      /* /run/modvirt */
    char *cache_dir;    /* /var/cache/modvirt */
    char *log_dir;      /* /var/log/modvirt */
} MvPaths;

/* root is used only with MV_PATHS_ROOT, and must be absolute
 * (VIR_ERR_INVALID_ARG otherwise). Session mode uses g_get_user_*_dir(). */
MvPaths *mv_paths_new(MvPathsMode mode, const char *root);
void mv_paths_free(MvPaths *paths);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvPaths, mv_paths_free)

/* Creates every directory (0755 system/root, 0700 session run dir). */
int mv_paths_ensure(const MvPaths *paths);

/* run_dir/<daemon>-sock and run_dir/<daemon>-sock-ro; caller frees. */
char *mv_paths_socket(const MvPaths *paths, const char *daemon, bool read_only);
/* config_dir/<daemon>.conf */
char *mv_paths_config_file(const MvPaths *paths, const char *daemon);
/* run_dir/<daemon>.pid */
char *mv_paths_pid_file(const MvPaths *paths, const char *daemon);
/* state_dir/<subsystem>, run_dir/<subsystem>, cache_dir/<subsystem>,
 * config_dir/<subsystem> (e.g. "qemu"): where a driver keeps its files. */
char *mv_paths_driver_state_dir(const MvPaths *paths, const char *subsystem);
char *mv_paths_driver_run_dir(const MvPaths *paths, const char *subsystem);
char *mv_paths_driver_cache_dir(const MvPaths *paths, const char *subsystem);
char *mv_paths_driver_config_dir(const MvPaths *paths, const char *subsystem);
