/* The host side of guest interfaces: taps (ethernet), taps on bridges (bridge), networkd's ports and their bridges or macvtaps (network), macvtaps (direct), vhost-net. */
#define MV_LOG_MODULE "qemu.interface"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_interface.h"

#include <string.h>
#include <unistd.h>

#include "conf/domain_interface.h"
#include "conf/network_port.h"
#include "qemu_hostdev.h"
#include "qemu_macvtap.h"
#include "qemu_peers.h"
#include "qemu_tap.h"
#include "rpc/internal_client.h"
#include "util/error.h"
#include "util/log.h"

void
mv_qemu_interface_fds_close(MvQemuInterfaceFds *fds)
{
    for (size_t i = 0; i < fds->n; i++) {
        if (fds->tap_fds[i] >= 0)
            close(fds->tap_fds[i]);
        if (fds->vhost_fds[i] >= 0)
            close(fds->vhost_fds[i]);
    }
    g_clear_pointer(&fds->tap_fds, g_free);
    g_clear_pointer(&fds->vhost_fds, g_free);
    fds->n = 0;
}

static void
record(const MvQemuInterfaceRecorder *rec)
{
    if (rec)
        rec->func(rec->opaque);
}

const char *
mv_qemu_interface_name(const MvDomainNet *net)
{
    return net->info.alias ? net->info.alias : "(no alias)";
}

static int
check_net(const MvDomainNet *net)
{
    switch (net->type) {
    case MV_NET_TYPE_USER:
    case MV_NET_TYPE_ETHERNET:
    case MV_NET_TYPE_BRIDGE:
    case MV_NET_TYPE_NETWORK:
    case MV_NET_TYPE_DIRECT:
        return 0;
    case MV_NET_TYPE_HOSTDEV:
        /* No tap: qemu_hostdev.c makes its port and detaches the VF. */
        return 0;
    default:
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "interface type '%s' is not supported by this QEMU driver yet",
                        mv_net_type_to_string(net->type));
        return -1;
    }
}

int
mv_qemu_interface_check(const MvDomainDef *def)
{
    for (guint i = 0; i < def->nets->len; i++) {
        if (check_net(g_ptr_array_index(def->nets, i)) < 0)
            return -1;
    }
    return 0;
}

/* ---- network ports -------------------------------------------------------- */

/* The public API resets the thread's last error on entry: releasing objects
 * after a failed call must keep that call's error. */
static void
network_release(virConnectPtr conn, virNetworkPtr network, virNetworkPortPtr port)
{
    MvError *saved = mv_error_save();

    if (port)
        virNetworkPortFree(port);
    if (network)
        virNetworkFree(network);
    if (conn)
        virConnectClose(conn);
    mv_error_restore(saved);
}

char *
mv_qemu_interface_port_xml(const MvDomainDef *def, const MvDomainNet *net,
                           const unsigned char *uuid)
{
    /* Borrows from def and net: only formatted, never freed. */
    MvNetworkPortDef port = {
        .owner_name = def->name,
        .mac = net->mac,
        .virtualport = net->virtualport,
        .vlan = net->vlan,
    };

    memcpy(port.uuid, uuid, MV_UUID_BUFLEN);
    memcpy(port.owner_uuid, def->uuid, MV_UUID_BUFLEN);
    if (net->type == MV_NET_TYPE_HOSTDEV) {
        port.plug_type = MV_PORT_PLUG_HOSTDEV_PCI;
        port.plug_managed = net->data.hostdev.managed ? MV_TRISTATE_YES : MV_TRISTATE_NO;
        port.plug_driver = MV_FORWARD_DRIVER_VFIO;
        port.plug_pci = net->data.hostdev.u.pci.addr;
    } else {
        port.group = net->data.network.portgroup;
        port.bandwidth = net->bandwidth;
        port.isolated_port = net->isolated_port;
        port.trust_guest_rx_filters = net->trust_guest_rx_filters;
    }
    return mv_network_port_def_format(&port, 0);
}

static virNetworkPtr
network_lookup(MvQemuDriver *driver, const char *name)
{
    virConnectPtr conn = mv_qemu_peer_get(driver, MV_QEMU_PEER_NETWORK);
    virNetworkPtr network;

    if (!conn)
        return NULL;
    network = virNetworkLookupByName(conn, name);
    network_release(conn, NULL, NULL);
    return network;
}

