/* Connection URIs: driver[+transport]://[user@][host][:port]/path?params, defaults and daemon sockets. */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef struct {
    char *uri;          /* the text given (or picked by default) */
    char *driver;       /* "qemu", "test", ... */
    char *transport;    /* "unix", or NULL */
    char *user;
    char *host;         /* NULL or "" for the local host */
    int port;           /* -1: none */
    char *path;         /* "/system", "/session", "/default" */
    GHashTable *params; /* name -> value */
    char *socket;       /* ?socket= */
    char *mode;         /* ?mode=: auto, direct, legacy */
} MvClientUri;

void mv_client_uri_free(MvClientUri *uri);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvClientUri, mv_client_uri_free)

/* The URI to open for name: name itself, or when name is NULL or empty
 * $MODVIRT_DEFAULT_URI, $LIBVIRT_DEFAULT_URI, then qemu:///system for root
 * and qemu:///session for others. */
char *mv_client_uri_default(const char *name);

/* Parses and checks a URI. Errors: VIR_ERR_INTERNAL_ERROR "Unable to
 * parse URI x" for text that is no URI; VIR_ERR_NO_CONNECT for a driver
 * modvirt has not; VIR_ERR_INVALID_ARG for a bad transport, path, mode or
 * socket; VIR_ERR_NO_SUPPORT for remote hosts and network transports
 * (tls, tcp, ssh: not yet). */
MvClientUri *mv_client_uri_parse(const char *text);

/* The daemon that serves the URI's driver ("qemud", "networkd", ...), or
 * NULL for the embedded test driver. */
const char *mv_client_uri_daemon(const MvClientUri *uri);

/* True for qemu:///session-like URIs: sockets in the user's runtime dir. */
bool mv_client_uri_is_session(const MvClientUri *uri);

/* The socket to connect to: ?socket=, else the daemon's socket in the
 * runtime dir ($MODVIRT_ROOT/run/modvirt when MODVIRT_ROOT is set,
 * /run/modvirt for system URIs, $XDG_RUNTIME_DIR/modvirt for session
 * ones); with mode auto the daemon's own socket when it exists, else the
 * proxy's; mode legacy always the proxy's, mode direct always the
 * daemon's. NULL after reporting for the test driver. */
char *mv_client_uri_socket(const MvClientUri *uri, bool read_only);
