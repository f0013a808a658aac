/* Hostdev-pci ports: choosing a VF nobody holds, its state file beside the port file, setting and restoring it; also the network-less ports for <interface type='hostdev'>. */
#define MV_LOG_MODULE "network.vf"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_vf_port.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "network_vf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

#define PORT_FILE_MAX (1024 * 1024)

static char *
hostdev_dir(MvNetworkDriver *driver)
{
    return g_build_filename(driver->run_dir, "hostdev", NULL);
}

/* DIR/UUID.SUFFIX */
static char *
uuid_file(const char *dir, const unsigned char *uuid, const char *suffix)
{
    char uuidstr[MV_UUID_STRING_BUFLEN];
    g_autofree char *name = g_strdup_printf("%s.%s", mv_uuid_format(uuid, uuidstr), suffix);

    return g_build_filename(dir, name, NULL);
}

static char *
net_ports_dir(MvNetworkDriver *driver, const char *net_name)
{
    return mv_path_join_safe(driver->ports_dir, net_name, true);
}

/* The ports of the network-less path, from their files. */
static GPtrArray *
hostdev_ports_load(MvNetworkDriver *driver)
{
    g_autofree char *dir = hostdev_dir(driver);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    GPtrArray *ports = g_ptr_array_new_with_free_func((GDestroyNotify) mv_network_port_def_free);
    const char *entry;

    while (d && (entry = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, entry, NULL);
        g_autofree char *text = NULL;
        MvNetworkPortDef *port;

        if (!g_str_has_suffix(entry, ".xml"))
            continue;
        if (mv_file_read_all(path, PORT_FILE_MAX, &text, NULL) < 0 ||
            !(port = mv_network_port_def_parse_string(text))) {
            MV_WARN("skipping hostdev port file '%s': %s", path, mv_error_last_message());
            continue;
        }
        g_ptr_array_add(ports, port);
    }
    return ports;
}

static bool
port_holds(const MvNetworkPortDef *port, const MvPciAddr *pci)
{
    return port->plug_type == MV_PORT_PLUG_HOSTDEV_PCI && mv_pci_addr_equal(&port->plug_pci, pci);
}

/* The port of any network, or of the network-less path, that holds the
 * VF at pci; NULL if none. *ret_net: its network's name ("" for none). */
static const MvNetworkPortDef *
find_holder(MvNetworkDriver *driver, GPtrArray *hostdev_ports, const MvPciAddr *pci,
            const char **ret_net)
{
    for (guint i = 0; i < driver->nets->len; i++) {
        MvNetworkObj *obj = g_ptr_array_index(driver->nets, i);

        for (guint j = 0; j < obj->ports->len; j++) {
            const MvNetworkPortDef *port = g_ptr_array_index(obj->ports, j);

            if (port_holds(port, pci)) {
                *ret_net = mv_network_obj_def(obj)->name;
                return port;
            }
        }
    }
    for (guint j = 0; j < hostdev_ports->len; j++) {
        const MvNetworkPortDef *port = g_ptr_array_index(hostdev_ports, j);

        if (port_holds(port, pci)) {
            *ret_net = "";
            return port;
        }
    }
    return NULL;
}

static int
report_held(const MvPciAddr *pci, const MvNetworkPortDef *holder, const char *net)
{
    g_autofree char *name = mv_pci_addr_format(pci);
    char uuidstr[MV_UUID_STRING_BUFLEN];

    mv_report_error(VIR_ERR_OPERATION_INVALID,
                    "PCI device %s is in use by domain %s (network port %s%s%s)",
                    name, holder->owner_name, mv_uuid_format(holder->uuid, uuidstr),
                    *net ? " of network " : "", net);
    return -1;
}

/* The network's VF pool: its PF's VFs now, or its <address> list. */
static GArray *
pool_of(MvNetworkDriver *driver, const MvNetworkDef *def)
{
    GArray *addrs = NULL;

    if (def->forward.pf_dev) {
        if (mv_network_vf_list(driver->root, def->forward.pf_dev, &addrs) < 0)
            return NULL;
        return addrs;
    }
    addrs = g_array_new(FALSE, TRUE, sizeof(MvPciAddr));
    for (size_t i = 0; i < def->forward.nifs; i++) {
        if (def->forward.ifs[i].type == MV_FORWARD_IF_PCI)
            g_array_append_val(addrs, def->forward.ifs[i].pci);
    }
    if (addrs->len == 0) {
        g_array_unref(addrs);
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "network '%s' uses a hostdev mode, but has no forward dev and no interface pool",
                        def->name);
        return NULL;
    }
    return addrs;
}

