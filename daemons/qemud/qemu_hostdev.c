/* <interface type='hostdev'>: the VF's port from networkd (internal program), its detach by nodedevd (public API), undone in reverse; each step recorded in run_dir/NAME.hostdev before it is taken. */
#define MV_LOG_MODULE "qemu.hostdev"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_hostdev.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "conf/domain_interface.h"
#include "qemu_interface.h"
#include "qemu_peers.h"
#include "rpc/internal_client.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"
#include "util/paths.h"

#define RECORD_SUFFIX ".hostdev"
/* How long connecting to networkd, and each internal call, may take. */
#define NETWORKD_TIMEOUT_MS 30000

/* The steps of one interface, as the record names them. A step is
 * written before it is taken: "creating" may or may not have a port,
 * "detaching" may or may not be on vfio-pci; undoing copes with both. */
#define STAGE_CREATING "creating"
#define STAGE_CREATED "created"
#define STAGE_DETACHING "detaching"
#define STAGE_DETACHED "detached"

/* The record's groups: [port UUID] for an <interface type='hostdev'> (its
 * port is made and deleted here), [net ALIAS] for the VF networkd gave an
 * <interface type='network'> (its port is qemu_interface.c's). */
#define GROUP_PORT "port "
#define GROUP_NET "net "

/* Refuses what cannot be passed through (a USB source, a PCI driver
 * other than vfio), naming the interface, before anything is made. */
static int
check_net(const MvDomainNet *net)
{
    const MvHostdevSubsys *src = &net->data.hostdev;

    if (net->type != MV_NET_TYPE_HOSTDEV)
        return 0;
    if (src->type == MV_HOSTDEV_SUBSYS_USB) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "interface '%s': a USB source (bus %u device %u) is not supported for "
                        "<interface type='hostdev'>; USB network devices must be given as a plain <hostdev>",
                        mv_qemu_interface_name(net), src->u.usb.bus, src->u.usb.device);
        return -1;
    }
    if (src->type != MV_HOSTDEV_SUBSYS_PCI) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "interface '%s': hostdev source type '%s' is not supported",
                        mv_qemu_interface_name(net), mv_hostdev_subsys_type_to_string(src->type));
        return -1;
    }
    if (src->u.pci.backend != MV_HOSTDEV_PCI_BACKEND_DEFAULT &&
        src->u.pci.backend != MV_HOSTDEV_PCI_BACKEND_VFIO) {
        g_autofree char *host = mv_pci_addr_format(&src->u.pci.addr);

        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "interface '%s' (%s): PCI device assignment with driver '%s' is not supported; only 'vfio' is",
                        mv_qemu_interface_name(net), host,
                        mv_hostdev_pci_backend_to_string(src->u.pci.backend));
        return -1;
    }
    return 0;
}

/* ---- the record ------------------------------------------------------------ */

static char *
record_path(MvQemuDriver *driver, const char *name)
{
    g_autofree char *file = g_strconcat(name, RECORD_SUFFIX, NULL);

    return mv_path_join_safe(driver->run_dir, file, true);
}

/* A key file, a group per VF: alias= pci= managed= stage=.
 * Missing or unreadable: empty (an unreadable one is logged). */
static GKeyFile *
record_load(const char *path)
{
    GKeyFile *kf = g_key_file_new();
    g_autoptr(GError) gerr = NULL;

    if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &gerr) &&
        !g_error_matches(gerr, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        MV_WARN("cannot read the hostdev record '%s': %s", path, gerr->message);
    return kf;
}

/* Writes kf, or removes the file when kf holds no port. */
static int
record_save(const char *path, GKeyFile *kf)
{
    gsize ngroups = 0;
    g_auto(GStrv) groups = g_key_file_get_groups(kf, &ngroups);
    g_autofree char *data = NULL;
    gsize len = 0;

    if (ngroups == 0) {
        if (unlink(path) < 0 && errno != ENOENT) {
            mv_report_system_error(errno, "cannot remove the hostdev record '%s'", path);
            return -1;
        }
        return 0;
    }
    data = g_key_file_to_data(kf, &len, NULL);
    return mv_file_replace_atomic(path, data, len, 0600);
}

