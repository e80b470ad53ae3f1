/* solution.c - see solution.h. Activities are rebuilt from their columns;
 * pupils hang from the activity column their own column belongs to. */
#include "solution.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool chosen(const double *x, int col)
{
    return col >= 0 && x[col] > 0.5;
}

static tap_activity activity_of(tap_var_kind kind)
{
    switch (kind) {
    case TAP_VAR_LESSON: return TAP_ACT_IN_CLASS;
    case TAP_VAR_SESSION: return TAP_ACT_INTERVENTION;
    case TAP_VAR_DUTY: return TAP_ACT_UNSTRUCTURED;
    default: return TAP_ACT_PLANNING;
    }
}

/* The activity column a pupil column belongs to. */
static int parent_of(const tap_model *model, const tap_var *v)
{
    tap_var parent = *v;
    parent.pupil = -1;
    parent.need = -1;
    switch (v->kind) {
    case TAP_VAR_IN_CLASS: parent.kind = TAP_VAR_LESSON; break;
    case TAP_VAR_ATTEND: parent.kind = TAP_VAR_SESSION; break;
    case TAP_VAR_COVER: parent.kind = TAP_VAR_DUTY; break;
    default: return -1;
    }
    return tap_model_find(model, &parent);
}

tap_status tap_solution_to_plan(const tap_model *model, const double *x, tap_plan *plan)
{
    const tap_school *s = model->school;
    int n_cols = model->mip.n_cols;
    /* pupils of each chosen activity, gathered column by column */
    int *first = malloc((size_t)n_cols * sizeof *first);
    int *next = malloc((size_t)n_cols * sizeof *next);
    int *pupils = malloc(((size_t)s->n_pupils + 1) * sizeof *pupils);
    tap_withdrawal *withdrawn = malloc(((size_t)s->n_pupils + 1) * sizeof *withdrawn);
    if (!first || !next || !pupils || !withdrawn) {
        free(first), free(next), free(pupils), free(withdrawn);
        return TAP_ENOMEM;
    }
    for (int j = 0; j < n_cols; j++)
        first[j] = -1;
    for (int j = n_cols - 1; j >= 0; j--) {
        int parent = chosen(x, j) ? parent_of(model, &model->vars[j]) : -1;
        if (parent >= 0) {
            next[j] = first[parent];
            first[parent] = j;
        }
    }
    tap_status status = TAP_OK;
    for (int j = 0; j < n_cols && status == TAP_OK; j++) {
        const tap_var *v = &model->vars[j];
        bool activity = v->kind == TAP_VAR_LESSON || v->kind == TAP_VAR_SESSION || v->kind == TAP_VAR_DUTY ||
                        v->kind == TAP_VAR_PLANNING;
        if (!activity || !chosen(x, j))
            continue;
        tap_assignment a = {v->staff, v->day, v->slot, activity_of(v->kind), -1, -1, -1, pupils, 0, withdrawn, 0};
        for (int child = first[j]; child >= 0; child = next[child]) {
            int p = model->vars[child].pupil;
            pupils[a.n_pupils++] = p;
            int l = tap_pupil_lesson_at(s, p, v->day, v->slot);
            if (v->kind == TAP_VAR_SESSION && l >= 0)
                withdrawn[a.n_withdrawn++] = (tap_withdrawal){p, s->lessons[l].group, s->lessons[l].subject};
        }
        if (v->kind == TAP_VAR_LESSON) {
            a.group = s->lessons[v->lesson].group;
            a.subject = s->lessons[v->lesson].subject;
        }
        if (v->kind == TAP_VAR_SESSION)
            a.programme = v->programme;
        if (v->kind != TAP_VAR_PLANNING && a.n_pupils == 0)
            continue; /* an adult idle in a lesson does nothing for anyone */
        status = tap_plan_add(plan, &a);
    }
    free(first), free(next), free(pupils), free(withdrawn);
    if (status == TAP_OK)
        tap_plan_sort(plan);
    return status;
}

static int find(const tap_model *model, tap_var_kind kind, int staff, int pupil, int day, int slot, int lesson,
                int programme, int need)
{
    tap_var v = {kind, staff, pupil, day, slot, lesson, programme, need};
    return tap_model_find(model, &v);
}

static void raise_to(double *x, int col, double value)
{
    if (col >= 0 && value > x[col])
        x[col] = value;
}

