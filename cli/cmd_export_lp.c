/* cmd_export_lp.c - `taplan export-lp`: the exact model taplan solves, in
 * CPLEX LP or MPS form, so other MIP solvers can be compared on it. With
 * --statutory, the model of solve's first phase (EHC plans only, objective
 * the statutory shortfall in hours), so another solver can check the claim
 * "statutory shortfall proven minimal". */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "model/formulation.h"
#include "solver/glpk_backend.h"

static bool ends_with(const char *text, const char *suffix)
{
    size_t n = strlen(text), m = strlen(suffix);
    return n >= m && !strcmp(text + n - m, suffix);
}

int cmd_export_lp(int argc, char **argv)
{
    cli_args args;
    if (!cli_parse(argc, argv, "o=,mps,statutory", 1, "export-lp SCHOOL.yaml -o MODEL.lp|MODEL.mps [--mps] [--statutory]",
                   &args))
        return EXIT_BAD_INPUT;
    if (!args.output) {
        fputs("taplan: error: export-lp needs -o MODEL.lp or -o MODEL.mps\n", stderr);
        return EXIT_BAD_INPUT;
    }
    int exit_code = 0;
    tap_school *school = cli_load_school(args.positional[0], &exit_code);
    if (!school)
        return exit_code;
    tap_diags diags = {0};
    tap_model *model = NULL;
    tap_model_options options = tap_model_defaults();
    options.names = true;
    options.statutory_only = cli_flag(&args, "statutory");
    tap_status status = tap_model_build_with(school, &options, &model, &diags);
    /* GLPK cannot write a model without rows or columns, and a solver has
     * nothing to be compared on: say why, at the school, and write nothing */
    if (status == TAP_OK && (model->mip.n_cols == 0 || model->mip.n_rows == 0))
        status = tap_diags_add(&diags, (tap_pos){school->file, 1, 1},
                               options.statutory_only
                                   ? "school '%s' has no statutory support to plan (no pupil with an EHC plan asks "
                                     "for support), so its statutory model is empty and there is nothing to export"
                                   : "school '%s' has nothing to plan (no pupil with support to give, no adult "
                                     "with planning time), so its model is empty and there is nothing to export",
                               school->name);
    if (status == TAP_OK)
        status = tap_glpk_export(&model->mip, args.output, cli_flag(&args, "mps") || ends_with(args.output, ".mps"), &diags);
    if (status == TAP_OK)
        printf("%s: %d rows, %d columns, %d binaries\n", args.output, model->mip.n_rows, model->mip.n_cols,
               tap_mip_n_binaries(&model->mip));
    exit_code = cli_fail(status, &diags);
    tap_model_destroy(&model);
    tap_school_destroy(&school);
    return exit_code;
}
