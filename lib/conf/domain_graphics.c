/* Domain <graphics> devices: parse (with the old listen= / socket= spellings), post-parse, validate, format. */
#define MV_LOG_MODULE "conf.domain_graphics"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_graphics.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "domain_audio.h"
#include "domain_os.h"
#include "util/error.h"

MV_ENUM_IMPL(mv_domain_graphics_type, MV_DOMAIN_GRAPHICS_LAST,
             "sdl", "vnc", "rdp", "desktop", "spice", "egl-headless", "dbus")
MV_ENUM_IMPL(mv_domain_graphics_listen_type, MV_DOMAIN_GRAPHICS_LISTEN_LAST,
             "none", "address", "network", "socket")
MV_ENUM_IMPL(mv_domain_graphics_connected, MV_DOMAIN_GRAPHICS_CONNECTED_LAST,
             "default", "fail", "disconnect", "keep")
MV_ENUM_IMPL(mv_domain_graphics_share_policy, MV_DOMAIN_GRAPHICS_SHARE_LAST,
             "default", "allow-exclusive", "force-shared", "ignore")
MV_ENUM_IMPL(mv_domain_spice_channel, MV_DOMAIN_SPICE_CHANNEL_LAST,
             "main", "display", "inputs", "cursor", "playback", "record", "smartcard", "usbredir")
MV_ENUM_IMPL(mv_domain_spice_mode, MV_DOMAIN_SPICE_MODE_LAST, "any", "secure", "insecure")
MV_ENUM_IMPL(mv_domain_spice_image, MV_DOMAIN_SPICE_IMAGE_LAST,
             "default", "auto_glz", "auto_lz", "quic", "glz", "lz", "off")
MV_ENUM_IMPL(mv_domain_spice_compression, MV_DOMAIN_SPICE_COMPRESSION_LAST,
             "default", "auto", "never", "always")
MV_ENUM_IMPL(mv_domain_spice_streaming, MV_DOMAIN_SPICE_STREAMING_LAST,
             "default", "filter", "all", "off")

static void
listen_clear(gpointer data)
{
    MvDomainGraphicsListen *listen = data;

    g_free(listen->address);
    g_free(listen->network);
    g_free(listen->socket);
}

void
mv_domain_graphics_free(MvDomainGraphics *def)
{
    if (!def)
        return;
    if (def->listens)
        g_array_unref(def->listens);
    g_free(def->keymap);
    g_free(def->passwd);
    g_free(def->display);
    g_free(def->xauth);
    g_free(def->rendernode);
    g_free(def->address);
    g_free(def);
}

/* Parsing ------------------------------------------------------------- */

/* A signed decimal number, as libvirt's string-to-int reads one. */
static bool
int_parse(const char *text, int *ret_value)
{
    long v;
    char *end = NULL;

    errno = 0;
    v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < G_MININT || v > G_MAXINT)
        return false;
    *ret_value = v;
    return true;
}

/* One field of YYYY-MM-DDTHH:MM:SS and the separator after it. */
static bool
time_field(const char **cur, char sep, int *ret_value)
{
    long v;
    char *end = NULL;

    errno = 0;
    v = strtol(*cur, &end, 10);
    if (errno || end == *cur || *end != sep || v < G_MININT || v > G_MAXINT)
        return false;
    *ret_value = v;
    *cur = end + 1;
    return true;
}

static int
auth_parse(const xmlNode *node, MvDomainGraphics *def)
{
    g_autofree char *valid_to = NULL;
    g_autofree char *connected = mv_xml_prop(node, "connected");

    if (!(def->passwd = mv_xml_prop(node, "passwd")))
        return 0;

    if ((valid_to = mv_xml_prop(node, "passwdValidTo"))) {
        const char *cur = valid_to;
        int year, mon, mday, hour, min, sec;
        g_autoptr(GTimeZone) utc = g_time_zone_new_utc();
        g_autoptr(GDateTime) then = NULL;

        if (!time_field(&cur, '-', &year) || !time_field(&cur, '-', &mon) ||
            !time_field(&cur, 'T', &mday) || !time_field(&cur, ':', &hour) ||
            !time_field(&cur, ':', &min) || !time_field(&cur, '\0', &sec)) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "cannot parse password validity time '%s', expect YYYY-MM-DDTHH:MM:SS",
                            valid_to);
            return -1;
        }
        then = g_date_time_new(utc, year, mon, mday, hour, min, sec);
        def->valid_to = then ? g_date_time_to_unix(then) : 0;
        def->expires = true;
    }

    if (connected) {
        int action = mv_domain_graphics_connected_from_string(connected);

        if (action <= 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown connected value %s", connected);
            return -1;
        }
        if (def->type == MV_DOMAIN_GRAPHICS_VNC && action != MV_DOMAIN_GRAPHICS_CONNECTED_KEEP) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "VNC supports connected='keep' only");
            return -1;
        }
        def->connected = action;
    }
    return 0;
}

