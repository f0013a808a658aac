/* Domain XML (<domain>): the definition, its identity and lifecycle elements, and the order of the whole document. */
#define MV_LOG_MODULE "conf.domain"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain.h"

#include <string.h>

#include "domain_clock.h"
#include "domain_cpu.h"
#include "domain_devices.h"
#include "domain_features.h"
#include "domain_hostdev.h"
#include "domain_memdev.h"
#include "domain_memory.h"
#include "domain_os.h"
#include "domain_qemu_ns.h"
#include "domain_resource.h"
#include "domain_seclabel.h"
#include "domain_sysinfo.h"
#include "domain_tune.h"
#include "domain_vcpu.h"
#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_domain_virt_type, MV_DOMAIN_VIRT_LAST,
             "none", "qemu", "kqemu", "kvm", "xen", "lxc", "uml", "openvz", "test",
             "vmware", "hyperv", "vbox", "phyp", "parallels", "bhyve", "vz", "hvf")
MV_ENUM_IMPL(mv_domain_lifecycle_action, MV_DOMAIN_LIFECYCLE_LAST,
             "destroy", "restart", "rename-restart", "preserve",
             "coredump-destroy", "coredump-restart")
MV_ENUM_IMPL(mv_domain_lock_failure_action, MV_DOMAIN_LOCK_FAILURE_LAST,
             "default", "poweroff", "restart", "pause", "ignore")

MvDomainDef *
mv_domain_def_new(void)
{
    MvDomainDef *def = g_new0(MvDomainDef, 1);

    def->id = -1;
    def->on_poweroff = MV_DOMAIN_LIFECYCLE_DESTROY;
    def->on_reboot = MV_DOMAIN_LIFECYCLE_RESTART;
    def->on_crash = MV_DOMAIN_LIFECYCLE_DESTROY;
    def->disks = g_ptr_array_new();
    def->controllers = g_ptr_array_new();
    def->leases = g_ptr_array_new();
    def->filesystems = g_ptr_array_new();
    def->nets = g_ptr_array_new();
    def->smartcards = g_ptr_array_new();
    def->serials = g_ptr_array_new();
    def->parallels = g_ptr_array_new();
    def->consoles = g_ptr_array_new();
    def->channels = g_ptr_array_new();
    def->inputs = g_ptr_array_new();
    def->tpms = g_ptr_array_new();
    def->graphics = g_ptr_array_new();
    def->sounds = g_ptr_array_new();
    def->audios = g_ptr_array_new();
    def->videos = g_ptr_array_new();
    def->hostdevs = g_ptr_array_new();
    def->redirdevs = g_ptr_array_new();
    def->hubs = g_ptr_array_new();
    def->rngs = g_ptr_array_new();
    def->panics = g_ptr_array_new();
    def->shmems = g_ptr_array_new();
    def->memories = g_ptr_array_new();
    def->seclabels = g_ptr_array_new();
    def->sysinfos = g_ptr_array_new_with_free_func((GDestroyNotify) mv_domain_sysinfo_free);
    return def;
}

void
mv_domain_def_free(MvDomainDef *def)
{
    if (!def)
        return;

    GPtrArray **arrays[] = {
        &def->disks, &def->controllers, &def->leases, &def->filesystems, &def->nets,
        &def->smartcards, &def->serials, &def->parallels, &def->consoles, &def->channels,
        &def->inputs, &def->tpms, &def->graphics, &def->sounds, &def->audios, &def->videos,
        &def->hostdevs, &def->redirdevs, &def->hubs, &def->rngs, &def->panics,
        &def->shmems, &def->memories,
    };
    mv_domain_devices_clear(def);
    for (size_t i = 0; i < G_N_ELEMENTS(arrays); i++)
        g_clear_pointer(arrays[i], g_ptr_array_unref);
    g_free(def->name);
    g_free(def->title);
    g_free(def->description);
    if (def->metadata)
        xmlFreeDoc(def->metadata);
    mv_domain_memory_free(def->memory);
    mv_domain_vcpus_free(def->vcpus);
    mv_domain_tune_free(def->tune);
    mv_domain_resource_free(def->resource);
    g_ptr_array_unref(def->sysinfos);
    mv_domain_os_free(def->os);
    mv_domain_features_free(def->features);
    mv_domain_cpu_free(def->cpu);
    mv_domain_clock_free(def->clock);
    g_free(def->emulator);
    g_ptr_array_set_free_func(def->seclabels, (GDestroyNotify) mv_domain_seclabel_free);
    g_ptr_array_unref(def->seclabels);
    g_free(def->keywrap);
    mv_domain_launch_security_free(def->launch_security);
    mv_domain_qemu_ns_free(def->qemu_ns);
    g_free(def);
}

