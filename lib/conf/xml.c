/* Shared XML helpers over libxml2: safe parsing, typed attribute getters, child lookup, a formatter. */
#define MV_LOG_MODULE "conf.xml"
#define MV_FROM_THIS VIR_FROM_XML

#include "xml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "util/error.h"
#include "util/log.h"
#include "util/units.h"

MV_ENUM_IMPL(mv_tristate_bool, MV_TRISTATE_LAST, "default", "yes", "no")
MV_ENUM_IMPL(mv_tristate_switch, MV_TRISTATE_LAST, "default", "on", "off")

/* Parsing ------------------------------------------------------------- */

typedef struct {
    char *message;
    int line;
} ParseError;

/* Keeps the first error: later ones are usually consequences of it. */
static void
parse_error_cb(void *user_data, xmlErrorPtr error)
{
    xmlParserCtxtPtr pctxt = user_data;
    ParseError *perr = pctxt->_private;

    if (perr->message || !error || error->level < XML_ERR_ERROR)
        return;
    perr->message = g_strchomp(g_strdup(error->message ? error->message : "unknown error"));
    perr->line = error->line;
}

xmlDoc *
mv_xml_parse_string(const char *xml, const char *root)
{
    xmlParserCtxtPtr pctxt = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    ParseError perr = { NULL, 0 };
    xmlNode *root_node;

    if (!xml) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "no XML document given");
        return NULL;
    }

    pctxt = xmlNewParserCtxt();
    if (!pctxt || !pctxt->sax) {
        mv_report_error(VIR_ERR_NO_MEMORY, "%s", "cannot create an XML parser");
        xmlFreeParserCtxt(pctxt);
        return NULL;
    }
    pctxt->_private = &perr;
    pctxt->sax->serror = parse_error_cb;
    pctxt->sax->error = NULL;
    pctxt->sax->warning = NULL;

    doc = xmlCtxtReadMemory(pctxt, xml, (int) strlen(xml), NULL, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOWARNING |
                            XML_PARSE_NOERROR);
    xmlFreeParserCtxt(pctxt);

    if (!doc || perr.message) {
        if (perr.message)
            mv_report_error(VIR_ERR_XML_ERROR, "at line %d: %s", perr.line, perr.message);
        else
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "failed to parse XML document");
        g_free(perr.message);
        return NULL;
    }

    root_node = xmlDocGetRootElement(doc);
    if (!root_node) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing root element");
        return NULL;
    }

    if (root && !mv_xml_name_is(root_node, root)) {
        mv_report_error(VIR_ERR_XML_ERROR, "expecting root element of '%s', not '%s'",
                        root, (const char *) root_node->name);
        return NULL;
    }

    return g_steal_pointer(&doc);
}

/* Attribute getters --------------------------------------------------- */

char *
mv_xml_prop(const xmlNode *node, const char *name)
{
    xmlChar *value = xmlGetNoNsProp(node, BAD_CAST name);
    char *copy;

    if (!value)
        return NULL;
    copy = g_strdup((const char *) value);
    xmlFree(value);
    return copy;
}

static const char *
node_name(const xmlNode *node)
{
    return (const char *) node->name;
}

/* Fetches the raw value; 0 when absent (an error when required). */
static int
prop_fetch(const xmlNode *node, const char *name, unsigned int flags,
           char **ret_value)
{
    char *value = mv_xml_prop(node, name);

    if (!value) {
        if (flags & MV_XML_PROP_REQUIRED) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "Missing required attribute '%s' in element '%s'",
                            name, node_name(node));
            return -1;
        }
        return 0;
    }
    *ret_value = value;
    return 1;
}

static void
report_invalid(const xmlNode *node, const char *name, const char *value,
               const char *expected)
{
    mv_report_error(VIR_ERR_XML_ERROR,
                    "Invalid value for attribute '%s' in element '%s': '%s'.%s%s",
                    name, node_name(node), value,
                    expected ? " " : "", expected ? expected : "");
}

static void
report_zero(const xmlNode *node, const char *name)
{
    mv_report_error(VIR_ERR_XML_ERROR,
                    "Invalid value for attribute '%s' in element '%s': Zero is not permitted",
                    name, node_name(node));
}

int
mv_xml_prop_string(const xmlNode *node, const char *name,
                   unsigned int flags, char **ret_value)
{
    return prop_fetch(node, name, flags, ret_value);
}

