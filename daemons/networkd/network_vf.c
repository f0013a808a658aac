/* SR-IOV VFs for hostdev ports: sysfs lookups (virtfnN, physfn), the VF state file, and setting / restoring MAC, VLAN and port profile through the netlink seam. */
#define MV_LOG_MODULE "network.vf"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_vf.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/xml.h"
#include "util/error.h"
#include "util/file.h"
#include "util/log.h"

#define STATE_FILE_MAX (64 * 1024)

void
mv_vf_clear(MvVf *vf)
{
    g_clear_pointer(&vf->pf_ifname, g_free);
}

/* ---- sysfs ----------------------------------------------------------------- */

static char *
resolve(const char *path)
{
    char buf[PATH_MAX];

    return realpath(path, buf) ? g_strdup(buf) : NULL;
}

/* The PCI device dir behind a net interface: its "device" link, or two
 * levels up from where the class link points (.../ADDR/net/IFNAME). */
static char *
netdev_pci_dir(const char *root, const char *ifname)
{
    g_autofree char *link = g_strdup_printf("%s/sys/class/net/%s", root, ifname);
    g_autofree char *device = g_build_filename(link, "device", NULL);
    g_autofree char *target = NULL;
    g_autofree char *parent = NULL;

    if (g_file_test(device, G_FILE_TEST_IS_DIR))
        return resolve(device);
    if (!(target = resolve(link)))
        return NULL;
    parent = g_path_get_dirname(target);
    return g_path_get_dirname(parent);
}

static int
pci_addr_of_dir(const char *dir, MvPciAddr *ret_addr)
{
    g_autofree char *base = g_path_get_basename(dir);

    return mv_pci_addr_parse(base, ret_addr);
}

static int
vf_entry_cmp(gconstpointer a, gconstpointer b)
{
    const unsigned int *x = a;
    const unsigned int *y = b;

    return (x[0] > y[0]) - (x[0] < y[0]);
}

/* The N of a PF dir's virtfnN links, sorted. */
static GArray *
virtfn_numbers(const char *pf_dir)
{
    g_autoptr(GDir) d = g_dir_open(pf_dir, 0, NULL);
    GArray *nums = g_array_new(FALSE, FALSE, sizeof(unsigned int));
    const char *entry;

    while (d && (entry = g_dir_read_name(d))) {
        guint64 n;

        if (g_str_has_prefix(entry, "virtfn") &&
            g_ascii_string_to_unsigned(entry + strlen("virtfn"), 10, 0, G_MAXUINT16, &n, NULL)) {
            unsigned int v = (unsigned int) n;

            g_array_append_val(nums, v);
        }
    }
    g_array_sort(nums, vf_entry_cmp);
    return nums;
}

int
mv_network_vf_list(const char *root, const char *pf_ifname, GArray **ret_addrs)
{
    g_autofree char *pf_dir = netdev_pci_dir(root, pf_ifname);
    g_autoptr(GArray) nums = NULL;
    g_autoptr(GArray) addrs = g_array_new(FALSE, TRUE, sizeof(MvPciAddr));

    if (!pf_dir) {
        mv_report_system_error(ENODEV, "cannot find PCI device of interface '%s' in '%s/sys/class/net'",
                               pf_ifname, root);
        return -1;
    }
    nums = virtfn_numbers(pf_dir);
    for (guint i = 0; i < nums->len; i++) {
        g_autofree char *link = g_strdup_printf("%s/virtfn%u", pf_dir,
                                                g_array_index(nums, unsigned int, i));
        g_autofree char *target = resolve(link);
        MvPciAddr addr;

        if (!target || pci_addr_of_dir(target, &addr) < 0) {
            MV_WARN("PF '%s': skipping '%s': not a PCI device", pf_ifname, link);
            mv_error_reset();
            continue;
        }
        g_array_append_val(addrs, addr);
    }
    if (addrs->len == 0) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "No usable Vf's present on SRIOV PF %s", pf_ifname);
        return -1;
    }
    *ret_addrs = g_steal_pointer(&addrs);
    return 0;
}

/* The first interface in dir/net: a PF's name for itself. */
static char *
net_name_of(const char *dir)
{
    g_autofree char *net = g_build_filename(dir, "net", NULL);
    g_autoptr(GDir) d = g_dir_open(net, 0, NULL);
    const char *entry = d ? g_dir_read_name(d) : NULL;

    return g_strdup(entry);
}

