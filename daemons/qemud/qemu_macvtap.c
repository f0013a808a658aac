/* Macvtap devices for guest interfaces: libnl for the link (kind "macvtap", mode, MAC, state), /dev/tapIFINDEX (or a private node) for QEMU's fd. */
#define MV_LOG_MODULE "qemu.macvtap"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_macvtap.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/macvtap.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "qemu_interface.h"
#include "qemu_tap.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

#define MACVTAP_KIND "macvtap"
/* How long /dev/tapIFINDEX may take to appear (devtmpfs makes it at once;
 * udev may rename or chmod it just after). */
#define NODE_WAIT_MS 1000
#define NODE_POLL_US 20000

static MvQemuIfnameCounter macvtap_names = MV_QEMU_IFNAME_COUNTER_INIT;

static bool
link_is_macvtap(MvRtnlLink *link)
{
    return g_strcmp0(rtnl_link_get_type(link), MACVTAP_KIND) == 0;
}

static int
link_set_up(MvNlSock *sk, MvRtnlLink *link, const char *what)
{
    g_autoptr(MvRtnlLink) change = rtnl_link_alloc();
    int err;

    if (!change) {
        mv_report_error(VIR_ERR_NO_MEMORY, "cannot bring %s '%s' up", what,
                        rtnl_link_get_name(link));
        return -1;
    }
    rtnl_link_set_flags(change, IFF_UP);
    if ((err = rtnl_link_change(sk, link, change, 0)) < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot bring %s '%s' up: %s", what,
                        rtnl_link_get_name(link), nl_geterror(err));
        return -1;
    }
    return 0;
}

static uint32_t
kernel_mode(MvNetDirectMode mode)
{
    switch (mode) {
    case MV_NET_DIRECT_PRIVATE:
        return MACVLAN_MODE_PRIVATE;
    case MV_NET_DIRECT_BRIDGE:
        return MACVLAN_MODE_BRIDGE;
    case MV_NET_DIRECT_PASSTHROUGH:
        return MACVLAN_MODE_PASSTHRU;
    case MV_NET_DIRECT_VEPA:
    default:
        return MACVLAN_MODE_VEPA;
    }
}

/* RTM_NEWLINK with NLM_F_EXCL: a libnl error code (-NLE_EXIST: name taken). */
static int
link_add(MvNlSock *sk, const char *name, int parent_ifindex, const MvMacAddr *mac,
         MvNetDirectMode mode)
{
    g_autoptr(MvRtnlLink) link = rtnl_link_macvtap_alloc();
    g_autoptr(MvNlAddr) addr = nl_addr_build(AF_LLC, (void *) mac->addr, MV_MAC_BUFLEN);

    if (!link || !addr)
        return -NLE_NOMEM;
    rtnl_link_set_name(link, name);
    rtnl_link_set_link(link, parent_ifindex);
    rtnl_link_set_addr(link, addr);
    rtnl_link_macvtap_set_mode(link, kernel_mode(mode));
    return rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
}

static void
link_delete_quietly(MvNlSock *sk, const char *name)
{
    g_autoptr(MvRtnlLink) link = mv_qemu_link_get(sk, name);
    int err;

    if (link && link_is_macvtap(link) && (err = rtnl_link_delete(sk, link)) < 0)
        MV_WARN("cannot delete macvtap device '%s' again: %s", name, nl_geterror(err));
}

static int
link_set_mac(MvNlSock *sk, MvRtnlLink *link, const MvMacAddr *mac)
{
    g_autoptr(MvRtnlLink) change = rtnl_link_alloc();
    g_autoptr(MvNlAddr) addr = nl_addr_build(AF_LLC, (void *) mac->addr, MV_MAC_BUFLEN);
    char macstr[MV_MAC_STRING_BUFLEN];
    int err;

    if (!change || !addr) {
        mv_report_error(VIR_ERR_NO_MEMORY, "cannot set the MAC of '%s'", rtnl_link_get_name(link));
        return -1;
    }
    rtnl_link_set_addr(change, addr);
    if ((err = rtnl_link_change(sk, link, change, 0)) < 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot set MAC %s on interface '%s': %s",
                        mv_mac_format(mac, macstr), rtnl_link_get_name(link), nl_geterror(err));
        return -1;
    }
    return 0;
}

