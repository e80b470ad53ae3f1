/* test_compare.c - budget scenarios on tests/data/compare_school.yaml,
 * whose figures are worked out by hand in the fixtures' comments: a teacher
 * holding the only missing skill beats three TAs who lack it; a sweep where
 * only the cheaper hire fits at some budgets; parallel runs equal serial
 * ones; every plan passes verify, also after a trip through its JSON. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "solver/compare.h"
#include "solver/comparison_json.h"
#include "solver/plan_json.h"
#include "solver/verify.h"
#include "support/testing.h"

#define assert_hours(actual, expected) assert_true(fabs((actual) - (expected)) < 1e-6)

static int row_of(const char *key)
{
    for (int row = 0; row < tap_n_compare_rows; row++)
        if (!strcmp(tap_compare_rows[row].key, key))
            return row;
    fail_msg("no row %s", key);
    return -1;
}

/* The plan as `taplan verify` sees it: written as JSON, read back against
 * the run's school with the figures it reports, and checked. */
static void verify_round_trip(const tap_compare_run *run)
{
    assert_int_equal(run->n_violations, 0);
    char *dir = test_scratch_dir();
    char path[4200];
    snprintf(path, sizeof path, "%s/plan.json", dir);
    tap_diags diags = {0};
    assert_int_equal(tap_plan_json_write(run->school, run->plan, run->figures, path, &diags), TAP_OK);
    tap_plan *plan = NULL;
    tap_figures *reported = NULL;
    assert_int_equal(tap_plan_json_read(run->school, path, &plan, &reported, &diags), TAP_OK);
    int n_violations = tap_verify(run->school, plan, reported, path, &diags);
    if (n_violations != 0)
        tap_diags_print(&diags, stderr);
    assert_int_equal(n_violations, 0);
    tap_diags_clear(&diags);
    tap_figures_destroy(&reported);
    tap_plan_destroy(&plan);
    remove(path);
    remove(dir);
    free(dir);
}

static void expect_option(const tap_compare_run *run, double cost, double statutory, double sen_delivered,
                          double sen_short, double funded, double reaching, double unallocated)
{
    assert_int_equal(run->status, TAP_OK);
    assert_int_equal(run->plan->status, TAP_STATUS_OPTIMAL);
    const tap_compare_figures *f = &run->summary;
    assert_hours(f->weekly_cost, cost);
    assert_hours(f->annual_cost, cost * 39);
    assert_hours(f->statutory_shortfall_hours, statutory);
    assert_int_equal(f->statutory_pupils_short, statutory > 0 ? 1 : 0);
    assert_hours(f->sen_support_entitled_hours, 4);
    assert_hours(f->sen_support_delivered_hours, sen_delivered);
    assert_hours(f->sen_support_shortfall_hours, sen_short);
    assert_hours(f->funded_hours, funded);
    assert_hours(f->hours_reaching_pupils, reaching);
    assert_hours(f->unallocated_hours, unallocated);
    assert_hours(f->cost_per_delivered_hour, cost / reaching);
    assert_int_equal(f->strength_withdrawals, 0);
    assert_int_equal(f->n_hires, 0);
    verify_round_trip(run);
}

/* The scenario's options compared with the default settings. */
static tap_comparison *compared(const tap_scenario *scenario)
{
    tap_compare_settings settings = tap_compare_defaults();
    tap_comparison *c = NULL;
    assert_int_equal(tap_compare_options(scenario, &settings, &c), TAP_OK);
    return c;
}

