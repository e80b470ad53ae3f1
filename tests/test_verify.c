/* test_verify.c - the verifier and the figures on hand-made plans of
 * tests/data/verify_school.yaml: a clean plan with figures worked out by
 * hand, then one plan broken per rule of SPEC section 3, each failing with
 * exactly the expected message. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/plan_lines.h"
#include "support/testing.h"
#include "solver/verify.h"

#define SCHOOL "verify_school.yaml"

static void assert_hours(double actual, double expected)
{
    if (fabs(actual - expected) > 1e-9)
        fail_msg("expected %.10g, got %.10g", expected, actual);
}

static int pupil_index(const tap_school *s, const char *id)
{
    int p = tap_school_find_pupil(s, id);
    assert_true(p >= 0);
    return p;
}

static int staff_index(const tap_school *s, const char *id)
{
    int a = tap_school_find_staff(s, id);
    assert_true(a >= 0);
    return a;
}

/* Runs verify and returns its messages; fails the test when it reports a
 * number of violations different from the diagnostics it added. */
static int run_verify(const tap_school *s, const tap_plan *plan, const tap_figures *reported, tap_diags *diags)
{
    int n = tap_verify(s, plan, reported, "plan.json", diags);
    assert_true(n >= 0);
    assert_int_equal(n, diags->n_items);
    return n;
}

static void print_diags(const tap_diags *diags)
{
    for (int i = 0; i < diags->n_items; i++)
        print_message("    got: %s\n", diags->items[i].message);
}

/*
 * The clean plan (tests/support/plan_lines.h), worked out by hand. Lessons
 * are 1 h, LUNCH 0.5 h, the mean lesson length 1 h.
 *
 * A1 (ehcp): in class Mon P1 maths + Tue P1 english = 2 of 3 h; speech on
 *   Mon only = 1 of 2; LUNCH needed Mon+Tue = 0.5 + 0.5 = 1 h, covered
 *   Mon+Tue = 1 h. Shortfall = (3 - 2) + (2 - 1) x 1 + (1 - 1) = 2.
 *   Adults: TA-Hughes only.
 * A2 (sen_support): in class Tue P2 maths = 1 of 2 h; speech 1 of 1;
 *   numeracy 0 of 1. Shortfall = (2 - 1) + (0 + 1) x 1 = 2.
 *   Adults: TA-Hughes (Mon P2 session), TA-Khan (Tue P2).
 * A3: no plan, not listed.
 * B1 (ehcp): in class Mon P1 english = 1 of 1 h; speech Mon P3 = 1 of 1;
 *   LUNCH Mon needed 0.5, covered 0.5. Shortfall 0. Adults: both.
 * Statutory = 2 + 0 = 2; SEN support = 2.
 * TA-Hughes: contact 1 + 1 + 0.5 + 1 + 0.5 = 4 h, planning 1 slot (1 h),
 *   cost 6 x 15 = 90. TA-Khan: contact 1 + 1 + 1 = 3 h, planning 1 (1 h),
 *   cost 5 x 12 = 60. TA-New: optional, no assignment, not employed.
 * Weekly cost 150, annual 150 x 39 = 5850, funded 6 + 5 = 11 h, reaching
 *   pupils 4 + 3 = 7 h, unallocated 11 - 7 - 2 = 2 h, strength withdrawals 0.
 */
