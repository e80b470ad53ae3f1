/* solve.c - one school, start to finish. Two phases, lexicographic as
 * SPEC section 4 asks: first the statutory shortfall alone, over EHC-plan
 * pupils only (exact, since other pupils only compete for capacity); then
 * the whole objective with the statutory shortfall held to what the first
 * phase found. Each phase starts from a greedy plan, improves it part by
 * part (improve.c), then lets GLPK's branch-and-bound work on the whole
 * model for a bound, and a proof where it can. */
#include "solve.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/pair.h"
#include "../base/random.h"
#include "../model/mip_checker.h"
#include "explain.h"
#include "greedy.h"
#include "improve.h"
#include "skill_first.h"
#include "solution.h"

/* Ruin and recreate between rounds of the search: the support of a few
 * pupils taken out and the greedy grown again from the rest, kept when
 * better; at most RUINS draws a round. A round is RUIN_EVERY parts or its
 * share of a cycle of ROUND_SHARE of the search's time and RUIN_SHARE of
 * the phase's, whichever ends first, and the draws have the rest of the
 * cycle: on a large secondary 300 parts take most of a phase, and its
 * draws may gain more a second than its parts. Parts and draws start
 * with half each, then each has the share of the last round's gains a
 * second that it made, DRAW_SHARE_MIN at least (docs/model.md). */
/* Under a work limit a round's draws are DRAWS_PER_PART for each part it
 * solved, RUINS at most: a round of 100 parts or more makes all of them,
 * while a small limit on a large school is not spent on 2,000 draws of
 * the whole model (the 1,000-pupil secondary at 1.1, --work 60: 373 s). */
enum { RUINS = 2000, RUIN_PUPILS = 4, RUIN_EVERY = 300, DRAWS_PER_PART = 20 };

/* Objectives within TIE of each other tie: well below every weight, well
 * above the rounding of a sum over a school's columns. A plan counts as a
 * gain when it is better by GAIN. */
static const double TIE = 1e-9;
static const double GAIN = 1e-7;
#define RUIN_SHARE 0.25
#define ROUND_SHARE 0.25
#define DRAW_SHARE_MIN 0.2

/* Branch-and-bound nodes on a whole statutory model, and on the full
 * model under a work limit: a budget of work rather than time, so that a
 * phase that finishes early gives the same plan each run. */
enum { WHOLE_MODEL_NODES = 3000, PART_NODES = 300 };

/* Above this many binaries GLPK's root LP alone takes longer than a solve
 * may (a 1,000-pupil secondary has over 100,000) and its copy of the model
 * costs hundreds of megabytes: the search by parts then has all the time,
 * and the bound is what the statutory phase proved. */
enum { WHOLE_MODEL_MAX_BINARIES = 40000 };

/* A scope this small is given to branch-and-bound before the search. */
enum { SCOPE_FIRST_MAX_BINARIES = 5000 };

/* The share of a statutory phase that Gomory cuts may spend on a bound
 * before the search, and the least worth starting, which grows with the
 * model: the 280-pupil primary's 4,608 binaries need 2 s, half of it
 * their first LP; a group of pupils who need a skill (skill_first.h) of
 * 645 binaries 0.04 s, one of 5,696 binaries 0.7 s. */
#define CUT_BOUND_SHARE 0.4
#define CUT_BOUND_BINARIES_PER_S 8000.0

/* How much phase one's bounds on the statutory hours are widened for the
 * full model, built with other coefficients, so that it cannot lose the
 * plan. */
#define HOURS_WIDENED 1e-6

/* The share of a statutory phase the pupils who need a skill may take,
 * solved first and alone (skill_first.h). */
#define SKILL_FIRST_SHARE 0.15

/* The statutory phase's share of a solve's limit, of time or of work;
 * the whole model's phase has the rest and what this one leaves. */
#define STATUTORY_SHARE 0.6

double tap_solve_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

tap_solve_settings tap_solve_defaults(void)
{
    tap_solve_settings settings = {0};
    settings.greedy_start = true;
    return settings;
}

/* The best of the plans tried so far: its columns, or the plan itself
 * (checked by columns: a draw's plan goes on to the next draw as it is,
 * and its columns are found again only at the end), NULL while there is
 * none; its objective, HUGE_VAL while there is none. */
typedef struct {
    double *x;
    double objective;
    tap_plan *plan;
} best_plan;

/* How a plan is checked: with a checker and one thread's workspace, in
 * time that grows with the plan's columns (for the many plans of ruin and
 * recreate), or row by row when checker is NULL. */
typedef struct {
    const tap_mip_checker *checker;
    tap_mip_scratch *scratch;
    double *x;   /* [n_cols] all 0 between plans: each plan's columns are
                  * written in and cleared after, where a new array for
                  * each plan was cleared whole (2 MB, and its pages
                  * faulted in, on the 2,000-pupil secondary) */
    int *listed; /* [n_cols] the columns written */
    tap_plan_floor *floor; /* this thread's, or NULL: every plan's columns are found */
} plan_check;

/* A plan whose floor is this far (relative) above what it must beat is
 * worse, whatever the order its objective is summed in. */
#define FLOOR_MARGIN 1e-9

/* Does a plan of objective value below `below`, and below the best so
 * far, count? */
static bool would_keep(double objective, double below, const best_plan *best)
{
    return objective < below && objective < best->objective;
}

/* Keeps plan as best when it counts, checked row by row. */
static tap_status consider_by_rows(const tap_model *model, const tap_plan *plan, double below, best_plan *best)
{
    double *x = malloc(((size_t)model->mip.n_cols + 1) * sizeof *x);
    int bad_row = -1, left_out = 0;
    if (!x || !tap_solution_from_plan(model, plan, x, &left_out)) {
        free(x);
        return TAP_ENOMEM;
    }
    double objective = tap_mip_objective(&model->mip, x);
    if (left_out == 0 && would_keep(objective, below, best) && tap_mip_feasible(&model->mip, x, 1e-6, &bad_row)) {
        free(best->x);
        best->x = x;
        best->objective = objective;
    } else {
        free(x);
    }
    return TAP_OK;
}

