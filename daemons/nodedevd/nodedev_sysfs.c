/* Reading sysfs for node device enumeration: a root prefix, quiet attribute reads, links, uevent and udev database properties, libvirt's device names. */
#define MV_LOG_MODULE "nodedev.sysfs"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_sysfs.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/log.h"

/* Attributes are short; a uevent or udev database entry a few KiB. */
#define SYSFS_ATTR_MAX (64 * 1024)

MvNodeDevSysfs *
mv_nodedev_sysfs_new(const char *root)
{
    g_autoptr(MvNodeDevSysfs) fs = g_new0(MvNodeDevSysfs, 1);

    if (!root || !*root || g_str_equal(root, "/")) {
        fs->root = g_strdup("");
        return g_steal_pointer(&fs);
    }
    if (!g_path_is_absolute(root)) {
        mv_report_error(VIR_ERR_INVALID_ARG, "sysfs root '%s' is not an absolute path", root);
        return NULL;
    }
    fs->root = realpath(root, NULL);
    if (!fs->root) {
        mv_report_system_error(errno, "cannot resolve sysfs root '%s'", root);
        return NULL;
    }
    if (g_str_equal(fs->root, "/"))
        fs->root[0] = '\0';
    else
        fs->fake = true;
    return g_steal_pointer(&fs);
}

void
mv_nodedev_sysfs_free(MvNodeDevSysfs *fs)
{
    if (!fs)
        return;
    g_free(fs->root);
    if (fs->pci_ids)
        g_hash_table_unref(fs->pci_ids);
    g_free(fs);
}

char *
mv_nodedev_sysfs_path(const MvNodeDevSysfs *fs, const char *host_path)
{
    return g_strconcat(fs->root, host_path, NULL);
}

char *
mv_nodedev_sysfs_host_path(const MvNodeDevSysfs *fs, const char *real_path)
{
    size_t len = strlen(fs->root);

    if (len && g_str_has_prefix(real_path, fs->root) && real_path[len] == '/')
        return g_strdup(real_path + len);
    return g_strdup(real_path);
}

char *
mv_nodedev_sysfs_resolve(const char *path)
{
    return realpath(path, NULL);
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
mv_nodedev_sysfs_list(const char *dir)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;

    if (!d)
        return names;
    while ((name = g_dir_read_name(d)))
        g_ptr_array_add(names, g_strdup(name));
    g_ptr_array_sort(names, compare_names);
    return names;
}

char *
mv_nodedev_sysfs_attr(const char *dir, const char *attr)
{
    g_autofree char *path = g_build_filename(dir, attr, NULL);
    g_autofree char *data = NULL;
    gsize len = 0;

    if (!g_file_get_contents(path, &data, &len, NULL) || len > SYSFS_ATTR_MAX)
        return NULL;
    if (memchr(data, '\0', len))
        data[strlen(data)] = '\0';
    return g_strchomp(g_steal_pointer(&data));
}

int
mv_nodedev_sysfs_attr_u64(const char *dir, const char *attr, guint64 *ret_value)
{
    g_autofree char *text = mv_nodedev_sysfs_attr(dir, attr);
    guint64 value;

    if (!text || !g_ascii_string_to_unsigned(text, 10, 0, G_MAXUINT64, &value, NULL))
        return -1;
    *ret_value = value;
    return 0;
}

int
mv_nodedev_sysfs_attr_uint(const char *dir, const char *attr, int base, unsigned int *ret_value)
{
    g_autofree char *text = mv_nodedev_sysfs_attr(dir, attr);
    unsigned long value;
    char *end = NULL;

    if (!text || !*text || text[0] == '-')
        return -1;
    errno = 0;
    value = strtoul(text, &end, base);
    if (errno || *end || value > UINT_MAX)
        return -1;
    *ret_value = value;
    return 0;
}

int
mv_nodedev_sysfs_attr_int(const char *dir, const char *attr, int *ret_value)
{
    g_autofree char *text = mv_nodedev_sysfs_attr(dir, attr);
    long value;
    char *end = NULL;

    if (!text || !*text)
        return -1;
    errno = 0;
    value = strtol(text, &end, 10);
    if (errno || *end || value < INT_MIN || value > INT_MAX)
        return -1;
    *ret_value = value;
    return 0;
}

char *
mv_nodedev_sysfs_link_name(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_autofree char *target = g_file_read_link(path, NULL);

    if (!target)
        return NULL;
    return g_path_get_basename(target);
}

GHashTable *
mv_nodedev_sysfs_uevent(const char *dir)
{
    GHashTable *props = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_autofree char *text = mv_nodedev_sysfs_attr(dir, "uevent");
    g_auto(GStrv) lines = NULL;

    if (!text)
        return props;
    lines = g_strsplit(text, "\n", -1);
    for (size_t i = 0; lines[i]; i++) {
        char *eq = strchr(lines[i], '=');

        if (!eq)
            continue;
        g_hash_table_replace(props, g_strndup(lines[i], eq - lines[i]), g_strdup(eq + 1));
    }
    return props;
}

GHashTable *
mv_nodedev_udev_db_props(const MvNodeDevSysfs *fs, const char *id, char ***ret_links)
{
    g_autofree char *dbdir = mv_nodedev_sysfs_path(fs, "/run/udev/data");
    g_autofree char *text = mv_nodedev_sysfs_attr(dbdir, id);
    g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GHashTable) props = NULL;
    g_auto(GStrv) lines = NULL;

    if (!text)
        return NULL;
    props = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    lines = g_strsplit(text, "\n", -1);
    for (size_t i = 0; lines[i]; i++) {
        const char *line = lines[i];
        const char *eq;

        if (g_str_has_prefix(line, "S:")) {
            g_ptr_array_add(links, g_strconcat("/dev/", line + 2, NULL));
        } else if (g_str_has_prefix(line, "E:") && (eq = strchr(line, '='))) {
            g_hash_table_replace(props, g_strndup(line + 2, eq - line - 2), g_strdup(eq + 1));
        }
    }
    if (ret_links) {
        g_ptr_array_add(links, NULL);
        *ret_links = (char **) g_ptr_array_free(g_steal_pointer(&links), FALSE);
    }
    return g_steal_pointer(&props);
}

char *
mv_nodedev_generate_name(const char *subsystem, const char *sysname, const char *suffix)
{
    char *name;

    if (suffix)
        name = g_strdup_printf("%s_%s_%s", subsystem, sysname, suffix);
    else
        name = g_strdup_printf("%s_%s", subsystem, sysname);
    for (char *p = name; *p; p++) {
        if (!g_ascii_isalnum(*p))
            *p = '_';
    }
    return name;
}

MvNodeDevDef *
mv_nodedev_sysfs_def_new(const MvNodeDevSysfs *fs, const char *dir, GHashTable *uevent)
{
    MvNodeDevDef *def = g_new0(MvNodeDevDef, 1);
    const char *devname = uevent ? g_hash_table_lookup(uevent, "DEVNAME") : NULL;

    def->sysfs_path = mv_nodedev_sysfs_host_path(fs, dir);
    def->driver = mv_nodedev_sysfs_link_name(dir, "driver");
    if (devname)
        def->devnode = g_strconcat("/dev/", devname, NULL);
    return def;
}
