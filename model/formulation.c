/* formulation.c - builds the MIP of docs/model.md from a checked school:
 * first who could share each activity, then the eligible columns, then the
 * rows, grouping columns into buckets (per adult and slot, per pupil and
 * slot, ...) so that every row is one pass. */
#include "formulation.h"

#include "contract.h"
#include "whole_lessons.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- lookup of columns by meaning: open addressing over packed keys ---- */

struct tap_var_index {
    uint64_t *keys; /* 0 marks an empty cell */
    int *cols;
    size_t capacity; /* a power of two */
    size_t count;
};

enum { STAFF_BITS = 14, PUPIL_BITS = 18, TIME_BITS = 9, EXTRA_BITS = 16 };
#define FIELD(value, bits) ((uint64_t)((value) + 1) & ((UINT64_C(1) << (bits)) - 1))

/* The extra field holds what distinguishes columns beyond staff, pupil and
 * time: the lesson of a LESSON column, the programme of SESSION and ATTEND
 * columns, the need of a SHORT_SESSIONS column. */
static int extra_of(const tap_var *v)
{
    switch (v->kind) {
    case TAP_VAR_LESSON: return v->lesson;
    case TAP_VAR_SESSION:
    case TAP_VAR_ATTEND: return v->programme;
    case TAP_VAR_SHORT_SESSIONS: return v->need;
    default: return -1;
    }
}

static uint64_t pack_key(const tap_var *v, int n_slots)
{
    int time = v->day >= 0 ? v->day * n_slots + v->slot : -1;
    uint64_t key = (uint64_t)v->kind + 1;
    key = key << STAFF_BITS | FIELD(v->staff, STAFF_BITS);
    key = key << PUPIL_BITS | FIELD(v->pupil, PUPIL_BITS);
    key = key << TIME_BITS | FIELD(time, TIME_BITS);
    key = key << EXTRA_BITS | FIELD(extra_of(v), EXTRA_BITS);
    return key;
}

static size_t hash_key(uint64_t key, size_t capacity)
{
    key ^= key >> 33;
    key *= UINT64_C(0xff51afd7ed558ccd);
    key ^= key >> 33;
    return (size_t)key & (capacity - 1);
}

static bool index_insert(tap_var_index *index, uint64_t key, int col)
{
    if (2 * (index->count + 1) > index->capacity) {
        size_t capacity = index->capacity ? 2 * index->capacity : 1024;
        uint64_t *keys = calloc(capacity, sizeof *keys);
        int *cols = calloc(capacity, sizeof *cols);
        if (!keys || !cols) {
            free(keys);
            free(cols);
            return false;
        }
        for (size_t i = 0; i < index->capacity; i++) {
            if (!index->keys[i])
                continue;
            size_t cell = hash_key(index->keys[i], capacity);
            while (keys[cell])
                cell = (cell + 1) & (capacity - 1);
            keys[cell] = index->keys[i];
            cols[cell] = index->cols[i];
        }
        free(index->keys);
        free(index->cols);
        index->keys = keys;
        index->cols = cols;
        index->capacity = capacity;
    }
    size_t cell = hash_key(key, index->capacity);
    while (index->keys[cell])
        cell = (cell + 1) & (index->capacity - 1);
    index->keys[cell] = key;
    index->cols[cell] = col;
    index->count++;
    return true;
}

int tap_model_find(const tap_model *model, const tap_var *key_var)
{
    const tap_var_index *index = model->index;
    if (!index || index->capacity == 0)
        return -1;
    uint64_t key = pack_key(key_var, model->school->n_slots);
    size_t cell = hash_key(key, index->capacity);
    while (index->keys[cell]) {
        if (index->keys[cell] == key)
            return index->cols[cell];
        cell = (cell + 1) & (index->capacity - 1);
    }
    return -1;
}

/* ---- eligibility: where a column could be 1 in a legal plan ---- */

bool tap_model_may_withdraw(const tap_school *s, int p, const tap_programme *q, int d, int t)
{
    if (s->slots[t].kind != TAP_SLOT_LESSON)
        return false;
    int l = tap_pupil_lesson_at(s, p, d, t);
    if (l < 0)
        return true; /* a free period: nobody is withdrawn */
    int subject = s->lessons[l].subject;
    if (s->policy.strengths == TAP_STRENGTHS_HARD && tap_pupil_has_strength(&s->pupils[p], subject))
        return false;
    if (s->policy.max_withdrawals_per_subject < 1)
        return false;
    if (q->n_subjects_from == 0)
        return true;
    for (int i = 0; i < q->n_subjects_from; i++)
        if (q->subjects_from[i] == subject)
            return true;
    return false;
}

/* The lesson in which adult a may support pupil p at (d, t), or -1. */
static int in_class_lesson(const tap_school *s, int p, int a, int d, int t)
{
    int l = tap_pupil_lesson_at(s, p, d, t);
    const tap_pupil *pupil = &s->pupils[p];
    if (l < 0 || !tap_pupil_counts_subject(pupil, s->lessons[l].subject))
        return -1;
    const tap_staff *adult = &s->staff[a];
    return tap_staff_available(adult, d, t) && tap_staff_can_support(adult, pupil) ? l : -1;
}

static bool session_eligible(const tap_school *s, int p, int q, int a, int d, int t)
{
    const tap_staff *adult = &s->staff[a];
    return tap_model_may_withdraw(s, p, &s->programmes[q], d, t) && tap_staff_available(adult, d, t) &&
           tap_staff_has_skill(adult, s->programmes[q].skill) && tap_staff_can_support(adult, &s->pupils[p]);
}

static bool needs_cover(const tap_school *s, const tap_pupil *pupil, int d, int t)
{
    return (pupil->unstructured_days >> d & 1u) && (pupil->unstructured_slots >> t & 1u) &&
           s->slots[t].kind == TAP_SLOT_UNSTRUCTURED;
}

static bool cover_eligible(const tap_school *s, int p, int a, int d, int t)
{
    const tap_staff *adult = &s->staff[a];
    return needs_cover(s, &s->pupils[p], d, t) && tap_staff_available(adult, d, t) &&
           tap_staff_can_support(adult, &s->pupils[p]);
}

/* ---- the builder ---- */

typedef struct {
    tap_model *model;
    const tap_school *school;
    tap_weights weights; /* the policy's, or statutory only */
    double idle_cost;
    const tap_model_options *options;
    int n_times;
    int cap_vars;
    bool too_large; /* MODEL_MAX_COLUMNS reached */
    int *link_of; /* [col]: the LINK column of a support column, else -1 */
    /* How many pupils could share each activity: an activity only one
     * pupil could use needs no column of its own (see shared_parent). */
    int *lesson_sharers;  /* [a][lesson] pupils of ratio >= 2 */
    int *session_sharers; /* [a][programme][time] */
    int *duty_sharers;    /* [a][time] pupils of unstructured ratio >= 2 */
} builder;

/* Does the model give this pupil columns? Pupils with no plan have
 * nothing to deliver; the statutory phase models EHC plans only. */
