/* Tests of the QMP client against a real paused QEMU, and against a fake server on a socketpair for broken streams. */
#define MV_LOG_MODULE "test.qemu.monitor"
#define MV_FROM_THIS VIR_FROM_QEMU

#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "qemu_monitor.h"
#include "qemu_monitor_json.h"
#include "qemutest.h"
#include "testutil.h"
#include "util/error.h"

/* A short per-command timeout for the stuck-QEMU case. */
#define STUCK_TIMEOUT_MS 1000

typedef struct {
    MvQemuMonitorThread *thread;
    char *binary;
} Fixture;

static void
fixture_setup(Fixture *fx, gconstpointer data)
{
    fx->binary = mv_test_qemu_binary();
    fx->thread = mv_qemu_monitor_thread_new("test-monitor");
}

static void
fixture_teardown(Fixture *fx, gconstpointer data)
{
    mv_qemu_monitor_thread_free(fx->thread);
    g_free(fx->binary);
}

static MvQemuMonitor *
open_monitor(Fixture *fx, const char *name, MvTestQemu *qemu, MvTestEvents *events)
{
    MvQemuMonitorCallbacks cb = mv_test_events_callbacks(events);
    MvQemuMonitor *mon = mv_qemu_monitor_open(name, qemu->socket_path,
                                              mv_qemu_monitor_thread_get_context(fx->thread),
                                              &cb, MV_TEST_QEMU_TIMEOUT_MS);

    if (!mon)
        g_test_message("open failed: %s", mv_error_last_message());
    g_assert_nonnull(mon);
    return mon;
}

static void
assert_status(MvQemuMonitor *mon, bool running, const char *status)
{
    g_autofree char *got = NULL;
    bool got_running = !running;

    g_assert_cmpint(mv_qemu_monitor_query_status(mon, &got_running, &got), ==, 0);
    g_assert_cmpstr(got, ==, status);
    g_assert_cmpint(got_running, ==, running);
}

static void
test_lifecycle(Fixture *fx, gconstpointer data)
{
    g_autoptr(MvTestQemu) qemu = NULL;
    MvTestEvents *events;
    MvQemuMonitor *mon;
    unsigned int major, minor, micro;
    unsigned int gmajor, gminor, gmicro;
    g_autofree char *package = NULL;
    bool kvm_enabled = true;

    if (!fx->binary)
        return;
    qemu = mv_test_qemu_start(fx->binary, NULL);
    events = mv_test_events_new();
    mon = open_monitor(fx, "vm-lifecycle", qemu, events);

    mv_qemu_monitor_get_greeting_version(mon, &gmajor, &gminor, &gmicro);
    g_assert_cmpuint(gmajor, >=, 2);
    g_assert_cmpint(mv_qemu_monitor_query_version(mon, &major, &minor, &micro, &package), ==, 0);
    g_assert_cmpuint(major, ==, gmajor);
    g_assert_cmpuint(minor, ==, gminor);
    g_assert_cmpuint(micro, ==, gmicro);
    g_assert_nonnull(package);
    g_assert_cmpint(mv_qemu_monitor_query_kvm(mon, &kvm_enabled, NULL), ==, 0);
    g_assert_false(kvm_enabled);   /* started with -accel tcg */

    assert_status(mon, false, "prelaunch");
    g_assert_cmpint(mv_qemu_monitor_cont(mon), ==, 0);
    g_assert_true(mv_test_events_wait(events, "RESUME", MV_TEST_QEMU_TIMEOUT_MS));
    assert_status(mon, true, "running");

    g_assert_cmpint(mv_qemu_monitor_stop(mon), ==, 0);
    g_assert_true(mv_test_events_wait(events, "STOP", MV_TEST_QEMU_TIMEOUT_MS));
    assert_status(mon, false, "paused");

    mv_qemu_monitor_close(mon);
    mv_test_events_free(events);
}

