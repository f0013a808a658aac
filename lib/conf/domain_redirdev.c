/* Domain <redirdev> (USB redirection over spicevmc or TCP) and <redirfilter> rules. */
#define MV_LOG_MODULE "conf.domain_redirdev"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_redirdev.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

MV_ENUM_IMPL(mv_redirdev_type, MV_REDIRDEV_LAST, "spicevmc", "tcp")
MV_ENUM_IMPL(mv_chr_tcp_protocol, MV_CHR_TCP_LAST, "raw", "telnet", "telnets", "tls")

/* <redirdev> ------------------------------------------------------------ */

void
mv_domain_redirdev_free(MvDomainRedirdev *def)
{
    if (!def)
        return;
    g_free(def->tcp.host);
    g_free(def->tcp.service);
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

static int
tcp_parse(MvDomainRedirdev *def, const xmlNode *node)
{
    xmlNode *source = mv_xml_child(node, "source");
    xmlNode *child;
    g_autofree char *mode = NULL;
    int v = 0;

    if (source) {
        mode = mv_xml_prop(source, "mode");
        def->tcp.listen = g_strcmp0(mode, "bind") == 0;
        def->tcp.host = mv_xml_prop(source, "host");
        def->tcp.service = mv_xml_prop(source, "service");
        if (mv_xml_prop_tristate_bool(source, "tls", MV_XML_PROP_NONE, &def->tcp.tls) < 0)
            return -1;
        if ((child = mv_xml_child(source, "reconnect"))) {
            if (mv_xml_prop_tristate_bool(child, "enabled", MV_XML_PROP_NONE, &def->tcp.reconnect) < 0)
                return -1;
            if (def->tcp.reconnect == MV_TRISTATE_YES &&
                mv_xml_prop_uint(child, "timeout", 10, MV_XML_PROP_REQUIRED,
                                 &def->tcp.reconnect_timeout) < 0)
                return -1;
        }
    }
    if (!def->tcp.host && !def->tcp.listen) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing source host attribute for char device");
        return -1;
    }
    if (!def->tcp.service) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing source service attribute for char device");
        return -1;
    }
    if ((child = mv_xml_child(node, "protocol"))) {
        if (mv_xml_prop_enum(child, "type", mv_chr_tcp_protocol_from_string, MV_XML_PROP_NONE, &v) < 0)
            return -1;
        def->tcp.protocol = v;
    }
    return 0;
}

void *
mv_domain_redirdev_parse_node(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainRedirdev) def = g_new0(MvDomainRedirdev, 1);
    g_autofree char *bus = mv_xml_prop(node, "bus");
    g_autofree char *type = mv_xml_prop(node, "type");
    int t;

    mv_domain_device_info_init(&def->info);
    if (bus && strcmp(bus, "usb") != 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown redirdev bus '%s'", bus);
        return NULL;
    }
    if (!type) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "missing type in redirdev");
        return NULL;
    }
    if ((t = mv_redirdev_type_from_string(type)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown redirdev character device type '%s'", type);
        return NULL;
    }
    def->type = t;
    if (def->type == MV_REDIRDEV_TCP && tcp_parse(def, node) < 0)
        return NULL;

    if (mv_domain_device_info_parse(node, MV_DEVICE_INFO_ALLOW_BOOT, flags, &def->info) < 0)
        return NULL;
    if (def->info.address.type != MV_DOMAIN_ADDRESS_NONE &&
        def->info.address.type != MV_DOMAIN_ADDRESS_USB) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Invalid address for a USB device");
        return NULL;
    }
    return g_steal_pointer(&def);
}

void
mv_domain_redirdev_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    const MvDomainRedirdev *def = dev;

    mv_xml_buf_start(buf, "redirdev");
    mv_xml_buf_attr(buf, "bus", "usb");
    mv_xml_buf_attr(buf, "type", mv_redirdev_type_to_string(def->type));
    mv_xml_buf_open_children(buf);
    if (def->type == MV_REDIRDEV_TCP) {
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "mode", def->tcp.listen ? "bind" : "connect");
        mv_xml_buf_attr(buf, "host", def->tcp.host);
        mv_xml_buf_attr(buf, "service", def->tcp.service);
        mv_xml_buf_attr_tristate_bool(buf, "tls", def->tcp.tls);
        if (def->tcp.reconnect) {
            mv_xml_buf_start(buf, "reconnect");
            mv_xml_buf_attr_tristate_bool(buf, "enabled", def->tcp.reconnect);
            if (def->tcp.reconnect == MV_TRISTATE_YES)
                mv_xml_buf_attr_uint(buf, "timeout", def->tcp.reconnect_timeout);
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_end(buf);
        mv_xml_buf_start(buf, "protocol");
        mv_xml_buf_attr(buf, "type", mv_chr_tcp_protocol_to_string(def->tcp.protocol));
        mv_xml_buf_end(buf);
    }
    mv_domain_device_info_format(buf, &def->info, MV_DEVICE_INFO_ALLOW_BOOT, flags);
    mv_xml_buf_end(buf);
}

void
mv_domain_redirdev_free_node(void *dev)
{
    mv_domain_redirdev_free(dev);
}

