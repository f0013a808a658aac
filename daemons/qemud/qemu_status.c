/* Live status of running guests (run_dir/NAME.xml) and reconnecting to their QEMUs after a daemon restart. */
#define MV_LOG_MODULE "qemu.status"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_status.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>
#include <unistd.h>

#include "conf/xml.h"
#include "qemu_hotplug.h"
#include "qemu_process.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

#define STATUS_MAX_BYTES (16 * 1024 * 1024)

/* virDomainState names, as libvirt's status files spell them. */
static const char *const state_names[] = {
    "nostate", "running", "blocked", "paused", "shutdown", "shutoff", "crashed", "pmsuspended",
};

static char *
status_path(MvQemuDriver *driver, const char *name)
{
    g_autofree char *file = g_strdup_printf("%s.xml", name);

    return mv_path_join_safe(driver->run_dir, file, true);
}

/* The <plugging> element: the interface a live attach is plugging. */
static char *
plugging_format(const MvDomainNet *net)
{
    g_auto(MvXmlBuf) buf = { 0 };

    if (!net)
        return g_strdup("");
    mv_xml_buf_init(&buf);
    mv_xml_buf_start(&buf, "plugging");
    mv_domain_net_format(&buf, net, 0);
    mv_xml_buf_end(&buf);
    return mv_xml_buf_steal(&buf);
}

/* The document; starting: QEMU does not run yet (no pid, no id). */
static int
status_save(MvQemuDriver *driver, const MvQemuDomainObj *obj, const MvDomainDef *live,
            bool starting)
{
    g_autofree char *path = status_path(driver, obj->name);
    g_autofree char *def = NULL;
    g_autofree char *text = NULL;
    g_autofree char *monitor = NULL;
    g_autofree char *plugging = NULL;

    if (!path)
        return -1;
    if (!live) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "domain '%s' has no live definition", obj->name);
        return -1;
    }
    if (!(def = mv_domain_def_format(live, 0)))
        return -1;
    monitor = g_markup_escape_text(!starting && obj->monitor_path ? obj->monitor_path : "", -1);
    plugging = plugging_format(starting ? NULL : obj->plugging);
    text = g_strdup_printf("<domstatus state='%s' reason='%d' pid='%d' id='%d' persistent='%s'"
                           " started='%" G_GINT64_FORMAT "'%s>\n"
                           "  <monitor path='%s'/>\n"
                           "%s%s"
                           "</domstatus>\n",
                           state_names[starting ? VIR_DOMAIN_SHUTOFF : obj->state],
                           starting ? 0 : obj->reason, starting ? 0 : (int) obj->pid,
                           starting ? -1 : obj->id, obj->persistent ? "yes" : "no",
                           starting ? (gint64) 0 : obj->start_time,
                           starting ? " starting='yes'" : "", monitor, def, plugging);
    return mv_file_replace_atomic(path, text, strlen(text), 0600);
}

void
mv_qemu_status_write(MvQemuDriver *driver, const MvQemuDomainObj *obj)
{
    if (status_save(driver, obj, obj->live, false) < 0)
        MV_WARN("cannot write the status of domain '%s': %s", obj->name, mv_error_last_message());
}

int
mv_qemu_status_write_starting(MvQemuDriver *driver, const MvQemuDomainObj *obj,
                              const MvDomainDef *live)
{
    return status_save(driver, obj, live, true);
}

void
mv_qemu_status_remove(MvQemuDriver *driver, const char *name)
{
    g_autofree char *path = status_path(driver, name);

    if (path && unlink(path) < 0 && errno != ENOENT)
        MV_WARN("cannot remove '%s': %s", path, g_strerror(errno));
}

typedef struct {
    int state;
    int reason;
    pid_t pid;
    int id;
    bool persistent;
    gint64 started;
    bool starting;              /* written before QEMU ran: only leftovers to undo */
    char *monitor_path;
    MvDomainDef *live;
    MvDomainNet *plugging;      /* an interface a live attach was plugging */
} Status;

