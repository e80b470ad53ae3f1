/* cmd_export.c - `taplan export`: the plan as spreadsheet tables (CSV) and
 * as one calendar per adult (iCalendar). */
#include <stdio.h>
#include <time.h>

#include "cli.h"
#include "report/csv.h"
#include "report/ics.h"

int cmd_export(int argc, char **argv)
{
    cli_args args;
    const char *usage = "export PLAN.json [--school SCHOOL.yaml] [--csv DIR] [--ics DIR] [--from YYYY-MM-DD] "
                        "[--weeks N] [--pseudonymise]";
    if (!cli_parse(argc, argv, "school=,csv=,ics=,from=,weeks=,pseudonymise,quiet", 1, usage, &args))
        return EXIT_BAD_INPUT;
    const char *csv_dir = cli_value(&args, "csv"), *ics_dir = cli_value(&args, "ics");
    if (!csv_dir && !ics_dir) {
        fprintf(stderr, "taplan: error: export needs --csv DIR, --ics DIR or both\nusage: taplan %s\n", usage);
        return EXIT_BAD_INPUT;
    }
    if (ics_dir && !cli_value(&args, "school")) {
        fputs("taplan: error: --ics needs the school file (--school SCHOOL.yaml): the plan file has no slot "
              "times\n",
              stderr);
        return EXIT_BAD_INPUT;
    }
    tap_ics_settings calendar = {0};
    calendar.stamp = time(NULL);
    double weeks = 0;
    if (!cli_number(&args, "weeks", 1, 520, &weeks) || weeks != (int)weeks) {
        fputs("taplan: error: --weeks takes a whole number of weeks between 1 and 520\n", stderr);
        return EXIT_BAD_INPUT;
    }
    calendar.weeks = (int)weeks;
    const char *from = cli_value(&args, "from");
    if (from && !tap_ics_parse_date(from, &calendar)) {
        fprintf(stderr, "taplan: error: --from takes a date as YYYY-MM-DD, not '%s'\n", from);
        return EXIT_BAD_INPUT;
    }
    if (!from) { /* from today */
        struct tm today;
        time_t now = calendar.stamp;
        if (!localtime_r(&now, &today)) {
            fputs("taplan: error: cannot tell today's date; give --from YYYY-MM-DD\n", stderr);
            return EXIT_BAD_INPUT;
        }
        calendar.year = today.tm_year + 1900, calendar.month = today.tm_mon + 1, calendar.day = today.tm_mday;
    }

    int exit_code = 0;
    cli_plan loaded;
    if (!cli_load_plan(args.positional[0], cli_value(&args, "school"), NULL, &loaded, &exit_code))
        return exit_code;
    if (loaded.n_violations > 0)
        fprintf(stderr, "taplan: warning: %s breaks %d rule%s (taplan verify lists them); exported as it is\n",
                args.positional[0], loaded.n_violations, loaded.n_violations == 1 ? "" : "s");
    tap_diags diags = {0};
    tap_status status = TAP_OK;
    if (csv_dir) {
        tap_csv_settings settings = {cli_flag(&args, "pseudonymise"), !loaded.outline};
        status = tap_csv_write(loaded.school, loaded.plan, loaded.figures, &settings, csv_dir, &diags);
        if (status == TAP_OK && !args.quiet)
            printf("%s: assignments.csv, pupils.csv, staff.csv\n", csv_dir);
    }
    int n_calendars = 0;
    if (status == TAP_OK && ics_dir) {
        status = tap_ics_write(loaded.school, loaded.plan, &calendar, ics_dir, &n_calendars, &diags);
        if (status == TAP_OK && !args.quiet)
            printf("%s: %d calendar%s, one per adult, weekly from %04d-%02d-%02d\n", ics_dir, n_calendars,
                   n_calendars == 1 ? "" : "s", calendar.year, calendar.month, calendar.day);
    }
    exit_code = cli_fail(status, &diags);
    cli_plan_free(&loaded);
    return exit_code;
}
