/* explain.h - why a pupil is short, in words a SENCO uses. Two depths:
 * a quick reason from the school and the plan alone (every short pupil,
 * every solve), and a checked one that re-solves the pupil's support with
 * one requirement relaxed at a time (relax.h), names the requirement whose
 * relaxation helps, with the numbers, and the single change that would
 * help most (docs/explain.md). */
#ifndef TAP_EXPLAIN_H
#define TAP_EXPLAIN_H

#include <stdbool.h>

#include "plan.h"

/* Fills plan->pupil_reasons for every pupil whose plan leaves a shortfall,
 * from the school and the plan alone (no solving). */
tap_status tap_explain_shortfalls(const tap_school *school, tap_plan *plan);

/* The requirement that binds a part of a pupil's entitlement. */
typedef enum {
    TAP_BINDS_SKILL,       /* the skill is held by too few adults (or none) */
    TAP_BINDS_STRENGTHS,   /* strength protection leaves too few legal withdrawal slots */
    TAP_BINDS_WITHDRAWALS, /* policy max_withdrawals_per_subject */
    TAP_BINDS_RULES,       /* the other withdrawal rules: one a day, subjects_from */
    TAP_BINDS_TIMETABLE,   /* too few lessons in the subjects that count */
    TAP_BINDS_CONTINUITY,  /* policy max_adults_per_pupil */
    TAP_BINDS_BUDGET,      /* the weekly budget keeps out a possible hire who could help */
    TAP_BINDS_HOURS,       /* the adults free then have used their contracted hours */
    TAP_BINDS_BREAK,       /* the adults free then would lose their break */
    TAP_BINDS_BUSY,        /* every adult who may help is busy or away at the pupil's slots */
    TAP_BINDS_OWN_TIME,    /* the pupil's other support fills the slots they could have it */
    TAP_BINDS_PLAN,        /* nothing binds: re-solving the pupil alone gives more */
    TAP_BINDS_UNKNOWN      /* no single relaxation tried gives more */
} tap_binding;

/* One short part of a pupil's entitlement: in class, one programme's
 * sessions, or unstructured cover. */
typedef struct {
    int need;        /* the pupil's intervention index, or -1 in class, -2 unstructured */
    tap_binding binds;
    bool checked;    /* a re-solve with that requirement relaxed gave more */
    char *text;      /* "2 of 3 speech_language sessions: only 2 slots a week ..." */
} tap_part_reason;

typedef struct {
    int pupil;
    double shortfall_hours;
    tap_part_reason *parts;
    int n_parts;
    char *change;        /* the single change that helps most, with what it gives; NULL when none helped */
    double change_hours; /* the shortfall it removes */
    bool complete;       /* every re-solve planned for the pupil ran */
    const char *note;    /* when not complete, why: a static string */
    char *summary;       /* the parts and the change on one line */
} tap_explanation;

typedef struct {
    double time_limit_s;    /* every re-solve of one call together; <= 0: 30 s */
    double resolve_limit_s; /* one re-solve; <= 0: 2 s */
    int node_limit;         /* branch-and-bound nodes of one re-solve; <= 0: 500 */
    double deadline;        /* > 0: a tap_solve_clock() time that calls share,
                             * in place of time_limit_s; once it has passed a
                             * call re-solves nothing and its reasons come
                             * from counting */
} tap_explain_settings;

tap_explain_settings tap_explain_defaults(void);

/* Explains pupil's shortfall in plan (a plan of school). On TAP_OK *out is
 * filled, its strings in arena; a pupil with no shortfall gets n_parts 0. */
tap_status tap_explain_pupil(const tap_school *school, const tap_plan *plan, int pupil,
                             const tap_explain_settings *settings, tap_arena *arena, tap_explanation *out,
                             tap_diags *diags);

/* Replaces plan->pupil_reasons of the max_pupils worst short pupils
 * (statutory first, then by hours short) with checked explanations, as
 * time allows; the others keep their quick reasons. */
tap_status tap_explain_worst(const tap_school *school, tap_plan *plan, int max_pupils,
                             const tap_explain_settings *settings, tap_diags *diags);

/* The order tap_explain_worst takes: fills order with the short pupils,
 * worst first (shortfalls within a millionth of an hour of each other in
 * the school's order), and returns how many (figures of plan). */
int tap_explain_order(const tap_school *school, const tap_figures *figures, int *order);

const char *tap_binding_name(tap_binding binds);

#endif
