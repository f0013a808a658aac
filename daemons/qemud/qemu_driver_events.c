/* The QEMU driver's domain events: registrations per client (316/317) and the lifecycle (318) and device-removed (333) messages to them. */
#define MV_LOG_MODULE "qemu.events"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_driver.h"

#include <string.h>

#include "util/error.h"
#include "util/log.h"

int
mv_qemu_connect_domain_event_callback_register_any(
    MvRpcServerClient *client, remote_connect_domain_event_callback_register_any_args *args,
    remote_connect_domain_event_callback_register_any_ret *ret)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);

    if (args->eventID < 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unsupported event ID %d", args->eventID);
        return -1;
    }
    ret->callbackID = mv_event_registry_add(driver->events, client, args->eventID,
                                            args->dom ? args->dom->uuid : NULL, MV_UUID_BUFLEN);
    return 0;
}

int
mv_qemu_connect_domain_event_callback_deregister_any(
    MvRpcServerClient *client, remote_connect_domain_event_callback_deregister_any_args *args)
{
    return mv_event_registry_remove(mv_qemu_driver_from_client(client)->events, client,
                                    args->callbackID);
}

void
mv_qemu_driver_emit_lifecycle(MvQemuDriver *driver, MvQemuDomainObj *obj, int id,
                              int event, int detail)
{
    g_autoptr(GPtrArray) targets = mv_event_registry_targets(driver->events,
                                                             VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                             obj->uuid, MV_UUID_BUFLEN);
    remote_domain_event_callback_lifecycle_msg msg = { 0 };

    msg.msg.dom.name = obj->name;
    memcpy(msg.msg.dom.uuid, obj->uuid, MV_UUID_BUFLEN);
    msg.msg.dom.id = id;
    msg.msg.event = event;
    msg.msg.detail = detail;
    MV_DEBUG("domain '%s': lifecycle event %d detail %d to %u callbacks", obj->name, event,
             detail, targets->len);

    for (guint i = 0; i < targets->len; i++) {
        const MvEventTarget *target = targets->pdata[i];

        msg.callbackID = target->callback_id;
        mv_event_registry_send(driver->events, target,
                               REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE,
                               (xdrproc_t) xdr_remote_domain_event_callback_lifecycle_msg, &msg);
    }
}

void
mv_qemu_driver_emit_device_removed(MvQemuDriver *driver, MvQemuDomainObj *obj,
                                   const char *alias)
{
    g_autoptr(GPtrArray) targets = mv_event_registry_targets(driver->events,
                                                             VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
                                                             obj->uuid, MV_UUID_BUFLEN);
    remote_domain_event_callback_device_removed_msg msg = { 0 };
    g_autofree char *name = NULL;

    mv_qemu_driver_make_wire_domain(obj, &msg.msg.dom);
    name = msg.msg.dom.name;
    msg.msg.devAlias = (char *) alias;
    MV_DEBUG("domain '%s': device-removed event for '%s' to %u callbacks", obj->name, alias,
             targets->len);

    for (guint i = 0; i < targets->len; i++) {
        const MvEventTarget *target = targets->pdata[i];

        msg.callbackID = target->callback_id;
        mv_event_registry_send(driver->events, target,
                               REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED,
                               (xdrproc_t) xdr_remote_domain_event_callback_device_removed_msg,
                               &msg);
    }
}
