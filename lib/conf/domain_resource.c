/* Domain host-side settings: <resource> (partition, fibrechannel), <idmap>, <pm>, <perf>. */
#define MV_LOG_MODULE "conf.domain"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_resource.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_perf_event, MV_PERF_EVENT_LAST,
             "cmt", "mbmt", "mbml", "cpu_cycles", "instructions", "cache_references",
             "cache_misses", "branch_instructions", "branch_misses", "bus_cycles",
             "stalled_cycles_frontend", "stalled_cycles_backend", "ref_cpu_cycles",
             "cpu_clock", "task_clock", "page_faults", "context_switches", "cpu_migrations",
             "page_faults_min", "page_faults_maj", "alignment_faults", "emulation_faults")

/* Bounds of a Fibre Channel application id. */
#define APPID_LEN_MIN 1
#define APPID_LEN_MAX 128

void
mv_domain_resource_free(MvDomainResource *res)
{
    if (!res)
        return;
    g_free(res->partition);
    g_free(res->appid);
    if (res->uidmap)
        g_array_unref(res->uidmap);
    if (res->gidmap)
        g_array_unref(res->gidmap);
    g_free(res);
}

static int
resource_parse(const xmlNode *node, MvDomainResource *res)
{
    xmlNode *fc;

    if (mv_xml_next(node)) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "only one resource element is supported");
        return -1;
    }
    res->partition = mv_xml_child_content(node, "partition");
    if (res->partition && !*res->partition)
        g_clear_pointer(&res->partition, g_free);
    if ((fc = mv_xml_child(node, "fibrechannel")))
        res->appid = mv_xml_prop(fc, "appid");
    if (res->appid && !*res->appid)
        g_clear_pointer(&res->appid, g_free);
    res->has_resource = res->partition || res->appid;
    return 0;
}

static int
idmap_attr(const xmlNode *node, const char *name, unsigned int *ret)
{
    g_autofree char *text = mv_xml_prop(node, name);
    char *end = NULL;
    unsigned long long v;

    if (!text || !g_ascii_isdigit(text[0]))
        return -1;
    errno = 0;
    v = g_ascii_strtoull(text, &end, 10);
    if (errno || *end || v > UINT_MAX)
        return -1;
    *ret = (unsigned int) v;
    return 0;
}

static gint
idmap_compare(gconstpointer a, gconstpointer b)
{
    const MvDomainIdMapEntry *x = a;
    const MvDomainIdMapEntry *y = b;

    return (x->start > y->start) - (x->start < y->start);
}

static int
idmap_list_parse(const xmlNode *idmap, const char *name, GArray **ret_map)
{
    g_autoptr(GArray) map = g_array_new(FALSE, TRUE, sizeof(MvDomainIdMapEntry));

    for (xmlNode *node = mv_xml_child(idmap, name); node; node = mv_xml_next(node)) {
        MvDomainIdMapEntry entry;

        if (idmap_attr(node, "start", &entry.start) < 0 ||
            idmap_attr(node, "target", &entry.target) < 0 ||
            idmap_attr(node, "count", &entry.count) < 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "invalid idmap start/target/count settings");
            return -1;
        }
        g_array_append_val(map, entry);
    }
    if (map->len == 0)
        return 0;
    g_array_sort(map, idmap_compare);
    *ret_map = g_steal_pointer(&map);
    return 0;
}

static int
pm_parse(const xmlNode *pm, MvDomainResource *res)
{
    xmlNode *node;

    if ((node = mv_xml_child(pm, "suspend-to-mem")) &&
        mv_xml_prop_tristate_bool(node, "enabled", MV_XML_PROP_NONE, &res->pm_s3) < 0)
        return -1;
    if ((node = mv_xml_child(pm, "suspend-to-disk")) &&
        mv_xml_prop_tristate_bool(node, "enabled", MV_XML_PROP_NONE, &res->pm_s4) < 0)
        return -1;
    return 0;
}

static int
perf_parse(const xmlNode *perf, MvDomainResource *res)
{
    for (xmlNode *node = mv_xml_child(perf, "event"); node; node = mv_xml_next(node)) {
        MvTristate enabled = MV_TRISTATE_ABSENT;
        int event = 0;

        if (mv_xml_prop_enum(node, "name", mv_perf_event_from_string, MV_XML_PROP_REQUIRED,
                             &event) < 0 ||
            mv_xml_prop_tristate_bool(node, "enabled", MV_XML_PROP_REQUIRED, &enabled) < 0)
            return -1;
        if (res->perf[event] != MV_TRISTATE_ABSENT) {
            mv_report_error(VIR_ERR_XML_ERROR, "perf event '%s' was already specified",
                            mv_perf_event_to_string(event));
            return -1;
        }
        res->perf[event] = enabled;
    }
    return 0;
}

