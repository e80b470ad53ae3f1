/* cmd_replan.c - `taplan replan`: an adult is away; revise the current plan
 * and print the cover sheet a SENCO reads out in the staff room: who goes
 * where instead, which pupils lose support, what could not be covered. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/text.h"
#include "cli.h"
#include "solver/plan_json.h"
#include "solver/replan.h"

static const char *const usage_text =
    "replan SCHOOL.yaml --plan CURRENT.json (--absence ABSENCES.yaml | --absent STAFF@DAY[:SLOTS])... -o NEW.json "
    "[--html REPORT.html] [--time-limit S] [--work N] [--stats FILE] [--quiet]";

static void print_assignment(const tap_school *s, const tap_assignment *a)
{
    switch (a->activity) {
    case TAP_ACT_IN_CLASS:
        printf("in class, %s %s", s->groups[a->group].id, s->subjects[a->subject].id);
        break;
    case TAP_ACT_INTERVENTION: printf("%s session", s->programmes[a->programme].id); break;
    case TAP_ACT_UNSTRUCTURED: printf("%s duty", s->slots[a->slot].id); break;
    case TAP_ACT_PLANNING: printf("planning"); return;
    }
    for (int k = 0; k < a->n_pupils; k++)
        printf("%s%s", k ? ", " : " with ", s->pupils[a->pupils[k]].id);
}

/* Where the pupils of an absent adult's assignment are now, at that slot. */
static void print_cover(const tap_school *s, const tap_plan *plan, const tap_assignment *lost)
{
    bool any = false;
    for (int k = 0; k < lost->n_pupils; k++) {
        int p = lost->pupils[k];
        const char *now = NULL;
        for (int i = 0; i < plan->n_assignments && !now; i++) {
            const tap_assignment *a = &plan->assignments[i];
            if (a->day != lost->day || a->slot != lost->slot)
                continue;
            for (int m = 0; m < a->n_pupils; m++)
                if (a->pupils[m] == p)
                    now = s->staff[a->staff].id;
        }
        printf("%s %s %s", any ? ";" : " ->", s->pupils[p].id, now ? "now with " : "not covered");
        if (now)
            printf("%s", now);
        any = true;
    }
    printf("\n");
}

/* "WHAT A, B and C" after *sep, for a list of adults; nothing for none. */
static void print_adults(const tap_school *s, const char *what, const int *adults, int n, const char **sep)
{
    for (int k = 0; k < n; k++) {
        if (k == 0)
            printf("%s%s ", *sep, what);
        else
            printf(k == n - 1 ? " and " : ", ");
        printf("%s", s->staff[adults[k]].id);
    }
    if (n > 0)
        *sep = "; ";
}

/* The current plan's shortfalls, so that the summary after it shows what
 * the absence costs: a replan's gap on a large school says little (no
 * bound for the absent days in seconds), the hours before and after do. */
static void print_before(const tap_school *s, const tap_plan *previous)
{
    tap_figures *before = NULL;
    if (tap_figures_compute(s, previous, &before) != TAP_OK)
        return; /* out of memory: the summary stands without it */
    printf("Before the absence: statutory shortfall %g h, SEN-support shortfall %g h\n",
           tap_shown(before->summary.statutory_shortfall_hours), tap_shown(before->summary.sen_support_shortfall_hours));
    tap_figures_destroy(&before);
}

