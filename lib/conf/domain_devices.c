/* The table of device families under <devices> and the loops that parse, validate, format and free them. */
#define MV_LOG_MODULE "conf.domain"
#define MV_FROM_THIS VIR_FROM_DOMAIN

/*
 * How to add a device family
 * --------------------------
 * 1. Write lib/conf/domain_<family>.{c,h}: the struct (named in domain.h
 *    by its forward typedef) and four functions with exactly these
 *    signatures (no casts in the table):
 *        void *mv_domain_<family>_parse_node(const xmlNode *node, unsigned int flags);
 *        void mv_domain_<family>_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
 *        void mv_domain_<family>_free_node(void *dev);
 *        int mv_domain_<family>_validate_node(const void *dev, const MvDomainDef *def);
 *        const MvDomainDeviceInfo *mv_domain_<family>_info_node(const void *dev);
 *    (the last returns the device's MvDomainDeviceInfo, or NULL for a
 *    family without one, e.g. lease or redirfilter).
 *    flags are MvDomainXmlFlags; parse gets the device element itself
 *    and reports its own errors; validate may be NULL in the row.
 * 2. Include its header below and replace the comment of its row with
 *    one line, using the ROW / SINGLE macros (keep the order: it is
 *    libvirt's format order, which is also the order of <devices> in the
 *    canonical output).
 * 3. Add the .c to lib/conf/meson.build and cases to tests/conf/domain/.
 * A family that must look at the whole device list after parsing (the
 * console copied from the first serial) sets post_parse in one of its
 * rows (ROW_POST). Elements with no row are ignored, as libvirt ignores
 * unknown elements under <devices>.
 */

#include "domain_devices.h"

#include <string.h>

#include "util/error.h"
#include "util/log.h"

/* Family headers, alphabetical. */
#include "domain_audio.h"
#include "domain_chr.h"
#include "domain_graphics.h"
#include "domain_controller.h"
#include "domain_disk.h"
#include "domain_filesystem.h"
#include "domain_hostdev.h"
#include "domain_input.h"
#include "domain_hub.h"
#include "domain_interface.h"
#include "domain_iommu.h"
#include "domain_lease.h"
#include "domain_memballoon.h"
#include "domain_memdev.h"
#include "domain_nvram.h"
#include "domain_panic.h"
#include "domain_redirdev.h"
#include "domain_rng.h"
#include "domain_shmem.h"
#include "domain_smartcard.h"
#include "domain_sound.h"
#include "domain_tpm.h"
#include "domain_video.h"
#include "domain_vsock.h"
#include "domain_watchdog.h"

#define FAMILY(fam) \
    .parse = mv_domain_##fam##_parse_node, \
    .format = mv_domain_##fam##_format_node, \
    .free = mv_domain_##fam##_free_node, \
    .info = mv_domain_##fam##_info_node
/* A family whose objects live in a GPtrArray field of MvDomainDef. */
#define ROW(elem, field, fam, valid) \
    { .name = elem, .offset = offsetof(MvDomainDef, field), FAMILY(fam), .validate = valid }
#define ROW_POST(elem, field, fam, valid, post) \
    { .name = elem, .offset = offsetof(MvDomainDef, field), FAMILY(fam), .validate = valid, \
      .post_parse = post }
/* At most max in the array: more are refused with code and message. */
#define ROW_MAX(elem, field, fam, valid, n, code, msg) \
    { .name = elem, .offset = offsetof(MvDomainDef, field), FAMILY(fam), .validate = valid, \
      .max = n, .max_code = code, .max_message = msg }
/* A family held in one pointer field: a second element is refused. */
#define SINGLE(elem, field, fam, valid, code, msg) \
    { .name = elem, .offset = offsetof(MvDomainDef, field), FAMILY(fam), .validate = valid, \
      .single = true, .max = 1, .max_code = code, .max_message = msg }

