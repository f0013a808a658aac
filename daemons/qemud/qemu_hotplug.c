/* Device hot plug and unplug of guest interfaces: the persistent definition (AFFECT_CONFIG) and the running guest (AFFECT_LIVE: host side, getfd, netdev_add, device_add; device_del, DEVICE_DELETED, netdev_del, host side undone). */
#define MV_LOG_MODULE "qemu.hotplug"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_hotplug.h"

#include <string.h>
#include <unistd.h>

#include "conf/domain_interface.h"
#include "conf/domain_os.h"
#include "conf/xml.h"
#include "qemu_command_props.h"
#include "qemu_hostdev.h"
#include "qemu_interface.h"
#include "qemu_monitor_json.h"
#include "qemu_postparse.h"
#include "qemu_postparse_alias.h"
#include "qemu_process.h"
#include "qemu_status.h"
#include "util/error.h"
#include "util/log.h"
#include "util/macaddr.h"

/* ---- the device's XML ------------------------------------------------------- */

/* The <interface> of xml; any other device is refused as libvirt refuses
 * a device its driver cannot (de)attach. what: "attach" or "detach". */
static MvDomainNet *
parse_net(const char *xml, unsigned int parse_flags, bool live, const char *what, bool validate)
{
    g_autoptr(xmlDoc) doc = mv_xml_parse_string(xml, NULL);
    g_autoptr(MvDomainNet) net = NULL;
    xmlNode *root;

    if (!doc)
        return NULL;
    root = xmlDocGetRootElement(doc);
    if (!mv_xml_name_is(root, "interface")) {
        mv_report_error(VIR_ERR_OPERATION_UNSUPPORTED, "%s %s of device '%s' is not supported",
                        live ? "live" : "persistent", what, (const char *) root->name);
        return NULL;
    }
    if (!(net = mv_domain_net_parse(root, parse_flags)))
        return NULL;
    if (validate && mv_domain_net_validate(net) < 0)
        return NULL;
    return g_steal_pointer(&net);
}

static bool
net_pci_given(const MvDomainNet *net)
{
    return net->info.address.type == MV_DOMAIN_ADDRESS_PCI && net->info.address.u.pci.present;
}

/* The index in def->nets of the interface net names, matched as libvirt
 * matches it: the MAC when given, the guest PCI address when given, the
 * alias when both have one. -1 after reporting. */
static int
find_net(const MvDomainDef *def, const MvDomainNet *net)
{
    char macstr[MV_MAC_STRING_BUFLEN];
    bool mac_given = !net->mac_generated;
    bool pci_given = net_pci_given(net);
    const MvDomainAddress *want = &net->info.address;
    g_autofree char *addr = NULL;
    int match = -1;

    mv_mac_format(&net->mac, macstr);
    for (guint i = 0; i < def->nets->len; i++) {
        const MvDomainNet *cur = g_ptr_array_index(def->nets, i);
        const MvDomainAddress *have = &cur->info.address;

        if (mac_given && !mv_mac_equal(&cur->mac, &net->mac))
            continue;
        if (pci_given &&
            (have->type != MV_DOMAIN_ADDRESS_PCI || have->u.pci.domain != want->u.pci.domain ||
             have->u.pci.bus != want->u.pci.bus || have->u.pci.slot != want->u.pci.slot ||
             have->u.pci.function != want->u.pci.function))
            continue;
        if (net->info.alias && cur->info.alias && strcmp(net->info.alias, cur->info.alias) != 0)
            continue;
        if (match >= 0) {
            if (mac_given)
                mv_report_error(VIR_ERR_OPERATION_FAILED,
                                "multiple devices matching MAC address %s found", macstr);
            else
                mv_report_error(VIR_ERR_OPERATION_FAILED, "multiple matching devices found");
            return -1;
        }
        match = (int) i;
    }
    if (match >= 0)
        return match;

    if (pci_given)
        addr = g_strdup_printf("%04x:%02x:%02x.%x", want->u.pci.domain, want->u.pci.bus,
                               want->u.pci.slot, want->u.pci.function);
    mv_report_error(VIR_ERR_DEVICE_MISSING,
                    "no device found at address '%s' matching MAC address '%s' and alias '%s'",
                    addr ? addr : "(<null>)", mac_given ? macstr : "(<null>)",
                    net->info.alias ? net->info.alias : "(<null>)");
    return -1;
}

