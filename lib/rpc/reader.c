/* The incremental reader: a length word, then exactly that many bytes, then the next. */
#define MV_LOG_MODULE "rpc.reader"
#define MV_FROM_THIS VIR_FROM_RPC

#include "reader.h"

#include <string.h>

#include "util/log.h"

struct MvRpcReader {
    uint8_t len_bytes[MV_NET_MESSAGE_LEN_SIZE];
    size_t len_have;            /* bytes of the length word received */
    MvRpcMessage *current;      /* the frame being filled, once its length is known */
    size_t have;                /* bytes of current->buffer received */
    size_t capacity;            /* bytes allocated for current->buffer */
    GQueue complete;            /* MvRpcMessage *, header decoded */
    bool failed;
};

MvRpcReader *
mv_rpc_reader_new(void)
{
    MvRpcReader *reader = g_new0(MvRpcReader, 1);

    g_queue_init(&reader->complete);
    return reader;
}

void
mv_rpc_reader_free(MvRpcReader *reader)
{
    if (!reader)
        return;
    mv_rpc_message_free(reader->current);
    g_queue_clear_full(&reader->complete, (GDestroyNotify) mv_rpc_message_free);
    g_free(reader);
}

/* Consumes bytes of the length word; starts the frame once it is whole. */
static int
reader_take_length(MvRpcReader *reader, const uint8_t **data, size_t *len)
{
    size_t n = MIN(*len, sizeof(reader->len_bytes) - reader->len_have);
    uint32_t length;

    memcpy(reader->len_bytes + reader->len_have, *data, n);
    reader->len_have += n;
    *data += n;
    *len -= n;

    if (reader->len_have < sizeof(reader->len_bytes))
        return 0;

    if (mv_rpc_frame_length(reader->len_bytes, sizeof(reader->len_bytes), &length) < 0)
        return -1;

    /* A peer's length word alone does not get it 32 MiB: the buffer grows
     * with the bytes that really arrive. */
    reader->capacity = MIN(length, MV_NET_MESSAGE_INITIAL);
    reader->current = mv_rpc_message_new();
    reader->current->buffer = g_malloc(reader->capacity);
    reader->current->length = length;
    memcpy(reader->current->buffer, reader->len_bytes, sizeof(reader->len_bytes));
    reader->have = sizeof(reader->len_bytes);
    return 0;
}

/* Consumes bytes of the frame body; queues the frame once it is whole. */
static int
reader_take_body(MvRpcReader *reader, const uint8_t **data, size_t *len)
{
    MvRpcMessage *msg = reader->current;
    size_t n = MIN(*len, msg->length - reader->have);

    if (reader->have + n > reader->capacity) {
        reader->capacity = MIN(MAX(reader->capacity * 2, reader->have + n), msg->length);
        msg->buffer = g_realloc(msg->buffer, reader->capacity);
    }
    memcpy(msg->buffer + reader->have, *data, n);
    reader->have += n;
    *data += n;
    *len -= n;

    if (reader->have < msg->length)
        return 0;

    if (mv_rpc_message_decode_header(msg) < 0)
        return -1;

    MV_DEBUG("message in: program 0x%x procedure %d type %d serial %u, %zu bytes",
             msg->header.program, msg->header.procedure, msg->header.type,
             msg->header.serial, msg->length);
    g_queue_push_tail(&reader->complete, g_steal_pointer(&reader->current));
    reader->len_have = 0;
    reader->have = 0;
    reader->capacity = 0;
    return 0;
}

int
mv_rpc_reader_feed(MvRpcReader *reader, const void *data, size_t len)
{
    const uint8_t *pos = data;

    if (reader->failed) {
        mv_report_error(VIR_ERR_RPC, "message stream is broken by an earlier bad message");
        return -1;
    }

    while (len > 0) {
        int rc;

        if (!reader->current)
            rc = reader_take_length(reader, &pos, &len);
        else
            rc = reader_take_body(reader, &pos, &len);
        if (rc < 0) {
            reader->failed = true;
            return -1;
        }
    }
    return 0;
}

int
mv_rpc_reader_next(MvRpcReader *reader, MvRpcMessage **ret_msg)
{
    MvRpcMessage *msg = g_queue_pop_head(&reader->complete);

    if (!msg)
        return 0;
    *ret_msg = msg;
    return 1;
}

bool
mv_rpc_reader_is_idle(const MvRpcReader *reader)
{
    return reader->len_have == 0 && !reader->current;
}
