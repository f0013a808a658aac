/* Storage sources of domain disks: <source> of every disk type, auth, encryption, reservations, seclabels and the <backingStore> chain. */
#define MV_LOG_MODULE "conf.domain_disk"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_disk_source.h"

#include <string.h>

#include "domain_device.h"
#include "util/error.h"
#include "util/units.h"

MV_ENUM_IMPL(mv_storage_type, MV_STORAGE_TYPE_LAST,
             "none", "file", "block", "dir", "network", "volume", "nvme", "vhostuser")
MV_ENUM_IMPL(mv_storage_format, MV_STORAGE_FORMAT_LAST,
             "none", "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi",
             "fat", "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk")
MV_ENUM_IMPL(mv_storage_protocol, MV_STORAGE_PROTOCOL_LAST,
             "none", "nbd", "rbd", "sheepdog", "gluster", "iscsi", "http", "https",
             "ftp", "ftps", "tftp", "ssh", "vxhs", "nfs")
MV_ENUM_IMPL(mv_storage_transport, MV_STORAGE_TRANSPORT_LAST, "tcp", "unix", "rdma")
MV_ENUM_IMPL(mv_storage_pool_mode, MV_STORAGE_POOL_MODE_LAST, "default", "host", "direct")

/* The longest security label libvirt keeps; longer ones are dropped. */
#define SECLABEL_MAX_LEN 4095

/* Memory ------------------------------------------------------------- */

static void
seclabel_free(gpointer data)
{
    MvDeviceSeclabel *label = data;

    g_free(label->model);
    g_free(label->label);
    g_free(label);
}

MvStorageSource *
mv_storage_source_new(void)
{
    MvStorageSource *src = g_new0(MvStorageSource, 1);

    src->seclabels = g_ptr_array_new_with_free_func(seclabel_free);
    return src;
}

void
mv_storage_source_free(MvStorageSource *src)
{
    if (!src)
        return;
    g_free(src->path);
    g_free(src->fdgroup);
    g_free(src->net_volume);
    g_free(src->query);
    g_free(src->tls_hostname);
    for (size_t i = 0; i < src->nhosts; i++) {
        g_free(src->hosts[i].name);
        g_free(src->hosts[i].socket);
    }
    g_free(src->hosts);
    g_free(src->nfs_user);
    g_free(src->nfs_group);
    g_free(src->snapshot);
    g_free(src->config_file);
    g_free(src->initiator_iqn);
    g_free(src->pool);
    g_free(src->volume);
    g_ptr_array_unref(src->seclabels);
    mv_storage_auth_free(src->auth);
    mv_storage_encryption_free(src->encryption);
    g_free(src->pr_path);
    mv_storage_source_free(src->backing);
    g_free(src);
}

bool
mv_storage_source_is_empty(const MvStorageSource *src)
{
    switch (src->type) {
    case MV_STORAGE_TYPE_NONE:
        return true;
    case MV_STORAGE_TYPE_FILE:
    case MV_STORAGE_TYPE_BLOCK:
    case MV_STORAGE_TYPE_DIR:
        return !src->path;
    case MV_STORAGE_TYPE_NETWORK:
        return src->protocol == MV_STORAGE_PROTOCOL_NONE;
    case MV_STORAGE_TYPE_VOLUME:
        /* libvirt 9.0 counts a <source/> naming no pool as media, writes
         * no <source> for it and then refuses its own output for a disk:
         * refused at once here. */
        return !src->pool && !src->volume;
    case MV_STORAGE_TYPE_NVME:
    case MV_STORAGE_TYPE_VHOST_USER:
    case MV_STORAGE_TYPE_LAST:
        break;
    }
    return false;
}

const char *
mv_storage_source_display(const MvStorageSource *src)
{
    return src->path;
}

/* Small parsers ------------------------------------------------------ */

int
mv_storage_metadata_cache_parse(const xmlNode *parent, uint64_t *ret_bytes)
{
    xmlNode *cache = mv_xml_child(parent, "metadata_cache");
    xmlNode *max;

    if (!cache || !(max = mv_xml_child(cache, "max_size")))
        return 0;
    return mv_xml_scaled_parse(max, "unit", 1, G_MAXUINT64, ret_bytes);
}

