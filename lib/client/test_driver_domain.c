/* The test driver's domains: define, undefine, start, stop, pause, reboot, state with reasons, all in memory. */
#define MV_LOG_MODULE "client.test"
#define MV_FROM_THIS VIR_FROM_TEST

#include <string.h>

#include "test_driver.h"

#include "conf/domain_device.h"
#include "conf/domain_memory.h"
#include "conf/domain_os.h"
#include "conf/domain_vcpu.h"
#include "util/error.h"
#include "util/log.h"
#include "util/uuid.h"

void
mv_test_domain_free(MvTestDomain *dom)
{
    if (!dom)
        return;
    /* mv_domain_def_free takes field addresses before its NULL check. */
    if (dom->def)
        mv_domain_def_free(dom->def);
    if (dom->next_def)
        mv_domain_def_free(dom->next_def);
    g_free(dom);
}

static bool
domain_is_active(const MvTestDomain *dom)
{
    return dom->state != VIR_DOMAIN_SHUTOFF;
}

static virDomainPtr
domain_handle(virConnectPtr conn, const MvTestDomain *dom)
{
    return mv_client_domain_new(conn, dom->def->name, dom->def->uuid,
                                domain_is_active(dom) ? dom->def->id : -1);
}

static MvTestDomain *
find_by_uuid(MvTestHost *host, const unsigned char *uuid)
{
    for (guint i = 0; i < host->domains->len; i++) {
        MvTestDomain *dom = g_ptr_array_index(host->domains, i);

        if (memcmp(dom->def->uuid, uuid, VIR_UUID_BUFLEN) == 0)
            return dom;
    }
    return NULL;
}

static MvTestDomain *
find_by_name(MvTestHost *host, const char *name)
{
    for (guint i = 0; i < host->domains->len; i++) {
        MvTestDomain *dom = g_ptr_array_index(host->domains, i);

        if (g_str_equal(dom->def->name, name))
            return dom;
    }
    return NULL;
}

/* The domain behind a handle, locked host; NULL after reporting. */
static MvTestDomain *
domain_get(virDomainPtr handle, MvTestHost **ret_host)
{
    MvTestHost *host = MV_TEST_HOST(handle->conn);
    MvTestDomain *dom;

    g_mutex_lock(&host->lock);
    if (!(dom = find_by_uuid(host, handle->uuid))) {
        char uuidstr[MV_UUID_STRING_BUFLEN];

        g_mutex_unlock(&host->lock);
        mv_report_error(VIR_ERR_NO_DOMAIN, "no domain with matching uuid '%s' (%s)",
                        mv_uuid_format(handle->uuid, uuidstr), handle->name);
        return NULL;
    }
    *ret_host = host;
    return dom;
}

static void
domain_set_state(MvTestDomain *dom, int state, int reason)
{
    dom->state = state;
    dom->reason = reason;
}

static void
domain_start(MvTestHost *host, MvTestDomain *dom, int reason)
{
    dom->def->id = host->next_id++;
    domain_set_state(dom, VIR_DOMAIN_RUNNING, reason);
}

