/* Domain <features>: hypervisor features (acpi, apic, hyperv, kvm, xen, smm, gic, ...); parse / format. */
#define MV_LOG_MODULE "conf.domain_features"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_features.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/units.h"

MV_ENUM_IMPL(mv_domain_feature, MV_DOMAIN_FEATURE_LAST,
             "acpi", "apic", "pae", "hap", "viridian", "privnet", "hyperv", "kvm",
             "pvspinlock", "capabilities", "pmu", "vmport", "gic", "smm", "ioapic", "hpt",
             "vmcoreinfo", "htm", "nested-hv", "msrs", "ccf-assist", "xen", "cfpc", "sbbc",
             "ibs", "tcg")
MV_ENUM_IMPL(mv_domain_hyperv_mode, MV_DOMAIN_HYPERV_MODE_LAST, "none", "custom", "passthrough")
MV_ENUM_IMPL(mv_domain_hyperv, MV_DOMAIN_HYPERV_LAST,
             "relaxed", "vapic", "spinlocks", "vpindex", "runtime", "synic", "stimer",
             "reset", "vendor_id", "frequencies", "reenlightenment", "tlbflush", "ipi",
             "evmcs", "avic")
MV_ENUM_IMPL(mv_domain_kvm, MV_DOMAIN_KVM_LAST,
             "hidden", "hint-dedicated", "poll-control", "pv-ipi", "dirty-ring")
MV_ENUM_IMPL(mv_domain_xen, MV_DOMAIN_XEN_LAST, "e820_host", "passthrough")
MV_ENUM_IMPL(mv_domain_xen_passthrough_mode, MV_DOMAIN_XEN_PASSTHROUGH_LAST,
             "default", "sync_pt", "share_pt")
MV_ENUM_IMPL(mv_domain_caps_policy, MV_DOMAIN_CAPS_POLICY_LAST, "default", "allow", "deny")
MV_ENUM_IMPL(mv_domain_caps_feature, MV_DOMAIN_CAPS_LAST,
             "audit_control", "audit_write", "block_suspend", "chown", "dac_override",
             "dac_read_search", "fowner", "fsetid", "ipc_lock", "ipc_owner", "kill",
             "lease", "linux_immutable", "mac_admin", "mac_override", "mknod", "net_admin",
             "net_bind_service", "net_broadcast", "net_raw", "setgid", "setfcap", "setpcap",
             "setuid", "sys_admin", "sys_boot", "sys_chroot", "sys_module", "sys_nice",
             "sys_pacct", "sys_ptrace", "sys_rawio", "sys_resource", "sys_time",
             "sys_tty_config", "syslog", "wake_alarm")
MV_ENUM_IMPL(mv_domain_gic_version, MV_DOMAIN_GIC_LAST, "none", "host", "2", "3")
MV_ENUM_IMPL(mv_domain_ioapic, MV_DOMAIN_IOAPIC_LAST, "none", "qemu", "kvm")
MV_ENUM_IMPL(mv_domain_hpt_resizing, MV_DOMAIN_HPT_RESIZING_LAST,
             "none", "enabled", "disabled", "required")
MV_ENUM_IMPL(mv_domain_msrs_unknown, MV_DOMAIN_MSRS_LAST, "ignore", "fault")
MV_ENUM_IMPL(mv_domain_spectre_fix, MV_DOMAIN_SPECTRE_LAST, "none", "broken", "workaround", "fixed")
MV_ENUM_IMPL(mv_domain_ibs, MV_DOMAIN_IBS_LAST,
             "none", "broken", "workaround", "fixed-ibs", "fixed-ccd", "fixed-na")

#define HYPERV_VENDOR_ID_MAX 12

void
mv_domain_features_free(MvDomainFeatures *features)
{
    if (!features)
        return;
    g_free(features->hyperv_vendor_id);
    g_free(features);
}

/* Element children of any name, in document order. */
static xmlNode *
first_element(const xmlNode *node)
{
    return mv_xml_child(node, NULL);
}

static xmlNode *
next_element(const xmlNode *node)
{
    for (xmlNode *cur = node->next; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE)
            return cur;
    }
    return NULL;
}

/* A number with a unit, as libvirt reads sizes inside <features>; what is
 * the path libvirt names in its message. */
