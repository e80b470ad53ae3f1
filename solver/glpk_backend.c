/* glpk_backend.c - the bridge to GLPK: copies a tap_mip into a glp_prob,
 * runs simplex then branch-and-cut with a starting incumbent, a time limit
 * and a progress callback, and survives GLPK's internal errors. */
#include "glpk_backend.h"

#include "../base/file.h"

#include <ctype.h>
#include <float.h>
/* glp_gmi_gen, Gomory's cuts from the current LP basis, is in GLPK's
 * library and header but outside its documented interface. */
#define GLP_UNDOC
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const tap_pos nowhere = {NULL, 0, 0};

#define MODEL_MAX_BYTES ((size_t)1 << 31) /* an exported model of the largest school is far smaller */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* GLPK calls this instead of aborting; the jump lands in the function that
 * installed it, which then frees GLPK's whole environment. */
static void on_glpk_error(void *info)
{
    longjmp(*(jmp_buf *)info, 1);
}

static int silence(void *info, const char *text)
{
    (void)info;
    (void)text;
    return 1; /* GLPK's terminal output is not for users */
}

/* GLPK accepts names of at most 255 printable characters. */
static void clean_name(char *out, size_t size, const char *name)
{
    size_t k = 0;
    for (; name[k] && k + 1 < size && k < 255; k++)
        out[k] = isgraph((unsigned char)name[k]) ? name[k] : '_';
    out[k] = '\0';
}

static int glpk_bounds(double lower, double upper)
{
    bool has_lower = isfinite(lower), has_upper = isfinite(upper);
    if (has_lower && has_upper)
        return lower == upper ? GLP_FX : GLP_DB;
    return has_lower ? GLP_LO : has_upper ? GLP_UP : GLP_FR;
}

/* Copies the MIP into P. Everything was validated when the model was
 * built, so GLPK's argument checks cannot fire. */
static void load_problem(glp_prob *P, const tap_mip *mip, bool with_names, int *ia, int *ja, double *ar)
{
    char name[256];
    glp_set_obj_dir(P, GLP_MIN);
    glp_set_obj_coef(P, 0, mip->offset);
    /* GLPK solves a problem with no rows, but adding none is an error to
     * it: a part of a replan may free columns that are in no row. */
    if (mip->n_rows > 0)
        glp_add_rows(P, mip->n_rows);
    if (mip->n_cols > 0)
        glp_add_cols(P, mip->n_cols);
    for (int i = 0; i < mip->n_rows; i++) {
        const tap_row *row = &mip->rows[i];
        int type = glpk_bounds(row->lower, row->upper);
        glp_set_row_bnds(P, i + 1, type, isfinite(row->lower) ? row->lower : 0.0,
                         isfinite(row->upper) ? row->upper : 0.0);
        if (with_names) {
            clean_name(name, sizeof name, row->name);
            glp_set_row_name(P, i + 1, name);
        }
    }
    for (int j = 0; j < mip->n_cols; j++) {
        const tap_col *col = &mip->cols[j];
        if (col->kind == TAP_COL_BINARY) {
            glp_set_col_kind(P, j + 1, GLP_BV);
        } else {
            glp_set_col_bnds(P, j + 1, glpk_bounds(col->lower, col->upper), col->lower,
                             isfinite(col->upper) ? col->upper : 0.0);
        }
        glp_set_obj_coef(P, j + 1, col->cost);
        if (with_names) {
            clean_name(name, sizeof name, col->name);
            glp_set_col_name(P, j + 1, name);
        }
    }
    int n = 0;
    for (int i = 0; i < mip->n_rows; i++)
        for (int k = mip->rows[i].first; k < mip->rows[i].first + mip->rows[i].n_entries; k++) {
            n++;
            ia[n] = i + 1;
            ja[n] = mip->entries[k].col + 1;
            ar[n] = mip->entries[k].value;
        }
    glp_load_matrix(P, n, ia, ja, ar);
}

/* After setjmp(*on_error): GLPK's errors jump there, its output is
 * silenced, and P holds the model. */
