/* Domain <cpu>: guest CPU model, topology, features and the guest NUMA cells; parse / validate / format. */
#define MV_LOG_MODULE "conf.domain_cpu"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_cpu.h"
#include "domain_numa_hmat.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "domain_os.h"
#include "util/error.h"
#include "util/units.h"

MV_ENUM_IMPL(mv_cpu_mode, MV_CPU_MODE_LAST, "custom", "host-model", "host-passthrough", "maximum")
MV_ENUM_IMPL(mv_cpu_match, MV_CPU_MATCH_LAST, "exact", "minimum", "strict")
MV_ENUM_IMPL(mv_cpu_check, MV_CPU_CHECK_LAST, "default", "none", "partial", "full")
MV_ENUM_IMPL(mv_cpu_fallback, MV_CPU_FALLBACK_LAST, "allow", "forbid")
MV_ENUM_IMPL(mv_cpu_feature_policy, MV_CPU_FEATURE_LAST,
             "force", "require", "optional", "disable", "forbid")
MV_ENUM_IMPL(mv_cpu_cache_mode, MV_CPU_CACHE_LAST, "emulate", "passthrough", "disable")
MV_ENUM_IMPL(mv_cpu_maxphysaddr_mode, MV_CPU_MAXPHYSADDR_LAST, "emulate", "passthrough")
MV_ENUM_IMPL(mv_numa_mem_access, MV_NUMA_MEM_ACCESS_LAST, "default", "shared", "private")

#define CPU_VENDOR_ID_LENGTH 12
#define CPUMASK_LEN 4096
#define NUMA_LOCAL_DISTANCE 10
#define NUMA_UNREACHABLE 255

static void
cpu_feature_clear(gpointer data)
{
    g_free(((MvCpuFeature *) data)->name);
}

static void
numa_cell_clear(gpointer data)
{
    MvNumaCell *cell = data;

    mv_bitmap_free(cell->cpus);
    g_free(cell->distances);
    if (cell->caches)
        g_array_unref(cell->caches);
}

void
mv_domain_cpu_free(MvDomainCpu *cpu)
{
    if (!cpu)
        return;
    g_free(cpu->model);
    g_free(cpu->vendor_id);
    g_free(cpu->vendor);
    if (cpu->features)
        g_array_unref(cpu->features);
    if (cpu->cells)
        g_array_unref(cpu->cells);
    if (cpu->interconnects)
        g_array_unref(cpu->interconnects);
    g_free(cpu);
}

static int
topology_parse(MvDomainCpu *cpu, const xmlNode *node)
{
    int rc;

    if (mv_xml_prop_uint(node, "sockets", 10, MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &cpu->sockets) < 0)
        return -1;
    if ((rc = mv_xml_prop_uint(node, "dies", 10, MV_XML_PROP_NONZERO, &cpu->dies)) < 0)
        return -1;
    if (rc == 0)
        cpu->dies = 1;
    if (mv_xml_prop_uint(node, "cores", 10, MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &cpu->cores) < 0 ||
        mv_xml_prop_uint(node, "threads", 10, MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &cpu->threads) < 0)
        return -1;
    return 0;
}

static int
features_parse(MvDomainCpu *cpu, const xmlNode *node)
{
    xmlNode *n = mv_xml_child(node, "feature");

    if (n && !cpu->model && cpu->mode == MV_CPU_MODE_CUSTOM) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Non-empty feature list specified without CPU model");
        return -1;
    }
    for (; n; n = mv_xml_next(n)) {
        g_autofree char *policy = mv_xml_prop(n, "policy");
        MvCpuFeature feature = { NULL, MV_CPU_FEATURE_REQUIRE };
        int p;

        if (policy) {
            if ((p = mv_cpu_feature_policy_from_string(policy)) < 0) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "Invalid CPU feature policy");
                return -1;
            }
            feature.policy = p;
        }
        feature.name = mv_xml_prop(n, "name");
        if (!feature.name || !*feature.name) {
            g_free(feature.name);
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "Invalid CPU feature name");
            return -1;
        }
        for (guint i = 0; i < cpu->features->len; i++) {
            if (strcmp(g_array_index(cpu->features, MvCpuFeature, i).name, feature.name) == 0) {
                mv_report_error(VIR_ERR_XML_ERROR, "CPU feature '%s' specified more than once",
                                feature.name);
                g_free(feature.name);
                return -1;
            }
        }
        g_array_append_val(cpu->features, feature);
    }
    return 0;
}

