/* Node device driver tests: enumeration of the real host (read-only) and of fake SR-IOV trees, PCI detach/reattach/reset with a fake kernel, hotplug rescans. */
#define MV_LOG_MODULE "tests.nodedev"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include <glib.h>
#include <string.h>

#include "fake_sysfs.h"
#include "nodedev_enum.h"
#include "nodedev_pci_detach.h"
#include "nodedev_sysfs_pci.h"
#include "testutil.h"
#include "conf/nodedev.h"
#include "util/error.h"

static guint
dir_entries(const char *path)
{
    g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
    guint n = 0;

    if (!dir)
        return 0;
    while (g_dir_read_name(dir))
        n++;
    return n;
}

static guint
count_prefix(char **names, const char *prefix)
{
    guint n = 0;

    for (size_t i = 0; names[i]; i++)
        n += g_str_has_prefix(names[i], prefix);
    return n;
}

/* Every device: XML formats, parses back, and the parsed form is a fixed
 * point (the parser drops <driver>, which only the driver writes). */
static void
check_all_devices(MvNodeDevStore *store)
{
    g_auto(GStrv) names = mv_nodedev_store_list(store, 0);

    for (size_t i = 0; names[i]; i++) {
        g_autoptr(MvNodeDev) dev = mv_nodedev_store_lookup(store, names[i]);
        const MvNodeDevDef *def = mv_nodedev_get_def(dev);
        g_autofree char *xml = mv_nodedev_store_get_xml(store, names[i]);
        g_autoptr(MvNodeDevDef) parsed = NULL;
        g_autoptr(MvNodeDevDef) reparsed = NULL;
        g_autofree char *xml2 = NULL;
        g_autofree char *xml3 = NULL;

        g_assert_nonnull(xml);
        parsed = mv_nodedev_def_parse_string(xml);
        if (!parsed)
            g_error("'%s' does not reparse: %s\n%s", names[i], mv_error_last_message(), xml);
        g_assert_cmpstr(parsed->name, ==, names[i]);
        xml2 = mv_nodedev_def_format(parsed);
        reparsed = mv_nodedev_def_parse_string(xml2);
        g_assert_nonnull(reparsed);
        xml3 = mv_nodedev_def_format(reparsed);
        g_assert_cmpstr(xml2, ==, xml3);

        if (g_str_equal(names[i], "computer")) {
            g_assert_null(def->parent);
        } else {
            g_autoptr(MvNodeDev) parent = mv_nodedev_store_lookup(store, def->parent);

            if (!parent)
                g_error("parent '%s' of '%s' is not listed", def->parent, names[i]);
        }
    }
}

/* Read-only: the real /sys. libvirt lists every PCI function and every
 * interface of /sys/class/net, lo included. */
static void
test_host(void)
{
    g_autoptr(MvNodeDevStore) store = mv_nodedev_store_new(NULL);
    g_auto(GStrv) names = NULL;
    g_auto(GStrv) pci = NULL;
    g_auto(GStrv) net = NULL;

    g_assert_nonnull(store);
    g_assert_false(mv_nodedev_store_is_fake(store));
    g_assert_cmpint(mv_nodedev_store_rescan(store), ==, 0);
    names = mv_nodedev_store_list(store, 0);
    pci = mv_nodedev_store_list(store, MV_NODEDEV_CAP_BIT(MV_NODEDEV_CAP_PCI));
    net = mv_nodedev_store_list(store, MV_NODEDEV_CAP_BIT(MV_NODEDEV_CAP_NET));
    g_test_message("%u devices on this host", g_strv_length(names));

    g_assert_cmpuint(count_prefix(names, "pci_"), ==, dir_entries("/sys/bus/pci/devices"));
    g_assert_cmpuint(g_strv_length(pci), ==, dir_entries("/sys/bus/pci/devices"));
    g_assert_cmpuint(count_prefix(names, "net_"), ==, dir_entries("/sys/class/net"));
    g_assert_cmpuint(g_strv_length(net), ==, dir_entries("/sys/class/net"));
    if (g_file_test("/sys/class/net/lo", G_FILE_TEST_EXISTS))
        g_assert_true(g_strv_contains((const char *const *) names, "net_lo_00_00_00_00_00_00"));
    g_assert_true(g_strv_contains((const char *const *) names, "computer"));
    check_all_devices(store);
}

