/* Shared XML helpers over libxml2: safe parsing, typed attribute getters, child lookup, a formatter. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "util/enum.h"
#include "util/macaddr.h"
#include "util/pciaddr.h"
#include "util/uuid.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlDoc, xmlFreeDoc)

/* An optional yes/no (or on/off) attribute: ABSENT when the XML does not
 * say, so that the formatter writes back only what was given. */
typedef enum {
    MV_TRISTATE_ABSENT = 0,
    MV_TRISTATE_YES,
    MV_TRISTATE_NO,
    MV_TRISTATE_LAST
} MvTristate;

/* "default", "yes", "no" and "default", "on", "off" (index 0 is never
 * written by the formatters and never accepted by the getters). */
MV_ENUM_DECL(mv_tristate_bool);
MV_ENUM_DECL(mv_tristate_switch);

/* Parsing ------------------------------------------------------------- */

/* Parses a whole document from a string. No network access and no entity
 * substitution. When root is not NULL the root element must be named so.
 * Errors (VIR_ERR_XML_ERROR): "at line N: <libxml2's message>",
 * "expecting root element of 'network', not 'domain'". */
xmlDoc *mv_xml_parse_string(const char *xml, const char *root);

/* Attribute getters ---------------------------------------------------
 * Each returns 1 when the attribute is present and valid (ret_value set),
 * 0 when it is absent (ret_value untouched) and -1 after reporting
 * VIR_ERR_XML_ERROR naming the attribute, the element and the bad value:
 *   "Missing required attribute 'name' in element 'host'"
 *   "Invalid value for attribute 'mode' in element 'forward': 'bogus'." */
typedef enum {
    MV_XML_PROP_NONE = 0,
    MV_XML_PROP_REQUIRED = 1 << 0,  /* absent is an error */
    MV_XML_PROP_NONZERO = 1 << 1,   /* a value of 0 is an error */
} MvXmlPropFlags;

/* The raw value, or NULL when absent; never reports. Caller frees. */
char *mv_xml_prop(const xmlNode *node, const char *name);

int mv_xml_prop_string(const xmlNode *node, const char *name,
                       unsigned int flags, char **ret_value);

/* from_string is an MV_ENUM_IMPL function (NAME_from_string). With
 * MV_XML_PROP_NONZERO the name at index 0 ("none", "default") is refused. */
int mv_xml_prop_enum(const xmlNode *node, const char *name,
                     int (*from_string)(const char *str),
                     unsigned int flags, int *ret_value);

/* base is 10, 16 or 0 (0: "0x" prefix for hex, as libvirt reads PCI
 * addresses). Signs, spaces and trailing junk are refused. */
int mv_xml_prop_uint(const xmlNode *node, const char *name, int base,
                     unsigned int flags, unsigned int *ret_value);
int mv_xml_prop_uint64(const xmlNode *node, const char *name, int base,
                       unsigned int flags, uint64_t *ret_value);

/* yes/no and on/off; anything else (including "default") is refused. */
int mv_xml_prop_tristate_bool(const xmlNode *node, const char *name,
                              unsigned int flags, MvTristate *ret_value);
int mv_xml_prop_tristate_switch(const xmlNode *node, const char *name,
                                unsigned int flags, MvTristate *ret_value);

int mv_xml_prop_uuid(const xmlNode *node, const char *name,
                     unsigned int flags, unsigned char ret_uuid[MV_UUID_BUFLEN]);

/* Reports VIR_ERR_XML_ERROR naming the attribute, element and text. */
int mv_xml_prop_mac(const xmlNode *node, const char *name,
                    unsigned int flags, MvMacAddr *ret_mac);

/* <address domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/>:
 * as libvirt, each field is optional (0 when absent, base 0 so "0x" reads
 * hex) and range-checked with mv_pci_addr_validate. Returns 0 or -1. */
int mv_xml_pci_addr_parse(const xmlNode *node, MvPciAddr *ret_addr);

/* An element holding a number and an optional unit attribute
 * (<memory unit='MiB'>512</memory>), scaled to bytes. Bad numbers report
 * VIR_ERR_XML_ERROR naming the element; unknown units and overflow report
 * VIR_ERR_INVALID_ARG / VIR_ERR_OVERFLOW. Returns 0 or -1. */
