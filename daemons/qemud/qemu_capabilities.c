/* What a qemu-system-* binary can do: probed once over QMP, cached on disk per binary, looked up by the driver. */
#define MV_LOG_MODULE "qemu.capabilities"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_capabilities.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "modvirt-config.h"
#include "qemu_monitor_json.h"
#include "util/command.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

/* Bumped whenever the cache file gains members a lookup relies on. */
#define CACHE_FORMAT 2
/* A cache file larger than this is not ours. */
#define CACHE_FILE_MAX (16 * 1024 * 1024)
/* How long QEMU gets to exit after 'quit' before SIGKILL. */
#define QUIT_WAIT_MS 5000
#define POLL_US (20 * 1000)

/* What the cached data depends on besides the binary's bytes. */
typedef struct {
    gint64 size;
    gint64 mtime_ns;
    gint64 ctime_ns;
    bool kvm_access;
} BinaryStamp;

struct _MvQemuCaps {
    gint refs;
    char *binary;
    char *arch;
    BinaryStamp stamp;
    bool from_cache;

    unsigned int version;
    char *package;
    bool kvm;
    GPtrArray *machines;        /* MvQemuMachineInfo * */
    GPtrArray *cpu_models;      /* MvQemuCpuModelInfo * */
    GPtrArray *cpu_models_tcg;  /* the same under TCG; cpu_models when !kvm */
    GStrv devices;              /* sorted */
    GStrv types;                /* every non-abstract QOM type, sorted */
    GStrv commands;             /* QMP command names, sorted */
    GStrv display_types;        /* -display backends (DisplayType), sorted */
};

struct _MvQemuCapsCache {
    GMutex lock;
    char *cache_dir;
    char *probe_dir;
    GHashTable *entries;        /* binary -> MvQemuCaps * */
};

/* Binary name suffixes and the architecture names libvirt gives them. */
static const struct {
    const char *suffix;
    const char *arch;
} arch_names[] = {
    { "x86_64", "x86_64" },
    { "i386", "i686" },
    { "aarch64", "aarch64" },
    { "arm", "armv7l" },
    { "ppc64", "ppc64" },
    { "riscv64", "riscv64" },
    { "s390x", "s390x" },
};

static MvQemuCaps *
caps_new(const char *binary)
{
    MvQemuCaps *caps = g_new0(MvQemuCaps, 1);

    caps->refs = 1;
    caps->binary = g_strdup(binary);
    caps->machines = g_ptr_array_new_with_free_func((GDestroyNotify) mv_qemu_machine_info_free);
    caps->cpu_models = g_ptr_array_new_with_free_func((GDestroyNotify) mv_qemu_cpu_model_info_free);
    caps->cpu_models_tcg = g_ptr_array_new_with_free_func((GDestroyNotify) mv_qemu_cpu_model_info_free);
    return caps;
}

MvQemuCaps *
mv_qemu_caps_ref(MvQemuCaps *caps)
{
    g_atomic_int_inc(&caps->refs);
    return caps;
}

void
mv_qemu_caps_unref(MvQemuCaps *caps)
{
    if (!caps || !g_atomic_int_dec_and_test(&caps->refs))
        return;
    g_free(caps->binary);
    g_free(caps->arch);
    g_free(caps->package);
    g_ptr_array_unref(caps->machines);
    g_ptr_array_unref(caps->cpu_models);
    g_ptr_array_unref(caps->cpu_models_tcg);
    g_strfreev(caps->devices);
    g_strfreev(caps->types);
    g_strfreev(caps->commands);
    g_strfreev(caps->display_types);
    g_free(caps);
}

static char *
arch_for_binary(const char *binary)
{
    g_autofree char *base = g_path_get_basename(binary);
    struct utsname uts;

    if (g_str_has_prefix(base, "qemu-system-")) {
        const char *suffix = base + strlen("qemu-system-");

        for (size_t i = 0; i < G_N_ELEMENTS(arch_names); i++) {
            if (strcmp(suffix, arch_names[i].suffix) == 0)
                return g_strdup(arch_names[i].arch);
        }
        return g_strdup(suffix);
    }
    /* qemu-kvm emulates the host. */
    if (uname(&uts) == 0)
        return g_strdup(uts.machine);
    return g_strdup("x86_64");
}

