/* modvirt: domain commands: listing, lifecycle, information and XML. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "modvirt.h"

enum {
    BY_ID = 1 << 0,
    BY_UUID = 1 << 1,
    BY_NAME = 1 << 2,
};

static const char *const state_names[] = {
    "no state", "running", "idle", "paused", "in shutdown", "shut off", "crashed", "pmsuspended",
};

/* Reason names, per state, in the order of the reason enums. */
static const char *const running_reasons[] = {
    "unknown", "booted", "migrated", "restored", "from snapshot", "unpaused",
    "migration canceled", "save canceled", "event wakeup", "crashed", "post-copy",
    "post-copy failed",
};
static const char *const paused_reasons[] = {
    "unknown", "user", "migrating", "saving", "dumping", "I/O error", "watchdog",
    "from snapshot", "shutting down", "creating snapshot", "crashed", "starting up",
    "post-copy", "post-copy failed",
};
static const char *const shutdown_reasons[] = { "unknown", "user" };
static const char *const shutoff_reasons[] = {
    "unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed",
    "from snapshot", "daemon",
};
static const char *const crashed_reasons[] = { "unknown", "panicked" };

const char *
mvsh_domain_state_string(int state)
{
    if (state < 0 || (size_t)state >= G_N_ELEMENTS(state_names))
        return "no state";
    return state_names[state];
}

static const char *
reason_string(int state, int reason)
{
    const char *const *names = NULL;
    size_t n = 0;

#define REASONS(arr) do { names = arr; n = G_N_ELEMENTS(arr); } while (0)
    switch (state) {
    case VIR_DOMAIN_RUNNING: REASONS(running_reasons); break;
    case VIR_DOMAIN_PAUSED: REASONS(paused_reasons); break;
    case VIR_DOMAIN_SHUTDOWN: REASONS(shutdown_reasons); break;
    case VIR_DOMAIN_SHUTOFF: REASONS(shutoff_reasons); break;
    case VIR_DOMAIN_CRASHED: REASONS(crashed_reasons); break;
    default: break;
    }
#undef REASONS
    if (!names || reason < 0 || (size_t)reason >= n)
        return "unknown";
    return names[reason];
}

static virDomainPtr
lookup_domain_by(MvshControl *ctl, const char *name, unsigned int by)
{
    virDomainPtr dom = NULL;

    if (by & BY_ID) {
        char *end = NULL;
        long id;

        errno = 0;
        id = strtol(name, &end, 10);
        if (errno == 0 && end != name && *end == '\0' && id >= 0 && id <= G_MAXINT)
            dom = virDomainLookupByID(ctl->conn, (int)id);
    }
    if (!dom && (by & BY_UUID) && strlen(name) == VIR_UUID_STRING_BUFLEN - 1)
        dom = virDomainLookupByUUIDString(ctl->conn, name);
    if (!dom && (by & BY_NAME))
        dom = virDomainLookupByName(ctl->conn, name);

    /* virsh reports no cause here: each way may have failed differently. */
    mvsh_reset_error(ctl);
    if (!dom)
        mvsh_error(ctl, "failed to get domain '%s'", name);
    return dom;
}

virDomainPtr
mvsh_lookup_domain(MvshControl *ctl, const char *name)
{
    return lookup_domain_by(ctl, name, BY_ID | BY_UUID | BY_NAME);
}

static virDomainPtr
cmd_domain_by(MvshControl *ctl, const MvshCmd *cmd, const char **ret_name, unsigned int by)
{
    const char *name = mvsh_opt_string(cmd, "domain");

    if (ret_name)
        *ret_name = name;
    return lookup_domain_by(ctl, name, by);
}

virDomainPtr
mvsh_cmd_domain(MvshControl *ctl, const MvshCmd *cmd, const char **ret_name)
{
    return cmd_domain_by(ctl, cmd, ret_name, BY_ID | BY_UUID | BY_NAME);
}

/* ---- list ---- */

