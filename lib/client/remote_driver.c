/* The remote driver: connection to a daemon's socket, libvirt's handshake, close, the host calls, the driver table. */
#define MV_LOG_MODULE "client.remote"
#define MV_FROM_THIS VIR_FROM_REMOTE

#include "remote_driver.h"

#include <string.h>

#include "util/error.h"
#include "util/log.h"

MvRemotePriv *
mv_remote_priv_ref(MvRemotePriv *priv)
{
    g_atomic_int_inc(&priv->refs);
    return priv;
}

void
mv_remote_priv_unref(void *opaque)
{
    MvRemotePriv *priv = opaque;

    if (!g_atomic_int_dec_and_test(&priv->refs))
        return;
    g_ptr_array_unref(priv->callbacks);
    g_ptr_array_unref(priv->queue);
    g_free(priv->type);
    g_mutex_clear(&priv->lock);
    g_mutex_clear(&priv->register_lock);
    g_free(priv);
}

int
mv_remote_call(virConnectPtr conn, int procedure, xdrproc_t args_proc, const void *args,
               xdrproc_t ret_proc, void *ret)
{
    MvRemotePriv *priv = MV_REMOTE_PRIV(conn);

    /* libvirt's client words a call on a dead connection this way, from
     * its RPC layer; calls that were in flight when it died keep the
     * reason it died. */
    if (!mv_rpc_client_is_open(priv->client)) {
        mv_error_report_full(MV_LOG_MODULE, VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR,
                             __FILE__, __func__, __LINE__, "%s", "client socket is closed");
        return -1;
    }
    return mv_rpc_client_call(priv->client, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION, procedure,
                              args_proc, args, ret_proc, ret);
}

char *
mv_remote_call_string(virConnectPtr conn, int procedure, xdrproc_t args_proc, const void *args,
                      xdrproc_t ret_proc, void *ret, char *const *ret_string)
{
    char *string;

    if (mv_remote_call(conn, procedure, args_proc, args, ret_proc, ret) < 0)
        return NULL;

    string = g_strdup(*ret_string);
    xdr_free(ret_proc, (char *) ret);
    return string;
}

void
mv_remote_domain_to_wire(virDomainPtr dom, remote_nonnull_domain *ret_wire)
{
    ret_wire->name = dom->name;
    memcpy(ret_wire->uuid, dom->uuid, VIR_UUID_BUFLEN);
    ret_wire->id = dom->id;
}

virDomainPtr
mv_remote_domain_from_wire(virConnectPtr conn, const remote_nonnull_domain *wire)
{
    return mv_client_domain_new(conn, wire->name, (const unsigned char *) wire->uuid, wire->id);
}

void
mv_remote_network_to_wire(virNetworkPtr net, remote_nonnull_network *ret_wire)
{
    ret_wire->name = net->name;
    memcpy(ret_wire->uuid, net->uuid, VIR_UUID_BUFLEN);
}

virNetworkPtr
mv_remote_network_from_wire(virConnectPtr conn, const remote_nonnull_network *wire)
{
    return mv_client_network_new(conn, wire->name, (const unsigned char *) wire->uuid);
}

/* Every URI a daemon serves; test:///default stays embedded. */
static bool
remote_accepts(const MvClientUri *uri)
{
    return mv_client_uri_daemon(uri) != NULL;
}

static int
remote_supports_feature(virConnectPtr conn, int feature, bool *ret_supported)
{
    remote_connect_supports_feature_args args = { .feature = feature };
    remote_connect_supports_feature_ret ret = { 0 };

    if (mv_remote_call(conn, REMOTE_PROC_CONNECT_SUPPORTS_FEATURE,
                       (xdrproc_t) xdr_remote_connect_supports_feature_args, &args,
                       (xdrproc_t) xdr_remote_connect_supports_feature_ret, &ret) < 0)
        return -1;

    *ret_supported = ret.supported != 0;
    return 0;
}

/* AUTH_POLKIT: the daemon asks polkit about this process. A refusal
 * reaches the caller as the daemon worded it (domain polkit, code
 * VIR_ERR_AUTH_FAILED or VIR_ERR_AUTH_UNAVAILABLE), as libvirt's client
 * passes it on: virsh-like tools tell the two apart to retry or to start
 * an agent. */