static void
status_free(Status *st)
{
    g_free(st->monitor_path);
    mv_domain_def_free(st->live);
    mv_domain_net_free(st->plugging);
    g_free(st);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Status, status_free)

static char *
prop(xmlNode *node, const char *name)
{
    xmlChar *value = xmlGetProp(node, (const xmlChar *) name);
    char *copy = value ? g_strdup((const char *) value) : NULL;

    xmlFree(value);
    return copy;
}

/* The <interface> of a <plugging> element; NULL (logged) when unreadable:
 * then only what the live definition holds is known. */
static MvDomainNet *
plugging_parse(xmlNode *node, const char *path)
{
    MvDomainNet *net = NULL;

    for (xmlNode *n = node->children; n && !net; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *) "interface") &&
            !(net = mv_domain_net_parse(n, 0)))
            MV_WARN("status file '%s': ignoring the unreadable interface being plugged: %s",
                    path, mv_error_last_message());
    }
    return net;
}

static Status *
status_read(const char *path)
{
    g_autofree char *text = NULL;
    g_autofree char *state = NULL;
    g_autofree char *reason = NULL;
    g_autofree char *pid = NULL;
    g_autofree char *id = NULL;
    g_autofree char *persistent = NULL;
    g_autofree char *started = NULL;
    g_autofree char *starting = NULL;
    g_autoptr(Status) st = g_new0(Status, 1);
    size_t len = 0;
    xmlDoc *doc;
    xmlNode *root;

    if (mv_file_read_all(path, STATUS_MAX_BYTES, &text, &len) < 0)
        return NULL;
    doc = xmlReadMemory(text, (int) len, path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc || !(root = xmlDocGetRootElement(doc)) ||
        !xmlStrEqual(root->name, (const xmlChar *) "domstatus")) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "status file '%s' is not a <domstatus> document", path);
        xmlFreeDoc(doc);
        return NULL;
    }
    state = prop(root, "state");
    reason = prop(root, "reason");
    pid = prop(root, "pid");
    id = prop(root, "id");
    persistent = prop(root, "persistent");
    started = prop(root, "started");
    starting = prop(root, "starting");
    st->state = -1;
    for (size_t i = 0; state && i < G_N_ELEMENTS(state_names); i++) {
        if (strcmp(state, state_names[i]) == 0)
            st->state = (int) i;
    }
    st->reason = reason ? atoi(reason) : 0;
    st->pid = pid ? atoi(pid) : 0;
    st->id = id ? atoi(id) : -1;
    st->persistent = g_strcmp0(persistent, "yes") == 0;
    st->started = started ? g_ascii_strtoll(started, NULL, 10) : 0;
    st->starting = g_strcmp0(starting, "yes") == 0;
    for (xmlNode *n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(n->name, (const xmlChar *) "monitor"))
            st->monitor_path = prop(n, "path");
        else if (xmlStrEqual(n->name, (const xmlChar *) "domain") && !st->live)
            st->live = mv_domain_def_parse_node(n, 0);
        else if (xmlStrEqual(n->name, (const xmlChar *) "plugging") && !st->plugging)
            st->plugging = plugging_parse(n, path);
    }
    xmlFreeDoc(doc);

    if (!st->live || (!st->starting &&
                      (st->state < 0 || st->pid <= 0 || st->id < 0 || !st->monitor_path))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "status file '%s' is incomplete", path);
        return NULL;
    }
    return g_steal_pointer(&st);
}

/* The process is this guest's QEMU, not a stranger that reused the pid. */
static bool
pid_is_guest_qemu(pid_t pid, const unsigned char *uuid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/cmdline", (int) pid);
    g_autofree char *cmdline = NULL;
    char uuidstr[MV_UUID_STRING_BUFLEN];
    gsize len = 0;

    if (mv_qemu_process_is_gone(pid) || !g_file_get_contents(path, &cmdline, &len, NULL))
        return false;
    mv_uuid_format(uuid, uuidstr);
    for (gsize off = 0; off < len; off += strlen(cmdline + off) + 1) {
        if (strcmp(cmdline + off, uuidstr) == 0)
            return true;
    }
    return false;
}

