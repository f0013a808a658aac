/* A network's static <route> elements: family, address, netmask or prefix, gateway, metric. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "netaddr.h"
#include "xml.h"

typedef struct {
    char *family;           /* NULL, "ipv4" or "ipv6", as written */
    MvIPAddr address;
    MvIPAddr netmask;       /* unset when not given */
    unsigned int prefix;
    bool has_prefix;
    MvIPAddr gateway;
    unsigned int metric;    /* 0: not given (0 is refused on input) */
} MvNetworkRoute;

void mv_network_route_clear(MvNetworkRoute *route);

/* net_name names the network in messages, as libvirt's route errors
 * start with it ("lab: Missing required gateway attribute ..."). */
int mv_network_route_parse(const char *net_name, const xmlNode *node, MvNetworkRoute *ret_route);
void mv_network_route_format(MvXmlBuf *buf, const MvNetworkRoute *route);
