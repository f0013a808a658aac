/* Device aliases as libvirt's QEMU driver names them (ide0-0-0, virtio-disk0, net0, serial0, usb, pci.0, video0, balloon0): live definitions only. */
#define MV_LOG_MODULE "qemu.postparse"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_postparse_alias.h"

#include <string.h>

#include "conf/domain_chr.h"
#include "conf/domain_controller.h"
#include "conf/domain_disk.h"
#include "conf/domain_hostdev.h"
#include "conf/domain_input.h"
#include "conf/domain_interface.h"
#include "conf/domain_memballoon.h"
#include "conf/domain_os.h"
#include "conf/domain_rng.h"
#include "conf/domain_video.h"
#include "conf/domain_watchdog.h"
#include "qemu_postparse.h"
#include "util/error.h"

/* The next free N of prefixN among the aliases already given. */
static unsigned int
next_index(GPtrArray *infos, const char *prefix)
{
    size_t len = strlen(prefix);
    unsigned int next = 0;

    for (guint i = 0; i < infos->len; i++) {
        const MvDomainDeviceInfo *info = g_ptr_array_index(infos, i);
        char *end = NULL;
        guint64 n;

        if (!info->alias || strncmp(info->alias, prefix, len) != 0 || !g_ascii_isdigit(info->alias[len]))
            continue;
        n = g_ascii_strtoull(info->alias + len, &end, 10);
        if (*end == '\0' && n >= next)
            next = (unsigned int) n + 1;
    }
    return next;
}

/* prefixN for each device of infos without an alias, N counting on
 * from the highest given. */
static void
assign_counted(GPtrArray *infos, const char *prefix)
{
    for (guint i = 0; i < infos->len; i++) {
        MvDomainDeviceInfo *info = g_ptr_array_index(infos, i);

        if (!info->alias)
            info->alias = g_strdup_printf("%s%u", prefix, next_index(infos, prefix));
    }
}

static char *
controller_alias(const MvDomainDef *def, const MvDomainController *ctrl)
{
    bool builtin_machine = mv_qemu_machine_is_i440fx(def->os->machine) ||
                           mv_qemu_machine_is_q35(def->os->machine);

    switch (ctrl->type) {
    case MV_CONTROLLER_PCI:
        if (ctrl->index == 0 && ctrl->model == MV_QEMU_PCI_MODEL_PCIE_ROOT)
            return g_strdup("pcie.0");
        return g_strdup_printf("pci.%d", ctrl->index);
    case MV_CONTROLLER_IDE:
        if (ctrl->index == 0 && builtin_machine)
            return g_strdup("ide");
        break;
    case MV_CONTROLLER_SATA:
        if (ctrl->index == 0 && mv_qemu_machine_is_q35(def->os->machine))
            return g_strdup("ide");
        break;
    case MV_CONTROLLER_USB:
        if (ctrl->index == 0)
            return g_strdup("usb");
        break;
    default:
        break;
    }
    return g_strdup_printf("%s%d", mv_controller_type_to_string(ctrl->type), ctrl->index);
}

/* The disk's place on its bus: ide0-1-0, sata0-0-2, scsi0-0-0-1,
 * virtio-disk1 (from the target name: vdb), ... */
static char *
disk_alias(const MvDomainDisk *disk)
{
    const typeof(disk->info.address.u.drive) *drive = &disk->info.address.u.drive;
    const char *bus = mv_disk_bus_to_string(disk->bus);

    if (disk->info.address.type == MV_DOMAIN_ADDRESS_DRIVE) {
        if (disk->bus == MV_DISK_BUS_SCSI)
            return g_strdup_printf("%s%u-%u-%u-%u", bus, drive->controller, drive->bus,
                                   drive->target, drive->unit);
        return g_strdup_printf("%s%u-%u-%u", bus, drive->controller, drive->bus, drive->unit);
    }
    if (disk->dst && g_str_has_prefix(disk->dst, "vd")) {
        unsigned int index = 0;

        for (const char *p = disk->dst + 2; *p >= 'a' && *p <= 'z'; p++)
            index = index * 26 + (unsigned int) (*p - 'a') + (p == disk->dst + 2 ? 0 : 26);
        return g_strdup_printf("%s-disk%u", bus, index);
    }
    return g_strdup_printf("%s-disk-%s", bus, disk->dst ? disk->dst : "unknown");
}

