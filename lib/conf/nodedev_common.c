/* Pieces every node device capability family shares: numbers in element text, PCI addresses, mediated device types. */
#define MV_LOG_MODULE "conf.nodedev"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

void
mv_nodedev_text_printf(MvXmlBuf *buf, const char *name, const char *fmt, ...)
{
    g_autofree char *text = NULL;
    va_list ap;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    mv_xml_buf_text_element(buf, name, text);
}

/* The C library's conversions, with libvirt's rules on top: the whole
 * text must be a number (leading blanks and a sign are strtoul's business). */
int
mv_nodedev_str_to_uint(const char *text, int base, bool allow_negative,
                       unsigned int *ret_value)
{
    unsigned long long v;
    char *end = NULL;
    bool negative;

    errno = 0;
    v = strtoull(text, &end, base);
    if (errno != 0 || end == text || *end != '\0')
        return -1;
    negative = memchr(text, '-', end - text) != NULL;
    if (negative) {
        /* "-1" is UINT_MAX where negatives wrap, as libvirt reads them. */
        if (!allow_negative || -v > G_MAXUINT)
            return -1;
        v &= G_MAXUINT;
    }
    if (v > G_MAXUINT)
        return -1;
    *ret_value = (unsigned int) v;
    return 0;
}

int
mv_nodedev_str_to_uint64(const char *text, uint64_t *ret_value)
{
    unsigned long long v;
    char *end = NULL;

    errno = 0;
    v = strtoull(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0')
        return -1;
    *ret_value = v;
    return 0;
}

int
mv_nodedev_str_to_int(const char *text, int base, int *ret_value)
{
    long long v;
    char *end = NULL;

    errno = 0;
    v = strtoll(text, &end, base);
    if (errno != 0 || end == text || *end != '\0' || v < G_MININT || v > G_MAXINT)
        return -1;
    *ret_value = (int) v;
    return 0;
}

int
mv_nodedev_child_uint64(const xmlNode *node, const char *name,
                        const char *dev_name, const char *what,
                        uint64_t *ret_value)
{
    g_autofree char *text = mv_xml_child_text(node, name);

    if (!text) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "no %s supplied for '%s'", what, dev_name);
        return -1;
    }
    if (mv_nodedev_str_to_uint64(text, ret_value) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "invalid %s supplied for '%s'", what, dev_name);
        return -1;
    }
    return 0;
}

int
mv_nodedev_child_uint(const xmlNode *node, const char *name, int base,
                      const char *dev_name, const char *what,
                      unsigned int *ret_value)
{
    g_autofree char *text = mv_xml_child_text(node, name);

    if (!text) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "no %s supplied for '%s'", what, dev_name);
        return -1;
    }
    if (mv_nodedev_str_to_uint(text, base, true, ret_value) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "invalid %s supplied for '%s'", what, dev_name);
        return -1;
    }
    return 0;
}

int
mv_nodedev_text_int_optional(const char *text, const char *dev_name,
                             const char *what, int *ret_value)
{
    if (!text || !*text)
        return 0;
    if (mv_nodedev_str_to_int(text, 10, ret_value) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "invalid %s supplied for '%s'", what, dev_name);
        return -1;
    }
    return 1;
}

int
mv_nodedev_pci_addr_parse(const xmlNode *node, MvPciAddr *ret_addr)
{
    MvPciAddr addr = { 0, 0, 0, 0 };

    if (mv_xml_prop_uint(node, "domain", 0, MV_XML_PROP_NONE, &addr.domain) < 0 ||
        mv_xml_prop_uint(node, "bus", 0, MV_XML_PROP_NONE, &addr.bus) < 0 ||
        mv_xml_prop_uint(node, "slot", 0, MV_XML_PROP_NONE, &addr.slot) < 0 ||
        mv_xml_prop_uint(node, "function", 0, MV_XML_PROP_NONE, &addr.function) < 0)
        return -1;

    /* An all-zero domain, bus and slot is "no address" and is not checked. */
    if (addr.domain || addr.bus || addr.slot) {
        if (addr.bus > 0xff) {
            mv_report_error(VIR_ERR_XML_ERROR, "Invalid PCI address bus='0x%x', must be <= 0xFF",
                            addr.bus);
            return -1;
        }
        if (addr.slot > 0x1f) {
            mv_report_error(VIR_ERR_XML_ERROR, "Invalid PCI address slot='0x%x', must be <= 0x1F",
                            addr.slot);
            return -1;
        }
        if (addr.function > 7) {
            mv_report_error(VIR_ERR_XML_ERROR, "Invalid PCI address function=0x%x, must be <= 7",
                            addr.function);
            return -1;
        }
    }
    *ret_addr = addr;
    return 0;
}

