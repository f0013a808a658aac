/* Command-line options every modvirt daemon takes. */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef struct {
    char *root;             /* --root DIR, made absolute; NULL when not given */
    char *config;           /* --config FILE; NULL for the mode's default */
    unsigned int timeout;   /* --timeout SECS: idle exit; 0 = never */
    bool verbose;           /* --verbose: info messages at least */
    bool version;           /* --version: print and exit */
} MvDaemonOptions;

void mv_daemon_options_free(MvDaemonOptions *opts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDaemonOptions, mv_daemon_options_free)

/* Parses argv for the daemon called program ("modvirt-qemud"). --help is
 * printed by GLib, which exits 0. A bad option, a bad value or a stray
 * argument is reported as VIR_ERR_INVALID_ARG naming it; the caller exits 2. */
MvDaemonOptions *mv_daemon_options_parse(const char *program, const char *summary,
                                         int argc, char **argv);