static void
port_delete(MvQemuDriver *driver, const char *domain, const char *network_name,
            const unsigned char *portid)
{
    char uuidstr[MV_UUID_STRING_BUFLEN];
    virNetworkPtr network = network_lookup(driver, network_name);
    virNetworkPortPtr port = NULL;

    mv_uuid_format(portid, uuidstr);
    if (!network || !(port = virNetworkPortLookupByUUID(network, portid)) ||
        virNetworkPortDelete(port, 0) < 0)
        MV_WARN("domain '%s': cannot delete port %s of network '%s': %s", domain, uuidstr,
                network_name, mv_error_last_message());
    else
        MV_INFO("domain '%s': deleted port %s of network '%s'", domain, uuidstr, network_name);
    network_release(NULL, network, port);
}

/* net no longer names a port, nor the bridge of one. */
static void
forget_port(MvDomainNet *net)
{
    net->data.network.has_portid = false;
    g_clear_pointer(&net->data.network.bridge, g_free);
}

/* Asks networkd for a port and records it in net: portid=, and bridge= (the
 * bridge the tap goes on) unless the port is a VF or a macvtap device (plug
 * type 'direct': made here, its fds in *ret_tap and *ret_vhost). */
static int
port_create(MvQemuDriver *driver, const MvDomainDef *def, MvDomainNet *net,
            const MvQemuInterfaceRecorder *rec, int *ret_tap, int *ret_vhost)
{
    const char *name = net->data.network.name;
    unsigned char uuid[MV_UUID_BUFLEN];
    g_autofree char *xml = NULL;
    g_autofree char *got_xml = NULL;
    g_autoptr(MvNetworkPortDef) got = NULL;
    virNetworkPtr network;
    virNetworkPortPtr port;
    int rc = -1;

    mv_uuid_generate(uuid);
    xml = mv_qemu_interface_port_xml(def, net, uuid);
    if (!(network = network_lookup(driver, name)))
        return -1;
    /* Recorded before it is asked for: a daemon killed while networkd
     * makes it deletes it at its next start. */
    memcpy(net->data.network.portid, uuid, MV_UUID_BUFLEN);
    net->data.network.has_portid = true;
    record(rec);
    port = virNetworkPortCreateXML(network, xml, 0);
    if (port)
        got_xml = virNetworkPortGetXMLDesc(port, 0);
    if (!port || !got_xml || !(got = mv_network_port_def_parse_string(got_xml)))
        goto out;

    switch (got->plug_type) {
    case MV_PORT_PLUG_NETWORK:
    case MV_PORT_PLUG_BRIDGE:
        if (!got->plug_bridge) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "network '%s' gave interface '%s' a port without a bridge", name,
                            mv_qemu_interface_name(net));
            break;
        }
        g_free(net->data.network.bridge);
        net->data.network.bridge = g_strdup(got->plug_bridge);
        rc = 0;
        break;
    case MV_PORT_PLUG_HOSTDEV_PCI:
        /* A network of <forward mode='hostdev'> gives a VF: qemu_hostdev.c
         * records and detaches it, and it goes to QEMU as vfio-pci; no
         * bridge, no tap. */
        rc = mv_qemu_hostdev_network_plug(driver, def, net, &got->plug_pci,
                                          got->plug_managed == MV_TRISTATE_YES);
        break;
    case MV_PORT_PLUG_DIRECT:
        /* A network of a macvtap mode gives a host device: the macvtap on
         * it is qemud's to make, as for type='direct'. */
        rc = mv_qemu_macvtap_start(driver, net, got->plug_dev,
                                   mv_net_direct_mode_from_string(
                                       mv_macvlan_mode_to_string(got->plug_mode)),
                                   got->virtualport, ret_tap, ret_vhost);
        break;
    default:
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "interface '%s': network '%s' gives ports of plug type '%s', which this "
                        "QEMU driver cannot use yet",
                        mv_qemu_interface_name(net), name,
                        mv_port_plug_type_to_string(got->plug_type));
        break;
    }

 out:
    if (rc < 0) {
        MvError *saved = mv_error_save();

        if (port && virNetworkPortDelete(port, 0) < 0)
            MV_WARN("domain '%s': cannot delete the port it just made on network '%s': %s",
                    def->name, name, mv_error_last_message());
        mv_error_restore(saved);
        forget_port(net);
    } else {
        char uuidstr[MV_UUID_STRING_BUFLEN];

        MV_INFO("domain '%s': interface '%s' has port %s of network '%s' on %s '%s'",
                def->name, mv_qemu_interface_name(net), mv_uuid_format(uuid, uuidstr), name,
                got->plug_type == MV_PORT_PLUG_DIRECT ? "macvtap device" : "bridge",
                net->data.network.bridge ? net->data.network.bridge :
                got->plug_type == MV_PORT_PLUG_DIRECT ? net->ifname : "(none: a VF)");
    }
    network_release(NULL, network, port);
    return rc;
}

