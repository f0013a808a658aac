/* modvirt-proxyd: the daemon for the routing proxy; its driver plugs in through MvDaemonDesc. */
#define MV_LOG_MODULE "daemon.proxyd"
#define MV_FROM_THIS VIR_FROM_RPC

#include "daemon.h"
#include "util/error.h"

static const MvDaemonDesc proxyd_desc = {
    .name = "proxyd",
    .summary = "modvirt daemon for routes each call to the daemon that owns it.",
    .error_domain = MV_FROM_THIS,
};

int
main(int argc, char **argv)
{
    return mv_daemon_main(&proxyd_desc, argc, argv);
}
