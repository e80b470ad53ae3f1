/* test_contract.c - contracted hours in whole slots: the rows of the
 * hull worked out by hand, and what they tell the LP of a school. */
#include <math.h>

#include "model/contract.h"
#include "model/formulation.h"
#include "solver/glpk_backend.h"
#include "support/testing.h"

static void assert_row(const tap_contract_row *row, long per_long, long per_other, long rhs)
{
    assert_int_equal(row->per_long, per_long);
    assert_int_equal(row->per_other, per_other);
    assert_int_equal(row->rhs, rhs);
}

/* 25 h, 25 lessons of 60 minutes, five lunches of 40. Whole lessons left
 * after k lunches: 25, 24, 23, 23, 22, 21. The hull's first edge, from 0
 * to 3 lunches, is the contract row itself (3n + 2k <= 75); the second,
 * from (3, 23) to (5, 21), is n + k <= 26, which the LP's 21 2/3 lessons
 * beside five lunches break. */
static void test_lessons_and_lunches(void **state)
{
    (void)state;
    tap_contract_row rows[4];
    assert_int_equal(tap_contract_rows(60, 25, 40, 5, 1500, rows, 4), 1);
    assert_row(&rows[0], 1, 1, 26);
}

/* 27.5 h, 30 slots of 60 minutes, five breaks of 15. Whole slots after k
 * breaks: 27, 27, 27, 26, 26, 26. Edges: n <= 27 (the LP had 27.5), and
 * from (2, 27) to (5, 26), 3n + k <= 83 (the LP had 26.25 beside five
 * breaks, 83.75). */
static void test_slots_and_breaks(void **state)
{
    (void)state;
    tap_contract_row rows[4];
    assert_int_equal(tap_contract_rows(60, 30, 15, 5, 1650, rows, 4), 2);
    assert_row(&rows[0], 1, 0, 27);
    assert_row(&rows[1], 3, 1, 83);
    /* no more than asked for */
    assert_int_equal(tap_contract_rows(60, 30, 15, 5, 1650, rows, 1), 1);
    assert_row(&rows[0], 1, 0, 27);
}

/* One length only: the contract in whole slots, when it ends inside one
 * and the adult has more slots than that. */
static void test_one_length(void **state)
{
    (void)state;
    tap_contract_row rows[2];
    assert_int_equal(tap_contract_rows(60, 30, 40, 0, 1650, rows, 2), 1);
    assert_row(&rows[0], 1, 0, 27);
    assert_int_equal(tap_contract_rows(60, 30, 40, 0, 1620, rows, 2), 0); /* 27 h: whole already */
    assert_int_equal(tap_contract_rows(60, 20, 40, 0, 1650, rows, 2), 0); /* 20 slots bind first */
}

/* 100 minutes and no lessons: two 40-minute lunches, not two and a half. */
static void test_no_room_for_another(void **state)
{
    (void)state;
    tap_contract_row rows[2];
    assert_int_equal(tap_contract_rows(60, 0, 40, 5, 100, rows, 2), 1);
    assert_row(&rows[0], 0, 1, 2);
}

/* Where every corner of the staircase lies on the contract row, the LP
 * has nothing to cut: half-hour slots beside hours, or three 20-minute
 * breaks (24 lessons, then 24 1/3 by the row, floor 24). */
static void test_nothing_to_cut(void **state)
{
    (void)state;
    tap_contract_row rows[2];
    assert_int_equal(tap_contract_rows(60, 25, 30, 10, 1500, rows, 2), 0);
    assert_int_equal(tap_contract_rows(60, 25, 20, 3, 1500, rows, 2), 0);
}

/* Over a grid of lengths, counts and contracts: every row holds at every
 * week of whole slots the contract allows, and each row is met exactly
 * by one of them (a row no week reaches could be tighter, and a row a
 * week breaks would forbid a legal plan). */
static void test_rows_hold_and_touch(void **state)
{
    (void)state;
    const int longs[] = {45, 60}, others[] = {15, 20, 30, 40, 60, 75};
    const int n_longs[] = {0, 5, 25}, n_others[] = {0, 1, 5};
    const long contracts[] = {0, 100, 1350, 1500, 1650, 1950};
    int n_checked = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 6; j++)
            for (int l = 0; l < 3; l++)
                for (int o = 0; o < 3; o++)
                    for (int c = 0; c < 6; c++) {
                        tap_contract_row rows[8];
                        int n_rows = tap_contract_rows(longs[i], n_longs[l], others[j], n_others[o], contracts[c], rows, 8);
                        for (int r = 0; r < n_rows; r++, n_checked++) {
                            bool touched = false;
                            for (long n = 0; n <= n_longs[l]; n++)
                                for (long k = 0; k <= n_others[o]; k++) {
                                    if (n * longs[i] + k * others[j] > contracts[c])
                                        continue;
                                    long lhs = rows[r].per_long * n + rows[r].per_other * k;
                                    assert_true(lhs <= rows[r].rhs);
                                    touched |= lhs == rows[r].rhs;
                                }
                            assert_true(touched);
                        }
                    }
    assert_true(n_checked > 20); /* the grid does reach rows */
}

/* contract_lunch.yaml: the LP relaxation of the statutory model, no cuts,
 * is the minimum itself: two lessons, 1 2/3 h short (without the row,
 * 7/6 h: all 150 minutes spent). */
static void test_school_lp_knows_whole_slots(void **state)
{
    (void)state;
    tap_school *school = test_load_school("contract_lunch.yaml");
    tap_model_options options = tap_model_defaults();
    options.statutory_only = true;
    tap_model *model = NULL;
    tap_diags diags = {0};
    assert_int_equal(tap_model_build_with(school, &options, &model, &diags), TAP_OK);
    double bound = 0.0;
    assert_int_equal(tap_glpk_cut_bound(&model->mip, -HUGE_VAL, 10.0, &bound), TAP_OK);
    assert_true(fabs(bound - 5.0 / 3.0) < 1e-6);
    tap_model_destroy(&model);
    tap_school_destroy(&school);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lessons_and_lunches),
        cmocka_unit_test(test_slots_and_breaks),
        cmocka_unit_test(test_one_length),
        cmocka_unit_test(test_no_room_for_another),
        cmocka_unit_test(test_nothing_to_cut),
        cmocka_unit_test(test_rows_hold_and_touch),
        cmocka_unit_test(test_school_lp_knows_whole_slots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
