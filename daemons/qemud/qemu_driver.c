/* The QEMU driver's life: daemon hooks (init, reload, cleanup), persistent configs, autostart, and the RPC handler table. */
#define MV_LOG_MODULE "qemu.driver"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_driver.h"

#include <errno.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "conf/domain_os.h"
#include "qemu_console.h"
#include "qemu_driver_domain.h"
#include "qemu_domcaps.h"
#include "qemu_hotplug.h"
#include "qemu_driver_lifecycle.h"
#include "qemu_hostdev.h"
#include "qemu_macvtap.h"
#include "qemu_peers.h"
#include "qemu_postparse.h"
#include "qemu_process.h"
#include "qemu_status.h"
#include "remote.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

#define CONFIG_MAX_BYTES (16 * 1024 * 1024)

MvQemuDriver *
mv_qemu_driver_from_client(MvRpcServerClient *client)
{
    return mv_daemon_get_driver_data(mv_remote_client_get_daemon(client));
}

MvQemuCaps *
mv_qemu_driver_caps_for_def(MvQemuDriver *driver, const MvDomainDef *def)
{
    return mv_qemu_driver_caps_for(driver, def->emulator,
                                   def->os && def->os->arch ? def->os->arch : NULL);
}

MvQemuCaps *
mv_qemu_driver_caps_for(MvQemuDriver *driver, const char *emulator, const char *arch)
{
    g_auto(GStrv) binaries = NULL;
    struct utsname uts;

    if (emulator) {
        if (access(emulator, X_OK) < 0) {
            mv_report_system_error(errno, "Cannot check QEMU binary %s", emulator);
            return NULL;
        }
        return mv_qemu_caps_cache_lookup(driver->caps_cache, emulator);
    }
    if (!arch)
        arch = uname(&uts) == 0 ? uts.machine : "x86_64";

    binaries = mv_qemu_caps_find_binaries();
    for (size_t i = 0; binaries && binaries[i]; i++) {
        g_autoptr(MvQemuCaps) caps = mv_qemu_caps_cache_lookup(driver->caps_cache, binaries[i]);

        if (caps && strcmp(mv_qemu_caps_get_arch(caps), arch) == 0)
            return g_steal_pointer(&caps);
    }
    mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "No emulator found for arch '%s'", arch);
    return NULL;
}

MvDomainDef *
mv_qemu_driver_parse_domain(MvQemuDriver *driver, const char *xml)
{
    g_autoptr(MvDomainDef) def = mv_domain_def_parse_string(xml, MV_DOMAIN_XML_INACTIVE);
    g_autoptr(MvQemuCaps) caps = NULL;

    if (!def || !(caps = mv_qemu_driver_caps_for_def(driver, def)))
        return NULL;
    if (mv_qemu_domain_post_parse(def, caps) < 0)
        return NULL;
    return g_steal_pointer(&def);
}

MvQemuDomainObj *
mv_qemu_driver_get_domain(MvQemuDriver *driver, const remote_nonnull_domain *dom)
{
    char uuidstr[MV_UUID_STRING_BUFLEN];
    MvQemuDomainObj *obj;

    if ((obj = mv_qemu_domain_store_find_by_uuid(driver->store, (const unsigned char *) dom->uuid)))
        return obj;

    /* libvirt's wording for a handle whose guest went away names both. */
    mv_error_reset();
    mv_report_error(VIR_ERR_NO_DOMAIN, "no domain with matching uuid '%s' (%s)",
                    mv_uuid_format((const unsigned char *) dom->uuid, uuidstr), dom->name);
    return NULL;
}

void
mv_qemu_driver_make_wire_domain(MvQemuDomainObj *obj, remote_nonnull_domain *ret_dom)
{
    ret_dom->name = g_strdup(obj->name);
    memcpy(ret_dom->uuid, obj->uuid, MV_UUID_BUFLEN);
    g_mutex_lock(&obj->lock);
    ret_dom->id = obj->id;
    g_mutex_unlock(&obj->lock);
}

static char *
config_path(MvQemuDriver *driver, const char *name)
{
    g_autofree char *file = g_strdup_printf("%s.xml", name);

    return mv_path_join_safe(driver->config_dir, file, true);
}

