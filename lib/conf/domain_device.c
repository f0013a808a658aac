/* What every domain device shares: <address> of every type, <alias>, <boot>, <acpi>, <rom>, <master>. */
#define MV_LOG_MODULE "conf.domain"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_device.h"

#include <string.h>

#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_domain_address_type, MV_DOMAIN_ADDRESS_LAST,
             "none", "pci", "drive", "virtio-serial", "ccid", "usb", "spapr-vio",
             "virtio-s390", "ccw", "virtio-mmio", "isa", "dimm", "unassigned")

/* A USB port is a hub path of at most this many levels ("1.2.3.4"). */
#define USB_PORT_MAX_DEPTH 4

/* Limits of an s390 channel I/O address. */
#define CCW_MAX_CSSID 0xfe
#define CCW_MAX_SSID 0x3
#define CCW_MAX_DEVNO 0xffff

/* Only these user-chosen aliases survive in a persistent definition. */
#define USER_ALIAS_PREFIX "ua-"
#define USER_ALIAS_CHARS \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"

#define LOADPARM_CHARS \
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789. "

void
mv_domain_device_info_init(MvDomainDeviceInfo *info)
{
    memset(info, 0, sizeof(*info));
    info->usb_master_startport = -1;
}

static void
address_clear(MvDomainAddress *addr)
{
    if (addr->type == MV_DOMAIN_ADDRESS_USB)
        g_free(addr->u.usb.port);
    memset(addr, 0, sizeof(*addr));
}

void
mv_domain_device_info_clear(MvDomainDeviceInfo *info)
{
    address_clear(&info->address);
    g_free(info->alias);
    g_free(info->boot_loadparm);
    g_free(info->rom_file);
    mv_domain_device_info_init(info);
}

/* Address parsing ------------------------------------------------------ */

static int
pci_address_parse(const xmlNode *node, MvDomainAddress *addr)
{
    unsigned int domain = 0, bus = 0, slot = 0, function = 0;
    xmlNode *zpci;
    int rc_uid, rc_fid;

    if (mv_xml_prop_uint(node, "domain", 0, MV_XML_PROP_NONE, &domain) < 0 ||
        mv_xml_prop_uint(node, "bus", 0, MV_XML_PROP_NONE, &bus) < 0 ||
        mv_xml_prop_uint(node, "slot", 0, MV_XML_PROP_NONE, &slot) < 0 ||
        mv_xml_prop_uint(node, "function", 0, MV_XML_PROP_NONE, &function) < 0 ||
        mv_xml_prop_tristate_switch(node, "multifunction", MV_XML_PROP_NONE,
                                    &addr->u.pci.multifunction) < 0)
        return -1;

    /* An all-zero domain:bus:slot means "pick one for me": the function
     * alone is not checked then. */
    if (domain || bus || slot) {
        if (bus > 0xff) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "Invalid PCI address bus='0x%x', must be <= 0xFF", bus);
            return -1;
        }
        if (slot > 0x1f) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "Invalid PCI address slot='0x%x', must be <= 0x1F", slot);
            return -1;
        }
        if (function > 7) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "Invalid PCI address function=0x%x, must be <= 7", function);
            return -1;
        }
        addr->u.pci.present = true;
    }
    addr->u.pci.domain = domain;
    addr->u.pci.bus = bus;
    addr->u.pci.slot = slot;
    addr->u.pci.function = function;

    if (!(zpci = mv_xml_child(node, "zpci")))
        return 0;
    if ((rc_uid = mv_xml_prop_uint(zpci, "uid", 0, MV_XML_PROP_NONE,
                                   &addr->u.pci.zpci_uid)) < 0 ||
        (rc_fid = mv_xml_prop_uint(zpci, "fid", 0, MV_XML_PROP_NONE,
                                   &addr->u.pci.zpci_fid)) < 0)
        return -1;
    addr->u.pci.has_zpci = rc_uid > 0 || rc_fid > 0;
    return 0;
}

static int
drive_address_parse(const xmlNode *node, MvDomainAddress *addr)
{
    if (mv_xml_prop_uint(node, "controller", 10, MV_XML_PROP_NONE, &addr->u.drive.controller) < 0 ||
        mv_xml_prop_uint(node, "bus", 10, MV_XML_PROP_NONE, &addr->u.drive.bus) < 0 ||
        mv_xml_prop_uint(node, "target", 10, MV_XML_PROP_NONE, &addr->u.drive.target) < 0 ||
        mv_xml_prop_uint(node, "unit", 10, MV_XML_PROP_NONE, &addr->u.drive.unit) < 0)
        return -1;
    return 0;
}