static int
stamp_binary(const char *binary, BinaryStamp *ret_stamp)
{
    struct stat st;

    if (stat(binary, &st) < 0) {
        mv_report_system_error(errno, "cannot probe QEMU binary '%s'", binary);
        return -1;
    }
    if (!S_ISREG(st.st_mode) || access(binary, X_OK) < 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "QEMU binary '%s' is not an executable file", binary);
        return -1;
    }
    ret_stamp->size = st.st_size;
    ret_stamp->mtime_ns = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    ret_stamp->ctime_ns = (gint64) st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec;
    ret_stamp->kvm_access = access("/dev/kvm", R_OK | W_OK) == 0;
    return 0;
}

static bool
stamp_equal(const BinaryStamp *a, const BinaryStamp *b)
{
    return a->size == b->size && a->mtime_ns == b->mtime_ns &&
           a->ctime_ns == b->ctime_ns && a->kvm_access == b->kvm_access;
}

static int
compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static void
sort_strv(GStrv strv)
{
    if (strv)
        qsort(strv, g_strv_length(strv), sizeof(char *), compare_strings);
}

static bool
strv_has(const GStrv strv, const char *name)
{
    return strv && bsearch(&name, strv, g_strv_length(strv), sizeof(char *), compare_strings);
}

static void
copy_cpu_models(GPtrArray *to, const GPtrArray *from)
{
    for (guint i = 0; i < from->len; i++) {
        const MvQemuCpuModelInfo *m = g_ptr_array_index(from, i);
        MvQemuCpuModelInfo *copy = g_new0(MvQemuCpuModelInfo, 1);

        copy->name = g_strdup(m->name);
        copy->usable = m->usable;
        copy->deprecated = m->deprecated;
        g_ptr_array_add(to, copy);
    }
}

/* Probing */

/* Waits for QEMU to create its QMP socket, noticing if it exits first. */
static int
wait_for_socket(const char *binary, pid_t pid, const char *socket_path, gint64 deadline)
{
    for (;;) {
        int status;
        pid_t done;

        if (g_file_test(socket_path, G_FILE_TEST_EXISTS))
            return 0;
        done = waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "QEMU binary '%s' exited with status %d while being probed (its messages are in the daemon's log)",
                            binary, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
            return 1;
        }
        if (g_get_monotonic_time() >= deadline) {
            mv_report_error(VIR_ERR_OPERATION_TIMEOUT,
                            "QEMU binary '%s' did not create its monitor socket within %d ms",
                            binary, MV_QEMU_CAPS_PROBE_TIMEOUT_MS);
            return -1;
        }
        g_usleep(POLL_US);
    }
}

/* Waits up to QUIT_WAIT_MS for pid to exit, then kills it; always reaps. */
static void
reap_qemu(const char *binary, pid_t pid)
{
    gint64 deadline = g_get_monotonic_time() + QUIT_WAIT_MS * G_TIME_SPAN_MILLISECOND;
    int status;

    while (g_get_monotonic_time() < deadline) {
        pid_t done = waitpid(pid, &status, WNOHANG);

        if (done == pid || (done < 0 && errno != EINTR))
            return;
        g_usleep(POLL_US);
    }
    MV_WARN("QEMU binary '%s' (pid %d) did not exit after quit, killing it", binary, (int) pid);
    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
}

static unsigned int
remaining_ms(gint64 deadline)
{
    gint64 left = (deadline - g_get_monotonic_time()) / G_TIME_SPAN_MILLISECOND;

    return (unsigned int) MAX(left, 1);
}

/* Schema entries are keyed by name: types have masked names ("123"),
 * commands keep theirs. */
static JsonObject *
schema_entry(GHashTable *entries, const char *name)
{
    return name ? g_hash_table_lookup(entries, name) : NULL;
}

/* From query-qmp-schema: every command's name, and the values of
 * DisplayType, found as the type of the member 'type' of what
 * query-display-options returns (its name is masked in the schema). */
