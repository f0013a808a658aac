/* Domain <disk> devices: the parse-time defaults that need the whole definition, and validation. */
#define MV_LOG_MODULE "conf.domain_disk"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_disk.h"

#include <string.h>

#include "domain_hostdev.h"
#include "util/error.h"

/* Values of the int attributes of MvDomainDisk, as domain_disk.c names them. */
#define DISK_SGIO_UNFILTERED 2
#define DISK_MODEL_VIRTIO_FIRST 1
#define ENC_FORMAT_DEFAULT 0
#define ENC_FORMAT_LUKS 2
#define TRAY_CLOSED 0

/* libvirt's XML layer gives a SCSI bus 7 units (a narrow bus). */
#define SCSI_NARROW_BUS_UNITS 7

#define DISK_VENDOR_MAX 8
#define DISK_PRODUCT_MAX 16

static const char *const disk_prefixes[] = { "fd", "hd", "vd", "sd", "xvd", "ubd" };

/* "sda" -> 0, "hdz" -> 25, "vdaa" -> 26; trailing digits (a partition)
 * are allowed; -1 for a name of another form. */
static int
disk_name_to_index(const char *name)
{
    const char *ptr = NULL;
    int idx = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(disk_prefixes); i++) {
        if (g_str_has_prefix(name, disk_prefixes[i])) {
            ptr = name + strlen(disk_prefixes[i]);
            break;
        }
    }
    if (!ptr || !g_ascii_islower(*ptr))
        return -1;
    for (size_t i = 0; g_ascii_islower(*ptr); i++, ptr++) {
        if (idx > G_MAXINT / 27)
            return -1;
        idx = (idx + (i < 1 ? 0 : 1)) * 26 + (*ptr - 'a');
    }
    if (ptr[strspn(ptr, "0123456789")] != '\0')
        return -1;
    return idx;
}

static bool
scsi_hostdev_uses(const MvDomainDef *def, const MvDomainAddress *addr)
{
    for (guint i = 0; i < def->hostdevs->len; i++) {
        const MvDomainHostdev *hostdev = g_ptr_array_index(def->hostdevs, i);
        const MvDomainAddress *other = &hostdev->info.address;

        if (hostdev->mode == MV_HOSTDEV_MODE_SUBSYS &&
            hostdev->subsys.type == MV_HOSTDEV_SUBSYS_SCSI &&
            other->type == MV_DOMAIN_ADDRESS_DRIVE &&
            other->u.drive.controller == addr->u.drive.controller &&
            other->u.drive.bus == addr->u.drive.bus &&
            other->u.drive.target == addr->u.drive.target &&
            other->u.drive.unit == addr->u.drive.unit)
            return true;
    }
    return false;
}

/* The drive address libvirt derives from the target name. */
static int
disk_assign_address(MvDomainDisk *disk, const MvDomainDef *def)
{
    MvDomainAddress *addr = &disk->info.address;
    int idx = disk_name_to_index(disk->dst);
    unsigned int ctrl = 0, bus = 0, unit = 0;

    if (idx < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "Unknown disk name '%s' and no address specified",
                        disk->dst);
        return -1;
    }
    switch (disk->bus) {
    case MV_DISK_BUS_SCSI:
        ctrl = idx / SCSI_NARROW_BUS_UNITS;
        unit = idx % SCSI_NARROW_BUS_UNITS;
        break;
    case MV_DISK_BUS_IDE:
        ctrl = idx / 4;
        bus = (idx % 4) / 2;
        unit = idx % 2;
        break;
    case MV_DISK_BUS_SATA:
        ctrl = idx / 6;
        unit = idx % 6;
        break;
    case MV_DISK_BUS_FDC:
        ctrl = idx / 2;
        unit = idx % 2;
        break;
    default:
        return 0;
    }
    addr->type = MV_DOMAIN_ADDRESS_DRIVE;
    addr->u.drive.controller = ctrl;
    addr->u.drive.bus = bus;
    addr->u.drive.target = 0;
    addr->u.drive.unit = unit;
    if (disk->bus == MV_DISK_BUS_SCSI && scsi_hostdev_uses(def, addr)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "using disk target name '%s' conflicts with SCSI host device address controller='%u' bus='%u' target='%u' unit='%u",
                        disk->dst, ctrl, 0, 0, unit);
        return -1;
    }
    return 0;
}

