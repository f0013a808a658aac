/* Live status of running guests: one XML file per guest in the run dir, and finding every guest again when the daemon restarts. */
#pragma once

#include "qemu_driver.h"

/* How long a re-found QEMU gets to answer on its monitor at daemon start. */
#define MV_QEMU_STATUS_RECONNECT_TIMEOUT_MS 10000

/* run_dir/NAME.xml: state, reason, pid, id, monitor path, start time,
 * the live definition and the interface a live attach is plugging
 * (obj->plugging), written atomically. With obj->lock held; a failure is
 * logged (the guest runs on; a restart would not find it). */
void mv_qemu_status_write(MvQemuDriver *driver, const MvQemuDomainObj *obj);

/* The record of a start before QEMU runs (starting='yes', no pid): live,
 * the copy being started, with what its host side got so far. Written
 * before the first host resource is made and again after each, so that a
 * daemon killed meanwhile undoes them at its next start. With obj->lock;
 * -1 after reporting. */
int mv_qemu_status_write_starting(MvQemuDriver *driver, const MvQemuDomainObj *obj,
                                  const MvDomainDef *live);
void mv_qemu_status_remove(MvQemuDriver *driver, const char *name);

/* At driver init, after the persistent configs were loaded and before the
 * daemon listens: reads every status file and makes its guest known
 * (running as the file says), each holding the job "reconnect" until
 * mv_qemu_status_recover_all() is done with it; asks neither QEMU nor a
 * peer daemon. Unreadable files are logged and removed. The list is for
 * mv_qemu_status_recover_all(); g_ptr_array_unref frees it. */
GPtrArray *mv_qemu_status_load_all(MvQemuDriver *driver);

/* In the driver's startup thread, while the daemon serves calls: each
 * guest of found, when its QEMU still runs and is that guest's (its /proc
 * cmdline names the guest's UUID), gets its monitor back and reports the
 * state QEMU tells; otherwise its leftovers are removed and the guest is
 * shut off (reason crashed). A start the daemon did not finish (QEMU never
 * ran) has what it made undone. An interface a live attach was plugging is
 * kept when QEMU has it, else undone. Each guest's job ends when it is
 * done. */
void mv_qemu_status_recover_all(MvQemuDriver *driver, GPtrArray *found);
