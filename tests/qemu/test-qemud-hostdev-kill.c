/* <interface type='hostdev'> on FAKE SR-IOV hardware with a daemon killed -9 inside its own call (held there by the fakes' blocking hooks): networkd in a VF set, nodedevd mid-detach and mid-reattach, qemud while networkd sets, in starts, their undo and hot plug; after the restarts everything converges. */
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "fakehostdev.h"

#define HD1_UUID "0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5b11"
#define HPH_UUID "0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5b12"

/* VF 1 as the guest asks for it, and as it was before. */
#define VF1_SET "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:21 vlan=42 qos=0\n"
#define VF1_RESTORE "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0\n"
#define VF1_GUEST "52:54:00:6d:90:21/42"
#define VF1_SAVED "02:00:00:00:00:a1/5"

static const char hostdev_nic[] =
    "<interface type='hostdev' managed='yes'><mac address='52:54:00:6d:90:21'/>"
    "<source><address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x1'/></source>"
    "<vlan><tag id='42'/></vlan></interface>";

/* ---- a call made in a thread, waited for with a bound ------------------------ */

typedef enum {
    CALL_START,
    CALL_ATTACH,
} CallKind;

typedef struct {
    CallKind kind;
    char *uri;
    char *guest;
    GThread *thread;
    GMutex lock;
    GCond cond;
    bool done;
    int rc;
    int code;
    char *message;
} AsyncCall;

/* Its own connection: the test may kill qemud under it. */
static gpointer
async_call_run(gpointer data)
{
    AsyncCall *call = data;
    virConnectPtr conn = virConnectOpen(call->uri);
    virDomainPtr dom = conn ? virDomainLookupByName(conn, call->guest) : NULL;
    virErrorPtr err;
    int rc = -1;

    if (dom && call->kind == CALL_START)
        rc = virDomainCreate(dom);
    else if (dom)
        rc = virDomainAttachDeviceFlags(dom, hostdev_nic, VIR_DOMAIN_AFFECT_LIVE);
    err = rc < 0 ? virGetLastError() : NULL;
    g_mutex_lock(&call->lock);
    call->rc = rc;
    call->code = err ? err->code : 0;
    call->message = g_strdup(err ? err->message : "");
    call->done = true;
    g_cond_signal(&call->cond);
    g_mutex_unlock(&call->lock);
    if (dom)
        virDomainFree(dom);
    if (conn)
        virConnectClose(conn);
    return NULL;
}

static AsyncCall *
async_call(MvTestHostdev *hd, CallKind kind, const char *guest)
{
    AsyncCall *call = g_new0(AsyncCall, 1);

    call->kind = kind;
    call->uri = mv_test_hostdev_uri(hd, "qemu");
    call->guest = g_strdup(guest);
    g_mutex_init(&call->lock);
    g_cond_init(&call->cond);
    call->thread = g_thread_new("async-call", async_call_run, call);
    return call;
}

/* Waits (bounded) for the call to return; it must have failed (its
 * error goes to the test log). The call is freed. */
static void
async_call_fails(MvTestHostdev *hd, AsyncCall *call)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) MV_TEST_HOSTDEV_WAIT_MS * G_TIME_SPAN_MILLISECOND;

    g_mutex_lock(&call->lock);
    while (!call->done) {
        if (!g_cond_wait_until(&call->cond, &call->lock, deadline) && !call->done) {
            g_mutex_unlock(&call->lock);
            mv_test_hostdev_print_logs(hd);
            g_error("the call on '%s' did not return within %d ms", call->guest,
                    MV_TEST_HOSTDEV_WAIT_MS);
        }
    }
    g_mutex_unlock(&call->lock);
    g_thread_join(call->thread);
    g_assert_cmpint(call->rc, ==, -1);
    g_test_message("the call on '%s' failed as expected: %s", call->guest, call->message);
    g_mutex_clear(&call->lock);
    g_cond_clear(&call->cond);
    g_free(call->message);
    g_free(call->uri);
    g_free(call->guest);
    g_free(call);
}

/* Makes the call in a thread and waits until a fake holds it at
 * block-WHAT; *ret_blocked (unless NULL) is what the fake was doing. */
