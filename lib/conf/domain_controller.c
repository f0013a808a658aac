/* Domain <controller> devices: parse, format, validate, their order and indexes, and the implicit ones. */
#define MV_LOG_MODULE "conf.domain_controller"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_controller.h"

#include <string.h>

#include "domain_chr.h"
#include "domain_hostdev.h"
#include "domain_smartcard.h"
#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_controller_type, MV_CONTROLLER_LAST,
             "ide", "fdc", "scsi", "sata", "virtio-serial", "ccid", "usb", "pci", "xenbus", "isa")

/* Model tables, one per controller type that has models. */
MV_ENUM_DECL(pci_model);
MV_ENUM_IMPL(pci_model, 10,
             "pci-root", "pcie-root", "pci-bridge", "dmi-to-pci-bridge", "pcie-to-pci-bridge",
             "pcie-root-port", "pcie-switch-upstream-port", "pcie-switch-downstream-port",
             "pci-expander-bus", "pcie-expander-bus")
MV_ENUM_DECL(pci_model_name);
MV_ENUM_IMPL(pci_model_name, 11,
             "none", "pci-bridge", "i82801b11-bridge", "ioh3420", "x3130-upstream",
             "xio3130-downstream", "pxb", "pxb-pcie", "pcie-root-port",
             "spapr-pci-host-bridge", "pcie-pci-bridge")
MV_ENUM_DECL(scsi_model);
MV_ENUM_IMPL(scsi_model, 13,
             "auto", "buslogic", "lsilogic", "lsisas1068", "vmpvscsi", "ibmvscsi",
             "virtio-scsi", "lsisas1078", "virtio-transitional", "virtio-non-transitional",
             "ncr53c90", "dc390", "am53c974")
MV_ENUM_DECL(usb_model);
MV_ENUM_IMPL(usb_model, 14,
             "piix3-uhci", "piix4-uhci", "ehci", "ich9-ehci1", "ich9-uhci1", "ich9-uhci2",
             "ich9-uhci3", "vt82c686b-uhci", "pci-ohci", "nec-xhci", "qusb1", "qusb2",
             "qemu-xhci", "none")
MV_ENUM_DECL(ide_model);
MV_ENUM_IMPL(ide_model, 3, "piix3", "piix4", "ich6")
MV_ENUM_DECL(vioserial_model);
MV_ENUM_IMPL(vioserial_model, 3, "virtio", "virtio-transitional", "virtio-non-transitional")

/* The highest index of a controller added because a drive address names it. */
#define IMPLICIT_CONTROLLER_INDEX_MAX 4095

#define PCI_MODEL_PCI_ROOT 0
#define PCI_MODEL_PCIE_ROOT 1
#define SCSI_MODEL_BUSLOGIC 1
#define SCSI_MODEL_LSILOGIC 2
#define SCSI_MODEL_LSISAS1068 3
#define SCSI_MODEL_VMPVSCSI 4
#define SCSI_MODEL_IBMVSCSI 5
#define SCSI_MODEL_VIRTIO_SCSI 6
#define SCSI_MODEL_LSISAS1078 7
#define SCSI_MODEL_VIRTIO_TRANSITIONAL 8
#define SCSI_MODEL_VIRTIO_NON_TRANSITIONAL 9
#define SCSI_MODEL_NCR53C90 10
#define SCSI_MODEL_DC390 11
#define SCSI_MODEL_AM53C974 12
#define USB_MODEL_ICH9_EHCI1 3
#define USB_MODEL_ICH9_UHCI1 4
#define USB_MODEL_ICH9_UHCI2 5
#define USB_MODEL_ICH9_UHCI3 6
#define USB_MODEL_NONE 13

#define PCI_MAX_INDEX 255