static bool
iotune_has_any(const MvDiskIotune *iotune)
{
    for (size_t i = 0; i < MV_IOTUNE_LAST; i++) {
        if (iotune->value[i])
            return true;
    }
    return false;
}

/* A disk naming only a group takes the group's limits from a disk that
 * spells them out. */
static void
disk_expand_iotune_group(MvDomainDisk *disk, const MvDomainDef *def)
{
    if (!disk->iotune.group_name || iotune_has_any(&disk->iotune))
        return;
    for (guint i = 0; i < def->disks->len; i++) {
        const MvDomainDisk *other = g_ptr_array_index(def->disks, i);

        if (g_strcmp0(other->iotune.group_name, disk->iotune.group_name) != 0 ||
            !iotune_has_any(&other->iotune))
            continue;
        memcpy(disk->iotune.value, other->iotune.value, sizeof(disk->iotune.value));
        return;
    }
}

static MvDiskBus
bus_from_target(const MvDomainDisk *disk)
{
    if (disk->device == MV_DISK_DEVICE_FLOPPY)
        return MV_DISK_BUS_FDC;
    if (!disk->dst)
        return MV_DISK_BUS_IDE;
    if (g_str_has_prefix(disk->dst, "sd"))
        return MV_DISK_BUS_SCSI;
    if (g_str_has_prefix(disk->dst, "vd"))
        return MV_DISK_BUS_VIRTIO;
    if (g_str_has_prefix(disk->dst, "xvd"))
        return MV_DISK_BUS_XEN;
    if (g_str_has_prefix(disk->dst, "ubd"))
        return MV_DISK_BUS_UML;
    return MV_DISK_BUS_IDE;
}

static int
disk_post_parse(MvDomainDisk *disk, const MvDomainDef *def)
{
    MvStorageSource *src = disk->src;

    if (disk->dst && g_str_has_prefix(disk->dst, "ioemu:")) {
        char *dst = g_strdup(disk->dst + strlen("ioemu:"));

        g_free(disk->dst);
        disk->dst = dst;
    }
    if (disk->device == MV_DISK_DEVICE_CDROM)
        src->readonly = true;
    if (disk->bus == MV_DISK_BUS_NONE)
        disk->bus = bus_from_target(disk);
    if (disk->snapshot == MV_DISK_SNAPSHOT_DEFAULT && src->readonly)
        disk->snapshot = MV_DISK_SNAPSHOT_NO;
    /* An iSCSI target without a LUN means LUN 0. */
    if (src->type == MV_STORAGE_TYPE_NETWORK && src->protocol == MV_STORAGE_PROTOCOL_ISCSI &&
        src->path && !strchr(src->path, '/')) {
        char *path = g_strdup_printf("%s/0", src->path);

        g_free(src->path);
        src->path = path;
    }
    if (src->type == MV_STORAGE_TYPE_NVME && src->nvme_managed == MV_TRISTATE_ABSENT)
        src->nvme_managed = MV_TRISTATE_YES;
    if (src->type == MV_STORAGE_TYPE_VHOST_USER && disk->snapshot == MV_DISK_SNAPSHOT_DEFAULT)
        disk->snapshot = MV_DISK_SNAPSHOT_NO;
    if (disk->info.address.type == MV_DOMAIN_ADDRESS_NONE && disk->dst &&
        disk_assign_address(disk, def) < 0)
        return -1;
    disk_expand_iotune_group(disk, def);
    return 0;
}

int
mv_domain_disks_post_parse(MvDomainDef *def)
{
    for (guint i = 0; i < def->disks->len; i++) {
        if (disk_post_parse(g_ptr_array_index(def->disks, i), def) < 0)
            return -1;
    }
    return 0;
}

/* Validation ---------------------------------------------------------- */

