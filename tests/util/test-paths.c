/* Tests of lib/util/paths: the layout in system, --root and session mode, creating it, bad roots and names. */
#define MV_LOG_MODULE "test.paths"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/log.h"
#include "util/paths.h"

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
remove_tree(const char *path)
{
    g_autoptr(GDir) dir = NULL;
    const char *name;

    if (!g_file_test(path, G_FILE_TEST_IS_DIR) || g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
        g_assert_cmpint(unlink(path), ==, 0);
        return;
    }

    dir = g_dir_open(path, 0, NULL);
    g_assert_nonnull(dir);
    while ((name = g_dir_read_name(dir))) {
        g_autofree char *child = g_build_filename(path, name, NULL);

        remove_tree(child);
    }
    g_assert_cmpint(rmdir(path), ==, 0);
}

static char *
make_tmp_dir(void)
{
    g_autoptr(GError) error = NULL;
    char *dir = g_dir_make_tmp("modvirt-test-paths-XXXXXX", &error);

    g_assert_no_error(error);
    return dir;
}

static void
assert_dir_mode(const char *path, unsigned int mode)
{
    struct stat st;

    g_assert_cmpint(stat(path, &st), ==, 0);
    g_assert_true(S_ISDIR(st.st_mode));
    g_assert_cmpuint(st.st_mode & 07777, ==, mode);
}

static void
test_system(void)
{
    g_autoptr(MvPaths) paths = mv_paths_new(MV_PATHS_SYSTEM, NULL);
    g_autofree char *sock = NULL;
    g_autofree char *sock_ro = NULL;
    g_autofree char *conf = NULL;
    g_autofree char *pid = NULL;
    g_autofree char *state = NULL;
    g_autofree char *run = NULL;
    g_autofree char *cache = NULL;
    g_autofree char *config = NULL;

    g_assert_nonnull(paths);
    g_assert_cmpint(paths->mode, ==, MV_PATHS_SYSTEM);
    g_assert_null(paths->root);
    g_assert_cmpstr(paths->config_dir, ==, "/etc/modvirt");
    g_assert_cmpstr(paths->state_dir, ==, "/var/lib/modvirt");
    g_assert_cmpstr(paths->run_dir, ==, "/run/modvirt");
    g_assert_cmpstr(paths->cache_dir, ==, "/var/cache/modvirt");
    g_assert_cmpstr(paths->log_dir, ==, "/var/log/modvirt");

    sock = mv_paths_socket(paths, "qemud", false);
    sock_ro = mv_paths_socket(paths, "qemud", true);
    conf = mv_paths_config_file(paths, "networkd");
    pid = mv_paths_pid_file(paths, "nodedevd");
    state = mv_paths_driver_state_dir(paths, "qemu");
    run = mv_paths_driver_run_dir(paths, "lxc");
    cache = mv_paths_driver_cache_dir(paths, "qemu");
    config = mv_paths_driver_config_dir(paths, "network");
    g_assert_cmpstr(sock, ==, "/run/modvirt/qemud-sock");
    g_assert_cmpstr(sock_ro, ==, "/run/modvirt/qemud-sock-ro");
    g_assert_cmpstr(conf, ==, "/etc/modvirt/networkd.conf");
    g_assert_cmpstr(pid, ==, "/run/modvirt/nodedevd.pid");
    g_assert_cmpstr(state, ==, "/var/lib/modvirt/qemu");
    g_assert_cmpstr(run, ==, "/run/modvirt/lxc");
    g_assert_cmpstr(cache, ==, "/var/cache/modvirt/qemu");
    g_assert_cmpstr(config, ==, "/etc/modvirt/network");
}

static void
test_root(void)
{
    static const char *const spellings[] = {
        "/srv/vm-root", "/srv/vm-root/", "/srv//vm-root", "/srv/other/../vm-root/.",
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(spellings); i++) {
        g_autoptr(MvPaths) paths = mv_paths_new(MV_PATHS_ROOT, spellings[i]);
        g_autofree char *sock = NULL;
        g_autofree char *state = NULL;

        g_assert_nonnull(paths);
        g_assert_cmpint(paths->mode, ==, MV_PATHS_ROOT);
        g_assert_cmpstr(paths->root, ==, "/srv/vm-root");
        g_assert_cmpstr(paths->config_dir, ==, "/srv/vm-root/etc/modvirt");
        g_assert_cmpstr(paths->state_dir, ==, "/srv/vm-root/var/lib/modvirt");
        g_assert_cmpstr(paths->run_dir, ==, "/srv/vm-root/run/modvirt");
        g_assert_cmpstr(paths->cache_dir, ==, "/srv/vm-root/var/cache/modvirt");
        g_assert_cmpstr(paths->log_dir, ==, "/srv/vm-root/var/log/modvirt");

        sock = mv_paths_socket(paths, "networkd", false);
        state = mv_paths_driver_state_dir(paths, "qemu");
        g_assert_cmpstr(sock, ==, "/srv/vm-root/run/modvirt/networkd-sock");
        g_assert_cmpstr(state, ==, "/srv/vm-root/var/lib/modvirt/qemu");
    }
}

