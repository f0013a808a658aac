/* Display and input on the QEMU command line: VNC, video adapters, USB and virtio input devices. */
#pragma once

#include "conf/domain.h"
#include "qemu_capabilities.h"
#include "qemu_command.h"
#include "util/command.h"

/* usb-tablet/-mouse/-kbd and virtio-*-pci (PS/2 ones are built in). */
int mv_qemu_command_add_inputs(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps);

/* -vnc on a TCP address (port from the XML, or ctx->vnc_port with
 * autoport) or a unix socket; other display types are refused. */
int mv_qemu_command_add_graphics(MvCommand *cmd, const MvDomainDef *def, const MvQemuCommandContext *ctx);

/* The video adapters: VGA, cirrus-vga, qxl-vga, virtio-vga, bochs-display, ... */
int mv_qemu_command_add_videos(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps);
