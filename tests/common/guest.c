/* Test helpers for end-to-end guest tests through libmodvirt: the guest assets, a guest's XML and files, qemud and networkd started under one --root, libvirt's event loop. */
#include "guest.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/virterror.h>

/* build-guest.sh fetches and packs a kernel and busybox the first time. */
#define ASSETS_TIMEOUT_MS 120000

char *
mv_test_guest_assets_build(void)
{
    const char *srcdir = g_getenv("MODVIRT_SRCDIR");
    const char *builddir = g_getenv("MODVIRT_BUILDDIR");
    g_autofree char *script = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *err = NULL;
    const char *argv[3];

    if (!srcdir || !builddir)
        return NULL;
    script = g_build_filename(srcdir, "tests", "qemu", "assets", "build-guest.sh", NULL);
    dir = g_build_filename(builddir, "tests", "guest-assets", NULL);
    argv[0] = script;
    argv[1] = dir;
    argv[2] = NULL;
    if (mv_test_run(argv, ASSETS_TIMEOUT_MS, NULL, &err) != 0) {
        g_test_message("cannot build the guest assets: %s", err ? err : "");
        return NULL;
    }
    return g_steal_pointer(&dir);
}

char *
mv_test_guest_domain_xml(const char *assets, const char *root, const char *name,
                         const char *cmdline_extra, const char *devices)
{
    return g_strdup_printf(
        "<domain type='qemu'><name>%s</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64'>hvm</type><kernel>%s/vmlinuz</kernel>"
        "<initrd>%s/initramfs.img</initrd><cmdline>console=ttyS0 %s</cmdline></os>"
        "<features><acpi/></features>"
        "<devices>%s<serial type='file'><source path='%s/%s-serial.log'/>"
        "<target port='0'/></serial></devices></domain>",
        name, assets, assets, cmdline_extra, devices, root, name);
}

char *
mv_test_guest_serial_log(const char *root, const char *name)
{
    g_autofree char *file = g_strdup_printf("%s-serial.log", name);

    return g_build_filename(root, file, NULL);
}

pid_t
mv_test_guest_status_pid(const char *root, const char *name)
{
    g_autofree char *file = g_strdup_printf("%s.xml", name);
    g_autofree char *path = g_build_filename(root, "run", "modvirt", "qemu", file, NULL);
    g_autofree char *text = NULL;
    const char *p;

    if (!g_file_get_contents(path, &text, NULL, NULL) || !(p = strstr(text, " pid='")))
        return 0;
    return (pid_t) atoi(p + strlen(" pid='"));
}

void
mv_test_virt_print_error(const char *what)
{
    virErrorPtr err = virGetLastError();

    g_printerr("%s: %s\n", what, err && err->message ? err->message : "(no error)");
}

void
mv_test_guest_env_start_qemud(MvTestGuestEnv *env)
{
    const char *args[] = { "--verbose", NULL };

    env->qemud = mv_test_daemon_start("qemud", env->root, args);
    g_assert_nonnull(env->qemud);
    g_free(env->uri);
    env->uri = g_strdup_printf("qemu+unix:///system?socket=%s", env->qemud->rw_socket);
    env->conn = virConnectOpen(env->uri);
    if (!env->conn)
        mv_test_virt_print_error("virConnectOpen qemud");
    g_assert_nonnull(env->conn);
}

void
mv_test_guest_env_kill_qemud(MvTestGuestEnv *env)
{
    virConnectClose(env->conn);
    env->conn = NULL;
    g_assert_cmpint(kill(env->qemud->pid, SIGKILL), ==, 0);
    g_assert_true(mv_test_wait_exit(env->qemud->pid, MV_TEST_STOP_TIMEOUT_MS, NULL));
    env->qemud->pid = 0;
    g_clear_pointer(&env->qemud, mv_test_daemon_free);
    g_clear_pointer(&env->uri, g_free);
}