/* Gives net (parsed on its own) what it would have got in def: the
 * driver's defaults (model, a free PCI address on def's buses) and, for
 * a live definition, an alias not taken. def is not changed: the work is
 * done on a copy. A device that would need a new PCI controller is
 * refused: a running guest cannot get one. */
static int
net_prepare(MvQemuDriver *driver, MvQemuDomainObj *obj, MvDomainNet *net, bool live)
{
    unsigned int flags = live ? 0 : MV_DOMAIN_XML_INACTIVE;
    g_autofree char *xml = NULL;
    g_autoptr(MvDomainDef) copy = NULL;
    g_autoptr(MvQemuCaps) caps = NULL;
    guint ncontrollers;
    int rc = -1;

    g_mutex_lock(&obj->lock);
    xml = mv_domain_def_format(live ? obj->live : obj->def, flags);
    g_mutex_unlock(&obj->lock);
    if (!xml || !(copy = mv_domain_def_parse_string(xml, flags)) ||
        !(caps = mv_qemu_driver_caps_for_def(driver, copy)))
        return -1;
    ncontrollers = copy->controllers->len;
    g_ptr_array_add(copy->nets, net);
    if (mv_qemu_domain_post_parse(copy, caps) < 0 ||
        (live && mv_qemu_domain_assign_aliases(copy) < 0))
        goto out;
    if (live && copy->controllers->len != ncontrollers) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "no free hotpluggable PCI slot for the interface in domain '%s'",
                        obj->name);
        goto out;
    }
    rc = 0;

 out:
    g_ptr_array_remove_index(copy->nets, copy->nets->len - 1);
    return rc;
}

/* ---- QMP ------------------------------------------------------------------------- */

static int
monitor_getfd(MvQemuMonitor *mon, int fd, const char *name)
{
    g_autoptr(JsonObject) args = json_object_new();

    json_object_set_string_member(args, "fdname", name);
    return mv_qemu_monitor_command_sync_fd(mon, "getfd", args, fd, NULL, 0);
}

static void
monitor_closefd(MvQemuMonitor *mon, const char *name)
{
    g_autoptr(JsonObject) args = json_object_new();

    json_object_set_string_member(args, "fdname", name);
    if (mv_qemu_monitor_command_sync(mon, "closefd", args, NULL, 0) < 0)
        MV_WARN("%s", mv_error_last_message());
}

int
mv_qemu_hotplug_netdev_del(MvQemuMonitor *mon, const char *id)
{
    g_autoptr(JsonObject) args = json_object_new();

    json_object_set_string_member(args, "id", id);
    return mv_qemu_monitor_command_sync(mon, "netdev_del", args, NULL, 0);
}

/* bus= and addr= of a PCI address, as the command line writes them. */
static void
props_pci_address(JsonObject *props, const MvDomainDef *def, const MvDomainDeviceInfo *info)
{
    const MvDomainAddress *addr = &info->address;
    g_autofree char *bus = NULL;
    g_autofree char *slot = NULL;

    if (addr->type != MV_DOMAIN_ADDRESS_PCI)
        return;
    if (addr->u.pci.bus == 0 && mv_qemu_machine_is_q35(def->os->machine))
        bus = g_strdup("pcie.0");
    else
        bus = g_strdup_printf("pci.%u", addr->u.pci.bus);
    if (addr->u.pci.function)
        slot = g_strdup_printf("0x%x.0x%x", addr->u.pci.slot, addr->u.pci.function);
    else
        slot = g_strdup_printf("0x%x", addr->u.pci.slot);
    json_object_set_string_member(props, "bus", bus);
    json_object_set_string_member(props, "addr", slot);
    if (addr->u.pci.multifunction != MV_TRISTATE_ABSENT)
        json_object_set_boolean_member(props, "multifunction",
                                       addr->u.pci.multifunction == MV_TRISTATE_YES);
}