/* One <listen>; the first one is checked against the old listen= and
 * socket= attributes of <graphics> (parent). */
static int
listen_parse(const xmlNode *node, const xmlNode *parent, unsigned int flags,
             const MvDomainGraphics *graphics, MvDomainGraphicsListen *def)
{
    const char *gtype = mv_domain_graphics_type_to_string(graphics->type);
    g_autofree char *address = mv_xml_prop(node, "address");
    g_autofree char *network = mv_xml_prop(node, "network");
    g_autofree char *socket = mv_xml_prop(node, "socket");
    g_autofree char *address_compat = parent ? mv_xml_prop(parent, "listen") : NULL;
    g_autofree char *socket_compat = parent ? mv_xml_prop(parent, "socket") : NULL;
    bool vnc_or_spice = graphics->type == MV_DOMAIN_GRAPHICS_VNC ||
                        graphics->type == MV_DOMAIN_GRAPHICS_SPICE;
    int type;

    if (mv_xml_prop_enum(node, "type", mv_domain_graphics_listen_type_from_string,
                         MV_XML_PROP_REQUIRED, &type) < 0)
        return -1;
    def->type = type;

    if ((type == MV_DOMAIN_GRAPHICS_LISTEN_SOCKET || type == MV_DOMAIN_GRAPHICS_LISTEN_NONE) &&
        !vnc_or_spice) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "listen type '%s' is not available for graphics type '%s'",
                        mv_domain_graphics_listen_type_to_string(type), gtype);
        return -1;
    }

    if (type == MV_DOMAIN_GRAPHICS_LISTEN_ADDRESS) {
        if (address && address_compat && strcmp(address, address_compat) != 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "graphics 'listen' attribute '%s' must match 'address' attribute of first listen element (found '%s')",
                            address_compat, address);
            return -1;
        }
        if (!address)
            address = g_steal_pointer(&address_compat);
    }
    if (type == MV_DOMAIN_GRAPHICS_LISTEN_SOCKET) {
        if (socket && socket_compat && strcmp(socket, socket_compat) != 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "graphics 'socket' attribute '%s' must match 'socket' attribute of first listen element (found '%s')",
                            socket_compat, socket);
            return -1;
        }
        if (!socket)
            socket = g_steal_pointer(&socket_compat);
    }

    /* The address of a network listen is live state only. */
    if (address && address[0] &&
        (type == MV_DOMAIN_GRAPHICS_LISTEN_ADDRESS ||
         (type == MV_DOMAIN_GRAPHICS_LISTEN_NETWORK && !(flags & MV_DOMAIN_XML_INACTIVE))))
        def->address = g_steal_pointer(&address);

    if (network && network[0]) {
        if (type != MV_DOMAIN_GRAPHICS_LISTEN_NETWORK) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "'network' attribute is valid only for listen type 'network'");
            return -1;
        }
        def->network = g_steal_pointer(&network);
    }
    if (socket && socket[0]) {
        if (type != MV_DOMAIN_GRAPHICS_LISTEN_SOCKET) {
            mv_report_error(VIR_ERR_XML_ERROR,
                            "'socket' attribute is valid only for listen type 'socket'");
            return -1;
        }
        def->socket = g_steal_pointer(&socket);
    }
    return 0;
}