MvDomainController *
mv_domain_controller_new(MvControllerType type)
{
    MvDomainController *ctrl = g_new0(MvDomainController, 1);

    ctrl->type = type;
    ctrl->index = -1;
    ctrl->model = -1;
    ctrl->ports = -1;
    ctrl->vectors = -1;
    ctrl->chassis_nr = -1;
    ctrl->chassis = -1;
    ctrl->port = -1;
    ctrl->bus_nr = -1;
    ctrl->target_index = -1;
    ctrl->numa_node = -1;
    ctrl->max_grant_frames = -1;
    ctrl->max_event_channels = -1;
    mv_domain_device_info_init(&ctrl->info);
    return ctrl;
}

void
mv_domain_controller_free(MvDomainController *ctrl)
{
    if (!ctrl)
        return;
    mv_domain_device_info_clear(&ctrl->info);
    g_free(ctrl);
}

static int
model_from_string(MvControllerType type, const char *model)
{
    switch (type) {
    case MV_CONTROLLER_SCSI: return scsi_model_from_string(model);
    case MV_CONTROLLER_USB: return usb_model_from_string(model);
    case MV_CONTROLLER_PCI: return pci_model_from_string(model);
    case MV_CONTROLLER_IDE: return ide_model_from_string(model);
    case MV_CONTROLLER_VIRTIO_SERIAL: return vioserial_model_from_string(model);
    default: return -1;
    }
}

static const char *
model_to_string(MvControllerType type, int model)
{
    switch (type) {
    case MV_CONTROLLER_SCSI: return scsi_model_to_string(model);
    case MV_CONTROLLER_USB: return usb_model_to_string(model);
    case MV_CONTROLLER_PCI: return pci_model_to_string(model);
    case MV_CONTROLLER_IDE: return ide_model_to_string(model);
    case MV_CONTROLLER_VIRTIO_SERIAL: return vioserial_model_to_string(model);
    default: return NULL;
    }
}

static bool
is_usb2_companion_model(const MvDomainController *ctrl)
{
    return ctrl->type == MV_CONTROLLER_USB &&
           (ctrl->model == USB_MODEL_ICH9_EHCI1 || ctrl->model == USB_MODEL_ICH9_UHCI1 ||
            ctrl->model == USB_MODEL_ICH9_UHCI2 || ctrl->model == USB_MODEL_ICH9_UHCI3);
}

/* Parsing ------------------------------------------------------------- */

/* A non-negative int attribute (base 0 reads "0x" hex); *ret stays -1
 * when absent. */
static int
prop_nonneg_int(const xmlNode *node, const char *name, int base, int *ret)
{
    unsigned int v = 0;
    int rc;

    if ((rc = mv_xml_prop_uint(node, name, base, MV_XML_PROP_NONE, &v)) <= 0)
        return rc;
    if (v > G_MAXINT) {
        g_autofree char *text = mv_xml_prop(node, name);

        mv_report_error(VIR_ERR_XML_ERROR,
                        "Invalid value for attribute '%s' in element '%s': '%s'. Expected integer value",
                        name, (const char *) node->name, text);
        return -1;
    }
    *ret = (int) v;
    return 1;
}

static int
driver_parse(const xmlNode *driver, MvDomainController *ctrl)
{
    if (mv_xml_prop_uint(driver, "queues", 10, MV_XML_PROP_NONE, &ctrl->queues) < 0 ||
        mv_xml_prop_uint(driver, "cmd_per_lun", 10, MV_XML_PROP_NONE, &ctrl->cmd_per_lun) < 0 ||
        mv_xml_prop_uint(driver, "max_sectors", 10, MV_XML_PROP_NONE, &ctrl->max_sectors) < 0 ||
        mv_xml_prop_tristate_switch(driver, "ioeventfd", MV_XML_PROP_NONE, &ctrl->ioeventfd) < 0 ||
        mv_xml_prop_uint(driver, "iothread", 10, MV_XML_PROP_NONE, &ctrl->iothread) < 0 ||
        mv_domain_virtio_options_parse(driver, &ctrl->virtio) < 0)
        return -1;
    return 0;
}

