/* modvirt-qemud: the daemon for QEMU/KVM guests; its driver plugs in through MvDaemonDesc. */
#define MV_LOG_MODULE "daemon.qemud"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "daemon.h"
#include "util/error.h"

static const MvDaemonDesc qemud_desc = {
    .name = "qemud",
    .summary = "modvirt daemon for QEMU and KVM guests (qemu:///system, qemu:///session).",
    .error_domain = MV_FROM_THIS,
    .uri_scheme = "qemu",
    .driver_type = "QEMU",
};

int
main(int argc, char **argv)
{
    return mv_daemon_main(&qemud_desc, argc, argv);
}