static bool modelled(const builder *b, int p)
{
    tap_plan_kind plan = b->school->pupils[p].plan;
    return plan != TAP_PLAN_NONE && (!b->options->statutory_only || plan == TAP_PLAN_EHCP);
}

static tap_var var_of(tap_var_kind kind)
{
    tap_var v = {kind, -1, -1, -1, -1, -1, -1, -1};
    return v;
}

static bool grow_arrays(builder *b, int n)
{
    if (n <= b->cap_vars)
        return true;
    int capacity = b->cap_vars ? 2 * b->cap_vars : 1024;
    while (capacity < n)
        capacity *= 2;
    tap_var *vars = realloc(b->model->vars, (size_t)capacity * sizeof *vars);
    if (!vars)
        return false;
    b->model->vars = vars;
    int *parent = realloc(b->model->parent, (size_t)capacity * sizeof *parent);
    if (!parent)
        return false;
    b->model->parent = parent;
    int *link_of = realloc(b->link_of, (size_t)capacity * sizeof *link_of);
    if (!link_of)
        return false;
    b->link_of = link_of;
    b->cap_vars = capacity;
    return true;
}

/* Adds a column for v (which must be new) and returns it, or -1. */
/* Past this many columns a model would take gigabytes and minutes to
 * build before the time limit could count: the generated 2,000-pupil
 * secondary has under 500,000; a school with a thousand pupils with plans
 * in one group and a hundred adults has 6.6 million. */
enum { MODEL_MAX_COLUMNS = 2000000 };

static int add_column(builder *b, const tap_var *v, int parent, tap_col_kind kind, double upper, double cost,
                      const char *name)
{
    tap_model *m = b->model;
    if (m->mip.n_cols >= MODEL_MAX_COLUMNS) {
        b->too_large = true;
        m->mip.failed = true;
        return -1;
    }
    int col = tap_mip_col(&m->mip, kind, 0.0, upper, cost, "%s", name);
    if (col < 0 || !grow_arrays(b, col + 1) || !index_insert(m->index, pack_key(v, b->school->n_slots), col)) {
        m->mip.failed = true;
        return -1;
    }
    m->vars[col] = *v;
    m->parent[col] = parent;
    b->link_of[col] = -1;
    return col;
}

/* The column for v, created on first use. */
static int column(builder *b, const tap_var *v, tap_col_kind kind, double upper, double cost, const char *name)
{
    int col = tap_model_find(b->model, v);
    return col >= 0 ? col : add_column(b, v, -1, kind, upper, cost, name);
}

#define NO_MORE_IDS ((const char *)NULL)

/* The name of a column: prefix_a_b_... over the ids before NO_MORE_IDS.
 * Formatting every name took a quarter of a large model's build, so only
 * a model that keeps names (export-lp) gets them. */
static const char *col_name(const builder *b, char *buffer, size_t size, const char *prefix, ...)
{
    if (!b->model->mip.named)
        return "";
    size_t used = (size_t)snprintf(buffer, size, "%s", prefix);
    va_list ids;
    va_start(ids, prefix);
    for (const char *id = va_arg(ids, const char *); id && used < size; id = va_arg(ids, const char *))
        used += (size_t)snprintf(buffer + used, size - used, "_%s", id);
    va_end(ids);
    return buffer;
}

/* A tiny cost on every shared activity so that plans carry no idle ones
 * (an adult in a lesson supporting nobody); far below every real weight. */
#define IDLE_COST 1e-3

static double hire_cost(const builder *b, const tap_staff *a)
{
    return b->weights.hire_cost * a->hours * a->cost_per_hour;
}

/* Weight per hour of shortfall for a pupil's plan. */
static double shortfall_weight(const builder *b, const tap_pupil *p)
{
    return p->plan == TAP_PLAN_EHCP ? b->weights.statutory : b->weights.sen_support;
}

static size_t session_key(const builder *b, int a, int q, int time)
{
    return ((size_t)a * (size_t)b->school->n_programmes + (size_t)q) * (size_t)b->n_times + (size_t)time;
}

/* Counts, for every activity an adult could take on, the pupils who could
 * share it. */
static bool count_sharers(builder *b)
{
    const tap_school *s = b->school;
    size_t n_staff = (size_t)s->n_staff;
    b->lesson_sharers = calloc(n_staff * (size_t)s->n_lessons + 1, sizeof *b->lesson_sharers);
    b->session_sharers = calloc(n_staff * (size_t)s->n_programmes * (size_t)b->n_times + 1, sizeof *b->session_sharers);
    b->duty_sharers = calloc(n_staff * (size_t)b->n_times + 1, sizeof *b->duty_sharers);
    if (!b->lesson_sharers || !b->session_sharers || !b->duty_sharers)
        return false;
    for (int p = 0; p < s->n_pupils; p++) {
        if (!modelled(b, p))
            continue;
        const tap_pupil *pupil = &s->pupils[p];
        for (int a = 0; a < s->n_staff; a++)
            for (int d = 0; d < s->n_days; d++)
                for (int t = 0; t < s->n_slots; t++) {
                    int time = d * s->n_slots + t;
                    int l = pupil->ratio >= 2 && pupil->in_class_hours > 0 ? in_class_lesson(s, p, a, d, t) : -1;
                    if (l >= 0)
                        b->lesson_sharers[(size_t)a * (size_t)s->n_lessons + (size_t)l]++;
                    for (int n = 0; n < pupil->n_interventions; n++) {
                        int q = pupil->interventions[n].programme;
                        if (pupil->interventions[n].sessions > 0 && session_eligible(s, p, q, a, d, t))
                            b->session_sharers[session_key(b, a, q, time)]++;
                    }
                    if (pupil->unstructured_ratio >= 2 && cover_eligible(s, p, a, d, t))
                        b->duty_sharers[(size_t)a * (size_t)b->n_times + (size_t)time]++;
                }
    }
    return true;
}

/* The activity column that pupil column v would hang from, created on
 * first use, or -1 when nobody could share it with the pupil: then the
 * pupil column stands alone and occupies the adult itself, which spares
 * the model a column and two rows per such support. */
static int shared_parent(builder *b, const tap_var *v)
{
    const tap_school *s = b->school;
    const tap_pupil *pupil = &s->pupils[v->pupil];
    const tap_staff *adult = &s->staff[v->staff];
    int time = v->day * s->n_slots + v->slot;
    tap_var parent = var_of(TAP_VAR_LESSON);
    parent.staff = v->staff, parent.day = v->day, parent.slot = v->slot;
    char name[256];
    const char *prefix = "lesson", *what = NULL;
    switch (v->kind) {
    case TAP_VAR_IN_CLASS:
        if (pupil->ratio < 2 || b->lesson_sharers[(size_t)v->staff * (size_t)s->n_lessons + (size_t)v->lesson] < 2)
            return -1;
        parent.lesson = v->lesson;
        what = s->groups[s->lessons[v->lesson].group].id;
        break;
    case TAP_VAR_ATTEND:
        if (tap_staff_session_capacity(adult, &s->programmes[v->programme]) < 2 ||
            b->session_sharers[session_key(b, v->staff, v->programme, time)] < 2)
            return -1;
        parent.kind = TAP_VAR_SESSION, parent.programme = v->programme;
        prefix = "session", what = s->programmes[v->programme].id;
        break;
    default:
        if (pupil->unstructured_ratio < 2 || b->duty_sharers[(size_t)v->staff * (size_t)b->n_times + (size_t)time] < 2)
            return -1;
        parent.kind = TAP_VAR_DUTY;
        prefix = "duty";
        break;
    }
    return column(b, &parent, TAP_COL_BINARY, 1.0, b->idle_cost,
                  col_name(b, name, sizeof name, prefix, adult->id, s->days[v->day].id, s->slots[v->slot].id, what,
                           NO_MORE_IDS));
}

