/* relax.c - see relax.h. The relaxed school is a shallow copy of the
 * school with the changed parts replaced, so nothing is read or checked
 * again: every change only widens what is allowed, so the plan stays a
 * legal plan of the relaxed school and is the re-solve's start. */
#include "relax.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../model/formulation.h"
#include "glpk_backend.h"
#include "solution.h"

/* The strength-withdrawal penalty while strengths are relaxed: below the
 * least a short session costs (an hour of SEN support weighs 10 by
 * default), so that the re-solve takes a withdrawal wherever it helps. */
#define RELAXED_STRENGTH_WEIGHT 1.0

typedef struct {
    tap_school school; /* shares the original's arena and derived tables: never destroyed */
    tap_staff *staff;  /* the changed copy of the staff, or NULL */
    int *skills;       /* the changed adult's skills, or NULL */
} relaxed;

double tap_relax_lesson_hours(const tap_school *school)
{
    double longest = 0.0;
    for (int t = 0; t < school->n_slots; t++)
        if (school->slots[t].kind == TAP_SLOT_LESSON && school->slot_hours[t] > longest)
            longest = school->slot_hours[t];
    return longest > 0 ? longest : 1.0;
}

static bool holds(const int *skills, int n, int skill)
{
    for (int k = 0; k < n; k++)
        if (skills[k] == skill)
            return true;
    return false;
}

/* The adult's skills with every skill of the change added. */
static bool add_skills(relaxed *r, tap_staff *adult, const tap_relaxation *change)
{
    r->skills = malloc(((size_t)adult->n_skills + TAP_RELAX_MAX_SKILLS + 1) * sizeof *r->skills);
    if (!r->skills)
        return false;
    int n = adult->n_skills;
    if (n > 0)
        memcpy(r->skills, adult->skills, (size_t)n * sizeof *r->skills);
    for (int k = 0; k < change->n_skills && k < TAP_RELAX_MAX_SKILLS; k++)
        if (!holds(r->skills, n, change->skills[k]))
            r->skills[n++] = change->skills[k];
    adult->skills = r->skills;
    adult->n_skills = n;
    return true;
}

/* An adult who exists only for the question: free on one day for one
 * lesson's length, costing nothing, with no planning to do. */
static void make_extra_adult(const tap_school *s, tap_staff *adult, int day)
{
    memset(adult, 0, sizeof *adult);
    adult->id = "extra adult";
    adult->role = TAP_ROLE_TA;
    adult->hours = tap_relax_lesson_hours(s);
    adult->planning_slots = 0;
    uint32_t every_slot = (uint32_t)((UINT64_C(1) << s->n_slots) - 1);
    for (int d = 0; d < s->n_days; d++)
        adult->unavailable[d] = d == day ? 0 : every_slot;
    adult->pos = (tap_pos){s->file, 0, 0};
}

static tap_status relax_school(const tap_school *s, const tap_relaxation *change, relaxed *r)
{
    memset(r, 0, sizeof *r);
    r->school = *s;
    tap_policy *policy = &r->school.policy;
    switch (change->kind) {
    case TAP_RELAX_NOTHING: return TAP_OK;
    case TAP_RELAX_STRENGTHS:
        policy->strengths = TAP_STRENGTHS_SOFT;
        policy->weights.strength_withdrawal = fmin(policy->weights.strength_withdrawal, RELAXED_STRENGTH_WEIGHT);
        return TAP_OK;
    case TAP_RELAX_WITHDRAWALS: policy->max_withdrawals_per_subject++; return TAP_OK;
    case TAP_RELAX_CONTINUITY: policy->max_adults_per_pupil++; return TAP_OK;
    case TAP_RELAX_BUDGET: r->school.budget.has_weekly = false; return TAP_OK;
    case TAP_RELAX_BREAK:
        policy->break_minutes = 24 * 60 + 1; /* longer than any slot: the model then adds no break row */
        return TAP_OK;
    case TAP_RELAX_HOURS:
    case TAP_RELAX_SKILLS:
    case TAP_RELAX_EXTRA_ADULT: break;
    }
    bool extra = change->kind == TAP_RELAX_EXTRA_ADULT;
    if (!extra && (change->staff < 0 || change->staff >= s->n_staff))
        return TAP_EINPUT;
    int n_staff = s->n_staff + extra;
    r->staff = malloc(((size_t)n_staff + 1) * sizeof *r->staff);
    if (!r->staff)
        return TAP_ENOMEM;
    if (s->n_staff > 0)
        memcpy(r->staff, s->staff, (size_t)s->n_staff * sizeof *r->staff);
    r->school.staff = r->staff;
    r->school.n_staff = n_staff;
    tap_staff *adult = &r->staff[extra ? s->n_staff : change->staff];
    if (extra)
        make_extra_adult(s, adult, change->day);
    if (change->kind == TAP_RELAX_HOURS) {
        adult->hours += tap_relax_lesson_hours(s);
        return TAP_OK;
    }
    return add_skills(r, adult, change) ? TAP_OK : TAP_ENOMEM;
}

