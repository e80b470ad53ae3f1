/* landing.h - where every funded hour of a plan lands: with EHC-plan
 * pupils, with SEN-support pupils, in planning, or nowhere. The summary
 * chart, the comparison and the exports share these sums.
 *
 * An hour spent with several pupils is shared equally among them, so the
 * shares add up to hours_reaching_pupils exactly. */
#ifndef TAP_LANDING_H
#define TAP_LANDING_H

#include <stdbool.h>

#include "solver/plan.h"

typedef struct {
    double funded;       /* contracted hours of employed staff */
    double contact;      /* in class, sessions, unstructured duties */
    double ehcp;         /* contact hours shared out to pupils with an EHC plan */
    double sen_support;  /* ... to pupils on SEN support */
    double other_pupils; /* ... to pupils with no plan (only hand-made plans) */
    double no_pupil;     /* contact with nobody to support */
    double planning;
    double unallocated;  /* funded - contact - planning */
    bool split_known;    /* false when slot times are unknown: only the
                            totals (from the figures) are filled */
} tap_landing;

/* Sums the plan's hours. times_known says whether the school's slot times
 * are real (false for a school outlined from a plan file: then the totals
 * come from figures and the pupil split is left at zero). per_staff, when
 * not NULL, has school->n_staff entries and receives each adult's sums. */
void tap_landing_compute(const tap_school *school, const tap_plan *plan, const tap_figures *figures, bool times_known,
                         tap_landing *total, tap_landing *per_staff);

#endif