static char *
group_name(const unsigned char *uuid)
{
    char uuidstr[MV_UUID_STRING_BUFLEN];

    return g_strdup_printf(GROUP_PORT "%s", mv_uuid_format(uuid, uuidstr));
}

static int
record_stage(const char *path, GKeyFile *kf, const char *group, const char *stage)
{
    g_key_file_set_string(kf, group, "stage", stage);
    return record_save(path, kf);
}

/* ---- the peers --------------------------------------------------------------- */

/* A connection to networkd's own read-write socket: the internal program
 * is not routed by proxyd. */
static MvRpcClient *
networkd_open(MvQemuDriver *driver)
{
    return mv_qemu_peer_networkd_internal(driver, "a hostdev port", NETWORKD_TIMEOUT_MS);
}

static char *
nodedev_name(const MvPciAddr *pci)
{
    return g_strdup_printf("pci_%04x_%02x_%02x_%x", pci->domain, pci->bus, pci->slot,
                           pci->function);
}

/* err says the peer's answer was lost (no reply in time, the connection
 * closed while waiting): unlike its own refusal, the call may have been
 * done, or stopped half way, all the same. */
static bool
error_in_transit(const MvError *err)
{
    return err && err->domain == VIR_FROM_RPC &&
           (err->code == VIR_ERR_RPC || err->code == VIR_ERR_OPERATION_TIMEOUT);
}

/* Detaches (detach true, to vfio-pci) or reattaches the VF at pci. */
static int
nodedev_move(MvQemuDriver *driver, const MvPciAddr *pci, bool detach)
{
    g_autofree char *name = nodedev_name(pci);
    virConnectPtr conn = mv_qemu_peer_get(driver, MV_QEMU_PEER_NODEDEV);
    virNodeDevicePtr dev = NULL;
    MvError *saved;
    int rc = -1;

    if (!conn)
        return -1;
    if ((dev = virNodeDeviceLookupByName(conn, name)))
        rc = detach ? virNodeDeviceDetachFlags(dev, "vfio", 0) : virNodeDeviceReAttach(dev);
    /* Every public API call resets the last error: keep the failure's. */
    saved = mv_error_save();
    if (dev)
        virNodeDeviceFree(dev);
    virConnectClose(conn);
    mv_error_restore(saved);
    return rc;
}

/* ---- undoing ------------------------------------------------------------------ */

/* Undoes one recorded port: reattach, then delete. -1 when a step failed
 * (logged; the group stays for the next try). */
