/* modvirt-nodedevd's procedures through lib/rpc's client and Debian's virsh: a fake SR-IOV tree under --root (lists, XML, detach with the fake kernel, events on rescan) and the real host read-only. */
#define MV_LOG_MODULE "tests.nodedevd"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include <libvirt/libvirt.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fake_sysfs.h"
#include "nodedev_enum.h"
#include "protocol/remote.h"
#include "rpc/client.h"
#include "testutil.h"
#include "util/error.h"

#define URI "nodedev:///system"
#define PF "pci_0000_03_00_0"
#define VF1 "pci_0000_03_10_1"
#define VF4 "pci_0000_03_10_4"
#define NET_VF4 "net_ethvf4_52_54_00_aa_01_04"
#define VF1_DIR "sys/devices/pci0000:00/0000:00:03.0/0000:03:10.1"
#define CALL_TIMEOUT_MS 10000
#define EVENT_TIMEOUT_MS 5000

/* A daemon (the real one, or the fake-kernel wrapper) on a fake SR-IOV
 * tree: the bridge, the PF and VFs 0-3, vfio-pci loaded. */
typedef struct {
    char *root;
    MvTestDaemon *daemon;
} Fixture;

static const char *const daemon_args[] = { "--timeout", "60", NULL };

static char *
fake_kernel_binary(void)
{
    return mv_test_built_file("tests/nodedev/nodedevd-fake-kernel");
}

/* The fake-kernel wrapper is started like mv_test_daemon_start() starts
 * the real binary. */
static MvTestDaemon *
start_fake_kernel_daemon(const char *root)
{
    g_autofree char *binary = fake_kernel_binary();
    g_autoptr(MvTestDaemon) daemon = g_new0(MvTestDaemon, 1);
    const char *argv[] = { binary, "--root", root, "--timeout", "60", NULL };

    if (!binary)
        return NULL;
    daemon->name = g_strdup("nodedevd");
    daemon->root = g_strdup(root);
    daemon->rw_socket = mv_test_socket_path(root, "nodedevd", false);
    daemon->ro_socket = mv_test_socket_path(root, "nodedevd", true);
    daemon->stderr_path = g_build_filename(root, "nodedevd.stderr", NULL);
    daemon->pid = mv_test_spawn(argv, NULL, daemon->stderr_path);
    g_assert_true(mv_test_wait_socket(daemon->rw_socket, MV_TEST_START_TIMEOUT_MS));
    return g_steal_pointer(&daemon);
}

static bool
fixture_start(Fixture *fx, bool fake_kernel)
{
    g_autofree char *binary = fake_kernel ? fake_kernel_binary() : mv_test_daemon_binary("nodedevd");

    if (!binary)
        return false;
    fx->root = mv_test_root_new();
    mv_fake_sysfs_sriov_nic(fx->root, 4, true);
    if (fake_kernel)
        fx->daemon = start_fake_kernel_daemon(fx->root);
    else
        fx->daemon = mv_test_daemon_start("nodedevd", fx->root, daemon_args);
    g_assert_nonnull(fx->daemon);
    return true;
}

static void
fixture_stop(Fixture *fx)
{
    if (fx->daemon && fx->daemon->pid > 0)
        g_assert_cmpint(mv_test_daemon_stop(fx->daemon), ==, 0);
    g_clear_pointer(&fx->daemon, mv_test_daemon_free);
    if (fx->root)
        mv_test_root_remove(fx->root);
    g_clear_pointer(&fx->root, g_free);
}

static int
call(MvRpcClient *client, int procedure, xdrproc_t args_proc, const void *args,
     xdrproc_t ret_proc, void *ret)
{
    return mv_rpc_client_call(client, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION, procedure,
                              args_proc, args, ret_proc, ret);
}

/* A client that opened uri (flags: VIR_CONNECT_RO or 0). */
static MvRpcClient *
open_client_uri(const char *socket, const char *uri, unsigned int flags)
{
    g_autoptr(MvRpcClient) client = mv_rpc_client_new_unix(socket, 0);
    char *name = (char *) uri;
    remote_connect_open_args args = { .name = &name, .flags = flags };

    g_assert_nonnull(client);
    mv_rpc_client_set_call_timeout(client, CALL_TIMEOUT_MS);
    g_assert_cmpint(call(client, REMOTE_PROC_CONNECT_OPEN,
                         (xdrproc_t) xdr_remote_connect_open_args, &args, NULL, NULL), ==, 0);
    return g_steal_pointer(&client);
}

static MvRpcClient *
open_client(const char *socket, unsigned int flags)
{
    return open_client_uri(socket, URI, flags);
}

/* The call failed with code, in the node device domain unless another is
 * given, and the message holds want. */
static void
assert_error(int rc, int code, int domain, const char *want)
{
    const MvError *err = mv_error_last();

    g_assert_cmpint(rc, ==, -1);
    g_assert_nonnull(err);
    g_test_message("error %d/%d: %s", err->code, err->domain, err->message);
    g_assert_cmpint(err->code, ==, code);
    g_assert_cmpint(err->domain, ==, domain);
    if (want)
        g_assert_nonnull(strstr(err->message, want));
}

