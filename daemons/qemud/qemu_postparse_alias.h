/* Device aliases as libvirt's QEMU driver names them (ide0-0-0, virtio-disk0, net0, serial0, usb, pci.0, video0, balloon0): live definitions only. */
#pragma once

#include "conf/domain.h"

/* Names every device that has no alias; run on the live copy of a
 * definition when its guest starts (the names are the ids on QEMU's
 * command line). 0, or -1 after reporting. */
int mv_qemu_domain_assign_aliases(MvDomainDef *def);
