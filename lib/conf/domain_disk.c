/* Domain <disk> devices: the disk element, its driver, target, iotune and geometry, parse and format. */
#define MV_LOG_MODULE "conf.domain_disk"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_disk.h"

#include <string.h>

#include "util/error.h"
#include "util/units.h"

MV_ENUM_IMPL(mv_disk_device, MV_DISK_DEVICE_LAST, "disk", "cdrom", "floppy", "lun")
MV_ENUM_IMPL(mv_disk_bus, MV_DISK_BUS_LAST,
             "none", "ide", "fdc", "scsi", "virtio", "xen", "usb", "uml", "sata", "sd")
MV_ENUM_IMPL(mv_disk_startup_policy, MV_DISK_STARTUP_POLICY_LAST,
             "default", "mandatory", "requisite", "optional")
MV_ENUM_IMPL(mv_disk_snapshot, MV_DISK_SNAPSHOT_LAST,
             "default", "no", "internal", "external", "manual")

/* The attribute enums only this file reads, by their libvirt names. */
MV_ENUM_DECL(disk_model);
MV_ENUM_IMPL(disk_model, 4,
             "default", "virtio", "virtio-transitional", "virtio-non-transitional")
MV_ENUM_DECL(disk_sgio);
MV_ENUM_IMPL(disk_sgio, 3, "default", "filtered", "unfiltered")
MV_ENUM_DECL(disk_cache);
MV_ENUM_IMPL(disk_cache, 6, "default", "none", "writethrough", "writeback", "directsync", "unsafe")
MV_ENUM_DECL(disk_error_policy);
MV_ENUM_IMPL(disk_error_policy, 5, "default", "stop", "report", "ignore", "enospace")
MV_ENUM_DECL(disk_io);
MV_ENUM_IMPL(disk_io, 4, "default", "native", "threads", "io_uring")
MV_ENUM_DECL(disk_discard);
MV_ENUM_IMPL(disk_discard, 3, "default", "unmap", "ignore")
MV_ENUM_DECL(disk_detect_zeroes);
MV_ENUM_IMPL(disk_detect_zeroes, 4, "default", "off", "on", "unmap")
MV_ENUM_DECL(disk_tray);
MV_ENUM_IMPL(disk_tray, 2, "closed", "open")
MV_ENUM_DECL(disk_trans);
MV_ENUM_IMPL(disk_trans, 4, "default", "none", "auto", "lba")
MV_ENUM_DECL(mirror_ready);
MV_ENUM_IMPL(mirror_ready, 4, "none", "yes", "abort", "pivot")

/* <mirror job=>: the block jobs that have a destination. */
#define MIRROR_JOB_COPY 2
#define MIRROR_JOB_ACTIVE_COMMIT 4

/* The enospace read error policy exists only for writes. */
#define ERROR_POLICY_ENOSPACE 4

static const char *const iotune_names[MV_IOTUNE_LAST] = {
    "total_bytes_sec", "read_bytes_sec", "write_bytes_sec",
    "total_iops_sec", "read_iops_sec", "write_iops_sec",
    "total_bytes_sec_max", "read_bytes_sec_max", "write_bytes_sec_max",
    "total_iops_sec_max", "read_iops_sec_max", "write_iops_sec_max",
    "size_iops_sec",
    "total_bytes_sec_max_length", "read_bytes_sec_max_length", "write_bytes_sec_max_length",
    "total_iops_sec_max_length", "read_iops_sec_max_length", "write_iops_sec_max_length",
};

static void
mirror_free(MvDiskMirror *mirror)
{
    if (!mirror)
        return;
    mv_storage_source_free(mirror->src);
    g_free(mirror);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDiskMirror, mirror_free)

void
mv_domain_disk_free(MvDomainDisk *disk)
{
    if (!disk)
        return;
    mv_storage_source_free(disk->src);
    g_free(disk->driver.name);
    mirror_free(disk->mirror);
    g_free(disk->dst);
    g_free(disk->iotune.group_name);
    g_free(disk->backend_domain);
    g_free(disk->serial);
    g_free(disk->wwn);
    g_free(disk->vendor);
    g_free(disk->product);
    mv_domain_device_info_clear(&disk->info);
    g_free(disk);
}

