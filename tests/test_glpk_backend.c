/* test_glpk_backend.c - the bridge to GLPK, on models small enough to
 * work out by hand: the lower bound that Gomory cuts give. */
#include <math.h>

#include "solver/glpk_backend.h"
#include "support/testing.h"

/* Three binaries, any two of which conflict: minimise 3 - x1 - x2 - x3.
 * The LP sets each to a half (1.5); a plan takes one (2). One round of
 * Gomory cuts over the integer slacks of the three rows closes it. */
static void test_cuts_close_a_triangle(void **state)
{
    (void)state;
    tap_mip mip;
    tap_mip_init(&mip);
    mip.offset = 3.0;
    int x[3];
    for (int j = 0; j < 3; j++)
        x[j] = tap_mip_col(&mip, TAP_COL_BINARY, 0.0, 1.0, -1.0, "x%d", j + 1);
    for (int j = 0; j < 3; j++) {
        tap_mip_row_begin(&mip, "conflict%d", j + 1);
        tap_mip_row_add(&mip, x[j], 1.0);
        tap_mip_row_add(&mip, x[(j + 1) % 3], 1.0);
        tap_mip_row_end(&mip, -HUGE_VAL, 1.0);
    }
    assert_false(mip.failed);
    double bound = 0.0;
    assert_int_equal(tap_glpk_cut_bound(&mip, 2.0, 10.0, &bound), TAP_OK);
    assert_true(fabs(bound - 2.0) < 1e-6);
    /* a plan worse than the optimum as the target: the bound stays valid */
    assert_int_equal(tap_glpk_cut_bound(&mip, 3.0, 10.0, &bound), TAP_OK);
    assert_true(fabs(bound - 2.0) < 1e-6);
    tap_mip_release(&mip);
}

/* A row with no integer in its range: no plan, and no bound claimed
 * beyond what the column bounds give. */
static void test_no_integer_in_a_row(void **state)
{
    (void)state;
    tap_mip mip;
    tap_mip_init(&mip);
    int y = tap_mip_col(&mip, TAP_COL_BINARY, 0.0, 1.0, 1.0, "y");
    tap_mip_row_begin(&mip, "half");
    tap_mip_row_add(&mip, y, 1.0);
    tap_mip_row_end(&mip, 0.25, 0.75);
    double bound = -1.0;
    assert_int_equal(tap_glpk_cut_bound(&mip, 1.0, 10.0, &bound), TAP_ESOLVER);
    tap_mip_release(&mip);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cuts_close_a_triangle),
        cmocka_unit_test(test_no_integer_in_a_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
