/* modvirt-networkd: the daemon for virtual networks; its driver plugs in through MvDaemonDesc. */
#define MV_LOG_MODULE "daemon.networkd"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "daemon.h"
#include "util/error.h"

static const MvDaemonDesc networkd_desc = {
    .name = "networkd",
    .summary = "modvirt daemon for virtual networks and network ports (network:///system).",
    .error_domain = MV_FROM_THIS,
    .uri_scheme = "network",
    .driver_type = "network",
};

int
main(int argc, char **argv)
{
    return mv_daemon_main(&networkd_desc, argc, argv);
}
