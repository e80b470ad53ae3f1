/* test_scenario.c - scenario files and the merge of each option into its
 * base school (tests/data/compare_school.yaml): what every operation does
 * to the school, and every error at its place, naming the option. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/scenario.h"
#include "support/testing.h"

#define assert_hours(actual, expected) assert_true((actual) > (expected) - 1e-9 && (actual) < (expected) + 1e-9)

static tap_school *school_of(const tap_scenario *scenario, int option)
{
    tap_diags diags = {0};
    tap_school *school = NULL;
    assert_int_equal(tap_scenario_school(scenario, option, &school, &diags), TAP_OK);
    assert_int_equal(diags.n_items, 0);
    return school;
}

/* The printed errors of reading scenario NAME (folder taken out). */
static char *errors_of(const char *name)
{
    tap_scenario *scenario = tap_scenario_create();
    assert_non_null(scenario);
    tap_diags diags = {0};
    assert_int_equal(tap_scenario_read(scenario, test_data(name), &diags), TAP_EINPUT);
    char *text = test_diags_text(&diags); /* before the scenario, which names the base file */
    tap_scenario_destroy(&scenario);
    assert_null(scenario);
    return text;
}

static void test_names_and_base(void **state)
{
    (void)state;
    tap_scenario *scenario = test_load_scenario("compare_teacher_or_tas.yaml");
    assert_string_equal(scenario->title, "One specialist teacher or three TAs?");
    assert_string_equal(scenario->base, "compare_school.yaml");
    /* relative to the scenario file, not to the working folder */
    char expected[4200];
    snprintf(expected, sizeof expected, "%s", test_data("compare_school.yaml"));
    assert_string_equal(scenario->base_path, expected);
    assert_int_equal(scenario->n_options, 3);
    assert_string_equal(scenario->options[0].name, "Status quo");
    assert_int_equal(scenario->options[0].pos.line, 12);
    assert_string_equal(scenario->options[2].name, "Specialist teacher");
    assert_int_equal(scenario->options[2].pos.line, 18);
    assert_int_equal(scenario->options[2].pos.column, 5);

    tap_school *base = school_of(scenario, -1);
    assert_int_equal(base->n_staff, 1);
    tap_school *quo = school_of(scenario, 0);
    assert_int_equal(quo->n_staff, 1);
    tap_school *tas = school_of(scenario, 1);
    assert_int_equal(tas->n_staff, 4);
    assert_string_equal(tas->staff[3].id, "TA-4");
    assert_hours(tas->staff[3].cost_per_hour, 13);
    /* the added adult is located in the scenario file */
    assert_int_equal(tas->staff[3].pos.line, 17);
    tap_school *teacher = school_of(scenario, 2);
    assert_int_equal(teacher->n_staff, 2);
    assert_int_equal(teacher->staff[1].role, TAP_ROLE_TEACHER);
    assert_int_equal(teacher->staff[1].n_skills, 1);
    assert_string_equal(teacher->skills[teacher->staff[1].skills[0]].id, "speech_language");
    tap_school_destroy(&base), tap_school_destroy(&quo), tap_school_destroy(&tas), tap_school_destroy(&teacher);
    tap_scenario_destroy(&scenario);
}

