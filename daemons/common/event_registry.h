/* One daemon's event registrations: clients, callback ids and filters, and which of them an event goes to. */
#pragma once

#include <glib.h>
#include <stddef.h>

#include "rpc/server.h"

typedef struct MvEventRegistry MvEventRegistry;

/* One registration an event goes to: a copy holding its own client
 * reference, freed with the array mv_event_registry_targets() returns. */
typedef struct {
    int callback_id;
    MvRpcServerClient *client;
} MvEventTarget;

/* kind names the objects in messages ("network", "node device", "domain"). */
MvEventRegistry *mv_event_registry_new(const char *kind);
/* Drops every registration and the client references they hold. */
void mv_event_registry_free(MvEventRegistry *reg);

/* Registers client for event_id, for the object whose key (a UUID, a
 * name: key_len bytes) matches, or every object when key is NULL. Returns
 * the new callback id (1, 2, ... per registry). Registrations of clients
 * that have gone are dropped on the way. Any thread. */
int mv_event_registry_add(MvEventRegistry *reg, MvRpcServerClient *client, int event_id,
                          const void *key, size_t key_len);

/* Drops client's registration callback_id; a client may drop only its own.
 * -1 with libvirt's VIR_ERR_INVALID_ARG "could not find event callback N
 * for deletion" otherwise. */
int mv_event_registry_remove(MvEventRegistry *reg, MvRpcServerClient *client, int callback_id);

/* The registrations for event_id that match the object's key (an array of
 * MvEventTarget, empty when none), so that the caller sends its messages
 * outside the registry's lock. Drops the registrations of clients that
 * have gone. */
GPtrArray *mv_event_registry_targets(MvEventRegistry *reg, int event_id,
                                     const void *key, size_t key_len);

/* Sends one event message of the remote program (procedure, with msg
 * encoded by proc; its callbackID already set to target's) to target's
 * client; a client that closed meanwhile only loses this message. */
void mv_event_registry_send(MvEventRegistry *reg, const MvEventTarget *target, int procedure,
                            xdrproc_t proc, const void *msg);
