/* Domain character devices (<serial>, <parallel>, <console>, <channel>): parse, validate, format, ports and the serial-console pairing. */
#define MV_LOG_MODULE "conf.domain_chr"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_chr.h"

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "domain_os.h"
#include "netaddr.h"
#include "util/error.h"

MV_ENUM_IMPL(mv_domain_chr_device, MV_DOMAIN_CHR_DEVICE_LAST,
             "parallel", "serial", "console", "channel")
MV_ENUM_IMPL(mv_domain_chr_serial_target, MV_DOMAIN_CHR_SERIAL_TARGET_LAST,
             "none", "isa-serial", "usb-serial", "pci-serial", "spapr-vio-serial",
             "system-serial", "sclp-serial", "isa-debug")
MV_ENUM_IMPL(mv_domain_chr_channel_target, MV_DOMAIN_CHR_CHANNEL_TARGET_LAST,
             "none", "guestfwd", "virtio", "xen")
MV_ENUM_IMPL(mv_domain_chr_console_target, MV_DOMAIN_CHR_CONSOLE_TARGET_LAST,
             "none", "serial", "xen", "uml", "virtio", "lxc", "openvz", "sclp", "sclplm")
MV_ENUM_IMPL(mv_domain_chr_serial_model, MV_DOMAIN_CHR_SERIAL_MODEL_LAST,
             "none", "isa-serial", "usb-serial", "pci-serial", "spapr-vty", "pl011",
             "sclpconsole", "sclplmconsole", "16550a", "isa-debugcon")
MV_ENUM_IMPL(mv_domain_chr_state, MV_DOMAIN_CHR_STATE_LAST,
             "default", "connected", "disconnected")

/* An x86 guest has four ISA serial ports (COM1..COM4). */
#define ISA_SERIAL_PORTS_MAX 4

MvDomainChr *
mv_domain_chr_new(MvDomainChrDeviceType device)
{
    MvDomainChr *def = g_new0(MvDomainChr, 1);

    def->device = device;
    def->port = -1;
    def->source.type = MV_DOMAIN_CHR_TYPE_PTY;
    mv_domain_device_info_init(&def->info);
    return def;
}

void
mv_domain_chr_free(MvDomainChr *def)
{
    if (!def)
        return;
    g_free(def->target_name);
    g_free(def->guestfwd_addr);
    mv_domain_chr_source_clear(&def->source);
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

/* Parsing ------------------------------------------------------------- */

static const char *
target_type_to_string(MvDomainChrDeviceType device, int type)
{
    switch (device) {
    case MV_DOMAIN_CHR_DEVICE_SERIAL:
        return mv_domain_chr_serial_target_to_string(type);
    case MV_DOMAIN_CHR_DEVICE_CHANNEL:
        return mv_domain_chr_channel_target_to_string(type);
    case MV_DOMAIN_CHR_DEVICE_CONSOLE:
        return mv_domain_chr_console_target_to_string(type);
    case MV_DOMAIN_CHR_DEVICE_PARALLEL:
    case MV_DOMAIN_CHR_DEVICE_LAST:
        break;
    }
    return NULL;
}

/* The target type when <target type=> is absent; -1 for a channel,
 * which must name one. */
static int
target_type_default(MvDomainChrDeviceType device)
{
    if (device == MV_DOMAIN_CHR_DEVICE_CHANNEL) {
        mv_report_error(VIR_ERR_XML_ERROR, "target type must be specified for %s device",
                        mv_domain_chr_device_to_string(device));
        return -1;
    }
    return 0;
}

static int
target_type_from_string(MvDomainChrDeviceType device, const char *type)
{
    if (!type)
        return target_type_default(device);

    switch (device) {
    case MV_DOMAIN_CHR_DEVICE_SERIAL:
        return mv_domain_chr_serial_target_from_string(type);
    case MV_DOMAIN_CHR_DEVICE_CHANNEL:
        return mv_domain_chr_channel_target_from_string(type);
    case MV_DOMAIN_CHR_DEVICE_CONSOLE:
        return mv_domain_chr_console_target_from_string(type);
    case MV_DOMAIN_CHR_DEVICE_PARALLEL:
    case MV_DOMAIN_CHR_DEVICE_LAST:
        break;
    }
    return 0;
}

/* libvirt reads a port as an unsigned int where "-1" stands for "not
 * set"; any other text is "Invalid port number". */
static int
port_parse(const char *text, int *ret_port)
{
    unsigned long v;
    char *end = NULL;
    bool bad = false;

    errno = 0;
    v = strtoul(text, &end, 10);
    if (memchr(text, '-', end - text)) {
        if (-v > G_MAXUINT)
            bad = true;
        else
            v &= 0xffffffff;
    }
    if (bad || errno || end == text || *end || (unsigned int) v != v) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid port number: %s", text);
        return -1;
    }
    *ret_port = (int) (unsigned int) v;
    return 0;
}