/* The same by columns, the plan's columns written into the workspace
 * check.x and cleared after; a plan that counts is taken from *kept. */
static tap_status consider_by_columns(const tap_model *model, tap_plan **kept, double below, plan_check check,
                                      best_plan *best)
{
    const tap_plan *plan = *kept;
    size_t n_cols = (size_t)model->mip.n_cols;
    /* most regrown plans are worse than the one they would replace, which
     * their floor shows before any of their columns is looked up */
    double threshold = fmin(below, best->objective);
    if (check.floor &&
        tap_plan_floor_of(model, plan, check.floor) >= threshold + FLOOR_MARGIN * (1.0 + fabs(threshold)))
        return TAP_OK;
    int bad_row = -1, left_out = 0, n_listed = 0;
    if (!tap_solution_from_plan_listed(model, plan, check.x, &left_out, check.listed, &n_listed)) {
        memset(check.x, 0, n_cols * sizeof *check.x);
        return TAP_ENOMEM;
    }
    double objective = tap_mip_listed_objective(&model->mip, check.x, check.listed, n_listed);
    if (left_out == 0 && would_keep(objective, below, best) &&
        tap_mip_checker_feasible(check.checker, check.scratch, check.x, check.listed, n_listed, 1e-6, &bad_row)) {
        tap_plan_destroy(&best->plan);
        best->plan = *kept; /* the caller's no more */
        *kept = NULL;
        best->objective = objective;
    }
    for (int k = 0; k < n_listed; k++)
        check.x[check.listed[k]] = 0.0;
    return TAP_OK;
}

/* A greedy plan for the model, kept when it is the better of the
 * candidates so far and below the objective `below`. GLPK does not check
 * an incumbent, so every row of a plan that would be kept is checked,
 * and only of such a plan: the check is dearer than the objective, and
 * most draws of ruin and recreate are not kept. */
static tap_status try_greedy(const tap_model *model, const tap_school *school, const tap_plan *seed,
                             tap_plan_kind only, bool teams, bool swap, double below, plan_check check,
                             best_plan *best)
{
    tap_plan *plan = tap_plan_create();
    if (!plan)
        return TAP_ENOMEM;
    tap_status status = tap_greedy_plan(school, seed, only, teams, swap, plan);
    if (status == TAP_OK)
        status = check.checker ? consider_by_columns(model, &plan, below, check, best)
                               : consider_by_rows(model, plan, below, best);
    tap_plan_destroy(&plan);
    return status;
}

/* Both greedy orders: teams chosen first win on large secondaries, where
 * the adults-per-pupil limit binds; pupils placed need by need are better
 * on some small schools. The greedy takes a fraction of a second. */
static tap_status try_start_below(const tap_model *model, const tap_school *school, const tap_plan *seed,
                                  tap_plan_kind only, bool swap, double below, plan_check check, best_plan *best)
{
    tap_status status = try_greedy(model, school, seed, only, true, swap, below, check, best);
    return status == TAP_OK ? try_greedy(model, school, seed, only, false, swap, below, check, best) : status;
}

tap_status tap_solve_try_start(const tap_model *model, const tap_school *school, const tap_plan *seed,
                               tap_plan_kind only, double **best)
{
    best_plan kept = {*best, *best ? tap_mip_objective(&model->mip, *best) : HUGE_VAL, NULL};
    plan_check by_rows = {0};
    tap_status status = try_start_below(model, school, seed, only, false, HUGE_VAL, by_rows, &kept);
    *best = kept.x;
    return status;
}

tap_solve_settings tap_solve_settings_after(const tap_solve_settings *settings, int work_used)
{
    tap_solve_settings after = *settings;
    if (after.work_parts > 0)
        after.work_parts = after.work_parts - work_used > 1 ? after.work_parts - work_used : 1;
    return after;
}

/* What a model's progress figures measure: statutory hours in phase one,
 * a replan's scope when the settings name it. */
static const char *progress_objective(const tap_model *model, const tap_solve_settings *settings)
{
    if (settings->progress_label)
        return settings->progress_label;
    return model->statutory_only ? "statutory hours" : NULL;
}

/* A bound above a known plan would mean cuts that are numerically wrong,
 * and is not believed. */
static void raise_bound(tap_model_result *out, double bound)
{
    if (bound <= out->objective + 1e-6)
        out->bound = fmax(out->bound, fmin(bound, out->objective));
}

/* Branch-and-bound from start (which may be NULL) on the whole MIP, or,
 * when movable is given, on the part of it that may move, the rest held
 * at start: then a proof or bound holds for plans that keep the rest. The
 * result's x is always a whole solution. */
