/* Capabilities XML (<capabilities>): the host, the guests it can run and the storage pool types; parse, build from code, format. */
#pragma once

#include <glib.h>

#include "capabilities_guest.h"
#include "capabilities_host.h"
#include "xml.h"

typedef struct {
    MvCapsHost host;
    GPtrArray *guests;          /* MvCapsGuest */
    GPtrArray *pool_types;      /* <pool><enum name='type'>: names */
} MvCaps;

MvCaps *mv_caps_new(void);
void mv_caps_free(MvCaps *caps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvCaps, mv_caps_free)

/* Building (what qemud does after probing QEMU) ---------------------------
 *   g_autoptr(MvCaps) caps = mv_caps_new();
 *   caps->host.arch = MV_ARCH_X86_64;
 *   guest = mv_caps_add_guest(caps, MV_CAPS_OS_HVM, MV_ARCH_X86_64, 64,
 *                             "/usr/bin/qemu-system-x86_64", NULL);
 *   mv_caps_guest_info_add_machine(&guest->info, "pc-q35-7.2", NULL, 288);
 *   mv_caps_guest_add_domain(guest, MV_CAPS_VIRT_KVM, NULL, NULL);
 *   mv_caps_guest_set_feature(guest, MV_CAPS_FEATURE_ACPI,
 *                             MV_TRISTATE_YES, MV_TRISTATE_YES);
 * The host's setters live in capabilities_host.h. */
MvCapsGuest *mv_caps_add_guest(MvCaps *caps, MvCapsOsType os_type, MvArch arch,
                               unsigned int wordsize, const char *emulator, const char *loader);
void mv_caps_add_pool_type(MvCaps *caps, const char *type);

/* Parses a <capabilities> document (libvirt only writes them; modvirt reads
 * them back for tools and tests). NULL after reporting VIR_ERR_XML_ERROR
 * naming the element and the bad value. */
MvCaps *mv_caps_parse_string(const char *xml);
MvCaps *mv_caps_parse_node(const xmlNode *root);

char *mv_caps_format(const MvCaps *caps);
