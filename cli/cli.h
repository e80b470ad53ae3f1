/* cli.h - what the subcommands share: argument parsing, loading a checked
 * school with its diagnostics printed, and the documented exit codes. */
#ifndef TAP_CLI_H
#define TAP_CLI_H

#include <stdbool.h>

#include "base/diag.h"
#include "model/school.h"

/* Exit codes (docs/user-guide.md). */
enum {
    EXIT_PLAN_OK = 0,
    EXIT_NOT_CLEAN = 1,   /* verify found violations; solve found no plan */
    EXIT_BAD_INPUT = 2,   /* invalid input or usage; nothing written */
    EXIT_IO = 3,          /* a file could not be read or written */
    EXIT_INTERNAL = 4     /* the solver failed or memory ran out */
};

typedef struct {
    const char *positional[4];
    int n_positional;
    const char *output;
    double time_limit_s; /* 0: from the school's policy */
    bool quiet;
    bool no_start;
    bool mps;
} cli_args;

/* Parses argv (after the subcommand name). allowed lists the options the
 * command takes, e.g. "o,time-limit,quiet". Prints usage errors itself. */
bool cli_parse(int argc, char **argv, const char *allowed, int n_positional, const char *usage, cli_args *args);

/* Reads and checks a school, printing every diagnostic. NULL on failure,
 * with *exit_code set. */
tap_school *cli_load_school(const char *path, int *exit_code);

/* Maps a status to an exit code after printing diagnostics. */
int cli_fail(tap_status status, tap_diags *diags);

int cmd_solve(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_export_lp(int argc, char **argv);

#endif