static int
probe_schema(MvQemuCaps *caps, MvQemuMonitor *mon)
{
    g_autoptr(JsonNode) reply = NULL;
    g_autoptr(GHashTable) entries = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GStrvBuilder) commands = g_strv_builder_new();
    g_autoptr(GStrvBuilder) displays = g_strv_builder_new();
    JsonArray *arr;
    JsonObject *cmd;
    JsonObject *ret;
    JsonArray *members;
    JsonObject *display_enum = NULL;

    if (mv_qemu_monitor_command_sync(mon, "query-qmp-schema", NULL, &reply, 0) < 0)
        return -1;
    arr = mv_qemu_json_node_array(reply);
    for (guint i = 0; arr && i < json_array_get_length(arr); i++) {
        JsonObject *e = mv_qemu_json_node_object(json_array_get_element(arr, i));
        const char *name = mv_qemu_json_get_string(e, "name");

        if (!name)
            continue;
        g_hash_table_insert(entries, (gpointer) name, e);
        if (g_strcmp0(mv_qemu_json_get_string(e, "meta-type"), "command") == 0)
            g_strv_builder_add(commands, name);
    }

    cmd = schema_entry(entries, "query-display-options");
    ret = schema_entry(entries, mv_qemu_json_get_string(cmd, "ret-type"));
    members = mv_qemu_json_get_array(ret, "members");
    for (guint i = 0; members && i < json_array_get_length(members); i++) {
        JsonObject *m = mv_qemu_json_node_object(json_array_get_element(members, i));

        if (g_strcmp0(mv_qemu_json_get_string(m, "name"), "type") == 0)
            display_enum = schema_entry(entries, mv_qemu_json_get_string(m, "type"));
    }
    /* An enum lists "values" (older QEMUs) or "members" (newer ones). */
    arr = mv_qemu_json_get_array(display_enum, "values");
    for (guint i = 0; arr && i < json_array_get_length(arr); i++) {
        const char *value = mv_qemu_json_array_get_string(arr, i);

        if (value)
            g_strv_builder_add(displays, value);
    }
    members = arr ? NULL : mv_qemu_json_get_array(display_enum, "members");
    for (guint i = 0; members && i < json_array_get_length(members); i++) {
        const char *value = mv_qemu_json_get_string(
            mv_qemu_json_node_object(json_array_get_element(members, i)), "name");

        if (value)
            g_strv_builder_add(displays, value);
    }

    caps->commands = g_strv_builder_end(commands);
    caps->display_types = g_strv_builder_end(displays);
    sort_strv(caps->commands);
    sort_strv(caps->display_types);
    return 0;
}

/* The full set of queries, or (tcg_pass) only the CPU models again from
 * a QEMU that runs TCG: their usability depends on the accelerator. */
static int
probe_queries(MvQemuCaps *caps, MvQemuMonitor *mon, bool tcg_pass)
{
    unsigned int major, minor, micro;
    g_autoptr(GPtrArray) machines = NULL;
    g_autoptr(GPtrArray) models = NULL;

    if (tcg_pass) {
        if (mv_qemu_monitor_query_cpu_definitions(mon, &models) < 0)
            return -1;
        g_ptr_array_extend_and_steal(caps->cpu_models_tcg, g_steal_pointer(&models));
        return 0;
    }

    if (mv_qemu_monitor_query_version(mon, &major, &minor, &micro, &caps->package) < 0 ||
        mv_qemu_monitor_query_kvm(mon, &caps->kvm, NULL) < 0 ||
        mv_qemu_monitor_query_machines(mon, &machines) < 0 ||
        mv_qemu_monitor_query_cpu_definitions(mon, &models) < 0 ||
        mv_qemu_monitor_qom_list_types(mon, "device", &caps->devices) < 0 ||
        mv_qemu_monitor_qom_list_types(mon, NULL, &caps->types) < 0 ||
        probe_schema(caps, mon) < 0)
        return -1;

    caps->version = major * 1000000 + minor * 1000 + micro;
    if (!caps->package)
        caps->package = g_strdup("");
    g_ptr_array_extend_and_steal(caps->machines, g_steal_pointer(&machines));
    g_ptr_array_extend_and_steal(caps->cpu_models, g_steal_pointer(&models));
    sort_strv(caps->devices);
    sort_strv(caps->types);
    return 0;
}

/* Talks to a QEMU just started; *ret_reaped tells whether it exited
 * (and was reaped) before its socket appeared. */
