/* QMP client: a QEMU monitor socket driven on a GLib main context, with per-command timeouts and a blocking wrapper for worker threads. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdbool.h>

#include "util/error.h"

/* What a command may take when the caller passes timeout_ms 0. */
#define MV_QEMU_MONITOR_DEFAULT_TIMEOUT_MS 30000

typedef struct _MvQemuMonitor MvQemuMonitor;

/* An event: its name ("STOP", "SHUTDOWN", ...), its "data" object (empty
 * when QEMU sent none; borrowed) and QEMU's timestamp in microseconds
 * since the epoch. */
typedef void (*MvQemuMonitorEventFunc)(MvQemuMonitor *mon, const char *event,
                                       JsonObject *data, gint64 timestamp_us,
                                       void *opaque);
/* The monitor is gone: QEMU closed the socket (error false) or the stream
 * broke or carried garbage (error true; the reason was logged). Every
 * command still waiting has failed before this runs. */
typedef void (*MvQemuMonitorEofFunc)(MvQemuMonitor *mon, bool error, void *opaque);

/* Every callback runs on the monitor's context. All members are optional;
 * opaque_free(opaque) runs once, when the monitor lets go of opaque (at
 * close, or when open fails). */
typedef struct {
    MvQemuMonitorEventFunc event;
    MvQemuMonitorEofFunc eof;
    void *opaque;
    GDestroyNotify opaque_free;
} MvQemuMonitorCallbacks;

/* A command's outcome for the asynchronous API: ret is QMP's "return"
 * value (borrowed) on success, err the reported error otherwise. */
typedef void (*MvQemuMonitorReplyFunc)(MvQemuMonitor *mon, JsonNode *ret,
                                       const MvError *err, void *opaque);

/* A thread running a private main context for monitors: the daemon runs
 * every guest's monitor on one, so that no monitor I/O ever waits on the
 * daemon's main loop or on another guest's QEMU. */
typedef struct _MvQemuMonitorThread MvQemuMonitorThread;

MvQemuMonitorThread *mv_qemu_monitor_thread_new(const char *name);
GMainContext *mv_qemu_monitor_thread_get_context(MvQemuMonitorThread *thread);
/* Stops the loop and joins the thread; close its monitors first. */
void mv_qemu_monitor_thread_free(MvQemuMonitorThread *thread);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvQemuMonitorThread, mv_qemu_monitor_thread_free)

/* Connects to QEMU's QMP socket, retrying while the socket is not there
 * yet, reads the greeting and leaves capabilities negotiation; all within
 * timeout_ms (0: the default). Must not be called from the thread running
 * ctx: it waits for the context to do the I/O. vm_name names the guest in
 * every message. NULL (reported) on failure. */
MvQemuMonitor *mv_qemu_monitor_open(const char *vm_name, const char *socket_path,
                                    GMainContext *ctx, const MvQemuMonitorCallbacks *cb,
                                    unsigned int timeout_ms);

/* True once the QEMU behind a monitor socket has exited; called on the
 * opening thread. */
typedef bool (*MvQemuMonitorGoneFunc)(void *opaque);

/* mv_qemu_monitor_open() for a QEMU that may exit before it listens (its
 * socket file is left behind, connect is refused): the connection is
 * retried only while gone(gone_opaque) is false, and fails at once with
 * VIR_ERR_OPERATION_FAILED when it turns true. */
MvQemuMonitor *mv_qemu_monitor_open_watched(const char *vm_name, const char *socket_path,
                                            GMainContext *ctx, const MvQemuMonitorCallbacks *cb,
                                            unsigned int timeout_ms, MvQemuMonitorGoneFunc gone,
                                            void *gone_opaque);

/* Same on a connected stream socket; takes fd (closed on failure too). */
MvQemuMonitor *mv_qemu_monitor_open_fd(const char *vm_name, int fd,
                                       GMainContext *ctx, const MvQemuMonitorCallbacks *cb,
                                       unsigned int timeout_ms);

/* Fails every waiting command, closes the socket and drops the caller's
 * reference. From another thread it waits (bounded) until this happened on
 * the context, so no callback runs after it returns. */
void mv_qemu_monitor_close(MvQemuMonitor *mon);

MvQemuMonitor *mv_qemu_monitor_ref(MvQemuMonitor *mon);
void mv_qemu_monitor_unref(MvQemuMonitor *mon);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvQemuMonitor, mv_qemu_monitor_unref)

