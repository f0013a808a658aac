/* The QEMU driver's domains in memory: lookups by name, UUID and id, and one object per guest with its own lock and job slot. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include "conf/domain.h"
#include "conf/domain_interface.h"
#include "qemu_monitor.h"

/* How long a call waits for another call's state change on the same guest
 * (a start, a stop, a monitor command) before giving up. */
#define MV_QEMU_JOB_WAIT_MS 30000

/* One guest. lock guards every field and is never held across a wait on
 * QEMU, so getters answer at once whatever the guest's QEMU does; a state
 * change (start, stop, suspend, ...) also holds the job slot, which
 * serializes them per guest only. */
typedef struct {
    gint refs;
    char *name;                 /* name and uuid never change: read them unlocked */
    unsigned char uuid[MV_UUID_BUFLEN];
    GMutex lock;
    GCond job_cond;
    const char *job;            /* the operation holding the slot, or NULL */

    MvDomainDef *def;           /* the definition (persistent, or a transient's own) */
    MvDomainDef *live;          /* while running: the live copy (aliases, id) */
    bool persistent;
    bool autostart;
    bool removed;               /* left the store; the object only lives on in callers */

    int state;                  /* virDomainState */
    int reason;                 /* its reason enum */
    int id;                     /* -1 when not running */
    pid_t pid;                  /* QEMU, 0 when not running */
    bool child;                 /* QEMU was started by this daemon (waitpid reaps it) */
    bool held;                  /* holds the daemon (mv_daemon_hold) */
    bool stopping;              /* a destroy or a stop cleanup is under way: EOF is expected */
    int stop_reason;            /* the virDomainShutoffReason it gives */
    bool fake_reboot;           /* reboot asked: the guest's SHUTDOWN resets it instead */
    guint64 run;                /* counts starts, so a late monitor callback knows its run */
    gint64 start_time;          /* g_get_real_time() at start */
    char *monitor_path;
    MvQemuMonitor *mon;
    /* A detach waiting for its device's DEVICE_DELETED (qemu_hotplug.c):
     * the device's alias while it waits, and whether the event came; the
     * event broadcasts job_cond. */
    char *unplug_alias;
    bool unplug_done;
    /* A copy of the interface a live attach is plugging, from before its
     * host side is made until QEMU has it or the attach is undone: the
     * status file keeps it, so that a daemon killed meanwhile knows what
     * to undo (qemu_hotplug.c). */
    MvDomainNet *plugging;
} MvQemuDomainObj;

MvQemuDomainObj *mv_qemu_domain_obj_ref(MvQemuDomainObj *obj);
void mv_qemu_domain_obj_unref(MvQemuDomainObj *obj);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvQemuDomainObj, mv_qemu_domain_obj_unref)

/* Takes the job slot, waiting up to MV_QEMU_JOB_WAIT_MS for the call
 * holding it; with obj->lock held (the wait releases it). -1 after
 * VIR_ERR_OPERATION_TIMEOUT naming the job in the way. */
int mv_qemu_domain_obj_begin_job(MvQemuDomainObj *obj, const char *job);
/* With obj->lock held. */
void mv_qemu_domain_obj_end_job(MvQemuDomainObj *obj);

/* The definition a caller sees: live while running, else def. With obj->lock. */
const MvDomainDef *mv_qemu_domain_obj_current_def(const MvQemuDomainObj *obj);
bool mv_qemu_domain_obj_is_active(const MvQemuDomainObj *obj);

typedef struct _MvQemuDomainStore MvQemuDomainStore;

MvQemuDomainStore *mv_qemu_domain_store_new(void);
void mv_qemu_domain_store_free(MvQemuDomainStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvQemuDomainStore, mv_qemu_domain_store_free)

/* The object for def's name and UUID (a reference), with def put in place
 * (the store takes def). An object with the same name and UUID gets def as
 * its new definition (the old one in *ret_old_def, or freed when it is
 * NULL) and *ret_existed true; a name or UUID held by another guest is
 * refused with libvirt's VIR_ERR_OPERATION_FAILED. With check_live, an
 * existing running guest is refused (VIR_ERR_OPERATION_INVALID "domain
 * 'x' is already active"). NULL after reporting. */
MvQemuDomainObj *mv_qemu_domain_store_add(MvQemuDomainStore *store, MvDomainDef *def,
                                          bool check_live, bool *ret_existed,
                                          MvDomainDef **ret_old_def);

/* References, or NULL after libvirt's VIR_ERR_NO_DOMAIN message. */
MvQemuDomainObj *mv_qemu_domain_store_find_by_name(MvQemuDomainStore *store, const char *name);
MvQemuDomainObj *mv_qemu_domain_store_find_by_uuid(MvQemuDomainStore *store,
                                                   const unsigned char *uuid);
MvQemuDomainObj *mv_qemu_domain_store_find_by_id(MvQemuDomainStore *store, int id);

/* Drops obj from the store (marks it removed). */
void mv_qemu_domain_store_remove(MvQemuDomainStore *store, MvQemuDomainObj *obj);

/* References to every object, sorted by name. */
GPtrArray *mv_qemu_domain_store_list(MvQemuDomainStore *store);

/* The next id for a starting guest: 1, 2, ... never reused in a daemon's
 * life; a restarted daemon continues above the ids it found running. */
int mv_qemu_domain_store_next_id(MvQemuDomainStore *store);
void mv_qemu_domain_store_note_id(MvQemuDomainStore *store, int id);
