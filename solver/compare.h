/* compare.h - budget scenarios solved side by side: every option of a
 * scenario (or every option at every weekly budget of a sweep) solved with
 * tap_solve, its plan verified, and the figures a leader compares. Runs are
 * independent and may be solved by several threads at once; the results do
 * not depend on how many.
 *
 * Ownership: a tap_comparison owns its runs and everything in them (each
 * run's school, plan, figures and diagnostics); it borrows the scenario,
 * which must outlive it. */
#ifndef TAP_COMPARE_H
#define TAP_COMPARE_H

#include <signal.h>
#include <stdbool.h>

#include "../model/scenario.h"
#include "plan.h"

/* What one plan delivers, as the comparison reports it; docs/scenarios.md
 * defines each figure. */
typedef struct {
    int n_pupils_planned; /* pupils with an EHC plan or on SEN support */
    double weekly_cost;
    double annual_cost;
    double statutory_shortfall_hours;
    int statutory_pupils_short; /* EHC-plan pupils with any shortfall */
    double sen_support_entitled_hours;
    double sen_support_delivered_hours;
    double sen_support_shortfall_hours;
    int sen_support_pupils_short;
    int worst_pupil;                 /* SEN-support pupil given the least of their entitlement, or -1 */
    double worst_delivered_fraction; /* of that pupil's entitled hours */
    double worst_shortfall_hours;
    double in_class_delivered_hours; /* every listed pupil */
    int sessions_delivered;          /* every listed pupil */
    double funded_hours;
    double hours_reaching_pupils;
    double planning_hours;
    double unallocated_hours;
    double cost_per_delivered_hour; /* weekly cost / hours reaching pupils; NAN when no hour reaches one */
    int strength_withdrawals;
    int n_hires; /* possible hires the plan employs */
} tap_compare_figures;

typedef struct {
    int option;            /* index into the scenario's options */
    double budget;         /* sweep: the weekly budget tried; NAN outside a sweep */
    double fixed_cost;     /* weekly cost of the staff who are not optional */
    bool below_fixed_cost; /* sweep: the budget cannot pay the staff who are not optional; not solved */
    tap_status status;     /* TAP_OK, or why no plan (diags say more) */
    tap_diags diags;
    tap_school *school;
    tap_plan *plan;
    tap_figures *figures;
    int n_violations; /* found by tap_verify; -1 when not verified */
    tap_compare_figures summary;
} tap_compare_run;

typedef struct {
    double time_limit_s;         /* per solve; <= 0: each school's policy.time_limit_s */
    int work_parts;              /* per solve, as tap_solve_settings.work_parts; 0: none */
    int n_threads;               /* solves at once; below 1 counts as 1 */
    volatile sig_atomic_t *stop; /* optional: once set, every solve stops early with its best plan */
    /* optional: called as each run ends, one call at a time, from whichever
     * thread solved it */
    void (*on_done)(void *context, const tap_compare_run *run, int n_done, int n_runs);
    void *context;
} tap_compare_settings;

typedef struct {
    const tap_scenario *scenario; /* borrowed */
    tap_compare_run *runs;        /* option-major: option * n_levels + level */
    int n_runs;
    int n_levels; /* budgets per option: 1 outside a sweep */
    bool sweep;
    double from, to, step; /* sweep: the budgets asked for */
} tap_comparison;

tap_compare_settings tap_compare_defaults(void);

/* Solves every option of the scenario once. On TAP_OK *out owns the
 * comparison; a run that failed keeps its status and diagnostics there.
 * TAP_ENOMEM when the comparison itself could not be built. */
tap_status tap_compare_options(const tap_scenario *scenario, const tap_compare_settings *settings,
                               tap_comparison **out);

/* Solves every option at each weekly budget from, from + step, ... up to
 * to (at most TAP_SWEEP_MAX_LEVELS of them). TAP_EINPUT (one diagnostic in
 * diags) when the range is empty, backwards or too long. */
#define TAP_SWEEP_MAX_LEVELS 1000
tap_status tap_compare_sweep(const tap_scenario *scenario, double from, double to, double step,
                             const tap_compare_settings *settings, tap_comparison **out, tap_diags *diags);

void tap_comparison_destroy(tap_comparison **comparison);

/* True when the run produced a plan (optimal or feasible). */
bool tap_compare_has_plan(const tap_compare_run *run);

/* ---- the rows of the side-by-side table and document ---- */

typedef enum { TAP_BETTER_LOWER, TAP_BETTER_HIGHER, TAP_BETTER_NEITHER } tap_better;

typedef struct {
    const char *key;   /* in the comparison document */
    const char *label; /* on the terminal */
    tap_better better;
} tap_compare_row;

extern const tap_compare_row tap_compare_rows[];
extern const int tap_n_compare_rows;

/* The run's value on a row; NAN when the run has no plan or the value is
 * not defined (cost per hour when no hour reaches a pupil, no worst pupil). */
double tap_compare_value(const tap_compare_run *run, int row);

/* True when the run is the best on the row, ties included, among runs
 * with a plan, and not every such run has the same value. */
bool tap_compare_is_best(const tap_comparison *comparison, int run, int row);

/* Fills order[n_runs] with the runs from best to worst: least statutory
 * shortfall, then least SEN-support shortfall, then least weekly cost;
 * runs without a plan last, equal runs in the scenario's order.
 * TAP_ENOMEM on exhausted memory. */
tap_status tap_compare_rank(const tap_comparison *comparison, int *order);

/* Sweep: the run of option at the lowest budget whose plan meets every EHC
 * plan in full, or -1. */
int tap_compare_least_meeting(const tap_comparison *comparison, int option);

/* One plain-English paragraph on the trade-off between the options
 * (malloc'd; NULL on exhausted memory). Pupils appear by id only. */
char *tap_compare_verdict(const tap_comparison *comparison);

#endif
