/* verify.h - an independent check of a plan against its school: every hard
 * rule of SPEC section 3 and, when given, every reported figure. It never
 * consults the MIP, so it can judge hand-edited plans and catch model bugs. */
#ifndef TAP_VERIFY_H
#define TAP_VERIFY_H

#include "plan.h"

/* Appends one diagnostic per violation to violations, located at plan_file
 * (line 0: JSON positions are not tracked). reported may be NULL to skip the
 * figure comparison. Returns the number of violations found, or -1 when
 * memory ran out. */
int tap_verify(const tap_school *school, const tap_plan *plan, const tap_figures *reported,
               const char *plan_file, tap_diags *violations);

#endif
