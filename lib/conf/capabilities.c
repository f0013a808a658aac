/* Capabilities XML (<capabilities>): the host, the guests it can run and the storage pool types; parse, build from code, format. */
#define MV_LOG_MODULE "conf.capabilities"
#define MV_FROM_THIS VIR_FROM_CAPABILITIES

#include "capabilities.h"

#include "util/error.h"
#include "util/log.h"

MvCaps *
mv_caps_new(void)
{
    MvCaps *caps = g_new0(MvCaps, 1);

    mv_caps_host_init(&caps->host);
    caps->guests = g_ptr_array_new_with_free_func((GDestroyNotify) mv_caps_guest_free);
    caps->pool_types = g_ptr_array_new_with_free_func(g_free);
    return caps;
}

void
mv_caps_free(MvCaps *caps)
{
    if (!caps)
        return;
    mv_caps_host_clear(&caps->host);
    g_ptr_array_unref(caps->guests);
    g_ptr_array_unref(caps->pool_types);
    g_free(caps);
}

MvCapsGuest *
mv_caps_add_guest(MvCaps *caps, MvCapsOsType os_type, MvArch arch,
                  unsigned int wordsize, const char *emulator, const char *loader)
{
    MvCapsGuest *guest = mv_caps_guest_new(os_type, arch, wordsize, emulator, loader);

    g_ptr_array_add(caps->guests, guest);
    return guest;
}

void
mv_caps_add_pool_type(MvCaps *caps, const char *type)
{
    g_ptr_array_add(caps->pool_types, g_strdup(type));
}

static int
pool_parse(const xmlNode *node, MvCaps *caps)
{
    for (xmlNode *e = mv_xml_child(node, "enum"); e; e = mv_xml_next(e)) {
        g_autofree char *name = mv_xml_prop(e, "name");

        if (g_strcmp0(name, "type") != 0)
            continue;
        for (xmlNode *v = mv_xml_child(e, "value"); v; v = mv_xml_next(v)) {
            g_autofree char *text = mv_xml_content(v);

            if (!text || !*g_strstrip(text)) {
                mv_report_error(VIR_ERR_XML_ERROR, "%s", "empty storage pool type in element 'value'");
                return -1;
            }
            mv_caps_add_pool_type(caps, text);
        }
    }
    return 0;
}

MvCaps *
mv_caps_parse_node(const xmlNode *root)
{
    g_autoptr(MvCaps) caps = mv_caps_new();
    xmlNode *node;

    if ((node = mv_xml_child(root, "host")) && mv_caps_host_parse(node, &caps->host) < 0)
        return NULL;
    for (node = mv_xml_child(root, "guest"); node; node = mv_xml_next(node)) {
        MvCapsGuest *guest = mv_caps_guest_parse(node);

        if (!guest)
            return NULL;
        g_ptr_array_add(caps->guests, guest);
    }
    if ((node = mv_xml_child(root, "pool")) && pool_parse(node, caps) < 0)
        return NULL;

    MV_DEBUG("parsed capabilities with %u guests", caps->guests->len);
    return g_steal_pointer(&caps);
}

MvCaps *
mv_caps_parse_string(const char *xml)
{
    g_autoptr(xmlDoc) doc = mv_xml_parse_string(xml, "capabilities");

    if (!doc)
        return NULL;
    return mv_caps_parse_node(xmlDocGetRootElement(doc));
}

char *
mv_caps_format(const MvCaps *caps)
{
    g_auto(MvXmlBuf) buf = { 0 };

    mv_xml_buf_init(&buf);
    mv_xml_buf_start(&buf, "capabilities");
    mv_xml_buf_open_children(&buf);
    /* libvirt leaves a blank line after the opening tag and after each
     * section (host, guest, pool). */
    g_string_append_c(buf.str, '\n');
    mv_caps_host_format(&buf, &caps->host);
    for (guint i = 0; i < caps->guests->len; i++)
        mv_caps_guest_format(&buf, g_ptr_array_index(caps->guests, i));
    if (caps->pool_types->len) {
        mv_xml_buf_start(&buf, "pool");
        mv_xml_buf_start(&buf, "enum");
        mv_xml_buf_attr(&buf, "name", "type");
        for (guint i = 0; i < caps->pool_types->len; i++)
            mv_xml_buf_text_element(&buf, "value", g_ptr_array_index(caps->pool_types, i));
        mv_xml_buf_end(&buf);
        mv_xml_buf_end(&buf);
        g_string_append_c(buf.str, '\n');
    }
    mv_xml_buf_end(&buf);
    return mv_xml_buf_steal(&buf);
}