static int
undo_one(MvQemuDriver *driver, const char *name, GKeyFile *kf, const char *group,
         MvRpcClient **client)
{
    g_autofree char *stage = g_key_file_get_string(kf, group, "stage", NULL);
    g_autofree char *pcistr = g_key_file_get_string(kf, group, "pci", NULL);
    bool is_net = g_str_has_prefix(group, GROUP_NET);
    const char *uuidstr = group + strlen(GROUP_PORT);
    unsigned char uuid[MV_UUID_BUFLEN];
    MvPciAddr pci;

    if (!stage || !pcistr || mv_pci_addr_parse(pcistr, &pci) < 0 ||
        (!is_net && mv_uuid_parse(uuidstr, uuid) < 0)) {
        MV_WARN("domain '%s': dropping the unreadable hostdev record entry [%s]", name, group);
        return 0;
    }

    if (strcmp(stage, STAGE_DETACHING) == 0 || strcmp(stage, STAGE_DETACHED) == 0) {
        if (nodedev_move(driver, &pci, false) == 0) {
            MV_INFO("domain '%s': PCI device %s is back on its host driver", name, pcistr);
        } else if (mv_error_last_code() == VIR_ERR_NO_NODE_DEVICE) {
            /* The VF is gone from the host (fewer VFs now): nothing to give back. */
            MV_WARN("domain '%s': PCI device %s no longer exists: %s", name, pcistr,
                    mv_error_last_message());
        } else {
            MV_WARN("domain '%s': cannot give PCI device %s back to its host driver: %s",
                    name, pcistr, mv_error_last_message());
            return -1;
        }
        g_key_file_set_string(kf, group, "stage", STAGE_CREATED);
    }
    /* A network interface's port is the interface code's to delete. */
    if (is_net) {
        g_key_file_remove_group(kf, group, NULL);
        return 0;
    }

    if (!*client && !(*client = networkd_open(driver))) {
        MV_WARN("domain '%s': cannot delete hostdev port %s of %s: %s", name, uuidstr, pcistr,
                mv_error_last_message());
        return -1;
    }
    if (mv_internal_hostdev_port_delete(*client, uuid) < 0 &&
        mv_error_last_code() != VIR_ERR_NO_NETWORK_PORT) {
        MV_WARN("domain '%s': cannot delete hostdev port %s of %s: %s", name, uuidstr, pcistr,
                mv_error_last_message());
        return -1;
    }
    MV_INFO("domain '%s': hostdev port %s of %s deleted", name, uuidstr, pcistr);
    g_key_file_remove_group(kf, group, NULL);
    return 0;
}

/* Undoes entries of kf, last first, and saves what is left (what fails
 * stays). alias NULL: every entry (a group of no known kind is dropped).
 * Otherwise the ports of alias: besides the interface's own, a plug that
 * lost networkd's answer may have left one with the same alias (the alias
 * was free again for the next plug): it is of no interface of the guest. */
static void
undo_entries(MvQemuDriver *driver, const char *name, const char *path, GKeyFile *kf,
             const char *alias)
{
    g_autoptr(MvRpcClient) client = NULL;
    gsize ngroups = 0;
    g_auto(GStrv) groups = g_key_file_get_groups(kf, &ngroups);

    for (gsize i = ngroups; i > 0; i--) {
        const char *group = groups[i - 1];

        if (alias) {
            g_autofree char *got = NULL;

            if (!g_str_has_prefix(group, GROUP_PORT))
                continue;
            got = g_key_file_get_string(kf, group, "alias", NULL);
            if (g_strcmp0(got, alias) != 0)
                continue;
        } else if (!g_str_has_prefix(group, GROUP_PORT) && !g_str_has_prefix(group, GROUP_NET)) {
            g_key_file_remove_group(kf, group, NULL);
            continue;
        }
        undo_one(driver, name, kf, group, &client);
    }
    if (record_save(path, kf) < 0)
        MV_WARN("domain '%s': %s", name, mv_error_last_message());
}

void
mv_qemu_hostdev_stop(MvQemuDriver *driver, const char *name)
{
    g_autofree char *path = record_path(driver, name);
    g_autoptr(GKeyFile) kf = NULL;
    g_autoptr(MvError) saved = mv_error_save();

    if (!path || !g_file_test(path, G_FILE_TEST_EXISTS)) {
        mv_error_restore(g_steal_pointer(&saved));
        return;
    }
    kf = record_load(path);
    undo_entries(driver, name, path, kf, NULL);
    mv_error_restore(g_steal_pointer(&saved));
}

/* ---- starting ------------------------------------------------------------------- */

/* Forgets group, an entry whose step surely made nothing; -1, keeping
 * the error being reported. */
static int
drop_entry(const char *name, const char *path, GKeyFile *kf, const char *group)
{
    g_autoptr(MvError) err = mv_error_save();

    g_key_file_remove_group(kf, group, NULL);
    if (record_save(path, kf) < 0)
        MV_WARN("domain '%s': %s", name, mv_error_last_message());
    mv_error_restore(g_steal_pointer(&err));
    return -1;
}