static int
domain_sorter(gconstpointer a, gconstpointer b)
{
    virDomainPtr da = *(virDomainPtr *)a;
    virDomainPtr db = *(virDomainPtr *)b;
    unsigned int ida = virDomainGetID(da);
    unsigned int idb = virDomainGetID(db);
    unsigned int inactive = (unsigned int)-1;

    if (ida == inactive && idb == inactive)
        return g_ascii_strcasecmp(virDomainGetName(da), virDomainGetName(db));
    if (ida != inactive && idb != inactive)
        return ida < idb ? -1 : ida > idb;
    return ida == inactive ? 1 : -1;
}

static bool
cmd_list(MvshControl *ctl, const MvshCmd *cmd)
{
    static const struct {
        const char *opt;
        unsigned int flag;
    } filters[] = {
        { "persistent", VIR_CONNECT_LIST_DOMAINS_PERSISTENT },
        { "transient", VIR_CONNECT_LIST_DOMAINS_TRANSIENT },
        { "autostart", VIR_CONNECT_LIST_DOMAINS_AUTOSTART },
        { "no-autostart", VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART },
        { "state-running", VIR_CONNECT_LIST_DOMAINS_RUNNING },
        { "state-paused", VIR_CONNECT_LIST_DOMAINS_PAUSED },
        { "state-shutoff", VIR_CONNECT_LIST_DOMAINS_SHUTOFF },
        { "state-other", VIR_CONNECT_LIST_DOMAINS_OTHER },
    };
    bool opt_uuid = mvsh_opt_bool(cmd, "uuid");
    bool opt_name = mvsh_opt_bool(cmd, "name");
    bool opt_id = mvsh_opt_bool(cmd, "id");
    bool opt_table = mvsh_opt_bool(cmd, "table");
    unsigned int flags = VIR_CONNECT_LIST_DOMAINS_ACTIVE;
    g_autoptr(MvshTable) table = NULL;
    virDomainPtr *doms = NULL;
    int ndoms;

    if (mvsh_opt_bool(cmd, "inactive") || mvsh_opt_bool(cmd, "state-shutoff"))
        flags = VIR_CONNECT_LIST_DOMAINS_INACTIVE;
    if (mvsh_opt_bool(cmd, "all"))
        flags = VIR_CONNECT_LIST_DOMAINS_INACTIVE | VIR_CONNECT_LIST_DOMAINS_ACTIVE;
    for (size_t i = 0; i < G_N_ELEMENTS(filters); i++) {
        if (mvsh_opt_bool(cmd, filters[i].opt))
            flags |= filters[i].flag;
    }
    if (!mvsh_opts_exclusive(ctl, cmd, "table", "name") ||
        !mvsh_opts_exclusive(ctl, cmd, "table", "uuid") ||
        !mvsh_opts_exclusive(ctl, cmd, "table", "id"))
        return false;
    if (!opt_uuid && !opt_name && !opt_id)
        opt_table = true;

    if ((ndoms = virConnectListAllDomains(ctl->conn, &doms, flags)) < 0) {
        mvsh_error(ctl, "%s", "Failed to list domains");
        return false;
    }
    qsort(doms, ndoms, sizeof(*doms), domain_sorter);

    if (opt_table)
        table = mvsh_table_new("Id", "Name", "State", NULL);
    for (int i = 0; i < ndoms; i++) {
        unsigned int id = virDomainGetID(doms[i]);
        g_autofree char *id_str = id == (unsigned int)-1 ? g_strdup("-") : g_strdup_printf("%u", id);

        if (opt_table) {
            int state;
            int reason;

            if (virDomainGetState(doms[i], &state, &reason, 0) < 0)
                continue;
            mvsh_table_add_row(table, id_str, virDomainGetName(doms[i]),
                               mvsh_domain_state_string(state), NULL);
        } else {
            const char *sep = "";

            if (opt_uuid) {
                char uuid[VIR_UUID_STRING_BUFLEN];

                if (virDomainGetUUIDString(doms[i], uuid) < 0)
                    continue;
                mvsh_print(ctl, "%s", uuid);
                sep = " ";
            }
            if (opt_id) {
                if (id == (unsigned int)-1 && !opt_uuid && !opt_name)
                    continue;
                mvsh_print(ctl, "%s%s", sep, id_str);
                sep = " ";
            }
            if (opt_name)
                mvsh_print(ctl, "%s%s", sep, virDomainGetName(doms[i]));
            mvsh_print(ctl, "\n");
        }
    }
    for (int i = 0; i < ndoms; i++)
        virDomainFree(doms[i]);
    free(doms);
    mvsh_reset_error(ctl);

    if (opt_table)
        mvsh_table_print(ctl, table);
    return true;
}

