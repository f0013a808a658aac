/* The host side of a character device: parse, validate and format of <source>, <protocol>, <log> for every chardev type. */
#define MV_LOG_MODULE "conf.domain_chr"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_chr_source.h"

#include <string.h>

#include "util/error.h"

MV_ENUM_IMPL(mv_domain_chr_type, MV_DOMAIN_CHR_TYPE_LAST,
             "null", "vc", "pty", "dev", "file", "pipe", "stdio", "udp", "tcp",
             "unix", "spicevmc", "spiceport", "nmdm", "qemu-vdagent", "dbus")
MV_ENUM_IMPL(mv_domain_chr_tcp_protocol, MV_DOMAIN_CHR_TCP_LAST,
             "raw", "telnet", "telnets", "tls")
MV_ENUM_IMPL(mv_domain_chr_spicevmc, MV_DOMAIN_CHR_SPICEVMC_LAST,
             "vdagent", "smartcard", "usbredir")
MV_ENUM_IMPL(mv_domain_mouse_mode, MV_DOMAIN_MOUSE_MODE_LAST,
             "default", "server", "client")

/* <source mode=>: connect is the default for tcp, udp and unix. */
typedef enum {
    SOURCE_MODE_CONNECT = 0,
    SOURCE_MODE_BIND,
    SOURCE_MODE_LAST,
} SourceMode;
MV_ENUM_DECL(source_mode);
MV_ENUM_IMPL(source_mode, SOURCE_MODE_LAST, "connect", "bind")

/* Characters libvirt accepts in a spiceport / dbus channel name. */
#define CHANNEL_NAME_CHARS \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-."

/* libvirt keeps a label of at most this many characters. */
#define SECLABEL_LABEL_MAX 4096

static void
seclabel_free(gpointer data)
{
    MvDomainDeviceSeclabel *label = data;

    g_free(label->model);
    g_free(label->label);
    g_free(label);
}

void
mv_domain_chr_source_clear(MvDomainChrSource *src)
{
    g_free(src->path);
    g_free(src->host);
    g_free(src->service);
    g_free(src->bind_host);
    g_free(src->bind_service);
    g_free(src->connect_host);
    g_free(src->connect_service);
    g_free(src->channel);
    g_free(src->master);
    g_free(src->slave);
    g_free(src->logfile);
    if (src->seclabels)
        g_ptr_array_unref(src->seclabels);
    memset(src, 0, sizeof(*src));
}

/* Parsing ------------------------------------------------------------- */

static int
seclabels_parse(const xmlNode *source, unsigned int flags, MvDomainChrSource *src)
{
    for (xmlNode *node = mv_xml_child(source, "seclabel"); node; node = mv_xml_next(node)) {
        g_autofree char *model = mv_xml_prop(node, "model");
        g_autofree char *label = NULL;
        MvTristate relabel = MV_TRISTATE_ABSENT;
        MvTristate skip = MV_TRISTATE_ABSENT;
        MvDomainDeviceSeclabel *def;

        if (!src->seclabels)
            src->seclabels = g_ptr_array_new_with_free_func(seclabel_free);
        for (guint i = 0; model && i < src->seclabels->len; i++) {
            const MvDomainDeviceSeclabel *other = g_ptr_array_index(src->seclabels, i);

            if (g_strcmp0(other->model, model) == 0) {
                mv_report_error(VIR_ERR_XML_DETAIL,
                                "seclabel for model %s is already provided", model);
                return -1;
            }
        }
        if (mv_xml_prop_tristate_bool(node, "relabel", MV_XML_PROP_NONE, &relabel) < 0)
            return -1;
        if (!(flags & MV_DOMAIN_XML_INACTIVE) &&
            mv_xml_prop_tristate_bool(node, "labelskip", MV_XML_PROP_NONE, &skip) < 0)
            return -1;
        label = mv_xml_child_content(node, "label");
        if (label && strlen(label) >= SECLABEL_LABEL_MAX)
            g_clear_pointer(&label, g_free);
        if (label && relabel == MV_TRISTATE_NO) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "Cannot specify a label if relabelling is turned off. model=%s",
                            model ? model : "<null>");
            return -1;
        }

        def = g_new0(MvDomainDeviceSeclabel, 1);
        def->model = g_steal_pointer(&model);
        def->relabel = relabel != MV_TRISTATE_NO;
        def->labelskip = skip == MV_TRISTATE_YES;
        def->label = g_steal_pointer(&label);
        g_ptr_array_add(src->seclabels, def);
    }
    return 0;
}

