/* The public domain API: argument checks, then the connection's driver. */
#define MV_LOG_MODULE "client.api"
#define MV_FROM_THIS VIR_FROM_NONE

#include <string.h>

#include "driver.h"
#include "error.h"
#include "object.h"
#include "util/error.h"
#include "util/uuid.h"

virConnectPtr
virDomainGetConnect(virDomainPtr domain)
{
    OBJ_ENTRY(mv_client_domain_check, domain, NULL);
    return domain->conn;
}

int
virConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains, unsigned int flags)
{
    CONN_ENTRY(conn, -1);
    if (domains)
        *domains = NULL;
    DRIVER_ENTRY(conn, connect_list_all_domains, -1);
    return mv_client_finish_int(conn, conn->driver->connect_list_all_domains(conn, domains, flags));
}

/* The old listing calls, answered from virConnectListAllDomains. */
static int
domains_list(virConnectPtr conn, unsigned int flags, virDomainPtr **ret_domains)
{
    int ret;

    DRIVER_ENTRY(conn, connect_list_all_domains, -1);
    ret = conn->driver->connect_list_all_domains(conn, ret_domains, flags);
    return mv_client_finish_status(conn, ret);
}

static void
domains_free(virDomainPtr *doms)
{
    for (size_t i = 0; doms && doms[i]; i++)
        virDomainFree(doms[i]);
    g_free(doms);
}

static int
domains_count(virConnectPtr conn, unsigned int flags)
{
    virDomainPtr *doms = NULL;
    int n = 0;

    if (domains_list(conn, flags, &doms) < 0)
        return -1;
    while (doms[n])
        n++;
    domains_free(doms);
    return n;
}

int
virConnectNumOfDomains(virConnectPtr conn)
{
    CONN_ENTRY(conn, -1);
    return domains_count(conn, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
}

int
virConnectNumOfDefinedDomains(virConnectPtr conn)
{
    CONN_ENTRY(conn, -1);
    return domains_count(conn, VIR_CONNECT_LIST_DOMAINS_INACTIVE);
}

int
virConnectListDomains(virConnectPtr conn, int *ids, int maxids)
{
    virDomainPtr *doms = NULL;
    int n = 0;

    CONN_ENTRY(conn, -1);
    NONNULL_ARG(conn, ids, -1);
    if (maxids < 0) {
        mv_client_report_bad_arg("maxids", __func__, "must not be negative");
        mv_client_dispatch_error(conn);
        return -1;
    }
    if (domains_list(conn, VIR_CONNECT_LIST_DOMAINS_ACTIVE, &doms) < 0)
        return -1;
    for (size_t i = 0; doms[i] && n < maxids; i++)
        ids[n++] = doms[i]->id;
    domains_free(doms);
    return n;
}

int
virConnectListDefinedDomains(virConnectPtr conn, char **const names, int maxnames)
{
    virDomainPtr *doms = NULL;
    int n = 0;

    CONN_ENTRY(conn, -1);
    NONNULL_ARG(conn, names, -1);
    if (maxnames < 0) {
        mv_client_report_bad_arg("maxnames", __func__, "must not be negative");
        mv_client_dispatch_error(conn);
        return -1;
    }
    if (domains_list(conn, VIR_CONNECT_LIST_DOMAINS_INACTIVE, &doms) < 0)
        return -1;
    for (size_t i = 0; doms[i] && n < maxnames; i++)
        names[n++] = g_strdup(doms[i]->name);
    domains_free(doms);
    return n;
}

virDomainPtr
virDomainLookupByID(virConnectPtr conn, int id)
{
    CONN_ENTRY(conn, NULL);
    if (id < 0) {
        mv_client_report_bad_arg("id", __func__, "must be non-negative");
        mv_client_dispatch_error(conn);
        return NULL;
    }
    DRIVER_ENTRY(conn, domain_lookup_by_id, NULL);
    return mv_client_finish_ptr(conn, conn->driver->domain_lookup_by_id(conn, id));
}

virDomainPtr
virDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    CONN_ENTRY(conn, NULL);
    NONNULL_ARG(conn, uuid, NULL);
    DRIVER_ENTRY(conn, domain_lookup_by_uuid, NULL);
    return mv_client_finish_ptr(conn, conn->driver->domain_lookup_by_uuid(conn, uuid));
}

