/* Domain resource tuning: <blkiotune>, <cputune> (pins, periods, quotas, schedulers), <numatune>. */
#define MV_LOG_MODULE "conf.domain"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_tune.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_domain_sched_policy, MV_DOMAIN_SCHED_LAST,
             "none", "batch", "idle", "fifo", "rr")
MV_ENUM_IMPL(mv_domain_numatune_mode, MV_DOMAIN_NUMATUNE_LAST,
             "strict", "preferred", "interleave", "restrictive")
MV_ENUM_IMPL(mv_domain_numatune_placement, MV_DOMAIN_NUMATUNE_PLACEMENT_LAST,
             "default", "static", "auto")

#define CPUMASK_LEN 16384

/* cgroup limits libvirt checks cputune values against. */
#define CPU_SHARES_MIN 2ULL
#define CPU_SHARES_MAX 262144ULL
#define CPU_PERIOD_MIN 1000ULL
#define CPU_PERIOD_MAX 1000000ULL
#define CPU_QUOTA_MIN 1000LL
#define CPU_QUOTA_MAX 17592186044415LL

static void
blkio_device_free(gpointer data)
{
    MvDomainBlkioDevice *dev = data;

    g_free(dev->path);
    g_free(dev);
}

static void
thread_tune_clear(gpointer data)
{
    MvDomainThreadTune *t = data;

    g_clear_pointer(&t->cpuset, mv_bitmap_free);
}

static void
thread_tune_free(gpointer data)
{
    thread_tune_clear(data);
    g_free(data);
}

static void
memnode_clear(gpointer data)
{
    MvDomainMemnode *m = data;

    g_clear_pointer(&m->nodeset, mv_bitmap_free);
}

void
mv_domain_tune_free(MvDomainTune *tune)
{
    if (!tune)
        return;
    if (tune->blkio_devices)
        g_ptr_array_unref(tune->blkio_devices);
    if (tune->vcpu_tune)
        g_array_unref(tune->vcpu_tune);
    if (tune->iothread_tune)
        g_ptr_array_unref(tune->iothread_tune);
    mv_bitmap_free(tune->emulatorpin);
    mv_bitmap_free(tune->numatune_nodeset);
    if (tune->memnodes)
        g_array_unref(tune->memnodes);
    if (tune->resctrls)
        g_ptr_array_unref(tune->resctrls);
    g_free(tune);
}

MvBitmap *
mv_domain_cpuset_parse(const char *text)
{
    MvBitmap *map = mv_bitmap_parse(text, CPUMASK_LEN);

    if (!map) {
        /* libvirt names only the text; say it its way. */
        mv_error_reset();
        mv_report_error(VIR_ERR_INVALID_ARG, "Failed to parse bitmap '%s'", text);
    }
    return map;
}

/* A set attribute that must name at least one bit. */
static MvBitmap *
nonempty_set_parse(const char *text, const char *attr)
{
    g_autoptr(MvBitmap) map = mv_domain_cpuset_parse(text);

    if (!map)
        return NULL;
    if (mv_bitmap_count(map) == 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Invalid value of '%s': %s", attr, text);
        return NULL;
    }
    return g_steal_pointer(&map);
}

/* Numbers as strtoull / strtoll read them (leading blanks, no junk). */
static int
text_ull(const char *text, unsigned long long *ret)
{
    char *end = NULL;

    if (!text || !*text)
        return -1;
    errno = 0;
    *ret = g_ascii_strtoull(text, &end, 10);
    if (errno || *end || strchr(text, '-'))
        return -1;
    return 0;
}

static int
text_ll(const char *text, long long *ret)
{
    char *end = NULL;

    if (!text || !*text)
        return -1;
    errno = 0;
    *ret = g_ascii_strtoll(text, &end, 10);
    if (errno || *end)
        return -1;
    return 0;
}

/* <blkiotune> ---------------------------------------------------------- */

static int
blkio_number(const xmlNode *device, const char *name, const char *what,
             unsigned long long max, unsigned long long *ret)
{
    g_autofree char *text = mv_xml_child_content(device, name);

    if (!text || !*text)
        return 0;
    if (text_ull(text, ret) < 0 || *ret > max) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "could not parse %s %s", what, text);
        return -1;
    }
    return 0;
}

