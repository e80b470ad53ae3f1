/* cmd_explain.c - `taplan explain`: why each short pupil is short, the
 * requirement that binds with its numbers, and the single change that
 * would help most, each checked by re-solving. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "cli.h"
#include "solver/explain.h"
#include "solver/plan_json.h"
#include "solver/solve.h"
#include "solver/verify.h"

static const char *plan_kind(tap_plan_kind kind)
{
    return kind == TAP_PLAN_EHCP ? "EHC plan" : "SEN support";
}

static tap_status explain_one(const tap_school *school, const tap_plan *plan, int p,
                              const tap_explain_settings *settings, tap_diags *diags)
{
    tap_arena arena = {0};
    tap_explanation e;
    tap_status status = tap_explain_pupil(school, plan, p, settings, &arena, &e, diags);
    if (status == TAP_OK) {
        const tap_pupil *pupil = &school->pupils[p];
        printf("%s (%s) %g h short:\n", pupil->id, plan_kind(pupil->plan), tap_shown(e.shortfall_hours));
        for (int k = 0; k < e.n_parts; k++)
            printf("  %s [%s%s]\n", e.parts[k].text, tap_binding_name(e.parts[k].binds),
                   e.parts[k].checked ? "" : ", not checked");
        if (e.change)
            printf("  Would help most: %s.\n", e.change);
        else if (e.complete)
            printf("  No single change taplan tried helps.\n");
        if (e.note)
            printf("  (%s)\n", e.note);
    }
    tap_arena_destroy(&arena);
    return status;
}

static tap_status load_or_solve(const tap_school *school, const char *plan_path, const cli_args *args,
                                const tap_absences *absences, tap_plan **plan, tap_diags *diags)
{
    if (!plan_path) {
        tap_solve_settings settings = tap_solve_defaults();
        settings.time_limit_s = args->time_limit_s;
        settings.work_parts = args->work_parts;
        return tap_solve(school, &settings, plan, NULL, diags);
    }
    tap_figures *reported = NULL;
    tap_status status = tap_plan_json_read(school, plan_path, plan, &reported, diags);
    tap_figures_destroy(&reported);
    if (status != TAP_OK)
        return status == TAP_EIO ? TAP_EINPUT : status;
    tap_diags violations = {0};
    int n_violations = tap_verify(school, *plan, NULL, plan_path, &violations);
    tap_diags_clear(&violations);
    if (n_violations < 0)
        return TAP_ENOMEM;
    if (n_violations > 0)
        fprintf(stderr, "taplan: warning: %s breaks %d rule%s (taplan verify lists them); reasons are not checked\n",
                plan_path, n_violations, n_violations == 1 ? "" : "s");
    if ((*plan)->replanned && absences->n_items == 0)
        fprintf(stderr, "taplan: warning: %s is a replan; without its absences (--absent, --absence) the reasons "
                        "take every adult to be in\n",
                plan_path);
    return TAP_OK;
}

int cmd_explain(int argc, char **argv)
{
    cli_args args;
    const char *usage = "explain SCHOOL.yaml [--plan PLAN.json] [--pupil ID] [--absence ABSENCES.yaml] "
                        "[--absent STAFF@DAY[:SLOTS]]... [--time-limit S] [--work N]";
    if (!cli_parse(argc, argv, "plan=,pupil=,absence=,absent=,time-limit=,work=", 1, usage, &args))
        return EXIT_BAD_INPUT;
    int exit_code = 0;
    tap_school *school = cli_load_school(args.positional[0], &exit_code);
    if (!school)
        return exit_code;
    /* A replanned week is explained with its absences, as verify judges
     * it: without them the re-solves would give the absent adult's time
     * back and advise a longer solve where only the adult's return helps. */
    tap_diags diags = {0};
    tap_absences *absences = NULL;
    tap_status read = cli_gather_absences(school, &args, &absences, &diags);
    if (read != TAP_OK) {
        exit_code = cli_fail(read == TAP_EIO ? TAP_EINPUT : read, &diags);
        tap_diags_clear(&diags);
        tap_absences_destroy(&absences);
        tap_school_destroy(&school);
        return exit_code;
    }
    tap_absences_apply(absences, school);
    const char *pupil_id = cli_value(&args, "pupil");
    int only = pupil_id ? tap_school_find_pupil(school, pupil_id) : -1;
    if (pupil_id && only < 0) {
        fprintf(stderr, "taplan: error: %s has no pupil '%s'\n", args.positional[0], pupil_id);
        tap_absences_destroy(&absences);
        tap_school_destroy(&school);
        return EXIT_BAD_INPUT;
    }
    tap_plan *plan = NULL;
    tap_figures *figures = NULL;
    tap_status status = load_or_solve(school, cli_value(&args, "plan"), &args, absences, &plan, &diags);
    if (status == TAP_OK)
        status = tap_figures_compute(school, plan, &figures);
    int *order = status == TAP_OK ? calloc((size_t)school->n_pupils + 1, sizeof *order) : NULL;
    if (status == TAP_OK && !order)
        status = TAP_ENOMEM;
    int n = status == TAP_OK ? tap_explain_order(school, figures, order) : 0;
    /* one budget for every pupil's re-solves together: pupils reached
     * after it keep the reasons that counting gives */
    tap_explain_settings settings = tap_explain_defaults();
    settings.deadline =
        tap_solve_clock() + (args.time_limit_s > 0 ? args.time_limit_s : school->policy.time_limit_s);
    if (status == TAP_OK && only >= 0 && school->pupils[only].plan == TAP_PLAN_NONE)
        printf("%s has no plan: nothing to deliver.\n", pupil_id);
    else if (status == TAP_OK && only >= 0 && figures->pupils[only].shortfall_hours <= 1e-6)
        printf("%s receives their full entitlement.\n", pupil_id);
    else if (status == TAP_OK && n == 0)
        printf("Every pupil receives their full entitlement.\n");
    for (int i = 0; status == TAP_OK && i < n; i++) {
        if (only >= 0 && order[i] != only)
            continue;
        status = explain_one(school, plan, order[i], &settings, &diags);
    }
    exit_code = status == TAP_OK ? EXIT_PLAN_OK : cli_fail(status, &diags);
    free(order);
    tap_diags_clear(&diags);
    tap_absences_destroy(&absences);
    tap_figures_destroy(&figures);
    tap_plan_destroy(&plan);
    tap_school_destroy(&school);
    return exit_code;
}
