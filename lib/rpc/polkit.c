/* polkit's answer over the system D-Bus: may this local process do this action? Bounded in time. */
#define MV_LOG_MODULE "rpc.polkit"
#define MV_FROM_THIS VIR_FROM_POLKIT

#include "polkit.h"

#include <gio/gio.h>
#include <string.h>

#include "util/error.h"
#include "util/log.h"

#define POLKIT_NAME "org.freedesktop.PolicyKit1"
#define POLKIT_PATH "/org/freedesktop/PolicyKit1/Authority"
#define POLKIT_INTERFACE "org.freedesktop.PolicyKit1.Authority"
/* CheckAuthorization's flags: polkit may ask the user through an agent. */
#define POLKIT_FLAG_ALLOW_USER_INTERACTION 1

/* The bus and polkitd's own troubles are D-Bus errors, not policy answers:
 * virsh retries a VIR_FROM_POLKIT denial, never these. */
#define report_dbus_error(code, ...) \
    mv_error_report_full(MV_LOG_MODULE, VIR_FROM_DBUS, (code), \
                         __FILE__, __func__, __LINE__, __VA_ARGS__)

int
mv_rpc_polkit_process_start_time(pid_t pid, guint64 *ret_start_time)
{
    g_autofree char *path = g_strdup_printf("/proc/%lld/stat", (long long) pid);
    g_autofree char *text = NULL;
    g_auto(GStrv) fields = NULL;
    g_autoptr(GError) error = NULL;
    const char *after_comm;
    guint64 start_time;

    if (!g_file_get_contents(path, &text, NULL, &error)) {
        mv_report_error(VIR_ERR_SYSTEM_ERROR, "cannot read the start time of process %lld: %s",
                        (long long) pid, error->message);
        return -1;
    }

    /* The command name (field 2) may hold spaces and parentheses: the
     * fields that follow start after its last ')', with field 3. */
    after_comm = strrchr(text, ')');
    fields = g_strsplit(after_comm ? after_comm + 1 : "", " ", 0);
    /* fields[0] is the empty string before field 3: field 22 is fields[20]. */
    if (g_strv_length(fields) <= 20 ||
        !g_ascii_string_to_unsigned(fields[20], 10, 0, G_MAXUINT64, &start_time, NULL)) {
        mv_report_error(VIR_ERR_SYSTEM_ERROR, "cannot read the start time of process %lld in '%s'",
                        (long long) pid, path);
        return -1;
    }
    *ret_start_time = start_time;
    return 0;
}

/* One check's asynchronous steps, run on a private main context in the
 * calling thread, all under one deadline. */
typedef struct {
    GMainContext *context;
    GCancellable *cancellable;
    GAsyncResult *result;       /* the step's, once it finished */
    bool timed_out;
} PolkitWait;

static void
on_step_done(GObject *source, GAsyncResult *res, gpointer data)
{
    PolkitWait *wait = data;

    wait->result = g_object_ref(res);
}

static gboolean
on_deadline(gpointer data)
{
    PolkitWait *wait = data;

    wait->timed_out = true;
    g_cancellable_cancel(wait->cancellable);
    return G_SOURCE_REMOVE;
}

/* Until the step started last calls on_step_done: the deadline cancels it,
 * which finishes it too. */
static GAsyncResult *
wait_step(PolkitWait *wait)
{
    while (!wait->result)
        g_main_context_iteration(wait->context, TRUE);
    return g_steal_pointer(&wait->result);
}

static GDBusConnection *
polkit_bus_connect(PolkitWait *wait, char **ret_address)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) res = NULL;
    g_autofree char *address = NULL;
    GDBusConnection *bus;

    if (!(address = g_dbus_address_get_for_bus_sync(G_BUS_TYPE_SYSTEM, NULL, &error))) {
        report_dbus_error(VIR_ERR_INTERNAL_ERROR, "polkit: no system bus address: %s",
                          error->message);
        return NULL;
    }

    /* A connection of its own: the shared one would end the daemon when
     * the bus goes away. */
    g_dbus_connection_new_for_address(address,
                                      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                      G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                      NULL, wait->cancellable, on_step_done, wait);
    res = wait_step(wait);
    if (!(bus = g_dbus_connection_new_for_address_finish(res, &error))) {
        if (wait->timed_out)
            report_dbus_error(VIR_ERR_INTERNAL_ERROR,
                              "polkit: the system bus at '%s' did not answer within %d seconds",
                              address, MV_RPC_POLKIT_TIMEOUT_MS / 1000);
        else
            report_dbus_error(VIR_ERR_INTERNAL_ERROR,
                              "polkit: cannot connect to the system bus at '%s': %s",
                              address, error->message);
        return NULL;
    }
    *ret_address = g_steal_pointer(&address);
    return bus;
}

/* Hangs up while the private context still runs, so that nothing GDBus
 * queued on it is left behind. */
static void
polkit_bus_close(PolkitWait *wait, GDBusConnection *bus)
{
    g_autoptr(GAsyncResult) res = NULL;

    g_dbus_connection_close(bus, NULL, on_step_done, wait);
    res = wait_step(wait);
    g_dbus_connection_close_finish(bus, res, NULL);
    while (g_main_context_pending(wait->context))
        g_main_context_iteration(wait->context, FALSE);
}

