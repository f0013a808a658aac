/* Domain <hostdev> devices (PCI, USB, SCSI, vhost-scsi, mdev, capabilities) and the host source shared with <interface type='hostdev'>. */
#define MV_LOG_MODULE "conf.domain_hostdev"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_hostdev.h"

#include <string.h>

#include "conf/domain_controller.h"
#include "conf/domain_disk.h"
#include "util/error.h"

MV_ENUM_IMPL(mv_hostdev_mode, MV_HOSTDEV_MODE_LAST, "subsystem", "capabilities")
MV_ENUM_IMPL(mv_hostdev_subsys_type, MV_HOSTDEV_SUBSYS_LAST,
             "usb", "pci", "scsi", "scsi_host", "mdev")
MV_ENUM_IMPL(mv_hostdev_caps_type, MV_HOSTDEV_CAPS_LAST, "storage", "misc", "net")
MV_ENUM_IMPL(mv_hostdev_pci_backend, MV_HOSTDEV_PCI_BACKEND_LAST, "default", "kvm", "vfio", "xen")
MV_ENUM_IMPL(mv_hostdev_startup_policy, MV_STARTUP_POLICY_LAST,
             "default", "mandatory", "requisite", "optional")
MV_ENUM_IMPL(mv_hostdev_usb_guest_reset, MV_USB_GUEST_RESET_LAST,
             "default", "off", "uninitialized", "on")
MV_ENUM_IMPL(mv_hostdev_sgio, MV_HOSTDEV_SGIO_LAST, "default", "filtered", "unfiltered")
MV_ENUM_IMPL(mv_hostdev_scsi_host_model, MV_SCSI_HOST_MODEL_LAST,
             "default", "virtio", "virtio-transitional", "virtio-non-transitional")
MV_ENUM_IMPL(mv_hostdev_mdev_model, MV_MDEV_MODEL_LAST, "vfio-pci", "vfio-ccw", "vfio-ap")
MV_ENUM_IMPL(mv_net_teaming_type, MV_NET_TEAMING_LAST, "none", "persistent", "transient")

/* The SCSI protocols of a <hostdev type='scsi'> source, as named in XML. */
typedef enum {
    SCSI_PROTOCOL_ADAPTER = 0,
    SCSI_PROTOCOL_ISCSI,
    SCSI_PROTOCOL_LAST,
} ScsiProtocol;
MV_ENUM_DECL(scsi_protocol);
MV_ENUM_IMPL(scsi_protocol, SCSI_PROTOCOL_LAST, "adapter", "iscsi")

void
mv_hostdev_subsys_clear(MvHostdevSubsys *src)
{
    switch (src->type) {
    case MV_HOSTDEV_SUBSYS_SCSI:
        g_free(src->u.scsi.adapter);
        g_free(src->u.scsi.iscsi_name);
        g_free(src->u.scsi.iscsi_host);
        g_free(src->u.scsi.auth_username);
        g_free(src->u.scsi.auth_usage);
        g_free(src->u.scsi.auth_uuid);
        g_free(src->u.scsi.initiator_iqn);
        break;
    case MV_HOSTDEV_SUBSYS_SCSI_HOST:
        g_free(src->u.scsi_host.wwpn);
        break;
    case MV_HOSTDEV_SUBSYS_USB:
    case MV_HOSTDEV_SUBSYS_PCI:
    case MV_HOSTDEV_SUBSYS_MDEV:
    case MV_HOSTDEV_SUBSYS_LAST:
        break;
    }
    memset(src, 0, sizeof(*src));
}

/* <teaming> ------------------------------------------------------------- */

int
mv_net_teaming_parse(const xmlNode *device, MvNetTeaming *ret_teaming)
{
    xmlNode *node = mv_xml_child(device, "teaming");
    g_autofree char *type = NULL;
    int t;

    if (!node)
        return 0;
    type = mv_xml_prop(node, "type");
    if (!type && !xmlHasProp(node, BAD_CAST "persistent"))
        return 0;
    if ((t = mv_net_teaming_type_from_string(type ? type : "")) <= 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown teaming type '%s'",
                        type ? type : "(null)");
        return -1;
    }
    ret_teaming->type = t;
    ret_teaming->persistent = mv_xml_prop(node, "persistent");
    return 0;
}

void
mv_net_teaming_format(MvXmlBuf *buf, const MvNetTeaming *teaming)
{
    if (teaming->type == MV_NET_TEAMING_NONE)
        return;
    mv_xml_buf_start(buf, "teaming");
    mv_xml_buf_attr(buf, "type", mv_net_teaming_type_to_string(teaming->type));
    mv_xml_buf_attr(buf, "persistent", teaming->persistent);
    mv_xml_buf_end(buf);
}

/* Subsystem sources ----------------------------------------------------- */

/* libvirt checks a host PCI address field by field, and leaves an
 * all-zero one to later checks. */