/* Names from CONNECT_LIST_ALL_NODE_DEVICES (NULL-terminated), or NULL on error. */
static char **
list_all(MvRpcClient *client, unsigned int flags)
{
    remote_connect_list_all_node_devices_args args = { .need_results = 1, .flags = flags };
    remote_connect_list_all_node_devices_ret ret = { 0 };
    g_autoptr(GPtrArray) names = g_ptr_array_new();

    if (call(client, REMOTE_PROC_CONNECT_LIST_ALL_NODE_DEVICES,
             (xdrproc_t) xdr_remote_connect_list_all_node_devices_args, &args,
             (xdrproc_t) xdr_remote_connect_list_all_node_devices_ret, &ret) < 0)
        return NULL;
    g_assert_cmpuint(ret.ret, ==, ret.devices.devices_len);
    for (u_int i = 0; i < ret.devices.devices_len; i++)
        g_ptr_array_add(names, g_strdup(ret.devices.devices_val[i].name));
    g_ptr_array_add(names, NULL);
    xdr_free((xdrproc_t) xdr_remote_connect_list_all_node_devices_ret, (char *) &ret);
    return (char **) g_ptr_array_free(g_steal_pointer(&names), FALSE);
}

static char *
get_xml(MvRpcClient *client, const char *name)
{
    remote_node_device_get_xml_desc_args args = { .name = (char *) name };
    remote_node_device_get_xml_desc_ret ret = { 0 };

    if (call(client, REMOTE_PROC_NODE_DEVICE_GET_XML_DESC,
             (xdrproc_t) xdr_remote_node_device_get_xml_desc_args, &args,
             (xdrproc_t) xdr_remote_node_device_get_xml_desc_ret, &ret) < 0)
        return NULL;
    return ret.xml;
}

static int
detach_flags(MvRpcClient *client, const char *name, const char *driver, unsigned int flags)
{
    char *driver_name = (char *) driver;
    remote_node_device_detach_flags_args args = {
        .name = (char *) name, .driverName = driver ? &driver_name : NULL, .flags = flags,
    };

    return call(client, REMOTE_PROC_NODE_DEVICE_DETACH_FLAGS,
                (xdrproc_t) xdr_remote_node_device_detach_flags_args, &args, NULL, NULL);
}

static int
name_call(MvRpcClient *client, int procedure, xdrproc_t args_proc, const char *name)
{
    remote_nonnull_string args = (char *) name;

    /* Every one-name argument struct is that one string on the wire. */
    return call(client, procedure, args_proc, &args, NULL, NULL);
}

static void
test_procedure_numbers(void)
{
    static const struct { int value; int expected; } procs[] = {
        { REMOTE_PROC_NODE_NUM_OF_DEVICES, 111 }, { REMOTE_PROC_NODE_LIST_DEVICES, 112 },
        { REMOTE_PROC_NODE_DEVICE_LOOKUP_BY_NAME, 113 },
        { REMOTE_PROC_NODE_DEVICE_GET_XML_DESC, 114 }, { REMOTE_PROC_NODE_DEVICE_GET_PARENT, 115 },
        { REMOTE_PROC_NODE_DEVICE_NUM_OF_CAPS, 116 }, { REMOTE_PROC_NODE_DEVICE_LIST_CAPS, 117 },
        { REMOTE_PROC_NODE_DEVICE_DETTACH, 118 }, { REMOTE_PROC_NODE_DEVICE_RE_ATTACH, 119 },
        { REMOTE_PROC_NODE_DEVICE_RESET, 120 }, { REMOTE_PROC_NODE_DEVICE_CREATE_XML, 123 },
        { REMOTE_PROC_NODE_DEVICE_DESTROY, 124 },
        { REMOTE_PROC_CONNECT_LIST_ALL_NODE_DEVICES, 285 },
        { REMOTE_PROC_NODE_DEVICE_LOOKUP_SCSI_HOST_BY_WWN, 297 },
        { REMOTE_PROC_NODE_DEVICE_DETACH_FLAGS, 301 },
        { REMOTE_PROC_CONNECT_NODE_DEVICE_EVENT_REGISTER_ANY, 374 },
        { REMOTE_PROC_CONNECT_NODE_DEVICE_EVENT_DEREGISTER_ANY, 375 },
        { REMOTE_PROC_NODE_DEVICE_EVENT_LIFECYCLE, 376 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(procs); i++)
        g_assert_cmpint(procs[i].value, ==, procs[i].expected);
}

/* Lists: all devices as the daemon's own store sees the tree, capability
 * flags, the old count/list API, activity flags, bad flags. */
static void
test_fake_list(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) client = NULL;
    g_autoptr(MvNodeDevStore) store = NULL;
    g_auto(GStrv) want = NULL;
    g_auto(GStrv) all = NULL;
    g_auto(GStrv) pci = NULL;
    g_auto(GStrv) net = NULL;
    g_auto(GStrv) none = NULL;

    if (!fixture_start(&fx, false))
        return;
    store = mv_nodedev_store_new(fx.root);
    g_assert_cmpint(mv_nodedev_store_rescan(store), ==, 0);
    want = mv_nodedev_store_list(store, 0);

    client = open_client(fx.daemon->ro_socket, 0);
    all = list_all(client, 0);
    g_assert_nonnull(all);
    g_assert_true(g_strv_equal((const char *const *) all, (const char *const *) want));
    g_assert_true(g_strv_contains((const char *const *) all, VF1));

    pci = list_all(client, VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV);
    g_assert_cmpuint(g_strv_length(pci), ==, 6);
    g_assert_cmpstr(pci[0], ==, "pci_0000_00_03_0");
    g_assert_cmpstr(pci[1], ==, PF);
    net = list_all(client, VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET |
                   VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE);
    g_assert_cmpuint(g_strv_length(net), ==, 5);
    g_assert_cmpstr(net[0], ==, "net_eth0_52_54_00_aa_00_00");
    none = list_all(client, VIR_CONNECT_LIST_NODE_DEVICES_INACTIVE);
    g_assert_cmpuint(g_strv_length(none), ==, 0);
    assert_error(list_all(client, 1u << 25) ? 0 : -1, VIR_ERR_INVALID_ARG, VIR_FROM_NODEDEV,
                 "unsupported flags (0x2000000) in function virConnectListAllNodeDevices");

    {
        char *cap = (char *) "pci";
        remote_node_num_of_devices_args num_args = { .cap = &cap };
        remote_node_num_of_devices_ret num = { 0 };
        remote_node_list_devices_args list_args = { .cap = &cap, .maxnames = 2 };
        remote_node_list_devices_ret list = { 0 };

        g_assert_cmpint(call(client, REMOTE_PROC_NODE_NUM_OF_DEVICES,
                             (xdrproc_t) xdr_remote_node_num_of_devices_args, &num_args,
                             (xdrproc_t) xdr_remote_node_num_of_devices_ret, &num), ==, 0);
        g_assert_cmpint(num.num, ==, 6);
        g_assert_cmpint(call(client, REMOTE_PROC_NODE_LIST_DEVICES,
                             (xdrproc_t) xdr_remote_node_list_devices_args, &list_args,
                             (xdrproc_t) xdr_remote_node_list_devices_ret, &list), ==, 0);
        g_assert_cmpuint(list.names.names_len, ==, 2);
        g_assert_cmpstr(list.names.names_val[1], ==, PF);
        xdr_free((xdrproc_t) xdr_remote_node_list_devices_ret, (char *) &list);

        cap = (char *) "no-such-cap";
        g_assert_cmpint(call(client, REMOTE_PROC_NODE_NUM_OF_DEVICES,
                             (xdrproc_t) xdr_remote_node_num_of_devices_args, &num_args,
                             (xdrproc_t) xdr_remote_node_num_of_devices_ret, &num), ==, 0);
        g_assert_cmpint(num.num, ==, 0);
        num_args.cap = NULL;
        g_assert_cmpint(call(client, REMOTE_PROC_NODE_NUM_OF_DEVICES,
                             (xdrproc_t) xdr_remote_node_num_of_devices_args, &num_args,
                             (xdrproc_t) xdr_remote_node_num_of_devices_ret, &num), ==, 0);
        g_assert_cmpint(num.num, ==, g_strv_length(want));
    }
    fixture_stop(&fx);
}

