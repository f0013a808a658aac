/* modvirt: device hot plug commands, as virsh has them: attach-device, detach-device, attach-interface, detach-interface. */
#include <string.h>

#include "modvirt.h"

#define OPT_DOMAIN { "domain", MVSH_OT_STRING, MVSH_OFLAG_REQ, "domain name, id or uuid" }
#define OPT_FLAGS \
    { "persistent", MVSH_OT_BOOL, 0, "make live change persistent" }, \
    { "config", MVSH_OT_BOOL, 0, "affect next boot" }, \
    { "live", MVSH_OT_BOOL, 0, "affect running domain" }, \
    { "current", MVSH_OT_BOOL, 0, "affect current domain" }
#define OPT_END { NULL, 0, 0, NULL }

/* virsh's rules: --persistent is --config, plus --live on a running
 * domain; --current excludes the others. *ret_flagged: a _FLAGS call
 * (any of them given), else the call without flags (live). */
static bool
device_flags(MvshControl *ctl, const MvshCmd *cmd, virDomainPtr dom, unsigned int *ret_flags,
             bool *ret_flagged)
{
    bool current = mvsh_opt_bool(cmd, "current");
    bool persistent = mvsh_opt_bool(cmd, "persistent");
    unsigned int flags = VIR_DOMAIN_AFFECT_CURRENT;

    if (!mvsh_opts_exclusive(ctl, cmd, "persistent", "current") ||
        !mvsh_opts_exclusive(ctl, cmd, "current", "live") ||
        !mvsh_opts_exclusive(ctl, cmd, "current", "config"))
        return false;
    if (mvsh_opt_bool(cmd, "config") || persistent)
        flags |= VIR_DOMAIN_AFFECT_CONFIG;
    if (mvsh_opt_bool(cmd, "live"))
        flags |= VIR_DOMAIN_AFFECT_LIVE;
    if (persistent && virDomainIsActive(dom) == 1)
        flags |= VIR_DOMAIN_AFFECT_LIVE;
    *ret_flags = flags;
    *ret_flagged = flags || current;
    return true;
}

static int
attach(virDomainPtr dom, const char *xml, unsigned int flags, bool flagged)
{
    return flagged ? virDomainAttachDeviceFlags(dom, xml, flags) : virDomainAttachDevice(dom, xml);
}

static int
detach(virDomainPtr dom, const char *xml, unsigned int flags, bool flagged)
{
    return flagged ? virDomainDetachDeviceFlags(dom, xml, flags) : virDomainDetachDevice(dom, xml);
}

static bool
cmd_attach_device(MvshControl *ctl, const MvshCmd *cmd)
{
    const char *file = mvsh_opt_string(cmd, "file");
    g_autoptr(virDomain) dom = mvsh_cmd_domain(ctl, cmd, NULL);
    g_autofree char *xml = NULL;
    unsigned int flags;
    bool flagged;

    if (!dom || !device_flags(ctl, cmd, dom, &flags, &flagged) ||
        !(xml = mvsh_read_file(ctl, file)))
        return false;
    if (attach(dom, xml, flags, flagged) < 0) {
        mvsh_error(ctl, "Failed to attach device from %s", file);
        return false;
    }
    mvsh_print_extra(ctl, "Device attached successfully\n");
    return true;
}

static bool
cmd_detach_device(MvshControl *ctl, const MvshCmd *cmd)
{
    const char *file = mvsh_opt_string(cmd, "file");
    g_autoptr(virDomain) dom = mvsh_cmd_domain(ctl, cmd, NULL);
    g_autofree char *xml = NULL;
    unsigned int flags;
    bool flagged;

    if (!dom || !device_flags(ctl, cmd, dom, &flags, &flagged) ||
        !(xml = mvsh_read_file(ctl, file)))
        return false;
    if (detach(dom, xml, flags, flagged) < 0) {
        mvsh_error(ctl, "Failed to detach device from %s", file);
        return false;
    }
    mvsh_print_extra(ctl, "Device detached successfully\n");
    return true;
}

