/* The public error API (virterror.h) over lib/util's thread-local MvError, handlers, virDefaultErrorFunc. */
#define MV_LOG_MODULE "client.api"
#define MV_FROM_THIS VIR_FROM_NONE

#include "error.h"

#include <stdio.h>
#include <string.h>

#include "object.h"
#include "util/error.h"

/* libvirt's names of the error domains, as virDefaultErrorFunc prints them. */
static const char *const error_domain_names[VIR_ERR_DOMAIN_LAST] = {
    "", "Xen Driver", "Xen Daemon", "Xen Store", "S-Expression", "XML Util",
    "Domain", "XML-RPC", "Proxy Daemon", "Config File", "QEMU Driver", "Network",
    "Test Driver", "Remote Driver", "OpenVZ Driver", "Xen XM Driver",
    "Linux Statistics", "LXC Driver", "Storage Driver", "Network Driver",
    "Domain Config", "User Mode Linux Driver", "Node Device Driver",
    "Xen Inotify Driver", "Security Driver", "VirtualBox Driver",
    "Network Interface Driver", "Open Nebula Driver", "ESX Driver",
    "Power Hypervisor Driver", "Secrets Driver", "CPU Driver", "XenAPI Driver",
    "Network Filter Driver", "Lifecycle Hook", "Domain Snapshot", "Audit Utils",
    "Sysinfo Utils", "I/O Stream Utils", "VMware Driver", "Event Loop",
    "Xen Light Driver", "Lock Driver", "Hyper-V Driver", "Capabilities Utils",
    "URI Utils", "Authentication Utils", "DBus Utils", "Parallels Cloud Server",
    "Device Config", "SSH transport layer", "Lock Space", "Init control",
    "Identity", "Cgroup", "Access Manager", "Systemd", "Bhyve", "Crypto",
    "Firewall", "Polkit", "Thread jobs", "Admin Interface", "Log Manager",
    "Xen XL Config", "Perf", "Libssh transport layer", "Resource control",
    "FirewallD", "Domain Checkpoint", "TPM", "BPF", "Cloud-Hypervisor Driver",
};

/* The global handler (virSetErrorFunc). */
static GMutex handler_lock;
static virErrorFunc global_handler;
static void *global_handler_data;

/* The public view of the thread's last error: virGetLastError returns it,
 * valid until the thread's next call. */
static void
public_error_free(gpointer data)
{
    virErrorPtr err = data;

    mv_client_error_clear(err);
    g_free(err);
}

static GPrivate public_error = G_PRIVATE_INIT(public_error_free);

void
mv_client_error_clear(virErrorPtr err)
{
    g_free(err->message);
    g_free(err->str1);
    g_free(err->str2);
    g_free(err->str3);
    memset(err, 0, sizeof(*err));
}

static void
error_copy(virErrorPtr to, const virError *from)
{
    mv_client_error_clear(to);
    to->code = from->code;
    to->domain = from->domain;
    to->level = from->level;
    to->message = g_strdup(from->message);
    to->str1 = g_strdup(from->str1);
    to->str2 = g_strdup(from->str2);
    to->str3 = g_strdup(from->str3);
    to->int1 = from->int1;
    to->int2 = from->int2;
}

/* lib/util's error as a public one: the view borrows from's strings, the copy has its own. */
static void
error_from_mv(virErrorPtr to, const MvError *from)
{
    const virError view = {
        .code = from->code,
        .domain = from->domain,
        .level = from->level,
        .message = from->message,
        .str1 = from->str1,
        .str2 = from->str2,
        .str3 = from->str3,
        .int1 = from->int1,
        .int2 = from->int2,
    };

    error_copy(to, &view);
}

/* The thread's public error object, refreshed from lib/util's last error. */
static virErrorPtr
thread_error(void)
{
    virErrorPtr err = g_private_get(&public_error);
    const MvError *last = mv_error_last();

    if (!err) {
        err = g_new0(virError, 1);
        g_private_set(&public_error, err);
    }
    if (last)
        error_from_mv(err, last);
    else
        mv_client_error_clear(err);
    return err;
}

virErrorPtr
virGetLastError(void)
{
    virErrorPtr err = thread_error();

    return err->code == VIR_ERR_OK ? NULL : err;
}

int
virGetLastErrorCode(void)
{
    return mv_error_last_code();
}

int
virGetLastErrorDomain(void)
{
    const MvError *last = mv_error_last();

    return last ? last->domain : VIR_FROM_NONE;
}

const char *
virGetLastErrorMessage(void)
{
    const MvError *last = mv_error_last();

    if (!last)
        return "no error";
    return last->message ? last->message : "unknown error";
}

