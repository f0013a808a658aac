/* Starting and stopping a guest's QEMU: run dir, log, spawn, monitor, and the state changes QMP events bring. */
#define MV_LOG_MODULE "qemu.process"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qemu_command.h"
#include "qemu_console.h"
#include "qemu_hostdev.h"
#include "qemu_hotplug.h"
#include "qemu_interface.h"
#include "qemu_postparse_alias.h"
#include "qemu_status.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

#define POLL_INTERVAL_US 10000

/* What a monitor's callbacks know: the guest and which of its runs. */
typedef struct {
    MvQemuDriver *driver;
    MvQemuDomainObj *obj;
    guint64 run;
} MonitorCtx;

static void
monitor_ctx_free(gpointer data)
{
    MonitorCtx *ctx = data;

    mv_qemu_domain_obj_unref(ctx->obj);
    g_free(ctx);
}

static gboolean
hold_on_main(gpointer data)
{
    MvDaemon *daemon = data;

    mv_daemon_hold(daemon);
    return G_SOURCE_REMOVE;
}

static gboolean
release_on_main(gpointer data)
{
    MvDaemon *daemon = data;

    mv_daemon_release(daemon);
    return G_SOURCE_REMOVE;
}

void
mv_qemu_process_hold_daemon(MvQemuDriver *driver, bool hold)
{
    g_main_context_invoke(NULL, hold ? hold_on_main : release_on_main, driver->daemon);
}

static bool
proc_is_zombie(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/stat", (int) pid);
    g_autofree char *text = NULL;
    const char *close_paren;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return true;
    close_paren = strrchr(text, ')');
    return close_paren && close_paren[1] == ' ' && (close_paren[2] == 'Z' || close_paren[2] == 'X');
}

bool
mv_qemu_process_is_gone(pid_t pid)
{
    pid_t got;

    do {
        got = waitpid(pid, NULL, WNOHANG);
    } while (got < 0 && errno == EINTR);
    if (got == pid)
        return true;
    if (got == 0)
        return false;
    /* Not our child (a QEMU found again after a daemon restart). */
    if (kill(pid, 0) < 0 && errno == ESRCH)
        return true;
    return proc_is_zombie(pid);
}

static bool
wait_gone(pid_t pid, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

    while (!mv_qemu_process_is_gone(pid)) {
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(POLL_INTERVAL_US);
    }
    return true;
}

int
mv_qemu_process_kill(pid_t pid)
{
    if (pid <= 0 || mv_qemu_process_is_gone(pid))
        return 0;

    /* A stopped QEMU cannot act on SIGTERM: wake it so that it can. */
    kill(pid, SIGTERM);
    kill(pid, SIGCONT);
    if (wait_gone(pid, MV_QEMU_PROCESS_TERM_WAIT_MS))
        return 0;

    MV_WARN("QEMU pid %d ignored SIGTERM for %d ms, killing it", (int) pid,
            MV_QEMU_PROCESS_TERM_WAIT_MS);
    kill(pid, SIGKILL);
    if (wait_gone(pid, MV_QEMU_PROCESS_KILL_WAIT_MS))
        return 0;

    mv_report_error(VIR_ERR_OPERATION_FAILED, "QEMU process %d did not exit after SIGKILL",
                    (int) pid);
    return -1;
}

static char *
guest_dir(MvQemuDriver *driver, const char *name)
{
    return mv_path_join_safe(driver->run_dir, name, true);
}

static char *
log_path(MvQemuDriver *driver, const char *name)
{
    g_autofree char *file = g_strdup_printf("%s.log", name);

    return mv_path_join_safe(driver->log_dir, file, true);
}

/* The last lines QEMU wrote to its log since offset. */
static char *
log_tail(const char *path, goffset offset)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    const char *start;
    int lines = 0;

    if (!g_file_get_contents(path, &text, &len, NULL) || (gsize) offset >= len)
        return g_strdup("");
    start = text + len;
    while (start > text + offset && start[-1] == '\n')
        start--;
    {
        const char *end = start;

        while (start > text + offset) {
            if (start[-1] == '\n' && ++lines == MV_QEMU_PROCESS_LOG_TAIL_LINES)
                break;
            start--;
        }
        return g_strndup(start, end - start);
    }
}

