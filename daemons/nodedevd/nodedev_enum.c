/* The node device list: enumeration of the host's devices (or a fake sysfs tree under --root), libvirt's names and parent tree, lookups and created/deleted events. */
#define MV_LOG_MODULE "nodedev.enum"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_enum.h"

#include <string.h>

#include "nodedev_sysfs.h"
#include "nodedev_sysfs_block.h"
#include "nodedev_sysfs_net.h"
#include "nodedev_sysfs_pci.h"
#include "nodedev_sysfs_scsi.h"
#include "nodedev_sysfs_system.h"
#include "nodedev_sysfs_usb.h"
#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_nodedev_event_type, MV_NODEDEV_EVENT_LAST, "created", "deleted")

struct _MvNodeDev {
    gatomicrefcount ref;
    MvNodeDevDef *def;
};

struct _MvNodeDevStore {
    GMutex lock;
    MvNodeDevSysfs *fs;         /* used by one scan at a time (scan_lock) */
    GMutex scan_lock;
    GHashTable *devs;           /* name -> MvNodeDev */
    bool scanned;
    MvNodeDevEventFunc event_func;
    void *event_opaque;
};

static MvNodeDev *
nodedev_new(MvNodeDevDef *def)
{
    MvNodeDev *dev = g_new0(MvNodeDev, 1);

    g_atomic_ref_count_init(&dev->ref);
    dev->def = def;
    return dev;
}

MvNodeDev *
mv_nodedev_ref(MvNodeDev *dev)
{
    g_atomic_ref_count_inc(&dev->ref);
    return dev;
}

void
mv_nodedev_unref(MvNodeDev *dev)
{
    if (!dev || !g_atomic_ref_count_dec(&dev->ref))
        return;
    mv_nodedev_def_free(dev->def);
    g_free(dev);
}

const MvNodeDevDef *
mv_nodedev_get_def(const MvNodeDev *dev)
{
    return dev->def;
}

MvNodeDevStore *
mv_nodedev_store_new(const char *root)
{
    g_autoptr(MvNodeDevSysfs) fs = mv_nodedev_sysfs_new(root);
    MvNodeDevStore *store;

    if (!fs)
        return NULL;
    store = g_new0(MvNodeDevStore, 1);
    g_mutex_init(&store->lock);
    g_mutex_init(&store->scan_lock);
    store->fs = g_steal_pointer(&fs);
    store->devs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) mv_nodedev_unref);
    return store;
}

void
mv_nodedev_store_free(MvNodeDevStore *store)
{
    if (!store)
        return;
    g_hash_table_unref(store->devs);
    mv_nodedev_sysfs_free(store->fs);
    g_mutex_clear(&store->lock);
    g_mutex_clear(&store->scan_lock);
    g_free(store);
}

const char *
mv_nodedev_store_root(const MvNodeDevStore *store)
{
    return store->fs->root;
}

bool
mv_nodedev_store_is_fake(const MvNodeDevStore *store)
{
    return store->fs->fake;
}

void
mv_nodedev_store_set_event_callback(MvNodeDevStore *store, MvNodeDevEventFunc func, void *opaque)
{
    g_mutex_lock(&store->lock);
    store->event_func = func;
    store->event_opaque = opaque;
    g_mutex_unlock(&store->lock);
}

/* The parent is the nearest sysfs ancestor that is a listed device (a
 * network interface's PCI function, a disk's SCSI LUN, a USB interface's
 * device), or "computer". */
static void
parents_assign(GPtrArray *defs)
{
    g_autoptr(GHashTable) by_path = g_hash_table_new(g_str_hash, g_str_equal);

    for (unsigned int i = 0; i < defs->len; i++) {
        MvNodeDevDef *def = defs->pdata[i];

        if (def->sysfs_path)
            g_hash_table_insert(by_path, def->sysfs_path, def->name);
    }
    for (unsigned int i = 0; i < defs->len; i++) {
        MvNodeDevDef *def = defs->pdata[i];
        g_autofree char *dir = NULL;

        if (!def->sysfs_path)
            continue;
        dir = g_path_get_dirname(def->sysfs_path);
        while (strlen(dir) > 1 && !def->parent) {
            const char *name = g_hash_table_lookup(by_path, dir);
            char *up;

            if (name)
                def->parent = g_strdup(name);
            up = g_path_get_dirname(dir);
            g_free(dir);
            dir = up;
        }
        if (!def->parent)
            def->parent = g_strdup("computer");
    }
}