static void
test_qmp_error(Fixture *fx, gconstpointer data)
{
    g_autoptr(MvTestQemu) qemu = NULL;
    MvTestEvents *events;
    MvQemuMonitor *mon;
    JsonNode *reply = NULL;

    if (!fx->binary)
        return;
    qemu = mv_test_qemu_start(fx->binary, NULL);
    events = mv_test_events_new();
    mon = open_monitor(fx, "vm-error", qemu, events);

    g_assert_cmpint(mv_qemu_monitor_command_sync(mon, "no-such-command", NULL, &reply, 0), ==, -1);
    g_assert_null(reply);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_FAILED);
    g_assert_nonnull(strstr(mv_error_last_message(), "CommandNotFound"));
    g_assert_nonnull(strstr(mv_error_last_message(), "'vm-error'"));
    g_assert_nonnull(strstr(mv_error_last_message(), "no-such-command"));

    /* A known command with a bad argument: QEMU's class and desc. */
    g_assert_cmpint(mv_qemu_monitor_device_del(mon, "no-such-device"), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_FAILED);
    g_assert_nonnull(strstr(mv_error_last_message(), "DeviceNotFound"));

    /* A name that is no QMP identifier never reaches QEMU. */
    g_assert_cmpint(mv_qemu_monitor_command_sync(mon, "bad\"name", NULL, NULL, 0), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INVALID_ARG);

    /* The monitor still works. */
    assert_status(mon, false, "prelaunch");
    mv_qemu_monitor_close(mon);
    mv_test_events_free(events);
}

/* Two commands sent back to back on the context, answered by id. */
typedef struct {
    MvQemuMonitor *mon;
    GMutex lock;
    GCond cond;
    int answered;
    bool version_ok;
    bool kvm_ok;
} InFlight;

static void
on_version_reply(MvQemuMonitor *mon, JsonNode *ret, const MvError *err, void *opaque)
{
    InFlight *fl = opaque;

    g_mutex_lock(&fl->lock);
    fl->version_ok = !err && mv_qemu_json_get_object(mv_qemu_json_node_object(ret), "qemu");
    fl->answered++;
    g_cond_signal(&fl->cond);
    g_mutex_unlock(&fl->lock);
}

static void
on_kvm_reply(MvQemuMonitor *mon, JsonNode *ret, const MvError *err, void *opaque)
{
    InFlight *fl = opaque;
    JsonObject *obj = mv_qemu_json_node_object(ret);

    g_mutex_lock(&fl->lock);
    fl->kvm_ok = !err && obj && json_object_has_member(obj, "enabled");
    fl->answered++;
    g_cond_signal(&fl->cond);
    g_mutex_unlock(&fl->lock);
}

static gboolean
send_two(gpointer data)
{
    InFlight *fl = data;

    mv_qemu_monitor_command_async(fl->mon, "query-version", NULL, 0, on_version_reply, fl);
    mv_qemu_monitor_command_async(fl->mon, "query-kvm", NULL, 0, on_kvm_reply, fl);
    return G_SOURCE_REMOVE;
}

typedef struct {
    MvQemuMonitor *mon;
    int ok;
} SyncThreadData;

static gpointer
sync_status_thread(gpointer data)
{
    SyncThreadData *td = data;

    for (int i = 0; i < 20; i++) {
        g_autofree char *status = NULL;

        if (mv_qemu_monitor_query_status(td->mon, NULL, &status) == 0 &&
            g_str_equal(status, "prelaunch"))
            td->ok++;
    }
    return NULL;
}

