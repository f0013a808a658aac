/* Daemons started on demand: finding the binary, starting it once per name, reaping it. */
#define MV_LOG_MODULE "proxy.spawn"
#define MV_FROM_THIS VIR_FROM_RPC

#include "route_spawn.h"

#include <unistd.h>

#include "modvirt-config.h"
#include "util/command.h"
#include "util/error.h"
#include "util/log.h"

struct MvRouteSpawn {
    unsigned int refs;
    char *name;
    pid_t pid;
    guint watch;
    bool exited;
    int status;
};

/* name -> the MvRouteSpawn still running; main loop thread only. */
static GHashTable *spawn_running;

static MvRouteSpawn *
spawn_ref(MvRouteSpawn *spawn)
{
    spawn->refs++;
    return spawn;
}

void
mv_route_spawn_unref(MvRouteSpawn *spawn)
{
    if (!spawn || --spawn->refs > 0)
        return;
    g_free(spawn->name);
    g_free(spawn);
}

bool
mv_route_spawn_exited(const MvRouteSpawn *spawn, int *ret_status)
{
    if (spawn->exited && ret_status)
        *ret_status = spawn->status;
    return spawn->exited;
}

static void
on_child_exit(GPid pid, gint status, gpointer data)
{
    MvRouteSpawn *spawn = data;

    MV_INFO("modvirt-%s (pid %lld), started on demand, exited with wait status %d",
            spawn->name, (long long) pid, status);
    spawn->exited = true;
    spawn->status = status;
    spawn->watch = 0;
    if (spawn_running && g_hash_table_lookup(spawn_running, spawn->name) == spawn)
        g_hash_table_remove(spawn_running, spawn->name);
}

/* The candidates, in order, for modvirt-<name>. */
static GPtrArray *
spawn_candidates(const char *name)
{
    g_autofree char *binary = g_strdup_printf("modvirt-%s", name);
    g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);

    if (self) {
        g_autofree char *dir = g_path_get_dirname(self);

        g_ptr_array_add(paths, g_build_filename(dir, binary, NULL));
        g_ptr_array_add(paths, g_build_filename(dir, "..", binary, NULL));
        g_ptr_array_add(paths, g_build_filename(dir, "..", name, binary, NULL));
    }
    g_ptr_array_add(paths, g_build_filename(MODVIRT_SBINDIR, binary, NULL));
    return paths;
}

static char *
spawn_find_binary(const char *name)
{
    g_autoptr(GPtrArray) paths = spawn_candidates(name);
    g_autoptr(GString) tried = g_string_new(NULL);

    for (guint i = 0; i < paths->len; i++) {
        const char *path = g_ptr_array_index(paths, i);

        if (access(path, X_OK) == 0)
            return g_canonicalize_filename(path, NULL);
        g_string_append_printf(tried, "%s'%s'", i ? ", " : "", path);
    }
    mv_report_error(VIR_ERR_NO_SUPPORT, "cannot start modvirt-%s: not found in %s",
                    name, tried->str);
    return NULL;
}

MvRouteSpawn *
mv_route_spawn_start(const char *name, const char *root)
{
    g_autofree char *binary = NULL;
    g_autoptr(MvCommand) cmd = NULL;
    g_autofree char *line = NULL;
    MvRouteSpawn *spawn;
    pid_t pid;

    if (!spawn_running)
        spawn_running = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) mv_route_spawn_unref);
    if ((spawn = g_hash_table_lookup(spawn_running, name)))
        return spawn_ref(spawn);

    if (!(binary = spawn_find_binary(name)))
        return NULL;
    cmd = mv_command_new(binary);
    if (root)
        mv_command_add_args(cmd, "--root", root, NULL);
    mv_command_add_arg(cmd, "--timeout");
    mv_command_add_arg_format(cmd, "%d", MV_ROUTE_SPAWN_IDLE_TIMEOUT);
    mv_command_inherit_env(cmd);
    if (mv_command_spawn(cmd, &pid) < 0)
        return NULL;

    line = mv_command_to_string(cmd);
    MV_INFO("started modvirt-%s on demand (pid %lld): %s", name, (long long) pid, line);
    spawn = g_new0(MvRouteSpawn, 1);
    spawn->refs = 1;
    spawn->name = g_strdup(name);
    spawn->pid = pid;
    spawn->watch = g_child_watch_add_full(G_PRIORITY_DEFAULT, pid, on_child_exit,
                                          spawn_ref(spawn),
                                          (GDestroyNotify) mv_route_spawn_unref);
    g_hash_table_insert(spawn_running, spawn->name, spawn_ref(spawn));
    return spawn;
}

void
mv_route_spawn_cleanup(void)
{
    GHashTableIter iter;
    MvRouteSpawn *spawn;

    if (!spawn_running)
        return;
    g_hash_table_iter_init(&iter, spawn_running);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &spawn)) {
        if (spawn->watch)
            g_source_remove(spawn->watch);
        spawn->watch = 0;
    }
    g_clear_pointer(&spawn_running, g_hash_table_unref);
}
