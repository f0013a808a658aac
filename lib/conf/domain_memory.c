/* Domain memory sizing and tuning: <maxMemory>, <memory>, <currentMemory>, <memtune>, <memoryBacking>. */
#define MV_LOG_MODULE "conf.domain"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_memory.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/bitmap.h"
#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_domain_memory_source, MV_DOMAIN_MEMORY_SOURCE_LAST,
             "none", "file", "anonymous", "memfd")
MV_ENUM_IMPL(mv_domain_memory_access, MV_DOMAIN_MEMORY_ACCESS_LAST,
             "default", "shared", "private")
MV_ENUM_IMPL(mv_domain_memory_allocation, MV_DOMAIN_MEMORY_ALLOCATION_LAST,
             "none", "immediate", "ondemand")

/* The largest guest memory size libvirt takes, in bytes. */
#define MEMORY_MAX_BYTES ((unsigned long long) LLONG_MAX)
/* NUMA node numbers a hugepage nodeset may name. */
#define NODESET_MAX_BITS 16384

static void
hugepage_free(gpointer data)
{
    MvDomainHugePage *page = data;

    g_free(page->nodeset);
    g_free(page);
}

void
mv_domain_memory_free(MvDomainMemory *mem)
{
    if (!mem)
        return;
    if (mem->hugepages)
        g_ptr_array_unref(mem->hugepages);
    g_free(mem);
}

/* Scaled values ------------------------------------------------------- */

static int
unit_scale(const char *unit, unsigned long long *scale)
{
    unsigned long long base;
    unsigned long long s = 1;
    int power;

    if (g_ascii_strcasecmp(unit, "b") == 0 || g_ascii_strcasecmp(unit, "byte") == 0 ||
        g_ascii_strcasecmp(unit, "bytes") == 0) {
        *scale = 1;
        return 0;
    }
    if (!unit[1] || g_ascii_strcasecmp(unit + 1, "iB") == 0)
        base = 1024;
    else if (g_ascii_tolower(unit[1]) == 'b' && !unit[2])
        base = 1000;
    else
        return -1;

    switch (g_ascii_tolower(unit[0])) {
    case 'k': power = 1; break;
    case 'm': power = 2; break;
    case 'g': power = 3; break;
    case 't': power = 4; break;
    case 'p': power = 5; break;
    case 'e': power = 6; break;
    default:
        return -1;
    }
    while (power-- > 0)
        s *= base;
    *scale = s;
    return 0;
}

int
mv_domain_scaled_parse(const char *text, const char *what, const char *unit,
                       unsigned long long default_scale, unsigned long long limit,
                       unsigned long long *ret_bytes)
{
    const char *digits = text;
    unsigned long long value;
    unsigned long long scale = default_scale;
    char *end = NULL;

    /* As strtoull reads it: leading blanks and a '+' pass, a '-' does not. */
    while (g_ascii_isspace(*digits))
        digits++;
    if (*digits == '+')
        digits++;
    errno = 0;
    value = g_ascii_strtoull(digits, &end, 10);
    if (!g_ascii_isdigit(*digits) || errno != 0 || *end != '\0') {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid value '%s' for element or attribute '%s'",
                        text, what);
        return -1;
    }

    if (unit && *unit && unit_scale(unit, &scale) < 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unknown suffix '%s'", unit);
        return -1;
    }
    if (value && value > limit / scale) {
        mv_report_error(VIR_ERR_OVERFLOW, "value too large: %llu%s", value,
                        unit ? unit : "");
        return -1;
    }
    *ret_bytes = value * scale;
    return 0;
}

/* Sizes are read from the element's text and its unit= attribute. */
static int
size_parse_bytes(const xmlNode *node, const char *what, unsigned long long limit,
                 unsigned long long *ret_bytes)
{
    g_autofree char *text = mv_xml_content(node);
    g_autofree char *unit = NULL;

    if (!text || !*text)
        return 0;
    unit = mv_xml_prop(node, "unit");
    if (mv_domain_scaled_parse(text, what, unit, 1024, limit, ret_bytes) < 0)
        return -1;
    return 1;
}

