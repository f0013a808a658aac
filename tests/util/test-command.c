/* Tests of lib/util/command: output capture, environment, cwd, fds, input, timeouts, statuses, quoting. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/command.h"
#include "util/error.h"
#include "util/log.h"

static void
assert_error_names(int code, const char *needle)
{
    g_assert_cmpint(mv_error_last_code(), ==, code);
    g_assert_nonnull(strstr(mv_error_last_message(), needle));
}

/* Runs /bin/sh -c script; returns its stdout, asserting it exited 0. */
static char *
run_script(MvCommand *cmd)
{
    char *out = NULL;
    int status = -1;

    g_assert_cmpint(mv_command_run(cmd, &status, &out, NULL), ==, 0);
    g_assert_cmpint(status, ==, 0);
    return out;
}

static MvCommand *
new_script(const char *script)
{
    MvCommand *cmd = mv_command_new("/bin/sh");

    mv_command_add_args(cmd, "-c", script, NULL);
    return cmd;
}

static void
test_capture(void)
{
    g_autoptr(MvCommand) cmd = new_script("echo out; echo err >&2; printf 'x'");
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = -1;

    g_assert_cmpint(mv_command_run(cmd, &status, &out, &err), ==, 0);
    g_assert_cmpint(status, ==, 0);
    g_assert_cmpstr(out, ==, "out\nx");
    g_assert_cmpstr(err, ==, "err\n");
}

static void
test_capture_large(void)
{
    /* More than a pipe buffer on both streams at once: reading one stream
     * only would deadlock. */
    g_autoptr(MvCommand) cmd =
        new_script("i=0; while [ $i -lt 3000 ]; do "
                   "echo 0123456789012345678901234567890123456789; "
                   "echo abcdefghijabcdefghijabcdefghijabcdefghij >&2; "
                   "i=$((i+1)); done");
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    mv_command_capture_output(cmd);
    mv_command_set_timeout(cmd, 60000);
    g_assert_cmpint(mv_command_run(cmd, NULL, &out, &err), ==, 0);
    g_assert_cmpuint(strlen(out), ==, 3000 * 41);
    g_assert_cmpuint(strlen(err), ==, 3000 * 41);
}

static void
test_args(void)
{
    g_autoptr(MvCommand) cmd = mv_command_new("/bin/echo");
    g_autofree char *out = NULL;

    mv_command_add_arg(cmd, "a b");
    mv_command_add_arg_format(cmd, "n=%d", 42);
    mv_command_add_arg_pair(cmd, "--name", "vm1");
    mv_command_add_arg_pair(cmd, "--flag", NULL);
    mv_command_add_args(cmd, "x", "y", NULL);
    g_assert_cmpint(mv_command_run(cmd, NULL, &out, NULL), ==, 0);
    g_assert_cmpstr(out, ==, "a b n=42 --name=vm1 --flag x y\n");
}

static void
test_new_argv_and_path(void)
{
    const char *argv[] = { "echo", "from", "path", NULL };
    g_autoptr(MvCommand) cmd = mv_command_new_argv(argv);
    g_autofree char *out = NULL;

    g_assert_cmpint(mv_command_run(cmd, NULL, &out, NULL), ==, 0);
    g_assert_cmpstr(out, ==, "from path\n");
}

static void
test_env_cleared(void)
{
    g_autoptr(MvCommand) cmd = new_script("echo \"${MV_TEST_SECRET-unset} ${MV_TEST_SET-unset}\"; "
                                          "[ -n \"$PATH\" ] && echo path");
    g_autofree char *out = NULL;

    g_setenv("MV_TEST_SECRET", "leaked", TRUE);
    mv_command_set_env(cmd, "MV_TEST_SET", "given value");
    out = run_script(cmd);
    g_assert_cmpstr(out, ==, "unset given value\npath\n");
    g_unsetenv("MV_TEST_SECRET");
}

static void
test_env_inherited(void)
{
    g_autoptr(MvCommand) cmd = new_script("echo \"${MV_TEST_SECRET-unset} ${MV_TEST_GONE-unset}\"");
    g_autofree char *out = NULL;

    g_setenv("MV_TEST_SECRET", "kept", TRUE);
    g_setenv("MV_TEST_GONE", "removed", TRUE);
    mv_command_inherit_env(cmd);
    mv_command_set_env(cmd, "MV_TEST_GONE", NULL);
    out = run_script(cmd);
    g_assert_cmpstr(out, ==, "kept unset\n");
    g_unsetenv("MV_TEST_SECRET");
    g_unsetenv("MV_TEST_GONE");
}