int
mv_network_vf_lookup(const char *root, const MvPciAddr *pci, MvVf *ret_vf)
{
    g_autofree char *name = mv_pci_addr_format(pci);
    g_autofree char *dev_dir = g_strdup_printf("%s/sys/bus/pci/devices/%s", root, name);
    g_autofree char *config = g_build_filename(dev_dir, "config", NULL);
    g_autofree char *physfn = g_build_filename(dev_dir, "physfn", NULL);
    g_autofree char *vf_dir = NULL;
    g_autofree char *pf_dir = NULL;
    g_autofree char *pf_ifname = NULL;
    g_autoptr(GArray) nums = NULL;

    if (access(config, F_OK) < 0) {
        mv_report_system_error(errno, "Device %s not found: could not access %s", name, config);
        return -1;
    }
    if (!(pf_dir = resolve(physfn))) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "Interface type hostdev is currently supported on SR-IOV Virtual Functions only: "
                        "PCI device %s is not a VF (it has no physfn link), so its MAC address and VLAN cannot be set",
                        name);
        return -1;
    }
    if (!(pf_ifname = net_name_of(pf_dir))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "PF of VF %s has no network interface in '%s/net'",
                        name, pf_dir);
        return -1;
    }
    vf_dir = resolve(dev_dir);
    nums = virtfn_numbers(pf_dir);
    for (guint i = 0; vf_dir && i < nums->len; i++) {
        unsigned int n = g_array_index(nums, unsigned int, i);
        g_autofree char *link = g_strdup_printf("%s/virtfn%u", pf_dir, n);
        g_autofree char *target = resolve(link);

        if (g_strcmp0(target, vf_dir) == 0) {
            ret_vf->pci = *pci;
            ret_vf->pf_ifname = g_steal_pointer(&pf_ifname);
            ret_vf->vf = n;
            return 0;
        }
    }
    mv_report_error(VIR_ERR_INTERNAL_ERROR, "couldn't find VF %s among the virtfn links of its PF %s",
                    name, pf_ifname);
    return -1;
}

/* ---- requests ------------------------------------------------------------- */

int
mv_network_vf_request_check(const char *net_name, const MvVfRequest *req)
{
    if (req->vlan && (req->vlan->ntags > 1 || req->vlan->trunk)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "vlan trunking is not supported by SR-IOV network devices");
        return -1;
    }
    if (req->vport && req->vport->type != MV_VPORT_8021QBG &&
        req->vport->type != MV_VPORT_8021QBH) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "<virtualport type='%s'> not supported for network '%s' which uses an SR-IOV Virtual Function via PCI passthrough",
                        mv_virtual_port_type_to_string(req->vport->type), net_name ? net_name : "");
        return -1;
    }
    return 0;
}

/* ---- the state file ------------------------------------------------------- */

typedef struct {
    char *pf_ifname;
    int pf_ifindex;
    unsigned int vf;
    MvPciAddr pci;
    MvVfConfig saved;
    unsigned char owner_uuid[MV_UUID_BUFLEN];
    MvVirtualPort *associated;      /* what apply associated; NULL: nothing */
} VfState;

static void
vf_state_free(VfState *st)
{
    if (!st)
        return;
    g_free(st->pf_ifname);
    mv_virtual_port_free(st->associated);
    g_free(st);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VfState, vf_state_free)

static int
vf_state_write(const char *path, const VfState *st)
{
    g_auto(MvXmlBuf) buf = { 0 };
    char macstr[MV_MAC_STRING_BUFLEN];
    char uuidstr[MV_UUID_STRING_BUFLEN];
    g_autofree char *xml = NULL;

    mv_xml_buf_init(&buf);
    mv_xml_buf_start(&buf, "vfstate");
    mv_xml_buf_start(&buf, "pf");
    mv_xml_buf_attr(&buf, "dev", st->pf_ifname);
    mv_xml_buf_attr_printf(&buf, "ifindex", "%d", st->pf_ifindex);
    mv_xml_buf_attr_uint(&buf, "vf", st->vf);
    mv_xml_buf_end(&buf);
    mv_xml_buf_start(&buf, "address");
    mv_xml_buf_attr(&buf, "type", "pci");
    mv_xml_buf_attr_printf(&buf, "domain", "0x%04x", st->pci.domain);
    mv_xml_buf_attr_printf(&buf, "bus", "0x%02x", st->pci.bus);
    mv_xml_buf_attr_printf(&buf, "slot", "0x%02x", st->pci.slot);
    mv_xml_buf_attr_printf(&buf, "function", "0x%x", st->pci.function);
    mv_xml_buf_end(&buf);
    mv_xml_buf_start(&buf, "saved");
    mv_xml_buf_attr(&buf, "mac", mv_mac_format(&st->saved.mac, macstr));
    mv_xml_buf_attr_uint(&buf, "vlan", st->saved.vlan);
    mv_xml_buf_attr_uint(&buf, "qos", st->saved.qos);
    if (st->saved.profile[0])
        mv_xml_buf_attr(&buf, "profile", st->saved.profile);
    mv_xml_buf_end(&buf);
    mv_xml_buf_start(&buf, "owner");
    mv_xml_buf_attr(&buf, "uuid", mv_uuid_format(st->owner_uuid, uuidstr));
    mv_xml_buf_end(&buf);
    if (st->associated) {
        mv_xml_buf_start(&buf, "associated");
        mv_virtual_port_format(&buf, st->associated);
        mv_xml_buf_end(&buf);
    }
    mv_xml_buf_end(&buf);
    xml = mv_xml_buf_steal(&buf);
    return mv_file_replace_atomic(path, xml, strlen(xml), 0600);
}