static char *
sriov_root(unsigned int nvfs, bool with_vfio)
{
    char *root = mv_test_root_new();

    mv_fake_sysfs_sriov_nic(root, nvfs, with_vfio);
    return root;
}

static void
test_sriov_enum(void)
{
    g_autofree char *root = sriov_root(4, true);
    g_autoptr(MvNodeDevStore) store = mv_nodedev_store_new(root);
    g_autoptr(MvNodeDev) pf = NULL;
    g_autoptr(MvNodeDev) vf = NULL;
    g_autoptr(MvNodeDev) eth0 = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *parent = NULL;
    g_auto(GStrv) caps = NULL;
    const MvNodeDevPci *pci;
    const MvNodeDevDef *def;

    g_assert_true(mv_nodedev_store_is_fake(store));
    g_assert_cmpint(mv_nodedev_store_rescan(store), ==, 0);
    g_assert_cmpuint(mv_nodedev_store_count(store, MV_NODEDEV_CAP_BIT(MV_NODEDEV_CAP_PCI)), ==, 6);
    g_assert_cmpuint(mv_nodedev_store_count(store, MV_NODEDEV_CAP_BIT(MV_NODEDEV_CAP_NET)), ==, 5);

    pf = mv_nodedev_store_lookup(store, "pci_0000_03_00_0");
    g_assert_nonnull(pf);
    def = mv_nodedev_get_def(pf);
    pci = &def->caps[0].u.pci;
    g_assert_cmpstr(def->parent, ==, "pci_0000_00_03_0");
    g_assert_cmpstr(def->driver, ==, "ixgbe");
    g_assert_cmpstr(def->sysfs_path, ==, "/sys/devices/pci0000:00/0000:00:03.0/0000:03:00.0");
    g_assert_true(pci->has_virt_functions);
    g_assert_cmpuint(pci->max_virt_functions, ==, 8);
    g_assert_cmpuint(pci->nvirt_functions, ==, 4);
    g_assert_cmpuint(pci->virt_functions[3].slot, ==, 0x10);
    g_assert_cmpuint(pci->virt_functions[3].function, ==, 3);
    g_assert_cmpuint(pci->iommu_group, ==, 19);
    g_assert_cmpuint(pci->niommu_devices, ==, 1);
    g_assert_cmpint(pci->numa_node, ==, 0);
    g_assert_cmpstr(pci->vendor_name, ==, "Fake Intel Corporation");
    g_assert_cmpstr(pci->product_name, ==, "Fake 82599ES 10-Gigabit SFI/SFP+ Network Connection");

    xml = mv_nodedev_store_get_xml(store, "pci_0000_03_00_0");
    g_test_message("%s", xml);
    g_assert_nonnull(strstr(xml, "<capability type='virt_functions' maxCount='8'>"));
    g_assert_nonnull(strstr(xml, "<class>0x020000</class>"));
    g_assert_nonnull(strstr(xml, "<iommuGroup number='19'>"));
    g_assert_nonnull(strstr(xml, "<link validity='cap' speed='5' width='8'/>"));
    g_clear_pointer(&xml, g_free);

    vf = mv_nodedev_store_lookup(store, "pci_0000_03_10_2");
    def = mv_nodedev_get_def(vf);
    pci = &def->caps[0].u.pci;
    g_assert_true(pci->has_phys_function);
    g_assert_cmpuint(pci->phys_function.bus, ==, 3);
    g_assert_cmpuint(pci->phys_function.slot, ==, 0);
    g_assert_false(pci->has_virt_functions);
    g_assert_cmpuint(pci->iommu_group, ==, 22);
    g_assert_cmpstr(def->parent, ==, "pci_0000_00_03_0");
    xml = mv_nodedev_store_get_xml(store, "pci_0000_03_10_2");
    g_assert_nonnull(strstr(xml, "<capability type='phys_function'>"));
    g_assert_nonnull(strstr(xml, "<address domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>"));
    g_clear_pointer(&xml, g_free);

    xml = mv_nodedev_store_get_xml(store, "pci_0000_00_03_0");
    g_assert_nonnull(strstr(xml, "<capability type='pci-bridge'/>"));
    g_assert_nonnull(strstr(xml, "<parent>computer</parent>"));
    g_clear_pointer(&xml, g_free);

    eth0 = mv_nodedev_store_lookup(store, "net_eth0_52_54_00_aa_00_00");
    g_assert_nonnull(eth0);
    def = mv_nodedev_get_def(eth0);
    g_assert_cmpstr(def->parent, ==, "pci_0000_03_00_0");
    g_assert_cmpstr(def->caps[0].u.net.address, ==, "52:54:00:aa:00:00");
    g_assert_cmpuint(def->caps[0].u.net.link_speed, ==, 10000);
    g_assert_cmpint(def->caps[0].u.net.link_state, ==, MV_NETDEV_IF_STATE_UP);
    xml = mv_nodedev_store_get_xml(store, "net_ethvf3_52_54_00_aa_01_03");
    g_assert_nonnull(xml);
    g_assert_nonnull(strstr(xml, "<parent>pci_0000_03_10_3</parent>"));
    g_assert_nonnull(strstr(xml, "<link state='down'/>"));

    parent = mv_nodedev_store_get_parent(store, "net_eth0_52_54_00_aa_00_00");
    g_assert_cmpstr(parent, ==, "pci_0000_03_00_0");
    g_assert_null(mv_nodedev_store_get_parent(store, "computer"));
    caps = mv_nodedev_store_list_caps(store, "pci_0000_03_00_0");
    g_assert_cmpuint(g_strv_length(caps), ==, 1);
    g_assert_cmpstr(caps[0], ==, "pci");

    g_assert_null(mv_nodedev_store_lookup(store, "pci_0000_7f_1f_7"));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_NO_NODE_DEVICE);
    g_assert_nonnull(strstr(mv_error_last_message(), "pci_0000_7f_1f_7"));
    g_assert_null(mv_nodedev_store_lookup_scsi_host_by_wwn(store, "20000000c9831b4b", "10000000c9831b4b"));

    check_all_devices(store);
    mv_test_root_remove(root);
}

