/* skill_first.h - the EHC-plan pupils who need a skill, solved first and
 * alone. Only adults holding all of a pupil's skills may support them, so
 * those pupils, every other pupil left out, make smaller schools, one for
 * each group of them joined by adults who may support both. The least
 * statutory shortfall of such a school bounds its pupils' shortfall in
 * any plan of the whole school (leaving pupils out only frees adults), so
 * the groups' bounds add up to a bound on the school's: the only bound a
 * large secondary has, whose whole model's LP does not solve in a solve's
 * time. And the groups' plans, in which the few holders of a skill give
 * their time to the pupils only they may support, are a seed the greedy
 * grows the rest of the school around; alone, the greedy spends those
 * adults on pupils anyone could support (docs/model.md). */
#ifndef TAP_SKILL_FIRST_H
#define TAP_SKILL_FIRST_H

#include "solve.h"

typedef struct {
    double bound;   /* hours: a lower bound on the school's statutory shortfall (the groups' floors summed) */
    tap_plan *plan; /* support for those pupils alone, keeping every rule
                     * but the budget, which two groups' hires together may
                     * exceed (a start grown from it is checked against
                     * every row); NULL when there was nothing to solve */
    int work_used;  /* against settings->work_parts */
    /* The groups solved: group[p] (n_pupils) is pupil p's group, -1 for
     * a pupil in none; group_floor[g] the least statutory shortfall of
     * group g's pupils in hours, proven. NULL when there was nothing to
     * solve. */
    int *group;
    double *group_floor;
} tap_skill_first;

/* Solves the statutory model of each group of EHC-plan pupils who need a
 * skill, the time limit_s shared by their numbers of pupils (no progress
 * shown); out->plan holds each group's adults' assignments (no two groups
 * share an adult). Nothing to solve, out->plan NULL and out->bound 0,
 * when none needs a skill or every EHC-plan pupil does (the smaller
 * school is the school); a group whose model is too large to be quick
 * adds nothing. TAP_ENOMEM, TAP_ESOLVER. */
tap_status tap_skill_first_solve(const tap_school *school, const tap_solve_settings *settings, double limit_s,
                                 double started, tap_skill_first *out, tap_diags *diags);

void tap_skill_first_release(tap_skill_first *out);

#endif
