/* The QEMU driver's calls that change a guest's run state: create, destroy, shutdown, reboot, suspend, resume. */
#define MV_LOG_MODULE "qemu.driver"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_driver_lifecycle.h"

#include "qemu_process.h"
#include "qemu_status.h"
#include "util/error.h"
#include "util/log.h"

static MvQemuDomainObj *
get_domain(MvRpcServerClient *client, const remote_nonnull_domain *dom)
{
    return mv_qemu_driver_get_domain(mv_qemu_driver_from_client(client), dom);
}

static int
check_flags(unsigned int flags, unsigned int allowed, const char *function)
{
    if (flags & ~allowed) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in function %s",
                        flags & ~allowed, function);
        return -1;
    }
    return 0;
}

/* Takes obj's job for a guest that must not be running; with obj->lock.
 * A guest being stopped is waited for, as libvirt does: it reads as
 * active until its host side is free, and then its job ends. */
static int
begin_inactive_job(MvQemuDomainObj *obj, const char *job)
{
    if (mv_qemu_domain_obj_is_active(obj) && !obj->stopping) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "domain is already running");
        return -1;
    }
    if (mv_qemu_domain_obj_begin_job(obj, job) < 0)
        return -1;
    if (mv_qemu_domain_obj_is_active(obj)) {
        mv_qemu_domain_obj_end_job(obj);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "domain is already running");
        return -1;
    }
    return 0;
}

/* Takes obj's job for a running guest and a reference to its monitor;
 * with obj->lock. */
static MvQemuMonitor *
begin_active_job(MvQemuDomainObj *obj, const char *job)
{
    MvQemuMonitor *mon;

    if (!mv_qemu_domain_obj_is_active(obj)) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "domain is not running");
        return NULL;
    }
    if (mv_qemu_domain_obj_begin_job(obj, job) < 0)
        return NULL;
    if (!(mon = mv_qemu_process_get_monitor(obj)))
        mv_qemu_domain_obj_end_job(obj);
    return mon;
}

static void
end_job(MvQemuDomainObj *obj)
{
    g_mutex_lock(&obj->lock);
    mv_qemu_domain_obj_end_job(obj);
    g_mutex_unlock(&obj->lock);
}

static int
create_common(MvRpcServerClient *client, const remote_nonnull_domain *dom, unsigned int flags,
              remote_nonnull_domain *ret_dom)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, dom);
    int rc;

    if (!obj || check_flags(flags, VIR_DOMAIN_START_PAUSED, "qemuDomainCreateWithFlags") < 0)
        return -1;
    g_mutex_lock(&obj->lock);
    rc = begin_inactive_job(obj, "start");
    g_mutex_unlock(&obj->lock);
    if (rc < 0)
        return -1;

    rc = mv_qemu_process_start(driver, obj, NULL, flags);
    end_job(obj);
    if (rc == 0 && ret_dom)
        mv_qemu_driver_make_wire_domain(obj, ret_dom);
    return rc;
}

int
mv_qemu_domain_create(MvRpcServerClient *client, remote_domain_create_args *args)
{
    return create_common(client, &args->dom, 0, NULL);
}

int
mv_qemu_domain_create_with_flags(MvRpcServerClient *client,
                                 remote_domain_create_with_flags_args *args,
                                 remote_domain_create_with_flags_ret *ret)
{
    return create_common(client, &args->dom, args->flags, &ret->dom);
}

/* A transient guest; for a defined one that is shut off, libvirt's
 * rule: it runs the given definition and keeps its persistent config. */
int
mv_qemu_domain_create_xml(MvRpcServerClient *client, remote_domain_create_xml_args *args,
                          remote_domain_create_xml_ret *ret)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvDomainDef) boot_def = NULL;
    g_autoptr(MvQemuDomainObj) obj = NULL;
    MvDomainDef *def;
    MvDomainDef *old = NULL;
    bool existed = false;
    int rc;

    if (check_flags(args->flags, VIR_DOMAIN_START_PAUSED, "qemuDomainCreateXML") < 0 ||
        !(def = mv_qemu_driver_parse_domain(driver, args->xml_desc)))
        return -1;
    if (!(obj = mv_qemu_domain_store_add(driver->store, def, true, &existed, &old)))
        return -1;

    g_mutex_lock(&obj->lock);
    if (existed && obj->persistent) {
        boot_def = obj->def;
        obj->def = old;
    } else {
        mv_domain_def_free(old);
        obj->persistent = existed && obj->persistent;
    }
    rc = begin_inactive_job(obj, "start");
    g_mutex_unlock(&obj->lock);
    if (rc < 0) {
        if (!existed)
            mv_qemu_domain_store_remove(driver->store, obj);
        return -1;
    }

    rc = mv_qemu_process_start(driver, obj, boot_def, args->flags);
    end_job(obj);
    if (rc < 0)
        return -1;
    mv_qemu_driver_make_wire_domain(obj, &ret->dom);
    return 0;
}

/* Never through the monitor: a QEMU that stopped answering dies all the
 * same, and the job of a call stuck on its monitor ends when it does. */