int
mv_domain_memory_size_parse(const xmlNode *node, const char *what,
                            unsigned long long *ret_kib)
{
    unsigned long long bytes;
    unsigned long long kib;
    int rc;

    if (!node)
        return 0;
    if ((rc = size_parse_bytes(node, what, MEMORY_MAX_BYTES, &bytes)) <= 0)
        return rc;
    kib = bytes / 1024 + (bytes % 1024 ? 1 : 0);
    if (kib >= MEMORY_MAX_BYTES / 1024 + 1) {
        mv_report_error(VIR_ERR_OVERFLOW, "%s", "size value too large");
        return -1;
    }
    *ret_kib = kib;
    return 1;
}

/* A memtune limit: absent means unlimited; larger values are cut there. */
static int
limit_parse(const xmlNode *memtune, const char *name, unsigned long long *ret_kib)
{
    g_autofree char *what = g_strdup_printf("./memtune/%s[1]", name);
    xmlNode *node = mv_xml_child(memtune, name);
    unsigned long long bytes;
    unsigned long long kib;
    int rc;

    *ret_kib = MV_DOMAIN_MEMORY_UNLIMITED;
    if (!node)
        return 0;
    if ((rc = size_parse_bytes(node, what, MV_DOMAIN_MEMORY_UNLIMITED << 10, &bytes)) <= 0)
        return rc;
    kib = bytes / 1024 + (bytes % 1024 ? 1 : 0);
    *ret_kib = MIN(kib, MV_DOMAIN_MEMORY_UNLIMITED);
    return 0;
}

/* Parsing ------------------------------------------------------------- */

static int
sizes_parse(const xmlNode *domain, MvDomainMemory *mem)
{
    xmlNode *node;

    if (mv_domain_memory_size_parse(mv_xml_child(domain, "memory"), "./memory[1]",
                                    &mem->total) < 0 ||
        mv_domain_memory_size_parse(mv_xml_child(domain, "currentMemory"),
                                    "./currentMemory[1]", &mem->current) < 0)
        return -1;

    if ((node = mv_xml_child(domain, "maxMemory"))) {
        g_autofree char *slots = mv_xml_prop(node, "slots");
        uint64_t v;
        char *end = NULL;

        if (mv_domain_memory_size_parse(node, "./maxMemory[1]", &mem->max_memory) < 0)
            return -1;
        if (slots) {
            errno = 0;
            v = g_ascii_strtoull(slots, &end, 10);
            if (!g_ascii_isdigit(slots[0]) || errno || *end || v > UINT_MAX) {
                mv_report_error(VIR_ERR_XML_ERROR, "%s", "Failed to parse memory slot count");
                return -1;
            }
            mem->slots = (unsigned int) v;
        }
    }

    if ((node = mv_xml_child(domain, "memory")) &&
        mv_xml_prop_tristate_switch(node, "dumpCore", MV_XML_PROP_NONE, &mem->dump_core) < 0)
        return -1;
    return 0;
}

static int
hugepage_parse(const xmlNode *node, MvDomainMemory *mem)
{
    g_autofree char *size = mv_xml_prop(node, "size");
    g_autofree char *unit = mv_xml_prop(node, "unit");
    g_autofree char *nodeset = mv_xml_prop(node, "nodeset");
    MvDomainHugePage *page;
    unsigned long long bytes;

    if (!size) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing element or attribute './@size'");
        return -1;
    }
    if (mv_domain_scaled_parse(size, "./@size", unit, 1024, MEMORY_MAX_BYTES, &bytes) < 0)
        return -1;
    page = g_new0(MvDomainHugePage, 1);
    g_ptr_array_add(mem->hugepages, page);
    page->size = bytes / 1024 + (bytes % 1024 ? 1 : 0);
    if (page->size == 0) {
        mv_report_error(VIR_ERR_XML_DETAIL, "%s", "hugepage size can't be zero");
        return -1;
    }
    if (nodeset) {
        g_autoptr(MvBitmap) map = mv_bitmap_parse(nodeset, NODESET_MAX_BITS);

        if (!map)
            return -1;
        if (mv_bitmap_count(map) == 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Invalid value of 'nodeset': %s", nodeset);
            return -1;
        }
        page->nodeset = mv_bitmap_format(map);
    }
    return 0;
}

/* The enum in a child's attribute; index 0 ("none", "default") refused. */
static int
backing_enum_parse(const xmlNode *backing, const char *child, const char *attr,
                   int (*from_string)(const char *str), int *ret_value)
{
    xmlNode *node = mv_xml_child(backing, child);
    g_autofree char *value = NULL;
    int v;

    if (!node || !(value = mv_xml_prop(node, attr)) || !*value)
        return 0;
    if ((v = from_string(value)) <= 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown memoryBacking/%s/%s '%s'",
                        child, attr, value);
        return -1;
    }
    *ret_value = v;
    return 0;
}