static GHashTable *
tree_read(MvNodeDevSysfs *fs)
{
    g_autoptr(GPtrArray) defs = g_ptr_array_new_with_free_func((GDestroyNotify) mv_nodedev_def_free);
    GHashTable *devs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) mv_nodedev_unref);

    g_ptr_array_add(defs, mv_nodedev_sysfs_system_read(fs));
    mv_nodedev_sysfs_pci_scan(fs, defs);
    mv_nodedev_sysfs_usb_scan(fs, defs);
    mv_nodedev_sysfs_net_scan(fs, defs);
    mv_nodedev_sysfs_scsi_scan(fs, defs);
    mv_nodedev_sysfs_block_scan(fs, defs);
    mv_nodedev_sysfs_drm_scan(fs, defs);
    parents_assign(defs);

    for (unsigned int i = 0; i < defs->len; i++) {
        MvNodeDevDef *def = defs->pdata[i];

        if (g_hash_table_contains(devs, def->name)) {
            MV_WARN("two devices are named '%s'; keeping the one at '%s'",
                    def->name, ((MvNodeDev *) g_hash_table_lookup(devs, def->name))->def->sysfs_path);
            continue;
        }
        g_hash_table_insert(devs, g_strdup(def->name), nodedev_new(g_steal_pointer(&defs->pdata[i])));
    }
    return devs;
}

static gint
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* Names in a and not in b, sorted. */
static GPtrArray *
names_missing(GHashTable *a, GHashTable *b)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init(&iter, a);
    while (g_hash_table_iter_next(&iter, &key, NULL)) {
        if (!g_hash_table_contains(b, key))
            g_ptr_array_add(names, g_strdup(key));
    }
    g_ptr_array_sort(names, compare_strings);
    return names;
}

int
mv_nodedev_store_rescan(MvNodeDevStore *store)
{
    g_autoptr(GHashTable) devs = NULL;
    g_autoptr(GPtrArray) created = NULL;
    g_autoptr(GPtrArray) deleted = NULL;
    MvNodeDevEventFunc func;
    void *opaque;
    bool first;

    g_mutex_lock(&store->scan_lock);
    devs = tree_read(store->fs);

    g_mutex_lock(&store->lock);
    first = !store->scanned;
    created = names_missing(devs, store->devs);
    deleted = names_missing(store->devs, devs);
    g_hash_table_unref(store->devs);
    store->devs = g_steal_pointer(&devs);
    store->scanned = true;
    func = store->event_func;
    opaque = store->event_opaque;
    g_mutex_unlock(&store->lock);
    g_mutex_unlock(&store->scan_lock);

    MV_DEBUG("scanned '%s/sys': %u new, %u gone", store->fs->root, created->len, deleted->len);
    if (first || !func)
        return 0;
    for (unsigned int i = 0; i < deleted->len; i++) {
        MV_INFO("node device '%s' was removed", (char *) deleted->pdata[i]);
        func(deleted->pdata[i], MV_NODEDEV_EVENT_DELETED, opaque);
    }
    for (unsigned int i = 0; i < created->len; i++) {
        MV_INFO("node device '%s' was added", (char *) created->pdata[i]);
        func(created->pdata[i], MV_NODEDEV_EVENT_CREATED, opaque);
    }
    return 0;
}

bool
mv_nodedev_def_has_cap(const MvNodeDevDef *def, MvNodeDevCapType type)
{
    for (size_t i = 0; i < def->ncaps; i++) {
        const MvNodeDevCap *cap = &def->caps[i];

        if (cap->type == type)
            return true;
        if (cap->type == MV_NODEDEV_CAP_SCSI_HOST &&
            ((type == MV_NODEDEV_CAP_FC_HOST && cap->u.scsi_host.fc_host) ||
             (type == MV_NODEDEV_CAP_VPORTS && cap->u.scsi_host.vport_ops)))
            return true;
        if (cap->type == MV_NODEDEV_CAP_PCI && type == MV_NODEDEV_CAP_MDEV_TYPES &&
            cap->u.pci.mdev_types.ntypes > 0)
            return true;
    }
    return false;
}

int
mv_nodedev_cap_bit_from_string(const char *cap, guint32 *ret_bit)
{
    int type = mv_nodedev_cap_type_from_string(cap);

    if (type < 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unknown node device capability '%s'", cap);
        return -1;
    }
    *ret_bit = MV_NODEDEV_CAP_BIT(type);
    return 0;
}

static bool
def_matches(const MvNodeDevDef *def, guint32 cap_mask)
{
    if (!cap_mask)
        return true;
    for (int type = 0; type < MV_NODEDEV_CAP_LAST; type++) {
        if ((cap_mask & MV_NODEDEV_CAP_BIT(type)) && mv_nodedev_def_has_cap(def, type))
            return true;
    }
    return false;
}

