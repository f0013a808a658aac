/* modvirt: the net-event command: wait for network lifecycle events and print them as they arrive. */
#include <string.h>

#include "modvirt.h"

static const char *const event_names[] = { "Defined", "Undefined", "Started", "Stopped" };

/* The event types net-event knows, by VIR_NETWORK_EVENT_ID_* value. */
static const char *const event_types[] = { "lifecycle" };

static void
on_lifecycle(virConnectPtr conn, virNetworkPtr net, int event, int detail, void *opaque)
{
    const char *what = event >= 0 && (size_t)event < G_N_ELEMENTS(event_names) ?
                       event_names[event] : "unknown";
    g_autofree char *msg = g_strdup_printf("event 'lifecycle' for network %s: %s\n",
                                           virNetworkGetName(net), what);

    (void)conn;
    (void)detail;
    mvsh_event_print(opaque, msg);
}

static virNetworkPtr
lookup_network(MvshControl *ctl, const char *name)
{
    virNetworkPtr net = NULL;

    if (strlen(name) == VIR_UUID_STRING_BUFLEN - 1)
        net = virNetworkLookupByUUIDString(ctl->conn, name);
    if (!net)
        net = virNetworkLookupByName(ctl->conn, name);
    if (!net)
        mvsh_error(ctl, "failed to get network '%s'", name);
    return net;
}

static bool
cmd_net_event(MvshControl *ctl, const MvshCmd *cmd)
{
    const char *event_name = mvsh_opt_string(cmd, "event");
    const char *name = mvsh_opt_string(cmd, "network");
    g_autoptr(virNetwork) net = NULL;
    MvshEventWait wait = {
        ctl, mvsh_opt_bool(cmd, "loop"), mvsh_opt_bool(cmd, "timestamp"), 0, false,
    };
    int timeout = 0;
    int id;
    bool ret;

    if (mvsh_opt_bool(cmd, "list")) {
        for (size_t i = 0; i < G_N_ELEMENTS(event_types); i++)
            mvsh_print(ctl, "%s\n", event_types[i]);
        return true;
    }
    if (!event_name) {
        mvsh_error(ctl, "%s", "either --list or --event <type> is required");
        return false;
    }
    if (strcmp(event_name, event_types[VIR_NETWORK_EVENT_ID_LIFECYCLE]) != 0) {
        mvsh_error(ctl, "unknown event type %s", event_name);
        return false;
    }
    if (mvsh_event_timeout(ctl, cmd, &timeout) < 0)
        return false;
    if (name && !(net = lookup_network(ctl, name)))
        return false;

    /* The registration takes the typed callback as the generic type, as in libvirt. */
    id = virConnectNetworkEventRegisterAny(
        ctl->conn, net, VIR_NETWORK_EVENT_ID_LIFECYCLE,
        (virConnectNetworkEventGenericCallback)(void (*)(void))on_lifecycle, &wait, NULL);
    if (id < 0)
        return false;
    ret = mvsh_event_wait(ctl, &wait, timeout);
    if (virConnectNetworkEventDeregisterAny(ctl->conn, id) < 0)
        ret = false;
    return ret;
}

static const MvshOptDef opts_net_event[] = {
    { "network", MVSH_OT_STRING, 0, "filter by network name or uuid" },
    { "event", MVSH_OT_STRING, 0, "which event type to wait for" },
    { "loop", MVSH_OT_BOOL, 0, "loop until timeout or interrupt, rather than one-shot" },
    { "timeout", MVSH_OT_INT, 0, "timeout seconds" },
    { "list", MVSH_OT_BOOL, 0, "list valid event types" },
    { "timestamp", MVSH_OT_BOOL, 0, "show timestamp for each printed event" },
    { NULL, 0, 0, NULL },
};

const MvshCmdDef mvsh_network_event_cmds[] = {
    { "net-event", "network", "Network Events", "List event types, or wait for network events to occur",
      opts_net_event, cmd_net_event },
    { NULL, NULL, NULL, NULL, NULL, NULL },
};
