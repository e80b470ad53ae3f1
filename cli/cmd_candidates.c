/* cmd_candidates.c - `taplan candidates`: a few good, genuinely different
 * plans to choose between, written to a folder with an index, and shown
 * side by side on the terminal. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report/report.h"
#include "solver/candidates.h"
#include "solver/candidates_json.h"

static volatile sig_atomic_t interrupted;

static void on_interrupt(int signal_number)
{
    (void)signal_number;
    interrupted = 1;
}

/* --within: a percentage, with or without its sign ("5%", "5", "0.5%"). */
static bool parse_within(const cli_args *args, double *out)
{
    const char *text = cli_value(args, "within");
    if (!text)
        return true;
    char *end = NULL;
    double value = strtod(text, &end);
    if (end != text && *end == '%')
        end++;
    if (end == text || *end || !(value >= 0 && value <= 1000)) {
        fprintf(stderr, "taplan: error: --within takes a percentage between 0%% and 1000%%, not '%s'\n", text);
        return false;
    }
    *out = value / 100.0;
    return true;
}

static bool whole_number(const cli_args *args, const char *name, int min, int max, int *out)
{
    double value = *out;
    if (!cli_number(args, name, min, max, &value))
        return false;
    if (value != (int)value) {
        fprintf(stderr, "taplan: error: --%s takes a whole number\n", name);
        return false;
    }
    *out = (int)value;
    return true;
}

/* The ids of the adults or pupils counted non-zero, at most a few. */
static void print_ids(const char *label, const int *counts, int n, const char *(*id)(const tap_school *, int),
                      const tap_school *school)
{
    int shown = 0, total = 0;
    for (int i = 0; i < n; i++)
        total += counts[i] > 0;
    printf("%s (%d):", label, total);
    for (int i = 0; i < n && shown < 8; i++)
        if (counts[i] > 0)
            printf("%s %s", shown++ ? "," : "", id(school, i));
    printf(total > shown ? ", ...\n" : total ? "\n" : " none\n");
}

static const char *staff_id(const tap_school *school, int a)
{
    return school->staff[a].id;
}

static const char *pupil_id(const tap_school *school, int p)
{
    return school->pupils[p].id;
}

typedef struct {
    const char *label;
    double (*value)(const tap_candidate *c);
} row;

static double objective(const tap_candidate *c)
{
    return c->objective;
}
static double statutory(const tap_candidate *c)
{
    return c->figures->summary.statutory_shortfall_hours;
}
static double sen_support(const tap_candidate *c)
{
    return c->figures->summary.sen_support_shortfall_hours;
}
static double weekly_cost(const tap_candidate *c)
{
    return c->figures->summary.weekly_cost;
}
static double reaching(const tap_candidate *c)
{
    return c->figures->summary.hours_reaching_pupils;
}
static double strengths(const tap_candidate *c)
{
    return c->figures->summary.strength_withdrawals;
}
static double distance(const tap_candidate *c)
{
    return c->distance_to_first;
}

static const row rows[] = {
    {"Objective", objective},
    {"Statutory shortfall (h)", statutory},
    {"SEN-support shortfall (h)", sen_support},
    {"Weekly cost", weekly_cost},
    {"Hours reaching pupils", reaching},
    {"Strength withdrawals", strengths},
    {"Placements unlike plan 1", distance},
};

static void print_table(const tap_school *school, const tap_candidates *c)
{
    printf("%-26s", "Plan");
    for (int k = 0; k < c->n_items; k++)
        printf(" %11d", k + 1);
    printf("\n%-26s", "Status");
    for (int k = 0; k < c->n_items; k++)
        printf(" %11s", tap_plan_status_name(c->items[k].plan->status));
    printf("\n");
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        printf("%-26s", rows[r].label);
        for (int k = 0; k < c->n_items; k++)
            printf(" %11.6g", rows[r].value(&c->items[k]));
        printf("\n");
    }
    for (int k = 1; k < c->n_items; k++) {
        tap_plan_difference difference;
        if (tap_plan_difference_compute(school, c->items[0].plan, c->items[k].plan, &difference) != TAP_OK)
            continue;
        printf("Plan %d against plan 1:\n", k + 1);
        print_ids("  adults with another week", difference.staff_slots, school->n_staff, staff_id, school);
        print_ids("  pupils with another week", difference.pupil_changes, school->n_pupils, pupil_id, school);
        tap_plan_difference_release(&difference);
    }
}

