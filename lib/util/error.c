/* Error reporting: the thread-local last error and its libvirt-compatible message. */
#define MV_LOG_MODULE "util.error"

#include "error.h"

#include <errno.h>
#include <string.h>

#include "log.h"

/* libvirt's user-visible text for each error code: alone, and with the
 * detail in place of its one "%s". */
typedef struct {
    const char *alone;
    const char *with_detail;
} ErrorText;

static const ErrorText error_texts[VIR_ERR_NUMBER_LAST] = {
    [VIR_ERR_INTERNAL_ERROR] = { "internal error", "internal error: %s" },
    [VIR_ERR_NO_MEMORY] = { "out of memory", "out of memory: %s" },
    [VIR_ERR_NO_SUPPORT] = { "this function is not supported by the connection driver", "this function is not supported by the connection driver: %s" },
    [VIR_ERR_UNKNOWN_HOST] = { "unknown host", "unknown host %s" },
    [VIR_ERR_NO_CONNECT] = { "no connection driver available", "no connection driver available for %s" },
    [VIR_ERR_INVALID_CONN] = { "invalid connection pointer in", "invalid connection pointer in %s" },
    [VIR_ERR_INVALID_DOMAIN] = { "invalid domain pointer in", "invalid domain pointer in %s" },
    [VIR_ERR_INVALID_ARG] = { "invalid argument", "invalid argument: %s" },
    [VIR_ERR_OPERATION_FAILED] = { "operation failed", "operation failed: %s" },
    [VIR_ERR_GET_FAILED] = { "GET operation failed", "GET operation failed: %s" },
    [VIR_ERR_POST_FAILED] = { "POST operation failed", "POST operation failed: %s" },
    [VIR_ERR_HTTP_ERROR] = { "got unknown HTTP error code", "got unknown HTTP error code %s" },
    [VIR_ERR_SEXPR_SERIAL] = { "failed to serialize S-Expr", "failed to serialize S-Expr: %s" },
    [VIR_ERR_NO_XEN] = { "could not use Xen hypervisor entry", "could not use Xen hypervisor entry %s" },
    [VIR_ERR_XEN_CALL] = { "failed Xen syscall", "failed Xen syscall %s" },
    [VIR_ERR_OS_TYPE] = { "unknown OS type", "unknown OS type %s" },
    [VIR_ERR_NO_KERNEL] = { "missing kernel information", "missing kernel information: %s" },
    [VIR_ERR_NO_ROOT] = { "missing root device information", "missing root device information in %s" },
    [VIR_ERR_NO_SOURCE] = { "missing source information for device", "missing source information for device %s" },
    [VIR_ERR_NO_TARGET] = { "missing target information for device", "missing target information for device %s" },
    [VIR_ERR_NO_NAME] = { "missing name information", "missing name information in %s" },
    [VIR_ERR_NO_OS] = { "missing operating system information", "missing operating system information for %s" },
    [VIR_ERR_NO_DEVICE] = { "missing devices information", "missing devices information for %s" },
    [VIR_ERR_NO_XENSTORE] = { "could not connect to Xen Store", "could not connect to Xen Store %s" },
    [VIR_ERR_DRIVER_FULL] = { "too many drivers registered", "too many drivers registered in %s" },
    [VIR_ERR_CALL_FAILED] = { "library call failed", "library call failed: %s" },
    [VIR_ERR_XML_ERROR] = { "XML description is invalid or not well formed", "XML error: %s" },
    [VIR_ERR_DOM_EXIST] = { "this domain exists already", "domain %s exists already" },
    [VIR_ERR_OPERATION_DENIED] = { "operation forbidden for read only access", "operation forbidden: %s" },
    [VIR_ERR_OPEN_FAILED] = { "failed to open configuration file", "failed to open configuration file %s" },
    [VIR_ERR_READ_FAILED] = { "failed to read configuration file", "failed to read configuration file %s" },
    [VIR_ERR_PARSE_FAILED] = { "failed to parse configuration file", "failed to parse configuration file %s" },
    [VIR_ERR_CONF_SYNTAX] = { "configuration file syntax error", "configuration file syntax error: %s" },
    [VIR_ERR_WRITE_FAILED] = { "failed to write configuration file", "failed to write configuration file: %s" },
    [VIR_ERR_XML_DETAIL] = { "parser error", "%s" },
    [VIR_ERR_INVALID_NETWORK] = { "invalid network pointer in", "invalid network pointer in %s" },
    [VIR_ERR_NETWORK_EXIST] = { "this network exists already", "network %s exists already" },
    [VIR_ERR_SYSTEM_ERROR] = { "system call error", "%s" },
    [VIR_ERR_RPC] = { "RPC error", "%s" },
    [VIR_ERR_GNUTLS_ERROR] = { "GNUTLS call error", "%s" },
    [VIR_ERR_NO_DOMAIN] = { "Domain not found", "Domain not found: %s" },
    [VIR_ERR_NO_NETWORK] = { "Network not found", "Network not found: %s" },
    [VIR_ERR_INVALID_MAC] = { "invalid MAC address", "invalid MAC address: %s" },
    [VIR_ERR_AUTH_FAILED] = { "authentication failed", "authentication failed: %s" },
    [VIR_ERR_INVALID_STORAGE_POOL] = { "invalid storage pool pointer in", "invalid storage pool pointer in %s" },
    [VIR_ERR_INVALID_STORAGE_VOL] = { "invalid storage volume pointer in", "invalid storage volume pointer in %s" },
    [VIR_ERR_NO_STORAGE_POOL] = { "Storage pool not found", "Storage pool not found: %s" },
    [VIR_ERR_NO_STORAGE_VOL] = { "Storage volume not found", "Storage volume not found: %s" },
    [VIR_ERR_INVALID_NODE_DEVICE] = { "invalid node device pointer", "invalid node device pointer in %s" },
    [VIR_ERR_NO_NODE_DEVICE] = { "Node device not found", "Node device not found: %s" },
    [VIR_ERR_NO_SECURITY_MODEL] = { "Security model not found", "Security model not found: %s" },
    [VIR_ERR_OPERATION_INVALID] = { "Requested operation is not valid", "Requested operation is not valid: %s" },
    [VIR_ERR_NO_INTERFACE] = { "Interface not found", "Interface not found: %s" },
    [VIR_ERR_INVALID_INTERFACE] = { "invalid interface pointer in", "invalid interface pointer in %s" },
    [VIR_ERR_MULTIPLE_INTERFACES] = { "multiple matching interfaces found", "multiple matching interfaces found: %s" },
    [VIR_ERR_INVALID_NWFILTER] = { "Invalid network filter", "Invalid network filter: %s" },
    [VIR_ERR_NO_NWFILTER] = { "Network filter not found", "Network filter not found: %s" },
    [VIR_ERR_BUILD_FIREWALL] = { "Error while building firewall", "Error while building firewall: %s" },
    [VIR_ERR_INVALID_SECRET] = { "Invalid secret", "Invalid secret: %s" },
    [VIR_ERR_NO_SECRET] = { "Secret not found", "Secret not found: %s" },
    [VIR_ERR_CONFIG_UNSUPPORTED] = { "unsupported configuration", "unsupported configuration: %s" },
    [VIR_ERR_OPERATION_TIMEOUT] = { "Timed out during operation", "Timed out during operation: %s" },
    [VIR_ERR_MIGRATE_PERSIST_FAILED] = { "Failed to make domain persistent after migration", "Failed to make domain persistent after migration: %s" },
    [VIR_ERR_HOOK_SCRIPT_FAILED] = { "Hook script execution failed", "Hook script execution failed: %s" },
    [VIR_ERR_INVALID_DOMAIN_SNAPSHOT] = { "Invalid domain snapshot", "Invalid domain snapshot: %s" },
    [VIR_ERR_NO_DOMAIN_SNAPSHOT] = { "Domain snapshot not found", "Domain snapshot not found: %s" },
    [VIR_ERR_INVALID_STREAM] = { "invalid stream pointer", "invalid stream pointer in %s" },
    [VIR_ERR_ARGUMENT_UNSUPPORTED] = { "argument unsupported", "argument unsupported: %s" },
    [VIR_ERR_STORAGE_PROBE_FAILED] = { "Storage pool probe failed", "Storage pool probe failed: %s" },
    [VIR_ERR_STORAGE_POOL_BUILT] = { "Storage pool already built", "Storage pool already built: %s" },
    [VIR_ERR_SNAPSHOT_REVERT_RISKY] = { "revert requires force", "revert requires force: %s" },
    [VIR_ERR_OPERATION_ABORTED] = { "operation aborted", "operation aborted: %s" },
    [VIR_ERR_AUTH_CANCELLED] = { "authentication cancelled", "authentication cancelled: %s" },
    [VIR_ERR_NO_DOMAIN_METADATA] = { "metadata not found", "metadata not found: %s" },
    [VIR_ERR_MIGRATE_UNSAFE] = { "Unsafe migration", "Unsafe migration: %s" },
    [VIR_ERR_OVERFLOW] = { "numerical overflow", "numerical overflow: %s" },
    [VIR_ERR_BLOCK_COPY_ACTIVE] = { "block copy still active", "block copy still active: %s" },
    [VIR_ERR_OPERATION_UNSUPPORTED] = { "Operation not supported", "Operation not supported: %s" },
    [VIR_ERR_SSH] = { "SSH transport error", "SSH transport error: %s" },
    [VIR_ERR_AGENT_UNRESPONSIVE] = { "Guest agent is not responding", "Guest agent is not responding: %s" },
    [VIR_ERR_RESOURCE_BUSY] = { "resource busy", "resource busy: %s" },
    [VIR_ERR_ACCESS_DENIED] = { "access denied", "access denied: %s" },
    [VIR_ERR_DBUS_SERVICE] = { "error from service", "error from service: %s" },
    [VIR_ERR_STORAGE_VOL_EXIST] = { "this storage volume exists already", "storage volume %s exists already" },
    [VIR_ERR_CPU_INCOMPATIBLE] = { "the CPU is incompatible with host CPU", "the CPU is incompatible with host CPU: %s" },
    [VIR_ERR_XML_INVALID_SCHEMA] = { "XML document failed to validate against schema", "XML document failed to validate against schema: %s" },
    [VIR_ERR_MIGRATE_FINISH_OK] = { "migration successfully aborted", "migration successfully aborted: %s" },
    [VIR_ERR_AUTH_UNAVAILABLE] = { "authentication unavailable", "authentication unavailable: %s" },
    [VIR_ERR_NO_SERVER] = { "Server not found", "Server not found: %s" },
    [VIR_ERR_NO_CLIENT] = { "Client not found", "Client not found: %s" },
    [VIR_ERR_AGENT_UNSYNCED] = { "guest agent replied with wrong id to guest-sync command", "guest agent replied with wrong id to guest-sync command: %s" },
    [VIR_ERR_LIBSSH] = { "libssh transport error", "libssh transport error: %s" },
    [VIR_ERR_DEVICE_MISSING] = { "device not found", "device not found: %s" },
    [VIR_ERR_INVALID_NWFILTER_BINDING] = { "Invalid network filter binding", "Invalid network filter binding: %s" },
    [VIR_ERR_NO_NWFILTER_BINDING] = { "Network filter binding not found", "Network filter binding not found: %s" },
    [VIR_ERR_INVALID_DOMAIN_CHECKPOINT] = { "Invalid domain checkpoint", "Invalid domain checkpoint: %s" },
    [VIR_ERR_NO_DOMAIN_CHECKPOINT] = { "Domain checkpoint not found", "Domain checkpoint not found: %s" },
    [VIR_ERR_NO_DOMAIN_BACKUP] = { "Domain backup job id not found", "Domain backup job id not found: %s" },
    [VIR_ERR_INVALID_NETWORK_PORT] = { "Invalid network port pointer", "Invalid network port pointer: %s" },
    [VIR_ERR_NETWORK_PORT_EXIST] = { "this network port exists already", "network port %s exists already" },
    [VIR_ERR_NO_NETWORK_PORT] = { "network port not found", "network port not found: %s" },
    [VIR_ERR_NO_HOSTNAME] = { "no hostname found", "no hostname found: %s" },
    [VIR_ERR_CHECKPOINT_INCONSISTENT] = { "checkpoint inconsistent", "checkpoint inconsistent: %s" },
    [VIR_ERR_MULTIPLE_DOMAINS] = { "multiple matching domains found", "multiple matching domains found: %s" },
};

