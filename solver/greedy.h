/* greedy.h - a fast plan that obeys every hard rule: GLPK's first incumbent. */
#ifndef TAP_GREEDY_H
#define TAP_GREEDY_H

#include "../model/formulation.h"
#include "plan.h"

/* Fills the empty plan with a greedy week for the checked school. The plan
 * may fall short of entitlements; it never hires an optional adult. */
tap_status tap_greedy_plan(const tap_school *school, tap_plan *plan);

#endif
