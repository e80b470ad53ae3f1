/* candidates.c - see candidates.h. The first plan is the normal solve;
 * each further one re-solves the model with one more row per earlier
 * plan, a Hamming distance over the placement columns, and with the
 * statutory shortfall held to the first plan's. A plan found is a
 * candidate when it is within the tolerance; the search ends on a proof
 * (no plan differs enough, or the bound passes the tolerance) or says
 * honestly that the time ran out. */
#include "candidates.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../model/formulation.h"
#include "explain.h"
#include "solution.h"
#include "solve.h"

/* ---- placements: what a SENCO sees of support ---- */

typedef struct {
    int pupil, staff, day, slot, activity, programme;
} placement;

static int compare_int(int a, int b)
{
    return (a > b) - (a < b);
}

static int compare_placement(const void *left, const void *right)
{
    const placement *a = left, *b = right;
    int order = compare_int(a->pupil, b->pupil);
    if (!order)
        order = compare_int(a->staff, b->staff);
    if (!order)
        order = compare_int(a->day, b->day);
    if (!order)
        order = compare_int(a->slot, b->slot);
    if (!order)
        order = compare_int(a->activity, b->activity);
    if (!order)
        order = compare_int(a->programme, b->programme);
    return order;
}

/* The plan's placements, sorted; *out is malloc'd. */
static tap_status placements_of(const tap_plan *plan, placement **out, int *n)
{
    size_t total = 0;
    for (int i = 0; i < plan->n_assignments; i++)
        if (plan->assignments[i].activity != TAP_ACT_PLANNING)
            total += (size_t)plan->assignments[i].n_pupils;
    placement *list = malloc((total + 1) * sizeof *list);
    if (!list)
        return TAP_ENOMEM;
    int count = 0;
    for (int i = 0; i < plan->n_assignments; i++) {
        const tap_assignment *a = &plan->assignments[i];
        if (a->activity == TAP_ACT_PLANNING)
            continue;
        for (int k = 0; k < a->n_pupils; k++)
            list[count++] = (placement){a->pupils[k], a->staff, a->day, a->slot, (int)a->activity,
                                        a->activity == TAP_ACT_INTERVENTION ? a->programme : -1};
    }
    qsort(list, (size_t)count, sizeof *list, compare_placement);
    *out = list;
    *n = count;
    return TAP_OK;
}

/* Order of assignments by (staff, day, slot) alone. */
static int compare_slot(const tap_assignment *a, const tap_assignment *b)
{
    int order = compare_int(a->staff, b->staff);
    if (!order)
        order = compare_int(a->day, b->day);
    if (!order)
        order = compare_int(a->slot, b->slot);
    return order;
}

/* End of the run of assignments from i at the same (staff, day, slot). */
static int run_end(const tap_plan *plan, int i)
{
    int end = i + 1;
    while (end < plan->n_assignments && !compare_slot(&plan->assignments[i], &plan->assignments[end]))
        end++;
    return end;
}

static void count_staff_slot(const tap_school *school, tap_plan_difference *out, int staff)
{
    if (staff >= 0 && staff < school->n_staff)
        out->staff_slots[staff]++;
}

/* Adults' weeks: a merge of the two sorted plans, slot by slot. */
static void compare_weeks(const tap_school *school, const tap_plan *a, const tap_plan *b, tap_plan_difference *out)
{
    int i = 0, j = 0;
    while (i < a->n_assignments || j < b->n_assignments) {
        int order = i >= a->n_assignments   ? 1
                    : j >= b->n_assignments ? -1
                                            : compare_slot(&a->assignments[i], &b->assignments[j]);
        if (order < 0) {
            count_staff_slot(school, out, a->assignments[i].staff);
            i = run_end(a, i);
        } else if (order > 0) {
            count_staff_slot(school, out, b->assignments[j].staff);
            j = run_end(b, j);
        } else {
            int end_a = run_end(a, i), end_b = run_end(b, j);
            bool same = end_a - i == end_b - j;
            for (int k = 0; same && i + k < end_a; k++)
                same = tap_assignment_same(&a->assignments[i + k], &b->assignments[j + k]);
            if (!same)
                count_staff_slot(school, out, a->assignments[i].staff);
            i = end_a, j = end_b;
        }
    }
}

