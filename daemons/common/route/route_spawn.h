/* Daemons started on demand: modvirt-<name> found next to the running binary or in sbindir, reaped when it exits. */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* How long the daemon started gives its daemon to idle out, as systemd's units do. */
#define MV_ROUTE_SPAWN_IDLE_TIMEOUT 120

typedef struct MvRouteSpawn MvRouteSpawn;

/* The daemon name that this process started and that still runs, or a new
 * modvirt-<name> [--root root] --timeout 120 (no --root: session mode), with the
 * environment and stderr of this process. One at a time per name. The
 * binary is the first of: next to this program, in the build tree layout
 * (../modvirt-<name>, ../<name>/modvirt-<name>), in sbindir; none is
 * VIR_ERR_NO_SUPPORT naming where it looked. Returns a reference. */
MvRouteSpawn *mv_route_spawn_start(const char *name, const char *root);

void mv_route_spawn_unref(MvRouteSpawn *spawn);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvRouteSpawn, mv_route_spawn_unref)

/* True once the process exited, with its wait status. */
bool mv_route_spawn_exited(const MvRouteSpawn *spawn, int *ret_status);

/* Stops watching the daemons started; they run on until their --timeout. */
void mv_route_spawn_cleanup(void);