/* ---- one interface ---------------------------------------------------------- */

/* A tap the driver made: not a managed='no' one, and not the target name
 * of a network port that got a VF instead of a bridge. */
static bool
tap_is_ours(const MvDomainNet *net)
{
    if (net->type == MV_NET_TYPE_NETWORK && !net->data.network.bridge)
        return false;
    return net->ifname && net->managed_tap != MV_TRISTATE_NO;
}

/* How long telling networkd about a port's tap may take. */
#define PORT_SET_INTERFACE_TIMEOUT_MS 30000

/* Tells networkd which tap carries the port, so that it applies the port's
 * <bandwidth> there (and clears it when the port goes). On failure the tap
 * is closed and deleted (the port is the caller's to delete). */
static int
port_set_interface(MvQemuDriver *driver, const MvDomainDef *def, MvDomainNet *net,
                   int *tap, int *vhost)
{
    g_autoptr(MvRpcClient) client = NULL;
    int rc = -1;

    if ((client = mv_qemu_peer_networkd_internal(driver, "a network port's interface",
                                                 PORT_SET_INTERFACE_TIMEOUT_MS)))
        rc = mv_internal_network_port_set_interface(client, net->data.network.name,
                                                    net->data.network.portid, net->ifname);
    if (rc == 0)
        return 0;
    MV_DEBUG("domain '%s': networkd refused tap '%s': %s", def->name, net->ifname,
             mv_error_last_message());
    if (*vhost >= 0)
        close(*vhost);
    close(*tap);
    *tap = *vhost = -1;
    mv_qemu_tap_delete(net->ifname);
    return -1;
}

/* The tap of one interface, and its vhost-net; records the tap's name. */
static int
tap_start(MvDomainNet *net, const char *bridge, int *ret_tap, int *ret_vhost)
{
    g_autofree char *ifname = NULL;
    MvMacAddr tapmac;
    int fd;

    if (net->type == MV_NET_TYPE_ETHERNET && net->managed_tap == MV_TRISTATE_NO) {
        if (!net->ifname) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "interface '%s': managed='no' needs <target dev='...'/> naming the tap",
                            mv_qemu_interface_name(net));
            return -1;
        }
        if ((fd = mv_qemu_tap_open_existing(net->ifname)) < 0)
            return -1;
    } else {
        if ((fd = mv_qemu_tap_create(net->ifname, &ifname)) < 0)
            return -1;
        mv_qemu_tap_mac(&net->mac, &tapmac);
        if (mv_qemu_tap_setup(ifname, &tapmac, net->mtu, bridge,
                              net->link_state != MV_NET_LINK_DOWN) < 0) {
            close(fd);
            mv_qemu_tap_delete(ifname);
            return -1;
        }
        g_free(net->ifname);
        net->ifname = g_steal_pointer(&ifname);
    }

    if (mv_qemu_vhost_net_open(net, net->ifname, ret_vhost) < 0) {
        close(fd);
        if (net->managed_tap != MV_TRISTATE_NO)
            mv_qemu_tap_delete(net->ifname);
        return -1;
    }
    *ret_tap = fd;
    return 0;
}

static void
net_stop(MvQemuDriver *driver, const MvDomainDef *def, const MvDomainNet *net)
{
    if (net->type == MV_NET_TYPE_DIRECT) {
        mv_qemu_macvtap_stop(driver, def, net);
        return;
    }
    /* A port of plug type 'direct': the macvtap goes before its port. */
    if (net->type == MV_NET_TYPE_NETWORK && net->data.network.has_portid &&
        !net->data.network.bridge && mv_qemu_macvtap_exists(net->ifname))
        mv_qemu_macvtap_stop(driver, def, net);
    if (net->type != MV_NET_TYPE_ETHERNET && net->type != MV_NET_TYPE_BRIDGE &&
        net->type != MV_NET_TYPE_NETWORK)
        return;
    if (tap_is_ours(net) && mv_qemu_tap_delete(net->ifname) < 0)
        MV_WARN("domain '%s': %s", def->name, mv_error_last_message());
    if (net->type == MV_NET_TYPE_NETWORK && net->data.network.has_portid) {
        /* A VF goes back to its host driver before its port goes. */
        mv_qemu_hostdev_network_unplug(driver, def->name, net);
        port_delete(driver, def->name, net->data.network.name, net->data.network.portid);
    }
}

