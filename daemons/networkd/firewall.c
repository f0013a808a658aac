/* A network's nftables rules: the ruleset text from its definition, loading it and removing it. */
#define MV_LOG_MODULE "network.firewall"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include <string.h>
#include <sys/socket.h>

#include "firewall.h"
#include "util/command.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

#define NFT_BINARY "nft"
#define NFT_TIMEOUT_MS 30000

/* The ports masquerading maps TCP and UDP connections to when the network
 * names no <port> range, as libvirt does: never a privileged port. */
#define NAT_DEFAULT_PORT_START 1024
#define NAT_DEFAULT_PORT_END 65535

char *
mv_firewall_table_name(const char *net_name)
{
    const char *p;

    if (!net_name || !*net_name) {
        mv_report_error(VIR_ERR_INVALID_ARG, "network has no name for its nftables table");
        return NULL;
    }
    for (p = net_name; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '_' && *p != '.' && *p != '-') {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "network '%s': character '%c' cannot be part of an nftables table name",
                            net_name, *p);
            return NULL;
        }
    }
    return g_strdup_printf("modvirt-%s", net_name);
}

/* Interface names go between double quotes in the ruleset. */
static int
check_quotable_ifname(const char *net_name, const char *ifname)
{
    if (!ifname || !*ifname || strpbrk(ifname, "\"\\\n")) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "network '%s': interface name '%s' cannot be used in nftables rules",
                        net_name, ifname ? ifname : "");
        return -1;
    }
    return 0;
}

/* "ip" or "ip6", and the network's subnet as "ADDR/PREFIX". */
typedef struct {
    const char *nfproto;
    char *subnet;
    bool is_ipv6;
} Subnet;

static void
subnet_clear(Subnet *subnet)
{
    g_clear_pointer(&subnet->subnet, g_free);
}

static int
subnet_of(const MvNetworkDef *def, const MvNetworkIP *ip, Subnet *ret_subnet)
{
    int prefix = mv_network_ip_prefix(ip);
    MvIPAddr net = ip->address;
    g_autofree char *text = NULL;

    if (prefix < 0) {
        g_autofree char *addr = mv_ip_addr_format(&ip->address);

        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "network '%s': address '%s' has no prefix",
                        def->name, addr ? addr : "");
        return -1;
    }

    if (net.family == AF_INET) {
        uint32_t mask = prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);

        net.u.v4.s_addr &= htonl(mask);
    } else {
        for (int i = 0; i < 16; i++) {
            int bits = prefix - i * 8;

            if (bits >= 8)
                continue;
            net.u.v6.s6_addr[i] &= bits <= 0 ? 0 : (unsigned char) (0xff << (8 - bits));
        }
    }

    text = mv_ip_addr_format(&net);
    ret_subnet->is_ipv6 = net.family == AF_INET6;
    ret_subnet->nfproto = ret_subnet->is_ipv6 ? "ip6" : "ip";
    ret_subnet->subnet = g_strdup_printf("%s/%d", text, prefix);
    return 0;
}

/* The outgoing device, when the network forwards through one only. */
static const char *
forward_dev(const MvNetworkDef *def)
{
    if (def->forward.nifs > 0 && def->forward.ifs[0].type == MV_FORWARD_IF_NETDEV)
        return def->forward.ifs[0].dev;
    return NULL;
}

static bool
subnet_is_natted(const MvNetworkDef *def, const Subnet *subnet)
{
    if (def->forward.mode != MV_FORWARD_NAT)
        return false;
    return !subnet->is_ipv6 || def->forward.nat_ipv6 == MV_TRISTATE_YES;
}

