/* solution.c - see solution.h. Activities are rebuilt from the columns that
 * occupy an adult; pupils hang from the shared activity their column
 * belongs to, or stand alone as an activity of one. */
#include "solution.h"

#include "../base/bits.h"
#include "../model/mip.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool chosen(const double *x, int col)
{
    return col >= 0 && x[col] > 0.5;
}

static tap_activity activity_of(tap_var_kind kind)
{
    switch (kind) {
    case TAP_VAR_LESSON:
    case TAP_VAR_IN_CLASS: return TAP_ACT_IN_CLASS;
    case TAP_VAR_SESSION:
    case TAP_VAR_ATTEND: return TAP_ACT_INTERVENTION;
    case TAP_VAR_DUTY:
    case TAP_VAR_COVER: return TAP_ACT_UNSTRUCTURED;
    default: return TAP_ACT_PLANNING;
    }
}

tap_status tap_solution_to_plan(const tap_model *model, const double *x, tap_plan *plan)
{
    const tap_school *s = model->school;
    int n_cols = model->mip.n_cols;
    /* pupils of each chosen shared activity, gathered column by column */
    int *first = malloc(((size_t)n_cols + 1) * sizeof *first);
    int *next = malloc(((size_t)n_cols + 1) * sizeof *next);
    int *pupils = malloc(((size_t)s->n_pupils + 1) * sizeof *pupils);
    tap_withdrawal *withdrawn = malloc(((size_t)s->n_pupils + 1) * sizeof *withdrawn);
    if (!first || !next || !pupils || !withdrawn) {
        free(first), free(next), free(pupils), free(withdrawn);
        return TAP_ENOMEM;
    }
    for (int j = 0; j < n_cols; j++)
        first[j] = -1;
    for (int j = n_cols - 1; j >= 0; j--) {
        int parent = chosen(x, j) && tap_var_is_support(model->vars[j].kind) ? model->parent[j] : -1;
        if (parent >= 0) {
            next[j] = first[parent];
            first[parent] = j;
        }
    }
    tap_status status = TAP_OK;
    for (int j = 0; j < n_cols && status == TAP_OK; j++) {
        const tap_var *v = &model->vars[j];
        if (!chosen(x, j) || !tap_model_occupies(model, j))
            continue;
        tap_assignment a = {v->staff, v->day, v->slot, activity_of(v->kind), -1, -1, -1, pupils, 0, withdrawn, 0};
        if (tap_var_is_support(v->kind)) {
            pupils[a.n_pupils++] = v->pupil; /* support standing alone */
        } else {
            for (int child = first[j]; child >= 0; child = next[child])
                pupils[a.n_pupils++] = model->vars[child].pupil;
        }
        if (a.activity == TAP_ACT_INTERVENTION) {
            a.programme = v->programme;
            for (int k = 0; k < a.n_pupils; k++) {
                int l = tap_pupil_lesson_at(s, pupils[k], v->day, v->slot);
                if (l >= 0)
                    withdrawn[a.n_withdrawn++] = (tap_withdrawal){pupils[k], s->lessons[l].group, s->lessons[l].subject};
            }
        }
        if (a.activity == TAP_ACT_IN_CLASS) {
            a.group = s->lessons[v->lesson].group;
            a.subject = s->lessons[v->lesson].subject;
        }
        if (a.activity != TAP_ACT_PLANNING && a.n_pupils == 0)
            continue; /* an adult idle in a lesson does nothing for anyone */
        status = tap_plan_add(plan, &a);
    }
    free(first), free(next), free(pupils), free(withdrawn);
    if (status == TAP_OK)
        tap_plan_sort(plan);
    return status;
}

static int find(const tap_model *model, tap_var_kind kind, int staff, int pupil, int day, int slot, int lesson,
                int programme)
{
    tap_var v = {kind, staff, pupil, day, slot, lesson, programme, -1};
    return tap_model_find(model, &v);
}

/* Sets column col to 1, noting it in set[*n_set] the first time. */
static void set_column(double *x, int col, int *set, int *n_set)
{
    if (x[col] < 0.5)
        set[(*n_set)++] = col;
    x[col] = 1.0;
}

/* Sets the columns of one assignment, each noted in set (room for 2 per
 * pupil and 1 more); false when the model has none. */
