/* modvirt-lxcd: the daemon for LXC containers; its driver plugs in through MvDaemonDesc. */
#define MV_LOG_MODULE "daemon.lxcd"
#define MV_FROM_THIS VIR_FROM_LXC

#include "daemon.h"
#include "util/error.h"

static const MvDaemonDesc lxcd_desc = {
    .name = "lxcd",
    .summary = "modvirt daemon for Linux containers (lxc:///system).",
    .error_domain = MV_FROM_THIS,
    .uri_scheme = "lxc",
    .driver_type = "LXC",
};

int
main(int argc, char **argv)
{
    return mv_daemon_main(&lxcd_desc, argc, argv);
}
