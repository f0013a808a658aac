/* Guest consoles: REMOTE_PROC_DOMAIN_OPEN_CONSOLE, a guest's pty bridged to an RPC stream. */
#pragma once

#include "qemu_driver.h"

/* Opens the console dev_name (NULL: the first console, else the first
 * serial) of a running guest as a stream on the call. One session per
 * device: another open fails (VIR_ERR_OPERATION_FAILED) unless
 * VIR_DOMAIN_CONSOLE_FORCE, which ends the old session with
 * VIR_ERR_OPERATION_ABORTED. The stream ends (EOF) when QEMU exits. */
int mv_qemu_domain_open_console(MvRpcServerClient *client, remote_domain_open_console_args *args);

/* Puts the pty QEMU picked for each pty serial into the live definition
 * (<source path=>, and the console's tty=), as libvirt shows them; after
 * the monitor connected at start, before the status is written. Failures
 * are only logged. */
void mv_qemu_console_record_ptys(MvQemuDomainObj *obj);
