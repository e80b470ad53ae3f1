/* outcome.c - what the solving commands (solve, replan) print and write
 * besides the plan: the progress line, the summary with each pupil's
 * shortfall and reason, and the printable report. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/text.h"
#include "cli.h"
#include "solve_stats.h"
#include "report/report.h"
#include "solver/explain.h"
#include "solver/verify.h"

/* The terminal lists at most this many short pupils, worst first. */
enum { SHOWN_PUPILS = 10 };

static volatile sig_atomic_t interrupted;

static void on_interrupt(int signal_number)
{
    (void)signal_number;
    interrupted = 1;
}

volatile sig_atomic_t *cli_catch_interrupt(void)
{
    signal(SIGINT, on_interrupt);
    return &interrupted;
}

void cli_show_progress(void *context, const tap_progress *report)
{
    (void)context;
    /* every cost is non-negative: 0 is always a bound, and a plan below it
     * is rounding (the statutory phase printed "best -0.000") */
    double bound = report->bound < 0 ? 0 : report->bound;
    double best = report->incumbent < 0 ? 0 : report->incumbent;
    bool terminal = isatty(STDERR_FILENO);
    const char *what = report->objective ? report->objective : "";
    fprintf(stderr, "%ssolving%s%s: %.0f s, ", terminal ? "\r" : "", *what ? " " : "", what, report->elapsed_s);
    if (report->has_incumbent)
        fprintf(stderr, "best %.3f, bound %.3f, gap %.2f%%", best, bound, 100.0 * report->gap);
    else
        fprintf(stderr, "no plan yet, bound %.3f", bound);
    fputs(terminal ? "   " : "\n", stderr);
    fflush(stderr);
}

void cli_print_summary(const tap_school *school, const tap_plan *plan, const tap_figures *figures,
                       const tap_solve_stats *stats, double reasons_s)
{
    const tap_summary *sum = &figures->summary;
    printf("%s: %s", school->name ? school->name : "school", tap_plan_status_name(plan->status));
    /* a replan moves the absent days and what a first repair makes up on
     * others (docs/replan.md): its proof is about those, and a SENCO
     * reading "optimal" above a statutory shortfall "not proven minimal"
     * deserves to know which */
    const char *scope = plan->replanned ? " among the revisions a replan considers (the absent days, and cover made "
                                          "up on other days)"
                                        : "";
    if (plan->status == TAP_STATUS_OPTIMAL)
        printf("%s", scope);
    if (plan->status == TAP_STATUS_FEASIBLE) {
        char gap[32];
        tap_gap_percent(plan->gap, 2, gap, sizeof gap);
        printf(" (gap %s: not proven optimal%s", gap, scope);
        /* Oakfield's gap of ~90% is all continuity: say so before a SENCO
         * doubts a plan that meets every entitlement */
        if (tap_plan_entitlements_settled(plan, figures))
            printf(", and only in the lesser terms: adults per pupil, support in strength lessons%s",
                   tap_school_has_possible_hires(school) ? ", the cost of possible hires" : "");
        printf(")");
    }
    printf(" in %.1f s", plan->solve_seconds);
    if (reasons_s >= 0.05)
        printf(", then %.1f s checking reasons", reasons_s);
    if (stats)
        printf("; model %d rows, %d columns, %d binaries", stats->n_rows, stats->n_cols, stats->n_binaries);
    printf("\n");
    printf("Statutory shortfall: %g h", tap_shown(sum->statutory_shortfall_hours));
    if (plan->statutory_proven)
        printf(" (proven minimal)");
    else if (plan->statutory_bound_hours > 0) /* what no plan can avoid: a SENCO can act on it */
        printf(" (not proven minimal; at least %g h is unavoidable)", tap_shown(plan->statutory_bound_hours));
    else
        printf(" (not proven minimal)");
    printf("    SEN-support shortfall: %g h    strength withdrawals: %d\n", tap_shown(sum->sen_support_shortfall_hours),
           sum->strength_withdrawals);
    double planning = 0.0;
    for (int a = 0; a < school->n_staff; a++)
        planning += figures->staff[a].planning_hours;
    printf("Hours: funded %g, reaching pupils %g, planning %g, unallocated %g\n", tap_shown(sum->funded_hours),
           tap_shown(sum->hours_reaching_pupils), tap_shown(planning), tap_shown(sum->unallocated_hours));
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
               tap_shown(figures->pupils[p].shortfall_hours),
               plan->pupil_reasons && plan->pupil_reasons[p] ? plan->pupil_reasons[p] : "capacity is used elsewhere");
    }
    if (n_short > SHOWN_PUPILS)
        printf("  ... and %d more: taplan explain %s lists every one\n", n_short - SHOWN_PUPILS, school->file);
    free(order);
}

static tap_status write_report(const tap_school *school, const tap_plan *plan, const tap_figures *figures,
                               const tap_plan *previous, const char *plan_path, const char *path, bool pseudonymise,
                               tap_diags *diags)
{
    tap_diags violations = {0};
    int n_violations = tap_verify(school, plan, NULL, plan_path, &violations);
    tap_report report = {.school = school,
                         .plan = plan,
                         .figures = figures,
                         .previous = previous,
                         .n_violations = n_violations,
                         .violations = &violations,
                         .pseudonymise = pseudonymise};
    tap_status status = n_violations < 0 ? TAP_ENOMEM : tap_report_write(&report, path, diags);
    tap_diags_clear(&violations);
    return status;
}

tap_status cli_write_beside(const cli_args *args, const tap_school *school, const tap_plan *plan,
                            const tap_figures *figures, const tap_plan *previous, const tap_solve_stats *stats,
                            tap_diags *diags)
{
    tap_status status = TAP_OK;
    if (cli_value(args, "html"))
        status = write_report(school, plan, figures, previous, args->output, cli_value(args, "html"),
                              cli_flag(args, "pseudonymise"), diags);
    if (status == TAP_OK && cli_value(args, "stats"))
        status = cli_solve_stats_write(cli_value(args, "stats"), plan, figures, stats, diags);
    return status;
}

int cli_plan_exit(tap_status status, const tap_plan *plan, tap_diags *diags)
{
    if (status != TAP_OK)
        return cli_fail(status, diags);
    return tap_plan_found(plan) ? EXIT_PLAN_OK : EXIT_NOT_CLEAN;
}
