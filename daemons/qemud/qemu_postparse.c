/* The QEMU driver's defaults after parsing (libvirt's qemu post-parse): machine, emulator, implicit controllers, inputs, video, balloon, addresses. */
#define MV_LOG_MODULE "qemu.postparse"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_postparse.h"

#include <string.h>

#include "conf/domain_audio.h"
#include "conf/domain_chr.h"
#include "conf/domain_controller.h"
#include "conf/domain_graphics.h"
#include "conf/domain_input.h"
#include "conf/domain_interface.h"
#include "conf/domain_memballoon.h"
#include "conf/domain_os.h"
#include "conf/domain_video.h"
#include "qemu_postparse_address.h"
#include "util/error.h"
#include "util/log.h"

bool
mv_qemu_machine_is_i440fx(const char *machine)
{
    return machine && (strcmp(machine, "pc") == 0 || g_str_has_prefix(machine, "pc-0.") ||
                       g_str_has_prefix(machine, "pc-1.") || g_str_has_prefix(machine, "pc-i440fx-"));
}

bool
mv_qemu_machine_is_q35(const char *machine)
{
    return machine && (strcmp(machine, "q35") == 0 || g_str_has_prefix(machine, "pc-q35-"));
}

static bool
arch_is_x86(const char *arch)
{
    return g_strcmp0(arch, "x86_64") == 0 || g_strcmp0(arch, "i686") == 0;
}

static int
check_emulator(const MvDomainDef *def, const MvQemuCaps *caps)
{
    const char *binary = mv_qemu_caps_get_binary(caps);

    if (def->virt_type != MV_DOMAIN_VIRT_QEMU && def->virt_type != MV_DOMAIN_VIRT_KVM) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Emulator '%s' does not support virt type '%s'",
                        binary, mv_domain_virt_type_to_string(def->virt_type));
        return -1;
    }
    if (def->os->type != MV_DOMAIN_OS_HVM) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Emulator '%s' does not support os type '%s'",
                        binary, mv_domain_os_type_to_string(def->os->type));
        return -1;
    }
    if (g_strcmp0(def->os->arch, mv_qemu_caps_get_arch(caps)) != 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Emulator '%s' does not support arch '%s'",
                        binary, def->os->arch);
        return -1;
    }
    return 0;
}

/* The machine by its canonical name: "pc" becomes "pc-i440fx-7.2". */
static int
canonicalize_machine(MvDomainDef *def, const MvQemuCaps *caps)
{
    const MvQemuMachineInfo *machine;

    if (!def->os->machine) {
        if (!(machine = mv_qemu_caps_get_default_machine(caps))) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "Emulator '%s' has no default machine type: name one in <os><type machine=>",
                            mv_qemu_caps_get_binary(caps));
            return -1;
        }
    } else if (!(machine = mv_qemu_caps_find_machine(caps, def->os->machine))) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Emulator '%s' does not support machine type '%s'",
                        mv_qemu_caps_get_binary(caps), def->os->machine);
        return -1;
    }
    if (g_strcmp0(def->os->machine, machine->name) != 0) {
        MV_DEBUG("domain '%s': machine '%s' is '%s'", def->name,
                 def->os->machine ? def->os->machine : "(default)", machine->name);
        g_free(def->os->machine);
        def->os->machine = g_strdup(machine->name);
    }
    return 0;
}

static MvDomainController *
find_controller(const MvDomainDef *def, MvControllerType type, int index)
{
    for (guint i = 0; i < def->controllers->len; i++) {
        MvDomainController *ctrl = g_ptr_array_index(def->controllers, i);

        if (ctrl->type == type && ctrl->index == index)
            return ctrl;
    }
    return NULL;
}

