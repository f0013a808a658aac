/* MAC addresses: parse, format, classify, generate with a prefix. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#define MV_MAC_BUFLEN 6
#define MV_MAC_STRING_BUFLEN 18

typedef struct {
    unsigned char addr[MV_MAC_BUFLEN];
} MvMacAddr;

/* "52:54:00:12:34:56" (one or two hex digits per byte, ':' between them,
 * as libvirt reads them).
 * Reports VIR_ERR_INVALID_ARG naming the text on failure. */
int mv_mac_parse(const char *str, MvMacAddr *ret_mac);

/* Lower-case, two digits per byte; returns buf. */
char *mv_mac_format(const MvMacAddr *mac, char buf[MV_MAC_STRING_BUFLEN]);

bool mv_mac_is_multicast(const MvMacAddr *mac);
bool mv_mac_is_null(const MvMacAddr *mac);
bool mv_mac_equal(const MvMacAddr *a, const MvMacAddr *b);

/* prefix (first three bytes, e.g. 52:54:00 for QEMU) and three random bytes. */
void mv_mac_generate(const unsigned char prefix[3], MvMacAddr *ret_mac);
