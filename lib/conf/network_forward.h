/* A network's <forward> element: mode, devices, NAT ranges, interface and PCI pools, pf, driver. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "netaddr.h"
#include "xml.h"
#include "util/pciaddr.h"

typedef enum {
    MV_FORWARD_NONE = 0,
    MV_FORWARD_NAT,
    MV_FORWARD_ROUTE,
    MV_FORWARD_OPEN,
    MV_FORWARD_BRIDGE,
    MV_FORWARD_PRIVATE,
    MV_FORWARD_VEPA,
    MV_FORWARD_PASSTHROUGH,
    MV_FORWARD_HOSTDEV,
    MV_FORWARD_LAST
} MvForwardMode;
MV_ENUM_DECL(mv_forward_mode);

typedef enum {
    MV_FORWARD_DRIVER_DEFAULT = 0,
    MV_FORWARD_DRIVER_KVM,
    MV_FORWARD_DRIVER_VFIO,
    MV_FORWARD_DRIVER_LAST
} MvForwardDriver;
MV_ENUM_DECL(mv_forward_driver);

typedef enum {
    MV_FORWARD_IF_NONE = 0,
    MV_FORWARD_IF_PCI,
    MV_FORWARD_IF_NETDEV,
    MV_FORWARD_IF_LAST
} MvForwardIfType;
MV_ENUM_DECL(mv_forward_if_type);

typedef struct {
    MvForwardIfType type;
    char *dev;                  /* NETDEV */
    MvPciAddr pci;              /* PCI */
    unsigned int connections;   /* live state, written unless inactive */
} MvForwardIf;

typedef struct {
    MvForwardMode mode;         /* NONE: no <forward>, an isolated network */
    bool managed;               /* hostdev */
    MvForwardDriver driver;
    MvForwardIf *ifs;           /* dev=, <interface>, <address> */
    size_t nifs;
    char *pf_dev;               /* <pf dev=/>, at most one */
    MvIPAddr nat_start;
    MvIPAddr nat_end;
    unsigned int port_start;
    unsigned int port_end;
    MvTristate nat_ipv6;
} MvNetworkForward;

void mv_network_forward_clear(MvNetworkForward *fwd);
int mv_network_forward_parse(const char *net_name, const xmlNode *node,
                             MvNetworkForward *ret_fwd);
/* flags: MvConfFormatFlags. */
void mv_network_forward_format(MvXmlBuf *buf, const MvNetworkForward *fwd,
                               unsigned int flags);
