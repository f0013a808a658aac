/* The remote driver's domain (lifecycle, reboot, device-removed) and network events (register/deregister, delivery through the event loop) and close callback. */
#define MV_LOG_MODULE "client.remote"
#define MV_FROM_THIS VIR_FROM_REMOTE

#include <string.h>

#include "remote_driver.h"

#include "util/error.h"
#include "util/log.h"

typedef struct {
    int id;                     /* what the application got */
    int remote_id;              /* the daemon's callbackID (feature 14), else -1 */
    int event_id;
    bool network;               /* a network event's, else a domain event's */
    bool has_domain;
    unsigned char uuid[VIR_UUID_BUFLEN];
    virConnectDomainEventGenericCallback cb;
    virConnectNetworkEventGenericCallback net_cb;
    void *opaque;
    virFreeCallback freecb;
    bool removed;
} MvRemoteCallback;

typedef struct {
    int event_id;
    bool network;
    int remote_id;              /* -1: sent for every registration of event_id */
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    int id;
    int event;
    int detail;
    char *alias;                /* device-removed */
} MvRemoteEvent;

static void
remote_event_free(gpointer data)
{
    MvRemoteEvent *ev = data;

    g_free(ev->name);
    g_free(ev->alias);
    g_free(ev);
}

static void
remote_callback_release(gpointer data)
{
    g_rc_box_release(data);
}

static MvRemoteEvent *
remote_event_new(int event_id, int remote_id, const remote_nonnull_domain *dom)
{
    MvRemoteEvent *ev = g_new0(MvRemoteEvent, 1);

    ev->event_id = event_id;
    ev->remote_id = remote_id;
    ev->name = g_strdup(dom->name);
    memcpy(ev->uuid, dom->uuid, VIR_UUID_BUFLEN);
    ev->id = dom->id;
    return ev;
}

static bool
remote_callback_wants(const MvRemoteCallback *cb, const MvRemoteEvent *ev)
{
    if (cb->removed || cb->network != ev->network || cb->event_id != ev->event_id)
        return false;
    if (ev->remote_id >= 0)
        return cb->remote_id == ev->remote_id;
    return !cb->has_domain || memcmp(cb->uuid, ev->uuid, VIR_UUID_BUFLEN) == 0;
}

/* The event loop's side: hands the queued events to the callbacks. */
static void
remote_events_flush(int timer, void *opaque)
{
    MvRemotePriv *priv = opaque;
    g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func(remote_event_free);
    g_autoptr(GPtrArray) callbacks = g_ptr_array_new_with_free_func(remote_callback_release);
    virConnectPtr conn = NULL;

    g_mutex_lock(&priv->lock);
    g_ptr_array_extend_and_steal(events, g_steal_pointer(&priv->queue));
    priv->queue = g_ptr_array_new();
    /* Each registration holds a reference on the connection, so while
     * there is one the connection is alive and may take another. */
    if (priv->conn && priv->callbacks->len > 0) {
        conn = priv->conn;
        g_atomic_int_inc(&conn->refs);
        for (guint i = 0; i < priv->callbacks->len; i++)
            g_ptr_array_add(callbacks, g_rc_box_acquire(g_ptr_array_index(priv->callbacks, i)));
    }
    if (priv->timer >= 0)
        virEventUpdateTimeout(priv->timer, -1);
    g_mutex_unlock(&priv->lock);

    if (!conn)
        return;
    for (guint i = 0; i < events->len; i++) {
        MvRemoteEvent *ev = g_ptr_array_index(events, i);

        for (guint j = 0; j < callbacks->len; j++) {
            MvRemoteCallback *cb = g_ptr_array_index(callbacks, j);
            virDomainPtr dom;

            if (!remote_callback_wants(cb, ev))
                continue;
            if (ev->network) {
                virNetworkPtr net = mv_client_network_new(conn, ev->name, ev->uuid);

                ((virConnectNetworkEventLifecycleCallback) (void (*)(void)) cb->net_cb)(
                    conn, net, ev->event, ev->detail, cb->opaque);
                virNetworkFree(net);
                continue;
            }
            dom = mv_client_domain_new(conn, ev->name, ev->uuid, ev->id);
            /* Registered through the generic type, called with its own. */
            if (ev->event_id == VIR_DOMAIN_EVENT_ID_LIFECYCLE)
                ((virConnectDomainEventCallback) (void (*)(void)) cb->cb)(conn, dom, ev->event,
                                                                          ev->detail, cb->opaque);
            else if (ev->event_id == VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED)
                ((virConnectDomainEventDeviceRemovedCallback) (void (*)(void)) cb->cb)(
                    conn, dom, ev->alias, cb->opaque);
            else
                cb->cb(conn, dom, cb->opaque);
            virDomainFree(dom);
        }
    }
    virConnectClose(conn);
}