static int
cache_parse(MvDomainCpu *cpu, const xmlNode *node)
{
    int mode = 0;
    int rc;

    if (mv_xml_child_count(node, "cache") > 1) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "at most one CPU cache element may be specified");
        return -1;
    }
    if (!(node = mv_xml_child(node, "cache")))
        return 0;
    cpu->has_cache = true;
    cpu->cache_level = -1;
    if ((rc = mv_domain_prop_int(node, "level", false, true, &cpu->cache_level)) < 0)
        return -1;
    if (rc > 0 && (cpu->cache_level < 1 || cpu->cache_level > 3)) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "invalid CPU cache level, must be in range [1,3]");
        return -1;
    }
    if (mv_xml_prop_enum(node, "mode", mv_cpu_cache_mode_from_string, MV_XML_PROP_REQUIRED, &mode) < 0)
        return -1;
    cpu->cache_mode = mode;
    return 0;
}

static int
maxphysaddr_parse(MvDomainCpu *cpu, const xmlNode *node)
{
    int mode = 0;

    cpu->has_maxphysaddr = true;
    cpu->maxphysaddr_bits = -1;
    if (mv_xml_prop_enum(node, "mode", mv_cpu_maxphysaddr_mode_from_string, MV_XML_PROP_REQUIRED, &mode) < 0)
        return -1;
    cpu->maxphysaddr_mode = mode;
    if (mv_domain_prop_int(node, "bits", false, true, &cpu->maxphysaddr_bits) < 0)
        return -1;
    return 0;
}

/* The cell's memory='N' unit='U', in KiB rounded up, as libvirt reads it. */
static int
cell_memory_parse(const xmlNode *cell, uint64_t *ret_kib)
{
    g_autofree char *text = mv_xml_prop(cell, "memory");
    g_autofree char *unit = mv_xml_prop(cell, "unit");
    const char *p = text;
    char *end = NULL;
    uint64_t bytes;

    if (!text) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing element or attribute './@memory'");
        return -1;
    }
    while (g_ascii_isspace(*p))
        p++;
    errno = 0;
    if (!*p || *p == '-' || (bytes = strtoull(p, &end, 10), errno != 0) || *end != '\0') {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid value '%s' for element or attribute './@memory'", text);
        return -1;
    }
    if (mv_scale_integer(&bytes, unit, 1024, G_MAXINT64) < 0)
        return -1;
    *ret_kib = (bytes + 1023) / 1024;
    if (*ret_kib >= G_MAXINT64 / 1024 + 1) {
        mv_report_error(VIR_ERR_OVERFLOW, "%s", "size value too large");
        return -1;
    }
    return 0;
}

static int
distances_parse(MvDomainCpu *cpu, const xmlNode *cell_node, unsigned int cur)
{
    xmlNode *dist = mv_xml_child(cell_node, "distances");
    xmlNode *sib;
    guint ncells = cpu->cells->len;

    if (!dist)
        return 0;
    if (!(sib = mv_xml_child(dist, "sibling"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "NUMA distances defined without siblings");
        return -1;
    }
    for (; sib; sib = mv_xml_next(sib)) {
        MvNumaCell *local = &g_array_index(cpu->cells, MvNumaCell, cur);
        MvNumaCell *remote;
        unsigned int id = 0;
        unsigned int value = 0;

        if (mv_xml_prop_uint(sib, "id", 10, MV_XML_PROP_REQUIRED, &id) < 0)
            return -1;
        if (id >= ncells) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "'sibling_id %d' does not refer to a valid cell within NUMA 'cell id %d'",
                            id, cur);
            return -1;
        }
        if (mv_xml_prop_uint(sib, "value", 10, MV_XML_PROP_REQUIRED, &value) < 0)
            return -1;
        if (value < NUMA_LOCAL_DISTANCE || value > NUMA_UNREACHABLE ||
            (id == cur && value != NUMA_LOCAL_DISTANCE) ||
            (id != cur && value == NUMA_LOCAL_DISTANCE)) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "'value %d' is invalid for 'sibling id %d' under NUMA 'cell id %d'",
                            value, id, cur);
            return -1;
        }
        if (!local->distances) {
            local->distances = g_new0(unsigned int, ncells);
            local->distances[cur] = NUMA_LOCAL_DISTANCE;
        }
        local->distances[id] = value;

        /* The reverse distance defaults to the same value. */
        remote = &g_array_index(cpu->cells, MvNumaCell, id);
        if (!remote->distances) {
            remote->distances = g_new0(unsigned int, ncells);
            remote->distances[id] = NUMA_LOCAL_DISTANCE;
        }
        if (!remote->distances[cur])
            remote->distances[cur] = value;
    }
    return 0;
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

