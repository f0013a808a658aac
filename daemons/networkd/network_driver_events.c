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

/* One registration. The client reference keeps the connection object (not
 * the connection) alive until the registration is dropped: at deregister,
 * or at the next event or registration after the client went away. */
typedef struct {
    int callback_id;
    int event_id;
    bool has_net;               /* false: every network */
    unsigned char uuid[VIR_UUID_BUFLEN];
    MvRpcServerClient *client;
} NetworkEventCallback;

struct _MvNetworkEvents {
    GMutex lock;
    GPtrArray *callbacks;       /* NetworkEventCallback */
    int next_id;
};

static void
event_callback_free(gpointer data)
{
    NetworkEventCallback *cb = data;

    mv_rpc_server_client_unref(cb->client);
    g_free(cb);
}

MvNetworkEvents *
mv_network_events_new(void)
{
    MvNetworkEvents *events = g_new0(MvNetworkEvents, 1);

    g_mutex_init(&events->lock);
    events->callbacks = g_ptr_array_new_with_free_func(event_callback_free);
    events->next_id = 1;
    return events;
}

void
mv_network_events_free(MvNetworkEvents *events)
{
    if (!events)
        return;
    g_ptr_array_unref(events->callbacks);
    g_mutex_clear(&events->lock);
    g_free(events);
}

/* Under the lock. */
static void
events_drop_closed(MvNetworkEvents *events)
{
    for (guint i = events->callbacks->len; i-- > 0;) {
        NetworkEventCallback *cb = events->callbacks->pdata[i];

        if (!mv_rpc_server_client_is_open(cb->client)) {
            MV_DEBUG("dropping network event callback %d of a closed client", cb->callback_id);
            g_ptr_array_remove_index(events->callbacks, i);
        }
    }
}

static const char *
event_name(int event)
{
    static const char *const names[] = { "defined", "undefined", "started", "stopped" };

    return event >= 0 && event < (int) G_N_ELEMENTS(names) ? names[event] : "?";
}

void
mv_network_events_emit(MvNetworkEvents *events, const char *name, const unsigned char *uuid,
                       int event)
{
    g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func(event_callback_free);

    /* Copies, so that messages are queued outside the lock. */
    g_mutex_lock(&events->lock);
    events_drop_closed(events);
    for (guint i = 0; i < events->callbacks->len; i++) {
        NetworkEventCallback *cb = events->callbacks->pdata[i];
        NetworkEventCallback *copy;

        if (cb->event_id != VIR_NETWORK_EVENT_ID_LIFECYCLE ||
            (cb->has_net && memcmp(cb->uuid, uuid, VIR_UUID_BUFLEN) != 0))
            continue;
        copy = g_new0(NetworkEventCallback, 1);
        copy->callback_id = cb->callback_id;
        copy->client = mv_rpc_server_client_ref(cb->client);
        g_ptr_array_add(targets, copy);
    }
    g_mutex_unlock(&events->lock);

    for (guint i = 0; i < targets->len; i++) {
        NetworkEventCallback *cb = targets->pdata[i];
        remote_network_event_lifecycle_msg msg = {
            .callbackID = cb->callback_id,
            .net.name = (char *) name,
            .event = event,
            .detail = 0,
        };

        memcpy(msg.net.uuid, uuid, VIR_UUID_BUFLEN);
        MV_DEBUG("network '%s' %s: to callback %d", name, event_name(event), cb->callback_id);
        /* A client that closed meanwhile only loses this message. */
        if (mv_rpc_server_client_send_event(cb->client, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION,
                                            REMOTE_PROC_NETWORK_EVENT_LIFECYCLE,
                                            (xdrproc_t) xdr_remote_network_event_lifecycle_msg,
                                            &msg) < 0)
            MV_DEBUG("network event to callback %d not sent: %s", cb->callback_id,
                     mv_error_last_message());
    }
}

/* The network filter is the handle's UUID, which libvirt matches on too;
 * like libvirt, the network need not exist. */
int
mv_network_driver_event_register_any(MvRpcServerClient *client,
                                     remote_connect_network_event_register_any_args *args,
                                     remote_connect_network_event_register_any_ret *ret)
{
    MvNetworkDriver *driver = mv_daemon_get_driver_data(mv_remote_client_get_daemon(client));
    MvNetworkEvents *events = driver->events;
    NetworkEventCallback *cb;

    if (args->eventID != VIR_NETWORK_EVENT_ID_LIFECYCLE) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "unsupported network event ID %d",
                        args->eventID);
        return -1;
    }

    cb = g_new0(NetworkEventCallback, 1);
    cb->event_id = args->eventID;
    if (args->net) {
        cb->has_net = true;
        memcpy(cb->uuid, args->net->uuid, VIR_UUID_BUFLEN);
    }
    cb->client = mv_rpc_server_client_ref(client);

    g_mutex_lock(&events->lock);
    events_drop_closed(events);
    cb->callback_id = events->next_id++;
    g_ptr_array_add(events->callbacks, cb);
    ret->callbackID = cb->callback_id;
    g_mutex_unlock(&events->lock);

    MV_DEBUG("network event %d registered as callback %d%s%s", args->eventID,
             ret->callbackID, args->net ? " for " : "", args->net ? args->net->name : "");
    return 0;
}

/* A client may drop only its own registrations. */
int
mv_network_driver_event_deregister_any(MvRpcServerClient *client,
                                       remote_connect_network_event_deregister_any_args *args)
{
    MvNetworkDriver *driver = mv_daemon_get_driver_data(mv_remote_client_get_daemon(client));
    MvNetworkEvents *events = driver->events;
    bool found = false;

    g_mutex_lock(&events->lock);
    for (guint i = 0; i < events->callbacks->len; i++) {
        NetworkEventCallback *cb = events->callbacks->pdata[i];

        if (cb->client == client && cb->callback_id == args->callbackID) {
            g_ptr_array_remove_index(events->callbacks, i);
            found = true;
            break;
        }
    }
    g_mutex_unlock(&events->lock);

    if (!found) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "network event callback %d not registered",
                        args->callbackID);
        return -1;
    }
    return 0;
}
