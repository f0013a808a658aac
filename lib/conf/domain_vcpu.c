/* Domain vCPUs and I/O threads: <vcpu>, <vcpus>, <iothreads>, <iothreadids>, <defaultiothread>. */
#define MV_LOG_MODULE "conf.domain"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_vcpu.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_domain_placement, MV_DOMAIN_PLACEMENT_LAST, "static", "auto")

/* Host CPU numbers a cpuset may name. */
#define CPUMASK_LEN 16384

void
mv_domain_vcpus_free(MvDomainVcpus *vcpus)
{
    if (!vcpus)
        return;
    g_free(vcpus->vcpus);
    mv_bitmap_free(vcpus->cpuset);
    if (vcpus->iothreads)
        g_ptr_array_unref(vcpus->iothreads);
    g_free(vcpus);
}

int
mv_domain_vcpu_prop_int(const xmlNode *node, const char *name, bool nonnegative,
                        int *ret_value)
{
    g_autofree char *value = mv_xml_prop(node, name);
    char *end = NULL;
    long long v;

    if (!value)
        return 0;
    errno = 0;
    v = g_ascii_strtoll(value, &end, 10);
    if (!*value || *end || errno || v < INT_MIN || v > INT_MAX) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "Invalid value for attribute '%s' in element '%s': '%s'. Expected integer value",
                        name, (const char *) node->name, value);
        return -1;
    }
    if (nonnegative && v < 0) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "Invalid value for attribute '%s' in element '%s': '%s'. Expected non-negative value",
                        name, (const char *) node->name, value);
        return -1;
    }
    *ret_value = (int) v;
    return 1;
}

/* A whole unsigned number as strtoul reads it (leading blanks pass). */
static int
parse_uint(const char *text, unsigned int *ret_value)
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
    if (errno || *end || v > UINT_MAX)
        return -1;
    *ret_value = (unsigned int) v;
    return 0;
}

/* Parsing ------------------------------------------------------------- */

static int
vcpu_element_parse(const xmlNode *node, MvDomainVcpus *vcpus, unsigned int *ret_current)
{
    g_autofree char *text = mv_xml_content(node);
    g_autofree char *cpuset = NULL;
    int placement = MV_DOMAIN_PLACEMENT_STATIC;
    int rc;

    if (!text || parse_uint(text, &vcpus->max) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "maximum vcpus count must be an integer");
        return -1;
    }
    /* libvirt has no bound here and allocates per vCPU (a huge count
     * aborts it); no hypervisor takes more than this. */
    if (vcpus->max > MV_DOMAIN_VCPUS_LIMIT) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "maximum vcpus count %u is above the limit of %u",
                        vcpus->max, MV_DOMAIN_VCPUS_LIMIT);
        return -1;
    }
    if ((rc = mv_xml_prop_uint(node, "current", 10, MV_XML_PROP_NONE, ret_current)) < 0)
        return -1;
    if (rc == 0)
        *ret_current = vcpus->max;

    if (mv_xml_prop_enum(node, "placement", mv_domain_placement_from_string,
                         MV_XML_PROP_NONE, &placement) < 0)
        return -1;
    vcpus->placement = placement;

    if (vcpus->placement != MV_DOMAIN_PLACEMENT_AUTO && (cpuset = mv_xml_prop(node, "cpuset"))) {
        if (!(vcpus->cpuset = mv_bitmap_parse(cpuset, CPUMASK_LEN)))
            return -1;
        if (mv_bitmap_count(vcpus->cpuset) == 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Invalid value of 'cpuset': %s", cpuset);
            return -1;
        }
    }
    return 0;
}

static int
individual_vcpus_parse(const xmlNode *list, MvDomainVcpus *vcpus)
{
    for (xmlNode *node = mv_xml_child(list, "vcpu"); node; node = mv_xml_next(node)) {
        MvDomainVcpu *vcpu;
        MvTristate enabled = MV_TRISTATE_ABSENT;
        unsigned int id = 0;

        if (mv_xml_prop_uint(node, "id", 10, MV_XML_PROP_REQUIRED, &id) < 0)
            return -1;
        if (id >= vcpus->max) {
            mv_report_error(VIR_ERR_XML_ERROR, "vcpu id '%u' is out of range of maximum vcpu count",
                            id);
            return -1;
        }
        vcpu = &vcpus->vcpus[id];
        if (mv_xml_prop_tristate_bool(node, "enabled", MV_XML_PROP_REQUIRED, &enabled) < 0)
            return -1;
        vcpu->online = enabled == MV_TRISTATE_YES;
        if (mv_xml_prop_tristate_bool(node, "hotpluggable", MV_XML_PROP_NONE,
                                      &vcpu->hotpluggable) < 0 ||
            mv_xml_prop_uint(node, "order", 10, MV_XML_PROP_NONE, &vcpu->order) < 0)
            return -1;
        vcpus->individual = true;
    }
    return 0;
}

