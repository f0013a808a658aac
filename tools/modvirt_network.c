/* modvirt: virtual network commands (net-*). */
#include <stdlib.h>
#include <string.h>

#include "modvirt.h"

enum {
    BY_UUID = 1 << 0,
    BY_NAME = 1 << 1,
};

static virNetworkPtr
cmd_network_by(MvshControl *ctl, const MvshCmd *cmd, const char **ret_name, unsigned int by)
{
    const char *name = mvsh_opt_string(cmd, "network");
    virNetworkPtr net = NULL;

    if (ret_name)
        *ret_name = name;
    if ((by & BY_UUID) && strlen(name) == VIR_UUID_STRING_BUFLEN - 1)
        net = virNetworkLookupByUUIDString(ctl->conn, name);
    if (!net && (by & BY_NAME))
        net = virNetworkLookupByName(ctl->conn, name);
    if (!net)
        mvsh_error(ctl, "failed to get network '%s'", name);
    return net;
}

static virNetworkPtr
cmd_network(MvshControl *ctl, const MvshCmd *cmd, const char **ret_name)
{
    return cmd_network_by(ctl, cmd, ret_name, BY_UUID | BY_NAME);
}

static int
network_sorter(gconstpointer a, gconstpointer b)
{
    return g_ascii_strcasecmp(virNetworkGetName(*(virNetworkPtr *)a),
                              virNetworkGetName(*(virNetworkPtr *)b));
}

static bool
cmd_net_list(MvshControl *ctl, const MvshCmd *cmd)
{
    bool opt_name = mvsh_opt_bool(cmd, "name");
    bool opt_uuid = mvsh_opt_bool(cmd, "uuid");
    bool opt_table = mvsh_opt_bool(cmd, "table");
    unsigned int flags = VIR_CONNECT_LIST_NETWORKS_ACTIVE;
    g_autoptr(MvshTable) table = NULL;
    virNetworkPtr *nets = NULL;
    int nnets;

    if (mvsh_opt_bool(cmd, "inactive"))
        flags = VIR_CONNECT_LIST_NETWORKS_INACTIVE;
    if (mvsh_opt_bool(cmd, "all"))
        flags = VIR_CONNECT_LIST_NETWORKS_ACTIVE | VIR_CONNECT_LIST_NETWORKS_INACTIVE;
    if (mvsh_opt_bool(cmd, "persistent"))
        flags |= VIR_CONNECT_LIST_NETWORKS_PERSISTENT;
    if (mvsh_opt_bool(cmd, "transient"))
        flags |= VIR_CONNECT_LIST_NETWORKS_TRANSIENT;
    if (mvsh_opt_bool(cmd, "autostart"))
        flags |= VIR_CONNECT_LIST_NETWORKS_AUTOSTART;
    if (mvsh_opt_bool(cmd, "no-autostart"))
        flags |= VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART;
    if (opt_table + opt_name + opt_uuid > 1) {
        mvsh_error(ctl, "%s", "Only one argument from --table, --name and --uuid may be specified.");
        return false;
    }
    if (!opt_uuid && !opt_name)
        opt_table = true;

    if ((nnets = virConnectListAllNetworks(ctl->conn, &nets, flags)) < 0) {
        mvsh_error(ctl, "%s", "Failed to list networks");
        return false;
    }
    qsort(nets, nnets, sizeof(*nets), network_sorter);

    if (opt_table)
        table = mvsh_table_new("Name", "State", "Autostart", "Persistent", NULL);
    for (int i = 0; i < nnets; i++) {
        if (opt_table) {
            int autostart = 0;
            const char *autostart_str;

            if (virNetworkGetAutostart(nets[i], &autostart) < 0)
                autostart_str = "no autostart";
            else
                autostart_str = autostart ? "yes" : "no";
            mvsh_table_add_row(table, virNetworkGetName(nets[i]),
                               virNetworkIsActive(nets[i]) > 0 ? "active" : "inactive",
                               autostart_str,
                               virNetworkIsPersistent(nets[i]) > 0 ? "yes" : "no", NULL);
        } else if (opt_uuid) {
            char uuid[VIR_UUID_STRING_BUFLEN];

            if (virNetworkGetUUIDString(nets[i], uuid) == 0)
                mvsh_print(ctl, "%s\n", uuid);
        } else {
            mvsh_print(ctl, "%s\n", virNetworkGetName(nets[i]));
        }
    }
    for (int i = 0; i < nnets; i++)
        virNetworkFree(nets[i]);
    free(nets);
    mvsh_reset_error(ctl);

    if (opt_table)
        mvsh_table_print(ctl, table);
    return true;
}

