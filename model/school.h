/* school.h - one school's week as plain C data: the contract between the
 * YAML reader (school_yaml.c), the validator (school_check.c), the model
 * (formulation.c) and everything downstream. No outside library appears here.
 *
 * Ownership: every pointer inside a tap_school lives in school->arena and is
 * freed by tap_school_destroy. Ids are kept as strings; every cross reference
 * is an index into the owning array (0-based), -1 meaning "none". */
#ifndef TAP_SCHOOL_H
#define TAP_SCHOOL_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/diag.h"

#define TAP_MAX_DAYS 7   /* days in a week */
#define TAP_MAX_SLOTS 24 /* slots in a day; slot sets are uint32_t masks */

typedef enum { TAP_SLOT_LESSON, TAP_SLOT_UNSTRUCTURED } tap_slot_kind;
typedef enum { TAP_PLAN_NONE, TAP_PLAN_SEN_SUPPORT, TAP_PLAN_EHCP } tap_plan_kind;
typedef enum { TAP_ROLE_TA, TAP_ROLE_HLTA, TAP_ROLE_TEACHER } tap_role;
typedef enum { TAP_STRENGTHS_HARD, TAP_STRENGTHS_SOFT } tap_strengths_policy;

/* Code of Practice areas of need, as bits of tap_pupil.needs. */
enum {
    TAP_NEED_COMMUNICATION_INTERACTION = 1 << 0,
    TAP_NEED_COGNITION_LEARNING = 1 << 1,
    TAP_NEED_SEMH = 1 << 2,
    TAP_NEED_SENSORY_PHYSICAL = 1 << 3
};

typedef struct {
    char *id;
    tap_pos pos;
} tap_day;

typedef struct {
    char *id;
    int start_minute; /* minutes after midnight */
    int end_minute;
    tap_slot_kind kind;
    tap_pos pos;
} tap_slot;

typedef struct {
    char *id;
    tap_pos pos;
} tap_subject;

/* A skill is any string named by a pupil, programme or adult; the reader
 * interns them so that skills compare as indices. */
typedef struct {
    char *id;
    tap_pos pos; /* where it was first named */
} tap_skill;

typedef struct {
    char *id;
    int *pupils; /* final membership after merging both sides, ascending */
    int n_pupils;
    bool lists_pupils; /* the group entry had a pupils: key */
    tap_pos pos;
} tap_group;

typedef struct {
    int group;
    int day;
    int slot; /* always a lesson slot */
    int subject;
    tap_pos pos;
} tap_lesson;

typedef struct {
    int programme;
    int sessions; /* per week */
    tap_pos pos;
} tap_intervention_need;

typedef struct {
    char *id;
    char *name; /* optional display name, NULL when absent; never logged */
    tap_plan_kind plan;
    unsigned needs; /* TAP_NEED_* bits */
    int *strengths; /* subject indices */
    int n_strengths;
    int *groups; /* final membership, ascending */
    int n_groups;

    double in_class_hours; /* weekly entitlement inside lessons */
    int ratio;             /* pupils per adult during in-class support, >= 1 */
    int *support_subjects; /* only these subjects count; n = 0 means all */
    int n_support_subjects;
    int *skills; /* every adult who supports the pupil holds all of these */
    int n_skills;
    tap_intervention_need *interventions;
    int n_interventions;

    uint32_t unstructured_slots; /* mask of unstructured slot indices */
    uint8_t unstructured_days;   /* mask of day indices */
    int unstructured_ratio;      /* pupils per adult at those slots, >= 1 */

    tap_pos pos;
} tap_pupil;

typedef struct {
    char *id;
    int skill;
    int max_group; /* pupils per session (a teacher may take twice this) */
    int *subjects_from; /* withdraw only from these; n = 0 means any */
    int n_subjects_from;
    tap_pos pos;
} tap_programme;

typedef struct {
    char *id;
    tap_role role;
    int *skills;
    int n_skills;
    double hours;         /* contracted per week: contact + planning <= hours */
    double cost_per_hour;
    int planning_slots;   /* -1 in the file means "policy default"; check resolves it */
    uint32_t unavailable[TAP_MAX_DAYS]; /* slot masks */
    bool optional;        /* a possible hire */
    tap_pos pos;
} tap_staff;

/* Objective weights (SPEC section 4), overridable under policy.weights.
 * docs/model.md explains each name and its default. */
typedef struct {
    double statutory;           /* per hour of statutory shortfall */
    double sen_support;         /* per hour of SEN-support shortfall */
    double sen_fairness;        /* extra per hour beyond half a pupil's entitlement */
    double strength_withdrawal; /* per withdrawal from a strength subject (soft) */
    double strength_support;    /* per hour of support in a strength subject */
    double continuity;          /* per distinct adult beyond the first, per pupil */
    double hire_cost;           /* per currency unit of weekly cost of optional hires */
    double change;              /* replan: per changed assignment */
} tap_weights;

