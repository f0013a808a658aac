/* The remote driver's domain calls: list, lookups, define/undefine, lifecycle, getters and setters. */
#define MV_LOG_MODULE "client.remote"
#define MV_FROM_THIS VIR_FROM_REMOTE

#include <string.h>

#include "remote_driver.h"

#include "util/error.h"
#include "util/log.h"

int
mv_remote_domain_list_all(virConnectPtr conn, virDomainPtr **domains, unsigned int flags)
{
    remote_connect_list_all_domains_args args = { .need_results = domains != NULL, .flags = flags };
    remote_connect_list_all_domains_ret ret = { 0 };
    int n;

    if (mv_remote_call(conn, REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS,
                       (xdrproc_t) xdr_remote_connect_list_all_domains_args, &args,
                       (xdrproc_t) xdr_remote_connect_list_all_domains_ret, &ret) < 0)
        return -1;

    if (domains) {
        *domains = g_new0(virDomainPtr, ret.domains.domains_len + 1);
        for (u_int i = 0; i < ret.domains.domains_len; i++)
            (*domains)[i] = mv_remote_domain_from_wire(conn, &ret.domains.domains_val[i]);
    }
    n = ret.ret;
    xdr_free((xdrproc_t) xdr_remote_connect_list_all_domains_ret, (char *) &ret);
    return n;
}

/* Lookups and creations answer a domain: ret_dom points into ret, whose
 * own xdr routine frees it. */
static virDomainPtr
domain_call_lookup(virConnectPtr conn, int procedure, xdrproc_t args_proc, const void *args,
                   xdrproc_t ret_proc, remote_nonnull_domain *ret_dom, void *ret)
{
    virDomainPtr dom;

    if (mv_remote_call(conn, procedure, args_proc, args, ret_proc, ret) < 0)
        return NULL;

    dom = mv_remote_domain_from_wire(conn, ret_dom);
    xdr_free(ret_proc, (char *) ret);
    return dom;
}

virDomainPtr
mv_remote_domain_lookup_by_id(virConnectPtr conn, int id)
{
    remote_domain_lookup_by_id_args args = { .id = id };
    remote_domain_lookup_by_id_ret ret = { 0 };

    return domain_call_lookup(conn, REMOTE_PROC_DOMAIN_LOOKUP_BY_ID,
                              (xdrproc_t) xdr_remote_domain_lookup_by_id_args, &args,
                              (xdrproc_t) xdr_remote_domain_lookup_by_id_ret, &ret.dom, &ret);
}

virDomainPtr
mv_remote_domain_lookup_by_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    remote_domain_lookup_by_uuid_args args;
    remote_domain_lookup_by_uuid_ret ret = { 0 };

    memcpy(args.uuid, uuid, VIR_UUID_BUFLEN);
    return domain_call_lookup(conn, REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID,
                              (xdrproc_t) xdr_remote_domain_lookup_by_uuid_args, &args,
                              (xdrproc_t) xdr_remote_domain_lookup_by_uuid_ret, &ret.dom, &ret);
}

virDomainPtr
mv_remote_domain_lookup_by_name(virConnectPtr conn, const char *name)
{
    remote_domain_lookup_by_name_args args = { .name = (char *) name };
    remote_domain_lookup_by_name_ret ret = { 0 };

    return domain_call_lookup(conn, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
                              (xdrproc_t) xdr_remote_domain_lookup_by_name_args, &args,
                              (xdrproc_t) xdr_remote_domain_lookup_by_name_ret, &ret.dom, &ret);
}

virDomainPtr
mv_remote_domain_create_xml(virConnectPtr conn, const char *xml, unsigned int flags)
{
    remote_domain_create_xml_args args = { .xml_desc = (char *) xml, .flags = flags };
    remote_domain_create_xml_ret ret = { 0 };

    return domain_call_lookup(conn, REMOTE_PROC_DOMAIN_CREATE_XML,
                              (xdrproc_t) xdr_remote_domain_create_xml_args, &args,
                              (xdrproc_t) xdr_remote_domain_create_xml_ret, &ret.dom, &ret);
}

