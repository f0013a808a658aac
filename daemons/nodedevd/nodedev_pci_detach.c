/* PCI passthrough preparation through sysfs: detach a device to vfio-pci, reattach it to its original driver, reset it. */
#define MV_LOG_MODULE "nodedev.pci"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_pci_detach.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

#define VFIO_DRIVER "vfio-pci"

static MvNodeDevSysfsWriteFunc write_func;
static void *write_opaque;

void
mv_nodedev_pci_set_write_func(MvNodeDevSysfsWriteFunc func, void *opaque)
{
    write_func = func;
    write_opaque = opaque;
}

/* sysfs takes a value in one write(); a short write is a failure. */
static int
sysfs_write(const char *path, const char *value)
{
    size_t len = strlen(value);
    ssize_t done;
    int fd;

    if (write_func)
        return write_func(path, value, write_opaque);
    fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        mv_report_system_error(errno, "cannot open '%s' to write '%s'", path, value);
        return -1;
    }
    done = write(fd, value, len);
    if (done != (ssize_t) len) {
        int err = done < 0 ? errno : EIO;

        close(fd);
        mv_report_system_error(err, "cannot write '%s' to '%s'", value, path);
        return -1;
    }
    if (close(fd) < 0) {
        mv_report_system_error(errno, "cannot write '%s' to '%s'", value, path);
        return -1;
    }
    return 0;
}

typedef struct {
    char *name;             /* 0000:03:10.1 */
    char *dir;              /* root/sys/bus/pci/devices/0000:03:10.1 */
    char *sys;              /* root/sys */
} PciDev;

static void
pci_dev_clear(PciDev *dev)
{
    g_free(dev->name);
    g_free(dev->dir);
    g_free(dev->sys);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(PciDev, pci_dev_clear)

static int
pci_dev_find(const char *root, const MvPciAddr *addr, PciDev *dev)
{
    dev->name = mv_pci_addr_format(addr);
    dev->sys = g_strconcat(root ? root : "", "/sys", NULL);
    dev->dir = g_build_filename(dev->sys, "bus/pci/devices", dev->name, NULL);
    if (!g_file_test(dev->dir, G_FILE_TEST_IS_DIR)) {
        mv_report_error(VIR_ERR_NO_NODE_DEVICE, "PCI device %s does not exist ('%s' is missing)",
                        dev->name, dev->dir);
        return -1;
    }
    return 0;
}

/* The driver the device is bound to, NULL when none. */
static char *
pci_dev_driver(const PciDev *dev)
{
    g_autofree char *link = g_build_filename(dev->dir, "driver", NULL);
    g_autofree char *target = g_file_read_link(link, NULL);

    return target ? g_path_get_basename(target) : NULL;
}

static int
pci_dev_unbind(const PciDev *dev)
{
    g_autofree char *driver = pci_dev_driver(dev);
    g_autofree char *unbind = NULL;

    if (!driver)
        return 0;
    MV_DEBUG("unbinding PCI device %s from '%s'", dev->name, driver);
    unbind = g_build_filename(dev->dir, "driver", "unbind", NULL);
    return sysfs_write(unbind, dev->name);
}

static int
pci_dev_probe(const PciDev *dev)
{
    g_autofree char *probe = g_build_filename(dev->sys, "bus/pci/drivers_probe", NULL);

    return sysfs_write(probe, dev->name);
}

static int
pci_dev_set_override(const PciDev *dev, const char *driver)
{
    g_autofree char *path = g_build_filename(dev->dir, "driver_override", NULL);

    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        mv_report_error(VIR_ERR_OPERATION_UNSUPPORTED,
                        "PCI device %s has no driver_override file (kernel older than 3.16?)",
                        dev->name);
        return -1;
    }
    /* A newline clears the override. */
    return sysfs_write(path, driver ? driver : "\n");
}

/* The device's driver_override, "" when none (Linux shows "(null)"). */
static char *
pci_dev_override(const PciDev *dev)
{
    g_autofree char *path = g_build_filename(dev->dir, "driver_override", NULL);
    g_autofree char *value = NULL;

    if (!g_file_get_contents(path, &value, NULL, NULL))
        return g_strdup("");
    g_strstrip(value);
    if (g_str_equal(value, "(null)"))
        return g_strdup("");
    return g_steal_pointer(&value);
}

/* vfio needs an IOMMU: the host must have IOMMU groups and this device
 * must be in one. The message says which of the two is missing. */
static int
iommu_check(const PciDev *dev)
{
    g_autofree char *groups = g_build_filename(dev->sys, "kernel/iommu_groups", NULL);
    g_autofree char *group_link = g_build_filename(dev->dir, "iommu_group", NULL);
    g_autoptr(GDir) dir = g_dir_open(groups, 0, NULL);
    bool host_has_groups = dir && g_dir_read_name(dir) != NULL;

    if (!host_has_groups) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "cannot detach PCI device %s for vfio: the host has no IOMMU "
                        "('%s' is missing or empty; enable VT-d/AMD-Vi and boot with "
                        "intel_iommu=on or amd_iommu=on)", dev->name, groups);
        return -1;
    }
    if (!g_file_test(group_link, G_FILE_TEST_EXISTS)) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "cannot detach PCI device %s for vfio: the device is in no IOMMU group "
                        "('%s' is missing)", dev->name, group_link);
        return -1;
    }
    return 0;
}