static int
numa_parse(MvDomainCpu *cpu, const xmlNode *numa)
{
    size_t n = mv_xml_child_count(numa, "cell");
    size_t i = 0;

    if (n == 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "NUMA topology defined without NUMA cells");
        return -1;
    }
    g_array_set_size(cpu->cells, n);

    for (xmlNode *c = mv_xml_child(numa, "cell"); c; c = mv_xml_next(c), i++) {
        g_autofree char *cpus = NULL;
        MvNumaCell *cell;
        unsigned int id = i;
        int access = 0;

        if (mv_xml_prop_uint(c, "id", 10, MV_XML_PROP_NONE, &id) < 0)
            return -1;
        if (id >= n) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "Exactly one 'cell' element per guest NUMA cell allowed, non-contiguous ranges or ranges not starting from 0 are not allowed");
            return -1;
        }
        cell = &g_array_index(cpu->cells, MvNumaCell, id);
        if (cell->memory_kib) {
            mv_report_error(VIR_ERR_XML_ERROR, "Duplicate NUMA cell info for cell id '%u'", id);
            return -1;
        }
        if ((cpus = mv_xml_prop(c, "cpus"))) {
            g_autoptr(MvBitmap) map = mv_bitmap_parse(cpus, CPUMASK_LEN);

            if (!map)
                return -1;
            if (mv_bitmap_count(map) > 0)
                cell->cpus = g_steal_pointer(&map);
        }
        for (guint j = 0; j < n; j++) {
            const MvNumaCell *other = &g_array_index(cpu->cells, MvNumaCell, j);

            if (j != id && other->cpus && cell->cpus && bitmaps_overlap(other->cpus, cell->cpus)) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                                "NUMA cells %u and %u have overlapping vCPU ids", id, j);
                return -1;
            }
        }
        if (cell_memory_parse(c, &cell->memory_kib) < 0)
            return -1;
        if (mv_xml_prop_enum(c, "memAccess", mv_numa_mem_access_from_string, MV_XML_PROP_NONZERO, &access) < 0)
            return -1;
        cell->mem_access = access;
        if (mv_xml_prop_tristate_bool(c, "discard", MV_XML_PROP_NONE, &cell->discard) < 0)
            return -1;
        if (distances_parse(cpu, c, id) < 0)
            return -1;
        cell->caches = g_array_new(FALSE, TRUE, sizeof(MvCapsCellCache));
        if (mv_domain_numa_caches_parse(c, id, cell->caches) < 0)
            return -1;
    }
    return mv_domain_numa_interconnects_parse(numa, cpu->interconnects);
}

static int
model_parse(MvDomainCpu *cpu, const xmlNode *node)
{
    xmlNode *model = mv_xml_child(node, "model");
    g_autofree char *fallback = NULL;
    g_autofree char *vendor_id = NULL;
    int v;

    cpu->model = mv_xml_child_text(node, "model");
    if (!model || cpu->mode == MV_CPU_MODE_HOST_PASSTHROUGH || cpu->mode == MV_CPU_MODE_MAXIMUM)
        return 0;

    if ((fallback = mv_xml_prop(model, "fallback")) && *fallback) {
        if ((v = mv_cpu_fallback_from_string(fallback)) < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "Invalid fallback attribute");
            return -1;
        }
        cpu->fallback = v;
    }
    if ((vendor_id = mv_xml_prop(model, "vendor_id")) && *vendor_id) {
        if (strlen(vendor_id) != CPU_VENDOR_ID_LENGTH) {
            mv_report_error(VIR_ERR_XML_ERROR, "vendor_id must be exactly %d characters long",
                            CPU_VENDOR_ID_LENGTH);
            return -1;
        }
        if (strchr(vendor_id, ',')) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "vendor id is invalid");
            return -1;
        }
        cpu->vendor_id = g_steal_pointer(&vendor_id);
    }
    return 0;
}

