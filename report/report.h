/* report.h - the printable report: one self-contained HTML file (no network,
 * no scripts, no outside fonts) with a week per adult and per teaching
 * group, a provision map per pupil and where every support hour lands; for
 * several options side by side (compare, candidates) a comparison; for a
 * replan the cover sheet of what changed.
 *
 * The report borrows everything it is given; it renders into a malloc'd
 * string or writes a file atomically (mode 0600). */
#ifndef TAP_REPORT_H
#define TAP_REPORT_H

#include <stdbool.h>

#include "base/diag.h"
#include "solver/plan.h"

/* Sections, as bits of tap_report.sections (0 means all of them). */
enum {
    TAP_REPORT_SUMMARY = 1 << 0, /* where the hours land, cost, shortfalls */
    TAP_REPORT_ADULTS = 1 << 1,  /* a week per adult, one A4 page each */
    TAP_REPORT_GROUPS = 1 << 2,  /* a week per teaching group */
    TAP_REPORT_PUPILS = 1 << 3,  /* the provision map per pupil */
    TAP_REPORT_CHANGES = 1 << 4, /* replan: the cover sheet */
    TAP_REPORT_OPTIONS = 1 << 5  /* compare and candidates: side by side */
};

/* Parses a comma-separated list of section names (summary, adults, groups,
 * pupils, changes, options) into bits; false on an unknown name. */
bool tap_report_parse_sections(const char *list, unsigned *out);

/* One option of a comparison: its own school (options may add or remove
 * staff), its plan and that plan's figures. */
typedef struct {
    const char *name; /* "Status quo", "Three TAs", "Candidate 2" */
    const tap_school *school;
    const tap_plan *plan;
    const tap_figures *figures;
} tap_report_option;

/* One step of a budget sweep. */
typedef struct {
    double weekly_budget;
    bool has_plan; /* false: no plan within the budget (infeasible) */
    double weekly_cost;
    double statutory_shortfall_hours;
    double sen_support_shortfall_hours;
    const char *hires; /* the optional staff hired at this budget, e.g. "TA-New1, SpT"; NULL for none */
} tap_report_point;

typedef struct {
    const char *title; /* heading; NULL: the school's name */

    /* The plan reported in full. May be NULL when options are given. */
    const tap_school *school;
    const tap_plan *plan;
    const tap_figures *figures;

    /* Replan: the plan before (same school), and its figures (may be
     * NULL: then pupils' figures are not compared). NULL when no replan. */
    const tap_plan *previous;
    const tap_figures *previous_figures;

    /* Compare or candidates: the options side by side, and the frontier of
     * a budget sweep; counts may be 0. */
    const tap_report_option *options;
    int n_options;
    const tap_report_point *frontier;
    int n_frontier;

    /* The verifier's verdict on plan: -1 when it was not run (no school
     * file), else the number of violations, listed in violations. */
    int n_violations;
    const tap_diags *violations;

    unsigned sections; /* TAP_REPORT_* bits; 0: every section that applies */
    bool pseudonymise; /* pupils by id even where the school gives a name */
    bool outline;      /* the school was outlined from the plan file: slot
                          times, the timetable's empty lessons, strengths
                          and names are not known */
} tap_report;

/* Renders the report: *out is a malloc'd NUL-terminated HTML document the
 * caller frees. The same input gives the same bytes. TAP_EINPUT when there
 * is neither a plan nor an option; TAP_ENOMEM when memory runs out. */
tap_status tap_report_render(const tap_report *report, char **out);

/* Renders and writes atomically, mode 0600. */
tap_status tap_report_write(const tap_report *report, const char *path, tap_diags *diags);

#endif
