/* Guest NUMA HMAT data: the memory-side <cache> of a <cpu><numa><cell> and <numa><interconnects>; parse / validate / format. */
#define MV_LOG_MODULE "conf.domain"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_numa_hmat.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "domain_cpu.h"
#include "domain_memory.h"
#include "util/error.h"

/* The deepest memory-side cache level libvirt knows. */
#define CACHE_LEVEL_MAX 3

/* A size in KiB from value (and unit, when given) as libvirt reads memory
 * sizes: bytes rounded up to KiB, below 2^63 bytes. */
static int
kib_parse(const char *text, const char *unit, const char *what, uint64_t *ret_kib)
{
    unsigned long long bytes = 0;

    if (!text || !*text) {
        mv_report_error(VIR_ERR_XML_ERROR, "missing element or attribute '%s'", what);
        return -1;
    }
    if (mv_domain_scaled_parse(text, what, unit, 1024, G_MAXINT64, &bytes) < 0)
        return -1;
    *ret_kib = bytes / 1024 + (bytes % 1024 ? 1 : 0);
    if (*ret_kib >= G_MAXINT64 / 1024 + 1) {
        mv_report_error(VIR_ERR_OVERFLOW, "%s", "size value too large");
        return -1;
    }
    return 0;
}

/* The cache level: a positive number (leading blanks and '+' pass). */
static int
level_parse(const char *text, unsigned int *ret_level)
{
    const char *p = text;
    char *end = NULL;
    unsigned long long v;

    while (g_ascii_isspace(*p))
        p++;
    if (*p == '+')
        p++;
    if (!g_ascii_isdigit(*p))
        return -1;
    errno = 0;
    v = g_ascii_strtoull(p, &end, 10);
    if (errno || *end || v == 0 || v > UINT_MAX)
        return -1;
    *ret_level = (unsigned int) v;
    return 0;
}

static int
cache_parse(const xmlNode *node, unsigned int cell_id, MvCapsCellCache *cache)
{
    g_autofree char *level = mv_xml_prop(node, "level");
    g_autofree char *assoc = mv_xml_prop(node, "associativity");
    g_autofree char *policy = mv_xml_prop(node, "policy");
    g_autofree char *size = NULL;
    g_autofree char *line = NULL;
    xmlNode *child;
    unsigned long long line_bytes = 0;
    int v;

    if (!level) {
        mv_report_error(VIR_ERR_XML_ERROR, "Missing 'level' attribute in cache element for NUMA node %u",
                        cell_id);
        return -1;
    }
    if (level_parse(level, &cache->level) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid 'level' attribute in cache element for NUMA node %u",
                        cell_id);
        return -1;
    }
    if (!assoc) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "Missing 'associativity' attribute in cache element for NUMA node %u", cell_id);
        return -1;
    }
    /* 'none' is libvirt's unset value: it would not be written back, and
     * the attribute is required when read again. */
    if ((v = mv_caps_cache_associativity_from_string(assoc)) <= 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid cache associativity '%s'", assoc);
        return -1;
    }
    cache->associativity = v;
    if (!policy) {
        mv_report_error(VIR_ERR_XML_ERROR, "Missing 'policy' attribute in cache element for NUMA node %u",
                        cell_id);
        return -1;
    }
    if ((v = mv_caps_cache_policy_from_string(policy)) <= 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid cache policy '%s'", policy);
        return -1;
    }
    cache->policy = v;

    /* libvirt 9.0 looks for the unit of <size> and <line> in a child
     * element that the format does not have: their unit attributes are
     * ignored, size is in KiB and line in bytes. */
    if ((child = mv_xml_child(node, "size")))
        size = mv_xml_prop(child, "value");
    if (kib_parse(size, NULL, "./size/@value", &cache->size_kib) < 0)
        return -1;
    if ((child = mv_xml_child(node, "line")))
        line = mv_xml_prop(child, "value");
    if (!line || !*line) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing element or attribute './line/@value'");
        return -1;
    }
    if (mv_domain_scaled_parse(line, "./line/@value", NULL, 1, G_MAXUINT64, &line_bytes) < 0)
        return -1;
    /* Kept in 32 bits, as libvirt keeps it; a line of 0 is not written
     * and could not be read back. */
    cache->line = (unsigned int) line_bytes;
    if (cache->line == 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid value '%s' for element or attribute './line/@value'",
                        line);
        return -1;
    }
    return 0;
}