static void test_clean_plan_passes_with_hand_computed_figures(void **state)
{
    (void)state;
    tap_school *s = test_load_school(SCHOOL);
    tap_plan *plan = plan_lines_build(s, plan_lines_clean);
    tap_diags diags = {0};
    int n = run_verify(s, plan, NULL, &diags);
    if (n != 0)
        print_diags(&diags);
    assert_int_equal(n, 0);

    tap_figures *f = NULL;
    assert_int_equal(tap_figures_compute(s, plan, &f), TAP_OK);
    const tap_pupil_figures *a1 = &f->pupils[pupil_index(s, "A1")];
    assert_true(a1->listed);
    assert_hours(a1->in_class_entitled, 3);
    assert_hours(a1->in_class_delivered, 2);
    assert_int_equal(a1->n_interventions, 1);
    assert_int_equal(a1->interventions[0].entitled, 2);
    assert_int_equal(a1->interventions[0].delivered, 1);
    assert_hours(a1->unstructured_needed, 1);
    assert_hours(a1->unstructured_covered, 1);
    assert_hours(a1->shortfall_hours, 2);
    assert_int_equal(a1->n_adults, 1);
    assert_int_equal(a1->adults[0], staff_index(s, "TA-Hughes"));
    assert_int_equal(a1->strength_withdrawals, 0);
    assert_hours(a1->strength_support_hours, 0);

    const tap_pupil_figures *a2 = &f->pupils[pupil_index(s, "A2")];
    assert_true(a2->listed);
    assert_hours(a2->in_class_delivered, 1);
    assert_int_equal(a2->n_interventions, 2);
    assert_int_equal(a2->interventions[0].delivered, 1); /* speech */
    assert_int_equal(a2->interventions[1].delivered, 0); /* numeracy */
    assert_hours(a2->unstructured_needed, 0);
    assert_hours(a2->shortfall_hours, 2);
    assert_int_equal(a2->n_adults, 2);

    assert_false(f->pupils[pupil_index(s, "A3")].listed);

    const tap_pupil_figures *b1 = &f->pupils[pupil_index(s, "B1")];
    assert_hours(b1->in_class_delivered, 1);
    assert_int_equal(b1->interventions[0].delivered, 1);
    assert_hours(b1->unstructured_needed, 0.5);
    assert_hours(b1->unstructured_covered, 0.5);
    assert_hours(b1->shortfall_hours, 0);
    assert_int_equal(b1->n_adults, 2);

    const tap_staff_figures *hughes = &f->staff[staff_index(s, "TA-Hughes")];
    assert_true(hughes->employed);
    assert_hours(hughes->contract_hours, 6);
    assert_hours(hughes->contact_hours, 4);
    assert_int_equal(hughes->planning_slots, 1);
    assert_hours(hughes->planning_hours, 1);
    assert_hours(hughes->weekly_cost, 90);
    const tap_staff_figures *khan = &f->staff[staff_index(s, "TA-Khan")];
    assert_hours(khan->contact_hours, 3);
    assert_hours(khan->weekly_cost, 60);
    const tap_staff_figures *hire = &f->staff[staff_index(s, "TA-New")];
    assert_false(hire->employed);
    assert_hours(hire->contract_hours, 0);
    assert_hours(hire->weekly_cost, 0);

    assert_hours(f->summary.statutory_shortfall_hours, 2);
    assert_hours(f->summary.sen_support_shortfall_hours, 2);
    assert_hours(f->summary.weekly_cost, 150);
    assert_hours(f->summary.annual_cost, 5850);
    assert_hours(f->summary.funded_hours, 11);
    assert_hours(f->summary.hours_reaching_pupils, 7);
    assert_hours(f->summary.unallocated_hours, 2);
    assert_int_equal(f->summary.strength_withdrawals, 0);

    /* The figures it implies are, of course, the ones it reports. */
    assert_int_equal(run_verify(s, plan, f, &diags), 0);

    tap_diags_clear(&diags);
    tap_figures_destroy(&f);
    tap_plan_destroy(&plan);
    tap_school_destroy(&s);
}

static void soft_strengths(tap_school *s)
{
    s->policy.strengths = TAP_STRENGTHS_SOFT;
}

static void one_adult_per_pupil(tap_school *s)
{
    s->policy.max_adults_per_pupil = 1;
}

static void budget_100(tap_school *s)
{
    s->budget.weekly = 100;
}

static void budget_200(tap_school *s)
{
    s->budget.weekly = 200;
}

typedef struct {
    const char *rule;
    const char *remove;  /* "STAFF DAY SLOT" taken out of the clean plan, or NULL */
    const char *add[3];  /* lines added to it */
    void (*adjust)(tap_school *);
    const char *expected[3];
} broken_case;

