/* Tap devices for guest interfaces: create or open them (/dev/net/tun), set MAC, MTU and state, plug them into a bridge (libnl), vhost-net. */
#pragma once

#include <stdbool.h>

#include "util/macaddr.h"

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

/* Deletes a tap the driver created; one that is gone already is not an
 * error (the usual case: it went with QEMU's fd). */
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

/* /dev/vhost-net opened for a virtio NIC. With required (<driver
 * name='vhost'/>) a failure is reported and -1 returned; otherwise -1 only
 * means "use QEMU's own backend", nothing is reported. */
int mv_qemu_vhost_net_open(const char *ifname, bool required);
