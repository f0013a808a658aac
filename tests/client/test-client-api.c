/* Tests of the public C API against the embedded test driver (test:///default), through libmodvirt.so only. */
#include <glib.h>
#include <string.h>

/* The event id ranges' _LAST values, for the range errors. */
#define VIR_ENUM_SENTINELS
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

/* libvirt's VIR_DOMAIN_EVENT_CALLBACK casts between function types, as
 * every libvirt program registering events does. */
#pragma GCC diagnostic ignored "-Wcast-function-type"

#define TEST_UUID "6695eb01-f6a4-8304-79aa-97f2502e193f"

static const char new_domain_xml[] =
    "<domain type='test'>"
    "  <name>tr1</name>"
    "  <uuid>4dea22b3-1d52-d8f3-2516-782e98a23fa0</uuid>"
    "  <memory unit='MiB'>512</memory>"
    "  <vcpu>3</vcpu>"
    "  <os><type>hvm</type></os>"
    "</domain>";

/* Keeps errors off stderr; the tests read them with virGetLastError. */
static int handler_calls;

static void
quiet_handler(void *data, virErrorPtr err)
{
    handler_calls++;
}

static virConnectPtr
open_test(void)
{
    virConnectPtr conn = virConnectOpen("test:///default");

    g_assert_nonnull(conn);
    return conn;
}

static void
assert_error(int code, const char *message_part)
{
    virErrorPtr err = virGetLastError();

    g_assert_nonnull(err);
    g_assert_cmpint(err->code, ==, code);
    g_assert_cmpint(err->level, ==, VIR_ERR_ERROR);
    if (message_part)
        g_assert_nonnull(strstr(err->message, message_part));
}

static void
test_connect(void)
{
    virConnectPtr conn = open_test();
    unsigned long ver = 0;
    virNodeInfo info;
    g_autofree char *uri = NULL;
    g_autofree char *host = NULL;
    g_autofree char *caps = NULL;

    g_assert_cmpstr(virConnectGetType(conn), ==, "TEST");
    g_assert_cmpint(virConnectGetVersion(conn, &ver), ==, 0);
    g_assert_cmpuint(ver, ==, 2);
    g_assert_cmpint(virConnectGetLibVersion(conn, &ver), ==, 0);
    g_assert_cmpuint(ver, ==, 9000000);
    g_assert_cmpint(virGetVersion(&ver, NULL, NULL), ==, 0);
    g_assert_cmpuint(ver, ==, LIBVIR_VERSION_NUMBER);
    uri = virConnectGetURI(conn);
    g_assert_cmpstr(uri, ==, "test:///default");
    host = virConnectGetHostname(conn);
    g_assert_nonnull(host);
    caps = virConnectGetCapabilities(conn);
    g_assert_nonnull(strstr(caps, "<capabilities>"));
    g_assert_cmpint(virConnectGetMaxVcpus(conn, NULL), ==, 32);
    g_assert_cmpint(virConnectIsAlive(conn), ==, 1);
    g_assert_cmpint(virConnectIsSecure(conn), ==, 1);
    g_assert_cmpint(virConnectIsEncrypted(conn), ==, 0);

    g_assert_cmpint(virNodeGetInfo(conn, &info), ==, 0);
    g_assert_cmpstr(info.model, ==, "i686");
    g_assert_cmpuint(info.memory, ==, 3145728);
    g_assert_cmpuint(info.cpus, ==, 16);
    g_assert_cmpuint(info.mhz, ==, 1400);
    g_assert_cmpuint(VIR_NODEINFO_MAXCPUS(info), ==, 16);

    g_assert_cmpint(virConnectRef(conn), ==, 0);
    g_assert_cmpint(virConnectClose(conn), ==, 1);
    g_assert_cmpint(virConnectClose(conn), ==, 0);
}

static void
test_bad_connections(void)
{
    unsigned long ver;

    handler_calls = 0;
    g_assert_null(virConnectGetType(NULL));
    assert_error(VIR_ERR_INVALID_CONN, "invalid connection pointer in virConnectGetType");
    g_assert_cmpint(handler_calls, ==, 1);
    g_assert_cmpint(virConnectGetVersion(NULL, &ver), ==, -1);
    assert_error(VIR_ERR_INVALID_CONN, NULL);
    g_assert_cmpint(virConnectClose(NULL), ==, -1);
    g_assert_null(virDomainLookupByName(NULL, "test"));
    assert_error(VIR_ERR_INVALID_CONN, "virDomainLookupByName");
    g_assert_null(virConnectOpen("bogus:///system"));
    assert_error(VIR_ERR_NO_CONNECT, "bogus:///system");
    g_assert_null(virConnectOpen("test:///nowhere/file.xml"));
    assert_error(VIR_ERR_NO_SUPPORT, NULL);
    g_assert_null(virConnectOpen("not a uri"));
    assert_error(VIR_ERR_INTERNAL_ERROR, "Unable to parse URI");
    /* A success resets the thread's error. */
    virConnectClose(open_test());
    g_assert_null(virGetLastError());
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OK);
}

