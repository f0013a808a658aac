/* The public connection and host API: open by URI, close, versions, host facts, close callbacks. */
#define MV_LOG_MODULE "client.api"
#define MV_FROM_THIS VIR_FROM_NONE

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "error.h"
#include "object.h"
#include "uri.h"
#include "util/error.h"
#include "util/log.h"

/* The libvirt API level modvirt provides, as virGetVersion reports it. */
#define MV_CLIENT_LIB_VERSION 9000000UL

static const MvClientDriver *const drivers[] = {
    &mv_client_test_driver,
    &mv_client_remote_driver,
};

/* Asks each credential on the terminal (the library's default authentication). */
static int
auth_default_cb(virConnectCredentialPtr cred, unsigned int ncred, void *cbdata)
{
    for (unsigned int i = 0; i < ncred; i++) {
        char buf[1024];
        size_t len;

        if (fprintf(stdout, "%s%s%s: ", cred[i].prompt ? cred[i].prompt : "",
                    cred[i].defresult ? " " : "",
                    cred[i].defresult ? cred[i].defresult : "") < 0 ||
            fflush(stdout) != 0)
            return -1;
        if (!fgets(buf, sizeof(buf), stdin))
            return -1;
        len = strcspn(buf, "\n");
        buf[len] = '\0';
        if (len == 0 && cred[i].defresult)
            cred[i].result = g_strdup(cred[i].defresult);
        else
            cred[i].result = g_strdup(buf);
        cred[i].resultlen = strlen(cred[i].result);
    }
    return 0;
}

static int auth_default_types[] = {
    VIR_CRED_AUTHNAME, VIR_CRED_ECHOPROMPT, VIR_CRED_REALM,
    VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT, VIR_CRED_EXTERNAL,
};

static virConnectAuth auth_default = {
    auth_default_types, G_N_ELEMENTS(auth_default_types), auth_default_cb, NULL,
};

virConnectAuthPtr virConnectAuthPtrDefault = &auth_default;

int
virInitialize(void)
{
    return 0;
}

int
virGetVersion(unsigned long *libVer, const char *type, unsigned long *typeVer)
{
    mv_error_reset();
    if (!libVer) {
        mv_client_report_null_arg("libVer", __func__);
        mv_client_dispatch_error(NULL);
        return -1;
    }
    *libVer = MV_CLIENT_LIB_VERSION;
    if (typeVer)
        *typeVer = MV_CLIENT_LIB_VERSION;
    return 0;
}

/* Drops a connection that failed to open, keeping the error that says why. */
static void
connect_discard(virConnectPtr conn)
{
    MvError *saved = mv_error_save();

    virConnectClose(conn);
    mv_error_restore(saved);
}

static virConnectPtr
connect_open(const char *name, virConnectAuthPtr auth, unsigned int flags)
{
    g_autofree char *text = mv_client_uri_default(name);
    virConnectPtr conn = NULL;
    MvClientUri *uri;

    if (!mv_client_check_flags(flags, VIR_CONNECT_RO | VIR_CONNECT_NO_ALIASES, "virConnectOpenAuth"))
        return NULL;

    MV_DEBUG("opening %s%s", text, flags & VIR_CONNECT_RO ? " read-only" : "");
    if (!(uri = mv_client_uri_parse(text)))
        return NULL;

    conn = mv_client_connect_new();
    conn->parsed = uri;
    conn->uri = g_steal_pointer(&text);
    conn->read_only = flags & VIR_CONNECT_RO;

    for (size_t i = 0; i < G_N_ELEMENTS(drivers); i++) {
        if (!drivers[i]->accepts(uri))
            continue;
        if (drivers[i]->open(conn, auth, flags) < 0) {
            connect_discard(conn);
            return NULL;
        }
        conn->driver = drivers[i];
        return conn;
    }

    mv_report_error(VIR_ERR_NO_CONNECT, "%s", conn->uri);
    connect_discard(conn);
    return NULL;
}

virConnectPtr
virConnectOpen(const char *name)
{
    virConnectPtr conn;

    mv_error_reset();
    if (!(conn = connect_open(name, NULL, 0)))
        mv_client_dispatch_error(NULL);
    return conn;
}

virConnectPtr
virConnectOpenReadOnly(const char *name)
{
    virConnectPtr conn;

    mv_error_reset();
    if (!(conn = connect_open(name, NULL, VIR_CONNECT_RO)))
        mv_client_dispatch_error(NULL);
    return conn;
}

virConnectPtr
virConnectOpenAuth(const char *name, virConnectAuthPtr auth, unsigned int flags)
{
    virConnectPtr conn;

    mv_error_reset();
    if (!(conn = connect_open(name, auth, flags)))
        mv_client_dispatch_error(NULL);
    return conn;
}

const char *
virConnectGetType(virConnectPtr conn)
{
    const char *ret;

    CONN_ENTRY(conn, NULL);
    DRIVER_ENTRY(conn, connect_get_type, NULL);
    if (!(ret = conn->driver->connect_get_type(conn)))
        mv_client_dispatch_error(conn);
    return ret;
}

int
virConnectGetVersion(virConnectPtr conn, unsigned long *hvVer)
{
    CONN_ENTRY(conn, -1);
    NONNULL_ARG(conn, hvVer, -1);
    DRIVER_ENTRY(conn, connect_get_version, -1);
    return mv_client_finish_status(conn, conn->driver->connect_get_version(conn, hvVer));
}

