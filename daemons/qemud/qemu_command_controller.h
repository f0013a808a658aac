/* Controllers on the QEMU command line: USB, SCSI, SATA, virtio-serial, PCI bridges and root ports. */
#pragma once

#include "conf/domain.h"
#include "qemu_capabilities.h"
#include "util/command.h"

/* -device for each controller that is not built into the machine. */
int mv_qemu_command_add_controllers(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps);