static void
test_list_and_lookup(void)
{
    virConnectPtr conn = open_test();
    virDomainPtr *doms = NULL;
    virDomainPtr dom;
    unsigned char uuid[VIR_UUID_BUFLEN];
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    int ids[4];
    int n;

    n = virConnectListAllDomains(conn, &doms, 0);
    g_assert_cmpint(n, ==, 1);
    g_assert_cmpstr(virDomainGetName(doms[0]), ==, "test");
    g_assert_null(doms[1]);
    virDomainFree(doms[0]);
    free(doms);
    g_assert_cmpint(virConnectListAllDomains(conn, NULL, VIR_CONNECT_LIST_DOMAINS_INACTIVE), ==, 0);
    g_assert_cmpint(virConnectListAllDomains(conn, NULL, 1u << 30), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, "unsupported flags");
    g_assert_cmpint(virConnectNumOfDomains(conn), ==, 1);
    g_assert_cmpint(virConnectListDomains(conn, ids, 4), ==, 1);
    g_assert_cmpint(ids[0], ==, 1);

    dom = virDomainLookupByID(conn, 1);
    g_assert_nonnull(dom);
    g_assert_cmpuint(virDomainGetID(dom), ==, 1);
    g_assert_cmpint(virDomainGetUUIDString(dom, uuidstr), ==, 0);
    g_assert_cmpstr(uuidstr, ==, TEST_UUID);
    g_assert_cmpint(virDomainGetUUID(dom, uuid), ==, 0);
    g_assert_true(virDomainGetConnect(dom) == conn);
    virDomainFree(dom);

    dom = virDomainLookupByUUID(conn, uuid);
    g_assert_cmpstr(virDomainGetName(dom), ==, "test");
    virDomainFree(dom);
    dom = virDomainLookupByUUIDString(conn, TEST_UUID);
    g_assert_cmpstr(virDomainGetName(dom), ==, "test");
    virDomainFree(dom);

    g_assert_null(virDomainLookupByName(conn, "nope"));
    assert_error(VIR_ERR_NO_DOMAIN, "Domain not found: ");
    g_assert_cmpint(virGetLastError()->domain, ==, VIR_FROM_TEST);
    g_assert_null(virDomainLookupByName(conn, NULL));
    assert_error(VIR_ERR_INVALID_ARG, "name in virDomainLookupByName must not be NULL");
    g_assert_null(virDomainLookupByUUIDString(conn, "not-a-uuid"));
    assert_error(VIR_ERR_INVALID_ARG, NULL);
    g_assert_null(virDomainLookupByID(conn, 99));
    assert_error(VIR_ERR_NO_DOMAIN, NULL);
    g_assert_null(virDomainLookupByID(conn, -1));
    assert_error(VIR_ERR_INVALID_ARG, NULL);
    /* The per-connection copy of the last error. */
    g_assert_cmpint(virConnGetLastError(conn)->code, ==, VIR_ERR_INVALID_ARG);

    g_assert_null(virDomainGetName(NULL));
    assert_error(VIR_ERR_INVALID_DOMAIN, "invalid domain pointer in virDomainGetName");
    virConnectClose(conn);
}