/* Adds a support column (in class, attending, covered) and its parent. */
static void add_support_column(builder *b, tap_var *v, double cost, const char *prefix)
{
    const tap_school *s = b->school;
    if (b->options->keep_support && !b->options->keep_support(v, b->options->keep_context))
        return;
    char name[256];
    int parent = shared_parent(b, v);
    if (b->model->mip.failed)
        return;
    const char *programme = v->kind == TAP_VAR_ATTEND ? s->programmes[v->programme].id : NULL;
    add_column(b, v, parent, TAP_COL_BINARY, 1.0, cost,
               col_name(b, name, sizeof name, prefix, s->pupils[v->pupil].id, s->staff[v->staff].id,
                        s->days[v->day].id, s->slots[v->slot].id, programme, NO_MORE_IDS));
}

static void add_support_columns(builder *b, int p)
{
    const tap_school *s = b->school;
    const tap_pupil *pupil = &s->pupils[p];
    for (int d = 0; d < s->n_days; d++)
        for (int t = 0; t < s->n_slots; t++)
            for (int a = 0; a < s->n_staff; a++) {
                tap_var v = var_of(TAP_VAR_IN_CLASS);
                v.staff = a, v.pupil = p, v.day = d, v.slot = t;
                int l = pupil->in_class_hours > 0 ? in_class_lesson(s, p, a, d, t) : -1;
                if (l >= 0) {
                    v.lesson = l;
                    bool strength = tap_pupil_has_strength(pupil, s->lessons[l].subject);
                    add_support_column(b, &v, strength ? b->weights.strength_support * s->slot_hours[t] : 0.0, "class");
                }
                for (int n = 0; n < pupil->n_interventions; n++) {
                    int q = pupil->interventions[n].programme;
                    if (pupil->interventions[n].sessions <= 0 || !session_eligible(s, p, q, a, d, t))
                        continue;
                    int lesson = tap_pupil_lesson_at(s, p, d, t);
                    bool strength = lesson >= 0 && tap_pupil_has_strength(pupil, s->lessons[lesson].subject);
                    tap_var w = var_of(TAP_VAR_ATTEND);
                    w.staff = a, w.pupil = p, w.day = d, w.slot = t, w.programme = q, w.need = n;
                    add_support_column(b, &w, strength ? b->weights.strength_withdrawal : 0.0, "attend");
                }
                if (cover_eligible(s, p, a, d, t)) {
                    tap_var u = var_of(TAP_VAR_COVER);
                    u.staff = a, u.pupil = p, u.day = d, u.slot = t;
                    add_support_column(b, &u, 0.0, "cover");
                }
            }
}

static double unstructured_needed_hours(const tap_school *s, const tap_pupil *pupil)
{
    double hours = 0.0;
    for (int d = 0; d < s->n_days; d++)
        for (int t = 0; t < s->n_slots; t++)
            if (needs_cover(s, pupil, d, t))
                hours += s->slot_hours[t];
    return hours;
}

static double longest_lesson_hours(const tap_school *s)
{
    double longest = 0.0;
    for (int t = 0; t < s->n_slots; t++)
        if (s->slots[t].kind == TAP_SLOT_LESSON && s->slot_hours[t] > longest)
            longest = s->slot_hours[t];
    return longest;
}

/* The most in-class hours worth giving: the entitlement, rounded up to
 * whatever lesson reaches it. More earns nothing and takes the pupil's
 * independence, so the model never plans it. */
static double in_class_cap(const tap_school *s, const tap_pupil *pupil)
{
    return pupil->in_class_hours + longest_lesson_hours(s) - 1e-3; /* well clear of any tolerance */
}

/* Every hour of support a pupil could usefully receive in a week. */
static double support_cap(const tap_school *s, const tap_pupil *pupil)
{
    double hours = pupil->in_class_hours > 0 ? in_class_cap(s, pupil) : 0.0;
    for (int n = 0; n < pupil->n_interventions; n++)
        hours += pupil->interventions[n].sessions * longest_lesson_hours(s);
    return hours + unstructured_needed_hours(s, pupil);
}

/* Shortfall columns and the other columns a pupil with a plan needs. */
static void add_pupil_columns(builder *b, int p)
{
    const tap_school *s = b->school;
    const tap_pupil *pupil = &s->pupils[p];
    double weight = shortfall_weight(b, pupil);
    char name[256];
    tap_var v = var_of(TAP_VAR_SHORT_IN_CLASS);
    v.pupil = p;
    if (pupil->in_class_hours > 0)
        add_column(b, &v, -1, TAP_COL_CONTINUOUS, pupil->in_class_hours, weight,
                   col_name(b, name, sizeof name, "short_class", pupil->id, NO_MORE_IDS));
    for (int n = 0; n < pupil->n_interventions; n++) {
        if (pupil->interventions[n].sessions <= 0)
            continue;
        v = var_of(TAP_VAR_SHORT_SESSIONS);
        v.pupil = p, v.need = n;
        add_column(b, &v, -1, TAP_COL_CONTINUOUS, pupil->interventions[n].sessions, weight * s->mean_lesson_hours,
                   col_name(b, name, sizeof name, "short_sessions", pupil->id,
                         s->programmes[pupil->interventions[n].programme].id, NO_MORE_IDS));
    }
    double needed = unstructured_needed_hours(s, pupil);
    if (needed > 0) {
        v = var_of(TAP_VAR_SHORT_UNSTRUCTURED);
        v.pupil = p;
        add_column(b, &v, -1, TAP_COL_CONTINUOUS, needed, weight,
                   col_name(b, name, sizeof name, "short_unstructured", pupil->id, NO_MORE_IDS));
    }
    if (pupil->plan == TAP_PLAN_SEN_SUPPORT && b->weights.sen_fairness > 0) {
        v = var_of(TAP_VAR_FAIRNESS);
        v.pupil = p;
        add_column(b, &v, -1, TAP_COL_CONTINUOUS, HUGE_VAL, b->weights.sen_fairness,
                   col_name(b, name, sizeof name, "fairness", pupil->id, NO_MORE_IDS));
    }
}

