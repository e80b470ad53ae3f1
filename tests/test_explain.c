/* test_explain.c - checked explanations: for each binding reason a tiny
 * school short for exactly that reason (each fixture's comment says why),
 * solved, verified, and explained: the reason named, its numbers, and the
 * change that helps most with what it gives. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver/explain.h"
#include "solver/plan_json.h"
#include "solver/solve.h"
#include "solver/verify.h"
#include "support/testing.h"

#define run test_runf

typedef struct {
    tap_school *school;
    tap_plan *plan;
    tap_arena arena;
    tap_explanation e;
} explained;

static tap_plan *solve_verified(const tap_school *school, const char *name)
{
    tap_solve_settings settings = tap_solve_defaults();
    settings.time_limit_s = 60;
    tap_diags diags = {0};
    tap_plan *plan = NULL;
    assert_int_equal(tap_solve(school, &settings, &plan, NULL, &diags), TAP_OK);
    assert_int_equal(plan->status, TAP_STATUS_OPTIMAL);
    int n_violations = tap_verify(school, plan, NULL, name, &diags);
    if (n_violations != 0)
        tap_diags_print(&diags, stderr);
    assert_int_equal(n_violations, 0);
    tap_diags_clear(&diags);
    return plan;
}

static explained explain_fixture(const char *name, const char *pupil)
{
    explained x = {test_load_school(name), NULL, {0}, {0}};
    x.plan = solve_verified(x.school, name);
    int p = tap_school_find_pupil(x.school, pupil);
    assert_true(p >= 0);
    tap_explain_settings settings = tap_explain_defaults();
    tap_diags diags = {0};
    assert_int_equal(tap_explain_pupil(x.school, x.plan, p, &settings, &x.arena, &x.e, &diags), TAP_OK);
    tap_diags_clear(&diags);
    assert_true(x.e.complete);
    return x;
}

static void release(explained *x)
{
    tap_arena_destroy(&x->arena);
    tap_plan_destroy(&x->plan);
    tap_school_destroy(&x->school);
}

/* Breaks a rule on purpose: the adult of assignment i also plans at its
 * slot, so is in two places at once. */
static void plan_twice(tap_plan *plan, int i)
{
    tap_assignment twice = plan->assignments[i];
    twice.activity = TAP_ACT_PLANNING;
    twice.group = twice.subject = twice.programme = -1;
    twice.n_pupils = twice.n_withdrawn = 0;
    assert_int_equal(tap_plan_add(plan, &twice), TAP_OK);
    tap_plan_sort(plan);
}

/* The explanation of pupil in a plan given as it is (no solve). */
static tap_explanation explain_given(const tap_school *school, const tap_plan *plan, const char *pupil,
                                     tap_arena *arena)
{
    tap_explanation e;
    tap_explain_settings settings = tap_explain_defaults();
    tap_diags diags = {0};
    assert_int_equal(tap_explain_pupil(school, plan, tap_school_find_pupil(school, pupil), &settings, arena, &e, &diags),
                     TAP_OK);
    tap_diags_clear(&diags);
    return e;
}

/* One short part, bound by binds (checked by a re-solve), its text with
 * words, and the change helping most with what it gives. */
static void expect(const explained *x, tap_binding binds, const char *words, const char *change, double hours)
{
    if (x->e.n_parts != 1 || x->e.parts[0].binds != binds)
        fprintf(stderr, "got: %s\n", x->e.summary ? x->e.summary : "(nothing)");
    assert_int_equal(x->e.n_parts, 1);
    assert_int_equal(x->e.parts[0].binds, binds);
    assert_true(x->e.parts[0].checked);
    if (!strstr(x->e.parts[0].text, words))
        fail_msg("'%s' lacks '%s'", x->e.parts[0].text, words);
    assert_non_null(x->e.change);
    if (!strstr(x->e.change, change))
        fail_msg("'%s' lacks '%s'", x->e.change, change);
    assert_true(fabs(x->e.change_hours - hours) < 1e-6);
    assert_non_null(strstr(x->e.summary, x->e.parts[0].text));
}

