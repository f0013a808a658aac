/* Host capabilities, memory side: NUMA <topology> (cells, pages, distances, caches, cpus, interconnects), <cache> banks, <memory_bandwidth>. */
#define MV_LOG_MODULE "conf.capabilities"
#define MV_FROM_THIS VIR_FROM_CAPABILITIES

#include "capabilities_numa.h"

#include <string.h>

#include "util/bitmap.h"
#include "util/error.h"
#include "util/units.h"

MV_ENUM_IMPL(mv_caps_cache_associativity, MV_CAPS_CACHE_ASSOC_LAST, "none", "direct", "full")
MV_ENUM_IMPL(mv_caps_cache_policy, MV_CAPS_CACHE_POLICY_LAST, "none", "writeback", "writethrough")
MV_ENUM_IMPL(mv_caps_latency_type, MV_CAPS_LATENCY_LAST, "none", "access", "read", "write")
MV_ENUM_IMPL(mv_caps_cache_type, MV_CAPS_CACHE_LAST, "both", "code", "data")

/* Host cpu ids are far below this; it bounds what a cpu list may name. */
#define CPU_LIST_MAX_BIT 16384

/* Shared helpers ---------------------------------------------------------- */

static char *
cpulist_canonical(const char *text)
{
    g_autoptr(MvBitmap) map = mv_bitmap_parse(text, CPU_LIST_MAX_BIT);

    if (!map)
        return NULL;
    return mv_bitmap_format(map);
}

int
mv_caps_cpulist_prop(const xmlNode *node, const char *name, bool required, char **ret_list)
{
    g_autofree char *text = NULL;
    int rc;

    if ((rc = mv_xml_prop_string(node, name, required ? MV_XML_PROP_REQUIRED : 0, &text)) <= 0)
        return rc;
    if (!(*ret_list = cpulist_canonical(text))) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid value for attribute '%s' in element '%s': '%s'.",
                        name, (const char *) node->name, text);
        return -1;
    }
    return 0;
}

int
mv_caps_scaled_prop(const xmlNode *node, const char *value_attr, const char *unit_attr,
                    uint64_t default_scale, bool required, uint64_t *ret_bytes)
{
    g_autofree char *unit = mv_xml_prop(node, unit_attr);
    uint64_t value = 0;
    int rc;

    rc = mv_xml_prop_uint64(node, value_attr, 10, required ? MV_XML_PROP_REQUIRED : 0, &value);
    if (rc < 0)
        return -1;
    if (mv_scale_integer(&value, unit, default_scale, G_MAXUINT64) < 0)
        return -1;
    *ret_bytes = value;
    return 0;
}

static int
kib_prop(const xmlNode *node, const char *value_attr, bool required, uint64_t *ret_kib)
{
    uint64_t bytes = 0;

    if (mv_caps_scaled_prop(node, value_attr, "unit", 1024, required, &bytes) < 0)
        return -1;
    *ret_kib = bytes / 1024;
    return 0;
}

/* Building ---------------------------------------------------------------- */

static void
cell_cpu_free(gpointer data)
{
    MvCapsCellCpu *cpu = data;

    g_free(cpu->siblings);
    g_free(cpu);
}

static void
cell_free(gpointer data)
{
    MvCapsCell *cell = data;

    g_array_unref(cell->pages);
    g_array_unref(cell->distances);
    g_array_unref(cell->caches);
    g_ptr_array_unref(cell->cpus);
    g_free(cell);
}

void
mv_caps_numa_init(MvCapsNuma *numa)
{
    numa->cells = g_ptr_array_new_with_free_func(cell_free);
    numa->interconnects = g_array_new(FALSE, TRUE, sizeof(MvCapsInterconnect));
}

void
mv_caps_numa_clear(MvCapsNuma *numa)
{
    g_clear_pointer(&numa->cells, g_ptr_array_unref);
    g_clear_pointer(&numa->interconnects, g_array_unref);
}

