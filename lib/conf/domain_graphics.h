/* Domain <graphics> devices (vnc, spice, sdl, rdp, desktop, egl-headless, dbus) and their <listen> elements; parse / validate / format. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "conf/domain.h"
#include "conf/domain_chr_source.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

/* A format flag beside MvDomainXmlFlags: write the passwd= of vnc and spice
 * (libvirt's VIR_DOMAIN_XML_SECURE). Without it the password is left out,
 * as `virsh dumpxml` leaves it out. */
enum {
    MV_DOMAIN_GRAPHICS_FORMAT_SECURE = 1 << 16,
};

typedef enum {
    MV_DOMAIN_GRAPHICS_SDL = 0,
    MV_DOMAIN_GRAPHICS_VNC,
    MV_DOMAIN_GRAPHICS_RDP,
    MV_DOMAIN_GRAPHICS_DESKTOP,
    MV_DOMAIN_GRAPHICS_SPICE,
    MV_DOMAIN_GRAPHICS_EGL_HEADLESS,
    MV_DOMAIN_GRAPHICS_DBUS,
    MV_DOMAIN_GRAPHICS_LAST,
} MvDomainGraphicsType;
MV_ENUM_DECL(mv_domain_graphics_type);

typedef enum {
    MV_DOMAIN_GRAPHICS_LISTEN_NONE = 0,
    MV_DOMAIN_GRAPHICS_LISTEN_ADDRESS,
    MV_DOMAIN_GRAPHICS_LISTEN_NETWORK,
    MV_DOMAIN_GRAPHICS_LISTEN_SOCKET,
    MV_DOMAIN_GRAPHICS_LISTEN_LAST,
} MvDomainGraphicsListenType;
MV_ENUM_DECL(mv_domain_graphics_listen_type);

typedef enum {
    MV_DOMAIN_GRAPHICS_CONNECTED_DEFAULT = 0,
    MV_DOMAIN_GRAPHICS_CONNECTED_FAIL,
    MV_DOMAIN_GRAPHICS_CONNECTED_DISCONNECT,
    MV_DOMAIN_GRAPHICS_CONNECTED_KEEP,
    MV_DOMAIN_GRAPHICS_CONNECTED_LAST,
} MvDomainGraphicsConnected;
MV_ENUM_DECL(mv_domain_graphics_connected);

typedef enum {
    MV_DOMAIN_GRAPHICS_SHARE_DEFAULT = 0,
    MV_DOMAIN_GRAPHICS_SHARE_ALLOW_EXCLUSIVE,
    MV_DOMAIN_GRAPHICS_SHARE_FORCE_SHARED,
    MV_DOMAIN_GRAPHICS_SHARE_IGNORE,
    MV_DOMAIN_GRAPHICS_SHARE_LAST,
} MvDomainGraphicsSharePolicy;
MV_ENUM_DECL(mv_domain_graphics_share_policy);

typedef enum {
    MV_DOMAIN_SPICE_CHANNEL_MAIN = 0,
    MV_DOMAIN_SPICE_CHANNEL_DISPLAY,
    MV_DOMAIN_SPICE_CHANNEL_INPUTS,
    MV_DOMAIN_SPICE_CHANNEL_CURSOR,
    MV_DOMAIN_SPICE_CHANNEL_PLAYBACK,
    MV_DOMAIN_SPICE_CHANNEL_RECORD,
    MV_DOMAIN_SPICE_CHANNEL_SMARTCARD,
    MV_DOMAIN_SPICE_CHANNEL_USBREDIR,
    MV_DOMAIN_SPICE_CHANNEL_LAST,
} MvDomainSpiceChannel;
MV_ENUM_DECL(mv_domain_spice_channel);

typedef enum {
    MV_DOMAIN_SPICE_MODE_ANY = 0,
    MV_DOMAIN_SPICE_MODE_SECURE,
    MV_DOMAIN_SPICE_MODE_INSECURE,
    MV_DOMAIN_SPICE_MODE_LAST,
} MvDomainSpiceMode;
MV_ENUM_DECL(mv_domain_spice_mode);