/* Decodes one event message; NULL (logged) for one this driver does not know. */
static MvRemoteEvent *
remote_event_decode(MvRpcMessage *msg)
{
    MvRemoteEvent *ev = NULL;

    switch (msg->header.procedure) {
    case REMOTE_PROC_DOMAIN_EVENT_LIFECYCLE: {
        remote_domain_event_lifecycle_msg m = { 0 };

        if (mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_domain_event_lifecycle_msg, &m) < 0)
            break;
        ev = remote_event_new(VIR_DOMAIN_EVENT_ID_LIFECYCLE, -1, &m.dom);
        ev->event = m.event;
        ev->detail = m.detail;
        xdr_free((xdrproc_t) xdr_remote_domain_event_lifecycle_msg, (char *) &m);
        break;
    }
    case REMOTE_PROC_DOMAIN_EVENT_REBOOT: {
        remote_domain_event_reboot_msg m = { 0 };

        if (mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_domain_event_reboot_msg, &m) < 0)
            break;
        ev = remote_event_new(VIR_DOMAIN_EVENT_ID_REBOOT, -1, &m.dom);
        xdr_free((xdrproc_t) xdr_remote_domain_event_reboot_msg, (char *) &m);
        break;
    }
    case REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE: {
        remote_domain_event_callback_lifecycle_msg m = { 0 };

        if (mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_domain_event_callback_lifecycle_msg,
                                          &m) < 0)
            break;
        ev = remote_event_new(VIR_DOMAIN_EVENT_ID_LIFECYCLE, m.callbackID, &m.msg.dom);
        ev->event = m.msg.event;
        ev->detail = m.msg.detail;
        xdr_free((xdrproc_t) xdr_remote_domain_event_callback_lifecycle_msg, (char *) &m);
        break;
    }
    case REMOTE_PROC_DOMAIN_EVENT_CALLBACK_REBOOT: {
        remote_domain_event_callback_reboot_msg m = { 0 };

        if (mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_domain_event_callback_reboot_msg,
                                          &m) < 0)
            break;
        ev = remote_event_new(VIR_DOMAIN_EVENT_ID_REBOOT, m.callbackID, &m.msg.dom);
        xdr_free((xdrproc_t) xdr_remote_domain_event_callback_reboot_msg, (char *) &m);
        break;
    }
    case REMOTE_PROC_DOMAIN_EVENT_DEVICE_REMOVED: {
        remote_domain_event_device_removed_msg m = { 0 };

        if (mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_domain_event_device_removed_msg,
                                          &m) < 0)
            break;
        ev = remote_event_new(VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, -1, &m.dom);
        ev->alias = g_strdup(m.devAlias);
        xdr_free((xdrproc_t) xdr_remote_domain_event_device_removed_msg, (char *) &m);
        break;
    }
    case REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED: {
        remote_domain_event_callback_device_removed_msg m = { 0 };

        if (mv_rpc_message_decode_payload(msg,
                                          (xdrproc_t) xdr_remote_domain_event_callback_device_removed_msg,
                                          &m) < 0)
            break;
        ev = remote_event_new(VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, m.callbackID, &m.msg.dom);
        ev->alias = g_strdup(m.msg.devAlias);
        xdr_free((xdrproc_t) xdr_remote_domain_event_callback_device_removed_msg, (char *) &m);
        break;
    }
    case REMOTE_PROC_NETWORK_EVENT_LIFECYCLE: {
        remote_network_event_lifecycle_msg m = { 0 };

        if (mv_rpc_message_decode_payload(msg, (xdrproc_t) xdr_remote_network_event_lifecycle_msg,
                                          &m) < 0)
            break;
        ev = g_new0(MvRemoteEvent, 1);
        ev->event_id = VIR_NETWORK_EVENT_ID_LIFECYCLE;
        ev->network = true;
        ev->remote_id = m.callbackID;
        ev->name = g_strdup(m.net.name);
        memcpy(ev->uuid, m.net.uuid, VIR_UUID_BUFLEN);
        ev->event = m.event;
        ev->detail = m.detail;
        xdr_free((xdrproc_t) xdr_remote_network_event_lifecycle_msg, (char *) &m);
        break;
    }
    default:
        MV_DEBUG("ignoring event procedure %d of program 0x%x",
                 msg->header.procedure, msg->header.program);
        return NULL;
    }
    if (!ev)
        MV_WARN("dropping undecodable event procedure %d: %s",
                msg->header.procedure, mv_error_last_message());
    return ev;
}

