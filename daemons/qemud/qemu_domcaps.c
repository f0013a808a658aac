/* Domain capabilities of a QEMU binary (virsh domcapabilities): resolving the request as libvirt 9.0 does, then filling the document from the probed capabilities. */
#define MV_LOG_MODULE "qemu.domcaps"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_domcaps.h"

#include <fcntl.h>
#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "conf/capabilities_host.h"
#include "conf/domain.h"
#include "util/error.h"
#include "util/log.h"

/* QEMU 6.0 finished the block-dirty-bitmap and blockdev-backup pieces
 * that libvirt's <backup> needs. */
#define QEMU_VERSION_BACKUP 6000000

/* Which vendor makes the CPUs a QEMU model is named after; generic models
 * (qemu64, kvm64, pentium, 486, ...) have none. */
static const struct {
    const char *prefix;
    const char *vendor;
} cpu_vendors[] = {
    { "Broadwell", "Intel" }, { "Cascadelake", "Intel" }, { "Conroe", "Intel" },
    { "Denverton", "Intel" },
    { "Cooperlake", "Intel" }, { "Haswell", "Intel" }, { "Icelake", "Intel" },
    { "IvyBridge", "Intel" }, { "KnightsMill", "Intel" }, { "Nehalem", "Intel" },
    { "Penryn", "Intel" }, { "SandyBridge", "Intel" }, { "SapphireRapids", "Intel" },
    { "Skylake", "Intel" }, { "Snowridge", "Intel" }, { "Westmere", "Intel" },
    { "GraniteRapids", "Intel" }, { "SierraForest", "Intel" },
    { "core2duo", "Intel" }, { "coreduo", "Intel" }, { "n270", "Intel" },
    { "EPYC", "AMD" }, { "Opteron_", "AMD" }, { "athlon", "AMD" }, { "phenom", "AMD" },
    { "Dhyana", "Hygon" },
};

static const char *
cpu_vendor(const char *model)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cpu_vendors); i++) {
        if (g_str_has_prefix(model, cpu_vendors[i].prefix))
            return cpu_vendors[i].vendor;
    }
    return NULL;
}

/* What a guest's <cpu><model> can name: not QEMU's pseudo models, not the
 * versioned names ("EPYC-v2") that the plain names alias. */
static bool
cpu_model_listed(const char *name)
{
    const char *dash = strrchr(name, '-');

    if (strcmp(name, "host") == 0 || strcmp(name, "max") == 0 || strcmp(name, "base") == 0)
        return false;
    if (dash && dash[1] == 'v' && dash[2]) {
        for (const char *p = dash + 2; *p; p++) {
            if (!g_ascii_isdigit(*p))
                return true;
        }
        return false;
    }
    return true;
}

static bool
arch_is_x86(const char *arch)
{
    return strcmp(arch, "x86_64") == 0 || strcmp(arch, "i686") == 0;
}

/* libvirt's rule: a binary serves its own arch and a few 32-bit relatives. */
static bool
arch_supported(const char *binary_arch, const char *arch)
{
    static const char *const pairs[][2] = {
        { "x86_64", "i686" }, { "aarch64", "armv7l" }, { "armv7l", "armv6l" },
        { "ppc64", "ppc64le" },
    };

    if (strcmp(binary_arch, arch) == 0)
        return true;
    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
        if (strcmp(binary_arch, pairs[i][0]) == 0 && strcmp(arch, pairs[i][1]) == 0)
            return true;
    }
    return false;
}

/* Arches of one family: a request for one may name a binary of another
 * (libvirt then checks the exact pair with arch_supported()). */
static const char *
arch_family(const char *arch)
{
    static const char *const families[] = { "x86", "ppc", "arm", "s390" };

    if (arch_is_x86(arch))
        return "x86";
    if (g_str_has_prefix(arch, "aarch64"))
        return "arm";
    for (size_t i = 1; i < G_N_ELEMENTS(families); i++) {
        if (g_str_has_prefix(arch, families[i]))
            return families[i];
    }
    return arch;
}