static int
scaled_value(const xmlNode *node, const char *unit_attr, const char *what,
             uint64_t scale, uint64_t limit, uint64_t *ret_bytes)
{
    g_autofree char *text = mv_xml_content(node);
    g_autofree char *unit = NULL;
    const char *p = text;
    char *end = NULL;
    uint64_t value;

    while (p && g_ascii_isspace(*p))
        p++;
    errno = 0;
    if (!p || !*p || *p == '-' || (value = strtoull(p, &end, 10), errno != 0) || *end != '\0') {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid value '%s' for element or attribute '%s'",
                        text ? text : "", what);
        return -1;
    }
    unit = mv_xml_prop(node, unit_attr);
    if (mv_scale_integer(&value, unit, scale, limit) < 0)
        return -1;
    *ret_bytes = value;
    return 0;
}

/* <relaxed state='on'/>, ... under <hyperv>. */
static int
hyperv_parse(MvDomainFeatures *def, const xmlNode *node)
{
    int mode = MV_DOMAIN_HYPERV_MODE_CUSTOM;

    if (mv_xml_prop_enum(node, "mode", mv_domain_hyperv_mode_from_string,
                         MV_XML_PROP_NONZERO, &mode) < 0)
        return -1;
    def->state[MV_DOMAIN_FEATURE_HYPERV] = mode;

    for (xmlNode *n = first_element(node); n; n = next_element(n)) {
        int feature = mv_domain_hyperv_from_string((const char *) n->name);
        MvTristate value = MV_TRISTATE_ABSENT;

        if (feature < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "unsupported HyperV Enlightenment feature: %s", (const char *) n->name);
            return -1;
        }
        if (mv_xml_prop_tristate_switch(n, "state", MV_XML_PROP_REQUIRED, &value) < 0)
            return -1;
        def->hyperv[feature] = value;
        if (value != MV_TRISTATE_YES)
            continue;

        switch ((MvDomainHyperv) feature) {
        case MV_DOMAIN_HYPERV_STIMER:
            for (xmlNode *c = first_element(n); c; c = next_element(c)) {
                if (!mv_xml_name_is(c, "direct")) {
                    mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                                    "unsupported Hyper-V stimer feature: %s", (const char *) c->name);
                    return -1;
                }
                if (mv_xml_prop_tristate_switch(c, "state", MV_XML_PROP_REQUIRED,
                                                &def->hyperv_stimer_direct) < 0)
                    return -1;
            }
            break;
        case MV_DOMAIN_HYPERV_SPINLOCKS:
            if (mv_xml_prop_uint(n, "retries", 0, MV_XML_PROP_REQUIRED, &def->hyperv_spinlocks) < 0)
                return -1;
            if (def->hyperv_spinlocks < 0xFFF) {
                mv_report_error(VIR_ERR_XML_ERROR, "%s",
                                "HyperV spinlock retry count must be at least 4095");
                return -1;
            }
            break;
        case MV_DOMAIN_HYPERV_VENDOR_ID:
            g_clear_pointer(&def->hyperv_vendor_id, g_free);
            if (!(def->hyperv_vendor_id = mv_xml_prop(n, "value"))) {
                mv_report_error(VIR_ERR_XML_ERROR, "%s",
                                "missing 'value' attribute for HyperV feature 'vendor_id'");
                return -1;
            }
            if (strlen(def->hyperv_vendor_id) > HYPERV_VENDOR_ID_MAX) {
                mv_report_error(VIR_ERR_XML_ERROR,
                                "HyperV vendor_id value must not be more than %d characters.",
                                HYPERV_VENDOR_ID_MAX);
                return -1;
            }
            if (strchr(def->hyperv_vendor_id, ',')) {
                mv_report_error(VIR_ERR_XML_ERROR, "%s", "HyperV vendor_id value is invalid");
                return -1;
            }
            break;
        default:
            break;
        }
    }
    return 0;
}