/* Parsing ------------------------------------------------------------- */

/* *ret_uuid_generated: no <uuid> was given (a <sysinfo> system uuid may
 * then stand for it). */
static int
ids_parse(MvDomainDef *def, const xmlNode *root, unsigned int flags, bool *ret_uuid_generated)
{
    g_autofree char *uuid = NULL;
    xmlNode *genid;

    if (!(flags & MV_DOMAIN_XML_INACTIVE)) {
        g_autofree char *id = mv_xml_prop(root, "id");

        if (id) {
            char *end = NULL;
            long long v = g_ascii_strtoll(id, &end, 10);

            if (!*id || *end || v < 0 || v > G_MAXINT) {
                mv_report_error(VIR_ERR_XML_ERROR,
                                "Invalid value for attribute 'id' in element 'domain': '%s'. Expected non-negative integer value",
                                id);
                return -1;
            }
            def->id = (int) v;
        }
    }

    if (!(def->name = mv_xml_child_text(root, "name"))) {
        mv_report_error(VIR_ERR_NO_NAME, "%s", "");
        return -1;
    }

    if (!(uuid = mv_xml_child_text(root, "uuid"))) {
        mv_uuid_generate(def->uuid);
        *ret_uuid_generated = true;
    } else if (mv_uuid_parse(uuid, def->uuid) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "malformed uuid element");
        return -1;
    }

    if ((genid = mv_xml_child(root, "genid"))) {
        g_autofree char *text = mv_xml_child_text(root, "genid");

        if (mv_xml_next(genid)) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "element 'genid' can only appear once");
            return -1;
        }
        def->has_genid = true;
        if (!text)
            mv_uuid_generate(def->genid);
        else if (mv_uuid_parse(text, def->genid) < 0) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "malformed genid element");
            return -1;
        }
    }
    return 0;
}

static int
virt_type_parse(MvDomainDef *def, const xmlNode *root)
{
    g_autofree char *type = mv_xml_prop(root, "type");
    int v;

    if (!type || !*type) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "missing domain type attribute");
        return -1;
    }
    if ((v = mv_domain_virt_type_from_string(type)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "invalid domain type %s", type);
        return -1;
    }
    def->virt_type = v;
    return 0;
}

static int
action_parse(const xmlNode *root, const char *name, int (*from_string)(const char *str),
             int *ret_value)
{
    g_autofree char *text = mv_xml_child_text(root, name);
    int v;

    if (!text)
        return 0;
    if ((v = from_string(text)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown %s action: %s", name, text);
        return -1;
    }
    *ret_value = v;
    return 0;
}

static int
lifecycle_parse(MvDomainDef *def, const xmlNode *root)
{
    int on_reboot = def->on_reboot;
    int on_poweroff = def->on_poweroff;
    int on_crash = def->on_crash;
    int on_lockfailure = def->on_lockfailure;

    if (action_parse(root, "on_reboot", mv_domain_lifecycle_action_from_string, &on_reboot) < 0 ||
        action_parse(root, "on_poweroff", mv_domain_lifecycle_action_from_string,
                     &on_poweroff) < 0 ||
        action_parse(root, "on_crash", mv_domain_lifecycle_action_from_string, &on_crash) < 0 ||
        action_parse(root, "on_lockfailure", mv_domain_lock_failure_action_from_string,
                     &on_lockfailure) < 0)
        return -1;
    def->on_reboot = on_reboot;
    def->on_poweroff = on_poweroff;
    def->on_crash = on_crash;
    def->on_lockfailure = on_lockfailure;
    return 0;
}

static int
def_parse(MvDomainDef *def, const xmlNode *root, unsigned int flags)
{
    MvDomainOsContext os_ctx = { 0 };
    bool uuid_generated = false;
    xmlNode *node;

    if (ids_parse(def, root, flags, &uuid_generated) < 0 || virt_type_parse(def, root) < 0)
        return -1;

    os_ctx.virt_type = def->virt_type;
    os_ctx.domain = root;
    if (!(def->os = mv_domain_os_parse(mv_xml_child(root, "os"), &os_ctx, flags)))
        return -1;

    def->title = mv_xml_child_text(root, "title");
    if (def->title && strchr(def->title, '\n')) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Domain title can't contain newlines");
        return -1;
    }
    def->description = mv_xml_child_text(root, "description");

    /* Read early, as libvirt does, so that errors come in its order. */
    if (mv_domain_seclabels_parse(root, flags, def->seclabels) < 0)
        return -1;

    if (!(def->memory = mv_domain_memory_parse(root, flags)))
        return -1;
    if (!(def->vcpus = mv_domain_vcpus_parse(root, flags)))
        return -1;
    if (!(def->cpu = mv_domain_cpu_parse(mv_xml_child(root, "cpu"), flags)))
        return -1;
    if (mv_domain_cpu_validate(def->cpu, def->vcpus->max) < 0)
        return -1;
    if (!(def->tune = mv_domain_tune_parse(root, def->vcpus,
                                           mv_domain_cpu_numa_cells(def->cpu), flags)))
        return -1;

    if (!(def->resource = mv_domain_resource_parse(root, flags)))
        return -1;
    if (mv_domain_sysinfos_parse(root, def->uuid, uuid_generated, def->sysinfos) < 0)
        return -1;
    if (!(def->features = mv_domain_features_parse(mv_xml_child(root, "features"), flags)))
        return -1;
    if (lifecycle_parse(def, root) < 0)
        return -1;
    if (!(def->clock = mv_domain_clock_parse(mv_xml_child(root, "clock"), flags)))
        return -1;

    def->emulator = NULL;
    for (node = mv_xml_child(root, "devices"); node && !def->emulator; node = mv_xml_next(node))
        def->emulator = mv_xml_child_text(node, "emulator");
    if (mv_domain_devices_parse(def, root, flags) < 0)
        return -1;

    if (mv_domain_keywrap_parse(root, &def->keywrap) < 0)
        return -1;
    if (mv_domain_launch_security_parse(root, &def->launch_security) < 0)
        return -1;
    if ((node = mv_xml_child(root, "metadata")) && !(def->metadata = mv_xml_subtree_copy(node)))
        return -1;
    if (mv_domain_qemu_ns_parse(root, &def->qemu_ns) < 0)
        return -1;

    return 0;
}