static void
test_env_override(void)
{
    g_autoptr(MvCommand) cmd = new_script("echo \"$MV_TEST_TWICE $LC_MV_TEST\"");
    g_autofree char *out = NULL;

    /* LC_* pass through; a variable set twice keeps its last value. */
    g_setenv("LC_MV_TEST", "locale", TRUE);
    mv_command_set_env(cmd, "MV_TEST_TWICE", "first");
    mv_command_set_env(cmd, "MV_TEST_TWICE", "second");
    out = run_script(cmd);
    g_assert_cmpstr(out, ==, "second locale\n");
    g_unsetenv("LC_MV_TEST");
}

static void
test_cwd(void)
{
    g_autoptr(MvCommand) cmd = mv_command_new("/bin/pwd");
    g_autofree char *tmp = g_dir_make_tmp("mv-test-cwd-XXXXXX", NULL);
    g_autofree char *real = NULL;
    g_autofree char *out = NULL;
    g_autofree char *expected = NULL;

    g_assert_nonnull(tmp);
    real = realpath(tmp, NULL);
    expected = g_strdup_printf("%s\n", real);
    mv_command_set_cwd(cmd, tmp);
    g_assert_cmpint(mv_command_run(cmd, NULL, &out, NULL), ==, 0);
    g_assert_cmpstr(out, ==, expected);
    g_assert_cmpint(rmdir(tmp), ==, 0);
}

static void
test_cwd_missing(void)
{
    g_autoptr(MvCommand) cmd = mv_command_new("/bin/pwd");

    mv_command_set_cwd(cmd, "/nonexistent/mv-test-dir");
    g_assert_cmpint(mv_command_run(cmd, NULL, NULL, NULL), ==, -1);
    assert_error_names(VIR_ERR_INTERNAL_ERROR, "/nonexistent/mv-test-dir");
    g_assert_nonnull(strstr(mv_error_last_message(), "/bin/pwd"));
}

static void
test_pass_fd(void)
{
    g_autoptr(MvCommand) cmd = new_script("echo to-five >&5; echo to-nine >&9");
    int five[2];
    int nine[2];
    char buf[64] = { 0 };

    g_assert_cmpint(pipe2(five, O_CLOEXEC), ==, 0);
    g_assert_cmpint(pipe2(nine, O_CLOEXEC), ==, 0);
    mv_command_pass_fd(cmd, five[1], 5);
    mv_command_pass_fd(cmd, nine[1], 9);
    g_assert_cmpint(mv_command_run(cmd, NULL, NULL, NULL), ==, 0);
    close(five[1]);
    close(nine[1]);

    g_assert_cmpint(read(five[0], buf, sizeof(buf) - 1), ==, 8);
    g_assert_cmpstr(buf, ==, "to-five\n");
    memset(buf, 0, sizeof(buf));
    g_assert_cmpint(read(nine[0], buf, sizeof(buf) - 1), ==, 8);
    g_assert_cmpstr(buf, ==, "to-nine\n");
    close(five[0]);
    close(nine[0]);
}

static void
test_pass_fd_swapped(void)
{
    /* Each parent fd is the other's child number: a naive dup2 order
     * would send both lines into one pipe. */
    g_autoptr(MvCommand) cmd = NULL;
    g_autofree char *script = NULL;
    int a[2];
    int b[2];
    char buf[16] = { 0 };

    g_assert_cmpint(pipe(a), ==, 0);
    g_assert_cmpint(pipe(b), ==, 0);
    script = g_strdup_printf("echo A >&%d; echo B >&%d", b[1], a[1]);
    cmd = new_script(script);
    mv_command_pass_fd(cmd, a[1], b[1]);
    mv_command_pass_fd(cmd, b[1], a[1]);
    g_assert_cmpint(mv_command_run(cmd, NULL, NULL, NULL), ==, 0);
    close(a[1]);
    close(b[1]);
    g_assert_cmpint(read(a[0], buf, sizeof(buf) - 1), ==, 2);
    g_assert_cmpstr(buf, ==, "A\n");
    memset(buf, 0, sizeof(buf));
    g_assert_cmpint(read(b[0], buf, sizeof(buf) - 1), ==, 2);
    g_assert_cmpstr(buf, ==, "B\n");
    close(a[0]);
    close(b[0]);
}