MvCapsCell *
mv_caps_numa_add_cell(MvCapsNuma *numa, unsigned int id, uint64_t memory_kib)
{
    MvCapsCell *cell = g_new0(MvCapsCell, 1);

    cell->id = id;
    cell->memory_kib = memory_kib;
    cell->pages = g_array_new(FALSE, TRUE, sizeof(MvCapsPages));
    cell->distances = g_array_new(FALSE, TRUE, sizeof(MvCapsDistance));
    cell->caches = g_array_new(FALSE, TRUE, sizeof(MvCapsCellCache));
    cell->cpus = g_ptr_array_new_with_free_func(cell_cpu_free);
    g_ptr_array_add(numa->cells, cell);
    return cell;
}

void
mv_caps_cell_add_pages(MvCapsCell *cell, unsigned int size_kib, uint64_t avail)
{
    MvCapsPages pages = { size_kib, avail };

    g_array_append_val(cell->pages, pages);
}

void
mv_caps_cell_add_distance(MvCapsCell *cell, unsigned int cell_id, unsigned int value)
{
    MvCapsDistance d = { cell_id, value };

    g_array_append_val(cell->distances, d);
}

int
mv_caps_cell_add_cpu(MvCapsCell *cell, unsigned int id, unsigned int socket_id,
                     unsigned int die_id, unsigned int core_id, const char *siblings)
{
    g_autofree char *list = NULL;
    MvCapsCellCpu *cpu;

    if (siblings && !(list = cpulist_canonical(siblings)))
        return -1;
    cpu = g_new0(MvCapsCellCpu, 1);
    cpu->id = id;
    cpu->has_topology = siblings != NULL;
    cpu->socket_id = socket_id;
    cpu->die_id = die_id;
    cpu->core_id = core_id;
    cpu->siblings = g_steal_pointer(&list);
    g_ptr_array_add(cell->cpus, cpu);
    return 0;
}

static void
bank_free(gpointer data)
{
    MvCapsCacheBank *bank = data;

    g_free(bank->cpus);
    g_array_unref(bank->controls);
    g_free(bank);
}

static void
membw_node_free(gpointer data)
{
    MvCapsMemBWNode *node = data;

    g_free(node->cpus);
    g_free(node);
}

static void
monitor_clear(MvCapsMonitor *mon)
{
    g_clear_pointer(&mon->features, g_ptr_array_unref);
    mon->present = false;
}

void
mv_caps_resctrl_init(MvCapsResctrl *rc)
{
    rc->banks = g_ptr_array_new_with_free_func(bank_free);
    rc->membw_nodes = g_ptr_array_new_with_free_func(membw_node_free);
}

void
mv_caps_resctrl_clear(MvCapsResctrl *rc)
{
    g_clear_pointer(&rc->banks, g_ptr_array_unref);
    g_clear_pointer(&rc->membw_nodes, g_ptr_array_unref);
    monitor_clear(&rc->cache_monitor);
    monitor_clear(&rc->membw_monitor);
}

MvCapsCacheBank *
mv_caps_resctrl_add_bank(MvCapsResctrl *rc, unsigned int id, unsigned int level,
                         MvCapsCacheType type, uint64_t size, const char *cpus)
{
    g_autofree char *list = cpulist_canonical(cpus);
    MvCapsCacheBank *bank;

    if (!list)
        return NULL;
    bank = g_new0(MvCapsCacheBank, 1);
    bank->id = id;
    bank->level = level;
    bank->type = type;
    bank->size = size;
    bank->cpus = g_steal_pointer(&list);
    bank->controls = g_array_new(FALSE, TRUE, sizeof(MvCapsCacheControl));
    g_ptr_array_add(rc->banks, bank);
    return bank;
}

/* <topology> -------------------------------------------------------------- */