/* The RPC I/O thread's side: queue the event and wake the event loop;
 * the application's callbacks never run in this thread. */
static void
remote_on_event(MvRpcClient *client, MvRpcMessage *msg, void *opaque)
{
    MvRemotePriv *priv = opaque;
    MvRemoteEvent *ev;

    if (msg->header.program != REMOTE_PROGRAM)
        return;
    if (!(ev = remote_event_decode(msg)))
        return;

    g_mutex_lock(&priv->lock);
    if (priv->timer < 0) {
        g_mutex_unlock(&priv->lock);
        remote_event_free(ev);
        return;
    }
    g_ptr_array_add(priv->queue, ev);
    virEventUpdateTimeout(priv->timer, 0);
    g_mutex_unlock(&priv->lock);
}

static int
remote_close_reason(const MvError *reason)
{
    /* lib/rpc says why in words only: a dead keepalive, the daemon's end
     * of file, or anything else. */
    if (reason && reason->message && strstr(reason->message, "keepalive"))
        return VIR_CONNECT_CLOSE_REASON_KEEPALIVE;
    if (reason && reason->message && strstr(reason->message, "closed by the daemon"))
        return VIR_CONNECT_CLOSE_REASON_EOF;
    return VIR_CONNECT_CLOSE_REASON_ERROR;
}

/* Runs in the RPC I/O thread when the daemon goes away. The connection
 * outlives it: freeing the connection joins that thread first. */
static void
remote_on_close(MvRpcClient *client, const MvError *reason, void *opaque)
{
    MvRemotePriv *priv = opaque;
    virConnectCloseFunc func = NULL;
    void *cb_opaque = NULL;
    virConnectPtr conn;

    g_mutex_lock(&priv->lock);
    conn = priv->conn;
    g_mutex_unlock(&priv->lock);
    if (!conn)
        return;

    MV_INFO("connection to %s lost: %s", conn->uri, reason ? reason->message : "?");
    g_mutex_lock(&conn->lock);
    func = conn->close_cb;
    cb_opaque = conn->close_opaque;
    g_mutex_unlock(&conn->lock);
    if (func)
        func(conn, remote_close_reason(reason), cb_opaque);
}

void
mv_remote_events_attach(MvRemotePriv *priv)
{
    mv_rpc_client_set_event_callback(priv->client, remote_on_event,
                                     mv_remote_priv_ref(priv), mv_remote_priv_unref);
    mv_rpc_client_set_close_callback(priv->client, remote_on_close,
                                     mv_remote_priv_ref(priv), mv_remote_priv_unref);
}

void
mv_remote_events_detach(MvRemotePriv *priv)
{
    g_autoptr(GPtrArray) callbacks = NULL;
    int timer;

    g_mutex_lock(&priv->lock);
    priv->conn = NULL;
    timer = priv->timer;
    priv->timer = -1;
    callbacks = g_steal_pointer(&priv->callbacks);
    priv->callbacks = g_ptr_array_new();
    g_ptr_array_set_free_func(priv->queue, remote_event_free);
    g_ptr_array_set_size(priv->queue, 0);
    g_ptr_array_set_free_func(priv->queue, NULL);
    g_mutex_unlock(&priv->lock);

    if (timer >= 0)
        virEventRemoveTimeout(timer);
    /* Registrations hold references on the connection, so none is left
     * when it is freed; a failed open may leave none either. */
    for (guint i = 0; i < callbacks->len; i++)
        remote_callback_release(g_ptr_array_index(callbacks, i));
}

/* Arms the delivery timer once; called with register_lock held. */
static int
remote_events_timer_ensure(MvRemotePriv *priv)
{
    int timer;

    g_mutex_lock(&priv->lock);
    timer = priv->timer;
    g_mutex_unlock(&priv->lock);
    if (timer >= 0)
        return 0;

    timer = virEventAddTimeout(-1, remote_events_flush, mv_remote_priv_ref(priv),
                               mv_remote_priv_unref);
    if (timer < 0) {
        mv_remote_priv_unref(priv);
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s",
                        "could not initialize domain event timer (no event loop registered)");
        return -1;
    }
    g_mutex_lock(&priv->lock);
    priv->timer = timer;
    g_mutex_unlock(&priv->lock);
    return 0;
}