static int
source_chain_validate(const MvStorageSource *src)
{
    for (const MvStorageSource *cur = src; cur; cur = cur->backing) {
        const char *type;

        if (cur->type == MV_STORAGE_TYPE_NETWORK && cur->auth) {
            switch (cur->protocol) {
            case MV_STORAGE_PROTOCOL_NBD:
            case MV_STORAGE_PROTOCOL_SHEEPDOG:
            case MV_STORAGE_PROTOCOL_GLUSTER:
            case MV_STORAGE_PROTOCOL_TFTP:
            case MV_STORAGE_PROTOCOL_VXHS:
            case MV_STORAGE_PROTOCOL_NFS:
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                                "authentication is not supported for protocol '%s'",
                                mv_storage_protocol_to_string(cur->protocol));
                return -1;
            default:
                break;
            }
            type = cur->auth->secret.type;
            if (!type || (strcmp(type, "none") != 0 && strcmp(type, "volume") != 0 &&
                          strcmp(type, "ceph") != 0 && strcmp(type, "iscsi") != 0 &&
                          strcmp(type, "tls") != 0 && strcmp(type, "vtpm") != 0)) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown secret type '%s'",
                                type ? type : "<null>");
                return -1;
            }
            if ((cur->protocol == MV_STORAGE_PROTOCOL_ISCSI && strcmp(type, "iscsi") != 0) ||
                (cur->protocol == MV_STORAGE_PROTOCOL_RBD && strcmp(type, "ceph") != 0)) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "invalid secret type '%s'", type);
                return -1;
            }
        }
        if (cur->encryption && cur->encryption->format == ENC_FORMAT_LUKS &&
            cur->encryption->cipher_name) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                            "supplying <cipher> for domain disk definition is unnecessary");
            return -1;
        }
    }
    return 0;
}

static int
lun_validate(const MvStorageSource *src)
{
    if (src->type == MV_STORAGE_TYPE_NETWORK) {
        if (src->protocol != MV_STORAGE_PROTOCOL_ISCSI) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "disk device='lun' is not supported for protocol='%s'",
                            mv_storage_protocol_to_string(src->protocol));
            return -1;
        }
    } else if (src->type != MV_STORAGE_TYPE_BLOCK && src->type != MV_STORAGE_TYPE_VOLUME) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "disk device='lun' is only valid for block type disk source");
        return -1;
    }
    if (src->format != MV_STORAGE_FORMAT_RAW && src->format != MV_STORAGE_FORMAT_NONE) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "disk device 'lun' must use 'raw' format");
        return -1;
    }
    if (src->has_slice) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "disk device 'lun' doesn't support storage slice");
        return -1;
    }
    if (src->encryption && src->encryption->format != ENC_FORMAT_DEFAULT) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "disk device 'lun' doesn't support encryption");
        return -1;
    }
    return 0;
}

static int
iotune_validate(const MvDiskIotune *t)
{
    static const struct {
        MvIotuneField total, read, write;
        const char *what;
    } pairs[] = {
        { MV_IOTUNE_TOTAL_BYTES_SEC, MV_IOTUNE_READ_BYTES_SEC, MV_IOTUNE_WRITE_BYTES_SEC, "bytes_sec" },
        { MV_IOTUNE_TOTAL_IOPS_SEC, MV_IOTUNE_READ_IOPS_SEC, MV_IOTUNE_WRITE_IOPS_SEC, "iops_sec" },
        { MV_IOTUNE_TOTAL_BYTES_SEC_MAX, MV_IOTUNE_READ_BYTES_SEC_MAX,
          MV_IOTUNE_WRITE_BYTES_SEC_MAX, "bytes_sec_max" },
        { MV_IOTUNE_TOTAL_IOPS_SEC_MAX, MV_IOTUNE_READ_IOPS_SEC_MAX,
          MV_IOTUNE_WRITE_IOPS_SEC_MAX, "iops_sec_max" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
        if (t->value[pairs[i].total] && (t->value[pairs[i].read] || t->value[pairs[i].write])) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "total and read/write %s cannot be set at the same time",
                            pairs[i].what);
            return -1;
        }
    }
    return 0;
}

