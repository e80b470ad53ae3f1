/* replan.c - see replan.h. The previous plan, less what the absences take
 * away, is the reference: every change to it costs, so the search keeps
 * what it can and moves only what restores support worth more. Only the
 * absent days, and what the greedy repair touched elsewhere, may move,
 * which keeps the problem a fraction of a full solve; and within them the
 * pupils the absences leave move first, alone. */
#include "replan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "solution.h"

/* The previous plan without the assignments the absences remove. */
static tap_status keep_present(const tap_plan *previous, const tap_absences *absences, tap_plan **out)
{
    tap_plan *kept = tap_plan_create();
    if (!kept)
        return TAP_ENOMEM;
    tap_status status = TAP_OK;
    for (int i = 0; i < previous->n_assignments && status == TAP_OK; i++) {
        const tap_assignment *a = &previous->assignments[i];
        if (!tap_absences_cover(absences, a->staff, a->day, a->slot))
            status = tap_plan_add(kept, a);
    }
    if (status != TAP_OK)
        tap_plan_destroy(&kept);
    *out = kept;
    return status;
}

/* Columns that may change: those on a day somebody is absent, and those
 * that belong to no day (links, shortfalls, hires). */
static bool *movable_columns(const tap_model *model, const tap_absences *absences)
{
    const tap_school *s = model->school;
    bool days[TAP_MAX_DAYS] = {false};
    for (int i = 0; i < absences->n_items; i++)
        days[absences->items[i].day] = true;
    bool *movable = malloc(((size_t)model->mip.n_cols + 1) * sizeof *movable);
    if (!movable)
        return NULL;
    for (int j = 0; j < model->mip.n_cols; j++) {
        int d = model->vars[j].day;
        movable[j] = d < 0 || (d < s->n_days && days[d]);
    }
    return movable;
}

/* The first, narrow scope: the support of the pupils the absences leave
 * (on the absent days, with their links and shortfalls), and the
 * activities of the absent days, so that they can be covered from any
 * adult's free time or by joining what is already running. Everybody
 * else's support stays as it was, with what the repair added. */
static bool *cover_columns(const tap_model *model, const tap_plan *previous, const tap_absences *absences,
                           const bool *movable, const double *start, const double *reference)
{
    const tap_school *s = model->school;
    bool *affected = calloc((size_t)s->n_pupils + 1, sizeof *affected);
    bool *cover = malloc(((size_t)model->mip.n_cols + 1) * sizeof *cover);
    if (!affected || !cover) {
        free(affected), free(cover);
        return NULL;
    }
    for (int i = 0; i < previous->n_assignments; i++) {
        const tap_assignment *a = &previous->assignments[i];
        if (tap_absences_cover(absences, a->staff, a->day, a->slot))
            for (int k = 0; k < a->n_pupils; k++)
                affected[a->pupils[k]] = true;
    }
    for (int j = 0; j < model->mip.n_cols; j++) {
        const tap_var *v = &model->vars[j];
        cover[j] = fabs(start[j] - reference[j]) > 0.5 ||
                   (movable[j] && (v->pupil >= 0 ? affected[v->pupil] : v->day >= 0 || v->kind == TAP_VAR_HIRE));
    }
    free(affected);
    return cover;
}

/* Is any pupil shorter of support in x than in the previous plan? */
static tap_status loses_support(const tap_school *school, const tap_figures *before, const tap_model *model,
                                const double *x, bool *loses)
{
    tap_plan *plan = tap_plan_create();
    tap_figures *after = NULL;
    tap_status status = plan ? tap_solution_to_plan(model, x, plan) : TAP_ENOMEM;
    if (status == TAP_OK)
        status = tap_figures_compute(school, plan, &after);
    *loses = false;
    for (int p = 0; status == TAP_OK && p < school->n_pupils && !*loses; p++)
        *loses = after->pupils[p].shortfall_hours > before->pupils[p].shortfall_hours + 1e-6;
    tap_figures_destroy(&after);
    tap_plan_destroy(&plan);
    return status;
}

/* Solves in two scopes: the absent adults' pupils alone first (quick, and
 * the fewest changes), and only when that leaves a pupil shorter of
 * support than the previous plan did, the whole of the absent days. */
