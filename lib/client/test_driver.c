/* The embedded test driver (test:///default): a fresh in-memory host per connection, its events and node devices. */
#define MV_LOG_MODULE "client.test"
#define MV_FROM_THIS VIR_FROM_TEST

#include <string.h>

#include "test_driver.h"

#include "driver.h"
#include "util/error.h"
#include "util/log.h"

/* libvirt's test host: an i686 with 16 CPUs at 1.4 GHz and 3 GiB. */
static const virNodeInfo test_node_info = {
    .model = "i686",
    .memory = 3145728,
    .cpus = 16,
    .mhz = 1400,
    .nodes = 2,
    .sockets = 2,
    .cores = 2,
    .threads = 2,
};

static const char test_computer_xml[] =
    "<device>\n"
    "  <name>computer</name>\n"
    "  <capability type='system'>\n"
    "    <hardware>\n"
    "      <vendor>Libvirt</vendor>\n"
    "      <version>Test driver</version>\n"
    "      <serial>123456</serial>\n"
    "      <uuid>11111111-2222-3333-4444-555555555555</uuid>\n"
    "    </hardware>\n"
    "    <firmware>\n"
    "      <vendor>Libvirt</vendor>\n"
    "      <version>Test Driver</version>\n"
    "      <release_date>01/22/2007</release_date>\n"
    "    </firmware>\n"
    "  </capability>\n"
    "</device>\n";

static MvTestHost *
host_ref(MvTestHost *host)
{
    g_atomic_int_inc(&host->refs);
    return host;
}

static void
event_free(MvTestEvent *ev)
{
    g_free(ev->name);
    g_free(ev);
}

static void
host_unref(void *opaque)
{
    MvTestHost *host = opaque;

    if (!g_atomic_int_dec_and_test(&host->refs))
        return;
    g_ptr_array_unref(host->domains);
    g_ptr_array_unref(host->networks);
    g_ptr_array_unref(host->devices);
    g_ptr_array_unref(host->callbacks);
    g_ptr_array_unref(host->queue);
    g_mutex_clear(&host->lock);
    g_free(host);
}

static void
callback_release(void *data)
{
    MvTestCallback *cb = data;

    g_rc_box_release_full(cb, NULL);
}

static MvTestHost *
host_new(void)
{
    MvTestHost *host = g_new0(MvTestHost, 1);

    host->refs = 1;
    g_mutex_init(&host->lock);
    host->domains = g_ptr_array_new_with_free_func((GDestroyNotify) mv_test_domain_free);
    host->networks = g_ptr_array_new_with_free_func((GDestroyNotify) mv_test_network_free);
    host->devices = g_ptr_array_new_with_free_func((GDestroyNotify) mv_nodedev_def_free);
    host->callbacks = g_ptr_array_new_with_free_func(callback_release);
    host->queue = g_ptr_array_new_with_free_func((GDestroyNotify) event_free);
    host->next_id = 1;
    host->next_callback = 0;
    host->timer = -1;
    return host;
}

static bool
test_accepts(const MvClientUri *uri)
{
    return g_str_equal(uri->driver, "test");
}

static int
test_open(virConnectPtr conn, virConnectAuthPtr auth, unsigned int flags)
{
    MvTestHost *host = host_new();
    MvNodeDevDef *computer;

    if (mv_test_domain_add_default(host) < 0 || mv_test_network_add_default(host) < 0 ||
        !(computer = mv_nodedev_def_parse_string(test_computer_xml))) {
        host_unref(host);
        return -1;
    }
    g_ptr_array_add(host->devices, computer);
    conn->priv = host;
    return 0;
}

static void
test_close(virConnectPtr conn)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    int timer;

    g_mutex_lock(&host->lock);
    timer = host->timer;
    host->timer = -1;
    g_mutex_unlock(&host->lock);
    if (timer >= 0)
        virEventRemoveTimeout(timer);
    host_unref(host);
    conn->priv = NULL;
}

static const char *
test_get_type(virConnectPtr conn)
{
    return "TEST";
}

static int
test_get_version(virConnectPtr conn, unsigned long *hv_ver)
{
    *hv_ver = 2;
    return 0;
}

static char *
test_get_hostname(virConnectPtr conn)
{
    return g_strdup(g_get_host_name());
}

static char *
test_get_capabilities(virConnectPtr conn)
{
    return g_strdup("<capabilities>\n"
                    "  <host>\n"
                    "    <cpu>\n"
                    "      <arch>i686</arch>\n"
                    "    </cpu>\n"
                    "  </host>\n"
                    "  <guest>\n"
                    "    <os_type>hvm</os_type>\n"
                    "    <arch name='i686'>\n"
                    "      <wordsize>32</wordsize>\n"
                    "      <domain type='test'/>\n"
                    "    </arch>\n"
                    "  </guest>\n"
                    "</capabilities>\n");
}

