/* Helpers for the QEMU tests: finding QEMU and a usable KVM, starting a paused QEMU with a QMP socket, collecting monitor events. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include "qemu_monitor.h"

/* How long a test gives QEMU to start, answer or exit. */
#define MV_TEST_QEMU_TIMEOUT_MS 20000

/* qemu-system-x86_64 from PATH; NULL after g_test_skip() with the reason. */
char *mv_test_qemu_binary(void);

/* /dev/kvm opens read-write and answers KVM_GET_API_VERSION; *ret_why says
 * why not (caller frees). */
bool mv_test_qemu_kvm_usable(char **ret_why);

/* KVM usable and backed by hardware virtualization (vmx or svm, not PVM),
 * so that a stock guest kernel boots in seconds; *ret_why says why not. */
bool mv_test_qemu_kvm_hardware(char **ret_why);

/* A QEMU started by a test: paused (-S), no defaults, no disk, QMP on a
 * socket in its own temp dir, stderr to a file there. */
typedef struct {
    pid_t pid;
    char *dir;
    char *socket_path;
    char *stderr_path;
} MvTestQemu;

/* extra_args (NULL-terminated, may be NULL) go after the common ones;
 * with none, the machine is "none" under TCG. */
MvTestQemu *mv_test_qemu_start(const char *binary, const char *const *extra_args);
/* Resumes it if stopped, kills it (SIGTERM, then SIGKILL), removes its dir. */
void mv_test_qemu_free(MvTestQemu *qemu);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvTestQemu, mv_test_qemu_free)

/* Events and hangups of one monitor, recorded from the monitor's thread. */
typedef struct _MvTestEvents MvTestEvents;

MvTestEvents *mv_test_events_new(void);
void mv_test_events_free(MvTestEvents *events);
/* Callbacks recording into events (which must outlive the monitor). */
MvQemuMonitorCallbacks mv_test_events_callbacks(MvTestEvents *events);
/* Waits up to timeout_ms for an event named name, and consumes it. */
bool mv_test_events_wait(MvTestEvents *events, const char *name, unsigned int timeout_ms);
/* Waits up to timeout_ms for the hangup callback; *ret_error is its flag. */
bool mv_test_events_wait_eof(MvTestEvents *events, unsigned int timeout_ms, bool *ret_error);
