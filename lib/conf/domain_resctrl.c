/* Domain cache and memory bandwidth allocation: <cputune> <cachetune> and <memorytune> (resctrl groups). */
#define MV_LOG_MODULE "conf.domain"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_resctrl.h"

#include "domain_device.h"
#include "domain_memory.h"
#include "util/error.h"

MV_ENUM_IMPL(mv_resctrl_cache_type, MV_RESCTRL_CACHE_LAST, "both", "code", "data")

#define VCPUS_MAX_BITS 16384
/* The only cache level resctrl monitors (the L3 occupancy counters). */
#define MONITOR_CACHE_LEVEL 3

static void
monitor_free(gpointer data)
{
    MvResctrlMonitor *mon = data;

    mv_bitmap_free(mon->vcpus);
    g_free(mon);
}

static void
resctrl_free(gpointer data)
{
    MvDomainResctrl *r = data;

    if (!r)
        return;
    mv_bitmap_free(r->vcpus);
    g_array_unref(r->caches);
    g_array_unref(r->membw);
    g_ptr_array_unref(r->monitors);
    g_free(r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainResctrl, resctrl_free)

GPtrArray *
mv_domain_resctrl_list_new(void)
{
    return g_ptr_array_new_with_free_func(resctrl_free);
}

static MvDomainResctrl *
resctrl_new(MvBitmap *vcpus)
{
    MvDomainResctrl *r = g_new0(MvDomainResctrl, 1);

    r->vcpus = vcpus;
    r->caches = g_array_new(FALSE, TRUE, sizeof(MvResctrlCache));
    r->membw = g_array_new(FALSE, TRUE, sizeof(MvResctrlMemBW));
    r->monitors = g_ptr_array_new_with_free_func(monitor_free);
    return r;
}

static bool
bitmaps_overlap(const MvBitmap *a, const MvBitmap *b)
{
    for (ssize_t bit = mv_bitmap_next_set(a, -1); bit >= 0; bit = mv_bitmap_next_set(a, bit)) {
        if (mv_bitmap_is_set(b, bit))
            return true;
    }
    return false;
}

/* The vcpus attribute of <cachetune>, <memorytune> or <monitor>, without
 * the vCPUs the domain does not have. */
static MvBitmap *
vcpus_parse(const xmlNode *node, unsigned int max_vcpus)
{
    const char *element = (const char *) node->name;
    g_autofree char *text = mv_xml_prop(node, "vcpus");
    g_autoptr(MvBitmap) map = NULL;
    g_autoptr(MvBitmap) kept = NULL;

    if (!text) {
        mv_report_error(VIR_ERR_XML_ERROR, "Missing %s attribute 'vcpus'", element);
        return NULL;
    }
    if (!(map = mv_bitmap_parse(text, VCPUS_MAX_BITS))) {
        mv_error_reset();
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid %s attribute 'vcpus' value '%s'", element, text);
        return NULL;
    }
    kept = mv_bitmap_new(max_vcpus);
    for (ssize_t bit = mv_bitmap_next_set(map, -1); bit >= 0 && (size_t) bit < max_vcpus;
         bit = mv_bitmap_next_set(map, bit))
        mv_bitmap_set(kept, bit);
    return g_steal_pointer(&kept);
}

/* The group holding exactly these vCPUs, NULL for a new one; -1 when
 * they overlap another group's. */
static int
group_find(GPtrArray *resctrls, const MvBitmap *vcpus, MvDomainResctrl **ret_group)
{
    *ret_group = NULL;
    for (guint i = 0; i < resctrls->len; i++) {
        MvDomainResctrl *r = g_ptr_array_index(resctrls, i);

        if (mv_bitmap_equal(r->vcpus, vcpus)) {
            *ret_group = r;
            return 0;
        }
        if (bitmaps_overlap(r->vcpus, vcpus)) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "Overlapping vcpus in resctrls");
            return -1;
        }
    }
    return 0;
}

static bool
group_allocates(const MvDomainResctrl *r)
{
    return r->caches->len > 0 || r->membw->len > 0;
}

