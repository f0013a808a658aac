/* Tests of the capabilities probe against the real qemu-system-x86_64: version, machines, KVM, devices, and the per-binary cache. */
#define MV_LOG_MODULE "test.qemu.caps"
#define MV_FROM_THIS VIR_FROM_QEMU

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qemu_capabilities.h"
#include "qemu_capabilities_xml.h"
#include "qemutest.h"
#include "testutil.h"
#include "util/error.h"

typedef struct {
    char *binary;
    char *root;
    char *cache_dir;
    char *probe_dir;
} Fixture;

static void
fixture_setup(Fixture *fx, gconstpointer data)
{
    fx->binary = mv_test_qemu_binary();
    fx->root = mv_test_root_new();
    fx->cache_dir = g_build_filename(fx->root, "cache", NULL);
    fx->probe_dir = g_build_filename(fx->root, "run", NULL);
}

static void
fixture_teardown(Fixture *fx, gconstpointer data)
{
    mv_test_root_remove(fx->root);
    g_free(fx->binary);
    g_free(fx->root);
    g_free(fx->cache_dir);
    g_free(fx->probe_dir);
}

static MvQemuCaps *
load(Fixture *fx, const char *binary)
{
    MvQemuCaps *caps = mv_qemu_caps_load(binary, fx->cache_dir, fx->probe_dir);

    if (!caps)
        g_test_message("probe failed: %s", mv_error_last_message());
    g_assert_nonnull(caps);
    return caps;
}

/* "QEMU emulator version 7.2.22 (Debian ...)" -> 7002022. */
static unsigned int
version_from_cli(const char *binary)
{
    const char *argv[] = { binary, "--version", NULL };
    g_autofree char *out = NULL;
    unsigned int major, minor, micro;
    const char *p;

    g_assert_cmpint(mv_test_run(argv, MV_TEST_QEMU_TIMEOUT_MS, &out, NULL), ==, 0);
    p = strstr(out, "version ");
    g_assert_nonnull(p);
    g_assert_cmpint(sscanf(p, "version %u.%u.%u", &major, &minor, &micro), ==, 3);
    return major * 1000000 + minor * 1000 + micro;
}

static bool
has_model(const GPtrArray *models, const char *name)
{
    for (guint i = 0; i < models->len; i++) {
        if (g_str_equal(((MvQemuCpuModelInfo *) g_ptr_array_index(models, i))->name, name))
            return true;
    }
    return false;
}

static void
test_probe(Fixture *fx, gconstpointer data)
{
    g_autoptr(MvQemuCaps) caps = NULL;
    g_autofree char *why = NULL;
    const MvQemuMachineInfo *pc;
    const MvQemuMachineInfo *q35;
    const MvQemuMachineInfo *def;

    if (!fx->binary)
        return;
    caps = load(fx, fx->binary);

    g_assert_false(mv_qemu_caps_is_from_cache(caps));
    g_assert_cmpstr(mv_qemu_caps_get_binary(caps), ==, fx->binary);
    g_assert_cmpstr(mv_qemu_caps_get_arch(caps), ==, "x86_64");
    g_assert_cmpuint(mv_qemu_caps_get_version(caps), ==, version_from_cli(fx->binary));
    g_assert_cmpint(mv_qemu_caps_has_kvm(caps), ==, mv_test_qemu_kvm_usable(&why));

    pc = mv_qemu_caps_find_machine(caps, "pc");
    g_assert_nonnull(pc);
    g_assert_true(g_str_has_prefix(pc->name, "pc-i440fx-"));
    g_assert_cmpstr(pc->alias, ==, "pc");
    g_assert_cmpuint(pc->cpu_max, >=, 1);
    g_assert_true(mv_qemu_caps_find_machine(caps, pc->name) == pc);
    q35 = mv_qemu_caps_find_machine(caps, "q35");
    g_assert_nonnull(q35);
    g_assert_true(g_str_has_prefix(q35->name, "pc-q35-"));
    g_assert_null(mv_qemu_caps_find_machine(caps, "no-such-machine"));
    def = mv_qemu_caps_get_default_machine(caps);
    g_assert_true(def == pc);
    g_assert_cmpuint(mv_qemu_caps_list_machines(caps)->len, >, 10);

    g_assert_true(mv_qemu_caps_has_device(caps, "virtio-net-pci"));
    g_assert_true(mv_qemu_caps_has_device(caps, "e1000"));
    g_assert_false(mv_qemu_caps_has_device(caps, "no-such-device"));
    g_assert_true(has_model(mv_qemu_caps_list_cpu_models(caps), "qemu64"));
}

