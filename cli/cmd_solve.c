/* cmd_solve.c - `taplan solve`: plan the week, write the plan, and tell the
 * SENCO on the terminal what matters: status, shortfalls and why, hours. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "report/report.h"
#include "solver/explain.h"
#include "solver/plan_json.h"
#include "solver/solve.h"
#include "solver/verify.h"

/* The worst short pupils get reasons checked by re-solving; the terminal
 * lists at most SHOWN_PUPILS of them, worst first. */
enum { CHECKED_PUPILS = 5, SHOWN_PUPILS = 10 };

static volatile sig_atomic_t interrupted;

static void on_interrupt(int signal_number)
{
    (void)signal_number;
    interrupted = 1;
}

static void show_progress(void *context, double elapsed, bool has_incumbent, double incumbent, double bound,
                          double gap)
{
    (void)context;
    if (bound < 0)
        bound = 0; /* every cost is non-negative: 0 is always a bound */
    bool terminal = isatty(STDERR_FILENO);
    if (has_incumbent)
        fprintf(stderr, "%ssolving: %.0f s, best %.3f, bound %.3f, gap %.2f%%%s", terminal ? "\r" : "", elapsed,
                incumbent, bound, 100.0 * gap, terminal ? "   " : "\n");
    else
        fprintf(stderr, "%ssolving: %.0f s, no plan yet, bound %.3f%s", terminal ? "\r" : "", elapsed, bound,
                terminal ? "   " : "\n");
    fflush(stderr);
}

static void print_summary(const tap_school *school, const tap_plan *plan, const tap_figures *figures,
                          const tap_solve_stats *stats)
{
    const tap_summary *sum = &figures->summary;
    printf("%s: %s", school->name ? school->name : "school", tap_plan_status_name(plan->status));
    if (plan->status == TAP_STATUS_FEASIBLE)
        printf(" (gap %.2f%%: not proven optimal)", 100.0 * plan->gap);
    printf(" in %.1f s; model %d rows, %d columns, %d binaries\n", plan->solve_seconds, stats->n_rows, stats->n_cols,
           stats->n_binaries);
    printf("Statutory shortfall: %g h%s    SEN-support shortfall: %g h    strength withdrawals: %d\n",
           sum->statutory_shortfall_hours, plan->statutory_proven ? " (proven minimal)" : " (not proven minimal)",
           sum->sen_support_shortfall_hours, sum->strength_withdrawals);
    double planning = 0.0;
    for (int a = 0; a < school->n_staff; a++)
        planning += figures->staff[a].planning_hours;
    printf("Hours: funded %g, reaching pupils %g, planning %g, unallocated %g\n", sum->funded_hours,
           sum->hours_reaching_pupils, planning, sum->unallocated_hours);
    printf("Cost: %.2f a week, %.2f a year\n", sum->weekly_cost, sum->annual_cost);
    int *order = malloc(((size_t)school->n_pupils + 1) * sizeof *order);
    if (!order)
        return;
    int n_short = tap_explain_order(school, figures, order);
    if (n_short == 0)
        printf("Every pupil receives their full entitlement.\n");
    else
        printf("Pupils short of their entitlement (%d), statutory first, most short first:\n", n_short);
    for (int i = 0; i < n_short && i < SHOWN_PUPILS; i++) {
        int p = order[i];
        const tap_pupil *pupil = &school->pupils[p];
        printf("  %s (%s) %g h short: %s\n", pupil->id, pupil->plan == TAP_PLAN_EHCP ? "EHC plan" : "SEN support",
               figures->pupils[p].shortfall_hours,
               plan->pupil_reasons && plan->pupil_reasons[p] ? plan->pupil_reasons[p] : "capacity is used elsewhere");
    }
    if (n_short > SHOWN_PUPILS)
        printf("  ... and %d more: taplan explain %s lists every one\n", n_short - SHOWN_PUPILS, school->file);
    free(order);
}

/* The plan as the printable report, with the verifier's verdict on it. */
static tap_status write_report(const tap_school *school, const tap_plan *plan, const tap_figures *figures,
                               const char *plan_path, const char *path, bool pseudonymise, tap_diags *diags)
{
    tap_diags violations = {0};
    int n_violations = tap_verify(school, plan, NULL, plan_path, &violations);
    tap_report report = {.school = school,
                         .plan = plan,
                         .figures = figures,
                         .n_violations = n_violations,
                         .violations = &violations,
                         .pseudonymise = pseudonymise};
    tap_status status = n_violations < 0 ? TAP_ENOMEM : tap_report_write(&report, path, diags);
    tap_diags_clear(&violations);
    return status;
}

int cmd_solve(int argc, char **argv)
{
    cli_args args;
    if (!cli_parse(argc, argv, "o=,html=,pseudonymise,time-limit=,quiet,no-start", 1,
                   "solve SCHOOL.yaml -o PLAN.json [--html REPORT.html] [--time-limit S]", &args))
        return EXIT_BAD_INPUT;
    if (!args.output) {
        fputs("taplan: error: solve needs -o PLAN.json\n", stderr);
        return EXIT_BAD_INPUT;
    }
    int exit_code = 0;
    tap_school *school = cli_load_school(args.positional[0], &exit_code);
    if (!school)
        return exit_code;

    signal(SIGINT, on_interrupt);
    tap_solve_settings settings = tap_solve_defaults();
    settings.time_limit_s = args.time_limit_s;
    settings.greedy_start = !cli_flag(&args, "no-start");
    settings.progress = args.quiet ? NULL : show_progress;
    settings.stop = &interrupted;
    tap_diags diags = {0};
    tap_plan *plan = NULL;
    tap_figures *figures = NULL;
    tap_solve_stats stats = {0};
    tap_status status = tap_solve(school, &settings, &plan, &stats, &diags);
    if (!args.quiet && isatty(STDERR_FILENO))
        fputs("\n", stderr);
    bool solved = status == TAP_OK && (plan->status == TAP_STATUS_OPTIMAL || plan->status == TAP_STATUS_FEASIBLE);
    if (solved && !interrupted) {
        /* a quarter of the solve's time, within bounds, for the checks */
        double limit = args.time_limit_s > 0 ? args.time_limit_s : school->policy.time_limit_s;
        tap_explain_settings explain = tap_explain_defaults();
        explain.time_limit_s = fmin(30.0, fmax(2.0, 0.25 * limit));
        status = tap_explain_worst(school, plan, CHECKED_PUPILS, &explain, &diags);
    }
    if (status == TAP_OK)
        status = tap_figures_compute(school, plan, &figures);
    if (status == TAP_OK)
        status = tap_plan_json_write(school, plan, figures, args.output, &diags);
    if (status == TAP_OK && cli_value(&args, "html"))
        status = write_report(school, plan, figures, args.output, cli_value(&args, "html"),
                              cli_flag(&args, "pseudonymise"), &diags);
    if (status == TAP_OK) {
        if (!args.quiet)
            print_summary(school, plan, figures, &stats);
        bool has_plan = plan->status == TAP_STATUS_OPTIMAL || plan->status == TAP_STATUS_FEASIBLE;
        exit_code = has_plan ? EXIT_PLAN_OK : EXIT_NOT_CLEAN;
    } else {
        exit_code = cli_fail(status, &diags);
    }
    tap_diags_clear(&diags);
    tap_figures_destroy(&figures);
    tap_plan_destroy(&plan);
    tap_school_destroy(&school);
    return exit_code;
}