/* ---- define, create, undefine ---- */

static bool
cmd_define(MvshControl *ctl, const MvshCmd *cmd)
{
    const char *file = mvsh_opt_string(cmd, "file");
    g_autofree char *xml = NULL;
    g_autoptr(virDomain) dom = NULL;

    if (!(xml = mvsh_read_file(ctl, file)))
        return false;
    if (!(dom = virDomainDefineXML(ctl->conn, xml))) {
        mvsh_error(ctl, "Failed to define domain from %s", file);
        return false;
    }
    mvsh_print_extra(ctl, "Domain '%s' defined from %s\n", virDomainGetName(dom), file);
    return true;
}

static bool
cmd_create(MvshControl *ctl, const MvshCmd *cmd)
{
    const char *file = mvsh_opt_string(cmd, "file");
    unsigned int flags = mvsh_opt_bool(cmd, "paused") ? VIR_DOMAIN_START_PAUSED : 0;
    g_autofree char *xml = NULL;
    g_autoptr(virDomain) dom = NULL;

    if (!(xml = mvsh_read_file(ctl, file)))
        return false;
    if (!(dom = virDomainCreateXML(ctl->conn, xml, flags))) {
        mvsh_error(ctl, "Failed to create domain from %s", file);
        return false;
    }
    mvsh_print_extra(ctl, "Domain '%s' created from %s\n", virDomainGetName(dom), file);
    return true;
}

static bool
cmd_undefine(MvshControl *ctl, const MvshCmd *cmd)
{
    const char *name;
    g_autoptr(virDomain) dom = mvsh_cmd_domain(ctl, cmd, &name);

    if (!dom)
        return false;
    if (virDomainUndefine(dom) < 0) {
        mvsh_error(ctl, "Failed to undefine domain '%s'", name);
        return false;
    }
    mvsh_print_extra(ctl, "Domain '%s' has been undefined\n", name);
    return true;
}

/* ---- lifecycle ---- */

static bool
cmd_start(MvshControl *ctl, const MvshCmd *cmd)
{
    unsigned int flags = mvsh_opt_bool(cmd, "paused") ? VIR_DOMAIN_START_PAUSED : 0;
    g_autoptr(virDomain) dom = cmd_domain_by(ctl, cmd, NULL, BY_NAME | BY_UUID);
    int active;

    if (!dom)
        return false;
    if ((active = virDomainIsActive(dom)) < 0)
        return false;
    if (active) {
        mvsh_error(ctl, "%s", "Domain is already active");
        return false;
    }
    if ((flags ? virDomainCreateWithFlags(dom, flags) : virDomainCreate(dom)) < 0) {
        mvsh_error(ctl, "Failed to start domain '%s'", virDomainGetName(dom));
        return false;
    }
    mvsh_print_extra(ctl, "Domain '%s' started\n", virDomainGetName(dom));
    return true;
}

/* The commands that call one function on a domain and confirm by its given name. */
typedef struct {
    const char *cmd;
    int (*fn)(virDomainPtr dom);
    const char *verb;   /* Failed to VERB domain 'NAME' */
    const char *done;   /* Domain 'NAME' DONE */
} SimpleAction;

static int
reboot_default(virDomainPtr dom)
{
    return virDomainReboot(dom, 0);
}

static const SimpleAction simple_actions[] = {
    { "destroy", virDomainDestroy, "destroy", "destroyed" },
    { "shutdown", virDomainShutdown, "shutdown", "is being shutdown" },
    { "reboot", reboot_default, "reboot", "is being rebooted" },
    { "suspend", virDomainSuspend, "suspend", "suspended" },
    { "resume", virDomainResume, "resume", "resumed" },
};