static VfState *
vf_state_read(const char *path)
{
    g_autofree char *text = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(VfState) st = g_new0(VfState, 1);
    g_autofree char *profile = NULL;
    g_autofree char *ifindex = NULL;
    xmlNode *root;
    xmlNode *pf;
    xmlNode *addr;
    xmlNode *saved;
    xmlNode *node;
    gint64 index = 0;

    if (mv_file_read_all(path, STATE_FILE_MAX, &text, NULL) < 0 ||
        !(doc = mv_xml_parse_string(text, "vfstate")))
        return NULL;
    root = xmlDocGetRootElement(doc);
    if (!(pf = mv_xml_child(root, "pf")) || !(addr = mv_xml_child(root, "address")) ||
        !(saved = mv_xml_child(root, "saved"))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "VF state file '%s' is incomplete", path);
        return NULL;
    }
    ifindex = mv_xml_prop(pf, "ifindex");
    if (!ifindex || !g_ascii_string_to_signed(ifindex, 10, 1, G_MAXINT, &index, NULL)) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "VF state file '%s' has a bad PF ifindex '%s'",
                        path, ifindex ? ifindex : "");
        return NULL;
    }
    st->pf_ifindex = (int) index;
    if (mv_xml_prop_string(pf, "dev", MV_XML_PROP_REQUIRED, &st->pf_ifname) < 0 ||
        mv_xml_prop_uint(pf, "vf", 10, MV_XML_PROP_REQUIRED, &st->vf) < 0 ||
        mv_xml_pci_addr_parse(addr, &st->pci) < 0 ||
        mv_xml_prop_mac(saved, "mac", MV_XML_PROP_REQUIRED, &st->saved.mac) < 0 ||
        mv_xml_prop_uint(saved, "vlan", 10, MV_XML_PROP_REQUIRED, &st->saved.vlan) < 0 ||
        mv_xml_prop_uint(saved, "qos", 10, MV_XML_PROP_REQUIRED, &st->saved.qos) < 0)
        return NULL;
    if ((profile = mv_xml_prop(saved, "profile")))
        g_strlcpy(st->saved.profile, profile, sizeof(st->saved.profile));
    if ((node = mv_xml_child(root, "owner")) &&
        mv_xml_prop_uuid(node, "uuid", MV_XML_PROP_NONE, st->owner_uuid) < 0)
        return NULL;
    if ((node = mv_xml_child(root, "associated")) && (node = mv_xml_child(node, "virtualport")) &&
        !(st->associated = mv_virtual_port_parse(node, true)))
        return NULL;
    return g_steal_pointer(&st);
}

int
mv_network_vf_state_read_pci(const char *state_path, MvPciAddr *ret_pci)
{
    g_autoptr(VfState) st = vf_state_read(state_path);

    if (!st)
        return -1;
    *ret_pci = st->pci;
    return 0;
}

/* ---- apply / restore ------------------------------------------------------ */

static int
port_request(const VfState *st, const MvVirtualPort *vport, bool associate, const MvMacAddr *mac)
{
    MvVfPortRequest req = {
        .vport = vport,
        .associate = associate,
        .instance_uuid = st->owner_uuid,
        .mac = mac,
    };

    return mv_netlink_vf_ops()->set_port(st->pf_ifindex, st->vf, &req);
}

