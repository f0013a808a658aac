/* Connection URIs: parse and check driver[+transport]://[host]/path?params, the default URI, daemon sockets. */
#define MV_LOG_MODULE "client.uri"
#define MV_FROM_THIS VIR_FROM_NONE

#include "uri.h"

#include <unistd.h>

#include "util/error.h"
#include "util/log.h"
#include "util/paths.h"

typedef struct {
    const char *driver;
    const char *daemon;       /* NULL: embedded */
    bool session;             /* serves /session too */
} UriDriver;

static const UriDriver uri_drivers[] = {
    { "qemu", "qemud", true },
    { "lxc", "lxcd", false },
    { "xen", "xend", false },
    { "network", "networkd", true },
    { "nodedev", "nodedevd", true },
    { "test", NULL, false },
};

/* Transports libvirt knows; only unix (and none) is served today. */
static const char *const known_transports[] = {
    "unix", "tls", "tcp", "ssh", "libssh", "libssh2", "ext",
};

static const UriDriver *
uri_driver_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(uri_drivers); i++) {
        if (g_str_equal(uri_drivers[i].driver, name))
            return &uri_drivers[i];
    }
    return NULL;
}

void
mv_client_uri_free(MvClientUri *uri)
{
    if (!uri)
        return;
    g_free(uri->uri);
    g_free(uri->driver);
    g_free(uri->transport);
    g_free(uri->user);
    g_free(uri->host);
    g_free(uri->path);
    if (uri->params)
        g_hash_table_unref(uri->params);
    g_free(uri);
}

char *
mv_client_uri_default(const char *name)
{
    const char *env;

    if (name && *name)
        return g_strdup(name);
    env = g_getenv("MODVIRT_DEFAULT_URI");
    if (env && *env)
        return g_strdup(env);
    env = g_getenv("LIBVIRT_DEFAULT_URI");
    if (env && *env)
        return g_strdup(env);
    return g_strdup(geteuid() == 0 ? "qemu:///system" : "qemu:///session");
}

static int
uri_check_path(const MvClientUri *uri, const UriDriver *drv)
{
    const char *path = uri->path ? uri->path : "";

    if (!drv->daemon) {
        if (g_str_equal(path, "/default"))
            return 0;
        if (path[0] == '/') {
            mv_report_error(VIR_ERR_NO_SUPPORT,
                            "test driver with a host file ('%s'): only test:///default",
                            path);
            return -1;
        }
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "test driver URI path '%s' must be /default", path);
        return -1;
    }
    if (g_str_equal(path, "/system"))
        return 0;
    if (g_str_equal(path, "/session") && drv->session)
        return 0;
    mv_report_error(VIR_ERR_INVALID_ARG, "unexpected %s URI path '%s', try %s:///system",
                    drv->driver, path, drv->driver);
    return -1;
}

static int
uri_check_params(MvClientUri *uri, const UriDriver *drv)
{
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, uri->params);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        if (g_str_equal(key, "socket")) {
            if (!g_path_is_absolute(value)) {
                mv_report_error(VIR_ERR_INVALID_ARG,
                                "socket path '%s' in URI '%s' must be absolute",
                                (char *) value, uri->uri);
                return -1;
            }
            uri->socket = value;
        } else if (g_str_equal(key, "mode")) {
            if (!g_str_equal(value, "auto") && !g_str_equal(value, "direct") &&
                !g_str_equal(value, "legacy")) {
                mv_report_error(VIR_ERR_INVALID_ARG,
                                "Unknown remote mode '%s' (should be auto, direct or legacy)",
                                (char *) value);
                return -1;
            }
            uri->mode = value;
        } else {
            /* libvirt ignores parameters it does not know (no_verify, pkipath, ...). */
            MV_DEBUG("ignoring URI parameter %s=%s", (char *) key, (char *) value);
        }
    }
    if (!drv->daemon && (uri->socket || uri->mode)) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "the test driver takes no socket or mode ('%s')", uri->uri);
        return -1;
    }
    return 0;
}

