/* solve.h - the whole pipeline for one school: model, greedy start, GLPK,
 * plan, and the reasons behind each pupil's shortfall. */
#ifndef TAP_SOLVE_H
#define TAP_SOLVE_H

#include "../model/formulation.h"
#include "glpk_backend.h"
#include "plan.h"

typedef struct {
    double time_limit_s;      /* <= 0: the school's policy.time_limit_s */
    bool greedy_start;        /* hand GLPK a greedy incumbent (default true) */
    tap_progress_fn progress; /* optional, at most once a second */
    void *progress_context;
    volatile sig_atomic_t *stop;
    /* > 0: a work limit, the parts the search by parts may solve in all
     * phases together, with branch-and-bound given as many nodes as parts
     * are left (the root at least); the statutory phase has the share of
     * it that it has of the time. A solve ended by work, not the clock,
     * gives the same plan on every run and machine; give a time limit
     * that leaves room. 0: the time limit alone. */
    int work_parts;
    /* More time the whole model's search and branch-and-bound may take
     * while its plan leaves nobody short: `solve` keeps a share of its
     * limit for explaining shortfalls, which such a plan does not need. */
    double spare_s;
    /* What the progress figures are about when it is not the whole week
     * ("cover": a replan's first scope), shown on the progress line: each
     * scope has its own bound, and a bound that seemed to fall between
     * two unnamed lines would puzzle. NULL: the model's own. */
    const char *progress_label;
    /* Optional, on a statutory model: pupils in groups whose least
     * statutory shortfall is proven (skill_first.h). pupil_group[p] is
     * pupil p's group or -1, group_floor[g] that least, in hours. A pupil
     * whose group's shortfall stands at it cannot gain, so the search
     * chooses no part for them. NULL: no groups. */
    const int *pupil_group;
    const double *group_floor;
} tap_solve_settings;

/* Model statistics, for the terminal and the benchmark. */
typedef struct {
    int n_rows;
    int n_cols;
    int n_binaries;
    double start_objective;    /* the greedy start's objective, or -1 */
    double first_plan_seconds; /* from the start of the solve to the first plan */
    int statutory_work;        /* parts solved and nodes explored by the statutory phase */
    int work;                  /* the same in all (a work limit bounds it) */
} tap_solve_stats;

tap_solve_settings tap_solve_defaults(void);

/* The settings of a phase that follows one that did work_used of the work
 * (tap_model_result.work_used): a work limit keeps what is left, one part
 * at least. */
tap_solve_settings tap_solve_settings_after(const tap_solve_settings *settings, int work_used);

/* What solving one model achieved. */
typedef struct {
    double *x;           /* best solution [n_cols], malloc'd, or NULL */
    double objective;
    double bound;        /* proven lower bound on the objective */
    bool proven;         /* x is optimal */
    bool infeasible;     /* GLPK proved that no solution keeps the hard rules */
    double first_plan_s; /* seconds from `started` to the first solution */
    int work_used;       /* parts solved and nodes explored, against settings->work_parts */
} tap_model_result;

/* Solves one built model: improves start part by part (only columns
 * marked movable may change; movable NULL lets all), then runs
 * branch-and-bound on the whole model for a bound and, where it can, a
 * proof. start (a feasible solution, or NULL) is consumed: it becomes
 * out->x or is freed. floor_objective is a known lower bound. started is
 * when the whole solve began (for first_plan_s). */
tap_status tap_solve_model(const tap_model *model, double *start, const bool *movable, double floor_objective,
                           double limit_s, const tap_solve_settings *settings, double started, tap_model_result *out,
                           tap_diags *diags);

/* Column values of a greedy plan (grown from seed, which may be NULL, for
 * the pupils of plan kind only, TAP_PLAN_NONE for all) when they are
 * feasible for the model and better than *best, which they then replace. */
tap_status tap_solve_try_start(const tap_model *model, const tap_school *school, const tap_plan *seed,
                               tap_plan_kind only, double **best);

/* Ruin and recreate on the feasible solution x of model, whose objective
 * is *objective: up to max_draws draws (2,000 at most), until deadline
 * (tap_solve_clock), each taking the support of four pupils the model
 * plans for out of the plan (docs/model.md says which) and growing the
 * greedy again from the rest, with its swaps; a better plan (on a
 * statutory model, one no worse) replaces x and *objective, and *gained
 * says whether any was better. The draws depend on round alone: the same
 * x every run. */
tap_status tap_solve_recreate(const tap_model *model, double *x, double *objective, unsigned round, int max_draws,
                              double deadline, bool *gained);

/* Fills the plan's status, objective, bound and gap from a model result;
 * plan holds the result's solution (tap_solution_to_plan), and the
 * objective is what its assignments imply in model. TAP_ENOMEM when
 * memory ran out. */
tap_status tap_solve_set_status(const tap_model *model, tap_plan *plan, const tap_model_result *result);

/* Seconds on a monotonic clock, for `started`. */
double tap_solve_clock(void);

/* Solves the checked school. On TAP_OK *out owns a plan whose status says
 * whether it is proven optimal; stats may be NULL. */
tap_status tap_solve(const tap_school *school, const tap_solve_settings *settings, tap_plan **out,
                     tap_solve_stats *stats, tap_diags *diags);

#endif