static int
pci_source_parse(const xmlNode *address, MvPciAddr *ret_addr)
{
    MvPciAddr addr = { 0, 0, 0, 0 };

    if (mv_xml_prop_uint(address, "domain", 0, MV_XML_PROP_NONE, &addr.domain) < 0 ||
        mv_xml_prop_uint(address, "bus", 0, MV_XML_PROP_NONE, &addr.bus) < 0 ||
        mv_xml_prop_uint(address, "slot", 0, MV_XML_PROP_NONE, &addr.slot) < 0 ||
        mv_xml_prop_uint(address, "function", 0, MV_XML_PROP_NONE, &addr.function) < 0)
        return -1;

    if (addr.domain || addr.bus || addr.slot) {
        if (addr.bus > 0xff) {
            mv_report_error(VIR_ERR_XML_ERROR, "Invalid PCI address bus='0x%x', must be <= 0xFF",
                            addr.bus);
            return -1;
        }
        if (addr.slot > 0x1f) {
            mv_report_error(VIR_ERR_XML_ERROR, "Invalid PCI address slot='0x%x', must be <= 0x1F",
                            addr.slot);
            return -1;
        }
        if (addr.function > 7) {
            mv_report_error(VIR_ERR_XML_ERROR, "Invalid PCI address function=0x%x, must be <= 7",
                            addr.function);
            return -1;
        }
    }
    *ret_addr = addr;
    return 0;
}

static int
usb_source_parse(const xmlNode *source, MvHostdevSubsys *src)
{
    xmlNode *vendor = mv_xml_child(source, "vendor");
    xmlNode *product = mv_xml_child(source, "product");
    xmlNode *address = mv_xml_child(source, "address");
    MvTristate auto_address = MV_TRISTATE_ABSENT;
    int v = 0;

    if (mv_xml_prop_enum(source, "startupPolicy", mv_hostdev_startup_policy_from_string,
                         MV_XML_PROP_NONZERO, &v) < 0)
        return -1;
    src->u.usb.startup_policy = v;
    if (mv_xml_prop_tristate_bool(source, "autoAddress", MV_XML_PROP_NONE, &auto_address) < 0)
        return -1;
    src->u.usb.auto_address = auto_address == MV_TRISTATE_YES;
    v = 0;
    if (mv_xml_prop_enum(source, "guestReset", mv_hostdev_usb_guest_reset_from_string,
                         MV_XML_PROP_NONZERO, &v) < 0)
        return -1;
    src->u.usb.guest_reset = v;

    if (vendor) {
        if (mv_xml_prop_uint(vendor, "id", 0, MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO,
                             &src->u.usb.vendor) < 0)
            return -1;
        if (!product) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "missing product");
            return -1;
        }
    }
    if (product) {
        if (mv_xml_prop_uint(product, "id", 0, MV_XML_PROP_REQUIRED, &src->u.usb.product) < 0)
            return -1;
        if (!vendor) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "missing vendor");
            return -1;
        }
    }
    if (address &&
        (mv_xml_prop_uint(address, "bus", 0, MV_XML_PROP_REQUIRED, &src->u.usb.bus) < 0 ||
         mv_xml_prop_uint(address, "device", 0, MV_XML_PROP_REQUIRED, &src->u.usb.device) < 0))
        return -1;
    return 0;
}

static int
iscsi_auth_parse(const xmlNode *auth, MvHostdevSubsys *src)
{
    xmlNode *secret;
    g_autofree char *type = NULL;

    if (!(src->u.scsi.auth_username = mv_xml_prop(auth, "username"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing username for auth");
        return -1;
    }
    if (!(secret = mv_xml_child(auth, "secret"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing <secret> element in auth");
        return -1;
    }
    type = mv_xml_prop(secret, "type");
    if (g_strcmp0(type, "iscsi") != 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "invalid secret type %s", type ? type : "(null)");
        return -1;
    }
    src->u.scsi.auth_uuid = mv_xml_prop(secret, "uuid");
    src->u.scsi.auth_usage = mv_xml_prop(secret, "usage");
    if (src->u.scsi.auth_uuid && src->u.scsi.auth_usage) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "either secret uuid or usage expected");
        return -1;
    }
    if (!src->u.scsi.auth_uuid && !src->u.scsi.auth_usage) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing uuid or usage attribute");
        return -1;
    }
    return 0;
}