void
mv_storage_metadata_cache_format(MvXmlBuf *buf, uint64_t bytes)
{
    g_autofree char *text = NULL;

    if (!bytes)
        return;
    text = g_strdup_printf("%" G_GUINT64_FORMAT, bytes);
    mv_xml_buf_start(buf, "metadata_cache");
    mv_xml_buf_start(buf, "max_size");
    mv_xml_buf_attr(buf, "unit", "bytes");
    mv_xml_buf_text(buf, text);
    mv_xml_buf_end(buf);
    mv_xml_buf_end(buf);
}

static int
seclabels_parse(const xmlNode *source, unsigned int flags, GPtrArray *labels)
{
    for (xmlNode *node = mv_xml_child(source, "seclabel"); node; node = mv_xml_next(node)) {
        MvDeviceSeclabel *label = g_new0(MvDeviceSeclabel, 1);
        MvTristate t = MV_TRISTATE_ABSENT;
        g_autofree char *text = NULL;

        g_ptr_array_add(labels, label);
        label->model = mv_xml_prop(node, "model");
        for (guint i = 0; label->model && i + 1 < labels->len; i++) {
            const MvDeviceSeclabel *prev = g_ptr_array_index(labels, i);

            if (g_strcmp0(prev->model, label->model) == 0) {
                mv_report_error(VIR_ERR_XML_DETAIL, "seclabel for model %s is already provided",
                                label->model);
                return -1;
            }
        }
        if (mv_xml_prop_tristate_bool(node, "relabel", MV_XML_PROP_NONE, &t) < 0)
            return -1;
        label->relabel = t != MV_TRISTATE_NO;
        /* labelskip is state a running domain records; a definition drops it. */
        if (!(flags & MV_DOMAIN_XML_INACTIVE)) {
            t = MV_TRISTATE_ABSENT;
            if (mv_xml_prop_tristate_bool(node, "labelskip", MV_XML_PROP_NONE, &t) < 0)
                return -1;
            label->labelskip = t == MV_TRISTATE_YES;
        }
        text = mv_xml_child_content(node, "label");
        if (text && *text && strlen(text) <= SECLABEL_MAX_LEN)
            label->label = g_steal_pointer(&text);
        if (label->label && !label->relabel) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "Cannot specify a label if relabelling is turned off. model=%s",
                            label->model ? label->model : "<null>");
            return -1;
        }
    }
    return 0;
}

static void
seclabels_format(MvXmlBuf *buf, const GPtrArray *labels, unsigned int flags)
{
    for (guint i = 0; i < labels->len; i++) {
        const MvDeviceSeclabel *label = g_ptr_array_index(labels, i);

        /* A definition leaves out overrides that say nothing. */
        if ((flags & MV_DOMAIN_XML_INACTIVE) && !label->label && label->relabel)
            continue;
        mv_xml_buf_start(buf, "seclabel");
        mv_xml_buf_attr(buf, "model", label->model);
        if (label->labelskip)
            mv_xml_buf_attr(buf, "labelskip", "yes");
        else
            mv_xml_buf_attr(buf, "relabel", label->relabel ? "yes" : "no");
        if (label->label)
            mv_xml_buf_text_element(buf, "label", label->label);
        mv_xml_buf_end(buf);
    }
}

static int
reservations_parse(const xmlNode *node, MvStorageSource *src)
{
    xmlNode *source = mv_xml_child(node, "source");
    g_autofree char *type = source ? mv_xml_prop(source, "type") : NULL;
    g_autofree char *path = source ? mv_xml_prop(source, "path") : NULL;
    g_autofree char *mode = source ? mv_xml_prop(source, "mode") : NULL;

    if (mv_xml_prop_tristate_bool(node, "managed", MV_XML_PROP_REQUIRED, &src->pr_managed) < 0)
        return -1;
    if (src->pr_managed == MV_TRISTATE_NO || type || path || mode) {
        if (!type) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing connection type for <reservations/>");
            return -1;
        }
        if (!path) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing path for <reservations/>");
            return -1;
        }
        if (!mode) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing connection mode for <reservations/>");
            return -1;
        }
    }
    if (type && strcmp(type, "unix") != 0) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "unsupported connection type for <reservations/>: %s", type);
        return -1;
    }
    if (mode && strcmp(mode, "client") != 0) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "unsupported connection mode for <reservations/>: %s", mode);
        return -1;
    }
    src->pr_path = g_steal_pointer(&path);
    src->has_reservations = true;
    return 0;
}

