/* The QEMU driver's state and entry points: daemon hooks, the RPC handler table, and what the handler families share. */
#pragma once

#include <libvirt/libvirt.h>
#include <stdbool.h>

#include "daemon.h"
#include "event_registry.h"
#include "protocol/remote_dispatch.h"
#include "qemu_capabilities.h"
#include "qemu_domain_store.h"
#include "qemu_monitor.h"

/* How long the daemon's start waits for the recovery after a restart
 * (which calls networkd and nodedevd) before it serves calls anyway. */
#define MV_QEMU_DRIVER_RECOVERY_WAIT_MS 2000

/* The connections to networkd and nodedevd (qemu_peers.c). */
typedef struct MvQemuPeers MvQemuPeers;

typedef struct {
    MvDaemon *daemon;
    char *config_dir;           /* config_dir/qemu: NAME.xml of persistent guests */
    char *autostart_dir;        /* config_dir/qemu/autostart: NAME.xml links */
    char *run_dir;              /* run_dir/qemu: NAME.xml status, NAME/ per guest */
    char *log_dir;              /* log_dir/qemu: NAME.log */
    MvQemuCapsCache *caps_cache;
    MvQemuMonitorThread *monitor_thread;
    MvQemuDomainStore *store;
    MvQemuPeers *peers;         /* opened on first use */
    /* The startup thread: recovery after a restart (it calls the peers,
     * so it does not delay listening), then autostart. recovering is set
     * until recovery is done; starts wait for it (recover_lock,
     * recover_cond). */
    GThread *startup_thread;
    GMutex recover_lock;
    GCond recover_cond;
    bool recovering;
    GPtrArray *startup_found;   /* mv_qemu_status_load_all()'s, for the thread */

    MvEventRegistry *events;    /* domain event registrations (qemu_driver_events.c) */
} MvQemuDriver;

/* The daemon hooks (main.c puts them in its MvDaemonDesc). */
int mv_qemu_driver_init(MvDaemon *daemon);
int mv_qemu_driver_reload(MvDaemon *daemon);
void mv_qemu_driver_cleanup(MvDaemon *daemon);

/* Every procedure the driver serves. */
extern const MvRemoteHandlers mv_qemu_remote_handlers;

/* The driver behind a call's connection. */
MvQemuDriver *mv_qemu_driver_from_client(MvRpcServerClient *client);

/* The capabilities of def's emulator, or of the host's binary for def's
 * architecture when it names none. NULL after reporting. */
MvQemuCaps *mv_qemu_driver_caps_for_def(MvQemuDriver *driver, const MvDomainDef *def);
/* The same for an emulator path, or (emulator NULL) the host's binary for
 * arch (NULL: the host's own). */
MvQemuCaps *mv_qemu_driver_caps_for(MvQemuDriver *driver, const char *emulator, const char *arch);

/* xml read as libvirt's define reads it, with the QEMU driver's defaults
 * for the binary that will run it. NULL after reporting. */
MvDomainDef *mv_qemu_driver_parse_domain(MvQemuDriver *driver, const char *xml);

/* The guest a wire domain names, by UUID (libvirt's lookup); a reference,
 * or NULL after VIR_ERR_NO_DOMAIN. */
MvQemuDomainObj *mv_qemu_driver_get_domain(MvQemuDriver *driver, const remote_nonnull_domain *dom);
/* Fills a wire domain from obj (name, uuid, id). */
void mv_qemu_driver_make_wire_domain(MvQemuDomainObj *obj, remote_nonnull_domain *ret_dom);

/* Waits (up to MV_QEMU_JOB_WAIT_MS) until the startup recovery is done,
 * so that a start does not race its undoing of an earlier run's
 * leftovers; -1 after VIR_ERR_OPERATION_TIMEOUT. */
int mv_qemu_driver_wait_recovered(MvQemuDriver *driver);

/* config_dir/NAME.xml, written atomically from obj->def. With obj->lock. */
int mv_qemu_driver_save_config(MvQemuDriver *driver, MvQemuDomainObj *obj);

/* Lifecycle events (qemu_driver_events.c): sent to every client that
 * registered for them, from any thread; id is the guest's id at the time. */
void mv_qemu_driver_emit_lifecycle(MvQemuDriver *driver, MvQemuDomainObj *obj, int id,
                                   int event, int detail);
/* The device-removed event for alias, once its live removal completed;
 * without obj->lock. */
void mv_qemu_driver_emit_device_removed(MvQemuDriver *driver, MvQemuDomainObj *obj,
                                        const char *alias);

/* The handler families. */
/* qemu_driver_connect.c */
int mv_qemu_connect_get_version(MvRpcServerClient *client, remote_connect_get_version_ret *ret);
int mv_qemu_connect_get_capabilities(MvRpcServerClient *client,
                                     remote_connect_get_capabilities_ret *ret);
int mv_qemu_connect_get_max_vcpus(MvRpcServerClient *client,
                                  remote_connect_get_max_vcpus_args *args,
                                  remote_connect_get_max_vcpus_ret *ret);
/* qemu_driver_events.c */
int mv_qemu_connect_domain_event_callback_register_any(
    MvRpcServerClient *client, remote_connect_domain_event_callback_register_any_args *args,
    remote_connect_domain_event_callback_register_any_ret *ret);
int mv_qemu_connect_domain_event_callback_deregister_any(
    MvRpcServerClient *client, remote_connect_domain_event_callback_deregister_any_args *args);
