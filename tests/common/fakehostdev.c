/* Test helpers for <interface type='hostdev'> on FAKE SR-IOV hardware: the three daemons under one --root, killed and restarted by pid, and what the fakes hold. */
#include "fakehostdev.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_sysfs.h"

#define POLL_US (10 * 1000)

bool
mv_test_hostdev_can_run(const char *tool)
{
    g_autofree char *qemu = g_find_program_in_path("qemu-system-x86_64");
    g_autofree char *tool_path = tool ? g_find_program_in_path(tool) : NULL;
    g_autofree char *networkd = mv_test_built_file("tests/network/networkd-fake-netlink");
    g_autofree char *nodedevd = mv_test_built_file("tests/nodedev/nodedevd-fake-kernel");

    if (!qemu) {
        g_test_skip("qemu-system-x86_64 is not installed: qemud cannot start a guest");
        return false;
    }
    if (tool && !tool_path) {
        g_autofree char *why = g_strdup_printf("'%s' is not installed", tool);

        g_test_skip(why);
        return false;
    }
    if (!networkd || !nodedevd) {
        g_test_skip("MODVIRT_BUILDDIR is not set: no fake networkd / nodedevd to run");
        return false;
    }
    return true;
}

char *
mv_test_hostdev_path(MvTestHostdev *hd, const char *rel)
{
    return g_build_filename(hd->root, rel, NULL);
}

static char *
read_or_empty(const char *path)
{
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        text = g_strdup("");
    return text;
}

char *
mv_test_hostdev_read(MvTestHostdev *hd, const char *rel)
{
    g_autofree char *path = mv_test_hostdev_path(hd, rel);

    return read_or_empty(path);
}

char *
mv_test_hostdev_uri(MvTestHostdev *hd, const char *driver)
{
    g_autofree char *name = NULL;
    g_autofree char *sock = NULL;

    if (g_str_equal(driver, "qemu")) {
        g_assert_nonnull(hd->qemud);
        return g_strdup_printf("qemu+unix:///system?socket=%s", hd->qemud->rw_socket);
    }
    name = g_strconcat(driver, "d", NULL);
    sock = mv_test_socket_path(hd->root, name, false);
    return g_strdup_printf("%s+unix:///system?socket=%s", driver, sock);
}

void
mv_test_hostdev_print_logs(MvTestHostdev *hd)
{
    const char *names[] = {
        "qemud.stderr.old", "qemud.stderr", "networkd.stderr.old", "networkd.stderr",
        "nodedevd.stderr.old", "nodedevd.stderr",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *path = mv_test_hostdev_path(hd, names[i]);

        if (g_file_test(path, G_FILE_TEST_EXISTS))
            mv_test_print_file(path);
    }
}

void
mv_test_hostdev_assert_contains(MvTestHostdev *hd, const char *text, const char *needle)
{
    if (!text || !strstr(text, needle)) {
        mv_test_hostdev_print_logs(hd);
        g_error("expected '%s' in:\n%s", needle, text ? text : "(null)");
    }
}

int
mv_test_hostdev_virshv(const char *uri, unsigned int timeout_ms, char **ret_out,
                       char **ret_err, va_list ap)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char *arg;
    int code;

    g_ptr_array_add(args, g_find_program_in_path("virsh"));
    g_ptr_array_add(args, g_strdup("-c"));
    g_ptr_array_add(args, g_strdup(uri));
    while ((arg = va_arg(ap, const char *)))
        g_ptr_array_add(args, g_strdup(arg));
    g_ptr_array_add(args, NULL);
    code = mv_test_run((const char *const *) args->pdata, timeout_ms, &out, &err);
    g_test_message("virsh %s: exit %d\n%s%s", (const char *) args->pdata[3], code, out, err);
    if (ret_out)
        *ret_out = g_steal_pointer(&out);
    if (ret_err)
        *ret_err = g_steal_pointer(&err);
    return code;
}

/* root/NAME.stderr of the run before goes to the end of root/NAME.stderr.old. */
static void
keep_old_log(MvTestHostdev *hd, const char *name)
{
    g_autofree char *rel = g_strdup_printf("%s.stderr", name);
    g_autofree char *path = mv_test_hostdev_path(hd, rel);
    g_autofree char *old_path = g_strconcat(path, ".old", NULL);
    g_autofree char *text = NULL;
    g_autofree char *old = NULL;
    g_autofree char *both = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return;
    old = read_or_empty(old_path);
    both = g_strconcat(old, "---- (", name, " restarted) ----\n", text, NULL);
    g_assert_true(g_file_set_contents(old_path, both, -1, NULL));
}

