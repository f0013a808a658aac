/* Domain definition -> QEMU command line (libvirt 9.0's argv for QEMU 7.2): the entry point and the top-level options. */
#define MV_LOG_MODULE "qemu.command"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_command.h"

#include "conf/domain_clock.h"
#include "conf/domain_cpu.h"
#include "conf/domain_features.h"
#include "conf/domain_memory.h"
#include "conf/domain_os.h"
#include "conf/domain_vcpu.h"
#include "qemu_command_chr.h"
#include "qemu_command_controller.h"
#include "qemu_command_disk.h"
#include "qemu_command_graphics.h"
#include "qemu_command_hostdev.h"
#include "qemu_command_misc.h"
#include "qemu_command_net.h"
#include "qemu_command_props.h"
#include "qemu_postparse.h"
#include "util/error.h"
#include "util/log.h"
#include "util/uuid.h"

/* QEMU's id of the guest RAM of the x86 machines (a memory backend). */
#define X86_RAM_ID "pc.ram"

static const char *
host_arch(void)
{
#if defined(__x86_64__)
    return "x86_64";
#elif defined(__aarch64__)
    return "aarch64";
#else
    return "unknown";
#endif
}

static void
build_name(MvCommand *cmd, const MvDomainDef *def)
{
    g_autoptr(MvQemuProps) props = mv_qemu_props_new(NULL);

    mv_qemu_props_add_str(props, "guest", def->name);
    mv_qemu_props_add_onoff(props, "debug-threads", true);
    mv_qemu_props_add_to_command(cmd, "-name", g_steal_pointer(&props));
}

static int
check_accel(const MvDomainDef *def, const MvQemuCaps *caps)
{
    if (def->virt_type == MV_DOMAIN_VIRT_KVM && !mv_qemu_caps_has_kvm(caps)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "Domain requires KVM, but it is not available. Check that virtualization "
                        "is enabled in the host BIOS, and host configuration is setup to load "
                        "the kvm modules.");
        return -1;
    }
    if (def->virt_type != MV_DOMAIN_VIRT_KVM && def->virt_type != MV_DOMAIN_VIRT_QEMU) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Emulator '%s' does not support virt type '%s'",
                        mv_qemu_caps_get_binary(caps),
                        mv_domain_virt_type_to_string(def->virt_type));
        return -1;
    }
    return 0;
}

static const MvDomainTimer *
find_timer(const MvDomainDef *def, MvDomainTimerName name)
{
    for (guint i = 0; def->clock && i < def->clock->timers->len; i++) {
        const MvDomainTimer *timer = g_ptr_array_index(def->clock->timers, i);

        if (timer->name == name)
            return timer;
    }
    return NULL;
}

static int
build_machine(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps)
{
    g_autoptr(MvQemuProps) props = NULL;
    const MvQemuMachineInfo *machine;
    const MvDomainTimer *hpet = find_timer(def, MV_DOMAIN_TIMER_HPET);
    int vmport = def->features ? def->features->state[MV_DOMAIN_FEATURE_VMPORT] : 0;
    int smm = def->features ? def->features->state[MV_DOMAIN_FEATURE_SMM] : 0;

    if (!def->os->machine || !(machine = mv_qemu_caps_find_machine(caps, def->os->machine))) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Emulator '%s' does not support machine type '%s'",
                        mv_qemu_caps_get_binary(caps), def->os->machine ? def->os->machine : "");
        return -1;
    }
    if (machine->cpu_max > 0 && def->vcpus->max > machine->cpu_max) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "Maximum CPUs greater than specified machine type limit %u", machine->cpu_max);
        return -1;
    }

    props = mv_qemu_props_new(def->os->machine);
    mv_qemu_props_add_onoff(props, "usb", false);
    if (vmport)
        mv_qemu_props_add_onoff(props, "vmport", vmport == MV_TRISTATE_YES);
    if (smm)
        mv_qemu_props_add_onoff(props, "smm", smm == MV_TRISTATE_YES);
    mv_qemu_props_add_onoff(props, "dump-guest-core", def->memory->dump_core == MV_TRISTATE_YES);
    if (hpet && hpet->present != MV_TRISTATE_ABSENT)
        mv_qemu_props_add_onoff(props, "hpet", hpet->present == MV_TRISTATE_YES);
    mv_qemu_props_add_str(props, "memory-backend", X86_RAM_ID);
    mv_qemu_props_add_to_command(cmd, "-machine", g_steal_pointer(&props));

    mv_command_add_args(cmd, "-accel", def->virt_type == MV_DOMAIN_VIRT_KVM ? "kvm" : "tcg", NULL);
    return 0;
}