/* virDomainDefineXML's own procedure without flags, as libvirt's client. */
virDomainPtr
mv_remote_domain_define_xml_flags(virConnectPtr conn, const char *xml, unsigned int flags)
{
    if (flags == 0) {
        remote_domain_define_xml_args args = { .xml = (char *) xml };
        remote_domain_define_xml_ret ret = { 0 };

        return domain_call_lookup(conn, REMOTE_PROC_DOMAIN_DEFINE_XML,
                                  (xdrproc_t) xdr_remote_domain_define_xml_args, &args,
                                  (xdrproc_t) xdr_remote_domain_define_xml_ret, &ret.dom, &ret);
    } else {
        remote_domain_define_xml_flags_args args = { .xml = (char *) xml, .flags = flags };
        remote_domain_define_xml_flags_ret ret = { 0 };

        return domain_call_lookup(conn, REMOTE_PROC_DOMAIN_DEFINE_XML_FLAGS,
                                  (xdrproc_t) xdr_remote_domain_define_xml_flags_args, &args,
                                  (xdrproc_t) xdr_remote_domain_define_xml_flags_ret, &ret.dom,
                                  &ret);
    }
}

/* The procedures whose arguments are the domain alone. An XDR struct of
 * one member is that member on the wire, so the domain is sent as it is;
 * the reply, if any, is decoded into ret. */
static int
domain_call(virDomainPtr dom, int procedure, xdrproc_t ret_proc, void *ret)
{
    remote_nonnull_domain args;

    mv_remote_domain_to_wire(dom, &args);
    return mv_remote_call(dom->conn, procedure, (xdrproc_t) xdr_remote_nonnull_domain, &args,
                          ret_proc, ret);
}

/* The arguments of the procedures that take the domain and flags
 * (UNDEFINE_FLAGS, REBOOT, GET_XML_DESC, ...): their structs are all this
 * one on the wire. */
typedef struct {
    remote_nonnull_domain dom;
    u_int flags;
} MvRemoteDomainFlagsArgs;

static bool_t
xdr_domain_flags_args(XDR *xdrs, MvRemoteDomainFlagsArgs *args)
{
    return xdr_remote_nonnull_domain(xdrs, &args->dom) && xdr_u_int(xdrs, &args->flags);
}

static int
domain_call_flags(virDomainPtr dom, int procedure, unsigned int flags, xdrproc_t ret_proc,
                  void *ret)
{
    MvRemoteDomainFlagsArgs args = { .flags = flags };

    mv_remote_domain_to_wire(dom, &args.dom);
    return mv_remote_call(dom->conn, procedure, (xdrproc_t) xdr_domain_flags_args, &args,
                          ret_proc, ret);
}

/* Without flags, the procedure of libvirt's older call (its arguments the
 * domain alone), as libvirt's client sends it; else the _FLAGS one. */
static int
domain_call_compat(virDomainPtr dom, int procedure, int flags_procedure, unsigned int flags)
{
    if (flags == 0)
        return domain_call(dom, procedure, NULL, NULL);
    return domain_call_flags(dom, flags_procedure, flags, NULL, NULL);
}

int
mv_remote_domain_undefine_flags(virDomainPtr dom, unsigned int flags)
{
    return domain_call_compat(dom, REMOTE_PROC_DOMAIN_UNDEFINE, REMOTE_PROC_DOMAIN_UNDEFINE_FLAGS,
                              flags);
}

/* CREATE_WITH_FLAGS answers the domain with its new id. */
int
mv_remote_domain_create_with_flags(virDomainPtr dom, unsigned int flags)
{
    remote_domain_create_with_flags_ret ret = { 0 };

    if (domain_call_flags(dom, REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS, flags,
                          (xdrproc_t) xdr_remote_domain_create_with_flags_ret, &ret) < 0)
        return -1;

    dom->id = ret.dom.id;
    xdr_free((xdrproc_t) xdr_remote_domain_create_with_flags_ret, (char *) &ret);
    return 0;
}