static void
reservations_format(MvXmlBuf *buf, const MvStorageSource *src)
{
    mv_xml_buf_start(buf, "reservations");
    mv_xml_buf_attr_tristate_bool(buf, "managed", src->pr_managed);
    if (src->pr_path) {
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "type", "unix");
        mv_xml_buf_attr(buf, "path", src->pr_path);
        mv_xml_buf_attr(buf, "mode", "client");
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

/* Per-type <source> parsers ------------------------------------------ */

static unsigned int
protocol_default_port(MvStorageProtocol protocol)
{
    switch (protocol) {
    case MV_STORAGE_PROTOCOL_HTTP: return 80;
    case MV_STORAGE_PROTOCOL_HTTPS: return 443;
    case MV_STORAGE_PROTOCOL_FTP: return 21;
    case MV_STORAGE_PROTOCOL_FTPS: return 990;
    case MV_STORAGE_PROTOCOL_TFTP: return 69;
    case MV_STORAGE_PROTOCOL_SHEEPDOG: return 7000;
    case MV_STORAGE_PROTOCOL_NBD: return 10809;
    case MV_STORAGE_PROTOCOL_SSH: return 22;
    case MV_STORAGE_PROTOCOL_ISCSI: return 3260;
    case MV_STORAGE_PROTOCOL_GLUSTER: return 24007;
    case MV_STORAGE_PROTOCOL_VXHS: return 9999;
    case MV_STORAGE_PROTOCOL_RBD:
    case MV_STORAGE_PROTOCOL_NFS:
    case MV_STORAGE_PROTOCOL_NONE:
    case MV_STORAGE_PROTOCOL_LAST:
        break;
    }
    return 0;
}

static int
host_parse(const xmlNode *node, MvStorageHost *host)
{
    g_autofree char *transport = mv_xml_prop(node, "transport");
    g_autofree char *port = NULL;
    int t;

    if (transport) {
        if ((t = mv_storage_transport_from_string(transport)) < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "unknown protocol transport type '%s'", transport);
            return -1;
        }
        host->transport = t;
    }
    host->socket = mv_xml_prop(node, "socket");
    if (host->transport == MV_STORAGE_TRANSPORT_UNIX && !host->socket) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing socket for unix transport");
        return -1;
    }
    if (host->transport != MV_STORAGE_TRANSPORT_UNIX && host->socket) {
        mv_report_error(VIR_ERR_XML_ERROR, "transport '%s' does not support socket attribute",
                        transport ? transport : "(null)");
        return -1;
    }
    if (host->transport == MV_STORAGE_TRANSPORT_UNIX)
        return 0;
    if (!(host->name = mv_xml_prop(node, "name"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing name for host");
        return -1;
    }
    if ((port = mv_xml_prop(node, "port"))) {
        uint64_t v = 0;
        char *end = NULL;

        if (g_ascii_isdigit(port[0]))
            v = g_ascii_strtoull(port, &end, 10);
        if (!end || *end || v > 65535) {
            mv_report_error(VIR_ERR_INVALID_ARG, "failed to parse port number '%s'", port);
            return -1;
        }
        host->port = (unsigned int) v;
    }
    return 0;
}

static int
network_source_parse(const xmlNode *node, MvStorageSource *src)
{
    xmlNode *child;
    int protocol = 0;
    size_t n;

    if (mv_xml_prop_enum(node, "protocol", mv_storage_protocol_from_string,
                         MV_XML_PROP_REQUIRED, &protocol) < 0)
        return -1;
    src->protocol = protocol;
    /* An empty name would be dropped below as "no media" and written back
     * without one, which no parser reads again (libvirt 9.0 accepts it for
     * most protocols and crashes on it for iscsi): refused as missing. */
    src->path = mv_xml_prop(node, "name");
    if ((!src->path || (!*src->path && src->protocol != MV_STORAGE_PROTOCOL_RBD &&
                        src->protocol != MV_STORAGE_PROTOCOL_GLUSTER)) &&
        src->protocol != MV_STORAGE_PROTOCOL_NBD) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing name for disk source");
        return -1;
    }
    if (mv_xml_prop_tristate_bool(node, "tls", MV_XML_PROP_NONE, &src->tls) < 0)
        return -1;
    src->tls_hostname = mv_xml_prop(node, "tlsHostname");

    /* rbd and gluster keep "pool/image" in one name. */
    if (src->path && (src->protocol == MV_STORAGE_PROTOCOL_GLUSTER ||
                      src->protocol == MV_STORAGE_PROTOCOL_RBD)) {
        char *slash = strchr(src->path, '/');
        char *image;

        if (!slash || slash == src->path) {
            mv_report_error(VIR_ERR_XML_ERROR, "can't split path '%s' into pool name and image name",
                            src->path);
            return -1;
        }
        image = g_strdup(slash + 1);
        *slash = '\0';
        src->net_volume = src->path;
        src->path = image;
    }

    if ((child = mv_xml_child(node, "snapshot")))
        src->snapshot = mv_xml_prop(child, "name");
    if ((child = mv_xml_child(node, "config")))
        src->config_file = mv_xml_prop(child, "file");
    if (src->protocol == MV_STORAGE_PROTOCOL_HTTP || src->protocol == MV_STORAGE_PROTOCOL_HTTPS)
        src->query = mv_xml_prop(node, "query");

    n = mv_xml_child_count(node, "host");
    src->hosts = g_new0(MvStorageHost, n ? n : 1);
    for (child = mv_xml_child(node, "host"); child; child = mv_xml_next(child)) {
        if (host_parse(child, &src->hosts[src->nhosts++]) < 0)
            return -1;
    }
    for (size_t i = 0; i < src->nhosts; i++) {
        if (src->hosts[i].transport == MV_STORAGE_TRANSPORT_TCP && src->hosts[i].port == 0)
            src->hosts[i].port = protocol_default_port(src->protocol);
    }

    if (src->protocol == MV_STORAGE_PROTOCOL_NFS && (child = mv_xml_child(node, "identity"))) {
        src->nfs_user = mv_xml_prop(child, "user");
        src->nfs_group = mv_xml_prop(child, "group");
    }
    if ((child = mv_xml_child(node, "initiator")) && (child = mv_xml_child(child, "iqn")))
        src->initiator_iqn = mv_xml_prop(child, "name");

    if ((src->protocol == MV_STORAGE_PROTOCOL_HTTPS || src->protocol == MV_STORAGE_PROTOCOL_FTPS) &&
        (child = mv_xml_child(node, "ssl")) &&
        mv_xml_prop_tristate_bool(child, "verify", MV_XML_PROP_NONE, &src->ssl_verify) < 0)
        return -1;

    if (src->protocol == MV_STORAGE_PROTOCOL_HTTP || src->protocol == MV_STORAGE_PROTOCOL_HTTPS ||
        src->protocol == MV_STORAGE_PROTOCOL_FTP || src->protocol == MV_STORAGE_PROTOCOL_FTPS) {
        xmlNode *ra = mv_xml_child(node, "readahead");
        xmlNode *to = mv_xml_child(node, "timeout");
        g_autofree char *size = ra ? mv_xml_prop(ra, "size") : NULL;
        g_autofree char *seconds = to ? mv_xml_prop(to, "seconds") : NULL;

        if ((size && mv_parse_uint64(size, "readahead", &src->readahead) < 0) ||
            (seconds && mv_parse_uint64(seconds, "timeout", &src->timeout) < 0)) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "invalid readahead size or timeout");
            return -1;
        }
    }
    return 0;
}