static void
append_forward_chain(GString *out, const MvNetworkDef *def, const Subnet *subnets, size_t nsubnets)
{
    const char *dev = forward_dev(def);
    g_autofree char *to_dev = dev ? g_strdup_printf(" oifname \"%s\"", dev) : g_strdup("");
    g_autofree char *from_dev = dev ? g_strdup_printf("iifname \"%s\" ", dev) : g_strdup("");

    g_string_append(out,
                    "\tchain forward {\n"
                    "\t\ttype filter hook forward priority filter; policy accept;\n");
    g_string_append_printf(out, "\t\tiifname \"%s\" oifname \"%s\" accept\n",
                           def->bridge, def->bridge);

    if (def->forward.mode == MV_FORWARD_NAT || def->forward.mode == MV_FORWARD_ROUTE) {
        for (size_t i = 0; i < nsubnets; i++) {
            const Subnet *s = &subnets[i];

            g_string_append_printf(out, "\t\tiifname \"%s\"%s %s saddr %s accept\n",
                                   def->bridge, to_dev, s->nfproto, s->subnet);
            /* Behind NAT only answers come in; a routed subnet is reachable. */
            g_string_append_printf(out, "\t\t%soifname \"%s\" %s daddr %s%s accept\n",
                                   from_dev, def->bridge, s->nfproto, s->subnet,
                                   subnet_is_natted(def, s) ? " ct state established,related" : "");
        }
    }

    g_string_append_printf(out, "\t\tiifname \"%s\" reject\n", def->bridge);
    g_string_append_printf(out, "\t\toifname \"%s\" reject\n", def->bridge);
    g_string_append(out, "\t}\n");
}

static void
append_masquerade(GString *out, const MvNetworkDef *def, const Subnet *s)
{
    const MvNetworkForward *fwd = &def->forward;
    const char *dev = forward_dev(def);
    g_autofree char *match = NULL;
    g_autofree char *to_addr = NULL;
    unsigned int port_start = fwd->port_start ? fwd->port_start : NAT_DEFAULT_PORT_START;
    unsigned int port_end = fwd->port_end ? fwd->port_end : NAT_DEFAULT_PORT_END;

    match = g_strdup_printf("%s saddr %s %s daddr != %s%s%s%s", s->nfproto, s->subnet,
                            s->nfproto, s->subnet,
                            dev ? " oifname \"" : "", dev ? dev : "", dev ? "\"" : "");

    /* Multicast and broadcast leave with their own source address. */
    if (s->is_ipv6) {
        g_string_append_printf(out, "\t\tip6 saddr %s ip6 daddr ff00::/8 return\n", s->subnet);
    } else {
        g_string_append_printf(out, "\t\tip saddr %s ip daddr 224.0.0.0/24 return\n", s->subnet);
        g_string_append_printf(out, "\t\tip saddr %s ip daddr 255.255.255.255 return\n", s->subnet);
    }

    if (!s->is_ipv6 && mv_ip_addr_is_set(&fwd->nat_start)) {
        g_autofree char *start = mv_ip_addr_format(&fwd->nat_start);
        g_autofree char *end = mv_ip_addr_is_set(&fwd->nat_end) ?
                               mv_ip_addr_format(&fwd->nat_end) : NULL;

        to_addr = end && strcmp(start, end) != 0 ? g_strdup_printf("%s-%s", start, end)
                                                  : g_strdup(start);
        g_string_append_printf(out, "\t\t%s meta l4proto { tcp, udp } snat ip to %s:%u-%u\n",
                               match, to_addr, port_start, port_end);
        g_string_append_printf(out, "\t\t%s snat ip to %s\n", match, to_addr);
        return;
    }

    g_string_append_printf(out, "\t\t%s meta l4proto { tcp, udp } masquerade to :%u-%u\n",
                           match, port_start, port_end);
    g_string_append_printf(out, "\t\t%s masquerade\n", match);
}

static void
append_postrouting_chain(GString *out, const MvNetworkDef *def,
                         const Subnet *subnets, size_t nsubnets)
{
    bool any = false;

    for (size_t i = 0; i < nsubnets; i++)
        any |= subnet_is_natted(def, &subnets[i]);
    if (!any)
        return;

    g_string_append(out,
                    "\tchain postrouting {\n"
                    "\t\ttype nat hook postrouting priority srcnat; policy accept;\n");
    for (size_t i = 0; i < nsubnets; i++) {
        if (subnet_is_natted(def, &subnets[i]))
            append_masquerade(out, def, &subnets[i]);
    }
    g_string_append(out, "\t}\n");
}