static void
test_domain_info_and_xml(void)
{
    virConnectPtr conn = open_test();
    virDomainPtr dom = virDomainLookupByName(conn, "test");
    virDomainInfo info;
    int state = -1, reason = -1, autostart = -1;
    g_autofree char *xml = NULL;
    g_autofree char *os = NULL;

    g_assert_cmpint(virDomainGetInfo(dom, &info), ==, 0);
    g_assert_cmpint(info.state, ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpuint(info.maxMem, ==, 8388608);
    g_assert_cmpuint(info.memory, ==, 2097152);
    g_assert_cmpint(info.nrVirtCpu, ==, 2);
    g_assert_cmpint(virDomainGetState(dom, &state, &reason, 0), ==, 0);
    g_assert_cmpint(state, ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_RUNNING_BOOTED);
    g_assert_cmpuint(virDomainGetMaxMemory(dom), ==, 8388608);
    g_assert_cmpint(virDomainGetVcpusFlags(dom, 0), ==, 2);
    g_assert_cmpint(virDomainGetVcpusFlags(dom, VIR_DOMAIN_VCPU_MAXIMUM), ==, 2);
    os = virDomainGetOSType(dom);
    g_assert_cmpstr(os, ==, "linux");
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    g_assert_cmpint(virDomainIsPersistent(dom), ==, 1);
    g_assert_cmpint(virDomainGetAutostart(dom, &autostart), ==, 0);
    g_assert_cmpint(autostart, ==, 0);
    g_assert_cmpint(virDomainSetAutostart(dom, 1), ==, 0);
    g_assert_cmpint(virDomainGetAutostart(dom, &autostart), ==, 0);
    g_assert_cmpint(autostart, ==, 1);

    xml = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(xml);
    g_assert_nonnull(strstr(xml, "<domain type='test' id='1'>"));
    g_assert_nonnull(strstr(xml, "<name>test</name>"));
    g_assert_nonnull(strstr(xml, "<uuid>" TEST_UUID "</uuid>"));
    g_assert_nonnull(strstr(xml, "<type"));

    g_assert_cmpint(virDomainGetInfo(dom, NULL), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, "info in virDomainGetInfo must not be NULL");
    virDomainFree(dom);
    virConnectClose(conn);
}

static void
test_define_lifecycle(void)
{
    virConnectPtr conn = open_test();
    virDomainPtr dom;
    virDomainPtr again;
    int state, reason;
    char *names[4] = { NULL };

    dom = virDomainDefineXML(conn, new_domain_xml);
    g_assert_nonnull(dom);
    g_assert_cmpstr(virDomainGetName(dom), ==, "tr1");
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    g_assert_cmpint(virDomainGetState(dom, &state, &reason, 0), ==, 0);
    g_assert_cmpint(state, ==, VIR_DOMAIN_SHUTOFF);
    g_assert_cmpint(virConnectNumOfDefinedDomains(conn), ==, 1);
    g_assert_cmpint(virConnectListDefinedDomains(conn, names, 4), ==, 1);
    g_assert_cmpstr(names[0], ==, "tr1");
    free(names[0]);

    g_assert_cmpint(virDomainGetVcpusFlags(dom, 0), ==, 3);
    g_assert_cmpuint(virDomainGetMaxMemory(dom), ==, 524288);

    g_assert_cmpint(virDomainSuspend(dom), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, "domain is not running");

    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, NULL);
    g_assert_cmpuint(virDomainGetID(dom), ==, 2);
    again = virDomainLookupByID(conn, 2);
    g_assert_cmpstr(virDomainGetName(again), ==, "tr1");
    virDomainFree(again);

    g_assert_cmpint(virDomainSuspend(dom), ==, 0);
    virDomainGetState(dom, &state, &reason, 0);
    g_assert_cmpint(state, ==, VIR_DOMAIN_PAUSED);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_PAUSED_USER);
    g_assert_cmpint(virDomainResume(dom), ==, 0);
    virDomainGetState(dom, &state, &reason, 0);
    g_assert_cmpint(state, ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_RUNNING_UNPAUSED);
    g_assert_cmpint(virDomainReboot(dom, 0), ==, 0);
    g_assert_cmpint(virDomainShutdown(dom), ==, 0);
    virDomainGetState(dom, &state, &reason, 0);
    g_assert_cmpint(state, ==, VIR_DOMAIN_SHUTOFF);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
    g_assert_cmpint(virDomainCreateWithFlags(dom, 0), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    virDomainGetState(dom, &state, &reason, 0);
    g_assert_cmpint(state, ==, VIR_DOMAIN_SHUTOFF);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_SHUTOFF_DESTROYED);

    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    g_assert_cmpint(virDomainIsActive(dom), ==, -1);
    assert_error(VIR_ERR_NO_DOMAIN, "Domain not found: ");
    virDomainFree(dom);
    g_assert_null(virDomainLookupByName(conn, "tr1"));

    /* Transient: gone once stopped. */
    dom = virDomainCreateXML(conn, new_domain_xml, 0);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsPersistent(dom), ==, 0);
    g_assert_cmpint(virDomainUndefine(dom), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, NULL);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_null(virDomainLookupByName(conn, "tr1"));
    virDomainFree(dom);

    /* Bad XML, a duplicate name with another UUID. */
    g_assert_null(virDomainDefineXML(conn, "<domain"));
    g_assert_nonnull(virGetLastError());
    g_assert_null(virDomainDefineXML(conn, NULL));
    assert_error(VIR_ERR_INVALID_ARG, "xml in virDomainDefineXML must not be NULL");
    g_assert_null(virDomainDefineXML(conn,
        "<domain type='test'><name>test</name><memory>1024</memory>"
        "<os><type>hvm</type></os></domain>"));
    assert_error(VIR_ERR_OPERATION_FAILED, "already exists");
    virConnectClose(conn);
}