static bool
cmd_simple_action(MvshControl *ctl, const MvshCmd *cmd)
{
    const SimpleAction *action = NULL;
    const char *name;
    g_autoptr(virDomain) dom = NULL;

    for (size_t i = 0; i < G_N_ELEMENTS(simple_actions); i++) {
        if (strcmp(simple_actions[i].cmd, cmd->def->name) == 0)
            action = &simple_actions[i];
    }
    g_assert(action);
    if (!(dom = mvsh_cmd_domain(ctl, cmd, &name)))
        return false;
    if (action->fn(dom) < 0) {
        mvsh_error(ctl, "Failed to %s domain '%s'", action->verb, name);
        return false;
    }
    mvsh_print_extra(ctl, "Domain '%s' %s\n", name, action->done);
    return true;
}

static bool
cmd_autostart(MvshControl *ctl, const MvshCmd *cmd)
{
    bool disable = mvsh_opt_bool(cmd, "disable");
    const char *name;
    g_autoptr(virDomain) dom = mvsh_cmd_domain(ctl, cmd, &name);

    if (!dom)
        return false;
    if (virDomainSetAutostart(dom, !disable) < 0) {
        if (disable)
            mvsh_error(ctl, "Failed to unmark domain '%s' as autostarted", name);
        else
            mvsh_error(ctl, "Failed to mark domain '%s' as autostarted", name);
        return false;
    }
    if (disable)
        mvsh_print_extra(ctl, "Domain '%s' unmarked as autostarted\n", name);
    else
        mvsh_print_extra(ctl, "Domain '%s' marked as autostarted\n", name);
    return true;
}

/* ---- information ---- */

static bool
cmd_dominfo(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autoptr(virDomain) dom = mvsh_cmd_domain(ctl, cmd, NULL);
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_autofree char *ostype = NULL;
    virDomainInfo info;
    unsigned int id;
    int persistent;
    int autostart;
    bool ret = true;

    if (!dom)
        return false;
    id = virDomainGetID(dom);
    if (id == (unsigned int)-1)
        mvsh_print(ctl, "%-15s %s\n", "Id:", "-");
    else
        mvsh_print(ctl, "%-15s %d\n", "Id:", id);
    mvsh_print(ctl, "%-15s %s\n", "Name:", virDomainGetName(dom));
    if (virDomainGetUUIDString(dom, uuid) == 0)
        mvsh_print(ctl, "%-15s %s\n", "UUID:", uuid);
    if ((ostype = virDomainGetOSType(dom)))
        mvsh_print(ctl, "%-15s %s\n", "OS Type:", ostype);
    if (virDomainGetInfo(dom, &info) == 0) {
        mvsh_print(ctl, "%-15s %s\n", "State:", mvsh_domain_state_string(info.state));
        mvsh_print(ctl, "%-15s %d\n", "CPU(s):", info.nrVirtCpu);
        if (info.cpuTime != 0)
            mvsh_print(ctl, "%-15s %.1lfs\n", "CPU time:", info.cpuTime / 1000000000.0);
        if (info.maxMem != G_MAXUINT)
            mvsh_print(ctl, "%-15s %lu KiB\n", "Max memory:", info.maxMem);
        else
            mvsh_print(ctl, "%-15s %s\n", "Max memory:", "no limit");
        mvsh_print(ctl, "%-15s %lu KiB\n", "Used memory:", info.memory);
    } else {
        ret = false;
    }
    persistent = virDomainIsPersistent(dom);
    if (persistent < 0)
        mvsh_print(ctl, "%-15s %s\n", "Persistent:", "unknown");
    else
        mvsh_print(ctl, "%-15s %s\n", "Persistent:", persistent ? "yes" : "no");
    if (virDomainGetAutostart(dom, &autostart) == 0)
        mvsh_print(ctl, "%-15s %s\n", "Autostart:", autostart ? "enable" : "disable");
    if (ret)
        mvsh_reset_error(ctl);
    return ret;
}