/* Parsing ------------------------------------------------------------- */

/* <disk type=>, <source>, <readonly>, <shareable>, <auth>, <encryption>
 * and <backingStore>: everything that becomes the storage source. */
static MvStorageSource *
disk_source_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvStorageSource) src = mv_storage_source_new();
    xmlNode *source = mv_xml_child(node, "source");
    xmlNode *child;
    int type = MV_STORAGE_TYPE_FILE;

    if (mv_xml_prop_enum(node, "type", mv_storage_type_from_string, MV_XML_PROP_NONZERO,
                         &type) < 0)
        return NULL;
    src->type = type;

    if (source) {
        if (mv_storage_source_parse(source, flags, src) < 0)
            return NULL;
        if (!(flags & MV_DOMAIN_XML_INACTIVE)) {
            g_autofree char *index = mv_xml_prop(source, "index");
            uint64_t idx = 0;

            if (index && (mv_parse_uint64(index, "index", &idx) < 0 || idx > G_MAXUINT)) {
                mv_report_error(VIR_ERR_XML_ERROR, "invalid disk index '%s'", index);
                return NULL;
            }
            src->index = (unsigned int) idx;
        }
    } else {
        /* Without <source> the disk is an empty file, whatever its type. */
        src->type = MV_STORAGE_TYPE_FILE;
    }

    src->readonly = mv_xml_child(node, "readonly") != NULL;
    src->shared = mv_xml_child(node, "shareable") != NULL;

    if ((child = mv_xml_child(node, "auth"))) {
        if (src->auth) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                            "an <auth> definition already found for disk source");
            return NULL;
        }
        if (!(src->auth = mv_storage_auth_parse(child)))
            return NULL;
    }
    if ((child = mv_xml_child(node, "encryption"))) {
        if (src->encryption) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                            "an <encryption> definition already found for disk source");
            return NULL;
        }
        if (!(src->encryption = mv_storage_encryption_parse(child)))
            return NULL;
    }
    if (mv_storage_backing_parse(node, flags, src) < 0)
        return NULL;
    return g_steal_pointer(&src);
}

static int
driver_parse(const xmlNode *node, MvDomainDisk *disk)
{
    MvDiskDriver *drv = &disk->driver;
    g_autofree char *type = NULL;

    if (mv_domain_virtio_options_parse(node, &drv->virtio) < 0)
        return -1;
    drv->name = mv_xml_prop(node, "name");
    if (mv_xml_prop_enum(node, "cache", disk_cache_from_string, MV_XML_PROP_NONE, &drv->cache) < 0 ||
        mv_xml_prop_enum(node, "error_policy", disk_error_policy_from_string,
                         MV_XML_PROP_NONZERO, &drv->error_policy) < 0 ||
        mv_xml_prop_enum(node, "rerror_policy", disk_error_policy_from_string,
                         MV_XML_PROP_NONZERO, &drv->rerror_policy) < 0)
        return -1;
    if (drv->rerror_policy == ERROR_POLICY_ENOSPACE) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Invalid disk read error policy: '%s'",
                        disk_error_policy_to_string(drv->rerror_policy));
        return -1;
    }
    if (mv_xml_prop_enum(node, "io", disk_io_from_string, MV_XML_PROP_NONZERO, &drv->io) < 0 ||
        mv_xml_prop_tristate_switch(node, "ioeventfd", MV_XML_PROP_NONE, &drv->ioeventfd) < 0 ||
        mv_xml_prop_tristate_switch(node, "event_idx", MV_XML_PROP_NONE, &drv->event_idx) < 0 ||
        mv_xml_prop_tristate_switch(node, "copy_on_read", MV_XML_PROP_NONE,
                                    &drv->copy_on_read) < 0 ||
        mv_xml_prop_enum(node, "discard", disk_discard_from_string, MV_XML_PROP_NONZERO,
                         &drv->discard) < 0 ||
        mv_xml_prop_uint(node, "iothread", 10, MV_XML_PROP_NONZERO, &drv->iothread) < 0 ||
        mv_xml_prop_enum(node, "detect_zeroes", disk_detect_zeroes_from_string,
                         MV_XML_PROP_NONZERO, &drv->detect_zeroes) < 0 ||
        mv_xml_prop_uint(node, "queues", 10, MV_XML_PROP_NONE, &drv->queues) < 0 ||
        mv_xml_prop_uint(node, "queue_size", 10, MV_XML_PROP_NONE, &drv->queue_size) < 0)
        return -1;

    /* The image format lives with the source: its backing chain has one
     * per layer. "aio" is Xen's old name for raw. */
    if ((type = mv_xml_prop(node, "type"))) {
        int format = strcmp(type, "aio") == 0 ? MV_STORAGE_FORMAT_RAW
                                              : mv_storage_format_from_string(type);

        if (format <= 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown driver format value '%s'", type);
            return -1;
        }
        disk->src->format = format;
    }
    return mv_storage_metadata_cache_parse(node, &disk->src->metadata_cache_max);
}

