/* test_plan_json.c - the plan file: the exact taplan-plan/1 shape (against a
 * reviewed expected document), byte-stable rendering, owner-only atomic
 * writes, and reading back: identical assignments, reported figures, and
 * one diagnostic per unknown id or malformed entry; and the summary's
 * sums taken before rounding. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support/plan_lines.h"
#include "support/testing.h"
#include "solver/plan_json.h"
#include "solver/verify.h"

#define SCHOOL "verify_school.yaml"

typedef struct {
    tap_school *school;
    tap_plan *plan;
    tap_figures *figures;
    char *dir;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->school = test_load_school(SCHOOL);
    f->plan = plan_lines_build(f->school, plan_lines_clean);
    f->plan->status = TAP_STATUS_FEASIBLE;
    f->plan->objective = 2012.345;
    f->plan->bound = 1990.5;
    f->plan->gap = 0.0109;
    f->plan->solve_seconds = 1.25;
    /* A reason for the statutory pupil who is short. */
    f->plan->pupil_reasons = tap_arena_calloc(&f->plan->arena, (size_t)f->school->n_pupils, sizeof(char *));
    assert_non_null(f->plan->pupil_reasons);
    f->plan->n_pupil_reasons = f->school->n_pupils;
    f->plan->pupil_reasons[tap_school_find_pupil(f->school, "A1")] =
        tap_arena_strdup(&f->plan->arena, "needs makaton: only TA-Hughes holds it");
    assert_int_equal(tap_figures_compute(f->school, f->plan, &f->figures), TAP_OK);
    f->dir = test_scratch_dir();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char command[4200];
    snprintf(command, sizeof command, "rm -rf %s", f->dir);
    int rc = system(command);
    free(f->dir);
    tap_figures_destroy(&f->figures);
    tap_plan_destroy(&f->plan);
    tap_school_destroy(&f->school);
    free(f);
    return rc == 0 ? 0 : -1;
}

static const char *path_in(const fixture *f, const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    return path;
}

static void write_text(const char *path, const char *text)
{
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(text, file);
    assert_int_equal(fclose(file), 0);
}

/* The rendering is exactly the reviewed document in tests/data: SPEC section
 * 5's keys in its order, only the keys each activity has, pupils with a plan
 * by id only (never a name), every adult, and the summary. */
static void test_render_matches_expected_document(void **state)
{
    fixture *f = *state;
    char *text = NULL;
    assert_int_equal(tap_plan_json_render(f->school, f->plan, f->figures, &text), TAP_OK);
    char *expected = test_read_file(test_data("verify_plan.json"));
    assert_non_null(expected);
    assert_string_equal(text, expected);
    free(expected);
    free(text);
}

static void test_render_is_deterministic(void **state)
{
    fixture *f = *state;
    char *first = NULL, *second = NULL;
    assert_int_equal(tap_plan_json_render(f->school, f->plan, f->figures, &first), TAP_OK);
    /* The same assignments added in reverse order sort to the same plan. */
    int n = 0;
    while (plan_lines_clean[n])
        n++;
    const char *reversed[32];
    for (int i = 0; i < n; i++)
        reversed[i] = plan_lines_clean[n - 1 - i];
    reversed[n] = NULL;
    tap_plan *other = plan_lines_build(f->school, reversed);
    other->status = f->plan->status;
    other->objective = f->plan->objective;
    other->bound = f->plan->bound;
    other->gap = f->plan->gap;
    other->solve_seconds = f->plan->solve_seconds;
    other->pupil_reasons = f->plan->pupil_reasons; /* borrowed for rendering */
    other->n_pupil_reasons = f->plan->n_pupil_reasons;
    assert_int_equal(tap_plan_json_render(f->school, other, NULL, &second), TAP_OK);
    other->pupil_reasons = NULL;
    assert_string_equal(first, second);
    free(second);
    second = NULL;
    assert_int_equal(tap_plan_json_render(f->school, f->plan, f->figures, &second), TAP_OK);
    assert_string_equal(first, second);
    free(first), free(second);
    tap_plan_destroy(&other);
}

