/* PCI and USB address assignment for the QEMU driver, in libvirt's order (i440fx: slot 1 PIIX3, slot 2 video; q35: root ports). */
#pragma once

#include "conf/domain.h"

/* Gives a PCI address to every PCI device that has none (and a USB port
 * to USB input devices), checks the fixed ones of the machine's built-in
 * functions. 0, or -1 after reporting. */
int mv_qemu_domain_assign_addresses(MvDomainDef *def);