static const MvDomainDeviceFamily families[] = {
    /* <emulator> comes first and is written by domain.c. One row per
     * family, in this order:
     *   disk, controller, lease, filesystem, interface, smartcard, serial,
     *   parallel, console, channel, input, tpm, graphics, sound, audio,
     *   video, hostdev, redirdev, redirfilter, hub, watchdog, memballoon,
     *   rng, nvram, panic, shmem, memory, iommu, vsock
     * Messages for the single ones, as libvirt words them:
     *   watchdog    VIR_ERR_INTERNAL_ERROR "only a single watchdog device is supported"
     *   memballoon  VIR_ERR_INTERNAL_ERROR "only a single memory balloon device is supported"
     *   nvram       VIR_ERR_INTERNAL_ERROR "only a single nvram device is supported"
     *   redirfilter VIR_ERR_INTERNAL_ERROR "only one set of redirection filter rule is supported"
     *   iommu       VIR_ERR_XML_ERROR "only a single IOMMU device is supported"
     *   vsock       VIR_ERR_XML_ERROR "only a single vsock device is supported"
     *   tpm (ROW_MAX 2) VIR_ERR_XML_ERROR
     *     "a maximum of two TPM devices is supported, one of them being a TPM Proxy device"
     */
    ROW_POST("disk", disks, disk, mv_domain_disk_validate_node, mv_domain_disks_post_parse),
    ROW_POST("controller", controllers, controller, mv_domain_controller_validate_node,
             mv_domain_controllers_post_parse),
    ROW("lease", leases, lease, NULL),
    ROW("filesystem", filesystems, filesystem, mv_domain_filesystem_validate_node),
    ROW("interface", nets, net, mv_domain_net_validate_node),
    ROW("smartcard", smartcards, smartcard, mv_domain_smartcard_validate_node),
    ROW("serial", serials, chr, mv_domain_chr_validate_node),
    ROW("parallel", parallels, chr, mv_domain_chr_validate_node),
    ROW("console", consoles, chr, mv_domain_chr_validate_node),
    ROW_POST("channel", channels, chr, mv_domain_chr_validate_node, mv_domain_chr_post_parse),
    ROW_POST("input", inputs, input, mv_domain_input_validate_node, mv_domain_input_post_parse),
    ROW_MAX("tpm", tpms, tpm, mv_domain_tpm_validate_node, 2, VIR_ERR_XML_ERROR,
            "a maximum of two TPM devices is supported, one of them being a TPM Proxy device"),
    ROW_POST("graphics", graphics, graphics, mv_domain_graphics_validate_node,
             mv_domain_graphics_post_parse),
    ROW("sound", sounds, sound, mv_domain_sound_validate_node),
    ROW("audio", audios, audio, mv_domain_audio_validate_node),
    ROW_POST("video", videos, video, mv_domain_video_validate_node, mv_domain_video_post_parse),
    ROW_POST("hostdev", hostdevs, hostdev, mv_domain_hostdev_validate_node,
             mv_domain_hostdevs_post_parse),
    ROW("redirdev", redirdevs, redirdev, NULL),
    SINGLE("redirfilter", redirfilter, redirfilter, NULL, VIR_ERR_INTERNAL_ERROR,
           "only one set of redirection filter rule is supported"),
    ROW("hub", hubs, hub, NULL),
    SINGLE("watchdog", watchdog, watchdog, NULL, VIR_ERR_INTERNAL_ERROR,
           "only a single watchdog device is supported"),
    SINGLE("memballoon", memballoon, memballoon, NULL, VIR_ERR_INTERNAL_ERROR,
           "only a single memory balloon device is supported"),
    ROW("rng", rngs, rng, mv_domain_rng_validate_node),
    SINGLE("nvram", nvram, nvram, NULL, VIR_ERR_INTERNAL_ERROR,
           "only a single nvram device is supported"),
    ROW("panic", panics, panic, NULL),
    ROW("shmem", shmems, shmem, mv_domain_shmem_validate_node),
    ROW("memory", memories, memdev, mv_domain_memdev_validate_node),
    SINGLE("iommu", iommu, iommu, mv_domain_iommu_validate_node, VIR_ERR_XML_ERROR,
           "only a single IOMMU device is supported"),
    SINGLE("vsock", vsock, vsock, mv_domain_vsock_validate_node, VIR_ERR_XML_ERROR,
           "only a single vsock device is supported"),
    { .name = NULL },
};

