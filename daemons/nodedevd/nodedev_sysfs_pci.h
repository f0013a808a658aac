/* PCI devices from sysfs (/sys/bus/pci/devices): ids and names, driver, IOMMU group, NUMA node, SR-IOV, header type, PCI Express links. */
#pragma once

#include <glib.h>

#include "nodedev_sysfs.h"
#include "util/pciaddr.h"

/* Adds a definition (MvNodeDevDef *) per PCI device to defs. A device
 * whose address or ids cannot be read is skipped (logged), as libvirt
 * skips devices it cannot process. */
void mv_nodedev_sysfs_pci_scan(MvNodeDevSysfs *fs, GPtrArray *defs);

/* "pci_0000_00_1f_2" for 0000:00:1f.2. */
char *mv_nodedev_pci_name(const MvPciAddr *addr);
/* The address a "pci_DDDD_BB_SS_F" name stands for; reports
 * VIR_ERR_INVALID_ARG naming it when it is not such a name. */
int mv_nodedev_pci_name_parse(const char *name, MvPciAddr *ret_addr);
