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
 * (shortfalls, links, hires) at their least feasible values. Returns false
 * when some assignment has no column in the model. The caller must still
 * check x with tap_mip_feasible before trusting it. */
bool tap_solution_from_plan(const tap_model *model, const tap_plan *plan, double *x);

#endif