/* The port, then (managed) the detach, each recorded first. */
static int
start_one(MvQemuDriver *driver, const MvDomainDef *live, const MvDomainNet *net,
          const char *path, GKeyFile *kf, MvRpcClient **client)
{
    const MvPciAddr *pci = &net->data.hostdev.u.pci.addr;
    g_autofree char *pcistr = mv_pci_addr_format(pci);
    g_autofree char *xml = NULL;
    g_autofree char *answer = NULL;
    g_autofree char *group = NULL;
    unsigned char uuid[MV_UUID_BUFLEN];

    mv_uuid_generate(uuid);
    group = group_name(uuid);
    xml = mv_qemu_interface_port_xml(live, net, uuid);
    g_key_file_set_string(kf, group, "alias", mv_qemu_interface_name(net));
    g_key_file_set_string(kf, group, "pci", pcistr);
    g_key_file_set_boolean(kf, group, "managed", net->data.hostdev.managed);
    if (record_stage(path, kf, group, STAGE_CREATING) < 0)
        return -1;

    if (!*client && !(*client = networkd_open(driver)))
        return drop_entry(live->name, path, kf, group);
    if (!(answer = mv_internal_hostdev_port_create(*client, xml))) {
        /* networkd's own refusal made nothing; a lost answer may have
         * left a port, which the entry keeps for the undo. */
        if (!error_in_transit(mv_error_last()))
            return drop_entry(live->name, path, kf, group);
        return -1;
    }
    if (record_stage(path, kf, group, STAGE_CREATED) < 0)
        return -1;
    MV_INFO("domain '%s': interface '%s' has hostdev port %s on %s", live->name,
            mv_qemu_interface_name(net), group + strlen(GROUP_PORT), pcistr);

    if (!net->data.hostdev.managed)
        return 0;
    if (record_stage(path, kf, group, STAGE_DETACHING) < 0)
        return -1;
    if (nodedev_move(driver, pci, true) < 0) {
        /* nodedevd puts a device whose detach failed back itself: only
         * the port is left to undo. When the answer was lost, the detach
         * may have gone on, or stopped half way (nodedevd killed): the
         * stage stays "detaching", so that the undo reattaches. */
        if (!error_in_transit(mv_error_last()))
            g_key_file_set_string(kf, group, "stage", STAGE_CREATED);
        return -1;
    }
    if (record_stage(path, kf, group, STAGE_DETACHED) < 0)
        return -1;
    MV_INFO("domain '%s': PCI device %s detached for interface '%s'", live->name, pcistr,
            mv_qemu_interface_name(net));
    return 0;
}

/* start_one(); when it fails, the record's entries are undone (all, or
 * with alias those of alias), keeping the failed step's error. */
static int
start_one_or_undo(MvQemuDriver *driver, const MvDomainDef *live, const MvDomainNet *net,
                  const char *path, GKeyFile *kf, MvRpcClient **client, const char *alias)
{
    g_autoptr(MvError) err = NULL;

    if (start_one(driver, live, net, path, kf, client) == 0)
        return 0;
    err = mv_error_save();
    g_clear_pointer(client, mv_rpc_client_free);
    undo_entries(driver, live->name, path, kf, alias);
    mv_error_restore(g_steal_pointer(&err));
    return -1;
}

