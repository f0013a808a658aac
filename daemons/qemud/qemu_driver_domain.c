/* The QEMU driver's domain calls that change no guest's run state: list, lookups, define, undefine, getters, autostart. */
#define MV_LOG_MODULE "qemu.driver"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_driver_domain.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "conf/domain_memory.h"
#include "conf/domain_os.h"
#include "conf/domain_vcpu.h"
#include "qemu_status.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

static MvQemuDomainObj *
get_domain(MvRpcServerClient *client, const remote_nonnull_domain *dom)
{
    return mv_qemu_driver_get_domain(mv_qemu_driver_from_client(client), dom);
}

/* The virConnectListAllDomains filters this driver can answer: there is no
 * managed save, snapshot or checkpoint, so those filters select by "none". */
static bool
list_match(MvQemuDomainObj *obj, unsigned int flags)
{
    bool active = mv_qemu_domain_obj_is_active(obj);
    unsigned int state_filter = VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED |
        VIR_CONNECT_LIST_DOMAINS_SHUTOFF | VIR_CONNECT_LIST_DOMAINS_OTHER;

    if ((flags & (VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE)) &&
        !((flags & VIR_CONNECT_LIST_DOMAINS_ACTIVE) && active) &&
        !((flags & VIR_CONNECT_LIST_DOMAINS_INACTIVE) && !active))
        return false;
    if ((flags & (VIR_CONNECT_LIST_DOMAINS_PERSISTENT | VIR_CONNECT_LIST_DOMAINS_TRANSIENT)) &&
        !((flags & VIR_CONNECT_LIST_DOMAINS_PERSISTENT) && obj->persistent) &&
        !((flags & VIR_CONNECT_LIST_DOMAINS_TRANSIENT) && !obj->persistent))
        return false;
    if (flags & state_filter) {
        bool running = obj->state == VIR_DOMAIN_RUNNING;
        bool paused = obj->state == VIR_DOMAIN_PAUSED;
        bool shutoff = obj->state == VIR_DOMAIN_SHUTOFF;

        if (!((flags & VIR_CONNECT_LIST_DOMAINS_RUNNING) && running) &&
            !((flags & VIR_CONNECT_LIST_DOMAINS_PAUSED) && paused) &&
            !((flags & VIR_CONNECT_LIST_DOMAINS_SHUTOFF) && shutoff) &&
            !((flags & VIR_CONNECT_LIST_DOMAINS_OTHER) && !running && !paused && !shutoff))
            return false;
    }
    if ((flags & (VIR_CONNECT_LIST_DOMAINS_AUTOSTART | VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART)) &&
        !((flags & VIR_CONNECT_LIST_DOMAINS_AUTOSTART) && obj->autostart) &&
        !((flags & VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART) && !obj->autostart))
        return false;
    if ((flags & VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE) &&
        !(flags & VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE))
        return false;
    if ((flags & VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT) &&
        !(flags & VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT))
        return false;
    if ((flags & VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT) &&
        !(flags & VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT))
        return false;
    return true;
}

int
mv_qemu_connect_list_all_domains(MvRpcServerClient *client,
                                 remote_connect_list_all_domains_args *args,
                                 remote_connect_list_all_domains_ret *ret)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(GPtrArray) list = mv_qemu_domain_store_list(driver->store);
    g_autoptr(GArray) found = g_array_new(FALSE, TRUE, sizeof(remote_nonnull_domain));

    for (guint i = 0; i < list->len; i++) {
        MvQemuDomainObj *obj = g_ptr_array_index(list, i);
        remote_nonnull_domain dom = { 0 };
        bool match;

        g_mutex_lock(&obj->lock);
        match = !obj->removed && list_match(obj, args->flags);
        g_mutex_unlock(&obj->lock);
        if (!match)
            continue;
        if (args->need_results) {
            mv_qemu_driver_make_wire_domain(obj, &dom);
            g_array_append_val(found, dom);
        }
        ret->ret++;
    }
    ret->domains.domains_len = found->len;
    ret->domains.domains_val = (remote_nonnull_domain *) g_array_free(g_steal_pointer(&found), FALSE);
    return 0;
}

