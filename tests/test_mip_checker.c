/* test_mip_checker.c - the check by columns says what the check row by
 * row says, and a plan's listed columns give its objective to the last
 * bit: on a small program worked out by hand, and on every column of an
 * example school's plan flipped in turn. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "model/formulation.h"
#include "model/mip_checker.h"
#include "solver/greedy.h"
#include "solver/solution.h"
#include "support/testing.h"

/* b1, b2 binary (costs 2 and 3), c continuous in [0, 5] (cost 1), f
 * binary fixed at 1 (cost 0.5); rows
 *   r0: b1 + b2 <= 1
 *   r1: c + 2 b1 >= 1      (not met at zero)
 *   r2: b2 - c <= 0 */
typedef struct {
    tap_mip mip;
    int r0, r1, r2;
} small;

static void build_small(small *p)
{
    tap_mip_init(&p->mip);
    int b1 = tap_mip_col(&p->mip, TAP_COL_BINARY, 0.0, 1.0, 2.0, "b1");
    int b2 = tap_mip_col(&p->mip, TAP_COL_BINARY, 0.0, 1.0, 3.0, "b2");
    int c = tap_mip_col(&p->mip, TAP_COL_CONTINUOUS, 0.0, 5.0, 1.0, "c");
    tap_mip_col(&p->mip, TAP_COL_BINARY, 1.0, 1.0, 0.5, "f");
    tap_mip_row_begin(&p->mip, "r0");
    tap_mip_row_add(&p->mip, b1, 1.0);
    tap_mip_row_add(&p->mip, b2, 1.0);
    p->r0 = tap_mip_row_end(&p->mip, -HUGE_VAL, 1.0);
    tap_mip_row_begin(&p->mip, "r1");
    tap_mip_row_add(&p->mip, c, 1.0);
    tap_mip_row_add(&p->mip, b1, 2.0);
    p->r1 = tap_mip_row_end(&p->mip, 1.0, HUGE_VAL);
    tap_mip_row_begin(&p->mip, "r2");
    tap_mip_row_add(&p->mip, b2, 1.0);
    tap_mip_row_add(&p->mip, c, -1.0);
    p->r2 = tap_mip_row_end(&p->mip, -HUGE_VAL, 0.0);
    assert_false(p->mip.failed);
    assert_int_equal(p->mip.n_rows, 3);
}

/* Every column where x is not 0, ascending, into listed; with `all`,
 * every column (the zeros listed too, which the checker must pass over). */
static int list_columns(const double *x, int n, bool all, int *listed)
{
    int n_listed = 0;
    for (int j = 0; j < n; j++)
        if (all || x[j] != 0.0)
            listed[n_listed++] = j;
    return n_listed;
}

/* Checks x both ways, by columns from the list of its nonzero columns and
 * again from the list of all columns: the same answer each time, and the
 * objective from the list equal to tap_mip_objective's to the last bit;
 * it is returned, and *bad_row is the checker's. */
static bool check_both(const tap_mip_checker *checker, tap_mip_scratch *scratch, const double *x, int *bad_row,
                       double *objective)
{
    const tap_mip *mip = checker->mip;
    int *listed = malloc(((size_t)mip->n_cols + 1) * sizeof *listed);
    assert_non_null(listed);
    int by_rows_bad = -1;
    bool by_rows = tap_mip_feasible(mip, x, 1e-6, &by_rows_bad);
    int n_listed = list_columns(x, mip->n_cols, true, listed);
    int all_bad = -2;
    assert_int_equal(tap_mip_checker_feasible(checker, scratch, x, listed, n_listed, 1e-6, &all_bad), by_rows);
    n_listed = list_columns(x, mip->n_cols, false, listed);
    bool by_columns = tap_mip_checker_feasible(checker, scratch, x, listed, n_listed, 1e-6, bad_row);
    assert_int_equal(by_columns, by_rows);
    assert_int_equal(all_bad, *bad_row);
    *objective = tap_mip_listed_objective(mip, x, listed, n_listed);
    double sum = tap_mip_objective(mip, x);
    assert_true(*objective == sum || (isnan(*objective) && isnan(sum)));
    free(listed);
    return by_columns;
}

