/* Disks on the QEMU command line: -blockdev storage and format nodes, and the -device of their bus. */
#define MV_LOG_MODULE "qemu.command"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_command_disk.h"

#include "conf/domain_controller.h"
#include "conf/domain_disk.h"
#include "conf/domain_os.h"
#include "qemu_command_props.h"
#include "qemu_postparse.h"
#include "util/error.h"

/* The values of lib/conf/domain_disk.c's private attribute tables that
 * the command line reads (keep in step with them). */
enum {
    DISK_CACHE_DEFAULT = 0,
    DISK_CACHE_NONE,
    DISK_CACHE_WRITETHROUGH,
    DISK_CACHE_WRITEBACK,
    DISK_CACHE_DIRECTSYNC,
    DISK_CACHE_UNSAFE,
};
enum {
    DISK_IO_DEFAULT = 0,
};
/* QEMU's aio= for each <driver io=> (the same names). */
static const char *const disk_io_names[] = { NULL, "native", "threads", "io_uring" };
enum {
    DISK_DISCARD_UNMAP = 1,
    DISK_DISCARD_IGNORE = 2,
};
enum {
    DISK_DETECT_ZEROES_OFF = 1,
    DISK_DETECT_ZEROES_ON = 2,
    DISK_DETECT_ZEROES_UNMAP = 3,
};
enum {
    DISK_MODEL_DEFAULT = 0,
    DISK_MODEL_VIRTIO = 1,
};

static int
disk_unsupported(const MvDomainDisk *disk, const char *what, const char *value)
{
    mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "disk '%s': %s '%s' is not supported by this QEMU driver",
                    disk->dst, what, value);
    return -1;
}

/* QEMU's cache.direct / cache.no-flush of both nodes, and the frontend's
 * write-cache, for each cache mode. */
static void
cache_props(int cache, bool *ret_direct, bool *ret_no_flush, bool *ret_write_cache)
{
    *ret_direct = cache == DISK_CACHE_NONE || cache == DISK_CACHE_DIRECTSYNC;
    *ret_no_flush = cache == DISK_CACHE_UNSAFE;
    *ret_write_cache = cache != DISK_CACHE_WRITETHROUGH && cache != DISK_CACHE_DIRECTSYNC;
}

static void
add_cache(MvQemuProps *props, const MvDomainDisk *disk)
{
    bool direct, no_flush, write_cache;

    if (disk->driver.cache == DISK_CACHE_DEFAULT)
        return;
    cache_props(disk->driver.cache, &direct, &no_flush, &write_cache);
    mv_qemu_props_add_onoff(props, "cache.direct", direct);
    mv_qemu_props_add_onoff(props, "cache.no-flush", no_flush);
}

