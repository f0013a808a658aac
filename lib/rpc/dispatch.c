/* Server-side dispatch: procedure lookup and the call → reply path every daemon shares. */
#define MV_LOG_MODULE "rpc.dispatch"
#define MV_FROM_THIS VIR_FROM_RPC

#include "dispatch.h"

#include "util/log.h"

void
mv_rpc_program_deny_read_only(const MvRpcProgram *prog, const MvRpcProcedure *entry)
{
    size_t row = (size_t) (entry - prog->procedures);

    if (prog->api_names && row < prog->nprocedures)
        mv_report_error(VIR_ERR_OPERATION_DENIED, "read only access prevents %s",
                        prog->api_names[row]);
    else
        mv_report_error(VIR_ERR_OPERATION_DENIED,
                        "read only access prevents procedure %d of program 0x%x",
                        entry->procedure, prog->program);
}

const MvRpcProcedure *
mv_rpc_program_lookup(const MvRpcProgram *prog, int procedure)
{
    size_t lo = 0;
    size_t hi = prog->nprocedures;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const MvRpcProcedure *entry = &prog->procedures[mid];

        if (entry->procedure == procedure)
            return entry;
        if (entry->procedure < procedure)
            lo = mid + 1;
        else
            hi = mid;
    }

    mv_report_error(VIR_ERR_NO_SUPPORT, "unknown procedure %d of program 0x%x",
                    procedure, prog->program);
    return NULL;
}

int
mv_rpc_program_check(const MvRpcProgram *prog)
{
    size_t i;

    for (i = 1; i < prog->nprocedures; i++) {
        if (prog->procedures[i].procedure <= prog->procedures[i - 1].procedure) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "procedure table of program 0x%x is not sorted at procedure %d",
                            prog->program, prog->procedures[i].procedure);
            return -1;
        }
    }
    for (i = 0; i < prog->nprocedures; i++) {
        if (!prog->procedures[i].handler) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "procedure %d of program 0x%x has no handler",
                            prog->procedures[i].procedure, prog->program);
            return -1;
        }
    }
    return 0;
}

static const MvRpcProgram *
find_program(const MvRpcProgram *const *programs, size_t nprograms,
             const MvRpcHeader *header)
{
    size_t i;

    for (i = 0; i < nprograms; i++) {
        if (programs[i]->program != header->program)
            continue;
        if (programs[i]->version == header->version)
            return programs[i];
        mv_report_error(VIR_ERR_NO_SUPPORT, "program 0x%x has no version %u (only %u)",
                        header->program, header->version, programs[i]->version);
        return NULL;
    }

    mv_report_error(VIR_ERR_NO_SUPPORT, "unknown program 0x%x", header->program);
    return NULL;
}

/* Decodes the arguments, runs the handler and encodes its result into reply. */
static int
run_procedure(const MvRpcProcedure *entry, void *conn, const MvRpcMessage *call,
              MvRpcMessage *reply)
{
    g_autofree void *args = entry->args_size ? g_malloc0(entry->args_size) : NULL;
    g_autofree void *ret = entry->ret_size ? g_malloc0(entry->ret_size) : NULL;
    int rc;

    if (mv_rpc_message_decode_payload((MvRpcMessage *) call, entry->args_proc, args) < 0)
        return -1;

    mv_error_reset();
    rc = entry->handler(conn, &call->header, args, ret);
    if (entry->args_proc && args)
        xdr_free(entry->args_proc, args);

    if (rc == 0)
        rc = mv_rpc_message_encode(reply, entry->ret_proc, ret);
    if (entry->ret_proc && ret)
        xdr_free(entry->ret_proc, ret);
    return rc;
}

MvRpcMessage *
mv_rpc_dispatch_call(const MvRpcProgram *const *programs, size_t nprograms,
                     void *conn, bool readonly, const MvRpcMessage *call)
{
    g_autoptr(MvRpcMessage) reply = mv_rpc_message_new();
    const MvRpcHeader *header = &call->header;
    const MvRpcProgram *prog;
    const MvRpcProcedure *entry = NULL;
    int rc = -1;

    mv_rpc_header_init_reply(&reply->header, header);

    if (header->type != MV_NET_CALL) {
        mv_report_error(VIR_ERR_RPC, "procedure %d of program 0x%x: message type %d is not a call",
                        header->procedure, header->program, header->type);
    } else if (header->status != MV_NET_OK) {
        mv_report_error(VIR_ERR_RPC, "procedure %d of program 0x%x: a call has status %d, not 0",
                        header->procedure, header->program, header->status);
    } else if ((prog = find_program(programs, nprograms, header)) &&
               (entry = mv_rpc_program_lookup(prog, header->procedure))) {
        if (readonly && !(entry->flags & MV_RPC_PROC_READONLY)) {
            mv_rpc_program_deny_read_only(prog, entry);
        } else {
            rc = run_procedure(entry, conn, call, reply);
        }
    }

    if (rc < 0) {
        const MvError *err = mv_error_last();

        MV_DEBUG("procedure %d serial %u failed: %s", header->procedure, header->serial,
                 mv_error_last_message());
        mv_rpc_header_init_reply(&reply->header, header);
        if (mv_rpc_message_encode_error(reply, err) < 0) {
            /* The error itself does not encode (an over-long string):
             * send the generic one rather than no answer. */
            mv_rpc_header_init_reply(&reply->header, header);
            if (mv_rpc_message_encode_error(reply, NULL) < 0)
                g_assert_not_reached();
        }
    }
    return g_steal_pointer(&reply);
}