/* The memory the <memory> devices bring (KiB), counted in the total. */
static unsigned long long
memory_devices_total(const MvDomainDef *def)
{
    unsigned long long total = 0;

    for (guint i = 0; i < def->memories->len; i++) {
        const MvDomainMemoryDevice *mem = g_ptr_array_index(def->memories, i);

        total += mem->size;
    }
    return total;
}

/* libvirt's post-parse steps that belong to the domain as a whole. */
static int
def_post_parse(MvDomainDef *def)
{
    size_t n_device_boot = 0;

    if (mv_domain_vcpus_post_parse(def->vcpus) < 0)
        return -1;
    if (mv_domain_memory_post_parse(def->memory, mv_domain_cpu_numa_memory_kib(def->cpu),
                                    memory_devices_total(def)) < 0)
        return -1;
    if (def->os->type == MV_DOMAIN_OS_HVM && mv_domain_devices_boot_orders(def, &n_device_boot) < 0)
        return -1;
    if (mv_domain_os_post_parse(def->os, n_device_boot) < 0)
        return -1;
    if (strchr(def->name, '/')) {
        mv_report_error(VIR_ERR_XML_ERROR, "name %s cannot contain '/'", def->name);
        return -1;
    }
    return 0;
}

/* Power-off and reboot cannot dump core: only a crash can. */
static int
lifecycle_validate(const MvDomainDef *def)
{
    struct { const char *event; MvDomainLifecycleAction action; } events[] = {
        { "poweroff", def->on_poweroff }, { "reboot", def->on_reboot },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(events); i++) {
        if (events[i].action == MV_DOMAIN_LIFECYCLE_COREDUMP_DESTROY ||
            events[i].action == MV_DOMAIN_LIFECYCLE_COREDUMP_RESTART) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Lifecycle event '%s' doesn't support '%s' action",
                            events[i].event, mv_domain_lifecycle_action_to_string(events[i].action));
            return -1;
        }
    }
    return 0;
}

int
mv_domain_def_validate(const MvDomainDef *def)
{
    const char *bad = strpbrk(def->name, "\n");

    if (bad) {
        mv_report_error(VIR_ERR_XML_DETAIL, "invalid char in name: %c", *bad);
        return -1;
    }
    if (lifecycle_validate(def) < 0 ||
        mv_domain_memory_validate(def->memory, def) < 0 ||
        mv_domain_vcpus_validate(def->vcpus) < 0 ||
        mv_domain_tune_validate(def->tune) < 0 ||
        mv_domain_resource_validate(def->resource) < 0 ||
        mv_domain_os_validate(def->os) < 0 ||
        mv_domain_clock_validate(def->clock) < 0)
        return -1;
    if (mv_domain_devices_validate(def) < 0 ||
        mv_domain_hostdevs_validate(def) < 0 ||
        mv_domain_devices_validate_aliases(def) < 0)
        return -1;
    return 0;
}

