/* PCI devices from sysfs (/sys/bus/pci/devices): ids and names, driver, IOMMU group, NUMA node, SR-IOV, header type, PCI Express links. */
#define MV_LOG_MODULE "nodedev.sysfs"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_sysfs_pci.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/log.h"

/* Config space offsets (PCI Local Bus and PCI Express specifications). */
#define PCI_CFG_STATUS 0x06
#define PCI_CFG_STATUS_CAP_LIST 0x10
#define PCI_CFG_HEADER_TYPE 0x0e
#define PCI_CFG_CAP_PTR 0x34
#define PCI_CAP_ID_EXP 0x10
#define PCI_EXP_FLAGS 0x02
#define PCI_EXP_LNKCAP 0x0c
#define PCI_EXP_LNKSTA 0x12
/* Device/port types without a link: integrated endpoint, event collector. */
#define PCI_EXP_TYPE_RC_END 0x9
#define PCI_EXP_TYPE_RC_EC 0xa

char *
mv_nodedev_pci_name(const MvPciAddr *addr)
{
    return g_strdup_printf("pci_%04x_%02x_%02x_%x",
                           addr->domain, addr->bus, addr->slot, addr->function);
}

int
mv_nodedev_pci_name_parse(const char *name, MvPciAddr *ret_addr)
{
    unsigned int domain, bus, slot, function;
    int end = 0;

    if (sscanf(name, "pci_%4x_%2x_%2x_%1x%n", &domain, &bus, &slot, &function, &end) != 4 ||
        name[end] != '\0' || strlen(name) != strlen("pci_0000_00_00_0") ||
        slot > 0x1f || function > 7) {
        mv_report_error(VIR_ERR_INVALID_ARG, "'%s' is not the name of a PCI device (pci_DDDD_BB_SS_F)",
                        name);
        return -1;
    }
    ret_addr->domain = domain;
    ret_addr->bus = bus;
    ret_addr->slot = slot;
    ret_addr->function = function;
    return 0;
}

/* pci.ids: "vvvv  Vendor" lines, then "\tdddd  Device" lines under them;
 * kept by "vvvv" and "vvvv:dddd". */
static GHashTable *
pci_ids_load(const MvNodeDevSysfs *fs)
{
    static const char *const paths[] = { "/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids" };
    GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

    for (size_t i = 0; i < G_N_ELEMENTS(paths); i++) {
        g_autofree char *path = mv_nodedev_sysfs_path(fs, paths[i]);
        g_autofree char *text = NULL;
        g_auto(GStrv) lines = NULL;
        unsigned int vendor = 0;
        bool in_vendor = false;

        if (!g_file_get_contents(path, &text, NULL, NULL))
            continue;
        MV_DEBUG("reading PCI names from '%s'", path);
        lines = g_strsplit(text, "\n", -1);
        for (size_t j = 0; lines[j]; j++) {
            char *line = lines[j];
            unsigned int id;
            int end = 0;

            if (line[0] == '#' || line[0] == '\0')
                continue;
            if (g_str_has_prefix(line, "C "))
                break;      /* the device classes follow the vendors */
            if (line[0] != '\t') {
                in_vendor = sscanf(line, "%4x%n", &vendor, &end) == 1 && end == 4;
                if (in_vendor)
                    g_hash_table_insert(ids, g_strdup_printf("%04x", vendor),
                                        g_strdup(g_strstrip(line + end)));
            } else if (in_vendor && line[1] != '\t' &&
                       sscanf(line + 1, "%4x%n", &id, &end) == 1 && end == 4) {
                g_hash_table_insert(ids, g_strdup_printf("%04x:%04x", vendor, id),
                                    g_strdup(g_strstrip(line + 1 + end)));
            }
        }
        break;
    }
    return ids;
}

static void
pci_ids_lookup(MvNodeDevSysfs *fs, unsigned int vendor, unsigned int device,
               char **ret_vendor, char **ret_device)
{
    g_autofree char *vkey = g_strdup_printf("%04x", vendor);
    g_autofree char *dkey = g_strdup_printf("%04x:%04x", vendor, device);

    if (!fs->pci_ids_loaded) {
        fs->pci_ids = pci_ids_load(fs);
        fs->pci_ids_loaded = true;
    }
    *ret_vendor = g_strdup(g_hash_table_lookup(fs->pci_ids, vkey));
    *ret_device = g_strdup(g_hash_table_lookup(fs->pci_ids, dkey));
}

/* The address sysfs names a device by: the last component of path. */
static int
addr_from_path(const char *path, MvPciAddr *ret_addr)
{
    g_autofree char *base = g_path_get_basename(path);
    unsigned int domain, bus, slot, function;
    int end = 0;

    if (sscanf(base, "%4x:%2x:%2x.%1x%n", &domain, &bus, &slot, &function, &end) != 4 ||
        base[end] != '\0' || slot > 0x1f || function > 7)
        return -1;
    ret_addr->domain = domain;
    ret_addr->bus = bus;
    ret_addr->slot = slot;
    ret_addr->function = function;
    return 0;
}

