/* SR-IOV VFs for hostdev ports: finding them in sysfs, saving a VF's MAC/VLAN/profile to a state file, setting a port's, and restoring. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "netlink_vf.h"
#include "conf/netdev.h"
#include "util/macaddr.h"
#include "util/pciaddr.h"
#include "util/uuid.h"

/* A VF: its PCI address, its PF's interface and its number on that PF. */
typedef struct {
    MvPciAddr pci;
    char *pf_ifname;
    unsigned int vf;
} MvVf;

void mv_vf_clear(MvVf *vf);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(MvVf, mv_vf_clear)

/* The VFs of the PF named pf_ifname (root/sys/class/net/PF/device/virtfnN),
 * as MvPciAddr in VF order. root: "" for the host, or a --root tree.
 * "No usable Vf's present on SRIOV PF %s" when it has none. */
int mv_network_vf_list(const char *root, const char *pf_ifname, GArray **ret_addrs);

/* What the PCI device at pci is: reports a device that does not exist,
 * and one that is not a VF (no physfn link: its MAC cannot be set). */
int mv_network_vf_lookup(const char *root, const MvPciAddr *pci, MvVf *ret_vf);

/* What a port asks of its VF. */
typedef struct {
    const MvMacAddr *mac;
    const MvVlan *vlan;                 /* ntags 0: untagged */
    const MvVirtualPort *vport;         /* NULL, 802.1Qbg or 802.1Qbh */
    const unsigned char *owner_uuid;    /* the guest's, for 802.1Qbh */
} MvVfRequest;

/* Refuses what a VF cannot take (a VLAN trunk, a virtualport type other
 * than 802.1Qbg/802.1Qbh), with libvirt's errors. */
int mv_network_vf_request_check(const char *net_name, const MvVfRequest *req);

/* Reads the VF's current MAC, VLAN and profile from its PF, writes them
 * to state_path (atomically) before touching anything, then sets the
 * request's MAC and VLAN (QoS 0) and associates its virtualport. On a
 * failure after the save, what was set is put back and the file removed
 * (kept, as a restore that failed keeps it, when the put back fails). */
int mv_network_vf_apply(const MvVf *vf, const MvVfRequest *req, const char *state_path);

/* Puts back what state_path saved (MAC, VLAN, QoS; disassociates the
 * profile apply associated) and removes the file. A missing file is
 * nothing to restore. Returns -1 (reported) when the file cannot be read
 * or the PF refused; the file then stays, so that the saved values are
 * not lost and a later call can try again (network_vf_port.c retries it
 * before a VF is handed out and at networkd's start). */
int mv_network_vf_restore(const char *state_path);

/* The VF a state file holds (for recovery of a file without its port). */
int mv_network_vf_state_read_pci(const char *state_path, MvPciAddr *ret_pci);
