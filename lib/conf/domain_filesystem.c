/* Domain <filesystem> devices: parse, format and validate, virtiofs included. */
#define MV_LOG_MODULE "conf.domain_filesystem"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_filesystem.h"

#include <string.h>

#include "domain_disk_source.h"
#include "util/error.h"
#include "util/units.h"

MV_ENUM_IMPL(mv_fs_type, MV_FS_TYPE_LAST,
             "mount", "block", "file", "template", "ram", "bind", "volume")
MV_ENUM_IMPL(mv_fs_driver, MV_FS_DRIVER_LAST,
             "default", "path", "handle", "loop", "nbd", "ploop", "virtiofs")
MV_ENUM_IMPL(mv_fs_access_mode, MV_FS_ACCESS_LAST, "", "passthrough", "mapped", "squash")

MV_ENUM_DECL(fs_model);
MV_ENUM_IMPL(fs_model, 4, "default", "virtio", "virtio-transitional", "virtio-non-transitional")
MV_ENUM_DECL(fs_multidevs);
MV_ENUM_IMPL(fs_multidevs, 4, "default", "remap", "forbid", "warn")
MV_ENUM_DECL(fs_wrpolicy);
MV_ENUM_IMPL(fs_wrpolicy, 2, "default", "immediate")
MV_ENUM_DECL(fs_cache);
MV_ENUM_IMPL(fs_cache, 3, "default", "none", "always")
MV_ENUM_DECL(fs_sandbox);
MV_ENUM_IMPL(fs_sandbox, 3, "default", "namespace", "chroot")

#define FS_MODE_MAX 0777

void
mv_domain_filesystem_free(MvDomainFilesystem *fs)
{
    if (!fs)
        return;
    g_free(fs->binary);
    g_free(fs->src);
    g_free(fs->sock);
    g_free(fs->pool);
    g_free(fs->volume);
    g_free(fs->dst);
    mv_domain_device_info_clear(&fs->info);
    g_free(fs);
}

static int
mode_parse(const xmlNode *node, const char *name, unsigned int *ret_mode)
{
    int rc = mv_xml_prop_uint(node, name, 8, MV_XML_PROP_NONE, ret_mode);

    if (rc > 0 && *ret_mode > FS_MODE_MAX) {
        mv_report_error(VIR_ERR_XML_ERROR, "invalid %s: '0%o'", name, *ret_mode);
        return -1;
    }
    return rc < 0 ? -1 : 0;
}

static int
limit_parse(const xmlNode *node, const char *name, uint64_t *ret_bytes)
{
    xmlNode *child = mv_xml_child(node, name);

    if (!child)
        return 0;
    return mv_xml_scaled_parse(child, "unit", 1, G_MAXUINT64, ret_bytes);
}

static int
source_parse(const xmlNode *source, MvDomainFilesystem *fs, char **ret_usage,
             char **ret_units)
{
    g_autofree char *mode = NULL;

    fs->sock = mv_xml_prop(source, "socket");
    switch (fs->type) {
    case MV_FS_TYPE_MOUNT:
    case MV_FS_TYPE_BIND:
        fs->src = mv_xml_prop(source, "dir");
        break;
    case MV_FS_TYPE_FILE:
        fs->src = mv_xml_prop(source, "file");
        break;
    case MV_FS_TYPE_BLOCK:
        fs->src = mv_xml_prop(source, "dev");
        break;
    case MV_FS_TYPE_TEMPLATE:
        fs->src = mv_xml_prop(source, "name");
        break;
    case MV_FS_TYPE_RAM:
        *ret_usage = mv_xml_prop(source, "usage");
        *ret_units = mv_xml_prop(source, "units");
        break;
    case MV_FS_TYPE_VOLUME:
        fs->pool = mv_xml_prop(source, "pool");
        fs->volume = mv_xml_prop(source, "volume");
        mode = mv_xml_prop(source, "mode");
        if (!fs->pool && !fs->volume)
            break;
        if (!fs->pool || !fs->volume) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "'pool' and 'volume' must be specified together for 'pool' type source");
            return -1;
        }
        if (mode && mv_storage_pool_mode_from_string(mode) <= 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "unknown source mode '%s' for volume type disk", mode);
            return -1;
        }
        break;
    case MV_FS_TYPE_LAST:
        break;
    }
    return 0;
}

