/* A network's dnsmasq: its config and hosts files, starting, stopping and reloading it, reading its leases. */
#define MV_LOG_MODULE "network.dnsmasq"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dnsmasq.h"
#include "util/command.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

#define DNSMASQ_BINARY "dnsmasq"
#define DNSMASQ_START_TIMEOUT_MS 10000
#define DNSMASQ_STOP_TIMEOUT_MS 5000
#define DNSMASQ_POLL_MS 20
#define LEASES_MAX_BYTES (16 * 1024 * 1024)
/* dhcp-lease-max for IPv6 ranges too large to count. */
#define LEASE_MAX_CAP (1u << 24)

MvDnsmasqFiles *
mv_dnsmasq_files_new(const char *dir, const char *net_name)
{
    g_autoptr(MvDnsmasqFiles) files = g_new0(MvDnsmasqFiles, 1);
    g_autofree char *base = mv_path_join_safe(dir, net_name, true);

    if (!base)
        return NULL;
    files->net_name = g_strdup(net_name);
    files->conf = g_strdup_printf("%s.conf", base);
    files->pid = g_strdup_printf("%s.pid", base);
    files->leases = g_strdup_printf("%s.leases", base);
    files->dhcp_hosts = g_strdup_printf("%s.dhcphosts", base);
    files->dns_hosts = g_strdup_printf("%s.addnhosts", base);
    return g_steal_pointer(&files);
}

void
mv_dnsmasq_files_free(MvDnsmasqFiles *files)
{
    if (!files)
        return;
    g_free(files->net_name);
    g_free(files->conf);
    g_free(files->pid);
    g_free(files->leases);
    g_free(files->dhcp_hosts);
    g_free(files->dns_hosts);
    g_free(files);
}

static bool
dns_enabled(const MvNetworkDef *def)
{
    return def->dns.enable != MV_TRISTATE_NO;
}

static bool
ip_has_dhcp(const MvNetworkIP *ip)
{
    return ip->nranges > 0 || ip->nhosts > 0;
}

static bool
def_has_dhcp(const MvNetworkDef *def)
{
    for (size_t i = 0; i < def->nips; i++) {
        if (ip_has_dhcp(&def->ips[i]))
            return true;
    }
    return false;
}

static bool
def_has_ipv6(const MvNetworkDef *def)
{
    for (size_t i = 0; i < def->nips; i++) {
        if (def->ips[i].address.family == AF_INET6)
            return true;
    }
    return false;
}

bool
mv_dnsmasq_needed(const MvNetworkDef *def)
{
    switch (def->forward.mode) {
    case MV_FORWARD_NONE:
    case MV_FORWARD_NAT:
    case MV_FORWARD_ROUTE:
    case MV_FORWARD_OPEN:
        break;
    default:
        return false;
    }
    return def->nips > 0 && (dns_enabled(def) || def_has_dhcp(def) || def_has_ipv6(def));
}

/* A value that would end its config line early is refused. */
static int
check_value(const MvNetworkDef *def, const char *what, const char *value)
{
    if (value && strpbrk(value, "\n\r")) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "network '%s': %s '%s' holds a line break, which dnsmasq cannot take",
                        def->name, what, value);
        return -1;
    }
    return 0;
}

static char *
lease_time(const MvDhcpLease *lease)
{
    static const char unit_chars[MV_LEASE_UNIT_LAST] = { 's', 'm', 'h' };

    if (!lease)
        return NULL;
    if (lease->expiry == 0)
        return g_strdup("infinite");
    return g_strdup_printf("%llu%c", lease->expiry, unit_chars[lease->unit]);
}

static char *
netmask_of_prefix(int prefix)
{
    MvIPAddr mask = { .family = AF_INET };

    mask.u.v4.s_addr = htonl(prefix == 0 ? 0 : 0xffffffffu << (32 - prefix));
    return mv_ip_addr_format(&mask);
}