static glp_prob *guarded_problem(const tap_mip *mip, bool with_names, jmp_buf *on_error, int *ia, int *ja,
                                 double *ar)
{
    glp_error_hook(on_glpk_error, on_error);
    glp_term_out(GLP_OFF);
    glp_term_hook(silence, NULL);
    glp_prob *P = glp_create_prob();
    load_problem(P, mip, with_names, ia, ja, ar);
    return P;
}

/* GLPK's limits are whole milliseconds, at least one. */
static int milliseconds_left(double started, double limit_s)
{
    double left = (limit_s - (now_seconds() - started)) * 1000.0;
    return left < 1.0 ? 1 : left < INT32_MAX ? (int)left : INT32_MAX;
}

static glp_smcp quiet_simplex(int time_limit_ms)
{
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = GLP_MSG_OFF;
    smcp.tm_lim = time_limit_ms;
    return smcp;
}

typedef struct {
    const tap_solve_options *options;
    const double *start1; /* 1-based copy of the starting solution */
    double start_objective;
    bool start_offered;
    double started; /* what the time shown counts from */
    double floor;   /* what the column bounds alone guarantee */
    double last_report;
    double bound;
    bool has_bound;
    int n_nodes;
} callback_context;

static double relative_gap(double objective, double bound)
{
    double gap = (objective - bound) / (fabs(objective) + DBL_EPSILON);
    return gap > 0 ? gap : 0.0;
}

static void on_branch(glp_tree *tree, void *info)
{
    callback_context *context = info;
    int reason = glp_ios_reason(tree);
    if (reason == GLP_IHEUR && context->start1 && !context->start_offered) {
        context->start_offered = true;
        glp_ios_heur_sol(tree, context->start1);
    }
    int best = glp_ios_best_node(tree);
    if (best) {
        /* a node not yet solved has a bound of minus infinity */
        context->bound = fmax(context->floor, glp_ios_node_bound(tree, best));
        context->has_bound = true;
    }
    if (reason == GLP_ISELECT)
        context->n_nodes++;
    if ((context->options->stop && *context->options->stop) ||
        (context->options->node_limit > 0 && context->n_nodes > context->options->node_limit))
        glp_ios_terminate(tree);
    double now = now_seconds();
    if (context->options->progress && now - context->last_report >= 1.0) {
        context->last_report = now;
        glp_prob *P = glp_ios_get_prob(tree);
        bool glpk_has = glp_mip_status(P) == GLP_FEAS || glp_mip_status(P) == GLP_OPT;
        /* until GLPK takes up the start, the start is the plan in hand */
        bool has_incumbent = glpk_has || context->start1;
        double offset = context->options->progress_offset;
        double incumbent = offset + (glpk_has ? glp_mip_obj_val(P) : context->start_objective);
        double bound = fmax(context->bound + offset, context->options->progress_bound);
        /* costs are never negative, so a gap above 100% says nothing */
        double gap = has_incumbent ? fmin(1.0, relative_gap(incumbent, bound)) : 1.0;
        tap_progress report = {now - context->started, has_incumbent, incumbent, bound, gap,
                               context->options->progress_objective};
        context->options->progress(context->options->progress_context, &report);
    }
}

static tap_status fill_start(const tap_mip *mip, const double *start, double **start1)
{
    *start1 = NULL;
    if (!start)
        return TAP_OK;
    *start1 = malloc(((size_t)mip->n_cols + 1) * sizeof **start1);
    if (!*start1)
        return TAP_ENOMEM;
    (*start1)[0] = 0.0;
    memcpy(*start1 + 1, start, (size_t)mip->n_cols * sizeof *start);
    return TAP_OK;
}

/* Result when GLPK found nothing better than the start (or nothing). */
static tap_status keep_start(const tap_mip *mip, const double *start, tap_mip_result *result)
{
    if (!start) {
        result->status = TAP_STATUS_NO_PLAN;
        return TAP_OK;
    }
    result->x = malloc((size_t)mip->n_cols * sizeof *result->x + 1);
    if (!result->x)
        return TAP_ENOMEM;
    memcpy(result->x, start, (size_t)mip->n_cols * sizeof *start);
    result->status = TAP_STATUS_FEASIBLE;
    result->objective = tap_mip_objective(mip, start);
    if (result->bound > result->objective)
        result->bound = result->objective;
    result->gap = relative_gap(result->objective, result->bound);
    return TAP_OK;
}

