/* Tests of daemons/common through the real binaries: start, sockets, pid file, signals, reload, idle exit, bad input. */
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#define RUN_TIMEOUT_MS 10000

static const char *const daemon_names[] = {
    "qemud", "xend", "lxcd", "networkd", "nodedevd", "proxyd",
};

static mode_t
socket_perms(const char *path)
{
    struct stat st;

    g_assert_cmpint(lstat(path, &st), ==, 0);
    g_assert_true(S_ISSOCK(st.st_mode));
    return st.st_mode & 07777;
}

static void
assert_answers(const char *path)
{
    int fd = mv_test_connect(path);

    g_assert_cmpint(fd, >=, 0);
    close(fd);
}

static char *
pid_file_path(const char *root, const char *name)
{
    g_autofree char *base = g_strdup_printf("%s.pid", name);

    return g_build_filename(root, "run", "modvirt", base, NULL);
}

static char *
conf_path(const char *root, const char *name)
{
    g_autofree char *base = g_strdup_printf("%s.conf", name);

    return g_build_filename(root, "etc", "modvirt", base, NULL);
}

static void
write_conf(const char *root, const char *name, const char *text)
{
    g_autofree char *rel = g_strdup_printf("etc/modvirt/%s.conf", name);

    mv_test_write_file(root, rel, text);
}

/* Runs modvirt-<name> with args to completion; -2 when the binary is not built (test failed). */
static int
run_daemon(const char *name, const char *const *args, char **ret_out, char **ret_err)
{
    g_autofree char *binary = mv_test_daemon_binary(name);
    g_autoptr(GPtrArray) argv = g_ptr_array_new();

    if (!binary)
        return -2;
    g_ptr_array_add(argv, binary);
    for (size_t i = 0; args[i]; i++)
        g_ptr_array_add(argv, (char *) args[i]);
    g_ptr_array_add(argv, NULL);
    return mv_test_run((const char *const *) argv->pdata, RUN_TIMEOUT_MS, ret_out, ret_err);
}

