/* modvirt-nodedevd: the daemon for host devices; its driver plugs in through MvDaemonDesc. */
#define MV_LOG_MODULE "daemon.nodedevd"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "daemon.h"
#include "util/error.h"

static const MvDaemonDesc nodedevd_desc = {
    .name = "nodedevd",
    .summary = "modvirt daemon for host devices from udev, sysfs and PCI (nodedev:///system).",
    .error_domain = MV_FROM_THIS,
    .uri_scheme = "nodedev",
    .driver_type = "nodedev",
};

int
main(int argc, char **argv)
{
    return mv_daemon_main(&nodedevd_desc, argc, argv);
}