virDomainPtr
virDomainLookupByUUIDString(virConnectPtr conn, const char *uuidstr)
{
    unsigned char uuid[VIR_UUID_BUFLEN];

    CONN_ENTRY(conn, NULL);
    NONNULL_ARG(conn, uuidstr, NULL);
    if (mv_uuid_parse(uuidstr, uuid) < 0) {
        mv_client_dispatch_error(conn);
        return NULL;
    }
    DRIVER_ENTRY(conn, domain_lookup_by_uuid, NULL);
    return mv_client_finish_ptr(conn, conn->driver->domain_lookup_by_uuid(conn, uuid));
}

virDomainPtr
virDomainLookupByName(virConnectPtr conn, const char *name)
{
    CONN_ENTRY(conn, NULL);
    NONNULL_ARG(conn, name, NULL);
    DRIVER_ENTRY(conn, domain_lookup_by_name, NULL);
    return mv_client_finish_ptr(conn, conn->driver->domain_lookup_by_name(conn, name));
}

virDomainPtr
virDomainCreateXML(virConnectPtr conn, const char *xmlDesc, unsigned int flags)
{
    CONN_ENTRY(conn, NULL);
    NONNULL_ARG(conn, xmlDesc, NULL);
    WRITABLE_ENTRY(conn, NULL);
    DRIVER_ENTRY(conn, domain_create_xml, NULL);
    return mv_client_finish_ptr(conn, conn->driver->domain_create_xml(conn, xmlDesc, flags));
}

virDomainPtr
virDomainDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags)
{
    CONN_ENTRY(conn, NULL);
    NONNULL_ARG(conn, xml, NULL);
    WRITABLE_ENTRY(conn, NULL);
    DRIVER_ENTRY(conn, domain_define_xml_flags, NULL);
    return mv_client_finish_ptr(conn, conn->driver->domain_define_xml_flags(conn, xml, flags));
}

virDomainPtr
virDomainDefineXML(virConnectPtr conn, const char *xml)
{
    CONN_ENTRY(conn, NULL);
    NONNULL_ARG(conn, xml, NULL);
    WRITABLE_ENTRY(conn, NULL);
    DRIVER_ENTRY(conn, domain_define_xml_flags, NULL);
    return mv_client_finish_ptr(conn, conn->driver->domain_define_xml_flags(conn, xml, 0));
}

/* The calls that change a domain and answer 0 / -1 share their shape. */
typedef int (*DomainFlagsFunc)(virDomainPtr dom, unsigned int flags);

static int
domain_change(virDomainPtr dom, DomainFlagsFunc func, unsigned int flags, const char *name)
{
    if (!mv_client_check_change(dom->conn, func != NULL, name))
        return -1;
    return mv_client_finish_status(dom->conn, func(dom, flags));
}

int
virDomainUndefine(virDomainPtr domain)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_change(domain, domain->conn->driver->domain_undefine_flags, 0, __func__);
}

int
virDomainUndefineFlags(virDomainPtr domain, unsigned int flags)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_change(domain, domain->conn->driver->domain_undefine_flags, flags, __func__);
}

int
virDomainCreate(virDomainPtr domain)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_change(domain, domain->conn->driver->domain_create_with_flags, 0, __func__);
}

int
virDomainCreateWithFlags(virDomainPtr domain, unsigned int flags)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_change(domain, domain->conn->driver->domain_create_with_flags, flags,
                         __func__);
}

int
virDomainDestroy(virDomainPtr domain)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_change(domain, domain->conn->driver->domain_destroy_flags, 0, __func__);
}

int
virDomainDestroyFlags(virDomainPtr domain, unsigned int flags)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_change(domain, domain->conn->driver->domain_destroy_flags, flags, __func__);
}

int
virDomainShutdown(virDomainPtr domain)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_change(domain, domain->conn->driver->domain_shutdown_flags, 0, __func__);
}

int
virDomainShutdownFlags(virDomainPtr domain, unsigned int flags)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_change(domain, domain->conn->driver->domain_shutdown_flags, flags, __func__);
}

int
virDomainReboot(virDomainPtr domain, unsigned int flags)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_change(domain, domain->conn->driver->domain_reboot, flags, __func__);
}