/* The size of a range, capped for IPv6. */
static unsigned long long
range_size(const MvDhcpRange *range)
{
    if (range->start.family == AF_INET)
        return (unsigned long long) ntohl(range->end.u.v4.s_addr) -
               ntohl(range->start.u.v4.s_addr) + 1;

    for (int i = 0; i < 13; i++) {
        if (range->start.u.v6.s6_addr[i] != range->end.u.v6.s6_addr[i])
            return LEASE_MAX_CAP;
    }
    return (((unsigned long long) range->end.u.v6.s6_addr[13] << 16 |
             range->end.u.v6.s6_addr[14] << 8 | range->end.u.v6.s6_addr[15]) -
            ((unsigned long long) range->start.u.v6.s6_addr[13] << 16 |
             range->start.u.v6.s6_addr[14] << 8 | range->start.u.v6.s6_addr[15])) + 1;
}

/* The network address of ip (host bits cleared), formatted. */
static char *
network_address(const MvNetworkIP *ip, int prefix)
{
    MvIPAddr net = ip->address;

    for (int i = 0; i < 16 && net.family == AF_INET6; i++) {
        int bits = prefix - i * 8;

        if (bits < 8)
            net.u.v6.s6_addr[i] &= bits <= 0 ? 0 : (unsigned char) (0xff << (8 - bits));
    }
    return mv_ip_addr_format(&net);
}

static int
append_dhcp(GString *out, const MvNetworkDef *def, const MvNetworkIP *ip,
            unsigned long long *lease_max)
{
    int prefix = mv_network_ip_prefix(ip);
    bool v6 = ip->address.family == AF_INET6;
    g_autofree char *address = mv_ip_addr_format(&ip->address);

    if (prefix < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "network '%s': address '%s' has no prefix",
                        def->name, address);
        return -1;
    }

    for (size_t i = 0; i < ip->nranges; i++) {
        const MvDhcpRange *range = &ip->ranges[i];
        g_autofree char *start = mv_ip_addr_format(&range->start);
        g_autofree char *end = mv_ip_addr_format(&range->end);
        g_autofree char *lease = lease_time(range->lease);
        g_autofree char *mask = v6 ? g_strdup_printf("%d", prefix) : netmask_of_prefix(prefix);

        g_string_append_printf(out, "dhcp-range=%s,%s,%s%s%s\n", start, end, mask,
                               lease ? "," : "", lease ? lease : "");
        *lease_max += range_size(range);
    }
    *lease_max += ip->nhosts;

    /* Hosts alone: dnsmasq answers only clients the hosts file names. */
    if (ip->nranges == 0 && ip->nhosts > 0) {
        if (v6)
            g_string_append_printf(out, "dhcp-range=%s,static,%d\n", address, prefix);
        else
            g_string_append_printf(out, "dhcp-range=%s,static\n", address);
    }

    /* No DHCPv6: router advertisements alone, for SLAAC. */
    if (v6 && !ip_has_dhcp(ip)) {
        g_autofree char *net = network_address(ip, prefix);

        g_string_append_printf(out, "dhcp-range=%s,ra-only,%d\n", net, prefix);
    }

    if (!v6 && ip_has_dhcp(ip)) {
        g_string_append(out, "dhcp-no-override\ndhcp-authoritative\n");
        if (ip->bootp_file) {
            g_autofree char *server = mv_ip_addr_is_set(&ip->bootp_server) ?
                                      mv_ip_addr_format(&ip->bootp_server) : NULL;

            if (check_value(def, "bootp file", ip->bootp_file) < 0)
                return -1;
            g_string_append_printf(out, "dhcp-boot=%s%s%s\n", ip->bootp_file,
                                   server ? ",," : "", server ? server : "");
        }
    }
    if (ip->tftp_root) {
        if (check_value(def, "tftp root", ip->tftp_root) < 0)
            return -1;
        g_string_append_printf(out, "enable-tftp\ntftp-root=%s\n", ip->tftp_root);
    }
    return 0;
}