static void test_teacher_with_the_missing_skill_wins(void **state)
{
    (void)state;
    tap_scenario *scenario = test_load_scenario("compare_teacher_or_tas.yaml");
    tap_comparison *c = compared(scenario);
    assert_int_equal(c->n_runs, 3);
    /* cost, statutory, SEN delivered, SEN short, funded, reaching, unallocated */
    expect_option(&c->runs[0], 24, 1, 2, 2, 2, 2, 0);
    expect_option(&c->runs[1], 63, 1, 4, 0, 5, 4, 1);
    expect_option(&c->runs[2], 94, 0, 3, 1, 4, 4, 0);
    assert_int_equal(c->runs[2].summary.sessions_delivered, 1);
    assert_int_equal(c->runs[1].summary.sessions_delivered, 0);
    /* status quo: B and C 1 h each, a tie the lower index breaks */
    assert_string_equal(c->runs[0].school->pupils[c->runs[0].summary.worst_pupil].id, "B");
    assert_hours(c->runs[0].summary.worst_delivered_fraction, 0.5);
    assert_hours(c->runs[1].summary.worst_delivered_fraction, 1);
    assert_hours(c->runs[2].summary.worst_delivered_fraction, 0.5);

    int order[3];
    assert_int_equal(tap_compare_rank(c, order), TAP_OK);
    assert_int_equal(order[0], 2);
    assert_int_equal(order[1], 1);
    assert_int_equal(order[2], 0);

    int statutory = row_of("statutory_shortfall_hours"), sen = row_of("sen_support_shortfall_hours");
    int cost = row_of("weekly_cost"), reaching = row_of("hours_reaching_pupils"), funded = row_of("funded_hours");
    int withdrawals = row_of("strength_withdrawals");
    for (int i = 0; i < 3; i++) {
        assert_int_equal(tap_compare_is_best(c, i, statutory), i == 2);
        assert_int_equal(tap_compare_is_best(c, i, sen), i == 1);
        assert_int_equal(tap_compare_is_best(c, i, cost), i == 0);
        assert_int_equal(tap_compare_is_best(c, i, reaching), i != 0); /* a tie: both marked */
        assert_false(tap_compare_is_best(c, i, funded));               /* more is not better */
        assert_false(tap_compare_is_best(c, i, withdrawals));          /* all equal: nobody marked */
    }

    char *verdict = tap_compare_verdict(c);
    assert_non_null(verdict);
    assert_non_null(strstr(verdict, "'Specialist teacher' comes first: it meets every EHC plan in full, where "
                                    "'Three TAs' leaves 1 h of statutory support undelivered."));
    assert_non_null(strstr(verdict, "94.00 a week (3666.00 a year), 31.00 more than 'Three TAs'."));
    assert_non_null(strstr(verdict, "It serves A better (speech sessions)."));
    assert_non_null(strstr(verdict, "give 1 more in-class hour and cost 31.00 less a week, but A would lose speech "
                                    "sessions."));
    assert_non_null(strstr(verdict, "'Specialist teacher', 'Three TAs', 'Status quo'."));
    assert_null(strstr(verdict, "not proven"));
    free(verdict);
    tap_comparison_destroy(&c);
    assert_null(c);
    tap_scenario_destroy(&scenario);
}

/* Whether more time could change the comparison. The fixture's options
 * all solve to optimal, so each test marks some as cut short by the time
 * limit (feasible, a gap of 50%, the statutory proof kept). 'Three TAs'
 * (statutory 1 h, proven; no SEN-support hour short; no possible hire)
 * keeps its place whatever its gap; 'Status quo' (2 h of SEN support
 * short) might not. */
static void test_open_gaps_and_the_order(void **state)
{
    (void)state;
    tap_scenario *scenario = test_load_scenario("compare_teacher_or_tas.yaml");
    tap_comparison *c = compared(scenario);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(c->runs[i].plan->status, TAP_STATUS_OPTIMAL);
        assert_true(c->runs[i].plan->statutory_proven);
    }
    c->runs[1].plan->status = TAP_STATUS_FEASIBLE;
    c->runs[1].plan->gap = 0.5;
    char *verdict = tap_compare_verdict(c);
    assert_non_null(strstr(verdict, "Not proven optimal within the time limit: 'Three TAs' (gap up to 50.0%). More "
                                    "time could change the lesser figures (hours reaching pupils, how many adults "
                                    "each pupil sees) but not this order: that plan's statutory shortfall is proven "
                                    "minimal, it leaves no hour of SEN support short, and its cost does not depend "
                                    "on the plan."));
    free(verdict);
    c->runs[0].plan->status = TAP_STATUS_FEASIBLE;
    c->runs[0].plan->gap = 0.25;
    verdict = tap_compare_verdict(c);
    assert_non_null(strstr(verdict, "Not proven optimal within the time limit: 'Status quo' and 'Three TAs' (gap up "
                                    "to 50.0%). More time (--time-limit) may change this comparison."));
    assert_null(strstr(verdict, "not this order"));
    free(verdict);
    tap_comparison_destroy(&c);
    tap_scenario_destroy(&scenario);
}

