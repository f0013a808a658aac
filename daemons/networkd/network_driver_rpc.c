/* networkd's RPC procedures: networks, their leases and their ports, each under the driver's lock. */
#define MV_LOG_MODULE "network.driver"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_driver.h"

#include <libvirt/libvirt.h>
#include <string.h>
#include <time.h>

#include "dnsmasq.h"
#include "remote.h"
#include "util/error.h"
#include "util/log.h"

/* libvirt's client passes virNetworkUpdate's command and section in the
 * right order only to a server announcing this feature; modvirt reads
 * them in the right order, so networkd announces it. */
#define FEATURE_NETWORK_UPDATE_HAS_CORRECT_ORDER 16

static MvNetworkDriver *
driver_lock(MvRpcServerClient *client)
{
    MvNetworkDriver *driver = mv_daemon_get_driver_data(mv_remote_client_get_daemon(client));

    g_mutex_lock(&driver->lock);
    return driver;
}

static void
driver_unlock(MvNetworkDriver *driver)
{
    g_mutex_unlock(&driver->lock);
}

static int
check_flags(unsigned int flags, unsigned int allowed, const char *func)
{
    if (flags & ~allowed) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in function %s",
                        flags & ~allowed, func);
        return -1;
    }
    return 0;
}

static void
net_handle(remote_nonnull_network *ret, const MvNetworkDef *def)
{
    ret->name = g_strdup(def->name);
    memcpy(ret->uuid, def->uuid, MV_UUID_BUFLEN);
}

static MvNetworkObj *
get_net(MvNetworkDriver *driver, const remote_nonnull_network *net)
{
    return mv_network_driver_get(driver, net->name, (const unsigned char *) net->uuid);
}

/* Under the driver's lock, so that events leave in operation order. */
static void
emit_event(MvNetworkDriver *driver, const MvNetworkDef *def, int event)
{
    mv_network_events_emit(driver->events, def->name, def->uuid, event);
}

static int
network_connect_supports_feature(MvRpcServerClient *client,
                                 remote_connect_supports_feature_args *args,
                                 remote_connect_supports_feature_ret *ret)
{
    g_autofree char *uri = NULL;

    if (args->feature == REMOTE_FEATURE_PROGRAM_KEEPALIVE) {
        mv_rpc_server_client_start_keepalive(client);
        ret->supported = 1;
        return 0;
    }
    if (!(uri = mv_remote_client_get_uri(client))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "connection not open");
        return -1;
    }
    ret->supported = args->feature == FEATURE_NETWORK_UPDATE_HAS_CORRECT_ORDER;
    return 0;
}

/* ---- lookups and lists --------------------------------------------------- */

static int
network_lookup_by_name(MvRpcServerClient *client, remote_network_lookup_by_name_args *args,
                       remote_network_lookup_by_name_ret *ret)
{
    MvNetworkDriver *driver = driver_lock(client);
    MvNetworkObj *obj = mv_network_driver_find_name(driver, args->name);
    int rc = -1;

    if (!obj) {
        mv_report_error(VIR_ERR_NO_NETWORK, "no network with matching name '%s'", args->name);
    } else {
        net_handle(&ret->net, mv_network_obj_def(obj));
        rc = 0;
    }
    driver_unlock(driver);
    return rc;
}

static int
network_lookup_by_uuid(MvRpcServerClient *client, remote_network_lookup_by_uuid_args *args,
                       remote_network_lookup_by_uuid_ret *ret)
{
    MvNetworkDriver *driver = driver_lock(client);
    MvNetworkObj *obj = mv_network_driver_find_uuid(driver, (unsigned char *) args->uuid);
    char uuidstr[MV_UUID_STRING_BUFLEN];
    int rc = -1;

    if (!obj) {
        mv_report_error(VIR_ERR_NO_NETWORK, "no network with matching uuid '%s'",
                        mv_uuid_format((unsigned char *) args->uuid, uuidstr));
    } else {
        net_handle(&ret->net, mv_network_obj_def(obj));
        rc = 0;
    }
    driver_unlock(driver);
    return rc;
}

