/* Bitmaps: a growable set of bits, and libvirt's CPU-set syntax to read and write one. */
#define MV_LOG_MODULE "util.bitmap"
#define MV_FROM_THIS VIR_FROM_NONE

#include "bitmap.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "log.h"

#define WORD_BITS 64

struct _MvBitmap {
    size_t nbits;
    size_t nwords;
    uint64_t *words;
};

static size_t
words_for(size_t nbits)
{
    return nbits / WORD_BITS + (nbits % WORD_BITS != 0);
}

MvBitmap *
mv_bitmap_new(size_t nbits)
{
    MvBitmap *map = g_new0(MvBitmap, 1);

    map->nbits = nbits;
    map->nwords = words_for(nbits);
    map->words = g_new0(uint64_t, map->nwords);
    return map;
}

void
mv_bitmap_free(MvBitmap *map)
{
    if (!map)
        return;
    g_free(map->words);
    g_free(map);
}

size_t
mv_bitmap_size(const MvBitmap *map)
{
    return map->nbits;
}

void
mv_bitmap_set(MvBitmap *map, size_t bit)
{
    if (bit >= map->nbits) {
        size_t nwords = words_for(bit + 1);

        if (nwords > map->nwords) {
            /* Grow geometrically so that setting bits in order stays linear. */
            nwords = MAX(nwords, map->nwords * 2);
            map->words = g_renew(uint64_t, map->words, nwords);
            memset(map->words + map->nwords, 0,
                   (nwords - map->nwords) * sizeof(uint64_t));
            map->nwords = nwords;
        }
        map->nbits = bit + 1;
    }
    map->words[bit / WORD_BITS] |= UINT64_C(1) << (bit % WORD_BITS);
}

void
mv_bitmap_clear(MvBitmap *map, size_t bit)
{
    if (bit >= map->nbits)
        return;
    map->words[bit / WORD_BITS] &= ~(UINT64_C(1) << (bit % WORD_BITS));
}

bool
mv_bitmap_is_set(const MvBitmap *map, size_t bit)
{
    if (bit >= map->nbits)
        return false;
    return (map->words[bit / WORD_BITS] >> (bit % WORD_BITS)) & 1;
}

size_t
mv_bitmap_count(const MvBitmap *map)
{
    size_t count = 0;
    size_t i;

    for (i = 0; i < map->nwords; i++)
        count += __builtin_popcountll(map->words[i]);
    return count;
}

ssize_t
mv_bitmap_next_set(const MvBitmap *map, ssize_t pos)
{
    size_t bit = pos < 0 ? 0 : (size_t) pos + 1;
    size_t word;
    uint64_t bits;

    if (bit >= map->nbits)
        return -1;

    word = bit / WORD_BITS;
    bits = map->words[word] & (~UINT64_C(0) << (bit % WORD_BITS));
    while (!bits) {
        if (++word >= map->nwords)
            return -1;
        bits = map->words[word];
    }
    return (ssize_t) (word * WORD_BITS + __builtin_ctzll(bits));
}

/* Equal when the same bits are set, whatever the sizes. */
bool
mv_bitmap_equal(const MvBitmap *a, const MvBitmap *b)
{
    size_t common = MIN(a->nwords, b->nwords);
    size_t i;

    for (i = 0; i < common; i++) {
        if (a->words[i] != b->words[i])
            return false;
    }
    for (i = common; i < a->nwords; i++) {
        if (a->words[i])
            return false;
    }
    for (i = common; i < b->nwords; i++) {
        if (b->words[i])
            return false;
    }
    return true;
}

static void
skip_spaces(const char **cur)
{
    while (g_ascii_isspace(**cur))
        (*cur)++;
}

/* A bit number: decimal digits, below max_bit. */
static int
bitmap_parse_number(const char *str, const char **cur, size_t max_bit,
                    size_t *ret_bit)
{
    const char *start = *cur;
    unsigned long long value;
    char *end;

    if (!g_ascii_isdigit(*start)) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "invalid bitmap '%s': expected a number at '%s'",
                        str, start);
        return -1;
    }

    errno = 0;
    value = strtoull(start, &end, 10);
    if (errno == ERANGE || value >= max_bit) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "invalid bitmap '%s': %.*s is not below the limit %zu",
                        str, (int) (end - start), start, max_bit);
        return -1;
    }

    *cur = end;
    *ret_bit = value;
    return 0;
}

/* Parts are applied left to right, as libvirt does: "^2" removes bit 2 from
 * what the parts before it set. Spaces may surround numbers, dashes and
 * commas; a trailing comma is accepted, as libvirt accepts it. */
MvBitmap *
mv_bitmap_parse(const char *str, size_t max_bit)
{
    g_autoptr(MvBitmap) map = mv_bitmap_new(max_bit);
    const char *cur = str;

    if (!str) {
        mv_report_error(VIR_ERR_INVALID_ARG, "missing bitmap");
        return NULL;
    }

    skip_spaces(&cur);
    if (!*cur) {
        mv_report_error(VIR_ERR_INVALID_ARG, "invalid bitmap '%s': it is empty", str);
        return NULL;
    }

    while (*cur) {
        const char *part = cur;
        bool negate = false;
        size_t first, last;
        size_t bit;

        if (*cur == '^') {
            negate = true;
            cur++;
        }
        if (bitmap_parse_number(str, &cur, max_bit, &first) < 0)
            return NULL;
        last = first;
        skip_spaces(&cur);

        if (*cur == '-') {
            if (negate) {
                mv_report_error(VIR_ERR_INVALID_ARG,
                                "invalid bitmap '%s': a range cannot be negated at '%s'",
                                str, part);
                return NULL;
            }
            cur++;
            skip_spaces(&cur);
            if (bitmap_parse_number(str, &cur, max_bit, &last) < 0)
                return NULL;
            if (last < first) {
                mv_report_error(VIR_ERR_INVALID_ARG,
                                "invalid bitmap '%s': range %zu-%zu is reversed",
                                str, first, last);
                return NULL;
            }
            skip_spaces(&cur);
        }

        for (bit = first; bit <= last; bit++) {
            if (negate)
                mv_bitmap_clear(map, bit);
            else
                mv_bitmap_set(map, bit);
        }

        if (*cur == ',') {
            cur++;
            skip_spaces(&cur);
        } else if (*cur) {
            mv_report_error(VIR_ERR_INVALID_ARG,
                            "invalid bitmap '%s': unexpected '%s'", str, cur);
            return NULL;
        }
    }

    return g_steal_pointer(&map);
}

char *
mv_bitmap_format(const MvBitmap *map)
{
    g_autoptr(GString) out = g_string_new("");
    ssize_t start = mv_bitmap_next_set(map, -1);

    while (start >= 0) {
        ssize_t end = start;
        ssize_t next;

        while ((next = mv_bitmap_next_set(map, end)) == end + 1)
            end = next;

        if (out->len)
            g_string_append_c(out, ',');
        if (end == start)
            g_string_append_printf(out, "%zd", start);
        else
            g_string_append_printf(out, "%zd-%zd", start, end);
        start = next;
    }

    return g_string_free(g_steal_pointer(&out), FALSE);
}