static GVariant *
polkit_subject(pid_t pid, guint64 start_time, uid_t uid)
{
    GVariantBuilder process;

    g_variant_builder_init(&process, G_VARIANT_TYPE("a{sv}"));
    g_variant_builder_add(&process, "{sv}", "pid", g_variant_new_uint32((guint32) pid));
    g_variant_builder_add(&process, "{sv}", "start-time", g_variant_new_uint64(start_time));
    g_variant_builder_add(&process, "{sv}", "uid", g_variant_new_int32((gint32) uid));
    return g_variant_new("(sa{sv})", "unix-process", &process);
}

static GVariant *
polkit_call(PolkitWait *wait, GDBusConnection *bus, const char *address, const char *action,
            GVariant *subject, bool allow_interaction)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) res = NULL;
    g_autofree char *remote = NULL;
    GVariant *reply;

    g_dbus_connection_call(bus, POLKIT_NAME, POLKIT_PATH, POLKIT_INTERFACE,
                           "CheckAuthorization",
                           g_variant_new("(@(sa{sv})sa{ss}us)", subject, action, NULL,
                                         allow_interaction ? POLKIT_FLAG_ALLOW_USER_INTERACTION : 0,
                                         ""),
                           G_VARIANT_TYPE("((bba{ss}))"), G_DBUS_CALL_FLAGS_NONE,
                           G_MAXINT, wait->cancellable, on_step_done, wait);
    res = wait_step(wait);
    if ((reply = g_dbus_connection_call_finish(bus, res, &error)))
        return reply;

    remote = g_dbus_error_get_remote_error(error);
    if (wait->timed_out) {
        report_dbus_error(VIR_ERR_DBUS_SERVICE,
                          "polkit (%s on the system bus at '%s') did not answer within %d seconds",
                          POLKIT_NAME, address, MV_RPC_POLKIT_TIMEOUT_MS / 1000);
    } else if (remote && (g_str_equal(remote, "org.freedesktop.DBus.Error.ServiceUnknown") ||
                          g_str_equal(remote, "org.freedesktop.DBus.Error.NameHasNoOwner"))) {
        report_dbus_error(VIR_ERR_DBUS_SERVICE,
                          "polkit is not running: %s has no owner on the system bus at '%s'",
                          POLKIT_NAME, address);
    } else {
        g_dbus_error_strip_remote_error(error);
        report_dbus_error(VIR_ERR_DBUS_SERVICE, "polkit: CheckAuthorization of '%s' failed: %s",
                          action, error->message);
    }
    return NULL;
}

/* polkit's answer as libvirt words it. */
static int
polkit_answer(GVariant *reply, const char *action, pid_t pid, uid_t uid)
{
    g_autoptr(GVariantIter) details = NULL;
    gboolean authorized = FALSE;
    gboolean challenge = FALSE;
    bool dismissed = false;
    const char *key;
    const char *value;

    g_variant_get(reply, "((bba{ss}))", &authorized, &challenge, &details);
    while (g_variant_iter_next(details, "{&s&s}", &key, &value))
        dismissed |= g_str_equal(key, "polkit.dismissed") && g_str_equal(value, "true");

    if (authorized) {
        MV_INFO("polkit allowed '%s' to pid %lld, uid %u", action, (long long) pid,
                (unsigned int) uid);
        return 0;
    }
    MV_INFO("polkit denied '%s' to pid %lld, uid %u%s", action, (long long) pid,
            (unsigned int) uid, challenge ? " (it wanted an authentication)" : "");
    if (dismissed)
        mv_report_error(VIR_ERR_AUTH_CANCELLED, "%s", "user cancelled authentication process");
    else if (challenge)
        mv_report_error(VIR_ERR_AUTH_UNAVAILABLE,
                        "no polkit agent available to authenticate action '%s'", action);
    else
        mv_report_error(VIR_ERR_AUTH_FAILED, "%s", "access denied by policy");
    return -1;
}

static int
polkit_check_on(PolkitWait *wait, const char *action, pid_t pid, guint64 start_time, uid_t uid,
                bool allow_interaction)
{
    g_autoptr(GDBusConnection) bus = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autofree char *address = NULL;

    if (!(bus = polkit_bus_connect(wait, &address)))
        return -1;

    MV_DEBUG("asking polkit on '%s' for '%s', pid %lld, uid %u", address, action,
             (long long) pid, (unsigned int) uid);
    reply = polkit_call(wait, bus, address, action, polkit_subject(pid, start_time, uid),
                        allow_interaction);
    polkit_bus_close(wait, bus);
    if (!reply)
        return -1;
    return polkit_answer(reply, action, pid, uid);
}

int
mv_rpc_polkit_check(const char *action, pid_t pid, guint64 start_time, uid_t uid,
                    bool allow_interaction)
{
    g_autoptr(GMainContext) context = g_main_context_new();
    g_autoptr(GCancellable) cancellable = g_cancellable_new();
    g_autoptr(GSource) deadline = g_timeout_source_new(MV_RPC_POLKIT_TIMEOUT_MS);
    PolkitWait wait = { .context = context, .cancellable = cancellable };
    int ret;

    g_main_context_push_thread_default(context);
    g_source_set_callback(deadline, on_deadline, &wait, NULL);
    g_source_attach(deadline, context);

    ret = polkit_check_on(&wait, action, pid, start_time, uid, allow_interaction);

    g_source_destroy(deadline);
    g_main_context_pop_thread_default(context);
    return ret;
}