static int
build_blockdevs(MvCommand *cmd, const MvDomainDisk *disk, unsigned int node)
{
    const MvStorageSource *src = disk->src;
    g_autoptr(MvQemuProps) storage = NULL;
    g_autoptr(MvQemuProps) format = NULL;
    g_autofree char *storage_name = g_strdup_printf("libvirt-%u-storage", node);
    g_autofree char *format_name = g_strdup_printf("libvirt-%u-format", node);
    const char *driver;
    const char *format_driver;

    switch (src->type) {
    case MV_STORAGE_TYPE_FILE:
        driver = "file";
        break;
    case MV_STORAGE_TYPE_BLOCK:
        driver = disk->device == MV_DISK_DEVICE_CDROM ? "host_cdrom" : "host_device";
        break;
    default:
        return disk_unsupported(disk, "source type", mv_storage_type_to_string(src->type));
    }
    switch (src->format) {
    case MV_STORAGE_FORMAT_NONE:
    case MV_STORAGE_FORMAT_RAW:
        format_driver = "raw";
        break;
    case MV_STORAGE_FORMAT_QCOW2:
        format_driver = "qcow2";
        break;
    default:
        return disk_unsupported(disk, "format", mv_storage_format_to_string(src->format));
    }
    if (src->backing && src->backing->type != MV_STORAGE_TYPE_NONE)
        return disk_unsupported(disk, "backing store", mv_storage_source_display(src->backing));
    if (src->encryption || src->has_slice)
        return disk_unsupported(disk, "source option", src->encryption ? "encryption" : "slice");

    storage = mv_qemu_props_new(NULL);
    mv_qemu_props_add_str(storage, "driver", driver);
    mv_qemu_props_add_str(storage, "filename", src->path);
    if (disk->driver.io != DISK_IO_DEFAULT)
        mv_qemu_props_add_str(storage, "aio", disk_io_names[disk->driver.io]);
    mv_qemu_props_add_str(storage, "node-name", storage_name);
    add_cache(storage, disk);
    mv_qemu_props_add_onoff(storage, "auto-read-only", true);
    mv_qemu_props_add_str(storage, "discard", "unmap");
    mv_qemu_props_add_to_command(cmd, "-blockdev", g_steal_pointer(&storage));

    format = mv_qemu_props_new(NULL);
    mv_qemu_props_add_str(format, "node-name", format_name);
    mv_qemu_props_add_onoff(format, "read-only", src->readonly);
    if (disk->driver.discard == DISK_DISCARD_UNMAP)
        mv_qemu_props_add_str(format, "discard", "unmap");
    else if (disk->driver.discard == DISK_DISCARD_IGNORE)
        mv_qemu_props_add_str(format, "discard", "ignore");
    add_cache(format, disk);
    if (disk->driver.detect_zeroes == DISK_DETECT_ZEROES_ON)
        mv_qemu_props_add_str(format, "detect-zeroes", "on");
    else if (disk->driver.detect_zeroes == DISK_DETECT_ZEROES_UNMAP)
        mv_qemu_props_add_str(format, "detect-zeroes",
                              disk->driver.discard == DISK_DISCARD_UNMAP ? "unmap" : "on");
    mv_qemu_props_add_str(format, "driver", format_driver);
    mv_qemu_props_add_str(format, "file", storage_name);
    mv_qemu_props_add_to_command(cmd, "-blockdev", g_steal_pointer(&format));
    return 0;
}

static const MvDomainController *
find_controller(const MvDomainDef *def, MvControllerType type, unsigned int index)
{
    for (guint i = 0; i < def->controllers->len; i++) {
        const MvDomainController *ctrl = g_ptr_array_index(def->controllers, i);

        if (ctrl->type == type && ctrl->index == (int) index)
            return ctrl;
    }
    return NULL;
}