/* The host side of one interface; rec is told as it grows. */
static int
net_start_one(MvQemuDriver *driver, const MvDomainDef *def, MvDomainNet *net,
              const MvQemuInterfaceRecorder *rec, int *ret_tap, int *ret_vhost)
{
    switch (net->type) {
    case MV_NET_TYPE_ETHERNET:
        return tap_start(net, NULL, ret_tap, ret_vhost);
    case MV_NET_TYPE_BRIDGE:
        return tap_start(net, net->data.bridge.brname, ret_tap, ret_vhost);
    case MV_NET_TYPE_DIRECT:
        return mv_qemu_macvtap_start(driver, net, net->data.direct.linkdev, net->data.direct.mode,
                                     net->virtualport, ret_tap, ret_vhost);
    case MV_NET_TYPE_NETWORK:
        if (port_create(driver, def, net, rec, ret_tap, ret_vhost) < 0)
            return -1;
        /* A VF (hostdev-pci plug) has no bridge and takes no tap; a macvtap
         * (direct plug) is made already. */
        if (!net->data.network.bridge)
            return 0;
        record(rec);
        if (tap_start(net, net->data.network.bridge, ret_tap, ret_vhost) < 0 ||
            port_set_interface(driver, def, net, ret_tap, ret_vhost) < 0) {
            MvError *saved = mv_error_save();

            port_delete(driver, def->name, net->data.network.name, net->data.network.portid);
            forget_port(net);
            mv_error_restore(saved);
            return -1;
        }
        return 0;
    default:
        return 0;
    }
}

static int
net_start(MvQemuDriver *driver, const MvDomainDef *def, MvDomainNet *net,
          const MvQemuInterfaceRecorder *rec, int *ret_tap, int *ret_vhost)
{
    if (net_start_one(driver, def, net, rec, ret_tap, ret_vhost) < 0)
        return -1;
    record(rec);
    return 0;
}

/* Makes a later stop leave net alone: no tap or macvtap name, no port. */
static void
forget_host_side(MvDomainNet *net)
{
    if (net->type == MV_NET_TYPE_USER || net->type == MV_NET_TYPE_HOSTDEV)
        return;
    g_clear_pointer(&net->ifname, g_free);
    if (net->type == MV_NET_TYPE_NETWORK)
        forget_port(net);
}

int
mv_qemu_interface_start(MvQemuDriver *driver, MvDomainDef *live,
                        const MvQemuInterfaceRecorder *rec, MvQemuInterfaceFds *ret_fds)
{
    size_t n = live->nets->len;

    memset(ret_fds, 0, sizeof(*ret_fds));
    if (mv_qemu_interface_check(live) < 0)
        return -1;
    ret_fds->tap_fds = g_new(int, n ? n : 1);
    ret_fds->vhost_fds = g_new(int, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        ret_fds->tap_fds[i] = -1;
        ret_fds->vhost_fds[i] = -1;
    }
    ret_fds->n = n;

    for (size_t i = 0; i < n; i++) {
        MvDomainNet *net = g_ptr_array_index(live->nets, i);

        if (net_start(driver, live, net, rec, &ret_fds->tap_fds[i], &ret_fds->vhost_fds[i]) < 0) {
            MvError *saved = mv_error_save();

            mv_qemu_interface_fds_close(ret_fds);
            for (size_t j = 0; j < i; j++)
                net_stop(driver, live, g_ptr_array_index(live->nets, j));
            /* Everything made is undone now (the failed one undid itself).
             * The tap and macvtap names of the interfaces not reached are
             * the user's: the stop that follows a failed start must touch
             * none of them, nor undo twice what is undone. */
            for (size_t j = 0; j < n; j++)
                forget_host_side(g_ptr_array_index(live->nets, j));
            mv_error_restore(saved);
            return -1;
        }
    }
    return 0;
}

int
mv_qemu_interface_plug(MvQemuDriver *driver, const MvDomainDef *live, MvDomainNet *net,
                       const MvQemuInterfaceRecorder *rec, int *ret_tap, int *ret_vhost)
{
    *ret_tap = -1;
    *ret_vhost = -1;
    /* The same check as at start. */
    if (check_net(net) < 0)
        return -1;
    return net_start(driver, live, net, rec, ret_tap, ret_vhost);
}

void
mv_qemu_interface_unplug(MvQemuDriver *driver, const MvDomainDef *live, const MvDomainNet *net)
{
    net_stop(driver, live, net);
}

void
mv_qemu_interface_stop(MvQemuDriver *driver, const MvDomainDef *live)
{
    for (guint i = 0; i < live->nets->len; i++)
        net_stop(driver, live, g_ptr_array_index(live->nets, i));
}
