/* The connection driver interface: one entry per public call, filled by the test and remote drivers alike. */
#pragma once

#include <stdbool.h>

#include "object.h"
#include "uri.h"

/* Every entry receives checked arguments (valid handles, non-NULL
 * required pointers, allowed flags, a writable connection when the call
 * changes something) and reports its own errors. An entry left NULL makes
 * the public call fail with VIR_ERR_NO_SUPPORT naming it. */
struct _MvClientDriver {
    const char *name;

    /* True when the driver serves this URI. */
    bool (*accepts)(const MvClientUri *uri);
    /* Sets conn->priv; conn->uri, parsed and read_only are set. */
    int (*open)(virConnectPtr conn, virConnectAuthPtr auth, unsigned int flags);
    /* Frees conn->priv. */
    void (*close)(virConnectPtr conn);

    /* host */
    const char *(*connect_get_type)(virConnectPtr conn);
    int (*connect_get_version)(virConnectPtr conn, unsigned long *hv_ver);
    char *(*connect_get_hostname)(virConnectPtr conn);
    char *(*connect_get_capabilities)(virConnectPtr conn);
    int (*connect_get_max_vcpus)(virConnectPtr conn, const char *type);
    char *(*connect_get_domain_capabilities)(virConnectPtr conn, const char *emulatorbin,
                                             const char *arch, const char *machine,
                                             const char *virttype, unsigned int flags);
    int (*node_get_info)(virConnectPtr conn, virNodeInfoPtr info);
    unsigned long long (*node_get_free_memory)(virConnectPtr conn);
    int (*connect_is_encrypted)(virConnectPtr conn);
    int (*connect_is_secure)(virConnectPtr conn);
    int (*connect_is_alive)(virConnectPtr conn);
    int (*connect_set_keep_alive)(virConnectPtr conn, int interval, unsigned int count);

    /* domains */
    int (*connect_list_all_domains)(virConnectPtr conn, virDomainPtr **domains,
                                    unsigned int flags);
    virDomainPtr (*domain_lookup_by_id)(virConnectPtr conn, int id);
    virDomainPtr (*domain_lookup_by_uuid)(virConnectPtr conn, const unsigned char *uuid);
    virDomainPtr (*domain_lookup_by_name)(virConnectPtr conn, const char *name);
    virDomainPtr (*domain_create_xml)(virConnectPtr conn, const char *xml, unsigned int flags);
    virDomainPtr (*domain_define_xml_flags)(virConnectPtr conn, const char *xml,
                                            unsigned int flags);
    int (*domain_undefine_flags)(virDomainPtr dom, unsigned int flags);
    int (*domain_create_with_flags)(virDomainPtr dom, unsigned int flags);
    int (*domain_destroy_flags)(virDomainPtr dom, unsigned int flags);
    int (*domain_shutdown_flags)(virDomainPtr dom, unsigned int flags);
    int (*domain_reboot)(virDomainPtr dom, unsigned int flags);
    int (*domain_suspend)(virDomainPtr dom);
    int (*domain_resume)(virDomainPtr dom);
    /* has_flags false: virDomainAttachDevice / virDomainDetachDevice (flags 0),
     * which have procedures of their own. */
    int (*domain_attach_device)(virDomainPtr dom, const char *xml, unsigned int flags,
                                bool has_flags);
    int (*domain_detach_device)(virDomainPtr dom, const char *xml, unsigned int flags,
                                bool has_flags);
    int (*domain_get_info)(virDomainPtr dom, virDomainInfoPtr info);
    int (*domain_get_state)(virDomainPtr dom, int *state, int *reason, unsigned int flags);
    char *(*domain_get_xml_desc)(virDomainPtr dom, unsigned int flags);
    int (*domain_get_autostart)(virDomainPtr dom, int *autostart);
    int (*domain_set_autostart)(virDomainPtr dom, int autostart);
    char *(*domain_get_os_type)(virDomainPtr dom);
    unsigned long (*domain_get_max_memory)(virDomainPtr dom);
    int (*domain_get_vcpus_flags)(virDomainPtr dom, unsigned int flags);
    int (*domain_is_active)(virDomainPtr dom);
    int (*domain_is_persistent)(virDomainPtr dom);
    int (*domain_open_console)(virDomainPtr dom, const char *dev_name, virStreamPtr st,
                               unsigned int flags);
    int (*domain_event_register_any)(virConnectPtr conn, virDomainPtr dom, int event_id,
                                     virConnectDomainEventGenericCallback cb, void *opaque,
                                     virFreeCallback freecb);
    int (*domain_event_deregister_any)(virConnectPtr conn, int callback_id);