static int
scsi_source_parse(const xmlNode *source, MvHostdevSubsys *src)
{
    g_autofree char *protocol = mv_xml_prop(source, "protocol");
    xmlNode *node;
    int p = SCSI_PROTOCOL_ADAPTER;

    if (protocol && (p = scsi_protocol_from_string(protocol)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Unknown SCSI subsystem protocol '%s'", protocol);
        return -1;
    }

    if (p == SCSI_PROTOCOL_ADAPTER) {
        if (!(node = mv_xml_child(source, "address"))) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "'address' must be specified for scsi hostdev source");
            return -1;
        }
        if (mv_xml_prop_uint(node, "bus", 0, MV_XML_PROP_REQUIRED, &src->u.scsi.bus) < 0 ||
            mv_xml_prop_uint(node, "target", 0, MV_XML_PROP_REQUIRED, &src->u.scsi.target) < 0)
            return -1;
        {
            uint64_t unit = 0;

            if (mv_xml_prop_uint64(node, "unit", 0, MV_XML_PROP_REQUIRED, &unit) < 0)
                return -1;
            src->u.scsi.unit = unit;
        }
        node = mv_xml_child(source, "adapter");
        if (!node || !(src->u.scsi.adapter = mv_xml_prop(node, "name"))) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "'adapter' name must be specified for scsi hostdev source");
            return -1;
        }
        return 0;
    }

    src->u.scsi.iscsi = true;
    if (!(src->u.scsi.iscsi_name = mv_xml_prop(source, "name"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing iSCSI hostdev source path name");
        return -1;
    }
    switch (mv_xml_child_count(source, "host")) {
    case 0:
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing the host address for the iSCSI hostdev");
        return -1;
    case 1:
        break;
    default:
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "only one source host address may be specified for the iSCSI hostdev");
        return -1;
    }
    node = mv_xml_child(source, "host");
    if (!(src->u.scsi.iscsi_host = mv_xml_prop(node, "name"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing name for host");
        return -1;
    }
    if (mv_xml_prop_uint(node, "port", 10, MV_XML_PROP_NONE, &src->u.scsi.iscsi_port) < 0)
        return -1;
    if (src->u.scsi.iscsi_port > 65535) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "failed to parse port number '%u'",
                        src->u.scsi.iscsi_port);
        return -1;
    }
    if ((node = mv_xml_child(source, "auth")) && iscsi_auth_parse(node, src) < 0)
        return -1;
    if ((node = mv_xml_child(source, "initiator")) && (node = mv_xml_child(node, "iqn")))
        src->u.scsi.initiator_iqn = mv_xml_prop(node, "name");
    return 0;
}

static bool
wwn_is_valid(const char *wwn)
{
    size_t len;

    if (g_str_has_prefix(wwn, "0x"))
        wwn += 2;
    len = strlen(wwn);
    if (len != 16)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (!g_ascii_isxdigit(wwn[i]))
            return false;
    }
    return true;
}

static int
scsi_host_source_parse(const xmlNode *source, MvHostdevSubsys *src)
{
    g_autofree char *protocol = mv_xml_prop(source, "protocol");
    g_autofree char *wwpn = NULL;

    if (!protocol) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing scsi_host subsystem protocol");
        return -1;
    }
    if (strcmp(protocol, "vhost") != 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Unknown scsi_host subsystem protocol '%s'",
                        protocol);
        return -1;
    }
    if (!(wwpn = mv_xml_prop(source, "wwpn"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing vhost-scsi hostdev source wwpn");
        return -1;
    }
    if (!g_str_has_prefix(wwpn, "naa.") || !wwn_is_valid(wwpn + 4)) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "malformed 'wwpn' value");
        return -1;
    }
    src->u.scsi_host.wwpn = g_steal_pointer(&wwpn);
    return 0;
}

static int
mdev_source_parse(const xmlNode *source, MvHostdevSubsys *src)
{
    xmlNode *address = mv_xml_child(source, "address");
    g_autofree char *uuid = NULL;

    if (!address) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "Missing <address> element");
        return -1;
    }
    if (!(uuid = mv_xml_prop(address, "uuid"))) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "Missing 'uuid' attribute for element <address>");
        return -1;
    }
    if (mv_uuid_parse(uuid, src->u.mdev.uuid) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s",
                        "Cannot parse uuid attribute of element <address>");
        return -1;
    }
    return 0;
}

/* The attributes of the device element that only some types take. */
static int
subsys_device_attrs_parse(const xmlNode *device, MvHostdevSubsys *src)
{
    int v = 0;
    int rc;

    if ((rc = mv_xml_prop_enum(device, "sgio", mv_hostdev_sgio_from_string,
                               MV_XML_PROP_NONZERO, &v)) < 0)
        return -1;
    if (rc > 0 && src->type != MV_HOSTDEV_SUBSYS_SCSI) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "sgio is only supported for scsi host device");
        return -1;
    }
    if (rc > 0)
        src->u.scsi.sgio = v;

    {
        MvTristate rawio = MV_TRISTATE_ABSENT;

        if ((rc = mv_xml_prop_tristate_bool(device, "rawio", MV_XML_PROP_NONE, &rawio)) < 0)
            return -1;
        if (rc > 0 && src->type != MV_HOSTDEV_SUBSYS_SCSI) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "rawio is only supported for scsi host device");
            return -1;
        }
        if (rc > 0)
            src->u.scsi.rawio = rawio;
    }

    switch (src->type) {
    case MV_HOSTDEV_SUBSYS_SCSI_HOST:
        v = 0;
        if (mv_xml_prop_enum(device, "model", mv_hostdev_scsi_host_model_from_string,
                             MV_XML_PROP_NONE, &v) < 0)
            return -1;
        src->u.scsi_host.model = v;
        break;
    case MV_HOSTDEV_SUBSYS_MDEV:
        v = 0;
        if (mv_xml_prop_enum(device, "model", mv_hostdev_mdev_model_from_string,
                             MV_XML_PROP_REQUIRED, &v) < 0)
            return -1;
        src->u.mdev.model = v;
        if (mv_xml_prop_tristate_switch(device, "display", MV_XML_PROP_NONE, &src->u.mdev.display) < 0 ||
            mv_xml_prop_tristate_switch(device, "ramfb", MV_XML_PROP_NONE, &src->u.mdev.ramfb) < 0)
            return -1;
        break;
    case MV_HOSTDEV_SUBSYS_USB:
    case MV_HOSTDEV_SUBSYS_PCI:
    case MV_HOSTDEV_SUBSYS_SCSI:
    case MV_HOSTDEV_SUBSYS_LAST:
        if (xmlHasProp(device, BAD_CAST "model")) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "'model' attribute in <hostdev> is only supported when type='%s'",
                            mv_hostdev_subsys_type_to_string(src->type));
            return -1;
        }
        break;
    }
    return 0;
}