static int
guestfwd_parse(MvDomainChr *def, const xmlNode *target)
{
    g_autofree char *addr = mv_xml_prop(target, "address");
    MvIPAddr ip = { 0 };

    if (!addr) {
        mv_report_error(VIR_ERR_XML_ERROR, "guestfwd channel does not define a target address");
        return -1;
    }
    if (mv_ip_addr_parse(addr, &ip) < 0) {
        mv_report_error(VIR_ERR_SYSTEM_ERROR, "Cannot parse socket address '%s': %s",
                        addr, gai_strerror(EAI_NONAME));
        return -1;
    }
    if (ip.family != AF_INET) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "guestfwd channel only supports IPv4 addresses");
        return -1;
    }
    if (mv_xml_prop_uint(target, "port", 10, MV_XML_PROP_REQUIRED, &def->guestfwd_port) < 0)
        return -1;
    def->guestfwd_addr = mv_ip_addr_format(&ip);
    return 0;
}

static int
target_parse(MvDomainChr *def, const xmlNode *target, unsigned int flags)
{
    g_autofree char *type = mv_xml_prop(target, "type");
    g_autofree char *model = NULL;
    g_autofree char *port = NULL;
    xmlNode *model_node;
    int t;

    if ((t = target_type_from_string(def->device, type)) < 0) {
        if (type)
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "unknown target type '%s' specified for character device", type);
        return -1;
    }
    def->target_type = t;

    if ((model_node = mv_xml_child(target, "model")))
        model = mv_xml_prop(model_node, "name");
    if (model && def->device == MV_DOMAIN_CHR_DEVICE_SERIAL) {
        if ((t = mv_domain_chr_serial_model_from_string(model)) < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "unknown target model '%s' specified for character device", model);
            return -1;
        }
        def->target_model = t;
    }

    if (def->device == MV_DOMAIN_CHR_DEVICE_CHANNEL) {
        switch (def->target_type) {
        case MV_DOMAIN_CHR_CHANNEL_TARGET_GUESTFWD:
            return guestfwd_parse(def, target);
        case MV_DOMAIN_CHR_CHANNEL_TARGET_XEN:
        case MV_DOMAIN_CHR_CHANNEL_TARGET_VIRTIO:
            def->target_name = mv_xml_prop(target, "name");
            if (def->target_type == MV_DOMAIN_CHR_CHANNEL_TARGET_VIRTIO &&
                !(flags & MV_DOMAIN_XML_INACTIVE)) {
                int state = 0;

                if (mv_xml_prop_enum(target, "state", mv_domain_chr_state_from_string,
                                     MV_XML_PROP_NONZERO, &state) < 0)
                    return -1;
                def->state = state;
            }
            return 0;
        default:
            return 0;
        }
    }

    if ((port = mv_xml_prop(target, "port")))
        return port_parse(port, &def->port);
    return 0;
}

MvDomainChr *
mv_domain_chr_parse(const xmlNode *node, unsigned int flags)
{
    g_autofree char *type = mv_xml_prop(node, "type");
    g_autoptr(MvDomainChr) def = NULL;
    xmlNode *target;
    int device;
    int t;

    if ((device = mv_domain_chr_device_from_string((const char *) node->name)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown character device type: %s",
                        (const char *) node->name);
        return NULL;
    }
    def = mv_domain_chr_new(device);

    if (type) {
        if ((t = mv_domain_chr_type_from_string(type)) < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "unknown type presented to host for character device: %s", type);
            return NULL;
        }
        def->source.type = t;
    }

    if ((target = mv_xml_child(node, "target"))) {
        if (target_parse(def, target, flags) < 0)
            return NULL;
    } else if ((t = target_type_default(def->device)) < 0) {
        return NULL;
    } else {
        def->target_type = t;
    }

    if (mv_domain_chr_source_parse(node, true, flags, &def->source) < 0)
        return NULL;

    if (def->source.type == MV_DOMAIN_CHR_TYPE_SPICEVMC) {
        /* libvirt compares the number of any device's target type with
         * that of a virtio channel. */
        if (def->target_type != MV_DOMAIN_CHR_CHANNEL_TARGET_VIRTIO) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "spicevmc device type only supports virtio");
            return NULL;
        }
        def->source.spicevmc = MV_DOMAIN_CHR_SPICEVMC_VDAGENT;
    }

    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0)
        return NULL;

    if (def->device == MV_DOMAIN_CHR_DEVICE_SERIAL &&
        def->target_type == MV_DOMAIN_CHR_SERIAL_TARGET_USB &&
        def->info.address.type != MV_DOMAIN_ADDRESS_NONE &&
        def->info.address.type != MV_DOMAIN_ADDRESS_USB) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "usb-serial requires address of usb type");
        return NULL;
    }
    return g_steal_pointer(&def);
}

