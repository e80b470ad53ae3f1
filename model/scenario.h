/* scenario.h - a budget scenario (SPEC section 2, scenario file): a base
 * school and named options, each a set of changes to it. An option's
 * school is the base school file's tree with the option merged in, so every
 * error points at the file that gave the value and names the option.
 * docs/scenarios.md describes the format and the merge rules.
 *
 * Ownership: everything inside a tap_scenario lives in its arena. Schools
 * built from it are independent of it and of each other. */
#ifndef TAP_SCENARIO_H
#define TAP_SCENARIO_H

#include <stddef.h>

#include "../base/arena.h"
#include "../base/diag.h"
#include "school.h"

typedef struct {
    char *name;  /* unique within the scenario */
    tap_pos pos; /* the option's entry in the scenario file */
} tap_scenario_option;

typedef struct {
    tap_arena arena;
    char *title;     /* the scenario: text, or NULL */
    char *path;      /* the scenario file, as given */
    char *base;      /* base: as written */
    char *base_path; /* base: resolved against the scenario file's folder */
    tap_scenario_option *options;
    int n_options;
    /* Both files' text, parsed anew for every school so that each school
     * owns its tree and schools can be built in parallel. */
    char *text;
    size_t length;
    char *base_text;
    size_t base_length;
} tap_scenario;

/* An empty scenario, or NULL on exhausted memory. */
tap_scenario *tap_scenario_create(void);

/* Reads the scenario file at path into scenario (from tap_scenario_create),
 * reads its base school, and builds and checks every option's school once,
 * so that every problem is reported now, all at once: TAP_EINPUT with
 * diagnostics located in the scenario or base file, each naming the option
 * it concerns. Diagnostics may name scenario->base_path: print them before
 * destroying the scenario. */
tap_status tap_scenario_read(tap_scenario *scenario, const char *path, tap_diags *diags);

/* A new checked school for option (0 to n_options - 1), or for the base
 * school itself when option is -1; *out is owned by the caller. Safe to
 * call from several threads at once on one scenario. */
tap_status tap_scenario_school(const tap_scenario *scenario, int option, tap_school **out, tap_diags *diags);

/* Frees the scenario; accepts NULL and sets *scenario to NULL. */
void tap_scenario_destroy(tap_scenario **scenario);

#endif