static void
test_read_only(void)
{
    virConnectPtr conn = virConnectOpenReadOnly("test:///default");
    virDomainPtr dom;
    g_autofree char *xml = NULL;

    g_assert_nonnull(conn);
    dom = virDomainLookupByName(conn, "test");
    g_assert_nonnull(dom);
    xml = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(xml);
    g_assert_cmpint(virDomainDestroy(dom), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, "read only access prevents virDomainDestroy");
    g_assert_null(virDomainDefineXML(conn, new_domain_xml));
    assert_error(VIR_ERR_OPERATION_DENIED, NULL);
    g_assert_cmpint(virDomainSetAutostart(dom, 1), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, NULL);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    virDomainFree(dom);
    virConnectClose(conn);
}

static void
test_fresh_host_per_connection(void)
{
    virConnectPtr a = open_test();
    virConnectPtr b = open_test();
    virDomainPtr dom = virDomainDefineXML(a, new_domain_xml);

    g_assert_nonnull(dom);
    g_assert_cmpint(virConnectListAllDomains(a, NULL, 0), ==, 2);
    g_assert_cmpint(virConnectListAllDomains(b, NULL, 0), ==, 1);
    virDomainFree(dom);
    virConnectClose(b);
    virConnectClose(a);
}

typedef struct {
    GArray *seen;   /* event * 100 + detail */
    int reboots;
} EventLog;

static int
lifecycle_cb(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    EventLog *log = opaque;
    int v = event * 100 + detail;

    g_assert_cmpstr(virDomainGetName(dom), ==, "tr1");
    g_array_append_val(log->seen, v);
    return 0;
}

static void
reboot_cb(virConnectPtr conn, virDomainPtr dom, void *opaque)
{
    ((EventLog *) opaque)->reboots++;
}

static int freed;

static void
free_cb(void *opaque)
{
    freed++;
}

static void
run_loop_until(EventLog *log, guint count)
{
    for (int i = 0; i < 100 && log->seen->len < count; i++)
        g_assert_cmpint(virEventRunDefaultImpl(), ==, 0);
}

static void
test_events(void)
{
    virConnectPtr conn = open_test();
    EventLog log = { g_array_new(FALSE, FALSE, sizeof(int)), 0 };
    virDomainPtr dom;
    int id, rid;
    const int expected[] = {
        VIR_DOMAIN_EVENT_DEFINED * 100 + VIR_DOMAIN_EVENT_DEFINED_ADDED,
        VIR_DOMAIN_EVENT_STARTED * 100 + VIR_DOMAIN_EVENT_STARTED_BOOTED,
        VIR_DOMAIN_EVENT_SUSPENDED * 100 + VIR_DOMAIN_EVENT_SUSPENDED_PAUSED,
        VIR_DOMAIN_EVENT_RESUMED * 100 + VIR_DOMAIN_EVENT_RESUMED_UNPAUSED,
        VIR_DOMAIN_EVENT_STOPPED * 100 + VIR_DOMAIN_EVENT_STOPPED_DESTROYED,
        VIR_DOMAIN_EVENT_UNDEFINED * 100 + VIR_DOMAIN_EVENT_UNDEFINED_REMOVED,
    };

    g_assert_cmpint(virEventRegisterDefaultImpl(), ==, 0);
    id = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                          VIR_DOMAIN_EVENT_CALLBACK(lifecycle_cb), &log, free_cb);
    g_assert_cmpint(id, >=, 0);
    rid = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_REBOOT,
                                           VIR_DOMAIN_EVENT_CALLBACK(reboot_cb), &log, NULL);
    g_assert_cmpint(rid, >=, 0);
    g_assert_cmpint(virConnectDomainEventRegisterAny(conn, NULL, 999,
                                                     VIR_DOMAIN_EVENT_CALLBACK(reboot_cb),
                                                     NULL, NULL), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, NULL);

    dom = virDomainDefineXML(conn, new_domain_xml);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_assert_cmpint(virDomainSuspend(dom), ==, 0);
    g_assert_cmpint(virDomainResume(dom), ==, 0);
    g_assert_cmpint(virDomainReboot(dom, 0), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);

    run_loop_until(&log, G_N_ELEMENTS(expected));
    g_assert_cmpuint(log.seen->len, ==, G_N_ELEMENTS(expected));
    for (guint i = 0; i < G_N_ELEMENTS(expected); i++)
        g_assert_cmpint(g_array_index(log.seen, int, i), ==, expected[i]);
    g_assert_cmpint(log.reboots, ==, 1);

    freed = 0;
    g_assert_cmpint(virConnectDomainEventDeregisterAny(conn, id), ==, 0);
    g_assert_cmpint(freed, ==, 1);
    g_assert_cmpint(virConnectDomainEventDeregisterAny(conn, id), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, NULL);
    g_assert_cmpint(virConnectDomainEventDeregisterAny(conn, rid), ==, 0);
    g_assert_cmpint(virConnectClose(conn), ==, 0);
    /* Let the loop run the timer's free callback. */
    virEventRunDefaultImpl();
    g_array_unref(log.seen);
}