static GPrivate last_error = G_PRIVATE_INIT((GDestroyNotify) mv_error_free);

void
mv_error_free(MvError *err)
{
    if (!err)
        return;
    g_free(err->message);
    g_free(err->str1);
    g_free(err->str2);
    g_free(err->str3);
    g_free(err);
}

MvError *
mv_error_copy(const MvError *err)
{
    MvError *copy = g_new0(MvError, 1);

    copy->code = err->code;
    copy->domain = err->domain;
    copy->level = err->level;
    copy->message = g_strdup(err->message);
    copy->str1 = g_strdup(err->str1);
    copy->str2 = g_strdup(err->str2);
    copy->str3 = g_strdup(err->str3);
    copy->int1 = err->int1;
    copy->int2 = err->int2;
    return copy;
}

static const ErrorText *
error_text(int code)
{
    static const ErrorText fallback = { "error", "error: %s" };

    if (code <= 0 || code >= VIR_ERR_NUMBER_LAST || !error_texts[code].alone)
        return &fallback;
    return &error_texts[code];
}

const char *
mv_error_code_prefix(int code)
{
    return error_text(code)->alone;
}

char *
mv_error_format_message(int code, const char *detail)
{
    const ErrorText *text = error_text(code);
    g_auto(GStrv) halves = NULL;

    if (!detail || !*detail)
        return g_strdup(text->alone);

    halves = g_strsplit(text->with_detail, "%s", 2);
    return g_strconcat(halves[0], detail, halves[1] ? halves[1] : "", NULL);
}