static int
blkiotune_parse(const xmlNode *blkiotune, MvDomainTune *tune)
{
    g_autofree char *weight = mv_xml_child_content(blkiotune, "weight");
    unsigned long long v = 0;

    /* A weight that does not read is ignored, as libvirt does. */
    if (weight && text_ull(weight, &v) == 0 && v <= UINT_MAX)
        tune->blkio_weight = (unsigned int) v;

    for (xmlNode *node = mv_xml_child(blkiotune, "device"); node; node = mv_xml_next(node)) {
        g_autoptr(GPtrArray) keep = NULL;
        MvDomainBlkioDevice *dev;
        unsigned long long w = 0, riops = 0, wiops = 0;
        char *path = mv_xml_child_content(node, "path");

        if (!path || !*path) {
            g_free(path);
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "missing per-device path");
            return -1;
        }
        dev = g_new0(MvDomainBlkioDevice, 1);
        dev->path = path;
        g_ptr_array_add(tune->blkio_devices, dev);
        if (blkio_number(node, "weight", "weight", UINT_MAX, &w) < 0 ||
            blkio_number(node, "read_bytes_sec", "read bytes sec", G_MAXUINT64, &dev->read_bytes) < 0 ||
            blkio_number(node, "write_bytes_sec", "write bytes sec", G_MAXUINT64,
                         &dev->write_bytes) < 0 ||
            blkio_number(node, "read_iops_sec", "read iops sec", UINT_MAX, &riops) < 0 ||
            blkio_number(node, "write_iops_sec", "write iops sec", UINT_MAX, &wiops) < 0)
            return -1;
        dev->weight = (unsigned int) w;
        dev->read_iops = (unsigned int) riops;
        dev->write_iops = (unsigned int) wiops;
    }
    return 0;
}

/* <cputune> ------------------------------------------------------------ */

static int
cputune_ull(const xmlNode *cputune, const char *name, const char *what,
            unsigned long long *ret, bool *ret_given)
{
    g_autofree char *text = mv_xml_child_content(cputune, name);

    if (!text || !*text)
        return 0;
    if (text_ull(text, ret) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "can't parse cputune %s value", what);
        return -1;
    }
    if (ret_given)
        *ret_given = true;
    return 0;
}

static int
cputune_ll(const xmlNode *cputune, const char *name, const char *what, long long *ret)
{
    g_autofree char *text = mv_xml_child_content(cputune, name);

    if (!text || !*text)
        return 0;
    if (text_ll(text, ret) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "can't parse cputune %s value", what);
        return -1;
    }
    return 0;
}

static MvDomainThreadTune *
iothread_tune(MvDomainTune *tune, unsigned int id)
{
    MvDomainThreadTune *t;

    for (guint i = 0; i < tune->iothread_tune->len; i++) {
        t = g_ptr_array_index(tune->iothread_tune, i);
        if (t->id == id)
            return t;
    }
    t = g_new0(MvDomainThreadTune, 1);
    t->id = id;
    g_ptr_array_add(tune->iothread_tune, t);
    return t;
}

static int
sched_attrs_parse(const xmlNode *node, MvDomainSched *sched)
{
    int policy = 0;

    if (mv_xml_prop_enum(node, "scheduler", mv_domain_sched_policy_from_string,
                         MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &policy) < 0)
        return -1;
    sched->policy = policy;
    if (policy == MV_DOMAIN_SCHED_FIFO || policy == MV_DOMAIN_SCHED_RR) {
        int rc = mv_domain_vcpu_prop_int(node, "priority", false, &sched->priority);

        if (rc < 0)
            return -1;
        if (rc == 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "Missing required attribute 'priority' in element '%s'",
                            (const char *) node->name);
            return -1;
        }
    }
    return 0;
}

/* <vcpusched vcpus='0-3'> and <iothreadsched iothreads='1'>: one
 * scheduler for each thread of the set. */