static void
test_other_fds_closed(void)
{
    g_autoptr(MvCommand) cmd = NULL;
    g_autofree char *script = NULL;
    g_autofree char *out = NULL;
    int leaked = open("/dev/null", O_RDONLY);
    int kept = open("/dev/null", O_RDONLY);

    /* Neither fd is close-on-exec; only the passed one may reach the child. */
    g_assert_cmpint(leaked, >, 2);
    script = g_strdup_printf("for fd in %d 7; do "
                             "if [ -e /proc/$$/fd/$fd ]; then echo open; else echo closed; fi; "
                             "done", leaked);
    cmd = new_script(script);
    mv_command_pass_fd(cmd, kept, 7);
    out = run_script(cmd);
    g_assert_cmpstr(out, ==, "closed\nopen\n");
    close(leaked);
    close(kept);
}

static void
test_pass_fd_bad(void)
{
    g_autoptr(MvCommand) low = mv_command_new("/bin/true");
    g_autoptr(MvCommand) twice = mv_command_new("/bin/true");

    mv_command_pass_fd(low, 0, 2);
    g_assert_cmpint(mv_command_run(low, NULL, NULL, NULL), ==, -1);
    assert_error_names(VIR_ERR_INVALID_ARG, "as fd 2");
    g_assert_nonnull(strstr(mv_error_last_message(), "/bin/true"));

    mv_command_pass_fd(twice, 0, 5);
    mv_command_pass_fd(twice, 1, 5);
    g_assert_cmpint(mv_command_run(twice, NULL, NULL, NULL), ==, -1);
    assert_error_names(VIR_ERR_INVALID_ARG, "fd 5 is passed twice");
}

static void
test_input(void)
{
    g_autoptr(MvCommand) cmd = mv_command_new("/bin/cat");
    g_autofree char *out = NULL;

    mv_command_set_input(cmd, "line one\nline two\n");
    g_assert_cmpint(mv_command_run(cmd, NULL, &out, NULL), ==, 0);
    g_assert_cmpstr(out, ==, "line one\nline two\n");
}

static void
test_input_large(void)
{
    g_autoptr(MvCommand) cmd = mv_command_new("/bin/cat");
    g_autofree char *big = g_strnfill(300000, 'q');
    g_autofree char *out = NULL;

    /* cat writes back while we still write: both directions at once. */
    mv_command_set_input(cmd, big);
    g_assert_cmpint(mv_command_run(cmd, NULL, &out, NULL), ==, 0);
    g_assert_cmpstr(out, ==, big);
}

static void
test_input_ignored(void)
{
    g_autoptr(MvCommand) cmd = mv_command_new("/bin/true");
    g_autofree char *big = g_strnfill(1000000, 'z');
    int status = -1;

    /* The child exits without reading: EPIPE, not a SIGPIPE death. */
    mv_command_set_input(cmd, big);
    g_assert_cmpint(mv_command_run(cmd, &status, NULL, NULL), ==, 0);
    g_assert_cmpint(status, ==, 0);
}

static void
test_stdin_dev_null(void)
{
    g_autoptr(MvCommand) cmd = mv_command_new("/bin/cat");
    g_autofree char *out = NULL;

    g_assert_cmpint(mv_command_run(cmd, NULL, &out, NULL), ==, 0);
    g_assert_cmpstr(out, ==, "");
}

static void
test_timeout(void)
{
    g_autoptr(MvCommand) cmd = mv_command_new("/bin/sleep");
    gint64 start;

    mv_command_add_arg(cmd, "30");
    mv_command_set_timeout(cmd, 200);
    start = g_get_monotonic_time();
    g_assert_cmpint(mv_command_run(cmd, NULL, NULL, NULL), ==, -1);
    g_assert_cmpint(g_get_monotonic_time() - start, <, 10 * G_USEC_PER_SEC);
    assert_error_names(VIR_ERR_INTERNAL_ERROR, "'/bin/sleep 30'");
    g_assert_nonnull(strstr(mv_error_last_message(), "200 ms"));
}

static void
test_timeout_sigterm_ignored(void)
{
    g_autoptr(MvCommand) cmd = new_script("trap '' TERM; exec /bin/sleep 30");
    g_autofree char *out = NULL;
    int status = -1;
    gint64 start;

    mv_command_set_timeout(cmd, 200);
    start = g_get_monotonic_time();
    g_assert_cmpint(mv_command_run(cmd, &status, &out, NULL), ==, -1);
    g_assert_cmpint(g_get_monotonic_time() - start, <, 10 * G_USEC_PER_SEC);
    g_assert_null(out);
    g_assert_cmpint(status, ==, -1);
    assert_error_names(VIR_ERR_INTERNAL_ERROR, "timed out");
    g_assert_nonnull(strstr(mv_error_last_message(), "exec /bin/sleep 30"));
}

