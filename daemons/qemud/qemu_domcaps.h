/* Domain capabilities of a QEMU binary (virsh domcapabilities): which emulator, machine and virt type a request means, and what that combination offers. */
#pragma once

#include "conf/domain_caps.h"
#include "qemu_capabilities.h"
#include "qemu_driver.h"

/* The <domainCapabilities> of caps for arch, machine and virttype (libvirt's
 * names; each may be NULL for the binary's own arch, its default machine,
 * kvm when it has KVM and else qemu). NULL after reporting
 * VIR_ERR_INVALID_ARG / VIR_ERR_CONFIG_UNSUPPORTED with libvirt's message. */
MvDomainCaps *mv_qemu_domain_caps_build(const MvQemuCaps *caps, const char *arch,
                                        const char *machine, const char *virttype);

/* qemu_driver: REMOTE_PROC_CONNECT_GET_DOMAIN_CAPABILITIES. */
int mv_qemu_connect_get_domain_capabilities(MvRpcServerClient *client,
                                            remote_connect_get_domain_capabilities_args *args,
                                            remote_connect_get_domain_capabilities_ret *ret);