static int
probe_running_qemu(MvQemuCaps *caps, const char *binary, pid_t pid,
                   const char *socket_path, gint64 deadline, bool tcg_pass, bool *ret_reaped)
{
    g_autoptr(MvQemuMonitorThread) thread = NULL;
    g_autoptr(MvError) err = NULL;
    MvQemuMonitor *mon;
    int rc;

    rc = wait_for_socket(binary, pid, socket_path, deadline);
    if (rc != 0) {
        *ret_reaped = rc > 0;
        return -1;
    }

    thread = mv_qemu_monitor_thread_new("qemu-probe");
    mon = mv_qemu_monitor_open(binary, socket_path, mv_qemu_monitor_thread_get_context(thread),
                               NULL, remaining_ms(deadline));
    if (!mon)
        return -1;
    mv_qemu_monitor_set_default_timeout(mon, remaining_ms(deadline));
    rc = probe_queries(caps, mon, tcg_pass);

    err = mv_error_save();
    /* quit's reply may lose the race with QEMU closing the socket. */
    mv_qemu_monitor_set_default_timeout(mon, QUIT_WAIT_MS);
    if (mv_qemu_monitor_quit(mon) < 0)
        MV_DEBUG("quit of '%s': %s", binary, mv_error_last_message());
    mv_qemu_monitor_close(mon);
    mv_error_restore(g_steal_pointer(&err));
    return rc;
}

/* Starts the binary paused with no machine (KVM if it can, else TCG; TCG
 * only for tcg_pass), asks it over QMP, makes it quit. */
static int
probe_once(MvQemuCaps *caps, const char *binary, const char *probe_dir, gint64 deadline,
           bool tcg_pass)
{
    g_autoptr(MvCommand) cmd = NULL;
    g_autoptr(MvError) err = NULL;
    g_autofree char *tmpdir = NULL;
    g_autofree char *socket_path = NULL;
    bool reaped = false;
    pid_t pid;
    int rc;

    if (mv_file_mkdir_p(probe_dir, 0755) < 0)
        return -1;
    tmpdir = g_build_filename(probe_dir, "probe-XXXXXX", NULL);
    if (!g_mkdtemp_full(tmpdir, 0700)) {
        mv_report_system_error(errno, "cannot create a directory in '%s' to probe '%s'",
                               probe_dir, binary);
        return -1;
    }
    socket_path = g_build_filename(tmpdir, "qmp.sock", NULL);

    cmd = mv_command_new(binary);
    mv_command_add_args(cmd, "-S", "-no-user-config", "-nodefaults", "-nographic",
                        "-machine", "none", NULL);
    if (tcg_pass)
        mv_command_add_args(cmd, "-accel", "tcg", NULL);
    else
        mv_command_add_args(cmd, "-accel", "kvm", "-accel", "tcg", NULL);
    mv_command_add_arg(cmd, "-qmp");
    mv_command_add_arg_format(cmd, "unix:%s,server=on,wait=off", socket_path);
    mv_command_set_cwd(cmd, tmpdir);
    mv_command_set_env(cmd, "HOME", tmpdir);

    MV_INFO("probing the capabilities of QEMU binary '%s'%s", binary,
            tcg_pass ? " under TCG" : "");
    if (mv_command_spawn(cmd, &pid) < 0) {
        mv_file_remove_tree(tmpdir);
        return -1;
    }
    rc = probe_running_qemu(caps, binary, pid, socket_path, deadline, tcg_pass, &reaped);

    err = mv_error_save();
    if (!reaped)
        reap_qemu(binary, pid);
    if (mv_file_remove_tree(tmpdir) < 0)
        MV_WARN("cannot remove probe directory '%s'", tmpdir);
    mv_error_restore(g_steal_pointer(&err));
    return rc;
}

/* One probe, and a second one under TCG when the first got KVM: which
 * CPU models are usable differs between the two (libvirt asks both too). */
static MvQemuCaps *
caps_probe(const char *binary, const BinaryStamp *stamp, const char *probe_dir)
{
    gint64 deadline = g_get_monotonic_time() + MV_QEMU_CAPS_PROBE_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
    g_autoptr(MvQemuCaps) caps = caps_new(binary);

    if (probe_once(caps, binary, probe_dir, deadline, false) < 0)
        return NULL;
    /* A binary that cannot run TCG alone (its accelerator module missing)
     * is still usable with KVM: its TCG list is then the KVM one. */
    if (caps->kvm && probe_once(caps, binary, probe_dir, deadline, true) < 0) {
        MV_WARN("QEMU binary '%s' under TCG: %s; taking KVM's CPU models for TCG",
                binary, mv_error_last_message());
        mv_error_reset();
        g_ptr_array_set_size(caps->cpu_models_tcg, 0);
    }
    if (caps->cpu_models_tcg->len == 0)
        copy_cpu_models(caps->cpu_models_tcg, caps->cpu_models);

    caps->arch = arch_for_binary(binary);
    caps->stamp = *stamp;
    MV_INFO("QEMU binary '%s': version %u, KVM %s, %u machines, %u CPU models, %u device types",
            binary, caps->version, caps->kvm ? "usable" : "not usable",
            caps->machines->len, caps->cpu_models->len, g_strv_length(caps->devices));
    return g_steal_pointer(&caps);
}

