/* IPv4 and IPv6 addresses as network XML holds them: parse, format, prefixes, ranges. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <netinet/in.h>

typedef struct {
    int family;                 /* AF_UNSPEC (unset), AF_INET, AF_INET6 */
    union {
        struct in_addr v4;
        struct in6_addr v6;
    } u;
} MvIPAddr;

/* Numeric forms only (inet_pton). Returns 0 or -1 without reporting:
 * callers name the element the text came from. */
int mv_ip_addr_parse(const char *str, MvIPAddr *ret_addr);

/* Caller frees; NULL for an unset address. */
char *mv_ip_addr_format(const MvIPAddr *addr);

bool mv_ip_addr_is_set(const MvIPAddr *addr);

/* The number of leading one bits of an IPv4 netmask, or -1 when the mask
 * is not contiguous. */
int mv_ip_netmask_to_prefix(const MvIPAddr *netmask);

/* The prefix a network with this address, netmask and explicit prefix
 * has: the explicit one, the netmask's, or libvirt's fallback (the IPv4
 * class's, 64 for IPv6). -1 when none can be found. */
int mv_ip_effective_prefix(const MvIPAddr *addr, const MvIPAddr *netmask,
                           unsigned int prefix);

/* True when a and b are of one family and equal in the first prefix bits. */
bool mv_ip_same_network(const MvIPAddr *a, const MvIPAddr *b, unsigned int prefix);

/* <0, 0, >0 as a is below, equal to, above b (same family). */
int mv_ip_addr_compare(const MvIPAddr *a, const MvIPAddr *b);

/* True when every bit after the first prefix bits is one (IPv4 broadcast)
 * or zero (the network address). */
bool mv_ip_host_bits_all(const MvIPAddr *addr, unsigned int prefix, bool ones);