static int
volume_source_parse(const xmlNode *node, MvStorageSource *src)
{
    g_autofree char *mode = mv_xml_prop(node, "mode");
    int m;

    src->pool = mv_xml_prop(node, "pool");
    src->volume = mv_xml_prop(node, "volume");
    /* A cdrom or floppy may name no volume at all. */
    if (!src->pool && !src->volume)
        return 0;
    if (!src->pool || !src->volume) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "'pool' and 'volume' must be specified together for 'pool' type source");
        return -1;
    }
    if (mode) {
        if ((m = mv_storage_pool_mode_from_string(mode)) <= 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "unknown source mode '%s' for volume type disk", mode);
            return -1;
        }
        src->pool_mode = m;
    }
    return 0;
}

static int
nvme_source_parse(const xmlNode *node, MvStorageSource *src)
{
    g_autofree char *type = mv_xml_prop(node, "type");
    g_autofree char *ns = mv_xml_prop(node, "namespace");
    xmlNode *address;
    char *end = NULL;

    if (!type) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing 'type' attribute to disk source");
        return -1;
    }
    if (strcmp(type, "pci") != 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "unsupported source type '%s'", type);
        return -1;
    }
    if (!ns) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing 'namespace' attribute to disk source");
        return -1;
    }
    if (g_ascii_isdigit(ns[0]))
        src->nvme_namespace = g_ascii_strtoull(ns, &end, 10);
    if (!end || *end) {
        mv_report_error(VIR_ERR_XML_ERROR, "malformed namespace '%s'", ns);
        return -1;
    }
    if (mv_xml_prop_tristate_bool(node, "managed", MV_XML_PROP_NONE, &src->nvme_managed) < 0)
        return -1;
    if (!(address = mv_xml_child(node, "address"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "NVMe disk source is missing address");
        return -1;
    }
    return mv_xml_pci_addr_parse(address, &src->nvme_addr);
}

