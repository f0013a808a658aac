/* Tap devices for guest interfaces: /dev/net/tun for creating and opening, libnl for MAC, MTU, state and the bridge port, /dev/vhost-net; interface names from templates, shared with macvtaps. */
#define MV_LOG_MODULE "qemu.tap"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_tap.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util/error.h"
#include "util/log.h"

#define TUN_DEVICE "/dev/net/tun"
#define VHOST_NET_DEVICE "/dev/vhost-net"
#define TAP_FLAGS (IFF_TAP | IFF_NO_PI | IFF_VNET_HDR)
/* How many names a template may try before giving up (libvirt's bound). */
#define IFNAME_ATTEMPTS 10000

static MvQemuIfnameCounter tap_names = MV_QEMU_IFNAME_COUNTER_INIT;

bool
mv_qemu_link_exists(const char *name)
{
    return if_nametoindex(name) != 0;
}

int
mv_qemu_ifname_check(const char *name, const char *what)
{
    size_t len = name ? strlen(name) : 0;

    if (len == 0 || len >= IFNAMSIZ || strchr(name, '/') || strpbrk(name, " \t\n:") ||
        strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "'%s' is not a valid %s name", name ? name : "",
                        what);
        return -1;
    }
    return 0;
}

bool
mv_qemu_ifname_is_template(const char *name)
{
    const char *pct = strchr(name, '%');

    return pct && pct == strrchr(name, '%') && strstr(name, "%d") == pct;
}

int
mv_qemu_ifname_create(const char *tmpl, MvQemuIfnameCounter *counter, const char *what,
                      MvQemuIfnameTryFunc try_name, void *opaque, char **ret_name)
{
    for (int attempt = 0; attempt < IFNAME_ATTEMPTS; attempt++) {
        g_autofree char *try = NULL;
        bool taken = false;
        int id;
        int ret;

        g_mutex_lock(&counter->lock);
        id = ++counter->last_id;
        if (counter->last_id >= INT_MAX - 1)
            counter->last_id = -1;
        g_mutex_unlock(&counter->lock);

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        try = g_strdup_printf(tmpl, id);
#pragma GCC diagnostic pop
        if (strlen(try) >= IFNAMSIZ) {
            g_mutex_lock(&counter->lock);
            counter->last_id = -1;
            g_mutex_unlock(&counter->lock);
            continue;
        }
        if (mv_qemu_link_exists(try))
            continue;
        if ((ret = try_name(try, &taken, opaque)) < 0) {
            /* Another process took the name meanwhile: try the next one. */
            if (taken)
                continue;
            return -1;
        }
        *ret_name = g_steal_pointer(&try);
        return ret;
    }
    mv_report_error(VIR_ERR_INTERNAL_ERROR, "no unused %s names available for '%s'", what, tmpl);
    return -1;
}

/* TUNSETIFF on a new fd: creates the tap, or attaches to an existing one. */
static int
tun_attach(const char *name, short flags, bool *ret_busy)
{
    struct ifreq ifr = { 0 };
    int fd;

    *ret_busy = false;
    if ((fd = open(TUN_DEVICE, O_RDWR | O_CLOEXEC)) < 0) {
        mv_report_system_error(errno, "cannot open %s to create tap device '%s'", TUN_DEVICE, name);
        return -1;
    }
    ifr.ifr_flags = flags;
    g_strlcpy(ifr.ifr_name, name, sizeof(ifr.ifr_name));
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        int err = errno;

        close(fd);
        *ret_busy = err == EBUSY || err == EEXIST;
        errno = err;
        return -1;
    }
    return fd;
}

/* A new tap of a generated name; one taken meanwhile is not reported. */
static int
tap_create_named(const char *name, bool *ret_taken, void *opaque)
{
    int fd = tun_attach(name, TAP_FLAGS, ret_taken);

    if (fd < 0 && !*ret_taken)
        mv_report_system_error(errno, "cannot create tap device '%s'", name);
    return fd;
}

