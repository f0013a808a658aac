/* networkd's networks in memory and on disk: lookups, define-time defaults, config, autostart, status and port files. */
#define MV_LOG_MODULE "network.driver"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_driver.h"

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

/* Status and config files are small; anything larger is not ours. */
#define STATE_FILE_MAX (4 * 1024 * 1024)
/* As libvirt: virbr0 .. virbr256 before giving up. */
#define BRIDGE_ID_MAX 256

MvNetworkObj *
mv_network_obj_new(void)
{
    MvNetworkObj *obj = g_new0(MvNetworkObj, 1);

    obj->ports = g_ptr_array_new_with_free_func((GDestroyNotify) mv_network_port_def_free);
    return obj;
}

void
mv_network_obj_free(MvNetworkObj *obj)
{
    if (!obj)
        return;
    mv_network_dnsmasq_unwatch(obj);
    mv_network_def_free(obj->config);
    mv_network_def_free(obj->live);
    g_ptr_array_unref(obj->ports);
    g_free(obj);
}

const MvNetworkDef *
mv_network_obj_def(const MvNetworkObj *obj)
{
    return obj->live ? obj->live : obj->config;
}

MvNetworkDef *
mv_network_driver_def_copy(const MvNetworkDef *def)
{
    g_autofree char *xml = mv_network_def_format(def, MV_CONF_FORMAT_INACTIVE);

    return xml ? mv_network_def_parse_string(xml) : NULL;
}

MvNetworkObj *
mv_network_driver_find_name(MvNetworkDriver *driver, const char *name)
{
    for (guint i = 0; i < driver->nets->len; i++) {
        MvNetworkObj *obj = g_ptr_array_index(driver->nets, i);

        if (strcmp(mv_network_obj_def(obj)->name, name) == 0)
            return obj;
    }
    return NULL;
}

MvNetworkObj *
mv_network_driver_find_uuid(MvNetworkDriver *driver, const unsigned char *uuid)
{
    for (guint i = 0; i < driver->nets->len; i++) {
        MvNetworkObj *obj = g_ptr_array_index(driver->nets, i);

        if (memcmp(mv_network_obj_def(obj)->uuid, uuid, MV_UUID_BUFLEN) == 0)
            return obj;
    }
    return NULL;
}

MvNetworkObj *
mv_network_driver_get(MvNetworkDriver *driver, const char *name, const unsigned char *uuid)
{
    MvNetworkObj *obj = mv_network_driver_find_uuid(driver, uuid);
    char uuidstr[MV_UUID_STRING_BUFLEN];

    if (!obj) {
        mv_report_error(VIR_ERR_NO_NETWORK, "no network with matching uuid '%s' (%s)",
                        mv_uuid_format(uuid, uuidstr), name);
    }
    return obj;
}

void
mv_network_driver_remove(MvNetworkDriver *driver, MvNetworkObj *obj)
{
    g_ptr_array_remove(driver->nets, obj);
}

/* ---- define-time defaults ------------------------------------------------ */

bool
mv_network_mode_has_bridge(MvForwardMode mode)
{
    return mode == MV_FORWARD_NONE || mode == MV_FORWARD_NAT ||
        mode == MV_FORWARD_ROUTE || mode == MV_FORWARD_OPEN;
}

static bool
bridge_used_by_other(MvNetworkDriver *driver, const char *bridge, const char *net_name)
{
    for (guint i = 0; i < driver->nets->len; i++) {
        MvNetworkObj *obj = g_ptr_array_index(driver->nets, i);
        const MvNetworkDef *defs[] = { obj->config, obj->live };

        for (size_t j = 0; j < G_N_ELEMENTS(defs); j++) {
            if (defs[j] && defs[j]->bridge && strcmp(defs[j]->bridge, bridge) == 0 &&
                strcmp(defs[j]->name, net_name) != 0)
                return true;
        }
    }
    return false;
}

/* Only a single "%d" makes a template, as libvirt reads it. */
static bool
is_bridge_template(const char *bridge)
{
    const char *p = bridge ? strchr(bridge, '%') : NULL;

    return p && p == strrchr(bridge, '%') && p[1] == 'd';
}

