/* The routing rules of modvirt-proxyd and of the hypervisor daemons' forwarding: URIs to daemons, procedures to daemons, serials and replies built from headers. */
#define MV_LOG_MODULE "proxy.route"
#define MV_FROM_THIS VIR_FROM_RPC

#include "route.h"

#include <string.h>

#include "protocol/remote.h"
#include "util/error.h"

MV_ENUM_IMPL(mv_route_daemon, MV_ROUTE_DAEMON_LAST,
             "qemud", "xend", "lxcd", "networkd", "nodedevd");
MV_ENUM_IMPL(mv_route_daemon_scheme, MV_ROUTE_DAEMON_LAST,
             "qemu", "xen", "lxc", "network", "nodedev");

/* Offset of the serial word in a frame: length word, then program,
 * version, procedure and type. */
#define ROUTE_SERIAL_OFFSET (MV_NET_MESSAGE_LEN_SIZE + 4 * 4)

static int
compare_rule(const void *key, const void *elem)
{
    int procedure = *(const int *) key;
    const MvRouteRule *rule = elem;

    return (procedure > rule->procedure) - (procedure < rule->procedure);
}

MvRouteDaemon
mv_route_daemon_for_call(uint32_t program, int procedure, MvRouteDaemon hypervisor)
{
    const MvRouteRule *rule;

    if (program != REMOTE_PROGRAM)
        return hypervisor;
    rule = bsearch(&procedure, mv_route_rules, mv_route_nrules, sizeof(MvRouteRule),
                   compare_rule);
    return rule ? rule->daemon : hypervisor;
}

int
mv_route_open_args_decode(MvRpcMessage *call, char **ret_name, unsigned int *ret_flags)
{
    remote_connect_open_args args = { 0 };

    if (mv_rpc_message_decode_payload(call, (xdrproc_t) xdr_remote_connect_open_args,
                                      &args) < 0)
        return -1;
    *ret_name = args.name ? g_strdup(*args.name) : NULL;
    *ret_flags = args.flags;
    xdr_free((xdrproc_t) xdr_remote_connect_open_args, (char *) &args);
    return 0;
}

int
mv_route_daemon_for_uri(const char *name, MvRouteDaemon *ret_daemon)
{
    g_autoptr(GUri) uri = NULL;
    int daemon;

    if (!name || !*name) {
        *ret_daemon = MV_ROUTE_DAEMON_QEMU;
        return 0;
    }

    uri = g_uri_parse(name, G_URI_FLAGS_NONE, NULL);
    if (!uri || (daemon = mv_route_daemon_scheme_from_string(g_uri_get_scheme(uri))) < 0) {
        mv_report_error(VIR_ERR_NO_CONNECT, "%s", name);
        return -1;
    }
    *ret_daemon = daemon;
    return 0;
}

char *
mv_route_daemon_uri(MvRouteDaemon daemon, bool session)
{
    return g_strdup_printf("%s:///%s", mv_route_daemon_scheme_to_string(daemon),
                           session ? "session" : "system");
}

MvRpcMessage *
mv_route_open_call_new(const char *name, unsigned int flags)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();
    char *uri = (char *) name;
    remote_connect_open_args args = { .name = name ? &uri : NULL, .flags = flags };

    msg->header = (MvRpcHeader) {
        .program = REMOTE_PROGRAM,
        .version = REMOTE_PROTOCOL_VERSION,
        .procedure = REMOTE_PROC_CONNECT_OPEN,
        .type = MV_NET_CALL,
        .status = MV_NET_OK,
    };
    if (mv_rpc_message_encode(msg, (xdrproc_t) xdr_remote_connect_open_args, &args) < 0)
        return NULL;
    return g_steal_pointer(&msg);
}

static void
put_word(uint8_t *where, uint32_t value)
{
    uint32_t be = GUINT32_TO_BE(value);

    memcpy(where, &be, sizeof(be));
}

void
mv_route_message_set_serial(MvRpcMessage *msg, uint32_t serial)
{
    msg->header.serial = serial;
    put_word(msg->buffer + ROUTE_SERIAL_OFFSET, serial);
}

MvRpcMessage *
mv_route_reply_new(const MvRpcHeader *call, int status,
                   const uint8_t *payload, size_t payload_len)
{
    MvRpcMessage *msg = mv_rpc_message_new();
    uint8_t *p;

    mv_rpc_header_init_reply(&msg->header, call);
    msg->header.status = status;
    msg->length = MV_RPC_FRAME_MIN + payload_len;
    msg->buffer = p = g_malloc(msg->length);
    put_word(p, msg->length);
    put_word(p + 4, msg->header.program);
    put_word(p + 8, msg->header.version);
    put_word(p + 12, msg->header.procedure);
    put_word(p + 16, msg->header.type);
    put_word(p + 20, msg->header.serial);
    put_word(p + 24, msg->header.status);
    if (payload_len)
        memcpy(p + MV_RPC_FRAME_MIN, payload, payload_len);
    return msg;
}

bool
mv_route_call_opens_stream(uint32_t program, int procedure)
{
    return program == REMOTE_PROGRAM && procedure == REMOTE_PROC_DOMAIN_OPEN_CONSOLE;
}

MvRpcMessage *
mv_route_error_reply_new(const MvRpcHeader *call, const MvError *err)
{
    g_autoptr(MvRpcMessage) msg = mv_rpc_message_new();

    mv_rpc_header_init_reply(&msg->header, call);
    if (mv_rpc_message_encode_error(msg, err) < 0)
        return NULL;
    return g_steal_pointer(&msg);
}