int
mv_qemu_domain_lookup_by_id(MvRpcServerClient *client, remote_domain_lookup_by_id_args *args,
                            remote_domain_lookup_by_id_ret *ret)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvQemuDomainObj) obj = mv_qemu_domain_store_find_by_id(driver->store, args->id);

    if (!obj)
        return -1;
    mv_qemu_driver_make_wire_domain(obj, &ret->dom);
    return 0;
}

int
mv_qemu_domain_lookup_by_name(MvRpcServerClient *client,
                              remote_domain_lookup_by_name_args *args,
                              remote_domain_lookup_by_name_ret *ret)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvQemuDomainObj) obj = mv_qemu_domain_store_find_by_name(driver->store, args->name);

    if (!obj)
        return -1;
    mv_qemu_driver_make_wire_domain(obj, &ret->dom);
    return 0;
}

int
mv_qemu_domain_lookup_by_uuid(MvRpcServerClient *client,
                              remote_domain_lookup_by_uuid_args *args,
                              remote_domain_lookup_by_uuid_ret *ret)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvQemuDomainObj) obj = mv_qemu_domain_store_find_by_uuid(driver->store,
                                                                        (const unsigned char *) args->uuid);

    if (!obj)
        return -1;
    mv_qemu_driver_make_wire_domain(obj, &ret->dom);
    return 0;
}

static int
define_common(MvRpcServerClient *client, const char *xml, unsigned int flags,
              remote_nonnull_domain *ret_dom)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvQemuDomainObj) obj = NULL;
    MvDomainDef *def;
    MvDomainDef *old = NULL;
    bool existed = false;
    bool was_persistent;
    int id;

    if (flags & ~VIR_DOMAIN_DEFINE_VALIDATE) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in function %s",
                        flags & ~VIR_DOMAIN_DEFINE_VALIDATE, "qemuDomainDefineXMLFlags");
        return -1;
    }
    if (!(def = mv_qemu_driver_parse_domain(driver, xml)))
        return -1;
    if (!(obj = mv_qemu_domain_store_add(driver->store, def, false, &existed, &old)))
        return -1;

    g_mutex_lock(&obj->lock);
    was_persistent = obj->persistent;
    obj->persistent = true;
    if (mv_qemu_driver_save_config(driver, obj) < 0) {
        g_autoptr(MvError) err = mv_error_save();

        obj->persistent = was_persistent;
        if (existed) {
            mv_domain_def_free(obj->def);
            obj->def = old;
            g_mutex_unlock(&obj->lock);
        } else {
            g_mutex_unlock(&obj->lock);
            mv_qemu_domain_store_remove(driver->store, obj);
        }
        mv_error_restore(g_steal_pointer(&err));
        return -1;
    }
    mv_domain_def_free(old);
    if (mv_qemu_domain_obj_is_active(obj))
        mv_qemu_status_write(driver, obj);
    id = obj->id;
    g_mutex_unlock(&obj->lock);

    MV_INFO("domain '%s' %s", obj->name, existed ? "redefined" : "defined");
    mv_qemu_driver_make_wire_domain(obj, ret_dom);
    mv_qemu_driver_emit_lifecycle(driver, obj, id, VIR_DOMAIN_EVENT_DEFINED,
                                  existed ? VIR_DOMAIN_EVENT_DEFINED_UPDATED
                                          : VIR_DOMAIN_EVENT_DEFINED_ADDED);
    return 0;
}

int
mv_qemu_domain_define_xml(MvRpcServerClient *client, remote_domain_define_xml_args *args,
                          remote_domain_define_xml_ret *ret)
{
    return define_common(client, args->xml, 0, &ret->dom);
}

