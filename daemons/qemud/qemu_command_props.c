/* QEMU option strings ("driver,key=value,..."): escaping, on/off, PCI and drive addresses, device ids. */
#define MV_LOG_MODULE "qemu.command"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_command_props.h"

#include "conf/domain_disk.h"
#include "conf/domain_interface.h"
#include "conf/domain_os.h"
#include "util/error.h"

struct _MvQemuProps {
    GString *str;
};

static void
append_escaped(GString *str, const char *value)
{
    for (const char *p = value; *p; p++) {
        if (*p == ',')
            g_string_append_c(str, ',');
        g_string_append_c(str, *p);
    }
}

MvQemuProps *
mv_qemu_props_new(const char *first)
{
    MvQemuProps *props = g_new0(MvQemuProps, 1);

    props->str = g_string_new(NULL);
    if (first)
        append_escaped(props->str, first);
    return props;
}

void
mv_qemu_props_free(MvQemuProps *props)
{
    if (!props)
        return;
    g_string_free(props->str, TRUE);
    g_free(props);
}

static void
add_key(MvQemuProps *props, const char *key)
{
    if (props->str->len > 0)
        g_string_append_c(props->str, ',');
    g_string_append(props->str, key);
    g_string_append_c(props->str, '=');
}

void
mv_qemu_props_add_str(MvQemuProps *props, const char *key, const char *value)
{
    if (!value)
        return;
    add_key(props, key);
    append_escaped(props->str, value);
}

void
mv_qemu_props_add_uint(MvQemuProps *props, const char *key, unsigned long long value)
{
    add_key(props, key);
    g_string_append_printf(props->str, "%llu", value);
}

void
mv_qemu_props_add_hex(MvQemuProps *props, const char *key, unsigned int value)
{
    add_key(props, key);
    g_string_append_printf(props->str, "0x%x", value);
}

void
mv_qemu_props_add_onoff(MvQemuProps *props, const char *key, bool value)
{
    add_key(props, key);
    g_string_append(props->str, value ? "on" : "off");
}

void
mv_qemu_props_add_pci_address(MvQemuProps *props, const MvDomainDeviceInfo *info,
                              bool pcie_root)
{
    const MvDomainAddress *addr = &info->address;

    if (addr->type != MV_DOMAIN_ADDRESS_PCI)
        return;
    add_key(props, "bus");
    if (addr->u.pci.bus == 0 && pcie_root)
        g_string_append(props->str, "pcie.0");
    else
        g_string_append_printf(props->str, "pci.%u", addr->u.pci.bus);
    add_key(props, "addr");
    g_string_append_printf(props->str, "0x%x", addr->u.pci.slot);
    if (addr->u.pci.function)
        g_string_append_printf(props->str, ".0x%x", addr->u.pci.function);
    if (addr->u.pci.multifunction != MV_TRISTATE_ABSENT)
        mv_qemu_props_add_onoff(props, "multifunction",
                                addr->u.pci.multifunction == MV_TRISTATE_YES);
}

char *
mv_qemu_props_finish(MvQemuProps *props)
{
    char *ret = g_string_free(g_steal_pointer(&props->str), FALSE);

    g_free(props);
    return ret;
}

const char *
mv_qemu_device_id(const MvDomainDeviceInfo *info, const char *what)
{
    if (!info->alias) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s device has no alias: assign aliases first",
                        what);
        return NULL;
    }
    return info->alias;
}

/* 1 + the position of dev in <os><boot dev=>, 0 when absent. */
static unsigned int
os_boot_position(const MvDomainDef *def, MvDomainBootDev dev)
{
    for (size_t i = 0; i < def->os->n_boot_devs; i++) {
        if (def->os->boot_devs[i] == dev)
            return (unsigned int) i + 1;
    }
    return 0;
}

static MvDomainBootDev
disk_boot_dev(const MvDomainDisk *disk)
{
    switch (disk->device) {
    case MV_DISK_DEVICE_CDROM:
        return MV_DOMAIN_BOOT_CDROM;
    case MV_DISK_DEVICE_FLOPPY:
        return MV_DOMAIN_BOOT_FD;
    default:
        return MV_DOMAIN_BOOT_HD;
    }
}

unsigned int
mv_qemu_boot_index_disk(const MvDomainDef *def, guint i)
{
    const MvDomainDisk *disk = g_ptr_array_index(def->disks, i);
    MvDomainBootDev dev = disk_boot_dev(disk);

    if (def->os->n_boot_devs == 0)
        return disk->info.boot_order;
    for (guint j = 0; j < i; j++) {
        if (disk_boot_dev(g_ptr_array_index(def->disks, j)) == dev)
            return 0;
    }
    return os_boot_position(def, dev);
}

unsigned int
mv_qemu_boot_index_net(const MvDomainDef *def, guint i)
{
    const MvDomainNet *net = g_ptr_array_index(def->nets, i);

    if (def->os->n_boot_devs == 0)
        return net->info.boot_order;
    return i == 0 ? os_boot_position(def, MV_DOMAIN_BOOT_NETWORK) : 0;
}

void
mv_qemu_props_add_to_command(MvCommand *cmd, const char *option, MvQemuProps *props)
{
    g_autofree char *str = mv_qemu_props_finish(props);

    mv_command_add_arg(cmd, option);
    mv_command_add_arg(cmd, str);
}

int
mv_qemu_require_device(const MvQemuCaps *caps, const char *type, const char *what)
{
    if (mv_qemu_caps_has_device(caps, type))
        return 0;
    mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s: this QEMU binary has no '%s' device", what, type);
    return -1;
}

void
mv_qemu_props_add_rom(MvQemuProps *props, const MvDomainDeviceInfo *info)
{
    if (info->rom_enabled == MV_TRISTATE_NO) {
        mv_qemu_props_add_str(props, "romfile", "");
        return;
    }
    if (info->rom_bar != MV_TRISTATE_ABSENT)
        mv_qemu_props_add_uint(props, "rombar", info->rom_bar == MV_TRISTATE_YES ? 1 : 0);
    mv_qemu_props_add_str(props, "romfile", info->rom_file);
}
