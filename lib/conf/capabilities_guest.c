/* Guest capabilities (<guest>): OS type, architecture, emulators, machine types, domain types and guest features. */
#define MV_LOG_MODULE "conf.capabilities"
#define MV_FROM_THIS VIR_FROM_CAPABILITIES

#include "capabilities_guest.h"

#include <string.h>

#include "util/error.h"

MV_ENUM_IMPL(mv_caps_os_type, MV_CAPS_OS_LAST, "hvm", "xen", "linux", "exe", "uml", "xenpvh")
MV_ENUM_IMPL(mv_caps_virt_type, MV_CAPS_VIRT_LAST,
             "none", "qemu", "kqemu", "kvm", "xen", "lxc", "uml", "openvz", "test", "vmware",
             "hyperv", "vbox", "phyp", "parallels", "bhyve", "vz", "hvf")
MV_ENUM_IMPL(mv_caps_guest_feature, MV_CAPS_FEATURE_LAST,
             "pae", "nonpae", "ia64_be", "acpi", "apic", "cpuselection", "deviceboot",
             "disksnapshot", "hap")

static void
machine_free(gpointer data)
{
    MvCapsMachine *m = data;

    g_free(m->name);
    g_free(m->canonical);
    g_free(m);
}

static void
info_init(MvCapsGuestInfo *info, const char *emulator, const char *loader)
{
    info->emulator = g_strdup(emulator);
    info->loader = g_strdup(loader);
    info->machines = g_ptr_array_new_with_free_func(machine_free);
}

static void
info_clear(MvCapsGuestInfo *info)
{
    g_free(info->emulator);
    g_free(info->loader);
    g_ptr_array_unref(info->machines);
}

static void
domain_free(gpointer data)
{
    MvCapsGuestDomain *dom = data;

    info_clear(&dom->info);
    g_free(dom);
}

void
mv_caps_guest_free(MvCapsGuest *guest)
{
    if (!guest)
        return;
    info_clear(&guest->info);
    g_ptr_array_unref(guest->domains);
    g_free(guest);
}

MvCapsGuest *
mv_caps_guest_new(MvCapsOsType os_type, MvArch arch, unsigned int wordsize,
                  const char *emulator, const char *loader)
{
    MvCapsGuest *guest = g_new0(MvCapsGuest, 1);

    guest->os_type = os_type;
    guest->arch = arch;
    guest->wordsize = wordsize;
    info_init(&guest->info, emulator, loader);
    guest->domains = g_ptr_array_new_with_free_func(domain_free);
    return guest;
}

MvCapsMachine *
mv_caps_guest_info_add_machine(MvCapsGuestInfo *info, const char *name,
                               const char *canonical, unsigned int max_cpus)
{
    MvCapsMachine *m = g_new0(MvCapsMachine, 1);

    m->name = g_strdup(name);
    m->canonical = g_strdup(canonical);
    m->max_cpus = max_cpus;
    g_ptr_array_add(info->machines, m);
    return m;
}

MvCapsGuestDomain *
mv_caps_guest_add_domain(MvCapsGuest *guest, MvCapsVirtType type,
                         const char *emulator, const char *loader)
{
    MvCapsGuestDomain *dom = g_new0(MvCapsGuestDomain, 1);

    dom->type = type;
    info_init(&dom->info, emulator, loader);
    g_ptr_array_add(guest->domains, dom);
    return dom;
}

static bool
feature_toggles(MvCapsGuestFeatureType feature)
{
    return feature == MV_CAPS_FEATURE_ACPI || feature == MV_CAPS_FEATURE_APIC ||
           feature == MV_CAPS_FEATURE_DISKSNAPSHOT || feature == MV_CAPS_FEATURE_HAP;
}

void
mv_caps_guest_set_feature(MvCapsGuest *guest, MvCapsGuestFeatureType feature,
                          MvTristate default_on, MvTristate toggle)
{
    MvCapsGuestFeature *f = &guest->features[feature];

    f->present = true;
    f->default_on = feature_toggles(feature) ? default_on : MV_TRISTATE_ABSENT;
    f->toggle = feature_toggles(feature) ? toggle : MV_TRISTATE_ABSENT;
}

