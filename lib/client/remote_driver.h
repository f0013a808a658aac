/* The remote driver's shared parts: a connection's state, the call helper, wire <-> handle conversions, the entries of each family. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "driver.h"
#include "object.h"
#include "protocol/remote.h"
#include "rpc/client.h"

/* conn->priv of a remote connection. */
typedef struct {
    gint refs;                  /* the connection's, the event timer's */
    MvRpcClient *client;
    bool keepalive;             /* the daemon said yes to feature 10 */
    bool event_callbacks;       /* ... to 14: per-registration callback ids */
    bool close_callbacks;       /* ... to 15: 360/361 */

    /* Held across the calls that register and deregister event callbacks,
     * never by the RPC I/O thread. */
    GMutex register_lock;

    GMutex lock;                /* everything below */
    virConnectPtr conn;         /* NULL once the connection is being freed */
    char *type;                 /* CONNECT_GET_TYPE's answer, kept for the const return */
    GPtrArray *callbacks;       /* MvRemoteCallback, registered domain event callbacks */
    GPtrArray *queue;           /* MvRemoteEvent, received, not yet handed out */
    int timer;                  /* event loop timeout delivering the queue, -1: none */
    int next_callback;
} MvRemotePriv;

#define MV_REMOTE_PRIV(conn) ((MvRemotePriv *) (conn)->priv)

MvRemotePriv *mv_remote_priv_ref(MvRemotePriv *priv);
void mv_remote_priv_unref(void *priv);

/* One call of the remote program on conn's daemon: args encoded with
 * args_proc (NULL: empty), the reply decoded into ret (zeroed; the caller
 * xdr_frees it). The daemon's error reaches the thread's last error
 * unchanged; a connection already closed fails with libvirt's "internal
 * error: client socket is closed". */
int mv_remote_call(virConnectPtr conn, int procedure, xdrproc_t args_proc, const void *args,
                   xdrproc_t ret_proc, void *ret);

/* mv_remote_call for the procedures that answer one string: ret_string
 * points into ret, whose own xdr routine frees it. Answers a copy, NULL
 * when the call failed. */
char *mv_remote_call_string(virConnectPtr conn, int procedure, xdrproc_t args_proc,
                            const void *args, xdrproc_t ret_proc, void *ret,
                            char *const *ret_string);

/* Handles <-> wire identities. The wire structs borrow the handle's name. */
void mv_remote_domain_to_wire(virDomainPtr dom, remote_nonnull_domain *ret_wire);
virDomainPtr mv_remote_domain_from_wire(virConnectPtr conn, const remote_nonnull_domain *wire);
void mv_remote_network_to_wire(virNetworkPtr net, remote_nonnull_network *ret_wire);
virNetworkPtr mv_remote_network_from_wire(virConnectPtr conn, const remote_nonnull_network *wire);

/* domains: remote_driver_domain.c */
int mv_remote_domain_list_all(virConnectPtr conn, virDomainPtr **domains, unsigned int flags);
virDomainPtr mv_remote_domain_lookup_by_id(virConnectPtr conn, int id);
virDomainPtr mv_remote_domain_lookup_by_uuid(virConnectPtr conn, const unsigned char *uuid);
virDomainPtr mv_remote_domain_lookup_by_name(virConnectPtr conn, const char *name);
virDomainPtr mv_remote_domain_create_xml(virConnectPtr conn, const char *xml, unsigned int flags);
virDomainPtr mv_remote_domain_define_xml_flags(virConnectPtr conn, const char *xml,
                                               unsigned int flags);
int mv_remote_domain_undefine_flags(virDomainPtr dom, unsigned int flags);
int mv_remote_domain_create_with_flags(virDomainPtr dom, unsigned int flags);
int mv_remote_domain_destroy_flags(virDomainPtr dom, unsigned int flags);
int mv_remote_domain_shutdown_flags(virDomainPtr dom, unsigned int flags);
int mv_remote_domain_reboot(virDomainPtr dom, unsigned int flags);
int mv_remote_domain_attach_device(virDomainPtr dom, const char *xml, unsigned int flags,
                                   bool has_flags);
int mv_remote_domain_detach_device(virDomainPtr dom, const char *xml, unsigned int flags,
                                   bool has_flags);
int mv_remote_domain_suspend(virDomainPtr dom);
int mv_remote_domain_resume(virDomainPtr dom);
int mv_remote_domain_get_info(virDomainPtr dom, virDomainInfoPtr info);
int mv_remote_domain_get_state(virDomainPtr dom, int *state, int *reason, unsigned int flags);
char *mv_remote_domain_get_xml_desc(virDomainPtr dom, unsigned int flags);
int mv_remote_domain_get_autostart(virDomainPtr dom, int *autostart);
int mv_remote_domain_set_autostart(virDomainPtr dom, int autostart);
char *mv_remote_domain_get_os_type(virDomainPtr dom);
unsigned long mv_remote_domain_get_max_memory(virDomainPtr dom);
int mv_remote_domain_get_vcpus_flags(virDomainPtr dom, unsigned int flags);
int mv_remote_domain_is_active(virDomainPtr dom);
int mv_remote_domain_is_persistent(virDomainPtr dom);
/* remote_driver_stream.c */
int mv_remote_domain_open_console(virDomainPtr dom, const char *dev_name, virStreamPtr st,
                                  unsigned int flags);