/* The socket accepts connections before the daemon's driver is set up
 * (its restart's recovery runs then): ready is when it logs that it
 * listens. */
static void
wait_listening(MvTestHostdev *hd, const char *name, const char *sock)
{
    g_autofree char *log = g_strdup_printf("%s/%s.stderr", hd->root, name);
    g_autofree char *line = g_strdup_printf("listening on '%s'", sock);

    if (!mv_test_wait_file_contains(log, line, MV_TEST_START_TIMEOUT_MS)) {
        mv_test_hostdev_print_logs(hd);
        g_error("%s did not say \"%s\" within %d ms", name, line, MV_TEST_START_TIMEOUT_MS);
    }
}

static pid_t
spawn_fake(MvTestHostdev *hd, const char *built, const char *name, bool wait_ready)
{
    g_autofree char *binary = mv_test_built_file(built);
    g_autofree char *log = g_strdup_printf("%s/%s.stderr", hd->root, name);
    g_autofree char *sock = mv_test_socket_path(hd->root, name, false);
    const char *argv[] = { binary, "--root", hd->root, "--verbose", NULL };
    pid_t pid;

    g_assert_nonnull(binary);
    keep_old_log(hd, name);
    pid = mv_test_spawn(argv, NULL, log);
    g_assert_cmpint(pid, >, 0);
    if (!mv_test_wait_socket(sock, MV_TEST_START_TIMEOUT_MS)) {
        mv_test_hostdev_print_logs(hd);
        g_error("%s did not answer on %s", built, sock);
    }
    if (wait_ready)
        wait_listening(hd, name, sock);
    return pid;
}

static void
fake_start(MvTestHostdev *hd, pid_t *pid, const char *built, const char *name, bool wait_ready)
{
    g_assert_cmpint(*pid, ==, 0);
    *pid = spawn_fake(hd, built, name, wait_ready);
}

void
mv_test_hostdev_networkd_start(MvTestHostdev *hd)
{
    fake_start(hd, &hd->networkd, "tests/network/networkd-fake-netlink", "networkd", true);
}

void
mv_test_hostdev_networkd_spawn(MvTestHostdev *hd)
{
    fake_start(hd, &hd->networkd, "tests/network/networkd-fake-netlink", "networkd", false);
}

void
mv_test_hostdev_nodedevd_start(MvTestHostdev *hd)
{
    fake_start(hd, &hd->nodedevd, "tests/nodedev/nodedevd-fake-kernel", "nodedevd", true);
}

void
mv_test_hostdev_qemud_start(MvTestHostdev *hd)
{
    const char *args[] = { "--verbose", NULL };
    g_autofree char *uri = NULL;

    g_assert_null(hd->qemud);
    keep_old_log(hd, "qemud");
    hd->qemud = mv_test_daemon_start("qemud", hd->root, args);
    g_assert_nonnull(hd->qemud);
    wait_listening(hd, "qemud", hd->qemud->rw_socket);
    uri = mv_test_hostdev_uri(hd, "qemu");
    hd->conn = virConnectOpen(uri);
    g_assert_nonnull(hd->conn);
}

void
mv_test_hostdev_kill9(pid_t *pid)
{
    g_assert_cmpint(*pid, >, 0);
    g_assert_cmpint(kill(*pid, SIGKILL), ==, 0);
    g_assert_true(mv_test_wait_exit(*pid, MV_TEST_STOP_TIMEOUT_MS, NULL));
    *pid = 0;
}

void
mv_test_hostdev_qemud_kill9(MvTestHostdev *hd)
{
    g_assert_nonnull(hd->qemud);
    mv_test_hostdev_kill9(&hd->qemud->pid);
    g_clear_pointer(&hd->conn, virConnectClose);
    g_clear_pointer(&hd->qemud, mv_test_daemon_free);
}

void
mv_test_hostdev_qemud_stop(MvTestHostdev *hd)
{
    g_assert_nonnull(hd->qemud);
    g_clear_pointer(&hd->conn, virConnectClose);
    g_assert_cmpint(mv_test_daemon_stop(hd->qemud), ==, 0);
    g_clear_pointer(&hd->qemud, mv_test_daemon_free);
}

