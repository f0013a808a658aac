/* Node device procedures that change the host: PCI detach to vfio-pci, reattach, reset (through nodedev_pci_detach.c). */
#define MV_LOG_MODULE "nodedev.driver"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_driver_pci.h"

#include <string.h>

#include "nodedev_driver.h"
#include "nodedev_pci_detach.h"
#include "util/error.h"
#include "util/log.h"

typedef enum {
    NODEDEV_PCI_DETACH,
    NODEDEV_PCI_REATTACH,
    NODEDEV_PCI_RESET,
} NodeDevPciOp;

/* The PCI address of the device named name; libvirt's errors for an
 * unknown device and for one that is no PCI function. */
static int
nodedev_pci_address(MvNodeDevDriver *driver, const char *name, MvPciAddr *ret_addr)
{
    g_autoptr(MvNodeDev) dev = mv_nodedev_store_lookup(driver->store, name);
    const MvNodeDevDef *def;

    if (!dev)
        return -1;
    def = mv_nodedev_get_def(dev);
    for (size_t i = 0; i < def->ncaps; i++) {
        const MvNodeDevPci *pci = &def->caps[i].u.pci;

        if (def->caps[i].type != MV_NODEDEV_CAP_PCI)
            continue;
        ret_addr->domain = pci->domain;
        ret_addr->bus = pci->bus;
        ret_addr->slot = pci->slot;
        ret_addr->function = pci->function;
        return 0;
    }
    mv_report_error(VIR_ERR_INVALID_ARG, "device %s is not a PCI device", name);
    return -1;
}

static int
nodedev_pci_run(MvRpcServerClient *client, const char *name, NodeDevPciOp op)
{
    MvNodeDevDriver *driver = mv_nodedev_driver_from_client(client);
    MvPciAddr addr;
    int rc;

    if (nodedev_pci_address(driver, name, &addr) < 0)
        return -1;

    g_mutex_lock(&driver->pci_lock);
    switch (op) {
    case NODEDEV_PCI_DETACH:
        rc = mv_nodedev_pci_detach(driver->root, driver->pci_state_dir, &addr);
        break;
    case NODEDEV_PCI_REATTACH:
        rc = mv_nodedev_pci_reattach(driver->root, driver->pci_state_dir, &addr);
        break;
    case NODEDEV_PCI_RESET:
    default:
        rc = mv_nodedev_pci_reset(driver->root, &addr);
        break;
    }
    g_mutex_unlock(&driver->pci_lock);
    if (rc < 0)
        return -1;

    MV_INFO("node device '%s' %s", name,
            op == NODEDEV_PCI_DETACH ? "detached to vfio-pci" :
            op == NODEDEV_PCI_REATTACH ? "reattached to its host driver" : "reset");
    /* The device's <driver> changed. The host's monitor sees the bind
     * uevents later; reading now makes the next XML right at once, on a
     * --root tree too. */
    if (op != NODEDEV_PCI_RESET && mv_nodedev_store_rescan(driver->store) < 0)
        MV_WARN("node device list not refreshed after '%s': %s", name, mv_error_last_message());
    return 0;
}

/* libvirt takes "vfio" (the default) only; "kvm" assignment is gone. */
static int
nodedev_check_stub_driver(const char *driver_name)
{
    if (!driver_name || strcmp(driver_name, "vfio") == 0)
        return 0;
    if (strcmp(driver_name, "kvm") == 0) {
        mv_report_error(VIR_ERR_ARGUMENT_UNSUPPORTED,
                        "KVM device assignment is no longer supported on this system");
        return -1;
    }
    mv_report_error(VIR_ERR_INVALID_ARG, "unknown driver name '%s'", driver_name);
    return -1;
}

int
mv_nodedev_driver_dettach(MvRpcServerClient *client, remote_node_device_dettach_args *args)
{
    return nodedev_pci_run(client, args->name, NODEDEV_PCI_DETACH);
}

int
mv_nodedev_driver_detach_flags(MvRpcServerClient *client,
                               remote_node_device_detach_flags_args *args)
{
    if (mv_nodedev_driver_check_flags(args->flags, 0, "virNodeDeviceDetachFlags") < 0)
        return -1;
    if (nodedev_check_stub_driver(args->driverName ? *args->driverName : NULL) < 0)
        return -1;
    return nodedev_pci_run(client, args->name, NODEDEV_PCI_DETACH);
}

int
mv_nodedev_driver_re_attach(MvRpcServerClient *client, remote_node_device_re_attach_args *args)
{
    return nodedev_pci_run(client, args->name, NODEDEV_PCI_REATTACH);
}

int
mv_nodedev_driver_reset(MvRpcServerClient *client, remote_node_device_reset_args *args)
{
    return nodedev_pci_run(client, args->name, NODEDEV_PCI_RESET);
}
