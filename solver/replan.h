/* replan.h - a revised plan when adults are absent: statutory support kept
 * whole where possible, and as little as possible changed for every adult
 * who is not absent (SPEC section 4, item 6). */
#ifndef TAP_REPLAN_H
#define TAP_REPLAN_H

#include "../model/absence.h"
#include "solve.h"

/* Revises previous for the absences. school must already have them applied
 * (tap_absences_apply), so that no plan places an absent adult; absences
 * says which of the previous plan's assignments the absence removes. Only
 * the days of the absences are re-planned, with what a first repair makes
 * up on other days (support the absent day can no longer give); everything
 * else is kept. Within those days, the pupils the absences leave are
 * covered first with everyone else held; only when that leaves a pupil
 * shorter of support than the previous plan did may the whole days move.
 * "optimal" means that no better revision exists within the scope the
 * replan ended in. The objective is the usual one plus policy.weights.change for every
 * assignment set or cleared relative to the previous plan. On TAP_OK *out
 * owns the new plan, its changes and pupil_changes filled; stats (may be
 * NULL) receives the model's size and the solve's timings. */
tap_status tap_replan(const tap_school *school, const tap_plan *previous, const tap_absences *absences,
                      const tap_solve_settings *settings, tap_plan **out, tap_solve_stats *stats, tap_diags *diags);

/* The time limit a replan takes when settings give none: a quarter of the
 * policy's, since a replan is wanted at 7:30. */
double tap_replan_default_limit(const tap_school *school);

/* Fills plan->changes and plan->pupil_changes: what plan changes relative
 * to previous, the absent slots marked. Both plans belong to school. */
tap_status tap_replan_describe(const tap_school *school, const tap_plan *previous, const tap_absences *absences,
                               tap_plan *plan);

#endif
