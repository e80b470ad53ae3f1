/* cmd_check.c - `taplan check`: validate the school and show demand against
 * capacity, so an impossible week is visible before solving. */
#include <stdio.h>

#include "cli.h"
#include "model/capacity.h"

static void print_demand(const char *label, const tap_demand *d)
{
    printf("  %-12s %3d pupils: in class %6.1f h, %3d sessions, unstructured %5.1f h  -> %6.1f adult h\n", label,
           d->n_pupils, d->in_class_hours, d->sessions, d->unstructured_hours, d->adult_hours);
}

int cmd_check(int argc, char **argv)
{
    cli_args args;
    if (!cli_parse(argc, argv, "quiet", 1, "check SCHOOL.yaml", &args))
        return EXIT_BAD_INPUT;
    int exit_code = 0;
    tap_school *school = cli_load_school(args.positional[0], &exit_code);
    if (!school)
        return exit_code;
    tap_capacity capacity;
    if (tap_capacity_compute(school, &capacity) != TAP_OK) {
        tap_school_destroy(&school);
        fputs("taplan: error: out of memory\n", stderr);
        return EXIT_INTERNAL;
    }
    if (!args.quiet) {
        printf("%s: valid (%d pupils, %d groups, %d lessons, %d staff)\n", args.positional[0], school->n_pupils,
               school->n_groups, school->n_lessons, school->n_staff);
        printf("Demand (adult hours: pupil hours shared by ratio and group size):\n");
        print_demand("EHC plans", &capacity.statutory);
        print_demand("SEN support", &capacity.sen_support);
        printf("Capacity: %.1f contact hours from employed staff (contracts less planning)", capacity.contact_hours);
        if (capacity.optional_hours > 0)
            printf(", %.1f more from possible hires", capacity.optional_hours);
        printf("\n");
        if (capacity.statutory.adult_hours > capacity.contact_hours + 1e-9)
            printf("warning: EHC plans alone ask for more adult hours than the staff have\n");
        /* the weights a school sets are its own; say where the model's differ */
        double statutory = tap_weights_statutory(&school->policy.weights);
        if (statutory != school->policy.weights.statutory)
            printf("note: an hour of statutory shortfall weighs %g, not %g: statutory support stays the heaviest "
                   "term against the other weights (docs/model.md)\n",
                   statutory, school->policy.weights.statutory);
        /* Sessions count in adult hours (one session of a group of three is a
         * third of an hour each), the same unit as the adults' hours beside it. */
        printf("Per skill (adult hours):\n  %-22s %6s %10s %7s %10s\n", "skill", "pupils", "needed h", "adults",
               "contact h");
        for (int k = 0; k < capacity.n_skills; k++) {
            const tap_skill_capacity *c = &capacity.skills[k];
            if (c->n_pupils == 0 && c->n_adults == 0)
                continue;
            printf("  %-22s %6d %10.1f %7d %10.1f%s\n", school->skills[k].id, c->n_pupils, c->adult_hours, c->n_adults,
                   c->hours,
                   c->n_pupils > 0 && c->n_adults == 0 ? (c->n_optional ? "  only a possible hire holds it" : "  NOBODY HOLDS IT")
                   : c->adult_hours > c->hours + 1e-9 ? "  demand exceeds capacity"
                                                      : "");
        }
    }
    tap_capacity_release(&capacity);
    tap_school_destroy(&school);
    return EXIT_PLAN_OK;
}
