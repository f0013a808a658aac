/* The public error API's internal side: the thread's last error handed to handlers and connections. */
#pragma once

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

/* At the end of a failed public call: gives a generic error when none was
 * reported, copies it to conn's last error (conn may be NULL) and calls
 * the connection's handler, else the global one, else virDefaultErrorFunc. */
void mv_client_dispatch_error(virConnectPtr conn);

/* Frees the strings of a public error and zeroes it. */
void mv_client_error_clear(virErrorPtr err);
