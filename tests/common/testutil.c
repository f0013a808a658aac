/* Test helpers for daemon tests: temp --root trees, built binaries, starting and stopping daemons, bounded waits, small text helpers. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define POLL_INTERVAL_US 20000

extern char **environ;

/* What a failed test kills and removes (see mv_test_abort_kill_add()):
 * fixed arrays, since the signal handler may not allocate. owner is the
 * pid of the process that added the entry; 0 marks a free slot. */
#define ABORT_MAX_PIDS 64
#define ABORT_MAX_ROOTS 32
#define ABORT_ROOT_LEN 256

typedef struct {
    volatile pid_t owner;
    volatile pid_t pid;
    volatile sig_atomic_t child;    /* ours to reap: a reaped one is skipped */
} AbortPid;

typedef struct {
    volatile pid_t owner;
    char path[ABORT_ROOT_LEN];
} AbortRoot;

static AbortPid abort_pids[ABORT_MAX_PIDS];
static AbortRoot abort_roots[ABORT_MAX_ROOTS];
static const int abort_signals[] = { SIGABRT, SIGTRAP, SIGSEGV, SIGBUS, SIGILL, SIGFPE };
static struct sigaction abort_previous[G_N_ELEMENTS(abort_signals)];

/* Kills a guest's QEMU qemud's status file names (qemud is killed first,
 * and does not take its guests with it), then removes the root; run by
 * /bin/sh as "sh -c SCRIPT sh ROOT...". */
static const char abort_cleanup_script[] =
    "for r in \"$@\"; do"
    "  for s in \"$r\"/run/modvirt/qemu/*.xml; do"
    "    [ -f \"$s\" ] || continue;"
    "    p=$(sed -n \"s/.* pid='\\([0-9][0-9]*\\)'.*/\\1/p\" \"$s\" | head -n 1);"
    "    [ -n \"$p\" ] && kill -9 \"$p\";"
    "  done;"
    "  rm -rf \"$r\";"
    "done";

/* In the handler: SIGKILL to every live process this one added. */
static void
abort_kill_all(void)
{
    pid_t self = getpid();

    for (size_t i = 0; i < ABORT_MAX_PIDS; i++) {
        AbortPid *e = &abort_pids[i];

        if (e->owner != self || e->pid <= 0)
            continue;
        /* A child reaped behind mv_test_wait_exit()'s back: its pid may
         * be someone else's by now. */
        if (e->child && waitpid(e->pid, NULL, WNOHANG) != 0)
            continue;
        kill(e->pid, SIGKILL);
    }
}

/* In the handler: the roots' guests and files, by a shell of its own
 * (nftw may allocate); nobody waits for it. */
static void
abort_remove_roots(void)
{
    const char *argv[4 + ABORT_MAX_ROOTS + 1] = { "sh", "-c", abort_cleanup_script, "sh" };
    const char *const env[] = { "PATH=/usr/bin:/bin:/usr/sbin:/sbin", NULL };
    pid_t self = getpid();
    size_t n = 4;
    pid_t pid;
    int fd;

    for (size_t i = 0; i < ABORT_MAX_ROOTS; i++) {
        if (abort_roots[i].owner == self)
            argv[n++] = abort_roots[i].path;
    }
    if (n == 4)
        return;
    argv[n] = NULL;
    pid = _Fork();
    if (pid != 0)
        return;
    /* Not the test's output pipes: whoever reads them is not kept waiting. */
    fd = open("/dev/null", O_RDWR);
    dup2(fd, STDIN_FILENO);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    execve("/bin/sh", (char *const *) argv, (char *const *) env);
    _exit(127);
}

static void
on_abort(int sig, siginfo_t *info, void *ctx)
{
    abort_kill_all();
    abort_remove_roots();
    for (size_t i = 0; i < G_N_ELEMENTS(abort_signals); i++)
        sigaction(abort_signals[i], &abort_previous[i], NULL);
    /* A fault comes back when the instruction runs again, to the previous
     * handler (a sanitizer's) with its own context; anything sent is
     * sent again. */
    if (info->si_code <= 0 || sig == SIGABRT || sig == SIGTRAP)
        raise(sig);
}

