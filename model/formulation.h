/* formulation.h - the school as a mixed-integer program (docs/model.md).
 * Columns exist only for eligible combinations: an adult who is available,
 * holds the pupil's skills (and the programme's), at a slot where the pupil
 * can legally receive that support. Every column carries a tap_var saying
 * what it means, so a solution maps back to assignments and a plan maps
 * forward to a starting solution. */
#ifndef TAP_FORMULATION_H
#define TAP_FORMULATION_H

#include "mip.h"
#include "school.h"

typedef enum {
    TAP_VAR_LESSON,     /* adult in a lesson: staff, day, slot, lesson */
    TAP_VAR_IN_CLASS,   /* adult supports pupil in that lesson: + pupil */
    TAP_VAR_SESSION,    /* adult runs a programme: staff, day, slot, programme */
    TAP_VAR_ATTEND,     /* pupil attends that session: + pupil, need */
    TAP_VAR_DUTY,       /* adult on unstructured duty: staff, day, slot */
    TAP_VAR_COVER,      /* pupil covered at that duty: + pupil */
    TAP_VAR_PLANNING,   /* adult planning: staff, day, slot */
    TAP_VAR_LINK,       /* adult supports pupil somewhere in the week */
    TAP_VAR_HIRE,       /* optional adult employed */
    TAP_VAR_SHORT_IN_CLASS,     /* pupil's in-class hours not delivered */
    TAP_VAR_SHORT_SESSIONS,     /* pupil's sessions of one need not delivered */
    TAP_VAR_SHORT_UNSTRUCTURED, /* pupil's unstructured hours not covered */
    TAP_VAR_FAIRNESS,   /* SEN-support shortfall beyond half the entitlement */
    TAP_VAR_EXTRA_ADULTS /* distinct adults beyond the first */
} tap_var_kind;

typedef struct {
    tap_var_kind kind;
    int staff;     /* -1 when not applicable, likewise below */
    int pupil;
    int day;
    int slot;
    int lesson;
    int programme;
    int need;      /* index into the pupil's interventions */
} tap_var;

typedef struct tap_var_index tap_var_index; /* private lookup by meaning */

typedef struct {
    const tap_school *school; /* borrowed; must outlive the model */
    tap_mip mip;
    tap_var *vars; /* [mip.n_cols] */
    /* [mip.n_cols]: for a pupil's support column, the shared activity it
     * hangs from, or -1 when the support stands alone (nobody could share
     * it), in which case the pupil column itself occupies the adult. */
    int *parent;
    tap_var_index *index;
    /* The columns of each pupil's own figures (shortfalls, fairness,
     * adults beyond the first) in column order: a plan's columns are
     * those its assignments set, their links and hires, and these
     * (tap_solution_from_plan), without a pass over every column. */
    int *figure_cols;
    int n_figure_cols;
    double statutory_weight; /* objective per hour of statutory shortfall */
    bool statutory_only;     /* EHC-plan pupils only (tap_model_options) */
} tap_model;

typedef struct {
    bool statutory_only;    /* model EHC-plan pupils only, objective = statutory shortfall hours */
    double statutory_floor; /* bounds on total statutory shortfall hours (+-HUGE_VAL: none) */
    double statutory_cap;
    bool names;             /* name every column and row (for export-lp) */
    /* When set, a pupil's support column (in class, attending, covered) is
     * made only where keep_support says so: the model is then the one
     * with every column left out fixed at zero, and no larger than the
     * columns kept. NULL: every eligible column. */
    bool (*keep_support)(const tap_var *v, void *context);
    void *keep_context;
} tap_model_options;

tap_model_options tap_model_defaults(void);

/* Builds the model of a checked school. On TAP_OK *out owns a new model
 * (free with tap_model_destroy). TAP_EINPUT (with diagnostics) when the
 * school exceeds the sizes the model can index. */
tap_status tap_model_build(const tap_school *school, tap_model **out, tap_diags *diags);
tap_status tap_model_build_with(const tap_school *school, const tap_model_options *options, tap_model **out,
                                tap_diags *diags);
void tap_model_destroy(tap_model **model);

/* May the pupil attend a session of programme q at day d, slot t? A lesson
 * slot, and the lesson they would miss (if any) is one they may be
 * withdrawn from: not a strength when strengths are hard, within the
 * programme's subjects_from. The weekly per-subject count is a row. */
bool tap_model_may_withdraw(const tap_school *school, int pupil, const tap_programme *q, int day, int slot);

/* Is kind one of a pupil's support columns (in class, attending, covered)? */
bool tap_var_is_support(tap_var_kind kind);

/* Is kind one of a pupil's shortfall columns (in class, sessions, unstructured)? */
bool tap_var_is_shortfall(tap_var_kind kind);

/* Does the solution x [n_cols] leave every pupil their whole entitlement
 * (every shortfall column at zero)? */
bool tap_model_leaves_nobody_short(const tap_model *model, const double *x);

/* Does column col occupy its adult at its slot (an activity, or support
 * that stands alone)? Exactly these columns fill the adult's time. */
bool tap_model_occupies(const tap_model *model, int col);

/* A pupil's whole weekly entitlement in hours: in class, sessions valued at
 * the mean lesson length, and unstructured cover. */
double tap_model_entitled_hours(const tap_school *school, const tap_pupil *pupil);

/* Replan: makes every change to a previous solution cost weight. Each
 * assignment column (an activity, or a pupil's place in one) set where
 * previous has it clear, or cleared where previous has it set, adds weight
 * to the objective; the constant part goes into mip.offset, so the
 * objective stays non-negative. previous is [mip.n_cols]. */
void tap_model_add_change_costs(tap_model *model, const double *previous, double weight);

/* Column for a meaning, or -1 when no such column exists (ineligible). The
 * fields of key that the kind does not use must be -1. */
int tap_model_find(const tap_model *model, const tap_var *key);

#endif