int
mv_qemu_driver_save_config(MvQemuDriver *driver, MvQemuDomainObj *obj)
{
    g_autofree char *path = config_path(driver, obj->name);
    g_autofree char *xml = NULL;

    if (!path || !(xml = mv_domain_def_format(obj->def, MV_DOMAIN_XML_INACTIVE)))
        return -1;
    if (mv_file_mkdir_p(driver->config_dir, 0755) < 0)
        return -1;
    return mv_file_replace_atomic(path, xml, strlen(xml), 0600);
}

static void
load_one_config(MvQemuDriver *driver, const char *file)
{
    g_autofree char *path = g_build_filename(driver->config_dir, file, NULL);
    g_autofree char *name = g_strndup(file, strlen(file) - strlen(".xml"));
    g_autofree char *link = g_build_filename(driver->autostart_dir, file, NULL);
    g_autofree char *xml = NULL;
    g_autoptr(MvQemuDomainObj) obj = NULL;
    MvDomainDef *def;

    if (mv_file_read_all(path, CONFIG_MAX_BYTES, &xml, NULL) < 0 ||
        !(def = mv_domain_def_parse_string(xml, MV_DOMAIN_XML_INACTIVE))) {
        MV_WARN("ignoring config '%s': %s", path, mv_error_last_message());
        return;
    }
    if (strcmp(def->name, name) != 0) {
        MV_WARN("ignoring config '%s': it defines domain '%s'", path, def->name);
        mv_domain_def_free(def);
        return;
    }
    if (!(obj = mv_qemu_domain_store_add(driver->store, def, false, NULL, NULL))) {
        MV_WARN("ignoring config '%s': %s", path, mv_error_last_message());
        return;
    }
    g_mutex_lock(&obj->lock);
    obj->persistent = true;
    obj->autostart = g_file_test(link, G_FILE_TEST_EXISTS);
    g_mutex_unlock(&obj->lock);
    MV_DEBUG("loaded domain '%s' from '%s'", name, path);
}

static void
load_configs(MvQemuDriver *driver)
{
    g_autoptr(GDir) dir = g_dir_open(driver->config_dir, 0, NULL);
    const char *entry;

    if (!dir)
        return;
    while ((entry = g_dir_read_name(dir))) {
        if (g_str_has_suffix(entry, ".xml") && strlen(entry) > strlen(".xml"))
            load_one_config(driver, entry);
    }
}

int
mv_qemu_driver_wait_recovered(MvQemuDriver *driver)
{
    gint64 deadline = g_get_monotonic_time() + MV_QEMU_JOB_WAIT_MS * G_TIME_SPAN_MILLISECOND;
    int rc = 0;

    g_mutex_lock(&driver->recover_lock);
    while (driver->recovering) {
        if (!g_cond_wait_until(&driver->recover_cond, &driver->recover_lock, deadline) &&
            driver->recovering) {
            mv_report_error(VIR_ERR_OPERATION_TIMEOUT, "%s",
                            "the QEMU driver is still cleaning up after its restart");
            rc = -1;
            break;
        }
    }
    g_mutex_unlock(&driver->recover_lock);
    return rc;
}

static void
autostart(MvQemuDriver *driver)
{
    g_autoptr(GPtrArray) list = mv_qemu_domain_store_list(driver->store);

    for (guint i = 0; i < list->len; i++) {
        MvQemuDomainObj *obj = g_ptr_array_index(list, i);
        bool start;

        g_mutex_lock(&obj->lock);
        start = obj->autostart && obj->persistent && !mv_qemu_domain_obj_is_active(obj) &&
            mv_qemu_domain_obj_begin_job(obj, "autostart") == 0;
        if (start && mv_qemu_domain_obj_is_active(obj)) {
            mv_qemu_domain_obj_end_job(obj);
            start = false;
        }
        g_mutex_unlock(&obj->lock);
        if (!start)
            continue;

        MV_INFO("autostarting domain '%s'", obj->name);
        if (mv_qemu_process_start(driver, obj, NULL, 0) < 0)
            MV_WARN("cannot autostart domain '%s': %s", obj->name, mv_error_last_message());
        g_mutex_lock(&obj->lock);
        mv_qemu_domain_obj_end_job(obj);
        g_mutex_unlock(&obj->lock);
    }
}

