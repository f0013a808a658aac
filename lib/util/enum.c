/* Enum <-> string tables, kept next to the enum values they name. */
#include "enum.h"

#include <string.h>

int
mv_enum_from_string(const char *const *names, size_t count, const char *str)
{
    if (!str)
        return -1;
    for (size_t i = 0; i < count; i++) {
        if (names[i] && strcmp(names[i], str) == 0)
            return (int) i;
    }
    return -1;
}

const char *
mv_enum_to_string(const char *const *names, size_t count, int value)
{
    if (value < 0 || (size_t) value >= count)
        return NULL;
    return names[value];
}