MvDomainResource *
mv_domain_resource_parse(const xmlNode *domain, unsigned int flags)
{
    g_autoptr(MvDomainResource) res = g_new0(MvDomainResource, 1);
    xmlNode *node;

    if ((node = mv_xml_child(domain, "resource")) && resource_parse(node, res) < 0)
        return NULL;
    if ((node = mv_xml_child(domain, "pm")) && pm_parse(node, res) < 0)
        return NULL;
    if ((node = mv_xml_child(domain, "perf")) && perf_parse(node, res) < 0)
        return NULL;
    if ((node = mv_xml_child(domain, "idmap")) &&
        (idmap_list_parse(node, "uid", &res->uidmap) < 0 ||
         idmap_list_parse(node, "gid", &res->gidmap) < 0))
        return NULL;
    return g_steal_pointer(&res);
}

int
mv_domain_resource_validate(const MvDomainResource *res)
{
    if (res->appid) {
        size_t len = strlen(res->appid);

        for (const char *c = res->appid; *c; c++) {
            if (!g_ascii_isprint(*c)) {
                mv_report_error(VIR_ERR_XML_ERROR, "%s",
                                "Fibre Channel 'appid' is not a printable string");
                return -1;
            }
        }
        if (len < APPID_LEN_MIN || len > APPID_LEN_MAX) {
            mv_report_error(VIR_ERR_INVALID_ARG,
                            "Fibre Channel 'appid' string length must be between [%d, %d]",
                            APPID_LEN_MIN, APPID_LEN_MAX);
            return -1;
        }
    }
    if (!res->uidmap != !res->gidmap) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "uid and gid should be mapped both");
        return -1;
    }
    if ((res->uidmap && g_array_index(res->uidmap, MvDomainIdMapEntry, 0).start != 0) ||
        (res->gidmap && g_array_index(res->gidmap, MvDomainIdMapEntry, 0).start != 0)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "You must map the root user of container");
        return -1;
    }
    return 0;
}

void
mv_domain_resource_format(MvXmlBuf *buf, const MvDomainResource *res)
{
    if (!res->has_resource)
        return;
    mv_xml_buf_start(buf, "resource");
    mv_xml_buf_text_element(buf, "partition", res->partition);
    if (res->appid) {
        mv_xml_buf_start(buf, "fibrechannel");
        mv_xml_buf_attr(buf, "appid", res->appid);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

static void
idmap_list_format(MvXmlBuf *buf, const char *name, const GArray *map)
{
    for (guint i = 0; map && i < map->len; i++) {
        const MvDomainIdMapEntry *entry = &g_array_index(map, MvDomainIdMapEntry, i);

        mv_xml_buf_start(buf, name);
        mv_xml_buf_attr_uint(buf, "start", entry->start);
        mv_xml_buf_attr_uint(buf, "target", entry->target);
        mv_xml_buf_attr_uint(buf, "count", entry->count);
        mv_xml_buf_end(buf);
    }
}

void
mv_domain_idmap_format(MvXmlBuf *buf, const MvDomainResource *res)
{
    if (!res->uidmap)
        return;
    mv_xml_buf_start(buf, "idmap");
    idmap_list_format(buf, "uid", res->uidmap);
    idmap_list_format(buf, "gid", res->gidmap);
    mv_xml_buf_end(buf);
}

void
mv_domain_pm_perf_format(MvXmlBuf *buf, const MvDomainResource *res)
{
    bool perf = false;

    if (res->pm_s3 || res->pm_s4) {
        mv_xml_buf_start(buf, "pm");
        if (res->pm_s3) {
            mv_xml_buf_start(buf, "suspend-to-mem");
            mv_xml_buf_attr_tristate_bool(buf, "enabled", res->pm_s3);
            mv_xml_buf_end(buf);
        }
        if (res->pm_s4) {
            mv_xml_buf_start(buf, "suspend-to-disk");
            mv_xml_buf_attr_tristate_bool(buf, "enabled", res->pm_s4);
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_end(buf);
    }

    for (int i = 0; i < MV_PERF_EVENT_LAST; i++)
        perf = perf || res->perf[i];
    if (!perf)
        return;
    mv_xml_buf_start(buf, "perf");
    for (int i = 0; i < MV_PERF_EVENT_LAST; i++) {
        if (!res->perf[i])
            continue;
        mv_xml_buf_start(buf, "event");
        mv_xml_buf_attr(buf, "name", mv_perf_event_to_string(i));
        mv_xml_buf_attr_tristate_bool(buf, "enabled", res->perf[i]);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}