static int
uri_check_transport(const MvClientUri *uri, const UriDriver *drv)
{
    bool known = false;

    if (!uri->transport)
        return 0;
    for (size_t i = 0; i < G_N_ELEMENTS(known_transports); i++)
        known |= g_str_equal(known_transports[i], uri->transport);
    if (!known) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "transport in URL not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)");
        return -1;
    }
    if (!drv->daemon) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "the test driver takes no transport ('%s')", uri->uri);
        return -1;
    }
    if (!g_str_equal(uri->transport, "unix")) {
        mv_report_error(VIR_ERR_NO_SUPPORT, "transport '%s' (only unix sockets): %s",
                        uri->transport, uri->uri);
        return -1;
    }
    return 0;
}

MvClientUri *
mv_client_uri_parse(const char *text)
{
    g_autoptr(MvClientUri) uri = g_new0(MvClientUri, 1);
    g_autoptr(GUri) guri = NULL;
    g_autoptr(GError) gerr = NULL;
    const char *scheme;
    const char *plus;
    const char *query;
    const UriDriver *drv;

    uri->uri = g_strdup(text);
    uri->port = -1;
    guri = g_uri_parse(text, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_NON_DNS, &gerr);
    if (!guri || !g_uri_get_scheme(guri)) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "Unable to parse URI %s", text);
        return NULL;
    }

    scheme = g_uri_get_scheme(guri);
    plus = strchr(scheme, '+');
    uri->driver = plus ? g_ascii_strdown(scheme, plus - scheme) : g_ascii_strdown(scheme, -1);
    uri->transport = plus ? g_ascii_strdown(plus + 1, -1) : NULL;
    uri->user = g_strdup(g_uri_get_user(guri));
    uri->host = g_strdup(g_uri_get_host(guri));
    uri->port = g_uri_get_port(guri);
    uri->path = g_strdup(g_uri_get_path(guri));

    query = g_uri_get_query(guri);
    if (query && *query) {
        uri->params = g_uri_parse_params(query, -1, "&", G_URI_PARAMS_NONE, &gerr);
        if (!uri->params) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "Unable to parse URI %s", text);
            return NULL;
        }
    } else {
        uri->params = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    }

    drv = uri_driver_find(uri->driver);
    if (!drv) {
        mv_report_error(VIR_ERR_NO_CONNECT, "%s", text);
        return NULL;
    }
    if (uri_check_transport(uri, drv) < 0)
        return NULL;
    if (uri->host && *uri->host && !g_str_equal(uri->host, "localhost")) {
        mv_report_error(VIR_ERR_NO_SUPPORT, "remote host '%s' (only local connections): %s",
                        uri->host, text);
        return NULL;
    }
    if (uri_check_path(uri, drv) < 0 || uri_check_params(uri, drv) < 0)
        return NULL;
    return g_steal_pointer(&uri);
}

const char *
mv_client_uri_daemon(const MvClientUri *uri)
{
    const UriDriver *drv = uri_driver_find(uri->driver);

    return drv ? drv->daemon : NULL;
}

bool
mv_client_uri_is_session(const MvClientUri *uri)
{
    return uri->path && g_str_equal(uri->path, "/session");
}

char *
mv_client_uri_socket(const MvClientUri *uri, bool read_only)
{
    const char *daemon = mv_client_uri_daemon(uri);
    const char *root = g_getenv("MODVIRT_ROOT");
    const char *mode = uri->mode ? uri->mode : "auto";
    g_autoptr(MvPaths) paths = NULL;
    g_autofree char *direct = NULL;

    if (!daemon) {
        mv_report_error(VIR_ERR_INVALID_ARG, "no daemon serves '%s'", uri->uri);
        return NULL;
    }
    if (uri->socket)
        return g_strdup(uri->socket);

    if (root && *root)
        paths = mv_paths_new(MV_PATHS_ROOT, root);
    else
        paths = mv_paths_new(mv_client_uri_is_session(uri) ? MV_PATHS_SESSION : MV_PATHS_SYSTEM,
                             NULL);
    if (!paths)
        return NULL;

    /* Session daemons have no read-only socket. */
    if (mv_client_uri_is_session(uri))
        read_only = false;
    direct = mv_paths_socket(paths, daemon, read_only);
    if (g_str_equal(mode, "direct") ||
        (g_str_equal(mode, "auto") && g_file_test(direct, G_FILE_TEST_EXISTS)))
        return g_steal_pointer(&direct);
    return mv_paths_socket(paths, "proxyd", read_only);
}
