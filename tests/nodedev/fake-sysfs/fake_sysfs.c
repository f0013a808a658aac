/* FAKE sysfs trees for node device tests: PCI devices, an SR-IOV NIC (PF, VFs, net interfaces), drivers, IOMMU groups, and a fake kernel that reacts to bind/unbind writes. */
#include "fake_sysfs.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define NIC_BRIDGE "pci0000:00/0000:00:03.0"
#define NIC_PF "0000:03:00.0"

/* A relative symlink root/link_rel -> root/target_rel, as sysfs makes them. */
void
mv_fake_sysfs_link(const char *root, const char *link_rel, const char *target_rel)
{
    g_auto(GStrv) link_parts = g_strsplit(link_rel, "/", -1);
    g_auto(GStrv) target_parts = g_strsplit(target_rel, "/", -1);
    g_autoptr(GString) rel = g_string_new(NULL);
    g_autofree char *link = g_build_filename(root, link_rel, NULL);
    g_autofree char *dir = g_path_get_dirname(link);
    guint nlink = g_strv_length(link_parts) - 1;     /* directories of the link */
    guint common = 0;

    while (common < nlink && target_parts[common] &&
           g_str_equal(link_parts[common], target_parts[common]))
        common++;
    for (guint i = common; i < nlink; i++)
        g_string_append(rel, "../");
    for (guint i = common; target_parts[i]; i++)
        g_string_append_printf(rel, "%s%s", target_parts[i], target_parts[i + 1] ? "/" : "");
    g_mkdir_with_parents(dir, 0755);
    unlink(link);
    g_assert_cmpint(symlink(rel->str, link), ==, 0);
}