int
mv_qemu_hostdev_start(MvQemuDriver *driver, const MvDomainDef *live)
{
    g_autofree char *path = record_path(driver, live->name);
    g_autoptr(GKeyFile) kf = NULL;
    g_autoptr(MvRpcClient) client = NULL;
    bool any = false;

    if (!path)
        return -1;
    for (guint i = 0; i < live->nets->len; i++) {
        const MvDomainNet *net = g_ptr_array_index(live->nets, i);

        if (check_net(net) < 0)
            return -1;
        any |= net->type == MV_NET_TYPE_HOSTDEV;
    }
    /* What an earlier run could not undo is undone first; anything that
     * still fails stays recorded with the new ports. */
    if (g_file_test(path, G_FILE_TEST_EXISTS)) {
        kf = record_load(path);
        undo_entries(driver, live->name, path, kf, NULL);
    }
    if (!any)
        return 0;
    if (!kf)
        kf = record_load(path);

    for (guint i = 0; i < live->nets->len; i++) {
        const MvDomainNet *net = g_ptr_array_index(live->nets, i);

        if (net->type != MV_NET_TYPE_HOSTDEV)
            continue;
        if (start_one_or_undo(driver, live, net, path, kf, &client, NULL) < 0)
            return -1;
    }
    return 0;
}

void
mv_qemu_hostdev_recover(MvQemuDriver *driver)
{
    g_autoptr(GDir) dir = g_dir_open(driver->run_dir, 0, NULL);
    g_autoptr(GPtrArray) objs = mv_qemu_domain_store_list(driver->store);
    const char *entry;

    while (dir && (entry = g_dir_read_name(dir))) {
        g_autofree char *name = NULL;
        bool active = false;

        if (!g_str_has_suffix(entry, RECORD_SUFFIX))
            continue;
        name = g_strndup(entry, strlen(entry) - strlen(RECORD_SUFFIX));
        /* A transient guest that never ran has no object: not running. */
        for (guint i = 0; i < objs->len; i++) {
            MvQemuDomainObj *obj = g_ptr_array_index(objs, i);

            g_mutex_lock(&obj->lock);
            if (strcmp(obj->name, name) == 0)
                active = mv_qemu_domain_obj_is_active(obj);
            g_mutex_unlock(&obj->lock);
        }
        if (active)
            continue;
        MV_INFO("domain '%s' is not running: undoing what its hostdev record holds", name);
        mv_qemu_hostdev_stop(driver, name);
    }
}

/* ---- <interface type='network'> on a hostdev network ---------------------------- */

static char *
net_group(const MvDomainNet *net)
{
    return g_strconcat(GROUP_NET, mv_qemu_interface_name(net), NULL);
}

int
mv_qemu_hostdev_network_plug(MvQemuDriver *driver, const MvDomainDef *live,
                             const MvDomainNet *net, const MvPciAddr *pci, bool managed)
{
    g_autofree char *path = record_path(driver, live->name);
    g_autofree char *group = net_group(net);
    g_autofree char *pcistr = mv_pci_addr_format(pci);
    g_autoptr(GKeyFile) kf = NULL;

    if (!path)
        return -1;
    kf = record_load(path);
    g_key_file_set_string(kf, group, "alias", mv_qemu_interface_name(net));
    g_key_file_set_string(kf, group, "pci", pcistr);
    g_key_file_set_boolean(kf, group, "managed", managed);
    if (record_stage(path, kf, group, managed ? STAGE_DETACHING : STAGE_CREATED) < 0)
        return drop_entry(live->name, path, kf, group);
    if (!managed)
        return 0;
    if (nodedev_move(driver, pci, true) < 0) {
        g_autoptr(MvError) err = mv_error_save();
        bool keep = false;

        /* nodedevd puts a device whose detach failed back itself. When
         * the answer was lost, the detach may have gone on: the caller
         * deletes the port now, so the VF goes back now too; when it
         * cannot, the entry stays "detaching" for the stop's undo. */
        if (error_in_transit(err) && nodedev_move(driver, pci, false) < 0) {
            MV_WARN("domain '%s': cannot give PCI device %s back to its host driver: %s",
                    live->name, pcistr, mv_error_last_message());
            keep = true;
        }
        mv_error_restore(g_steal_pointer(&err));
        if (keep)
            return -1;
        return drop_entry(live->name, path, kf, group);
    }
    if (record_stage(path, kf, group, STAGE_DETACHED) < 0) {
        g_autoptr(MvError) err = mv_error_save();

        if (nodedev_move(driver, pci, false) < 0)
            MV_WARN("domain '%s': %s", live->name, mv_error_last_message());
        mv_error_restore(g_steal_pointer(&err));
        return drop_entry(live->name, path, kf, group);
    }
    MV_INFO("domain '%s': PCI device %s (a VF of network '%s') detached for interface '%s'",
            live->name, pcistr, net->data.network.name, mv_qemu_interface_name(net));
    return 0;
}