/* "a,b" in double quotes for txt-record, with '"' and '\' escaped. */
static char *
quote_txt(const char *value)
{
    GString *out = g_string_new("\"");

    for (const char *p = value; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_c(out, '\\');
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
    return g_string_free(out, FALSE);
}

static int
append_dns(GString *out, const MvNetworkDef *def, bool *no_resolv)
{
    const MvNetworkDns *dns = &def->dns;

    for (size_t i = 0; i < dns->nforwarders; i++) {
        const MvDnsForwarder *fwd = &dns->forwarders[i];
        g_autofree char *addr = mv_ip_addr_is_set(&fwd->addr) ? mv_ip_addr_format(&fwd->addr)
                                                               : NULL;

        if (check_value(def, "forwarder domain", fwd->domain) < 0)
            return -1;
        /* A domain without an address: answer it locally, never forward. */
        g_string_append_printf(out, "server=%s%s%s%s\n",
                               fwd->domain ? "/" : "", fwd->domain ? fwd->domain : "",
                               fwd->domain ? "/" : "", addr ? addr : "#");
        if (addr && !fwd->domain)
            *no_resolv = true;
    }

    if (dns->forward_plain_names == MV_TRISTATE_NO)
        g_string_append(out, "domain-needed\nlocal=//\n");

    for (size_t i = 0; i < dns->ntxts; i++) {
        g_autofree char *value = quote_txt(dns->txts[i].value);

        if (check_value(def, "txt record", dns->txts[i].name) < 0 ||
            check_value(def, "txt record value", dns->txts[i].value) < 0)
            return -1;
        g_string_append_printf(out, "txt-record=%s,%s\n", dns->txts[i].name, value);
    }

    for (size_t i = 0; i < dns->nsrvs; i++) {
        const MvDnsSrv *srv = &dns->srvs[i];

        if (check_value(def, "srv domain", srv->domain) < 0 ||
            check_value(def, "srv target", srv->target) < 0)
            return -1;
        g_string_append_printf(out, "srv-host=_%s._%s", srv->service, srv->protocol);
        if (srv->domain)
            g_string_append_printf(out, ".%s", srv->domain);
        if (srv->target) {
            g_string_append_printf(out, ",%s", srv->target);
            if (srv->port)
                g_string_append_printf(out, ",%u", srv->port);
            if (srv->priority || srv->weight)
                g_string_append_printf(out, ",%u,%u", srv->priority, srv->weight);
        }
        g_string_append_c(out, '\n');
    }
    return 0;
}

char *
mv_dnsmasq_config_generate(const MvNetworkDef *def, const MvDnsmasqFiles *files)
{
    g_autoptr(GString) out = g_string_new(NULL);
    bool no_resolv = false;
    bool isolated = def->forward.mode == MV_FORWARD_NONE;
    unsigned long long lease_max = 0;
    size_t nranges = 0;

    if (!def->bridge) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "network '%s' has no bridge name", def->name);
        return NULL;
    }
    if (check_value(def, "bridge", def->bridge) < 0 || check_value(def, "domain", def->domain) < 0)
        return NULL;

    g_string_append_printf(out,
                           "# modvirt: dnsmasq configuration of network '%s'.\n"
                           "# Generated by modvirt-networkd; edits are lost.\n",
                           def->name);
    g_string_append(out, "strict-order\n");
    g_string_append_printf(out, "pid-file=%s\n", files->pid);
    /* Only the bridge: bind-dynamic follows its addresses as they come
     * and go, and never answers on another interface. */
    g_string_append_printf(out, "except-interface=lo\nbind-dynamic\ninterface=%s\n", def->bridge);

    if (!dns_enabled(def))
        g_string_append(out, "port=0\n");
    else if (append_dns(out, def, &no_resolv) < 0)
        return NULL;

    if (def->domain) {
        if (def->domain_local_only == MV_TRISTATE_YES)
            g_string_append_printf(out, "local=/%s/\n", def->domain);
        g_string_append_printf(out, "domain=%s\nexpand-hosts\n", def->domain);
    }

    if (isolated) {
        /* No default route to hand out and no upstream servers to reach;
         * IPv6 routers advertise a lifetime of 0. */
        g_string_append(out, "dhcp-option=3\nra-param=*,0,0\n");
        no_resolv = true;
    }
    if (no_resolv)
        g_string_append(out, "no-resolv\n");

    if (dns_enabled(def))
        g_string_append_printf(out, "addn-hosts=%s\n", files->dns_hosts);

    for (size_t i = 0; i < def->nips; i++) {
        if (append_dhcp(out, def, &def->ips[i], &lease_max) < 0)
            return NULL;
        nranges += def->ips[i].nranges;
    }

    if (def_has_dhcp(def)) {
        if (nranges > 0)
            g_string_append_printf(out, "dhcp-lease-max=%llu\n",
                                   MIN(lease_max, (unsigned long long) LEASE_MAX_CAP));
        g_string_append_printf(out, "dhcp-leasefile=%s\n", files->leases);
        g_string_append_printf(out, "dhcp-hostsfile=%s\n", files->dhcp_hosts);
        if (def->mtu)
            g_string_append_printf(out, "dhcp-option=option:mtu,%u\n", def->mtu);
    }
    if (def_has_ipv6(def))
        g_string_append(out, "enable-ra\n");

    return g_string_free(g_steal_pointer(&out), FALSE);
}