static int
mirror_parse(const xmlNode *node, unsigned int flags, MvDomainDisk *disk)
{
    g_autoptr(MvDiskMirror) mirror = g_new0(MvDiskMirror, 1);
    g_autofree char *job = mv_xml_prop(node, "job");
    g_autofree char *type = mv_xml_prop(node, "type");
    g_autofree char *format = NULL;
    g_autofree char *ready = NULL;
    xmlNode *fmt = mv_xml_child(node, "format");
    xmlNode *source = mv_xml_child(node, "source");
    int v;

    mirror->job = MIRROR_JOB_COPY;
    if (job) {
        if (strcmp(job, "copy") == 0) {
            mirror->job = MIRROR_JOB_COPY;
        } else if (strcmp(job, "active-commit") == 0) {
            mirror->job = MIRROR_JOB_ACTIVE_COMMIT;
        } else {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown mirror job type '%s'", job);
            return -1;
        }
    }
    if (!type && mirror->job != MIRROR_JOB_COPY) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "mirror without type only supported by copy job");
        return -1;
    }
    format = type ? (fmt ? mv_xml_prop(fmt, "type") : NULL) : mv_xml_prop(node, "format");

    mirror->src = mv_storage_source_new();
    mirror->src->type = MV_STORAGE_TYPE_FILE;
    if (type) {
        if ((v = mv_storage_type_from_string(type)) <= 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "unknown storage source type '%s'", type);
            return -1;
        }
        mirror->src->type = v;
    }
    if (format) {
        if ((v = mv_storage_format_from_string(format)) <= 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "unknown storage source format '%s'", format);
            return -1;
        }
        mirror->src->format = v;
    }
    if (type) {
        g_autofree char *index = source ? mv_xml_prop(source, "index") : NULL;
        uint64_t idx = 0;

        if (index && (mv_parse_uint64(index, "index", &idx) < 0 || idx > G_MAXUINT)) {
            mv_report_error(VIR_ERR_XML_ERROR, "invalid storage source index '%s'", index);
            return -1;
        }
        mirror->src->index = (unsigned int) idx;
        if (!source) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "mirror requires source element");
            return -1;
        }
        if (mv_storage_source_parse(source, flags, mirror->src) < 0 ||
            mv_storage_backing_parse(node, flags, mirror->src) < 0)
            return -1;
    } else if (!(mirror->src->path = mv_xml_prop(node, "file"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "mirror requires file name");
        return -1;
    }
    if ((ready = mv_xml_prop(node, "ready"))) {
        if ((mirror->ready = mirror_ready_from_string(ready)) < 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "unknown mirror ready state %s", ready);
            return -1;
        }
    }
    if (fmt && mv_storage_metadata_cache_parse(fmt, &mirror->src->metadata_cache_max) < 0)
        return -1;
    disk->mirror = g_steal_pointer(&mirror);
    return 0;
}