static unsigned int
count_occurrences(const char *text, const char *needle)
{
    unsigned int n = 0;

    for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* Every daemon: starts with --root and --timeout, both sockets with their
 * modes, its pid in the pid file; SIGTERM exits 0 and removes them all. */
static void
test_lifecycle(gconstpointer data)
{
    const char *name = data;
    const char *args[] = { "--timeout", "60", NULL };
    g_autofree char *binary = mv_test_daemon_binary(name);
    g_autofree char *root = NULL;
    g_autofree char *pid_file = NULL;
    g_autofree char *pid_text = NULL;
    g_autofree char *want_pid = NULL;
    g_autoptr(MvTestDaemon) daemon = NULL;

    if (!binary)
        return;
    root = mv_test_root_new();
    pid_file = pid_file_path(root, name);
    daemon = mv_test_daemon_start(name, root, args);
    g_assert_nonnull(daemon);

    assert_answers(daemon->rw_socket);
    assert_answers(daemon->ro_socket);
    g_assert_cmpint(socket_perms(daemon->rw_socket), ==, 0600);
    g_assert_cmpint(socket_perms(daemon->ro_socket), ==, 0666);

    g_assert_true(g_file_get_contents(pid_file, &pid_text, NULL, NULL));
    want_pid = g_strdup_printf("%lld\n", (long long) daemon->pid);
    g_assert_cmpstr(pid_text, ==, want_pid);

    g_assert_cmpint(mv_test_daemon_stop(daemon), ==, 0);
    g_assert_false(g_file_test(daemon->rw_socket, G_FILE_TEST_EXISTS));
    g_assert_false(g_file_test(daemon->ro_socket, G_FILE_TEST_EXISTS));
    g_assert_false(g_file_test(pid_file, G_FILE_TEST_EXISTS));
    mv_test_root_remove(root);
}

static void
test_second_instance(void)
{
    g_autofree char *binary = mv_test_daemon_binary("qemud");
    g_autofree char *root = NULL;
    g_autofree char *err = NULL;
    g_autofree char *want = NULL;
    g_autoptr(MvTestDaemon) first = NULL;

    if (!binary)
        return;
    root = mv_test_root_new();
    first = mv_test_daemon_start("qemud", root, NULL);
    g_assert_nonnull(first);

    {
        const char *args[] = { "--root", root, NULL };

        g_assert_cmpint(run_daemon("qemud", args, NULL, &err), ==, 1);
    }
    want = g_strdup_printf("pid %lld", (long long) first->pid);
    g_test_message("second instance said: %s", err);
    g_assert_nonnull(strstr(err, want));

    /* The loser must not have taken the winner's files away. */
    assert_answers(first->rw_socket);
    g_assert_cmpint(mv_test_daemon_stop(first), ==, 0);
    mv_test_root_remove(root);
}

/* SIGHUP reads the config again: the new log_level decides whether the
 * reload message is written; a broken file keeps the old config. */
static void
test_sighup_reload(void)
{
    g_autofree char *binary = mv_test_daemon_binary("qemud");
    g_autofree char *root = NULL;
    g_autofree char *log = NULL;
    g_autoptr(MvTestDaemon) daemon = NULL;

    if (!binary)
        return;
    root = mv_test_root_new();
    write_conf(root, "qemud", "log_level = 3\n");
    daemon = mv_test_daemon_start("qemud", root, NULL);
    g_assert_nonnull(daemon);

    /* At warning level the reload is silent... */
    kill(daemon->pid, SIGHUP);
    write_conf(root, "qemud", "log_level = 2\n");
    /* ...so the one message seen comes from the second, at info level.
     * Signals are handled in order, so the first reload is done by then. */
    kill(daemon->pid, SIGHUP);
    g_assert_true(mv_test_wait_file_contains(daemon->stderr_path, "reloaded configuration",
                                             RUN_TIMEOUT_MS));
    g_assert_true(g_file_get_contents(daemon->stderr_path, &log, NULL, NULL));
    g_assert_cmpuint(count_occurrences(log, "reloaded configuration"), ==, 1);

    write_conf(root, "qemud", "log_level = = 2\n");
    kill(daemon->pid, SIGHUP);
    g_assert_true(mv_test_wait_file_contains(daemon->stderr_path,
                                             "keeping the previous configuration",
                                             RUN_TIMEOUT_MS));
    assert_answers(daemon->rw_socket);

    g_assert_cmpint(mv_test_daemon_stop(daemon), ==, 0);
    mv_test_root_remove(root);
}

/* --timeout: no exit while a client is connected, exit 0 soon after it leaves. */
static void
test_idle_timeout(void)
{
    const char *args[] = { "--timeout", "1", NULL };
    g_autofree char *binary = mv_test_daemon_binary("networkd");
    g_autofree char *root = NULL;
    g_autoptr(MvTestDaemon) daemon = NULL;
    int status = 0;
    int client;

    if (!binary)
        return;
    root = mv_test_root_new();
    daemon = mv_test_daemon_start("networkd", root, args);
    g_assert_nonnull(daemon);

    client = mv_test_connect(daemon->rw_socket);
    g_assert_cmpint(client, >=, 0);
    g_assert_false(mv_test_wait_exit(daemon->pid, 2500, NULL));

    close(client);
    g_assert_true(mv_test_wait_exit(daemon->pid, 5000, &status));
    daemon->pid = 0;
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    g_assert_false(g_file_test(daemon->rw_socket, G_FILE_TEST_EXISTS));
    mv_test_root_remove(root);
}

/* A socket file left by a dead daemon is replaced; one with a live listener is not. */
static void
test_stale_and_live_socket(void)
{
    g_autofree char *binary = mv_test_daemon_binary("lxcd");
    g_autofree char *root = NULL;
    g_autofree char *rw = NULL;
    g_autofree char *ro = NULL;
    g_autofree char *err = NULL;
    g_autofree char *want = NULL;
    g_autoptr(MvTestDaemon) daemon = NULL;
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (!binary)
        return;
    root = mv_test_root_new();
    rw = mv_test_socket_path(root, "lxcd", false);
    ro = mv_test_socket_path(root, "lxcd", true);
    mv_test_write_file(root, "run/modvirt/.keep", "");

    /* Stale: bound, never listened, closed; the file stays. */
    g_strlcpy(addr.sun_path, rw, sizeof(addr.sun_path));
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    g_assert_cmpint(bind(fd, (struct sockaddr *) &addr, sizeof(addr)), ==, 0);
    close(fd);
    g_assert_true(g_file_test(rw, G_FILE_TEST_EXISTS));

    /* Live: this test process listens on the read-only path. */
    g_strlcpy(addr.sun_path, ro, sizeof(addr.sun_path));
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    g_assert_cmpint(bind(fd, (struct sockaddr *) &addr, sizeof(addr)), ==, 0);
    g_assert_cmpint(listen(fd, 4), ==, 0);

    {
        const char *args[] = { "--root", root, NULL };

        g_assert_cmpint(run_daemon("lxcd", args, NULL, &err), ==, 1);
    }
    g_test_message("with a live socket: %s", err);
    want = g_strdup_printf("pid %lld", (long long) getpid());
    g_assert_nonnull(strstr(err, want));
    g_assert_nonnull(strstr(err, ro));
    close(fd);
    unlink(ro);

    daemon = mv_test_daemon_start("lxcd", root, NULL);
    g_assert_nonnull(daemon);
    g_assert_cmpint(mv_test_daemon_stop(daemon), ==, 0);
    mv_test_root_remove(root);
}

static void
test_config_perms(void)
{
    g_autofree char *binary = mv_test_daemon_binary("nodedevd");
    g_autofree char *root = NULL;
    g_autoptr(MvTestDaemon) daemon = NULL;

    if (!binary)
        return;
    root = mv_test_root_new();
    write_conf(root, "nodedevd",
               "# socket modes as libvirtd.conf writes them\n"
               "unix_sock_rw_perms = \"0660\"\n"
               "unix_sock_ro_perms = \"0644\"\n"
               "max_clients = 10\n");
    daemon = mv_test_daemon_start("nodedevd", root, NULL);
    g_assert_nonnull(daemon);
    g_assert_cmpint(socket_perms(daemon->rw_socket), ==, 0660);
    g_assert_cmpint(socket_perms(daemon->ro_socket), ==, 0644);
    g_assert_cmpint(mv_test_daemon_stop(daemon), ==, 0);
    mv_test_root_remove(root);
}

/* Not root, no --root: a session daemon, only its rw socket, 0600, in a
 * 0700 run dir below XDG_RUNTIME_DIR. As root, the daemon runs as nobody. */
static void
test_session_mode(void)
{
    g_autofree char *binary = mv_test_daemon_binary("qemud");
    g_autofree char *setpriv = g_find_program_in_path("setpriv");
    g_autofree char *home = NULL;
    g_autofree char *run = NULL;
    g_autofree char *rw = NULL;
    g_autofree char *ro = NULL;
    g_autofree char *env_home = NULL;
    g_autofree char *env_run = NULL;
    g_autofree char *env_config = NULL;
    g_autofree char *env_data = NULL;
    g_autofree char *env_cache = NULL;
    struct passwd *nobody = NULL;
    struct stat st;
    pid_t pid;

    if (!binary)
        return;
    if (geteuid() == 0) {
        if (!setpriv || !(nobody = getpwnam("nobody"))) {
            g_test_skip("running as root, and setpriv or the user 'nobody' is missing");
            return;
        }
    }

    home = mv_test_root_new();
    if (nobody)
        g_assert_cmpint(chown(home, nobody->pw_uid, nobody->pw_gid), ==, 0);
    run = g_build_filename(home, "run", "modvirt", NULL);
    rw = g_build_filename(run, "qemud-sock", NULL);
    ro = g_build_filename(run, "qemud-sock-ro", NULL);
    env_home = g_strdup_printf("HOME=%s", home);
    env_run = g_strdup_printf("XDG_RUNTIME_DIR=%s/run", home);
    env_config = g_strdup_printf("XDG_CONFIG_HOME=%s/config", home);
    env_data = g_strdup_printf("XDG_DATA_HOME=%s/data", home);
    env_cache = g_strdup_printf("XDG_CACHE_HOME=%s/cache", home);

    if (nobody) {
        g_autofree char *uid = g_strdup_printf("--reuid=%u", (unsigned int) nobody->pw_uid);
        g_autofree char *gid = g_strdup_printf("--regid=%u", (unsigned int) nobody->pw_gid);
        const char *args[] = { setpriv, uid, gid, "--clear-groups", binary, "--timeout", "30", NULL };
        const char *env[] = { env_home, env_run, env_config, env_data, env_cache, NULL };

        pid = mv_test_spawn_env(args, env, NULL, NULL);
    } else {
        const char *args[] = { binary, "--timeout", "30", NULL };
        const char *env[] = { env_home, env_run, env_config, env_data, env_cache, NULL };

        pid = mv_test_spawn_env(args, env, NULL, NULL);
    }

    if (!mv_test_wait_socket(rw, MV_TEST_START_TIMEOUT_MS)) {
        mv_test_kill(pid);
        g_assert_not_reached();
    }
    g_assert_cmpint(socket_perms(rw), ==, 0600);
    g_assert_false(g_file_test(ro, G_FILE_TEST_EXISTS));
    g_assert_cmpint(stat(run, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0700);

    g_assert_cmpint(mv_test_kill(pid), ==, 0);
    g_assert_false(g_file_test(rw, G_FILE_TEST_EXISTS));
    mv_test_root_remove(home);
}

typedef struct {
    const char *desc;
    const char *text;           /* the conf file */
    const char *const want[3];  /* in stderr, after "FILE" is replaced */
} BadConfCase;

static const BadConfCase bad_conf_cases[] = {
    { "syntax", "log_level = 3\nmax_clients = = 4\n", { "FILE:2", NULL } },
    { "unknown-key", "log_level = 3\n\nlisten_tls = 1\n", { "FILE:3", "listen_tls", NULL } },
    { "wrong-type", "max_clients = \"many\"\n", { "FILE", "max_clients", NULL } },
    { "bad-perms", "unix_sock_rw_perms = \"0999\"\n", { "FILE", "unix_sock_rw_perms", "0999" } },
    { "bad-level", "log_level = 7\n", { "FILE", "log_level", "7" } },
    { "bad-group", "unix_sock_group = \"no-such-group-mv\"\n", { "FILE", "no-such-group-mv", NULL } },
};

static void
test_bad_config(gconstpointer data)
{
    const BadConfCase *tc = data;
    g_autofree char *root = NULL;
    g_autofree char *path = NULL;
    g_autofree char *sock = NULL;
    g_autofree char *err = NULL;
    int rc;

    root = mv_test_root_new();
    sock = mv_test_socket_path(root, "proxyd", false);
    path = conf_path(root, "proxyd");
    write_conf(root, "proxyd", tc->text);
    {
        const char *args[] = { "--root", root, NULL };

        rc = run_daemon("proxyd", args, NULL, &err);
    }
    if (rc == -2) {
        mv_test_root_remove(root);
        return;
    }
    g_test_message("stderr: %s", err);
    g_assert_cmpint(rc, ==, 1);
    for (size_t i = 0; i < G_N_ELEMENTS(tc->want) && tc->want[i]; i++) {
        g_autofree char *want = NULL;

        if (g_str_has_prefix(tc->want[i], "FILE"))
            want = g_strconcat(path, tc->want[i] + strlen("FILE"), NULL);
        else
            want = g_strdup(tc->want[i]);
        g_assert_nonnull(strstr(err, want));
    }
    /* Nothing is left behind by a failed start. */
    g_assert_false(g_file_test(sock, G_FILE_TEST_EXISTS));
    mv_test_root_remove(root);
}

static void
test_missing_config_option(void)
{
    g_autofree char *root = mv_test_root_new();
    g_autofree char *missing = g_build_filename(root, "nowhere.conf", NULL);
    g_autofree char *err = NULL;
    const char *args[] = { "--root", root, "--config", missing, NULL };
    int rc = run_daemon("qemud", args, NULL, &err);

    if (rc != -2) {
        g_assert_cmpint(rc, ==, 1);
        g_assert_nonnull(strstr(err, missing));
    }
    mv_test_root_remove(root);
}

typedef struct {
    const char *desc;
    const char *const args[4];
    int status;
    const char *want_out;
    const char *want_err;
} OptionCase;

static const OptionCase option_cases[] = {
    { "unknown", { "--bogus", NULL }, 2, NULL, "--bogus" },
    { "timeout-word", { "--timeout", "soon", NULL }, 2, NULL, "'soon'" },
    { "timeout-negative", { "--timeout", "-1", NULL }, 2, NULL, "--timeout" },
    { "timeout-missing", { "--timeout", NULL }, 2, NULL, "--timeout" },
    { "stray-argument", { "extra", NULL }, 2, NULL, "'extra'" },
    { "empty-root", { "--root", "", NULL }, 2, NULL, "--root" },
    { "version", { "--version", NULL }, 0, "modvirt-xend 0.", NULL },
    { "help", { "--help", NULL }, 0, "--timeout", NULL },
};

static void
test_options(gconstpointer data)
{
    const OptionCase *tc = data;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int rc = run_daemon("xend", tc->args, &out, &err);

    if (rc == -2)
        return;
    g_test_message("stdout: %s\nstderr: %s", out, err);
    g_assert_cmpint(rc, ==, tc->status);
    if (tc->want_out)
        g_assert_nonnull(strstr(out, tc->want_out));
    if (tc->want_err)
        g_assert_nonnull(strstr(err, tc->want_err));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    for (size_t i = 0; i < G_N_ELEMENTS(daemon_names); i++) {
        g_autofree char *path = g_strdup_printf("/daemon/lifecycle/%s", daemon_names[i]);

        g_test_add_data_func(path, daemon_names[i], test_lifecycle);
    }
    g_test_add_func("/daemon/second-instance", test_second_instance);
    g_test_add_func("/daemon/sighup-reload", test_sighup_reload);
    g_test_add_func("/daemon/idle-timeout", test_idle_timeout);
    g_test_add_func("/daemon/stale-and-live-socket", test_stale_and_live_socket);
    g_test_add_func("/daemon/config-perms", test_config_perms);
    g_test_add_func("/daemon/session-mode", test_session_mode);
    g_test_add_func("/daemon/missing-config-option", test_missing_config_option);
    for (size_t i = 0; i < G_N_ELEMENTS(bad_conf_cases); i++) {
        g_autofree char *path = g_strdup_printf("/daemon/bad-config/%s", bad_conf_cases[i].desc);

        g_test_add_data_func(path, &bad_conf_cases[i], test_bad_config);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(option_cases); i++) {
        g_autofree char *path = g_strdup_printf("/daemon/options/%s", option_cases[i].desc);

        g_test_add_data_func(path, &option_cases[i], test_options);
    }

    return g_test_run();
}
