/* modvirt: the event command: wait for domain events and print them as they arrive; the event wait net-event shares. */
#include <signal.h>
#include <string.h>

#include "modvirt.h"

static const char *const event_names[] = {
    "Defined", "Undefined", "Started", "Suspended", "Resumed", "Stopped", "Shutdown",
    "PMSuspended", "Crashed",
};

/* Details, per event, in the order of the detail enums. */
static const char *const defined_details[] = { "Added", "Updated", "Renamed", "Snapshot" };
static const char *const undefined_details[] = { "Removed", "Renamed" };
static const char *const started_details[] = {
    "Booted", "Migrated", "Restored", "Snapshot", "Event wakeup",
};
static const char *const suspended_details[] = {
    "Paused", "Migrated", "I/O Error", "Watchdog", "Restored", "Snapshot", "API error",
    "Post-copy", "Post-copy Error",
};
static const char *const resumed_details[] = {
    "Unpaused", "Migrated", "Snapshot", "Post-copy", "Post-copy Error",
};
static const char *const stopped_details[] = {
    "Shutdown", "Destroyed", "Crashed", "Migrated", "Saved", "Failed", "Snapshot",
};
static const char *const shutdown_details[] = {
    "Finished", "Finished after guest request", "Finished after host request",
};
static const char *const pmsuspended_details[] = { "Memory", "Disk" };
static const char *const crashed_details[] = { "Panicked", "Crashloaded" };

static const struct {
    const char *const *names;
    size_t n;
} details[] = {
#define D(arr) { arr, G_N_ELEMENTS(arr) }
    D(defined_details), D(undefined_details), D(started_details), D(suspended_details),
    D(resumed_details), D(stopped_details), D(shutdown_details), D(pmsuspended_details),
    D(crashed_details),
#undef D
};

static const char *
event_string(int event)
{
    if (event < 0 || (size_t)event >= G_N_ELEMENTS(event_names))
        return "unknown";
    return event_names[event];
}

static const char *
detail_string(int event, int detail)
{
    if (event < 0 || (size_t)event >= G_N_ELEMENTS(details) ||
        detail < 0 || (size_t)detail >= details[event].n)
        return "unknown";
    return details[event].names[detail];
}

static volatile sig_atomic_t interrupted;

static void
on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

void
mvsh_event_print(MvshEventWait *wait, const char *msg)
{
    if (!wait->loop && wait->count)
        return;
    if (wait->timestamp) {
        g_autoptr(GDateTime) now = g_date_time_new_now_local();
        g_autofree char *stamp = g_date_time_format(now, "%Y-%m-%d %H:%M:%S.%f%z");

        /* %f is microseconds; virsh prints milliseconds. */
        mvsh_print(wait->ctl, "%.23s%s: %s", stamp, stamp + 26, msg);
    } else {
        mvsh_print(wait->ctl, "%s", msg);
    }
    fflush(stdout);
    wait->count++;
    if (!wait->loop)
        wait->done = true;
}

static int
on_lifecycle(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    g_autofree char *msg = g_strdup_printf("event 'lifecycle' for domain '%s': %s %s\n",
                                           virDomainGetName(dom), event_string(event),
                                           detail_string(event, detail));

    (void)conn;
    mvsh_event_print(opaque, msg);
    return 0;
}

static void
on_reboot(virConnectPtr conn, virDomainPtr dom, void *opaque)
{
    g_autofree char *msg = g_strdup_printf("event 'reboot' for domain '%s'\n",
                                           virDomainGetName(dom));

    (void)conn;
    mvsh_event_print(opaque, msg);
}

static void
on_device_removed(virConnectPtr conn, virDomainPtr dom, const char *alias, void *opaque)
{
    g_autofree char *msg = g_strdup_printf("event 'device-removed' for domain '%s': %s\n",
                                           virDomainGetName(dom), alias);

    (void)conn;
    mvsh_event_print(opaque, msg);
}

static const struct {
    const char *name;
    int id;
    virConnectDomainEventGenericCallback cb;
} event_types[] = {
    /* The registration takes any callback as the generic type, as in libvirt. */
    { "lifecycle", VIR_DOMAIN_EVENT_ID_LIFECYCLE,
      (virConnectDomainEventGenericCallback)(void (*)(void))on_lifecycle },
    { "reboot", VIR_DOMAIN_EVENT_ID_REBOOT, on_reboot },
    { "device-removed", VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
      (virConnectDomainEventGenericCallback)(void (*)(void))on_device_removed },
};

typedef struct {
    MvshEventWait *wait;
    gint64 deadline;   /* monotonic µs; 0 for none */
    bool timed_out;
} WaitTimer;

/* Polls for the end of the wait: the timeout, ^C, or a one-shot event seen. */
static void
on_tick(int timer, void *opaque)
{
    WaitTimer *t = opaque;

    (void)timer;
    if (t->deadline && g_get_monotonic_time() >= t->deadline) {
        t->timed_out = true;
        t->wait->done = true;
    }
}