static int
cpu_mode_unsupported(const MvDomainDef *def)
{
    mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                    "CPU mode '%s' for %s %s domain on %s host is not supported by hypervisor",
                    mv_cpu_mode_to_string(def->cpu->mode), def->os->arch,
                    mv_domain_virt_type_to_string(def->virt_type), host_arch());
    return -1;
}

static bool
cpu_model_known(const MvQemuCaps *caps, const char *name)
{
    const GPtrArray *models = mv_qemu_caps_list_cpu_models(caps);

    if (models->len == 0)
        return true;
    for (guint i = 0; i < models->len; i++) {
        const MvQemuCpuModelInfo *model = g_ptr_array_index((GPtrArray *) models, i);

        if (g_strcmp0(model->name, name) == 0)
            return true;
    }
    return false;
}

/* host-passthrough is QEMU's "host" (KVM only). host-model is not
 * expanded into a named model as libvirt does from the host CPU: it is
 * "host" under KVM and "max" (everything TCG emulates) under TCG. */
static int
build_cpu(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps)
{
    const MvDomainCpu *cpu = def->cpu;
    bool kvm = def->virt_type == MV_DOMAIN_VIRT_KVM;
    g_autoptr(MvQemuProps) props = NULL;

    if (!cpu || (cpu->mode == MV_CPU_MODE_CUSTOM && !cpu->model && cpu->features->len == 0))
        return 0;

    switch (cpu->mode) {
    case MV_CPU_MODE_HOST_PASSTHROUGH:
        if (!kvm)
            return cpu_mode_unsupported(def);
        props = mv_qemu_props_new("host");
        if (cpu->migratable != MV_TRISTATE_ABSENT)
            mv_qemu_props_add_onoff(props, "migratable", cpu->migratable == MV_TRISTATE_YES);
        break;
    case MV_CPU_MODE_HOST_MODEL:
        props = mv_qemu_props_new(kvm ? "host" : "max");
        break;
    case MV_CPU_MODE_MAXIMUM:
        props = mv_qemu_props_new("max");
        break;
    case MV_CPU_MODE_CUSTOM:
    default:
        if (cpu->model && !cpu_model_known(caps, cpu->model)) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "CPU model %s is not supported by hypervisor",
                            cpu->model);
            return -1;
        }
        props = mv_qemu_props_new(cpu->model ? cpu->model :
                                  g_strcmp0(def->os->arch, "i686") == 0 ? "qemu32" : "qemu64");
        break;
    }

    for (guint i = 0; i < cpu->features->len; i++) {
        const MvCpuFeature *feature = &g_array_index(cpu->features, MvCpuFeature, i);

        mv_qemu_props_add_onoff(props, feature->name,
                                feature->policy != MV_CPU_FEATURE_DISABLE &&
                                feature->policy != MV_CPU_FEATURE_FORBID);
    }
    mv_qemu_props_add_to_command(cmd, "-cpu", g_steal_pointer(&props));
    return 0;
}

static int
build_memory(MvCommand *cmd, const MvDomainDef *def)
{
    const MvDomainMemory *mem = def->memory;
    g_autoptr(MvQemuProps) backend = NULL;

    if (mem->has_hugepages || mem->source == MV_DOMAIN_MEMORY_SOURCE_FILE) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "memory backing by hugepages or files is not supported by this QEMU driver");
        return -1;
    }
    if (mv_domain_cpu_numa_cells(def->cpu) > 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "guest NUMA topology is not supported by this QEMU driver");
        return -1;
    }

    mv_command_add_arg(cmd, "-m");
    if (mem->max_memory > 0)
        mv_command_add_arg_format(cmd, "size=%lluk,slots=%u,maxmem=%lluk", mem->total, mem->slots,
                                  mem->max_memory);
    else
        mv_command_add_arg_format(cmd, "%llu", mem->total / 1024);

    backend = mv_qemu_props_new(mem->source == MV_DOMAIN_MEMORY_SOURCE_MEMFD ?
                                "memory-backend-memfd" : "memory-backend-ram");
    mv_qemu_props_add_str(backend, "id", X86_RAM_ID);
    if (mem->access != MV_DOMAIN_MEMORY_ACCESS_DEFAULT)
        mv_qemu_props_add_onoff(backend, "share", mem->access == MV_DOMAIN_MEMORY_ACCESS_SHARED);
    mv_qemu_props_add_uint(backend, "size", mem->total * 1024);
    mv_qemu_props_add_to_command(cmd, "-object", g_steal_pointer(&backend));

    mv_command_add_args(cmd, "-overcommit", mem->locked ? "mem-lock=on" : "mem-lock=off", NULL);
    return 0;
}