void
mv_qemu_domain_insert_controller(MvDomainDef *def, MvDomainController *ctrl)
{
    gint pos = -1;

    for (gint i = (gint) def->controllers->len - 1; i >= 0; i--) {
        const MvDomainController *cur = g_ptr_array_index(def->controllers, i);

        if (cur->type != ctrl->type)
            continue;
        if (cur->index > ctrl->index)
            pos = i;
        else if (pos == -1)
            pos = i + 1;
    }
    g_ptr_array_insert(def->controllers, pos, ctrl);
    MV_DEBUG("domain '%s': added %s controller %d", def->name,
             mv_controller_type_to_string(ctrl->type), ctrl->index);
}

static void
add_controller(MvDomainDef *def, MvControllerType type, int index, int model)
{
    MvDomainController *ctrl = mv_domain_controller_new(type);

    ctrl->index = index;
    ctrl->model = model;
    mv_qemu_domain_insert_controller(def, ctrl);
}

static int
add_root_controller(MvDomainDef *def, int model)
{
    MvDomainController *root = find_controller(def, MV_CONTROLLER_PCI, 0);

    if (!root) {
        add_controller(def, MV_CONTROLLER_PCI, 0, model);
        return 0;
    }
    if (root->model != model) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "The PCI controller with index='0' must be model='%s' for this machine type, "
                        "but model='%s' was found instead",
                        model == MV_QEMU_PCI_MODEL_PCI_ROOT ? "pci-root" : "pcie-root",
                        root->model == MV_QEMU_PCI_MODEL_PCI_ROOT ? "pci-root" :
                        root->model == MV_QEMU_PCI_MODEL_PCIE_ROOT ? "pcie-root" : "other");
        return -1;
    }
    return 0;
}

static int
add_default_controllers(MvDomainDef *def, const MvQemuCaps *caps)
{
    bool q35 = mv_qemu_machine_is_q35(def->os->machine);
    bool i440fx = mv_qemu_machine_is_i440fx(def->os->machine);
    int usb_model = q35 ? MV_QEMU_USB_MODEL_QEMU_XHCI : MV_QEMU_USB_MODEL_PIIX3_UHCI;

    if (!q35 && !i440fx)
        return 0;
    if (!find_controller(def, MV_CONTROLLER_USB, 0))
        add_controller(def, MV_CONTROLLER_USB, 0, -1);
    if (q35 && !find_controller(def, MV_CONTROLLER_SATA, 0))
        add_controller(def, MV_CONTROLLER_SATA, 0, -1);
    if (add_root_controller(def, q35 ? MV_QEMU_PCI_MODEL_PCIE_ROOT : MV_QEMU_PCI_MODEL_PCI_ROOT) < 0)
        return -1;

    for (guint i = 0; i < def->controllers->len; i++) {
        MvDomainController *ctrl = g_ptr_array_index(def->controllers, i);

        if (ctrl->type == MV_CONTROLLER_USB && ctrl->model < 0)
            ctrl->model = usb_model;
        if (ctrl->type == MV_CONTROLLER_SCSI && ctrl->model <= 0)
            ctrl->model = mv_qemu_caps_has_device(caps, "lsi53c895a") ?
                          MV_QEMU_SCSI_MODEL_LSILOGIC : MV_QEMU_SCSI_MODEL_VIRTIO_SCSI;
    }
    return 0;
}

static void
maybe_add_input(MvDomainDef *def, MvDomainInputType type, MvDomainInputBus bus)
{
    MvDomainInput *input;

    for (guint i = 0; i < def->inputs->len; i++) {
        const MvDomainInput *cur = g_ptr_array_index(def->inputs, i);

        if (cur->type == type && cur->bus == bus)
            return;
    }
    input = g_new0(MvDomainInput, 1);
    mv_domain_device_info_init(&input->info);
    input->type = type;
    input->bus = bus;
    input->bus_given = true;
    g_ptr_array_add(def->inputs, input);
}