/* Lookups, XML of a VF and its PF, parents, capabilities, unknown names. */
static void
test_fake_lookup(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) client = NULL;
    g_autofree char *vf_xml = NULL;
    g_autofree char *pf_xml = NULL;

    if (!fixture_start(&fx, false))
        return;
    client = open_client(fx.daemon->ro_socket, 0);

    {
        remote_node_device_lookup_by_name_args args = { .name = (char *) VF1 };
        remote_node_device_lookup_by_name_ret ret = { 0 };

        g_assert_cmpint(call(client, REMOTE_PROC_NODE_DEVICE_LOOKUP_BY_NAME,
                             (xdrproc_t) xdr_remote_node_device_lookup_by_name_args, &args,
                             (xdrproc_t) xdr_remote_node_device_lookup_by_name_ret, &ret), ==, 0);
        g_assert_cmpstr(ret.dev.name, ==, VF1);
        xdr_free((xdrproc_t) xdr_remote_node_device_lookup_by_name_ret, (char *) &ret);

        args.name = (char *) "nosuch";
        assert_error(call(client, REMOTE_PROC_NODE_DEVICE_LOOKUP_BY_NAME,
                          (xdrproc_t) xdr_remote_node_device_lookup_by_name_args, &args,
                          (xdrproc_t) xdr_remote_node_device_lookup_by_name_ret, &ret),
                     VIR_ERR_NO_NODE_DEVICE, VIR_FROM_NODEDEV,
                     "Node device not found: no node device with matching name 'nosuch'");
    }

    vf_xml = get_xml(client, VF1);
    g_assert_nonnull(vf_xml);
    g_assert_nonnull(strstr(vf_xml, "<name>" VF1 "</name>"));
    g_assert_nonnull(strstr(vf_xml, "<capability type='phys_function'>\n"
                                    "      <address domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>"));
    g_assert_nonnull(strstr(vf_xml, "<name>ixgbevf</name>"));
    pf_xml = get_xml(client, PF);
    g_assert_nonnull(pf_xml);
    g_assert_nonnull(strstr(pf_xml, "<capability type='virt_functions' maxCount='8'>"));
    g_assert_nonnull(strstr(pf_xml, "<address domain='0x0000' bus='0x03' slot='0x10' function='0x3'/>"));
    assert_error(get_xml(client, "nosuch") ? 0 : -1, VIR_ERR_NO_NODE_DEVICE, VIR_FROM_NODEDEV,
                 "'nosuch'");

    {
        remote_node_device_get_parent_args args = { .name = (char *) VF1 };
        remote_node_device_get_parent_ret ret = { 0 };

        g_assert_cmpint(call(client, REMOTE_PROC_NODE_DEVICE_GET_PARENT,
                             (xdrproc_t) xdr_remote_node_device_get_parent_args, &args,
                             (xdrproc_t) xdr_remote_node_device_get_parent_ret, &ret), ==, 0);
        g_assert_nonnull(ret.parentName);
        g_assert_cmpstr(*ret.parentName, ==, "pci_0000_00_03_0");
        xdr_free((xdrproc_t) xdr_remote_node_device_get_parent_ret, (char *) &ret);

        /* The root of the tree: null, not an error, as libvirt answers. */
        args.name = (char *) "computer";
        g_assert_cmpint(call(client, REMOTE_PROC_NODE_DEVICE_GET_PARENT,
                             (xdrproc_t) xdr_remote_node_device_get_parent_args, &args,
                             (xdrproc_t) xdr_remote_node_device_get_parent_ret, &ret), ==, 0);
        g_assert_null(ret.parentName);
    }

    {
        remote_node_device_num_of_caps_args num_args = { .name = (char *) PF };
        remote_node_device_num_of_caps_ret num = { 0 };
        remote_node_device_list_caps_args list_args = { .name = (char *) PF, .maxnames = 16 };
        remote_node_device_list_caps_ret list = { 0 };

        g_assert_cmpint(call(client, REMOTE_PROC_NODE_DEVICE_NUM_OF_CAPS,
                             (xdrproc_t) xdr_remote_node_device_num_of_caps_args, &num_args,
                             (xdrproc_t) xdr_remote_node_device_num_of_caps_ret, &num), ==, 0);
        g_assert_cmpint(num.num, ==, 1);
        g_assert_cmpint(call(client, REMOTE_PROC_NODE_DEVICE_LIST_CAPS,
                             (xdrproc_t) xdr_remote_node_device_list_caps_args, &list_args,
                             (xdrproc_t) xdr_remote_node_device_list_caps_ret, &list), ==, 0);
        g_assert_cmpuint(list.names.names_len, ==, 1);
        g_assert_cmpstr(list.names.names_val[0], ==, "pci");
        xdr_free((xdrproc_t) xdr_remote_node_device_list_caps_ret, (char *) &list);
    }

    {
        remote_node_device_lookup_scsi_host_by_wwn_args args = {
            .wwnn = (char *) "2000000000000001", .wwpn = (char *) "1000000000000001",
        };
        remote_node_device_lookup_scsi_host_by_wwn_ret ret = { 0 };

        assert_error(call(client, REMOTE_PROC_NODE_DEVICE_LOOKUP_SCSI_HOST_BY_WWN,
                          (xdrproc_t) xdr_remote_node_device_lookup_scsi_host_by_wwn_args, &args,
                          (xdrproc_t) xdr_remote_node_device_lookup_scsi_host_by_wwn_ret, &ret),
                     VIR_ERR_NO_NODE_DEVICE, VIR_FROM_NODEDEV, "2000000000000001");
    }
    fixture_stop(&fx);
}

