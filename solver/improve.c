/* improve.c - see improve.h. Parts rotate through four shapes: one day
 * with as many adults as fit, a few adults for the whole week (where
 * continuity improves: pupils move between adults), the adults of the
 * pupil the current plan serves worst, and the support of a few pupils
 * with every adult's own activities held (a pupil moves into whatever
 * room the adults have). Part sizes adapt to what GLPK
 * proves within a node budget, so the search is deterministic. */
#include "improve.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/pair.h"
#include "../base/random.h"
#include "solution.h"

enum {
    NODE_BUDGET = 50,      /* branch-and-bound nodes per part */
    FIRST_TARGET = 500,    /* free binaries in the first part */
    LEAST_TARGET = 150,
    MOST_TARGET = 6000,
    DEFAULT_MAX_PARTS = 2000
};

#define QUICK_BRANCHING_FROM 1000 /* free binaries from which a part branches the cheap way */
#define NOISE 1e-6 /* largest random cost added to a free binary: far below every weight */

typedef struct {
    const tap_model *model;
    const tap_school *s;
    const tap_improve_settings *settings;
    int n_cols;
    double *x;
    double objective;
    bool *free;          /* [n_cols] */
    bool *staff_in;      /* [n_staff] */
    bool *day_in;        /* [n_days] */
    bool *touched;       /* [n_pupils] pupils with a free support column */
    bool *pupil_in;      /* [n_pupils] the part frees these pupils' support */
    bool by_pupils;      /* the part is chosen by pupils, not adults and days */
    bool quick_branching; /* this part branches on the most fractional variable */
    bool *taken_staff;   /* [n_staff] adults the other part of the pair frees */
    bool *taken_pupil;   /* [n_pupils] pupils the other part of the pair frees */
    int *pupil_binaries; /* [n_pupils] movable binaries of a pupil's support */
    int *binaries_at;    /* [staff][day] movable binaries */
    int *order;          /* [n_staff] scratch */
    int *links_of;       /* [pupil] first LINK column in link_next order, -1 */
    int *link_next;      /* [n_cols] */
    int *recent;         /* [n_pupils] part number a pupil was last the focus */
    double *penalty;     /* [n_pupils] scratch */
    double *group_hours; /* [n_pupils] scratch: statutory hours short by group */
    tap_random random;
    int target;
    double started, last_report;
} search;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Staff indices in a random order, in S->order. */
static void shuffle_staff(search *S)
{
    int n = S->s->n_staff;
    for (int a = 0; a < n; a++)
        S->order[a] = a;
    for (int i = n - 1; i > 0; i--) {
        int j = tap_random_below(&S->random, i + 1);
        int keep = S->order[i];
        S->order[i] = S->order[j];
        S->order[j] = keep;
    }
}

static bool movable(const search *S, int col)
{
    return !S->settings->movable || S->settings->movable[col];
}

/* Marks the columns of the chosen adults and days free, with the links and
 * hires of those adults and the shortfall columns of every pupil touched.
 * Returns the number of free binaries. */
static int mark_part(search *S)
{
    const tap_model *m = S->model;
    memset(S->touched, 0, (size_t)S->s->n_pupils * sizeof *S->touched);
    for (int j = 0; j < S->n_cols; j++) {
        const tap_var *v = &m->vars[j];
        bool in = false;
        if (S->by_pupils)
            in = v->staff >= 0 && v->pupil >= 0 && S->pupil_in[v->pupil]; /* support and links */
        else if (v->staff >= 0 && v->day >= 0)
            in = S->staff_in[v->staff] && S->day_in[v->day];
        else if (v->staff >= 0)
            in = S->staff_in[v->staff]; /* links and hires */
        S->free[j] = in && movable(S, j);
        if (S->free[j] && tap_var_is_support(v->kind))
            S->touched[v->pupil] = true;
    }
    int n_binaries = 0;
    for (int j = 0; j < S->n_cols; j++) {
        const tap_var *v = &m->vars[j];
        if (v->staff < 0 && v->pupil >= 0)
            S->free[j] = S->touched[v->pupil] && movable(S, j);
        n_binaries += S->free[j] && m->mip.cols[j].kind == TAP_COL_BINARY;
    }
    return n_binaries;
}

static int binaries_at(const search *S, int a, int d)
{
    return S->binaries_at[a * S->s->n_days + d];
}