    /* networks */
    int (*connect_list_all_networks)(virConnectPtr conn, virNetworkPtr **nets,
                                     unsigned int flags);
    virNetworkPtr (*network_lookup_by_uuid)(virConnectPtr conn, const unsigned char *uuid);
    virNetworkPtr (*network_lookup_by_name)(virConnectPtr conn, const char *name);
    virNetworkPtr (*network_create_xml)(virConnectPtr conn, const char *xml);
    virNetworkPtr (*network_define_xml)(virConnectPtr conn, const char *xml);
    int (*network_undefine)(virNetworkPtr net);
    int (*network_update)(virNetworkPtr net, unsigned int command, unsigned int section,
                          int parent_index, const char *xml, unsigned int flags);
    int (*network_create)(virNetworkPtr net);
    int (*network_destroy)(virNetworkPtr net);
    char *(*network_get_xml_desc)(virNetworkPtr net, unsigned int flags);
    char *(*network_get_bridge_name)(virNetworkPtr net);
    int (*network_get_autostart)(virNetworkPtr net, int *autostart);
    int (*network_set_autostart)(virNetworkPtr net, int autostart);
    int (*network_is_active)(virNetworkPtr net);
    int (*network_is_persistent)(virNetworkPtr net);
    int (*network_get_dhcp_leases)(virNetworkPtr net, const char *mac,
                                   virNetworkDHCPLeasePtr **leases, unsigned int flags);
    int (*network_list_all_ports)(virNetworkPtr net, virNetworkPortPtr **ports,
                                  unsigned int flags);
    virNetworkPortPtr (*network_port_lookup_by_uuid)(virNetworkPtr net,
                                                     const unsigned char *uuid);
    virNetworkPortPtr (*network_port_create_xml)(virNetworkPtr net, const char *xml,
                                                 unsigned int flags);
    char *(*network_port_get_xml_desc)(virNetworkPortPtr port, unsigned int flags);
    int (*network_port_delete)(virNetworkPortPtr port, unsigned int flags);
    int (*network_event_register_any)(virConnectPtr conn, virNetworkPtr net, int event_id,
                                      virConnectNetworkEventGenericCallback cb, void *opaque,
                                      virFreeCallback freecb);
    int (*network_event_deregister_any)(virConnectPtr conn, int callback_id);

    /* node devices */
    int (*connect_list_all_node_devices)(virConnectPtr conn, virNodeDevicePtr **devices,
                                         unsigned int flags);
    virNodeDevicePtr (*node_device_lookup_by_name)(virConnectPtr conn, const char *name);
    virNodeDevicePtr (*node_device_lookup_scsi_host_by_wwn)(virConnectPtr conn,
                                                            const char *wwnn,
                                                            const char *wwpn,
                                                            unsigned int flags);
    char *(*node_device_get_xml_desc)(virNodeDevicePtr dev, unsigned int flags);
    char *(*node_device_get_parent)(virNodeDevicePtr dev);
    int (*node_device_list_caps)(virNodeDevicePtr dev, char ***names);
    int (*node_device_detach_flags)(virNodeDevicePtr dev, const char *driver_name,
                                    unsigned int flags);
    int (*node_device_reattach)(virNodeDevicePtr dev);
    int (*node_device_reset)(virNodeDevicePtr dev);
    virNodeDevicePtr (*node_device_create_xml)(virConnectPtr conn, const char *xml,
                                               unsigned int flags);
    int (*node_device_destroy)(virNodeDevicePtr dev);
};

/* The drivers, in the order they are asked whether they serve a URI. */
extern const MvClientDriver mv_client_test_driver;
extern const MvClientDriver mv_client_remote_driver;