static int
vioserial_address_parse(const xmlNode *node, MvDomainAddress *addr)
{
    if (mv_xml_prop_uint(node, "controller", 10, MV_XML_PROP_NONE,
                         &addr->u.vioserial.controller) < 0 ||
        mv_xml_prop_uint(node, "bus", 10, MV_XML_PROP_NONE, &addr->u.vioserial.bus) < 0 ||
        mv_xml_prop_uint(node, "port", 10, MV_XML_PROP_NONE, &addr->u.vioserial.port) < 0)
        return -1;
    return 0;
}

static int
ccid_address_parse(const xmlNode *node, MvDomainAddress *addr)
{
    if (mv_xml_prop_uint(node, "controller", 10, MV_XML_PROP_NONE,
                         &addr->u.ccid.controller) < 0 ||
        mv_xml_prop_uint(node, "slot", 10, MV_XML_PROP_NONE, &addr->u.ccid.slot) < 0)
        return -1;
    return 0;
}

/* "1.2.3": up to four dot-separated numbers. Kept in the canonical form
 * the formatter writes (the numbers up to the first zero), or NULL when
 * the first level is zero. */
static int
usb_port_parse(const char *text, char **ret_port)
{
    g_auto(GStrv) parts = g_strsplit(text, ".", -1);
    g_autoptr(GString) canon = g_string_new(NULL);
    unsigned int levels = g_strv_length(parts);
    bool ended = false;

    if (levels == 0 || levels > USB_PORT_MAX_DEPTH)
        goto error;
    for (unsigned int i = 0; i < levels; i++) {
        char *end = NULL;
        unsigned long long v;

        if (!g_ascii_isdigit(parts[i][0]))
            goto error;
        v = g_ascii_strtoull(parts[i], &end, 10);
        if (*end != '\0' || v > G_MAXUINT)
            goto error;
        if (v == 0)
            ended = true;
        if (!ended)
            g_string_append_printf(canon, "%s%llu", canon->len ? "." : "", v);
    }
    *ret_port = canon->len ? g_string_free(g_steal_pointer(&canon), FALSE) : NULL;
    return 0;

 error:
    mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "Cannot parse <address> 'port' attribute");
    return -1;
}

static int
usb_address_parse(const xmlNode *node, MvDomainAddress *addr)
{
    g_autofree char *port = mv_xml_prop(node, "port");

    if (port && usb_port_parse(port, &addr->u.usb.port) < 0)
        return -1;
    if (mv_xml_prop_uint(node, "bus", 10, MV_XML_PROP_NONE, &addr->u.usb.bus) < 0)
        return -1;
    return 0;
}

static int
spaprvio_address_parse(const xmlNode *node, MvDomainAddress *addr)
{
    uint64_t reg = 0;
    int rc;

    if ((rc = mv_xml_prop_uint64(node, "reg", 16, MV_XML_PROP_NONE, &reg)) < 0)
        return -1;
    addr->u.spaprvio.reg = reg;
    addr->u.spaprvio.has_reg = rc > 0;
    return 0;
}

static int
ccw_address_parse(const xmlNode *node, MvDomainAddress *addr)
{
    unsigned int cssid = 0, ssid = 0, devno = 0;
    int rc_cssid, rc_ssid, rc_devno;

    if ((rc_cssid = mv_xml_prop_uint(node, "cssid", 0, MV_XML_PROP_NONE, &cssid)) < 0 ||
        (rc_ssid = mv_xml_prop_uint(node, "ssid", 0, MV_XML_PROP_NONE, &ssid)) < 0 ||
        (rc_devno = mv_xml_prop_uint(node, "devno", 0, MV_XML_PROP_NONE, &devno)) < 0)
        return -1;

    if (cssid > CCW_MAX_CSSID || ssid > CCW_MAX_SSID || devno > CCW_MAX_DEVNO) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "Invalid specification for virtio ccw address: cssid='0x%x' ssid='0x%x' devno='0x%04x'",
                        cssid, ssid, devno);
        return -1;
    }
    if (rc_cssid && rc_ssid && rc_devno) {
        addr->u.ccw.present = true;
    } else if (rc_cssid || rc_ssid || rc_devno) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s",
                        "Invalid partial specification for virtio ccw address");
        return -1;
    }
    addr->u.ccw.cssid = cssid;
    addr->u.ccw.ssid = ssid;
    addr->u.ccw.devno = devno;
    return 0;
}

