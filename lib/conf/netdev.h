/* Elements shared by networks, portgroups, network ports and domain interfaces: <bandwidth>, <vlan>, <virtualport>. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "xml.h"

/* <bandwidth> ------------------------------------------------------------
 * Rates in kilobytes per second, burst in kilobytes, as the XML says. */
typedef struct {
    uint64_t average;
    uint64_t peak;
    uint64_t floor;
    uint64_t burst;
} MvBandwidthRate;

typedef struct {
    MvBandwidthRate *in;
    MvBandwidthRate *out;
} MvBandwidth;

void mv_bandwidth_free(MvBandwidth *bw);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvBandwidth, mv_bandwidth_free)

/* Sets *ret_bw to NULL when the element holds neither <inbound> nor
 * <outbound>. allow_floor: whether inbound floor is meaningful here (it is
 * on network ports and interfaces, not on networks). ret_class_id: where
 * a classID attribute goes (network ports); NULL refuses it. Returns 0 or -1. */
int mv_bandwidth_parse(const xmlNode *node, bool allow_floor,
                       unsigned int *ret_class_id, MvBandwidth **ret_bw);
/* class_id 0 is not written. */
void mv_bandwidth_format(MvXmlBuf *buf, const MvBandwidth *bw, unsigned int class_id);

/* <vlan> ----------------------------------------------------------------- */
typedef enum {
    MV_VLAN_NATIVE_DEFAULT = 0,
    MV_VLAN_NATIVE_TAGGED,
    MV_VLAN_NATIVE_UNTAGGED,
    MV_VLAN_NATIVE_LAST
} MvVlanNativeMode;
MV_ENUM_DECL(mv_vlan_native_mode);

typedef struct {
    unsigned int *tags;
    size_t ntags;               /* 0: no <vlan> */
    bool trunk;
    MvVlanNativeMode native_mode;
    unsigned int native_tag;
} MvVlan;

void mv_vlan_clear(MvVlan *vlan);
int mv_vlan_parse(const xmlNode *node, MvVlan *ret_vlan);
void mv_vlan_format(MvXmlBuf *buf, const MvVlan *vlan);

/* <virtualport> ---------------------------------------------------------- */
typedef enum {
    MV_VPORT_NONE = 0,
    MV_VPORT_8021QBG,
    MV_VPORT_8021QBH,
    MV_VPORT_OPENVSWITCH,
    MV_VPORT_MIDONET,
    MV_VPORT_LAST
} MvVirtualPortType;
MV_ENUM_DECL(mv_virtual_port_type);

#define MV_VPORT_PROFILE_ID_MAX 39

typedef struct {
    MvVirtualPortType type;
    bool manager_id_set;
    unsigned int manager_id;        /* 802.1Qbg, 0..255 */
    bool type_id_set;
    unsigned int type_id;           /* 802.1Qbg, 0..0xffffff */
    bool type_id_version_set;
    unsigned int type_id_version;   /* 802.1Qbg, 0..255 */
    bool instance_id_set;
    unsigned char instance_id[16];  /* 802.1Qbg */
    char *profile_id;               /* 802.1Qbh, openvswitch */
    bool interface_id_set;
    unsigned char interface_id[16]; /* openvswitch, midonet */
} MvVirtualPort;

void mv_virtual_port_free(MvVirtualPort *vport);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvVirtualPort, mv_virtual_port_free)

/* require_type: a network's <virtualport> must name its type; a
 * portgroup's or an interface's may leave it to be merged. Parameters that
 * the type does not take are refused. NULL after reporting. */
MvVirtualPort *mv_virtual_port_parse(const xmlNode *node, bool require_type);
void mv_virtual_port_format(MvXmlBuf *buf, const MvVirtualPort *vport);