int
mv_hostdev_subsys_parse(const xmlNode *device, const char *type, MvHostdevSubsys *ret_src)
{
    MvHostdevSubsys src;
    g_autofree char *managed = mv_xml_prop(device, "managed");
    xmlNode *source;
    xmlNode *driver;
    int t;
    int rc = -1;

    memset(&src, 0, sizeof(src));
    /* As libvirt: a managed= that is not yes/no is ignored. */
    src.managed = g_strcmp0(managed, "yes") == 0;

    if (!type) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing source address type");
        return -1;
    }
    if ((t = mv_hostdev_subsys_type_from_string(type)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown host device source address type '%s'",
                        type);
        return -1;
    }
    src.type = t;

    if (!(source = mv_xml_child(device, "source"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing <source> element in hostdev device");
        return -1;
    }
    if (src.type != MV_HOSTDEV_SUBSYS_USB && xmlHasProp(source, BAD_CAST "startupPolicy")) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "Setting startupPolicy is only allowed for USB devices");
        return -1;
    }
    if (subsys_device_attrs_parse(device, &src) < 0)
        goto out;

    switch (src.type) {
    case MV_HOSTDEV_SUBSYS_PCI: {
        xmlNode *address = mv_xml_child(source, "address");
        int backend = 0;

        if (mv_xml_prop_tristate_bool(source, "writeFiltering", MV_XML_PROP_NONE,
                                      &src.u.pci.write_filtering) < 0)
            goto out;
        if (address && pci_source_parse(address, &src.u.pci.addr) < 0)
            goto out;
        if ((driver = mv_xml_child(device, "driver")) &&
            mv_xml_prop_enum(driver, "name", mv_hostdev_pci_backend_from_string,
                             MV_XML_PROP_NONZERO, &backend) < 0)
            goto out;
        src.u.pci.backend = backend;
        break;
    }
    case MV_HOSTDEV_SUBSYS_USB:
        if (usb_source_parse(source, &src) < 0)
            goto out;
        break;
    case MV_HOSTDEV_SUBSYS_SCSI:
        if (scsi_source_parse(source, &src) < 0)
            goto out;
        break;
    case MV_HOSTDEV_SUBSYS_SCSI_HOST:
        if (scsi_host_source_parse(source, &src) < 0)
            goto out;
        break;
    case MV_HOSTDEV_SUBSYS_MDEV:
        if (mdev_source_parse(source, &src) < 0)
            goto out;
        break;
    case MV_HOSTDEV_SUBSYS_LAST:
        break;
    }

    *ret_src = src;
    return 0;

 out:
    mv_hostdev_subsys_clear(&src);
    return rc;
}

