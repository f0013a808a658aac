/* modvirt: host device commands (nodedev-list, nodedev-dumpxml). */
#include <stdlib.h>
#include <string.h>

#include "modvirt.h"

/* Capability names; the listing flag of each is 1 << its index. */
static const char *const cap_names[] = {
    "system", "pci", "usb_device", "usb", "net", "scsi_host", "scsi_target", "scsi",
    "storage", "fc_host", "vports", "scsi_generic", "drm", "mdev_types", "mdev", "ccw",
    "css", "vdpa", "ap_card", "ap_queue", "ap_matrix", "vpd",
};

static int
cap_flags(MvshControl *ctl, const char *caps, unsigned int *ret_flags)
{
    g_auto(GStrv) names = g_strsplit(caps, ",", -1);
    unsigned int flags = 0;

    for (size_t i = 0; names[i]; i++) {
        size_t c;

        for (c = 0; c < G_N_ELEMENTS(cap_names); c++) {
            if (strcmp(cap_names[c], names[i]) == 0)
                break;
        }
        if (c == G_N_ELEMENTS(cap_names)) {
            mvsh_error(ctl, "%s", "Invalid capability type");
            return -1;
        }
        flags |= 1U << c;
    }
    *ret_flags = flags;
    return 0;
}

static int
device_sorter(gconstpointer a, gconstpointer b)
{
    return g_ascii_strcasecmp(virNodeDeviceGetName(*(virNodeDevicePtr *)a),
                              virNodeDeviceGetName(*(virNodeDevicePtr *)b));
}

typedef struct {
    GString *out;
    GString *indent;
    const char **names;
    const char **parents;
    int n;
} Tree;

/* virsh's tree: "+- " before each child, "|" down the side while siblings
 * follow, a "|" line before the first child and a blank line after the last leaf. */
static void
tree_print(Tree *t, int dev, int last, bool root)
{
    int next_last = -1;

    g_string_append_printf(t->out, "%s%s%s\n", t->indent->str, root ? "" : "+- ", t->names[dev]);
    if (!root)
        g_string_append(t->indent, dev == last ? "  " : "| ");
    for (int i = 0; i < t->n; i++) {
        if (t->parents[i] && strcmp(t->parents[i], t->names[dev]) == 0)
            next_last = i;
    }
    if (next_last != -1)
        g_string_append_printf(t->out, "%s  |\n", t->indent->str);
    g_string_append(t->indent, "  ");
    for (int i = 0; i < t->n; i++) {
        if (t->parents[i] && strcmp(t->parents[i], t->names[dev]) == 0)
            tree_print(t, i, next_last, false);
    }
    g_string_truncate(t->indent, t->indent->len - 2);
    if (next_last == -1 && dev == last)
        g_string_append_printf(t->out, "%s\n", t->indent->str);
    if (!root)
        g_string_truncate(t->indent, t->indent->len - 2);
}

static bool
cmd_nodedev_list(MvshControl *ctl, const MvshCmd *cmd)
{
    const char *caps = mvsh_opt_string(cmd, "cap");
    bool tree = mvsh_opt_bool(cmd, "tree");
    bool inactive = mvsh_opt_bool(cmd, "inactive");
    bool all = mvsh_opt_bool(cmd, "all");
    unsigned int flags = 0;
    virNodeDevicePtr *devs = NULL;
    int ndevs;

    if (all && inactive) {
        mvsh_error(ctl, "%s", "Option --all is incompatible with --inactive");
        return false;
    }
    if (tree && (caps || inactive)) {
        mvsh_error(ctl, "%s", "Option --tree is incompatible with --cap and --inactive");
        return false;
    }
    if (caps && cap_flags(ctl, caps, &flags) < 0)
        return false;
    if (inactive || all)
        flags |= VIR_CONNECT_LIST_NODE_DEVICES_INACTIVE;
    if (!inactive)
        flags |= VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE;

    if ((ndevs = virConnectListAllNodeDevices(ctl->conn, &devs, flags)) < 0) {
        mvsh_error(ctl, "%s", "Failed to list node devices");
        return false;
    }
    qsort(devs, ndevs, sizeof(*devs), device_sorter);

    if (tree) {
        g_autofree const char **names = g_new0(const char *, ndevs);
        g_autofree const char **parents = g_new0(const char *, ndevs);
        g_autoptr(GString) out = g_string_new(NULL);
        g_autoptr(GString) indent = g_string_new(NULL);
        Tree t = { out, indent, names, parents, ndevs };

        for (int i = 0; i < ndevs; i++) {
            names[i] = virNodeDeviceGetName(devs[i]);
            if (strcmp(names[i], "computer") != 0)
                parents[i] = virNodeDeviceGetParent(devs[i]);
        }
        for (int i = 0; i < ndevs; i++) {
            if (!parents[i])
                tree_print(&t, i, i, true);
        }
        mvsh_print(ctl, "%s", out->str);
    } else {
        for (int i = 0; i < ndevs; i++)
            mvsh_print(ctl, "%s\n", virNodeDeviceGetName(devs[i]));
    }
    for (int i = 0; i < ndevs; i++)
        virNodeDeviceFree(devs[i]);
    free(devs);
    mvsh_reset_error(ctl);
    return true;
}

static bool
cmd_nodedev_dumpxml(MvshControl *ctl, const MvshCmd *cmd)
{
    const char *name = mvsh_opt_string(cmd, "device");
    g_autoptr(virNodeDevice) dev = NULL;
    g_autofree char *xml = NULL;

    if (!(dev = virNodeDeviceLookupByName(ctl->conn, name))) {
        mvsh_error(ctl, "Could not find matching device '%s'", name);
        return false;
    }
    if (!(xml = virNodeDeviceGetXMLDesc(dev, 0)))
        return false;
    mvsh_print(ctl, "%s", xml);
    return true;
}

static const MvshOptDef opts_nodedev_list[] = {
    { "tree", MVSH_OT_BOOL, 0, "list devices in a tree" },
    { "cap", MVSH_OT_STRING, 0, "capability names, separated by comma" },
    { "inactive", MVSH_OT_BOOL, 0, "list inactive devices" },
    { "all", MVSH_OT_BOOL, 0, "list inactive & active devices" },
    { NULL, 0, 0, NULL },
};

static const MvshOptDef opts_nodedev_dumpxml[] = {
    { "device", MVSH_OT_STRING, MVSH_OFLAG_REQ, "device name" },
    { NULL, 0, 0, NULL },
};

const MvshCmdDef mvsh_nodedev_cmds[] = {
    { "nodedev-dumpxml", "nodedev", "node device details in XML",
      "Print the node device's XML description.", opts_nodedev_dumpxml, cmd_nodedev_dumpxml },
    { "nodedev-list", "nodedev", "enumerate devices on this host", NULL,
      opts_nodedev_list, cmd_nodedev_list },
    { NULL, NULL, NULL, NULL, NULL, NULL },
};