static void add_staff_columns(builder *b, int a)
{
    const tap_school *s = b->school;
    const tap_staff *adult = &s->staff[a];
    char name[256];
    if (adult->optional) {
        tap_var hire = var_of(TAP_VAR_HIRE);
        hire.staff = a;
        add_column(b, &hire, -1, TAP_COL_BINARY, 1.0, hire_cost(b, adult),
                   col_name(b, name, sizeof name, "hire", adult->id, NO_MORE_IDS));
    }
    if (adult->planning_slots <= 0)
        return;
    for (int d = 0; d < s->n_days; d++)
        for (int t = 0; t < s->n_slots; t++) {
            if (!tap_staff_available(adult, d, t))
                continue;
            tap_var v = var_of(TAP_VAR_PLANNING);
            v.staff = a, v.day = d, v.slot = t;
            add_column(b, &v, -1, TAP_COL_BINARY, 1.0, 0.0,
                       col_name(b, name, sizeof name, "planning", adult->id, s->days[d].id, s->slots[t].id, NO_MORE_IDS));
        }
}

bool tap_var_is_support(tap_var_kind kind)
{
    return kind == TAP_VAR_IN_CLASS || kind == TAP_VAR_ATTEND || kind == TAP_VAR_COVER;
}

bool tap_var_is_shortfall(tap_var_kind kind)
{
    return kind == TAP_VAR_SHORT_IN_CLASS || kind == TAP_VAR_SHORT_SESSIONS || kind == TAP_VAR_SHORT_UNSTRUCTURED;
}

bool tap_model_leaves_nobody_short(const tap_model *model, const double *x)
{
    for (int i = 0; i < model->n_figure_cols; i++) {
        int j = model->figure_cols[i];
        if (tap_var_is_shortfall(model->vars[j].kind) && x[j] > 1e-9)
            return false;
    }
    return true;
}

/* One LINK column per (pupil, adult) pair that some support column joins,
 * and the per-pupil count of adults beyond the first. */
static void add_link_columns(builder *b)
{
    const tap_school *s = b->school;
    tap_model *m = b->model;
    char name[256];
    int n_support = m->mip.n_cols;
    for (int col = 0; col < n_support && !m->mip.failed; col++) {
        if (!tap_var_is_support(m->vars[col].kind))
            continue;
        tap_var link = var_of(TAP_VAR_LINK);
        link.staff = m->vars[col].staff, link.pupil = m->vars[col].pupil;
        /* column() may move link_of: assign only once it has returned */
        int link_col = column(b, &link, TAP_COL_BINARY, 1.0, 0.0,
                              col_name(b, name, sizeof name, "link", s->pupils[link.pupil].id, s->staff[link.staff].id,
                                       NO_MORE_IDS));
        b->link_of[col] = link_col;
    }
    for (int p = 0; p < s->n_pupils; p++) {
        if (!modelled(b, p) || b->weights.continuity <= 0)
            continue;
        tap_var extra = var_of(TAP_VAR_EXTRA_ADULTS);
        extra.pupil = p;
        add_column(b, &extra, -1, TAP_COL_CONTINUOUS, HUGE_VAL, b->weights.continuity,
                   col_name(b, name, sizeof name, "extra_adults", s->pupils[p].id, NO_MORE_IDS));
    }
}

/* ---- buckets: columns grouped by a key, for building rows ---- */

typedef struct {
    int *start; /* [n + 1] */
    int *items;
    int n;
} buckets;

typedef int (*bucket_fn)(const builder *b, int col);

static bool buckets_build(buckets *out, const builder *b, int n, bucket_fn key)
{
    int n_cols = b->model->mip.n_cols;
    out->n = n;
    out->start = calloc((size_t)n + 2, sizeof *out->start);
    out->items = malloc(((size_t)n_cols + 1) * sizeof *out->items);
    if (!out->start || !out->items)
        return false;
    for (int col = 0; col < n_cols; col++) {
        int k = key(b, col);
        if (k >= 0)
            out->start[k + 2]++;
    }
    for (int k = 0; k < n; k++)
        out->start[k + 2] += out->start[k + 1];
    for (int col = 0; col < n_cols; col++) {
        int k = key(b, col);
        if (k >= 0)
            out->items[out->start[k + 1]++] = col;
    }
    return true;
}

static void buckets_free(buckets *bk)
{
    free(bk->start);
    free(bk->items);
    memset(bk, 0, sizeof *bk);
}

#define EACH(bk, k, col) for (int i_ = (bk)->start[k], col; i_ < (bk)->start[(k) + 1] && ((col = (bk)->items[i_]), 1); i_++)

static int time_of(const builder *b, int col)
{
    return b->model->vars[col].day * b->school->n_slots + b->model->vars[col].slot;
}

static int key_staff_time(const builder *b, int col)
{
    return tap_model_occupies(b->model, col) ? b->model->vars[col].staff * b->n_times + time_of(b, col) : -1;
}

static int key_parent(const builder *b, int col)
{
    return b->model->parent[col];
}

static int key_pupil_time(const builder *b, int col)
{
    const tap_var *v = &b->model->vars[col];
    return tap_var_is_support(v->kind) ? v->pupil * b->n_times + time_of(b, col) : -1;
}

static int key_pupil(const builder *b, int col)
{
    const tap_var *v = &b->model->vars[col];
    return v->pupil >= 0 && v->kind != TAP_VAR_LINK ? v->pupil : -1;
}

static int key_staff(const builder *b, int col)
{
    return tap_model_occupies(b->model, col) ? b->model->vars[col].staff : -1;
}

static int key_link(const builder *b, int col)
{
    return b->link_of[col];
}

static int key_link_pupil(const builder *b, int col)
{
    return b->model->vars[col].kind == TAP_VAR_LINK ? b->model->vars[col].pupil : -1;
}

/* ---- rows ---- */

static double col_hours(const builder *b, int col)
{
    return b->school->slot_hours[b->model->vars[col].slot];
}

/* Row 6a (docs/model.md, whole_lessons.h): in-class hours come in whole
 * lessons, so where no set of the pupil's lessons adds up to the
 * entitlement the shortfall lies above the line through the nearest sums
 * below and above it. The lessons are the times where the pupil has an
 * in-class column (one place at a time: one lesson each). */
static void add_whole_lessons_row(builder *b, int p, const buckets *by_pupil, int short_class)
{
    const tap_school *s = b->school;
    tap_model *m = b->model;
    double exact = s->pupils[p].in_class_hours * 60.0;
    int entitled = (int)lround(exact);
    if (fabs(exact - entitled) > 1e-6)
        return; /* not a whole number of minutes: the plain row stands alone */
    int *minutes = calloc((size_t)b->n_times, sizeof *minutes);
    if (!minutes) {
        m->mip.failed = true;
        return;
    }
    EACH(by_pupil, p, col) if (m->vars[col].kind == TAP_VAR_IN_CLASS)
        minutes[m->vars[col].day * s->n_slots + m->vars[col].slot] = tap_slot_minutes(&s->slots[m->vars[col].slot]);
    int below = 0, above = 0;
    bool failed = false;
    bool cuts = tap_whole_lessons_line(minutes, b->n_times, entitled, &below, &above, &failed);
    free(minutes);
    m->mip.failed |= failed;
    if (!cuts)
        return;
    double slope = (double)(entitled - below) / (double)(above - below);
    tap_mip *mip = &m->mip;
    tap_mip_row_begin(mip, "whole_lessons_%s", s->pupils[p].id);
    EACH(by_pupil, p, col) if (m->vars[col].kind == TAP_VAR_IN_CLASS)
        tap_mip_row_add(mip, col, slope * col_hours(b, col));
    tap_mip_row_add(mip, short_class, 1.0);
    tap_mip_row_end(mip, slope * above / 60.0, HUGE_VAL);
}

