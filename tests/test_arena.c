/* test_arena.c - the arena that owns a school's and a plan's objects:
 * every allocation zeroed, aligned for any type and apart from every
 * other, small ones carved from shared blocks, large ones on their own. */
#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "support/testing.h"

static bool aligned(const void *p)
{
    return (uintptr_t)p % alignof(max_align_t) == 0;
}

/* Many small allocations of odd sizes, then large ones between them:
 * each is zeroed and aligned when handed out, and writing every byte of
 * each leaves every other as it was written. */
static void test_allocations_are_zeroed_aligned_and_apart(void **state)
{
    (void)state;
    tap_arena arena = {0};
    enum { N = 3000 };
    unsigned char *items[N];
    size_t sizes[N];
    size_t total = 0;
    for (int i = 0; i < N; i++) {
        sizes[i] = i % 97 == 0 ? 40000 + (size_t)i : 1 + (size_t)(i * 7) % 61; /* a few larger than a quarter block */
        items[i] = tap_arena_calloc(&arena, sizes[i], 1);
        assert_non_null(items[i]);
        assert_true(aligned(items[i]));
        for (size_t k = 0; k < sizes[i]; k++)
            assert_int_equal(items[i][k], 0);
        memset(items[i], 1 + i % 250, sizes[i]);
        total += sizes[i];
    }
    for (int i = 0; i < N; i++)
        for (size_t k = 0; k < sizes[i]; k++)
            assert_int_equal(items[i][k], 1 + i % 250);
    assert_true(arena.total == total);
    tap_arena_destroy(&arena);
    assert_null(arena.head);
    assert_true(arena.total == 0);
    /* empty again, and usable: memory the allocator hands back from the
     * writes above is zeroed too */
    for (int i = 0; i < N; i++) {
        unsigned char *again = tap_arena_calloc(&arena, sizes[i], 1);
        assert_non_null(again);
        for (size_t k = 0; k < sizes[i]; k++)
            assert_int_equal(again[k], 0);
    }
    tap_arena_destroy(&arena);
}

/* Growing keeps what was there and zeroes the rest; strings are copied
 * whole; a request whose size overflows is refused, not wrapped. */
static void test_grow_copy_and_overflow(void **state)
{
    (void)state;
    tap_arena arena = {0};
    int *numbers = tap_arena_calloc(&arena, 3, sizeof *numbers);
    assert_non_null(numbers);
    numbers[0] = 7, numbers[1] = 8, numbers[2] = 9;
    int *grown = tap_arena_grow(&arena, numbers, 3, 20000, sizeof *grown);
    assert_non_null(grown);
    assert_int_equal(grown[0], 7);
    assert_int_equal(grown[2], 9);
    assert_int_equal(grown[3], 0);
    assert_int_equal(grown[19999], 0);
    char *text = tap_arena_strndup(&arena, "makaton trained", 7);
    assert_string_equal(text, "makaton");
    assert_string_equal(tap_arena_strdup(&arena, "TA-03"), "TA-03");
    assert_null(tap_arena_calloc(&arena, SIZE_MAX / 2, 4));
    assert_null(tap_arena_calloc(&arena, SIZE_MAX, 1));
    tap_arena_destroy(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allocations_are_zeroed_aligned_and_apart),
        cmocka_unit_test(test_grow_copy_and_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
