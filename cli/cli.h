/* cli.h - what the subcommands share: argument parsing, loading a checked
 * school with its diagnostics printed, and the documented exit codes. */
#ifndef TAP_CLI_H
#define TAP_CLI_H

#include <signal.h>
#include <stdbool.h>

#include "base/diag.h"
#include "model/absence.h"
#include "model/school.h"
#include "solver/solve.h"
#include "solver/plan.h"

/* Exit codes (docs/user-guide.md). */
enum {
    EXIT_PLAN_OK = 0,
    EXIT_NOT_CLEAN = 1,   /* verify found violations; solve found no plan */
    EXIT_BAD_INPUT = 2,   /* invalid input or usage; nothing written */
    EXIT_IO = 3,          /* a file could not be read or written */
    EXIT_INTERNAL = 4     /* the solver failed or memory ran out */
};

#define CLI_MAX_OPTIONS 16

typedef struct {
    const char *positional[4];
    int n_positional;
    const char *names[CLI_MAX_OPTIONS];  /* options given, without dashes */
    const char *values[CLI_MAX_OPTIONS]; /* their values; NULL for flags */
    int n_options;
    /* The options most commands share, filled by cli_parse when allowed. */
    const char *output;  /* -o / --output */
    double time_limit_s; /* --time-limit; 0: from the school's policy */
    int work_parts;      /* --work N, 0 when not given */
    bool quiet;          /* --quiet */
} cli_args;

/* Parses argv (after the subcommand name). allowed lists the options the
 * command takes, comma-separated; a trailing '=' marks one that takes a
 * value, e.g. "o=,time-limit=,quiet". Prints usage errors itself. An
 * option given twice keeps its last value. */
bool cli_parse(int argc, char **argv, const char *allowed, int n_positional, const char *usage, cli_args *args);

/* The value of option name, or NULL when it was not given (or is a flag). */
const char *cli_value(const cli_args *args, const char *name);

/* True when option name was given. */
bool cli_flag(const cli_args *args, const char *name);

/* Reads option name as a number in [min, max] into *out; leaves *out alone
 * when the option is absent. Prints an error and returns false when the
 * value is not such a number. */
bool cli_number(const cli_args *args, const char *name, double min, double max, double *out);

/* Reads and checks a school, printing every diagnostic. NULL on failure,
 * with *exit_code set. */
tap_school *cli_load_school(const char *path, int *exit_code);

/* Maps a status to an exit code after printing diagnostics. */
int cli_fail(tap_status status, tap_diags *diags);

/* A plan read back for a report or an export, with its school: the school
 * file when one is given, else a school outlined from the plan file alone
 * (ids only: no slot times, strengths or names). */
typedef struct {
    tap_school *school;
    tap_plan *plan;
    tap_figures *figures;  /* from the assignments; as reported when outlined */
    tap_plan *previous;    /* --previous, or NULL */
    tap_figures *previous_figures;
    tap_diags violations;  /* what verify finds in plan */
    int n_violations;      /* -1: not verified (no school file) */
    bool outline;
} cli_plan;

/* Loads plan_path against school_path (NULL: outline it from the plan and
 * previous_path), verifies it when the school is known, and reads
 * previous_path (may be NULL) against the same school. Prints every
 * diagnostic; false on failure with *exit_code set. */
bool cli_load_plan(const char *plan_path, const char *school_path, const char *previous_path, cli_plan *out,
                   int *exit_code);
void cli_plan_free(cli_plan *plan);

/* The absences of --absence FILE and of every --absent STAFF@DAY[:SLOTS],
 * in the order given; *out is an empty list when there are none. */
tap_status cli_gather_absences(const tap_school *school, const cli_args *args, tap_absences **out, tap_diags *diags);

/* ---- what the solving commands print (outcome.c) ---- */

/* Ctrl-C asks the solver to stop with its best plan: the flag to hand it. */
volatile sig_atomic_t *cli_catch_interrupt(void);

/* The progress line on standard error (a tap_progress_fn). */
void cli_show_progress(void *context, const tap_progress *report);

/* Status, shortfalls with their reasons, hours and cost; stats may be
 * NULL. reasons_s, the seconds spent checking reasons after the solve
 * (0: none), is shown beside the solve's own time, so that the two add up
 * to the wait the user had. */
void cli_print_summary(const tap_school *school, const tap_plan *plan, const tap_figures *figures,
                       const tap_solve_stats *stats, double reasons_s);

/* The files a solving command writes beside its plan when asked: --html,
 * the printable report with the verifier's verdict on the plan (previous,
 * may be NULL, adds the replan cover sheet), and --stats. */
tap_status cli_write_beside(const cli_args *args, const tap_school *school, const tap_plan *plan,
                            const tap_figures *figures, const tap_plan *previous, const tap_solve_stats *stats,
                            tap_diags *diags);

/* The exit code of a solving command: 0 with a plan, 1 without one, or
 * the failure's code after printing its diagnostics. */
int cli_plan_exit(tap_status status, const tap_plan *plan, tap_diags *diags);

int cmd_solve(int argc, char **argv);
int cmd_replan(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_export_lp(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_candidates(int argc, char **argv);
int cmd_explain(int argc, char **argv);

#endif