static int find_hire(const builder *b, int a)
{
    tap_var hire = var_of(TAP_VAR_HIRE);
    hire.staff = a;
    return tap_model_find(b->model, &hire);
}

static bool long_enough_for_break(const tap_school *s, int t)
{
    return tap_slot_minutes(&s->slots[t]) >= s->policy.break_minutes;
}

/* The contract in whole slots (contract.h): the adult's busy slots of the
 * most common length against those of each other length. */
static void add_whole_slot_rows(builder *b, int a, const buckets *by_staff_time)
{
    const tap_school *s = b->school;
    tap_mip *mip = &b->model->mip;
    enum { MOST_LENGTHS = 8, MOST_ROWS = 8 };
    int lengths[MOST_LENGTHS], counts[MOST_LENGTHS], n_lengths = 0;
    for (int time = 0; time < b->n_times; time++) {
        int k = a * b->n_times + time;
        if (by_staff_time->start[k + 1] == by_staff_time->start[k])
            continue;
        int minutes = tap_slot_minutes(&s->slots[time % s->n_slots]), i = 0;
        while (i < n_lengths && lengths[i] != minutes)
            i++;
        if (i == MOST_LENGTHS)
            return; /* so many lengths that pairs say little: no rows */
        if (i == n_lengths)
            lengths[n_lengths] = minutes, counts[n_lengths++] = 0;
        counts[i]++;
    }
    int most = 0;
    for (int i = 1; i < n_lengths; i++)
        if (counts[i] > counts[most] || (counts[i] == counts[most] && lengths[i] > lengths[most]))
            most = i;
    long contract = (long)floor(s->staff[a].hours * 60.0 + 1e-6);
    for (int other = 0; other < n_lengths; other++) {
        if (other == most && n_lengths > 1)
            continue;
        tap_contract_row rows[MOST_ROWS];
        int n_rows = tap_contract_rows(lengths[most], counts[most], lengths[other], other == most ? 0 : counts[other],
                                       contract, rows, MOST_ROWS);
        for (int r = 0; r < n_rows; r++) {
            tap_mip_row_begin(mip, "whole_slots_%s_%d_%d", s->staff[a].id, lengths[other], r);
            for (int time = 0; time < b->n_times; time++) {
                int minutes = tap_slot_minutes(&s->slots[time % s->n_slots]);
                double value = minutes == lengths[most] ? (double)rows[r].per_long
                               : minutes == lengths[other] ? (double)rows[r].per_other
                                                           : 0.0;
                EACH(by_staff_time, a * b->n_times + time, col)
                    tap_mip_row_add(mip, col, value);
            }
            tap_mip_row_end(mip, -HUGE_VAL, (double)rows[r].rhs);
        }
    }
}

/* Per adult and slot: one thing at a time, and only if employed. Per
 * adult: contracted hours, planning, breaks. */
static void add_staff_rows(builder *b, const buckets *by_staff_time, const buckets *by_staff)
{
    const tap_school *s = b->school;
    tap_mip *mip = &b->model->mip;
    int n_times = b->n_times;
    for (int a = 0; a < s->n_staff; a++) {
        const tap_staff *adult = &s->staff[a];
        int hire = find_hire(b, a);
        for (int time = 0; time < n_times; time++) {
            tap_mip_row_begin(mip, "one_thing_%s_%s_%s", adult->id, s->days[time / s->n_slots].id,
                              s->slots[time % s->n_slots].id);
            int k = a * n_times + time;
            EACH(by_staff_time, k, col)
                tap_mip_row_add(mip, col, 1.0);
            if (hire >= 0 && by_staff_time->start[k + 1] > by_staff_time->start[k])
                tap_mip_row_add(mip, hire, -1.0);
            tap_mip_row_end(mip, -HUGE_VAL, hire >= 0 ? 0.0 : 1.0);
        }

        tap_mip_row_begin(mip, "hours_%s", adult->id);
        EACH(by_staff, a, col)
            tap_mip_row_add(mip, col, col_hours(b, col));
        tap_mip_row_end(mip, -HUGE_VAL, adult->hours);
        /* Where hours are the objective; in the whole model they are held
         * by the statutory phase's floor and cap, and the rows only moved
         * the search (docs/model.md, 10a). */
        if (b->options->statutory_only)
            add_whole_slot_rows(b, a, by_staff_time);

        /* Planning: at least planning_slots, fewer only when the adult is
         * available for fewer slots; for a possible hire only if hired. */
        int n_available = 0;
        for (int time = 0; time < n_times; time++)
            n_available += tap_staff_available(adult, time / s->n_slots, time % s->n_slots);
        int required = adult->planning_slots < n_available ? adult->planning_slots : n_available;
        if (required > 0) {
            tap_mip_row_begin(mip, "planning_%s", adult->id);
            EACH(by_staff, a, col) if (b->model->vars[col].kind == TAP_VAR_PLANNING)
                tap_mip_row_add(mip, col, 1.0);
            if (hire >= 0)
                tap_mip_row_add(mip, hire, -required);
            tap_mip_row_end(mip, hire >= 0 ? 0.0 : required, HUGE_VAL);
        }

        /* Break: on a day when every slot long enough for a break is
         * available, the adult keeps at least one of them free. Were all
         * busy the adult would be working with no break; one free suffices
         * whether or not they work that day. */
        for (int d = 0; d < s->n_days; d++) {
            int n_long = 0;
            bool has_free_long = false;
            for (int t = 0; t < s->n_slots; t++) {
                if (!long_enough_for_break(s, t))
                    continue;
                n_long++;
                has_free_long |= !tap_staff_available(adult, d, t);
            }
            if (has_free_long || n_long == 0)
                continue;
            tap_mip_row_begin(mip, "break_%s_%s", adult->id, s->days[d].id);
            for (int t = 0; t < s->n_slots; t++)
                if (long_enough_for_break(s, t))
                    EACH(by_staff_time, a * n_times + d * s->n_slots + t, col)
                        tap_mip_row_add(mip, col, 1.0);
            tap_mip_row_end(mip, -HUGE_VAL, n_long - 1);
        }
    }
}

/* Capacity of each shared activity: pupils' shares (1/ratio) within one
 * adult, and no pupil without the adult being there. */
