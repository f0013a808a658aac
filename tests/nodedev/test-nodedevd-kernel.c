/* nodedevd-fake-kernel: modvirt-nodedevd for tests, with the fake kernel of fake-sysfs/ answering its sysfs writes; only with --root. */
#define MV_LOG_MODULE "tests.nodedevd"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include <stdio.h>
#include <string.h>

#include "fake_sysfs.h"
#include "nodedev_driver.h"
#include "nodedev_pci_detach.h"

/* The value of --root DIR, -r DIR or --root=DIR; NULL without one. */
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

/* The production daemon never installs a fake kernel; this separate
 * binary does, and refuses to run on the host's /sys. */
int
main(int argc, char **argv)
{
    const char *root = find_root(argc, argv);
    g_autofree char *abs_root = NULL;

    if (!root || !*root) {
        fprintf(stderr, "%s: the fake kernel needs --root DIR (a fake sysfs tree in DIR/sys)\n",
                argv[0]);
        return 2;
    }
    abs_root = g_canonicalize_filename(root, NULL);
    mv_nodedev_pci_set_write_func(mv_fake_kernel_write, abs_root);
    return mv_daemon_main(&mv_nodedev_daemon_desc, argc, argv);
}
