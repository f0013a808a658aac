/* networkd's driver life cycle: daemon hooks, starting and stopping a network, recovery after a restart, autostart. */
#define MV_LOG_MODULE "network.driver"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_driver.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bridge.h"
#include "dnsmasq.h"
#include "firewall.h"
#include "network_vf_port.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

/* The daemon counts its holds in the main loop's thread, and RPC calls
 * run in workers: the count changes there, in call order. */
static gboolean
hold_in_loop(gpointer daemon)
{
    mv_daemon_hold(daemon);
    return G_SOURCE_REMOVE;
}

static gboolean
release_in_loop(gpointer daemon)
{
    mv_daemon_release(daemon);
    return G_SOURCE_REMOVE;
}

static char *
nft_path(MvNetworkDriver *driver, const char *name)
{
    g_autofree char *file = g_strdup_printf("%s.nft", name);

    return mv_path_join_safe(driver->run_dir, file, true);
}

/* Writes "1" to a sysctl of the calling thread's network namespace. */
static int
sysctl_enable(const char *path)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);

    if (fd < 0 || write(fd, "1\n", 2) != 2) {
        mv_report_system_error(errno, "cannot enable '%s'", path);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* NATed and routed traffic crosses the host only with forwarding on. */
static int
enable_forwarding(const MvNetworkDef *def)
{
    bool v4 = false;
    bool v6 = false;

    if (def->forward.mode != MV_FORWARD_NAT && def->forward.mode != MV_FORWARD_ROUTE)
        return 0;
    for (size_t i = 0; i < def->nips; i++) {
        if (def->ips[i].address.family == AF_INET6)
            v6 = true;
        else
            v4 = true;
    }
    if (v4 && sysctl_enable("/proc/sys/net/ipv4/ip_forward") < 0)
        return -1;
    if (v6 && sysctl_enable("/proc/sys/net/ipv6/conf/all/forwarding") < 0)
        return -1;
    return 0;
}

/* Every step tolerates what is already gone, so a half-built network can
 * always be torn down; the first failure is reported, the rest logged. */
static int
teardown(MvNetworkDriver *driver, MvNetworkObj *obj, bool own_bridge)
{
    const MvNetworkDef *def = obj->live;
    g_autoptr(MvDnsmasqFiles) files = mv_dnsmasq_files_new(driver->run_dir, def->name);
    g_autofree char *nft = nft_path(driver, def->name);
    g_autoptr(MvError) first = NULL;

    mv_network_bandwidth_stop(obj);
    if (mv_network_dnsmasq_stop(driver, obj) < 0)
        first = mv_error_save();

    if (mv_network_mode_has_bridge(def->forward.mode)) {
        if (mv_firewall_remove(def->name) < 0 && !first)
            first = mv_error_save();
        if (own_bridge && def->bridge && mv_bridge_delete(def->bridge) < 0 && !first)
            first = mv_error_save();
    }
    if (nft)
        unlink(nft);
    if (files) {
        unlink(files->conf);
        unlink(files->dhcp_hosts);
        unlink(files->dns_hosts);
    }

    if (first) {
        mv_error_restore(g_steal_pointer(&first));
        return -1;
    }
    return 0;
}

/* *ret_made tells whether the bridge is ours to delete: a link of that
 * name that was there before is never deleted. */
/* The prefix of a <route>, as libvirt takes it: 0 for the default route
 * written with prefix='0' or netmask='0.0.0.0', else the given prefix, the
 * netmask's or the class fallback. */
static int
route_prefix(const MvNetworkRoute *route)
{
    static const unsigned char zero[16];
    size_t len = route->address.family == AF_INET ? 4 : 16;
    bool default_route = memcmp(&route->address.u, zero, len) == 0;

    if (default_route &&
        ((route->has_prefix && route->prefix == 0) ||
         (route->netmask.family == AF_INET && memcmp(&route->netmask.u, zero, 4) == 0)))
        return 0;
    return mv_ip_effective_prefix(&route->address, &route->netmask,
                                  route->has_prefix ? route->prefix : 0);
}

/* The static routes through the bridge, once it is up. As libvirt does, a
 * route the kernel refuses is logged and the network starts without it
 * (the bridge goes at destroy, and its routes with it). */
static void
add_routes(const MvNetworkDef *def)
{
    for (size_t i = 0; i < def->nroutes; i++) {
        const MvNetworkRoute *route = &def->routes[i];
        int prefix = route_prefix(route);

        if (prefix < 0) {
            MV_WARN("network '%s' has an invalid netmask or IP address in route definition",
                    def->name);
            continue;
        }
        if (mv_bridge_add_route(def->bridge, &route->address, (unsigned int) prefix,
                                &route->gateway, route->metric) < 0)
            MV_WARN("network '%s': %s", def->name, mv_error_last_message());
    }
}

static int
build(MvNetworkDriver *driver, MvNetworkObj *obj, bool *ret_made)
{
    const MvNetworkDef *def = obj->live;
    g_autofree char *nft = nft_path(driver, def->name);
    MvBridgeConfig config = {
        .name = def->bridge,
        .mac = def->mac_specified ? &def->mac : NULL,
        .mtu = def->mtu,
        .stp = def->stp,
        .forward_delay = (unsigned int) def->delay,
    };

    if (!mv_network_mode_has_bridge(def->forward.mode))
        return 0;
    if (!def->bridge) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "network '%s' has no bridge name", def->name);
        return -1;
    }
    if (!nft || mv_bridge_create(&config) < 0)
        return -1;
    *ret_made = true;
    for (size_t i = 0; i < def->nips; i++) {
        const MvNetworkIP *ip = &def->ips[i];
        int prefix = mv_network_ip_prefix(ip);

        /* The XML accepts a non-contiguous netmask, as libvirt does; like
         * libvirt, a network with one cannot start. */
        if (prefix < 0) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "network '%s' has an IP address with an invalid netmask or prefix",
                            def->name);
            return -1;
        }
        if (mv_bridge_add_address(def->bridge, &ip->address, (unsigned int) prefix) < 0)
            return -1;
    }
    if (mv_bridge_set_up(def->bridge, true) < 0)
        return -1;
    add_routes(def);
    if (enable_forwarding(def) < 0 ||
        mv_firewall_apply(def, nft) < 0)
        return -1;
    if (mv_dnsmasq_needed(def) && mv_network_dnsmasq_start(driver, obj) < 0)
        return -1;
    return 0;
}

