/* Controllers on the QEMU command line: USB, SCSI, SATA, virtio-serial, PCI bridges and root ports. */
#define MV_LOG_MODULE "qemu.command"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_command_controller.h"

#include "conf/domain_controller.h"
#include "conf/domain_os.h"
#include "qemu_command_props.h"
#include "qemu_postparse.h"
#include "util/error.h"

/* QEMU's device for each USB model of lib/conf's table, by number. */
static const char *const usb_devices[] = {
    "piix3-usb-uhci", "piix4-usb-uhci", "usb-ehci", "ich9-usb-ehci1", "ich9-usb-uhci1",
    "ich9-usb-uhci2", "ich9-usb-uhci3", "vt82c686b-usb-uhci", "pci-ohci", "nec-usb-xhci",
    NULL, NULL, "qemu-xhci", NULL,
};

static int
unsupported(const MvDomainController *ctrl)
{
    mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s controller %d of this model is not supported "
                    "by this QEMU driver", mv_controller_type_to_string(ctrl->type), ctrl->index);
    return -1;
}

/* The QEMU device of a controller; NULL (nothing reported) for one the
 * machine has built in or that needs no device. */
static const char *
controller_device(const MvDomainDef *def, const MvDomainController *ctrl, bool *ret_unsupported)
{
    bool q35 = mv_qemu_machine_is_q35(def->os->machine);

    *ret_unsupported = false;
    switch (ctrl->type) {
    case MV_CONTROLLER_USB:
        if (ctrl->model == MV_QEMU_USB_MODEL_NONE)
            return NULL;
        if (ctrl->model >= 0 && (size_t) ctrl->model < G_N_ELEMENTS(usb_devices) &&
            usb_devices[ctrl->model] && ctrl->info.usb_master_startport < 0)
            return usb_devices[ctrl->model];
        break;
    case MV_CONTROLLER_SCSI:
        if (ctrl->model == MV_QEMU_SCSI_MODEL_LSILOGIC)
            return "lsi";
        if (ctrl->model == MV_QEMU_SCSI_MODEL_VIRTIO_SCSI)
            return "virtio-scsi-pci";
        break;
    case MV_CONTROLLER_SATA:
        if (q35 && ctrl->index == 0)
            return NULL;
        return "ahci";
    case MV_CONTROLLER_VIRTIO_SERIAL:
        return "virtio-serial-pci";
    case MV_CONTROLLER_IDE:
        if (ctrl->index == 0 && mv_qemu_machine_is_i440fx(def->os->machine))
            return NULL;
        break;
    case MV_CONTROLLER_FDC:
    case MV_CONTROLLER_ISA:
        if (ctrl->index == 0)
            return NULL;
        break;
    case MV_CONTROLLER_PCI:
        if (ctrl->model == MV_QEMU_PCI_MODEL_PCI_ROOT || ctrl->model == MV_QEMU_PCI_MODEL_PCIE_ROOT)
            return NULL;
        if (ctrl->model == MV_QEMU_PCI_MODEL_PCI_BRIDGE)
            return "pci-bridge";
        if (ctrl->model == MV_QEMU_PCI_MODEL_PCIE_ROOT_PORT)
            return "pcie-root-port";
        break;
    default:
        break;
    }
    *ret_unsupported = true;
    return NULL;
}

static int
add_controller(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps,
               const MvDomainController *ctrl)
{
    bool pcie = mv_qemu_machine_is_q35(def->os->machine);
    g_autoptr(MvQemuProps) props = NULL;
    g_autofree char *what = NULL;
    bool refused;
    const char *device = controller_device(def, ctrl, &refused);
    const char *id;

    if (refused)
        return unsupported(ctrl);
    if (!device)
        return 0;
    what = g_strdup_printf("%s controller %d", mv_controller_type_to_string(ctrl->type), ctrl->index);
    if (mv_qemu_require_device(caps, device, what) < 0 || !(id = mv_qemu_device_id(&ctrl->info, what)))
        return -1;

    props = mv_qemu_props_new(device);
    if (ctrl->type == MV_CONTROLLER_PCI && ctrl->model == MV_QEMU_PCI_MODEL_PCIE_ROOT_PORT) {
        mv_qemu_props_add_hex(props, "port", (unsigned int) MAX(ctrl->port, 0));
        mv_qemu_props_add_uint(props, "chassis", (unsigned int) MAX(ctrl->chassis, 0));
    } else if (ctrl->type == MV_CONTROLLER_PCI) {
        mv_qemu_props_add_uint(props, "chassis_nr",
                               (unsigned int) (ctrl->chassis_nr >= 0 ? ctrl->chassis_nr : ctrl->index));
    }
    if (ctrl->type == MV_CONTROLLER_USB && ctrl->ports > 0 && g_str_equal(device, "qemu-xhci")) {
        mv_qemu_props_add_uint(props, "p2", (unsigned int) ctrl->ports);
        mv_qemu_props_add_uint(props, "p3", (unsigned int) ctrl->ports);
    }
    mv_qemu_props_add_str(props, "id", id);
    mv_qemu_props_add_pci_address(props, &ctrl->info, pcie);
    mv_qemu_props_add_to_command(cmd, "-device", g_steal_pointer(&props));
    return 0;
}

int
mv_qemu_command_add_controllers(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps)
{
    /* libvirt's order: the buses first, so that what plugs into them
     * finds them. */
    static const MvControllerType order[] = {
        MV_CONTROLLER_PCI, MV_CONTROLLER_USB, MV_CONTROLLER_SCSI, MV_CONTROLLER_IDE,
        MV_CONTROLLER_SATA, MV_CONTROLLER_FDC, MV_CONTROLLER_VIRTIO_SERIAL, MV_CONTROLLER_CCID,
        MV_CONTROLLER_XENBUS, MV_CONTROLLER_ISA,
    };

    for (size_t t = 0; t < G_N_ELEMENTS(order); t++) {
        for (guint i = 0; i < def->controllers->len; i++) {
            const MvDomainController *ctrl = g_ptr_array_index(def->controllers, i);

            if (ctrl->type == order[t] && add_controller(cmd, def, caps, ctrl) < 0)
                return -1;
        }
    }
    return 0;
}