static tap_status solve_scopes(const tap_model *model, const tap_plan *previous, const tap_absences *absences,
                               double *start, const bool *movable, const double *reference, bool seeded,
                               double limit_s, const tap_solve_settings *settings, double started,
                               tap_model_result *result, tap_diags *diags)
{
    if (!seeded) /* a fresh plan: no previous support to cover */
        return tap_solve_model(model, start, movable, 0.0, limit_s, settings, started, result, diags);
    const tap_school *school = model->school;
    bool *cover = cover_columns(model, previous, absences, movable, start, reference);
    tap_figures *before = NULL;
    tap_status status = cover ? tap_figures_compute(school, previous, &before) : TAP_ENOMEM;
    if (status != TAP_OK) {
        free(cover);
        free(start);
        return status;
    }
    tap_solve_settings first = *settings;
    first.progress_label = "cover";
    status = tap_solve_model(model, start, cover, 0.0, limit_s, &first, started, result, diags);
    bool loses = false;
    if (status == TAP_OK && result->x)
        status = loses_support(school, before, model, result->x, &loses);
    double left = limit_s - (tap_solve_clock() - started);
    if (status == TAP_OK && loses && left > 0.5 && !(settings->stop && *settings->stop)) {
        double first_plan_s = result->first_plan_s;
        double *x = result->x;
        tap_solve_settings whole_days = tap_solve_settings_after(settings, result->work_used);
        whole_days.progress_label = "absent days";
        status = tap_solve_model(model, x, movable, 0.0, left, &whole_days, started, result, diags);
        result->first_plan_s = first_plan_s;
    }
    free(cover);
    tap_figures_destroy(&before);
    return status;
}

double tap_replan_default_limit(const tap_school *school)
{
    return 0.25 * school->policy.time_limit_s;
}

tap_status tap_replan(const tap_school *school, const tap_plan *previous, const tap_absences *absences,
                      const tap_solve_settings *settings, tap_plan **out, tap_solve_stats *stats, tap_diags *diags)
{
    *out = NULL;
    double started = tap_solve_clock();
    double limit_s = settings->time_limit_s > 0 ? settings->time_limit_s : tap_replan_default_limit(school);
    tap_plan *kept = NULL;
    tap_model *model = NULL;
    double *reference = NULL, *start = NULL;
    bool *movable = NULL;
    tap_model_result result = {0};
    tap_plan *plan = NULL;
    bool seeded = false; /* the start grew from the previous plan */
    tap_status status = keep_present(previous, absences, &kept);
    if (status == TAP_OK)
        status = tap_model_build(school, &model, diags);
    if (status == TAP_OK) {
        reference = malloc(((size_t)model->mip.n_cols + 1) * sizeof *reference);
        movable = movable_columns(model, absences);
        status = reference && movable && tap_solution_from_plan(model, kept, reference, NULL) ? TAP_OK : TAP_ENOMEM;
    }
    if (status == TAP_OK) {
        tap_model_add_change_costs(model, reference, school->policy.weights.change);
        /* the kept plan grown by the greedy where the absence left gaps;
         * a previous plan that breaks the rules cannot seed, and a plan
         * made afresh stands in */
        status = tap_solve_try_start(model, school, kept, TAP_PLAN_NONE, &start);
        seeded = start != NULL;
        if (status == TAP_OK && !start)
            status = tap_solve_try_start(model, school, NULL, TAP_PLAN_NONE, &start);
    }
    /* What the repair added on other days (support made up later in the
     * week) may move too, so the search can keep or undo it. */
    for (int j = 0; status == TAP_OK && start && j < model->mip.n_cols; j++)
        movable[j] = movable[j] || fabs(start[j] - reference[j]) > 0.5;
    if (status == TAP_OK && stats) {
        stats->n_rows = model->mip.n_rows;
        stats->n_cols = model->mip.n_cols;
        stats->n_binaries = tap_mip_n_binaries(&model->mip);
        stats->start_objective = start ? tap_mip_objective(&model->mip, start) : -1.0;
    }
    if (status == TAP_OK) {
        status = start ? solve_scopes(model, previous, absences, start, movable, reference, seeded, limit_s, settings,
                                      started, &result, diags)
                       : tap_solve_model(model, NULL, NULL, 0.0, limit_s, settings, started, &result, diags);
        start = NULL; /* consumed */
    }
    if (status == TAP_OK) {
        plan = tap_plan_create();
        status = plan ? TAP_OK : TAP_ENOMEM;
    }
    if (status == TAP_OK && result.x)
        status = tap_solution_to_plan(model, result.x, plan);
    if (status == TAP_OK)
        status = tap_solve_set_status(model, plan, &result);
    if (status == TAP_OK) {
        plan->solve_seconds = tap_solve_clock() - started;
        if (stats) {
            stats->first_plan_seconds = result.first_plan_s;
            stats->work = result.work_used; /* one phase: no statutory_work */
        }
        status = tap_explain_shortfalls(school, plan);
    }
    if (status == TAP_OK)
        status = tap_replan_describe(school, previous, absences, plan);
    free(result.x);
    free(start);
    free(movable);
    free(reference);
    tap_model_destroy(&model);
    tap_plan_destroy(&kept);
    if (status != TAP_OK) {
        tap_plan_destroy(&plan);
        return status;
    }
    *out = plan;
    return TAP_OK;
}