tap_status tap_glpk_solve(const tap_mip *mip, const tap_solve_options *options, tap_mip_result *result,
                          tap_diags *diags)
{
    memset(result, 0, sizeof *result);
    double started = now_seconds();
    /* What the column bounds alone guarantee, until GLPK proves better. */
    double floor = tap_mip_trivial_bound(mip);
    result->bound = floor;
    if (mip->n_cols == 0) {
        result->status = TAP_STATUS_OPTIMAL;
        result->objective = mip->offset;
        result->x = malloc(1);
        return result->x ? TAP_OK : TAP_ENOMEM;
    }

    size_t n_entries = (size_t)mip->n_entries + 1;
    int *ia = malloc(n_entries * sizeof *ia);
    int *ja = malloc(n_entries * sizeof *ja);
    double *ar = malloc(n_entries * sizeof *ar);
    double *filled = NULL;
    if (!ia || !ja || !ar || fill_start(mip, options->start, &filled) != TAP_OK) {
        free(ia), free(ja), free(ar);
        return TAP_ENOMEM;
    }
    /* Locals that live across setjmp are volatile, as C requires. */
    double *volatile start1 = filled;
    volatile tap_status status = TAP_OK;

    jmp_buf on_error;
    if (setjmp(on_error)) {
        glp_free_env(); /* P and everything else of GLPK's is gone */
        free(ia), free(ja), free(ar), free(start1);
        free(result->x);
        result->x = NULL;
        tap_diags_add(diags, nowhere, "GLPK failed internally; no plan was produced");
        return TAP_ESOLVER;
    }
    /* Nothing set before setjmp changes after it, so the error path
     * above may free it all without volatile qualifiers. */
    glp_prob *P = guarded_problem(mip, false, &on_error, ia, ja, ar);
    glp_smcp smcp = quiet_simplex(milliseconds_left(started, options->time_limit_s));
    int rc = glp_simplex(P, &smcp);
    int lp_status = glp_get_status(P);
    if (rc == 0 && lp_status == GLP_NOFEAS) {
        result->status = TAP_STATUS_INFEASIBLE;
    } else if (rc != 0 || lp_status != GLP_OPT) {
        status = keep_start(mip, options->start, result); /* the LP ran out of time */
    } else {
        double since = options->progress_since > 0 ? options->progress_since : started;
        /* the first report comes at once: the user sees the search begin */
        callback_context context = {.options = options,
                                    .start1 = start1,
                                    .start_objective = start1 ? tap_mip_objective(mip, options->start) : 0.0,
                                    .started = since,
                                    .floor = floor,
                                    .last_report = -HUGE_VAL,
                                    .bound = floor};
        glp_iocp iocp;
        glp_init_iocp(&iocp);
        iocp.msg_lev = GLP_MSG_OFF;
        iocp.tm_lim = milliseconds_left(started, options->time_limit_s);
        iocp.cb_func = on_branch;
        iocp.cb_info = &context;
        iocp.presolve = GLP_OFF; /* the starting incumbent needs the original columns */
        /* Measured choices (docs/performance.md): pseudocost branching
         * copies the whole problem per unscored variable and overruns the
         * time limit; GLPK's cuts and proximity search gave no better plan
         * on example schools but cost time, so they stay off. */
        iocp.br_tech = options->quick_branching ? GLP_BR_MFV : GLP_BR_DTH;
        iocp.bt_tech = GLP_BT_BLB;
        if (options->cuts)
            iocp.gmi_cuts = iocp.mir_cuts = iocp.cov_cuts = iocp.clq_cuts = GLP_ON;
        rc = glp_intopt(P, &iocp);
        result->n_nodes = context.n_nodes;
        int mip_status = glp_mip_status(P);
        if (mip_status == GLP_OPT || mip_status == GLP_FEAS) {
            result->objective = glp_mip_obj_val(P);
            result->x = malloc((size_t)mip->n_cols * sizeof *result->x);
            if (!result->x) {
                status = TAP_ENOMEM;
            } else {
                for (int j = 0; j < mip->n_cols; j++)
                    result->x[j] = glp_mip_col_val(P, j + 1);
                bool proven = rc == 0 && mip_status == GLP_OPT;
                result->status = proven ? TAP_STATUS_OPTIMAL : TAP_STATUS_FEASIBLE;
                result->bound = proven ? result->objective
                                : context.has_bound && context.bound < result->objective ? context.bound
                                                                                         : floor;
                if (result->bound < floor)
                    result->bound = floor;
                result->gap = proven ? 0.0 : relative_gap(result->objective, result->bound);
            }
        } else if (rc == 0 && mip_status == GLP_NOFEAS) {
            result->status = TAP_STATUS_INFEASIBLE;
        } else {
            status = keep_start(mip, options->start, result);
        }
    }
    glp_delete_prob(P);
    glp_free_env();
    free(ia), free(ja), free(ar), free(start1);
    result->seconds = now_seconds() - started;
    return status;
}

