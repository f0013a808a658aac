/* Domain <interface> devices: every connection type, parse / format / validate. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/domain_hostdev.h"
#include "conf/netaddr.h"
#include "conf/netdev.h"
#include "conf/xml.h"
#include "util/enum.h"
#include "util/macaddr.h"
#include "util/uuid.h"

typedef enum {
    MV_NET_TYPE_USER = 0,
    MV_NET_TYPE_ETHERNET,
    MV_NET_TYPE_VHOSTUSER,
    MV_NET_TYPE_SERVER,
    MV_NET_TYPE_CLIENT,
    MV_NET_TYPE_MCAST,
    MV_NET_TYPE_NETWORK,
    MV_NET_TYPE_BRIDGE,
    MV_NET_TYPE_INTERNAL,
    MV_NET_TYPE_DIRECT,
    MV_NET_TYPE_HOSTDEV,
    MV_NET_TYPE_UDP,
    MV_NET_TYPE_VDPA,
    MV_NET_TYPE_NULL,
    MV_NET_TYPE_VDS,
    MV_NET_TYPE_LAST,
} MvNetType;
MV_ENUM_DECL(mv_net_type);

/* The models libvirt knows by name; any other name made of
 * [A-Za-z0-9_-] is kept as text (model_str). */
typedef enum {
    MV_NET_MODEL_UNKNOWN = 0,
    MV_NET_MODEL_NETFRONT,
    MV_NET_MODEL_RTL8139,
    MV_NET_MODEL_VIRTIO,
    MV_NET_MODEL_E1000,
    MV_NET_MODEL_E1000E,
    MV_NET_MODEL_VIRTIO_TRANSITIONAL,
    MV_NET_MODEL_VIRTIO_NON_TRANSITIONAL,
    MV_NET_MODEL_USB_NET,
    MV_NET_MODEL_SPAPR_VLAN,
    MV_NET_MODEL_LAN9118,
    MV_NET_MODEL_SCM91C111,
    MV_NET_MODEL_VLANCE,
    MV_NET_MODEL_VMXNET,
    MV_NET_MODEL_VMXNET2,
    MV_NET_MODEL_VMXNET3,
    MV_NET_MODEL_AM79C970A,
    MV_NET_MODEL_AM79C973,
    MV_NET_MODEL_82540EM,
    MV_NET_MODEL_82545EM,
    MV_NET_MODEL_82543GC,
    MV_NET_MODEL_LAST,
} MvNetModel;
MV_ENUM_DECL(mv_net_model);

typedef enum {
    MV_NET_MAC_TYPE_DEFAULT = 0,
    MV_NET_MAC_TYPE_GENERATED,
    MV_NET_MAC_TYPE_STATIC,
    MV_NET_MAC_TYPE_LAST,
} MvNetMacType;
MV_ENUM_DECL(mv_net_mac_type);

typedef enum {
    MV_NET_LINK_DEFAULT = 0,
    MV_NET_LINK_UP,
    MV_NET_LINK_DOWN,
    MV_NET_LINK_LAST,
} MvNetLinkState;
MV_ENUM_DECL(mv_net_link_state);

typedef enum {
    MV_NET_DRIVER_DEFAULT = 0,
    MV_NET_DRIVER_QEMU,
    MV_NET_DRIVER_VHOST,
    MV_NET_DRIVER_LAST,
} MvNetDriverName;
MV_ENUM_DECL(mv_net_driver_name);

typedef enum {
    MV_NET_TXMODE_DEFAULT = 0,
    MV_NET_TXMODE_IOTHREAD,
    MV_NET_TXMODE_TIMER,
    MV_NET_TXMODE_LAST,
} MvNetTxMode;
MV_ENUM_DECL(mv_net_txmode);

typedef enum {
    MV_NET_BACKEND_DEFAULT = 0,
    MV_NET_BACKEND_PASST,
    MV_NET_BACKEND_LAST,
} MvNetBackendType;
MV_ENUM_DECL(mv_net_backend_type);

/* <direct> source mode= (macvtap). */
typedef enum {
    MV_NET_DIRECT_VEPA = 0,
    MV_NET_DIRECT_PRIVATE,
    MV_NET_DIRECT_BRIDGE,
    MV_NET_DIRECT_PASSTHROUGH,
    MV_NET_DIRECT_LAST,
} MvNetDirectMode;
MV_ENUM_DECL(mv_net_direct_mode);

/* <ip address= prefix= peer=> of the guest or (ethernet) the host side. */
typedef struct {
    MvIPAddr address;
    unsigned int prefix;
    MvIPAddr peer;
} MvNetIP;

/* <route family= address= netmask= prefix= gateway= metric=> */
typedef struct {
    char *family;
    MvIPAddr address;
    MvIPAddr netmask;
    MvIPAddr gateway;
    unsigned int prefix;
    bool has_prefix;
    unsigned int metric;
    bool has_metric;
} MvNetRoute;

typedef struct {
    GPtrArray *ips;         /* MvNetIP */
    GPtrArray *routes;      /* MvNetRoute */
} MvNetIPInfo;

typedef enum {
    MV_NET_PROTO_NONE = 0,
    MV_NET_PROTO_TCP,
    MV_NET_PROTO_UDP,
    MV_NET_PROTO_LAST,
} MvNetProto;
MV_ENUM_DECL(mv_net_proto);

/* <range start= end= to= exclude=> of a <portForward>; 0: not given. */
typedef struct {
    unsigned int start;
    unsigned int end;
    unsigned int to;
    MvTristate exclude;
} MvNetPortForwardRange;

