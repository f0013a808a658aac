/* Ports that hand a guest an SR-IOV VF (plug type hostdev-pci): on hostdev networks, and the network-less ports qemud asks for <interface type='hostdev'>. */
#pragma once

#include "network_driver.h"

/* Picks the port's VF for obj, a running network of forward mode hostdev:
 * the one its <plug type='hostdev-pci'> names, else the first VF of the
 * pool (<pf dev=>'s virtfnN, or the <address> list) no port holds. Saves
 * the VF's MAC/VLAN/profile to the port's VF state file, sets the port's
 * MAC, VLAN and virtualport, and fills the plug. */
int mv_network_vf_port_plug(MvNetworkDriver *driver, MvNetworkObj *obj, MvNetworkPortDef *port);

/* Restores the VF a hostdev-pci port of net_name holds; on failure it
 * warns and the VF state file stays, to be tried again (see below). No-op
 * for other plug types. */
void mv_network_vf_port_unplug(MvNetworkDriver *driver, const char *net_name,
                               const MvNetworkPortDef *port);

/* Restores (and removes) every VF state file without its port file, of
 * any network and of the network-less path: the daemon died between
 * saving the VF's state and writing the port, or the restore at the
 * port's deletion failed and kept the file. Called at networkd's start
 * and before each hostdev port's delete; a port create tries them too and
 * hands out no VF whose restore still fails. */
void mv_network_vf_leftovers_recover(MvNetworkDriver *driver);

/* The network-less path qemud uses for <interface type='hostdev'>: the
 * request is a <networkport> document whose <plug type='hostdev-pci'>
 * names the VF (see docs/hostdev-interfaces.md); kept in
 * RUN_DIR/network/hostdev/UUID.xml with its VF state in UUID.vf. The
 * answer is the port as stored. Served over modvirt's internal program
 * (network_driver_internal.c). */
MvNetworkPortDef *mv_network_vf_hostdev_create(MvNetworkDriver *driver, const char *xml);
/* VIR_ERR_NO_NETWORK_PORT when there is no such port. */
int mv_network_vf_hostdev_delete(MvNetworkDriver *driver, const unsigned char *uuid);