static void
emit(MvQemuDriver *driver, MvQemuDomainObj *obj, int id, int event, int detail)
{
    if (detail >= 0)
        mv_qemu_driver_emit_lifecycle(driver, obj, id, event, detail);
}

static void
set_state(MvQemuDomainObj *obj, int state, int reason)
{
    obj->state = state;
    obj->reason = reason;
}

static void
on_quit_reply(MvQemuMonitor *mon, JsonNode *ret, const MvError *err, void *opaque)
{
    if (err)
        MV_DEBUG("after the guest's shutdown: %s", err->message);
}

/* On the monitor's thread: never waits on QEMU. */
static void
on_monitor_event(MvQemuMonitor *mon, const char *event, JsonObject *data,
                 gint64 timestamp_us, void *opaque)
{
    MonitorCtx *ctx = opaque;
    MvQemuDomainObj *obj = ctx->obj;
    int ev = -1;
    int detail = -1;
    int id;
    bool quit = false;
    bool reset = false;

    if (strcmp(event, "DEVICE_DELETED") == 0) {
        mv_qemu_hotplug_device_deleted(ctx->driver, obj, ctx->run, data);
        return;
    }
    g_mutex_lock(&obj->lock);
    if (obj->run != ctx->run || !mv_qemu_domain_obj_is_active(obj)) {
        g_mutex_unlock(&obj->lock);
        return;
    }
    id = obj->id;
    MV_DEBUG("domain '%s': QMP event %s", obj->name, event);

    if (strcmp(event, "STOP") == 0 && obj->state == VIR_DOMAIN_RUNNING) {
        set_state(obj, VIR_DOMAIN_PAUSED, g_strcmp0(obj->job, "suspend") == 0 ?
                  VIR_DOMAIN_PAUSED_USER : VIR_DOMAIN_PAUSED_UNKNOWN);
        ev = VIR_DOMAIN_EVENT_SUSPENDED;
        detail = VIR_DOMAIN_EVENT_SUSPENDED_PAUSED;
    } else if (strcmp(event, "RESUME") == 0 && obj->state == VIR_DOMAIN_PAUSED &&
               g_strcmp0(obj->job, "start") != 0) {
        set_state(obj, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED);
        ev = VIR_DOMAIN_EVENT_RESUMED;
        detail = VIR_DOMAIN_EVENT_RESUMED_UNPAUSED;
    } else if (strcmp(event, "SHUTDOWN") == 0 && obj->fake_reboot) {
        /* A reboot through the power button: reset instead of quitting. */
        obj->fake_reboot = false;
        reset = true;
    } else if (strcmp(event, "SHUTDOWN") == 0 && obj->state != VIR_DOMAIN_SHUTDOWN) {
        bool guest = data && json_object_has_member(data, "guest") &&
            json_object_get_boolean_member(data, "guest");

        /* -no-shutdown keeps QEMU after the guest powered off; on_poweroff
         * 'destroy' (the default, and all this driver does) ends it. */
        set_state(obj, VIR_DOMAIN_SHUTDOWN, VIR_DOMAIN_SHUTDOWN_USER);
        ev = VIR_DOMAIN_EVENT_SHUTDOWN;
        detail = guest ? VIR_DOMAIN_EVENT_SHUTDOWN_GUEST : VIR_DOMAIN_EVENT_SHUTDOWN_HOST;
        quit = true;
    }
    if (ev >= 0)
        mv_qemu_status_write(ctx->driver, obj);
    g_mutex_unlock(&obj->lock);

    if (quit)
        mv_qemu_monitor_command_async(mon, "quit", NULL, 0, on_quit_reply, NULL);
    if (reset) {
        mv_qemu_monitor_command_async(mon, "system_reset", NULL, 0, on_quit_reply, NULL);
        mv_qemu_monitor_command_async(mon, "cont", NULL, 0, on_quit_reply, NULL);
    }
    emit(ctx->driver, obj, id, ev, detail);
}

