/* Live status of running guests: one XML file per guest in the run dir, and finding every guest again when the daemon restarts. */
#pragma once

#include "qemu_driver.h"

/* How long a re-found QEMU gets to answer on its monitor at daemon start. */
#define MV_QEMU_STATUS_RECONNECT_TIMEOUT_MS 10000

/* run_dir/NAME.xml: state, reason, pid, id, monitor path, start time and
 * the live definition, written atomically. With obj->lock held; a failure
 * is logged (the guest runs on; a restart would not find it). */
void mv_qemu_status_write(MvQemuDriver *driver, const MvQemuDomainObj *obj);
void mv_qemu_status_remove(MvQemuDriver *driver, const char *name);

/* At driver init, after the persistent configs were loaded: each status
 * file's QEMU, when it still runs and is that guest's (its /proc cmdline
 * names the guest's UUID), gets its monitor back and reports the state
 * QEMU tells; otherwise its leftovers are removed and the guest is shut
 * off (reason crashed). */
void mv_qemu_status_reconnect_all(MvQemuDriver *driver);
