/* Host devices on the QEMU command line: PCI devices through vfio-pci, USB devices through usb-host. */
#define MV_LOG_MODULE "qemu.command"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_command_hostdev.h"

#include "conf/domain_os.h"
#include "qemu_command_props.h"
#include "qemu_postparse.h"
#include "util/error.h"

int
mv_qemu_command_add_vfio(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps,
                         const MvHostdevSubsys *src, const MvDomainDeviceInfo *info,
                         unsigned int bootindex, const char *what)
{
    g_autoptr(MvQemuProps) props = NULL;
    g_autofree char *host = mv_pci_addr_format(&src->u.pci.addr);
    const char *id;

    if (src->u.pci.backend != MV_HOSTDEV_PCI_BACKEND_DEFAULT &&
        src->u.pci.backend != MV_HOSTDEV_PCI_BACKEND_VFIO) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "%s %s: PCI device assignment with driver '%s' is not supported; only 'vfio' is",
                        what, host, mv_hostdev_pci_backend_to_string(src->u.pci.backend));
        return -1;
    }
    if (mv_qemu_require_device(caps, "vfio-pci", what) < 0 || !(id = mv_qemu_device_id(info, what)))
        return -1;

    props = mv_qemu_props_new("vfio-pci");
    mv_qemu_props_add_str(props, "host", host);
    mv_qemu_props_add_str(props, "id", id);
    mv_qemu_props_add_pci_address(props, info, mv_qemu_machine_is_q35(def->os->machine));
    if (bootindex)
        mv_qemu_props_add_uint(props, "bootindex", bootindex);
    mv_qemu_props_add_rom(props, info);
    mv_qemu_props_add_to_command(cmd, "-device", g_steal_pointer(&props));
    return 0;
}

static int
add_usb_host(MvCommand *cmd, const MvQemuCaps *caps, const MvDomainHostdev *hostdev)
{
    g_autoptr(MvQemuProps) props = NULL;
    const char *id;

    if (hostdev->subsys.u.usb.bus == 0 && hostdev->subsys.u.usb.device == 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "USB host device %04x:%04x must be resolved to a bus and device number "
                        "before the guest starts", hostdev->subsys.u.usb.vendor,
                        hostdev->subsys.u.usb.product);
        return -1;
    }
    if (mv_qemu_require_device(caps, "usb-host", "hostdev") < 0 ||
        !(id = mv_qemu_device_id(&hostdev->info, "hostdev")))
        return -1;
    props = mv_qemu_props_new("usb-host");
    mv_qemu_props_add_uint(props, "hostbus", hostdev->subsys.u.usb.bus);
    mv_qemu_props_add_uint(props, "hostaddr", hostdev->subsys.u.usb.device);
    mv_qemu_props_add_str(props, "id", id);
    if (hostdev->info.address.type == MV_DOMAIN_ADDRESS_USB) {
        g_autofree char *bus = g_strdup_printf("usb.%u", hostdev->info.address.u.usb.bus);

        mv_qemu_props_add_str(props, "bus", bus);
        mv_qemu_props_add_str(props, "port", hostdev->info.address.u.usb.port);
    }
    if (hostdev->info.boot_order)
        mv_qemu_props_add_uint(props, "bootindex", hostdev->info.boot_order);
    mv_qemu_props_add_to_command(cmd, "-device", g_steal_pointer(&props));
    return 0;
}

int
mv_qemu_command_add_hostdevs(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps)
{
    for (guint i = 0; i < def->hostdevs->len; i++) {
        const MvDomainHostdev *hostdev = g_ptr_array_index(def->hostdevs, i);
        int ret;

        if (hostdev->mode != MV_HOSTDEV_MODE_SUBSYS) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "hostdev mode '%s' is not supported by this QEMU driver",
                            mv_hostdev_mode_to_string(hostdev->mode));
            return -1;
        }
        switch (hostdev->subsys.type) {
        case MV_HOSTDEV_SUBSYS_PCI:
            ret = mv_qemu_command_add_vfio(cmd, def, caps, &hostdev->subsys, &hostdev->info,
                                           hostdev->info.boot_order, "hostdev");
            break;
        case MV_HOSTDEV_SUBSYS_USB:
            ret = add_usb_host(cmd, caps, hostdev);
            break;
        default:
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "hostdev subsystem type '%s' is not supported by this QEMU driver",
                            mv_hostdev_subsys_type_to_string(hostdev->subsys.type));
            ret = -1;
            break;
        }
        if (ret < 0)
            return -1;
    }
    return 0;
}
