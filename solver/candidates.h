/* candidates.h - a few good, genuinely different plans for one school: the
 * normal solve's plan, then each further plan the best one that differs
 * from every earlier plan in at least min_diff placements and stays within
 * a tolerance of the normal solve's objective (docs/candidates.md).
 *
 * A placement is what a SENCO sees of support: this pupil, with this
 * adult, at this day and slot, in class, in a session of a programme, or
 * at unstructured time. Planning slots and the model's auxiliary columns
 * are not placements: moving them alone does not make another timetable.
 *
 * Ownership: a tap_candidates owns its plans and figures; free it with
 * tap_candidates_destroy. */
#ifndef TAP_CANDIDATES_H
#define TAP_CANDIDATES_H

#include <signal.h>
#include <stdbool.h>

#include "glpk_backend.h"
#include "plan.h"

typedef struct {
    int n_wanted;        /* plans asked for, at least 1 */
    double within;       /* tolerance on the objective, relative: 0.05 is 5% */
    int min_diff;        /* placements between any two plans, at least 1 */
    double time_limit_s; /* for each plan's search; <= 0: the school's policy.time_limit_s */
    int work_parts;      /* for each plan's search, as tap_solve_settings.work_parts; 0: none */
    tap_progress_fn progress; /* optional, passed to every solve */
    void *progress_context;
    volatile sig_atomic_t *stop; /* optional: non-zero stops the search with what it has */
} tap_candidates_settings;

/* How the search ended: with as many plans as asked for, with a proof that
 * no further plan exists, or without one. */
typedef enum {
    TAP_SEARCH_COMPLETE,     /* n_wanted plans found */
    TAP_SEARCH_NO_OTHER,     /* proven: no further plan differs enough from the earlier ones */
    TAP_SEARCH_NONE_WITHIN,  /* proven: every further plan that differs enough is beyond the tolerance */
    TAP_SEARCH_OUT_OF_TIME,  /* the time ran out before a further plan was found or ruled out */
    TAP_SEARCH_STOPPED,      /* the stop flag was raised */
    TAP_SEARCH_NO_PLAN       /* not even a first plan was found */
} tap_search_end;

typedef struct {
    tap_plan *plan;        /* status, objective, bound and reasons filled */
    tap_figures *figures;
    double objective;      /* under the model's objective (docs/model.md) */
    int distance_to_first; /* placements; 0 for the first */
    int least_distance;    /* placements to the nearest other candidate; 0 when alone */
} tap_candidate;

typedef struct {
    tap_candidate *items; /* best first (least objective; ties in the order found) */
    int n_items;
    int n_wanted;
    double within;
    int min_diff;
    double reference_objective; /* the normal solve's plan's; the tolerance is measured from it */
    bool reference_proven;           /* that plan is proven optimal (then no candidate is better) */
    double objective_limit;     /* no plan beyond it is a candidate */
    double statutory_cap;       /* hours: no candidate has more statutory shortfall than that plan */
    tap_search_end end;
    double next_objective;    /* the best further plan found beyond the tolerance, or NAN */
    double next_bound;        /* proven lower bound on any further plan, or NAN when none is known */
    double seconds;
} tap_candidates;

/* Searches for up to settings->n_wanted plans. On TAP_OK *out owns the
 * result (even when no plan was found: end says so); the first plan comes
 * from tap_solve. Other statuses come with diagnostics. */
tap_status tap_candidates_find(const tap_school *school, const tap_candidates_settings *settings,
                               tap_candidates **out, tap_diags *diags);

/* Frees the result; accepts NULL and sets *candidates to NULL. */
void tap_candidates_destroy(tap_candidates **candidates);

/* One sentence on how the search ended, for terminal and document. */
const char *tap_search_end_text(tap_search_end end);

/* How one plan differs from another of the same school. */
typedef struct {
    int n_placements;   /* placements in one plan and not in the other */
    int *staff_slots;   /* [n_staff]: slots where the adult's assignment differs (planning too) */
    int *pupil_changes; /* [n_pupils]: the pupil's placements in one plan and not in the other */
} tap_plan_difference;

/* Fills out (its arrays malloc'd; free with tap_plan_difference_release).
 * TAP_ENOMEM on failure. */
tap_status tap_plan_difference_compute(const tap_school *school, const tap_plan *a, const tap_plan *b,
                                       tap_plan_difference *out);
void tap_plan_difference_release(tap_plan_difference *difference);

#endif
