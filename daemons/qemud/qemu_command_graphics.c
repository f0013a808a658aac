/* Display and input on the QEMU command line: VNC, video adapters, USB and virtio input devices. */
#define MV_LOG_MODULE "qemu.command"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_command_graphics.h"

#include <string.h>

#include "conf/domain_audio.h"
#include "conf/domain_graphics.h"
#include "conf/domain_input.h"
#include "conf/domain_os.h"
#include "conf/domain_video.h"
#include "qemu_command_props.h"
#include "qemu_postparse.h"
#include "util/error.h"

#define VNC_PORT_MIN 5900
#define VNC_DEFAULT_LISTEN "127.0.0.1"

static const char *
input_device(const MvDomainInput *input)
{
    static const char *const usb[] = { "usb-mouse", "usb-tablet", "usb-kbd" };
    static const char *const virtio[] = { "virtio-mouse-pci", "virtio-tablet-pci", "virtio-keyboard-pci" };

    if (input->type > MV_DOMAIN_INPUT_KEYBOARD)
        return NULL;
    if (input->bus == MV_DOMAIN_INPUT_BUS_USB)
        return usb[input->type];
    if (input->bus == MV_DOMAIN_INPUT_BUS_VIRTIO && input->model == MV_DOMAIN_INPUT_MODEL_DEFAULT)
        return virtio[input->type];
    return NULL;
}

int
mv_qemu_command_add_inputs(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps)
{
    for (guint i = 0; i < def->inputs->len; i++) {
        const MvDomainInput *input = g_ptr_array_index(def->inputs, i);
        g_autoptr(MvQemuProps) props = NULL;
        const char *device;
        const char *id;

        if (input->bus == MV_DOMAIN_INPUT_BUS_PS2)
            continue;
        if (!(device = input_device(input))) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "input device '%s' on bus '%s' is not supported "
                            "by this QEMU driver", mv_domain_input_type_to_string(input->type),
                            mv_domain_input_bus_to_string(input->bus));
            return -1;
        }
        if (mv_qemu_require_device(caps, device, "input") < 0 ||
            !(id = mv_qemu_device_id(&input->info, "input")))
            return -1;
        props = mv_qemu_props_new(device);
        mv_qemu_props_add_str(props, "id", id);
        if (input->info.address.type == MV_DOMAIN_ADDRESS_USB) {
            g_autofree char *bus = g_strdup_printf("usb.%u", input->info.address.u.usb.bus);

            mv_qemu_props_add_str(props, "bus", bus);
            mv_qemu_props_add_str(props, "port", input->info.address.u.usb.port);
        }
        mv_qemu_props_add_pci_address(props, &input->info, mv_qemu_machine_is_q35(def->os->machine));
        mv_qemu_props_add_to_command(cmd, "-device", g_steal_pointer(&props));
    }
    return 0;
}

static int
vnc_address(const MvDomainGraphics *graphics, const MvQemuCommandContext *ctx, GString *vnc)
{
    const MvDomainGraphicsListen *listen = NULL;
    const char *address = VNC_DEFAULT_LISTEN;
    int port = graphics->autoport ? ctx->vnc_port : graphics->port;

    if (graphics->listens && graphics->listens->len > 0)
        listen = &g_array_index(graphics->listens, MvDomainGraphicsListen, 0);
    if (listen && listen->type == MV_DOMAIN_GRAPHICS_LISTEN_SOCKET) {
        g_string_append_printf(vnc, "unix:%s", listen->socket);
        return 0;
    }
    if (listen && listen->type == MV_DOMAIN_GRAPHICS_LISTEN_NONE) {
        g_string_append(vnc, "none");
        return 0;
    }
    if (listen && listen->type == MV_DOMAIN_GRAPHICS_LISTEN_NETWORK) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "VNC listen type 'network' ('%s') must be resolved "
                        "to an address before the guest starts", listen->network);
        return -1;
    }
    if (listen && listen->address)
        address = listen->address;
    if (port < VNC_PORT_MIN) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "VNC port %d is below %d", port, VNC_PORT_MIN);
        return -1;
    }
    if (strchr(address, ':'))
        g_string_append_printf(vnc, "[%s]:%d", address, port - VNC_PORT_MIN);
    else
        g_string_append_printf(vnc, "%s:%d", address, port - VNC_PORT_MIN);
    return 0;
}

