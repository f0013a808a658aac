/* Network interfaces from sysfs (/sys/class/net): name, MAC, link state and speed, offload features through ethtool. */
#define MV_LOG_MODULE "nodedev.sysfs"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_sysfs_net.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/error.h"
#include "util/log.h"

static bool
ethtool_get(int fd, const char *ifname, guint32 cmd, guint32 *ret_data)
{
    struct ethtool_value value = { .cmd = cmd };
    struct ifreq ifr = { 0 };

    g_strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
    ifr.ifr_data = (void *) &value;
    if (ioctl(fd, SIOCETHTOOL, &ifr) < 0) {
        MV_DEBUG("ethtool command 0x%x on '%s' failed: %s", cmd, ifname, g_strerror(errno));
        return false;
    }
    *ret_data = value.data;
    return true;
}

/* The features libvirt reads with the legacy ethtool commands. rdma,
 * txudptnl and switchdev need RDMA sysfs, ETHTOOL_GFEATURES string sets
 * and devlink: not read yet. */
static void
features_read(const char *ifname, MvNodeDevNet *net)
{
    static const struct {
        guint32 cmd;
        MvNetDevFeature feature;
    } simple[] = {
        { ETHTOOL_GRXCSUM, MV_NETDEV_FEAT_RX },
        { ETHTOOL_GTXCSUM, MV_NETDEV_FEAT_TX },
        { ETHTOOL_GSG, MV_NETDEV_FEAT_SG },
        { ETHTOOL_GTSO, MV_NETDEV_FEAT_TSO },
        { ETHTOOL_GGSO, MV_NETDEV_FEAT_GSO },
        { ETHTOOL_GGRO, MV_NETDEV_FEAT_GRO },
    };
    static const struct {
        guint32 flag;
        MvNetDevFeature feature;
    } flags[] = {
        { ETH_FLAG_LRO, MV_NETDEV_FEAT_LRO },
        { ETH_FLAG_RXVLAN, MV_NETDEV_FEAT_RXVLAN },
        { ETH_FLAG_TXVLAN, MV_NETDEV_FEAT_TXVLAN },
        { ETH_FLAG_NTUPLE, MV_NETDEV_FEAT_NTUPLE },
        { ETH_FLAG_RXHASH, MV_NETDEV_FEAT_RXHASH },
    };
    guint32 data = 0;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        MV_DEBUG("no socket for ethtool on '%s': %s", ifname, g_strerror(errno));
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(simple); i++) {
        if (ethtool_get(fd, ifname, simple[i].cmd, &data) && data)
            net->features[simple[i].feature] = true;
    }
    if (ethtool_get(fd, ifname, ETHTOOL_GFLAGS, &data)) {
        for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
            if (data & flags[i].flag)
                net->features[flags[i].feature] = true;
        }
    }
    close(fd);
}

static void
link_read(const char *dir, MvNodeDevNet *net)
{
    g_autofree char *state = mv_nodedev_sysfs_attr(dir, "operstate");
    unsigned int speed = 0;
    int value;

    if (!state || (value = mv_netdev_if_state_from_string(state)) <= 0)
        return;
    net->link_state = value;
    /* Drivers report nonsense speeds for links that are not up. */
    if (net->link_state == MV_NETDEV_IF_STATE_UP &&
        mv_nodedev_sysfs_attr_uint(dir, "speed", 10, &speed) == 0 && speed != G_MAXUINT)
        net->link_speed = speed;
}

static MvNodeDevDef *
net_device_read(MvNodeDevSysfs *fs, const char *dir, const char *entry)
{
    g_autoptr(GHashTable) uevent = mv_nodedev_sysfs_uevent(dir);
    g_autoptr(MvNodeDevDef) def = mv_nodedev_sysfs_def_new(fs, dir, uevent);
    MvNodeDevNet *net = &mv_nodedev_def_add_cap(def, MV_NODEDEV_CAP_NET)->u.net;
    const char *ifname = g_hash_table_lookup(uevent, "INTERFACE");
    const char *devtype = g_hash_table_lookup(uevent, "DEVTYPE");

    net->ifname = g_strdup(ifname ? ifname : entry);
    net->address = mv_nodedev_sysfs_attr(dir, "address");
    net->subtype = g_strcmp0(devtype, "wlan") == 0 ? MV_NODEDEV_NET_80211 : MV_NODEDEV_NET_80203;
    link_read(dir, net);
    if (!fs->fake)
        features_read(net->ifname, net);
    def->name = mv_nodedev_generate_name("net", net->ifname, net->address);
    return g_steal_pointer(&def);
}

void
mv_nodedev_sysfs_net_scan(MvNodeDevSysfs *fs, GPtrArray *defs)
{
    g_autofree char *class_dir = mv_nodedev_sysfs_path(fs, "/sys/class/net");
    g_autoptr(GPtrArray) entries = mv_nodedev_sysfs_list(class_dir);

    for (unsigned int i = 0; i < entries->len; i++) {
        g_autofree char *link = g_build_filename(class_dir, entries->pdata[i], NULL);
        g_autofree char *dir = mv_nodedev_sysfs_resolve(link);

        if (!dir || !g_file_test(dir, G_FILE_TEST_IS_DIR))
            continue;
        g_ptr_array_add(defs, net_device_read(fs, dir, entries->pdata[i]));
    }
}