static AsyncCall *
async_call_held(MvTestHostdev *hd, CallKind kind, const char *guest, const char *what,
                char **ret_blocked)
{
    g_autofree char *block = g_strdup_printf("block-%s", what);
    g_autofree char *blocked_name = g_strdup_printf("blocked-%s", what);
    g_autofree char *blocked = NULL;
    AsyncCall *call;

    mv_test_hostdev_marker_set(hd, block);
    call = async_call(hd, kind, guest);
    blocked = mv_test_hostdev_wait_marker(hd, blocked_name);
    if (ret_blocked)
        *ret_blocked = g_steal_pointer(&blocked);
    return call;
}

/* ---- the guests and what must hold --------------------------------------------- */

static void
define_hd1(MvTestHostdev *hd)
{
    g_autofree char *xml = g_strdup_printf("<domain type='qemu'><name>hd1</name><uuid>" HD1_UUID "</uuid>"
                                           "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                           "<os><type arch='x86_64'>hvm</type></os>"
                                           "<devices>%s</devices></domain>", hostdev_nic);
    virDomainPtr dom = virDomainDefineXML(hd->conn, xml);

    g_assert_nonnull(dom);
    virDomainFree(dom);
    g_free(mv_test_hostdev_take_requests(hd));
}

static void
assert_shut_off(MvTestHostdev *hd, const char *guest)
{
    virDomainPtr dom = virDomainLookupByName(hd->conn, guest);
    int state = -1;

    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainGetState(dom, &state, NULL, 0), ==, 0);
    g_assert_cmpint(state, ==, VIR_DOMAIN_SHUTOFF);
    virDomainFree(dom);
}

static void
assert_stage(MvTestHostdev *hd, const char *guest, const char *want)
{
    g_autofree char *stage = mv_test_hostdev_record_stage(hd, guest);

    if (g_strcmp0(stage, want) != 0) {
        mv_test_hostdev_print_logs(hd);
        g_error("hostdev record of '%s': stage '%s', expected '%s'", guest,
                stage ? stage : "(no record)", want ? want : "(no record)");
    }
}

static void
assert_requests(MvTestHostdev *hd, const char *want)
{
    g_autofree char *log = mv_test_hostdev_take_requests(hd);

    if (g_strcmp0(log, want) != 0) {
        mv_test_hostdev_print_logs(hd);
        g_error("fake netlink requests:\n%s\nexpected:\n%s", log, want);
    }
}

/* VF n as the fakes hold it: MAC/VLAN, bound driver, driver_override. */
static void
assert_vf(MvTestHostdev *hd, unsigned int n, const char *now, const char *driver,
          const char *override)
{
    g_autofree char *got_now = mv_test_hostdev_vf_now(hd, n);
    g_autofree char *got_driver = mv_test_hostdev_vf_driver(hd, n);
    g_autofree char *got_override = mv_test_hostdev_vf_override(hd, n);

    if (g_strcmp0(got_now, now) != 0 || g_strcmp0(got_driver, driver) != 0 ||
        g_strcmp0(got_override, override) != 0) {
        mv_test_hostdev_print_logs(hd);
        g_error("VF %u: %s on '%s' (override '%s'), expected %s on '%s' (override '%s')",
                n, got_now, got_driver, got_override, now, driver, override);
    }
}

static void
assert_vf1(MvTestHostdev *hd, const char *now, const char *driver, const char *override)
{
    assert_vf(hd, 1, now, driver, override);
}

/* The fake netlink got requests since it was last asked, and hd1 ends
 * as before any guest: the saved MAC/VLAN, the host driver with its
 * override cleared (override: "" once a reattach wrote it, "(null)" when
 * never touched), no port, no record, shut off. */
static void
assert_converged(MvTestHostdev *hd, const char *requests, const char *override)
{
    assert_requests(hd, requests);
    assert_vf1(hd, VF1_SAVED, "ixgbevf", override);
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 0);
    assert_stage(hd, "hd1", NULL);
    assert_shut_off(hd, "hd1");
}

/* A start that fails at QEMU (it cannot open the fake VF), as a first
 * start would: the port, the detach, then both undone. before: the
 * requests that undoing a leftover adds first. */
static void
start_fails_fresh(MvTestHostdev *hd, const char *before)
{
    virDomainPtr dom = virDomainLookupByName(hd->conn, "hd1");
    g_autofree char *want = g_strconcat(before, VF1_SET VF1_RESTORE, NULL);
    g_autofree char *qemu_log_path = mv_test_hostdev_path(hd, "var/log/modvirt/qemu/hd1.log");
    g_autofree char *qemu_log = NULL;

    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    g_test_message("the next start failed at QEMU as expected: %s", virGetLastErrorMessage());
    virDomainFree(dom);
    g_assert_true(g_file_get_contents(qemu_log_path, &qemu_log, NULL, NULL));
    mv_test_hostdev_assert_contains(hd, qemu_log,
                                    "vfio /sys/bus/pci/devices/0000:03:10.1: no such host device");
    assert_converged(hd, want, "");
}