static tap_status branch_and_bound(const tap_model *model, const bool *movable, const double *start, double limit_s,
                                   int work_left, const tap_solve_settings *settings, double started,
                                   double known_bound, tap_mip_result *result, tap_diags *diags)
{
    const tap_mip *mip = &model->mip;
    tap_solve_options options = {0};
    options.time_limit_s = limit_s;
    options.progress = settings->progress;
    options.progress_context = settings->progress_context;
    options.progress_since = started;
    options.progress_objective = progress_objective(model, settings);
    options.progress_bound = movable ? 0.0 : known_bound; /* a part's own bound is another thing */
    options.stop = settings->stop;
    options.node_limit = WHOLE_MODEL_NODES;
    if (movable) /* a replan is wanted quickly */
        options.node_limit = PART_NODES;
    else if (!model->statutory_only && settings->work_parts <= 0)
        /* the last phase of a solve the clock bounds has the rest of the
         * time: a search that stopped gaining leaves branch-and-bound the
         * best chance of a better plan or a proof (a 7-pupil school:
         * proven in 4.7 s of 10, where 3,000 nodes ended at 5.4 s with a
         * gap) */
        options.node_limit = 0;
    if (settings->work_parts > 0)
        options.node_limit = work_left < 1 ? 1 : work_left < options.node_limit ? work_left : options.node_limit;
    if (!movable || !start) {
        options.start = start;
        return tap_glpk_solve(mip, &options, result, diags);
    }
    tap_mip_part part;
    if (tap_mip_restrict(mip, movable, start, &part) != TAP_OK)
        return TAP_ENOMEM;
    double *part_start = malloc(((size_t)part.mip.n_cols + 1) * sizeof *part_start);
    double *whole = malloc(((size_t)mip->n_cols + 1) * sizeof *whole);
    tap_status status = part_start && whole ? TAP_OK : TAP_ENOMEM;
    for (int k = 0; status == TAP_OK && k < part.mip.n_cols; k++)
        part_start[k] = start[part.cols[k]];
    options.start = part_start;
    options.progress_offset = part.held_objective;
    if (status == TAP_OK)
        status = tap_glpk_solve(&part.mip, &options, result, diags);
    if (status == TAP_OK && result->x) {
        memcpy(whole, start, (size_t)mip->n_cols * sizeof *whole);
        for (int k = 0; k < part.mip.n_cols; k++)
            whole[part.cols[k]] = result->x[k];
        free(result->x);
        result->x = whole;
        whole = NULL;
        result->objective += part.held_objective;
    }
    result->bound += part.held_objective;
    free(whole);
    free(part_start);
    tap_mip_part_release(&part);
    return status;
}

/* The greedy grown again from the search's plan, kept when better: on a
 * large school the search by parts does not reach every corner in the
 * time, and the greedy's repair (an activity handed over to free the
 * adult a short pupil needs) finds moves there in a fraction of a second
 * (2,000-pupil secondary at 1.1 after 60 s: 270,059 -> 266,972). With
 * its swaps too: a pupil at the adults-per-pupil limit trading an adult
 * for one who can give more (the statutory phase of the 1,000-pupil
 * secondary at 1.1: 2 h more in 0.1 s), as in every draw; here after the
 * last parts, which the draws do not follow. */
static tap_status polish(const tap_model *model, double *x, double *objective)
{
    tap_plan *plan = tap_plan_create();
    best_plan best = {NULL, HUGE_VAL, NULL};
    plan_check by_rows = {0};
    tap_status status = plan ? tap_solution_to_plan(model, x, plan) : TAP_ENOMEM;
    if (status == TAP_OK)
        status = try_start_below(model, model->school, plan, model->statutory_only ? TAP_PLAN_EHCP : TAP_PLAN_NONE,
                                 true, *objective - GAIN, by_rows, &best);
    if (status == TAP_OK && best.x) {
        memcpy(x, best.x, (size_t)model->mip.n_cols * sizeof *x);
        *objective = best.objective;
    }
    free(best.x);
    tap_plan_destroy(&plan);
    return status;
}

/* The plan without the support of the pupils marked out (planning and
 * every other pupil's support kept), into the empty seed. */
static tap_status without_pupils(const tap_plan *plan, const bool *out, tap_plan *seed)
{
    size_t room = 0; /* the largest assignment's pupils */
    for (int i = 0; i < plan->n_assignments; i++)
        room = (size_t)plan->assignments[i].n_pupils > room ? (size_t)plan->assignments[i].n_pupils : room;
    int *kept = malloc((room + 1) * sizeof *kept);
    if (!kept)
        return TAP_ENOMEM;
    tap_status status = TAP_OK;
    for (int i = 0; i < plan->n_assignments && status == TAP_OK; i++) {
        tap_assignment a = plan->assignments[i];
        int n = 0;
        for (int k = 0; k < a.n_pupils; k++)
            if (!out[a.pupils[k]])
                kept[n++] = a.pupils[k];
        if (a.activity != TAP_ACT_PLANNING && n == 0)
            continue;
        a.pupils = kept;
        a.n_pupils = n;
        status = tap_plan_add(seed, &a);
    }
    free(kept);
    return status;
}

/* May pupil q still be drawn: planned by the model and not yet out? */
static bool drawable(const bool *in_model, const bool *out, int q)
{
    return in_model[q] && !out[q];
}

/* Someone in pupil p's lesson at a time picked at random (so a pupil who
 * shares many of p's lessons is likely) who is in the model and not yet
 * out, or -1. */
static int lesson_mate(const tap_school *s, const bool *in_model, const bool *out, int p, tap_random *random)
{
    int n_times = s->n_days * s->n_slots, n = 0, lesson = -1;
    const int *lessons = s->pupil_lesson + (size_t)p * (size_t)n_times; /* [d][s] */
    for (int t = 0; t < n_times; t++)
        n += lessons[t] >= 0;
    for (int t = 0, k = tap_random_below(random, n); n > 0 && t < n_times && lesson < 0; t++)
        if (lessons[t] >= 0 && k-- == 0)
            lesson = lessons[t];
    if (lesson < 0)
        return -1;
    int day = s->lessons[lesson].day, slot = s->lessons[lesson].slot, pick = -1;
    n = 0;
    for (int q = 0; q < s->n_pupils; q++)
        n += drawable(in_model, out, q) && tap_pupil_lesson_at(s, q, day, slot) == lesson;
    for (int q = 0, k = tap_random_below(random, n); n > 0 && q < s->n_pupils && pick < 0; q++)
        if (drawable(in_model, out, q) && tap_pupil_lesson_at(s, q, day, slot) == lesson && k-- == 0)
            pick = q;
    return pick;
}