static int
destroy_common(MvRpcServerClient *client, const remote_nonnull_domain *dom, unsigned int flags)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, dom);
    guint64 run;
    pid_t pid;
    bool cleanup;

    if (!obj || check_flags(flags, VIR_DOMAIN_DESTROY_GRACEFUL, "qemuDomainDestroyFlags") < 0)
        return -1;
    g_mutex_lock(&obj->lock);
    if (!mv_qemu_domain_obj_is_active(obj)) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "domain is not running");
        g_mutex_unlock(&obj->lock);
        return -1;
    }
    obj->stopping = true;
    obj->stop_reason = VIR_DOMAIN_SHUTOFF_DESTROYED;
    pid = obj->pid;
    run = obj->run;
    g_mutex_unlock(&obj->lock);

    MV_INFO("destroying domain '%s' (QEMU pid %d)", obj->name, (int) pid);
    if (mv_qemu_process_kill(pid) < 0)
        return -1;

    g_mutex_lock(&obj->lock);
    if (mv_qemu_domain_obj_begin_job(obj, "destroy") < 0) {
        g_mutex_unlock(&obj->lock);
        return -1;
    }
    cleanup = obj->run == run && mv_qemu_domain_obj_is_active(obj);
    g_mutex_unlock(&obj->lock);

    if (cleanup)
        mv_qemu_process_cleanup(driver, obj, VIR_DOMAIN_SHUTOFF_DESTROYED,
                                VIR_DOMAIN_EVENT_STOPPED_DESTROYED);
    end_job(obj);
    return 0;
}

int
mv_qemu_domain_destroy(MvRpcServerClient *client, remote_domain_destroy_args *args)
{
    return destroy_common(client, &args->dom, 0);
}

int
mv_qemu_domain_destroy_flags(MvRpcServerClient *client, remote_domain_destroy_flags_args *args)
{
    return destroy_common(client, &args->dom, args->flags);
}

/* The ACPI power button; the guest decides, and its SHUTDOWN event ends
 * QEMU (qemu_process.c). */
static int
shutdown_common(MvRpcServerClient *client, const remote_nonnull_domain *dom, unsigned int flags,
                bool reboot)
{
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, dom);
    g_autoptr(MvQemuMonitor) mon = NULL;
    int rc;

    if (!obj || check_flags(flags, VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN,
                            reboot ? "qemuDomainReboot" : "qemuDomainShutdownFlags") < 0)
        return -1;
    g_mutex_lock(&obj->lock);
    mon = begin_active_job(obj, reboot ? "reboot" : "shutdown");
    if (mon && reboot)
        obj->fake_reboot = true;
    g_mutex_unlock(&obj->lock);
    if (!mon)
        return -1;

    rc = mv_qemu_monitor_system_powerdown(mon);
    g_mutex_lock(&obj->lock);
    if (rc < 0 && reboot)
        obj->fake_reboot = false;
    mv_qemu_domain_obj_end_job(obj);
    g_mutex_unlock(&obj->lock);
    return rc;
}

int
mv_qemu_domain_shutdown(MvRpcServerClient *client, remote_domain_shutdown_args *args)
{
    return shutdown_common(client, &args->dom, 0, false);
}

int
mv_qemu_domain_shutdown_flags(MvRpcServerClient *client, remote_domain_shutdown_flags_args *args)
{
    return shutdown_common(client, &args->dom, args->flags, false);
}

/* libvirt's default for QEMU: the power button, and a reset instead of
 * the power-off that follows. */
int
mv_qemu_domain_reboot(MvRpcServerClient *client, remote_domain_reboot_args *args)
{
    return shutdown_common(client, &args->dom, args->flags, true);
}

/* stop or cont, then the state and event, unless QEMU's STOP or RESUME
 * event already brought them. */
static int
pause_common(MvRpcServerClient *client, const remote_nonnull_domain *dom, bool pause)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, dom);
    g_autoptr(MvQemuMonitor) mon = NULL;
    int from = pause ? VIR_DOMAIN_RUNNING : VIR_DOMAIN_PAUSED;
    bool changed = false;
    int id = -1;
    int rc;

    if (!obj)
        return -1;
    g_mutex_lock(&obj->lock);
    mon = begin_active_job(obj, pause ? "suspend" : "resume");
    g_mutex_unlock(&obj->lock);
    if (!mon)
        return -1;

    rc = pause ? mv_qemu_monitor_stop(mon) : mv_qemu_monitor_cont(mon);
    g_mutex_lock(&obj->lock);
    if (rc == 0 && mv_qemu_domain_obj_is_active(obj)) {
        if (obj->state == from) {
            changed = true;
            obj->state = pause ? VIR_DOMAIN_PAUSED : VIR_DOMAIN_RUNNING;
        }
        if (obj->state == VIR_DOMAIN_PAUSED && pause)
            obj->reason = VIR_DOMAIN_PAUSED_USER;
        else if (obj->state == VIR_DOMAIN_RUNNING && !pause)
            obj->reason = VIR_DOMAIN_RUNNING_UNPAUSED;
        mv_qemu_status_write(driver, obj);
        id = obj->id;
    }
    mv_qemu_domain_obj_end_job(obj);
    g_mutex_unlock(&obj->lock);

    if (changed)
        mv_qemu_driver_emit_lifecycle(driver, obj, id,
                                      pause ? VIR_DOMAIN_EVENT_SUSPENDED : VIR_DOMAIN_EVENT_RESUMED,
                                      pause ? VIR_DOMAIN_EVENT_SUSPENDED_PAUSED
                                            : VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
    return rc;
}

int
mv_qemu_domain_suspend(MvRpcServerClient *client, remote_domain_suspend_args *args)
{
    return pause_common(client, &args->dom, true);
}

int
mv_qemu_domain_resume(MvRpcServerClient *client, remote_domain_resume_args *args)
{
    return pause_common(client, &args->dom, false);
}