static char *
read_file(const char *root, const char *rel)
{
    g_autofree char *path = g_build_filename(root, rel, NULL);
    char *text = NULL;

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    return g_strstrip(text);
}

/* Detach, reattach and reset of a VF with the fake kernel; read-only
 * refusal; libvirt's errors for bad drivers, flags and non-PCI devices;
 * create/destroy unsupported. */
static void
test_fake_detach(void)
{
    Fixture fx = { 0 };
    g_autoptr(MvRpcClient) ro = NULL;
    g_autoptr(MvRpcClient) ro_flag = NULL;
    g_autoptr(MvRpcClient) rw = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *reset = NULL;
    g_autofree char *record = NULL;

    if (!fixture_start(&fx, true))
        return;
    ro = open_client(fx.daemon->ro_socket, 0);
    ro_flag = open_client(fx.daemon->rw_socket, VIR_CONNECT_RO);
    rw = open_client(fx.daemon->rw_socket, 0);

    assert_error(detach_flags(ro, VF1, NULL, 0), VIR_ERR_OPERATION_DENIED, VIR_FROM_RPC, NULL);
    assert_error(name_call(ro, REMOTE_PROC_NODE_DEVICE_DETTACH,
                           (xdrproc_t) xdr_remote_node_device_dettach_args, VF1),
                 VIR_ERR_OPERATION_DENIED, VIR_FROM_RPC, NULL);
    assert_error(name_call(ro_flag, REMOTE_PROC_NODE_DEVICE_RESET,
                           (xdrproc_t) xdr_remote_node_device_reset_args, VF1),
                 VIR_ERR_OPERATION_DENIED, VIR_FROM_RPC, NULL);

    assert_error(detach_flags(rw, VF1, "kvm", 0), VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_NODEDEV,
                 "KVM device assignment is no longer supported on this system");
    assert_error(detach_flags(rw, VF1, "xen", 0), VIR_ERR_INVALID_ARG, VIR_FROM_NODEDEV,
                 "unknown driver name 'xen'");
    assert_error(detach_flags(rw, VF1, NULL, 4), VIR_ERR_INVALID_ARG, VIR_FROM_NODEDEV,
                 "unsupported flags (0x4)");
    assert_error(detach_flags(rw, "net_eth0_52_54_00_aa_00_00", NULL, 0), VIR_ERR_INVALID_ARG,
                 VIR_FROM_NODEDEV, "device net_eth0_52_54_00_aa_00_00 is not a PCI device");
    assert_error(detach_flags(rw, "nosuch", "vfio", 0), VIR_ERR_NO_NODE_DEVICE, VIR_FROM_NODEDEV,
                 "no node device with matching name 'nosuch'");

    g_assert_cmpint(detach_flags(rw, VF1, "vfio", 0), ==, 0);
    xml = get_xml(rw, VF1);
    g_assert_nonnull(strstr(xml, "<name>vfio-pci</name>"));
    record = read_file(fx.root, "run/modvirt/nodedev/0000:03:10.1.driver");
    g_assert_cmpstr(record, ==, "ixgbevf");

    g_assert_cmpint(name_call(rw, REMOTE_PROC_NODE_DEVICE_RESET,
                              (xdrproc_t) xdr_remote_node_device_reset_args, VF1), ==, 0);
    reset = read_file(fx.root, VF1_DIR "/reset");
    g_assert_cmpstr(reset, ==, "1");

    g_assert_cmpint(name_call(rw, REMOTE_PROC_NODE_DEVICE_RE_ATTACH,
                              (xdrproc_t) xdr_remote_node_device_re_attach_args, VF1), ==, 0);
    g_clear_pointer(&xml, g_free);
    xml = get_xml(rw, VF1);
    g_assert_nonnull(strstr(xml, "<name>ixgbevf</name>"));

    /* The old call, with libvirt's spelling, detaches to vfio too. */
    g_assert_cmpint(name_call(rw, REMOTE_PROC_NODE_DEVICE_DETTACH,
                              (xdrproc_t) xdr_remote_node_device_dettach_args, VF1), ==, 0);
    g_clear_pointer(&xml, g_free);
    xml = get_xml(rw, VF1);
    g_assert_nonnull(strstr(xml, "<name>vfio-pci</name>"));
    g_assert_cmpint(name_call(rw, REMOTE_PROC_NODE_DEVICE_RE_ATTACH,
                              (xdrproc_t) xdr_remote_node_device_re_attach_args, VF1), ==, 0);

    {
        remote_node_device_create_xml_args args = { .xml_desc = (char *) "<device/>" };
        remote_node_device_create_xml_ret ret = { 0 };

        assert_error(call(rw, REMOTE_PROC_NODE_DEVICE_CREATE_XML,
                          (xdrproc_t) xdr_remote_node_device_create_xml_args, &args,
                          (xdrproc_t) xdr_remote_node_device_create_xml_ret, &ret),
                     VIR_ERR_NO_SUPPORT, VIR_FROM_RPC, "virNodeDeviceCreateXML");
        assert_error(name_call(rw, REMOTE_PROC_NODE_DEVICE_DESTROY,
                               (xdrproc_t) xdr_remote_node_device_destroy_args, VF1),
                     VIR_ERR_NO_SUPPORT, VIR_FROM_RPC, "virNodeDeviceDestroy");
    }
    fixture_stop(&fx);
}