static void add_capacity_rows(builder *b, const buckets *by_parent)
{
    const tap_school *s = b->school;
    tap_model *m = b->model;
    tap_mip *mip = &m->mip;
    int n_cols = mip->n_cols;
    for (int col = 0; col < n_cols; col++) {
        const tap_var *v = &m->vars[col];
        if (v->kind != TAP_VAR_LESSON && v->kind != TAP_VAR_SESSION && v->kind != TAP_VAR_DUTY)
            continue;
        tap_mip_row_begin(mip, "capacity_%s", mip->cols[col].name);
        double capacity = 1.0;
        if (v->kind == TAP_VAR_SESSION)
            capacity = tap_staff_session_capacity(&s->staff[v->staff], &s->programmes[v->programme]);
        EACH(by_parent, col, child) {
            const tap_pupil *pupil = &s->pupils[m->vars[child].pupil];
            double share = v->kind == TAP_VAR_LESSON  ? 1.0 / pupil->ratio
                           : v->kind == TAP_VAR_DUTY ? 1.0 / pupil->unstructured_ratio
                                                     : 1.0;
            tap_mip_row_add(mip, child, share);
        }
        tap_mip_row_add(mip, col, -capacity);
        tap_mip_row_end(mip, -HUGE_VAL, 0.0);
        /* The share row alone lets a pupil of ratio 2 ride on half an adult
         * in the LP relaxation; pairing each pupil with the adult closes
         * that gap. */
        EACH(by_parent, col, child) {
            tap_mip_row_begin(mip, "with_%s", mip->cols[child].name);
            tap_mip_row_add(mip, child, 1.0);
            tap_mip_row_add(mip, col, -1.0);
            tap_mip_row_end(mip, -HUGE_VAL, 0.0);
        }
    }
}

static int find_pupil_var(const builder *b, tap_var_kind kind, int p, int need)
{
    tap_var v = var_of(kind);
    v.pupil = p, v.need = need;
    return tap_model_find(b->model, &v);
}

/* Who can deliver each part of a pupil's entitlement: whatever of it is
 * delivered, some adult able to deliver it is linked to the pupil,
 *     entitled * sum(links of those adults) + shortfall >= entitled.
 * Implied by the integer model, these rows tell the LP that a pupil whose
 * Makaton support and nessy sessions need two different adults sees at
 * least two, which the weekly link rows alone do not. */
static void add_cover_rows(builder *b, int p, const buckets *by_pupil)
{
    const tap_school *s = b->school;
    const tap_model *m = b->model;
    tap_mip *mip = &b->model->mip;
    const tap_pupil *pupil = &s->pupils[p];
    /* part -1: in class; 0..n-1: the needs; n: unstructured cover */
    for (int part = -1; part <= pupil->n_interventions; part++) {
        tap_var_kind kind = part < 0 ? TAP_VAR_IN_CLASS : part < pupil->n_interventions ? TAP_VAR_ATTEND : TAP_VAR_COVER;
        tap_var_kind short_kind = part < 0                            ? TAP_VAR_SHORT_IN_CLASS
                                  : part < pupil->n_interventions ? TAP_VAR_SHORT_SESSIONS
                                                                   : TAP_VAR_SHORT_UNSTRUCTURED;
        int shortfall = find_pupil_var(b, short_kind, p, kind == TAP_VAR_ATTEND ? part : -1);
        if (shortfall < 0)
            continue;
        double entitled = mip->cols[shortfall].upper;
        tap_mip_row_begin(mip, "cover_%s_%d", pupil->id, part + 1);
        EACH(by_pupil, p, col) {
            const tap_var *v = &m->vars[col];
            if (v->kind != kind || (kind == TAP_VAR_ATTEND && v->need != part))
                continue;
            tap_var link = var_of(TAP_VAR_LINK);
            link.staff = v->staff, link.pupil = p;
            int link_col = tap_model_find(m, &link);
            /* each adult once: add the link at its first column */
            bool first = true;
            EACH(by_pupil, p, earlier) {
                if (earlier == col)
                    break;
                const tap_var *w = &m->vars[earlier];
                if (w->kind == kind && w->staff == v->staff && (kind != TAP_VAR_ATTEND || w->need == part)) {
                    first = false;
                    break;
                }
            }
            if (first)
                tap_mip_row_add(mip, link_col, entitled);
        }
        tap_mip_row_add(mip, shortfall, 1.0);
        tap_mip_row_end(mip, entitled, HUGE_VAL);
    }
}

/* Continuity: support of a pupil by an adult only with their link, and few
 * links a pupil. The link row is aggregated over the week, weighted by the
 * most hours the adult could give the pupil, which keeps the model small
 * and says more than one row per slot would when that is less than the
 * pupil needs: then the LP itself sees that one adult cannot do it all. */
static void add_link_rows(builder *b, const buckets *by_link, const buckets *links, const buckets *by_pupil)
{
    const tap_school *s = b->school;
    tap_model *m = b->model;
    tap_mip *mip = &m->mip;
    for (int link = 0; link < mip->n_cols; link++) {
        const tap_var *v = &m->vars[link];
        if (v->kind != TAP_VAR_LINK)
            continue;
        double most = 0.0;
        EACH(by_link, link, col)
            most += col_hours(b, col);
        most = fmin(most, fmin(s->staff[v->staff].hours, support_cap(s, &s->pupils[v->pupil])));
        tap_mip_row_begin(mip, "linked_%s", mip->cols[link].name);
        EACH(by_link, link, col)
            tap_mip_row_add(mip, col, col_hours(b, col));
        tap_mip_row_add(mip, link, -most);
        tap_mip_row_end(mip, -HUGE_VAL, 0.0);
    }
    for (int p = 0; p < s->n_pupils; p++) {
        if (!modelled(b, p))
            continue;
        add_cover_rows(b, p, by_pupil);
        tap_mip_row_begin(mip, "adults_%s", s->pupils[p].id);
        EACH(links, p, col)
            tap_mip_row_add(mip, col, 1.0);
        tap_mip_row_end(mip, -HUGE_VAL, s->policy.max_adults_per_pupil);
        int extra = find_pupil_var(b, TAP_VAR_EXTRA_ADULTS, p, -1);
        if (extra >= 0) {
            tap_mip_row_begin(mip, "extra_adults_%s", s->pupils[p].id);
            tap_mip_row_add(mip, extra, 1.0);
            EACH(links, p, col)
                tap_mip_row_add(mip, col, -1.0);
            tap_mip_row_end(mip, -1.0, HUGE_VAL);
        }
    }
}

