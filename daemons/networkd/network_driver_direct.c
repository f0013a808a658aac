/* Ports of the macvtap modes (bridge without a bridge name, private, vepa, passthrough): the network's pool of host devices and which device each port gets. */
#define MV_LOG_MODULE "network.driver"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_driver.h"

#include <string.h>

#include "network_vf.h"
#include "util/error.h"
#include "util/log.h"

bool
mv_network_mode_is_direct(const MvNetworkDef *def)
{
    switch (def->forward.mode) {
    case MV_FORWARD_PRIVATE:
    case MV_FORWARD_VEPA:
    case MV_FORWARD_PASSTHROUGH:
        return true;
    case MV_FORWARD_BRIDGE:
        return !def->bridge;
    default:
        return false;
    }
}

/* The interface of the VF at pci (the entry of root/sys/bus/pci/devices/ADDR/net);
 * NULL when it has none (bound to vfio-pci, say). */
static char *
vf_netdev(const char *root, const MvPciAddr *pci)
{
    g_autofree char *addr = mv_pci_addr_format(pci);
    g_autofree char *dir = g_strdup_printf("%s/sys/bus/pci/devices/%s/net", root, addr);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name = d ? g_dir_read_name(d) : NULL;

    return g_strdup(name);
}

/* <pf dev=> without <interface>s: the pool is its VFs' interfaces, as
 * libvirt builds it at start, into the live definition. */
static int
pool_from_pf(MvNetworkDriver *driver, MvNetworkDef *def)
{
    g_autoptr(GArray) addrs = NULL;

    if (mv_network_vf_list(driver->root, def->forward.pf_dev, &addrs) < 0)
        return -1;
    for (guint i = 0; i < addrs->len; i++) {
        const MvPciAddr *pci = &g_array_index(addrs, MvPciAddr, i);
        g_autofree char *ifname = vf_netdev(driver->root, pci);
        MvForwardIf *fif;

        if (!ifname) {
            MV_WARN("network '%s': VF %u of SR-IOV PF %s couldn't be added to the interface pool "
                    "because it isn't bound to a network driver - possibly in use elsewhere",
                    def->name, i, def->forward.pf_dev);
            continue;
        }
        def->forward.ifs = g_renew(MvForwardIf, def->forward.ifs, def->forward.nifs + 1);
        fif = &def->forward.ifs[def->forward.nifs++];
        memset(fif, 0, sizeof(*fif));
        fif->type = MV_FORWARD_IF_NETDEV;
        fif->dev = g_steal_pointer(&ifname);
    }
    if (def->forward.nifs == 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "No usable Vf's present on SRIOV PF %s",
                        def->forward.pf_dev);
        return -1;
    }
    return 0;
}

int
mv_network_direct_start(MvNetworkDriver *driver, MvNetworkObj *obj)
{
    MvNetworkDef *def = obj->live;

    if (!mv_network_mode_is_direct(def))
        return 0;
    if (def->forward.nifs == 0 && def->forward.pf_dev && pool_from_pf(driver, def) < 0)
        return -1;
    for (size_t i = 0; i < def->forward.nifs; i++)
        def->forward.ifs[i].connections = 0;
    MV_INFO("network '%s': %zu device(s) in its %s pool", def->name, def->forward.nifs,
            mv_forward_mode_to_string(def->forward.mode));
    return 0;
}

static MvForwardIf *
pool_find(const MvNetworkDef *def, const char *dev)
{
    for (size_t i = 0; dev && i < def->forward.nifs; i++) {
        MvForwardIf *fif = &def->forward.ifs[i];

        if (fif->type == MV_FORWARD_IF_NETDEV && g_strcmp0(fif->dev, dev) == 0)
            return fif;
    }
    return NULL;
}

static MvMacvlanMode
macvlan_mode(MvForwardMode mode)
{
    switch (mode) {
    case MV_FORWARD_PRIVATE:
        return MV_MACVLAN_PRIVATE;
    case MV_FORWARD_VEPA:
        return MV_MACVLAN_VEPA;
    case MV_FORWARD_PASSTHROUGH:
        return MV_MACVLAN_PASSTHROUGH;
    default:
        return MV_MACVLAN_BRIDGE;
    }
}