static int
vhostuser_source_parse(const xmlNode *node, MvStorageSource *src)
{
    g_autofree char *type = mv_xml_prop(node, "type");
    xmlNode *reconnect;

    if (!type) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing 'type' attribute for vhostuser disk source");
        return -1;
    }
    if (strcmp(type, "unix") != 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "invalid 'type' attribute for vhostuser disk source");
        return -1;
    }
    if (!(src->path = mv_xml_prop(node, "path"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing 'path' attribute for vhostuser disk source");
        return -1;
    }
    if (!(reconnect = mv_xml_child(node, "reconnect")))
        return 0;
    if (mv_xml_prop_tristate_bool(reconnect, "enabled", MV_XML_PROP_NONE,
                                  &src->reconnect_enabled) < 0)
        return -1;
    if (src->reconnect_enabled == MV_TRISTATE_YES &&
        mv_xml_prop_uint(reconnect, "timeout", 10, MV_XML_PROP_REQUIRED,
                         &src->reconnect_timeout) < 0)
        return -1;
    return 0;
}

static int
slices_parse(const xmlNode *source, MvStorageSource *src)
{
    xmlNode *slices = mv_xml_child(source, "slices");

    if (!slices)
        return 0;
    for (xmlNode *slice = mv_xml_child(slices, "slice"); slice; slice = mv_xml_next(slice)) {
        g_autofree char *type = mv_xml_prop(slice, "type");
        g_autofree char *offset = NULL;
        g_autofree char *size = NULL;

        if (g_strcmp0(type, "storage") != 0)
            continue;
        offset = mv_xml_prop(slice, "offset");
        size = mv_xml_prop(slice, "size");
        if (!offset || !size) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing offset or size attribute of slice");
            return -1;
        }
        if (mv_parse_uint64(offset, "offset", &src->slice_offset) < 0) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "malformed value '%s' of 'offset' attribute of slice", offset);
            return -1;
        }
        if (mv_parse_uint64(size, "size", &src->slice_size) < 0) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "malformed value '%s' of 'size' attribute of slice", size);
            return -1;
        }
        src->has_slice = true;
        break;
    }
    return 0;
}

int
mv_storage_source_parse(const xmlNode *source, unsigned int flags, MvStorageSource *src)
{
    xmlNode *node;
    int rc = 0;

    switch (src->type) {
    case MV_STORAGE_TYPE_FILE:
        src->path = mv_xml_prop(source, "file");
        src->fdgroup = mv_xml_prop(source, "fdgroup");
        break;
    case MV_STORAGE_TYPE_BLOCK:
        src->path = mv_xml_prop(source, "dev");
        break;
    case MV_STORAGE_TYPE_DIR:
        src->path = mv_xml_prop(source, "dir");
        break;
    case MV_STORAGE_TYPE_NETWORK:
        rc = network_source_parse(source, src);
        break;
    case MV_STORAGE_TYPE_VOLUME:
        rc = volume_source_parse(source, src);
        break;
    case MV_STORAGE_TYPE_NVME:
        rc = nvme_source_parse(source, src);
        break;
    case MV_STORAGE_TYPE_VHOST_USER:
        rc = vhostuser_source_parse(source, src);
        break;
    case MV_STORAGE_TYPE_NONE:
    case MV_STORAGE_TYPE_LAST:
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "unexpected disk type %s",
                        mv_storage_type_to_string(src->type));
        return -1;
    }
    if (rc < 0)
        return -1;

    if ((node = mv_xml_child(source, "auth")) && !(src->auth = mv_storage_auth_parse(node)))
        return -1;
    if ((node = mv_xml_child(source, "encryption")) &&
        !(src->encryption = mv_storage_encryption_parse(node)))
        return -1;
    if ((node = mv_xml_child(source, "reservations")) && reservations_parse(node, src) < 0)
        return -1;
    if (slices_parse(source, src) < 0)
        return -1;
    if (seclabels_parse(source, flags, src->seclabels) < 0)
        return -1;

    /* An empty path is how some tools say "no media". */
    if (src->path && !*src->path)
        g_clear_pointer(&src->path, g_free);
    return 0;
}

