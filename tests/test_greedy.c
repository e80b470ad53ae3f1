/* test_greedy.c - the greedy start, on a school worked out by hand
 * (tests/data/greedy_team.yaml says why): choosing a pupil's adults before
 * placing their support matters when max_adults_per_pupil binds. Both
 * plans must keep every hard rule, whatever they leave short. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "solver/greedy.h"
#include "solver/verify.h"
#include "support/testing.h"

/* The greedy plan's in-class hours for pupil A and its sessions, checked
 * by the verifier. */
static void greedy_figures(bool teams, double *in_class, int *sessions)
{
    tap_school *school = test_load_school("greedy_team.yaml");
    tap_plan *plan = tap_plan_create();
    assert_non_null(plan);
    assert_int_equal(tap_greedy_plan(school, NULL, TAP_PLAN_NONE, teams, plan), TAP_OK);
    tap_figures *figures = NULL;
    assert_int_equal(tap_figures_compute(school, plan, &figures), TAP_OK);
    tap_diags diags = {0};
    int n_violations = tap_verify(school, plan, figures, "greedy_team.yaml", &diags);
    if (n_violations != 0)
        tap_diags_print(&diags, stderr);
    assert_int_equal(n_violations, 0);
    tap_diags_clear(&diags);
    const tap_pupil_figures *a = &figures->pupils[tap_school_find_pupil(school, "A")];
    *in_class = a->in_class_delivered;
    *sessions = 0;
    for (int i = 0; i < a->n_interventions; i++)
        *sessions += a->interventions[i].delivered;
    assert_true(a->n_adults <= 2);
    tap_figures_destroy(&figures);
    tap_plan_destroy(&plan);
    tap_school_destroy(&school);
}

/* S12 runs both sessions and G takes P3 and P4: everything delivered. */
static void test_team_first_delivers_everything(void **state)
{
    (void)state;
    double in_class = 0.0;
    int sessions = 0;
    greedy_figures(true, &in_class, &sessions);
    assert_int_equal(sessions, 2);
    assert_true(fabs(in_class - 2.0) < 1e-9);
}

/* Links made as support is placed go to S1 and S2, who are gone by P3. */
static void test_links_as_placed_leave_lessons_short(void **state)
{
    (void)state;
    double in_class = -1.0;
    int sessions = 0;
    greedy_figures(false, &in_class, &sessions);
    assert_int_equal(sessions, 2);
    assert_true(fabs(in_class) < 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_team_first_delivers_everything),
        cmocka_unit_test(test_links_as_placed_leave_lessons_short),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
