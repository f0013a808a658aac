/* The QEMU driver's domain events: registrations per client (316/317) and lifecycle messages (318) to them. */
#define MV_LOG_MODULE "qemu.events"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_driver.h"

#include <string.h>

#include "util/error.h"
#include "util/log.h"

typedef struct {
    int id;                     /* the callbackID the client got */
    int event_id;               /* virDomainEventID */
    MvRpcServerClient *client;  /* a reference */
    bool has_dom;               /* only this guest's events */
    unsigned char uuid[MV_UUID_BUFLEN];
} QemuEventCallback;

static void
callback_free(QemuEventCallback *cb)
{
    mv_rpc_server_client_unref(cb->client);
    g_free(cb);
}

int
mv_qemu_connect_domain_event_callback_register_any(
    MvRpcServerClient *client, remote_connect_domain_event_callback_register_any_args *args,
    remote_connect_domain_event_callback_register_any_ret *ret)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    QemuEventCallback *cb;

    if (args->eventID < 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "unsupported event ID %d", args->eventID);
        return -1;
    }
    cb = g_new0(QemuEventCallback, 1);
    cb->event_id = args->eventID;
    cb->client = mv_rpc_server_client_ref(client);
    if (args->dom) {
        cb->has_dom = true;
        memcpy(cb->uuid, args->dom->uuid, MV_UUID_BUFLEN);
    }

    g_mutex_lock(&driver->events_lock);
    cb->id = ++driver->last_callback_id;
    g_ptr_array_add(driver->event_callbacks, cb);
    g_mutex_unlock(&driver->events_lock);

    MV_DEBUG("event callback %d registered for event %d", cb->id, cb->event_id);
    ret->callbackID = cb->id;
    return 0;
}

int
mv_qemu_connect_domain_event_callback_deregister_any(
    MvRpcServerClient *client, remote_connect_domain_event_callback_deregister_any_args *args)
{
    MvQemuDriver *driver = mv_qemu_driver_from_client(client);
    QemuEventCallback *found = NULL;

    g_mutex_lock(&driver->events_lock);
    for (guint i = 0; i < driver->event_callbacks->len; i++) {
        QemuEventCallback *cb = g_ptr_array_index(driver->event_callbacks, i);

        if (cb->id == args->callbackID && cb->client == client) {
            found = g_ptr_array_steal_index(driver->event_callbacks, i);
            break;
        }
    }
    g_mutex_unlock(&driver->events_lock);

    if (!found) {
        mv_report_error(VIR_ERR_INVALID_ARG, "could not find event callback %d for deletion",
                        args->callbackID);
        return -1;
    }
    callback_free(found);
    return 0;
}

void
mv_qemu_driver_emit_lifecycle(MvQemuDriver *driver, MvQemuDomainObj *obj, int id,
                              int event, int detail)
{
    remote_domain_event_callback_lifecycle_msg msg = { 0 };

    msg.msg.dom.name = obj->name;
    memcpy(msg.msg.dom.uuid, obj->uuid, MV_UUID_BUFLEN);
    msg.msg.dom.id = id;
    msg.msg.event = event;
    msg.msg.detail = detail;
    MV_DEBUG("domain '%s': lifecycle event %d detail %d", obj->name, event, detail);

    g_mutex_lock(&driver->events_lock);
    for (guint i = 0; i < driver->event_callbacks->len;) {
        QemuEventCallback *cb = g_ptr_array_index(driver->event_callbacks, i);

        if (cb->event_id != VIR_DOMAIN_EVENT_ID_LIFECYCLE ||
            (cb->has_dom && memcmp(cb->uuid, obj->uuid, MV_UUID_BUFLEN) != 0)) {
            i++;
            continue;
        }
        msg.callbackID = cb->id;
        if (mv_rpc_server_client_send_event(cb->client, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION,
                                            REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE,
                                            (xdrproc_t) xdr_remote_domain_event_callback_lifecycle_msg,
                                            &msg) < 0) {
            /* The client is gone: so is its registration. */
            mv_error_reset();
            callback_free(g_ptr_array_steal_index(driver->event_callbacks, i));
            continue;
        }
        i++;
    }
    g_mutex_unlock(&driver->events_lock);
}

void
mv_qemu_driver_events_clear(MvQemuDriver *driver)
{
    g_mutex_lock(&driver->events_lock);
    while (driver->event_callbacks->len > 0)
        callback_free(g_ptr_array_steal_index(driver->event_callbacks, 0));
    g_mutex_unlock(&driver->events_lock);
}
