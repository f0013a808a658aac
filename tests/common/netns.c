/* Test helpers for tests that make links: a body run inside fresh network and pid namespaces, the tools (ip, tc, nft...) found and run, links read from /sys. */
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

/* The exit code by which the namespaces' process says "skipped"; the
 * reason comes through a pipe. */
#define NS_SKIP_EXIT_CODE 77
/* How long a killed body's process gets to be reaped, and how much longer
 * than the body the test waits for the process that waits for it. */
#define NS_REAP_TIMEOUT_MS 10000
#define NS_OUTER_GRACE_MS 20000

/* In the namespaces' processes: where mv_test_ns_skip() writes its reason. */
static int ns_skip_fd = -1;

void
mv_test_ns_skip(const char *reason)
{
    if (ns_skip_fd < 0 || write(ns_skip_fd, reason, strlen(reason)) < 0)
        _exit(1);
    _exit(NS_SKIP_EXIT_CODE);
}

/* The namespaces' init: the mounts config asks for, then the body. */
static G_GNUC_NORETURN void
ns_init(const MvTestNsConfig *config, MvTestNsBody body, gconstpointer data)
{
    bool with_sys = config->flags & MV_TEST_NS_MOUNT_SYS;

    dup2(STDERR_FILENO, STDOUT_FILENO);
    if (config->flags & MV_TEST_NS_MOUNT_PROC) {
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
            mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 ||
            (with_sys &&
             mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)) {
            g_printerr("cannot mount /proc%s in the namespaces: %s\n",
                       with_sys ? " and /sys" : "", g_strerror(errno));
            _exit(1);
        }
    }
    body(data);
    _exit(0);
}

/* The child of the test: makes the namespaces, forks their init and
 * passes on how it ended. */
static G_GNUC_NORETURN void
ns_child(const MvTestNsConfig *config, MvTestNsBody body, gconstpointer data, int skip_fd)
{
    bool with_mount = config->flags & MV_TEST_NS_MOUNT_PROC;
    int status = 0;
    pid_t init;

    ns_skip_fd = skip_fd;
    if (unshare(CLONE_NEWNET | CLONE_NEWPID | (with_mount ? CLONE_NEWNS : 0)) < 0) {
        g_autofree char *reason =
            g_strdup_printf("cannot create network%s namespaces (unshare: %s)",
                            with_mount ? ", pid and mount" : " and pid", g_strerror(errno));

        mv_test_ns_skip(reason);
    }
    init = fork();
    if (init < 0)
        _exit(1);
    if (init == 0)
        ns_init(config, body, data);
    if (!mv_test_wait_exit(init, config->timeout_ms, &status)) {
        kill(init, SIGKILL);
        mv_test_wait_exit(init, NS_REAP_TIMEOUT_MS, NULL);
        _exit(3);
    }
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

void
mv_test_ns_run(const MvTestNsConfig *config, MvTestNsBody body, gconstpointer data)
{
    int skip_pipe[2];
    int status = 0;
    pid_t child;

    g_assert_cmpint(pipe2(skip_pipe, O_CLOEXEC), ==, 0);
    fflush(stdout);
    fflush(stderr);
    child = fork();
    g_assert_cmpint(child, >=, 0);
    if (child == 0) {
        close(skip_pipe[0]);
        ns_child(config, body, data, skip_pipe[1]);
    }

    close(skip_pipe[1]);
    if (!mv_test_wait_exit(child, config->timeout_ms + NS_OUTER_GRACE_MS, &status)) {
        kill(child, SIGKILL);
        mv_test_wait_exit(child, NS_REAP_TIMEOUT_MS, NULL);
        status = -1;
    }
    if (config->scratch)
        mv_test_root_remove(config->scratch);
    if (status == -1) {
        close(skip_pipe[0]);
        g_error("the namespace test process did not finish");
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == NS_SKIP_EXIT_CODE) {
        char reason[256] = "";
        ssize_t got = read(skip_pipe[0], reason, sizeof(reason) - 1);

        close(skip_pipe[0]);
        reason[got > 0 ? got : 0] = '\0';
        g_test_skip(reason);
        return;
    }
    close(skip_pipe[0]);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        g_error("the namespace test process failed (wait status 0x%x); see its messages above",
                (unsigned int) status);
}

int
mv_test_ns_open_net(void)
{
    int fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);

    g_assert_cmpint(fd, >=, 0);
    return fd;
}

void
mv_test_ns_enter_net(int fd)
{
    g_assert_cmpint(setns(fd, CLONE_NEWNET), ==, 0);
}

char *
mv_test_find_tool(const char *name)
{
    static const char *const dirs[] = { "/usr/sbin", "/sbin", "/usr/bin", "/bin" };
    char *path = g_find_program_in_path(name);

    for (size_t i = 0; !path && i < G_N_ELEMENTS(dirs); i++) {
        g_autofree char *candidate = g_build_filename(dirs[i], name, NULL);

        if (g_file_test(candidate, G_FILE_TEST_IS_EXECUTABLE))
            path = g_steal_pointer(&candidate);
    }
    return path;
}

int
mv_test_tool_run(const char *const *argv, char **ret_out)
{
    g_autofree char *path = mv_test_find_tool(argv[0]);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    int code;

    if (!path)
        g_error("'%s' is not installed", argv[0]);
    g_ptr_array_add(args, path);
    for (size_t i = 1; argv[i]; i++)
        g_ptr_array_add(args, (gpointer) argv[i]);
    g_ptr_array_add(args, NULL);
    code = mv_test_run((const char *const *) args->pdata, MV_TEST_TOOL_TIMEOUT_MS, &out, &err);
    if (code != 0)
        g_printerr("# %s exited %d: %s%s\n", argv[0], code, out ? out : "", err ? err : "");
    if (ret_out)
        *ret_out = g_steal_pointer(&out);
    return code;
}

int
mv_test_tool(char **ret_out, const char *name, ...)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    const char *arg;
    va_list ap;

    g_ptr_array_add(argv, (gpointer) name);
    va_start(ap, name);
    while ((arg = va_arg(ap, const char *)))
        g_ptr_array_add(argv, (gpointer) arg);
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    return mv_test_tool_run((const char *const *) argv->pdata, ret_out);
}

char *
mv_test_tool_output(const char *const *argv)
{
    char *out = NULL;

    g_assert_cmpint(mv_test_tool_run(argv, &out), ==, 0);
    return out ? out : g_strdup("");
}

void
mv_test_tool_check(const char *const *argv)
{
    g_assert_cmpint(mv_test_tool_run(argv, NULL), ==, 0);
}

bool
mv_test_link_exists(const char *ifname)
{
    g_autofree char *path = g_build_filename("/sys/class/net", ifname, NULL);

    return g_file_test(path, G_FILE_TEST_EXISTS);
}

char *
mv_test_link_sysfs(const char *ifname, const char *file)
{
    g_autofree char *path = g_build_filename("/sys/class/net", ifname, file, NULL);
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return NULL;
    return g_strchomp(text);
}

char *
mv_test_link_master(const char *ifname)
{
    g_autofree char *path = g_build_filename("/sys/class/net", ifname, "master", NULL);
    g_autofree char *target = g_file_read_link(path, NULL);

    return target ? g_path_get_basename(target) : NULL;
}

guint
mv_test_link_count(const char *prefix)
{
    g_autoptr(GDir) dir = g_dir_open("/sys/class/net", 0, NULL);
    const char *entry;
    guint n = 0;

    while (dir && (entry = g_dir_read_name(dir)))
        n += g_str_has_prefix(entry, prefix);
    return n;
}