/* Starts dom, paused when asked, with the events of both steps. */
static void
domain_boot(MvTestHost *host, MvTestDomain *dom, bool paused)
{
    domain_start(host, dom, VIR_DOMAIN_RUNNING_BOOTED);
    mv_test_event_queue(host, dom, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED);
    if (paused) {
        domain_set_state(dom, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
        mv_test_event_queue(host, dom, VIR_DOMAIN_EVENT_SUSPENDED,
                            VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
    }
}

/* Stops a running domain: the persistent config comes back, a transient
 * domain goes away (dom is freed then). */
static void
domain_stop(MvTestHost *host, MvTestDomain *dom, int reason)
{
    dom->def->id = -1;
    domain_set_state(dom, VIR_DOMAIN_SHUTOFF, reason);
    if (dom->next_def) {
        mv_domain_def_free(dom->def);
        dom->def = g_steal_pointer(&dom->next_def);
        dom->def->id = -1;
    }
    if (!dom->persistent)
        g_ptr_array_remove(host->domains, dom);
}

int
mv_test_domain_list_all(virConnectPtr conn, virDomainPtr **domains, unsigned int flags)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    g_autoptr(GPtrArray) list = g_ptr_array_new();
    const unsigned int active_mask = VIR_CONNECT_LIST_DOMAINS_ACTIVE |
                                     VIR_CONNECT_LIST_DOMAINS_INACTIVE;
    const unsigned int persist_mask = VIR_CONNECT_LIST_DOMAINS_PERSISTENT |
                                      VIR_CONNECT_LIST_DOMAINS_TRANSIENT;
    const unsigned int state_mask = VIR_CONNECT_LIST_DOMAINS_RUNNING |
                                    VIR_CONNECT_LIST_DOMAINS_PAUSED |
                                    VIR_CONNECT_LIST_DOMAINS_SHUTOFF |
                                    VIR_CONNECT_LIST_DOMAINS_OTHER;
    const unsigned int auto_mask = VIR_CONNECT_LIST_DOMAINS_AUTOSTART |
                                   VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART;
    const unsigned int none_mask = VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE |
                                   VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE |
                                   VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT |
                                   VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT |
                                   VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT |
                                   VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT;
    int n;

    if (!mv_client_check_flags(flags, active_mask | persist_mask | state_mask | auto_mask |
                               none_mask, "testConnectListAllDomains"))
        return -1;

    g_mutex_lock(&host->lock);
    for (guint i = 0; i < host->domains->len; i++) {
        MvTestDomain *dom = g_ptr_array_index(host->domains, i);
        bool active = domain_is_active(dom);

        if ((flags & active_mask) &&
            !((flags & VIR_CONNECT_LIST_DOMAINS_ACTIVE && active) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_INACTIVE && !active)))
            continue;
        if ((flags & persist_mask) &&
            !((flags & VIR_CONNECT_LIST_DOMAINS_PERSISTENT && dom->persistent) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_TRANSIENT && !dom->persistent)))
            continue;
        if ((flags & state_mask) &&
            !((flags & VIR_CONNECT_LIST_DOMAINS_RUNNING && dom->state == VIR_DOMAIN_RUNNING) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_PAUSED && dom->state == VIR_DOMAIN_PAUSED) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_SHUTOFF && dom->state == VIR_DOMAIN_SHUTOFF) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_OTHER &&
               dom->state != VIR_DOMAIN_RUNNING && dom->state != VIR_DOMAIN_PAUSED &&
               dom->state != VIR_DOMAIN_SHUTOFF)))
            continue;
        if ((flags & auto_mask) &&
            !((flags & VIR_CONNECT_LIST_DOMAINS_AUTOSTART && dom->autostart) ||
              (flags & VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART && !dom->autostart)))
            continue;
        /* No managed saves, snapshots or checkpoints on the test host. */
        if (flags & (VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE | VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT |
                     VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT))
            continue;
        g_ptr_array_add(list, domain_handle(conn, dom));
    }
    g_mutex_unlock(&host->lock);

    n = list->len;
    if (domains) {
        g_ptr_array_add(list, NULL);
        *domains = (virDomainPtr *) g_ptr_array_free(g_steal_pointer(&list), FALSE);
    } else {
        for (guint i = 0; i < list->len; i++)
            virDomainFree(g_ptr_array_index(list, i));
    }
    return n;
}

virDomainPtr
mv_test_domain_lookup_by_id(virConnectPtr conn, int id)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    virDomainPtr ret = NULL;

    g_mutex_lock(&host->lock);
    for (guint i = 0; i < host->domains->len && !ret; i++) {
        MvTestDomain *dom = g_ptr_array_index(host->domains, i);

        if (domain_is_active(dom) && dom->def->id == id)
            ret = domain_handle(conn, dom);
    }
    g_mutex_unlock(&host->lock);
    if (!ret)
        mv_report_error(VIR_ERR_NO_DOMAIN, "no domain with matching id %d", id);
    return ret;
}

virDomainPtr
mv_test_domain_lookup_by_uuid(virConnectPtr conn, const unsigned char *uuid)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    MvTestDomain *dom;
    virDomainPtr ret = NULL;

    g_mutex_lock(&host->lock);
    if ((dom = find_by_uuid(host, uuid)))
        ret = domain_handle(conn, dom);
    g_mutex_unlock(&host->lock);
    if (!ret) {
        char uuidstr[MV_UUID_STRING_BUFLEN];

        mv_report_error(VIR_ERR_NO_DOMAIN, "no domain with matching uuid '%s'",
                        mv_uuid_format(uuid, uuidstr));
    }
    return ret;
}

