/* Character devices on the QEMU command line: -chardev backends (pty, file, unix, tcp, ...) and the serial ports; consoles that stand for a serial. */
#define MV_LOG_MODULE "qemu.command"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_command_chr.h"

#include "conf/domain_chr.h"
#include "conf/domain_os.h"
#include "qemu_command_props.h"
#include "qemu_postparse.h"
#include "util/error.h"

static void
add_server(MvQemuProps *props, const MvDomainChrSource *src)
{
    if (src->listen) {
        mv_qemu_props_add_onoff(props, "server", true);
        mv_qemu_props_add_onoff(props, "wait", false);
    } else if (src->reconnect == MV_TRISTATE_YES) {
        mv_qemu_props_add_uint(props, "reconnect", src->reconnect_timeout);
    }
}

int
mv_qemu_command_add_chardev(MvCommand *cmd, const MvDomainChrSource *src, const char *id,
                            const char *what)
{
    g_autoptr(MvQemuProps) props = NULL;

    switch (src->type) {
    case MV_DOMAIN_CHR_TYPE_NULL:
        props = mv_qemu_props_new("null");
        mv_qemu_props_add_str(props, "id", id);
        break;
    case MV_DOMAIN_CHR_TYPE_PTY:
        props = mv_qemu_props_new("pty");
        mv_qemu_props_add_str(props, "id", id);
        break;
    case MV_DOMAIN_CHR_TYPE_FILE:
        props = mv_qemu_props_new("file");
        mv_qemu_props_add_str(props, "id", id);
        mv_qemu_props_add_str(props, "path", src->path);
        if (src->append != MV_TRISTATE_ABSENT)
            mv_qemu_props_add_onoff(props, "append", src->append == MV_TRISTATE_YES);
        break;
    case MV_DOMAIN_CHR_TYPE_DEV:
        props = mv_qemu_props_new("tty");
        mv_qemu_props_add_str(props, "id", id);
        mv_qemu_props_add_str(props, "path", src->path);
        break;
    case MV_DOMAIN_CHR_TYPE_PIPE:
        props = mv_qemu_props_new("pipe");
        mv_qemu_props_add_str(props, "id", id);
        mv_qemu_props_add_str(props, "path", src->path);
        break;
    case MV_DOMAIN_CHR_TYPE_UNIX:
        props = mv_qemu_props_new("socket");
        mv_qemu_props_add_str(props, "id", id);
        mv_qemu_props_add_str(props, "path", src->path);
        add_server(props, src);
        break;
    case MV_DOMAIN_CHR_TYPE_TCP:
        if (src->tls == MV_TRISTATE_YES || src->protocol == MV_DOMAIN_CHR_TCP_TLS ||
            src->protocol == MV_DOMAIN_CHR_TCP_TELNETS) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s: TLS on a tcp chardev is not supported by "
                            "this QEMU driver", what);
            return -1;
        }
        props = mv_qemu_props_new("socket");
        mv_qemu_props_add_str(props, "id", id);
        mv_qemu_props_add_str(props, "host", src->host);
        mv_qemu_props_add_str(props, "port", src->service);
        if (src->protocol == MV_DOMAIN_CHR_TCP_TELNET)
            mv_qemu_props_add_onoff(props, "telnet", true);
        add_server(props, src);
        break;
    default:
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s: character device type '%s' is not supported "
                        "by this QEMU driver", what, mv_domain_chr_type_to_string(src->type));
        return -1;
    }
    if (src->logfile) {
        mv_qemu_props_add_str(props, "logfile", src->logfile);
        mv_qemu_props_add_onoff(props, "logappend", src->logappend == MV_TRISTATE_YES);
    }
    mv_qemu_props_add_to_command(cmd, "-chardev", g_steal_pointer(&props));
    return 0;
}

static int
check_consoles(const MvDomainDef *def)
{
    for (guint i = 0; i < def->consoles->len; i++) {
        const MvDomainChr *console = g_ptr_array_index(def->consoles, i);

        if (console->mirror)
            continue;
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "console target type '%s' is not supported by "
                        "this QEMU driver", mv_domain_chr_console_target_to_string(console->target_type));
        return -1;
    }
    return 0;
}

int
mv_qemu_command_add_serials(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps)
{
    if (check_consoles(def) < 0)
        return -1;

    for (guint i = 0; i < def->serials->len; i++) {
        const MvDomainChr *chr = g_ptr_array_index(def->serials, i);
        g_autoptr(MvQemuProps) props = NULL;
        g_autofree char *chardev = NULL;
        const char *device;
        const char *id;

        if (!(id = mv_qemu_device_id(&chr->info, "serial")))
            return -1;
        switch (chr->target_type) {
        case MV_DOMAIN_CHR_SERIAL_TARGET_ISA:
            device = "isa-serial";
            break;
        case MV_DOMAIN_CHR_SERIAL_TARGET_PCI:
            device = "pci-serial";
            break;
        default:
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "serial '%s': target type '%s' is not supported "
                            "by this QEMU driver", id,
                            mv_domain_chr_serial_target_to_string(chr->target_type));
            return -1;
        }
        if (mv_qemu_require_device(caps, device, "serial") < 0)
            return -1;

        chardev = g_strdup_printf("char%s", id);
        if (mv_qemu_command_add_chardev(cmd, &chr->source, chardev, id) < 0)
            return -1;
        props = mv_qemu_props_new(device);
        mv_qemu_props_add_str(props, "chardev", chardev);
        mv_qemu_props_add_str(props, "id", id);
        if (chr->target_type == MV_DOMAIN_CHR_SERIAL_TARGET_ISA)
            mv_qemu_props_add_uint(props, "index", (unsigned int) MAX(chr->port, 0));
        else
            mv_qemu_props_add_pci_address(props, &chr->info, mv_qemu_machine_is_q35(def->os->machine));
        mv_qemu_props_add_to_command(cmd, "-device", g_steal_pointer(&props));
    }
    return 0;
}