static bool
mode_has_rules(MvForwardMode mode)
{
    return mode == MV_FORWARD_NONE || mode == MV_FORWARD_NAT || mode == MV_FORWARD_ROUTE;
}

char *
mv_firewall_generate(const MvNetworkDef *def)
{
    g_autofree char *table = NULL;
    g_autoptr(GString) out = NULL;
    g_autofree Subnet *subnets = NULL;
    size_t nsubnets = 0;
    const char *dev = forward_dev(def);
    int ret = 0;

    if (!mode_has_rules(def->forward.mode))
        return g_strdup("");

    if (!(table = mv_firewall_table_name(def->name)))
        return NULL;
    if (!def->bridge) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "network '%s' has no bridge name", def->name);
        return NULL;
    }
    if (check_quotable_ifname(def->name, def->bridge) < 0 ||
        (dev && check_quotable_ifname(def->name, dev) < 0))
        return NULL;

    subnets = g_new0(Subnet, def->nips ? def->nips : 1);
    for (size_t i = 0; i < def->nips && ret == 0; i++) {
        ret = subnet_of(def, &def->ips[i], &subnets[i]);
        nsubnets = i + 1;
    }

    if (ret == 0) {
        out = g_string_new(NULL);
        g_string_append_printf(out,
                               "# modvirt: firewall of network '%s' (bridge %s, forward mode %s).\n"
                               "# Generated by modvirt-networkd; edits are lost.\n",
                               def->name, def->bridge,
                               def->forward.mode == MV_FORWARD_NONE ? "isolated" :
                               mv_forward_mode_to_string(def->forward.mode));
        /* Declaring the table first makes the delete succeed when it is
         * missing: one transaction that replaces the whole table. */
        g_string_append_printf(out, "table inet %s\ndelete table inet %s\n", table, table);
        g_string_append_printf(out, "table inet %s {\n", table);
        append_forward_chain(out, def, subnets, nsubnets);
        append_postrouting_chain(out, def, subnets, nsubnets);
        g_string_append(out, "}\n");
    }

    for (size_t i = 0; i < nsubnets; i++)
        subnet_clear(&subnets[i]);
    if (ret < 0)
        return NULL;
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* Runs nft with its input from a file or from text ("-f -"). */
static int
run_nft(const char *net_name, const char *file, const char *input)
{
    g_autoptr(MvCommand) cmd = mv_command_new(NFT_BINARY);
    g_autofree char *err = NULL;
    int status = -1;

    mv_command_add_args(cmd, "-f", file ? file : "-", NULL);
    if (input)
        mv_command_set_input(cmd, input);
    mv_command_capture_output(cmd);
    mv_command_set_timeout(cmd, NFT_TIMEOUT_MS);

    if (mv_command_run(cmd, &status, NULL, &err) < 0)
        return -1;
    if (status != 0) {
        g_strstrip(err);
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "nft failed for the firewall of network '%s' (status %d): %s",
                        net_name, status, err);
        return -1;
    }
    return 0;
}

int
mv_firewall_remove(const char *net_name)
{
    g_autofree char *table = mv_firewall_table_name(net_name);
    g_autofree char *input = NULL;

    if (!table)
        return -1;

    input = g_strdup_printf("table inet %s\ndelete table inet %s\n", table, table);
    if (run_nft(net_name, NULL, input) < 0)
        return -1;

    MV_INFO("network '%s': removed nftables table inet %s", net_name, table);
    return 0;
}

int
mv_firewall_apply(const MvNetworkDef *def, const char *path)
{
    g_autofree char *rules = mv_firewall_generate(def);

    if (!rules)
        return -1;
    if (!*rules)
        return mv_firewall_remove(def->name);

    if (mv_file_replace_atomic(path, rules, strlen(rules), 0600) < 0)
        return -1;
    if (run_nft(def->name, path, NULL) < 0)
        return -1;

    MV_INFO("network '%s': loaded its nftables rules from '%s'", def->name, path);
    return 0;
}