static int
test_get_max_vcpus(virConnectPtr conn, const char *type)
{
    return 32;
}

static int
test_node_get_info(virConnectPtr conn, virNodeInfoPtr info)
{
    *info = test_node_info;
    return 0;
}

static int
test_yes(virConnectPtr conn)
{
    return 1;
}

static int
test_no(virConnectPtr conn)
{
    return 0;
}

/* Events: queued under the host lock by the changes, handed to the
 * callbacks from the event loop by a timeout that is armed while the
 * queue is not empty. */
static void
events_flush(int timer, void *opaque)
{
    MvTestHost *host = opaque;
    g_autoptr(GPtrArray) events = NULL;
    g_autoptr(GPtrArray) callbacks = g_ptr_array_new_with_free_func(callback_release);

    g_mutex_lock(&host->lock);
    events = g_steal_pointer(&host->queue);
    host->queue = g_ptr_array_new_with_free_func((GDestroyNotify) event_free);
    for (guint i = 0; i < host->callbacks->len; i++)
        g_ptr_array_add(callbacks, g_rc_box_acquire(g_ptr_array_index(host->callbacks, i)));
    if (host->timer >= 0)
        virEventUpdateTimeout(host->timer, -1);
    g_mutex_unlock(&host->lock);

    for (guint i = 0; i < events->len; i++) {
        MvTestEvent *ev = g_ptr_array_index(events, i);

        for (guint j = 0; j < callbacks->len; j++) {
            MvTestCallback *cb = g_ptr_array_index(callbacks, j);
            virDomainPtr dom;

            if (cb->removed || cb->event_id != ev->event_id ||
                (cb->has_domain && memcmp(cb->uuid, ev->uuid, VIR_UUID_BUFLEN) != 0))
                continue;
            dom = mv_client_domain_new(cb->conn, ev->name, ev->uuid, ev->id);
            /* Registered through the generic type, called with its own
             * (the cast through void (*)(void) is the C way back). */
            if (ev->event_id == VIR_DOMAIN_EVENT_ID_LIFECYCLE)
                ((virConnectDomainEventCallback) (void (*)(void)) cb->cb)(cb->conn, dom,
                                                                          ev->event, ev->detail,
                                                                          cb->opaque);
            else
                cb->cb(cb->conn, dom, cb->opaque);
            virDomainFree(dom);
        }
    }
}

static void
event_push(MvTestHost *host, const MvTestDomain *dom, int event_id, int event, int detail)
{
    MvTestEvent *ev = g_new0(MvTestEvent, 1);

    ev->event_id = event_id;
    ev->name = g_strdup(dom->def->name);
    memcpy(ev->uuid, dom->def->uuid, VIR_UUID_BUFLEN);
    ev->id = dom->state == VIR_DOMAIN_SHUTOFF ? -1 : dom->def->id;
    ev->event = event;
    ev->detail = detail;
    /* Nobody listens: nothing to keep. */
    if (host->timer < 0) {
        event_free(ev);
        return;
    }
    g_ptr_array_add(host->queue, ev);
    virEventUpdateTimeout(host->timer, 0);
}

void
mv_test_event_queue(MvTestHost *host, const MvTestDomain *dom, int event, int detail)
{
    event_push(host, dom, VIR_DOMAIN_EVENT_ID_LIFECYCLE, event, detail);
}

void
mv_test_event_queue_generic(MvTestHost *host, const MvTestDomain *dom, int event_id)
{
    event_push(host, dom, event_id, 0, 0);
}

static int
test_event_register_any(virConnectPtr conn, virDomainPtr dom, int event_id,
                        virConnectDomainEventGenericCallback func, void *opaque,
                        virFreeCallback freecb)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    MvTestCallback *cb;
    int id;

    g_mutex_lock(&host->lock);
    if (host->timer < 0) {
        host->timer = virEventAddTimeout(-1, events_flush, host_ref(host), host_unref);
        if (host->timer < 0) {
            g_mutex_unlock(&host->lock);
            host_unref(host);
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s",
                            "could not initialize domain event timer");
            return -1;
        }
    }
    cb = g_rc_box_new0(MvTestCallback);
    cb->id = id = host->next_callback++;
    g_atomic_int_inc(&conn->refs);
    cb->conn = conn;
    if (dom) {
        cb->has_domain = true;
        memcpy(cb->uuid, dom->uuid, VIR_UUID_BUFLEN);
    }
    cb->event_id = event_id;
    cb->cb = func;
    cb->opaque = opaque;
    cb->freecb = freecb;
    g_ptr_array_add(host->callbacks, cb);
    g_mutex_unlock(&host->lock);
    return id;
}

