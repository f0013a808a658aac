/* The table of device families under <devices>: element name, where the objects live, parse / format / free / validate. */
#pragma once

#include <glib.h>
#include <stddef.h>

#include "conf/domain.h"
#include "conf/xml.h"

/* One device family (one element name under <devices>). A family exports
 * these functions with exactly these signatures, named
 * mv_domain_<family>_parse_node / _format_node / _free_node /
 * _validate_node, so that the table holds them without casts. */
typedef struct {
    const char *name;       /* the element: "disk", "interface", ... */
    size_t offset;          /* offsetof(MvDomainDef, field) */
    /* 0: the field is a GPtrArray * of objects; N > 0: the field is one
     * object pointer, or the array takes at most N, and more are refused
     * with max_code / max_message. */
    unsigned int max;
    int max_code;
    const char *max_message;
    bool single;            /* the field is an object pointer, not an array */

    /* NULL after reporting; flags are MvDomainXmlFlags. */
    void *(*parse)(const xmlNode *node, unsigned int flags);
    void (*format)(MvXmlBuf *buf, const void *dev, unsigned int flags);
    void (*free)(void *dev);
    /* Optional: the rules that need the whole definition; 0 or -1. */
    int (*validate)(const void *dev, const MvDomainDef *def);
    /* Optional: run once after every device of every family is parsed
     * (before validation), e.g. to derive a console from a serial. A
     * family listed in several rows sets it in one row only. */
    int (*post_parse)(MvDomainDef *def);
    /* Optional: the device's shared part, for the checks across families
     * (boot order, aliases, addresses). NULL for a device without one. */
    const MvDomainDeviceInfo *(*info)(const void *dev);
} MvDomainDeviceFamily;

/* The rows, in libvirt's <devices> format order; *ret_count rows. */
const MvDomainDeviceFamily *mv_domain_device_families(size_t *ret_count);

/* The array a non-single row fills (never NULL for a definition made by
 * mv_domain_def_new). */
GPtrArray *mv_domain_device_family_array(const MvDomainDef *def,
                                         const MvDomainDeviceFamily *family);

/* Parses every known device element of every <devices> child of root;
 * elements the table does not know are ignored, as libvirt ignores them.
 * Then runs the post_parse hooks and adds libvirt's implicit
 * controllers. 0 or -1 after reporting. */
int mv_domain_devices_parse(MvDomainDef *def, const xmlNode *root, unsigned int flags);

/* Each device's validate, in table order. */
int mv_domain_devices_validate(const MvDomainDef *def);

/* The devices of every row, in table order (without <devices> itself). */
void mv_domain_devices_format(MvXmlBuf *buf, const MvDomainDef *def, unsigned int flags);

/* How many devices carry <boot order=> (for the <os><boot> rules); an
 * order used twice is refused (VIR_ERR_CONFIG_UNSUPPORTED). 0 or -1. */
int mv_domain_devices_boot_orders(const MvDomainDef *def, size_t *ret_count);

/* Two devices may not share a user alias ("ua-..."). 0 or -1. */
int mv_domain_devices_validate_aliases(const MvDomainDef *def);

/* Frees every device (the arrays stay, empty). */
void mv_domain_devices_clear(MvDomainDef *def);
