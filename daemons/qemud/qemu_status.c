/* Live status of running guests (run_dir/NAME.xml) and reconnecting to their QEMUs after a daemon restart. */
#define MV_LOG_MODULE "qemu.status"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_status.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>
#include <unistd.h>

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

void
mv_qemu_status_write(MvQemuDriver *driver, const MvQemuDomainObj *obj)
{
    g_autofree char *path = status_path(driver, obj->name);
    g_autofree char *live = NULL;
    g_autofree char *text = NULL;
    g_autofree char *monitor = NULL;

    if (!path || !obj->live || !(live = mv_domain_def_format(obj->live, 0))) {
        MV_WARN("cannot write the status of domain '%s': %s", obj->name, mv_error_last_message());
        return;
    }
    monitor = g_markup_escape_text(obj->monitor_path ? obj->monitor_path : "", -1);
    text = g_strdup_printf("<domstatus state='%s' reason='%d' pid='%d' id='%d' persistent='%s'"
                           " started='%" G_GINT64_FORMAT "'>\n"
                           "  <monitor path='%s'/>\n"
                           "%s"
                           "</domstatus>\n",
                           state_names[obj->state], obj->reason, (int) obj->pid, obj->id,
                           obj->persistent ? "yes" : "no", obj->start_time, monitor, live);
    if (mv_file_replace_atomic(path, text, strlen(text), 0600) < 0)
        MV_WARN("cannot write the status of domain '%s': %s", obj->name, mv_error_last_message());
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
    char *monitor_path;
    MvDomainDef *live;
} Status;

static void
status_free(Status *st)
{
    g_free(st->monitor_path);
    mv_domain_def_free(st->live);
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
    for (xmlNode *n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(n->name, (const xmlChar *) "monitor"))
            st->monitor_path = prop(n, "path");
        else if (xmlStrEqual(n->name, (const xmlChar *) "domain") && !st->live)
            st->live = mv_domain_def_parse_node(n, 0);
    }
    xmlFreeDoc(doc);

    if (st->state < 0 || st->pid <= 0 || st->id < 0 || !st->monitor_path || !st->live) {
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

static void
reconnect_one(MvQemuDriver *driver, const char *path)
{
    g_autoptr(Status) st = status_read(path);
    g_autoptr(MvQemuDomainObj) obj = NULL;
    g_autoptr(MvQemuMonitor) mon = NULL;
    g_autofree char *qemu_status = NULL;
    bool running = false;
    int id;

    if (!st) {
        MV_WARN("ignoring '%s': %s", path, mv_error_last_message());
        unlink(path);
        return;
    }
    if (!(obj = status_object(driver, st))) {
        MV_WARN("ignoring '%s': %s", path, mv_error_last_message());
        unlink(path);
        return;
    }
    mv_qemu_domain_store_note_id(driver->store, st->id);

    g_mutex_lock(&obj->lock);
    mv_qemu_domain_obj_begin_job(obj, "reconnect");
    obj->live = g_steal_pointer(&st->live);
    obj->id = st->id;
    obj->pid = st->pid;
    obj->child = false;
    obj->run++;
    obj->start_time = st->started;
    obj->monitor_path = g_strdup(st->monitor_path);
    obj->state = st->state;
    obj->reason = st->reason;
    obj->held = true;
    id = obj->id;
    g_mutex_unlock(&obj->lock);
    mv_qemu_process_hold_daemon(driver, true);

    if (!pid_is_guest_qemu(st->pid, obj->uuid)) {
        MV_WARN("domain '%s': QEMU pid %d is gone; the guest is shut off", obj->name, (int) st->pid);
        mv_qemu_process_cleanup(driver, obj, VIR_DOMAIN_SHUTOFF_CRASHED,
                                VIR_DOMAIN_EVENT_STOPPED_FAILED);
        goto done;
    }

    if (mv_qemu_process_connect_monitor(driver, obj, MV_QEMU_STATUS_RECONNECT_TIMEOUT_MS) < 0 ||
        !(mon = mv_qemu_monitor_ref(obj->mon)) ||
        mv_qemu_monitor_query_status(mon, &running, &qemu_status) < 0) {
        MV_WARN("domain '%s': cannot reach QEMU pid %d again (%s); killing it",
                obj->name, (int) st->pid, mv_error_last_message());
        mv_qemu_process_kill(st->pid);
        mv_qemu_process_cleanup(driver, obj, VIR_DOMAIN_SHUTOFF_UNKNOWN,
                                VIR_DOMAIN_EVENT_STOPPED_FAILED);
        goto done;
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

    /* A guest that powered off while nobody watched: finish the job. */
    if (g_strcmp0(qemu_status, "shutdown") == 0)
        mv_qemu_monitor_quit(mon);

 done:
    g_mutex_lock(&obj->lock);
    mv_qemu_domain_obj_end_job(obj);
    g_mutex_unlock(&obj->lock);
}

void
mv_qemu_status_reconnect_all(MvQemuDriver *driver)
{
    g_autoptr(GDir) dir = g_dir_open(driver->run_dir, 0, NULL);
    const char *entry;

    if (!dir)
        return;
    while ((entry = g_dir_read_name(dir))) {
        g_autofree char *path = NULL;

        if (!g_str_has_suffix(entry, ".xml"))
            continue;
        path = g_build_filename(driver->run_dir, entry, NULL);
        reconnect_one(driver, path);
    }
}
