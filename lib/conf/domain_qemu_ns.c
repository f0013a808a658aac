/* The QEMU driver's namespace in domain XML: command-line arguments and environment, capability overrides, device property overrides, deprecation behaviour. */
#define MV_LOG_MODULE "conf.domain_qemu_ns"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "domain_qemu_ns.h"

#include <errno.h>
#include <string.h>

#include "util/error.h"
#include "util/log.h"

MV_ENUM_DECL(mv_domain_qemu_override_type);
MV_ENUM_IMPL(mv_domain_qemu_override_type, MV_DOMAIN_QEMU_OVERRIDE_LAST,
             "", "string", "signed", "unsigned", "bool", "remove")

static void
property_free(MvDomainQemuOverrideProperty *prop)
{
    g_free(prop->name);
    g_free(prop->value);
    g_free(prop);
}

static void
device_override_free(MvDomainQemuDeviceOverride *dev)
{
    g_free(dev->alias);
    g_ptr_array_unref(dev->frontend);
    g_free(dev);
}

static void
env_free(MvDomainQemuEnv *env)
{
    g_free(env->name);
    g_free(env->value);
    g_free(env);
}

void
mv_domain_qemu_ns_free(MvDomainQemuNs *ns)
{
    if (!ns)
        return;
    g_ptr_array_unref(ns->args);
    g_ptr_array_unref(ns->env);
    g_ptr_array_unref(ns->caps_add);
    g_ptr_array_unref(ns->caps_del);
    g_ptr_array_unref(ns->overrides);
    g_free(ns->deprecation);
    g_free(ns);
}

static bool
is_qemu_element(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && node->ns && node->ns->href &&
           strcmp((const char *) node->ns->href, MV_DOMAIN_QEMU_NS_URI) == 0 &&
           strcmp((const char *) node->name, name) == 0;
}

/* Calls fn on every <qemu:child> of every <qemu:parent> under node, in
 * document order (libvirt's ./qemu:parent/qemu:child XPath). */
static int
foreach_child(const xmlNode *node, const char *parent, const char *child,
              int (*fn)(const xmlNode *node, MvDomainQemuNs *ns), MvDomainQemuNs *ns)
{
    for (const xmlNode *p = node->children; p; p = p->next) {
        if (!is_qemu_element(p, parent))
            continue;
        for (const xmlNode *c = p->children; c; c = c->next) {
            if (is_qemu_element(c, child) && fn(c, ns) < 0)
                return -1;
        }
    }
    return 0;
}

static int
arg_parse(const xmlNode *node, MvDomainQemuNs *ns)
{
    char *value = mv_xml_prop(node, "value");

    if (!value) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "No qemu command-line argument specified");
        return -1;
    }
    g_ptr_array_add(ns->args, value);
    return 0;
}

static int
env_parse(const xmlNode *node, MvDomainQemuNs *ns)
{
    MvDomainQemuEnv *env = g_new0(MvDomainQemuEnv, 1);
    const char *alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";

    env->name = mv_xml_prop(node, "name");
    env->value = mv_xml_prop(node, "value");
    g_ptr_array_add(ns->env, env);

    if (!env->name) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "No qemu environment name specified");
        return -1;
    }
    if (!g_ascii_isalpha(env->name[0]) && env->name[0] != '_') {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s",
                        "Invalid environment name, it must begin with a letter or underscore");
        return -1;
    }
    if (strspn(env->name, alnum) != strlen(env->name)) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s",
                        "Invalid environment name, it must contain only alphanumerics and underscore");
        return -1;
    }
    return 0;
}

static int
capability_parse(const xmlNode *node, GPtrArray *list)
{
    char *name = mv_xml_prop(node, "capability");

    if (!name) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "missing capability name");
        return -1;
    }
    g_ptr_array_add(list, name);
    return 0;
}

static int
cap_add_parse(const xmlNode *node, MvDomainQemuNs *ns)
{
    return capability_parse(node, ns->caps_add);
}

static int
cap_del_parse(const xmlNode *node, MvDomainQemuNs *ns)
{
    return capability_parse(node, ns->caps_del);
}

