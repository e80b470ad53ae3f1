/* test_greedy.c - the greedy start, on schools worked out by hand (each
 * file says why): choosing a pupil's adults before placing their support
 * matters when max_adults_per_pupil binds, support and sessions open where
 * others can share them and spare the subjects a pupil's other sessions
 * need, the repair hands support to a free adult to free the one a short
 * pupil needs, a swap trades one of a pupil's adults for another, and a
 * session moves to give a pupil a lesson that counts. Every plan must
 * keep every hard rule, whatever it leaves short. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "solver/greedy.h"
#include "solver/plan_json.h"
#include "solver/verify.h"
#include "support/testing.h"

/* The greedy plan grown from the plan in seed_name (as a replan grows
 * it), or from nothing when seed_name is NULL, with or without swaps,
 * checked by the verifier; the caller frees plan and figures. */
static tap_plan *grow_verified(const tap_school *school, const char *seed_name, bool teams, bool swap,
                               tap_figures **figures)
{
    tap_diags diags = {0};
    tap_plan *seed = NULL;
    tap_figures *reported = NULL;
    if (seed_name)
        assert_int_equal(tap_plan_json_read(school, test_data(seed_name), &seed, &reported, &diags), TAP_OK);
    tap_plan *plan = tap_plan_create();
    assert_non_null(plan);
    assert_int_equal(tap_greedy_plan(school, seed, TAP_PLAN_NONE, teams, swap, plan), TAP_OK);
    assert_int_equal(tap_figures_compute(school, plan, figures), TAP_OK);
    int n_violations = tap_verify(school, plan, *figures, seed_name ? seed_name : "greedy plan", &diags);
    if (n_violations != 0)
        tap_diags_print(&diags, stderr);
    assert_int_equal(n_violations, 0);
    tap_diags_clear(&diags);
    tap_figures_destroy(&reported);
    tap_plan_destroy(&seed);
    return plan;
}

/* The greedy plan's in-class hours for pupil A and its sessions, checked
 * by the verifier. */
