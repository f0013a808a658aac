/* Network lifecycle events: clients' registrations (with callback ids) and the delivery of defined/undefined/started/stopped as event messages. */
#define MV_LOG_MODULE "network.driver"
#define MV_FROM_THIS VIR_FROM_NETWORK

#include "network_driver_events.h"

#include <libvirt/libvirt.h>
#include <string.h>

#include "network_driver.h"
#include "remote.h"
#include "util/error.h"
#include "util/log.h"

static const char *
event_name(int event)
{
    static const char *const names[] = { "defined", "undefined", "started", "stopped" };

    return event >= 0 && event < (int) G_N_ELEMENTS(names) ? names[event] : "?";
}

void
mv_network_events_emit(MvEventRegistry *events, const char *name, const unsigned char *uuid,
                       int event)
{
    g_autoptr(GPtrArray) targets = mv_event_registry_targets(events, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                                             uuid, VIR_UUID_BUFLEN);

    for (guint i = 0; i < targets->len; i++) {
        const MvEventTarget *target = targets->pdata[i];
        remote_network_event_lifecycle_msg msg = {
            .callbackID = target->callback_id,
            .net.name = (char *) name,
            .event = event,
            .detail = 0,
        };

        memcpy(msg.net.uuid, uuid, VIR_UUID_BUFLEN);
        MV_DEBUG("network '%s' %s: to callback %d", name, event_name(event), target->callback_id);
        mv_event_registry_send(events, target, REMOTE_PROC_NETWORK_EVENT_LIFECYCLE,
                               (xdrproc_t) xdr_remote_network_event_lifecycle_msg, &msg);
    }
}

static MvEventRegistry *
events_of(MvRpcServerClient *client)
{
    MvNetworkDriver *driver = mv_daemon_get_driver_data(mv_remote_client_get_daemon(client));

    return driver->events;
}

/* The network filter is the handle's UUID, which libvirt matches on too;
 * like libvirt, the network need not exist. */
int
mv_network_driver_event_register_any(MvRpcServerClient *client,
                                     remote_connect_network_event_register_any_args *args,
                                     remote_connect_network_event_register_any_ret *ret)
{
    if (args->eventID != VIR_NETWORK_EVENT_ID_LIFECYCLE) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "unsupported network event ID %d",
                        args->eventID);
        return -1;
    }
    ret->callbackID = mv_event_registry_add(events_of(client), client, args->eventID,
                                            args->net ? args->net->uuid : NULL,
                                            VIR_UUID_BUFLEN);
    return 0;
}

int
mv_network_driver_event_deregister_any(MvRpcServerClient *client,
                                       remote_connect_network_event_deregister_any_args *args)
{
    return mv_event_registry_remove(events_of(client), client, args->callbackID);
}