static int
listens_parse(const xmlNode *node, unsigned int flags, MvDomainGraphics *def)
{
    MvDomainGraphicsListen compat = { 0 };
    g_autofree char *socket = NULL;

    def->listens = g_array_new(FALSE, TRUE, sizeof(MvDomainGraphicsListen));
    g_array_set_clear_func(def->listens, listen_clear);

    for (xmlNode *child = mv_xml_child(node, "listen"); child; child = mv_xml_next(child)) {
        MvDomainGraphicsListen listen = { 0 };

        if (listen_parse(child, def->listens->len == 0 ? node : NULL, flags, def, &listen) < 0) {
            listen_clear(&listen);
            return -1;
        }
        g_array_append_val(def->listens, listen);
    }

    /* The old spellings: <graphics socket=> (vnc) or <graphics listen=>. */
    if (def->type == MV_DOMAIN_GRAPHICS_VNC)
        socket = mv_xml_prop(node, "socket");
    if (socket) {
        compat.type = MV_DOMAIN_GRAPHICS_LISTEN_SOCKET;
        compat.socket = g_steal_pointer(&socket);
    } else {
        compat.type = MV_DOMAIN_GRAPHICS_LISTEN_ADDRESS;
        compat.address = mv_xml_prop(node, "listen");
        if (compat.address && !compat.address[0])
            g_clear_pointer(&compat.address, g_free);
    }

    if (def->listens->len == 0) {
        g_array_append_val(def->listens, compat);
        return 0;
    }
    {
        MvDomainGraphicsListen *first = &g_array_index(def->listens, MvDomainGraphicsListen, 0);

        if ((first->type == MV_DOMAIN_GRAPHICS_LISTEN_ADDRESS ||
             first->type == MV_DOMAIN_GRAPHICS_LISTEN_NETWORK) &&
            compat.type == MV_DOMAIN_GRAPHICS_LISTEN_SOCKET) {
            listen_clear(first);
            *first = compat;
            return 0;
        }
    }
    listen_clear(&compat);
    return 0;
}

static int
audio_id_parse(const xmlNode *node, unsigned int *ret_id)
{
    xmlNode *audio = mv_xml_child(node, "audio");

    if (!audio)
        return 0;
    return mv_xml_prop_uint(audio, "id", 10, MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, ret_id) < 0 ? -1 : 0;
}

static int
vnc_parse(const xmlNode *node, unsigned int flags, MvDomainGraphics *def)
{
    g_autofree char *port = mv_xml_prop(node, "port");
    g_autofree char *autoport = mv_xml_prop(node, "autoport");
    g_autofree char *generated = mv_xml_prop(node, "websocketGenerated");
    int policy = 0;

    if (listens_parse(node, flags, def) < 0)
        return -1;

    if (port) {
        if (!int_parse(port, &def->port)) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "cannot parse vnc port %s", port);
            return -1;
        }
        /* port='-1' is the old way to ask for autoport. */
        if (def->port == -1) {
            if (flags & MV_DOMAIN_XML_INACTIVE)
                def->port = 0;
            def->autoport = true;
        }
    } else {
        def->autoport = true;
    }
    if (autoport) {
        if (g_str_equal(autoport, "yes"))
            def->autoport = true;
        else if (g_str_equal(autoport, "no"))
            def->autoport = false;
        if (def->autoport && (flags & MV_DOMAIN_XML_INACTIVE))
            def->port = 0;
    }

    if (mv_domain_prop_int(node, "websocket", false, false, &def->websocket) < 0)
        return -1;
    if (g_strcmp0(generated, "yes") == 0)
        def->websocket_generated = true;
    if (mv_xml_prop_enum(node, "sharePolicy", mv_domain_graphics_share_policy_from_string,
                         MV_XML_PROP_NONE, &policy) < 0)
        return -1;
    def->share_policy = policy;
    if (mv_xml_prop_tristate_bool(node, "powerControl", MV_XML_PROP_NONE, &def->power_control) < 0)
        return -1;
    def->keymap = mv_xml_prop(node, "keymap");

    if (audio_id_parse(node, &def->audio_id) < 0)
        return -1;
    return auth_parse(node, def);
}

static int
sdl_parse(const xmlNode *node, MvDomainGraphics *def)
{
    MvTristate fullscreen = MV_TRISTATE_ABSENT;
    xmlNode *gl;

    if (mv_xml_prop_tristate_bool(node, "fullscreen", MV_XML_PROP_NONE, &fullscreen) < 0)
        return -1;
    def->fullscreen = fullscreen == MV_TRISTATE_YES;
    def->xauth = mv_xml_prop(node, "xauth");
    def->display = mv_xml_prop(node, "display");
    if ((gl = mv_xml_child(node, "gl")) &&
        mv_xml_prop_tristate_bool(gl, "enable", MV_XML_PROP_REQUIRED, &def->gl) < 0)
        return -1;
    return 0;
}