static bool
net_from_file(MvshControl *ctl, const MvshCmd *cmd, bool define)
{
    const char *file = mvsh_opt_string(cmd, "file");
    g_autofree char *xml = NULL;
    g_autoptr(virNetwork) net = NULL;

    if (!(xml = mvsh_read_file(ctl, file)))
        return false;
    net = define ? virNetworkDefineXML(ctl->conn, xml) : virNetworkCreateXML(ctl->conn, xml);
    if (!net) {
        mvsh_error(ctl, "Failed to %s network from %s", define ? "define" : "create", file);
        return false;
    }
    mvsh_print_extra(ctl, "Network %s %s from %s\n", virNetworkGetName(net),
                     define ? "defined" : "created", file);
    return true;
}

static bool
cmd_net_define(MvshControl *ctl, const MvshCmd *cmd)
{
    return net_from_file(ctl, cmd, true);
}

static bool
cmd_net_create(MvshControl *ctl, const MvshCmd *cmd)
{
    return net_from_file(ctl, cmd, false);
}

/* The commands that call one function on a network and confirm by its given name. */
static const struct {
    const char *cmd;
    int (*fn)(virNetworkPtr net);
    const char *verb;   /* Failed to VERB network NAME */
    const char *done;   /* Network NAME DONE */
} simple_actions[] = {
    { "net-start", virNetworkCreate, "start", "started" },
    { "net-destroy", virNetworkDestroy, "destroy", "destroyed" },
    { "net-undefine", virNetworkUndefine, "undefine", "has been undefined" },
};

static bool
cmd_net_simple_action(MvshControl *ctl, const MvshCmd *cmd)
{
    const char *name;
    g_autoptr(virNetwork) net = NULL;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(simple_actions); i++) {
        if (strcmp(simple_actions[i].cmd, cmd->def->name) == 0)
            break;
    }
    g_assert(i < G_N_ELEMENTS(simple_actions));
    if (!(net = cmd_network(ctl, cmd, &name)))
        return false;
    if (simple_actions[i].fn(net) < 0) {
        mvsh_error(ctl, "Failed to %s network %s", simple_actions[i].verb, name);
        return false;
    }
    mvsh_print_extra(ctl, "Network %s %s\n", name, simple_actions[i].done);
    return true;
}

static bool
cmd_net_autostart(MvshControl *ctl, const MvshCmd *cmd)
{
    bool disable = mvsh_opt_bool(cmd, "disable");
    const char *name;
    g_autoptr(virNetwork) net = cmd_network(ctl, cmd, &name);

    if (!net)
        return false;
    if (virNetworkSetAutostart(net, !disable) < 0) {
        mvsh_error(ctl, "failed to %s network %s as autostarted", disable ? "unmark" : "mark", name);
        return false;
    }
    mvsh_print_extra(ctl, "Network %s %s as autostarted\n", name, disable ? "unmarked" : "marked");
    return true;
}

static bool
cmd_net_dumpxml(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autoptr(virNetwork) net = cmd_network(ctl, cmd, NULL);
    g_autofree char *xml = NULL;

    if (!net)
        return false;
    if (!(xml = virNetworkGetXMLDesc(net, mvsh_opt_bool(cmd, "inactive") ?
                                     VIR_NETWORK_XML_INACTIVE : 0)))
        return false;
    mvsh_print(ctl, "%s", xml);
    return true;
}

static bool
cmd_net_info(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autoptr(virNetwork) net = cmd_network(ctl, cmd, NULL);
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_autofree char *bridge = NULL;
    int active;
    int persistent;
    int autostart;

    if (!net)
        return false;
    mvsh_print(ctl, "%-15s %s\n", "Name:", virNetworkGetName(net));
    if (virNetworkGetUUIDString(net, uuid) == 0)
        mvsh_print(ctl, "%-15s %s\n", "UUID:", uuid);
    if ((active = virNetworkIsActive(net)) >= 0)
        mvsh_print(ctl, "%-15s %s\n", "Active:", active ? "yes" : "no");
    if ((persistent = virNetworkIsPersistent(net)) < 0)
        mvsh_print(ctl, "%-15s %s\n", "Persistent:", "unknown");
    else
        mvsh_print(ctl, "%-15s %s\n", "Persistent:", persistent ? "yes" : "no");
    if (virNetworkGetAutostart(net, &autostart) < 0)
        mvsh_print(ctl, "%-15s %s\n", "Autostart:", "no autostart");
    else
        mvsh_print(ctl, "%-15s %s\n", "Autostart:", autostart ? "yes" : "no");
    if ((bridge = virNetworkGetBridgeName(net)))
        mvsh_print(ctl, "%-15s %s\n", "Bridge:", bridge);
    mvsh_reset_error(ctl);
    return true;
}

