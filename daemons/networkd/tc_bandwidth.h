/* QoS of an interface (<bandwidth>) through tc over netlink (libnl): an htb tree on egress, a policing filter on ingress. */
#pragma once

#include <stdbool.h>

#include "conf/netdev.h"
#include "util/macaddr.h"

/* The same tc objects libvirt 9.0 makes, with its numbers: rates given in
 * kilobytes per second become tc's "kbps" (1000 bytes per second), bursts
 * in kibibytes become bytes, and the htb classes get libvirt's quantum.
 *
 * Egress (traffic the interface sends) is shaped by an htb root qdisc 1:
 * (default class 1:1, or 1:2 when hierarchical) with one class holding
 * average, peak (ceil) and burst, and an sfq 2: below it. With
 * hierarchical (a network's bridge), class 1:1 caps the whole bridge and
 * class 1:2 beneath it takes the guests without a floor. Ingress (what the
 * interface receives) gets an ingress qdisc and a u32 filter that polices
 * to average with burst (default: average kilobytes) and drops the rest.
 *
 * swapped: whether <inbound> is what the interface sends, as on a tap or a
 * bridge, whose egress is the guest's inbound traffic. Everything works in
 * the calling thread's network namespace; errors name the interface.
 *
 * sfq and the fw filter only refine the shaping: a kernel without them
 * gets a warning and the htb tree alone. Policing has no such fallback: a
 * kernel without the police action refuses an ingress limit
 * (VIR_ERR_OPERATION_UNSUPPORTED naming it), and what was set is cleared. */
int mv_tc_bandwidth_set(const char *ifname, const MvBandwidth *bw, bool hierarchical,
                        bool swapped);

/* Removes the root and ingress qdiscs (and so everything below them); an
 * interface without them, or gone already, is not an error. */
int mv_tc_bandwidth_clear(const char *ifname);
/* The same on the interface with index ifindex, whatever its name now
 * (ifname only names it in errors): a name can pass to a new interface,
 * the kernel gives an index out again only after 2^31 others. */
int mv_tc_bandwidth_clear_index(const char *ifname, unsigned int ifindex);

/* Whether the values can be given to the kernel: every rate in bytes per
 * second, burst in bytes and burst time fit its fields. VIR_ERR_CONFIG_UNSUPPORTED
 * naming what (e.g. "network 'n'") and the value otherwise. */
int mv_tc_bandwidth_check(const char *what, const MvBandwidth *bw);

/* A guest's guaranteed share on its network's bridge (inbound floor),
 * as libvirt's: class 1:ID (hex) under 1:1 with rate floor and ceil the
 * network's inbound peak (or average), an sfq ID: below it, and a u32
 * filter (prio 2, handle 800::800+ID) sending IPv4 frames for mac to it.
 * id must be above 2 (1:1 and 1:2 are the network's own). */
int mv_tc_bandwidth_plug(const char *bridge, const MvBandwidth *net_bw, const MvMacAddr *mac,
                         const MvBandwidth *port_bw, unsigned int id);
/* Removes the filter, sfq and class of id; what is gone is not an error. */
int mv_tc_bandwidth_unplug(const char *bridge, unsigned int id);
/* Sets class 1:ID's rate (kilobytes per second), ceil from net_bw's inbound
 * peak or average: class 1:2 shrinks by the floors guaranteed. */
int mv_tc_bandwidth_update_rate(const char *bridge, unsigned int id, const MvBandwidth *net_bw,
                                unsigned long long rate);