/* <portForward proto= address= dev=> */
typedef struct {
    MvNetProto proto;
    MvIPAddr address;       /* unset when not given */
    char *dev;
    GArray *ranges;         /* MvNetPortForwardRange */
} MvNetPortForward;

/* <filterref filter=><parameter name= value=/></filterref> */
typedef struct {
    char *name;
    char *value;
} MvNetFilterParam;

/* The virtio-only offload switches of <driver><host/><guest/></driver>. */
typedef struct {
    MvTristate csum, gso, tso4, tso6, ecn, ufo, mrg_rxbuf;
} MvNetHostOffloads;

typedef struct {
    MvTristate csum, tso4, tso6, ecn, ufo;
} MvNetGuestOffloads;

struct _MvDomainNet {
    MvNetType type;
    MvTristate trust_guest_rx_filters;

    MvMacAddr mac;
    bool mac_generated;
    MvNetMacType mac_type;
    MvTristate mac_check;

    MvNetModel model;
    char *model_str;                /* a model outside MvNetModel */

    union {
        struct {
            char *name;
            char *portgroup;
            unsigned char portid[MV_UUID_BUFLEN];
            bool has_portid;
            char *bridge;           /* live only: the bridge the port is plugged into */
        } network;
        struct {
            char *brname;
        } bridge;
        struct {
            char *name;
        } internal;
        struct {
            char *linkdev;
            MvNetDirectMode mode;
        } direct;
        struct {
            char *path;
            bool server;            /* mode='server' */
            MvTristate reconnect;
            unsigned int reconnect_timeout;
        } vhostuser;
        struct {
            char *address;
            int port;
            char *local_address;    /* udp */
            int local_port;
        } socket;
        struct {
            char *devicepath;
        } vdpa;
        struct {
            unsigned char switch_id[MV_UUID_BUFLEN];
            long long port_id;
            char *portgroup_id;
            long long connection_id;
        } vds;
        MvHostdevSubsys hostdev;
    } data;
    char *source_dev;               /* type='user' <source dev=> (passt) */
    MvNetIPInfo host_ip;            /* <source><ip/><route/></source> (ethernet) */

    MvVlan vlan;
    MvVirtualPort *virtualport;
    MvBandwidth *bandwidth;
    MvTristate isolated_port;       /* <port isolated=> */

    MvNetIPInfo guest_ip;
    GPtrArray *port_forwards;       /* MvNetPortForward */
    char *script;
    char *downscript;
    char *backend_domain;           /* <backenddomain name=> */
    char *ifname;                   /* <target dev=> */
    MvTristate managed_tap;         /* <target managed=> */
    char *ifname_guest;             /* <guest dev=> */
    char *ifname_guest_actual;      /* <guest actual=> */

    struct {
        MvNetDriverName name;
        MvNetTxMode txmode;
        MvTristate ioeventfd;       /* switches */
        MvTristate event_idx;
        unsigned int queues;
        unsigned int rx_queue_size;
        unsigned int tx_queue_size;
        MvTristate rss;
        MvTristate rss_hash_report;
        MvNetHostOffloads host;
        MvNetGuestOffloads guest;
        MvDomainVirtioOptions virtio;
    } driver;

    struct {
        MvNetBackendType type;
        char *tap;
        char *vhost;
        char *log_file;
    } backend;

    char *filter;
    GPtrArray *filter_params;       /* MvNetFilterParam, in document order */

    bool has_sndbuf;
    unsigned long long sndbuf;      /* <tune><sndbuf> */
    MvNetTeaming teaming;
    MvNetLinkState link_state;
    unsigned int mtu;
    unsigned int coalesce_rx_frames; /* <coalesce><rx><frames max=> */

    MvDomainDeviceInfo info;
};

void mv_domain_net_free(MvDomainNet *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainNet, mv_domain_net_free)

MvDomainNet *mv_domain_net_parse(const xmlNode *node, unsigned int flags);
void mv_domain_net_format(MvXmlBuf *buf, const MvDomainNet *def, unsigned int flags);
int mv_domain_net_validate(const MvDomainNet *def);

/* The model's name as written (the table's spelling, or model_str), or NULL. */
const char *mv_domain_net_model_string(const MvDomainNet *def);
bool mv_domain_net_is_virtio(const MvDomainNet *def);

/* The generic signatures of the domain device table. */
void *mv_domain_net_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_net_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_net_free_node(void *dev);
int mv_domain_net_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_net_info_node(const void *dev);

/* domain_interface_source.c: the <source> of each type, and the <ip> /
 * <route> lists. */
int mv_domain_net_source_parse(MvDomainNet *def, const xmlNode *node, unsigned int flags);
/* Writes <source> (nothing when the type has none to write). */
void mv_domain_net_source_format(MvXmlBuf *buf, const MvDomainNet *def, unsigned int flags);
void mv_domain_net_source_clear(MvDomainNet *def);

void mv_net_ip_info_clear(MvNetIPInfo *info);
/* what names the place in errors ("guest interface", "interface host IP"). */
int mv_net_ip_info_parse(const xmlNode *parent, const char *what, MvNetIPInfo *info);
void mv_net_ip_info_format(MvXmlBuf *buf, const MvNetIPInfo *info);
bool mv_net_ip_info_is_empty(const MvNetIPInfo *info);

/* domain_interface_portfwd.c: the <portForward> elements. */
GPtrArray *mv_net_port_forwards_new(void);
int mv_net_port_forwards_parse(const xmlNode *iface, GPtrArray *forwards);
void mv_net_port_forwards_format(MvXmlBuf *buf, const GPtrArray *forwards);