virErrorPtr
virSaveLastError(void)
{
    virErrorPtr copy = g_new0(virError, 1);
    const MvError *last = mv_error_last();

    if (last)
        error_from_mv(copy, last);
    return copy;
}

void
virResetLastError(void)
{
    mv_error_reset();
}

void
virResetError(virErrorPtr err)
{
    if (err)
        mv_client_error_clear(err);
}

void
virFreeError(virErrorPtr err)
{
    if (!err)
        return;
    mv_client_error_clear(err);
    g_free(err);
}

int
virCopyLastError(virErrorPtr to)
{
    const MvError *last = mv_error_last();

    if (!to)
        return -1;
    if (last)
        error_from_mv(to, last);
    else
        mv_client_error_clear(to);
    return to->code;
}

virErrorPtr
virConnGetLastError(virConnectPtr conn)
{
    if (!conn)
        return NULL;
    return &conn->err;
}

int
virConnCopyLastError(virConnectPtr conn, virErrorPtr to)
{
    if (!conn || !to)
        return -1;
    g_mutex_lock(&conn->lock);
    if (conn->err.code == VIR_ERR_OK)
        mv_client_error_clear(to);
    else
        error_copy(to, &conn->err);
    g_mutex_unlock(&conn->lock);
    return to->code;
}

void
virConnResetLastError(virConnectPtr conn)
{
    if (!conn)
        return;
    g_mutex_lock(&conn->lock);
    mv_client_error_clear(&conn->err);
    g_mutex_unlock(&conn->lock);
}

void
virSetErrorFunc(void *userData, virErrorFunc handler)
{
    g_mutex_lock(&handler_lock);
    global_handler = handler;
    global_handler_data = userData;
    g_mutex_unlock(&handler_lock);
}

void
virConnSetErrorFunc(virConnectPtr conn, void *userData, virErrorFunc handler)
{
    if (!conn)
        return;
    g_mutex_lock(&conn->lock);
    conn->handler = handler;
    conn->handler_data = userData;
    g_mutex_unlock(&conn->lock);
}

void
virDefaultErrorFunc(virErrorPtr err)
{
    const char *level = "";
    const char *domain = "Unknown";
    const char *message;
    size_t len;

    if (!err || err->code == VIR_ERR_OK)
        return;
    if (err->level == VIR_ERR_WARNING)
        level = "warning";
    else if (err->level == VIR_ERR_ERROR)
        level = "error";
    if (err->domain >= 0 && err->domain < VIR_ERR_DOMAIN_LAST)
        domain = error_domain_names[err->domain];
    message = err->message ? err->message : "";
    len = strlen(message);
    /* No domain or network name: the object references are always NULL. */
    if (err->domain == VIR_FROM_XML && err->code == VIR_ERR_XML_DETAIL && err->int1 != 0)
        fprintf(stderr, "libvirt: %s %s : line %d: %s", domain, level, err->int1, message);
    else
        fprintf(stderr, "libvirt: %s %s : %s%s", domain, level, message,
                len > 0 && message[len - 1] == '\n' ? "" : "\n");
}

void
mv_client_dispatch_error(virConnectPtr conn)
{
    virErrorPtr err;
    virErrorFunc handler;
    void *data;

    if (mv_error_last_code() == VIR_ERR_OK) {
        MvError generic = {
            .code = VIR_ERR_INTERNAL_ERROR,
            .domain = VIR_FROM_NONE,
            .level = VIR_ERR_ERROR,
            .message = (char *) "An error occurred, but the cause is unknown",
        };

        mv_error_set(&generic);
    }
    err = thread_error();

    g_mutex_lock(&handler_lock);
    handler = global_handler;
    data = global_handler_data;
    g_mutex_unlock(&handler_lock);

    if (conn) {
        g_mutex_lock(&conn->lock);
        error_copy(&conn->err, err);
        if (conn->handler) {
            handler = conn->handler;
            data = conn->handler_data;
        }
        g_mutex_unlock(&conn->lock);
    }

    if (handler)
        handler(data, err);
    else
        virDefaultErrorFunc(err);
}

void *
mv_client_finish_ptr(virConnectPtr conn, void *ret)
{
    if (!ret)
        mv_client_dispatch_error(conn);
    return ret;
}

int
mv_client_finish_int(virConnectPtr conn, int ret)
{
    if (ret < 0)
        mv_client_dispatch_error(conn);
    return ret;
}

int
mv_client_finish_status(virConnectPtr conn, int ret)
{
    if (ret < 0) {
        mv_client_dispatch_error(conn);
        return -1;
    }
    return 0;
}
