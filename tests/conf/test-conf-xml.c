/* Tests of lib/conf/xml: parsing errors, typed attribute getters, the formatter and its escaping. */
#define MV_FROM_THIS VIR_FROM_XML

#include "conf/network.h"
#include "conf/xml.h"
#include "util/error.h"
#include "util/log.h"

typedef enum { COLOR_NONE, COLOR_RED, COLOR_BLUE, COLOR_LAST } Color;
MV_ENUM_DECL(color);
MV_ENUM_IMPL(color, COLOR_LAST, "none", "red", "blue")

static xmlNode *
root_of(xmlDoc *doc)
{
    return xmlDocGetRootElement(doc);
}

static void
test_parse_errors(void)
{
    g_autoptr(xmlDoc) ok = mv_xml_parse_string("<network><name>a</name></network>", "network");

    g_assert_nonnull(ok);
    g_assert_null(mv_xml_parse_string("<network>\n<name>a</nam>\n</network>", "network"));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_XML_ERROR);
    g_assert_true(g_str_has_prefix(mv_error_last_message(), "XML error: at line 2: "));
    g_assert_nonnull(strstr(mv_error_last_message(), "name"));

    g_assert_null(mv_xml_parse_string("<domain/>", "network"));
    g_assert_cmpstr(mv_error_last_message(), ==,
                    "XML error: expecting root element of 'network', not 'domain'");

    g_assert_null(mv_xml_parse_string("", NULL));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_XML_ERROR);
}

static void
test_no_external_entities(void)
{
    /* An external entity is neither loaded nor substituted. */
    const char *xml =
        "<?xml version='1.0'?>\n"
        "<!DOCTYPE network [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
        "<network><name>&x;</name></network>";
    g_autoptr(xmlDoc) doc = mv_xml_parse_string(xml, "network");
    g_autofree char *name = NULL;

    g_assert_nonnull(doc);
    name = mv_xml_child_content(root_of(doc), "name");
    g_assert_true(name == NULL || strstr(name, "root:") == NULL);
}

static void
test_prop_getters(void)
{
    g_autoptr(xmlDoc) doc = mv_xml_parse_string(
        "<e s='text' c='blue' bad='green' zero='none' n='42' hex='0x1f' neg='-1'"
        " big='4294967296' yes='yes' on='off' junk='12a' uuid='c7a5fdbd-edaf-9455-926a-d65c16db1809'"
        " mac='52:54:00:ab:cd:ef' badmac='52:54:00'/>", NULL);
    xmlNode *e = root_of(doc);
    g_autofree char *s = NULL;
    unsigned char uuid[MV_UUID_BUFLEN];
    unsigned int u = 7;
    uint64_t u64 = 0;
    MvTristate t = MV_TRISTATE_ABSENT;
    MvMacAddr mac;
    int v = -5;

    g_assert_cmpint(mv_xml_prop_string(e, "s", MV_XML_PROP_REQUIRED, &s), ==, 1);
    g_assert_cmpstr(s, ==, "text");
    g_assert_cmpint(mv_xml_prop_string(e, "absent", MV_XML_PROP_NONE, &s), ==, 0);
    g_assert_cmpint(mv_xml_prop_string(e, "absent", MV_XML_PROP_REQUIRED, &s), ==, -1);
    g_assert_cmpstr(mv_error_last_message(), ==,
                    "XML error: Missing required attribute 'absent' in element 'e'");

    g_assert_cmpint(mv_xml_prop_enum(e, "c", color_from_string, 0, &v), ==, 1);
    g_assert_cmpint(v, ==, COLOR_BLUE);
    g_assert_cmpint(mv_xml_prop_enum(e, "bad", color_from_string, 0, &v), ==, -1);
    g_assert_cmpstr(mv_error_last_message(), ==,
                    "XML error: Invalid value for attribute 'bad' in element 'e': 'green'.");
    g_assert_cmpint(mv_xml_prop_enum(e, "zero", color_from_string, 0, &v), ==, 1);
    g_assert_cmpint(mv_xml_prop_enum(e, "zero", color_from_string, MV_XML_PROP_NONZERO, &v), ==, -1);

    g_assert_cmpint(mv_xml_prop_uint(e, "n", 10, 0, &u), ==, 1);
    g_assert_cmpuint(u, ==, 42);
    g_assert_cmpint(mv_xml_prop_uint(e, "hex", 0, 0, &u), ==, 1);
    g_assert_cmpuint(u, ==, 0x1f);
    g_assert_cmpint(mv_xml_prop_uint(e, "hex", 10, 0, &u), ==, -1);
    g_assert_cmpint(mv_xml_prop_uint(e, "neg", 10, 0, &u), ==, -1);
    g_assert_cmpstr(mv_error_last_message(), ==,
                    "XML error: Invalid value for attribute 'neg' in element 'e': '-1'. "
                    "Expected non-negative integer value");
    g_assert_cmpint(mv_xml_prop_uint(e, "big", 10, 0, &u), ==, -1);
    g_assert_cmpint(mv_xml_prop_uint64(e, "big", 10, 0, &u64), ==, 1);
    g_assert_cmpuint(u64, ==, 4294967296ULL);
    g_assert_cmpint(mv_xml_prop_uint(e, "junk", 10, 0, &u), ==, -1);
    /* Absent leaves the value alone: defaults are the caller's. */
    g_assert_cmpint(mv_xml_prop_uint(e, "absent", 10, 0, &u), ==, 0);
    g_assert_cmpuint(u, ==, 0x1f);

    g_assert_cmpint(mv_xml_prop_tristate_bool(e, "yes", 0, &t), ==, 1);
    g_assert_cmpint(t, ==, MV_TRISTATE_YES);
    g_assert_cmpint(mv_xml_prop_tristate_bool(e, "on", 0, &t), ==, -1);
    g_assert_cmpint(mv_xml_prop_tristate_switch(e, "on", 0, &t), ==, 1);
    g_assert_cmpint(t, ==, MV_TRISTATE_NO);

    g_assert_cmpint(mv_xml_prop_uuid(e, "uuid", 0, uuid), ==, 1);
    g_assert_cmpint(uuid[0], ==, 0xc7);
    g_assert_cmpint(mv_xml_prop_uuid(e, "s", 0, uuid), ==, -1);
    g_assert_cmpstr(mv_error_last_message(), ==,
                    "XML error: Invalid value for attribute 's' in element 'e': 'text'. Expected UUID");
    g_assert_cmpint(mv_xml_prop_mac(e, "mac", 0, &mac), ==, 1);
    g_assert_cmpint(mac.addr[5], ==, 0xef);
    g_assert_cmpint(mv_xml_prop_mac(e, "badmac", 0, &mac), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_XML_ERROR);
}