/* A fake FC HBA: scsi_host5 below a PCI function, found by its WWNs. */
static void
test_fc_host(void)
{
    g_autofree char *root = sriov_root(0, true);
    g_autoptr(MvNodeDevStore) store = NULL;
    g_autoptr(MvNodeDev) host = NULL;
    g_auto(GStrv) caps = NULL;
    const char *host_rel = "sys/devices/pci0000:00/0000:00:03.0/0000:03:00.0/host5";

    mv_test_write_file(root, "sys/devices/pci0000:00/0000:00:03.0/0000:03:00.0/host5/uevent",
                       "DEVTYPE=scsi_host\n");
    mv_fake_sysfs_link(root, "sys/bus/scsi/devices/host5", host_rel);
    mv_test_write_file(root, "sys/class/scsi_host/host5/unique_id", "7\n");
    mv_test_write_file(root, "sys/class/fc_host/host5/node_name", "0x20000000c9831b4b\n");
    mv_test_write_file(root, "sys/class/fc_host/host5/port_name", "0x10000000c9831b4b\n");
    mv_test_write_file(root, "sys/class/fc_host/host5/max_npiv_vports", "255\n");
    mv_test_write_file(root, "sys/class/fc_host/host5/npiv_vports_inuse", "1\n");

    store = mv_nodedev_store_new(root);
    g_assert_cmpint(mv_nodedev_store_rescan(store), ==, 0);
    host = mv_nodedev_store_lookup_scsi_host_by_wwn(store, "20000000c9831b4b", "10000000c9831b4b");
    g_assert_nonnull(host);
    g_assert_cmpstr(mv_nodedev_get_def(host)->name, ==, "scsi_host5");
    g_assert_cmpstr(mv_nodedev_get_def(host)->parent, ==, "pci_0000_03_00_0");
    g_assert_cmpint(mv_nodedev_get_def(host)->caps[0].u.scsi_host.unique_id, ==, 7);
    caps = mv_nodedev_store_list_caps(store, "scsi_host5");
    g_assert_cmpuint(g_strv_length(caps), ==, 3);
    g_assert_cmpstr(caps[1], ==, "fc_host");
    g_assert_cmpstr(caps[2], ==, "vports");
    g_assert_cmpuint(mv_nodedev_store_count(store, MV_NODEDEV_CAP_BIT(MV_NODEDEV_CAP_FC_HOST)), ==, 1);
    check_all_devices(store);
    mv_test_root_remove(root);
}

