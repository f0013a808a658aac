/* The keepalive program: PING/PONG messages and the count of unanswered pings that marks a peer dead. */
#pragma once

#include <stdbool.h>

#include "message.h"

/* Defaults for the interval between pings and how many may go unanswered. */
#define MV_RPC_KEEPALIVE_INTERVAL_MS 5000
#define MV_RPC_KEEPALIVE_COUNT 5

/* True for a keepalive PING (type MV_NET_MESSAGE) that wants a PONG. */
bool mv_rpc_keepalive_is_ping(const MvRpcHeader *header);

/* True for any message of the keepalive program. */
bool mv_rpc_keepalive_is_keepalive(const MvRpcHeader *header);

/* A PING or PONG (procedure KEEPALIVE_PROC_PING / _PONG), encoded. */
MvRpcMessage *mv_rpc_keepalive_message_new(int procedure);

/* The liveness of one peer. Any message from the peer proves it alive;
 * a tick without one since the last tick sends a ping, and once count
 * pings in a row went unanswered the peer is dead. Not locked: its owner
 * serialises access. */
typedef struct {
    unsigned int interval_ms;
    unsigned int count;
    unsigned int unanswered;    /* pings sent since the peer was last heard */
    bool heard;                 /* something arrived since the last tick */
} MvRpcKeepalive;

typedef enum {
    MV_RPC_KEEPALIVE_IDLE,      /* the peer was heard: nothing to do */
    MV_RPC_KEEPALIVE_SEND_PING,
    MV_RPC_KEEPALIVE_DEAD,
} MvRpcKeepaliveAction;

/* interval_ms or count 0 take the defaults above. */
void mv_rpc_keepalive_init(MvRpcKeepalive *ka, unsigned int interval_ms, unsigned int count);

void mv_rpc_keepalive_heard(MvRpcKeepalive *ka);

/* Call every interval_ms. */
MvRpcKeepaliveAction mv_rpc_keepalive_tick(MvRpcKeepalive *ka);