static int
cache_parse(const xmlNode *node, MvDomainResctrl *r)
{
    g_autofree char *size = mv_xml_prop(node, "size");
    g_autofree char *unit = mv_xml_prop(node, "unit");
    MvResctrlCache cache = { 0 };
    unsigned long long bytes = 0;
    int type = 0;

    if (mv_xml_prop_uint(node, "id", 10, MV_XML_PROP_REQUIRED, &cache.id) < 0 ||
        mv_xml_prop_uint(node, "level", 10, MV_XML_PROP_REQUIRED, &cache.level) < 0 ||
        mv_xml_prop_enum(node, "type", mv_resctrl_cache_type_from_string, MV_XML_PROP_REQUIRED, &type) < 0)
        return -1;
    cache.type = type;
    if (!size || !*size) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing element or attribute './@size'");
        return -1;
    }
    if (mv_domain_scaled_parse(size, "./@size", unit, 1024, G_MAXUINT64, &bytes) < 0)
        return -1;
    cache.size = bytes;

    /* 'both' shares the cache with code and data: it collides with either. */
    for (guint i = 0; i < r->caches->len; i++) {
        const MvResctrlCache *c = &g_array_index(r->caches, MvResctrlCache, i);

        if (c->level == cache.level && c->id == cache.id &&
            (c->type == cache.type || c->type == MV_RESCTRL_CACHE_BOTH ||
             cache.type == MV_RESCTRL_CACHE_BOTH)) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "Colliding cache allocations for cache level '%u' id '%u', type '%s'",
                            cache.level, cache.id, mv_resctrl_cache_type_to_string(cache.type));
            return -1;
        }
    }
    g_array_append_val(r->caches, cache);
    return 0;
}

static int
membw_parse(const xmlNode *node, MvDomainResctrl *r)
{
    MvResctrlMemBW bw = { 0 };

    if (mv_xml_prop_uint(node, "id", 10, MV_XML_PROP_REQUIRED, &bw.node) < 0 ||
        mv_xml_prop_uint(node, "bandwidth", 10, MV_XML_PROP_REQUIRED, &bw.bandwidth) < 0)
        return -1;
    if (bw.bandwidth > 100) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Memory Bandwidth value exceeding 100 is invalid.");
        return -1;
    }
    for (guint i = 0; i < r->membw->len; i++) {
        if (g_array_index(r->membw, MvResctrlMemBW, i).node == bw.node) {
            mv_report_error(VIR_ERR_XML_ERROR, "Memory Bandwidth already defined for node %u", bw.node);
            return -1;
        }
    }
    g_array_append_val(r->membw, bw);
    return 0;
}

/* libvirt's rules for a monitor: inside its group's vCPUs, not the same
 * vCPUs as another monitor of its kind, and sharing vCPUs with another
 * monitor only where one of them covers the whole group. */
static int
monitor_validate(const MvDomainResctrl *r, const MvResctrlMonitor *mon)
{
    bool equal_to_group;
    bool overlap_any = false;
    bool overlap_partial = false;

    if (mv_bitmap_count(mon->vcpus) == 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "%s", "vcpus is empty");
        return -1;
    }
    for (ssize_t bit = mv_bitmap_next_set(mon->vcpus, -1); bit >= 0;
         bit = mv_bitmap_next_set(mon->vcpus, bit)) {
        if (!mv_bitmap_is_set(r->vcpus, bit)) {
            mv_report_error(VIR_ERR_INVALID_ARG, "%s", "Monitor vcpus conflicts with allocation");
            return -1;
        }
    }
    equal_to_group = mv_bitmap_equal(mon->vcpus, r->vcpus);
    for (guint i = 0; i < r->monitors->len; i++) {
        const MvResctrlMonitor *other = g_ptr_array_index(r->monitors, i);

        if (mv_bitmap_equal(mon->vcpus, other->vcpus)) {
            if (mon->membw != other->membw)
                continue;
            mv_report_error(VIR_ERR_INVALID_ARG, "%s", "Identical vcpus found in same type monitors");
            return -1;
        }
        if (bitmaps_overlap(mon->vcpus, other->vcpus))
            overlap_any = true;
        if (equal_to_group || mv_bitmap_equal(other->vcpus, r->vcpus))
            continue;
        if (bitmaps_overlap(mon->vcpus, other->vcpus))
            overlap_partial = true;
    }
    if (overlap_partial || (!group_allocates(r) && overlap_any)) {
        mv_report_error(VIR_ERR_INVALID_ARG, "%s", "vcpus overlaps in resctrl groups");
        return -1;
    }
    return 0;
}

