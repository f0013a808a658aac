/* Tests of lib/util/log: filters, outputs, the line format, env setup, reopen and concurrent writers. */
#define MV_LOG_MODULE "test.log"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/log.h"

/* "2024-01-31 12:34:56.789+0000: 1234: info : test.log : text" */
#define LINE_PREFIX_RE "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000: \\d+: "

typedef struct {
    char *dir;
} Fixture;

static void
fixture_setup(Fixture *fix, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    mv_log_reset();
    mv_error_reset();
    fix->dir = g_dir_make_tmp("modvirt-test-log-XXXXXX", &error);
    g_assert_no_error(error);
}

static void
fixture_teardown(Fixture *fix, gconstpointer data)
{
    g_autoptr(GDir) dir = g_dir_open(fix->dir, 0, NULL);
    const char *name;

    /* Back to stderr first: the files below are about to go away. */
    mv_log_reset();
    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(fix->dir, name, NULL);

        if (g_file_test(path, G_FILE_TEST_IS_DIR))
            g_assert_cmpint(rmdir(path), ==, 0);
        else
            g_assert_cmpint(unlink(path), ==, 0);
    }
    g_assert_cmpint(rmdir(fix->dir), ==, 0);
    g_free(fix->dir);
}

static char *
fixture_path(Fixture *fix, const char *name)
{
    return g_build_filename(fix->dir, name, NULL);
}

/* The file's lines, without the final empty one. */
static char **
read_lines(const char *path)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *contents = NULL;
    size_t len;

    g_file_get_contents(path, &contents, &len, &error);
    g_assert_no_error(error);
    g_assert_true(len == 0 || contents[len - 1] == '\n');
    if (len > 0)
        contents[len - 1] = '\0';
    return len ? g_strsplit(contents, "\n", -1) : g_new0(char *, 1);
}

static void
assert_line(const char *line, const char *priority, const char *module, const char *text)
{
    g_autofree char *pattern = g_strdup_printf(LINE_PREFIX_RE "%s : %s : %s$",
                                               priority, module, text);

    if (!g_regex_match_simple(pattern, line, 0, 0))
        g_error("line '%s' does not match '%s'", line, pattern);
}

/* Checks the last error's code and that its message names the bad value. */
static void
assert_error(int code, const char *bad)
{
    g_assert_cmpint(mv_error_last_code(), ==, code);
    if (!strstr(mv_error_last_message(), bad))
        g_error("message '%s' does not name '%s'", mv_error_last_message(), bad);
    mv_error_reset();
}

static void
test_defaults(void)
{
    mv_log_set_default_priority(MV_LOG_DEBUG);
    g_assert_cmpint(mv_log_set_filters("4:qemu"), ==, 0);
    mv_log_reset();

    g_assert_cmpint(mv_log_get_default_priority(), ==, MV_LOG_WARN);
    g_assert_false(mv_log_would_log(MV_LOG_DEBUG, "qemu"));
    g_assert_false(mv_log_would_log(MV_LOG_INFO, "util.file"));
    g_assert_true(mv_log_would_log(MV_LOG_WARN, "util.file"));
    g_assert_true(mv_log_would_log(MV_LOG_ERROR, "qemu"));

    /* Raising the default priority alone is enough to see more. */
    mv_log_set_default_priority(MV_LOG_DEBUG);
    g_assert_cmpint(mv_log_get_default_priority(), ==, MV_LOG_DEBUG);
    g_assert_true(mv_log_would_log(MV_LOG_DEBUG, "util.file"));
    mv_log_reset();
}