MvDomainDef *
mv_domain_def_parse_node(const xmlNode *root, unsigned int flags)
{
    g_autoptr(MvDomainDef) def = mv_domain_def_new();

    if (def_parse(def, root, flags) < 0 || def_post_parse(def) < 0 ||
        mv_domain_def_validate(def) < 0)
        return NULL;
    return g_steal_pointer(&def);
}

MvDomainDef *
mv_domain_def_parse_string(const char *xml, unsigned int flags)
{
    g_autoptr(xmlDoc) doc = mv_xml_parse_string(xml, "domain");

    if (!doc)
        return NULL;
    return mv_domain_def_parse_node(xmlDocGetRootElement(doc), flags);
}

/* Formatting ---------------------------------------------------------- */

static void
lifecycle_format(MvXmlBuf *buf, const MvDomainDef *def)
{
    mv_xml_buf_text_element(buf, "on_poweroff", mv_domain_lifecycle_action_to_string(def->on_poweroff));
    mv_xml_buf_text_element(buf, "on_reboot", mv_domain_lifecycle_action_to_string(def->on_reboot));
    mv_xml_buf_text_element(buf, "on_crash", mv_domain_lifecycle_action_to_string(def->on_crash));
    if (def->on_lockfailure != MV_DOMAIN_LOCK_FAILURE_DEFAULT)
        mv_xml_buf_text_element(buf, "on_lockfailure",
                                mv_domain_lock_failure_action_to_string(def->on_lockfailure));
}

char *
mv_domain_def_format(const MvDomainDef *def, unsigned int flags)
{
    g_auto(MvXmlBuf) buf = { 0 };
    char uuid[MV_UUID_STRING_BUFLEN];

    mv_xml_buf_init(&buf);
    if (def->id == -1)
        flags |= MV_DOMAIN_XML_INACTIVE;

    mv_xml_buf_start(&buf, "domain");
    mv_xml_buf_attr(&buf, "type", mv_domain_virt_type_to_string(def->virt_type));
    if (!(flags & MV_DOMAIN_XML_INACTIVE))
        mv_xml_buf_attr_printf(&buf, "id", "%d", def->id);
    if (def->qemu_ns)
        mv_domain_qemu_ns_format_attr(&buf);

    mv_xml_buf_text_element(&buf, "name", def->name);
    mv_xml_buf_text_element(&buf, "uuid", mv_uuid_format(def->uuid, uuid));
    if (def->has_genid)
        mv_xml_buf_text_element(&buf, "genid", mv_uuid_format(def->genid, uuid));
    mv_xml_buf_text_element(&buf, "title", def->title);
    mv_xml_buf_text_element(&buf, "description", def->description);
    if (def->metadata)
        mv_xml_buf_subtree(&buf, def->metadata);

    mv_domain_memory_format_sizes(&buf, def->memory);
    mv_domain_blkiotune_format(&buf, def->tune);
    mv_domain_memory_format_tuning(&buf, def->memory);
    mv_domain_vcpus_format(&buf, def->vcpus);
    mv_domain_iothreads_format(&buf, def->vcpus);
    mv_domain_cputune_format(&buf, def->tune, def->vcpus, flags);
    mv_domain_numatune_format(&buf, def->tune);
    mv_domain_resource_format(&buf, def->resource);
    for (guint i = 0; i < def->sysinfos->len; i++)
        mv_domain_sysinfo_format(&buf, g_ptr_array_index(def->sysinfos, i));
    mv_domain_os_format(&buf, def->os, flags);
    mv_domain_idmap_format(&buf, def->resource);
    mv_domain_features_format(&buf, def->features, flags);
    mv_domain_cpu_format(&buf, def->cpu, flags);
    mv_domain_clock_format(&buf, def->clock, flags);
    lifecycle_format(&buf, def);
    mv_domain_pm_perf_format(&buf, def->resource);

    mv_xml_buf_start(&buf, "devices");
    mv_xml_buf_open_children(&buf);
    mv_xml_buf_text_element(&buf, "emulator", def->emulator);
    mv_domain_devices_format(&buf, def, flags);
    mv_xml_buf_end(&buf);

    for (guint i = 0; i < def->seclabels->len; i++)
        mv_domain_seclabel_format(&buf, g_ptr_array_index(def->seclabels, i));
    if (def->keywrap)
        mv_domain_keywrap_format(&buf, def->keywrap);
    if (def->launch_security)
        mv_domain_launch_security_format(&buf, def->launch_security);
    if (def->qemu_ns)
        mv_domain_qemu_ns_format(&buf, def->qemu_ns);

    mv_xml_buf_end(&buf);
    return mv_xml_buf_steal(&buf);
}
