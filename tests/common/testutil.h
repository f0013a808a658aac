/* Test helpers for daemon tests: temp --root trees, built binaries, starting and stopping daemons, bounded waits, small text helpers. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

/* How long a daemon may take to answer, and to exit after SIGTERM. */
#define MV_TEST_START_TIMEOUT_MS 10000
#define MV_TEST_STOP_TIMEOUT_MS 10000

/* A fresh directory to pass as --root; mv_test_root_remove() deletes it.
 * Should the test abort first, it is removed all the same (see
 * mv_test_abort_kill_add()). */
char *mv_test_root_new(void);
void mv_test_root_remove(const char *root);

/* A failed assertion aborts the test (SIGABRT; g_error traps, SIGTRAP;
 * a crash faults), and exit() skips the g_autoptr cleanups: none of these
 * may leave a daemon running. Every process mv_test_spawn*() starts is
 * killed by pid (SIGKILL) then, until mv_test_wait_exit() reaps it, and
 * the roots of mv_test_root_new() not yet removed are removed. A process
 * the test did not start itself (a guest's QEMU, started by qemud) is
 * added here by pid and removed once gone. Only the process that added
 * a pid kills it: a forked child's failure leaves its parent's alone. */
void mv_test_abort_kill_add(pid_t pid);
void mv_test_abort_kill_remove(pid_t pid);

/* Writes text to root/relpath, creating its directories. */
void mv_test_write_file(const char *root, const char *relpath, const char *text);

/* MODVIRT_BUILDDIR/relpath; NULL when MODVIRT_BUILDDIR is unset (the test
 * is skipped) or the file is not there (the test fails: a broken build). */
char *mv_test_built_file(const char *relpath);

/* The built modvirt-<name> (in daemons/<name>/ or daemons/), or NULL as
 * for mv_test_built_file(). */
char *mv_test_daemon_binary(const char *name);

/* root/run/modvirt/<name>-sock[-ro]. */
char *mv_test_socket_path(const char *root, const char *name, bool read_only);

/* Starts argv with stdout and stderr to the given files (NULL: /dev/null),
 * in the test's environment less systemd's LISTEN_* and NOTIFY_SOCKET. */
pid_t mv_test_spawn(const char *const *argv, const char *stdout_path, const char *stderr_path);

/* Same, with "NAME=VALUE" settings (NULL-terminated) added to the environment. */
pid_t mv_test_spawn_env(const char *const *argv, const char *const *env,
                        const char *stdout_path, const char *stderr_path);

/* Waits up to timeout_ms for pid to exit; true and *ret_status (wait status)
 * if it did, false if it is still running. */
bool mv_test_wait_exit(pid_t pid, unsigned int timeout_ms, int *ret_status);

/* SIGTERM, wait up to MV_TEST_STOP_TIMEOUT_MS, then SIGKILL. Returns the
 * exit code, 128 + signal if killed by one, or -1 if SIGKILL was needed. */
int mv_test_kill(pid_t pid);

/* Runs argv to completion (killed after timeout_ms) and returns its exit
 * code (-1 on timeout); stdout and stderr text in ret_out / ret_err (may be NULL). */
int mv_test_run(const char *const *argv, unsigned int timeout_ms,
                char **ret_out, char **ret_err);

/* A unix stream connection to path, or -1. */
int mv_test_connect(const char *path);

/* Waits up to timeout_ms for a connect to path to succeed. */
bool mv_test_wait_socket(const char *path, unsigned int timeout_ms);

/* Waits up to timeout_ms for the file to contain needle. */
bool mv_test_wait_file_contains(const char *path, const char *needle, unsigned int timeout_ms);

/* For a program that runs until interrupted (virsh net-event --loop):
 * waits up to timeout_ms for its output file to hold needle (the last
 * line expected), then sends pid SIGINT, as ^C does, and waits up to
 * MV_TEST_STOP_TIMEOUT_MS for it to exit, with its wait status in
 * *ret_status. False if needle did not come in time (pid is interrupted
 * all the same) or pid did not exit. */
bool mv_test_interrupt_after_output(pid_t pid, const char *path, const char *needle,
                                    unsigned int timeout_ms, int *ret_status);

/* The idle timeout every daemon of mv_test_daemon_start() gets: should the
 * test be killed (SIGKILL, no handler runs), its daemons still exit once
 * no client is left. Longer than any test's meson timeout, so that no
 * test sees its daemon leave. */
#define MV_TEST_DAEMON_IDLE_S "600"

/* A daemon started with --root by mv_test_daemon_start(). */
typedef struct {
    char *name;
    char *root;
    char *rw_socket;
    char *ro_socket;
    char *stderr_path;      /* root/<name>.stderr */
    pid_t pid;
} MvTestDaemon;

/* Starts modvirt-<name> --root root --timeout MV_TEST_DAEMON_IDLE_S plus
 * extra_args (NULL-terminated, may be NULL; a --timeout there wins) and waits for its read-write socket to accept. NULL, with the
 * daemon's stderr in the test log, if it exited or did not answer in time. */
MvTestDaemon *mv_test_daemon_start(const char *name, const char *root,
                                   const char *const *extra_args);

/* mv_test_kill()s it if still running; returns its exit code as mv_test_kill(). */
int mv_test_daemon_stop(MvTestDaemon *daemon);

void mv_test_daemon_free(MvTestDaemon *daemon);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvTestDaemon, mv_test_daemon_free)

/* Prints the file to stderr under a "---- path ----" line, if it can be read. */
void mv_test_print_file(const char *path);

/* How many times needle stands in the file (0 when it cannot be read). */
guint mv_test_count_in_file(const char *path, const char *needle);

/* Waits up to timeout_ms for pid to exit, reaping it if it is ours (a body
 * run as a namespace's init reaps the orphans it inherits). */
bool mv_test_wait_pid_gone(pid_t pid, unsigned int timeout_ms);

/* The value of attr= in the first element <elem ...> of xml whose start tag
 * holds match (NULL: any) and attr, or NULL. Attribute values in '...'. */
char *mv_test_xml_attr(const char *xml, const char *elem, const char *match, const char *attr);

/* mv_test_daemon_stop() (nothing if daemon is NULL), then fails the test on
 * a sanitizer report in the daemon's stderr. */
void mv_test_daemon_stop_checked(MvTestDaemon *daemon);