static void clear_choice(search *S)
{
    S->by_pupils = false;
    memset(S->staff_in, 0, (size_t)S->s->n_staff * sizeof *S->staff_in);
    memset(S->day_in, 0, (size_t)S->s->n_days * sizeof *S->day_in);
}

/* Adds adults from S->order[from..] to the chosen days until the part
 * reaches the target size; returns the size reached. */
static int add_staff_to_target(search *S, int size, int from)
{
    const tap_school *s = S->s;
    for (int i = from; i < s->n_staff && size < S->target; i++) {
        int a = S->order[i];
        if (S->staff_in[a] || S->taken_staff[a])
            continue;
        int more = 0;
        for (int d = 0; d < s->n_days; d++)
            more += S->day_in[d] ? binaries_at(S, a, d) : 0;
        if (more == 0)
            continue;
        S->staff_in[a] = true;
        size += more;
    }
    return size;
}

/* One day, adults in a random order until the part is full. */
static void choose_day(search *S, int part)
{
    clear_choice(S);
    S->day_in[part % S->s->n_days] = true;
    shuffle_staff(S);
    add_staff_to_target(S, 0, 0);
}

/* Keeps the days of the chosen adults to what fits the target, choosing
 * the days in a random order; every chosen adult keeps at least one day. */
static void fit_days(search *S)
{
    const tap_school *s = S->s;
    int days[TAP_MAX_DAYS] = {0};
    for (int d = 0; d < s->n_days; d++)
        days[d] = d;
    for (int i = s->n_days - 1; i > 0; i--) {
        int j = tap_random_below(&S->random, i + 1), keep = days[i];
        days[i] = days[j];
        days[j] = keep;
    }
    int size = 0;
    memset(S->day_in, 0, (size_t)s->n_days * sizeof *S->day_in);
    for (int i = 0; i < s->n_days && (i == 0 || size < S->target); i++) {
        int d = days[i];
        S->day_in[d] = true;
        for (int a = 0; a < s->n_staff; a++)
            size += S->staff_in[a] ? binaries_at(S, a, d) : 0;
    }
}

/* A few adults for the whole week (fewer days when even they are many). */
static void choose_staff(search *S)
{
    const tap_school *s = S->s;
    clear_choice(S);
    for (int d = 0; d < s->n_days; d++)
        S->day_in[d] = true;
    shuffle_staff(S);
    int size = add_staff_to_target(S, 0, 0);
    if (size > 2 * S->target)
        fit_days(S);
}

/* What the solution costs each pupil: weighted shortfall, extra adults.
 * On a statutory model (whose costs are hours) a pupil of a group whose
 * shortfall stands at its proven least costs nothing here: no part can
 * give the group an hour, so a part chosen for them would be spent (the
 * 2,000-pupil secondary at 0.8: four pupils who need manual handling,
 * always the worst served, would take every part chosen by a pupil). */
static void pupil_penalties(search *S)
{
    const tap_model *m = S->model;
    const tap_improve_settings *set = S->settings;
    int n_pupils = S->s->n_pupils;
    memset(S->penalty, 0, (size_t)n_pupils * sizeof *S->penalty);
    for (int j = 0; j < S->n_cols; j++) {
        const tap_var *v = &m->vars[j];
        if (v->pupil >= 0 && v->staff < 0)
            S->penalty[v->pupil] += m->mip.cols[j].cost * S->x[j];
    }
    if (!set->pupil_group || !m->statutory_only)
        return;
    memset(S->group_hours, 0, (size_t)n_pupils * sizeof *S->group_hours);
    for (int p = 0; p < n_pupils; p++)
        if (set->pupil_group[p] >= 0)
            S->group_hours[set->pupil_group[p]] += S->penalty[p];
    for (int p = 0; p < n_pupils; p++) {
        int g = set->pupil_group[p];
        if (g >= 0 && S->group_hours[g] <= set->group_floor[g] + 1e-4) /* hours come in minutes */
            S->penalty[p] = 0.0;
    }
}

/* The pupil the solution serves worst (not the focus of a recent part),
 * with every adult who may support them, then more adults to fill. */