/* Someone the adult of one of pupil p's assignments (picked at random)
 * also supports, in the model and not yet out, or -1. */
static int adult_mate(const tap_plan *plan, const bool *in_model, const bool *out, int p, tap_random *random)
{
    int n = 0, adult = -1, pick = -1;
    for (int i = 0; i < plan->n_assignments; i++)
        n += tap_assignment_serves(&plan->assignments[i], p);
    for (int i = 0, k = tap_random_below(random, n); n > 0 && i < plan->n_assignments && adult < 0; i++)
        if (tap_assignment_serves(&plan->assignments[i], p) && k-- == 0)
            adult = plan->assignments[i].staff;
    n = 0;
    for (int i = 0; adult >= 0 && i < plan->n_assignments; i++)
        for (int j = 0; plan->assignments[i].staff == adult && j < plan->assignments[i].n_pupils; j++)
            n += drawable(in_model, out, plan->assignments[i].pupils[j]);
    for (int i = 0, k = tap_random_below(random, n); n > 0 && i < plan->n_assignments && pick < 0; i++)
        for (int j = 0; plan->assignments[i].staff == adult && j < plan->assignments[i].n_pupils; j++) {
            int q = plan->assignments[i].pupils[j];
            if (drawable(in_model, out, q) && k-- == 0)
                pick = q;
        }
    return pick;
}

/* The pupils of one draw into out: the first at random; for a related
 * draw each next one, with one chance in two, a lesson mate or an adult
 * mate of a pupil already drawn (at random when there is none). Taken
 * out together, such pupils can be grown again as pairs and groups that
 * share an adult, which the greedy opens where others can join
 * (docs/model.md). */
static void draw_pupils(const tap_school *s, const tap_plan *plan, const int *planned, int n_planned,
                        const bool *in_model, bool related, tap_random *random, bool *out)
{
    int drawn[RUIN_PUPILS];
    for (int i = 0; i < RUIN_PUPILS; i++) {
        drawn[i] = -1;
        if (i > 0 && related) {
            int p = drawn[tap_random_below(random, i)];
            drawn[i] = tap_random_below(random, 2) == 0 ? lesson_mate(s, in_model, out, p, random)
                                                        : adult_mate(plan, in_model, out, p, random);
        }
        if (drawn[i] < 0)
            drawn[i] = planned[tap_random_below(random, n_planned)];
        out[drawn[i]] = true;
    }
}

/* One draw of ruin and recreate: the plan without the pupils marked out,
 * grown again by the greedy, with its swaps: a draw regrows the pupils
 * taken out with the team the greedy chooses, while a pupil held short
 * at the adults-per-pupil limit is mended only by trading one of their
 * adults (docs/model.md, "Swaps in the draws"). The greedy touches
 * nothing shared, so two draws run at once on two threads. */
typedef struct {
    const tap_model *model;
    const tap_plan *plan;
    tap_plan_kind only; /* the pupils the model plans for */
    bool *out;          /* [n_pupils]: the pupils taken out */
    double below;       /* only a plan whose objective is below this counts */
    plan_check check;   /* the shared checker, this job's scratch */
    best_plan best;     /* the regrown plan, NULL when none counts */
    tap_status status;
} draw_job;

static void *run_draw(void *arg)
{
    draw_job *job = arg;
    tap_plan *seed = tap_plan_create();
    job->status = seed ? without_pupils(job->plan, job->out, seed) : TAP_ENOMEM;
    if (job->status == TAP_OK)
        job->status =
            try_start_below(job->model, job->model->school, seed, job->only, true, job->below, job->check, &job->best);
    tap_plan_destroy(&seed);
    return NULL;
}

/* See solve.h. Draws go two at a time from the same plan, as the
 * search's parts do, and the better is judged first: the same result on
 * one core or two. */