static int
suspend_adapter(virDomainPtr dom, unsigned int flags)
{
    return dom->conn->driver->domain_suspend(dom);
}

static int
resume_adapter(virDomainPtr dom, unsigned int flags)
{
    return dom->conn->driver->domain_resume(dom);
}

int
virDomainSuspend(virDomainPtr domain)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_change(domain, domain->conn->driver->domain_suspend ? suspend_adapter : NULL,
                         0, __func__);
}

typedef int (*DeviceFunc)(virDomainPtr dom, const char *xml, unsigned int flags, bool has_flags);

static int
domain_device(virDomainPtr dom, DeviceFunc func, const char *xml, unsigned int flags,
              bool has_flags, const char *name)
{
    if (!xml) {
        mv_report_error(VIR_ERR_INVALID_ARG, "xml in %s must not be NULL", name);
        mv_client_dispatch_error(dom->conn);
        return -1;
    }
    if (!mv_client_check_change(dom->conn, func != NULL, name))
        return -1;
    return mv_client_finish_status(dom->conn, func(dom, xml, flags, has_flags));
}

int
virDomainAttachDevice(virDomainPtr domain, const char *xml)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_device(domain, domain->conn->driver->domain_attach_device, xml, 0, false,
                         __func__);
}

int
virDomainAttachDeviceFlags(virDomainPtr domain, const char *xml, unsigned int flags)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_device(domain, domain->conn->driver->domain_attach_device, xml, flags, true,
                         __func__);
}

int
virDomainDetachDevice(virDomainPtr domain, const char *xml)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_device(domain, domain->conn->driver->domain_detach_device, xml, 0, false,
                         __func__);
}

int
virDomainDetachDeviceFlags(virDomainPtr domain, const char *xml, unsigned int flags)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_device(domain, domain->conn->driver->domain_detach_device, xml, flags, true,
                         __func__);
}

int
virDomainResume(virDomainPtr domain)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    return domain_change(domain, domain->conn->driver->domain_resume ? resume_adapter : NULL,
                         0, __func__);
}

const char *
virDomainGetName(virDomainPtr domain)
{
    OBJ_ENTRY(mv_client_domain_check, domain, NULL);
    return domain->name;
}

unsigned int
virDomainGetID(virDomainPtr domain)
{
    OBJ_ENTRY(mv_client_domain_check, domain, (unsigned int) -1);
    return (unsigned int) domain->id;
}

int
virDomainGetUUID(virDomainPtr domain, unsigned char *uuid)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    NONNULL_ARG(domain->conn, uuid, -1);
    memcpy(uuid, domain->uuid, VIR_UUID_BUFLEN);
    return 0;
}

int
virDomainGetUUIDString(virDomainPtr domain, char *buf)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    NONNULL_ARG(domain->conn, buf, -1);
    mv_uuid_format(domain->uuid, buf);
    return 0;
}

char *
virDomainGetOSType(virDomainPtr domain)
{
    OBJ_ENTRY(mv_client_domain_check, domain, NULL);
    DRIVER_ENTRY(domain->conn, domain_get_os_type, NULL);
    return mv_client_finish_ptr(domain->conn, domain->conn->driver->domain_get_os_type(domain));
}

unsigned long
virDomainGetMaxMemory(virDomainPtr domain)
{
    unsigned long ret;

    OBJ_ENTRY(mv_client_domain_check, domain, 0);
    DRIVER_ENTRY(domain->conn, domain_get_max_memory, 0);
    if ((ret = domain->conn->driver->domain_get_max_memory(domain)) == 0)
        mv_client_dispatch_error(domain->conn);
    return ret;
}

int
virDomainGetVcpusFlags(virDomainPtr domain, unsigned int flags)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    if ((flags & VIR_DOMAIN_VCPU_GUEST) && (flags & VIR_DOMAIN_AFFECT_CONFIG)) {
        mv_report_error(VIR_ERR_INVALID_ARG, "%s",
                        "flags 'affect config' and 'guest' are mutually exclusive");
        mv_client_dispatch_error(domain->conn);
        return -1;
    }
    if ((flags & VIR_DOMAIN_AFFECT_LIVE) && (flags & VIR_DOMAIN_AFFECT_CONFIG)) {
        mv_report_error(VIR_ERR_INVALID_ARG, "%s",
                        "flags 'affect live' and 'affect config' are mutually exclusive");
        mv_client_dispatch_error(domain->conn);
        return -1;
    }
    DRIVER_ENTRY(domain->conn, domain_get_vcpus_flags, -1);
    return mv_client_finish_int(domain->conn,
                                domain->conn->driver->domain_get_vcpus_flags(domain, flags));
}

