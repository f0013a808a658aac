/* Tests of lib/util/file: capped reads, atomic replacement, directories, pid file locks, safe joins. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

typedef struct {
    char *dir;
} Fixture;

static void
fixture_setup(Fixture *fx, gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    fx->dir = g_dir_make_tmp("mv-test-file-XXXXXX", &error);
    g_assert_no_error(error);
    mv_error_reset();
}

static void
fixture_teardown(Fixture *fx, gconstpointer data)
{
    g_assert_cmpint(mv_file_remove_tree(fx->dir), ==, 0);
    g_assert_false(g_file_test(fx->dir, G_FILE_TEST_EXISTS));
    g_free(fx->dir);
}

static void
write_file(const char *path, const char *text)
{
    g_autoptr(GError) error = NULL;

    g_file_set_contents(path, text, -1, &error);
    g_assert_no_error(error);
}

static void
assert_content(const char *path, const char *expected)
{
    g_autofree char *data = NULL;
    g_autoptr(GError) error = NULL;

    g_file_get_contents(path, &data, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(data, ==, expected);
}

/* The number of entries in dir, to prove that no temporary file is left. */
static guint
count_entries(const char *dir)
{
    g_autoptr(GDir) handle = g_dir_open(dir, 0, NULL);
    guint n = 0;

    g_assert_nonnull(handle);
    while (g_dir_read_name(handle))
        n++;
    return n;
}

static void
assert_error_names(int code, const char *needle)
{
    g_assert_cmpint(mv_error_last_code(), ==, code);
    g_assert_nonnull(strstr(mv_error_last_message(), needle));
}

static void
test_read_all(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = g_build_filename(fx->dir, "small", NULL);
    g_autofree char *content = NULL;
    size_t len = 0;

    write_file(path, "hello\n");
    g_assert_cmpint(mv_file_read_all(path, 6, &content, &len), ==, 0);
    g_assert_cmpstr(content, ==, "hello\n");
    g_assert_cmpuint(len, ==, 6);
    g_clear_pointer(&content, g_free);

    /* ret_len is optional. */
    g_assert_cmpint(mv_file_read_all(path, 100, &content, NULL), ==, 0);
    g_assert_cmpstr(content, ==, "hello\n");
}

static void
test_read_all_empty(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = g_build_filename(fx->dir, "empty", NULL);
    g_autofree char *content = NULL;
    size_t len = 99;

    write_file(path, "");
    g_assert_cmpint(mv_file_read_all(path, 0, &content, &len), ==, 0);
    g_assert_cmpstr(content, ==, "");
    g_assert_cmpuint(len, ==, 0);
}

static void
test_read_all_cap(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = g_build_filename(fx->dir, "big", NULL);
    g_autofree char *big = g_strnfill(10000, 'x');
    char *content = NULL;

    write_file(path, big);
    g_assert_cmpint(mv_file_read_all(path, 9999, &content, NULL), ==, -1);
    g_assert_null(content);
    assert_error_names(VIR_ERR_INTERNAL_ERROR, path);
    g_assert_nonnull(strstr(mv_error_last_message(), "9999"));

    g_assert_cmpint(mv_file_read_all(path, 10000, &content, NULL), ==, 0);
    g_assert_cmpuint(strlen(content), ==, 10000);
    g_free(content);
}

static void
test_read_all_missing(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = g_build_filename(fx->dir, "absent", NULL);
    char *content = NULL;

    g_assert_cmpint(mv_file_read_all(path, 100, &content, NULL), ==, -1);
    g_assert_null(content);
    assert_error_names(VIR_ERR_SYSTEM_ERROR, path);
    g_assert_cmpint(mv_error_last()->int1, ==, ENOENT);
}