static int
kvm_max_vcpus(void)
{
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    int n;

    if (fd < 0)
        return -1;
    n = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS);
    if (n <= 0)
        n = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_NR_VCPUS);
    close(fd);
    return n;
}

/* VFIO passthrough works: the container device and at least one IOMMU group. */
static bool
host_has_vfio(void)
{
    g_autoptr(GDir) groups = NULL;

    if (access("/dev/vfio/vfio", F_OK) < 0)
        return false;
    groups = g_dir_open("/sys/kernel/iommu_groups", 0, NULL);
    return groups && g_dir_read_name(groups) != NULL;
}

/* The machines with an IDE controller on board: i440fx (and its alias
 * "pc"), and isapc. */
static bool
machine_has_builtin_ide(const MvQemuMachineInfo *machine)
{
    return g_str_has_prefix(machine->name, "pc-i440fx-") || strcmp(machine->name, "pc") == 0 ||
           strcmp(machine->name, "isapc") == 0;
}

static void
fill_cpu(MvDomainCaps *dc, const MvQemuCaps *caps, bool kvm)
{
    const GPtrArray *models = mv_qemu_caps_list_cpu_models_for(caps, kvm);
    struct utsname uts;
    bool host_arch = uname(&uts) == 0 && arch_supported(uts.machine, mv_qemu_caps_get_arch(caps));

    /* -cpu host needs KVM on a binary of the host's arch (or its 32-bit
     * relative). */
    dc->host_passthrough.supported = kvm && host_arch;
    if (dc->host_passthrough.supported) {
        dc->host_passthrough.migratable = mv_domain_caps_enum_new("hostPassthroughMigratable");
        mv_domain_caps_enum_add(dc->host_passthrough.migratable, "on");
        mv_domain_caps_enum_add(dc->host_passthrough.migratable, "off");
    }
    dc->maximum.supported = true;
    dc->maximum.migratable = mv_domain_caps_enum_new("maximumMigratable");
    mv_domain_caps_enum_add(dc->maximum.migratable, "on");
    mv_domain_caps_enum_add(dc->maximum.migratable, "off");
    /* host-model runs as QEMU's "host" (KVM) or "max" (TCG): no named
     * model stands for it here (see docs/qemu.md). */
    dc->host_model.supported = true;

    for (guint i = 0; i < models->len; i++) {
        const MvQemuCpuModelInfo *m = g_ptr_array_index(models, i);

        if (cpu_model_listed(m->name))
            mv_domain_caps_add_cpu_model(dc, m->name, m->usable, m->deprecated,
                                         cpu_vendor(m->name));
    }
    dc->custom.supported = dc->custom.models->len > 0;
}

static void
fill_os(MvDomainCaps *dc)
{
    dc->os = mv_domain_caps_element_new("os", true);
    /* No firmware descriptors are read yet: no firmware auto-selection and
     * no known loader images. */
    mv_domain_caps_element_add_enum(dc->os, "firmware", NULL);
    dc->loader = mv_domain_caps_element_new("loader", true);
    mv_domain_caps_element_add_enum(dc->loader, "type", "rom", "pflash", NULL);
    mv_domain_caps_element_add_enum(dc->loader, "readonly", "yes", "no", NULL);
    mv_domain_caps_element_add_enum(dc->loader, "secure", "no", NULL);
}

/* Adds value to e when QEMU has the type (device or object). */
static void
add_if_type(MvDomainCapsEnum *e, const MvQemuCaps *caps, const char *type, const char *value)
{
    if (mv_qemu_caps_has_type(caps, type) || mv_qemu_caps_has_device(caps, type))
        mv_domain_caps_enum_add(e, value);
}

