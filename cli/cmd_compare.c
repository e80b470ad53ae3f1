/* cmd_compare.c - `taplan compare`: every option of a scenario solved and
 * verified (or every option at every budget of a sweep), the comparison
 * written as JSON, and a table with the best of each row and a verdict. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "cli.h"
#include "model/scenario.h"
#include "report/report.h"
#include "solver/compare.h"
#include "solver/comparison_json.h"

#define USAGE "compare SCENARIO.yaml [-o COMPARISON.json] [--html REPORT.html] [-j N] [--budget-sweep FROM:TO:STEP] [--time-limit S] [--work N]"
#define COLUMN 16   /* characters per option on the terminal */
#define LABEL 26    /* characters of the row labels */
#define WIDTH 78    /* the verdict's line length */

static volatile sig_atomic_t interrupted;

static void on_interrupt(int signal_number)
{
    (void)signal_number;
    interrupted = 1;
}

static void on_done(void *context, const tap_compare_run *run, int n_done, int n_runs)
{
    const tap_scenario *scenario = context;
    fprintf(stderr, "solved %d of %d: '%s'", n_done, n_runs, scenario->options[run->option].name);
    if (isfinite(run->budget))
        fprintf(stderr, " at %.2f", run->budget);
    if (run->below_fixed_cost)
        fputs(": below the fixed staff cost\n", stderr);
    else if (run->status == TAP_OK && run->plan)
        fprintf(stderr, ": %s in %.1f s\n", tap_plan_status_name(run->plan->status), run->plan->solve_seconds);
    else
        fprintf(stderr, ": %s\n", tap_status_text(run->status));
}

/* "FROM:TO:STEP" */
static bool parse_sweep(const char *text, double *from, double *to, double *step)
{
    char *end = NULL;
    *from = strtod(text, &end);
    if (end == text || *end != ':')
        return false;
    const char *next = end + 1;
    *to = strtod(next, &end);
    if (end == next || *end != ':')
        return false;
    next = end + 1;
    *step = strtod(next, &end);
    return end != next && *end == '\0';
}

/* A cell of the table: padded to its column, except at the end of a line. */
static void print_cell(const char *text, bool last)
{
    if (last)
        printf("%s\n", text);
    else
        printf("%-*s", COLUMN, text);
}

static void print_value(const tap_compare_run *run, int row, bool best, bool last)
{
    char cell[64];
    double value = tap_compare_value(run, row);
    const char *key = tap_compare_rows[row].key;
    if (!isfinite(value))
        snprintf(cell, sizeof cell, "-");
    else if (!strcmp(key, "worst_served_pupil"))
        snprintf(cell, sizeof cell, "%s %.0f%%", run->school->pupils[run->summary.worst_pupil].id, 100.0 * value);
    else if (strstr(key, "cost"))
        snprintf(cell, sizeof cell, "%.2f", value);
    else
        snprintf(cell, sizeof cell, "%g", tap_shown(value));
    char marked[80];
    snprintf(marked, sizeof marked, "%s%s", cell, best ? " *" : "");
    print_cell(marked, last);
}

/* The paragraph, wrapped at WIDTH columns. */
static void print_wrapped(const char *text)
{
    const char *line = text;
    while (strlen(line) > WIDTH) {
        const char *cut = line + WIDTH;
        while (cut > line && *cut != ' ')
            cut--;
        if (cut == line) /* one word longer than a line */
            cut = strchr(line + WIDTH, ' ');
        if (!cut)
            break;
        printf("%.*s\n", (int)(cut - line), line);
        line = cut + 1;
    }
    printf("%s\n", line);
}

static void print_options(const tap_comparison *c)
{
    printf("%-*s", LABEL, "");
    for (int i = 0; i < c->n_runs; i++) {
        char name[COLUMN];
        snprintf(name, sizeof name, "%s", c->scenario->options[c->runs[i].option].name);
        print_cell(name, i + 1 == c->n_runs);
    }
    printf("%-*s", LABEL, "Status");
    for (int i = 0; i < c->n_runs; i++) {
        const tap_compare_run *run = &c->runs[i];
        char cell[64], gap[24];
        if (run->status != TAP_OK || !run->plan) {
            snprintf(cell, sizeof cell, "error");
        } else if (run->plan->status == TAP_STATUS_FEASIBLE) {
            tap_gap_percent(run->plan->gap, 1, gap, sizeof gap);
            snprintf(cell, sizeof cell, "gap %s", gap);
        } else {
            snprintf(cell, sizeof cell, "%s", tap_plan_status_name(run->plan->status));
        }
        print_cell(cell, i + 1 == c->n_runs);
    }
    for (int row = 0; row < tap_n_compare_rows; row++) {
        printf("%-*s", LABEL, tap_compare_rows[row].label);
        for (int i = 0; i < c->n_runs; i++)
            print_value(&c->runs[i], row, tap_compare_is_best(c, i, row), i + 1 == c->n_runs);
    }
    printf("(* best in its row)\n\n");
}