static bool
link_get_mac(MvRtnlLink *link, MvMacAddr *ret_mac)
{
    struct nl_addr *addr = rtnl_link_get_addr(link);

    if (!addr || nl_addr_get_len(addr) != MV_MAC_BUFLEN)
        return false;
    memcpy(ret_mac->addr, nl_addr_get_binary_addr(addr), MV_MAC_BUFLEN);
    return true;
}

/* A passthrough macvtap takes its parent's MAC, so the parent gets the
 * guest's (as libvirt does, also so that the first switch sees the guest's
 * address) and gets its own back when the macvtap goes. What to give back
 * is kept in state_dir/.macvtap-parent-NAME ("PARENT MAC"), so that a
 * restarted daemon can still do it. */
static char *
parent_state_path(const char *state_dir, const char *name)
{
    g_autofree char *base = g_strdup_printf(".macvtap-parent-%s", name);

    return g_build_filename(state_dir, base, NULL);
}

/* Before the macvtap has a name, the parent's MAC is kept under the
 * parent's name (a parent has one passthrough macvtap at most): written
 * before the parent's MAC changes, renamed to the macvtap's file once it
 * exists. One left over is a start the daemon died in. */
#define PARENT_PENDING_PREFIX ".macvtap-parent-pending-"

static char *
parent_pending_path(const char *state_dir, const char *linkdev)
{
    g_autofree char *base = g_strconcat(PARENT_PENDING_PREFIX, linkdev, NULL);

    return g_build_filename(state_dir, base, NULL);
}

static int
parent_pending_save(const char *state_dir, const char *linkdev, const MvMacAddr *mac)
{
    g_autofree char *path = parent_pending_path(state_dir, linkdev);
    char macstr[MV_MAC_STRING_BUFLEN];
    g_autofree char *text = g_strdup_printf("%s %s\n", linkdev, mv_mac_format(mac, macstr));

    return mv_file_replace_atomic(path, text, strlen(text), 0600);
}

static int
parent_pending_commit(const char *state_dir, const char *linkdev, const char *name)
{
    g_autofree char *from = parent_pending_path(state_dir, linkdev);
    g_autofree char *to = parent_state_path(state_dir, name);

    if (rename(from, to) < 0) {
        mv_report_system_error(errno, "cannot rename '%s' to '%s'", from, to);
        return -1;
    }
    return 0;
}

static void
parent_restore(MvNlSock *sk, const char *linkdev, const MvMacAddr *mac)
{
    g_autoptr(MvRtnlLink) parent = mv_qemu_link_get(sk, linkdev);
    char macstr[MV_MAC_STRING_BUFLEN];

    if (!parent) {
        MV_WARN("cannot give interface '%s' its MAC %s back: it is gone", linkdev,
                mv_mac_format(mac, macstr));
        return;
    }
    if (link_set_mac(sk, parent, mac) < 0)
        MV_WARN("%s", mv_error_last_message());
    else
        MV_INFO("interface '%s' has its MAC %s back", linkdev, mv_mac_format(mac, macstr));
}

/* Gives a parent its MAC back as the state file at path says, and
 * removes the file. */
static void
parent_file_restore(MvNlSock *sk, const char *path)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) fields = NULL;
    MvMacAddr mac;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return;
    fields = g_strsplit(g_strstrip(text), " ", 2);
    if (g_strv_length(fields) == 2 && mv_mac_parse(fields[1], &mac) == 0)
        parent_restore(sk, fields[0], &mac);
    else
        MV_WARN("ignoring the unreadable macvtap state file '%s'", path);
    unlink(path);
}

/* The same for the parent of the passthrough macvtap name. */
static void
parent_state_restore(MvNlSock *sk, const char *state_dir, const char *name)
{
    g_autofree char *path = parent_state_path(state_dir, name);

    parent_file_restore(sk, path);
}

void
mv_qemu_macvtap_recover(const char *state_dir)
{
    g_autoptr(GDir) dir = g_dir_open(state_dir, 0, NULL);
    g_autoptr(MvNlSock) sk = NULL;
    const char *entry;

    while (dir && (entry = g_dir_read_name(dir))) {
        g_autofree char *path = NULL;

        if (!g_str_has_prefix(entry, PARENT_PENDING_PREFIX))
            continue;
        path = g_build_filename(state_dir, entry, NULL);
        if (!sk && !(sk = mv_qemu_netlink_open(entry + strlen(PARENT_PENDING_PREFIX)))) {
            MV_WARN("cannot give a passthrough macvtap's parent its MAC back: %s",
                    mv_error_last_message());
            return;
        }
        MV_INFO("a start of a passthrough macvtap on '%s' did not finish: giving the "
                "interface its MAC back", entry + strlen(PARENT_PENDING_PREFIX));
        parent_file_restore(sk, path);
    }
}