/* What the event callback of a test client saw: "callbackID event name"
 * lines, queued from the client's I/O thread. */
static void
on_event(MvRpcClient *client, MvRpcMessage *msg, void *opaque)
{
    GAsyncQueue *queue = opaque;
    remote_node_device_event_lifecycle_msg ev = { 0 };

    if (msg->header.procedure != REMOTE_PROC_NODE_DEVICE_EVENT_LIFECYCLE) {
        g_async_queue_push(queue, g_strdup_printf("unexpected procedure %d",
                                                  msg->header.procedure));
        return;
    }
    if (mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_node_device_event_lifecycle_msg,
                                      &ev) < 0) {
        g_async_queue_push(queue, g_strdup("undecodable event"));
        return;
    }
    g_async_queue_push(queue, g_strdup_printf("%d %d %s", ev.callbackID, ev.event, ev.dev.name));
    xdr_free((xdrproc_t) xdr_remote_node_device_event_lifecycle_msg, (char *) &ev);
}

static int
register_event(MvRpcClient *client, int event_id, const char *device, int *ret_id)
{
    remote_nonnull_node_device dev = { .name = (char *) device };
    remote_connect_node_device_event_register_any_args args = {
        .eventID = event_id, .dev = device ? &dev : NULL,
    };
    remote_connect_node_device_event_register_any_ret ret = { 0 };
    int rc = call(client, REMOTE_PROC_CONNECT_NODE_DEVICE_EVENT_REGISTER_ANY,
                  (xdrproc_t) xdr_remote_connect_node_device_event_register_any_args, &args,
                  (xdrproc_t) xdr_remote_connect_node_device_event_register_any_ret, &ret);

    *ret_id = ret.callbackID;
    return rc;
}

static int
deregister_event(MvRpcClient *client, int callback_id)
{
    remote_connect_node_device_event_deregister_any_args args = { .callbackID = callback_id };

    return call(client, REMOTE_PROC_CONNECT_NODE_DEVICE_EVENT_DEREGISTER_ANY,
                (xdrproc_t) xdr_remote_connect_node_device_event_deregister_any_args, &args,
                NULL, NULL);
}

/* The next event line, waiting at most EVENT_TIMEOUT_MS; NULL if none came. */
static char *
next_event(GAsyncQueue *queue, unsigned int timeout_ms)
{
    return g_async_queue_timeout_pop(queue, (guint64) timeout_ms * 1000);
}

/* A client on its own queue. */
typedef struct {
    MvRpcClient *client;
    GAsyncQueue *queue;
} EventClient;

static void
event_client_open(EventClient *ec, const char *socket)
{
    ec->queue = g_async_queue_new_full(g_free);
    ec->client = open_client(socket, 0);
    mv_rpc_client_set_event_callback(ec->client, on_event, g_async_queue_ref(ec->queue),
                                     (GDestroyNotify) g_async_queue_unref);
}

static void
event_client_close(EventClient *ec)
{
    g_clear_pointer(&ec->client, mv_rpc_client_free);
    g_clear_pointer(&ec->queue, g_async_queue_unref);
}

/* Hotplug on a --root tree: the tree changes, SIGHUP makes the daemon
 * rescan, and registered clients get created/deleted messages with their
 * callback ids; a device filter and a deregistration are honoured. */
