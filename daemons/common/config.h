/* A daemon's config file (<name>.conf): the keys every daemon knows, checked, with their defaults. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include "auth.h"
#include "util/conffile.h"

typedef struct {
    char *path;                 /* the file read; the file may be missing */
    int log_level;              /* 1 (debug) .. 4 (error); 0 when not set */
    char *log_filters;          /* libvirt's log_filters syntax; NULL when not set */
    char *log_outputs;          /* libvirt's log_outputs syntax; NULL when not set */
    char *unix_sock_group;      /* group owning the sockets; NULL: the daemon's */
    mode_t unix_sock_ro_perms;  /* default 0666 */
    mode_t unix_sock_rw_perms;  /* default 0777 with polkit on it, else 0600 */
    MvDaemonAuth auth_unix_rw;  /* default polkit for a system daemon, else none */
    MvDaemonAuth auth_unix_ro;  /* default none */
    unsigned int max_clients;   /* default 5000 */
    MvConfFile *conf;           /* the parsed file, for a driver's own keys */
} MvDaemonConfig;

void mv_daemon_config_free(MvDaemonConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDaemonConfig, mv_daemon_config_free)

/* Reads and checks path: a syntax error, a key that is neither a common one
 * nor in driver_keys (NULL-terminated, may be NULL), or a bad value fails
 * with VIR_ERR_CONF_SYNTAX naming the file (and the line, where the reader
 * knows it). A missing file gives the defaults when allow_missing; those
 * of a system daemon (privileged) are libvirt's system daemons' own. */
MvDaemonConfig *mv_daemon_config_load(const char *path, bool allow_missing, bool privileged,
                                      const char *const *driver_keys);

/* Sets the log priority, filters and outputs from cfg, then lets the
 * MODVIRT_LOG_* environment override them; verbose raises the priority to
 * info at least. Returns -1 (reported) when a part could not be applied. */
int mv_daemon_config_apply_logging(const MvDaemonConfig *cfg, bool verbose);

/* The group id for unix_sock_group, or (gid_t) -1 when not set. Reports
 * VIR_ERR_CONFIG_UNSUPPORTED naming the file and the group when unknown. */
int mv_daemon_config_sock_gid(const MvDaemonConfig *cfg, gid_t *ret_gid);