int
mv_domain_numa_caches_parse(const xmlNode *cell, unsigned int cell_id, GArray *caches)
{
    for (xmlNode *node = mv_xml_child(cell, "cache"); node; node = mv_xml_next(node)) {
        MvCapsCellCache cache = { 0 };

        if (cache_parse(node, cell_id, &cache) < 0)
            return -1;
        g_array_append_val(caches, cache);
    }
    return 0;
}

static int
interconnect_parse(const xmlNode *node, MvCapsInterconnect *ic)
{
    int type = 0;

    if (ic->bandwidth) {
        g_autofree char *value = mv_xml_prop(node, "value");
        g_autofree char *unit = mv_xml_prop(node, "unit");

        if (kib_parse(value, unit, "./@value", &ic->value) < 0)
            return -1;
    } else if (mv_xml_prop_uint64(node, "value", 10, MV_XML_PROP_REQUIRED, &ic->value) < 0) {
        return -1;
    }
    if (mv_xml_prop_uint(node, "initiator", 10, MV_XML_PROP_REQUIRED, &ic->initiator) < 0 ||
        mv_xml_prop_uint(node, "target", 10, MV_XML_PROP_REQUIRED, &ic->target) < 0 ||
        mv_xml_prop_uint(node, "cache", 10, MV_XML_PROP_NONE, &ic->cache) < 0 ||
        mv_xml_prop_enum(node, "type", mv_caps_latency_type_from_string,
                         MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &type) < 0)
        return -1;
    ic->type = type;
    return 0;
}

int
mv_domain_numa_interconnects_parse(const xmlNode *numa, GArray *interconnects)
{
    xmlNode *ics = mv_xml_child(numa, "interconnects");

    if (!ics)
        return 0;
    /* Other children are ignored, as libvirt ignores elements it does not know yet. */
    for (xmlNode *node = mv_xml_child(ics, NULL); node; node = node->next) {
        MvCapsInterconnect ic = { 0 };

        if (node->type != XML_ELEMENT_NODE ||
            !(mv_xml_name_is(node, "latency") || mv_xml_name_is(node, "bandwidth")))
            continue;
        ic.bandwidth = mv_xml_name_is(node, "bandwidth");
        if (interconnect_parse(node, &ic) < 0)
            return -1;
        g_array_append_val(interconnects, ic);
    }
    return 0;
}

static int
caches_validate(const GArray *caches)
{
    for (guint i = 0; caches && i < caches->len; i++) {
        const MvCapsCellCache *cache = &g_array_index(caches, MvCapsCellCache, i);

        if (cache->level > CACHE_LEVEL_MAX) {
            /* libvirt's own wording. */
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "Ain't nobody heard of that much cache level");
            return -1;
        }
        for (guint j = 0; j < i; j++) {
            if (g_array_index(caches, MvCapsCellCache, j).level == cache->level) {
                mv_report_error(VIR_ERR_XML_ERROR, "Cache level '%u' already defined", cache->level);
                return -1;
            }
        }
    }
    return 0;
}

static bool
cell_has_cache_level(const MvNumaCell *cell, unsigned int level)
{
    for (guint i = 0; cell->caches && i < cell->caches->len; i++) {
        if (g_array_index(cell->caches, MvCapsCellCache, i).level == level)
            return true;
    }
    return false;
}