char *
mv_dnsmasq_dhcp_hosts_generate(const MvNetworkDef *def)
{
    GString *out = g_string_new(NULL);

    for (size_t i = 0; i < def->nips; i++) {
        const MvNetworkIP *ip = &def->ips[i];
        bool v6 = ip->address.family == AF_INET6;

        for (size_t j = 0; j < ip->nhosts; j++) {
            const MvDhcpHost *host = &ip->hosts[j];
            g_autofree char *addr = mv_ip_addr_is_set(&host->ip) ? mv_ip_addr_format(&host->ip)
                                                                  : NULL;
            g_autofree char *lease = lease_time(host->lease);
            g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func(g_free);
            g_autofree char *line = NULL;

            bool by_name = !host->mac && !host->id;

            /* Who the host is first: its MAC, its DHCPv6 client id, or
             * else its name; then the address. */
            if (host->mac)
                g_ptr_array_add(fields, g_strdup(host->mac));
            else if (host->id)
                g_ptr_array_add(fields, g_strdup_printf("id:%s", host->id));
            else if (host->name)
                g_ptr_array_add(fields, g_strdup(host->name));
            if (addr)
                g_ptr_array_add(fields, v6 ? g_strdup_printf("[%s]", addr) : g_strdup(addr));
            if (host->name && !by_name)
                g_ptr_array_add(fields, g_strdup(host->name));
            if (lease)
                g_ptr_array_add(fields, g_strdup(lease));
            g_ptr_array_add(fields, NULL);

            line = g_strjoinv(",", (char **) fields->pdata);
            g_string_append_printf(out, "%s\n", line);
        }
    }
    return g_string_free(out, FALSE);
}

char *
mv_dnsmasq_dns_hosts_generate(const MvNetworkDef *def)
{
    GString *out = g_string_new(NULL);

    for (size_t i = 0; i < def->dns.nhosts; i++) {
        const MvDnsHost *host = &def->dns.hosts[i];
        g_autofree char *addr = mv_ip_addr_format(&host->ip);
        g_autofree char *names = g_strjoinv(" ", host->names);

        g_string_append_printf(out, "%s %s\n", addr, names);
    }
    return g_string_free(out, FALSE);
}

static int
write_text(const char *path, const char *text)
{
    return mv_file_replace_atomic(path, text, strlen(text), 0644);
}

int
mv_dnsmasq_write_hosts_files(const MvNetworkDef *def, const MvDnsmasqFiles *files)
{
    g_autofree char *dhcp_hosts = mv_dnsmasq_dhcp_hosts_generate(def);
    g_autofree char *dns_hosts = mv_dnsmasq_dns_hosts_generate(def);

    if (write_text(files->dhcp_hosts, dhcp_hosts) < 0 ||
        write_text(files->dns_hosts, dns_hosts) < 0)
        return -1;
    return 0;
}

int
mv_dnsmasq_write_files(const MvNetworkDef *def, const MvDnsmasqFiles *files)
{
    g_autofree char *conf = mv_dnsmasq_config_generate(def, files);

    if (!conf)
        return -1;
    if (mv_dnsmasq_write_hosts_files(def, files) < 0 || write_text(files->conf, conf) < 0)
        return -1;
    return 0;
}