/* Sessions: the entitlement, one a day, and the withdrawal limit. */
static void add_session_rows(builder *b, int p, const buckets *by_pupil)
{
    const tap_school *s = b->school;
    const tap_model *m = b->model;
    tap_mip *mip = &b->model->mip;
    const tap_pupil *pupil = &s->pupils[p];
    for (int n = 0; n < pupil->n_interventions; n++) {
        int short_sessions = find_pupil_var(b, TAP_VAR_SHORT_SESSIONS, p, n);
        if (short_sessions < 0)
            continue;
        const char *programme = s->programmes[pupil->interventions[n].programme].id;
        /* Sessions beyond the entitlement gain nothing and cost lessons. */
        tap_mip_row_begin(mip, "sessions_%s_%s", pupil->id, programme);
        EACH(by_pupil, p, col) if (m->vars[col].kind == TAP_VAR_ATTEND && m->vars[col].need == n)
            tap_mip_row_add(mip, col, 1.0);
        tap_mip_row_add(mip, short_sessions, 1.0);
        tap_mip_row_end(mip, pupil->interventions[n].sessions, pupil->interventions[n].sessions);
        for (int d = 0; d < s->n_days; d++) {
            tap_mip_row_begin(mip, "daily_%s_%s_%s", pupil->id, programme, s->days[d].id);
            EACH(by_pupil, p, col) if (m->vars[col].kind == TAP_VAR_ATTEND && m->vars[col].need == n &&
                                       m->vars[col].day == d)
                tap_mip_row_add(mip, col, 1.0);
            tap_mip_row_end(mip, -HUGE_VAL, 1.0);
        }
    }
    for (int k = 0; k < s->n_subjects; k++) {
        tap_mip_row_begin(mip, "withdrawals_%s_%s", pupil->id, s->subjects[k].id);
        EACH(by_pupil, p, col) {
            const tap_var *v = &m->vars[col];
            if (v->kind != TAP_VAR_ATTEND)
                continue;
            int l = tap_pupil_lesson_at(s, p, v->day, v->slot);
            if (l >= 0 && s->lessons[l].subject == k)
                tap_mip_row_add(mip, col, 1.0);
        }
        tap_mip_row_end(mip, -HUGE_VAL, s->policy.max_withdrawals_per_subject);
    }
}

/* Entitlements: what each pupil receives, the shortfall that remains, one
 * place at a time, and the fairness of SEN support. */
static void add_pupil_rows(builder *b, const buckets *by_pupil_time, const buckets *by_pupil)
{
    const tap_school *s = b->school;
    tap_model *m = b->model;
    tap_mip *mip = &m->mip;
    for (int p = 0; p < s->n_pupils; p++) {
        const tap_pupil *pupil = &s->pupils[p];
        if (!modelled(b, p))
            continue;
        for (int time = 0; time < b->n_times; time++) {
            tap_mip_row_begin(mip, "one_place_%s_%s_%s", pupil->id, s->days[time / s->n_slots].id,
                              s->slots[time % s->n_slots].id);
            EACH(by_pupil_time, p * b->n_times + time, col)
                tap_mip_row_add(mip, col, 1.0);
            tap_mip_row_end(mip, -HUGE_VAL, 1.0);
        }

        int short_class = find_pupil_var(b, TAP_VAR_SHORT_IN_CLASS, p, -1);
        if (short_class >= 0) {
            tap_mip_row_begin(mip, "in_class_%s", pupil->id);
            EACH(by_pupil, p, col) if (m->vars[col].kind == TAP_VAR_IN_CLASS)
                tap_mip_row_add(mip, col, col_hours(b, col));
            tap_mip_row_add(mip, short_class, 1.0);
            tap_mip_row_end(mip, pupil->in_class_hours, in_class_cap(s, pupil));
            add_whole_lessons_row(b, p, by_pupil, short_class);
        }

        add_session_rows(b, p, by_pupil);

        int short_unstructured = find_pupil_var(b, TAP_VAR_SHORT_UNSTRUCTURED, p, -1);
        if (short_unstructured >= 0) {
            tap_mip_row_begin(mip, "unstructured_%s", pupil->id);
            EACH(by_pupil, p, col) if (m->vars[col].kind == TAP_VAR_COVER)
                tap_mip_row_add(mip, col, col_hours(b, col));
            tap_mip_row_add(mip, short_unstructured, 1.0);
            tap_mip_row_end(mip, unstructured_needed_hours(s, pupil), HUGE_VAL);
        }

        /* Fairness: shortfall beyond half the pupil's total entitlement
         * costs extra, so the solver spreads SEN support rather than
         * leaving one pupil with nothing. */
        int fairness = find_pupil_var(b, TAP_VAR_FAIRNESS, p, -1);
        if (fairness >= 0) {
            tap_mip_row_begin(mip, "fair_%s", pupil->id);
            tap_mip_row_add(mip, fairness, 1.0);
            EACH(by_pupil, p, col) {
                const tap_var *v = &m->vars[col];
                if (v->kind == TAP_VAR_SHORT_IN_CLASS || v->kind == TAP_VAR_SHORT_UNSTRUCTURED)
                    tap_mip_row_add(mip, col, -1.0);
                else if (v->kind == TAP_VAR_SHORT_SESSIONS)
                    tap_mip_row_add(mip, col, -s->mean_lesson_hours);
            }
            tap_mip_row_end(mip, -0.5 * tap_model_entitled_hours(s, pupil), HUGE_VAL);
        }
    }
}

static void add_budget_row(builder *b)
{
    const tap_school *s = b->school;
    if (!s->budget.has_weekly)
        return;
    double fixed = 0.0;
    tap_mip *mip = &b->model->mip;
    tap_mip_row_begin(mip, "budget");
    for (int a = 0; a < s->n_staff; a++) {
        const tap_staff *adult = &s->staff[a];
        if (!adult->optional)
            fixed += adult->hours * adult->cost_per_hour;
        else
            tap_mip_row_add(mip, find_hire(b, a), adult->hours * adult->cost_per_hour);
    }
    /* With no possible hire the row is empty and dropped; a budget below
     * the fixed staff cost then shows in the plan's budget check instead. */
    tap_mip_row_end(mip, -HUGE_VAL, s->budget.weekly - fixed);
}

static tap_status check_sizes(const tap_school *s, tap_diags *diags)
{
    if (s->n_staff >= (1 << STAFF_BITS) - 2 || s->n_pupils >= (1 << PUPIL_BITS) - 2 ||
        s->n_days * s->n_slots >= (1 << TIME_BITS) - 2 || s->n_lessons >= (1 << EXTRA_BITS) - 2 ||
        s->n_programmes >= (1 << EXTRA_BITS) - 2)
        return tap_diags_add(diags, (tap_pos){s->file, 0, 0},
                             "school too large for the model (%d staff, %d pupils, %d lessons)", s->n_staff,
                             s->n_pupils, s->n_lessons);
    return TAP_OK;
}

static tap_status too_large(const tap_school *s, tap_diags *diags)
{
    int largest = -1;
    for (int g = 0; g < s->n_groups; g++)
        if (largest < 0 || s->groups[g].n_pupils > s->groups[largest].n_pupils)
            largest = g;
    if (largest < 0)
        return tap_diags_add(diags, (tap_pos){s->file, 0, 0},
                             "school too large for the model: over %d million columns", MODEL_MAX_COLUMNS / 1000000);
    return tap_diags_add(diags, s->groups[largest].pos,
                         "school too large for the model: over %d million columns (a 2,000-pupil secondary needs "
                         "under half a million); the largest group, '%s', has %d pupils, and %d staff",
                         MODEL_MAX_COLUMNS / 1000000, s->groups[largest].id, s->groups[largest].n_pupils,
                         s->n_staff);
}

/* Bounds on the total statutory shortfall, in hours: how the statutory
 * phase's result carries into the full model. */
