/* comparison_json.c - the comparison document written with cJSON. The
 * second of taplan's two cJSON users, beside plan_json.c: the comparison is
 * its own document, and each option's plan inside it is parsed back from
 * tap_plan_json_render so that the plan format has one writer. */
#include "comparison_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../base/file.h"
#include "plan_json.h"

static bool add_text(cJSON *object, const char *key, const char *text)
{
    return (text ? cJSON_AddStringToObject(object, key, text) : cJSON_AddNullToObject(object, key)) != NULL;
}

/* Adds item to array, freeing it when that fails; false then. */
static bool append(cJSON *array, cJSON *item)
{
    if (item && cJSON_AddItemToArray(array, item))
        return true;
    cJSON_Delete(item);
    return false;
}

static cJSON *append_object(cJSON *array)
{
    cJSON *item = cJSON_CreateObject();
    return append(array, item) ? item : NULL;
}

/* The ids of the listed pupils of one plan kind who are short. */
static bool add_pupils_short(cJSON *object, const char *key, const tap_compare_run *run, tap_plan_kind kind)
{
    cJSON *list = cJSON_AddArrayToObject(object, key);
    for (int p = 0; list && p < run->school->n_pupils; p++)
        if (run->school->pupils[p].plan == kind && run->figures->pupils[p].shortfall_hours > 1e-6 &&
            !append(list, cJSON_CreateString(run->school->pupils[p].id)))
            return false;
    return list != NULL;
}

static bool add_plan(cJSON *object, const tap_compare_run *run)
{
    char *text = NULL;
    if (tap_plan_json_render(run->school, run->plan, run->figures, &text) != TAP_OK)
        return false;
    cJSON *plan = cJSON_Parse(text);
    free(text);
    if (plan && cJSON_AddItemToObject(object, "plan", plan))
        return true;
    cJSON_Delete(plan);
    return false;
}

/* Status, figures, rows where the run is best, and the plan. */
static bool add_run(cJSON *object, const tap_comparison *c, int i)
{
    const tap_compare_run *run = &c->runs[i];
    if (run->below_fixed_cost)
        return add_text(object, "status", "below_fixed_cost") &&
               tap_add_figure(object, "fixed_weekly_cost", run->fixed_cost);
    if (run->status != TAP_OK || !run->plan) {
        const char *why = run->diags.n_items > 0 ? run->diags.items[0].message : tap_status_text(run->status);
        return add_text(object, "status", "error") && add_text(object, "error", why);
    }
    const tap_plan *plan = run->plan;
    if (!add_text(object, "status", tap_plan_status_name(plan->status)) || !tap_add_figure(object, "gap", plan->gap) ||
        !tap_add_figure(object, "solve_seconds", plan->solve_seconds) ||
        !cJSON_AddBoolToObject(object, "statutory_proven", plan->statutory_proven) ||
        !tap_add_figure(object, "verify_violations", run->n_violations))
        return false;
    cJSON *hires = cJSON_AddArrayToObject(object, "hires");
    for (int a = 0; hires && a < run->school->n_staff; a++)
        if (run->school->staff[a].optional && run->figures->staff[a].employed &&
            !append(hires, cJSON_CreateString(run->school->staff[a].id)))
            return false;
    if (!hires)
        return false;
    const tap_compare_figures *f = &run->summary;
    for (int row = 0; row < tap_n_compare_rows; row++) {
        const char *key = tap_compare_rows[row].key;
        bool ok;
        if (!strcmp(key, "worst_served_pupil")) {
            cJSON *worst = f->worst_pupil >= 0 ? cJSON_AddObjectToObject(object, key)
                                               : cJSON_AddNullToObject(object, key);
            ok = worst && (f->worst_pupil < 0 ||
                           (add_text(worst, "id", run->school->pupils[f->worst_pupil].id) &&
                            tap_add_figure(worst, "delivered_fraction", f->worst_delivered_fraction) &&
                            tap_add_figure(worst, "shortfall_hours", f->worst_shortfall_hours)));
        } else {
            ok = tap_add_figure(object, key, tap_compare_value(run, row));
        }
        if (!ok)
            return false;
    }
    if (!tap_add_figure(object, "pupils_planned", f->n_pupils_planned) ||
        !tap_add_figure(object, "sen_support_entitled_hours", f->sen_support_entitled_hours) ||
        !tap_add_figure(object, "planning_hours", f->planning_hours) ||
        !add_pupils_short(object, "statutory_pupils", run, TAP_PLAN_EHCP) ||
        !add_pupils_short(object, "sen_support_pupils", run, TAP_PLAN_SEN_SUPPORT))
        return false;
    cJSON *best = cJSON_AddArrayToObject(object, "best");
    for (int row = 0; best && row < tap_n_compare_rows; row++)
        if (tap_compare_is_best(c, i, row) && !append(best, cJSON_CreateString(tap_compare_rows[row].key)))
            return false;
    return best && add_plan(object, run);
}