int
mv_nodedev_child_hex_id(const xmlNode *node, const char *name, const char *dev_name,
                        const char *what, unsigned int *ret_id)
{
    xmlNode *child = mv_xml_child(node, name);
    g_autofree char *id = child ? mv_xml_prop(child, "id") : NULL;

    if (!id || !*id) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "no %s supplied for '%s'", what, dev_name);
        return -1;
    }
    if (mv_nodedev_str_to_uint(id, 16, true, ret_id) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "invalid %s supplied for '%s'", what, dev_name);
        return -1;
    }
    return 0;
}

void
mv_nodedev_pci_addr_format(MvXmlBuf *buf, const MvPciAddr *addr)
{
    mv_xml_buf_start(buf, "address");
    mv_xml_buf_attr_printf(buf, "domain", "0x%04x", addr->domain);
    mv_xml_buf_attr_printf(buf, "bus", "0x%02x", addr->bus);
    mv_xml_buf_attr_printf(buf, "slot", "0x%02x", addr->slot);
    mv_xml_buf_attr_printf(buf, "function", "0x%u", addr->function);
    mv_xml_buf_end(buf);
}

void
mv_mdev_types_clear(MvMdevTypes *types)
{
    for (size_t i = 0; i < types->ntypes; i++) {
        g_free(types->types[i].id);
        g_free(types->types[i].name);
        g_free(types->types[i].device_api);
    }
    g_free(types->types);
    types->types = NULL;
    types->ntypes = 0;
    types->present = false;
}

static int
mdev_type_parse(const xmlNode *node, MvMdevType *type)
{
    g_autofree char *instances = NULL;

    type->id = mv_xml_prop(node, "id");
    if (!type->id || !*type->id) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "missing 'id' attribute for mediated device's <type> element");
        return -1;
    }
    type->device_api = mv_xml_child_text(node, "deviceAPI");
    if (!type->device_api) {
        mv_report_error(VIR_ERR_XML_ERROR, "missing device API for mediated device type '%s'",
                        type->id);
        return -1;
    }
    instances = mv_xml_child_text(node, "availableInstances");
    if (!instances || mv_nodedev_str_to_uint(instances, 10, true, &type->available_instances) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "missing number of available instances for mediated device type '%s'",
                        type->id);
        return -1;
    }
    type->name = mv_xml_child_text(node, "name");
    return 0;
}

int
mv_mdev_types_parse(const xmlNode *node, MvMdevTypes *types)
{
    xmlNode *cur;

    /* A second mdev_types capability adds to the first, as libvirt's does. */
    types->types = g_renew(MvMdevType, types->types,
                           types->ntypes + mv_xml_child_count(node, "type"));
    for (cur = mv_xml_child(node, "type"); cur; cur = mv_xml_next(cur)) {
        MvMdevType *type = &types->types[types->ntypes];

        memset(type, 0, sizeof(*type));
        types->ntypes++;
        if (mdev_type_parse(cur, type) < 0)
            return -1;
    }
    types->present = true;
    return 0;
}

void
mv_mdev_types_format(MvXmlBuf *buf, const MvMdevTypes *types)
{
    if (types->ntypes == 0)
        return;
    mv_xml_buf_start(buf, "capability");
    mv_xml_buf_attr(buf, "type", "mdev_types");
    for (size_t i = 0; i < types->ntypes; i++) {
        const MvMdevType *type = &types->types[i];

        mv_xml_buf_start(buf, "type");
        mv_xml_buf_attr(buf, "id", type->id);
        mv_xml_buf_text_element(buf, "name", type->name);
        mv_xml_buf_text_element(buf, "deviceAPI", type->device_api);
        mv_nodedev_text_printf(buf, "availableInstances", "%u", type->available_instances);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}