int mv_xml_scaled_parse(const xmlNode *node, const char *unit_attr,
                        uint64_t default_scale, uint64_t limit,
                        uint64_t *ret_bytes);

/* Children ------------------------------------------------------------ */

/* The first element child named name (any name when NULL), or NULL. */
xmlNode *mv_xml_child(const xmlNode *node, const char *name);

/* The next element sibling with the same name as node, or NULL. Loop:
 *   for (n = mv_xml_child(parent, "host"); n; n = mv_xml_next(n)) */
xmlNode *mv_xml_next(const xmlNode *node);

size_t mv_xml_child_count(const xmlNode *node, const char *name);

/* The text content of node, or NULL when it has none. Caller frees. */
char *mv_xml_content(const xmlNode *node);

/* The text of the first child named name, or NULL. Caller frees. */
char *mv_xml_child_content(const xmlNode *node, const char *name);

/* The same, but NULL also when the text is empty, as libvirt's XPath
 * string() lookups read an element (node may be NULL). Caller frees. */
char *mv_xml_child_text(const xmlNode *node, const char *name);

bool mv_xml_name_is(const xmlNode *node, const char *name);

/* A private copy of node and its subtree (without whitespace-only text),
 * kept as the root of its own document, for content modvirt does not
 * interpret (<metadata>). Free with xmlFreeDoc. */
xmlDoc *mv_xml_subtree_copy(const xmlNode *node);

/* Formatting ----------------------------------------------------------
 * Two-space indentation, attributes in single quotes, an element without
 * children written as <x/>. */
typedef struct {
    GString *str;
    GPtrArray *open;        /* names of the elements not yet closed */
    bool pending;           /* the last start tag is still open for attributes */
    bool inline_text;       /* the innermost element holds text on one line */
} MvXmlBuf;

void mv_xml_buf_init(MvXmlBuf *buf);
void mv_xml_buf_clear(MvXmlBuf *buf);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(MvXmlBuf, mv_xml_buf_clear)

/* The document so far; the buffer is empty afterwards. Caller frees. */
char *mv_xml_buf_steal(MvXmlBuf *buf);

/* Appends str escaped as libvirt does: < > & ' " become entities and the
 * control characters other than tab, newline and return are dropped. */
void mv_xml_escape(GString *out, const char *str);

/* Starts <name; attributes follow, then children or text, then end. */
void mv_xml_buf_start(MvXmlBuf *buf, const char *name);

/* name='value', escaped; nothing when value is NULL. Only right after
 * start or another attribute. */
void mv_xml_buf_attr(MvXmlBuf *buf, const char *name, const char *value);
void mv_xml_buf_attr_printf(MvXmlBuf *buf, const char *name,
                            const char *fmt, ...) G_GNUC_PRINTF(3, 4);
void mv_xml_buf_attr_uint(MvXmlBuf *buf, const char *name, unsigned long long value);
/* yes/no, on/off; nothing for MV_TRISTATE_ABSENT. */
void mv_xml_buf_attr_tristate_bool(MvXmlBuf *buf, const char *name, MvTristate value);
void mv_xml_buf_attr_tristate_switch(MvXmlBuf *buf, const char *name, MvTristate value);

/* Escaped text content on the same line as the tags: <name>text</name>. */
void mv_xml_buf_text(MvXmlBuf *buf, const char *text);

/* Ends the start tag now, so that the element gets a closing tag even
 * with no children: libvirt writes <ip ...>\n</ip> and <portgroup> so. */
void mv_xml_buf_open_children(MvXmlBuf *buf);

/* Closes the innermost open element: "/>" when it got no content. */
void mv_xml_buf_end(MvXmlBuf *buf);

/* <name>text</name>; nothing when text is NULL. */
void mv_xml_buf_text_element(MvXmlBuf *buf, const char *name, const char *text);

/* Writes a subtree kept by mv_xml_subtree_copy at the current indent. */
void mv_xml_buf_subtree(MvXmlBuf *buf, const xmlDoc *subtree);