int
mv_network_driver_start(MvNetworkDriver *driver, MvNetworkObj *obj)
{
    const char *name = obj->live->name;
    bool made = false;

    MV_DEBUG("network '%s': starting on bridge '%s'", name, obj->live->bridge);
    if (build(driver, obj, &made) < 0 || mv_network_direct_start(driver, obj) < 0 ||
        mv_network_bandwidth_start(obj) < 0 ||
        mv_network_status_save(driver, obj) < 0) {
        g_autoptr(MvError) err = mv_error_save();

        if (teardown(driver, obj, made) < 0)
            MV_WARN("network '%s': undoing a failed start: %s", name, mv_error_last_message());
        mv_network_status_delete(driver, name);
        g_clear_pointer(&obj->live, mv_network_def_free);
        mv_error_restore(g_steal_pointer(&err));
        return -1;
    }
    g_main_context_invoke(NULL, hold_in_loop, driver->daemon);
    MV_INFO("network '%s': started", name);
    return 0;
}

int
mv_network_driver_stop(MvNetworkDriver *driver, MvNetworkObj *obj)
{
    g_autofree char *name = g_strdup(obj->live->name);
    int rc = teardown(driver, obj, true);

    for (guint i = 0; i < obj->ports->len; i++) {
        mv_network_port_clear_interface(driver, name, g_ptr_array_index(obj->ports, i));
        mv_network_vf_port_unplug(driver, name, g_ptr_array_index(obj->ports, i));
    }
    mv_network_ports_delete_all(driver, obj);
    mv_network_status_delete(driver, name);
    g_clear_pointer(&obj->live, mv_network_def_free);
    g_main_context_invoke(NULL, release_in_loop, driver->daemon);
    if (rc == 0)
        MV_INFO("network '%s': stopped", name);
    return rc;
}