static void test_small_program(void **state)
{
    (void)state;
    small p;
    build_small(&p);
    tap_mip_checker checker;
    tap_mip_scratch scratch;
    assert_int_equal(tap_mip_checker_build(&p.mip, &checker), TAP_OK);
    assert_int_equal(tap_mip_scratch_init(&p.mip, &scratch), TAP_OK);
    int bad = 0;
    double objective = 0.0;

    /* b1 and f: every row met; 2 + 0.5 */
    assert_true(check_both(&checker, &scratch, (double[]){1, 0, 0, 1}, &bad, &objective));
    assert_int_equal(bad, -1);
    assert_true(objective == 2.5);
    /* only f: r1 is 0 < 1, though no nonzero column enters it */
    assert_false(check_both(&checker, &scratch, (double[]){0, 0, 0, 1}, &bad, &objective));
    assert_int_equal(bad, p.r1);
    assert_true(objective == 0.5);
    /* b1 and b2: r0 is 2 */
    assert_false(check_both(&checker, &scratch, (double[]){1, 1, 1, 1}, &bad, &objective));
    assert_int_equal(bad, p.r0);
    /* b2 with c = 1: r1 = 1 and r2 = 0, both on their bounds; 3 + 1 + 0.5 */
    assert_true(check_both(&checker, &scratch, (double[]){0, 1, 1, 1}, &bad, &objective));
    assert_true(objective == 4.5);
    /* b2 with c = 0.5: r2 = 0.5 > 0 */
    assert_false(check_both(&checker, &scratch, (double[]){0, 1, 0.5, 1}, &bad, &objective));
    assert_int_equal(bad, p.r2);
    /* column bounds: f at 0, a fractional binary, c above 5, not a number */
    assert_false(check_both(&checker, &scratch, (double[]){1, 0, 0, 0}, &bad, &objective));
    assert_int_equal(bad, -1);
    assert_false(check_both(&checker, &scratch, (double[]){0.5, 0, 1, 1}, &bad, &objective));
    assert_false(check_both(&checker, &scratch, (double[]){0, 0, 6, 1}, &bad, &objective));
    assert_false(check_both(&checker, &scratch, (double[]){0, 0, NAN, 1}, &bad, &objective));
    /* within the tolerance, as row by row */
    assert_true(check_both(&checker, &scratch, (double[]){0, 1, 1 - 5e-7, 1}, &bad, &objective));

    /* the marks wrap round: the next check starts them again */
    scratch.stamp = UINT_MAX;
    assert_false(check_both(&checker, &scratch, (double[]){0, 0, 0, 1}, &bad, &objective));
    assert_int_equal(bad, p.r1);
    assert_true(check_both(&checker, &scratch, (double[]){1, 0, 0, 1}, &bad, &objective));

    tap_mip_scratch_release(&scratch);
    tap_mip_checker_release(&checker);
    tap_mip_release(&p.mip);
}

/* Oakfield's whole model and the greedy's plan for it: the plan passes,
 * and with any one column changed (a binary flipped, a continuous column
 * moved by a unit) both checks agree, and so do the objectives to the
 * last bit. Most changes break a row: this is where a row the checker
 * missed, or one it reached from a column but not from another, shows. */
static void test_every_column_of_a_plan(void **state)
{
    (void)state;
    tap_school *school = test_load_school("../../inputs/oakfield-primary.yaml");
    tap_diags diags = {0};
    tap_model *model = NULL;
    assert_int_equal(tap_model_build(school, &model, &diags), TAP_OK);
    tap_plan *plan = tap_plan_create();
    assert_int_equal(tap_greedy_plan(school, NULL, TAP_PLAN_NONE, true, false, plan), TAP_OK);
    int n = model->mip.n_cols, left_out = 0;
    double *x = calloc((size_t)n, sizeof *x), *whole = malloc((size_t)n * sizeof *whole);
    int *listed = malloc((size_t)n * sizeof *listed), n_listed = 0;
    assert_non_null(x);
    assert_non_null(whole);
    assert_non_null(listed);
    assert_true(tap_solution_from_plan_listed(model, plan, x, &left_out, listed, &n_listed));
    assert_int_equal(left_out, 0);
    /* the same columns as without the list, to the last bit */
    for (int j = 0; j < n; j++)
        whole[j] = 7.0; /* cleared by tap_solution_from_plan */
    assert_true(tap_solution_from_plan(model, plan, whole, &left_out));
    assert_memory_equal(x, whole, (size_t)n * sizeof *x);
    /* the plan's list: ascending, and every column it sets is in it */
    int n_nonzero = 0;
    for (int k = 0; k < n_listed; k++) {
        assert_true(k == 0 || listed[k] > listed[k - 1]);
        n_nonzero += x[listed[k]] != 0.0;
    }
    for (int j = 0; j < n; j++)
        n_nonzero -= x[j] != 0.0;
    assert_int_equal(n_nonzero, 0);
    assert_true(n_listed < n / 4); /* the point of the list */

    tap_mip_checker checker;
    tap_mip_scratch scratch;
    assert_int_equal(tap_mip_checker_build(&model->mip, &checker), TAP_OK);
    assert_int_equal(tap_mip_scratch_init(&model->mip, &scratch), TAP_OK);
    int bad = 0, n_broken = 0;
    double objective = 0.0;
    assert_true(check_both(&checker, &scratch, x, &bad, &objective));
    for (int j = 0; j < n; j++) {
        double keep = x[j];
        x[j] = model->mip.cols[j].kind == TAP_COL_BINARY ? 1.0 - keep : keep + 1.0;
        n_broken += !check_both(&checker, &scratch, x, &bad, &objective);
        x[j] = keep;
    }
    assert_true(n_broken > n / 2);
    assert_true(check_both(&checker, &scratch, x, &bad, &objective));

    tap_mip_scratch_release(&scratch);
    tap_mip_checker_release(&checker);
    free(x), free(whole), free(listed);
    tap_plan_destroy(&plan);
    tap_model_destroy(&model);
    tap_school_destroy(&school);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_program),
        cmocka_unit_test(test_every_column_of_a_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