virDomainPtr
mv_test_domain_lookup_by_name(virConnectPtr conn, const char *name)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    MvTestDomain *dom;
    virDomainPtr ret = NULL;

    g_mutex_lock(&host->lock);
    if ((dom = find_by_name(host, name)))
        ret = domain_handle(conn, dom);
    g_mutex_unlock(&host->lock);
    if (!ret)
        mv_report_error(VIR_ERR_NO_DOMAIN, "no domain with matching name '%s'", name);
    return ret;
}

/* Parses xml and checks it against the domains there are: a name and a
 * UUID belong to one domain. ret_existing is the domain it replaces. */
static MvDomainDef *
domain_parse_new(MvTestHost *host, const char *xml, MvTestDomain **ret_existing)
{
    g_autoptr(MvDomainDef) def = mv_domain_def_parse_string(xml, MV_DOMAIN_XML_INACTIVE);
    MvTestDomain *by_uuid;
    MvTestDomain *by_name;
    char uuidstr[MV_UUID_STRING_BUFLEN];

    if (!def)
        return NULL;
    if (def->virt_type != MV_DOMAIN_VIRT_TEST) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unsupported domain type '%s' for the test driver",
                        mv_domain_virt_type_to_string(def->virt_type));
        return NULL;
    }
    by_uuid = find_by_uuid(host, def->uuid);
    by_name = find_by_name(host, def->name);
    if (by_uuid && !g_str_equal(by_uuid->def->name, def->name)) {
        mv_report_error(VIR_ERR_OPERATION_FAILED, "domain '%s' is already defined with uuid %s",
                        by_uuid->def->name, mv_uuid_format(def->uuid, uuidstr));
        return NULL;
    }
    if (!by_uuid && by_name) {
        mv_report_error(VIR_ERR_OPERATION_FAILED,
                        "domain '%s' already exists with uuid %s", def->name,
                        mv_uuid_format(by_name->def->uuid, uuidstr));
        return NULL;
    }
    *ret_existing = by_uuid;
    def->id = -1;
    return g_steal_pointer(&def);
}

virDomainPtr
mv_test_domain_define_xml_flags(virConnectPtr conn, const char *xml, unsigned int flags)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    MvTestDomain *dom = NULL;
    MvDomainDef *def;
    virDomainPtr ret;
    bool update;

    if (!mv_client_check_flags(flags, VIR_DOMAIN_DEFINE_VALIDATE, "testDomainDefineXMLFlags"))
        return NULL;
    g_mutex_lock(&host->lock);
    if (!(def = domain_parse_new(host, xml, &dom))) {
        g_mutex_unlock(&host->lock);
        return NULL;
    }
    update = dom != NULL;
    if (!dom) {
        dom = g_new0(MvTestDomain, 1);
        dom->def = def;
        domain_set_state(dom, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_UNKNOWN);
        g_ptr_array_add(host->domains, dom);
    } else if (domain_is_active(dom)) {
        if (dom->next_def)
            mv_domain_def_free(dom->next_def);
        dom->next_def = def;
    } else {
        mv_domain_def_free(dom->def);
        dom->def = def;
    }
    dom->persistent = true;
    MV_INFO("defined domain %s", dom->def->name);
    mv_test_event_queue(host, dom, VIR_DOMAIN_EVENT_DEFINED,
                        update ? VIR_DOMAIN_EVENT_DEFINED_UPDATED : VIR_DOMAIN_EVENT_DEFINED_ADDED);
    ret = domain_handle(conn, dom);
    g_mutex_unlock(&host->lock);
    return ret;
}

virDomainPtr
mv_test_domain_create_xml(virConnectPtr conn, const char *xml, unsigned int flags)
{
    MvTestHost *host = MV_TEST_HOST(conn);
    MvTestDomain *dom = NULL;
    MvDomainDef *def;
    virDomainPtr ret;

    if (!mv_client_check_flags(flags, VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_VALIDATE,
                               "testDomainCreateXML"))
        return NULL;
    g_mutex_lock(&host->lock);
    if (!(def = domain_parse_new(host, xml, &dom))) {
        g_mutex_unlock(&host->lock);
        return NULL;
    }
    if (dom && domain_is_active(dom)) {
        g_mutex_unlock(&host->lock);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "domain '%s' is already active",
                        def->name);
        mv_domain_def_free(def);
        return NULL;
    }
    if (dom) {
        /* Runs the given definition; the persistent one comes back at stop. */
        dom->next_def = dom->def;
        dom->def = def;
    } else {
        dom = g_new0(MvTestDomain, 1);
        dom->def = def;
        g_ptr_array_add(host->domains, dom);
    }
    domain_boot(host, dom, flags & VIR_DOMAIN_START_PAUSED);
    ret = domain_handle(conn, dom);
    g_mutex_unlock(&host->lock);
    return ret;
}