static void
test_root_slash(void)
{
    g_autoptr(MvPaths) paths = mv_paths_new(MV_PATHS_ROOT, "/");

    g_assert_nonnull(paths);
    g_assert_cmpstr(paths->root, ==, "/");
    g_assert_cmpstr(paths->config_dir, ==, "/etc/modvirt");
    g_assert_cmpstr(paths->log_dir, ==, "/var/log/modvirt");
}

static void
test_bad_root(void)
{
    static const char *const bad[] = { "relative/dir", "vm-root", "./here", "../up", "" };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *quoted = g_strdup_printf("'%s'", bad[i]);

        mv_error_reset();
        g_assert_null(mv_paths_new(MV_PATHS_ROOT, bad[i]));
        assert_error(VIR_ERR_INVALID_ARG, quoted);
    }

    g_assert_null(mv_paths_new(MV_PATHS_ROOT, NULL));
    assert_error(VIR_ERR_INVALID_ARG, "root directory ''");

    g_assert_null(mv_paths_new(MV_PATHS_MODE_LAST, NULL));
    assert_error(VIR_ERR_INVALID_ARG, "mode 3");
    g_assert_null(mv_paths_new((MvPathsMode) 42, "/srv"));
    assert_error(VIR_ERR_INVALID_ARG, "mode 42");
}

static void
test_bad_names(void)
{
    static const char *const bad[] = { "", "a/b", "/abs", "..", "." };
    g_autoptr(MvPaths) paths = mv_paths_new(MV_PATHS_ROOT, "/srv/vm-root");
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *quoted = g_strdup_printf("'%s'", bad[i]);

        g_assert_null(mv_paths_socket(paths, bad[i], false));
        assert_error(VIR_ERR_INVALID_ARG, quoted);
        g_assert_null(mv_paths_config_file(paths, bad[i]));
        assert_error(VIR_ERR_INVALID_ARG, quoted);
        g_assert_null(mv_paths_pid_file(paths, bad[i]));
        assert_error(VIR_ERR_INVALID_ARG, quoted);
        g_assert_null(mv_paths_driver_state_dir(paths, bad[i]));
        assert_error(VIR_ERR_INVALID_ARG, quoted);
        g_assert_null(mv_paths_driver_run_dir(paths, bad[i]));
        assert_error(VIR_ERR_INVALID_ARG, quoted);
        g_assert_null(mv_paths_driver_cache_dir(paths, bad[i]));
        assert_error(VIR_ERR_INVALID_ARG, quoted);
        g_assert_null(mv_paths_driver_config_dir(paths, bad[i]));
        assert_error(VIR_ERR_INVALID_ARG, quoted);
    }

    g_assert_null(mv_paths_socket(paths, NULL, true));
    assert_error(VIR_ERR_INVALID_ARG, "daemon name ''");
}

/* Runs in a child process: GLib reads the XDG variables once, on first use. */
static void
session_child(void)
{
    g_autofree char *tmp = make_tmp_dir();
    g_autofree char *xdg_config = g_build_filename(tmp, "config", NULL);
    g_autofree char *xdg_data = g_build_filename(tmp, "data", NULL);
    g_autofree char *xdg_runtime = g_build_filename(tmp, "runtime", NULL);
    g_autofree char *xdg_cache = g_build_filename(tmp, "cache", NULL);
    g_autofree char *expect = NULL;
    g_autofree char *sock = NULL;
    g_autoptr(MvPaths) paths = NULL;

    g_setenv("XDG_CONFIG_HOME", xdg_config, TRUE);
    g_setenv("XDG_DATA_HOME", xdg_data, TRUE);
    g_setenv("XDG_RUNTIME_DIR", xdg_runtime, TRUE);
    g_setenv("XDG_CACHE_HOME", xdg_cache, TRUE);

    paths = mv_paths_new(MV_PATHS_SESSION, NULL);
    g_assert_nonnull(paths);
    g_assert_cmpint(paths->mode, ==, MV_PATHS_SESSION);
    g_assert_null(paths->root);

    expect = g_build_filename(tmp, "config", "modvirt", NULL);
    g_assert_cmpstr(paths->config_dir, ==, expect);
    g_free(expect);
    expect = g_build_filename(tmp, "data", "modvirt", NULL);
    g_assert_cmpstr(paths->state_dir, ==, expect);
    g_free(expect);
    expect = g_build_filename(tmp, "runtime", "modvirt", NULL);
    g_assert_cmpstr(paths->run_dir, ==, expect);
    g_free(expect);
    expect = g_build_filename(tmp, "cache", "modvirt", NULL);
    g_assert_cmpstr(paths->cache_dir, ==, expect);
    g_free(expect);
    expect = g_build_filename(tmp, "cache", "modvirt", "log", NULL);
    g_assert_cmpstr(paths->log_dir, ==, expect);

    sock = mv_paths_socket(paths, "qemud", false);
    g_free(expect);
    expect = g_build_filename(tmp, "runtime", "modvirt", "qemud-sock", NULL);
    g_assert_cmpstr(sock, ==, expect);

    /* The session run dir is private; the others are ordinary. */
    umask(022);
    g_assert_cmpint(mv_paths_ensure(paths), ==, 0);
    assert_dir_mode(paths->run_dir, 0700);
    assert_dir_mode(paths->config_dir, 0755);
    assert_dir_mode(paths->state_dir, 0755);
    assert_dir_mode(paths->cache_dir, 0755);
    assert_dir_mode(paths->log_dir, 0755);

    remove_tree(tmp);
}