static bool set_assignment(const tap_model *model, const tap_assignment *a, double *x, int *set, int *n_set)
{
    const tap_school *s = model->school;
    tap_var_kind activity = TAP_VAR_PLANNING, support = TAP_VAR_PLANNING;
    int lesson = -1;
    switch (a->activity) {
    case TAP_ACT_IN_CLASS:
        activity = TAP_VAR_LESSON, support = TAP_VAR_IN_CLASS;
        lesson = tap_group_lesson_at(s, a->group, a->day, a->slot);
        break;
    case TAP_ACT_INTERVENTION: activity = TAP_VAR_SESSION, support = TAP_VAR_ATTEND; break;
    case TAP_ACT_UNSTRUCTURED: activity = TAP_VAR_DUTY, support = TAP_VAR_COVER; break;
    case TAP_ACT_PLANNING: break;
    }
    int programme = a->activity == TAP_ACT_INTERVENTION ? a->programme : -1;
    if (a->activity == TAP_ACT_PLANNING || a->n_pupils == 0) {
        int col = find(model, activity, a->staff, -1, a->day, a->slot, lesson, programme);
        if (col >= 0)
            set_column(x, col, set, n_set);
        return col >= 0;
    }
    /* The pupils must share one activity, or be one pupil alone; nothing
     * is set until every pupil has been found. */
    int parent = -2;
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < a->n_pupils; k++) {
            int col = find(model, support, a->staff, a->pupils[k], a->day, a->slot, lesson, programme);
            if (pass == 0 && (col < 0 || (parent != -2 && model->parent[col] != parent) ||
                              (model->parent[col] < 0 && a->n_pupils > 1)))
                return false;
            parent = model->parent[col];
            if (pass == 1) {
                set_column(x, col, set, n_set);
                if (parent >= 0)
                    set_column(x, parent, set, n_set);
            }
        }
    return true;
}