static int
isa_address_parse(const xmlNode *node, MvDomainAddress *addr)
{
    if (mv_xml_prop_uint(node, "iobase", 16, MV_XML_PROP_NONE, &addr->u.isa.iobase) < 0 ||
        mv_xml_prop_uint(node, "irq", 16, MV_XML_PROP_NONE, &addr->u.isa.irq) < 0)
        return -1;
    return 0;
}

static int
dimm_address_parse(const xmlNode *node, MvDomainAddress *addr)
{
    uint64_t base = 0;

    if (mv_xml_prop_uint(node, "slot", 10, MV_XML_PROP_REQUIRED, &addr->u.dimm.slot) < 0 ||
        mv_xml_prop_uint64(node, "base", 16, MV_XML_PROP_NONE, &base) < 0)
        return -1;
    addr->u.dimm.base = base;
    return 0;
}

int
mv_domain_address_parse(const xmlNode *address, MvDomainAddress *ret_addr)
{
    g_autofree char *type = mv_xml_prop(address, "type");
    MvDomainAddress addr;
    int rc = 0;

    memset(&addr, 0, sizeof(addr));
    if (!type) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "No type specified for device address");
        return -1;
    }
    addr.type = mv_domain_address_type_from_string(type);
    if ((int) addr.type <= 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown address type '%s'", type);
        return -1;
    }

    switch (addr.type) {
    case MV_DOMAIN_ADDRESS_PCI:
        rc = pci_address_parse(address, &addr);
        break;
    case MV_DOMAIN_ADDRESS_DRIVE:
        rc = drive_address_parse(address, &addr);
        break;
    case MV_DOMAIN_ADDRESS_VIRTIO_SERIAL:
        rc = vioserial_address_parse(address, &addr);
        break;
    case MV_DOMAIN_ADDRESS_CCID:
        rc = ccid_address_parse(address, &addr);
        break;
    case MV_DOMAIN_ADDRESS_USB:
        rc = usb_address_parse(address, &addr);
        break;
    case MV_DOMAIN_ADDRESS_SPAPRVIO:
        rc = spaprvio_address_parse(address, &addr);
        break;
    case MV_DOMAIN_ADDRESS_CCW:
        rc = ccw_address_parse(address, &addr);
        break;
    case MV_DOMAIN_ADDRESS_ISA:
        rc = isa_address_parse(address, &addr);
        break;
    case MV_DOMAIN_ADDRESS_DIMM:
        rc = dimm_address_parse(address, &addr);
        break;
    case MV_DOMAIN_ADDRESS_VIRTIO_S390:
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "virtio-s390 bus doesn't have an address");
        return -1;
    case MV_DOMAIN_ADDRESS_VIRTIO_MMIO:
    case MV_DOMAIN_ADDRESS_UNASSIGNED:
    case MV_DOMAIN_ADDRESS_NONE:
    case MV_DOMAIN_ADDRESS_LAST:
        break;
    }
    if (rc < 0) {
        address_clear(&addr);
        return -1;
    }
    *ret_addr = addr;
    return 0;
}

/* Device info parsing -------------------------------------------------- */

static bool
alias_is_user_alias(const char *alias)
{
    return g_str_has_prefix(alias, USER_ALIAS_PREFIX) &&
           strspn(alias, USER_ALIAS_CHARS) == strlen(alias);
}

static int
boot_parse(const xmlNode *node, MvDomainDeviceInfo *info)
{
    g_autofree char *loadparm = NULL;

    if (mv_xml_prop_uint(node, "order", 10, MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO,
                         &info->boot_order) < 0)
        return -1;
    if (!(loadparm = mv_xml_prop(node, "loadparm")))
        return 0;

    /* Stored upper-case, as the firmware reads it. */
    info->boot_loadparm = g_ascii_strup(loadparm, -1);
    if (!*loadparm || strlen(loadparm) > 8) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "loadparm value '%s' must be between 1 and 8 characters",
                        info->boot_loadparm);
        return -1;
    }
    if (strspn(loadparm, LOADPARM_CHARS) != strlen(loadparm)) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "invalid loadparm value '%s', expecting chars in set of [a-zA-Z0-9.] and blank spaces",
                        info->boot_loadparm);
        return -1;
    }
    return 0;
}

