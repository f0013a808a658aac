/* modvirt-networkd: the daemon for virtual networks; its driver plugs in through MvDaemonDesc. */
#define MV_LOG_MODULE "daemon.networkd"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "daemon.h"
#include "network_driver.h"
#include "network_driver_internal.h"
#include "remote.h"
#include "util/error.h"

static const MvDaemonDesc networkd_desc = {
    .name = "networkd",
    .summary = "modvirt daemon for virtual networks and network ports (network:///system).",
    .error_domain = MV_FROM_THIS,
    .uri_scheme = "network",
    .driver_type = "network",
    .remote_handlers = &mv_network_remote_handlers,
    .internal_handlers = &mv_network_internal_handlers,
    .driver_init = mv_network_driver_init,
    .driver_reload = mv_network_driver_reload,
    .driver_cleanup = mv_network_driver_cleanup,
};

int
main(int argc, char **argv)
{
    return mv_daemon_main(&networkd_desc, argc, argv);
}