static int
pci_target_parse(const xmlNode *target, MvDomainController *ctrl)
{
    if (prop_nonneg_int(target, "chassisNr", 0, &ctrl->chassis_nr) < 0 ||
        prop_nonneg_int(target, "chassis", 0, &ctrl->chassis) < 0 ||
        prop_nonneg_int(target, "port", 0, &ctrl->port) < 0 ||
        prop_nonneg_int(target, "busNr", 0, &ctrl->bus_nr) < 0 ||
        mv_xml_prop_tristate_switch(target, "hotplug", MV_XML_PROP_NONE, &ctrl->hotplug) < 0 ||
        prop_nonneg_int(target, "index", 0, &ctrl->target_index) < 0)
        return -1;
    return 0;
}

static int
numa_node_parse(const xmlNode *target, int *ret_node)
{
    g_autofree char *text = target ? mv_xml_child_content(target, "node") : NULL;
    char *end = NULL;
    gint64 v = -1;

    if (!text || !*text)
        return 0;
    v = g_ascii_strtoll(text, &end, 10);
    if (!end || *end || end == text || v < 0 || v > G_MAXINT) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "invalid NUMA node in target");
        return -1;
    }
    *ret_node = (int) v;
    return 0;
}

static int
controller_parse(const xmlNode *node, unsigned int flags, MvDomainController *ctrl)
{
    g_autofree char *model = mv_xml_prop(node, "model");
    xmlNode *child;
    xmlNode *target = mv_xml_child(node, "target");
    int numa = -1;
    int ports = -1;

    if (model && (ctrl->model = model_from_string(ctrl->type, model)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Unknown model type '%s'", model);
        return -1;
    }
    if (prop_nonneg_int(node, "index", 10, &ctrl->index) < 0)
        return -1;
    if ((child = mv_xml_child(node, "driver")) && driver_parse(child, ctrl) < 0)
        return -1;
    if (mv_xml_child_count(node, "model") > 1) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "Multiple <model> elements in controller definition not allowed");
        return -1;
    }
    if ((child = mv_xml_child(node, "model")) && ctrl->type == MV_CONTROLLER_PCI &&
        mv_xml_prop_enum(child, "name", pci_model_name_from_string, MV_XML_PROP_NONE,
                         &ctrl->model_name) < 0)
        return -1;
    if (mv_xml_child_count(node, "target") > 1) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "Multiple <target> elements in controller definition not allowed");
        return -1;
    }
    if (target && ctrl->type == MV_CONTROLLER_PCI && pci_target_parse(target, ctrl) < 0)
        return -1;
    if (numa_node_parse(target, &numa) < 0)
        return -1;

    /* A "none" USB controller is no device: it has no address. */
    if (!(ctrl->type == MV_CONTROLLER_USB && ctrl->model == USB_MODEL_NONE) &&
        mv_domain_device_info_parse(node, 0, flags, &ctrl->info) < 0)
        return -1;
    if (prop_nonneg_int(node, "ports", 10, &ports) < 0)
        return -1;

    switch (ctrl->type) {
    case MV_CONTROLLER_VIRTIO_SERIAL:
        if (prop_nonneg_int(node, "vectors", 10, &ctrl->vectors) < 0)
            return -1;
        ctrl->ports = ports;
        break;
    case MV_CONTROLLER_USB: {
        /* ICH9 UHCI companions default to their place after the EHCI. */
        int start = -1;

        if (ctrl->model == USB_MODEL_ICH9_UHCI1)
            start = 0;
        else if (ctrl->model == USB_MODEL_ICH9_UHCI2)
            start = 2;
        else if (ctrl->model == USB_MODEL_ICH9_UHCI3)
            start = 4;
        if (start >= 0 && ctrl->info.usb_master_startport < 0)
            ctrl->info.usb_master_startport = start;
        ctrl->ports = ports;
        break;
    }
    case MV_CONTROLLER_PCI:
        if (ctrl->model == PCI_MODEL_PCI_ROOT || ctrl->model == PCI_MODEL_PCIE_ROOT) {
            xmlNode *hole = mv_xml_child(node, "pcihole64");
            uint64_t bytes = 0;

            if (hole) {
                if (mv_xml_scaled_parse(hole, "unit", 1024, G_MAXUINT64, &bytes) < 0)
                    return -1;
                ctrl->has_pcihole64 = true;
                ctrl->pcihole64_kib = (bytes + 1023) / 1024;
            }
        }
        ctrl->numa_node = numa;
        break;
    case MV_CONTROLLER_XENBUS:
        if (prop_nonneg_int(node, "maxGrantFrames", 10, &ctrl->max_grant_frames) < 0 ||
            prop_nonneg_int(node, "maxEventChannels", 10, &ctrl->max_event_channels) < 0)
            return -1;
        break;
    default:
        break;
    }
    return 0;
}

