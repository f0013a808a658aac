/* USB devices and interfaces from sysfs (/sys/bus/usb/devices): bus and device numbers, ids and names, interface classes. */
#define MV_LOG_MODULE "nodedev.sysfs"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_sysfs_usb.h"

#include <string.h>

#include "util/error.h"
#include "util/log.h"

/* udevd's database names (from its hardware database) win over the
 * strings the device reports, as in libvirt. */
static char *
name_read(GHashTable *db, const char *db_key, const char *dir, const char *attr)
{
    const char *value = db ? g_hash_table_lookup(db, db_key) : NULL;

    if (value)
        return g_strdup(value);
    return mv_nodedev_sysfs_attr(dir, attr);
}

static MvNodeDevDef *
usb_device_read(MvNodeDevSysfs *fs, const char *dir, const char *sysname, GHashTable *uevent)
{
    g_autoptr(MvNodeDevDef) def = mv_nodedev_sysfs_def_new(fs, dir, uevent);
    MvNodeDevUsbDev *usb = &mv_nodedev_def_add_cap(def, MV_NODEDEV_CAP_USB_DEV)->u.usb_dev;
    g_autofree char *dev = mv_nodedev_sysfs_attr(dir, "dev");
    g_autofree char *db_id = dev ? g_strconcat("c", dev, NULL) : NULL;
    g_autoptr(GHashTable) db = db_id ? mv_nodedev_udev_db_props(fs, db_id, &def->devlinks) : NULL;

    if (mv_nodedev_sysfs_attr_uint(dir, "busnum", 10, &usb->bus) < 0 ||
        mv_nodedev_sysfs_attr_uint(dir, "devnum", 10, &usb->device) < 0 ||
        mv_nodedev_sysfs_attr_uint(dir, "idVendor", 16, &usb->vendor) < 0 ||
        mv_nodedev_sysfs_attr_uint(dir, "idProduct", 16, &usb->product) < 0) {
        MV_DEBUG("skipping USB device '%s': no bus, device or ids", dir);
        return NULL;
    }
    usb->vendor_name = name_read(db, "ID_VENDOR_FROM_DATABASE", dir, "manufacturer");
    usb->product_name = name_read(db, "ID_MODEL_FROM_DATABASE", dir, "product");
    def->name = mv_nodedev_generate_name("usb", sysname, NULL);
    return g_steal_pointer(&def);
}

static MvNodeDevDef *
usb_interface_read(MvNodeDevSysfs *fs, const char *dir, const char *sysname, GHashTable *uevent)
{
    g_autoptr(MvNodeDevDef) def = mv_nodedev_sysfs_def_new(fs, dir, uevent);
    MvNodeDevUsbIf *usb = &mv_nodedev_def_add_cap(def, MV_NODEDEV_CAP_USB_INTERFACE)->u.usb_if;

    if (mv_nodedev_sysfs_attr_uint(dir, "bInterfaceNumber", 16, &usb->number) < 0 ||
        mv_nodedev_sysfs_attr_uint(dir, "bInterfaceClass", 16, &usb->klass) < 0 ||
        mv_nodedev_sysfs_attr_uint(dir, "bInterfaceSubClass", 16, &usb->subclass) < 0 ||
        mv_nodedev_sysfs_attr_uint(dir, "bInterfaceProtocol", 16, &usb->protocol) < 0) {
        MV_DEBUG("skipping USB interface '%s': no number or class", dir);
        return NULL;
    }
    def->name = mv_nodedev_generate_name("usb", sysname, NULL);
    return g_steal_pointer(&def);
}

void
mv_nodedev_sysfs_usb_scan(MvNodeDevSysfs *fs, GPtrArray *defs)
{
    g_autofree char *bus_dir = mv_nodedev_sysfs_path(fs, "/sys/bus/usb/devices");
    g_autoptr(GPtrArray) entries = mv_nodedev_sysfs_list(bus_dir);

    for (unsigned int i = 0; i < entries->len; i++) {
        const char *sysname = entries->pdata[i];
        g_autofree char *link = g_build_filename(bus_dir, sysname, NULL);
        g_autofree char *dir = mv_nodedev_sysfs_resolve(link);
        g_autoptr(GHashTable) uevent = NULL;
        const char *devtype;
        MvNodeDevDef *def = NULL;

        if (!dir)
            continue;
        uevent = mv_nodedev_sysfs_uevent(dir);
        devtype = g_hash_table_lookup(uevent, "DEVTYPE");
        /* Without a uevent file (a sparse fake), ':' marks an interface. */
        if (!devtype)
            devtype = strchr(sysname, ':') ? "usb_interface" : "usb_device";
        if (g_str_equal(devtype, "usb_device"))
            def = usb_device_read(fs, dir, sysname, uevent);
        else if (g_str_equal(devtype, "usb_interface"))
            def = usb_interface_read(fs, dir, sysname, uevent);
        if (def)
            g_ptr_array_add(defs, def);
    }
}