static void test_every_operation(void **state)
{
    (void)state;
    tap_scenario *scenario = test_load_scenario("scenario_merge.yaml");
    assert_int_equal(scenario->n_options, 5);

    tap_school *cut = school_of(scenario, 0); /* TA-1's 2 h halved */
    assert_hours(cut->staff[0].hours, 1);

    tap_school *intake = school_of(scenario, 1); /* D joins G from its own side */
    int d = tap_school_find_pupil(intake, "D");
    assert_int_equal(intake->n_pupils, 4);
    assert_int_equal(intake->pupils[d].plan, TAP_PLAN_EHCP);
    assert_int_equal(intake->groups[0].n_pupils, 4);
    assert_int_equal(intake->groups[0].pupils[3], d);
    assert_int_equal(intake->pupils[d].n_groups, 1);

    tap_school *money = school_of(scenario, 2); /* budget and policy merge */
    assert_true(money->budget.has_weekly);
    assert_hours(money->budget.weekly, 100);
    assert_hours(money->budget.weeks_per_year, 39);
    assert_int_equal(money->budget.pos.line, 11); /* the option's budget: */
    assert_int_equal(money->budget.pos.column, 13);
    assert_hours(money->policy.weights.statutory, 500);
    assert_hours(money->policy.weights.sen_support, 10); /* untouched weights keep their defaults */
    assert_int_equal(money->policy.max_adults_per_pupil, 2);
    assert_int_equal(money->policy.planning_slots, 0); /* from the base */

    tap_school *swap = school_of(scenario, 3); /* removed, then added anew */
    assert_int_equal(swap->n_staff, 1);
    assert_hours(swap->staff[0].hours, 3);
    assert_hours(swap->staff[0].cost_per_hour, 14);

    tap_school *renamed = school_of(scenario, 4); /* other keys replace; ~ removes */
    assert_string_equal(renamed->name, "Compare Primary after the merger");
    assert_int_equal(renamed->budget.pos.line, 0);
    tap_school_destroy(&cut), tap_school_destroy(&intake), tap_school_destroy(&money);
    tap_school_destroy(&swap), tap_school_destroy(&renamed);
    tap_scenario_destroy(&scenario);
}

static void test_option_errors(void **state)
{
    (void)state;
    char *text = errors_of("scenario_errors.yaml");
    assert_string_equal(text,
                        "scenario_errors.yaml:6:20: error: option 'Gone': remove_staff: unknown staff 'TA-9'\n"
                        "scenario_errors.yaml:8:13: error: option 'Poor': budget: weekly 10 is below 24, the weekly "
                        "cost of the staff who are not optional\n"
                        "scenario_errors.yaml:10:5: error: option 'Typo': unknown key 'add_staf' (an option takes "
                        "name, add_staff, remove_staff, scale_staff_hours, add_pupils and the keys of the school "
                        "file)\n"
                        "scenario_errors.yaml:11:24: error: option 'Typo': scale_staff_hours: no staff member "
                        "matches\n"
                        "scenario_errors.yaml:13:17: error: option 'Lazy': staff 'TA-5': needs hours (contracted "
                        "hours a week)\n");
    free(text);
}

static void test_option_past_the_base_budget(void **state)
{
    (void)state;
    char *text = errors_of("scenario_over_budget.yaml");
    assert_string_equal(text, "scenario_over_budget.yaml:9:5: error: option 'Crowded': budget: weekly 40 is below 46, "
                              "the weekly cost of the staff who are not optional (in the base school, "
                              "solve_budget.yaml:22:9)\n");
    free(text);
}

static void test_missing_base(void **state)
{
    (void)state;
    char *text = errors_of("scenario_no_base.yaml");
    assert_string_equal(text, "scenario_no_base.yaml:2:7: error: base: 'no_such_school.yaml': cannot open: No such "
                              "file or directory\n");
    free(text);
}

/* Writes text as a scenario beside the fixtures' copy of the base school
 * in a scratch folder, and returns its printed errors with the folder
 * taken out. */
static char *errors_of_text(const char *text, const char *base_text)
{
    char *dir = test_scratch_dir();
    char path[4200], base[4200];
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    snprintf(base, sizeof base, "%s/base.yaml", dir);
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(text, file);
    fclose(file);
    file = fopen(base, "w");
    assert_non_null(file);
    fputs(base_text, file);
    fclose(file);
    tap_scenario *scenario = tap_scenario_create();
    tap_diags diags = {0};
    assert_int_equal(tap_scenario_read(scenario, path, &diags), TAP_EINPUT);
    char *out = test_strip_folder(test_diags_text(&diags), dir);
    tap_scenario_destroy(&scenario);
    remove(path), remove(base), rmdir(dir);
    free(dir);
    return out;
}

static const char *const tiny_school = "week:\n"
                                       "  days: [Mon]\n"
                                       "  slots: [{id: P1, start: \"09:00\", end: \"10:00\", kind: lesson}]\n"
                                       "staff: [{id: T, hours: 20}]\n";