/* domain events and the close callback: remote_driver_events.c */
int mv_remote_event_register_any(virConnectPtr conn, virDomainPtr dom, int event_id,
                                 virConnectDomainEventGenericCallback cb, void *opaque,
                                 virFreeCallback freecb);
int mv_remote_event_deregister_any(virConnectPtr conn, int callback_id);
/* Network events: always with the daemon's callback ids (313/314). */
int mv_remote_network_event_register_any(virConnectPtr conn, virNetworkPtr net, int event_id,
                                         virConnectNetworkEventGenericCallback cb, void *opaque,
                                         virFreeCallback freecb);
int mv_remote_network_event_deregister_any(virConnectPtr conn, int callback_id);
/* Wires the RPC client's event and close callbacks to priv. */
void mv_remote_events_attach(MvRemotePriv *priv);
/* Stops delivering: removes the timer, drops queued events and the
 * registrations' free callbacks are run. */
void mv_remote_events_detach(MvRemotePriv *priv);

/* networks and ports: remote_driver_network.c */
int mv_remote_network_list_all(virConnectPtr conn, virNetworkPtr **nets, unsigned int flags);
virNetworkPtr mv_remote_network_lookup_by_uuid(virConnectPtr conn, const unsigned char *uuid);
virNetworkPtr mv_remote_network_lookup_by_name(virConnectPtr conn, const char *name);
virNetworkPtr mv_remote_network_create_xml(virConnectPtr conn, const char *xml);
virNetworkPtr mv_remote_network_define_xml(virConnectPtr conn, const char *xml);
int mv_remote_network_undefine(virNetworkPtr net);
int mv_remote_network_update(virNetworkPtr net, unsigned int command, unsigned int section,
                             int parent_index, const char *xml, unsigned int flags);
int mv_remote_network_create(virNetworkPtr net);
int mv_remote_network_destroy(virNetworkPtr net);
char *mv_remote_network_get_xml_desc(virNetworkPtr net, unsigned int flags);
char *mv_remote_network_get_bridge_name(virNetworkPtr net);
int mv_remote_network_get_autostart(virNetworkPtr net, int *autostart);
int mv_remote_network_set_autostart(virNetworkPtr net, int autostart);
int mv_remote_network_is_active(virNetworkPtr net);
int mv_remote_network_is_persistent(virNetworkPtr net);
int mv_remote_network_get_dhcp_leases(virNetworkPtr net, const char *mac,
                                      virNetworkDHCPLeasePtr **leases, unsigned int flags);
int mv_remote_network_list_all_ports(virNetworkPtr net, virNetworkPortPtr **ports,
                                     unsigned int flags);
virNetworkPortPtr mv_remote_network_port_lookup_by_uuid(virNetworkPtr net,
                                                        const unsigned char *uuid);
virNetworkPortPtr mv_remote_network_port_create_xml(virNetworkPtr net, const char *xml,
                                                    unsigned int flags);
char *mv_remote_network_port_get_xml_desc(virNetworkPortPtr port, unsigned int flags);
int mv_remote_network_port_delete(virNetworkPortPtr port, unsigned int flags);

/* node devices: remote_driver_nodedev.c */
int mv_remote_node_device_list_all(virConnectPtr conn, virNodeDevicePtr **devices,
                                   unsigned int flags);
virNodeDevicePtr mv_remote_node_device_lookup_by_name(virConnectPtr conn, const char *name);
virNodeDevicePtr mv_remote_node_device_lookup_scsi_host_by_wwn(virConnectPtr conn,
                                                               const char *wwnn,
                                                               const char *wwpn,
                                                               unsigned int flags);
char *mv_remote_node_device_get_xml_desc(virNodeDevicePtr dev, unsigned int flags);
char *mv_remote_node_device_get_parent(virNodeDevicePtr dev);
int mv_remote_node_device_list_caps(virNodeDevicePtr dev, char ***names);
int mv_remote_node_device_detach_flags(virNodeDevicePtr dev, const char *driver_name,
                                       unsigned int flags);
int mv_remote_node_device_reattach(virNodeDevicePtr dev);
int mv_remote_node_device_reset(virNodeDevicePtr dev);
virNodeDevicePtr mv_remote_node_device_create_xml(virConnectPtr conn, const char *xml,
                                                  unsigned int flags);
int mv_remote_node_device_destroy(virNodeDevicePtr dev);