/* Cuts: how many a round keeps, and how dense a cut may be. A Gomory
 * cut over the statutory model of the 280-pupil primary has hundreds of
 * nonzeros on average, and re-solving with those took 35 s a round;
 * the sparse ones with the largest violation per unit of length did the
 * same work (the bound 5.75 h to the minimum 8 h in two rounds, 1.5 s). */
enum { CUT_MAX_NONZEROS = 200, CUTS_PER_ROUND = 100, CUTS_ASKED = 1000 };
enum { CUT_MAX_ROUNDS = 10, CUT_FRUITLESS_ROUNDS = 1 };

/* The smallest m in 1..4 that makes every coefficient of the row an
 * integer, when every column in it is binary; 0 when there is none. Such a
 * row's activity is an integer, and its slack may be declared one. */
static int integer_multiplier(const tap_mip *mip, const tap_row *row)
{
    for (int k = row->first; k < row->first + row->n_entries; k++)
        if (mip->cols[mip->entries[k].col].kind != TAP_COL_BINARY)
            return 0;
    for (int m = 1; m <= 4; m++) {
        bool integral = true;
        for (int k = row->first; k < row->first + row->n_entries && integral; k++) {
            double v = m * mip->entries[k].value;
            integral = fabs(v - round(v)) < 1e-9;
        }
        if (integral)
            return m;
    }
    return 0;
}

/* GLPK's Gomory generator takes the slack of every row as continuous. On
 * rows such as "one thing at a time" (a sum of binaries at most 1) the
 * slack is an integer, and a cut that knows it is much stronger: on the
 * 280-pupil primary's statutory model ten rounds left the bound at 5.75 h
 * without, and two reached the minimum of 8 h with. So each such row
 * becomes m * (a x) - s = 0 with s an integer column within the row's
 * bounds, rounded inwards. Returns false when a row has no integer in its
 * range (no plan exists, and no bound is claimed). */
static bool add_integer_slacks(glp_prob *P, const tap_mip *mip, int *ind, double *val)
{
    int n_slacks = 0;
    for (int i = 0; i < mip->n_rows; i++)
        n_slacks += integer_multiplier(mip, &mip->rows[i]) > 0;
    if (n_slacks == 0)
        return true;
    int col = glp_add_cols(P, n_slacks);
    for (int i = 0; i < mip->n_rows; i++) {
        const tap_row *row = &mip->rows[i];
        int m = integer_multiplier(mip, row);
        if (m == 0)
            continue;
        double lower = isfinite(row->lower) ? ceil(m * row->lower - 1e-9) : -HUGE_VAL;
        double upper = isfinite(row->upper) ? floor(m * row->upper + 1e-9) : HUGE_VAL;
        if (lower > upper)
            return false;
        int len = 0;
        for (int k = row->first; k < row->first + row->n_entries; k++) {
            len++;
            ind[len] = mip->entries[k].col + 1;
            val[len] = m * mip->entries[k].value;
        }
        len++;
        ind[len] = col;
        val[len] = -1.0;
        glp_set_mat_row(P, i + 1, len, ind, val);
        glp_set_row_bnds(P, i + 1, GLP_FX, 0.0, 0.0);
        glp_set_col_kind(P, col, GLP_IV);
        glp_set_col_bnds(P, col, glpk_bounds(lower, upper), isfinite(lower) ? lower : 0.0,
                         isfinite(upper) ? upper : 0.0);
        col++;
    }
    return true;
}

