/* The QEMU driver's domains in memory: the name, UUID and id indexes, and each guest's lock and job slot. */
#define MV_LOG_MODULE "qemu.store"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_domain_store.h"

#include <libvirt/libvirt.h>
#include <string.h>

#include "util/error.h"
#include "util/log.h"

struct _MvQemuDomainStore {
    GMutex lock;
    GHashTable *by_name;        /* name -> MvQemuDomainObj (a reference) */
    GHashTable *by_uuid;        /* uuid string -> the same object */
    int last_id;
};

static MvQemuDomainObj *
obj_new(MvDomainDef *def)
{
    MvQemuDomainObj *obj = g_new0(MvQemuDomainObj, 1);

    obj->refs = 1;
    obj->name = g_strdup(def->name);
    memcpy(obj->uuid, def->uuid, MV_UUID_BUFLEN);
    g_mutex_init(&obj->lock);
    g_cond_init(&obj->job_cond);
    obj->def = def;
    obj->id = -1;
    obj->state = VIR_DOMAIN_SHUTOFF;
    obj->reason = VIR_DOMAIN_SHUTOFF_UNKNOWN;
    return obj;
}

MvQemuDomainObj *
mv_qemu_domain_obj_ref(MvQemuDomainObj *obj)
{
    g_atomic_int_inc(&obj->refs);
    return obj;
}

void
mv_qemu_domain_obj_unref(MvQemuDomainObj *obj)
{
    if (!obj || !g_atomic_int_dec_and_test(&obj->refs))
        return;

    if (obj->mon)
        mv_qemu_monitor_close(obj->mon);
    mv_domain_def_free(obj->def);
    mv_domain_def_free(obj->live);
    mv_domain_net_free(obj->plugging);
    g_free(obj->monitor_path);
    g_free(obj->name);
    g_mutex_clear(&obj->lock);
    g_cond_clear(&obj->job_cond);
    g_free(obj);
}

int
mv_qemu_domain_obj_begin_job(MvQemuDomainObj *obj, const char *job)
{
    gint64 deadline = g_get_monotonic_time() + MV_QEMU_JOB_WAIT_MS * G_TIME_SPAN_MILLISECOND;

    while (obj->job) {
        if (!g_cond_wait_until(&obj->job_cond, &obj->lock, deadline) && obj->job) {
            mv_report_error(VIR_ERR_OPERATION_TIMEOUT,
                            "cannot acquire state change lock (held by %s) for domain '%s'",
                            obj->job, obj->name);
            return -1;
        }
    }
    obj->job = job;
    return 0;
}

void
mv_qemu_domain_obj_end_job(MvQemuDomainObj *obj)
{
    obj->job = NULL;
    g_cond_broadcast(&obj->job_cond);
}

const MvDomainDef *
mv_qemu_domain_obj_current_def(const MvQemuDomainObj *obj)
{
    return obj->live ? obj->live : obj->def;
}

bool
mv_qemu_domain_obj_is_active(const MvQemuDomainObj *obj)
{
    return obj->id >= 0;
}

MvQemuDomainStore *
mv_qemu_domain_store_new(void)
{
    MvQemuDomainStore *store = g_new0(MvQemuDomainStore, 1);

    g_mutex_init(&store->lock);
    store->by_name = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) mv_qemu_domain_obj_unref);
    store->by_uuid = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return store;
}

void
mv_qemu_domain_store_free(MvQemuDomainStore *store)
{
    if (!store)
        return;

    g_hash_table_destroy(store->by_uuid);
    g_hash_table_destroy(store->by_name);
    g_mutex_clear(&store->lock);
    g_free(store);
}

static MvQemuDomainObj *
find_uuid_locked(MvQemuDomainStore *store, const unsigned char *uuid)
{
    char uuidstr[MV_UUID_STRING_BUFLEN];

    return g_hash_table_lookup(store->by_uuid, mv_uuid_format(uuid, uuidstr));
}

MvQemuDomainObj *
mv_qemu_domain_store_add(MvQemuDomainStore *store, MvDomainDef *def, bool check_live,
                         bool *ret_existed, MvDomainDef **ret_old_def)
{
    g_autoptr(MvDomainDef) owned = def;
    char uuidstr[MV_UUID_STRING_BUFLEN];
    MvQemuDomainObj *obj;

    g_mutex_lock(&store->lock);
    if ((obj = find_uuid_locked(store, def->uuid))) {
        MvDomainDef *old;

        if (strcmp(obj->name, def->name) != 0) {
            mv_report_error(VIR_ERR_OPERATION_FAILED, "domain '%s' is already defined with uuid %s",
                            obj->name, mv_uuid_format(obj->uuid, uuidstr));
            g_mutex_unlock(&store->lock);
            return NULL;
        }
        g_mutex_lock(&obj->lock);
        if (check_live && mv_qemu_domain_obj_is_active(obj)) {
            mv_report_error(VIR_ERR_OPERATION_INVALID, "domain '%s' is already active", obj->name);
            g_mutex_unlock(&obj->lock);
            g_mutex_unlock(&store->lock);
            return NULL;
        }
        old = obj->def;
        obj->def = g_steal_pointer(&owned);
        g_mutex_unlock(&obj->lock);
        g_mutex_unlock(&store->lock);

        if (ret_old_def)
            *ret_old_def = old;
        else
            mv_domain_def_free(old);
        if (ret_existed)
            *ret_existed = true;
        return mv_qemu_domain_obj_ref(obj);
    }

    if ((obj = g_hash_table_lookup(store->by_name, def->name))) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "domain '%s' already exists with uuid %s",
                        def->name, mv_uuid_format(obj->uuid, uuidstr));
        g_mutex_unlock(&store->lock);
        return NULL;
    }

    obj = obj_new(g_steal_pointer(&owned));
    g_hash_table_insert(store->by_name, obj->name, obj);
    g_hash_table_insert(store->by_uuid, g_strdup(mv_uuid_format(obj->uuid, uuidstr)), obj);
    g_mutex_unlock(&store->lock);

    if (ret_old_def)
        *ret_old_def = NULL;
    if (ret_existed)
        *ret_existed = false;
    return mv_qemu_domain_obj_ref(obj);
}