int
virDomainGetInfo(virDomainPtr domain, virDomainInfoPtr info)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    NONNULL_ARG(domain->conn, info, -1);
    memset(info, 0, sizeof(*info));
    DRIVER_ENTRY(domain->conn, domain_get_info, -1);
    return mv_client_finish_status(domain->conn,
                                   domain->conn->driver->domain_get_info(domain, info));
}

int
virDomainGetState(virDomainPtr domain, int *state, int *reason, unsigned int flags)
{
    int ret;

    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    NONNULL_ARG(domain->conn, state, -1);
    DRIVER_ENTRY(domain->conn, domain_get_state, -1);
    ret = domain->conn->driver->domain_get_state(domain, state, reason, flags);
    return mv_client_finish_status(domain->conn, ret);
}

char *
virDomainGetXMLDesc(virDomainPtr domain, unsigned int flags)
{
    OBJ_ENTRY(mv_client_domain_check, domain, NULL);
    if (domain->conn->read_only && (flags & VIR_DOMAIN_XML_SECURE)) {
        mv_report_error(VIR_ERR_OPERATION_DENIED, "%s",
                        "virDomainGetXMLDesc with secure flag");
        mv_client_dispatch_error(domain->conn);
        return NULL;
    }
    DRIVER_ENTRY(domain->conn, domain_get_xml_desc, NULL);
    return mv_client_finish_ptr(domain->conn,
                                domain->conn->driver->domain_get_xml_desc(domain, flags));
}

int
virDomainGetAutostart(virDomainPtr domain, int *autostart)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    NONNULL_ARG(domain->conn, autostart, -1);
    DRIVER_ENTRY(domain->conn, domain_get_autostart, -1);
    return mv_client_finish_status(domain->conn,
                                   domain->conn->driver->domain_get_autostart(domain, autostart));
}

int
virDomainSetAutostart(virDomainPtr domain, int autostart)
{
    OBJ_ENTRY(mv_client_domain_check, domain, -1);
    WRITABLE_ENTRY(domain->conn, -1);
    DRIVER_ENTRY(domain->conn, domain_set_autostart, -1);
    return mv_client_finish_status(domain->conn,
                                   domain->conn->driver->domain_set_autostart(domain, autostart));
}

int
virDomainIsActive(virDomainPtr dom)
{
    OBJ_ENTRY(mv_client_domain_check, dom, -1);
    DRIVER_ENTRY(dom->conn, domain_is_active, -1);
    return mv_client_finish_int(dom->conn, dom->conn->driver->domain_is_active(dom));
}

int
virDomainIsPersistent(virDomainPtr dom)
{
    OBJ_ENTRY(mv_client_domain_check, dom, -1);
    DRIVER_ENTRY(dom->conn, domain_is_persistent, -1);
    return mv_client_finish_int(dom->conn, dom->conn->driver->domain_is_persistent(dom));
}

int
virConnectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                 virConnectDomainEventGenericCallback cb, void *opaque,
                                 virFreeCallback freecb)
{
    int ret;

    CONN_ENTRY(conn, -1);
    if (dom && !mv_client_domain_check(dom, __func__)) {
        mv_client_dispatch_error(conn);
        return -1;
    }
    if (!mv_client_check_event_args(conn, dom ? dom->conn : NULL, "dom", cb != NULL, eventID,
                                    VIR_DOMAIN_EVENT_ID_LAST, __func__))
        return -1;
    DRIVER_ENTRY(conn, domain_event_register_any, -1);
    ret = conn->driver->domain_event_register_any(conn, dom, eventID, cb, opaque, freecb);
    return mv_client_finish_int(conn, ret);
}

int
virConnectDomainEventDeregisterAny(virConnectPtr conn, int callbackID)
{
    CONN_ENTRY(conn, -1);
    return mv_client_event_deregister(conn, callbackID, conn->driver->domain_event_deregister_any,
                                      __func__);
}