static void greedy_figures(bool teams, double *in_class, int *sessions)
{
    tap_school *school = test_load_school("greedy_team.yaml");
    tap_figures *figures = NULL;
    tap_plan *plan = grow_verified(school, NULL, teams, false, &figures);
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

/* Links made as support is placed, then swaps: A, 2 h short with S1 and
 * S2, trades S1 (the first tried; S2 would do as well) for S12, who runs
 * literacy and supports A at P3 and P4: everything delivered. */
static void test_swap_trades_an_adult_for_one_who_gives_more(void **state)
{
    (void)state;
    tap_school *school = test_load_school("greedy_team.yaml");
    tap_figures *figures = NULL;
    tap_plan *plan = grow_verified(school, NULL, false, true, &figures);
    const tap_pupil_figures *a = &figures->pupils[tap_school_find_pupil(school, "A")];
    assert_true(fabs(a->in_class_delivered - 2.0) < 1e-9);
    assert_int_equal(a->interventions[0].delivered + a->interventions[1].delivered, 2);
    assert_int_equal(a->n_adults, 2);
    for (int i = 0; i < a->n_adults; i++)
        assert_true(a->adults[i] == tap_school_find_staff(school, "S2") ||
                    a->adults[i] == tap_school_find_staff(school, "S12"));
    tap_figures_destroy(&figures);
    tap_plan_destroy(&plan);
    tap_school_destroy(&school);
}

/* Grown from a plan where S supports B at P2, in both orders: G takes B
 * over, S runs A's session. */
static void test_repair_frees_the_only_specialist(void **state)
{
    (void)state;
    tap_school *school = test_load_school("greedy_repair.yaml");
    for (int teams = 0; teams < 2; teams++) {
        tap_figures *figures = NULL;
        tap_plan *plan = grow_verified(school, "greedy_repair_seed.json", teams, false, &figures);
        const tap_pupil_figures *a = &figures->pupils[tap_school_find_pupil(school, "A")];
        const tap_pupil_figures *b = &figures->pupils[tap_school_find_pupil(school, "B")];
        assert_int_equal(a->interventions[0].delivered, 1);
        assert_true(fabs(b->in_class_delivered - 1.0) < 1e-9);
        assert_int_equal(b->n_adults, 1);
        assert_int_equal(b->adults[0], tap_school_find_staff(school, "G"));
        assert_int_equal(plan->n_assignments, 2);
        tap_figures_destroy(&figures);
        tap_plan_destroy(&plan);
    }
    tap_school_destroy(&school);
}

/* Grown from a plan where S supports B and M supports C at P2, in both
 * orders: a chain of two hand-overs (C to G, B to M) frees S for A. */
static void test_repair_hands_over_in_a_chain(void **state)
{
    (void)state;
    tap_school *school = test_load_school("greedy_chain.yaml");
    for (int teams = 0; teams < 2; teams++) {
        tap_figures *figures = NULL;
        tap_plan *plan = grow_verified(school, "greedy_chain_seed.json", teams, false, &figures);
        const tap_pupil_figures *a = &figures->pupils[tap_school_find_pupil(school, "A")];
        const tap_pupil_figures *b = &figures->pupils[tap_school_find_pupil(school, "B")];
        const tap_pupil_figures *c = &figures->pupils[tap_school_find_pupil(school, "C")];
        assert_int_equal(a->interventions[0].delivered, 1);
        assert_int_equal(a->adults[0], tap_school_find_staff(school, "S"));
        assert_true(fabs(b->in_class_delivered - 1.0) < 1e-9);
        assert_int_equal(b->n_adults, 1);
        assert_int_equal(b->adults[0], tap_school_find_staff(school, "M"));
        assert_true(fabs(c->in_class_delivered - 1.0) < 1e-9);
        assert_int_equal(c->n_adults, 1);
        assert_int_equal(c->adults[0], tap_school_find_staff(school, "G"));
        assert_int_equal(plan->n_assignments, 3);
        tap_figures_destroy(&figures);
        tap_plan_destroy(&plan);
    }
    tap_school_destroy(&school);
}

/* Grown from a plan where S supports A at P2, the session's only slot:
 * the session takes P2 and the support moves to P1. */
static void test_support_makes_way_for_a_session(void **state)
{
    (void)state;
    tap_school *school = test_load_school("greedy_make_way.yaml");
    for (int teams = 0; teams < 2; teams++) {
        tap_figures *figures = NULL;
        tap_plan *plan = grow_verified(school, "greedy_make_way_seed.json", teams, false, &figures);
        const tap_pupil_figures *a = &figures->pupils[tap_school_find_pupil(school, "A")];
        assert_int_equal(a->interventions[0].delivered, 1);
        assert_true(fabs(a->in_class_delivered - 1.0) < 1e-9);
        assert_int_equal(plan->n_assignments, 2);
        for (int i = 0; i < plan->n_assignments; i++) {
            const tap_assignment *x = &plan->assignments[i];
            assert_int_equal(x->slot, tap_school_find_slot(school, x->activity == TAP_ACT_IN_CLASS ? "P1" : "P2"));
        }
        tap_figures_destroy(&figures);
        tap_plan_destroy(&plan);
    }
    tap_school_destroy(&school);
}

/* Grown from a plan with A's session in English, the last lesson that
 * counts: without the end's moves A stays an hour short in class; with
 * them the session goes to science (P3) and A has English too. */
static void test_session_moves_for_a_lesson(void **state)
{
    (void)state;
    tap_school *school = test_load_school("greedy_move_session.yaml");
    for (int teams = 0; teams < 2; teams++)
        for (int swap = 0; swap < 2; swap++) {
            tap_figures *figures = NULL;
            tap_plan *plan = grow_verified(school, "greedy_move_session_seed.json", teams, swap, &figures);
            const tap_pupil_figures *a = &figures->pupils[tap_school_find_pupil(school, "A")];
            assert_int_equal(a->interventions[0].delivered, 1);
            assert_true(fabs(a->in_class_delivered - (swap ? 2.0 : 1.0)) < 1e-9);
            for (int i = 0; i < plan->n_assignments; i++)
                if (plan->assignments[i].activity == TAP_ACT_INTERVENTION)
                    assert_int_equal(plan->assignments[i].slot, tap_school_find_slot(school, swap ? "P3" : "P2"));
            tap_figures_destroy(&figures);
            tap_plan_destroy(&plan);
        }
    tap_school_destroy(&school);
}

/* In both orders, nothing short and one activity, at P2, for two pupils. */
static void expect_both_at_p2(const char *name)
{
    tap_school *school = test_load_school(name);
    for (int teams = 0; teams < 2; teams++) {
        tap_figures *figures = NULL;
        tap_plan *plan = grow_verified(school, NULL, teams, false, &figures);
        assert_true(fabs(figures->summary.statutory_shortfall_hours) < 1e-9);
        assert_int_equal(plan->n_assignments, 1);
        assert_int_equal(plan->assignments[0].slot, tap_school_find_slot(school, "P2"));
        assert_int_equal(plan->assignments[0].n_pupils, 2);
        tap_figures_destroy(&figures);
        tap_plan_destroy(&plan);
    }
    tap_school_destroy(&school);
}

/* A's one hour goes to English, where B joins: S supports both at P2
 * (taking A's maths at P1 left B an hour short). */
static void test_support_opens_where_a_partner_can_join(void **state)
{
    (void)state;
    expect_both_at_p2("greedy_pairs.yaml");
}

/* A's session opens at P2, where B may be withdrawn too: one session of
 * two (a session at P1 left B without one). */
static void test_session_opens_where_others_can_join(void **state)
{
    (void)state;
    expect_both_at_p2("greedy_sessions.yaml");
}

/* Literacy from English (P2), numeracy from French (P1): both sessions
 * (literacy from French, the first slot, left numeracy nowhere to go). */
static void test_sessions_leave_subjects_other_needs_need(void **state)
{
    (void)state;
    tap_school *school = test_load_school("greedy_withdrawals.yaml");
    for (int teams = 0; teams < 2; teams++) {
        tap_figures *figures = NULL;
        tap_plan *plan = grow_verified(school, NULL, teams, false, &figures);
        assert_true(fabs(figures->summary.statutory_shortfall_hours) < 1e-9);
        assert_int_equal(plan->n_assignments, 2);
        for (int i = 0; i < plan->n_assignments; i++) {
            const tap_assignment *x = &plan->assignments[i];
            const char *programme = x->programme == tap_school_find_programme(school, "lit") ? "P2" : "P1";
            assert_int_equal(x->slot, tap_school_find_slot(school, programme));
        }
        tap_figures_destroy(&figures);
        tap_plan_destroy(&plan);
    }
    tap_school_destroy(&school);
}

/* A seed that leaves an adult nowhere to plan (greedy_planning.yaml): the
 * SEN-support lesson at Mon P2 makes way for TA-P's planning, TA-B takes
 * it over, and P01 keeps TA-P at both maths lessons. */
static void test_a_full_adult_still_plans(void **state)
{
    (void)state;
    tap_school *school = test_load_school("greedy_planning.yaml");
    tap_figures *figures = NULL;
    tap_plan *plan = grow_verified(school, "greedy_planning_seed.json", true, false, &figures);
    int ta_p = tap_school_find_staff(school, "TA-P"), ta_b = tap_school_find_staff(school, "TA-B");
    int mon = tap_school_find_day(school, "Mon"), p1 = tap_school_find_slot(school, "P1"),
        p2 = tap_school_find_slot(school, "P2");
    int seen = 0;
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        if (a->staff == ta_p && a->activity == TAP_ACT_PLANNING) {
            assert_int_equal(a->day, mon);
            assert_int_equal(a->slot, p2);
            seen |= 1;
        }
        if (a->staff == ta_b && a->day == mon && a->slot == p2 && a->activity == TAP_ACT_IN_CLASS)
            seen |= 2;
        if (a->staff == ta_p && a->slot == p1)
            seen += 4; /* both maths lessons stay with TA-P */
    }
    assert_int_equal(seen, 1 + 2 + 8);
    assert_true(fabs(figures->summary.statutory_shortfall_hours) < 1e-9);
    assert_true(fabs(figures->summary.sen_support_shortfall_hours) < 1e-9);
    tap_figures_destroy(&figures);
    tap_plan_destroy(&plan);
    tap_school_destroy(&school);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_team_first_delivers_everything),
        cmocka_unit_test(test_links_as_placed_leave_lessons_short),
        cmocka_unit_test(test_swap_trades_an_adult_for_one_who_gives_more),
        cmocka_unit_test(test_session_moves_for_a_lesson),
        cmocka_unit_test(test_repair_frees_the_only_specialist),
        cmocka_unit_test(test_repair_hands_over_in_a_chain),
        cmocka_unit_test(test_support_makes_way_for_a_session),
        cmocka_unit_test(test_support_opens_where_a_partner_can_join),
        cmocka_unit_test(test_session_opens_where_others_can_join),
        cmocka_unit_test(test_sessions_leave_subjects_other_needs_need),
        cmocka_unit_test(test_a_full_adult_still_plans),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