bool tap_solution_from_plan(const tap_model *model, const tap_plan *plan, double *x)
{
    const tap_school *s = model->school;
    int n_cols = model->mip.n_cols;
    memset(x, 0, (size_t)n_cols * sizeof *x);
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        int activity = -1;
        switch (a->activity) {
        case TAP_ACT_IN_CLASS: {
            int lesson = tap_group_lesson_at(s, a->group, a->day, a->slot);
            activity = find(model, TAP_VAR_LESSON, a->staff, -1, a->day, a->slot, lesson, -1, -1);
            break;
        }
        case TAP_ACT_INTERVENTION:
            activity = find(model, TAP_VAR_SESSION, a->staff, -1, a->day, a->slot, -1, a->programme, -1);
            break;
        case TAP_ACT_UNSTRUCTURED:
            activity = find(model, TAP_VAR_DUTY, a->staff, -1, a->day, a->slot, -1, -1, -1);
            break;
        case TAP_ACT_PLANNING:
            activity = find(model, TAP_VAR_PLANNING, a->staff, -1, a->day, a->slot, -1, -1, -1);
            break;
        }
        if (activity < 0)
            return false;
        x[activity] = 1.0;
        raise_to(x, find(model, TAP_VAR_HIRE, a->staff, -1, -1, -1, -1, -1, -1), 1.0);
        for (int k = 0; k < a->n_pupils; k++) {
            int p = a->pupils[k];
            tap_var child = model->vars[activity];
            child.pupil = p;
            child.kind = a->activity == TAP_ACT_IN_CLASS       ? TAP_VAR_IN_CLASS
                         : a->activity == TAP_ACT_INTERVENTION ? TAP_VAR_ATTEND
                                                               : TAP_VAR_COVER;
            int col = tap_model_find(model, &child);
            if (col < 0 || a->activity == TAP_ACT_PLANNING)
                return false;
            x[col] = 1.0;
            raise_to(x, find(model, TAP_VAR_LINK, a->staff, p, -1, -1, -1, -1, -1), 1.0);
        }
    }

    /* Shortfalls at their least values given the support chosen. */
    double *in_class = calloc((size_t)s->n_pupils + 1, sizeof *in_class);
    double *covered = calloc((size_t)s->n_pupils + 1, sizeof *covered);
    int *adults = calloc((size_t)s->n_pupils + 1, sizeof *adults);
    if (!in_class || !covered || !adults) {
        free(in_class), free(covered), free(adults);
        return false;
    }
    for (int j = 0; j < n_cols; j++) {
        const tap_var *v = &model->vars[j];
        if (x[j] < 0.5)
            continue;
        if (v->kind == TAP_VAR_IN_CLASS)
            in_class[v->pupil] += s->slot_hours[v->slot];
        else if (v->kind == TAP_VAR_COVER)
            covered[v->pupil] += s->slot_hours[v->slot];
        else if (v->kind == TAP_VAR_LINK)
            adults[v->pupil]++;
    }
    for (int j = 0; j < n_cols; j++) {
        const tap_var *v = &model->vars[j];
        const tap_pupil *pupil = v->pupil >= 0 ? &s->pupils[v->pupil] : NULL;
        if (v->kind == TAP_VAR_SHORT_IN_CLASS) {
            x[j] = fmax(0.0, pupil->in_class_hours - in_class[v->pupil]);
        } else if (v->kind == TAP_VAR_SHORT_UNSTRUCTURED) {
            x[j] = fmax(0.0, model->mip.cols[j].upper - covered[v->pupil]);
        } else if (v->kind == TAP_VAR_SHORT_SESSIONS) {
            int delivered = 0;
            for (int k = 0; k < n_cols; k++)
                delivered += model->vars[k].kind == TAP_VAR_ATTEND && model->vars[k].pupil == v->pupil &&
                             model->vars[k].need == v->need && x[k] > 0.5;
            x[j] = fmax(0.0, pupil->interventions[v->need].sessions - delivered);
        } else if (v->kind == TAP_VAR_EXTRA_ADULTS) {
            x[j] = fmax(0.0, adults[v->pupil] - 1.0);
        }
    }
    /* Fairness needs the shortfalls above, so it comes last. */
    for (int j = 0; j < n_cols; j++) {
        const tap_var *v = &model->vars[j];
        if (v->kind != TAP_VAR_FAIRNESS)
            continue;
        const tap_pupil *pupil = &s->pupils[v->pupil];
        double shortfall = 0.0, entitled = pupil->in_class_hours;
        for (int k = 0; k < n_cols; k++) {
            const tap_var *w = &model->vars[k];
            if (w->pupil != v->pupil)
                continue;
            if (w->kind == TAP_VAR_SHORT_IN_CLASS)
                shortfall += x[k];
            else if (w->kind == TAP_VAR_SHORT_UNSTRUCTURED)
                shortfall += x[k], entitled += model->mip.cols[k].upper;
            else if (w->kind == TAP_VAR_SHORT_SESSIONS)
                shortfall += x[k] * s->mean_lesson_hours;
        }
        for (int n = 0; n < pupil->n_interventions; n++)
            entitled += pupil->interventions[n].sessions * s->mean_lesson_hours;
        x[j] = fmax(0.0, shortfall - 0.5 * entitled);
    }
    free(in_class), free(covered), free(adults);
    return true;
}
