/* modvirt-xend: the daemon for Xen guests; its driver plugs in through MvDaemonDesc. */
#define MV_LOG_MODULE "daemon.xend"
#define MV_FROM_THIS VIR_FROM_LIBXL

#include "daemon.h"
#include "util/error.h"

static const MvDaemonDesc xend_desc = {
    .name = "xend",
    .summary = "modvirt daemon for Xen guests through libxl (xen:///system).",
    .error_domain = MV_FROM_THIS,
    .uri_scheme = "xen",
    .driver_type = "Xen",
};

int
main(int argc, char **argv)
{
    return mv_daemon_main(&xend_desc, argc, argv);
}
