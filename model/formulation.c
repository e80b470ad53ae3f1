/* formulation.c - builds the MIP of docs/model.md from a checked school:
 * first the eligible columns, then the rows, grouping columns into buckets
 * (per adult and slot, per pupil and slot, ...) so every row is one pass. */
#include "formulation.h"

#include <math.h>
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

/* ---- building columns ---- */

typedef struct {
    tap_model *model;
    const tap_school *school;
    tap_weights weights; /* the policy's, or statutory only */
    double idle_cost;
    const tap_model_options *options;
    int cap_vars;
    int *parent; /* [col]: the activity column a pupil column hangs from, else -1 */
    int cap_parent;
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
    int *parent = realloc(b->parent, (size_t)capacity * sizeof *parent);
    if (!parent)
        return false;
    b->parent = parent;
    b->cap_vars = capacity;
    return true;
}

/* Adds a column for v (which must be new) and returns it, or -1. */
static int add_column(builder *b, const tap_var *v, int parent, tap_col_kind kind, double upper,
                      double cost, const char *name)
{
    tap_model *m = b->model;
    int col = tap_mip_col(&m->mip, kind, 0.0, upper, cost, "%s", name);
    if (col < 0 || !grow_arrays(b, col + 1) ||
        !index_insert(m->index, pack_key(v, b->school->n_slots), col)) {
        m->mip.failed = true;
        return -1;
    }
    m->vars[col] = *v;
    b->parent[col] = parent;
    return col;
}

/* The column for v, created on first use. */
static int column(builder *b, const tap_var *v, int parent, tap_col_kind kind, double upper,
                  double cost, const char *name)
{
    int col = tap_model_find(b->model, v);
    return col >= 0 ? col : add_column(b, v, parent, kind, upper, cost, name);
}

static const char *name4(char *buffer, size_t size, const char *prefix, const char *a, const char *b,
                         const char *c, const char *d)
{
    snprintf(buffer, size, "%s%s%s%s%s%s%s%s%s", prefix, a ? "_" : "", a ? a : "", b ? "_" : "",
             b ? b : "", c ? "_" : "", c ? c : "", d ? "_" : "", d ? d : "");
    return buffer;
}

