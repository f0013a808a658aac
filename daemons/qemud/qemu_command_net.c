/* Network interfaces on the QEMU command line: -netdev user / tap (fd from the lifecycle code) and the NIC -device; hostdev interfaces as vfio-pci. */
#define MV_LOG_MODULE "qemu.command"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_command_net.h"

#include "conf/domain_interface.h"
#include "conf/domain_os.h"
#include "qemu_command_hostdev.h"
#include "qemu_command_props.h"
#include "qemu_postparse.h"
#include "util/error.h"
#include "util/macaddr.h"

static int
net_unsupported(const MvDomainNet *net, const char *what, const char *value)
{
    mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "interface '%s': %s '%s' is not supported by this QEMU driver",
                    net->info.alias, what, value);
    return -1;
}

/* The NIC device of a model (by lib/conf's name or the model text). */
static const char *
nic_device(const MvDomainNet *net)
{
    switch (net->model) {
    case MV_NET_MODEL_VIRTIO:
        return "virtio-net-pci";
    case MV_NET_MODEL_VIRTIO_TRANSITIONAL:
        return "virtio-net-pci-transitional";
    case MV_NET_MODEL_VIRTIO_NON_TRANSITIONAL:
        return "virtio-net-pci-non-transitional";
    case MV_NET_MODEL_UNKNOWN:
        return net->model_str;
    default:
        return mv_net_model_to_string(net->model);
    }
}

static int
build_hostdev_net(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps,
                  const MvDomainNet *net, guint i)
{
    const MvHostdevSubsys *src = &net->data.hostdev;

    if (src->type == MV_HOSTDEV_SUBSYS_USB) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "interface '%s': a USB source (bus %u device %u) is not supported for "
                        "<interface type='hostdev'>; USB network devices must be given as a plain <hostdev>",
                        net->info.alias, src->u.usb.bus, src->u.usb.device);
        return -1;
    }
    if (src->type != MV_HOSTDEV_SUBSYS_PCI)
        return net_unsupported(net, "hostdev source type", mv_hostdev_subsys_type_to_string(src->type));
    return mv_qemu_command_add_vfio(cmd, def, caps, src, &net->info, mv_qemu_boot_index_net(def, i),
                                    "interface");
}

static int
build_netdev(MvCommand *cmd, const MvDomainNet *net, guint i, const MvQemuCommandContext *ctx,
             const char *netdev_id)
{
    g_autoptr(MvQemuProps) props = NULL;
    int fd;

    switch (net->type) {
    case MV_NET_TYPE_USER:
        if (net->backend.type == MV_NET_BACKEND_PASST)
            return net_unsupported(net, "backend", "passt");
        props = mv_qemu_props_new("user");
        break;
    case MV_NET_TYPE_ETHERNET:
    case MV_NET_TYPE_BRIDGE:
    case MV_NET_TYPE_NETWORK:
    case MV_NET_TYPE_DIRECT:
        fd = ctx->tap_fds && i < ctx->n_tap_fds ? ctx->tap_fds[i] : -1;
        if (fd < 0) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "interface '%s' (type '%s') has no open tap device to hand to QEMU",
                            net->info.alias, mv_net_type_to_string(net->type));
            return -1;
        }
        if (net->driver.queues > 1)
            return net_unsupported(net, "driver queues", "multiqueue");
        props = mv_qemu_props_new("tap");
        mv_qemu_props_add_uint(props, "fd", (unsigned int) fd);
        mv_command_pass_fd(cmd, fd, fd);
        /* vhost-net serves virtio NICs only, and not when <driver name='qemu'/> asks for QEMU's backend. */
        fd = ctx->vhost_fds && i < ctx->n_vhost_fds ? ctx->vhost_fds[i] : -1;
        if (fd >= 0 && mv_domain_net_is_virtio(net) && net->driver.name != MV_NET_DRIVER_QEMU) {
            mv_qemu_props_add_onoff(props, "vhost", true);
            mv_qemu_props_add_uint(props, "vhostfd", (unsigned int) fd);
            mv_command_pass_fd(cmd, fd, fd);
        }
        break;
    default:
        return net_unsupported(net, "type", mv_net_type_to_string(net->type));
    }
    mv_qemu_props_add_str(props, "id", netdev_id);
    mv_qemu_props_add_to_command(cmd, "-netdev", g_steal_pointer(&props));
    return 0;
}

int
mv_qemu_command_add_nets(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps,
                         const MvQemuCommandContext *ctx)
{
    for (guint i = 0; i < def->nets->len; i++) {
        const MvDomainNet *net = g_ptr_array_index(def->nets, i);
        g_autoptr(MvQemuProps) props = NULL;
        g_autofree char *netdev_id = NULL;
        char mac[MV_MAC_STRING_BUFLEN];
        const char *id;
        const char *device;
        unsigned int bootindex;

        if (!(id = mv_qemu_device_id(&net->info, "interface")))
            return -1;
        if (net->type == MV_NET_TYPE_HOSTDEV) {
            if (build_hostdev_net(cmd, def, caps, net, i) < 0)
                return -1;
            continue;
        }
        if (net->type == MV_NET_TYPE_NETWORK && ctx->net_hostdevs && i < ctx->n_net_hostdevs &&
            ctx->net_hostdevs[i]) {
            if (mv_qemu_command_add_vfio(cmd, def, caps, ctx->net_hostdevs[i], &net->info,
                                         mv_qemu_boot_index_net(def, i), "interface") < 0)
                return -1;
            continue;
        }
        device = nic_device(net);
        if (!device || net->model == MV_NET_MODEL_USB_NET)
            return net_unsupported(net, "model", device ? device : "(none)");
        if (mv_qemu_require_device(caps, device, "interface model") < 0)
            return -1;

        netdev_id = g_strdup_printf("host%s", id);
        if (build_netdev(cmd, net, i, ctx, netdev_id) < 0)
            return -1;

        props = mv_qemu_props_new(device);
        mv_qemu_props_add_str(props, "netdev", netdev_id);
        mv_qemu_props_add_str(props, "id", id);
        mv_qemu_props_add_str(props, "mac", mv_mac_format(&net->mac, mac));
        if (net->mtu && mv_domain_net_is_virtio(net))
            mv_qemu_props_add_uint(props, "host_mtu", net->mtu);
        mv_qemu_props_add_pci_address(props, &net->info, mv_qemu_machine_is_q35(def->os->machine));
        if ((bootindex = mv_qemu_boot_index_net(def, i)))
            mv_qemu_props_add_uint(props, "bootindex", bootindex);
        mv_qemu_props_add_rom(props, &net->info);
        mv_qemu_props_add_to_command(cmd, "-device", g_steal_pointer(&props));
    }
    return 0;
}