static void test_file_shapes(void **state)
{
    (void)state;
    char *text = errors_of_text("scenario: x\n", tiny_school);
    assert_string_equal(text, "s.yaml:1:1: error: the scenario file needs base: the school file the options change\n"
                              "s.yaml:1:1: error: the scenario file needs options: a list of named options\n");
    free(text);
    text = errors_of_text("base: base.yaml\noptions: []\nextra: 1\n", tiny_school);
    assert_string_equal(text, "s.yaml:3:1: error: unknown key 'extra' in the scenario file\n"
                              "s.yaml:2:10: error: options: at least one option is needed\n");
    free(text);
    text = errors_of_text("base: base.yaml\noptions:\n  - A\n  - {budget: {weekly: 5}}\n  - [B]\n  - name: A\n",
                          tiny_school);
    assert_string_equal(text, "s.yaml:4:5: error: option: needs a name\n"
                              "s.yaml:5:5: error: option: expected a mapping, found a list\n"
                              "s.yaml:6:11: error: option: duplicate name 'A'\n");
    free(text);
}

/* A broken base school is reported once, as the school file's errors,
 * not once per option. */
static void test_broken_base(void **state)
{
    (void)state;
    char *text = errors_of_text("base: base.yaml\noptions: [A, B]\n", "week:\n  days: [Mon]\nstaf: []\n");
    assert_string_equal(text, "base.yaml:3:1: error: unknown key 'staf' in the school file\n"
                              "base.yaml:2:3: error: week: needs days and slots\n");
    free(text);
}

/* An option's values are located in the scenario file even when they
 * end up deep inside the base school's tree. */
static void test_errors_inside_merged_values(void **state)
{
    (void)state;
    char *text = errors_of_text("base: base.yaml\n"
                                "options:\n"
                                "  - name: Soft\n"
                                "    policy: {strengths: mild}\n"
                                "  - name: Scaled\n"
                                "    scale_staff_hours: [{factor: 200}, {staff: [X], factor: 2}]\n"
                                "  - name: Big\n"
                                "    scale_staff_hours: {factor: 9, staff: T}\n"
                                "    add_pupils: [{id: P, groups: [Z]}]\n",
                                tiny_school);
    assert_string_equal(text, "s.yaml:4:25: error: option 'Soft': policy: strengths: expected hard or soft, found "
                              "'mild'\n"
                              "s.yaml:6:34: error: option 'Scaled': scale_staff_hours: factor: must be at most 10, "
                              "found 200\n"
                              "s.yaml:6:49: error: option 'Scaled': scale_staff_hours: unknown staff 'X'\n"
                              /* pupils are read before staff */
                              "s.yaml:9:35: error: option 'Big': pupil 'P': unknown group 'Z'\n"
                              "s.yaml:8:33: error: option 'Big': staff 'T': hours: must be at most 168, found 180\n");
    free(text);
}

/* The shipped scenarios load, and every option builds a school that checks
 * (solving them takes minutes: that is for the user, not the suite). */
static void test_shipped_scenarios(void **state)
{
    (void)state;
    const char *names[] = {"oakfield-teacher-or-tas", "oakfield-ta-hours-cut", "oakfield-new-intake",
                           "oakfield-hire-pool",      "riverside-teacher-or-tas", "riverside-ta-hours-cut",
                           "riverside-new-intake"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/scenarios/%s.yaml", TAP_SOURCE_DIR, names[k]);
        tap_scenario *scenario = tap_scenario_create();
        tap_diags diags = {0};
        tap_status status = tap_scenario_read(scenario, path, &diags);
        if (status != TAP_OK)
            tap_diags_print(&diags, stderr);
        assert_int_equal(status, TAP_OK);
        assert_true(scenario->n_options >= 1);
        tap_diags_clear(&diags);
        tap_scenario_destroy(&scenario);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_base),
        cmocka_unit_test(test_every_operation),
        cmocka_unit_test(test_option_errors),
        cmocka_unit_test(test_option_past_the_base_budget),
        cmocka_unit_test(test_missing_base),
        cmocka_unit_test(test_file_shapes),
        cmocka_unit_test(test_broken_base),
        cmocka_unit_test(test_errors_inside_merged_values),
        cmocka_unit_test(test_shipped_scenarios),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