static void
test_pci_and_scaled(void)
{
    g_autoptr(xmlDoc) doc = mv_xml_parse_string(
        "<r><address domain='0x0000' bus='0x03' slot='0x1f' function='0x7'/>"
        "<address bus='0x03' slot='0x20'/><memory unit='MiB'>512</memory>"
        "<memory unit='parsec'>1</memory><memory>x</memory></r>", NULL);
    xmlNode *addr = mv_xml_child(root_of(doc), "address");
    xmlNode *mem = mv_xml_child(root_of(doc), "memory");
    MvPciAddr pci;
    uint64_t bytes = 0;

    g_assert_cmpint(mv_xml_pci_addr_parse(addr, &pci), ==, 0);
    g_assert_cmpuint(pci.bus, ==, 3);
    g_assert_cmpuint(pci.slot, ==, 0x1f);
    g_assert_cmpuint(pci.function, ==, 7);
    g_assert_cmpint(mv_xml_pci_addr_parse(mv_xml_next(addr), &pci), ==, -1);

    g_assert_cmpint(mv_xml_scaled_parse(mem, "unit", 1024, G_MAXUINT64, &bytes), ==, 0);
    g_assert_cmpuint(bytes, ==, 512ULL * 1024 * 1024);
    mem = mv_xml_next(mem);
    g_assert_cmpint(mv_xml_scaled_parse(mem, "unit", 1024, G_MAXUINT64, &bytes), ==, -1);
    mem = mv_xml_next(mem);
    g_assert_cmpint(mv_xml_scaled_parse(mem, "unit", 1024, G_MAXUINT64, &bytes), ==, -1);
    g_assert_cmpstr(mv_error_last_message(), ==, "XML error: invalid value for element 'memory': 'x'");
}

static void
test_children(void)
{
    g_autoptr(xmlDoc) doc = mv_xml_parse_string(
        "<r>text<a n='1'/><!-- c --><b/><a n='2'/><a n='3'/></r>", NULL);
    xmlNode *r = root_of(doc);
    xmlNode *a = mv_xml_child(r, "a");
    g_autofree char *n = NULL;

    g_assert_cmpuint(mv_xml_child_count(r, "a"), ==, 3);
    g_assert_cmpuint(mv_xml_child_count(r, "c"), ==, 0);
    g_assert_true(mv_xml_name_is(mv_xml_child(r, NULL), "a"));
    a = mv_xml_next(mv_xml_next(a));
    n = mv_xml_prop(a, "n");
    g_assert_cmpstr(n, ==, "3");
    g_assert_null(mv_xml_next(a));
}

