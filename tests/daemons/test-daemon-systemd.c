/* Tests of systemd/ and socket activation: the generated units verify, a daemon takes passed sockets. */
#include <arpa/inet.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#define VERIFY_TIMEOUT_MS 60000
#define START_TIMEOUT_MS 10000
/* A uid and gid of no one: nobody's. */
#define PEER_ID 65534
#define REMOTE_PROGRAM 0x20008086
#define REMOTE_PROC_AUTH_LIST 66

static const char *const daemon_names[] = {
    "qemud", "xend", "lxcd", "networkd", "nodedevd", "proxyd",
};

static const char *const unit_suffixes[] = { ".service", ".socket", "-ro.socket" };

/* Copies a generated unit into dir, its ExecStart pointing at the built
 * binary: verify checks that the program exists, and it is not installed. */
static char *
copy_unit(const char *dir, const char *name, const char *suffix)
{
    g_autofree char *unit = g_strdup_printf("modvirt-%s%s", name, suffix);
    g_autofree char *rel = g_build_filename("systemd", unit, NULL);
    g_autofree char *src = mv_test_built_file(rel);
    g_autofree char *binary = mv_test_daemon_binary(name);
    g_autofree char *text = NULL;
    g_autofree char *dst = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GString) out = g_string_new(NULL);

    if (!src || !binary)
        return NULL;
    g_assert_true(g_file_get_contents(src, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    for (size_t i = 0; lines[i]; i++) {
        const char *args;

        if (g_str_has_prefix(lines[i], "ExecStart=") && (args = strchr(lines[i], ' ')))
            g_string_append_printf(out, "ExecStart=%s%s", binary, args);
        else
            g_string_append(out, lines[i]);
        if (lines[i + 1])
            g_string_append_c(out, '\n');
    }

    dst = g_build_filename(dir, unit, NULL);
    g_assert_true(g_file_set_contents(dst, out->str, -1, NULL));
    return g_steal_pointer(&dst);
}

static void
test_units_verify(void)
{
    g_autofree char *analyze = g_find_program_in_path("systemd-analyze");
    g_autofree char *dir = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    int rc;

    if (!analyze) {
        g_test_skip("systemd-analyze is not installed (Debian package systemd)");
        return;
    }

    dir = mv_test_root_new();
    g_ptr_array_add(argv, g_strdup(analyze));
    g_ptr_array_add(argv, g_strdup("verify"));
    g_ptr_array_add(argv, g_strdup("--man=no"));
    for (size_t i = 0; i < G_N_ELEMENTS(daemon_names); i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(unit_suffixes); j++) {
            char *unit = copy_unit(dir, daemon_names[i], unit_suffixes[j]);

            if (!unit) {
                mv_test_root_remove(dir);
                return;
            }
            g_ptr_array_add(argv, unit);
        }
    }
    g_ptr_array_add(argv, NULL);

    rc = mv_test_run((const char *const *) argv->pdata, VERIFY_TIMEOUT_MS, &out, &err);
    mv_test_root_remove(dir);
    if (rc != 0 && (strstr(err, "Failed to initialize manager") ||
                    strstr(err, "Failed to set up") || strstr(err, "Operation not permitted"))) {
        g_autofree char *why = g_strdup_printf("systemd-analyze cannot run here: %s", err);

        g_test_skip(why);
        return;
    }
    g_test_message("systemd-analyze verify: status %d\n%s%s", rc, out, err);
    g_assert_cmpint(rc, ==, 0);
    /* Unknown keys and bad values are only warnings: any output is a fault. */
    g_assert_cmpstr(err, ==, "");
}

/* As libvirt's units when polkit is built in: anyone reaches both sockets,
 * and the daemon asks polkit about non-root clients of the read-write one. */
static void
test_units_socket_modes(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(daemon_names); i++) {
        for (size_t j = 1; j < G_N_ELEMENTS(unit_suffixes); j++) {
            g_autofree char *rel = g_strdup_printf("systemd/modvirt-%s%s", daemon_names[i],
                                                   unit_suffixes[j]);
            g_autofree char *path = mv_test_built_file(rel);
            g_autofree char *text = NULL;

            if (!path)
                return;
            g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
            if (!strstr(text, "\nSocketMode=0666\n"))
                g_error("%s: no SocketMode=0666 in\n%s", rel, text);
        }
    }
}

/* Waits for systemd-socket-activate to bind path, then gives it mode, as
 * SocketMode= does: before the first connection starts the daemon. */