static const char *
nic_device(const MvDomainNet *net)
{
    switch (net->model) {
    case MV_NET_MODEL_VIRTIO:
        return "virtio-net-pci";
    case MV_NET_MODEL_VIRTIO_TRANSITIONAL:
        return "virtio-net-pci-transitional";
    case MV_NET_MODEL_VIRTIO_NON_TRANSITIONAL:
        return "virtio-net-pci-non-transitional";
    case MV_NET_MODEL_UNKNOWN:
        return net->model_str;
    default:
        return mv_net_model_to_string(net->model);
    }
}

static JsonObject *
vfio_props(const MvDomainDef *def, const MvHostdevSubsys *src, const MvDomainNet *net)
{
    JsonObject *props = json_object_new();
    g_autofree char *host = mv_pci_addr_format(&src->u.pci.addr);

    json_object_set_string_member(props, "driver", "vfio-pci");
    json_object_set_string_member(props, "host", host);
    json_object_set_string_member(props, "id", net->info.alias);
    props_pci_address(props, def, &net->info);
    return props;
}

static JsonObject *
nic_props(const MvDomainDef *def, const MvDomainNet *net, const char *netdev)
{
    JsonObject *props = json_object_new();
    char mac[MV_MAC_STRING_BUFLEN];

    json_object_set_string_member(props, "driver", nic_device(net));
    json_object_set_string_member(props, "netdev", netdev);
    json_object_set_string_member(props, "id", net->info.alias);
    json_object_set_string_member(props, "mac", mv_mac_format(&net->mac, mac));
    if (net->mtu && mv_domain_net_is_virtio(net))
        json_object_set_int_member(props, "host_mtu", net->mtu);
    props_pci_address(props, def, &net->info);
    return props;
}

/* ---- live attach ---------------------------------------------------------------- */

/* What a live attach made so far, for the undo. */
typedef struct {
    int tap;
    int vhost;
    char *tap_name;           /* getfd names QEMU holds and netdev_add did not take */
    char *vhost_name;
    char *netdev;             /* netdev_add done */
} AttachState;

static void
attach_state_clear(AttachState *st)
{
    if (st->tap >= 0)
        close(st->tap);
    if (st->vhost >= 0)
        close(st->vhost);
    g_free(st->tap_name);
    g_free(st->vhost_name);
    g_free(st->netdev);
}

/* The QMP half: fds, netdev, device. On failure what QEMU got is taken back. */
static int
attach_qemu(MvQemuMonitor *mon, const MvDomainDef *live, const MvDomainNet *net,
            const MvHostdevSubsys *vf, AttachState *st)
{
    g_autoptr(JsonObject) netdev = NULL;
    g_autoptr(JsonObject) device = NULL;
    g_autofree char *netdev_id = g_strdup_printf("host%s", net->info.alias);

    if (vf) {
        device = vfio_props(live, vf, net);
        return mv_qemu_monitor_device_add(mon, device);
    }

    netdev = json_object_new();
    if (net->type == MV_NET_TYPE_USER) {
        json_object_set_string_member(netdev, "type", "user");
    } else {
        g_autofree char *tap_name = g_strdup_printf("tapfd-%s0", net->info.alias);
        g_autofree char *vhost_name = g_strdup_printf("vhostfd-%s0", net->info.alias);

        if (monitor_getfd(mon, st->tap, tap_name) < 0)
            return -1;
        st->tap_name = g_steal_pointer(&tap_name);
        json_object_set_string_member(netdev, "type", "tap");
        json_object_set_string_member(netdev, "fd", st->tap_name);
        if (st->vhost >= 0) {
            if (monitor_getfd(mon, st->vhost, vhost_name) < 0)
                goto undo;
            st->vhost_name = g_steal_pointer(&vhost_name);
            json_object_set_boolean_member(netdev, "vhost", true);
            json_object_set_string_member(netdev, "vhostfd", st->vhost_name);
        }
    }
    json_object_set_string_member(netdev, "id", netdev_id);
    if (mv_qemu_monitor_command_sync(mon, "netdev_add", netdev, NULL, 0) < 0)
        goto undo;
    /* The netdev took the named fds. */
    g_clear_pointer(&st->tap_name, g_free);
    g_clear_pointer(&st->vhost_name, g_free);
    st->netdev = g_steal_pointer(&netdev_id);

    device = nic_props(live, net, st->netdev);
    if (mv_qemu_monitor_device_add(mon, device) < 0)
        goto undo;
    if (net->link_state == MV_NET_LINK_DOWN) {
        g_autoptr(JsonObject) args = json_object_new();

        json_object_set_string_member(args, "name", net->info.alias);
        json_object_set_boolean_member(args, "up", false);
        if (mv_qemu_monitor_command_sync(mon, "set_link", args, NULL, 0) < 0) {
            MvError *saved = mv_error_save();

            if (mv_qemu_monitor_device_del(mon, net->info.alias) < 0)
                MV_WARN("%s", mv_error_last_message());
            mv_error_restore(saved);
            goto undo;
        }
    }
    return 0;

 undo:
    {
        MvError *saved = mv_error_save();

        if (st->netdev && mv_qemu_hotplug_netdev_del(mon, st->netdev) < 0)
            MV_WARN("%s", mv_error_last_message());
        if (st->tap_name)
            monitor_closefd(mon, st->tap_name);
        if (st->vhost_name)
            monitor_closefd(mon, st->vhost_name);
        mv_error_restore(saved);
    }
    return -1;
}