/* Each pair of flags filters only when one of the two is given. */
static bool
list_match(const MvNetworkObj *obj, unsigned int flags)
{
    bool active = obj->live != NULL;
    bool persistent = obj->config != NULL;

    if ((flags & (VIR_CONNECT_LIST_NETWORKS_ACTIVE | VIR_CONNECT_LIST_NETWORKS_INACTIVE)) &&
        !((active && (flags & VIR_CONNECT_LIST_NETWORKS_ACTIVE)) ||
          (!active && (flags & VIR_CONNECT_LIST_NETWORKS_INACTIVE))))
        return false;
    if ((flags & (VIR_CONNECT_LIST_NETWORKS_PERSISTENT | VIR_CONNECT_LIST_NETWORKS_TRANSIENT)) &&
        !((persistent && (flags & VIR_CONNECT_LIST_NETWORKS_PERSISTENT)) ||
          (!persistent && (flags & VIR_CONNECT_LIST_NETWORKS_TRANSIENT))))
        return false;
    if ((flags & (VIR_CONNECT_LIST_NETWORKS_AUTOSTART | VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART)) &&
        !((obj->autostart && (flags & VIR_CONNECT_LIST_NETWORKS_AUTOSTART)) ||
          (!obj->autostart && (flags & VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART))))
        return false;
    return true;
}

static gint
compare_by_name(gconstpointer a, gconstpointer b)
{
    const MvNetworkObj *x = *(MvNetworkObj *const *) a;
    const MvNetworkObj *y = *(MvNetworkObj *const *) b;

    return strcmp(mv_network_obj_def(x)->name, mv_network_obj_def(y)->name);
}

static int
connect_list_all_networks(MvRpcServerClient *client, remote_connect_list_all_networks_args *args,
                          remote_connect_list_all_networks_ret *ret)
{
    const unsigned int allowed = VIR_CONNECT_LIST_NETWORKS_ACTIVE |
        VIR_CONNECT_LIST_NETWORKS_INACTIVE | VIR_CONNECT_LIST_NETWORKS_PERSISTENT |
        VIR_CONNECT_LIST_NETWORKS_TRANSIENT | VIR_CONNECT_LIST_NETWORKS_AUTOSTART |
        VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART;
    MvNetworkDriver *driver;
    g_autoptr(GPtrArray) found = g_ptr_array_new();

    if (check_flags(args->flags, allowed, "virConnectListAllNetworks") < 0)
        return -1;
    driver = driver_lock(client);
    for (guint i = 0; i < driver->nets->len; i++) {
        MvNetworkObj *obj = g_ptr_array_index(driver->nets, i);

        if (list_match(obj, args->flags))
            g_ptr_array_add(found, obj);
    }
    g_ptr_array_sort(found, compare_by_name);
    if (args->need_results && found->len > 0) {
        ret->nets.nets_val = g_new0(remote_nonnull_network, found->len);
        ret->nets.nets_len = found->len;
        for (guint i = 0; i < found->len; i++)
            net_handle(&ret->nets.nets_val[i], mv_network_obj_def(g_ptr_array_index(found, i)));
    }
    ret->ret = found->len;
    driver_unlock(driver);
    return 0;
}

/* ---- define, create, undefine -------------------------------------------- */

static MvNetworkDef *
parse_new_def(MvNetworkDriver *driver, const char *xml)
{
    g_autoptr(MvNetworkDef) def = mv_network_def_parse_string(xml);

    if (!def || mv_network_driver_fill_defaults(driver, def) < 0)
        return NULL;
    return g_steal_pointer(&def);
}

static int
network_define_xml(MvRpcServerClient *client, remote_network_define_xml_args *args,
                   remote_network_define_xml_ret *ret)
{
    MvNetworkDriver *driver = driver_lock(client);
    MvNetworkDef *def = parse_new_def(driver, args->xml);
    MvNetworkObj *obj = NULL;
    bool is_new = false;
    int rc = -1;

    if (!def)
        goto out;
    is_new = !mv_network_driver_find_uuid(driver, def->uuid);
    if (!(obj = mv_network_driver_assign(driver, def, false)))
        goto out;
    if (mv_network_config_save(driver, obj->config) < 0) {
        if (is_new)
            mv_network_driver_remove(driver, obj);
        goto out;
    }
    net_handle(&ret->net, obj->config);
    MV_INFO("network '%s': defined", obj->config->name);
    emit_event(driver, obj->config, VIR_NETWORK_EVENT_DEFINED);
    rc = 0;
 out:
    driver_unlock(driver);
    return rc;
}

