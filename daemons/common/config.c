/* A daemon's config file: the common keys, their defaults and checks, and how logging follows them. */
#define MV_LOG_MODULE "daemon.config"
#define MV_FROM_THIS VIR_FROM_CONF

#include "config.h"

#include <grp.h>

#include "util/error.h"
#include "util/log.h"

#define DEFAULT_MAX_CLIENTS 5000
#define MAX_MAX_CLIENTS 100000

static const char *const common_keys[] = {
    "log_level",
    "log_filters",
    "log_outputs",
    "unix_sock_group",
    "unix_sock_ro_perms",
    "unix_sock_rw_perms",
    "max_clients",
    "auth_unix_rw",
    "auth_unix_ro",
    NULL,
};

void
mv_daemon_config_free(MvDaemonConfig *cfg)
{
    if (!cfg)
        return;
    g_free(cfg->path);
    g_free(cfg->log_filters);
    g_free(cfg->log_outputs);
    g_free(cfg->unix_sock_group);
    mv_conf_file_free(cfg->conf);
    g_free(cfg);
}

static int
check_keys(MvConfFile *conf, const char *const *driver_keys)
{
    g_autoptr(GPtrArray) known = g_ptr_array_new();

    for (size_t i = 0; common_keys[i]; i++)
        g_ptr_array_add(known, (gpointer) common_keys[i]);
    for (size_t i = 0; driver_keys && driver_keys[i]; i++)
        g_ptr_array_add(known, (gpointer) driver_keys[i]);
    g_ptr_array_add(known, NULL);

    return mv_conf_file_check_keys(conf, (const char *const *) known->pdata);
}

/* Permissions are written as libvirtd.conf writes them: an octal string, "0660". */
static int
read_perms(MvDaemonConfig *cfg, const char *key, mode_t *ret_mode)
{
    g_autofree char *text = NULL;
    guint64 mode = 0;
    int rc;

    if ((rc = mv_conf_file_get_string(cfg->conf, key, &text)) <= 0)
        return rc;

    if (!g_ascii_string_to_unsigned(text, 8, 0, 0777, &mode, NULL)) {
        mv_report_error(VIR_ERR_CONF_SYNTAX,
                        "%s: %s = \"%s\" is not an octal mode between \"0000\" and \"0777\"",
                        cfg->path, key, text);
        return -1;
    }
    *ret_mode = (mode_t) mode;
    return 0;
}

/* libvirt's spelling: "none" or "polkit" ("sasl" is not served). */
static int
read_auth(MvDaemonConfig *cfg, const char *key, MvDaemonAuth *ret_auth)
{
    g_autofree char *text = NULL;
    int auth;
    int rc;

    if ((rc = mv_conf_file_get_string(cfg->conf, key, &text)) <= 0)
        return rc;

    if ((auth = mv_daemon_auth_from_string(text)) < 0) {
        mv_report_error(VIR_ERR_CONF_SYNTAX,
                        "%s: %s = \"%s\" is not an auth method: use \"none\" or \"polkit\"",
                        cfg->path, key, text);
        return -1;
    }
    *ret_auth = (MvDaemonAuth) auth;
    return 0;
}

