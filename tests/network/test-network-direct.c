/* Tests of the macvtap modes' pool built from <pf dev=> (its VFs' interfaces, from the fake SR-IOV NIC of tests/nodedev/fake-sysfs), in process; nothing on the host changes. */
#define MV_LOG_MODULE "tests.network.direct"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include <libvirt/libvirt.h>
#include <string.h>
#include <unistd.h>

#include "fake_sysfs.h"
#include "network_driver.h"
#include "testutil.h"
#include "util/error.h"
#include "util/file.h"

#define OWNER "0f3e2d1c-4b5a-4697-8877-66554433bb01"

static char *
port_xml(unsigned int n)
{
    return g_strdup_printf("<networkport>\n  <uuid>8c2b4d6e-1a3f-4b5c-9d7e-0f1a2b3c4d%02u</uuid>\n"
                           "  <owner><name>guest%u</name><uuid>" OWNER "</uuid></owner>\n"
                           "  <mac address='52:54:00:00:30:%02u'/>\n</networkport>\n", n, n, n);
}

typedef struct {
    char *root;
    MvNetworkDriver driver;
} Fixture;

static void
fixture_setup(Fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
    fx->root = mv_test_root_new();
    fx->driver.nets = g_ptr_array_new_with_free_func((GDestroyNotify) mv_network_obj_free);
    fx->driver.root = fx->root;
    fx->driver.run_dir = g_build_filename(fx->root, "run", "modvirt", "network", NULL);
    fx->driver.ports_dir = g_build_filename(fx->driver.run_dir, "ports", NULL);
    g_assert_cmpint(g_mkdir_with_parents(fx->driver.run_dir, 0755), ==, 0);
}

static void
fixture_teardown(Fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
    g_ptr_array_unref(fx->driver.nets);
    g_free(fx->driver.run_dir);
    g_free(fx->driver.ports_dir);
    mv_test_root_remove(fx->root);
    g_free(fx->root);
}

static MvNetworkObj *
started(Fixture *fx, const char *xml)
{
    MvNetworkObj *obj = mv_network_obj_new();

    obj->live = mv_network_def_parse_string(xml);
    g_assert_nonnull(obj->live);
    g_ptr_array_add(fx->driver.nets, obj);
    return obj;
}

/* Passthrough on <pf dev='eth0'/>: the pool is ethvf0..3, one port each. */
static void
test_pf_pool(Fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
    MvNetworkObj *obj;
    g_autofree char *live = NULL;

    mv_fake_sysfs_sriov_nic(fx->root, 4, false);
    obj = started(fx, "<network><name>ptpf</name><forward mode='passthrough'>"
                      "<pf dev='eth0'/></forward></network>");
    g_assert_cmpint(mv_network_direct_start(&fx->driver, obj), ==, 0);
    g_assert_cmpuint(obj->live->forward.nifs, ==, 4);
    g_assert_cmpstr(obj->live->forward.ifs[0].dev, ==, "ethvf0");
    g_assert_cmpstr(obj->live->forward.ifs[3].dev, ==, "ethvf3");

    for (unsigned int i = 0; i < 4; i++) {
        g_autofree char *xml = port_xml(i);
        g_autofree char *want = g_strdup_printf("ethvf%u", i);
        MvNetworkPortDef *port = mv_network_port_create(&fx->driver, obj, xml, 0);

        g_assert_nonnull(port);
        g_assert_cmpint(port->plug_type, ==, MV_PORT_PLUG_DIRECT);
        g_assert_cmpint(port->plug_mode, ==, MV_MACVLAN_PASSTHROUGH);
        g_assert_cmpstr(port->plug_dev, ==, want);
    }
    {
        g_autofree char *xml = port_xml(4);

        g_assert_null(mv_network_port_create(&fx->driver, obj, xml, 0));
        g_assert_cmpstr(mv_error_last_message(), ==,
                        "internal error: network 'ptpf' requires exclusive access to interfaces, "
                        "but none are available");
    }
    live = mv_network_def_format(obj->live, 0);
    g_assert_nonnull(strstr(live, "<pf dev='eth0'/>"));
    g_assert_nonnull(strstr(live, "<interface dev='ethvf2' connections='1'/>"));

    /* A reclaimed port keeps its device, which must be free. */
    {
        g_autofree char *xml = g_strdup_printf("<networkport>\n  <uuid>8c2b4d6e-1a3f-4b5c-9d7e-0f1a2b3c4d50</uuid>\n"
                                               "  <owner><name>g</name><uuid>" OWNER "</uuid></owner>\n"
                                               "  <mac address='52:54:00:00:30:50'/>\n"
                                               "  <plug type='direct' dev='ethvf1' mode='passthrough'/>\n"
                                               "</networkport>\n");

        g_assert_null(mv_network_port_create(&fx->driver, obj, xml, VIR_NETWORK_PORT_CREATE_RECLAIM));
        g_assert_cmpstr(mv_error_last_message(), ==,
                        "internal error: network 'ptpf' claims dev='ethvf1' is already in use by a "
                        "different port");
    }
}