/* ---- describing the changes ---- */

typedef struct {
    long key; /* (staff, day, slot) in one number */
    int index;
} keyed;

static int compare_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    return x->key != y->key ? (x->key < y->key ? -1 : 1) : (x->index > y->index) - (x->index < y->index);
}

/* The plan's assignments ordered by (staff, day, slot); caller frees. */
static keyed *ordered(const tap_school *s, const tap_plan *plan)
{
    keyed *items = malloc(((size_t)plan->n_assignments + 1) * sizeof *items);
    if (!items)
        return NULL;
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        items[i].key = ((long)a->staff * s->n_days + a->day) * s->n_slots + a->slot;
        items[i].index = i;
    }
    qsort(items, (size_t)plan->n_assignments, sizeof *items, compare_keyed);
    return items;
}

static bool add_change(tap_plan *plan, int *capacity, tap_change_kind kind, const tap_assignment *before,
                       const tap_assignment *after, const tap_absences *absences)
{
    if (plan->n_changes == *capacity) {
        int grown = *capacity ? 2 * *capacity : 16;
        tap_change *changes = tap_arena_grow(&plan->arena, plan->changes, (size_t)plan->n_changes, (size_t)grown,
                                             sizeof *changes);
        if (!changes)
            return false;
        plan->changes = changes;
        *capacity = grown;
    }
    tap_change *c = &plan->changes[plan->n_changes];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    const tap_assignment *where = before ? before : after;
    if (!where)
        return false; /* a change is of an assignment before or after */
    c->absent = tap_absences_cover(absences, where->staff, where->day, where->slot);
    if ((before && tap_plan_copy_assignment(plan, before, &c->before) != TAP_OK) ||
        (after && tap_plan_copy_assignment(plan, after, &c->after) != TAP_OK))
        return false;
    plan->n_changes++;
    return true;
}

/* Walks both plans in (staff, day, slot) order; a slot with two
 * assignments in one plan (a broken previous plan) pairs them in turn. */
static tap_status describe_slots(const tap_school *s, const tap_plan *previous, const tap_absences *absences,
                                 tap_plan *plan)
{
    keyed *old = ordered(s, previous), *now = ordered(s, plan);
    bool ok = old && now;
    int capacity = 0;
    int i = 0, k = 0;
    while (ok && (i < previous->n_assignments || k < plan->n_assignments)) {
        long old_key = i < previous->n_assignments ? old[i].key : -1;
        long new_key = k < plan->n_assignments ? now[k].key : -1;
        const tap_assignment *before = old_key >= 0 ? &previous->assignments[old[i].index] : NULL;
        const tap_assignment *after = new_key >= 0 ? &plan->assignments[now[k].index] : NULL;
        if (new_key < 0 || (old_key >= 0 && old_key < new_key)) {
            ok = add_change(plan, &capacity, TAP_CHANGE_REMOVED, before, NULL, absences);
            i++;
        } else if (old_key < 0 || new_key < old_key) {
            ok = add_change(plan, &capacity, TAP_CHANGE_ADDED, NULL, after, absences);
            k++;
        } else {
            if (!tap_assignment_same(before, after))
                ok = add_change(plan, &capacity, TAP_CHANGE_CHANGED, before, after, absences);
            i++, k++;
        }
    }
    free(old);
    free(now);
    return ok ? TAP_OK : TAP_ENOMEM;
}

static bool contains(const int *items, int n, int item)
{
    for (int i = 0; i < n; i++)
        if (items[i] == item)
            return true;
    return false;
}