static void test_skill_nobody_holds(void **state)
{
    (void)state;
    explained x = explain_fixture("solve_skill.yaml", "A");
    /* T also supports B at one of the two lessons, and B keeps it */
    expect(&x, TAP_BINDS_SKILL, "in class 0 of 2 h: needs makaton, and no adult holds it", "training T in makaton",
           1.0);
    release(&x);
}

static void test_skill_held_by_too_few(void **state)
{
    (void)state;
    explained x = explain_fixture("explain_skill.yaml", "A");
    expect(&x, TAP_BINDS_SKILL,
           "only 1 adult holds makaton: M (1 of 10 h used), free at 1 of the 2 slots while A is in a lesson that "
           "counts; other adults are free at 2 of them",
           "training X in makaton, which gives A their whole entitlement (1 h more in class)", 1.0);
    release(&x);
}

static void test_adults_busy(void **state)
{
    (void)state;
    explained x = explain_fixture("explain_busy.yaml", "A");
    expect(&x, TAP_BINDS_BUSY,
           "1 of 3 speech sessions: only 1 slot a week has an adult trained in speech_language free while A is in a "
           "lesson they may be withdrawn from",
           "1 more hour of an adult trained in speech_language on Mon", 1.0);
    release(&x);
}

static void test_strength_protection(void **state)
{
    (void)state;
    explained x = explain_fixture("explain_strengths.yaml", "A");
    expect(&x, TAP_BINDS_STRENGTHS,
           "0 of 1 speech sessions: strength protection leaves room for 0 sessions a week (never withdrawn from "
           "music or art)",
           "allowing withdrawals from strength subjects (policy strengths: soft)", 1.0);
    release(&x);
}

/* The rules leave room for both sessions only when the days are matched
 * to subjects (maths on Mon, english on Tue): the reason is the adult. */
static void test_withdrawal_room_is_matched(void **state)
{
    (void)state;
    explained x = explain_fixture("explain_matching.yaml", "A");
    expect(&x, TAP_BINDS_BUSY,
           "1 of 2 speech sessions: only 2 slots a week have an adult trained in speech_language free while A is in a "
           "lesson they may be withdrawn from (T away Tue)",
           "1 more hour of an adult trained in speech_language on Tue (P1)", 1.0);
    /* counted day by day, english on Mon left Tue nothing: "room for 1" */
    assert_string_equal(x.e.parts[0].text, "1 of 2 speech sessions: only 2 slots a week have an adult trained in "
                                           "speech_language free while A is in a lesson they may be withdrawn from "
                                           "(T away Tue)");
    release(&x);
}

static void test_budget(void **state)
{
    (void)state;
    explained x = explain_fixture("solve_budget.yaml", "A");
    expect(&x, TAP_BINDS_BUDGET, "the weekly budget of 40.00 (the staff employed cost 25.00) does not pay for a possible "
                                 "hire who could give it: H1 (2 h, 40.00 a week)",
           "raising the weekly budget from 40.00 to 65.00 to hire H1", 1.0);
    release(&x);
}

static void test_contracted_hours(void **state)
{
    (void)state;
    explained x = explain_fixture("solve_hours.yaml", "A");
    expect(&x, TAP_BINDS_HOURS,
           "in class 2 of 3 h: T (2 of 2 h used): free at 1 of the 3 slots while A is in a lesson that counts, but "
           "without the contracted hours left",
           "1 more contracted hour for T (3 h instead of 2)", 1.0);
    release(&x);
}

/* The break names the reason but is never the advice: the extra adult is. */
static void test_break_is_a_reason_not_advice(void **state)
{
    (void)state;
    explained x = explain_fixture("solve_break.yaml", "A");
    expect(&x, TAP_BINDS_BREAK,
           "in class 2 of 3 h: T (2 of 10 h used): free at 1 of the 3 slots while A is in a lesson that counts, but "
           "only by giving up that day's break (policy break_minutes: 20)",
           "1 more hour of an adult on Mon", 1.0);
    release(&x);
}