/* The cache file */

static char *
cache_file_path(const char *cache_dir, const char *binary)
{
    g_autofree char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, binary, -1);
    g_autofree char *name = g_strconcat(hash, ".json", NULL);

    return g_build_filename(cache_dir, name, NULL);
}

static void
cpu_models_to_json(JsonBuilder *b, const GPtrArray *models)
{
    json_builder_begin_array(b);
    for (guint i = 0; i < models->len; i++) {
        const MvQemuCpuModelInfo *c = g_ptr_array_index(models, i);

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, c->name);
        json_builder_set_member_name(b, "usable");
        json_builder_add_boolean_value(b, c->usable);
        json_builder_set_member_name(b, "deprecated");
        json_builder_add_boolean_value(b, c->deprecated);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

static void
strv_to_json(JsonBuilder *b, const char *member, const GStrv strv)
{
    json_builder_set_member_name(b, member);
    json_builder_begin_array(b);
    for (size_t i = 0; strv && strv[i]; i++)
        json_builder_add_string_value(b, strv[i]);
    json_builder_end_array(b);
}

static char *
caps_to_json(const MvQemuCaps *caps)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "modvirt-version");
    json_builder_add_string_value(b, MODVIRT_VERSION);
    json_builder_set_member_name(b, "format");
    json_builder_add_int_value(b, CACHE_FORMAT);
    json_builder_set_member_name(b, "binary");
    json_builder_add_string_value(b, caps->binary);
    json_builder_set_member_name(b, "size");
    json_builder_add_int_value(b, caps->stamp.size);
    json_builder_set_member_name(b, "mtime-ns");
    json_builder_add_int_value(b, caps->stamp.mtime_ns);
    json_builder_set_member_name(b, "ctime-ns");
    json_builder_add_int_value(b, caps->stamp.ctime_ns);
    json_builder_set_member_name(b, "kvm-access");
    json_builder_add_boolean_value(b, caps->stamp.kvm_access);

    json_builder_set_member_name(b, "arch");
    json_builder_add_string_value(b, caps->arch);
    json_builder_set_member_name(b, "version");
    json_builder_add_int_value(b, caps->version);
    json_builder_set_member_name(b, "package");
    json_builder_add_string_value(b, caps->package);
    json_builder_set_member_name(b, "kvm");
    json_builder_add_boolean_value(b, caps->kvm);

    json_builder_set_member_name(b, "machines");
    json_builder_begin_array(b);
    for (guint i = 0; i < caps->machines->len; i++) {
        const MvQemuMachineInfo *m = g_ptr_array_index(caps->machines, i);

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, m->name);
        if (m->alias) {
            json_builder_set_member_name(b, "alias");
            json_builder_add_string_value(b, m->alias);
        }
        json_builder_set_member_name(b, "is-default");
        json_builder_add_boolean_value(b, m->is_default);
        json_builder_set_member_name(b, "cpu-max");
        json_builder_add_int_value(b, m->cpu_max);
        json_builder_set_member_name(b, "deprecated");
        json_builder_add_boolean_value(b, m->deprecated);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);

    json_builder_set_member_name(b, "cpu-models");
    cpu_models_to_json(b, caps->cpu_models);
    json_builder_set_member_name(b, "cpu-models-tcg");
    cpu_models_to_json(b, caps->cpu_models_tcg);
    strv_to_json(b, "devices", caps->devices);
    strv_to_json(b, "types", caps->types);
    strv_to_json(b, "commands", caps->commands);
    strv_to_json(b, "display-types", caps->display_types);
    json_builder_end_object(b);

    root = json_builder_get_root(b);
    return mv_qemu_json_to_string(root);
}