void
mv_test_guest_env_start_networkd(MvTestGuestEnv *env)
{
    g_autofree char *uri = NULL;

    env->networkd = mv_test_daemon_start("networkd", env->root, NULL);
    g_assert_nonnull(env->networkd);
    uri = g_strdup_printf("network+unix:///system?socket=%s", env->networkd->rw_socket);
    env->netconn = virConnectOpen(uri);
    g_assert_nonnull(env->netconn);
}

void
mv_test_guest_env_print_logs(const MvTestGuestEnv *env)
{
    g_autofree char *log = g_build_filename(env->root, "var", "log", "modvirt", "qemu", NULL);
    g_autoptr(GDir) dir = g_dir_open(log, 0, NULL);
    const char *entry;

    if (env->qemud)
        mv_test_print_file(env->qemud->stderr_path);
    if (env->networkd)
        mv_test_print_file(env->networkd->stderr_path);
    while (dir && (entry = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(log, entry, NULL);

        mv_test_print_file(path);
    }
}

void
mv_test_guest_env_stop(MvTestGuestEnv *env)
{
    g_clear_pointer(&env->conn, virConnectClose);
    g_clear_pointer(&env->netconn, virConnectClose);
    mv_test_daemon_stop_checked(env->qemud);
    mv_test_daemon_stop_checked(env->networkd);
    g_clear_pointer(&env->qemud, mv_test_daemon_free);
    g_clear_pointer(&env->networkd, mv_test_daemon_free);
    mv_test_root_remove(env->root);
    g_clear_pointer(&env->root, g_free);
    g_clear_pointer(&env->uri, g_free);
}

int
mv_test_guest_count_ports(virConnectPtr netconn, const char *network)
{
    virNetworkPtr net = virNetworkLookupByName(netconn, network);
    virNetworkPortPtr *ports = NULL;
    int n;

    g_assert_nonnull(net);
    n = virNetworkListAllPorts(net, &ports, 0);
    for (int i = 0; i < n; i++)
        virNetworkPortFree(ports[i]);
    g_free(ports);
    virNetworkFree(net);
    return n;
}

static GThread *event_loop_thread;
static gint event_loop_quit;

/* A timer, so that the loop wakes up to see event_loop_quit. */
static void
event_loop_tick(int timer, void *opaque)
{
}

static gpointer
event_loop_run(gpointer data)
{
    int timer = virEventAddTimeout(50, event_loop_tick, NULL, NULL);

    while (!g_atomic_int_get(&event_loop_quit))
        virEventRunDefaultImpl();
    virEventRemoveTimeout(timer);
    return NULL;
}

void
mv_test_virt_event_loop_start(void)
{
    virEventRegisterDefaultImpl();
    event_loop_thread = g_thread_new("event-loop", event_loop_run, NULL);
}

void
mv_test_virt_event_loop_stop(void)
{
    g_atomic_int_set(&event_loop_quit, 1);
    g_thread_join(event_loop_thread);
    event_loop_thread = NULL;
}

int
mv_test_guest_main(int *argc, char ***argv, char **assets, const MvTestGuestCase *cases)
{
    g_autofree char *qemu = g_find_program_in_path("qemu-system-x86_64");
    int rc;

    g_test_init(argc, argv, NULL);
    if (geteuid() == 0 && qemu)
        *assets = mv_test_guest_assets_build();

    for (const MvTestGuestCase *c = cases; c->path; c++)
        g_test_add_data_func(c->path, c->data, c->func);
    rc = g_test_run();
    g_clear_pointer(assets, g_free);
    return rc;
}

bool
mv_test_guest_prereqs(char **ret_assets)
{
    g_autofree char *qemu = g_find_program_in_path("qemu-system-x86_64");
    g_autofree char *binary = NULL;

    if (!qemu)
        g_test_message("qemu-system-x86_64 is not installed: every test skips");
    else if (!(binary = mv_test_daemon_binary("qemud")))
        g_test_message("modvirt-qemud is not built: every test skips");
    else if (!(*ret_assets = mv_test_guest_assets_build()))
        g_test_message("no guest assets: every test skips");
    else
        return true;
    return false;
}

void
mv_test_guest_abort_daemon(const MvTestDaemon *daemon, int sig)
{
    if (daemon && daemon->pid > 0)
        kill(daemon->pid, SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}