/* Each case changes the clean plan so that exactly one rule breaks (the
 * comments say why nothing else does). */
static const broken_case broken_cases[] = {
    {"one thing at a time", NULL, {"TA-Khan Mon P1 planning"}, NULL,
     {"TA-Khan Mon P1: two assignments at once (in_class, planning)"}},
    {"availability", NULL, {"TA-Hughes Tue P3 planning"}, NULL, {"TA-Hughes Tue P3: unavailable"}},
    {"in_class only in lessons", NULL, {"TA-Khan Tue LUNCH in_class group=4A subject=maths pupils=A2"}, NULL,
     {"TA-Khan Tue LUNCH: in_class at a slot that is not a lesson"}},
    {"in_class subject", "TA-Khan Tue P2", {"TA-Khan Tue P2 in_class group=4A subject=english pupils=A2"}, NULL,
     {"TA-Khan Tue P2: 4A has maths then, not english"}},
    {"in_class needs a lesson", NULL, {"TA-Khan Tue P3 in_class group=4B subject=english pupils=B1"}, NULL,
     {"TA-Khan Tue P3: 4B has no lesson then"}},
    {"in_class group members", "TA-Khan Mon P1", {"TA-Khan Mon P1 in_class group=4B subject=english pupils=A2,B1"},
     NULL, {"TA-Khan Mon P1: A2 is not in 4B"}},
    /* A1 is one-to-one (1), A2 in pairs (1/2). */
    {"in_class ratio", "TA-Hughes Mon P1", {"TA-Hughes Mon P1 in_class group=4A subject=maths pupils=A1,A2"}, NULL,
     {"TA-Hughes Mon P1: more pupils than one adult may support (shares 1/ratio add up to 1.5)"}},
    {"a pupil listed twice", "TA-Khan Tue P2", {"TA-Khan Tue P2 in_class group=4A subject=maths pupils=A2,A2"}, NULL,
     {"TA-Khan Tue P2: A2 listed more than once"}},
    {"sessions only in lessons", NULL, {"TA-Khan Tue LUNCH intervention programme=speech pupils=A2"}, NULL,
     {"TA-Khan Tue LUNCH: intervention at a slot that is not a lesson"}},
    /* TA-New is a hire: 150 + 4 x 14 = 206 stays within the 250 budget. */
    {"programme skill", NULL, {"TA-New Tue P3 intervention programme=speech pupils=A2 withdrawn=A2:4A:music"}, NULL,
     {"TA-New Tue P3: lacks speech_language, needed to run speech"}},
    {"session size", "TA-Hughes Mon P2",
     {"TA-Hughes Mon P2 intervention programme=speech pupils=A1,A2,A3 "
      "withdrawn=A1:4A:english,A2:4A:english,A3:4A:english"},
     NULL, {"TA-Hughes Mon P2: 3 pupils in a speech session (at most 2)"}},
    {"withdrawn_from wrong lesson", "TA-Hughes Mon P2",
     {"TA-Hughes Mon P2 intervention programme=speech pupils=A1,A2 withdrawn=A1:4A:maths,A2:4A:english"}, NULL,
     {"TA-Hughes Mon P2: withdrawn_from has A1 leaving 4A maths, but A1 is in 4A english then"}},
    {"withdrawn_from omission", "TA-Hughes Mon P2",
     {"TA-Hughes Mon P2 intervention programme=speech pupils=A1,A2 withdrawn=A1:4A:english"}, NULL,
     {"TA-Hughes Mon P2: withdrawn_from omits A2 (in 4A english then)"}},
    {"strength subject (hard)", NULL,
     {"TA-Khan Tue P1 intervention programme=speech pupils=B1 withdrawn=B1:4B:music"}, NULL,
     {"B1 Tue P1: withdrawn from music, a strength subject"}},
    {"subjects_from", NULL, {"TA-Khan Tue P3 intervention programme=numeracy pupils=A2 withdrawn=A2:4A:music"}, NULL,
     {"A2 Tue P3: withdrawn from music, which is not in numeracy's subjects_from"}},
    /* A2 already leaves english on Mon P2. */
    {"withdrawals per subject", NULL,
     {"TA-Khan Tue P1 intervention programme=speech pupils=A2 withdrawn=A2:4A:english"}, NULL,
     {"A2: withdrawn from english 2 times (at most 1)"}},
    {"one session of a programme a day", "TA-Khan Mon P3",
     {"TA-Khan Mon P3 intervention programme=speech pupils=A2,B1 withdrawn=A2:4A:music,B1:4B:maths"}, NULL,
     {"A2 Mon: 2 speech sessions in one day (at most 1)"}},
    {"unstructured only at unstructured slots", NULL, {"TA-Khan Tue P1 unstructured pupils=A2"}, NULL,
     {"TA-Khan Tue P1: unstructured duty at a lesson slot"}},
    /* A1 and B1 cover at ratio 2 (1/2 each); A2 has no unstructured need
     * and counts with the pupil ratio 2. */
    {"unstructured ratio", "TA-Hughes Mon LUNCH", {"TA-Hughes Mon LUNCH unstructured pupils=A1,A2,B1"}, NULL,
     {"TA-Hughes Mon LUNCH: more pupils than one adult may support (shares 1/ratio add up to 1.5)"}},
    {"planning has no pupils", "TA-Khan Mon P2", {"TA-Khan Mon P2 planning pupils=A3"}, NULL,
     {"TA-Khan Mon P2: planning time lists pupils"}},
    {"pupil skills", NULL, {"TA-Khan Tue P3 in_class group=4A subject=music pupils=A1"}, NULL,
     {"TA-Khan Tue P3: A1 needs makaton, which TA-Khan lacks"}},
    {"a pupil in one place", NULL, {"TA-New Tue P2 in_class group=4A subject=maths pupils=A2"}, NULL,
     {"A2 Tue P2: in two places (TA-Khan in_class, TA-New in_class)"}},
    /* 3 h contact + 1 h planning + 1 h + 0.5 h = 5.5 of 5; Tue P3 stays free. */
    {"contracted hours", NULL,
     {"TA-Khan Tue P1 in_class group=4A subject=english pupils=A2", "TA-Khan Tue LUNCH unstructured pupils=A2"}, NULL,
     {"TA-Khan: 5.5 hours of contact and planning (contract 5)"}},
    {"planning time", "TA-Khan Mon P2", {NULL}, NULL, {"TA-Khan: 0 planning slots (at least 1)"}},
    /* P1, P2, LUNCH and P3 all taken on Monday. */
    {"break", NULL, {"TA-Hughes Mon P3 in_class group=4A subject=music pupils=A1"}, NULL,
     {"TA-Hughes Mon: no free slot of at least 20 minutes for a break"}},
    {"continuity", NULL, {NULL}, one_adult_per_pupil,
     {"A2: supported by 2 adults (at most 1)", "B1: supported by 2 adults (at most 1)"}},
    {"budget", NULL, {NULL}, budget_100, {"weekly cost 150 exceeds the budget of 100"}},
    /* Any assignment hires the optional TA-New: 150 + 56 = 206 > 200. */
    {"a hire counts against the budget", NULL, {"TA-New Tue P3 in_class group=4A subject=music pupils=A3"},
     budget_200, {"weekly cost 206 exceeds the budget of 200"}},
    /* Soft strengths: the withdrawal from music is allowed (and counted). */
    {"strength subject (soft)", NULL, {"TA-Khan Tue P1 intervention programme=speech pupils=B1 withdrawn=B1:4B:music"},
     soft_strengths, {NULL}},
};