/* Parsing ----------------------------------------------------------------- */

static int
machines_parse(const xmlNode *parent, bool allow_deprecated, MvCapsGuestInfo *info)
{
    for (xmlNode *cur = mv_xml_child(parent, "machine"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *name = mv_xml_content(cur);
        g_autofree char *canonical = mv_xml_prop(cur, "canonical");
        unsigned int max_cpus = 0;
        MvTristate deprecated = MV_TRISTATE_ABSENT;
        MvCapsMachine *m;

        if (!name || !*g_strstrip(name)) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing machine type name in element 'machine'");
            return -1;
        }
        if (mv_xml_prop_uint(cur, "maxCpus", 10, MV_XML_PROP_NONE, &max_cpus) < 0 ||
            (allow_deprecated &&
             mv_xml_prop_tristate_bool(cur, "deprecated", MV_XML_PROP_NONE, &deprecated) < 0))
            return -1;
        m = mv_caps_guest_info_add_machine(info, name, canonical, max_cpus);
        m->deprecated = deprecated == MV_TRISTATE_YES;
    }
    return 0;
}

static int
info_parse(const xmlNode *parent, bool allow_deprecated, MvCapsGuestInfo *info)
{
    g_autofree char *emulator = mv_xml_child_content(parent, "emulator");
    g_autofree char *loader = mv_xml_child_content(parent, "loader");

    info->emulator = emulator && *emulator ? g_steal_pointer(&emulator) : NULL;
    info->loader = loader && *loader ? g_steal_pointer(&loader) : NULL;
    return machines_parse(parent, allow_deprecated, info);
}

static int
features_parse(const xmlNode *node, MvCapsGuest *guest)
{
    for (xmlNode *cur = node->children; cur; cur = cur->next) {
        MvTristate default_on = MV_TRISTATE_ABSENT;
        MvTristate toggle = MV_TRISTATE_ABSENT;
        int feature;

        if (cur->type != XML_ELEMENT_NODE)
            continue;
        if ((feature = mv_caps_guest_feature_from_string((const char *) cur->name)) < 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "unknown guest feature '%s'", (const char *) cur->name);
            return -1;
        }
        if (mv_xml_prop_tristate_switch(cur, "default", MV_XML_PROP_NONE, &default_on) < 0 ||
            mv_xml_prop_tristate_bool(cur, "toggle", MV_XML_PROP_NONE, &toggle) < 0)
            return -1;
        mv_caps_guest_set_feature(guest, feature, default_on, toggle);
    }
    return 0;
}

static int
arch_parse(const xmlNode *node, MvCapsGuest *guest)
{
    g_autofree char *name = NULL;
    g_autofree char *wordsize = mv_xml_child_content(node, "wordsize");
    guint64 v = 0;
    int arch;

    if (mv_xml_prop_string(node, "name", MV_XML_PROP_REQUIRED, &name) < 0)
        return -1;
    if ((arch = mv_arch_from_string(name)) <= 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "Invalid value for attribute 'name' in element 'arch': '%s'.",
                        name);
        return -1;
    }
    guest->arch = arch;
    if (!wordsize) {
        mv_report_error(VIR_ERR_XML_ERROR, "missing element 'wordsize' in guest arch '%s'", name);
        return -1;
    }
    if (!g_ascii_string_to_unsigned(g_strstrip(wordsize), 10, 1, G_MAXINT, &v, NULL)) {
        mv_report_error(VIR_ERR_XML_ERROR, "invalid wordsize '%s' in guest arch '%s'", wordsize, name);
        return -1;
    }
    guest->wordsize = (unsigned int) v;
    if (info_parse(node, true, &guest->info) < 0)
        return -1;

    for (xmlNode *cur = mv_xml_child(node, "domain"); cur; cur = mv_xml_next(cur)) {
        MvCapsGuestDomain *dom;
        int type = 0;

        if (mv_xml_prop_enum(cur, "type", mv_caps_virt_type_from_string,
                             MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &type) < 0)
            return -1;
        dom = mv_caps_guest_add_domain(guest, type, NULL, NULL);
        if (info_parse(cur, false, &dom->info) < 0)
            return -1;
    }
    return 0;
}