static void
sriov_read(const char *dir, MvNodeDevPci *pci)
{
    g_autoptr(GPtrArray) entries = mv_nodedev_sysfs_list(dir);
    g_autoptr(GArray) vfs = g_array_new(FALSE, TRUE, sizeof(MvPciAddr));
    g_autofree char *physfn = g_build_filename(dir, "physfn", NULL);
    g_autofree char *pf = mv_nodedev_sysfs_resolve(physfn);

    if (pf && addr_from_path(pf, &pci->phys_function) == 0)
        pci->has_phys_function = true;

    /* virtfnN, in the order of N (virtfn10 after virtfn9). */
    for (unsigned int n = 0; n < entries->len; n++) {
        g_autofree char *link = g_strdup_printf("%s/virtfn%u", dir, n);
        g_autofree char *vf = mv_nodedev_sysfs_resolve(link);
        MvPciAddr addr;

        if (!vf)
            break;
        if (addr_from_path(vf, &addr) == 0)
            g_array_append_val(vfs, addr);
    }
    if (mv_nodedev_sysfs_attr_uint(dir, "sriov_totalvfs", 10, &pci->max_virt_functions) < 0)
        pci->max_virt_functions = 0;
    pci->nvirt_functions = vfs->len;
    if (pci->nvirt_functions)
        pci->virt_functions = (MvPciAddr *) g_array_free(g_steal_pointer(&vfs), FALSE);
    pci->has_virt_functions = pci->nvirt_functions > 0 || pci->max_virt_functions > 0;
}

static void
iommu_group_read(const MvNodeDevSysfs *fs, const char *dir, MvNodeDevPci *pci)
{
    g_autofree char *group = mv_nodedev_sysfs_link_name(dir, "iommu_group");
    g_autofree char *groups_dir = mv_nodedev_sysfs_path(fs, "/sys/kernel/iommu_groups");
    g_autofree char *devices_dir = NULL;
    g_autoptr(GPtrArray) members = NULL;
    g_autoptr(GArray) addrs = g_array_new(FALSE, TRUE, sizeof(MvPciAddr));
    guint64 number;

    if (!group || !g_ascii_string_to_unsigned(group, 10, 0, G_MAXUINT, &number, NULL))
        return;
    devices_dir = g_build_filename(groups_dir, group, "devices", NULL);
    members = mv_nodedev_sysfs_list(devices_dir);
    for (unsigned int i = 0; i < members->len; i++) {
        MvPciAddr addr;

        if (addr_from_path(members->pdata[i], &addr) == 0)
            g_array_append_val(addrs, addr);
    }
    pci->iommu_group = number;
    pci->niommu_devices = addrs->len;
    if (pci->niommu_devices)
        pci->iommu_devices = (MvPciAddr *) g_array_free(g_steal_pointer(&addrs), FALSE);
}

/* "8.0 GT/s PCIe" -> MV_PCIE_SPEED_8; "Unknown" -> none. */
static MvPcieLinkSpeed
link_speed_parse(const char *text)
{
    static const double speeds[] = { 0, 2.5, 5, 8, 16, 32, 64 };
    double value;

    if (!text)
        return MV_PCIE_SPEED_NONE;
    value = g_ascii_strtod(text, NULL);
    for (size_t i = 1; i < G_N_ELEMENTS(speeds); i++) {
        if (value == speeds[i])
            return i;
    }
    return MV_PCIE_SPEED_NONE;
}

static void
pcie_from_attrs(const char *dir, MvNodeDevPci *pci)
{
    g_autofree char *max_speed = mv_nodedev_sysfs_attr(dir, "max_link_speed");
    g_autofree char *cur_speed = mv_nodedev_sysfs_attr(dir, "current_link_speed");
    unsigned int width = 0;

    if (!max_speed)
        return;
    pci->pcie = true;
    pci->link_cap.present = true;
    pci->link_cap.speed = link_speed_parse(max_speed);
    if (mv_nodedev_sysfs_attr_uint(dir, "max_link_width", 10, &width) == 0)
        pci->link_cap.width = width;
    pci->link_sta.present = true;
    pci->link_sta.speed = link_speed_parse(cur_speed);
    width = 0;
    if (mv_nodedev_sysfs_attr_uint(dir, "current_link_width", 10, &width) == 0)
        pci->link_sta.width = width;
}

/* The PCI Express capability's offset in config space, 0 when none. */
static unsigned int
pcie_cap_offset(const guint8 *cfg, gsize len)
{
    unsigned int pos;

    if (len < 256 || !(cfg[PCI_CFG_STATUS] & PCI_CFG_STATUS_CAP_LIST))
        return 0;
    pos = cfg[PCI_CFG_CAP_PTR] & ~3u;
    for (int hops = 0; pos >= 0x40 && pos + 0x14 <= len && hops < 48; hops++) {
        if (cfg[pos] == PCI_CAP_ID_EXP)
            return pos;
        pos = cfg[pos + 1] & ~3u;
    }
    return 0;
}