const MvDomainDeviceInfo *
mv_domain_redirdev_info_node(const void *dev)
{
    const MvDomainRedirdev *def = dev;

    return &def->info;
}

/* <redirfilter> --------------------------------------------------------- */

void
mv_domain_redirfilter_free(MvDomainRedirFilter *def)
{
    if (!def)
        return;
    if (def->usbdevs)
        g_ptr_array_unref(def->usbdevs);
    g_free(def);
}

/* An optional signed number, base 0 ("0x08", "-1"); -1 when absent. */
static int
any_int_prop(const xmlNode *node, const char *name, int *ret_value)
{
    g_autofree char *text = mv_xml_prop(node, name);
    char *end = NULL;
    long v;

    *ret_value = -1;
    if (!text)
        return 0;
    v = strtol(text, &end, 0);
    if (!*text || *end || v < G_MININT || v > G_MAXINT) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid value for attribute '%s' in element '%s': '%s'.",
                        name, (const char *) node->name, text);
        return -1;
    }
    *ret_value = (int) v;
    return 0;
}

/* "JJ.MN" to 0xJJMN; "JJ.M" reads as JJ.M0. */
static int
usb_version_parse(const char *text, int *ret_version)
{
    unsigned long major, minor;
    char *end = NULL;
    const char *dot;

    major = strtoul(text, &end, 10);
    if (end == text || *end != '.')
        goto error;
    dot = end + 1;
    minor = strtoul(dot, &end, 10);
    if (end == dot || *end || major >= 100 || minor >= 100)
        goto error;
    if (strlen(dot) == 1)
        minor *= 10;
    *ret_version = (major / 10) << 12 | (major % 10) << 8 | (minor / 10) << 4 | (minor % 10);
    return 0;

 error:
    mv_report_error(VIR_ERR_XML_ERROR, "Cannot parse USB device version %s", text);
    return -1;
}

static MvRedirFilterUsbdev *
usbdev_parse(const xmlNode *node)
{
    g_autofree MvRedirFilterUsbdev *dev = g_new0(MvRedirFilterUsbdev, 1);
    g_autofree char *version = NULL;
    MvTristate allow = MV_TRISTATE_ABSENT;

    if (any_int_prop(node, "class", &dev->usb_class) < 0)
        return NULL;
    if (dev->usb_class != -1 && (dev->usb_class & ~0xff)) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "Invalid USB Class code 0x%x", dev->usb_class);
        return NULL;
    }
    if (any_int_prop(node, "vendor", &dev->vendor) < 0 ||
        any_int_prop(node, "product", &dev->product) < 0)
        return NULL;
    dev->version = -1;
    if ((version = mv_xml_prop(node, "version")) && strcmp(version, "-1") != 0 &&
        usb_version_parse(version, &dev->version) < 0)
        return NULL;
    if (mv_xml_prop_tristate_bool(node, "allow", MV_XML_PROP_REQUIRED, &allow) < 0)
        return NULL;
    dev->allow = allow == MV_TRISTATE_YES;
    return g_steal_pointer(&dev);
}

void *
mv_domain_redirfilter_parse_node(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainRedirFilter) def = g_new0(MvDomainRedirFilter, 1);

    def->usbdevs = g_ptr_array_new_with_free_func(g_free);
    for (xmlNode *n = mv_xml_child(node, "usbdev"); n; n = mv_xml_next(n)) {
        MvRedirFilterUsbdev *dev = usbdev_parse(n);

        if (!dev)
            return NULL;
        g_ptr_array_add(def->usbdevs, dev);
    }
    return g_steal_pointer(&def);
}

void
mv_domain_redirfilter_format_node(MvXmlBuf *buf, const void *obj, unsigned int flags)
{
    const MvDomainRedirFilter *def = obj;

    if (!def->usbdevs || def->usbdevs->len == 0)
        return;
    mv_xml_buf_start(buf, "redirfilter");
    for (guint i = 0; i < def->usbdevs->len; i++) {
        const MvRedirFilterUsbdev *dev = g_ptr_array_index(def->usbdevs, i);

        mv_xml_buf_start(buf, "usbdev");
        if (dev->usb_class >= 0)
            mv_xml_buf_attr_printf(buf, "class", "0x%02X", (unsigned int) dev->usb_class);
        if (dev->vendor >= 0)
            mv_xml_buf_attr_printf(buf, "vendor", "0x%04X", (unsigned int) dev->vendor);
        if (dev->product >= 0)
            mv_xml_buf_attr_printf(buf, "product", "0x%04X", (unsigned int) dev->product);
        if (dev->version >= 0)
            mv_xml_buf_attr_printf(buf, "version", "%d.%02d",
                                   ((dev->version & 0xf000) >> 12) * 10 + ((dev->version & 0x0f00) >> 8),
                                   ((dev->version & 0x00f0) >> 4) * 10 + (dev->version & 0x000f));
        mv_xml_buf_attr(buf, "allow", dev->allow ? "yes" : "no");
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

void
mv_domain_redirfilter_free_node(void *dev)
{
    mv_domain_redirfilter_free(dev);
}

const MvDomainDeviceInfo *
mv_domain_redirfilter_info_node(const void *dev)
{
    return NULL;
}