typedef struct {
    MvQemuDriver *driver;
    MvQemuDomainObj *obj;
    guint64 run;
} EofJob;

/* QEMU hung up: wait (bounded) for it to exit, then shut the guest off,
 * unless a destroy or a new start got there first. */
static gpointer
eof_thread(gpointer data)
{
    g_autofree EofJob *job = data;
    g_autoptr(MvQemuDomainObj) obj = job->obj;
    pid_t pid;
    int reason;
    int detail;

    g_mutex_lock(&obj->lock);
    if (mv_qemu_domain_obj_begin_job(obj, "eof") < 0) {
        MV_WARN("domain '%s': %s", obj->name, mv_error_last_message());
        g_mutex_unlock(&obj->lock);
        return NULL;
    }
    if (obj->run != job->run || !mv_qemu_domain_obj_is_active(obj)) {
        mv_qemu_domain_obj_end_job(obj);
        g_mutex_unlock(&obj->lock);
        return NULL;
    }
    pid = obj->pid;
    if (obj->stopping) {
        reason = obj->stop_reason;
        detail = VIR_DOMAIN_EVENT_STOPPED_DESTROYED;
    } else if (obj->state == VIR_DOMAIN_SHUTDOWN) {
        reason = VIR_DOMAIN_SHUTOFF_SHUTDOWN;
        detail = VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN;
    } else {
        reason = VIR_DOMAIN_SHUTOFF_CRASHED;
        detail = VIR_DOMAIN_EVENT_STOPPED_FAILED;
    }
    g_mutex_unlock(&obj->lock);

    MV_INFO("domain '%s': QEMU (pid %d) closed its monitor", obj->name, (int) pid);
    if (mv_qemu_process_kill(pid) < 0)
        MV_WARN("domain '%s': %s", obj->name, mv_error_last_message());
    mv_qemu_process_cleanup(job->driver, obj, reason, detail);

    g_mutex_lock(&obj->lock);
    mv_qemu_domain_obj_end_job(obj);
    g_mutex_unlock(&obj->lock);
    return NULL;
}

static void
on_monitor_eof(MvQemuMonitor *mon, bool error, void *opaque)
{
    MonitorCtx *ctx = opaque;
    EofJob *job;

    g_mutex_lock(&ctx->obj->lock);
    if (ctx->obj->run != ctx->run || !mv_qemu_domain_obj_is_active(ctx->obj)) {
        g_mutex_unlock(&ctx->obj->lock);
        return;
    }
    g_mutex_unlock(&ctx->obj->lock);

    job = g_new0(EofJob, 1);
    job->driver = ctx->driver;
    job->obj = mv_qemu_domain_obj_ref(ctx->obj);
    job->run = ctx->run;
    g_thread_unref(g_thread_new("qemu-eof", eof_thread, job));
}

static bool
monitor_qemu_gone(void *opaque)
{
    return mv_qemu_process_is_gone((pid_t) GPOINTER_TO_INT(opaque));
}

int
mv_qemu_process_connect_monitor(MvQemuDriver *driver, MvQemuDomainObj *obj,
                                unsigned int timeout_ms)
{
    MonitorCtx *ctx = g_new0(MonitorCtx, 1);
    MvQemuMonitorCallbacks cb = {
        .event = on_monitor_event,
        .eof = on_monitor_eof,
        .opaque = ctx,
        .opaque_free = monitor_ctx_free,
    };
    g_autofree char *path = NULL;
    MvQemuMonitor *mon;
    pid_t pid;

    g_mutex_lock(&obj->lock);
    ctx->driver = driver;
    ctx->obj = mv_qemu_domain_obj_ref(obj);
    ctx->run = obj->run;
    path = g_strdup(obj->monitor_path);
    pid = obj->pid;
    g_mutex_unlock(&obj->lock);

    mon = mv_qemu_monitor_open_watched(obj->name, path,
                                       mv_qemu_monitor_thread_get_context(driver->monitor_thread),
                                       &cb, timeout_ms, pid > 0 ? monitor_qemu_gone : NULL,
                                       GINT_TO_POINTER((int) pid));
    if (!mon)
        return -1;

    g_mutex_lock(&obj->lock);
    obj->mon = mon;
    g_mutex_unlock(&obj->lock);
    return 0;
}

