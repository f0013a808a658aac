/* Event callback ids of one client whose registrations go to several daemons: each daemon's ids mapped to ids unique on the client's connection. */
#define MV_LOG_MODULE "proxy.callback"
/* As the daemons' own registries: an unknown callback is from no domain. */
#define MV_FROM_THIS VIR_FROM_NONE

#include "route_callback.h"

#include <string.h>

#include "protocol/remote.h"
#include "util/error.h"
#include "util/log.h"

typedef struct {
    int client_id;
    MvRouteDaemon daemon;
    int daemon_id;
} Registration;

struct MvRouteCallbacks {
    GArray *registrations;      /* Registration */
    int next_id;
};

static int
compare_rule(const void *key, const void *elem)
{
    int procedure = *(const int *) key;
    const MvRouteCallbackRule *rule = elem;

    return (procedure > rule->procedure) - (procedure < rule->procedure);
}

MvRouteCallbackUse
mv_route_callback_use(uint32_t program, int procedure)
{
    const MvRouteCallbackRule *rule;

    if (program != REMOTE_PROGRAM)
        return MV_ROUTE_CALLBACK_NONE;
    rule = bsearch(&procedure, mv_route_callback_rules, mv_route_callback_nrules,
                   sizeof(MvRouteCallbackRule), compare_rule);
    return rule ? rule->use : MV_ROUTE_CALLBACK_NONE;
}

MvRouteCallbacks *
mv_route_callbacks_new(void)
{
    MvRouteCallbacks *cbs = g_new0(MvRouteCallbacks, 1);

    cbs->registrations = g_array_new(FALSE, FALSE, sizeof(Registration));
    cbs->next_id = 1;
    return cbs;
}

void
mv_route_callbacks_free(MvRouteCallbacks *cbs)
{
    if (!cbs)
        return;
    g_array_unref(cbs->registrations);
    g_free(cbs);
}

/* The callbackID every procedure of the table carries first. */
static bool
payload_id(const MvRpcMessage *msg, int *ret_id)
{
    uint32_t be;

    if (msg->length < MV_RPC_FRAME_MIN + sizeof(be))
        return false;
    memcpy(&be, msg->buffer + MV_RPC_FRAME_MIN, sizeof(be));
    *ret_id = (int) GUINT32_FROM_BE(be);
    return true;
}

static void
payload_set_id(MvRpcMessage *msg, int id)
{
    uint32_t be = GUINT32_TO_BE((uint32_t) id);

    memcpy(msg->buffer + MV_RPC_FRAME_MIN, &be, sizeof(be));
}

static Registration *
find_client_id(const MvRouteCallbacks *cbs, MvRouteDaemon daemon, int client_id, guint *ret_index)
{
    for (guint i = 0; i < cbs->registrations->len; i++) {
        Registration *r = &g_array_index(cbs->registrations, Registration, i);

        if (r->daemon == daemon && r->client_id == client_id) {
            *ret_index = i;
            return r;
        }
    }
    return NULL;
}

static Registration *
find_daemon_id(const MvRouteCallbacks *cbs, MvRouteDaemon daemon, int daemon_id)
{
    for (guint i = 0; i < cbs->registrations->len; i++) {
        Registration *r = &g_array_index(cbs->registrations, Registration, i);

        if (r->daemon == daemon && r->daemon_id == daemon_id)
            return r;
    }
    return NULL;
}

static bool
client_id_in_use(const MvRouteCallbacks *cbs, int id)
{
    for (guint i = 0; i < cbs->registrations->len; i++) {
        if (g_array_index(cbs->registrations, Registration, i).client_id == id)
            return true;
    }
    return false;
}

/* The next id from 1 up that no registration holds; after G_MAXINT it
 * starts again at 1. */
static int
next_client_id(MvRouteCallbacks *cbs)
{
    int id;

    do {
        id = cbs->next_id;
        cbs->next_id = id == G_MAXINT ? 1 : id + 1;
    } while (client_id_in_use(cbs, id));
    return id;
}

bool
mv_route_callbacks_to_client(MvRouteCallbacks *cbs, MvRouteDaemon daemon, MvRpcMessage *msg)
{
    const MvRpcHeader *h = &msg->header;
    MvRouteCallbackUse use = mv_route_callback_use(h->program, h->procedure);
    const Registration *found;
    Registration r = { .daemon = daemon };

    if (use == MV_ROUTE_CALLBACK_REGISTER && h->type == MV_NET_REPLY && h->status == MV_NET_OK) {
        /* A reply too short to hold an id fails in the client's own decode. */
        if (!payload_id(msg, &r.daemon_id))
            return true;
        r.client_id = next_client_id(cbs);
        g_array_append_val(cbs->registrations, r);
        payload_set_id(msg, r.client_id);
        MV_DEBUG("callback %d of modvirt-%s is the client's %d", r.daemon_id,
                 mv_route_daemon_to_string(daemon), r.client_id);
        return true;
    }
    if (use != MV_ROUTE_CALLBACK_EVENT || h->type != MV_NET_MESSAGE)
        return true;
    if (!payload_id(msg, &r.daemon_id) || !(found = find_daemon_id(cbs, daemon, r.daemon_id))) {
        MV_DEBUG("dropping event %d of modvirt-%s: the client holds no callback %d there",
                 h->procedure, mv_route_daemon_to_string(daemon), r.daemon_id);
        return false;
    }
    payload_set_id(msg, found->client_id);
    return true;
}

int
mv_route_callbacks_to_daemon(MvRouteCallbacks *cbs, MvRouteDaemon daemon, MvRpcMessage *msg)
{
    const MvRpcHeader *h = &msg->header;
    const Registration *r;
    int client_id;
    guint index;

    if (mv_route_callback_use(h->program, h->procedure) != MV_ROUTE_CALLBACK_DEREGISTER ||
        h->type != MV_NET_CALL)
        return 0;
    /* Arguments too short to hold an id: the daemon's decode refuses them. */
    if (!payload_id(msg, &client_id))
        return 0;
    if (!(r = find_client_id(cbs, daemon, client_id, &index))) {
        mv_report_error(VIR_ERR_INVALID_ARG, "could not find event callback %d for deletion",
                        client_id);
        return -1;
    }
    payload_set_id(msg, r->daemon_id);
    MV_DEBUG("the client's callback %d is callback %d of modvirt-%s: deregistered", client_id,
             r->daemon_id, mv_route_daemon_to_string(daemon));
    g_array_remove_index(cbs->registrations, index);
    return 0;
}

void
mv_route_callbacks_forget(MvRouteCallbacks *cbs, MvRouteDaemon daemon)
{
    for (guint i = cbs->registrations->len; i-- > 0;) {
        if (g_array_index(cbs->registrations, Registration, i).daemon == daemon)
            g_array_remove_index(cbs->registrations, i);
    }
}

guint
mv_route_callbacks_count(const MvRouteCallbacks *cbs, MvRouteDaemon daemon)
{
    guint count = 0;

    for (guint i = 0; i < cbs->registrations->len; i++) {
        if (daemon == MV_ROUTE_DAEMON_LAST ||
            g_array_index(cbs->registrations, Registration, i).daemon == daemon)
            count++;
    }
    return count;
}