tap_status tap_solve_recreate(const tap_model *model, double *x, double *objective, unsigned round, int max_draws,
                              double deadline, bool *gained)
{
    const tap_school *s = model->school;
    tap_plan_kind only = model->statutory_only ? TAP_PLAN_EHCP : TAP_PLAN_NONE;
    *gained = false;
    int *planned = malloc(((size_t)s->n_pupils + 1) * sizeof *planned);
    draw_job jobs[2] = {{.model = model, .only = only}, {.model = model, .only = only}};
    for (int k = 0; k < 2; k++)
        jobs[k].out = calloc((size_t)s->n_pupils + 1, sizeof *jobs[k].out);
    tap_plan *plan = tap_plan_create();
    tap_status status =
        planned && jobs[0].out && jobs[1].out && plan ? tap_solution_to_plan(model, x, plan) : TAP_ENOMEM;
    /* each regrown plan is checked, so the check by columns pays for its
     * build (0.03-0.05 s on the 2,000-pupil secondary) within a
     * few draws */
    tap_mip_checker checker = {0};
    tap_mip_scratch scratch[2] = {{0}, {0}};
    tap_plan_floor floor[2];
    memset(floor, 0, sizeof floor);
    if (status == TAP_OK)
        status = tap_mip_checker_build(&model->mip, &checker);
    size_t n_cols = (size_t)model->mip.n_cols;
    for (int k = 0; k < 2 && status == TAP_OK; k++) {
        status = tap_mip_scratch_init(&model->mip, &scratch[k]);
        if (status == TAP_OK)
            status = tap_plan_floor_init(model, &floor[k]);
        jobs[k].check = (plan_check){&checker, &scratch[k], calloc(n_cols + 1, sizeof(double)),
                                     malloc((n_cols + 1) * sizeof(int)), &floor[k]};
        if (!jobs[k].check.x || !jobs[k].check.listed)
            status = TAP_ENOMEM;
    }
    int n_planned = 0;
    bool *in_model = calloc((size_t)s->n_pupils + 1, sizeof *in_model);
    if (!in_model)
        status = TAP_ENOMEM;
    for (int p = 0; status == TAP_OK && p < s->n_pupils; p++)
        if (s->pupils[p].plan != TAP_PLAN_NONE && (only == TAP_PLAN_NONE || s->pupils[p].plan == only))
            planned[n_planned++] = p, in_model[p] = true;
    tap_random random = tap_random_seeded(UINT64_C(0x72756e696e) + round);
    /* In the statutory phase a plan as good is kept too, as the parts keep
     * theirs: its whole objective is hours, so most regrown plans tie, and
     * keeping them walks the draws across the plateau instead of regrowing
     * the same plan. A whole model's ties (continuity and the tie-breaker
     * equal too) are rare, and keeping them did worse on both example
     * schools (docs/model.md, "Draws keep ties"). */
    double keep_within = model->statutory_only ? TIE : -GAIN;
    bool moved = false;
    int n_draws = max_draws < RUINS ? max_draws : RUINS;
    for (int r = 0; status == TAP_OK && n_planned > 0 && r < n_draws && tap_solve_clock() < deadline; r += 2) {
        for (int k = 0; k < 2; k++) {
            memset(jobs[k].out, 0, (size_t)s->n_pupils * sizeof *jobs[k].out);
            /* the first of each pair related, the second at random: either
             * kind alone did worse (docs/model.md) */
            draw_pupils(s, plan, planned, n_planned, in_model, k == 0, &random, jobs[k].out);
            jobs[k].plan = plan;
            jobs[k].below = *objective + keep_within;
            jobs[k].best = (best_plan){NULL, HUGE_VAL, NULL};
        }
        tap_pair_run(run_draw, &jobs[0], &jobs[1]);
        status = jobs[0].status != TAP_OK ? jobs[0].status : jobs[1].status;
        double value[2] = {jobs[0].best.objective, jobs[1].best.objective}; /* HUGE_VAL: none counts */
        int better = value[1] < value[0] - TIE ? 1 : 0;
        if (status == TAP_OK && value[better] < *objective + keep_within) {
            *gained |= value[better] < *objective - GAIN;
            *objective = value[better];
            tap_plan_destroy(&plan);
            plan = jobs[better].best.plan; /* as the greedy grew it: the plan its columns give */
            jobs[better].best.plan = NULL;
            moved = true;
        }
        tap_plan_destroy(&jobs[0].best.plan), tap_plan_destroy(&jobs[1].best.plan);
    }
    /* the columns of the plan the draws ended on, as they were judged */
    if (status == TAP_OK && moved && !tap_solution_from_plan(model, plan, x, NULL))
        status = TAP_ENOMEM;
    tap_plan_destroy(&plan);
    tap_mip_scratch_release(&scratch[0]), tap_mip_scratch_release(&scratch[1]);
    tap_plan_floor_release(&floor[0]), tap_plan_floor_release(&floor[1]);
    free(jobs[0].check.x), free(jobs[0].check.listed), free(jobs[1].check.x), free(jobs[1].check.listed);
    tap_mip_checker_release(&checker);
    free(planned), free(in_model), free(jobs[0].out), free(jobs[1].out);
    return status;
}

/* The draws' share of the next cycle: their share of the gains a second
 * of the last round's parts and draws, within [DRAW_SHARE_MIN, 1 -
 * DRAW_SHARE_MIN]; as it was when neither gained. On the 2,000-pupil
 * secondary at 1.1 the draws' first burst gains 8.9 h a second against
 * the parts' 3.4. On a primary 2,000 draws take 0.2 s: a large share
 * there only makes the rounds of parts shorter and the bursts sooner. */
static double next_draw_share(double share, double parts_gain, double parts_s, double draws_gain, double draws_s)
{
    double parts_rate = fmax(0.0, parts_gain) / fmax(parts_s, 1e-3);
    double draws_rate = fmax(0.0, draws_gain) / fmax(draws_s, 1e-3);
    if (parts_rate + draws_rate <= 0.0)
        return share;
    return fmin(1.0 - DRAW_SHARE_MIN, fmax(DRAW_SHARE_MIN, draws_rate / (parts_rate + draws_rate)));
}

/* Branch-and-bound from out->x (NULL: none yet), the plan kept only when
 * better; out's bound, proof and infeasibility follow what GLPK found. */
static tap_status settle(const tap_model *model, const bool *movable, double limit_s, double started,
                         const tap_solve_settings *settings, tap_model_result *out, tap_diags *diags)
{
    double *start = out->x;
    tap_mip_result result = {0};
    tap_status status = branch_and_bound(model, movable, start, limit_s, settings->work_parts - out->work_used,
                                         settings, started, out->bound, &result, diags);
    out->work_used += result.n_nodes;
    /* what GLPK's solution is worth as a plan: its own figure may sit
     * below that by GLPK's tolerance */
    double found = result.objective;
    if (status == TAP_OK && result.x) {
        bool feasible = false;
        status = tap_solution_make_exact(model, result.x, &feasible);
        if (feasible)
            found = tap_mip_objective(&model->mip, result.x);
        if (status == TAP_OK && feasible && (!start || found < out->objective - 1e-9)) {
            if (!start)
                out->first_plan_s = tap_solve_clock() - started;
            free(out->x);
            out->x = result.x;
            result.x = NULL;
            out->objective = found;
        }
    }
    out->infeasible = status == TAP_OK && result.status == TAP_STATUS_INFEASIBLE;
    if (status == TAP_OK && out->x) {
        /* GLPK's proof is of its own solution: it holds for the plan kept
         * only when that is as good. One GLPK proved better but that
         * could not be kept leaves its value as a bound (a 9-pupil school
         * said optimal at 6,182.503 when GLPK had proven 6,181.502, its
         * solution missing a row by 5e-6 h before it was made exact). */
        bool proven = result.status == TAP_STATUS_OPTIMAL;
        out->proven = proven && out->objective <= found + 1e-9;
        out->bound = fmax(out->bound, proven ? fmin(result.objective, out->objective) : result.bound);
        if (out->bound > out->objective)
            out->bound = out->objective;
    }
    tap_mip_result_release(&result);
    return status;
}

