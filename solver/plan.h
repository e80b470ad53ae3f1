/* plan.h - a week's TA timetable: assignments, the figures they imply, and
 * how the plan was obtained. A plan refers to a checked tap_school by index.
 *
 * Ownership: everything inside a tap_plan lives in plan->arena and is freed
 * by tap_plan_destroy. */
#ifndef TAP_PLAN_H
#define TAP_PLAN_H

#include <stdbool.h>

#include "../base/arena.h"
#include "../model/school.h"

typedef enum {
    TAP_STATUS_OPTIMAL,    /* GLPK proved it */
    TAP_STATUS_FEASIBLE,   /* a plan, optimality not proven: see gap */
    TAP_STATUS_INFEASIBLE, /* the hard rules admit no plan at all */
    TAP_STATUS_NO_PLAN     /* no plan found within the time limit */
} tap_plan_status;

typedef enum {
    TAP_ACT_IN_CLASS,
    TAP_ACT_INTERVENTION,
    TAP_ACT_UNSTRUCTURED,
    TAP_ACT_PLANNING
} tap_activity;

typedef struct {
    int pupil;
    int group;
    int subject;
} tap_withdrawal;

typedef struct {
    int staff;
    int day;
    int slot;
    tap_activity activity;
    int group;     /* in_class: the lesson's group, else -1 */
    int subject;   /* in_class: the lesson's subject, else -1 */
    int programme; /* intervention: the programme, else -1 */
    int *pupils;   /* ascending pupil indices */
    int n_pupils;
    tap_withdrawal *withdrawn; /* intervention: one per pupil who had a lesson */
    int n_withdrawn;
} tap_assignment;

/* Replan: how one adult's slot differs from the previous plan. */
typedef enum { TAP_CHANGE_ADDED, TAP_CHANGE_REMOVED, TAP_CHANGE_CHANGED } tap_change_kind;

typedef struct {
    tap_change_kind kind;
    bool absent;           /* the adult is away then: the absence forced it */
    tap_assignment before; /* removed and changed: what the previous plan had */
    tap_assignment after;  /* added and changed: what the new plan has */
} tap_change;

typedef struct {
    int day, slot, subject;
} tap_slot_subject;

/* Replan: what changed for one pupil, new plan against previous. */
typedef struct {
    int pupil;
    double in_class_lost;     /* hours; negative when gained */
    int sessions_lost;        /* all programmes; negative when gained */
    double unstructured_lost; /* hours */
    int *adults_lost;         /* familiar adults the pupil no longer sees */
    int n_adults_lost;
    int *adults_new;          /* adults the pupil had not seen before */
    int n_adults_new;
    tap_slot_subject *new_withdrawals; /* lessons the pupil now misses */
    int n_new_withdrawals;
} tap_pupil_change;

typedef struct {
    tap_arena arena;
    tap_plan_status status;
    double objective;
    double bound;
    double gap; /* relative, 0 when optimal */
    double solve_seconds;
    bool statutory_proven; /* the statutory shortfall is proven minimal */
    double statutory_bound_hours; /* a proven lower bound on it; 0 when none is known */
    tap_assignment *assignments; /* sorted by (staff, day, slot) */
    int n_assignments;
    int capacity;
    char **pupil_reasons; /* [n_pupils]: why a pupil is short, or NULL */
    int n_pupil_reasons;
    /* Replan only: what differs from the previous plan, in (staff, day,
     * slot) order, and for whom. */
    bool replanned;
    tap_change *changes;
    int n_changes;
    tap_pupil_change *pupil_changes;
    int n_pupil_changes;
} tap_plan;

/* ---- figures implied by the assignments (SPEC section 3) ---- */

typedef struct {
    int entitled;
    int delivered;
} tap_intervention_figures;

typedef struct {
    bool listed; /* the pupil appears in plan output (plan != none) */
    double in_class_entitled;
    double in_class_delivered;
    tap_intervention_figures *interventions; /* one per pupil intervention need */
    int n_interventions;
    double unstructured_needed;
    double unstructured_covered;
    double shortfall_hours;
    int *adults; /* ascending staff indices */
    int n_adults;
    int strength_withdrawals;
    double strength_support_hours; /* in-class hours in strength subjects */
} tap_pupil_figures;

typedef struct {
    bool employed;
    double contract_hours;
    double contact_hours;
    int planning_slots; /* planning assignments in the plan */
    double planning_hours;
    double weekly_cost;
} tap_staff_figures;

typedef struct {
    double statutory_shortfall_hours;
    double sen_support_shortfall_hours;
    double weekly_cost;
    double annual_cost;
    double funded_hours;
    double hours_reaching_pupils;
    double unallocated_hours;
    int strength_withdrawals;
} tap_summary;

typedef struct {
    tap_arena arena;
    tap_pupil_figures *pupils; /* [school->n_pupils] */
    tap_staff_figures *staff;  /* [school->n_staff] */
    tap_summary summary;
} tap_figures;

/* Creates an empty plan (status no_plan). NULL on exhausted memory. */
tap_plan *tap_plan_create(void);
void tap_plan_destroy(tap_plan **plan);

/* Appends a copy of assignment (its pupils and withdrawals are copied into
 * the plan's arena). TAP_ENOMEM on failure. */
tap_status tap_plan_add(tap_plan *plan, const tap_assignment *assignment);

/* Copies assignment into *out with its pupil and withdrawal lists in the
 * plan's arena (the copy is not added to the plan). TAP_ENOMEM on failure. */
tap_status tap_plan_copy_assignment(tap_plan *plan, const tap_assignment *assignment, tap_assignment *out);

/* True when two assignments do the same thing (activity, group, subject,
 * programme) for the same pupils, listed in the same order. */
bool tap_assignment_same(const tap_assignment *a, const tap_assignment *b);

/* Is pupil p among the assignment's pupils? */
bool tap_assignment_serves(const tap_assignment *a, int p);

/* Sorts assignments by (staff, day, slot) and each pupil list ascending, so
 * that output is deterministic. */
void tap_plan_sort(tap_plan *plan);

/* Computes every figure from the assignments alone (never from the MIP).
 * Rounded to 1e-6 so output is stable. Assignments that break rules still
 * count as SPEC section 3 says (capped gains); verify reports the breaches. */
tap_status tap_figures_compute(const tap_school *school, const tap_plan *plan, tap_figures **out);
void tap_figures_destroy(tap_figures **figures);

/* Did the solve give a plan (optimal or feasible), assignments to keep? */
bool tap_plan_found(const tap_plan *plan);

/* Are the heaviest terms of the objective (SPEC section 4, items 1-3) at
 * their least, so that what a gap leaves open is only the lesser ones (how
 * many adults each pupil sees, support in strength lessons, the cost of
 * possible hires)? True when the statutory shortfall is proven minimal, no
 * hour of SEN support is short and nothing withdraws from a strength: then
 * more time cannot serve a pupil's entitlement better. */
bool tap_plan_entitlements_settled(const tap_plan *plan, const tap_figures *figures);

const char *tap_plan_status_name(tap_plan_status status);
const char *tap_activity_name(tap_activity activity);

#endif
