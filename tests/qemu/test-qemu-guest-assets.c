/* Boots the end-to-end guest built by assets/build-guest.sh with a direct QEMU command and checks its console marker and power-off paths. */
#define MV_LOG_MODULE "test.qemu.guest"
#define MV_FROM_THIS VIR_FROM_QEMU

#include <string.h>
#include <sys/wait.h>

#include "qemu_monitor.h"
#include "qemutest.h"
#include "testutil.h"
#include "util/error.h"

/* Booting to the marker, and a guest's power-off, are bounded by this. */
#define BOOT_TIMEOUT_MS 60000
/* How long one power-button press gets before the next (the guest's acpid
 * may not be listening yet when the first one comes). */
#define POWERDOWN_RETRY_MS 5000

#ifdef GUEST_ACCEL_KVM
# define ACCEL "kvm"
#else
# define ACCEL "tcg"
#endif

typedef struct {
    char *binary;
    char *assets;
    char *dir;
} Fixture;

/* Builds (or finds) the assets; NULL after a skip or failure message. */
static char *
build_assets(void)
{
    const char *srcdir = g_getenv("MODVIRT_SRCDIR");
    const char *builddir = g_getenv("MODVIRT_BUILDDIR");
    g_autofree char *script = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *err = NULL;
    const char *argv[3];

    if (!srcdir || !builddir) {
        g_test_skip("MODVIRT_SRCDIR / MODVIRT_BUILDDIR are not set: run through meson test");
        return NULL;
    }
    script = g_build_filename(srcdir, "tests", "qemu", "assets", "build-guest.sh", NULL);
    dir = g_build_filename(builddir, "tests", "guest-assets", NULL);
    argv[0] = script;
    argv[1] = dir;
    argv[2] = NULL;
    if (mv_test_run(argv, 120000, NULL, &err) != 0) {
        g_autofree char *why = g_strdup_printf("cannot build the guest assets: %s", err ? err : "");

        g_test_skip(why);
        return NULL;
    }
    return g_steal_pointer(&dir);
}

static void
fixture_setup(Fixture *fx, gconstpointer data)
{
#ifdef GUEST_ACCEL_KVM
    g_autofree char *why = NULL;

    if (!mv_test_qemu_kvm_hardware(&why)) {
        g_autofree char *msg = g_strdup_printf("no hardware KVM: %s", why);

        g_test_skip(msg);
        return;
    }
#endif
    fx->binary = mv_test_qemu_binary();
    if (!fx->binary)
        return;
    fx->assets = build_assets();
    fx->dir = mv_test_root_new();
}

static void
fixture_teardown(Fixture *fx, gconstpointer data)
{
    mv_test_root_remove(fx->dir);
    g_free(fx->binary);
    g_free(fx->assets);
    g_free(fx->dir);
}

static pid_t
boot(Fixture *fx, const char *append, const char *serial, const char *qmp_socket)
{
    g_autofree char *kernel = g_build_filename(fx->assets, "vmlinuz", NULL);
    g_autofree char *initrd = g_build_filename(fx->assets, "initramfs.img", NULL);
    g_autofree char *serial_arg = g_strdup_printf("file:%s", serial);
    g_autofree char *qmp_arg = qmp_socket ? g_strdup_printf("unix:%s,server=on,wait=off", qmp_socket) : NULL;
    g_autofree char *stderr_path = g_build_filename(fx->dir, "qemu.stderr", NULL);
    const char *argv[] = {
        fx->binary, "-accel", ACCEL, "-m", "256", "-nodefaults", "-no-user-config",
        "-nographic", "-no-reboot", "-kernel", kernel, "-initrd", initrd,
        "-append", append, "-serial", serial_arg,
        qmp_arg ? "-qmp" : NULL, qmp_arg, NULL,
    };

    return mv_test_spawn(argv, NULL, stderr_path);
}

static void
show_console(const char *serial)
{
    g_autofree char *text = NULL;

    if (g_file_get_contents(serial, &text, NULL, NULL))
        g_test_message("guest console:\n%s", text);
}