static int
iotune_parse(const xmlNode *node, MvDiskIotune *iotune)
{
    for (size_t i = 0; i < MV_IOTUNE_LAST; i++) {
        g_autofree char *text = mv_xml_child_content(node, iotune_names[i]);
        char *end = NULL;

        if (!text || !*text)
            continue;
        if (g_ascii_isdigit(text[0]))
            iotune->value[i] = g_ascii_strtoull(text, &end, 10);
        if (!end || *end) {
            mv_report_error(VIR_ERR_XML_ERROR, "disk iotune field '%s' must be an integer",
                            iotune_names[i]);
            return -1;
        }
    }
    iotune->group_name = mv_xml_child_content(node, "group_name");
    if (iotune->group_name && !*iotune->group_name)
        g_clear_pointer(&iotune->group_name, g_free);
    return 0;
}

static int
target_parse(const xmlNode *node, MvDomainDisk *disk)
{
    int bus = 0;

    disk->dst = mv_xml_prop(node, "dev");
    if (mv_xml_prop_enum(node, "bus", mv_disk_bus_from_string, MV_XML_PROP_NONZERO, &bus) < 0 ||
        mv_xml_prop_enum(node, "tray", disk_tray_from_string, MV_XML_PROP_NONE, &disk->tray) < 0 ||
        mv_xml_prop_tristate_switch(node, "removable", MV_XML_PROP_NONE, &disk->removable) < 0 ||
        mv_xml_prop_uint(node, "rotation_rate", 10, MV_XML_PROP_NONE, &disk->rotation_rate) < 0)
        return -1;
    disk->bus = bus;
    return 0;
}

static int
disk_parse(const xmlNode *node, unsigned int flags, MvDomainDisk *disk)
{
    xmlNode *child;
    int v;

    if (!(disk->src = disk_source_parse(node, flags)))
        return -1;

    v = MV_DISK_DEVICE_DISK;
    if (mv_xml_prop_enum(node, "device", mv_disk_device_from_string, MV_XML_PROP_NONE, &v) < 0)
        return -1;
    disk->device = v;
    if (mv_xml_prop_enum(node, "model", disk_model_from_string, MV_XML_PROP_NONE,
                         &disk->model) < 0)
        return -1;
    v = 0;
    if (mv_xml_prop_enum(node, "snapshot", mv_disk_snapshot_from_string, MV_XML_PROP_NONZERO,
                         &v) < 0)
        return -1;
    disk->snapshot = v;
    if (mv_xml_prop_tristate_bool(node, "rawio", MV_XML_PROP_NONE, &disk->rawio) < 0 ||
        mv_xml_prop_enum(node, "sgio", disk_sgio_from_string, MV_XML_PROP_NONZERO,
                         &disk->sgio) < 0)
        return -1;
    if ((child = mv_xml_child(node, "source"))) {
        v = 0;
        if (mv_xml_prop_enum(child, "startupPolicy", mv_disk_startup_policy_from_string,
                             MV_XML_PROP_NONZERO, &v) < 0)
            return -1;
        disk->startup_policy = v;
    }
    if ((child = mv_xml_child(node, "target")) && target_parse(child, disk) < 0)
        return -1;
    if ((child = mv_xml_child(node, "geometry")) &&
        (mv_xml_prop_uint(child, "cyls", 10, MV_XML_PROP_NONE, &disk->geometry_cyls) < 0 ||
         mv_xml_prop_uint(child, "heads", 10, MV_XML_PROP_NONE, &disk->geometry_heads) < 0 ||
         mv_xml_prop_uint(child, "secs", 10, MV_XML_PROP_NONE, &disk->geometry_secs) < 0 ||
         mv_xml_prop_enum(child, "trans", disk_trans_from_string, MV_XML_PROP_NONZERO,
                          &disk->geometry_trans) < 0))
        return -1;
    if ((child = mv_xml_child(node, "blockio")) &&
        (mv_xml_prop_uint(child, "logical_block_size", 10, MV_XML_PROP_NONE,
                          &disk->logical_block_size) < 0 ||
         mv_xml_prop_uint(child, "physical_block_size", 10, MV_XML_PROP_NONE,
                          &disk->physical_block_size) < 0))
        return -1;
    if ((child = mv_xml_child(node, "driver")) && driver_parse(child, disk) < 0)
        return -1;
    /* A block job's mirror is state of a running domain. */
    if ((child = mv_xml_child(node, "mirror")) && !(flags & MV_DOMAIN_XML_INACTIVE) &&
        mirror_parse(child, flags, disk) < 0)
        return -1;
    disk->auth_on_disk = mv_xml_child(node, "auth") != NULL;
    disk->encryption_on_disk = mv_xml_child(node, "encryption") != NULL;
    if ((child = mv_xml_child(node, "transient"))) {
        disk->transient = true;
        if (mv_xml_prop_tristate_bool(child, "shareBacking", MV_XML_PROP_NONE,
                                      &disk->transient_share_backing) < 0)
            return -1;
    }
    if ((child = mv_xml_child(node, "iotune")) && iotune_parse(child, &disk->iotune) < 0)
        return -1;
    if ((child = mv_xml_child(node, "backenddomain")))
        disk->backend_domain = mv_xml_prop(child, "name");
    disk->serial = mv_xml_child_text(node, "serial");
    disk->wwn = mv_xml_child_text(node, "wwn");
    disk->vendor = mv_xml_child_text(node, "vendor");
    disk->product = mv_xml_child_text(node, "product");
    return mv_domain_device_info_parse(node, MV_DEVICE_INFO_ALLOW_BOOT, flags, &disk->info);
}

