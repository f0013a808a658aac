/* A network's dnsmasq: its config and hosts files, starting, stopping and reloading it, reading its leases. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

#include "conf/network.h"

/* Where one network's dnsmasq keeps its files, all in one directory (the
 * driver passes its run dir): NAME.conf, NAME.pid, NAME.leases,
 * NAME.dhcphosts (dhcp-hostsfile) and NAME.addnhosts (addn-hosts). */
typedef struct {
    char *net_name;
    char *conf;
    char *pid;
    char *leases;
    char *dhcp_hosts;
    char *dns_hosts;
} MvDnsmasqFiles;

/* NULL and VIR_ERR_INVALID_ARG when net_name cannot be a file name. */
MvDnsmasqFiles *mv_dnsmasq_files_new(const char *dir, const char *net_name);
void mv_dnsmasq_files_free(MvDnsmasqFiles *files);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDnsmasqFiles, mv_dnsmasq_files_free)

/* Whether the network needs a dnsmasq at all: a routed, NATed, open or
 * isolated network that serves DNS, DHCP or IPv6 router advertisements. */
bool mv_dnsmasq_needed(const MvNetworkDef *def);

/* The dnsmasq.conf text (a pure function). NULL with an error naming the
 * network when it has no bridge or a value dnsmasq cannot take. */
char *mv_dnsmasq_config_generate(const MvNetworkDef *def, const MvDnsmasqFiles *files);

/* The dhcp-hostsfile text: one line per <host> of every <dhcp>. */
char *mv_dnsmasq_dhcp_hosts_generate(const MvNetworkDef *def);

/* The addn-hosts text: one line per <dns><host>, "IP NAME...". */
char *mv_dnsmasq_dns_hosts_generate(const MvNetworkDef *def);

/* Writes the config and both hosts files, each atomically, mode 0644
 * (dnsmasq reads the hosts files again on SIGHUP, after dropping root). */
int mv_dnsmasq_write_files(const MvNetworkDef *def, const MvDnsmasqFiles *files);

/* Writes only the two hosts files, for mv_dnsmasq_reload(). */
int mv_dnsmasq_write_hosts_files(const MvNetworkDef *def, const MvDnsmasqFiles *files);

/* Starts binary (NULL: "dnsmasq" from PATH) in the foreground on the
 * written config, in the calling thread's network namespace, and waits
 * (bounded) until it has written its pid file. The caller owns the child
 * and stops it with mv_dnsmasq_stop(). Fails naming the network when
 * dnsmasq exits first (its messages go to our stderr). */
int mv_dnsmasq_start(const MvDnsmasqFiles *files, const char *binary, pid_t *ret_pid);

/* SIGTERM, a bounded wait, then SIGKILL. pid may be our child or, after a
 * daemon restart, a process found by mv_dnsmasq_find_pid(). Removes the
 * pid file. */
int mv_dnsmasq_stop(const MvDnsmasqFiles *files, pid_t pid);

/* SIGHUP: dnsmasq reads its hosts files again and clears its cache. */
int mv_dnsmasq_reload(const MvDnsmasqFiles *files, pid_t pid);

/* The pid in the pid file when that process is alive and is a dnsmasq
 * running on this network's config; 0 otherwise. */
pid_t mv_dnsmasq_find_pid(const MvDnsmasqFiles *files);

/* One line of dnsmasq's leases file. */
typedef struct {
    long long expiry;       /* seconds since the epoch; 0 for an infinite lease */
    char *mac;              /* IPv4 leases; NULL for IPv6 */
    char *iaid;             /* IPv6 leases: the IAID, in hex; NULL for IPv4 */
    MvIPAddr ip;
    char *hostname;         /* NULL when the client sent none */
    char *client_id;        /* NULL when none */
} MvDnsmasqLease;

void mv_dnsmasq_leases_free(MvDnsmasqLease *leases, size_t nleases);

/* Reads a leases file; a missing file has no leases. A line that does not
 * parse is an error naming the file and the line. */
int mv_dnsmasq_leases_read(const char *path, MvDnsmasqLease **ret_leases, size_t *ret_nleases);