static void test_each_broken_rule_is_reported(void **state)
{
    (void)state;
    int n_failed = 0;
    for (size_t c = 0; c < sizeof broken_cases / sizeof broken_cases[0]; c++) {
        const broken_case *k = &broken_cases[c];
        tap_school *s = test_load_school(SCHOOL);
        if (k->adjust)
            k->adjust(s);
        tap_plan *plan = plan_lines_build(s, plan_lines_clean);
        if (k->remove)
            plan_lines_remove(s, plan, k->remove);
        for (int i = 0; i < 3 && k->add[i]; i++)
            plan_lines_add(s, plan, k->add[i]);
        tap_plan_sort(plan);

        tap_diags diags = {0};
        run_verify(s, plan, NULL, &diags);
        int n_expected = 0;
        while (n_expected < 3 && k->expected[n_expected])
            n_expected++;
        bool same = diags.n_items == n_expected;
        for (int i = 0; same && i < n_expected; i++)
            same = strcmp(diags.items[i].message, k->expected[i]) == 0;
        if (!same) {
            n_failed++;
            print_message("rule '%s':\n", k->rule);
            for (int i = 0; i < n_expected; i++)
                print_message("    expected: %s\n", k->expected[i]);
            print_diags(&diags);
        }
        tap_diags_clear(&diags);
        tap_plan_destroy(&plan);
        tap_school_destroy(&s);
    }
    assert_int_equal(n_failed, 0);
}

