/* IPv4 and IPv6 addresses as network XML holds them: parse, format, prefixes, ranges. */
#define MV_LOG_MODULE "conf.netaddr"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "netaddr.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

int
mv_ip_addr_parse(const char *str, MvIPAddr *ret_addr)
{
    MvIPAddr addr;

    memset(&addr, 0, sizeof(addr));
    if (!str)
        return -1;
    if (inet_pton(AF_INET, str, &addr.u.v4) == 1) {
        addr.family = AF_INET;
    } else if (inet_pton(AF_INET6, str, &addr.u.v6) == 1) {
        addr.family = AF_INET6;
    } else {
        return -1;
    }
    *ret_addr = addr;
    return 0;
}

char *
mv_ip_addr_format(const MvIPAddr *addr)
{
    char buf[INET6_ADDRSTRLEN];

    if (!mv_ip_addr_is_set(addr) ||
        !inet_ntop(addr->family, &addr->u, buf, sizeof(buf)))
        return NULL;
    return g_strdup(buf);
}

bool
mv_ip_addr_is_set(const MvIPAddr *addr)
{
    return addr && (addr->family == AF_INET || addr->family == AF_INET6);
}

static const unsigned char *
addr_bytes(const MvIPAddr *addr, size_t *ret_len)
{
    if (addr->family == AF_INET) {
        *ret_len = 4;
        return (const unsigned char *) &addr->u.v4;
    }
    *ret_len = 16;
    return (const unsigned char *) &addr->u.v6;
}

int
mv_ip_netmask_to_prefix(const MvIPAddr *netmask)
{
    const unsigned char *bytes;
    size_t len;
    int prefix = 0;
    bool seen_zero = false;

    if (!mv_ip_addr_is_set(netmask))
        return -1;
    bytes = addr_bytes(netmask, &len);
    for (size_t i = 0; i < len * 8; i++) {
        bool bit = bytes[i / 8] & (0x80 >> (i % 8));

        if (bit && seen_zero)
            return -1;
        if (bit)
            prefix++;
        else
            seen_zero = true;
    }
    return prefix;
}

int
mv_ip_effective_prefix(const MvIPAddr *addr, const MvIPAddr *netmask,
                       unsigned int prefix)
{
    unsigned char first;

    if (mv_ip_addr_is_set(netmask))
        return mv_ip_netmask_to_prefix(netmask);
    if (prefix > 0)
        return (int) prefix;
    if (!mv_ip_addr_is_set(addr))
        return -1;
    if (addr->family == AF_INET6)
        return 64;

    /* The classful default libvirt falls back to. */
    first = ((const unsigned char *) &addr->u.v4)[0];
    if (first < 128)
        return 8;
    if (first < 192)
        return 16;
    if (first < 224)
        return 24;
    return -1;
}

bool
mv_ip_same_network(const MvIPAddr *a, const MvIPAddr *b, unsigned int prefix)
{
    const unsigned char *ab, *bb;
    size_t len;

    if (!mv_ip_addr_is_set(a) || a->family != b->family)
        return false;
    ab = addr_bytes(a, &len);
    bb = addr_bytes(b, &len);
    if (prefix > len * 8)
        return false;
    for (size_t i = 0; i < prefix; i++) {
        unsigned char mask = 0x80 >> (i % 8);

        if ((ab[i / 8] & mask) != (bb[i / 8] & mask))
            return false;
    }
    return true;
}

int
mv_ip_addr_compare(const MvIPAddr *a, const MvIPAddr *b)
{
    const unsigned char *ab, *bb;
    size_t len;

    if (a->family != b->family)
        return a->family - b->family;
    ab = addr_bytes(a, &len);
    bb = addr_bytes(b, &len);
    return memcmp(ab, bb, len);
}

bool
mv_ip_host_bits_all(const MvIPAddr *addr, unsigned int prefix, bool ones)
{
    const unsigned char *bytes;
    size_t len;

    bytes = addr_bytes(addr, &len);
    for (size_t i = prefix; i < len * 8; i++) {
        bool bit = bytes[i / 8] & (0x80 >> (i % 8));

        if (bit != ones)
            return false;
    }
    return true;
}