static void assert_same_assignments(const tap_plan *a, const tap_plan *b)
{
    assert_int_equal(a->n_assignments, b->n_assignments);
    for (int i = 0; i < a->n_assignments; i++) {
        const tap_assignment *x = &a->assignments[i], *y = &b->assignments[i];
        assert_int_equal(x->staff, y->staff);
        assert_int_equal(x->day, y->day);
        assert_int_equal(x->slot, y->slot);
        assert_int_equal(x->activity, y->activity);
        assert_int_equal(x->group, y->group);
        assert_int_equal(x->subject, y->subject);
        assert_int_equal(x->programme, y->programme);
        assert_int_equal(x->n_pupils, y->n_pupils);
        for (int k = 0; k < x->n_pupils; k++)
            assert_int_equal(x->pupils[k], y->pupils[k]);
        assert_int_equal(x->n_withdrawn, y->n_withdrawn);
        for (int k = 0; k < x->n_withdrawn; k++) {
            assert_int_equal(x->withdrawn[k].pupil, y->withdrawn[k].pupil);
            assert_int_equal(x->withdrawn[k].group, y->withdrawn[k].group);
            assert_int_equal(x->withdrawn[k].subject, y->withdrawn[k].subject);
        }
    }
}

static void test_round_trip(void **state)
{
    fixture *f = *state;
    const char *path = path_in(f, "plan.json");
    tap_diags diags = {0};
    assert_int_equal(tap_plan_json_write(f->school, f->plan, f->figures, path, &diags), TAP_OK);
    assert_int_equal(diags.n_items, 0);
    struct stat info;
    assert_int_equal(stat(path, &info), 0);
    assert_int_equal(info.st_mode & 0777, 0600);

    tap_plan *plan = NULL;
    tap_figures *reported = NULL;
    tap_status status = tap_plan_json_read(f->school, path, &plan, &reported, &diags);
    if (status != TAP_OK)
        tap_diags_print(&diags, stderr);
    assert_int_equal(status, TAP_OK);
    assert_non_null(reported);
    assert_same_assignments(f->plan, plan);
    assert_int_equal(plan->status, TAP_STATUS_FEASIBLE);
    assert_true(plan->objective == 2012.345 && plan->bound == 1990.5);
    assert_true(plan->gap == 0.0109 && plan->solve_seconds == 1.25);
    int a1 = tap_school_find_pupil(f->school, "A1");
    assert_non_null(plan->pupil_reasons);
    assert_string_equal(plan->pupil_reasons[a1], "needs makaton: only TA-Hughes holds it");

    /* Reported figures equal the computed ones: verify finds nothing. */
    assert_int_equal(tap_verify(f->school, plan, reported, path, &diags), 0);
    assert_true(reported->pupils[a1].listed);
    assert_true(reported->pupils[a1].shortfall_hours == f->figures->pupils[a1].shortfall_hours);
    assert_int_equal(reported->pupils[a1].interventions[0].delivered, 1);
    assert_true(reported->summary.annual_cost == 5850);
    assert_false(reported->pupils[tap_school_find_pupil(f->school, "A3")].listed);

    /* And the file read back renders to the same bytes. */
    char *again = NULL, *text = test_read_file(path);
    assert_int_equal(tap_plan_json_render(f->school, plan, reported, &again), TAP_OK);
    assert_string_equal(again, text);
    free(again), free(text);
    tap_figures_destroy(&reported);
    tap_plan_destroy(&plan);
    tap_diags_clear(&diags);
}

/* Reads text as a plan file expecting failure; returns the messages joined
 * by newlines (malloc'd). */
