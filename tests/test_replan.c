/* test_replan.c - re-planning after an absence, on schools small enough
 * to work out by hand (tests/data/replan_*.yaml say why each answer is the
 * only good one). The current plan, replan_current.json, has TA-A with P01
 * at both maths lessons (Mon P1, Tue P1), TA-B with P02 at Mon P2, and
 * TA-C planning at Tue P1. Every new plan must pass the verifier against
 * the school with the absence applied, which also proves that the absent
 * adult has nothing to do while away. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/absence.h"
#include "solver/plan_json.h"
#include "solver/replan.h"
#include "solver/verify.h"
#include "support/testing.h"

typedef struct {
    tap_school *school;
    tap_plan *previous;
    tap_plan *plan;
    tap_figures *figures;
} replanned;

static replanned replan_from(const char *school_name, const char *current, const char *absence, const char *second);

static replanned replan(const char *school_name, const char *absence)
{
    return replan_from(school_name, "replan_current.json", absence, NULL);
}

static replanned replan2(const char *school_name, const char *absence, const char *second)
{
    return replan_from(school_name, "replan_current.json", absence, second);
}

static replanned replan_from(const char *school_name, const char *current, const char *absence, const char *second)
{
    replanned r = {test_load_school(school_name), NULL, NULL, NULL};
    tap_diags diags = {0};
    tap_figures *reported = NULL;
    assert_int_equal(tap_plan_json_read(r.school, test_data(current), &r.previous, &reported, &diags),
                     TAP_OK);
    assert_null(reported); /* the file gives assignments only */
    tap_absences *absences = tap_absences_create();
    assert_non_null(absences);
    if (absence)
        assert_int_equal(tap_absences_parse(r.school, absence, absences, &diags), TAP_OK);
    if (second)
        assert_int_equal(tap_absences_parse(r.school, second, absences, &diags), TAP_OK);
    tap_absences_apply(absences, r.school);
    tap_solve_settings settings = tap_solve_defaults();
    settings.time_limit_s = 30;
    assert_int_equal(tap_replan(r.school, r.previous, absences, &settings, &r.plan, NULL, &diags), TAP_OK);
    assert_int_equal(r.plan->status, TAP_STATUS_OPTIMAL);
    assert_int_equal(tap_figures_compute(r.school, r.plan, &r.figures), TAP_OK);
    int n_violations = tap_verify(r.school, r.plan, r.figures, school_name, &diags);
    if (n_violations != 0)
        tap_diags_print(&diags, stderr);
    assert_int_equal(n_violations, 0);
    tap_diags_clear(&diags);
    tap_absences_destroy(&absences);
    return r;
}

static void release(replanned *r)
{
    tap_figures_destroy(&r->figures);
    tap_plan_destroy(&r->plan);
    tap_plan_destroy(&r->previous);
    tap_school_destroy(&r->school);
}

static int present_changes(const replanned *r)
{
    int n = 0;
    for (int i = 0; i < r->plan->n_changes; i++)
        n += !r->plan->changes[i].absent;
    return n;
}

/* The one change forced by the absence: TA-A's Tuesday lesson removed. */
static void assert_absent_lesson_removed(const replanned *r)
{
    const tap_change *forced = NULL;
    for (int i = 0; i < r->plan->n_changes; i++)
        if (r->plan->changes[i].absent) {
            assert_null(forced);
            forced = &r->plan->changes[i];
        }
    assert_non_null(forced);
    assert_int_equal(forced->kind, TAP_CHANGE_REMOVED);
    assert_int_equal(forced->before.staff, tap_school_find_staff(r->school, "TA-A"));
    assert_int_equal(forced->before.day, tap_school_find_day(r->school, "Tue"));
    assert_int_equal(forced->before.slot, tap_school_find_slot(r->school, "P1"));
}

static const tap_assignment *find(const replanned *r, const char *staff, const char *day, const char *slot)
{
    int a = tap_school_find_staff(r->school, staff);
    int d = tap_school_find_day(r->school, day);
    int t = tap_school_find_slot(r->school, slot);
    for (int i = 0; i < r->plan->n_assignments; i++) {
        const tap_assignment *x = &r->plan->assignments[i];
        if (x->staff == a && x->day == d && x->slot == t)
            return x;
    }
    return NULL;
}