static int
pick_bridge_name(MvNetworkDriver *driver, MvNetworkDef *def)
{
    const char *templ = is_bridge_template(def->bridge) ? def->bridge : "virbr%d";
    const char *mark = strstr(templ, "%d");

    for (int id = 0; id <= BRIDGE_ID_MAX; id++) {
        g_autofree char *name = g_strdup_printf("%.*s%d%s", (int) (mark - templ), templ, id,
                                                mark + 2);

        /* A link of that name the host made itself counts as used. */
        if (!bridge_used_by_other(driver, name, def->name) && if_nametoindex(name) == 0) {
            g_free(def->bridge);
            def->bridge = g_steal_pointer(&name);
            return 0;
        }
    }
    mv_report_error(VIR_ERR_INTERNAL_ERROR, "Bridge generation exceeded max id %d", BRIDGE_ID_MAX);
    return -1;
}

int
mv_network_driver_fill_defaults(MvNetworkDriver *driver, MvNetworkDef *def)
{
    static const unsigned char qemu_prefix[3] = { 0x52, 0x54, 0x00 };

    if (!mv_network_mode_has_bridge(def->forward.mode))
        return 0;

    if (def->bridge && !strstr(def->bridge, "%d")) {
        if (bridge_used_by_other(driver, def->bridge, def->name)) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "bridge name '%s' already in use.",
                            def->bridge);
            return -1;
        }
    } else if (pick_bridge_name(driver, def) < 0) {
        return -1;
    }

    if (!def->mac_specified) {
        mv_mac_generate(qemu_prefix, &def->mac);
        def->mac_specified = true;
    }
    return 0;
}

MvNetworkObj *
mv_network_driver_assign(MvNetworkDriver *driver, MvNetworkDef *def, bool live)
{
    g_autoptr(MvNetworkDef) owned = def;
    MvNetworkObj *obj = mv_network_driver_find_uuid(driver, def->uuid);
    char uuidstr[MV_UUID_STRING_BUFLEN];

    if (obj) {
        const MvNetworkDef *cur = mv_network_obj_def(obj);

        if (strcmp(cur->name, def->name) != 0) {
            mv_report_error(VIR_ERR_OPERATION_FAILED,
                            "network '%s' is already defined with uuid %s",
                            cur->name, mv_uuid_format(cur->uuid, uuidstr));
            return NULL;
        }
        if (live) {
            if (obj->live) {
                mv_report_error(VIR_ERR_OPERATION_INVALID, "network is already active as '%s'",
                                cur->name);
                return NULL;
            }
            obj->live = g_steal_pointer(&owned);
        } else {
            mv_network_def_free(obj->config);
            obj->config = g_steal_pointer(&owned);
        }
        return obj;
    }

    if ((obj = mv_network_driver_find_name(driver, def->name))) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "network '%s' already exists with uuid %s",
                        def->name, mv_uuid_format(mv_network_obj_def(obj)->uuid, uuidstr));
        return NULL;
    }

    obj = mv_network_obj_new();
    if (live)
        obj->live = g_steal_pointer(&owned);
    else
        obj->config = g_steal_pointer(&owned);
    g_ptr_array_add(driver->nets, obj);
    return obj;
}

/* ---- files --------------------------------------------------------------- */

static char *
xml_path(const char *dir, const char *name)
{
    g_autofree char *file = g_strdup_printf("%s.xml", name);

    return mv_path_join_safe(dir, file, true);
}

static int
write_text(const char *path, const char *text)
{
    return mv_file_replace_atomic(path, text, strlen(text), 0600);
}

static int
remove_file(const char *path)
{
    if (unlink(path) < 0 && errno != ENOENT) {
        mv_report_system_error(errno, "cannot remove '%s'", path);
        return -1;
    }
    return 0;
}

int
mv_network_config_save(MvNetworkDriver *driver, const MvNetworkDef *def)
{
    g_autofree char *path = xml_path(driver->config_dir, def->name);
    g_autofree char *xml = NULL;

    if (!path || !(xml = mv_network_def_format(def, MV_CONF_FORMAT_INACTIVE)))
        return -1;
    if (mv_file_mkdir_p(driver->config_dir, 0755) < 0)
        return -1;
    return write_text(path, xml);
}

int
mv_network_config_delete(MvNetworkDriver *driver, const char *name)
{
    g_autofree char *path = xml_path(driver->config_dir, name);

    if (!path || mv_network_autostart_set(driver, name, false) < 0)
        return -1;
    return remove_file(path);
}

