/* test_solve_stats.c - `taplan solve --stats FILE`, the benchmark's
 * measurement document: exact figures on a school worked out by hand, the
 * model size as the terminal reports it, and failures that write nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/text.h"
#include "support/testing.h"

#define path_in(name) test_scratch_path(name)
#define run test_runf

/* The value of key in a key=value document (malloc'd); fails the test
 * unless the key is there exactly once. */
static char *value_of(const char *document, const char *key)
{
    char *found = NULL;
    size_t n = strlen(key);
    for (const char *line = document; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) : strlen(line);
        if (length > n && !strncmp(line, key, n) && line[n] == '=') {
            assert_null(found);
            found = strndup(line + n + 1, length - n - 1);
            assert_non_null(found);
        }
        line = end ? end + 1 : NULL;
    }
    if (!found)
        fail_msg("no %s= line", key);
    return found;
}

static void assert_value(const char *document, const char *key, const char *expected)
{
    char *value = value_of(document, key);
    assert_string_equal(value, expected);
    free(value);
}

static double number_of(const char *document, const char *key)
{
    char *value = value_of(document, key);
    char *end = NULL;
    double number = strtod(value, &end);
    assert_true(end != value && *end == '\0');
    free(value);
    return number;
}

/* tests/data/stats_school.yaml says why these figures are exact. */
static void test_stats_figures(void **state)
{
    (void)state;
    const char *school = test_data("stats_school.yaml");
    char *out = NULL;
    assert_int_equal(run(&out, NULL, "solve %s -o %s --stats %s", school, path_in("plan.json"), path_in("stats.txt")),
                     0);
    char *stats = test_read_file(path_in("stats.txt"));
    assert_non_null(stats);
    assert_true(!strncmp(stats, "format=taplan-solve-stats/1\n", 28));
    assert_value(stats, "status", "optimal");
    assert_value(stats, "objective", "1040");
    assert_value(stats, "bound", "1040");
    assert_value(stats, "gap", "0");
    assert_value(stats, "statutory_shortfall_hours", "1");
    assert_value(stats, "statutory_proven", "yes");
    assert_value(stats, "statutory_bound_hours", "1");
    assert_value(stats, "sen_support_shortfall_hours", "2");
    /* The greedy start already gives T's two hours to A. */
    assert_value(stats, "start_objective", "1040");

    /* The model size is the one the terminal reports. */
    char expected[128];
    snprintf(expected, sizeof expected, "model %.0f rows, %.0f columns, %.0f binaries", number_of(stats, "rows"),
             number_of(stats, "columns"), number_of(stats, "binaries"));
    assert_non_null(strstr(out, expected));
    assert_true(number_of(stats, "binaries") >= 6); /* T in class with A or B in three lessons */
    assert_true(number_of(stats, "first_plan_seconds") <= number_of(stats, "solve_seconds"));
    assert_true(number_of(stats, "peak_memory_kib") >= 1);

    struct stat info;
    assert_int_equal(stat(path_in("stats.txt"), &info), 0);
    assert_int_equal(info.st_mode & 0777, 0600);
    assert_int_equal(run(NULL, NULL, "verify %s %s", school, path_in("plan.json")), 0);
    free(stats);
    free(out);
}

/* A statutory shortfall not proven minimal with a bound: a generated
 * primary whose pupils who need a skill, alone, cannot all be served,
 * solved with the work bounded (the same plan every run). The terminal
 * says what is unavoidable with the figure --stats gives, and that
 * figure is below the plan's shortfall (a bound above a plan would be
 * wrong). */
static void test_stats_statutory_bound(void **state)
{
    (void)state;
    assert_int_equal(run(NULL, NULL, "generate --kind primary --pupils 120 --seed 21 --pressure 1.0 -o %s",
                         path_in("generated.yaml")),
                     0);
    char *out = NULL;
    assert_int_equal(run(&out, NULL, "solve %s -o %s --work 3 --time-limit 300 --stats %s", path_in("generated.yaml"),
                         path_in("plan.json"), path_in("stats.txt")),
                     0);
    char *stats = test_read_file(path_in("stats.txt"));
    assert_non_null(stats);
    assert_value(stats, "statutory_proven", "no");
    double bound = number_of(stats, "statutory_bound_hours");
    assert_true(bound > 0);
    assert_true(bound < number_of(stats, "statutory_shortfall_hours"));
    char expected[96];
    snprintf(expected, sizeof expected, "(not proven minimal; at least %g h is unavoidable)", tap_shown(bound));
    assert_non_null(strstr(out, expected));
    assert_int_equal(run(NULL, NULL, "verify %s %s", path_in("generated.yaml"), path_in("plan.json")), 0);
    free(stats);
    free(out);
}

