/* The node device list: enumeration of the host's devices (or a fake sysfs tree under --root), libvirt's names and parent tree, lookups and created/deleted events. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "conf/nodedev.h"

/* libvirt's virNodeDeviceEventLifecycleType values. */
typedef enum {
    MV_NODEDEV_EVENT_CREATED = 0,
    MV_NODEDEV_EVENT_DELETED = 1,
    MV_NODEDEV_EVENT_LAST
} MvNodeDevEventType;
MV_ENUM_DECL(mv_nodedev_event_type);

/* Called after a scan changed the list, once per device, outside the
 * store's lock (the callback may look devices up). */
typedef void (*MvNodeDevEventFunc)(const char *name, MvNodeDevEventType event, void *opaque);

/* One device: an immutable definition shared by reference; a rescan puts
 * a new one in the list, holders of the old one keep it. */
typedef struct _MvNodeDev MvNodeDev;
MvNodeDev *mv_nodedev_ref(MvNodeDev *dev);
void mv_nodedev_unref(MvNodeDev *dev);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNodeDev, mv_nodedev_unref)
const MvNodeDevDef *mv_nodedev_get_def(const MvNodeDev *dev);

/* A device list; thread-safe (a GHashTable by name under a mutex). */
typedef struct _MvNodeDevStore MvNodeDevStore;

/* root NULL, "" or "/": the host's /sys. Otherwise root/sys is read (a
 * fake tree: no ioctls, no udev monitor). Nothing is read until the
 * first mv_nodedev_store_rescan(). */
MvNodeDevStore *mv_nodedev_store_new(const char *root);
void mv_nodedev_store_free(MvNodeDevStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNodeDevStore, mv_nodedev_store_free)

/* "" for the host, else the canonical root. */
const char *mv_nodedev_store_root(const MvNodeDevStore *store);
bool mv_nodedev_store_is_fake(const MvNodeDevStore *store);

void mv_nodedev_store_set_event_callback(MvNodeDevStore *store, MvNodeDevEventFunc func,
                                         void *opaque);

/* Reads the whole tree again and replaces the list: a device that is new
 * gives a created event, one that went away a deleted event. The first
 * scan gives no events. The udev monitor calls it on hotplug; tests call
 * it after changing a fake tree. */
int mv_nodedev_store_rescan(MvNodeDevStore *store);

/* Capability filters, as bits: MV_NODEDEV_CAP_BIT(MV_NODEDEV_CAP_PCI).
 * A device matches when it has any of the capabilities; fc_host and vports
 * match SCSI hosts with those sub-capabilities, mdev_types PCI devices
 * with mediated device types. 0 matches every device. */
#define MV_NODEDEV_CAP_BIT(type) (1u << (type))
bool mv_nodedev_def_has_cap(const MvNodeDevDef *def, MvNodeDevCapType type);
/* The capability name libvirt's nodedev-list --cap takes ("pci", "net")
 * as a bit; reports VIR_ERR_INVALID_ARG naming an unknown one. */
int mv_nodedev_cap_bit_from_string(const char *cap, guint32 *ret_bit);

/* Sorted names of the matching devices (NULL-terminated, g_strfreev). */
char **mv_nodedev_store_list(MvNodeDevStore *store, guint32 cap_mask);
size_t mv_nodedev_store_count(MvNodeDevStore *store, guint32 cap_mask);

/* A reference to the device named name; VIR_ERR_NO_NODE_DEVICE naming it
 * when there is none. */
MvNodeDev *mv_nodedev_store_lookup(MvNodeDevStore *store, const char *name);
/* The SCSI host (fc_host) with these WWNN and WWPN; VIR_ERR_NO_NODE_DEVICE
 * naming both when there is none. */
MvNodeDev *mv_nodedev_store_lookup_scsi_host_by_wwn(MvNodeDevStore *store,
                                                   const char *wwnn, const char *wwpn);

/* The device's <device> document (virNodeDeviceGetXMLDesc). */
char *mv_nodedev_store_get_xml(MvNodeDevStore *store, const char *name);
/* The parent's name; VIR_ERR_INTERNAL_ERROR for "computer", which has none. */
char *mv_nodedev_store_get_parent(MvNodeDevStore *store, const char *name);
/* The capability names virNodeDeviceListCaps answers ("pci", "scsi_host",
 * "fc_host", "vports", ...), NULL-terminated. */
char **mv_nodedev_store_list_caps(MvNodeDevStore *store, const char *name);