int
mv_xml_prop_enum(const xmlNode *node, const char *name,
                 int (*from_string)(const char *str),
                 unsigned int flags, int *ret_value)
{
    g_autofree char *value = NULL;
    int rc;
    int v;

    if ((rc = prop_fetch(node, name, flags, &value)) <= 0)
        return rc;

    v = from_string(value);
    if (v < 0 || (v == 0 && (flags & MV_XML_PROP_NONZERO))) {
        report_invalid(node, name, value, NULL);
        return -1;
    }
    *ret_value = v;
    return 1;
}

/* strtoull without its leniency: no sign, no leading space, no junk. */
static int
parse_uint64(const char *str, int base, uint64_t *ret_value)
{
    unsigned long long v;
    char *end = NULL;

    if (!g_ascii_isdigit(str[0]))
        return -1;
    errno = 0;
    v = strtoull(str, &end, base);
    if (errno != 0 || end == str || *end != '\0')
        return -1;
    *ret_value = v;
    return 0;
}

int
mv_xml_prop_uint64(const xmlNode *node, const char *name, int base,
                   unsigned int flags, uint64_t *ret_value)
{
    g_autofree char *value = NULL;
    uint64_t v;
    int rc;

    if ((rc = prop_fetch(node, name, flags, &value)) <= 0)
        return rc;

    if (parse_uint64(value, base, &v) < 0) {
        report_invalid(node, name, value, "Expected non-negative integer value");
        return -1;
    }
    if (v == 0 && (flags & MV_XML_PROP_NONZERO)) {
        report_zero(node, name);
        return -1;
    }
    *ret_value = v;
    return 1;
}

int
mv_xml_prop_uint(const xmlNode *node, const char *name, int base,
                 unsigned int flags, unsigned int *ret_value)
{
    g_autofree char *value = NULL;
    uint64_t v;
    int rc;

    if ((rc = prop_fetch(node, name, flags, &value)) <= 0)
        return rc;

    if (parse_uint64(value, base, &v) < 0 || v > G_MAXUINT) {
        report_invalid(node, name, value, "Expected non-negative integer value");
        return -1;
    }
    if (v == 0 && (flags & MV_XML_PROP_NONZERO)) {
        report_zero(node, name);
        return -1;
    }
    *ret_value = (unsigned int) v;
    return 1;
}

int
mv_xml_prop_tristate_bool(const xmlNode *node, const char *name,
                          unsigned int flags, MvTristate *ret_value)
{
    int v = 0;
    int rc = mv_xml_prop_enum(node, name, mv_tristate_bool_from_string,
                              flags | MV_XML_PROP_NONZERO, &v);

    if (rc > 0)
        *ret_value = v;
    return rc;
}

int
mv_xml_prop_tristate_switch(const xmlNode *node, const char *name,
                            unsigned int flags, MvTristate *ret_value)
{
    int v = 0;
    int rc = mv_xml_prop_enum(node, name, mv_tristate_switch_from_string,
                              flags | MV_XML_PROP_NONZERO, &v);

    if (rc > 0)
        *ret_value = v;
    return rc;
}

int
mv_xml_prop_uuid(const xmlNode *node, const char *name,
                 unsigned int flags, unsigned char ret_uuid[MV_UUID_BUFLEN])
{
    g_autofree char *value = NULL;
    int rc;

    if ((rc = prop_fetch(node, name, flags, &value)) <= 0)
        return rc;

    if (mv_uuid_parse(value, ret_uuid) < 0) {
        /* The util error names only the text; this one names where it is. */
        report_invalid(node, name, value, "Expected UUID");
        return -1;
    }
    return 1;
}

int
mv_xml_prop_mac(const xmlNode *node, const char *name,
                unsigned int flags, MvMacAddr *ret_mac)
{
    g_autofree char *value = NULL;
    int rc;

    if ((rc = prop_fetch(node, name, flags, &value)) <= 0)
        return rc;

    if (mv_mac_parse(value, ret_mac) < 0) {
        report_invalid(node, name, value, "Expected MAC address");
        return -1;
    }
    return 1;
}

int
mv_xml_pci_addr_parse(const xmlNode *node, MvPciAddr *ret_addr)
{
    MvPciAddr addr = { 0, 0, 0, 0 };

    if (mv_xml_prop_uint(node, "domain", 0, MV_XML_PROP_NONE, &addr.domain) < 0 ||
        mv_xml_prop_uint(node, "bus", 0, MV_XML_PROP_NONE, &addr.bus) < 0 ||
        mv_xml_prop_uint(node, "slot", 0, MV_XML_PROP_NONE, &addr.slot) < 0 ||
        mv_xml_prop_uint(node, "function", 0, MV_XML_PROP_NONE, &addr.function) < 0)
        return -1;

    if (mv_pci_addr_validate(&addr) < 0)
        return -1;

    *ret_addr = addr;
    return 0;
}

