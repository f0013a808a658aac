/* SCSI hosts, targets and devices from sysfs (/sys/bus/scsi/devices, /sys/class/scsi_host, /sys/class/fc_host). */
#define MV_LOG_MODULE "nodedev.sysfs"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_sysfs_scsi.h"

#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/log.h"

/* WWNs in sysfs read "0x5001a4aa3b8c9d0e"; libvirt shows the digits. */
static char *
wwn_read(const char *dir, const char *attr)
{
    g_autofree char *text = mv_nodedev_sysfs_attr(dir, attr);

    if (!text)
        return NULL;
    if (g_str_has_prefix(text, "0x"))
        return g_strdup(text + 2);
    return g_steal_pointer(&text);
}

static void
fc_host_read(MvNodeDevSysfs *fs, MvNodeDevScsiHost *host)
{
    g_autofree char *fc_dir = NULL;
    g_autofree char *fc_host = g_strdup_printf("/sys/class/fc_host/host%u", host->host);
    int value;

    fc_dir = mv_nodedev_sysfs_path(fs, fc_host);
    if (!g_file_test(fc_dir, G_FILE_TEST_IS_DIR))
        return;
    host->wwpn = wwn_read(fc_dir, "port_name");
    host->wwnn = wwn_read(fc_dir, "node_name");
    if (!host->wwpn || !host->wwnn) {
        MV_WARN("FC host 'host%u' has no port_name or node_name", host->host);
        g_clear_pointer(&host->wwpn, g_free);
        g_clear_pointer(&host->wwnn, g_free);
        return;
    }
    host->fc_host = true;
    host->fabric_wwn = wwn_read(fc_dir, "fabric_name");

    if (mv_nodedev_sysfs_attr_int(fc_dir, "max_npiv_vports", &value) == 0) {
        host->vport_ops = true;
        host->max_vports = value;
        if (mv_nodedev_sysfs_attr_int(fc_dir, "npiv_vports_inuse", &value) == 0)
            host->vports = value;
    }
}

static MvNodeDevDef *
scsi_host_read(MvNodeDevSysfs *fs, const char *dir, const char *sysname, GHashTable *uevent)
{
    g_autoptr(MvNodeDevDef) def = mv_nodedev_sysfs_def_new(fs, dir, uevent);
    MvNodeDevScsiHost *host = &mv_nodedev_def_add_cap(def, MV_NODEDEV_CAP_SCSI_HOST)->u.scsi_host;
    g_autofree char *class_path = NULL;
    g_autofree char *class_dir = NULL;
    int end = 0;

    if (sscanf(sysname, "host%u%n", &host->host, &end) != 1 || sysname[end]) {
        MV_DEBUG("skipping SCSI host '%s': no host number", dir);
        return NULL;
    }
    class_path = g_strdup_printf("/sys/class/scsi_host/%s", sysname);
    class_dir = mv_nodedev_sysfs_path(fs, class_path);
    if (mv_nodedev_sysfs_attr_int(class_dir, "unique_id", &host->unique_id) < 0)
        host->unique_id = -1;
    fc_host_read(fs, host);
    def->name = mv_nodedev_generate_name("scsi", sysname, NULL);
    return g_steal_pointer(&def);
}

static MvNodeDevDef *
scsi_target_read(MvNodeDevSysfs *fs, const char *dir, const char *sysname, GHashTable *uevent)
{
    g_autoptr(MvNodeDevDef) def = mv_nodedev_sysfs_def_new(fs, dir, uevent);
    MvNodeDevScsiTarget *target = &mv_nodedev_def_add_cap(def, MV_NODEDEV_CAP_SCSI_TARGET)->u.scsi_target;
    g_autofree char *parent = g_path_get_dirname(dir);
    g_autofree char *rport = g_path_get_basename(parent);

    target->name = g_strdup(sysname);
    /* .../host5/rport-5:0-2/target5:0:0: an FC remote port. */
    if (g_str_has_prefix(rport, "rport-")) {
        g_autofree char *rport_path = g_strdup_printf("/sys/class/fc_remote_ports/%s", rport);
        g_autofree char *rport_dir = mv_nodedev_sysfs_path(fs, rport_path);

        if ((target->wwpn = wwn_read(rport_dir, "port_name"))) {
            target->fc_remote_port = true;
            target->rport = g_steal_pointer(&rport);
        }
    }
    def->name = mv_nodedev_generate_name("scsi", sysname, NULL);
    return g_steal_pointer(&def);
}

/* SCSI peripheral device types (SPC), in libvirt's words. */
static const char *
scsi_type_name(unsigned int type)
{
    static const char *const names[] = {
        [0x00] = "disk", [0x01] = "tape", [0x03] = "processor", [0x04] = "worm",
        [0x05] = "cdrom", [0x06] = "scanner", [0x07] = "mod", [0x08] = "changer",
        [0x0d] = "enclosure", [0x0c] = "raid",
    };

    return type < G_N_ELEMENTS(names) ? names[type] : NULL;
}

static MvNodeDevDef *
scsi_device_read(MvNodeDevSysfs *fs, const char *dir, const char *sysname, GHashTable *uevent)
{
    g_autoptr(MvNodeDevDef) def = mv_nodedev_sysfs_def_new(fs, dir, uevent);
    MvNodeDevScsi *scsi = &mv_nodedev_def_add_cap(def, MV_NODEDEV_CAP_SCSI)->u.scsi;
    unsigned int type;
    int end = 0;

    if (sscanf(sysname, "%u:%u:%u:%u%n", &scsi->host, &scsi->bus, &scsi->target,
               &scsi->lun, &end) != 4 || sysname[end]) {
        MV_DEBUG("skipping SCSI device '%s': no address", dir);
        return NULL;
    }
    if (mv_nodedev_sysfs_attr_uint(dir, "type", 0, &type) == 0)
        scsi->type = g_strdup(scsi_type_name(type));
    def->name = mv_nodedev_generate_name("scsi", sysname, NULL);
    return g_steal_pointer(&def);
}

void
mv_nodedev_sysfs_scsi_scan(MvNodeDevSysfs *fs, GPtrArray *defs)
{
    g_autofree char *bus_dir = mv_nodedev_sysfs_path(fs, "/sys/bus/scsi/devices");
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
        if (!devtype) {
            if (g_str_has_prefix(sysname, "host"))
                devtype = "scsi_host";
            else if (g_str_has_prefix(sysname, "target"))
                devtype = "scsi_target";
            else
                devtype = "scsi_device";
        }
        if (g_str_equal(devtype, "scsi_host"))
            def = scsi_host_read(fs, dir, sysname, uevent);
        else if (g_str_equal(devtype, "scsi_target"))
            def = scsi_target_read(fs, dir, sysname, uevent);
        else if (g_str_equal(devtype, "scsi_device"))
            def = scsi_device_read(fs, dir, sysname, uevent);
        if (def)
            g_ptr_array_add(defs, def);
    }
}
