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
    GSource *dnsmasq_watch;     /* the pidfd source that notices its death (a reference) */
    gint64 dnsmasq_restart_window; /* monotonic us: start of the restart budget's window */
    unsigned int dnsmasq_restarts; /* restarts after a death in that window */
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
    MvEventRegistry *events;    /* lifecycle event registrations, own lock */
    GThreadPool *dnsmasq_pool;  /* restarts dnsmasqs that died, off the main loop */
} MvNetworkDriver;

/* daemons/networkd/network_driver_dnsmasq.c: the thread that starts the
 * dnsmasqs that died again (one at a time), and its end (it waits for a
 * restart under way). */
GThreadPool *mv_network_dnsmasq_pool_new(MvNetworkDriver *driver);
void mv_network_dnsmasq_pool_free(GThreadPool *pool);

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

/* daemons/networkd/network_driver_dnsmasq.c: the network's dnsmasq. */
/* Writes dnsmasq's files from obj->live, starts it and watches it: when
 * it dies, the main loop starts it again (a bounded number of times) and
 * saves the status file. */
int mv_network_dnsmasq_start(MvNetworkDriver *driver, MvNetworkObj *obj);
/* Stops watching, then stops obj->dnsmasq_pid (if any) and clears it. */
int mv_network_dnsmasq_stop(MvNetworkDriver *driver, MvNetworkObj *obj);
/* Watches obj->dnsmasq_pid (a child, or a process found by its pid file
 * after a restart) through a pidfd; replaces any earlier watch. */
void mv_network_dnsmasq_watch(MvNetworkDriver *driver, MvNetworkObj *obj);
void mv_network_dnsmasq_unwatch(MvNetworkObj *obj);

/* daemons/networkd/network_driver_bandwidth.c: QoS (tc) of networks and ports. */
/* The network's <bandwidth> on its bridge (its own, or the host bridge of
 * mode 'bridge'), as libvirt: hierarchical, inbound shaped on egress. */
int mv_network_bandwidth_start(MvNetworkObj *obj);
/* Clears it again (the host bridge keeps no QoS of ours); only warns. */
void mv_network_bandwidth_stop(MvNetworkObj *obj);
/* Checks the port's <bandwidth> values and, for an inbound floor, checks
 * the network's inbound QoS is not overcommitted and gives the port class
 * 1:ID on the bridge (port->class_id). obj->live; port not in obj->ports yet. */
int mv_network_bandwidth_port_plug(MvNetworkObj *obj, MvNetworkPortDef *port);
/* Removes the port's floor class, if any, giving its share back. */
void mv_network_bandwidth_port_unplug(MvNetworkObj *obj, MvNetworkPortDef *port);
/* The hypervisor reports the interface of a port (its tap, once it
 * exists): the port's <bandwidth> is set on it (inbound shaped on its
 * egress, outbound policed on its ingress) and its name and index kept
 * in ports/NAME/UUID.ifname, so that deleting the port clears it. */
int mv_network_port_set_interface(MvNetworkDriver *driver, MvNetworkObj *obj,
                                  const unsigned char *uuid, const char *ifname);
/* Clears the QoS set by mv_network_port_set_interface(), unless the name
 * is another interface's by now (a warning then); only warns. */
void mv_network_port_clear_interface(MvNetworkDriver *driver, const char *net_name,
                                     const MvNetworkPortDef *port);

/* daemons/networkd/network_driver_direct.c: the macvtap modes' device pools. */
/* Forward mode private, vepa, passthrough, or bridge without a bridge
 * name: guests get a macvtap (made by the hypervisor) on a host device. */
bool mv_network_mode_is_direct(const MvNetworkDef *def);
/* At start: the pool is the <interface>s, or the interfaces of <pf dev=>'s
 * VFs (read from sysfs below driver->root), put in the live definition;
 * every device's connections start at 0. */
int mv_network_direct_start(MvNetworkDriver *driver, MvNetworkObj *obj);
/* Gives the port a device of the pool, as libvirt: passthrough (and
 * private with 802.1Qbh) the first one no port uses, the other modes the
 * least used; with reclaim, the one its plug names. Plug type direct with
 * the device and the macvtap mode; counts the connection. */
int mv_network_direct_port_plug(MvNetworkObj *obj, MvNetworkPortDef *port, bool reclaim);
void mv_network_direct_port_unplug(MvNetworkObj *obj, const MvNetworkPortDef *port);
/* After a restart: each device's connections from the ports loaded. */
void mv_network_direct_recount(MvNetworkObj *obj);

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
