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

/* One registration. The client reference keeps the connection object (not
 * the connection) alive until the registration is dropped: at deregister,
 * or at the first event after the client went away. */
typedef struct {
    int callback_id;
    int event_id;
    char *device;               /* NULL: every device */
    MvRpcServerClient *client;
} NodeDevEventCallback;

struct _MvNodeDevEvents {
    GMutex lock;
    GPtrArray *callbacks;       /* NodeDevEventCallback */
    int next_id;
};

static void
event_callback_free(gpointer data)
{
    NodeDevEventCallback *cb = data;

    mv_rpc_server_client_unref(cb->client);
    g_free(cb->device);
    g_free(cb);
}

MvNodeDevEvents *
mv_nodedev_events_new(void)
{
    MvNodeDevEvents *events = g_new0(MvNodeDevEvents, 1);

    g_mutex_init(&events->lock);
    events->callbacks = g_ptr_array_new_with_free_func(event_callback_free);
    events->next_id = 1;
    return events;
}

void
mv_nodedev_events_free(MvNodeDevEvents *events)
{
    if (!events)
        return;
    g_ptr_array_unref(events->callbacks);
    g_mutex_clear(&events->lock);
    g_free(events);
}

/* Under the lock. */
static void
events_drop_closed(MvNodeDevEvents *events)
{
    for (guint i = events->callbacks->len; i-- > 0;) {
        NodeDevEventCallback *cb = events->callbacks->pdata[i];

        if (!mv_rpc_server_client_is_open(cb->client)) {
            MV_DEBUG("dropping node device event callback %d of a closed client",
                     cb->callback_id);
            g_ptr_array_remove_index(events->callbacks, i);
        }
    }
}

void
mv_nodedev_events_emit(MvNodeDevEvents *events, const char *name, MvNodeDevEventType event)
{
    g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func(event_callback_free);

    /* Copies, so that messages are queued outside the lock. */
    g_mutex_lock(&events->lock);
    events_drop_closed(events);
    for (guint i = 0; i < events->callbacks->len; i++) {
        NodeDevEventCallback *cb = events->callbacks->pdata[i];
        NodeDevEventCallback *copy;

        if (cb->event_id != VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE ||
            (cb->device && strcmp(cb->device, name) != 0))
            continue;
        copy = g_new0(NodeDevEventCallback, 1);
        copy->callback_id = cb->callback_id;
        copy->client = mv_rpc_server_client_ref(cb->client);
        g_ptr_array_add(targets, copy);
    }
    g_mutex_unlock(&events->lock);

    for (guint i = 0; i < targets->len; i++) {
        NodeDevEventCallback *cb = targets->pdata[i];
        remote_node_device_event_lifecycle_msg msg = {
            .callbackID = cb->callback_id,
            .dev.name = (char *) name,
            .event = event,
            .detail = 0,
        };

        MV_DEBUG("node device '%s' %s: to callback %d", name,
                 mv_nodedev_event_type_to_string(event), cb->callback_id);
        /* A client that closed meanwhile only loses this message. */
        if (mv_rpc_server_client_send_event(cb->client, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION,
                                            REMOTE_PROC_NODE_DEVICE_EVENT_LIFECYCLE,
                                            (xdrproc_t) xdr_remote_node_device_event_lifecycle_msg,
                                            &msg) < 0)
            MV_DEBUG("node device event to callback %d not sent: %s", cb->callback_id,
                     mv_error_last_message());
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
    MvNodeDevEvents *events = mv_nodedev_driver_from_client(client)->events;
    NodeDevEventCallback *cb;

    if (args->eventID < 0 || args->eventID > VIR_NODE_DEVICE_EVENT_ID_UPDATE) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "unsupported node device event ID %d",
                        args->eventID);
        return -1;
    }

    cb = g_new0(NodeDevEventCallback, 1);
    cb->event_id = args->eventID;
    cb->device = args->dev ? g_strdup(args->dev->name) : NULL;
    cb->client = mv_rpc_server_client_ref(client);

    g_mutex_lock(&events->lock);
    events_drop_closed(events);
    cb->callback_id = events->next_id++;
    g_ptr_array_add(events->callbacks, cb);
    ret->callbackID = cb->callback_id;
    g_mutex_unlock(&events->lock);

    MV_DEBUG("node device event %d registered as callback %d%s%s", args->eventID,
             ret->callbackID, args->dev ? " for " : "", args->dev ? args->dev->name : "");
    return 0;
}

/* A client may drop only its own registrations. */
int
mv_nodedev_driver_event_deregister_any(MvRpcServerClient *client,
                                       remote_connect_node_device_event_deregister_any_args *args)
{
    MvNodeDevEvents *events = mv_nodedev_driver_from_client(client)->events;
    bool found = false;

    g_mutex_lock(&events->lock);
    for (guint i = 0; i < events->callbacks->len; i++) {
        NodeDevEventCallback *cb = events->callbacks->pdata[i];

        if (cb->client == client && cb->callback_id == args->callbackID) {
            g_ptr_array_remove_index(events->callbacks, i);
            found = true;
            break;
        }
    }
    g_mutex_unlock(&events->lock);

    if (!found) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "node device event callback %d not registered",
                        args->callbackID);
        return -1;
    }
    return 0;
}