static int
network_create_xml(MvRpcServerClient *client, remote_network_create_xml_args *args,
                   remote_network_create_xml_ret *ret)
{
    MvNetworkDriver *driver = driver_lock(client);
    MvNetworkDef *def = parse_new_def(driver, args->xml);
    MvNetworkObj *obj = NULL;
    int rc = -1;

    if (!def || !(obj = mv_network_driver_assign(driver, def, true)))
        goto out;
    if (mv_network_driver_start(driver, obj) < 0) {
        if (!obj->config)
            mv_network_driver_remove(driver, obj);
        goto out;
    }
    net_handle(&ret->net, obj->live);
    emit_event(driver, obj->live, VIR_NETWORK_EVENT_STARTED);
    rc = 0;
 out:
    driver_unlock(driver);
    return rc;
}

static int
network_create(MvRpcServerClient *client, remote_network_create_args *args)
{
    MvNetworkDriver *driver = driver_lock(client);
    MvNetworkObj *obj = get_net(driver, &args->net);
    int rc = -1;

    if (!obj)
        goto out;
    if (obj->live) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s", "network is already active");
        goto out;
    }
    if (!(obj->live = mv_network_driver_def_copy(obj->config)))
        goto out;
    if ((rc = mv_network_driver_start(driver, obj)) == 0)
        emit_event(driver, obj->live, VIR_NETWORK_EVENT_STARTED);
 out:
    driver_unlock(driver);
    return rc;
}

static int
network_destroy(MvRpcServerClient *client, remote_network_destroy_args *args)
{
    MvNetworkDriver *driver = driver_lock(client);
    MvNetworkObj *obj = get_net(driver, &args->net);
    g_autofree char *name = NULL;
    unsigned char uuid[MV_UUID_BUFLEN];
    int rc = -1;

    if (!obj)
        goto out;
    if (!obj->live) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "network '%s' is not active",
                        obj->config->name);
        goto out;
    }
    /* stop frees obj->live, and a transient network has nothing else. */
    name = g_strdup(obj->live->name);
    memcpy(uuid, obj->live->uuid, sizeof(uuid));
    if ((rc = mv_network_driver_stop(driver, obj)) == 0)
        mv_network_events_emit(driver->events, name, uuid, VIR_NETWORK_EVENT_STOPPED);
    if (!obj->config)
        mv_network_driver_remove(driver, obj);
 out:
    driver_unlock(driver);
    return rc;
}

static int
network_undefine(MvRpcServerClient *client, remote_network_undefine_args *args)
{
    MvNetworkDriver *driver = driver_lock(client);
    MvNetworkObj *obj = get_net(driver, &args->net);
    int rc = -1;

    if (!obj)
        goto out;
    if (!obj->config) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s", "can't undefine transient network");
        goto out;
    }
    if (mv_network_config_delete(driver, obj->config->name) < 0)
        goto out;
    MV_INFO("network '%s': undefined", obj->config->name);
    emit_event(driver, obj->config, VIR_NETWORK_EVENT_UNDEFINED);
    obj->autostart = false;
    if (obj->live)
        g_clear_pointer(&obj->config, mv_network_def_free);
    else
        mv_network_driver_remove(driver, obj);
    rc = 0;
 out:
    driver_unlock(driver);
    return rc;
}

/* ---- getters and autostart ----------------------------------------------- */

static int
network_get_xml_desc(MvRpcServerClient *client, remote_network_get_xml_desc_args *args,
                     remote_network_get_xml_desc_ret *ret)
{
    MvNetworkDriver *driver;
    MvNetworkObj *obj;
    const MvNetworkDef *def;
    unsigned int format_flags = 0;
    int rc = -1;

    if (check_flags(args->flags, VIR_NETWORK_XML_INACTIVE, "virNetworkGetXMLDesc") < 0)
        return -1;
    driver = driver_lock(client);
    if (!(obj = get_net(driver, &args->net)))
        goto out;
    def = mv_network_obj_def(obj);
    /* As libvirt's: the persistent config if there is one, and the flag
     * drops the live counts either way, a transient network's too. */
    if (args->flags & VIR_NETWORK_XML_INACTIVE) {
        if (obj->config)
            def = obj->config;
        format_flags = MV_CONF_FORMAT_INACTIVE;
    }
    if ((ret->xml = mv_network_def_format(def, format_flags)))
        rc = 0;
 out:
    driver_unlock(driver);
    return rc;
}