static void
test_filters_select(void)
{
    mv_log_reset();
    g_assert_cmpint(mv_log_set_filters("1:qemu 3:util.file +2:rpc 1:+conf.net"), ==, 0);

    /* A match is a substring of the module name. */
    g_assert_true(mv_log_would_log(MV_LOG_DEBUG, "qemu"));
    g_assert_true(mv_log_would_log(MV_LOG_DEBUG, "qemu.monitor"));
    g_assert_true(mv_log_would_log(MV_LOG_DEBUG, "driver.qemu"));

    g_assert_false(mv_log_would_log(MV_LOG_INFO, "util.file"));
    g_assert_true(mv_log_would_log(MV_LOG_WARN, "util.file"));

    /* '+' is accepted and ignored. */
    g_assert_false(mv_log_would_log(MV_LOG_DEBUG, "rpc.server"));
    g_assert_true(mv_log_would_log(MV_LOG_INFO, "rpc.server"));
    g_assert_true(mv_log_would_log(MV_LOG_DEBUG, "conf.network"));

    /* No match: the default priority. */
    g_assert_false(mv_log_would_log(MV_LOG_INFO, "conf.domain"));
    g_assert_true(mv_log_would_log(MV_LOG_WARN, "conf.domain"));

    /* A filter can also silence a module below the default. */
    mv_log_set_default_priority(MV_LOG_DEBUG);
    g_assert_cmpint(mv_log_set_filters("4:noisy"), ==, 0);
    g_assert_false(mv_log_would_log(MV_LOG_WARN, "noisy.module"));
    g_assert_true(mv_log_would_log(MV_LOG_ERROR, "noisy.module"));
    g_assert_true(mv_log_would_log(MV_LOG_DEBUG, "quiet"));

    /* The first matching filter decides. */
    g_assert_cmpint(mv_log_set_filters("4:util 1:util.file"), ==, 0);
    g_assert_false(mv_log_would_log(MV_LOG_WARN, "util.file"));
    g_assert_cmpint(mv_log_set_filters("1:util.file 4:util"), ==, 0);
    g_assert_true(mv_log_would_log(MV_LOG_DEBUG, "util.file"));
    g_assert_false(mv_log_would_log(MV_LOG_WARN, "util.uuid"));
    mv_log_reset();
}

static void
test_filters_whitespace(void)
{
    mv_log_reset();
    g_assert_cmpint(mv_log_set_filters("  1:alpha \t 2:beta\n"), ==, 0);
    g_assert_true(mv_log_would_log(MV_LOG_DEBUG, "alpha"));
    g_assert_true(mv_log_would_log(MV_LOG_INFO, "beta"));
    g_assert_false(mv_log_would_log(MV_LOG_DEBUG, "beta"));

    /* An empty spec removes every filter. */
    g_assert_cmpint(mv_log_set_filters(""), ==, 0);
    g_assert_false(mv_log_would_log(MV_LOG_DEBUG, "alpha"));
    g_assert_cmpint(mv_log_set_filters("1:alpha"), ==, 0);
    g_assert_cmpint(mv_log_set_filters(NULL), ==, 0);
    g_assert_false(mv_log_would_log(MV_LOG_DEBUG, "alpha"));
}

static void
test_filters_bad(void)
{
    static const char *const bad[] = {
        "5:qemu", "0:qemu", "x:qemu", "qemu", "1:", "1:+", "+1:+", "+", "++1:qemu",
        "1qemu", "12:qemu", ":qemu",
    };
    size_t i;

    mv_log_reset();
    g_assert_cmpint(mv_log_set_filters("2:keep"), ==, 0);

    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *spec = g_strdup_printf("1:good %s", bad[i]);
        g_autofree char *quoted = g_strdup_printf("'%s'", bad[i]);

        g_assert_cmpint(mv_log_set_filters(spec), ==, -1);
        assert_error(VIR_ERR_CONF_SYNTAX, quoted);

        /* The previous filters are still in force. */
        g_assert_true(mv_log_would_log(MV_LOG_INFO, "keep"));
        g_assert_false(mv_log_would_log(MV_LOG_INFO, "good"));
    }
    mv_log_reset();
}