static int
add_default_video(MvDomainDef *def, const MvQemuCaps *caps)
{
    int type = mv_qemu_caps_has_device(caps, "cirrus-vga") ? MV_DOMAIN_VIDEO_CIRRUS :
               MV_DOMAIN_VIDEO_VGA;
    bool changed = false;

    for (guint i = 0; i < def->videos->len; i++) {
        MvDomainVideo *video = g_ptr_array_index(def->videos, i);

        if (video->type == MV_DOMAIN_VIDEO_DEFAULT) {
            video->type = type;
            changed = true;
        }
    }
    if (def->graphics->len > 0 && def->videos->len == 0) {
        MvDomainVideo *video = g_new0(MvDomainVideo, 1);

        mv_domain_device_info_init(&video->info);
        video->type = type;
        video->heads = 1;
        video->primary = true;
        g_ptr_array_add(def->videos, video);
        changed = true;
    }
    return changed ? mv_domain_video_post_parse(def) : 0;
}

static void
add_default_memballoon(MvDomainDef *def)
{
    if (def->memballoon)
        return;
    def->memballoon = g_new0(MvDomainMemballoon, 1);
    mv_domain_device_info_init(&def->memballoon->info);
    def->memballoon->model = MV_MEMBALLOON_MODEL_VIRTIO;
}

/* libvirt's host audio is off by default: a guest without graphics, or
 * with VNC, gets the 'none' backend. */
static void
add_default_audio(MvDomainDef *def)
{
    MvDomainAudio *audio;

    if (def->audios->len > 0)
        return;
    for (guint i = 0; i < def->graphics->len; i++) {
        const MvDomainGraphics *graphics = g_ptr_array_index(def->graphics, i);

        if (graphics->type != MV_DOMAIN_GRAPHICS_VNC)
            return;
    }
    audio = g_new0(MvDomainAudio, 1);
    audio->id = 1;
    audio->type = MV_DOMAIN_AUDIO_NONE;
    g_ptr_array_add(def->audios, audio);
}

static void
set_default_models(MvDomainDef *def)
{
    for (guint i = 0; i < def->nets->len; i++) {
        MvDomainNet *net = g_ptr_array_index(def->nets, i);

        if (net->type != MV_NET_TYPE_HOSTDEV && net->model == MV_NET_MODEL_UNKNOWN && !net->model_str)
            net->model = MV_NET_MODEL_RTL8139;
    }
    for (guint i = 0; arch_is_x86(def->os->arch) && i < def->serials->len; i++) {
        MvDomainChr *chr = g_ptr_array_index(def->serials, i);

        if (chr->target_type == MV_DOMAIN_CHR_SERIAL_TARGET_NONE)
            chr->target_type = MV_DOMAIN_CHR_SERIAL_TARGET_ISA;
        if (chr->target_type == MV_DOMAIN_CHR_SERIAL_TARGET_ISA &&
            chr->target_model == MV_DOMAIN_CHR_SERIAL_MODEL_NONE)
            chr->target_model = MV_DOMAIN_CHR_SERIAL_MODEL_ISA_SERIAL;
    }
}

int
mv_qemu_domain_post_parse(MvDomainDef *def, const MvQemuCaps *caps)
{
    if (check_emulator(def, caps) < 0)
        return -1;
    if (!def->emulator)
        def->emulator = g_strdup(mv_qemu_caps_get_binary(caps));
    if (canonicalize_machine(def, caps) < 0)
        return -1;

    if (arch_is_x86(def->os->arch)) {
        maybe_add_input(def, MV_DOMAIN_INPUT_MOUSE, MV_DOMAIN_INPUT_BUS_PS2);
        maybe_add_input(def, MV_DOMAIN_INPUT_KEYBOARD, MV_DOMAIN_INPUT_BUS_PS2);
    }
    if (add_default_controllers(def, caps) < 0)
        return -1;
    add_default_memballoon(def);
    add_default_audio(def);
    if (add_default_video(def, caps) < 0)
        return -1;
    set_default_models(def);
    return mv_qemu_domain_assign_addresses(def);
}