char **
mv_nodedev_store_list(MvNodeDevStore *store, guint32 cap_mask)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    GHashTableIter iter;
    gpointer key, value;

    g_mutex_lock(&store->lock);
    g_hash_table_iter_init(&iter, store->devs);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        if (def_matches(((MvNodeDev *) value)->def, cap_mask))
            g_ptr_array_add(names, g_strdup(key));
    }
    g_mutex_unlock(&store->lock);
    g_ptr_array_sort(names, compare_strings);
    g_ptr_array_add(names, NULL);
    return (char **) g_ptr_array_free(g_steal_pointer(&names), FALSE);
}

size_t
mv_nodedev_store_count(MvNodeDevStore *store, guint32 cap_mask)
{
    g_auto(GStrv) names = mv_nodedev_store_list(store, cap_mask);

    return g_strv_length(names);
}

MvNodeDev *
mv_nodedev_store_lookup(MvNodeDevStore *store, const char *name)
{
    MvNodeDev *dev;

    g_mutex_lock(&store->lock);
    dev = g_hash_table_lookup(store->devs, name);
    if (dev)
        mv_nodedev_ref(dev);
    g_mutex_unlock(&store->lock);
    if (!dev)
        mv_report_error(VIR_ERR_NO_NODE_DEVICE, "no node device with matching name '%s'", name);
    return dev;
}

MvNodeDev *
mv_nodedev_store_lookup_scsi_host_by_wwn(MvNodeDevStore *store, const char *wwnn, const char *wwpn)
{
    MvNodeDev *found = NULL;
    GHashTableIter iter;
    gpointer value;

    g_mutex_lock(&store->lock);
    g_hash_table_iter_init(&iter, store->devs);
    while (!found && g_hash_table_iter_next(&iter, NULL, &value)) {
        const MvNodeDevDef *def = ((MvNodeDev *) value)->def;

        for (size_t i = 0; i < def->ncaps; i++) {
            const MvNodeDevScsiHost *host = &def->caps[i].u.scsi_host;

            if (def->caps[i].type == MV_NODEDEV_CAP_SCSI_HOST && host->fc_host &&
                g_ascii_strcasecmp(host->wwnn, wwnn) == 0 &&
                g_ascii_strcasecmp(host->wwpn, wwpn) == 0) {
                found = mv_nodedev_ref(value);
                break;
            }
        }
    }
    g_mutex_unlock(&store->lock);
    if (!found)
        mv_report_error(VIR_ERR_NO_NODE_DEVICE,
                        "no node device with matching wwnn '%s' and wwpn '%s'", wwnn, wwpn);
    return found;
}

char *
mv_nodedev_store_get_xml(MvNodeDevStore *store, const char *name)
{
    g_autoptr(MvNodeDev) dev = mv_nodedev_store_lookup(store, name);

    if (!dev)
        return NULL;
    return mv_nodedev_def_format(dev->def);
}

char *
mv_nodedev_store_get_parent(MvNodeDevStore *store, const char *name)
{
    g_autoptr(MvNodeDev) dev = mv_nodedev_store_lookup(store, name);

    if (!dev)
        return NULL;
    if (!dev->def->parent) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "no parent for node device '%s'", name);
        return NULL;
    }
    return g_strdup(dev->def->parent);
}

char **
mv_nodedev_store_list_caps(MvNodeDevStore *store, const char *name)
{
    g_autoptr(MvNodeDev) dev = mv_nodedev_store_lookup(store, name);
    g_autoptr(GPtrArray) caps = g_ptr_array_new();

    if (!dev)
        return NULL;
    for (size_t i = 0; i < dev->def->ncaps; i++) {
        const MvNodeDevCap *cap = &dev->def->caps[i];

        g_ptr_array_add(caps, g_strdup(mv_nodedev_cap_type_to_string(cap->type)));
        if (cap->type == MV_NODEDEV_CAP_SCSI_HOST && cap->u.scsi_host.fc_host)
            g_ptr_array_add(caps, g_strdup("fc_host"));
        if (cap->type == MV_NODEDEV_CAP_SCSI_HOST && cap->u.scsi_host.vport_ops)
            g_ptr_array_add(caps, g_strdup("vports"));
        if (cap->type == MV_NODEDEV_CAP_PCI && cap->u.pci.mdev_types.ntypes > 0)
            g_ptr_array_add(caps, g_strdup("mdev_types"));
    }
    g_ptr_array_add(caps, NULL);
    return (char **) g_ptr_array_free(g_steal_pointer(&caps), FALSE);
}