static int
kvm_parse(MvDomainFeatures *def, const xmlNode *node)
{
    /* A later <kvm> replaces an earlier one, as in libvirt. */
    memset(def->kvm, 0, sizeof(def->kvm));
    def->kvm_dirty_ring_size = 0;

    for (xmlNode *n = first_element(node); n; n = next_element(n)) {
        int feature = mv_domain_kvm_from_string((const char *) n->name);
        MvTristate value = MV_TRISTATE_ABSENT;
        unsigned int size = 0;

        if (feature < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unsupported KVM feature: %s",
                            (const char *) n->name);
            return -1;
        }
        if (mv_xml_prop_tristate_switch(n, "state", MV_XML_PROP_REQUIRED, &value) < 0)
            return -1;
        def->kvm[feature] = value;

        if (feature != MV_DOMAIN_KVM_DIRTY_RING || value != MV_TRISTATE_YES)
            continue;
        if (mv_xml_prop_uint(n, "size", 0, MV_XML_PROP_REQUIRED, &size) < 0)
            return -1;
        if ((size & (size - 1)) != 0 || size < 1024 || size > 65536) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "dirty ring must be power of 2 and ranges [1024, 65536]");
            return -1;
        }
        def->kvm_dirty_ring_size = size;
    }
    def->state[MV_DOMAIN_FEATURE_KVM] = MV_TRISTATE_YES;
    return 0;
}

static int
xen_parse(MvDomainFeatures *def, const xmlNode *node)
{
    def->state[MV_DOMAIN_FEATURE_XEN] = MV_TRISTATE_YES;

    for (xmlNode *n = first_element(node); n; n = next_element(n)) {
        int feature = mv_domain_xen_from_string((const char *) n->name);
        MvTristate value = MV_TRISTATE_ABSENT;
        int mode = 0;

        if (feature < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unsupported Xen feature: %s",
                            (const char *) n->name);
            return -1;
        }
        if (mv_xml_prop_tristate_switch(n, "state", MV_XML_PROP_REQUIRED, &value) < 0)
            return -1;
        def->xen[feature] = value;

        if (feature != MV_DOMAIN_XEN_PASSTHROUGH || value != MV_TRISTATE_YES)
            continue;
        if (mv_xml_prop_enum(n, "mode", mv_domain_xen_passthrough_mode_from_string,
                             MV_XML_PROP_NONZERO, &mode) < 0)
            return -1;
        def->xen_passthrough_mode = mode;
    }
    return 0;
}

static int
caps_parse(MvDomainFeatures *def, const xmlNode *node)
{
    int policy = MV_DOMAIN_CAPS_POLICY_DEFAULT;

    if (mv_xml_prop_enum(node, "policy", mv_domain_caps_policy_from_string,
                         MV_XML_PROP_NONE, &policy) < 0)
        return -1;
    def->state[MV_DOMAIN_FEATURE_CAPABILITIES] = policy;

    for (xmlNode *n = first_element(node); n; n = next_element(n)) {
        int cap = mv_domain_caps_feature_from_string((const char *) n->name);
        MvTristate state = MV_TRISTATE_ABSENT;

        if (cap < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unexpected capability feature '%s'",
                            (const char *) n->name);
            return -1;
        }
        if (mv_xml_prop_tristate_switch(n, "state", MV_XML_PROP_NONE, &state) < 0)
            return -1;
        def->caps[cap] = state ? state : MV_TRISTATE_YES;
    }
    return 0;
}

/* state='on|off' defaulting to on (required makes absent an error). */
static int
switch_parse(MvDomainFeatures *def, const xmlNode *node, MvDomainFeature feature, bool required)
{
    MvTristate state = MV_TRISTATE_ABSENT;

    if (mv_xml_prop_tristate_switch(node, "state", required ? MV_XML_PROP_REQUIRED : MV_XML_PROP_NONE,
                                    &state) < 0)
        return -1;
    def->state[feature] = state ? state : MV_TRISTATE_YES;
    return 0;
}

static int
smm_parse(MvDomainFeatures *def, const xmlNode *node)
{
    xmlNode *tseg;

    if (switch_parse(def, node, MV_DOMAIN_FEATURE_SMM, false) < 0)
        return -1;
    def->tseg_specified = false;
    if (def->state[MV_DOMAIN_FEATURE_SMM] != MV_TRISTATE_YES || !(tseg = mv_xml_child(node, "tseg")))
        return 0;
    if (scaled_value(tseg, "unit", "string(./features/smm/tseg)", 1024 * 1024, G_MAXUINT64,
                     &def->tseg_bytes) < 0)
        return -1;
    def->tseg_specified = true;
    return 0;
}

