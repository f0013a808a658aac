/* SCSI hosts, targets and devices from sysfs (/sys/bus/scsi/devices, /sys/class/scsi_host, /sys/class/fc_host). */
#pragma once

#include <glib.h>

#include "nodedev_sysfs.h"

/* Adds scsi_hostN (with fc_host WWNs and vport counts when the host is an
 * FC HBA), scsi_targetH_B_T and scsi_H_B_T_L definitions to defs. */
void mv_nodedev_sysfs_scsi_scan(MvNodeDevSysfs *fs, GPtrArray *defs);