static void
chmod_when_bound(const char *path, mode_t mode)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) START_TIMEOUT_MS * 1000;

    while (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10000);
    }
    g_assert_cmpint(chmod(path, mode), ==, 0);
}

/* The daemon started by systemd-socket-activate takes both passed sockets by
 * their names, answers on them and binds none of its own. */
static void
test_socket_activation(void)
{
    g_autofree char *activate = g_find_program_in_path("systemd-socket-activate");
    g_autofree char *binary = mv_test_daemon_binary("qemud");
    g_autofree char *root = NULL;
    g_autofree char *rw = NULL;
    g_autofree char *ro = NULL;
    g_autofree char *listen_rw = NULL;
    g_autofree char *listen_ro = NULL;
    g_autofree char *stderr_path = NULL;
    g_autofree char *pid_file = NULL;
    g_autofree char *own_rw = NULL;
    g_autofree char *own_ro = NULL;
    g_autofree char *pid_text = NULL;
    g_autofree char *log = NULL;
    pid_t pid;
    int client;
    int client_ro;

    if (!activate) {
        g_test_skip("systemd-socket-activate is not installed (Debian package systemd)");
        return;
    }
    if (!binary)
        return;

    root = mv_test_root_new();
    mv_test_write_file(root, "etc/modvirt/qemud.conf", "log_level = 1\n");
    rw = g_build_filename(root, "activated-rw", NULL);
    ro = g_build_filename(root, "activated-ro", NULL);
    listen_rw = g_strdup_printf("--listen=%s", rw);
    listen_ro = g_strdup_printf("--listen=%s", ro);
    stderr_path = g_build_filename(root, "qemud.stderr", NULL);
    pid_file = g_build_filename(root, "run", "modvirt", "qemud.pid", NULL);
    own_rw = mv_test_socket_path(root, "qemud", false);
    own_ro = mv_test_socket_path(root, "qemud", true);

    {
        const char *argv[] = {
            activate, listen_rw, listen_ro, "--fdname=qemud-sock:qemud-sock-ro",
            binary, "--root", root, NULL,
        };

        pid = mv_test_spawn(argv, NULL, stderr_path);
    }
    chmod_when_bound(rw, 0666);

    /* systemd-socket-activate execs the daemon in its own process on the
     * first connection; the daemon then accepts that connection. */
    if (!mv_test_wait_socket(rw, START_TIMEOUT_MS)) {
        mv_test_kill(pid);
        g_assert_not_reached();
    }
    client = mv_test_connect(rw);
    g_assert_cmpint(client, >=, 0);
    g_assert_true(mv_test_wait_file_contains(pid_file, "\n", START_TIMEOUT_MS));
    g_assert_true(g_file_get_contents(pid_file, &pid_text, NULL, NULL));
    g_assert_cmpint(g_ascii_strtoll(pid_text, NULL, 10), ==, pid);

    g_assert_true(mv_test_wait_file_contains(stderr_path, "client connected on the read-write socket",
                                             START_TIMEOUT_MS));
    client_ro = mv_test_connect(ro);
    g_assert_cmpint(client_ro, >=, 0);
    g_assert_true(mv_test_wait_file_contains(stderr_path, "client connected on the read-only socket",
                                             START_TIMEOUT_MS));
    g_assert_false(g_file_test(own_rw, G_FILE_TEST_EXISTS));
    g_assert_false(g_file_test(own_ro, G_FILE_TEST_EXISTS));

    close(client);
    close(client_ro);
    g_assert_cmpint(mv_test_kill(pid), ==, 0);
    /* The files belong to whoever passed the sockets: left in place. */
    g_assert_true(g_file_test(rw, G_FILE_TEST_EXISTS));
    g_assert_false(g_file_test(pid_file, G_FILE_TEST_EXISTS));

    g_assert_true(g_file_get_contents(stderr_path, &log, NULL, NULL));
    g_assert_nonnull(strstr(log, "passed by systemd as 'qemud-sock'"));
    /* --root: auth_unix_rw is none, and the unit's 0666 would let anyone in. */
    g_assert_nonnull(strstr(log, "anyone may connect to the read-write socket"));
    g_assert_nonnull(strstr(log, "set SocketMode=0600 in modvirt-qemud.socket"));
    mv_test_root_remove(root);
}