static int compare_ints(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/* Marks column j in the bit set `written` (NULL: nothing is noted). */
static void note(uint64_t *written, int j)
{
    if (written)
        tap_put_bit(written, j, true);
}

/* The columns marked in `written`, ascending, into listed[*n_listed]. */
static void list_written(const uint64_t *written, int n_cols, int *listed, int *n_listed)
{
    *n_listed = 0;
    for (int w = 0; w < (n_cols + 63) / 64; w++)
        for (uint64_t bits = written[w]; bits; bits &= bits - 1)
            listed[(*n_listed)++] = w * 64 + tap_lowest_bit(bits);
}

/* The value of shortfall column j: what its pupil is entitled to and does
 * not receive (in-class and covered hours by pupil, sessions by the
 * pupil's need). */
static double shortfall_value(const tap_model *model, int j, const double *in_class, const double *covered,
                              const int *pupil_delivered)
{
    const tap_var *v = &model->vars[j];
    const tap_pupil *pupil = &model->school->pupils[v->pupil];
    switch (v->kind) {
    case TAP_VAR_SHORT_IN_CLASS: return fmax(0.0, pupil->in_class_hours - in_class[v->pupil]);
    case TAP_VAR_SHORT_UNSTRUCTURED: return fmax(0.0, model->mip.cols[j].upper - covered[v->pupil]);
    default: return fmax(0.0, pupil->interventions[v->need].sessions - pupil_delivered[v->need]);
    }
}

bool tap_solution_from_plan(const tap_model *model, const tap_plan *plan, double *x, int *n_left_out)
{
    memset(x, 0, (size_t)model->mip.n_cols * sizeof *x);
    return tap_solution_from_plan_listed(model, plan, x, n_left_out, NULL, NULL);
}

bool tap_solution_from_plan_listed(const tap_model *model, const tap_plan *plan, double *x, int *n_left_out,
                                   int *listed, int *n_listed)
{
    const tap_school *s = model->school;
    int n_cols = model->mip.n_cols;
    /* which columns are written, as bits: listing them in column order
     * from the bits costs a pass over n_cols / 64 words, where sorting a
     * list of a large school's few thousand columns costs more than the
     * pass over every column it saves */
    bool listing = listed && n_listed;
    uint64_t *written = listing ? calloc((size_t)n_cols / 64 + 1, sizeof *written) : NULL;
    if (listing && !written)
        return false;
    /* The columns the assignments set, in column order, then the pupils'
     * figures (model->figure_cols): the rest are 0, and passes over these
     * few thousand instead of every column make a greedy plan's columns
     * several times as quick on a large school. */
    size_t room = 1;
    for (int i = 0; i < plan->n_assignments; i++)
        room += 2 * (size_t)plan->assignments[i].n_pupils + 1;
    int *set = malloc(room * sizeof *set);
    int n_set = 0, left_out = 0;
    for (int i = 0; set && i < plan->n_assignments; i++)
        left_out += !set_assignment(model, &plan->assignments[i], x, set, &n_set);
    if (n_left_out)
        *n_left_out = left_out;
    if (set && written) { /* in column order from the bits, as below */
        for (int i = 0; i < n_set; i++)
            note(written, set[i]);
        list_written(written, n_cols, set, &n_set);
    } else if (set) {
        qsort(set, (size_t)n_set, sizeof *set, compare_ints);
    }

    /* What each pupil receives, then the auxiliary columns at their least
     * feasible values. Sessions are counted per need, at offsets per pupil. */
    int *offset = malloc(((size_t)s->n_pupils + 1) * sizeof *offset);
    double *in_class = calloc((size_t)s->n_pupils + 1, sizeof *in_class);
    double *covered = calloc((size_t)s->n_pupils + 1, sizeof *covered);
    double *shortfall = calloc((size_t)s->n_pupils + 1, sizeof *shortfall);
    int *adults = calloc((size_t)s->n_pupils + 1, sizeof *adults);
    bool ok = set && offset && in_class && covered && shortfall && adults;
    int n_needs = 0;
    for (int p = 0; ok && p < s->n_pupils; p++) {
        offset[p] = n_needs;
        n_needs += s->pupils[p].n_interventions;
    }
    int *delivered = ok ? calloc((size_t)n_needs + 1, sizeof *delivered) : NULL;
    ok = ok && delivered;
    for (int i = 0; ok && i < n_set; i++) {
        const tap_var *v = &model->vars[set[i]];
        if (v->kind == TAP_VAR_HIRE)
            continue;
        if (v->staff >= 0) {
            int hire = find(model, TAP_VAR_HIRE, v->staff, -1, -1, -1, -1, -1);
            if (hire >= 0) {
                x[hire] = 1.0;
                note(written, hire);
            }
        }
        if (v->kind == TAP_VAR_IN_CLASS)
            in_class[v->pupil] += s->slot_hours[v->slot];
        else if (v->kind == TAP_VAR_COVER)
            covered[v->pupil] += s->slot_hours[v->slot];
        else if (v->kind == TAP_VAR_ATTEND)
            delivered[offset[v->pupil] + v->need]++;
        if (tap_var_is_support(v->kind)) {
            int link = find(model, TAP_VAR_LINK, v->staff, v->pupil, -1, -1, -1, -1);
            if (link >= 0 && x[link] < 0.5) {
                x[link] = 1.0;
                note(written, link);
                adults[v->pupil]++;
            }
        }
    }
    for (int i = 0; ok && i < model->n_figure_cols; i++) {
        int j = model->figure_cols[i];
        const tap_var *v = &model->vars[j];
        if (tap_var_is_shortfall(v->kind)) {
            x[j] = shortfall_value(model, j, in_class, covered, delivered + offset[v->pupil]);
            shortfall[v->pupil] += v->kind == TAP_VAR_SHORT_SESSIONS ? x[j] * s->mean_lesson_hours : x[j];
        } else if (v->kind == TAP_VAR_EXTRA_ADULTS) {
            x[j] = fmax(0.0, adults[v->pupil] - 1.0);
        }
    }
    /* Fairness needs the shortfalls above, so it comes last. */
    for (int i = 0; ok && i < model->n_figure_cols; i++) {
        int j = model->figure_cols[i];
        const tap_var *v = &model->vars[j];
        if (v->kind == TAP_VAR_FAIRNESS)
            x[j] = fmax(0.0, shortfall[v->pupil] - 0.5 * tap_model_entitled_hours(s, &s->pupils[v->pupil]));
    }
    for (int i = 0; ok && written && i < model->n_figure_cols; i++)
        note(written, model->figure_cols[i]);
    if (ok && written && listing)
        list_written(written, n_cols, listed, n_listed);
    free(set), free(offset), free(in_class), free(covered), free(shortfall), free(adults), free(delivered);
    free(written);
    return ok;
}

tap_status tap_plan_floor_init(const tap_model *model, tap_plan_floor *floor)
{
    const tap_school *s = model->school;
    memset(floor, 0, sizeof *floor);
    floor->offset = malloc(((size_t)s->n_pupils + 1) * sizeof *floor->offset);
    floor->in_class = calloc((size_t)s->n_pupils + 1, sizeof *floor->in_class);
    floor->covered = calloc((size_t)s->n_pupils + 1, sizeof *floor->covered);
    int n_needs = 0;
    for (int p = 0; floor->offset && p < s->n_pupils; p++) {
        floor->offset[p] = n_needs;
        n_needs += s->pupils[p].n_interventions;
    }
    floor->delivered = calloc((size_t)n_needs + 1, sizeof *floor->delivered);
    if (!floor->offset || !floor->in_class || !floor->covered || !floor->delivered) {
        tap_plan_floor_release(floor);
        return TAP_ENOMEM;
    }
    floor->rest = model->mip.offset;
    for (int j = 0; j < model->mip.n_cols; j++) {
        const tap_col *c = &model->mip.cols[j];
        if (!tap_var_is_shortfall(model->vars[j].kind) && c->cost < 0)
            floor->rest += c->cost * c->upper; /* -HUGE_VAL when unbounded */
    }
    return TAP_OK;
}

/* What the plan's pupils receive, into floor's counts. */
static void count_receipts(const tap_school *s, const tap_plan *plan, tap_plan_floor *floor)
{
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        for (int k = 0; k < a->n_pupils; k++) {
            int p = a->pupils[k];
            if (a->activity == TAP_ACT_IN_CLASS) {
                floor->in_class[p] += s->slot_hours[a->slot];
            } else if (a->activity == TAP_ACT_UNSTRUCTURED) {
                floor->covered[p] += s->slot_hours[a->slot];
            } else if (a->activity == TAP_ACT_INTERVENTION) {
                int n = tap_pupil_need_of(&s->pupils[p], a->programme);
                if (n >= 0)
                    floor->delivered[floor->offset[p] + n]++;
            }
        }
    }
}