static bool
pool_has(GArray *pool, const MvPciAddr *pci)
{
    for (guint i = 0; i < pool->len; i++) {
        if (mv_pci_addr_equal(&g_array_index(pool, MvPciAddr, i), pci))
            return true;
    }
    return false;
}

/* ---- VF state files left behind ----------------------------------------- */

/* The .vf files of dir whose port file (same UUID, .xml) is gone: the
 * daemon died between the two, or the restore at the port's deletion
 * failed and kept the saved values. */
static GPtrArray *
leftovers_of(const char *dir)
{
    GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *entry;

    while (d && (entry = g_dir_read_name(d))) {
        g_autofree char *base = NULL;
        g_autofree char *port_path = NULL;

        if (!g_str_has_suffix(entry, ".vf"))
            continue;
        base = g_strndup(entry, strlen(entry) - strlen(".vf"));
        port_path = g_strdup_printf("%s/%s.xml", dir, base);
        if (access(port_path, F_OK) < 0)
            g_ptr_array_add(found, g_build_filename(dir, entry, NULL));
    }
    return found;
}

/* Restores the leftovers of dir; a VF whose restore fails again keeps its
 * file and goes to stuck (when given): it is handed out to no port until
 * its saved values are back. */
static void
leftovers_restore_dir(const char *dir, const char *what, GArray *stuck)
{
    g_autoptr(GPtrArray) files = leftovers_of(dir);

    for (guint i = 0; i < files->len; i++) {
        const char *state = g_ptr_array_index(files, i);
        g_autofree char *name = g_path_get_basename(state);
        MvPciAddr pci;

        if (mv_network_vf_restore(state) == 0) {
            MV_INFO("%s: VF state '%s' without a port restored", what, name);
            continue;
        }
        MV_WARN("%s: VF state '%s' without a port: restoring it failed again, kept for the next try: %s",
                what, name, mv_error_last_message());
        if (stuck && mv_network_vf_state_read_pci(state, &pci) == 0)
            g_array_append_val(stuck, pci);
        mv_error_reset();
    }
}

/* Every network's port dir, then the network-less path. */
static void
leftovers_restore(MvNetworkDriver *driver, GArray *stuck)
{
    g_autoptr(GDir) d = g_dir_open(driver->ports_dir, 0, NULL);
    g_autofree char *hostdev = hostdev_dir(driver);
    const char *entry;

    while (d && (entry = g_dir_read_name(d))) {
        g_autofree char *dir = g_build_filename(driver->ports_dir, entry, NULL);
        g_autofree char *what = g_strdup_printf("network '%s'", entry);

        if (g_file_test(dir, G_FILE_TEST_IS_DIR))
            leftovers_restore_dir(dir, what, stuck);
    }
    leftovers_restore_dir(hostdev, "hostdev ports", stuck);
}

void
mv_network_vf_leftovers_recover(MvNetworkDriver *driver)
{
    leftovers_restore(driver, NULL);
}

/* The VFs not to hand out: leftovers whose restore still fails. */
static GArray *
stuck_vfs(MvNetworkDriver *driver)
{
    GArray *stuck = g_array_new(FALSE, TRUE, sizeof(MvPciAddr));

    leftovers_restore(driver, stuck);
    return stuck;
}

static int
report_stuck(const MvPciAddr *pci)
{
    g_autofree char *name = mv_pci_addr_format(pci);

    mv_report_error(VIR_ERR_OPERATION_INVALID,
                    "PCI device %s cannot be used: the MAC address and VLAN of its last user could "
                    "not be put back yet (networkd keeps them and tries again)", name);
    return -1;
}

/* The VF for a port of def: the named one (in the pool and free), or the
 * first free one. */