/* A passed socket with a name the daemon does not know is refused, named. */
static void
test_socket_activation_bad_name(void)
{
    g_autofree char *activate = g_find_program_in_path("systemd-socket-activate");
    g_autofree char *binary = mv_test_daemon_binary("qemud");
    g_autofree char *root = NULL;
    g_autofree char *path = NULL;
    g_autofree char *listen = NULL;
    g_autofree char *stderr_path = NULL;
    g_autofree char *log = NULL;
    pid_t pid;
    int status = 0;

    if (!activate) {
        g_test_skip("systemd-socket-activate is not installed (Debian package systemd)");
        return;
    }
    if (!binary)
        return;

    root = mv_test_root_new();
    path = g_build_filename(root, "activated", NULL);
    listen = g_strdup_printf("--listen=%s", path);
    stderr_path = g_build_filename(root, "qemud.stderr", NULL);
    {
        const char *argv[] = {
            activate, listen, "--fdname=networkd-sock", binary, "--root", root, NULL,
        };

        pid = mv_test_spawn(argv, NULL, stderr_path);
    }
    /* The first connection makes systemd-socket-activate exec the daemon. */
    if (!mv_test_wait_socket(path, START_TIMEOUT_MS) ||
        !mv_test_wait_exit(pid, START_TIMEOUT_MS, &status)) {
        mv_test_kill(pid);
        g_assert_not_reached();
    }
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 1);
    g_assert_true(g_file_get_contents(stderr_path, &log, NULL, NULL));
    g_assert_nonnull(strstr(log, "'networkd-sock'"));
    mv_test_root_remove(root);
}

/* In a child as PEER_ID: AUTH_LIST (66) on the socket at path, written
 * by hand. The exit status is the first auth type answered, 100 and up
 * when something failed. */
static void
auth_list_child(const char *path)
{
    guint32 call[7] = {
        htonl(28), htonl(REMOTE_PROGRAM), htonl(1), htonl(REMOTE_PROC_AUTH_LIST), 0, htonl(1), 0,
    };
    guint32 reply[9];
    struct timeval timeout = { .tv_sec = START_TIMEOUT_MS / 1000 };
    size_t got = 0;
    int fd;

    if (setgroups(0, NULL) < 0 || setresgid(PEER_ID, PEER_ID, PEER_ID) < 0 ||
        setresuid(PEER_ID, PEER_ID, PEER_ID) < 0)
        _exit(100);
    if ((fd = mv_test_connect(path)) < 0)
        _exit(101);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    if (write(fd, call, sizeof(call)) != sizeof(call))
        _exit(102);
    /* length, program, version, procedure, type, serial, status, count, type */
    while (got < sizeof(reply)) {
        ssize_t n = read(fd, (char *) reply + got, sizeof(reply) - got);

        if (n <= 0)
            _exit(103);
        got += (size_t) n;
    }
    if (ntohl(reply[6]) != 0 || ntohl(reply[7]) < 1)
        _exit(104);
    _exit((int) ntohl(reply[8]));
}

