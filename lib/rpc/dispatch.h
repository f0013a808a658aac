/* Server-side dispatch: a program's table of procedures, and running one call through it. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "message.h"

typedef enum {
    /* May be called on a read-only socket (@readonly in the .x). */
    MV_RPC_PROC_READONLY = 1 << 0,
} MvRpcProcedureFlags;

/* Runs one procedure. conn is the daemon's state for the connection the call
 * came on; args and ret point to zeroed structs of the table's sizes (NULL
 * when the size is 0). A handler fills ret and returns 0, or reports one
 * error and returns -1; the dispatcher frees both structs' contents. */
typedef int (*MvRpcHandler)(void *conn, const MvRpcHeader *header,
                            void *args, void *ret);

typedef struct {
    int procedure;
    xdrproc_t args_proc;        /* NULL: empty payload */
    xdrproc_t ret_proc;         /* NULL: empty payload */
    size_t args_size;
    size_t ret_size;
    MvRpcHandler handler;
    unsigned int flags;         /* MvRpcProcedureFlags */
} MvRpcProcedure;

/* One program's table, sorted by procedure number. A table lists only the
 * procedures its daemon serves; every other number gets VIR_ERR_NO_SUPPORT. */
typedef struct {
    uint32_t program;
    uint32_t version;
    const MvRpcProcedure *procedures;
    size_t nprocedures;
    /* The public API of each procedure ("virDomainDefineXML"), parallel to
     * procedures, for error texts; NULL when the program has none. */
    const char *const *api_names;
} MvRpcProgram;

/* The entry for procedure, or NULL with VIR_ERR_NO_SUPPORT reported. */
const MvRpcProcedure *mv_rpc_program_lookup(const MvRpcProgram *prog, int procedure);

/* Reports libvirt's VIR_ERR_OPERATION_DENIED for a write call on a read-only
 * connection: "read only access prevents virDomainDefineXML". */
void mv_rpc_program_deny_read_only(const MvRpcProgram *prog, const MvRpcProcedure *entry);

/* Checks that a table is sorted with no duplicate numbers (for tests and
 * for a daemon's start-up). */
int mv_rpc_program_check(const MvRpcProgram *prog);

/* Runs a call (a message of type MV_NET_CALL) through the program named in
 * its header and returns the reply to send, with the call's serial: the
 * result, or an error reply for an unknown program, version or procedure
 * (VIR_ERR_NO_SUPPORT), a read-only denial (VIR_ERR_OPERATION_DENIED), an
 * undecodable payload (VIR_ERR_RPC) or a failed handler (its error). Never
 * NULL: a call always gets an answer. */
MvRpcMessage *mv_rpc_dispatch_call(const MvRpcProgram *const *programs, size_t nprograms,
                                   void *conn, bool readonly, const MvRpcMessage *call);