const MvDomainDeviceFamily *
mv_domain_device_families(size_t *ret_count)
{
    /* The last row is a terminator so that the table may be empty. */
    *ret_count = G_N_ELEMENTS(families) - 1;
    return families;
}

static void **
family_slot(const MvDomainDef *def, const MvDomainDeviceFamily *family)
{
    return (void **) ((char *) def + family->offset);
}

GPtrArray *
mv_domain_device_family_array(const MvDomainDef *def, const MvDomainDeviceFamily *family)
{
    if (family->single)
        return NULL;
    return *family_slot(def, family);
}

static int
family_parse(MvDomainDef *def, const MvDomainDeviceFamily *family,
             const xmlNode *root, unsigned int flags)
{
    unsigned int seen = 0;

    for (xmlNode *devices = mv_xml_child(root, "devices"); devices; devices = mv_xml_next(devices)) {
        for (xmlNode *node = mv_xml_child(devices, family->name); node; node = mv_xml_next(node)) {
            void *dev;

            if (family->max && ++seen > family->max) {
                mv_report_error(family->max_code, "%s", family->max_message);
                return -1;
            }
            if (!(dev = family->parse(node, flags)))
                return -1;
            if (family->single)
                *family_slot(def, family) = dev;
            else
                g_ptr_array_add(mv_domain_device_family_array(def, family), dev);
        }
    }
    return 0;
}

int
mv_domain_devices_parse(MvDomainDef *def, const xmlNode *root, unsigned int flags)
{
    size_t n;
    const MvDomainDeviceFamily *rows = mv_domain_device_families(&n);

    for (size_t i = 0; i < n; i++) {
        if (family_parse(def, &rows[i], root, flags) < 0)
            return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (rows[i].post_parse && rows[i].post_parse(def) < 0)
            return -1;
    }
    return mv_domain_controllers_add_implicit_all(def);
}

int
mv_domain_devices_validate(const MvDomainDef *def)
{
    size_t n;
    const MvDomainDeviceFamily *rows = mv_domain_device_families(&n);

    for (size_t i = 0; i < n; i++) {
        const MvDomainDeviceFamily *family = &rows[i];
        GPtrArray *array;

        if (!family->validate)
            continue;
        if (family->single) {
            const void *dev = *family_slot(def, family);

            if (dev && family->validate(dev, def) < 0)
                return -1;
            continue;
        }
        array = mv_domain_device_family_array(def, family);
        for (guint j = 0; j < array->len; j++) {
            if (family->validate(g_ptr_array_index(array, j), def) < 0)
                return -1;
        }
    }
    return 0;
}

void
mv_domain_devices_format(MvXmlBuf *buf, const MvDomainDef *def, unsigned int flags)
{
    size_t n;
    const MvDomainDeviceFamily *rows = mv_domain_device_families(&n);

    for (size_t i = 0; i < n; i++) {
        const MvDomainDeviceFamily *family = &rows[i];
        GPtrArray *array;

        if (family->single) {
            const void *dev = *family_slot(def, family);

            if (dev)
                family->format(buf, dev, flags);
            continue;
        }
        array = mv_domain_device_family_array(def, family);
        for (guint j = 0; j < array->len; j++)
            family->format(buf, g_ptr_array_index(array, j), flags);
    }
}

void
mv_domain_devices_clear(MvDomainDef *def)
{
    size_t n;
    const MvDomainDeviceFamily *rows = mv_domain_device_families(&n);

    for (size_t i = 0; i < n; i++) {
        const MvDomainDeviceFamily *family = &rows[i];
        GPtrArray *array;

        if (family->single) {
            void **slot = family_slot(def, family);

            if (*slot)
                family->free(*slot);
            *slot = NULL;
            continue;
        }
        if (!(array = mv_domain_device_family_array(def, family)))
            continue;
        for (guint j = 0; j < array->len; j++)
            family->free(g_ptr_array_index(array, j));
        g_ptr_array_set_size(array, 0);
    }
}