MvDomainController *
mv_domain_controller_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainController) ctrl = NULL;
    int type = MV_CONTROLLER_IDE;

    if (mv_xml_prop_enum(node, "type", mv_controller_type_from_string, MV_XML_PROP_NONE,
                         &type) < 0)
        return NULL;
    ctrl = mv_domain_controller_new(type);
    if (controller_parse(node, flags, ctrl) < 0)
        return NULL;
    return g_steal_pointer(&ctrl);
}

/* Formatting ---------------------------------------------------------- */

static void
pci_format(MvXmlBuf *buf, const MvDomainController *ctrl)
{
    gsize mark;

    if (ctrl->model_name) {
        mv_xml_buf_start(buf, "model");
        mv_xml_buf_attr(buf, "name", pci_model_name_to_string(ctrl->model_name));
        mv_xml_buf_end(buf);
    }
    mark = buf->str->len;
    mv_xml_buf_start(buf, "target");
    if (ctrl->chassis_nr != -1)
        mv_xml_buf_attr_printf(buf, "chassisNr", "%d", ctrl->chassis_nr);
    if (ctrl->chassis != -1)
        mv_xml_buf_attr_printf(buf, "chassis", "%d", ctrl->chassis);
    if (ctrl->port != -1)
        mv_xml_buf_attr_printf(buf, "port", "0x%x", ctrl->port);
    if (ctrl->bus_nr != -1)
        mv_xml_buf_attr_printf(buf, "busNr", "%d", ctrl->bus_nr);
    if (ctrl->target_index != -1)
        mv_xml_buf_attr_printf(buf, "index", "%d", ctrl->target_index);
    mv_xml_buf_attr_tristate_switch(buf, "hotplug", ctrl->hotplug);
    if (ctrl->numa_node != -1) {
        g_autofree char *text = g_strdup_printf("%d", ctrl->numa_node);

        mv_xml_buf_text_element(buf, "node", text);
    }
    mv_storage_xml_end_or_drop(buf, mark);
}