static bool
cmd_domstate(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autoptr(virDomain) dom = mvsh_cmd_domain(ctl, cmd, NULL);
    int state;
    int reason;

    if (!dom)
        return false;
    if (virDomainGetState(dom, &state, &reason, 0) < 0)
        return false;
    if (mvsh_opt_bool(cmd, "reason"))
        mvsh_print(ctl, "%s (%s)\n", mvsh_domain_state_string(state), reason_string(state, reason));
    else
        mvsh_print(ctl, "%s\n", mvsh_domain_state_string(state));
    return true;
}

static bool
cmd_domid(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autoptr(virDomain) dom = cmd_domain_by(ctl, cmd, NULL, BY_NAME | BY_UUID);
    unsigned int id;

    if (!dom)
        return false;
    id = virDomainGetID(dom);
    if (id == (unsigned int)-1)
        mvsh_print(ctl, "%s\n", "-");
    else
        mvsh_print(ctl, "%u\n", id);
    return true;
}

static bool
cmd_domname(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autoptr(virDomain) dom = cmd_domain_by(ctl, cmd, NULL, BY_ID | BY_UUID);

    if (!dom)
        return false;
    mvsh_print(ctl, "%s\n", virDomainGetName(dom));
    return true;
}

static bool
cmd_domuuid(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autoptr(virDomain) dom = cmd_domain_by(ctl, cmd, NULL, BY_NAME | BY_ID);
    char uuid[VIR_UUID_STRING_BUFLEN];

    if (!dom)
        return false;
    if (virDomainGetUUIDString(dom, uuid) < 0) {
        mvsh_error(ctl, "%s", "failed to get domain UUID");
        return false;
    }
    mvsh_print(ctl, "%s\n", uuid);
    return true;
}

static bool
cmd_dumpxml(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autoptr(virDomain) dom = mvsh_cmd_domain(ctl, cmd, NULL);
    unsigned int flags = 0;
    g_autofree char *xml = NULL;

    if (!dom)
        return false;
    if (mvsh_opt_bool(cmd, "inactive"))
        flags |= VIR_DOMAIN_XML_INACTIVE;
    if (mvsh_opt_bool(cmd, "security-info"))
        flags |= VIR_DOMAIN_XML_SECURE;
    if (!(xml = virDomainGetXMLDesc(dom, flags)))
        return false;
    mvsh_print(ctl, "%s", xml);
    return true;
}

/* ---- the table ---- */

#define OPT_DOMAIN { "domain", MVSH_OT_STRING, MVSH_OFLAG_REQ, "domain name, id or uuid" }
#define OPT_END { NULL, 0, 0, NULL }

static const MvshOptDef opts_domain[] = { OPT_DOMAIN, OPT_END };

static const MvshOptDef opts_list[] = {
    { "inactive", MVSH_OT_BOOL, 0, "list inactive domains" },
    { "all", MVSH_OT_BOOL, 0, "list inactive & active domains" },
    { "transient", MVSH_OT_BOOL, 0, "list transient domains" },
    { "persistent", MVSH_OT_BOOL, 0, "list persistent domains" },
    { "state-running", MVSH_OT_BOOL, 0, "list domains in running state" },
    { "state-paused", MVSH_OT_BOOL, 0, "list domains in paused state" },
    { "state-shutoff", MVSH_OT_BOOL, 0, "list domains in shutoff state" },
    { "state-other", MVSH_OT_BOOL, 0, "list domains in other states" },
    { "autostart", MVSH_OT_BOOL, 0, "list domains with autostart enabled" },
    { "no-autostart", MVSH_OT_BOOL, 0, "list domains with autostart disabled" },
    { "uuid", MVSH_OT_BOOL, 0, "list uuid's only" },
    { "name", MVSH_OT_BOOL, 0, "list domain names only" },
    { "id", MVSH_OT_BOOL, 0, "list domain IDs only" },
    { "table", MVSH_OT_BOOL, 0, "list table (default)" },
    OPT_END,
};