static bool choose_pupil(search *S, int part)
{
    const tap_school *s = S->s;
    int worst = -1;
    double worst_penalty = 1e-9;
    pupil_penalties(S);
    for (int p = 0; p < s->n_pupils; p++) {
        if (S->links_of[p] < 0 || part - S->recent[p] < 3 * s->n_days)
            continue;
        if (S->penalty[p] > worst_penalty) {
            worst = p;
            worst_penalty = S->penalty[p];
        }
    }
    if (worst < 0)
        return false;
    S->recent[worst] = part;
    clear_choice(S);
    for (int d = 0; d < s->n_days; d++)
        S->day_in[d] = true;
    /* the adults who support the pupil now, then others who may */
    int size = 0;
    for (int link = S->links_of[worst]; link >= 0; link = S->link_next[link]) {
        int a = S->model->vars[link].staff;
        if (S->x[link] < 0.5)
            continue;
        S->staff_in[a] = true;
        for (int d = 0; d < s->n_days; d++)
            size += binaries_at(S, a, d);
    }
    shuffle_staff(S);
    int n_eligible = 0;
    for (int i = 0; i < s->n_staff; i++) /* eligible adults first, in random order */
        for (int link = S->links_of[worst]; link >= 0; link = S->link_next[link])
            if (S->model->vars[link].staff == S->order[i]) {
                int keep = S->order[n_eligible];
                S->order[n_eligible++] = S->order[i];
                S->order[i] = keep;
                break;
            }
    size = add_staff_to_target(S, size, 0);
    if (size > 2 * S->target)
        fit_days(S);
    return true;
}

/* The worst-served pupil and others at random, their support alone. */
static void choose_pupils(search *S)
{
    const tap_school *s = S->s;
    clear_choice(S);
    S->by_pupils = true;
    memset(S->pupil_in, 0, (size_t)s->n_pupils * sizeof *S->pupil_in);
    pupil_penalties(S);
    int worst = -1, size = 0;
    for (int p = 0; p < s->n_pupils; p++)
        if (S->pupil_binaries[p] > 0 && (worst < 0 || S->penalty[p] > S->penalty[worst]))
            worst = p;
    if (worst < 0)
        return;
    S->pupil_in[worst] = true;
    size += S->pupil_binaries[worst];
    for (int tries = 0; size < S->target && tries < 4 * s->n_pupils; tries++) {
        int p = tap_random_below(&S->random, s->n_pupils);
        if (!S->pupil_in[p] && !S->taken_pupil[p] && S->pupil_binaries[p] > 0) {
            S->pupil_in[p] = true;
            size += S->pupil_binaries[p];
        }
    }
}

static void report(search *S, bool force)
{
    const tap_improve_settings *set = S->settings;
    double now = now_seconds();
    if (!set->progress || (!force && now - S->last_report < 1.0))
        return;
    S->last_report = now;
    double bound = isfinite(set->lower_bound) ? set->lower_bound : 0.0;
    double gap = S->objective > 1e-9 ? fmax(0.0, (S->objective - bound) / S->objective) : 0.0;
    double since = set->progress_since > 0 ? set->progress_since : S->started;
    tap_progress progress = {now - since, true, S->objective, bound, gap, set->progress_objective};
    set->progress(set->progress_context, &progress);
}

/* One part on its way through GLPK: built from the current solution,
 * solved (perhaps on another thread), then judged against the solution as
 * it is by then. */
typedef struct {
    tap_mip_part part;
    double *start;
    tap_solve_options options;
    tap_mip_result result;
    tap_status status;
    tap_diags diags; /* its own: two parts may be solved at once */
    bool built;
} part_job;

/* Builds the part of the columns marked in S->free. GLPK sees each free
 * binary's cost raised by a random millionth: among plans of equal worth
 * it then picks a different one each time, so the search drifts across
 * the plateaus a coarse objective has (an hour of statutory shortfall can
 * be placed in many ways) instead of stopping on the first. */
