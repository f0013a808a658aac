/* The host side of guest interfaces: taps on bridges, networkd's ports, vhost-net; made at start, undone at stop; the interface names and port requests qemu_hostdev.c and qemu_macvtap.c share. */
#pragma once

#include <stddef.h>

#include "conf/domain.h"
#include "qemu_driver.h"

/* The fds a start hands to QEMU, one slot per interface of the live
 * definition (-1: none), in the order of def->nets. */
typedef struct {
    int *tap_fds;
    int *vhost_fds;
    size_t n;
} MvQemuInterfaceFds;

void mv_qemu_interface_fds_close(MvQemuInterfaceFds *fds);

/* Called when the definition being started or the interface being
 * plugged names a host resource to undo that it did not name before: a
 * port's UUID before the port is asked for, a tap or macvtap once made.
 * The caller writes its record there (qemu_status.c). */
typedef struct {
    void (*func)(void *opaque);
    void *opaque;
} MvQemuInterfaceRecorder;

/* net's alias, or "(no alias)" before it has one: how messages name an
 * interface. */
const char *mv_qemu_interface_name(const MvDomainNet *net);

/* The <networkport> request networkd gets for net of def, as port uuid:
 * def as owner, net's MAC, virtualport and VLAN; for type='hostdev' the
 * plug of its VF (hostdev-pci, vfio, managed as net), for type='network'
 * the portgroup, bandwidth, isolation and trust of guest rx filters. */
char *mv_qemu_interface_port_xml(const MvDomainDef *def, const MvDomainNet *net,
                                 const unsigned char *uuid);

/* Refuses the interfaces the driver cannot plug (CONFIG_UNSUPPORTED naming
 * the interface and its type), before anything is made. */
int mv_qemu_interface_check(const MvDomainDef *def);

/* Gives every interface of live (the copy being started, with aliases) its
 * host side:
 * - type='ethernet': a new tap (MAC fe:..., MTU, up), or the existing tap
 *   <target dev= managed='no'/> as it is;
 * - type='bridge': a new tap plugged into <source bridge=>;
 * - type='network': a port of networkd's network <source network=> (owner,
 *   MAC, portgroup, vlan, virtualport, bandwidth), then a new tap plugged
 *   into the bridge of the port's plug, or a macvtap on the device of a
 *   direct plug;
 * - type='direct': a new macvtap on <source dev=> (qemu_macvtap.c);
 * and /dev/vhost-net for virtio NICs. live gets what a restart and the stop
 * need: <target dev=>, and for networks portid= and bridge=; rec (may be
 * NULL) is told each time it got more. On failure everything made so far
 * is undone and the error is reported. */
int mv_qemu_interface_start(MvQemuDriver *driver, MvDomainDef *live,
                            const MvQemuInterfaceRecorder *rec, MvQemuInterfaceFds *ret_fds);

/* Hot plug: the host side of one interface net (with its alias) of the
 * running guest of live, as mv_qemu_interface_start() makes it; the tap
 * and vhost-net fds (-1: none) for QEMU, which the caller closes; rec
 * (may be NULL) as at start. On failure nothing is left and the error is
 * reported. */
int mv_qemu_interface_plug(MvQemuDriver *driver, const MvDomainDef *live, MvDomainNet *net,
                           const MvQemuInterfaceRecorder *rec, int *ret_tap, int *ret_vhost);

/* Hot unplug, once QEMU let go of net: its tap and port go, as at stop.
 * Never fails (logged). */
void mv_qemu_interface_unplug(MvQemuDriver *driver, const MvDomainDef *live,
                              const MvDomainNet *net);

/* Undoes the host side of a live definition (after QEMU is gone): deletes
 * the taps the driver made and the network ports. Never fails: what cannot
 * be undone is logged. */
void mv_qemu_interface_stop(MvQemuDriver *driver, const MvDomainDef *live);
