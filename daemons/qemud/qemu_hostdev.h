/* The host side of <interface type='hostdev'>: networkd's VF port (internal program) and nodedevd's detach, made before QEMU starts and undone after it stops, with a record that survives a crash. */
#pragma once

#include "conf/domain.h"
#include "conf/domain_interface.h"
#include "qemu_driver.h"

/* Refuses what cannot be passed through (a USB source, a PCI driver
 * other than vfio), naming the interface, before anything is made. Then
 * for each <interface type='hostdev'> of live (the copy being started,
 * with aliases), in order: asks networkd for the VF's port (it saves and
 * sets MAC, VLAN, virtualport), then with managed='yes' has nodedevd
 * detach the VF to vfio-pci. Each step is written to the guest's hostdev
 * record (run_dir/NAME.hostdev) before it is taken. What an earlier run
 * left in the record is undone first. On failure everything this call
 * made is undone (reverse order) and the error of the failed step is
 * reported. */
int mv_qemu_hostdev_start(MvQemuDriver *driver, const MvDomainDef *live);

/* Undoes what name's record holds, last step first: reattach (managed),
 * then delete the port (networkd restores the VF). A step that fails is
 * logged and stays in the record for the next try; the record goes when
 * it is empty. Never fails. Call it once QEMU is gone. */
void mv_qemu_hostdev_stop(MvQemuDriver *driver, const char *name);

/* At driver init, after the running guests were found again: the record
 * of every guest that is not running (the daemon died while starting or
 * stopping it) is undone. */
void mv_qemu_hostdev_recover(MvQemuDriver *driver);

/* <interface type='network'> whose port networkd answered with a VF (plug
 * type hostdev-pci, a network of forward mode hostdev): called by
 * qemu_interface.c once the port is made. Records the VF under the
 * interface's alias and, managed, has nodedevd detach it; stop reattaches
 * it before the interface code deletes the port. -1 after reporting,
 * with nothing left detached (the caller deletes the port). */
int mv_qemu_hostdev_network_plug(MvQemuDriver *driver, const MvDomainDef *live,
                                 const MvDomainNet *net, const MvPciAddr *pci, bool managed);

/* Gives the VF of that network interface back to its host driver (when
 * it was detached) and forgets it: the interface code calls it before it
 * deletes the port. Never fails (logged). */
void mv_qemu_hostdev_network_unplug(MvQemuDriver *driver, const char *name,
                                    const MvDomainNet *net);

/* The VF recorded for net, a network interface of the guest name (an
 * MvHostdevSubsys to hand to vfio-pci; g_free frees), or NULL: another
 * type, or no VF recorded. Nothing is reported. */
MvHostdevSubsys *mv_qemu_hostdev_network_source(MvQemuDriver *driver, const char *name,
                                                const MvDomainNet *net);

/* mv_qemu_hostdev_network_source() of each of live->nets, in order. For
 * MvQemuCommandContext.net_hostdevs; g_ptr_array_unref frees. */
GPtrArray *mv_qemu_hostdev_network_sources(MvQemuDriver *driver, const MvDomainDef *live);

/* Hot plug of one <interface type='hostdev'> (net, with its alias) into
 * the running guest of live: the port, then with managed='yes' the
 * detach, recorded as at start. On failure what it made is undone and
 * the failed step's error is reported; an entry whose undo fails, or
 * whose port may exist after networkd's answer was lost, stays. */
int mv_qemu_hostdev_plug(MvQemuDriver *driver, const MvDomainDef *live, const MvDomainNet *net);

/* Hot unplug, once QEMU let go of the device: the record's entries of
 * alias are undone (reattach, then delete the port): the interface's,
 * and one an earlier plug of that alias left when networkd's answer was
 * lost. Never fails: a step that fails is logged and stays in the record. */
void mv_qemu_hostdev_unplug(MvQemuDriver *driver, const char *name, const char *alias);