/* The guest the status names: its persistent object, or a new transient one. */
static MvQemuDomainObj *
status_object(MvQemuDriver *driver, Status *st)
{
    g_autofree char *xml = mv_domain_def_format(st->live, MV_DOMAIN_XML_INACTIVE);
    MvDomainDef *def = xml ? mv_domain_def_parse_string(xml, MV_DOMAIN_XML_INACTIVE) : NULL;
    MvQemuDomainObj *obj;
    MvDomainDef *old = NULL;
    bool existed = false;

    if (!def)
        return NULL;
    if (!(obj = mv_qemu_domain_store_add(driver->store, def, false, &existed, &old)))
        return NULL;
    g_mutex_lock(&obj->lock);
    if (existed) {
        /* Keep the persistent config, not the copy of the live one. */
        mv_domain_def_free(obj->def);
        obj->def = old;
    } else {
        obj->persistent = false;
    }
    g_mutex_unlock(&obj->lock);
    return obj;
}

/* A guest found in a status file: its object holds the job "reconnect"
 * from the daemon's start until recovery is done with it. */
typedef struct {
    MvQemuDomainObj *obj;
    Status *st;
} Found;

static void
found_free(gpointer data)
{
    Found *found = data;

    mv_qemu_domain_obj_unref(found->obj);
    status_free(found->st);
    g_free(found);
}

/* The quick part, before the daemon listens: no peer, no QEMU is asked. */
static Found *
load_one(MvQemuDriver *driver, const char *path)
{
    g_autoptr(Status) st = status_read(path);
    g_autoptr(MvQemuDomainObj) obj = NULL;
    Found *found;

    if (!st) {
        MV_WARN("ignoring '%s': %s", path, mv_error_last_message());
        unlink(path);
        return NULL;
    }
    if (!(obj = status_object(driver, st))) {
        MV_WARN("ignoring '%s': %s", path, mv_error_last_message());
        unlink(path);
        return NULL;
    }

    g_mutex_lock(&obj->lock);
    mv_qemu_domain_obj_begin_job(obj, "reconnect");
    obj->held = true;
    if (!st->starting) {
        mv_qemu_domain_store_note_id(driver->store, st->id);
        obj->live = g_steal_pointer(&st->live);
        obj->id = st->id;
        obj->pid = st->pid;
        obj->child = false;
        obj->run++;
        obj->start_time = st->started;
        obj->monitor_path = g_strdup(st->monitor_path);
        obj->state = st->state;
        obj->reason = st->reason;
    }
    g_mutex_unlock(&obj->lock);
    mv_qemu_process_hold_daemon(driver, true);

    found = g_new0(Found, 1);
    found->obj = g_steal_pointer(&obj);
    found->st = g_steal_pointer(&st);
    return found;
}

GPtrArray *
mv_qemu_status_load_all(MvQemuDriver *driver)
{
    g_autoptr(GDir) dir = g_dir_open(driver->run_dir, 0, NULL);
    GPtrArray *list = g_ptr_array_new_with_free_func(found_free);
    const char *entry;

    while (dir && (entry = g_dir_read_name(dir))) {
        g_autofree char *path = NULL;
        Found *found;

        if (!g_str_has_suffix(entry, ".xml"))
            continue;
        path = g_build_filename(driver->run_dir, entry, NULL);
        if ((found = load_one(driver, path)))
            g_ptr_array_add(list, found);
    }
    return list;
}

/* A guest whose start the daemon did not finish: QEMU never ran, what the
 * start made (the record's ports, macvtaps, hostdev steps) goes. */