static int
monitors_parse(const xmlNode *tune, bool membw, unsigned int max_vcpus, MvDomainResctrl *r)
{
    for (xmlNode *node = mv_xml_child(tune, "monitor"); node; node = mv_xml_next(node)) {
        g_autofree MvResctrlMonitor *mon = g_new0(MvResctrlMonitor, 1);

        mon->membw = membw;
        if (!membw) {
            unsigned int level = 0;

            if (mv_xml_prop_uint(node, "level", 10, MV_XML_PROP_REQUIRED, &level) < 0)
                return -1;
            if (level != MONITOR_CACHE_LEVEL) {
                mv_report_error(VIR_ERR_XML_ERROR, "Invalid monitor cache level '%d'", (int) level);
                return -1;
            }
        }
        if (!(mon->vcpus = vcpus_parse(node, max_vcpus)))
            return -1;
        if (monitor_validate(r, mon) < 0) {
            mv_bitmap_free(mon->vcpus);
            return -1;
        }
        g_ptr_array_add(r->monitors, g_steal_pointer(&mon));
    }
    return 0;
}

static int
cachetune_parse(const xmlNode *node, unsigned int max_vcpus, GPtrArray *resctrls)
{
    g_autoptr(MvBitmap) vcpus = vcpus_parse(node, max_vcpus);
    g_autoptr(MvDomainResctrl) r = NULL;
    MvDomainResctrl *existing = NULL;

    if (!vcpus)
        return -1;
    /* None of the domain's vCPUs: the element is ignored. */
    if (mv_bitmap_count(vcpus) == 0)
        return 0;
    if (group_find(resctrls, vcpus, &existing) < 0)
        return -1;
    if (existing) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Identical vcpus in cachetunes found");
        return -1;
    }
    r = resctrl_new(g_steal_pointer(&vcpus));
    for (xmlNode *cache = mv_xml_child(node, "cache"); cache; cache = mv_xml_next(cache)) {
        if (cache_parse(cache, r) < 0)
            return -1;
    }
    if (monitors_parse(node, false, max_vcpus, r) < 0)
        return -1;
    if (r->caches->len > 0 || r->monitors->len > 0)
        g_ptr_array_add(resctrls, g_steal_pointer(&r));
    return 0;
}

static int
memorytune_parse(const xmlNode *node, unsigned int max_vcpus, GPtrArray *resctrls)
{
    g_autoptr(MvBitmap) vcpus = vcpus_parse(node, max_vcpus);
    g_autoptr(MvDomainResctrl) fresh = NULL;
    MvDomainResctrl *r = NULL;
    guint monitors;

    if (!vcpus)
        return -1;
    if (mv_bitmap_count(vcpus) == 0)
        return 0;
    if (group_find(resctrls, vcpus, &r) < 0)
        return -1;
    /* A <memorytune> with a <cachetune>'s vCPUs joins its group. */
    if (!r)
        r = fresh = resctrl_new(g_steal_pointer(&vcpus));
    for (xmlNode *bw = mv_xml_child(node, "node"); bw; bw = mv_xml_next(bw)) {
        if (membw_parse(bw, r) < 0)
            return -1;
    }
    monitors = r->monitors->len;
    if (monitors_parse(node, true, max_vcpus, r) < 0)
        return -1;
    if (fresh && (fresh->membw->len > 0 || fresh->monitors->len > monitors))
        g_ptr_array_add(resctrls, g_steal_pointer(&fresh));
    return 0;
}

int
mv_domain_resctrl_parse(const xmlNode *cputune, unsigned int max_vcpus, GPtrArray *resctrls)
{
    xmlNode *node;

    for (node = mv_xml_child(cputune, "cachetune"); node; node = mv_xml_next(node)) {
        if (cachetune_parse(node, max_vcpus, resctrls) < 0)
            return -1;
    }
    for (node = mv_xml_child(cputune, "memorytune"); node; node = mv_xml_next(node)) {
        if (memorytune_parse(node, max_vcpus, resctrls) < 0)
            return -1;
    }
    return 0;
}

static gint
cache_compare(gconstpointer a, gconstpointer b)
{
    const MvResctrlCache *x = a, *y = b;

    if (x->level != y->level)
        return x->level < y->level ? -1 : 1;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return 0;
}

static gint
membw_compare(gconstpointer a, gconstpointer b)
{
    const MvResctrlMemBW *x = a, *y = b;

    return x->node < y->node ? -1 : x->node > y->node;
}