static tap_status build_job(search *S, part_job *job, double time_left)
{
    memset(job, 0, sizeof *job);
    if (tap_mip_restrict(&S->model->mip, S->free, S->x, &job->part) != TAP_OK)
        return TAP_ENOMEM;
    job->built = true;
    job->start = malloc(((size_t)job->part.mip.n_cols + 1) * sizeof *job->start);
    if (!job->start)
        return TAP_ENOMEM;
    for (int k = 0; k < job->part.mip.n_cols; k++) {
        job->start[k] = S->x[job->part.cols[k]];
        if (job->part.mip.cols[k].kind == TAP_COL_BINARY)
            job->part.mip.cols[k].cost += NOISE * (double)(tap_random_next(&S->random) >> 11) / 9007199254740992.0;
    }
    job->options.time_limit_s = time_left;
    job->options.start = job->start;
    job->options.stop = S->settings->stop;
    job->options.node_limit = NODE_BUDGET;
    /* Large parts branch the cheap way (many more nodes in the same time),
     * small ones the informed way, which settles them. */
    job->options.quick_branching = S->quick_branching;
    return TAP_OK;
}

static void *run_job(void *arg)
{
    part_job *job = arg;
    job->status = tap_glpk_solve(&job->part.mip, &job->options, &job->result, &job->diags);
    return NULL;
}

/* Whether x misses row bad_row (-1: a column's bound) by no more than a
 * solver's tolerance: the other part of a pair clashes by whole slots. */
static bool slightly_off(const tap_mip *mip, int bad_row, const double *x)
{
    if (bad_row < 0)
        return true;
    double activity = tap_mip_row_activity(mip, bad_row, x);
    return fmax(mip->rows[bad_row].lower - activity, activity - mip->rows[bad_row].upper) < 1e-3;
}

/* A part GLPK solved may miss a row by its tolerance (a shortfall a few
 * millionths of an hour off), which the check above refuses though the
 * assignments are sound: S->x, the part merged in, is made exactly the
 * plan it describes and kept when that is feasible and no worse. Anything
 * that moved outside the part must be movable. *keep false restores
 * S->x as it was. */
static tap_status keep_exact(search *S, bool *keep, double *objective)
{
    const tap_mip *mip = &S->model->mip;
    *keep = false;
    double *before = malloc(((size_t)S->n_cols + 1) * sizeof *before);
    if (!before)
        return TAP_ENOMEM;
    memcpy(before, S->x, (size_t)S->n_cols * sizeof *before);
    bool feasible = false;
    tap_status status = tap_solution_make_exact(S->model, S->x, &feasible);
    if (status == TAP_OK && feasible) {
        *keep = true;
        for (int j = 0; j < S->n_cols && *keep; j++)
            *keep = movable(S, j) || S->x[j] == before[j];
        double exact = tap_mip_objective(mip, S->x);
        *keep = *keep && exact <= S->objective + 1e-9;
        if (*keep)
            *objective = exact;
    }
    if (!*keep)
        memcpy(S->x, before, (size_t)S->n_cols * sizeof *before);
    free(before);
    return status;
}

/* Keeps the part's solution when the whole is then no worse, differs and
 * still keeps every row (the other part of a pair may have moved what
 * this one held). *improved says whether the objective fell. */
static tap_status accept_job(search *S, part_job *job, bool *improved, bool *proven)
{
    const tap_mip *mip = &S->model->mip;
    *improved = *proven = false;
    if (job->status != TAP_OK || !job->result.x)
        return job->status;
    *proven = job->result.status == TAP_STATUS_OPTIMAL;
    double *previous = malloc(((size_t)job->part.mip.n_cols + 1) * sizeof *previous);
    if (!previous)
        return TAP_ENOMEM;
    double *x = S->x;
    bool changed = false;
    for (int k = 0; k < job->part.mip.n_cols; k++) {
        int j = job->part.cols[k];
        previous[k] = x[j];
        x[j] = mip->cols[j].kind == TAP_COL_BINARY ? (job->result.x[k] > 0.5 ? 1.0 : 0.0) : job->result.x[k];
        changed |= fabs(x[j] - previous[k]) > 1e-9;
    }
    int bad_row = -1;
    double objective = changed ? tap_mip_objective(mip, x) : S->objective;
    bool no_worse = changed && objective <= S->objective + 1e-9;
    bool keep = no_worse && tap_mip_feasible(mip, x, 1e-6, &bad_row);
    tap_status status = TAP_OK;
    if (no_worse && !keep && slightly_off(mip, bad_row, x))
        status = keep_exact(S, &keep, &objective);
    if (keep) {
        *improved = objective < S->objective - 1e-7;
        S->objective = objective;
    } else { /* no better, or it clashes: keep what we had */
        for (int k = 0; k < job->part.mip.n_cols; k++)
            x[job->part.cols[k]] = previous[k];
    }
    free(previous);
    return status;
}

