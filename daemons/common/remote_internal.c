/* Who may call modvirt's internal program on a daemon's server: an opened, read-write connection only. */
#define MV_LOG_MODULE "daemon.internal"
#define MV_FROM_THIS VIR_FROM_RPC

#include <libvirt/libvirt.h>

#include "protocol/internal_dispatch.h"
#include "remote.h"
#include "util/error.h"

const MvInternalHandlers *
mv_internal_handlers_for_call(MvRpcServerClient *client, int procedure)
{
    const MvDaemonDesc *desc = mv_daemon_get_desc(mv_remote_client_get_daemon(client));
    g_autofree char *uri = mv_remote_client_get_uri(client);

    if (!uri) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "connection not open");
        return NULL;
    }
    /* The dispatcher refused the read-only socket already (no internal
     * procedure is @readonly); this refuses a VIR_CONNECT_RO open. */
    if (mv_remote_client_is_read_only(client)) {
        mv_report_error(VIR_ERR_OPERATION_DENIED,
                        "internal procedure %d is not allowed on a read-only connection",
                        procedure);
        return NULL;
    }
    if (!desc->internal_handlers) {
        mv_report_error(VIR_ERR_NO_SUPPORT, "internal procedure %d", procedure);
        return NULL;
    }
    return desc->internal_handlers;
}
