/* Node device network interface capability (<capability type='net'>): name, MAC, link, offload features, 802.3/802.11. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "xml.h"
#include "util/enum.h"

typedef enum {
    MV_NETDEV_IF_STATE_NONE = 0,
    MV_NETDEV_IF_STATE_UNKNOWN,
    MV_NETDEV_IF_STATE_NOT_PRESENT,
    MV_NETDEV_IF_STATE_DOWN,
    MV_NETDEV_IF_STATE_LOWER_LAYER_DOWN,
    MV_NETDEV_IF_STATE_TESTING,
    MV_NETDEV_IF_STATE_DORMANT,
    MV_NETDEV_IF_STATE_UP,
    MV_NETDEV_IF_STATE_LAST
} MvNetDevIfState;
MV_ENUM_DECL(mv_netdev_if_state);

/* Offload features, in the order libvirt writes them. */
typedef enum {
    MV_NETDEV_FEAT_RX = 0,
    MV_NETDEV_FEAT_TX,
    MV_NETDEV_FEAT_SG,
    MV_NETDEV_FEAT_TSO,
    MV_NETDEV_FEAT_GSO,
    MV_NETDEV_FEAT_GRO,
    MV_NETDEV_FEAT_LRO,
    MV_NETDEV_FEAT_RXVLAN,
    MV_NETDEV_FEAT_TXVLAN,
    MV_NETDEV_FEAT_NTUPLE,
    MV_NETDEV_FEAT_RXHASH,
    MV_NETDEV_FEAT_RDMA,
    MV_NETDEV_FEAT_TXUDPTNL,
    MV_NETDEV_FEAT_SWITCHDEV,
    MV_NETDEV_FEAT_LAST
} MvNetDevFeature;
MV_ENUM_DECL(mv_netdev_feature);

typedef enum {
    MV_NODEDEV_NET_80203 = 0,
    MV_NODEDEV_NET_80211,
    MV_NODEDEV_NET_LAST           /* no subtype */
} MvNodeDevNetSubtype;
MV_ENUM_DECL(mv_nodedev_net_subtype);

typedef struct {
    char *ifname;
    char *address;                /* MAC address as given, not checked */
    unsigned int link_speed;      /* Mbit/s, 0: not known */
    MvNetDevIfState link_state;
    bool features[MV_NETDEV_FEAT_LAST];
    MvNodeDevNetSubtype subtype;
} MvNodeDevNet;

void mv_nodedev_net_clear(MvNodeDevNet *net);
int mv_nodedev_net_parse(const xmlNode *node, const char *dev_name, MvNodeDevNet *net);
void mv_nodedev_net_format(MvXmlBuf *buf, const MvNodeDevNet *net);
