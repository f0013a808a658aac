/* nodedevd-fake-kernel: modvirt-nodedevd for tests, with the fake kernel of fake-sysfs/ answering its sysfs writes (and a FAKE hook that holds a probe while a marker file says so); only with --root. */
#define MV_LOG_MODULE "tests.nodedevd"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fake_sysfs.h"
#include "nodedev_driver.h"
#include "nodedev_pci_detach.h"
#include "util/error.h"
#include "util/file.h"

/* How often a held probe looks at its marker, and how long it waits at
 * most: longer than a client's 60 s call timeout, so that a test can
 * make the caller give up while the detach is still held. */
#define BLOCK_POLL_US (10 * 1000)
#define BLOCK_MAX_MS 90000

/* The fake tree's root (--root): the sysfs in ROOT/sys, the markers in ROOT. */
static char *fake_root;

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

/* What the probe of the device named by value is for: "detach" when its
 * driver_override says vfio-pci, else "reattach" (the override cleared). */
static const char *
probe_phase(const char *value)
{
    g_autofree char *addr = g_strstrip(g_strdup(value));
    g_autofree char *path = g_strdup_printf("%s/sys/bus/pci/devices/%s/driver_override",
                                            fake_root, addr);
    g_autofree char *override = NULL;

    if (g_file_get_contents(path, &override, NULL, NULL) &&
        g_str_equal(g_strstrip(override), "vfio-pci"))
        return "detach";
    return "reattach";
}

/* FAKE test hook, for tests that kill -9 nodedevd inside its own call;
 * never in nodedevd's real sysfs code. A probe is the step between
 * "driver_override written, device unbound" and "bound": while
 * ROOT/block-detach (ROOT/block-reattach) exists, the probe of a detach
 * (a reattach) waits, with ROOT/blocked-detach (ROOT/blocked-reattach)
 * made, holding the device's address, to say it got there. The test
 * kills the daemon there, or removes the marker to let the probe go on.
 * After BLOCK_MAX_MS the write fails. */
static int
block_point(const char *value)
{
    const char *phase = probe_phase(value);
    g_autofree char *block = g_strdup_printf("%s/block-%s", fake_root, phase);
    g_autofree char *blocked = g_strdup_printf("%s/blocked-%s", fake_root, phase);
    gint64 deadline = g_get_monotonic_time() + (gint64) BLOCK_MAX_MS * G_TIME_SPAN_MILLISECOND;

    if (!g_file_test(block, G_FILE_TEST_EXISTS))
        return 0;
    if (mv_file_replace_atomic(blocked, value, strlen(value), 0644) < 0)
        return -1;
    while (g_file_test(block, G_FILE_TEST_EXISTS)) {
        if (g_get_monotonic_time() >= deadline) {
            unlink(blocked);
            mv_report_error(VIR_ERR_OPERATION_TIMEOUT,
                            "fake kernel: the %s probe of PCI device %s not done: '%s' still there after %d ms",
                            phase, value, block, BLOCK_MAX_MS);
            return -1;
        }
        g_usleep(BLOCK_POLL_US);
    }
    unlink(blocked);
    return 0;
}

/* The fake kernel, held at a probe while a marker says so. */
static int
fake_kernel_write(const char *path, const char *value, void *opaque)
{
    g_autofree char *base = g_path_get_basename(path);

    if (g_str_equal(base, "drivers_probe") && block_point(value) < 0)
        return -1;
    return mv_fake_kernel_write(path, value, opaque);
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
    fake_root = abs_root;
    mv_nodedev_pci_set_write_func(fake_kernel_write, abs_root);
    return mv_daemon_main(&mv_nodedev_daemon_desc, argc, argv);
}
