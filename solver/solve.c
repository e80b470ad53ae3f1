/* solve.c - one school, start to finish. Two phases, lexicographic as
 * SPEC section 4 asks: first the statutory shortfall alone, over EHC-plan
 * pupils only (exact, since other pupils only compete for capacity, and
 * small enough for GLPK to prove); then the whole objective, with the
 * statutory shortfall held to what the first phase found and its plan as
 * the start. Every plan is read back and every shortfall explained. */
#include "solve.h"

#include <math.h>
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

/* Column values of a greedy plan for the model, or NULL when it cannot
 * serve as a start (GLPK does not check an incumbent: every row is
 * checked here). Keeps the better of the candidates it is given. */
static tap_status try_start(const tap_model *model, const tap_school *school, const tap_plan *seed,
                            tap_plan_kind only, double **best)
{
    tap_plan *plan = tap_plan_create();
    double *x = malloc(((size_t)model->mip.n_cols + 1) * sizeof *x);
    if (!plan || !x) {
        tap_plan_destroy(&plan);
        free(x);
        return TAP_ENOMEM;
    }
    int bad_row = -1;
    tap_status status = tap_greedy_plan(school, seed, only, plan);
    bool usable = status == TAP_OK && tap_solution_from_plan(model, plan, x) &&
                  tap_mip_feasible(&model->mip, x, 1e-6, &bad_row);
    tap_plan_destroy(&plan);
    if (usable && (!*best || tap_mip_objective(&model->mip, x) < tap_mip_objective(&model->mip, *best))) {
        free(*best);
        *best = x;
    } else {
        free(x);
    }
    return status;
}

/* Solves one model from the given start; *plan receives its assignments. */
static tap_status run_phase(const tap_model *model, const double *start, double limit_s,
                            const tap_solve_settings *settings, tap_mip_result *result, tap_plan **plan,
                            tap_diags *diags)
{
    tap_solve_options options = {limit_s, start, settings->progress, settings->progress_context, settings->stop};
    tap_status status = tap_glpk_solve(&model->mip, &options, result, diags);
    *plan = status == TAP_OK ? tap_plan_create() : NULL;
    if (status == TAP_OK && !*plan)
        status = TAP_ENOMEM;
    if (status == TAP_OK && result->x)
        status = tap_solution_to_plan(model, result->x, *plan);
    if (*plan)
        (*plan)->solve_seconds = result->seconds;
    return status;
}

static bool has_plan(tap_plan_kind kind, const tap_school *school)
{
    for (int p = 0; p < school->n_pupils; p++)
        if (school->pupils[p].plan == kind)
            return true;
    return false;
}

/* Phase one: the least statutory shortfall. Fills the bounds it proves
 * (floor) and achieves (cap) and the plan that achieves it. */
static tap_status statutory_phase(const tap_school *school, const tap_solve_settings *settings, double limit_s,
                                  tap_model_options *bounds, tap_plan **plan, bool *proven, double *seconds,
                                  tap_diags *diags)
{
    tap_model_options options = tap_model_defaults();
    options.statutory_only = true;
    tap_model *model = NULL;
    tap_status status = tap_model_build_with(school, &options, &model, diags);
    double *start = NULL;
    if (status == TAP_OK && settings->greedy_start)
        status = try_start(model, school, NULL, TAP_PLAN_EHCP, &start);
    tap_mip_result result = {0};
    if (status == TAP_OK)
        status = run_phase(model, start, limit_s, settings, &result, plan, diags);
    if (status == TAP_OK) {
        *proven = result.status == TAP_STATUS_OPTIMAL;
        *seconds = result.seconds;
        /* the hours bound is rounded outwards a little so that the full
         * model, built with other coefficients, cannot lose the plan */
        bounds->statutory_floor = result.x || *proven ? result.bound - 1e-6 : -HUGE_VAL;
        bounds->statutory_cap = result.x ? result.objective + 1e-6 : HUGE_VAL;
        if (!result.x)
            tap_plan_destroy(plan);
    }
    tap_mip_result_release(&result);
    free(start);
    tap_model_destroy(&model);
    return status;
}

tap_status tap_solve(const tap_school *school, const tap_solve_settings *settings, tap_plan **out,
                     tap_solve_stats *stats, tap_diags *diags)
{
    *out = NULL;
    double limit_s = settings->time_limit_s > 0 ? settings->time_limit_s : school->policy.time_limit_s;
    tap_model_options bounds = tap_model_defaults();
    tap_plan *statutory_plan = NULL;
    bool statutory_proven = false;
    double statutory_seconds = 0.0;
    tap_status status = TAP_OK;
    if (has_plan(TAP_PLAN_EHCP, school))
        status = statutory_phase(school, settings, limit_s / 2, &bounds, &statutory_plan, &statutory_proven,
                                 &statutory_seconds, diags);
    double remaining = limit_s - statutory_seconds;

    tap_model *model = NULL;
    if (status == TAP_OK)
        status = tap_model_build_with(school, &bounds, &model, diags);
    double *start = NULL;
    if (status == TAP_OK && settings->greedy_start) {
        status = try_start(model, school, NULL, TAP_PLAN_NONE, &start);
        if (status == TAP_OK && statutory_plan)
            status = try_start(model, school, statutory_plan, TAP_PLAN_SEN_SUPPORT, &start);
    }
    if (status == TAP_OK && stats) {
        stats->n_rows = model->mip.n_rows;
        stats->n_cols = model->mip.n_cols;
        stats->n_binaries = tap_mip_n_binaries(&model->mip);
        stats->start_objective = start ? tap_mip_objective(&model->mip, start) : -1.0;
    }
    tap_mip_result result = {0};
    tap_plan *plan = NULL;
    if (status == TAP_OK)
        status = run_phase(model, start, remaining > 1.0 ? remaining : 1.0, settings, &result, &plan, diags);
    if (status == TAP_OK) {
        plan->status = result.status;
        plan->objective = result.objective;
        plan->bound = result.bound;
        plan->gap = result.gap;
        plan->solve_seconds = result.seconds + statutory_seconds;
        plan->statutory_proven = statutory_proven || result.status == TAP_STATUS_OPTIMAL;
        status = tap_explain_shortfalls(school, plan);
    }
    tap_mip_result_release(&result);
    tap_plan_destroy(&statutory_plan);
    free(start);
    tap_model_destroy(&model);
    if (status != TAP_OK) {
        tap_plan_destroy(&plan);
        return status;
    }
    *out = plan;
    return TAP_OK;
}
