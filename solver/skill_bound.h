/* skill_bound.h - a lower bound on the statutory shortfall from the pupils
 * who need a skill. Only adults holding all of a pupil's skills may
 * support them, so those pupils alone, every other pupil left out, are a
 * smaller school whose least statutory shortfall the whole school cannot
 * beat: leaving pupils out only frees the adults. Where few adults hold a
 * skill its pupils' shortfall is much of the school's, and the small
 * school's bound comes in a fraction of a second where the whole model's
 * LP alone takes minutes (docs/model.md). */
#ifndef TAP_SKILL_BOUND_H
#define TAP_SKILL_BOUND_H

#include "../model/school.h"
#include "../base/diag.h"

/* Sets *bound (hours, at least 0) to the LP bound, raised by rounds of
 * cuts, of the statutory model of the EHC-plan pupils who need a skill,
 * stopping once it reaches target (the hours of a known plan) or after
 * time_limit_s. 0 when no such pupil has a plan, when their model is too
 * large for a quick bound, or when GLPK fails (a bound is never
 * required). TAP_ENOMEM. */
tap_status tap_skill_bound(const tap_school *school, double target, double time_limit_s, double *bound);

#endif
