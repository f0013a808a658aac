/* Tests of lib/rpc/reader: whole messages out of bytes in any split, bad lengths refused early. */
#define MV_FROM_THIS VIR_FROM_RPC

#include <string.h>

#include "protocol/remote.h"
#include "rpc/reader.h"
#include "util/error.h"
#include "util/log.h"

/* An encoded DOMAIN_LOOKUP_BY_NAME call for name, with serial. */
static MvRpcMessage *
lookup_call(const char *name, uint32_t serial)
{
    MvRpcMessage *msg = mv_rpc_message_new();
    remote_domain_lookup_by_name_args args = { .name = (char *) name };

    msg->header = (MvRpcHeader) {
        .program = REMOTE_PROGRAM,
        .version = REMOTE_PROTOCOL_VERSION,
        .procedure = REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
        .type = MV_NET_CALL,
        .serial = serial,
    };
    g_assert_cmpint(mv_rpc_message_encode(msg, (xdrproc_t) xdr_remote_domain_lookup_by_name_args, &args), ==, 0);
    return msg;
}

static void
assert_same_call(MvRpcMessage *got, const MvRpcMessage *sent, const char *name)
{
    remote_domain_lookup_by_name_args args = { 0 };

    g_assert_cmpmem(got->buffer, got->length, sent->buffer, sent->length);
    g_assert_cmpuint(got->header.serial, ==, sent->header.serial);
    g_assert_cmpint(got->header.procedure, ==, REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME);
    g_assert_cmpint(mv_rpc_message_decode_payload(got, (xdrproc_t) xdr_remote_domain_lookup_by_name_args, &args), ==, 0);
    g_assert_cmpstr(args.name, ==, name);
    xdr_free((xdrproc_t) xdr_remote_domain_lookup_by_name_args, &args);
}

static void
test_byte_by_byte(void)
{
    g_autoptr(MvRpcMessage) sent = lookup_call("tr1", 5);
    g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
    g_autoptr(MvRpcMessage) got = NULL;
    size_t i;

    for (i = 0; i + 1 < sent->length; i++) {
        g_assert_cmpint(mv_rpc_reader_feed(reader, sent->buffer + i, 1), ==, 0);
        g_assert_cmpint(mv_rpc_reader_next(reader, &got), ==, 0);
        g_assert_false(mv_rpc_reader_is_idle(reader));
    }
    g_assert_cmpint(mv_rpc_reader_feed(reader, sent->buffer + i, 1), ==, 0);
    g_assert_cmpint(mv_rpc_reader_next(reader, &got), ==, 1);
    assert_same_call(got, sent, "tr1");
    g_assert_true(mv_rpc_reader_is_idle(reader));
}

static void
test_truncated_everywhere(void)
{
    g_autoptr(MvRpcMessage) sent = lookup_call("a-longer-domain-name", 6);
    size_t cut;

    /* Every proper prefix is "need more"; the rest completes it. */
    for (cut = 0; cut < sent->length; cut++) {
        g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
        g_autoptr(MvRpcMessage) got = NULL;

        g_assert_cmpint(mv_rpc_reader_feed(reader, sent->buffer, cut), ==, 0);
        g_assert_cmpint(mv_rpc_reader_next(reader, &got), ==, 0);
        g_assert_null(got);

        g_assert_cmpint(mv_rpc_reader_feed(reader, sent->buffer + cut, sent->length - cut), ==, 0);
        g_assert_cmpint(mv_rpc_reader_next(reader, &got), ==, 1);
        assert_same_call(got, sent, "a-longer-domain-name");
    }
}

static void
test_several_in_one_feed(void)
{
    g_autoptr(MvRpcMessage) first = lookup_call("one", 1);
    g_autoptr(MvRpcMessage) second = lookup_call("two", 2);
    g_autoptr(MvRpcMessage) third = lookup_call("three", 3);
    g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
    g_autoptr(GByteArray) stream = g_byte_array_new();
    MvRpcMessage *got = NULL;

    g_byte_array_append(stream, first->buffer, first->length);
    g_byte_array_append(stream, second->buffer, second->length);
    g_byte_array_append(stream, third->buffer, 10);

    g_assert_cmpint(mv_rpc_reader_feed(reader, stream->data, stream->len), ==, 0);
    g_assert_cmpint(mv_rpc_reader_next(reader, &got), ==, 1);
    assert_same_call(got, first, "one");
    mv_rpc_message_free(got);
    g_assert_cmpint(mv_rpc_reader_next(reader, &got), ==, 1);
    assert_same_call(got, second, "two");
    mv_rpc_message_free(got);
    g_assert_cmpint(mv_rpc_reader_next(reader, &got), ==, 0);

    g_assert_cmpint(mv_rpc_reader_feed(reader, third->buffer + 10, third->length - 10), ==, 0);
    g_assert_cmpint(mv_rpc_reader_next(reader, &got), ==, 1);
    assert_same_call(got, third, "three");
    mv_rpc_message_free(got);
}

static void
test_large_message(void)
{
    /* Bigger than the initial buffer, so the frame grows while it arrives. */
    g_autofree char *name = g_malloc(3 * MV_NET_MESSAGE_INITIAL + 1);
    g_autoptr(MvRpcMessage) sent = NULL;
    g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
    g_autoptr(MvRpcMessage) got = NULL;
    size_t pos = 0;

    memset(name, 'n', 3 * MV_NET_MESSAGE_INITIAL);
    name[3 * MV_NET_MESSAGE_INITIAL] = '\0';
    sent = lookup_call(name, 8);

    while (pos < sent->length) {
        size_t n = MIN(sent->length - pos, 4093);

        g_assert_cmpint(mv_rpc_reader_feed(reader, sent->buffer + pos, n), ==, 0);
        pos += n;
    }
    g_assert_cmpint(mv_rpc_reader_next(reader, &got), ==, 1);
    assert_same_call(got, sent, name);
}