typedef enum {
    MV_DOMAIN_SPICE_IMAGE_DEFAULT = 0,
    MV_DOMAIN_SPICE_IMAGE_AUTO_GLZ,
    MV_DOMAIN_SPICE_IMAGE_AUTO_LZ,
    MV_DOMAIN_SPICE_IMAGE_QUIC,
    MV_DOMAIN_SPICE_IMAGE_GLZ,
    MV_DOMAIN_SPICE_IMAGE_LZ,
    MV_DOMAIN_SPICE_IMAGE_OFF,
    MV_DOMAIN_SPICE_IMAGE_LAST,
} MvDomainSpiceImage;
MV_ENUM_DECL(mv_domain_spice_image);

/* <jpeg compression=> and <zlib compression=> share these values. */
typedef enum {
    MV_DOMAIN_SPICE_COMPRESSION_DEFAULT = 0,
    MV_DOMAIN_SPICE_COMPRESSION_AUTO,
    MV_DOMAIN_SPICE_COMPRESSION_NEVER,
    MV_DOMAIN_SPICE_COMPRESSION_ALWAYS,
    MV_DOMAIN_SPICE_COMPRESSION_LAST,
} MvDomainSpiceCompression;
MV_ENUM_DECL(mv_domain_spice_compression);

typedef enum {
    MV_DOMAIN_SPICE_STREAMING_DEFAULT = 0,
    MV_DOMAIN_SPICE_STREAMING_FILTER,
    MV_DOMAIN_SPICE_STREAMING_ALL,
    MV_DOMAIN_SPICE_STREAMING_OFF,
    MV_DOMAIN_SPICE_STREAMING_LAST,
} MvDomainSpiceStreaming;
MV_ENUM_DECL(mv_domain_spice_streaming);

typedef struct {
    MvDomainGraphicsListenType type;
    char *address;
    char *network;
    char *socket;
} MvDomainGraphicsListen;

struct _MvDomainGraphics {
    MvDomainGraphicsType type;
    GArray *listens;                /* MvDomainGraphicsListen; vnc, rdp, spice */

    int port;                       /* vnc, rdp, spice */
    int tls_port;                   /* spice */
    bool autoport;                  /* vnc, rdp, spice */
    char *keymap;                   /* vnc, spice */
    unsigned int audio_id;          /* vnc, dbus <audio id=> */

    /* vnc and spice authentication */
    char *passwd;
    bool expires;
    gint64 valid_to;                /* passwdValidTo, seconds since the epoch (UTC) */
    MvDomainGraphicsConnected connected;

    int websocket;                  /* vnc */
    bool websocket_generated;
    MvDomainGraphicsSharePolicy share_policy;
    MvTristate power_control;

    char *display;                  /* sdl, desktop */
    char *xauth;                    /* sdl */
    bool fullscreen;                /* sdl, desktop */

    bool replace_user;              /* rdp */
    bool multi_user;

    MvDomainSpiceMode default_mode; /* spice */
    MvDomainSpiceMode channels[MV_DOMAIN_SPICE_CHANNEL_LAST];
    MvDomainSpiceImage image;
    MvDomainSpiceCompression jpeg;
    MvDomainSpiceCompression zlib;
    MvTristate playback;            /* switch */
    MvDomainSpiceStreaming streaming;
    MvTristate copypaste;
    MvTristate filetransfer;
    MvDomainMouseMode mouse_mode;

    MvTristate gl;                  /* sdl, spice, dbus <gl enable=> */
    char *rendernode;               /* spice, egl-headless, dbus <gl rendernode=> */

    bool p2p;                       /* dbus */
    char *address;
};

void mv_domain_graphics_free(MvDomainGraphics *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainGraphics, mv_domain_graphics_free)

MvDomainGraphics *mv_domain_graphics_parse(const xmlNode *node, unsigned int flags);
int mv_domain_graphics_validate(const MvDomainGraphics *def, const MvDomainDef *dom);
void mv_domain_graphics_format(MvXmlBuf *buf, const MvDomainGraphics *def, unsigned int flags);

/* libvirt's post-parse: a spice display with no port, no TLS port and
 * autoport='no' listens nowhere (its listen becomes type 'none'). */
int mv_domain_graphics_post_parse(MvDomainDef *def);

/* The generic signatures of the domain device table. */
void *mv_domain_graphics_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_graphics_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_graphics_free_node(void *dev);
int mv_domain_graphics_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_graphics_info_node(const void *dev);