int
mv_qemu_tap_create(const char *name, char **ret_name)
{
    const char *tmpl = name ? name : MV_QEMU_TAP_NAME_TEMPLATE;
    bool busy = false;
    int fd;

    if (!mv_qemu_ifname_is_template(tmpl)) {
        if (mv_qemu_ifname_check(tmpl, "interface") < 0)
            return -1;
        if (mv_qemu_link_exists(tmpl)) {
            mv_report_error(VIR_ERR_OPERATION_FAILED,
                            "cannot create tap device '%s': an interface of that name exists already"
                            " (use <target dev='%s' managed='no'/> with type='ethernet' to use it)",
                            tmpl, tmpl);
            return -1;
        }
        if ((fd = tun_attach(tmpl, TAP_FLAGS, &busy)) < 0) {
            mv_report_system_error(errno, "cannot create tap device '%s'", tmpl);
            return -1;
        }
        *ret_name = g_strdup(tmpl);
        MV_DEBUG("created tap '%s' (fd %d)", tmpl, fd);
        return fd;
    }

    if ((fd = mv_qemu_ifname_create(tmpl, &tap_names, "tap device", tap_create_named, NULL,
                                    ret_name)) < 0)
        return -1;
    MV_DEBUG("created tap '%s' (fd %d)", *ret_name, fd);
    return fd;
}

int
mv_qemu_tap_open_existing(const char *name)
{
    g_autofree char *kind_path = NULL;
    bool busy = false;
    int fd;

    if (mv_qemu_ifname_check(name, "interface") < 0)
        return -1;
    if (!mv_qemu_link_exists(name)) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "tap device '%s' does not exist (managed='no' needs a tap made beforehand)",
                        name);
        return -1;
    }
    kind_path = g_strdup_printf("/sys/class/net/%s/tun_flags", name);
    if (!g_file_test(kind_path, G_FILE_TEST_EXISTS)) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "interface '%s' is not a tap device", name);
        return -1;
    }
    if ((fd = tun_attach(name, TAP_FLAGS, &busy)) < 0) {
        mv_report_system_error(errno, "cannot open the existing tap device '%s'", name);
        return -1;
    }
    return fd;
}

int
mv_qemu_tap_delete(const char *name)
{
    g_autofree char *flags_path = NULL;
    g_autofree char *text = NULL;

    if (mv_qemu_ifname_check(name, "interface") < 0)
        return -1;
    if (!mv_qemu_link_exists(name))
        return 0;
    /* Never attached to: TUNSETIFF on a tap changes its flags, and on a
     * persistent one clearing IFF_PERSIST would delete another program's
     * tap that took the name after the guest's went. */
    flags_path = g_strdup_printf("/sys/class/net/%s/tun_flags", name);
    if (!g_file_get_contents(flags_path, &text, NULL, NULL)) {
        MV_WARN("not deleting '%s': it is no tap device, so not the guest's", name);
        return 0;
    }
    if (g_ascii_strtoull(text, NULL, 16) & IFF_PERSIST) {
        MV_WARN("not deleting tap device '%s': it is persistent, so another program made it "
                "(the driver's taps go with their last fd)", name);
        return 0;
    }
    MV_DEBUG("tap '%s' is still open (QEMU's until it exits): it goes with its last fd", name);
    return 0;
}

void
mv_qemu_tap_mac(const MvMacAddr *guest, MvMacAddr *ret_mac)
{
    *ret_mac = *guest;
    ret_mac->addr[0] = guest->addr[0] == 0xFE ? 0xFA : 0xFE;
}

MvNlSock *
mv_qemu_netlink_open(const char *name)
{
    g_autoptr(MvNlSock) sk = nl_socket_alloc();
    int err;

    if (!sk) {
        mv_report_error(VIR_ERR_NO_MEMORY, "cannot allocate a netlink socket for '%s'", name);
        return NULL;
    }
    if ((err = nl_connect(sk, NETLINK_ROUTE)) < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot open a netlink socket for '%s': %s",
                        name, nl_geterror(err));
        return NULL;
    }
    return g_steal_pointer(&sk);
}

MvRtnlLink *
mv_qemu_link_get(MvNlSock *sk, const char *name)
{
    struct rtnl_link *link = NULL;
    int err = rtnl_link_get_kernel(sk, 0, name, &link);

    if (err < 0)
        return NULL;
    return link;
}

MvRtnlLink *
mv_qemu_link_lookup(const char *name)
{
    g_autoptr(MvNlSock) sk = NULL;

    if (!name || strlen(name) >= IFNAMSIZ || !(sk = nl_socket_alloc()) ||
        nl_connect(sk, NETLINK_ROUTE) < 0)
        return NULL;
    return mv_qemu_link_get(sk, name);
}

