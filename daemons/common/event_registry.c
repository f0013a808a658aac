/* One daemon's event registrations: clients, callback ids and filters, and which of them an event goes to. */
#define MV_LOG_MODULE "daemon.events"
/* libvirt reports a deregister of an unknown callback from no domain. */
#define MV_FROM_THIS VIR_FROM_NONE

#include "event_registry.h"

#include <string.h>

#include "protocol/remote.h"
#include "util/error.h"
#include "util/log.h"

/* The client reference keeps the connection object (not the connection)
 * alive until the registration is dropped: at deregister, or at the next
 * event or registration after the client went away. */
typedef struct {
    int callback_id;
    int event_id;
    GBytes *key;                /* NULL: every object */
    MvRpcServerClient *client;
} Registration;

struct MvEventRegistry {
    char *kind;
    GMutex lock;
    GPtrArray *registrations;   /* Registration */
    int next_id;
};

static void
registration_free(gpointer data)
{
    Registration *r = data;

    if (r->key)
        g_bytes_unref(r->key);
    mv_rpc_server_client_unref(r->client);
    g_free(r);
}

static void
target_free(gpointer data)
{
    MvEventTarget *t = data;

    mv_rpc_server_client_unref(t->client);
    g_free(t);
}

MvEventRegistry *
mv_event_registry_new(const char *kind)
{
    MvEventRegistry *reg = g_new0(MvEventRegistry, 1);

    reg->kind = g_strdup(kind);
    g_mutex_init(&reg->lock);
    reg->registrations = g_ptr_array_new_with_free_func(registration_free);
    reg->next_id = 1;
    return reg;
}

void
mv_event_registry_free(MvEventRegistry *reg)
{
    if (!reg)
        return;
    g_ptr_array_unref(reg->registrations);
    g_mutex_clear(&reg->lock);
    g_free(reg->kind);
    g_free(reg);
}

/* Under the lock. */
static void
drop_closed(MvEventRegistry *reg)
{
    for (guint i = reg->registrations->len; i-- > 0;) {
        Registration *r = reg->registrations->pdata[i];

        if (!mv_rpc_server_client_is_open(r->client)) {
            MV_DEBUG("dropping %s event callback %d of a closed client", reg->kind,
                     r->callback_id);
            g_ptr_array_remove_index(reg->registrations, i);
        }
    }
}

int
mv_event_registry_add(MvEventRegistry *reg, MvRpcServerClient *client, int event_id,
                      const void *key, size_t key_len)
{
    Registration *r = g_new0(Registration, 1);
    int id;

    r->event_id = event_id;
    r->key = key ? g_bytes_new(key, key_len) : NULL;
    r->client = mv_rpc_server_client_ref(client);

    g_mutex_lock(&reg->lock);
    drop_closed(reg);
    id = r->callback_id = reg->next_id++;
    g_ptr_array_add(reg->registrations, r);
    g_mutex_unlock(&reg->lock);

    MV_DEBUG("%s event %d registered as callback %d%s", reg->kind, event_id, id,
             key ? " for one object" : "");
    return id;
}

int
mv_event_registry_remove(MvEventRegistry *reg, MvRpcServerClient *client, int callback_id)
{
    bool found = false;

    g_mutex_lock(&reg->lock);
    for (guint i = 0; i < reg->registrations->len; i++) {
        Registration *r = reg->registrations->pdata[i];

        if (r->client == client && r->callback_id == callback_id) {
            g_ptr_array_remove_index(reg->registrations, i);
            found = true;
            break;
        }
    }
    g_mutex_unlock(&reg->lock);

    if (!found) {
        mv_report_error(VIR_ERR_INVALID_ARG, "could not find event callback %d for deletion",
                        callback_id);
        return -1;
    }
    return 0;
}

static bool
key_matches(const Registration *r, const void *key, size_t key_len)
{
    const void *data;
    gsize len;

    if (!r->key)
        return true;
    data = g_bytes_get_data(r->key, &len);
    return key && len == key_len && memcmp(data, key, key_len) == 0;
}

GPtrArray *
mv_event_registry_targets(MvEventRegistry *reg, int event_id, const void *key, size_t key_len)
{
    GPtrArray *targets = g_ptr_array_new_with_free_func(target_free);

    g_mutex_lock(&reg->lock);
    drop_closed(reg);
    for (guint i = 0; i < reg->registrations->len; i++) {
        Registration *r = reg->registrations->pdata[i];
        MvEventTarget *t;

        if (r->event_id != event_id || !key_matches(r, key, key_len))
            continue;
        t = g_new0(MvEventTarget, 1);
        t->callback_id = r->callback_id;
        t->client = mv_rpc_server_client_ref(r->client);
        g_ptr_array_add(targets, t);
    }
    g_mutex_unlock(&reg->lock);
    return targets;
}

void
mv_event_registry_send(MvEventRegistry *reg, const MvEventTarget *target, int procedure,
                       xdrproc_t proc, const void *msg)
{
    if (mv_rpc_server_client_send_event(target->client, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION,
                                        procedure, proc, msg) < 0)
        MV_DEBUG("%s event to callback %d not sent: %s", reg->kind, target->callback_id,
                 mv_error_last_message());
}