static void
test_outputs_bad(Fixture *fix, gconstpointer data)
{
    static const char *const bad[] = {
        "5:stderr", "0:stderr", "x:stderr", "stderr", "1:file", "1:file:",
        "1:nowhere", "1:", "1:stderr:extra", "1:journald:x", "1:STDERR",
    };
    g_autofree char *keep = fixture_path(fix, "keep.log");
    g_autofree char *keep_spec = g_strdup_printf("3:file:%s", keep);
    g_autofree char *missing = g_build_filename(fix->dir, "no-such-dir", "x.log", NULL);
    g_autofree char *missing_spec = g_strdup_printf("1:file:%s", missing);
    g_auto(GStrv) lines = NULL;
    size_t i;

    g_assert_cmpint(mv_log_set_outputs(keep_spec), ==, 0);

    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *spec = g_strdup_printf("1:stderr %s", bad[i]);
        g_autofree char *quoted = g_strdup_printf("'%s'", bad[i]);

        g_assert_cmpint(mv_log_set_outputs(spec), ==, -1);
        assert_error(VIR_ERR_CONF_SYNTAX, quoted);
    }

    g_assert_cmpint(mv_log_set_outputs("3:syslog:modvirt"), ==, -1);
    assert_error(VIR_ERR_CONFIG_UNSUPPORTED, "'3:syslog:modvirt'");

    g_assert_cmpint(mv_log_set_outputs(missing_spec), ==, -1);
    g_assert_cmpint(mv_error_last()->int1, ==, ENOENT);
    assert_error(VIR_ERR_SYSTEM_ERROR, missing);

    /* The first output is still the only one: it got each error, then this. */
    MV_WARN("still here");
    lines = read_lines(keep);
    g_assert_cmpuint(g_strv_length(lines), ==, G_N_ELEMENTS(bad) + 3);
    for (i = 0; i + 1 < g_strv_length(lines); i++)
        assert_line(lines[i], "error", "util.log", ".*");
    assert_line(lines[i], "warning", "test.log", "still here");
}