/* Every line of text except those with solve_seconds, the one figure a
 * run may change. */
static char *without_timing(char *text)
{
    char *out = text;
    for (char *line = text; *line;) {
        char *end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) + 1 : strlen(line);
        char saved = line[length - 1];
        line[length - 1] = '\0';
        bool timing = strstr(line, "\"solve_seconds\"") != NULL;
        line[length - 1] = saved;
        if (!timing) {
            memmove(out, line, length);
            out += length;
        }
        line += length;
    }
    *out = '\0';
    return text;
}

static char *render(const tap_scenario *scenario, int n_threads, bool sweep)
{
    tap_compare_settings settings = tap_compare_defaults();
    settings.n_threads = n_threads;
    tap_comparison *c = NULL;
    tap_diags diags = {0};
    assert_int_equal(sweep ? tap_compare_sweep(scenario, 20, 80, 10, &settings, &c, &diags)
                           : tap_compare_options(scenario, &settings, &c),
                     TAP_OK);
    char *text = NULL;
    assert_int_equal(tap_comparison_json_render(c, &text), TAP_OK);
    tap_comparison_destroy(&c);
    return without_timing(text);
}

static void test_parallel_equals_serial(void **state)
{
    (void)state;
    const char *names[] = {"compare_teacher_or_tas.yaml", "compare_sweep.yaml"};
    for (int k = 0; k < 2; k++) {
        tap_scenario *scenario = test_load_scenario(names[k]);
        char *serial = render(scenario, 1, k == 1);
        for (int n_threads = 2; n_threads <= 4; n_threads += 2) {
            char *parallel = render(scenario, n_threads, k == 1);
            assert_string_equal(parallel, serial);
            free(parallel);
        }
        assert_non_null(strstr(serial, k == 0 ? "\"format\":\t\"taplan-comparison/1\""
                                              : "\"format\":\t\"taplan-budget-sweep/1\""));
        free(serial);
        tap_scenario_destroy(&scenario);
    }
}

static void test_sweep_frontier(void **state)
{
    (void)state;
    tap_scenario *scenario = test_load_scenario("compare_sweep.yaml");
    tap_compare_settings settings = tap_compare_defaults();
    settings.n_threads = 2;
    tap_comparison *c = NULL;
    tap_diags diags = {0};
    assert_int_equal(tap_compare_sweep(scenario, 20, 80, 10, &settings, &c, &diags), TAP_OK);
    assert_int_equal(c->n_levels, 7);
    assert_true(c->runs[0].below_fixed_cost);
    assert_hours(c->runs[0].fixed_cost, 24);
    assert_null(c->runs[0].plan);
    /* budgets 30 ... 80, worked out in compare_sweep.yaml */
    const double statutory[] = {1, 1, 1, 1, 0, 0};
    const double sen[] = {2, 1, 1, 1, 2, 1};
    const double cost[] = {24, 39, 39, 39, 64, 79};
    const char *const hires[] = {"", "H-TA", "H-TA", "H-TA", "H-SLT", "H-TA H-SLT"};
    double previous = INFINITY;
    for (int level = 1; level < 7; level++) {
        const tap_compare_run *run = &c->runs[level];
        assert_hours(run->budget, 20 + 10 * level);
        assert_false(run->below_fixed_cost);
        assert_int_equal(run->plan->status, TAP_STATUS_OPTIMAL);
        assert_hours(run->summary.statutory_shortfall_hours, statutory[level - 1]);
        assert_hours(run->summary.sen_support_shortfall_hours, sen[level - 1]);
        assert_hours(run->summary.weekly_cost, cost[level - 1]);
        assert_true(run->summary.weekly_cost <= run->budget + 1e-6);
        /* more money never leaves more statutory support undelivered */
        assert_true(run->summary.statutory_shortfall_hours <= previous + 1e-6);
        previous = run->summary.statutory_shortfall_hours;
        char hired[64] = "";
        for (int a = 0; a < run->school->n_staff; a++)
            if (run->school->staff[a].optional && run->figures->staff[a].employed)
                snprintf(hired + strlen(hired), sizeof hired - strlen(hired), "%s%s", hired[0] ? " " : "",
                         run->school->staff[a].id);
        assert_string_equal(hired, hires[level - 1]);
        verify_round_trip(run);
    }
    assert_int_equal(tap_compare_least_meeting(c, 0), 5);
    char *verdict = tap_compare_verdict(c);
    assert_string_equal(verdict, "'Hire pool': every EHC plan is met from a weekly budget of 70.00; that plan costs "
                                 "64.00 a week (2496.00 a year) and hires H-SLT. It leaves 2 h of SEN support "
                                 "undelivered.");
    free(verdict);
    tap_comparison_destroy(&c);
    tap_scenario_destroy(&scenario);
}