static void
test_fake_events(void)
{
    Fixture fx = { 0 };
    EventClient all = { 0 };
    EventClient one = { 0 };
    EventClient gone = { 0 };
    int all_id = 0;
    int one_id = 0;
    int gone_id = 0;
    int unused = 0;
    g_autofree char *want_pci = NULL;
    g_autofree char *want_net = NULL;
    g_autofree char *want_one = NULL;
    g_autofree char *want_deleted = NULL;
    char *line;

    if (!fixture_start(&fx, false))
        return;
    event_client_open(&all, fx.daemon->ro_socket);
    event_client_open(&one, fx.daemon->rw_socket);
    event_client_open(&gone, fx.daemon->ro_socket);

    g_assert_cmpint(register_event(all.client, VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, NULL,
                                   &all_id), ==, 0);
    g_assert_cmpint(register_event(one.client, VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, VF4,
                                   &one_id), ==, 0);
    g_assert_cmpint(register_event(gone.client, VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, NULL,
                                   &gone_id), ==, 0);
    g_assert_cmpint(all_id, !=, one_id);
    g_assert_cmpint(deregister_event(gone.client, gone_id), ==, 0);
    /* Only the client that registered it may drop a callback. */
    assert_error(deregister_event(gone.client, all_id), VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                 "could not find event callback");
    assert_error(register_event(all.client, 7, NULL, &unused), VIR_ERR_INTERNAL_ERROR,
                 VIR_FROM_NODEDEV, "unsupported node device event ID 7");

    mv_fake_sysfs_sriov_vf_add(fx.root, 4);
    g_assert_cmpint(kill(fx.daemon->pid, SIGHUP), ==, 0);

    want_net = g_strdup_printf("%d %d %s", all_id, VIR_NODE_DEVICE_EVENT_CREATED, NET_VF4);
    want_pci = g_strdup_printf("%d %d %s", all_id, VIR_NODE_DEVICE_EVENT_CREATED, VF4);
    want_one = g_strdup_printf("%d %d %s", one_id, VIR_NODE_DEVICE_EVENT_CREATED, VF4);
    for (int i = 0; i < 2; i++) {
        line = next_event(all.queue, EVENT_TIMEOUT_MS);
        g_assert_nonnull(line);
        g_test_message("event: %s", line);
        g_assert_true(g_str_equal(line, want_net) || g_str_equal(line, want_pci));
        g_free(line);
    }
    line = next_event(one.queue, EVENT_TIMEOUT_MS);
    g_assert_cmpstr(line, ==, want_one);
    g_free(line);

    mv_fake_sysfs_sriov_vf_remove(fx.root, 4);
    g_assert_cmpint(kill(fx.daemon->pid, SIGHUP), ==, 0);
    want_deleted = g_strdup_printf("%d %d %s", one_id, VIR_NODE_DEVICE_EVENT_DELETED, VF4);
    line = next_event(one.queue, EVENT_TIMEOUT_MS);
    g_assert_cmpstr(line, ==, want_deleted);
    g_free(line);

    /* Everything else has arrived by now: the filtered client got nothing
     * more, the deregistered one nothing at all. */
    g_assert_null(next_event(one.queue, 200));
    g_assert_null(next_event(gone.queue, 0));
    g_assert_cmpint(deregister_event(all.client, all_id), ==, 0);

    event_client_close(&all);
    event_client_close(&one);
    event_client_close(&gone);
    fixture_stop(&fx);
}

/* ---- Debian's virsh ---- */

static char *
virsh_binary(void)
{
    char *virsh = g_find_program_in_path("virsh");

    if (!virsh)
        g_test_skip("virsh is not installed (Debian package libvirt-clients)");
    return virsh;
}

/* Runs virsh [-r] -c nodedev+unix:///PATH?socket=SOCKET args...; the
 * exit code, stdout and stderr. */
static int
virsh_run_path(const char *virsh, const char *path, const char *socket, bool read_only,
               const char *const *args, char **ret_out, char **ret_err)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    int rc;

    g_ptr_array_add(argv, g_strdup(virsh));
    if (read_only)
        g_ptr_array_add(argv, g_strdup("-r"));
    g_ptr_array_add(argv, g_strdup("-c"));
    g_ptr_array_add(argv, g_strdup_printf("nodedev+unix:///%s?socket=%s", path, socket));
    for (size_t i = 0; args[i]; i++)
        g_ptr_array_add(argv, g_strdup(args[i]));
    g_ptr_array_add(argv, NULL);
    rc = mv_test_run((const char *const *) argv->pdata, 30000, ret_out, ret_err);
    g_test_message("virsh %s %s: %d\n%s%s", read_only ? "-r" : "", args[0], rc,
                   ret_out ? *ret_out : "", ret_err ? *ret_err : "");
    return rc;
}

static int
virsh_run(const char *virsh, const char *socket, bool read_only, const char *const *args,
          char **ret_out, char **ret_err)
{
    return virsh_run_path(virsh, "system", socket, read_only, args, ret_out, ret_err);
}

/* virsh's nodedev-list output: one name a line, then an empty line. */
static char **
lines_of(const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    g_autoptr(GPtrArray) names = g_ptr_array_new();

    for (size_t i = 0; lines[i]; i++) {
        if (*lines[i])
            g_ptr_array_add(names, g_strdup(lines[i]));
    }
    g_ptr_array_add(names, NULL);
    return (char **) g_ptr_array_free(g_steal_pointer(&names), FALSE);
}