int
mv_storage_backing_parse(const xmlNode *parent, unsigned int flags, MvStorageSource *src)
{
    xmlNode *node = mv_xml_child(parent, "backingStore");
    xmlNode *format;
    xmlNode *source;
    g_autofree char *type = NULL;
    g_autofree char *fmt = NULL;
    g_autoptr(MvStorageSource) backing = NULL;
    int v;

    if (!node)
        return 0;
    backing = mv_storage_source_new();
    /* <backingStore/> without a type ends the chain. */
    if (!(type = mv_xml_prop(node, "type"))) {
        src->backing = g_steal_pointer(&backing);
        return 0;
    }
    if (!(flags & MV_DOMAIN_XML_INACTIVE)) {
        g_autofree char *index = mv_xml_prop(node, "index");
        uint64_t idx = 0;

        if (index && (mv_parse_uint64(index, "index", &idx) < 0 || idx > G_MAXUINT)) {
            mv_report_error(VIR_ERR_XML_ERROR, "invalid storage source index '%s'", index);
            return -1;
        }
        backing->index = (unsigned int) idx;
    }
    if (!(format = mv_xml_child(node, "format")) || !(fmt = mv_xml_prop(format, "type")) || !*fmt) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing disk backing store format");
        return -1;
    }
    if (!(source = mv_xml_child(node, "source"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing disk backing store source");
        return -1;
    }
    if ((v = mv_storage_type_from_string(type)) <= 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "unknown storage source type '%s'", type);
        return -1;
    }
    backing->type = v;
    if ((v = mv_storage_format_from_string(fmt)) <= 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "unknown storage source format '%s'", fmt);
        return -1;
    }
    backing->format = v;
    if (mv_storage_metadata_cache_parse(format, &backing->metadata_cache_max) < 0)
        return -1;
    backing->readonly = true;
    if (mv_storage_source_parse(source, flags, backing) < 0)
        return -1;
    /* A local backing store whose <source> names no path is written back
     * without <source>; libvirt accepts it once and then refuses its own
     * output with this error, which modvirt gives at once. */
    if (!backing->path && (backing->type == MV_STORAGE_TYPE_FILE ||
                           backing->type == MV_STORAGE_TYPE_BLOCK ||
                           backing->type == MV_STORAGE_TYPE_DIR)) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing disk backing store source");
        return -1;
    }
    if (mv_storage_backing_parse(node, flags, backing) < 0)
        return -1;
    src->backing = g_steal_pointer(&backing);
    return 0;
}

/* Formatting --------------------------------------------------------- */

void
mv_storage_xml_end_or_drop(MvXmlBuf *buf, gsize mark)
{
    const char *tail;
    bool parent_was_open;

    mv_xml_buf_end(buf);
    tail = buf->str->str + mark;
    /* Starting the element ended its parent's start tag first. */
    parent_was_open = g_str_has_prefix(tail, ">\n");
    if (parent_was_open)
        tail += 2;
    while (*tail == ' ')
        tail++;
    /* "<name/>\n": no attribute (no space) and no child (one line). */
    if (*tail == '<' && !strchr(tail, ' ') && g_str_has_suffix(tail, "/>\n") &&
        strchr(tail, '\n') == tail + strlen(tail) - 1) {
        g_string_truncate(buf->str, mark);
        if (parent_was_open)
            buf->pending = true;
    }
}