MvQemuMonitor *
mv_qemu_process_get_monitor(MvQemuDomainObj *obj)
{
    if (!mv_qemu_domain_obj_is_active(obj) || !obj->mon) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "domain is not running");
        return NULL;
    }
    return mv_qemu_monitor_ref(obj->mon);
}

/* Waits for the monitor socket to appear, or QEMU to exit (bounded). */
static int
wait_for_monitor_socket(MvQemuDomainObj *obj, pid_t pid, const char *path)
{
    gint64 deadline = g_get_monotonic_time() +
        (gint64) MV_QEMU_PROCESS_MONITOR_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

    for (;;) {
        if (g_file_test(path, G_FILE_TEST_EXISTS))
            return 0;
        if (mv_qemu_process_is_gone(pid)) {
            mv_report_error(VIR_ERR_OPERATION_FAILED,
                            "QEMU of '%s' exited before it created its monitor socket '%s'",
                            obj->name, path);
            return -1;
        }
        if (g_get_monotonic_time() >= deadline) {
            mv_report_error(VIR_ERR_OPERATION_TIMEOUT,
                            "QEMU of '%s' did not create its monitor socket '%s' within %d ms",
                            obj->name, path, MV_QEMU_PROCESS_MONITOR_TIMEOUT_MS);
            return -1;
        }
        g_usleep(POLL_INTERVAL_US);
    }
}

static int
open_log(const char *path, goffset *ret_offset)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    struct stat st;

    if (fd < 0) {
        mv_report_system_error(errno, "cannot open log file '%s'", path);
        return -1;
    }
    *ret_offset = fstat(fd, &st) == 0 ? st.st_size : 0;
    return fd;
}

static void
log_write(int fd, const char *text)
{
    size_t len = strlen(text);

    while (len > 0) {
        ssize_t n = write(fd, text, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        text += n;
        len -= n;
    }
}

/* The live copy: obj->def through the formatter and parser, with the id. */
static MvDomainDef *
make_live_def(MvQemuDomainObj *obj, const MvDomainDef *boot_def, int id)
{
    g_autofree char *xml = NULL;
    g_autoptr(MvDomainDef) live = NULL;

    g_mutex_lock(&obj->lock);
    xml = mv_domain_def_format(boot_def ? boot_def : obj->def, 0);
    g_mutex_unlock(&obj->lock);
    if (!xml || !(live = mv_domain_def_parse_string(xml, 0)))
        return NULL;
    live->id = id;
    return g_steal_pointer(&live);
}

static MvCommand *
prepare_command(MvQemuDriver *driver, const MvDomainDef *live, const char *monitor_path,
                const MvQemuInterfaceFds *netfds)
{
    g_autoptr(MvQemuCaps) caps = NULL;
    g_autoptr(GPtrArray) vfs = mv_qemu_hostdev_network_sources(driver, live);
    MvQemuCommandContext ctx = {
        .monitor_fd = -1,
        .monitor_path = monitor_path,
        .tap_fds = netfds->tap_fds,
        .n_tap_fds = netfds->n,
        .vhost_fds = netfds->vhost_fds,
        .n_vhost_fds = netfds->n,
        .net_hostdevs = (const MvHostdevSubsys *const *) vfs->pdata,
        .n_net_hostdevs = vfs->len,
        .vnc_port = 5900,
    };

    if (!(caps = mv_qemu_driver_caps_for_def(driver, live)))
        return NULL;
    return mv_qemu_build_command(live, caps, &ctx);
}

/* QEMU exited during its start: its own words say why. libvirt's text for
 * a QEMU that dies while it starts (libvirt makes the monitor socket
 * itself, so that is always seen as the monitor closing). */
static void
report_qemu_exited(const char *logfile, goffset log_offset)
{
    g_autofree char *tail = log_tail(logfile, log_offset);

    if (*tail)
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "qemu unexpectedly closed the monitor: %s", tail);
    else
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "qemu unexpectedly closed the monitor");
}