typedef struct {
    tap_strengths_policy strengths;
    int max_withdrawals_per_subject;
    int max_adults_per_pupil;
    int break_minutes;
    tap_pos break_minutes_pos; /* where break_minutes was given; line 0 when not */
    int planning_slots;
    double time_limit_s;
    tap_weights weights;
} tap_policy;

typedef struct {
    bool has_weekly;
    double weekly;
    double weeks_per_year; /* default 39 */
    tap_pos pos;           /* where budget: was given; line 0 when absent */
} tap_budget;

typedef struct {
    tap_arena arena;
    const char *file; /* path of the school file, in the arena */
    char *name;       /* the school: key */

    tap_day *days;
    int n_days;
    tap_slot *slots;
    int n_slots;
    tap_subject *subjects;
    int n_subjects;
    tap_skill *skills;
    int n_skills;
    tap_group *groups;
    int n_groups;
    tap_lesson *lessons;
    int n_lessons;
    tap_pupil *pupils;
    int n_pupils;
    tap_programme *programmes;
    int n_programmes;
    tap_staff *staff;
    int n_staff;
    tap_budget budget;
    tap_policy policy;

    /* Derived by tap_school_check; valid only after it returns TAP_OK. */
    int *group_lesson;  /* [g][d][s] -> lesson index or -1 */
    int *pupil_lesson;  /* [p][d][s] -> lesson index or -1 */
    double *slot_hours; /* [s] */
    double mean_lesson_hours;
} tap_school;

/* The default policy and weights (SPEC section 2). */
tap_policy tap_policy_default(void);

/* The weight of an hour of statutory shortfall in every model: the
 * policy's, raised when another weight was raised (or it was lowered) so
 * that an hour of statutory support outweighs each other term at least as
 * much as with the default weights, 1,000 with the defaults (SPEC section
 * 4: "by far the heaviest"). A replan's change weight then cannot make
 * leaving an EHC-plan pupil uncovered the cheaper plan. */
double tap_weights_statutory(const tap_weights *weights);

/* How long a slot lasts, in minutes (not positive for a slot reported as bad). */
int tap_slot_minutes(const tap_slot *slot);

/* Reads a school file. On TAP_OK *out owns a new school (free it with
 * tap_school_destroy); on TAP_EINPUT every problem found is in diags. The
 * school is syntactically complete but not yet checked. */
tap_status tap_school_read(const char *path, tap_school **out, tap_diags *diags);

/* Validates references, ranges and consistency, reporting all errors at
 * once, and fills the derived tables. Returns TAP_OK or TAP_EINPUT. */
tap_status tap_school_check(tap_school *school, tap_diags *diags);

/* Frees the school; accepts NULL and sets *school to NULL. */
void tap_school_destroy(tap_school **school);

/* Lookups by id; -1 when absent. */
int tap_school_find_day(const tap_school *school, const char *id);
int tap_school_find_slot(const tap_school *school, const char *id);
int tap_school_find_subject(const tap_school *school, const char *id);
int tap_school_find_group(const tap_school *school, const char *id);
int tap_school_find_pupil(const tap_school *school, const char *id);
int tap_school_find_programme(const tap_school *school, const char *id);
int tap_school_find_staff(const tap_school *school, const char *id);

/* Derived-table accessors (valid after tap_school_check). */
static inline int tap_pupil_lesson_at(const tap_school *s, int pupil, int day, int slot)
{
    return s->pupil_lesson[((size_t)pupil * (size_t)s->n_days + (size_t)day) * (size_t)s->n_slots + (size_t)slot];
}
static inline int tap_group_lesson_at(const tap_school *s, int group, int day, int slot)
{
    return s->group_lesson[((size_t)group * (size_t)s->n_days + (size_t)day) * (size_t)s->n_slots + (size_t)slot];
}
static inline bool tap_staff_available(const tap_staff *a, int day, int slot)
{
    return !(a->unavailable[day] >> slot & 1u);
}
bool tap_staff_has_skill(const tap_staff *a, int skill);
/* Does the school list any possible hire (optional: true)? */
bool tap_school_has_possible_hires(const tap_school *school);
/* True when the adult holds every skill the pupil requires. */
bool tap_staff_can_support(const tap_staff *a, const tap_pupil *p);
bool tap_pupil_has_strength(const tap_pupil *p, int subject);
/* The index of p's intervention of programme q (a programme is asked for
 * once at most), or -1. */
int tap_pupil_need_of(const tap_pupil *p, int q);
/* True when in-class support in this subject counts for the pupil. */
bool tap_pupil_counts_subject(const tap_pupil *p, int subject);
/* Largest intervention group the adult may take for the programme. */
int tap_staff_session_capacity(const tap_staff *a, const tap_programme *q);
/* The weekday a day id names, 0 = Monday to 6 = Sunday: the English name
 * or its first three letters, in any case ("Mon", "monday"); -1 otherwise. */
int tap_day_weekday(const char *id);

#endif