static int
thread_sched_parse(const xmlNode *node, const char *attr, MvDomainTune *tune,
                   const MvDomainVcpus *vcpus, bool iothreads)
{
    const char *element = (const char *) node->name;
    g_autofree char *text = mv_xml_prop(node, attr);
    g_autoptr(MvBitmap) map = NULL;
    MvDomainSched sched = { 0 };

    if (!text) {
        mv_report_error(VIR_ERR_XML_ERROR, "Missing attribute '%s' in element '%s'", attr, element);
        return -1;
    }
    if (!(map = mv_domain_cpuset_parse(text)))
        return -1;
    if (mv_bitmap_count(map) == 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "'%s' scheduler bitmap '%s' is empty", attr, text);
        return -1;
    }
    if (sched_attrs_parse(node, &sched) < 0)
        return -1;

    for (ssize_t bit = mv_bitmap_next_set(map, -1); bit >= 0; bit = mv_bitmap_next_set(map, bit)) {
        MvDomainThreadTune *t;

        if (iothreads) {
            if (!mv_domain_vcpus_has_iothread(vcpus, bit)) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Cannot find 'iothread' : %zd", bit);
                return -1;
            }
            t = iothread_tune(tune, bit);
        } else {
            if ((size_t) bit >= vcpus->max) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                                "vCPU '%zd' is not present in domain definition", bit);
                return -1;
            }
            t = &g_array_index(tune->vcpu_tune, MvDomainThreadTune, bit);
        }
        if (t->sched.policy != MV_DOMAIN_SCHED_NONE) {
            mv_report_error(VIR_ERR_XML_DETAIL, "'%s' attributes '%s' must not overlap", element, attr);
            return -1;
        }
        t->sched = sched;
    }
    return 0;
}

static int
vcpupin_parse(const xmlNode *node, MvDomainTune *tune, const MvDomainVcpus *vcpus)
{
    g_autofree char *cpuset = NULL;
    MvDomainThreadTune *t;
    unsigned int id = 0;

    if (mv_xml_prop_uint(node, "vcpu", 10, MV_XML_PROP_REQUIRED, &id) < 0)
        return -1;
    if (id >= vcpus->max) {
        MV_DEBUG("ignoring vcpupin for missing vcpu %u", id);
        return 0;
    }
    if (!(cpuset = mv_xml_prop(node, "cpuset"))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "missing cpuset for vcpupin");
        return -1;
    }
    t = &g_array_index(tune->vcpu_tune, MvDomainThreadTune, id);
    if (t->cpuset) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "duplicate vcpupin for vcpu '%u'", id);
        return -1;
    }
    if (!(t->cpuset = nonempty_set_parse(cpuset, "cpuset")))
        return -1;
    return 0;
}

static int
iothreadpin_parse(const xmlNode *node, MvDomainTune *tune, const MvDomainVcpus *vcpus)
{
    g_autofree char *cpuset = NULL;
    g_autoptr(MvBitmap) map = NULL;
    MvDomainThreadTune *t;
    unsigned int id = 0;

    if (mv_xml_prop_uint(node, "iothread", 10, MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &id) < 0)
        return -1;
    if (!mv_domain_vcpus_has_iothread(vcpus, id)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Cannot find 'iothread' : %u", id);
        return -1;
    }
    if (!(cpuset = mv_xml_prop(node, "cpuset"))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "missing cpuset for iothreadpin");
        return -1;
    }
    if (!(map = nonempty_set_parse(cpuset, "cpuset")))
        return -1;
    t = iothread_tune(tune, id);
    if (t->cpuset) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "duplicate iothreadpin for same iothread '%u'", id);
        return -1;
    }
    t->cpuset = g_steal_pointer(&map);
    return 0;
}