static int
cell_cpus_parse(const xmlNode *node, MvCapsCell *cell)
{
    for (xmlNode *cur = mv_xml_child(node, "cpu"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *siblings = NULL;
        unsigned int id = 0, socket_id = 0, die_id = 0, core_id = 0;

        if (mv_xml_prop_uint(cur, "id", 10, MV_XML_PROP_REQUIRED, &id) < 0 ||
            mv_caps_cpulist_prop(cur, "siblings", false, &siblings) < 0)
            return -1;
        if (siblings &&
            (mv_xml_prop_uint(cur, "socket_id", 10, MV_XML_PROP_REQUIRED, &socket_id) < 0 ||
             mv_xml_prop_uint(cur, "die_id", 10, MV_XML_PROP_NONE, &die_id) < 0 ||
             mv_xml_prop_uint(cur, "core_id", 10, MV_XML_PROP_REQUIRED, &core_id) < 0))
            return -1;
        mv_caps_cell_add_cpu(cell, id, socket_id, die_id, core_id, NULL);
        if (siblings) {
            MvCapsCellCpu *cpu = g_ptr_array_index(cell->cpus, cell->cpus->len - 1);

            cpu->has_topology = true;
            cpu->siblings = g_steal_pointer(&siblings);
        }
    }
    return 0;
}

static int
cell_caches_parse(const xmlNode *node, MvCapsCell *cell)
{
    for (xmlNode *cur = mv_xml_child(node, "cache"); cur; cur = mv_xml_next(cur)) {
        MvCapsCellCache cache = { 0 };
        xmlNode *child;
        int assoc = 0, policy = 0;
        uint64_t line = 0;

        if (mv_xml_prop_uint(cur, "level", 10, MV_XML_PROP_REQUIRED, &cache.level) < 0 ||
            mv_xml_prop_enum(cur, "associativity", mv_caps_cache_associativity_from_string,
                             MV_XML_PROP_NONZERO, &assoc) < 0 ||
            mv_xml_prop_enum(cur, "policy", mv_caps_cache_policy_from_string,
                             MV_XML_PROP_NONZERO, &policy) < 0)
            return -1;
        cache.associativity = assoc;
        cache.policy = policy;
        if (!(child = mv_xml_child(cur, "size"))) {
            mv_report_error(VIR_ERR_XML_ERROR, "missing element 'size' in NUMA cell %u cache level %u",
                            cell->id, cache.level);
            return -1;
        }
        if (kib_prop(child, "value", true, &cache.size_kib) < 0)
            return -1;
        if ((child = mv_xml_child(cur, "line"))) {
            if (mv_caps_scaled_prop(child, "value", "unit", 1, true, &line) < 0)
                return -1;
            if (line > G_MAXUINT) {
                mv_report_error(VIR_ERR_XML_ERROR, "cache line size %" G_GUINT64_FORMAT " is too large",
                                line);
                return -1;
            }
            cache.line = (unsigned int) line;
        }
        g_array_append_val(cell->caches, cache);
    }
    return 0;
}

static int
cell_parse(const xmlNode *node, MvCapsNuma *numa)
{
    unsigned int id = 0;
    uint64_t memory = 0;
    xmlNode *child;
    MvCapsCell *cell;

    if (mv_xml_prop_uint(node, "id", 10, MV_XML_PROP_REQUIRED, &id) < 0)
        return -1;
    if ((child = mv_xml_child(node, "memory")) &&
        mv_xml_scaled_parse(child, "unit", 1024, G_MAXUINT64, &memory) < 0)
        return -1;
    cell = mv_caps_numa_add_cell(numa, id, memory / 1024);

    for (child = mv_xml_child(node, "pages"); child; child = mv_xml_next(child)) {
        g_autofree char *text = mv_xml_content(child);
        uint64_t size = 0;
        uint64_t avail = 0;

        if (kib_prop(child, "size", true, &size) < 0 ||
            mv_parse_uint64(text ? g_strstrip(text) : "", "pages", &avail) < 0)
            return -1;
        mv_caps_cell_add_pages(cell, (unsigned int) size, avail);
    }
    if ((child = mv_xml_child(node, "distances"))) {
        for (xmlNode *sib = mv_xml_child(child, "sibling"); sib; sib = mv_xml_next(sib)) {
            unsigned int cell_id = 0, value = 0;

            if (mv_xml_prop_uint(sib, "id", 10, MV_XML_PROP_REQUIRED, &cell_id) < 0 ||
                mv_xml_prop_uint(sib, "value", 10, MV_XML_PROP_REQUIRED, &value) < 0)
                return -1;
            mv_caps_cell_add_distance(cell, cell_id, value);
        }
    }
    if (cell_caches_parse(node, cell) < 0)
        return -1;
    if ((child = mv_xml_child(node, "cpus")) && cell_cpus_parse(child, cell) < 0)
        return -1;
    return 0;
}

static int
interconnect_parse(const xmlNode *node, bool bandwidth, MvCapsNuma *numa)
{
    MvCapsInterconnect ic = { 0 };
    int type = 0;

    ic.bandwidth = bandwidth;
    if (mv_xml_prop_uint(node, "initiator", 10, MV_XML_PROP_REQUIRED, &ic.initiator) < 0 ||
        mv_xml_prop_uint(node, "target", 10, MV_XML_PROP_REQUIRED, &ic.target) < 0 ||
        mv_xml_prop_uint(node, "cache", 10, MV_XML_PROP_NONE, &ic.cache) < 0 ||
        mv_xml_prop_enum(node, "type", mv_caps_latency_type_from_string,
                         MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &type) < 0)
        return -1;
    ic.type = type;
    if (bandwidth) {
        if (kib_prop(node, "value", true, &ic.value) < 0)
            return -1;
    } else if (mv_xml_prop_uint64(node, "value", 10, MV_XML_PROP_REQUIRED, &ic.value) < 0) {
        return -1;
    }
    g_array_append_val(numa->interconnects, ic);
    return 0;
}

int
mv_caps_numa_parse(const xmlNode *node, MvCapsNuma *numa)
{
    xmlNode *cells = mv_xml_child(node, "cells");
    xmlNode *ics = mv_xml_child(node, "interconnects");

    for (xmlNode *cur = mv_xml_child(cells, "cell"); cur; cur = mv_xml_next(cur)) {
        if (cell_parse(cur, numa) < 0)
            return -1;
    }
    for (xmlNode *cur = ics ? ics->children : NULL; cur; cur = cur->next) {
        if (cur->type != XML_ELEMENT_NODE)
            continue;
        if (mv_xml_name_is(cur, "latency") || mv_xml_name_is(cur, "bandwidth")) {
            if (interconnect_parse(cur, mv_xml_name_is(cur, "bandwidth"), numa) < 0)
                return -1;
        }
    }
    return 0;
}

/* libvirt leaves out zero distances, and <distances> when none is left. */
static void
distances_format(MvXmlBuf *buf, const GArray *distances)
{
    bool started = false;

    for (guint i = 0; i < distances->len; i++) {
        const MvCapsDistance *d = &g_array_index(distances, MvCapsDistance, i);

        if (!d->value)
            continue;
        if (!started)
            mv_xml_buf_start(buf, "distances");
        started = true;
        mv_xml_buf_start(buf, "sibling");
        mv_xml_buf_attr_uint(buf, "id", d->cell);
        mv_xml_buf_attr_uint(buf, "value", d->value);
        mv_xml_buf_end(buf);
    }
    if (started)
        mv_xml_buf_end(buf);
}

static void
cell_format(MvXmlBuf *buf, const MvCapsCell *cell)
{
    mv_xml_buf_start(buf, "cell");
    mv_xml_buf_attr_uint(buf, "id", cell->id);
    mv_xml_buf_open_children(buf);
    if (cell->memory_kib) {
        g_autofree char *mem = g_strdup_printf("%" G_GUINT64_FORMAT, cell->memory_kib);

        mv_xml_buf_start(buf, "memory");
        mv_xml_buf_attr(buf, "unit", "KiB");
        mv_xml_buf_text(buf, mem);
        mv_xml_buf_end(buf);
    }
    for (guint i = 0; i < cell->pages->len; i++) {
        const MvCapsPages *p = &g_array_index(cell->pages, MvCapsPages, i);
        g_autofree char *avail = g_strdup_printf("%" G_GUINT64_FORMAT, p->avail);

        mv_xml_buf_start(buf, "pages");
        mv_xml_buf_attr(buf, "unit", "KiB");
        mv_xml_buf_attr_uint(buf, "size", p->size_kib);
        mv_xml_buf_text(buf, avail);
        mv_xml_buf_end(buf);
    }
    distances_format(buf, cell->distances);
    for (guint i = 0; i < cell->caches->len; i++) {
        const MvCapsCellCache *c = &g_array_index(cell->caches, MvCapsCellCache, i);

        mv_xml_buf_start(buf, "cache");
        mv_xml_buf_attr_uint(buf, "level", c->level);
        if (c->associativity)
            mv_xml_buf_attr(buf, "associativity", mv_caps_cache_associativity_to_string(c->associativity));
        if (c->policy)
            mv_xml_buf_attr(buf, "policy", mv_caps_cache_policy_to_string(c->policy));
        mv_xml_buf_start(buf, "size");
        mv_xml_buf_attr_uint(buf, "value", c->size_kib);
        mv_xml_buf_attr(buf, "unit", "KiB");
        mv_xml_buf_end(buf);
        if (c->line) {
            mv_xml_buf_start(buf, "line");
            mv_xml_buf_attr_uint(buf, "value", c->line);
            mv_xml_buf_attr(buf, "unit", "B");
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_start(buf, "cpus");
    mv_xml_buf_attr_uint(buf, "num", cell->cpus->len);
    for (guint i = 0; i < cell->cpus->len; i++) {
        const MvCapsCellCpu *cpu = g_ptr_array_index(cell->cpus, i);

        mv_xml_buf_start(buf, "cpu");
        mv_xml_buf_attr_uint(buf, "id", cpu->id);
        if (cpu->has_topology) {
            mv_xml_buf_attr_uint(buf, "socket_id", cpu->socket_id);
            mv_xml_buf_attr_uint(buf, "die_id", cpu->die_id);
            mv_xml_buf_attr_uint(buf, "core_id", cpu->core_id);
            mv_xml_buf_attr(buf, "siblings", cpu->siblings);
        }
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
    mv_xml_buf_end(buf);
}

void
mv_caps_numa_format(MvXmlBuf *buf, const MvCapsNuma *numa)
{
    mv_xml_buf_start(buf, "topology");
    mv_xml_buf_start(buf, "cells");
    mv_xml_buf_attr_uint(buf, "num", numa->cells->len);
    mv_xml_buf_open_children(buf);
    for (guint i = 0; i < numa->cells->len; i++)
        cell_format(buf, g_ptr_array_index(numa->cells, i));
    mv_xml_buf_end(buf);
    if (numa->interconnects->len) {
        mv_xml_buf_start(buf, "interconnects");
        for (guint i = 0; i < numa->interconnects->len; i++) {
            const MvCapsInterconnect *ic = &g_array_index(numa->interconnects, MvCapsInterconnect, i);

            mv_xml_buf_start(buf, ic->bandwidth ? "bandwidth" : "latency");
            mv_xml_buf_attr_uint(buf, "initiator", ic->initiator);
            mv_xml_buf_attr_uint(buf, "target", ic->target);
            if (ic->cache)
                mv_xml_buf_attr_uint(buf, "cache", ic->cache);
            mv_xml_buf_attr(buf, "type", mv_caps_latency_type_to_string(ic->type));
            mv_xml_buf_attr_uint(buf, "value", ic->value);
            if (ic->bandwidth)
                mv_xml_buf_attr(buf, "unit", "KiB");
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

/* <cache> and <memory_bandwidth> ----------------------------------------- */

static int
monitor_parse(const xmlNode *node, bool cache, MvCapsMonitor *mon)
{
    mon->present = true;
    mon->cache = cache;
    if ((cache && (mv_xml_prop_uint(node, "level", 10, MV_XML_PROP_REQUIRED, &mon->level) < 0 ||
                   mv_xml_prop_uint(node, "reuseThreshold", 10, MV_XML_PROP_REQUIRED,
                                    &mon->reuse_threshold) < 0)) ||
        mv_xml_prop_uint(node, "maxMonitors", 10, MV_XML_PROP_REQUIRED, &mon->max_monitors) < 0)
        return -1;
    mon->features = g_ptr_array_new_with_free_func(g_free);
    for (xmlNode *cur = mv_xml_child(node, "feature"); cur; cur = mv_xml_next(cur)) {
        char *name = NULL;

        if (mv_xml_prop_string(cur, "name", MV_XML_PROP_REQUIRED, &name) < 0)
            return -1;
        g_ptr_array_add(mon->features, name);
    }
    return 0;
}

/* libvirt writes no monitor that has no feature. */
static void
monitor_format(MvXmlBuf *buf, const MvCapsMonitor *mon)
{
    if (!mon->present || !mon->features || mon->features->len == 0)
        return;
    mv_xml_buf_start(buf, "monitor");
    if (mon->cache) {
        mv_xml_buf_attr_uint(buf, "level", mon->level);
        mv_xml_buf_attr_uint(buf, "reuseThreshold", mon->reuse_threshold);
    }
    mv_xml_buf_attr_uint(buf, "maxMonitors", mon->max_monitors);
    for (guint i = 0; i < mon->features->len; i++) {
        mv_xml_buf_start(buf, "feature");
        mv_xml_buf_attr(buf, "name", g_ptr_array_index(mon->features, i));
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

static int
control_parse(const xmlNode *node, MvCapsCacheBank *bank)
{
    MvCapsCacheControl ctl = { 0 };
    int scope = 0;

    if (mv_caps_scaled_prop(node, "granularity", "unit", 1, true, &ctl.granularity) < 0 ||
        mv_caps_scaled_prop(node, "min", "unit", 1, false, &ctl.min) < 0 ||
        mv_xml_prop_enum(node, "type", mv_caps_cache_type_from_string, MV_XML_PROP_REQUIRED, &scope) < 0 ||
        mv_xml_prop_uint(node, "maxAllocs", 10, MV_XML_PROP_REQUIRED, &ctl.max_allocs) < 0)
        return -1;
    ctl.scope = scope;
    g_array_append_val(bank->controls, ctl);
    return 0;
}

int
mv_caps_cache_parse(const xmlNode *node, MvCapsResctrl *rc)
{
    xmlNode *mon;

    for (xmlNode *cur = mv_xml_child(node, "bank"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *cpus = NULL;
        unsigned int id = 0, level = 0;
        uint64_t size = 0;
        int type = 0;
        MvCapsCacheBank *bank;

        if (mv_xml_prop_uint(cur, "id", 10, MV_XML_PROP_REQUIRED, &id) < 0 ||
            mv_xml_prop_uint(cur, "level", 10, MV_XML_PROP_REQUIRED, &level) < 0 ||
            mv_xml_prop_enum(cur, "type", mv_caps_cache_type_from_string, MV_XML_PROP_REQUIRED, &type) < 0 ||
            mv_caps_scaled_prop(cur, "size", "unit", 1, true, &size) < 0 ||
            mv_caps_cpulist_prop(cur, "cpus", true, &cpus) < 0)
            return -1;
        bank = mv_caps_resctrl_add_bank(rc, id, level, type, size, cpus);
        for (xmlNode *ctl = mv_xml_child(cur, "control"); ctl; ctl = mv_xml_next(ctl)) {
            if (control_parse(ctl, bank) < 0)
                return -1;
        }
    }
    if ((mon = mv_xml_child(node, "monitor")) && monitor_parse(mon, true, &rc->cache_monitor) < 0)
        return -1;
    return 0;
}

/* The largest binary unit that divides value exactly (libvirt's "pretty"
 * sizes); 0 stays in bytes. */
static uint64_t
pretty_size(uint64_t value, const char **ret_unit)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    size_t i = 0;

    while (value && value % 1024 == 0 && i + 1 < G_N_ELEMENTS(units)) {
        value /= 1024;
        i++;
    }
    *ret_unit = units[i];
    return value;
}

/* granularity and min share one unit: the smaller of their pretty units. */
static void
control_format(MvXmlBuf *buf, const MvCapsCacheControl *ctl)
{
    const char *unit;
    const char *min_unit;
    uint64_t gran = pretty_size(ctl->granularity, &unit);
    uint64_t min = pretty_size(ctl->min, &min_unit);

    if (min && gran) {
        uint64_t gran_div = ctl->granularity / gran;
        uint64_t min_div = ctl->min / min;

        if (min_div > gran_div) {
            min *= min_div / gran_div;
        } else if (min_div < gran_div) {
            unit = min_unit;
            gran *= gran_div / min_div;
        }
    }
    mv_xml_buf_start(buf, "control");
    mv_xml_buf_attr_uint(buf, "granularity", gran);
    if (min)
        mv_xml_buf_attr_uint(buf, "min", min);
    mv_xml_buf_attr(buf, "unit", unit);
    mv_xml_buf_attr(buf, "type", mv_caps_cache_type_to_string(ctl->scope));
    mv_xml_buf_attr_uint(buf, "maxAllocs", ctl->max_allocs);
    mv_xml_buf_end(buf);
}

void
mv_caps_cache_format(MvXmlBuf *buf, const MvCapsResctrl *rc)
{
    if (rc->banks->len == 0 && !rc->cache_monitor.present)
        return;
    mv_xml_buf_start(buf, "cache");
    mv_xml_buf_open_children(buf);
    for (guint i = 0; i < rc->banks->len; i++) {
        const MvCapsCacheBank *bank = g_ptr_array_index(rc->banks, i);
        const char *unit;
        uint64_t size = pretty_size(bank->size, &unit);

        mv_xml_buf_start(buf, "bank");
        mv_xml_buf_attr_uint(buf, "id", bank->id);
        mv_xml_buf_attr_uint(buf, "level", bank->level);
        mv_xml_buf_attr(buf, "type", mv_caps_cache_type_to_string(bank->type));
        mv_xml_buf_attr_uint(buf, "size", size);
        mv_xml_buf_attr(buf, "unit", unit);
        mv_xml_buf_attr(buf, "cpus", bank->cpus);
        for (guint j = 0; j < bank->controls->len; j++)
            control_format(buf, &g_array_index(bank->controls, MvCapsCacheControl, j));
        mv_xml_buf_end(buf);
    }
    monitor_format(buf, &rc->cache_monitor);
    mv_xml_buf_end(buf);
}

int
mv_caps_membw_parse(const xmlNode *node, MvCapsResctrl *rc)
{
    xmlNode *mon;

    for (xmlNode *cur = mv_xml_child(node, "node"); cur; cur = mv_xml_next(cur)) {
        MvCapsMemBWNode *bw = g_new0(MvCapsMemBWNode, 1);
        xmlNode *ctl = mv_xml_child(cur, "control");

        g_ptr_array_add(rc->membw_nodes, bw);
        if (mv_xml_prop_uint(cur, "id", 10, MV_XML_PROP_REQUIRED, &bw->id) < 0 ||
            mv_caps_cpulist_prop(cur, "cpus", true, &bw->cpus) < 0)
            return -1;
        if (!ctl) {
            mv_report_error(VIR_ERR_XML_ERROR, "missing element 'control' in memory bandwidth node %u",
                            bw->id);
            return -1;
        }
        if (mv_xml_prop_uint(ctl, "granularity", 10, MV_XML_PROP_REQUIRED, &bw->granularity) < 0 ||
            mv_xml_prop_uint(ctl, "min", 10, MV_XML_PROP_REQUIRED, &bw->min) < 0 ||
            mv_xml_prop_uint(ctl, "maxAllocs", 10, MV_XML_PROP_REQUIRED, &bw->max_allocs) < 0)
            return -1;
    }
    if ((mon = mv_xml_child(node, "monitor")) && monitor_parse(mon, false, &rc->membw_monitor) < 0)
        return -1;
    return 0;
}

void
mv_caps_membw_format(MvXmlBuf *buf, const MvCapsResctrl *rc)
{
    if (rc->membw_nodes->len == 0 && !rc->membw_monitor.present)
        return;
    mv_xml_buf_start(buf, "memory_bandwidth");
    mv_xml_buf_open_children(buf);
    for (guint i = 0; i < rc->membw_nodes->len; i++) {
        const MvCapsMemBWNode *bw = g_ptr_array_index(rc->membw_nodes, i);

        mv_xml_buf_start(buf, "node");
        mv_xml_buf_attr_uint(buf, "id", bw->id);
        mv_xml_buf_attr(buf, "cpus", bw->cpus);
        mv_xml_buf_start(buf, "control");
        mv_xml_buf_attr_uint(buf, "granularity", bw->granularity);
        mv_xml_buf_attr_uint(buf, "min", bw->min);
        mv_xml_buf_attr_uint(buf, "maxAllocs", bw->max_allocs);
        mv_xml_buf_end(buf);
        mv_xml_buf_end(buf);
    }
    monitor_format(buf, &rc->membw_monitor);
    mv_xml_buf_end(buf);
}