static int
mode_parse(const xmlNode *source, SourceMode *ret_mode)
{
    int mode = SOURCE_MODE_CONNECT;

    if (mv_xml_prop_enum(source, "mode", source_mode_from_string, MV_XML_PROP_NONE, &mode) < 0)
        return -1;
    *ret_mode = mode;
    return 0;
}

static int
reconnect_parse(const xmlNode *source, MvDomainChrSource *src)
{
    xmlNode *node = mv_xml_child(source, "reconnect");

    if (!node)
        return 0;
    if (mv_xml_prop_tristate_bool(node, "enabled", MV_XML_PROP_NONE, &src->reconnect) < 0)
        return -1;
    if (src->reconnect == MV_TRISTATE_YES &&
        mv_xml_prop_uint(node, "timeout", 10, MV_XML_PROP_REQUIRED, &src->reconnect_timeout) < 0)
        return -1;
    return 0;
}

static int
udp_parse(const xmlNode *source, MvDomainChrSource *src)
{
    SourceMode mode;

    if (mode_parse(source, &mode) < 0)
        return -1;

    /* The first <source> of each mode wins. */
    if (mode == SOURCE_MODE_CONNECT && !src->connect_host && !src->connect_service) {
        src->connect_host = mv_xml_prop(source, "host");
        src->connect_service = mv_xml_prop(source, "service");
    } else if (mode == SOURCE_MODE_BIND && !src->bind_host && !src->bind_service) {
        src->bind_host = mv_xml_prop(source, "host");
        src->bind_service = mv_xml_prop(source, "service");
    }
    return 0;
}

static int
vdagent_parse(const xmlNode *source, MvDomainChrSource *src)
{
    xmlNode *node;
    int mouse = MV_DOMAIN_MOUSE_MODE_DEFAULT;

    if ((node = mv_xml_child(source, "clipboard")) &&
        mv_xml_prop_tristate_bool(node, "copypaste", MV_XML_PROP_REQUIRED, &src->clipboard) < 0)
        return -1;
    if ((node = mv_xml_child(source, "mouse")) &&
        mv_xml_prop_enum(node, "mode", mv_domain_mouse_mode_from_string,
                         MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &mouse) < 0)
        return -1;
    src->mouse = mouse;
    return 0;
}