static int
cputune_parse(const xmlNode *cputune, MvDomainTune *tune, const MvDomainVcpus *vcpus)
{
    xmlNode *node;

    if (cputune_ull(cputune, "shares", "shares", &tune->shares, &tune->shares_specified) < 0 ||
        cputune_ull(cputune, "period", "period", &tune->period, NULL) < 0 ||
        cputune_ll(cputune, "quota", "quota", &tune->quota) < 0 ||
        cputune_ull(cputune, "global_period", "global period", &tune->global_period, NULL) < 0 ||
        cputune_ll(cputune, "global_quota", "global quota", &tune->global_quota) < 0 ||
        cputune_ull(cputune, "emulator_period", "emulator period", &tune->emulator_period, NULL) < 0 ||
        cputune_ll(cputune, "emulator_quota", "emulator quota", &tune->emulator_quota) < 0 ||
        cputune_ull(cputune, "iothread_period", "iothread period", &tune->iothread_period, NULL) < 0 ||
        cputune_ll(cputune, "iothread_quota", "iothread quota", &tune->iothread_quota) < 0)
        return -1;

    for (node = mv_xml_child(cputune, "vcpupin"); node; node = mv_xml_next(node)) {
        if (vcpupin_parse(node, tune, vcpus) < 0)
            return -1;
    }

    if ((node = mv_xml_child(cputune, "emulatorpin"))) {
        g_autofree char *cpuset = mv_xml_prop(node, "cpuset");

        if (mv_xml_next(node)) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "only one emulatorpin is supported");
            return -1;
        }
        if (!cpuset) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "missing cpuset for emulatorpin");
            return -1;
        }
        if (!(tune->emulatorpin = nonempty_set_parse(cpuset, "cpuset")))
            return -1;
    }

    for (node = mv_xml_child(cputune, "iothreadpin"); node; node = mv_xml_next(node)) {
        if (iothreadpin_parse(node, tune, vcpus) < 0)
            return -1;
    }
    for (node = mv_xml_child(cputune, "vcpusched"); node; node = mv_xml_next(node)) {
        if (thread_sched_parse(node, "vcpus", tune, vcpus, false) < 0)
            return -1;
    }
    for (node = mv_xml_child(cputune, "iothreadsched"); node; node = mv_xml_next(node)) {
        if (thread_sched_parse(node, "iothreads", tune, vcpus, true) < 0)
            return -1;
    }
    if ((node = mv_xml_child(cputune, "emulatorsched"))) {
        if (mv_xml_next(node)) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "only one emulatorsched is supported");
            return -1;
        }
        if (sched_attrs_parse(node, &tune->emulatorsched) < 0)
            return -1;
        tune->has_emulatorsched = true;
    }
    return mv_domain_resctrl_parse(cputune, vcpus->max, tune->resctrls);
}

/* <numatune> ----------------------------------------------------------- */

static int
memnodes_parse(const xmlNode *numatune, MvDomainTune *tune, size_t numa_cells)
{
    xmlNode *node = mv_xml_child(numatune, "memnode");

    if (!node)
        return 0;
    if (tune->numatune_specified && tune->numatune_placement == MV_DOMAIN_NUMATUNE_PLACEMENT_AUTO) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "Per-node binding is not compatible with automatic NUMA placement.");
        return -1;
    }
    if (numa_cells == 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "Element 'memnode' is invalid without any guest NUMA cells");
        return -1;
    }
    g_array_set_size(tune->memnodes, numa_cells);

    for (; node; node = mv_xml_next(node)) {
        g_autofree char *nodeset = NULL;
        MvDomainMemnode *mem;
        unsigned int cellid = 0;
        int mode = MV_DOMAIN_NUMATUNE_STRICT;

        if (mv_xml_prop_uint(node, "cellid", 10, MV_XML_PROP_REQUIRED, &cellid) < 0)
            return -1;
        if (cellid >= numa_cells) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "Argument 'cellid' in memnode element must correspond to existing guest's NUMA cell");
            return -1;
        }
        mem = &g_array_index(tune->memnodes, MvDomainMemnode, cellid);
        if (mem->nodeset) {
            mv_report_error(VIR_ERR_XML_ERROR, "Multiple memnode elements with cellid %u", cellid);
            return -1;
        }
        if (mv_xml_prop_enum(node, "mode", mv_domain_numatune_mode_from_string,
                             MV_XML_PROP_NONE, &mode) < 0)
            return -1;
        mem->mode = mode;
        if (tune->numatune_mode == MV_DOMAIN_NUMATUNE_RESTRICTIVE &&
            mem->mode != MV_DOMAIN_NUMATUNE_RESTRICTIVE) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "'restrictive' mode is required in memnode element when mode is 'restrictive' in memory element");
            return -1;
        }
        if (!(nodeset = mv_xml_prop(node, "nodeset"))) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "Missing required nodeset attribute in memnode element");
            return -1;
        }
        if (!(mem->nodeset = nonempty_set_parse(nodeset, "nodeset")))
            return -1;
    }
    return 0;
}