/* Solves a generated 140-pupil primary (seed, pressure) at --work 50, so
 * that the plan is the same every run: plan.json and generated.yaml in
 * the scratch folder; returns the stats (malloc'd). */
static char *solve_generated_primary(int seed, const char *pressure)
{
    assert_int_equal(run(NULL, NULL, "generate --kind primary --pupils 140 --seed %d --pressure %s -o %s", seed,
                         pressure, path_in("generated.yaml")),
                     0);
    assert_int_equal(run(NULL, NULL, "solve %s -o %s --work 50 --time-limit 300 --stats %s --quiet",
                         path_in("generated.yaml"), path_in("plan.json"), path_in("stats.txt")),
                     0);
    char *stats = test_read_file(path_in("stats.txt"));
    assert_non_null(stats);
    return stats;
}

/* A work limit is shared as the time is: the statutory phase has 60% of
 * it, and the whole model's phase the rest, even where the statutory
 * phase could spend it all (a generated primary at pressure 1.3 whose
 * statutory phase ends 18.5 h short, unproven). Each step of a phase
 * makes one part or the root at least, so the shares are not exact to
 * the part. */
static void test_stats_work_is_shared(void **state)
{
    (void)state;
    char *stats = solve_generated_primary(1, "1.3");
    assert_value(stats, "statutory_proven", "no");
    double statutory = number_of(stats, "statutory_work"), work = number_of(stats, "work");
    assert_true(statutory >= 25 && statutory <= 35);
    assert_true(work - statutory >= 15 && work <= 55);
    assert_int_equal(run(NULL, NULL, "verify %s %s", path_in("generated.yaml"), path_in("plan.json")), 0);
    free(stats);
}

/* No statutory hour short is the least there can be, also when the full
 * model's search reaches it after the statutory phase's plan did not
 * (here 0.5 h after phase one, 0 h in the end). */
static void test_stats_none_short_is_proven(void **state)
{
    (void)state;
    char *stats = solve_generated_primary(2, "1.1");
    assert_value(stats, "statutory_shortfall_hours", "0");
    assert_value(stats, "statutory_proven", "yes");
    assert_int_equal(run(NULL, NULL, "verify %s %s", path_in("generated.yaml"), path_in("plan.json")), 0);
    free(stats);
}

static void test_stats_bad_usage_writes_nothing(void **state)
{
    (void)state;
    const char *school = test_data("stats_school.yaml");
    assert_int_equal(run(NULL, NULL, "solve %s -o %s --stats", school, path_in("never.json")), 2);
    assert_int_equal(access(path_in("never.json"), F_OK), -1);
    assert_int_equal(run(NULL, NULL, "solve %s -o %s --stats %s", test_data("cli_typo.yaml"), path_in("never.json"),
                         path_in("never.txt")),
                     2);
    assert_int_equal(access(path_in("never.txt"), F_OK), -1);
}

/* A measurement that could not be written is a failed run, not a quiet
 * success: the benchmark would otherwise report nothing as a figure. */
static void test_stats_unwritable_fails(void **state)
{
    (void)state;
    char *err = NULL;
    assert_int_equal(run(NULL, &err, "solve %s -o %s --quiet --stats %s", test_data("stats_school.yaml"),
                         path_in("plan.json"), path_in("missing/stats.txt")),
                     3);
    assert_non_null(strstr(err, "stats.txt"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stats_figures),
        cmocka_unit_test(test_stats_statutory_bound),
        cmocka_unit_test(test_stats_work_is_shared),
        cmocka_unit_test(test_stats_none_short_is_proven),
        cmocka_unit_test(test_stats_bad_usage_writes_nothing),
        cmocka_unit_test(test_stats_unwritable_fails),
    };
    return cmocka_run_group_tests(tests, test_scratch_setup, test_scratch_teardown);
}