/* What link_add_named() makes a macvtap of. */
typedef struct {
    MvNlSock *sk;
    int parent_ifindex;
    const char *linkdev;
    const MvMacAddr *mac;
    MvNetDirectMode mode;
} LinkAddArgs;

/* link_add() of name, reported unless the name is taken. */
static int
link_add_named(const char *name, bool *ret_taken, void *opaque)
{
    const LinkAddArgs *args = opaque;
    char macstr[MV_MAC_STRING_BUFLEN];
    int err = link_add(args->sk, name, args->parent_ifindex, args->mac, args->mode);

    *ret_taken = err == -NLE_EXIST;
    if (err < 0 && !*ret_taken)
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "error creating macvtap interface %s@%s (%s): %s", name, args->linkdev,
                        mv_mac_format(args->mac, macstr), nl_geterror(err));
    return err < 0 ? -1 : 0;
}

/* Creates the link, naming it from name or the template; the name made. */
static char *
create_named(MvNlSock *sk, const char *name, int parent_ifindex, const MvMacAddr *mac,
             MvNetDirectMode mode, const char *linkdev)
{
    const char *tmpl = name ? name : MV_QEMU_MACVTAP_NAME_TEMPLATE;
    LinkAddArgs args = { sk, parent_ifindex, linkdev, mac, mode };
    char *made = NULL;
    bool taken = false;

    if (!mv_qemu_ifname_is_template(tmpl)) {
        if (mv_qemu_ifname_check(tmpl, "macvtap device") < 0)
            return NULL;
        if (link_add_named(tmpl, &taken, &args) < 0) {
            if (taken)
                mv_report_error(VIR_ERR_OPERATION_FAILED,
                                "cannot create macvtap device '%s' on '%s': an interface of that "
                                "name exists already", tmpl, linkdev);
            return NULL;
        }
        return g_strdup(tmpl);
    }

    if (mv_qemu_ifname_create(tmpl, &macvtap_names, "macvtap", link_add_named, &args, &made) < 0)
        return NULL;
    return made;
}

/* The major:minor the kernel gave the macvtap's character device. */
static int
node_devnum(const char *name, int ifindex, dev_t *ret_dev)
{
    g_autofree char *path = g_strdup_printf("/sys/class/net/%s/macvtap/tap%d/dev", name, ifindex);
    g_autofree char *text = NULL;
    unsigned int maj;
    unsigned int min;

    if (!g_file_get_contents(path, &text, NULL, NULL) ||
        sscanf(text, "%u:%u", &maj, &min) != 2) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "cannot find the character device of macvtap device '%s' (%s)", name, path);
        return -1;
    }
    *ret_dev = makedev(maj, min);
    return 0;
}

/* The macvtap's own node below node_dir: made, opened, unlinked. */
static int
private_node_open(const char *name, int ifindex, dev_t dev, const char *node_dir)
{
    g_autofree char *base = g_strdup_printf(".%s-tap%d", name, ifindex);
    g_autofree char *path = g_build_filename(node_dir, base, NULL);
    int fd;

    unlink(path);
    if (mknod(path, S_IFCHR | 0600, dev) < 0) {
        mv_report_system_error(errno, "cannot make the device node '%s' of macvtap device '%s'",
                               path, name);
        return -1;
    }
    fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        mv_report_system_error(errno, "cannot open macvtap tap device %s", path);
    unlink(path);
    return fd;
}