/* The re-solve moves only the pupil's columns and the activities around
 * them; every other pupil's support keeps its plan value, so of theirs
 * only the support the plan gives (and the pupils who could join those
 * same activities) needs a column: built with every eligible column, a
 * 2,000-pupil secondary's model took 0.4 s a trial, for columns held at
 * zero. */
typedef struct {
    const tap_school *school; /* the relaxed school */
    const tap_plan *plan;
    int pupil;
    int *at; /* [staff][day][slot]: the plan's assignment there + 1, or 0 */
} focus;

static bool focus_keeps(const tap_var *v, void *context)
{
    const focus *f = context;
    if (v->pupil == f->pupil)
        return true;
    const tap_school *s = f->school;
    int i = f->at[((size_t)v->staff * (size_t)s->n_days + (size_t)v->day) * (size_t)s->n_slots + (size_t)v->slot] - 1;
    if (i < 0)
        return false;
    const tap_assignment *a = &f->plan->assignments[i];
    switch (v->kind) {
    case TAP_VAR_IN_CLASS:
        return a->activity == TAP_ACT_IN_CLASS && tap_group_lesson_at(s, a->group, a->day, a->slot) == v->lesson;
    case TAP_VAR_ATTEND: return a->activity == TAP_ACT_INTERVENTION && a->programme == v->programme;
    default: return a->activity == TAP_ACT_UNSTRUCTURED;
    }
}

static bool focus_init(focus *f, const tap_school *s, const tap_plan *plan, int pupil)
{
    f->school = s, f->plan = plan, f->pupil = pupil;
    f->at = calloc((size_t)s->n_staff * (size_t)s->n_days * (size_t)s->n_slots + 1, sizeof *f->at);
    if (!f->at)
        return false;
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        if (a->staff >= 0 && a->staff < s->n_staff && a->day >= 0 && a->day < s->n_days && a->slot >= 0 &&
            a->slot < s->n_slots)
            f->at[((size_t)a->staff * (size_t)s->n_days + (size_t)a->day) * (size_t)s->n_slots + (size_t)a->slot] = i + 1;
    }
    return true;
}

static void relaxed_release(relaxed *r)
{
    free(r->staff);
    free(r->skills);
    memset(r, 0, sizeof *r);
}

/* What may move: every column of the pupil, the activities of the adults
 * at the times they could support the pupil, those adults' planning
 * (which can then make room) and their hiring. Everything else keeps the
 * plan's values. NULL on exhausted memory. */
static bool *movable_for(const tap_model *m, int pupil)
{
    const tap_school *s = m->school;
    int n_cols = m->mip.n_cols;
    size_t n_times = (size_t)s->n_days * (size_t)s->n_slots;
    bool *movable = calloc((size_t)n_cols + 1, sizeof *movable);
    bool *near = calloc((size_t)s->n_staff * n_times + 1, sizeof *near);
    bool *adult = calloc((size_t)s->n_staff + 1, sizeof *adult);
    if (!movable || !near || !adult) {
        free(movable), free(near), free(adult);
        return NULL;
    }
    for (int j = 0; j < n_cols; j++) {
        const tap_var *v = &m->vars[j];
        if (v->pupil != pupil)
            continue;
        movable[j] = true;
        if (tap_var_is_support(v->kind)) {
            near[(size_t)v->staff * n_times + (size_t)(v->day * s->n_slots + v->slot)] = true;
            adult[v->staff] = true;
        }
    }
    for (int j = 0; j < n_cols; j++) {
        const tap_var *v = &m->vars[j];
        if (v->kind == TAP_VAR_LESSON || v->kind == TAP_VAR_SESSION || v->kind == TAP_VAR_DUTY)
            movable[j] = near[(size_t)v->staff * n_times + (size_t)(v->day * s->n_slots + v->slot)];
        else if (v->kind == TAP_VAR_PLANNING || v->kind == TAP_VAR_HIRE)
            movable[j] = adult[v->staff];
    }
    free(near);
    free(adult);
    return movable;
}

/* Solves the movable part of the model from x, and keeps what it finds in
 * x when it is better and feasible for the whole model. */