int
mv_qemu_tap_setup(const char *name, const MvMacAddr *mac, unsigned int mtu,
                  const char *bridge, bool up)
{
    g_autoptr(MvNlSock) sk = NULL;
    g_autoptr(MvRtnlLink) tap = NULL;
    g_autoptr(MvRtnlLink) br = NULL;
    g_autoptr(MvRtnlLink) change = NULL;
    g_autoptr(MvNlAddr) addr = NULL;
    char macstr[MV_MAC_STRING_BUFLEN];
    int err;

    if (!(sk = mv_qemu_netlink_open(name)))
        return -1;
    if (!(tap = mv_qemu_link_get(sk, name))) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "tap device '%s' vanished while being set up", name);
        return -1;
    }
    if (bridge) {
        const char *kind;

        if (mv_qemu_ifname_check(bridge, "interface") < 0)
            return -1;
        if (!(br = mv_qemu_link_get(sk, bridge))) {
            mv_report_error(VIR_ERR_OPERATION_FAILED,
                            "cannot add tap device '%s' to bridge '%s': there is no bridge '%s'",
                            name, bridge, bridge);
            return -1;
        }
        kind = rtnl_link_get_type(br);
        if (g_strcmp0(kind, "bridge") != 0) {
            mv_report_error(VIR_ERR_OPERATION_FAILED,
                            "cannot add tap device '%s' to bridge '%s': '%s' is not a bridge (%s)",
                            name, bridge, bridge, kind ? kind : "no link kind");
            return -1;
        }
        if (!mtu)
            mtu = rtnl_link_get_mtu(br);
    }

    if (!(change = rtnl_link_alloc()) ||
        !(addr = nl_addr_build(AF_LLC, (void *) mac->addr, MV_MAC_BUFLEN))) {
        mv_report_error(VIR_ERR_NO_MEMORY, "cannot set up tap device '%s'", name);
        return -1;
    }
    rtnl_link_set_addr(change, addr);
    if (mtu)
        rtnl_link_set_mtu(change, mtu);
    if ((err = rtnl_link_change(sk, tap, change, 0)) < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot set MAC %s and MTU %u on tap device '%s': %s",
                        mv_mac_format(mac, macstr), mtu, name, nl_geterror(err));
        return -1;
    }

    if (br && (err = rtnl_link_enslave_ifindex(sk, rtnl_link_get_ifindex(br),
                                               rtnl_link_get_ifindex(tap))) < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot add tap device '%s' to bridge '%s': %s",
                        name, bridge, nl_geterror(err));
        return -1;
    }

    if (up) {
        g_autoptr(MvRtnlLink) flags = rtnl_link_alloc();

        if (!flags) {
            mv_report_error(VIR_ERR_NO_MEMORY, "cannot set up tap device '%s'", name);
            return -1;
        }
        rtnl_link_set_flags(flags, IFF_UP);
        if ((err = rtnl_link_change(sk, tap, flags, 0)) < 0) {
            mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot bring tap device '%s' up: %s",
                            name, nl_geterror(err));
            return -1;
        }
    }
    MV_INFO("tap '%s': MAC %s, MTU %u%s%s%s", name, mv_mac_format(mac, macstr), mtu,
            bridge ? ", port of bridge '" : "", bridge ? bridge : "", bridge ? "'" : "");
    return 0;
}

int
mv_qemu_vhost_net_open(const MvDomainNet *net, const char *ifname, int *ret_vhost)
{
    bool required = net->driver.name == MV_NET_DRIVER_VHOST;
    int fd;

    *ret_vhost = -1;
    if (!mv_domain_net_is_virtio(net) || net->driver.name == MV_NET_DRIVER_QEMU)
        return 0;
    if ((fd = open(VHOST_NET_DEVICE, O_RDWR | O_CLOEXEC)) < 0) {
        if (required) {
            mv_report_system_error(errno, "vhost-net was requested for interface '%s' but %s "
                                   "cannot be opened", ifname, VHOST_NET_DEVICE);
            return -1;
        }
        MV_DEBUG("interface '%s': no vhost-net (%s), QEMU's own backend", ifname,
                 g_strerror(errno));
    }
    *ret_vhost = fd;
    return 0;
}