/* A start step after the spawn failed. A QEMU that exited (its monitor
 * closes just before it does) replaces the step's error with its log's
 * end; a live one is killed. Then obj is shut off (failed). */
static void
start_failed(MvQemuDriver *driver, MvQemuDomainObj *obj, pid_t pid, const char *logfile,
             goffset log_offset)
{
    g_autoptr(MvError) err = NULL;

    if (wait_gone(pid, MV_QEMU_PROCESS_EXIT_WAIT_MS)) {
        MV_DEBUG("domain '%s': QEMU exited during its start (%s)", obj->name,
                 mv_error_last_message());
        report_qemu_exited(logfile, log_offset);
    }
    err = mv_error_save();
    if (mv_qemu_process_kill(pid) < 0)
        MV_WARN("domain '%s': %s", obj->name, mv_error_last_message());
    mv_qemu_process_cleanup(driver, obj, VIR_DOMAIN_SHUTOFF_FAILED, -1);
    mv_error_restore(g_steal_pointer(&err));
}

/* A start that failed before QEMU ran: shut off (failed), as libvirt's
 * qemuProcessStop leaves a guest whose start failed; a transient guest
 * goes, as mv_qemu_process_cleanup() drops one. */
static void
start_refused(MvQemuDriver *driver, MvQemuDomainObj *obj)
{
    bool transient;

    g_mutex_lock(&obj->lock);
    set_state(obj, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_FAILED);
    transient = !obj->persistent;
    g_mutex_unlock(&obj->lock);
    if (transient)
        mv_qemu_domain_store_remove(driver->store, obj);
    MV_INFO("domain '%s' failed to start before QEMU ran: shut off (failed)", obj->name);
}

/* The interfaces' host side goes (the VFs are given back before their
 * ports go), then the starting record. */
static void
interfaces_undo(MvQemuDriver *driver, const MvDomainDef *live, MvQemuInterfaceFds *netfds)
{
    g_autoptr(MvError) err = mv_error_save();

    mv_qemu_interface_fds_close(netfds);
    mv_qemu_hostdev_stop(driver, live->name);
    mv_qemu_interface_stop(driver, live);
    mv_qemu_status_remove(driver, live->name);
    mv_error_restore(g_steal_pointer(&err));
}

/* What the starting record's recorder writes. */
typedef struct {
    MvQemuDriver *driver;
    MvQemuDomainObj *obj;
    const MvDomainDef *live;
} StartRecord;

static void
start_record(void *opaque)
{
    StartRecord *rec = opaque;

    g_mutex_lock(&rec->obj->lock);
    if (mv_qemu_status_write_starting(rec->driver, rec->obj, rec->live) < 0)
        MV_WARN("domain '%s': %s", rec->obj->name, mv_error_last_message());
    g_mutex_unlock(&rec->obj->lock);
}

/* Everything before QEMU runs: the run dir, the starting record, the
 * interfaces' host side, the command line and the log (its header
 * written; *ret_log_offset is where QEMU's own output starts), then the
 * spawn. On failure the host side and the starting record are undone;
 * obj's state is the caller's. */