/* The VF networkd gave a network interface (forward mode hostdev), or
 * NULL; g_free frees. */
static MvHostdevSubsys *
network_vf(MvQemuDriver *driver, const MvDomainDef *live, const MvDomainNet *net)
{
    if (net->type != MV_NET_TYPE_NETWORK || !net->data.network.has_portid ||
        net->data.network.bridge)
        return NULL;
    return mv_qemu_hostdev_network_source(driver, live->name, net);
}

static int
check_live_type(const MvDomainNet *net)
{
    switch (net->type) {
    case MV_NET_TYPE_USER:
    case MV_NET_TYPE_ETHERNET:
    case MV_NET_TYPE_BRIDGE:
    case MV_NET_TYPE_NETWORK:
    case MV_NET_TYPE_HOSTDEV:
        return 0;
    default:
        mv_report_error(VIR_ERR_OPERATION_UNSUPPORTED,
                        "hotplug of interface type of %s is not implemented yet",
                        mv_net_type_to_string(net->type));
        return -1;
    }
}

typedef struct {
    MvQemuDriver *driver;
    MvQemuDomainObj *obj;
    const MvDomainNet *net;
} PlugRecord;

static void
plug_record(void *opaque)
{
    PlugRecord *rec = opaque;

    mv_qemu_hotplug_plugging_set(rec->driver, rec->obj, rec->net);
}

/* Plugs net (prepared: alias, address) into obj's running guest; with
 * the job held. On success obj->live holds net (taken) and the status
 * file says so; on failure nothing is left. From before the host side is
 * made until then, the status file names net as being plugged. */
