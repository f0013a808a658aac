/* The routing rules of modvirt-proxyd and of the hypervisor daemons' forwarding: which daemon serves a URI and which daemon owns each procedure, decided from headers. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rpc/message.h"
#include "util/enum.h"

/* The daemons calls are routed to. The first three are hypervisor daemons:
 * the URI of CONNECT_OPEN picks one, and it serves every call that the
 * table below does not give to networkd or nodedevd. */
typedef enum {
    MV_ROUTE_DAEMON_QEMU,
    MV_ROUTE_DAEMON_XEN,
    MV_ROUTE_DAEMON_LXC,
    MV_ROUTE_DAEMON_NETWORK,
    MV_ROUTE_DAEMON_NODEDEV,
    MV_ROUTE_DAEMON_LAST,
} MvRouteDaemon;

/* The daemon's name ("qemud": modvirt-qemud, qemud-sock) and the URI
 * scheme it serves ("qemu"). */
MV_ENUM_DECL(mv_route_daemon);
MV_ENUM_DECL(mv_route_daemon_scheme);

/* One procedure of the remote program that networkd or nodedevd owns. */
typedef struct {
    int procedure;
    MvRouteDaemon daemon;
} MvRouteRule;

/* Generated from protocol/remote.x by genroute.py, sorted by procedure. */
extern const MvRouteRule mv_route_rules[];
extern const size_t mv_route_nrules;

/* The daemon that serves a call of program/procedure on a connection opened
 * on hypervisor: networkd or nodedevd for their procedures of the remote
 * program, hypervisor for everything else (the qemu and lxc programs, and
 * numbers no daemon knows, which it then refuses). */
MvRouteDaemon mv_route_daemon_for_call(uint32_t program, int procedure,
                                       MvRouteDaemon hypervisor);

/* True for the calls whose successful reply opens a stream on their serial
 * (REMOTE_PROC_DOMAIN_OPEN_CONSOLE): their stream data keeps flowing after
 * the reply, until the stream ends. */
bool mv_route_call_opens_stream(uint32_t program, int procedure);

/* The one message body proxyd reads: the URI of a CONNECT_OPEN call (NULL
 * for libvirt's "let the server pick") and its flags. proxyd must know the
 * URI to pick the hypervisor daemon; everything else travels undecoded.
 * An undecodable payload is VIR_ERR_RPC. */
int mv_route_open_args_decode(MvRpcMessage *call, char **ret_name, unsigned int *ret_flags);

/* The daemon that serves a URI by its scheme: a NULL or empty URI is the
 * default, qemud. A URI that does not parse, or another scheme, is
 * VIR_ERR_NO_CONNECT naming it. */
int mv_route_daemon_for_uri(const char *name, MvRouteDaemon *ret_daemon);

/* "<scheme>:///system", or ":///session" for a session daemon: the URI
 * proxyd opens on its own connections to networkd and nodedevd. */
char *mv_route_daemon_uri(MvRouteDaemon daemon, bool session);

/* A CONNECT_OPEN call of name and flags, encoded, with serial 0. */
MvRpcMessage *mv_route_open_call_new(const char *name, unsigned int flags);

/* Rewrites the serial in the header and in the encoded frame alike. */
void mv_route_message_set_serial(MvRpcMessage *msg, uint32_t serial);

/* A reply to call (its program, version, procedure and serial) with status
 * and payload as given: a frame built from headers and bytes only, to pass
 * one error payload on to several calls. */
MvRpcMessage *mv_route_reply_new(const MvRpcHeader *call, int status,
                                 const uint8_t *payload, size_t payload_len);

/* An error reply to call carrying err (VIR_ERR_INTERNAL_ERROR when NULL),
 * encoded by lib/rpc. */
MvRpcMessage *mv_route_error_reply_new(const MvRpcHeader *call, const MvError *err);