int
mv_test_hostdev_stop(MvTestHostdev *hd, pid_t *pid)
{
    int code;

    g_assert_cmpint(*pid, >, 0);
    code = mv_test_kill(*pid);
    *pid = 0;
    return code;
}

void
mv_test_hostdev_stop_all(MvTestHostdev *hd)
{
    g_autofree char *qlog = NULL;

    if (hd->qemud) {
        mv_test_hostdev_qemud_stop(hd);
        /* A sanitizer build reports in the daemon's stderr. */
        qlog = mv_test_hostdev_read(hd, "qemud.stderr");
        if (strstr(qlog, "ERROR: AddressSanitizer") || strstr(qlog, "ERROR: LeakSanitizer") ||
            strstr(qlog, "runtime error:")) {
            mv_test_hostdev_print_logs(hd);
            g_error("modvirt-qemud: a sanitizer report (above)");
        }
    }
    if (hd->nodedevd)
        g_assert_cmpint(mv_test_hostdev_stop(hd, &hd->nodedevd), ==, 0);
    if (hd->networkd)
        g_assert_cmpint(mv_test_hostdev_stop(hd, &hd->networkd), ==, 0);
}

/* VF n's VLAN before any guest; its MAC is 02:00:00:00:00:aN. */
static const unsigned int seed_vlans[MV_TEST_HOSTDEV_MAX_VFS] = { 0, 5, 0, 9 };

static char *
seed_state(unsigned int nvfs)
{
    GString *seed = g_string_new("[link eth0]\nifindex=7\n");

    for (unsigned int n = 0; n < nvfs; n++)
        g_string_append_printf(seed, "[vf 7/%u]\nmac=02:00:00:00:00:a%u\nvlan=%u\nqos=0\n",
                               n, n, seed_vlans[n]);
    return g_string_free(seed, FALSE);
}

MvTestHostdev *
mv_test_hostdev_new_root(unsigned int nvfs, bool vfio)
{
    MvTestHostdev *hd = g_new0(MvTestHostdev, 1);
    g_autofree char *seed = NULL;

    g_assert_cmpuint(nvfs, <=, MV_TEST_HOSTDEV_MAX_VFS);
    seed = seed_state(nvfs);
    hd->root = mv_test_root_new();
    mv_fake_sysfs_sriov_nic(hd->root, nvfs, vfio);
    mv_test_write_file(hd->root, "netlink-vf.ini", seed);
    return hd;
}

MvTestHostdev *
mv_test_hostdev_new(unsigned int nvfs)
{
    MvTestHostdev *hd = mv_test_hostdev_new_root(nvfs, true);

    mv_test_hostdev_networkd_start(hd);
    mv_test_hostdev_nodedevd_start(hd);
    mv_test_hostdev_qemud_start(hd);
    return hd;
}

void
mv_test_hostdev_free(MvTestHostdev *hd)
{
    if (!hd)
        return;
    g_clear_pointer(&hd->conn, virConnectClose);
    if (hd->qemud)
        g_assert_cmpint(mv_test_daemon_stop(hd->qemud), >=, 0);
    g_clear_pointer(&hd->qemud, mv_test_daemon_free);
    if (hd->nodedevd)
        g_assert_cmpint(mv_test_hostdev_stop(hd, &hd->nodedevd), >=, 0);
    if (hd->networkd)
        g_assert_cmpint(mv_test_hostdev_stop(hd, &hd->networkd), >=, 0);
    mv_test_hostdev_guest_gone(hd);
    mv_test_root_remove(hd->root);
    g_free(hd->root);
    g_free(hd);
}

void
mv_test_hostdev_guest_running(MvTestHostdev *hd, const char *guest)
{
    g_autofree char *rel = g_strdup_printf("run/modvirt/qemu/%s.xml", guest);
    g_autofree char *path = mv_test_hostdev_path(hd, rel);
    g_autofree char *xml = NULL;
    g_autofree char *pid = NULL;

    g_assert_true(g_file_get_contents(path, &xml, NULL, NULL));
    pid = mv_test_xml_attr(xml, "domstatus", NULL, "pid");
    g_assert_nonnull(pid);
    hd->guest_qemu = atoi(pid);
    g_assert_cmpint(hd->guest_qemu, >, 0);
    mv_test_abort_kill_add(hd->guest_qemu);
}

