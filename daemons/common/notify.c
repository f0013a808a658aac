/* sd_notify for Type=notify units: ready, reloading, stopping. */
#define MV_LOG_MODULE "daemon.notify"

#include "notify.h"

#include <systemd/sd-daemon.h>

#include "util/log.h"

static void
notify(const char *state)
{
    int rc = sd_notify(0, state);

    /* Failing to notify is not fatal: systemd will time the unit out and say so. */
    if (rc < 0)
        MV_WARN("cannot notify systemd of '%s': %s", state, g_strerror(-rc));
    else if (rc > 0)
        MV_DEBUG("notified systemd: %s", state);
}

void
mv_daemon_notify_ready(const char *status)
{
    g_autofree char *state = g_strdup_printf("READY=1\nSTATUS=%s", status);

    notify(state);
}

void
mv_daemon_notify_reloading(void)
{
    notify("RELOADING=1");
}

void
mv_daemon_notify_stopping(void)
{
    notify("STOPPING=1");
}
