/* polkit's answer over the system D-Bus: may this local process do this action? Bounded in time. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

/* The longest a check may take, connecting to the bus included: libvirt's
 * D-Bus call timeout, which leaves a polkit agent time to ask a password. */
#define MV_RPC_POLKIT_TIMEOUT_MS 25000

/* The start time of process pid (field 22 of /proc/PID/stat, clock ticks
 * since boot), with which polkit tells a process from a later one that got
 * the same pid. Fails with VIR_ERR_SYSTEM_ERROR naming the pid. */
int mv_rpc_polkit_process_start_time(pid_t pid, guint64 *ret_start_time);

/* Asks polkitd, on the system bus (DBUS_SYSTEM_BUS_ADDRESS or the default
 * socket), whether the process pid (started at start_time, running as uid)
 * may do action (CheckAuthorization of a unix-process subject). Returns 0
 * when it may. Otherwise -1 with one error reported: a denial as libvirt
 * words it (VIR_ERR_AUTH_FAILED "access denied by policy", from
 * VIR_FROM_POLKIT; VIR_ERR_AUTH_UNAVAILABLE when polkit wanted a password
 * and no agent could ask it; VIR_ERR_AUTH_CANCELLED when the user dismissed
 * it), or VIR_FROM_DBUS errors naming the bus or the service when no bus
 * answers, polkitd is not running on it, or nothing answered within
 * MV_RPC_POLKIT_TIMEOUT_MS. Blocks: call it off any main loop. */
int mv_rpc_polkit_check(const char *action, pid_t pid, guint64 start_time, uid_t uid,
                        bool allow_interaction);