/* In a thread of its own, so that neither a peer daemon slow to answer
 * nor a guest slow to start delays the daemon's start: the guests of the
 * status files (each holding its job until done), the hostdev records of
 * guests that do not run, then autostart. */
static gpointer
startup_thread(gpointer data)
{
    MvQemuDriver *driver = data;
    g_autoptr(GPtrArray) found = g_steal_pointer(&driver->startup_found);

    mv_qemu_status_recover_all(driver, found);
    mv_qemu_hostdev_recover(driver);
    g_mutex_lock(&driver->recover_lock);
    driver->recovering = false;
    g_cond_broadcast(&driver->recover_cond);
    g_mutex_unlock(&driver->recover_lock);
    MV_DEBUG("startup recovery done");

    autostart(driver);
    mv_qemu_process_hold_daemon(driver, false);
    return NULL;
}

/* With peers that answer, recovery takes a moment: the daemon listens
 * once it is done, so that its first callers see every guest as it is
 * now. A peer that does not answer delays the listening by this much at
 * most; recovery goes on behind the guests' jobs. */
static void
wait_recovery_briefly(MvQemuDriver *driver)
{
    gint64 deadline = g_get_monotonic_time() +
        MV_QEMU_DRIVER_RECOVERY_WAIT_MS * G_TIME_SPAN_MILLISECOND;

    g_mutex_lock(&driver->recover_lock);
    while (driver->recovering) {
        if (!g_cond_wait_until(&driver->recover_cond, &driver->recover_lock, deadline))
            break;
    }
    if (driver->recovering)
        MV_INFO("recovery after the restart goes on while the daemon serves calls");
    g_mutex_unlock(&driver->recover_lock);
}

int
mv_qemu_driver_init(MvDaemon *daemon)
{
    const MvPaths *paths = mv_daemon_get_paths(daemon);
    MvQemuDriver *driver = g_new0(MvQemuDriver, 1);
    g_autofree char *config = mv_paths_driver_config_dir(paths, "qemu");
    g_autofree char *log_base = g_build_filename(paths->log_dir, "qemu", NULL);
    mode_t mode = paths->mode == MV_PATHS_SESSION ? 0700 : 0755;

    driver->daemon = daemon;
    driver->config_dir = g_steal_pointer(&config);
    driver->autostart_dir = g_build_filename(driver->config_dir, "autostart", NULL);
    driver->run_dir = mv_paths_driver_run_dir(paths, "qemu");
    driver->log_dir = g_steal_pointer(&log_base);
    driver->events = mv_event_registry_new("domain");
    g_mutex_init(&driver->recover_lock);
    g_cond_init(&driver->recover_cond);
    mv_daemon_set_driver_data(daemon, driver);

    if (mv_file_mkdir_p(driver->config_dir, mode) < 0 ||
        mv_file_mkdir_p(driver->run_dir, mode) < 0 ||
        mv_file_mkdir_p(driver->log_dir, 0700) < 0)
        return -1;

    driver->caps_cache = mv_qemu_caps_cache_new(paths);
    driver->monitor_thread = mv_qemu_monitor_thread_new("qemu-monitor");
    driver->store = mv_qemu_domain_store_new();

    load_configs(driver);
    /* Local and quick, and before any start can make a new one. */
    mv_qemu_macvtap_recover(driver->run_dir);
    driver->startup_found = mv_qemu_status_load_all(driver);
    driver->recovering = true;

    /* The startup thread holds the daemon until it is done. */
    mv_daemon_hold(daemon);
    driver->startup_thread = g_thread_new("qemu-startup", startup_thread, driver);
    wait_recovery_briefly(driver);
    return 0;
}

int
mv_qemu_driver_reload(MvDaemon *daemon)
{
    return 0;
}