/* No relaxation helps when the pupil's own session fills the only slot;
 * counting says so, and no change is offered. */
static void test_one_place_has_no_change(void **state)
{
    (void)state;
    explained x = explain_fixture("solve_one_place.yaml", "A");
    assert_int_equal(x.e.n_parts, 1);
    assert_int_equal(x.e.parts[0].binds, TAP_BINDS_OWN_TIME);
    assert_false(x.e.parts[0].checked);
    assert_null(x.e.change);
    assert_non_null(strstr(x.e.summary, "No single change taplan tried helps"));
    release(&x);
}

/* The quick reason (every short pupil's, from the plan alone) when the
 * pupil's session takes the only lesson that counts: not "every adult is
 * away", which it said before while both adults were free then. The plan
 * is made by hand: T1 runs A's session at P1, withdrawing A from maths. */
static void test_quick_reason_session_takes_the_lesson(void **state)
{
    (void)state;
    tap_school *school = test_load_school("solve_one_place.yaml");
    tap_plan *plan = tap_plan_create();
    assert_non_null(plan);
    int a = tap_school_find_pupil(school, "A");
    tap_withdrawal withdrawn = {a, tap_school_find_group(school, "G"), tap_school_find_subject(school, "maths")};
    tap_assignment session = {.staff = tap_school_find_staff(school, "T1"),
                              .day = tap_school_find_day(school, "Mon"),
                              .slot = tap_school_find_slot(school, "P1"),
                              .activity = TAP_ACT_INTERVENTION,
                              .group = -1,
                              .subject = -1,
                              .programme = tap_school_find_programme(school, "speech"),
                              .pupils = &a,
                              .n_pupils = 1,
                              .withdrawn = &withdrawn,
                              .n_withdrawn = 1};
    assert_int_equal(tap_plan_add(plan, &session), TAP_OK);
    plan->status = TAP_STATUS_FEASIBLE;
    tap_diags diags = {0};
    assert_int_equal(tap_verify(school, plan, NULL, "solve_one_place.yaml", &diags), 0);
    assert_int_equal(tap_explain_shortfalls(school, plan), TAP_OK);
    assert_non_null(plan->pupil_reasons[a]);
    assert_string_equal(plan->pupil_reasons[a], "in class 1 h short: their sessions take the lessons left that count "
                                                "(a pupil is in one place at a time)");
    tap_diags_clear(&diags);
    tap_plan_destroy(&plan);
    tap_school_destroy(&school);
}

static void test_no_shortfall_no_parts(void **state)
{
    (void)state;
    explained x = explain_fixture("solve_ratio.yaml", "A");
    assert_int_equal(x.e.n_parts, 0);
    assert_null(x.e.change);
    release(&x);
}

/* A plan that breaks a rule cannot seed a re-solve: the reasons come from
 * counting alone and say they were not checked. */
static void test_broken_plan_is_not_checked(void **state)
{
    (void)state;
    tap_school *school = test_load_school("solve_skill.yaml");
    tap_plan *plan = solve_verified(school, "solve_skill.yaml");
    /* T supports B at one lesson; planning there too puts T in two places */
    assert_int_equal(plan->n_assignments, 1);
    plan_twice(plan, 0);
    tap_diags diags = {0};
    assert_true(tap_verify(school, plan, NULL, "edited", &diags) > 0);
    tap_diags_clear(&diags);
    tap_arena arena = {0};
    tap_explanation e = explain_given(school, plan, "A", &arena);
    assert_int_equal(e.n_parts, 1);
    assert_int_equal(e.parts[0].binds, TAP_BINDS_SKILL); /* from counting: nobody holds makaton */
    assert_false(e.parts[0].checked);
    assert_null(e.change);
    assert_false(e.complete);
    assert_non_null(strstr(e.summary, "not checked: the plan does not keep every rule"));
    tap_arena_destroy(&arena);
    tap_plan_destroy(&plan);
    tap_school_destroy(&school);
}