static void expect_range_error(const tap_scenario *scenario, double from, double to, double step,
                               const char *expected)
{
    tap_compare_settings settings = tap_compare_defaults();
    tap_comparison *c = NULL;
    tap_diags diags = {0};
    assert_int_equal(tap_compare_sweep(scenario, from, to, step, &settings, &c, &diags), TAP_EINPUT);
    assert_null(c);
    char *text = test_diags_text(&diags);
    assert_string_equal(text, expected);
    free(text);
}

static void test_sweep_ranges(void **state)
{
    (void)state;
    tap_scenario *scenario = test_load_scenario("compare_sweep.yaml");
    const char *bad = "<command line>: error: --budget-sweep FROM:TO:STEP needs 0 <= FROM <= TO and STEP > 0\n";
    expect_range_error(scenario, 50, 40, 10, bad);
    expect_range_error(scenario, 40, 50, 0, bad);
    expect_range_error(scenario, -10, 50, 10, bad);
    expect_range_error(scenario, 1e308, 1e308, 1, "<command line>: error: --budget-sweep budgets must be below "
                                                  "1000000000\n");
    expect_range_error(scenario, 0, 1000, 0.5,
                       "<command line>: error: --budget-sweep gives 2001 budgets; at most 1000\n");
    tap_scenario_destroy(&scenario);
}

/* ---- the command ---- */

static int count_of(const char *haystack, const char *needle)
{
    int n = 0;
    for (const char *at = strstr(haystack, needle); at; at = strstr(at + 1, needle))
        n++;
    return n;
}