static int
rdp_parse(const xmlNode *node, unsigned int flags, MvDomainGraphics *def)
{
    g_autofree char *port = mv_xml_prop(node, "port");
    g_autofree char *autoport = mv_xml_prop(node, "autoport");
    g_autofree char *replace_user = mv_xml_prop(node, "replaceUser");
    g_autofree char *multi_user = mv_xml_prop(node, "multiUser");

    if (listens_parse(node, flags, def) < 0)
        return -1;
    if (port) {
        if (!int_parse(port, &def->port)) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "cannot parse rdp port %s", port);
            return -1;
        }
        if (def->port == -1)
            def->autoport = true;
    } else {
        def->autoport = true;
    }
    if (g_strcmp0(autoport, "yes") == 0)
        def->autoport = true;
    if (def->autoport && (flags & MV_DOMAIN_XML_INACTIVE))
        def->port = 0;
    def->replace_user = g_strcmp0(replace_user, "yes") == 0;
    def->multi_user = g_strcmp0(multi_user, "yes") == 0;
    return 0;
}

static int
desktop_parse(const xmlNode *node, MvDomainGraphics *def)
{
    MvTristate fullscreen = MV_TRISTATE_ABSENT;

    if (mv_xml_prop_tristate_bool(node, "fullscreen", MV_XML_PROP_NONE, &fullscreen) < 0)
        return -1;
    def->fullscreen = fullscreen == MV_TRISTATE_YES;
    def->display = mv_xml_prop(node, "display");
    return 0;
}

/* A spice child element holding one required enum attribute (index 0
 * refused when nonzero). */
static int
spice_child_enum(const xmlNode *node, const char *child, const char *attr,
                 int (*from_string)(const char *), bool nonzero, int *ret_value)
{
    xmlNode *n = mv_xml_child(node, child);
    unsigned int flags = MV_XML_PROP_REQUIRED | (nonzero ? MV_XML_PROP_NONZERO : 0);

    if (!n)
        return 0;
    return mv_xml_prop_enum(n, attr, from_string, flags, ret_value) < 0 ? -1 : 0;
}

static int
spice_parse(const xmlNode *node, unsigned int flags, MvDomainGraphics *def)
{
    MvTristate autoport = MV_TRISTATE_ABSENT;
    int mode = MV_DOMAIN_SPICE_MODE_ANY;
    int image = 0, jpeg = 0, zlib = 0, streaming = 0;
    int mouse = 0;
    xmlNode *n;

    if (listens_parse(node, flags, def) < 0)
        return -1;
    if (mv_domain_prop_int(node, "port", false, false, &def->port) < 0 ||
        mv_domain_prop_int(node, "tlsPort", false, false, &def->tls_port) < 0 ||
        mv_xml_prop_tristate_bool(node, "autoport", MV_XML_PROP_NONE, &autoport) < 0)
        return -1;
    def->autoport = autoport == MV_TRISTATE_YES;
    if (mv_xml_prop_enum(node, "defaultMode", mv_domain_spice_mode_from_string,
                         MV_XML_PROP_NONE, &mode) < 0)
        return -1;
    def->default_mode = mode;

    if (def->port == -1 && def->tls_port == -1)
        def->autoport = true;
    if (def->autoport && (flags & MV_DOMAIN_XML_INACTIVE)) {
        def->port = 0;
        def->tls_port = 0;
    }
    def->keymap = mv_xml_prop(node, "keymap");
    if (auth_parse(node, def) < 0)
        return -1;

    for (n = mv_xml_child(node, "channel"); n; n = mv_xml_next(n)) {
        int name;
        int cmode;

        if (mv_xml_prop_enum(n, "name", mv_domain_spice_channel_from_string,
                             MV_XML_PROP_REQUIRED, &name) < 0 ||
            mv_xml_prop_enum(n, "mode", mv_domain_spice_mode_from_string,
                             MV_XML_PROP_REQUIRED, &cmode) < 0)
            return -1;
        def->channels[name] = cmode;
    }

    if (spice_child_enum(node, "image", "compression", mv_domain_spice_image_from_string,
                         true, &image) < 0 ||
        spice_child_enum(node, "jpeg", "compression", mv_domain_spice_compression_from_string,
                         true, &jpeg) < 0 ||
        spice_child_enum(node, "zlib", "compression", mv_domain_spice_compression_from_string,
                         true, &zlib) < 0)
        return -1;
    def->image = image;
    def->jpeg = jpeg;
    def->zlib = zlib;
    if ((n = mv_xml_child(node, "playback")) &&
        mv_xml_prop_tristate_switch(n, "compression", MV_XML_PROP_REQUIRED, &def->playback) < 0)
        return -1;
    if (spice_child_enum(node, "streaming", "mode", mv_domain_spice_streaming_from_string,
                         true, &streaming) < 0)
        return -1;
    def->streaming = streaming;
    if ((n = mv_xml_child(node, "clipboard")) &&
        mv_xml_prop_tristate_bool(n, "copypaste", MV_XML_PROP_REQUIRED, &def->copypaste) < 0)
        return -1;
    if ((n = mv_xml_child(node, "filetransfer")) &&
        mv_xml_prop_tristate_bool(n, "enable", MV_XML_PROP_REQUIRED, &def->filetransfer) < 0)
        return -1;
    if ((n = mv_xml_child(node, "gl"))) {
        def->rendernode = mv_xml_prop(n, "rendernode");
        if (mv_xml_prop_tristate_bool(n, "enable", MV_XML_PROP_REQUIRED, &def->gl) < 0)
            return -1;
    }
    if (spice_child_enum(node, "mouse", "mode", mv_domain_mouse_mode_from_string,
                         true, &mouse) < 0)
        return -1;
    def->mouse_mode = mouse;
    return 0;
}