/* The pid written in the pid file, 0 when there is none yet. */
static pid_t
read_pid_file(const char *path)
{
    g_autofree char *text = NULL;
    gint64 pid = 0;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return 0;
    g_strstrip(text);
    if (!g_ascii_string_to_signed(text, 10, 1, G_MAXINT32, &pid, NULL))
        return 0;
    return (pid_t) pid;
}

int
mv_dnsmasq_start(const MvDnsmasqFiles *files, const char *binary, pid_t *ret_pid)
{
    g_autoptr(MvCommand) cmd = mv_command_new(binary ? binary : DNSMASQ_BINARY);
    pid_t pid = 0;

    if (unlink(files->pid) < 0 && errno != ENOENT) {
        mv_report_system_error(errno, "network '%s': cannot remove the stale pid file '%s'",
                               files->net_name, files->pid);
        return -1;
    }

    mv_command_add_arg_format(cmd, "--conf-file=%s", files->conf);
    /* Our child, not a daemon: we know its pid without trusting a file,
     * and its messages go to our stderr (the journal). */
    mv_command_add_args(cmd, "--keep-in-foreground", "--log-facility=-", NULL);
    if (mv_command_spawn(cmd, &pid) < 0)
        return -1;

    for (unsigned int waited = 0; waited < DNSMASQ_START_TIMEOUT_MS; waited += DNSMASQ_POLL_MS) {
        int status = 0;

        if (waitpid(pid, &status, WNOHANG) == pid) {
            mv_report_error(VIR_ERR_OPERATION_FAILED,
                            "dnsmasq of network '%s' exited at start (%s %d); its config is '%s'",
                            files->net_name, WIFEXITED(status) ? "status" : "signal",
                            WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
                            files->conf);
            return -1;
        }
        if (read_pid_file(files->pid) == pid) {
            MV_INFO("network '%s': started dnsmasq, pid %lld", files->net_name, (long long) pid);
            *ret_pid = pid;
            return 0;
        }
        g_usleep(DNSMASQ_POLL_MS * 1000);
    }

    mv_report_error(VIR_ERR_OPERATION_FAILED,
                    "dnsmasq of network '%s' (pid %lld) wrote no pid file '%s' in %d ms",
                    files->net_name, (long long) pid, files->pid, DNSMASQ_START_TIMEOUT_MS);
    mv_dnsmasq_stop(files, pid);
    return -1;
}

/* Waits up to timeout_ms for pid to go away, reaping it when it is our child. */
static bool
wait_gone(pid_t pid, unsigned int timeout_ms)
{
    for (unsigned int waited = 0;; waited += DNSMASQ_POLL_MS) {
        pid_t r = waitpid(pid, NULL, WNOHANG);

        if (r == pid)
            return true;
        if (r < 0 && errno == ECHILD && kill(pid, 0) < 0 && errno == ESRCH)
            return true;
        if (waited >= timeout_ms)
            return false;
        g_usleep(DNSMASQ_POLL_MS * 1000);
    }
}

int
mv_dnsmasq_stop(const MvDnsmasqFiles *files, pid_t pid)
{
    if (pid <= 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "network '%s': no dnsmasq pid to stop",
                        files->net_name);
        return -1;
    }

    if (kill(pid, SIGTERM) < 0 && errno != ESRCH) {
        mv_report_system_error(errno, "network '%s': cannot stop dnsmasq (pid %lld)",
                               files->net_name, (long long) pid);
        return -1;
    }
    if (!wait_gone(pid, DNSMASQ_STOP_TIMEOUT_MS)) {
        MV_WARN("network '%s': dnsmasq (pid %lld) ignored SIGTERM, killing it",
                files->net_name, (long long) pid);
        kill(pid, SIGKILL);
        if (!wait_gone(pid, DNSMASQ_STOP_TIMEOUT_MS)) {
            mv_report_error(VIR_ERR_OPERATION_FAILED,
                            "network '%s': dnsmasq (pid %lld) did not die after SIGKILL",
                            files->net_name, (long long) pid);
            return -1;
        }
    }
    unlink(files->pid);

    MV_INFO("network '%s': stopped dnsmasq, pid %lld", files->net_name, (long long) pid);
    return 0;
}

