/* The QEMU driver's defaults after parsing (libvirt's qemu post-parse): machine, emulator, implicit controllers, inputs, video, balloon, addresses. */
#pragma once

#include <stdbool.h>

#include "conf/domain.h"
#include "qemu_capabilities.h"

/* The model numbers of lib/conf/domain_controller.c's model tables that
 * the driver sets and reads (those tables are private to lib/conf; keep
 * these in step with them). */
enum {
    MV_QEMU_PCI_MODEL_PCI_ROOT = 0,
    MV_QEMU_PCI_MODEL_PCIE_ROOT = 1,
    MV_QEMU_PCI_MODEL_PCI_BRIDGE = 2,
    MV_QEMU_PCI_MODEL_PCIE_ROOT_PORT = 5,
};
enum {
    MV_QEMU_USB_MODEL_PIIX3_UHCI = 0,
    MV_QEMU_USB_MODEL_QEMU_XHCI = 12,
    MV_QEMU_USB_MODEL_NONE = 13,
};
enum {
    MV_QEMU_SCSI_MODEL_LSILOGIC = 2,
    MV_QEMU_SCSI_MODEL_VIRTIO_SCSI = 6,
};

/* Adds ctrl (taken) where libvirt inserts a new controller: before the
 * first one of its type with a higher index, after the last of its type
 * with a lower one, at the end when it is the first of its type. */
void mv_qemu_domain_insert_controller(MvDomainDef *def, MvDomainController *ctrl);

bool mv_qemu_machine_is_i440fx(const char *machine);
bool mv_qemu_machine_is_q35(const char *machine);

/* What libvirt's QEMU driver adds to a parsed definition, for the binary
 * caps describes: the emulator (when absent), the machine type by its
 * canonical name ("pc" -> "pc-i440fx-7.2", the binary's default when
 * absent), the root PCI controller (pci-root on i440fx, pcie-root on
 * q35), the USB controller (piix3-uhci on i440fx, qemu-xhci on q35), the
 * q35 SATA controller, the PS/2 mouse and keyboard of x86 guests, a video
 * device for graphics, a virtio memballoon, the 'none' audio backend
 * (no graphics or VNC only), the models left to the driver
 * (interface: rtl8139, SCSI controller: lsilogic) and a PCI address for
 * every PCI device without one. 0, or -1 after reporting. */
int mv_qemu_domain_post_parse(MvDomainDef *def, const MvQemuCaps *caps);
