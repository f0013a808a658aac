/* The QEMU driver's connection and host calls: hypervisor version, capabilities XML, vCPU limit. */
#define MV_LOG_MODULE "qemu.driver"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_driver.h"

#include <fcntl.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "conf/capabilities.h"
#include "qemu_capabilities_xml.h"
#include "util/error.h"
#include "util/log.h"

/* What libvirt's QEMU driver answers without KVM: TCG's limit. */
#define QEMU_TCG_MAX_VCPUS 255

int
mv_qemu_connect_get_version(MvRpcServerClient *client, remote_connect_get_version_ret *ret)
{
    g_autoptr(MvQemuCaps) caps = mv_qemu_driver_caps_for(mv_qemu_driver_from_client(client),
                                                       NULL, NULL);

    if (!caps)
        return -1;
    ret->hv_ver = mv_qemu_caps_get_version(caps);
    return 0;
}

int
mv_qemu_connect_get_capabilities(MvRpcServerClient *client,
                                 remote_connect_get_capabilities_ret *ret)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    g_autoptr(MvCaps) caps = mv_caps_new();
    g_auto(GStrv) binaries = mv_qemu_caps_find_binaries();
    struct utsname uts;
    int arch;

    if (uname(&uts) == 0 && (arch = mv_arch_from_string(uts.machine)) >= 0)
        caps->host.arch = arch;
    mv_caps_host_add_secmodel(&caps->host, "none", "0");

    for (size_t i = 0; binaries && binaries[i]; i++) {
        g_autoptr(MvQemuCaps) qcaps = mv_qemu_caps_cache_lookup(driver->caps_cache, binaries[i]);

        if (!qcaps || mv_qemu_caps_add_guest(qcaps, caps) < 0) {
            MV_WARN("leaving '%s' out of the capabilities: %s", binaries[i],
                    mv_error_last_message());
            mv_error_reset();
        }
    }
    ret->capabilities = mv_caps_format(caps);
    return ret->capabilities ? 0 : -1;
}

/* KVM's own limit when /dev/kvm answers, else TCG's. */
int
mv_qemu_connect_get_max_vcpus(MvRpcServerClient *client,
                              remote_connect_get_max_vcpus_args *args,
                              remote_connect_get_max_vcpus_ret *ret)
{
    const char *type = args->type ? *args->type : NULL;
    int fd;
    int n = -1;

    if (type && g_ascii_strcasecmp(type, "qemu") != 0 && g_ascii_strcasecmp(type, "kvm") != 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unknown type '%s'", type);
        return -1;
    }
    if ((!type || g_ascii_strcasecmp(type, "kvm") == 0) &&
        (fd = open("/dev/kvm", O_RDWR | O_CLOEXEC)) >= 0) {
        n = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS);
        if (n <= 0)
            n = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_NR_VCPUS);
        close(fd);
    }
    ret->max_vcpus = n > 0 ? n : QEMU_TCG_MAX_VCPUS;
    return 0;
}
