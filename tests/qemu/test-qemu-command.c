/* Data-driven command line cases: tests/qemu/command/NAME.xml -> NAME.args (or NAME.err), and a few argv run by the real QEMU. */
#define MV_LOG_MODULE "test.qemu.command"
#define MV_FROM_THIS VIR_FROM_QEMU

#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "conf/domain.h"
#include "qemu_command.h"
#include "qemu_postparse.h"
#include "qemu_postparse_alias.h"
#include "qemutest.h"
#include "testutil.h"
#include "util/error.h"

/* A case is NAME.xml with one expectation beside it:
 *   NAME.args   the command line: the binary, then one option per line
 *               ("-machine pc-i440fx-7.2,usb=off,..."; an option without
 *               a value, or a value that starts with '-', alone)
 *   NAME.err    the definition is refused; the last error's message
 * Cases named nokvm-* use caps-x86_64-nokvm.json (a host without KVM),
 * all others caps-x86_64.json. The builder gets a fixed context: monitor
 * at MONITOR_PATH, tap fd 100 + N and vhost-net fd 200 + N for interface
 * N, VNC port 5900.
 * With MODVIRT_TEST_REGENERATE=1 the .args files are written instead. */
#define MONITOR_PATH "/run/modvirt/qemu/domain-test/monitor.sock"
#define TAP_FD_BASE 100
#define VHOST_FD_BASE 200
#define MAX_TAPS 8

/* Cases whose argv the real qemu-system-x86_64 must accept (TCG, no
 * disks, no taps, no host devices). */
static const char *const real_cases[] = {
    "minimal", "boot-menu", "serial-pty", "vnc-autoport", "video-vga", "video-qxl",
    "video-virtio", "rng-random", "rng-builtin-rate", "input-usb-tablet", "input-virtio",
    "net-user-virtio", "net-user-default-model", "cpu-custom-features", "smp-topology",
    "q35-defaults", "watchdog-panic", "controller-usb-none", "memballoon-none",
    "name-with-comma", "video-bochs", "loader-rom",
};

/* The same for KVM domains, run when /dev/kvm is usable. (Not "-cpu
 * host": under nested KVM, QEMU may fail to set the host's MSRs.) */
static const char *const real_kvm_cases[] = {
    "kvm-minimal", "clock-localtime-timers", "features-acpi-vmport", "memory-hotplug"
};

typedef struct {
    char *base;
    char *name;
} CommandCase;

static void
command_case_free(gpointer data)
{
    CommandCase *tc = data;

    g_free(tc->base);
    g_free(tc->name);
    g_free(tc);
}

static char *
srcdir_path(const char *name)
{
    const char *src = g_getenv("MODVIRT_SRCDIR");

    return g_build_filename(src ? src : ".", "tests", "qemu", "command", name, NULL);
}

static MvQemuCaps *
load_caps(const char *name)
{
    g_autofree char *path = srcdir_path(g_str_has_prefix(name, "nokvm-") ?
                                        "caps-x86_64-nokvm.json" : "caps-x86_64.json");
    MvQemuCaps *caps = mv_qemu_caps_load_file(path);

    if (!caps)
        g_error("%s: %s", path, mv_error_last_message());
    return caps;
}

static char *
read_file(const char *path)
{
    g_autoptr(GError) error = NULL;
    char *contents = NULL;

    if (!g_file_get_contents(path, &contents, NULL, &error))
        g_error("cannot read %s: %s", path, error->message);
    return contents;
}

/* The argv of cmd, back from its shell-quoted form (without the
 * environment settings that come first). */
static GStrv
command_argv(const MvCommand *cmd)
{
    g_autofree char *str = mv_command_to_string(cmd);
    g_auto(GStrv) all = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GStrvBuilder) argv = g_strv_builder_new();
    int argc;
    int i = 0;

    if (!g_shell_parse_argv(str, &argc, &all, &error))
        g_error("cannot split '%s': %s", str, error->message);
    while (all[i] && all[i][0] != '/' && strchr(all[i], '='))
        i++;
    for (; all[i]; i++)
        g_strv_builder_add(argv, all[i]);
    return g_strv_builder_end(argv);
}