int
mv_network_autostart_set(MvNetworkDriver *driver, const char *name, bool autostart)
{
    g_autofree char *link = xml_path(driver->autostart_dir, name);
    g_autofree char *target = xml_path(driver->config_dir, name);

    if (!link || !target)
        return -1;
    if (!autostart)
        return remove_file(link);

    if (mv_file_mkdir_p(driver->autostart_dir, 0755) < 0 || remove_file(link) < 0)
        return -1;
    if (symlink(target, link) < 0) {
        mv_report_system_error(errno, "cannot create autostart link '%s' to '%s'", link, target);
        return -1;
    }
    return 0;
}

/* <networkstatus><dnsmasq pid='N'/><network>...</network></networkstatus>:
 * the live definition (bridge, MAC, connections) and the dnsmasq to find
 * again after a restart. */
int
mv_network_status_save(MvNetworkDriver *driver, const MvNetworkObj *obj)
{
    g_autofree char *path = xml_path(driver->run_dir, obj->live->name);
    g_autofree char *def_xml = NULL;
    g_autofree char *xml = NULL;

    if (!path || !(def_xml = mv_network_def_format(obj->live, 0)))
        return -1;
    xml = g_strdup_printf("<networkstatus>\n<dnsmasq pid='%lld'/>\n%s</networkstatus>\n",
                          (long long) obj->dnsmasq_pid, def_xml);
    return write_text(path, xml);
}

void
mv_network_status_delete(MvNetworkDriver *driver, const char *name)
{
    g_autofree char *path = xml_path(driver->run_dir, name);

    if (path && remove_file(path) < 0)
        MV_WARN("network '%s': %s", name, mv_error_last_message());
}

static MvNetworkDef *
load_def_file(const char *path)
{
    g_autofree char *text = NULL;

    if (mv_file_read_all(path, STATE_FILE_MAX, &text, NULL) < 0)
        return NULL;
    return mv_network_def_parse_string(text);
}

static int
load_status_file(const char *path, MvNetworkDef **ret_def, pid_t *ret_pid)
{
    g_autofree char *text = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    xmlNode *root;
    xmlNode *node;
    unsigned int pid = 0;

    if (mv_file_read_all(path, STATE_FILE_MAX, &text, NULL) < 0 ||
        !(doc = mv_xml_parse_string(text, "networkstatus")))
        return -1;
    root = xmlDocGetRootElement(doc);
    if ((node = mv_xml_child(root, "dnsmasq")) &&
        mv_xml_prop_uint(node, "pid", 10, MV_XML_PROP_NONE, &pid) < 0)
        return -1;
    if (!(node = mv_xml_child(root, "network"))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "status file '%s' has no <network>", path);
        return -1;
    }
    if (!(*ret_def = mv_network_def_parse_node(node)))
        return -1;
    *ret_pid = (pid_t) pid;
    return 0;
}

/* NAME.xml files of dir, sorted, as names. */
static GPtrArray *
list_xml_names(const char *dir)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *entry;

    while (d && (entry = g_dir_read_name(d))) {
        if (g_str_has_suffix(entry, ".xml") && strlen(entry) > 4)
            g_ptr_array_add(names, g_strndup(entry, strlen(entry) - 4));
    }
    g_ptr_array_sort(names, (GCompareFunc) g_strcmp0);
    return names;
}

static void
load_configs(MvNetworkDriver *driver)
{
    g_autoptr(GPtrArray) names = list_xml_names(driver->config_dir);

    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        g_autofree char *path = xml_path(driver->config_dir, name);
        g_autofree char *link = xml_path(driver->autostart_dir, name);
        MvNetworkDef *def = path ? load_def_file(path) : NULL;
        MvNetworkObj *obj;

        if (!def) {
            MV_WARN("skipping network config '%s': %s", path, mv_error_last_message());
            continue;
        }
        if (strcmp(def->name, name) != 0) {
            MV_WARN("skipping network config '%s': it defines network '%s'", path, def->name);
            mv_network_def_free(def);
            continue;
        }
        if (!(obj = mv_network_driver_assign(driver, def, false))) {
            MV_WARN("skipping network config '%s': %s", path, mv_error_last_message());
            continue;
        }
        obj->autostart = link && g_file_test(link, G_FILE_TEST_EXISTS);
    }
}

