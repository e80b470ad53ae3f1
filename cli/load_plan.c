/* load_plan.c - a plan file read back with its school, for the commands
 * that present plans (report, export). */
#include "cli.h"

#include <stdio.h>

#include "solver/plan_json.h"
#include "solver/verify.h"

void cli_plan_free(cli_plan *p)
{
    tap_diags_clear(&p->violations);
    tap_figures_destroy(&p->figures);
    tap_figures_destroy(&p->previous_figures);
    tap_plan_destroy(&p->plan);
    tap_plan_destroy(&p->previous);
    tap_school_destroy(&p->school);
}

/* Reads one plan file against the school; figures are worked out from the
 * assignments when the school is complete, else taken from the file. */
static tap_status read_plan(cli_plan *p, const char *path, tap_plan **plan, tap_figures **figures, tap_diags *diags)
{
    tap_figures *reported = NULL;
    tap_status status = tap_plan_json_read(p->school, path, plan, &reported, diags);
    if (status != TAP_OK)
        return status == TAP_EIO ? TAP_EINPUT : status;
    if (p->outline) {
        if (!reported)
            return tap_diags_add(diags, (tap_pos){path, 0, 0},
                                 "the plan file holds no figures: give the school file with --school");
        *figures = reported;
        return TAP_OK;
    }
    tap_figures_destroy(&reported);
    return tap_figures_compute(p->school, *plan, figures);
}

bool cli_load_plan(const char *plan_path, const char *school_path, const char *previous_path, cli_plan *out,
                   int *exit_code)
{
    *out = (cli_plan){0};
    out->n_violations = -1;
    tap_diags diags = {0};
    if (school_path) {
        out->school = cli_load_school(school_path, exit_code);
        if (!out->school)
            return false;
    } else {
        const char *paths[2] = {plan_path, previous_path};
        tap_status status = tap_plan_json_outline(paths, previous_path ? 2 : 1, &out->school, &diags);
        if (status != TAP_OK) {
            *exit_code = cli_fail(status == TAP_EIO ? TAP_EINPUT : status, &diags);
            return false;
        }
        out->outline = true;
    }
    tap_status status = read_plan(out, plan_path, &out->plan, &out->figures, &diags);
    if (status == TAP_OK && previous_path)
        status = read_plan(out, previous_path, &out->previous, &out->previous_figures, &diags);
    if (status == TAP_OK && !out->outline) {
        out->n_violations = tap_verify(out->school, out->plan, NULL, plan_path, &out->violations);
        if (out->n_violations < 0)
            status = TAP_ENOMEM;
    }
    if (status != TAP_OK) {
        *exit_code = cli_fail(status, &diags);
        cli_plan_free(out);
        return false;
    }
    tap_diags_clear(&diags);
    return true;
}