/* How many domain registrations of event_id there are; priv->lock held. */
static guint
remote_callbacks_count(MvRemotePriv *priv, int event_id)
{
    guint n = 0;

    for (guint i = 0; i < priv->callbacks->len; i++) {
        MvRemoteCallback *cb = g_ptr_array_index(priv->callbacks, i);

        n += !cb->network && cb->event_id == event_id;
    }
    return n;
}

/* Removes the registration callback_id of the family asked for; NULL
 * (reported) when there is none. *ret_left: how many domain registrations
 * of its event id remain. */
static MvRemoteCallback *
remote_callback_take(MvRemotePriv *priv, int callback_id, bool network, guint *ret_left)
{
    MvRemoteCallback *cb = NULL;

    g_mutex_lock(&priv->lock);
    for (guint i = 0; i < priv->callbacks->len; i++) {
        MvRemoteCallback *c = g_ptr_array_index(priv->callbacks, i);

        if (c->id == callback_id && c->network == network) {
            cb = c;
            cb->removed = true;
            g_ptr_array_remove_index(priv->callbacks, i);
            *ret_left = remote_callbacks_count(priv, cb->event_id);
            break;
        }
    }
    g_mutex_unlock(&priv->lock);
    if (!cb)
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "could not find event callback %d for deletion", callback_id);
    return cb;
}

/* What every deregistration ends with, whatever the daemon said. */
static int
remote_callback_finish(virConnectPtr conn, MvRemoteCallback *cb, int rc)
{
    MvError *saved;

    if (cb->freecb)
        cb->freecb(cb->opaque);
    remote_callback_release(cb);
    /* The registration's reference: the connection may go now. */
    saved = mv_error_save();
    virConnectClose(conn);
    mv_error_restore(saved);
    return rc;
}

/* Tells the daemon; sets *ret_remote_id (-1 without feature 14). */
static int
remote_register_on_daemon(virConnectPtr conn, virDomainPtr dom, int event_id, int *ret_remote_id)
{
    MvRemotePriv *priv = MV_REMOTE_PRIV(conn);
    guint existing;

    if (priv->event_callbacks) {
        remote_nonnull_domain wire;
        remote_connect_domain_event_callback_register_any_args args = { .eventID = event_id };
        remote_connect_domain_event_callback_register_any_ret ret = { 0 };

        if (dom) {
            mv_remote_domain_to_wire(dom, &wire);
            args.dom = &wire;
        }
        if (mv_remote_call(conn, REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY,
                           (xdrproc_t) xdr_remote_connect_domain_event_callback_register_any_args,
                           &args,
                           (xdrproc_t) xdr_remote_connect_domain_event_callback_register_any_ret,
                           &ret) < 0)
            return -1;
        *ret_remote_id = ret.callbackID;
        return 0;
    }

    /* The older calls register an event id once for the connection. */
    *ret_remote_id = -1;
    g_mutex_lock(&priv->lock);
    existing = remote_callbacks_count(priv, event_id);
    g_mutex_unlock(&priv->lock);
    if (existing == 0) {
        remote_connect_domain_event_register_any_args args = { .eventID = event_id };

        if (mv_remote_call(conn, REMOTE_PROC_CONNECT_DOMAIN_EVENT_REGISTER_ANY,
                           (xdrproc_t) xdr_remote_connect_domain_event_register_any_args, &args,
                           NULL, NULL) < 0)
            return -1;
    }
    return 0;
}

int
mv_remote_event_register_any(virConnectPtr conn, virDomainPtr dom, int event_id,
                             virConnectDomainEventGenericCallback func, void *opaque,
                             virFreeCallback freecb)
{
    MvRemotePriv *priv = MV_REMOTE_PRIV(conn);
    MvRemoteCallback *cb;
    int remote_id;
    int id;

    if (event_id != VIR_DOMAIN_EVENT_ID_LIFECYCLE && event_id != VIR_DOMAIN_EVENT_ID_REBOOT &&
        event_id != VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED) {
        mv_report_error(VIR_ERR_NO_SUPPORT,
                        "domain event id %d (only lifecycle, reboot and device-removed)",
                        event_id);
        return -1;
    }

    g_mutex_lock(&priv->register_lock);
    if (remote_events_timer_ensure(priv) < 0 ||
        remote_register_on_daemon(conn, dom, event_id, &remote_id) < 0) {
        g_mutex_unlock(&priv->register_lock);
        return -1;
    }

    cb = g_rc_box_new0(MvRemoteCallback);
    cb->remote_id = remote_id;
    cb->event_id = event_id;
    if (dom) {
        cb->has_domain = true;
        memcpy(cb->uuid, dom->uuid, VIR_UUID_BUFLEN);
    }
    cb->cb = func;
    cb->opaque = opaque;
    cb->freecb = freecb;
    g_atomic_int_inc(&conn->refs);

    g_mutex_lock(&priv->lock);
    cb->id = id = priv->next_callback++;
    g_ptr_array_add(priv->callbacks, cb);
    g_mutex_unlock(&priv->lock);
    g_mutex_unlock(&priv->register_lock);
    MV_DEBUG("registered domain event %d callback %d (daemon's %d)", event_id, id, remote_id);
    return id;
}