static void test_soft_strength_withdrawal_is_counted(void **state)
{
    (void)state;
    tap_school *s = test_load_school(SCHOOL);
    soft_strengths(s);
    tap_plan *plan = plan_lines_build(s, plan_lines_clean);
    plan_lines_add(s, plan, "TA-Khan Tue P1 intervention programme=speech pupils=B1 withdrawn=B1:4B:music");
    tap_plan_sort(plan);
    tap_figures *f = NULL;
    assert_int_equal(tap_figures_compute(s, plan, &f), TAP_OK);
    const tap_pupil_figures *b1 = &f->pupils[pupil_index(s, "B1")];
    assert_int_equal(b1->strength_withdrawals, 1);
    /* A second session is no gain: the entitlement is one. */
    assert_int_equal(b1->interventions[0].delivered, 1);
    assert_int_equal(f->summary.strength_withdrawals, 1);
    tap_figures_destroy(&f);
    tap_plan_destroy(&plan);
    tap_school_destroy(&s);
}

/* Gains are capped: support beyond an entitlement earns nothing, and a
 * second session on one day counts once. */
static void test_gains_are_capped(void **state)
{
    (void)state;
    tap_school *s = test_load_school(SCHOOL);
    static const char *const lines[] = {
        "TA-Khan Mon P1 in_class group=4B subject=english pupils=B1",
        "TA-Khan Mon P2 in_class group=4B subject=maths pupils=B1",
        "TA-Hughes Mon P1 intervention programme=speech pupils=A1 withdrawn=A1:4A:maths",
        "TA-Hughes Mon P2 intervention programme=speech pupils=A1 withdrawn=A1:4A:english",
        "TA-Hughes Tue P3 in_class group=4A subject=music pupils=A1",
        NULL,
    };
    tap_plan *plan = plan_lines_build(s, lines);
    tap_figures *f = NULL;
    assert_int_equal(tap_figures_compute(s, plan, &f), TAP_OK);
    const tap_pupil_figures *b1 = &f->pupils[pupil_index(s, "B1")];
    assert_hours(b1->in_class_delivered, 1); /* 2 h given, 1 h entitled */
    const tap_pupil_figures *a1 = &f->pupils[pupil_index(s, "A1")];
    assert_int_equal(a1->interventions[0].delivered, 1); /* both on Monday */
    /* Music does not count for A1 (maths and english only), but it is
     * support in a strength subject. */
    assert_hours(a1->in_class_delivered, 0);
    assert_hours(a1->strength_support_hours, 1);
    tap_figures_destroy(&f);
    tap_plan_destroy(&plan);
    tap_school_destroy(&s);
}

