/* Domain <redirdev> (USB redirection over spicevmc or TCP) and <redirfilter> rules. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_REDIRDEV_SPICEVMC = 0,
    MV_REDIRDEV_TCP,
    MV_REDIRDEV_LAST,
} MvRedirdevType;
MV_ENUM_DECL(mv_redirdev_type);

typedef enum {
    MV_CHR_TCP_RAW = 0,
    MV_CHR_TCP_TELNET,
    MV_CHR_TCP_TELNETS,
    MV_CHR_TCP_TLS,
    MV_CHR_TCP_LAST,
} MvChrTcpProtocol;
MV_ENUM_DECL(mv_chr_tcp_protocol);

struct _MvDomainRedirdev {
    MvRedirdevType type;            /* bus is always 'usb' */
    struct {
        bool listen;                /* mode='bind' */
        char *host;
        char *service;
        MvTristate tls;
        MvChrTcpProtocol protocol;
        MvTristate reconnect;
        unsigned int reconnect_timeout;
    } tcp;
    MvDomainDeviceInfo info;
};

void mv_domain_redirdev_free(MvDomainRedirdev *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainRedirdev, mv_domain_redirdev_free)

void *mv_domain_redirdev_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_redirdev_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_redirdev_free_node(void *dev);
const MvDomainDeviceInfo *mv_domain_redirdev_info_node(const void *dev);

/* One <usbdev> rule; -1 in a field means "any" (not written). */
typedef struct {
    int usb_class;
    int vendor;
    int product;
    int version;                    /* BCD, 0x0200 for "2.00" */
    bool allow;
} MvRedirFilterUsbdev;

struct _MvDomainRedirFilter {
    GPtrArray *usbdevs;             /* MvRedirFilterUsbdev */
};

void mv_domain_redirfilter_free(MvDomainRedirFilter *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainRedirFilter, mv_domain_redirfilter_free)

void *mv_domain_redirfilter_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_redirfilter_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_redirfilter_free_node(void *dev);
const MvDomainDeviceInfo *mv_domain_redirfilter_info_node(const void *dev);
