/* virNetworkUpdate for networkd: DHCP and DNS host entries added or removed in the live network (dnsmasq reloaded) and its config. */
#define MV_LOG_MODULE "network.driver"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_driver.h"

#include <libvirt/libvirt.h>
#include <string.h>

#include "dnsmasq.h"
#include "util/error.h"
#include "util/log.h"

/* The definition is edited as XML and parsed again, so an update is
 * checked exactly as a definition is and cannot leave a state the XML
 * could not describe. */
typedef struct {
    const char *net_name;
    unsigned int command;
    unsigned int section;
    int parent_index;
    const char *xml;            /* the element as the client sent it */
    xmlNode *elem;              /* ... parsed */
} UpdateReq;

static bool
is_add(unsigned int command)
{
    return command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST ||
        command == VIR_NETWORK_UPDATE_COMMAND_ADD_LAST;
}

static bool
ip_text_equal(const char *a, const char *b)
{
    MvIPAddr x;
    MvIPAddr y;

    if (!a || !b)
        return false;
    if (mv_ip_addr_parse(a, &x) < 0 || mv_ip_addr_parse(b, &y) < 0) {
        mv_error_reset();
        return strcmp(a, b) == 0;
    }
    return mv_ip_addr_compare(&x, &y) == 0;
}

/* Whether attribute name of a and b has the same value (MACs in any case,
 * addresses in any spelling); false when either lacks it. */
static bool
attr_equal(const xmlNode *a, const xmlNode *b, const char *name)
{
    g_autofree char *x = mv_xml_prop(a, name);
    g_autofree char *y = mv_xml_prop(b, name);

    if (!x || !y)
        return false;
    if (strcmp(name, "ip") == 0)
        return ip_text_equal(x, y);
    return g_ascii_strcasecmp(x, y) == 0;
}

/* Every attribute the request gives has the same value in the entry. */
static bool
attrs_all_equal(const xmlNode *entry, const xmlNode *req, const char *const *names)
{
    bool any = false;

    for (size_t i = 0; names[i]; i++) {
        g_autofree char *want = mv_xml_prop(req, names[i]);

        if (!want)
            continue;
        if (!attr_equal(entry, req, names[i]))
            return false;
        any = true;
    }
    return any;
}

static bool
attrs_any_equal(const xmlNode *entry, const xmlNode *req, const char *const *names)
{
    for (size_t i = 0; names[i]; i++) {
        if (attr_equal(entry, req, names[i]))
            return true;
    }
    return false;
}

static void
insert_host(xmlNode *parent, const UpdateReq *req)
{
    xmlNode *copy = xmlDocCopyNode(req->elem, parent->doc, 1);
    xmlNode *first = mv_xml_child(parent, "host");
    xmlNode *last = first;

    for (xmlNode *n = first; n; n = mv_xml_next(n))
        last = n;
    if (req->command == VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST && first)
        xmlAddPrevSibling(first, copy);
    else if (last)
        xmlAddNextSibling(last, copy);
    else
        xmlAddChild(parent, copy);
}

static void
remove_node(xmlNode *node)
{
    xmlUnlinkNode(node);
    xmlFreeNode(node);
}

/* The <ip> an entry goes in: the one at parent_index, or the first of the
 * entry's address family (IPv4 for an entry without an address). */
static xmlNode *
dhcp_ip_element(xmlNode *root, const UpdateReq *req)
{
    g_autofree char *host_ip = mv_xml_prop(req->elem, "ip");
    bool want_v6 = host_ip && strchr(host_ip, ':');
    int index = 0;

    for (xmlNode *ip = mv_xml_child(root, "ip"); ip; ip = mv_xml_next(ip), index++) {
        g_autofree char *family = mv_xml_prop(ip, "family");
        g_autofree char *address = mv_xml_prop(ip, "address");
        bool v6 = g_strcmp0(family, "ipv6") == 0 || (address && strchr(address, ':'));

        if (req->parent_index >= 0 ? index == req->parent_index : v6 == want_v6)
            return ip;
    }
    if (req->parent_index >= 0) {
        mv_report_error(VIR_ERR_OPERATION_INVALID,
                        "couldn't update dhcp host entry - no <ip> element found at index %d in network '%s'",
                        req->parent_index, req->net_name);
    } else {
        mv_report_error(VIR_ERR_OPERATION_INVALID,
                        "couldn't update dhcp host entry - no <ip family='%s'> element found in network '%s'",
                        want_v6 ? "ipv6" : "ipv4", req->net_name);
    }
    return NULL;
}