MvDomainDisk *
mv_domain_disk_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainDisk) disk = g_new0(MvDomainDisk, 1);

    mv_domain_device_info_init(&disk->info);
    if (disk_parse(node, flags, disk) < 0)
        return NULL;
    return g_steal_pointer(&disk);
}

/* Formatting ---------------------------------------------------------- */

static void
driver_format(MvXmlBuf *buf, const MvDomainDisk *disk)
{
    const MvDiskDriver *drv = &disk->driver;
    gsize mark = buf->str->len;

    mv_xml_buf_start(buf, "driver");
    mv_xml_buf_attr(buf, "name", drv->name);
    if (disk->src->format > 0)
        mv_xml_buf_attr(buf, "type", mv_storage_format_to_string(disk->src->format));
    if (drv->cache)
        mv_xml_buf_attr(buf, "cache", disk_cache_to_string(drv->cache));
    if (drv->error_policy)
        mv_xml_buf_attr(buf, "error_policy", disk_error_policy_to_string(drv->error_policy));
    if (drv->rerror_policy)
        mv_xml_buf_attr(buf, "rerror_policy", disk_error_policy_to_string(drv->rerror_policy));
    if (drv->io)
        mv_xml_buf_attr(buf, "io", disk_io_to_string(drv->io));
    mv_xml_buf_attr_tristate_switch(buf, "ioeventfd", drv->ioeventfd);
    mv_xml_buf_attr_tristate_switch(buf, "event_idx", drv->event_idx);
    mv_xml_buf_attr_tristate_switch(buf, "copy_on_read", drv->copy_on_read);
    if (drv->discard)
        mv_xml_buf_attr(buf, "discard", disk_discard_to_string(drv->discard));
    if (drv->iothread)
        mv_xml_buf_attr_uint(buf, "iothread", drv->iothread);
    if (drv->detect_zeroes)
        mv_xml_buf_attr(buf, "detect_zeroes", disk_detect_zeroes_to_string(drv->detect_zeroes));
    if (drv->queues)
        mv_xml_buf_attr_uint(buf, "queues", drv->queues);
    if (drv->queue_size)
        mv_xml_buf_attr_uint(buf, "queue_size", drv->queue_size);
    mv_domain_virtio_options_format_attrs(buf, &drv->virtio);
    mv_storage_metadata_cache_format(buf, disk->src->metadata_cache_max);
    mv_storage_xml_end_or_drop(buf, mark);
}