static void release_job(part_job *job, tap_diags *diags)
{
    for (int i = 0; i < job->diags.n_items; i++)
        tap_diags_add(diags, job->diags.items[i].pos, "%s", job->diags.items[i].message);
    tap_diags_clear(&job->diags);
    tap_mip_result_release(&job->result);
    free(job->start);
    if (job->built)
        tap_mip_part_release(&job->part);
    memset(job, 0, sizeof *job);
}

static tap_status prepare(search *S)
{
    const tap_school *s = S->s;
    const tap_model *m = S->model;
    S->free = calloc((size_t)S->n_cols + 1, sizeof *S->free);
    S->staff_in = calloc((size_t)s->n_staff + 1, sizeof *S->staff_in);
    S->day_in = calloc((size_t)s->n_days + 1, sizeof *S->day_in);
    S->touched = calloc((size_t)s->n_pupils + 1, sizeof *S->touched);
    S->binaries_at = calloc((size_t)s->n_staff * (size_t)s->n_days + 1, sizeof *S->binaries_at);
    S->order = calloc((size_t)s->n_staff + 1, sizeof *S->order);
    S->links_of = malloc(((size_t)s->n_pupils + 1) * sizeof *S->links_of);
    S->link_next = malloc(((size_t)S->n_cols + 1) * sizeof *S->link_next);
    S->recent = malloc(((size_t)s->n_pupils + 1) * sizeof *S->recent);
    S->penalty = calloc((size_t)s->n_pupils + 1, sizeof *S->penalty);
    S->group_hours = calloc((size_t)s->n_pupils + 1, sizeof *S->group_hours);
    S->pupil_in = calloc((size_t)s->n_pupils + 1, sizeof *S->pupil_in);
    S->pupil_binaries = calloc((size_t)s->n_pupils + 1, sizeof *S->pupil_binaries);
    S->taken_staff = calloc((size_t)s->n_staff + 1, sizeof *S->taken_staff);
    S->taken_pupil = calloc((size_t)s->n_pupils + 1, sizeof *S->taken_pupil);
    if (!S->pupil_in || !S->pupil_binaries || !S->taken_staff || !S->taken_pupil)
        return TAP_ENOMEM;
    if (!S->penalty || !S->group_hours || !S->free || !S->staff_in || !S->day_in || !S->touched || !S->binaries_at || !S->order || !S->links_of ||
        !S->link_next || !S->recent)
        return TAP_ENOMEM;
    for (int p = 0; p < s->n_pupils; p++) {
        S->links_of[p] = -1;
        S->recent[p] = -1000000;
    }
    for (int j = S->n_cols - 1; j >= 0; j--) {
        const tap_var *v = &m->vars[j];
        if (v->staff >= 0 && v->day >= 0 && m->mip.cols[j].kind == TAP_COL_BINARY && movable(S, j))
            S->binaries_at[v->staff * s->n_days + v->day]++;
        if (v->staff >= 0 && v->pupil >= 0 && m->mip.cols[j].kind == TAP_COL_BINARY && movable(S, j))
            S->pupil_binaries[v->pupil]++;
        if (v->kind == TAP_VAR_LINK) {
            S->link_next[j] = S->links_of[v->pupil];
            S->links_of[v->pupil] = j;
        }
    }
    return TAP_OK;
}

static void release(search *S)
{
    free(S->free), free(S->staff_in), free(S->day_in), free(S->touched), free(S->binaries_at);
    free(S->order), free(S->links_of), free(S->link_next), free(S->recent), free(S->penalty), free(S->group_hours);
    free(S->pupil_in), free(S->pupil_binaries), free(S->taken_staff), free(S->taken_pupil);
}

tap_improve_settings tap_improve_defaults(void)
{
    tap_improve_settings settings = {0};
    settings.time_limit_s = 60.0;
    settings.lower_bound = -HUGE_VAL;
    settings.max_parts = DEFAULT_MAX_PARTS;
    return settings;
}