static void
scsi_source_format(MvXmlBuf *buf, const MvHostdevSubsys *src, bool in_interface)
{
    mv_xml_buf_start(buf, "source");
    if (!src->u.scsi.iscsi) {
        mv_xml_buf_start(buf, "adapter");
        mv_xml_buf_attr(buf, "name", src->u.scsi.adapter);
        mv_xml_buf_end(buf);
        mv_xml_buf_start(buf, "address");
        if (in_interface)
            mv_xml_buf_attr(buf, "type", "scsi");
        mv_xml_buf_attr_uint(buf, "bus", src->u.scsi.bus);
        mv_xml_buf_attr_uint(buf, "target", src->u.scsi.target);
        mv_xml_buf_attr_uint(buf, "unit", src->u.scsi.unit);
        mv_xml_buf_end(buf);
        mv_xml_buf_end(buf);
        return;
    }

    mv_xml_buf_attr(buf, "protocol", "iscsi");
    mv_xml_buf_attr(buf, "name", src->u.scsi.iscsi_name);
    mv_xml_buf_start(buf, "host");
    mv_xml_buf_attr(buf, "name", src->u.scsi.iscsi_host);
    if (src->u.scsi.iscsi_port)
        mv_xml_buf_attr_uint(buf, "port", src->u.scsi.iscsi_port);
    mv_xml_buf_end(buf);
    if (src->u.scsi.auth_username) {
        mv_xml_buf_start(buf, "auth");
        mv_xml_buf_attr(buf, "username", src->u.scsi.auth_username);
        mv_xml_buf_start(buf, "secret");
        mv_xml_buf_attr(buf, "type", "iscsi");
        mv_xml_buf_attr(buf, "uuid", src->u.scsi.auth_uuid);
        mv_xml_buf_attr(buf, "usage", src->u.scsi.auth_usage);
        mv_xml_buf_end(buf);
        mv_xml_buf_end(buf);
    }
    if (src->u.scsi.initiator_iqn) {
        mv_xml_buf_start(buf, "initiator");
        mv_xml_buf_start(buf, "iqn");
        mv_xml_buf_attr(buf, "name", src->u.scsi.initiator_iqn);
        mv_xml_buf_end(buf);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

void
mv_hostdev_subsys_format(MvXmlBuf *buf, const MvHostdevSubsys *src, bool in_interface)
{
    char uuidstr[MV_UUID_STRING_BUFLEN];

    switch (src->type) {
    case MV_HOSTDEV_SUBSYS_PCI:
        if (src->u.pci.backend != MV_HOSTDEV_PCI_BACKEND_DEFAULT) {
            mv_xml_buf_start(buf, "driver");
            mv_xml_buf_attr(buf, "name", mv_hostdev_pci_backend_to_string(src->u.pci.backend));
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr_tristate_bool(buf, "writeFiltering", src->u.pci.write_filtering);
        mv_xml_buf_start(buf, "address");
        if (in_interface)
            mv_xml_buf_attr(buf, "type", "pci");
        mv_xml_buf_attr_printf(buf, "domain", "0x%04x", src->u.pci.addr.domain);
        mv_xml_buf_attr_printf(buf, "bus", "0x%02x", src->u.pci.addr.bus);
        mv_xml_buf_attr_printf(buf, "slot", "0x%02x", src->u.pci.addr.slot);
        mv_xml_buf_attr_printf(buf, "function", "0x%u", src->u.pci.addr.function);
        mv_xml_buf_end(buf);
        mv_xml_buf_end(buf);
        break;
    case MV_HOSTDEV_SUBSYS_USB:
        mv_xml_buf_start(buf, "source");
        if (src->u.usb.startup_policy)
            mv_xml_buf_attr(buf, "startupPolicy",
                            mv_hostdev_startup_policy_to_string(src->u.usb.startup_policy));
        if (src->u.usb.guest_reset)
            mv_xml_buf_attr(buf, "guestReset",
                            mv_hostdev_usb_guest_reset_to_string(src->u.usb.guest_reset));
        if (src->u.usb.vendor) {
            mv_xml_buf_start(buf, "vendor");
            mv_xml_buf_attr_printf(buf, "id", "0x%.4x", src->u.usb.vendor);
            mv_xml_buf_end(buf);
            mv_xml_buf_start(buf, "product");
            mv_xml_buf_attr_printf(buf, "id", "0x%.4x", src->u.usb.product);
            mv_xml_buf_end(buf);
        }
        if (src->u.usb.bus || src->u.usb.device) {
            mv_xml_buf_start(buf, "address");
            if (in_interface)
                mv_xml_buf_attr(buf, "type", "usb");
            mv_xml_buf_attr_uint(buf, "bus", src->u.usb.bus);
            mv_xml_buf_attr_uint(buf, "device", src->u.usb.device);
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_end(buf);
        break;
    case MV_HOSTDEV_SUBSYS_SCSI:
        scsi_source_format(buf, src, in_interface);
        break;
    case MV_HOSTDEV_SUBSYS_SCSI_HOST:
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "protocol", "vhost");
        mv_xml_buf_attr(buf, "wwpn", src->u.scsi_host.wwpn);
        mv_xml_buf_end(buf);
        break;
    case MV_HOSTDEV_SUBSYS_MDEV:
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_start(buf, "address");
        mv_xml_buf_attr(buf, "uuid", mv_uuid_format(src->u.mdev.uuid, uuidstr));
        mv_xml_buf_end(buf);
        mv_xml_buf_end(buf);
        break;
    case MV_HOSTDEV_SUBSYS_LAST:
        break;
    }
}

/* <hostdev> ------------------------------------------------------------- */

void
mv_domain_hostdev_free(MvDomainHostdev *def)
{
    if (!def)
        return;
    mv_hostdev_subsys_clear(&def->subsys);
    g_free(def->caps.block);
    g_free(def->caps.chardev);
    g_free(def->caps.ifname);
    g_free(def->teaming.persistent);
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

static int
caps_parse(const xmlNode *node, const char *type, MvDomainHostdev *def)
{
    static const char *const children[] = { "block", "char", "interface" };
    static const char *const what[] = { "storage", "character", "net" };
    xmlNode *source;
    xmlNode *child;
    char *value = NULL;
    int t;

    if (!type) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing source address type");
        return -1;
    }
    if ((t = mv_hostdev_caps_type_from_string(type)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown host device source address type '%s'",
                        type);
        return -1;
    }
    def->caps.type = t;
    if (!(source = mv_xml_child(node, "source"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing <source> element in hostdev device");
        return -1;
    }
    if ((child = mv_xml_child(source, children[t])))
        value = mv_xml_content(child);
    if (!value || !*value) {
        g_free(value);
        mv_report_error(VIR_ERR_XML_ERROR, "Missing <%s> element in hostdev %s device",
                        children[t], what[t]);
        return -1;
    }
    switch (def->caps.type) {
    case MV_HOSTDEV_CAPS_STORAGE:
        def->caps.block = value;
        break;
    case MV_HOSTDEV_CAPS_MISC:
        def->caps.chardev = value;
        break;
    case MV_HOSTDEV_CAPS_NET:
    case MV_HOSTDEV_CAPS_LAST:
        def->caps.ifname = value;
        break;
    }
    return 0;
}

MvDomainHostdev *
mv_domain_hostdev_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainHostdev) def = g_new0(MvDomainHostdev, 1);
    g_autofree char *mode = mv_xml_prop(node, "mode");
    g_autofree char *type = mv_xml_prop(node, "type");

    mv_domain_device_info_init(&def->info);
    if (mode) {
        int m = mv_hostdev_mode_from_string(mode);

        if (m < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown hostdev mode '%s'", mode);
            return NULL;
        }
        def->mode = m;
    }

    if (def->mode == MV_HOSTDEV_MODE_SUBSYS) {
        if (mv_hostdev_subsys_parse(node, type, &def->subsys) < 0)
            return NULL;
    } else if (caps_parse(node, type, def) < 0) {
        return NULL;
    }

    if (mv_domain_device_info_parse(node, MV_DEVICE_INFO_ALLOW_BOOT | MV_DEVICE_INFO_ALLOW_ROM,
                                    flags, &def->info) < 0)
        return NULL;

    if (def->mode == MV_HOSTDEV_MODE_SUBSYS && def->subsys.type == MV_HOSTDEV_SUBSYS_SCSI) {
        def->readonly = mv_xml_child(node, "readonly") != NULL;
        def->shareable = mv_xml_child(node, "shareable") != NULL;
    }
    if (mv_net_teaming_parse(node, &def->teaming) < 0)
        return NULL;

    return g_steal_pointer(&def);
}

static void
caps_format(MvXmlBuf *buf, const MvDomainHostdev *def)
{
    mv_xml_buf_start(buf, "source");
    mv_xml_buf_open_children(buf);
    switch (def->caps.type) {
    case MV_HOSTDEV_CAPS_STORAGE:
        mv_xml_buf_text_element(buf, "block", def->caps.block);
        break;
    case MV_HOSTDEV_CAPS_MISC:
        mv_xml_buf_text_element(buf, "char", def->caps.chardev);
        break;
    case MV_HOSTDEV_CAPS_NET:
    case MV_HOSTDEV_CAPS_LAST:
        mv_xml_buf_text_element(buf, "interface", def->caps.ifname);
        break;
    }
    mv_xml_buf_end(buf);
}

void
mv_domain_hostdev_format(MvXmlBuf *buf, const MvDomainHostdev *def, unsigned int flags)
{
    const MvHostdevSubsys *src = &def->subsys;

    mv_xml_buf_start(buf, "hostdev");
    mv_xml_buf_attr(buf, "mode", mv_hostdev_mode_to_string(def->mode));
    if (def->mode == MV_HOSTDEV_MODE_SUBSYS) {
        mv_xml_buf_attr(buf, "type", mv_hostdev_subsys_type_to_string(src->type));
        mv_xml_buf_attr(buf, "managed", src->managed ? "yes" : "no");
        if (src->type == MV_HOSTDEV_SUBSYS_SCSI) {
            if (src->u.scsi.sgio)
                mv_xml_buf_attr(buf, "sgio", mv_hostdev_sgio_to_string(src->u.scsi.sgio));
            mv_xml_buf_attr_tristate_bool(buf, "rawio", src->u.scsi.rawio);
        }
        if (src->type == MV_HOSTDEV_SUBSYS_SCSI_HOST && src->u.scsi_host.model)
            mv_xml_buf_attr(buf, "model", mv_hostdev_scsi_host_model_to_string(src->u.scsi_host.model));
        if (src->type == MV_HOSTDEV_SUBSYS_MDEV) {
            mv_xml_buf_attr(buf, "model", mv_hostdev_mdev_model_to_string(src->u.mdev.model));
            mv_xml_buf_attr_tristate_switch(buf, "display", src->u.mdev.display);
            mv_xml_buf_attr_tristate_switch(buf, "ramfb", src->u.mdev.ramfb);
        }
        mv_xml_buf_open_children(buf);
        mv_hostdev_subsys_format(buf, src, false);
    } else {
        mv_xml_buf_attr(buf, "type", mv_hostdev_caps_type_to_string(def->caps.type));
        mv_xml_buf_open_children(buf);
        caps_format(buf, def);
    }

    mv_net_teaming_format(buf, &def->teaming);
    if (def->readonly) {
        mv_xml_buf_start(buf, "readonly");
        mv_xml_buf_end(buf);
    }
    if (def->shareable) {
        mv_xml_buf_start(buf, "shareable");
        mv_xml_buf_end(buf);
    }
    mv_domain_device_info_format(buf, &def->info,
                                 MV_DEVICE_INFO_ALLOW_BOOT | MV_DEVICE_INFO_ALLOW_ROM, flags);
    mv_xml_buf_end(buf);
}

int
mv_domain_hostdev_validate(const MvDomainHostdev *def)
{
    MvDomainAddressType addr = def->info.address.type;

    if (def->mode == MV_HOSTDEV_MODE_SUBSYS) {
        switch (def->subsys.type) {
        case MV_HOSTDEV_SUBSYS_PCI:
            if (addr != MV_DOMAIN_ADDRESS_NONE && addr != MV_DOMAIN_ADDRESS_UNASSIGNED &&
                addr != MV_DOMAIN_ADDRESS_PCI) {
                mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s",
                                "PCI host devices must use 'pci' or 'unassigned' address type");
                return -1;
            }
            break;
        case MV_HOSTDEV_SUBSYS_SCSI:
            if (addr != MV_DOMAIN_ADDRESS_NONE && addr != MV_DOMAIN_ADDRESS_DRIVE) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                                "SCSI host device must use 'drive' address type");
                return -1;
            }
            if (def->subsys.u.scsi.sgio == MV_HOSTDEV_SGIO_UNFILTERED) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                                "unfiltered sgio is no longer supported");
                return -1;
            }
            break;
        case MV_HOSTDEV_SUBSYS_SCSI_HOST:
            if (addr != MV_DOMAIN_ADDRESS_NONE && addr != MV_DOMAIN_ADDRESS_PCI &&
                addr != MV_DOMAIN_ADDRESS_CCW) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                                "SCSI_host host device must use 'pci' or 'ccw' address type");
                return -1;
            }
            break;
        case MV_HOSTDEV_SUBSYS_USB:
            if (addr != MV_DOMAIN_ADDRESS_NONE && addr != MV_DOMAIN_ADDRESS_USB) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                                "USB host device must use 'usb' address type");
                return -1;
            }
            break;
        case MV_HOSTDEV_SUBSYS_MDEV:
        case MV_HOSTDEV_SUBSYS_LAST:
            break;
        }
    }

    if (def->teaming.type != MV_NET_TEAMING_NONE) {
        if (def->teaming.type != MV_NET_TEAMING_TRANSIENT) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                            "teaming hostdev devices must have type='transient'");
            return -1;
        }
        if (!def->teaming.persistent) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                            "missing required persistent attribute in hostdev teaming element");
            return -1;
        }
        if (def->mode != MV_HOSTDEV_MODE_SUBSYS || def->subsys.type != MV_HOSTDEV_SUBSYS_PCI) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                            "teaming is only supported for pci hostdev devices");
            return -1;
        }
    }
    return 0;
}