static void
undo_start(MvQemuDriver *driver, MvQemuDomainObj *obj, Status *st)
{
    MV_INFO("domain '%s': the daemon stopped while starting it; undoing what the start made",
            obj->name);
    g_mutex_lock(&obj->lock);
    mv_domain_def_free(obj->live);
    obj->live = g_steal_pointer(&st->live);
    g_mutex_unlock(&obj->lock);
    mv_qemu_process_cleanup(driver, obj, VIR_DOMAIN_SHUTOFF_FAILED, -1);
}

static void
reconnect_one(MvQemuDriver *driver, MvQemuDomainObj *obj, Status *st)
{
    g_autoptr(MvQemuMonitor) mon = NULL;
    g_autofree char *qemu_status = NULL;
    bool running = false;
    int id = st->id;

    if (!pid_is_guest_qemu(st->pid, obj->uuid)) {
        MV_WARN("domain '%s': QEMU pid %d is gone; the guest is shut off", obj->name, (int) st->pid);
        if (st->plugging)
            mv_qemu_hotplug_recover(driver, obj, NULL, g_steal_pointer(&st->plugging));
        mv_qemu_process_cleanup(driver, obj, VIR_DOMAIN_SHUTOFF_CRASHED,
                                VIR_DOMAIN_EVENT_STOPPED_FAILED);
        return;
    }

    if (mv_qemu_process_connect_monitor(driver, obj, MV_QEMU_STATUS_RECONNECT_TIMEOUT_MS) < 0 ||
        !(mon = mv_qemu_monitor_ref(obj->mon)) ||
        mv_qemu_monitor_query_status(mon, &running, &qemu_status) < 0) {
        MV_WARN("domain '%s': cannot reach QEMU pid %d again (%s); killing it",
                obj->name, (int) st->pid, mv_error_last_message());
        mv_qemu_process_kill(st->pid);
        if (st->plugging)
            mv_qemu_hotplug_recover(driver, obj, NULL, g_steal_pointer(&st->plugging));
        mv_qemu_process_cleanup(driver, obj, VIR_DOMAIN_SHUTOFF_UNKNOWN,
                                VIR_DOMAIN_EVENT_STOPPED_FAILED);
        return;
    }

    g_mutex_lock(&obj->lock);
    if (running) {
        if (obj->state != VIR_DOMAIN_RUNNING) {
            obj->state = VIR_DOMAIN_RUNNING;
            obj->reason = VIR_DOMAIN_RUNNING_UNKNOWN;
        }
    } else if (g_strcmp0(qemu_status, "shutdown") == 0) {
        obj->state = VIR_DOMAIN_SHUTDOWN;
        obj->reason = VIR_DOMAIN_SHUTDOWN_UNKNOWN;
    } else if (obj->state != VIR_DOMAIN_PAUSED) {
        obj->state = VIR_DOMAIN_PAUSED;
        obj->reason = VIR_DOMAIN_PAUSED_UNKNOWN;
    }
    mv_qemu_status_write(driver, obj);
    g_mutex_unlock(&obj->lock);
    MV_INFO("domain '%s': found QEMU pid %d again, id %d, %s", obj->name, (int) st->pid, id,
            qemu_status);
    if (st->plugging)
        mv_qemu_hotplug_recover(driver, obj, mon, g_steal_pointer(&st->plugging));
    mv_qemu_hotplug_reconcile(driver, obj, mon);

    /* A guest that powered off while nobody watched: finish the job. */
    if (g_strcmp0(qemu_status, "shutdown") == 0)
        mv_qemu_monitor_quit(mon);
}

void
mv_qemu_status_recover_all(MvQemuDriver *driver, GPtrArray *found)
{
    for (guint i = 0; i < found->len; i++) {
        Found *one = g_ptr_array_index(found, i);

        if (one->st->starting)
            undo_start(driver, one->obj, one->st);
        else
            reconnect_one(driver, one->obj, one->st);
        g_mutex_lock(&one->obj->lock);
        mv_qemu_domain_obj_end_job(one->obj);
        g_mutex_unlock(&one->obj->lock);
    }
}