int
mv_qemu_domain_define_xml_flags(MvRpcServerClient *client,
                                remote_domain_define_xml_flags_args *args,
                                remote_domain_define_xml_flags_ret *ret)
{
    return define_common(client, args->xml, args->flags, &ret->dom);
}

static char *
autostart_link(MvQemuDriver *driver, const char *name)
{
    g_autofree char *file = g_strdup_printf("%s.xml", name);

    return mv_path_join_safe(driver->autostart_dir, file, true);
}

static int
remove_file(const char *path)
{
    if (unlink(path) < 0 && errno != ENOENT) {
        mv_report_system_error(errno, "Failed to delete config file '%s'", path);
        return -1;
    }
    return 0;
}

static int
undefine_common(MvRpcServerClient *client, const remote_nonnull_domain *dom, unsigned int flags)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, dom);
    g_autofree char *file = NULL;
    g_autofree char *config = NULL;
    g_autofree char *link = NULL;
    bool active;
    int id;

    if (!obj)
        return -1;
    file = g_strdup_printf("%s.xml", obj->name);
    config = g_build_filename(driver->config_dir, file, NULL);
    link = autostart_link(driver, obj->name);

    g_mutex_lock(&obj->lock);
    if (!obj->persistent) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "cannot undefine transient domain");
        g_mutex_unlock(&obj->lock);
        return -1;
    }
    if (!link || remove_file(link) < 0 || remove_file(config) < 0) {
        g_mutex_unlock(&obj->lock);
        return -1;
    }
    obj->persistent = false;
    obj->autostart = false;
    active = mv_qemu_domain_obj_is_active(obj);
    if (active)
        mv_qemu_status_write(driver, obj);
    id = obj->id;
    g_mutex_unlock(&obj->lock);

    /* A running guest lives on as a transient one until it stops. */
    if (!active)
        mv_qemu_domain_store_remove(driver->store, obj);
    MV_INFO("domain '%s' undefined%s", obj->name, active ? " (still running, now transient)" : "");
    mv_qemu_driver_emit_lifecycle(driver, obj, id, VIR_DOMAIN_EVENT_UNDEFINED,
                                  VIR_DOMAIN_EVENT_UNDEFINED_REMOVED);
    return 0;
}

int
mv_qemu_domain_undefine(MvRpcServerClient *client, remote_domain_undefine_args *args)
{
    return undefine_common(client, &args->dom, 0);
}

int
mv_qemu_domain_undefine_flags(MvRpcServerClient *client, remote_domain_undefine_flags_args *args)
{
    return undefine_common(client, &args->dom, args->flags);
}

int
mv_qemu_domain_get_xml_desc(MvRpcServerClient *client, remote_domain_get_xml_desc_args *args,
                            remote_domain_get_xml_desc_ret *ret)
{
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, &args->dom);
    bool inactive = args->flags & VIR_DOMAIN_XML_INACTIVE;

    if (!obj)
        return -1;
    g_mutex_lock(&obj->lock);
    if (inactive)
        ret->xml = mv_domain_def_format(obj->def, MV_DOMAIN_XML_INACTIVE);
    else
        ret->xml = mv_domain_def_format(mv_qemu_domain_obj_current_def(obj), 0);
    g_mutex_unlock(&obj->lock);
    return ret->xml ? 0 : -1;
}

/* QEMU's user and system CPU time in nanoseconds, from /proc; 0 if gone. */
static unsigned long long
cpu_time_ns(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/stat", (int) pid);
    g_autofree char *text = NULL;
    g_auto(GStrv) fields = NULL;
    const char *after;
    unsigned long long ticks;

    if (pid <= 0 || !g_file_get_contents(path, &text, NULL, NULL) ||
        !(after = strrchr(text, ')')))
        return 0;
    /* After "pid (comm)": state is field 3; utime and stime are 14 and 15. */
    fields = g_strsplit(after + 2, " ", 0);
    if (g_strv_length(fields) < 13)
        return 0;
    ticks = g_ascii_strtoull(fields[11], NULL, 10) + g_ascii_strtoull(fields[12], NULL, 10);
    return ticks * (1000000000ULL / (unsigned long long) sysconf(_SC_CLK_TCK));
}

