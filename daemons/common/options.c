/* Command-line options every modvirt daemon takes: GOptionContext, values checked. */
#define MV_LOG_MODULE "daemon.options"
#define MV_FROM_THIS VIR_FROM_NONE

#include "options.h"

#include "util/error.h"
#include "util/log.h"

void
mv_daemon_options_free(MvDaemonOptions *opts)
{
    if (!opts)
        return;
    g_free(opts->root);
    g_free(opts->config);
    g_free(opts);
}

static gboolean
parse_timeout(const char *option_name, const char *value, gpointer data, GError **error)
{
    MvDaemonOptions *opts = data;
    guint64 secs = 0;

    /* G_OPTION_ARG_INT would take "-5" and wrap around; a callback lets the
     * message name the option, the value and what is allowed. */
    if (!g_ascii_string_to_unsigned(value, 10, 0, G_MAXINT, &secs, NULL)) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "%s: '%s' is not a number of seconds (0 to %d)",
                    option_name, value, G_MAXINT);
        return FALSE;
    }
    opts->timeout = (unsigned int) secs;
    return TRUE;
}

MvDaemonOptions *
mv_daemon_options_parse(const char *program, const char *summary,
                        int argc, char **argv)
{
    g_autoptr(MvDaemonOptions) opts = g_new0(MvDaemonOptions, 1);
    g_autoptr(GOptionContext) ctx = NULL;
    g_autoptr(GOptionGroup) group = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autofree char *root = NULL;
    gboolean verbose = FALSE;   /* GLib writes a gboolean, wider than bool */
    gboolean version = FALSE;
    g_auto(GStrv) args = NULL;
    const GOptionEntry entries[] = {
        { "root", 'r', 0, G_OPTION_ARG_FILENAME, &root,
          "Keep every config, state, run and log path below DIR", "DIR" },
        { "config", 'f', 0, G_OPTION_ARG_FILENAME, &opts->config,
          "Read the configuration from FILE instead of the mode's default", "FILE" },
        { "timeout", 't', 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_timeout,
          "Exit after SECS seconds with no clients and no running objects (0: never)", "SECS" },
        { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
          "Log informational messages", NULL },
        { "version", 'V', 0, G_OPTION_ARG_NONE, &version,
          "Print the version and exit", NULL },
        { NULL },
    };

    ctx = g_option_context_new(NULL);
    g_option_context_set_summary(ctx, summary);
    g_option_context_set_help_enabled(ctx, TRUE);
    group = g_option_group_new(program, summary, "daemon options", opts, NULL);
    g_option_group_add_entries(group, entries);
    g_option_context_set_main_group(ctx, g_steal_pointer(&group));

    /* Parse a copy: GLib removes what it consumed, and argv belongs to main. */
    args = g_new0(char *, argc + 1);
    for (int i = 0; i < argc; i++)
        args[i] = g_strdup(argv[i]);

    if (!g_option_context_parse_strv(ctx, &args, &gerr)) {
        mv_report_error(VIR_ERR_INVALID_ARG, "%s", gerr->message);
        return NULL;
    }
    opts->verbose = verbose;
    opts->version = version;

    if (g_strv_length(args) > 1) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unexpected argument '%s'", args[1]);
        return NULL;
    }

    if (root) {
        if (!*root) {
            mv_report_error(VIR_ERR_INVALID_ARG, "--root: the directory name is empty");
            return NULL;
        }
        opts->root = g_canonicalize_filename(root, NULL);
    }
    if (opts->config && !*opts->config) {
        mv_report_error(VIR_ERR_INVALID_ARG, "--config: the file name is empty");
        return NULL;
    }

    return g_steal_pointer(&opts);
}
