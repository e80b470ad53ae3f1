/* skill_bound.c - see skill_bound.h. */
#include "skill_bound.h"

#include <stdlib.h>

#include "../model/formulation.h"
#include "glpk_backend.h"

/* The pupils who need a skill in the 2,000-pupil secondary at 0.8 give a
 * model of 5,696 binaries, bounded in 0.7 s; far larger ones would spend
 * the statutory phase's time on an LP. */
enum { SKILL_MODEL_MAX_BINARIES = 20000 };

tap_status tap_skill_bound(const tap_school *s, double target, double time_limit_s, double *bound)
{
    *bound = 0.0;
    bool *in = calloc((size_t)s->n_pupils + 1, sizeof *in);
    if (!in)
        return TAP_ENOMEM;
    int n_in = 0;
    for (int p = 0; p < s->n_pupils; p++) {
        in[p] = s->pupils[p].plan == TAP_PLAN_EHCP && s->pupils[p].n_skills > 0;
        n_in += in[p];
    }
    tap_model_options options = tap_model_defaults();
    options.statutory_only = true;
    options.pupils = in;
    tap_model *model = NULL;
    tap_diags ignored = {0}; /* the school was checked; only its size can fail */
    tap_status status = n_in > 0 ? tap_model_build_with(s, &options, &model, &ignored) : TAP_OK;
    if (status == TAP_OK && model && tap_mip_n_binaries(&model->mip) <= SKILL_MODEL_MAX_BINARIES) {
        double found = 0.0;
        status = tap_glpk_cut_bound(&model->mip, target, time_limit_s, &found);
        if (status == TAP_OK && found > 0)
            *bound = found;
    }
    if (status == TAP_EINPUT || status == TAP_ESOLVER)
        status = TAP_OK; /* no bound, and nothing lost */
    tap_model_destroy(&model);
    tap_diags_clear(&ignored);
    free(in);
    return status;
}