int
mv_qemu_command_add_graphics(MvCommand *cmd, const MvDomainDef *def, const MvQemuCommandContext *ctx)
{
    static const char *const share[] = { NULL, "allow-exclusive", "force-shared", "ignore" };

    for (guint i = 0; i < def->graphics->len; i++) {
        const MvDomainGraphics *graphics = g_ptr_array_index(def->graphics, i);
        g_autoptr(GString) vnc = g_string_new(NULL);

        if (graphics->type != MV_DOMAIN_GRAPHICS_VNC || i > 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "graphics type '%s' is not supported by this "
                            "QEMU driver%s", mv_domain_graphics_type_to_string(graphics->type),
                            i > 0 ? " as a second display" : "");
            return -1;
        }
        if (vnc_address(graphics, ctx, vnc) < 0)
            return -1;
        if (graphics->websocket > 0)
            g_string_append_printf(vnc, ",websocket=%d", graphics->websocket);
        else if (graphics->websocket < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                            "VNC websocket port autoallocation is not supported by this QEMU driver");
            return -1;
        }
        if (graphics->share_policy != MV_DOMAIN_GRAPHICS_SHARE_DEFAULT)
            g_string_append_printf(vnc, ",share=%s", share[graphics->share_policy]);
        if (graphics->passwd)
            g_string_append(vnc, ",password=on");
        if (graphics->power_control != MV_TRISTATE_ABSENT)
            g_string_append_printf(vnc, ",power-control=%s",
                                   graphics->power_control == MV_TRISTATE_YES ? "on" : "off");
        if (graphics->audio_id)
            g_string_append_printf(vnc, ",audiodev=audio%u", graphics->audio_id);
        else if (def->audios->len > 0)
            g_string_append_printf(vnc, ",audiodev=audio%u",
                                   ((const MvDomainAudio *) g_ptr_array_index(def->audios, 0))->id);
        mv_command_add_arg(cmd, "-vnc");
        mv_command_add_arg(cmd, vnc->str);
        if (graphics->keymap)
            mv_command_add_args(cmd, "-k", graphics->keymap, NULL);
    }
    return 0;
}

static const char *
video_device(const MvDomainVideo *video, bool primary, const MvQemuCaps *caps)
{
    switch (video->type) {
    case MV_DOMAIN_VIDEO_VGA:
        return primary ? "VGA" : NULL;
    case MV_DOMAIN_VIDEO_CIRRUS:
        return primary ? "cirrus-vga" : NULL;
    case MV_DOMAIN_VIDEO_VMVGA:
        return primary ? "vmware-svga" : NULL;
    case MV_DOMAIN_VIDEO_QXL:
        return primary ? "qxl-vga" : "qxl";
    case MV_DOMAIN_VIDEO_VIRTIO:
        return primary && mv_qemu_caps_has_device(caps, "virtio-vga") ? "virtio-vga" : "virtio-gpu-pci";
    case MV_DOMAIN_VIDEO_BOCHS:
        return "bochs-display";
    case MV_DOMAIN_VIDEO_RAMFB:
        return "ramfb";
    default:
        return NULL;
    }
}

int
mv_qemu_command_add_videos(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps)
{
    for (guint i = 0; i < def->videos->len; i++) {
        const MvDomainVideo *video = g_ptr_array_index(def->videos, i);
        g_autoptr(MvQemuProps) props = NULL;
        const char *device;
        const char *id;

        if (video->type == MV_DOMAIN_VIDEO_NONE)
            continue;
        if (!(device = video_device(video, i == 0, caps))) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "video type '%s' is not supported by this QEMU "
                            "driver%s", mv_domain_video_type_to_string(video->type),
                            i > 0 ? " as a secondary device" : "");
            return -1;
        }
        if (mv_qemu_require_device(caps, device, "video") < 0 ||
            !(id = mv_qemu_device_id(&video->info, "video")))
            return -1;

        props = mv_qemu_props_new(device);
        mv_qemu_props_add_str(props, "id", id);
        switch (video->type) {
        case MV_DOMAIN_VIDEO_QXL:
            mv_qemu_props_add_uint(props, "ram_size", (unsigned long long) video->ram * 1024);
            mv_qemu_props_add_uint(props, "vram_size", (unsigned long long) video->vram * 1024);
            mv_qemu_props_add_uint(props, "vram64_size_mb", video->vram64 / 1024);
            mv_qemu_props_add_uint(props, "vgamem_mb", (video->vgamem ? video->vgamem : 16384) / 1024);
            mv_qemu_props_add_uint(props, "max_outputs", video->heads ? video->heads : 1);
            break;
        case MV_DOMAIN_VIDEO_VGA:
        case MV_DOMAIN_VIDEO_VMVGA:
            if (video->vram)
                mv_qemu_props_add_uint(props, "vgamem_mb", video->vram / 1024);
            break;
        case MV_DOMAIN_VIDEO_BOCHS:
            if (video->vram)
                mv_qemu_props_add_uint(props, "vgamem", (unsigned long long) video->vram * 1024);
            break;
        case MV_DOMAIN_VIDEO_VIRTIO:
            mv_qemu_props_add_uint(props, "max_outputs", video->heads ? video->heads : 1);
            break;
        default:
            break;
        }
        if (video->has_resolution) {
            mv_qemu_props_add_uint(props, "xres", video->res_x);
            mv_qemu_props_add_uint(props, "yres", video->res_y);
        }
        mv_qemu_props_add_pci_address(props, &video->info, mv_qemu_machine_is_q35(def->os->machine));
        mv_qemu_props_add_to_command(cmd, "-device", g_steal_pointer(&props));
    }
    return 0;
}