static void
test_networks(void)
{
    virConnectPtr conn = open_test();
    virNetworkPtr *nets = NULL;
    virNetworkPtr net;
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    g_autofree char *bridge = NULL;
    g_autofree char *xml = NULL;
    int autostart;

    g_assert_cmpint(virConnectListAllNetworks(conn, &nets, VIR_CONNECT_LIST_NETWORKS_ACTIVE), ==, 1);
    g_assert_cmpstr(virNetworkGetName(nets[0]), ==, "default");
    virNetworkFree(nets[0]);
    free(nets);
    net = virNetworkLookupByName(conn, "default");
    g_assert_nonnull(net);
    g_assert_cmpint(virNetworkIsActive(net), ==, 1);
    g_assert_cmpint(virNetworkIsPersistent(net), ==, 1);
    bridge = virNetworkGetBridgeName(net);
    g_assert_cmpstr(bridge, ==, "virbr0");
    virNetworkGetUUIDString(net, uuidstr);
    g_assert_cmpstr(uuidstr, ==, "dd8fe884-6c02-601e-7551-cca97df1c5df");
    xml = virNetworkGetXMLDesc(net, 0);
    g_assert_nonnull(strstr(xml, "<name>default</name>"));
    g_assert_cmpint(virNetworkGetAutostart(net, &autostart), ==, 0);
    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    g_assert_cmpint(virNetworkIsActive(net), ==, 0);
    g_assert_cmpint(virNetworkDestroy(net), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, NULL);
    g_assert_cmpint(virNetworkCreate(net), ==, 0);
    virNetworkFree(net);

    net = virNetworkDefineXML(conn, "<network><name>trnet</name>"
                                    "<ip address='10.9.0.1' prefix='24'/></network>");
    g_assert_nonnull(net);
    g_assert_cmpint(virConnectNumOfDefinedNetworks(conn), ==, 1);
    g_assert_cmpint(virNetworkUndefine(net), ==, 0);
    virNetworkFree(net);
    g_assert_null(virNetworkLookupByName(conn, "trnet"));
    assert_error(VIR_ERR_NO_NETWORK, "Network not found: ");
    virConnectClose(conn);
}

static void
test_node_devices(void)
{
    virConnectPtr conn = open_test();
    virNodeDevicePtr dev;
    char *caps[4] = { NULL };
    g_autofree char *xml = NULL;

    g_assert_cmpint(virConnectListAllNodeDevices(conn, NULL, 0), ==, 1);
    g_assert_cmpint(virConnectListAllNodeDevices(conn, NULL,
                                                 VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV), ==, 0);
    g_assert_cmpint(virNodeNumOfDevices(conn, "system", 0), ==, 1);
    dev = virNodeDeviceLookupByName(conn, "computer");
    g_assert_nonnull(dev);
    g_assert_cmpstr(virNodeDeviceGetName(dev), ==, "computer");
    g_assert_cmpint(virNodeDeviceNumOfCaps(dev), ==, 1);
    g_assert_cmpint(virNodeDeviceListCaps(dev, caps, 4), ==, 1);
    g_assert_cmpstr(caps[0], ==, "system");
    free(caps[0]);
    xml = virNodeDeviceGetXMLDesc(dev, 0);
    g_assert_nonnull(strstr(xml, "<name>computer</name>"));
    g_assert_cmpint(virNodeDeviceDettach(dev), ==, -1);
    assert_error(VIR_ERR_NO_SUPPORT, "virNodeDeviceDettach");
    virNodeDeviceFree(dev);
    g_assert_null(virNodeDeviceLookupByName(conn, "pci_nope"));
    assert_error(VIR_ERR_NO_NODE_DEVICE, NULL);
    virConnectClose(conn);
}