int
mv_test_domain_undefine_flags(virDomainPtr handle, unsigned int flags)
{
    MvTestHost *host;
    MvTestDomain *dom;

    if (!mv_client_check_flags(flags, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                               VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                               VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_KEEP_NVRAM |
                               VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA |
                               VIR_DOMAIN_UNDEFINE_TPM | VIR_DOMAIN_UNDEFINE_KEEP_TPM,
                               "testDomainUndefineFlags"))
        return -1;
    if (!(dom = domain_get(handle, &host)))
        return -1;
    if (!dom->persistent) {
        g_mutex_unlock(&host->lock);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s", "cannot undefine transient domain");
        return -1;
    }
    mv_test_event_queue(host, dom, VIR_DOMAIN_EVENT_UNDEFINED,
                        VIR_DOMAIN_EVENT_UNDEFINED_REMOVED);
    if (domain_is_active(dom)) {
        /* Stays until it stops, as a transient domain. */
        dom->persistent = false;
        dom->autostart = false;
        if (dom->next_def)
            mv_domain_def_free(g_steal_pointer(&dom->next_def));
    } else {
        g_ptr_array_remove(host->domains, dom);
    }
    g_mutex_unlock(&host->lock);
    return 0;
}

int
mv_test_domain_create_with_flags(virDomainPtr handle, unsigned int flags)
{
    MvTestHost *host;
    MvTestDomain *dom;

    if (!mv_client_check_flags(flags, VIR_DOMAIN_START_PAUSED, "testDomainCreateWithFlags"))
        return -1;
    if (!(dom = domain_get(handle, &host)))
        return -1;
    if (domain_is_active(dom)) {
        g_mutex_unlock(&host->lock);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s", "Domain is already running");
        return -1;
    }
    domain_boot(host, dom, flags & VIR_DOMAIN_START_PAUSED);
    handle->id = dom->def->id;
    g_mutex_unlock(&host->lock);
    return 0;
}

/* The domain behind handle when it runs; NULL after reporting. */
static MvTestDomain *
domain_get_active(virDomainPtr handle, MvTestHost **ret_host)
{
    MvTestDomain *dom = domain_get(handle, ret_host);

    if (dom && !domain_is_active(dom)) {
        g_mutex_unlock(&(*ret_host)->lock);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s", "domain is not running");
        return NULL;
    }
    return dom;
}

/* Destroy and shutdown: the test guest stops at once. */
static int
domain_stop_running(virDomainPtr handle, int event_detail, int reason)
{
    MvTestHost *host;
    MvTestDomain *dom;

    if (!(dom = domain_get_active(handle, &host)))
        return -1;
    mv_test_event_queue(host, dom, VIR_DOMAIN_EVENT_STOPPED, event_detail);
    domain_stop(host, dom, reason);
    handle->id = -1;
    g_mutex_unlock(&host->lock);
    return 0;
}

int
mv_test_domain_destroy_flags(virDomainPtr handle, unsigned int flags)
{
    if (!mv_client_check_flags(flags, VIR_DOMAIN_DESTROY_GRACEFUL, "testDomainDestroyFlags"))
        return -1;
    return domain_stop_running(handle, VIR_DOMAIN_EVENT_STOPPED_DESTROYED,
                               VIR_DOMAIN_SHUTOFF_DESTROYED);
}

int
mv_test_domain_shutdown_flags(virDomainPtr handle, unsigned int flags)
{
    if (!mv_client_check_flags(flags, VIR_DOMAIN_SHUTDOWN_DEFAULT | VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN |
                               VIR_DOMAIN_SHUTDOWN_GUEST_AGENT | VIR_DOMAIN_SHUTDOWN_INITCTL |
                               VIR_DOMAIN_SHUTDOWN_SIGNAL | VIR_DOMAIN_SHUTDOWN_PARAVIRT,
                               "testDomainShutdownFlags"))
        return -1;
    return domain_stop_running(handle, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN,
                               VIR_DOMAIN_SHUTOFF_SHUTDOWN);
}

