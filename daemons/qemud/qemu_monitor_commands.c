/* Typed QMP commands over the monitor: run state, life cycle, version, KVM, machines, CPU models, QOM types, devices. */
#define MV_LOG_MODULE "qemu.monitor"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_monitor.h"

#include "qemu_monitor_json.h"
#include "util/log.h"

static int
run_simple(MvQemuMonitor *mon, const char *command, JsonObject *args)
{
    return mv_qemu_monitor_command_sync(mon, command, args, NULL, 0);
}

/* Runs command and hands its "return" over as an object (or an array). */
static int
run_for_object(MvQemuMonitor *mon, const char *command, JsonObject *args,
               JsonNode **ret_node, JsonObject **ret_obj)
{
    g_autoptr(JsonNode) node = NULL;

    if (mv_qemu_monitor_command_sync(mon, command, args, &node, 0) < 0)
        return -1;
    if (!mv_qemu_json_node_object(node)) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "QEMU of '%s' answered '%s' with no object",
                        mv_qemu_monitor_get_name(mon), command);
        return -1;
    }
    *ret_obj = mv_qemu_json_node_object(node);
    *ret_node = g_steal_pointer(&node);
    return 0;
}

static int
run_for_array(MvQemuMonitor *mon, const char *command, JsonObject *args,
              JsonNode **ret_node, JsonArray **ret_arr)
{
    g_autoptr(JsonNode) node = NULL;

    if (mv_qemu_monitor_command_sync(mon, command, args, &node, 0) < 0)
        return -1;
    if (!mv_qemu_json_node_array(node)) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "QEMU of '%s' answered '%s' with no array",
                        mv_qemu_monitor_get_name(mon), command);
        return -1;
    }
    *ret_arr = mv_qemu_json_node_array(node);
    *ret_node = g_steal_pointer(&node);
    return 0;
}

int
mv_qemu_monitor_query_status(MvQemuMonitor *mon, bool *ret_running, char **ret_status)
{
    g_autoptr(JsonNode) node = NULL;
    JsonObject *obj;
    const char *status;

    if (run_for_object(mon, "query-status", NULL, &node, &obj) < 0)
        return -1;
    status = mv_qemu_json_get_string(obj, "status");
    if (!status) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "QEMU of '%s' answered 'query-status' without a status",
                        mv_qemu_monitor_get_name(mon));
        return -1;
    }
    if (ret_running)
        *ret_running = mv_qemu_json_get_bool(obj, "running", false);
    if (ret_status)
        *ret_status = g_strdup(status);
    return 0;
}

int
mv_qemu_monitor_cont(MvQemuMonitor *mon)
{
    return run_simple(mon, "cont", NULL);
}

int
mv_qemu_monitor_stop(MvQemuMonitor *mon)
{
    return run_simple(mon, "stop", NULL);
}

int
mv_qemu_monitor_system_powerdown(MvQemuMonitor *mon)
{
    return run_simple(mon, "system_powerdown", NULL);
}

int
mv_qemu_monitor_system_reset(MvQemuMonitor *mon)
{
    return run_simple(mon, "system_reset", NULL);
}

int
mv_qemu_monitor_quit(MvQemuMonitor *mon)
{
    return run_simple(mon, "quit", NULL);
}

int
mv_qemu_monitor_query_version(MvQemuMonitor *mon, unsigned int *ret_major,
                              unsigned int *ret_minor, unsigned int *ret_micro,
                              char **ret_package)
{
    g_autoptr(JsonNode) node = NULL;
    JsonObject *obj;
    JsonObject *qemu;

    if (run_for_object(mon, "query-version", NULL, &node, &obj) < 0)
        return -1;
    qemu = mv_qemu_json_get_object(obj, "qemu");
    if (!qemu || mv_qemu_json_get_int(qemu, "major", -1) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "QEMU of '%s' answered 'query-version' without its version",
                        mv_qemu_monitor_get_name(mon));
        return -1;
    }
    *ret_major = (unsigned int) mv_qemu_json_get_int(qemu, "major", 0);
    *ret_minor = (unsigned int) mv_qemu_json_get_int(qemu, "minor", 0);
    *ret_micro = (unsigned int) mv_qemu_json_get_int(qemu, "micro", 0);
    if (ret_package)
        *ret_package = g_strdup(mv_qemu_json_get_string(obj, "package"));
    return 0;
}

int
mv_qemu_monitor_query_kvm(MvQemuMonitor *mon, bool *ret_enabled, bool *ret_present)
{
    g_autoptr(JsonNode) node = NULL;
    JsonObject *obj;

    if (run_for_object(mon, "query-kvm", NULL, &node, &obj) < 0)
        return -1;
    *ret_enabled = mv_qemu_json_get_bool(obj, "enabled", false);
    if (ret_present)
        *ret_present = mv_qemu_json_get_bool(obj, "present", false);
    return 0;
}

void
mv_qemu_machine_info_free(MvQemuMachineInfo *machine)
{
    if (!machine)
        return;
    g_free(machine->name);
    g_free(machine->alias);
    g_free(machine);
}