static void
error_store(const char *module, int domain, int code, int errnum,
            const char *file, const char *func, int line, const char *detail)
{
    MvError *err = g_new0(MvError, 1);

    err->code = code;
    err->domain = domain;
    err->level = VIR_ERR_ERROR;
    err->message = mv_error_format_message(code, detail);
    err->str1 = g_strdup(detail);
    err->int1 = errnum;

    mv_log_message(MV_LOG_ERROR, module, file, line, func, "%s", err->message);
    g_private_replace(&last_error, err);
}

void
mv_error_report_full(const char *module, int domain, int code,
                     const char *file, const char *func, int line,
                     const char *fmt, ...)
{
    g_autofree char *detail = NULL;
    va_list ap;
    int saved_errno = errno;

    va_start(ap, fmt);
    detail = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    error_store(module, domain, code, 0, file, func, line, detail);
    errno = saved_errno;
}

void
mv_error_report_system_full(const char *module, int domain, int errnum,
                            const char *file, const char *func, int line,
                            const char *fmt, ...)
{
    g_autofree char *what = NULL;
    g_autofree char *detail = NULL;
    va_list ap;

    va_start(ap, fmt);
    what = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    detail = g_strdup_printf("%s: %s", what, g_strerror(errnum));
    error_store(module, domain, VIR_ERR_SYSTEM_ERROR, errnum,
                file, func, line, detail);
    errno = errnum;
}

const MvError *
mv_error_last(void)
{
    return g_private_get(&last_error);
}

int
mv_error_last_code(void)
{
    const MvError *err = mv_error_last();

    return err ? err->code : VIR_ERR_OK;
}

const char *
mv_error_last_message(void)
{
    const MvError *err = mv_error_last();

    if (!err || !err->message)
        return "unknown error";
    return err->message;
}

void
mv_error_set(const MvError *err)
{
    g_private_replace(&last_error, err ? mv_error_copy(err) : NULL);
}

void
mv_error_reset(void)
{
    g_private_replace(&last_error, NULL);
}

MvError *
mv_error_save(void)
{
    MvError *err = g_private_get(&last_error);

    g_private_set(&last_error, NULL);
    return err;
}

void
mv_error_restore(MvError *err)
{
    g_private_replace(&last_error, err);
}
