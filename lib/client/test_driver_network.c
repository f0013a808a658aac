/* The test driver's networks: define, undefine, start, stop, autostart, XML, bridge name, in memory. */
#define MV_LOG_MODULE "client.test"
#define MV_FROM_THIS VIR_FROM_TEST

#include <string.h>

#include "test_driver.h"

#include "conf/kinds.h"
#include "util/error.h"
#include "util/log.h"
#include "util/uuid.h"

void
mv_test_network_free(MvTestNetwork *net)
{
    if (!net)
        return;
    mv_network_def_free(net->def);
    if (net->ports)
        g_ptr_array_unref(net->ports);
    g_free(net);
}

static MvTestNetwork *
find_by_uuid(MvTestHost *host, const unsigned char *uuid)
{
    for (guint i = 0; i < host->networks->len; i++) {
        MvTestNetwork *net = g_ptr_array_index(host->networks, i);

        if (memcmp(net->def->uuid, uuid, VIR_UUID_BUFLEN) == 0)
            return net;
    }
    return NULL;
}

static MvTestNetwork *
find_by_name(MvTestHost *host, const char *name)
{
    for (guint i = 0; i < host->networks->len; i++) {
        MvTestNetwork *net = g_ptr_array_index(host->networks, i);

        if (g_str_equal(net->def->name, name))
            return net;
    }
    return NULL;
}

static MvTestNetwork *
network_get(virNetworkPtr handle, MvTestHost **ret_host)
{
    MvTestHost *host = MV_TEST_HOST(handle->conn);
    MvTestNetwork *net;

    g_mutex_lock(&host->lock);
    if (!(net = find_by_uuid(host, handle->uuid))) {
        char uuidstr[MV_UUID_STRING_BUFLEN];

        g_mutex_unlock(&host->lock);
        mv_report_error(VIR_ERR_NO_NETWORK, "no network with matching uuid '%s' (%s)",
                        mv_uuid_format(handle->uuid, uuidstr), handle->name);
        return NULL;
    }
    *ret_host = host;
    return net;
}

int
mv_test_network_list_all(virConnectPtr conn, virNetworkPtr **nets, unsigned int flags)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    g_autoptr(GPtrArray) list = g_ptr_array_new();
    int n;

    if (!mv_client_check_flags(flags, VIR_CONNECT_LIST_NETWORKS_ACTIVE |
                               VIR_CONNECT_LIST_NETWORKS_INACTIVE |
                               VIR_CONNECT_LIST_NETWORKS_PERSISTENT |
                               VIR_CONNECT_LIST_NETWORKS_TRANSIENT |
                               VIR_CONNECT_LIST_NETWORKS_AUTOSTART |
                               VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART,
                               "testConnectListAllNetworks"))
        return -1;
    g_mutex_lock(&host->lock);
    for (guint i = 0; i < host->networks->len; i++) {
        MvTestNetwork *net = g_ptr_array_index(host->networks, i);
        unsigned int m;

        m = flags & (VIR_CONNECT_LIST_NETWORKS_ACTIVE | VIR_CONNECT_LIST_NETWORKS_INACTIVE);
        if (m && !(m & (net->active ? VIR_CONNECT_LIST_NETWORKS_ACTIVE
                                    : VIR_CONNECT_LIST_NETWORKS_INACTIVE)))
            continue;
        m = flags & (VIR_CONNECT_LIST_NETWORKS_PERSISTENT | VIR_CONNECT_LIST_NETWORKS_TRANSIENT);
        if (m && !(m & (net->persistent ? VIR_CONNECT_LIST_NETWORKS_PERSISTENT
                                        : VIR_CONNECT_LIST_NETWORKS_TRANSIENT)))
            continue;
        m = flags & (VIR_CONNECT_LIST_NETWORKS_AUTOSTART | VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART);
        if (m && !(m & (net->autostart ? VIR_CONNECT_LIST_NETWORKS_AUTOSTART
                                       : VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART)))
            continue;
        g_ptr_array_add(list, mv_client_network_new(conn, net->def->name, net->def->uuid));
    }
    g_mutex_unlock(&host->lock);
    n = list->len;
    if (nets) {
        g_ptr_array_add(list, NULL);
        *nets = (virNetworkPtr *) g_ptr_array_free(g_steal_pointer(&list), FALSE);
    } else {
        for (guint i = 0; i < list->len; i++)
            virNetworkFree(g_ptr_array_index(list, i));
    }
    return n;
}