static bool
property_value_valid(MvDomainQemuOverrideType type, const char *value)
{
    char *end = NULL;

    switch (type) {
    case MV_DOMAIN_QEMU_OVERRIDE_SIGNED:
        errno = 0;
        (void) g_ascii_strtoll(value, &end, 10);
        return *value && !*end && errno == 0;
    case MV_DOMAIN_QEMU_OVERRIDE_UNSIGNED:
        /* libvirt's unsigned read refuses a minus sign. */
        errno = 0;
        if (strchr(value, '-'))
            return false;
        (void) g_ascii_strtoull(value, &end, 10);
        return *value && !*end && errno == 0;
    case MV_DOMAIN_QEMU_OVERRIDE_BOOL:
        return strcmp(value, "true") == 0 || strcmp(value, "false") == 0;
    case MV_DOMAIN_QEMU_OVERRIDE_STRING:
    case MV_DOMAIN_QEMU_OVERRIDE_REMOVE:
    case MV_DOMAIN_QEMU_OVERRIDE_NONE:
    case MV_DOMAIN_QEMU_OVERRIDE_LAST:
        break;
    }
    return true;
}

static int
property_parse(const xmlNode *node, GPtrArray *props)
{
    MvDomainQemuOverrideProperty *prop = g_new0(MvDomainQemuOverrideProperty, 1);
    int type;

    g_ptr_array_add(props, prop);
    if (!(prop->name = mv_xml_prop(node, "name"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing 'name' attribute for qemu:property");
        return -1;
    }
    if (strcmp(prop->name, "id") == 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "property with name 'id' can't be overridden");
        return -1;
    }
    if (mv_xml_prop_enum(node, "type", mv_domain_qemu_override_type_from_string,
                         MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &type) < 0)
        return -1;
    prop->type = type;
    if (!(prop->value = mv_xml_prop(node, "value"))) {
        if (prop->type != MV_DOMAIN_QEMU_OVERRIDE_REMOVE) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing 'value' attribute for 'qemu:property'");
            return -1;
        }
        return 0;
    }
    if (prop->type == MV_DOMAIN_QEMU_OVERRIDE_REMOVE) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "setting 'value' attribute of 'qemu:property' doesn't make sense with 'remove' type");
        return -1;
    }
    if (!property_value_valid(prop->type, prop->value)) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "invalid value '%s' of 'value' attribute of 'qemu:property'", prop->value);
        return -1;
    }
    return 0;
}

