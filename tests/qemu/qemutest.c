/* Helpers for the QEMU tests: finding QEMU and a usable KVM, starting a paused QEMU with a QMP socket, collecting monitor events. */
#include "qemutest.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "testutil.h"

struct _MvTestEvents {
    GMutex lock;
    GCond cond;
    GPtrArray *names;
    int eofs;
    bool eof_error;
};

char *
mv_test_qemu_binary(void)
{
    char *path = g_find_program_in_path("qemu-system-x86_64");

    if (!path)
        g_test_skip("qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)");
    return path;
}

bool
mv_test_qemu_kvm_usable(char **ret_why)
{
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    int version;

    if (fd < 0) {
        *ret_why = g_strdup_printf("/dev/kvm cannot be opened: %s", g_strerror(errno));
        return false;
    }
    version = ioctl(fd, KVM_GET_API_VERSION, 0);
    close(fd);
    if (version != KVM_API_VERSION) {
        *ret_why = g_strdup_printf("/dev/kvm answers API version %d, not %d", version, KVM_API_VERSION);
        return false;
    }
    *ret_why = NULL;
    return true;
}

bool
mv_test_qemu_kvm_hardware(char **ret_why)
{
    g_autofree char *cpuinfo = NULL;

    if (!mv_test_qemu_kvm_usable(ret_why))
        return false;
    /* PVM (a pagetable-based KVM for hosts without VT-x / AMD-V) opens
     * /dev/kvm too, but runs a stock guest kernel some hundred times
     * slower than TCG: a boot would take minutes (docs/qemu.md). */
    if (g_file_test("/sys/module/kvm_pvm", G_FILE_TEST_EXISTS)) {
        *ret_why = g_strdup("/dev/kvm is PVM (/sys/module/kvm_pvm), which cannot run a stock guest kernel at speed");
        return false;
    }
    if (g_file_get_contents("/proc/cpuinfo", &cpuinfo, NULL, NULL) &&
        !g_regex_match_simple("^flags\\s*:.*\\b(vmx|svm)\\b", cpuinfo, G_REGEX_MULTILINE, 0)) {
        *ret_why = g_strdup("the CPU has neither vmx nor svm: no hardware virtualization");
        return false;
    }
    return true;
}

MvTestQemu *
mv_test_qemu_start(const char *binary, const char *const *extra_args)
{
    static const char *const default_args[] = { "-machine", "none", "-accel", "tcg", NULL };
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    MvTestQemu *qemu = g_new0(MvTestQemu, 1);

    qemu->dir = mv_test_root_new();
    qemu->socket_path = g_build_filename(qemu->dir, "qmp.sock", NULL);
    qemu->stderr_path = g_build_filename(qemu->dir, "qemu.stderr", NULL);

    g_ptr_array_add(argv, g_strdup(binary));
    for (const char *const *a = (const char *const[]) { "-S", "-no-user-config", "-nodefaults",
                                                         "-display", "none", NULL }; *a; a++)
        g_ptr_array_add(argv, g_strdup(*a));
    for (const char *const *a = extra_args ? extra_args : default_args; *a; a++)
        g_ptr_array_add(argv, g_strdup(*a));
    g_ptr_array_add(argv, g_strdup("-qmp"));
    g_ptr_array_add(argv, g_strdup_printf("unix:%s,server=on,wait=off", qemu->socket_path));
    g_ptr_array_add(argv, NULL);

    qemu->pid = mv_test_spawn((const char *const *) argv->pdata, NULL, qemu->stderr_path);
    g_assert_cmpint(qemu->pid, >, 0);
    return qemu;
}

void
mv_test_qemu_free(MvTestQemu *qemu)
{
    if (!qemu)
        return;
    if (qemu->pid > 0) {
        kill(qemu->pid, SIGCONT);
        mv_test_kill(qemu->pid);
    }
    mv_test_root_remove(qemu->dir);
    g_free(qemu->dir);
    g_free(qemu->socket_path);
    g_free(qemu->stderr_path);
    g_free(qemu);
}

MvTestEvents *
mv_test_events_new(void)
{
    MvTestEvents *events = g_new0(MvTestEvents, 1);

    g_mutex_init(&events->lock);
    g_cond_init(&events->cond);
    events->names = g_ptr_array_new_with_free_func(g_free);
    return events;
}

void
mv_test_events_free(MvTestEvents *events)
{
    if (!events)
        return;
    g_ptr_array_unref(events->names);
    g_mutex_clear(&events->lock);
    g_cond_clear(&events->cond);
    g_free(events);
}

static void
on_event(MvQemuMonitor *mon, const char *event, JsonObject *data, gint64 timestamp_us, void *opaque)
{
    MvTestEvents *events = opaque;

    g_assert_nonnull(data);
    g_mutex_lock(&events->lock);
    g_ptr_array_add(events->names, g_strdup(event));
    g_cond_broadcast(&events->cond);
    g_mutex_unlock(&events->lock);
}

static void
on_eof(MvQemuMonitor *mon, bool error, void *opaque)
{
    MvTestEvents *events = opaque;

    g_mutex_lock(&events->lock);
    events->eofs++;
    events->eof_error = error;
    g_cond_broadcast(&events->cond);
    g_mutex_unlock(&events->lock);
}

MvQemuMonitorCallbacks
mv_test_events_callbacks(MvTestEvents *events)
{
    return (MvQemuMonitorCallbacks) { .event = on_event, .eof = on_eof, .opaque = events };
}

bool
mv_test_events_wait(MvTestEvents *events, const char *name, unsigned int timeout_ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
    bool found = false;

    g_mutex_lock(&events->lock);
    for (;;) {
        for (guint i = 0; i < events->names->len; i++) {
            if (g_str_equal(g_ptr_array_index(events->names, i), name)) {
                g_ptr_array_remove_index(events->names, i);
                found = true;
                break;
            }
        }
        if (found || !g_cond_wait_until(&events->cond, &events->lock, deadline))
            break;
    }
    g_mutex_unlock(&events->lock);
    return found;
}

bool
mv_test_events_wait_eof(MvTestEvents *events, unsigned int timeout_ms, bool *ret_error)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
    bool seen;

    g_mutex_lock(&events->lock);
    while (events->eofs == 0 && g_cond_wait_until(&events->cond, &events->lock, deadline))
        ;
    seen = events->eofs > 0;
    *ret_error = events->eof_error;
    g_mutex_unlock(&events->lock);
    return seen;
}
