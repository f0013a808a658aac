/* The public API's objects: allocation, references, validity checks and the argument errors they share. */
#define MV_LOG_MODULE "client.api"
#define MV_FROM_THIS VIR_FROM_NONE

#include "object.h"

#include "driver.h"
#include "error.h"
#include "util/error.h"
#include "util/log.h"

/* Tell a live handle from a stray pointer (a freed one, another type). */
#define CONNECT_MAGIC 0x6d76636eu
#define DOMAIN_MAGIC 0x6d76646du
#define NETWORK_MAGIC 0x6d766e77u
#define PORT_MAGIC 0x6d767074u
#define NODEDEV_MAGIC 0x6d766e64u

virConnectPtr
mv_client_connect_new(void)
{
    virConnectPtr conn = g_new0(virConnect, 1);

    conn->magic = CONNECT_MAGIC;
    conn->refs = 1;
    g_mutex_init(&conn->lock);
    return conn;
}

static void
connect_free(virConnectPtr conn)
{
    MV_DEBUG("closing connection to %s", conn->uri ? conn->uri : "(none)");
    if (conn->driver && conn->driver->close)
        conn->driver->close(conn);
    if (conn->close_free)
        conn->close_free(conn->close_opaque);
    mv_client_error_clear(&conn->err);
    mv_client_uri_free(conn->parsed);
    g_free(conn->uri);
    g_mutex_clear(&conn->lock);
    conn->magic = 0;
    g_free(conn);
}

int
virConnectRef(virConnectPtr conn)
{
    mv_error_reset();
    if (!mv_client_connect_check(conn, __func__)) {
        mv_client_dispatch_error(NULL);
        return -1;
    }
    g_atomic_int_inc(&conn->refs);
    return 0;
}

int
virConnectClose(virConnectPtr conn)
{
    mv_error_reset();
    if (!mv_client_connect_check(conn, __func__)) {
        mv_client_dispatch_error(NULL);
        return -1;
    }
    if (g_atomic_int_dec_and_test(&conn->refs)) {
        connect_free(conn);
        return 0;
    }
    return g_atomic_int_get(&conn->refs);
}

/* Drops a reference without the public call's error handling. */
static void
connect_unref(virConnectPtr conn)
{
    if (g_atomic_int_dec_and_test(&conn->refs))
        connect_free(conn);
}

virDomainPtr
mv_client_domain_new(virConnectPtr conn, const char *name,
                     const unsigned char uuid[VIR_UUID_BUFLEN], int id)
{
    virDomainPtr dom = g_new0(virDomain, 1);

    dom->magic = DOMAIN_MAGIC;
    dom->refs = 1;
    g_atomic_int_inc(&conn->refs);
    dom->conn = conn;
    dom->name = g_strdup(name);
    memcpy(dom->uuid, uuid, VIR_UUID_BUFLEN);
    dom->id = id;
    return dom;
}

int
virDomainRef(virDomainPtr domain)
{
    mv_error_reset();
    if (!mv_client_domain_check(domain, __func__)) {
        mv_client_dispatch_error(NULL);
        return -1;
    }
    g_atomic_int_inc(&domain->refs);
    return 0;
}

int
virDomainFree(virDomainPtr domain)
{
    mv_error_reset();
    if (!mv_client_domain_check(domain, __func__)) {
        mv_client_dispatch_error(NULL);
        return -1;
    }
    if (g_atomic_int_dec_and_test(&domain->refs)) {
        virConnectPtr conn = domain->conn;

        g_free(domain->name);
        domain->magic = 0;
        g_free(domain);
        connect_unref(conn);
    }
    return 0;
}

virNetworkPtr
mv_client_network_new(virConnectPtr conn, const char *name,
                      const unsigned char uuid[VIR_UUID_BUFLEN])
{
    virNetworkPtr net = g_new0(virNetwork, 1);

    net->magic = NETWORK_MAGIC;
    net->refs = 1;
    g_atomic_int_inc(&conn->refs);
    net->conn = conn;
    net->name = g_strdup(name);
    memcpy(net->uuid, uuid, VIR_UUID_BUFLEN);
    return net;
}

static void
network_unref(virNetworkPtr net)
{
    if (g_atomic_int_dec_and_test(&net->refs)) {
        virConnectPtr conn = net->conn;

        g_free(net->name);
        net->magic = 0;
        g_free(net);
        connect_unref(conn);
    }
}

int
virNetworkRef(virNetworkPtr network)
{
    mv_error_reset();
    if (!mv_client_network_check(network, __func__)) {
        mv_client_dispatch_error(NULL);
        return -1;
    }
    g_atomic_int_inc(&network->refs);
    return 0;
}

int
virNetworkFree(virNetworkPtr network)
{
    mv_error_reset();
    if (!mv_client_network_check(network, __func__)) {
        mv_client_dispatch_error(NULL);
        return -1;
    }
    network_unref(network);
    return 0;
}

virNetworkPortPtr
mv_client_network_port_new(virNetworkPtr net, const unsigned char uuid[VIR_UUID_BUFLEN])
{
    virNetworkPortPtr port = g_new0(virNetworkPort, 1);

    port->magic = PORT_MAGIC;
    port->refs = 1;
    g_atomic_int_inc(&net->refs);
    port->net = net;
    memcpy(port->uuid, uuid, VIR_UUID_BUFLEN);
    return port;
}

int
virNetworkPortRef(virNetworkPortPtr port)
{
    mv_error_reset();
    if (!mv_client_network_port_check(port, __func__)) {
        mv_client_dispatch_error(NULL);
        return -1;
    }
    g_atomic_int_inc(&port->refs);
    return 0;
}