static int
prepare_and_spawn(MvQemuDriver *driver, MvQemuDomainObj *obj, MvDomainDef *live,
                  const char *dir, const char *monitor_path, const char *logfile,
                  goffset *ret_log_offset, pid_t *ret_pid)
{
    g_autoptr(MvCommand) cmd = NULL;
    g_autofree char *cmdline = NULL;
    g_autofree char *header = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *stamp = g_date_time_format(now, "%Y-%m-%d %H:%M:%S.%f+0000");
    MvQemuInterfaceFds netfds = { 0 };
    StartRecord record = { driver, obj, live };
    MvQemuInterfaceRecorder recorder = { start_record, &record };
    goffset log_offset = 0;
    off_t end;
    pid_t pid = 0;
    int logfd;
    int rc;

    if (mv_qemu_domain_assign_aliases(live) < 0)
        return -1;
    if (mv_file_mkdir_p(dir, 0700) < 0 || mv_file_mkdir_p(driver->log_dir, 0700) < 0)
        return -1;
    unlink(monitor_path);
    /* The starting record before the first host resource is made, and
     * again as each is: a daemon killed before QEMU runs (there is no
     * status with a pid yet) undoes them at its next start. */
    g_mutex_lock(&obj->lock);
    rc = mv_qemu_status_write_starting(driver, obj, live);
    g_mutex_unlock(&obj->lock);
    if (rc < 0)
        return -1;
    /* Hostdev interfaces first: that also undoes what an earlier run of
     * this guest left in its hostdev record. */
    if (mv_qemu_hostdev_start(driver, live) < 0) {
        mv_qemu_status_remove(driver, obj->name);
        return -1;
    }
    if (mv_qemu_interface_start(driver, live, &recorder, &netfds) < 0) {
        interfaces_undo(driver, live, &netfds);
        return -1;
    }
    if (!(cmd = prepare_command(driver, live, monitor_path, &netfds)) ||
        (logfd = open_log(logfile, &log_offset)) < 0) {
        interfaces_undo(driver, live, &netfds);
        return -1;
    }

    mv_command_set_output_fd(cmd, logfd);
    mv_command_set_cwd(cmd, dir);
    cmdline = mv_command_to_string(cmd);
    header = g_strdup_printf("%s: starting up\n%s\n", stamp, cmdline);
    log_write(logfd, header);
    /* QEMU's words start after the header (libvirt quotes only those). */
    if ((end = lseek(logfd, 0, SEEK_END)) >= 0)
        log_offset = end;
    MV_INFO("starting domain '%s': %s", obj->name, cmdline);

    if (mv_command_spawn(cmd, &pid) < 0) {
        close(logfd);
        interfaces_undo(driver, live, &netfds);
        return -1;
    }
    close(logfd);
    /* QEMU holds the taps now: a tap goes when its QEMU does. */
    mv_qemu_interface_fds_close(&netfds);
    *ret_log_offset = log_offset;
    *ret_pid = pid;
    return 0;
}

