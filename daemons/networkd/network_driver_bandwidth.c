/* QoS of a network and its ports: the network's <bandwidth> on its bridge, a port's floor on the bridge, a port's <bandwidth> on the interface the hypervisor reports. */
#define MV_LOG_MODULE "network.driver"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_driver.h"

#include <net/if.h>
#include <string.h>
#include <unistd.h>

#include "tc_bandwidth.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

/* The bridge a network's <bandwidth> goes on: its own, or the host bridge
 * of mode 'bridge'; NULL for the modes without one. */
static const char *
qos_bridge(const MvNetworkDef *def)
{
    if (mv_network_mode_has_bridge(def->forward.mode) ||
        (def->forward.mode == MV_FORWARD_BRIDGE && def->bridge))
        return def->bridge;
    return NULL;
}

int
mv_network_bandwidth_start(MvNetworkObj *obj)
{
    const MvNetworkDef *def = obj->live;
    const char *bridge = qos_bridge(def);
    g_autofree char *what = g_strdup_printf("network '%s'", def->name);

    if (!def->bandwidth || !bridge)
        return 0;
    if (mv_tc_bandwidth_check(what, def->bandwidth) < 0 ||
        mv_tc_bandwidth_set(bridge, def->bandwidth, true, true) < 0)
        return -1;
    MV_INFO("network '%s': QoS set on bridge '%s'", def->name, bridge);
    return 0;
}

void
mv_network_bandwidth_stop(MvNetworkObj *obj)
{
    const MvNetworkDef *def = obj->live;
    const char *bridge = qos_bridge(def);

    if (def->bandwidth && bridge && mv_tc_bandwidth_clear(bridge) < 0)
        MV_WARN("network '%s': %s", def->name, mv_error_last_message());
}

/* ---- floor: a port's guaranteed inbound share of the bridge -------------- */

static unsigned long long
port_floor(const MvNetworkPortDef *port)
{
    return port->bandwidth && port->bandwidth->in ? port->bandwidth->in->floor : 0;
}

/* The floors the network's plugged ports hold, but for skip. */
static unsigned long long
floor_sum(const MvNetworkObj *obj, const MvNetworkPortDef *skip)
{
    unsigned long long sum = 0;

    for (guint i = 0; i < obj->ports->len; i++) {
        const MvNetworkPortDef *port = g_ptr_array_index(obj->ports, i);

        if (port != skip && port->class_id)
            sum += port_floor(port);
    }
    return sum;
}

/* The lowest class ID above 2 that no port of the network holds. */
static unsigned int
next_class_id(const MvNetworkObj *obj)
{
    for (unsigned int id = 3;; id++) {
        bool used = false;

        for (guint i = 0; i < obj->ports->len && !used; i++)
            used = ((const MvNetworkPortDef *) g_ptr_array_index(obj->ports, i))->class_id == id;
        if (!used)
            return id;
    }
}

/* Class 1:2, the guests without a floor, gets what the floors leave. */
static void
update_shared_rate(const MvNetworkDef *def, unsigned long long sum)
{
    const MvBandwidthRate *in = def->bandwidth->in;
    unsigned long long total = in->peak ? in->peak : in->average;

    if (mv_tc_bandwidth_update_rate(def->bridge, 2, def->bandwidth,
                                    total > sum ? total - sum : 0) < 0)
        MV_WARN("network '%s': cannot update the rate of class 1:2 on bridge '%s': %s",
                def->name, def->bridge, mv_error_last_message());
}

int
mv_network_bandwidth_port_plug(MvNetworkObj *obj, MvNetworkPortDef *port)
{
    const MvNetworkDef *def = obj->live;
    const MvBandwidthRate *net_in = def->bandwidth ? def->bandwidth->in : NULL;
    unsigned long long floor = port_floor(port);
    unsigned long long sum;
    char uuidstr[MV_UUID_STRING_BUFLEN];
    char macstr[MV_MAC_STRING_BUFLEN];
    g_autofree char *what = g_strdup_printf("network port %s",
                                            mv_uuid_format(port->uuid, uuidstr));
    unsigned int id;

    port->class_id = 0;
    if (mv_tc_bandwidth_check(what, port->bandwidth) < 0)
        return -1;
    if (floor == 0)
        return 0;
    mv_mac_format(&port->mac, macstr);
    if (!mv_network_mode_has_bridge(def->forward.mode)) {
        mv_report_error(VIR_ERR_OPERATION_UNSUPPORTED,
                        "Invalid use of 'floor' on interface with MAC address %s - 'floor' is "
                        "only supported for interface type 'network' with forward type 'nat', "
                        "'route', 'open' or none", macstr);
        return -1;
    }
    if (!net_in) {
        mv_report_error(VIR_ERR_OPERATION_UNSUPPORTED,
                        "Invalid use of 'floor' on interface with MAC address %s - network '%s' "
                        "has no inbound QoS set", macstr, def->name);
        return -1;
    }
    sum = floor_sum(obj, NULL) + floor;
    if (sum > (net_in->peak ? net_in->peak : net_in->average)) {
        mv_report_error(VIR_ERR_OPERATION_INVALID,
                        "Cannot plug '%s' interface into '%s' because new combined inbound "
                        "floor=%llu would overcommit %s=%llu on network '%s'", macstr,
                        def->bridge, sum, net_in->peak ? "peak" : "average",
                        (unsigned long long) (net_in->peak ? net_in->peak : net_in->average),
                        def->name);
        return -1;
    }
    id = next_class_id(obj);
    if (mv_tc_bandwidth_plug(def->bridge, def->bandwidth, &port->mac, port->bandwidth, id) < 0)
        return -1;
    port->class_id = id;
    update_shared_rate(def, sum);
    MV_INFO("network '%s': port %s has class 1:%x on bridge '%s', floor %llu", def->name,
            uuidstr, id, def->bridge, floor);
    return 0;
}