static int
attach_live(MvQemuDriver *driver, MvQemuDomainObj *obj, MvQemuMonitor *mon, MvDomainNet *net)
{
    g_autoptr(MvQemuCaps) caps = NULL;
    g_autofree MvHostdevSubsys *network_vf_src = NULL;
    AttachState st = { .tap = -1, .vhost = -1 };
    PlugRecord record = { driver, obj, net };
    MvQemuInterfaceRecorder recorder = { plug_record, &record };
    const MvHostdevSubsys *vf = NULL;
    const char *device = NULL;
    int rc = -1;

    if (check_live_type(net) < 0 || !(caps = mv_qemu_driver_caps_for_def(driver, obj->live)))
        return -1;
    if (net->type == MV_NET_TYPE_HOSTDEV) {
        vf = &net->data.hostdev;
        if (mv_qemu_require_device(caps, "vfio-pci", "interface") < 0)
            return -1;
    } else {
        device = nic_device(net);
        if (!device || net->model == MV_NET_MODEL_USB_NET) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "interface '%s': model '%s' is not supported by this QEMU driver",
                            net->info.alias, device ? device : "(none)");
            return -1;
        }
        if (mv_qemu_require_device(caps, device, "interface model") < 0)
            return -1;
        if (net->driver.queues > 1) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "interface '%s': driver queues 'multiqueue' is not supported by this "
                            "QEMU driver", net->info.alias);
            return -1;
        }
    }

    /* The host side: the VF's port and detach, or the tap and its port. */
    mv_qemu_hotplug_plugging_set(driver, obj, net);
    if (net->type == MV_NET_TYPE_HOSTDEV) {
        if (mv_qemu_hostdev_plug(driver, obj->live, net) < 0) {
            mv_qemu_hotplug_plugging_set(driver, obj, NULL);
            return -1;
        }
    } else {
        if (mv_qemu_interface_plug(driver, obj->live, net, &recorder, &st.tap, &st.vhost) < 0) {
            mv_qemu_hotplug_plugging_set(driver, obj, NULL);
            return -1;
        }
        network_vf_src = network_vf(driver, obj->live, net);
        if (network_vf_src)
            vf = network_vf_src;
    }

    if (attach_qemu(mon, obj->live, net, vf, &st) == 0) {
        char macstr[MV_MAC_STRING_BUFLEN];

        g_mutex_lock(&obj->lock);
        g_ptr_array_add(obj->live->nets, net);
        g_clear_pointer(&obj->plugging, mv_domain_net_free);
        mv_qemu_status_write(driver, obj);
        g_mutex_unlock(&obj->lock);
        MV_INFO("domain '%s': interface '%s' (type %s, MAC %s) attached", obj->name,
                net->info.alias, mv_net_type_to_string(net->type),
                mv_mac_format(&net->mac, macstr));
        rc = 0;
    } else {
        MvError *saved = mv_error_save();

        /* QEMU let go of it: the host side goes, last step first. */
        if (st.tap >= 0)
            close(st.tap);
        st.tap = -1;
        if (st.vhost >= 0)
            close(st.vhost);
        st.vhost = -1;
        if (net->type == MV_NET_TYPE_HOSTDEV)
            mv_qemu_hostdev_unplug(driver, obj->name, net->info.alias);
        else
            mv_qemu_interface_unplug(driver, obj->live, net);
        mv_qemu_hotplug_plugging_set(driver, obj, NULL);
        mv_error_restore(saved);
    }
    attach_state_clear(&st);
    return rc;
}

/* ---- live detach ------------------------------------------------------------------ */

void
mv_qemu_hotplug_finish_removal(MvQemuDriver *driver, MvQemuDomainObj *obj, const char *alias)
{
    g_autoptr(MvQemuMonitor) mon = NULL;
    g_autoptr(MvDomainNet) net = NULL;
    g_autofree MvHostdevSubsys *vf = NULL;
    guint i;

    g_mutex_lock(&obj->lock);
    if (!obj->live) {
        g_mutex_unlock(&obj->lock);
        return;
    }
    for (i = 0; i < obj->live->nets->len; i++) {
        const MvDomainNet *cur = g_ptr_array_index(obj->live->nets, i);

        if (g_strcmp0(cur->info.alias, alias) == 0)
            break;
    }
    if (i == obj->live->nets->len) {
        g_mutex_unlock(&obj->lock);
        return;
    }
    net = g_ptr_array_steal_index(obj->live->nets, i);
    mon = obj->mon ? mv_qemu_monitor_ref(obj->mon) : NULL;
    mv_qemu_status_write(driver, obj);
    g_mutex_unlock(&obj->lock);

    vf = network_vf(driver, obj->live, net);
    if (mon && net->type != MV_NET_TYPE_HOSTDEV && !vf) {
        g_autofree char *netdev = g_strdup_printf("host%s", alias);

        if (mv_qemu_hotplug_netdev_del(mon, netdev) < 0)
            MV_WARN("domain '%s': %s", obj->name, mv_error_last_message());
    }
    if (net->type == MV_NET_TYPE_HOSTDEV)
        mv_qemu_hostdev_unplug(driver, obj->name, alias);
    else
        mv_qemu_interface_unplug(driver, obj->live, net);
    MV_INFO("domain '%s': interface '%s' detached (DEVICE_DELETED came)", obj->name, alias);
    mv_qemu_driver_emit_device_removed(driver, obj, alias);
}