void
mv_domain_controller_format(MvXmlBuf *buf, const MvDomainController *ctrl, unsigned int flags)
{
    gsize mark;

    mv_xml_buf_start(buf, "controller");
    mv_xml_buf_attr(buf, "type", mv_controller_type_to_string(ctrl->type));
    mv_xml_buf_attr_printf(buf, "index", "%d", ctrl->index);
    if (ctrl->model != -1)
        mv_xml_buf_attr(buf, "model", model_to_string(ctrl->type, ctrl->model));
    switch (ctrl->type) {
    case MV_CONTROLLER_VIRTIO_SERIAL:
        if (ctrl->ports != -1)
            mv_xml_buf_attr_printf(buf, "ports", "%d", ctrl->ports);
        if (ctrl->vectors != -1)
            mv_xml_buf_attr_printf(buf, "vectors", "%d", ctrl->vectors);
        break;
    case MV_CONTROLLER_USB:
        if (ctrl->ports != -1)
            mv_xml_buf_attr_printf(buf, "ports", "%d", ctrl->ports);
        break;
    case MV_CONTROLLER_XENBUS:
        if (ctrl->max_grant_frames != -1)
            mv_xml_buf_attr_printf(buf, "maxGrantFrames", "%d", ctrl->max_grant_frames);
        if (ctrl->max_event_channels != -1)
            mv_xml_buf_attr_printf(buf, "maxEventChannels", "%d", ctrl->max_event_channels);
        break;
    case MV_CONTROLLER_PCI:
        pci_format(buf, ctrl);
        break;
    default:
        break;
    }

    mark = buf->str->len;
    mv_xml_buf_start(buf, "driver");
    if (ctrl->queues)
        mv_xml_buf_attr_uint(buf, "queues", ctrl->queues);
    if (ctrl->cmd_per_lun)
        mv_xml_buf_attr_uint(buf, "cmd_per_lun", ctrl->cmd_per_lun);
    if (ctrl->max_sectors)
        mv_xml_buf_attr_uint(buf, "max_sectors", ctrl->max_sectors);
    mv_xml_buf_attr_tristate_switch(buf, "ioeventfd", ctrl->ioeventfd);
    if (ctrl->iothread)
        mv_xml_buf_attr_uint(buf, "iothread", ctrl->iothread);
    mv_domain_virtio_options_format_attrs(buf, &ctrl->virtio);
    mv_storage_xml_end_or_drop(buf, mark);

    mv_domain_device_info_format(buf, &ctrl->info, 0, flags);
    if (ctrl->type == MV_CONTROLLER_PCI && ctrl->has_pcihole64) {
        g_autofree char *text = g_strdup_printf("%" G_GUINT64_FORMAT, ctrl->pcihole64_kib);

        mv_xml_buf_start(buf, "pcihole64");
        mv_xml_buf_attr(buf, "unit", "KiB");
        mv_xml_buf_text(buf, text);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

/* Validation ---------------------------------------------------------- */

static int
pci_validate(const MvDomainController *ctrl)
{
    if ((ctrl->model == PCI_MODEL_PCI_ROOT || ctrl->model == PCI_MODEL_PCIE_ROOT) &&
        ctrl->info.address.type != MV_DOMAIN_ADDRESS_NONE) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "pci-root and pcie-root controllers should not have an address");
        return -1;
    }
    if (ctrl->index > PCI_MAX_INDEX) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "PCI controller index %d too high, maximum is 255",
                        ctrl->index);
        return -1;
    }
    if (ctrl->target_index != -1) {
        if (ctrl->target_index > 30) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "PCI controller target index '%d' out of range - must be 0-30",
                            ctrl->target_index);
            return -1;
        }
        if ((ctrl->index == 0) != (ctrl->target_index == 0)) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                            "Only the PCI controller with index 0 can have target index 0, and vice versa");
            return -1;
        }
    }
    if (ctrl->chassis_nr != -1 && (ctrl->chassis_nr < 1 || ctrl->chassis_nr > 255)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "PCI controller chassisNr '%d' out of range - must be 1-255", ctrl->chassis_nr);
        return -1;
    }
    if (ctrl->chassis > 255) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "PCI controller chassis '%d' out of range - must be 0-255", ctrl->chassis);
        return -1;
    }
    if (ctrl->port > 255) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "PCI controller port '%d' out of range - must be 0-255", ctrl->port);
        return -1;
    }
    if (ctrl->bus_nr != -1 && (ctrl->bus_nr < 1 || ctrl->bus_nr > 254)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "PCI controller busNr '%d' out of range - must be 1-254", ctrl->bus_nr);
        return -1;
    }
    if (ctrl->numa_node >= 0 && ctrl->index == 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "The PCI controller with index=0 can't be associated with a NUMA node");
        return -1;
    }
    return 0;
}

int
mv_domain_controller_validate(const MvDomainController *ctrl)
{
    if (ctrl->type == MV_CONTROLLER_PCI)
        return pci_validate(ctrl);
    return 0;
}

/* Order, indexes and implicit controllers ----------------------------- */

/* libvirt keeps controllers sorted by type in the order they were
 * first seen, and by index within a type; a master USB controller goes
 * before its companions of the same index. */
