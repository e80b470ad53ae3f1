/* test_candidates.c - several different plans for one school. The fixture
 * tests/data/candidates_three.yaml has exactly three optimal plans (its
 * comment counts them), so asking for four must give three and a proof
 * that no fourth exists; every candidate must pass `taplan verify`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "solver/candidates.h"
#include "solver/verify.h"
#include "support/testing.h"

#define run test_runf

static tap_candidates *find(tap_school *school, int n_wanted, int min_diff)
{
    tap_candidates_settings settings = {0};
    settings.n_wanted = n_wanted;
    settings.within = 0.05;
    settings.min_diff = min_diff;
    settings.time_limit_s = 60;
    tap_diags diags = {0};
    tap_candidates *found = NULL;
    assert_int_equal(tap_candidates_find(school, &settings, &found, &diags), TAP_OK);
    for (int k = 0; k < found->n_items; k++) {
        int n_violations = tap_verify(school, found->items[k].plan, found->items[k].figures, "candidate", &diags);
        if (n_violations != 0)
            tap_diags_print(&diags, stderr);
        assert_int_equal(n_violations, 0);
    }
    tap_diags_clear(&diags);
    return found;
}

/* The slot of the only speech session of a plan of the fixture. */
static int session_slot(const tap_plan *plan)
{
    int slot = -1;
    for (int i = 0; i < plan->n_assignments; i++)
        if (plan->assignments[i].activity == TAP_ACT_INTERVENTION) {
            assert_int_equal(slot, -1);
            slot = plan->assignments[i].slot;
        }
    return slot;
}

/* The three plans are the session at P1, P2 and P3, in some order; the
 * planning slot is free to move and must not make a fourth. */
static void expect_the_three(const tap_school *school, const tap_candidates *found)
{
    assert_int_equal(found->n_items, 3);
    bool seen[3] = {false, false, false};
    for (int k = 0; k < 3; k++) {
        const tap_candidate *c = &found->items[k];
        assert_int_equal(c->plan->status, TAP_STATUS_OPTIMAL);
        assert_true(fabs(c->objective) < 1e-6);
        assert_true(fabs(c->figures->summary.sen_support_shortfall_hours) < 1e-6);
        int slot = session_slot(c->plan);
        assert_true(slot >= 0 && slot < 3);
        assert_false(seen[slot]);
        seen[slot] = true;
        /* moving a session is two placements: off one slot, onto another */
        assert_int_equal(c->distance_to_first, k == 0 ? 0 : 2);
        assert_int_equal(c->least_distance, 2);
    }
    assert_int_equal(school->n_pupils, 1);
}

/* Asked for four with at least one placement between plans: the fourth
 * plan there is (no session) differs from each, but is proven worse than
 * the tolerance: objective 20 against a limit near 0. */
static void test_three_then_none_within(void **state)
{
    (void)state;
    tap_school *school = test_load_school("candidates_three.yaml");
    tap_candidates *found = find(school, 4, 1);
    expect_the_three(school, found);
    assert_int_equal(found->end, TAP_SEARCH_NONE_WITHIN);
    assert_true(found->reference_proven);
    assert_true(fabs(found->next_objective - 20.0) < 1e-6);
    assert_true(found->next_bound > found->objective_limit);
    tap_candidates_destroy(&found);
    tap_school_destroy(&school);
}

/* With two placements between plans even the plan without a session is
 * too near each of the three (one placement): proven infeasible. */
static void test_three_then_no_other(void **state)
{
    (void)state;
    tap_school *school = test_load_school("candidates_three.yaml");
    tap_candidates *found = find(school, 4, 2);
    expect_the_three(school, found);
    assert_int_equal(found->end, TAP_SEARCH_NO_OTHER);
    tap_candidates_destroy(&found);
    tap_school_destroy(&school);
}

/* Three placements apart: any two of the three differ in only two, so
 * the first plan is alone. Asking for exactly three finds all three. */
static void test_min_diff_and_exact_count(void **state)
{
    (void)state;
    tap_school *school = test_load_school("candidates_three.yaml");
    tap_candidates *found = find(school, 4, 3);
    assert_int_equal(found->n_items, 1);
    assert_int_equal(found->end, TAP_SEARCH_NO_OTHER);
    assert_int_equal(found->items[0].least_distance, 0);
    tap_candidates_destroy(&found);
    found = find(school, 3, 1);
    expect_the_three(school, found);
    assert_int_equal(found->end, TAP_SEARCH_COMPLETE);
    tap_candidates_destroy(&found);
    tap_school_destroy(&school);
}

/* A school with competing pupils: each candidate verifies, stays within
 * the tolerance and at least min_diff placements from every other. */
