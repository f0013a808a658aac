/* Logging: priorities, per-module filters and outputs, in libvirt's log_filters / log_outputs syntax. */
#define MV_LOG_MODULE "util.log"
#define MV_FROM_THIS VIR_FROM_NONE

#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* We pass the caller's location, not this file's. */
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>

#include "enum.h"
#include "error.h"

typedef struct {
    int priority;
    char *match;
} LogFilter;

typedef enum {
    LOG_OUTPUT_STDERR,
    LOG_OUTPUT_FILE,
    LOG_OUTPUT_JOURNALD,
    LOG_OUTPUT_SYSLOG,
    LOG_OUTPUT_LAST,
} LogOutputKind;

static const char *const log_output_kind_names[] = {
    "stderr", "file", "journald", "syslog",
};
G_STATIC_ASSERT(G_N_ELEMENTS(log_output_kind_names) == LOG_OUTPUT_LAST);

typedef struct {
    LogOutputKind kind;
    int priority;
    char *path;     /* LOG_OUTPUT_FILE */
    int fd;         /* LOG_OUTPUT_FILE: owned; -1 otherwise */
} LogOutput;

/* With no outputs configured, stderr takes whatever the filters and the
 * default priority let through, so that raising the default priority or
 * adding a filter is enough to see more. */
static const LogOutput default_output = { LOG_OUTPUT_STDERR, MV_LOG_DEBUG, NULL, -1 };

typedef struct {
    int default_priority;
    GPtrArray *filters;     /* LogFilter; NULL: none */
    GPtrArray *outputs;     /* LogOutput; NULL: default_output */
} LogConfig;

/* Every message reads log_config under log_lock's reader side; a change
 * swaps it under the writer side, so a file is never closed under a writer.
 * config_lock serializes the changes themselves: they parse, open files and
 * report errors (which logs) without holding log_lock. */
static GRWLock log_lock;
static GMutex config_lock;
static LogConfig log_config = { MV_LOG_WARN, NULL, NULL };

/* The lowest priority any message can be written at: a lock-free early
 * exit for the debug messages nobody asked for. */
static int log_threshold = MV_LOG_WARN;

static void
log_filter_free(LogFilter *filter)
{
    g_free(filter->match);
    g_free(filter);
}

static void
log_output_free(LogOutput *output)
{
    if (output->fd >= 0)
        close(output->fd);
    g_free(output->path);
    g_free(output);
}

static GPtrArray *
ref_or_null(GPtrArray *array)
{
    return array ? g_ptr_array_ref(array) : NULL;
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

static int
journal_priority(MvLogPriority prio)
{
    switch (prio) {
    case MV_LOG_DEBUG: return 7;
    case MV_LOG_INFO: return 6;
    case MV_LOG_WARN: return 4;
    case MV_LOG_ERROR: return 3;
    }
    return 3;
}

/* Called with log_lock held for writing. */
static void
update_threshold(void)
{
    int lowest = log_config.default_priority;
    int output_lowest = default_output.priority;
    guint i;

    for (i = 0; log_config.filters && i < log_config.filters->len; i++) {
        LogFilter *filter = g_ptr_array_index(log_config.filters, i);

        lowest = MIN(lowest, filter->priority);
    }

    if (log_config.outputs) {
        output_lowest = G_MAXINT;
        for (i = 0; i < log_config.outputs->len; i++) {
            LogOutput *output = g_ptr_array_index(log_config.outputs, i);

            output_lowest = MIN(output_lowest, output->priority);
        }
    }

    g_atomic_int_set(&log_threshold, MAX(lowest, output_lowest));
}

/* Takes ownership of filters and outputs. Called with config_lock held. */
static void
install_config(int default_priority, GPtrArray *filters, GPtrArray *outputs)
{
    GPtrArray *old_filters;
    GPtrArray *old_outputs;

    g_rw_lock_writer_lock(&log_lock);
    old_filters = log_config.filters;
    old_outputs = log_config.outputs;
    log_config.default_priority = default_priority;
    log_config.filters = filters;
    log_config.outputs = outputs;
    update_threshold();
    g_rw_lock_writer_unlock(&log_lock);

    if (old_filters)
        g_ptr_array_unref(old_filters);
    if (old_outputs)
        g_ptr_array_unref(old_outputs);
}

/* Called with log_lock held for reading. */
static int
module_priority(const char *module)
{
    guint i;

    for (i = 0; log_config.filters && i < log_config.filters->len; i++) {
        LogFilter *filter = g_ptr_array_index(log_config.filters, i);

        if (strstr(module, filter->match))
            return filter->priority;
    }
    return log_config.default_priority;
}

static guint
output_count(void)
{
    return log_config.outputs ? log_config.outputs->len : 1;
}

static const LogOutput *
output_at(guint i)
{
    return log_config.outputs ? g_ptr_array_index(log_config.outputs, i) : &default_output;
}

/* Called with log_lock held for reading. */
static bool
would_log_locked(MvLogPriority prio, const char *module)
{
    guint i;

    if ((int) prio < module_priority(module))
        return false;

    for (i = 0; i < output_count(); i++) {
        if ((int) prio >= output_at(i)->priority)
            return true;
    }
    return false;
}

static char *
format_line(MvLogPriority prio, const char *module, const char *text)
{
    gint64 now = g_get_real_time();
    time_t secs = (time_t) (now / G_USEC_PER_SEC);
    struct tm tm;
    char stamp[32];

    gmtime_r(&secs, &tm);
    strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);

    return g_strdup_printf("%s.%03d+0000: %d: %s : %s : %s\n",
                           stamp, (int) (now % G_USEC_PER_SEC / 1000),
                           (int) getpid(), priority_name(prio), module, text);
}