/* TA-B, free on Tuesday and trained, takes P01's lesson: one change for
 * an adult who is in, where TA-C would need two (lesson and planning). */
static void test_single_swap_covers(void **state)
{
    (void)state;
    replanned r = replan("replan_swap.yaml", "TA-A@Tue");
    assert_absent_lesson_removed(&r);
    assert_int_equal(present_changes(&r), 1);
    const tap_assignment *cover = find(&r, "TA-B", "Tue", "P1");
    assert_non_null(cover);
    assert_int_equal(cover->activity, TAP_ACT_IN_CLASS);
    assert_int_equal(cover->n_pupils, 1);
    assert_true(fabs(r.figures->summary.statutory_shortfall_hours) < 1e-9);
    /* P01 sees a new adult and loses nothing */
    assert_int_equal(r.plan->n_pupil_changes, 1);
    const tap_pupil_change *c = &r.plan->pupil_changes[0];
    assert_int_equal(c->pupil, tap_school_find_pupil(r.school, "P01"));
    assert_true(fabs(c->in_class_lost) < 1e-9);
    assert_int_equal(c->n_adults_new, 1);
    assert_int_equal(c->adults_new[0], tap_school_find_staff(r.school, "TA-B"));
    assert_int_equal(c->n_adults_lost, 0);
    release(&r);
}

/* TA-C covers P01's Tuesday maths: its planning moves to the only other
 * free slot that keeps a break (Tue P2 or LUNCH; either way two of TA-C's
 * slots change), and TA-B's week is untouched. */
static void assert_ta_c_covers(const char *school_name)
{
    replanned r = replan(school_name, "TA-A@Tue");
    assert_absent_lesson_removed(&r);
    assert_int_equal(present_changes(&r), 2);
    const tap_assignment *cover = find(&r, "TA-C", "Tue", "P1");
    assert_non_null(cover);
    assert_int_equal(cover->activity, TAP_ACT_IN_CLASS);
    int planning = 0;
    for (int i = 0; i < r.plan->n_assignments; i++)
        planning += r.plan->assignments[i].activity == TAP_ACT_PLANNING;
    assert_int_equal(planning, 1);
    assert_true(fabs(r.figures->summary.statutory_shortfall_hours) < 1e-9);
    for (int i = 0; i < r.plan->n_changes; i++)
        assert_int_not_equal(r.plan->changes[i].kind == TAP_CHANGE_ADDED ? r.plan->changes[i].after.staff
                                                                          : r.plan->changes[i].before.staff,
                             tap_school_find_staff(r.school, "TA-B"));
    release(&r);
}

/* Only TA-C holds Makaton besides TA-A, and TA-C plans at Tue P1: the
 * cover is TA-C, whose planning moves. */
static void test_only_skilled_adult_moves_planning(void **state)
{
    (void)state;
    assert_ta_c_covers("replan_school.yaml");
}

/* Changes priced at 600 each: TA-C's cover (its lesson, and its planning
 * moved) costs more than the 1,000 an hour of statutory support weighs by
 * default, yet P01 is covered just as with the default weights, since the
 * statutory weight rises with the change weight. */
static void test_costly_changes_still_cover_statutory_support(void **state)
{
    (void)state;
    assert_ta_c_covers("replan_costly_changes.yaml");
}

/* Nobody else holds Makaton: the hour cannot be covered. The plan says so,
 * naming the one adult who could and is away, and nobody else's week
 * changes. */
static void test_uncoverable_absence_disturbs_nobody(void **state)
{
    (void)state;
    replanned r = replan("replan_makaton.yaml", "TA-A@Tue");
    assert_absent_lesson_removed(&r);
    assert_int_equal(present_changes(&r), 0);
    assert_true(fabs(r.figures->summary.statutory_shortfall_hours - 1.0) < 1e-9);
    int p01 = tap_school_find_pupil(r.school, "P01");
    assert_non_null(r.plan->pupil_reasons);
    assert_non_null(r.plan->pupil_reasons[p01]);
    assert_string_equal(r.plan->pupil_reasons[p01],
                        "in class 1 h short: at the lessons left, every adult who may support them (TA-A) is away or "
                        "not in school");
    assert_int_equal(r.plan->n_pupil_changes, 1);
    assert_true(fabs(r.plan->pupil_changes[0].in_class_lost - 1.0) < 1e-9);
    release(&r);
}