static int
virtiofs_parse(const xmlNode *node, const xmlNode *driver, MvDomainFilesystem *fs)
{
    g_autofree char *queue = driver ? mv_xml_prop(driver, "queue") : NULL;
    xmlNode *binary = mv_xml_child(node, "binary");
    xmlNode *child;

    if (queue && *queue && mv_parse_uint64(queue, "queue", &fs->queue_size) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "cannot parse queue size '%s' for virtiofs", queue);
        return -1;
    }
    if (!binary)
        return 0;
    if ((child = mv_xml_child(binary, "thread_pool"))) {
        g_autofree char *size = mv_xml_prop(child, "size");
        char *end = NULL;
        gint64 v = 0;

        if (size && *size) {
            v = g_ascii_strtoll(size, &end, 10);
            if (!end || *end || v < G_MININT || v > G_MAXINT) {
                mv_report_error(VIR_ERR_XML_ERROR,
                                "cannot parse thread pool size '%s' for virtiofs", size);
                return -1;
            }
            fs->thread_pool_size = (int) v;
        }
    }
    {
        g_autofree char *path = mv_xml_prop(binary, "path");

        if (path && *path)
            fs->binary = mv_domain_path_sanitize(path);
    }
    if (mv_xml_prop_tristate_switch(binary, "xattr", MV_XML_PROP_NONE, &fs->xattr) < 0)
        return -1;
    if ((child = mv_xml_child(binary, "lock")) &&
        (mv_xml_prop_tristate_switch(child, "posix", MV_XML_PROP_NONE, &fs->posix_lock) < 0 ||
         mv_xml_prop_tristate_switch(child, "flock", MV_XML_PROP_NONE, &fs->flock) < 0))
        return -1;
    if ((child = mv_xml_child(binary, "cache")) &&
        mv_xml_prop_enum(child, "mode", fs_cache_from_string, MV_XML_PROP_NONZERO, &fs->cache) < 0)
        return -1;
    if ((child = mv_xml_child(binary, "sandbox")) &&
        mv_xml_prop_enum(child, "mode", fs_sandbox_from_string, MV_XML_PROP_NONZERO,
                         &fs->sandbox) < 0)
        return -1;
    return 0;
}

static int
ram_usage_parse(MvDomainFilesystem *fs, const char *usage, const char *units)
{
    if (!usage) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing 'usage' attribute for RAM filesystem");
        return -1;
    }
    if (mv_parse_uint64(usage, "usage", &fs->usage) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "cannot parse usage '%s' for RAM filesystem", usage);
        return -1;
    }
    return mv_scale_integer(&fs->usage, units, 1024, G_MAXUINT64);
}

static int
filesystem_parse(const xmlNode *node, unsigned int flags, MvDomainFilesystem *fs)
{
    g_autofree char *usage = NULL;
    g_autofree char *units = NULL;
    xmlNode *driver = mv_xml_child(node, "driver");
    xmlNode *child;
    int v = 0;

    if (mv_xml_prop_enum(node, "type", mv_fs_type_from_string, MV_XML_PROP_NONE, &v) < 0)
        return -1;
    fs->type = v;
    v = 0;
    if (mv_xml_prop_enum(node, "accessmode", mv_fs_access_mode_from_string, MV_XML_PROP_NONE,
                         &v) < 0)
        return -1;
    fs->accessmode = v;
    if (mode_parse(node, "fmode", &fs->fmode) < 0 || mode_parse(node, "dmode", &fs->dmode) < 0)
        return -1;
    if (mv_xml_prop_enum(node, "model", fs_model_from_string, MV_XML_PROP_NONZERO,
                         &fs->model) < 0 ||
        mv_xml_prop_enum(node, "multidevs", fs_multidevs_from_string, MV_XML_PROP_NONE,
                         &fs->multidevs) < 0)
        return -1;
    if (limit_parse(node, "space_hard_limit", &fs->space_hard_limit) < 0 ||
        limit_parse(node, "space_soft_limit", &fs->space_soft_limit) < 0)
        return -1;
    if ((child = mv_xml_child(node, "source")) && source_parse(child, fs, &usage, &units) < 0)
        return -1;
    if ((child = mv_xml_child(node, "target")))
        fs->dst = mv_xml_prop(child, "dir");
    fs->readonly = mv_xml_child(node, "readonly") != NULL;

    if (driver) {
        g_autofree char *format = mv_xml_prop(driver, "format");

        v = 0;
        if (mv_xml_prop_enum(driver, "type", mv_fs_driver_from_string, MV_XML_PROP_NONE, &v) < 0)
            return -1;
        fs->driver = v;
        if (mv_xml_prop_enum(driver, "wrpolicy", fs_wrpolicy_from_string, MV_XML_PROP_NONE,
                             &fs->wrpolicy) < 0)
            return -1;
        if (format && (fs->format = mv_storage_format_from_string(format)) <= 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown driver format value '%s'", format);
            return -1;
        }
        if (mv_domain_virtio_options_parse(driver, &fs->virtio) < 0)
            return -1;
    }
    if (fs->driver == MV_FS_DRIVER_VIRTIOFS && virtiofs_parse(node, driver, fs) < 0)
        return -1;

    if (!fs->src && fs->type != MV_FS_TYPE_RAM && fs->type != MV_FS_TYPE_VOLUME && !fs->sock) {
        mv_report_error(VIR_ERR_NO_SOURCE, "%s", fs->dst ? fs->dst : "");
        return -1;
    }
    if (fs->type == MV_FS_TYPE_RAM && ram_usage_parse(fs, usage, units) < 0)
        return -1;
    if (mv_domain_device_info_parse(node, MV_DEVICE_INFO_ALLOW_BOOT, flags, &fs->info) < 0)
        return -1;

    /* libvirt's default access mode, except for a vhost-user socket. */
    if (fs->accessmode == MV_FS_ACCESS_DEFAULT && !fs->sock)
        fs->accessmode = MV_FS_ACCESS_PASSTHROUGH;
    return 0;
}