static int
source_parse(const xmlNode *first, const xmlNode *second, unsigned int flags,
             MvDomainChrSource *src)
{
    SourceMode mode;

    switch (src->type) {
    case MV_DOMAIN_CHR_TYPE_FILE:
        src->path = mv_xml_prop(first, "path");
        return mv_xml_prop_tristate_switch(first, "append", MV_XML_PROP_NONE, &src->append) < 0 ? -1 : 0;

    case MV_DOMAIN_CHR_TYPE_PTY:
        /* A pty's path is chosen at start: only live XML carries it. */
        if (!(flags & MV_DOMAIN_XML_INACTIVE))
            src->path = mv_xml_prop(first, "path");
        return 0;

    case MV_DOMAIN_CHR_TYPE_DEV:
    case MV_DOMAIN_CHR_TYPE_PIPE:
        src->path = mv_xml_prop(first, "path");
        return 0;

    case MV_DOMAIN_CHR_TYPE_UNIX:
        if (mode_parse(first, &mode) < 0)
            return -1;
        src->listen = mode == SOURCE_MODE_BIND;
        src->path = mv_xml_prop(first, "path");
        return reconnect_parse(first, src);

    case MV_DOMAIN_CHR_TYPE_UDP:
        if (udp_parse(first, src) < 0 || (second && udp_parse(second, src) < 0))
            return -1;
        return 0;

    case MV_DOMAIN_CHR_TYPE_TCP:
        if (mode_parse(first, &mode) < 0)
            return -1;
        src->listen = mode == SOURCE_MODE_BIND;
        src->host = mv_xml_prop(first, "host");
        src->service = mv_xml_prop(first, "service");
        if (mv_xml_prop_tristate_bool(first, "tls", MV_XML_PROP_NONE, &src->tls) < 0)
            return -1;
        return reconnect_parse(first, src);

    case MV_DOMAIN_CHR_TYPE_SPICEPORT:
    case MV_DOMAIN_CHR_TYPE_DBUS:
        src->channel = mv_xml_prop(first, "channel");
        return 0;

    case MV_DOMAIN_CHR_TYPE_NMDM:
        src->master = mv_xml_prop(first, "master");
        src->slave = mv_xml_prop(first, "slave");
        return 0;

    case MV_DOMAIN_CHR_TYPE_QEMU_VDAGENT:
        return vdagent_parse(first, src);

    case MV_DOMAIN_CHR_TYPE_NULL:
    case MV_DOMAIN_CHR_TYPE_VC:
    case MV_DOMAIN_CHR_TYPE_STDIO:
    case MV_DOMAIN_CHR_TYPE_SPICEVMC:
    case MV_DOMAIN_CHR_TYPE_LAST:
        break;
    }
    return 0;
}

int
mv_domain_chr_source_parse(const xmlNode *device, bool with_seclabels,
                           unsigned int flags, MvDomainChrSource *src)
{
    size_t nsources = mv_xml_child_count(device, "source");
    xmlNode *first = mv_xml_child(device, "source");
    xmlNode *node;

    if (nsources > 1 && src->type != MV_DOMAIN_CHR_TYPE_UDP) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "only one source element is allowed for character device");
        return -1;
    }
    if (nsources > 2) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "only two source elements are allowed for character device");
        return -1;
    }
    if (first) {
        if (source_parse(first, nsources == 2 ? mv_xml_next(first) : NULL, flags, src) < 0)
            return -1;
        if (with_seclabels && seclabels_parse(first, flags, src) < 0)
            return -1;
    }

    if (mv_xml_child_count(device, "log") > 1) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "only one log element is allowed for character device");
        return -1;
    }
    if ((node = mv_xml_child(device, "log"))) {
        src->logfile = mv_xml_prop(node, "file");
        if (mv_xml_prop_tristate_switch(node, "append", MV_XML_PROP_NONE, &src->logappend) < 0)
            return -1;
    }

    if (mv_xml_child_count(device, "protocol") > 1) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "only one protocol element is allowed for character device");
        return -1;
    }
    if ((node = mv_xml_child(device, "protocol")) && src->type == MV_DOMAIN_CHR_TYPE_TCP) {
        g_autofree char *protocol = mv_xml_prop(node, "type");
        int p;

        if (protocol) {
            if ((p = mv_domain_chr_tcp_protocol_from_string(protocol)) < 0) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Unknown protocol '%s'", protocol);
                return -1;
            }
            src->protocol = p;
        }
    }
    return 0;
}

/* Validation ---------------------------------------------------------- */

static int
channel_name_validate(const char *name)
{
    if (!name) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "Missing source channel attribute for char device");
        return -1;
    }
    if (strspn(name, CHANNEL_NAME_CHARS) < strlen(name)) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "Invalid character in source channel for char device");
        return -1;
    }
    return 0;
}