static void
cpu_models_from_json(GPtrArray *models, JsonArray *arr)
{
    for (guint i = 0; arr && i < json_array_get_length(arr); i++) {
        JsonObject *c = mv_qemu_json_node_object(json_array_get_element(arr, i));
        MvQemuCpuModelInfo *model;

        if (!mv_qemu_json_get_string(c, "name"))
            continue;
        model = g_new0(MvQemuCpuModelInfo, 1);
        model->name = g_strdup(mv_qemu_json_get_string(c, "name"));
        model->usable = mv_qemu_json_get_bool(c, "usable", false);
        model->deprecated = mv_qemu_json_get_bool(c, "deprecated", false);
        g_ptr_array_add(models, model);
    }
}

/* A sorted string list; empty when the member is missing. */
static GStrv
strv_from_json(JsonObject *obj, const char *member)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new();
    JsonArray *arr = mv_qemu_json_get_array(obj, member);
    GStrv strv;

    for (guint i = 0; arr && i < json_array_get_length(arr); i++) {
        const char *name = mv_qemu_json_array_get_string(arr, i);

        if (name)
            g_strv_builder_add(builder, name);
    }
    strv = g_strv_builder_end(builder);
    sort_strv(strv);
    return strv;
}

/* The cached capabilities if the file matches stamp; NULL (nothing
 * reported) when it is missing, stale or unreadable. With binary and
 * stamp NULL, whatever binary the file describes is taken as it is. */
static MvQemuCaps *
caps_from_cache_file(const char *path, const char *binary, const BinaryStamp *stamp)
{
    g_autoptr(JsonParser) parser = json_parser_new_immutable();
    g_autoptr(GError) gerr = NULL;
    g_autoptr(MvQemuCaps) caps = caps_new(binary);
    g_autofree char *data = NULL;
    gsize len;
    JsonObject *obj;
    JsonArray *arr;
    BinaryStamp cached;

    if (!g_file_get_contents(path, &data, &len, &gerr)) {
        MV_DEBUG("no capabilities cache for '%s' in '%s': %s", binary, path, gerr->message);
        return NULL;
    }
    if (len > CACHE_FILE_MAX || !json_parser_load_from_data(parser, data, (gssize) len, NULL) ||
        !(obj = mv_qemu_json_node_object(json_parser_get_root(parser)))) {
        MV_WARN("ignoring the unreadable capabilities cache '%s' of '%s'", path, binary);
        return NULL;
    }

    cached.size = mv_qemu_json_get_int(obj, "size", -1);
    cached.mtime_ns = mv_qemu_json_get_int(obj, "mtime-ns", -1);
    cached.ctime_ns = mv_qemu_json_get_int(obj, "ctime-ns", -1);
    cached.kvm_access = mv_qemu_json_get_bool(obj, "kvm-access", false);
    if (!binary) {
        binary = mv_qemu_json_get_string(obj, "binary");
        caps->binary = g_strdup(binary);
    } else if (g_strcmp0(mv_qemu_json_get_string(obj, "modvirt-version"), MODVIRT_VERSION) != 0 ||
               mv_qemu_json_get_int(obj, "format", 0) != CACHE_FORMAT ||
               g_strcmp0(mv_qemu_json_get_string(obj, "binary"), binary) != 0 ||
               !stamp_equal(&cached, stamp)) {
        MV_DEBUG("capabilities cache '%s' of '%s' is stale", path, binary);
        return NULL;
    }

    caps->stamp = cached;
    caps->from_cache = true;
    caps->arch = g_strdup(mv_qemu_json_get_string(obj, "arch"));
    caps->version = (unsigned int) mv_qemu_json_get_int(obj, "version", 0);
    caps->package = g_strdup(mv_qemu_json_get_string(obj, "package"));
    caps->kvm = mv_qemu_json_get_bool(obj, "kvm", false);
    if (!caps->binary || !caps->arch || !caps->package || caps->version == 0) {
        MV_WARN("ignoring the incomplete capabilities cache '%s' of '%s'", path, binary);
        return NULL;
    }

    arr = mv_qemu_json_get_array(obj, "machines");
    for (guint i = 0; arr && i < json_array_get_length(arr); i++) {
        JsonObject *m = mv_qemu_json_node_object(json_array_get_element(arr, i));
        MvQemuMachineInfo *machine;

        if (!mv_qemu_json_get_string(m, "name"))
            continue;
        machine = g_new0(MvQemuMachineInfo, 1);
        machine->name = g_strdup(mv_qemu_json_get_string(m, "name"));
        machine->alias = g_strdup(mv_qemu_json_get_string(m, "alias"));
        machine->is_default = mv_qemu_json_get_bool(m, "is-default", false);
        machine->cpu_max = (unsigned int) mv_qemu_json_get_int(m, "cpu-max", 1);
        machine->deprecated = mv_qemu_json_get_bool(m, "deprecated", false);
        g_ptr_array_add(caps->machines, machine);
    }

    cpu_models_from_json(caps->cpu_models, mv_qemu_json_get_array(obj, "cpu-models"));
    cpu_models_from_json(caps->cpu_models_tcg, mv_qemu_json_get_array(obj, "cpu-models-tcg"));
    /* A file given for tests may predate the TCG list. */
    if (!mv_qemu_json_get_array(obj, "cpu-models-tcg"))
        copy_cpu_models(caps->cpu_models_tcg, caps->cpu_models);
    caps->devices = strv_from_json(obj, "devices");
    caps->types = strv_from_json(obj, "types");
    caps->commands = strv_from_json(obj, "commands");
    caps->display_types = strv_from_json(obj, "display-types");
    MV_DEBUG("capabilities of '%s' read from '%s'", binary, path);
    return g_steal_pointer(&caps);
}