static void
test_errors_api(void)
{
    virError copy = { 0 };
    virErrorPtr saved;

    virResetLastError();
    g_assert_null(virGetLastError());
    g_assert_null(virDomainLookupByName(NULL, "x"));
    saved = virSaveLastError();
    g_assert_cmpint(saved->code, ==, VIR_ERR_INVALID_CONN);
    g_assert_cmpint(virCopyLastError(&copy), ==, VIR_ERR_INVALID_CONN);
    g_assert_cmpstr(copy.message, ==, saved->message);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, saved->message);
    virResetError(&copy);
    g_assert_cmpint(copy.code, ==, VIR_ERR_OK);
    virFreeError(saved);
    virResetLastError();
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OK);
}

/* A failed call's error, whole, as the thread's and conn's last error,
 * and handed to the handler once. */
static void
assert_dispatched(virConnectPtr conn, int rc, int code, const char *message)
{
    virErrorPtr err = virGetLastError();
    virErrorPtr conn_err = virConnGetLastError(conn);

    g_assert_cmpint(rc, ==, -1);
    g_assert_nonnull(err);
    g_assert_cmpint(err->code, ==, code);
    g_assert_cmpstr(err->message, ==, message);
    g_assert_nonnull(conn_err);
    g_assert_cmpint(conn_err->code, ==, code);
    g_assert_cmpstr(conn_err->message, ==, message);
    g_assert_cmpint(handler_calls, ==, 1);
    handler_calls = 0;
    virConnResetLastError(conn);
}

static void
assert_denied(virConnectPtr conn, int rc, const char *func)
{
    g_autofree char *message = g_strdup_printf("operation forbidden: read only access prevents %s",
                                               func);

    assert_dispatched(conn, rc, VIR_ERR_OPERATION_DENIED, message);
}

static void
assert_no_support(virConnectPtr conn, int rc, const char *func)
{
    g_autofree char *message =
        g_strdup_printf("this function is not supported by the connection driver: %s", func);

    assert_dispatched(conn, rc, VIR_ERR_NO_SUPPORT, message);
}

/* The changing calls' checks, in their order: arguments, a read-only
 * connection, the driver's entry; then the driver's own error. */
