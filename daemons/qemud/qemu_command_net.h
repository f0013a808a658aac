/* Network interfaces on the QEMU command line: -netdev user / tap (fd from the lifecycle code) and the NIC -device; hostdev interfaces as vfio-pci. */
#pragma once

#include "conf/domain.h"
#include "qemu_capabilities.h"
#include "qemu_command.h"
#include "util/command.h"

/* user: -netdev user; ethernet, bridge, network, direct: -netdev tap with
 * the interface's fd of ctx->tap_fds (and its vhost-net fd of
 * ctx->vhost_fds, if any); hostdev with a PCI source: the
 * vfio-pci device of the VF (a USB source is refused). */
int mv_qemu_command_add_nets(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps,
                             const MvQemuCommandContext *ctx);