static int
choose(MvNetworkDriver *driver, const MvNetworkDef *def, const MvNetworkPortDef *port,
       MvPciAddr *ret_pci)
{
    g_autoptr(GArray) pool = pool_of(driver, def);
    g_autoptr(GPtrArray) hostdev_ports = NULL;
    g_autoptr(GArray) stuck = NULL;
    const MvNetworkPortDef *holder;
    const char *net = "";

    if (!pool)
        return -1;
    hostdev_ports = hostdev_ports_load(driver);
    stuck = stuck_vfs(driver);
    if (port->plug_type == MV_PORT_PLUG_HOSTDEV_PCI) {
        const MvPciAddr *pci = &port->plug_pci;

        if (!pool_has(pool, pci)) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "network '%s' doesn't have PCI device %04x:%02x:%02x.%x in use by network port",
                            def->name, pci->domain, pci->bus, pci->slot, pci->function);
            return -1;
        }
        if ((holder = find_holder(driver, hostdev_ports, pci, &net)))
            return report_held(pci, holder, net);
        if (pool_has(stuck, pci))
            return report_stuck(pci);
        *ret_pci = *pci;
        return 0;
    }
    for (guint i = 0; i < pool->len; i++) {
        const MvPciAddr *pci = &g_array_index(pool, MvPciAddr, i);

        if (!find_holder(driver, hostdev_ports, pci, &net) && !pool_has(stuck, pci)) {
            *ret_pci = *pci;
            return 0;
        }
    }
    mv_report_error(VIR_ERR_INTERNAL_ERROR,
                    "network '%s' requires exclusive access to interfaces, but none are available",
                    def->name);
    return -1;
}

/* A port UUID used again while the state file of its earlier port still
 * waits for a restore: saving the new VF's state would overwrite it. */
static int
refuse_leftover(const char *state)
{
    if (access(state, F_OK) < 0)
        return 0;
    mv_report_error(VIR_ERR_OPERATION_INVALID,
                    "a port with this UUID held a VF whose MAC address and VLAN could not be put back yet ('%s')",
                    state);
    return -1;
}

/* Looks the VF up, checks the request and applies it, saving first. */
static int
vf_take(MvNetworkDriver *driver, const char *net_name, const MvPciAddr *pci,
        const MvNetworkPortDef *port, const MvVlan *vlan, const MvVirtualPort *vport,
        const char *state_path)
{
    g_auto(MvVf) vf = { 0 };
    MvVfRequest req = {
        .mac = &port->mac,
        .vlan = vlan,
        .vport = vport,
        .owner_uuid = port->owner_uuid,
    };

    if (mv_network_vf_request_check(net_name, &req) < 0 ||
        mv_network_vf_lookup(driver->root, pci, &vf) < 0)
        return -1;
    return mv_network_vf_apply(&vf, &req, state_path);
}

int
mv_network_vf_port_plug(MvNetworkDriver *driver, MvNetworkObj *obj, MvNetworkPortDef *port)
{
    const MvNetworkDef *def = obj->live;
    g_autofree char *dir = net_ports_dir(driver, def->name);
    g_autofree char *state = NULL;
    MvPciAddr pci;

    if (!dir || choose(driver, def, port, &pci) < 0 || mv_file_mkdir_p(dir, 0755) < 0)
        return -1;
    state = uuid_file(dir, port->uuid, "vf");
    if (refuse_leftover(state) < 0 ||
        vf_take(driver, def->name, &pci, port,
                port->vlan.ntags ? &port->vlan : &def->vlan,
                port->virtualport ? port->virtualport : def->virtualport, state) < 0)
        return -1;
    port->plug_type = MV_PORT_PLUG_HOSTDEV_PCI;
    port->plug_pci = pci;
    port->plug_managed = def->forward.managed ? MV_TRISTATE_YES : MV_TRISTATE_NO;
    port->plug_driver = def->forward.driver;
    return 0;
}

static void
restore_file(const char *state, const char *what)
{
    if (mv_network_vf_restore(state) < 0)
        MV_WARN("%s: restoring its VF failed, its saved values stay in '%s' for the next try: %s",
                what, state, mv_error_last_message());
}