static const MvshOptDef opts_define[] = {
    { "file", MVSH_OT_STRING, MVSH_OFLAG_REQ, "file containing an XML domain description" },
    OPT_END,
};

static const MvshOptDef opts_create[] = {
    { "file", MVSH_OT_STRING, MVSH_OFLAG_REQ, "file containing an XML domain description" },
    { "paused", MVSH_OT_BOOL, 0, "leave the guest paused after creation" },
    OPT_END,
};

static const MvshOptDef opts_start[] = {
    { "domain", MVSH_OT_STRING, MVSH_OFLAG_REQ, "name or uuid of the domain to start" },
    { "paused", MVSH_OT_BOOL, 0, "leave the guest paused after start" },
    OPT_END,
};

static const MvshOptDef opts_domstate[] = {
    OPT_DOMAIN,
    { "reason", MVSH_OT_BOOL, 0, "also print reason for the state" },
    OPT_END,
};

static const MvshOptDef opts_dumpxml[] = {
    OPT_DOMAIN,
    { "inactive", MVSH_OT_BOOL, 0, "show inactive defined XML" },
    { "security-info", MVSH_OT_BOOL, 0, "include security sensitive information in XML dump" },
    OPT_END,
};

static const MvshOptDef opts_autostart[] = {
    OPT_DOMAIN,
    { "disable", MVSH_OT_BOOL, 0, "disable autostarting" },
    OPT_END,
};

const MvshCmdDef mvsh_domain_cmds[] = {
    { "autostart", "domain", "autostart a domain",
      "Start the domain whenever its hypervisor daemon starts (or stop doing so).", opts_autostart, cmd_autostart },
    { "console", "domain", "connect to the guest console",
      "Connect the virtual serial console for the guest", mvsh_opts_console, mvsh_cmd_console },
    { "create", "domain", "create a domain from an XML file", "Start a transient domain from its XML description.",
      opts_create, cmd_create },
    { "define", "domain", "define (but don't start) a domain from an XML file", "Make a persistent domain from its XML description, without starting it.",
      opts_define, cmd_define },
    { "destroy", "domain", "destroy (stop) a domain", "Stop the domain at once, as pulling its power cord would.",
      opts_domain, cmd_simple_action },
    { "domid", "domain", "convert a domain name or UUID to domain id", NULL,
      opts_domain, cmd_domid },
    { "domname", "domain", "convert a domain id or UUID to domain name", NULL,
      opts_domain, cmd_domname },
    { "domuuid", "domain", "convert a domain name or id to domain UUID", NULL,
      opts_domain, cmd_domuuid },
    { "dumpxml", "domain", "domain information in XML",
      "Print the domain's XML description.", opts_dumpxml, cmd_dumpxml },
    { "reboot", "domain", "reboot a domain", "Ask the guest to reboot.",
      opts_domain, cmd_simple_action },
    { "resume", "domain", "resume a domain", "Let a paused domain run again.",
      opts_domain, cmd_simple_action },
    { "shutdown", "domain", "gracefully shutdown a domain", "Ask the guest to power off.",
      opts_domain, cmd_simple_action },
    { "start", "domain", "start a (previously defined) inactive domain",
      "Boot a defined domain that is not running.", opts_start, cmd_start },
    { "suspend", "domain", "suspend a domain", "Pause a running domain's vCPUs.",
      opts_domain, cmd_simple_action },
    { "undefine", "domain", "undefine a domain", "Remove a domain's persistent definition; a running domain becomes transient.",
      opts_domain, cmd_undefine },
    { "dominfo", "monitor", "domain information", "Print the domain's id, UUID, state, vCPUs, memory and flags.",
      opts_domain, cmd_dominfo },
    { "domstate", "monitor", "domain state", "Print the domain's state, and with --reason why it is in it.",
      opts_domstate, cmd_domstate },
    { "list", "monitor", "list domains", "List the domains, running ones by default.", opts_list, cmd_list },
    { NULL, NULL, NULL, NULL, NULL, NULL },
};