int
mv_domain_chr_source_validate(const MvDomainChrSource *src, bool target_has_default_path)
{
    switch (src->type) {
    case MV_DOMAIN_CHR_TYPE_FILE:
    case MV_DOMAIN_CHR_TYPE_DEV:
    case MV_DOMAIN_CHR_TYPE_PIPE:
        if (!src->path) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "Missing source path attribute for char device");
            return -1;
        }
        break;

    case MV_DOMAIN_CHR_TYPE_NMDM:
        if (!src->master != !src->slave) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "Should define both master and slave path attributes for nmdm device");
            return -1;
        }
        break;

    case MV_DOMAIN_CHR_TYPE_TCP:
        if (!src->host) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "Missing source host attribute for char device");
            return -1;
        }
        if (!src->service) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "Missing source service attribute for char device");
            return -1;
        }
        if (src->listen && src->reconnect != MV_TRISTATE_ABSENT) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "chardev reconnect is possible only for connect mode");
            return -1;
        }
        break;

    case MV_DOMAIN_CHR_TYPE_UDP:
        if (!src->connect_service) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "Missing source service attribute for char device");
            return -1;
        }
        break;

    case MV_DOMAIN_CHR_TYPE_UNIX:
        if (!src->path && !target_has_default_path) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "Missing source path attribute for char device");
            return -1;
        }
        if (src->listen && src->reconnect != MV_TRISTATE_ABSENT) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "chardev reconnect is possible only for connect mode");
            return -1;
        }
        break;

    case MV_DOMAIN_CHR_TYPE_SPICEPORT:
    case MV_DOMAIN_CHR_TYPE_DBUS:
        return channel_name_validate(src->channel);

    case MV_DOMAIN_CHR_TYPE_NULL:
    case MV_DOMAIN_CHR_TYPE_VC:
    case MV_DOMAIN_CHR_TYPE_PTY:
    case MV_DOMAIN_CHR_TYPE_STDIO:
    case MV_DOMAIN_CHR_TYPE_SPICEVMC:
    case MV_DOMAIN_CHR_TYPE_QEMU_VDAGENT:
    case MV_DOMAIN_CHR_TYPE_LAST:
        break;
    }
    return 0;
}

/* Formatting ---------------------------------------------------------- */

static void
seclabels_format(MvXmlBuf *buf, const MvDomainChrSource *src, unsigned int flags)
{
    for (guint i = 0; src->seclabels && i < src->seclabels->len; i++) {
        const MvDomainDeviceSeclabel *def = g_ptr_array_index(src->seclabels, i);

        /* A persistent config drops an override that says nothing. */
        if ((flags & MV_DOMAIN_XML_INACTIVE) && !def->label && def->relabel)
            continue;
        mv_xml_buf_start(buf, "seclabel");
        mv_xml_buf_attr(buf, "model", def->model);
        if (def->labelskip)
            mv_xml_buf_attr(buf, "labelskip", "yes");
        else
            mv_xml_buf_attr(buf, "relabel", def->relabel ? "yes" : "no");
        mv_xml_buf_text_element(buf, "label", def->label);
        mv_xml_buf_end(buf);
    }
}

static void
reconnect_format(MvXmlBuf *buf, const MvDomainChrSource *src)
{
    if (src->reconnect == MV_TRISTATE_ABSENT)
        return;
    mv_xml_buf_start(buf, "reconnect");
    mv_xml_buf_attr_tristate_bool(buf, "enabled", src->reconnect);
    if (src->reconnect == MV_TRISTATE_YES)
        mv_xml_buf_attr_uint(buf, "timeout", src->reconnect_timeout);
    mv_xml_buf_end(buf);
}

static void
udp_format(MvXmlBuf *buf, const char *mode, const char *host, const char *service)
{
    if (!host && !service)
        return;
    mv_xml_buf_start(buf, "source");
    mv_xml_buf_attr(buf, "mode", mode);
    mv_xml_buf_attr(buf, "host", host);
    mv_xml_buf_attr(buf, "service", service);
    mv_xml_buf_end(buf);
}