static void count_placement(const tap_school *school, tap_plan_difference *out, const placement *p)
{
    out->n_placements++;
    if (p->pupil >= 0 && p->pupil < school->n_pupils)
        out->pupil_changes[p->pupil]++;
}

tap_status tap_plan_difference_compute(const tap_school *school, const tap_plan *a, const tap_plan *b,
                                       tap_plan_difference *out)
{
    memset(out, 0, sizeof *out);
    out->staff_slots = calloc((size_t)school->n_staff + 1, sizeof *out->staff_slots);
    out->pupil_changes = calloc((size_t)school->n_pupils + 1, sizeof *out->pupil_changes);
    placement *in_a = NULL, *in_b = NULL;
    int n_a = 0, n_b = 0;
    tap_status status = out->staff_slots && out->pupil_changes ? placements_of(a, &in_a, &n_a) : TAP_ENOMEM;
    if (status == TAP_OK)
        status = placements_of(b, &in_b, &n_b);
    if (status != TAP_OK) {
        free(in_a);
        tap_plan_difference_release(out);
        return status;
    }
    int i = 0, j = 0;
    while (i < n_a || j < n_b) {
        int order = i >= n_a ? 1 : j >= n_b ? -1 : compare_placement(&in_a[i], &in_b[j]);
        if (order < 0)
            count_placement(school, out, &in_a[i++]);
        else if (order > 0)
            count_placement(school, out, &in_b[j++]);
        else
            i++, j++;
    }
    free(in_a);
    free(in_b);
    compare_weeks(school, a, b, out);
    return TAP_OK;
}

void tap_plan_difference_release(tap_plan_difference *difference)
{
    if (!difference)
        return;
    free(difference->staff_slots);
    free(difference->pupil_changes);
    memset(difference, 0, sizeof *difference);
}

/* ---- the search ---- */

const char *tap_search_end_text(tap_search_end end)
{
    switch (end) {
    case TAP_SEARCH_COMPLETE: return "as many plans as asked for were found";
    case TAP_SEARCH_NO_OTHER: return "no more exist: proven that no other plan differs enough from these";
    case TAP_SEARCH_NONE_WITHIN:
        return "no more exist within the tolerance: proven that every other plan that differs enough is worse";
    case TAP_SEARCH_OUT_OF_TIME:
        return "the time ran out before another plan was found or ruled out: more may exist (give more time)";
    case TAP_SEARCH_STOPPED: return "the search was stopped: more may exist";
    case TAP_SEARCH_NO_PLAN: return "no plan was found at all";
    }
    return "";
}

/* The columns that are placements: a pupil supported by an adult at a
 * time, in class, in a session or at unstructured time. */
static bool is_placement(const tap_model *model, int col)
{
    tap_var_kind kind = model->vars[col].kind;
    return kind == TAP_VAR_IN_CLASS || kind == TAP_VAR_ATTEND || kind == TAP_VAR_COVER;
}

/* Every later plan must differ from x in at least min_diff placements:
 * sum over x's placements of (1 - y_j) plus over the others of y_j. False
 * when the model has no placement column at all (every plan is the same). */
static bool add_diversity_row(tap_model *model, const double *x, int min_diff, int index)
{
    tap_mip *mip = &model->mip;
    int n_set = 0;
    tap_mip_row_begin(mip, "differ_%d", index);
    for (int j = 0; j < mip->n_cols; j++) {
        if (!is_placement(model, j))
            continue;
        bool set = x[j] > 0.5;
        tap_mip_row_add(mip, j, set ? -1.0 : 1.0);
        n_set += set;
    }
    return tap_mip_row_end(mip, (double)(min_diff - n_set), HUGE_VAL) >= 0;
}

typedef struct {
    const tap_school *school;
    const tap_candidates_settings *settings;
    tap_model *model;
    double **solutions; /* [n_items]: column values of each candidate */
    tap_candidates *out;
    double started;
    double limit_s;
} search;

/* A start for the next search that keeps every diversity row: the last
 * candidate less min_diff SEN-support placements that every earlier
 * candidate shares (removing one adds one to the distance from each, and
 * leaves the statutory shortfall as it was), or failing that a greedy
 * plan when it happens to differ enough. NULL when neither fits. */