int
virConnectGetLibVersion(virConnectPtr conn, unsigned long *libVer)
{
    CONN_ENTRY(conn, -1);
    NONNULL_ARG(conn, libVer, -1);
    *libVer = MV_CLIENT_LIB_VERSION;
    return 0;
}

char *
virConnectGetHostname(virConnectPtr conn)
{
    CONN_ENTRY(conn, NULL);
    DRIVER_ENTRY(conn, connect_get_hostname, NULL);
    return mv_client_finish_ptr(conn, conn->driver->connect_get_hostname(conn));
}

char *
virConnectGetURI(virConnectPtr conn)
{
    CONN_ENTRY(conn, NULL);
    return g_strdup(conn->uri);
}

char *
virConnectGetCapabilities(virConnectPtr conn)
{
    CONN_ENTRY(conn, NULL);
    DRIVER_ENTRY(conn, connect_get_capabilities, NULL);
    return mv_client_finish_ptr(conn, conn->driver->connect_get_capabilities(conn));
}

int
virConnectGetMaxVcpus(virConnectPtr conn, const char *type)
{
    CONN_ENTRY(conn, -1);
    DRIVER_ENTRY(conn, connect_get_max_vcpus, -1);
    return mv_client_finish_int(conn, conn->driver->connect_get_max_vcpus(conn, type));
}

char *
virConnectGetDomainCapabilities(virConnectPtr conn, const char *emulatorbin, const char *arch,
                                const char *machine, const char *virttype, unsigned int flags)
{
    char *ret;

    CONN_ENTRY(conn, NULL);
    WRITABLE_ENTRY(conn, NULL);
    DRIVER_ENTRY(conn, connect_get_domain_capabilities, NULL);
    ret = conn->driver->connect_get_domain_capabilities(conn, emulatorbin, arch, machine, virttype,
                                                        flags);
    return mv_client_finish_ptr(conn, ret);
}

int
virNodeGetInfo(virConnectPtr conn, virNodeInfoPtr info)
{
    CONN_ENTRY(conn, -1);
    NONNULL_ARG(conn, info, -1);
    DRIVER_ENTRY(conn, node_get_info, -1);
    return mv_client_finish_status(conn, conn->driver->node_get_info(conn, info));
}

unsigned long long
virNodeGetFreeMemory(virConnectPtr conn)
{
    unsigned long long ret;

    CONN_ENTRY(conn, 0);
    DRIVER_ENTRY(conn, node_get_free_memory, 0);
    if ((ret = conn->driver->node_get_free_memory(conn)) == 0)
        mv_client_dispatch_error(conn);
    return ret;
}

/* The three yes/no questions on a connection share their shape. */
static int
connect_ask(virConnectPtr conn, int (*ask)(virConnectPtr), const char *func)
{
    if (!ask) {
        mv_client_report_no_support(func);
        mv_client_dispatch_error(conn);
        return -1;
    }
    return mv_client_finish_int(conn, ask(conn));
}

int
virConnectIsEncrypted(virConnectPtr conn)
{
    CONN_ENTRY(conn, -1);
    return connect_ask(conn, conn->driver->connect_is_encrypted, __func__);
}

int
virConnectIsSecure(virConnectPtr conn)
{
    CONN_ENTRY(conn, -1);
    return connect_ask(conn, conn->driver->connect_is_secure, __func__);
}

int
virConnectIsAlive(virConnectPtr conn)
{
    CONN_ENTRY(conn, -1);
    return connect_ask(conn, conn->driver->connect_is_alive, __func__);
}

int
virConnectSetKeepAlive(virConnectPtr conn, int interval, unsigned int count)
{
    CONN_ENTRY(conn, -1);
    DRIVER_ENTRY(conn, connect_set_keep_alive, -1);
    return mv_client_finish_int(conn, conn->driver->connect_set_keep_alive(conn, interval, count));
}

int
virConnectRegisterCloseCallback(virConnectPtr conn, virConnectCloseFunc cb, void *opaque,
                                virFreeCallback freecb)
{
    CONN_ENTRY(conn, -1);
    NONNULL_ARG(conn, cb, -1);
    g_mutex_lock(&conn->lock);
    if (conn->close_cb) {
        g_mutex_unlock(&conn->lock);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s",
                        "A close callback is already registered");
        mv_client_dispatch_error(conn);
        return -1;
    }
    conn->close_cb = cb;
    conn->close_opaque = opaque;
    conn->close_free = freecb;
    g_mutex_unlock(&conn->lock);
    return 0;
}

int
virConnectUnregisterCloseCallback(virConnectPtr conn, virConnectCloseFunc cb)
{
    virFreeCallback freecb;
    void *opaque;

    CONN_ENTRY(conn, -1);
    NONNULL_ARG(conn, cb, -1);
    g_mutex_lock(&conn->lock);
    if (conn->close_cb != cb) {
        g_mutex_unlock(&conn->lock);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s",
                        "A different callback was requested");
        mv_client_dispatch_error(conn);
        return -1;
    }
    freecb = conn->close_free;
    opaque = conn->close_opaque;
    conn->close_cb = NULL;
    conn->close_free = NULL;
    conn->close_opaque = NULL;
    g_mutex_unlock(&conn->lock);
    if (freecb)
        freecb(opaque);
    return 0;
}