void
mv_domain_chr_source_format(MvXmlBuf *buf, const MvDomainChrSource *src, unsigned int flags)
{
    switch (src->type) {
    case MV_DOMAIN_CHR_TYPE_QEMU_VDAGENT:
        if (src->mouse == MV_DOMAIN_MOUSE_MODE_DEFAULT && src->clipboard == MV_TRISTATE_ABSENT)
            break;
        mv_xml_buf_start(buf, "source");
        if (src->clipboard != MV_TRISTATE_ABSENT) {
            mv_xml_buf_start(buf, "clipboard");
            mv_xml_buf_attr_tristate_bool(buf, "copypaste", src->clipboard);
            mv_xml_buf_end(buf);
        }
        if (src->mouse != MV_DOMAIN_MOUSE_MODE_DEFAULT) {
            mv_xml_buf_start(buf, "mouse");
            mv_xml_buf_attr(buf, "mode", mv_domain_mouse_mode_to_string(src->mouse));
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_end(buf);
        break;

    case MV_DOMAIN_CHR_TYPE_PTY:
    case MV_DOMAIN_CHR_TYPE_DEV:
    case MV_DOMAIN_CHR_TYPE_FILE:
    case MV_DOMAIN_CHR_TYPE_PIPE:
        if (src->type == MV_DOMAIN_CHR_TYPE_PTY &&
            (!src->path || (flags & MV_DOMAIN_XML_INACTIVE)))
            break;
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "path", src->path);
        if (src->type == MV_DOMAIN_CHR_TYPE_FILE)
            mv_xml_buf_attr_tristate_switch(buf, "append", src->append);
        seclabels_format(buf, src, flags);
        mv_xml_buf_end(buf);
        break;

    case MV_DOMAIN_CHR_TYPE_NMDM:
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "master", src->master);
        mv_xml_buf_attr(buf, "slave", src->slave);
        mv_xml_buf_end(buf);
        break;

    case MV_DOMAIN_CHR_TYPE_UDP:
        udp_format(buf, "bind", src->bind_host, src->bind_service);
        udp_format(buf, "connect", src->connect_host, src->connect_service);
        break;

    case MV_DOMAIN_CHR_TYPE_TCP:
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "mode", src->listen ? "bind" : "connect");
        mv_xml_buf_attr(buf, "host", src->host);
        mv_xml_buf_attr(buf, "service", src->service);
        mv_xml_buf_attr_tristate_bool(buf, "tls", src->tls);
        reconnect_format(buf, src);
        mv_xml_buf_end(buf);
        mv_xml_buf_start(buf, "protocol");
        mv_xml_buf_attr(buf, "type", mv_domain_chr_tcp_protocol_to_string(src->protocol));
        mv_xml_buf_end(buf);
        break;

    case MV_DOMAIN_CHR_TYPE_UNIX:
        if (!src->path)
            break;
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "mode", src->listen ? "bind" : "connect");
        mv_xml_buf_attr(buf, "path", src->path);
        seclabels_format(buf, src, flags);
        reconnect_format(buf, src);
        mv_xml_buf_end(buf);
        break;

    case MV_DOMAIN_CHR_TYPE_SPICEPORT:
    case MV_DOMAIN_CHR_TYPE_DBUS:
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "channel", src->channel);
        mv_xml_buf_end(buf);
        break;

    case MV_DOMAIN_CHR_TYPE_NULL:
    case MV_DOMAIN_CHR_TYPE_VC:
    case MV_DOMAIN_CHR_TYPE_STDIO:
    case MV_DOMAIN_CHR_TYPE_SPICEVMC:
    case MV_DOMAIN_CHR_TYPE_LAST:
        break;
    }

    if (src->logfile) {
        mv_xml_buf_start(buf, "log");
        mv_xml_buf_attr(buf, "file", src->logfile);
        mv_xml_buf_attr_tristate_switch(buf, "append", src->logappend);
        mv_xml_buf_end(buf);
    }
}