static int
device_override_parse(const xmlNode *node, MvDomainQemuNs *ns)
{
    MvDomainQemuDeviceOverride *dev = g_new0(MvDomainQemuDeviceOverride, 1);

    dev->frontend = g_ptr_array_new_with_free_func((GDestroyNotify) property_free);
    g_ptr_array_add(ns->overrides, dev);
    if (!(dev->alias = mv_xml_prop(node, "alias"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing 'alias' attribute for qemu:device");
        return -1;
    }
    for (const xmlNode *f = node->children; f; f = f->next) {
        if (!is_qemu_element(f, "frontend"))
            continue;
        for (const xmlNode *p = f->children; p; p = p->next) {
            if (is_qemu_element(p, "property") && property_parse(p, dev->frontend) < 0)
                return -1;
        }
    }
    return 0;
}

int
mv_domain_qemu_ns_parse(const xmlNode *root, MvDomainQemuNs **ret_ns)
{
    g_autoptr(MvDomainQemuNs) ns = g_new0(MvDomainQemuNs, 1);

    ns->args = g_ptr_array_new_with_free_func(g_free);
    ns->env = g_ptr_array_new_with_free_func((GDestroyNotify) env_free);
    ns->caps_add = g_ptr_array_new_with_free_func(g_free);
    ns->caps_del = g_ptr_array_new_with_free_func(g_free);
    ns->overrides = g_ptr_array_new_with_free_func((GDestroyNotify) device_override_free);

    /* libvirt's order, which is also the order of its errors. */
    if (foreach_child(root, "commandline", "arg", arg_parse, ns) < 0 ||
        foreach_child(root, "commandline", "env", env_parse, ns) < 0 ||
        foreach_child(root, "override", "device", device_override_parse, ns) < 0 ||
        foreach_child(root, "capabilities", "add", cap_add_parse, ns) < 0 ||
        foreach_child(root, "capabilities", "del", cap_del_parse, ns) < 0)
        return -1;
    for (const xmlNode *n = root->children; n; n = n->next) {
        if (is_qemu_element(n, "deprecation")) {
            ns->deprecation = mv_xml_prop(n, "behavior");
            break;
        }
    }

    *ret_ns = NULL;
    if (ns->args->len || ns->env->len || ns->caps_add->len || ns->caps_del->len ||
        ns->overrides->len || ns->deprecation)
        *ret_ns = g_steal_pointer(&ns);
    return 0;
}

void
mv_domain_qemu_ns_format_attr(MvXmlBuf *buf)
{
    mv_xml_buf_attr(buf, "xmlns:qemu", MV_DOMAIN_QEMU_NS_URI);
}

static void
commandline_format(MvXmlBuf *buf, const MvDomainQemuNs *ns)
{
    if (!ns->args->len && !ns->env->len)
        return;
    mv_xml_buf_start(buf, "qemu:commandline");
    for (guint i = 0; i < ns->args->len; i++) {
        mv_xml_buf_start(buf, "qemu:arg");
        mv_xml_buf_attr(buf, "value", g_ptr_array_index(ns->args, i));
        mv_xml_buf_end(buf);
    }
    for (guint i = 0; i < ns->env->len; i++) {
        const MvDomainQemuEnv *env = g_ptr_array_index(ns->env, i);

        mv_xml_buf_start(buf, "qemu:env");
        mv_xml_buf_attr(buf, "name", env->name);
        mv_xml_buf_attr(buf, "value", env->value);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

static void
capabilities_format(MvXmlBuf *buf, const MvDomainQemuNs *ns)
{
    if (!ns->caps_add->len && !ns->caps_del->len)
        return;
    mv_xml_buf_start(buf, "qemu:capabilities");
    for (guint i = 0; i < ns->caps_add->len; i++) {
        mv_xml_buf_start(buf, "qemu:add");
        mv_xml_buf_attr(buf, "capability", g_ptr_array_index(ns->caps_add, i));
        mv_xml_buf_end(buf);
    }
    for (guint i = 0; i < ns->caps_del->len; i++) {
        mv_xml_buf_start(buf, "qemu:del");
        mv_xml_buf_attr(buf, "capability", g_ptr_array_index(ns->caps_del, i));
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

static void
override_format(MvXmlBuf *buf, const MvDomainQemuNs *ns)
{
    if (!ns->overrides->len)
        return;
    mv_xml_buf_start(buf, "qemu:override");
    for (guint i = 0; i < ns->overrides->len; i++) {
        const MvDomainQemuDeviceOverride *dev = g_ptr_array_index(ns->overrides, i);

        mv_xml_buf_start(buf, "qemu:device");
        mv_xml_buf_attr(buf, "alias", dev->alias);
        if (dev->frontend->len) {
            mv_xml_buf_start(buf, "qemu:frontend");
            for (guint j = 0; j < dev->frontend->len; j++) {
                const MvDomainQemuOverrideProperty *prop = g_ptr_array_index(dev->frontend, j);

                mv_xml_buf_start(buf, "qemu:property");
                mv_xml_buf_attr(buf, "name", prop->name);
                mv_xml_buf_attr(buf, "type", mv_domain_qemu_override_type_to_string(prop->type));
                mv_xml_buf_attr(buf, "value", prop->value);
                mv_xml_buf_end(buf);
            }
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

void
mv_domain_qemu_ns_format(MvXmlBuf *buf, const MvDomainQemuNs *ns)
{
    commandline_format(buf, ns);
    capabilities_format(buf, ns);
    override_format(buf, ns);
    if (ns->deprecation) {
        mv_xml_buf_start(buf, "qemu:deprecation");
        mv_xml_buf_attr(buf, "behavior", ns->deprecation);
        mv_xml_buf_end(buf);
    }
}
