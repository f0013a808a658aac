/* PCI and USB address assignment for the QEMU driver, in libvirt's order (i440fx: slot 1 PIIX3, slot 2 video; q35: root ports). */
#define MV_LOG_MODULE "qemu.postparse"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_postparse_address.h"

#include <string.h>

#include "conf/domain_chr.h"
#include "conf/domain_controller.h"
#include "conf/domain_devices.h"
#include "conf/domain_disk.h"
#include "conf/domain_hostdev.h"
#include "conf/domain_input.h"
#include "conf/domain_interface.h"
#include "conf/domain_memballoon.h"
#include "conf/domain_os.h"
#include "conf/domain_rng.h"
#include "conf/domain_video.h"
#include "conf/domain_watchdog.h"
#include "qemu_postparse.h"
#include "util/error.h"
#include "util/log.h"

#define PCI_SLOTS 32
#define PCI_BUSES 256
/* q35's built-in functions on the root bus: the primary video, the LPC
 * bridge, the SATA controller and the SMBus. */
#define Q35_VIDEO_SLOT 1
#define Q35_ICH9_SLOT 0x1f
#define Q35_SATA_FUNCTION 2
/* Kept free for the ICH9 HD audio of real q35 hardware. */
#define Q35_HDA_SLOT 0x1b
/* A pcie-root-port's port number is its slot and function on the root. */
#define ROOT_PORT_FIRST_SLOT 2
#define PCI_MODEL_NAME_PCIE_ROOT_PORT 8

typedef struct {
    MvDomainDef *def;
    bool q35;
    guint8 used[PCI_BUSES][PCI_SLOTS];     /* bit per function */
    unsigned int last_slot;                 /* where the next search starts, on bus 0 */
} AddressSet;

static bool
pci_wanted(const MvDomainDeviceInfo *info)
{
    return info->address.type == MV_DOMAIN_ADDRESS_NONE ||
           (info->address.type == MV_DOMAIN_ADDRESS_PCI && !info->address.u.pci.present);
}

static bool
pci_present(const MvDomainDeviceInfo *info)
{
    return info->address.type == MV_DOMAIN_ADDRESS_PCI && info->address.u.pci.present;
}

static void
set_pci(MvDomainDeviceInfo *info, unsigned int bus, unsigned int slot, unsigned int function)
{
    info->address.type = MV_DOMAIN_ADDRESS_PCI;
    info->address.u.pci.domain = 0;
    info->address.u.pci.bus = bus;
    info->address.u.pci.slot = slot;
    info->address.u.pci.function = function;
    info->address.u.pci.present = true;
}

static int
reserve(AddressSet *set, const MvDomainDeviceInfo *info, const char *what)
{
    const typeof(info->address.u.pci) *pci = &info->address.u.pci;

    if (pci->domain != 0 || pci->bus >= PCI_BUSES || pci->slot >= PCI_SLOTS || pci->function > 7) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid PCI address of %s: %04x:%02x:%02x.%x",
                        what, pci->domain, pci->bus, pci->slot, pci->function);
        return -1;
    }
    if (set->used[pci->bus][pci->slot] & (1u << pci->function)) {
        mv_report_error(VIR_ERR_XML_ERROR, "Attempted double use of PCI Address 0000:%02x:%02x.%x",
                        pci->bus, pci->slot, pci->function);
        return -1;
    }
    set->used[pci->bus][pci->slot] |= (guint8) (1u << pci->function);
    return 0;
}

/* A whole free slot on bus 0, searched from after the last one given. */
static int
next_slot(AddressSet *set, unsigned int *ret_slot)
{
    for (unsigned int n = 0; n < PCI_SLOTS - 1; n++) {
        unsigned int slot = 1 + (set->last_slot + n) % (PCI_SLOTS - 1);

        if (set->used[0][slot] == 0) {
            set->used[0][slot] = 0xff;
            set->last_slot = slot;
            *ret_slot = slot;
            return 0;
        }
    }
    mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "No more available PCI slots");
    return -1;
}