static MvDomainIothread *
iothread_parse(const xmlNode *node)
{
    g_autofree MvDomainIothread *thread = g_new0(MvDomainIothread, 1);

    thread->thread_pool_min = -1;
    thread->thread_pool_max = -1;
    if (mv_xml_prop_uint(node, "id", 10, MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO,
                         &thread->id) < 0 ||
        mv_domain_vcpu_prop_int(node, "thread_pool_min", true, &thread->thread_pool_min) < 0 ||
        mv_domain_vcpu_prop_int(node, "thread_pool_max", true, &thread->thread_pool_max) < 0)
        return NULL;
    return g_steal_pointer(&thread);
}

static int
iothreads_parse(const xmlNode *domain, MvDomainVcpus *vcpus)
{
    g_autofree char *count_text = mv_xml_child_content(domain, "iothreads");
    unsigned int count = 0;
    xmlNode *node;
    unsigned int next = 1;

    if (count_text && *count_text && parse_uint(count_text, &count) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "invalid iothreads count '%s'", count_text);
        return -1;
    }
    if (count > MV_DOMAIN_IOTHREADS_LIMIT) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "iothreads count %u is above the limit of %u",
                        count, MV_DOMAIN_IOTHREADS_LIMIT);
        return -1;
    }

    if ((node = mv_xml_child(domain, "defaultiothread"))) {
        vcpus->default_pool_min = -1;
        vcpus->default_pool_max = -1;
        if (mv_domain_vcpu_prop_int(node, "thread_pool_min", true, &vcpus->default_pool_min) < 0 ||
            mv_domain_vcpu_prop_int(node, "thread_pool_max", true, &vcpus->default_pool_max) < 0)
            return -1;
        vcpus->has_default_iothread = vcpus->default_pool_min != -1 ||
                                      vcpus->default_pool_max != -1;
    }

    for (xmlNode *list = mv_xml_child(domain, "iothreadids"); list; list = mv_xml_next(list)) {
        for (node = mv_xml_child(list, "iothread"); node; node = mv_xml_next(node)) {
            MvDomainIothread *thread = iothread_parse(node);

            if (!thread)
                return -1;
            if (mv_domain_vcpus_has_iothread(vcpus, thread->id)) {
                mv_report_error(VIR_ERR_XML_ERROR, "duplicate iothread id '%u' found", thread->id);
                g_free(thread);
                return -1;
            }
            g_ptr_array_add(vcpus->iothreads, thread);
        }
    }

    /* A count above the listed threads adds the lowest free ids. */
    while (vcpus->iothreads->len < count) {
        MvDomainIothread *thread;

        while (mv_domain_vcpus_has_iothread(vcpus, next))
            next++;
        thread = g_new0(MvDomainIothread, 1);
        thread->id = next++;
        thread->thread_pool_min = -1;
        thread->thread_pool_max = -1;
        thread->autofill = true;
        g_ptr_array_add(vcpus->iothreads, thread);
    }
    return 0;
}

MvDomainVcpus *
mv_domain_vcpus_parse(const xmlNode *domain, unsigned int flags)
{
    g_autoptr(MvDomainVcpus) vcpus = g_new0(MvDomainVcpus, 1);
    unsigned int current = 1;
    xmlNode *node;

    vcpus->max = 1;
    vcpus->iothreads = g_ptr_array_new_with_free_func(g_free);
    if ((node = mv_xml_child(domain, "vcpu")) && vcpu_element_parse(node, vcpus, &current) < 0)
        return NULL;

    vcpus->vcpus = g_new0(MvDomainVcpu, MAX(vcpus->max, 1));
    for (node = mv_xml_child(domain, "vcpus"); node; node = mv_xml_next(node)) {
        if (individual_vcpus_parse(node, vcpus) < 0)
            return NULL;
    }
    if (!vcpus->individual) {
        if (current > vcpus->max) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                            "maximum vCPU count must not be less than current vCPU count");
            return NULL;
        }
        for (unsigned int i = 0; i < vcpus->max; i++)
            vcpus->vcpus[i].online = i < current;
    }

    if (iothreads_parse(domain, vcpus) < 0)
        return NULL;
    return g_steal_pointer(&vcpus);
}

int
mv_domain_vcpus_post_parse(MvDomainVcpus *vcpus)
{
    for (unsigned int i = 0; i < vcpus->max; i++) {
        MvDomainVcpu *vcpu = &vcpus->vcpus[i];

        if (vcpu->hotpluggable == MV_TRISTATE_ABSENT) {
            vcpu->hotpluggable = vcpu->online ? MV_TRISTATE_NO : MV_TRISTATE_YES;
        } else if (vcpu->hotpluggable == MV_TRISTATE_NO && !vcpu->online) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "vcpu '%u' is both offline and not hotpluggable", i);
            return -1;
        }
    }
    return 0;
}