/* A byte count in the largest binary unit that divides it, as libvirt
 * writes cache sizes (0 and odd sizes in bytes, at most PiB). */
static void
cache_size_attrs(MvXmlBuf *buf, uint64_t size)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
    size_t u = 0;

    while (size != 0 && u + 1 < G_N_ELEMENTS(units) && size % 1024 == 0) {
        size /= 1024;
        u++;
    }
    mv_xml_buf_attr_uint(buf, "size", size);
    mv_xml_buf_attr(buf, "unit", units[u]);
}

static void
monitors_format(MvXmlBuf *buf, const MvDomainResctrl *r, bool membw)
{
    for (guint i = 0; i < r->monitors->len; i++) {
        const MvResctrlMonitor *mon = g_ptr_array_index(r->monitors, i);
        g_autofree char *vcpus = NULL;

        if (mon->membw != membw)
            continue;
        vcpus = mv_bitmap_format(mon->vcpus);
        mv_xml_buf_start(buf, "monitor");
        if (!membw)
            mv_xml_buf_attr_uint(buf, "level", MONITOR_CACHE_LEVEL);
        mv_xml_buf_attr(buf, "vcpus", vcpus);
        mv_xml_buf_end(buf);
    }
}

static bool
has_monitor(const MvDomainResctrl *r, bool membw)
{
    for (guint i = 0; i < r->monitors->len; i++) {
        if (((const MvResctrlMonitor *) g_ptr_array_index(r->monitors, i))->membw == membw)
            return true;
    }
    return false;
}

static void
tune_start(MvXmlBuf *buf, const char *element, const MvDomainResctrl *r, unsigned int flags)
{
    g_autofree char *vcpus = mv_bitmap_format(r->vcpus);

    mv_xml_buf_start(buf, element);
    mv_xml_buf_attr(buf, "vcpus", vcpus);
    /* The group's name in resctrl: a defined domain's is always this. */
    if (!(flags & MV_DOMAIN_XML_INACTIVE))
        mv_xml_buf_attr_printf(buf, "id", "vcpus_%s", vcpus);
}

static void
cachetune_format(MvXmlBuf *buf, const MvDomainResctrl *r, unsigned int flags)
{
    g_autoptr(GArray) caches = NULL;

    if (r->caches->len == 0 && !has_monitor(r, false))
        return;
    caches = g_array_copy(r->caches);
    g_array_sort(caches, cache_compare);
    tune_start(buf, "cachetune", r, flags);
    for (guint i = 0; i < caches->len; i++) {
        const MvResctrlCache *c = &g_array_index(caches, MvResctrlCache, i);

        mv_xml_buf_start(buf, "cache");
        mv_xml_buf_attr_uint(buf, "id", c->id);
        mv_xml_buf_attr_uint(buf, "level", c->level);
        mv_xml_buf_attr(buf, "type", mv_resctrl_cache_type_to_string(c->type));
        cache_size_attrs(buf, c->size);
        mv_xml_buf_end(buf);
    }
    monitors_format(buf, r, false);
    mv_xml_buf_end(buf);
}

static void
memorytune_format(MvXmlBuf *buf, const MvDomainResctrl *r, unsigned int flags)
{
    g_autoptr(GArray) membw = NULL;

    if (r->membw->len == 0 && !has_monitor(r, true))
        return;
    membw = g_array_copy(r->membw);
    g_array_sort(membw, membw_compare);
    tune_start(buf, "memorytune", r, flags);
    for (guint i = 0; i < membw->len; i++) {
        const MvResctrlMemBW *bw = &g_array_index(membw, MvResctrlMemBW, i);

        mv_xml_buf_start(buf, "node");
        mv_xml_buf_attr_uint(buf, "id", bw->node);
        mv_xml_buf_attr_uint(buf, "bandwidth", bw->bandwidth);
        mv_xml_buf_end(buf);
    }
    monitors_format(buf, r, true);
    mv_xml_buf_end(buf);
}

void
mv_domain_resctrl_format(MvXmlBuf *buf, const GPtrArray *resctrls, unsigned int flags)
{
    for (guint i = 0; i < resctrls->len; i++)
        cachetune_format(buf, g_ptr_array_index(resctrls, i), flags);
    for (guint i = 0; i < resctrls->len; i++)
        memorytune_format(buf, g_ptr_array_index(resctrls, i), flags);
}