static bool
cmd_attach_interface(MvshControl *ctl, const MvshCmd *cmd)
{
    const char *type = mvsh_opt_string(cmd, "type");
    const char *source = mvsh_opt_string(cmd, "source");
    const char *target = mvsh_opt_string(cmd, "target");
    const char *mac = mvsh_opt_string(cmd, "mac");
    const char *model = mvsh_opt_string(cmd, "model");
    g_autoptr(virDomain) dom = mvsh_cmd_domain(ctl, cmd, NULL);
    g_autoptr(GString) xml = g_string_new(NULL);
    g_autofree char *escaped = NULL;
    unsigned int flags;
    bool flagged;

    if (!dom || !device_flags(ctl, cmd, dom, &flags, &flagged))
        return false;
    escaped = g_markup_escape_text(type, -1);
    g_string_append_printf(xml, "<interface type='%s'>\n", escaped);
    {
        const char *attr = NULL;

        if (strcmp(type, "network") == 0)
            attr = "network";
        else if (strcmp(type, "bridge") == 0)
            attr = "bridge";
        else if (strcmp(type, "direct") == 0)
            attr = "dev";
        if (!attr) {
            mvsh_error(ctl, "No support for %s in command 'attach-interface'", type);
            return false;
        }
        g_free(escaped);
        escaped = g_markup_escape_text(source, -1);
        g_string_append_printf(xml, "  <source %s='%s'/>\n", attr, escaped);
    }
    if (target) {
        g_free(escaped);
        escaped = g_markup_escape_text(target, -1);
        g_string_append_printf(xml, "  <target dev='%s'/>\n", escaped);
    }
    if (mac) {
        g_free(escaped);
        escaped = g_markup_escape_text(mac, -1);
        g_string_append_printf(xml, "  <mac address='%s'/>\n", escaped);
    }
    if (model) {
        g_free(escaped);
        escaped = g_markup_escape_text(model, -1);
        g_string_append_printf(xml, "  <model type='%s'/>\n", escaped);
    }
    g_string_append(xml, "</interface>\n");

    if (mvsh_opt_bool(cmd, "print-xml")) {
        mvsh_print(ctl, "%s", xml->str);
        return true;
    }
    if (attach(dom, xml->str, flags, flagged) < 0) {
        mvsh_error(ctl, "%s", "Failed to attach interface");
        return false;
    }
    mvsh_print_extra(ctl, "Interface attached successfully\n");
    return true;
}

/* The <interface type='type'> element of doc whose MAC is mac (any when
 * mac is NULL and there is one), as virsh picks it; NULL after an error. */
static char *
pick_interface(MvshControl *ctl, const char *doc, const char *type, const char *mac)
{
    g_autofree char *open = g_strdup_printf("<interface type='%s'", type);
    g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func(g_free);
    char *match = NULL;
    const char *p = doc;

    while ((p = strstr(p, open))) {
        const char *end = strstr(p, "</interface>");

        if (!end)
            break;
        end += strlen("</interface>");
        g_ptr_array_add(found, g_strndup(p, end - p));
        p = end;
    }
    if (found->len == 0) {
        mvsh_error(ctl, "No interface found whose type is %s", type);
        return NULL;
    }
    if (!mac) {
        if (found->len > 1) {
            mvsh_error(ctl, "Domain has %u interfaces. Please specify which one to detach using --mac",
                       found->len);
            return NULL;
        }
        return g_strdup(g_ptr_array_index(found, 0));
    }
    for (guint i = 0; i < found->len; i++) {
        const char *elem = g_ptr_array_index(found, i);
        const char *m = strstr(elem, "<mac address='");

        if (!m || g_ascii_strncasecmp(m + strlen("<mac address='"), mac, strlen(mac)) != 0 ||
            m[strlen("<mac address='") + strlen(mac)] != '\'')
            continue;
        if (match) {
            g_free(match);
            mvsh_error(ctl, "Domain has multiple interfaces matching MAC address %s. You must use "
                       "detach-device and specify the device pci address to remove it.", mac);
            return NULL;
        }
        match = g_strdup(elem);
    }
    if (!match)
        mvsh_error(ctl, "No interface with MAC address %s was found", mac);
    return match;
}