static tap_status make_start(search *S, double **start)
{
    const tap_model *m = S->model;
    const tap_school *s = S->school;
    int n_cols = m->mip.n_cols, n = S->out->n_items, min_diff = S->settings->min_diff;
    *start = NULL;
    int *common = malloc(((size_t)n_cols + 1) * sizeof *common);
    double *x = malloc(((size_t)n_cols + 1) * sizeof *x);
    tap_plan *plan = tap_plan_create();
    tap_status status = common && x && plan ? TAP_OK : TAP_ENOMEM;
    int n_common = 0;
    for (int j = 0; status == TAP_OK && j < n_cols; j++) {
        if (!is_placement(m, j) || s->pupils[m->vars[j].pupil].plan != TAP_PLAN_SEN_SUPPORT)
            continue;
        bool everywhere = true;
        for (int k = 0; everywhere && k < n; k++)
            everywhere = S->solutions[k][j] > 0.5;
        if (everywhere)
            common[n_common++] = j;
    }
    if (status == TAP_OK && n_common >= min_diff) {
        memcpy(x, S->solutions[n - 1], (size_t)n_cols * sizeof *x);
        /* a different stretch of the week each time, so that each
         * candidate's search starts from elsewhere */
        int first = (int)(((long long)(n - 1) * min_diff) % n_common);
        for (int k = 0; k < min_diff; k++)
            x[common[(first + k) % n_common]] = 0.0;
        int bad_row = -1, left_out = 0;
        status = tap_solution_to_plan(m, x, plan);
        if (status == TAP_OK && tap_solution_from_plan(m, plan, x, &left_out) && left_out == 0 &&
            tap_mip_feasible(&m->mip, x, 1e-6, &bad_row)) {
            *start = x;
            x = NULL;
        }
    }
    if (status == TAP_OK)
        status = tap_solve_try_start(m, s, NULL, TAP_PLAN_NONE, start);
    free(common);
    free(x);
    tap_plan_destroy(&plan);
    if (status != TAP_OK) {
        free(*start);
        *start = NULL;
    }
    return status;
}

static tap_status internal_error(const search *S, tap_diags *diags, const char *what)
{
    tap_diags_add(diags, (tap_pos){S->school->file, 0, 0}, "internal: %s", what);
    return TAP_ESOLVER;
}

/* Placements between two candidates. */
static tap_status distance(const tap_school *school, const tap_candidate *a, const tap_candidate *b, int *out)
{
    tap_plan_difference difference;
    tap_status status = tap_plan_difference_compute(school, a->plan, b->plan, &difference);
    *out = difference.n_placements;
    tap_plan_difference_release(&difference);
    return status;
}

/* Makes plan a candidate, with its figures and reasons. The diversity rows
 * promise its distance from every earlier candidate; the plans must show
 * it, or the model and the plans disagree on what a placement is. */
static tap_status add_candidate(search *S, tap_plan *plan, double *x, double objective, tap_diags *diags)
{
    tap_candidates *out = S->out;
    tap_candidate *c = &out->items[out->n_items];
    memset(c, 0, sizeof *c);
    c->plan = plan;
    c->objective = objective;
    S->solutions[out->n_items] = x;
    out->n_items++;
    tap_status status = tap_explain_shortfalls(S->school, plan);
    if (status == TAP_OK)
        status = tap_figures_compute(S->school, plan, &c->figures);
    for (int k = 0; status == TAP_OK && k < out->n_items - 1; k++) {
        int placements = 0;
        status = distance(S->school, &out->items[k], c, &placements);
        if (status == TAP_OK && placements < S->settings->min_diff)
            status = internal_error(S, diags, "a candidate is nearer an earlier one than the rows allow");
    }
    return status;
}

static int compare_candidates(const void *left, const void *right)
{
    const tap_candidate *a = left, *b = right;
    if (a->objective != b->objective)
        return a->objective < b->objective ? -1 : 1;
    return compare_int(a->least_distance, b->least_distance); /* the order found, kept in least_distance */
}

/* Best first. A later search may beat the first plan when that was not
 * proven optimal; the list still starts with the best. Then the distances
 * each candidate shows: from the first, and from the nearest other. */