static void
caps_write_cache_file(const MvQemuCaps *caps, const char *cache_dir, const char *path)
{
    g_autofree char *data = caps_to_json(caps);

    if (mv_file_mkdir_p(cache_dir, 0755) < 0 ||
        mv_file_replace_atomic(path, data, strlen(data), 0644) < 0) {
        MV_WARN("capabilities of '%s' are not cached: %s", caps->binary, mv_error_last_message());
        mv_error_reset();
    }
}

MvQemuCaps *
mv_qemu_caps_load(const char *binary, const char *cache_dir, const char *probe_dir)
{
    g_autofree char *path = NULL;
    BinaryStamp stamp;
    MvQemuCaps *caps;

    if (!g_path_is_absolute(binary)) {
        mv_report_error(VIR_ERR_INVALID_ARG, "QEMU binary '%s' is not an absolute path", binary);
        return NULL;
    }
    if (stamp_binary(binary, &stamp) < 0)
        return NULL;

    path = cache_file_path(cache_dir, binary);
    if ((caps = caps_from_cache_file(path, binary, &stamp)))
        return caps;

    if (!(caps = caps_probe(binary, &stamp, probe_dir)))
        return NULL;
    caps_write_cache_file(caps, cache_dir, path);
    return caps;
}

MvQemuCaps *
mv_qemu_caps_load_file(const char *path)
{
    MvQemuCaps *caps = caps_from_cache_file(path, NULL, NULL);

    if (!caps)
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot read QEMU capabilities from '%s'", path);
    return caps;
}

GStrv
mv_qemu_caps_find_binaries(void)
{
    static const char *const names[] = {
        "qemu-system-x86_64", "qemu-system-i386", "qemu-system-aarch64",
        "qemu-system-arm", "qemu-system-ppc64", "qemu-system-riscv64",
        "qemu-system-s390x",
    };
    g_autoptr(GStrvBuilder) found = g_strv_builder_new();
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    for (size_t i = 0; i <= G_N_ELEMENTS(names); i++) {
        g_autofree char *path = NULL;
        g_autofree char *real = NULL;

        if (i < G_N_ELEMENTS(names)) {
            path = g_find_program_in_path(names[i]);
            if (!path) {
                path = g_build_filename("/usr/bin", names[i], NULL);
                if (!g_file_test(path, G_FILE_TEST_IS_EXECUTABLE))
                    continue;
            }
        } else {
            path = g_strdup("/usr/libexec/qemu-kvm");
            if (!g_file_test(path, G_FILE_TEST_IS_EXECUTABLE))
                continue;
        }
        real = realpath(path, NULL);
        if (!real || g_hash_table_contains(seen, real))
            continue;
        g_hash_table_add(seen, g_steal_pointer(&real));
        g_strv_builder_add(found, path);
    }
    return g_strv_builder_end(found);
}

