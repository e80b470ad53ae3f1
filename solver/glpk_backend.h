/* glpk_backend.h - solves a tap_mip with GLPK's branch-and-cut, or writes it
 * in CPLEX LP / MPS form. The only file of taplan that includes glpk.h. */
#ifndef TAP_GLPK_BACKEND_H
#define TAP_GLPK_BACKEND_H

#include <signal.h>
#include <stdbool.h>

#include "../model/mip.h"
#include "plan.h"

/* One report of a solve's progress. */
typedef struct {
    double elapsed_s;
    bool has_incumbent;
    double incumbent;      /* the best plan's objective, when there is one */
    double bound;
    double gap;            /* 0..1 */
    const char *objective; /* what the figures measure ("statutory hours"); NULL: the whole objective */
} tap_progress;

/* Called at most once a second while a solve works. */
typedef void (*tap_progress_fn)(void *context, const tap_progress *report);

typedef struct {
    double time_limit_s;
    const double *start;           /* optional feasible solution [n_cols]; verify it first */
    tap_progress_fn progress;      /* optional */
    void *progress_context;
    double progress_since;         /* the clock (tap_solve_clock) the time shown
                                    * counts from: the user's whole solve; 0
                                    * means this call */
    double progress_offset;        /* added to the objective and bound shown:
                                    * what the held columns of a part cost */
    const char *progress_objective; /* tap_progress.objective */
    double progress_bound;         /* a bound proven before (cuts), shown while
                                    * GLPK's own is lower; 0 for none */
    volatile sig_atomic_t *stop;   /* optional: non-zero asks GLPK to stop */
    bool quick_branching;          /* branch on the most fractional variable: each
                                    * node is cheaper, the choice less informed */
    int node_limit;                /* > 0: stop after this many branch-and-bound
                                    * nodes, a budget that, unlike time, gives
                                    * the same result on every run */
    bool cuts;                     /* GLPK's own cuts (Gomory, MIR, cover,
                                    * clique): dear on a whole school, decisive
                                    * on one pupil's re-solve */
} tap_solve_options;

typedef struct {
    tap_plan_status status;
    double objective;
    double bound; /* proven lower bound on the objective */
    double gap;   /* (objective - bound) / objective, 0 when optimal */
    double seconds;
    int n_nodes;  /* branch-and-bound nodes explored */
    double *x;    /* [n_cols] column values, malloc'd, NULL without a plan */
} tap_mip_result;

/* Solves mip. A time limit that expires with a plan gives status feasible
 * and the gap; without one, no_plan. TAP_ESOLVER (with a diagnostic) when
 * GLPK fails internally: its error hook is caught, never an abort. */
tap_status tap_glpk_solve(const tap_mip *mip, const tap_solve_options *options, tap_mip_result *result,
                          tap_diags *diags);

void tap_mip_result_release(tap_mip_result *result);

/* A lower bound on mip's objective: its LP relaxation tightened by rounds
 * of Gomory mixed-integer cuts, stopping when the bound reaches target
 * (the objective of a known plan), when a round gains nothing,
 * or after time_limit_s. On TAP_OK *bound is at least the column bounds'
 * bound. TAP_ESOLVER (no diagnostic: a bound is never required) when
 * GLPK fails or the LP does not solve in time; TAP_ENOMEM. */
tap_status tap_glpk_cut_bound(const tap_mip *mip, double target, double time_limit_s, double *bound);

/* Writes the model to path (all or nothing, mode 0600), as MPS when mps is
 * true, else CPLEX LP. */
tap_status tap_glpk_export(const tap_mip *mip, const char *path, bool mps, tap_diags *diags);

#endif