static bool render_options(const tap_comparison *c, cJSON *root)
{
    int *order = malloc(((size_t)c->n_runs + 1) * sizeof *order);
    cJSON *ranking = cJSON_AddArrayToObject(root, "ranking");
    bool ok = order && ranking && tap_compare_rank(c, order) == TAP_OK;
    for (int i = 0; ok && i < c->n_runs; i++)
        if (tap_compare_has_plan(&c->runs[order[i]]))
            ok = append(ranking, cJSON_CreateString(c->scenario->options[c->runs[order[i]].option].name));
    free(order);
    cJSON *options = ok ? cJSON_AddArrayToObject(root, "options") : NULL;
    for (int i = 0; options && i < c->n_runs; i++) {
        cJSON *object = append_object(options);
        if (!object || !add_text(object, "name", c->scenario->options[c->runs[i].option].name) ||
            !add_run(object, c, i))
            return false;
    }
    return options != NULL;
}

static bool render_sweep(const tap_comparison *c, cJSON *root)
{
    cJSON *budgets = cJSON_AddObjectToObject(root, "budgets");
    if (!budgets || !tap_add_figure(budgets, "from", c->from) || !tap_add_figure(budgets, "to", c->to) ||
        !tap_add_figure(budgets, "step", c->step))
        return false;
    cJSON *options = cJSON_AddArrayToObject(root, "options");
    for (int k = 0; options && k < c->scenario->n_options; k++) {
        cJSON *object = append_object(options);
        int least = tap_compare_least_meeting(c, k);
        cJSON *levels = object ? cJSON_AddArrayToObject(object, "levels") : NULL;
        if (!levels || !add_text(object, "name", c->scenario->options[k].name) ||
            !tap_add_figure(object, "fixed_weekly_cost", c->runs[k * c->n_levels].fixed_cost) ||
            !tap_add_figure(object, "least_budget_meeting_every_ehc_plan", least >= 0 ? c->runs[least].budget : NAN))
            return false;
        for (int level = 0; level < c->n_levels; level++) {
            int i = k * c->n_levels + level;
            cJSON *entry = append_object(levels);
            if (!entry || !tap_add_figure(entry, "weekly_budget", c->runs[i].budget) || !add_run(entry, c, i))
                return false;
        }
    }
    return options != NULL;
}

tap_status tap_comparison_json_render(const tap_comparison *c, char **out)
{
    *out = NULL;
    char *verdict = tap_compare_verdict(c);
    const tap_school *school = c->n_runs > 0 ? c->runs[0].school : NULL;
    cJSON *root = verdict ? cJSON_CreateObject() : NULL;
    bool ok = root && add_text(root, "format", c->sweep ? "taplan-budget-sweep/1" : "taplan-comparison/1") &&
              add_text(root, "scenario", c->scenario->title) && add_text(root, "base", c->scenario->base) &&
              add_text(root, "school", school ? school->name : NULL) && add_text(root, "verdict", verdict) &&
              (c->sweep ? render_sweep(c, root) : render_options(c, root));
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    free(verdict);
    size_t length = text ? strlen(text) : 0;
    char *document = text ? malloc(length + 2) : NULL;
    if (document) {
        memcpy(document, text, length);
        memcpy(document + length, "\n", 2); /* a proper text file ends with a newline */
    }
    cJSON_free(text);
    *out = document;
    return document ? TAP_OK : TAP_ENOMEM;
}

tap_status tap_comparison_json_write(const tap_comparison *c, const char *path, tap_diags *diags)
{
    char *text = NULL;
    tap_status status = tap_comparison_json_render(c, &text);
    if (status == TAP_OK)
        status = tap_file_write_atomic(path, text, strlen(text), diags);
    free(text);
    return status;
}
