/* cmd_report.c - `taplan report`: the plan as one printable HTML file for
 * the staffroom wall, each adult, governors and EHC plan reviews. */
#include <stdio.h>

#include "cli.h"
#include "report/report.h"

int cmd_report(int argc, char **argv)
{
    cli_args args;
    const char *usage = "report PLAN.json [--school SCHOOL.yaml] [--previous OLD.json] [--sections LIST] "
                        "[--pseudonymise] -o REPORT.html";
    if (!cli_parse(argc, argv, "o=,school=,previous=,sections=,pseudonymise,quiet", 1, usage, &args))
        return EXIT_BAD_INPUT;
    if (!args.output) {
        fputs("taplan: error: report needs -o REPORT.html\n", stderr);
        return EXIT_BAD_INPUT;
    }
    unsigned sections = 0;
    const char *list = cli_value(&args, "sections");
    if (list && !tap_report_parse_sections(list, &sections)) {
        fputs("taplan: error: --sections takes a comma-separated list of summary, adults, groups, pupils, "
              "changes\n",
              stderr);
        return EXIT_BAD_INPUT;
    }
    int exit_code = 0;
    cli_plan loaded;
    if (!cli_load_plan(args.positional[0], cli_value(&args, "school"), cli_value(&args, "previous"), &loaded,
                       &exit_code))
        return exit_code;
    tap_report report = {
        .school = loaded.school,
        .plan = loaded.plan,
        .figures = loaded.figures,
        .previous = loaded.previous,
        .previous_figures = loaded.previous_figures,
        .n_violations = loaded.n_violations,
        .violations = &loaded.violations,
        .sections = sections,
        .pseudonymise = cli_flag(&args, "pseudonymise"),
        .outline = loaded.outline,
    };
    tap_diags diags = {0};
    tap_status status = tap_report_write(&report, args.output, &diags);
    exit_code = cli_fail(status, &diags);
    if (status == TAP_OK && !args.quiet) {
        printf("%s: report of %s written", args.output, args.positional[0]);
        if (loaded.n_violations > 0)
            printf(" (the plan breaks %d rule%s: see the report or taplan verify)", loaded.n_violations,
                   loaded.n_violations == 1 ? "" : "s");
        printf("\n");
    }
    cli_plan_free(&loaded);
    return exit_code;
}