/* Moves the sparse cuts of pool with the largest violation per unit of
 * length into P, at most CUTS_PER_ROUND; returns how many. */
static int add_best_cuts(glp_prob *P, glp_prob *pool, int *ind, double *val, double *score, int *order)
{
    int n = 0;
    for (int i = 1; i <= glp_get_num_rows(pool) && i <= CUTS_ASKED; i++) {
        int len = glp_get_mat_row(pool, i, ind, val);
        if (len > CUT_MAX_NONZEROS)
            continue;
        double activity = 0.0, norm = 0.0;
        for (int q = 1; q <= len; q++) {
            activity += val[q] * glp_get_col_prim(P, ind[q]);
            norm += val[q] * val[q];
        }
        double violation = glp_get_row_type(pool, i) == GLP_LO ? glp_get_row_lb(pool, i) - activity
                                                                : activity - glp_get_row_ub(pool, i);
        if (violation <= 1e-6 || norm <= 0.0)
            continue;
        score[i] = violation / sqrt(norm);
        int at = n++;
        while (at > 0 && score[order[at - 1]] < score[i]) {
            order[at] = order[at - 1];
            at--;
        }
        order[at] = i;
    }
    if (n > CUTS_PER_ROUND)
        n = CUTS_PER_ROUND;
    int first = n > 0 ? glp_add_rows(P, n) : 0;
    for (int c = 0; c < n; c++) {
        int i = order[c];
        int len = glp_get_mat_row(pool, i, ind, val);
        glp_set_mat_row(P, first + c, len, ind, val);
        glp_set_row_bnds(P, first + c, glp_get_row_type(pool, i), glp_get_row_lb(pool, i), glp_get_row_ub(pool, i));
    }
    return n;
}

tap_status tap_glpk_cut_bound(const tap_mip *mip, double target, double time_limit_s, double *bound)
{
    double started = now_seconds();
    *bound = tap_mip_trivial_bound(mip);
    if (mip->n_cols == 0 || mip->n_rows == 0)
        return TAP_OK;
    /* room for a row with its slack, or a cut over every column and slack */
    size_t width = (size_t)mip->n_entries + (size_t)mip->n_cols + (size_t)mip->n_rows + 2;
    int *ia = malloc(width * sizeof *ia);
    int *ja = malloc(width * sizeof *ja);
    double *ar = malloc(width * sizeof *ar);
    double *score = malloc((CUTS_ASKED + 1) * sizeof *score);
    int *order = malloc((CUTS_ASKED + 1) * sizeof *order);
    if (!ia || !ja || !ar || !score || !order) {
        free(ia), free(ja), free(ar), free(score), free(order);
        return TAP_ENOMEM;
    }
    volatile tap_status status = TAP_ESOLVER;
    volatile double found = *bound;
    jmp_buf on_error;
    if (setjmp(on_error)) {
        glp_free_env();
        free(ia), free(ja), free(ar), free(score), free(order);
        return TAP_ESOLVER;
    }
    glp_prob *P = guarded_problem(mip, false, &on_error, ia, ja, ar);
    glp_smcp smcp = quiet_simplex(milliseconds_left(started, time_limit_s));
    bool solved = add_integer_slacks(P, mip, ja, ar) && glp_simplex(P, &smcp) == 0 && glp_get_status(P) == GLP_OPT;
    if (solved) {
        status = TAP_OK;
        found = fmax(found, glp_get_obj_val(P));
    }
    smcp.meth = GLP_DUALP; /* cuts leave the basis dual feasible */
    for (int round = 0, fruitless = 0; solved && round < CUT_MAX_ROUNDS && fruitless < CUT_FRUITLESS_ROUNDS &&
                                       found < target - 1e-9 && now_seconds() - started < time_limit_s;
         round++) {
        glp_prob *pool = glp_create_prob();
        glp_add_cols(pool, glp_get_num_cols(P));
        int n_cuts = glp_gmi_gen(P, pool, CUTS_ASKED) > 0 ? add_best_cuts(P, pool, ja, ar, score, order) : 0;
        glp_delete_prob(pool);
        if (n_cuts == 0)
            break;
        smcp.tm_lim = milliseconds_left(started, time_limit_s);
        if (glp_simplex(P, &smcp) != 0 || glp_get_status(P) != GLP_OPT)
            break; /* out of time: the last bound stands */
        double value = glp_get_obj_val(P);
        fruitless = value > found + 1e-6 ? 0 : fruitless + 1;
        found = fmax(found, value);
    }
    glp_delete_prob(P);
    glp_free_env();
    free(ia), free(ja), free(ar), free(score), free(order);
    *bound = found;
    return status;
}