static void
test_change_errors(void)
{
    virConnectPtr ro = virConnectOpenReadOnly("test:///default");
    virConnectPtr rw = open_test();
    virDomainPtr dom;
    virNetworkPtr net;
    virNodeDevicePtr dev;
    const char disk[] = "<disk type='file'><target dev='vdb'/></disk>";

    g_assert_nonnull(ro);
    dom = virDomainLookupByName(ro, "test");
    net = virNetworkLookupByName(ro, "default");
    dev = virNodeDeviceLookupByName(ro, "computer");
    g_assert_nonnull(dom);
    g_assert_nonnull(net);
    g_assert_nonnull(dev);
    handler_calls = 0;

    assert_denied(ro, virDomainUndefine(dom), "virDomainUndefine");
    assert_denied(ro, virDomainUndefineFlags(dom, 0), "virDomainUndefineFlags");
    assert_denied(ro, virDomainCreate(dom), "virDomainCreate");
    assert_denied(ro, virDomainCreateWithFlags(dom, 0), "virDomainCreateWithFlags");
    assert_denied(ro, virDomainDestroy(dom), "virDomainDestroy");
    assert_denied(ro, virDomainDestroyFlags(dom, 0), "virDomainDestroyFlags");
    assert_denied(ro, virDomainShutdown(dom), "virDomainShutdown");
    assert_denied(ro, virDomainShutdownFlags(dom, 0), "virDomainShutdownFlags");
    assert_denied(ro, virDomainReboot(dom, 0), "virDomainReboot");
    assert_denied(ro, virDomainSuspend(dom), "virDomainSuspend");
    assert_denied(ro, virDomainResume(dom), "virDomainResume");
    assert_denied(ro, virDomainSetAutostart(dom, 1), "virDomainSetAutostart");
    assert_denied(ro, virDomainAttachDevice(dom, disk), "virDomainAttachDevice");
    assert_denied(ro, virDomainAttachDeviceFlags(dom, disk, 0), "virDomainAttachDeviceFlags");
    assert_denied(ro, virDomainDetachDevice(dom, disk), "virDomainDetachDevice");
    assert_denied(ro, virDomainDetachDeviceFlags(dom, disk, 0), "virDomainDetachDeviceFlags");
    /* The argument comes before the connection's mode. */
    assert_dispatched(ro, virDomainAttachDevice(dom, NULL), VIR_ERR_INVALID_ARG,
                      "invalid argument: xml in virDomainAttachDevice must not be NULL");
    assert_denied(ro, virNetworkUndefine(net), "virNetworkUndefine");
    assert_denied(ro, virNetworkCreate(net), "virNetworkCreate");
    assert_denied(ro, virNetworkDestroy(net), "virNetworkDestroy");
    assert_denied(ro, virNetworkSetAutostart(net, 1), "virNetworkSetAutostart");
    assert_denied(ro, virNetworkUpdate(net, 1, 1, -1, "<x/>", 0), "virNetworkUpdate");
    assert_denied(ro, virNodeDeviceDettach(dev), "virNodeDeviceDettach");
    assert_denied(ro, virNodeDeviceDetachFlags(dev, NULL, 0), "virNodeDeviceDetachFlags");
    assert_denied(ro, virNodeDeviceReAttach(dev), "virNodeDeviceReAttach");
    assert_denied(ro, virNodeDeviceReset(dev), "virNodeDeviceReset");
    assert_denied(ro, virNodeDeviceDestroy(dev), "virNodeDeviceDestroy");
    virDomainFree(dom);
    virNetworkFree(net);
    virNodeDeviceFree(dev);

    dom = virDomainLookupByName(rw, "test");
    net = virNetworkLookupByName(rw, "default");
    dev = virNodeDeviceLookupByName(rw, "computer");
    g_assert_nonnull(dom);
    g_assert_nonnull(net);
    g_assert_nonnull(dev);
    assert_no_support(rw, virDomainAttachDevice(dom, disk), "virDomainAttachDevice");
    assert_no_support(rw, virDomainDetachDeviceFlags(dom, disk, 0), "virDomainDetachDeviceFlags");
    assert_no_support(rw, virNetworkUpdate(net, 1, 1, -1, "<x/>", 0), "virNetworkUpdate");
    assert_no_support(rw, virNodeDeviceReAttach(dev), "virNodeDeviceReAttach");
    assert_no_support(rw, virNodeDeviceReset(dev), "virNodeDeviceReset");
    assert_no_support(rw, virNodeDeviceDestroy(dev), "virNodeDeviceDestroy");
    assert_no_support(rw, virNodeDeviceDetachFlags(dev, "vfio", 0), "virNodeDeviceDetachFlags");
    assert_dispatched(rw, virDomainResume(dom), VIR_ERR_INTERNAL_ERROR,
                      "internal error: domain 'test' not paused");
    g_assert_cmpint(virDomainSuspend(dom), ==, 0);
    assert_dispatched(rw, virDomainSuspend(dom), VIR_ERR_INTERNAL_ERROR,
                      "internal error: domain 'test' not running");
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    assert_dispatched(rw, virDomainShutdown(dom), VIR_ERR_OPERATION_INVALID,
                      "Requested operation is not valid: domain is not running");
    assert_dispatched(rw, virDomainReboot(dom, 0), VIR_ERR_OPERATION_INVALID,
                      "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    assert_dispatched(rw, virDomainCreate(dom), VIR_ERR_OPERATION_INVALID,
                      "Requested operation is not valid: Domain is already running");
    assert_dispatched(rw, virDomainDestroyFlags(dom, 1u << 30), VIR_ERR_INVALID_ARG,
                      "invalid argument: testDomainDestroyFlags: unsupported flags (0x40000000)");
    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    assert_dispatched(rw, virNetworkDestroy(net), VIR_ERR_OPERATION_INVALID,
                      "Requested operation is not valid: network 'default' is not active");
    g_assert_cmpint(virNetworkUndefine(net), ==, 0);
    assert_dispatched(rw, virNetworkCreate(net), VIR_ERR_NO_NETWORK,
                      "Network not found: no network with matching uuid "
                      "'dd8fe884-6c02-601e-7551-cca97df1c5df' (default)");
    virDomainFree(dom);
    virNetworkFree(net);
    virNodeDeviceFree(dev);
    g_assert_cmpint(handler_calls, ==, 0);
    virConnectClose(rw);
    virConnectClose(ro);
}

static void
noop_domain_cb(virConnectPtr conn, virDomainPtr dom, void *opaque)
{
}

