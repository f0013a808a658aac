/* Block storage from sysfs (/sys/class/block, whole disks only): model, vendor, serial, size, removable media. */
#pragma once

#include <glib.h>

#include "nodedev_sysfs.h"

/* Adds block_<dev>[_<serial>] definitions to defs for disks whose kind
 * libvirt knows (disk, cd, floppy, sd, dasd); partitions and devices of
 * unknown kind (loop, dm, ram, ...) are left out, as libvirt leaves them. */
void mv_nodedev_sysfs_block_scan(MvNodeDevSysfs *fs, GPtrArray *defs);