static void print_sweep(const tap_comparison *c)
{
    for (int k = 0; k < c->scenario->n_options; k++) {
        const tap_compare_run *first = &c->runs[k * c->n_levels];
        printf("'%s' (staff who are not optional cost %.2f a week)\n", c->scenario->options[k].name,
               first->fixed_cost);
        printf("  %10s  %-16s %12s %12s %12s  %s\n", "budget", "status", "statutory h", "SEN short h", "weekly cost",
               "hires");
        for (int level = 0; level < c->n_levels; level++) {
            const tap_compare_run *run = &c->runs[k * c->n_levels + level];
            printf("  %10.2f  ", run->budget);
            if (run->below_fixed_cost) {
                printf("below fixed cost\n");
                continue;
            }
            if (!tap_compare_has_plan(run)) {
                printf("%s\n", run->status == TAP_OK && run->plan ? tap_plan_status_name(run->plan->status)
                                                                  : tap_status_text(run->status));
                continue;
            }
            char status[32], gap[24];
            if (run->plan->status == TAP_STATUS_FEASIBLE) {
                tap_gap_percent(run->plan->gap, 1, gap, sizeof gap);
                snprintf(status, sizeof status, "gap %s", gap);
            } else {
                snprintf(status, sizeof status, "%s", tap_plan_status_name(run->plan->status));
            }
            printf("%-16s %12g %12g %12.2f  ", status, round(run->summary.statutory_shortfall_hours * 100) / 100,
                   round(run->summary.sen_support_shortfall_hours * 100) / 100, run->summary.weekly_cost);
            int n_hired = 0;
            for (int a = 0; a < run->school->n_staff; a++)
                if (run->school->staff[a].optional && run->figures->staff[a].employed)
                    printf("%s%s", n_hired++ ? ", " : "", run->school->staff[a].id);
            printf("%s\n", n_hired ? "" : "-");
        }
        printf("\n");
    }
}

/* Diagnostics of failed runs and violations, on stderr; the exit code. */
static int report_runs(const tap_comparison *c)
{
    int exit_code = EXIT_PLAN_OK;
    bool any_plan = false;
    for (int i = 0; i < c->n_runs; i++) {
        const tap_compare_run *run = &c->runs[i];
        any_plan |= tap_compare_has_plan(run);
        if (run->status != TAP_OK) {
            tap_diags_print(&run->diags, stderr);
            exit_code = EXIT_INTERNAL;
        } else if (run->n_violations > 0) {
            tap_diags_print(&run->diags, stderr);
            if (exit_code == EXIT_PLAN_OK)
                exit_code = EXIT_NOT_CLEAN;
        }
    }
    if (!any_plan && exit_code == EXIT_PLAN_OK)
        exit_code = EXIT_NOT_CLEAN;
    return exit_code;
}

/* The names of the possible hires a plan employs, "A, B", or NULL. */
static char *hires_of(const tap_compare_run *run)
{
    tap_text text = {0};
    for (int a = 0; run->figures && a < run->school->n_staff; a++)
        if (run->school->staff[a].optional && run->figures->staff[a].employed)
            tap_text_printf(&text, "%s%s", text.length ? ", " : "", run->school->staff[a].id);
    return text.length ? tap_text_take(&text) : (tap_text_free(&text), NULL);
}

/* The comparison as the printable report: every option side by side, or
 * a sweep's frontier (of its first option) with the plan at each budget. */