/* floor's counts back to all zero: only the plan's pupils have any. */
static void clear_receipts(const tap_school *s, const tap_plan *plan, tap_plan_floor *floor)
{
    for (int i = 0; i < plan->n_assignments; i++)
        for (int k = 0; k < plan->assignments[i].n_pupils; k++) {
            int p = plan->assignments[i].pupils[k];
            floor->in_class[p] = floor->covered[p] = 0.0;
            for (int n = 0; n < s->pupils[p].n_interventions; n++)
                floor->delivered[floor->offset[p] + n] = 0;
        }
}

double tap_plan_floor_of(const tap_model *model, const tap_plan *plan, tap_plan_floor *floor)
{
    const tap_school *s = model->school;
    count_receipts(s, plan, floor);
    double sum = floor->rest;
    for (int i = 0; i < model->n_figure_cols; i++) {
        int j = model->figure_cols[i];
        if (tap_var_is_shortfall(model->vars[j].kind))
            sum += model->mip.cols[j].cost *
                   shortfall_value(model, j, floor->in_class, floor->covered, floor->delivered + floor->offset[model->vars[j].pupil]);
    }
    clear_receipts(s, plan, floor);
    return sum;
}

void tap_plan_floor_release(tap_plan_floor *floor)
{
    free(floor->offset), free(floor->in_class), free(floor->covered), free(floor->delivered);
    memset(floor, 0, sizeof *floor);
}

tap_status tap_solution_make_exact(const tap_model *model, double *x, bool *feasible)
{
    *feasible = false;
    for (int j = 0; j < model->mip.n_cols; j++)
        if (model->mip.cols[j].kind == TAP_COL_BINARY)
            x[j] = x[j] > 0.5 ? 1.0 : 0.0;
    tap_plan *plan = tap_plan_create();
    tap_status status = plan ? tap_solution_to_plan(model, x, plan) : TAP_ENOMEM;
    int left_out = 0, bad_row = -1;
    if (status == TAP_OK && tap_solution_from_plan(model, plan, x, &left_out) && left_out == 0)
        *feasible = tap_mip_feasible(&model->mip, x, 1e-6, &bad_row);
    tap_plan_destroy(&plan);
    return status;
}