static int
rom_parse(const xmlNode *node, MvDomainDeviceInfo *info)
{
    if (mv_xml_prop_tristate_bool(node, "enabled", MV_XML_PROP_NONE, &info->rom_enabled) < 0 ||
        mv_xml_prop_tristate_switch(node, "bar", MV_XML_PROP_NONE, &info->rom_bar) < 0)
        return -1;
    info->rom_file = mv_xml_prop(node, "file");
    if (info->rom_enabled == MV_TRISTATE_NO &&
        (info->rom_bar != MV_TRISTATE_ABSENT || info->rom_file)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "ROM tuning is not supported when ROM is disabled");
        return -1;
    }
    return 0;
}

static int
device_info_parse(const xmlNode *device, unsigned int allow,
                  unsigned int xml_flags, MvDomainDeviceInfo *info)
{
    xmlNode *node;

    if ((node = mv_xml_child(device, "alias"))) {
        g_autofree char *alias = mv_xml_prop(node, "name");

        /* A persistent definition keeps only user aliases; the others
         * are names a running hypervisor gave and are dropped quietly. */
        if (alias && (!(xml_flags & MV_DOMAIN_XML_INACTIVE) || alias_is_user_alias(alias)))
            info->alias = g_steal_pointer(&alias);
    }

    if ((node = mv_xml_child(device, "master"))) {
        unsigned int startport = 0;

        if (mv_xml_prop_uint(node, "startport", 10, MV_XML_PROP_NONE, &startport) < 0)
            return -1;
        info->usb_master_startport = (int) startport;
    }

    /* Where a family takes no <boot> or <rom>, they are ignored. */
    if ((allow & MV_DEVICE_INFO_ALLOW_BOOT) && (node = mv_xml_child(device, "boot")) &&
        boot_parse(node, info) < 0)
        return -1;

    if ((allow & MV_DEVICE_INFO_ALLOW_ROM) && (node = mv_xml_child(device, "rom")) &&
        rom_parse(node, info) < 0)
        return -1;

    if ((node = mv_xml_child(device, "acpi")) &&
        mv_xml_prop_uint(node, "index", 10, MV_XML_PROP_NONZERO, &info->acpi_index) < 0)
        return -1;

    if ((node = mv_xml_child(device, "address")) &&
        mv_domain_address_parse(node, &info->address) < 0)
        return -1;

    return 0;
}

int
mv_domain_device_info_parse(const xmlNode *device, unsigned int allow,
                            unsigned int xml_flags, MvDomainDeviceInfo *info)
{
    mv_domain_device_info_init(info);
    if (device_info_parse(device, allow, xml_flags, info) < 0) {
        mv_domain_device_info_clear(info);
        return -1;
    }
    return 0;
}

/* Formatting ---------------------------------------------------------- */

