/* main.c - taplan's entry point: finds the subcommand and hands over. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} command;

static const command commands[] = {
    {"solve", cmd_solve, "SCHOOL.yaml -o PLAN.json [--html REPORT.html] [--time-limit S] [--work N] [--stats FILE] [--quiet]   plan the week"},
    {"replan", cmd_replan, "SCHOOL.yaml --plan CURRENT.json --absent STAFF@DAY -o NEW.json   cover an absence"},
    {"check", cmd_check, "SCHOOL.yaml                                         validate; demand vs capacity"},
    {"verify", cmd_verify, "SCHOOL.yaml PLAN.json                               check a plan against every rule"},
    {"export-lp", cmd_export_lp, "SCHOOL.yaml -o MODEL.lp|MODEL.mps [--statutory]    write the MIP for other solvers"},
    {"generate", cmd_generate, "--kind K --pupils N --seed S [--pressure P] [-o F]  make up a school (K: primary, secondary, tiny)"},
    {"report", cmd_report, "PLAN.json [--school SCHOOL.yaml] -o REPORT.html     printable report of a plan"},
    {"export", cmd_export, "PLAN.json [--school SCHOOL.yaml] --csv DIR --ics DIR   spreadsheets and calendars"},
    {"candidates", cmd_candidates, "SCHOOL.yaml -o DIR [-n N] [--within P%] [--min-diff D]   several different good plans"},
    {"explain", cmd_explain, "SCHOOL.yaml [--plan PLAN.json [--absent STAFF@DAY]] [--pupil ID]   why pupils are short, what would help"},
    {"compare", cmd_compare, "SCENARIO.yaml [-o OUT.json] [-j N] [--budget-sweep FROM:TO:STEP]   budget options side by side"},
};

static void usage(FILE *out)
{
    fputs("usage: taplan COMMAND ARGS...\n\ncommands:\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_BAD_INPUT;
    }
    if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 2, argv + 2);
    fprintf(stderr, "taplan: error: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_BAD_INPUT;
}
