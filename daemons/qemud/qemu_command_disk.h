/* Disks on the QEMU command line: -blockdev storage and format nodes, and the -device of their bus. */
#pragma once

#include "conf/domain.h"
#include "qemu_capabilities.h"
#include "util/command.h"

/* For each disk: a storage node (file, host_device, host_cdrom) and a
 * format node (raw, qcow2) named libvirt-N-storage / libvirt-N-format,
 * then the frontend (virtio-blk-pci, ide-hd, ide-cd, scsi-hd, scsi-cd). */
int mv_qemu_command_add_disks(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps);