void tap_mip_result_release(tap_mip_result *result)
{
    if (!result)
        return;
    free(result->x);
    result->x = NULL;
}

tap_status tap_glpk_export(const tap_mip *mip, const char *path, bool mps, tap_diags *diags)
{
    tap_pos where = {path, 0, 0};
    if (mip->n_cols == 0 || mip->n_rows == 0)
        return tap_diags_add(diags, where, "the model is empty: nothing to export");
    size_t n_entries = (size_t)mip->n_entries + 1;
    int *ia = malloc(n_entries * sizeof *ia);
    int *ja = malloc(n_entries * sizeof *ja);
    double *ar = malloc(n_entries * sizeof *ar);
    /* GLPK writes to a file of its own, private (mode 0600) and removed
     * afterwards; the model then reaches path the way every output does,
     * all or nothing, and straight to a device such as /dev/null. */
    const char *folder = getenv("TMPDIR");
    if (!folder || !*folder)
        folder = "/tmp";
    size_t length = strlen(folder);
    char *temporary = malloc(length + 32);
    if (!ia || !ja || !ar || !temporary) {
        free(ia), free(ja), free(ar), free(temporary);
        return TAP_ENOMEM;
    }
    snprintf(temporary, length + 32, "%s/taplan-model-XXXXXX", folder);
    int fd = mkstemp(temporary); /* mode 0600 */
    if (fd < 0) {
        free(ia), free(ja), free(ar), free(temporary);
        return tap_diags_add(diags, where, "cannot create a temporary file in %s", folder), TAP_EIO;
    }
    close(fd);

    jmp_buf on_error;
    if (setjmp(on_error)) {
        glp_free_env();
        unlink(temporary);
        free(ia), free(ja), free(ar), free(temporary);
        tap_diags_add(diags, where, "GLPK failed internally while writing the model");
        return TAP_ESOLVER;
    }
    glp_prob *P = guarded_problem(mip, true, &on_error, ia, ja, ar);
    glp_set_prob_name(P, "taplan");
    glp_set_obj_name(P, "weighted_shortfall");
    int rc = mps ? glp_write_mps(P, GLP_MPS_FILE, NULL, temporary) : glp_write_lp(P, NULL, temporary);
    glp_delete_prob(P);
    glp_free_env();
    free(ia), free(ja), free(ar);
    tap_status status = TAP_OK;
    char *text = NULL;
    size_t text_length = 0;
    if (rc != 0) {
        tap_diags_add(diags, where, "cannot write the model");
        status = TAP_EIO;
    } else {
        status = tap_file_read(temporary, MODEL_MAX_BYTES, &text, &text_length, diags);
        if (status == TAP_OK)
            status = tap_file_write_atomic(path, text, text_length, diags);
    }
    unlink(temporary);
    free(text);
    free(temporary);
    return status;
}
