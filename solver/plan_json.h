/* plan_json.h - the plan as JSON (SPEC section 5), both ways, and the school
 * outlined from a plan file. The comparison and candidates documents have
 * their own writers (comparison_json.h, candidates_json.h). */
#ifndef TAP_PLAN_JSON_H
#define TAP_PLAN_JSON_H

#include "plan.h"

/* Renders plan and its figures as a taplan-plan/1 document: a malloc'd,
 * NUL-terminated string owned by the caller. Deterministic: the same plan
 * gives the same bytes. figures may be NULL: they are then computed.
 * TAP_ENOMEM on failure; TAP_EINPUT when the plan refers to an index the
 * school does not have. */
struct cJSON;

/* Adds key with value as plan files store figures: rounded to six
 * decimals (tap_stored), or an explicit null when value is not finite
 * (an unknown figure, such as no bound yet: cJSON would print NaN or
 * infinity as null silently). False when memory ran out. The comparison
 * and candidates documents write their figures the same way. */
bool tap_add_figure(struct cJSON *object, const char *key, double value);

tap_status tap_plan_json_render(const tap_school *school, const tap_plan *plan,
                                const tap_figures *figures, char **out);

/* Renders and writes atomically (mode 0600). */
tap_status tap_plan_json_write(const tap_school *school, const tap_plan *plan,
                               const tap_figures *figures, const char *path, tap_diags *diags);

/* Reads a plan file against its school. On TAP_OK *plan owns the
 * assignments and *reported owns the figures the file claims (either may be
 * partially zero when the file omits them); *reported is NULL when the file
 * reports no figures at all (no pupils, staff or summary key), so that a
 * hand-written plan is checked against the rules alone. Unknown ids and
 * malformed entries are TAP_EINPUT with one diagnostic each, located at the
 * file. */
tap_status tap_plan_json_read(const tap_school *school, const char *path,
                              tap_plan **plan, tap_figures **reported, tap_diags *diags);

/* Outlines the school that plan files refer to, from the files alone, for
 * presenting a plan without its school file: every id they name (days and
 * slots in the order the plans list them, weekday names in weekday order),
 * each pupil's plan and interventions from the figures, the lessons the
 * assignments show and the memberships they imply. What only the school
 * file knows is left empty: slot times (all 0), lessons without support,
 * strengths, skills, names, availability. The school is not checked (no
 * derived tables); read the plans against it with tap_plan_json_read. */
tap_status tap_plan_json_outline(const char *const *paths, int n_paths, tap_school **out, tap_diags *diags);

#endif