void
mv_network_bandwidth_port_unplug(MvNetworkObj *obj, MvNetworkPortDef *port)
{
    const MvNetworkDef *def = obj->live;

    if (!port->class_id || !def || !def->bandwidth || !def->bridge)
        return;
    if (mv_tc_bandwidth_unplug(def->bridge, port->class_id) < 0)
        MV_WARN("network '%s': %s", def->name, mv_error_last_message());
    port->class_id = 0;
    update_shared_rate(def, floor_sum(obj, port));
}

/* ---- the port's own interface -------------------------------------------- */

/* RUN_DIR/network/ports/NAME/UUID.ifname: the interface a port's QoS is
 * on, "NAME\nINDEX\n", so that deleting the port (after a restart too)
 * clears it, and only while the name is still that interface's. */
static char *
ifname_path(MvNetworkDriver *driver, const char *net_name, const unsigned char *uuid)
{
    g_autofree char *dir = mv_path_join_safe(driver->ports_dir, net_name, true);
    char uuidstr[MV_UUID_STRING_BUFLEN];

    if (!dir)
        return NULL;
    return g_strdup_printf("%s/%s.ifname", dir, mv_uuid_format(uuid, uuidstr));
}

int
mv_network_port_set_interface(MvNetworkDriver *driver, MvNetworkObj *obj,
                              const unsigned char *uuid, const char *ifname)
{
    MvNetworkPortDef *port = mv_network_port_get(obj, uuid);
    const char *net_name = mv_network_obj_def(obj)->name;
    g_autofree char *path = NULL;
    g_autofree char *record = NULL;
    char uuidstr[MV_UUID_STRING_BUFLEN];

    if (!port)
        return -1;
    if (!obj->live) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "network '%s' is not active", net_name);
        return -1;
    }
    if (!ifname || !*ifname || strlen(ifname) >= IFNAMSIZ || strchr(ifname, '/') ||
        if_nametoindex(ifname) == 0) {
        mv_report_error(VIR_ERR_OPERATION_INVALID,
                        "network '%s': interface '%s' of port %s does not exist", net_name,
                        ifname ? ifname : "", mv_uuid_format(uuid, uuidstr));
        return -1;
    }
    if (!(path = ifname_path(driver, net_name, uuid)))
        return -1;
    record = g_strdup_printf("%s\n%u\n", ifname, if_nametoindex(ifname));
    /* The file first: a QoS set is always one a later delete clears. */
    if (mv_file_replace_atomic(path, record, strlen(record), 0644) < 0)
        return -1;
    /* As on a guest's tap: its egress is the guest's inbound traffic. */
    if (mv_tc_bandwidth_set(ifname, port->bandwidth, false, true) < 0) {
        unlink(path);
        return -1;
    }
    MV_INFO("network '%s': port %s is interface '%s'%s", net_name,
            mv_uuid_format(uuid, uuidstr), ifname, port->bandwidth ? ", QoS set" : "");
    return 0;
}

/* Whether the interface the record names is still the one the port's QoS
 * went on: the same index under the same name. A record without an index
 * (written before indexes were kept) trusts the name. */
static bool
record_matches(const char *net_name, const MvNetworkPortDef *port, const char *ifname,
               const char *index_text, unsigned int *ret_ifindex)
{
    unsigned int now = if_nametoindex(ifname);
    guint64 then = 0;
    char uuidstr[MV_UUID_STRING_BUFLEN];

    if (now == 0)
        return false;
    if (index_text && *index_text &&
        (!g_ascii_string_to_unsigned(index_text, 10, 1, G_MAXUINT, &then, NULL) || then != now)) {
        MV_WARN("network '%s': port %s: interface '%s' has index %u, not %s as when its QoS "
                "was set: another interface has the name, its QoS is left alone", net_name,
                mv_uuid_format(port->uuid, uuidstr), ifname, now, index_text);
        return false;
    }
    *ret_ifindex = now;
    return true;
}

void
mv_network_port_clear_interface(MvNetworkDriver *driver, const char *net_name,
                                 const MvNetworkPortDef *port)
{
    g_autofree char *path = ifname_path(driver, net_name, port->uuid);
    g_autofree char *record = NULL;
    g_auto(GStrv) fields = NULL;
    unsigned int ifindex = 0;

    if (!path || !g_file_get_contents(path, &record, NULL, NULL))
        return;
    fields = g_strsplit(record, "\n", 3);
    if (port->bandwidth && fields[0] && *fields[0] &&
        record_matches(net_name, port, fields[0], fields[1], &ifindex) &&
        mv_tc_bandwidth_clear_index(fields[0], ifindex) < 0)
        MV_WARN("network '%s': %s", net_name, mv_error_last_message());
    unlink(path);
}