static void
test_replace_atomic(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = g_build_filename(fx->dir, "vm.xml", NULL);
    struct stat st;

    g_assert_cmpint(mv_file_replace_atomic(path, "<a/>", 4, 0600), ==, 0);
    assert_content(path, "<a/>");
    g_assert_cmpint(stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0600);

    g_assert_cmpint(mv_file_replace_atomic(path, "<b>new</b>", 10, 0644), ==, 0);
    assert_content(path, "<b>new</b>");
    g_assert_cmpint(stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0644);
    g_assert_cmpuint(count_entries(fx->dir), ==, 1);

    /* The length is the caller's, not strlen's. */
    g_assert_cmpint(mv_file_replace_atomic(path, "abcdef", 3, 0644), ==, 0);
    assert_content(path, "abc");
}

static void
test_replace_missing_dir(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = g_build_filename(fx->dir, "nodir", "vm.xml", NULL);

    g_assert_cmpint(mv_file_replace_atomic(path, "x", 1, 0600), ==, -1);
    assert_error_names(VIR_ERR_SYSTEM_ERROR, path);
    g_assert_cmpint(mv_error_last()->int1, ==, ENOENT);
    g_assert_cmpuint(count_entries(fx->dir), ==, 0);
}

static void
test_replace_rename_fails(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = g_build_filename(fx->dir, "target", NULL);
    g_autofree char *inside = g_build_filename(path, "keep", NULL);

    /* A non-empty directory in the way: the rename fails after the
     * temporary file was fully written, and that file must go. */
    g_assert_cmpint(mkdir(path, 0700), ==, 0);
    write_file(inside, "old");

    g_assert_cmpint(mv_file_replace_atomic(path, "new", 3, 0600), ==, -1);
    assert_error_names(VIR_ERR_SYSTEM_ERROR, path);
    g_assert_cmpuint(count_entries(fx->dir), ==, 1);
    assert_content(inside, "old");
}

static void
test_replace_write_fails(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = g_build_filename(fx->dir, "vm.xml", NULL);
    g_autofree char *big = g_strnfill(100000, 'n');
    pid_t pid;
    int status;

    write_file(path, "old content");

    /* In a child, so the file size limit cannot hurt anything else: the
     * write of the new content fails half way with EFBIG. */
    pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        struct rlimit lim = { 1000, 1000 };

        signal(SIGXFSZ, SIG_IGN);
        if (setrlimit(RLIMIT_FSIZE, &lim) < 0)
            _exit(2);
        if (mv_file_replace_atomic(path, big, strlen(big), 0600) != -1)
            _exit(3);
        if (mv_error_last_code() != VIR_ERR_SYSTEM_ERROR ||
            mv_error_last()->int1 != EFBIG)
            _exit(4);
        _exit(0);
    }
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);

    assert_content(path, "old content");
    g_assert_cmpuint(count_entries(fx->dir), ==, 1);
}

/* Tries the replacement as a user who may read sub but not write it;
 * as root, in a child that drops to an unprivileged uid first. */
static int
replace_without_write_access(const char *path)
{
    pid_t pid;
    int status;

    if (geteuid() != 0) {
        if (mv_file_replace_atomic(path, "new", 3, 0600) != -1)
            return 3;
        return mv_error_last()->int1 == EACCES &&
               strstr(mv_error_last_message(), path) ? 0 : 4;
    }

    pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        if (setgid(65534) < 0 || setuid(65534) < 0)
            _exit(2);
        if (mv_file_replace_atomic(path, "new", 3, 0600) != -1)
            _exit(3);
        if (mv_error_last_code() != VIR_ERR_SYSTEM_ERROR ||
            mv_error_last()->int1 != EACCES ||
            !strstr(mv_error_last_message(), path))
            _exit(4);
        _exit(0);
    }
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    g_assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void
test_replace_readonly_dir(Fixture *fx, gconstpointer data)
{
    g_autofree char *sub = g_build_filename(fx->dir, "ro", NULL);
    g_autofree char *path = g_build_filename(sub, "vm.xml", NULL);

    g_assert_cmpint(chmod(fx->dir, 0755), ==, 0);
    g_assert_cmpint(mkdir(sub, 0700), ==, 0);
    write_file(path, "old");
    g_assert_cmpint(chmod(path, 0644), ==, 0);
    g_assert_cmpint(chmod(sub, 0555), ==, 0);

    g_assert_cmpint(replace_without_write_access(path), ==, 0);
    g_assert_cmpint(chmod(sub, 0700), ==, 0);
    assert_content(path, "old");
    g_assert_cmpuint(count_entries(sub), ==, 1);
}