static int
vfio_check(const PciDev *dev)
{
    g_autofree char *driver_dir = g_build_filename(dev->sys, "bus/pci/drivers", VFIO_DRIVER, NULL);

    if (!g_file_test(driver_dir, G_FILE_TEST_IS_DIR)) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "cannot detach PCI device %s: the vfio-pci driver is not loaded "
                        "('%s' is missing; modprobe vfio-pci)", dev->name, driver_dir);
        return -1;
    }
    return 0;
}

static char *
record_path(const char *state_dir, const PciDev *dev)
{
    g_autofree char *file = g_strconcat(dev->name, ".driver", NULL);

    return state_dir ? g_build_filename(state_dir, file, NULL) : NULL;
}

static int
record_driver(const char *state_dir, const PciDev *dev, const char *driver)
{
    g_autofree char *path = record_path(state_dir, dev);

    if (!path || !driver)
        return 0;
    if (mv_file_mkdir_p(state_dir, 0755) < 0)
        return -1;
    return mv_file_replace_atomic(path, driver, strlen(driver), 0644);
}

int
mv_nodedev_pci_detach(const char *root, const char *state_dir, const MvPciAddr *addr)
{
    g_auto(PciDev) dev = { 0 };
    g_autofree char *orig = NULL;
    g_autofree char *now = NULL;

    if (pci_dev_find(root, addr, &dev) < 0)
        return -1;
    orig = pci_dev_driver(&dev);
    if (g_strcmp0(orig, VFIO_DRIVER) == 0) {
        MV_DEBUG("PCI device %s is already bound to vfio-pci", dev.name);
        return 0;
    }
    if (iommu_check(&dev) < 0 || vfio_check(&dev) < 0)
        return -1;

    if (pci_dev_set_override(&dev, VFIO_DRIVER) < 0 ||
        pci_dev_unbind(&dev) < 0 ||
        pci_dev_probe(&dev) < 0)
        goto restore;

    now = pci_dev_driver(&dev);
    if (g_strcmp0(now, VFIO_DRIVER) != 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "PCI device %s is bound to '%s' instead of vfio-pci after probing",
                        dev.name, now ? now : "no driver");
        goto restore;
    }
    if (record_driver(state_dir, &dev, orig) < 0)
        goto restore;
    MV_INFO("PCI device %s detached from '%s' to vfio-pci", dev.name, orig ? orig : "no driver");
    return 0;

 restore: {
        g_autoptr(MvError) err = mv_error_save();

        if (pci_dev_set_override(&dev, NULL) == 0 && pci_dev_unbind(&dev) == 0)
            pci_dev_probe(&dev);
        mv_error_restore(g_steal_pointer(&err));
        return -1;
    }
}

int
mv_nodedev_pci_reattach(const char *root, const char *state_dir, const MvPciAddr *addr)
{
    g_auto(PciDev) dev = { 0 };
    g_autofree char *record = NULL;
    g_autofree char *orig = NULL;
    g_autofree char *now = NULL;

    if (pci_dev_find(root, addr, &dev) < 0)
        return -1;
    record = record_path(state_dir, &dev);
    if (record && g_file_get_contents(record, &orig, NULL, NULL))
        g_strstrip(orig);

    /* On a host driver already: an unbind and probe would only take its
     * netdev away for a moment (and a VF's MAC and VLAN with it). */
    now = pci_dev_driver(&dev);
    if (now && g_strcmp0(now, VFIO_DRIVER) != 0) {
        g_autofree char *override = pci_dev_override(&dev);

        if (*override && pci_dev_set_override(&dev, NULL) < 0)
            return -1;
        if (record)
            unlink(record);
        MV_INFO("PCI device %s is already bound to its host driver '%s'%s", dev.name, now,
                *override ? ", its driver_override cleared" : ", nothing to do");
        return 0;
    }
    g_clear_pointer(&now, g_free);

    if (pci_dev_set_override(&dev, NULL) < 0 ||
        pci_dev_unbind(&dev) < 0 ||
        pci_dev_probe(&dev) < 0)
        return -1;

    now = pci_dev_driver(&dev);
    if (orig && *orig && g_strcmp0(now, orig) != 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "PCI device %s is bound to '%s' instead of its original driver '%s' after probing",
                        dev.name, now ? now : "no driver", orig);
        return -1;
    }
    if (record)
        unlink(record);
    MV_INFO("PCI device %s reattached to '%s'", dev.name, now ? now : "no driver");
    return 0;
}

int
mv_nodedev_pci_reset(const char *root, const MvPciAddr *addr)
{
    g_auto(PciDev) dev = { 0 };
    g_autofree char *path = NULL;

    if (pci_dev_find(root, addr, &dev) < 0)
        return -1;
    path = g_build_filename(dev.dir, "reset", NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        mv_report_error(VIR_ERR_OPERATION_UNSUPPORTED,
                        "PCI device %s cannot be reset: it has no reset method ('%s' is missing)",
                        dev.name, path);
        return -1;
    }
    if (sysfs_write(path, "1") < 0)
        return -1;
    MV_INFO("PCI device %s reset", dev.name);
    return 0;
}