/* ---- after a restart ----------------------------------------------------- */

/* The network a status file describes is still running when its bridge
 * is: then its rules are loaded again (the same table, replaced in one
 * transaction) and a dnsmasq that died is started again. Without its
 * bridge, whatever is left of it is removed and it is inactive. */
static int
recover(MvNetworkDriver *driver, MvNetworkObj *obj)
{
    const MvNetworkDef *def = obj->live;
    g_autoptr(MvDnsmasqFiles) files = mv_dnsmasq_files_new(driver->run_dir, def->name);
    g_autofree char *nft = nft_path(driver, def->name);
    bool exists = false;

    if (!files || !nft)
        return -1;
    if (!mv_network_mode_has_bridge(def->forward.mode))
        goto done;

    /* Not knowing is no reason to tear a running network down. */
    if (def->bridge && mv_bridge_exists(def->bridge, &exists) < 0)
        return -1;
    if (!exists) {
        MV_WARN("network '%s': bridge '%s' is gone, the network is inactive",
                def->name, def->bridge ? def->bridge : "");
        obj->dnsmasq_pid = mv_dnsmasq_find_pid(files);
        if (teardown(driver, obj, false) < 0)
            MV_WARN("network '%s': %s", def->name, mv_error_last_message());
        mv_network_ports_delete_all(driver, obj);
        mv_network_status_delete(driver, def->name);
        g_clear_pointer(&obj->live, mv_network_def_free);
        return 0;
    }

    if (mv_firewall_apply(def, nft) < 0)
        return -1;
    obj->dnsmasq_pid = 0;
    if (mv_dnsmasq_needed(def)) {
        obj->dnsmasq_pid = mv_dnsmasq_find_pid(files);
        if (obj->dnsmasq_pid == 0) {
            MV_WARN("network '%s': its dnsmasq is not running, starting it again", def->name);
            if (mv_network_dnsmasq_start(driver, obj) < 0)
                return -1;
        } else {
            mv_network_dnsmasq_watch(driver, obj);
        }
    }
 done:
    if (mv_network_ports_load(driver, obj) < 0)
        return -1;
    mv_network_direct_recount(obj);
    if (mv_network_status_save(driver, obj) < 0)
        return -1;
    MV_INFO("network '%s': running on bridge '%s', dnsmasq pid %lld", def->name,
            def->bridge ? def->bridge : "-", (long long) obj->dnsmasq_pid);
    return 0;
}

/* SIGHUP starts a dnsmasq that is not running again: one the watcher
 * gave up on, or one it could not watch. */
static void
refresh(MvNetworkDriver *driver, MvNetworkObj *obj)
{
    g_autoptr(MvDnsmasqFiles) files = mv_dnsmasq_files_new(driver->run_dir, obj->live->name);
    pid_t running;

    if (!files || !mv_dnsmasq_needed(obj->live))
        return;
    running = mv_dnsmasq_find_pid(files);
    if (running > 0 && running == obj->dnsmasq_pid)
        return;
    MV_WARN("network '%s': its dnsmasq is not running, starting it again", obj->live->name);
    obj->dnsmasq_restarts = 0;
    if (mv_network_dnsmasq_stop(driver, obj) < 0 ||
        mv_network_dnsmasq_start(driver, obj) < 0 || mv_network_status_save(driver, obj) < 0)
        MV_WARN("network '%s': %s", obj->live->name, mv_error_last_message());
}