static void add_statutory_row(builder *b)
{
    const tap_model_options *o = b->options;
    if (!isfinite(o->statutory_floor) && !isfinite(o->statutory_cap))
        return;
    const tap_school *s = b->school;
    tap_mip *mip = &b->model->mip;
    tap_mip_row_begin(mip, "statutory_shortfall");
    for (int col = 0; col < mip->n_cols; col++) {
        const tap_var *v = &b->model->vars[col];
        if (v->pupil < 0 || s->pupils[v->pupil].plan != TAP_PLAN_EHCP)
            continue;
        if (v->kind == TAP_VAR_SHORT_IN_CLASS || v->kind == TAP_VAR_SHORT_UNSTRUCTURED)
            tap_mip_row_add(mip, col, 1.0);
        else if (v->kind == TAP_VAR_SHORT_SESSIONS)
            tap_mip_row_add(mip, col, s->mean_lesson_hours);
    }
    tap_mip_row_end(mip, o->statutory_floor, o->statutory_cap);
}

double tap_model_entitled_hours(const tap_school *s, const tap_pupil *pupil)
{
    double hours = pupil->in_class_hours + unstructured_needed_hours(s, pupil);
    for (int n = 0; n < pupil->n_interventions; n++)
        hours += pupil->interventions[n].sessions * s->mean_lesson_hours;
    return hours;
}

bool tap_model_occupies(const tap_model *model, int col)
{
    switch (model->vars[col].kind) {
    case TAP_VAR_LESSON:
    case TAP_VAR_SESSION:
    case TAP_VAR_DUTY:
    case TAP_VAR_PLANNING: return true;
    case TAP_VAR_IN_CLASS:
    case TAP_VAR_ATTEND:
    case TAP_VAR_COVER: return model->parent[col] < 0;
    default: return false;
    }
}

void tap_model_add_change_costs(tap_model *model, const double *previous, double weight)
{
    tap_mip *mip = &model->mip;
    for (int j = 0; j < mip->n_cols; j++) {
        tap_var_kind kind = model->vars[j].kind;
        if (!tap_var_is_support(kind) && !tap_model_occupies(model, j))
            continue;
        if (previous[j] > 0.5) {
            mip->cols[j].cost -= weight;
            mip->offset += weight;
        } else {
            mip->cols[j].cost += weight;
        }
    }
}

tap_model_options tap_model_defaults(void)
{
    tap_model_options options = {false, -HUGE_VAL, HUGE_VAL, false, NULL, NULL};
    return options;
}

tap_status tap_model_build(const tap_school *school, tap_model **out, tap_diags *diags)
{
    tap_model_options options = tap_model_defaults();
    return tap_model_build_with(school, &options, out, diags);
}

static bool build_rows(builder *b)
{
    const tap_school *school = b->school;
    int n_cols = b->model->mip.n_cols;
    buckets by_staff_time = {0}, by_parent = {0}, by_pupil_time = {0}, by_pupil = {0}, by_staff = {0};
    buckets by_link = {0}, links = {0};
    bool ok = buckets_build(&by_staff_time, b, school->n_staff * b->n_times, key_staff_time) &&
              buckets_build(&by_parent, b, n_cols, key_parent) &&
              buckets_build(&by_pupil_time, b, school->n_pupils * b->n_times, key_pupil_time) &&
              buckets_build(&by_pupil, b, school->n_pupils, key_pupil) &&
              buckets_build(&by_staff, b, school->n_staff, key_staff) &&
              buckets_build(&by_link, b, n_cols, key_link) &&
              buckets_build(&links, b, school->n_pupils, key_link_pupil);
    if (ok) {
        add_staff_rows(b, &by_staff_time, &by_staff);
        add_capacity_rows(b, &by_parent);
        add_pupil_rows(b, &by_pupil_time, &by_pupil);
        add_link_rows(b, &by_link, &links, &by_pupil);
        add_budget_row(b);
        add_statutory_row(b);
    }
    buckets_free(&by_staff_time);
    buckets_free(&by_parent);
    buckets_free(&by_pupil_time);
    buckets_free(&by_pupil);
    buckets_free(&by_staff);
    buckets_free(&by_link);
    buckets_free(&links);
    return ok && !b->model->mip.failed;
}

static bool is_figure(tap_var_kind kind)
{
    return tap_var_is_shortfall(kind) || kind == TAP_VAR_FAIRNESS || kind == TAP_VAR_EXTRA_ADULTS;
}

static bool list_figure_cols(tap_model *model)
{
    int n = 0;
    for (int j = 0; j < model->mip.n_cols; j++)
        n += is_figure(model->vars[j].kind);
    model->figure_cols = malloc(((size_t)n + 1) * sizeof *model->figure_cols);
    if (!model->figure_cols)
        return false;
    for (int j = 0; j < model->mip.n_cols; j++)
        if (is_figure(model->vars[j].kind))
            model->figure_cols[model->n_figure_cols++] = j;
    return true;
}

tap_status tap_model_build_with(const tap_school *school, const tap_model_options *options, tap_model **out,
                                tap_diags *diags)
{
    *out = NULL;
    tap_status status = check_sizes(school, diags);
    if (status != TAP_OK)
        return status;
    tap_model *model = calloc(1, sizeof *model);
    if (!model)
        return TAP_ENOMEM;
    model->school = school;
    model->statutory_weight = tap_weights_statutory(&school->policy.weights);
    model->statutory_only = options->statutory_only;
    tap_mip_init(&model->mip);
    model->mip.named = options->names;
    model->index = calloc(1, sizeof *model->index);
    builder b = {0};
    b.model = model, b.school = school, b.weights = school->policy.weights, b.idle_cost = IDLE_COST;
    b.weights.statutory = model->statutory_weight;
    b.options = options, b.n_times = school->n_days * school->n_slots;
    if (options->statutory_only) {
        /* statutory shortfall alone: the coarser objective lets GLPK prove */
        memset(&b.weights, 0, sizeof b.weights);
        b.weights.statutory = 1.0;
        b.idle_cost = 0.0;
    }
    bool ok = model->index && count_sharers(&b);
    for (int p = 0; ok && p < school->n_pupils; p++) {
        if (!modelled(&b, p))
            continue;
        add_support_columns(&b, p);
        add_pupil_columns(&b, p);
        ok = !model->mip.failed;
    }
    for (int a = 0; ok && a < school->n_staff; a++)
        add_staff_columns(&b, a);
    if (ok)
        add_link_columns(&b);
    ok = ok && !model->mip.failed && build_rows(&b) && list_figure_cols(model);
    free(b.link_of);
    free(b.lesson_sharers);
    free(b.session_sharers);
    free(b.duty_sharers);
    if (!ok) {
        tap_model_destroy(&model);
        return b.too_large ? too_large(school, diags) : TAP_ENOMEM;
    }
    *out = model;
    return TAP_OK;
}

void tap_model_destroy(tap_model **model)
{
    if (!model || !*model)
        return;
    tap_mip_release(&(*model)->mip);
    free((*model)->vars);
    free((*model)->parent);
    free((*model)->figure_cols);
    if ((*model)->index) {
        free((*model)->index->keys);
        free((*model)->index->cols);
        free((*model)->index);
    }
    free(*model);
    *model = NULL;
}
