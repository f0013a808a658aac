/* Data-driven XML cases: tests/conf/<kind>/NAME.xml parsed and formatted against NAME.out.xml or NAME.err. */
#define MV_FROM_THIS VIR_FROM_XML

#include <string.h>

#include "conf/kinds.h"
#include "util/error.h"
#include "util/log.h"

/* A case is NAME.xml with exactly one expectation beside it:
 *   NAME.out.xml           the canonical form (format of parse of NAME.xml);
 *                          it must also be a fixed point of parse + format
 *   NAME.err               parsing fails and the last error's message is
 *                          the file's content (one line, exact match)
 * and optionally NAME.inactive.out.xml, the form with MV_CONF_FORMAT_INACTIVE.
 * With MODVIRT_TEST_REGENERATE=1 the .out.xml files are written instead of
 * compared (review them before committing). */
typedef struct {
    const MvConfKind *kind;
    char *input;        /* path of NAME.xml */
    char *base;         /* path without .xml */
} DataCase;

static void
data_case_free(gpointer data)
{
    DataCase *tc = data;

    g_free(tc->input);
    g_free(tc->base);
    g_free(tc);
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

static char *
format_or_fail(const MvConfKind *kind, const char *xml, unsigned int flags, const char *what)
{
    void *obj = kind->parse(xml);
    char *out;

    if (!obj)
        g_error("%s: unexpected failure: %s", what, mv_error_last_message());
    out = kind->format(obj, flags);
    kind->free(obj);
    return out;
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
    const DataCase *tc = data;
    g_autofree char *xml = read_file(tc->input);
    g_autofree char *err_path = g_strconcat(tc->base, ".err", NULL);
    g_autofree char *out_path = g_strconcat(tc->base, ".out.xml", NULL);
    g_autofree char *inactive_path = g_strconcat(tc->base, ".inactive.out.xml", NULL);
    g_autofree char *reparse_path = g_strconcat(tc->base, ".reparse.out.xml", NULL);

    mv_error_reset();

    if (g_file_test(err_path, G_FILE_TEST_EXISTS)) {
        g_autofree char *expected = read_file(err_path);
        void *obj = tc->kind->parse(xml);

        if (obj) {
            g_autofree char *out = tc->kind->format(obj, 0);

            tc->kind->free(obj);
            g_error("%s: parsed, but %s expects an error; output:\n%s", tc->input, err_path, out);
        }
        g_assert_cmpstr(mv_error_last_message(), ==, g_strchomp(expected));
        g_assert_false(g_file_test(out_path, G_FILE_TEST_EXISTS));
        return;
    }

    {
        g_autofree char *out = format_or_fail(tc->kind, xml, 0, tc->input);
        g_autofree char *again = NULL;

        compare_or_regenerate(out_path, out);
        again = format_or_fail(tc->kind, out, 0, out_path);
        if (g_file_test(reparse_path, G_FILE_TEST_EXISTS)) {
            /* libvirt's own output is not always a fixed point (a
             * controller given without index is re-sorted when read
             * again): NAME.reparse.out.xml is its second pass, which is. */
            g_autofree char *third = NULL;

            compare_or_regenerate(reparse_path, again);
            third = format_or_fail(tc->kind, again, 0, reparse_path);
            g_assert_cmpstr(third, ==, again);
        } else {
            g_assert_cmpstr(again, ==, out);
        }
    }

    if (g_file_test(inactive_path, G_FILE_TEST_EXISTS)) {
        g_autofree char *out = format_or_fail(tc->kind, xml, MV_CONF_FORMAT_INACTIVE, tc->input);

        compare_or_regenerate(inactive_path, out);
    }
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* Adds one test per case in srcdir/<kind>/; returns how many. */
static size_t
add_kind(const char *dir, const MvConfKind *kind, GPtrArray *keep)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *entry;

    if (!d)
        return 0;
    while ((entry = g_dir_read_name(d))) {
        if (g_str_has_suffix(entry, ".xml") && !g_str_has_suffix(entry, ".out.xml"))
            g_ptr_array_add(names, g_strndup(entry, strlen(entry) - 4));
    }
    g_ptr_array_sort(names, compare_names);

    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        DataCase *tc = g_new0(DataCase, 1);
        g_autofree char *test_path = g_strdup_printf("/conf/%s/%s", kind->name, name);

        tc->kind = kind;
        tc->base = g_build_filename(dir, name, NULL);
        tc->input = g_strconcat(tc->base, ".xml", NULL);
        g_ptr_array_add(keep, tc);
        g_test_add_data_func(test_path, tc, run_case);
    }
    return names->len;
}

int
main(int argc, char **argv)
{
    const char *srcdir = g_getenv("MODVIRT_SRCDIR");
    g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func(data_case_free);
    const MvConfKind *const *kinds = mv_conf_kinds();
    size_t total = 0;
    int ret;

    g_test_init(&argc, &argv, NULL);
    /* One bad case must not hide the others. */
    g_test_set_nonfatal_assertions();
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    if (!srcdir)
        srcdir = ".";
    for (size_t i = 0; kinds[i]; i++) {
        g_autofree char *dir = g_build_filename(srcdir, "tests", "conf", kinds[i]->name, NULL);

        total += add_kind(dir, kinds[i], cases);
    }
    if (total == 0)
        g_error("no cases found below %s/tests/conf", srcdir);

    ret = g_test_run();
    return ret;
}
