/* The <guest> entries of `virsh capabilities` from probed QEMU binaries, through lib/conf's capabilities builder. */
#pragma once

#include "conf/capabilities.h"
#include "qemu_capabilities.h"

/* Adds caps' binary as one <guest> (os type hvm) to out: its machines
 * (aliases with canonical='...'), domain type qemu, and kvm when KVM was
 * usable; the x86 features libvirt lists. -1 (reported) for an
 * architecture lib/conf does not know. */
int mv_qemu_caps_add_guest(const MvQemuCaps *caps, MvCaps *out);