/* q35: each endpoint goes behind a new pcie-root-port, eight to a slot. */
static int
add_root_port(AddressSet *set, unsigned int *ret_bus)
{
    MvDomainDef *def = set->def;
    MvDomainController *port;
    int index = 1;
    unsigned int slot = 0, function = 0;
    bool found = false;

    for (guint i = 0; i < def->controllers->len; i++) {
        const MvDomainController *ctrl = g_ptr_array_index(def->controllers, i);

        if (ctrl->type == MV_CONTROLLER_PCI && ctrl->index >= index)
            index = ctrl->index + 1;
    }
    for (slot = ROOT_PORT_FIRST_SLOT; slot < PCI_SLOTS && !found; slot++) {
        guint8 mask = set->used[0][slot];

        /* a slot of root ports only: function 0 taken by an earlier port */
        if (mask == 0 || mask == 0xff || mask != (guint8) ((1u << __builtin_popcount(mask)) - 1))
            continue;
        for (guint i = 0; i < def->controllers->len && !found; i++) {
            const MvDomainController *ctrl = g_ptr_array_index(def->controllers, i);

            if (ctrl->type == MV_CONTROLLER_PCI && ctrl->model == MV_QEMU_PCI_MODEL_PCIE_ROOT_PORT &&
                ctrl->info.address.type == MV_DOMAIN_ADDRESS_PCI && ctrl->info.address.u.pci.slot == slot && ctrl->info.address.u.pci.function == 0 &&
                ctrl->info.address.u.pci.bus == 0) {
                function = (unsigned int) __builtin_popcount(mask);
                found = true;
            }
        }
        if (found)
            break;
    }
    if (!found) {
        if (next_slot(set, &slot) < 0)
            return -1;
        set->used[0][slot] = 0;
        function = 0;
    }
    if (index >= PCI_BUSES) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "No more available PCI buses");
        return -1;
    }

    port = mv_domain_controller_new(MV_CONTROLLER_PCI);
    port->index = index;
    port->model = MV_QEMU_PCI_MODEL_PCIE_ROOT_PORT;
    port->model_name = PCI_MODEL_NAME_PCIE_ROOT_PORT;
    port->chassis = index;
    port->port = (int) (slot << 3 | function);
    set_pci(&port->info, 0, slot, function);
    if (function == 0)
        port->info.address.u.pci.multifunction = MV_TRISTATE_YES;
    set->used[0][slot] |= (guint8) (1u << function);
    mv_qemu_domain_insert_controller(def, port);
    *ret_bus = (unsigned int) index;
    return 0;
}

static int
assign_next(AddressSet *set, MvDomainDeviceInfo *info)
{
    unsigned int slot, bus;

    if (!pci_wanted(info))
        return 0;
    if (set->q35) {
        if (add_root_port(set, &bus) < 0)
            return -1;
        set_pci(info, bus, 0, 0);
        set->used[bus][0] = 0xff;
        return 0;
    }
    if (next_slot(set, &slot) < 0)
        return -1;
    set_pci(info, 0, slot, 0);
    return 0;
}

static const MvDomainDeviceInfo *
device_info(const MvDomainDeviceFamily *family, const void *dev)
{
    return family->info ? family->info(dev) : NULL;
}

static int
reserve_given(AddressSet *set)
{
    size_t nfamilies;
    const MvDomainDeviceFamily *families = mv_domain_device_families(&nfamilies);

    for (size_t f = 0; f < nfamilies; f++) {
        const MvDomainDeviceFamily *family = &families[f];

        if (family->single) {
            const void *dev = G_STRUCT_MEMBER(const void *, set->def, family->offset);
            const MvDomainDeviceInfo *info = dev ? device_info(family, dev) : NULL;

            if (info && pci_present(info) && reserve(set, info, family->name) < 0)
                return -1;
            continue;
        }
        {
            GPtrArray *devs = mv_domain_device_family_array(set->def, family);

            for (guint i = 0; i < devs->len; i++) {
                const MvDomainDeviceInfo *info = device_info(family, g_ptr_array_index(devs, i));

                if (info && pci_present(info) && reserve(set, info, family->name) < 0)
                    return -1;
            }
        }
    }
    return 0;
}

static int
fixed_address(AddressSet *set, MvDomainDeviceInfo *info, unsigned int slot, unsigned int function,
              const char *message)
{
    if (pci_present(info)) {
        if (info->address.u.pci.bus != 0 || info->address.u.pci.slot != slot ||
            info->address.u.pci.function != function) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", message);
            return -1;
        }
        return 0;
    }
    if (!pci_wanted(info))
        return 0;
    set_pci(info, 0, slot, function);
    return reserve(set, info, "built-in device");
}

/* The i440fx's PIIX3 on slot 1 (ISA bridge, IDE, USB, ACPI) and the
 * primary video on slot 2 when that is free. */
