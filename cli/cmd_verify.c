/* cmd_verify.c - `taplan verify`: judge any plan, hand-edited or not,
 * against the school's hard rules and its own reported figures. */
#include <stdio.h>

#include "cli.h"
#include "solver/plan_json.h"
#include "solver/verify.h"

int cmd_verify(int argc, char **argv)
{
    cli_args args;
    if (!cli_parse(argc, argv, "quiet,absence=,absent=", 2,
                   "verify SCHOOL.yaml PLAN.json [--absence ABSENCES.yaml] [--absent STAFF@DAY[:SLOTS]]...", &args))
        return EXIT_BAD_INPUT;
    int exit_code = 0;
    tap_school *school = cli_load_school(args.positional[0], &exit_code);
    if (!school)
        return exit_code;
    tap_diags diags = {0};
    tap_plan *plan = NULL;
    tap_figures *reported = NULL;
    /* A replanned week is judged with its absences: an absent adult is
     * unavailable, so any assignment while away is a violation. */
    tap_absences *absences = NULL;
    tap_status status = cli_gather_absences(school, &args, &absences, &diags);
    if (status == TAP_OK) {
        tap_absences_apply(absences, school);
        status = tap_plan_json_read(school, args.positional[1], &plan, &reported, &diags);
    }
    if (status != TAP_OK) {
        exit_code = cli_fail(status == TAP_EIO ? TAP_EINPUT : status, &diags);
    } else {
        int n_violations = tap_verify(school, plan, reported, args.positional[1], &diags);
        if (n_violations < 0) {
            exit_code = cli_fail(TAP_ENOMEM, &diags);
        } else if (n_violations > 0) {
            tap_diags_print(&diags, stdout);
            printf("%s: %d violation%s\n", args.positional[1], n_violations, n_violations == 1 ? "" : "s");
            exit_code = EXIT_NOT_CLEAN;
        } else {
            if (!args.quiet)
                printf("%s: no violations (%d assignments checked)\n", args.positional[1], plan->n_assignments);
            exit_code = EXIT_PLAN_OK;
        }
    }
    tap_diags_clear(&diags);
    tap_absences_destroy(&absences);
    tap_figures_destroy(&reported);
    tap_plan_destroy(&plan);
    tap_school_destroy(&school);
    return exit_code;
}
