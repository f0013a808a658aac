/* USB devices and interfaces from sysfs (/sys/bus/usb/devices): bus and device numbers, ids and names, interface classes. */
#pragma once

#include <glib.h>

#include "nodedev_sysfs.h"

/* Adds a definition per USB device (usb_usb1, usb_1_2) and interface
 * (usb_1_2_1_0) to defs. */
void mv_nodedev_sysfs_usb_scan(MvNodeDevSysfs *fs, GPtrArray *defs);
