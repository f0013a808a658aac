/* MAC addresses: parsing in libvirt's accepted forms, canonical formatting, random generation. */
#define MV_LOG_MODULE "util.macaddr"
#define MV_FROM_THIS VIR_FROM_NONE

#include "macaddr.h"

#include <string.h>

#include "error.h"
#include "log.h"

/* Like libvirt: six groups of one or two hex digits separated by ':' (libvirt
 * refuses '-', and so do we, so that a domain XML valid here is valid there),
 * with nothing before the first digit and only white space after the last. */
int
mv_mac_parse(const char *str, MvMacAddr *ret_mac)
{
    MvMacAddr mac;
    const char *cur = str;
    size_t i;

    if (!str) {
        mv_report_error(VIR_ERR_INVALID_ARG, "missing MAC address");
        return -1;
    }

    for (i = 0; i < MV_MAC_BUFLEN; i++) {
        int value = 0;
        int ndigits = 0;
        int digit;

        if (i > 0) {
            if (*cur != ':') {
                mv_report_error(VIR_ERR_INVALID_ARG,
                                "invalid MAC address '%s': expected ':' before byte %zu",
                                str, i + 1);
                return -1;
            }
            cur++;
        }

        while ((digit = g_ascii_xdigit_value(*cur)) >= 0) {
            if (++ndigits > 2) {
                mv_report_error(VIR_ERR_INVALID_ARG,
                                "invalid MAC address '%s': byte %zu has more than two hex digits",
                                str, i + 1);
                return -1;
            }
            value = value * 16 + digit;
            cur++;
        }
        if (ndigits == 0) {
            mv_report_error(VIR_ERR_INVALID_ARG,
                            "invalid MAC address '%s': byte %zu is not a hex number",
                            str, i + 1);
            return -1;
        }
        mac.addr[i] = (unsigned char) value;
    }

    while (g_ascii_isspace(*cur))
        cur++;
    if (*cur) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "invalid MAC address '%s': unexpected '%s' after the sixth byte",
                        str, cur);
        return -1;
    }

    *ret_mac = mac;
    return 0;
}

char *
mv_mac_format(const MvMacAddr *mac, char buf[MV_MAC_STRING_BUFLEN])
{
    g_snprintf(buf, MV_MAC_STRING_BUFLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
               mac->addr[0], mac->addr[1], mac->addr[2],
               mac->addr[3], mac->addr[4], mac->addr[5]);
    return buf;
}

bool
mv_mac_is_multicast(const MvMacAddr *mac)
{
    return (mac->addr[0] & 0x01) != 0;
}

bool
mv_mac_is_null(const MvMacAddr *mac)
{
    static const MvMacAddr zero;

    return mv_mac_equal(mac, &zero);
}

bool
mv_mac_equal(const MvMacAddr *a, const MvMacAddr *b)
{
    return memcmp(a->addr, b->addr, MV_MAC_BUFLEN) == 0;
}

void
mv_mac_generate(const unsigned char prefix[3], MvMacAddr *ret_mac)
{
    ret_mac->addr[0] = prefix[0];
    ret_mac->addr[1] = prefix[1];
    ret_mac->addr[2] = prefix[2];
    ret_mac->addr[3] = (unsigned char) g_random_int_range(0, 256);
    ret_mac->addr[4] = (unsigned char) g_random_int_range(0, 256);
    ret_mac->addr[5] = (unsigned char) g_random_int_range(0, 256);
}