static void
build_smp(MvCommand *cmd, const MvDomainDef *def)
{
    const MvDomainCpu *cpu = def->cpu;
    unsigned int max = def->vcpus->max;
    unsigned int online = mv_domain_vcpus_online(def->vcpus);
    g_autoptr(GString) smp = g_string_new(NULL);

    g_string_append_printf(smp, "%u", online);
    if (online != max)
        g_string_append_printf(smp, ",maxcpus=%u", max);
    if (cpu && cpu->sockets > 0)
        g_string_append_printf(smp, ",sockets=%u,dies=%u,cores=%u,threads=%u", cpu->sockets,
                               cpu->dies ? cpu->dies : 1, cpu->cores, cpu->threads);
    else
        g_string_append_printf(smp, ",sockets=%u,cores=1,threads=1", max);
    mv_command_add_arg(cmd, "-smp");
    mv_command_add_arg(cmd, smp->str);
}

static void
build_monitor(MvCommand *cmd, const MvQemuCommandContext *ctx)
{
    g_autoptr(MvQemuProps) props = mv_qemu_props_new("socket");

    mv_qemu_props_add_str(props, "id", "charmonitor");
    if (ctx->monitor_fd >= 0) {
        mv_qemu_props_add_uint(props, "fd", (unsigned int) ctx->monitor_fd);
        mv_command_pass_fd(cmd, ctx->monitor_fd, ctx->monitor_fd);
    } else {
        mv_qemu_props_add_str(props, "path", ctx->monitor_path);
    }
    mv_qemu_props_add_onoff(props, "server", true);
    mv_qemu_props_add_onoff(props, "wait", false);
    mv_qemu_props_add_to_command(cmd, "-chardev", g_steal_pointer(&props));
    mv_command_add_args(cmd, "-mon", "chardev=charmonitor,id=monitor,mode=control", NULL);
}

static int
timer_unsupported(const MvDomainTimer *timer, const char *what)
{
    mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unsupported %s for timer '%s'", what,
                    mv_domain_timer_name_to_string(timer->name));
    return -1;
}

/* -rtc, and the PIT's lost tick policy (HPET is a -machine property). */
static int
build_clock(MvCommand *cmd, const MvDomainDef *def)
{
    MvDomainClockOffset offset = def->clock ? def->clock->offset : MV_DOMAIN_CLOCK_OFFSET_UTC;
    g_autoptr(GString) rtc = g_string_new(NULL);
    const char *pit_policy = NULL;

    if (offset != MV_DOMAIN_CLOCK_OFFSET_UTC && offset != MV_DOMAIN_CLOCK_OFFSET_LOCALTIME) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unsupported clock offset '%s'",
                        mv_domain_clock_offset_to_string(offset));
        return -1;
    }
    g_string_append_printf(rtc, "base=%s", offset == MV_DOMAIN_CLOCK_OFFSET_UTC ? "utc" : "localtime");

    for (guint i = 0; def->clock && i < def->clock->timers->len; i++) {
        const MvDomainTimer *timer = g_ptr_array_index(def->clock->timers, i);

        switch (timer->name) {
        case MV_DOMAIN_TIMER_RTC:
            if (timer->track == MV_DOMAIN_TIMER_TRACK_GUEST)
                g_string_append(rtc, ",clock=vm");
            else if (timer->track == MV_DOMAIN_TIMER_TRACK_WALL)
                g_string_append(rtc, ",clock=host");
            else if (timer->track == MV_DOMAIN_TIMER_TRACK_REALTIME)
                g_string_append(rtc, ",clock=rt");
            else if (timer->track != MV_DOMAIN_TIMER_TRACK_NONE)
                return timer_unsupported(timer, "track");
            if (timer->tickpolicy == MV_DOMAIN_TIMER_TICKPOLICY_CATCHUP)
                g_string_append(rtc, ",driftfix=slew");
            else if (timer->tickpolicy != MV_DOMAIN_TIMER_TICKPOLICY_NONE &&
                     timer->tickpolicy != MV_DOMAIN_TIMER_TICKPOLICY_DELAY)
                return timer_unsupported(timer, "tickpolicy");
            break;
        case MV_DOMAIN_TIMER_PIT:
            if (timer->tickpolicy == MV_DOMAIN_TIMER_TICKPOLICY_NONE ||
                timer->tickpolicy == MV_DOMAIN_TIMER_TICKPOLICY_DELAY)
                pit_policy = "kvm-pit.lost_tick_policy=delay";
            else if (timer->tickpolicy == MV_DOMAIN_TIMER_TICKPOLICY_DISCARD)
                pit_policy = "kvm-pit.lost_tick_policy=discard";
            else if (timer->tickpolicy != MV_DOMAIN_TIMER_TICKPOLICY_CATCHUP)
                return timer_unsupported(timer, "tickpolicy");
            break;
        case MV_DOMAIN_TIMER_HPET:
            break;
        default:
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unsupported timer type (name) '%s'",
                            mv_domain_timer_name_to_string(timer->name));
            return -1;
        }
    }
    mv_command_add_arg(cmd, "-rtc");
    mv_command_add_arg(cmd, rtc->str);
    if (pit_policy)
        mv_command_add_args(cmd, "-global", pit_policy, NULL);
    return 0;
}