static void
insert_sorted(GPtrArray *list, MvDomainController *ctrl)
{
    gint at = -1;

    for (gint i = (gint) list->len - 1; i >= 0; i--) {
        const MvDomainController *cur = g_ptr_array_index(list, i);

        if (cur->type != ctrl->type)
            continue;
        if (ctrl->index == -1) {
            at = i + 1;
            break;
        }
        if (cur->index > ctrl->index)
            at = i;
        else if (ctrl->info.usb_master_startport < 0 && cur->info.usb_master_startport >= 0 &&
                 cur->index == ctrl->index)
            at = i;
        else if (at == -1)
            at = i + 1;
    }
    g_ptr_array_insert(list, at, ctrl);
}

static int
sort_and_check_usb(MvDomainDef *def)
{
    g_autoptr(GPtrArray) parsed = g_ptr_array_copy(def->controllers, NULL, NULL);
    bool usb_none = false, usb_other = false, usb_master = false;

    g_ptr_array_set_size(def->controllers, 0);
    for (guint i = 0; i < parsed->len; i++) {
        MvDomainController *ctrl = g_ptr_array_index(parsed, i);

        if (ctrl->type == MV_CONTROLLER_USB) {
            if (ctrl->model == USB_MODEL_NONE) {
                if (usb_other || usb_none)
                    goto refuse_usb;
                usb_none = true;
            } else {
                if (usb_none)
                    goto refuse_usb;
                usb_other = true;
            }
            if (ctrl->info.usb_master_startport < 0)
                usb_master = true;
        }
        insert_sorted(def->controllers, ctrl);
        continue;

     refuse_usb:
        /* Keep every controller owned by the definition, then refuse. */
        for (guint j = i; j < parsed->len; j++)
            g_ptr_array_add(def->controllers, g_ptr_array_index(parsed, j));
        mv_report_error(VIR_ERR_XML_DETAIL, "%s",
                        "Can't add another USB controller: USB is disabled for this domain");
        return -1;
    }
    if (usb_other && !usb_master) {
        mv_report_error(VIR_ERR_XML_DETAIL, "%s", "No master USB controller specified");
        return -1;
    }
    return 0;
}

static bool
controller_exists(const MvDomainDef *def, MvControllerType type, int index)
{
    for (guint i = 0; i < def->controllers->len; i++) {
        const MvDomainController *ctrl = g_ptr_array_index(def->controllers, i);

        if (ctrl->type == type && ctrl->index == index)
            return true;
    }
    return false;
}

static int
unused_index(const MvDomainDef *def, MvControllerType type)
{
    int index = 0;

    while (controller_exists(def, type, index))
        index++;
    return index;
}

static void
assign_indexes(MvDomainDef *def)
{
    for (guint outer = 0; outer < def->controllers->len; outer++) {
        MvDomainController *ctrl = g_ptr_array_index(def->controllers, outer);
        const MvDomainController *prev = NULL;

        if (ctrl->index != -1)
            continue;
        /* A USB2 companion right after another USB2 controller joins its
         * group, unless the group already has one of this model. */
        if (outer > 0 && is_usb2_companion_model(ctrl)) {
            for (gint p = (gint) outer - 1; p >= 0; p--) {
                const MvDomainController *cand = g_ptr_array_index(def->controllers, p);

                if (cand->type == MV_CONTROLLER_USB) {
                    prev = cand;
                    break;
                }
            }
            if (prev && !is_usb2_companion_model(prev))
                prev = NULL;
            for (guint i = 0; prev && i < def->controllers->len; i++) {
                const MvDomainController *other = g_ptr_array_index(def->controllers, i);

                if (other->type == MV_CONTROLLER_USB && other->index == prev->index &&
                    other->model == ctrl->model)
                    prev = NULL;
            }
        }
        ctrl->index = prev ? prev->index : unused_index(def, ctrl->type);
    }
}