MvQemuCapsCache *
mv_qemu_caps_cache_new(const MvPaths *paths)
{
    MvQemuCapsCache *cache = g_new0(MvQemuCapsCache, 1);
    g_autofree char *cache_base = mv_paths_driver_cache_dir(paths, "qemu");

    g_mutex_init(&cache->lock);
    cache->cache_dir = g_build_filename(cache_base, "capabilities", NULL);
    cache->probe_dir = mv_paths_driver_run_dir(paths, "qemu");
    cache->entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) mv_qemu_caps_unref);
    return cache;
}

void
mv_qemu_caps_cache_free(MvQemuCapsCache *cache)
{
    if (!cache)
        return;
    g_hash_table_unref(cache->entries);
    g_free(cache->cache_dir);
    g_free(cache->probe_dir);
    g_mutex_clear(&cache->lock);
    g_free(cache);
}

MvQemuCaps *
mv_qemu_caps_cache_lookup(MvQemuCapsCache *cache, const char *binary)
{
    BinaryStamp stamp;
    MvQemuCaps *caps;

    if (stamp_binary(binary, &stamp) < 0)
        return NULL;

    g_mutex_lock(&cache->lock);
    caps = g_hash_table_lookup(cache->entries, binary);
    if (caps && stamp_equal(&caps->stamp, &stamp))
        caps = mv_qemu_caps_ref(caps);
    else
        caps = NULL;
    g_mutex_unlock(&cache->lock);
    if (caps)
        return caps;

    /* Probed without the lock: a probe of one binary never holds up
     * lookups of another. */
    if (!(caps = mv_qemu_caps_load(binary, cache->cache_dir, cache->probe_dir)))
        return NULL;
    g_mutex_lock(&cache->lock);
    g_hash_table_replace(cache->entries, g_strdup(binary), mv_qemu_caps_ref(caps));
    g_mutex_unlock(&cache->lock);
    return caps;
}

const char *
mv_qemu_caps_get_binary(const MvQemuCaps *caps)
{
    return caps->binary;
}

const char *
mv_qemu_caps_get_arch(const MvQemuCaps *caps)
{
    return caps->arch;
}

unsigned int
mv_qemu_caps_get_version(const MvQemuCaps *caps)
{
    return caps->version;
}

const char *
mv_qemu_caps_get_package(const MvQemuCaps *caps)
{
    return caps->package;
}

bool
mv_qemu_caps_has_kvm(const MvQemuCaps *caps)
{
    return caps->kvm;
}

bool
mv_qemu_caps_is_from_cache(const MvQemuCaps *caps)
{
    return caps->from_cache;
}

const GPtrArray *
mv_qemu_caps_list_machines(const MvQemuCaps *caps)
{
    return caps->machines;
}

const MvQemuMachineInfo *
mv_qemu_caps_get_default_machine(const MvQemuCaps *caps)
{
    for (guint i = 0; i < caps->machines->len; i++) {
        const MvQemuMachineInfo *m = g_ptr_array_index(caps->machines, i);

        if (m->is_default)
            return m;
    }
    return NULL;
}

const MvQemuMachineInfo *
mv_qemu_caps_find_machine(const MvQemuCaps *caps, const char *name)
{
    for (guint i = 0; i < caps->machines->len; i++) {
        const MvQemuMachineInfo *m = g_ptr_array_index(caps->machines, i);

        if (strcmp(m->name, name) == 0 || g_strcmp0(m->alias, name) == 0)
            return m;
    }
    return NULL;
}

const GPtrArray *
mv_qemu_caps_list_cpu_models(const MvQemuCaps *caps)
{
    return caps->cpu_models;
}

const char *const *
mv_qemu_caps_list_devices(const MvQemuCaps *caps)
{
    return (const char *const *) caps->devices;
}

bool
mv_qemu_caps_has_device(const MvQemuCaps *caps, const char *type)
{
    return strv_has(caps->devices, type);
}

const GPtrArray *
mv_qemu_caps_list_cpu_models_for(const MvQemuCaps *caps, bool kvm)
{
    return kvm ? caps->cpu_models : caps->cpu_models_tcg;
}

bool
mv_qemu_caps_has_type(const MvQemuCaps *caps, const char *type)
{
    return strv_has(caps->types, type);
}

bool
mv_qemu_caps_has_command(const MvQemuCaps *caps, const char *command)
{
    return strv_has(caps->commands, command);
}

bool
mv_qemu_caps_has_display_type(const MvQemuCaps *caps, const char *type)
{
    return strv_has(caps->display_types, type);
}