MvQemuDomainObj *
mv_qemu_domain_store_find_by_name(MvQemuDomainStore *store, const char *name)
{
    MvQemuDomainObj *obj;

    g_mutex_lock(&store->lock);
    obj = g_hash_table_lookup(store->by_name, name);
    if (obj)
        mv_qemu_domain_obj_ref(obj);
    g_mutex_unlock(&store->lock);

    if (!obj)
        mv_report_error(VIR_ERR_NO_DOMAIN, "no domain with matching name '%s'", name);
    return obj;
}

MvQemuDomainObj *
mv_qemu_domain_store_find_by_uuid(MvQemuDomainStore *store, const unsigned char *uuid)
{
    char uuidstr[MV_UUID_STRING_BUFLEN];
    MvQemuDomainObj *obj;

    g_mutex_lock(&store->lock);
    obj = find_uuid_locked(store, uuid);
    if (obj)
        mv_qemu_domain_obj_ref(obj);
    g_mutex_unlock(&store->lock);

    if (!obj)
        mv_report_error(VIR_ERR_NO_DOMAIN, "no domain with matching uuid '%s'",
                        mv_uuid_format(uuid, uuidstr));
    return obj;
}

MvQemuDomainObj *
mv_qemu_domain_store_find_by_id(MvQemuDomainStore *store, int id)
{
    MvQemuDomainObj *found = NULL;
    GHashTableIter iter;
    gpointer value;

    g_mutex_lock(&store->lock);
    g_hash_table_iter_init(&iter, store->by_name);
    while (!found && g_hash_table_iter_next(&iter, NULL, &value)) {
        MvQemuDomainObj *obj = value;

        g_mutex_lock(&obj->lock);
        if (id >= 0 && obj->id == id)
            found = mv_qemu_domain_obj_ref(obj);
        g_mutex_unlock(&obj->lock);
    }
    g_mutex_unlock(&store->lock);

    if (!found)
        mv_report_error(VIR_ERR_NO_DOMAIN, "no domain with matching id %d", id);
    return found;
}

void
mv_qemu_domain_store_remove(MvQemuDomainStore *store, MvQemuDomainObj *obj)
{
    char uuidstr[MV_UUID_STRING_BUFLEN];

    g_mutex_lock(&store->lock);
    g_mutex_lock(&obj->lock);
    obj->removed = true;
    g_mutex_unlock(&obj->lock);
    if (g_hash_table_lookup(store->by_name, obj->name) == obj) {
        g_hash_table_remove(store->by_uuid, mv_uuid_format(obj->uuid, uuidstr));
        g_hash_table_remove(store->by_name, obj->name);
    }
    g_mutex_unlock(&store->lock);
}

static gint
compare_by_name(gconstpointer a, gconstpointer b)
{
    const MvQemuDomainObj *oa = *(MvQemuDomainObj *const *) a;
    const MvQemuDomainObj *ob = *(MvQemuDomainObj *const *) b;

    return strcmp(oa->name, ob->name);
}

GPtrArray *
mv_qemu_domain_store_list(MvQemuDomainStore *store)
{
    GPtrArray *list = g_ptr_array_new_with_free_func((GDestroyNotify) mv_qemu_domain_obj_unref);
    GHashTableIter iter;
    gpointer value;

    g_mutex_lock(&store->lock);
    g_hash_table_iter_init(&iter, store->by_name);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        g_ptr_array_add(list, mv_qemu_domain_obj_ref(value));
    g_mutex_unlock(&store->lock);

    g_ptr_array_sort(list, compare_by_name);
    return list;
}

int
mv_qemu_domain_store_next_id(MvQemuDomainStore *store)
{
    int id;

    g_mutex_lock(&store->lock);
    id = ++store->last_id;
    g_mutex_unlock(&store->lock);
    return id;
}

void
mv_qemu_domain_store_note_id(MvQemuDomainStore *store, int id)
{
    g_mutex_lock(&store->lock);
    if (id > store->last_id)
        store->last_id = id;
    g_mutex_unlock(&store->lock);
}