MvDomainCpu *
mv_domain_cpu_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainCpu) cpu = g_new0(MvDomainCpu, 1);
    g_autofree char *mode = mv_xml_prop(node, "mode");
    xmlNode *n;
    int v = 0;
    int rc;

    cpu->features = g_array_new(FALSE, TRUE, sizeof(MvCpuFeature));
    g_array_set_clear_func(cpu->features, cpu_feature_clear);
    cpu->cells = g_array_new(FALSE, TRUE, sizeof(MvNumaCell));
    g_array_set_clear_func(cpu->cells, numa_cell_clear);
    cpu->interconnects = g_array_new(FALSE, TRUE, sizeof(MvCapsInterconnect));

    if (mode) {
        if ((v = mv_cpu_mode_from_string(mode)) < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Invalid mode attribute '%s'", mode);
            return NULL;
        }
        cpu->mode = v;
    }
    if ((rc = mv_xml_prop_tristate_switch(node, "migratable", MV_XML_PROP_NONE, &cpu->migratable)) < 0)
        return NULL;
    if (rc > 0 && cpu->mode != MV_CPU_MODE_HOST_PASSTHROUGH && cpu->mode != MV_CPU_MODE_MAXIMUM) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU mode");
        return NULL;
    }
    v = 0;
    if (mv_xml_prop_enum(node, "match", mv_cpu_match_from_string, MV_XML_PROP_NONE, &v) < 0)
        return NULL;
    cpu->match = v;
    v = 0;
    if (mv_xml_prop_enum(node, "check", mv_cpu_check_from_string, MV_XML_PROP_NONE, &v) < 0)
        return NULL;
    cpu->check = v;

    if (model_parse(cpu, node) < 0)
        return NULL;
    cpu->vendor = mv_xml_child_text(node, "vendor");
    if (cpu->vendor && !cpu->model) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "CPU vendor specified without CPU model");
        return NULL;
    }
    if ((n = mv_xml_child(node, "topology")) && topology_parse(cpu, n) < 0)
        return NULL;
    if (features_parse(cpu, node) < 0 || cache_parse(cpu, node) < 0)
        return NULL;
    if ((n = mv_xml_child(node, "maxphysaddr")) && maxphysaddr_parse(cpu, n) < 0)
        return NULL;
    if ((n = mv_xml_child(node, "numa")) && numa_parse(cpu, n) < 0)
        return NULL;
    return g_steal_pointer(&cpu);
}

int
mv_domain_cpu_validate(const MvDomainCpu *cpu, unsigned int max_vcpus)
{
    size_t total = 0;
    ssize_t max_id = -1;

    if (!cpu)
        return 0;
    for (guint i = 0; i < cpu->cells->len; i++) {
        const MvNumaCell *cell = &g_array_index(cpu->cells, MvNumaCell, i);
        ssize_t bit = -1;
        ssize_t last = -1;

        if (!cell->cpus)
            continue;
        total += mv_bitmap_count(cell->cpus);
        while ((bit = mv_bitmap_next_set(cell->cpus, bit)) >= 0)
            last = bit;
        max_id = MAX(max_id, last);
    }
    if (total > max_vcpus) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "Number of CPUs in <numa> exceeds the <vcpu> count");
        return -1;
    }
    if (max_id >= (ssize_t) max_vcpus) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "CPU IDs in <numa> exceed the <vcpu> count");
        return -1;
    }
    if (cpu->sockets &&
        (guint64) cpu->sockets * cpu->dies * cpu->cores * cpu->threads > G_MAXUINT) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "cpu topology results in more than %u cpus", G_MAXUINT);
        return -1;
    }
    if (cpu->mode == MV_CPU_MODE_CUSTOM && !cpu->model && cpu->check != MV_CPU_CHECK_DEFAULT) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "check attribute specified for CPU with no model");
        return -1;
    }
    return mv_domain_numa_hmat_validate(cpu);
}

size_t
mv_domain_cpu_numa_cells(const MvDomainCpu *cpu)
{
    return cpu ? cpu->cells->len : 0;
}

uint64_t
mv_domain_cpu_numa_memory_kib(const MvDomainCpu *cpu)
{
    uint64_t total = 0;

    for (guint i = 0; cpu && i < cpu->cells->len; i++)
        total += g_array_index(cpu->cells, MvNumaCell, i).memory_kib;
    return total;
}

static void
numa_format(MvXmlBuf *buf, const MvDomainCpu *cpu)
{
    if (cpu->cells->len == 0)
        return;
    mv_xml_buf_start(buf, "numa");
    for (guint i = 0; i < cpu->cells->len; i++) {
        const MvNumaCell *cell = &g_array_index(cpu->cells, MvNumaCell, i);

        mv_xml_buf_start(buf, "cell");
        mv_xml_buf_attr_uint(buf, "id", i);
        if (cell->cpus) {
            g_autofree char *cpus = mv_bitmap_format(cell->cpus);

            mv_xml_buf_attr(buf, "cpus", cpus);
        }
        mv_xml_buf_attr_uint(buf, "memory", cell->memory_kib);
        mv_xml_buf_attr(buf, "unit", "KiB");
        if (cell->mem_access)
            mv_xml_buf_attr(buf, "memAccess", mv_numa_mem_access_to_string(cell->mem_access));
        mv_xml_buf_attr_tristate_bool(buf, "discard", cell->discard);
        if (cell->distances) {
            mv_xml_buf_start(buf, "distances");
            for (guint j = 0; j < cpu->cells->len; j++) {
                if (!cell->distances[j])
                    continue;
                mv_xml_buf_start(buf, "sibling");
                mv_xml_buf_attr_uint(buf, "id", j);
                mv_xml_buf_attr_uint(buf, "value", cell->distances[j]);
                mv_xml_buf_end(buf);
            }
            mv_xml_buf_end(buf);
        }
        if (cell->caches)
            mv_domain_numa_caches_format(buf, cell->caches);
        mv_xml_buf_end(buf);
    }
    mv_domain_numa_interconnects_format(buf, cpu->interconnects);
    mv_xml_buf_end(buf);
}

