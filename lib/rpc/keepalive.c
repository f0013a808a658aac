/* The keepalive program: building PING/PONG and deciding when a silent peer is dead. */
#define MV_LOG_MODULE "rpc.keepalive"
#define MV_FROM_THIS VIR_FROM_RPC

#include "keepalive.h"

#include "protocol/keepalive.h"
#include "util/log.h"

bool
mv_rpc_keepalive_is_keepalive(const MvRpcHeader *header)
{
    return header->program == KEEPALIVE_PROGRAM;
}

bool
mv_rpc_keepalive_is_ping(const MvRpcHeader *header)
{
    return header->program == KEEPALIVE_PROGRAM &&
           header->version == KEEPALIVE_PROTOCOL_VERSION &&
           header->procedure == KEEPALIVE_PROC_PING &&
           header->type == MV_NET_MESSAGE;
}

MvRpcMessage *
mv_rpc_keepalive_message_new(int procedure)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();

    msg->header = (MvRpcHeader) {
        .program = KEEPALIVE_PROGRAM,
        .version = KEEPALIVE_PROTOCOL_VERSION,
        .procedure = procedure,
        .type = MV_NET_MESSAGE,
        .serial = 0,
        .status = MV_NET_OK,
    };
    /* An empty payload always encodes. */
    if (mv_rpc_message_encode(msg, NULL, NULL) < 0)
        g_assert_not_reached();
    return g_steal_pointer(&msg);
}

void
mv_rpc_keepalive_init(MvRpcKeepalive *ka, unsigned int interval_ms, unsigned int count)
{
    ka->interval_ms = interval_ms ? interval_ms : MV_RPC_KEEPALIVE_INTERVAL_MS;
    ka->count = count ? count : MV_RPC_KEEPALIVE_COUNT;
    ka->unanswered = 0;
    ka->heard = false;
}

void
mv_rpc_keepalive_heard(MvRpcKeepalive *ka)
{
    ka->heard = true;
    ka->unanswered = 0;
}

MvRpcKeepaliveAction
mv_rpc_keepalive_tick(MvRpcKeepalive *ka)
{
    if (ka->heard) {
        ka->heard = false;
        return MV_RPC_KEEPALIVE_IDLE;
    }
    if (ka->unanswered >= ka->count)
        return MV_RPC_KEEPALIVE_DEAD;
    ka->unanswered++;
    return MV_RPC_KEEPALIVE_SEND_PING;
}