static void
test_mkdir_p(Fixture *fx, gconstpointer data)
{
    g_autofree char *deep = g_build_filename(fx->dir, "a", "b", "c", NULL);
    g_autofree char *mid = g_build_filename(fx->dir, "a", "b", NULL);
    g_autofree char *slashes = g_strdup_printf("%s//x///y/", fx->dir);
    g_autofree char *y = g_build_filename(fx->dir, "x", "y", NULL);
    struct stat st;
    mode_t old_umask = umask(022);

    g_assert_cmpint(mv_file_mkdir_p(deep, 0770), ==, 0);
    umask(old_umask);
    g_assert_cmpint(stat(deep, &st), ==, 0);
    g_assert_true(S_ISDIR(st.st_mode));
    g_assert_cmpint(st.st_mode & 07777, ==, 0770);
    g_assert_cmpint(stat(mid, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0770);

    /* Existing directories are fine and keep their mode. */
    g_assert_cmpint(mv_file_mkdir_p(deep, 0700), ==, 0);
    g_assert_cmpint(stat(deep, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 07777, ==, 0770);

    g_assert_cmpint(mv_file_mkdir_p(slashes, 0755), ==, 0);
    g_assert_true(g_file_test(y, G_FILE_TEST_IS_DIR));
}

static void
test_mkdir_p_file_in_way(Fixture *fx, gconstpointer data)
{
    g_autofree char *file = g_build_filename(fx->dir, "plain", NULL);
    g_autofree char *below = g_build_filename(file, "sub", NULL);

    write_file(file, "");
    g_assert_cmpint(mv_file_mkdir_p(file, 0755), ==, -1);
    assert_error_names(VIR_ERR_SYSTEM_ERROR, file);
    g_assert_cmpint(mv_error_last()->int1, ==, ENOTDIR);

    /* The message names the component that is in the way. */
    g_assert_cmpint(mv_file_mkdir_p(below, 0755), ==, -1);
    assert_error_names(VIR_ERR_SYSTEM_ERROR, file);
    g_assert_cmpint(mv_error_last()->int1, ==, ENOTDIR);

    g_assert_cmpint(mv_file_mkdir_p("", 0755), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INVALID_ARG);
}

static void
test_remove_tree(Fixture *fx, gconstpointer data)
{
    g_autofree char *top = g_build_filename(fx->dir, "tree", NULL);
    g_autofree char *deep = g_build_filename(top, "a", "b", NULL);
    g_autofree char *file = g_build_filename(deep, "f", NULL);
    g_autofree char *link = g_build_filename(top, "link", NULL);
    g_autofree char *outside = g_build_filename(fx->dir, "outside", NULL);
    g_autofree char *outside_file = g_build_filename(outside, "precious", NULL);
    g_autofree char *lone = g_build_filename(fx->dir, "lone", NULL);

    g_assert_cmpint(mv_file_mkdir_p(deep, 0755), ==, 0);
    write_file(file, "data");
    g_assert_cmpint(mv_file_mkdir_p(outside, 0755), ==, 0);
    write_file(outside_file, "keep me");
    /* A symlink to a directory is removed, never followed. */
    g_assert_cmpint(symlink(outside, link), ==, 0);

    g_assert_cmpint(mv_file_remove_tree(top), ==, 0);
    g_assert_false(g_file_test(top, G_FILE_TEST_EXISTS));
    assert_content(outside_file, "keep me");

    /* Missing is not an error; a plain file is removed. */
    g_assert_cmpint(mv_file_remove_tree(top), ==, 0);
    write_file(lone, "x");
    g_assert_cmpint(mv_file_remove_tree(lone), ==, 0);
    g_assert_false(g_file_test(lone, G_FILE_TEST_EXISTS));
}

static void
test_remove_tree_not_a_dir(Fixture *fx, gconstpointer data)
{
    g_autofree char *file = g_build_filename(fx->dir, "plain", NULL);
    g_autofree char *below = g_build_filename(file, "sub", NULL);

    write_file(file, "");
    g_assert_cmpint(mv_file_remove_tree(below), ==, -1);
    assert_error_names(VIR_ERR_SYSTEM_ERROR, below);
    g_assert_cmpint(mv_error_last()->int1, ==, ENOTDIR);
}

static void
test_pidfile_acquire(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = g_build_filename(fx->dir, "d.pid", NULL);
    g_autofree char *expected = g_strdup_printf("%lld\n", (long long) getpid());
    g_autofree char *holder = g_strdup_printf("locked by pid %lld", (long long) getpid());
    int fd;
    int again;

    fd = mv_pidfile_acquire(path, getpid());
    g_assert_cmpint(fd, >=, 0);
    assert_content(path, expected);
    g_assert_cmpint(mv_pidfile_read_holder(path), ==, getpid());

    /* A second take, even from this process, is refused. */
    again = mv_pidfile_acquire(path, 4242);
    g_assert_cmpint(again, ==, -1);
    assert_error_names(VIR_ERR_OPERATION_INVALID, path);
    g_assert_nonnull(strstr(mv_error_last_message(), holder));
    /* Reading the holder opened and closed the file: the lock survived. */
    g_assert_cmpint(mv_pidfile_read_holder(path), ==, getpid());

    mv_pidfile_release(path, fd);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_assert_cmpint(mv_pidfile_read_holder(path), ==, 0);
}

static void
test_pidfile_stale(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = g_build_filename(fx->dir, "stale.pid", NULL);
    int fd;

    /* Left behind by a crash: a pid, but nobody holds the lock. */
    write_file(path, "999999\n");
    g_assert_cmpint(mv_pidfile_read_holder(path), ==, 0);

    fd = mv_pidfile_acquire(path, 1234);
    g_assert_cmpint(fd, >=, 0);
    assert_content(path, "1234\n");
    mv_pidfile_release(path, fd);
}

static void
test_pidfile_held_by_child(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = g_build_filename(fx->dir, "child.pid", NULL);
    g_autofree char *holder = NULL;
    int ready[2];
    int hold[2];
    pid_t pid;
    char byte = 0;
    int status;
    int fd;

    g_assert_cmpint(pipe(ready), ==, 0);
    g_assert_cmpint(pipe(hold), ==, 0);
    pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        int child_fd;

        close(ready[0]);
        close(hold[1]);
        child_fd = mv_pidfile_acquire(path, getpid());
        byte = child_fd >= 0 ? 'y' : 'n';
        if (write(ready[1], &byte, 1) != 1)
            _exit(2);
        /* Holds the lock until the parent closes its end. */
        while (read(hold[0], &byte, 1) < 0 && errno == EINTR)
            ;
        _exit(child_fd >= 0 ? 0 : 1);
    }
    close(ready[1]);
    close(hold[0]);
    g_assert_cmpint(read(ready[0], &byte, 1), ==, 1);
    g_assert_cmpint(byte, ==, 'y');

    g_assert_cmpint(mv_pidfile_read_holder(path), ==, pid);
    fd = mv_pidfile_acquire(path, getpid());
    g_assert_cmpint(fd, ==, -1);
    holder = g_strdup_printf("pid %lld", (long long) pid);
    assert_error_names(VIR_ERR_OPERATION_INVALID, holder);
    g_assert_nonnull(strstr(mv_error_last_message(), path));

    /* The child dies without releasing: the file stays, the lock goes. */
    close(hold[1]);
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    close(ready[0]);

    g_assert_true(g_file_test(path, G_FILE_TEST_EXISTS));
    g_assert_cmpint(mv_pidfile_read_holder(path), ==, 0);
    fd = mv_pidfile_acquire(path, getpid());
    g_assert_cmpint(fd, >=, 0);
    mv_pidfile_release(path, fd);
}

static void
test_pidfile_bad_dir(Fixture *fx, gconstpointer data)
{
    g_autofree char *path = g_build_filename(fx->dir, "nodir", "x.pid", NULL);

    g_assert_cmpint(mv_pidfile_acquire(path, getpid()), ==, -1);
    assert_error_names(VIR_ERR_SYSTEM_ERROR, path);
    g_assert_cmpint(mv_pidfile_read_holder(path), ==, 0);
}

static void
test_join_safe(void)
{
    g_autofree char *one = mv_path_join_safe("/etc/modvirt", "vm1.xml", true);
    g_autofree char *deep = mv_path_join_safe("/var/lib/modvirt", "qemu/vm1/disk.img", false);
    g_autofree char *dots = mv_path_join_safe("/base", "a..b", true);
    g_autofree char *slash_base = mv_path_join_safe("/base/", "name", true);

    g_assert_cmpstr(one, ==, "/etc/modvirt/vm1.xml");
    g_assert_cmpstr(deep, ==, "/var/lib/modvirt/qemu/vm1/disk.img");
    /* ".." only matters as a whole component. */
    g_assert_cmpstr(dots, ==, "/base/a..b");
    g_assert_cmpstr(slash_base, ==, "/base/name");
}

typedef struct {
    const char *name;
    bool single;
} BadJoin;

static void
test_join_refused(void)
{
    static const BadJoin cases[] = {
        { "", false },
        { "", true },
        { "..", false },
        { "..", true },
        { "../etc/passwd", false },
        { "a/../../etc", false },
        { "a/..", false },
        { "/etc/passwd", false },
        { "/etc", true },
        { "a/b", true },
        { "a/", true },
        { ".", true },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *joined;

        mv_error_reset();
        joined = mv_path_join_safe("/srv/base", cases[i].name, cases[i].single);
        g_assert_null(joined);
        assert_error_names(VIR_ERR_INVALID_ARG, "/srv/base");
        if (*cases[i].name) {
            g_autofree char *quoted = g_strdup_printf("'%s'", cases[i].name);

            g_assert_nonnull(strstr(mv_error_last_message(), quoted));
        }
    }

    g_assert_null(mv_path_join_safe("/srv/base", NULL, true));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INVALID_ARG);
}