int
mvsh_event_timeout(MvshControl *ctl, const MvshCmd *cmd, int *ret_timeout)
{
    int timeout = 0;

    if (mvsh_opt_int(ctl, cmd, "timeout", &timeout) < 0)
        return -1;
    if (timeout < 0 || timeout > G_MAXINT / 1000) {
        mvsh_error(ctl, "invalid timeout value '%d'", timeout);
        return -1;
    }
    *ret_timeout = timeout;
    return 0;
}

bool
mvsh_event_wait(MvshControl *ctl, MvshEventWait *wait, int timeout)
{
    WaitTimer timer = { wait, 0, false };
    struct sigaction sa = { 0 };
    struct sigaction old_sa;
    int tick;

    if (timeout)
        timer.deadline = g_get_monotonic_time() + (gint64)timeout * G_USEC_PER_SEC;
    if ((tick = virEventAddTimeout(100, on_tick, &timer, NULL)) < 0)
        return false;
    interrupted = 0;
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, &old_sa);
    while (!wait->done && !interrupted) {
        if (virEventRunDefaultImpl() < 0)
            break;
    }
    sigaction(SIGINT, &old_sa, NULL);
    virEventRemoveTimeout(tick);

    if (interrupted)
        mvsh_print(ctl, "%s", "event loop interrupted\n");
    else if (timer.timed_out)
        mvsh_print(ctl, "%s", "event loop timed out\n");
    mvsh_print(ctl, "events received: %d\n", wait->count);
    return wait->count > 0;
}

static bool
cmd_event(MvshControl *ctl, const MvshCmd *cmd)
{
    const char *event_name = mvsh_opt_string(cmd, "event");
    bool all = mvsh_opt_bool(cmd, "all");
    g_autoptr(virDomain) dom = NULL;
    MvshEventWait wait = {
        ctl, mvsh_opt_bool(cmd, "loop"), mvsh_opt_bool(cmd, "timestamp"), 0, false,
    };
    int ids[G_N_ELEMENTS(event_types)];
    int timeout = 0;
    bool ret = false;

    if (mvsh_opt_bool(cmd, "list")) {
        for (size_t i = 0; i < G_N_ELEMENTS(event_types); i++)
            mvsh_print(ctl, "%s\n", event_types[i].name);
        return true;
    }
    if (!event_name && !all) {
        mvsh_error(ctl, "%s", "one of --list, --all, or --event <type> is required");
        return false;
    }
    if (event_name && !all) {
        size_t i;

        for (i = 0; i < G_N_ELEMENTS(event_types); i++) {
            if (strcmp(event_types[i].name, event_name) == 0)
                break;
        }
        if (i == G_N_ELEMENTS(event_types)) {
            mvsh_error(ctl, "unknown event type %s", event_name);
            return false;
        }
    }
    if (mvsh_event_timeout(ctl, cmd, &timeout) < 0)
        return false;
    if (mvsh_opt_string(cmd, "domain") &&
        !(dom = mvsh_lookup_domain(ctl, mvsh_opt_string(cmd, "domain"))))
        return false;

    for (size_t i = 0; i < G_N_ELEMENTS(event_types); i++)
        ids[i] = -1;
    for (size_t i = 0; i < G_N_ELEMENTS(event_types); i++) {
        if (!all && strcmp(event_types[i].name, event_name) != 0)
            continue;
        ids[i] = virConnectDomainEventRegisterAny(ctl->conn, dom, event_types[i].id,
                                                  event_types[i].cb, &wait, NULL);
        if (ids[i] < 0)
            goto cleanup;
    }

    ret = mvsh_event_wait(ctl, &wait, timeout);

 cleanup:
    for (size_t i = 0; i < G_N_ELEMENTS(event_types); i++) {
        if (ids[i] >= 0 && virConnectDomainEventDeregisterAny(ctl->conn, ids[i]) < 0)
            ret = false;
    }
    return ret;
}

static const MvshOptDef opts_event[] = {
    { "domain", MVSH_OT_STRING, 0, "filter by domain name, id or uuid" },
    { "event", MVSH_OT_STRING, 0, "which event type to wait for" },
    { "all", MVSH_OT_BOOL, 0, "wait for all events instead of just one type" },
    { "loop", MVSH_OT_BOOL, 0, "loop until timeout or interrupt, rather than one-shot" },
    { "timeout", MVSH_OT_INT, 0, "timeout seconds" },
    { "list", MVSH_OT_BOOL, 0, "list valid event types" },
    { "timestamp", MVSH_OT_BOOL, 0, "show timestamp for each printed event" },
    { NULL, 0, 0, NULL },
};

const MvshCmdDef mvsh_domain_event_cmds[] = {
    { "event", "events", "Domain Events", "Wait for domain events and print each, or list the event types.",
      opts_event, cmd_event },
    { NULL, NULL, NULL, NULL, NULL, NULL },
};
