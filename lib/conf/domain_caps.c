/* Domain capabilities XML (<domainCapabilities>): building and formatting in libvirt 9.0's element order. */
#include "domain_caps.h"

#include <stdarg.h>
#include <string.h>

/* libvirt's order of the children of <devices> and <features>; a name not
 * listed goes after these, in the order it was added. */
static const char *const device_order[] = {
    "disk", "graphics", "video", "hostdev", "rng", "filesystem", "tpm", "redirdev",
    "channel", "crypto",
};
static const char *const feature_order[] = {
    "gic", "vmcoreinfo", "genid", "backingStoreInput", "backup", "async-teardown",
    "s390-pv", "sev", "sgx", "hyperv",
};

MvDomainCapsEnum *
mv_domain_caps_enum_new(const char *name)
{
    MvDomainCapsEnum *e = g_new0(MvDomainCapsEnum, 1);

    e->name = g_strdup(name);
    e->values = g_ptr_array_new_with_free_func(g_free);
    return e;
}

void
mv_domain_caps_enum_free(MvDomainCapsEnum *e)
{
    if (!e)
        return;
    g_free(e->name);
    g_ptr_array_unref(e->values);
    g_free(e);
}

void
mv_domain_caps_enum_add(MvDomainCapsEnum *e, const char *value)
{
    g_ptr_array_add(e->values, g_strdup(value));
}

MvDomainCapsElement *
mv_domain_caps_element_new(const char *name, bool supported)
{
    MvDomainCapsElement *el = g_new0(MvDomainCapsElement, 1);

    el->name = g_strdup(name);
    el->supported = supported;
    el->enums = g_ptr_array_new_with_free_func((GDestroyNotify) mv_domain_caps_enum_free);
    return el;
}

static void
element_free(MvDomainCapsElement *el)
{
    if (!el)
        return;
    g_free(el->name);
    g_ptr_array_unref(el->enums);
    g_free(el);
}

MvDomainCapsEnum *
mv_domain_caps_element_add_enum(MvDomainCapsElement *el, const char *name, ...)
{
    MvDomainCapsEnum *e = mv_domain_caps_enum_new(name);
    const char *value;
    va_list ap;

    va_start(ap, name);
    while ((value = va_arg(ap, const char *)))
        mv_domain_caps_enum_add(e, value);
    va_end(ap);
    g_ptr_array_add(el->enums, e);
    return e;
}

static void
cpu_model_free(MvDomainCapsCpuModel *m)
{
    g_free(m->name);
    g_free(m->vendor);
    g_free(m);
}

static void
cpu_mode_clear(MvDomainCapsCpuMode *mode)
{
    mv_domain_caps_enum_free(mode->migratable);
    if (mode->models)
        g_ptr_array_unref(mode->models);
}

MvDomainCaps *
mv_domain_caps_new(const char *path, const char *domain, const char *machine, const char *arch)
{
    MvDomainCaps *caps = g_new0(MvDomainCaps, 1);

    caps->path = g_strdup(path);
    caps->domain = g_strdup(domain);
    caps->machine = g_strdup(machine);
    caps->arch = g_strdup(arch);
    caps->loader_values = g_ptr_array_new_with_free_func(g_free);
    caps->custom.models = g_ptr_array_new_with_free_func((GDestroyNotify) cpu_model_free);
    caps->devices = g_ptr_array_new_with_free_func((GDestroyNotify) element_free);
    caps->features = g_ptr_array_new_with_free_func((GDestroyNotify) element_free);
    return caps;
}

void
mv_domain_caps_free(MvDomainCaps *caps)
{
    if (!caps)
        return;
    g_free(caps->path);
    g_free(caps->domain);
    g_free(caps->machine);
    g_free(caps->arch);
    element_free(caps->os);
    element_free(caps->loader);
    g_ptr_array_unref(caps->loader_values);
    cpu_mode_clear(&caps->host_passthrough);
    cpu_mode_clear(&caps->maximum);
    cpu_mode_clear(&caps->host_model);
    cpu_mode_clear(&caps->custom);
    element_free(caps->memory_backing);
    g_ptr_array_unref(caps->devices);
    g_ptr_array_unref(caps->features);
    g_free(caps);
}

MvDomainCapsElement *
mv_domain_caps_add_device(MvDomainCaps *caps, const char *name, bool supported)
{
    MvDomainCapsElement *el = mv_domain_caps_element_new(name, supported);

    g_ptr_array_add(caps->devices, el);
    return el;
}

MvDomainCapsElement *
mv_domain_caps_add_feature(MvDomainCaps *caps, const char *name, bool supported)
{
    MvDomainCapsElement *el = mv_domain_caps_element_new(name, supported);

    g_ptr_array_add(caps->features, el);
    return el;
}

void
mv_domain_caps_add_cpu_model(MvDomainCaps *caps, const char *name, bool usable,
                             bool deprecated, const char *vendor)
{
    MvDomainCapsCpuModel *m = g_new0(MvDomainCapsCpuModel, 1);

    m->name = g_strdup(name);
    m->usable = usable;
    m->deprecated = deprecated;
    m->vendor = g_strdup(vendor);
    g_ptr_array_add(caps->custom.models, m);
}

/* Formatting -------------------------------------------------------------- */

static void
enum_format(MvXmlBuf *buf, const MvDomainCapsEnum *e)
{
    mv_xml_buf_start(buf, "enum");
    mv_xml_buf_attr(buf, "name", e->name);
    for (guint i = 0; i < e->values->len; i++)
        mv_xml_buf_text_element(buf, "value", g_ptr_array_index(e->values, i));
    mv_xml_buf_end(buf);
}