static void
test_virsh_fake(void)
{
    g_autofree char *virsh = virsh_binary();
    Fixture fx = { 0 };
    g_autoptr(MvNodeDevStore) store = NULL;
    g_auto(GStrv) want = NULL;

    if (!virsh || !fixture_start(&fx, true))
        return;
    store = mv_nodedev_store_new(fx.root);
    g_assert_cmpint(mv_nodedev_store_rescan(store), ==, 0);
    want = mv_nodedev_store_list(store, 0);

    {
        const char *args[] = { "nodedev-list", NULL };
        g_autofree char *out = NULL;
        g_auto(GStrv) names = NULL;

        g_assert_cmpint(virsh_run(virsh, fx.daemon->ro_socket, true, args, &out, NULL), ==, 0);
        names = lines_of(out);
        g_assert_true(g_strv_equal((const char *const *) names, (const char *const *) want));
    }
    {
        const char *args[] = { "nodedev-list", "--cap", "pci", NULL };
        g_autofree char *out = NULL;
        g_auto(GStrv) names = NULL;

        g_assert_cmpint(virsh_run(virsh, fx.daemon->ro_socket, true, args, &out, NULL), ==, 0);
        names = lines_of(out);
        g_assert_cmpuint(g_strv_length(names), ==, 6);
    }
    {
        const char *args[] = { "nodedev-list", "--cap", "net", NULL };
        g_autofree char *out = NULL;
        g_auto(GStrv) names = NULL;

        g_assert_cmpint(virsh_run(virsh, fx.daemon->ro_socket, true, args, &out, NULL), ==, 0);
        names = lines_of(out);
        g_assert_cmpuint(g_strv_length(names), ==, 5);
    }
    {
        const char *args[] = { "nodedev-list", "--tree", NULL };
        g_autofree char *out = NULL;

        g_assert_cmpint(virsh_run(virsh, fx.daemon->ro_socket, true, args, &out, NULL), ==, 0);
        g_assert_true(g_str_has_prefix(out, "computer\n"));
        g_assert_nonnull(strstr(out, "+- pci_0000_00_03_0\n"));
        g_assert_nonnull(strstr(out, "+- " VF1 "\n"));
    }
    {
        const char *args[] = { "nodedev-dumpxml", VF1, NULL };
        g_autofree char *out = NULL;

        g_assert_cmpint(virsh_run(virsh, fx.daemon->ro_socket, true, args, &out, NULL), ==, 0);
        g_assert_nonnull(strstr(out, "<capability type='phys_function'>"));
    }
    {
        const char *args[] = { "nodedev-dumpxml", PF, NULL };
        g_autofree char *out = NULL;

        g_assert_cmpint(virsh_run(virsh, fx.daemon->ro_socket, true, args, &out, NULL), ==, 0);
        g_assert_nonnull(strstr(out, "<capability type='virt_functions' maxCount='8'>"));
    }
    {
        const char *args[] = { "nodedev-dumpxml", "nosuch", NULL };
        g_autofree char *err = NULL;

        g_assert_cmpint(virsh_run(virsh, fx.daemon->ro_socket, true, args, NULL, &err), ==, 1);
        g_assert_nonnull(strstr(err, "error: Node device not found: no node device with "
                                     "matching name 'nosuch'"));
    }
    {
        const char *args[] = { "nodedev-detach", VF1, NULL };
        g_autofree char *err = NULL;

        /* virsh -r refuses before sending; the read-only socket refuses
         * a client that did not say -r. */
        g_assert_cmpint(virsh_run(virsh, fx.daemon->rw_socket, true, args, NULL, &err), ==, 1);
        g_assert_nonnull(strstr(err, "read only access prevents virNodeDeviceDettach"));
        g_clear_pointer(&err, g_free);
        g_assert_cmpint(virsh_run(virsh, fx.daemon->ro_socket, false, args, NULL, &err), ==, 1);
        g_assert_nonnull(strstr(err, "operation forbidden"));
    }
    {
        const char *detach[] = { "nodedev-detach", VF1, "--driver", "vfio", NULL };
        const char *dump[] = { "nodedev-dumpxml", VF1, NULL };
        const char *reattach[] = { "nodedev-reattach", VF1, NULL };
        const char *reset[] = { "nodedev-reset", VF1, NULL };
        g_autofree char *out = NULL;

        g_assert_cmpint(virsh_run(virsh, fx.daemon->rw_socket, false, detach, &out, NULL), ==, 0);
        g_assert_nonnull(strstr(out, "Device " VF1 " detached"));
        g_clear_pointer(&out, g_free);
        g_assert_cmpint(virsh_run(virsh, fx.daemon->rw_socket, false, dump, &out, NULL), ==, 0);
        g_assert_nonnull(strstr(out, "<name>vfio-pci</name>"));
        g_clear_pointer(&out, g_free);
        g_assert_cmpint(virsh_run(virsh, fx.daemon->rw_socket, false, reset, &out, NULL), ==, 0);
        g_assert_nonnull(strstr(out, "Device " VF1 " reset"));
        g_clear_pointer(&out, g_free);
        g_assert_cmpint(virsh_run(virsh, fx.daemon->rw_socket, false, reattach, &out, NULL), ==, 0);
        g_assert_nonnull(strstr(out, "Device " VF1 " re-attached"));
        g_clear_pointer(&out, g_free);
        g_assert_cmpint(virsh_run(virsh, fx.daemon->rw_socket, false, dump, &out, NULL), ==, 0);
        g_assert_nonnull(strstr(out, "<name>ixgbevf</name>"));
    }
    fixture_stop(&fx);
}

/* virsh nodedev-event waits on the read-only socket while a VF appears. */
static void
test_virsh_event(void)
{
    g_autofree char *virsh = virsh_binary();
    Fixture fx = { 0 };
    g_autofree char *uri = NULL;
    g_autofree char *out_path = NULL;
    g_autofree char *err_path = NULL;
    g_autofree char *want = NULL;
    int status = 0;
    pid_t pid;

    if (!virsh || !fixture_start(&fx, false))
        return;
    uri = g_strdup_printf("nodedev+unix:///system?socket=%s", fx.daemon->ro_socket);
    out_path = g_build_filename(fx.root, "virsh-event.out", NULL);
    err_path = g_build_filename(fx.root, "virsh-event.err", NULL);
    {
        const char *argv[] = { virsh, "-r", "-c", uri, "nodedev-event", "--event", "lifecycle",
                               "--loop", "--timeout", "20", NULL };

        pid = mv_test_spawn(argv, out_path, err_path);
    }
    /* virsh prints nothing until an event; give it time to register, then
     * change the tree until the event shows (a rescan before its
     * registration would be missed, so retry with the next VF). */
    want = g_strdup("event 'lifecycle' for node device " VF4 ": Created");
    for (unsigned int attempt = 0; attempt < 10; attempt++) {
        g_usleep(300 * 1000);
        if (attempt % 2 == 0)
            mv_fake_sysfs_sriov_vf_add(fx.root, 4);
        else
            mv_fake_sysfs_sriov_vf_remove(fx.root, 4);
        g_assert_cmpint(kill(fx.daemon->pid, SIGHUP), ==, 0);
        if (mv_test_wait_file_contains(out_path, want, 700))
            break;
    }
    g_assert_true(mv_test_wait_file_contains(out_path, want, EVENT_TIMEOUT_MS));
    kill(pid, SIGINT);
    if (!mv_test_wait_exit(pid, 5000, &status))
        mv_test_kill(pid);
    fixture_stop(&fx);
}