/* A tiny cost on every activity so that plans carry no idle assignments
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

static void add_in_class_columns(builder *b, int p)
{
    const tap_school *s = b->school;
    const tap_pupil *pupil = &s->pupils[p];
    char name[256];
    for (int d = 0; d < s->n_days; d++)
        for (int t = 0; t < s->n_slots; t++) {
            int l = tap_pupil_lesson_at(s, p, d, t);
            if (l < 0 || !tap_pupil_counts_subject(pupil, s->lessons[l].subject))
                continue;
            bool strength = tap_pupil_has_strength(pupil, s->lessons[l].subject);
            double cost = strength ? b->weights.strength_support * s->slot_hours[t] : 0.0;
            for (int a = 0; a < s->n_staff; a++) {
                const tap_staff *adult = &s->staff[a];
                if (!tap_staff_available(adult, d, t) || !tap_staff_can_support(adult, pupil))
                    continue;
                tap_var lesson = var_of(TAP_VAR_LESSON);
                lesson.staff = a, lesson.day = d, lesson.slot = t, lesson.lesson = l;
                int parent = column(b, &lesson, -1, TAP_COL_BINARY, 1.0, b->idle_cost,
                                    name4(name, sizeof name, "lesson", adult->id, s->days[d].id,
                                          s->slots[t].id, s->groups[s->lessons[l].group].id));
                tap_var v = lesson;
                v.kind = TAP_VAR_IN_CLASS, v.pupil = p;
                add_column(b, &v, parent, TAP_COL_BINARY, 1.0, cost,
                           name4(name, sizeof name, "class", pupil->id, adult->id, s->days[d].id, s->slots[t].id));
            }
        }
}

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

static void add_session_columns(builder *b, int p)
{
    const tap_school *s = b->school;
    const tap_pupil *pupil = &s->pupils[p];
    char name[256];
    for (int n = 0; n < pupil->n_interventions; n++) {
        if (pupil->interventions[n].sessions <= 0)
            continue;
        int q = pupil->interventions[n].programme;
        const tap_programme *programme = &s->programmes[q];
        for (int d = 0; d < s->n_days; d++)
            for (int t = 0; t < s->n_slots; t++) {
                if (!tap_model_may_withdraw(s, p, programme, d, t))
                    continue;
                int l = tap_pupil_lesson_at(s, p, d, t);
                bool strength = l >= 0 && tap_pupil_has_strength(pupil, s->lessons[l].subject);
                double cost = strength ? b->weights.strength_withdrawal : 0.0;
                for (int a = 0; a < s->n_staff; a++) {
                    const tap_staff *adult = &s->staff[a];
                    if (!tap_staff_available(adult, d, t) || !tap_staff_has_skill(adult, programme->skill) ||
                        !tap_staff_can_support(adult, pupil))
                        continue;
                    tap_var session = var_of(TAP_VAR_SESSION);
                    session.staff = a, session.day = d, session.slot = t, session.programme = q;
                    int parent = column(b, &session, -1, TAP_COL_BINARY, 1.0, b->idle_cost,
                                        name4(name, sizeof name, "session", adult->id, s->days[d].id,
                                              s->slots[t].id, programme->id));
                    tap_var v = session;
                    v.kind = TAP_VAR_ATTEND, v.pupil = p, v.need = n;
                    snprintf(name, sizeof name, "attend_%s_%s_%s_%s_%s", pupil->id, adult->id, s->days[d].id,
                             s->slots[t].id, programme->id);
                    add_column(b, &v, parent, TAP_COL_BINARY, 1.0, cost, name);
                }
            }
    }
}

static void add_cover_columns(builder *b, int p)
{
    const tap_school *s = b->school;
    const tap_pupil *pupil = &s->pupils[p];
    char name[256];
    for (int d = 0; d < s->n_days; d++) {
        if (!(pupil->unstructured_days >> d & 1u))
            continue;
        for (int t = 0; t < s->n_slots; t++) {
            if (!(pupil->unstructured_slots >> t & 1u) || s->slots[t].kind != TAP_SLOT_UNSTRUCTURED)
                continue;
            for (int a = 0; a < s->n_staff; a++) {
                const tap_staff *adult = &s->staff[a];
                if (!tap_staff_available(adult, d, t) || !tap_staff_can_support(adult, pupil))
                    continue;
                tap_var duty = var_of(TAP_VAR_DUTY);
                duty.staff = a, duty.day = d, duty.slot = t;
                int parent = column(b, &duty, -1, TAP_COL_BINARY, 1.0, b->idle_cost,
                                    name4(name, sizeof name, "duty", adult->id, s->days[d].id, s->slots[t].id, NULL));
                tap_var v = duty;
                v.kind = TAP_VAR_COVER, v.pupil = p;
                add_column(b, &v, parent, TAP_COL_BINARY, 1.0, 0.0,
                           name4(name, sizeof name, "cover", pupil->id, adult->id, s->days[d].id, s->slots[t].id));
            }
        }
    }
}

static double unstructured_needed_hours(const tap_school *s, const tap_pupil *pupil)
{
    double hours = 0.0;
    for (int d = 0; d < s->n_days; d++)
        for (int t = 0; t < s->n_slots; t++)
            if ((pupil->unstructured_days >> d & 1u) && (pupil->unstructured_slots >> t & 1u) &&
                s->slots[t].kind == TAP_SLOT_UNSTRUCTURED)
                hours += s->slot_hours[t];
    return hours;
}

/* Shortfall columns and the columns that only pupils with a plan need. */
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
                   name4(name, sizeof name, "short_class", pupil->id, NULL, NULL, NULL));
    for (int n = 0; n < pupil->n_interventions; n++) {
        if (pupil->interventions[n].sessions <= 0)
            continue;
        v = var_of(TAP_VAR_SHORT_SESSIONS);
        v.pupil = p, v.need = n;
        add_column(b, &v, -1, TAP_COL_CONTINUOUS, pupil->interventions[n].sessions,
                   weight * s->mean_lesson_hours,
                   name4(name, sizeof name, "short_sessions", pupil->id,
                         s->programmes[pupil->interventions[n].programme].id, NULL, NULL));
    }
    double needed = unstructured_needed_hours(s, pupil);
    if (needed > 0) {
        v = var_of(TAP_VAR_SHORT_UNSTRUCTURED);
        v.pupil = p;
        add_column(b, &v, -1, TAP_COL_CONTINUOUS, needed, weight,
                   name4(name, sizeof name, "short_unstructured", pupil->id, NULL, NULL, NULL));
    }
    if (pupil->plan == TAP_PLAN_SEN_SUPPORT && b->weights.sen_fairness > 0) {
        v = var_of(TAP_VAR_FAIRNESS);
        v.pupil = p;
        add_column(b, &v, -1, TAP_COL_CONTINUOUS, HUGE_VAL, b->weights.sen_fairness,
                   name4(name, sizeof name, "fairness", pupil->id, NULL, NULL, NULL));
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
                   name4(name, sizeof name, "hire", adult->id, NULL, NULL, NULL));
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
                       name4(name, sizeof name, "planning", adult->id, s->days[d].id, s->slots[t].id, NULL));
        }
}