virNetworkPtr
mv_test_network_lookup_by_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    MvTestNetwork *net;
    virNetworkPtr ret = NULL;

    g_mutex_lock(&host->lock);
    if ((net = find_by_uuid(host, uuid)))
        ret = mv_client_network_new(conn, net->def->name, net->def->uuid);
    g_mutex_unlock(&host->lock);
    if (!ret) {
        char uuidstr[MV_UUID_STRING_BUFLEN];

        mv_report_error(VIR_ERR_NO_NETWORK, "no network with matching uuid '%s'",
                        mv_uuid_format(uuid, uuidstr));
    }
    return ret;
}

virNetworkPtr
mv_test_network_lookup_by_name(virConnectPtr conn, const char *name)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    MvTestNetwork *net;
    virNetworkPtr ret = NULL;

    g_mutex_lock(&host->lock);
    if ((net = find_by_name(host, name)))
        ret = mv_client_network_new(conn, net->def->name, net->def->uuid);
    g_mutex_unlock(&host->lock);
    if (!ret)
        mv_report_error(VIR_ERR_NO_NETWORK, "no network with matching name '%s'", name);
    return ret;
}

/* Adds or replaces a network from xml; NULL after reporting. */
static MvTestNetwork *
network_add(MvTestHost *host, const char *xml, bool persistent, bool active)
{
    g_autoptr(MvNetworkDef) def = mv_network_def_parse_string(xml);
    MvTestNetwork *by_uuid;
    MvTestNetwork *by_name;

    if (!def)
        return NULL;
    by_uuid = find_by_uuid(host, def->uuid);
    by_name = find_by_name(host, def->name);
    if ((by_uuid && !g_str_equal(by_uuid->def->name, def->name)) || (!by_uuid && by_name)) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "network '%s' already exists with another uuid",
                        def->name);
        return NULL;
    }
    if (by_uuid && (active || by_uuid->active)) {
        if (active) {
            mv_report_error(VIR_ERR_OPERATION_INVALID, "network '%s' is already active",
                            def->name);
            return NULL;
        }
    }
    if (!def->bridge)
        def->bridge = g_strdup_printf("virbr%u", host->networks->len);
    if (by_uuid) {
        mv_network_def_free(by_uuid->def);
        by_uuid->def = g_steal_pointer(&def);
        by_uuid->persistent |= persistent;
        return by_uuid;
    }
    by_uuid = g_new0(MvTestNetwork, 1);
    by_uuid->def = g_steal_pointer(&def);
    by_uuid->persistent = persistent;
    by_uuid->active = active;
    by_uuid->ports = g_ptr_array_new_with_free_func((GDestroyNotify) mv_network_port_def_free);
    g_ptr_array_add(host->networks, by_uuid);
    return by_uuid;
}

/* network_add under the host's lock, answering a handle. */
static virNetworkPtr
network_add_handle(virConnectPtr conn, const char *xml, bool persistent, bool active)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    MvTestNetwork *net;
    virNetworkPtr ret = NULL;

    g_mutex_lock(&host->lock);
    if ((net = network_add(host, xml, persistent, active)))
        ret = mv_client_network_new(conn, net->def->name, net->def->uuid);
    g_mutex_unlock(&host->lock);
    return ret;
}

virNetworkPtr
mv_test_network_define_xml(virConnectPtr conn, const char *xml)
{
    return network_add_handle(conn, xml, true, false);
}

virNetworkPtr
mv_test_network_create_xml(virConnectPtr conn, const char *xml)
{
    return network_add_handle(conn, xml, false, true);
}

int
mv_test_network_undefine(virNetworkPtr handle)
{
    MvTestHost *host;
    MvTestNetwork *net;

    if (!(net = network_get(handle, &host)))
        return -1;
    if (!net->persistent) {
        g_mutex_unlock(&host->lock);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s", "network is not persistent");
        return -1;
    }
    if (net->active) {
        net->persistent = false;
        net->autostart = false;
    } else {
        g_ptr_array_remove(host->networks, net);
    }
    g_mutex_unlock(&host->lock);
    return 0;
}

int
mv_test_network_create(virNetworkPtr handle)
{
    MvTestHost *host;
    MvTestNetwork *net;

    if (!(net = network_get(handle, &host)))
        return -1;
    if (net->active) {
        g_mutex_unlock(&host->lock);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "network '%s' is already active",
                        handle->name);
        return -1;
    }
    net->active = true;
    g_mutex_unlock(&host->lock);
    return 0;
}

