/* solve.h - the whole pipeline for one school: model, greedy start, GLPK,
 * plan, and the reasons behind each pupil's shortfall. */
#ifndef TAP_SOLVE_H
#define TAP_SOLVE_H

#include "glpk_backend.h"
#include "plan.h"

typedef struct {
    double time_limit_s;      /* <= 0: the school's policy.time_limit_s */
    bool greedy_start;        /* hand GLPK a greedy incumbent (default true) */
    tap_progress_fn progress; /* optional, at most once a second */
    void *progress_context;
    volatile sig_atomic_t *stop;
} tap_solve_settings;

/* Model statistics, for the terminal and the benchmark. */
typedef struct {
    int n_rows;
    int n_cols;
    int n_binaries;
    double start_objective;    /* the greedy start's objective, or -1 */
    double first_plan_seconds; /* from the start of the solve to the first plan */
} tap_solve_stats;

tap_solve_settings tap_solve_defaults(void);

/* Solves the checked school. On TAP_OK *out owns a plan whose status says
 * whether it is proven optimal; stats may be NULL. */
tap_status tap_solve(const tap_school *school, const tap_solve_settings *settings, tap_plan **out,
                     tap_solve_stats *stats, tap_diags *diags);

#endif
