/* What every domain device shares: its address (of every type), alias, boot order, ROM and ACPI index. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_DOMAIN_ADDRESS_NONE = 0,
    MV_DOMAIN_ADDRESS_PCI,
    MV_DOMAIN_ADDRESS_DRIVE,
    MV_DOMAIN_ADDRESS_VIRTIO_SERIAL,
    MV_DOMAIN_ADDRESS_CCID,
    MV_DOMAIN_ADDRESS_USB,
    MV_DOMAIN_ADDRESS_SPAPRVIO,
    MV_DOMAIN_ADDRESS_VIRTIO_S390,
    MV_DOMAIN_ADDRESS_CCW,
    MV_DOMAIN_ADDRESS_VIRTIO_MMIO,
    MV_DOMAIN_ADDRESS_ISA,
    MV_DOMAIN_ADDRESS_DIMM,
    MV_DOMAIN_ADDRESS_UNASSIGNED,
    MV_DOMAIN_ADDRESS_LAST,
} MvDomainAddressType;

/* "none", "pci", "drive", "virtio-serial", "ccid", "usb", "spapr-vio",
 * "virtio-s390", "ccw", "virtio-mmio", "isa", "dimm", "unassigned" */
MV_ENUM_DECL(mv_domain_address_type);

typedef struct {
    MvDomainAddressType type;
    union {
        struct {
            unsigned int domain, bus, slot, function;
            bool present;            /* any of the four was given */
            MvTristate multifunction;
            unsigned int zpci_uid;   /* <zpci>, 0 when absent */
            unsigned int zpci_fid;
            bool has_zpci;
        } pci;
        struct {
            unsigned int controller, bus, target, unit;
        } drive;
        struct {
            unsigned int controller, bus, port;
        } vioserial;
        struct {
            unsigned int controller, slot;
        } ccid;
        struct {
            unsigned int bus;
            char *port;              /* "1.2.3", dotted hub path, or NULL */
        } usb;
        struct {
            unsigned long long reg;
            bool has_reg;
        } spaprvio;
        struct {
            unsigned int cssid, ssid, devno;
            bool present;
        } ccw;
        struct {
            unsigned int iobase, irq;
        } isa;
        struct {
            unsigned int slot;
            unsigned long long base;
        } dimm;
    } u;
} MvDomainAddress;

typedef struct {
    MvDomainAddress address;
    char *alias;                 /* <alias name=> */
    unsigned int boot_order;     /* <boot order=>, 0 when absent */
    char *boot_loadparm;
    unsigned int acpi_index;     /* <acpi index=>, 0 when absent */
    MvTristate rom_enabled;      /* <rom enabled= bar= file=> */
    MvTristate rom_bar;
    char *rom_file;
    int usb_master_startport;    /* <master startport=>, -1 when absent */
} MvDomainDeviceInfo;

/* What a device family's parser and formatter accept of the shared parts. */
typedef enum {
    MV_DEVICE_INFO_ALLOW_BOOT = 1 << 0,
    MV_DEVICE_INFO_ALLOW_ROM = 1 << 1,
} MvDomainDeviceInfoFlags;

/* Flags every device parser and formatter takes (domain-wide). */
typedef enum {
    MV_DOMAIN_XML_INACTIVE = 1 << 0,  /* a persistent config: no live-only data (aliases of
                                         auto-generated names, live state) */
} MvDomainXmlFlags;

void mv_domain_device_info_init(MvDomainDeviceInfo *info);
void mv_domain_device_info_clear(MvDomainDeviceInfo *info);

/* Reads <address>, <alias>, <boot>, <acpi>, <rom>, <master> among the
 * children of a device element. Errors are VIR_ERR_XML_ERROR (or
 * VIR_ERR_XML_DETAIL where libvirt uses it) naming the element, attribute
 * and value. allow is MvDomainDeviceInfoFlags: <boot>/<rom> elsewhere are
 * refused as libvirt refuses them. */
int mv_domain_device_info_parse(const xmlNode *device, unsigned int allow,
                                unsigned int xml_flags, MvDomainDeviceInfo *info);

/* Only the <address> element (for places that hold one alone, e.g. a
 * hostdev's <source>). */
int mv_domain_address_parse(const xmlNode *address, MvDomainAddress *ret_addr);

/* Writes the children in libvirt's order: boot, alias, master, rom, acpi,
 * address. */
void mv_domain_device_info_format(MvXmlBuf *buf, const MvDomainDeviceInfo *info,
                                  unsigned int allow, unsigned int xml_flags);

void mv_domain_address_format(MvXmlBuf *buf, const MvDomainAddress *addr);

/* <driver iommu= ats= packed= page_per_vq=>: the switches every virtio
 * device's <driver> may carry (disk, controller, filesystem, interface,
 * input, rng, memballoon, video, vsock). */
typedef struct {
    MvTristate iommu;
    MvTristate ats;
    MvTristate packed;
    MvTristate page_per_vq;
} MvDomainVirtioOptions;

/* Reads the switches of driver (NULL: all absent). 0 or -1 after reporting. */
int mv_domain_virtio_options_parse(const xmlNode *driver, MvDomainVirtioOptions *ret_opts);

bool mv_domain_virtio_options_is_set(const MvDomainVirtioOptions *opts);

/* The attributes alone, in libvirt's order, for a <driver> that has more. */
void mv_domain_virtio_options_format_attrs(MvXmlBuf *buf, const MvDomainVirtioOptions *opts);

/* <driver .../> holding only the switches, or nothing when none is set. */
void mv_domain_virtio_options_format(MvXmlBuf *buf, const MvDomainVirtioOptions *opts);

/* For a device that is not virtio: the first switch given is refused as
 * libvirt refuses it (VIR_ERR_CONFIG_UNSUPPORTED). */
int mv_domain_virtio_options_check_absent(const MvDomainVirtioOptions *opts);

/* A path as libvirt keeps it: repeated slashes collapsed, no trailing
 * slash, a leading "//" kept, URIs untouched. Caller frees. */
char *mv_domain_path_sanitize(const char *path);