static int
backing_parse(const xmlNode *backing, MvDomainMemory *mem)
{
    xmlNode *node;
    int source = 0, access = 0, allocation = 0;

    if (backing_enum_parse(backing, "source", "type", mv_domain_memory_source_from_string,
                           &source) < 0 ||
        backing_enum_parse(backing, "access", "mode", mv_domain_memory_access_from_string,
                           &access) < 0 ||
        backing_enum_parse(backing, "allocation", "mode",
                           mv_domain_memory_allocation_from_string, &allocation) < 0)
        return -1;
    mem->source = source;
    mem->access = access;
    mem->allocation = allocation;

    if ((node = mv_xml_child(backing, "allocation"))) {
        g_autofree char *threads = mv_xml_prop(node, "threads");

        if (threads) {
            char *end = NULL;
            unsigned long long v;

            errno = 0;
            v = g_ascii_strtoull(threads, &end, 10);
            if (!g_ascii_isdigit(threads[0]) || errno || *end || v > UINT_MAX) {
                mv_report_error(VIR_ERR_XML_ERROR, "%s",
                                "Failed to parse memory allocation threads");
                return -1;
            }
            mem->allocation_threads = (unsigned int) v;
        }
    }

    if ((node = mv_xml_child(backing, "hugepages"))) {
        mem->has_hugepages = true;
        for (xmlNode *page = mv_xml_child(node, "page"); page; page = mv_xml_next(page)) {
            if (hugepage_parse(page, mem) < 0)
                return -1;
        }
    }
    mem->nosharepages = mv_xml_child(backing, "nosharepages") != NULL;
    mem->locked = mv_xml_child(backing, "locked") != NULL;
    mem->discard = mv_xml_child(backing, "discard") != NULL;
    return 0;
}

MvDomainMemory *
mv_domain_memory_parse(const xmlNode *domain, unsigned int flags)
{
    g_autoptr(MvDomainMemory) mem = g_new0(MvDomainMemory, 1);
    xmlNode *node;
    int rc;

    mem->hugepages = g_ptr_array_new_with_free_func(hugepage_free);
    if (sizes_parse(domain, mem) < 0)
        return NULL;
    if ((node = mv_xml_child(domain, "memoryBacking")) && backing_parse(node, mem) < 0)
        return NULL;

    node = mv_xml_child(domain, "memtune");
    if (limit_parse(node, "hard_limit", &mem->hard_limit) < 0 ||
        limit_parse(node, "soft_limit", &mem->soft_limit) < 0)
        return NULL;
    rc = mv_domain_memory_size_parse(mv_xml_child(node, "min_guarantee"),
                                     "./memtune/min_guarantee[1]", &mem->min_guarantee);
    if (rc < 0 || limit_parse(node, "swap_hard_limit", &mem->swap_hard_limit) < 0)
        return NULL;

    return g_steal_pointer(&mem);
}

/* Post-parse and validation ------------------------------------------- */

int
mv_domain_memory_post_parse(MvDomainMemory *mem, unsigned long long numa_total,
                            unsigned long long hotplug_total)
{
    if (mem->total == 0 && numa_total)
        mem->total = numa_total + hotplug_total;
    else if (hotplug_total > mem->total) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "Total size of memory devices exceeds the total memory size");
        return -1;
    }
    if (mem->total - hotplug_total == 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "Memory size must be specified via <memory> or in the <numa> configuration");
        return -1;
    }
    if (mem->current > mem->total || mem->current == 0)
        mem->current = mem->total;

    if ((mem->max_memory || mem->slots) && !(mem->max_memory && mem->slots)) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "both maximum memory size and memory slot count must be specified");
        return -1;
    }
    if (mem->max_memory && mem->max_memory < mem->total) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "maximum memory size must be equal or greater than the actual memory size");
        return -1;
    }
    return 0;
}

int
mv_domain_memory_validate(const MvDomainMemory *mem, const MvDomainDef *def)
{
    return 0;
}

/* Formatting ---------------------------------------------------------- */