static void
mirror_format(MvXmlBuf *buf, const MvDiskMirror *mirror, unsigned int flags)
{
    const char *format = mirror->src->format ? mv_storage_format_to_string(mirror->src->format)
                                             : NULL;
    MvStorageSourceFormatOpts opts = { .element = "source", .with_index = true };
    gsize mark;

    mv_xml_buf_start(buf, "mirror");
    mv_xml_buf_attr(buf, "type", mv_storage_type_to_string(mirror->src->type));
    if (mirror->src->type == MV_STORAGE_TYPE_FILE && mirror->job == MIRROR_JOB_COPY) {
        mv_xml_buf_attr(buf, "file", mirror->src->path);
        mv_xml_buf_attr(buf, "format", format);
    }
    mv_xml_buf_attr(buf, "job", mirror->job == MIRROR_JOB_COPY ? "copy" : "active-commit");
    if (mirror->ready)
        mv_xml_buf_attr(buf, "ready", mirror_ready_to_string(mirror->ready));
    mark = buf->str->len;
    mv_xml_buf_start(buf, "format");
    mv_xml_buf_attr(buf, "type", format);
    mv_storage_metadata_cache_format(buf, mirror->src->metadata_cache_max);
    mv_storage_xml_end_or_drop(buf, mark);
    mv_storage_source_format(buf, mirror->src, &opts, flags);
    mv_storage_backing_format(buf, mirror->src, flags);
    mv_xml_buf_end(buf);
}

static void
target_format(MvXmlBuf *buf, const MvDomainDisk *disk)
{
    mv_xml_buf_start(buf, "target");
    mv_xml_buf_attr(buf, "dev", disk->dst);
    mv_xml_buf_attr(buf, "bus", mv_disk_bus_to_string(disk->bus));
    if ((disk->device == MV_DISK_DEVICE_FLOPPY || disk->device == MV_DISK_DEVICE_CDROM) &&
        disk->tray != 0)
        mv_xml_buf_attr(buf, "tray", disk_tray_to_string(disk->tray));
    if (disk->bus == MV_DISK_BUS_USB)
        mv_xml_buf_attr_tristate_switch(buf, "removable", disk->removable);
    if (disk->rotation_rate)
        mv_xml_buf_attr_uint(buf, "rotation_rate", disk->rotation_rate);
    mv_xml_buf_end(buf);
}

static void
iotune_value_format(MvXmlBuf *buf, const MvDiskIotune *iotune, size_t i)
{
    g_autofree char *text = NULL;

    if (!iotune->value[i])
        return;
    text = g_strdup_printf("%" G_GUINT64_FORMAT, iotune->value[i]);
    mv_xml_buf_text_element(buf, iotune_names[i], text);
}

static void
iotune_format(MvXmlBuf *buf, const MvDiskIotune *iotune)
{
    gsize mark = buf->str->len;

    mv_xml_buf_start(buf, "iotune");
    for (size_t i = 0; i <= MV_IOTUNE_SIZE_IOPS_SEC; i++)
        iotune_value_format(buf, iotune, i);
    mv_xml_buf_text_element(buf, "group_name", iotune->group_name);
    for (size_t i = MV_IOTUNE_SIZE_IOPS_SEC + 1; i < MV_IOTUNE_LAST; i++)
        iotune_value_format(buf, iotune, i);
    mv_storage_xml_end_or_drop(buf, mark);
}

static void
geometry_blockio_format(MvXmlBuf *buf, const MvDomainDisk *disk)
{
    if (disk->geometry_cyls && disk->geometry_heads && disk->geometry_secs) {
        mv_xml_buf_start(buf, "geometry");
        mv_xml_buf_attr_uint(buf, "cyls", disk->geometry_cyls);
        mv_xml_buf_attr_uint(buf, "heads", disk->geometry_heads);
        mv_xml_buf_attr_uint(buf, "secs", disk->geometry_secs);
        if (disk->geometry_trans)
            mv_xml_buf_attr(buf, "trans", disk_trans_to_string(disk->geometry_trans));
        mv_xml_buf_end(buf);
    }
    if (disk->logical_block_size || disk->physical_block_size) {
        mv_xml_buf_start(buf, "blockio");
        if (disk->logical_block_size)
            mv_xml_buf_attr_uint(buf, "logical_block_size", disk->logical_block_size);
        if (disk->physical_block_size)
            mv_xml_buf_attr_uint(buf, "physical_block_size", disk->physical_block_size);
        mv_xml_buf_end(buf);
    }
}