static int
interconnect_validate(const MvDomainCpu *cpu, guint i)
{
    const MvCapsInterconnect *ic = &g_array_index(cpu->interconnects, MvCapsInterconnect, i);
    guint ncells = cpu->cells->len;

    if (ic->initiator >= ncells) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "'initiator' refers to a non-existent NUMA node");
        return -1;
    }
    if (ic->target >= ncells) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "'target' refers to a non-existent NUMA node");
        return -1;
    }
    if (!g_array_index(cpu->cells, MvNumaCell, ic->initiator).cpus) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "NUMA nodes without CPUs can't be initiator");
        return -1;
    }
    if (ic->cache > 0 &&
        !cell_has_cache_level(&g_array_index(cpu->cells, MvNumaCell, ic->target), ic->cache)) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "'cache' refers to a non-existent NUMA node cache");
        return -1;
    }
    for (guint j = 0; j < i; j++) {
        const MvCapsInterconnect *other = &g_array_index(cpu->interconnects, MvCapsInterconnect, j);

        if (ic->bandwidth == other->bandwidth && ic->initiator == other->initiator &&
            ic->target == other->target && ic->cache == other->cache && ic->type == other->type) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "Duplicate info for NUMA latencies");
            return -1;
        }
        if (ic->initiator != ic->target && ic->initiator == other->target &&
            ic->target == other->initiator) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "Link already defined");
            return -1;
        }
    }
    return 0;
}

int
mv_domain_numa_hmat_validate(const MvDomainCpu *cpu)
{
    for (guint i = 0; i < cpu->cells->len; i++) {
        if (caches_validate(g_array_index(cpu->cells, MvNumaCell, i).caches) < 0)
            return -1;
    }
    for (guint i = 0; i < cpu->interconnects->len; i++) {
        if (interconnect_validate(cpu, i) < 0)
            return -1;
    }
    return 0;
}

void
mv_domain_numa_caches_format(MvXmlBuf *buf, const GArray *caches)
{
    for (guint i = 0; i < caches->len; i++) {
        const MvCapsCellCache *cache = &g_array_index(caches, MvCapsCellCache, i);

        mv_xml_buf_start(buf, "cache");
        mv_xml_buf_attr_uint(buf, "level", cache->level);
        mv_xml_buf_attr(buf, "associativity", mv_caps_cache_associativity_to_string(cache->associativity));
        mv_xml_buf_attr(buf, "policy", mv_caps_cache_policy_to_string(cache->policy));
        mv_xml_buf_start(buf, "size");
        mv_xml_buf_attr_uint(buf, "value", cache->size_kib);
        mv_xml_buf_attr(buf, "unit", "KiB");
        mv_xml_buf_end(buf);
        mv_xml_buf_start(buf, "line");
        mv_xml_buf_attr_uint(buf, "value", cache->line);
        mv_xml_buf_attr(buf, "unit", "B");
        mv_xml_buf_end(buf);
        mv_xml_buf_end(buf);
    }
}

void
mv_domain_numa_interconnects_format(MvXmlBuf *buf, const GArray *interconnects)
{
    if (interconnects->len == 0)
        return;
    mv_xml_buf_start(buf, "interconnects");
    for (guint i = 0; i < interconnects->len; i++) {
        const MvCapsInterconnect *ic = &g_array_index(interconnects, MvCapsInterconnect, i);

        mv_xml_buf_start(buf, ic->bandwidth ? "bandwidth" : "latency");
        mv_xml_buf_attr_uint(buf, "initiator", ic->initiator);
        mv_xml_buf_attr_uint(buf, "target", ic->target);
        if (ic->cache > 0)
            mv_xml_buf_attr_uint(buf, "cache", ic->cache);
        mv_xml_buf_attr(buf, "type", mv_caps_latency_type_to_string(ic->type));
        mv_xml_buf_attr_uint(buf, "value", ic->value);
        if (ic->bandwidth)
            mv_xml_buf_attr(buf, "unit", "KiB");
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}
