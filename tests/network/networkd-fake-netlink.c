/* networkd-fake-netlink: modvirt-networkd for tests, with the FAKE netlink recorder in place of the kernel for VF settings; only with --root. */
#define MV_LOG_MODULE "tests.networkd"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include <stdio.h>
#include <string.h>

#include "daemon.h"
#include "netlink_vf_fake.h"
#include "network_driver.h"
#include "network_driver_internal.h"
#include "util/error.h"

/* The same daemon as modvirt-networkd (same name, sockets and driver). */
static const MvDaemonDesc fake_desc = {
    .name = "networkd",
    .summary = "modvirt-networkd with a fake netlink for SR-IOV VF settings (tests only).",
    .error_domain = MV_FROM_THIS,
    .uri_scheme = "network",
    .driver_type = "network",
    .remote_handlers = &mv_network_remote_handlers,
    .internal_handlers = &mv_network_internal_handlers,
    .driver_init = mv_network_driver_init,
    .driver_reload = mv_network_driver_reload,
    .driver_cleanup = mv_network_driver_cleanup,
};

static const char *
find_root(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if ((strcmp(argv[i], "--root") == 0 || strcmp(argv[i], "-r") == 0) && i + 1 < argc)
            return argv[i + 1];
        if (g_str_has_prefix(argv[i], "--root="))
            return argv[i] + strlen("--root=");
    }
    return NULL;
}

/* The fake's files sit in DIR itself, beside the fake sysfs tree. */
int
main(int argc, char **argv)
{
    const char *root = find_root(argc, argv);
    g_autofree char *abs_root = NULL;

    if (!root || !*root) {
        fprintf(stderr, "%s: the fake netlink needs --root DIR\n", argv[0]);
        return 2;
    }
    abs_root = g_canonicalize_filename(root, NULL);
    mv_netlink_vf_fake_install(abs_root);
    return mv_daemon_main(&fake_desc, argc, argv);
}
