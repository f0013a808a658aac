/* The netlink seam for SR-IOV VF settings: MAC, VLAN and 802.1Qbg/Qbh port profiles set on the PF, real (libnl) or a test's fake. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "conf/netdev.h"
#include "util/macaddr.h"

/* What a PF holds for one of its VFs (IFLA_VF_MAC, IFLA_VF_VLAN, and the
 * profile of IFLA_VF_PORTS when the driver reports one). */
typedef struct {
    MvMacAddr mac;
    unsigned int vlan;          /* 0: untagged */
    unsigned int qos;
    char profile[MV_VPORT_PROFILE_ID_MAX + 1];  /* "": none */
} MvVfConfig;

/* An IFLA_PORT_* request for VF vf of a PF: 802.1Qbg or 802.1Qbh. */
typedef struct {
    const MvVirtualPort *vport;
    bool associate;             /* false: disassociate */
    const unsigned char *instance_uuid;     /* the guest's UUID (16 bytes) */
    const MvMacAddr *mac;
} MvVfPortRequest;

/* Every call reports its own error (naming the PF and the VF) and returns
 * 0 / -1. Implementations: the real one below, and the fake recorder of
 * the tests (netlink_vf_fake.c), never linked into the daemon. */
typedef struct {
    const char *name;
    int (*ifindex)(const char *ifname, int *ret_ifindex);
    int (*get_vf)(int pf_ifindex, unsigned int vf, MvVfConfig *ret_config);
    /* MAC, VLAN and QoS in one RTM_SETLINK (profile ignored). */
    int (*set_vf)(int pf_ifindex, unsigned int vf, const MvVfConfig *config);
    int (*set_port)(int pf_ifindex, unsigned int vf, const MvVfPortRequest *req);
} MvNetlinkVfOps;

/* The kernel through libnl, in the calling thread's network namespace. */
extern const MvNetlinkVfOps mv_netlink_vf_kernel_ops;

/* The implementation in use: the kernel's unless a test installed another. */
const MvNetlinkVfOps *mv_netlink_vf_ops(void);
void mv_netlink_vf_set_ops(const MvNetlinkVfOps *ops);