static tap_status write_report(const tap_comparison *c, const char *path, tap_diags *diags)
{
    tap_report_option *options = calloc((size_t)c->n_runs + 1, sizeof *options);
    tap_report_point *frontier = calloc((size_t)c->n_levels + 1, sizeof *frontier);
    char **hires = calloc((size_t)c->n_levels + 1, sizeof *hires);
    tap_status status = options && frontier && hires ? TAP_OK : TAP_ENOMEM;
    int n_options = 0;
    for (int i = 0; status == TAP_OK && i < c->n_runs; i++) {
        const tap_compare_run *run = &c->runs[i];
        if (!tap_compare_has_plan(run) || (c->sweep && i >= c->n_levels))
            continue;
        options[n_options++] = (tap_report_option){c->scenario->options[run->option].name, run->school, run->plan,
                                                   run->figures};
    }
    for (int level = 0; status == TAP_OK && c->sweep && level < c->n_levels; level++) {
        const tap_compare_run *run = &c->runs[level];
        hires[level] = hires_of(run);
        frontier[level] = (tap_report_point){run->budget, tap_compare_has_plan(run), run->summary.weekly_cost,
                                             run->summary.statutory_shortfall_hours,
                                             run->summary.sen_support_shortfall_hours, hires[level]};
    }
    tap_report report = {.title = c->scenario->title,
                         .options = options,
                         .n_options = n_options,
                         .frontier = frontier,
                         .n_frontier = c->sweep ? c->n_levels : 0,
                         .n_violations = -1};
    if (status == TAP_OK)
        status = tap_report_write(&report, path, diags);
    for (int level = 0; hires && level < c->n_levels; level++)
        free(hires[level]);
    free(hires), free(frontier), free(options);
    return status;
}

int cmd_compare(int argc, char **argv)
{
    cli_args args;
    if (!cli_parse(argc, argv, "o=,html=,j=,budget-sweep=,time-limit=,work=,quiet", 1, USAGE, &args))
        return EXIT_BAD_INPUT;
    double n_threads = 1, from = 0, to = 0, step = 0;
    if (!cli_number(&args, "j", 1, 64, &n_threads))
        return EXIT_BAD_INPUT;
    if (n_threads != floor(n_threads)) {
        fprintf(stderr, "taplan: error: -j takes a whole number of solves at once\n");
        return EXIT_BAD_INPUT;
    }
    const char *sweep = cli_value(&args, "budget-sweep");
    if (sweep && !parse_sweep(sweep, &from, &to, &step)) {
        fprintf(stderr, "taplan: error: --budget-sweep takes FROM:TO:STEP, e.g. 2000:4000:250\n");
        return EXIT_BAD_INPUT;
    }
    tap_scenario *scenario = tap_scenario_create();
    if (!scenario)
        return cli_fail(TAP_ENOMEM, &(tap_diags){0});
    tap_diags diags = {0};
    tap_status status = tap_scenario_read(scenario, args.positional[0], &diags);
    if (status != TAP_OK) {
        /* printed before the scenario goes: it holds the base file's name */
        int exit_code = cli_fail(status == TAP_EIO ? TAP_EINPUT : status, &diags);
        tap_scenario_destroy(&scenario);
        return exit_code;
    }

    signal(SIGINT, on_interrupt);
    tap_compare_settings settings = tap_compare_defaults();
    settings.time_limit_s = args.time_limit_s;
    settings.work_parts = args.work_parts;
    settings.n_threads = (int)n_threads;
    settings.stop = &interrupted;
    settings.on_done = args.quiet ? NULL : on_done;
    settings.context = scenario;
    tap_comparison *comparison = NULL;
    status = sweep ? tap_compare_sweep(scenario, from, to, step, &settings, &comparison, &diags)
                   : tap_compare_options(scenario, &settings, &comparison);
    if (status == TAP_OK && args.output)
        status = tap_comparison_json_write(comparison, args.output, &diags);
    if (status == TAP_OK && cli_value(&args, "html"))
        status = write_report(comparison, cli_value(&args, "html"), &diags);
    int exit_code = status == TAP_OK ? report_runs(comparison) : cli_fail(status, &diags);
    if (status == TAP_OK && !args.quiet) {
        printf("\n%s (base: %s)\n\n", scenario->title ? scenario->title : "Scenario", scenario->base);
        if (comparison->sweep)
            print_sweep(comparison);
        else
            print_options(comparison);
        char *verdict = tap_compare_verdict(comparison);
        if (verdict)
            print_wrapped(verdict);
        free(verdict);
    }
    tap_diags_clear(&diags);
    tap_comparison_destroy(&comparison);
    tap_scenario_destroy(&scenario);
    return exit_code;
}