static int
network_get_bridge_name(MvRpcServerClient *client, remote_network_get_bridge_name_args *args,
                        remote_network_get_bridge_name_ret *ret)
{
    MvNetworkDriver *driver = driver_lock(client);
    MvNetworkObj *obj = get_net(driver, &args->net);
    int rc = -1;

    if (!obj)
        goto out;
    if (!mv_network_obj_def(obj)->bridge) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "network '%s' does not have a bridge name.",
                        mv_network_obj_def(obj)->name);
        goto out;
    }
    ret->name = g_strdup(mv_network_obj_def(obj)->bridge);
    rc = 0;
 out:
    driver_unlock(driver);
    return rc;
}

static int
network_get_autostart(MvRpcServerClient *client, remote_network_get_autostart_args *args,
                      remote_network_get_autostart_ret *ret)
{
    MvNetworkDriver *driver = driver_lock(client);
    MvNetworkObj *obj = get_net(driver, &args->net);

    if (obj)
        ret->autostart = obj->autostart;
    driver_unlock(driver);
    return obj ? 0 : -1;
}

static int
network_set_autostart(MvRpcServerClient *client, remote_network_set_autostart_args *args)
{
    MvNetworkDriver *driver = driver_lock(client);
    MvNetworkObj *obj = get_net(driver, &args->net);
    int rc = -1;

    if (!obj)
        goto out;
    if (!obj->config) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s",
                        "cannot set autostart for transient network");
        goto out;
    }
    if (mv_network_autostart_set(driver, obj->config->name, args->autostart != 0) < 0)
        goto out;
    obj->autostart = args->autostart != 0;
    rc = 0;
 out:
    driver_unlock(driver);
    return rc;
}

static int
network_is_active(MvRpcServerClient *client, remote_network_is_active_args *args,
                  remote_network_is_active_ret *ret)
{
    MvNetworkDriver *driver = driver_lock(client);
    MvNetworkObj *obj = get_net(driver, &args->net);

    if (obj)
        ret->active = obj->live != NULL;
    driver_unlock(driver);
    return obj ? 0 : -1;
}

static int
network_is_persistent(MvRpcServerClient *client, remote_network_is_persistent_args *args,
                      remote_network_is_persistent_ret *ret)
{
    MvNetworkDriver *driver = driver_lock(client);
    MvNetworkObj *obj = get_net(driver, &args->net);

    if (obj)
        ret->persistent = obj->config != NULL;
    driver_unlock(driver);
    return obj ? 0 : -1;
}

/* ---- update and leases --------------------------------------------------- */

static int
network_update(MvRpcServerClient *client, remote_network_update_args *args)
{
    MvNetworkDriver *driver = driver_lock(client);
    MvNetworkObj *obj = get_net(driver, &args->net);
    int rc = -1;

    if (obj)
        rc = mv_network_driver_update(driver, obj, args->command, args->section,
                                      args->parentIndex, args->xml, args->flags);
    driver_unlock(driver);
    return rc;
}

/* The prefix of the network's <ip> the address is in; 0 when none. */
static unsigned int
lease_prefix(const MvNetworkDef *def, const MvIPAddr *ip)
{
    for (size_t i = 0; i < def->nips; i++) {
        int prefix = mv_network_ip_prefix(&def->ips[i]);

        if (prefix > 0 && def->ips[i].address.family == ip->family &&
            mv_ip_same_network(&def->ips[i].address, ip, (unsigned int) prefix))
            return (unsigned int) prefix;
    }
    return 0;
}

