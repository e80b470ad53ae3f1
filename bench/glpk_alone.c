/* glpk_alone.c - solves a model file that `taplan export-lp` wrote with
 * GLPK alone: its presolver and branch-and-bound with default settings,
 * no start, nothing of taplan's search. An independent second opinion on
 * taplan's claims, used by the tests and by bench/optimality.
 *
 *   glpk-alone MODEL.lp|MODEL.mps [TIME_LIMIT_S [CAP_MODEL.lp CAP]]
 *
 * With CAP_MODEL and CAP, only plans whose CAP_MODEL objective is at most
 * CAP count: the row Σ c_j x_j <= CAP is added over the columns of
 * CAP_MODEL's objective, found in MODEL by name. taplan puts statutory
 * support first whatever the weights (docs/decisions.md), so its whole
 * objective is the least among plans with the least statutory shortfall:
 * given the statutory model (export-lp --statutory) and its optimum, this
 * is the same question.
 *
 * Prints one line and exits 0: "optimal OBJ" when GLPK proved the
 * optimum, "unproven OBJ" when the time ran out with a plan, "none" when
 * it ran out without one, "infeasible" when there is no solution. Exit 2
 * when a file cannot be read, a column is missing, or GLPK fails. */
#include <glpk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), m = strlen(suffix);
    return n >= m && !strcmp(text + n - m, suffix);
}

static glp_prob *read_model(const char *path)
{
    glp_prob *problem = glp_create_prob();
    int failed = ends_with(path, ".mps") ? glp_read_mps(problem, GLP_MPS_FILE, NULL, path)
                                         : glp_read_lp(problem, NULL, path);
    if (failed) {
        fprintf(stderr, "glpk-alone: cannot read %s\n", path);
        glp_delete_prob(problem);
        return NULL;
    }
    return problem;
}

/* Adds the row "cap_model's objective <= cap" to problem; 0 on success. */
static int add_cap(glp_prob *problem, const char *cap_path, double cap)
{
    glp_prob *capped = read_model(cap_path);
    if (!capped)
        return 2;
    int n = glp_get_num_cols(capped), k = 0, failed = 0;
    int *index = malloc(((size_t)n + 1) * sizeof *index);
    double *value = malloc(((size_t)n + 1) * sizeof *value);
    glp_create_index(problem);
    for (int j = 1; !failed && index && value && j <= n; j++) {
        double c = glp_get_obj_coef(capped, j);
        if (c == 0.0)
            continue;
        int column = glp_find_col(problem, glp_get_col_name(capped, j));
        if (column == 0) {
            fprintf(stderr, "glpk-alone: column %s of %s is not in the model\n", glp_get_col_name(capped, j), cap_path);
            failed = 2;
        }
        index[++k] = column, value[k] = c;
    }
    if (!index || !value)
        failed = 2;
    if (!failed) {
        int row = glp_add_rows(problem, 1);
        glp_set_row_name(problem, row, "cap");
        glp_set_mat_row(problem, row, k, index, value);
        glp_set_row_bnds(problem, row, GLP_UP, 0.0, cap - glp_get_obj_coef(capped, 0));
    }
    free(index), free(value);
    glp_delete_prob(capped);
    return failed;
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3 && argc != 5) {
        fputs("usage: glpk-alone MODEL.lp|MODEL.mps [TIME_LIMIT_S [CAP_MODEL.lp CAP]]\n", stderr);
        return 2;
    }
    double limit = argc >= 3 ? atof(argv[2]) : 60.0;
    if (!(limit > 0 && limit <= 86400)) {
        fputs("glpk-alone: the time limit lies between 0 and 86400 s\n", stderr);
        return 2;
    }
    glp_term_out(GLP_OFF);
    glp_prob *problem = read_model(argv[1]);
    if (!problem)
        return 2;
    if (argc == 5 && add_cap(problem, argv[3], atof(argv[4])) != 0) {
        glp_delete_prob(problem);
        return 2;
    }
    glp_iocp parameters;
    glp_init_iocp(&parameters);
    parameters.presolve = GLP_ON;
    parameters.tm_lim = (int)(limit * 1000.0);
    int rc = glp_intopt(problem, &parameters);
    int status = glp_mip_status(problem);
    int exit_code = 0;
    if (rc == 0 && status == GLP_OPT)
        printf("optimal %.9f\n", glp_mip_obj_val(problem));
    else if (rc == GLP_ENOPFS || rc == GLP_ENODFS || status == GLP_NOFEAS)
        puts("infeasible");
    else if (rc == GLP_ETMLIM && status == GLP_FEAS)
        printf("unproven %.9f\n", glp_mip_obj_val(problem));
    else if (rc == GLP_ETMLIM)
        puts("none");
    else {
        fprintf(stderr, "glpk-alone: glp_intopt returned %d\n", rc);
        exit_code = 2;
    }
    glp_delete_prob(problem);
    glp_free_env();
    return exit_code;
}