void
mv_domain_address_format(MvXmlBuf *buf, const MvDomainAddress *addr)
{
    if (addr->type == MV_DOMAIN_ADDRESS_NONE ||
        addr->type == MV_DOMAIN_ADDRESS_VIRTIO_S390 ||
        addr->type >= MV_DOMAIN_ADDRESS_LAST)
        return;

    mv_xml_buf_start(buf, "address");
    mv_xml_buf_attr(buf, "type", mv_domain_address_type_to_string(addr->type));

    switch (addr->type) {
    case MV_DOMAIN_ADDRESS_PCI:
        if (addr->u.pci.present) {
            mv_xml_buf_attr_printf(buf, "domain", "0x%04x", addr->u.pci.domain);
            mv_xml_buf_attr_printf(buf, "bus", "0x%02x", addr->u.pci.bus);
            mv_xml_buf_attr_printf(buf, "slot", "0x%02x", addr->u.pci.slot);
            mv_xml_buf_attr_printf(buf, "function", "0x%x", addr->u.pci.function);
        }
        mv_xml_buf_attr_tristate_switch(buf, "multifunction", addr->u.pci.multifunction);
        if (addr->u.pci.has_zpci) {
            mv_xml_buf_start(buf, "zpci");
            mv_xml_buf_attr_printf(buf, "uid", "0x%04x", addr->u.pci.zpci_uid);
            mv_xml_buf_attr_printf(buf, "fid", "0x%08x", addr->u.pci.zpci_fid);
            mv_xml_buf_end(buf);
        }
        break;
    case MV_DOMAIN_ADDRESS_DRIVE:
        mv_xml_buf_attr_uint(buf, "controller", addr->u.drive.controller);
        mv_xml_buf_attr_uint(buf, "bus", addr->u.drive.bus);
        mv_xml_buf_attr_uint(buf, "target", addr->u.drive.target);
        mv_xml_buf_attr_uint(buf, "unit", addr->u.drive.unit);
        break;
    case MV_DOMAIN_ADDRESS_VIRTIO_SERIAL:
        mv_xml_buf_attr_uint(buf, "controller", addr->u.vioserial.controller);
        mv_xml_buf_attr_uint(buf, "bus", addr->u.vioserial.bus);
        mv_xml_buf_attr_uint(buf, "port", addr->u.vioserial.port);
        break;
    case MV_DOMAIN_ADDRESS_CCID:
        mv_xml_buf_attr_uint(buf, "controller", addr->u.ccid.controller);
        mv_xml_buf_attr_uint(buf, "slot", addr->u.ccid.slot);
        break;
    case MV_DOMAIN_ADDRESS_USB:
        mv_xml_buf_attr_uint(buf, "bus", addr->u.usb.bus);
        mv_xml_buf_attr(buf, "port", addr->u.usb.port);
        break;
    case MV_DOMAIN_ADDRESS_SPAPRVIO:
        if (addr->u.spaprvio.has_reg)
            mv_xml_buf_attr_printf(buf, "reg", "0x%08llx", addr->u.spaprvio.reg);
        break;
    case MV_DOMAIN_ADDRESS_CCW:
        mv_xml_buf_attr_printf(buf, "cssid", "0x%x", addr->u.ccw.cssid);
        mv_xml_buf_attr_printf(buf, "ssid", "0x%x", addr->u.ccw.ssid);
        mv_xml_buf_attr_printf(buf, "devno", "0x%04x", addr->u.ccw.devno);
        break;
    case MV_DOMAIN_ADDRESS_ISA:
        if (addr->u.isa.iobase > 0)
            mv_xml_buf_attr_printf(buf, "iobase", "0x%x", addr->u.isa.iobase);
        if (addr->u.isa.irq > 0)
            mv_xml_buf_attr_printf(buf, "irq", "0x%x", addr->u.isa.irq);
        break;
    case MV_DOMAIN_ADDRESS_DIMM:
        mv_xml_buf_attr_uint(buf, "slot", addr->u.dimm.slot);
        if (addr->u.dimm.base)
            mv_xml_buf_attr_printf(buf, "base", "0x%llx", addr->u.dimm.base);
        break;
    case MV_DOMAIN_ADDRESS_VIRTIO_MMIO:
    case MV_DOMAIN_ADDRESS_UNASSIGNED:
    case MV_DOMAIN_ADDRESS_VIRTIO_S390:
    case MV_DOMAIN_ADDRESS_NONE:
    case MV_DOMAIN_ADDRESS_LAST:
        break;
    }
    mv_xml_buf_end(buf);
}

void
mv_domain_device_info_format(MvXmlBuf *buf, const MvDomainDeviceInfo *info,
                             unsigned int allow, unsigned int xml_flags)
{
    if ((allow & MV_DEVICE_INFO_ALLOW_BOOT) && info->boot_order) {
        mv_xml_buf_start(buf, "boot");
        mv_xml_buf_attr_uint(buf, "order", info->boot_order);
        mv_xml_buf_attr(buf, "loadparm", info->boot_loadparm);
        mv_xml_buf_end(buf);
    }
    if (info->alias) {
        mv_xml_buf_start(buf, "alias");
        mv_xml_buf_attr(buf, "name", info->alias);
        mv_xml_buf_end(buf);
    }
    if (info->usb_master_startport >= 0) {
        mv_xml_buf_start(buf, "master");
        mv_xml_buf_attr_uint(buf, "startport", (unsigned int) info->usb_master_startport);
        mv_xml_buf_end(buf);
    }
    if ((allow & MV_DEVICE_INFO_ALLOW_ROM) &&
        (info->rom_enabled != MV_TRISTATE_ABSENT || info->rom_bar != MV_TRISTATE_ABSENT ||
         info->rom_file)) {
        mv_xml_buf_start(buf, "rom");
        mv_xml_buf_attr_tristate_bool(buf, "enabled", info->rom_enabled);
        mv_xml_buf_attr_tristate_switch(buf, "bar", info->rom_bar);
        mv_xml_buf_attr(buf, "file", info->rom_file);
        mv_xml_buf_end(buf);
    }
    if (info->acpi_index) {
        mv_xml_buf_start(buf, "acpi");
        mv_xml_buf_attr_uint(buf, "index", info->acpi_index);
        mv_xml_buf_end(buf);
    }
    mv_domain_address_format(buf, &info->address);
}

