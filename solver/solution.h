/* solution.h - column values <-> plan. A solved MIP becomes assignments; a
 * plan (a greedy start, or the current plan in replan) becomes column values
 * that GLPK can take as its first incumbent. */
#ifndef TAP_SOLUTION_H
#define TAP_SOLUTION_H

#include "../model/formulation.h"
#include "plan.h"

/* Appends the assignments that the column values x describe to plan (which
 * must be empty), dropping activities that reach no pupil, then sorts it. */
tap_status tap_solution_to_plan(const tap_model *model, const double *x, tap_plan *plan);

/* Fills x[n_cols] with the values that represent plan, auxiliary columns
 * (shortfalls, links, hires) at their least feasible values. Assignments
 * with no column in the model (an adult now absent, a plan from another
 * week) are left out and counted in *n_left_out (which may be NULL).
 * Returns false only when memory ran out. The caller must still check x
 * with tap_mip_feasible before trusting it. */
bool tap_solution_from_plan(const tap_model *model, const tap_plan *plan, double *x, int *n_left_out);

/* As tap_solution_from_plan, for x that is all 0 already, and
 * listed[*n_listed] (room for n_cols) the columns it may have set,
 * ascending: every other column of x is 0. A plan of a large school sets
 * a few thousand of hundreds of thousands of columns, and its objective
 * and rows are worked out from these alone (tap_mip_listed_objective,
 * tap_mip_checker_feasible), and x made all 0 again by clearing them.
 * When it returns false (memory ran out) x may hold anything. With
 * listed or n_listed NULL nothing is listed. */
bool tap_solution_from_plan_listed(const tap_model *model, const tap_plan *plan, double *x, int *n_left_out,
                                   int *listed, int *n_listed);

/* Makes x, a solution GLPK returned or a search assembled from parts,
 * exactly the plan its assignments make: binaries rounded, activities
 * that reach nobody dropped, every other column (links, hires,
 * shortfalls, fairness) set from the plan. GLPK may leave a shortfall a
 * few millionths of an hour off its row, within its tolerance but not
 * ours, and the plan is what is written anyway. *feasible is false when
 * x breaks a row all the same. */
tap_status tap_solution_make_exact(const tap_model *model, double *x, bool *feasible);

/* A lower bound on the objective of the column values a plan gives
 * (tap_solution_from_plan), from what each pupil receives alone, without
 * finding a column: most regrown plans of ruin and recreate are worse
 * than the one they would replace, and this says so for a tenth of the
 * cost. The workspace is the caller's, one per thread. */
typedef struct {
    double rest;      /* the least the other columns add: their negative costs, -HUGE_VAL when unbounded */
    int *offset;      /* [n_pupils]: the pupil's first need in delivered */
    double *in_class; /* [n_pupils] hours, all 0 between calls, likewise below */
    double *covered;  /* [n_pupils] hours */
    int *delivered;   /* [needs] sessions */
} tap_plan_floor;

tap_status tap_plan_floor_init(const tap_model *model, tap_plan_floor *floor);
double tap_plan_floor_of(const tap_model *model, const tap_plan *plan, tap_plan_floor *floor);
void tap_plan_floor_release(tap_plan_floor *floor);

#endif
