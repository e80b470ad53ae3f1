/* test_glpk_backend.c - the bridge to GLPK, on models small enough to
 * work out by hand: the lower bound that Gomory cuts give, and what the
 * progress line is told. */
#include <math.h>
#include <string.h>
#include <time.h>

#include "solver/glpk_backend.h"
#include "support/testing.h"

/* Three binaries, any two of which conflict: minimise 3 - x1 - x2 - x3.
 * The LP sets each to a half (1.5); a plan takes one (2). One round of
 * Gomory cuts over the integer slacks of the three rows closes it. */
static void triangle(tap_mip *mip)
{
    tap_mip_init(mip);
    mip->offset = 3.0;
    int x[3];
    for (int j = 0; j < 3; j++)
        x[j] = tap_mip_col(mip, TAP_COL_BINARY, 0.0, 1.0, -1.0, "x%d", j + 1);
    for (int j = 0; j < 3; j++) {
        tap_mip_row_begin(mip, "conflict%d", j + 1);
        tap_mip_row_add(mip, x[j], 1.0);
        tap_mip_row_add(mip, x[(j + 1) % 3], 1.0);
        tap_mip_row_end(mip, -HUGE_VAL, 1.0);
    }
    assert_false(mip->failed);
}

static void test_cuts_close_a_triangle(void **state)
{
    (void)state;
    tap_mip mip;
    triangle(&mip);
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

typedef struct {
    int n_reports;
    bool always_a_plan;
    double least_elapsed, least_incumbent, least_bound;
    bool labelled; /* every report named the objective it was given */
} reports;

static void record(void *context, const tap_progress *report)
{
    reports *r = context;
    r->n_reports++;
    r->always_a_plan = r->always_a_plan && report->has_incumbent;
    r->least_elapsed = fmin(r->least_elapsed, report->elapsed_s);
    r->least_incumbent = fmin(r->least_incumbent, report->incumbent);
    r->least_bound = fmin(r->least_bound, report->bound);
    r->labelled = r->labelled && report->objective && !strcmp(report->objective, "statutory hours");
}

/* The progress line belongs to the user's whole solve: its time counts
 * from when that began, a part's held columns are in its figures, and a
 * start counts as the plan in hand before GLPK has taken it up (it said
 * "no plan yet" 14 s into a solve that had one). The triangle's root LP
 * is fractional, so GLPK branches and reports at least once; its optimum
 * is the start's 2, shown as 7 with 5 held; a bound proven before (6.9)
 * is shown while GLPK's own is lower (its root LP gives 1.5, shown as
 * 6.5), and each report names the objective it was given. */
static void test_progress_counts_the_whole_solve(void **state)
{
    (void)state;
    tap_mip mip;
    triangle(&mip);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    const double start[3] = {1.0, 0.0, 0.0};
    reports r = {0, true, HUGE_VAL, HUGE_VAL, HUGE_VAL, true};
    tap_solve_options options = {0};
    options.time_limit_s = 10.0;
    options.start = start;
    options.progress = record;
    options.progress_context = &r;
    options.progress_since = (double)ts.tv_sec + ts.tv_nsec / 1e9 - 100.0;
    options.progress_offset = 5.0;
    options.progress_objective = "statutory hours";
    options.progress_bound = 6.9;
    tap_mip_result result;
    tap_diags diags = {0};
    assert_int_equal(tap_glpk_solve(&mip, &options, &result, &diags), TAP_OK);
    assert_int_equal(result.status, TAP_STATUS_OPTIMAL);
    assert_true(fabs(result.objective - 2.0) < 1e-9);
    assert_true(r.n_reports >= 1);
    assert_true(r.always_a_plan);
    assert_true(r.least_elapsed >= 100.0);
    assert_true(fabs(r.least_incumbent - 7.0) < 1e-9);
    assert_true(r.least_bound >= 6.9 - 1e-9);
    assert_true(r.labelled);
    tap_mip_result_release(&result);
    tap_diags_clear(&diags);
    tap_mip_release(&mip);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cuts_close_a_triangle),
        cmocka_unit_test(test_no_integer_in_a_row),
        cmocka_unit_test(test_progress_counts_the_whole_solve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