MvDomainFilesystem *
mv_domain_filesystem_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainFilesystem) fs = g_new0(MvDomainFilesystem, 1);

    fs->thread_pool_size = -1;
    mv_domain_device_info_init(&fs->info);
    if (filesystem_parse(node, flags, fs) < 0)
        return NULL;
    return g_steal_pointer(&fs);
}

static void
binary_format(MvXmlBuf *buf, const MvDomainFilesystem *fs)
{
    gsize mark = buf->str->len;
    gsize lock_mark;

    mv_xml_buf_start(buf, "binary");
    mv_xml_buf_attr(buf, "path", fs->binary);
    mv_xml_buf_attr_tristate_switch(buf, "xattr", fs->xattr);
    if (fs->cache) {
        mv_xml_buf_start(buf, "cache");
        mv_xml_buf_attr(buf, "mode", fs_cache_to_string(fs->cache));
        mv_xml_buf_end(buf);
    }
    if (fs->sandbox) {
        mv_xml_buf_start(buf, "sandbox");
        mv_xml_buf_attr(buf, "mode", fs_sandbox_to_string(fs->sandbox));
        mv_xml_buf_end(buf);
    }
    lock_mark = buf->str->len;
    mv_xml_buf_start(buf, "lock");
    mv_xml_buf_attr_tristate_switch(buf, "posix", fs->posix_lock);
    mv_xml_buf_attr_tristate_switch(buf, "flock", fs->flock);
    mv_storage_xml_end_or_drop(buf, lock_mark);
    if (fs->thread_pool_size >= 0) {
        mv_xml_buf_start(buf, "thread_pool");
        mv_xml_buf_attr_printf(buf, "size", "%d", fs->thread_pool_size);
        mv_xml_buf_end(buf);
    }
    mv_storage_xml_end_or_drop(buf, mark);
}

static void
source_format(MvXmlBuf *buf, const MvDomainFilesystem *fs)
{
    switch (fs->type) {
    case MV_FS_TYPE_MOUNT:
    case MV_FS_TYPE_BIND:
        mv_xml_buf_start(buf, "source");
        if (fs->sock)
            mv_xml_buf_attr(buf, "socket", fs->sock);
        else
            mv_xml_buf_attr(buf, "dir", fs->src);
        mv_xml_buf_end(buf);
        break;
    case MV_FS_TYPE_BLOCK:
    case MV_FS_TYPE_FILE:
    case MV_FS_TYPE_TEMPLATE:
        if (!fs->src)
            break;
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, fs->type == MV_FS_TYPE_BLOCK ? "dev" :
                             fs->type == MV_FS_TYPE_FILE ? "file" : "name", fs->src);
        mv_xml_buf_end(buf);
        break;
    case MV_FS_TYPE_RAM:
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr_uint(buf, "usage", fs->usage / 1024);
        mv_xml_buf_attr(buf, "units", "KiB");
        mv_xml_buf_end(buf);
        break;
    case MV_FS_TYPE_VOLUME:
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "pool", fs->pool);
        mv_xml_buf_attr(buf, "volume", fs->volume);
        mv_xml_buf_end(buf);
        break;
    case MV_FS_TYPE_LAST:
        break;
    }
}

static void
limit_format(MvXmlBuf *buf, const char *name, uint64_t bytes)
{
    g_autofree char *text = NULL;

    if (!bytes)
        return;
    text = g_strdup_printf("%" G_GUINT64_FORMAT, bytes);
    mv_xml_buf_start(buf, name);
    mv_xml_buf_attr(buf, "unit", "bytes");
    mv_xml_buf_text(buf, text);
    mv_xml_buf_end(buf);
}

