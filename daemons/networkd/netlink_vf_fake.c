/* FAKE netlink for VF settings (tests only, never in the daemon): a key file plays the PF's VF table, and every change request is appended to a log. */
#define MV_LOG_MODULE "network.vf"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "netlink_vf_fake.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "util/file.h"
#include "util/log.h"
#include "util/uuid.h"

/* How often a blocked request looks at its marker, and how long it waits
 * at most: longer than a client's 60 s call timeout, so that a test can
 * make the caller give up while the request is still held. */
#define BLOCK_POLL_US (10 * 1000)
#define BLOCK_MAX_MS 90000

static char *fake_dir;

void
mv_netlink_vf_fake_install(const char *dir)
{
    g_free(fake_dir);
    fake_dir = g_strdup(dir);
    mv_netlink_vf_set_ops(&mv_netlink_vf_fake_ops);
}

static char *
state_path(void)
{
    return g_build_filename(fake_dir, "netlink-vf.ini", NULL);
}

static GKeyFile *
state_load(void)
{
    g_autofree char *path = state_path();
    GKeyFile *kf = g_key_file_new();

    g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL);
    return kf;
}

static int
state_save(GKeyFile *kf)
{
    g_autofree char *path = state_path();
    gsize len = 0;
    g_autofree char *data = g_key_file_to_data(kf, &len, NULL);

    return mv_file_replace_atomic(path, data, len, 0644);
}

static int
log_request(const char *line)
{
    g_autofree char *path = g_build_filename(fake_dir, "netlink-vf.log", NULL);
    FILE *fp = fopen(path, "ae");

    if (!fp || fprintf(fp, "%s\n", line) < 0 || fclose(fp) != 0) {
        mv_report_system_error(errno, "fake netlink: cannot write '%s'", path);
        return -1;
    }
    return 0;
}

/* FAKE test hook, for tests that kill -9 a daemon inside its own call;
 * never in the real netlink code. While DIR/block-set exists, every set
 * request (set_vf or set_port, a change as much as a restore) waits
 * before it is applied, with DIR/blocked-set made to say it got there.
 * The test kills the daemon there, or removes block-set to let the
 * request go on. After BLOCK_MAX_MS the request fails. */
static int
block_point(const char *line)
{
    g_autofree char *block = g_build_filename(fake_dir, "block-set", NULL);
    g_autofree char *blocked = g_build_filename(fake_dir, "blocked-set", NULL);
    gint64 deadline = g_get_monotonic_time() + (gint64) BLOCK_MAX_MS * G_TIME_SPAN_MILLISECOND;

    if (!g_file_test(block, G_FILE_TEST_EXISTS))
        return 0;
    if (mv_file_replace_atomic(blocked, line, strlen(line), 0644) < 0)
        return -1;
    while (g_file_test(block, G_FILE_TEST_EXISTS)) {
        if (g_get_monotonic_time() >= deadline) {
            unlink(blocked);
            mv_report_error(VIR_ERR_OPERATION_TIMEOUT,
                            "fake netlink: '%s' not applied: '%s' still there after %d ms",
                            line, block, BLOCK_MAX_MS);
            return -1;
        }
        g_usleep(BLOCK_POLL_US);
    }
    unlink(blocked);
    return 0;
}

/* FAKE test hook, never in the real netlink code: when DIR/fail-set
 * exists, the next set request (set_vf or set_port) removes it and
 * fails without changing anything, as a PF refusing the request would. */
static int
fail_point(const char *line)
{
    g_autofree char *fail = g_build_filename(fake_dir, "fail-set", NULL);

    if (unlink(fail) < 0)
        return 0;
    mv_report_error(VIR_ERR_SYSTEM_ERROR, "fake netlink: '%s' refused ('%s' was there)", line, fail);
    return -1;
}

