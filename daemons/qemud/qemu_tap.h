/* Tap devices for guest interfaces: create or open them (/dev/net/tun), set MAC, MTU and state, plug them into a bridge (libnl), vhost-net; the name and netlink helpers macvtaps share. */
#pragma once

#include <glib.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <stdbool.h>

#include "conf/domain_interface.h"
#include "util/macaddr.h"

typedef struct nl_sock MvNlSock;
typedef struct nl_addr MvNlAddr;
typedef struct rtnl_link MvRtnlLink;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNlSock, nl_socket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNlAddr, nl_addr_put)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvRtnlLink, rtnl_link_put)

/* The name template of taps the driver names itself, as libvirt's. */
#define MV_QEMU_TAP_NAME_TEMPLATE "vnet%d"

/* Creates a tap (IFF_TAP | IFF_NO_PI | IFF_VNET_HDR; not persistent: it goes
 * when its last fd closes, so a QEMU that dies takes it along) named name, or
 * when name holds "%d" (or is NULL: "vnet%d") the first free name from a
 * counter, as libvirt's vnet0, vnet1, ... A name that is taken already is
 * refused. Returns the open fd and the name in *ret_name, -1 after reporting. */
int mv_qemu_tap_create(const char *name, char **ret_name);

/* Opens an existing tap by name (<target dev= managed='no'/>); a missing
 * device or one that is no tap is refused. The fd, or -1 after reporting. */
int mv_qemu_tap_open_existing(const char *name);

/* Makes sure the tap the driver created as name is going: the driver's
 * taps are not persistent, so the kernel deletes one when its last fd
 * (the daemon's, then QEMU's) closes, and the caller has closed its own.
 * A link of that name that is persistent or no tap is another program's
 * (it took the name after the guest's tap went) and is left alone,
 * logged. -1 only for a name that cannot be an interface's (reported). */
int mv_qemu_tap_delete(const char *name);

/* Gives the tap mac, then an MTU (mtu, or when 0 and bridge is given the
 * bridge's, as libvirt does so that the bridge keeps its own), plugs it into
 * bridge (NULL: none), and brings it up when up is true. */
int mv_qemu_tap_setup(const char *name, const MvMacAddr *mac, unsigned int mtu,
                      const char *bridge, bool up);

/* The tap's MAC for a guest MAC: the guest's with the first byte 0xFE (0xFA
 * when the guest's is 0xFE), so that a bridge never takes a guest's MAC. */
void mv_qemu_tap_mac(const MvMacAddr *guest, MvMacAddr *ret_mac);

/* Whether a link of that name exists in the daemon's network namespace. */
bool mv_qemu_link_exists(const char *name);

/* 0 when name can name a network interface; otherwise -1, reported as
 * "'NAME' is not a valid WHAT name" (what: "interface", "macvtap device"). */
int mv_qemu_ifname_check(const char *name, const char *what);

/* Whether name is a template: one "%d" and no other '%'. */
bool mv_qemu_ifname_is_template(const char *name);

/* The last number a template got, per kind of device (taps and macvtaps
 * count apart): names go on from there, as libvirt's. */
typedef struct {
    GMutex lock;
    int last_id;
} MvQemuIfnameCounter;

#define MV_QEMU_IFNAME_COUNTER_INIT { .last_id = -1 }

/* Makes the device name: >= 0 (what the caller wants back, an fd or 0) on
 * success; -1 with *ret_taken when another process took the name
 * meanwhile; otherwise -1 after reporting. */
typedef int (*MvQemuIfnameTryFunc)(const char *name, bool *ret_taken, void *opaque);

/* Makes a device named from tmpl (a template) with the next free number of
 * counter: names of existing links and names taken meanwhile are skipped,
 * a name too long starts the count again. Returns what try_name returned
 * and the name in *ret_name; -1 after try_name's report, or when no name
 * is left ("no unused WHAT names available"). */
int mv_qemu_ifname_create(const char *tmpl, MvQemuIfnameCounter *counter, const char *what,
                          MvQemuIfnameTryFunc try_name, void *opaque, char **ret_name);

/* A NETLINK_ROUTE socket for work on the interface name (named in the
 * error); NULL after reporting. */
MvNlSock *mv_qemu_netlink_open(const char *name);

/* The kernel's link of that name, or NULL (nothing reported). */
MvRtnlLink *mv_qemu_link_get(MvNlSock *sk, const char *name);

/* The kernel's link of that name in the daemon's network namespace, or
 * NULL (a name that cannot be an interface's, or no such link); nothing is
 * reported. */
MvRtnlLink *mv_qemu_link_lookup(const char *name);

/* /dev/vhost-net for net, whose tap or macvtap is ifname, in *ret_vhost:
 * opened for a virtio NIC unless <driver name='qemu'/>, else -1. With
 * <driver name='vhost'/> a failure is reported and -1 returned (the caller
 * undoes its device; *ret_vhost is -1); otherwise a failure only means "use
 * QEMU's own backend": *ret_vhost -1, nothing reported, 0 returned. Taps
 * and macvtaps share it. */
int mv_qemu_vhost_net_open(const MvDomainNet *net, const char *ifname, int *ret_vhost);
