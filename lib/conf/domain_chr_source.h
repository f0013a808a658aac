/* The host side of a character device (<serial>, <channel>, and the chardev backends of other devices): type, <source>, <protocol>, <log>. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include <libxml/tree.h>

#include "conf/domain.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_DOMAIN_CHR_TYPE_NULL = 0,
    MV_DOMAIN_CHR_TYPE_VC,
    MV_DOMAIN_CHR_TYPE_PTY,
    MV_DOMAIN_CHR_TYPE_DEV,
    MV_DOMAIN_CHR_TYPE_FILE,
    MV_DOMAIN_CHR_TYPE_PIPE,
    MV_DOMAIN_CHR_TYPE_STDIO,
    MV_DOMAIN_CHR_TYPE_UDP,
    MV_DOMAIN_CHR_TYPE_TCP,
    MV_DOMAIN_CHR_TYPE_UNIX,
    MV_DOMAIN_CHR_TYPE_SPICEVMC,
    MV_DOMAIN_CHR_TYPE_SPICEPORT,
    MV_DOMAIN_CHR_TYPE_NMDM,
    MV_DOMAIN_CHR_TYPE_QEMU_VDAGENT,
    MV_DOMAIN_CHR_TYPE_DBUS,
    MV_DOMAIN_CHR_TYPE_LAST,
} MvDomainChrType;
MV_ENUM_DECL(mv_domain_chr_type);

typedef enum {
    MV_DOMAIN_CHR_TCP_RAW = 0,
    MV_DOMAIN_CHR_TCP_TELNET,
    MV_DOMAIN_CHR_TCP_TELNETS,
    MV_DOMAIN_CHR_TCP_TLS,
    MV_DOMAIN_CHR_TCP_LAST,
} MvDomainChrTcpProtocol;
MV_ENUM_DECL(mv_domain_chr_tcp_protocol);

/* What a spicevmc channel carries: set by the device that holds it. */
typedef enum {
    MV_DOMAIN_CHR_SPICEVMC_VDAGENT = 0,
    MV_DOMAIN_CHR_SPICEVMC_SMARTCARD,
    MV_DOMAIN_CHR_SPICEVMC_USBREDIR,
    MV_DOMAIN_CHR_SPICEVMC_LAST,
} MvDomainChrSpicevmc;
MV_ENUM_DECL(mv_domain_chr_spicevmc);

/* "default", "server", "client": qemu-vdagent's and spice's <mouse mode=>. */
typedef enum {
    MV_DOMAIN_MOUSE_MODE_DEFAULT = 0,
    MV_DOMAIN_MOUSE_MODE_SERVER,
    MV_DOMAIN_MOUSE_MODE_CLIENT,
    MV_DOMAIN_MOUSE_MODE_LAST,
} MvDomainMouseMode;
MV_ENUM_DECL(mv_domain_mouse_mode);

/* A per-device <seclabel> override (inside <source>). */
typedef struct {
    char *model;
    bool relabel;       /* relabel='no' turns it off; default yes */
    bool labelskip;     /* live XML only */
    char *label;
} MvDomainDeviceSeclabel;

typedef struct {
    MvDomainChrType type;
    char *path;                     /* pty (live only), dev, file, pipe, unix */
    MvTristate append;              /* file: <source append=> (switch) */
    bool listen;                    /* tcp, unix: mode='bind' */
    char *host;                     /* tcp */
    char *service;
    MvTristate tls;                 /* tcp: yes/no */
    MvDomainChrTcpProtocol protocol;
    MvTristate reconnect;           /* tcp, unix: <reconnect enabled=> */
    unsigned int reconnect_timeout;
    char *bind_host;                /* udp: <source mode='bind'> */
    char *bind_service;
    char *connect_host;             /* udp: <source mode='connect'> */
    char *connect_service;
    char *channel;                  /* spiceport, dbus */
    char *master;                   /* nmdm */
    char *slave;
    MvTristate clipboard;           /* qemu-vdagent: <clipboard copypaste=> */
    MvDomainMouseMode mouse;        /* qemu-vdagent: <mouse mode=> */
    MvDomainChrSpicevmc spicevmc;
    GPtrArray *seclabels;           /* MvDomainDeviceSeclabel, or NULL */
    char *logfile;                  /* <log file= append=> */
    MvTristate logappend;
} MvDomainChrSource;

void mv_domain_chr_source_clear(MvDomainChrSource *src);

/* Reads the <source> (two for udp), <log> and <protocol> children of
 * device for a source of type src->type (set by the caller). Seclabel
 * overrides in <source> are read when with_seclabels. flags are
 * MvDomainXmlFlags: an inactive parse drops a pty's path. */
int mv_domain_chr_source_parse(const xmlNode *device, bool with_seclabels,
                               unsigned int flags, MvDomainChrSource *src);

/* The rules libvirt checks when validating: required path, host,
 * service, channel name... (target_has_default_path: a virtio/xen
 * channel may leave the unix path to the driver). */
int mv_domain_chr_source_validate(const MvDomainChrSource *src,
                                  bool target_has_default_path);

/* Writes <source>, <protocol> and <log> in libvirt's order. */
void mv_domain_chr_source_format(MvXmlBuf *buf, const MvDomainChrSource *src,
                                 unsigned int flags);