static void
lease_to_wire(remote_network_dhcp_lease *out, const MvNetworkDef *def,
              const MvDnsmasqLease *lease)
{
    out->iface = g_strdup(def->bridge ? def->bridge : "");
    out->expirytime = lease->expiry;
    out->type = lease->ip.family == AF_INET6 ? VIR_IP_ADDR_TYPE_IPV6 : VIR_IP_ADDR_TYPE_IPV4;
    if (lease->mac) {
        out->mac = g_new0(char *, 1);
        *out->mac = g_strdup(lease->mac);
    }
    if (lease->iaid) {
        out->iaid = g_new0(char *, 1);
        *out->iaid = g_strdup(lease->iaid);
    }
    out->ipaddr = mv_ip_addr_format(&lease->ip);
    out->prefix = lease_prefix(def, &lease->ip);
    if (lease->hostname) {
        out->hostname = g_new0(char *, 1);
        *out->hostname = g_strdup(lease->hostname);
    }
    if (lease->client_id) {
        out->clientid = g_new0(char *, 1);
        *out->clientid = g_strdup(lease->client_id);
    }
}

static int
network_get_dhcp_leases(MvRpcServerClient *client, remote_network_get_dhcp_leases_args *args,
                        remote_network_get_dhcp_leases_ret *ret)
{
    const char *mac = args->mac ? *args->mac : NULL;
    MvNetworkDriver *driver;
    MvNetworkObj *obj;
    g_autoptr(MvDnsmasqFiles) files = NULL;
    MvDnsmasqLease *leases = NULL;
    size_t nleases = 0;
    g_autoptr(GArray) keep = g_array_new(FALSE, FALSE, sizeof(size_t));
    long long now = (long long) time(NULL);
    int rc = -1;

    if (check_flags(args->flags, 0, "virNetworkGetDHCPLeases") < 0)
        return -1;
    driver = driver_lock(client);
    if (!(obj = get_net(driver, &args->net)))
        goto out;
    /* An inactive network hands out nothing; its old file is stale. */
    if (!obj->live) {
        ret->ret = 0;
        rc = 0;
        goto out;
    }
    if (!(files = mv_dnsmasq_files_new(driver->run_dir, obj->live->name)) ||
        mv_dnsmasq_leases_read(files->leases, &leases, &nleases) < 0)
        goto out;

    for (size_t i = 0; i < nleases; i++) {
        if (leases[i].expiry != 0 && leases[i].expiry < now)
            continue;
        if (mac && (!leases[i].mac || g_ascii_strcasecmp(leases[i].mac, mac) != 0))
            continue;
        g_array_append_val(keep, i);
    }
    if (args->need_results && keep->len > 0) {
        ret->leases.leases_val = g_new0(remote_network_dhcp_lease, keep->len);
        ret->leases.leases_len = keep->len;
        for (guint i = 0; i < keep->len; i++)
            lease_to_wire(&ret->leases.leases_val[i], obj->live,
                          &leases[g_array_index(keep, size_t, i)]);
    }
    ret->ret = keep->len;
    rc = 0;
 out:
    mv_dnsmasq_leases_free(leases, nleases);
    driver_unlock(driver);
    return rc;
}

/* ---- ports --------------------------------------------------------------- */

static void
port_handle(remote_nonnull_network_port *ret, const MvNetworkDef *def,
            const MvNetworkPortDef *port)
{
    net_handle(&ret->net, def);
    memcpy(ret->uuid, port->uuid, MV_UUID_BUFLEN);
}

static int
network_list_all_ports(MvRpcServerClient *client, remote_network_list_all_ports_args *args,
                       remote_network_list_all_ports_ret *ret)
{
    MvNetworkDriver *driver;
    MvNetworkObj *obj;
    int rc = -1;

    if (check_flags(args->flags, 0, "virNetworkListAllPorts") < 0)
        return -1;
    driver = driver_lock(client);
    if (!(obj = get_net(driver, &args->network)))
        goto out;
    if (args->need_results && obj->ports->len > 0) {
        ret->ports.ports_val = g_new0(remote_nonnull_network_port, obj->ports->len);
        ret->ports.ports_len = obj->ports->len;
        for (guint i = 0; i < obj->ports->len; i++)
            port_handle(&ret->ports.ports_val[i], mv_network_obj_def(obj),
                        g_ptr_array_index(obj->ports, i));
    }
    ret->ret = obj->ports->len;
    rc = 0;
 out:
    driver_unlock(driver);
    return rc;
}