static void
noop_network_cb(virConnectPtr conn, virNetworkPtr net, void *opaque)
{
}

/* The event registrations' argument checks, in their order. */
static void
test_event_arg_errors(void)
{
    virConnectPtr conn = open_test();
    virConnectPtr other = open_test();
    virDomainPtr dom = virDomainLookupByName(other, "test");
    virNetworkPtr net = virNetworkLookupByName(other, "default");
    virConnectNetworkEventGenericCallback net_cb = VIR_NETWORK_EVENT_CALLBACK(noop_network_cb);
    g_autofree char *dom_last = g_strdup_printf(
        "invalid argument: eventID in virConnectDomainEventRegisterAny must be less than %d",
        VIR_DOMAIN_EVENT_ID_LAST);
    g_autofree char *net_last = g_strdup_printf(
        "invalid argument: eventID in virConnectNetworkEventRegisterAny must be less than %d",
        VIR_NETWORK_EVENT_ID_LAST);

    g_assert_nonnull(dom);
    g_assert_nonnull(net);
    handler_calls = 0;
    assert_dispatched(conn, virConnectDomainEventRegisterAny(conn, dom, VIR_DOMAIN_EVENT_ID_LAST,
                                                             noop_domain_cb, NULL, NULL),
                      VIR_ERR_INVALID_ARG,
                      "invalid argument: dom in virConnectDomainEventRegisterAny "
                      "must belong to conn");
    assert_dispatched(conn, virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LAST,
                                                             NULL, NULL, NULL),
                      VIR_ERR_INVALID_ARG,
                      "invalid argument: cb in virConnectDomainEventRegisterAny must not be NULL");
    assert_dispatched(conn, virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LAST,
                                                             noop_domain_cb, NULL, NULL),
                      VIR_ERR_INVALID_ARG, dom_last);
    assert_dispatched(conn, virConnectDomainEventRegisterAny(conn, NULL, -1, noop_domain_cb, NULL,
                                                             NULL),
                      VIR_ERR_INVALID_ARG, dom_last);
    assert_dispatched(conn, virConnectDomainEventDeregisterAny(conn, -1), VIR_ERR_INVALID_ARG,
                      "invalid argument: callbackID in virConnectDomainEventDeregisterAny "
                      "must not be negative");

    assert_dispatched(conn, virConnectNetworkEventRegisterAny(conn, net, VIR_NETWORK_EVENT_ID_LAST,
                                                              net_cb, NULL, NULL),
                      VIR_ERR_INVALID_ARG,
                      "invalid argument: net in virConnectNetworkEventRegisterAny "
                      "must belong to conn");
    assert_dispatched(conn, virConnectNetworkEventRegisterAny(conn, NULL, VIR_NETWORK_EVENT_ID_LAST,
                                                              NULL, NULL, NULL),
                      VIR_ERR_INVALID_ARG,
                      "invalid argument: cb in virConnectNetworkEventRegisterAny must not be NULL");
    assert_dispatched(conn, virConnectNetworkEventRegisterAny(conn, NULL, VIR_NETWORK_EVENT_ID_LAST,
                                                              net_cb, NULL, NULL),
                      VIR_ERR_INVALID_ARG, net_last);
    assert_dispatched(conn, virConnectNetworkEventDeregisterAny(conn, -1), VIR_ERR_INVALID_ARG,
                      "invalid argument: callbackID in virConnectNetworkEventDeregisterAny "
                      "must not be negative");
    g_assert_cmpint(handler_calls, ==, 0);

    virDomainFree(dom);
    virNetworkFree(net);
    virConnectClose(other);
    virConnectClose(conn);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    virSetErrorFunc(NULL, quiet_handler);

    g_test_add_func("/client/connect", test_connect);
    g_test_add_func("/client/bad-connections", test_bad_connections);
    g_test_add_func("/client/list-lookup", test_list_and_lookup);
    g_test_add_func("/client/domain-info-xml", test_domain_info_and_xml);
    g_test_add_func("/client/define-lifecycle", test_define_lifecycle);
    g_test_add_func("/client/read-only", test_read_only);
    g_test_add_func("/client/fresh-host", test_fresh_host_per_connection);
    g_test_add_func("/client/events", test_events);
    g_test_add_func("/client/networks", test_networks);
    g_test_add_func("/client/node-devices", test_node_devices);
    g_test_add_func("/client/errors", test_errors_api);
    g_test_add_func("/client/change-errors", test_change_errors);
    g_test_add_func("/client/event-arg-errors", test_event_arg_errors);
    return g_test_run();
}