static int
remote_auth_polkit(virConnectPtr conn, const char *path)
{
    remote_auth_polkit_ret ret = { 0 };

    MV_DEBUG("polkit authentication on %s", path);
    if (mv_remote_call(conn, REMOTE_PROC_AUTH_POLKIT, NULL, NULL,
                       (xdrproc_t) xdr_remote_auth_polkit_ret, &ret) < 0)
        return -1;

    if (!ret.complete) {
        mv_report_error(VIR_ERR_AUTH_FAILED,
                        "the daemon at %s did not complete polkit authentication", path);
        return -1;
    }
    MV_DEBUG("polkit authentication complete on %s", path);
    return 0;
}

/* As libvirt's client: the first method the daemon lists is the one
 * spoken; none when it lists none. SASL is not spoken. */
static int
remote_authenticate(virConnectPtr conn, const char *path)
{
    remote_auth_list_ret ret = { 0 };
    int type;

    if (mv_remote_call(conn, REMOTE_PROC_AUTH_LIST, NULL, NULL,
                       (xdrproc_t) xdr_remote_auth_list_ret, &ret) < 0)
        return -1;

    type = ret.types.types_len > 0 ? (int) ret.types.types_val[0] : REMOTE_AUTH_NONE;
    xdr_free((xdrproc_t) xdr_remote_auth_list_ret, (char *) &ret);

    switch (type) {
    case REMOTE_AUTH_NONE:
        return 0;
    case REMOTE_AUTH_POLKIT:
        return remote_auth_polkit(conn, path);
    default:
        /* libvirt's words, without the daemon's path, for scripts that match them. */
        mv_report_error(VIR_ERR_AUTH_FAILED, "unsupported authentication type %d", type);
        return -1;
    }
}

/* The URI the daemon is told: the client's own transport and parameters
 * (socket, mode) stay here, as libvirt's client strips them. */
static char *
remote_daemon_uri(const MvClientUri *uri)
{
    return g_strdup_printf("%s://%s", uri->driver, uri->path ? uri->path : "");
}

static int
remote_handshake(virConnectPtr conn, const char *path, unsigned int flags)
{
    MvRemotePriv *priv = MV_REMOTE_PRIV(conn);
    g_autofree char *name = remote_daemon_uri(conn->parsed);
    remote_connect_open_args open_args = {
        .name = &name,
        .flags = flags & VIR_CONNECT_RO,
    };

    if (remote_authenticate(conn, path) < 0)
        return -1;
    if (remote_supports_feature(conn, REMOTE_FEATURE_PROGRAM_KEEPALIVE, &priv->keepalive) < 0)
        return -1;
    if (priv->keepalive)
        mv_rpc_client_start_keepalive(priv->client, 0, 0);

    if (mv_remote_call(conn, REMOTE_PROC_CONNECT_OPEN,
                       (xdrproc_t) xdr_remote_connect_open_args, &open_args, NULL, NULL) < 0)
        return -1;

    if (remote_supports_feature(conn, REMOTE_FEATURE_REMOTE_EVENT_CALLBACK,
                                &priv->event_callbacks) < 0 ||
        remote_supports_feature(conn, REMOTE_FEATURE_REMOTE_CLOSE_CALLBACK,
                                &priv->close_callbacks) < 0)
        return -1;
    if (priv->close_callbacks &&
        mv_remote_call(conn, REMOTE_PROC_CONNECT_REGISTER_CLOSE_CALLBACK, NULL, NULL, NULL, NULL) < 0)
        return -1;

    MV_DEBUG("opened %s on %s: keepalive %d, event callbacks %d, close callbacks %d",
             name, path, priv->keepalive, priv->event_callbacks, priv->close_callbacks);
    return 0;
}

static int
remote_open(virConnectPtr conn, virConnectAuthPtr auth, unsigned int flags)
{
    g_autofree char *path = mv_client_uri_socket(conn->parsed, conn->read_only);
    MvRemotePriv *priv;

    if (!path)
        return -1;

    priv = g_new0(MvRemotePriv, 1);
    priv->refs = 1;
    g_mutex_init(&priv->lock);
    g_mutex_init(&priv->register_lock);
    priv->conn = conn;
    priv->callbacks = g_ptr_array_new();
    priv->queue = g_ptr_array_new();
    priv->timer = -1;
    priv->next_callback = 0;

    MV_DEBUG("connecting to %s for %s", path, conn->uri);
    if (!(priv->client = mv_rpc_client_new_unix(path, 0))) {
        mv_remote_priv_unref(priv);
        return -1;
    }
    conn->priv = priv;
    mv_remote_events_attach(priv);

    if (remote_handshake(conn, path, flags) < 0) {
        /* Freeing the client reports why it closed: keep the daemon's word. */
        MvError *saved = mv_error_save();

        mv_remote_events_detach(priv);
        mv_rpc_client_free(priv->client);
        mv_error_restore(saved);
        conn->priv = NULL;
        mv_remote_priv_unref(priv);
        return -1;
    }
    return 0;
}