void *
mv_domain_hostdev_parse_node(const xmlNode *node, unsigned int flags)
{
    return mv_domain_hostdev_parse(node, flags);
}

void
mv_domain_hostdev_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    mv_domain_hostdev_format(buf, dev, flags);
}

void
mv_domain_hostdev_free_node(void *dev)
{
    mv_domain_hostdev_free(dev);
}

int
mv_domain_hostdev_validate_node(const void *dev, const MvDomainDef *def)
{
    return mv_domain_hostdev_validate(dev);
}

const MvDomainDeviceInfo *
mv_domain_hostdev_info_node(const void *dev)
{
    const MvDomainHostdev *def = dev;

    return &def->info;
}

/* Across host devices ------------------------------------------------- */

static bool
subsys_match(const MvHostdevSubsys *a, const MvHostdevSubsys *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case MV_HOSTDEV_SUBSYS_PCI:
        return mv_pci_addr_equal(&a->u.pci.addr, &b->u.pci.addr);
    case MV_HOSTDEV_SUBSYS_USB:
        if (a->u.usb.bus && a->u.usb.device)
            return a->u.usb.bus == b->u.usb.bus && a->u.usb.device == b->u.usb.device;
        return a->u.usb.vendor == b->u.usb.vendor && a->u.usb.product == b->u.usb.product;
    case MV_HOSTDEV_SUBSYS_SCSI:
        if (a->u.scsi.iscsi != b->u.scsi.iscsi)
            return false;
        if (a->u.scsi.iscsi)
            return g_strcmp0(a->u.scsi.iscsi_host, b->u.scsi.iscsi_host) == 0 &&
                   a->u.scsi.iscsi_port == b->u.scsi.iscsi_port &&
                   g_strcmp0(a->u.scsi.iscsi_name, b->u.scsi.iscsi_name) == 0;
        return g_strcmp0(a->u.scsi.adapter, b->u.scsi.adapter) == 0 &&
               a->u.scsi.bus == b->u.scsi.bus && a->u.scsi.target == b->u.scsi.target &&
               a->u.scsi.unit == b->u.scsi.unit;
    case MV_HOSTDEV_SUBSYS_SCSI_HOST:
        return g_strcmp0(a->u.scsi_host.wwpn, b->u.scsi_host.wwpn) == 0;
    case MV_HOSTDEV_SUBSYS_MDEV:
        return memcmp(a->u.mdev.uuid, b->u.mdev.uuid, MV_UUID_BUFLEN) == 0;
    case MV_HOSTDEV_SUBSYS_LAST:
        break;
    }
    return false;
}