static int
dbus_parse(const xmlNode *node, MvDomainGraphics *def)
{
    MvTristate p2p = MV_TRISTATE_ABSENT;
    xmlNode *gl;

    if (mv_xml_prop_tristate_bool(node, "p2p", MV_XML_PROP_NONE, &p2p) < 0)
        return -1;
    def->p2p = p2p == MV_TRISTATE_YES;
    def->address = mv_xml_prop(node, "address");
    if ((gl = mv_xml_child(node, "gl"))) {
        def->rendernode = mv_xml_prop(gl, "rendernode");
        if (mv_xml_prop_tristate_bool(gl, "enable", MV_XML_PROP_REQUIRED, &def->gl) < 0)
            return -1;
    }
    return audio_id_parse(node, &def->audio_id);
}

MvDomainGraphics *
mv_domain_graphics_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainGraphics) def = g_new0(MvDomainGraphics, 1);
    xmlNode *gl;
    int type;
    int rc = 0;

    if (mv_xml_prop_enum(node, "type", mv_domain_graphics_type_from_string,
                         MV_XML_PROP_REQUIRED, &type) < 0)
        return NULL;
    def->type = type;

    switch (def->type) {
    case MV_DOMAIN_GRAPHICS_VNC:
        rc = vnc_parse(node, flags, def);
        break;
    case MV_DOMAIN_GRAPHICS_SDL:
        rc = sdl_parse(node, def);
        break;
    case MV_DOMAIN_GRAPHICS_RDP:
        rc = rdp_parse(node, flags, def);
        break;
    case MV_DOMAIN_GRAPHICS_DESKTOP:
        rc = desktop_parse(node, def);
        break;
    case MV_DOMAIN_GRAPHICS_SPICE:
        rc = spice_parse(node, flags, def);
        break;
    case MV_DOMAIN_GRAPHICS_EGL_HEADLESS:
        if ((gl = mv_xml_child(node, "gl")))
            def->rendernode = mv_xml_prop(gl, "rendernode");
        break;
    case MV_DOMAIN_GRAPHICS_DBUS:
        rc = dbus_parse(node, def);
        break;
    case MV_DOMAIN_GRAPHICS_LAST:
        break;
    }
    if (rc < 0)
        return NULL;
    return g_steal_pointer(&def);
}

/* Post-parse and validation --------------------------------------------- */

static MvDomainGraphicsListen *
first_listen(const MvDomainGraphics *def)
{
    if (!def->listens || def->listens->len == 0)
        return NULL;
    return &g_array_index(def->listens, MvDomainGraphicsListen, 0);
}

int
mv_domain_graphics_post_parse(MvDomainDef *def)
{
    for (guint i = 0; i < def->graphics->len; i++) {
        MvDomainGraphics *graphics = g_ptr_array_index(def->graphics, i);
        MvDomainGraphicsListen *listen = first_listen(graphics);

        if (graphics->type != MV_DOMAIN_GRAPHICS_SPICE || !listen)
            continue;
        if (listen->type == MV_DOMAIN_GRAPHICS_LISTEN_ADDRESS && graphics->port == 0 &&
            graphics->tls_port == 0 && !graphics->autoport) {
            g_clear_pointer(&listen->address, g_free);
            listen->type = MV_DOMAIN_GRAPHICS_LISTEN_NONE;
        }
    }
    return 0;
}