int
mv_remote_domain_destroy_flags(virDomainPtr dom, unsigned int flags)
{
    int rc = domain_call_compat(dom, REMOTE_PROC_DOMAIN_DESTROY, REMOTE_PROC_DOMAIN_DESTROY_FLAGS,
                                flags);

    /* A stopped domain has no id any more. */
    if (rc == 0)
        dom->id = -1;
    return rc;
}

int
mv_remote_domain_shutdown_flags(virDomainPtr dom, unsigned int flags)
{
    return domain_call_compat(dom, REMOTE_PROC_DOMAIN_SHUTDOWN, REMOTE_PROC_DOMAIN_SHUTDOWN_FLAGS,
                              flags);
}

int
mv_remote_domain_reboot(virDomainPtr dom, unsigned int flags)
{
    return domain_call_flags(dom, REMOTE_PROC_DOMAIN_REBOOT, flags, NULL, NULL);
}

/* The device procedures, with flags or without as libvirt's client sends
 * them: DETACH_DEVICE's arguments are ATTACH_DEVICE's on the wire, and so
 * are their _FLAGS ones. */
static int
domain_device_call(virDomainPtr dom, const char *xml, unsigned int flags, bool has_flags,
                   int procedure, int flags_procedure)
{
    remote_domain_attach_device_flags_args flags_args = { .xml = (char *) xml, .flags = flags };
    remote_domain_attach_device_args args = { .xml = (char *) xml };

    if (has_flags) {
        mv_remote_domain_to_wire(dom, &flags_args.dom);
        return mv_remote_call(dom->conn, flags_procedure,
                              (xdrproc_t) xdr_remote_domain_attach_device_flags_args, &flags_args,
                              NULL, NULL);
    }
    mv_remote_domain_to_wire(dom, &args.dom);
    return mv_remote_call(dom->conn, procedure, (xdrproc_t) xdr_remote_domain_attach_device_args,
                          &args, NULL, NULL);
}

int
mv_remote_domain_attach_device(virDomainPtr dom, const char *xml, unsigned int flags,
                               bool has_flags)
{
    return domain_device_call(dom, xml, flags, has_flags, REMOTE_PROC_DOMAIN_ATTACH_DEVICE,
                              REMOTE_PROC_DOMAIN_ATTACH_DEVICE_FLAGS);
}

int
mv_remote_domain_detach_device(virDomainPtr dom, const char *xml, unsigned int flags,
                               bool has_flags)
{
    return domain_device_call(dom, xml, flags, has_flags, REMOTE_PROC_DOMAIN_DETACH_DEVICE,
                              REMOTE_PROC_DOMAIN_DETACH_DEVICE_FLAGS);
}

int
mv_remote_domain_suspend(virDomainPtr dom)
{
    return domain_call(dom, REMOTE_PROC_DOMAIN_SUSPEND, NULL, NULL);
}

int
mv_remote_domain_resume(virDomainPtr dom)
{
    return domain_call(dom, REMOTE_PROC_DOMAIN_RESUME, NULL, NULL);
}

int
mv_remote_domain_get_info(virDomainPtr dom, virDomainInfoPtr info)
{
    remote_domain_get_info_ret ret = { 0 };

    if (domain_call(dom, REMOTE_PROC_DOMAIN_GET_INFO, (xdrproc_t) xdr_remote_domain_get_info_ret,
                    &ret) < 0)
        return -1;

    info->state = ret.state;
    info->maxMem = ret.maxMem;
    info->memory = ret.memory;
    info->nrVirtCpu = ret.nrVirtCpu;
    info->cpuTime = ret.cpuTime;
    return 0;
}