static void
test_in_flight(Fixture *fx, gconstpointer data)
{
    g_autoptr(MvTestQemu) qemu = NULL;
    g_autoptr(GSource) source = NULL;
    SyncThreadData td[3] = { 0 };
    GThread *threads[3];
    MvTestEvents *events;
    InFlight fl = { 0 };
    gint64 deadline;

    if (!fx->binary)
        return;
    qemu = mv_test_qemu_start(fx->binary, NULL);
    events = mv_test_events_new();
    fl.mon = open_monitor(fx, "vm-inflight", qemu, events);
    g_mutex_init(&fl.lock);
    g_cond_init(&fl.cond);

    source = g_idle_source_new();
    g_source_set_callback(source, send_two, &fl, NULL);
    g_source_attach(source, mv_qemu_monitor_thread_get_context(fx->thread));
    deadline = g_get_monotonic_time() + MV_TEST_QEMU_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
    g_mutex_lock(&fl.lock);
    while (fl.answered < 2 && g_cond_wait_until(&fl.cond, &fl.lock, deadline))
        ;
    g_mutex_unlock(&fl.lock);
    g_assert_cmpint(fl.answered, ==, 2);
    g_assert_true(fl.version_ok);
    g_assert_true(fl.kvm_ok);

    /* Worker threads sharing one monitor each get their own reply. */
    for (int i = 0; i < 3; i++) {
        td[i].mon = fl.mon;
        threads[i] = g_thread_new("status", sync_status_thread, &td[i]);
    }
    for (int i = 0; i < 3; i++) {
        g_thread_join(threads[i]);
        g_assert_cmpint(td[i].ok, ==, 20);
    }

    mv_qemu_monitor_close(fl.mon);
    mv_test_events_free(events);
    g_mutex_clear(&fl.lock);
    g_cond_clear(&fl.cond);
}

typedef struct {
    MvQemuMonitor *mon;
    int rc;
    int code;
    char *message;
} StuckCall;

static gpointer
stuck_call_thread(gpointer data)
{
    StuckCall *call = data;

    call->rc = mv_qemu_monitor_command_sync(call->mon, "query-status", NULL, NULL, STUCK_TIMEOUT_MS);
    call->code = mv_error_last_code();
    call->message = g_strdup(mv_error_last_message());
    return NULL;
}

static void
test_stuck_qemu(Fixture *fx, gconstpointer data)
{
    g_autoptr(MvTestQemu) stuck = NULL;
    g_autoptr(MvTestQemu) healthy = NULL;
    MvTestEvents *stuck_events;
    MvTestEvents *healthy_events;
    MvQemuMonitor *stuck_mon;
    MvQemuMonitor *healthy_mon;
    StuckCall call = { 0 };
    GThread *thread;

    if (!fx->binary)
        return;
    stuck = mv_test_qemu_start(fx->binary, NULL);
    healthy = mv_test_qemu_start(fx->binary, NULL);
    stuck_events = mv_test_events_new();
    healthy_events = mv_test_events_new();
    stuck_mon = open_monitor(fx, "vm-stuck", stuck, stuck_events);
    healthy_mon = open_monitor(fx, "vm-healthy", healthy, healthy_events);

    g_assert_cmpint(kill(stuck->pid, SIGSTOP), ==, 0);
    call.mon = stuck_mon;
    thread = g_thread_new("stuck", stuck_call_thread, &call);
    /* While that command waits on the same monitor thread, the other
     * guest's monitor answers. */
    assert_status(healthy_mon, false, "prelaunch");
    g_thread_join(thread);

    g_assert_cmpint(call.rc, ==, -1);
    g_assert_cmpint(call.code, ==, VIR_ERR_OPERATION_TIMEOUT);
    g_assert_nonnull(strstr(call.message, "'vm-stuck'"));
    g_assert_nonnull(strstr(call.message, "did not answer 'query-status'"));
    assert_status(healthy_mon, false, "prelaunch");

    /* Resumed, the late reply is dropped and new commands work. */
    g_assert_cmpint(kill(stuck->pid, SIGCONT), ==, 0);
    assert_status(stuck_mon, false, "prelaunch");

    mv_qemu_monitor_close(stuck_mon);
    mv_qemu_monitor_close(healthy_mon);
    mv_test_events_free(stuck_events);
    mv_test_events_free(healthy_events);
    g_free(call.message);
}