/* With nothing re-solved (a plan that breaks a rule) and nothing counting
 * can pin down, the reason says who could give it and how used they are,
 * not that the time ran out. */
static void test_unchecked_reason_names_the_adults(void **state)
{
    (void)state;
    tap_school *school = test_load_school("explain_busy.yaml");
    tap_plan *plan = solve_verified(school, "explain_busy.yaml");
    /* planning where T runs A's session puts T in two places; T's hours
     * are then B's 5, A's session and that planning: 7 of 20 */
    int session = -1;
    for (int i = 0; i < plan->n_assignments; i++)
        if (plan->assignments[i].activity == TAP_ACT_INTERVENTION)
            session = i;
    assert_true(session >= 0);
    plan_twice(plan, session);
    tap_arena arena = {0};
    tap_explanation e = explain_given(school, plan, "A", &arena);
    assert_int_equal(e.n_parts, 1);
    assert_int_equal(e.parts[0].binds, TAP_BINDS_UNKNOWN);
    assert_false(e.parts[0].checked);
    assert_string_equal(e.parts[0].text, "1 of 3 speech sessions: the adults trained in speech_language are fully used "
                                         "or busy while A is in a lesson they may be withdrawn from: T (7 of 20 h "
                                         "used)");
    tap_arena_destroy(&arena);
    tap_plan_destroy(&plan);
    tap_school_destroy(&school);
}

/* A session only a new adult could run, at the continuity limit: the
 * re-solve with one more adult allowed names it; counting alone (a plan
 * that breaks a rule) and the quick reason name it too. */
static void test_continuity_limit(void **state)
{
    (void)state;
    const char *words = "0 of 1 speech sessions: already seen by 1 adult, the most the policy allows "
                        "(max_adults_per_pupil: 1), and none of them is trained in speech_language";
    explained x = explain_fixture("explain_continuity.yaml", "A");
    expect(&x, TAP_BINDS_CONTINUITY, words,
           "allowing 2 adults per pupil (policy max_adults_per_pupil: 2), which gives A their whole entitlement (1 "
           "more speech session)",
           1.0);
    assert_string_equal(x.e.parts[0].text, words);
    int p = tap_school_find_pupil(x.school, "A");
    assert_int_equal(tap_explain_shortfalls(x.school, x.plan), TAP_OK);
    assert_string_equal(x.plan->pupil_reasons[p], "1 speech session short: already seen by 1 adult, the continuity "
                                                  "limit, and none of them is trained in speech_language");
    /* planning where T supports A puts T in two places */
    int with_t = -1;
    for (int i = 0; i < x.plan->n_assignments; i++)
        if (x.plan->assignments[i].staff == tap_school_find_staff(x.school, "T"))
            with_t = i;
    assert_true(with_t >= 0);
    plan_twice(x.plan, with_t);
    tap_arena arena = {0};
    tap_explanation e = explain_given(x.school, x.plan, "A", &arena);
    assert_int_equal(e.n_parts, 1);
    assert_int_equal(e.parts[0].binds, TAP_BINDS_CONTINUITY);
    assert_false(e.parts[0].checked);
    assert_string_equal(e.parts[0].text, words);
    tap_arena_destroy(&arena);
    release(&x);
}

/* The re-solve's model has columns only for the support the plan gives
 * other pupils (tap_relax_resolve): B's and C's shared lessons must be
 * there, held, for the plan to seed it and for A to join B at P2. */
