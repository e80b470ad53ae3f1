/* compare.c - runs of a comparison (an option, or an option at one weekly
 * budget), each built from the scenario, solved, verified and summarised by
 * a pool of POSIX threads; then ranks, best rows and the verdict. Each run
 * owns its school, so threads share nothing but the pool's counter. */
#include "compare.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/text.h"
#include "solve.h"
#include "verify.h"

#define EPSILON 1e-6 /* figures this close are the same: files store six decimals */
#define MAX_THREADS 64

tap_compare_settings tap_compare_defaults(void)
{
    tap_compare_settings settings = {0};
    settings.n_threads = 1;
    return settings;
}

bool tap_compare_has_plan(const tap_compare_run *run)
{
    return run->status == TAP_OK && run->plan && tap_plan_found(run->plan);
}

/* ---- one run ---- */

static double entitled_hours(const tap_school *s, const tap_pupil_figures *f)
{
    double sessions = 0;
    for (int n = 0; n < f->n_interventions; n++)
        sessions += f->interventions[n].entitled;
    return f->in_class_entitled + sessions * s->mean_lesson_hours + f->unstructured_needed;
}

static double delivered_hours(const tap_school *s, const tap_pupil_figures *f)
{
    double sessions = 0;
    for (int n = 0; n < f->n_interventions; n++)
        sessions += f->interventions[n].delivered;
    return f->in_class_delivered + sessions * s->mean_lesson_hours + f->unstructured_covered;
}

static void summarise(const tap_school *s, const tap_figures *f, tap_compare_figures *out)
{
    const tap_summary *sum = &f->summary;
    *out = (tap_compare_figures){0};
    out->weekly_cost = sum->weekly_cost;
    out->annual_cost = sum->annual_cost;
    out->statutory_shortfall_hours = sum->statutory_shortfall_hours;
    out->sen_support_shortfall_hours = sum->sen_support_shortfall_hours;
    out->funded_hours = sum->funded_hours;
    out->hours_reaching_pupils = sum->hours_reaching_pupils;
    out->unallocated_hours = sum->unallocated_hours;
    out->strength_withdrawals = sum->strength_withdrawals;
    out->worst_pupil = -1;
    for (int p = 0; p < s->n_pupils; p++) {
        const tap_pupil_figures *pf = &f->pupils[p];
        if (!pf->listed)
            continue;
        out->n_pupils_planned++;
        out->in_class_delivered_hours += pf->in_class_delivered;
        for (int n = 0; n < pf->n_interventions; n++)
            out->sessions_delivered += pf->interventions[n].delivered;
        bool short_of_some = pf->shortfall_hours > EPSILON;
        if (s->pupils[p].plan == TAP_PLAN_EHCP) {
            out->statutory_pupils_short += short_of_some;
            continue;
        }
        double entitled = entitled_hours(s, pf), delivered = delivered_hours(s, pf);
        out->sen_support_entitled_hours += entitled;
        out->sen_support_delivered_hours += delivered;
        out->sen_support_pupils_short += short_of_some;
        if (entitled <= EPSILON)
            continue;
        /* the least of their entitlement, then the most hours short */
        double fraction = delivered / entitled;
        if (out->worst_pupil < 0 || fraction < out->worst_delivered_fraction - EPSILON ||
            (fraction < out->worst_delivered_fraction + EPSILON &&
             pf->shortfall_hours > out->worst_shortfall_hours + EPSILON)) {
            out->worst_pupil = p;
            out->worst_delivered_fraction = fraction;
            out->worst_shortfall_hours = pf->shortfall_hours;
        }
    }
    for (int a = 0; a < s->n_staff; a++) {
        out->planning_hours += f->staff[a].planning_hours;
        out->n_hires += s->staff[a].optional && f->staff[a].employed;
    }
    out->cost_per_delivered_hour =
        out->hours_reaching_pupils > EPSILON ? out->weekly_cost / out->hours_reaching_pupils : NAN;
}

static double fixed_cost(const tap_school *s)
{
    double cost = 0;
    for (int a = 0; a < s->n_staff; a++)
        if (!s->staff[a].optional)
            cost += s->staff[a].hours * s->staff[a].cost_per_hour;
    return cost;
}