/* One write() per line, so that lines from concurrent writers (threads,
 * or processes sharing an O_APPEND file) never interleave. Failures are
 * dropped: there is nowhere left to report them. */
static void
write_line(int fd, const char *line, size_t len)
{
    while (len > 0) {
        ssize_t done = write(fd, line, len);

        if (done < 0 && errno == EINTR)
            continue;
        if (done <= 0)
            return;
        line += done;
        len -= (size_t) done;
    }
}

static void
write_journal(MvLogPriority prio, const char *module, const char *file,
              int line, const char *func, const char *text)
{
    /* The journal socket is a datagram socket: with no journald listening,
     * the send fails at once instead of waiting. */
    sd_journal_send("MESSAGE=%s", text,
                    "PRIORITY=%d", journal_priority(prio),
                    "MODVIRT_MODULE=%s", module,
                    "CODE_FILE=%s", file ? file : "",
                    "CODE_LINE=%d", line,
                    "CODE_FUNC=%s", func ? func : "",
                    NULL);
}

/* Called with log_lock held for reading. */
static G_GNUC_PRINTF(6, 0) void
write_outputs(MvLogPriority prio, const char *module, const char *file,
              int line, const char *func, const char *fmt, va_list ap)
{
    g_autofree char *text = g_strdup_vprintf(fmt, ap);
    g_autofree char *formatted = NULL;
    size_t formatted_len = 0;
    size_t text_len = strlen(text);
    guint i;

    while (text_len > 0 && text[text_len - 1] == '\n')
        text[--text_len] = '\0';

    for (i = 0; i < output_count(); i++) {
        const LogOutput *output = output_at(i);

        if ((int) prio < output->priority)
            continue;

        switch (output->kind) {
        case LOG_OUTPUT_STDERR:
        case LOG_OUTPUT_FILE:
            if (!formatted) {
                formatted = format_line(prio, module, text);
                formatted_len = strlen(formatted);
            }
            write_line(output->kind == LOG_OUTPUT_FILE ? output->fd : STDERR_FILENO,
                       formatted, formatted_len);
            break;
        case LOG_OUTPUT_JOURNALD:
            write_journal(prio, module, file, line, func, text);
            break;
        case LOG_OUTPUT_SYSLOG:
        case LOG_OUTPUT_LAST:
            break;
        }
    }
}

void
mv_log_message(MvLogPriority prio, const char *module,
               const char *file, int line, const char *func,
               const char *fmt, ...)
{
    va_list ap;
    int saved_errno = errno;

    if ((int) prio < g_atomic_int_get(&log_threshold))
        return;
    if (!module)
        module = "";

    g_rw_lock_reader_lock(&log_lock);
    if (would_log_locked(prio, module)) {
        va_start(ap, fmt);
        write_outputs(prio, module, file, line, func, fmt, ap);
        va_end(ap);
    }
    g_rw_lock_reader_unlock(&log_lock);
    errno = saved_errno;
}