void
mv_qemu_hostdev_network_unplug(MvQemuDriver *driver, const char *name, const MvDomainNet *net)
{
    g_autofree char *path = record_path(driver, name);
    g_autofree char *group = net_group(net);
    g_autoptr(GKeyFile) kf = NULL;
    g_autoptr(MvRpcClient) client = NULL;
    g_autoptr(MvError) saved = mv_error_save();

    if (path && g_file_test(path, G_FILE_TEST_EXISTS)) {
        kf = record_load(path);
        if (g_key_file_has_group(kf, group) && undo_one(driver, name, kf, group, &client) == 0 &&
            record_save(path, kf) < 0)
            MV_WARN("domain '%s': %s", name, mv_error_last_message());
    }
    mv_error_restore(g_steal_pointer(&saved));
}

MvHostdevSubsys *
mv_qemu_hostdev_network_source(MvQemuDriver *driver, const char *name, const MvDomainNet *net)
{
    g_autofree char *path = NULL;
    g_autofree char *group = NULL;
    g_autofree char *pcistr = NULL;
    g_autoptr(GKeyFile) kf = NULL;
    MvHostdevSubsys *src;
    MvPciAddr pci;

    if (net->type != MV_NET_TYPE_NETWORK || !(path = record_path(driver, name)) ||
        !g_file_test(path, G_FILE_TEST_EXISTS))
        return NULL;
    kf = record_load(path);
    group = net_group(net);
    if (!(pcistr = g_key_file_get_string(kf, group, "pci", NULL)) ||
        mv_pci_addr_parse(pcistr, &pci) < 0)
        return NULL;
    src = g_new0(MvHostdevSubsys, 1);
    src->type = MV_HOSTDEV_SUBSYS_PCI;
    src->managed = g_key_file_get_boolean(kf, group, "managed", NULL);
    src->u.pci.addr = pci;
    src->u.pci.backend = MV_HOSTDEV_PCI_BACKEND_VFIO;
    return src;
}

GPtrArray *
mv_qemu_hostdev_network_sources(MvQemuDriver *driver, const MvDomainDef *live)
{
    GPtrArray *sources = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; i < live->nets->len; i++)
        g_ptr_array_add(sources, mv_qemu_hostdev_network_source(driver, live->name,
                                                                g_ptr_array_index(live->nets, i)));
    return sources;
}

/* ---- hot plug ------------------------------------------------------------------- */

int
mv_qemu_hostdev_plug(MvQemuDriver *driver, const MvDomainDef *live, const MvDomainNet *net)
{
    g_autofree char *path = record_path(driver, live->name);
    g_autoptr(GKeyFile) kf = NULL;
    g_autoptr(MvRpcClient) client = NULL;

    /* The same checks as at start. */
    if (!path || check_net(net) < 0)
        return -1;
    kf = record_load(path);
    return start_one_or_undo(driver, live, net, path, kf, &client,
                             mv_qemu_interface_name(net));
}

void
mv_qemu_hostdev_unplug(MvQemuDriver *driver, const char *name, const char *alias)
{
    g_autofree char *path = record_path(driver, name);
    g_autoptr(GKeyFile) kf = NULL;
    g_autoptr(MvError) saved = mv_error_save();

    if (path) {
        kf = record_load(path);
        undo_entries(driver, name, path, kf, alias);
    }
    mv_error_restore(g_steal_pointer(&saved));
}