static void
test_outputs_file_priorities(Fixture *fix, gconstpointer data)
{
    g_autofree char *all = fixture_path(fix, "all.log");
    g_autofree char *errors = fixture_path(fix, "errors.log");
    g_autofree char *spec = g_strdup_printf("2:file:%s 4:file:%s", all, errors);
    g_auto(GStrv) all_lines = NULL;
    g_auto(GStrv) error_lines = NULL;
    g_autoptr(GError) error = NULL;
    struct stat st;

    /* Appended to, never truncated. */
    g_file_set_contents(all, "earlier\n", -1, &error);
    g_assert_no_error(error);

    mv_log_set_default_priority(MV_LOG_DEBUG);
    g_assert_cmpint(mv_log_set_outputs(spec), ==, 0);
    g_assert_false(mv_log_would_log(MV_LOG_DEBUG, "test.log"));
    g_assert_true(mv_log_would_log(MV_LOG_INFO, "test.log"));

    MV_DEBUG("debug %d", 1);
    MV_INFO("info %d", 2);
    MV_WARN("warning %d", 3);
    MV_ERROR("error %d", 4);
    mv_log_message(MV_LOG_INFO, "other.module", __FILE__, __LINE__, __func__,
                   "trailing newline\n");

    all_lines = read_lines(all);
    g_assert_cmpuint(g_strv_length(all_lines), ==, 5);
    g_assert_cmpstr(all_lines[0], ==, "earlier");
    assert_line(all_lines[1], "info", "test.log", "info 2");
    assert_line(all_lines[2], "warning", "test.log", "warning 3");
    assert_line(all_lines[3], "error", "test.log", "error 4");
    assert_line(all_lines[4], "info", "other.module", "trailing newline");

    error_lines = read_lines(errors);
    g_assert_cmpuint(g_strv_length(error_lines), ==, 1);
    assert_line(error_lines[0], "error", "test.log", "error 4");

    g_assert_cmpint(stat(errors, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0600);
}

static void
test_outputs_after_filters(Fixture *fix, gconstpointer data)
{
    g_autofree char *path = fixture_path(fix, "filtered.log");
    g_autofree char *spec = g_strdup_printf("1:file:%s", path);
    g_auto(GStrv) lines = NULL;

    g_assert_cmpint(mv_log_set_outputs(spec), ==, 0);
    g_assert_cmpint(mv_log_set_filters("1:qemu"), ==, 0);

    mv_log_message(MV_LOG_DEBUG, "qemu.monitor", __FILE__, __LINE__, __func__, "qmp sent");
    mv_log_message(MV_LOG_DEBUG, "util.file", __FILE__, __LINE__, __func__, "dropped");
    mv_log_message(MV_LOG_WARN, "util.file", __FILE__, __LINE__, __func__, "kept");

    lines = read_lines(path);
    g_assert_cmpuint(g_strv_length(lines), ==, 2);
    assert_line(lines[0], "debug", "qemu.monitor", "qmp sent");
    assert_line(lines[1], "warning", "util.file", "kept");
}

static void
test_reopen(Fixture *fix, gconstpointer data)
{
    g_autofree char *path = fixture_path(fix, "daemon.log");
    g_autofree char *rotated = fixture_path(fix, "daemon.log.1");
    g_autofree char *kept = fixture_path(fix, "daemon.log.kept");
    g_auto(GStrv) kept_lines = NULL;
    g_autofree char *spec = g_strdup_printf("1:file:%s", path);
    g_auto(GStrv) old_lines = NULL;
    g_auto(GStrv) new_lines = NULL;

    /* With no file output, there is nothing to do. */
    g_assert_cmpint(mv_log_reopen(), ==, 0);

    g_assert_cmpint(mv_log_set_outputs(spec), ==, 0);
    MV_WARN("before rotation");
    g_assert_cmpint(rename(path, rotated), ==, 0);
    MV_WARN("rotated, not reopened");
    g_assert_cmpint(mv_log_reopen(), ==, 0);
    MV_WARN("after reopen");

    old_lines = read_lines(rotated);
    g_assert_cmpuint(g_strv_length(old_lines), ==, 2);
    assert_line(old_lines[1], "warning", "test.log", "rotated, not reopened");

    new_lines = read_lines(path);
    g_assert_cmpuint(g_strv_length(new_lines), ==, 1);
    assert_line(new_lines[0], "warning", "test.log", "after reopen");

    /* A file that cannot be reopened leaves the old one in use. */
    g_assert_cmpint(link(path, kept), ==, 0);
    g_assert_cmpint(unlink(path), ==, 0);
    g_assert_cmpint(mkdir(path, 0700), ==, 0);
    g_assert_cmpint(mv_log_reopen(), ==, -1);
    assert_error(VIR_ERR_SYSTEM_ERROR, path);
    g_assert_cmpint(rmdir(path), ==, 0);
    MV_WARN("still to the old file");

    kept_lines = read_lines(kept);
    g_assert_cmpuint(g_strv_length(kept_lines), ==, 3);
    assert_line(kept_lines[1], "error", "util.log", ".*cannot open log file.*");
    assert_line(kept_lines[2], "warning", "test.log", "still to the old file");
}

static void
test_stderr_format(void)
{
    if (g_test_subprocess()) {
        mv_log_reset();
        mv_log_set_default_priority(MV_LOG_INFO);
        MV_DEBUG("not shown");
        MV_INFO("hello %s", "world");
        mv_log_message(MV_LOG_ERROR, "util.file", __FILE__, __LINE__, __func__, "bad '%s'", "x");
        return;
    }

    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr("*-*-* *:*:*.*+0000: *: info : test.log : hello world\n"
                              "*-*-* *:*:*.*+0000: *: error : util.file : bad 'x'\n");
    g_test_trap_assert_stderr_unmatched("*not shown*");
}

static void
test_journald(void)
{
    if (g_test_subprocess()) {
        int i;

        g_assert_cmpint(mv_log_set_outputs("1:journald"), ==, 0);
        mv_log_set_default_priority(MV_LOG_DEBUG);
        for (i = 0; i < 200; i++)
            MV_DEBUG("journald message %d", i);
        MV_ERROR("an error for the journal");
        return;
    }

    /* With or without a journald, logging to it never blocks. */
    g_test_trap_subprocess(NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr_unmatched("*journald message*");
}

static void
unset_log_env(void)
{
    g_unsetenv("MODVIRT_LOG_LEVEL");
    g_unsetenv("MODVIRT_LOG_FILTERS");
    g_unsetenv("MODVIRT_LOG_OUTPUTS");
}

static void
test_env(Fixture *fix, gconstpointer data)
{
    g_autofree char *path = fixture_path(fix, "env.log");
    g_autofree char *spec = g_strdup_printf("1:file:%s", path);
    g_auto(GStrv) lines = NULL;

    /* Nothing set: nothing changes. */
    unset_log_env();
    g_assert_cmpint(mv_log_setup_from_env(), ==, 0);
    g_assert_cmpint(mv_log_get_default_priority(), ==, MV_LOG_WARN);

    g_setenv("MODVIRT_LOG_LEVEL", "1", TRUE);
    g_setenv("MODVIRT_LOG_FILTERS", "4:noisy", TRUE);
    g_setenv("MODVIRT_LOG_OUTPUTS", spec, TRUE);
    g_assert_cmpint(mv_log_setup_from_env(), ==, 0);
    g_assert_cmpint(mv_log_get_default_priority(), ==, MV_LOG_DEBUG);
    g_assert_false(mv_log_would_log(MV_LOG_WARN, "noisy"));

    MV_DEBUG("from the environment");
    mv_log_message(MV_LOG_WARN, "noisy", __FILE__, __LINE__, __func__, "dropped");
    lines = read_lines(path);
    g_assert_cmpuint(g_strv_length(lines), ==, 1);
    assert_line(lines[0], "debug", "test.log", "from the environment");

    /* Names work too; an empty variable keeps that part. */
    g_setenv("MODVIRT_LOG_LEVEL", "info", TRUE);
    g_setenv("MODVIRT_LOG_FILTERS", "", TRUE);
    g_unsetenv("MODVIRT_LOG_OUTPUTS");
    g_assert_cmpint(mv_log_setup_from_env(), ==, 0);
    g_assert_cmpint(mv_log_get_default_priority(), ==, MV_LOG_INFO);
    g_assert_false(mv_log_would_log(MV_LOG_WARN, "noisy"));

    /* A bad value anywhere: nothing at all changes. */
    g_setenv("MODVIRT_LOG_LEVEL", "7", TRUE);
    g_assert_cmpint(mv_log_setup_from_env(), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, "'7'");

    g_setenv("MODVIRT_LOG_LEVEL", "verbose", TRUE);
    g_assert_cmpint(mv_log_setup_from_env(), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, "'verbose'");

    g_setenv("MODVIRT_LOG_LEVEL", "1", TRUE);
    g_setenv("MODVIRT_LOG_FILTERS", "1:fine 9:bad", TRUE);
    g_assert_cmpint(mv_log_setup_from_env(), ==, -1);
    assert_error(VIR_ERR_CONF_SYNTAX, "'9:bad'");

    g_setenv("MODVIRT_LOG_FILTERS", "1:fine", TRUE);
    g_setenv("MODVIRT_LOG_OUTPUTS", "1:nowhere", TRUE);
    g_assert_cmpint(mv_log_setup_from_env(), ==, -1);
    assert_error(VIR_ERR_CONF_SYNTAX, "'1:nowhere'");

    g_assert_cmpint(mv_log_get_default_priority(), ==, MV_LOG_INFO);
    g_assert_false(mv_log_would_log(MV_LOG_DEBUG, "fine"));
    g_assert_false(mv_log_would_log(MV_LOG_WARN, "noisy"));
    unset_log_env();
}

static void
test_errno_preserved(Fixture *fix, gconstpointer data)
{
    g_autofree char *path = fixture_path(fix, "errno.log");
    g_autofree char *spec = g_strdup_printf("1:file:%s", path);

    g_assert_cmpint(mv_log_set_outputs(spec), ==, 0);
    errno = EBUSY;
    MV_ERROR("written");
    g_assert_cmpint(errno, ==, EBUSY);
    MV_DEBUG("dropped");
    g_assert_cmpint(errno, ==, EBUSY);
}

#define THREADS 8
#define LINES_PER_THREAD 400
#define PAYLOAD_LEN 300

static gpointer
thread_logs(gpointer data)
{
    int id = GPOINTER_TO_INT(data);
    char payload[PAYLOAD_LEN + 1];
    int i;

    memset(payload, 'a' + id, PAYLOAD_LEN);
    payload[PAYLOAD_LEN] = '\0';
    for (i = 0; i < LINES_PER_THREAD; i++)
        mv_log_message(MV_LOG_DEBUG, "test.thread", __FILE__, __LINE__, __func__,
                       "thread %d line %d %s", id, i, payload);
    return NULL;
}

static gpointer
thread_reconfigures(gpointer data)
{
    int i;

    for (i = 0; i < 50; i++) {
        g_assert_cmpint(mv_log_set_filters(i % 2 ? "1:other" : ""), ==, 0);
        g_assert_cmpint(mv_log_reopen(), ==, 0);
    }
    return NULL;
}

static void
test_threads(Fixture *fix, gconstpointer data)
{
    g_autofree char *path = fixture_path(fix, "threads.log");
    g_autofree char *spec = g_strdup_printf("1:file:%s", path);
    g_autofree char *pattern = g_strdup_printf(LINE_PREFIX_RE "debug : test.thread : "
                                               "thread (\\d) line (\\d+) ([a-z]{%d})$",
                                               PAYLOAD_LEN);
    g_autoptr(GRegex) regex = g_regex_new(pattern, 0, 0, NULL);
    g_autofree bool *seen = g_new0(bool, THREADS * LINES_PER_THREAD);
    GThread *threads[THREADS + 1];
    g_auto(GStrv) lines = NULL;
    size_t i;

    mv_log_set_default_priority(MV_LOG_DEBUG);
    g_assert_cmpint(mv_log_set_outputs(spec), ==, 0);

    for (i = 0; i < THREADS; i++)
        threads[i] = g_thread_new("logger", thread_logs, GINT_TO_POINTER((int) i));
    threads[THREADS] = g_thread_new("reconfigurer", thread_reconfigures, NULL);
    for (i = 0; i < G_N_ELEMENTS(threads); i++)
        g_thread_join(threads[i]);

    lines = read_lines(path);
    g_assert_cmpuint(g_strv_length(lines), ==, THREADS * LINES_PER_THREAD);
    for (i = 0; lines[i]; i++) {
        g_autoptr(GMatchInfo) match = NULL;
        g_autofree char *id_text = NULL;
        g_autofree char *line_text = NULL;
        g_autofree char *payload = NULL;
        int id;
        int n;

        if (!g_regex_match(regex, lines[i], 0, &match))
            g_error("torn line %zu: '%s'", i, lines[i]);
        id_text = g_match_info_fetch(match, 1);
        line_text = g_match_info_fetch(match, 2);
        payload = g_match_info_fetch(match, 3);
        id = atoi(id_text);
        n = atoi(line_text);
        g_assert_cmpint(id, <, THREADS);
        g_assert_cmpint(n, <, LINES_PER_THREAD);
        g_assert_cmpint(payload[0], ==, 'a' + id);
        g_assert_cmpint(payload[PAYLOAD_LEN - 1], ==, 'a' + id);
        g_assert_false(seen[id * LINES_PER_THREAD + n]);
        seen[id * LINES_PER_THREAD + n] = true;
    }
}

#define ADD_FIXTURE_TEST(path, func) \
    g_test_add(path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/util/log/defaults", test_defaults);
    g_test_add_func("/util/log/filters/select", test_filters_select);
    g_test_add_func("/util/log/filters/whitespace", test_filters_whitespace);
    g_test_add_func("/util/log/filters/bad", test_filters_bad);
    ADD_FIXTURE_TEST("/util/log/outputs/bad", test_outputs_bad);
    ADD_FIXTURE_TEST("/util/log/outputs/file-priorities", test_outputs_file_priorities);
    ADD_FIXTURE_TEST("/util/log/outputs/after-filters", test_outputs_after_filters);
    ADD_FIXTURE_TEST("/util/log/outputs/reopen", test_reopen);
    g_test_add_func("/util/log/outputs/stderr-format", test_stderr_format);
    g_test_add_func("/util/log/outputs/journald", test_journald);
    ADD_FIXTURE_TEST("/util/log/env", test_env);
    ADD_FIXTURE_TEST("/util/log/errno-preserved", test_errno_preserved);
    ADD_FIXTURE_TEST("/util/log/threads", test_threads);
    return g_test_run();
}