/* The first thing a vhost-user disk cannot have, or NULL. */
static const char *
vhostuser_refusal(const MvDomainDisk *disk)
{
    const MvDiskDriver *drv = &disk->driver;

    if (disk->bus != MV_DISK_BUS_VIRTIO)
        return "vhostuser disk supports only virtio bus";
    if (disk->snapshot != MV_DISK_SNAPSHOT_NO)
        return "only snapshot=no is supported with vhostuser disk";
    if (drv->cache)
        return "cache is not supported with vhostuser disk";
    if (drv->error_policy || drv->rerror_policy)
        return "error_policy is not supported with vhostuser disk";
    if (drv->io)
        return "io is not supported with vhostuser disk";
    if (drv->ioeventfd != MV_TRISTATE_ABSENT)
        return "ioeventfd is not supported with vhostuser disk";
    if (drv->copy_on_read)
        return "copy_on_read is not supported with vhostuser disk";
    if (drv->discard)
        return "discard is not supported with vhostuser disk";
    if (drv->iothread)
        return "iothread is not supported with vhostuser disk";
    if (drv->detect_zeroes)
        return "detect_zeroes is not supported with vhostuser disk";
    if (disk->src->metadata_cache_max)
        return "metadata_cache is not supported with vhostuser disk";
    if (disk->iotune.group_name || iotune_has_any(&disk->iotune))
        return "iotune is not supported with vhostuser disk";
    if (disk->src->backing)
        return "backingStore is not supported with vhostuser disk";
    if (disk->src->encryption)
        return "encryption is not supported with vhostuser disk";
    if (disk->src->readonly)
        return "readonly is not supported with vhostuser disk";
    if (disk->src->shared)
        return "shareable is not supported with vhostuser disk";
    if (disk->transient)
        return "transient is not supported with vhostuser disk";
    if (disk->serial)
        return "serial is not supported with vhostuser disk";
    if (disk->wwn)
        return "wwn is not supported with vhostuser disk";
    if (disk->vendor)
        return "vendor is not supported with vhostuser disk";
    if (disk->product)
        return "product is not supported with vhostuser disk";
    if (disk->src->auth)
        return "auth is not supported with vhostuser disk";
    if (disk->geometry_cyls || disk->geometry_heads || disk->geometry_secs || disk->geometry_trans)
        return "geometry is not supported with vhostuser disk";
    if (disk->logical_block_size || disk->physical_block_size)
        return "blockio is not supported with vhostuser disk";
    return NULL;
}

static bool
is_printable(const char *str)
{
    for (const char *p = str; *p; p++) {
        if (!g_ascii_isprint(*p))
            return false;
    }
    return true;
}

static int
strings_validate(const MvDomainDisk *disk)
{
    if (disk->vendor) {
        if (!is_printable(disk->vendor)) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "disk vendor is not printable string");
            return -1;
        }
        if (strlen(disk->vendor) > DISK_VENDOR_MAX) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "disk vendor is more than %d characters",
                            DISK_VENDOR_MAX);
            return -1;
        }
    }
    if (disk->product) {
        if (!is_printable(disk->product)) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "disk product is not printable string");
            return -1;
        }
        if (strlen(disk->product) > DISK_PRODUCT_MAX) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "disk product is more than %d characters",
                            DISK_PRODUCT_MAX);
            return -1;
        }
    }
    return 0;
}

static int
wwn_validate(const char *wwn)
{
    const char *p = g_str_has_prefix(wwn, "0x") ? wwn + 2 : wwn;
    size_t n = 0;

    while (g_ascii_isxdigit(p[n]))
        n++;
    if (n != 16 || p[n]) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "Malformed wwn: %s", wwn);
        return -1;
    }
    return 0;
}