int
mv_network_direct_port_plug(MvNetworkObj *obj, MvNetworkPortDef *port, bool reclaim)
{
    MvNetworkDef *def = obj->live;
    const MvVirtualPort *vport = port->virtualport ? port->virtualport : def->virtualport;
    char uuidstr[MV_UUID_STRING_BUFLEN];
    MvForwardIf *dev = NULL;
    bool exclusive;

    if (vport && vport->type != MV_VPORT_8021QBG && vport->type != MV_VPORT_8021QBH) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "<virtualport type='%s'> not supported for network '%s' which uses a "
                        "macvtap device", mv_virtual_port_type_to_string(vport->type), def->name);
        return -1;
    }
    if (def->forward.nifs == 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "network '%s' uses a direct mode, but has no forward dev and no "
                        "interface pool", def->name);
        return -1;
    }
    /* Passthrough gives the guest the device itself; private with
     * 802.1Qbh needs a port profile of its own: both one port a device. */
    exclusive = def->forward.mode == MV_FORWARD_PASSTHROUGH ||
                (def->forward.mode == MV_FORWARD_PRIVATE && vport && vport->type == MV_VPORT_8021QBH);

    if (reclaim && port->plug_type == MV_PORT_PLUG_DIRECT) {
        /* A guest that outlived a restart keeps the device it has. */
        if (!(dev = pool_find(def, port->plug_dev))) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "network '%s' doesn't have dev='%s' in use by network port '%s'",
                            def->name, port->plug_dev ? port->plug_dev : "",
                            mv_uuid_format(port->uuid, uuidstr));
            return -1;
        }
        if (exclusive && dev->connections > 0) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "network '%s' claims dev='%s' is already in use by a different port",
                            def->name, dev->dev);
            return -1;
        }
    } else if (exclusive) {
        for (size_t i = 0; i < def->forward.nifs && !dev; i++) {
            if (def->forward.ifs[i].connections == 0)
                dev = &def->forward.ifs[i];
        }
    } else {
        /* The least used device, the first of equals. */
        dev = &def->forward.ifs[0];
        for (size_t i = 1; i < def->forward.nifs; i++) {
            if (def->forward.ifs[i].connections < dev->connections)
                dev = &def->forward.ifs[i];
        }
    }
    if (!dev) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "network '%s' requires exclusive access to interfaces, but none are available",
                        def->name);
        return -1;
    }

    port->plug_type = MV_PORT_PLUG_DIRECT;
    g_free(port->plug_dev);
    port->plug_dev = g_strdup(dev->dev);
    port->plug_mode = macvlan_mode(def->forward.mode);
    dev->connections++;
    MV_DEBUG("network '%s': port %s gets dev '%s' (%u connections)", def->name,
             mv_uuid_format(port->uuid, uuidstr), dev->dev, dev->connections);
    return 0;
}

void
mv_network_direct_port_unplug(MvNetworkObj *obj, const MvNetworkPortDef *port)
{
    MvForwardIf *dev;

    if (!obj->live || port->plug_type != MV_PORT_PLUG_DIRECT || !mv_network_mode_is_direct(obj->live))
        return;
    dev = pool_find(obj->live, port->plug_dev);
    if (!dev || dev->connections == 0) {
        MV_WARN("network '%s' doesn't have dev='%s' in use by domain", obj->live->name,
                port->plug_dev ? port->plug_dev : "");
        return;
    }
    dev->connections--;
}

void
mv_network_direct_recount(MvNetworkObj *obj)
{
    MvNetworkDef *def = obj->live;

    if (!def || !mv_network_mode_is_direct(def))
        return;
    for (size_t i = 0; i < def->forward.nifs; i++)
        def->forward.ifs[i].connections = 0;
    for (guint i = 0; i < obj->ports->len; i++) {
        const MvNetworkPortDef *port = g_ptr_array_index(obj->ports, i);
        MvForwardIf *dev = port->plug_type == MV_PORT_PLUG_DIRECT ?
                           pool_find(def, port->plug_dev) : NULL;

        if (dev)
            dev->connections++;
    }
}