static char *read_errors(fixture *f, const char *text)
{
    const char *path = path_in(f, "bad.json");
    write_text(path, text);
    tap_plan *plan = NULL;
    tap_figures *reported = NULL;
    tap_diags diags = {0};
    assert_int_equal(tap_plan_json_read(f->school, path, &plan, &reported, &diags), TAP_EINPUT);
    assert_null(plan);
    assert_null(reported);
    size_t length = 1;
    for (int i = 0; i < diags.n_items; i++)
        length += strlen(diags.items[i].message) + 1;
    char *joined = calloc(length, 1);
    assert_non_null(joined);
    for (int i = 0; i < diags.n_items; i++) {
        assert_ptr_equal(diags.items[i].pos.file, path);
        strcat(joined, diags.items[i].message);
        strcat(joined, "\n");
    }
    tap_diags_clear(&diags);
    return joined;
}

static void test_unknown_ids_are_reported(void **state)
{
    fixture *f = *state;
    char *errors = read_errors(f, "{\"format\": \"taplan-plan/1\", \"status\": \"optimal\", \"assignments\": [\n"
                                  " {\"staff\": \"TA-Nobody\", \"day\": \"Mon\", \"slot\": \"P1\", \"activity\": \"planning\"},\n"
                                  " {\"staff\": \"TA-Khan\", \"day\": \"Mon\", \"slot\": \"P1\", \"activity\": \"in_class\",\n"
                                  "  \"group\": \"4A\", \"subject\": \"maths\", \"pupils\": [\"A1\", \"Z9\"]},\n"
                                  " {\"staff\": \"TA-Khan\", \"day\": \"Mon\", \"slot\": \"P2\", \"activity\": \"intervention\",\n"
                                  "  \"programme\": \"juggling\", \"pupils\": [\"A2\"], \"withdrawn_from\": []}\n"
                                  "]}\n");
    assert_string_equal(errors, "assignments[0]: unknown staff 'TA-Nobody'\n"
                                "assignments[1] (TA-Khan Mon P1): unknown pupil 'Z9'\n"
                                "assignments[2] (TA-Khan Mon P2): unknown programme 'juggling'\n");
    free(errors);
}

static void test_malformed_entries_are_reported(void **state)
{
    fixture *f = *state;
    char *errors = read_errors(f, "{\"format\": \"taplan-plan/1\", \"status\": \"optimal\", \"assignments\": [\n"
                                  " {\"staff\": \"TA-Khan\", \"day\": 3, \"slot\": \"P1\", \"activity\": \"planning\"},\n"
                                  " {\"staff\": \"TA-Khan\", \"day\": \"Mon\", \"slot\": \"P1\", \"activity\": \"in_class\",\n"
                                  "  \"subject\": \"maths\", \"pupils\": [\"A2\"]},\n"
                                  " {\"staff\": \"TA-Khan\", \"day\": \"Mon\", \"slot\": \"P2\", \"activity\": \"unstructured\",\n"
                                  "  \"pupils\": [\"A2\"], \"programme\": \"speech\", \"colour\": \"red\"},\n"
                                  " {\"staff\": \"TA-Khan\", \"day\": \"Mon\", \"slot\": \"P3\", \"activity\": \"napping\"}\n"
                                  "], \"summary\": {\"weekly_cost\": \"lots\"}}\n");
    assert_string_equal(errors, "assignments[0]: 'day' must be a string\n"
                                "assignments[1] (TA-Khan Mon P1): missing key 'group'\n"
                                "assignments[2]: unknown key 'colour'\n"
                                "assignments[2] (TA-Khan Mon P2): 'programme' does not apply to unstructured\n"
                                "assignments[3]: unknown activity 'napping' (in_class, intervention, unstructured or "
                                "planning)\n"
                                "summary: missing key 'statutory_shortfall_hours'\n"
                                "summary: missing key 'sen_support_shortfall_hours'\n"
                                "summary: 'weekly_cost' must be a number\n"
                                "summary: missing key 'annual_cost'\n"
                                "summary: missing key 'funded_hours'\n"
                                "summary: missing key 'hours_reaching_pupils'\n"
                                "summary: missing key 'unallocated_hours'\n"
                                "summary: missing key 'strength_withdrawals'\n");
    free(errors);
}