static void
size_format(MvXmlBuf *buf, const char *name, unsigned long long kib)
{
    g_autofree char *text = g_strdup_printf("%llu", kib);

    mv_xml_buf_start(buf, name);
    mv_xml_buf_attr(buf, "unit", "KiB");
    mv_xml_buf_text(buf, text);
    mv_xml_buf_end(buf);
}

void
mv_domain_memory_format_sizes(MvXmlBuf *buf, const MvDomainMemory *mem)
{
    g_autofree char *total = g_strdup_printf("%llu", mem->total);
    g_autofree char *max = g_strdup_printf("%llu", mem->max_memory);

    if (mem->slots || mem->max_memory) {
        mv_xml_buf_start(buf, "maxMemory");
        mv_xml_buf_attr_uint(buf, "slots", mem->slots);
        mv_xml_buf_attr(buf, "unit", "KiB");
        mv_xml_buf_text(buf, max);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_start(buf, "memory");
    mv_xml_buf_attr_tristate_switch(buf, "dumpCore", mem->dump_core);
    mv_xml_buf_attr(buf, "unit", "KiB");
    mv_xml_buf_text(buf, total);
    mv_xml_buf_end(buf);
    size_format(buf, "currentMemory", mem->current);
}

static void
memtune_format(MvXmlBuf *buf, const MvDomainMemory *mem)
{
    if (mem->hard_limit >= MV_DOMAIN_MEMORY_UNLIMITED &&
        mem->soft_limit >= MV_DOMAIN_MEMORY_UNLIMITED &&
        mem->swap_hard_limit >= MV_DOMAIN_MEMORY_UNLIMITED && !mem->min_guarantee)
        return;

    mv_xml_buf_start(buf, "memtune");
    if (mem->hard_limit < MV_DOMAIN_MEMORY_UNLIMITED)
        size_format(buf, "hard_limit", mem->hard_limit);
    if (mem->soft_limit < MV_DOMAIN_MEMORY_UNLIMITED)
        size_format(buf, "soft_limit", mem->soft_limit);
    if (mem->min_guarantee)
        size_format(buf, "min_guarantee", mem->min_guarantee);
    if (mem->swap_hard_limit < MV_DOMAIN_MEMORY_UNLIMITED)
        size_format(buf, "swap_hard_limit", mem->swap_hard_limit);
    mv_xml_buf_end(buf);
}

static void
backing_format(MvXmlBuf *buf, const MvDomainMemory *mem)
{
    if (!mem->has_hugepages && !mem->nosharepages && !mem->locked && !mem->source &&
        !mem->access && !mem->allocation && !mem->allocation_threads && !mem->discard)
        return;

    mv_xml_buf_start(buf, "memoryBacking");
    if (mem->has_hugepages) {
        mv_xml_buf_start(buf, "hugepages");
        for (guint i = 0; i < mem->hugepages->len; i++) {
            const MvDomainHugePage *page = g_ptr_array_index(mem->hugepages, i);

            mv_xml_buf_start(buf, "page");
            mv_xml_buf_attr_uint(buf, "size", page->size);
            mv_xml_buf_attr(buf, "unit", "KiB");
            mv_xml_buf_attr(buf, "nodeset", page->nodeset);
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_end(buf);
    }
    if (mem->nosharepages) {
        mv_xml_buf_start(buf, "nosharepages");
        mv_xml_buf_end(buf);
    }
    if (mem->locked) {
        mv_xml_buf_start(buf, "locked");
        mv_xml_buf_end(buf);
    }
    if (mem->source) {
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, "type", mv_domain_memory_source_to_string(mem->source));
        mv_xml_buf_end(buf);
    }
    if (mem->access) {
        mv_xml_buf_start(buf, "access");
        mv_xml_buf_attr(buf, "mode", mv_domain_memory_access_to_string(mem->access));
        mv_xml_buf_end(buf);
    }
    if (mem->allocation || mem->allocation_threads) {
        mv_xml_buf_start(buf, "allocation");
        if (mem->allocation)
            mv_xml_buf_attr(buf, "mode", mv_domain_memory_allocation_to_string(mem->allocation));
        if (mem->allocation_threads)
            mv_xml_buf_attr_uint(buf, "threads", mem->allocation_threads);
        mv_xml_buf_end(buf);
    }
    if (mem->discard) {
        mv_xml_buf_start(buf, "discard");
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

void
mv_domain_memory_format_tuning(MvXmlBuf *buf, const MvDomainMemory *mem)
{
    memtune_format(buf, mem);
    backing_format(buf, mem);
}