/* The <memory> element's mode, placement and nodeset, with libvirt's
 * defaults: the placement follows <vcpu placement=> when not given. */
static int
numatune_memory_parse(const xmlNode *numatune, MvDomainTune *tune, bool placement_static)
{
    xmlNode *node = mv_xml_child(numatune, "memory");
    g_autofree char *mode_text = NULL;
    g_autofree char *placement_text = NULL;
    g_autofree char *nodeset_text = NULL;
    g_autoptr(MvBitmap) nodeset = NULL;
    int mode = -1;
    int placement = -1;

    if (!placement_static && !node)
        placement = MV_DOMAIN_NUMATUNE_PLACEMENT_AUTO;
    if (node) {
        if ((mode_text = mv_xml_prop(node, "mode")) &&
            (mode = mv_domain_numatune_mode_from_string(mode_text)) < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Unsupported NUMA memory tuning mode '%s'",
                            mode_text);
            return -1;
        }
        if ((placement_text = mv_xml_prop(node, "placement")) &&
            (placement = mv_domain_numatune_placement_from_string(placement_text)) < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Unsupported NUMA memory placement mode '%s'",
                            placement_text);
            return -1;
        }
        if ((nodeset_text = mv_xml_prop(node, "nodeset")) &&
            !(nodeset = nonempty_set_parse(nodeset_text, "nodeset")))
            return -1;
    }

    if (mode == -1 && placement == -1 && !nodeset)
        return 0;
    if (mode == -1)
        mode = MV_DOMAIN_NUMATUNE_STRICT;
    if (placement == -1)
        placement = nodeset ? MV_DOMAIN_NUMATUNE_PLACEMENT_STATIC : MV_DOMAIN_NUMATUNE_PLACEMENT_DEFAULT;
    if (placement == MV_DOMAIN_NUMATUNE_PLACEMENT_DEFAULT)
        placement = (nodeset || placement_static) ? MV_DOMAIN_NUMATUNE_PLACEMENT_STATIC
                                                  : MV_DOMAIN_NUMATUNE_PLACEMENT_AUTO;
    if (placement == MV_DOMAIN_NUMATUNE_PLACEMENT_STATIC && !nodeset) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "nodeset for NUMA memory tuning must be set if 'placement' is 'static'");
        return -1;
    }
    /* An automatic placement drops a nodeset given with it. */
    if (placement == MV_DOMAIN_NUMATUNE_PLACEMENT_AUTO)
        g_clear_pointer(&nodeset, mv_bitmap_free);

    tune->numatune_specified = true;
    tune->numatune_mode = mode;
    tune->numatune_placement = placement;
    tune->numatune_nodeset = g_steal_pointer(&nodeset);
    return 0;
}

static bool
has_pins(const MvDomainTune *tune)
{
    if (tune->emulatorpin)
        return true;
    for (guint i = 0; i < tune->vcpu_tune->len; i++) {
        if (g_array_index(tune->vcpu_tune, MvDomainThreadTune, i).cpuset)
            return true;
    }
    for (guint i = 0; i < tune->iothread_tune->len; i++) {
        const MvDomainThreadTune *t = g_ptr_array_index(tune->iothread_tune, i);

        if (t->cpuset)
            return true;
    }
    return false;
}