/* The phase's limit, with the spare time of the settings while the whole
 * model's plan x leaves nobody short (nothing for `solve` to explain). */
static double limit_with_spare(const tap_model *model, const bool *movable, const double *x, double limit_s,
                               const tap_solve_settings *settings)
{
    bool spare = settings->spare_s > 0 && !movable && !model->statutory_only && x &&
                 tap_model_leaves_nobody_short(model, x);
    return spare ? limit_s + settings->spare_s : limit_s;
}

tap_status tap_solve_model(const tap_model *model, double *start, const bool *movable, double floor_objective,
                           double limit_s, const tap_solve_settings *settings, double started, tap_model_result *out,
                           tap_diags *diags)
{
    memset(out, 0, sizeof *out);
    out->bound = fmax(0.0, floor_objective);
    out->x = start;
    out->first_plan_s = tap_solve_clock() - started;
    double phase_started = tap_solve_clock();
    tap_status status = TAP_OK;
    int n_free = 0; /* binaries that may move */
    for (int j = 0; j < model->mip.n_cols; j++)
        n_free += model->mip.cols[j].kind == TAP_COL_BINARY && (!movable || movable[j]);
    bool whole = !start || n_free <= WHOLE_MODEL_MAX_BINARIES;
    if (start)
        out->objective = tap_mip_objective(&model->mip, start);
    /* The statutory model's LP bound is weak where a pupil needs whole
     * adults (the 280-pupil primary at 0.8: 5.75 h, its minimum 8 h); cuts
     * raise it, and a plan that reaches it is proven before any search,
     * or the search stops when it gets there. */
    if (start && !movable && whole && model->statutory_only && out->objective > out->bound + 1e-9 &&
        CUT_BOUND_SHARE * limit_s >= n_free / CUT_BOUND_BINARIES_PER_S) {
        double bound = 0.0;
        status = tap_glpk_cut_bound(&model->mip, out->objective, CUT_BOUND_SHARE * limit_s, &bound);
        if (status == TAP_OK)
            raise_bound(out, bound);
        if (status == TAP_ESOLVER)
            status = TAP_OK; /* no bound, and nothing lost */
        if (status != TAP_OK)
            return status;
        if (out->objective <= out->bound + 1e-9) {
            out->proven = true;
            return TAP_OK;
        }
    }
    /* A small scope (a replan's cover) is often settled at the root in
     * hundredths of a second, where the search would first try every
     * corner of it (replan-secondary-1000: 2,567 binaries, 174 fruitless
     * parts in a second, then proven at one node). */
    if (start && movable && n_free <= SCOPE_FIRST_MAX_BINARIES) {
        status = settle(model, movable, 0.25 * limit_s, started, settings, out, diags);
        if (status != TAP_OK || out->proven || (settings->stop && *settings->stop))
            return status;
        start = out->x;
    }
    if (start) {
        tap_improve_settings improve = tap_improve_defaults();
        double share = whole ? 0.85 : 0.98; /* and a moment to polish */
        double search_s = share * limit_s;
        improve.lower_bound = out->bound;
        improve.progress = settings->progress;
        improve.progress_context = settings->progress_context;
        improve.progress_since = started;
        improve.progress_objective = progress_objective(model, settings);
        improve.stop = settings->stop;
        improve.movable = movable;
        improve.pupil_group = settings->pupil_group;
        improve.group_floor = settings->group_floor;
        double search_spare = !movable && !model->statutory_only ? share * settings->spare_s : 0.0;
        /* A search ends when its parts stop gaining; one with other parts
         * may still gain (the 280-pupil primary at 1.1: 27 h, then 26 h,
         * then 25 h), so searches follow while one gains and time allows,
         * in rounds with ruin and recreate between (a replan's rounds are
         * whole searches: its held part may not move). */
        double cycle_s = ROUND_SHARE * search_s + RUIN_SHARE * limit_s, draw_share = 0.5;
        for (unsigned round = 0; status == TAP_OK; round++) {
            improve.time_limit_s = search_s - (tap_solve_clock() - phase_started);
            improve.round = round;
            if (!movable) /* rounds with ruin and recreate between them */
                improve.max_parts = RUIN_EVERY;
            if (settings->work_parts > 0 && settings->work_parts - out->work_used < improve.max_parts)
                improve.max_parts = settings->work_parts - out->work_used;
            double spare = share * (limit_with_spare(model, movable, start, limit_s, settings) - limit_s);
            if (improve.time_limit_s + spare < 0.05 || improve.max_parts <= 0 || (settings->stop && *settings->stop))
                break;
            /* rounds end by the clock too, unless work bounds the solve;
             * the spare time is for the round that reaches the end */
            double round_s = (1.0 - draw_share) * cycle_s;
            bool capped = !movable && settings->work_parts <= 0 && round_s < improve.time_limit_s;
            if (capped)
                improve.time_limit_s = round_s;
            improve.spare_s = capped ? 0.0 : search_spare;
            double before = out->objective, round_started = tap_solve_clock();
            tap_improve_stats stats;
            status = tap_improve(model, start, &improve, &stats, diags);
            out->objective = stats.objective;
            out->work_used += stats.n_parts;
            if (!movable) /* the next round goes on from the part size this one reached */
                improve.first_target = stats.last_target;
            bool gained = out->objective <= before - GAIN, recreated = false;
            /* a solve bounded by work ends its bursts on their draws, so
             * that it gives the same plan every run; the clock is then
             * only the safety net */
            double deadline = phase_started + search_s + spare;
            int draws = RUINS;
            if (settings->work_parts <= 0)
                deadline = fmin(deadline, tap_solve_clock() + draw_share * cycle_s);
            else /* tap_solve_recreate makes RUINS at most */
                draws = DRAWS_PER_PART * (stats.n_parts > 0 ? stats.n_parts : 1);
            double after_parts = out->objective, burst_started = tap_solve_clock();
            if (status == TAP_OK && !movable && out->objective > out->bound + 1e-9)
                status = tap_solve_recreate(model, start, &out->objective, round, draws, deadline, &recreated);
            draw_share = next_draw_share(draw_share, before - after_parts, burst_started - round_started,
                                         after_parts - out->objective, tap_solve_clock() - burst_started);
            /* a round the clock ended had not stopped gaining: it says
             * nothing of the next */
            bool cut = capped && stats.out_of_time;
            if (out->objective <= out->bound + 1e-9 || !(gained || recreated || cut))
                break;
        }
        /* a replan's plan may move only where it may; and once the time is
         * up the plan stands as it is */
        if (status == TAP_OK && !movable &&
            tap_solve_clock() - phase_started < limit_with_spare(model, movable, start, limit_s, settings))
            status = polish(model, start, &out->objective);
        if (status == TAP_OK && out->objective <= out->bound + 1e-9) {
            out->proven = true;
            return TAP_OK;
        }
    }
    if (status != TAP_OK || (settings->stop && *settings->stop) || !whole)
        return status;

    /* With a plan in hand the time limit holds (a replan asked for in 2 s
     * took 2.9 s when this took a second regardless); without one, GLPK
     * gets a second at least to find any. */
    double left = limit_with_spare(model, movable, start, limit_s, settings) - (tap_solve_clock() - phase_started);
    if (start && left < 0.05)
        return status;
    return settle(model, movable, start || left > 1.0 ? left : 1.0, started, settings, out, diags);
}

