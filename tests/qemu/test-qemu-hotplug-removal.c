/* The removal QEMU's DEVICE_DELETED finishes, against the driver's objects in memory: never dropped while another call holds the guest's job. */
#define MV_LOG_MODULE "test.qemu.hotplug"
#define MV_FROM_THIS VIR_FROM_QEMU

#include <string.h>

#include "qemu_hotplug.h"
#include "testutil.h"
#include "util/error.h"

static const char domain_xml[] =
    "<domain type='qemu'>\n"
    "  <name>rm1</name>\n"
    "  <uuid>5d2c8e71-4b3a-4f6e-9d1c-7a8b9c0d1e2f</uuid>\n"
    "  <memory unit='KiB'>65536</memory>\n"
    "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n"
    "  <devices>\n"
    "    <interface type='user'>\n"
    "      <mac address='52:54:00:aa:00:11'/>\n"
    "      <model type='e1000'/>\n"
    "      <alias name='net0'/>\n"
    "    </interface>\n"
    "  </devices>\n"
    "</domain>\n";

static guint
live_nets(MvQemuDomainObj *obj)
{
    guint n;

    g_mutex_lock(&obj->lock);
    n = obj->live->nets->len;
    g_mutex_unlock(&obj->lock);
    return n;
}

/* DEVICE_DELETED while a call holds the job for longer than a job wait
 * (MV_QEMU_JOB_WAIT_MS): the removal still happens once the job is free
 * (the live definition and the status file lose the interface). */
static void
test_busy_job(void)
{
    g_autofree char *root = mv_test_root_new();
    g_autofree char *status = g_build_filename(root, "rm1.xml", NULL);
    g_autofree char *text = NULL;
    g_autoptr(MvQemuDomainStore) store = mv_qemu_domain_store_new();
    g_autoptr(MvQemuDomainObj) obj = NULL;
    g_autoptr(JsonObject) data = json_object_new();
    /* The registry the removal's device-removed event goes through (to nobody). */
    MvQemuDriver driver = { .run_dir = root, .store = store,
                            .events = mv_event_registry_new("domain") };
    MvDomainDef *def = mv_domain_def_parse_string(domain_xml, 0);
    gint64 deadline;
    guint64 run;

    g_assert_nonnull(def);
    obj = mv_qemu_domain_store_add(store, def, false, NULL, NULL);
    g_assert_nonnull(obj);
    g_mutex_lock(&obj->lock);
    obj->live = mv_domain_def_parse_string(domain_xml, 0);
    g_assert_nonnull(obj->live);
    obj->id = 1;
    obj->pid = 1;
    obj->state = VIR_DOMAIN_RUNNING;
    run = ++obj->run;
    g_assert_cmpint(mv_qemu_domain_obj_begin_job(obj, "test-busy"), ==, 0);
    g_mutex_unlock(&obj->lock);
    g_assert_cmpuint(live_nets(obj), ==, 1);

    json_object_set_string_member(data, "device", "net0");
    mv_qemu_hotplug_device_deleted(&driver, obj, run, data);
    /* Longer than one job wait: the removal must not give up. */
    g_usleep((MV_QEMU_JOB_WAIT_MS + 2000) * G_TIME_SPAN_MILLISECOND);
    g_assert_cmpuint(live_nets(obj), ==, 1);

    g_mutex_lock(&obj->lock);
    mv_qemu_domain_obj_end_job(obj);
    g_mutex_unlock(&obj->lock);
    deadline = g_get_monotonic_time() + (MV_QEMU_JOB_WAIT_MS + 5000) * G_TIME_SPAN_MILLISECOND;
    while (live_nets(obj) > 0 && g_get_monotonic_time() < deadline)
        g_usleep(50000);
    g_assert_cmpuint(live_nets(obj), ==, 0);
    g_assert_true(g_file_get_contents(status, &text, NULL, NULL));
    g_assert_null(strstr(text, "52:54:00:aa:00:11"));

    /* The removal thread's job is over. */
    g_mutex_lock(&obj->lock);
    g_assert_cmpint(mv_qemu_domain_obj_begin_job(obj, "test-after"), ==, 0);
    mv_qemu_domain_obj_end_job(obj);
    g_mutex_unlock(&obj->lock);
    mv_event_registry_free(driver.events);
    mv_test_root_remove(root);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemu-hotplug-removal/busy-job", test_busy_job);
    return g_test_run();
}