int
mv_remote_event_deregister_any(virConnectPtr conn, int callback_id)
{
    MvRemotePriv *priv = MV_REMOTE_PRIV(conn);
    MvRemoteCallback *cb;
    guint left = 0;
    int rc = 0;

    g_mutex_lock(&priv->register_lock);
    if (!(cb = remote_callback_take(priv, callback_id, false, &left))) {
        g_mutex_unlock(&priv->register_lock);
        return -1;
    }

    /* Gone here whatever the daemon says, as libvirt's client does. */
    if (priv->event_callbacks) {
        remote_connect_domain_event_callback_deregister_any_args args = {
            .callbackID = cb->remote_id,
        };

        rc = mv_remote_call(conn, REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY,
                            (xdrproc_t) xdr_remote_connect_domain_event_callback_deregister_any_args,
                            &args, NULL, NULL);
    } else if (left == 0) {
        remote_connect_domain_event_deregister_any_args args = { .eventID = cb->event_id };

        rc = mv_remote_call(conn, REMOTE_PROC_CONNECT_DOMAIN_EVENT_DEREGISTER_ANY,
                            (xdrproc_t) xdr_remote_connect_domain_event_deregister_any_args,
                            &args, NULL, NULL);
    }
    g_mutex_unlock(&priv->register_lock);
    return remote_callback_finish(conn, cb, rc);
}

int
mv_remote_network_event_register_any(virConnectPtr conn, virNetworkPtr net, int event_id,
                                     virConnectNetworkEventGenericCallback func, void *opaque,
                                     virFreeCallback freecb)
{
    MvRemotePriv *priv = MV_REMOTE_PRIV(conn);
    remote_nonnull_network wire;
    remote_connect_network_event_register_any_args args = { .eventID = event_id };
    remote_connect_network_event_register_any_ret ret = { 0 };
    MvRemoteCallback *cb;
    int id;

    g_mutex_lock(&priv->register_lock);
    if (net) {
        mv_remote_network_to_wire(net, &wire);
        args.net = &wire;
    }
    if (remote_events_timer_ensure(priv) < 0 ||
        mv_remote_call(conn, REMOTE_PROC_CONNECT_NETWORK_EVENT_REGISTER_ANY,
                       (xdrproc_t) xdr_remote_connect_network_event_register_any_args, &args,
                       (xdrproc_t) xdr_remote_connect_network_event_register_any_ret,
                       &ret) < 0) {
        g_mutex_unlock(&priv->register_lock);
        return -1;
    }

    cb = g_rc_box_new0(MvRemoteCallback);
    cb->remote_id = ret.callbackID;
    cb->event_id = event_id;
    cb->network = true;
    cb->net_cb = func;
    cb->opaque = opaque;
    cb->freecb = freecb;
    g_atomic_int_inc(&conn->refs);

    g_mutex_lock(&priv->lock);
    cb->id = id = priv->next_callback++;
    g_ptr_array_add(priv->callbacks, cb);
    g_mutex_unlock(&priv->lock);
    g_mutex_unlock(&priv->register_lock);
    MV_DEBUG("registered network event %d callback %d (daemon's %d)", event_id, id,
             ret.callbackID);
    return id;
}

int
mv_remote_network_event_deregister_any(virConnectPtr conn, int callback_id)
{
    MvRemotePriv *priv = MV_REMOTE_PRIV(conn);
    remote_connect_network_event_deregister_any_args args = { 0 };
    MvRemoteCallback *cb;
    guint left = 0;
    int rc;

    g_mutex_lock(&priv->register_lock);
    if (!(cb = remote_callback_take(priv, callback_id, true, &left))) {
        g_mutex_unlock(&priv->register_lock);
        return -1;
    }
    args.callbackID = cb->remote_id;
    rc = mv_remote_call(conn, REMOTE_PROC_CONNECT_NETWORK_EVENT_DEREGISTER_ANY,
                        (xdrproc_t) xdr_remote_connect_network_event_deregister_any_args,
                        &args, NULL, NULL);
    g_mutex_unlock(&priv->register_lock);
    return remote_callback_finish(conn, cb, rc);
}