/* One LINK column per (pupil, adult) pair that some support column joins,
 * and the per-pupil count of adults beyond the first. */
static void add_link_columns(builder *b)
{
    const tap_school *s = b->school;
    tap_model *m = b->model;
    char name[256];
    int n_support = m->mip.n_cols;
    for (int col = 0; col < n_support; col++) {
        tap_var_kind kind = m->vars[col].kind;
        if (kind != TAP_VAR_IN_CLASS && kind != TAP_VAR_ATTEND && kind != TAP_VAR_COVER)
            continue;
        tap_var link = var_of(TAP_VAR_LINK);
        link.staff = m->vars[col].staff, link.pupil = m->vars[col].pupil;
        column(b, &link, -1, TAP_COL_BINARY, 1.0, 0.0,
               name4(name, sizeof name, "link", s->pupils[link.pupil].id, s->staff[link.staff].id, NULL, NULL));
    }
    for (int p = 0; p < s->n_pupils; p++) {
        if (!modelled(b, p) || b->weights.continuity <= 0)
            continue;
        tap_var extra = var_of(TAP_VAR_EXTRA_ADULTS);
        extra.pupil = p;
        add_column(b, &extra, -1, TAP_COL_CONTINUOUS, HUGE_VAL, b->weights.continuity,
                   name4(name, sizeof name, "extra_adults", s->pupils[p].id, NULL, NULL, NULL));
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

static bool is_activity(tap_var_kind kind)
{
    return kind == TAP_VAR_LESSON || kind == TAP_VAR_SESSION || kind == TAP_VAR_DUTY || kind == TAP_VAR_PLANNING;
}

static bool is_support(tap_var_kind kind)
{
    return kind == TAP_VAR_IN_CLASS || kind == TAP_VAR_ATTEND || kind == TAP_VAR_COVER;
}

static int key_staff_time(const builder *b, int col)
{
    const tap_var *v = &b->model->vars[col];
    return is_activity(v->kind) ? v->staff * b->school->n_days * b->school->n_slots + time_of(b, col) : -1;
}

static int key_parent(const builder *b, int col)
{
    return b->parent[col];
}

static int key_pupil_time(const builder *b, int col)
{
    const tap_var *v = &b->model->vars[col];
    return is_support(v->kind) ? v->pupil * b->school->n_days * b->school->n_slots + time_of(b, col) : -1;
}

static int key_pupil(const builder *b, int col)
{
    const tap_var *v = &b->model->vars[col];
    return v->pupil >= 0 && v->kind != TAP_VAR_LINK ? v->pupil : -1;
}

static int key_staff(const builder *b, int col)
{
    const tap_var *v = &b->model->vars[col];
    return v->staff >= 0 && (is_activity(v->kind) || v->kind == TAP_VAR_HIRE || v->kind == TAP_VAR_LINK) ? v->staff
                                                                                                           : -1;
}

/* ---- rows ---- */

static double col_hours(const builder *b, int col)
{
    return b->school->slot_hours[b->model->vars[col].slot];
}

static int find_hire(const builder *b, int a)
{
    tap_var hire = var_of(TAP_VAR_HIRE);
    hire.staff = a;
    return tap_model_find(b->model, &hire);
}

/* Per adult and slot: one activity at a time, and only if employed. Per
 * adult: contracted hours, planning, breaks. */
static void add_staff_rows(builder *b, const buckets *by_staff_time, const buckets *by_staff)
{
    const tap_school *s = b->school;
    tap_mip *mip = &b->model->mip;
    int n_times = s->n_days * s->n_slots;
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
        EACH(by_staff, a, col) if (is_activity(b->model->vars[col].kind))
            tap_mip_row_add(mip, col, col_hours(b, col));
        tap_mip_row_end(mip, -HUGE_VAL, adult->hours);

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
                if (s->slots[t].end_minute - s->slots[t].start_minute < s->policy.break_minutes)
                    continue;
                n_long++;
                has_free_long |= !tap_staff_available(adult, d, t);
            }
            if (has_free_long || n_long == 0)
                continue;
            tap_mip_row_begin(mip, "break_%s_%s", adult->id, s->days[d].id);
            for (int t = 0; t < s->n_slots; t++) {
                if (s->slots[t].end_minute - s->slots[t].start_minute < s->policy.break_minutes)
                    continue;
                EACH(by_staff_time, a * n_times + d * s->n_slots + t, col)
                    tap_mip_row_add(mip, col, 1.0);
            }
            tap_mip_row_end(mip, -HUGE_VAL, n_long - 1);
        }
    }
}