static void print_cover_sheet(const tap_school *s, const tap_plan *plan, const tap_absences *absences)
{
    printf("Away:");
    for (int i = 0; i < absences->n_items; i++) {
        const tap_absence *a = &absences->items[i];
        printf("%s %s on %s", i ? "," : "", s->staff[a->staff].id, s->days[a->day].id);
        uint32_t all = s->n_slots >= 32 ? UINT32_MAX : (1u << s->n_slots) - 1u;
        if ((a->slots & all) != all)
            for (int t = 0, first = 1; t < s->n_slots; t++)
                if (a->slots >> t & 1u) {
                    printf("%s%s", first ? " (" : " ", s->slots[t].id);
                    first = 0;
                }
        if ((a->slots & all) != all)
            printf(")");
    }
    printf("%s\n", absences->n_items ? "" : " nobody");
    int n_other = 0;
    printf("Cover:\n");
    for (int i = 0; i < plan->n_changes; i++) {
        const tap_change *c = &plan->changes[i];
        if (!c->absent) {
            n_other++;
            continue;
        }
        const tap_assignment *a = &c->before;
        printf("  %s %-6s %s: ", s->days[a->day].id, s->slots[a->slot].id, s->staff[a->staff].id);
        print_assignment(s, a);
        if (a->n_pupils > 0)
            print_cover(s, plan, a);
        else
            printf(" (dropped)\n");
    }
    printf("Changes for adults who are in: %d\n", n_other);
    for (int i = 0; i < plan->n_changes; i++) {
        const tap_change *c = &plan->changes[i];
        if (c->absent)
            continue;
        const tap_assignment *where = c->kind == TAP_CHANGE_ADDED ? &c->after : &c->before;
        printf("  %s %-6s %s: ", s->days[where->day].id, s->slots[where->slot].id, s->staff[where->staff].id);
        if (c->kind == TAP_CHANGE_ADDED)
            printf("free");
        else
            print_assignment(s, &c->before);
        printf(" -> ");
        if (c->kind == TAP_CHANGE_REMOVED)
            printf("free");
        else
            print_assignment(s, &c->after);
        printf("\n");
    }
    if (plan->n_pupil_changes > 0)
        printf("Pupils affected:\n");
    for (int i = 0; i < plan->n_pupil_changes; i++) {
        const tap_pupil_change *c = &plan->pupil_changes[i];
        const tap_pupil *pupil = &s->pupils[c->pupil];
        printf("  %s (%s):", pupil->id, pupil->plan == TAP_PLAN_EHCP ? "EHC plan" : "SEN support");
        const char *sep = " ";
        if (c->in_class_lost > 1e-9)
            printf("%s%g h in class lost", sep, tap_shown(c->in_class_lost)), sep = "; ";
        if (c->sessions_lost > 0)
            printf("%s%d session%s lost", sep, c->sessions_lost, c->sessions_lost == 1 ? "" : "s"), sep = "; ";
        if (c->unstructured_lost > 1e-9)
            printf("%s%g h of break or lunch cover lost", sep, tap_shown(c->unstructured_lost)), sep = "; ";
        print_adults(s, "no longer sees", c->adults_lost, c->n_adults_lost, &sep);
        print_adults(s, c->n_adults_new > 1 ? "new adults" : "new adult", c->adults_new, c->n_adults_new, &sep);
        for (int k = 0; k < c->n_new_withdrawals; k++) {
            const tap_slot_subject *w = &c->new_withdrawals[k];
            printf("%snow withdrawn from %s on %s %s", sep, s->subjects[w->subject].id, s->days[w->day].id,
                   s->slots[w->slot].id);
            sep = "; ";
        }
        if (c->in_class_lost < -1e-9 || c->sessions_lost < 0)
            printf("%ssupport moved to other slots", sep);
        printf("\n");
    }
}

int cmd_replan(int argc, char **argv)
{
    cli_args args;
    if (!cli_parse(argc, argv, "plan=,absence=,absent=,o=,html=,pseudonymise,time-limit=,work=,quiet,stats=", 1, usage_text, &args))
        return EXIT_BAD_INPUT;
    if (!args.output || !cli_value(&args, "plan")) {
        fprintf(stderr, "taplan: error: replan needs --plan CURRENT.json and -o NEW.json\nusage: taplan %s\n",
                usage_text);
        return EXIT_BAD_INPUT;
    }
    int exit_code = 0;
    double started = tap_solve_clock();
    tap_school *school = cli_load_school(args.positional[0], &exit_code);
    if (!school)
        return exit_code;
    tap_diags diags = {0};
    tap_plan *previous = NULL, *plan = NULL;
    tap_figures *reported = NULL, *figures = NULL;
    tap_absences *absences = NULL;
    tap_solve_stats stats = {0};
    tap_status status = tap_plan_json_read(school, cli_value(&args, "plan"), &previous, &reported, &diags);
    if (status == TAP_EIO)
        status = TAP_EINPUT;
    if (status == TAP_OK)
        status = cli_gather_absences(school, &args, &absences, &diags);
    if (status == TAP_OK) {
        tap_absences_apply(absences, school);
        tap_solve_settings settings = tap_solve_defaults();
        /* The limit is the command's, from reading the files to the plan
         * written: the replan has what reading left, less 3% for the
         * last part of the search to finish and the plan to be written
         * (at --time-limit 2 the 1,000-pupil secondary took 2.05 s). */
        double limit = args.time_limit_s > 0 ? args.time_limit_s : tap_replan_default_limit(school);
        settings.time_limit_s = fmax(0.01, 0.97 * limit - (tap_solve_clock() - started));
        settings.work_parts = args.work_parts;
        settings.progress = args.quiet ? NULL : cli_show_progress;
        settings.stop = cli_catch_interrupt();
        status = tap_replan(school, previous, absences, &settings, &plan, &stats, &diags);
        if (!args.quiet && isatty(STDERR_FILENO))
            fputs("\n", stderr);
    }
    if (status == TAP_OK)
        status = tap_figures_compute(school, plan, &figures);
    if (status == TAP_OK) {
        /* no statutory hour short is the least there can be */
        plan->statutory_proven = figures->summary.statutory_shortfall_hours <= 1e-9;
        status = tap_plan_json_write(school, plan, figures, args.output, &diags);
    }
    if (status == TAP_OK)
        status = cli_write_beside(&args, school, plan, figures, previous, &stats, &diags);
    if (status == TAP_OK && !args.quiet) {
        print_cover_sheet(school, plan, absences);
        print_before(school, previous);
        cli_print_summary(school, plan, figures, NULL, 0.0);
    }
    exit_code = cli_plan_exit(status, plan, &diags);
    tap_diags_clear(&diags);
    tap_absences_destroy(&absences);
    tap_figures_destroy(&reported);
    tap_figures_destroy(&figures);
    tap_plan_destroy(&previous);
    tap_plan_destroy(&plan);
    tap_school_destroy(&school);
    return exit_code;
}