/* Post-parse ---------------------------------------------------------- */

static bool
def_is_hvm(const MvDomainDef *def)
{
    return def->os && def->os->type == MV_DOMAIN_OS_HVM;
}

static bool
def_is_x86(const MvDomainDef *def)
{
    const char *arch = def->os ? def->os->arch : NULL;

    return !arch || g_str_equal(arch, "x86_64") || g_str_equal(arch, "i686");
}

static int
max_port(GPtrArray *devs, guint upto)
{
    int max = -1;

    for (guint i = 0; i < upto; i++) {
        const MvDomainChr *chr = g_ptr_array_index(devs, i);

        max = MAX(max, chr->port);
    }
    return max;
}

/* ISA serials without a port get the first free one of COM1..COM4. */
static int
isa_serial_ports_assign(MvDomainDef *def)
{
    bool used[ISA_SERIAL_PORTS_MAX] = { false };
    size_t count = 0;

    for (guint i = 0; i < def->serials->len; i++) {
        MvDomainChr *chr = g_ptr_array_index(def->serials, i);

        if (chr->target_type != MV_DOMAIN_CHR_SERIAL_TARGET_ISA)
            continue;
        if (count++ >= ISA_SERIAL_PORTS_MAX || chr->port >= ISA_SERIAL_PORTS_MAX) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "Maximum supported number of ISA serial ports is '%d'",
                            ISA_SERIAL_PORTS_MAX);
            return -1;
        }
        if (chr->port < 0)
            continue;
        if (used[chr->port]) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "target port '%d' already allocated",
                            chr->port);
            return -1;
        }
        used[chr->port] = true;
    }

    for (guint i = 0; i < def->serials->len; i++) {
        MvDomainChr *chr = g_ptr_array_index(def->serials, i);

        if (chr->target_type != MV_DOMAIN_CHR_SERIAL_TARGET_ISA || chr->port >= 0)
            continue;
        for (int p = 0; p < ISA_SERIAL_PORTS_MAX; p++) {
            if (!used[p]) {
                chr->port = p;
                used[p] = true;
                break;
            }
        }
    }
    return 0;
}

static int
chr_post_parse_one(MvDomainChr *chr, GPtrArray *same, const MvDomainDef *def)
{
    if (chr->device == MV_DOMAIN_CHR_DEVICE_CONSOLE &&
        chr->target_type == MV_DOMAIN_CHR_CONSOLE_TARGET_NONE)
        chr->target_type = MV_DOMAIN_CHR_CONSOLE_TARGET_SERIAL;

    if (chr->device == MV_DOMAIN_CHR_DEVICE_SERIAL &&
        chr->target_type == MV_DOMAIN_CHR_SERIAL_TARGET_ISA_DEBUG && !def_is_x86(def)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "isa-debug serial type only valid on x86 architecture");
        return -1;
    }

    if (chr->port == -1 && chr->device != MV_DOMAIN_CHR_DEVICE_CHANNEL)
        chr->port = max_port(same, same->len) + 1;
    return 0;
}

/* libvirt's compat rule: the first console of an HVM guest is its first
 * serial port. */
