/* networkd's driver: its networks with their persistent and live state, and what the RPC handlers call. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include "daemon.h"
#include "conf/kinds.h"
#include "conf/network.h"
#include "conf/network_port.h"
#include "network_driver_events.h"

/* One network. The definition in use is live when it runs, else config. */
typedef struct {
    MvNetworkDef *config;       /* persistent definition; NULL: transient */
    MvNetworkDef *live;         /* what runs; NULL: inactive */
    bool autostart;
    pid_t dnsmasq_pid;          /* 0: none */
    GPtrArray *ports;           /* MvNetworkPortDef *; empty when inactive */
} MvNetworkObj;

/* Every operation holds lock from lookup to reply, start and stop
 * included: networks are few and their operations rare, and one lock
 * keeps bridge names, status files and dnsmasq pids consistent. */
typedef struct {
    MvDaemon *daemon;
    GMutex lock;
    GPtrArray *nets;            /* MvNetworkObj * */
    char *config_dir;           /* one NAME.xml per persistent network */
    char *autostart_dir;        /* NAME.xml: a link to the config file */
    char *run_dir;              /* status NAME.xml, dnsmasq and nft files */
    char *ports_dir;            /* NAME/UUID.xml per port of an active network */
    char *root;                 /* "" or --root DIR: where sysfs is read (SR-IOV VFs) */
    MvNetworkEvents *events;    /* lifecycle event registrations, own lock */
} MvNetworkDriver;

/* daemons/networkd/network_driver.c: the daemon's hooks and the life cycle. */
int mv_network_driver_init(MvDaemon *daemon);
int mv_network_driver_reload(MvDaemon *daemon);
void mv_network_driver_cleanup(MvDaemon *daemon);

/* Builds bridge, addresses, nft rules and dnsmasq from obj->live (set by
 * the caller), writes the status file and holds the daemon. On failure
 * everything built is undone and obj->live is cleared. */
int mv_network_driver_start(MvNetworkDriver *driver, MvNetworkObj *obj);
/* Undoes all of start, ports included, and clears obj->live. */
int mv_network_driver_stop(MvNetworkDriver *driver, MvNetworkObj *obj);

/* daemons/networkd/network_driver_state.c: objects, defaults, files. */
MvNetworkObj *mv_network_obj_new(void);
void mv_network_obj_free(MvNetworkObj *obj);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNetworkObj, mv_network_obj_free)
const MvNetworkDef *mv_network_obj_def(const MvNetworkObj *obj);
/* A copy through the XML (live state left out). */
MvNetworkDef *mv_network_driver_def_copy(const MvNetworkDef *def);

MvNetworkObj *mv_network_driver_find_name(MvNetworkDriver *driver, const char *name);
MvNetworkObj *mv_network_driver_find_uuid(MvNetworkDriver *driver, const unsigned char *uuid);
/* The network a client's handle names (by UUID, as libvirt looks it up);
 * VIR_ERR_NO_NETWORK when there is none. */
MvNetworkObj *mv_network_driver_get(MvNetworkDriver *driver, const char *name,
                                    const unsigned char *uuid);
void mv_network_driver_remove(MvNetworkDriver *driver, MvNetworkObj *obj);

/* The modes whose network is a bridge of its own (nat, route, open,
 * isolated), with rules and a dnsmasq. */
bool mv_network_mode_has_bridge(MvForwardMode mode);

/* What libvirt's driver adds to a new definition: a free bridge name from
 * "virbr%d" (or the definition's own %d template) and a MAC for it, for
 * the modes that make a bridge; refuses a bridge name another network uses. */
int mv_network_driver_fill_defaults(MvNetworkDriver *driver, MvNetworkDef *def);
/* Adds def as a new network or as the next config / live definition of
 * the network with its name and UUID, with libvirt's checks and messages.
 * Takes def. live: def is to run now (create-xml). */
MvNetworkObj *mv_network_driver_assign(MvNetworkDriver *driver, MvNetworkDef *def, bool live);

int mv_network_config_save(MvNetworkDriver *driver, const MvNetworkDef *def);
int mv_network_config_delete(MvNetworkDriver *driver, const char *name);
int mv_network_autostart_set(MvNetworkDriver *driver, const char *name, bool autostart);
int mv_network_status_save(MvNetworkDriver *driver, const MvNetworkObj *obj);
void mv_network_status_delete(MvNetworkDriver *driver, const char *name);
/* Reads every config file, autostart link and status file; a file that
 * does not parse is logged and skipped. Status is left for recovery in
 * obj->live and obj->dnsmasq_pid. */
int mv_network_driver_load(MvNetworkDriver *driver);

int mv_network_port_save(MvNetworkDriver *driver, const char *net_name,
                         const MvNetworkPortDef *port);
void mv_network_port_file_delete(MvNetworkDriver *driver, const char *net_name,
                                 const unsigned char *uuid);
void mv_network_ports_delete_all(MvNetworkDriver *driver, MvNetworkObj *obj);
int mv_network_ports_load(MvNetworkDriver *driver, MvNetworkObj *obj);

/* daemons/networkd/network_driver_update.c: virNetworkUpdate and leases. */
int mv_network_driver_update(MvNetworkDriver *driver, MvNetworkObj *obj,
                             unsigned int command, unsigned int section,
                             int parent_index, const char *xml, unsigned int flags);

/* daemons/networkd/network_driver_port.c: network ports. */
MvNetworkPortDef *mv_network_port_find(MvNetworkObj *obj, const unsigned char *uuid);
/* VIR_ERR_NO_NETWORK_PORT when the network has no port with that UUID. */
MvNetworkPortDef *mv_network_port_get(MvNetworkObj *obj, const unsigned char *uuid);
MvNetworkPortDef *mv_network_port_create(MvNetworkDriver *driver, MvNetworkObj *obj,
                                         const char *xml, unsigned int flags);
int mv_network_port_delete(MvNetworkDriver *driver, MvNetworkObj *obj,
                           const unsigned char *uuid);

/* daemons/networkd/network_driver_rpc.c: the remote program's slots. */
extern const MvRemoteHandlers mv_network_remote_handlers;
