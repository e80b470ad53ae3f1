/* candidates_json.c - the candidates' index written with cJSON. Each
 * candidate's summary is taken from its plan as plan_json.c renders it, so
 * that the plan format keeps one writer. */
#include "candidates_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../base/file.h"
#include "plan_json.h"

void tap_candidates_file_name(int k, char *buffer, size_t size)
{
    snprintf(buffer, size, "candidate-%d.json", k + 1);
}

static const char *end_key(tap_search_end end)
{
    switch (end) {
    case TAP_SEARCH_COMPLETE: return "complete";
    case TAP_SEARCH_NO_OTHER: return "no_other";
    case TAP_SEARCH_NONE_WITHIN: return "none_within";
    case TAP_SEARCH_OUT_OF_TIME: return "out_of_time";
    case TAP_SEARCH_STOPPED: return "stopped";
    case TAP_SEARCH_NO_PLAN: return "no_plan";
    }
    return "no_plan";
}

/* The plan's own summary object, as its file has it. */
static bool add_summary(cJSON *object, const tap_school *school, const tap_candidate *c)
{
    char *text = NULL;
    if (tap_plan_json_render(school, c->plan, c->figures, &text) != TAP_OK)
        return false;
    cJSON *plan = cJSON_Parse(text);
    free(text);
    cJSON *summary = plan ? cJSON_DetachItemFromObject(plan, "summary") : NULL;
    cJSON_Delete(plan);
    if (summary && cJSON_AddItemToObject(object, "summary", summary))
        return true;
    cJSON_Delete(summary);
    return false;
}

static cJSON *append_object(cJSON *array)
{
    cJSON *item = cJSON_CreateObject();
    if (item && cJSON_AddItemToArray(array, item))
        return item;
    cJSON_Delete(item);
    return NULL;
}

/* Who sees a different week than in the first plan, with the figures
 * that tell them how. */
static bool add_difference(cJSON *object, const tap_school *school, const tap_candidate *first,
                           const tap_candidate *c)
{
    tap_plan_difference difference;
    if (tap_plan_difference_compute(school, first->plan, c->plan, &difference) != TAP_OK)
        return false;
    cJSON *differs = cJSON_AddObjectToObject(object, "differs_from_first");
    bool ok = differs && tap_add_figure(differs, "placements", difference.n_placements);
    cJSON *adults = ok ? cJSON_AddArrayToObject(differs, "adults") : NULL;
    cJSON *pupils = adults ? cJSON_AddArrayToObject(differs, "pupils") : NULL;
    ok = pupils != NULL;
    for (int a = 0; ok && a < school->n_staff; a++) {
        if (difference.staff_slots[a] == 0)
            continue;
        cJSON *entry = append_object(adults);
        ok = entry && cJSON_AddStringToObject(entry, "id", school->staff[a].id) &&
             tap_add_figure(entry, "slots_changed", difference.staff_slots[a]) &&
             tap_add_figure(entry, "contact_hours", c->figures->staff[a].contact_hours) &&
             tap_add_figure(entry, "first_contact_hours", first->figures->staff[a].contact_hours);
    }
    for (int p = 0; ok && p < school->n_pupils; p++) {
        if (difference.pupil_changes[p] == 0)
            continue;
        cJSON *entry = append_object(pupils);
        ok = entry && cJSON_AddStringToObject(entry, "id", school->pupils[p].id) &&
             tap_add_figure(entry, "placements_changed", difference.pupil_changes[p]) &&
             tap_add_figure(entry, "shortfall_hours", c->figures->pupils[p].shortfall_hours) &&
             tap_add_figure(entry, "first_shortfall_hours", first->figures->pupils[p].shortfall_hours);
    }
    tap_plan_difference_release(&difference);
    return ok;
}

static bool add_candidate(cJSON *array, const tap_school *school, const tap_candidates *all, int k)
{
    const tap_candidate *c = &all->items[k];
    char name[64];
    tap_candidates_file_name(k, name, sizeof name);
    double reference = all->reference_objective;
    double above = reference > 0 ? (c->objective - reference) / reference : 0.0;
    cJSON *entry = append_object(array);
    return entry && tap_add_figure(entry, "rank", k + 1) && cJSON_AddStringToObject(entry, "file", name) &&
           cJSON_AddStringToObject(entry, "status", tap_plan_status_name(c->plan->status)) &&
           tap_add_figure(entry, "objective", c->objective) && tap_add_figure(entry, "above_reference", above) &&
           tap_add_figure(entry, "least_difference", c->least_distance) && add_summary(entry, school, c) &&
           add_difference(entry, school, &all->items[0], c);
}

tap_status tap_candidates_json_render(const tap_school *school, const tap_candidates *c, char **out)
{
    *out = NULL;
    cJSON *root = cJSON_CreateObject();
    bool ok = root && cJSON_AddStringToObject(root, "format", "taplan-candidates/1") &&
              (school->name ? cJSON_AddStringToObject(root, "school", school->name)
                            : cJSON_AddNullToObject(root, "school")) &&
              tap_add_figure(root, "asked", c->n_wanted) && tap_add_figure(root, "found", c->n_items) &&
              tap_add_figure(root, "within", c->within) && tap_add_figure(root, "min_diff", c->min_diff) &&
              tap_add_figure(root, "reference_objective", c->n_items > 0 ? c->reference_objective : NAN) &&
              cJSON_AddBoolToObject(root, "reference_proven", c->reference_proven) &&
              tap_add_figure(root, "objective_limit", c->n_items > 0 ? c->objective_limit : NAN) &&
              tap_add_figure(root, "statutory_cap_hours", c->n_items > 0 ? c->statutory_cap : NAN) &&
              cJSON_AddStringToObject(root, "search", end_key(c->end)) &&
              cJSON_AddStringToObject(root, "search_text", tap_search_end_text(c->end)) &&
              tap_add_figure(root, "next_objective", c->next_objective) &&
              tap_add_figure(root, "next_bound", c->next_bound) && tap_add_figure(root, "seconds", c->seconds);
    cJSON *list = ok ? cJSON_AddArrayToObject(root, "candidates") : NULL;
    for (int k = 0; list && k < c->n_items; k++)
        if (!add_candidate(list, school, c, k))
            list = NULL;
    char *text = list ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    size_t length = text ? strlen(text) : 0;
    char *document = text ? malloc(length + 2) : NULL;
    if (document) {
        memcpy(document, text, length);
        memcpy(document + length, "\n", 2); /* a text file ends with a newline */
    }
    cJSON_free(text);
    *out = document;
    return document ? TAP_OK : TAP_ENOMEM;
}

tap_status tap_candidates_json_write(const tap_school *school, const tap_candidates *c, const char *dir,
                                     tap_diags *diags)
{
    tap_status status = tap_file_make_dir(dir, diags);
    for (int k = 0; status == TAP_OK && k < c->n_items; k++) {
        char name[64], *text = NULL;
        tap_candidates_file_name(k, name, sizeof name);
        status = tap_plan_json_render(school, c->items[k].plan, c->items[k].figures, &text);
        if (status == TAP_OK)
            status = tap_file_write_in_dir(dir, name, text, strlen(text), diags);
        free(text);
    }
    char *index = NULL;
    if (status == TAP_OK)
        status = tap_candidates_json_render(school, c, &index);
    if (status == TAP_OK)
        status = tap_file_write_in_dir(dir, "candidates.json", index, strlen(index), diags);
    free(index);
    return status;
}