static void
load_status(MvNetworkDriver *driver)
{
    g_autoptr(GPtrArray) names = list_xml_names(driver->run_dir);

    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        g_autofree char *path = xml_path(driver->run_dir, name);
        MvNetworkDef *def = NULL;
        MvNetworkObj *obj;
        pid_t pid = 0;

        if (!path || load_status_file(path, &def, &pid) < 0) {
            MV_WARN("skipping network status '%s': %s", path, mv_error_last_message());
            continue;
        }
        if (!(obj = mv_network_driver_assign(driver, def, true))) {
            MV_WARN("skipping network status '%s': %s", path, mv_error_last_message());
            continue;
        }
        obj->dnsmasq_pid = pid;
    }
}

int
mv_network_driver_load(MvNetworkDriver *driver)
{
    load_configs(driver);
    load_status(driver);
    return 0;
}

/* ---- port files ---------------------------------------------------------- */

static char *
ports_dir_of(MvNetworkDriver *driver, const char *net_name)
{
    return mv_path_join_safe(driver->ports_dir, net_name, true);
}

static char *
port_path(MvNetworkDriver *driver, const char *net_name, const unsigned char *uuid)
{
    g_autofree char *dir = ports_dir_of(driver, net_name);
    char uuidstr[MV_UUID_STRING_BUFLEN];

    return dir ? xml_path(dir, mv_uuid_format(uuid, uuidstr)) : NULL;
}

int
mv_network_port_save(MvNetworkDriver *driver, const char *net_name,
                     const MvNetworkPortDef *port)
{
    g_autofree char *dir = ports_dir_of(driver, net_name);
    g_autofree char *path = port_path(driver, net_name, port->uuid);
    g_autofree char *xml = NULL;

    if (!dir || !path || !(xml = mv_network_port_def_format(port, 0)))
        return -1;
    if (mv_file_mkdir_p(dir, 0755) < 0)
        return -1;
    return write_text(path, xml);
}

void
mv_network_port_file_delete(MvNetworkDriver *driver, const char *net_name,
                            const unsigned char *uuid)
{
    g_autofree char *path = port_path(driver, net_name, uuid);

    if (path && remove_file(path) < 0)
        MV_WARN("network '%s': %s", net_name, mv_error_last_message());
}

/* A VF state file (UUID.vf) still there is a restore that failed: it
 * stays, with its dir, for network_vf_port.c to try again. */
void
mv_network_ports_delete_all(MvNetworkDriver *driver, MvNetworkObj *obj)
{
    const char *net_name = mv_network_obj_def(obj)->name;
    g_autofree char *dir = ports_dir_of(driver, net_name);
    g_autoptr(GDir) d = NULL;
    const char *entry;
    bool kept = false;

    g_ptr_array_set_size(obj->ports, 0);
    if (!dir || !(d = g_dir_open(dir, 0, NULL)))
        return;
    while ((entry = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, entry, NULL);

        if (g_str_has_suffix(entry, ".vf")) {
            kept = true;
            continue;
        }
        if (mv_file_remove_tree(path) < 0)
            MV_WARN("network '%s': %s", net_name, mv_error_last_message());
    }
    if (!kept && rmdir(dir) < 0 && errno != ENOENT)
        MV_WARN("network '%s': cannot remove '%s': %s", net_name, dir, g_strerror(errno));
}

int
mv_network_ports_load(MvNetworkDriver *driver, MvNetworkObj *obj)
{
    const char *net_name = mv_network_obj_def(obj)->name;
    g_autofree char *dir = ports_dir_of(driver, net_name);
    g_autoptr(GPtrArray) names = NULL;

    if (!dir)
        return -1;
    names = list_xml_names(dir);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = xml_path(dir, g_ptr_array_index(names, i));
        g_autofree char *text = NULL;
        MvNetworkPortDef *port = NULL;

        if (!path || mv_file_read_all(path, STATE_FILE_MAX, &text, NULL) < 0 ||
            !(port = mv_network_port_def_parse_string(text))) {
            MV_WARN("network '%s': skipping port file '%s': %s", net_name, path,
                    mv_error_last_message());
            continue;
        }
        g_ptr_array_add(obj->ports, port);
    }
    return 0;
}