static void
network_source_format_attrs(MvXmlBuf *buf, const MvStorageSource *src)
{
    mv_xml_buf_attr(buf, "protocol", mv_storage_protocol_to_string(src->protocol));
    if (src->net_volume)
        mv_xml_buf_attr_printf(buf, "name", "%s/%s", src->net_volume, src->path);
    else
        mv_xml_buf_attr(buf, "name", src->path);
    mv_xml_buf_attr(buf, "query", src->query);
    mv_xml_buf_attr_tristate_bool(buf, "tls", src->tls);
    mv_xml_buf_attr(buf, "tlsHostname", src->tls_hostname);
}

static void
network_source_format_children(MvXmlBuf *buf, const MvStorageSource *src)
{
    for (size_t i = 0; i < src->nhosts; i++) {
        const MvStorageHost *host = &src->hosts[i];

        mv_xml_buf_start(buf, "host");
        mv_xml_buf_attr(buf, "name", host->name);
        if (host->port)
            mv_xml_buf_attr_uint(buf, "port", host->port);
        if (host->transport != MV_STORAGE_TRANSPORT_TCP)
            mv_xml_buf_attr(buf, "transport", mv_storage_transport_to_string(host->transport));
        mv_xml_buf_attr(buf, "socket", host->socket);
        mv_xml_buf_end(buf);
    }
    if (src->protocol == MV_STORAGE_PROTOCOL_NFS && (src->nfs_user || src->nfs_group)) {
        mv_xml_buf_start(buf, "identity");
        mv_xml_buf_attr(buf, "user", src->nfs_user);
        mv_xml_buf_attr(buf, "group", src->nfs_group);
        mv_xml_buf_end(buf);
    }
    if (src->snapshot) {
        mv_xml_buf_start(buf, "snapshot");
        mv_xml_buf_attr(buf, "name", src->snapshot);
        mv_xml_buf_end(buf);
    }
    if (src->config_file) {
        mv_xml_buf_start(buf, "config");
        mv_xml_buf_attr(buf, "file", src->config_file);
        mv_xml_buf_end(buf);
    }
    if (src->initiator_iqn) {
        mv_xml_buf_start(buf, "initiator");
        mv_xml_buf_start(buf, "iqn");
        mv_xml_buf_attr(buf, "name", src->initiator_iqn);
        mv_xml_buf_end(buf);
        mv_xml_buf_end(buf);
    }
    if (src->ssl_verify != MV_TRISTATE_ABSENT) {
        mv_xml_buf_start(buf, "ssl");
        mv_xml_buf_attr_tristate_bool(buf, "verify", src->ssl_verify);
        mv_xml_buf_end(buf);
    }
    if (src->readahead) {
        mv_xml_buf_start(buf, "readahead");
        mv_xml_buf_attr_uint(buf, "size", src->readahead);
        mv_xml_buf_end(buf);
    }
    if (src->timeout) {
        mv_xml_buf_start(buf, "timeout");
        mv_xml_buf_attr_uint(buf, "seconds", src->timeout);
        mv_xml_buf_end(buf);
    }
}

/* Attributes come before children in a start tag, so each type writes
 * its attributes first; the children shared by every type follow. */
