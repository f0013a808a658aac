/* A network's <ip> elements: address, netmask or prefix, DHCP ranges, hosts, bootp, tftp. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "netaddr.h"
#include "xml.h"

typedef enum {
    MV_LEASE_UNIT_SECONDS = 0,
    MV_LEASE_UNIT_MINUTES,
    MV_LEASE_UNIT_HOURS,
    MV_LEASE_UNIT_LAST
} MvLeaseUnit;
MV_ENUM_DECL(mv_lease_unit);

/* <lease expiry='N' unit='...'/>; expiry 0 means infinite. */
typedef struct {
    unsigned long long expiry;
    MvLeaseUnit unit;
} MvDhcpLease;

typedef struct {
    MvIPAddr start;
    MvIPAddr end;
    MvDhcpLease *lease;
} MvDhcpRange;

typedef struct {
    char *mac;          /* as written, validated */
    char *id;           /* DHCPv6 client id (hex and colons) */
    char *name;
    MvIPAddr ip;
    MvDhcpLease *lease;
} MvDhcpHost;

typedef struct {
    char *family;                /* NULL, "ipv4" or "ipv6", as written */
    MvIPAddr address;
    MvIPAddr netmask;            /* unset when not given */
    unsigned int prefix;         /* 0 when not given */
    MvTristate local_ptr;
    MvDhcpRange *ranges;
    size_t nranges;
    MvDhcpHost *hosts;
    size_t nhosts;
    char *tftp_root;
    char *bootp_file;
    MvIPAddr bootp_server;
} MvNetworkIP;

void mv_network_ip_clear(MvNetworkIP *ip);

/* The prefix the address is in: explicit, from the netmask, or libvirt's
 * default for the address (the IPv4 class, 64 for IPv6). */
int mv_network_ip_prefix(const MvNetworkIP *ip);

/* net_name names the network in messages. Returns 0 or -1. */
int mv_network_ip_parse(const char *net_name, const xmlNode *node, MvNetworkIP *ret_ip);
void mv_network_ip_format(MvXmlBuf *buf, const MvNetworkIP *ip);
