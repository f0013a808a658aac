/* Host capabilities (<host>): uuid, cpu, power management, iommu, migration, NUMA and cache topology, security models. */
#define MV_LOG_MODULE "conf.capabilities"
#define MV_FROM_THIS VIR_FROM_CAPABILITIES

#include "capabilities_host.h"

#include <string.h>

#include "util/error.h"

MV_ENUM_IMPL(mv_arch, MV_ARCH_LAST,
             "none", "alpha", "armv6l", "armv7l", "armv7b", "aarch64", "cris", "i686", "ia64",
             "lm32", "m68k", "microblaze", "microblazeel", "mips", "mipsel", "mips64", "mips64el",
             "openrisc", "parisc", "parisc64", "ppc", "ppcle", "ppc64", "ppc64le", "ppcemb",
             "riscv32", "riscv64", "s390", "s390x", "sh4", "sh4eb", "sparc", "sparc64",
             "unicore32", "x86_64", "xtensa", "xtensaeb")
MV_ENUM_IMPL(mv_caps_pm_target, MV_CAPS_PM_LAST, "suspend_mem", "suspend_disk", "suspend_hybrid")
MV_ENUM_IMPL(mv_caps_cpu_cache_mode, MV_CAPS_CPU_CACHE_MODE_LAST, "emulate", "passthrough", "disable")
MV_ENUM_IMPL(mv_caps_cpu_maxphysaddr_mode, MV_CAPS_CPU_MAXPHYSADDR_LAST, "emulate", "passthrough")

static void
host_cpu_free(MvCapsHostCpu *cpu)
{
    if (!cpu)
        return;
    g_free(cpu->model);
    g_free(cpu->vendor);
    g_ptr_array_unref(cpu->features);
    g_free(cpu);
}

static void
baselabel_clear(gpointer data)
{
    MvCapsBaseLabel *bl = data;

    g_free(bl->type);
    g_free(bl->label);
}

static void
secmodel_free(gpointer data)
{
    MvCapsSecModel *sm = data;

    g_free(sm->model);
    g_free(sm->doi);
    g_array_unref(sm->labels);
    g_free(sm);
}

void
mv_caps_host_init(MvCapsHost *host)
{
    memset(host, 0, sizeof(*host));
    host->features = g_ptr_array_new_with_free_func(g_free);
    host->page_sizes = g_array_new(FALSE, TRUE, sizeof(unsigned int));
    host->migration_transports = g_ptr_array_new_with_free_func(g_free);
    host->secmodels = g_ptr_array_new_with_free_func(secmodel_free);
    mv_caps_resctrl_init(&host->resctrl);
}

void
mv_caps_host_clear(MvCapsHost *host)
{
    g_clear_pointer(&host->features, g_ptr_array_unref);
    g_clear_pointer(&host->cpu, host_cpu_free);
    g_clear_pointer(&host->page_sizes, g_array_unref);
    g_clear_pointer(&host->migration_transports, g_ptr_array_unref);
    g_clear_pointer(&host->netprefix, g_free);
    if (host->numa) {
        mv_caps_numa_clear(host->numa);
        g_clear_pointer(&host->numa, g_free);
    }
    mv_caps_resctrl_clear(&host->resctrl);
    g_clear_pointer(&host->secmodels, g_ptr_array_unref);
}

/* Building ---------------------------------------------------------------- */

MvCapsHostCpu *
mv_caps_host_set_cpu(MvCapsHost *host, const char *model, const char *vendor)
{
    MvCapsHostCpu *cpu = g_new0(MvCapsHostCpu, 1);

    cpu->model = g_strdup(model);
    cpu->vendor = g_strdup(vendor);
    cpu->cache_level = -1;
    cpu->maxphysaddr_bits = -1;
    cpu->features = g_ptr_array_new_with_free_func(g_free);
    host_cpu_free(host->cpu);
    host->cpu = cpu;
    return cpu;
}

void
mv_caps_host_cpu_add_feature(MvCapsHostCpu *cpu, const char *name)
{
    g_ptr_array_add(cpu->features, g_strdup(name));
}

void
mv_caps_host_add_feature(MvCapsHost *host, const char *name)
{
    g_ptr_array_add(host->features, g_strdup(name));
}

void
mv_caps_host_add_page_size(MvCapsHost *host, unsigned int size_kib)
{
    g_array_append_val(host->page_sizes, size_kib);
}