/* Two absences at once, a day and a single slot: TA-A's Tuesday as
 * above, and TA-B's Mon P2 with P02. Three slots of adults who are in must
 * change, and no fewer do: TA-C alone can take P01 at Tue P1 (one), its
 * planning must go elsewhere (two), and P02's hour needs another adult at
 * Mon P2 or Tue P2 (three). Nothing is short. */
static void test_two_absences(void **state)
{
    (void)state;
    replanned r = replan2("replan_school.yaml", "TA-A@Tue", "TA-B@Mon:P2");
    int forced = 0;
    for (int i = 0; i < r.plan->n_changes; i++)
        forced += r.plan->changes[i].absent;
    assert_int_equal(forced, 2);
    assert_int_equal(present_changes(&r), 3);
    assert_true(fabs(r.figures->summary.statutory_shortfall_hours) < 1e-9);
    assert_true(fabs(r.figures->summary.sen_support_shortfall_hours) < 1e-9);
    const tap_pupil_figures *p02 = &r.figures->pupils[tap_school_find_pupil(r.school, "P02")];
    assert_true(fabs(p02->in_class_delivered - 1.0) < 1e-9);
    release(&r);
}

/* Covering from free time is not enough (tests/data/replan_chain.yaml):
 * the replan widens to the whole absent day, and TA-B moves to P01 while
 * TA-C takes P02. Exactly two slots of adults who are in change. */
static void test_chain_of_moves_when_free_time_is_not_enough(void **state)
{
    (void)state;
    replanned r = replan_from("replan_chain.yaml", "replan_chain_current.json", "TA-A@Tue", NULL);
    assert_absent_lesson_removed(&r);
    assert_int_equal(present_changes(&r), 2);
    const tap_assignment *b = find(&r, "TA-B", "Tue", "P1"), *c = find(&r, "TA-C", "Tue", "P1");
    assert_non_null(b);
    assert_non_null(c);
    assert_int_equal(b->n_pupils, 1);
    assert_int_equal(b->pupils[0], tap_school_find_pupil(r.school, "P01"));
    assert_int_equal(c->n_pupils, 1);
    assert_int_equal(c->pupils[0], tap_school_find_pupil(r.school, "P02"));
    assert_true(fabs(r.figures->summary.statutory_shortfall_hours) < 1e-9);
    release(&r);
}

/* No absence, no change. */
static void test_empty_absence_changes_nothing(void **state)
{
    (void)state;
    replanned r = replan("replan_school.yaml", NULL);
    assert_int_equal(r.plan->n_changes, 0);
    assert_int_equal(r.plan->n_pupil_changes, 0);
    assert_int_equal(r.plan->n_assignments, r.previous->n_assignments);
    release(&r);
}

/* TA-C away only at Tue P1, where the plan has their planning: the part
 * the search frees has columns in no row of the model, which GLPK once
 * refused ("GLPK failed internally"). By hand: TA-C must still plan once,
 * so the planning moves to another slot where TA-C is in (one change);
 * TA-A keeps P01's two maths lessons, so nothing else changes. */
static void test_planning_moves_when_its_slot_is_away(void **state)
{
    (void)state;
    replanned r = replan("replan_school.yaml", "TA-C@Tue:P1");
    assert_int_equal(present_changes(&r), 1);
    int planning = 0;
    for (int i = 0; i < r.plan->n_assignments; i++) {
        const tap_assignment *a = &r.plan->assignments[i];
        if (a->activity != TAP_ACT_PLANNING)
            continue;
        planning++;
        assert_int_equal(a->staff, tap_school_find_staff(r.school, "TA-C"));
        assert_false(a->day == 1 && a->slot == 0); /* not Tue P1 */
    }
    assert_int_equal(planning, 1);
    assert_non_null(find(&r, "TA-A", "Mon", "P1"));
    assert_non_null(find(&r, "TA-A", "Tue", "P1"));
    assert_true(fabs(r.figures->summary.statutory_shortfall_hours) < 1e-9);
    release(&r);
}