int
mv_xml_scaled_parse(const xmlNode *node, const char *unit_attr,
                    uint64_t default_scale, uint64_t limit,
                    uint64_t *ret_bytes)
{
    g_autofree char *text = mv_xml_content(node);
    g_autofree char *unit = NULL;
    uint64_t value;

    if (!text || parse_uint64(g_strstrip(text), 10, &value) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "invalid value for element '%s': '%s'",
                        node_name(node), text ? text : "");
        return -1;
    }

    if (unit_attr)
        unit = mv_xml_prop(node, unit_attr);
    if (mv_scale_integer(&value, unit, default_scale, limit) < 0)
        return -1;

    *ret_bytes = value;
    return 0;
}

/* Children ------------------------------------------------------------ */

bool
mv_xml_name_is(const xmlNode *node, const char *name)
{
    return node && node->name && strcmp((const char *) node->name, name) == 0;
}

xmlNode *
mv_xml_child(const xmlNode *node, const char *name)
{
    if (!node)
        return NULL;
    for (xmlNode *cur = node->children; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE && (!name || mv_xml_name_is(cur, name)))
            return cur;
    }
    return NULL;
}

xmlNode *
mv_xml_next(const xmlNode *node)
{
    for (xmlNode *cur = node->next; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE && mv_xml_name_is(cur, (const char *) node->name))
            return cur;
    }
    return NULL;
}

size_t
mv_xml_child_count(const xmlNode *node, const char *name)
{
    size_t n = 0;

    for (xmlNode *cur = mv_xml_child(node, name); cur; cur = mv_xml_next(cur))
        n++;
    return n;
}

char *
mv_xml_content(const xmlNode *node)
{
    xmlChar *content;
    char *copy;

    if (!node || !node->children)
        return NULL;
    content = xmlNodeGetContent(node);
    if (!content)
        return NULL;
    copy = g_strdup((const char *) content);
    xmlFree(content);
    return copy;
}

char *
mv_xml_child_content(const xmlNode *node, const char *name)
{
    return mv_xml_content(mv_xml_child(node, name));
}

char *
mv_xml_child_text(const xmlNode *node, const char *name)
{
    char *text = mv_xml_child_content(node, name);

    if (text && !*text)
        g_clear_pointer(&text, g_free);
    return text;
}

static void
strip_blank_text(xmlNode *node)
{
    xmlNode *cur = node->children;

    while (cur) {
        xmlNode *next = cur->next;

        if (cur->type == XML_TEXT_NODE && xmlIsBlankNode(cur)) {
            xmlUnlinkNode(cur);
            xmlFreeNode(cur);
        } else if (cur->type == XML_ELEMENT_NODE) {
            strip_blank_text(cur);
        }
        cur = next;
    }
}

xmlDoc *
mv_xml_subtree_copy(const xmlNode *node)
{
    g_autoptr(xmlDoc) doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNode *copy;

    if (!doc || !(copy = xmlDocCopyNode((xmlNode *) node, doc, 1))) {
        mv_report_error(VIR_ERR_NO_MEMORY, "cannot copy element '%s'", node_name(node));
        return NULL;
    }
    xmlDocSetRootElement(doc, copy);
    strip_blank_text(copy);
    return g_steal_pointer(&doc);
}

/* Formatting ---------------------------------------------------------- */

void
mv_xml_buf_init(MvXmlBuf *buf)
{
    buf->str = g_string_new(NULL);
    buf->open = g_ptr_array_new_with_free_func(g_free);
    buf->pending = false;
    buf->inline_text = false;
}

void
mv_xml_buf_clear(MvXmlBuf *buf)
{
    if (buf->str)
        g_string_free(buf->str, TRUE);
    if (buf->open)
        g_ptr_array_unref(buf->open);
    buf->str = NULL;
    buf->open = NULL;
}

char *
mv_xml_buf_steal(MvXmlBuf *buf)
{
    char *content = g_string_free(buf->str, FALSE);

    buf->str = g_string_new(NULL);
    g_ptr_array_set_size(buf->open, 0);
    buf->pending = false;
    buf->inline_text = false;
    return content;
}