static int
console_compat(MvDomainDef *def)
{
    MvDomainChr *first;

    for (guint i = 1; i < def->consoles->len; i++) {
        const MvDomainChr *cons = g_ptr_array_index(def->consoles, i);

        if (cons->target_type == MV_DOMAIN_CHR_CONSOLE_TARGET_SERIAL) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "Only the first console can be a serial port");
            return -1;
        }
    }
    if (!def_is_hvm(def))
        return 0;

    first = def->consoles->len ? g_ptr_array_index(def->consoles, 0) : NULL;
    if (first && (first->target_type == MV_DOMAIN_CHR_CONSOLE_TARGET_SERIAL ||
                  first->target_type == MV_DOMAIN_CHR_CONSOLE_TARGET_NONE)) {
        if (def->serials->len == 0) {
            /* The console becomes serial 0 and a stub console stands for it. */
            first->device = MV_DOMAIN_CHR_DEVICE_SERIAL;
            first->target_type = MV_DOMAIN_CHR_SERIAL_TARGET_NONE;
            first->port = 0;
            g_ptr_array_add(def->serials, first);
            def->consoles->pdata[0] = mv_domain_chr_new(MV_DOMAIN_CHR_DEVICE_CONSOLE);
            first = g_ptr_array_index(def->consoles, 0);
            first->target_type = MV_DOMAIN_CHR_CONSOLE_TARGET_SERIAL;
        }
        return 0;
    }

    if (def->serials->len > 0) {
        const MvDomainChr *serial = g_ptr_array_index(def->serials, 0);
        MvDomainChr *stub;

        switch ((MvDomainChrSerialTarget) serial->target_type) {
        case MV_DOMAIN_CHR_SERIAL_TARGET_ISA:
        case MV_DOMAIN_CHR_SERIAL_TARGET_SPAPR_VIO:
        case MV_DOMAIN_CHR_SERIAL_TARGET_SYSTEM:
        case MV_DOMAIN_CHR_SERIAL_TARGET_SCLP:
        case MV_DOMAIN_CHR_SERIAL_TARGET_NONE:
            stub = mv_domain_chr_new(MV_DOMAIN_CHR_DEVICE_CONSOLE);
            stub->target_type = MV_DOMAIN_CHR_CONSOLE_TARGET_SERIAL;
            g_ptr_array_insert(def->consoles, 0, stub);
            break;
        case MV_DOMAIN_CHR_SERIAL_TARGET_PCI:
        case MV_DOMAIN_CHR_SERIAL_TARGET_USB:
        case MV_DOMAIN_CHR_SERIAL_TARGET_ISA_DEBUG:
        case MV_DOMAIN_CHR_SERIAL_TARGET_LAST:
            break;
        }
    }
    return 0;
}

void
mv_domain_chr_consoles_link(MvDomainDef *def)
{
    for (guint i = 0; i < def->consoles->len; i++) {
        MvDomainChr *cons = g_ptr_array_index(def->consoles, i);

        cons->mirror = NULL;
        if (def_is_hvm(def) && i < def->serials->len &&
            (cons->target_type == MV_DOMAIN_CHR_CONSOLE_TARGET_SERIAL ||
             cons->target_type == MV_DOMAIN_CHR_CONSOLE_TARGET_NONE))
            cons->mirror = g_ptr_array_index(def->serials, i);
    }
}

int
mv_domain_chr_post_parse(MvDomainDef *def)
{
    /* Parallel ports are numbered while parsing, console ports by position. */
    for (guint i = 0; i < def->parallels->len; i++) {
        MvDomainChr *chr = g_ptr_array_index(def->parallels, i);

        if (chr->port == -1)
            chr->port = max_port(def->parallels, i) + 1;
    }
    for (guint i = 0; i < def->consoles->len; i++) {
        MvDomainChr *chr = g_ptr_array_index(def->consoles, i);

        chr->port = i;
    }

    if (isa_serial_ports_assign(def) < 0)
        return -1;

    for (guint i = 0; i < def->serials->len; i++) {
        if (chr_post_parse_one(g_ptr_array_index(def->serials, i), def->serials, def) < 0)
            return -1;
    }
    for (guint i = 0; i < def->parallels->len; i++) {
        if (chr_post_parse_one(g_ptr_array_index(def->parallels, i), def->parallels, def) < 0)
            return -1;
    }
    for (guint i = 0; i < def->channels->len; i++) {
        if (chr_post_parse_one(g_ptr_array_index(def->channels, i), def->channels, def) < 0)
            return -1;
    }
    for (guint i = 0; i < def->consoles->len; i++) {
        if (chr_post_parse_one(g_ptr_array_index(def->consoles, i), def->consoles, def) < 0)
            return -1;
    }

    if (console_compat(def) < 0)
        return -1;

    mv_domain_chr_consoles_link(def);
    return 0;
}

/* Validation ---------------------------------------------------------- */

int
mv_domain_chr_validate(const MvDomainChr *def, const MvDomainDef *dom)
{
    bool default_path = def->device == MV_DOMAIN_CHR_DEVICE_CHANNEL &&
        (def->target_type == MV_DOMAIN_CHR_CHANNEL_TARGET_XEN ||
         def->target_type == MV_DOMAIN_CHR_CHANNEL_TARGET_VIRTIO);

    return mv_domain_chr_source_validate(&def->source, default_path);
}