static char *
read_file(const char *root, const char *rel)
{
    g_autofree char *path = g_build_filename(root, rel, NULL);
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return NULL;
    return g_strstrip(text);
}

#define VF1_DIR "sys/devices/pci0000:00/0000:00:03.0/0000:03:10.1"

static void
test_detach_reattach(void)
{
    g_autofree char *root = sriov_root(4, true);
    g_autofree char *state = g_build_filename(root, "run/modvirt/nodedev", NULL);
    g_autofree char *override = NULL;
    g_autofree char *record = NULL;
    g_autofree char *reset = NULL;
    MvPciAddr addr;

    g_assert_cmpint(mv_nodedev_pci_name_parse("pci_0000_03_10_1", &addr), ==, 0);
    mv_nodedev_pci_set_write_func(mv_fake_kernel_write, root);

    g_assert_cmpint(mv_nodedev_pci_detach(root, state, &addr), ==, 0);
    {
        g_autofree char *link = g_build_filename(root, VF1_DIR, "driver", NULL);
        g_autofree char *target = g_file_read_link(link, NULL);

        g_assert_nonnull(target);
        g_assert_true(g_str_has_suffix(target, "/drivers/vfio-pci"));
    }
    override = read_file(root, VF1_DIR "/driver_override");
    g_assert_cmpstr(override, ==, "vfio-pci");
    record = read_file(root, "run/modvirt/nodedev/0000:03:10.1.driver");
    g_assert_cmpstr(record, ==, "ixgbevf");
    /* Detaching again is harmless. */
    g_assert_cmpint(mv_nodedev_pci_detach(root, state, &addr), ==, 0);

    g_assert_cmpint(mv_nodedev_pci_reset(root, &addr), ==, 0);
    reset = read_file(root, VF1_DIR "/reset");
    g_assert_cmpstr(reset, ==, "1");

    g_assert_cmpint(mv_nodedev_pci_reattach(root, state, &addr), ==, 0);
    {
        g_autofree char *link = g_build_filename(root, VF1_DIR, "driver", NULL);
        g_autofree char *target = g_file_read_link(link, NULL);
        g_autofree char *path = g_build_filename(root, "run/modvirt/nodedev/0000:03:10.1.driver", NULL);

        g_assert_nonnull(target);
        g_assert_true(g_str_has_suffix(target, "/drivers/ixgbevf"));
        g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    }
    g_clear_pointer(&override, g_free);
    override = read_file(root, VF1_DIR "/driver_override");
    g_assert_cmpstr(override, ==, "");

    mv_nodedev_pci_set_write_func(NULL, NULL);
    mv_test_root_remove(root);
}

/* The fake kernel, counting the writes that take a device off its driver
 * or bind it again (driver/unbind, drivers_probe). */
static int
counting_kernel_write(const char *path, const char *value, void *opaque)
{
    const char **root_and_count = opaque;
    g_autofree char *base = g_path_get_basename(path);

    if (g_str_equal(base, "unbind") || g_str_equal(base, "drivers_probe"))
        (*(unsigned int *) root_and_count[1])++;
    return mv_fake_kernel_write(path, value, (void *) root_and_count[0]);
}

/* Reattach of a device on its host driver: no unbind, no probe (they would
 * take the VF's host netdev away); an override left behind is cleared. */