void
mv_caps_host_set_pm(MvCapsHost *host, MvCapsPMTarget target)
{
    host->power_mgmt |= 1U << target;
}

void
mv_caps_host_set_migration(MvCapsHost *host, bool live)
{
    host->migration = true;
    host->live_migration = live;
}

void
mv_caps_host_add_migration_transport(MvCapsHost *host, const char *transport)
{
    host->migration = true;
    g_ptr_array_add(host->migration_transports, g_strdup(transport));
}

MvCapsNuma *
mv_caps_host_numa(MvCapsHost *host)
{
    if (!host->numa) {
        host->numa = g_new0(MvCapsNuma, 1);
        mv_caps_numa_init(host->numa);
    }
    return host->numa;
}

MvCapsSecModel *
mv_caps_host_add_secmodel(MvCapsHost *host, const char *model, const char *doi)
{
    MvCapsSecModel *sm = g_new0(MvCapsSecModel, 1);

    sm->model = g_strdup(model);
    sm->doi = g_strdup(doi);
    sm->labels = g_array_new(FALSE, TRUE, sizeof(MvCapsBaseLabel));
    g_array_set_clear_func(sm->labels, baselabel_clear);
    g_ptr_array_add(host->secmodels, sm);
    return sm;
}

void
mv_caps_secmodel_add_baselabel(MvCapsSecModel *sm, const char *type, const char *label)
{
    MvCapsBaseLabel bl = { g_strdup(type), g_strdup(label) };

    g_array_append_val(sm->labels, bl);
}

/* Parsing ----------------------------------------------------------------- */

static int
missing_element(const char *element, const char *parent)
{
    mv_report_error(VIR_ERR_XML_ERROR, "missing element '%s' in '%s'", element, parent);
    return -1;
}

static int
host_cpu_parse_parts(const xmlNode *node, MvCapsHostCpu *cpu)
{
    xmlNode *child;

    if ((child = mv_xml_child(node, "microcode")) &&
        mv_xml_prop_uint(child, "version", 10, MV_XML_PROP_REQUIRED, &cpu->microcode) < 0)
        return -1;
    if ((child = mv_xml_child(node, "signature")) &&
        (mv_xml_prop_uint(child, "family", 10, MV_XML_PROP_REQUIRED, &cpu->sig_family) < 0 ||
         mv_xml_prop_uint(child, "model", 10, MV_XML_PROP_REQUIRED, &cpu->sig_model) < 0 ||
         mv_xml_prop_uint(child, "stepping", 10, MV_XML_PROP_REQUIRED, &cpu->sig_stepping) < 0))
        return -1;
    if ((child = mv_xml_child(node, "counter"))) {
        g_autofree char *name = mv_xml_prop(child, "name");

        if (g_strcmp0(name, "tsc") != 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "Invalid value for attribute 'name' in element 'counter': '%s'.",
                            name ? name : "");
            return -1;
        }
        if (mv_xml_prop_uint64(child, "frequency", 10, MV_XML_PROP_REQUIRED, &cpu->tsc_frequency) < 0 ||
            mv_xml_prop_tristate_bool(child, "scaling", MV_XML_PROP_NONE, &cpu->tsc_scaling) < 0)
            return -1;
        cpu->has_counter = true;
    }
    if ((child = mv_xml_child(node, "topology"))) {
        cpu->dies = 1;
        if (mv_xml_prop_uint(child, "sockets", 10, MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &cpu->sockets) < 0 ||
            mv_xml_prop_uint(child, "dies", 10, MV_XML_PROP_NONZERO, &cpu->dies) < 0 ||
            mv_xml_prop_uint(child, "cores", 10, MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &cpu->cores) < 0 ||
            mv_xml_prop_uint(child, "threads", 10, MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &cpu->threads) < 0)
            return -1;
    }
    if ((child = mv_xml_child(node, "cache"))) {
        unsigned int level = 0;
        int mode = 0;
        int rc;

        if ((rc = mv_xml_prop_uint(child, "level", 10, MV_XML_PROP_NONE, &level)) < 0 ||
            mv_xml_prop_enum(child, "mode", mv_caps_cpu_cache_mode_from_string, MV_XML_PROP_REQUIRED, &mode) < 0)
            return -1;
        cpu->cache_level = rc > 0 ? (int) level : -1;
        cpu->cache_mode = mode;
        cpu->has_cache = true;
    }
    if ((child = mv_xml_child(node, "maxphysaddr"))) {
        unsigned int bits = 0;
        int mode = 0;
        int rc;

        if (mv_xml_prop_enum(child, "mode", mv_caps_cpu_maxphysaddr_mode_from_string, MV_XML_PROP_REQUIRED, &mode) < 0 ||
            (rc = mv_xml_prop_uint(child, "bits", 10, MV_XML_PROP_NONE, &bits)) < 0)
            return -1;
        if (bits > G_MAXINT) {
            mv_report_error(VIR_ERR_XML_ERROR, "Invalid value for attribute 'bits' in element 'maxphysaddr': '%u'.",
                            bits);
            return -1;
        }
        cpu->maxphysaddr_mode = mode;
        cpu->maxphysaddr_bits = rc > 0 ? (int) bits : -1;
        cpu->has_maxphysaddr = true;
    }
    for (child = mv_xml_child(node, "feature"); child; child = mv_xml_next(child)) {
        char *name = NULL;

        if (mv_xml_prop_string(child, "name", MV_XML_PROP_REQUIRED, &name) < 0)
            return -1;
        g_ptr_array_add(cpu->features, name);
    }
    return 0;
}