/* device_del, then up to MV_QEMU_HOTPLUG_UNPLUG_TIMEOUT_MS for the guest
 * to let go; with the job held. A guest that is slower gets its removal
 * finished by the event; the call succeeds either way, as libvirt's. */
static int
detach_live(MvQemuDriver *driver, MvQemuDomainObj *obj, MvQemuMonitor *mon, const char *alias)
{
    gint64 deadline;
    bool done;

    g_mutex_lock(&obj->lock);
    g_free(obj->unplug_alias);
    obj->unplug_alias = g_strdup(alias);
    obj->unplug_done = false;
    g_mutex_unlock(&obj->lock);

    if (mv_qemu_monitor_device_del(mon, alias) < 0) {
        g_mutex_lock(&obj->lock);
        g_clear_pointer(&obj->unplug_alias, g_free);
        g_mutex_unlock(&obj->lock);
        return -1;
    }

    deadline = g_get_monotonic_time() + MV_QEMU_HOTPLUG_UNPLUG_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
    g_mutex_lock(&obj->lock);
    while (!obj->unplug_done && mv_qemu_domain_obj_is_active(obj)) {
        if (!g_cond_wait_until(&obj->job_cond, &obj->lock, deadline))
            break;
    }
    done = obj->unplug_done;
    g_clear_pointer(&obj->unplug_alias, g_free);
    g_mutex_unlock(&obj->lock);

    if (done)
        mv_qemu_hotplug_finish_removal(driver, obj, alias);
    else
        MV_INFO("domain '%s': device '%s' not released by the guest within %u ms; its removal "
                "completes when QEMU reports DEVICE_DELETED", obj->name, alias,
                MV_QEMU_HOTPLUG_UNPLUG_TIMEOUT_MS);
    return 0;
}

typedef struct {
    MvQemuDriver *driver;
    MvQemuDomainObj *obj;
    guint64 run;
    char *alias;
} RemovalJob;

/* QEMU removed the device whatever the daemon is busy with: its removal
 * waits for the job as long as it takes (each wait is bounded, and a run
 * that ended needs no removal), so that it is never lost. */
static gpointer
removal_thread(gpointer data)
{
    RemovalJob *job = data;
    g_autoptr(MvQemuDomainObj) obj = job->obj;
    g_autofree char *alias = job->alias;
    bool ours;

    g_mutex_lock(&obj->lock);
    while (mv_qemu_domain_obj_begin_job(obj, "device-deleted") < 0) {
        if (obj->run != job->run || !mv_qemu_domain_obj_is_active(obj)) {
            g_mutex_unlock(&obj->lock);
            g_free(job);
            return NULL;
        }
        MV_INFO("domain '%s': the removal of '%s' waits on: %s", obj->name, alias,
                mv_error_last_message());
    }
    ours = obj->run == job->run && mv_qemu_domain_obj_is_active(obj);
    g_mutex_unlock(&obj->lock);

    if (ours)
        mv_qemu_hotplug_finish_removal(job->driver, obj, alias);

    g_mutex_lock(&obj->lock);
    mv_qemu_domain_obj_end_job(obj);
    g_mutex_unlock(&obj->lock);
    g_free(job);
    return NULL;
}

void
mv_qemu_hotplug_device_deleted(MvQemuDriver *driver, MvQemuDomainObj *obj, guint64 run,
                               JsonObject *data)
{
    const char *alias = data ? mv_qemu_json_get_string(data, "device") : NULL;
    RemovalJob *job;

    /* Parts of a device (its QOM children) come with a path only. */
    if (!alias)
        return;
    g_mutex_lock(&obj->lock);
    if (obj->run != run || !mv_qemu_domain_obj_is_active(obj)) {
        g_mutex_unlock(&obj->lock);
        return;
    }
    MV_DEBUG("domain '%s': QMP event DEVICE_DELETED for '%s'", obj->name, alias);
    if (obj->unplug_alias && strcmp(obj->unplug_alias, alias) == 0) {
        obj->unplug_done = true;
        g_cond_broadcast(&obj->job_cond);
        g_mutex_unlock(&obj->lock);
        return;
    }
    g_mutex_unlock(&obj->lock);

    job = g_new0(RemovalJob, 1);
    job->driver = driver;
    job->obj = mv_qemu_domain_obj_ref(obj);
    job->run = run;
    job->alias = g_strdup(alias);
    g_thread_unref(g_thread_new("qemu-unplug", removal_thread, job));
}

