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

/* A dnsmasq that exited, for the restart thread. */
typedef struct {
    char *net_name;
    pid_t pid;
} DnsmasqExit;

static void
exit_free(gpointer data)
{
    DnsmasqExit *ex = data;

    g_free(ex->net_name);
    g_free(ex);
}

/* In the restart thread, under the driver's lock like every other change:
 * starting dnsmasq waits for its pid file (up to seconds), which must
 * delay neither the main loop (every client's I/O) nor other calls longer
 * than the lock is held. */
static void
restart_dnsmasq(gpointer data, gpointer user_data)
{
    g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func(exit_free);
    DnsmasqExit *ex = data;
    MvNetworkDriver *driver = user_data;
    MvNetworkObj *obj;

    g_ptr_array_add(one, ex);
    g_mutex_lock(&driver->lock);
    obj = mv_network_driver_find_name(driver, ex->net_name);
    /* A network stopped or restarted meanwhile has dropped the watch. */
    if (!obj || !obj->live || obj->dnsmasq_pid != ex->pid) {
        g_mutex_unlock(&driver->lock);
        return;
    }
    g_clear_pointer(&obj->dnsmasq_watch, g_source_unref);
    /* Our child is reaped here; one found by its pid file after a daemon
     * restart is not ours to reap. */
    waitpid(ex->pid, NULL, WNOHANG);
    obj->dnsmasq_pid = 0;

    if (!restart_allowed(obj)) {
        MV_WARN("network '%s': dnsmasq (pid %lld) died %d times in %d s, not starting it again "
                "until SIGHUP or the network's restart", ex->net_name, (long long) ex->pid,
                RESTART_BURST, (int) (RESTART_WINDOW_US / G_USEC_PER_SEC));
    } else {
        MV_WARN("network '%s': dnsmasq (pid %lld) died, starting it again", ex->net_name,
                (long long) ex->pid);
        if (mv_network_dnsmasq_start(driver, obj) < 0)
            MV_WARN("network '%s': %s", ex->net_name, mv_error_last_message());
    }
    if (mv_network_status_save(driver, obj) < 0)
        MV_WARN("network '%s': %s", ex->net_name, mv_error_last_message());
    g_mutex_unlock(&driver->lock);
}

GThreadPool *
mv_network_dnsmasq_pool_new(MvNetworkDriver *driver)
{
    /* One exclusive thread: it cannot fail to start. */
    return g_thread_pool_new(restart_dnsmasq, driver, 1, FALSE, NULL);
}

void
mv_network_dnsmasq_pool_free(GThreadPool *pool)
{
    /* Restarts not begun are dropped (their exits are leaked: a few bytes
     * at exit); the one under way is waited for. */
    g_thread_pool_free(pool, TRUE, TRUE);
}

/* The pidfd turned readable: the process exited. The main loop only
 * hands it to the restart thread. */
static gboolean
on_dnsmasq_exit(gint fd G_GNUC_UNUSED, GIOCondition cond G_GNUC_UNUSED, gpointer data)
{
    DnsmasqWatch *watch = data;
    DnsmasqExit *ex = g_new0(DnsmasqExit, 1);
    g_autoptr(GError) gerr = NULL;

    ex->net_name = g_strdup(watch->net_name);
    ex->pid = watch->pid;
    if (!g_thread_pool_push(watch->driver->dnsmasq_pool, ex, &gerr)) {
        MV_WARN("network '%s': dnsmasq (pid %lld) died and cannot be started again: %s",
                watch->net_name, (long long) watch->pid, gerr->message);
        exit_free(ex);
    }
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
    g_source_attach(source, NULL);
    /* The reference kept lets unwatch destroy it from any thread, also
     * once it has fired and destroyed itself (then a no-op). */
    obj->dnsmasq_watch = source;
    MV_DEBUG("network '%s': watching dnsmasq, pid %lld", obj->live->name,
             (long long) obj->dnsmasq_pid);
}

void
mv_network_dnsmasq_unwatch(MvNetworkObj *obj)
{
    if (!obj->dnsmasq_watch)
        return;
    g_source_destroy(obj->dnsmasq_watch);
    g_clear_pointer(&obj->dnsmasq_watch, g_source_unref);
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