static int
reject_duplicates(const MvDomainDef *def)
{
    for (guint i = 0; i < def->controllers->len; i++) {
        const MvDomainController *a = g_ptr_array_index(def->controllers, i);

        if (a->type == MV_CONTROLLER_USB)
            continue;
        for (guint j = 0; j < i; j++) {
            const MvDomainController *b = g_ptr_array_index(def->controllers, j);

            if (a->type == b->type && a->index == b->index) {
                mv_report_error(VIR_ERR_XML_ERROR, "Multiple '%s' controllers with index '%d'",
                                mv_controller_type_to_string(a->type), a->index);
                return -1;
            }
        }
    }
    return 0;
}

void
mv_domain_controllers_add_implicit(MvDomainDef *def, MvControllerType type, int index)
{
    MvDomainController *ctrl;

    if (controller_exists(def, type, index))
        return;
    ctrl = mv_domain_controller_new(type);
    ctrl->index = index;
    g_ptr_array_add(def->controllers, ctrl);
    MV_DEBUG("added implicit %s controller %d", mv_controller_type_to_string(type), index);
}

/* Every controller of the type up to max_index. A drive address names its
 * controller, and a target name such as 'sdicesa' one in the hundreds of
 * thousands: libvirt 9.0 then spends minutes appending them, modvirt
 * refuses beyond IMPLICIT_CONTROLLER_INDEX_MAX. */
static int
add_implicit(MvDomainDef *def, MvControllerType type, int max_index)
{
    if (max_index > IMPLICIT_CONTROLLER_INDEX_MAX) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "%s controller index %d implied by a drive address is too high, maximum is %d",
                        mv_controller_type_to_string(type), max_index, IMPLICIT_CONTROLLER_INDEX_MAX);
        return -1;
    }
    for (int i = 0; i <= max_index; i++)
        mv_domain_controllers_add_implicit(def, type, i);
    return 0;
}

static int
add_disk_controllers(MvDomainDef *def, MvControllerType type, MvDiskBus bus)
{
    int max = -1;

    for (guint i = 0; i < def->disks->len; i++) {
        const MvDomainDisk *disk = g_ptr_array_index(def->disks, i);

        if (disk->bus == bus && disk->info.address.type == MV_DOMAIN_ADDRESS_DRIVE &&
            (int) disk->info.address.u.drive.controller > max)
            max = (int) disk->info.address.u.drive.controller;
    }
    return add_implicit(def, type, max);
}

bool
mv_domain_controller_scsi_unit_unusable(const MvDomainDef *def, unsigned int index,
                                        unsigned int unit)
{
    for (guint i = 0; i < def->controllers->len; i++) {
        const MvDomainController *ctrl = g_ptr_array_index(def->controllers, i);
        int max = -1, reserved = -1;

        if (ctrl->type != MV_CONTROLLER_SCSI || ctrl->index != (int) index)
            continue;
        switch (ctrl->model) {
        case SCSI_MODEL_VIRTIO_SCSI:
        case SCSI_MODEL_VIRTIO_TRANSITIONAL:
        case SCSI_MODEL_VIRTIO_NON_TRANSITIONAL:
            max = 16383;
            break;
        case SCSI_MODEL_IBMVSCSI:
            max = 31;
            reserved = 7;
            break;
        case SCSI_MODEL_LSISAS1068:
            max = 1;
            break;
        case SCSI_MODEL_LSISAS1078:
            max = 255;
            break;
        case SCSI_MODEL_LSILOGIC:
        case SCSI_MODEL_VMPVSCSI:
        case SCSI_MODEL_BUSLOGIC:
            reserved = 7;
            break;
        case SCSI_MODEL_NCR53C90:
        case SCSI_MODEL_DC390:
        case SCSI_MODEL_AM53C974:
            max = 6;
            break;
        default:
            break;
        }
        return (max != -1 && (int) unit > max) || (reserved != -1 && (int) unit == reserved);
    }
    return false;
}

/* libvirt adds the SCSI controllers of SCSI host devices while it reads
 * the document, before it numbers the controllers given without index
 * and before it assigns the devices' drive addresses: a device without
 * one counts as being on controller 0. */