static void
unblock(MvTestHostdev *hd, const char *what)
{
    g_autofree char *block = g_strdup_printf("block-%s", what);
    g_autofree char *blocked = g_strdup_printf("blocked-%s", what);

    mv_test_hostdev_marker_clear(hd, block);
    /* Left behind by a daemon killed while it waited. */
    mv_test_hostdev_marker_clear(hd, blocked);
}

/* Lets go of block-WHAT and starts again the daemon killed while its fake
 * held it there: networkd for a set, nodedevd for a detach or reattach. */
static void
unblock_restart(MvTestHostdev *hd, const char *what)
{
    unblock(hd, what);
    if (g_str_equal(what, "set"))
        mv_test_hostdev_networkd_start(hd);
    else
        mv_test_hostdev_nodedevd_start(hd);
}

/* The daemon at *pid killed -9 while a fake holds its part of guest's
 * start: the start fails, the guest is shut off and its record keeps
 * the entry at stage. */
static void
kill_in_start(MvTestHostdev *hd, pid_t *pid, AsyncCall *call, const char *guest, const char *stage)
{
    mv_test_hostdev_kill9(pid);
    async_call_fails(hd, call);
    assert_shut_off(hd, guest);
    assert_stage(hd, guest, stage);
}

/* The three daemons on a fresh root, or NULL when the test is skipped. */
static MvTestHostdev *
hostdev_new(void)
{
    if (!mv_test_hostdev_can_run(NULL))
        return NULL;
    return mv_test_hostdev_new(2);
}

/* The same with hd1 defined and its start held by a fake at block-WHAT
 * (as async_call_held). */
static MvTestHostdev *
hd1_start_held(const char *what, AsyncCall **ret_call, char **ret_blocked)
{
    MvTestHostdev *hd = hostdev_new();

    if (!hd)
        return NULL;
    define_hd1(hd);
    *ret_call = async_call_held(hd, CALL_START, "hd1", what, ret_blocked);
    return hd;
}

/* ---- the cases --------------------------------------------------------------------- */

/* networkd killed -9 inside HOSTDEV_PORT_CREATE, before the VF's set is
 * applied (its saved state is on disk, the port is not): the start fails
 * and keeps its "creating" entry (networkd cannot be asked whether the
 * port exists); networkd's restart restores the VF from the state
 * without a port; the guest's next start undoes the entry (no such port:
 * done) and runs as a first start would. */
static void
test_networkd_killed_in_create(void)
{
    g_autoptr(MvTestHostdev) hd = NULL;
    g_autofree char *blocked = NULL;
    AsyncCall *call;

    hd = hd1_start_held("set", &call, &blocked);
    if (!hd)
        return;
    g_assert_cmpstr(blocked, ==, "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:21 vlan=42 qos=0");
    assert_stage(hd, "hd1", "creating");
    assert_vf1(hd, VF1_SAVED, "ixgbevf", "(null)");
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 1);

    kill_in_start(hd, &hd->networkd, call, "hd1", "creating");
    assert_requests(hd, "");

    unblock_restart(hd, "set");
    assert_requests(hd, VF1_RESTORE);
    assert_vf1(hd, VF1_SAVED, "ixgbevf", "(null)");
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 0);
    assert_stage(hd, "hd1", "creating");

    start_fails_fresh(hd, "");
}

/* nodedevd killed -9 mid-detach (driver_override vfio-pci, unbound, not
 * yet probed): the detach's answer is lost, so the entry stays
 * "detaching" and its undo must reattach; nodedevd is down, so the
 * record keeps it with the port. After nodedevd's and then qemud's
 * restart (kill -9), the VF is on ixgbevf with its override cleared,
 * the port is deleted and MAC/VLAN are restored. */
static void
test_nodedevd_killed_mid_detach(void)
{
    g_autoptr(MvTestHostdev) hd = NULL;
    g_autofree char *blocked = NULL;
    AsyncCall *call;

    hd = hd1_start_held("detach", &call, &blocked);
    if (!hd)
        return;
    g_assert_cmpstr(blocked, ==, "0000:03:10.1");
    assert_stage(hd, "hd1", "detaching");
    assert_vf1(hd, VF1_GUEST, "none", "vfio-pci");

    kill_in_start(hd, &hd->nodedevd, call, "hd1", "detaching");
    assert_vf1(hd, VF1_GUEST, "none", "vfio-pci");
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 2);

    unblock_restart(hd, "detach");
    mv_test_hostdev_qemud_kill9(hd);
    mv_test_hostdev_qemud_start(hd);
    assert_converged(hd, VF1_SET VF1_RESTORE, "");
}