static void test_candidates_keep_their_promises(void **state)
{
    (void)state;
    tap_school *school = test_load_school("report_school.yaml");
    tap_candidates *found = find(school, 4, 2);
    assert_true(found->n_items >= 2);
    for (int k = 0; k < found->n_items; k++) {
        const tap_candidate *c = &found->items[k];
        assert_true(c->objective <= found->objective_limit);
        assert_true(c->figures->summary.statutory_shortfall_hours <= found->statutory_cap + 1e-6);
        for (int j = 0; j < k; j++) {
            tap_plan_difference difference;
            assert_int_equal(tap_plan_difference_compute(school, found->items[j].plan, c->plan, &difference), TAP_OK);
            assert_true(difference.n_placements >= 2);
            int by_pupil = 0;
            for (int p = 0; p < school->n_pupils; p++)
                by_pupil += difference.pupil_changes[p];
            assert_int_equal(by_pupil, difference.n_placements);
            tap_plan_difference_release(&difference);
        }
        if (k > 0)
            assert_true(found->items[k - 1].objective <= c->objective);
    }
    tap_candidates_destroy(&found);
    tap_school_destroy(&school);
}

/* The command: three plans and the index written, a fourth said not to
 * exist, each file clean under `taplan verify`. */
static void test_command_writes_and_says_no_more(void **state)
{
    (void)state;
    const char *school = test_data("candidates_three.yaml");
    char *dir = test_scratch_dir();
    char *out = NULL, *err = NULL;
    int rc = run(&out, &err, "candidates %s -n 4 --min-diff 1 --within 5%% -o %s --html %s --work 50", school, dir,
                 test_path(dir, "candidates.html"));
    if (rc != 0)
        fprintf(stderr, "%s%s", out ? out : "", err ? err : "");
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "3 candidate plans of 4 asked"));
    assert_non_null(strstr(out, "no more exist within the tolerance: proven"));
    free(out), free(err);
    /* the report sets the three side by side, and no fourth */
    char *html = test_read_file(test_path(dir, "candidates.html"));
    assert_non_null(html);
    assert_non_null(strstr(html, "Candidate 3"));
    assert_null(strstr(html, "Candidate 4"));
    free(html);
    for (int k = 1; k <= 3; k++) {
        char name[32];
        snprintf(name, sizeof name, "candidate-%d.json", k);
        out = NULL;
        rc = run(&out, NULL, "verify %s %s", school, test_path(dir, name));
        if (rc != 0)
            fprintf(stderr, "%s", out ? out : "");
        assert_int_equal(rc, 0);
        free(out);
        struct stat info;
        assert_int_equal(stat(test_path(dir, name), &info), 0);
        assert_int_equal(info.st_mode & 0777, 0600);
    }
    assert_null(test_read_file(test_path(dir, "candidate-4.json")));
    char *index = test_read_file(test_path(dir, "candidates.json"));
    assert_non_null(index);
    assert_non_null(strstr(index, "\"format\":\t\"taplan-candidates/1\""));
    assert_non_null(strstr(index, "\"found\":\t3"));
    assert_non_null(strstr(index, "\"search\":\t\"none_within\""));
    assert_non_null(strstr(index, "\"placements_changed\":\t2"));
    free(index);
    assert_int_equal(test_scratch_remove(dir), 0);
}

static void test_bad_usage_writes_nothing(void **state)
{
    (void)state;
    const char *school = test_data("candidates_three.yaml");
    char *dir = test_scratch_dir();
    const char *target = test_path(dir, "out");
    char *err = NULL;
    assert_int_equal(run(NULL, &err, "candidates %s -n 4", school), 2);
    assert_non_null(strstr(err, "needs -o DIR"));
    free(err);
    assert_int_equal(run(NULL, &err, "candidates %s -o %s --within five", school, target), 2);
    assert_non_null(strstr(err, "--within takes a percentage"));
    free(err);
    assert_int_equal(run(NULL, NULL, "candidates %s -o %s -n 0", school, target), 2);
    assert_int_equal(run(NULL, NULL, "candidates %s -o %s --min-diff 1.5", school, target), 2);
    assert_int_equal(run(NULL, NULL, "candidates %s -o %s --work 0.5", school, target), 2);
    assert_int_equal(run(NULL, NULL, "candidates %s -o %s", test_data("bad_keys.yaml"), target), 2);
    struct stat info;
    assert_int_not_equal(stat(target, &info), 0);
    assert_int_equal(test_scratch_remove(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_three_then_none_within),
        cmocka_unit_test(test_three_then_no_other),
        cmocka_unit_test(test_min_diff_and_exact_count),
        cmocka_unit_test(test_candidates_keep_their_promises),
        cmocka_unit_test(test_command_writes_and_says_no_more),
        cmocka_unit_test(test_bad_usage_writes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