static void test_reported_figures_are_compared(void **state)
{
    (void)state;
    tap_school *s = test_load_school(SCHOOL);
    tap_plan *plan = plan_lines_build(s, plan_lines_clean);
    tap_figures *reported = NULL;
    assert_int_equal(tap_figures_compute(s, plan, &reported), TAP_OK);
    reported->summary.funded_hours = 120;
    reported->pupils[pupil_index(s, "A1")].in_class_delivered = 3;
    reported->staff[staff_index(s, "TA-New")].employed = true;
    reported->summary.funded_hours = 120;
    /* within the 1e-4 tolerance: not a difference */
    reported->summary.weekly_cost += 0.00004;
    tap_diags diags = {0};
    assert_int_equal(run_verify(s, plan, reported, &diags), 3);
    assert_string_equal(diags.items[0].message, "A1 in_class.delivered_hours: reported 3, assignments imply 2");
    assert_string_equal(diags.items[1].message, "TA-New employed: reported true, assignments imply false");
    assert_string_equal(diags.items[2].message, "summary.funded_hours: reported 120, assignments imply 11");
    tap_diags_clear(&diags);
    tap_figures_destroy(&reported);
    tap_plan_destroy(&plan);
    tap_school_destroy(&s);
}

/* A plan built in code may point outside the school: reported, not read. */
static void test_out_of_range_index_is_reported(void **state)
{
    (void)state;
    tap_school *s = test_load_school(SCHOOL);
    tap_plan *plan = tap_plan_create();
    assert_non_null(plan);
    int pupils[1] = {s->n_pupils + 5};
    tap_assignment a = {0, 0, 0, TAP_ACT_UNSTRUCTURED, -1, -1, -1, pupils, 1, NULL, 0};
    assert_int_equal(tap_plan_add(plan, &a), TAP_OK);
    tap_diags diags = {0};
    /* TA-Hughes and TA-Khan then have no planning: two more violations. */
    assert_int_equal(run_verify(s, plan, NULL, &diags), 3);
    assert_string_equal(diags.items[0].message, "assignment 0: a pupil is not in the school");
    tap_figures *f = NULL;
    assert_int_equal(tap_figures_compute(s, plan, &f), TAP_OK);
    tap_figures_destroy(&f);
    tap_diags_clear(&diags);
    tap_plan_destroy(&plan);
    tap_school_destroy(&s);
}

/* A pupil listed 200,000 times in one entry is one violation, found in
 * linear time (a plan file may be hostile). */
static void test_huge_pupil_list_is_linear(void **state)
{
    (void)state;
    tap_school *s = test_load_school(SCHOOL);
    tap_plan *plan = plan_lines_build(s, plan_lines_clean);
    enum { N = 200000 };
    int *pupils = malloc(N * sizeof *pupils);
    assert_non_null(pupils);
    for (int i = 0; i < N; i++)
        pupils[i] = pupil_index(s, "A3");
    tap_assignment a = {staff_index(s, "TA-Khan"), 1, 0, TAP_ACT_UNSTRUCTURED, -1, -1, -1, pupils, N, NULL, 0};
    assert_int_equal(tap_plan_add(plan, &a), TAP_OK);
    free(pupils);
    tap_plan_sort(plan);
    tap_diags diags = {0};
    run_verify(s, plan, NULL, &diags);
    assert_int_equal(diags.n_items, 3);
    assert_string_equal(diags.items[0].message, "TA-Khan Tue P1: A3 listed more than once");
    assert_string_equal(diags.items[1].message, "TA-Khan Tue P1: unstructured duty at a lesson slot");
    assert_string_equal(diags.items[2].message,
                        "TA-Khan Tue P1: more pupils than one adult may support (shares 1/ratio add up to 200000)");
    tap_diags_clear(&diags);
    tap_plan_destroy(&plan);
    tap_school_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_plan_passes_with_hand_computed_figures),
        cmocka_unit_test(test_each_broken_rule_is_reported),
        cmocka_unit_test(test_soft_strength_withdrawal_is_counted),
        cmocka_unit_test(test_gains_are_capped),
        cmocka_unit_test(test_reported_figures_are_compared),
        cmocka_unit_test(test_out_of_range_index_is_reported),
        cmocka_unit_test(test_huge_pupil_list_is_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