/* The first auth type the daemon at path answers a client of uid PEER_ID. */
static int
auth_list_as_peer(const char *path)
{
    pid_t pid = fork();
    int status = 0;

    g_assert_cmpint(pid, >=, 0);
    if (pid == 0)
        auth_list_child(path);
    g_assert_true(mv_test_wait_exit(pid, START_TIMEOUT_MS, &status));
    g_assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* Sockets passed by systemd get the config's auth as bound ones do:
 * auth_unix_rw = "polkit" (system mode's default) makes AUTH_LIST answer
 * polkit (2) to a non-root client of the passed read-write socket, none
 * (0) on the read-only one. --root stands for system mode, with its
 * default written out. */
static void
test_socket_activation_polkit(void)
{
    g_autofree char *activate = g_find_program_in_path("systemd-socket-activate");
    g_autofree char *binary = mv_test_daemon_binary("networkd");
    g_autofree char *root = NULL;
    g_autofree char *rw = NULL;
    g_autofree char *ro = NULL;
    g_autofree char *listen_rw = NULL;
    g_autofree char *listen_ro = NULL;
    g_autofree char *stderr_path = NULL;
    g_autofree char *log = NULL;
    pid_t pid;

    if (geteuid() != 0) {
        g_test_skip("needs root: a client of another uid");
        return;
    }
    if (!activate) {
        g_test_skip("systemd-socket-activate is not installed (Debian package systemd)");
        return;
    }
    if (!binary)
        return;

    root = mv_test_root_new();
    g_assert_cmpint(chmod(root, 0755), ==, 0);
    mv_test_write_file(root, "etc/modvirt/networkd.conf",
                       "log_level = 1\nauth_unix_rw = \"polkit\"\n");
    rw = g_build_filename(root, "activated-rw", NULL);
    ro = g_build_filename(root, "activated-ro", NULL);
    listen_rw = g_strdup_printf("--listen=%s", rw);
    listen_ro = g_strdup_printf("--listen=%s", ro);
    stderr_path = g_build_filename(root, "networkd.stderr", NULL);
    {
        const char *argv[] = {
            activate, listen_rw, listen_ro, "--fdname=networkd-sock:networkd-sock-ro",
            binary, "--root", root, NULL,
        };

        pid = mv_test_spawn(argv, NULL, stderr_path);
    }
    chmod_when_bound(rw, 0666);
    chmod_when_bound(ro, 0666);
    if (!mv_test_wait_socket(rw, START_TIMEOUT_MS)) {
        mv_test_kill(pid);
        g_assert_not_reached();
    }

    g_assert_cmpint(auth_list_as_peer(rw), ==, 2);
    g_assert_cmpint(auth_list_as_peer(ro), ==, 0);
    g_assert_true(mv_test_wait_file_contains(stderr_path, "passed by systemd as 'networkd-sock'",
                                             START_TIMEOUT_MS));
    g_assert_cmpint(mv_test_kill(pid), ==, 0);
    /* polkit decides: the socket's 0666 is as meant. */
    g_assert_true(g_file_get_contents(stderr_path, &log, NULL, NULL));
    g_assert_null(strstr(log, "anyone may connect"));
    mv_test_root_remove(root);
}

/* Waits up to timeout_ms for a datagram on fd containing want. */
static bool
wait_notification(int fd, const char *want, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * 1000;

    for (;;) {
        gint64 left = (deadline - g_get_monotonic_time()) / 1000;
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        char buf[1024];
        ssize_t got;

        if (left <= 0 || poll(&pfd, 1, (int) left) <= 0)
            return false;
        if ((got = recv(fd, buf, sizeof(buf) - 1, 0)) <= 0)
            continue;
        buf[got] = '\0';
        g_test_message("notified: %s", buf);
        if (strstr(buf, want))
            return true;
    }
}

/* With NOTIFY_SOCKET set, as under a Type=notify unit: READY=1 once the
 * sockets listen, STOPPING=1 on the way out. */
static void
test_sd_notify(void)
{
    g_autofree char *binary = mv_test_daemon_binary("nodedevd");
    g_autofree char *root = NULL;
    g_autofree char *notify_path = NULL;
    g_autofree char *notify_env = NULL;
    g_autofree char *rw = NULL;
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    pid_t pid;
    int client;
    int fd;

    if (!binary)
        return;
    root = mv_test_root_new();
    notify_path = g_build_filename(root, "notify", NULL);
    notify_env = g_strdup_printf("NOTIFY_SOCKET=%s", notify_path);
    rw = mv_test_socket_path(root, "nodedevd", false);

    g_strlcpy(addr.sun_path, notify_path, sizeof(addr.sun_path));
    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    g_assert_cmpint(bind(fd, (struct sockaddr *) &addr, sizeof(addr)), ==, 0);

    {
        const char *argv[] = { binary, "--root", root, NULL };
        const char *env[] = { notify_env, NULL };

        pid = mv_test_spawn_env(argv, env, NULL, NULL);
    }
    if (!wait_notification(fd, "READY=1", START_TIMEOUT_MS)) {
        mv_test_kill(pid);
        g_assert_not_reached();
    }
    /* Ready means listening: the first connect must work. */
    client = mv_test_connect(rw);
    g_assert_cmpint(client, >=, 0);
    close(client);
    g_assert_cmpint(mv_test_kill(pid), ==, 0);
    g_assert_true(wait_notification(fd, "STOPPING=1", START_TIMEOUT_MS));
    close(fd);
    mv_test_root_remove(root);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/systemd/units-verify", test_units_verify);
    g_test_add_func("/systemd/units-socket-modes", test_units_socket_modes);
    g_test_add_func("/systemd/socket-activation", test_socket_activation);
    g_test_add_func("/systemd/socket-activation-bad-name", test_socket_activation_bad_name);
    g_test_add_func("/systemd/socket-activation-polkit", test_socket_activation_polkit);
    g_test_add_func("/systemd/sd-notify", test_sd_notify);

    return g_test_run();
}