int
mv_dnsmasq_reload(const MvDnsmasqFiles *files, pid_t pid)
{
    if (pid <= 0 || kill(pid, SIGHUP) < 0) {
        mv_report_system_error(pid <= 0 ? ESRCH : errno,
                               "network '%s': cannot reload dnsmasq (pid %lld)",
                               files->net_name, (long long) pid);
        return -1;
    }
    MV_DEBUG("network '%s': sent SIGHUP to dnsmasq, pid %lld", files->net_name, (long long) pid);
    return 0;
}

pid_t
mv_dnsmasq_find_pid(const MvDnsmasqFiles *files)
{
    pid_t pid = read_pid_file(files->pid);
    g_autofree char *proc = NULL;
    g_autofree char *cmdline = NULL;
    g_autofree char *want = NULL;
    size_t len = 0;

    if (pid <= 0)
        return 0;
    proc = g_strdup_printf("/proc/%lld/cmdline", (long long) pid);
    if (!g_file_get_contents(proc, &cmdline, &len, NULL))
        return 0;

    want = g_strdup_printf("--conf-file=%s", files->conf);
    for (size_t off = 0; off < len; off += strlen(cmdline + off) + 1) {
        if (strcmp(cmdline + off, want) == 0)
            return pid;
    }
    return 0;
}

void
mv_dnsmasq_leases_free(MvDnsmasqLease *leases, size_t nleases)
{
    for (size_t i = 0; i < nleases; i++) {
        g_free(leases[i].mac);
        g_free(leases[i].iaid);
        g_free(leases[i].hostname);
        g_free(leases[i].client_id);
    }
    g_free(leases);
}

static char *
lease_field(const char *text)
{
    return strcmp(text, "*") == 0 ? NULL : g_strdup(text);
}

static int
lease_parse(const char *path, size_t lineno, char **fields, MvDnsmasqLease *ret_lease)
{
    guint nfields = g_strv_length(fields);
    gint64 expiry = 0;

    if (nfields < 4 || nfields > 5 ||
        !g_ascii_string_to_signed(fields[0], 10, 0, G_MAXINT64, &expiry, NULL) ||
        mv_ip_addr_parse(fields[2], &ret_lease->ip) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "leases file '%s': line %zu does not parse",
                        path, lineno);
        return -1;
    }

    ret_lease->expiry = expiry;
    if (ret_lease->ip.family == AF_INET6)
        ret_lease->iaid = g_strdup(fields[1]);
    else
        ret_lease->mac = g_strdup(fields[1]);
    ret_lease->hostname = lease_field(fields[3]);
    ret_lease->client_id = nfields == 5 ? lease_field(fields[4]) : NULL;
    return 0;
}

int
mv_dnsmasq_leases_read(const char *path, MvDnsmasqLease **ret_leases, size_t *ret_nleases)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GArray) leases = NULL;

    if (access(path, F_OK) < 0 && errno == ENOENT) {
        *ret_leases = NULL;
        *ret_nleases = 0;
        return 0;
    }
    if (mv_file_read_all(path, LEASES_MAX_BYTES, &text, NULL) < 0)
        return -1;

    leases = g_array_new(FALSE, TRUE, sizeof(MvDnsmasqLease));
    lines = g_strsplit(text, "\n", -1);
    for (size_t i = 0; lines[i]; i++) {
        g_auto(GStrv) fields = NULL;
        MvDnsmasqLease lease = { 0 };

        if (!*lines[i])
            continue;
        fields = g_strsplit(lines[i], " ", -1);
        /* The server's DUID, before the IPv6 leases. */
        if (strcmp(fields[0], "duid") == 0)
            continue;
        if (lease_parse(path, i + 1, fields, &lease) < 0) {
            size_t done = leases->len;

            mv_dnsmasq_leases_free((MvDnsmasqLease *) g_array_free(g_steal_pointer(&leases), FALSE),
                                   done);
            return -1;
        }
        g_array_append_val(leases, lease);
    }

    *ret_nleases = leases->len;
    *ret_leases = (MvDnsmasqLease *) g_array_free(g_steal_pointer(&leases), FALSE);
    return 0;
}