static void
test_eof(Fixture *fx, gconstpointer data)
{
    g_autoptr(MvTestQemu) qemu = NULL;
    MvTestEvents *events;
    MvQemuMonitor *mon;
    bool error = true;
    int status;

    if (!fx->binary)
        return;
    qemu = mv_test_qemu_start(fx->binary, NULL);
    events = mv_test_events_new();
    mon = open_monitor(fx, "vm-eof", qemu, events);

    /* quit's reply may or may not beat the hangup; both are fine. */
    mv_qemu_monitor_quit(mon);
    g_assert_true(mv_test_events_wait_eof(events, MV_TEST_QEMU_TIMEOUT_MS, &error));
    g_assert_false(error);
    g_assert_true(mv_test_wait_exit(qemu->pid, MV_TEST_QEMU_TIMEOUT_MS, &status));
    qemu->pid = 0;

    g_assert_cmpint(mv_qemu_monitor_command_sync(mon, "query-status", NULL, NULL, 0), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_INVALID);
    g_assert_nonnull(strstr(mv_error_last_message(), "closed"));

    mv_qemu_monitor_close(mon);
    mv_test_events_free(events);
}

static void
test_connect_timeout(Fixture *fx, gconstpointer data)
{
    g_autofree char *dir = mv_test_root_new();
    g_autofree char *path = g_build_filename(dir, "nobody.sock", NULL);

    g_assert_null(mv_qemu_monitor_open("vm-absent", path,
                                       mv_qemu_monitor_thread_get_context(fx->thread),
                                       NULL, 200));
    g_assert_nonnull(strstr(mv_error_last_message(), "cannot connect"));
    g_assert_nonnull(strstr(mv_error_last_message(), path));
    mv_test_root_remove(dir);
}

/* The fake QMP server (a real QEMU cannot be made to send garbage): a
 * thread on one end of a socketpair answering a script. */
typedef struct {
    int fd;
    const char *before_greeting;    /* sent instead of the greeting when set */
    const char *after_command;      /* sent in answer to the first command after negotiation */
} FakeServer;

static char *
fake_read_line(int fd)
{
    GString *line = g_string_new(NULL);
    char c;

    while (read(fd, &c, 1) == 1) {
        if (c == '\n')
            return g_string_free(line, FALSE);
        g_string_append_c(line, c);
    }
    g_string_free(line, TRUE);
    return NULL;
}

static void
fake_write(int fd, const char *text)
{
    size_t len = strlen(text);

    g_assert_cmpint(write(fd, text, len), ==, (ssize_t) len);
}

static char *
fake_request_id(const char *line)
{
    g_autoptr(JsonParser) parser = json_parser_new();

    g_assert_true(json_parser_load_from_data(parser, line, -1, NULL));
    return g_strdup(mv_qemu_json_get_string(mv_qemu_json_node_object(json_parser_get_root(parser)), "id"));
}

static gpointer
fake_server_thread(gpointer data)
{
    FakeServer *fake = data;
    g_autofree char *line = NULL;
    g_autofree char *id = NULL;
    g_autofree char *reply = NULL;

    if (fake->before_greeting) {
        fake_write(fake->fd, fake->before_greeting);
        return NULL;
    }
    /* A greeting split across writes. */
    fake_write(fake->fd, "{\"QMP\": {\"version\": {\"qemu\": {\"major\": 7, ");
    fake_write(fake->fd, "\"minor\": 2, \"micro\": 0}}, \"capabilities\": []}}\r\n");
    line = fake_read_line(fake->fd);
    g_assert_nonnull(line);
    id = fake_request_id(line);
    /* Mistyped and unknown messages are logged and skipped. */
    fake_write(fake->fd, "{\"event\": 5}\r\n{\"surprise\": true}\r\n{\"return\": {}, \"id\": [1]}\r\n");
    reply = g_strdup_printf("{\"return\": {}, \"id\": \"%s\"}\r\n", id);
    fake_write(fake->fd, reply);

    g_free(g_steal_pointer(&line));
    line = fake_read_line(fake->fd);
    if (line)
        fake_write(fake->fd, fake->after_command);
    return NULL;
}