MvDomainTune *
mv_domain_tune_parse(const xmlNode *domain, MvDomainVcpus *vcpus, size_t numa_cells,
                     unsigned int flags)
{
    g_autoptr(MvDomainTune) tune = g_new0(MvDomainTune, 1);
    xmlNode *node;

    tune->blkio_devices = g_ptr_array_new_with_free_func(blkio_device_free);
    tune->vcpu_tune = g_array_new(FALSE, TRUE, sizeof(MvDomainThreadTune));
    g_array_set_clear_func(tune->vcpu_tune, thread_tune_clear);
    g_array_set_size(tune->vcpu_tune, vcpus->max);
    tune->iothread_tune = g_ptr_array_new_with_free_func(thread_tune_free);
    tune->memnodes = g_array_new(FALSE, TRUE, sizeof(MvDomainMemnode));
    g_array_set_clear_func(tune->memnodes, memnode_clear);
    tune->resctrls = mv_domain_resctrl_list_new();

    if ((node = mv_xml_child(domain, "blkiotune")) && blkiotune_parse(node, tune) < 0)
        return NULL;
    if ((node = mv_xml_child(domain, "cputune")) && cputune_parse(node, tune, vcpus) < 0)
        return NULL;

    node = mv_xml_child(domain, "numatune");
    if (node && mv_xml_next(node)) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "only one numatune is supported");
        return NULL;
    }
    if (numatune_memory_parse(node, tune, vcpus->placement == MV_DOMAIN_PLACEMENT_STATIC) < 0 ||
        memnodes_parse(node, tune, numa_cells) < 0)
        return NULL;

    /* Automatic memory placement makes the vCPU placement automatic too,
     * unless something pins the vCPUs. */
    if (tune->numatune_specified && tune->numatune_placement == MV_DOMAIN_NUMATUNE_PLACEMENT_AUTO &&
        !vcpus->cpuset && !has_pins(tune))
        vcpus->placement = MV_DOMAIN_PLACEMENT_AUTO;

    return g_steal_pointer(&tune);
}

int
mv_domain_tune_validate(const MvDomainTune *tune)
{
    struct { const char *name; unsigned long long value; } periods[] = {
        { "period", tune->period }, { "global_period", tune->global_period },
        { "emulator_period", tune->emulator_period }, { "iothread_period", tune->iothread_period },
    };
    struct { const char *name; long long value; } quotas[] = {
        { "quota", tune->quota }, { "global_quota", tune->global_quota },
        { "emulator_quota", tune->emulator_quota }, { "iothread_quota", tune->iothread_quota },
    };

    if (tune->shares > 0 && (tune->shares < CPU_SHARES_MIN || tune->shares > CPU_SHARES_MAX)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Value of cputune 'shares' must be in range [%llu, %llu]",
                        CPU_SHARES_MIN, CPU_SHARES_MAX);
        return -1;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(periods); i++) {
        if (periods[i].value > 0 &&
            (periods[i].value < CPU_PERIOD_MIN || periods[i].value > CPU_PERIOD_MAX)) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Value of cputune '%s' must be in range [%llu, %llu]",
                            periods[i].name, CPU_PERIOD_MIN, CPU_PERIOD_MAX);
            return -1;
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(quotas); i++) {
        if (quotas[i].value > 0 &&
            (quotas[i].value < CPU_QUOTA_MIN || quotas[i].value > CPU_QUOTA_MAX)) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Value of cputune '%s' must be in range [%llu, %llu]",
                            quotas[i].name, (unsigned long long) CPU_QUOTA_MIN,
                            (unsigned long long) CPU_QUOTA_MAX);
            return -1;
        }
    }
    for (guint i = 0; i < tune->blkio_devices->len; i++) {
        const MvDomainBlkioDevice *a = g_ptr_array_index(tune->blkio_devices, i);

        for (guint j = 0; j < i; j++) {
            const MvDomainBlkioDevice *b = g_ptr_array_index(tune->blkio_devices, j);

            if (strcmp(a->path, b->path) == 0) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "duplicate blkio device path '%s'", a->path);
                return -1;
            }
        }
    }
    return 0;
}

/* Formatting ---------------------------------------------------------- */