int
virNetworkPortFree(virNetworkPortPtr port)
{
    mv_error_reset();
    if (!mv_client_network_port_check(port, __func__)) {
        mv_client_dispatch_error(NULL);
        return -1;
    }
    if (g_atomic_int_dec_and_test(&port->refs)) {
        virNetworkPtr net = port->net;

        port->magic = 0;
        g_free(port);
        network_unref(net);
    }
    return 0;
}

virNodeDevicePtr
mv_client_node_device_new(virConnectPtr conn, const char *name)
{
    virNodeDevicePtr dev = g_new0(virNodeDevice, 1);

    dev->magic = NODEDEV_MAGIC;
    dev->refs = 1;
    g_atomic_int_inc(&conn->refs);
    dev->conn = conn;
    dev->name = g_strdup(name);
    return dev;
}

int
virNodeDeviceRef(virNodeDevicePtr dev)
{
    mv_error_reset();
    if (!mv_client_node_device_check(dev, __func__)) {
        mv_client_dispatch_error(NULL);
        return -1;
    }
    g_atomic_int_inc(&dev->refs);
    return 0;
}

int
virNodeDeviceFree(virNodeDevicePtr dev)
{
    mv_error_reset();
    if (!mv_client_node_device_check(dev, __func__)) {
        mv_client_dispatch_error(NULL);
        return -1;
    }
    if (g_atomic_int_dec_and_test(&dev->refs)) {
        virConnectPtr conn = dev->conn;

        g_free(dev->name);
        g_free(dev->parent);
        dev->magic = 0;
        g_free(dev);
        connect_unref(conn);
    }
    return 0;
}

bool
mv_client_connect_check(virConnectPtr conn, const char *func)
{
    if (!conn || conn->magic != CONNECT_MAGIC) {
        mv_report_error(VIR_ERR_INVALID_CONN, "%s", func);
        return false;
    }
    return true;
}

bool
mv_client_domain_check(virDomainPtr dom, const char *func)
{
    if (!dom || dom->magic != DOMAIN_MAGIC) {
        mv_report_error(VIR_ERR_INVALID_DOMAIN, "%s", func);
        return false;
    }
    return mv_client_connect_check(dom->conn, func);
}

bool
mv_client_network_check(virNetworkPtr net, const char *func)
{
    if (!net || net->magic != NETWORK_MAGIC) {
        mv_report_error(VIR_ERR_INVALID_NETWORK, "%s", func);
        return false;
    }
    return mv_client_connect_check(net->conn, func);
}

bool
mv_client_network_port_check(virNetworkPortPtr port, const char *func)
{
    if (!port || port->magic != PORT_MAGIC) {
        mv_report_error(VIR_ERR_INVALID_NETWORK_PORT, "%s", func);
        return false;
    }
    return mv_client_network_check(port->net, func);
}

bool
mv_client_node_device_check(virNodeDevicePtr dev, const char *func)
{
    if (!dev || dev->magic != NODEDEV_MAGIC) {
        mv_report_error(VIR_ERR_INVALID_NODE_DEVICE, "%s", func);
        return false;
    }
    return mv_client_connect_check(dev->conn, func);
}

bool
mv_client_check_writable(virConnectPtr conn, const char *func)
{
    if (conn->read_only) {
        mv_report_error(VIR_ERR_OPERATION_DENIED, "read only access prevents %s", func);
        return false;
    }
    return true;
}

bool
mv_client_check_change(virConnectPtr conn, bool supported, const char *func)
{
    if (!mv_client_check_writable(conn, func)) {
        mv_client_dispatch_error(conn);
        return false;
    }
    if (!supported) {
        mv_client_report_no_support(func);
        mv_client_dispatch_error(conn);
        return false;
    }
    return true;
}

bool
mv_client_check_event_args(virConnectPtr conn, virConnectPtr obj_conn, const char *obj_arg,
                           bool has_cb, int event_id, int last, const char *func)
{
    if (obj_conn && obj_conn != conn)
        mv_client_report_bad_arg(obj_arg, func, "must belong to conn");
    else if (!has_cb)
        mv_client_report_null_arg("cb", func);
    else if (event_id < 0 || event_id >= last)
        mv_report_error(VIR_ERR_INVALID_ARG, "eventID in %s must be less than %d", func, last);
    else
        return true;
    mv_client_dispatch_error(conn);
    return false;
}

int
mv_client_event_deregister(virConnectPtr conn, int callback_id,
                           int (*deregister)(virConnectPtr conn, int callback_id),
                           const char *func)
{
    if (callback_id < 0) {
        mv_client_report_bad_arg("callbackID", func, "must not be negative");
        mv_client_dispatch_error(conn);
        return -1;
    }
    if (!deregister) {
        mv_client_report_no_support(func);
        mv_client_dispatch_error(conn);
        return -1;
    }
    return mv_client_finish_status(conn, deregister(conn, callback_id));
}

void
mv_client_report_null_arg(const char *arg, const char *func)
{
    mv_report_error(VIR_ERR_INVALID_ARG, "%s in %s must not be NULL", arg, func);
}

void
mv_client_report_bad_arg(const char *arg, const char *func, const char *why)
{
    mv_report_error(VIR_ERR_INVALID_ARG, "%s in %s %s", arg, func, why);
}

void
mv_client_report_no_support(const char *func)
{
    mv_report_error(VIR_ERR_NO_SUPPORT, "%s", func);
}

bool
mv_client_check_flags(unsigned int flags, unsigned int allowed, const char *func)
{
    if (flags & ~allowed) {
        mv_report_error(VIR_ERR_INVALID_ARG, "%s: unsupported flags (0x%x)",
                        func, flags & ~allowed);
        return false;
    }
    return true;
}
