/* Reading sysfs for node device enumeration: a root prefix, quiet attribute reads, links, uevent and udev database properties, libvirt's device names. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "conf/nodedev.h"

/* Where sysfs is: root "" is the host; under --root DIR it is DIR/sys and
 * the tree is a fake, so nothing asks the kernel (no ioctls). */
typedef struct {
    char *root;                 /* canonical, no trailing '/'; "" for the host */
    bool fake;
    GHashTable *pci_ids;        /* pci.ids names, loaded on first use */
    bool pci_ids_loaded;
} MvNodeDevSysfs;

MvNodeDevSysfs *mv_nodedev_sysfs_new(const char *root);
void mv_nodedev_sysfs_free(MvNodeDevSysfs *fs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNodeDevSysfs, mv_nodedev_sysfs_free)

/* root + host_path ("/sys/bus/pci/devices" -> "DIR/sys/bus/pci/devices"). */
char *mv_nodedev_sysfs_path(const MvNodeDevSysfs *fs, const char *host_path);
/* The host's view of a real path below root (the root prefix removed). */
char *mv_nodedev_sysfs_host_path(const MvNodeDevSysfs *fs, const char *real_path);
/* The canonical real path a link or directory points at, or NULL. */
char *mv_nodedev_sysfs_resolve(const char *path);

/* Sorted entry names of a directory; empty when it is missing. */
GPtrArray *mv_nodedev_sysfs_list(const char *dir);

/* An attribute's text without trailing blanks and newlines; NULL when the
 * file is missing or unreadable (an absent attribute is normal in sysfs). */
char *mv_nodedev_sysfs_attr(const char *dir, const char *attr);
/* The same as numbers (strtoul rules for base); -1 when absent or not a number. */
int mv_nodedev_sysfs_attr_uint(const char *dir, const char *attr, int base, unsigned int *ret_value);
int mv_nodedev_sysfs_attr_int(const char *dir, const char *attr, int *ret_value);
int mv_nodedev_sysfs_attr_u64(const char *dir, const char *attr, guint64 *ret_value);
/* The last component of the link dir/name points at ("ixgbe" for driver). */
char *mv_nodedev_sysfs_link_name(const char *dir, const char *name);

/* KEY=VALUE lines of dir/uevent (DEVTYPE, DEVNAME, MINOR, INTERFACE, ...). */
GHashTable *mv_nodedev_sysfs_uevent(const char *dir);

/* Properties ("E:" lines) and device links ("S:" lines, made absolute
 * below /dev) of udevd's database entry for a device: root/run/udev/data/ID,
 * ID being "b8:0", "c189:1", "n2" or "+pci:0000:00:1f.2". NULL when udevd
 * keeps no database (no udevd, as in most containers). */
GHashTable *mv_nodedev_udev_db_props(const MvNodeDevSysfs *fs, const char *id, char ***ret_links);

/* libvirt's device names: "<subsystem>_<sysname>[_<suffix>]" with every
 * character other than a letter, digit or '_' turned into '_'. */
char *mv_nodedev_generate_name(const char *subsystem, const char *sysname, const char *suffix);

/* A new definition for the device at real path dir: host sysfs path, the
 * driver (from the driver link) and, from uevent DEVNAME, the devnode. */
MvNodeDevDef *mv_nodedev_sysfs_def_new(const MvNodeDevSysfs *fs, const char *dir,
                                       GHashTable *uevent);
