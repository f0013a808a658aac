/* A network's Linux bridge through netlink (libnl): create, delete, addresses, link state, ports. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "conf/netaddr.h"
#include "util/macaddr.h"

/* Every function opens its own netlink socket, works in the calling
 * thread's network namespace, checks the interface names it is given
 * (VIR_ERR_INVALID_ARG) and reports failures once with
 * VIR_ERR_OPERATION_FAILED naming the bridge and the kernel's message. */

/* What a bridge is created with. */
typedef struct {
    const char *name;
    const MvMacAddr *mac;           /* NULL: the kernel picks one */
    unsigned int mtu;               /* 0: the kernel's default */
    bool stp;
    unsigned int forward_delay;     /* seconds, as <bridge delay=> */
} MvBridgeConfig;

/* What the kernel says about a link. */
typedef struct {
    int ifindex;
    unsigned int mtu;
    MvMacAddr mac;
    bool up;                        /* IFF_UP */
    int master_ifindex;             /* 0: no master */
    bool is_bridge;
    bool stp;                       /* bridges only */
    unsigned int forward_delay;     /* bridges only, seconds */
} MvLinkInfo;

/* Creates the bridge, down. Fails when a link of that name exists or the
 * kernel refuses a value. */
int mv_bridge_create(const MvBridgeConfig *config);

/* Deletes the bridge; a bridge that is not there is not an error, so that
 * tearing a half-built network down can always run. A link of that name
 * that is no bridge is refused. */
int mv_bridge_delete(const char *name);

int mv_bridge_exists(const char *name, bool *ret_exists);

/* Any link's state (bridges, taps, veths); VIR_ERR_OPERATION_FAILED with
 * the kernel's message when there is no link of that name. */
int mv_link_get_info(const char *name, MvLinkInfo *ret_info);

int mv_bridge_set_up(const char *name, bool up);

/* IPv4 addresses get their broadcast address too. Adding an address the
 * bridge has already is an error (the kernel's "exists"). */
int mv_bridge_add_address(const char *name, const MvIPAddr *addr, unsigned int prefix);
int mv_bridge_del_address(const char *name, const MvIPAddr *addr, unsigned int prefix);

/* A static route through the bridge: address/prefix via gateway, with
 * metric (0: the kernel's default). */
int mv_bridge_add_route(const char *name, const MvIPAddr *address, unsigned int prefix,
                        const MvIPAddr *gateway, unsigned int metric);

/* Whether the bridge has exactly this address and prefix. */
int mv_bridge_has_address(const char *name, const MvIPAddr *addr, unsigned int prefix,
                          bool *ret_has);

/* Makes ifname (a tap or veth) a port of the bridge / releases it.
 * Detaching an interface that is not a port of this bridge is refused. */
int mv_bridge_attach(const char *bridge, const char *ifname);
int mv_bridge_detach(const char *bridge, const char *ifname);