/* ---- the calls ------------------------------------------------------------------------ */

/* libvirt's rules: CURRENT is LIVE on a running guest, else CONFIG; LIVE
 * needs it running, CONFIG needs it persistent. With obj->lock. */
static int
resolve_flags(MvQemuDomainObj *obj, unsigned int *flags, const char *api)
{
    bool active = mv_qemu_domain_obj_is_active(obj);

    if (*flags & ~(VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in function %s",
                        *flags & ~(VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG), api);
        return -1;
    }
    if (*flags == VIR_DOMAIN_AFFECT_CURRENT)
        *flags = active ? VIR_DOMAIN_AFFECT_LIVE : VIR_DOMAIN_AFFECT_CONFIG;
    if (!active && (*flags & VIR_DOMAIN_AFFECT_LIVE)) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "domain is not running");
        return -1;
    }
    if (!obj->persistent && (*flags & VIR_DOMAIN_AFFECT_CONFIG)) {
        mv_report_error(VIR_ERR_OPERATION_INVALID,
                        "transient domains do not have any persistent config");
        return -1;
    }
    return 0;
}

/* The guest and its job, the flags resolved, and for LIVE its monitor. */
static MvQemuDomainObj *
begin(MvRpcServerClient *client, const remote_nonnull_domain *dom, unsigned int *flags,
      const char *api, MvQemuMonitor **ret_mon)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvQemuDomainObj) obj = mv_qemu_driver_get_domain(driver, dom);

    *ret_mon = NULL;
    if (!obj)
        return NULL;
    g_mutex_lock(&obj->lock);
    if (mv_qemu_domain_obj_begin_job(obj, api) < 0) {
        g_mutex_unlock(&obj->lock);
        return NULL;
    }
    if (resolve_flags(obj, flags, api) < 0 ||
        ((*flags & VIR_DOMAIN_AFFECT_LIVE) && !(*ret_mon = mv_qemu_process_get_monitor(obj)))) {
        mv_qemu_domain_obj_end_job(obj);
        g_mutex_unlock(&obj->lock);
        return NULL;
    }
    g_mutex_unlock(&obj->lock);
    return g_steal_pointer(&obj);
}

static void
end(MvQemuDomainObj *obj)
{
    g_mutex_lock(&obj->lock);
    mv_qemu_domain_obj_end_job(obj);
    g_mutex_unlock(&obj->lock);
}

/* Puts net (taken) into the persistent definition and writes it. */
static int
config_commit_attach(MvQemuDriver *driver, MvQemuDomainObj *obj, MvDomainNet *net)
{
    int rc;

    g_mutex_lock(&obj->lock);
    g_ptr_array_add(obj->def->nets, net);
    if ((rc = mv_qemu_driver_save_config(driver, obj)) < 0) {
        g_ptr_array_remove_index(obj->def->nets, obj->def->nets->len - 1);
        mv_domain_net_free(net);
    }
    g_mutex_unlock(&obj->lock);
    return rc;
}

static int
attach_common(MvRpcServerClient *client, const remote_nonnull_domain *dom, const char *xml,
              unsigned int flags, const char *api)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvQemuMonitor) mon = NULL;
    g_autoptr(MvQemuDomainObj) obj = begin(client, dom, &flags, api, &mon);
    g_autoptr(MvDomainNet) config_net = NULL;
    g_autoptr(MvDomainNet) live_net = NULL;
    int rc = -1;

    if (!obj)
        return -1;
    /* The config's copy is made and checked first, so that a bad one
     * never leaves a device plugged. */
    if (flags & VIR_DOMAIN_AFFECT_CONFIG) {
        if (!(config_net = parse_net(xml, MV_DOMAIN_XML_INACTIVE, false, "attach", true)) ||
            net_prepare(driver, obj, config_net, false) < 0)
            goto out;
    }
    if (flags & VIR_DOMAIN_AFFECT_LIVE) {
        if (!(live_net = parse_net(xml, MV_DOMAIN_XML_INACTIVE, true, "attach", true)))
            goto out;
        /* The same MAC in both, when the XML left it to be generated. */
        if (config_net)
            live_net->mac = config_net->mac;
        if (net_prepare(driver, obj, live_net, true) < 0 ||
            attach_live(driver, obj, mon, live_net) < 0)
            goto out;
        g_steal_pointer(&live_net);
    }
    if (config_net && config_commit_attach(driver, obj, g_steal_pointer(&config_net)) < 0)
        goto out;
    rc = 0;

 out:
    end(obj);
    return rc;
}

