/* Logging: priorities, per-module filters and outputs, in libvirt's log_filters / log_outputs syntax. */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef enum {
    MV_LOG_DEBUG = 1,
    MV_LOG_INFO = 2,
    MV_LOG_WARN = 3,
    MV_LOG_ERROR = 4,
} MvLogPriority;

/* Each .c file names its module before including any header:
 *   #define MV_LOG_MODULE "util.file" */
#ifndef MV_LOG_MODULE
# define MV_LOG_MODULE "modvirt"
#endif

/* Never reports errors (error reporting logs through here): a message that
 * cannot be written is dropped. Safe to call from any thread. */
void mv_log_message(MvLogPriority prio, const char *module,
                    const char *file, int line, const char *func,
                    const char *fmt, ...) G_GNUC_PRINTF(6, 7);

#define MV_LOG_AT(prio, ...) \
    mv_log_message((prio), MV_LOG_MODULE, __FILE__, __LINE__, __func__, __VA_ARGS__)
#define MV_DEBUG(...) MV_LOG_AT(MV_LOG_DEBUG, __VA_ARGS__)
#define MV_INFO(...) MV_LOG_AT(MV_LOG_INFO, __VA_ARGS__)
#define MV_WARN(...) MV_LOG_AT(MV_LOG_WARN, __VA_ARGS__)
#define MV_ERROR(...) MV_LOG_AT(MV_LOG_ERROR, __VA_ARGS__)

/* Messages below this priority are dropped unless a filter lets them through. */
void mv_log_set_default_priority(MvLogPriority prio);
MvLogPriority mv_log_get_default_priority(void);

/* True when a message of this priority from this module would be written
 * by at least one output. */
bool mv_log_would_log(MvLogPriority prio, const char *module);

/* Replaces the filters: space-separated "P:match" items, P from 1 (debug)
 * to 4 (error). A message whose module contains match is kept when its
 * priority is at least P (the first matching filter decides); other
 * messages use the default priority. A '+' before P or match ("+2:rpc",
 * "2:+rpc": libvirt's old stack-trace flag) is accepted and ignored.
 * "" removes every filter.
 * On error (VIR_ERR_CONF_SYNTAX naming the bad item) nothing changes. */
int mv_log_set_filters(const char *spec);

/* Replaces the outputs: space-separated "P:stderr", "P:file:PATH" and
 * "P:journald" items, each writing messages of priority P and above that
 * passed the filters. "" restores the default output (stderr, writing
 * whatever passes the filters). Files are opened O_APPEND, created 0600.
 * "P:syslog:NAME" is refused (VIR_ERR_CONFIG_UNSUPPORTED); syntax errors
 * give VIR_ERR_CONF_SYNTAX naming the bad item. On error nothing changes. */
int mv_log_set_outputs(const char *spec);

/* Reads MODVIRT_LOG_LEVEL (1-4, or debug/info/warn/error),
 * MODVIRT_LOG_FILTERS and MODVIRT_LOG_OUTPUTS; unset or empty variables
 * leave that part as it is. All three are checked before any is applied:
 * on error nothing changes. */
int mv_log_setup_from_env(void);

/* Reopens every file output (after log rotation; daemons call it on
 * SIGHUP). When a file cannot be reopened, the old files stay in use. */
int mv_log_reopen(void);

/* Back to the defaults: no filters, warnings and above to stderr. */
void mv_log_reset(void);