void
mv_storage_source_format(MvXmlBuf *buf, const MvStorageSource *src,
                         const MvStorageSourceFormatOpts *opts, unsigned int flags)
{
    gsize mark = buf->str->len;
    bool network = src->type == MV_STORAGE_TYPE_NETWORK;

    mv_xml_buf_start(buf, opts->element);
    switch (src->type) {
    case MV_STORAGE_TYPE_FILE:
        mv_xml_buf_attr(buf, "file", src->path);
        mv_xml_buf_attr(buf, "fdgroup", src->fdgroup);
        break;
    case MV_STORAGE_TYPE_BLOCK:
        mv_xml_buf_attr(buf, "dev", src->path);
        break;
    case MV_STORAGE_TYPE_DIR:
        mv_xml_buf_attr(buf, "dir", src->path);
        break;
    case MV_STORAGE_TYPE_VOLUME:
        mv_xml_buf_attr(buf, "pool", src->pool);
        mv_xml_buf_attr(buf, "volume", src->volume);
        if (src->pool_mode != MV_STORAGE_POOL_MODE_DEFAULT)
            mv_xml_buf_attr(buf, "mode", mv_storage_pool_mode_to_string(src->pool_mode));
        break;
    case MV_STORAGE_TYPE_NVME:
        mv_xml_buf_attr(buf, "type", "pci");
        mv_xml_buf_attr_tristate_bool(buf, "managed", src->nvme_managed);
        mv_xml_buf_attr_uint(buf, "namespace", src->nvme_namespace);
        break;
    case MV_STORAGE_TYPE_VHOST_USER:
        mv_xml_buf_attr(buf, "type", "unix");
        mv_xml_buf_attr(buf, "path", src->path);
        break;
    case MV_STORAGE_TYPE_NETWORK:
        network_source_format_attrs(buf, src);
        break;
    case MV_STORAGE_TYPE_NONE:
    case MV_STORAGE_TYPE_LAST:
        break;
    }
    if (opts->startup_policy && !network)
        mv_xml_buf_attr(buf, "startupPolicy", opts->startup_policy_name);
    if (opts->with_index && src->index)
        mv_xml_buf_attr_uint(buf, "index", src->index);
    if (network)
        network_source_format_children(buf, src);

    if (src->type == MV_STORAGE_TYPE_NVME) {
        mv_xml_buf_start(buf, "address");
        mv_xml_buf_attr_printf(buf, "domain", "0x%04x", src->nvme_addr.domain);
        mv_xml_buf_attr_printf(buf, "bus", "0x%02x", src->nvme_addr.bus);
        mv_xml_buf_attr_printf(buf, "slot", "0x%02x", src->nvme_addr.slot);
        mv_xml_buf_attr_printf(buf, "function", "0x%u", src->nvme_addr.function);
        mv_xml_buf_end(buf);
    }
    if (src->type == MV_STORAGE_TYPE_VHOST_USER && src->reconnect_enabled != MV_TRISTATE_ABSENT) {
        mv_xml_buf_start(buf, "reconnect");
        mv_xml_buf_attr_tristate_bool(buf, "enabled", src->reconnect_enabled);
        if (src->reconnect_enabled == MV_TRISTATE_YES)
            mv_xml_buf_attr_uint(buf, "timeout", src->reconnect_timeout);
        mv_xml_buf_end(buf);
    }
    if (src->has_slice) {
        mv_xml_buf_start(buf, "slices");
        mv_xml_buf_start(buf, "slice");
        mv_xml_buf_attr(buf, "type", "storage");
        mv_xml_buf_attr_uint(buf, "offset", src->slice_offset);
        mv_xml_buf_attr_uint(buf, "size", src->slice_size);
        mv_xml_buf_end(buf);
        mv_xml_buf_end(buf);
    }
    if (!network)
        seclabels_format(buf, src->seclabels, flags);
    /* The pool keeps a volume's credentials; they are never written here. */
    if (src->auth && !opts->skip_auth && src->type != MV_STORAGE_TYPE_VOLUME)
        mv_storage_auth_format(buf, src->auth);
    if (src->encryption && !opts->skip_encryption)
        mv_storage_encryption_format(buf, src->encryption);
    if (src->has_reservations)
        reservations_format(buf, src);
    mv_storage_xml_end_or_drop(buf, mark);
}

void
mv_storage_backing_format(MvXmlBuf *buf, const MvStorageSource *src, unsigned int flags)
{
    const MvStorageSource *backing = src->backing;
    MvStorageSourceFormatOpts opts = { .element = "source" };

    if (!backing)
        return;
    mv_xml_buf_start(buf, "backingStore");
    if (backing->type == MV_STORAGE_TYPE_NONE) {
        mv_xml_buf_end(buf);
        return;
    }
    mv_xml_buf_attr(buf, "type", mv_storage_type_to_string(backing->type));
    if (backing->index)
        mv_xml_buf_attr_uint(buf, "index", backing->index);
    mv_xml_buf_start(buf, "format");
    mv_xml_buf_attr(buf, "type", mv_storage_format_to_string(backing->format));
    mv_storage_metadata_cache_format(buf, backing->metadata_cache_max);
    mv_xml_buf_end(buf);
    mv_storage_source_format(buf, backing, &opts, flags);
    mv_storage_backing_format(buf, backing, flags);
    mv_xml_buf_end(buf);
}