MvCapsGuest *
mv_caps_guest_parse(const xmlNode *node)
{
    g_autofree char *os_type = mv_xml_child_content(node, "os_type");
    xmlNode *arch = mv_xml_child(node, "arch");
    xmlNode *features = mv_xml_child(node, "features");
    MvCapsGuest *guest;
    int os;

    if (!os_type) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing element 'os_type' in guest capabilities");
        return NULL;
    }
    if ((os = mv_caps_os_type_from_string(g_strstrip(os_type))) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "unknown guest OS type '%s'", os_type);
        return NULL;
    }
    if (!arch) {
        mv_report_error(VIR_ERR_XML_ERROR, "missing element 'arch' in guest capabilities for OS type '%s'",
                        os_type);
        return NULL;
    }
    guest = g_new0(MvCapsGuest, 1);
    guest->os_type = os;
    guest->domains = g_ptr_array_new_with_free_func(domain_free);
    guest->info.machines = g_ptr_array_new_with_free_func(machine_free);
    if (arch_parse(arch, guest) < 0 || (features && features_parse(features, guest) < 0)) {
        mv_caps_guest_free(guest);
        return NULL;
    }
    return guest;
}

/* Formatting -------------------------------------------------------------- */

static void
machines_format(MvXmlBuf *buf, const MvCapsGuestInfo *info, bool with_deprecated)
{
    for (guint i = 0; i < info->machines->len; i++) {
        const MvCapsMachine *m = g_ptr_array_index(info->machines, i);

        mv_xml_buf_start(buf, "machine");
        mv_xml_buf_attr(buf, "canonical", m->canonical);
        if (m->max_cpus > 0)
            mv_xml_buf_attr_uint(buf, "maxCpus", m->max_cpus);
        if (with_deprecated && m->deprecated)
            mv_xml_buf_attr(buf, "deprecated", "yes");
        mv_xml_buf_text(buf, m->name);
        mv_xml_buf_end(buf);
    }
}

static void
domain_format(MvXmlBuf *buf, const MvCapsGuestDomain *dom)
{
    mv_xml_buf_start(buf, "domain");
    mv_xml_buf_attr(buf, "type", mv_caps_virt_type_to_string(dom->type));
    mv_xml_buf_text_element(buf, "emulator", dom->info.emulator);
    mv_xml_buf_text_element(buf, "loader", dom->info.loader);
    machines_format(buf, &dom->info, false);
    mv_xml_buf_end(buf);
}

static void
features_format(MvXmlBuf *buf, const MvCapsGuest *guest)
{
    bool started = false;

    for (int i = 0; i < MV_CAPS_FEATURE_LAST; i++) {
        const MvCapsGuestFeature *f = &guest->features[i];

        if (!f->present)
            continue;
        if (!started)
            mv_xml_buf_start(buf, "features");
        started = true;
        mv_xml_buf_start(buf, mv_caps_guest_feature_to_string(i));
        mv_xml_buf_attr_tristate_switch(buf, "default", f->default_on);
        mv_xml_buf_attr_tristate_bool(buf, "toggle", f->toggle);
        mv_xml_buf_end(buf);
    }
    if (started)
        mv_xml_buf_end(buf);
}

void
mv_caps_guest_format(MvXmlBuf *buf, const MvCapsGuest *guest)
{
    g_autofree char *wordsize = g_strdup_printf("%u", guest->wordsize);

    mv_xml_buf_start(buf, "guest");
    mv_xml_buf_text_element(buf, "os_type", mv_caps_os_type_to_string(guest->os_type));
    mv_xml_buf_start(buf, "arch");
    mv_xml_buf_attr(buf, "name", mv_arch_to_string(guest->arch));
    mv_xml_buf_text_element(buf, "wordsize", wordsize);
    mv_xml_buf_text_element(buf, "emulator", guest->info.emulator);
    mv_xml_buf_text_element(buf, "loader", guest->info.loader);
    machines_format(buf, &guest->info, true);
    for (guint i = 0; i < guest->domains->len; i++)
        domain_format(buf, g_ptr_array_index(guest->domains, i));
    mv_xml_buf_end(buf);
    features_format(buf, guest);
    mv_xml_buf_end(buf);
    g_string_append_c(buf->str, '\n');
}
