/* The table of XML document kinds: name -> parse, format, free, shared by modvirt-xml and the conf tests. */
#define MV_LOG_MODULE "conf.kinds"
#define MV_FROM_THIS VIR_FROM_XML

#include "kinds.h"

#include <string.h>

#include "capabilities.h"
#include "domain.h"
#include "network.h"
#include "network_port.h"
#include "nodedev.h"
#include "xml.h"
#include "util/error.h"

static void *
network_parse(const char *xml)
{
    return mv_network_def_parse_string(xml);
}

static char *
network_format(const void *obj, unsigned int flags)
{
    return mv_network_def_format(obj, flags);
}

static void
network_free(void *obj)
{
    mv_network_def_free(obj);
}

static void *
network_port_parse(const char *xml)
{
    return mv_network_port_def_parse_string(xml);
}

static char *
network_port_format(const void *obj, unsigned int flags)
{
    return mv_network_port_def_format(obj, flags);
}

static void
network_port_free(void *obj)
{
    mv_network_port_def_free(obj);
}

/* Read as libvirt's define reads a document: a persistent definition. */
static void *
domain_parse(const char *xml)
{
    return mv_domain_def_parse_string(xml, MV_DOMAIN_XML_INACTIVE);
}

static char *
domain_format(const void *obj, unsigned int flags)
{
    return mv_domain_def_format(obj, (flags & MV_CONF_FORMAT_INACTIVE) ? MV_DOMAIN_XML_INACTIVE : 0);
}

static void
domain_free(void *obj)
{
    mv_domain_def_free(obj);
}

static void *
device_parse(const char *xml)
{
    return mv_nodedev_def_parse_string(xml);
}

static char *
device_format(const void *obj, unsigned int flags G_GNUC_UNUSED)
{
    return mv_nodedev_def_format(obj);
}

static void
device_free(void *obj)
{
    mv_nodedev_def_free(obj);
}

static void *
capabilities_parse(const char *xml)
{
    return mv_caps_parse_string(xml);
}

static char *
capabilities_format(const void *obj, unsigned int flags G_GNUC_UNUSED)
{
    return mv_caps_format(obj);
}

static void
capabilities_free(void *obj)
{
    mv_caps_free(obj);
}

static const MvConfKind device_kind = {
    "device", "device", device_parse, device_format, device_free,
};

static const MvConfKind capabilities_kind = {
    "capabilities", "capabilities", capabilities_parse, capabilities_format, capabilities_free,
};

static const MvConfKind domain_kind = {
    "domain", "domain", domain_parse, domain_format, domain_free,
};

static const MvConfKind network_kind = {
    "network", "network", network_parse, network_format, network_free,
};

static const MvConfKind network_port_kind = {
    "networkport", "networkport", network_port_parse, network_port_format,
    network_port_free,
};

/* One line per kind; domain, device and capabilities join here. */
static const MvConfKind *const kinds[] = {
    &domain_kind,
    &network_kind,
    &network_port_kind,
    &device_kind,
    &capabilities_kind,
    NULL,
};

const MvConfKind *const *
mv_conf_kinds(void)
{
    return kinds;
}

const MvConfKind *
mv_conf_kind_by_name(const char *name)
{
    for (size_t i = 0; kinds[i]; i++) {
        if (strcmp(kinds[i]->name, name) == 0)
            return kinds[i];
    }
    return NULL;
}

const MvConfKind *
mv_conf_kind_by_root(const char *root)
{
    for (size_t i = 0; kinds[i]; i++) {
        if (strcmp(kinds[i]->root, root) == 0)
            return kinds[i];
    }
    return NULL;
}

const MvConfKind *
mv_conf_kind_for_document(const char *xml)
{
    g_autoptr(xmlDoc) doc = mv_xml_parse_string(xml, NULL);
    const MvConfKind *kind;
    xmlNode *root;

    if (!doc)
        return NULL;

    root = xmlDocGetRootElement(doc);
    kind = mv_conf_kind_by_root((const char *) root->name);
    if (!kind)
        mv_report_error(VIR_ERR_XML_ERROR, "unknown document kind: root element '%s'",
                        (const char *) root->name);
    return kind;
}