static int
hpt_parse(MvDomainFeatures *def, const xmlNode *node)
{
    xmlNode *page = mv_xml_child(node, "maxpagesize");
    int resizing = 0;
    uint64_t bytes = 0;

    if (mv_xml_prop_enum(node, "resizing", mv_domain_hpt_resizing_from_string,
                         MV_XML_PROP_NONZERO, &resizing) < 0)
        return -1;
    def->hpt_resizing = resizing;

    if (page && scaled_value(page, "unit", "./features/hpt/maxpagesize", 1024, G_MAXUINT64, &bytes) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "Unable to parse HPT maxpagesize setting");
        return -1;
    }
    def->hpt_maxpagesize_kib = (bytes + 1023) / 1024;
    if (def->hpt_resizing || def->hpt_maxpagesize_kib)
        def->state[MV_DOMAIN_FEATURE_HPT] = MV_TRISTATE_YES;
    return 0;
}

static int
tcg_parse(MvDomainFeatures *def, const xmlNode *node)
{
    xmlNode *cache = mv_xml_child(node, "tb-cache");
    uint64_t bytes = 0;

    if (!cache)
        return 0;
    if (scaled_value(cache, "unit", "./tb-cache", 1024, G_MAXINT64, &bytes) < 0)
        return -1;
    def->tcg_tb_cache_kib = (bytes + 1023) / 1024;
    if (def->tcg_tb_cache_kib >= (G_MAXINT64 / 1024) + 1) {
        mv_report_error(VIR_ERR_OVERFLOW, "%s", "size value too large");
        return -1;
    }
    if (def->tcg_tb_cache_kib)
        def->state[MV_DOMAIN_FEATURE_TCG] = MV_TRISTATE_YES;
    return 0;
}

/* An attribute naming an enum value whose index 0 ("none") is refused,
 * stored as the feature's state (0 when absent). */
static int
enum_state_parse(MvDomainFeatures *def, const xmlNode *node, MvDomainFeature feature,
                 const char *attr, int (*from_string)(const char *str))
{
    int value = 0;

    if (mv_xml_prop_enum(node, attr, from_string, MV_XML_PROP_NONZERO, &value) < 0)
        return -1;
    def->state[feature] = value;
    return 0;
}

static int
feature_parse(MvDomainFeatures *def, const xmlNode *node, MvDomainFeature feature)
{
    int value = 0;

    switch (feature) {
    case MV_DOMAIN_FEATURE_ACPI:
    case MV_DOMAIN_FEATURE_PAE:
    case MV_DOMAIN_FEATURE_VIRIDIAN:
    case MV_DOMAIN_FEATURE_PRIVNET:
        def->state[feature] = MV_TRISTATE_YES;
        return 0;
    case MV_DOMAIN_FEATURE_APIC:
        if (mv_xml_prop_tristate_switch(node, "eoi", MV_XML_PROP_NONE, &def->apic_eoi) < 0)
            return -1;
        def->state[feature] = MV_TRISTATE_YES;
        return 0;
    case MV_DOMAIN_FEATURE_MSRS:
        if (mv_xml_prop_enum(node, "unknown", mv_domain_msrs_unknown_from_string,
                             MV_XML_PROP_REQUIRED, &value) < 0)
            return -1;
        def->msrs_unknown = value;
        def->state[feature] = MV_TRISTATE_YES;
        return 0;
    case MV_DOMAIN_FEATURE_HYPERV:
        return hyperv_parse(def, node);
    case MV_DOMAIN_FEATURE_KVM:
        return kvm_parse(def, node);
    case MV_DOMAIN_FEATURE_XEN:
        return xen_parse(def, node);
    case MV_DOMAIN_FEATURE_CAPABILITIES:
        return caps_parse(def, node);
    case MV_DOMAIN_FEATURE_VMCOREINFO:
    case MV_DOMAIN_FEATURE_HAP:
    case MV_DOMAIN_FEATURE_PMU:
    case MV_DOMAIN_FEATURE_PVSPINLOCK:
    case MV_DOMAIN_FEATURE_VMPORT:
        return switch_parse(def, node, feature, false);
    case MV_DOMAIN_FEATURE_HTM:
    case MV_DOMAIN_FEATURE_NESTED_HV:
    case MV_DOMAIN_FEATURE_CCF_ASSIST:
        return switch_parse(def, node, feature, true);
    case MV_DOMAIN_FEATURE_SMM:
        return smm_parse(def, node);
    case MV_DOMAIN_FEATURE_GIC:
        if (mv_xml_prop_enum(node, "version", mv_domain_gic_version_from_string,
                             MV_XML_PROP_NONZERO, &value) < 0)
            return -1;
        def->gic_version = value;
        def->state[feature] = MV_TRISTATE_YES;
        return 0;
    case MV_DOMAIN_FEATURE_IOAPIC:
        return enum_state_parse(def, node, feature, "driver", mv_domain_ioapic_from_string);
    case MV_DOMAIN_FEATURE_HPT:
        return hpt_parse(def, node);
    case MV_DOMAIN_FEATURE_CFPC:
    case MV_DOMAIN_FEATURE_SBBC:
        return enum_state_parse(def, node, feature, "value", mv_domain_spectre_fix_from_string);
    case MV_DOMAIN_FEATURE_IBS:
        return enum_state_parse(def, node, feature, "value", mv_domain_ibs_from_string);
    case MV_DOMAIN_FEATURE_TCG:
        return tcg_parse(def, node);
    case MV_DOMAIN_FEATURE_LAST:
        break;
    }
    return 0;
}