static int
fake_ifindex(const char *ifname, int *ret_ifindex)
{
    g_autoptr(GKeyFile) kf = state_load();
    g_autofree char *group = g_strdup_printf("link %s", ifname);

    if (!g_key_file_has_group(kf, group)) {
        mv_report_system_error(ENODEV, "Unable to get index for interface %s", ifname);
        return -1;
    }
    *ret_ifindex = g_key_file_get_integer(kf, group, "ifindex", NULL);
    return 0;
}

static int
fake_get_vf(int pf_ifindex, unsigned int vf, MvVfConfig *ret_config)
{
    g_autoptr(GKeyFile) kf = state_load();
    g_autofree char *group = g_strdup_printf("vf %d/%u", pf_ifindex, vf);
    g_autofree char *mac = g_key_file_get_string(kf, group, "mac", NULL);
    g_autofree char *profile = g_key_file_get_string(kf, group, "profile", NULL);
    MvVfConfig config = { 0 };

    if (mac && mv_mac_parse(mac, &config.mac) < 0)
        return -1;
    config.vlan = (unsigned int) g_key_file_get_integer(kf, group, "vlan", NULL);
    config.qos = (unsigned int) g_key_file_get_integer(kf, group, "qos", NULL);
    if (profile)
        g_strlcpy(config.profile, profile, sizeof(config.profile));
    *ret_config = config;
    return 0;
}

static int
fake_set_vf(int pf_ifindex, unsigned int vf, const MvVfConfig *config)
{
    g_autoptr(GKeyFile) kf = NULL;
    g_autofree char *group = g_strdup_printf("vf %d/%u", pf_ifindex, vf);
    g_autofree char *line = NULL;
    char macstr[MV_MAC_STRING_BUFLEN];

    mv_mac_format(&config->mac, macstr);
    line = g_strdup_printf("set_vf ifindex=%d vf=%u mac=%s vlan=%u qos=%u",
                           pf_ifindex, vf, macstr, config->vlan, config->qos);
    if (block_point(line) < 0 || fail_point(line) < 0)
        return -1;
    kf = state_load();
    g_key_file_set_string(kf, group, "mac", macstr);
    g_key_file_set_integer(kf, group, "vlan", (int) config->vlan);
    g_key_file_set_integer(kf, group, "qos", (int) config->qos);
    if (log_request(line) < 0)
        return -1;
    return state_save(kf);
}

static int
fake_set_port(int pf_ifindex, unsigned int vf, const MvVfPortRequest *req)
{
    g_autoptr(GKeyFile) kf = NULL;
    g_autofree char *group = g_strdup_printf("vf %d/%u", pf_ifindex, vf);
    g_autofree char *line = NULL;
    const MvVirtualPort *vport = req->vport;
    const char *request = req->associate ? "associate" : "disassociate";
    char uuidstr[MV_UUID_STRING_BUFLEN];

    if (vport->type == MV_VPORT_8021QBH) {
        line = g_strdup_printf("set_port ifindex=%d vf=%u type=802.1Qbh request=%s profileid=%s instance=%s",
                               pf_ifindex, vf, request, vport->profile_id ? vport->profile_id : "",
                               req->instance_uuid ? mv_uuid_format(req->instance_uuid, uuidstr) : "");
    } else {
        line = g_strdup_printf("set_port ifindex=%d vf=%u type=802.1Qbg request=%s managerid=%u typeid=%u typeidversion=%u instanceid=%s",
                               pf_ifindex, vf, request, vport->manager_id, vport->type_id,
                               vport->type_id_version, mv_uuid_format(vport->instance_id, uuidstr));
    }
    if (block_point(line) < 0 || fail_point(line) < 0)
        return -1;
    kf = state_load();
    if (vport->type == MV_VPORT_8021QBH)
        g_key_file_set_string(kf, group, "profile",
                              req->associate && vport->profile_id ? vport->profile_id : "");
    if (log_request(line) < 0)
        return -1;
    return state_save(kf);
}

const MvNetlinkVfOps mv_netlink_vf_fake_ops = {
    .name = "fake",
    .ifindex = fake_ifindex,
    .get_vf = fake_get_vf,
    .set_vf = fake_set_vf,
    .set_port = fake_set_port,
};