static int
update_dhcp_host(xmlNode *root, const UpdateReq *req)
{
    static const char *const all[] = { "mac", "id", "name", "ip", NULL };
    xmlNode *ip = dhcp_ip_element(root, req);
    xmlNode *dhcp;

    if (!ip)
        return -1;
    if (!(dhcp = mv_xml_child(ip, "dhcp")) && is_add(req->command))
        dhcp = xmlNewChild(ip, NULL, BAD_CAST "dhcp", NULL);

    for (xmlNode *host = dhcp ? mv_xml_child(dhcp, "host") : NULL; host; host = mv_xml_next(host)) {
        if (is_add(req->command)) {
            if (attrs_any_equal(host, req->elem, all)) {
                mv_report_error(VIR_ERR_OPERATION_INVALID,
                                "there is an existing dhcp host entry in network '%s' that matches \"%s\"",
                                req->net_name, req->xml);
                return -1;
            }
        } else if (req->command == VIR_NETWORK_UPDATE_COMMAND_DELETE) {
            if (attrs_all_equal(host, req->elem, all)) {
                remove_node(host);
                return 0;
            }
        } else {
            /* An entry is modified in place, found by its MAC (or DHCPv6 id). */
            static const char *const keys[] = { "mac", "id", NULL };

            if (attrs_any_equal(host, req->elem, keys)) {
                xmlAddNextSibling(host, xmlDocCopyNode(req->elem, root->doc, 1));
                remove_node(host);
                return 0;
            }
        }
    }
    if (is_add(req->command)) {
        insert_host(dhcp, req);
        return 0;
    }
    mv_report_error(VIR_ERR_OPERATION_INVALID,
                    "couldn't locate a matching dhcp host entry in network '%s'", req->net_name);
    return -1;
}

static bool
dns_names_overlap(const xmlNode *a, const xmlNode *b)
{
    for (xmlNode *x = mv_xml_child(a, "hostname"); x; x = mv_xml_next(x)) {
        g_autofree char *xs = mv_xml_content(x);

        for (xmlNode *y = mv_xml_child(b, "hostname"); y; y = mv_xml_next(y)) {
            g_autofree char *ys = mv_xml_content(y);

            if (xs && ys && strcmp(xs, ys) == 0)
                return true;
        }
    }
    return false;
}

static int
update_dns_host(xmlNode *root, const UpdateReq *req)
{
    xmlNode *dns = mv_xml_child(root, "dns");

    if (req->command == VIR_NETWORK_UPDATE_COMMAND_MODIFY) {
        mv_report_error(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                        "DNS HOST records cannot be modified, only added or deleted");
        return -1;
    }
    if (!dns && is_add(req->command))
        dns = xmlNewChild(root, NULL, BAD_CAST "dns", NULL);

    for (xmlNode *host = dns ? mv_xml_child(dns, "host") : NULL; host; host = mv_xml_next(host)) {
        bool same_ip = attr_equal(host, req->elem, "ip");

        if (is_add(req->command) && (same_ip || dns_names_overlap(host, req->elem))) {
            mv_report_error(VIR_ERR_OPERATION_INVALID,
                            "there is already at least one DNS HOST record with a matching field in network %s",
                            req->net_name);
            return -1;
        }
        if (req->command == VIR_NETWORK_UPDATE_COMMAND_DELETE && same_ip) {
            remove_node(host);
            return 0;
        }
    }
    if (is_add(req->command)) {
        insert_host(dns, req);
        return 0;
    }
    mv_report_error(VIR_ERR_OPERATION_INVALID,
                    "couldn't locate a matching DNS HOST record in network %s", req->net_name);
    return -1;
}