/* Header type and PCI Express links from config space, as libvirt reads
 * them; a config space too short for the capability list (an unprivileged
 * reader sees 64 bytes) falls back to the sysfs link attributes. */
static void
config_read(const char *dir, MvNodeDevPci *pci)
{
    g_autofree char *path = g_build_filename(dir, "config", NULL);
    g_autofree guint8 *cfg = NULL;
    unsigned int pos;
    gsize len = 0;

    if (g_file_get_contents(path, (char **) &cfg, &len, NULL) && len > PCI_CFG_HEADER_TYPE) {
        unsigned int type = cfg[PCI_CFG_HEADER_TYPE] & 0x7f;

        if (type < MV_PCI_HEADER_LAST)
            pci->header_type = type;
    }
    pos = cfg ? pcie_cap_offset(cfg, len) : 0;
    if (!pos) {
        pcie_from_attrs(dir, pci);
        return;
    }
    pci->pcie = true;
    if (((cfg[pos + PCI_EXP_FLAGS] >> 4) & 0xf) != PCI_EXP_TYPE_RC_END &&
        ((cfg[pos + PCI_EXP_FLAGS] >> 4) & 0xf) != PCI_EXP_TYPE_RC_EC) {
        guint32 lnkcap = cfg[pos + PCI_EXP_LNKCAP] | cfg[pos + PCI_EXP_LNKCAP + 1] << 8 |
                         cfg[pos + PCI_EXP_LNKCAP + 2] << 16 | (guint32) cfg[pos + PCI_EXP_LNKCAP + 3] << 24;
        guint16 lnksta = cfg[pos + PCI_EXP_LNKSTA] | cfg[pos + PCI_EXP_LNKSTA + 1] << 8;

        pci->link_cap.present = true;
        pci->link_cap.port = lnkcap >> 24;
        pci->link_cap.speed = (lnkcap & 0xf) < MV_PCIE_SPEED_LAST ? (lnkcap & 0xf) : 0;
        pci->link_cap.width = (lnkcap >> 4) & 0x3f;
        pci->link_sta.present = true;
        pci->link_sta.port = -1;
        pci->link_sta.speed = (lnksta & 0xf) < MV_PCIE_SPEED_LAST ? (lnksta & 0xf) : 0;
        pci->link_sta.width = (lnksta >> 4) & 0x3f;
    }
}

static MvNodeDevDef *
pci_device_read(MvNodeDevSysfs *fs, const char *dir)
{
    g_autoptr(GHashTable) uevent = mv_nodedev_sysfs_uevent(dir);
    g_autoptr(MvNodeDevDef) def = mv_nodedev_sysfs_def_new(fs, dir, uevent);
    MvNodeDevPci *pci = &mv_nodedev_def_add_cap(def, MV_NODEDEV_CAP_PCI)->u.pci;
    MvPciAddr addr;
    unsigned int klass;

    if (addr_from_path(dir, &addr) < 0 ||
        mv_nodedev_sysfs_attr_uint(dir, "vendor", 16, &pci->vendor) < 0 ||
        mv_nodedev_sysfs_attr_uint(dir, "device", 16, &pci->product) < 0) {
        MV_DEBUG("skipping PCI device '%s': no address or ids", dir);
        return NULL;
    }
    pci->domain = addr.domain;
    pci->bus = addr.bus;
    pci->slot = addr.slot;
    pci->function = addr.function;
    if (mv_nodedev_sysfs_attr_uint(dir, "class", 16, &klass) == 0)
        pci->klass = klass & 0xffffff;
    pci_ids_lookup(fs, pci->vendor, pci->product, &pci->vendor_name, &pci->product_name);
    if (mv_nodedev_sysfs_attr_int(dir, "numa_node", &pci->numa_node) < 0)
        pci->numa_node = -1;
    sriov_read(dir, pci);
    iommu_group_read(fs, dir, pci);
    config_read(dir, pci);
    def->name = mv_nodedev_pci_name(&addr);
    return g_steal_pointer(&def);
}

void
mv_nodedev_sysfs_pci_scan(MvNodeDevSysfs *fs, GPtrArray *defs)
{
    g_autofree char *bus_dir = mv_nodedev_sysfs_path(fs, "/sys/bus/pci/devices");
    g_autoptr(GPtrArray) entries = mv_nodedev_sysfs_list(bus_dir);

    for (unsigned int i = 0; i < entries->len; i++) {
        g_autofree char *link = g_build_filename(bus_dir, entries->pdata[i], NULL);
        g_autofree char *dir = mv_nodedev_sysfs_resolve(link);
        MvNodeDevDef *def;

        if (!dir)
            continue;
        if ((def = pci_device_read(fs, dir)))
            g_ptr_array_add(defs, def);
    }
}