#define ADD_FX(path, func) \
    g_test_add(path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    ADD_FX("/util/file/read-all", test_read_all);
    ADD_FX("/util/file/read-all-empty", test_read_all_empty);
    ADD_FX("/util/file/read-all-cap", test_read_all_cap);
    ADD_FX("/util/file/read-all-missing", test_read_all_missing);
    ADD_FX("/util/file/replace-atomic", test_replace_atomic);
    ADD_FX("/util/file/replace-missing-dir", test_replace_missing_dir);
    ADD_FX("/util/file/replace-rename-fails", test_replace_rename_fails);
    ADD_FX("/util/file/replace-write-fails", test_replace_write_fails);
    ADD_FX("/util/file/replace-readonly-dir", test_replace_readonly_dir);
    ADD_FX("/util/file/mkdir-p", test_mkdir_p);
    ADD_FX("/util/file/mkdir-p-file-in-way", test_mkdir_p_file_in_way);
    ADD_FX("/util/file/remove-tree", test_remove_tree);
    ADD_FX("/util/file/remove-tree-not-a-dir", test_remove_tree_not_a_dir);
    ADD_FX("/util/file/pidfile-acquire", test_pidfile_acquire);
    ADD_FX("/util/file/pidfile-stale", test_pidfile_stale);
    ADD_FX("/util/file/pidfile-held-by-child", test_pidfile_held_by_child);
    ADD_FX("/util/file/pidfile-bad-dir", test_pidfile_bad_dir);
    g_test_add_func("/util/file/join-safe", test_join_safe);
    g_test_add_func("/util/file/join-refused", test_join_refused);
    return g_test_run();
}