int
mv_domain_graphics_validate(const MvDomainGraphics *def, const MvDomainDef *dom)
{
    if (def->type == MV_DOMAIN_GRAPHICS_VNC || def->type == MV_DOMAIN_GRAPHICS_SPICE ||
        def->type == MV_DOMAIN_GRAPHICS_RDP) {
        for (guint i = 0; i < def->listens->len; i++) {
            const MvDomainGraphicsListen *listen =
                &g_array_index(def->listens, MvDomainGraphicsListen, i);

            if (listen->type == MV_DOMAIN_GRAPHICS_LISTEN_NETWORK && !listen->network) {
                mv_report_error(VIR_ERR_XML_ERROR,
                                "'network' attribute is required for listen type 'network'");
                return -1;
            }
        }
    }
    if (def->type == MV_DOMAIN_GRAPHICS_VNC)
        return mv_domain_audio_ensure_id(dom, def->audio_id);
    if (def->type == MV_DOMAIN_GRAPHICS_DBUS && def->p2p && def->address) {
        mv_report_error(VIR_ERR_XML_ERROR, "D-Bus p2p with an address is not supported");
        return -1;
    }
    return 0;
}

/* Formatting ---------------------------------------------------------- */

static void
auth_format(MvXmlBuf *buf, const MvDomainGraphics *def, unsigned int flags)
{
    if (!def->passwd)
        return;
    if (flags & MV_DOMAIN_GRAPHICS_FORMAT_SECURE)
        mv_xml_buf_attr(buf, "passwd", def->passwd);
    if (def->expires) {
        g_autoptr(GDateTime) then = g_date_time_new_from_unix_utc(def->valid_to);
        g_autofree char *text = g_date_time_format(then, "%Y-%m-%dT%H:%M:%S");

        mv_xml_buf_attr(buf, "passwdValidTo", text);
    }
    if (def->connected)
        mv_xml_buf_attr(buf, "connected", mv_domain_graphics_connected_to_string(def->connected));
}

/* The old listen= attribute, copied from the first <listen>. */
static void
listen_attr_format(MvXmlBuf *buf, const MvDomainGraphicsListen *listen, unsigned int flags)
{
    if (!listen)
        return;
    if (listen->type == MV_DOMAIN_GRAPHICS_LISTEN_NETWORK && (flags & MV_DOMAIN_XML_INACTIVE))
        return;
    mv_xml_buf_attr(buf, "listen", listen->address);
}

static void
listen_format(MvXmlBuf *buf, const MvDomainGraphicsListen *listen, unsigned int flags)
{
    mv_xml_buf_start(buf, "listen");
    mv_xml_buf_attr(buf, "type", mv_domain_graphics_listen_type_to_string(listen->type));
    if (listen->address &&
        (listen->type == MV_DOMAIN_GRAPHICS_LISTEN_ADDRESS ||
         (listen->type == MV_DOMAIN_GRAPHICS_LISTEN_NETWORK && !(flags & MV_DOMAIN_XML_INACTIVE))))
        mv_xml_buf_attr(buf, "address", listen->address);
    if (listen->type == MV_DOMAIN_GRAPHICS_LISTEN_NETWORK)
        mv_xml_buf_attr(buf, "network", listen->network);
    if (listen->type == MV_DOMAIN_GRAPHICS_LISTEN_SOCKET)
        mv_xml_buf_attr(buf, "socket", listen->socket);
    mv_xml_buf_end(buf);
}