static void
test_reattach_attached(void)
{
    g_autofree char *root = sriov_root(4, true);
    g_autofree char *state = g_build_filename(root, "run/modvirt/nodedev", NULL);
    g_autofree char *override_path = g_build_filename(root, VF1_DIR, "driver_override", NULL);
    g_autofree char *link = g_build_filename(root, VF1_DIR, "driver", NULL);
    unsigned int writes = 0;
    const char *opaque[2] = { root, (const char *) &writes };
    MvPciAddr addr = { 0, 3, 0x10, 1 };

    mv_nodedev_pci_set_write_func(counting_kernel_write, opaque);

    g_assert_cmpint(mv_nodedev_pci_reattach(root, state, &addr), ==, 0);
    g_assert_cmpuint(writes, ==, 0);
    {
        g_autofree char *target = g_file_read_link(link, NULL);

        g_assert_nonnull(target);
        g_assert_true(g_str_has_suffix(target, "/drivers/ixgbevf"));
    }

    /* A detach that stopped after writing the override. */
    g_assert_true(g_file_set_contents(override_path, "vfio-pci", -1, NULL));
    g_assert_cmpint(mv_nodedev_pci_reattach(root, state, &addr), ==, 0);
    g_assert_cmpuint(writes, ==, 0);
    {
        g_autofree char *override = read_file(root, VF1_DIR "/driver_override");
        g_autofree char *target = g_file_read_link(link, NULL);

        g_assert_cmpstr(override, ==, "");
        g_assert_true(g_str_has_suffix(target, "/drivers/ixgbevf"));
    }

    /* From vfio-pci it still unbinds and probes. */
    g_assert_cmpint(mv_nodedev_pci_detach(root, state, &addr), ==, 0);
    writes = 0;
    g_assert_cmpint(mv_nodedev_pci_reattach(root, state, &addr), ==, 0);
    g_assert_cmpuint(writes, ==, 2);
    {
        g_autofree char *target = g_file_read_link(link, NULL);

        g_assert_true(g_str_has_suffix(target, "/drivers/ixgbevf"));
    }

    mv_nodedev_pci_set_write_func(NULL, NULL);
    mv_test_root_remove(root);
}

static void
test_detach_errors(void)
{
    g_autofree char *root = sriov_root(2, false);
    g_autofree char *groups = g_build_filename(root, "sys/kernel/iommu_groups", NULL);
    MvPciAddr addr = { 0, 3, 0x10, 1 };
    MvPciAddr missing = { 0, 0x7f, 0x1f, 7 };

    mv_nodedev_pci_set_write_func(mv_fake_kernel_write, root);

    g_assert_cmpint(mv_nodedev_pci_detach(root, NULL, &missing), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_NO_NODE_DEVICE);
    g_assert_nonnull(strstr(mv_error_last_message(), "0000:7f:1f.7"));
    g_assert_cmpint(mv_nodedev_pci_reattach(root, NULL, &missing), ==, -1);
    g_assert_nonnull(strstr(mv_error_last_message(), "0000:7f:1f.7"));
    g_assert_cmpint(mv_nodedev_pci_reset(root, &missing), ==, -1);
    g_assert_nonnull(strstr(mv_error_last_message(), "0000:7f:1f.7"));

    /* No vfio-pci driver in this tree. */
    g_assert_cmpint(mv_nodedev_pci_detach(root, NULL, &addr), ==, -1);
    g_test_message("%s", mv_error_last_message());
    g_assert_nonnull(strstr(mv_error_last_message(), "0000:03:10.1"));
    g_assert_nonnull(strstr(mv_error_last_message(), "vfio-pci driver is not loaded"));

    /* No IOMMU groups at all. */
    mv_test_root_remove(groups);
    g_assert_cmpint(mv_nodedev_pci_detach(root, NULL, &addr), ==, -1);
    g_test_message("%s", mv_error_last_message());
    g_assert_nonnull(strstr(mv_error_last_message(), "host has no IOMMU"));
    g_assert_nonnull(strstr(mv_error_last_message(), "iommu_groups"));

    /* Nothing was changed by the failures. */
    {
        g_autofree char *link = g_build_filename(root, VF1_DIR, "driver", NULL);
        g_autofree char *target = g_file_read_link(link, NULL);

        g_assert_nonnull(target);
        g_assert_true(g_str_has_suffix(target, "/drivers/ixgbevf"));
    }
    mv_nodedev_pci_set_write_func(NULL, NULL);
    mv_test_root_remove(root);
}

typedef struct {
    GPtrArray *created;
    GPtrArray *deleted;
} Events;