MvDomainFeatures *
mv_domain_features_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainFeatures) def = g_new0(MvDomainFeatures, 1);

    for (xmlNode *n = node ? first_element(node) : NULL; n; n = next_element(n)) {
        int feature = mv_domain_feature_from_string((const char *) n->name);

        if (feature < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unexpected feature '%s'",
                            (const char *) n->name);
            return NULL;
        }
        if (feature_parse(def, n, feature) < 0)
            return NULL;
    }
    return g_steal_pointer(&def);
}

static void
switch_element(MvXmlBuf *buf, const char *name, MvTristate state)
{
    mv_xml_buf_start(buf, name);
    mv_xml_buf_attr_tristate_switch(buf, "state", state);
    mv_xml_buf_end(buf);
}

static void
hyperv_format(MvXmlBuf *buf, const MvDomainFeatures *def)
{
    mv_xml_buf_start(buf, "hyperv");
    mv_xml_buf_attr(buf, "mode", mv_domain_hyperv_mode_to_string(def->state[MV_DOMAIN_FEATURE_HYPERV]));
    mv_xml_buf_open_children(buf);
    for (int i = 0; i < MV_DOMAIN_HYPERV_LAST; i++) {
        MvTristate value = def->hyperv[i];

        if (!value)
            continue;
        mv_xml_buf_start(buf, mv_domain_hyperv_to_string(i));
        mv_xml_buf_attr_tristate_switch(buf, "state", value);
        if (value == MV_TRISTATE_YES && i == MV_DOMAIN_HYPERV_SPINLOCKS)
            mv_xml_buf_attr_printf(buf, "retries", "%d", (int) def->hyperv_spinlocks);
        if (value == MV_TRISTATE_YES && i == MV_DOMAIN_HYPERV_VENDOR_ID)
            mv_xml_buf_attr(buf, "value", def->hyperv_vendor_id);
        if (value == MV_TRISTATE_YES && i == MV_DOMAIN_HYPERV_STIMER &&
            def->hyperv_stimer_direct == MV_TRISTATE_YES)
            switch_element(buf, "direct", MV_TRISTATE_YES);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

static void
kvm_format(MvXmlBuf *buf, const MvDomainFeatures *def)
{
    mv_xml_buf_start(buf, "kvm");
    mv_xml_buf_open_children(buf);
    for (int i = 0; i < MV_DOMAIN_KVM_LAST; i++) {
        if (!def->kvm[i])
            continue;
        mv_xml_buf_start(buf, mv_domain_kvm_to_string(i));
        mv_xml_buf_attr_tristate_switch(buf, "state", def->kvm[i]);
        if (i == MV_DOMAIN_KVM_DIRTY_RING && def->kvm_dirty_ring_size > 0)
            mv_xml_buf_attr_printf(buf, "size", "%d", (int) def->kvm_dirty_ring_size);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

static void
xen_format(MvXmlBuf *buf, const MvDomainFeatures *def)
{
    mv_xml_buf_start(buf, "xen");
    mv_xml_buf_open_children(buf);
    for (int i = 0; i < MV_DOMAIN_XEN_LAST; i++) {
        if (!def->xen[i])
            continue;
        mv_xml_buf_start(buf, mv_domain_xen_to_string(i));
        mv_xml_buf_attr_tristate_switch(buf, "state", def->xen[i]);
        if (i == MV_DOMAIN_XEN_PASSTHROUGH && def->xen[i] == MV_TRISTATE_YES &&
            def->xen_passthrough_mode != MV_DOMAIN_XEN_PASSTHROUGH_DEFAULT)
            mv_xml_buf_attr(buf, "mode", mv_domain_xen_passthrough_mode_to_string(def->xen_passthrough_mode));
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

static void
caps_format(MvXmlBuf *buf, const MvDomainFeatures *def)
{
    int policy = def->state[MV_DOMAIN_FEATURE_CAPABILITIES];
    bool any = false;

    for (int i = 0; i < MV_DOMAIN_CAPS_LAST; i++)
        any |= def->caps[i] != MV_TRISTATE_ABSENT;
    if (!any && policy == MV_DOMAIN_CAPS_POLICY_DEFAULT)
        return;

    mv_xml_buf_start(buf, "capabilities");
    mv_xml_buf_attr(buf, "policy", mv_domain_caps_policy_to_string(policy));
    for (int i = 0; i < MV_DOMAIN_CAPS_LAST; i++) {
        if (def->caps[i])
            switch_element(buf, mv_domain_caps_feature_to_string(i), def->caps[i]);
    }
    mv_xml_buf_end(buf);
}

static void
sized_element(MvXmlBuf *buf, const char *name, const char *unit, uint64_t value)
{
    g_autofree char *text = g_strdup_printf("%" G_GUINT64_FORMAT, value);

    mv_xml_buf_start(buf, name);
    mv_xml_buf_attr(buf, "unit", unit);
    mv_xml_buf_text(buf, text);
    mv_xml_buf_end(buf);
}

/* libvirt writes a size in the largest binary unit that divides it. */
static void
pretty_size_element(MvXmlBuf *buf, const char *name, uint64_t bytes)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
    size_t u = 0;

    while (bytes != 0 && bytes % 1024 == 0 && u < G_N_ELEMENTS(units) - 1) {
        bytes /= 1024;
        u++;
    }
    sized_element(buf, name, units[u], bytes);
}

static void
feature_format(MvXmlBuf *buf, const MvDomainFeatures *def, MvDomainFeature i)
{
    const char *name = mv_domain_feature_to_string(i);
    int state = def->state[i];

    switch (i) {
    case MV_DOMAIN_FEATURE_ACPI:
    case MV_DOMAIN_FEATURE_PAE:
    case MV_DOMAIN_FEATURE_VIRIDIAN:
    case MV_DOMAIN_FEATURE_PRIVNET:
        if (state == MV_TRISTATE_YES) {
            mv_xml_buf_start(buf, name);
            mv_xml_buf_end(buf);
        }
        break;
    case MV_DOMAIN_FEATURE_VMCOREINFO:
    case MV_DOMAIN_FEATURE_HAP:
    case MV_DOMAIN_FEATURE_PMU:
    case MV_DOMAIN_FEATURE_PVSPINLOCK:
    case MV_DOMAIN_FEATURE_VMPORT:
    case MV_DOMAIN_FEATURE_HTM:
    case MV_DOMAIN_FEATURE_NESTED_HV:
    case MV_DOMAIN_FEATURE_CCF_ASSIST:
        if (state)
            switch_element(buf, name, state);
        break;
    case MV_DOMAIN_FEATURE_SMM:
        if (!state)
            break;
        mv_xml_buf_start(buf, name);
        mv_xml_buf_attr_tristate_switch(buf, "state", state);
        if (state == MV_TRISTATE_YES && def->tseg_specified)
            pretty_size_element(buf, "tseg", def->tseg_bytes);
        mv_xml_buf_end(buf);
        break;
    case MV_DOMAIN_FEATURE_APIC:
        if (state != MV_TRISTATE_YES)
            break;
        mv_xml_buf_start(buf, name);
        mv_xml_buf_attr_tristate_switch(buf, "eoi", def->apic_eoi);
        mv_xml_buf_end(buf);
        break;
    case MV_DOMAIN_FEATURE_HYPERV:
        if (state)
            hyperv_format(buf, def);
        break;
    case MV_DOMAIN_FEATURE_KVM:
        if (state == MV_TRISTATE_YES)
            kvm_format(buf, def);
        break;
    case MV_DOMAIN_FEATURE_XEN:
        if (state == MV_TRISTATE_YES)
            xen_format(buf, def);
        break;
    case MV_DOMAIN_FEATURE_CAPABILITIES:
        caps_format(buf, def);
        break;
    case MV_DOMAIN_FEATURE_GIC:
        if (state != MV_TRISTATE_YES)
            break;
        mv_xml_buf_start(buf, name);
        if (def->gic_version)
            mv_xml_buf_attr(buf, "version", mv_domain_gic_version_to_string(def->gic_version));
        mv_xml_buf_end(buf);
        break;
    case MV_DOMAIN_FEATURE_IOAPIC:
        if (!state)
            break;
        mv_xml_buf_start(buf, name);
        mv_xml_buf_attr(buf, "driver", mv_domain_ioapic_to_string(state));
        mv_xml_buf_end(buf);
        break;
    case MV_DOMAIN_FEATURE_HPT:
        if (state != MV_TRISTATE_YES)
            break;
        mv_xml_buf_start(buf, name);
        if (def->hpt_resizing)
            mv_xml_buf_attr(buf, "resizing", mv_domain_hpt_resizing_to_string(def->hpt_resizing));
        if (def->hpt_maxpagesize_kib)
            sized_element(buf, "maxpagesize", "KiB", def->hpt_maxpagesize_kib);
        mv_xml_buf_end(buf);
        break;
    case MV_DOMAIN_FEATURE_MSRS:
        if (state != MV_TRISTATE_YES)
            break;
        mv_xml_buf_start(buf, name);
        mv_xml_buf_attr(buf, "unknown", mv_domain_msrs_unknown_to_string(def->msrs_unknown));
        mv_xml_buf_end(buf);
        break;
    case MV_DOMAIN_FEATURE_CFPC:
    case MV_DOMAIN_FEATURE_SBBC:
    case MV_DOMAIN_FEATURE_IBS:
        if (!state)
            break;
        mv_xml_buf_start(buf, name);
        mv_xml_buf_attr(buf, "value", i == MV_DOMAIN_FEATURE_IBS ? mv_domain_ibs_to_string(state)
                                                              : mv_domain_spectre_fix_to_string(state));
        mv_xml_buf_end(buf);
        break;
    case MV_DOMAIN_FEATURE_TCG:
        if (state != MV_TRISTATE_YES || !def->tcg_tb_cache_kib)
            break;
        mv_xml_buf_start(buf, name);
        sized_element(buf, "tb-cache", "KiB", def->tcg_tb_cache_kib);
        mv_xml_buf_end(buf);
        break;
    case MV_DOMAIN_FEATURE_LAST:
        break;
    }
}

static bool
features_any(const MvDomainFeatures *def)
{
    for (int i = 0; i < MV_DOMAIN_FEATURE_LAST; i++) {
        if (def->state[i])
            return true;
    }
    for (int i = 0; i < MV_DOMAIN_CAPS_LAST; i++) {
        if (def->caps[i])
            return true;
    }
    return false;
}

void
mv_domain_features_format(MvXmlBuf *buf, const MvDomainFeatures *def, unsigned int flags)
{
    if (!def || !features_any(def))
        return;
    mv_xml_buf_start(buf, "features");
    for (int i = 0; i < MV_DOMAIN_FEATURE_LAST; i++)
        feature_format(buf, def, i);
    mv_xml_buf_end(buf);
}
