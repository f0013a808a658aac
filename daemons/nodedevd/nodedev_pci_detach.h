/* PCI passthrough preparation through sysfs: detach a device to vfio-pci, reattach it to its original driver, reset it. */
#pragma once

#include <glib.h>

#include "util/pciaddr.h"

/* root: "" (or NULL) for the host, else a fake tree whose sysfs is
 * root/sys. state_dir keeps, per detached device, the driver it had
 * (state_dir/0000:03:10.1.driver), so a restarted daemon can give it back.
 *
 * Detach: checks that the device exists, that the host has an IOMMU and
 * the device an IOMMU group, and that vfio-pci is loaded; writes vfio-pci
 * to driver_override, unbinds the current driver, asks the kernel to
 * probe, and checks the device is now bound to vfio-pci. A device already
 * on vfio-pci is left as it is. */
int mv_nodedev_pci_detach(const char *root, const char *state_dir, const MvPciAddr *addr);

/* Clears driver_override, unbinds from vfio-pci, reprobes and checks the
 * device is back on the driver recorded at detach (any driver when none
 * was recorded). A device already on a host driver (neither vfio-pci nor
 * unbound) is not unbound: only a driver_override left behind is cleared. */
int mv_nodedev_pci_reattach(const char *root, const char *state_dir, const MvPciAddr *addr);

/* Writes 1 to the device's reset file (function level or bus reset, as
 * the kernel chooses); a device without one cannot be reset. */
int mv_nodedev_pci_reset(const char *root, const MvPciAddr *addr);

/* Every sysfs write of this file goes through here; the default writes
 * the file. Tests install a fake kernel that writes and then reacts
 * (binds, unbinds) as Linux would; NULL restores the default. */
typedef int (*MvNodeDevSysfsWriteFunc)(const char *path, const char *value, void *opaque);
void mv_nodedev_pci_set_write_func(MvNodeDevSysfsWriteFunc func, void *opaque);