static void solve_run(const tap_scenario *scenario, const tap_compare_settings *settings, tap_compare_run *run)
{
    run->n_violations = -1;
    run->status = tap_scenario_school(scenario, run->option, &run->school, &run->diags);
    if (run->status != TAP_OK)
        return;
    run->fixed_cost = tap_stored(fixed_cost(run->school));
    if (isfinite(run->budget)) {
        if (run->budget < run->fixed_cost - EPSILON) {
            run->below_fixed_cost = true;
            return;
        }
        run->school->budget.has_weekly = true;
        run->school->budget.weekly = run->budget;
    }
    tap_solve_settings solve = tap_solve_defaults();
    solve.time_limit_s = settings->time_limit_s;
    solve.work_parts = settings->work_parts;
    solve.stop = settings->stop;
    run->status = tap_solve(run->school, &solve, &run->plan, NULL, &run->diags);
    if (run->status == TAP_OK)
        run->status = tap_figures_compute(run->school, run->plan, &run->figures);
    if (run->status != TAP_OK)
        return;
    const char *where = scenario->options[run->option].name;
    run->n_violations = tap_verify(run->school, run->plan, run->figures, where, &run->diags);
    if (run->n_violations < 0)
        run->status = TAP_ENOMEM;
    summarise(run->school, run->figures, &run->summary);
}

/* ---- the pool ---- */

typedef struct {
    const tap_scenario *scenario;
    const tap_compare_settings *settings;
    tap_comparison *comparison;
    pthread_mutex_t lock;
    int next;
    int n_done;
} pool;

static void *work(void *argument)
{
    pool *p = argument;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        int i = p->next < p->comparison->n_runs ? p->next++ : -1;
        pthread_mutex_unlock(&p->lock);
        if (i < 0)
            return NULL;
        tap_compare_run *run = &p->comparison->runs[i];
        solve_run(p->scenario, p->settings, run);
        pthread_mutex_lock(&p->lock);
        p->n_done++;
        if (p->settings->on_done)
            p->settings->on_done(p->settings->context, run, p->n_done, p->comparison->n_runs);
        pthread_mutex_unlock(&p->lock);
    }
}

static tap_status run_all(const tap_scenario *scenario, const tap_compare_settings *settings, tap_comparison *c)
{
    pool p = {scenario, settings, c, PTHREAD_MUTEX_INITIALIZER, 0, 0};
    int n_threads = settings->n_threads < 1 ? 1 : settings->n_threads;
    if (n_threads > c->n_runs)
        n_threads = c->n_runs;
    if (n_threads > MAX_THREADS)
        n_threads = MAX_THREADS;
    pthread_t threads[MAX_THREADS];
    int n_started = 0;
    /* the calling thread works too; a thread that cannot start is simply
     * one fewer at work */
    while (n_started + 1 < n_threads && pthread_create(&threads[n_started], NULL, work, &p) == 0)
        n_started++;
    work(&p);
    for (int i = 0; i < n_started; i++)
        pthread_join(threads[i], NULL);
    pthread_mutex_destroy(&p.lock);
    return TAP_OK;
}

static tap_status start(const tap_scenario *scenario, int n_levels, bool sweep, tap_comparison **out)
{
    *out = NULL;
    tap_comparison *c = calloc(1, sizeof *c);
    if (!c)
        return TAP_ENOMEM;
    c->scenario = scenario;
    c->n_levels = n_levels;
    c->sweep = sweep;
    c->n_runs = scenario->n_options * n_levels;
    c->runs = calloc((size_t)c->n_runs + 1, sizeof *c->runs);
    if (!c->runs) {
        free(c);
        return TAP_ENOMEM;
    }
    for (int i = 0; i < c->n_runs; i++) {
        c->runs[i].option = i / n_levels;
        c->runs[i].budget = NAN;
    }
    *out = c;
    return TAP_OK;
}

tap_status tap_compare_options(const tap_scenario *scenario, const tap_compare_settings *settings,
                               tap_comparison **out)
{
    tap_status status = start(scenario, 1, false, out);
    return status == TAP_OK ? run_all(scenario, settings, *out) : status;
}