static void
test_session(void)
{
    if (g_test_subprocess()) {
        session_child();
        return;
    }

    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed();
}

static void
test_ensure_root(void)
{
    g_autofree char *tmp = make_tmp_dir();
    g_autofree char *root = g_build_filename(tmp, "tree", NULL);
    g_autoptr(MvPaths) paths = mv_paths_new(MV_PATHS_ROOT, root);
    mode_t old_umask;

    g_assert_nonnull(paths);

    /* The modes do not depend on the umask. */
    old_umask = umask(077);
    g_assert_cmpint(mv_paths_ensure(paths), ==, 0);
    umask(old_umask);

    assert_dir_mode(paths->config_dir, 0755);
    assert_dir_mode(paths->state_dir, 0755);
    assert_dir_mode(paths->run_dir, 0755);
    assert_dir_mode(paths->cache_dir, 0755);
    assert_dir_mode(paths->log_dir, 0755);

    /* Existing directories are fine, and keep the mode they have. */
    g_assert_cmpint(chmod(paths->state_dir, 0750), ==, 0);
    g_assert_cmpint(mv_paths_ensure(paths), ==, 0);
    assert_dir_mode(paths->state_dir, 0750);

    remove_tree(tmp);
}

static void
test_ensure_not_dir(void)
{
    g_autofree char *tmp = make_tmp_dir();
    g_autofree char *blocked_root = g_build_filename(tmp, "blocked", NULL);
    g_autofree char *blocker = g_build_filename(tmp, "blocked", "etc", NULL);
    g_autofree char *taken_root = g_build_filename(tmp, "taken", NULL);
    g_autoptr(MvPaths) blocked = mv_paths_new(MV_PATHS_ROOT, blocked_root);
    g_autoptr(MvPaths) taken = mv_paths_new(MV_PATHS_ROOT, taken_root);
    g_autoptr(GError) error = NULL;

    /* A file where a parent directory should be. */
    g_assert_cmpint(mkdir(blocked_root, 0755), ==, 0);
    g_file_set_contents(blocker, "", 0, &error);
    g_assert_no_error(error);
    g_assert_cmpint(mv_paths_ensure(blocked), ==, -1);
    g_assert_cmpint(mv_error_last()->int1, ==, ENOTDIR);
    assert_error(VIR_ERR_SYSTEM_ERROR, blocked->config_dir);

    /* A file where the directory itself should be. */
    g_assert_cmpint(g_mkdir_with_parents(taken_root, 0755), ==, 0);
    g_assert_cmpint(mv_paths_ensure(taken), ==, 0);
    g_assert_cmpint(rmdir(taken->run_dir), ==, 0);
    g_file_set_contents(taken->run_dir, "", 0, &error);
    g_assert_no_error(error);
    g_assert_cmpint(mv_paths_ensure(taken), ==, -1);
    assert_error(VIR_ERR_OPERATION_FAILED, taken->run_dir);

    remove_tree(tmp);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    g_test_add_func("/util/paths/system", test_system);
    g_test_add_func("/util/paths/root", test_root);
    g_test_add_func("/util/paths/root-slash", test_root_slash);
    g_test_add_func("/util/paths/bad-root", test_bad_root);
    g_test_add_func("/util/paths/bad-names", test_bad_names);
    g_test_add_func("/util/paths/session", test_session);
    g_test_add_func("/util/paths/ensure-root", test_ensure_root);
    g_test_add_func("/util/paths/ensure-not-dir", test_ensure_not_dir);
    return g_test_run();
}