static tap_status rank_candidates(const tap_school *school, tap_candidates *out)
{
    for (int k = 0; k < out->n_items; k++)
        out->items[k].least_distance = k;
    qsort(out->items, (size_t)out->n_items, sizeof *out->items, compare_candidates);
    tap_status status = TAP_OK;
    for (int k = 0; k < out->n_items; k++)
        out->items[k].least_distance = out->items[k].distance_to_first = 0;
    for (int i = 0; status == TAP_OK && i < out->n_items; i++)
        for (int j = i + 1; status == TAP_OK && j < out->n_items; j++) {
            int placements = 0;
            status = distance(school, &out->items[i], &out->items[j], &placements);
            if (i == 0)
                out->items[j].distance_to_first = placements;
            for (int k = 0; k < 2; k++) {
                tap_candidate *c = &out->items[k ? j : i];
                if (c->least_distance == 0 || placements < c->least_distance)
                    c->least_distance = placements;
            }
        }
    return status;
}

/* The first plan: the normal solve, then its column values in the
 * candidates' model, which holds the statutory shortfall to it. */
static tap_status first_plan(search *S, tap_diags *diags)
{
    tap_candidates *out = S->out;
    tap_solve_settings solve = tap_solve_defaults();
    solve.time_limit_s = S->limit_s;
    solve.work_parts = S->settings->work_parts;
    solve.progress = S->settings->progress;
    solve.progress_context = S->settings->progress_context;
    solve.stop = S->settings->stop;
    tap_plan *plan = NULL;
    tap_status status = tap_solve(S->school, &solve, &plan, NULL, diags);
    if (status != TAP_OK)
        return status;
    if (plan->status != TAP_STATUS_OPTIMAL && plan->status != TAP_STATUS_FEASIBLE) {
        tap_plan_destroy(&plan);
        out->end = TAP_SEARCH_NO_PLAN;
        return TAP_OK;
    }
    tap_figures *figures = NULL;
    status = tap_figures_compute(S->school, plan, &figures);
    tap_model_options options = tap_model_defaults();
    if (status == TAP_OK) {
        out->statutory_cap = figures->summary.statutory_shortfall_hours;
        options.statutory_cap = out->statutory_cap + 1e-6;
        status = tap_model_build_with(S->school, &options, &S->model, diags);
    }
    tap_figures_destroy(&figures);
    double *x = status == TAP_OK ? malloc(((size_t)S->model->mip.n_cols + 1) * sizeof *x) : NULL;
    if (status == TAP_OK && !x)
        status = TAP_ENOMEM;
    int bad_row = -1, left_out = 0;
    if (status == TAP_OK && !(tap_solution_from_plan(S->model, plan, x, &left_out) && left_out == 0 &&
                              tap_mip_feasible(&S->model->mip, x, 1e-6, &bad_row)))
        status = internal_error(S, diags, "the best plan does not fit the candidates' model");
    if (status != TAP_OK) {
        free(x);
        tap_plan_destroy(&plan);
        return status;
    }
    out->reference_objective = tap_mip_objective(&S->model->mip, x);
    out->reference_proven = plan->status == TAP_STATUS_OPTIMAL;
    out->objective_limit = out->reference_objective + S->settings->within * fabs(out->reference_objective) + 1e-6;
    return add_candidate(S, plan, x, out->reference_objective, diags);
}