static int
add_hostdev_scsi_controllers(MvDomainDef *def)
{
    int max = -1;

    for (guint i = 0; i < def->hostdevs->len; i++) {
        const MvDomainHostdev *hostdev = g_ptr_array_index(def->hostdevs, i);
        int controller = 0;

        if (hostdev->mode != MV_HOSTDEV_MODE_SUBSYS ||
            hostdev->subsys.type != MV_HOSTDEV_SUBSYS_SCSI)
            continue;
        if (hostdev->info.address.type == MV_DOMAIN_ADDRESS_DRIVE)
            controller = (int) hostdev->info.address.u.drive.controller;
        if (controller > max)
            max = controller;
    }
    return add_implicit(def, MV_CONTROLLER_SCSI, max);
}

int
mv_domain_controllers_post_parse(MvDomainDef *def)
{
    if (sort_and_check_usb(def) < 0)
        return -1;
    if (add_hostdev_scsi_controllers(def) < 0)
        return -1;
    assign_indexes(def);
    for (guint i = 0; i < def->controllers->len; i++) {
        const MvDomainController *ctrl = g_ptr_array_index(def->controllers, i);

        if (ctrl->iothread && ctrl->model != SCSI_MODEL_VIRTIO_SCSI &&
            ctrl->model != SCSI_MODEL_VIRTIO_TRANSITIONAL &&
            ctrl->model != SCSI_MODEL_VIRTIO_NON_TRANSITIONAL) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "'iothread' attribute only supported for virtio scsi controllers");
            return -1;
        }
    }
    return reject_duplicates(def);
}

/* The virtio-serial controller a virtio channel or console sits on: the
 * one its address names, else index 0. */
static void
add_virtio_serial_controllers(MvDomainDef *def, GPtrArray *chrs, int virtio_target)
{
    for (guint i = 0; i < chrs->len; i++) {
        const MvDomainChr *chr = g_ptr_array_index(chrs, i);
        int index = 0;

        if (chr->target_type != virtio_target)
            continue;
        if (chr->info.address.type == MV_DOMAIN_ADDRESS_VIRTIO_SERIAL)
            index = (int) chr->info.address.u.vioserial.controller;
        mv_domain_controllers_add_implicit(def, MV_CONTROLLER_VIRTIO_SERIAL, index);
    }
}

int
mv_domain_controllers_add_implicit_all(MvDomainDef *def)
{
    /* libvirt's order: the appended controllers are written in it. */
    if (add_disk_controllers(def, MV_CONTROLLER_SCSI, MV_DISK_BUS_SCSI) < 0 ||
        add_disk_controllers(def, MV_CONTROLLER_FDC, MV_DISK_BUS_FDC) < 0 ||
        add_disk_controllers(def, MV_CONTROLLER_IDE, MV_DISK_BUS_IDE) < 0 ||
        add_disk_controllers(def, MV_CONTROLLER_SATA, MV_DISK_BUS_SATA) < 0)
        return -1;
    add_virtio_serial_controllers(def, def->channels, MV_DOMAIN_CHR_CHANNEL_TARGET_VIRTIO);
    add_virtio_serial_controllers(def, def->consoles, MV_DOMAIN_CHR_CONSOLE_TARGET_VIRTIO);
    mv_domain_smartcards_assign_ccid(def);
    return 0;
}

/* The device table's signatures -------------------------------------- */

void *
mv_domain_controller_parse_node(const xmlNode *node, unsigned int flags)
{
    return mv_domain_controller_parse(node, flags);
}

void
mv_domain_controller_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    mv_domain_controller_format(buf, dev, flags);
}

void
mv_domain_controller_free_node(void *dev)
{
    mv_domain_controller_free(dev);
}

int
mv_domain_controller_validate_node(const void *dev, const MvDomainDef *def)
{
    return mv_domain_controller_validate(dev);
}

const MvDomainDeviceInfo *
mv_domain_controller_info_node(const void *dev)
{
    const MvDomainController *ctrl = dev;

    return &ctrl->info;
}