/* The objective plan's assignments imply in model, not GLPK's: a solution
 * may hold a shortfall column below its exact value within the
 * feasibility tolerance, and 1e-6 h of statutory shortfall reads as 0.001
 * less (a tiny school: 14,504.049 reported for a plan worth 14,504.05). */
static tap_status plan_objective(const tap_model *model, const tap_plan *plan, double *objective)
{
    double *x = calloc((size_t)model->mip.n_cols + 1, sizeof *x);
    bool ok = x && tap_solution_from_plan(model, plan, x, NULL);
    if (ok)
        *objective = tap_mip_objective(&model->mip, x);
    free(x);
    return ok ? TAP_OK : TAP_ENOMEM;
}

tap_status tap_solve_set_status(const tap_model *model, tap_plan *plan, const tap_model_result *result)
{
    plan->status = result->infeasible ? TAP_STATUS_INFEASIBLE
                   : !result->x       ? TAP_STATUS_NO_PLAN
                   : result->proven   ? TAP_STATUS_OPTIMAL
                                      : TAP_STATUS_FEASIBLE;
    double objective = result->objective;
    tap_status status = result->x ? plan_objective(model, plan, &objective) : TAP_OK;
    if (status != TAP_OK)
        return status;
    plan->objective = objective;
    plan->bound = fmin(result->bound, objective);
    plan->gap = result->proven || objective <= 1e-9 ? 0.0 : fmax(0.0, (objective - plan->bound) / objective);
    return TAP_OK;
}

/* No statutory hour short is the least there can be. The full phase can
 * reach it where the statutory phase's plan did not (a generated
 * 140-pupil primary at 1.1, --work 50: 0.5 h after phase one, 0 h after
 * the full model's search), and the summary said "not proven minimal;
 * at least 0 h is unavoidable". */
static tap_status prove_none_short(const tap_school *school, tap_plan *plan)
{
    tap_figures *figures = NULL;
    tap_status status = tap_figures_compute(school, plan, &figures);
    if (status == TAP_OK && figures->summary.statutory_shortfall_hours <= 1e-9)
        plan->statutory_proven = true;
    tap_figures_destroy(&figures);
    return status;
}

static bool has_plan(tap_plan_kind kind, const tap_school *school)
{
    for (int p = 0; p < school->n_pupils; p++)
        if (school->pupils[p].plan == kind)
            return true;
    return false;
}

/* Phase one: the least statutory shortfall, in hours. Fills the bounds it
 * proves (floor) and achieves (cap), and the plan that achieves it. */