static int
startup_policy_validate(const MvDomainDisk *disk)
{
    MvStorageType type = disk->src->type;

    if (disk->startup_policy == MV_DISK_STARTUP_POLICY_DEFAULT)
        return 0;
    if (type != MV_STORAGE_TYPE_VOLUME && type != MV_STORAGE_TYPE_FILE &&
        type != MV_STORAGE_TYPE_BLOCK && type != MV_STORAGE_TYPE_DIR) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "disk startupPolicy '%s' is not allowed for disk of '%s' type",
                        mv_disk_startup_policy_to_string(disk->startup_policy),
                        mv_storage_type_to_string(type));
        return -1;
    }
    if (disk->device != MV_DISK_DEVICE_CDROM && disk->device != MV_DISK_DEVICE_FLOPPY &&
        disk->startup_policy == MV_DISK_STARTUP_POLICY_REQUISITE) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "disk startupPolicy 'requisite' is allowed only for cdrom or floppy");
        return -1;
    }
    return 0;
}

static int
bus_validate(const MvDomainDisk *disk)
{
    const char *bus = mv_disk_bus_to_string(disk->bus);
    MvDomainAddressType addr = disk->info.address.type;

    if (addr != MV_DOMAIN_ADDRESS_NONE && addr != MV_DOMAIN_ADDRESS_DRIVE &&
        (disk->bus == MV_DISK_BUS_IDE || disk->bus == MV_DISK_BUS_FDC ||
         disk->bus == MV_DISK_BUS_SCSI || disk->bus == MV_DISK_BUS_SATA)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "Invalid address type '%s' for the disk '%s' with the bus type '%s'",
                        mv_domain_address_type_to_string(addr), disk->dst, bus);
        return -1;
    }
    if (disk->bus == MV_DISK_BUS_VIRTIO)
        return 0;
    if (disk->model >= DISK_MODEL_VIRTIO_FIRST) {
        static const char *const models[] = {
            "default", "virtio", "virtio-transitional", "virtio-non-transitional"
        };

        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "disk model '%s' not supported for bus '%s'",
                        models[disk->model], bus);
        return -1;
    }
    if (disk->driver.queues) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "queues attribute in disk driver element is only supported by virtio-blk");
        return -1;
    }
    if (disk->driver.event_idx != MV_TRISTATE_ABSENT) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "disk event_idx mode supported only for virtio bus");
        return -1;
    }
    if (disk->driver.ioeventfd != MV_TRISTATE_ABSENT) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "disk ioeventfd mode supported only for virtio bus");
        return -1;
    }
    return mv_domain_virtio_options_check_absent(&disk->driver.virtio);
}

static int
device_validate(const MvDomainDisk *disk)
{
    if (disk->device == MV_DISK_DEVICE_LUN)
        return lun_validate(disk->src);
    if (disk->src->has_reservations) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "<reservations/> allowed only for lun devices");
        return -1;
    }
    if (disk->rawio != MV_TRISTATE_ABSENT) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "rawio can be used only with device='lun'");
        return -1;
    }
    if (disk->sgio) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "sgio can be used only with device='lun'");
        return -1;
    }
    return 0;
}

static int
names_validate(const MvDomainDisk *disk)
{
    const char *dst = disk->dst;

    if (disk->device == MV_DISK_DEVICE_FLOPPY && disk->bus != MV_DISK_BUS_FDC) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "Invalid bus type '%s' for floppy disk",
                        mv_disk_bus_to_string(disk->bus));
        return -1;
    }
    if (disk->device != MV_DISK_DEVICE_FLOPPY && disk->bus == MV_DISK_BUS_FDC) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "Invalid bus type '%s' for disk",
                        mv_disk_bus_to_string(disk->bus));
        return -1;
    }
    if (disk->removable != MV_TRISTATE_ABSENT && disk->bus != MV_DISK_BUS_USB) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "removable is only valid for usb disks");
        return -1;
    }
    if (startup_policy_validate(disk) < 0)
        return -1;
    if (disk->wwn && wwn_validate(disk->wwn) < 0)
        return -1;
    if ((disk->device == MV_DISK_DEVICE_DISK || disk->device == MV_DISK_DEVICE_LUN) &&
        !g_str_has_prefix(dst, "hd") && !g_str_has_prefix(dst, "sd") &&
        !g_str_has_prefix(dst, "vd") && !g_str_has_prefix(dst, "xvd") &&
        !g_str_has_prefix(dst, "ubd")) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "Invalid harddisk device name: %s", dst);
        return -1;
    }
    if (disk->device == MV_DISK_DEVICE_FLOPPY && !g_str_has_prefix(dst, "fd")) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "Invalid floppy device name: %s", dst);
        return -1;
    }
    /* Only removable media may be empty. */
    if (mv_storage_source_is_empty(disk->src) && disk->device == MV_DISK_DEVICE_DISK) {
        mv_report_error(VIR_ERR_NO_SOURCE, "%s", dst);
        return -1;
    }
    return 0;
}

