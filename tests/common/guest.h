/* Test helpers for end-to-end guest tests through libmodvirt: the guest assets, a guest's XML and files, qemud and networkd started under one --root, libvirt's event loop. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include <libvirt/libvirt.h>

#include "testutil.h"

/* Builds (or finds built) the guest kernel and initramfs with
 * tests/qemu/assets/build-guest.sh into MODVIRT_BUILDDIR/tests/guest-assets;
 * that directory, or NULL (with a test message saying why). */
char *mv_test_guest_assets_build(void);

/* A TCG guest of 256 MiB booting the assets' kernel with "console=ttyS0
 * cmdline_extra", its devices plus a serial port logged to
 * mv_test_guest_serial_log(root, name). */
char *mv_test_guest_domain_xml(const char *assets, const char *root, const char *name,
                               const char *cmdline_extra, const char *devices);

/* root/NAME-serial.log. */
char *mv_test_guest_serial_log(const char *root, const char *name);

/* The QEMU pid qemud's status file of guest name names, or 0. */
pid_t mv_test_guest_status_pid(const char *root, const char *name);

/* Prints "what: " and libvirt's last error message to stderr. */
void mv_test_virt_print_error(const char *what);

/* qemud and networkd under one --root, with a connection to each. */
typedef struct {
    char *root;
    MvTestDaemon *qemud;
    MvTestDaemon *networkd;
    char *uri;                  /* qemud's read-write socket */
    virConnectPtr conn;         /* qemud */
    virConnectPtr netconn;      /* networkd */
} MvTestGuestEnv;

/* Starts qemud --verbose under env->root and connects to it; both must work. */
void mv_test_guest_env_start_qemud(MvTestGuestEnv *env);

/* kill -9 of qemud, as after a crash: its guests run on. */
void mv_test_guest_env_kill_qemud(MvTestGuestEnv *env);

/* Starts networkd under env->root and connects to it; both must work. */
void mv_test_guest_env_start_networkd(MvTestGuestEnv *env);

/* The daemons' stderr and QEMU's logs, to stderr. */
void mv_test_guest_env_print_logs(const MvTestGuestEnv *env);

/* Closes the connections, stops the daemons (mv_test_daemon_stop_checked),
 * removes and frees the root. */
void mv_test_guest_env_stop(MvTestGuestEnv *env);

/* How many ports networkd's network has. */
int mv_test_guest_count_ports(virConnectPtr netconn, const char *network);

/* libvirt's default event loop, run by a thread of its own until
 * mv_test_virt_event_loop_stop(). */
void mv_test_virt_event_loop_start(void);
void mv_test_virt_event_loop_stop(void);

/* One case of mv_test_guest_main(): a GLib test path and its function. */
typedef struct {
    const char *path;
    GTestDataFunc func;
    gconstpointer data;
} MvTestGuestCase;

/* A guest test's main(): g_test_init, the guest assets into *assets when
 * running as root with qemu-system-x86_64 installed (else NULL), the cases
 * (up to one with a NULL path), g_test_run; frees *assets after the run. */
int mv_test_guest_main(int *argc, char ***argv, char **assets, const MvTestGuestCase *cases);

/* What a test with one daemon for all its cases needs before starting it:
 * qemu-system-x86_64, modvirt-qemud and the guest assets (into *ret_assets).
 * False, with a test message that every test skips, when one is missing. */
bool mv_test_guest_prereqs(char **ret_assets);

/* The end of a SIGABRT handler: kill -9 of daemon (when it runs), then sig's
 * default action, so that a failed assertion leaves no daemon behind. */
void mv_test_guest_abort_daemon(const MvTestDaemon *daemon, int sig);