static void
record_event(const char *name, MvNodeDevEventType event, void *opaque)
{
    Events *events = opaque;

    g_ptr_array_add(event == MV_NODEDEV_EVENT_CREATED ? events->created : events->deleted,
                    g_strdup(name));
}

static void
test_hotplug_rescan(void)
{
    g_autofree char *root = sriov_root(4, true);
    g_autoptr(MvNodeDevStore) store = mv_nodedev_store_new(root);
    g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) deleted = g_ptr_array_new_with_free_func(g_free);
    Events events = { created, deleted };
    g_autoptr(MvNodeDev) pf = NULL;

    mv_nodedev_store_set_event_callback(store, record_event, &events);
    g_assert_cmpint(mv_nodedev_store_rescan(store), ==, 0);
    g_assert_cmpuint(created->len, ==, 0);      /* the first scan is no hotplug */

    mv_fake_sysfs_sriov_vf_add(root, 4);
    g_assert_cmpint(mv_nodedev_store_rescan(store), ==, 0);
    g_assert_cmpuint(deleted->len, ==, 0);
    g_assert_cmpuint(created->len, ==, 2);
    g_assert_cmpstr(created->pdata[0], ==, "net_ethvf4_52_54_00_aa_01_04");
    g_assert_cmpstr(created->pdata[1], ==, "pci_0000_03_10_4");
    pf = mv_nodedev_store_lookup(store, "pci_0000_03_00_0");
    g_assert_cmpuint(mv_nodedev_get_def(pf)->caps[0].u.pci.nvirt_functions, ==, 5);

    g_ptr_array_set_size(created, 0);
    mv_fake_sysfs_sriov_vf_remove(root, 4);
    mv_fake_sysfs_sriov_vf_remove(root, 0);
    g_assert_cmpint(mv_nodedev_store_rescan(store), ==, 0);
    g_assert_cmpuint(created->len, ==, 0);
    g_assert_cmpuint(deleted->len, ==, 4);
    g_assert_cmpstr(deleted->pdata[0], ==, "net_ethvf0_52_54_00_aa_01_00");
    g_assert_cmpstr(deleted->pdata[1], ==, "net_ethvf4_52_54_00_aa_01_04");
    g_assert_cmpstr(deleted->pdata[2], ==, "pci_0000_03_10_0");
    g_assert_cmpstr(deleted->pdata[3], ==, "pci_0000_03_10_4");
    g_assert_null(mv_nodedev_store_lookup(store, "pci_0000_03_10_4"));

    /* An unchanged tree gives no events. */
    g_ptr_array_set_size(deleted, 0);
    g_assert_cmpint(mv_nodedev_store_rescan(store), ==, 0);
    g_assert_cmpuint(created->len + deleted->len, ==, 0);
    mv_test_root_remove(root);
}

static void
test_names(void)
{
    MvPciAddr addr;
    g_autofree char *name = NULL;

    g_assert_cmpint(mv_nodedev_pci_name_parse("pci_0000_00_1f_2", &addr), ==, 0);
    g_assert_cmpuint(addr.slot, ==, 0x1f);
    g_assert_cmpuint(addr.function, ==, 2);
    name = mv_nodedev_pci_name(&addr);
    g_assert_cmpstr(name, ==, "pci_0000_00_1f_2");
    g_assert_cmpint(mv_nodedev_pci_name_parse("net_eth0_52_54_00_12_34_56", &addr), ==, -1);
    g_assert_nonnull(strstr(mv_error_last_message(), "net_eth0_52_54_00_12_34_56"));
    g_assert_cmpint(mv_nodedev_pci_name_parse("pci_0000_00_1f_9", &addr), ==, -1);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/nodedev/names", test_names);
    g_test_add_func("/nodedev/host", test_host);
    g_test_add_func("/nodedev/fake/sriov-enum", test_sriov_enum);
    g_test_add_func("/nodedev/fake/fc-host", test_fc_host);
    g_test_add_func("/nodedev/fake/detach-reattach", test_detach_reattach);
    g_test_add_func("/nodedev/fake/reattach-attached", test_reattach_attached);
    g_test_add_func("/nodedev/fake/detach-errors", test_detach_errors);
    g_test_add_func("/nodedev/fake/hotplug-rescan", test_hotplug_rescan);
    return g_test_run();
}