static void
test_boot_marker(Fixture *fx, gconstpointer data)
{
    g_autofree char *serial = NULL;
    g_autofree char *text = NULL;
    pid_t pid;
    bool seen;

    if (!fx->assets)
        return;
    serial = g_build_filename(fx->dir, "serial.log", NULL);
    pid = boot(fx, "console=ttyS0", serial, NULL);
    g_assert_cmpint(pid, >, 0);
    seen = mv_test_wait_file_contains(serial, "MODVIRT-GUEST-BOOTED", BOOT_TIMEOUT_MS);
    if (!seen)
        show_console(serial);
    mv_test_kill(pid);
    g_assert_true(seen);
    g_assert_true(g_file_get_contents(serial, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "-amd64"));     /* uname -r follows the marker */
}

static void
test_poweroff_cmdline(Fixture *fx, gconstpointer data)
{
    g_autofree char *serial = NULL;
    int status = 0;
    bool exited;
    pid_t pid;

    if (!fx->assets)
        return;
    serial = g_build_filename(fx->dir, "serial.log", NULL);
    pid = boot(fx, "console=ttyS0 modvirt.poweroff=1", serial, NULL);
    exited = mv_test_wait_exit(pid, BOOT_TIMEOUT_MS, &status);
    if (!exited) {
        show_console(serial);
        mv_test_kill(pid);
    }
    g_assert_true(exited);
    g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    g_assert_true(mv_test_wait_file_contains(serial, "MODVIRT-GUEST-BOOTED", 0));
}

static void
test_power_button(Fixture *fx, gconstpointer data)
{
    g_autoptr(MvQemuMonitorThread) thread = mv_qemu_monitor_thread_new("test-guest");
    g_autofree char *serial = NULL;
    g_autofree char *qmp = NULL;
    MvTestEvents *events;
    MvQemuMonitorCallbacks cb;
    MvQemuMonitor *mon;
    gint64 deadline;
    bool exited = false;
    int status = 0;
    pid_t pid;

    if (!fx->assets)
        return;
    serial = g_build_filename(fx->dir, "serial.log", NULL);
    qmp = g_build_filename(fx->dir, "qmp.sock", NULL);
    pid = boot(fx, "console=ttyS0", serial, qmp);
    events = mv_test_events_new();
    cb = mv_test_events_callbacks(events);
    mon = mv_qemu_monitor_open("guest-assets", qmp, mv_qemu_monitor_thread_get_context(thread),
                               &cb, MV_TEST_QEMU_TIMEOUT_MS);
    g_assert_nonnull(mon);
    if (!mv_test_wait_file_contains(serial, "MODVIRT-GUEST-BOOTED", BOOT_TIMEOUT_MS)) {
        show_console(serial);
        mv_test_kill(pid);
        g_assert_not_reached();
    }

    deadline = g_get_monotonic_time() + BOOT_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
    while (!exited && g_get_monotonic_time() < deadline) {
        if (mv_qemu_monitor_system_powerdown(mon) < 0)
            g_test_message("system_powerdown: %s", mv_error_last_message());
        g_assert_true(mv_test_events_wait(events, "POWERDOWN", MV_TEST_QEMU_TIMEOUT_MS) ||
                      mv_test_wait_exit(pid, 0, &status));
        exited = mv_test_wait_exit(pid, POWERDOWN_RETRY_MS, &status);
    }
    if (!exited) {
        show_console(serial);
        mv_test_kill(pid);
    }
    g_assert_true(exited);
    g_assert_true(mv_test_events_wait(events, "SHUTDOWN", MV_TEST_QEMU_TIMEOUT_MS));
    g_assert_true(mv_test_wait_file_contains(serial, "MODVIRT-GUEST-POWER-BUTTON", 0));
    mv_qemu_monitor_close(mon);
    mv_test_events_free(events);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/qemu/guest-" ACCEL "/boot-marker", test_boot_marker);
    ADD("/qemu/guest-" ACCEL "/poweroff-cmdline", test_poweroff_cmdline);
    ADD("/qemu/guest-" ACCEL "/power-button", test_power_button);
#undef ADD
    return g_test_run();
}