/* Guests keep running: only the daemon's side of them goes away. */
void
mv_qemu_driver_cleanup(MvDaemon *daemon)
{
    MvQemuDriver *driver = mv_daemon_get_driver_data(daemon);
    g_autoptr(GPtrArray) list = NULL;

    if (!driver)
        return;
    /* Its work is bounded by the peers' and QEMU's timeouts. */
    if (driver->startup_thread)
        g_thread_join(g_steal_pointer(&driver->startup_thread));
    if (driver->store) {
        list = mv_qemu_domain_store_list(driver->store);
        for (guint i = 0; i < list->len; i++) {
            MvQemuDomainObj *obj = g_ptr_array_index(list, i);
            MvQemuMonitor *mon;

            g_mutex_lock(&obj->lock);
            obj->run++;
            mon = g_steal_pointer(&obj->mon);
            g_mutex_unlock(&obj->lock);
            if (mon)
                mv_qemu_monitor_close(mon);
        }
    }
    mv_qemu_peers_close(driver);
    g_clear_pointer(&list, g_ptr_array_unref);
    g_clear_pointer(&driver->store, mv_qemu_domain_store_free);
    g_clear_pointer(&driver->monitor_thread, mv_qemu_monitor_thread_free);
    g_clear_pointer(&driver->caps_cache, mv_qemu_caps_cache_free);
    g_clear_pointer(&driver->events, mv_event_registry_free);
    g_free(driver->config_dir);
    g_free(driver->autostart_dir);
    g_free(driver->run_dir);
    g_free(driver->log_dir);
    g_mutex_clear(&driver->recover_lock);
    g_cond_clear(&driver->recover_cond);
    g_free(driver);
    mv_daemon_set_driver_data(daemon, NULL);
}

const MvRemoteHandlers mv_qemu_remote_handlers = {
    .connect_get_version = mv_qemu_connect_get_version,
    .connect_get_capabilities = mv_qemu_connect_get_capabilities,
    .connect_get_max_vcpus = mv_qemu_connect_get_max_vcpus,
    .connect_get_domain_capabilities = mv_qemu_connect_get_domain_capabilities,
    .connect_domain_event_callback_register_any = mv_qemu_connect_domain_event_callback_register_any,
    .connect_domain_event_callback_deregister_any = mv_qemu_connect_domain_event_callback_deregister_any,

    .connect_list_all_domains = mv_qemu_connect_list_all_domains,
    .domain_lookup_by_id = mv_qemu_domain_lookup_by_id,
    .domain_lookup_by_name = mv_qemu_domain_lookup_by_name,
    .domain_lookup_by_uuid = mv_qemu_domain_lookup_by_uuid,
    .domain_define_xml = mv_qemu_domain_define_xml,
    .domain_define_xml_flags = mv_qemu_domain_define_xml_flags,
    .domain_undefine = mv_qemu_domain_undefine,
    .domain_undefine_flags = mv_qemu_domain_undefine_flags,
    .domain_get_xml_desc = mv_qemu_domain_get_xml_desc,
    .domain_get_info = mv_qemu_domain_get_info,
    .domain_get_state = mv_qemu_domain_get_state,
    .domain_open_console = mv_qemu_domain_open_console,
    .domain_get_os_type = mv_qemu_domain_get_os_type,
    .domain_get_max_memory = mv_qemu_domain_get_max_memory,
    .domain_get_vcpus_flags = mv_qemu_domain_get_vcpus_flags,
    .domain_is_active = mv_qemu_domain_is_active,
    .domain_is_persistent = mv_qemu_domain_is_persistent,
    .domain_get_autostart = mv_qemu_domain_get_autostart,
    .domain_set_autostart = mv_qemu_domain_set_autostart,
    .domain_has_managed_save_image = mv_qemu_domain_has_managed_save_image,
    .domain_get_security_label = mv_qemu_domain_get_security_label,
    .domain_get_messages = mv_qemu_domain_get_messages,
    .domain_snapshot_num = mv_qemu_domain_snapshot_num,

    .domain_create = mv_qemu_domain_create,
    .domain_create_with_flags = mv_qemu_domain_create_with_flags,
    .domain_create_xml = mv_qemu_domain_create_xml,
    .domain_destroy = mv_qemu_domain_destroy,
    .domain_destroy_flags = mv_qemu_domain_destroy_flags,
    .domain_shutdown = mv_qemu_domain_shutdown,
    .domain_shutdown_flags = mv_qemu_domain_shutdown_flags,
    .domain_reboot = mv_qemu_domain_reboot,
    .domain_suspend = mv_qemu_domain_suspend,
    .domain_resume = mv_qemu_domain_resume,
    .domain_attach_device = mv_qemu_domain_attach_device,
    .domain_attach_device_flags = mv_qemu_domain_attach_device_flags,
    .domain_detach_device = mv_qemu_domain_detach_device,
    .domain_detach_device_flags = mv_qemu_domain_detach_device_flags,
};