/* The nanosecond mtime of the only file in dir. */
static gint64
file_mtime(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_autofree char *path = NULL;
    const char *name;
    struct stat st;

    g_assert_nonnull(d);
    name = g_dir_read_name(d);
    g_assert_nonnull(name);
    g_assert_null(g_dir_read_name(d));    /* one cache file per binary */
    path = g_build_filename(dir, name, NULL);
    g_assert_cmpint(stat(path, &st), ==, 0);
    return (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

static void
test_cache_hit(Fixture *fx, gconstpointer data)
{
    g_autoptr(MvQemuCaps) first = NULL;
    g_autoptr(MvQemuCaps) second = NULL;
    gint64 mtime;

    if (!fx->binary)
        return;
    first = load(fx, fx->binary);
    g_assert_false(mv_qemu_caps_is_from_cache(first));
    mtime = file_mtime(fx->cache_dir);

    second = load(fx, fx->binary);
    g_assert_true(mv_qemu_caps_is_from_cache(second));
    g_assert_cmpint(file_mtime(fx->cache_dir), ==, mtime);
    g_assert_cmpuint(mv_qemu_caps_get_version(second), ==, mv_qemu_caps_get_version(first));
    g_assert_cmpint(mv_qemu_caps_has_kvm(second), ==, mv_qemu_caps_has_kvm(first));
    g_assert_cmpuint(mv_qemu_caps_list_machines(second)->len, ==, mv_qemu_caps_list_machines(first)->len);
    g_assert_cmpuint(mv_qemu_caps_list_cpu_models(second)->len, ==, mv_qemu_caps_list_cpu_models(first)->len);
    g_assert_cmpuint(g_strv_length((GStrv) mv_qemu_caps_list_devices(second)), ==,
                     g_strv_length((GStrv) mv_qemu_caps_list_devices(first)));
    g_assert_cmpstr(mv_qemu_caps_find_machine(second, "pc")->name, ==,
                    mv_qemu_caps_find_machine(first, "pc")->name);
    g_assert_true(mv_qemu_caps_has_device(second, "virtio-net-pci"));
    g_assert_cmpstr(mv_qemu_caps_get_arch(second), ==, "x86_64");
}

static void
test_cache_invalidated(Fixture *fx, gconstpointer data)
{
    g_autofree char *copy = NULL;
    g_autofree char *contents = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autoptr(MvQemuCaps) caps = NULL;
    struct timespec times[2];
    gsize len;

    if (!fx->binary)
        return;
    copy = g_build_filename(fx->root, "qemu-system-x86_64", NULL);
    g_assert_true(g_file_get_contents(fx->binary, &contents, &len, &gerr));
    g_assert_true(g_file_set_contents_full(copy, contents, (gssize) len, G_FILE_SET_CONTENTS_NONE, 0755, &gerr));

    caps = load(fx, copy);
    g_assert_false(mv_qemu_caps_is_from_cache(caps));
    g_clear_pointer(&caps, mv_qemu_caps_unref);
    caps = load(fx, copy);
    g_assert_true(mv_qemu_caps_is_from_cache(caps));
    g_clear_pointer(&caps, mv_qemu_caps_unref);

    /* touch: a new mtime (and ctime) means a new probe. */
    clock_gettime(CLOCK_REALTIME, &times[0]);
    times[0].tv_sec += 100;
    times[1] = times[0];
    g_assert_cmpint(utimensat(AT_FDCWD, copy, times, 0), ==, 0);
    caps = load(fx, copy);
    g_assert_false(mv_qemu_caps_is_from_cache(caps));
    g_clear_pointer(&caps, mv_qemu_caps_unref);
    caps = load(fx, copy);
    g_assert_true(mv_qemu_caps_is_from_cache(caps));
}

static void
test_cache_corrupt(Fixture *fx, gconstpointer data)
{
    g_autoptr(MvQemuCaps) caps = NULL;
    g_autoptr(GDir) d = NULL;
    g_autofree char *path = NULL;

    if (!fx->binary)
        return;
    caps = load(fx, fx->binary);
    g_clear_pointer(&caps, mv_qemu_caps_unref);
    d = g_dir_open(fx->cache_dir, 0, NULL);
    g_assert_nonnull(d);
    path = g_build_filename(fx->cache_dir, g_dir_read_name(d), NULL);
    g_assert_true(g_file_set_contents(path, "{\"modvirt-version\": [", -1, NULL));

    caps = load(fx, fx->binary);
    g_assert_false(mv_qemu_caps_is_from_cache(caps));
    g_assert_true(mv_qemu_caps_has_device(caps, "virtio-net-pci"));
}

static void
test_cache_object(Fixture *fx, gconstpointer data)
{
    g_autoptr(MvPaths) paths = NULL;
    g_autoptr(MvQemuCapsCache) cache = NULL;
    g_autoptr(MvQemuCaps) a = NULL;
    g_autoptr(MvQemuCaps) b = NULL;
    g_autofree char *cache_dir = NULL;
    g_autofree char *file = NULL;

    if (!fx->binary)
        return;
    paths = mv_paths_new(MV_PATHS_ROOT, fx->root);
    g_assert_nonnull(paths);
    cache = mv_qemu_caps_cache_new(paths);
    a = mv_qemu_caps_cache_lookup(cache, fx->binary);
    g_assert_nonnull(a);
    b = mv_qemu_caps_cache_lookup(cache, fx->binary);
    g_assert_true(a == b);      /* same object: not even the file was read again */

    cache_dir = mv_paths_driver_cache_dir(paths, "qemu");
    file = g_build_filename(cache_dir, "capabilities", NULL);
    g_assert_true(g_file_test(file, G_FILE_TEST_IS_DIR));
}

static void
test_guest_xml(Fixture *fx, gconstpointer data)
{
    g_autoptr(MvQemuCaps) caps = NULL;
    g_autoptr(MvCaps) out = mv_caps_new();
    g_autofree char *xml = NULL;
    g_autofree char *canonical = NULL;

    if (!fx->binary)
        return;
    caps = load(fx, fx->binary);
    g_assert_cmpint(mv_qemu_caps_add_guest(caps, out), ==, 0);
    xml = mv_caps_format(out);
    g_assert_nonnull(xml);
    g_assert_nonnull(strstr(xml, "<arch name='x86_64'>"));
    g_assert_nonnull(strstr(xml, "<wordsize>64</wordsize>"));
    canonical = g_strdup_printf("canonical='%s'", mv_qemu_caps_find_machine(caps, "pc")->name);
    g_assert_nonnull(strstr(xml, canonical));
    g_assert_nonnull(strstr(xml, "<domain type='qemu'"));
    g_assert_cmpint(strstr(xml, "<domain type='kvm'") != NULL, ==, mv_qemu_caps_has_kvm(caps));
}

static void
test_bad_binaries(Fixture *fx, gconstpointer data)
{
    g_assert_null(mv_qemu_caps_load("qemu-system-x86_64", fx->cache_dir, fx->probe_dir));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INVALID_ARG);

    g_assert_null(mv_qemu_caps_load("/nonexistent/qemu-system-x86_64", fx->cache_dir, fx->probe_dir));
    g_assert_nonnull(strstr(mv_error_last_message(), "/nonexistent/qemu-system-x86_64"));

    /* Runs, but never opens a monitor. */
    g_assert_null(mv_qemu_caps_load("/bin/false", fx->cache_dir, fx->probe_dir));
    g_assert_nonnull(strstr(mv_error_last_message(), "'/bin/false' exited with status 1"));
}

static void
test_find_binaries(Fixture *fx, gconstpointer data)
{
    g_auto(GStrv) found = mv_qemu_caps_find_binaries();

    if (!fx->binary)
        return;
    g_assert_true(g_strv_contains((const char *const *) found, fx->binary));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/qemu/caps/probe", test_probe);
    ADD("/qemu/caps/cache-hit", test_cache_hit);
    ADD("/qemu/caps/cache-invalidated", test_cache_invalidated);
    ADD("/qemu/caps/cache-corrupt", test_cache_corrupt);
    ADD("/qemu/caps/cache-object", test_cache_object);
    ADD("/qemu/caps/guest-xml", test_guest_xml);
    ADD("/qemu/caps/bad-binaries", test_bad_binaries);
    ADD("/qemu/caps/find-binaries", test_find_binaries);
#undef ADD
    return g_test_run();
}