int
mv_qemu_domain_get_info(MvRpcServerClient *client, remote_domain_get_info_args *args,
                        remote_domain_get_info_ret *ret)
{
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, &args->dom);
    const MvDomainDef *def;
    pid_t pid;

    if (!obj)
        return -1;
    g_mutex_lock(&obj->lock);
    def = mv_qemu_domain_obj_current_def(obj);
    ret->state = obj->state;
    ret->maxMem = def->memory->total;
    ret->memory = def->memory->current ? def->memory->current : def->memory->total;
    ret->nrVirtCpu = mv_domain_vcpus_online(def->vcpus);
    pid = obj->pid;
    g_mutex_unlock(&obj->lock);
    ret->cpuTime = cpu_time_ns(pid);
    return 0;
}

int
mv_qemu_domain_get_state(MvRpcServerClient *client, remote_domain_get_state_args *args,
                         remote_domain_get_state_ret *ret)
{
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, &args->dom);

    if (!obj)
        return -1;
    g_mutex_lock(&obj->lock);
    ret->state = obj->state;
    ret->reason = obj->reason;
    g_mutex_unlock(&obj->lock);
    return 0;
}

int
mv_qemu_domain_get_os_type(MvRpcServerClient *client, remote_domain_get_os_type_args *args,
                           remote_domain_get_os_type_ret *ret)
{
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, &args->dom);

    if (!obj)
        return -1;
    g_mutex_lock(&obj->lock);
    ret->type = g_strdup(mv_domain_os_type_to_string(mv_qemu_domain_obj_current_def(obj)->os->type));
    g_mutex_unlock(&obj->lock);
    return 0;
}

int
mv_qemu_domain_get_max_memory(MvRpcServerClient *client,
                              remote_domain_get_max_memory_args *args,
                              remote_domain_get_max_memory_ret *ret)
{
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, &args->dom);

    if (!obj)
        return -1;
    g_mutex_lock(&obj->lock);
    ret->memory = mv_qemu_domain_obj_current_def(obj)->memory->total;
    g_mutex_unlock(&obj->lock);
    return 0;
}

int
mv_qemu_domain_get_vcpus_flags(MvRpcServerClient *client,
                               remote_domain_get_vcpus_flags_args *args,
                               remote_domain_get_vcpus_flags_ret *ret)
{
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, &args->dom);
    unsigned int flags = args->flags;
    const MvDomainDef *def;

    if (!obj)
        return -1;
    if ((flags & VIR_DOMAIN_AFFECT_LIVE) && (flags & VIR_DOMAIN_AFFECT_CONFIG)) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        return -1;
    }
    g_mutex_lock(&obj->lock);
    if ((flags & VIR_DOMAIN_AFFECT_LIVE) && !mv_qemu_domain_obj_is_active(obj)) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "domain is not running");
        g_mutex_unlock(&obj->lock);
        return -1;
    }
    def = (flags & VIR_DOMAIN_AFFECT_CONFIG) ? obj->def : mv_qemu_domain_obj_current_def(obj);
    ret->num = (flags & VIR_DOMAIN_VCPU_MAXIMUM) ? (int) def->vcpus->max
                                                 : (int) mv_domain_vcpus_online(def->vcpus);
    g_mutex_unlock(&obj->lock);
    return 0;
}

int
mv_qemu_domain_is_active(MvRpcServerClient *client, remote_domain_is_active_args *args,
                         remote_domain_is_active_ret *ret)
{
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, &args->dom);

    if (!obj)
        return -1;
    g_mutex_lock(&obj->lock);
    ret->active = mv_qemu_domain_obj_is_active(obj);
    g_mutex_unlock(&obj->lock);
    return 0;
}

