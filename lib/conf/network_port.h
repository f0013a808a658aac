/* Network port XML (<networkport>): a guest interface's connection to a network, parse / format. */
#pragma once

#include <glib.h>

#include "netdev.h"
#include "network.h"
#include "xml.h"
#include "util/macaddr.h"
#include "util/pciaddr.h"
#include "util/uuid.h"

typedef enum {
    MV_PORT_PLUG_NONE = 0,
    MV_PORT_PLUG_NETWORK,
    MV_PORT_PLUG_BRIDGE,
    MV_PORT_PLUG_DIRECT,
    MV_PORT_PLUG_HOSTDEV_PCI,
    MV_PORT_PLUG_LAST
} MvPortPlugType;
MV_ENUM_DECL(mv_port_plug_type);

typedef enum {
    MV_MACVLAN_VEPA = 0,
    MV_MACVLAN_PRIVATE,
    MV_MACVLAN_BRIDGE,
    MV_MACVLAN_PASSTHROUGH,
    MV_MACVLAN_LAST
} MvMacvlanMode;
MV_ENUM_DECL(mv_macvlan_mode);

typedef struct {
    unsigned char uuid[MV_UUID_BUFLEN];
    char *owner_name;
    unsigned char owner_uuid[MV_UUID_BUFLEN];
    char *group;                        /* portgroup */
    MvMacAddr mac;
    MvVirtualPort *virtualport;
    MvBandwidth *bandwidth;
    unsigned int class_id;
    MvVlan vlan;
    MvTristate isolated_port;
    MvTristate trust_guest_rx_filters;
    MvPortPlugType plug_type;
    char *plug_bridge;                  /* network, bridge */
    MvMacTableManager plug_mac_table_manager;
    char *plug_dev;                     /* direct */
    MvMacvlanMode plug_mode;            /* direct */
    MvTristate plug_managed;            /* hostdev-pci */
    MvForwardDriver plug_driver;        /* hostdev-pci */
    MvPciAddr plug_pci;                 /* hostdev-pci */
} MvNetworkPortDef;

void mv_network_port_def_free(MvNetworkPortDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNetworkPortDef, mv_network_port_def_free)

MvNetworkPortDef *mv_network_port_def_parse_string(const char *xml);
MvNetworkPortDef *mv_network_port_def_parse_node(const xmlNode *root);
/* flags: MvConfFormatFlags (none apply to ports yet). */
char *mv_network_port_def_format(const MvNetworkPortDef *def, unsigned int flags);
