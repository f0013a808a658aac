/* Tests of lib/client/uri.c: a table of valid and invalid connection URIs, the default URI, socket paths. */
#include <glib.h>

#include "client/uri.h"
#include "util/error.h"
#include "util/log.h"

typedef struct {
    const char *uri;
    int code;               /* VIR_ERR_OK: parses */
    const char *driver;
    const char *transport;
    const char *path;
    const char *socket;
} UriCase;

static const UriCase uri_cases[] = {
    { "qemu:///system", VIR_ERR_OK, "qemu", NULL, "/system", NULL },
    { "qemu:///session", VIR_ERR_OK, "qemu", NULL, "/session", NULL },
    { "qemu+unix:///system?socket=/tmp/s", VIR_ERR_OK, "qemu", "unix", "/system", "/tmp/s" },
    { "qemu:///system?mode=direct", VIR_ERR_OK, "qemu", NULL, "/system", NULL },
    { "qemu://localhost/system", VIR_ERR_OK, "qemu", NULL, "/system", NULL },
    { "QEMU:///system", VIR_ERR_OK, "qemu", NULL, "/system", NULL },
    { "lxc:///system", VIR_ERR_OK, "lxc", NULL, "/system", NULL },
    { "xen:///system", VIR_ERR_OK, "xen", NULL, "/system", NULL },
    { "network:///system", VIR_ERR_OK, "network", NULL, "/system", NULL },
    { "nodedev:///system", VIR_ERR_OK, "nodedev", NULL, "/system", NULL },
    { "test:///default", VIR_ERR_OK, "test", NULL, "/default", NULL },
    { "qemu:///system?no_verify=1", VIR_ERR_OK, "qemu", NULL, "/system", NULL },
    { "not a uri", VIR_ERR_INTERNAL_ERROR },
    { "", VIR_ERR_INTERNAL_ERROR },
    { "vbox:///session", VIR_ERR_NO_CONNECT },
    { "qemu:///bogus", VIR_ERR_INVALID_ARG },
    { "lxc:///session", VIR_ERR_INVALID_ARG },
    { "qemu+carrier:///system", VIR_ERR_INVALID_ARG },
    { "qemu+ssh://host/system", VIR_ERR_NO_SUPPORT },
    { "qemu+tls:///system", VIR_ERR_NO_SUPPORT },
    { "qemu://elsewhere/system", VIR_ERR_NO_SUPPORT },
    { "qemu+unix:///system?socket=relative", VIR_ERR_INVALID_ARG },
    { "qemu:///system?mode=fast", VIR_ERR_INVALID_ARG },
    { "test:///tmp/host.xml", VIR_ERR_NO_SUPPORT },
    { "test:///default?socket=/x", VIR_ERR_INVALID_ARG },
    { "test+unix:///default", VIR_ERR_INVALID_ARG },
};

static void
test_uri_case(gconstpointer data)
{
    const UriCase *c = data;
    g_autoptr(MvClientUri) uri = NULL;

    mv_error_reset();
    uri = mv_client_uri_parse(c->uri);
    if (c->code != VIR_ERR_OK) {
        g_assert_null(uri);
        g_assert_cmpint(mv_error_last_code(), ==, c->code);
        return;
    }
    g_assert_nonnull(uri);
    g_assert_cmpstr(uri->driver, ==, c->driver);
    g_assert_cmpstr(uri->transport, ==, c->transport);
    g_assert_cmpstr(uri->path, ==, c->path);
    g_assert_cmpstr(uri->socket, ==, c->socket);
}

static void
test_default(void)
{
    g_autofree char *given = mv_client_uri_default("test:///default");
    g_autofree char *from_modvirt = NULL;
    g_autofree char *from_libvirt = NULL;
    g_autofree char *fallback = NULL;

    g_assert_cmpstr(given, ==, "test:///default");
    g_setenv("LIBVIRT_DEFAULT_URI", "lxc:///system", TRUE);
    g_setenv("MODVIRT_DEFAULT_URI", "xen:///system", TRUE);
    from_modvirt = mv_client_uri_default(NULL);
    g_assert_cmpstr(from_modvirt, ==, "xen:///system");
    g_unsetenv("MODVIRT_DEFAULT_URI");
    from_libvirt = mv_client_uri_default("");
    g_assert_cmpstr(from_libvirt, ==, "lxc:///system");
    g_unsetenv("LIBVIRT_DEFAULT_URI");
    fallback = mv_client_uri_default(NULL);
    g_assert_true(g_str_has_prefix(fallback, "qemu:///s"));
}

static void
test_socket(void)
{
    g_autoptr(MvClientUri) sys = mv_client_uri_parse("qemu:///system?mode=direct");
    g_autoptr(MvClientUri) legacy = mv_client_uri_parse("network:///system?mode=legacy");
    g_autoptr(MvClientUri) named = mv_client_uri_parse("qemu+unix:///system?socket=/x/y");
    g_autoptr(MvClientUri) test = mv_client_uri_parse("test:///default");
    g_autofree char *path = NULL;
    g_autofree char *ro = NULL;
    g_autofree char *proxy = NULL;
    g_autofree char *direct = NULL;

    g_setenv("MODVIRT_ROOT", "/tmp/mvroot", TRUE);
    path = mv_client_uri_socket(sys, false);
    g_assert_cmpstr(path, ==, "/tmp/mvroot/run/modvirt/qemud-sock");
    ro = mv_client_uri_socket(sys, true);
    g_assert_cmpstr(ro, ==, "/tmp/mvroot/run/modvirt/qemud-sock-ro");
    proxy = mv_client_uri_socket(legacy, false);
    g_assert_cmpstr(proxy, ==, "/tmp/mvroot/run/modvirt/proxyd-sock");
    direct = mv_client_uri_socket(named, false);
    g_assert_cmpstr(direct, ==, "/x/y");
    g_assert_null(mv_client_uri_socket(test, false));
    g_unsetenv("MODVIRT_ROOT");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    for (size_t i = 0; i < G_N_ELEMENTS(uri_cases); i++) {
        g_autofree char *name = g_strdup_printf("/client/uri/%zu", i);

        g_test_add_data_func(name, &uri_cases[i], test_uri_case);
    }
    g_test_add_func("/client/uri/default", test_default);
    g_test_add_func("/client/uri/socket", test_socket);
    return g_test_run();
}
