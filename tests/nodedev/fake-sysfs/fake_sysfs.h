/* FAKE sysfs trees for node device tests: PCI devices, an SR-IOV NIC (PF, VFs, net interfaces), drivers, IOMMU groups, and a fake kernel that reacts to bind/unbind writes. */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* A relative symlink root/link_rel -> root/target_rel, as sysfs makes them. */
void mv_fake_sysfs_link(const char *root, const char *link_rel, const char *target_rel);

/* One fake PCI function below root/sys/devices/<parent_dir>/<addr>, with
 * its /sys/bus/pci/devices link. */
typedef struct {
    const char *addr;           /* "0000:03:00.0" */
    const char *parent_dir;     /* "pci0000:00" or "pci0000:00/0000:00:03.0" */
    unsigned int klass;         /* 0x020000 */
    unsigned int vendor;
    unsigned int device;
    const char *driver;         /* bound driver, NULL: none */
    int iommu_group;            /* -1: none */
    int numa_node;
    unsigned int header_type;   /* written in a 64-byte fake config space */
    const char *max_link_speed; /* "8.0 GT/s PCIe", NULL: not PCI Express */
    unsigned int max_link_width;
} MvFakePci;

/* The device's directory relative to root ("sys/devices/.../0000:03:00.0"). */
char *mv_fake_sysfs_pci_add(const char *root, const MvFakePci *pci);
void mv_fake_sysfs_pci_remove(const char *root, const char *parent_dir, const char *addr);

/* root/sys/bus/pci/drivers/NAME with bind, unbind and new_id files. */
void mv_fake_sysfs_driver_add(const char *root, const char *name);

/* A net interface below a device dir (relative to root), with address,
 * operstate, speed and uevent, and its /sys/class/net link. */
void mv_fake_sysfs_net_add(const char *root, const char *device_rel, const char *ifname,
                           const char *mac, const char *operstate, unsigned int speed);

/* The fake SR-IOV NIC: a root port 0000:00:03.0 (pci-bridge), below it the
 * PF 0000:03:00.0 (fake ixgbe, eth0, 52:54:00:aa:00:00, sriov_totalvfs 8,
 * IOMMU group 19, NUMA node 0) and nvfs VFs 0000:03:10.N (fake ixgbevf,
 * ethvfN with 52:54:00:aa:01:0N, IOMMU group 20+N). Also drivers ixgbe,
 * ixgbevf and, when with_vfio, vfio-pci; and a fake pci.ids. */
void mv_fake_sysfs_sriov_nic(const char *root, unsigned int nvfs, bool with_vfio);
/* Adds or removes VF n of that NIC (virtfn link, physfn link, net). */
void mv_fake_sysfs_sriov_vf_add(const char *root, unsigned int n);
void mv_fake_sysfs_sriov_vf_remove(const char *root, unsigned int n);

/* The fake kernel (an MvNodeDevSysfsWriteFunc; opaque is root): writes
 * the value to the file, then does what Linux would: driver/unbind drops
 * the driver link, drivers_probe binds to driver_override (or to the
 * device's fake_default_driver) when that driver is loaded. */
int mv_fake_kernel_write(const char *path, const char *value, void *opaque);