/* What restore does, from a state in memory; the first error is kept.
 * A profile disassociated is dropped from st, so that a retry of a
 * restore that failed half way does not disassociate it twice. */
static int
put_back(VfState *st)
{
    const MvNetlinkVfOps *ops = mv_netlink_vf_ops();
    g_autoptr(MvError) first = NULL;
    char macstr[MV_MAC_STRING_BUFLEN];

    if (st->associated) {
        if (port_request(st, st->associated, false, &st->saved.mac) < 0)
            first = mv_error_save();
        else
            g_clear_pointer(&st->associated, mv_virtual_port_free);
    }
    if (ops->set_vf(st->pf_ifindex, st->vf, &st->saved) < 0 && !first)
        first = mv_error_save();
    if (first) {
        mv_error_restore(g_steal_pointer(&first));
        return -1;
    }
    MV_INFO("VF %u of PF '%s': MAC %s, VLAN %u restored", st->vf, st->pf_ifname,
            mv_mac_format(&st->saved.mac, macstr), st->saved.vlan);
    return 0;
}

int
mv_network_vf_apply(const MvVf *vf, const MvVfRequest *req, const char *state_path)
{
    const MvNetlinkVfOps *ops = mv_netlink_vf_ops();
    g_autoptr(VfState) st = g_new0(VfState, 1);
    MvVfConfig want = { 0 };
    char macstr[MV_MAC_STRING_BUFLEN];

    st->pf_ifname = g_strdup(vf->pf_ifname);
    st->vf = vf->vf;
    st->pci = vf->pci;
    if (req->owner_uuid)
        memcpy(st->owner_uuid, req->owner_uuid, MV_UUID_BUFLEN);
    if (ops->ifindex(vf->pf_ifname, &st->pf_ifindex) < 0 ||
        ops->get_vf(st->pf_ifindex, vf->vf, &st->saved) < 0)
        return -1;
    /* What the VF had goes to disk before anything changes, so that a
     * daemon killed at any point after this can still put it back. */
    if (vf_state_write(state_path, st) < 0)
        return -1;

    want.mac = *req->mac;
    want.vlan = req->vlan && req->vlan->ntags == 1 ? req->vlan->tags[0] : 0;
    want.qos = 0;
    if (ops->set_vf(st->pf_ifindex, vf->vf, &want) < 0)
        goto undo;
    if (req->vport) {
        st->associated = g_new0(MvVirtualPort, 1);
        *st->associated = *req->vport;
        st->associated->profile_id = g_strdup(req->vport->profile_id);
        /* Recorded first: a crash during the association still disassociates. */
        if (vf_state_write(state_path, st) < 0 ||
            port_request(st, req->vport, true, &want.mac) < 0)
            goto undo;
    }
    MV_INFO("VF %u of PF '%s' (%04x:%02x:%02x.%x): MAC %s, VLAN %u set", vf->vf, vf->pf_ifname,
            vf->pci.domain, vf->pci.bus, vf->pci.slot, vf->pci.function,
            mv_mac_format(&want.mac, macstr), want.vlan);
    return 0;

 undo:
    {
        g_autoptr(MvError) err = mv_error_save();

        /* What the VF had stays on disk when it could not be put back. */
        if (put_back(st) < 0)
            MV_WARN("VF %u of PF '%s': undoing: %s (its saved values stay in '%s')",
                    vf->vf, vf->pf_ifname, mv_error_last_message(), state_path);
        else
            unlink(state_path);
        mv_error_restore(g_steal_pointer(&err));
    }
    return -1;
}

int
mv_network_vf_restore(const char *state_path)
{
    g_autoptr(VfState) st = NULL;
    g_autoptr(MvError) err = NULL;
    bool associated;

    if (access(state_path, F_OK) < 0)
        return 0;
    if (!(st = vf_state_read(state_path)))
        return -1;
    associated = st->associated != NULL;
    if (put_back(st) < 0) {
        /* The saved values stay on disk for the next try; only a profile
         * disassociated already is taken out of them. */
        err = mv_error_save();
        if (associated && !st->associated && vf_state_write(state_path, st) < 0)
            MV_WARN("VF %u of PF '%s': %s", st->vf, st->pf_ifname, mv_error_last_message());
        mv_error_restore(g_steal_pointer(&err));
        return -1;
    }
    if (unlink(state_path) < 0 && errno != ENOENT)
        MV_WARN("cannot remove VF state file '%s': %s", state_path, g_strerror(errno));
    return 0;
}