/* qemud killed -9 while networkd holds its HOSTDEV_PORT_CREATE in the
 * VF's set; networkd then finishes the set and keeps the port nobody
 * asked for any more. qemud's restart undoes its "creating" entry: the
 * port is deleted and the VF restored. */
static void
test_qemud_killed_in_create(void)
{
    g_autoptr(MvTestHostdev) hd = NULL;
    g_autofree char *blocked = NULL;
    gint64 deadline;
    AsyncCall *call;

    hd = hd1_start_held("set", &call, &blocked);
    if (!hd)
        return;
    g_assert_cmpstr(blocked, ==, "set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:21 vlan=42 qos=0");

    mv_test_hostdev_qemud_kill9(hd);
    async_call_fails(hd, call);
    assert_stage(hd, "hd1", "creating");

    /* networkd goes on: the set, then the port's file. */
    unblock(hd, "set");
    deadline = g_get_monotonic_time() + (gint64) MV_TEST_HOSTDEV_WAIT_MS * G_TIME_SPAN_MILLISECOND;
    while (mv_test_hostdev_port_files(hd) < 2 && g_get_monotonic_time() < deadline)
        g_usleep(10 * 1000);
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 2);
    assert_vf1(hd, VF1_GUEST, "ixgbevf", "(null)");

    mv_test_hostdev_qemud_start(hd);
    assert_converged(hd, VF1_SET VF1_RESTORE, "(null)");
    start_fails_fresh(hd, "");
}

/* The stop path, through the undo of a start that fails at QEMU
 * (reattach, then delete the port): networkd killed -9 inside the port
 * delete, before the restore is applied. The VF is back on ixgbevf, the
 * entry stays "created" with the port; networkd's restart keeps the
 * port (the VF keeps the guest's MAC), and the next start deletes it,
 * restoring the VF, before it makes its own. */
static void
test_networkd_killed_in_restore(void)
{
    g_autoptr(MvTestHostdev) hd = NULL;
    g_autofree char *blocked = NULL;
    AsyncCall *call;

    /* Held at the detach first, so that only the restore meets block-set. */
    hd = hd1_start_held("detach", &call, NULL);
    if (!hd)
        return;
    mv_test_hostdev_marker_set(hd, "block-set");
    mv_test_hostdev_marker_clear(hd, "block-detach");
    blocked = mv_test_hostdev_wait_marker(hd, "blocked-set");
    g_assert_cmpstr(blocked, ==, "set_vf ifindex=7 vf=1 mac=02:00:00:00:00:a1 vlan=5 qos=0");
    assert_vf1(hd, VF1_GUEST, "ixgbevf", "");

    kill_in_start(hd, &hd->networkd, call, "hd1", "created");
    assert_requests(hd, VF1_SET);

    unblock_restart(hd, "set");
    assert_requests(hd, "");
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 2);
    assert_vf1(hd, VF1_GUEST, "ixgbevf", "");

    start_fails_fresh(hd, VF1_RESTORE);
}

/* The same undo with nodedevd killed -9 mid-reattach (override cleared,
 * unbound from vfio-pci, not yet probed): the entry stays "detached" and
 * the port is kept (the port goes after the reattach). After nodedevd's
 * restart, qemud's restart (a clean stop) reattaches and deletes. */
static void
test_nodedevd_killed_mid_reattach(void)
{
    g_autoptr(MvTestHostdev) hd = NULL;
    g_autofree char *blocked = NULL;
    AsyncCall *call;

    hd = hd1_start_held("reattach", &call, &blocked);
    if (!hd)
        return;
    g_assert_cmpstr(blocked, ==, "0000:03:10.1");
    assert_vf1(hd, VF1_GUEST, "none", "");

    kill_in_start(hd, &hd->nodedevd, call, "hd1", "detached");
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 2);
    assert_requests(hd, VF1_SET);

    unblock_restart(hd, "reattach");
    mv_test_hostdev_qemud_stop(hd);
    mv_test_hostdev_qemud_start(hd);
    assert_converged(hd, VF1_RESTORE, "");
}

