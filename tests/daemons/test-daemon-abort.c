/* A test that fails (assertion, g_error, exit) leaves neither its daemons nor its --root behind: tests/common kills them by pid. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

/* How long the daemon and the root get to go once the failed test has. */
#define GONE_TIMEOUT_MS 5000

typedef enum {
    FAIL_ASSERT,    /* g_assert: SIGABRT */
    FAIL_ERROR,     /* g_error: SIGTRAP */
    FAIL_EXIT,      /* exit(): no g_autoptr cleanup runs */
} FailHow;

typedef struct {
    const char *name;
    FailHow how;
} FailCase;

/* The failing test, in a child: starts xend, says its pid and root on fd,
 * then fails as tc says. */
static G_GNUC_NORETURN void
failing_test(const FailCase *tc, int fd)
{
    g_autofree char *root = NULL;
    MvTestDaemon *daemon = NULL;
    g_autofree char *said = NULL;

    /* Its TAP lines ("Bail out!") are not the parent's. */
    dup2(STDERR_FILENO, STDOUT_FILENO);
    root = mv_test_root_new();
    daemon = mv_test_daemon_start("xend", root, NULL);
    if (!daemon)
        _exit(77);
    said = g_strdup_printf("%d %s", (int) daemon->pid, root);
    if (write(fd, said, strlen(said)) < 0)
        _exit(78);
    close(fd);
    switch (tc->how) {
    case FAIL_ASSERT:
        g_assert_cmpint(daemon->pid, ==, 0);
        break;
    case FAIL_ERROR:
        g_error("the failing test fails");
        break;
    case FAIL_EXIT:
        exit(1);
    }
    _exit(0);
}

/* Gone, or a zombie no one has reaped yet: either way not running. */
static bool
pid_running(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/stat", (int) pid);
    g_autofree char *stat = NULL;
    const char *end;

    if (kill(pid, 0) < 0 || !g_file_get_contents(path, &stat, NULL, NULL))
        return false;
    end = strrchr(stat, ')');
    return !(end && end[1] == ' ' && end[2] == 'Z');
}

static bool
wait_gone(pid_t pid, const char *root)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) GONE_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

    while (pid_running(pid) || g_file_test(root, G_FILE_TEST_EXISTS)) {
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(20 * 1000);
    }
    return true;
}

static void
test_fail(gconstpointer data)
{
    const FailCase *tc = data;
    g_autofree char *binary = mv_test_daemon_binary("xend");
    g_auto(GStrv) fields = NULL;
    char said[512] = "";
    int fds[2];
    int status = 0;
    ssize_t got;
    pid_t child;
    pid_t daemon;

    if (!binary)
        return;
    g_assert_cmpint(pipe(fds), ==, 0);
    fflush(stdout);
    fflush(stderr);
    child = fork();
    g_assert_cmpint(child, >=, 0);
    if (child == 0) {
        close(fds[0]);
        failing_test(tc, fds[1]);
    }
    close(fds[1]);
    got = read(fds[0], said, sizeof(said) - 1);
    close(fds[0]);
    g_assert_true(mv_test_wait_exit(child, MV_TEST_STOP_TIMEOUT_MS, &status));
    g_assert_cmpint(got, >, 0);
    g_test_message("failing test: wait status 0x%x, said '%s'", (unsigned int) status, said);
    g_assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    if (tc->how == FAIL_ASSERT)
        g_assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);

    fields = g_strsplit(said, " ", 2);
    g_assert_cmpuint(g_strv_length(fields), ==, 2);
    daemon = atoi(fields[0]);
    g_assert_cmpint(daemon, >, 0);
    if (!wait_gone(daemon, fields[1])) {
        kill(daemon, SIGKILL);
        g_error("%s: daemon pid %d still running or '%s' still there %d ms after the test failed",
                tc->name, (int) daemon, fields[1], GONE_TIMEOUT_MS);
    }
}

/* A test killed by SIGKILL runs no handler: its daemons still have
 * --timeout, and go once idle. */
static void
test_idle_timeout_given(void)
{
    g_autofree char *binary = mv_test_daemon_binary("xend");
    g_autofree char *root = NULL;
    g_autoptr(MvTestDaemon) daemon = NULL;
    g_autofree char *path = NULL;
    g_autofree char *cmdline = NULL;
    gsize len = 0;
    bool seen = false;

    if (!binary)
        return;
    root = mv_test_root_new();
    daemon = mv_test_daemon_start("xend", root, NULL);
    g_assert_nonnull(daemon);
    path = g_strdup_printf("/proc/%d/cmdline", (int) daemon->pid);
    g_assert_true(g_file_get_contents(path, &cmdline, &len, NULL));
    for (const char *p = cmdline; p < cmdline + len; p += strlen(p) + 1) {
        if (g_str_equal(p, "--timeout"))
            seen = true;
    }
    g_assert_true(seen);
    g_assert_cmpint(mv_test_daemon_stop(daemon), ==, 0);
    mv_test_root_remove(root);
}

static const FailCase cases[] = {
    { "assert", FAIL_ASSERT },
    { "error", FAIL_ERROR },
    { "exit", FAIL_EXIT },
};

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path = g_strdup_printf("/daemon/abort/%s", cases[i].name);

        g_test_add_data_func(path, &cases[i], test_fail);
    }
    g_test_add_func("/daemon/abort/idle-timeout", test_idle_timeout_given);
    return g_test_run();
}