int
mv_test_network_destroy(virNetworkPtr handle)
{
    MvTestHost *host;
    MvTestNetwork *net;

    if (!(net = network_get(handle, &host)))
        return -1;
    if (!net->active) {
        g_mutex_unlock(&host->lock);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "network '%s' is not active", handle->name);
        return -1;
    }
    net->active = false;
    g_ptr_array_set_size(net->ports, 0);
    if (!net->persistent)
        g_ptr_array_remove(host->networks, net);
    g_mutex_unlock(&host->lock);
    return 0;
}

char *
mv_test_network_get_xml_desc(virNetworkPtr handle, unsigned int flags)
{
    MvTestHost *host;
    MvTestNetwork *net;
    char *xml;

    if (!mv_client_check_flags(flags, VIR_NETWORK_XML_INACTIVE, "testNetworkGetXMLDesc"))
        return NULL;
    if (!(net = network_get(handle, &host)))
        return NULL;
    xml = mv_network_def_format(net->def, flags & VIR_NETWORK_XML_INACTIVE
                                              ? MV_CONF_FORMAT_INACTIVE : 0);
    g_mutex_unlock(&host->lock);
    return xml;
}

char *
mv_test_network_get_bridge_name(virNetworkPtr handle)
{
    MvTestHost *host;
    MvTestNetwork *net;
    char *ret;

    if (!(net = network_get(handle, &host)))
        return NULL;
    ret = g_strdup(net->def->bridge);
    g_mutex_unlock(&host->lock);
    if (!ret)
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "network '%s' does not have a bridge name.",
                        handle->name);
    return ret;
}

int
mv_test_network_get_autostart(virNetworkPtr handle, int *autostart)
{
    MvTestHost *host;
    MvTestNetwork *net;

    if (!(net = network_get(handle, &host)))
        return -1;
    *autostart = net->autostart;
    g_mutex_unlock(&host->lock);
    return 0;
}

int
mv_test_network_set_autostart(virNetworkPtr handle, int autostart)
{
    MvTestHost *host;
    MvTestNetwork *net;

    if (!(net = network_get(handle, &host)))
        return -1;
    if (!net->persistent) {
        g_mutex_unlock(&host->lock);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s", "cannot set autostart for transient network");
        return -1;
    }
    net->autostart = autostart != 0;
    g_mutex_unlock(&host->lock);
    return 0;
}

int
mv_test_network_is_active(virNetworkPtr handle)
{
    MvTestHost *host;
    MvTestNetwork *net;
    int ret;

    if (!(net = network_get(handle, &host)))
        return -1;
    ret = net->active;
    g_mutex_unlock(&host->lock);
    return ret;
}

int
mv_test_network_is_persistent(virNetworkPtr handle)
{
    MvTestHost *host;
    MvTestNetwork *net;
    int ret;

    if (!(net = network_get(handle, &host)))
        return -1;
    ret = net->persistent;
    g_mutex_unlock(&host->lock);
    return ret;
}

int
mv_test_network_get_dhcp_leases(virNetworkPtr handle, const char *mac,
                                virNetworkDHCPLeasePtr **leases, unsigned int flags)
{
    MvTestHost *host;
    MvTestNetwork *net;

    if (!mv_client_check_flags(flags, 0, "testNetworkGetDHCPLeases"))
        return -1;
    if (!(net = network_get(handle, &host)))
        return -1;
    g_mutex_unlock(&host->lock);
    /* Nothing runs a DHCP server on the test host: no leases. */
    if (leases)
        *leases = g_new0(virNetworkDHCPLeasePtr, 1);
    return 0;
}

/* libvirt's test:///default network. */
static const char default_network_xml[] =
    "<network>\n"
    "  <name>default</name>\n"
    "  <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>\n"
    "  <forward/>\n"
    "  <bridge name='virbr0'/>\n"
    "  <ip address='192.168.122.1' netmask='255.255.255.0'>\n"
    "    <dhcp>\n"
    "      <range start='192.168.122.2' end='192.168.122.254'/>\n"
    "    </dhcp>\n"
    "  </ip>\n"
    "</network>\n";

int
mv_test_network_add_default(MvTestHost *host)
{
    MvTestNetwork *net = network_add(host, default_network_xml, true, true);

    return net ? 0 : -1;
}
