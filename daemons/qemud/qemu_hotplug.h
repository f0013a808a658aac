/* Device hot plug and unplug of guest interfaces (virDomainAttachDevice / virDomainDetachDevice and their _FLAGS forms): QMP getfd, netdev_add, device_add, device_del and DEVICE_DELETED. */
#pragma once

#include <json-glib/json-glib.h>

#include "conf/domain_interface.h"
#include "qemu_driver.h"

/* How long a detach waits for the guest to release the device (libvirt's
 * 5 s on x86); after that the call returns and the removal completes
 * when DEVICE_DELETED comes. */
#define MV_QEMU_HOTPLUG_UNPLUG_TIMEOUT_MS 5000

int mv_qemu_domain_attach_device(MvRpcServerClient *client,
                                 remote_domain_attach_device_args *args);
int mv_qemu_domain_attach_device_flags(MvRpcServerClient *client,
                                       remote_domain_attach_device_flags_args *args);
int mv_qemu_domain_detach_device(MvRpcServerClient *client,
                                 remote_domain_detach_device_args *args);
int mv_qemu_domain_detach_device_flags(MvRpcServerClient *client,
                                       remote_domain_detach_device_flags_args *args);

/* QEMU's DEVICE_DELETED for obj's run number run (on the monitor's
 * thread; never waits on QEMU): wakes the detach waiting for that
 * device, or else finishes the device's removal in a thread of its own. */
void mv_qemu_hotplug_device_deleted(MvQemuDriver *driver, MvQemuDomainObj *obj, guint64 run,
                                    JsonObject *data);

/* After a daemon restart, with obj's job held (qemu_status.c): net (taken)
 * was being attached when the daemon stopped. When QEMU has its device
 * (or cannot tell), the live definition gets it; otherwise what QEMU got
 * of it (netdev, fds) and its host side are undone. mon NULL: QEMU is
 * gone, only the host side is undone. */
void mv_qemu_hotplug_recover(MvQemuDriver *driver, MvQemuDomainObj *obj, MvQemuMonitor *mon,
                             MvDomainNet *net);

/* After a daemon restart, with obj's job held: the interfaces QEMU no
 * longer has (their DEVICE_DELETED came while no daemon listened) finish
 * their removal, as when the event comes. */
void mv_qemu_hotplug_reconcile(MvQemuDriver *driver, MvQemuDomainObj *obj, MvQemuMonitor *mon);