/* Formatting ---------------------------------------------------------- */

static void
target_format(MvXmlBuf *buf, const MvDomainChr *def, MvDomainChrDeviceType device,
              int target_type)
{
    mv_xml_buf_start(buf, "target");
    switch (device) {
    case MV_DOMAIN_CHR_DEVICE_CHANNEL:
        mv_xml_buf_attr(buf, "type", target_type_to_string(device, target_type));
        if (target_type == MV_DOMAIN_CHR_CHANNEL_TARGET_GUESTFWD) {
            mv_xml_buf_attr(buf, "address", def->guestfwd_addr);
            mv_xml_buf_attr_uint(buf, "port", def->guestfwd_port);
        } else if (target_type == MV_DOMAIN_CHR_CHANNEL_TARGET_VIRTIO ||
                   target_type == MV_DOMAIN_CHR_CHANNEL_TARGET_XEN) {
            mv_xml_buf_attr(buf, "name", def->target_name);
            if (target_type == MV_DOMAIN_CHR_CHANNEL_TARGET_VIRTIO &&
                def->state != MV_DOMAIN_CHR_STATE_DEFAULT)
                mv_xml_buf_attr(buf, "state", mv_domain_chr_state_to_string(def->state));
        }
        break;

    case MV_DOMAIN_CHR_DEVICE_CONSOLE:
        mv_xml_buf_attr(buf, "type", target_type_to_string(device, target_type));
        mv_xml_buf_attr_printf(buf, "port", "%d", def->port);
        break;

    case MV_DOMAIN_CHR_DEVICE_SERIAL:
        if (target_type != MV_DOMAIN_CHR_SERIAL_TARGET_NONE)
            mv_xml_buf_attr(buf, "type", target_type_to_string(device, target_type));
        mv_xml_buf_attr_printf(buf, "port", "%d", def->port);
        if (def->target_model != MV_DOMAIN_CHR_SERIAL_MODEL_NONE) {
            mv_xml_buf_start(buf, "model");
            mv_xml_buf_attr(buf, "name", mv_domain_chr_serial_model_to_string(def->target_model));
            mv_xml_buf_end(buf);
        }
        break;

    case MV_DOMAIN_CHR_DEVICE_PARALLEL:
    case MV_DOMAIN_CHR_DEVICE_LAST:
        mv_xml_buf_attr_printf(buf, "port", "%d", def->port);
        break;
    }
    mv_xml_buf_end(buf);
}

void
mv_domain_chr_format(MvXmlBuf *buf, const MvDomainChr *def, unsigned int flags)
{
    /* A console standing for a serial is written with the serial's data. */
    const MvDomainChr *data = def->mirror ? def->mirror : def;
    int target_type = def->mirror ? MV_DOMAIN_CHR_CONSOLE_TARGET_SERIAL : def->target_type;
    const char *name = mv_domain_chr_device_to_string(def->device);

    mv_xml_buf_start(buf, name);
    mv_xml_buf_attr(buf, "type", mv_domain_chr_type_to_string(data->source.type));
    /* The old <console tty=> spelling of a live pty console. */
    if (def->device == MV_DOMAIN_CHR_DEVICE_CONSOLE && data->port == 0 &&
        data->source.type == MV_DOMAIN_CHR_TYPE_PTY &&
        !(flags & MV_DOMAIN_XML_INACTIVE) && data->source.path)
        mv_xml_buf_attr(buf, "tty", data->source.path);
    mv_xml_buf_open_children(buf);

    mv_domain_chr_source_format(buf, &data->source, flags);
    target_format(buf, data, def->device, target_type);
    mv_domain_device_info_format(buf, &data->info, 0, flags);
    mv_xml_buf_end(buf);
}

/* The device table's signatures ----------------------------------------- */

void *
mv_domain_chr_parse_node(const xmlNode *node, unsigned int flags)
{
    return mv_domain_chr_parse(node, flags);
}

void
mv_domain_chr_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    mv_domain_chr_format(buf, dev, flags);
}

void
mv_domain_chr_free_node(void *dev)
{
    mv_domain_chr_free(dev);
}

int
mv_domain_chr_validate_node(const void *dev, const MvDomainDef *def)
{
    return mv_domain_chr_validate(dev, def);
}

const MvDomainDeviceInfo *
mv_domain_chr_info_node(const void *dev)
{
    const MvDomainChr *def = dev;

    /* A console standing for a serial has no device of its own. */
    return def->mirror ? NULL : &def->info;
}
