/* solve.c - one school, start to finish: build the model, hand GLPK a
 * verified greedy incumbent, solve within the time limit, read the plan
 * back and explain every shortfall. */
#include "solve.h"

#include <stdlib.h>

#include "explain.h"
#include "greedy.h"
#include "solution.h"

tap_solve_settings tap_solve_defaults(void)
{
    tap_solve_settings settings = {0};
    settings.greedy_start = true;
    return settings;
}

/* Column values of the greedy plan, or NULL when it cannot serve as a start
 * (an incumbent must satisfy every row: GLPK does not check it). */
static double *greedy_start(const tap_school *school, const tap_model *model, tap_status *status)
{
    *status = TAP_OK;
    tap_plan *plan = tap_plan_create();
    double *x = malloc(((size_t)model->mip.n_cols + 1) * sizeof *x);
    if (!plan || !x) {
        tap_plan_destroy(&plan);
        free(x);
        *status = TAP_ENOMEM;
        return NULL;
    }
    int bad_row = -1;
    *status = tap_greedy_plan(school, plan);
    bool usable = *status == TAP_OK && tap_solution_from_plan(model, plan, x) &&
                  tap_mip_feasible(&model->mip, x, 1e-6, &bad_row);
    tap_plan_destroy(&plan);
    if (!usable) {
        free(x);
        return NULL;
    }
    return x;
}

tap_status tap_solve(const tap_school *school, const tap_solve_settings *settings, tap_plan **out,
                     tap_solve_stats *stats, tap_diags *diags)
{
    *out = NULL;
    tap_model *model = NULL;
    tap_status status = tap_model_build(school, &model, diags);
    if (status != TAP_OK)
        return status;
    double *start = NULL;
    if (settings->greedy_start)
        start = greedy_start(school, model, &status);
    if (stats) {
        stats->n_rows = model->mip.n_rows;
        stats->n_cols = model->mip.n_cols;
        stats->n_binaries = tap_mip_n_binaries(&model->mip);
        stats->start_objective = start ? tap_mip_objective(&model->mip, start) : -1.0;
    }

    tap_mip_result result = {0};
    if (status == TAP_OK) {
        tap_solve_options options = {
            settings->time_limit_s > 0 ? settings->time_limit_s : school->policy.time_limit_s,
            start, settings->progress, settings->progress_context, settings->stop};
        status = tap_glpk_solve(&model->mip, &options, &result, diags);
    }
    tap_plan *plan = status == TAP_OK ? tap_plan_create() : NULL;
    if (status == TAP_OK && !plan)
        status = TAP_ENOMEM;
    if (status == TAP_OK) {
        plan->status = result.status;
        plan->objective = result.objective;
        plan->bound = result.bound;
        plan->gap = result.gap;
        plan->solve_seconds = result.seconds;
        if (result.x)
            status = tap_solution_to_plan(model, result.x, plan);
    }
    if (status == TAP_OK)
        status = tap_explain_shortfalls(school, plan);
    tap_mip_result_release(&result);
    free(start);
    tap_model_destroy(&model);
    if (status != TAP_OK) {
        tap_plan_destroy(&plan);
        return status;
    }
    *out = plan;
    return TAP_OK;
}