static void test_resolve_holds_shared_support(void **state)
{
    (void)state;
    tap_school *school = test_load_school("explain_shared.yaml");
    int t = tap_school_find_staff(school, "T"), b = tap_school_find_pupil(school, "B");
    int c = tap_school_find_pupil(school, "C");
    int both[] = {b, c};
    tap_plan *plan = tap_plan_create();
    assert_non_null(plan);
    tap_assignment maths = {t, 0, 0, TAP_ACT_IN_CLASS, 0, 0, -1, both, 2, NULL, 0};
    tap_assignment english = {t, 0, 1, TAP_ACT_IN_CLASS, 0, 1, -1, &both[0], 1, NULL, 0};
    assert_int_equal(tap_plan_add(plan, &maths), TAP_OK);
    assert_int_equal(tap_plan_add(plan, &english), TAP_OK);
    tap_plan_sort(plan);
    tap_diags diags = {0};
    assert_int_equal(tap_verify(school, plan, NULL, "explain_shared.yaml", &diags), 0);
    tap_diags_clear(&diags);
    tap_arena arena = {0};
    tap_explanation e = explain_given(school, plan, "A", &arena);
    assert_true(e.complete);
    assert_int_equal(e.n_parts, 1);
    assert_int_equal(e.parts[0].binds, TAP_BINDS_PLAN);
    assert_true(e.parts[0].checked);
    assert_string_equal(e.parts[0].text, "in class 0 of 1 h: the plan is not the best for A: re-solving their "
                                         "support alone gives 1 h more in class (a longer solve would find it)");
    tap_arena_destroy(&arena);
    tap_plan_destroy(&plan);
    tap_school_destroy(&school);
}

/* Hours of 50-minute lessons read as people write them: 0.83, not 0.833333,
 * in the checked reason, its advice, the quick reason and the summary. */
static void test_hours_shown(void **state)
{
    (void)state;
    explained x = explain_fixture("explain_hours_used.yaml", "B");
    expect(&x, TAP_BINDS_HOURS,
           "in class 0.83 of 1 h: S (0.83 of 1 h used): free at 1 of the 2 slots while B is in a lesson that counts, "
           "but without the contracted hours left",
           "0.83 more contracted hours for S (1.83 h instead of 1), which gives B their whole entitlement (0.17 h "
           "more in class)",
           1.0 / 6.0);
    assert_int_equal(tap_explain_shortfalls(x.school, x.plan), TAP_OK);
    assert_string_equal(x.plan->pupil_reasons[tap_school_find_pupil(x.school, "A")],
                        "1 speech session short: the adults trained in speech_language are fully used or busy when "
                        "they may be withdrawn (S 0.83/1 h)");
    release(&x);
    char *dir = test_scratch_dir();
    char *out = NULL;
    assert_int_equal(run(&out, NULL, "solve %s -o %s", test_data("explain_hours_used.yaml"),
                         test_path(dir, "plan.json")),
                     0);
    assert_non_null(strstr(out, "Statutory shortfall: 0.17 h (proven minimal)    SEN-support shortfall: 0.83 h"));
    assert_non_null(strstr(out, "  B (EHC plan) 0.17 h short: in class 0.83 of 1 h"));
    free(out);
    assert_int_equal(test_scratch_remove(dir), 0);
}

/* A replanned week (tests/data/explain_absence.yaml): TA-A, the only
 * adult, is away on Wednesday, so A's Wednesday lunch goes uncovered. The
 * replan's summary says what its "optimal" is about and that TA-A is away;
 * explain, given the absence, finds one slot a week with an adult free
 * (Tuesday's lunch, which A has) and names TA-A as away Wednesday (the
 * whole id: "Wednesday" once lost its last letter); given none, it warns that
 * its reasons take every adult to be in. */