static void
test_formatter(void)
{
    g_auto(MvXmlBuf) buf = { 0 };
    g_autofree char *out = NULL;

    mv_xml_buf_init(&buf);
    mv_xml_buf_start(&buf, "top");
    mv_xml_buf_attr(&buf, "q", "a'b\"c<d>e&f");
    mv_xml_buf_attr(&buf, "skipped", NULL);
    mv_xml_buf_start(&buf, "empty");
    mv_xml_buf_attr_uint(&buf, "n", 18446744073709551615ULL);
    mv_xml_buf_end(&buf);
    mv_xml_buf_text_element(&buf, "text", "x < y & \x01z");
    mv_xml_buf_text_element(&buf, "none", NULL);
    mv_xml_buf_start(&buf, "kept");
    mv_xml_buf_open_children(&buf);
    mv_xml_buf_end(&buf);
    mv_xml_buf_start(&buf, "tri");
    mv_xml_buf_attr_tristate_bool(&buf, "a", MV_TRISTATE_ABSENT);
    mv_xml_buf_attr_tristate_bool(&buf, "b", MV_TRISTATE_NO);
    mv_xml_buf_attr_tristate_switch(&buf, "c", MV_TRISTATE_YES);
    mv_xml_buf_end(&buf);
    mv_xml_buf_end(&buf);
    out = mv_xml_buf_steal(&buf);

    g_assert_cmpstr(out, ==,
                    "<top q='a&apos;b&quot;c&lt;d&gt;e&amp;f'>\n"
                    "  <empty n='18446744073709551615'/>\n"
                    "  <text>x &lt; y &amp; z</text>\n"
                    "  <kept>\n"
                    "  </kept>\n"
                    "  <tri b='no' c='on'/>\n"
                    "</top>\n");
}

static void
test_subtree(void)
{
    g_autoptr(xmlDoc) doc = mv_xml_parse_string(
        "<r>\n  <metadata>\n      <app:x xmlns:app='http://example.org/app' k='v'>\n"
        "   <app:y>t</app:y></app:x>\n  </metadata>\n</r>", NULL);
    g_autoptr(xmlDoc) copy = mv_xml_subtree_copy(mv_xml_child(root_of(doc), "metadata"));
    g_auto(MvXmlBuf) buf = { 0 };
    g_autofree char *out = NULL;

    g_assert_nonnull(copy);
    mv_xml_buf_init(&buf);
    mv_xml_buf_start(&buf, "outer");
    mv_xml_buf_subtree(&buf, copy);
    mv_xml_buf_end(&buf);
    out = mv_xml_buf_steal(&buf);
    g_assert_cmpstr(out, ==,
                    "<outer>\n"
                    "  <metadata>\n"
                    "    <app:x xmlns:app=\"http://example.org/app\" k=\"v\">\n"
                    "      <app:y>t</app:y>\n"
                    "    </app:x>\n"
                    "  </metadata>\n"
                    "</outer>\n");
}

static void
test_network_generated_uuid(void)
{
    /* Without <uuid> the parser makes one, as libvirt's does, and writes it. */
    g_autoptr(MvNetworkDef) a = mv_network_def_parse_string("<network><name>n</name></network>");
    g_autoptr(MvNetworkDef) b = mv_network_def_parse_string("<network><name>n</name></network>");
    g_autofree char *out = NULL;

    g_assert_nonnull(a);
    g_assert_nonnull(b);
    g_assert_false(a->uuid_specified);
    g_assert_false(mv_uuid_is_null(a->uuid));
    g_assert_true(memcmp(a->uuid, b->uuid, MV_UUID_BUFLEN) != 0);
    out = mv_network_def_format(a, 0);
    g_assert_nonnull(strstr(out, "<uuid>"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    g_test_add_func("/conf/xml/parse-errors", test_parse_errors);
    g_test_add_func("/conf/xml/no-external-entities", test_no_external_entities);
    g_test_add_func("/conf/xml/prop-getters", test_prop_getters);
    g_test_add_func("/conf/xml/pci-and-scaled", test_pci_and_scaled);
    g_test_add_func("/conf/xml/children", test_children);
    g_test_add_func("/conf/xml/formatter", test_formatter);
    g_test_add_func("/conf/xml/subtree", test_subtree);
    g_test_add_func("/conf/xml/network-generated-uuid", test_network_generated_uuid);
    return g_test_run();
}