static MvQemuMonitor *
open_fake(Fixture *fx, FakeServer *fake, MvTestEvents *events, GThread **ret_thread)
{
    MvQemuMonitorCallbacks cb = mv_test_events_callbacks(events);
    int sv[2];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), ==, 0);
    fake->fd = sv[1];
    *ret_thread = g_thread_new("fake-qmp", fake_server_thread, fake);
    return mv_qemu_monitor_open_fd("vm-fake", sv[0], mv_qemu_monitor_thread_get_context(fx->thread),
                                   &cb, MV_TEST_QEMU_TIMEOUT_MS);
}

static void
test_fake_malformed(Fixture *fx, gconstpointer data)
{
    static const char *const garbage[] = {
        "{\"return\": {,,,}\r\n",
        "[1, 2, 3]\r\n",
        "\"just a string\"\r\n",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(garbage); i++) {
        FakeServer fake = { .after_command = garbage[i] };
        MvTestEvents *events = mv_test_events_new();
        GThread *thread;
        MvQemuMonitor *mon = open_fake(fx, &fake, events, &thread);
        bool error = false;

        g_assert_nonnull(mon);
        g_assert_cmpint(mv_qemu_monitor_command_sync(mon, "query-status", NULL, NULL, 0), ==, -1);
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INTERNAL_ERROR);
        g_assert_nonnull(strstr(mv_error_last_message(), "'vm-fake'"));
        g_assert_true(mv_test_events_wait_eof(events, MV_TEST_QEMU_TIMEOUT_MS, &error));
        g_assert_true(error);

        g_thread_join(thread);
        close(fake.fd);
        mv_qemu_monitor_close(mon);
        mv_test_events_free(events);
    }
}

static void
test_fake_bad_greeting(Fixture *fx, gconstpointer data)
{
    FakeServer fake = { .before_greeting = "this is not QMP\r\n" };
    MvTestEvents *events = mv_test_events_new();
    GThread *thread;

    g_assert_null(open_fake(fx, &fake, events, &thread));
    g_assert_nonnull(strstr(mv_error_last_message(), "cannot parse"));
    g_thread_join(thread);
    close(fake.fd);
    mv_test_events_free(events);
}

static void
test_fake_silent(Fixture *fx, gconstpointer data)
{
    /* A peer that never greets: the open times out instead of hanging. */
    MvTestEvents *events = mv_test_events_new();
    MvQemuMonitorCallbacks cb = mv_test_events_callbacks(events);
    int sv[2];

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), ==, 0);
    g_assert_null(mv_qemu_monitor_open_fd("vm-silent", sv[0],
                                          mv_qemu_monitor_thread_get_context(fx->thread),
                                          &cb, 300));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_TIMEOUT);
    g_assert_nonnull(strstr(mv_error_last_message(), "qmp_capabilities"));
    close(sv[1]);
    mv_test_events_free(events);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/qemu/monitor/lifecycle", test_lifecycle);
    ADD("/qemu/monitor/qmp-error", test_qmp_error);
    ADD("/qemu/monitor/in-flight", test_in_flight);
    ADD("/qemu/monitor/stuck-qemu", test_stuck_qemu);
    ADD("/qemu/monitor/eof", test_eof);
    ADD("/qemu/monitor/connect-timeout", test_connect_timeout);
    ADD("/qemu/monitor/fake-malformed", test_fake_malformed);
    ADD("/qemu/monitor/fake-bad-greeting", test_fake_bad_greeting);
    ADD("/qemu/monitor/fake-silent", test_fake_silent);
#undef ADD
    return g_test_run();
}