static bool
hostdev_match(const MvDomainHostdev *a, const MvDomainHostdev *b)
{
    if (a->mode != b->mode)
        return false;
    if (a->mode == MV_HOSTDEV_MODE_SUBSYS)
        return subsys_match(&a->subsys, &b->subsys);
    if (a->caps.type != b->caps.type)
        return false;
    return g_strcmp0(a->caps.block, b->caps.block) == 0 &&
           g_strcmp0(a->caps.chardev, b->caps.chardev) == 0 &&
           g_strcmp0(a->caps.ifname, b->caps.ifname) == 0;
}

static bool
is_scsi_on_drive(const MvDomainHostdev *dev)
{
    return dev->mode == MV_HOSTDEV_MODE_SUBSYS && dev->subsys.type == MV_HOSTDEV_SUBSYS_SCSI &&
           dev->info.address.type == MV_DOMAIN_ADDRESS_DRIVE;
}

static bool
drive_used_by_scsi_disk(const MvDomainDef *def, const MvDomainAddress *addr)
{
    for (guint i = 0; i < def->disks->len; i++) {
        const MvDomainDisk *disk = g_ptr_array_index(def->disks, i);

        if (disk->bus == MV_DISK_BUS_SCSI && disk->info.address.type == MV_DOMAIN_ADDRESS_DRIVE &&
            memcmp(&disk->info.address.u.drive, &addr->u.drive, sizeof(addr->u.drive)) == 0)
            return true;
    }
    return false;
}