/* Looks for the next candidate; sets out->end when the search is over. */
static tap_status next_plan(search *S, tap_diags *diags)
{
    tap_candidates *out = S->out;
    const tap_candidates_settings *settings = S->settings;
    if (settings->stop && *settings->stop) {
        out->end = TAP_SEARCH_STOPPED;
        return TAP_OK;
    }
    if (!add_diversity_row(S->model, S->solutions[out->n_items - 1], settings->min_diff, out->n_items)) {
        if (S->model->mip.failed)
            return TAP_ENOMEM;
        out->end = TAP_SEARCH_NO_OTHER; /* no placement can differ: every plan is this one */
        return TAP_OK;
    }
    double *start = NULL;
    tap_status status = make_start(S, &start);
    if (status != TAP_OK)
        return status;
    tap_solve_settings solve = tap_solve_defaults();
    solve.work_parts = settings->work_parts;
    solve.progress = settings->progress;
    solve.progress_context = settings->progress_context;
    solve.stop = settings->stop;
    /* Proven optimal, the first plan bounds every other from below. */
    double floor_objective = out->reference_proven ? out->reference_objective - 1e-6 : 0.0;
    tap_model_result result = {0};
    double began = tap_solve_clock();
    status = tap_solve_model(S->model, start, NULL, floor_objective, S->limit_s, &solve, began, &result, diags);
    if (status != TAP_OK) {
        free(result.x);
        return status;
    }
    bool within = result.x && result.objective <= out->objective_limit;
    if (!within) {
        out->next_objective = result.x ? result.objective : NAN;
        out->next_bound = result.infeasible ? NAN : result.bound;
    }
    if (result.infeasible) {
        out->end = TAP_SEARCH_NO_OTHER;
    } else if (!within && result.bound > out->objective_limit) {
        out->end = TAP_SEARCH_NONE_WITHIN;
    } else if (!within) {
        out->end = settings->stop && *settings->stop ? TAP_SEARCH_STOPPED : TAP_SEARCH_OUT_OF_TIME;
    } else {
        tap_plan *plan = tap_plan_create();
        status = plan ? tap_solution_to_plan(S->model, result.x, plan) : TAP_ENOMEM;
        if (status == TAP_OK)
            status = tap_solve_set_status(S->model, plan, &result);
        if (status == TAP_OK) {
            plan->solve_seconds = tap_solve_clock() - began;
            plan->statutory_proven = out->items[0].plan->statutory_proven;
            status = add_candidate(S, plan, result.x, plan->objective, diags);
            result.x = NULL; /* the candidate owns it now, even on failure */
            plan = NULL;
        }
        tap_plan_destroy(&plan);
    }
    free(result.x);
    return status;
}

tap_status tap_candidates_find(const tap_school *school, const tap_candidates_settings *settings,
                               tap_candidates **result, tap_diags *diags)
{
    *result = NULL;
    int n_wanted = settings->n_wanted > 0 ? settings->n_wanted : 1;
    tap_candidates *out = calloc(1, sizeof *out);
    tap_candidate *items = calloc((size_t)n_wanted, sizeof *items);
    double **solutions = calloc((size_t)n_wanted, sizeof *solutions);
    if (!out || !items || !solutions) {
        free(out), free(items), free(solutions);
        return TAP_ENOMEM;
    }
    out->items = items;
    out->n_wanted = n_wanted;
    out->within = settings->within > 0 ? settings->within : 0.0;
    out->min_diff = settings->min_diff > 0 ? settings->min_diff : 1;
    out->next_objective = NAN;
    out->next_bound = NAN;
    out->end = TAP_SEARCH_COMPLETE;
    tap_candidates_settings own = *settings;
    own.n_wanted = n_wanted, own.within = out->within, own.min_diff = out->min_diff;
    search S = {school, &own, NULL, solutions, out, tap_solve_clock(), 0.0};
    S.limit_s = settings->time_limit_s > 0 ? settings->time_limit_s : school->policy.time_limit_s;

    tap_status status = first_plan(&S, diags);
    while (status == TAP_OK && out->end == TAP_SEARCH_COMPLETE && out->n_items > 0 && out->n_items < n_wanted)
        status = next_plan(&S, diags);
    if (status == TAP_OK)
        status = rank_candidates(school, out);
    out->seconds = tap_solve_clock() - S.started;
    for (int k = 0; k < n_wanted; k++)
        free(solutions[k]);
    free(solutions);
    tap_model_destroy(&S.model);
    if (status != TAP_OK) {
        tap_candidates_destroy(&out);
        return status;
    }
    *result = out;
    return TAP_OK;
}

void tap_candidates_destroy(tap_candidates **candidates)
{
    if (!candidates || !*candidates)
        return;
    for (int k = 0; k < (*candidates)->n_items; k++) {
        tap_plan_destroy(&(*candidates)->items[k].plan);
        tap_figures_destroy(&(*candidates)->items[k].figures);
    }
    free((*candidates)->items);
    free(*candidates);
    *candidates = NULL;
}