void
mv_domain_disk_format(MvXmlBuf *buf, const MvDomainDisk *disk, unsigned int flags)
{
    MvStorageSourceFormatOpts opts = {
        .element = "source",
        .startup_policy = disk->startup_policy,
        .startup_policy_name = mv_disk_startup_policy_to_string(disk->startup_policy),
        .with_index = true,
        .skip_auth = disk->auth_on_disk,
        .skip_encryption = disk->encryption_on_disk,
    };

    mv_xml_buf_start(buf, "disk");
    mv_xml_buf_attr(buf, "type", mv_storage_type_to_string(disk->src->type));
    mv_xml_buf_attr(buf, "device", mv_disk_device_to_string(disk->device));
    if (disk->model)
        mv_xml_buf_attr(buf, "model", disk_model_to_string(disk->model));
    mv_xml_buf_attr_tristate_bool(buf, "rawio", disk->rawio);
    if (disk->sgio)
        mv_xml_buf_attr(buf, "sgio", disk_sgio_to_string(disk->sgio));
    /* A read-only disk is never snapshotted: "no" is implied there. */
    if (disk->snapshot != MV_DISK_SNAPSHOT_DEFAULT &&
        !(disk->snapshot == MV_DISK_SNAPSHOT_NO && disk->src->readonly))
        mv_xml_buf_attr(buf, "snapshot", mv_disk_snapshot_to_string(disk->snapshot));

    driver_format(buf, disk);
    if (disk->src->auth && disk->auth_on_disk)
        mv_storage_auth_format(buf, disk->src->auth);
    mv_storage_source_format(buf, disk->src, &opts, flags);
    mv_storage_backing_format(buf, disk->src, flags);
    if (disk->backend_domain) {
        mv_xml_buf_start(buf, "backenddomain");
        mv_xml_buf_attr(buf, "name", disk->backend_domain);
        mv_xml_buf_end(buf);
    }
    geometry_blockio_format(buf, disk);
    if (disk->mirror && !(flags & MV_DOMAIN_XML_INACTIVE))
        mirror_format(buf, disk->mirror, flags);
    target_format(buf, disk);
    iotune_format(buf, &disk->iotune);
    if (disk->src->readonly) {
        mv_xml_buf_start(buf, "readonly");
        mv_xml_buf_end(buf);
    }
    if (disk->src->shared) {
        mv_xml_buf_start(buf, "shareable");
        mv_xml_buf_end(buf);
    }
    if (disk->transient) {
        mv_xml_buf_start(buf, "transient");
        if (disk->transient_share_backing == MV_TRISTATE_YES)
            mv_xml_buf_attr(buf, "shareBacking", "yes");
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_text_element(buf, "serial", disk->serial);
    mv_xml_buf_text_element(buf, "wwn", disk->wwn);
    mv_xml_buf_text_element(buf, "vendor", disk->vendor);
    mv_xml_buf_text_element(buf, "product", disk->product);
    if (disk->src->encryption && disk->encryption_on_disk)
        mv_storage_encryption_format(buf, disk->src->encryption);
    mv_domain_device_info_format(buf, &disk->info, MV_DEVICE_INFO_ALLOW_BOOT, flags);
    mv_xml_buf_end(buf);
}

/* The device table's signatures -------------------------------------- */

void *
mv_domain_disk_parse_node(const xmlNode *node, unsigned int flags)
{
    return mv_domain_disk_parse(node, flags);
}

void
mv_domain_disk_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    mv_domain_disk_format(buf, dev, flags);
}

void
mv_domain_disk_free_node(void *dev)
{
    mv_domain_disk_free(dev);
}

int
mv_domain_disk_validate_node(const void *dev, const MvDomainDef *def)
{
    return mv_domain_disk_validate(dev, def);
}

const MvDomainDeviceInfo *
mv_domain_disk_info_node(const void *dev)
{
    const MvDomainDisk *disk = dev;

    return &disk->info;
}
