/* Macvtap devices for guest interfaces of type 'direct' (and network ports of plug type 'direct'): create through libnl, open /dev/tapN, delete. */
#pragma once

#include <stdbool.h>

#include "conf/domain.h"
#include "conf/domain_interface.h"
#include "conf/netdev.h"
#include "qemu_driver.h"
#include "util/macaddr.h"

/* The name template of macvtaps the driver names itself, as libvirt's. */
#define MV_QEMU_MACVTAP_NAME_TEMPLATE "macvtap%d"

/* Creates a macvtap on linkdev (brought up first when it is down, as
 * libvirt does) in mode, with the guest's own MAC (a macvtap is the guest's
 * presence on the wire: unlike a tap it does not get an fe: address; in
 * passthrough mode, where a macvtap takes its parent's MAC, the parent gets
 * the guest's, and its own back at delete, kept in a file in state_dir
 * until then), named
 * name, or when name is NULL or holds "%d" the first free macvtap0,
 * macvtap1, ...; brings it up and opens its character device /dev/tapIFINDEX.
 * When that node is missing after a short wait, or belongs to another
 * device (devtmpfs has one /dev for every network namespace, and ifindexes
 * are per namespace), a private node is made with mknod in state_dir from
 * /sys/class/net/NAME/macvtap/tapIFINDEX/dev, opened and unlinked again.
 * IFF_VNET_HDR is set on the fd when vnet_hdr and the kernel offers it,
 * cleared otherwise. Returns the fd and the name in *ret_name; -1 after
 * reporting, with nothing left behind. */
int mv_qemu_macvtap_create(const char *name, const MvMacAddr *mac, const char *linkdev,
                           MvNetDirectMode mode, bool vnet_hdr, const char *state_dir,
                           char **ret_name);

/* Deletes a macvtap the driver made, then gives a passthrough parent its
 * MAC back (state_dir as at create). One that is gone already is not an
 * error; a link of that name that is no macvtap is left alone (-1, reported). */
int mv_qemu_macvtap_delete(const char *name, const char *state_dir);

/* At driver start, before any start: a passthrough parent whose macvtap
 * start the daemon did not finish gets its MAC back (logged, never fails). */
void mv_qemu_macvtap_recover(const char *state_dir);

/* Whether name is a macvtap link in the daemon's network namespace. */
bool mv_qemu_macvtap_exists(const char *name);

/* The host side of one macvtap interface: type='direct' (linkdev and mode
 * from <source dev= mode=>) or a network port of plug type 'direct' (the
 * port's dev and mode; vport its virtualport). Refuses what it cannot do
 * (a virtualport, a vlan) with CONFIG_UNSUPPORTED, makes the macvtap
 * (named by <target dev=>, else macvtapN; the private node, when one is
 * needed, in the driver's run dir) and records its name in net->ifname;
 * with a virtio NIC also opens vhost-net as for taps. On failure nothing
 * is left and net->ifname no longer names a device this driver would
 * delete. */
int mv_qemu_macvtap_start(MvQemuDriver *driver, MvDomainNet *net, const char *linkdev,
                          MvNetDirectMode mode, const MvVirtualPort *vport, int *ret_tap,
                          int *ret_vhost);

/* Deletes the macvtap of net (net->ifname) when there is one; logged, never
 * fails. */
void mv_qemu_macvtap_stop(MvQemuDriver *driver, const MvDomainDef *def, const MvDomainNet *net);