/* ---- The real host, read-only ---- */

/* nodedevd without --root reads the host's /sys. As root that would be
 * system mode on the host's /run/modvirt, so the test runs it as a session
 * daemon (nodedev:///session; as nobody, through setpriv, when the test
 * runs as root) in a temp XDG tree; opened with VIR_CONNECT_RO, it lists
 * what the store lists. */
static void
test_host_read_only(void)
{
    g_autofree char *binary = mv_test_daemon_binary("nodedevd");
    g_autofree char *setpriv = g_find_program_in_path("setpriv");
    g_autofree char *home = NULL;
    g_autofree char *sock = NULL;
    g_autofree char *stderr_path = NULL;
    g_autofree char *env_home = NULL;
    g_autofree char *env_run = NULL;
    g_autofree char *env_config = NULL;
    g_autofree char *env_data = NULL;
    g_autofree char *env_cache = NULL;
    g_autoptr(MvRpcClient) client = NULL;
    g_autoptr(MvNodeDevStore) store = NULL;
    g_auto(GStrv) names = NULL;
    g_autofree char *uid = NULL;
    g_autofree char *gid = NULL;
    struct passwd *nobody = NULL;
    pid_t pid;

    if (!binary)
        return;
    if (geteuid() == 0 && (!setpriv || !(nobody = getpwnam("nobody")))) {
        g_test_skip("running as root, and setpriv or the user 'nobody' is missing");
        return;
    }

    home = mv_test_root_new();
    if (nobody)
        g_assert_cmpint(chown(home, nobody->pw_uid, nobody->pw_gid), ==, 0);
    sock = g_build_filename(home, "run", "modvirt", "nodedevd-sock", NULL);
    stderr_path = g_build_filename(home, "nodedevd.stderr", NULL);
    env_home = g_strdup_printf("HOME=%s", home);
    env_run = g_strdup_printf("XDG_RUNTIME_DIR=%s/run", home);
    env_config = g_strdup_printf("XDG_CONFIG_HOME=%s/config", home);
    env_data = g_strdup_printf("XDG_DATA_HOME=%s/data", home);
    env_cache = g_strdup_printf("XDG_CACHE_HOME=%s/cache", home);
    {
        const char *env[] = { env_home, env_run, env_config, env_data, env_cache, NULL };

        if (nobody) {
            const char *argv[] = { setpriv, NULL, NULL, "--clear-groups", binary,
                                   "--timeout", "60", NULL };

            uid = g_strdup_printf("--reuid=%u", (unsigned int) nobody->pw_uid);
            gid = g_strdup_printf("--regid=%u", (unsigned int) nobody->pw_gid);
            argv[1] = uid;
            argv[2] = gid;
            pid = mv_test_spawn_env(argv, env, NULL, stderr_path);
        } else {
            const char *argv[] = { binary, "--timeout", "60", NULL };

            pid = mv_test_spawn_env(argv, env, NULL, stderr_path);
        }
    }
    if (!mv_test_wait_socket(sock, MV_TEST_START_TIMEOUT_MS)) {
        mv_test_kill(pid);
        g_assert_not_reached();
    }

    store = mv_nodedev_store_new(NULL);
    g_assert_cmpint(mv_nodedev_store_rescan(store), ==, 0);
    client = open_client_uri(sock, "nodedev:///session", VIR_CONNECT_RO);
    names = list_all(client, 0);
    g_assert_nonnull(names);
    g_test_message("the host has %u node devices", g_strv_length(names));
    g_assert_cmpuint(g_strv_length(names), ==, mv_nodedev_store_count(store, 0));
    g_assert_true(g_strv_contains((const char *const *) names, "computer"));
    assert_error(detach_flags(client, names[0], NULL, 0), VIR_ERR_OPERATION_DENIED,
                 VIR_FROM_RPC, NULL);

    {
        g_autofree char *virsh = g_find_program_in_path("virsh");
        const char *args[] = { "nodedev-list", NULL };
        g_autofree char *out = NULL;
        g_auto(GStrv) virsh_names = NULL;

        if (virsh) {
            g_assert_cmpint(virsh_run_path(virsh, "session", sock, true, args, &out, NULL), ==, 0);
            virsh_names = lines_of(out);
            g_assert_cmpuint(g_strv_length(virsh_names), ==, mv_nodedev_store_count(store, 0));
        }
    }

    g_clear_pointer(&client, mv_rpc_client_free);
    g_assert_cmpint(mv_test_kill(pid), ==, 0);
    mv_test_root_remove(home);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/nodedevd/procedure-numbers", test_procedure_numbers);
    g_test_add_func("/nodedevd/fake/list", test_fake_list);
    g_test_add_func("/nodedevd/fake/lookup", test_fake_lookup);
    g_test_add_func("/nodedevd/fake/detach", test_fake_detach);
    g_test_add_func("/nodedevd/fake/events", test_fake_events);
    g_test_add_func("/nodedevd/virsh/fake", test_virsh_fake);
    g_test_add_func("/nodedevd/virsh/event", test_virsh_event);
    g_test_add_func("/nodedevd/host/read-only", test_host_read_only);
    return g_test_run();
}