static int
reserve_i440fx(AddressSet *set)
{
    MvDomainDef *def = set->def;

    for (guint i = 0; i < def->controllers->len; i++) {
        MvDomainController *ctrl = g_ptr_array_index(def->controllers, i);

        if (ctrl->type == MV_CONTROLLER_IDE && ctrl->index == 0 &&
            fixed_address(set, &ctrl->info, 1, 1, "Primary IDE controller must have PCI address 0:0:1.1") < 0)
            return -1;
        if (ctrl->type == MV_CONTROLLER_USB && ctrl->index == 0 &&
            ctrl->model == MV_QEMU_USB_MODEL_PIIX3_UHCI &&
            fixed_address(set, &ctrl->info, 1, 2,
                          "PIIX3 USB controller at index 0 must have PCI address 0:0:1.2") < 0)
            return -1;
    }
    set->used[0][0] = 0xff;
    set->used[0][1] |= 0x1 | 0x8;
    if (def->videos->len > 0) {
        MvDomainVideo *video = g_ptr_array_index(def->videos, 0);

        if (video->type != MV_DOMAIN_VIDEO_NONE && video->type != MV_DOMAIN_VIDEO_RAMFB &&
            pci_wanted(&video->info) && set->used[0][2] == 0) {
            set_pci(&video->info, 0, 2, 0);
            set->used[0][2] = 0xff;
        }
    }
    /* PIIX3 functions are never shared with auto-assigned devices. */
    set->used[0][1] = 0xff;
    return 0;
}

static int
reserve_q35(AddressSet *set)
{
    MvDomainDef *def = set->def;

    for (guint i = 0; i < def->controllers->len; i++) {
        MvDomainController *ctrl = g_ptr_array_index(def->controllers, i);

        if (ctrl->type == MV_CONTROLLER_SATA && ctrl->index == 0 &&
            fixed_address(set, &ctrl->info, Q35_ICH9_SLOT, Q35_SATA_FUNCTION,
                          "Primary SATA controller must have PCI address 0:0:1f.2") < 0)
            return -1;
    }
    set->used[0][0] = 0xff;
    set->used[0][Q35_ICH9_SLOT] = 0xff;
    set->used[0][Q35_HDA_SLOT] |= 0x1;
    if (def->videos->len > 0) {
        MvDomainVideo *video = g_ptr_array_index(def->videos, 0);

        if (video->type != MV_DOMAIN_VIDEO_NONE && video->type != MV_DOMAIN_VIDEO_RAMFB &&
            pci_wanted(&video->info) && set->used[0][Q35_VIDEO_SLOT] == 0) {
            set_pci(&video->info, 0, Q35_VIDEO_SLOT, 0);
            set->used[0][Q35_VIDEO_SLOT] = 0xff;
        }
    }
    return 0;
}

static bool
controller_is_pci_device(const MvDomainController *ctrl, bool q35)
{
    switch (ctrl->type) {
    case MV_CONTROLLER_SCSI:
    case MV_CONTROLLER_VIRTIO_SERIAL:
        return true;
    case MV_CONTROLLER_USB:
        return ctrl->model != MV_QEMU_USB_MODEL_NONE;
    case MV_CONTROLLER_SATA:
        return !(q35 && ctrl->index == 0);
    case MV_CONTROLLER_PCI:
        return ctrl->model != MV_QEMU_PCI_MODEL_PCI_ROOT && ctrl->model != MV_QEMU_PCI_MODEL_PCIE_ROOT;
    default:
        return false;
    }
}