static void test_syntax_error_is_located(void **state)
{
    fixture *f = *state;
    const char *path = path_in(f, "broken.json");
    write_text(path, "{\n  \"format\": \"taplan-plan/1\",\n  \"status\": optimal\n}\n");
    tap_plan *plan = NULL;
    tap_figures *reported = NULL;
    tap_diags diags = {0};
    assert_int_equal(tap_plan_json_read(f->school, path, &plan, &reported, &diags), TAP_EINPUT);
    assert_int_equal(diags.n_items, 1);
    assert_int_equal(diags.items[0].pos.line, 3);
    assert_string_equal(diags.items[0].message, "not valid JSON");
    tap_diags_clear(&diags);
    char *errors = read_errors(f, "{\"format\": \"taplan-plan/2\", \"assignments\": []}");
    assert_string_equal(errors, "format is 'taplan-plan/2', not 'taplan-plan/1'\n");
    free(errors);
}

/* A hand-written plan with assignments only is checked for rules alone. */
static void test_assignments_only_plan_has_no_reported_figures(void **state)
{
    fixture *f = *state;
    const char *path = path_in(f, "hand.json");
    write_text(path, "{\"format\": \"taplan-plan/1\", \"status\": \"feasible\", \"assignments\": [\n"
                     " {\"staff\": \"TA-Khan\", \"day\": \"Tue\", \"slot\": \"P2\", \"activity\": \"planning\"}]}\n");
    tap_plan *plan = NULL;
    tap_figures *reported = NULL;
    tap_diags diags = {0};
    assert_int_equal(tap_plan_json_read(f->school, path, &plan, &reported, &diags), TAP_OK);
    assert_null(reported);
    assert_int_equal(plan->n_assignments, 1);
    assert_true(isnan(plan->objective));
    /* TA-Hughes has no planning slot: the one violation. */
    assert_int_equal(tap_verify(f->school, plan, reported, path, &diags), 1);
    assert_string_equal(diags.items[0].message, "TA-Hughes: 0 planning slots (at least 1)");
    char *text = NULL;
    assert_int_equal(tap_plan_json_render(f->school, plan, NULL, &text), TAP_OK);
    assert_non_null(strstr(text, "\"objective\":\tnull"));
    free(text);
    tap_diags_clear(&diags);
    tap_plan_destroy(&plan);
}

/* The school's shortfall is the sum of its pupils' before rounding: three
 * sessions of 50 minutes short make 2.5 h, where three rounded 0.833333s
 * would make 2.499999 (tests/data/figures_fifty_minutes.yaml). */
static void test_summary_adds_unrounded_shortfalls(void **state)
{
    (void)state;
    tap_school *school = test_load_school("figures_fifty_minutes.yaml");
    tap_plan *plan = tap_plan_create();
    assert_non_null(plan);
    tap_figures *figures = NULL;
    assert_int_equal(tap_figures_compute(school, plan, &figures), TAP_OK);
    char *text = NULL;
    assert_int_equal(tap_plan_json_render(school, plan, figures, &text), TAP_OK);
    assert_non_null(strstr(text, "\"shortfall_hours\":\t0.833333,"));
    assert_non_null(strstr(text, "\"statutory_shortfall_hours\":\t2.5,"));
    free(text);
    tap_figures_destroy(&figures);
    tap_plan_destroy(&plan);
    tap_school_destroy(&school);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_render_matches_expected_document, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_is_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_ids_are_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_entries_are_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_syntax_error_is_located, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assignments_only_plan_has_no_reported_figures, setup, teardown),
        cmocka_unit_test(test_summary_adds_unrounded_shortfalls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