static void
remote_close(virConnectPtr conn)
{
    MvRemotePriv *priv = MV_REMOTE_PRIV(conn);
    MvError *saved = mv_error_save();

    /* A daemon already gone makes these fail: the connection goes anyway,
     * and virConnectClose reports nothing. */
    if (mv_rpc_client_is_open(priv->client)) {
        if (priv->close_callbacks)
            mv_remote_call(conn, REMOTE_PROC_CONNECT_UNREGISTER_CLOSE_CALLBACK,
                           NULL, NULL, NULL, NULL);
        mv_remote_call(conn, REMOTE_PROC_CONNECT_CLOSE, NULL, NULL, NULL, NULL);
    }
    mv_remote_events_detach(priv);
    mv_rpc_client_free(priv->client);
    priv->client = NULL;
    mv_error_restore(saved);
    conn->priv = NULL;
    mv_remote_priv_unref(priv);
}

static const char *
remote_get_type(virConnectPtr conn)
{
    MvRemotePriv *priv = MV_REMOTE_PRIV(conn);
    remote_connect_get_type_ret ret = { 0 };
    const char *type;

    g_mutex_lock(&priv->lock);
    type = priv->type;
    g_mutex_unlock(&priv->lock);
    if (type)
        return type;

    if (mv_remote_call(conn, REMOTE_PROC_CONNECT_GET_TYPE, NULL, NULL,
                       (xdrproc_t) xdr_remote_connect_get_type_ret, &ret) < 0)
        return NULL;

    /* The answer lives as long as the connection: the first one is kept. */
    g_mutex_lock(&priv->lock);
    if (!priv->type)
        priv->type = g_strdup(ret.type);
    type = priv->type;
    g_mutex_unlock(&priv->lock);
    xdr_free((xdrproc_t) xdr_remote_connect_get_type_ret, (char *) &ret);
    return type;
}

static int
remote_get_version(virConnectPtr conn, unsigned long *hv_ver)
{
    remote_connect_get_version_ret ret = { 0 };

    if (mv_remote_call(conn, REMOTE_PROC_CONNECT_GET_VERSION, NULL, NULL,
                       (xdrproc_t) xdr_remote_connect_get_version_ret, &ret) < 0)
        return -1;

    *hv_ver = ret.hv_ver;
    return 0;
}

static char *
remote_get_hostname(virConnectPtr conn)
{
    remote_connect_get_hostname_ret ret = { 0 };

    return mv_remote_call_string(conn, REMOTE_PROC_CONNECT_GET_HOSTNAME, NULL, NULL,
                                 (xdrproc_t) xdr_remote_connect_get_hostname_ret, &ret,
                                 &ret.hostname);
}

static char *
remote_get_capabilities(virConnectPtr conn)
{
    remote_connect_get_capabilities_ret ret = { 0 };

    return mv_remote_call_string(conn, REMOTE_PROC_CONNECT_GET_CAPABILITIES, NULL, NULL,
                                 (xdrproc_t) xdr_remote_connect_get_capabilities_ret, &ret,
                                 &ret.capabilities);
}

/* Each argument travels as a remote_string: NULL stays NULL. */
static char *
remote_get_domain_capabilities(virConnectPtr conn, const char *emulatorbin, const char *arch,
                               const char *machine, const char *virttype, unsigned int flags)
{
    remote_connect_get_domain_capabilities_args args = {
        .emulatorbin = emulatorbin ? (char **) &emulatorbin : NULL,
        .arch = arch ? (char **) &arch : NULL,
        .machine = machine ? (char **) &machine : NULL,
        .virttype = virttype ? (char **) &virttype : NULL,
        .flags = flags,
    };
    remote_connect_get_domain_capabilities_ret ret = { 0 };

    return mv_remote_call_string(conn, REMOTE_PROC_CONNECT_GET_DOMAIN_CAPABILITIES,
                                 (xdrproc_t) xdr_remote_connect_get_domain_capabilities_args,
                                 &args,
                                 (xdrproc_t) xdr_remote_connect_get_domain_capabilities_ret, &ret,
                                 &ret.capabilities);
}