static int
build_boot(MvCommand *cmd, const MvDomainDef *def)
{
    const MvDomainOs *os = def->os;
    g_autoptr(GString) boot = g_string_new(NULL);

    if (os->loader && (os->loader->type == MV_DOMAIN_LOADER_PFLASH || !os->loader->path)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "pflash firmware (<loader type='pflash'>) is not supported by this QEMU driver");
        return -1;
    }
    if (os->firmware != MV_DOMAIN_FIRMWARE_NONE) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "firmware autoselection (<os firmware='%s'>) is "
                        "not supported by this QEMU driver", mv_domain_firmware_to_string(os->firmware));
        return -1;
    }

    if (os->bootmenu != MV_TRISTATE_ABSENT)
        g_string_append_printf(boot, "menu=%s,", os->bootmenu == MV_TRISTATE_YES ? "on" : "off");
    if (os->bios_reboot_timeout_set)
        g_string_append_printf(boot, "reboot-timeout=%d,", os->bios_reboot_timeout);
    if (os->bootmenu_timeout_set)
        g_string_append_printf(boot, "splash-time=%u,", os->bootmenu_timeout);
    g_string_append(boot, "strict=on");
    mv_command_add_arg(cmd, "-boot");
    mv_command_add_arg(cmd, boot->str);

    if (os->kernel)
        mv_command_add_args(cmd, "-kernel", os->kernel, NULL);
    if (os->initrd)
        mv_command_add_args(cmd, "-initrd", os->initrd, NULL);
    if (os->cmdline)
        mv_command_add_args(cmd, "-append", os->cmdline, NULL);
    if (os->dtb)
        mv_command_add_args(cmd, "-dtb", os->dtb, NULL);
    return 0;
}

/* <features> the command line has no translation for yet. ACPI, APIC,
 * PAE, HAP and privnet need none on x86 (ACPI is -no-acpi when absent),
 * vmport and smm are -machine properties. */
static int
check_features(const MvDomainDef *def)
{
    for (int f = 0; def->features && f < MV_DOMAIN_FEATURE_LAST; f++) {
        if (!def->features->state[f])
            continue;
        switch (f) {
        case MV_DOMAIN_FEATURE_ACPI:
        case MV_DOMAIN_FEATURE_APIC:
        case MV_DOMAIN_FEATURE_PAE:
        case MV_DOMAIN_FEATURE_HAP:
        case MV_DOMAIN_FEATURE_PRIVNET:
        case MV_DOMAIN_FEATURE_VMPORT:
        case MV_DOMAIN_FEATURE_SMM:
            break;
        default:
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "feature '%s' is not supported by this QEMU driver",
                            mv_domain_feature_to_string(f));
            return -1;
        }
    }
    return 0;
}