tap_status tap_compare_sweep(const tap_scenario *scenario, double from, double to, double step,
                             const tap_compare_settings *settings, tap_comparison **out, tap_diags *diags)
{
    *out = NULL;
    const tap_pos where = {"<command line>", 0, 0};
    /* The school file's money stays below a billion; so do budgets, or
     * the model's sums could overflow to inf. */
    if (!isfinite(from) || !isfinite(to) || !isfinite(step) || from < 0 || step <= 0 || to < from)
        return tap_diags_add(diags, where, "--budget-sweep FROM:TO:STEP needs 0 <= FROM <= TO and STEP > 0");
    if (to >= 1e9)
        return tap_diags_add(diags, where, "--budget-sweep budgets must be below 1000000000");
    double n = floor((to - from) / step + 1e-9) + 1;
    if (n > TAP_SWEEP_MAX_LEVELS)
        return tap_diags_add(diags, where, "--budget-sweep gives %.0f budgets; at most %d", n, TAP_SWEEP_MAX_LEVELS);
    tap_status status = start(scenario, (int)n, true, out);
    if (status != TAP_OK)
        return status;
    (*out)->from = from;
    (*out)->to = to;
    (*out)->step = step;
    for (int i = 0; i < (*out)->n_runs; i++)
        (*out)->runs[i].budget = tap_stored(from + (i % (int)n) * step);
    return run_all(scenario, settings, *out);
}

void tap_comparison_destroy(tap_comparison **comparison)
{
    if (!comparison || !*comparison)
        return;
    tap_comparison *c = *comparison;
    for (int i = 0; i < c->n_runs; i++) {
        tap_diags_clear(&c->runs[i].diags);
        tap_figures_destroy(&c->runs[i].figures);
        tap_plan_destroy(&c->runs[i].plan);
        tap_school_destroy(&c->runs[i].school);
    }
    free(c->runs);
    free(c);
    *comparison = NULL;
}

/* ---- rows, ranks ---- */

const tap_compare_row tap_compare_rows[] = {
    {"weekly_cost", "Weekly cost", TAP_BETTER_LOWER},
    {"annual_cost", "Annual cost", TAP_BETTER_LOWER},
    {"statutory_shortfall_hours", "Statutory shortfall (h)", TAP_BETTER_LOWER},
    {"statutory_pupils_affected", "EHC-plan pupils short", TAP_BETTER_LOWER},
    {"sen_support_delivered_hours", "SEN support delivered (h)", TAP_BETTER_HIGHER},
    {"sen_support_shortfall_hours", "SEN-support shortfall (h)", TAP_BETTER_LOWER},
    {"sen_support_pupils_affected", "SEN-support pupils short", TAP_BETTER_LOWER},
    {"worst_served_pupil", "Worst-served SEN pupil", TAP_BETTER_HIGHER},
    {"in_class_delivered_hours", "In-class support (h)", TAP_BETTER_HIGHER},
    {"sessions_delivered", "Intervention sessions", TAP_BETTER_HIGHER},
    {"funded_hours", "Hours funded", TAP_BETTER_NEITHER},
    {"hours_reaching_pupils", "Hours reaching pupils", TAP_BETTER_HIGHER},
    {"unallocated_hours", "Hours unallocated", TAP_BETTER_LOWER},
    {"cost_per_delivered_hour", "Cost per delivered hour", TAP_BETTER_LOWER},
    {"strength_withdrawals", "Strength withdrawals", TAP_BETTER_LOWER},
    {"possible_hires_employed", "Possible hires employed", TAP_BETTER_NEITHER},
};
const int tap_n_compare_rows = (int)(sizeof tap_compare_rows / sizeof tap_compare_rows[0]);

