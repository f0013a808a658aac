/* What survives a daemon restart of a live hot plug or unplug: the status file's <plugging> entry written during an attach, what a restarted daemon does with it, and the removals whose DEVICE_DELETED came while no daemon listened. */
#define MV_LOG_MODULE "qemu.hotplug"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_hotplug.h"

#include "conf/domain_interface.h"
#include "conf/xml.h"
#include "qemu_hostdev.h"
#include "qemu_interface.h"
#include "qemu_monitor_json.h"
#include "qemu_status.h"
#include "util/error.h"
#include "util/log.h"

/* ---- the <plugging> entry ------------------------------------------------------------- */

/* A copy of net through its formatter and parser, or NULL (logged). */
static MvDomainNet *
net_copy(const MvDomainNet *net)
{
    g_auto(MvXmlBuf) buf = { 0 };
    g_autofree char *xml = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    MvDomainNet *copy = NULL;

    mv_xml_buf_init(&buf);
    mv_domain_net_format(&buf, net, 0);
    xml = mv_xml_buf_steal(&buf);
    if (!(doc = mv_xml_parse_string(xml, "interface")) ||
        !(copy = mv_domain_net_parse(xmlDocGetRootElement(doc), 0)))
        MV_WARN("interface '%s': cannot copy it for the status file: %s", net->info.alias,
                mv_error_last_message());
    return copy;
}

void
mv_qemu_hotplug_plugging_set(MvQemuDriver *driver, MvQemuDomainObj *obj,
                             const MvDomainNet *net)
{
    MvDomainNet *copy = net ? net_copy(net) : NULL;

    g_mutex_lock(&obj->lock);
    mv_domain_net_free(obj->plugging);
    obj->plugging = copy;
    mv_qemu_status_write(driver, obj);
    g_mutex_unlock(&obj->lock);
}

/* ---- after a daemon restart ------------------------------------------------------------ */

/* The ids of QEMU's devices (/machine/peripheral), or NULL (logged) when
 * QEMU cannot tell. */
static GHashTable *
qemu_device_ids(MvQemuDomainObj *obj, MvQemuMonitor *mon)
{
    g_autoptr(JsonObject) args = json_object_new();
    g_autoptr(JsonNode) reply = NULL;
    GHashTable *ids;
    JsonArray *list;

    json_object_set_string_member(args, "path", "/machine/peripheral");
    if (mv_qemu_monitor_command_sync(mon, "qom-list", args, &reply, 0) < 0) {
        MV_WARN("domain '%s': cannot list QEMU's devices: %s", obj->name,
                mv_error_last_message());
        return NULL;
    }
    if (!(list = mv_qemu_json_node_array(reply))) {
        MV_WARN("domain '%s': QEMU's qom-list answered no list", obj->name);
        return NULL;
    }
    ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < json_array_get_length(list); i++) {
        const char *name = mv_qemu_json_get_string(json_array_get_object_element(list, i),
                                                   "name");

        if (name)
            g_hash_table_add(ids, g_strdup(name));
    }
    return ids;
}

void
mv_qemu_hotplug_recover(MvQemuDriver *driver, MvQemuDomainObj *obj, MvQemuMonitor *mon,
                        MvDomainNet *net)
{
    g_autoptr(MvDomainNet) owned = net;
    g_autoptr(GHashTable) ids = mon ? qemu_device_ids(obj, mon) : NULL;
    const char *alias = net->info.alias ? net->info.alias : "(no alias)";

    /* QEMU has it (or cannot tell): the guest keeps it, and its host side
     * is undone with the guest's. */
    if (mon && (!ids || g_hash_table_contains(ids, alias))) {
        g_mutex_lock(&obj->lock);
        if (obj->live) {
            g_ptr_array_add(obj->live->nets, g_steal_pointer(&owned));
            mv_qemu_status_write(driver, obj);
        }
        g_mutex_unlock(&obj->lock);
        MV_INFO("domain '%s': interface '%s' was being attached when the daemon stopped; QEMU "
                "has it", obj->name, alias);
        return;
    }

    MV_INFO("domain '%s': interface '%s' was being attached when the daemon stopped; undoing "
            "its host side", obj->name, alias);
    if (mon && net->type != MV_NET_TYPE_HOSTDEV && net->info.alias) {
        g_autofree char *netdev = g_strdup_printf("host%s", alias);
        g_autofree char *tapfd = g_strdup_printf("tapfd-%s0", alias);
        g_autofree char *vhostfd = g_strdup_printf("vhostfd-%s0", alias);
        g_autoptr(JsonObject) fdargs = json_object_new();

        /* What QEMU got of it, if anything: errors only mean it got less. */
        if (mv_qemu_hotplug_netdev_del(mon, netdev) < 0)
            MV_DEBUG("domain '%s': %s", obj->name, mv_error_last_message());
        json_object_set_string_member(fdargs, "fdname", tapfd);
        if (mv_qemu_monitor_command_sync(mon, "closefd", fdargs, NULL, 0) < 0)
            MV_DEBUG("domain '%s': %s", obj->name, mv_error_last_message());
        json_object_set_string_member(fdargs, "fdname", vhostfd);
        if (mv_qemu_monitor_command_sync(mon, "closefd", fdargs, NULL, 0) < 0)
            MV_DEBUG("domain '%s': %s", obj->name, mv_error_last_message());
    }
    if (net->type == MV_NET_TYPE_HOSTDEV)
        mv_qemu_hostdev_unplug(driver, obj->name, alias);
    else
        mv_qemu_interface_unplug(driver, obj->live, net);
    if (mon) {
        g_mutex_lock(&obj->lock);
        mv_qemu_status_write(driver, obj);
        g_mutex_unlock(&obj->lock);
    }
}

void
mv_qemu_hotplug_reconcile(MvQemuDriver *driver, MvQemuDomainObj *obj, MvQemuMonitor *mon)
{
    g_autoptr(GHashTable) ids = qemu_device_ids(obj, mon);
    g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func(g_free);

    if (!ids || g_hash_table_size(ids) == 0)
        return;
    g_mutex_lock(&obj->lock);
    for (guint i = 0; obj->live && i < obj->live->nets->len; i++) {
        const MvDomainNet *net = g_ptr_array_index(obj->live->nets, i);

        if (net->info.alias && !g_hash_table_contains(ids, net->info.alias))
            g_ptr_array_add(gone, g_strdup(net->info.alias));
    }
    g_mutex_unlock(&obj->lock);

    for (guint i = 0; i < gone->len; i++) {
        MV_INFO("domain '%s': QEMU removed interface '%s' while the daemon was away",
                obj->name, (const char *) gone->pdata[i]);
        mv_qemu_hotplug_finish_removal(driver, obj, gone->pdata[i]);
    }
}
