/* Tests of lib/util/enum: the string tables that XML names come from. */
#include "util/enum.h"

typedef enum {
    FRUIT_APPLE,
    FRUIT_PEAR,
    FRUIT_LAST,
} Fruit;

MV_ENUM_DECL(fruit);
MV_ENUM_IMPL(fruit, FRUIT_LAST, "apple", "pear");

static void
test_round_trip(void)
{
    g_assert_cmpstr(fruit_to_string(FRUIT_PEAR), ==, "pear");
    g_assert_cmpint(fruit_from_string("apple"), ==, FRUIT_APPLE);
}

static void
test_bad_values(void)
{
    g_assert_null(fruit_to_string(FRUIT_LAST));
    g_assert_null(fruit_to_string(-1));
    g_assert_cmpint(fruit_from_string("Apple"), ==, -1);
    g_assert_cmpint(fruit_from_string(""), ==, -1);
    g_assert_cmpint(fruit_from_string(NULL), ==, -1);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/util/enum/round-trip", test_round_trip);
    g_test_add_func("/util/enum/bad-values", test_bad_values);
    return g_test_run();
}
