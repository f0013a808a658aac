/* A running network's dnsmasq: started from the live definition and watched through a pidfd, so that one that dies is started again. */
#define MV_LOG_MODULE "network.driver"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_driver.h"

#include <errno.h>
#include <glib-unix.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dnsmasq.h"
#include "util/error.h"
#include "util/log.h"

/* A dnsmasq that keeps dying (a bad host file, no memory) is not started
 * again forever: at most this many restarts in this many seconds, after
 * which SIGHUP or a restart of the network tries again. */
#define RESTART_BURST 5
#define RESTART_WINDOW_US (60 * G_USEC_PER_SEC)

typedef struct {
    MvNetworkDriver *driver;
    char *net_name;
    pid_t pid;
    int pidfd;
} DnsmasqWatch;

static void
watch_free(gpointer data)
{
    DnsmasqWatch *watch = data;

    if (watch->pidfd >= 0)
        close(watch->pidfd);
    g_free(watch->net_name);
    g_free(watch);
}

/* Whether the restart budget allows one more, counting it. */
static bool
restart_allowed(MvNetworkObj *obj)
{
    gint64 now = g_get_monotonic_time();

    if (obj->dnsmasq_restarts == 0 || now - obj->dnsmasq_restart_window > RESTART_WINDOW_US) {
        obj->dnsmasq_restart_window = now;
        obj->dnsmasq_restarts = 0;
    }
    if (obj->dnsmasq_restarts >= RESTART_BURST)
        return false;
    obj->dnsmasq_restarts++;
    return true;
}

/* The pidfd turned readable: the process exited. It runs in the main
 * loop's thread, under the driver's lock like every other change. */
static gboolean
on_dnsmasq_exit(gint fd G_GNUC_UNUSED, GIOCondition cond G_GNUC_UNUSED, gpointer data)
{
    DnsmasqWatch *watch = data;
    MvNetworkDriver *driver = watch->driver;
    MvNetworkObj *obj;

    g_mutex_lock(&driver->lock);
    obj = mv_network_driver_find_name(driver, watch->net_name);
    /* A network stopped or restarted meanwhile has dropped this watch. */
    if (!obj || !obj->live || obj->dnsmasq_pid != watch->pid) {
        g_mutex_unlock(&driver->lock);
        return G_SOURCE_REMOVE;
    }
    obj->dnsmasq_watch = 0;
    /* Our child is reaped here; one found by its pid file after a daemon
     * restart is not ours to reap. */
    waitpid(watch->pid, NULL, WNOHANG);
    obj->dnsmasq_pid = 0;

    if (!restart_allowed(obj)) {
        MV_WARN("network '%s': dnsmasq (pid %lld) died %d times in %d s, not starting it again "
                "until SIGHUP or the network's restart", watch->net_name, (long long) watch->pid,
                RESTART_BURST, (int) (RESTART_WINDOW_US / G_USEC_PER_SEC));
    } else {
        MV_WARN("network '%s': dnsmasq (pid %lld) died, starting it again", watch->net_name,
                (long long) watch->pid);
        if (mv_network_dnsmasq_start(driver, obj) < 0)
            MV_WARN("network '%s': %s", watch->net_name, mv_error_last_message());
    }
    if (mv_network_status_save(driver, obj) < 0)
        MV_WARN("network '%s': %s", watch->net_name, mv_error_last_message());
    g_mutex_unlock(&driver->lock);
    return G_SOURCE_REMOVE;
}

void
mv_network_dnsmasq_watch(MvNetworkDriver *driver, MvNetworkObj *obj)
{
    DnsmasqWatch *watch;
    GSource *source;
    int pidfd;

    mv_network_dnsmasq_unwatch(obj);
    if (obj->dnsmasq_pid <= 0)
        return;
    /* A pidfd works for a process that is not our child too: the dnsmasq
     * a restarted daemon found by its pid file. */
    pidfd = (int) syscall(SYS_pidfd_open, obj->dnsmasq_pid, 0);
    if (pidfd < 0) {
        MV_WARN("network '%s': cannot watch dnsmasq (pid %lld): pidfd_open: %s; if it dies, "
                "SIGHUP starts it again", obj->live->name, (long long) obj->dnsmasq_pid,
                g_strerror(errno));
        return;
    }
    watch = g_new0(DnsmasqWatch, 1);
    watch->driver = driver;
    watch->net_name = g_strdup(obj->live->name);
    watch->pid = obj->dnsmasq_pid;
    watch->pidfd = pidfd;

    source = g_unix_fd_source_new(pidfd, G_IO_IN);
    g_source_set_callback(source, G_SOURCE_FUNC(on_dnsmasq_exit), watch, watch_free);
    obj->dnsmasq_watch = g_source_attach(source, NULL);
    g_source_unref(source);
    MV_DEBUG("network '%s': watching dnsmasq, pid %lld", obj->live->name,
             (long long) obj->dnsmasq_pid);
}

void
mv_network_dnsmasq_unwatch(MvNetworkObj *obj)
{
    if (obj->dnsmasq_watch == 0)
        return;
    g_source_remove(obj->dnsmasq_watch);
    obj->dnsmasq_watch = 0;
}

int
mv_network_dnsmasq_start(MvNetworkDriver *driver, MvNetworkObj *obj)
{
    g_autoptr(MvDnsmasqFiles) files = mv_dnsmasq_files_new(driver->run_dir, obj->live->name);

    mv_network_dnsmasq_unwatch(obj);
    if (!files || mv_dnsmasq_write_files(obj->live, files) < 0 ||
        mv_dnsmasq_start(files, NULL, &obj->dnsmasq_pid) < 0)
        return -1;
    mv_network_dnsmasq_watch(driver, obj);
    return 0;
}

int
mv_network_dnsmasq_stop(MvNetworkDriver *driver, MvNetworkObj *obj)
{
    g_autoptr(MvDnsmasqFiles) files = mv_dnsmasq_files_new(driver->run_dir, obj->live->name);
    pid_t pid = obj->dnsmasq_pid;

    mv_network_dnsmasq_unwatch(obj);
    obj->dnsmasq_pid = 0;
    if (pid <= 0)
        return 0;
    if (!files)
        return -1;
    return mv_dnsmasq_stop(files, pid);
}