/* The adults in a that are not in b, into the plan's arena. */
static int *difference(tap_plan *plan, const tap_pupil_figures *a, const tap_pupil_figures *b, int *n)
{
    *n = 0;
    int *out = tap_arena_calloc(&plan->arena, (size_t)a->n_adults + 1, sizeof *out);
    for (int i = 0; out && i < a->n_adults; i++)
        if (!contains(b->adults, b->n_adults, a->adults[i]))
            out[(*n)++] = a->adults[i];
    return out;
}

static bool withdrawn_in(const tap_plan *plan, int pupil, int day, int slot, int subject)
{
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        if (a->day != day || a->slot != slot)
            continue;
        for (int w = 0; w < a->n_withdrawn; w++)
            if (a->withdrawn[w].pupil == pupil && a->withdrawn[w].subject == subject)
                return true;
    }
    return false;
}

/* Lessons the pupil misses in plan that they did not miss in previous. */
static tap_slot_subject *new_withdrawals(const tap_plan *previous, tap_plan *plan, int pupil, int *n)
{
    *n = 0;
    int total = 0;
    for (int i = 0; i < plan->n_assignments; i++)
        total += plan->assignments[i].n_withdrawn;
    tap_slot_subject *out = tap_arena_calloc(&plan->arena, (size_t)total + 1, sizeof *out);
    for (int i = 0; out && i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        for (int w = 0; w < a->n_withdrawn; w++)
            if (a->withdrawn[w].pupil == pupil && !withdrawn_in(previous, pupil, a->day, a->slot, a->withdrawn[w].subject))
                out[(*n)++] = (tap_slot_subject){a->day, a->slot, a->withdrawn[w].subject};
    }
    return out;
}

static int sessions_of(const tap_pupil_figures *f)
{
    int n = 0;
    for (int i = 0; i < f->n_interventions; i++)
        n += f->interventions[i].delivered;
    return n;
}

static tap_status describe_pupils(const tap_school *s, const tap_plan *previous, tap_plan *plan)
{
    tap_figures *before = NULL, *after = NULL;
    tap_status status = tap_figures_compute(s, previous, &before);
    if (status == TAP_OK)
        status = tap_figures_compute(s, plan, &after);
    if (status == TAP_OK) {
        plan->pupil_changes = tap_arena_calloc(&plan->arena, (size_t)s->n_pupils + 1, sizeof *plan->pupil_changes);
        status = plan->pupil_changes ? TAP_OK : TAP_ENOMEM;
    }
    for (int p = 0; status == TAP_OK && p < s->n_pupils; p++) {
        const tap_pupil_figures *b = &before->pupils[p], *a = &after->pupils[p];
        if (!a->listed)
            continue;
        tap_pupil_change c = {p, 0, 0, 0, NULL, 0, NULL, 0, NULL, 0};
        c.in_class_lost = fmin(b->in_class_delivered, b->in_class_entitled) - fmin(a->in_class_delivered, a->in_class_entitled);
        c.sessions_lost = sessions_of(b) - sessions_of(a);
        c.unstructured_lost = b->unstructured_covered - a->unstructured_covered;
        c.adults_lost = difference(plan, b, a, &c.n_adults_lost);
        c.adults_new = difference(plan, a, b, &c.n_adults_new);
        c.new_withdrawals = new_withdrawals(previous, plan, p, &c.n_new_withdrawals);
        if (!c.adults_lost || !c.adults_new || !c.new_withdrawals) {
            status = TAP_ENOMEM;
            break;
        }
        if (fabs(c.in_class_lost) > 1e-9 || c.sessions_lost != 0 || fabs(c.unstructured_lost) > 1e-9 ||
            c.n_adults_lost > 0 || c.n_adults_new > 0 || c.n_new_withdrawals > 0)
            plan->pupil_changes[plan->n_pupil_changes++] = c;
    }
    tap_figures_destroy(&before);
    tap_figures_destroy(&after);
    return status;
}

tap_status tap_replan_describe(const tap_school *school, const tap_plan *previous, const tap_absences *absences,
                               tap_plan *plan)
{
    plan->replanned = true;
    plan->n_changes = 0;
    plan->n_pupil_changes = 0;
    tap_status status = describe_slots(school, previous, absences, plan);
    return status == TAP_OK ? describe_pupils(school, previous, plan) : status;
}