static int
host_cpu_parse(const xmlNode *node, MvCapsHost *host)
{
    g_autofree char *arch = mv_xml_child_content(node, "arch");
    g_autofree char *model = mv_xml_child_content(node, "model");
    g_autofree char *vendor = mv_xml_child_content(node, "vendor");
    xmlNode *child;
    int v;

    if (arch) {
        if ((v = mv_arch_from_string(g_strstrip(arch))) <= 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "unknown host CPU architecture '%s'", arch);
            return -1;
        }
        host->arch = v;
    }
    if ((child = mv_xml_child(node, "features"))) {
        for (xmlNode *cur = mv_xml_child(child, NULL); cur; cur = cur->next) {
            if (cur->type == XML_ELEMENT_NODE)
                mv_caps_host_add_feature(host, (const char *) cur->name);
        }
    }
    /* A <cpu> holding only <arch>, <features> or <pages> has no model part. */
    if (model || vendor || mv_xml_child(node, "microcode") || mv_xml_child(node, "signature") ||
        mv_xml_child(node, "counter") || mv_xml_child(node, "topology") ||
        mv_xml_child(node, "cache") || mv_xml_child(node, "maxphysaddr") ||
        mv_xml_child(node, "feature")) {
        MvCapsHostCpu *cpu = mv_caps_host_set_cpu(host, NULL, NULL);

        cpu->model = model && *model ? g_steal_pointer(&model) : NULL;
        cpu->vendor = vendor && *vendor ? g_steal_pointer(&vendor) : NULL;
        if (host_cpu_parse_parts(node, cpu) < 0)
            return -1;
    }
    for (child = mv_xml_child(node, "pages"); child; child = mv_xml_next(child)) {
        uint64_t bytes = 0;

        if (mv_caps_scaled_prop(child, "size", "unit", 1024, true, &bytes) < 0)
            return -1;
        if (bytes / 1024 > G_MAXUINT) {
            mv_report_error(VIR_ERR_XML_ERROR, "page size %" G_GUINT64_FORMAT " bytes is too large", bytes);
            return -1;
        }
        mv_caps_host_add_page_size(host, (unsigned int) (bytes / 1024));
    }
    return 0;
}

static int
pm_parse(const xmlNode *node, MvCapsHost *host)
{
    for (xmlNode *cur = node->children; cur; cur = cur->next) {
        int target;

        if (cur->type != XML_ELEMENT_NODE)
            continue;
        if ((target = mv_caps_pm_target_from_string((const char *) cur->name)) < 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "unknown power management target '%s'",
                            (const char *) cur->name);
            return -1;
        }
        mv_caps_host_set_pm(host, target);
    }
    return 0;
}