static void
fill_disk(MvDomainCaps *dc, const MvQemuCaps *caps, const MvQemuMachineInfo *machine)
{
    MvDomainCapsElement *disk = mv_domain_caps_add_device(dc, "disk", true);
    MvDomainCapsEnum *bus;
    MvDomainCapsEnum *model;

    mv_domain_caps_element_add_enum(disk, "diskDevice", "disk", "cdrom", "floppy", "lun", NULL);
    bus = mv_domain_caps_element_add_enum(disk, "bus", NULL);
    if (machine && machine_has_builtin_ide(machine))
        mv_domain_caps_enum_add(bus, "ide");
    mv_domain_caps_enum_add(bus, "fdc");
    mv_domain_caps_enum_add(bus, "scsi");
    mv_domain_caps_enum_add(bus, "virtio");
    add_if_type(bus, caps, "usb-storage", "usb");
    add_if_type(bus, caps, "ich9-ahci", "sata");
    model = mv_domain_caps_element_add_enum(disk, "model", "virtio", NULL);
    add_if_type(model, caps, "virtio-blk-pci-transitional", "virtio-transitional");
    add_if_type(model, caps, "virtio-blk-pci-non-transitional", "virtio-non-transitional");
}

static void
fill_graphics_video(MvDomainCaps *dc, const MvQemuCaps *caps)
{
    MvDomainCapsElement *graphics = mv_domain_caps_add_device(dc, "graphics", true);
    MvDomainCapsElement *video = mv_domain_caps_add_device(dc, "video", true);
    MvDomainCapsEnum *type = mv_domain_caps_element_add_enum(graphics, "type", NULL);
    MvDomainCapsEnum *model = mv_domain_caps_element_add_enum(video, "modelType", NULL);

    if (mv_qemu_caps_has_display_type(caps, "sdl"))
        mv_domain_caps_enum_add(type, "sdl");
    if (mv_qemu_caps_has_command(caps, "query-vnc"))
        mv_domain_caps_enum_add(type, "vnc");
    if (mv_qemu_caps_has_command(caps, "query-spice"))
        mv_domain_caps_enum_add(type, "spice");
    if (mv_qemu_caps_has_display_type(caps, "egl-headless"))
        mv_domain_caps_enum_add(type, "egl-headless");
    if (mv_qemu_caps_has_display_type(caps, "dbus"))
        mv_domain_caps_enum_add(type, "dbus");

    add_if_type(model, caps, "VGA", "vga");
    add_if_type(model, caps, "cirrus-vga", "cirrus");
    add_if_type(model, caps, "vmware-svga", "vmvga");
    add_if_type(model, caps, "qxl-vga", "qxl");
    if (mv_qemu_caps_has_device(caps, "virtio-gpu-pci") ||
        mv_qemu_caps_has_device(caps, "virtio-gpu-device"))
        mv_domain_caps_enum_add(model, "virtio");
    mv_domain_caps_enum_add(model, "none");
    add_if_type(model, caps, "bochs-display", "bochs");
    add_if_type(model, caps, "ramfb", "ramfb");
}

static void
fill_hostdev(MvDomainCaps *dc, const MvQemuCaps *caps)
{
    static const char *const usb_controllers[] = {
        "piix3-usb-uhci", "piix4-usb-uhci", "usb-ehci", "ich9-usb-ehci1",
        "vt82c686b-usb-uhci", "pci-ohci", "nec-usb-xhci", "qemu-xhci",
    };
    MvDomainCapsElement *hostdev = mv_domain_caps_add_device(dc, "hostdev", true);
    MvDomainCapsEnum *subsys;
    MvDomainCapsEnum *backend;

    mv_domain_caps_element_add_enum(hostdev, "mode", "subsystem", NULL);
    mv_domain_caps_element_add_enum(hostdev, "startupPolicy", "default", "mandatory",
                                    "requisite", "optional", NULL);
    subsys = mv_domain_caps_element_add_enum(hostdev, "subsysType", NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(usb_controllers); i++) {
        if (mv_qemu_caps_has_device(caps, usb_controllers[i])) {
            mv_domain_caps_enum_add(subsys, "usb");
            break;
        }
    }
    mv_domain_caps_enum_add(subsys, "pci");
    mv_domain_caps_enum_add(subsys, "scsi");
    mv_domain_caps_element_add_enum(hostdev, "capsType", NULL);
    backend = mv_domain_caps_element_add_enum(hostdev, "pciBackend", NULL);
    if (host_has_vfio() && mv_qemu_caps_has_device(caps, "vfio-pci")) {
        mv_domain_caps_enum_add(backend, "default");
        mv_domain_caps_enum_add(backend, "vfio");
    }
}

