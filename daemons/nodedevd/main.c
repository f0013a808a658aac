/* modvirt-nodedevd: the daemon for host devices; its driver (nodedev_driver.c) plugs in through MvDaemonDesc. */
#define MV_LOG_MODULE "daemon.nodedevd"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_driver.h"

int
main(int argc, char **argv)
{
    return mv_daemon_main(&mv_nodedev_daemon_desc, argc, argv);
}