static bool
detach_interface_from(MvshControl *ctl, virDomainPtr dom, unsigned int xml_flags,
                      unsigned int flags, bool flagged, const char *type, const char *mac)
{
    g_autofree char *doc = virDomainGetXMLDesc(dom, xml_flags);
    g_autofree char *elem = NULL;

    if (!doc || !(elem = pick_interface(ctl, doc, type, mac)))
        return false;
    return detach(dom, elem, flags, flagged) == 0;
}

static bool
cmd_detach_interface(MvshControl *ctl, const MvshCmd *cmd)
{
    const char *type = mvsh_opt_string(cmd, "type");
    const char *mac = mvsh_opt_string(cmd, "mac");
    bool current = mvsh_opt_bool(cmd, "current");
    bool persistent = mvsh_opt_bool(cmd, "persistent");
    g_autoptr(virDomain) dom = mvsh_cmd_domain(ctl, cmd, NULL);
    bool affect_config;
    bool affect_live;
    unsigned int flags;
    bool flagged;
    bool ok = true;

    if (!dom || !device_flags(ctl, cmd, dom, &flags, &flagged))
        return false;
    /* As virsh: the config's element for the config, the live one for the
     * running domain, each detached by a call of its own. */
    affect_config = mvsh_opt_bool(cmd, "config") || persistent;
    affect_live = mvsh_opt_bool(cmd, "live") || (persistent && virDomainIsActive(dom) == 1);
    if (affect_config)
        ok = detach_interface_from(ctl, dom, VIR_DOMAIN_XML_INACTIVE, VIR_DOMAIN_AFFECT_CONFIG,
                                   true, type, mac);
    if (ok && (!affect_config || affect_live)) {
        flags = affect_live ? VIR_DOMAIN_AFFECT_LIVE : 0;
        ok = detach_interface_from(ctl, dom, 0, flags, flags || current, type, mac);
    }
    if (!ok) {
        mvsh_error(ctl, "%s", "Failed to detach interface");
        return false;
    }
    mvsh_print_extra(ctl, "Interface detached successfully\n");
    return true;
}

static const MvshOptDef opts_device[] = {
    OPT_DOMAIN,
    { "file", MVSH_OT_STRING, MVSH_OFLAG_REQ, "XML file" },
    OPT_FLAGS,
    OPT_END,
};

static const MvshOptDef opts_attach_interface[] = {
    OPT_DOMAIN,
    { "type", MVSH_OT_STRING, MVSH_OFLAG_REQ, "network interface type" },
    { "source", MVSH_OT_STRING, MVSH_OFLAG_REQ, "source of network interface" },
    { "target", MVSH_OT_STRING, 0, "target network name" },
    { "mac", MVSH_OT_STRING, 0, "MAC address" },
    { "model", MVSH_OT_STRING, 0, "model type" },
    OPT_FLAGS,
    { "print-xml", MVSH_OT_BOOL, 0, "print XML document rather than attach the interface" },
    OPT_END,
};

static const MvshOptDef opts_detach_interface[] = {
    OPT_DOMAIN,
    { "type", MVSH_OT_STRING, MVSH_OFLAG_REQ, "network interface type" },
    { "mac", MVSH_OT_STRING, 0, "MAC address" },
    OPT_FLAGS,
    OPT_END,
};

const MvshCmdDef mvsh_device_cmds[] = {
    { "attach-device", "domain", "attach device from an XML file",
      "Attach device from an XML <file>.", opts_device, cmd_attach_device },
    { "attach-interface", "domain", "attach network interface",
      "Attach new network interface.", opts_attach_interface, cmd_attach_interface },
    { "detach-device", "domain", "detach device from an XML file",
      "Detach device from an XML <file>", opts_device, cmd_detach_device },
    { "detach-interface", "domain", "detach network interface",
      "Detach network interface.", opts_detach_interface, cmd_detach_interface },
    { NULL, NULL, NULL, NULL, NULL, NULL },
};