static void
number_element(MvXmlBuf *buf, const char *name, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void
number_element(MvXmlBuf *buf, const char *name, const char *fmt, ...)
{
    g_autofree char *text = NULL;
    va_list ap;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    mv_xml_buf_text_element(buf, name, text);
}

void
mv_domain_blkiotune_format(MvXmlBuf *buf, const MvDomainTune *tune)
{
    bool any = tune->blkio_weight != 0;

    for (guint i = 0; i < tune->blkio_devices->len; i++) {
        const MvDomainBlkioDevice *dev = g_ptr_array_index(tune->blkio_devices, i);

        if (dev->weight || dev->read_iops || dev->write_iops || dev->read_bytes || dev->write_bytes)
            any = true;
    }
    if (!any)
        return;

    mv_xml_buf_start(buf, "blkiotune");
    if (tune->blkio_weight)
        number_element(buf, "weight", "%u", tune->blkio_weight);
    for (guint i = 0; i < tune->blkio_devices->len; i++) {
        const MvDomainBlkioDevice *dev = g_ptr_array_index(tune->blkio_devices, i);

        if (!dev->weight && !dev->read_iops && !dev->write_iops && !dev->read_bytes &&
            !dev->write_bytes)
            continue;
        mv_xml_buf_start(buf, "device");
        mv_xml_buf_text_element(buf, "path", dev->path);
        if (dev->weight)
            number_element(buf, "weight", "%u", dev->weight);
        if (dev->read_iops)
            number_element(buf, "read_iops_sec", "%u", dev->read_iops);
        if (dev->write_iops)
            number_element(buf, "write_iops_sec", "%u", dev->write_iops);
        if (dev->read_bytes)
            number_element(buf, "read_bytes_sec", "%llu", dev->read_bytes);
        if (dev->write_bytes)
            number_element(buf, "write_bytes_sec", "%llu", dev->write_bytes);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

static void
pin_format(MvXmlBuf *buf, const char *name, const char *id_attr, unsigned int id,
           const MvBitmap *cpuset)
{
    g_autofree char *text = mv_bitmap_format(cpuset);

    mv_xml_buf_start(buf, name);
    if (id_attr)
        mv_xml_buf_attr_uint(buf, id_attr, id);
    mv_xml_buf_attr(buf, "cpuset", text);
    mv_xml_buf_end(buf);
}

static void
sched_format(MvXmlBuf *buf, const char *name, const char *id_attr, unsigned int id,
             const MvDomainSched *sched)
{
    if (sched->policy == MV_DOMAIN_SCHED_NONE)
        return;
    mv_xml_buf_start(buf, name);
    if (id_attr)
        mv_xml_buf_attr_uint(buf, id_attr, id);
    mv_xml_buf_attr(buf, "scheduler", mv_domain_sched_policy_to_string(sched->policy));
    if (sched->policy == MV_DOMAIN_SCHED_FIFO || sched->policy == MV_DOMAIN_SCHED_RR)
        mv_xml_buf_attr_printf(buf, "priority", "%d", sched->priority);
    mv_xml_buf_end(buf);
}

static const MvDomainThreadTune *
iothread_tune_find(const MvDomainTune *tune, unsigned int id)
{
    for (guint i = 0; i < tune->iothread_tune->len; i++) {
        const MvDomainThreadTune *t = g_ptr_array_index(tune->iothread_tune, i);

        if (t->id == id)
            return t;
    }
    return NULL;
}

static bool
cputune_is_empty(const MvDomainTune *tune)
{
    if (tune->shares_specified || tune->period || tune->quota || tune->global_period ||
        tune->global_quota || tune->emulator_period || tune->emulator_quota ||
        tune->iothread_period || tune->iothread_quota || tune->has_emulatorsched ||
        has_pins(tune) || tune->resctrls->len > 0)
        return false;
    for (guint i = 0; i < tune->vcpu_tune->len; i++) {
        if (g_array_index(tune->vcpu_tune, MvDomainThreadTune, i).sched.policy)
            return false;
    }
    for (guint i = 0; i < tune->iothread_tune->len; i++) {
        const MvDomainThreadTune *t = g_ptr_array_index(tune->iothread_tune, i);

        if (t->sched.policy)
            return false;
    }
    return true;
}

void
mv_domain_cputune_format(MvXmlBuf *buf, const MvDomainTune *tune, const MvDomainVcpus *vcpus,
                         unsigned int flags)
{
    if (cputune_is_empty(tune))
        return;

    mv_xml_buf_start(buf, "cputune");
    if (tune->shares_specified)
        number_element(buf, "shares", "%llu", tune->shares);
    if (tune->period)
        number_element(buf, "period", "%llu", tune->period);
    if (tune->quota)
        number_element(buf, "quota", "%lld", tune->quota);
    if (tune->global_period)
        number_element(buf, "global_period", "%llu", tune->global_period);
    if (tune->global_quota)
        number_element(buf, "global_quota", "%lld", tune->global_quota);
    if (tune->emulator_period)
        number_element(buf, "emulator_period", "%llu", tune->emulator_period);
    if (tune->emulator_quota)
        number_element(buf, "emulator_quota", "%lld", tune->emulator_quota);
    if (tune->iothread_period)
        number_element(buf, "iothread_period", "%llu", tune->iothread_period);
    if (tune->iothread_quota)
        number_element(buf, "iothread_quota", "%lld", tune->iothread_quota);

    for (guint i = 0; i < tune->vcpu_tune->len; i++) {
        const MvDomainThreadTune *t = &g_array_index(tune->vcpu_tune, MvDomainThreadTune, i);

        if (t->cpuset)
            pin_format(buf, "vcpupin", "vcpu", i, t->cpuset);
    }
    if (tune->emulatorpin)
        pin_format(buf, "emulatorpin", NULL, 0, tune->emulatorpin);
    /* I/O thread entries follow the order of <iothreadids>. */
    for (guint i = 0; i < vcpus->iothreads->len; i++) {
        const MvDomainIothread *thread = g_ptr_array_index(vcpus->iothreads, i);
        const MvDomainThreadTune *t = iothread_tune_find(tune, thread->id);

        if (t && t->cpuset)
            pin_format(buf, "iothreadpin", "iothread", thread->id, t->cpuset);
    }
    if (tune->has_emulatorsched)
        sched_format(buf, "emulatorsched", NULL, 0, &tune->emulatorsched);
    for (guint i = 0; i < tune->vcpu_tune->len; i++)
        sched_format(buf, "vcpusched", "vcpus", i,
                     &g_array_index(tune->vcpu_tune, MvDomainThreadTune, i).sched);
    for (guint i = 0; i < vcpus->iothreads->len; i++) {
        const MvDomainIothread *thread = g_ptr_array_index(vcpus->iothreads, i);
        const MvDomainThreadTune *t = iothread_tune_find(tune, thread->id);

        if (t)
            sched_format(buf, "iothreadsched", "iothreads", thread->id, &t->sched);
    }
    mv_domain_resctrl_format(buf, tune->resctrls, flags);
    mv_xml_buf_end(buf);
}

void
mv_domain_numatune_format(MvXmlBuf *buf, const MvDomainTune *tune)
{
    bool memnodes = false;

    for (guint i = 0; i < tune->memnodes->len; i++) {
        if (g_array_index(tune->memnodes, MvDomainMemnode, i).nodeset)
            memnodes = true;
    }
    if (!memnodes && !tune->numatune_specified)
        return;

    mv_xml_buf_start(buf, "numatune");
    if (tune->numatune_specified) {
        mv_xml_buf_start(buf, "memory");
        mv_xml_buf_attr(buf, "mode", mv_domain_numatune_mode_to_string(tune->numatune_mode));
        if (tune->numatune_placement == MV_DOMAIN_NUMATUNE_PLACEMENT_STATIC) {
            g_autofree char *nodeset = mv_bitmap_format(tune->numatune_nodeset);

            mv_xml_buf_attr(buf, "nodeset", nodeset);
        } else if (tune->numatune_placement) {
            mv_xml_buf_attr(buf, "placement",
                            mv_domain_numatune_placement_to_string(tune->numatune_placement));
        }
        mv_xml_buf_end(buf);
    }
    for (guint i = 0; i < tune->memnodes->len; i++) {
        const MvDomainMemnode *mem = &g_array_index(tune->memnodes, MvDomainMemnode, i);
        g_autofree char *nodeset = NULL;

        if (!mem->nodeset)
            continue;
        nodeset = mv_bitmap_format(mem->nodeset);
        mv_xml_buf_start(buf, "memnode");
        mv_xml_buf_attr_uint(buf, "cellid", i);
        mv_xml_buf_attr(buf, "mode", mv_domain_numatune_mode_to_string(mem->mode));
        mv_xml_buf_attr(buf, "nodeset", nodeset);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}