double tap_compare_value(const tap_compare_run *run, int row)
{
    if (!tap_compare_has_plan(run))
        return NAN;
    const tap_compare_figures *f = &run->summary;
    const double values[] = {f->weekly_cost,
                             f->annual_cost,
                             f->statutory_shortfall_hours,
                             f->statutory_pupils_short,
                             f->sen_support_delivered_hours,
                             f->sen_support_shortfall_hours,
                             f->sen_support_pupils_short,
                             f->worst_pupil >= 0 ? f->worst_delivered_fraction : NAN,
                             f->in_class_delivered_hours,
                             f->sessions_delivered,
                             f->funded_hours,
                             f->hours_reaching_pupils,
                             f->unallocated_hours,
                             f->cost_per_delivered_hour,
                             f->strength_withdrawals,
                             f->n_hires};
    return row >= 0 && row < (int)(sizeof values / sizeof values[0]) ? values[row] : NAN;
}

bool tap_compare_is_best(const tap_comparison *c, int run, int row)
{
    tap_better better = tap_compare_rows[row].better;
    double mine = tap_compare_value(&c->runs[run], row);
    if (better == TAP_BETTER_NEITHER || !isfinite(mine))
        return false;
    bool all_equal = true;
    for (int i = 0; i < c->n_runs; i++) {
        double other = tap_compare_value(&c->runs[i], row);
        if (!isfinite(other))
            continue;
        if (better == TAP_BETTER_LOWER ? other < mine - EPSILON : other > mine + EPSILON)
            return false;
        all_equal &= fabs(other - mine) <= EPSILON;
    }
    return !all_equal;
}

/* Negative when run a is better than run b. */
static int compare_runs(const tap_compare_run *a, const tap_compare_run *b)
{
    bool plan_a = tap_compare_has_plan(a), plan_b = tap_compare_has_plan(b);
    if (plan_a != plan_b)
        return plan_a ? -1 : 1;
    if (!plan_a)
        return 0;
    const double keys_a[] = {a->summary.statutory_shortfall_hours, a->summary.sen_support_shortfall_hours,
                             a->summary.weekly_cost};
    const double keys_b[] = {b->summary.statutory_shortfall_hours, b->summary.sen_support_shortfall_hours,
                             b->summary.weekly_cost};
    for (int k = 0; k < 3; k++)
        if (fabs(keys_a[k] - keys_b[k]) > EPSILON)
            return keys_a[k] < keys_b[k] ? -1 : 1;
    return 0;
}

static int compare_run_pointers(const void *a, const void *b)
{
    const tap_compare_run *x = *(const tap_compare_run *const *)a, *y = *(const tap_compare_run *const *)b;
    int c = compare_runs(x, y);
    /* runs lie in one array: equal runs keep the scenario's order */
    return c ? c : (x > y) - (x < y);
}

tap_status tap_compare_rank(const tap_comparison *c, int *order)
{
    const tap_compare_run **runs = malloc(((size_t)c->n_runs + 1) * sizeof *runs);
    if (!runs)
        return TAP_ENOMEM;
    for (int i = 0; i < c->n_runs; i++)
        runs[i] = &c->runs[i];
    qsort(runs, (size_t)c->n_runs, sizeof *runs, compare_run_pointers);
    for (int i = 0; i < c->n_runs; i++)
        order[i] = (int)(runs[i] - c->runs);
    free(runs);
    return TAP_OK;
}

int tap_compare_least_meeting(const tap_comparison *c, int option)
{
    for (int level = 0; level < c->n_levels; level++) {
        int i = option * c->n_levels + level;
        if (tap_compare_has_plan(&c->runs[i]) && c->runs[i].summary.statutory_shortfall_hours <= EPSILON)
            return i;
    }
    return -1;
}

/* ---- the verdict ---- */

/* Hours as a reader wants them: two places at most (25.67, not 25.6667). */
typedef struct {
    char *text;
    size_t length;
    size_t capacity;
    bool failed;
} prose;