/* The end of a test that exit()s (the process is gone before any
 * g_autoptr would stop its daemons): the same as an abort. */
static void
on_exit_cleanup(void)
{
    abort_kill_all();
    abort_remove_roots();
}

static void
abort_handlers_install(void)
{
    static gsize installed;

    if (g_once_init_enter(&installed)) {
        struct sigaction sa = { .sa_sigaction = on_abort, .sa_flags = SA_SIGINFO };

        sigemptyset(&sa.sa_mask);
        for (size_t i = 0; i < G_N_ELEMENTS(abort_signals); i++)
            g_assert_cmpint(sigaction(abort_signals[i], &sa, &abort_previous[i]), ==, 0);
        atexit(on_exit_cleanup);
        g_once_init_leave(&installed, 1);
    }
}

static void
abort_pid_add(pid_t pid, bool child)
{
    pid_t self = getpid();

    abort_handlers_install();
    for (size_t i = 0; i < ABORT_MAX_PIDS; i++) {
        AbortPid *e = &abort_pids[i];
        pid_t free_slot = 0;

        /* A slot another process left (a forked child's copy) is free here. */
        if (e->owner > 0 && e->owner != self)
            e->owner = 0;
        if (!__atomic_compare_exchange_n(&e->owner, &free_slot, self, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            continue;
        e->child = child;
        e->pid = pid;
        return;
    }
    g_error("more than %d processes to kill should the test abort", ABORT_MAX_PIDS);
}

void
mv_test_abort_kill_add(pid_t pid)
{
    abort_pid_add(pid, false);
}

void
mv_test_abort_kill_remove(pid_t pid)
{
    pid_t self = getpid();

    for (size_t i = 0; i < ABORT_MAX_PIDS; i++) {
        AbortPid *e = &abort_pids[i];

        if (e->owner == self && e->pid == pid) {
            e->pid = 0;
            __atomic_store_n(&e->owner, 0, __ATOMIC_SEQ_CST);
        }
    }
}

static void
abort_root_add(const char *root)
{
    pid_t self = getpid();

    abort_handlers_install();
    if (strlen(root) >= ABORT_ROOT_LEN) {
        g_test_message("'%s' is too long to be removed should the test abort", root);
        return;
    }
    for (size_t i = 0; i < ABORT_MAX_ROOTS; i++) {
        AbortRoot *e = &abort_roots[i];
        pid_t free_slot = 0;

        if (e->owner > 0 && e->owner != self)
            e->owner = 0;
        if (!__atomic_compare_exchange_n(&e->owner, &free_slot, -1, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            continue;
        /* Marked taken (-1) while the path is written, then ours. */
        g_strlcpy(e->path, root, sizeof(e->path));
        __atomic_store_n(&e->owner, self, __ATOMIC_SEQ_CST);
        return;
    }
    g_test_message("more than %d roots: '%s' stays should the test abort", ABORT_MAX_ROOTS, root);
}

static void
abort_root_forget(const char *root)
{
    pid_t self = getpid();

    for (size_t i = 0; i < ABORT_MAX_ROOTS; i++) {
        AbortRoot *e = &abort_roots[i];

        if (e->owner == self && g_str_equal(e->path, root))
            __atomic_store_n(&e->owner, 0, __ATOMIC_SEQ_CST);
    }
}

char *
mv_test_root_new(void)
{
    g_autoptr(GError) gerr = NULL;
    char *root = g_dir_make_tmp("modvirt-test-XXXXXX", &gerr);

    g_assert_no_error(gerr);
    abort_root_add(root);
    return root;
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove(path) < 0 ? -1 : 0;
}

void
mv_test_root_remove(const char *root)
{
    if (!root)
        return;
    abort_root_forget(root);
    if (nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS) < 0 && errno != ENOENT)
        g_test_message("cannot remove '%s': %s", root, g_strerror(errno));
}

void
mv_test_write_file(const char *root, const char *relpath, const char *text)
{
    g_autofree char *path = g_build_filename(root, relpath, NULL);
    g_autofree char *dir = g_path_get_dirname(path);
    g_autoptr(GError) gerr = NULL;

    g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
    g_file_set_contents(path, text, -1, &gerr);
    g_assert_no_error(gerr);
}

char *
mv_test_built_file(const char *relpath)
{
    const char *builddir = g_getenv("MODVIRT_BUILDDIR");
    g_autofree char *path = NULL;

    if (!builddir) {
        g_test_skip("MODVIRT_BUILDDIR is not set: run through meson test");
        return NULL;
    }
    path = g_build_filename(builddir, relpath, NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        /* Everything the tests look for is part of the build: its absence
         * is a broken build, never a reason to skip. */
        g_test_message("'%s' is not built", path);
        g_test_fail();
        return NULL;
    }
    return g_steal_pointer(&path);
}

char *
mv_test_daemon_binary(const char *name)
{
    const char *builddir = g_getenv("MODVIRT_BUILDDIR");
    g_autofree char *own = g_strdup_printf("daemons/%s/modvirt-%s", name, name);
    g_autofree char *shared = g_strdup_printf("daemons/modvirt-%s", name);
    g_autofree char *own_path = NULL;

    /* A daemon with a driver library of its own is built in its folder. */
    if (builddir) {
        own_path = g_build_filename(builddir, own, NULL);
        if (g_file_test(own_path, G_FILE_TEST_EXISTS))
            return g_steal_pointer(&own_path);
    }
    return mv_test_built_file(shared);
}

char *
mv_test_socket_path(const char *root, const char *name, bool read_only)
{
    g_autofree char *base = g_strdup_printf("%s-sock%s", name, read_only ? "-ro" : "");

    return g_build_filename(root, "run", "modvirt", base, NULL);
}

/* The test's environment without what would make a child think systemd started it. */
static char **
child_environ(void)
{
    static const char *const drop[] = {
        "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "NOTIFY_SOCKET",
    };
    char **env = g_get_environ();

    for (size_t i = 0; i < G_N_ELEMENTS(drop); i++)
        env = g_environ_unsetenv(env, drop[i]);
    return env;
}

pid_t
mv_test_spawn(const char *const *argv, const char *stdout_path, const char *stderr_path)
{
    return mv_test_spawn_env(argv, NULL, stdout_path, stderr_path);
}

pid_t
mv_test_spawn_env(const char *const *argv, const char *const *extra_env,
                  const char *stdout_path, const char *stderr_path)
{
    posix_spawn_file_actions_t actions;
    g_auto(GStrv) env = child_environ();
    pid_t pid = -1;
    int rc;

    for (size_t i = 0; extra_env && extra_env[i]; i++) {
        g_auto(GStrv) kv = g_strsplit(extra_env[i], "=", 2);

        env = g_environ_setenv(env, kv[0], kv[1] ? kv[1] : "", TRUE);
    }

    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, stdout_path ? stdout_path : "/dev/null",
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, stderr_path ? stderr_path : "/dev/null",
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    rc = posix_spawn(&pid, argv[0], &actions, NULL, (char *const *) argv, env);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        g_error("cannot start '%s': %s", argv[0], g_strerror(rc));
    abort_pid_add(pid, true);
    return pid;
}

bool
mv_test_wait_exit(pid_t pid, unsigned int timeout_ms, int *ret_status)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * 1000;

    for (;;) {
        int status = 0;
        pid_t got = waitpid(pid, &status, WNOHANG);

        if (got == pid) {
            mv_test_abort_kill_remove(pid);
            if (ret_status)
                *ret_status = status;
            return true;
        }
        if (got < 0 && errno != EINTR)
            g_error("waitpid(%lld): %s", (long long) pid, g_strerror(errno));
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(POLL_INTERVAL_US);
    }
}

static int
exit_code(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

int
mv_test_kill(pid_t pid)
{
    int status = 0;

    kill(pid, SIGTERM);
    if (mv_test_wait_exit(pid, MV_TEST_STOP_TIMEOUT_MS, &status))
        return exit_code(status);

    g_test_message("pid %lld ignored SIGTERM for %d ms: SIGKILL",
                   (long long) pid, MV_TEST_STOP_TIMEOUT_MS);
    kill(pid, SIGKILL);
    mv_test_wait_exit(pid, MV_TEST_STOP_TIMEOUT_MS, NULL);
    return -1;
}

static char *
read_and_unlink(const char *path)
{
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        text = g_strdup("");
    g_unlink(path);
    return text;
}

int
mv_test_run(const char *const *argv, unsigned int timeout_ms,
            char **ret_out, char **ret_err)
{
    g_autofree char *dir = mv_test_root_new();
    g_autofree char *out_path = g_build_filename(dir, "stdout", NULL);
    g_autofree char *err_path = g_build_filename(dir, "stderr", NULL);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = 0;
    int ret;
    pid_t pid = mv_test_spawn(argv, out_path, err_path);

    if (mv_test_wait_exit(pid, timeout_ms, &status)) {
        ret = exit_code(status);
    } else {
        g_test_message("'%s' still running after %u ms: killed", argv[0], timeout_ms);
        mv_test_kill(pid);
        ret = -1;
    }

    out = read_and_unlink(out_path);
    err = read_and_unlink(err_path);
    mv_test_root_remove(dir);
    if (ret_out)
        *ret_out = g_steal_pointer(&out);
    if (ret_err)
        *ret_err = g_steal_pointer(&err);
    return ret;
}

int
mv_test_connect(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path))
        return -1;
    g_strlcpy(addr.sun_path, path, sizeof(addr.sun_path));
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
        return -1;
    if (connect(fd, (struct sockaddr *) &addr, sizeof(addr)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

bool
mv_test_wait_socket(const char *path, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * 1000;

    for (;;) {
        int fd = mv_test_connect(path);

        if (fd >= 0) {
            close(fd);
            return true;
        }
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(POLL_INTERVAL_US);
    }
}

bool
mv_test_wait_file_contains(const char *path, const char *needle, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * 1000;

    for (;;) {
        g_autofree char *text = NULL;

        if (g_file_get_contents(path, &text, NULL, NULL) && strstr(text, needle))
            return true;
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(POLL_INTERVAL_US);
    }
}

bool
mv_test_interrupt_after_output(pid_t pid, const char *path, const char *needle,
                               unsigned int timeout_ms, int *ret_status)
{
    bool seen = mv_test_wait_file_contains(path, needle, timeout_ms);

    if (!seen)
        g_test_message("'%s' not in %s after %u ms", needle, path, timeout_ms);
    if (kill(pid, SIGINT) < 0) {
        g_test_message("cannot interrupt %d: %s", (int) pid, g_strerror(errno));
        return false;
    }
    if (!mv_test_wait_exit(pid, MV_TEST_STOP_TIMEOUT_MS, ret_status)) {
        g_test_message("%d did not exit %d ms after SIGINT", (int) pid, MV_TEST_STOP_TIMEOUT_MS);
        return false;
    }
    return seen;
}

static void
log_daemon_stderr(const MvTestDaemon *daemon)
{
    g_autofree char *text = NULL;

    if (g_file_get_contents(daemon->stderr_path, &text, NULL, NULL))
        g_test_message("modvirt-%s stderr:\n%s", daemon->name, text);
}

MvTestDaemon *
mv_test_daemon_start(const char *name, const char *root,
                     const char *const *extra_args)
{
    g_autoptr(MvTestDaemon) daemon = NULL;
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autofree char *binary = mv_test_daemon_binary(name);
    gint64 deadline;
    g_autofree char *stderr_name = g_strdup_printf("%s.stderr", name);

    if (!binary)
        return NULL;

    daemon = g_new0(MvTestDaemon, 1);
    daemon->name = g_strdup(name);
    daemon->root = g_strdup(root);
    daemon->rw_socket = mv_test_socket_path(root, name, false);
    daemon->ro_socket = mv_test_socket_path(root, name, true);
    daemon->stderr_path = g_build_filename(root, stderr_name, NULL);

    g_ptr_array_add(argv, binary);
    g_ptr_array_add(argv, (char *) "--root");
    g_ptr_array_add(argv, (char *) root);
    g_ptr_array_add(argv, (char *) "--timeout");
    g_ptr_array_add(argv, (char *) MV_TEST_DAEMON_IDLE_S);
    for (size_t i = 0; extra_args && extra_args[i]; i++)
        g_ptr_array_add(argv, (char *) extra_args[i]);
    g_ptr_array_add(argv, NULL);

    daemon->pid = mv_test_spawn((const char *const *) argv->pdata, NULL, daemon->stderr_path);

    deadline = g_get_monotonic_time() + (gint64) MV_TEST_START_TIMEOUT_MS * 1000;
    for (;;) {
        int status = 0;
        int fd;

        if (mv_test_wait_exit(daemon->pid, 0, &status)) {
            g_test_message("modvirt-%s exited with status %d before answering",
                           name, exit_code(status));
            daemon->pid = 0;
            log_daemon_stderr(daemon);
            return NULL;
        }
        if ((fd = mv_test_connect(daemon->rw_socket)) >= 0) {
            close(fd);
            return g_steal_pointer(&daemon);
        }
        if (g_get_monotonic_time() >= deadline) {
            g_test_message("modvirt-%s did not answer on '%s' within %d ms",
                           name, daemon->rw_socket, MV_TEST_START_TIMEOUT_MS);
            log_daemon_stderr(daemon);
            return NULL;
        }
        g_usleep(POLL_INTERVAL_US);
    }
}

int
mv_test_daemon_stop(MvTestDaemon *daemon)
{
    int ret;

    if (daemon->pid <= 0)
        return -1;
    ret = mv_test_kill(daemon->pid);
    daemon->pid = 0;
    if (ret != 0)
        log_daemon_stderr(daemon);
    return ret;
}

void
mv_test_daemon_free(MvTestDaemon *daemon)
{
    if (!daemon)
        return;
    if (daemon->pid > 0)
        mv_test_daemon_stop(daemon);
    g_free(daemon->name);
    g_free(daemon->root);
    g_free(daemon->rw_socket);
    g_free(daemon->ro_socket);
    g_free(daemon->stderr_path);
    g_free(daemon);
}

void
mv_test_print_file(const char *path)
{
    g_autofree char *text = NULL;

    if (g_file_get_contents(path, &text, NULL, NULL))
        g_printerr("---- %s ----\n%s\n", path, text);
}

guint
mv_test_count_in_file(const char *path, const char *needle)
{
    g_autofree char *text = NULL;
    guint n = 0;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return 0;
    for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

bool
mv_test_wait_pid_gone(pid_t pid, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

    for (;;) {
        waitpid(pid, NULL, WNOHANG);
        if (kill(pid, 0) < 0) {
            mv_test_abort_kill_remove(pid);
            return true;
        }
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(POLL_INTERVAL_US);
    }
}

char *
mv_test_xml_attr(const char *xml, const char *elem, const char *match, const char *attr)
{
    g_autofree char *open = g_strdup_printf("<%s ", elem);
    g_autofree char *key = g_strdup_printf(" %s='", attr);
    const char *p = xml;

    while ((p = strstr(p, open))) {
        const char *end = strchr(p, '>');
        g_autofree char *tag = end ? g_strndup(p, end - p) : g_strdup(p);
        const char *v;

        p += strlen(open);
        if (match && !strstr(tag, match))
            continue;
        if (!(v = strstr(tag, key)))
            continue;
        v += strlen(key);
        return g_strndup(v, strcspn(v, "'"));
    }
    return NULL;
}

void
mv_test_daemon_stop_checked(MvTestDaemon *daemon)
{
    g_autofree char *text = NULL;

    if (!daemon)
        return;
    mv_test_daemon_stop(daemon);
    if (g_file_get_contents(daemon->stderr_path, &text, NULL, NULL) &&
        (strstr(text, "ERROR: AddressSanitizer") || strstr(text, "ERROR: LeakSanitizer") ||
         strstr(text, "runtime error:"))) {
        mv_test_print_file(daemon->stderr_path);
        g_error("modvirt-%s: a sanitizer report (above)", daemon->name);
    }
}