bool
mv_log_would_log(MvLogPriority prio, const char *module)
{
    bool ret;

    if ((int) prio < g_atomic_int_get(&log_threshold))
        return false;

    g_rw_lock_reader_lock(&log_lock);
    ret = would_log_locked(prio, module ? module : "");
    g_rw_lock_reader_unlock(&log_lock);
    return ret;
}

void
mv_log_set_default_priority(MvLogPriority prio)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&config_lock);

    install_config(prio, ref_or_null(log_config.filters),
                   ref_or_null(log_config.outputs));
}

MvLogPriority
mv_log_get_default_priority(void)
{
    MvLogPriority prio;

    g_rw_lock_reader_lock(&log_lock);
    prio = log_config.default_priority;
    g_rw_lock_reader_unlock(&log_lock);
    return prio;
}

/* "P:rest" with P from 1 to 4. */
static bool
split_priority(const char *item, int *ret_priority, const char **ret_rest)
{
    if (item[0] < '1' || item[0] > '4' || item[1] != ':')
        return false;

    *ret_priority = item[0] - '0';
    *ret_rest = item + 2;
    return true;
}

static char **
split_items(const char *spec)
{
    return g_strsplit_set(spec ? spec : "", " \t\n", -1);
}

/* Sets *ret_filters to NULL when spec has no filter. */
static int
parse_filters(const char *spec, GPtrArray **ret_filters)
{
    g_autoptr(GPtrArray) filters = g_ptr_array_new_with_free_func((GDestroyNotify) log_filter_free);
    g_auto(GStrv) items = split_items(spec);
    size_t i;

    for (i = 0; items[i]; i++) {
        LogFilter *filter;
        const char *item = items[i];
        const char *match;
        int priority;

        if (!*item)
            continue;

        /* libvirt's old stack-trace flag, written "2:+rpc" or "+2:rpc":
         * accepted, no effect. */
        if (*item == '+')
            item++;

        if (!split_priority(item, &priority, &match)) {
            mv_report_error(VIR_ERR_CONF_SYNTAX,
                            "log filter '%s' does not start with a priority from 1 to 4 and ':'",
                            items[i]);
            return -1;
        }

        if (*match == '+')
            match++;

        if (!*match) {
            mv_report_error(VIR_ERR_CONF_SYNTAX,
                            "log filter '%s' names no module", items[i]);
            return -1;
        }

        filter = g_new0(LogFilter, 1);
        filter->priority = priority;
        filter->match = g_strdup(match);
        g_ptr_array_add(filters, filter);
    }

    *ret_filters = filters->len ? g_steal_pointer(&filters) : NULL;
    return 0;
}

static int
open_log_file(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);

    if (fd < 0)
        mv_report_system_error(errno, "cannot open log file '%s'", path);
    return fd;
}

static LogOutput *
parse_output(const char *item)
{
    LogOutput *output;
    g_autofree char *kind_name = NULL;
    const char *rest;
    const char *arg;
    int priority;
    int kind;

    if (!split_priority(item, &priority, &rest)) {
        mv_report_error(VIR_ERR_CONF_SYNTAX,
                        "log output '%s' does not start with a priority from 1 to 4 and ':'",
                        item);
        return NULL;
    }

    arg = strchr(rest, ':');
    kind_name = arg ? g_strndup(rest, arg - rest) : g_strdup(rest);
    if (arg)
        arg++;

    kind = mv_enum_from_string(log_output_kind_names, LOG_OUTPUT_LAST, kind_name);
    switch ((LogOutputKind) kind) {
    case LOG_OUTPUT_STDERR:
    case LOG_OUTPUT_JOURNALD:
        if (arg) {
            mv_report_error(VIR_ERR_CONF_SYNTAX,
                            "log output '%s': '%s' takes no argument", item, kind_name);
            return NULL;
        }
        break;
    case LOG_OUTPUT_FILE:
        if (!arg || !*arg) {
            mv_report_error(VIR_ERR_CONF_SYNTAX,
                            "log output '%s' needs a file path, as in 'P:file:PATH'", item);
            return NULL;
        }
        break;
    case LOG_OUTPUT_SYSLOG:
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "log output '%s': syslog is not supported, use journald or a file",
                        item);
        return NULL;
    case LOG_OUTPUT_LAST:
    default:
        mv_report_error(VIR_ERR_CONF_SYNTAX,
                        "log output '%s' has unknown destination '%s' (stderr, file or journald)",
                        item, kind_name);
        return NULL;
    }

    output = g_new0(LogOutput, 1);
    output->kind = kind;
    output->priority = priority;
    output->fd = -1;
    if (kind == LOG_OUTPUT_FILE) {
        output->path = g_strdup(arg);
        output->fd = open_log_file(output->path);
        if (output->fd < 0) {
            log_output_free(output);
            return NULL;
        }
    }
    return output;
}