void
mv_xml_escape(GString *out, const char *str)
{
    for (const char *cur = str; *cur; cur++) {
        switch (*cur) {
        case '<': g_string_append(out, "&lt;"); break;
        case '>': g_string_append(out, "&gt;"); break;
        case '&': g_string_append(out, "&amp;"); break;
        case '"': g_string_append(out, "&quot;"); break;
        case '\'': g_string_append(out, "&apos;"); break;
        case '\t':
        case '\n':
        case '\r':
            g_string_append_c(out, *cur);
            break;
        default:
            if ((unsigned char) *cur >= 0x20)
                g_string_append_c(out, *cur);
            break;
        }
    }
}

static void
buf_indent(MvXmlBuf *buf)
{
    for (guint i = 0; i < buf->open->len; i++)
        g_string_append(buf->str, "  ");
}

/* Ends a start tag still waiting for attributes, before content. */
static void
buf_flush_start(MvXmlBuf *buf, bool newline)
{
    if (!buf->pending)
        return;
    g_string_append(buf->str, newline ? ">\n" : ">");
    buf->pending = false;
}

void
mv_xml_buf_start(MvXmlBuf *buf, const char *name)
{
    buf_flush_start(buf, true);
    buf_indent(buf);
    g_string_append_c(buf->str, '<');
    g_string_append(buf->str, name);
    g_ptr_array_add(buf->open, g_strdup(name));
    buf->pending = true;
    buf->inline_text = false;
}

void
mv_xml_buf_attr(MvXmlBuf *buf, const char *name, const char *value)
{
    if (!value)
        return;
    g_string_append_printf(buf->str, " %s='", name);
    mv_xml_escape(buf->str, value);
    g_string_append_c(buf->str, '\'');
}

void
mv_xml_buf_attr_printf(MvXmlBuf *buf, const char *name, const char *fmt, ...)
{
    g_autofree char *value = NULL;
    va_list ap;

    va_start(ap, fmt);
    value = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    mv_xml_buf_attr(buf, name, value);
}

void
mv_xml_buf_attr_uint(MvXmlBuf *buf, const char *name, unsigned long long value)
{
    g_string_append_printf(buf->str, " %s='%llu'", name, value);
}

void
mv_xml_buf_attr_tristate_bool(MvXmlBuf *buf, const char *name, MvTristate value)
{
    if (value != MV_TRISTATE_ABSENT)
        mv_xml_buf_attr(buf, name, mv_tristate_bool_to_string(value));
}

void
mv_xml_buf_attr_tristate_switch(MvXmlBuf *buf, const char *name, MvTristate value)
{
    if (value != MV_TRISTATE_ABSENT)
        mv_xml_buf_attr(buf, name, mv_tristate_switch_to_string(value));
}

void
mv_xml_buf_text(MvXmlBuf *buf, const char *text)
{
    buf_flush_start(buf, false);
    mv_xml_escape(buf->str, text);
    buf->inline_text = true;
}

void
mv_xml_buf_open_children(MvXmlBuf *buf)
{
    buf_flush_start(buf, true);
}

void
mv_xml_buf_end(MvXmlBuf *buf)
{
    g_autofree char *name = NULL;

    g_return_if_fail(buf->open->len > 0);
    name = g_ptr_array_steal_index(buf->open, buf->open->len - 1);

    if (buf->pending) {
        g_string_append(buf->str, "/>\n");
    } else {
        if (!buf->inline_text)
            buf_indent(buf);
        g_string_append_printf(buf->str, "</%s>\n", name);
    }
    buf->pending = false;
    buf->inline_text = false;
}

void
mv_xml_buf_text_element(MvXmlBuf *buf, const char *name, const char *text)
{
    if (!text)
        return;
    mv_xml_buf_start(buf, name);
    mv_xml_buf_text(buf, text);
    mv_xml_buf_end(buf);
}

void
mv_xml_buf_subtree(MvXmlBuf *buf, const xmlDoc *subtree)
{
    xmlNode *root = xmlDocGetRootElement(subtree);
    xmlBufferPtr xmlbuf;
    int saved_indent = xmlIndentTreeOutput;

    if (!root)
        return;

    buf_flush_start(buf, true);
    xmlbuf = xmlBufferCreate();
    xmlIndentTreeOutput = 1;
    xmlNodeDump(xmlbuf, (xmlDoc *) subtree, root, (int) buf->open->len, 1);
    xmlIndentTreeOutput = saved_indent;

    buf_indent(buf);
    g_string_append(buf->str, (const char *) xmlBufferContent(xmlbuf));
    g_string_append_c(buf->str, '\n');
    xmlBufferFree(xmlbuf);
}