static void say(prose *p, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void say(prose *p, const char *format, ...)
{
    if (p->failed)
        return;
    va_list args;
    va_start(args, format);
    va_list copy;
    va_copy(copy, args);
    int n = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    size_t needed = n < 0 ? 0 : p->length + (size_t)n + 1;
    if (n < 0) {
        p->failed = true;
    } else if (needed > p->capacity) {
        size_t capacity = p->capacity ? p->capacity : 512;
        while (capacity < needed)
            capacity *= 2;
        char *bigger = realloc(p->text, capacity);
        p->failed = !bigger;
        if (bigger) {
            p->text = bigger;
            p->capacity = capacity;
        }
    }
    if (!p->failed)
        p->length += (size_t)vsnprintf(p->text + p->length, p->capacity - p->length, format, args);
    va_end(args);
}

static const char *name_of(const tap_comparison *c, const tap_compare_run *run)
{
    return c->scenario->options[run->option].name;
}

/* Up to five ids, then how many more: "A", "A and B", "A, B, C, D, E and 2 more". */
static void say_pupils(prose *p, const tap_school *s, const int *pupils, int n)
{
    int shown = n > 5 ? 5 : n;
    for (int i = 0; i < shown; i++)
        say(p, "%s%s", i == 0 ? "" : i + 1 == shown && n == shown ? " and " : ", ", s->pupils[pupils[i]].id);
    if (n > shown)
        say(p, " and %d more", n - shown);
}

static int sessions_of(const tap_school *s, const tap_figures *f, int p, const char *programme)
{
    const tap_pupil *pupil = &s->pupils[p];
    for (int n = 0; n < pupil->n_interventions && n < f->pupils[p].n_interventions; n++)
        if (!strcmp(s->programmes[pupil->interventions[n].programme].id, programme))
            return f->pupils[p].interventions[n].delivered;
    return 0;
}

/* The pupils (indices in x's school, EHC plans first) whom run x serves
 * better than run y, matched by id, and what they gain: "in-class support",
 * "speech sessions", ... Pupils one school lacks are left out. */
typedef struct {
    int *pupils;
    int n_pupils;
    prose gains;
} advantage;

/* Adds the k-th of n gains: "a", "a and b", "a, b and c". */
static void say_gain(advantage *a, int k, int n, const char *what, const char *suffix)
{
    say(&a->gains, "%s%s%s", k == 0 ? "" : k + 1 == n ? " and " : ", ", what, suffix);
}

static bool find_advantage(const tap_compare_run *x, const tap_compare_run *y, advantage *a)
{
    const tap_school *sx = x->school, *sy = y->school;
    *a = (advantage){calloc((size_t)sx->n_pupils + 1, sizeof(int)), 0, {0}};
    bool *programme_gain = calloc((size_t)sx->n_programmes + 1, sizeof *programme_gain);
    if (!a->pupils || !programme_gain) {
        free(programme_gain);
        return false;
    }
    bool in_class = false, unstructured = false;
    for (int pass = 0; pass < 2; pass++)
        for (int p = 0; p < sx->n_pupils; p++) {
            const tap_pupil_figures *fx = &x->figures->pupils[p];
            int q = tap_school_find_pupil(sy, sx->pupils[p].id);
            if (!fx->listed || q < 0 || (sx->pupils[p].plan == TAP_PLAN_EHCP) != (pass == 0))
                continue;
            const tap_pupil_figures *fy = &y->figures->pupils[q];
            if (fx->shortfall_hours >= fy->shortfall_hours - EPSILON)
                continue;
            a->pupils[a->n_pupils++] = p;
            in_class |= fx->in_class_delivered > fy->in_class_delivered + EPSILON;
            unstructured |= fx->unstructured_covered > fy->unstructured_covered + EPSILON;
            for (int n = 0; n < sx->pupils[p].n_interventions; n++) {
                const char *programme = sx->programmes[sx->pupils[p].interventions[n].programme].id;
                if (sessions_of(sx, x->figures, p, programme) > sessions_of(sy, y->figures, q, programme))
                    programme_gain[sx->pupils[p].interventions[n].programme] = true;
            }
        }
    int n = in_class + unstructured, k = 0;
    for (int q = 0; q < sx->n_programmes; q++)
        n += programme_gain[q];
    if (in_class)
        say_gain(a, k++, n, "in-class support", "");
    for (int q = 0; q < sx->n_programmes; q++)
        if (programme_gain[q])
            say_gain(a, k++, n, sx->programmes[q].id, " sessions");
    if (unstructured)
        say_gain(a, k++, n, "unstructured-time cover", "");
    free(programme_gain);
    return !a->gains.failed;
}

static void advantage_free(advantage *a)
{
    free(a->pupils);
    free(a->gains.text);
}

static void say_lead(prose *p, const tap_comparison *c, const tap_compare_run *a, const tap_compare_run *b)
{
    const tap_compare_figures *fa = &a->summary, *fb = &b->summary;
    const char *na = name_of(c, a), *nb = name_of(c, b);
    double sa = tap_shown(fa->statutory_shortfall_hours), sb = tap_shown(fb->statutory_shortfall_hours);
    double ea = tap_shown(fa->sen_support_shortfall_hours), eb = tap_shown(fb->sen_support_shortfall_hours);
    if (fa->statutory_shortfall_hours < fb->statutory_shortfall_hours - EPSILON) {
        if (fa->statutory_shortfall_hours <= EPSILON)
            say(p, "'%s' comes first: it meets every EHC plan in full, where '%s' leaves %g h of statutory support "
                   "undelivered.",
                na, nb, sb);
        else
            say(p, "'%s' comes first: its statutory shortfall is %g h, against %g h for '%s'.", na, sa, sb, nb);
    } else if (fa->sen_support_shortfall_hours < fb->sen_support_shortfall_hours - EPSILON) {
        if (fa->statutory_shortfall_hours <= EPSILON)
            say(p, "'%s' and '%s' both meet every EHC plan in full; '%s' comes first, leaving %g h of SEN support "
                   "undelivered against %g h.",
                na, nb, na, ea, eb);
        else
            say(p, "'%s' and '%s' leave the same statutory shortfall (%g h); '%s' comes first, leaving %g h of SEN "
                   "support undelivered against %g h.",
                na, nb, sa, na, ea, eb);
    } else {
        say(p, "'%s' and '%s' serve pupils equally (statutory shortfall %g h, SEN-support shortfall %g h)%s.", na, nb,
            sa, ea, fa->weekly_cost < fb->weekly_cost - 0.005 ? "; the first costs less" : "");
    }
    double difference = fa->weekly_cost - fb->weekly_cost;
    say(p, " '%s' costs %.2f a week (%.2f a year), ", na, fa->weekly_cost, fa->annual_cost);
    if (fabs(difference) < 0.005)
        say(p, "the same as '%s'.", nb);
    else
        say(p, "%.2f %s than '%s'.", fabs(difference), difference > 0 ? "more" : "less", nb);
}

/* What the runner-up would do better, and what it would cost pupils. */
static bool say_trade_off(prose *p, const tap_comparison *c, const tap_compare_run *a, const tap_compare_run *b)
{
    advantage for_a = {0}, for_b = {0};
    bool ok = find_advantage(a, b, &for_a) && find_advantage(b, a, &for_b);
    if (ok && for_a.n_pupils > 0) {
        say(p, " It serves ");
        say_pupils(p, a->school, for_a.pupils, for_a.n_pupils);
        say(p, " better (%s).", for_a.gains.text ? for_a.gains.text : "support");
    }
    const tap_compare_figures *fa = &a->summary, *fb = &b->summary;
    prose clauses[4] = {{0}};
    int n = 0;
    if (ok && for_b.n_pupils > 0) {
        say(&clauses[n], "serve ");
        say_pupils(&clauses[n], b->school, for_b.pupils, for_b.n_pupils);
        say(&clauses[n++], " better (%s)", for_b.gains.text ? for_b.gains.text : "support");
    }
    double in_class = fb->in_class_delivered_hours - fa->in_class_delivered_hours;
    if (in_class > EPSILON)
        say(&clauses[n++], "give %g more in-class hour%s", tap_shown(in_class), tap_shown(in_class) == 1 ? "" : "s");
    int sessions = fb->sessions_delivered - fa->sessions_delivered;
    if (sessions > 0)
        say(&clauses[n++], "run %d more intervention session%s", sessions, sessions == 1 ? "" : "s");
    if (fb->weekly_cost < fa->weekly_cost - 0.005)
        say(&clauses[n++], "cost %.2f less a week", fa->weekly_cost - fb->weekly_cost);
    if (ok) {
        say(p, " '%s' would ", name_of(c, b));
        for (int i = 0; i < n; i++)
            say(p, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", clauses[i].text ? clauses[i].text : "");
        if (n == 0)
            say(p, "do no better on any of these measures");
        if (n > 0 && for_a.n_pupils > 0) {
            say(p, ", but ");
            say_pupils(p, a->school, for_a.pupils, for_a.n_pupils);
            say(p, " would lose %s", for_a.gains.text ? for_a.gains.text : "support");
        }
        say(p, ".");
    }
    for (int i = 0; i < n; i++) {
        ok &= !clauses[i].failed;
        free(clauses[i].text);
    }
    advantage_free(&for_a);
    advantage_free(&for_b);
    return ok;
}

static void run_label(const tap_comparison *c, const tap_compare_run *run, char *label, size_t size)
{
    if (c->sweep)
        snprintf(label, size, "'%s' at %.2f", name_of(c, run), run->budget);
    else
        snprintf(label, size, "'%s'", name_of(c, run));
}

/* " A", " A and B", " A, B and C" over the runs that pass the test. */
static void say_runs(prose *p, const tap_comparison *c, bool (*test)(const tap_compare_run *), int n)
{
    int k = 0;
    for (int i = 0; i < c->n_runs; i++) {
        if (!test(&c->runs[i]))
            continue;
        char label[160];
        run_label(c, &c->runs[i], label, sizeof label);
        say(p, "%s%s", k == 0 ? " " : k + 1 == n ? " and " : ", ", label);
        k++;
    }
}

static bool not_proven(const tap_compare_run *run)
{
    return tap_compare_has_plan(run) && run->n_violations == 0 && run->plan->status != TAP_STATUS_OPTIMAL;
}

static bool statutory_not_proven(const tap_compare_run *run)
{
    return not_proven(run) && !run->plan->statutory_proven;
}

/* A plan not proven whose place in the order (statutory shortfall, then
 * SEN support, then cost) more time cannot change: its entitlements are
 * settled, and no possible hire could move its cost. */
static bool order_settled(const tap_compare_run *run)
{
    return tap_plan_entitlements_settled(run->plan, run->figures) && !tap_school_has_possible_hires(run->school);
}

/* What the reader must know before relying on the comparison. */
static void say_caveats(prose *p, const tap_comparison *c)
{
    int n_open = 0, n_unsettled = 0, n_statutory = 0, fewest = -1, most = -1;
    double worst_gap = 0;
    for (int i = 0; i < c->n_runs; i++) {
        const tap_compare_run *run = &c->runs[i];
        char label[160];
        run_label(c, run, label, sizeof label);
        if (run->below_fixed_cost)
            continue;
        int n = run->summary.n_pupils_planned;
        if (tap_compare_has_plan(run) && (fewest < 0 || n < fewest))
            fewest = n;
        if (tap_compare_has_plan(run) && n > most)
            most = n;
        if (!tap_compare_has_plan(run))
            say(p, " %s produced no plan (%s).", label,
                run->status == TAP_OK && run->plan ? tap_plan_status_name(run->plan->status)
                                                   : tap_status_text(run->status));
        else if (run->n_violations > 0)
            say(p, " The plan for %s breaks %d rule%s: do not rely on it.", label, run->n_violations,
                run->n_violations == 1 ? "" : "s");
        n_open += not_proven(run);
        n_unsettled += not_proven(run) && !order_settled(run);
        n_statutory += statutory_not_proven(run);
        if (not_proven(run) && run->plan->gap > worst_gap)
            worst_gap = run->plan->gap;
    }
    if (fewest != most)
        say(p, " The options plan for different pupils (from %d to %d with a plan), so their shortfalls answer to "
               "different needs.",
            fewest, most);
    if (n_open == 0)
        return;
    char gap[24];
    tap_gap_percent(worst_gap, 1, gap, sizeof gap);
    const char *up_to = strncmp(gap, "under", 5) ? "up to " : ""; /* not "up to under 0.1%" */
    if (c->sweep) { /* one line, however many budgets */
        say(p, " Not proven optimal within the time limit at %d of %d budgets (gap %s%s)", n_open, c->n_runs, up_to,
            gap);
        if (n_statutory > 0)
            say(p, "; the statutory shortfall is not proven minimal at %d", n_statutory);
    } else {
        say(p, " Not proven optimal within the time limit:");
        say_runs(p, c, not_proven, n_open);
        say(p, " (gap %s%s)", up_to, gap);
        if (n_statutory > 0) {
            say(p, "; the statutory shortfall is not proven minimal for");
            say_runs(p, c, statutory_not_proven, n_statutory);
        }
    }
    if (n_unsettled > 0)
        say(p, ". More time (--time-limit) may change this comparison.");
    else /* Oakfield's options: every entitlement met, gaps of 88-96% all in continuity */
        say(p, ". More time could change the lesser figures (hours reaching pupils, how many adults each pupil "
               "sees) but not this order: %s",
            n_open == 1 ? "that plan's statutory shortfall is proven minimal, it leaves no hour of SEN support "
                          "short, and its cost does not depend on the plan."
                        : "those plans' statutory shortfalls are proven minimal, they leave no hour of SEN support "
                          "short, and their cost does not depend on the plan.");
}

static void say_sweep(prose *p, const tap_comparison *c)
{
    for (int k = 0; k < c->scenario->n_options; k++) {
        const char *name = c->scenario->options[k].name;
        int least = tap_compare_least_meeting(c, k);
        if (least < 0) {
            say(p, "%s'%s': no budget tried meets every EHC plan.", k ? " " : "", name);
            continue;
        }
        const tap_compare_run *run = &c->runs[least];
        say(p, "%s'%s': every EHC plan is met from a weekly budget of %.2f; that plan costs %.2f a week (%.2f a year)",
            k ? " " : "", name, run->budget, run->summary.weekly_cost, run->summary.annual_cost);
        int n_hired = 0;
        for (int a = 0; a < run->school->n_staff; a++)
            if (run->school->staff[a].optional && run->figures->staff[a].employed)
                say(p, "%s%s", n_hired++ ? ", " : " and hires ", run->school->staff[a].id);
        say(p, "%s", n_hired ? "." : " with no hire.");
        if (run->summary.sen_support_shortfall_hours > EPSILON)
            say(p, " It leaves %g h of SEN support undelivered.", tap_shown(run->summary.sen_support_shortfall_hours));
    }
}

char *tap_compare_verdict(const tap_comparison *c)
{
    prose p = {0};
    int *order = malloc(((size_t)c->n_runs + 1) * sizeof *order);
    if (!order || tap_compare_rank(c, order) != TAP_OK) {
        free(order);
        return NULL;
    }
    int n_plans = 0;
    for (int i = 0; i < c->n_runs; i++)
        n_plans += tap_compare_has_plan(&c->runs[i]);
    bool ok = true;
    if (c->sweep) {
        say_sweep(&p, c);
    } else if (n_plans == 0) {
        say(&p, "No option produced a plan, so there is nothing to compare.");
    } else if (n_plans == 1) {
        const tap_compare_run *a = &c->runs[order[0]];
        say(&p, "Only '%s' produced a plan: statutory shortfall %g h, SEN-support shortfall %g h, at %.2f a week.",
            name_of(c, a), tap_shown(a->summary.statutory_shortfall_hours), tap_shown(a->summary.sen_support_shortfall_hours),
            a->summary.weekly_cost);
    } else {
        const tap_compare_run *a = &c->runs[order[0]], *b = &c->runs[order[1]];
        say_lead(&p, c, a, b);
        ok = say_trade_off(&p, c, a, b);
        if (n_plans > 2) {
            say(&p, " In order (statutory shortfall, then SEN-support shortfall, then cost):");
            for (int i = 0; i < n_plans; i++)
                say(&p, "%s '%s'", i ? "," : "", name_of(c, &c->runs[order[i]]));
            say(&p, ".");
        }
    }
    say_caveats(&p, c);
    free(order);
    if (!ok || p.failed) {
        free(p.text);
        return NULL;
    }
    return p.text;
}
