/* greedy.h - a fast plan that obeys every hard rule: GLPK's first incumbent. */
#ifndef TAP_GREEDY_H
#define TAP_GREEDY_H

#include "../model/formulation.h"
#include "plan.h"

/* Fills the empty plan with a greedy week for the checked school. The plan
 * may fall short of entitlements; it never hires an optional adult beyond
 * those in the seed. seed (may be NULL) is a plan to keep and add to; only
 * (TAP_PLAN_NONE for all) restricts which pupils the greedy places. With
 * teams, each pupil's adults (at most max_adults_per_pupil) are chosen
 * before any of their support is placed: those bringing the programme
 * skills the pupil needs, then those free at most of their lessons. With
 * swap, a pupil still short who sees the most adults allowed may trade one
 * of them for another who can give more (a trial for each of their
 * adults), and a session may move to free a lesson that counts: the draws
 * of ruin and recreate and the search's end, not the starts (a third more
 * work; see docs/model.md). */
tap_status tap_greedy_plan(const tap_school *school, const tap_plan *seed, tap_plan_kind only, bool teams, bool swap,
                           tap_plan *plan);

#endif
