/* The embedded test driver's in-memory host (test:///default), shared by its domain, network and device parts. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "object.h"
#include "conf/domain.h"
#include "conf/network.h"
#include "conf/network_port.h"
#include "conf/nodedev.h"

typedef struct {
    MvDomainDef *def;          /* the live definition while running, else the persistent one */
    MvDomainDef *next_def;     /* the persistent one while running, when it changed */
    bool persistent;
    bool autostart;
    int state;                 /* virDomainState */
    int reason;
} MvTestDomain;

typedef struct {
    MvNetworkDef *def;
    bool active;
    bool persistent;
    bool autostart;
    GPtrArray *ports;          /* MvNetworkPortDef */
} MvTestNetwork;

typedef struct {
    int id;
    virConnectPtr conn;        /* a reference */
    bool has_domain;
    unsigned char uuid[VIR_UUID_BUFLEN];
    int event_id;
    virConnectDomainEventGenericCallback cb;
    void *opaque;
    virFreeCallback freecb;
    bool removed;
} MvTestCallback;

typedef struct {
    int event_id;
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    int id;
    int event;
    int detail;
} MvTestEvent;

/* One per connection, as libvirt's test:///default gives each its own host. */
typedef struct {
    gint refs;
    GMutex lock;
    GPtrArray *domains;        /* MvTestDomain */
    GPtrArray *networks;       /* MvTestNetwork */
    GPtrArray *devices;        /* MvNodeDevDef */
    int next_id;               /* the next running domain's id */
    GPtrArray *callbacks;      /* MvTestCallback (rc boxes) */
    int next_callback;
    GPtrArray *queue;          /* MvTestEvent */
    int timer;                 /* the event loop timeout flushing queue, -1: none */
} MvTestHost;

/* The host of a test connection. */
#define MV_TEST_HOST(conn) ((MvTestHost *) (conn)->priv)

/* Parts, one file each. Each driver entry locks host->lock itself. */

/* test_driver.c */
void mv_test_event_queue(MvTestHost *host, const MvTestDomain *dom, int event, int detail);
void mv_test_event_queue_generic(MvTestHost *host, const MvTestDomain *dom, int event_id);

/* test_driver_domain.c */
void mv_test_domain_free(MvTestDomain *dom);
int mv_test_domain_list_all(virConnectPtr conn, virDomainPtr **domains, unsigned int flags);
virDomainPtr mv_test_domain_lookup_by_id(virConnectPtr conn, int id);
virDomainPtr mv_test_domain_lookup_by_uuid(virConnectPtr conn, const unsigned char *uuid);
virDomainPtr mv_test_domain_lookup_by_name(virConnectPtr conn, const char *name);
virDomainPtr mv_test_domain_define_xml_flags(virConnectPtr conn, const char *xml, unsigned int flags);
virDomainPtr mv_test_domain_create_xml(virConnectPtr conn, const char *xml, unsigned int flags);
int mv_test_domain_undefine_flags(virDomainPtr handle, unsigned int flags);
int mv_test_domain_create_with_flags(virDomainPtr handle, unsigned int flags);
int mv_test_domain_destroy_flags(virDomainPtr handle, unsigned int flags);
int mv_test_domain_shutdown_flags(virDomainPtr handle, unsigned int flags);
int mv_test_domain_reboot(virDomainPtr handle, unsigned int flags);
int mv_test_domain_suspend(virDomainPtr handle);
int mv_test_domain_resume(virDomainPtr handle);
int mv_test_domain_get_info(virDomainPtr handle, virDomainInfoPtr info);
int mv_test_domain_get_state(virDomainPtr handle, int *state, int *reason, unsigned int flags);
char *mv_test_domain_get_xml_desc(virDomainPtr handle, unsigned int flags);
int mv_test_domain_get_autostart(virDomainPtr handle, int *autostart);
int mv_test_domain_set_autostart(virDomainPtr handle, int autostart);
char *mv_test_domain_get_os_type(virDomainPtr handle);
unsigned long mv_test_domain_get_max_memory(virDomainPtr handle);
int mv_test_domain_get_vcpus_flags(virDomainPtr handle, unsigned int flags);
int mv_test_domain_is_active(virDomainPtr handle);
int mv_test_domain_is_persistent(virDomainPtr handle);
int mv_test_domain_add_default(MvTestHost *host);

/* test_driver_network.c */
void mv_test_network_free(MvTestNetwork *net);
int mv_test_network_list_all(virConnectPtr conn, virNetworkPtr **nets, unsigned int flags);
virNetworkPtr mv_test_network_lookup_by_uuid(virConnectPtr conn, const unsigned char *uuid);
virNetworkPtr mv_test_network_lookup_by_name(virConnectPtr conn, const char *name);
virNetworkPtr mv_test_network_define_xml(virConnectPtr conn, const char *xml);
virNetworkPtr mv_test_network_create_xml(virConnectPtr conn, const char *xml);
int mv_test_network_undefine(virNetworkPtr handle);
int mv_test_network_create(virNetworkPtr handle);
int mv_test_network_destroy(virNetworkPtr handle);
char *mv_test_network_get_xml_desc(virNetworkPtr handle, unsigned int flags);
char *mv_test_network_get_bridge_name(virNetworkPtr handle);
int mv_test_network_get_autostart(virNetworkPtr handle, int *autostart);
int mv_test_network_set_autostart(virNetworkPtr handle, int autostart);
int mv_test_network_is_active(virNetworkPtr handle);
int mv_test_network_is_persistent(virNetworkPtr handle);
int mv_test_network_get_dhcp_leases(virNetworkPtr handle, const char *mac, virNetworkDHCPLeasePtr **leases, unsigned int flags);
int mv_test_network_add_default(MvTestHost *host);
