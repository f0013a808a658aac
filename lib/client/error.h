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

/* The end of a public call that reached its driver, with the driver's
 * answer: a failure (NULL, a negative number) is dispatched to conn as
 * above; the answer is returned as it is. */
void *mv_client_finish_ptr(virConnectPtr conn, void *ret);
int mv_client_finish_int(virConnectPtr conn, int ret);

/* The same for the calls answering 0 or -1, whatever their driver's
 * success answered. */
int mv_client_finish_status(virConnectPtr conn, int ret);