static void
fill_rng_fs_tpm(MvDomainCaps *dc, const MvQemuCaps *caps)
{
    MvDomainCapsElement *rng = mv_domain_caps_add_device(dc, "rng", true);
    MvDomainCapsElement *fs = mv_domain_caps_add_device(dc, "filesystem", true);
    MvDomainCapsElement *tpm;
    MvDomainCapsEnum *e;
    g_autoptr(MvDomainCapsEnum) tpm_models = mv_domain_caps_enum_new("model");

    e = mv_domain_caps_element_add_enum(rng, "model", NULL);
    if (mv_qemu_caps_has_device(caps, "virtio-rng-pci")) {
        mv_domain_caps_enum_add(e, "virtio");
        add_if_type(e, caps, "virtio-rng-pci-transitional", "virtio-transitional");
        add_if_type(e, caps, "virtio-rng-pci-non-transitional", "virtio-non-transitional");
    }
    e = mv_domain_caps_element_add_enum(rng, "backendModel", NULL);
    add_if_type(e, caps, "rng-random", "random");
    add_if_type(e, caps, "rng-egd", "egd");
    add_if_type(e, caps, "rng-builtin", "builtin");

    e = mv_domain_caps_element_add_enum(fs, "driverType", "path", "handle", NULL);
    add_if_type(e, caps, "vhost-user-fs-pci", "virtiofs");

    add_if_type(tpm_models, caps, "tpm-tis", "tpm-tis");
    add_if_type(tpm_models, caps, "tpm-crb", "tpm-crb");
    add_if_type(tpm_models, caps, "tpm-spapr", "tpm-spapr");
    add_if_type(tpm_models, caps, "spapr-tpm-proxy", "spapr-tpm-proxy");
    /* A TPM needs a front end to be of any use. */
    tpm = mv_domain_caps_add_device(dc, "tpm", tpm_models->values->len > 0);
    g_ptr_array_add(tpm->enums, g_steal_pointer(&tpm_models));
    e = mv_domain_caps_element_add_enum(tpm, "backendModel", NULL);
    add_if_type(e, caps, "tpm-passthrough", "passthrough");
}

static void
fill_redirdev_channel(MvDomainCaps *dc, const MvQemuCaps *caps)
{
    bool usbredir = mv_qemu_caps_has_device(caps, "usb-redir");
    MvDomainCapsElement *redirdev = mv_domain_caps_add_device(dc, "redirdev", usbredir);
    MvDomainCapsElement *channel = mv_domain_caps_add_device(dc, "channel", true);
    MvDomainCapsEnum *type;

    if (usbredir)
        mv_domain_caps_element_add_enum(redirdev, "bus", "usb", NULL);
    type = mv_domain_caps_element_add_enum(channel, "type", "pty", "unix", NULL);
    if (mv_qemu_caps_has_command(caps, "query-spice"))
        mv_domain_caps_enum_add(type, "spicevmc");
}