/* The device families this driver does not start yet. */
static int
check_unsupported_devices(const MvDomainDef *def)
{
    static const struct {
        const char *name;
        gsize offset;
    } arrays[] = {
        { "lease", G_STRUCT_OFFSET(MvDomainDef, leases) },
        { "filesystem", G_STRUCT_OFFSET(MvDomainDef, filesystems) },
        { "smartcard", G_STRUCT_OFFSET(MvDomainDef, smartcards) },
        { "parallel", G_STRUCT_OFFSET(MvDomainDef, parallels) },
        { "channel", G_STRUCT_OFFSET(MvDomainDef, channels) },
        { "tpm", G_STRUCT_OFFSET(MvDomainDef, tpms) },
        { "sound", G_STRUCT_OFFSET(MvDomainDef, sounds) },
        { "redirdev", G_STRUCT_OFFSET(MvDomainDef, redirdevs) },
        { "hub", G_STRUCT_OFFSET(MvDomainDef, hubs) },
        { "shmem", G_STRUCT_OFFSET(MvDomainDef, shmems) },
        { "memory", G_STRUCT_OFFSET(MvDomainDef, memories) },
    };
    const char *single = def->iommu ? "iommu" : def->vsock ? "vsock" : def->nvram ? "nvram" : NULL;

    for (size_t i = 0; i < G_N_ELEMENTS(arrays); i++) {
        const GPtrArray *devs = G_STRUCT_MEMBER(GPtrArray *, def, arrays[i].offset);

        if (devs && devs->len > 0) {
            single = arrays[i].name;
            break;
        }
    }
    if (single) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "<%s> devices are not supported by this QEMU driver", single);
        return -1;
    }
    return 0;
}

MvCommand *
mv_qemu_build_command(const MvDomainDef *def, const MvQemuCaps *caps,
                      const MvQemuCommandContext *ctx)
{
    g_autoptr(MvCommand) cmd = NULL;
    char uuid[MV_UUID_STRING_BUFLEN];
    bool acpi = def->features && def->features->state[MV_DOMAIN_FEATURE_ACPI] == MV_TRISTATE_YES;

    MV_DEBUG("building the command line of domain '%s'", def->name);
    if (check_accel(def, caps) < 0 || check_features(def) < 0 || check_unsupported_devices(def) < 0)
        return NULL;

    cmd = mv_command_new(def->emulator ? def->emulator : mv_qemu_caps_get_binary(caps));
    build_name(cmd, def);
    mv_command_add_arg(cmd, "-S");
    if (build_machine(cmd, def, caps) < 0 || build_cpu(cmd, def, caps) < 0)
        return NULL;
    if (def->os->loader && def->os->loader->path && def->os->loader->type != MV_DOMAIN_LOADER_PFLASH)
        mv_command_add_args(cmd, "-bios", def->os->loader->path, NULL);
    if (build_memory(cmd, def) < 0)
        return NULL;
    build_smp(cmd, def);
    mv_command_add_args(cmd, "-uuid", mv_uuid_format(def->uuid, uuid), NULL);
    if (def->graphics->len == 0)
        mv_command_add_args(cmd, "-display", "none", NULL);
    mv_command_add_args(cmd, "-no-user-config", "-nodefaults", NULL);
    build_monitor(cmd, ctx);
    if (build_clock(cmd, def) < 0)
        return NULL;
    mv_command_add_arg(cmd, "-no-shutdown");
    if (!acpi)
        mv_command_add_arg(cmd, "-no-acpi");
    if (build_boot(cmd, def) < 0)
        return NULL;

    if (mv_qemu_command_add_controllers(cmd, def, caps) < 0 ||
        mv_qemu_command_add_disks(cmd, def, caps) < 0 ||
        mv_qemu_command_add_nets(cmd, def, caps, ctx) < 0 ||
        mv_qemu_command_add_serials(cmd, def, caps) < 0 ||
        mv_qemu_command_add_inputs(cmd, def, caps) < 0 ||
        mv_qemu_command_add_audios(cmd, def) < 0 ||
        mv_qemu_command_add_graphics(cmd, def, ctx) < 0 ||
        mv_qemu_command_add_videos(cmd, def, caps) < 0 ||
        mv_qemu_command_add_watchdog(cmd, def, caps) < 0 ||
        mv_qemu_command_add_hostdevs(cmd, def, caps) < 0 ||
        mv_qemu_command_add_memballoon(cmd, def, caps) < 0 ||
        mv_qemu_command_add_rngs(cmd, def, caps) < 0)
        return NULL;
    mv_command_add_args(cmd, "-sandbox",
                        "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny", NULL);
    if (mv_qemu_command_add_panics(cmd, def, caps) < 0)
        return NULL;
    mv_command_add_args(cmd, "-msg", "timestamp=on", NULL);
    return g_steal_pointer(&cmd);
}
