/* modvirt-proxyd's driver: the clients it routes, on its own sockets and on libvirt's legacy socket when asked. */
#pragma once

#include <gio/gio.h>
#include <stdbool.h>

#include "daemon.h"

/* Before mv_daemon_main: also listen on path (read-write) and, outside
 * session mode, path-ro (read-only), libvirt's legacy socket names
 * (/run/libvirt/libvirt-sock). NULL: not at all. */
void mv_proxy_driver_set_libvirt_socket(const char *path);

int mv_proxy_driver_init(MvDaemon *daemon);
void mv_proxy_driver_cleanup(MvDaemon *daemon);
void mv_proxy_driver_client_accepted(MvDaemon *daemon, GSocketConnection *conn, bool read_only);
