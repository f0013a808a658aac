/* The public API's objects: connections, domains, networks, ports, node devices, with their references. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "error.h"
#include "uri.h"
#include "util/error.h"

typedef struct _MvClientDriver MvClientDriver;

struct _virConnect {
    guint32 magic;
    gint refs;
    GMutex lock;                     /* err, handler, close callback */
    char *uri;                       /* as the application sees it (virConnectGetURI) */
    MvClientUri *parsed;
    bool read_only;
    const MvClientDriver *driver;
    void *priv;                      /* the driver's state */
    virError err;                    /* the last error of a call on this connection */
    virErrorFunc handler;
    void *handler_data;
    virConnectCloseFunc close_cb;
    void *close_opaque;
    virFreeCallback close_free;
};

struct _virDomain {
    guint32 magic;
    gint refs;
    virConnectPtr conn;
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    int id;                          /* -1 when not running */
};

struct _virNetwork {
    guint32 magic;
    gint refs;
    virConnectPtr conn;
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
};

struct _virNetworkPort {
    guint32 magic;
    gint refs;
    virNetworkPtr net;
    unsigned char uuid[VIR_UUID_BUFLEN];
};

struct _virNodeDevice {
    guint32 magic;
    gint refs;
    virConnectPtr conn;
    char *name;
    char *parent;                    /* filled by virNodeDeviceGetParent */
};

/* A new connection with one reference, no driver yet. */
virConnectPtr mv_client_connect_new(void);

/* Handles the drivers give out: each holds a reference on its connection
 * (a port on its network). */
virDomainPtr mv_client_domain_new(virConnectPtr conn, const char *name,
                                  const unsigned char uuid[VIR_UUID_BUFLEN], int id);
virNetworkPtr mv_client_network_new(virConnectPtr conn, const char *name,
                                    const unsigned char uuid[VIR_UUID_BUFLEN]);
virNetworkPortPtr mv_client_network_port_new(virNetworkPtr net,
                                             const unsigned char uuid[VIR_UUID_BUFLEN]);
virNodeDevicePtr mv_client_node_device_new(virConnectPtr conn, const char *name);

/* Validity checks at the entry of a public function: report
 * VIR_ERR_INVALID_CONN (..._DOMAIN, ...) naming func when the pointer is
 * NULL or not such an object. */
bool mv_client_connect_check(virConnectPtr conn, const char *func);
bool mv_client_domain_check(virDomainPtr dom, const char *func);
bool mv_client_network_check(virNetworkPtr net, const char *func);
bool mv_client_network_port_check(virNetworkPortPtr port, const char *func);
bool mv_client_node_device_check(virNodeDevicePtr dev, const char *func);

/* VIR_ERR_OPERATION_DENIED naming func on a read-only connection. */
bool mv_client_check_writable(virConnectPtr conn, const char *func);

/* The checks of a call that changes an object: the one above, then
 * VIR_ERR_NO_SUPPORT naming func when the driver has no entry for it
 * (supported false); on failure the error is dispatched to conn. */
bool mv_client_check_change(virConnectPtr conn, bool supported, const char *func);

/* An event registration's arguments past conn and its object's validity:
 * the object's connection (obj_conn, NULL without an object) is conn, a
 * callback is given, event_id is below last. On failure the error is
 * dispatched to conn. */
bool mv_client_check_event_args(virConnectPtr conn, virConnectPtr obj_conn, const char *obj_arg,
                                bool has_cb, int event_id, int last, const char *func);

/* virConnect{Domain,Network}EventDeregisterAny past conn's check. */
int mv_client_event_deregister(virConnectPtr conn, int callback_id,
                               int (*deregister)(virConnectPtr conn, int callback_id),
                               const char *func);

/* VIR_ERR_INVALID_ARG "ARG in FUNC must not be NULL" (and friends). */
void mv_client_report_null_arg(const char *arg, const char *func);
void mv_client_report_bad_arg(const char *arg, const char *func, const char *why);

/* VIR_ERR_NO_SUPPORT naming func: a driver leaves an entry point NULL. */
void mv_client_report_no_support(const char *func);

/* Flags outside allowed: VIR_ERR_INVALID_ARG naming func and the bits. */
bool mv_client_check_flags(unsigned int flags, unsigned int allowed, const char *func);

/* The entry of a public call on a connection: reset the thread's error,
 * check conn; on failure dispatch the error and return fail. */
#define CONN_ENTRY(conn, fail) \
    do { \
        mv_error_reset(); \
        if (!mv_client_connect_check((conn), __func__)) { \
            mv_client_dispatch_error(NULL); \
            return fail; \
        } \
    } while (0)

/* The same for a call on a domain, network, port or node device. */
#define OBJ_ENTRY(check, obj, fail) \
    do { \
        mv_error_reset(); \
        if (!check((obj), __func__)) { \
            mv_client_dispatch_error(NULL); \
            return fail; \
        } \
    } while (0)

/* The driver's entry, or VIR_ERR_NO_SUPPORT naming the public call. */
#define DRIVER_ENTRY(conn, member, fail) \
    do { \
        if (!(conn)->driver->member) { \
            mv_client_report_no_support(__func__); \
            mv_client_dispatch_error(conn); \
            return fail; \
        } \
    } while (0)

/* Refuses a changing call on a read-only connection. */
#define WRITABLE_ENTRY(conn, fail) \
    do { \
        if (!mv_client_check_writable((conn), __func__)) { \
            mv_client_dispatch_error(conn); \
            return fail; \
        } \
    } while (0)

/* A required pointer argument. */
#define NONNULL_ARG(conn, arg, fail) \
    do { \
        if (!(arg)) { \
            mv_client_report_null_arg(#arg, __func__); \
            mv_client_dispatch_error(conn); \
            return fail; \
        } \
    } while (0)