/* The checks across disks, run once after every disk passed its own. */
static int
disks_cross_validate(const MvDomainDef *def)
{
    for (guint i = 0; i < def->disks->len; i++) {
        const MvDomainDisk *a = g_ptr_array_index(def->disks, i);

        for (guint j = i + 1; j < def->disks->len; j++) {
            const MvDomainDisk *b = g_ptr_array_index(def->disks, j);
            const char *sa = mv_storage_source_display(a->src);
            const char *sb = mv_storage_source_display(b->src);

            if (strcmp(a->dst, b->dst) == 0) {
                mv_report_error(VIR_ERR_XML_ERROR,
                                "target '%s' duplicated for disk sources '%s' and '%s'",
                                a->dst, sa ? sa : "<null>", sb ? sb : "<null>");
                return -1;
            }
        }
    }
    for (guint i = 0; i < def->disks->len; i++) {
        const MvDomainDisk *a = g_ptr_array_index(def->disks, i);
        const MvDomainAddress *ai = &a->info.address;

        if (ai->type != MV_DOMAIN_ADDRESS_DRIVE)
            continue;
        for (guint j = i + 1; j < def->disks->len; j++) {
            const MvDomainDisk *b = g_ptr_array_index(def->disks, j);
            const MvDomainAddress *bi = &b->info.address;

            if (a->bus != b->bus || bi->type != MV_DOMAIN_ADDRESS_DRIVE ||
                memcmp(&ai->u.drive, &bi->u.drive, sizeof(ai->u.drive)) != 0)
                continue;
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "Found duplicate drive address for disk with target name '%s' controller='%u' bus='%u' target='%u' unit='%u'",
                            a->dst, ai->u.drive.controller, ai->u.drive.bus,
                            ai->u.drive.target, ai->u.drive.unit);
            return -1;
        }
    }
    return 0;
}

int
mv_domain_disk_validate(const MvDomainDisk *disk, const MvDomainDef *def)
{
    const char *refusal;

    if (!disk->dst) {
        if (disk->src->type == MV_STORAGE_TYPE_VOLUME && (disk->src->pool || disk->src->volume))
            mv_report_error(VIR_ERR_NO_TARGET, "pool = '%s', volume = '%s'",
                            disk->src->pool, disk->src->volume);
        else if (disk->src->path)
            mv_report_error(VIR_ERR_NO_TARGET, "%s", disk->src->path);
        else
            mv_report_error(VIR_ERR_NO_TARGET, "%s", "");
        return -1;
    }
    if (source_chain_validate(disk->src) < 0)
        return -1;
    if (disk->sgio == DISK_SGIO_UNFILTERED) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "unfiltered sgio is no longer supported");
        return -1;
    }
    if (device_validate(disk) < 0 || iotune_validate(&disk->iotune) < 0 || bus_validate(disk) < 0)
        return -1;
    if (disk->src->type == MV_STORAGE_TYPE_NVME && disk->src->nvme_namespace == 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "NVMe namespace can't be zero");
        return -1;
    }
    if (disk->src->type == MV_STORAGE_TYPE_VHOST_USER && (refusal = vhostuser_refusal(disk))) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", refusal);
        return -1;
    }
    if (disk->tray != TRAY_CLOSED && disk->device != MV_DISK_DEVICE_FLOPPY &&
        disk->device != MV_DISK_DEVICE_CDROM) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "tray is only valid for cdrom and floppy");
        return -1;
    }
    if (strings_validate(disk) < 0 || names_validate(disk) < 0)
        return -1;

    if (def->disks->len && disk == g_ptr_array_index(def->disks, def->disks->len - 1))
        return disks_cross_validate(def);
    return 0;
}
