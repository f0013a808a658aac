/* Character devices on the QEMU command line: -chardev backends (pty, file, unix, tcp, ...) and the serial ports; consoles that stand for a serial. */
#pragma once

#include "conf/domain.h"
#include "conf/domain_chr_source.h"
#include "qemu_capabilities.h"
#include "util/command.h"

/* "-chardev TYPE,id=ID,..." for a host-side source; what names the device
 * in errors. */
int mv_qemu_command_add_chardev(MvCommand *cmd, const MvDomainChrSource *src, const char *id,
                                const char *what);

/* The serial ports (isa-serial, pci-serial) with their chardevs; a console
 * is accepted only as the serial it stands for. */
int mv_qemu_command_add_serials(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps);
