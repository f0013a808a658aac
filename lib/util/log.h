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

/* True when a message of this priority from this module would be written. */
bool mv_log_would_log(MvLogPriority prio, const char *module);
