/* The <guest> entries of `virsh capabilities` from probed QEMU binaries, through lib/conf's capabilities builder. */
#define MV_LOG_MODULE "qemu.capabilities"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_capabilities_xml.h"

#include <string.h>

#include "util/error.h"

static unsigned int
arch_wordsize(MvArch arch)
{
    switch (arch) {
    case MV_ARCH_I686:
    case MV_ARCH_ARMV6L:
    case MV_ARCH_ARMV7L:
    case MV_ARCH_ARMV7B:
        return 32;
    default:
        return 64;
    }
}

static void
add_machines(MvCapsGuestInfo *info, const MvQemuCaps *caps)
{
    const GPtrArray *machines = mv_qemu_caps_list_machines(caps);

    for (guint i = 0; i < machines->len; i++) {
        const MvQemuMachineInfo *m = g_ptr_array_index(machines, i);
        MvCapsMachine *entry = mv_caps_guest_info_add_machine(info, m->name, NULL, m->cpu_max);

        entry->deprecated = m->deprecated;
        if (m->alias)
            mv_caps_guest_info_add_machine(info, m->alias, m->name, m->cpu_max)->deprecated = m->deprecated;
    }
}

int
mv_qemu_caps_add_guest(const MvQemuCaps *caps, MvCaps *out)
{
    const char *arch_name = mv_qemu_caps_get_arch(caps);
    int arch = mv_arch_from_string(arch_name);
    MvCapsGuest *guest;

    if (arch <= MV_ARCH_NONE) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "QEMU binary '%s' emulates unknown architecture '%s'",
                        mv_qemu_caps_get_binary(caps), arch_name);
        return -1;
    }

    guest = mv_caps_add_guest(out, MV_CAPS_OS_HVM, arch, arch_wordsize(arch),
                              mv_qemu_caps_get_binary(caps), NULL);
    add_machines(&guest->info, caps);
    mv_caps_guest_add_domain(guest, MV_CAPS_VIRT_QEMU, NULL, NULL);
    if (mv_qemu_caps_has_kvm(caps))
        mv_caps_guest_add_domain(guest, MV_CAPS_VIRT_KVM, NULL, NULL);

    if (arch == MV_ARCH_I686 || arch == MV_ARCH_X86_64) {
        if (arch == MV_ARCH_I686) {
            mv_caps_guest_set_feature(guest, MV_CAPS_FEATURE_PAE, MV_TRISTATE_ABSENT, MV_TRISTATE_ABSENT);
            mv_caps_guest_set_feature(guest, MV_CAPS_FEATURE_NONPAE, MV_TRISTATE_ABSENT, MV_TRISTATE_ABSENT);
        }
        mv_caps_guest_set_feature(guest, MV_CAPS_FEATURE_ACPI, MV_TRISTATE_YES, MV_TRISTATE_YES);
        mv_caps_guest_set_feature(guest, MV_CAPS_FEATURE_APIC, MV_TRISTATE_YES, MV_TRISTATE_NO);
    }
    mv_caps_guest_set_feature(guest, MV_CAPS_FEATURE_CPUSELECTION, MV_TRISTATE_ABSENT, MV_TRISTATE_ABSENT);
    mv_caps_guest_set_feature(guest, MV_CAPS_FEATURE_DEVICEBOOT, MV_TRISTATE_ABSENT, MV_TRISTATE_ABSENT);
    mv_caps_guest_set_feature(guest, MV_CAPS_FEATURE_DISKSNAPSHOT, MV_TRISTATE_YES, MV_TRISTATE_NO);
    return 0;
}