int
mv_qemu_monitor_query_machines(MvQemuMonitor *mon, GPtrArray **ret_machines)
{
    g_autoptr(JsonNode) node = NULL;
    g_autoptr(GPtrArray) machines = NULL;
    JsonArray *arr;

    if (run_for_array(mon, "query-machines", NULL, &node, &arr) < 0)
        return -1;
    machines = g_ptr_array_new_with_free_func((GDestroyNotify) mv_qemu_machine_info_free);
    for (guint i = 0; i < json_array_get_length(arr); i++) {
        JsonObject *obj = mv_qemu_json_node_object(json_array_get_element(arr, i));
        const char *name = mv_qemu_json_get_string(obj, "name");
        MvQemuMachineInfo *machine;

        if (!name) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "QEMU of '%s' listed machine %u without a name",
                            mv_qemu_monitor_get_name(mon), i);
            return -1;
        }
        machine = g_new0(MvQemuMachineInfo, 1);
        machine->name = g_strdup(name);
        machine->alias = g_strdup(mv_qemu_json_get_string(obj, "alias"));
        machine->is_default = mv_qemu_json_get_bool(obj, "is-default", false);
        machine->cpu_max = (unsigned int) mv_qemu_json_get_int(obj, "cpu-max", 1);
        machine->deprecated = mv_qemu_json_get_bool(obj, "deprecated", false);
        g_ptr_array_add(machines, machine);
    }
    *ret_machines = g_steal_pointer(&machines);
    return 0;
}

void
mv_qemu_cpu_model_info_free(MvQemuCpuModelInfo *model)
{
    if (!model)
        return;
    g_free(model->name);
    g_free(model);
}

int
mv_qemu_monitor_query_cpu_definitions(MvQemuMonitor *mon, GPtrArray **ret_models)
{
    g_autoptr(JsonNode) node = NULL;
    g_autoptr(GPtrArray) models = NULL;
    JsonArray *arr;

    if (run_for_array(mon, "query-cpu-definitions", NULL, &node, &arr) < 0)
        return -1;
    models = g_ptr_array_new_with_free_func((GDestroyNotify) mv_qemu_cpu_model_info_free);
    for (guint i = 0; i < json_array_get_length(arr); i++) {
        JsonObject *obj = mv_qemu_json_node_object(json_array_get_element(arr, i));
        const char *name = mv_qemu_json_get_string(obj, "name");
        JsonArray *missing = mv_qemu_json_get_array(obj, "unavailable-features");
        MvQemuCpuModelInfo *model;

        if (!name)
            continue;
        model = g_new0(MvQemuCpuModelInfo, 1);
        model->name = g_strdup(name);
        model->usable = !missing || json_array_get_length(missing) == 0;
        model->deprecated = mv_qemu_json_get_bool(obj, "deprecated", false);
        g_ptr_array_add(models, model);
    }
    *ret_models = g_steal_pointer(&models);
    return 0;
}

int
mv_qemu_monitor_qom_list_types(MvQemuMonitor *mon, const char *implements, GStrv *ret_names)
{
    g_autoptr(JsonObject) args = json_object_new();
    g_autoptr(JsonNode) node = NULL;
    g_autoptr(GStrvBuilder) names = g_strv_builder_new();
    JsonArray *arr;

    if (implements)
        json_object_set_string_member(args, "implements", implements);
    json_object_set_boolean_member(args, "abstract", FALSE);
    if (run_for_array(mon, "qom-list-types", args, &node, &arr) < 0)
        return -1;
    for (guint i = 0; i < json_array_get_length(arr); i++) {
        const char *name = mv_qemu_json_get_string(mv_qemu_json_node_object(json_array_get_element(arr, i)),
                                                   "name");

        if (name)
            g_strv_builder_add(names, name);
    }
    *ret_names = g_strv_builder_end(names);
    return 0;
}

int
mv_qemu_monitor_device_add(MvQemuMonitor *mon, JsonObject *props)
{
    if (!mv_qemu_json_get_string(props, "driver")) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "device_add for QEMU of '%s' needs a 'driver' property",
                        mv_qemu_monitor_get_name(mon));
        return -1;
    }
    return run_simple(mon, "device_add", props);
}

int
mv_qemu_monitor_device_del(MvQemuMonitor *mon, const char *id)
{
    g_autoptr(JsonObject) args = json_object_new();

    json_object_set_string_member(args, "id", id);
    return run_simple(mon, "device_del", args);
}

int
mv_qemu_monitor_query_chardev_pty(MvQemuMonitor *mon, const char *label, char **ret_path)
{
    g_autoptr(JsonNode) node = NULL;
    JsonArray *arr;

    if (run_for_array(mon, "query-chardev", NULL, &node, &arr) < 0)
        return -1;
    for (guint i = 0; i < json_array_get_length(arr); i++) {
        JsonObject *obj = mv_qemu_json_node_object(json_array_get_element(arr, i));
        const char *name = obj ? mv_qemu_json_get_string(obj, "label") : NULL;
        const char *filename = obj ? mv_qemu_json_get_string(obj, "filename") : NULL;

        if (g_strcmp0(name, label) != 0)
            continue;
        if (!filename || !g_str_has_prefix(filename, "pty:") || !filename[4]) {
            mv_report_error(VIR_ERR_OPERATION_FAILED,
                            "character device '%s' of '%s' is not using a PTY (QEMU says '%s')",
                            label, mv_qemu_monitor_get_name(mon), filename ? filename : "");
            return -1;
        }
        *ret_path = g_strdup(filename + 4);
        return 0;
    }
    mv_report_error(VIR_ERR_INTERNAL_ERROR, "QEMU of '%s' has no character device '%s'",
                    mv_qemu_monitor_get_name(mon), label);
    return -1;
}
