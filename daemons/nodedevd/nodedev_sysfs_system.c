/* The host itself ("computer") from DMI (/sys/class/dmi/id), and DRM devices (/sys/class/drm). */
#define MV_LOG_MODULE "nodedev.sysfs"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_sysfs_system.h"

#include "util/error.h"
#include "util/log.h"
#include "util/uuid.h"

MvNodeDevDef *
mv_nodedev_sysfs_system_read(MvNodeDevSysfs *fs)
{
    MvNodeDevDef *def = g_new0(MvNodeDevDef, 1);
    MvNodeDevSystem *sys = &mv_nodedev_def_add_cap(def, MV_NODEDEV_CAP_SYSTEM)->u.system;
    g_autofree char *dmi = mv_nodedev_sysfs_path(fs, "/sys/class/dmi/id");
    g_autofree char *uuid = NULL;

    def->name = g_strdup("computer");
    sys->product = mv_nodedev_sysfs_attr(dmi, "product_name");
    sys->hw_vendor = mv_nodedev_sysfs_attr(dmi, "sys_vendor");
    sys->hw_version = mv_nodedev_sysfs_attr(dmi, "product_version");
    sys->hw_serial = mv_nodedev_sysfs_attr(dmi, "product_serial");
    sys->fw_vendor = mv_nodedev_sysfs_attr(dmi, "bios_vendor");
    sys->fw_version = mv_nodedev_sysfs_attr(dmi, "bios_version");
    sys->fw_release_date = mv_nodedev_sysfs_attr(dmi, "bios_date");
    /* product_uuid is readable by root only; without it the UUID stays
     * all zero (libvirt would make up a random one). */
    uuid = mv_nodedev_sysfs_attr(dmi, "product_uuid");
    if (uuid && mv_uuid_parse(uuid, sys->hw_uuid) < 0) {
        MV_WARN("DMI product_uuid '%s' of the host is not a UUID", uuid);
        mv_error_reset();
    }
    return def;
}

void
mv_nodedev_sysfs_drm_scan(MvNodeDevSysfs *fs, GPtrArray *defs)
{
    g_autofree char *class_dir = mv_nodedev_sysfs_path(fs, "/sys/class/drm");
    g_autoptr(GPtrArray) entries = mv_nodedev_sysfs_list(class_dir);

    for (unsigned int i = 0; i < entries->len; i++) {
        const char *sysname = entries->pdata[i];
        g_autofree char *link = g_build_filename(class_dir, sysname, NULL);
        g_autofree char *dir = mv_nodedev_sysfs_resolve(link);
        g_autoptr(GHashTable) uevent = NULL;
        g_autoptr(MvNodeDevDef) def = NULL;
        const char *minor_text;
        guint64 minor;

        if (!dir)
            continue;
        uevent = mv_nodedev_sysfs_uevent(dir);
        minor_text = g_hash_table_lookup(uevent, "MINOR");
        if (g_strcmp0(g_hash_table_lookup(uevent, "DEVTYPE"), "drm_minor") != 0 || !minor_text ||
            !g_ascii_string_to_unsigned(minor_text, 10, 0, G_MAXINT, &minor, NULL))
            continue;
        /* Minors 0-63 are primary nodes, 64-127 control, 128-191 render. */
        if (minor >> 6 >= MV_NODEDEV_DRM_LAST)
            continue;
        def = mv_nodedev_sysfs_def_new(fs, dir, uevent);
        mv_nodedev_def_add_cap(def, MV_NODEDEV_CAP_DRM)->u.drm = minor >> 6;
        def->name = mv_nodedev_generate_name("drm", sysname, NULL);
        g_ptr_array_add(defs, g_steal_pointer(&def));
    }
}