/* A VF that lost its interface (bound to vfio-pci) stays out of the pool;
 * a PF without usable VFs cannot start. */
static void
test_pf_unusable(Fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
    g_autofree char *net_dir = NULL;
    MvNetworkObj *obj;

    mv_fake_sysfs_sriov_nic(fx->root, 2, false);
    net_dir = g_build_filename(fx->root, "sys/bus/pci/devices/0000:03:10.0/net", NULL);
    g_assert_cmpint(mv_file_remove_tree(net_dir), ==, 0);
    obj = started(fx, "<network><name>vepapf</name><forward mode='vepa'>"
                      "<pf dev='eth0'/></forward></network>");
    g_assert_cmpint(mv_network_direct_start(&fx->driver, obj), ==, 0);
    g_assert_cmpuint(obj->live->forward.nifs, ==, 1);
    g_assert_cmpstr(obj->live->forward.ifs[0].dev, ==, "ethvf1");

    net_dir = (g_free(net_dir), g_build_filename(fx->root, "sys/bus/pci/devices/0000:03:10.1/net", NULL));
    g_assert_cmpint(mv_file_remove_tree(net_dir), ==, 0);
    obj = started(fx, "<network><name>vepapf2</name><forward mode='vepa'>"
                      "<pf dev='eth0'/></forward></network>");
    g_assert_cmpint(mv_network_direct_start(&fx->driver, obj), ==, -1);
    g_assert_cmpstr(mv_error_last_message(), ==,
                    "internal error: No usable Vf's present on SRIOV PF eth0");
}

/* private with 802.1Qbh is exclusive too; without, devices are shared. */
static void
test_private(Fixture *fx, gconstpointer data G_GNUC_UNUSED)
{
    MvNetworkObj *obj = started(fx, "<network><name>priv</name><forward mode='private'>"
                                    "<interface dev='eth7'/></forward></network>");
    const char *qbh = "  <virtualport type='802.1Qbh'><parameters profileid='p1'/></virtualport>\n";
    g_autofree char *a = port_xml(1);
    g_autofree char *b = port_xml(2);
    g_autofree char *c = NULL;
    MvNetworkPortDef *port;

    g_assert_cmpint(mv_network_direct_start(&fx->driver, obj), ==, 0);
    port = mv_network_port_create(&fx->driver, obj, a, 0);
    g_assert_nonnull(port);
    g_assert_cmpint(port->plug_mode, ==, MV_MACVLAN_PRIVATE);
    g_assert_nonnull(mv_network_port_create(&fx->driver, obj, b, 0));
    g_assert_cmpuint(obj->live->forward.ifs[0].connections, ==, 2);

    c = g_strdup_printf("<networkport>\n  <uuid>8c2b4d6e-1a3f-4b5c-9d7e-0f1a2b3c4d60</uuid>\n"
                        "  <owner><name>g</name><uuid>" OWNER "</uuid></owner>\n"
                        "  <mac address='52:54:00:00:30:60'/>\n%s</networkport>\n", qbh);
    g_assert_null(mv_network_port_create(&fx->driver, obj, c, 0));
    g_assert_cmpstr(mv_error_last_message(), ==,
                    "internal error: network 'priv' requires exclusive access to interfaces, but "
                    "none are available");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add("/network-direct/pf-pool", Fixture, NULL, fixture_setup, test_pf_pool,
               fixture_teardown);
    g_test_add("/network-direct/pf-unusable", Fixture, NULL, fixture_setup, test_pf_unusable,
               fixture_teardown);
    g_test_add("/network-direct/private", Fixture, NULL, fixture_setup, test_private,
               fixture_teardown);
    return g_test_run();
}
