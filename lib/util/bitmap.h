/* Bitmaps and the CPU-set syntax libvirt's XML uses ("0-3,^2,8"). */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef struct _MvBitmap MvBitmap;

MvBitmap *mv_bitmap_new(size_t nbits);
void mv_bitmap_free(MvBitmap *map);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvBitmap, mv_bitmap_free)

size_t mv_bitmap_size(const MvBitmap *map);
/* Setting a bit beyond the size grows the map. */
void mv_bitmap_set(MvBitmap *map, size_t bit);
void mv_bitmap_clear(MvBitmap *map, size_t bit);
bool mv_bitmap_is_set(const MvBitmap *map, size_t bit);
size_t mv_bitmap_count(const MvBitmap *map);
/* Next set bit after pos (pass -1 to start), or -1. */
ssize_t mv_bitmap_next_set(const MvBitmap *map, ssize_t pos);
bool mv_bitmap_equal(const MvBitmap *a, const MvBitmap *b);

/* Parses "0-3,^2,8"; bits up to max_bit (exclusive) are allowed. Reports
 * VIR_ERR_INVALID_ARG naming the text and the bad part. */
MvBitmap *mv_bitmap_parse(const char *str, size_t max_bit);

/* The shortest ranges form, "0-1,3,8"; "" for an empty map. Caller frees. */
char *mv_bitmap_format(const MvBitmap *map);
