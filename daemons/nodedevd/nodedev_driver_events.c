/* Node device lifecycle events: clients' registrations (with callback ids) and the delivery of created/deleted as event messages. */
#define MV_LOG_MODULE "nodedev.driver"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_driver_events.h"

#include <libvirt/libvirt.h>
#include <string.h>

#include "nodedev_driver.h"
#include "util/error.h"
#include "util/log.h"

G_STATIC_ASSERT((int) MV_NODEDEV_EVENT_CREATED == VIR_NODE_DEVICE_EVENT_CREATED);
G_STATIC_ASSERT((int) MV_NODEDEV_EVENT_DELETED == VIR_NODE_DEVICE_EVENT_DELETED);

/* The device filter is its name (with the NUL, so that "a" never matches "ab"). */
static size_t
key_len(const char *name)
{
    return strlen(name) + 1;
}

void
mv_nodedev_events_emit(MvEventRegistry *events, const char *name, MvNodeDevEventType event)
{
    g_autoptr(GPtrArray) targets = mv_event_registry_targets(events,
                                                             VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE,
                                                             name, key_len(name));

    for (guint i = 0; i < targets->len; i++) {
        const MvEventTarget *target = targets->pdata[i];
        remote_node_device_event_lifecycle_msg msg = {
            .callbackID = target->callback_id,
            .dev.name = (char *) name,
            .event = event,
            .detail = 0,
        };

        MV_DEBUG("node device '%s' %s: to callback %d", name,
                 mv_nodedev_event_type_to_string(event), target->callback_id);
        mv_event_registry_send(events, target, REMOTE_PROC_NODE_DEVICE_EVENT_LIFECYCLE,
                               (xdrproc_t) xdr_remote_node_device_event_lifecycle_msg, &msg);
    }
}

/* libvirt accepts the update event too; this driver never sends one
 * (a device's definition is only replaced by a rescan, which is not
 * compared field by field). The device filter is a name: libvirt does not
 * check that the device exists either. */
int
mv_nodedev_driver_event_register_any(MvRpcServerClient *client,
                                     remote_connect_node_device_event_register_any_args *args,
                                     remote_connect_node_device_event_register_any_ret *ret)
{
    MvEventRegistry *events = mv_nodedev_driver_from_client(client)->events;

    if (args->eventID < 0 || args->eventID > VIR_NODE_DEVICE_EVENT_ID_UPDATE) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "unsupported node device event ID %d",
                        args->eventID);
        return -1;
    }
    ret->callbackID = mv_event_registry_add(events, client, args->eventID,
                                            args->dev ? args->dev->name : NULL,
                                            args->dev ? key_len(args->dev->name) : 0);
    return 0;
}

int
mv_nodedev_driver_event_deregister_any(MvRpcServerClient *client,
                                       remote_connect_node_device_event_deregister_any_args *args)
{
    return mv_event_registry_remove(mv_nodedev_driver_from_client(client)->events, client,
                                    args->callbackID);
}