static int
test_event_deregister_any(virConnectPtr conn, int callback_id)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    MvTestCallback *cb = NULL;

    g_mutex_lock(&host->lock);
    for (guint i = 0; i < host->callbacks->len; i++) {
        MvTestCallback *c = g_ptr_array_index(host->callbacks, i);

        if (c->id == callback_id) {
            cb = g_rc_box_acquire(c);
            c->removed = true;
            g_ptr_array_remove_index(host->callbacks, i);
            break;
        }
    }
    g_mutex_unlock(&host->lock);
    if (!cb) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "could not find event callback %d for deletion", callback_id);
        return -1;
    }
    if (cb->freecb)
        cb->freecb(cb->opaque);
    /* The callback's reference on the connection: the connection may go now. */
    virConnectClose(cb->conn);
    callback_release(cb);
    return 0;
}

/* Node devices: the host's device list, read only. */
static MvNodeDevDef *
device_find(MvTestHost *host, const char *name)
{
    for (guint i = 0; i < host->devices->len; i++) {
        MvNodeDevDef *def = g_ptr_array_index(host->devices, i);

        if (g_str_equal(def->name, name))
            return def;
    }
    return NULL;
}

static bool
device_has_cap(const MvNodeDevDef *def, unsigned int flags)
{
    for (size_t i = 0; i < def->ncaps; i++) {
        if (flags & (1u << def->caps[i].type))
            return true;
    }
    return false;
}

static int
test_list_all_node_devices(virConnectPtr conn, virNodeDevicePtr **devices, unsigned int flags)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    g_autoptr(GPtrArray) list = g_ptr_array_new();
    unsigned int cap_flags = flags & ~(VIR_CONNECT_LIST_NODE_DEVICES_INACTIVE |
                                       VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE);
    int n;

    if (!mv_client_check_flags(flags, ((1u << MV_NODEDEV_CAP_LAST) - 1) |
                               VIR_CONNECT_LIST_NODE_DEVICES_INACTIVE |
                               VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE,
                               "testConnectListAllNodeDevices"))
        return -1;
    g_mutex_lock(&host->lock);
    for (guint i = 0; i < host->devices->len; i++) {
        MvNodeDevDef *def = g_ptr_array_index(host->devices, i);

        /* Every test device is active. */
        if ((flags & VIR_CONNECT_LIST_NODE_DEVICES_INACTIVE) &&
            !(flags & VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE))
            continue;
        if (cap_flags && !device_has_cap(def, cap_flags))
            continue;
        g_ptr_array_add(list, mv_client_node_device_new(conn, def->name));
    }
    g_mutex_unlock(&host->lock);
    n = list->len;
    if (devices) {
        g_ptr_array_add(list, NULL);
        *devices = (virNodeDevicePtr *) g_ptr_array_free(g_steal_pointer(&list), FALSE);
    } else {
        for (guint i = 0; i < list->len; i++)
            virNodeDeviceFree(g_ptr_array_index(list, i));
    }
    return n;
}

static virNodeDevicePtr
test_node_device_lookup_by_name(virConnectPtr conn, const char *name)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    bool found;

    g_mutex_lock(&host->lock);
    found = device_find(host, name) != NULL;
    g_mutex_unlock(&host->lock);
    if (!found) {
        mv_report_error(VIR_ERR_NO_NODE_DEVICE, "no node device with matching name '%s'", name);
        return NULL;
    }
    return mv_client_node_device_new(conn, name);
}

/* The device behind a handle, locked host; NULL after reporting. */
static MvNodeDevDef *
device_get(virNodeDevicePtr dev, MvTestHost **ret_host)
{
    MvTestHost *host = MV_TEST_HOST(dev->conn);
    MvNodeDevDef *def;

    g_mutex_lock(&host->lock);
    if (!(def = device_find(host, dev->name))) {
        g_mutex_unlock(&host->lock);
        mv_report_error(VIR_ERR_NO_NODE_DEVICE, "no node device with matching name '%s'",
                        dev->name);
        return NULL;
    }
    *ret_host = host;
    return def;
}

static char *
test_node_device_get_xml_desc(virNodeDevicePtr dev, unsigned int flags)
{
    MvTestHost *host;
    MvNodeDevDef *def;
    char *xml;

    if (!mv_client_check_flags(flags, 0, "testNodeDeviceGetXMLDesc"))
        return NULL;
    if (!(def = device_get(dev, &host)))
        return NULL;
    xml = mv_nodedev_def_format(def);
    g_mutex_unlock(&host->lock);
    return xml;
}