/* The command: the new plan carries its changes, the cover sheet names
 * the cover, and an absence naming an unknown adult writes nothing. */
static void test_command_line(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    char *school = strdup(test_data("replan_swap.yaml")); /* test_data's buffer is reused */
    char *current = strdup(test_data("replan_current.json"));
    assert_non_null(school);
    assert_non_null(current);
    const char *plan = test_scratch_path("new.json");
    int rc = test_runf(&out, &err, "replan %s --plan %s --absent TA-A@Tue -o %s", school,
                       current, plan);
    if (rc != 0)
        fprintf(stderr, "%s%s", out, err);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "Tue P1     TA-A: in class, 3A maths with P01 -> P01 now with TA-B"));
    assert_non_null(strstr(out, "Changes for adults who are in: 1"));
    /* the progress line names the scope its bound is about: the absent
     * adult's pupils first, the whole absent days only if needed */
    assert_non_null(strstr(err, "solving cover: "));
    assert_non_null(strstr(err, ", best 3.000, bound "));
    free(out), free(err);
    char *text = test_read_file(plan);
    assert_non_null(strstr(text, "\"changes\""));
    assert_non_null(strstr(text, "\"pupils_affected\""));
    free(text);
    /* verify, told of the absence, finds the plan clean */
    assert_int_equal(test_runf(NULL, NULL, "verify %s %s --absent TA-A@Tue", school, plan), 0);
    /* the old plan breaks the absence */
    assert_int_equal(test_runf(&out, NULL, "verify %s %s --absent TA-A@Tue", school,
                               current),
                     1);
    assert_non_null(strstr(out, "TA-A"));
    free(out);
    const char *never = test_scratch_path("never.json");
    rc = test_runf(NULL, &err, "replan %s --plan %s --absent TA-Z@Tue -o %s", school,
                   current, never);
    assert_int_equal(rc, 2);
    assert_non_null(strstr(err, "TA-Z"));
    assert_int_equal(access(never, F_OK), -1);
    free(err);
    free(school), free(current);
}

/* The summary shows the current plan's shortfalls before the new ones:
 * what the absence costs. TA-A alone holds Makaton, so P01 loses Tuesday's
 * maths lesson: 0 h of statutory shortfall before, 1 h after. */
static void test_command_shows_what_the_absence_costs(void **state)
{
    (void)state;
    char *out = NULL;
    char *school = strdup(test_data("replan_makaton.yaml"));
    assert_non_null(school);
    int rc = test_runf(&out, NULL, "replan %s --plan %s --absent TA-A@Tue -o %s", school,
                       test_data("replan_current.json"), test_scratch_path("makaton.json"));
    assert_int_equal(rc, 0);
    const char *before = strstr(out, "Before the absence: statutory shortfall 0 h, SEN-support shortfall 0 h\n");
    assert_non_null(before);
    assert_non_null(strstr(before, "\nStatutory shortfall: 1 h "));
    assert_int_equal(test_runf(NULL, NULL, "verify %s %s --absent TA-A@Tue", school,
                               test_scratch_path("makaton.json")),
                     0);
    free(out), free(school);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_swap_covers),
        cmocka_unit_test(test_only_skilled_adult_moves_planning),
        cmocka_unit_test(test_costly_changes_still_cover_statutory_support),
        cmocka_unit_test(test_uncoverable_absence_disturbs_nobody),
        cmocka_unit_test(test_two_absences),
        cmocka_unit_test(test_chain_of_moves_when_free_time_is_not_enough),
        cmocka_unit_test(test_empty_absence_changes_nothing),
        cmocka_unit_test(test_planning_moves_when_its_slot_is_away),
        cmocka_unit_test(test_command_line),
        cmocka_unit_test(test_command_shows_what_the_absence_costs),
    };
    return cmocka_run_group_tests(tests, test_scratch_setup, test_scratch_teardown);
}
