/* Tests of lib/util/error: messages as libvirt words them, the per-thread last error. */
#define MV_FROM_THIS VIR_FROM_QEMU

#include <errno.h>

#include "util/error.h"
#include "util/log.h"

static void
test_internal_error_message(void)
{
    const MvError *err;

    mv_error_reset();
    g_assert_null(mv_error_last());
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OK);

    mv_report_error(VIR_ERR_INTERNAL_ERROR, "monitor of '%s' closed", "vm1");
    err = mv_error_last();
    g_assert_nonnull(err);
    g_assert_cmpint(err->code, ==, VIR_ERR_INTERNAL_ERROR);
    g_assert_cmpint(err->domain, ==, VIR_FROM_QEMU);
    g_assert_cmpint(err->level, ==, VIR_ERR_ERROR);
    g_assert_cmpstr(err->message, ==, "internal error: monitor of 'vm1' closed");
    g_assert_cmpstr(err->str1, ==, "monitor of 'vm1' closed");
}

static void
test_detail_inside_message(void)
{
    /* Some of libvirt's texts put the detail in the middle. */
    mv_report_error(VIR_ERR_DOM_EXIST, "'%s'", "web");
    g_assert_cmpstr(mv_error_last_message(), ==, "domain 'web' exists already");
}

static void
test_empty_detail(void)
{
    mv_report_error(VIR_ERR_NO_SUPPORT, "%s", "");
    g_assert_cmpstr(mv_error_last_message(), ==,
                    "this function is not supported by the connection driver");
}

static void
test_unknown_code(void)
{
    g_autofree char *msg = mv_error_format_message(9999, "odd");

    g_assert_cmpstr(msg, ==, "error: odd");
    g_assert_cmpstr(mv_error_code_prefix(-1), ==, "error");
}

static void
test_system_error(void)
{
    errno = 0;
    mv_report_system_error(ENOENT, "cannot open '%s'", "/nonexistent");
    g_assert_cmpint(errno, ==, ENOENT);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_SYSTEM_ERROR);
    g_assert_cmpint(mv_error_last()->int1, ==, ENOENT);
    g_assert_cmpstr(mv_error_last_message(), ==,
                    "cannot open '/nonexistent': No such file or directory");
}

static void
test_errno_preserved(void)
{
    errno = EAGAIN;
    mv_report_error(VIR_ERR_INTERNAL_ERROR, "x");
    g_assert_cmpint(errno, ==, EAGAIN);
}

static void
test_save_restore(void)
{
    g_autoptr(MvError) copy = NULL;
    MvError *saved;

    mv_report_error(VIR_ERR_OPERATION_INVALID, "domain is not running");
    saved = mv_error_save();
    g_assert_null(mv_error_last());

    mv_report_error(VIR_ERR_INTERNAL_ERROR, "cleanup failed");
    mv_error_restore(saved);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OPERATION_INVALID);

    copy = mv_error_copy(mv_error_last());
    mv_error_reset();
    g_assert_null(mv_error_last());
    mv_error_set(copy);
    g_assert_cmpstr(mv_error_last_message(), ==,
                    "Requested operation is not valid: domain is not running");
}

static gpointer
thread_reports(gpointer data)
{
    g_assert_null(mv_error_last());
    mv_report_error(VIR_ERR_INVALID_ARG, "in thread");
    return GINT_TO_POINTER(mv_error_last_code());
}

static void
test_thread_local(void)
{
    GThread *thread;

    mv_report_error(VIR_ERR_INTERNAL_ERROR, "main");
    thread = g_thread_new("reporter", thread_reports, NULL);
    g_assert_cmpint(GPOINTER_TO_INT(g_thread_join(thread)), ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INTERNAL_ERROR);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    g_test_add_func("/util/error/internal", test_internal_error_message);
    g_test_add_func("/util/error/detail-inside", test_detail_inside_message);
    g_test_add_func("/util/error/empty-detail", test_empty_detail);
    g_test_add_func("/util/error/unknown-code", test_unknown_code);
    g_test_add_func("/util/error/system", test_system_error);
    g_test_add_func("/util/error/errno-preserved", test_errno_preserved);
    g_test_add_func("/util/error/save-restore", test_save_restore);
    g_test_add_func("/util/error/thread-local", test_thread_local);
    return g_test_run();
}