static void
fill_features(MvDomainCaps *dc, const MvQemuCaps *caps)
{
    MvDomainCapsElement *hyperv;

    mv_domain_caps_add_feature(dc, "iothreads", mv_qemu_caps_has_type(caps, "iothread"));
    /* GIC is an ARM 'virt' machine's; no ARM binary is filled in here yet. */
    mv_domain_caps_add_feature(dc, "gic", false);
    mv_domain_caps_add_feature(dc, "vmcoreinfo", mv_qemu_caps_has_device(caps, "vmcoreinfo"));
    mv_domain_caps_add_feature(dc, "genid", mv_qemu_caps_has_device(caps, "vmgenid"));
    mv_domain_caps_add_feature(dc, "backingStoreInput", true);
    mv_domain_caps_add_feature(dc, "backup",
                               mv_qemu_caps_get_version(caps) >= QEMU_VERSION_BACKUP);
    /* Launch security (SEV, SGX) is not driven by modvirt. */
    mv_domain_caps_add_feature(dc, "sev", false);
    mv_domain_caps_add_feature(dc, "sgx", false);
    if (arch_is_x86(mv_qemu_caps_get_arch(caps))) {
        hyperv = mv_domain_caps_add_feature(dc, "hyperv", true);
        mv_domain_caps_element_add_enum(hyperv, "features", "spinlocks", "vendor_id", NULL);
    }
}

MvDomainCaps *
mv_qemu_domain_caps_build(const MvQemuCaps *caps, const char *arch, const char *machine,
                          const char *virttype)
{
    const char *binary = mv_qemu_caps_get_binary(caps);
    const MvQemuMachineInfo *m = NULL;
    g_autoptr(MvDomainCaps) dc = NULL;
    MvDomainCapsElement *memory;
    bool kvm;
    int vt = MV_DOMAIN_VIRT_NONE;
    int max;

    if (virttype && (vt = mv_domain_virt_type_from_string(virttype)) < 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unknown virttype: %s", virttype);
        return NULL;
    }
    if (arch && mv_arch_from_string(arch) <= 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unknown architecture: %s", arch);
        return NULL;
    }
    if (!arch) {
        struct utsname uts;

        arch = uname(&uts) == 0 ? mv_arch_to_string(mv_arch_from_string(uts.machine)) : NULL;
        if (!arch)
            arch = mv_qemu_caps_get_arch(caps);
    }
    if (strcmp(arch, mv_qemu_caps_get_arch(caps)) != 0 &&
        strcmp(arch_family(arch), arch_family(mv_qemu_caps_get_arch(caps))) != 0) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "architecture from emulator '%s' doesn't match given architecture '%s'",
                        mv_qemu_caps_get_arch(caps), arch);
        return NULL;
    }
    if (vt == MV_DOMAIN_VIRT_NONE)
        vt = mv_qemu_caps_has_kvm(caps) ? MV_DOMAIN_VIRT_KVM : MV_DOMAIN_VIRT_QEMU;
    if (vt == MV_DOMAIN_VIRT_KVM && !mv_qemu_caps_has_kvm(caps)) {
        mv_report_error(VIR_ERR_INVALID_ARG, "the accel 'kvm' is not supported by '%s' on this host",
                        binary);
        return NULL;
    }
    if (machine) {
        if (!(m = mv_qemu_caps_find_machine(caps, machine))) {
            mv_report_error(VIR_ERR_INVALID_ARG,
                            "the machine '%s' is not supported by emulator '%s'", machine, binary);
            return NULL;
        }
    } else {
        m = mv_qemu_caps_get_default_machine(caps);
    }
    if (!arch_supported(mv_qemu_caps_get_arch(caps), arch)) {
        mv_report_error(VIR_ERR_INVALID_ARG, "Emulator '%s' does not support arch '%s'",
                        binary, arch);
        return NULL;
    }
    if (vt != MV_DOMAIN_VIRT_QEMU && vt != MV_DOMAIN_VIRT_KVM) {
        mv_report_error(VIR_ERR_INVALID_ARG, "Emulator '%s' does not support virt type '%s'",
                        binary, mv_domain_virt_type_to_string(vt));
        return NULL;
    }
    kvm = vt == MV_DOMAIN_VIRT_KVM;

    dc = mv_domain_caps_new(binary, mv_domain_virt_type_to_string(vt), m ? m->name : NULL, arch);
    if (m) {
        dc->vcpu_max = m->cpu_max;
        if (kvm && (max = kvm_max_vcpus()) > 0)
            dc->vcpu_max = MIN(dc->vcpu_max, (unsigned int) max);
    }
    fill_os(dc);
    fill_cpu(dc, caps, kvm);
    memory = dc->memory_backing = mv_domain_caps_element_new("memoryBacking", true);
    mv_domain_caps_element_add_enum(memory, "sourceType", "file", "anonymous", NULL);
    add_if_type(g_ptr_array_index(memory->enums, 0), caps, "memory-backend-memfd", "memfd");
    fill_disk(dc, caps, m);
    fill_graphics_video(dc, caps);
    fill_hostdev(dc, caps);
    fill_rng_fs_tpm(dc, caps);
    fill_redirdev_channel(dc, caps);
    fill_features(dc, caps);
    return g_steal_pointer(&dc);
}