void
mv_test_hostdev_guest_gone(MvTestHostdev *hd)
{
    if (hd->guest_qemu > 0)
        mv_test_abort_kill_remove(hd->guest_qemu);
    hd->guest_qemu = 0;
}

char *
mv_test_hostdev_take_requests(MvTestHostdev *hd)
{
    g_autofree char *path = mv_test_hostdev_path(hd, "netlink-vf.log");
    char *text = read_or_empty(path);

    unlink(path);
    return text;
}

char *
mv_test_hostdev_vf_now(MvTestHostdev *hd, unsigned int n)
{
    g_autofree char *path = mv_test_hostdev_path(hd, "netlink-vf.ini");
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autofree char *group = g_strdup_printf("vf 7/%u", n);
    g_autofree char *mac = NULL;

    g_assert_true(g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL));
    mac = g_key_file_get_string(kf, group, "mac", NULL);
    return g_strdup_printf("%s/%d", mac ? mac : "-", g_key_file_get_integer(kf, group, "vlan", NULL));
}

char *
mv_test_hostdev_vf_driver(MvTestHostdev *hd, unsigned int n)
{
    g_autofree char *link = g_strdup_printf("%s/sys/bus/pci/devices/0000:03:10.%u/driver", hd->root, n);
    g_autofree char *target = g_file_read_link(link, NULL);

    return g_strdup(target ? strrchr(target, '/') + 1 : "none");
}

char *
mv_test_hostdev_vf_override(MvTestHostdev *hd, unsigned int n)
{
    g_autofree char *path = g_strdup_printf("%s/sys/bus/pci/devices/0000:03:10.%u/driver_override",
                                            hd->root, n);

    return g_strstrip(read_or_empty(path));
}

guint
mv_test_hostdev_port_files(MvTestHostdev *hd)
{
    g_autofree char *dir = mv_test_hostdev_path(hd, "run/modvirt/network/hostdev");
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    guint n = 0;

    while (d && g_dir_read_name(d))
        n++;
    return n;
}

char *
mv_test_hostdev_record_path(MvTestHostdev *hd, const char *guest)
{
    g_autofree char *rel = g_strdup_printf("run/modvirt/qemu/%s.hostdev", guest);

    return mv_test_hostdev_path(hd, rel);
}

char *
mv_test_hostdev_record_stage(MvTestHostdev *hd, const char *guest)
{
    g_autofree char *path = mv_test_hostdev_record_path(hd, guest);
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_auto(GStrv) groups = NULL;
    gsize ngroups = 0;

    if (!g_file_test(path, G_FILE_TEST_EXISTS))
        return NULL;
    g_assert_true(g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL));
    groups = g_key_file_get_groups(kf, &ngroups);
    if (ngroups != 1) {
        mv_test_print_file(path);
        g_error("expected one entry in %s, found %" G_GSIZE_FORMAT, path, ngroups);
    }
    return g_key_file_get_string(kf, groups[0], "stage", NULL);
}

void
mv_test_hostdev_marker_set(MvTestHostdev *hd, const char *name)
{
    mv_test_write_file(hd->root, name, "");
}

void
mv_test_hostdev_marker_clear(MvTestHostdev *hd, const char *name)
{
    g_autofree char *path = mv_test_hostdev_path(hd, name);

    g_assert_true(unlink(path) == 0 || !g_file_test(path, G_FILE_TEST_EXISTS));
}

char *
mv_test_hostdev_wait_marker(MvTestHostdev *hd, const char *name)
{
    g_autofree char *path = mv_test_hostdev_path(hd, name);
    gint64 deadline = g_get_monotonic_time() + (gint64) MV_TEST_HOSTDEV_WAIT_MS * G_TIME_SPAN_MILLISECOND;
    char *text = NULL;

    while (!g_file_get_contents(path, &text, NULL, NULL)) {
        if (g_get_monotonic_time() >= deadline) {
            mv_test_hostdev_print_logs(hd);
            g_error("no '%s' within %d ms: the fake never got to its blocking point",
                    path, MV_TEST_HOSTDEV_WAIT_MS);
        }
        g_usleep(POLL_US);
    }
    return text;
}
