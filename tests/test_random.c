/* test_random.c - the seeded stream: splitmix64 exactly, so generated
 * schools are the same on every platform; draws stay in their ranges. */
#include "base/random.h"
#include "support/testing.h"

/* splitmix64's published first outputs for seed 0. */
static void test_random_stream_is_splitmix64(void **state)
{
    (void)state;
    tap_random random = tap_random_seeded(0);
    assert_true(tap_random_next(&random) == UINT64_C(0xe220a8397b1dcdaf));
    assert_true(tap_random_next(&random) == UINT64_C(0x6e789e6aa1b965f4));
    assert_true(tap_random_next(&random) == UINT64_C(0x06c45d188009454f));
    for (int i = 0; i < 1000; i++) {
        int value = tap_random_between(&random, 3, 7);
        assert_true(value >= 3 && value <= 7);
    }
}

/* Every value of a small range turns up, and no other. */
static void test_draws_cover_their_range(void **state)
{
    (void)state;
    tap_random random = tap_random_seeded(7);
    int seen[6] = {0};
    for (int i = 0; i < 600; i++) {
        int value = tap_random_below(&random, 6);
        assert_true(value >= 0 && value < 6);
        seen[value]++;
    }
    for (int v = 0; v < 6; v++)
        assert_true(seen[v] > 50);
    assert_int_equal(tap_random_below(&random, 0), 0);
    assert_int_equal(tap_random_between(&random, 4, 4), 4);
    int yes = 0;
    for (int i = 0; i < 1000; i++)
        yes += tap_random_chance(&random, 250);
    assert_true(yes > 180 && yes < 320);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_stream_is_splitmix64),
        cmocka_unit_test(test_draws_cover_their_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