/* Sets *ret_outputs to NULL (the default output) when spec has no output. */
static int
parse_outputs(const char *spec, GPtrArray **ret_outputs)
{
    g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func((GDestroyNotify) log_output_free);
    g_auto(GStrv) items = split_items(spec);
    size_t i;

    for (i = 0; items[i]; i++) {
        LogOutput *output;

        if (!*items[i])
            continue;

        if (!(output = parse_output(items[i])))
            return -1;

        g_ptr_array_add(outputs, output);
    }

    *ret_outputs = outputs->len ? g_steal_pointer(&outputs) : NULL;
    return 0;
}

int
mv_log_set_filters(const char *spec)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&config_lock);
    GPtrArray *filters = NULL;

    if (parse_filters(spec, &filters) < 0)
        return -1;

    install_config(log_config.default_priority, filters,
                   ref_or_null(log_config.outputs));
    return 0;
}

int
mv_log_set_outputs(const char *spec)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&config_lock);
    GPtrArray *outputs = NULL;

    if (parse_outputs(spec, &outputs) < 0)
        return -1;

    install_config(log_config.default_priority,
                   ref_or_null(log_config.filters), outputs);
    return 0;
}

static int
parse_level(const char *value, int *ret_priority)
{
    static const char *const names[] = { "debug", "info", "warn", "error" };
    int index;

    if (value[0] >= '1' && value[0] <= '4' && value[1] == '\0') {
        *ret_priority = value[0] - '0';
        return 0;
    }

    if ((index = mv_enum_from_string(names, G_N_ELEMENTS(names), value)) >= 0) {
        *ret_priority = MV_LOG_DEBUG + index;
        return 0;
    }

    mv_report_error(VIR_ERR_INVALID_ARG,
                    "MODVIRT_LOG_LEVEL '%s' is not a log priority (1 to 4, or debug, info, warn, error)",
                    value);
    return -1;
}

int
mv_log_setup_from_env(void)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&config_lock);
    const char *level = g_getenv("MODVIRT_LOG_LEVEL");
    const char *filters_spec = g_getenv("MODVIRT_LOG_FILTERS");
    const char *outputs_spec = g_getenv("MODVIRT_LOG_OUTPUTS");
    g_autoptr(GPtrArray) filters = ref_or_null(log_config.filters);
    g_autoptr(GPtrArray) outputs = ref_or_null(log_config.outputs);
    int priority = log_config.default_priority;

    if (level && *level && parse_level(level, &priority) < 0)
        return -1;

    if (filters_spec && *filters_spec) {
        g_clear_pointer(&filters, g_ptr_array_unref);
        if (parse_filters(filters_spec, &filters) < 0)
            return -1;
    }

    if (outputs_spec && *outputs_spec) {
        g_clear_pointer(&outputs, g_ptr_array_unref);
        if (parse_outputs(outputs_spec, &outputs) < 0)
            return -1;
    }

    install_config(priority, g_steal_pointer(&filters), g_steal_pointer(&outputs));
    return 0;
}

int
mv_log_reopen(void)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&config_lock);
    g_autoptr(GPtrArray) outputs = NULL;
    guint i;

    if (!log_config.outputs)
        return 0;

    outputs = g_ptr_array_new_with_free_func((GDestroyNotify) log_output_free);
    for (i = 0; i < log_config.outputs->len; i++) {
        const LogOutput *old = g_ptr_array_index(log_config.outputs, i);
        LogOutput *output = g_new0(LogOutput, 1);

        output->kind = old->kind;
        output->priority = old->priority;
        output->path = g_strdup(old->path);
        output->fd = -1;
        g_ptr_array_add(outputs, output);

        if (output->kind == LOG_OUTPUT_FILE &&
            (output->fd = open_log_file(output->path)) < 0)
            return -1;
    }

    install_config(log_config.default_priority,
                   ref_or_null(log_config.filters), g_steal_pointer(&outputs));
    return 0;
}

void
mv_log_reset(void)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&config_lock);

    install_config(MV_LOG_WARN, NULL, NULL);
}
