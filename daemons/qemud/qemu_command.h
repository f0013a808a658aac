/* Domain definition -> QEMU command line (libvirt 9.0's argv for QEMU 7.2): the entry point and the top-level options. */
#pragma once

#include <glib.h>
#include <stddef.h>

#include "conf/domain.h"
#include "conf/domain_hostdev.h"
#include "qemu_capabilities.h"
#include "util/command.h"

/* What the lifecycle code prepared before QEMU starts. File descriptors
 * are the parent's; the builder passes each to QEMU under the same number
 * (mv_command_pass_fd) and names that number on the command line. */
typedef struct {
    /* The QMP monitor: a listening unix socket QEMU inherits, or -1 for
     * QEMU to create monitor_path itself. */
    int monitor_fd;
    const char *monitor_path;
    /* One entry per def->nets, in that order: the open tap (or macvtap)
     * of an ethernet, bridge, network or direct interface; -1 for the
     * others. NULL when the domain has none. */
    const int *tap_fds;
    size_t n_tap_fds;
    /* Likewise the open /dev/vhost-net of each interface that uses the
     * kernel's vhost backend (-1: QEMU's own). NULL for none. */
    const int *vhost_fds;
    size_t n_vhost_fds;
    /* Likewise the VF networkd gave a network interface (a network of
     * forward mode hostdev), passed through with vfio-pci instead of a
     * NIC; NULL entries (or NULL) for the others. */
    const MvHostdevSubsys *const *net_hostdevs;
    size_t n_net_hostdevs;
    /* The port picked for a VNC display with autoport='yes' (5900 + N). */
    int vnc_port;
} MvQemuCommandContext;

/* The command line that starts def, paused (-S), under the binary caps
 * describes. def must have been through mv_qemu_domain_post_parse() (at
 * define time) and mv_qemu_domain_assign_aliases() (its live copy, at
 * start). NULL after reporting: VIR_ERR_CONFIG_UNSUPPORTED names what
 * this QEMU (or this driver) cannot do. */
MvCommand *mv_qemu_build_command(const MvDomainDef *def, const MvQemuCaps *caps,
                                 const MvQemuCommandContext *ctx);