static void
collect(GPtrArray *out, GPtrArray *devs, gsize info_offset)
{
    for (guint i = 0; i < devs->len; i++)
        g_ptr_array_add(out, G_STRUCT_MEMBER_P(g_ptr_array_index(devs, i), info_offset));
}

int
mv_qemu_domain_assign_aliases(MvDomainDef *def)
{
    g_autoptr(GPtrArray) nets = g_ptr_array_new();
    g_autoptr(GPtrArray) hostdevs = g_ptr_array_new();
    g_autoptr(GPtrArray) list = g_ptr_array_new();

    for (guint i = 0; i < def->disks->len; i++) {
        MvDomainDisk *disk = g_ptr_array_index(def->disks, i);

        if (!disk->info.alias)
            disk->info.alias = disk_alias(disk);
    }
    for (guint i = 0; i < def->controllers->len; i++) {
        MvDomainController *ctrl = g_ptr_array_index(def->controllers, i);

        if (!ctrl->info.alias)
            ctrl->info.alias = controller_alias(def, ctrl);
    }

    /* An <interface type='hostdev'> is named as a host device, before the
     * <hostdev>s: hostdev0 is the first of them. */
    for (guint i = 0; i < def->nets->len; i++) {
        MvDomainNet *net = g_ptr_array_index(def->nets, i);

        g_ptr_array_add(net->type == MV_NET_TYPE_HOSTDEV ? hostdevs : nets, &net->info);
    }
    assign_counted(nets, "net");
    collect(hostdevs, def->hostdevs, G_STRUCT_OFFSET(MvDomainHostdev, info));
    assign_counted(hostdevs, "hostdev");

    g_ptr_array_set_size(list, 0);
    collect(list, def->serials, G_STRUCT_OFFSET(MvDomainChr, info));
    assign_counted(list, "serial");
    g_ptr_array_set_size(list, 0);
    collect(list, def->parallels, G_STRUCT_OFFSET(MvDomainChr, info));
    assign_counted(list, "parallel");
    g_ptr_array_set_size(list, 0);
    collect(list, def->channels, G_STRUCT_OFFSET(MvDomainChr, info));
    assign_counted(list, "channel");
    for (guint i = 0; i < def->consoles->len; i++) {
        MvDomainChr *console = g_ptr_array_index(def->consoles, i);

        /* The console that stands for serial N is that serial. */
        if (!console->info.alias && console->mirror && console->mirror->info.alias)
            console->info.alias = g_strdup(console->mirror->info.alias);
    }
    g_ptr_array_set_size(list, 0);
    collect(list, def->consoles, G_STRUCT_OFFSET(MvDomainChr, info));
    assign_counted(list, "console");

    g_ptr_array_set_size(list, 0);
    collect(list, def->inputs, G_STRUCT_OFFSET(MvDomainInput, info));
    assign_counted(list, "input");
    g_ptr_array_set_size(list, 0);
    collect(list, def->videos, G_STRUCT_OFFSET(MvDomainVideo, info));
    assign_counted(list, "video");
    g_ptr_array_set_size(list, 0);
    collect(list, def->rngs, G_STRUCT_OFFSET(MvDomainRng, info));
    assign_counted(list, "rng");

    if (def->watchdog && !def->watchdog->info.alias)
        def->watchdog->info.alias = g_strdup("watchdog0");
    if (def->memballoon && def->memballoon->model != MV_MEMBALLOON_MODEL_NONE &&
        !def->memballoon->info.alias)
        def->memballoon->info.alias = g_strdup("balloon0");
    return 0;
}
