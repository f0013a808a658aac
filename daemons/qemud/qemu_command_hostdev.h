/* Host devices on the QEMU command line: PCI devices through vfio-pci, USB devices through usb-host. */
#pragma once

#include "conf/domain.h"
#include "conf/domain_hostdev.h"
#include "qemu_capabilities.h"
#include "util/command.h"

/* -device vfio-pci,host=...,id=...,bus=...,addr=...[,bootindex=][,rombar=][,romfile=]
 * for a PCI source (of a <hostdev> or an <interface type='hostdev'>;
 * what names the element in errors). */
int mv_qemu_command_add_vfio(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps,
                             const MvHostdevSubsys *src, const MvDomainDeviceInfo *info,
                             unsigned int bootindex, const char *what);

/* Every <hostdev>: PCI (vfio) and USB (by bus and device number). */
int mv_qemu_command_add_hostdevs(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps);