static int
thread_pool_validate(int pool_min, int pool_max)
{
    if (pool_max == 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "thread_pool_max must be a positive integer");
        return -1;
    }
    /* An absent maximum reads as -1: a minimum alone is refused too. */
    if (pool_min > pool_max) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "thread_pool_min must be smaller or equal to thread_pool_max");
        return -1;
    }
    return 0;
}

int
mv_domain_vcpus_validate(const MvDomainVcpus *vcpus)
{
    for (guint i = 0; i < vcpus->iothreads->len; i++) {
        const MvDomainIothread *thread = g_ptr_array_index(vcpus->iothreads, i);

        if (thread_pool_validate(thread->thread_pool_min, thread->thread_pool_max) < 0)
            return -1;
    }
    if (vcpus->has_default_iothread &&
        thread_pool_validate(vcpus->default_pool_min, vcpus->default_pool_max) < 0)
        return -1;
    return 0;
}

unsigned int
mv_domain_vcpus_online(const MvDomainVcpus *vcpus)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < vcpus->max; i++) {
        if (vcpus->vcpus[i].online)
            n++;
    }
    return n;
}

bool
mv_domain_vcpus_has_iothread(const MvDomainVcpus *vcpus, unsigned int id)
{
    for (guint i = 0; i < vcpus->iothreads->len; i++) {
        const MvDomainIothread *thread = g_ptr_array_index(vcpus->iothreads, i);

        if (thread->id == id)
            return true;
    }
    return false;
}

/* Formatting ---------------------------------------------------------- */

void
mv_domain_vcpus_format(MvXmlBuf *buf, const MvDomainVcpus *vcpus)
{
    g_autofree char *max = g_strdup_printf("%u", vcpus->max);
    unsigned int online = mv_domain_vcpus_online(vcpus);

    mv_xml_buf_start(buf, "vcpu");
    mv_xml_buf_attr(buf, "placement", mv_domain_placement_to_string(vcpus->placement));
    if (vcpus->cpuset && mv_bitmap_count(vcpus->cpuset) < CPUMASK_LEN) {
        g_autofree char *cpuset = mv_bitmap_format(vcpus->cpuset);

        mv_xml_buf_attr(buf, "cpuset", cpuset);
    }
    if (online < vcpus->max)
        mv_xml_buf_attr_uint(buf, "current", online);
    mv_xml_buf_text(buf, max);
    mv_xml_buf_end(buf);

    if (!vcpus->individual)
        return;
    mv_xml_buf_start(buf, "vcpus");
    for (unsigned int i = 0; i < vcpus->max; i++) {
        const MvDomainVcpu *vcpu = &vcpus->vcpus[i];

        mv_xml_buf_start(buf, "vcpu");
        mv_xml_buf_attr_uint(buf, "id", i);
        mv_xml_buf_attr(buf, "enabled", vcpu->online ? "yes" : "no");
        mv_xml_buf_attr_tristate_bool(buf, "hotpluggable", vcpu->hotpluggable);
        if (vcpu->order)
            mv_xml_buf_attr_uint(buf, "order", vcpu->order);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

static void
pool_attrs_format(MvXmlBuf *buf, int pool_min, int pool_max)
{
    if (pool_min >= 0)
        mv_xml_buf_attr_printf(buf, "thread_pool_min", "%d", pool_min);
    if (pool_max >= 0)
        mv_xml_buf_attr_printf(buf, "thread_pool_max", "%d", pool_max);
}

void
mv_domain_iothreads_format(MvXmlBuf *buf, const MvDomainVcpus *vcpus)
{
    bool listed = false;

    if (vcpus->iothreads->len > 0) {
        g_autofree char *count = g_strdup_printf("%u", vcpus->iothreads->len);

        mv_xml_buf_text_element(buf, "iothreads", count);
    }
    /* The ids are written when any of them is more than the count. */
    for (guint i = 0; i < vcpus->iothreads->len; i++) {
        const MvDomainIothread *thread = g_ptr_array_index(vcpus->iothreads, i);

        if (!thread->autofill || thread->thread_pool_min >= 0 || thread->thread_pool_max >= 0)
            listed = true;
    }
    if (listed) {
        mv_xml_buf_start(buf, "iothreadids");
        for (guint i = 0; i < vcpus->iothreads->len; i++) {
            const MvDomainIothread *thread = g_ptr_array_index(vcpus->iothreads, i);

            mv_xml_buf_start(buf, "iothread");
            mv_xml_buf_attr_uint(buf, "id", thread->id);
            pool_attrs_format(buf, thread->thread_pool_min, thread->thread_pool_max);
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_end(buf);
    }
    if (vcpus->has_default_iothread) {
        mv_xml_buf_start(buf, "defaultiothread");
        pool_attrs_format(buf, vcpus->default_pool_min, vcpus->default_pool_max);
        mv_xml_buf_end(buf);
    }
}
