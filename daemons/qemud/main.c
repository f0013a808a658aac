/* modvirt-qemud: the daemon for QEMU/KVM guests; its driver plugs in through MvDaemonDesc. */
#define MV_LOG_MODULE "daemon.qemud"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "daemon.h"
#include "qemu_driver.h"
#include "util/error.h"

static const MvDaemonDesc qemud_desc = {
    .name = "qemud",
    .summary = "modvirt daemon for QEMU and KVM guests (qemu:///system, qemu:///session).",
    .error_domain = MV_FROM_THIS,
    .uri_scheme = "qemu",
    .driver_type = "QEMU",
    .remote_handlers = &mv_qemu_remote_handlers,
    .driver_init = mv_qemu_driver_init,
    .driver_reload = mv_qemu_driver_reload,
    .driver_cleanup = mv_qemu_driver_cleanup,
};

int
main(int argc, char **argv)
{
    return mv_daemon_main(&qemud_desc, argc, argv);
}
