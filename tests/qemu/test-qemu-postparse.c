/* Data-driven post-parse cases: tests/qemu/postparse/NAME.xml -> NAME.out.xml (the driver's defaults), NAME.live.out.xml (with aliases) or NAME.err. */
#define MV_LOG_MODULE "test.qemu.postparse"
#define MV_FROM_THIS VIR_FROM_QEMU

#include <string.h>

#include "conf/domain.h"
#include "qemu_postparse.h"
#include "qemu_postparse_alias.h"
#include "testutil.h"
#include "util/error.h"

/* A case is NAME.xml with beside it either NAME.err (the definition is
 * refused with that message) or NAME.out.xml: the inactive document after
 * mv_qemu_domain_post_parse() with tests/qemu/command/caps-x86_64.json,
 * which must be a fixed point of parse + post-parse + format; optionally
 * NAME.live.out.xml: the live document once aliases are assigned. With
 * MODVIRT_TEST_REGENERATE=1 the expected files are written instead. */
typedef struct {
    char *base;
} PostParseCase;

static void
case_free(gpointer data)
{
    PostParseCase *tc = data;

    g_free(tc->base);
    g_free(tc);
}

static char *
src_path(const char *kind, const char *name)
{
    const char *src = g_getenv("MODVIRT_SRCDIR");

    return g_build_filename(src ? src : ".", "tests", "qemu", kind, name, NULL);
}

static char *
read_file(const char *path)
{
    g_autoptr(GError) error = NULL;
    char *contents = NULL;

    if (!g_file_get_contents(path, &contents, NULL, &error))
        g_error("cannot read %s: %s", path, error->message);
    return contents;
}

static MvDomainDef *
parse_and_default(const char *xml)
{
    g_autofree char *caps_path = src_path("command", "caps-x86_64.json");
    g_autoptr(MvQemuCaps) caps = mv_qemu_caps_load_file(caps_path);
    g_autoptr(MvDomainDef) def = NULL;

    if (!caps)
        g_error("%s: %s", caps_path, mv_error_last_message());
    def = mv_domain_def_parse_string(xml, MV_DOMAIN_XML_INACTIVE);
    if (!def || mv_qemu_domain_post_parse(def, caps) < 0)
        return NULL;
    return g_steal_pointer(&def);
}

static void
compare_or_regenerate(const char *expected_path, const char *actual)
{
    g_autofree char *expected = NULL;

    if (g_getenv("MODVIRT_TEST_REGENERATE")) {
        g_assert_true(g_file_set_contents(expected_path, actual, -1, NULL));
        return;
    }
    if (!g_file_test(expected_path, G_FILE_TEST_EXISTS)) {
        g_test_message("%s is missing; the output was:\n%s", expected_path, actual);
        g_test_fail();
        return;
    }
    expected = read_file(expected_path);
    g_assert_cmpstr(actual, ==, expected);
}

static void
run_case(gconstpointer data)
{
    const PostParseCase *tc = data;
    g_autofree char *xml_path = g_strconcat(tc->base, ".xml", NULL);
    g_autofree char *err_path = g_strconcat(tc->base, ".err", NULL);
    g_autofree char *out_path = g_strconcat(tc->base, ".out.xml", NULL);
    g_autofree char *live_path = g_strconcat(tc->base, ".live.out.xml", NULL);
    g_autofree char *xml = read_file(xml_path);
    g_autoptr(MvDomainDef) def = NULL;
    g_autoptr(MvDomainDef) again = NULL;
    g_autofree char *out = NULL;
    g_autofree char *out_again = NULL;

    mv_error_reset();
    def = parse_and_default(xml);
    if (g_file_test(err_path, G_FILE_TEST_EXISTS)) {
        g_autofree char *expected = read_file(err_path);

        g_assert_null(def);
        g_assert_cmpstr(mv_error_last_message(), ==, g_strchomp(expected));
        return;
    }
    if (!def)
        g_error("%s: unexpected failure: %s", xml_path, mv_error_last_message());

    out = mv_domain_def_format(def, MV_DOMAIN_XML_INACTIVE);
    compare_or_regenerate(out_path, out);
    if (!(again = parse_and_default(out)))
        g_error("%s: the output does not parse again: %s", xml_path, mv_error_last_message());
    out_again = mv_domain_def_format(again, MV_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr(out_again, ==, out);

    if (g_file_test(live_path, G_FILE_TEST_EXISTS)) {
        g_autofree char *live = NULL;

        g_assert_cmpint(mv_qemu_domain_assign_aliases(def), ==, 0);
        live = mv_domain_def_format(def, 0);
        compare_or_regenerate(live_path, live);
    }
}

/* modvirt-xml format --driver qemu --caps FILE gives the same document. */
static void
run_modvirt_xml(void)
{
    g_autofree char *tool = mv_test_built_file("tools/modvirt-xml");
    g_autofree char *caps_path = src_path("command", "caps-x86_64.json");
    g_autofree char *xml_path = src_path("postparse", "address-order.xml");
    g_autofree char *out_path = src_path("postparse", "address-order.out.xml");
    g_autofree char *expected = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char *argv[] = { NULL, "format", "--inactive", "--driver", "qemu", "--caps", NULL, NULL, NULL };

    if (!tool)
        return;
    argv[0] = tool;
    argv[6] = caps_path;
    argv[7] = xml_path;
    g_assert_cmpint(mv_test_run(argv, 10000, &out, &err), ==, 0);
    expected = read_file(out_path);
    g_assert_cmpstr(out, ==, expected);

    argv[5] = "--bogus";
    g_clear_pointer(&out, g_free);
    g_assert_cmpint(mv_test_run(argv, 10000, &out, NULL), ==, 2);
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

int
main(int argc, char **argv)
{
    g_autofree char *dir_path = src_path("postparse", "");
    g_autoptr(GDir) dir = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func(case_free);
    const char *entry;

    g_test_init(&argc, &argv, NULL);
    if (!(dir = g_dir_open(dir_path, 0, NULL)))
        g_error("no cases in %s", dir_path);
    while ((entry = g_dir_read_name(dir))) {
        if (g_str_has_suffix(entry, ".xml") && !g_str_has_suffix(entry, ".out.xml"))
            g_ptr_array_add(names, g_strndup(entry, strlen(entry) - 4));
    }
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        PostParseCase *tc = g_new0(PostParseCase, 1);
        const char *name = g_ptr_array_index(names, i);
        g_autofree char *test_path = g_strdup_printf("/qemu/postparse/%s", name);

        tc->base = src_path("postparse", name);
        g_ptr_array_add(cases, tc);
        g_test_add_data_func(test_path, tc, run_case);
    }
    g_test_add_func("/qemu/postparse/modvirt-xml", run_modvirt_xml);
    return g_test_run();
}