static void
test_bad_length_words(void)
{
    static const struct {
        uint32_t length;
        const char *fragment;
    } cases[] = {
        { 0, "length 0 " },
        { 4, "length 4 " },
        { 27, "length 27 " },
        { 33554433, "length 33554433 " },
        { 0x7fffffff, "length 2147483647 " },
        { 0xffffffff, "length 4294967295 " },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
        MvRpcMessage *got = NULL;
        uint32_t be = GUINT32_TO_BE(cases[i].length);
        const uint8_t *word = (const uint8_t *) &be;

        /* Three bytes are not yet a length. */
        g_assert_cmpint(mv_rpc_reader_feed(reader, word, 3), ==, 0);
        mv_error_reset();
        g_assert_cmpint(mv_rpc_reader_feed(reader, word + 3, 1), ==, -1);
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_RPC);
        if (!strstr(mv_error_last_message(), cases[i].fragment))
            g_error("'%s' does not name '%s'", mv_error_last_message(), cases[i].fragment);
        g_assert_cmpint(mv_rpc_reader_next(reader, &got), ==, 0);

        /* The stream stays broken. */
        g_assert_cmpint(mv_rpc_reader_feed(reader, word, 4), ==, -1);
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_RPC);
    }
}

static void
test_good_then_bad(void)
{
    /* A good message before the bad length is still delivered. */
    g_autoptr(MvRpcMessage) sent = lookup_call("ok", 1);
    g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
    g_autoptr(GByteArray) stream = g_byte_array_new();
    g_autoptr(MvRpcMessage) got = NULL;
    static const uint8_t bad[4] = { 0, 0, 0, 27 };

    g_byte_array_append(stream, sent->buffer, sent->length);
    g_byte_array_append(stream, bad, sizeof(bad));
    g_assert_cmpint(mv_rpc_reader_feed(reader, stream->data, stream->len), ==, -1);
    g_assert_cmpint(mv_rpc_reader_next(reader, &got), ==, 1);
    assert_same_call(got, sent, "ok");
}

static void
test_minimal_frame(void)
{
    /* A 28-byte frame is a whole message with an empty payload. */
    static const uint8_t bytes[28] = { 0, 0, 0, 28, 0x6b, 0x65, 0x65, 0x70, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2 };
    g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
    g_autoptr(MvRpcMessage) got = NULL;

    g_assert_cmpint(mv_rpc_reader_feed(reader, bytes, sizeof(bytes)), ==, 0);
    g_assert_cmpint(mv_rpc_reader_next(reader, &got), ==, 1);
    g_assert_cmpuint(got->header.program, ==, 0x6b656570);
    g_assert_cmpint(got->header.procedure, ==, 1);
    g_assert_cmpint(got->header.type, ==, MV_NET_MESSAGE);
    g_assert_cmpint(mv_rpc_message_decode_payload(got, NULL, NULL), ==, 0);
}

static void
test_random_bytes(void)
{
    /* Garbage never crashes the reader; whatever it yields is a frame
     * within the limits whose payload decodes or fails cleanly. */
    GRand *rand = g_rand_new_with_seed(20240507);
    size_t round;

    for (round = 0; round < 2000; round++) {
        g_autoptr(MvRpcReader) reader = mv_rpc_reader_new();
        uint8_t bytes[256];
        size_t len = g_rand_int_range(rand, 0, sizeof(bytes));
        size_t pos = 0;
        size_t i;

        for (i = 0; i < len; i++)
            bytes[i] = g_rand_int(rand);
        /* Half the rounds get a plausible length word, so frames complete. */
        if (len >= 4 && round % 2) {
            bytes[0] = 0;
            bytes[1] = 0;
            bytes[2] = 0;
            bytes[3] = g_rand_int_range(rand, 28, 64);
        }

        while (pos < len) {
            size_t n = MIN(len - pos, (size_t) g_rand_int_range(rand, 1, 40));
            MvRpcMessage *got = NULL;

            if (mv_rpc_reader_feed(reader, bytes + pos, n) < 0) {
                g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_RPC);
                break;
            }
            pos += n;
            while (mv_rpc_reader_next(reader, &got) == 1) {
                remote_error err = { 0 };

                g_assert_cmpuint(got->length, >=, MV_RPC_FRAME_MIN);
                g_assert_cmpuint(got->length, <=, MV_NET_MESSAGE_MAX);
                if (mv_rpc_message_decode_payload(got, (xdrproc_t) xdr_remote_error, &err) == 0)
                    xdr_free((xdrproc_t) xdr_remote_error, &err);
                mv_rpc_message_free(got);
            }
        }
    }
    g_rand_free(rand);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    g_test_add_func("/rpc/reader/byte-by-byte", test_byte_by_byte);
    g_test_add_func("/rpc/reader/truncated-everywhere", test_truncated_everywhere);
    g_test_add_func("/rpc/reader/several-in-one-feed", test_several_in_one_feed);
    g_test_add_func("/rpc/reader/large-message", test_large_message);
    g_test_add_func("/rpc/reader/bad-length-words", test_bad_length_words);
    g_test_add_func("/rpc/reader/good-then-bad", test_good_then_bad);
    g_test_add_func("/rpc/reader/minimal-frame", test_minimal_frame);
    g_test_add_func("/rpc/reader/random-bytes", test_random_bytes);
    return g_test_run();
}