static int
detach_common(MvRpcServerClient *client, const remote_nonnull_domain *dom, const char *xml,
              unsigned int flags, const char *api)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvQemuMonitor) mon = NULL;
    g_autoptr(MvQemuDomainObj) obj = begin(client, dom, &flags, api, &mon);
    g_autoptr(MvDomainNet) want = NULL;
    g_autofree char *alias = NULL;
    int config_idx = -1;
    int rc = -1;

    if (!obj)
        return -1;
    /* Only what identifies the device counts: no validation. */
    if (!(want = parse_net(xml, 0, (flags & VIR_DOMAIN_AFFECT_LIVE) != 0, "detach", false)))
        goto out;
    if (flags & VIR_DOMAIN_AFFECT_CONFIG) {
        g_mutex_lock(&obj->lock);
        config_idx = find_net(obj->def, want);
        g_mutex_unlock(&obj->lock);
        if (config_idx < 0)
            goto out;
    }
    if (flags & VIR_DOMAIN_AFFECT_LIVE) {
        int idx = find_net(obj->live, want);
        const MvDomainNet *net;

        if (idx < 0)
            goto out;
        net = g_ptr_array_index(obj->live->nets, idx);
        if (!net->info.alias) {
            mv_report_error(VIR_ERR_OPERATION_FAILED,
                            "interface of domain '%s' has no alias: cannot detach it", obj->name);
            goto out;
        }
        alias = g_strdup(net->info.alias);
        if (detach_live(driver, obj, mon, alias) < 0)
            goto out;
    }
    if (config_idx >= 0) {
        MvDomainNet *gone;

        /* Found again: a define may have replaced the definition meanwhile. */
        g_mutex_lock(&obj->lock);
        if ((config_idx = find_net(obj->def, want)) < 0) {
            g_mutex_unlock(&obj->lock);
            goto out;
        }
        gone = g_ptr_array_steal_index(obj->def->nets, config_idx);
        if (mv_qemu_driver_save_config(driver, obj) < 0) {
            g_ptr_array_insert(obj->def->nets, config_idx, gone);
            g_mutex_unlock(&obj->lock);
            goto out;
        }
        mv_domain_net_free(gone);
        g_mutex_unlock(&obj->lock);
    }
    rc = 0;

 out:
    end(obj);
    return rc;
}

int
mv_qemu_domain_attach_device(MvRpcServerClient *client, remote_domain_attach_device_args *args)
{
    return attach_common(client, &args->dom, args->xml, VIR_DOMAIN_AFFECT_LIVE,
                         "virDomainAttachDevice");
}

int
mv_qemu_domain_attach_device_flags(MvRpcServerClient *client,
                                   remote_domain_attach_device_flags_args *args)
{
    return attach_common(client, &args->dom, args->xml, args->flags,
                         "virDomainAttachDeviceFlags");
}

int
mv_qemu_domain_detach_device(MvRpcServerClient *client, remote_domain_detach_device_args *args)
{
    return detach_common(client, &args->dom, args->xml, VIR_DOMAIN_AFFECT_LIVE,
                         "virDomainDetachDevice");
}

int
mv_qemu_domain_detach_device_flags(MvRpcServerClient *client,
                                   remote_domain_detach_device_flags_args *args)
{
    return detach_common(client, &args->dom, args->xml, args->flags,
                         "virDomainDetachDeviceFlags");
}