static void
autostart(MvNetworkDriver *driver)
{
    for (guint i = 0; i < driver->nets->len; i++) {
        MvNetworkObj *obj = g_ptr_array_index(driver->nets, i);

        if (!obj->config || !obj->autostart || obj->live)
            continue;
        if (!(obj->live = mv_network_driver_def_copy(obj->config)) ||
            mv_network_driver_start(driver, obj) < 0)
            MV_WARN("network '%s': autostart failed: %s", obj->config->name,
                    mv_error_last_message());
    }
}

static void
driver_free(MvNetworkDriver *driver)
{
    if (!driver)
        return;
    /* First: a restart under way uses the networks and the lock. */
    g_clear_pointer(&driver->dnsmasq_pool, mv_network_dnsmasq_pool_free);
    g_ptr_array_unref(driver->nets);
    g_mutex_clear(&driver->lock);
    mv_event_registry_free(driver->events);
    g_free(driver->config_dir);
    g_free(driver->autostart_dir);
    g_free(driver->run_dir);
    g_free(driver->ports_dir);
    g_free(driver->root);
    g_free(driver);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvNetworkDriver, driver_free)

int
mv_network_driver_init(MvDaemon *daemon)
{
    const MvPaths *paths = mv_daemon_get_paths(daemon);
    g_autoptr(MvNetworkDriver) driver = g_new0(MvNetworkDriver, 1);

    driver->daemon = daemon;
    g_mutex_init(&driver->lock);
    driver->events = mv_event_registry_new("network");
    driver->dnsmasq_pool = mv_network_dnsmasq_pool_new(driver);
    driver->nets = g_ptr_array_new_with_free_func((GDestroyNotify) mv_network_obj_free);
    driver->config_dir = mv_paths_driver_config_dir(paths, "network");
    driver->autostart_dir = g_build_filename(driver->config_dir, "autostart", NULL);
    driver->run_dir = mv_paths_driver_run_dir(paths, "network");
    driver->ports_dir = g_build_filename(driver->run_dir, "ports", NULL);
    driver->root = g_strdup(paths->mode == MV_PATHS_ROOT ? paths->root : "");

    if (mv_file_mkdir_p(driver->config_dir, 0755) < 0 ||
        mv_file_mkdir_p(driver->run_dir, 0755) < 0 ||
        mv_network_driver_load(driver) < 0)
        return -1;

    for (guint i = 0; i < driver->nets->len;) {
        MvNetworkObj *obj = g_ptr_array_index(driver->nets, i);

        if (obj->live && recover(driver, obj) < 0)
            MV_WARN("network '%s': cannot take it over again: %s", obj->live->name,
                    mv_error_last_message());
        /* Its bridge is there: it runs, whatever failed above. */
        if (obj->live)
            mv_daemon_hold(daemon);
        if (!obj->live && !obj->config) {
            mv_network_driver_remove(driver, obj);
            continue;
        }
        i++;
    }
    /* With the ports of running networks known: the VF states nobody
     * holds any more go back before the first client is served. */
    mv_network_vf_leftovers_recover(driver);
    autostart(driver);

    mv_daemon_set_driver_data(daemon, g_steal_pointer(&driver));
    return 0;
}

int
mv_network_driver_reload(MvDaemon *daemon)
{
    MvNetworkDriver *driver = mv_daemon_get_driver_data(daemon);

    g_mutex_lock(&driver->lock);
    for (guint i = 0; i < driver->nets->len; i++) {
        MvNetworkObj *obj = g_ptr_array_index(driver->nets, i);

        if (obj->live)
            refresh(driver, obj);
    }
    autostart(driver);
    g_mutex_unlock(&driver->lock);
    return 0;
}

/* Networks outlive the daemon: their bridges, rules and dnsmasq stay, and
 * the next start takes them over from the status files. */
void
mv_network_driver_cleanup(MvDaemon *daemon)
{
    MvNetworkDriver *driver = mv_daemon_get_driver_data(daemon);

    for (guint i = 0; driver && i < driver->nets->len; i++)
        mv_network_dnsmasq_unwatch(g_ptr_array_index(driver->nets, i));
    driver_free(driver);
    mv_daemon_set_driver_data(daemon, NULL);
}