static void
vnc_attrs_format(MvXmlBuf *buf, const MvDomainGraphics *def, unsigned int flags)
{
    const MvDomainGraphicsListen *listen = first_listen(def);

    switch (listen ? listen->type : MV_DOMAIN_GRAPHICS_LISTEN_NONE) {
    case MV_DOMAIN_GRAPHICS_LISTEN_SOCKET:
        mv_xml_buf_attr(buf, "socket", listen->socket);
        break;
    case MV_DOMAIN_GRAPHICS_LISTEN_ADDRESS:
    case MV_DOMAIN_GRAPHICS_LISTEN_NETWORK:
        if (def->port && (!def->autoport || !(flags & MV_DOMAIN_XML_INACTIVE)))
            mv_xml_buf_attr_printf(buf, "port", "%d", def->port);
        else if (def->autoport)
            mv_xml_buf_attr(buf, "port", "-1");
        mv_xml_buf_attr(buf, "autoport", def->autoport ? "yes" : "no");
        if (def->websocket_generated && (flags & MV_DOMAIN_XML_INACTIVE))
            mv_xml_buf_attr(buf, "websocket", "-1");
        else if (def->websocket)
            mv_xml_buf_attr_printf(buf, "websocket", "%d", def->websocket);
        listen_attr_format(buf, listen, flags);
        break;
    default:
        break;
    }
    mv_xml_buf_attr(buf, "keymap", def->keymap);
    if (def->share_policy)
        mv_xml_buf_attr(buf, "sharePolicy",
                        mv_domain_graphics_share_policy_to_string(def->share_policy));
    mv_xml_buf_attr_tristate_bool(buf, "powerControl", def->power_control);
    auth_format(buf, def, flags);
}

static void
spice_attrs_format(MvXmlBuf *buf, const MvDomainGraphics *def, unsigned int flags)
{
    const MvDomainGraphicsListen *listen = first_listen(def);

    if (listen && (listen->type == MV_DOMAIN_GRAPHICS_LISTEN_ADDRESS ||
                   listen->type == MV_DOMAIN_GRAPHICS_LISTEN_NETWORK)) {
        if (def->port)
            mv_xml_buf_attr_printf(buf, "port", "%d", def->port);
        if (def->tls_port)
            mv_xml_buf_attr_printf(buf, "tlsPort", "%d", def->tls_port);
        mv_xml_buf_attr(buf, "autoport", def->autoport ? "yes" : "no");
        listen_attr_format(buf, listen, flags);
    }
    mv_xml_buf_attr(buf, "keymap", def->keymap);
    if (def->default_mode != MV_DOMAIN_SPICE_MODE_ANY)
        mv_xml_buf_attr(buf, "defaultMode", mv_domain_spice_mode_to_string(def->default_mode));
    auth_format(buf, def, flags);
}

static void
enum_child_format(MvXmlBuf *buf, const char *name, const char *attr, const char *value)
{
    mv_xml_buf_start(buf, name);
    mv_xml_buf_attr(buf, attr, value);
    mv_xml_buf_end(buf);
}

static void
spice_children_format(MvXmlBuf *buf, const MvDomainGraphics *def)
{
    for (int i = 0; i < MV_DOMAIN_SPICE_CHANNEL_LAST; i++) {
        if (def->channels[i] == MV_DOMAIN_SPICE_MODE_ANY)
            continue;
        mv_xml_buf_start(buf, "channel");
        mv_xml_buf_attr(buf, "name", mv_domain_spice_channel_to_string(i));
        mv_xml_buf_attr(buf, "mode", mv_domain_spice_mode_to_string(def->channels[i]));
        mv_xml_buf_end(buf);
    }
    if (def->image)
        enum_child_format(buf, "image", "compression", mv_domain_spice_image_to_string(def->image));
    if (def->jpeg)
        enum_child_format(buf, "jpeg", "compression", mv_domain_spice_compression_to_string(def->jpeg));
    if (def->zlib)
        enum_child_format(buf, "zlib", "compression", mv_domain_spice_compression_to_string(def->zlib));
    if (def->playback)
        enum_child_format(buf, "playback", "compression", mv_tristate_switch_to_string(def->playback));
    if (def->streaming)
        enum_child_format(buf, "streaming", "mode", mv_domain_spice_streaming_to_string(def->streaming));
    if (def->mouse_mode)
        enum_child_format(buf, "mouse", "mode", mv_domain_mouse_mode_to_string(def->mouse_mode));
    if (def->copypaste)
        enum_child_format(buf, "clipboard", "copypaste", mv_tristate_bool_to_string(def->copypaste));
    if (def->filetransfer)
        enum_child_format(buf, "filetransfer", "enable", mv_tristate_bool_to_string(def->filetransfer));
    if (def->gl) {
        mv_xml_buf_start(buf, "gl");
        mv_xml_buf_attr_tristate_bool(buf, "enable", def->gl);
        mv_xml_buf_attr(buf, "rendernode", def->rendernode);
        mv_xml_buf_end(buf);
    }
}