static bool
cmd_net_uuid(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autoptr(virNetwork) net = cmd_network_by(ctl, cmd, NULL, BY_NAME);
    char uuid[VIR_UUID_STRING_BUFLEN];

    if (!net)
        return false;
    if (virNetworkGetUUIDString(net, uuid) < 0) {
        mvsh_error(ctl, "%s", "failed to get network UUID");
        return false;
    }
    mvsh_print(ctl, "%s\n", uuid);
    return true;
}

static bool
cmd_net_name(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autoptr(virNetwork) net = cmd_network_by(ctl, cmd, NULL, BY_UUID);

    if (!net)
        return false;
    mvsh_print(ctl, "%s\n", virNetworkGetName(net));
    return true;
}

#define OPT_NETWORK { "network", MVSH_OT_STRING, MVSH_OFLAG_REQ, "network name or uuid" }
#define OPT_END { NULL, 0, 0, NULL }

static const MvshOptDef opts_network[] = { OPT_NETWORK, OPT_END };

static const MvshOptDef opts_net_list[] = {
    { "inactive", MVSH_OT_BOOL, 0, "list inactive networks" },
    { "all", MVSH_OT_BOOL, 0, "list inactive & active networks" },
    { "persistent", MVSH_OT_BOOL, 0, "list persistent networks" },
    { "transient", MVSH_OT_BOOL, 0, "list transient networks" },
    { "autostart", MVSH_OT_BOOL, 0, "list networks with autostart enabled" },
    { "no-autostart", MVSH_OT_BOOL, 0, "list networks with autostart disabled" },
    { "uuid", MVSH_OT_BOOL, 0, "list uuid's only" },
    { "name", MVSH_OT_BOOL, 0, "list network names only" },
    { "table", MVSH_OT_BOOL, 0, "list table (default)" },
    OPT_END,
};

static const MvshOptDef opts_net_file[] = {
    { "file", MVSH_OT_STRING, MVSH_OFLAG_REQ, "file containing an XML network description" },
    OPT_END,
};

static const MvshOptDef opts_net_autostart[] = {
    OPT_NETWORK,
    { "disable", MVSH_OT_BOOL, 0, "disable autostarting" },
    OPT_END,
};

static const MvshOptDef opts_net_dumpxml[] = {
    OPT_NETWORK,
    { "inactive", MVSH_OT_BOOL, 0, "show inactive defined XML" },
    OPT_END,
};

static const MvshOptDef opts_net_uuid[] = {
    { "network", MVSH_OT_STRING, MVSH_OFLAG_REQ, "network name" },
    OPT_END,
};

static const MvshOptDef opts_net_name[] = {
    { "network", MVSH_OT_STRING, MVSH_OFLAG_REQ, "network uuid" },
    OPT_END,
};

const MvshCmdDef mvsh_network_cmds[] = {
    { "net-autostart", "network", "autostart a network",
      "Start the network when its daemon starts.", opts_net_autostart, cmd_net_autostart },
    { "net-create", "network", "create a network from an XML file",
      "Create and start a transient network.", opts_net_file, cmd_net_create },
    { "net-define", "network", "define a persistent network from an XML file",
      "Define a network without starting it, or replace an existing definition.",
      opts_net_file, cmd_net_define },
    { "net-destroy", "network", "destroy (stop) a network", "Stop a running network.",
      opts_network, cmd_net_simple_action },
    { "net-dumpxml", "network", "network information in XML",
      "Print the network's XML description.", opts_net_dumpxml, cmd_net_dumpxml },
    { "net-info", "network", "network information",
      "Print the network's name, UUID, state and bridge.", opts_network, cmd_net_info },
    { "net-list", "network", "list networks", "List the networks, active ones by default.",
      opts_net_list, cmd_net_list },
    { "net-name", "network", "convert a network UUID to network name", NULL,
      opts_net_name, cmd_net_name },
    { "net-start", "network", "start a (previously defined) inactive network",
      "Start a defined network that is not running.", opts_network, cmd_net_simple_action },
    { "net-undefine", "network", "undefine a persistent network",
      "Remove a network's persistent definition.", opts_network, cmd_net_simple_action },
    { "net-uuid", "network", "convert a network name to network UUID", NULL,
      opts_net_uuid, cmd_net_uuid },
    { NULL, NULL, NULL, NULL, NULL, NULL },
};