static void
test_exit_status(void)
{
    g_autoptr(MvCommand) cmd = new_script("echo partial; echo '  bad thing happened  ' >&2; exit 3");
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = -1;

    /* With ret_status, a failing program is a result, not an error. */
    g_assert_cmpint(mv_command_run(cmd, &status, &out, &err), ==, 0);
    g_assert_cmpint(status, ==, 3);
    g_assert_cmpstr(out, ==, "partial\n");
    g_assert_cmpstr(err, ==, "  bad thing happened  \n");
}

static void
test_exit_status_error(void)
{
    g_autoptr(MvCommand) cmd = new_script("echo '  bad thing happened  ' >&2; exit 3");
    char *out = NULL;

    g_assert_cmpint(mv_command_run(cmd, NULL, &out, NULL), ==, -1);
    g_assert_null(out);
    assert_error_names(VIR_ERR_INTERNAL_ERROR, "status 3: bad thing happened");
    g_assert_nonnull(strstr(mv_error_last_message(), "/bin/sh -c"));
    g_assert_true(g_str_has_suffix(mv_error_last_message(), "status 3: bad thing happened"));
}

static void
test_signal_status(void)
{
    g_autoptr(MvCommand) cmd = new_script("kill -USR1 $$");
    int status = -1;

    g_assert_cmpint(mv_command_run(cmd, &status, NULL, NULL), ==, 0);
    g_assert_cmpint(status, ==, 128 + SIGUSR1);

    g_assert_cmpint(mv_command_run(cmd, NULL, NULL, NULL), ==, -1);
    assert_error_names(VIR_ERR_INTERNAL_ERROR, "signal 10");
    g_assert_nonnull(strstr(mv_error_last_message(), "kill -USR1"));
}

static void
test_missing_binary(void)
{
    g_autoptr(MvCommand) abs_cmd = mv_command_new("/nonexistent/mv-no-such-program");
    g_autoptr(MvCommand) path_cmd = mv_command_new("mv-no-such-program-in-path");
    pid_t pid = 0;

    g_assert_cmpint(mv_command_run(abs_cmd, NULL, NULL, NULL), ==, -1);
    assert_error_names(VIR_ERR_INTERNAL_ERROR, "/nonexistent/mv-no-such-program");
    g_assert_nonnull(strstr(mv_error_last_message(), g_strerror(ENOENT)));

    g_assert_cmpint(mv_command_run(path_cmd, NULL, NULL, NULL), ==, -1);
    assert_error_names(VIR_ERR_INTERNAL_ERROR, "mv-no-such-program-in-path");

    g_assert_cmpint(mv_command_spawn(abs_cmd, &pid), ==, -1);
    g_assert_cmpint(pid, ==, 0);
    assert_error_names(VIR_ERR_INTERNAL_ERROR, "/nonexistent/mv-no-such-program");
}

static void
test_not_executable(void)
{
    g_autofree char *tmp = g_dir_make_tmp("mv-test-exec-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(tmp, "script", NULL);
    g_autoptr(MvCommand) cmd = NULL;

    g_assert_nonnull(tmp);
    g_assert_true(g_file_set_contents(path, "#!/bin/sh\necho hi\n", -1, NULL));
    g_assert_cmpint(chmod(path, 0644), ==, 0);

    cmd = mv_command_new(path);
    g_assert_cmpint(mv_command_run(cmd, NULL, NULL, NULL), ==, -1);
    assert_error_names(VIR_ERR_INTERNAL_ERROR, path);
    g_assert_nonnull(strstr(mv_error_last_message(), g_strerror(EACCES)));

    g_assert_cmpint(unlink(path), ==, 0);
    g_assert_cmpint(rmdir(tmp), ==, 0);
}

static void
test_empty_argv(void)
{
    const char *argv[] = { NULL };
    g_autoptr(MvCommand) cmd = mv_command_new_argv(argv);

    g_assert_cmpint(mv_command_run(cmd, NULL, NULL, NULL), ==, -1);
    assert_error_names(VIR_ERR_INVALID_ARG, "no program");
}

static void
test_spawn(void)
{
    g_autoptr(MvCommand) cmd = new_script("exit 7");
    g_autoptr(MvCommand) captured = mv_command_new("/bin/true");
    pid_t pid = 0;
    int status;

    g_assert_cmpint(mv_command_spawn(cmd, &pid), ==, 0);
    g_assert_cmpint(pid, >, 0);
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 7);

    mv_command_capture_output(captured);
    g_assert_cmpint(mv_command_spawn(captured, &pid), ==, -1);
    assert_error_names(VIR_ERR_OPERATION_INVALID, "/bin/true");
}