static int
migration_parse(const xmlNode *node, MvCapsHost *host)
{
    xmlNode *transports = mv_xml_child(node, "uri_transports");

    mv_caps_host_set_migration(host, mv_xml_child(node, "live") != NULL);
    for (xmlNode *cur = mv_xml_child(transports, "uri_transport"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *text = mv_xml_content(cur);

        if (!text || !*text)
            return missing_element("uri_transport", "uri_transports");
        mv_caps_host_add_migration_transport(host, text);
    }
    return 0;
}

static int
secmodel_parse(const xmlNode *node, MvCapsHost *host)
{
    g_autofree char *model = mv_xml_child_content(node, "model");
    g_autofree char *doi = mv_xml_child_content(node, "doi");
    MvCapsSecModel *sm;

    if (!model)
        return missing_element("model", "secmodel");
    if (!doi)
        return missing_element("doi", "secmodel");
    sm = mv_caps_host_add_secmodel(host, model, doi);
    for (xmlNode *cur = mv_xml_child(node, "baselabel"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *type = NULL;
        g_autofree char *label = mv_xml_content(cur);

        if (mv_xml_prop_string(cur, "type", MV_XML_PROP_REQUIRED, &type) < 0)
            return -1;
        mv_caps_secmodel_add_baselabel(sm, type, label ? label : "");
    }
    return 0;
}

int
mv_caps_host_parse(const xmlNode *node, MvCapsHost *host)
{
    g_autofree char *uuid = mv_xml_child_content(node, "uuid");
    xmlNode *child;

    if (uuid && mv_uuid_parse(g_strstrip(uuid), host->uuid) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "malformed uuid element '%s' in host capabilities", uuid);
        return -1;
    }
    if ((child = mv_xml_child(node, "cpu")) && host_cpu_parse(child, host) < 0)
        return -1;
    if ((child = mv_xml_child(node, "power_management")) && pm_parse(child, host) < 0)
        return -1;
    if ((child = mv_xml_child(node, "iommu"))) {
        MvTristate support = MV_TRISTATE_ABSENT;

        if (mv_xml_prop_tristate_bool(child, "support", MV_XML_PROP_REQUIRED, &support) < 0)
            return -1;
        host->iommu = support == MV_TRISTATE_YES;
    }
    if ((child = mv_xml_child(node, "migration_features")) && migration_parse(child, host) < 0)
        return -1;
    host->netprefix = mv_xml_child_content(node, "netprefix");
    if ((child = mv_xml_child(node, "topology")) && mv_caps_numa_parse(child, mv_caps_host_numa(host)) < 0)
        return -1;
    if ((child = mv_xml_child(node, "cache")) && mv_caps_cache_parse(child, &host->resctrl) < 0)
        return -1;
    if ((child = mv_xml_child(node, "memory_bandwidth")) && mv_caps_membw_parse(child, &host->resctrl) < 0)
        return -1;
    for (child = mv_xml_child(node, "secmodel"); child; child = mv_xml_next(child)) {
        if (secmodel_parse(child, host) < 0)
            return -1;
    }
    return 0;
}

/* Formatting -------------------------------------------------------------- */

static void
host_cpu_format(MvXmlBuf *buf, const MvCapsHostCpu *cpu)
{
    mv_xml_buf_text_element(buf, "model", cpu->model);
    mv_xml_buf_text_element(buf, "vendor", cpu->vendor);
    if (cpu->microcode) {
        mv_xml_buf_start(buf, "microcode");
        mv_xml_buf_attr_uint(buf, "version", cpu->microcode);
        mv_xml_buf_end(buf);
    }
    if (cpu->sig_family) {
        mv_xml_buf_start(buf, "signature");
        mv_xml_buf_attr_uint(buf, "family", cpu->sig_family);
        mv_xml_buf_attr_uint(buf, "model", cpu->sig_model);
        mv_xml_buf_attr_uint(buf, "stepping", cpu->sig_stepping);
        mv_xml_buf_end(buf);
    }
    if (cpu->has_counter) {
        mv_xml_buf_start(buf, "counter");
        mv_xml_buf_attr(buf, "name", "tsc");
        mv_xml_buf_attr_uint(buf, "frequency", cpu->tsc_frequency);
        mv_xml_buf_attr_tristate_bool(buf, "scaling", cpu->tsc_scaling);
        mv_xml_buf_end(buf);
    }
    if (cpu->sockets && cpu->dies && cpu->cores && cpu->threads) {
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
        mv_xml_buf_attr(buf, "mode", mv_caps_cpu_cache_mode_to_string(cpu->cache_mode));
        mv_xml_buf_end(buf);
    }
    if (cpu->has_maxphysaddr) {
        mv_xml_buf_start(buf, "maxphysaddr");
        mv_xml_buf_attr(buf, "mode", mv_caps_cpu_maxphysaddr_mode_to_string(cpu->maxphysaddr_mode));
        if (cpu->maxphysaddr_bits != -1)
            mv_xml_buf_attr_printf(buf, "bits", "%d", cpu->maxphysaddr_bits);
        mv_xml_buf_end(buf);
    }
    for (guint i = 0; i < cpu->features->len; i++) {
        mv_xml_buf_start(buf, "feature");
        mv_xml_buf_attr(buf, "name", g_ptr_array_index(cpu->features, i));
        mv_xml_buf_end(buf);
    }
}

static void
cpu_format(MvXmlBuf *buf, const MvCapsHost *host)
{
    mv_xml_buf_start(buf, "cpu");
    mv_xml_buf_open_children(buf);
    if (host->arch)
        mv_xml_buf_text_element(buf, "arch", mv_arch_to_string(host->arch));
    if (host->features->len) {
        mv_xml_buf_start(buf, "features");
        for (guint i = 0; i < host->features->len; i++) {
            mv_xml_buf_start(buf, g_ptr_array_index(host->features, i));
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_end(buf);
    }
    if (host->cpu)
        host_cpu_format(buf, host->cpu);
    for (guint i = 0; i < host->page_sizes->len; i++) {
        mv_xml_buf_start(buf, "pages");
        mv_xml_buf_attr(buf, "unit", "KiB");
        mv_xml_buf_attr_uint(buf, "size", g_array_index(host->page_sizes, unsigned int, i));
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

static void
migration_format(MvXmlBuf *buf, const MvCapsHost *host)
{
    if (!host->migration)
        return;
    mv_xml_buf_start(buf, "migration_features");
    mv_xml_buf_open_children(buf);
    if (host->live_migration) {
        mv_xml_buf_start(buf, "live");
        mv_xml_buf_end(buf);
    }
    if (host->migration_transports->len) {
        mv_xml_buf_start(buf, "uri_transports");
        for (guint i = 0; i < host->migration_transports->len; i++)
            mv_xml_buf_text_element(buf, "uri_transport", g_ptr_array_index(host->migration_transports, i));
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

static void
secmodel_format(MvXmlBuf *buf, const MvCapsSecModel *sm)
{
    mv_xml_buf_start(buf, "secmodel");
    mv_xml_buf_text_element(buf, "model", sm->model);
    mv_xml_buf_text_element(buf, "doi", sm->doi);
    for (guint i = 0; i < sm->labels->len; i++) {
        const MvCapsBaseLabel *bl = &g_array_index(sm->labels, MvCapsBaseLabel, i);

        mv_xml_buf_start(buf, "baselabel");
        mv_xml_buf_attr(buf, "type", bl->type);
        mv_xml_buf_text(buf, bl->label);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

/* libvirt counts a UUID whose bytes are all equal (all zero) as unset. */
static bool
uuid_is_set(const unsigned char uuid[MV_UUID_BUFLEN])
{
    for (size_t i = 1; i < MV_UUID_BUFLEN; i++) {
        if (uuid[i] != uuid[0])
            return true;
    }
    return false;
}

void
mv_caps_host_format(MvXmlBuf *buf, const MvCapsHost *host)
{
    char uuid[MV_UUID_STRING_BUFLEN];

    if (!uuid_is_set(host->uuid) && !host->arch && !host->power_mgmt && !host->iommu)
        return;

    mv_xml_buf_start(buf, "host");
    if (uuid_is_set(host->uuid))
        mv_xml_buf_text_element(buf, "uuid", mv_uuid_format(host->uuid, uuid));
    cpu_format(buf, host);

    mv_xml_buf_start(buf, "power_management");
    for (int i = 0; i < MV_CAPS_PM_LAST; i++) {
        if (host->power_mgmt & (1U << i)) {
            mv_xml_buf_start(buf, mv_caps_pm_target_to_string(i));
            mv_xml_buf_end(buf);
        }
    }
    mv_xml_buf_end(buf);

    mv_xml_buf_start(buf, "iommu");
    mv_xml_buf_attr(buf, "support", host->iommu ? "yes" : "no");
    mv_xml_buf_end(buf);

    migration_format(buf, host);
    mv_xml_buf_text_element(buf, "netprefix", host->netprefix);
    if (host->numa)
        mv_caps_numa_format(buf, host->numa);
    mv_caps_cache_format(buf, &host->resctrl);
    mv_caps_membw_format(buf, &host->resctrl);
    for (guint i = 0; i < host->secmodels->len; i++)
        secmodel_format(buf, g_ptr_array_index(host->secmodels, i));
    mv_xml_buf_end(buf);
    /* libvirt leaves a blank line after each top-level section. */
    g_string_append_c(buf->str, '\n');
}
