/* Test helpers for <interface type='hostdev'> on FAKE SR-IOV hardware: modvirt-qemud, networkd-fake-netlink and nodedevd-fake-kernel under one --root, started, killed -9 and restarted by pid, and what the fakes hold read back. */
#pragma once

#include <glib.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/types.h>

#include <libvirt/libvirt.h>

#include "testutil.h"

/* How long a test waits for a fake to reach a marker, or for a call to
 * come back: the first start of a root probes QEMU's capabilities. */
#define MV_TEST_HOSTDEV_WAIT_MS 60000

typedef struct {
    char *root;
    pid_t networkd;             /* 0: not running */
    pid_t nodedevd;
    MvTestDaemon *qemud;        /* NULL: not running */
    virConnectPtr conn;         /* to qemud, while it runs */
    pid_t guest_qemu;           /* a running guest's QEMU, killed too should the test abort */
} MvTestHostdev;

/* False, after g_test_skip(), when qemu-system-x86_64, tool (a program
 * the test runs too, or NULL) or the built fakes (MODVIRT_BUILDDIR) are
 * missing. */
bool mv_test_hostdev_can_run(const char *tool);

/* The most VFs the fake PF has. */
#define MV_TEST_HOSTDEV_MAX_VFS 4

/* A fresh --root with the fake SR-IOV NIC (nvfs VFs, vfio-pci loaded when
 * vfio, tests/nodedev/fake-sysfs) and the fake netlink's netlink-vf.ini:
 * PF eth0 has ifindex 7, and before any guest VF n holds the MAC
 * 02:00:00:00:00:aN and the VLAN 0, 5, 0, 9 for n = 0..3. No daemon yet.
 * Should the test abort, the daemons it still knows are killed by pid
 * first. */
MvTestHostdev *mv_test_hostdev_new_root(unsigned int nvfs, bool vfio);

/* The same with vfio-pci loaded and the three daemons started. */
MvTestHostdev *mv_test_hostdev_new(unsigned int nvfs);

/* Kills every daemon still running (by pid) and removes the root. */
void mv_test_hostdev_free(MvTestHostdev *hd);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvTestHostdev, mv_test_hostdev_free)

/* The end of a test: closes hd->conn and stops every daemon still
 * running, each of which must exit 0; a sanitizer report in qemud's
 * stderr fails the test. */
void mv_test_hostdev_stop_all(MvTestHostdev *hd);

/* Each starts its daemon and waits until it listens (its restart's
 * recovery is over); the log of an earlier run of it is kept in
 * root/NAME.stderr.old. */
void mv_test_hostdev_networkd_start(MvTestHostdev *hd);
void mv_test_hostdev_nodedevd_start(MvTestHostdev *hd);
void mv_test_hostdev_qemud_start(MvTestHostdev *hd);

/* Starts networkd and waits for its socket only: its recovery may still
 * run (and hold its "listening on"). */
void mv_test_hostdev_networkd_spawn(MvTestHostdev *hd);

/* SIGKILL, then reaped; *pid becomes 0. */
void mv_test_hostdev_kill9(pid_t *pid);
/* The same for qemud, closing hd->conn. */
void mv_test_hostdev_qemud_kill9(MvTestHostdev *hd);
/* qemud stopped cleanly (it must exit 0), hd->conn closed. */
void mv_test_hostdev_qemud_stop(MvTestHostdev *hd);
/* networkd's or nodedevd's *pid stopped (SIGTERM): its exit code as
 * mv_test_kill(); *pid becomes 0. */
int mv_test_hostdev_stop(MvTestHostdev *hd, pid_t *pid);

/* The libmodvirt URI of "qemu" (qemud), "network" or "nodedev". */
char *mv_test_hostdev_uri(MvTestHostdev *hd, const char *driver);

/* Runs Debian's virsh -c uri with the NULL-terminated arguments in ap,
 * bounded by timeout_ms, and logs what it said; its exit code, and its
 * stdout and stderr unless ret_out / ret_err are NULL. */
int mv_test_hostdev_virshv(const char *uri, unsigned int timeout_ms, char **ret_out,
                           char **ret_err, va_list ap);

/* guest runs: its QEMU (from qemud's status file) is killed too should
 * the test abort. */
void mv_test_hostdev_guest_running(MvTestHostdev *hd, const char *guest);
/* It stopped: its pid is forgotten. */
void mv_test_hostdev_guest_gone(MvTestHostdev *hd);

/* root/rel. */
char *mv_test_hostdev_path(MvTestHostdev *hd, const char *rel);

/* The text of root/rel, "" when it cannot be read. */
char *mv_test_hostdev_read(MvTestHostdev *hd, const char *rel);

/* The three daemons' logs (and their earlier runs') to stderr. */
void mv_test_hostdev_print_logs(MvTestHostdev *hd);

/* Fails, with the logs, unless text holds needle. */
void mv_test_hostdev_assert_contains(MvTestHostdev *hd, const char *text, const char *needle);

/* The fake netlink's request log since the last call (then emptied). */
char *mv_test_hostdev_take_requests(MvTestHostdev *hd);

/* What the fake netlink holds for VF n of eth0 (ifindex 7): "MAC/VLAN". */
char *mv_test_hostdev_vf_now(MvTestHostdev *hd, unsigned int n);

/* The driver VF n is bound to in the fake sysfs, or "none". */
char *mv_test_hostdev_vf_driver(MvTestHostdev *hd, unsigned int n);

/* VF n's driver_override, trimmed ("" once cleared). */
char *mv_test_hostdev_vf_override(MvTestHostdev *hd, unsigned int n);

/* How many files networkd keeps for network-less ports (UUID.xml and
 * UUID.vf: 2 per port). */
guint mv_test_hostdev_port_files(MvTestHostdev *hd);

/* root/run/modvirt/qemu/GUEST.hostdev, qemud's hostdev record of guest. */
char *mv_test_hostdev_record_path(MvTestHostdev *hd, const char *guest);

/* The stage= of the only entry of guest's hostdev record, or NULL when
 * there is no record; fails when it holds more than one entry. */
char *mv_test_hostdev_record_stage(MvTestHostdev *hd, const char *guest);

/* Makes / removes the marker file root/name of a FAKE blocking hook. */
void mv_test_hostdev_marker_set(MvTestHostdev *hd, const char *name);
void mv_test_hostdev_marker_clear(MvTestHostdev *hd, const char *name);

/* Waits up to MV_TEST_HOSTDEV_WAIT_MS for root/name to exist and returns
 * its text; fails the test, with the logs, when it does not come. */
char *mv_test_hostdev_wait_marker(MvTestHostdev *hd, const char *name);
