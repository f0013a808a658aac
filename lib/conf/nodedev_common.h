/* Pieces every node device capability family shares: numbers in element text, PCI addresses, mediated device types. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "xml.h"
#include "util/pciaddr.h"

/* Parsing numbers from element text ---------------------------------------
 * libvirt reads most node device numbers from the text of the first child
 * named name and words both failures as internal errors naming the device:
 *   "no PCI bus ID supplied for 'pci_0000_00_1f_2'"
 *   "invalid PCI bus ID supplied for 'pci_0000_00_1f_2'"
 * what is the middle part ("PCI bus ID"). base as strtoul (16 accepts an
 * optional 0x, 0 reads 0x as hex). Leading blanks are allowed, anything
 * after the digits is not. */
int mv_nodedev_child_uint(const xmlNode *node, const char *name, int base,
                          const char *dev_name, const char *what,
                          unsigned int *ret_value);
int mv_nodedev_child_uint64(const xmlNode *node, const char *name,
                            const char *dev_name, const char *what,
                            uint64_t *ret_value);

/* The same for text that may be absent: 0 when absent, 1 when set, -1 after
 * reporting "invalid <what> supplied for '<dev>'". */
int mv_nodedev_text_int_optional(const char *text, const char *dev_name,
                                 const char *what, int *ret_value);

/* Whole numbers from text, without reporting (0 or -1): strtoul rules
 * (leading blanks, a sign, base 16 takes an optional 0x, base 0 reads 0x as
 * hex), nothing after the digits. allow_negative: "-1" wraps to UINT_MAX as
 * in libvirt's plain unsigned reads; without it any '-' is refused. */
int mv_nodedev_str_to_uint(const char *text, int base, bool allow_negative,
                           unsigned int *ret_value);
/* Decimal; negatives wrap, as libvirt's unsigned long long reads. */
int mv_nodedev_str_to_uint64(const char *text, uint64_t *ret_value);
int mv_nodedev_str_to_int(const char *text, int base, int *ret_value);

/* The id attribute of the first child named name, in hex ("0x8086" or
 * "8086"), with the same two errors as mv_nodedev_child_uint. */
int mv_nodedev_child_hex_id(const xmlNode *node, const char *name,
                            const char *dev_name, const char *what,
                            unsigned int *ret_id);

/* <name>formatted number</name>. */
void mv_nodedev_text_printf(MvXmlBuf *buf, const char *name,
                            const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* PCI addresses in capabilities ------------------------------------------
 * <address domain= bus= slot= function=/> with libvirt's checks: every field
 * optional, an address that is not all zero must have bus <= 0xff, slot <=
 * 0x1f, function <= 7; the domain is not limited. */
int mv_nodedev_pci_addr_parse(const xmlNode *node, MvPciAddr *ret_addr);
/* domain='0x0000' bus='0x00' slot='0x00' function='0x0' */
void mv_nodedev_pci_addr_format(MvXmlBuf *buf, const MvPciAddr *addr);

/* <capability type='mdev_types'> ------------------------------------------ */
typedef struct {
    char *id;                       /* "nvidia-63", "vfio_ap-passthrough" */
    char *name;                     /* optional */
    char *device_api;               /* "vfio-pci", "vfio-ccw", "vfio-ap" */
    unsigned int available_instances;
} MvMdevType;

typedef struct {
    bool present;                   /* the capability was given, maybe empty */
    MvMdevType *types;
    size_t ntypes;
} MvMdevTypes;

void mv_mdev_types_clear(MvMdevTypes *types);
/* node is the <capability type='mdev_types'> element. */
int mv_mdev_types_parse(const xmlNode *node, MvMdevTypes *types);
/* Writes nothing when there is no type (libvirt drops an empty list). */
void mv_mdev_types_format(MvXmlBuf *buf, const MvMdevTypes *types);