tap_status tap_improve(const tap_model *model, double *x, const tap_improve_settings *settings,
                       tap_improve_stats *stats, tap_diags *diags)
{
    search S = {0};
    S.model = model, S.s = model->school, S.settings = settings, S.n_cols = model->mip.n_cols, S.x = x;
    S.objective = tap_mip_objective(&model->mip, x);
    S.random = tap_random_seeded(UINT64_C(0x7461706c616e) + settings->round); /* fixed: the same search every run */
    S.target = settings->first_target > 0 ? settings->first_target : FIRST_TARGET;
    S.started = S.last_report = now_seconds();
    tap_status status = S.n_cols > 0 ? prepare(&S) : TAP_OK;
    int total = 0;
    for (int k = 0; S.binaries_at && k < S.s->n_staff * S.s->n_days; k++)
        total += S.binaries_at[k];
    /* Enough fruitless parts in a row to have tried every corner six times. */
    int patience = settings->patience > 0 ? settings->patience : 24 + 6 * (4 * total / FIRST_TARGET + S.s->n_days);
    int n_parts = 0, n_improved = 0, fruitless = 0;
    bool out_of_time = false;
    /* Parts go two at a time, both built from the same solution and solved
     * at once on two threads, then judged in turn: twice the parts on a
     * machine with two cores, and the same result on any machine. */
    while (status == TAP_OK && S.n_cols > 0 && total > 0 && n_parts < settings->max_parts && fruitless < patience &&
           S.objective > settings->lower_bound + 1e-7 && !(settings->stop && *settings->stop)) {
        double limit = settings->time_limit_s;
        if (settings->spare_s > 0 && tap_model_leaves_nobody_short(model, S.x))
            limit += settings->spare_s;
        double time_left = limit - (now_seconds() - S.started);
        out_of_time = time_left < 0.05;
        if (out_of_time)
            break;
        part_job jobs[2];
        int n_jobs = 0;
        /* The pair has one shape and keeps apart: two days, or adults and
         * pupils the first part does not free, so that the second part's
         * plan rarely clashes with the first's. */
        memset(S.taken_staff, 0, (size_t)S.s->n_staff * sizeof *S.taken_staff);
        memset(S.taken_pupil, 0, (size_t)S.s->n_pupils * sizeof *S.taken_pupil);
        for (int k = 0; k < 2 && status == TAP_OK; k++) {
            int shape = n_parts / 2 % 4;
            if (shape == 0)
                choose_day(&S, n_parts);
            else if (shape == 3)
                choose_pupils(&S);
            else if (shape == 1 || !choose_pupil(&S, n_parts))
                choose_staff(&S);
            n_parts++;
            int n_free = mark_part(&S);
            if (n_free == 0) {
                fruitless++;
                continue;
            }
            S.quick_branching = n_free > QUICK_BRANCHING_FROM;
            status = build_job(&S, &jobs[n_jobs], time_left);
            n_jobs++;
            for (int a = 0; a < S.s->n_staff; a++)
                S.taken_staff[a] |= S.staff_in[a] && !S.by_pupils;
            for (int p = 0; p < S.s->n_pupils; p++)
                S.taken_pupil[p] |= S.by_pupils && S.pupil_in[p];
        }
        if (status == TAP_OK && n_jobs == 2)
            tap_pair_run(run_job, &jobs[0], &jobs[1]);
        else if (status == TAP_OK && n_jobs == 1)
            run_job(&jobs[0]);
        for (int k = 0; k < n_jobs; k++) {
            bool improved = false, proven = false;
            if (status == TAP_OK)
                status = accept_job(&S, &jobs[k], &improved, &proven);
            release_job(&jobs[k], diags);
            n_improved += improved;
            fruitless = improved ? 0 : fruitless + 1;
            /* Grow parts GLPK settles easily; shrink those where it neither
             * settles nor gains. */
            if (proven)
                S.target = S.target * 5 / 4 < MOST_TARGET ? S.target * 5 / 4 : MOST_TARGET;
            else if (!improved)
                S.target = S.target * 4 / 5 > LEAST_TARGET ? S.target * 4 / 5 : LEAST_TARGET;
        }
        report(&S, false);
    }
    report(&S, true);
    if (stats) {
        stats->n_parts = n_parts;
        stats->n_improved = n_improved;
        stats->seconds = now_seconds() - S.started;
        stats->objective = S.objective;
        stats->last_target = S.target;
        stats->out_of_time = out_of_time;
    }
    release(&S);
    return status;
}