static int
remote_get_max_vcpus(virConnectPtr conn, const char *type)
{
    remote_connect_get_max_vcpus_args args = { .type = type ? (char **) &type : NULL };
    remote_connect_get_max_vcpus_ret ret = { 0 };

    if (mv_remote_call(conn, REMOTE_PROC_CONNECT_GET_MAX_VCPUS,
                       (xdrproc_t) xdr_remote_connect_get_max_vcpus_args, &args,
                       (xdrproc_t) xdr_remote_connect_get_max_vcpus_ret, &ret) < 0)
        return -1;

    return ret.max_vcpus;
}

static int
remote_node_get_info(virConnectPtr conn, virNodeInfoPtr info)
{
    remote_node_get_info_ret ret = { 0 };

    if (mv_remote_call(conn, REMOTE_PROC_NODE_GET_INFO, NULL, NULL,
                       (xdrproc_t) xdr_remote_node_get_info_ret, &ret) < 0)
        return -1;

    memset(info, 0, sizeof(*info));
    memcpy(info->model, ret.model, MIN(sizeof(info->model), sizeof(ret.model)));
    info->model[sizeof(info->model) - 1] = '\0';
    info->memory = ret.memory;
    info->cpus = ret.cpus;
    info->mhz = ret.mhz;
    info->nodes = ret.nodes;
    info->sockets = ret.sockets;
    info->cores = ret.cores;
    info->threads = ret.threads;
    return 0;
}

static unsigned long long
remote_node_get_free_memory(virConnectPtr conn)
{
    remote_node_get_free_memory_ret ret = { 0 };

    if (mv_remote_call(conn, REMOTE_PROC_NODE_GET_FREE_MEMORY, NULL, NULL,
                       (xdrproc_t) xdr_remote_node_get_free_memory_ret, &ret) < 0)
        return 0;

    return ret.freeMem;
}

/* Unix sockets only: nothing travels encrypted, nothing leaves the host. */
static int
remote_is_encrypted(virConnectPtr conn)
{
    return 0;
}

static int
remote_is_secure(virConnectPtr conn)
{
    remote_connect_is_secure_ret ret = { 0 };

    if (mv_remote_call(conn, REMOTE_PROC_CONNECT_IS_SECURE, NULL, NULL,
                       (xdrproc_t) xdr_remote_connect_is_secure_ret, &ret) < 0)
        return -1;

    return ret.secure ? 1 : 0;
}

static int
remote_is_alive(virConnectPtr conn)
{
    return mv_rpc_client_is_open(MV_REMOTE_PRIV(conn)->client) ? 1 : 0;
}

static int
remote_set_keep_alive(virConnectPtr conn, int interval, unsigned int count)
{
    MvRemotePriv *priv = MV_REMOTE_PRIV(conn);

    if (!priv->keepalive) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s",
                        "the daemon does not support the keepalive protocol");
        return -1;
    }
    /* interval <= 0 asks to stop: pings already run since the handshake
     * and lib/rpc cannot stop them, which does no harm. */
    if (interval > 0)
        mv_rpc_client_start_keepalive(priv->client, (unsigned int) interval * 1000, count);
    return 0;
}