/* Virtio options ------------------------------------------------------ */

int
mv_domain_virtio_options_parse(const xmlNode *driver, MvDomainVirtioOptions *ret_opts)
{
    if (!driver)
        return 0;
    if (mv_xml_prop_tristate_switch(driver, "iommu", MV_XML_PROP_NONE, &ret_opts->iommu) < 0 ||
        mv_xml_prop_tristate_switch(driver, "ats", MV_XML_PROP_NONE, &ret_opts->ats) < 0 ||
        mv_xml_prop_tristate_switch(driver, "packed", MV_XML_PROP_NONE, &ret_opts->packed) < 0 ||
        mv_xml_prop_tristate_switch(driver, "page_per_vq", MV_XML_PROP_NONE,
                                    &ret_opts->page_per_vq) < 0)
        return -1;
    return 0;
}

bool
mv_domain_virtio_options_is_set(const MvDomainVirtioOptions *opts)
{
    return opts->iommu != MV_TRISTATE_ABSENT || opts->ats != MV_TRISTATE_ABSENT ||
           opts->packed != MV_TRISTATE_ABSENT || opts->page_per_vq != MV_TRISTATE_ABSENT;
}

void
mv_domain_virtio_options_format_attrs(MvXmlBuf *buf, const MvDomainVirtioOptions *opts)
{
    mv_xml_buf_attr_tristate_switch(buf, "iommu", opts->iommu);
    mv_xml_buf_attr_tristate_switch(buf, "ats", opts->ats);
    mv_xml_buf_attr_tristate_switch(buf, "packed", opts->packed);
    mv_xml_buf_attr_tristate_switch(buf, "page_per_vq", opts->page_per_vq);
}

void
mv_domain_virtio_options_format(MvXmlBuf *buf, const MvDomainVirtioOptions *opts)
{
    if (!mv_domain_virtio_options_is_set(opts))
        return;
    mv_xml_buf_start(buf, "driver");
    mv_domain_virtio_options_format_attrs(buf, opts);
    mv_xml_buf_end(buf);
}

int
mv_domain_virtio_options_check_absent(const MvDomainVirtioOptions *opts)
{
    const char *message = NULL;

    if (opts->iommu != MV_TRISTATE_ABSENT)
        message = "iommu driver option is only supported for virtio devices";
    else if (opts->ats != MV_TRISTATE_ABSENT)
        message = "ats driver option is only supported for virtio devices";
    else if (opts->packed != MV_TRISTATE_ABSENT)
        message = "packed driver option is only supported for virtio devices";
    else if (opts->page_per_vq != MV_TRISTATE_ABSENT)
        message = "page_per_vq option is only supported for virtio devices";
    if (!message)
        return 0;
    mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", message);
    return -1;
}

/* Paths ---------------------------------------------------------------- */

char *
mv_domain_path_sanitize(const char *path)
{
    const char *uri = strstr(path, "://");
    const char *cur = path;
    GString *clean;

    /* Two slashes may mean something else in a URI: leave those alone. */
    if (uri && strchr(path, '/') > uri)
        return g_strdup(path);

    clean = g_string_sized_new(strlen(path));
    /* POSIX gives "//" a meaning of its own, "///" is plain "/". */
    if (cur[0] == '/' && cur[1] == '/' && cur[2] != '/') {
        g_string_append(clean, "//");
        cur += 2;
    }
    while (*cur) {
        if (*cur != '/') {
            g_string_append_c(clean, *cur++);
            continue;
        }
        while (*++cur == '/')
            ;
        if (clean->len != 0 && *cur == '\0')
            break;
        g_string_append_c(clean, '/');
    }
    return g_string_free(clean, FALSE);
}