/* libvirt words the address with bus and controller swapped; kept so. */
static int
scsi_drive_addresses_validate(const MvDomainDef *def)
{
    for (guint i = 0; i < def->hostdevs->len; i++) {
        const MvDomainHostdev *a = g_ptr_array_index(def->hostdevs, i);
        const MvDomainAddress *addr = &a->info.address;

        if (!is_scsi_on_drive(a))
            continue;
        for (guint j = i + 1; j < def->hostdevs->len; j++) {
            const MvDomainHostdev *b = g_ptr_array_index(def->hostdevs, j);

            if (!is_scsi_on_drive(b) ||
                memcmp(&addr->u.drive, &b->info.address.u.drive, sizeof(addr->u.drive)) != 0)
                continue;
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "SCSI host address controller='%u' bus='%u' target='%u' unit='%u' in use by another SCSI host device",
                            addr->u.drive.bus, addr->u.drive.controller, addr->u.drive.target,
                            addr->u.drive.unit);
            return -1;
        }
        if (drive_used_by_scsi_disk(def, addr)) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "SCSI host address controller='%u' bus='%u' target='%u' unit='%u' in use by another SCSI disk",
                            addr->u.drive.bus, addr->u.drive.controller, addr->u.drive.target,
                            addr->u.drive.unit);
            return -1;
        }
    }
    return 0;
}

/* libvirt's narrow SCSI bus: units 0..6 per controller when assigning. */
#define SCSI_NARROW_BUS_UNITS 7

static bool
scsi_drive_used(const MvDomainDef *def, const MvDomainAddress *addr)
{
    if (mv_domain_controller_scsi_unit_unusable(def, addr->u.drive.controller, addr->u.drive.unit) ||
        drive_used_by_scsi_disk(def, addr))
        return true;
    for (guint i = 0; i < def->hostdevs->len; i++) {
        const MvDomainHostdev *other = g_ptr_array_index(def->hostdevs, i);

        if (is_scsi_on_drive(other) &&
            memcmp(&other->info.address.u.drive, &addr->u.drive, sizeof(addr->u.drive)) == 0)
            return true;
    }
    return false;
}

static void
scsi_assign_address(MvDomainHostdev *dev, const MvDomainDef *def)
{
    MvDomainAddress addr = { .type = MV_DOMAIN_ADDRESS_DRIVE };

    for (addr.u.drive.controller = 0;; addr.u.drive.controller++) {
        for (addr.u.drive.unit = 0; addr.u.drive.unit < SCSI_NARROW_BUS_UNITS; addr.u.drive.unit++) {
            if (!scsi_drive_used(def, &addr)) {
                dev->info.address = addr;
                return;
            }
        }
    }
}

int
mv_domain_hostdevs_post_parse(MvDomainDef *def)
{
    for (guint i = 0; i < def->hostdevs->len; i++) {
        MvDomainHostdev *dev = g_ptr_array_index(def->hostdevs, i);
        MvHostdevSubsys *src = &dev->subsys;

        if (dev->mode != MV_HOSTDEV_MODE_SUBSYS || src->type != MV_HOSTDEV_SUBSYS_SCSI)
            continue;
        if (src->u.scsi.iscsi && !strchr(src->u.scsi.iscsi_name, '/')) {
            char *name = g_strdup_printf("%s/0", src->u.scsi.iscsi_name);

            g_free(src->u.scsi.iscsi_name);
            src->u.scsi.iscsi_name = name;
        }
        if (dev->info.address.type == MV_DOMAIN_ADDRESS_NONE)
            scsi_assign_address(dev, def);
    }
    return 0;
}

int
mv_domain_hostdevs_validate(const MvDomainDef *def)
{
    bool ramfb = false;

    for (guint i = 0; i < def->hostdevs->len; i++) {
        const MvDomainHostdev *dev = g_ptr_array_index(def->hostdevs, i);

        for (guint j = i + 1; j < def->hostdevs->len; j++) {
            if (hostdev_match(dev, g_ptr_array_index(def->hostdevs, j))) {
                mv_report_error(VIR_ERR_XML_ERROR, "%s",
                                "Hostdev already exists in the domain configuration");
                return -1;
            }
        }
        if (dev->mode == MV_HOSTDEV_MODE_SUBSYS && dev->subsys.type == MV_HOSTDEV_SUBSYS_MDEV &&
            dev->subsys.u.mdev.ramfb == MV_TRISTATE_YES) {
            if (ramfb) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                                "Only one vgpu device can have 'ramfb' enabled");
                return -1;
            }
            ramfb = true;
        }
    }
    return scsi_drive_addresses_validate(def);
}