/* Capacity of each activity: pupils' shares (1/ratio) within one adult, and
 * no pupil without the adult being there. */
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
            double share = 1.0;
            if (v->kind == TAP_VAR_LESSON)
                share = 1.0 / pupil->ratio;
            else if (v->kind == TAP_VAR_DUTY)
                share = 1.0 / pupil->unstructured_ratio;
            tap_mip_row_add(mip, child, share);
        }
        tap_mip_row_add(mip, col, -capacity);
        tap_mip_row_end(mip, -HUGE_VAL, 0.0);
        /* The share row lets a pupil of ratio 2 ride on half an adult in the
         * LP relaxation; pairing each pupil with the adult closes that gap. */
        EACH(by_parent, col, child) {
            const tap_pupil *pupil = &s->pupils[m->vars[child].pupil];
            bool needs_link = v->kind == TAP_VAR_SESSION ? capacity > 1
                              : v->kind == TAP_VAR_LESSON ? pupil->ratio > 1
                                                          : pupil->unstructured_ratio > 1;
            if (!needs_link)
                continue;
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

/* Entitlements: what each pupil receives, the shortfall that remains, and
 * the rules of withdrawal and continuity. */
static void add_pupil_rows(builder *b, const buckets *by_pupil_time, const buckets *by_pupil, const buckets *links)
{
    const tap_school *s = b->school;
    tap_model *m = b->model;
    tap_mip *mip = &m->mip;
    int n_times = s->n_days * s->n_slots;
    for (int p = 0; p < s->n_pupils; p++) {
        const tap_pupil *pupil = &s->pupils[p];
        if (!modelled(b, p))
            continue;
        for (int time = 0; time < n_times; time++) {
            tap_mip_row_begin(mip, "one_place_%s_%s_%s", pupil->id, s->days[time / s->n_slots].id,
                              s->slots[time % s->n_slots].id);
            EACH(by_pupil_time, p * n_times + time, col)
                tap_mip_row_add(mip, col, 1.0);
            tap_mip_row_end(mip, -HUGE_VAL, 1.0);
        }

        int short_class = find_pupil_var(b, TAP_VAR_SHORT_IN_CLASS, p, -1);
        if (short_class >= 0) {
            tap_mip_row_begin(mip, "in_class_%s", pupil->id);
            EACH(by_pupil, p, col) if (m->vars[col].kind == TAP_VAR_IN_CLASS)
                tap_mip_row_add(mip, col, col_hours(b, col));
            tap_mip_row_add(mip, short_class, 1.0);
            tap_mip_row_end(mip, pupil->in_class_hours, HUGE_VAL);
        }

        for (int n = 0; n < pupil->n_interventions; n++) {
            int sessions = pupil->interventions[n].sessions;
            int short_sessions = find_pupil_var(b, TAP_VAR_SHORT_SESSIONS, p, n);
            if (short_sessions < 0)
                continue;
            const char *programme = s->programmes[pupil->interventions[n].programme].id;
            /* Sessions beyond the entitlement gain nothing and cost lessons. */
            tap_mip_row_begin(mip, "sessions_%s_%s", pupil->id, programme);
            EACH(by_pupil, p, col) if (m->vars[col].kind == TAP_VAR_ATTEND && m->vars[col].need == n)
                tap_mip_row_add(mip, col, 1.0);
            tap_mip_row_add(mip, short_sessions, 1.0);
            tap_mip_row_end(mip, sessions, sessions);
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
            double entitled = pupil->in_class_hours + unstructured_needed_hours(s, pupil);
            tap_mip_row_begin(mip, "fair_%s", pupil->id);
            tap_mip_row_add(mip, fairness, 1.0);
            EACH(by_pupil, p, col) {
                const tap_var *v = &m->vars[col];
                if (v->kind == TAP_VAR_SHORT_IN_CLASS || v->kind == TAP_VAR_SHORT_UNSTRUCTURED)
                    tap_mip_row_add(mip, col, -1.0);
                else if (v->kind == TAP_VAR_SHORT_SESSIONS)
                    tap_mip_row_add(mip, col, -s->mean_lesson_hours);
            }
            for (int n = 0; n < pupil->n_interventions; n++)
                entitled += pupil->interventions[n].sessions * s->mean_lesson_hours;
            tap_mip_row_end(mip, -0.5 * entitled, HUGE_VAL);
        }

        /* Continuity: a support column only with its link, and few links. */
        EACH(by_pupil, p, col) {
            const tap_var *v = &m->vars[col];
            if (!is_support(v->kind))
                continue;
            tap_var link = var_of(TAP_VAR_LINK);
            link.staff = v->staff, link.pupil = p;
            tap_mip_row_begin(mip, "linked_%s", mip->cols[col].name);
            tap_mip_row_add(mip, col, 1.0);
            tap_mip_row_add(mip, tap_model_find(m, &link), -1.0);
            tap_mip_row_end(mip, -HUGE_VAL, 0.0);
        }
        tap_mip_row_begin(mip, "adults_%s", pupil->id);
        EACH(links, p, col) tap_mip_row_add(mip, col, 1.0);
        tap_mip_row_end(mip, -HUGE_VAL, s->policy.max_adults_per_pupil);
        int extra = find_pupil_var(b, TAP_VAR_EXTRA_ADULTS, p, -1);
        if (extra >= 0) {
            tap_mip_row_begin(mip, "extra_adults_%s", pupil->id);
            tap_mip_row_add(mip, extra, 1.0);
            EACH(links, p, col) tap_mip_row_add(mip, col, -1.0);
            tap_mip_row_end(mip, -1.0, HUGE_VAL);
        }
    }
}

static int key_link_pupil(const builder *b, int col)
{
    return b->model->vars[col].kind == TAP_VAR_LINK ? b->model->vars[col].pupil : -1;
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
        return tap_diags_add(diags, (tap_pos){s->file, 0, 0}, "school too large for the model (%d staff, %d pupils, %d lessons)",
                             s->n_staff, s->n_pupils, s->n_lessons);
    return TAP_OK;
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

tap_model_options tap_model_defaults(void)
{
    tap_model_options options = {false, -HUGE_VAL, HUGE_VAL};
    return options;
}

tap_status tap_model_build(const tap_school *school, tap_model **out, tap_diags *diags)
{
    tap_model_options options = tap_model_defaults();
    return tap_model_build_with(school, &options, out, diags);
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
    model->statutory_weight = school->policy.weights.statutory;
    tap_mip_init(&model->mip);
    model->index = calloc(1, sizeof *model->index);
    builder b = {model, school, school->policy.weights, IDLE_COST, options, 0, NULL, 0};
    if (options->statutory_only) {
        /* statutory shortfall alone: the coarser objective lets GLPK prove */
        memset(&b.weights, 0, sizeof b.weights);
        b.weights.statutory = 1.0;
        b.idle_cost = 0.0;
    }
    if (!model->index) {
        tap_model_destroy(&model);
        return TAP_ENOMEM;
    }

    for (int p = 0; p < school->n_pupils; p++) {
        if (!modelled(&b, p))
            continue;
        add_in_class_columns(&b, p);
        add_session_columns(&b, p);
        add_cover_columns(&b, p);
        add_pupil_columns(&b, p);
    }
    for (int a = 0; a < school->n_staff; a++)
        add_staff_columns(&b, a);
    add_link_columns(&b);

    int n_times = school->n_days * school->n_slots;
    buckets by_staff_time = {0}, by_parent = {0}, by_pupil_time = {0}, by_pupil = {0}, by_staff = {0}, links = {0};
    bool ok = !model->mip.failed && buckets_build(&by_staff_time, &b, school->n_staff * n_times, key_staff_time) &&
              buckets_build(&by_parent, &b, model->mip.n_cols, key_parent) &&
              buckets_build(&by_pupil_time, &b, school->n_pupils * n_times, key_pupil_time) &&
              buckets_build(&by_pupil, &b, school->n_pupils, key_pupil) &&
              buckets_build(&by_staff, &b, school->n_staff, key_staff) &&
              buckets_build(&links, &b, school->n_pupils, key_link_pupil);
    if (ok) {
        add_staff_rows(&b, &by_staff_time, &by_staff);
        add_capacity_rows(&b, &by_parent);
        add_pupil_rows(&b, &by_pupil_time, &by_pupil, &links);
        add_budget_row(&b);
        add_statutory_row(&b);
    }
    buckets_free(&by_staff_time);
    buckets_free(&by_parent);
    buckets_free(&by_pupil_time);
    buckets_free(&by_pupil);
    buckets_free(&by_staff);
    buckets_free(&links);
    free(b.parent);
    if (!ok || model->mip.failed) {
        tap_model_destroy(&model);
        return TAP_ENOMEM;
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
    if ((*model)->index) {
        free((*model)->index->keys);
        free((*model)->index->cols);
        free((*model)->index);
    }
    free(*model);
    *model = NULL;
}
