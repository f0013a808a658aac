/* Starting and stopping a guest's QEMU: run dir, log, spawn, monitor, the state machine driven by QMP events. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "qemu_driver.h"

/* How long QEMU gets to create its monitor socket and greet. */
#define MV_QEMU_PROCESS_MONITOR_TIMEOUT_MS 30000
/* How long QEMU gets to exit after SIGTERM, then after SIGKILL. */
#define MV_QEMU_PROCESS_TERM_WAIT_MS 10000
#define MV_QEMU_PROCESS_KILL_WAIT_MS 5000
/* How long a QEMU whose start failed gets to be seen gone: its monitor
 * closes just before it exits. */
#define MV_QEMU_PROCESS_EXIT_WAIT_MS 2000
/* The log lines quoted when QEMU fails to start. */
#define MV_QEMU_PROCESS_LOG_TAIL_LINES 10

/* Starts obj (the caller holds its job, not its lock): a live copy of
 * boot_def (NULL: obj->def) with aliases and an id, the run dir, the log, QEMU with -S,
 * the monitor, then cont unless VIR_DOMAIN_START_PAUSED is in flags.
 * Sends STARTED (and SUSPENDED when paused). On failure QEMU is gone, the
 * error is reported and obj is shut off (failed), a transient obj dropped;
 * only a refusal before the start began (the driver still recovering, no
 * live copy) leaves obj as it was, as libvirt does. A QEMU that exited
 * during the start fails it with VIR_ERR_INTERNAL_ERROR "qemu unexpectedly
 * closed the monitor: " and the end of its log, whichever step saw it. */
int mv_qemu_process_start(MvQemuDriver *driver, MvQemuDomainObj *obj,
                          const MvDomainDef *boot_def, unsigned int flags);

/* Makes pid exit: SIGTERM, MV_QEMU_PROCESS_TERM_WAIT_MS, SIGKILL,
 * MV_QEMU_PROCESS_KILL_WAIT_MS. Reaps it when it is the daemon's child.
 * Never talks to the monitor. -1 after reporting if it survived. */
int mv_qemu_process_kill(pid_t pid);

/* True when pid has exited (reaped, gone, or a zombie of another parent). */
bool mv_qemu_process_is_gone(pid_t pid);

/* Shuts obj off after its QEMU is gone (the caller holds its job, not its
 * lock): closes the monitor, frees the host side (host devices, taps,
 * macvtaps, networkd ports) while obj still reads as active, removes the
 * status file and run dir, then sets shutoff with reason (a
 * virDomainShutoffReason), releases the daemon,
 * drops a transient guest from the store, and sends STOPPED with
 * event_detail (a virDomainEventStoppedDetailType; -1: no event). */
void mv_qemu_process_cleanup(MvQemuDriver *driver, MvQemuDomainObj *obj, int reason,
                             int event_detail);

/* Connects obj's monitor (obj->monitor_path) with the driver's event
 * handling, for a started or a re-found QEMU (giving up as soon as
 * obj->pid is gone); the caller holds the job. */
int mv_qemu_process_connect_monitor(MvQemuDriver *driver, MvQemuDomainObj *obj,
                                    unsigned int timeout_ms);

/* A borrowed reference to obj's monitor with obj->lock held, or NULL after
 * VIR_ERR_OPERATION_INVALID "domain is not running". The caller unrefs. */
MvQemuMonitor *mv_qemu_process_get_monitor(MvQemuDomainObj *obj);

/* Holds or releases the daemon for a running guest, on the daemon's main
 * context (the hold count belongs to it). */
void mv_qemu_process_hold_daemon(MvQemuDriver *driver, bool hold);
