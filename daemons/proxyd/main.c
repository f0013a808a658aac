/* modvirt-proxyd: the routing proxy's options and wiring; the routing lives in proxy_*.c. */
#define MV_LOG_MODULE "daemon.proxyd"
#define MV_FROM_THIS VIR_FROM_RPC

#include <stdio.h>
#include <string.h>

#include "daemon.h"
#include "proxy_driver.h"
#include "util/error.h"

#define LIBVIRT_SOCKET_OPTION "--libvirt-socket"

static const MvDaemonDesc proxyd_desc = {
    .name = "proxyd",
    .summary = "modvirt daemon that routes each call to the daemon that owns it.\n"
               "\n"
               "  " LIBVIRT_SOCKET_OPTION "=PATH   also listen on PATH and PATH-ro "
               "(libvirt's legacy socket, e.g. /run/libvirt/libvirt-sock)",
    .error_domain = MV_FROM_THIS,
    .driver_init = mv_proxy_driver_init,
    .driver_cleanup = mv_proxy_driver_cleanup,
    .client_accepted = mv_proxy_driver_client_accepted,
};

/* Takes --libvirt-socket PATH (or =PATH) out of argv, which the common
 * options then parse; -1 when its value is missing. */
static int
take_libvirt_socket(int *argc, char **argv, const char **ret_path)
{
    size_t len = strlen(LIBVIRT_SOCKET_OPTION);
    int out = 0;

    for (int i = 0; i < *argc; i++) {
        if (strcmp(argv[i], LIBVIRT_SOCKET_OPTION) == 0) {
            if (i + 1 >= *argc || !*argv[i + 1])
                return -1;
            *ret_path = argv[++i];
        } else if (strncmp(argv[i], LIBVIRT_SOCKET_OPTION "=", len + 1) == 0) {
            if (!argv[i][len + 1])
                return -1;
            *ret_path = argv[i] + len + 1;
        } else {
            argv[out++] = argv[i];
        }
    }
    argv[out] = NULL;
    *argc = out;
    return 0;
}

int
main(int argc, char **argv)
{
    const char *libvirt_socket = NULL;

    if (take_libvirt_socket(&argc, argv, &libvirt_socket) < 0) {
        fprintf(stderr, "modvirt-proxyd: %s: the socket path is missing\n"
                "Try 'modvirt-proxyd --help' for more information.\n", LIBVIRT_SOCKET_OPTION);
        return 2;
    }
    mv_proxy_driver_set_libvirt_socket(libvirt_socket);
    return mv_daemon_main(&proxyd_desc, argc, argv);
}