static void test_command(void **state)
{
    (void)state;
    char *dir = test_scratch_dir();
    char args[16384], path[4200];
    snprintf(path, sizeof path, "%s/comparison.json", dir);
    char *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "compare %s -o %s -j 2", test_data("compare_teacher_or_tas.yaml"), path);
    assert_int_equal(test_run(args, &out, &err), 0);
    assert_non_null(strstr(out, "Statutory shortfall (h)   1               1               0 *\n"));
    assert_non_null(strstr(out, "(* best in its row)"));
    assert_non_null(strstr(out, "'Specialist teacher' comes first"));
    assert_non_null(strstr(err, "solved 3 of 3"));
    struct stat info;
    assert_int_equal(stat(path, &info), 0);
    assert_int_equal(info.st_mode & 0777, 0600);
    char *document = test_read_file(path);
    assert_non_null(strstr(document, "\"ranking\":\t[\"Specialist teacher\", \"Three TAs\", \"Status quo\"]"));
    free(document), free(out), free(err);

    /* the printable report holds every option, owner-only */
    char html[4200];
    snprintf(html, sizeof html, "%s/comparison.html", dir);
    snprintf(args, sizeof args, "compare %s --html %s --quiet", test_data("compare_teacher_or_tas.yaml"), html);
    assert_int_equal(test_run(args, &out, &err), 0);
    free(out), free(err);
    assert_int_equal(stat(html, &info), 0);
    assert_int_equal(info.st_mode & 0777, 0600);
    document = test_read_file(html);
    assert_non_null(strstr(document, "Status quo"));
    assert_non_null(strstr(document, "Three TAs"));
    assert_non_null(strstr(document, "Specialist teacher"));
    free(document);
    remove(html);

    /* a sweep, without an output file */
    snprintf(args, sizeof args, "compare %s --budget-sweep 60:70:10 --quiet", test_data("compare_sweep.yaml"));
    assert_int_equal(test_run(args, &out, &err), 0);
    assert_string_equal(out, "");
    free(out), free(err);
    snprintf(args, sizeof args, "compare %s --budget-sweep 60:70:10", test_data("compare_sweep.yaml"));
    assert_int_equal(test_run(args, &out, &err), 0);
    assert_non_null(strstr(out, "       60.00  optimal                     1            1        39.00  H-TA\n"
                                "       70.00  optimal                     0            2        64.00  H-SLT\n"));
    free(out), free(err);

    /* Budgets of 0, 10 and 20, all below the employed staff's 24: no plan
     * at any level is an outcome (exit 1), not bad input, and the report
     * still shows the sweep. */
    snprintf(args, sizeof args, "compare %s --budget-sweep 0:20:10 -o %s --html %s --quiet",
             test_data("compare_sweep.yaml"), path, html);
    assert_int_equal(test_run(args, &out, &err), 1);
    free(out), free(err);
    document = test_read_file(html);
    assert_non_null(strstr(document, "No budget in the sweep gives a plan."));
    assert_int_equal(count_of(document, "no plan within this budget"), 3);
    free(document);
    assert_int_equal(stat(path, &info), 0);
    remove(html);
    remove(path);
    remove(dir);
    free(dir);
}

/* Input errors: every one at its place, exit 2, nothing written. */
static void test_command_errors(void **state)
{
    (void)state;
    char *dir = test_scratch_dir();
    char args[16384], path[4200];
    snprintf(path, sizeof path, "%s/comparison.json", dir);
    const char *cases[][2] = {
        {"scenario_errors.yaml", "scenario_errors.yaml:6:20: error: option 'Gone': remove_staff: unknown staff "
                                 "'TA-9'\n"},
        {"scenario_no_base.yaml", "scenario_no_base.yaml:2:7: error: base: '"},
        {"compare_school.yaml", "compare_school.yaml:9:1: error: this is a school file; compare takes a scenario file, "
                                "whose base: names the school (docs/scenarios.md)\n"},
    };
    for (int k = 0; k < 3; k++) {
        char *err = NULL;
        snprintf(args, sizeof args, "compare %s -o %s", test_data(cases[k][0]), path);
        assert_int_equal(test_run(args, NULL, &err), 2);
        assert_non_null(strstr(test_strip_folder(err, TAP_TEST_DATA), cases[k][1]));
        free(err);
        struct stat info;
        assert_int_not_equal(stat(path, &info), 0);
    }
    const char *usage[] = {"--budget-sweep 10:20", "--budget-sweep a:b:c", "-j 0", "-j 1.5", "--jobs 2", "--work 2.5",
                           "--work 0"};
    for (int k = 0; k < 7; k++) {
        snprintf(args, sizeof args, "compare %s -o %s %s", test_data("compare_sweep.yaml"), path, usage[k]);
        assert_int_equal(test_run(args, NULL, NULL), 2);
        struct stat info;
        assert_int_not_equal(stat(path, &info), 0);
    }
    /* a work limit is taken (each option's solve gets it, as solve --work) */
    snprintf(args, sizeof args, "compare %s -o %s --work 3 --quiet", test_data("compare_teacher_or_tas.yaml"), path);
    assert_int_equal(test_run(args, NULL, NULL), 0);
    remove(path);
    remove(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_teacher_with_the_missing_skill_wins),
        cmocka_unit_test(test_open_gaps_and_the_order),
        cmocka_unit_test(test_parallel_equals_serial),
        cmocka_unit_test(test_sweep_frontier),
        cmocka_unit_test(test_sweep_ranges),
        cmocka_unit_test(test_command),
        cmocka_unit_test(test_command_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
