/* Device hot plug and unplug of guest interfaces (virDomainAttachDevice / virDomainDetachDevice and their _FLAGS forms): QMP getfd, netdev_add, device_add, device_del and DEVICE_DELETED (qemu_hotplug.c), and their recovery after a daemon restart (qemu_hotplug_recover.c). */
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

/* qemu_hotplug_recover.c */

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

/* Between qemu_hotplug.c and qemu_hotplug_recover.c. */

/* Sets what the status file says is being plugged (NULL: nothing; net is
 * copied) and writes it. */
void mv_qemu_hotplug_plugging_set(MvQemuDriver *driver, MvQemuDomainObj *obj,
                                  const MvDomainNet *net);

/* After DEVICE_DELETED (with the job held): the netdev goes, the live
 * definition and the status file lose the interface, its host side is
 * undone, and the device-removed event goes out. An alias no longer in
 * the live definition is left alone. */
void mv_qemu_hotplug_finish_removal(MvQemuDriver *driver, MvQemuDomainObj *obj,
                                    const char *alias);

/* QMP netdev_del of id; -1 after reporting QEMU's error. */
int mv_qemu_hotplug_netdev_del(MvQemuMonitor *mon, const char *id);