/* The frontend's driver and its bus properties. */
static int
frontend_bus(const MvDomainDef *def, const MvDomainDisk *disk, MvQemuProps **ret_props)
{
    const typeof(disk->info.address.u.drive) *drive = &disk->info.address.u.drive;
    bool cdrom = disk->device == MV_DISK_DEVICE_CDROM;
    const MvDomainController *ctrl;
    g_autoptr(MvQemuProps) props = NULL;
    g_autofree char *bus = NULL;

    if (disk->device == MV_DISK_DEVICE_FLOPPY || disk->device == MV_DISK_DEVICE_LUN)
        return disk_unsupported(disk, "device", mv_disk_device_to_string(disk->device));

    switch (disk->bus) {
    case MV_DISK_BUS_VIRTIO:
        if (cdrom)
            return disk_unsupported(disk, "device on bus 'virtio'", "cdrom");
        if (disk->model != DISK_MODEL_DEFAULT && disk->model != DISK_MODEL_VIRTIO)
            return disk_unsupported(disk, "model", "virtio-transitional");
        props = mv_qemu_props_new("virtio-blk-pci");
        mv_qemu_props_add_pci_address(props, &disk->info, mv_qemu_machine_is_q35(def->os->machine));
        break;
    case MV_DISK_BUS_IDE:
    case MV_DISK_BUS_SATA:
        if (disk->info.address.type != MV_DOMAIN_ADDRESS_DRIVE)
            return disk_unsupported(disk, "address type", mv_domain_address_type_to_string(disk->info.address.type));
        if (disk->bus == MV_DISK_BUS_IDE && disk->src->readonly && !cdrom) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "readonly ide disks are not supported");
            return -1;
        }
        ctrl = find_controller(def, disk->bus == MV_DISK_BUS_IDE ? MV_CONTROLLER_IDE : MV_CONTROLLER_SATA,
                               drive->controller);
        if (!ctrl || !ctrl->info.alias) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "disk '%s': no controller %u for its bus",
                            disk->dst, drive->controller);
            return -1;
        }
        props = mv_qemu_props_new(cdrom ? "ide-cd" : "ide-hd");
        if (disk->bus == MV_DISK_BUS_IDE) {
            bus = g_strdup_printf("%s.%u", ctrl->info.alias, drive->bus);
            mv_qemu_props_add_str(props, "bus", bus);
            mv_qemu_props_add_uint(props, "unit", drive->unit);
        } else {
            bus = g_strdup_printf("%s.%u", ctrl->info.alias, drive->unit);
            mv_qemu_props_add_str(props, "bus", bus);
        }
        break;
    case MV_DISK_BUS_SCSI:
        ctrl = find_controller(def, MV_CONTROLLER_SCSI, drive->controller);
        if (!ctrl || !ctrl->info.alias) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "disk '%s': no controller %u for its bus",
                            disk->dst, drive->controller);
            return -1;
        }
        props = mv_qemu_props_new(cdrom ? "scsi-cd" : "scsi-hd");
        bus = g_strdup_printf("%s.0", ctrl->info.alias);
        mv_qemu_props_add_str(props, "bus", bus);
        if (ctrl->model == MV_QEMU_SCSI_MODEL_VIRTIO_SCSI) {
            mv_qemu_props_add_uint(props, "channel", drive->bus);
            mv_qemu_props_add_uint(props, "scsi-id", drive->target);
            mv_qemu_props_add_uint(props, "lun", drive->unit);
        } else {
            mv_qemu_props_add_uint(props, "scsi-id", drive->unit);
        }
        break;
    default:
        return disk_unsupported(disk, "bus", mv_disk_bus_to_string(disk->bus));
    }
    *ret_props = g_steal_pointer(&props);
    return 0;
}

int
mv_qemu_command_add_disks(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps)
{
    for (guint i = 0; i < def->disks->len; i++) {
        const MvDomainDisk *disk = g_ptr_array_index(def->disks, i);
        g_autoptr(MvQemuProps) props = NULL;
        g_autofree char *what = g_strdup_printf("disk '%s'", disk->dst);
        g_autofree char *format_name = NULL;
        unsigned int node = def->disks->len - i;
        unsigned int bootindex = mv_qemu_boot_index_disk(def, i);
        bool empty = mv_storage_source_is_empty(disk->src);
        const char *id;

        if (frontend_bus(def, disk, &props) < 0)
            return -1;
        if (!(id = mv_qemu_device_id(&disk->info, what)))
            return -1;
        if (!empty) {
            if (build_blockdevs(cmd, disk, node) < 0)
                return -1;
            format_name = g_strdup_printf("libvirt-%u-format", node);
        }
        if (mv_qemu_require_device(caps, disk->bus == MV_DISK_BUS_VIRTIO ? "virtio-blk-pci" :
                                   disk->bus == MV_DISK_BUS_SCSI ? "scsi-hd" : "ide-hd", what) < 0)
            return -1;
        if (disk->bus == MV_DISK_BUS_SCSI) {
            g_autofree char *device_id = g_strdup_printf("drive-%s", id);

            mv_qemu_props_add_str(props, "device_id", device_id);
        }
        mv_qemu_props_add_str(props, "drive", format_name);
        mv_qemu_props_add_str(props, "id", id);
        if (bootindex)
            mv_qemu_props_add_uint(props, "bootindex", bootindex);
        if (disk->serial)
            mv_qemu_props_add_str(props, "serial", disk->serial);
        if (disk->driver.cache != DISK_CACHE_DEFAULT) {
            bool direct, no_flush, write_cache;

            cache_props(disk->driver.cache, &direct, &no_flush, &write_cache);
            mv_qemu_props_add_onoff(props, "write-cache", write_cache);
        }
        mv_qemu_props_add_to_command(cmd, "-device", g_steal_pointer(&props));
    }
    return 0;
}
