/* The public stream object (virStream): what a driver plugs into it, and the handle itself. */
#pragma once

#include "object.h"

/* A driver's stream: filled when a call opens the stream on the handle
 * (virDomainOpenConsole). Every entry reports its own errors. */
typedef struct {
    /* Bytes queued, -2 (nonblock) when that would wait, -1 on error. */
    int (*send)(void *priv, const char *data, size_t nbytes, bool nonblock);
    /* Bytes read, 0 at the end, -2 (nonblock) when nothing is there, -1 on error. */
    int (*recv)(void *priv, char *data, size_t nbytes, bool nonblock);
    int (*finish)(void *priv);
    int (*abort)(void *priv);
    /* VIR_STREAM_EVENT_* that would not wait now. */
    int (*poll)(void *priv);
    /* Frees priv; an unfinished stream is aborted first. */
    void (*free)(void *priv);
} MvClientStreamOps;

typedef struct MvClientStreamNotifier MvClientStreamNotifier;

struct _virStream {
    guint32 magic;
    gint refs;
    virConnectPtr conn;
    unsigned int flags;

    GMutex lock;
    const MvClientStreamOps *ops;   /* NULL until a call opened it */
    void *priv;
    MvClientStreamNotifier *notifier;
    virStreamEventCallback cb;
    void *cb_opaque;
    virFreeCallback cb_free;
    int cb_events;
    int timer;                      /* -1: no callback */
};

/* A driver attaches its stream to a handle no call opened yet (else
 * VIR_ERR_OPERATION_INVALID). */
int mv_client_stream_attach(virStreamPtr st, const MvClientStreamOps *ops, void *priv);

/* Called by the driver, from any thread, when something arrived for the
 * stream: wakes the event callback. */
void mv_client_stream_notify(MvClientStreamNotifier *notifier);
/* The notifier the driver hands its I/O thread (a reference, for
 * mv_client_stream_notifier_unref). */
MvClientStreamNotifier *mv_client_stream_get_notifier(virStreamPtr st);
void mv_client_stream_notifier_unref(void *notifier);

bool mv_client_stream_check(virStreamPtr st, const char *func);