const MvClientDriver mv_client_remote_driver = {
    .name = "remote",
    .accepts = remote_accepts,
    .open = remote_open,
    .close = remote_close,

    .connect_get_type = remote_get_type,
    .connect_get_version = remote_get_version,
    .connect_get_hostname = remote_get_hostname,
    .connect_get_capabilities = remote_get_capabilities,
    .connect_get_domain_capabilities = remote_get_domain_capabilities,
    .connect_get_max_vcpus = remote_get_max_vcpus,
    .node_get_info = remote_node_get_info,
    .node_get_free_memory = remote_node_get_free_memory,
    .connect_is_encrypted = remote_is_encrypted,
    .connect_is_secure = remote_is_secure,
    .connect_is_alive = remote_is_alive,
    .connect_set_keep_alive = remote_set_keep_alive,

    .connect_list_all_domains = mv_remote_domain_list_all,
    .domain_lookup_by_id = mv_remote_domain_lookup_by_id,
    .domain_lookup_by_uuid = mv_remote_domain_lookup_by_uuid,
    .domain_lookup_by_name = mv_remote_domain_lookup_by_name,
    .domain_create_xml = mv_remote_domain_create_xml,
    .domain_define_xml_flags = mv_remote_domain_define_xml_flags,
    .domain_undefine_flags = mv_remote_domain_undefine_flags,
    .domain_create_with_flags = mv_remote_domain_create_with_flags,
    .domain_destroy_flags = mv_remote_domain_destroy_flags,
    .domain_shutdown_flags = mv_remote_domain_shutdown_flags,
    .domain_reboot = mv_remote_domain_reboot,
    .domain_attach_device = mv_remote_domain_attach_device,
    .domain_detach_device = mv_remote_domain_detach_device,
    .domain_suspend = mv_remote_domain_suspend,
    .domain_resume = mv_remote_domain_resume,
    .domain_get_info = mv_remote_domain_get_info,
    .domain_get_state = mv_remote_domain_get_state,
    .domain_get_xml_desc = mv_remote_domain_get_xml_desc,
    .domain_get_autostart = mv_remote_domain_get_autostart,
    .domain_set_autostart = mv_remote_domain_set_autostart,
    .domain_get_os_type = mv_remote_domain_get_os_type,
    .domain_get_max_memory = mv_remote_domain_get_max_memory,
    .domain_get_vcpus_flags = mv_remote_domain_get_vcpus_flags,
    .domain_is_active = mv_remote_domain_is_active,
    .domain_is_persistent = mv_remote_domain_is_persistent,
    .domain_open_console = mv_remote_domain_open_console,
    .domain_event_register_any = mv_remote_event_register_any,
    .domain_event_deregister_any = mv_remote_event_deregister_any,
    .network_event_register_any = mv_remote_network_event_register_any,
    .network_event_deregister_any = mv_remote_network_event_deregister_any,

    .connect_list_all_networks = mv_remote_network_list_all,
    .network_lookup_by_uuid = mv_remote_network_lookup_by_uuid,
    .network_lookup_by_name = mv_remote_network_lookup_by_name,
    .network_create_xml = mv_remote_network_create_xml,
    .network_define_xml = mv_remote_network_define_xml,
    .network_undefine = mv_remote_network_undefine,
    .network_update = mv_remote_network_update,
    .network_create = mv_remote_network_create,
    .network_destroy = mv_remote_network_destroy,
    .network_get_xml_desc = mv_remote_network_get_xml_desc,
    .network_get_bridge_name = mv_remote_network_get_bridge_name,
    .network_get_autostart = mv_remote_network_get_autostart,
    .network_set_autostart = mv_remote_network_set_autostart,
    .network_is_active = mv_remote_network_is_active,
    .network_is_persistent = mv_remote_network_is_persistent,
    .network_get_dhcp_leases = mv_remote_network_get_dhcp_leases,
    .network_list_all_ports = mv_remote_network_list_all_ports,
    .network_port_lookup_by_uuid = mv_remote_network_port_lookup_by_uuid,
    .network_port_create_xml = mv_remote_network_port_create_xml,
    .network_port_get_xml_desc = mv_remote_network_port_get_xml_desc,
    .network_port_delete = mv_remote_network_port_delete,

    .connect_list_all_node_devices = mv_remote_node_device_list_all,
    .node_device_lookup_by_name = mv_remote_node_device_lookup_by_name,
    .node_device_lookup_scsi_host_by_wwn = mv_remote_node_device_lookup_scsi_host_by_wwn,
    .node_device_get_xml_desc = mv_remote_node_device_get_xml_desc,
    .node_device_get_parent = mv_remote_node_device_get_parent,
    .node_device_list_caps = mv_remote_node_device_list_caps,
    .node_device_detach_flags = mv_remote_node_device_detach_flags,
    .node_device_reattach = mv_remote_node_device_reattach,
    .node_device_reset = mv_remote_node_device_reset,
    .node_device_create_xml = mv_remote_node_device_create_xml,
    .node_device_destroy = mv_remote_node_device_destroy,
};
