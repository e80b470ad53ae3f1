/* cmd_solve.c - `taplan solve`: plan the week, write the plan, and tell the
 * SENCO on the terminal what matters: status, shortfalls and why, hours. */
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "solver/explain.h"
#include "solver/plan_json.h"
#include "solver/solve.h"

/* The worst short pupils get reasons checked by re-solving. */
enum { CHECKED_PUPILS = 5 };

int cmd_solve(int argc, char **argv)
{
    cli_args args;
    if (!cli_parse(argc, argv, "o=,html=,pseudonymise,time-limit=,work=,quiet,no-start,stats=", 1,
                   "solve SCHOOL.yaml -o PLAN.json [--html REPORT.html] [--time-limit S] [--work N] [--stats FILE] [--quiet]",
                   &args))
        return EXIT_BAD_INPUT;
    if (!args.output) {
        fputs("taplan: error: solve needs -o PLAN.json\n", stderr);
        return EXIT_BAD_INPUT;
    }
    int exit_code = 0;
    double started = tap_solve_clock();
    tap_school *school = cli_load_school(args.positional[0], &exit_code);
    if (!school)
        return exit_code;

    /* A fifth of the time, within bounds, checks the worst pupils'
     * reasons by re-solving (explain.md); the solve has the rest, and that
     * fifth too while its plan leaves nobody short (Oakfield's ended at
     * 48 s of 60 with nothing to explain). */
    double limit = args.time_limit_s > 0 ? args.time_limit_s : school->policy.time_limit_s;
    double explain_s = fmin(30.0, 0.2 * limit);
    tap_solve_settings settings = tap_solve_defaults();
    settings.time_limit_s = limit - explain_s;
    settings.spare_s = fmax(0.0, explain_s - 0.03 * limit); /* and a moment to write the plan */
    settings.greedy_start = !cli_flag(&args, "no-start");
    settings.work_parts = args.work_parts;
    settings.progress = args.quiet ? NULL : cli_show_progress;
    settings.stop = cli_catch_interrupt();
    tap_diags diags = {0};
    tap_plan *plan = NULL;
    tap_figures *figures = NULL;
    tap_solve_stats stats = {0};
    tap_status status = tap_solve(school, &settings, &plan, &stats, &diags);
    if (!args.quiet && isatty(STDERR_FILENO))
        fputs("\n", stderr);
    bool solved = status == TAP_OK && tap_plan_found(plan);
    double reasons_started = tap_solve_clock();
    if (solved && !*settings.stop) {
        tap_explain_settings explain = tap_explain_defaults();
        explain.time_limit_s = explain_s;
        /* A solve that ended on work leaves the rest of the limit to the
         * re-solves, each bounded by its nodes alone: with time to spare
         * the reasons, like the plan, are the same on every run. */
        if (settings.work_parts > 0) {
            explain.time_limit_s = fmax(explain_s, limit - (tap_solve_clock() - started));
            explain.resolve_limit_s = explain.time_limit_s;
        }
        status = tap_explain_worst(school, plan, CHECKED_PUPILS, &explain, &diags);
    }
    double reasons_s = tap_solve_clock() - reasons_started;
    if (status == TAP_OK)
        status = tap_figures_compute(school, plan, &figures);
    if (status == TAP_OK)
        status = tap_plan_json_write(school, plan, figures, args.output, &diags);
    if (status == TAP_OK)
        status = cli_write_beside(&args, school, plan, figures, NULL, &stats, &diags);
    if (status == TAP_OK && !args.quiet)
        cli_print_summary(school, plan, figures, &stats, reasons_s);
    exit_code = cli_plan_exit(status, plan, &diags);
    tap_diags_clear(&diags);
    tap_figures_destroy(&figures);
    tap_plan_destroy(&plan);
    tap_school_destroy(&school);
    return exit_code;
}
