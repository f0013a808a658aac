/* Block storage from sysfs (/sys/class/block, whole disks only): model, vendor, serial, size, removable media. */
#define MV_LOG_MODULE "nodedev.sysfs"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_sysfs_block.h"

#include <string.h>

#include "util/error.h"
#include "util/log.h"

static const char *
prop(GHashTable *db, const char *key)
{
    return db ? g_hash_table_lookup(db, key) : NULL;
}

/* The drive kind: udevd's ID_TYPE and ID_* flags when it keeps a
 * database; otherwise the SCSI peripheral type, then libvirt's guesses
 * from the device name (virtio, DASD, NVMe). */
static char *
drive_type_guess(GHashTable *db, const char *dir, const char *devnode)
{
    const char *type = prop(db, "ID_TYPE");
    unsigned int scsi_type;
    g_autofree char *device_dir = g_build_filename(dir, "device", NULL);

    if (type && !g_str_equal(type, "generic"))
        return g_strdup(type);
    if (prop(db, "ID_DRIVE_FLOPPY"))
        return g_strdup("floppy");
    if (prop(db, "ID_CDROM"))
        return g_strdup("cd");
    if (prop(db, "ID_DRIVE_FLASH_SD"))
        return g_strdup("sd");
    if (!db && mv_nodedev_sysfs_attr_uint(device_dir, "type", 0, &scsi_type) == 0) {
        if (scsi_type == 0)
            return g_strdup("disk");
        if (scsi_type == 5)
            return g_strdup("cd");
    }
    if (g_str_has_prefix(devnode, "/dev/vd") || g_str_has_prefix(devnode, "/dev/nvme"))
        return g_strdup("disk");
    if (g_str_has_prefix(devnode, "/dev/dasd"))
        return g_strdup("dasd");
    return NULL;
}

static void
size_read(const char *dir, MvNodeDevStorage *storage)
{
    g_autofree char *queue = g_build_filename(dir, "queue", NULL);

    if (mv_nodedev_sysfs_attr_u64(dir, "size", &storage->num_blocks) < 0)
        storage->num_blocks = 0;
    if (mv_nodedev_sysfs_attr_u64(queue, "logical_block_size", &storage->logical_block_size) < 0)
        storage->logical_block_size = 0;
}

static void
removable_read(const char *dir, GHashTable *db, bool has_media, MvNodeDevStorage *storage)
{
    unsigned int removable = 0;

    storage->removable = mv_nodedev_sysfs_attr_uint(dir, "removable", 0, &removable) == 0 &&
                         removable == 1;
    if (!has_media)
        return;
    storage->media_available = true;
    storage->media_label = g_strdup(prop(db, "ID_FS_LABEL"));
    size_read(dir, storage);
    storage->media_size = storage->num_blocks * storage->logical_block_size;
}

static char *
trimmed_attr(const char *dir, const char *attr)
{
    char *text = mv_nodedev_sysfs_attr(dir, attr);

    return text ? g_strstrip(text) : NULL;
}

static MvNodeDevDef *
block_device_read(MvNodeDevSysfs *fs, const char *dir, const char *sysname, GHashTable *uevent)
{
    g_autoptr(MvNodeDevDef) def = mv_nodedev_sysfs_def_new(fs, dir, uevent);
    MvNodeDevStorage *storage = &mv_nodedev_def_add_cap(def, MV_NODEDEV_CAP_STORAGE)->u.storage;
    g_autofree char *dev = mv_nodedev_sysfs_attr(dir, "dev");
    g_autofree char *db_id = dev ? g_strconcat("b", dev, NULL) : NULL;
    g_autoptr(GHashTable) db = db_id ? mv_nodedev_udev_db_props(fs, db_id, &def->devlinks) : NULL;
    g_autofree char *device_dir = g_build_filename(dir, "device", NULL);
    const char *type;

    if (!def->devnode) {
        MV_DEBUG("skipping block device '%s': no device node", dir);
        return NULL;
    }
    storage->block = g_strdup(def->devnode);
    storage->bus = g_strdup(prop(db, "ID_BUS"));
    storage->serial = g_strdup(prop(db, "ID_SERIAL"));
    if (!db && !storage->serial)
        storage->serial = mv_nodedev_sysfs_attr(dir, "serial");
    if (!db && !storage->serial)
        storage->serial = mv_nodedev_sysfs_attr(device_dir, "serial");
    if (storage->serial && !*storage->serial)
        g_clear_pointer(&storage->serial, g_free);
    storage->vendor = trimmed_attr(device_dir, "vendor");
    storage->model = trimmed_attr(device_dir, "model");
    storage->drive_type = drive_type_guess(db, dir, def->devnode);
    type = storage->drive_type;
    if (!type) {
        MV_DEBUG("skipping block device '%s': unknown drive type", dir);
        return NULL;
    }

    if (g_str_equal(type, "cd") || g_str_equal(type, "cd/dvd")) {
        const char *media = prop(db, "ID_CDROM_MEDIA");

        /* libvirt names optical drives "cdrom", as HAL did. */
        g_free(storage->drive_type);
        storage->drive_type = g_strdup("cdrom");
        removable_read(dir, db, media && g_str_equal(media, "1"), storage);
    } else if (g_str_equal(type, "floppy")) {
        removable_read(dir, db, prop(db, "ID_FS_LABEL") != NULL, storage);
    } else if (g_str_equal(type, "disk") || g_str_equal(type, "sd") || g_str_equal(type, "dasd")) {
        if (g_str_equal(type, "dasd")) {
            g_free(storage->serial);
            storage->serial = mv_nodedev_sysfs_attr(device_dir, "uid");
        }
        size_read(dir, storage);
        storage->size = storage->num_blocks * storage->logical_block_size;
    } else {
        MV_DEBUG("skipping block device '%s': drive type '%s' not handled", dir, type);
        return NULL;
    }
    def->name = mv_nodedev_generate_name("block", sysname, storage->serial);
    return g_steal_pointer(&def);
}

void
mv_nodedev_sysfs_block_scan(MvNodeDevSysfs *fs, GPtrArray *defs)
{
    g_autofree char *class_dir = mv_nodedev_sysfs_path(fs, "/sys/class/block");
    g_autoptr(GPtrArray) entries = mv_nodedev_sysfs_list(class_dir);

    for (unsigned int i = 0; i < entries->len; i++) {
        const char *sysname = entries->pdata[i];
        g_autofree char *link = g_build_filename(class_dir, sysname, NULL);
        g_autofree char *dir = mv_nodedev_sysfs_resolve(link);
        g_autoptr(GHashTable) uevent = NULL;
        MvNodeDevDef *def;

        if (!dir)
            continue;
        uevent = mv_nodedev_sysfs_uevent(dir);
        if (g_strcmp0(g_hash_table_lookup(uevent, "DEVTYPE"), "disk") != 0)
            continue;
        if ((def = block_device_read(fs, dir, sysname, uevent)))
            g_ptr_array_add(defs, def);
    }
}