/* <name supported='no'/>, or supported='yes' with values (the loader's
 * firmware paths) and then its enums. */
static void
element_format(MvXmlBuf *buf, const MvDomainCapsElement *el, const GPtrArray *values)
{
    mv_xml_buf_start(buf, el->name);
    mv_xml_buf_attr(buf, "supported", el->supported ? "yes" : "no");
    if (el->supported) {
        for (guint i = 0; values && i < values->len; i++)
            mv_xml_buf_text_element(buf, "value", g_ptr_array_index(values, i));
        for (guint i = 0; i < el->enums->len; i++)
            enum_format(buf, g_ptr_array_index(el->enums, i));
    }
    mv_xml_buf_end(buf);
}

static void
os_format(MvXmlBuf *buf, const MvDomainCaps *caps)
{
    if (!caps->os)
        return;
    mv_xml_buf_start(buf, "os");
    mv_xml_buf_attr(buf, "supported", caps->os->supported ? "yes" : "no");
    if (caps->os->supported) {
        for (guint i = 0; i < caps->os->enums->len; i++)
            enum_format(buf, g_ptr_array_index(caps->os->enums, i));
        if (caps->loader)
            element_format(buf, caps->loader, caps->loader_values);
    }
    mv_xml_buf_end(buf);
}

static void
cpu_mode_format(MvXmlBuf *buf, const char *name, const MvDomainCapsCpuMode *mode)
{
    mv_xml_buf_start(buf, "mode");
    mv_xml_buf_attr(buf, "name", name);
    mv_xml_buf_attr(buf, "supported", mode->supported ? "yes" : "no");
    if (mode->supported && mode->migratable)
        enum_format(buf, mode->migratable);
    for (guint i = 0; mode->supported && mode->models && i < mode->models->len; i++) {
        const MvDomainCapsCpuModel *m = g_ptr_array_index(mode->models, i);

        mv_xml_buf_start(buf, "model");
        mv_xml_buf_attr(buf, "usable", m->usable ? "yes" : "no");
        if (m->deprecated)
            mv_xml_buf_attr(buf, "deprecated", "yes");
        mv_xml_buf_attr(buf, "vendor", m->vendor ? m->vendor : "unknown");
        mv_xml_buf_text(buf, m->name);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

static void
cpu_format(MvXmlBuf *buf, const MvDomainCaps *caps)
{
    mv_xml_buf_start(buf, "cpu");
    mv_xml_buf_open_children(buf);
    cpu_mode_format(buf, "host-passthrough", &caps->host_passthrough);
    cpu_mode_format(buf, "maximum", &caps->maximum);
    cpu_mode_format(buf, "host-model", &caps->host_model);
    cpu_mode_format(buf, "custom", &caps->custom);
    mv_xml_buf_end(buf);
}

static guint
order_of(const char *name, const char *const *order, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(order[i], name) == 0)
            return (guint) i;
    }
    return (guint) n;
}

/* Elements in the order's sequence, the unlisted ones last in their own. */
static void
elements_format(MvXmlBuf *buf, const GPtrArray *elements, const char *const *order, size_t n,
                const char *skip)
{
    for (size_t rank = 0; rank <= n; rank++) {
        for (guint i = 0; i < elements->len; i++) {
            const MvDomainCapsElement *el = g_ptr_array_index(elements, i);

            if (g_strcmp0(el->name, skip) == 0 || order_of(el->name, order, n) != rank)
                continue;
            element_format(buf, el, NULL);
        }
    }
}

static const MvDomainCapsElement *
find_element(const GPtrArray *elements, const char *name)
{
    for (guint i = 0; i < elements->len; i++) {
        const MvDomainCapsElement *el = g_ptr_array_index(elements, i);

        if (strcmp(el->name, name) == 0)
            return el;
    }
    return NULL;
}

char *
mv_domain_caps_format(const MvDomainCaps *caps)
{
    g_auto(MvXmlBuf) buf = { 0 };
    const MvDomainCapsElement *iothreads = find_element(caps->features, "iothreads");

    mv_xml_buf_init(&buf);
    mv_xml_buf_start(&buf, "domainCapabilities");
    mv_xml_buf_open_children(&buf);
    mv_xml_buf_text_element(&buf, "path", caps->path);
    mv_xml_buf_text_element(&buf, "domain", caps->domain);
    mv_xml_buf_text_element(&buf, "machine", caps->machine);
    mv_xml_buf_text_element(&buf, "arch", caps->arch);
    if (caps->vcpu_max > 0) {
        mv_xml_buf_start(&buf, "vcpu");
        mv_xml_buf_attr_uint(&buf, "max", caps->vcpu_max);
        mv_xml_buf_end(&buf);
    }
    if (iothreads) {
        mv_xml_buf_start(&buf, "iothreads");
        mv_xml_buf_attr(&buf, "supported", iothreads->supported ? "yes" : "no");
        mv_xml_buf_end(&buf);
    }
    os_format(&buf, caps);
    cpu_format(&buf, caps);
    if (caps->memory_backing)
        element_format(&buf, caps->memory_backing, NULL);

    mv_xml_buf_start(&buf, "devices");
    mv_xml_buf_open_children(&buf);
    elements_format(&buf, caps->devices, device_order, G_N_ELEMENTS(device_order), NULL);
    mv_xml_buf_end(&buf);

    mv_xml_buf_start(&buf, "features");
    mv_xml_buf_open_children(&buf);
    elements_format(&buf, caps->features, feature_order, G_N_ELEMENTS(feature_order),
                    "iothreads");
    mv_xml_buf_end(&buf);

    mv_xml_buf_end(&buf);
    return mv_xml_buf_steal(&buf);
}
