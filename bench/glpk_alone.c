/* glpk_alone.c - solves a model file that `taplan export-lp` wrote with
 * GLPK alone: its presolver and branch-and-bound with default settings,
 * no start, nothing of taplan's search. An independent second opinion on
 * taplan's claims, used by the tests and by bench/optimality.
 *
 *   glpk-alone MODEL.lp|MODEL.mps [TIME_LIMIT_S]
 *
 * Prints one line and exits 0: "optimal OBJ" when GLPK proved the
 * optimum, "unproven OBJ" when the time ran out with a plan, "none" when
 * it ran out without one, "infeasible" when there is no solution. Exit 2
 * when the file cannot be read or GLPK fails. */
#include <glpk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), m = strlen(suffix);
    return n >= m && !strcmp(text + n - m, suffix);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fputs("usage: glpk-alone MODEL.lp|MODEL.mps [TIME_LIMIT_S]\n", stderr);
        return 2;
    }
    double limit = argc == 3 ? atof(argv[2]) : 60.0;
    if (!(limit > 0 && limit <= 86400)) {
        fputs("glpk-alone: the time limit lies between 0 and 86400 s\n", stderr);
        return 2;
    }
    glp_term_out(GLP_OFF);
    glp_prob *problem = glp_create_prob();
    int failed = ends_with(argv[1], ".mps") ? glp_read_mps(problem, GLP_MPS_FILE, NULL, argv[1])
                                            : glp_read_lp(problem, NULL, argv[1]);
    if (failed) {
        fprintf(stderr, "glpk-alone: cannot read %s\n", argv[1]);
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