/* Hot plug into a running guest. With networkd down nothing can have
 * been made: the failed attach leaves no entry. With networkd killed -9
 * inside the set, the port may exist: the entry stays "creating". A
 * later attach of the same alias (QEMU refuses the fake VF at
 * device_add) undoes its own entry and the stale one; the guest's stop
 * finds nothing left. */
static void
test_hotplug_networkd_gone(void)
{
    g_autoptr(MvTestHostdev) hd = NULL;
    g_autofree char *xml = NULL;
    virDomainPtr dom;
    AsyncCall *call;

    hd = hostdev_new();
    if (!hd)
        return;
    /* A running guest with no NIC (SeaBIOS finds nothing to boot and waits). */
    dom = virDomainDefineXML(hd->conn, "<domain type='qemu'><name>hph</name><uuid>" HPH_UUID "</uuid>"
                                       "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                       "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
                                       "<features><acpi/></features><devices/></domain>");
    g_assert_nonnull(dom);
    if (virDomainCreate(dom) < 0) {
        mv_test_hostdev_print_logs(hd);
        g_error("start: %s", virGetLastErrorMessage());
    }
    mv_test_hostdev_guest_running(hd, "hph");

    mv_test_hostdev_kill9(&hd->networkd);
    g_assert_cmpint(virDomainAttachDeviceFlags(dom, hostdev_nic, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    g_test_message("attach without networkd failed as expected: %s", virGetLastErrorMessage());
    mv_test_hostdev_assert_contains(hd, virGetLastErrorMessage(), "network daemon (modvirt-networkd)");
    assert_stage(hd, "hph", NULL);
    assert_requests(hd, "");
    xml = virDomainGetXMLDesc(dom, 0);
    g_assert_null(strstr(xml, "<interface"));

    mv_test_hostdev_networkd_start(hd);
    call = async_call_held(hd, CALL_ATTACH, "hph", "set", NULL);
    assert_stage(hd, "hph", "creating");
    mv_test_hostdev_kill9(&hd->networkd);
    async_call_fails(hd, call);
    assert_stage(hd, "hph", "creating");
    unblock_restart(hd, "set");
    assert_requests(hd, VF1_RESTORE);
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 0);

    g_assert_cmpint(virDomainAttachDeviceFlags(dom, hostdev_nic, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    mv_test_hostdev_assert_contains(hd, virGetLastErrorMessage(), "device_add");
    assert_requests(hd, VF1_SET VF1_RESTORE);
    assert_vf1(hd, VF1_SAVED, "ixgbevf", "");
    g_assert_cmpuint(mv_test_hostdev_port_files(hd), ==, 0);
    assert_stage(hd, "hph", NULL);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    mv_test_hostdev_guest_gone(hd);
    virDomainFree(dom);
    assert_stage(hd, "hph", NULL);
    assert_requests(hd, "");
}

/* <interface type='network'> on a network of forward mode hostdev, with
 * nodedevd killed -9 mid-detach of the VF networkd gave (VF 0): the
 * network code deletes the port at once (VF 0 gets its MAC back), and
 * the detach, whose answer was lost, stays recorded as "detaching"
 * since nodedevd cannot be asked to reattach. After nodedevd's and
 * qemud's restarts VF 0 is back on ixgbevf. */
static void
test_network_vf_nodedevd_mid_detach(void)
{
    g_autoptr(MvTestHostdev) hd = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *blocked = NULL;
    virConnectPtr nconn;
    virNetworkPtr pool;
    virDomainPtr dom;
    AsyncCall *call;

    hd = hostdev_new();
    if (!hd)
        return;
    uri = mv_test_hostdev_uri(hd, "network");
    nconn = virConnectOpen(uri);
    g_assert_nonnull(nconn);
    pool = virNetworkCreateXML(nconn, "<network><name>vfpool</name>"
                                      "<forward mode='hostdev' managed='yes'><pf dev='eth0'/></forward>"
                                      "</network>");
    g_assert_nonnull(pool);
    dom = virDomainDefineXML(hd->conn, "<domain type='qemu'><name>hd5</name>"
                                       "<uuid>0b5a3c1e-8d2f-4e6a-9b7c-1d2e3f4a5b15</uuid>"
                                       "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                       "<os><type arch='x86_64'>hvm</type></os><devices>"
                                       "<interface type='network'><mac address='52:54:00:6d:90:25'/>"
                                       "<source network='vfpool'/><vlan><tag id='7'/></vlan></interface>"
                                       "</devices></domain>");
    g_assert_nonnull(dom);
    virDomainFree(dom);

    call = async_call_held(hd, CALL_START, "hd5", "detach", &blocked);
    g_assert_cmpstr(blocked, ==, "0000:03:10.0");
    assert_stage(hd, "hd5", "detaching");
    assert_vf(hd, 0, "52:54:00:6d:90:25/7", "none", "vfio-pci");

    kill_in_start(hd, &hd->nodedevd, call, "hd5", "detaching");
    assert_requests(hd, "set_vf ifindex=7 vf=0 mac=52:54:00:6d:90:25 vlan=7 qos=0\n"
                        "set_vf ifindex=7 vf=0 mac=02:00:00:00:00:a0 vlan=0 qos=0\n");
    assert_vf(hd, 0, "02:00:00:00:00:a0/0", "none", "vfio-pci");

    unblock_restart(hd, "detach");
    mv_test_hostdev_qemud_kill9(hd);
    mv_test_hostdev_qemud_start(hd);
    assert_vf(hd, 0, "02:00:00:00:00:a0/0", "ixgbevf", "");
    assert_stage(hd, "hd5", NULL);
    assert_requests(hd, "");

    g_assert_cmpint(virNetworkDestroy(pool), ==, 0);
    virNetworkFree(pool);
    virConnectClose(nconn);
}

/* The call timeout of libmodvirt's client (MV_RPC_CLIENT_CALL_TIMEOUT_MS),
 * which qemud's nodedevd connection uses. */
#define CLIENT_CALL_TIMEOUT_MS 60000

/* qemud's detach call times out while nodedevd holds it mid-detach (a
 * slow device); nodedevd then finishes it. The entry stays "detaching",
 * so the start's undo reattaches (nodedevd runs it after the detach):
 * the VF ends on ixgbevf, not left on vfio-pci with nobody to give it
 * back. Takes the client's 60 s; the test's own call to qemud, with the
 * same timeout, gives up first, so the end of the start is waited for
 * on the record. */
static void
test_detach_timeout(void)
{
    g_autoptr(MvTestHostdev) hd = NULL;
    g_autofree char *qlog_path = NULL;
    g_autofree char *qlog = NULL;
    g_autofree char *stage = NULL;
    gint64 deadline;
    AsyncCall *call;

    hd = hd1_start_held("detach", &call, NULL);
    if (!hd)
        return;
    /* Held past qemud's timeout, then let go: the detach completes. */
    g_usleep((gint64) (CLIENT_CALL_TIMEOUT_MS + 2000) * G_TIME_SPAN_MILLISECOND);
    unblock(hd, "detach");
    async_call_fails(hd, call);
    deadline = g_get_monotonic_time() + (gint64) MV_TEST_HOSTDEV_WAIT_MS * G_TIME_SPAN_MILLISECOND;
    while ((stage = mv_test_hostdev_record_stage(hd, "hd1")) && g_get_monotonic_time() < deadline) {
        g_clear_pointer(&stage, g_free);
        g_usleep(10 * 1000);
    }
    qlog_path = mv_test_hostdev_path(hd, "qemud.stderr");
    g_assert_true(g_file_get_contents(qlog_path, &qlog, NULL, NULL));
    mv_test_hostdev_assert_contains(hd, qlog, "run/modvirt/nodedevd-sock to procedure 301");
    mv_test_hostdev_assert_contains(hd, qlog, "PCI device 0000:03:10.1 is back on its host driver");
    assert_converged(hd, VF1_SET VF1_RESTORE, "");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemud-hostdev-kill/networkd-in-create-set", test_networkd_killed_in_create);
    g_test_add_func("/qemud-hostdev-kill/nodedevd-mid-detach", test_nodedevd_killed_mid_detach);
    g_test_add_func("/qemud-hostdev-kill/qemud-in-networkd-set", test_qemud_killed_in_create);
    g_test_add_func("/qemud-hostdev-kill/networkd-in-restore-set", test_networkd_killed_in_restore);
    g_test_add_func("/qemud-hostdev-kill/nodedevd-mid-reattach", test_nodedevd_killed_mid_reattach);
    g_test_add_func("/qemud-hostdev-kill/hotplug-networkd-gone", test_hotplug_networkd_gone);
    g_test_add_func("/qemud-hostdev-kill/network-vf-nodedevd-mid-detach",
                    test_network_vf_nodedevd_mid_detach);
    g_test_add_func("/qemud-hostdev-kill/detach-timeout", test_detach_timeout);
    return g_test_run();
}
