/* Network interfaces from sysfs (/sys/class/net): name, MAC, link state and speed, offload features through ethtool. */
#pragma once

#include <glib.h>

#include "nodedev_sysfs.h"

/* Adds a definition per interface to defs, "lo" included (libvirt lists it
 * as net_lo_00_00_00_00_00_00). Offload features are asked of the kernel
 * (SIOCETHTOOL) only on the host, never for a fake tree. */
void mv_nodedev_sysfs_net_scan(MvNodeDevSysfs *fs, GPtrArray *defs);