const char *mv_qemu_monitor_get_name(const MvQemuMonitor *mon);
/* The timeout of commands sent with timeout_ms 0. */
void mv_qemu_monitor_set_default_timeout(MvQemuMonitor *mon, unsigned int timeout_ms);
/* QEMU's version from the greeting (0.0.0 before it came). */
void mv_qemu_monitor_get_greeting_version(MvQemuMonitor *mon, unsigned int *ret_major,
                                          unsigned int *ret_minor, unsigned int *ret_micro);

/* Sends a command; the reply, a QMP error, the timeout (timeout_ms, 0: the
 * default) or the monitor's end calls func exactly once on the context.
 * Call from the thread running the monitor's context. args may be NULL. */
void mv_qemu_monitor_command_async(MvQemuMonitor *mon, const char *command,
                                   JsonObject *args, unsigned int timeout_ms,
                                   MvQemuMonitorReplyFunc func, void *opaque);

/* Sends a command from any thread but the context's and waits for it.
 * 0 and *ret_reply (QMP's "return" value, may be NULL to ignore; caller
 * unrefs) on success; -1 on a QMP error (VIR_ERR_OPERATION_FAILED with
 * QEMU's class and desc), a timeout (VIR_ERR_OPERATION_TIMEOUT) or a
 * broken or closed monitor. */
int mv_qemu_monitor_command_sync(MvQemuMonitor *mon, const char *command,
                                 JsonObject *args, JsonNode **ret_reply,
                                 unsigned int timeout_ms);

/* The same, with a copy of fd sent along (SCM_RIGHTS) for a command
 * that takes one (getfd, add-fd); the caller keeps fd. */
int mv_qemu_monitor_command_sync_fd(MvQemuMonitor *mon, const char *command, JsonObject *args,
                                    int fd, JsonNode **ret_reply, unsigned int timeout_ms);

/* Typed helpers (qemu_monitor_commands.c): synchronous, with the
 * monitor's default timeout; a reply of an unexpected shape is
 * VIR_ERR_INTERNAL_ERROR naming the command. */

/* running, and QEMU's run state ("prelaunch", "paused", "running",
 * "shutdown", "io-error", ...): the reason when paused. */
int mv_qemu_monitor_query_status(MvQemuMonitor *mon, bool *ret_running, char **ret_status);
/* The pty of the chardev with label (query-chardev's "pty:PATH"). */
int mv_qemu_monitor_query_chardev_pty(MvQemuMonitor *mon, const char *label, char **ret_path);
int mv_qemu_monitor_cont(MvQemuMonitor *mon);
int mv_qemu_monitor_stop(MvQemuMonitor *mon);
int mv_qemu_monitor_system_powerdown(MvQemuMonitor *mon);
int mv_qemu_monitor_system_reset(MvQemuMonitor *mon);
int mv_qemu_monitor_quit(MvQemuMonitor *mon);

int mv_qemu_monitor_query_version(MvQemuMonitor *mon, unsigned int *ret_major,
                                  unsigned int *ret_minor, unsigned int *ret_micro,
                                  char **ret_package);
/* enabled: this QEMU runs with KVM; present: KVM support is built in. */
int mv_qemu_monitor_query_kvm(MvQemuMonitor *mon, bool *ret_enabled, bool *ret_present);

typedef struct {
    char *name;         /* "pc-i440fx-7.2" */
    char *alias;        /* "pc", or NULL */
    bool is_default;
    unsigned int cpu_max;
    bool deprecated;
} MvQemuMachineInfo;

void mv_qemu_machine_info_free(MvQemuMachineInfo *machine);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvQemuMachineInfo, mv_qemu_machine_info_free)

/* An array of MvQemuMachineInfo *, in QEMU's order. */
int mv_qemu_monitor_query_machines(MvQemuMonitor *mon, GPtrArray **ret_machines);

typedef struct {
    char *name;         /* "Skylake-Client" */
    bool usable;        /* QEMU listed no unavailable features */
    bool deprecated;
} MvQemuCpuModelInfo;

void mv_qemu_cpu_model_info_free(MvQemuCpuModelInfo *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvQemuCpuModelInfo, mv_qemu_cpu_model_info_free)

/* An array of MvQemuCpuModelInfo *. */
int mv_qemu_monitor_query_cpu_definitions(MvQemuMonitor *mon, GPtrArray **ret_models);

/* Names of the non-abstract QOM types implementing implements ("device"),
 * or of all types when it is NULL. */
int mv_qemu_monitor_qom_list_types(MvQemuMonitor *mon, const char *implements,
                                   GStrv *ret_names);

/* props holds "driver", "id" and the device's properties. */
int mv_qemu_monitor_device_add(MvQemuMonitor *mon, JsonObject *props);
/* Asks the guest to release the device; DEVICE_DELETED tells when it did. */
int mv_qemu_monitor_device_del(MvQemuMonitor *mon, const char *id);
