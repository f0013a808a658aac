/* Connection-level procedures about the host: hostname, node info from /proc and sysfs, security model. */
#define MV_LOG_MODULE "daemon.remote"
#define MV_FROM_THIS VIR_FROM_RPC

#include "remote_host.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "util/bitmap.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

#define PROC_FILE_MAX (1024 * 1024)
#define SYSFS_CPU "/sys/devices/system/cpu"
#define SYSFS_NODE "/sys/devices/system/node"
/* CPU numbers beyond this are not looked at. */
#define CPU_MAX 8192

int
mv_remote_host_get_hostname(MvRpcServerClient *client, remote_connect_get_hostname_ret *ret)
{
    ret->hostname = g_strdup(g_get_host_name());
    return 0;
}

/* The number after "key" and a separator in a /proc text file, or -1. */
static double
proc_file_number(const char *path, const char *key)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;

    if (mv_file_read_all(path, PROC_FILE_MAX, &text, NULL) < 0)
        return -1;
    lines = g_strsplit(text, "\n", -1);
    for (size_t i = 0; lines[i]; i++) {
        const char *p = lines[i];

        if (!g_str_has_prefix(p, key))
            continue;
        p += strlen(key);
        while (*p == ' ' || *p == '\t' || *p == ':')
            p++;
        return g_ascii_strtod(p, NULL);
    }
    return -1;
}

/* A small integer in a sysfs file, or -1. */
static long
sysfs_long(const char *path)
{
    g_autofree char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return -1;
    return strtol(text, NULL, 10);
}

static unsigned int
count_numa_nodes(void)
{
    g_autoptr(GDir) dir = g_dir_open(SYSFS_NODE, 0, NULL);
    unsigned int nodes = 0;
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        if (g_str_has_prefix(name, "node") && g_ascii_isdigit(name[4]))
            nodes++;
    }
    return nodes ? nodes : 1;
}

/* Reads cpu's package and core ids and counts it: packages maps package id
 * to its cores, cores maps "package:core" to its threads. */
static void
count_cpu(ssize_t cpu, GHashTable *packages, GHashTable *cores,
          unsigned int *max_cores, unsigned int *max_threads)
{
    g_autofree char *pkg_path = g_strdup_printf(SYSFS_CPU "/cpu%zd/topology/physical_package_id",
                                                cpu);
    g_autofree char *core_path = g_strdup_printf(SYSFS_CPU "/cpu%zd/topology/core_id", cpu);
    long pkg = sysfs_long(pkg_path);
    char *core = g_strdup_printf("%ld:%ld", pkg, sysfs_long(core_path));
    unsigned int threads = GPOINTER_TO_UINT(g_hash_table_lookup(cores, core)) + 1;

    if (threads == 1) {
        /* A core not seen yet: one more for its package. */
        gpointer key = GINT_TO_POINTER((int) pkg);
        unsigned int pkg_cores = GPOINTER_TO_UINT(g_hash_table_lookup(packages, key)) + 1;

        g_hash_table_insert(packages, key, GUINT_TO_POINTER(pkg_cores));
        *max_cores = MAX(*max_cores, pkg_cores);
    }
    g_hash_table_insert(cores, core, GUINT_TO_POINTER(threads));
    *max_threads = MAX(*max_threads, threads);
}

/* Sockets per node, cores per socket and threads per core from the online
 * CPUs' topology. A host whose numbers do not multiply up to its CPU count
 * is described as libvirt does then: one node, one socket, one thread per
 * core, a core per CPU. */
static void
read_topology(remote_node_get_info_ret *ret)
{
    g_autofree char *online_text = NULL;
    g_autoptr(MvBitmap) online = NULL;
    g_autoptr(GHashTable) packages = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_autoptr(GHashTable) cores = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    unsigned int max_cores = 0;
    unsigned int max_threads = 0;
    unsigned int ncpus = 0;
    unsigned int nodes = count_numa_nodes();

    if (g_file_get_contents(SYSFS_CPU "/online", &online_text, NULL, NULL))
        online = mv_bitmap_parse(g_strstrip(online_text), CPU_MAX);
    if (online) {
        for (ssize_t cpu = mv_bitmap_next_set(online, -1); cpu >= 0;
             cpu = mv_bitmap_next_set(online, cpu)) {
            count_cpu(cpu, packages, cores, &max_cores, &max_threads);
            ncpus++;
        }
    } else {
        ncpus = (unsigned int) MAX(sysconf(_SC_NPROCESSORS_ONLN), 1);
    }

    ret->cpus = (int) ncpus;
    ret->nodes = (int) nodes;
    ret->sockets = (int) (g_hash_table_size(packages) / nodes);
    ret->cores = (int) max_cores;
    ret->threads = (int) max_threads;
    if ((unsigned int) (ret->nodes * ret->sockets * ret->cores * ret->threads) != ncpus) {
        ret->nodes = 1;
        ret->sockets = 1;
        ret->cores = (int) ncpus;
        ret->threads = 1;
    }
}

int
mv_remote_host_node_get_info(MvRpcServerClient *client, remote_node_get_info_ret *ret)
{
    struct utsname uts;
    double mem_kib;
    double mhz;

    if (uname(&uts) < 0) {
        mv_report_system_error(errno, "cannot get the host's machine type");
        return -1;
    }
    if ((mem_kib = proc_file_number("/proc/meminfo", "MemTotal")) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "no MemTotal in '/proc/meminfo'");
        return -1;
    }
    /* Not every architecture says its speed in cpuinfo: 0 is "unknown". */
    mhz = proc_file_number("/proc/cpuinfo", "cpu MHz");

    g_strlcpy(ret->model, uts.machine, sizeof(ret->model));
    ret->memory = (uint64_t) mem_kib;
    ret->mhz = mhz > 0 ? (int) mhz : 0;
    read_topology(ret);
    return 0;
}

int
mv_remote_host_node_get_security_model(MvRpcServerClient *client,
                                       remote_node_get_security_model_ret *ret)
{
    /* XDR counts the terminating NUL as libvirt's virSecurityModel does. */
    ret->model.model_val = g_strdup("none");
    ret->model.model_len = strlen("none") + 1;
    ret->doi.doi_val = g_strdup("0");
    ret->doi.doi_len = strlen("0") + 1;
    return 0;
}
