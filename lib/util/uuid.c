/* UUIDs: lenient parsing as libvirt accepts them, canonical formatting, random v4 generation. */
#define MV_LOG_MODULE "util.uuid"
#define MV_FROM_THIS VIR_FROM_NONE

#include "uuid.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "error.h"
#include "log.h"

int
mv_uuid_parse(const char *str, unsigned char ret_uuid[MV_UUID_BUFLEN])
{
    unsigned char uuid[MV_UUID_BUFLEN];
    const char *cur = str;
    size_t i = 0;

    if (!str) {
        mv_report_error(VIR_ERR_INVALID_ARG, "missing UUID");
        return -1;
    }

    while (g_ascii_isspace(*cur))
        cur++;

    /* Dashes and spaces may sit between any two bytes, never inside one. */
    while (i < MV_UUID_BUFLEN) {
        int hi, lo;

        if (*cur == '-' || *cur == ' ') {
            cur++;
            continue;
        }
        if ((hi = g_ascii_xdigit_value(cur[0])) < 0 ||
            (lo = g_ascii_xdigit_value(cur[1])) < 0) {
            mv_report_error(VIR_ERR_INVALID_ARG,
                            "invalid UUID '%s': expected 32 hex digits", str);
            return -1;
        }
        uuid[i++] = (unsigned char) (hi << 4 | lo);
        cur += 2;
    }

    while (g_ascii_isspace(*cur))
        cur++;
    if (*cur) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "invalid UUID '%s': unexpected '%s' after 32 hex digits",
                        str, cur);
        return -1;
    }

    memcpy(ret_uuid, uuid, MV_UUID_BUFLEN);
    return 0;
}

char *
mv_uuid_format(const unsigned char uuid[MV_UUID_BUFLEN],
               char buf[MV_UUID_STRING_BUFLEN])
{
    g_snprintf(buf, MV_UUID_STRING_BUFLEN,
               "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
               uuid[0], uuid[1], uuid[2], uuid[3], uuid[4], uuid[5],
               uuid[6], uuid[7], uuid[8], uuid[9], uuid[10], uuid[11],
               uuid[12], uuid[13], uuid[14], uuid[15]);
    return buf;
}

/* Fills buf from the kernel's CSPRNG, so that two processes started at the
 * same moment never draw the same UUID. */
static void
uuid_random_bytes(unsigned char *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t got = getrandom(buf + done, len - done, 0);

        if (got < 0) {
            if (errno == EINTR)
                continue;
            /* Only a kernel without getrandom(2) gets here: glib's generator
             * is seeded from /dev/urandom, which still beats failing. */
            MV_WARN("getrandom failed (%s), using glib's generator for a UUID",
                    g_strerror(errno));
            for (; done < len; done++)
                buf[done] = (unsigned char) g_random_int_range(0, 256);
            return;
        }
        done += got;
    }
}

void
mv_uuid_generate(unsigned char ret_uuid[MV_UUID_BUFLEN])
{
    uuid_random_bytes(ret_uuid, MV_UUID_BUFLEN);

    /* RFC 4122: version 4 in the high nibble of byte 6, variant 10xx in byte 8. */
    ret_uuid[6] = (ret_uuid[6] & 0x0f) | 0x40;
    ret_uuid[8] = (ret_uuid[8] & 0x3f) | 0x80;
}

bool
mv_uuid_is_null(const unsigned char uuid[MV_UUID_BUFLEN])
{
    size_t i;

    for (i = 0; i < MV_UUID_BUFLEN; i++) {
        if (uuid[i])
            return false;
    }
    return true;
}