static char *
test_node_device_get_parent(virNodeDevicePtr dev)
{
    MvTestHost *host;
    MvNodeDevDef *def;
    char *parent;

    if (!(def = device_get(dev, &host)))
        return NULL;
    parent = g_strdup(def->parent);
    g_mutex_unlock(&host->lock);
    if (!parent)
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "no parent for this device");
    return parent;
}

static int
test_node_device_list_caps(virNodeDevicePtr dev, char ***names)
{
    MvTestHost *host;
    MvNodeDevDef *def;
    int n;

    if (!(def = device_get(dev, &host)))
        return -1;
    *names = g_new0(char *, def->ncaps + 1);
    for (size_t i = 0; i < def->ncaps; i++)
        (*names)[i] = g_strdup(mv_nodedev_cap_type_to_string(def->caps[i].type));
    n = def->ncaps;
    g_mutex_unlock(&host->lock);
    return n;
}

const MvClientDriver mv_client_test_driver = {
    .name = "Test",
    .accepts = test_accepts,
    .open = test_open,
    .close = test_close,

    .connect_get_type = test_get_type,
    .connect_get_version = test_get_version,
    .connect_get_hostname = test_get_hostname,
    .connect_get_capabilities = test_get_capabilities,
    .connect_get_max_vcpus = test_get_max_vcpus,
    .node_get_info = test_node_get_info,
    .connect_is_encrypted = test_no,
    .connect_is_secure = test_yes,
    .connect_is_alive = test_yes,

    .connect_list_all_domains = mv_test_domain_list_all,
    .domain_lookup_by_id = mv_test_domain_lookup_by_id,
    .domain_lookup_by_uuid = mv_test_domain_lookup_by_uuid,
    .domain_lookup_by_name = mv_test_domain_lookup_by_name,
    .domain_create_xml = mv_test_domain_create_xml,
    .domain_define_xml_flags = mv_test_domain_define_xml_flags,
    .domain_undefine_flags = mv_test_domain_undefine_flags,
    .domain_create_with_flags = mv_test_domain_create_with_flags,
    .domain_destroy_flags = mv_test_domain_destroy_flags,
    .domain_shutdown_flags = mv_test_domain_shutdown_flags,
    .domain_reboot = mv_test_domain_reboot,
    .domain_suspend = mv_test_domain_suspend,
    .domain_resume = mv_test_domain_resume,
    .domain_get_info = mv_test_domain_get_info,
    .domain_get_state = mv_test_domain_get_state,
    .domain_get_xml_desc = mv_test_domain_get_xml_desc,
    .domain_get_autostart = mv_test_domain_get_autostart,
    .domain_set_autostart = mv_test_domain_set_autostart,
    .domain_get_os_type = mv_test_domain_get_os_type,
    .domain_get_max_memory = mv_test_domain_get_max_memory,
    .domain_get_vcpus_flags = mv_test_domain_get_vcpus_flags,
    .domain_is_active = mv_test_domain_is_active,
    .domain_is_persistent = mv_test_domain_is_persistent,
    .domain_event_register_any = test_event_register_any,
    .domain_event_deregister_any = test_event_deregister_any,

    .connect_list_all_networks = mv_test_network_list_all,
    .network_lookup_by_uuid = mv_test_network_lookup_by_uuid,
    .network_lookup_by_name = mv_test_network_lookup_by_name,
    .network_create_xml = mv_test_network_create_xml,
    .network_define_xml = mv_test_network_define_xml,
    .network_undefine = mv_test_network_undefine,
    .network_create = mv_test_network_create,
    .network_destroy = mv_test_network_destroy,
    .network_get_xml_desc = mv_test_network_get_xml_desc,
    .network_get_bridge_name = mv_test_network_get_bridge_name,
    .network_get_autostart = mv_test_network_get_autostart,
    .network_set_autostart = mv_test_network_set_autostart,
    .network_is_active = mv_test_network_is_active,
    .network_is_persistent = mv_test_network_is_persistent,
    .network_get_dhcp_leases = mv_test_network_get_dhcp_leases,

    .connect_list_all_node_devices = test_list_all_node_devices,
    .node_device_lookup_by_name = test_node_device_lookup_by_name,
    .node_device_get_xml_desc = test_node_device_get_xml_desc,
    .node_device_get_parent = test_node_device_get_parent,
    .node_device_list_caps = test_node_device_list_caps,
};