static tap_status solve_part(const tap_model *m, const bool *movable, double *x, const tap_relax_limits *limits,
                             bool *proven, tap_diags *diags)
{
    tap_mip_part part;
    tap_status status = tap_mip_restrict(&m->mip, movable, x, &part);
    if (status != TAP_OK)
        return status;
    *proven = true;
    double *start = malloc(((size_t)part.mip.n_cols + 1) * sizeof *start);
    double *better = malloc(((size_t)m->mip.n_cols + 1) * sizeof *better);
    if (!start || !better)
        status = TAP_ENOMEM;
    tap_mip_result result = {0};
    if (status == TAP_OK && part.mip.n_cols > 0) {
        for (int i = 0; i < part.mip.n_cols; i++)
            start[i] = x[part.cols[i]];
        tap_solve_options options = {0};
        options.time_limit_s = limits->time_limit_s > 0 ? limits->time_limit_s : 2.0;
        options.start = start;
        options.node_limit = limits->node_limit > 0 ? limits->node_limit : 500;
        /* a pupil at the continuity limit leaves an LP a whole hour below
         * its optimum, which branching alone closed in 2,900 nodes (4 s)
         * and the cuts close at the root (0.1 s) */
        options.cuts = true;
        status = tap_glpk_solve(&part.mip, &options, &result, diags);
        *proven = status == TAP_OK && result.status == TAP_STATUS_OPTIMAL;
    }
    if (status == TAP_OK && result.x &&
        tap_mip_objective(&part.mip, result.x) < tap_mip_objective(&part.mip, start) - 1e-9) {
        memcpy(better, x, (size_t)m->mip.n_cols * sizeof *better);
        for (int i = 0; i < part.mip.n_cols; i++)
            better[part.cols[i]] = part.mip.cols[i].kind == TAP_COL_BINARY ? (result.x[i] > 0.5 ? 1.0 : 0.0)
                                                                           : result.x[i];
        int bad_row = -1;
        if (tap_mip_feasible(&m->mip, better, 1e-6, &bad_row))
            memcpy(x, better, (size_t)m->mip.n_cols * sizeof *x);
    }
    tap_mip_result_release(&result);
    free(start);
    free(better);
    tap_mip_part_release(&part);
    return status;
}

static bool employs(const tap_plan *plan, int staff)
{
    for (int i = 0; i < plan->n_assignments; i++)
        if (plan->assignments[i].staff == staff)
            return true;
    return false;
}

/* The pupil's figures, the extra adult's place and any new hire. */
static tap_status read_outcome(const relaxed *r, const tap_school *original, const tap_plan *before,
                               const tap_plan *after, int pupil, tap_relax_outcome *out)
{
    tap_figures *figures = NULL;
    tap_status status = tap_figures_compute(&r->school, after, &figures);
    if (status != TAP_OK)
        return status;
    const tap_pupil_figures *f = &figures->pupils[pupil];
    out->in_class_hours = f->in_class_delivered;
    out->unstructured_hours = f->unstructured_covered;
    out->shortfall_hours = f->shortfall_hours;
    for (int n = 0; n < f->n_interventions; n++)
        out->sessions[n] = f->interventions[n].delivered;
    tap_figures_destroy(&figures);
    for (int i = 0; i < after->n_assignments; i++) {
        const tap_assignment *a = &after->assignments[i];
        if (a->staff == original->n_staff && a->activity != TAP_ACT_PLANNING)
            out->extra_day = a->day, out->extra_slot = a->slot;
    }
    for (int a = 0; a < original->n_staff && out->hired < 0; a++)
        if (original->staff[a].optional && employs(after, a) && !employs(before, a))
            out->hired = a;
    return TAP_OK;
}

tap_status tap_relax_resolve(const tap_school *school, const tap_plan *plan, int pupil, const tap_relaxation *change,
                             const tap_relax_limits *limits, tap_relax_outcome *out, tap_diags *diags)
{
    memset(out, 0, sizeof *out);
    out->extra_day = out->extra_slot = out->hired = -1;
    out->sessions = calloc((size_t)school->pupils[pupil].n_interventions + 1, sizeof *out->sessions);
    if (!out->sessions)
        return TAP_ENOMEM;
    relaxed r;
    tap_status status = relax_school(school, change, &r);
    focus f = {0};
    if (status == TAP_OK && !focus_init(&f, &r.school, plan, pupil))
        status = TAP_ENOMEM;
    tap_model_options options = tap_model_defaults();
    options.keep_support = focus_keeps;
    options.keep_context = &f;
    tap_model *model = NULL;
    if (status == TAP_OK)
        status = tap_model_build_with(&r.school, &options, &model, diags);
    double *x = status == TAP_OK ? malloc(((size_t)model->mip.n_cols + 1) * sizeof *x) : NULL;
    bool *movable = status == TAP_OK ? movable_for(model, pupil) : NULL;
    if (status == TAP_OK && (!x || !movable))
        status = TAP_ENOMEM;
    int bad_row = -1, left_out = 0;
    out->usable = status == TAP_OK && tap_solution_from_plan(model, plan, x, &left_out) && left_out == 0 &&
                  tap_mip_feasible(&model->mip, x, 1e-6, &bad_row);
    tap_plan *after = NULL;
    if (out->usable) {
        status = solve_part(model, movable, x, limits, &out->proven, diags);
        after = status == TAP_OK ? tap_plan_create() : NULL;
        if (status == TAP_OK && !after)
            status = TAP_ENOMEM;
        if (status == TAP_OK)
            status = tap_solution_to_plan(model, x, after);
        if (status == TAP_OK)
            status = read_outcome(&r, school, plan, after, pupil, out);
    }
    tap_plan_destroy(&after);
    free(x);
    free(movable);
    free(f.at);
    tap_model_destroy(&model);
    relaxed_release(&r);
    if (status != TAP_OK)
        tap_relax_outcome_release(out);
    return status;
}

void tap_relax_outcome_release(tap_relax_outcome *outcome)
{
    if (!outcome)
        return;
    free(outcome->sessions);
    outcome->sessions = NULL;
}