static int
node_open(const char *name, const char *node_dir)
{
    int ifindex = (int) if_nametoindex(name);
    g_autofree char *path = NULL;
    gint64 deadline = g_get_monotonic_time() + (gint64) NODE_WAIT_MS * G_TIME_SPAN_MILLISECOND;
    const char *why = "it did not appear";
    dev_t dev;

    if (ifindex == 0) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "macvtap device '%s' vanished while being set up",
                        name);
        return -1;
    }
    if (node_devnum(name, ifindex, &dev) < 0)
        return -1;
    path = g_strdup_printf("/dev/tap%d", ifindex);

    for (;;) {
        struct stat st;
        int fd;

        if (stat(path, &st) == 0) {
            if (!S_ISCHR(st.st_mode) || st.st_rdev != dev) {
                why = "it is another network namespace's device";
                break;
            }
            fd = open(path, O_RDWR | O_CLOEXEC);
            if (fd >= 0 && fstat(fd, &st) == 0 && st.st_rdev == dev)
                return fd;
            if (fd >= 0) {
                close(fd);
            } else if (errno != ENOENT) {
                mv_report_system_error(errno, "cannot open macvtap tap device %s", path);
                return -1;
            }
        }
        if (g_get_monotonic_time() >= deadline)
            break;
        g_usleep(NODE_POLL_US);
    }
    MV_INFO("macvtap '%s': %s is not usable (%s), using a node of its own in %s", name, path, why,
            node_dir);
    return private_node_open(name, ifindex, dev, node_dir);
}

/* IFF_VNET_HDR on when wanted and offered, off otherwise; no multiqueue. */
static int
tap_flags_setup(int fd, const char *name, bool vnet_hdr)
{
    struct ifreq ifr = { 0 };
    unsigned int features = 0;
    short flags;

    if (ioctl(fd, TUNGETIFF, &ifr) < 0) {
        mv_report_system_error(errno, "cannot get interface flags on macvtap tap '%s'", name);
        return -1;
    }
    flags = ifr.ifr_flags;
    if (vnet_hdr) {
        if (ioctl(fd, TUNGETFEATURES, &features) < 0) {
            mv_report_system_error(errno, "cannot get feature flags on macvtap tap '%s'", name);
            return -1;
        }
        if (features & IFF_VNET_HDR)
            flags |= IFF_VNET_HDR;
    } else {
        flags &= ~IFF_VNET_HDR;
    }
    flags &= ~IFF_MULTI_QUEUE;
    if (flags != ifr.ifr_flags) {
        ifr.ifr_flags = flags;
        if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
            mv_report_system_error(errno, "unable to set vnet or multiqueue flags on macvtap '%s'",
                                   name);
            return -1;
        }
    }
    return 0;
}

int
mv_qemu_macvtap_create(const char *name, const MvMacAddr *mac, const char *linkdev,
                       MvNetDirectMode mode, bool vnet_hdr, const char *state_dir,
                       char **ret_name)
{
    g_autoptr(MvNlSock) sk = NULL;
    g_autoptr(MvRtnlLink) parent = NULL;
    g_autoptr(MvRtnlLink) link = NULL;
    g_autofree char *made = NULL;
    char macstr[MV_MAC_STRING_BUFLEN];
    MvMacAddr parent_mac;
    bool parent_changed = false;
    int fd = -1;

    if (!linkdev) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "a macvtap device needs a host interface (<source dev='...'/>)");
        return -1;
    }
    if (mv_qemu_ifname_check(linkdev, "host interface") < 0 || !(sk = mv_qemu_netlink_open(linkdev)))
        return -1;
    if (!(parent = mv_qemu_link_get(sk, linkdev))) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "cannot create a macvtap device on '%s': there is no interface '%s'",
                        linkdev, linkdev);
        return -1;
    }
    /* As libvirt: the parent is brought up when it is down, never re-upped. */
    if (!(rtnl_link_get_flags(parent) & IFF_UP) && link_set_up(sk, parent, "interface") < 0)
        return -1;
    if (mode == MV_NET_DIRECT_PASSTHROUGH) {
        if (!link_get_mac(parent, &parent_mac)) {
            mv_report_error(VIR_ERR_OPERATION_FAILED,
                            "cannot read the MAC of interface '%s' for a passthrough macvtap",
                            linkdev);
            return -1;
        }
        if (parent_pending_save(state_dir, linkdev, &parent_mac) < 0)
            return -1;
        parent_changed = true;
        if (link_set_mac(sk, parent, mac) < 0)
            goto error;
    }
    if (!(made = create_named(sk, name, rtnl_link_get_ifindex(parent), mac, mode, linkdev)))
        goto error;
    if (parent_changed && parent_pending_commit(state_dir, linkdev, made) < 0)
        goto error;

    if (!(link = mv_qemu_link_get(sk, made))) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "macvtap device '%s' vanished while being set up",
                        made);
        goto error;
    }
    if (link_set_up(sk, link, "macvtap device") < 0 || (fd = node_open(made, state_dir)) < 0 ||
        tap_flags_setup(fd, made, vnet_hdr) < 0)
        goto error;

    MV_INFO("macvtap '%s' on '%s': mode %s, MAC %s, fd %d", made, linkdev,
            mv_net_direct_mode_to_string(mode), mv_mac_format(mac, macstr), fd);
    *ret_name = g_steal_pointer(&made);
    return fd;

 error:
    if (fd >= 0)
        close(fd);
    if (made) {
        link_delete_quietly(sk, made);
        if (parent_changed) {
            g_autofree char *path = parent_state_path(state_dir, made);

            unlink(path);
        }
    }
    if (parent_changed) {
        g_autofree char *path = parent_pending_path(state_dir, linkdev);

        parent_restore(sk, linkdev, &parent_mac);
        unlink(path);
    }
    return -1;
}