int
mv_qemu_process_start(MvQemuDriver *driver, MvQemuDomainObj *obj, const MvDomainDef *boot_def,
                      unsigned int flags)
{
    int id = mv_qemu_domain_store_next_id(driver->store);
    g_autoptr(MvDomainDef) live = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *monitor_path = NULL;
    g_autofree char *logfile = NULL;
    bool paused = flags & VIR_DOMAIN_START_PAUSED;
    goffset log_offset = 0;
    pid_t pid = 0;

    /* Refusals before the start begins keep the guest's state and reason,
     * as libvirt's qemuProcessInit does before it marks the guest starting. */
    if (mv_qemu_driver_wait_recovered(driver) < 0)
        return -1;
    if (!(live = make_live_def(obj, boot_def, id)))
        return -1;

    if (!(dir = guest_dir(driver, obj->name)) || !(logfile = log_path(driver, obj->name))) {
        start_refused(driver, obj);
        return -1;
    }
    monitor_path = g_build_filename(dir, "monitor.sock", NULL);
    if (prepare_and_spawn(driver, obj, live, dir, monitor_path, logfile, &log_offset, &pid) < 0) {
        start_refused(driver, obj);
        return -1;
    }

    g_mutex_lock(&obj->lock);
    obj->live = g_steal_pointer(&live);
    obj->id = id;
    obj->pid = pid;
    obj->child = true;
    obj->stopping = false;
    obj->fake_reboot = false;
    obj->run++;
    obj->start_time = g_get_real_time();
    g_free(obj->monitor_path);
    obj->monitor_path = g_strdup(monitor_path);
    set_state(obj, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_STARTING_UP);
    obj->held = true;
    mv_qemu_status_write(driver, obj);
    g_mutex_unlock(&obj->lock);
    mv_qemu_process_hold_daemon(driver, true);

    if (wait_for_monitor_socket(obj, pid, monitor_path) < 0 ||
        mv_qemu_process_connect_monitor(driver, obj, MV_QEMU_PROCESS_MONITOR_TIMEOUT_MS) < 0) {
        start_failed(driver, obj, pid, logfile, log_offset);
        return -1;
    }
    mv_qemu_console_record_ptys(obj);

    if (!paused) {
        g_autoptr(MvQemuMonitor) mon = NULL;

        g_mutex_lock(&obj->lock);
        mon = mv_qemu_process_get_monitor(obj);
        g_mutex_unlock(&obj->lock);
        if (!mon || mv_qemu_monitor_cont(mon) < 0) {
            start_failed(driver, obj, pid, logfile, log_offset);
            return -1;
        }
    }

    g_mutex_lock(&obj->lock);
    if (paused)
        set_state(obj, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
    else
        set_state(obj, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    mv_qemu_status_write(driver, obj);
    g_mutex_unlock(&obj->lock);

    MV_INFO("domain '%s' started: id %d, QEMU pid %d", obj->name, id, (int) pid);
    emit(driver, obj, id, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED);
    if (paused)
        emit(driver, obj, id, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
    return 0;
}

void
mv_qemu_process_cleanup(MvQemuDriver *driver, MvQemuDomainObj *obj, int reason,
                        int event_detail)
{
    MvQemuMonitor *mon;
    g_autofree char *dir = guest_dir(driver, obj->name);
    g_autoptr(MvDomainDef) live = NULL;
    bool held;
    bool transient;
    int id;

    g_mutex_lock(&obj->lock);
    mon = g_steal_pointer(&obj->mon);
    g_mutex_unlock(&obj->lock);
    /* Outside the lock: closing waits for the monitor thread, whose
     * callbacks take the lock. */
    if (mon)
        mv_qemu_monitor_close(mon);

    /* The QEMU is gone and reaped: no later kill may hit its reused pid.
     * A start waits for this job instead of failing on an active guest. */
    g_mutex_lock(&obj->lock);
    obj->pid = 0;
    obj->child = false;
    obj->stopping = true;
    g_mutex_unlock(&obj->lock);

    /* Under the guest's job and while it still reads as active, as
     * libvirt's qemuProcessStop: a client that sees it shut off (or gets
     * the event, or destroy's answer) finds its taps, macvtaps, ports and
     * host devices free. Before the status file goes, so that a crash here
     * leaves them known to the next daemon. The peer calls are bounded. */
    mv_qemu_hostdev_stop(driver, obj->name);
    /* obj->live stays for the readers until the state changes: only
     * holders of the job change it, and this is one. */
    if (obj->live)
        mv_qemu_interface_stop(driver, obj->live);
    mv_qemu_status_remove(driver, obj->name);

    g_mutex_lock(&obj->lock);
    live = g_steal_pointer(&obj->live);
    id = obj->id;
    obj->id = -1;
    obj->stopping = false;
    g_clear_pointer(&obj->monitor_path, g_free);
    set_state(obj, VIR_DOMAIN_SHUTOFF, reason);
    held = obj->held;
    obj->held = false;
    transient = !obj->persistent;
    g_mutex_unlock(&obj->lock);

    if (dir)
        mv_file_remove_tree(dir);
    if (held)
        mv_qemu_process_hold_daemon(driver, false);
    if (transient)
        mv_qemu_domain_store_remove(driver->store, obj);
    MV_INFO("domain '%s' shut off (reason %d)", obj->name, reason);
    if (event_detail >= 0)
        emit(driver, obj, id, VIR_DOMAIN_EVENT_STOPPED, event_detail);
}