static gpointer
thread_runs(gpointer data)
{
    g_autoptr(MvCommand) cmd = mv_command_new("/bin/echo");
    g_autofree char *out = NULL;
    g_autofree char *expected = g_strdup_printf("%d\n", GPOINTER_TO_INT(data));

    mv_command_add_arg_format(cmd, "%d", GPOINTER_TO_INT(data));
    for (int i = 0; i < 20; i++) {
        g_clear_pointer(&out, g_free);
        if (mv_command_run(cmd, NULL, &out, NULL) < 0 || g_strcmp0(out, expected) != 0)
            return GINT_TO_POINTER(FALSE);
    }
    return GINT_TO_POINTER(TRUE);
}

static void
test_threads(void)
{
    GThread *threads[4];

    for (int i = 0; i < 4; i++)
        threads[i] = g_thread_new("runner", thread_runs, GINT_TO_POINTER(i));
    for (int i = 0; i < 4; i++)
        g_assert_true(GPOINTER_TO_INT(g_thread_join(threads[i])));
}

typedef struct {
    const char *arg;
    const char *quoted;
} QuoteCase;

static void
test_to_string(void)
{
    static const QuoteCase cases[] = {
        { "plain-arg_1.0:x=y,z+@%/", "plain-arg_1.0:x=y,z+@%/" },
        { "hello world", "'hello world'" },
        { "it's", "'it'\\''s'" },
        { "say \"hi\"", "'say \"hi\"'" },
        { "", "''" },
        { "$HOME", "'$HOME'" },
        { "a;b", "'a;b'" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(MvCommand) cmd = mv_command_new("/usr/bin/qemu");
        g_autofree char *line = NULL;
        g_autofree char *expected = g_strdup_printf("/usr/bin/qemu %s", cases[i].quoted);

        mv_command_add_arg(cmd, cases[i].arg);
        line = mv_command_to_string(cmd);
        g_assert_cmpstr(line, ==, expected);
    }
}

static void
test_to_string_env(void)
{
    g_autoptr(MvCommand) cmd = mv_command_new("/bin/prog with space");
    g_autofree char *line = NULL;

    mv_command_set_env(cmd, "LC_ALL", "C");
    mv_command_set_env(cmd, "GREETING", "hello there");
    mv_command_add_args(cmd, "-x", "two words", NULL);
    line = mv_command_to_string(cmd);
    g_assert_cmpstr(line, ==, "LC_ALL=C GREETING='hello there' '/bin/prog with space' -x 'two words'");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    g_test_add_func("/util/command/capture", test_capture);
    g_test_add_func("/util/command/capture-large", test_capture_large);
    g_test_add_func("/util/command/args", test_args);
    g_test_add_func("/util/command/new-argv-path", test_new_argv_and_path);
    g_test_add_func("/util/command/env-cleared", test_env_cleared);
    g_test_add_func("/util/command/env-inherited", test_env_inherited);
    g_test_add_func("/util/command/env-override", test_env_override);
    g_test_add_func("/util/command/cwd", test_cwd);
    g_test_add_func("/util/command/cwd-missing", test_cwd_missing);
    g_test_add_func("/util/command/pass-fd", test_pass_fd);
    g_test_add_func("/util/command/pass-fd-swapped", test_pass_fd_swapped);
    g_test_add_func("/util/command/other-fds-closed", test_other_fds_closed);
    g_test_add_func("/util/command/pass-fd-bad", test_pass_fd_bad);
    g_test_add_func("/util/command/input", test_input);
    g_test_add_func("/util/command/input-large", test_input_large);
    g_test_add_func("/util/command/input-ignored", test_input_ignored);
    g_test_add_func("/util/command/stdin-dev-null", test_stdin_dev_null);
    g_test_add_func("/util/command/timeout", test_timeout);
    g_test_add_func("/util/command/timeout-sigterm-ignored", test_timeout_sigterm_ignored);
    g_test_add_func("/util/command/exit-status", test_exit_status);
    g_test_add_func("/util/command/exit-status-error", test_exit_status_error);
    g_test_add_func("/util/command/signal-status", test_signal_status);
    g_test_add_func("/util/command/missing-binary", test_missing_binary);
    g_test_add_func("/util/command/not-executable", test_not_executable);
    g_test_add_func("/util/command/empty-argv", test_empty_argv);
    g_test_add_func("/util/command/spawn", test_spawn);
    g_test_add_func("/util/command/threads", test_threads);
    g_test_add_func("/util/command/to-string", test_to_string);
    g_test_add_func("/util/command/to-string-env", test_to_string_env);
    return g_test_run();
}