int
mv_qemu_macvtap_delete(const char *name, const char *state_dir)
{
    g_autoptr(MvNlSock) sk = NULL;
    g_autoptr(MvRtnlLink) link = NULL;
    int err;

    if (mv_qemu_ifname_check(name, "macvtap device") < 0 || !(sk = mv_qemu_netlink_open(name)))
        return -1;
    if (!(link = mv_qemu_link_get(sk, name))) {
        parent_state_restore(sk, state_dir, name);
        return 0;
    }
    if (!link_is_macvtap(link)) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "not deleting '%s': it is no macvtap device (kind %s)", name,
                        rtnl_link_get_type(link) ? rtnl_link_get_type(link) : "none");
        return -1;
    }
    if ((err = rtnl_link_delete(sk, link)) < 0 && err != -NLE_NODEV && err != -NLE_OBJ_NOTFOUND) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "cannot delete macvtap device '%s': %s", name,
                        nl_geterror(err));
        return -1;
    }
    MV_INFO("deleted macvtap '%s'", name);
    parent_state_restore(sk, state_dir, name);
    return 0;
}

bool
mv_qemu_macvtap_exists(const char *name)
{
    g_autoptr(MvRtnlLink) link = mv_qemu_link_lookup(name);

    return link && link_is_macvtap(link);
}

/* libvirt's "vnet header compatible" models: virtio, e1000e, vmxnet3. */
static bool
wants_vnet_hdr(const MvDomainNet *net)
{
    return mv_domain_net_is_virtio(net) || net->model == MV_NET_MODEL_E1000E ||
           net->model == MV_NET_MODEL_VMXNET3;
}

int
mv_qemu_macvtap_start(MvQemuDriver *driver, MvDomainNet *net, const char *linkdev,
                      MvNetDirectMode mode, const MvVirtualPort *vport, int *ret_tap,
                      int *ret_vhost)
{
    g_autofree char *ifname = NULL;
    int fd;

    *ret_tap = -1;
    *ret_vhost = -1;
    if (vport && vport->type != MV_VPORT_NONE) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "interface '%s': <virtualport type='%s'> on a macvtap device is not "
                        "supported by this QEMU driver", mv_qemu_interface_name(net),
                        mv_virtual_port_type_to_string(vport->type));
        goto error;
    }
    if (net->vlan.ntags > 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "interface '%s': <vlan> on a macvtap device is not supported by this "
                        "QEMU driver", mv_qemu_interface_name(net));
        goto error;
    }
    if ((fd = mv_qemu_macvtap_create(net->ifname, &net->mac, linkdev, mode, wants_vnet_hdr(net),
                                     driver->run_dir, &ifname)) < 0)
        goto error;

    if (mv_qemu_vhost_net_open(net, ifname, ret_vhost) < 0) {
        MvError *saved = mv_error_save();

        close(fd);
        mv_qemu_macvtap_delete(ifname, driver->run_dir);
        mv_error_restore(saved);
        goto error;
    }
    g_free(net->ifname);
    net->ifname = g_steal_pointer(&ifname);
    *ret_tap = fd;
    return 0;

 error:
    /* A name the driver did not make: no stop may delete it. */
    g_clear_pointer(&net->ifname, g_free);
    return -1;
}

void
mv_qemu_macvtap_stop(MvQemuDriver *driver, const MvDomainDef *def, const MvDomainNet *net)
{
    if (net->ifname && mv_qemu_macvtap_delete(net->ifname, driver->run_dir) < 0)
        MV_WARN("domain '%s': %s", def->name, mv_error_last_message());
}
