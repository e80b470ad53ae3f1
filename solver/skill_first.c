/* skill_first.c - see skill_first.h. The smaller school is a shallow copy
 * of the school whose other pupils have no plan, so the model, the greedy
 * and the plan all read it unchanged and its plan's indices are the
 * school's. */
#include "skill_first.h"

#include <stdlib.h>
#include <string.h>

#include "solution.h"

/* The largest group of pupils who need a skill in the 2,000-pupil
 * secondary at 0.8 makes a model of 5,236 binaries; far larger ones would
 * spend the statutory phase's time on a part of the school. */
enum { SKILL_MODEL_MAX_BINARIES = 20000 };

static bool needs_skill(const tap_pupil *pupil)
{
    return pupil->plan == TAP_PLAN_EHCP && pupil->n_skills > 0;
}

/* The settings of a smaller school's solve: no progress (its figures are
 * not the school's), and of any work limit a quarter for all the groups,
 * less what those before used, one part at least. */
static tap_solve_settings quiet(const tap_solve_settings *settings, int work_used)
{
    tap_solve_settings own = *settings;
    own.progress = NULL;
    own.progress_context = NULL;
    own.spare_s = 0.0;
    if (own.work_parts > 0)
        own.work_parts = own.work_parts / 4 - work_used > 1 ? own.work_parts / 4 - work_used : 1;
    return own;
}

/* Solves the smaller school sub: its bound is *least (left -1 when there
 * is no plan), and its plan's assignments of the adults marked (those who
 * may support its pupils, no other group's) go to out's plan. */
static tap_status solve_smaller(const tap_school *sub, const bool *adults, const tap_solve_settings *settings,
                                double limit_s, double started, tap_skill_first *out, double *least,
                                tap_diags *diags)
{
    tap_model_options options = tap_model_defaults();
    options.statutory_only = true;
    tap_model *model = NULL;
    tap_status status = tap_model_build_with(sub, &options, &model, diags);
    if (status != TAP_OK || tap_mip_n_binaries(&model->mip) > SKILL_MODEL_MAX_BINARIES) {
        tap_model_destroy(&model);
        return status;
    }
    double *start = NULL;
    if (settings->greedy_start)
        status = tap_solve_try_start(model, sub, NULL, TAP_PLAN_EHCP, &start);
    tap_model_result result = {0};
    tap_solve_settings own = quiet(settings, out->work_used);
    if (status == TAP_OK)
        status = tap_solve_model(model, start, NULL, 0.0, limit_s, &own, started, &result, diags);
    else
        free(start);
    out->work_used += result.work_used;
    tap_plan *plan = status == TAP_OK && result.x ? tap_plan_create() : NULL;
    if (status == TAP_OK && result.x)
        status = plan ? tap_solution_to_plan(model, result.x, plan) : TAP_ENOMEM;
    if (status == TAP_OK && plan && !out->plan && !(out->plan = tap_plan_create()))
        status = TAP_ENOMEM;
    for (int i = 0; status == TAP_OK && plan && i < plan->n_assignments; i++)
        if (adults[plan->assignments[i].staff])
            status = tap_plan_add(out->plan, &plan->assignments[i]);
    if (status == TAP_OK && plan)
        *least = result.bound > 0 ? result.bound : 0.0;
    tap_plan_destroy(&plan);
    free(result.x);
    tap_model_destroy(&model);
    return status;
}

/* The group of pupil p: pupils are joined when an adult may support both. */
static int group_of(int *parent, int p)
{
    while (parent[p] != p)
        p = parent[p] = parent[parent[p]];
    return p;
}

tap_status tap_skill_first_solve(const tap_school *s, const tap_solve_settings *settings, double limit_s,
                                 double started, tap_skill_first *out, tap_diags *diags)
{
    memset(out, 0, sizeof *out);
    int n_ehcp = 0, n_in = 0;
    for (int p = 0; p < s->n_pupils; p++) {
        n_ehcp += s->pupils[p].plan == TAP_PLAN_EHCP;
        n_in += needs_skill(&s->pupils[p]);
    }
    if (n_in == 0 || n_in == n_ehcp)
        return TAP_OK;
    tap_pupil *pupils = malloc((size_t)s->n_pupils * sizeof *pupils);
    int *parent = malloc((size_t)s->n_pupils * sizeof *parent);
    bool *adults = malloc(((size_t)s->n_staff + 1) * sizeof *adults);
    out->group = malloc((size_t)s->n_pupils * sizeof *out->group);
    out->group_floor = malloc((size_t)s->n_pupils * sizeof *out->group_floor);
    if (!pupils || !parent || !adults || !out->group || !out->group_floor) {
        free(pupils), free(parent), free(adults);
        tap_skill_first_release(out);
        return TAP_ENOMEM;
    }
    int n_groups = 0;
    for (int p = 0; p < s->n_pupils; p++)
        out->group[p] = -1;
    for (int p = 0; p < s->n_pupils; p++)
        parent[p] = p;
    for (int a = 0; a < s->n_staff; a++) {
        int first = -1;
        for (int p = 0; p < s->n_pupils; p++) {
            if (!needs_skill(&s->pupils[p]) || !tap_staff_can_support(&s->staff[a], &s->pupils[p]))
                continue;
            if (first < 0)
                first = p;
            else
                parent[group_of(parent, p)] = group_of(parent, first);
        }
    }
    tap_school sub = *s; /* shares the school's arena and tables: never destroyed */
    sub.pupils = pupils;
    double phase_started = tap_solve_clock();
    tap_status status = TAP_OK;
    for (int r = 0, n_left = n_in; status == TAP_OK && r < s->n_pupils; r++) {
        if (!needs_skill(&s->pupils[r]) || group_of(parent, r) != r)
            continue;
        memcpy(pupils, s->pupils, (size_t)s->n_pupils * sizeof *pupils);
        for (int p = 0; p < s->n_pupils; p++)
            if (!needs_skill(&pupils[p]) || group_of(parent, p) != r)
                pupils[p].plan = TAP_PLAN_NONE;
        for (int a = 0; a < s->n_staff; a++) {
            adults[a] = false;
            for (int p = 0; p < s->n_pupils && !adults[a]; p++)
                adults[a] = pupils[p].plan == TAP_PLAN_EHCP && tap_staff_can_support(&s->staff[a], &pupils[p]);
        }
        /* the time left, shared by the pupils left */
        int n_group = 0;
        for (int p = 0; p < s->n_pupils; p++)
            n_group += pupils[p].plan == TAP_PLAN_EHCP;
        double left = (limit_s - (tap_solve_clock() - phase_started)) * n_group / n_left;
        n_left -= n_group;
        double least = -1.0;
        if (left > 0)
            status = solve_smaller(&sub, adults, settings, left, started, out, &least, diags);
        if (least < 0)
            continue;
        for (int p = 0; p < s->n_pupils; p++)
            if (pupils[p].plan == TAP_PLAN_EHCP)
                out->group[p] = n_groups;
        out->group_floor[n_groups++] = least;
        out->bound += least;
    }
    free(pupils), free(parent), free(adults);
    if (status != TAP_OK)
        tap_skill_first_release(out);
    return status;
}

void tap_skill_first_release(tap_skill_first *out)
{
    tap_plan_destroy(&out->plan);
    free(out->group), free(out->group_floor);
    out->group = NULL;
    out->group_floor = NULL;
    out->bound = 0.0;
}