static tap_status statutory_phase(const tap_school *school, const tap_solve_settings *settings, double limit_s,
                                  double started, tap_model_options *bounds, tap_plan **plan, bool *proven,
                                  double *first_plan_s, int *work_used, tap_diags *diags)
{
    double phase_started = tap_solve_clock();
    tap_model_options options = tap_model_defaults();
    options.statutory_only = true;
    tap_model *model = NULL;
    tap_status status = tap_model_build_with(school, &options, &model, diags);
    double *start = NULL;
    if (status == TAP_OK && settings->greedy_start)
        status = tap_solve_try_start(model, school, NULL, TAP_PLAN_EHCP, &start);
    bool had_start = start != NULL;
    double start_s = tap_solve_clock() - started; /* the first plan's time, when there is one */
    /* the pupils who need a skill first: a bound, and a seed that keeps
     * their few adults for them */
    double floor = 0.0;
    int skill_work = 0;
    tap_skill_first first = {0};
    if (status == TAP_OK && start && tap_mip_objective(&model->mip, start) > 1e-9) {
        status = tap_skill_first_solve(school, settings, SKILL_FIRST_SHARE * limit_s, started, &first, diags);
        if (status == TAP_OK && first.plan)
            status = tap_solve_try_start(model, school, first.plan, TAP_PLAN_EHCP, &start);
        /* not believed above a known plan, as cuts' bounds are not */
        if (status == TAP_OK && first.plan && first.bound <= tap_mip_objective(&model->mip, start) + 1e-6)
            floor = first.bound;
        skill_work = first.work_used;
    }
    tap_solve_settings rest = tap_solve_settings_after(settings, skill_work);
    /* the groups' pupils held at their least are no part's focus */
    rest.pupil_group = first.group;
    rest.group_floor = first.group_floor;
    tap_model_result result = {0};
    /* the phase's share of the limit holds its build and start too: on the
     * 2,000-pupil secondary those take 0.4 s, and the full model's 1.2 s */
    double left = limit_s - (tap_solve_clock() - phase_started);
    if (status == TAP_OK)
        status = tap_solve_model(model, start, NULL, floor, fmax(left, 0.0), &rest, started, &result, diags);
    else
        free(start);
    if (status == TAP_OK && result.x) {
        *proven = result.proven;
        *first_plan_s = had_start ? fmin(start_s, result.first_plan_s) : result.first_plan_s;
        *work_used = skill_work + result.work_used;
        *plan = tap_plan_create();
        status = *plan ? tap_solution_to_plan(model, result.x, *plan) : TAP_ENOMEM;
        /* the cap is the plan's own shortfall, so that the plan itself
         * keeps it in the full model */
        double achieved = result.objective;
        if (status == TAP_OK)
            status = plan_objective(model, *plan, &achieved);
        bounds->statutory_floor = fmin(result.bound, achieved) - HOURS_WIDENED;
        bounds->statutory_cap = achieved + HOURS_WIDENED;
    }
    free(result.x);
    tap_skill_first_release(&first);
    tap_model_destroy(&model);
    return status;
}

tap_status tap_solve(const tap_school *school, const tap_solve_settings *settings, tap_plan **out,
                     tap_solve_stats *stats, tap_diags *diags)
{
    *out = NULL;
    double started = tap_solve_clock();
    double limit_s = settings->time_limit_s > 0 ? settings->time_limit_s : school->policy.time_limit_s;
    tap_model_options bounds = tap_model_defaults();
    tap_plan *statutory_plan = NULL;
    bool statutory_proven = !has_plan(TAP_PLAN_EHCP, school);
    double first_plan_s = HUGE_VAL;
    int statutory_work = 0;
    tap_status status = TAP_OK;
    /* Statutory support comes first in time too: the phase ends at once
     * when its plan has no shortfall, else it may take most of the limit. */
    tap_solve_settings statutory = *settings;
    if (settings->work_parts > 0)
        statutory.work_parts = (int)fmax(1.0, STATUTORY_SHARE * settings->work_parts);
    if (!statutory_proven)
        status = statutory_phase(school, &statutory, STATUTORY_SHARE * limit_s, started, &bounds, &statutory_plan,
                                 &statutory_proven, &first_plan_s, &statutory_work, diags);

    tap_model *model = NULL;
    if (status == TAP_OK)
        status = tap_model_build_with(school, &bounds, &model, diags);
    double *start = NULL;
    if (status == TAP_OK && settings->greedy_start) {
        status = tap_solve_try_start(model, school, NULL, TAP_PLAN_NONE, &start);
        if (status == TAP_OK && statutory_plan)
            status = tap_solve_try_start(model, school, statutory_plan, TAP_PLAN_SEN_SUPPORT, &start);
    }
    if (status == TAP_OK && stats) {
        stats->n_rows = model->mip.n_rows;
        stats->n_cols = model->mip.n_cols;
        stats->n_binaries = tap_mip_n_binaries(&model->mip);
        stats->start_objective = start ? tap_mip_objective(&model->mip, start) : -1.0;
    }
    tap_model_result result = {0};
    double floor_objective = isfinite(bounds.statutory_floor) ? bounds.statutory_floor * model->statutory_weight : 0.0;
    double left = limit_s - (tap_solve_clock() - started);
    tap_solve_settings full = tap_solve_settings_after(settings, statutory_work);
    if (status == TAP_OK)
        status = tap_solve_model(model, start, NULL, floor_objective, fmax(left, 0.0), &full, started, &result,
                                 diags);
    tap_plan *plan = status == TAP_OK ? tap_plan_create() : NULL;
    if (status == TAP_OK && !plan)
        status = TAP_ENOMEM;
    if (status == TAP_OK && result.x)
        status = tap_solution_to_plan(model, result.x, plan);
    if (status == TAP_OK)
        status = tap_solve_set_status(model, plan, &result);
    if (status == TAP_OK) {
        plan->solve_seconds = tap_solve_clock() - started;
        plan->statutory_proven = statutory_proven || result.proven;
        if (!plan->statutory_proven)
            status = prove_none_short(school, plan);
        if (status == TAP_OK && isfinite(bounds.statutory_floor))
            plan->statutory_bound_hours = fmax(0.0, bounds.statutory_floor + HOURS_WIDENED);
        if (stats) {
            stats->first_plan_seconds = fmin(first_plan_s, result.first_plan_s);
            stats->statutory_work = statutory_work;
            stats->work = statutory_work + result.work_used;
        }
        if (status == TAP_OK)
            status = tap_explain_shortfalls(school, plan);
    }
    free(result.x);
    tap_plan_destroy(&statutory_plan);
    tap_model_destroy(&model);
    if (status != TAP_OK) {
        tap_plan_destroy(&plan);
        return status;
    }
    *out = plan;
    return TAP_OK;
}