int
mv_qemu_domain_is_persistent(MvRpcServerClient *client, remote_domain_is_persistent_args *args,
                             remote_domain_is_persistent_ret *ret)
{
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, &args->dom);

    if (!obj)
        return -1;
    g_mutex_lock(&obj->lock);
    ret->persistent = obj->persistent;
    g_mutex_unlock(&obj->lock);
    return 0;
}

int
mv_qemu_domain_get_autostart(MvRpcServerClient *client, remote_domain_get_autostart_args *args,
                             remote_domain_get_autostart_ret *ret)
{
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, &args->dom);

    if (!obj)
        return -1;
    g_mutex_lock(&obj->lock);
    ret->autostart = obj->autostart;
    g_mutex_unlock(&obj->lock);
    return 0;
}

/* As libvirt: a symlink autostart/NAME.xml -> ../NAME.xml's absolute path. */
int
mv_qemu_domain_set_autostart(MvRpcServerClient *client, remote_domain_set_autostart_args *args)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, &args->dom);
    g_autofree char *link = NULL;
    g_autofree char *target = NULL;
    bool want = args->autostart != 0;
    int rc = 0;

    if (!obj)
        return -1;
    link = autostart_link(driver, obj->name);
    target = g_strdup_printf("%s/%s.xml", driver->config_dir, obj->name);
    g_mutex_lock(&obj->lock);
    if (!obj->persistent) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "cannot set autostart for transient domain");
        rc = -1;
    } else if (want != obj->autostart) {
        if (!link) {
            rc = -1;
        } else if (want) {
            if (mv_file_mkdir_p(driver->autostart_dir, 0755) < 0) {
                rc = -1;
            } else if (symlink(target, link) < 0 && errno != EEXIST) {
                mv_report_system_error(errno, "Failed to create symlink '%s' to '%s'", link, target);
                rc = -1;
            }
        } else if (unlink(link) < 0 && errno != ENOENT) {
            mv_report_system_error(errno, "Failed to delete symlink '%s'", link);
            rc = -1;
        }
        if (rc == 0)
            obj->autostart = want;
    }
    g_mutex_unlock(&obj->lock);
    return rc;
}

/* No managed save in this driver. */
int
mv_qemu_domain_has_managed_save_image(MvRpcServerClient *client,
                                      remote_domain_has_managed_save_image_args *args,
                                      remote_domain_has_managed_save_image_ret *ret)
{
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, &args->dom);

    if (!obj)
        return -1;
    ret->result = 0;
    return 0;
}

/* No security driver: an empty label, not enforcing (what libvirt's
 * "none" model gives). */
int
mv_qemu_domain_get_security_label(MvRpcServerClient *client,
                                  remote_domain_get_security_label_args *args,
                                  remote_domain_get_security_label_ret *ret)
{
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, &args->dom);

    if (!obj)
        return -1;
    ret->label.label_len = 1;
    ret->label.label_val = g_new0(char, 1);
    ret->enforcing = 0;
    return 0;
}

int
mv_qemu_domain_get_messages(MvRpcServerClient *client, remote_domain_get_messages_args *args,
                            remote_domain_get_messages_ret *ret)
{
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, &args->dom);

    if (!obj)
        return -1;
    ret->msgs.msgs_len = 0;
    ret->msgs.msgs_val = NULL;
    return 0;
}

/* No snapshots in this driver. */
int
mv_qemu_domain_snapshot_num(MvRpcServerClient *client, remote_domain_snapshot_num_args *args,
                            remote_domain_snapshot_num_ret *ret)
{
    g_autoptr(MvQemuDomainObj) obj = get_domain(client, &args->dom);

    if (!obj)
        return -1;
    ret->num = 0;
    return 0;
}