static void
audio_id_format(MvXmlBuf *buf, unsigned int id)
{
    if (id == 0)
        return;
    mv_xml_buf_start(buf, "audio");
    mv_xml_buf_attr_uint(buf, "id", id);
    mv_xml_buf_end(buf);
}

void
mv_domain_graphics_format(MvXmlBuf *buf, const MvDomainGraphics *def, unsigned int flags)
{
    mv_xml_buf_start(buf, "graphics");
    mv_xml_buf_attr(buf, "type", mv_domain_graphics_type_to_string(def->type));

    switch (def->type) {
    case MV_DOMAIN_GRAPHICS_VNC:
        vnc_attrs_format(buf, def, flags);
        break;
    case MV_DOMAIN_GRAPHICS_SDL:
        mv_xml_buf_attr(buf, "display", def->display);
        mv_xml_buf_attr(buf, "xauth", def->xauth);
        if (def->fullscreen)
            mv_xml_buf_attr(buf, "fullscreen", "yes");
        if (def->gl) {
            mv_xml_buf_start(buf, "gl");
            mv_xml_buf_attr_tristate_bool(buf, "enable", def->gl);
            mv_xml_buf_end(buf);
        }
        break;
    case MV_DOMAIN_GRAPHICS_RDP:
        if (def->port)
            mv_xml_buf_attr_printf(buf, "port", "%d", def->port);
        else if (def->autoport)
            mv_xml_buf_attr(buf, "port", "0");
        if (def->autoport)
            mv_xml_buf_attr(buf, "autoport", "yes");
        if (def->replace_user)
            mv_xml_buf_attr(buf, "replaceUser", "yes");
        if (def->multi_user)
            mv_xml_buf_attr(buf, "multiUser", "yes");
        listen_attr_format(buf, first_listen(def), flags);
        break;
    case MV_DOMAIN_GRAPHICS_DESKTOP:
        mv_xml_buf_attr(buf, "display", def->display);
        if (def->fullscreen)
            mv_xml_buf_attr(buf, "fullscreen", "yes");
        break;
    case MV_DOMAIN_GRAPHICS_SPICE:
        spice_attrs_format(buf, def, flags);
        break;
    case MV_DOMAIN_GRAPHICS_EGL_HEADLESS:
        if (def->rendernode) {
            mv_xml_buf_start(buf, "gl");
            mv_xml_buf_attr(buf, "rendernode", def->rendernode);
            mv_xml_buf_end(buf);
        }
        break;
    case MV_DOMAIN_GRAPHICS_DBUS:
        if (def->p2p)
            mv_xml_buf_attr(buf, "p2p", "yes");
        mv_xml_buf_attr(buf, "address", def->address);
        if (def->gl) {
            mv_xml_buf_start(buf, "gl");
            mv_xml_buf_attr_tristate_bool(buf, "enable", def->gl);
            mv_xml_buf_attr(buf, "rendernode", def->rendernode);
            mv_xml_buf_end(buf);
        }
        audio_id_format(buf, def->audio_id);
        break;
    case MV_DOMAIN_GRAPHICS_LAST:
        break;
    }

    for (guint i = 0; def->listens && i < def->listens->len; i++)
        listen_format(buf, &g_array_index(def->listens, MvDomainGraphicsListen, i), flags);

    if (def->type == MV_DOMAIN_GRAPHICS_SPICE)
        spice_children_format(buf, def);
    if (def->type == MV_DOMAIN_GRAPHICS_VNC) {
        /* libvirt always writes a vnc display with a closing tag. */
        mv_xml_buf_open_children(buf);
        audio_id_format(buf, def->audio_id);
    }
    mv_xml_buf_end(buf);
}

/* The device table's signatures ----------------------------------------- */

void *
mv_domain_graphics_parse_node(const xmlNode *node, unsigned int flags)
{
    return mv_domain_graphics_parse(node, flags);
}

void
mv_domain_graphics_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    mv_domain_graphics_format(buf, dev, flags);
}

void
mv_domain_graphics_free_node(void *dev)
{
    mv_domain_graphics_free(dev);
}

int
mv_domain_graphics_validate_node(const void *dev, const MvDomainDef *def)
{
    return mv_domain_graphics_validate(dev, def);
}

const MvDomainDeviceInfo *
mv_domain_graphics_info_node(const void *dev)
{
    return NULL;
}