int
mv_test_domain_reboot(virDomainPtr handle, unsigned int flags)
{
    MvTestHost *host;
    MvTestDomain *dom;

    if (!mv_client_check_flags(flags, VIR_DOMAIN_REBOOT_DEFAULT | VIR_DOMAIN_REBOOT_ACPI_POWER_BTN |
                               VIR_DOMAIN_REBOOT_GUEST_AGENT | VIR_DOMAIN_REBOOT_INITCTL |
                               VIR_DOMAIN_REBOOT_SIGNAL | VIR_DOMAIN_REBOOT_PARAVIRT,
                               "testDomainReboot"))
        return -1;
    if (!(dom = domain_get_active(handle, &host)))
        return -1;
    /* The guest comes straight back up: same id, running, booted. */
    domain_set_state(dom, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    mv_test_event_queue_generic(host, dom, VIR_DOMAIN_EVENT_ID_REBOOT);
    g_mutex_unlock(&host->lock);
    return 0;
}

int
mv_test_domain_suspend(virDomainPtr handle)
{
    MvTestHost *host;
    MvTestDomain *dom;

    if (!(dom = domain_get_active(handle, &host)))
        return -1;
    if (dom->state == VIR_DOMAIN_PAUSED) {
        g_mutex_unlock(&host->lock);
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "domain '%s' not running", handle->name);
        return -1;
    }
    domain_set_state(dom, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
    mv_test_event_queue(host, dom, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
    g_mutex_unlock(&host->lock);
    return 0;
}

int
mv_test_domain_resume(virDomainPtr handle)
{
    MvTestHost *host;
    MvTestDomain *dom;

    if (!(dom = domain_get(handle, &host)))
        return -1;
    if (dom->state != VIR_DOMAIN_PAUSED) {
        g_mutex_unlock(&host->lock);
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "domain '%s' not paused", handle->name);
        return -1;
    }
    domain_set_state(dom, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED);
    mv_test_event_queue(host, dom, VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
    g_mutex_unlock(&host->lock);
    return 0;
}

int
mv_test_domain_get_info(virDomainPtr handle, virDomainInfoPtr info)
{
    MvTestHost *host;
    MvTestDomain *dom;

    if (!(dom = domain_get(handle, &host)))
        return -1;
    info->state = dom->state;
    info->maxMem = dom->def->memory ? dom->def->memory->total : 0;
    info->memory = dom->def->memory ? dom->def->memory->current : 0;
    info->nrVirtCpu = dom->def->vcpus ? mv_domain_vcpus_online(dom->def->vcpus) : 1;
    /* A running test guest has used no CPU time worth counting, but some. */
    info->cpuTime = domain_is_active(dom) ? 1000000000ULL * (guint64) dom->def->id : 0;
    g_mutex_unlock(&host->lock);
    return 0;
}

int
mv_test_domain_get_state(virDomainPtr handle, int *state, int *reason, unsigned int flags)
{
    MvTestHost *host;
    MvTestDomain *dom;

    if (!mv_client_check_flags(flags, 0, "testDomainGetState"))
        return -1;
    if (!(dom = domain_get(handle, &host)))
        return -1;
    *state = dom->state;
    if (reason)
        *reason = dom->reason;
    g_mutex_unlock(&host->lock);
    return 0;
}

char *
mv_test_domain_get_xml_desc(virDomainPtr handle, unsigned int flags)
{
    MvTestHost *host;
    MvTestDomain *dom;
    const MvDomainDef *def;
    char *xml;

    if (!mv_client_check_flags(flags, VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE |
                               VIR_DOMAIN_XML_UPDATE_CPU | VIR_DOMAIN_XML_MIGRATABLE,
                               "testDomainGetXMLDesc"))
        return NULL;
    if (!(dom = domain_get(handle, &host)))
        return NULL;
    def = (flags & VIR_DOMAIN_XML_INACTIVE) && dom->next_def ? dom->next_def : dom->def;
    xml = mv_domain_def_format(def, (flags & VIR_DOMAIN_XML_INACTIVE) || !domain_is_active(dom)
                                        ? MV_DOMAIN_XML_INACTIVE : 0);
    g_mutex_unlock(&host->lock);
    return xml;
}

int
mv_test_domain_get_autostart(virDomainPtr handle, int *autostart)
{
    MvTestHost *host;
    MvTestDomain *dom;

    if (!(dom = domain_get(handle, &host)))
        return -1;
    *autostart = dom->autostart;
    g_mutex_unlock(&host->lock);
    return 0;
}

int
mv_test_domain_set_autostart(virDomainPtr handle, int autostart)
{
    MvTestHost *host;
    MvTestDomain *dom;

    if (!(dom = domain_get(handle, &host)))
        return -1;
    if (!dom->persistent) {
        g_mutex_unlock(&host->lock);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s", "cannot set autostart for transient domain");
        return -1;
    }
    dom->autostart = autostart != 0;
    g_mutex_unlock(&host->lock);
    return 0;
}

char *
mv_test_domain_get_os_type(virDomainPtr handle)
{
    MvTestHost *host;
    MvTestDomain *dom;

    if (!(dom = domain_get(handle, &host)))
        return NULL;
    g_mutex_unlock(&host->lock);
    /* libvirt's test driver answers "linux" whatever the <os><type>. */
    return g_strdup("linux");
}

unsigned long
mv_test_domain_get_max_memory(virDomainPtr handle)
{
    MvTestHost *host;
    MvTestDomain *dom;
    unsigned long ret;

    if (!(dom = domain_get(handle, &host)))
        return 0;
    ret = dom->def->memory ? dom->def->memory->total : 0;
    g_mutex_unlock(&host->lock);
    return ret;
}

int
mv_test_domain_get_vcpus_flags(virDomainPtr handle, unsigned int flags)
{
    MvTestHost *host;
    MvTestDomain *dom;
    const MvDomainDef *def;
    int ret;

    if (!mv_client_check_flags(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                               VIR_DOMAIN_VCPU_MAXIMUM, "testDomainGetVcpusFlags"))
        return -1;
    if (!(dom = domain_get(handle, &host)))
        return -1;
    if ((flags & VIR_DOMAIN_AFFECT_LIVE) && !domain_is_active(dom)) {
        g_mutex_unlock(&host->lock);
        mv_report_error(VIR_ERR_OPERATION_INVALID, "%s", "domain is not running");
        return -1;
    }
    def = (flags & VIR_DOMAIN_AFFECT_CONFIG) && dom->next_def ? dom->next_def : dom->def;
    if (!def->vcpus)
        ret = 1;
    else if (flags & VIR_DOMAIN_VCPU_MAXIMUM)
        ret = def->vcpus->max;
    else
        ret = mv_domain_vcpus_online(def->vcpus);
    g_mutex_unlock(&host->lock);
    return ret;
}

int
mv_test_domain_is_active(virDomainPtr handle)
{
    MvTestHost *host;
    MvTestDomain *dom;
    int ret;

    if (!(dom = domain_get(handle, &host)))
        return -1;
    ret = domain_is_active(dom);
    g_mutex_unlock(&host->lock);
    return ret;
}

int
mv_test_domain_is_persistent(virDomainPtr handle)
{
    MvTestHost *host;
    MvTestDomain *dom;
    int ret;

    if (!(dom = domain_get(handle, &host)))
        return -1;
    ret = dom->persistent;
    g_mutex_unlock(&host->lock);
    return ret;
}

/* The test host's one guest, with libvirt's test:///default values. */
static const char default_domain_xml[] =
    "<domain type='test'>\n"
    "  <name>test</name>\n"
    "  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>\n"
    "  <memory unit='KiB'>8388608</memory>\n"
    "  <currentMemory unit='KiB'>2097152</currentMemory>\n"
    "  <vcpu>2</vcpu>\n"
    "  <os><type>hvm</type></os>\n"
    "  <devices>\n"
    "    <disk type='file' device='disk'>\n"
    "      <source file='/guest/diskimage1'/>\n"
    "      <target dev='vda' bus='virtio'/>\n"
    "      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
    "    </disk>\n"
    "    <interface type='network'>\n"
    "      <mac address='aa:bb:cc:dd:ee:ff'/>\n"
    "      <source network='default' bridge='virbr0'/>\n"
    "      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n"
    "    </interface>\n"
    "    <memballoon model='virtio'>\n"
    "      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n"
    "    </memballoon>\n"
    "  </devices>\n"
    "</domain>\n";

int
mv_test_domain_add_default(MvTestHost *host)
{
    MvDomainDef *def = mv_domain_def_parse_string(default_domain_xml, MV_DOMAIN_XML_INACTIVE);
    MvTestDomain *dom;

    if (!def)
        return -1;
    dom = g_new0(MvTestDomain, 1);
    dom->def = def;
    dom->persistent = true;
    g_ptr_array_add(host->domains, dom);
    domain_start(host, dom, VIR_DOMAIN_RUNNING_BOOTED);
    return 0;
}