static int
network_port_lookup_by_uuid(MvRpcServerClient *client,
                            remote_network_port_lookup_by_uuid_args *args,
                            remote_network_port_lookup_by_uuid_ret *ret)
{
    MvNetworkDriver *driver = driver_lock(client);
    MvNetworkObj *obj = get_net(driver, &args->network);
    MvNetworkPortDef *port = NULL;

    if (obj && (port = mv_network_port_get(obj, (unsigned char *) args->uuid)))
        port_handle(&ret->port, mv_network_obj_def(obj), port);
    driver_unlock(driver);
    return port ? 0 : -1;
}

static int
network_port_create_xml(MvRpcServerClient *client, remote_network_port_create_xml_args *args,
                        remote_network_port_create_xml_ret *ret)
{
    MvNetworkDriver *driver;
    MvNetworkObj *obj;
    MvNetworkPortDef *port = NULL;

    if (check_flags(args->flags, VIR_NETWORK_PORT_CREATE_RECLAIM |
                    VIR_NETWORK_PORT_CREATE_VALIDATE, "virNetworkPortCreateXML") < 0)
        return -1;
    driver = driver_lock(client);
    if ((obj = get_net(driver, &args->network)) &&
        (port = mv_network_port_create(driver, obj, args->xml, args->flags)))
        port_handle(&ret->port, mv_network_obj_def(obj), port);
    driver_unlock(driver);
    return port ? 0 : -1;
}

static int
network_port_get_xml_desc(MvRpcServerClient *client,
                          remote_network_port_get_xml_desc_args *args,
                          remote_network_port_get_xml_desc_ret *ret)
{
    MvNetworkDriver *driver;
    MvNetworkObj *obj;
    MvNetworkPortDef *port;
    int rc = -1;

    if (check_flags(args->flags, 0, "virNetworkPortGetXMLDesc") < 0)
        return -1;
    driver = driver_lock(client);
    if ((obj = get_net(driver, &args->port.net)) &&
        (port = mv_network_port_get(obj, (unsigned char *) args->port.uuid)) &&
        (ret->xml = mv_network_port_def_format(port, 0)))
        rc = 0;
    driver_unlock(driver);
    return rc;
}

static int
network_port_delete(MvRpcServerClient *client, remote_network_port_delete_args *args)
{
    MvNetworkDriver *driver;
    MvNetworkObj *obj;
    int rc = -1;

    if (check_flags(args->flags, 0, "virNetworkPortDelete") < 0)
        return -1;
    driver = driver_lock(client);
    if ((obj = get_net(driver, &args->port.net)))
        rc = mv_network_port_delete(driver, obj, (unsigned char *) args->port.uuid);
    driver_unlock(driver);
    return rc;
}

const MvRemoteHandlers mv_network_remote_handlers = {
    .connect_supports_feature = network_connect_supports_feature,
    .connect_list_all_networks = connect_list_all_networks,
    .network_lookup_by_name = network_lookup_by_name,
    .network_lookup_by_uuid = network_lookup_by_uuid,
    .network_define_xml = network_define_xml,
    .network_create_xml = network_create_xml,
    .network_create = network_create,
    .network_destroy = network_destroy,
    .network_undefine = network_undefine,
    .network_get_xml_desc = network_get_xml_desc,
    .network_get_bridge_name = network_get_bridge_name,
    .network_get_autostart = network_get_autostart,
    .network_set_autostart = network_set_autostart,
    .network_is_active = network_is_active,
    .network_is_persistent = network_is_persistent,
    .network_update = network_update,
    .network_get_dhcp_leases = network_get_dhcp_leases,
    .network_list_all_ports = network_list_all_ports,
    .network_port_lookup_by_uuid = network_port_lookup_by_uuid,
    .network_port_create_xml = network_port_create_xml,
    .network_port_get_xml_desc = network_port_get_xml_desc,
    .network_port_delete = network_port_delete,
    .connect_network_event_register_any = mv_network_driver_event_register_any,
    .connect_network_event_deregister_any = mv_network_driver_event_deregister_any,
};