int
mv_remote_domain_get_state(virDomainPtr dom, int *state, int *reason, unsigned int flags)
{
    remote_domain_get_state_ret ret = { 0 };

    if (domain_call_flags(dom, REMOTE_PROC_DOMAIN_GET_STATE, flags,
                          (xdrproc_t) xdr_remote_domain_get_state_ret, &ret) < 0)
        return -1;

    *state = ret.state;
    if (reason)
        *reason = ret.reason;
    return 0;
}

char *
mv_remote_domain_get_xml_desc(virDomainPtr dom, unsigned int flags)
{
    MvRemoteDomainFlagsArgs args = { .flags = flags };
    remote_domain_get_xml_desc_ret ret = { 0 };

    mv_remote_domain_to_wire(dom, &args.dom);
    return mv_remote_call_string(dom->conn, REMOTE_PROC_DOMAIN_GET_XML_DESC,
                                 (xdrproc_t) xdr_domain_flags_args, &args,
                                 (xdrproc_t) xdr_remote_domain_get_xml_desc_ret, &ret, &ret.xml);
}

int
mv_remote_domain_get_autostart(virDomainPtr dom, int *autostart)
{
    remote_domain_get_autostart_ret ret = { 0 };

    if (domain_call(dom, REMOTE_PROC_DOMAIN_GET_AUTOSTART,
                    (xdrproc_t) xdr_remote_domain_get_autostart_ret, &ret) < 0)
        return -1;

    *autostart = ret.autostart;
    return 0;
}

int
mv_remote_domain_set_autostart(virDomainPtr dom, int autostart)
{
    remote_domain_set_autostart_args args = { .autostart = autostart };

    mv_remote_domain_to_wire(dom, &args.dom);
    return mv_remote_call(dom->conn, REMOTE_PROC_DOMAIN_SET_AUTOSTART,
                          (xdrproc_t) xdr_remote_domain_set_autostart_args, &args, NULL, NULL);
}

char *
mv_remote_domain_get_os_type(virDomainPtr dom)
{
    remote_nonnull_domain args;
    remote_domain_get_os_type_ret ret = { 0 };

    mv_remote_domain_to_wire(dom, &args);
    return mv_remote_call_string(dom->conn, REMOTE_PROC_DOMAIN_GET_OS_TYPE,
                                 (xdrproc_t) xdr_remote_nonnull_domain, &args,
                                 (xdrproc_t) xdr_remote_domain_get_os_type_ret, &ret, &ret.type);
}

unsigned long
mv_remote_domain_get_max_memory(virDomainPtr dom)
{
    remote_domain_get_max_memory_ret ret = { 0 };

    if (domain_call(dom, REMOTE_PROC_DOMAIN_GET_MAX_MEMORY,
                    (xdrproc_t) xdr_remote_domain_get_max_memory_ret, &ret) < 0)
        return 0;

    return ret.memory;
}

int
mv_remote_domain_get_vcpus_flags(virDomainPtr dom, unsigned int flags)
{
    remote_domain_get_vcpus_flags_ret ret = { 0 };

    if (domain_call_flags(dom, REMOTE_PROC_DOMAIN_GET_VCPUS_FLAGS, flags,
                          (xdrproc_t) xdr_remote_domain_get_vcpus_flags_ret, &ret) < 0)
        return -1;

    return ret.num;
}

int
mv_remote_domain_is_active(virDomainPtr dom)
{
    remote_domain_is_active_ret ret = { 0 };

    if (domain_call(dom, REMOTE_PROC_DOMAIN_IS_ACTIVE, (xdrproc_t) xdr_remote_domain_is_active_ret,
                    &ret) < 0)
        return -1;

    return ret.active ? 1 : 0;
}

int
mv_remote_domain_is_persistent(virDomainPtr dom)
{
    remote_domain_is_persistent_ret ret = { 0 };

    if (domain_call(dom, REMOTE_PROC_DOMAIN_IS_PERSISTENT,
                    (xdrproc_t) xdr_remote_domain_is_persistent_ret, &ret) < 0)
        return -1;

    return ret.persistent ? 1 : 0;
}