/* The binary for arch when no emulator is named: one built for exactly
 * that arch first (qemu-system-i386 for i686), else one that also serves
 * it (qemu-system-x86_64 for i686). */
static MvQemuCaps *
caps_for_arch(MvQemuDriver *driver, const char *arch)
{
    g_auto(GStrv) binaries = mv_qemu_caps_find_binaries();
    g_autoptr(MvQemuCaps) fallback = NULL;

    for (size_t i = 0; binaries && binaries[i]; i++) {
        g_autoptr(MvQemuCaps) caps = mv_qemu_caps_cache_lookup(driver->caps_cache, binaries[i]);

        if (!caps) {
            MV_WARN("leaving '%s' out: %s", binaries[i], mv_error_last_message());
            mv_error_reset();
            continue;
        }
        if (strcmp(mv_qemu_caps_get_arch(caps), arch) == 0)
            return g_steal_pointer(&caps);
        if (!fallback && arch_supported(mv_qemu_caps_get_arch(caps), arch))
            fallback = g_steal_pointer(&caps);
    }
    if (fallback)
        return g_steal_pointer(&fallback);
    mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                    "unable to find any emulator to serve '%s' architecture", arch);
    return NULL;
}

int
mv_qemu_connect_get_domain_capabilities(MvRpcServerClient *client,
                                        remote_connect_get_domain_capabilities_args *args,
                                        remote_connect_get_domain_capabilities_ret *ret)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    const char *emulator = args->emulatorbin ? *args->emulatorbin : NULL;
    const char *arch = args->arch ? *args->arch : NULL;
    const char *machine = args->machine ? *args->machine : NULL;
    const char *virttype = args->virttype ? *args->virttype : NULL;
    g_autoptr(MvQemuCaps) caps = NULL;
    g_autoptr(MvDomainCaps) dc = NULL;

    if (args->flags != 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in function %s",
                        args->flags, __func__);
        return -1;
    }
    /* The same checks as a lookup by binary, before any probe. */
    if (virttype && mv_domain_virt_type_from_string(virttype) < 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unknown virttype: %s", virttype);
        return -1;
    }
    if (arch && mv_arch_from_string(arch) <= 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unknown architecture: %s", arch);
        return -1;
    }

    if (emulator) {
        caps = mv_qemu_driver_caps_for(driver, emulator, NULL);
    } else {
        struct utsname uts;
        const char *want = arch;

        if (!want)
            want = uname(&uts) == 0 ? uts.machine : "x86_64";
        caps = caps_for_arch(driver, want);
    }
    if (!caps || !(dc = mv_qemu_domain_caps_build(caps, arch, machine, virttype)))
        return -1;
    ret->capabilities = mv_domain_caps_format(dc);
    return ret->capabilities ? 0 : -1;
}
