/* relax.h - "what if" for one pupil: the school with one requirement
 * relaxed (a policy key, the budget, an adult's hours or skills, one more
 * trained adult on a day), and the pupil's support re-solved with every
 * other pupil's support held as the plan has it. A change that helps
 * therefore helps without taking support from anyone else, and each
 * re-solve is small: one pupil's columns and the adults' time around them. */
#ifndef TAP_RELAX_H
#define TAP_RELAX_H

#include <stdbool.h>

#include "plan.h"

/* In the order explanations prefer them when two help as much: the
 * pupil's own rules first, then money and hours, then people. */
typedef enum {
    TAP_RELAX_NOTHING,     /* the school as it is: what re-solving alone gives */
    TAP_RELAX_STRENGTHS,   /* policy strengths: soft, with a penalty below any shortfall's */
    TAP_RELAX_WITHDRAWALS, /* policy max_withdrawals_per_subject one higher */
    TAP_RELAX_CONTINUITY,  /* policy max_adults_per_pupil one higher */
    TAP_RELAX_BUDGET,      /* no weekly budget cap */
    TAP_RELAX_HOURS,       /* staff: contracted for one lesson's length more */
    TAP_RELAX_BREAK,       /* no break rule: names a reason, never advised */
    TAP_RELAX_SKILLS,      /* staff: holds every skill in skills */
    TAP_RELAX_EXTRA_ADULT  /* one more adult holding skills, for one lesson's length on day */
} tap_relax_kind;

#define TAP_RELAX_MAX_SKILLS 16

typedef struct {
    tap_relax_kind kind;
    int staff;                       /* HOURS, SKILLS */
    int day;                         /* EXTRA_ADULT */
    int skills[TAP_RELAX_MAX_SKILLS]; /* SKILLS, EXTRA_ADULT: skill indices */
    int n_skills;
} tap_relaxation;

typedef struct {
    double time_limit_s; /* one re-solve */
    int node_limit;      /* branch-and-bound nodes of one re-solve */
} tap_relax_limits;

/* What the pupil receives after the re-solve, part by part. */
typedef struct {
    bool usable;    /* false: the plan does not fit the model (it breaks a rule), nothing was re-solved */
    bool proven;    /* the re-solve is optimal for its part of the model */
    double in_class_hours;
    int *sessions;  /* [pupil's n_interventions], malloc'd */
    double unstructured_hours;
    double shortfall_hours;
    int extra_day, extra_slot; /* EXTRA_ADULT: where the extra adult was placed, or -1 */
    int hired;      /* BUDGET: a possible hire employed by the re-solve and not by the plan, or -1 */
} tap_relax_outcome;

/* Re-solves pupil's support in plan (a plan of school) with change
 * applied. On TAP_OK out is filled (release with tap_relax_outcome_release);
 * TAP_ENOMEM, or TAP_ESOLVER with a diagnostic, otherwise. */
tap_status tap_relax_resolve(const tap_school *school, const tap_plan *plan, int pupil, const tap_relaxation *change,
                             const tap_relax_limits *limits, tap_relax_outcome *out, tap_diags *diags);
void tap_relax_outcome_release(tap_relax_outcome *outcome);

/* The length of the longest lesson slot, the "hour" that HOURS and
 * EXTRA_ADULT add. */
double tap_relax_lesson_hours(const tap_school *school);

#endif