/* The devices in the order libvirt's qemu driver assigns them. */
static int
assign_devices(AddressSet *set)
{
    MvDomainDef *def = set->def;
    g_autoptr(GPtrArray) ctrls = g_ptr_array_new();
    g_autoptr(GPtrArray) infos = g_ptr_array_new();

    for (guint i = 0; i < def->controllers->len; i++)
        g_ptr_array_add(ctrls, g_ptr_array_index(def->controllers, i));

    for (guint i = 0; i < ctrls->len; i++) {
        MvDomainController *ctrl = g_ptr_array_index(ctrls, i);

        if (ctrl->type == MV_CONTROLLER_PCI && controller_is_pci_device(ctrl, set->q35))
            g_ptr_array_add(infos, &ctrl->info);
    }
    for (guint i = 0; i < def->nets->len; i++) {
        MvDomainNet *net = g_ptr_array_index(def->nets, i);

        if ((net->type == MV_NET_TYPE_HOSTDEV && net->data.hostdev.type != MV_HOSTDEV_SUBSYS_PCI) ||
            net->model == MV_NET_MODEL_USB_NET)
            continue;
        g_ptr_array_add(infos, &net->info);
    }
    for (guint i = 0; i < ctrls->len; i++) {
        MvDomainController *ctrl = g_ptr_array_index(ctrls, i);

        if (ctrl->type != MV_CONTROLLER_PCI && controller_is_pci_device(ctrl, set->q35))
            g_ptr_array_add(infos, &ctrl->info);
    }
    for (guint i = 0; i < def->disks->len; i++) {
        MvDomainDisk *disk = g_ptr_array_index(def->disks, i);

        if (disk->bus == MV_DISK_BUS_VIRTIO)
            g_ptr_array_add(infos, &disk->info);
    }
    for (guint i = 0; i < def->hostdevs->len; i++) {
        MvDomainHostdev *hostdev = g_ptr_array_index(def->hostdevs, i);

        if (hostdev->mode == MV_HOSTDEV_MODE_SUBSYS && hostdev->subsys.type == MV_HOSTDEV_SUBSYS_PCI)
            g_ptr_array_add(infos, &hostdev->info);
    }
    if (def->memballoon && def->memballoon->model != MV_MEMBALLOON_MODEL_NONE &&
        def->memballoon->model != MV_MEMBALLOON_MODEL_XEN)
        g_ptr_array_add(infos, &def->memballoon->info);
    for (guint i = 0; i < def->rngs->len; i++)
        g_ptr_array_add(infos, &((MvDomainRng *) g_ptr_array_index(def->rngs, i))->info);
    if (def->watchdog && def->watchdog->model == MV_WATCHDOG_MODEL_I6300ESB)
        g_ptr_array_add(infos, &def->watchdog->info);
    for (guint i = 0; i < def->videos->len; i++) {
        MvDomainVideo *video = g_ptr_array_index(def->videos, i);

        if (video->type != MV_DOMAIN_VIDEO_NONE && video->type != MV_DOMAIN_VIDEO_RAMFB)
            g_ptr_array_add(infos, &video->info);
    }
    for (guint i = 0; i < def->inputs->len; i++) {
        MvDomainInput *input = g_ptr_array_index(def->inputs, i);

        if (input->bus == MV_DOMAIN_INPUT_BUS_VIRTIO)
            g_ptr_array_add(infos, &input->info);
    }
    for (guint i = 0; i < def->serials->len; i++) {
        MvDomainChr *chr = g_ptr_array_index(def->serials, i);

        if (chr->target_type == MV_DOMAIN_CHR_SERIAL_TARGET_PCI)
            g_ptr_array_add(infos, &chr->info);
    }

    for (guint i = 0; i < infos->len; i++) {
        if (assign_next(set, g_ptr_array_index(infos, i)) < 0)
            return -1;
    }
    return 0;
}

/* USB input devices and host devices without an address take the next
 * port of the first USB controller. */
static void
assign_usb_ports(MvDomainDef *def)
{
    unsigned int port = 0;
    g_autoptr(GPtrArray) infos = g_ptr_array_new();

    for (guint i = 0; i < def->inputs->len; i++) {
        MvDomainInput *input = g_ptr_array_index(def->inputs, i);

        if (input->bus == MV_DOMAIN_INPUT_BUS_USB)
            g_ptr_array_add(infos, &input->info);
    }
    for (guint i = 0; i < def->hostdevs->len; i++) {
        MvDomainHostdev *hostdev = g_ptr_array_index(def->hostdevs, i);

        if (hostdev->mode == MV_HOSTDEV_MODE_SUBSYS && hostdev->subsys.type == MV_HOSTDEV_SUBSYS_USB)
            g_ptr_array_add(infos, &hostdev->info);
    }
    for (guint i = 0; i < infos->len; i++) {
        const MvDomainDeviceInfo *info = g_ptr_array_index(infos, i);

        if (info->address.type == MV_DOMAIN_ADDRESS_USB && info->address.u.usb.port &&
            !strchr(info->address.u.usb.port, '.'))
            port = MAX(port, (unsigned int) g_ascii_strtoull(info->address.u.usb.port, NULL, 10));
    }
    for (guint i = 0; i < infos->len; i++) {
        MvDomainDeviceInfo *info = g_ptr_array_index(infos, i);

        if (info->address.type != MV_DOMAIN_ADDRESS_NONE)
            continue;
        info->address.type = MV_DOMAIN_ADDRESS_USB;
        info->address.u.usb.bus = 0;
        info->address.u.usb.port = g_strdup_printf("%u", ++port);
    }
}

int
mv_qemu_domain_assign_addresses(MvDomainDef *def)
{
    g_autofree AddressSet *set = g_new0(AddressSet, 1);

    set->def = def;
    set->q35 = mv_qemu_machine_is_q35(def->os->machine);
    if (!set->q35 && !mv_qemu_machine_is_i440fx(def->os->machine))
        return 0;

    if (reserve_given(set) < 0)
        return -1;
    if ((set->q35 ? reserve_q35(set) : reserve_i440fx(set)) < 0)
        return -1;
    if (assign_devices(set) < 0)
        return -1;
    assign_usb_ports(def);
    return 0;
}