/* Calls fn on the shared part of every device that has one, in table
 * order; stops at the first negative return. */
static int
devices_info_foreach(const MvDomainDef *def,
                     int (*fn)(const MvDomainDef *def, const MvDomainDeviceInfo *info, void *data),
                     void *data)
{
    size_t n;
    const MvDomainDeviceFamily *rows = mv_domain_device_families(&n);

    for (size_t i = 0; i < n; i++) {
        const MvDomainDeviceFamily *family = &rows[i];
        GPtrArray *array;

        if (!family->info)
            continue;
        if (family->single) {
            const void *dev = *family_slot(def, family);
            const MvDomainDeviceInfo *info = dev ? family->info(dev) : NULL;

            if (info && fn(def, info, data) < 0)
                return -1;
            continue;
        }
        array = mv_domain_device_family_array(def, family);
        for (guint j = 0; j < array->len; j++) {
            const MvDomainDeviceInfo *info = family->info(g_ptr_array_index(array, j));

            if (info && fn(def, info, data) < 0)
                return -1;
        }
    }
    return 0;
}

static int
boot_order_collect(const MvDomainDef *def, const MvDomainDeviceInfo *info, void *data)
{
    GHashTable *orders = data;

    if (!info->boot_order)
        return 0;
    if (g_hash_table_contains(orders, GUINT_TO_POINTER(info->boot_order))) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "boot order '%u' used for more than one device",
                        info->boot_order);
        return -1;
    }
    g_hash_table_add(orders, GUINT_TO_POINTER(info->boot_order));
    return 0;
}

int
mv_domain_devices_boot_orders(const MvDomainDef *def, size_t *ret_count)
{
    g_autoptr(GHashTable) orders = g_hash_table_new(g_direct_hash, g_direct_equal);

    if (devices_info_foreach(def, boot_order_collect, orders) < 0)
        return -1;
    *ret_count = g_hash_table_size(orders);
    return 0;
}

typedef struct {
    GHashTable *aliases;
    const MvDomainDeviceInfo *skip;
} AliasCheck;

/* Only user aliases ("ua-...") survive in a definition and must be unique. */
static int
alias_collect(const MvDomainDef *def, const MvDomainDeviceInfo *info, void *data)
{
    AliasCheck *check = data;

    if (info == check->skip || !info->alias || !g_str_has_prefix(info->alias, "ua-"))
        return 0;
    if (g_hash_table_contains(check->aliases, info->alias)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "non unique alias detected: %s", info->alias);
        return -1;
    }
    g_hash_table_add(check->aliases, info->alias);
    return 0;
}

static const MvDomainDeviceInfo *
first_info(const MvDomainDef *def, const char *element)
{
    size_t n;
    const MvDomainDeviceFamily *rows = mv_domain_device_families(&n);

    for (size_t i = 0; i < n; i++) {
        GPtrArray *array;

        if (g_strcmp0(rows[i].name, element) != 0 || rows[i].single)
            continue;
        array = mv_domain_device_family_array(def, &rows[i]);
        return array->len ? rows[i].info(g_ptr_array_index(array, 0)) : NULL;
    }
    return NULL;
}

int
mv_domain_devices_validate_aliases(const MvDomainDef *def)
{
    g_autoptr(GHashTable) aliases = g_hash_table_new(g_str_hash, g_str_equal);
    AliasCheck check = { .aliases = aliases };
    const MvDomainDeviceInfo *serial = first_info(def, "serial");
    const MvDomainDeviceInfo *console = first_info(def, "console");

    /* The console libvirt mirrors from the first serial is its twin. */
    if (serial && console && g_strcmp0(serial->alias, console->alias) == 0)
        check.skip = console;
    return devices_info_foreach(def, alias_collect, &check);
}
