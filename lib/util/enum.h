/* Enum <-> string tables, kept next to the enum values they name. */
#pragma once

#include <glib.h>

/* Returns the index of str in names[0..count), or -1. */
int mv_enum_from_string(const char *const *names, size_t count, const char *str);

/* Returns names[value], or NULL when value is out of range. */
const char *mv_enum_to_string(const char *const *names, size_t count, int value);

/* In a header: declares NAME_to_string() and NAME_from_string(). */
#define MV_ENUM_DECL(name) \
    const char *name##_to_string(int value); \
    int name##_from_string(const char *str)

/* In the .c file: the names, in the order of the enum's values; LAST is the
 * enum's _LAST sentinel, so a missing name fails the build. */
#define MV_ENUM_IMPL(name, last, ...) \
    static const char *const name##_names[] = { __VA_ARGS__ }; \
    G_STATIC_ASSERT(G_N_ELEMENTS(name##_names) == (last)); \
    const char *name##_to_string(int value) \
    { \
        return mv_enum_to_string(name##_names, G_N_ELEMENTS(name##_names), value); \
    } \
    int name##_from_string(const char *str) \
    { \
        return mv_enum_from_string(name##_names, G_N_ELEMENTS(name##_names), str); \
    }