void
mv_domain_filesystem_format(MvXmlBuf *buf, const MvDomainFilesystem *fs, unsigned int flags)
{
    gsize mark;

    mv_xml_buf_start(buf, "filesystem");
    mv_xml_buf_attr(buf, "type", mv_fs_type_to_string(fs->type));
    if (fs->accessmode != MV_FS_ACCESS_DEFAULT)
        mv_xml_buf_attr(buf, "accessmode", mv_fs_access_mode_to_string(fs->accessmode));
    if (fs->model)
        mv_xml_buf_attr(buf, "model", fs_model_to_string(fs->model));
    if (fs->multidevs)
        mv_xml_buf_attr(buf, "multidevs", fs_multidevs_to_string(fs->multidevs));
    if (fs->fmode)
        mv_xml_buf_attr_printf(buf, "fmode", "%04o", fs->fmode);
    if (fs->dmode)
        mv_xml_buf_attr_printf(buf, "dmode", "%04o", fs->dmode);
    mv_xml_buf_open_children(buf);

    mark = buf->str->len;
    mv_xml_buf_start(buf, "driver");
    if (fs->driver) {
        mv_xml_buf_attr(buf, "type", mv_fs_driver_to_string(fs->driver));
        if (fs->format)
            mv_xml_buf_attr(buf, "format", mv_storage_format_to_string(fs->format));
        if (fs->wrpolicy)
            mv_xml_buf_attr(buf, "wrpolicy", fs_wrpolicy_to_string(fs->wrpolicy));
        if (fs->queue_size)
            mv_xml_buf_attr_uint(buf, "queue", fs->queue_size);
    }
    mv_domain_virtio_options_format_attrs(buf, &fs->virtio);
    mv_storage_xml_end_or_drop(buf, mark);
    if (fs->driver == MV_FS_DRIVER_VIRTIOFS)
        binary_format(buf, fs);

    source_format(buf, fs);
    if (fs->dst) {
        mv_xml_buf_start(buf, "target");
        mv_xml_buf_attr(buf, "dir", fs->dst);
        mv_xml_buf_end(buf);
    }
    if (fs->readonly) {
        mv_xml_buf_start(buf, "readonly");
        mv_xml_buf_end(buf);
    }
    mv_domain_device_info_format(buf, &fs->info, MV_DEVICE_INFO_ALLOW_BOOT, flags);
    limit_format(buf, "space_hard_limit", fs->space_hard_limit);
    limit_format(buf, "space_soft_limit", fs->space_soft_limit);
    mv_xml_buf_end(buf);
}

int
mv_domain_filesystem_validate(const MvDomainFilesystem *fs, const MvDomainDef *def)
{
    if (!fs->dst) {
        const char *source = fs->src ? fs->src : fs->sock;

        mv_report_error(VIR_ERR_NO_TARGET, "%s", source ? source : "");
        return -1;
    }
    if (fs->info.boot_order && fs->driver != MV_FS_DRIVER_VIRTIOFS) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "boot order is only supported for virtiofs");
        return -1;
    }
    /* Two virtiofs shares may not use one mount tag: checked once, at
     * the last filesystem, after each passed its own checks. */
    if (fs != g_ptr_array_index(def->filesystems, def->filesystems->len - 1))
        return 0;
    for (guint i = 0; i < def->filesystems->len; i++) {
        const MvDomainFilesystem *a = g_ptr_array_index(def->filesystems, i);

        if (a->driver != MV_FS_DRIVER_VIRTIOFS)
            continue;
        for (guint j = 0; j < i; j++) {
            const MvDomainFilesystem *b = g_ptr_array_index(def->filesystems, j);

            if (b->driver == MV_FS_DRIVER_VIRTIOFS && strcmp(a->dst, b->dst) == 0) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                                "filesystem target '%s' specified twice", a->dst);
                return -1;
            }
        }
    }
    return 0;
}

void *
mv_domain_filesystem_parse_node(const xmlNode *node, unsigned int flags)
{
    return mv_domain_filesystem_parse(node, flags);
}

void
mv_domain_filesystem_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    mv_domain_filesystem_format(buf, dev, flags);
}

void
mv_domain_filesystem_free_node(void *dev)
{
    mv_domain_filesystem_free(dev);
}

int
mv_domain_filesystem_validate_node(const void *dev, const MvDomainDef *def)
{
    return mv_domain_filesystem_validate(dev, def);
}

const MvDomainDeviceInfo *
mv_domain_filesystem_info_node(const void *dev)
{
    const MvDomainFilesystem *fs = dev;

    return &fs->info;
}