static int
read_values(MvDaemonConfig *cfg)
{
    int64_t num = 0;
    int rc;

    if ((rc = mv_conf_file_get_int(cfg->conf, "log_level", &num)) < 0)
        return -1;
    if (rc > 0) {
        if (num < MV_LOG_DEBUG || num > MV_LOG_ERROR) {
            mv_report_error(VIR_ERR_CONF_SYNTAX,
                            "%s: log_level = %lld is out of range 1 (debug) to 4 (error)",
                            cfg->path, (long long) num);
            return -1;
        }
        cfg->log_level = (int) num;
    }

    if (mv_conf_file_get_string(cfg->conf, "log_filters", &cfg->log_filters) < 0 ||
        mv_conf_file_get_string(cfg->conf, "log_outputs", &cfg->log_outputs) < 0 ||
        mv_conf_file_get_string(cfg->conf, "unix_sock_group", &cfg->unix_sock_group) < 0)
        return -1;

    if (read_auth(cfg, "auth_unix_rw", &cfg->auth_unix_rw) < 0 ||
        read_auth(cfg, "auth_unix_ro", &cfg->auth_unix_ro) < 0)
        return -1;
    /* As libvirt: with polkit deciding, anyone may connect to ask it. */
    if (cfg->auth_unix_rw == MV_DAEMON_AUTH_POLKIT)
        cfg->unix_sock_rw_perms = 0777;

    if (read_perms(cfg, "unix_sock_ro_perms", &cfg->unix_sock_ro_perms) < 0 ||
        read_perms(cfg, "unix_sock_rw_perms", &cfg->unix_sock_rw_perms) < 0)
        return -1;

    if ((rc = mv_conf_file_get_int(cfg->conf, "max_clients", &num)) < 0)
        return -1;
    if (rc > 0) {
        if (num < 1 || num > MAX_MAX_CLIENTS) {
            mv_report_error(VIR_ERR_CONF_SYNTAX,
                            "%s: max_clients = %lld is out of range 1 to %d",
                            cfg->path, (long long) num, MAX_MAX_CLIENTS);
            return -1;
        }
        cfg->max_clients = (unsigned int) num;
    }

    return 0;
}

MvDaemonConfig *
mv_daemon_config_load(const char *path, bool allow_missing, bool privileged,
                      const char *const *driver_keys)
{
    g_autoptr(MvDaemonConfig) cfg = g_new0(MvDaemonConfig, 1);

    cfg->path = g_strdup(path);
    cfg->unix_sock_ro_perms = 0666;
    cfg->unix_sock_rw_perms = 0600;
    cfg->max_clients = DEFAULT_MAX_CLIENTS;
    cfg->auth_unix_rw = privileged ? MV_DAEMON_AUTH_POLKIT : MV_DAEMON_AUTH_NONE;
    cfg->auth_unix_ro = MV_DAEMON_AUTH_NONE;

    if (!(cfg->conf = mv_conf_file_read(path, allow_missing)))
        return NULL;

    if (check_keys(cfg->conf, driver_keys) < 0)
        return NULL;

    if (read_values(cfg) < 0)
        return NULL;

    if (cfg->unix_sock_group) {
        gid_t gid;

        if (mv_daemon_config_sock_gid(cfg, &gid) < 0)
            return NULL;
    }

    MV_DEBUG("config '%s': log_level=%d max_clients=%u rw=%04o (auth %s) ro=%04o (auth %s)",
             path, cfg->log_level, cfg->max_clients,
             (unsigned int) cfg->unix_sock_rw_perms, mv_daemon_auth_to_string(cfg->auth_unix_rw),
             (unsigned int) cfg->unix_sock_ro_perms, mv_daemon_auth_to_string(cfg->auth_unix_ro));
    return g_steal_pointer(&cfg);
}

int
mv_daemon_config_sock_gid(const MvDaemonConfig *cfg, gid_t *ret_gid)
{
    struct group *grp;

    if (!cfg->unix_sock_group) {
        *ret_gid = (gid_t) -1;
        return 0;
    }

    if (!(grp = getgrnam(cfg->unix_sock_group))) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "%s: unix_sock_group = \"%s\" is not a group on this host",
                        cfg->path, cfg->unix_sock_group);
        return -1;
    }
    *ret_gid = grp->gr_gid;
    return 0;
}

int
mv_daemon_config_apply_logging(const MvDaemonConfig *cfg, bool verbose)
{
    MvLogPriority prio = cfg->log_level ? (MvLogPriority) cfg->log_level : MV_LOG_WARN;
    int ret = 0;

    mv_log_set_default_priority(prio);
    if (mv_log_set_filters(cfg->log_filters ? cfg->log_filters : "") < 0)
        ret = -1;
    if (mv_log_set_outputs(cfg->log_outputs ? cfg->log_outputs : "") < 0)
        ret = -1;
    if (mv_log_setup_from_env() < 0)
        ret = -1;

    if (verbose && mv_log_get_default_priority() > MV_LOG_INFO)
        mv_log_set_default_priority(MV_LOG_INFO);

    return ret;
}
