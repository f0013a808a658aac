/* Domain character devices (<serial>, <parallel>, <console>, <channel>): target, parse / validate / format, and the serial-console pairing. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "conf/domain.h"
#include "conf/domain_chr_source.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_DOMAIN_CHR_DEVICE_PARALLEL = 0,
    MV_DOMAIN_CHR_DEVICE_SERIAL,
    MV_DOMAIN_CHR_DEVICE_CONSOLE,
    MV_DOMAIN_CHR_DEVICE_CHANNEL,
    MV_DOMAIN_CHR_DEVICE_LAST,
} MvDomainChrDeviceType;
MV_ENUM_DECL(mv_domain_chr_device);

typedef enum {
    MV_DOMAIN_CHR_SERIAL_TARGET_NONE = 0,
    MV_DOMAIN_CHR_SERIAL_TARGET_ISA,
    MV_DOMAIN_CHR_SERIAL_TARGET_USB,
    MV_DOMAIN_CHR_SERIAL_TARGET_PCI,
    MV_DOMAIN_CHR_SERIAL_TARGET_SPAPR_VIO,
    MV_DOMAIN_CHR_SERIAL_TARGET_SYSTEM,
    MV_DOMAIN_CHR_SERIAL_TARGET_SCLP,
    MV_DOMAIN_CHR_SERIAL_TARGET_ISA_DEBUG,
    MV_DOMAIN_CHR_SERIAL_TARGET_LAST,
} MvDomainChrSerialTarget;
MV_ENUM_DECL(mv_domain_chr_serial_target);

typedef enum {
    MV_DOMAIN_CHR_CHANNEL_TARGET_NONE = 0,
    MV_DOMAIN_CHR_CHANNEL_TARGET_GUESTFWD,
    MV_DOMAIN_CHR_CHANNEL_TARGET_VIRTIO,
    MV_DOMAIN_CHR_CHANNEL_TARGET_XEN,
    MV_DOMAIN_CHR_CHANNEL_TARGET_LAST,
} MvDomainChrChannelTarget;
MV_ENUM_DECL(mv_domain_chr_channel_target);

typedef enum {
    MV_DOMAIN_CHR_CONSOLE_TARGET_NONE = 0,
    MV_DOMAIN_CHR_CONSOLE_TARGET_SERIAL,
    MV_DOMAIN_CHR_CONSOLE_TARGET_XEN,
    MV_DOMAIN_CHR_CONSOLE_TARGET_UML,
    MV_DOMAIN_CHR_CONSOLE_TARGET_VIRTIO,
    MV_DOMAIN_CHR_CONSOLE_TARGET_LXC,
    MV_DOMAIN_CHR_CONSOLE_TARGET_OPENVZ,
    MV_DOMAIN_CHR_CONSOLE_TARGET_SCLP,
    MV_DOMAIN_CHR_CONSOLE_TARGET_SCLPLM,
    MV_DOMAIN_CHR_CONSOLE_TARGET_LAST,
} MvDomainChrConsoleTarget;
MV_ENUM_DECL(mv_domain_chr_console_target);

/* <target><model name=> of a serial. */
typedef enum {
    MV_DOMAIN_CHR_SERIAL_MODEL_NONE = 0,
    MV_DOMAIN_CHR_SERIAL_MODEL_ISA_SERIAL,
    MV_DOMAIN_CHR_SERIAL_MODEL_USB_SERIAL,
    MV_DOMAIN_CHR_SERIAL_MODEL_PCI_SERIAL,
    MV_DOMAIN_CHR_SERIAL_MODEL_SPAPR_VTY,
    MV_DOMAIN_CHR_SERIAL_MODEL_PL011,
    MV_DOMAIN_CHR_SERIAL_MODEL_SCLPCONSOLE,
    MV_DOMAIN_CHR_SERIAL_MODEL_SCLPLMCONSOLE,
    MV_DOMAIN_CHR_SERIAL_MODEL_16550A,
    MV_DOMAIN_CHR_SERIAL_MODEL_ISA_DEBUGCON,
    MV_DOMAIN_CHR_SERIAL_MODEL_LAST,
} MvDomainChrSerialModel;
MV_ENUM_DECL(mv_domain_chr_serial_model);

/* A virtio channel's <target state=> (live XML only). */
typedef enum {
    MV_DOMAIN_CHR_STATE_DEFAULT = 0,
    MV_DOMAIN_CHR_STATE_CONNECTED,
    MV_DOMAIN_CHR_STATE_DISCONNECTED,
    MV_DOMAIN_CHR_STATE_LAST,
} MvDomainChrState;
MV_ENUM_DECL(mv_domain_chr_state);

struct _MvDomainChr {
    MvDomainChrDeviceType device;
    int target_type;                    /* the device's target enum above */
    MvDomainChrSerialModel target_model;
    int port;                           /* serial, parallel, console; -1 until assigned */
    char *target_name;                  /* virtio, xen channels */
    char *guestfwd_addr;                /* guestfwd: IPv4 address, as canonical text */
    unsigned int guestfwd_port;
    MvDomainChrState state;
    MvDomainChrSource source;
    MvDomainDeviceInfo info;
    /* A console that stands for serial N of an HVM guest is written as
     * that serial (libvirt's compat rule): set by the post-parse hook and
     * by mv_domain_chr_consoles_link; borrowed from def->serials. */
    const MvDomainChr *mirror;
};

MvDomainChr *mv_domain_chr_new(MvDomainChrDeviceType device);
void mv_domain_chr_free(MvDomainChr *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainChr, mv_domain_chr_free)

MvDomainChr *mv_domain_chr_parse(const xmlNode *node, unsigned int flags);
int mv_domain_chr_validate(const MvDomainChr *def, const MvDomainDef *dom);
void mv_domain_chr_format(MvXmlBuf *buf, const MvDomainChr *def, unsigned int flags);

/* libvirt's post-parse for character devices: parallel and serial
 * ports, the console of type serial that stands for the first serial
 * of an HVM guest (created when missing), a first console moved to
 * serial 0 when there is no serial. */
int mv_domain_chr_post_parse(MvDomainDef *def);

/* Points each console that stands for a serial at it again: call after
 * changing def->serials or def->consoles. */
void mv_domain_chr_consoles_link(MvDomainDef *def);

/* The generic signatures of the domain device table. */
void *mv_domain_chr_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_chr_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_chr_free_node(void *dev);
int mv_domain_chr_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_chr_info_node(const void *dev);