static bool
cpu_is_empty(const MvDomainCpu *cpu)
{
    return cpu->mode == MV_CPU_MODE_CUSTOM && !cpu->model && !cpu->vendor_id && !cpu->sockets &&
           !cpu->has_cache && !cpu->has_maxphysaddr && cpu->features->len == 0 && cpu->cells->len == 0;
}

void
mv_domain_cpu_format(MvXmlBuf *buf, const MvDomainCpu *cpu, unsigned int flags)
{
    bool format_model;

    if (!cpu || cpu_is_empty(cpu))
        return;

    mv_xml_buf_start(buf, "cpu");
    /* A custom CPU without a model only carries topology, cache, NUMA. */
    if (cpu->mode != MV_CPU_MODE_CUSTOM || cpu->model) {
        mv_xml_buf_attr(buf, "mode", mv_cpu_mode_to_string(cpu->mode));
        if (cpu->mode == MV_CPU_MODE_CUSTOM)
            mv_xml_buf_attr(buf, "match", mv_cpu_match_to_string(cpu->match));
        if (cpu->check)
            mv_xml_buf_attr(buf, "check", mv_cpu_check_to_string(cpu->check));
        if (cpu->mode == MV_CPU_MODE_HOST_PASSTHROUGH || cpu->mode == MV_CPU_MODE_MAXIMUM)
            mv_xml_buf_attr_tristate_switch(buf, "migratable", cpu->migratable);
    }

    format_model = cpu->mode == MV_CPU_MODE_CUSTOM || cpu->mode == MV_CPU_MODE_HOST_MODEL;
    if (format_model && (cpu->model || cpu->vendor_id)) {
        mv_xml_buf_start(buf, "model");
        if (cpu->model)
            mv_xml_buf_attr(buf, "fallback", mv_cpu_fallback_to_string(cpu->fallback));
        mv_xml_buf_attr(buf, "vendor_id", cpu->vendor_id);
        if (cpu->model)
            mv_xml_buf_text(buf, cpu->model);
        mv_xml_buf_end(buf);
    }
    if (format_model && cpu->vendor)
        mv_xml_buf_text_element(buf, "vendor", cpu->vendor);

    if (cpu->sockets) {
        mv_xml_buf_start(buf, "topology");
        mv_xml_buf_attr_uint(buf, "sockets", cpu->sockets);
        mv_xml_buf_attr_uint(buf, "dies", cpu->dies);
        mv_xml_buf_attr_uint(buf, "cores", cpu->cores);
        mv_xml_buf_attr_uint(buf, "threads", cpu->threads);
        mv_xml_buf_end(buf);
    }
    if (cpu->has_cache) {
        mv_xml_buf_start(buf, "cache");
        if (cpu->cache_level != -1)
            mv_xml_buf_attr_printf(buf, "level", "%d", cpu->cache_level);
        mv_xml_buf_attr(buf, "mode", mv_cpu_cache_mode_to_string(cpu->cache_mode));
        mv_xml_buf_end(buf);
    }
    if (cpu->has_maxphysaddr) {
        mv_xml_buf_start(buf, "maxphysaddr");
        mv_xml_buf_attr(buf, "mode", mv_cpu_maxphysaddr_mode_to_string(cpu->maxphysaddr_mode));
        if (cpu->maxphysaddr_bits != -1)
            mv_xml_buf_attr_printf(buf, "bits", "%d", cpu->maxphysaddr_bits);
        mv_xml_buf_end(buf);
    }
    for (guint i = 0; i < cpu->features->len; i++) {
        const MvCpuFeature *f = &g_array_index(cpu->features, MvCpuFeature, i);

        mv_xml_buf_start(buf, "feature");
        mv_xml_buf_attr(buf, "policy", mv_cpu_feature_policy_to_string(f->policy));
        mv_xml_buf_attr(buf, "name", f->name);
        mv_xml_buf_end(buf);
    }
    numa_format(buf, cpu);
    mv_xml_buf_end(buf);
}