static void print_result(const tap_school *school, const tap_candidates *c, const char *dir)
{
    if (c->n_items == 0) {
        printf("%s: no plan found\n", school->name ? school->name : "school");
        return;
    }
    printf("%s: %d candidate plan%s of %d asked, each within %g%% of the normal plan's objective %.6g (%s) and at "
           "least %d placement%s from every other\n",
           school->name ? school->name : "school", c->n_items, c->n_items == 1 ? "" : "s", c->n_wanted,
           100.0 * c->within, c->reference_objective, c->reference_proven ? "proven optimal" : "not proven optimal",
           c->min_diff, c->min_diff == 1 ? "" : "s");
    if (c->n_items < c->n_wanted)
        printf("Fewer than asked: %s.\n", tap_search_end_text(c->end));
    print_table(school, c);
    printf("Written to %s: candidate-1.json", dir);
    if (c->n_items > 1)
        printf(" to candidate-%d.json", c->n_items);
    printf(" and the index candidates.json\n");
}

/* The candidates side by side in the printable report, "Candidate 1"
 * first. */
static tap_status write_report(const tap_school *school, const tap_candidates *c, const char *path,
                               tap_diags *diags)
{
    tap_report_option *options = calloc((size_t)c->n_items + 1, sizeof *options);
    char (*names)[32] = calloc((size_t)c->n_items + 1, sizeof *names);
    tap_status status = options && names ? TAP_OK : TAP_ENOMEM;
    for (int i = 0; status == TAP_OK && i < c->n_items; i++) {
        snprintf(names[i], sizeof names[i], "Candidate %d", i + 1);
        options[i] = (tap_report_option){names[i], school, c->items[i].plan, c->items[i].figures};
    }
    tap_report report = {.school = school, .options = options, .n_options = c->n_items, .n_violations = -1};
    if (status == TAP_OK)
        status = tap_report_write(&report, path, diags);
    free(options), free(names);
    return status;
}

int cmd_candidates(int argc, char **argv)
{
    cli_args args;
    const char *usage =
        "candidates SCHOOL.yaml -o DIR [-n N] [--within P%] [--min-diff D] [--html REPORT.html] [--time-limit S] [--work N]";
    if (!cli_parse(argc, argv, "o=,n=,within=,min-diff=,html=,time-limit=,work=,quiet", 1, usage, &args))
        return EXIT_BAD_INPUT;
    tap_candidates_settings settings = {0};
    settings.n_wanted = 3;
    settings.within = 0.05;
    settings.min_diff = 6;
    if (!whole_number(&args, "n", 1, 50, &settings.n_wanted) ||
        !whole_number(&args, "min-diff", 1, 1000000, &settings.min_diff) || !parse_within(&args, &settings.within))
        return EXIT_BAD_INPUT;
    if (!args.output) {
        fprintf(stderr, "taplan: error: candidates needs -o DIR, the folder for the plans\nusage: taplan %s\n", usage);
        return EXIT_BAD_INPUT;
    }
    int exit_code = 0;
    tap_school *school = cli_load_school(args.positional[0], &exit_code);
    if (!school)
        return exit_code;
    signal(SIGINT, on_interrupt);
    settings.time_limit_s = args.time_limit_s;
    settings.work_parts = args.work_parts;
    settings.stop = &interrupted;
    tap_diags diags = {0};
    tap_candidates *candidates = NULL;
    tap_status status = tap_candidates_find(school, &settings, &candidates, &diags);
    if (status == TAP_OK && candidates->n_items > 0)
        status = tap_candidates_json_write(school, candidates, args.output, &diags);
    if (status == TAP_OK && candidates->n_items > 0 && cli_value(&args, "html"))
        status = write_report(school, candidates, cli_value(&args, "html"), &diags);
    if (status == TAP_OK) {
        if (!args.quiet)
            print_result(school, candidates, args.output);
        exit_code = candidates->n_items > 0 ? EXIT_PLAN_OK : EXIT_NOT_CLEAN;
    } else {
        exit_code = cli_fail(status, &diags);
    }
    tap_diags_clear(&diags);
    tap_candidates_destroy(&candidates);
    tap_school_destroy(&school);
    return exit_code;
}