void
mv_network_vf_port_unplug(MvNetworkDriver *driver, const char *net_name,
                          const MvNetworkPortDef *port)
{
    g_autofree char *dir = NULL;
    g_autofree char *state = NULL;
    g_autofree char *what = NULL;
    char uuidstr[MV_UUID_STRING_BUFLEN];

    if (port->plug_type != MV_PORT_PLUG_HOSTDEV_PCI || !(dir = net_ports_dir(driver, net_name)))
        return;
    /* Leftovers of earlier deletions first: a failed restore is not
     * tried twice in one call. */
    mv_network_vf_leftovers_recover(driver);
    state = uuid_file(dir, port->uuid, "vf");
    what = g_strdup_printf("network '%s' port %s", net_name, mv_uuid_format(port->uuid, uuidstr));
    restore_file(state, what);
}

/* ---- the network-less path ----------------------------------------------- */

MvNetworkPortDef *
mv_network_vf_hostdev_create(MvNetworkDriver *driver, const char *xml)
{
    g_autoptr(MvNetworkPortDef) port = mv_network_port_def_parse_string(xml);
    g_autofree char *dir = hostdev_dir(driver);
    g_autofree char *state = NULL;
    g_autofree char *path = NULL;
    g_autofree char *out = NULL;
    g_autoptr(GPtrArray) hostdev_ports = NULL;
    g_autoptr(GArray) stuck = NULL;
    const MvNetworkPortDef *holder;
    const char *net = "";
    char uuidstr[MV_UUID_STRING_BUFLEN];

    if (!port)
        return NULL;
    if (port->plug_type != MV_PORT_PLUG_HOSTDEV_PCI) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "a hostdev port must name its VF with <plug type='hostdev-pci'>");
        return NULL;
    }
    hostdev_ports = hostdev_ports_load(driver);
    for (guint i = 0; i < hostdev_ports->len; i++) {
        const MvNetworkPortDef *other = g_ptr_array_index(hostdev_ports, i);

        if (memcmp(other->uuid, port->uuid, MV_UUID_BUFLEN) == 0) {
            mv_report_error(VIR_ERR_NETWORK_PORT_EXIST, "Network port with UUID %s already exists",
                            mv_uuid_format(port->uuid, uuidstr));
            return NULL;
        }
    }
    if ((holder = find_holder(driver, hostdev_ports, &port->plug_pci, &net))) {
        report_held(&port->plug_pci, holder, net);
        return NULL;
    }
    stuck = stuck_vfs(driver);
    if (pool_has(stuck, &port->plug_pci)) {
        report_stuck(&port->plug_pci);
        return NULL;
    }
    if (mv_file_mkdir_p(dir, 0755) < 0)
        return NULL;
    state = uuid_file(dir, port->uuid, "vf");
    path = uuid_file(dir, port->uuid, "xml");
    if (refuse_leftover(state) < 0 ||
        vf_take(driver, NULL, &port->plug_pci, port, &port->vlan, port->virtualport, state) < 0)
        return NULL;
    if (!(out = mv_network_port_def_format(port, 0)) ||
        mv_file_replace_atomic(path, out, strlen(out), 0600) < 0) {
        g_autoptr(MvError) err = mv_error_save();

        restore_file(state, "hostdev port");
        mv_error_restore(g_steal_pointer(&err));
        return NULL;
    }
    MV_INFO("hostdev port %s for '%s' created", mv_uuid_format(port->uuid, uuidstr),
            port->owner_name);
    return g_steal_pointer(&port);
}

int
mv_network_vf_hostdev_delete(MvNetworkDriver *driver, const unsigned char *uuid)
{
    g_autofree char *dir = hostdev_dir(driver);
    g_autofree char *path = uuid_file(dir, uuid, "xml");
    g_autofree char *state = uuid_file(dir, uuid, "vf");
    char uuidstr[MV_UUID_STRING_BUFLEN];

    mv_uuid_format(uuid, uuidstr);
    if (access(path, F_OK) < 0) {
        mv_report_error(VIR_ERR_NO_NETWORK_PORT, "Network port with UUID %s does not exist", uuidstr);
        return -1;
    }
    mv_network_vf_leftovers_recover(driver);
    restore_file(state, "hostdev port");
    if (unlink(path) < 0 && errno != ENOENT) {
        mv_report_system_error(errno, "cannot remove '%s'", path);
        return -1;
    }
    MV_INFO("hostdev port %s deleted", uuidstr);
    return 0;
}
