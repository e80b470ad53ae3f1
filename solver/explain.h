/* explain.h - why a pupil is short, in words a SENCO uses, derived from the
 * school and the plan: the skill nobody holds, the adults who are fully
 * used, the lessons a pupil may not be withdrawn from. */
#ifndef TAP_EXPLAIN_H
#define TAP_EXPLAIN_H

#include "plan.h"

/* Fills plan->pupil_reasons for every pupil whose plan leaves a shortfall. */
tap_status tap_explain_shortfalls(const tap_school *school, tap_plan *plan);

#endif
