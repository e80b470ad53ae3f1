/* improve.h - large-neighbourhood search: a feasible solution of a model
 * gets better by freeing one part of it at a time (a day, a few adults, the
 * adults of a pupil who is short) and letting GLPK solve that part with the
 * rest held. Parts are small enough to solve in a fraction of a second
 * where the whole model would not solve at all. */
#ifndef TAP_IMPROVE_H
#define TAP_IMPROVE_H

#include "../model/formulation.h"
#include "glpk_backend.h"

typedef struct {
    double time_limit_s;     /* a safety net: the search normally ends on work done */
    double spare_s;          /* more time while the solution leaves nobody short */
    double lower_bound;      /* stop once the objective reaches it (-HUGE_VAL: none) */
    int max_parts;           /* sub-problems to solve at most */
    int patience;            /* stop after this many parts in a row gain nothing */
    unsigned round;          /* 0 for the first search of a plan; another number, another sequence of parts */
    int first_target;        /* free binaries in the first part; 0: the default (a search that goes on
                              * from another passes the other's last_target) */
    tap_progress_fn progress; /* optional, at most once a second */
    void *progress_context;
    double progress_since;    /* the clock the time shown counts from; 0: this search */
    const char *progress_objective; /* tap_progress.objective */
    volatile sig_atomic_t *stop;
    /* Optional: only columns marked here may ever move (replan holds what
     * an absence does not touch); NULL frees the whole model. */
    const bool *movable;
    /* Optional, on a statutory model: tap_solve_settings' groups of
     * pupils whose least shortfall is proven, whose pupils are not chosen
     * as the part's focus while their group stands at it. */
    const int *pupil_group;
    const double *group_floor;
} tap_improve_settings;

typedef struct {
    int n_parts;       /* sub-problems solved */
    int n_improved;    /* of which gave a better solution */
    double seconds;
    double objective;  /* of the final solution */
    int last_target;   /* the part size the search had reached */
    bool out_of_time;  /* the time limit ended it, not its own work or patience */
} tap_improve_stats;

tap_improve_settings tap_improve_defaults(void);

/* Improves x (feasible for model->mip, [n_cols], updated in place: it stays
 * feasible and its objective never rises). The search is deterministic: it
 * depends on the model and x alone, unless the time limit or stop cuts it
 * short. stats may be NULL. */
tap_status tap_improve(const tap_model *model, double *x, const tap_improve_settings *settings,
                       tap_improve_stats *stats, tap_diags *diags);

#endif