static MvNetworkDef *
apply(const MvNetworkDef *def, unsigned int format_flags, const UpdateReq *req)
{
    g_autofree char *text = mv_network_def_format(def, format_flags);
    g_autoptr(xmlDoc) doc = NULL;
    xmlChar *out = NULL;
    int len = 0;
    MvNetworkDef *updated;
    int rc;

    if (!text || !(doc = mv_xml_parse_string(text, "network")))
        return NULL;
    if (req->section == VIR_NETWORK_SECTION_IP_DHCP_HOST)
        rc = update_dhcp_host(xmlDocGetRootElement(doc), req);
    else
        rc = update_dns_host(xmlDocGetRootElement(doc), req);
    if (rc < 0)
        return NULL;

    xmlDocDumpMemory(doc, &out, &len);
    updated = mv_network_def_parse_string((const char *) out);
    xmlFree(out);
    return updated;
}

static int
apply_live(MvNetworkDriver *driver, MvNetworkObj *obj, MvNetworkDef *updated)
{
    g_autoptr(MvDnsmasqFiles) files = mv_dnsmasq_files_new(driver->run_dir, updated->name);
    MvNetworkDef *old = obj->live;

    if (!files)
        return -1;
    obj->live = updated;
    if (mv_network_status_save(driver, obj) < 0) {
        obj->live = old;
        mv_network_def_free(updated);
        return -1;
    }
    mv_network_def_free(old);
    /* dnsmasq reads both hosts files again on SIGHUP. */
    if (obj->dnsmasq_pid > 0 &&
        (mv_dnsmasq_write_hosts_files(obj->live, files) < 0 ||
         mv_dnsmasq_reload(files, obj->dnsmasq_pid) < 0))
        return -1;
    return 0;
}

int
mv_network_driver_update(MvNetworkDriver *driver, MvNetworkObj *obj,
                         unsigned int command, unsigned int section,
                         int parent_index, const char *xml, unsigned int flags)
{
    const char *name = mv_network_obj_def(obj)->name;
    bool live = flags & VIR_NETWORK_UPDATE_AFFECT_LIVE;
    bool config = flags & VIR_NETWORK_UPDATE_AFFECT_CONFIG;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(MvNetworkDef) new_live = NULL;
    g_autoptr(MvNetworkDef) new_config = NULL;
    UpdateReq req = {
        .net_name = name, .command = command, .section = section,
        .parent_index = parent_index, .xml = xml,
    };

    if (flags & ~(VIR_NETWORK_UPDATE_AFFECT_LIVE | VIR_NETWORK_UPDATE_AFFECT_CONFIG)) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unsupported flags (0x%x) in function %s",
                        flags & ~(VIR_NETWORK_UPDATE_AFFECT_LIVE | VIR_NETWORK_UPDATE_AFFECT_CONFIG),
                        "virNetworkUpdate");
        return -1;
    }
    if (command < VIR_NETWORK_UPDATE_COMMAND_MODIFY || command > VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unrecognized network update command code %u",
                        command);
        return -1;
    }
    if (section != VIR_NETWORK_SECTION_IP_DHCP_HOST && section != VIR_NETWORK_SECTION_DNS_HOST) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "network '%s': updating section %u is not supported yet (only ip-dhcp-host and dns-host)",
                        name, section);
        return -1;
    }
    if (!live && !config) {
        live = obj->live != NULL;
        config = !live;
    }
    if (live && !obj->live) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "network '%s' is not active", name);
        return -1;
    }
    if (config && !obj->config) {
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s",
                        "cannot change persistent config of a transient network");
        return -1;
    }
    if (!(doc = mv_xml_parse_string(xml, "host")))
        return -1;
    req.elem = xmlDocGetRootElement(doc);

    if (live && !(new_live = apply(obj->live, 0, &req)))
        return -1;
    if (config && !(new_config = apply(obj->config, MV_CONF_FORMAT_INACTIVE, &req)))
        return -1;

    if (new_config) {
        if (mv_network_config_save(driver, new_config) < 0)
            return -1;
        mv_network_def_free(obj->config);
        obj->config = g_steal_pointer(&new_config);
    }
    if (new_live && apply_live(driver, obj, g_steal_pointer(&new_live)) < 0)
        return -1;
    MV_INFO("network '%s': updated (command %u, section %u)%s%s", name, command, section,
            live ? " live" : "", config ? " config" : "");
    return 0;
}