static void test_replanned_week(void **state)
{
    (void)state;
    char *dir = test_scratch_dir();
    const char *school = test_data("explain_absence.yaml");
    char *plan = strdup(test_path(dir, "plan.json"));
    char *revised = strdup(test_path(dir, "revised.json"));
    assert_non_null(plan);
    assert_non_null(revised);
    char *out = NULL, *err = NULL;
    assert_int_equal(run(NULL, NULL, "solve %s -o %s", school, plan), 0);
    assert_int_equal(run(&out, NULL, "replan %s --plan %s --absent TA-A@Wednesday -o %s", school, plan, revised), 0);
    assert_non_null(strstr(out, "Absence explained: optimal among the revisions a replan considers (the absent "
                                "days, and cover made up on other days) in"));
    assert_non_null(strstr(out, "A (EHC plan) 1 h short: unstructured cover 1 h short: the adults who may cover "
                                "them are on other duties or unavailable then (TA-A 1/10 h, away Wednesday)"));
    free(out);
    assert_int_equal(run(&out, &err, "explain %s --plan %s --absent TA-A@Wednesday", school, revised), 0);
    assert_non_null(strstr(out, "unstructured cover 1 of 2 h: only 1 slot a week has an adult free when A needs "
                                "cover (TA-A away Wednesday) [adults_busy]"));
    assert_null(strstr(err, "warning"));
    free(out), free(err);
    assert_int_equal(run(NULL, &err, "explain %s --plan %s", school, revised), 0);
    assert_non_null(strstr(err, "is a replan; without its absences (--absent, --absence) the reasons take every "
                                "adult to be in"));
    free(err);
    free(plan), free(revised);
    assert_int_equal(test_scratch_remove(dir), 0);
}

/* The command, solving first or reading a plan; and solve's summary. */
static void test_commands(void **state)
{
    (void)state;
    char *dir = test_scratch_dir();
    const char *school = test_data("explain_busy.yaml");
    const char *plan = test_path(dir, "plan.json");
    char *out = NULL;
    assert_int_equal(run(&out, NULL, "solve %s -o %s", school, plan), 0);
    assert_non_null(strstr(out, "A (SEN support) 2 h short: 1 of 3 speech sessions: only 1 slot a week has"));
    assert_non_null(strstr(out, "Would help most: 1 more hour of an adult trained in speech_language on Mon"));
    free(out);
    char *text = test_read_file(plan);
    assert_non_null(strstr(text, "Would help most"));
    free(text);
    assert_int_equal(run(NULL, NULL, "verify %s %s", school, plan), 0);
    char *solved = NULL, *read = NULL;
    assert_int_equal(run(&solved, NULL, "explain %s --pupil A", school), 0);
    assert_int_equal(run(&read, NULL, "explain %s --plan %s", school, plan), 0);
    assert_string_equal(solved, read);
    assert_non_null(strstr(read, "[adults_busy]"));
    free(read);
    /* a solve bounded by work, as solve --work gives it */
    assert_int_equal(run(&read, NULL, "explain %s --pupil A --work 5", school), 0);
    assert_string_equal(solved, read);
    free(solved), free(read);
    assert_int_equal(run(&out, NULL, "explain %s --pupil B", school), 0);
    assert_non_null(strstr(out, "B receives their full entitlement"));
    free(out);
    char *err = NULL;
    assert_int_equal(run(NULL, &err, "explain %s --pupil Z9", school), 2);
    assert_non_null(strstr(err, "no pupil 'Z9'"));
    free(err);
    assert_int_equal(test_scratch_remove(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skill_nobody_holds),
        cmocka_unit_test(test_skill_held_by_too_few),
        cmocka_unit_test(test_adults_busy),
        cmocka_unit_test(test_strength_protection),
        cmocka_unit_test(test_withdrawal_room_is_matched),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_contracted_hours),
        cmocka_unit_test(test_break_is_a_reason_not_advice),
        cmocka_unit_test(test_one_place_has_no_change),
        cmocka_unit_test(test_quick_reason_session_takes_the_lesson),
        cmocka_unit_test(test_no_shortfall_no_parts),
        cmocka_unit_test(test_broken_plan_is_not_checked),
        cmocka_unit_test(test_continuity_limit),
        cmocka_unit_test(test_unchecked_reason_names_the_adults),
        cmocka_unit_test(test_hours_shown),
        cmocka_unit_test(test_resolve_holds_shared_support),
        cmocka_unit_test(test_replanned_week),
        cmocka_unit_test(test_commands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