static void
fake_file(const char *root, const char *dir_rel, const char *name, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void
fake_file(const char *root, const char *dir_rel, const char *name, const char *fmt, ...)
{
    g_autofree char *rel = g_build_filename(dir_rel, name, NULL);
    g_autofree char *text = NULL;
    va_list ap;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    mv_test_write_file(root, rel, text);
}

void
mv_fake_sysfs_driver_add(const char *root, const char *name)
{
    g_autofree char *dir = g_strdup_printf("sys/bus/pci/drivers/%s", name);

    fake_file(root, dir, "bind", "%s", "");
    fake_file(root, dir, "unbind", "%s", "");
    fake_file(root, dir, "new_id", "%s", "");
}

static void
fake_bind(const char *root, const char *dev_rel, const char *addr, const char *driver)
{
    g_autofree char *drv_rel = g_strdup_printf("sys/bus/pci/drivers/%s", driver);
    g_autofree char *drv_link = g_strdup_printf("%s/%s", drv_rel, addr);
    g_autofree char *dev_link = g_strdup_printf("%s/driver", dev_rel);

    mv_fake_sysfs_link(root, dev_link, drv_rel);
    mv_fake_sysfs_link(root, drv_link, dev_rel);
}

char *
mv_fake_sysfs_pci_add(const char *root, const MvFakePci *pci)
{
    char *dev_rel = g_strdup_printf("sys/devices/%s/%s", pci->parent_dir, pci->addr);
    g_autofree char *bus_link = g_strdup_printf("sys/bus/pci/devices/%s", pci->addr);
    guint8 config[64] = { 0 };
    g_autofree char *config_path = g_build_filename(root, dev_rel, "config", NULL);

    fake_file(root, dev_rel, "class", "0x%06x\n", pci->klass);
    fake_file(root, dev_rel, "vendor", "0x%04x\n", pci->vendor);
    fake_file(root, dev_rel, "device", "0x%04x\n", pci->device);
    fake_file(root, dev_rel, "numa_node", "%d\n", pci->numa_node);
    fake_file(root, dev_rel, "driver_override", "(null)\n");
    fake_file(root, dev_rel, "reset", "%s", "");
    fake_file(root, dev_rel, "uevent", "PCI_CLASS=%X\nPCI_SLOT_NAME=%s\n", pci->klass, pci->addr);
    config[0] = pci->vendor & 0xff;
    config[1] = pci->vendor >> 8;
    config[2] = pci->device & 0xff;
    config[3] = pci->device >> 8;
    config[0x0e] = pci->header_type;
    g_assert_true(g_file_set_contents(config_path, (const char *) config, sizeof(config), NULL));
    if (pci->max_link_speed) {
        fake_file(root, dev_rel, "max_link_speed", "%s\n", pci->max_link_speed);
        fake_file(root, dev_rel, "max_link_width", "%u\n", pci->max_link_width);
        fake_file(root, dev_rel, "current_link_speed", "%s\n", pci->max_link_speed);
        fake_file(root, dev_rel, "current_link_width", "%u\n", pci->max_link_width);
    }
    mv_fake_sysfs_link(root, bus_link, dev_rel);
    if (pci->driver) {
        mv_fake_sysfs_driver_add(root, pci->driver);
        fake_bind(root, dev_rel, pci->addr, pci->driver);
        /* What the fake kernel binds on a probe without override. */
        fake_file(root, dev_rel, "fake_default_driver", "%s\n", pci->driver);
    }
    if (pci->iommu_group >= 0) {
        g_autofree char *group_rel = g_strdup_printf("sys/kernel/iommu_groups/%d", pci->iommu_group);
        g_autofree char *member = g_strdup_printf("%s/devices/%s", group_rel, pci->addr);
        g_autofree char *group_link = g_strdup_printf("%s/iommu_group", dev_rel);

        mv_fake_sysfs_link(root, member, dev_rel);
        mv_fake_sysfs_link(root, group_link, group_rel);
    }
    return dev_rel;
}

void
mv_fake_sysfs_pci_remove(const char *root, const char *parent_dir, const char *addr)
{
    g_autofree char *dev = g_strdup_printf("%s/sys/devices/%s/%s", root, parent_dir, addr);
    g_autofree char *link = g_strdup_printf("%s/sys/bus/pci/devices/%s", root, addr);
    g_autofree char *groups = g_strdup_printf("%s/sys/kernel/iommu_groups", root);
    g_autofree char *group = NULL;
    g_autofree char *dev_group = g_build_filename(dev, "iommu_group", NULL);
    g_autofree char *target = g_file_read_link(dev_group, NULL);

    if (target) {
        g_autofree char *number = g_path_get_basename(target);

        group = g_build_filename(groups, number, NULL);
        mv_test_root_remove(group);
    }
    unlink(link);
    mv_test_root_remove(dev);
}

void
mv_fake_sysfs_net_add(const char *root, const char *device_rel, const char *ifname,
                      const char *mac, const char *operstate, unsigned int speed)
{
    g_autofree char *net_rel = g_strdup_printf("%s/net/%s", device_rel, ifname);
    g_autofree char *class_link = g_strdup_printf("sys/class/net/%s", ifname);

    fake_file(root, net_rel, "address", "%s\n", mac);
    fake_file(root, net_rel, "operstate", "%s\n", operstate);
    fake_file(root, net_rel, "speed", "%u\n", speed);
    fake_file(root, net_rel, "uevent", "INTERFACE=%s\nIFINDEX=%d\n", ifname, 2);
    mv_fake_sysfs_link(root, class_link, net_rel);
}

static char *
vf_addr(unsigned int n)
{
    return g_strdup_printf("0000:03:10.%u", n);
}

void
mv_fake_sysfs_sriov_vf_add(const char *root, unsigned int n)
{
    g_autofree char *addr = vf_addr(n);
    MvFakePci vf = {
        .addr = addr, .parent_dir = NIC_BRIDGE, .klass = 0x020000, .vendor = 0x8086,
        .device = 0x10ed, .driver = "ixgbevf", .iommu_group = 20 + n, .numa_node = 0,
    };
    g_autofree char *vf_rel = mv_fake_sysfs_pci_add(root, &vf);
    g_autofree char *pf_rel = g_strdup("sys/devices/" NIC_BRIDGE "/" NIC_PF);
    g_autofree char *virtfn = g_strdup_printf("%s/virtfn%u", pf_rel, n);
    g_autofree char *physfn = g_strdup_printf("%s/physfn", vf_rel);
    g_autofree char *ifname = g_strdup_printf("ethvf%u", n);
    g_autofree char *mac = g_strdup_printf("52:54:00:aa:01:%02x", n);

    mv_fake_sysfs_link(root, virtfn, vf_rel);
    mv_fake_sysfs_link(root, physfn, pf_rel);
    mv_fake_sysfs_net_add(root, vf_rel, ifname, mac, "down", 0);
}

void
mv_fake_sysfs_sriov_vf_remove(const char *root, unsigned int n)
{
    g_autofree char *addr = vf_addr(n);
    g_autofree char *virtfn = g_strdup_printf("%s/sys/devices/" NIC_BRIDGE "/" NIC_PF "/virtfn%u", root, n);
    g_autofree char *class_link = g_strdup_printf("%s/sys/class/net/ethvf%u", root, n);

    unlink(virtfn);
    unlink(class_link);
    mv_fake_sysfs_pci_remove(root, NIC_BRIDGE, addr);
}

void
mv_fake_sysfs_sriov_nic(const char *root, unsigned int nvfs, bool with_vfio)
{
    MvFakePci bridge = {
        .addr = "0000:00:03.0", .parent_dir = "pci0000:00", .klass = 0x060400, .vendor = 0x8086,
        .device = 0x3c08, .driver = "pcieport", .iommu_group = 18, .numa_node = -1,
        .header_type = 1,
    };
    MvFakePci pf = {
        .addr = NIC_PF, .parent_dir = NIC_BRIDGE, .klass = 0x020000, .vendor = 0x8086,
        .device = 0x10fb, .driver = "ixgbe", .iommu_group = 19, .numa_node = 0,
        .max_link_speed = "5.0 GT/s PCIe", .max_link_width = 8,
    };
    g_autofree char *bridge_rel = mv_fake_sysfs_pci_add(root, &bridge);
    g_autofree char *pf_rel = mv_fake_sysfs_pci_add(root, &pf);

    fake_file(root, pf_rel, "sriov_totalvfs", "8\n");
    fake_file(root, pf_rel, "sriov_numvfs", "%u\n", nvfs);
    mv_fake_sysfs_net_add(root, pf_rel, "eth0", "52:54:00:aa:00:00", "up", 10000);
    for (unsigned int n = 0; n < nvfs; n++)
        mv_fake_sysfs_sriov_vf_add(root, n);
    mv_fake_sysfs_driver_add(root, "ixgbevf");
    if (with_vfio)
        mv_fake_sysfs_driver_add(root, "vfio-pci");
    mv_test_write_file(root, "usr/share/misc/pci.ids",
                       "# fake pci.ids for tests\n"
                       "8086  Fake Intel Corporation\n"
                       "\t10ed  Fake 82599 Ethernet Controller Virtual Function\n"
                       "\t10fb  Fake 82599ES 10-Gigabit SFI/SFP+ Network Connection\n"
                       "\t\t8086 0003  Fake subsystem line\n"
                       "C 02  Network controller\n");
}

static char *
read_trimmed(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return NULL;
    return g_strstrip(text);
}

/* The device dir (relative to root) a bus device link resolves to. */
static char *
device_rel_of(const char *root, const char *addr)
{
    g_autofree char *link = g_strdup_printf("%s/sys/bus/pci/devices/%s", root, addr);
    g_autofree char *real = realpath(link, NULL);
    g_autofree char *real_root = realpath(root, NULL);

    if (!real || !g_str_has_prefix(real, real_root))
        return NULL;
    return g_strdup(real + strlen(real_root) + 1);
}

int
mv_fake_kernel_write(const char *path, const char *value, void *opaque)
{
    const char *root = opaque;
    g_autofree char *addr = g_strstrip(g_strdup(value));
    g_autofree char *base = g_path_get_basename(path);

    if (!g_file_set_contents(path, value, -1, NULL))
        return -1;

    if (g_str_equal(base, "unbind")) {
        g_autofree char *dev_rel = device_rel_of(root, addr);
        g_autofree char *drv_dir = g_path_get_dirname(path);
        g_autofree char *drv_link = g_build_filename(drv_dir, addr, NULL);
        g_autofree char *dev_link = NULL;

        if (!dev_rel)
            return -1;
        dev_link = g_strdup_printf("%s/%s/driver", root, dev_rel);
        unlink(dev_link);
        unlink(drv_link);
    } else if (g_str_equal(base, "drivers_probe")) {
        g_autofree char *dev_rel = device_rel_of(root, addr);
        g_autofree char *dev_dir = NULL;
        g_autofree char *override = NULL;
        g_autofree char *fallback = NULL;
        g_autofree char *driver_link = NULL;
        g_autofree char *driver_dir = NULL;
        const char *driver;

        if (!dev_rel)
            return -1;
        dev_dir = g_build_filename(root, dev_rel, NULL);
        driver_link = g_build_filename(dev_dir, "driver", NULL);
        if (g_file_test(driver_link, G_FILE_TEST_EXISTS))
            return 0;
        override = read_trimmed(dev_dir, "driver_override");
        fallback = read_trimmed(dev_dir, "fake_default_driver");
        driver = override && *override && !g_str_equal(override, "(null)") ? override : fallback;
        if (!driver)
            return 0;
        driver_dir = g_strdup_printf("%s/sys/bus/pci/drivers/%s", root, driver);
        if (g_file_test(driver_dir, G_FILE_TEST_IS_DIR))
            fake_bind(root, dev_rel, addr, driver);
    }
    return 0;
}