static char *
argv_to_lines(const char *const *argv)
{
    g_autoptr(GString) out = g_string_new(NULL);

    for (size_t i = 0; argv[i]; i++) {
        g_string_append(out, argv[i]);
        if (argv[i][0] == '-' && argv[i + 1] && argv[i + 1][0] != '-') {
            g_string_append_c(out, ' ');
            g_string_append(out, argv[++i]);
        }
        g_string_append_c(out, '\n');
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* NULL (and the error set) when the case is refused. */
static MvCommand *
build_case(const char *xml, const char *name, const MvQemuCommandContext *ctx)
{
    g_autoptr(MvQemuCaps) caps = load_caps(name);
    g_autoptr(MvDomainDef) def = mv_domain_def_parse_string(xml, MV_DOMAIN_XML_INACTIVE);

    if (!def || mv_qemu_domain_post_parse(def, caps) < 0 || mv_qemu_domain_assign_aliases(def) < 0)
        return NULL;
    return mv_qemu_build_command(def, caps, ctx);
}

static void
fixed_context(MvQemuCommandContext *ctx, int *taps, int *vhosts)
{
    for (int i = 0; i < MAX_TAPS; i++) {
        taps[i] = TAP_FD_BASE + i;
        vhosts[i] = VHOST_FD_BASE + i;
    }
    *ctx = (MvQemuCommandContext) {
        .monitor_fd = -1,
        .monitor_path = MONITOR_PATH,
        .tap_fds = taps,
        .n_tap_fds = MAX_TAPS,
        .vhost_fds = vhosts,
        .n_vhost_fds = MAX_TAPS,
        .vnc_port = 5900,
    };
}

static void
run_case(gconstpointer data)
{
    const CommandCase *tc = data;
    g_autofree char *xml_path = g_strconcat(tc->base, ".xml", NULL);
    g_autofree char *args_path = g_strconcat(tc->base, ".args", NULL);
    g_autofree char *err_path = g_strconcat(tc->base, ".err", NULL);
    g_autofree char *xml = read_file(xml_path);
    g_autoptr(MvCommand) cmd = NULL;
    g_auto(GStrv) argv = NULL;
    g_autofree char *lines = NULL;
    MvQemuCommandContext ctx;
    int taps[MAX_TAPS];
    int vhosts[MAX_TAPS];

    fixed_context(&ctx, taps, vhosts);
    mv_error_reset();
    cmd = build_case(xml, tc->name, &ctx);

    if (g_file_test(err_path, G_FILE_TEST_EXISTS)) {
        g_autofree char *expected = read_file(err_path);

        if (cmd) {
            g_auto(GStrv) got = command_argv(cmd);
            g_autofree char *out = argv_to_lines((const char *const *) got);

            g_error("%s: built, but %s expects an error; argv:\n%s", xml_path, err_path, out);
        }
        g_assert_cmpstr(mv_error_last_message(), ==, g_strchomp(expected));
        g_assert_false(g_file_test(args_path, G_FILE_TEST_EXISTS));
        return;
    }
    if (!cmd)
        g_error("%s: unexpected failure: %s", xml_path, mv_error_last_message());
    argv = command_argv(cmd);
    lines = argv_to_lines((const char *const *) argv);
    if (g_getenv("MODVIRT_TEST_REGENERATE")) {
        g_assert_true(g_file_set_contents(args_path, lines, -1, NULL));
        return;
    }
    if (!g_file_test(args_path, G_FILE_TEST_EXISTS)) {
        g_test_message("%s is missing; the argv was:\n%s", args_path, lines);
        g_test_fail();
        return;
    }
    {
        g_autofree char *expected = read_file(args_path);

        g_assert_cmpstr(lines, ==, expected);
    }
}

/* Waits for QEMU's QMP greeting on path: QEMU sends it from its main
 * loop, after it created the machine and every device of its argv. */
static bool
wait_greeting(const char *path, pid_t pid, bool *ret_exited, char **ret_greeting)
{
    gint64 deadline = g_get_monotonic_time() + MV_TEST_QEMU_TIMEOUT_MS * G_GINT64_CONSTANT(1000);

    while (g_get_monotonic_time() < deadline) {
        int status;
        int fd;

        if (mv_test_wait_exit(pid, 50, &status)) {
            *ret_exited = true;
            return false;
        }
        if ((fd = mv_test_connect(path)) >= 0) {
            char buf[4096];
            ssize_t n = read(fd, buf, sizeof(buf) - 1);

            close(fd);
            if (n > 0) {
                buf[n] = '\0';
                *ret_greeting = g_strdup(buf);
                return true;
            }
        }
    }
    return false;
}

static void
run_real(gconstpointer data)
{
    const char *name = data;
    g_autofree char *binary = mv_test_qemu_binary();
    g_autofree char *base = NULL;
    g_autofree char *xml_path = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *socket_path = NULL;
    g_autofree char *stderr_path = NULL;
    g_autofree char *greeting = NULL;
    g_autoptr(MvCommand) cmd = NULL;
    g_auto(GStrv) argv = NULL;
    MvQemuCommandContext ctx;
    int taps[MAX_TAPS];
    int vhosts[MAX_TAPS];
    pid_t pid;
    bool exited = false;
    bool up;

    if (!binary)
        return;
    if (g_str_has_prefix(g_test_get_path(), "/qemu/command/real-kvm/")) {
        g_autofree char *why = NULL;

        if (!mv_test_qemu_kvm_usable(&why)) {
            g_test_skip(why);
            return;
        }
    }
    base = srcdir_path(name);
    xml_path = g_strconcat(base, ".xml", NULL);
    xml = read_file(xml_path);
    dir = mv_test_root_new();
    socket_path = g_build_filename(dir, "monitor.sock", NULL);
    stderr_path = g_build_filename(dir, "stderr", NULL);

    fixed_context(&ctx, taps, vhosts);
    ctx.monitor_path = socket_path;
    if (!(cmd = build_case(xml, name, &ctx)))
        g_error("%s: %s", xml_path, mv_error_last_message());
    argv = command_argv(cmd);
    g_free(argv[0]);
    argv[0] = g_strdup(binary);

    pid = mv_test_spawn((const char *const *) argv, NULL, stderr_path);
    g_assert_cmpint(pid, >, 0);
    up = wait_greeting(socket_path, pid, &exited, &greeting);
    if (!exited)
        mv_test_kill(pid);
    if (!up) {
        g_autofree char *err = NULL;

        g_file_get_contents(stderr_path, &err, NULL, NULL);
        g_error("QEMU refused the argv of %s: %s", name, err ? err : "(no stderr)");
    }
    g_assert_nonnull(strstr(greeting, "\"QMP\""));
    mv_test_root_remove(dir);
}

/* The monitor as an inherited listening fd, and an interface whose tap
 * the lifecycle code did not open. */
static void
run_context(void)
{
    g_autofree char *base = srcdir_path("net-tap-bridge");
    g_autofree char *xml_path = g_strconcat(base, ".xml", NULL);
    g_autofree char *xml = read_file(xml_path);
    g_autoptr(MvCommand) cmd = NULL;
    g_auto(GStrv) argv = NULL;
    MvQemuCommandContext ctx = { .monitor_fd = 42, .vnc_port = -1 };
    int taps[] = { 43, 44, 45 };
    bool found = false;

    mv_error_reset();
    g_assert_null(build_case(xml, "net-tap-bridge", &ctx));
    g_assert_cmpstr(mv_error_last_message(), ==,
                    "internal error: interface 'net0' (type 'bridge') has no open tap device to hand to QEMU");

    ctx.tap_fds = taps;
    ctx.n_tap_fds = G_N_ELEMENTS(taps);
    cmd = build_case(xml, "net-tap-bridge", &ctx);
    g_assert_nonnull(cmd);
    argv = command_argv(cmd);
    for (size_t i = 0; argv[i]; i++) {
        if (g_str_equal(argv[i], "socket,id=charmonitor,fd=42,server=on,wait=off"))
            found = true;
        g_assert_cmpstr(argv[i], !=, "tap,fd=100,id=hostnet0");
    }
    g_assert_true(found);
    g_assert_true(g_strv_contains((const char *const *) argv, "tap,fd=43,id=hostnet0"));
    g_assert_true(g_strv_contains((const char *const *) argv, "tap,fd=45,id=hostnet2"));
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

int
main(int argc, char **argv)
{
    g_autofree char *dir_path = srcdir_path("");
    g_autoptr(GDir) dir = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func(command_case_free);
    const char *entry;

    g_test_init(&argc, &argv, NULL);
    if (!(dir = g_dir_open(dir_path, 0, NULL)))
        g_error("no cases in %s", dir_path);
    while ((entry = g_dir_read_name(dir))) {
        if (g_str_has_suffix(entry, ".xml"))
            g_ptr_array_add(names, g_strndup(entry, strlen(entry) - 4));
    }
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        CommandCase *tc = g_new0(CommandCase, 1);
        g_autofree char *test_path = NULL;

        tc->name = g_strdup(g_ptr_array_index(names, i));
        tc->base = srcdir_path(tc->name);
        test_path = g_strdup_printf("/qemu/command/%s", tc->name);
        g_ptr_array_add(cases, tc);
        g_test_add_data_func(test_path, tc, run_case);
    }
    g_test_add_func("/qemu/command/context", run_context);
    for (size_t i = 0; i < G_N_ELEMENTS(real_cases); i++) {
        g_autofree char *test_path = g_strdup_printf("/qemu/command/real/%s", real_cases[i]);

        g_test_add_data_func(test_path, real_cases[i], run_real);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(real_kvm_cases); i++) {
        g_autofree char *test_path = g_strdup_printf("/qemu/command/real-kvm/%s", real_kvm_cases[i]);

        g_test_add_data_func(test_path, real_kvm_cases[i], run_real);
    }
    return g_test_run();
}
