/* plan_json.c - the plan file (SPEC section 5) written from and read back
 * into a tap_plan. Ids are resolved here, so everything downstream works
 * with indices. */
#include "plan_json.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../base/file.h"
#include "../base/id_index.h"
#include "../base/text.h"

#define FORMAT_NAME "taplan-plan/1"

/* ------------------------------------------------------------------ */
/* Writing                                                            */
/* ------------------------------------------------------------------ */

bool tap_add_figure(cJSON *object, const char *key, double value)
{
    if (!isfinite(value))
        return cJSON_AddNullToObject(object, key) != NULL;
    return cJSON_AddNumberToObject(object, key, tap_stored(value)) != NULL;
}

static bool add_int(cJSON *object, const char *key, int value)
{
    return cJSON_AddNumberToObject(object, key, (double)value) != NULL;
}

static bool append_string(cJSON *array, const char *text)
{
    cJSON *item = cJSON_CreateString(text);
    if (!item)
        return false;
    if (!cJSON_AddItemToArray(array, item)) {
        cJSON_Delete(item);
        return false;
    }
    return true;
}

/* Adds an empty object to an array; NULL on exhausted memory. */
static cJSON *append_object(cJSON *array)
{
    cJSON *item = cJSON_CreateObject();
    if (!item)
        return NULL;
    if (!cJSON_AddItemToArray(array, item)) {
        cJSON_Delete(item);
        return NULL;
    }
    return item;
}

static const char *plan_kind_name(tap_plan_kind kind)
{
    switch (kind) {
    case TAP_PLAN_EHCP: return "ehcp";
    case TAP_PLAN_SEN_SUPPORT: return "sen_support";
    case TAP_PLAN_NONE: return "none";
    }
    return "none";
}

/* Ids by index; NULL when the index is outside the school, which only a
 * programming error upstream can cause. */
#define ID_OF(array, count, index) ((index) >= 0 && (index) < (count) ? (array)[index].id : NULL)

typedef enum { RENDER_OK, RENDER_NOMEM, RENDER_BADINDEX } render_result;

static render_result render_pupil_list(const tap_school *s, cJSON *object, const tap_assignment *a)
{
    cJSON *pupils = cJSON_AddArrayToObject(object, "pupils");
    if (!pupils)
        return RENDER_NOMEM;
    for (int k = 0; k < a->n_pupils; k++) {
        const char *id = ID_OF(s->pupils, s->n_pupils, a->pupils[k]);
        if (!id)
            return RENDER_BADINDEX;
        if (!append_string(pupils, id))
            return RENDER_NOMEM;
    }
    return RENDER_OK;
}

/* Fills object with the assignment's keys. */
static render_result render_assignment_into(const tap_school *s, cJSON *object, const tap_assignment *a)
{
    const char *staff = ID_OF(s->staff, s->n_staff, a->staff);
    const char *day = ID_OF(s->days, s->n_days, a->day);
    const char *slot = ID_OF(s->slots, s->n_slots, a->slot);
    if (!staff || !day || !slot)
        return RENDER_BADINDEX;
    if (!object || !cJSON_AddStringToObject(object, "staff", staff) || !cJSON_AddStringToObject(object, "day", day) ||
        !cJSON_AddStringToObject(object, "slot", slot) ||
        !cJSON_AddStringToObject(object, "activity", tap_activity_name(a->activity)))
        return RENDER_NOMEM;
    render_result result = RENDER_OK;
    switch (a->activity) {
    case TAP_ACT_IN_CLASS: {
        const char *group = ID_OF(s->groups, s->n_groups, a->group);
        const char *subject = ID_OF(s->subjects, s->n_subjects, a->subject);
        if (!group || !subject)
            return RENDER_BADINDEX;
        if (!cJSON_AddStringToObject(object, "group", group) || !cJSON_AddStringToObject(object, "subject", subject))
            return RENDER_NOMEM;
        return render_pupil_list(s, object, a);
    }
    case TAP_ACT_INTERVENTION: {
        const char *programme = ID_OF(s->programmes, s->n_programmes, a->programme);
        if (!programme)
            return RENDER_BADINDEX;
        if (!cJSON_AddStringToObject(object, "programme", programme))
            return RENDER_NOMEM;
        result = render_pupil_list(s, object, a);
        if (result != RENDER_OK)
            return result;
        cJSON *withdrawn = cJSON_AddArrayToObject(object, "withdrawn_from");
        if (!withdrawn)
            return RENDER_NOMEM;
        for (int k = 0; k < a->n_withdrawn; k++) {
            const tap_withdrawal *w = &a->withdrawn[k];
            const char *pupil = ID_OF(s->pupils, s->n_pupils, w->pupil);
            const char *group = ID_OF(s->groups, s->n_groups, w->group);
            const char *subject = ID_OF(s->subjects, s->n_subjects, w->subject);
            if (!pupil || !group || !subject)
                return RENDER_BADINDEX;
            cJSON *entry = append_object(withdrawn);
            if (!entry || !cJSON_AddStringToObject(entry, "pupil", pupil) ||
                !cJSON_AddStringToObject(entry, "group", group) || !cJSON_AddStringToObject(entry, "subject", subject))
                return RENDER_NOMEM;
        }
        return RENDER_OK;
    }
    case TAP_ACT_UNSTRUCTURED:
        return render_pupil_list(s, object, a);
    case TAP_ACT_PLANNING:
        /* Planning has no pupils; a plan that lists some anyway keeps them
         * in the file so that verify can point at the mistake. */
        return a->n_pupils > 0 ? render_pupil_list(s, object, a) : RENDER_OK;
    }
    return RENDER_OK;
}

static render_result render_assignment(const tap_school *s, cJSON *array, const tap_assignment *a)
{
    cJSON *object = append_object(array);
    return object ? render_assignment_into(s, object, a) : RENDER_NOMEM;
}

static render_result render_pupil(const tap_school *s, const tap_plan *plan, const tap_figures *f, cJSON *array,
                                  int p)
{
    const tap_pupil *pupil = &s->pupils[p];
    const tap_pupil_figures *pf = &f->pupils[p];
    cJSON *object = append_object(array);
    if (!object || !cJSON_AddStringToObject(object, "id", pupil->id) ||
        !cJSON_AddStringToObject(object, "plan", plan_kind_name(pupil->plan)))
        return RENDER_NOMEM;
    cJSON *in_class = cJSON_AddObjectToObject(object, "in_class");
    if (!in_class || !tap_add_figure(in_class, "entitled_hours", pf->in_class_entitled) ||
        !tap_add_figure(in_class, "delivered_hours", pf->in_class_delivered))
        return RENDER_NOMEM;
    cJSON *interventions = cJSON_AddArrayToObject(object, "interventions");
    if (!interventions)
        return RENDER_NOMEM;
    for (int n = 0; n < pf->n_interventions && n < pupil->n_interventions; n++) {
        const char *programme = ID_OF(s->programmes, s->n_programmes, pupil->interventions[n].programme);
        if (!programme)
            return RENDER_BADINDEX;
        cJSON *entry = append_object(interventions);
        if (!entry || !cJSON_AddStringToObject(entry, "programme", programme) ||
            !add_int(entry, "entitled", pf->interventions[n].entitled) ||
            !add_int(entry, "delivered", pf->interventions[n].delivered))
            return RENDER_NOMEM;
    }
    cJSON *unstructured = cJSON_AddObjectToObject(object, "unstructured");
    if (!unstructured || !tap_add_figure(unstructured, "needed_hours", pf->unstructured_needed) ||
        !tap_add_figure(unstructured, "covered_hours", pf->unstructured_covered) ||
        !tap_add_figure(object, "shortfall_hours", pf->shortfall_hours))
        return RENDER_NOMEM;
    cJSON *adults = cJSON_AddArrayToObject(object, "adults");
    if (!adults)
        return RENDER_NOMEM;
    for (int k = 0; k < pf->n_adults; k++) {
        const char *id = ID_OF(s->staff, s->n_staff, pf->adults[k]);
        if (!id)
            return RENDER_BADINDEX;
        if (!append_string(adults, id))
            return RENDER_NOMEM;
    }
    if (!add_int(object, "strength_withdrawals", pf->strength_withdrawals))
        return RENDER_NOMEM;
    if (plan->pupil_reasons && p < plan->n_pupil_reasons && plan->pupil_reasons[p] &&
        !cJSON_AddStringToObject(object, "reason", plan->pupil_reasons[p]))
        return RENDER_NOMEM;
    return RENDER_OK;
}

static render_result render_figures(const tap_school *s, const tap_plan *plan, const tap_figures *f, cJSON *root)
{
    cJSON *pupils = cJSON_AddArrayToObject(root, "pupils");
    if (!pupils)
        return RENDER_NOMEM;
    for (int p = 0; p < s->n_pupils; p++) {
        if (!f->pupils[p].listed)
            continue;
        render_result result = render_pupil(s, plan, f, pupils, p);
        if (result != RENDER_OK)
            return result;
    }
    cJSON *staff = cJSON_AddArrayToObject(root, "staff");
    if (!staff)
        return RENDER_NOMEM;
    for (int a = 0; a < s->n_staff; a++) {
        const tap_staff_figures *sf = &f->staff[a];
        cJSON *object = append_object(staff);
        if (!object || !cJSON_AddStringToObject(object, "id", s->staff[a].id) ||
            !cJSON_AddBoolToObject(object, "employed", sf->employed) ||
            !tap_add_figure(object, "contract_hours", sf->contract_hours) ||
            !tap_add_figure(object, "contact_hours", sf->contact_hours) ||
            !add_int(object, "planning_slots", sf->planning_slots) ||
            !tap_add_figure(object, "weekly_cost", sf->weekly_cost))
            return RENDER_NOMEM;
    }
    const tap_summary *sum = &f->summary;
    cJSON *summary = cJSON_AddObjectToObject(root, "summary");
    if (!summary || !tap_add_figure(summary, "statutory_shortfall_hours", sum->statutory_shortfall_hours) ||
        !tap_add_figure(summary, "sen_support_shortfall_hours", sum->sen_support_shortfall_hours) ||
        !tap_add_figure(summary, "weekly_cost", sum->weekly_cost) ||
        !tap_add_figure(summary, "annual_cost", sum->annual_cost) ||
        !tap_add_figure(summary, "funded_hours", sum->funded_hours) ||
        !tap_add_figure(summary, "hours_reaching_pupils", sum->hours_reaching_pupils) ||
        !tap_add_figure(summary, "unallocated_hours", sum->unallocated_hours) ||
        !add_int(summary, "strength_withdrawals", sum->strength_withdrawals))
        return RENDER_NOMEM;
    return RENDER_OK;
}

static const char *change_name(tap_change_kind kind)
{
    switch (kind) {
    case TAP_CHANGE_ADDED: return "added";
    case TAP_CHANGE_REMOVED: return "removed";
    case TAP_CHANGE_CHANGED: return "changed";
    }
    return "changed";
}

static bool add_ids(const tap_school *s, cJSON *object, const char *key, const int *staff, int n)
{
    cJSON *list = cJSON_AddArrayToObject(object, key);
    for (int i = 0; list && i < n; i++)
        if (!append_string(list, s->staff[staff[i]].id))
            return false;
    return list != NULL;
}

/* Replan: each slot that changed, then what changed for each pupil. */
static render_result render_changes(const tap_school *s, const tap_plan *plan, cJSON *root)
{
    cJSON *changes = cJSON_AddArrayToObject(root, "changes");
    if (!changes)
        return RENDER_NOMEM;
    for (int i = 0; i < plan->n_changes; i++) {
        const tap_change *c = &plan->changes[i];
        cJSON *object = append_object(changes);
        if (!object || !cJSON_AddStringToObject(object, "change", change_name(c->kind)) ||
            !cJSON_AddBoolToObject(object, "absent", c->absent))
            return RENDER_NOMEM;
        render_result result = RENDER_OK;
        if (c->kind != TAP_CHANGE_ADDED)
            result = render_assignment_into(s, cJSON_AddObjectToObject(object, "before"), &c->before);
        if (result == RENDER_OK && c->kind != TAP_CHANGE_REMOVED)
            result = render_assignment_into(s, cJSON_AddObjectToObject(object, "after"), &c->after);
        if (result != RENDER_OK)
            return result;
    }
    cJSON *pupils = cJSON_AddArrayToObject(root, "pupils_affected");
    if (!pupils)
        return RENDER_NOMEM;
    for (int i = 0; i < plan->n_pupil_changes; i++) {
        const tap_pupil_change *c = &plan->pupil_changes[i];
        cJSON *object = append_object(pupils);
        cJSON *withdrawals = NULL;
        if (!object || !cJSON_AddStringToObject(object, "pupil", s->pupils[c->pupil].id) ||
            !tap_add_figure(object, "in_class_hours_lost", c->in_class_lost) ||
            !add_int(object, "sessions_lost", c->sessions_lost) ||
            !tap_add_figure(object, "unstructured_hours_lost", c->unstructured_lost) ||
            !add_ids(s, object, "adults_lost", c->adults_lost, c->n_adults_lost) ||
            !add_ids(s, object, "adults_new", c->adults_new, c->n_adults_new) ||
            !(withdrawals = cJSON_AddArrayToObject(object, "new_withdrawals")))
            return RENDER_NOMEM;
        for (int w = 0; w < c->n_new_withdrawals; w++) {
            const tap_slot_subject *ws = &c->new_withdrawals[w];
            cJSON *item = append_object(withdrawals);
            if (!item || !cJSON_AddStringToObject(item, "day", s->days[ws->day].id) ||
                !cJSON_AddStringToObject(item, "slot", s->slots[ws->slot].id) ||
                !cJSON_AddStringToObject(item, "subject", s->subjects[ws->subject].id))
                return RENDER_NOMEM;
        }
    }
    return RENDER_OK;
}

static render_result render_document(const tap_school *s, const tap_plan *plan, const tap_figures *f, cJSON *root)
{
    if (!cJSON_AddStringToObject(root, "format", FORMAT_NAME) ||
        !cJSON_AddStringToObject(root, "school", s->name ? s->name : "") ||
        !cJSON_AddStringToObject(root, "status", tap_plan_status_name(plan->status)) ||
        !tap_add_figure(root, "objective", plan->objective) || !tap_add_figure(root, "bound", plan->bound) ||
        !tap_add_figure(root, "gap", plan->gap) || !tap_add_figure(root, "solve_seconds", plan->solve_seconds))
        return RENDER_NOMEM;
    cJSON *assignments = cJSON_AddArrayToObject(root, "assignments");
    if (!assignments)
        return RENDER_NOMEM;
    for (int i = 0; i < plan->n_assignments; i++) {
        render_result result = render_assignment(s, assignments, &plan->assignments[i]);
        if (result != RENDER_OK)
            return result;
    }
    render_result result = render_figures(s, plan, f, root);
    return result == RENDER_OK && plan->replanned ? render_changes(s, plan, root) : result;
}

tap_status tap_plan_json_render(const tap_school *school, const tap_plan *plan, const tap_figures *figures,
                                char **out)
{
    *out = NULL;
    tap_figures *computed = NULL;
    if (!figures) {
        tap_status status = tap_figures_compute(school, plan, &computed);
        if (status != TAP_OK)
            return status;
        figures = computed;
    }
    cJSON *root = cJSON_CreateObject();
    render_result result = root ? render_document(school, plan, figures, root) : RENDER_NOMEM;
    char *text = result == RENDER_OK ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    tap_figures_destroy(&computed);
    if (result == RENDER_BADINDEX)
        return TAP_EINPUT;
    if (!text)
        return TAP_ENOMEM;
    /* A final newline, so that the file is a proper text file. */
    size_t length = strlen(text);
    char *document = malloc(length + 2);
    if (!document) {
        cJSON_free(text);
        return TAP_ENOMEM;
    }
    memcpy(document, text, length);
    document[length] = '\n';
    document[length + 1] = '\0';
    cJSON_free(text);
    *out = document;
    return TAP_OK;
}

tap_status tap_plan_json_write(const tap_school *school, const tap_plan *plan, const tap_figures *figures,
                               const char *path, tap_diags *diags)
{
    char *text = NULL;
    tap_status status = tap_plan_json_render(school, plan, figures, &text);
    if (status == TAP_EINPUT)
        tap_diags_add(diags, (tap_pos){path, 0, 0}, "the plan refers to an id the school does not have");
    if (status != TAP_OK)
        return status;
    status = tap_file_write_atomic(path, text, strlen(text), diags);
    free(text);
    return status;
}

/* ------------------------------------------------------------------ */
/* Reading                                                            */
/* ------------------------------------------------------------------ */

typedef struct {
    const tap_school *s;
    const char *path;
    tap_diags *diags;
    tap_plan *plan;
    tap_figures *reported;
    int n_errors;
    bool out_of_memory;
} reader;

static void complain(reader *r, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void complain(reader *r, const char *format, ...)
{
    char message[768];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    r->n_errors++;
    tap_diags_add(r->diags, (tap_pos){r->path, 0, 0}, "%s", message);
}

/* Text from the file as it may appear in a message: short, and with
 * control characters escaped so that a hostile plan cannot drive the
 * terminal. */
typedef struct {
    char text[80];
} quoted;

static quoted quote(const char *raw)
{
    quoted q;
    size_t n = 0;
    const unsigned char *c = (const unsigned char *)raw;
    for (; *c && n < sizeof q.text - 8; c++) {
        if (*c >= 0x20 && *c != 0x7f)
            q.text[n++] = (char)*c;
        else
            n += (size_t)snprintf(q.text + n, sizeof q.text - n, "\\x%02x", *c);
    }
    if (*c) {
        memcpy(q.text + n, "...", 3);
        n += 3;
    }
    q.text[n] = '\0';
    return q;
}

/* Reports keys that the format does not have and keys given twice (once
 * each, whatever the number of repeats). */
static void check_keys(reader *r, const cJSON *object, const char *where, const char *const *allowed)
{
    int seen[16] = {0}; /* no object of the format has more keys */
    for (const cJSON *item = object->child; item; item = item->next) {
        int known = -1;
        for (int k = 0; allowed[k] && k < 16 && known < 0; k++)
            if (strcmp(item->string, allowed[k]) == 0)
                known = k;
        if (known < 0)
            complain(r, "%s: unknown key '%s'", where, quote(item->string).text);
        else if (seen[known]++ == 1)
            complain(r, "%s: key '%s' given twice", where, item->string);
    }
}

static const cJSON *member(const cJSON *object, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(object, key);
}

/* A required string member; NULL (with one diagnostic) when absent or not
 * a string. */
static const char *need_string(reader *r, const cJSON *object, const char *key, const char *where)
{
    const cJSON *item = member(object, key);
    if (!item) {
        complain(r, "%s: missing key '%s'", where, key);
        return NULL;
    }
    if (!cJSON_IsString(item) || !item->valuestring) {
        complain(r, "%s: '%s' must be a string", where, key);
        return NULL;
    }
    return item->valuestring;
}

static bool need_number(reader *r, const cJSON *object, const char *key, const char *where, double *out)
{
    const cJSON *item = member(object, key);
    if (!item) {
        complain(r, "%s: missing key '%s'", where, key);
        return false;
    }
    if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble)) {
        complain(r, "%s: '%s' must be a number", where, key);
        return false;
    }
    *out = item->valuedouble;
    return true;
}

static bool need_int(reader *r, const cJSON *object, const char *key, const char *where, int *out)
{
    double value = 0.0;
    if (!need_number(r, object, key, where, &value))
        return false;
    if (value != floor(value) || value < INT_MIN || value > INT_MAX) {
        complain(r, "%s: '%s' must be a whole number", where, key);
        return false;
    }
    *out = (int)value;
    return true;
}

/* An optional solver number: absent or null means "not known" (NaN). */
static void optional_number(reader *r, const cJSON *root, const char *key, double *out)
{
    const cJSON *item = member(root, key);
    *out = NAN;
    if (!item || cJSON_IsNull(item))
        return;
    if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble)) {
        complain(r, "'%s' must be a number or null", key);
        return;
    }
    *out = item->valuedouble;
}

/* Resolves a required id member; -1 (with one diagnostic) when it fails. */
static int need_id(reader *r, const cJSON *object, const char *key, const char *where, const char *kind,
                   int (*find)(const tap_school *, const char *))
{
    const char *id = need_string(r, object, key, where);
    if (!id)
        return -1;
    int index = find(r->s, id);
    if (index < 0)
        complain(r, "%s: unknown %s '%s'", where, kind, quote(id).text);
    return index;
}

/* A growing int list in malloc'd memory for the lists of one entry. */
typedef struct {
    int *items;
    int n_items;
    int capacity;
} int_list;

static bool int_list_push(int_list *list, int value)
{
    if (list->n_items == list->capacity) {
        int capacity = list->capacity ? list->capacity * 2 : 8;
        int *items = realloc(list->items, (size_t)capacity * sizeof *items);
        if (!items)
            return false;
        list->items = items;
        list->capacity = capacity;
    }
    list->items[list->n_items++] = value;
    return true;
}

/* Reads an array of ids into indices; unknown ids are reported one by one. */
static void read_id_list(reader *r, const cJSON *array, const char *key, const char *where, const char *kind,
                         int (*find)(const tap_school *, const char *), int_list *out)
{
    if (!cJSON_IsArray(array)) {
        complain(r, "%s: '%s' must be an array of %s ids", where, key, kind);
        return;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        if (!cJSON_IsString(item) || !item->valuestring) {
            complain(r, "%s: '%s' must hold %s ids (strings)", where, key, kind);
            continue;
        }
        int index = find(r->s, item->valuestring);
        if (index < 0)
            complain(r, "%s: unknown %s '%s'", where, kind, quote(item->valuestring).text);
        else if (!int_list_push(out, index))
            r->out_of_memory = true;
    }
}

static bool parse_activity(const char *name, tap_activity *out)
{
    static const tap_activity all[] = {TAP_ACT_IN_CLASS, TAP_ACT_INTERVENTION, TAP_ACT_UNSTRUCTURED,
                                       TAP_ACT_PLANNING};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(name, tap_activity_name(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

static void read_withdrawals(reader *r, const cJSON *array, const char *where, tap_withdrawal **items, int *n_items)
{
    static const char *const keys[] = {"pupil", "group", "subject", NULL};
    if (!cJSON_IsArray(array)) {
        complain(r, "%s: 'withdrawn_from' must be an array", where);
        return;
    }
    int n = cJSON_GetArraySize(array);
    *items = calloc((size_t)n + 1, sizeof **items);
    if (!*items) {
        r->out_of_memory = true;
        return;
    }
    int k = 0;
    const cJSON *entry;
    cJSON_ArrayForEach(entry, array)
    {
        char inner[400];
        snprintf(inner, sizeof inner, "%s withdrawn_from[%d]", where, k);
        k++;
        if (!cJSON_IsObject(entry)) {
            complain(r, "%s: must be an object", inner);
            continue;
        }
        check_keys(r, entry, inner, keys);
        int pupil = need_id(r, entry, "pupil", inner, "pupil", tap_school_find_pupil);
        int group = need_id(r, entry, "group", inner, "group", tap_school_find_group);
        int subject = need_id(r, entry, "subject", inner, "subject", tap_school_find_subject);
        if (pupil >= 0 && group >= 0 && subject >= 0)
            (*items)[(*n_items)++] = (tap_withdrawal){pupil, group, subject};
    }
}

static void read_assignment(reader *r, const cJSON *object, int index)
{
    static const char *const keys[] = {"staff", "day",    "slot",           "activity", "group",
                                       "subject", "programme", "pupils", "withdrawn_from", NULL};
    char where[320];
    snprintf(where, sizeof where, "assignments[%d]", index);
    if (!cJSON_IsObject(object)) {
        complain(r, "%s: must be an object", where);
        return;
    }
    check_keys(r, object, where, keys);
    int n_before = r->n_errors;
    tap_assignment a = {-1, -1, -1, TAP_ACT_PLANNING, -1, -1, -1, NULL, 0, NULL, 0};
    a.staff = need_id(r, object, "staff", where, "staff", tap_school_find_staff);
    a.day = need_id(r, object, "day", where, "day", tap_school_find_day);
    a.slot = need_id(r, object, "slot", where, "slot", tap_school_find_slot);
    const char *activity = need_string(r, object, "activity", where);
    if (activity && !parse_activity(activity, &a.activity)) {
        complain(r, "%s: unknown activity '%s' (in_class, intervention, unstructured or planning)", where,
                 quote(activity).text);
        return;
    }
    if (!activity)
        return;
    /* Name the assignment by its ids too, now that they are known. */
    const cJSON *staff_item = member(object, "staff");
    if (cJSON_IsString(staff_item) && cJSON_IsString(member(object, "day")) && cJSON_IsString(member(object, "slot")))
        snprintf(where, sizeof where, "assignments[%d] (%s %s %s)", index, quote(staff_item->valuestring).text,
                 quote(member(object, "day")->valuestring).text, quote(member(object, "slot")->valuestring).text);

    bool wants_group = a.activity == TAP_ACT_IN_CLASS;
    bool wants_programme = a.activity == TAP_ACT_INTERVENTION;
    static const char *const specific[] = {"group", "subject", "programme", "withdrawn_from"};
    for (size_t k = 0; k < sizeof specific / sizeof specific[0]; k++) {
        bool applies = k < 2 ? wants_group : wants_programme;
        if (!applies && member(object, specific[k]))
            complain(r, "%s: '%s' does not apply to %s", where, specific[k], activity);
    }
    if (wants_group) {
        a.group = need_id(r, object, "group", where, "group", tap_school_find_group);
        a.subject = need_id(r, object, "subject", where, "subject", tap_school_find_subject);
    }
    if (wants_programme)
        a.programme = need_id(r, object, "programme", where, "programme", tap_school_find_programme);

    int_list pupils = {0};
    const cJSON *pupil_array = member(object, "pupils");
    if (pupil_array)
        read_id_list(r, pupil_array, "pupils", where, "pupil", tap_school_find_pupil, &pupils);
    else if (a.activity != TAP_ACT_PLANNING)
        complain(r, "%s: missing key 'pupils'", where);
    const cJSON *withdrawn_array = member(object, "withdrawn_from");
    if (wants_programme && withdrawn_array)
        read_withdrawals(r, withdrawn_array, where, &a.withdrawn, &a.n_withdrawn);

    a.pupils = pupils.items;
    a.n_pupils = pupils.n_items;
    if (r->n_errors == n_before && !r->out_of_memory && tap_plan_add(r->plan, &a) != TAP_OK)
        r->out_of_memory = true;
    free(pupils.items);
    free(a.withdrawn);
}

static bool parse_plan_kind(const char *name, tap_plan_kind *out)
{
    static const tap_plan_kind all[] = {TAP_PLAN_NONE, TAP_PLAN_SEN_SUPPORT, TAP_PLAN_EHCP};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(name, plan_kind_name(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

static void read_pupil_interventions(reader *r, const cJSON *array, const char *where, int p)
{
    static const char *const keys[] = {"programme", "entitled", "delivered", NULL};
    const tap_pupil *pupil = &r->s->pupils[p];
    tap_pupil_figures *pf = &r->reported->pupils[p];
    if (!cJSON_IsArray(array)) {
        complain(r, "%s: 'interventions' must be an array", where);
        return;
    }
    int k = 0;
    const cJSON *entry;
    cJSON_ArrayForEach(entry, array)
    {
        char inner[400];
        snprintf(inner, sizeof inner, "%s interventions[%d]", where, k++);
        if (!cJSON_IsObject(entry)) {
            complain(r, "%s: must be an object", inner);
            continue;
        }
        check_keys(r, entry, inner, keys);
        int q = need_id(r, entry, "programme", inner, "programme", tap_school_find_programme);
        int entitled = 0, delivered = 0;
        bool ok = need_int(r, entry, "entitled", inner, &entitled);
        ok &= need_int(r, entry, "delivered", inner, &delivered);
        if (q < 0 || !ok)
            continue;
        int need = tap_pupil_need_of(pupil, q);
        if (need < 0)
            complain(r, "%s: %s has no %s sessions in the school file", inner, pupil->id, r->s->programmes[q].id);
        else
            pf->interventions[need] = (tap_intervention_figures){entitled, delivered};
    }
}

static void read_pupil(reader *r, const cJSON *object, int index, bool *seen)
{
    static const char *const keys[] = {"id",     "plan",           "in_class",           "interventions",
                                       "unstructured", "shortfall_hours", "adults", "strength_withdrawals",
                                       "reason", NULL};
    static const char *const in_class_keys[] = {"entitled_hours", "delivered_hours", NULL};
    static const char *const unstructured_keys[] = {"needed_hours", "covered_hours", NULL};
    char where[320];
    snprintf(where, sizeof where, "pupils[%d]", index);
    if (!cJSON_IsObject(object)) {
        complain(r, "%s: must be an object", where);
        return;
    }
    int p = need_id(r, object, "id", where, "pupil", tap_school_find_pupil);
    if (p < 0)
        return;
    snprintf(where, sizeof where, "pupils[%d] (%s)", index, r->s->pupils[p].id);
    if (seen[p]) {
        complain(r, "%s: listed twice", where);
        return;
    }
    seen[p] = true;
    check_keys(r, object, where, keys);
    const tap_pupil *pupil = &r->s->pupils[p];
    tap_pupil_figures *pf = &r->reported->pupils[p];
    pf->listed = true;

    const char *plan = need_string(r, object, "plan", where);
    tap_plan_kind kind = TAP_PLAN_NONE;
    if (plan && !parse_plan_kind(plan, &kind))
        complain(r, "%s: unknown plan '%s' (ehcp, sen_support or none)", where, quote(plan).text);
    else if (plan && kind != pupil->plan)
        complain(r, "%s: plan is '%s' here but '%s' in the school file", where, plan, plan_kind_name(pupil->plan));

    const cJSON *in_class = member(object, "in_class");
    if (!cJSON_IsObject(in_class)) {
        complain(r, "%s: 'in_class' must be an object", where);
    } else {
        check_keys(r, in_class, where, in_class_keys);
        need_number(r, in_class, "entitled_hours", where, &pf->in_class_entitled);
        need_number(r, in_class, "delivered_hours", where, &pf->in_class_delivered);
    }
    const cJSON *unstructured = member(object, "unstructured");
    if (!cJSON_IsObject(unstructured)) {
        complain(r, "%s: 'unstructured' must be an object", where);
    } else {
        check_keys(r, unstructured, where, unstructured_keys);
        need_number(r, unstructured, "needed_hours", where, &pf->unstructured_needed);
        need_number(r, unstructured, "covered_hours", where, &pf->unstructured_covered);
    }
    const cJSON *interventions = member(object, "interventions");
    if (!interventions)
        complain(r, "%s: missing key 'interventions'", where);
    else
        read_pupil_interventions(r, interventions, where, p);
    need_number(r, object, "shortfall_hours", where, &pf->shortfall_hours);
    need_int(r, object, "strength_withdrawals", where, &pf->strength_withdrawals);

    const cJSON *adults = member(object, "adults");
    int_list list = {0};
    if (!adults)
        complain(r, "%s: missing key 'adults'", where);
    else
        read_id_list(r, adults, "adults", where, "staff", tap_school_find_staff, &list);
    /* Kept as a set, ascending, so that it compares with the computed one. */
    bool *named = calloc((size_t)r->s->n_staff + 1, sizeof *named);
    pf->adults = tap_arena_calloc(&r->reported->arena, (size_t)r->s->n_staff + 1, sizeof *pf->adults);
    if (!named || !pf->adults) {
        r->out_of_memory = true;
    } else {
        for (int i = 0; i < list.n_items; i++)
            named[list.items[i]] = true;
        for (int a = 0; a < r->s->n_staff; a++)
            if (named[a])
                pf->adults[pf->n_adults++] = a;
    }
    free(named);
    free(list.items);

    const cJSON *reason = member(object, "reason");
    if (reason) {
        if (!cJSON_IsString(reason) || !reason->valuestring) {
            complain(r, "%s: 'reason' must be a string", where);
        } else {
            if (!r->plan->pupil_reasons) {
                r->plan->pupil_reasons = tap_arena_calloc(&r->plan->arena, (size_t)r->s->n_pupils + 1,
                                                          sizeof *r->plan->pupil_reasons);
                r->plan->n_pupil_reasons = r->plan->pupil_reasons ? r->s->n_pupils : 0;
            }
            if (r->plan->pupil_reasons)
                r->plan->pupil_reasons[p] = tap_arena_strdup(&r->plan->arena, reason->valuestring);
            if (!r->plan->pupil_reasons || !r->plan->pupil_reasons[p])
                r->out_of_memory = true;
        }
    }
}

static void read_staff(reader *r, const cJSON *object, int index, bool *seen)
{
    static const char *const keys[] = {"id",           "employed",       "contract_hours", "contact_hours",
                                       "planning_slots", "weekly_cost", NULL};
    char where[320];
    snprintf(where, sizeof where, "staff[%d]", index);
    if (!cJSON_IsObject(object)) {
        complain(r, "%s: must be an object", where);
        return;
    }
    int a = need_id(r, object, "id", where, "staff", tap_school_find_staff);
    if (a < 0)
        return;
    snprintf(where, sizeof where, "staff[%d] (%s)", index, r->s->staff[a].id);
    if (seen[a]) {
        complain(r, "%s: listed twice", where);
        return;
    }
    seen[a] = true;
    check_keys(r, object, where, keys);
    tap_staff_figures *sf = &r->reported->staff[a];
    const cJSON *employed = member(object, "employed");
    if (!employed)
        complain(r, "%s: missing key 'employed'", where);
    else if (!cJSON_IsBool(employed))
        complain(r, "%s: 'employed' must be true or false", where);
    else
        sf->employed = cJSON_IsTrue(employed);
    need_number(r, object, "contract_hours", where, &sf->contract_hours);
    need_number(r, object, "contact_hours", where, &sf->contact_hours);
    need_int(r, object, "planning_slots", where, &sf->planning_slots);
    need_number(r, object, "weekly_cost", where, &sf->weekly_cost);
}

static void read_summary(reader *r, const cJSON *object)
{
    static const char *const keys[] = {"statutory_shortfall_hours", "sen_support_shortfall_hours",
                                       "weekly_cost",               "annual_cost",
                                       "funded_hours",              "hours_reaching_pupils",
                                       "unallocated_hours",         "strength_withdrawals",
                                       NULL};
    if (!cJSON_IsObject(object)) {
        complain(r, "'summary' must be an object");
        return;
    }
    check_keys(r, object, "summary", keys);
    tap_summary *sum = &r->reported->summary;
    need_number(r, object, "statutory_shortfall_hours", "summary", &sum->statutory_shortfall_hours);
    need_number(r, object, "sen_support_shortfall_hours", "summary", &sum->sen_support_shortfall_hours);
    need_number(r, object, "weekly_cost", "summary", &sum->weekly_cost);
    need_number(r, object, "annual_cost", "summary", &sum->annual_cost);
    need_number(r, object, "funded_hours", "summary", &sum->funded_hours);
    need_number(r, object, "hours_reaching_pupils", "summary", &sum->hours_reaching_pupils);
    need_number(r, object, "unallocated_hours", "summary", &sum->unallocated_hours);
    need_int(r, object, "strength_withdrawals", "summary", &sum->strength_withdrawals);
}

/* Empty reported figures shaped like the school, to be filled from the file. */
static tap_figures *figures_shell(const tap_school *s)
{
    tap_figures *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->pupils = tap_arena_calloc(&f->arena, (size_t)s->n_pupils + 1, sizeof *f->pupils);
    f->staff = tap_arena_calloc(&f->arena, (size_t)s->n_staff + 1, sizeof *f->staff);
    if (!f->pupils || !f->staff) {
        tap_figures_destroy(&f);
        return NULL;
    }
    for (int p = 0; p < s->n_pupils; p++) {
        tap_pupil_figures *pf = &f->pupils[p];
        pf->n_interventions = s->pupils[p].n_interventions;
        pf->interventions = tap_arena_calloc(&f->arena, (size_t)pf->n_interventions + 1, sizeof *pf->interventions);
        if (!pf->interventions) {
            tap_figures_destroy(&f);
            return NULL;
        }
    }
    return f;
}

static void read_figures(reader *r, const cJSON *root)
{
    const cJSON *pupils = member(root, "pupils");
    const cJSON *staff = member(root, "staff");
    const cJSON *summary = member(root, "summary");
    bool *pupil_seen = calloc((size_t)r->s->n_pupils + 1, sizeof *pupil_seen);
    bool *staff_seen = calloc((size_t)r->s->n_staff + 1, sizeof *staff_seen);
    if (!pupil_seen || !staff_seen) {
        free(pupil_seen), free(staff_seen);
        r->out_of_memory = true;
        return;
    }
    int index = 0;
    const cJSON *item;
    if (pupils && !cJSON_IsArray(pupils))
        complain(r, "'pupils' must be an array");
    else if (pupils)
        cJSON_ArrayForEach(item, pupils) read_pupil(r, item, index++, pupil_seen);
    index = 0;
    if (staff && !cJSON_IsArray(staff))
        complain(r, "'staff' must be an array");
    else if (staff)
        cJSON_ArrayForEach(item, staff) read_staff(r, item, index++, staff_seen);
    if (summary)
        read_summary(r, summary);
    free(pupil_seen), free(staff_seen);
}

static void read_document(reader *r, const cJSON *root)
{
    static const char *const keys[] = {"format", "school",      "status",      "objective", "bound",   "gap",
                                       "solve_seconds", "assignments", "pupils", "staff", "summary",
                                       "changes", "pupils_affected", NULL};
    if (!cJSON_IsObject(root)) {
        complain(r, "a plan file holds one JSON object");
        return;
    }
    const char *format = need_string(r, root, "format", "plan");
    if (format && strcmp(format, FORMAT_NAME) != 0) {
        complain(r, "format is '%s', not '" FORMAT_NAME "'", quote(format).text);
        return; /* another format's keys would only give noise */
    }
    check_keys(r, root, "plan", keys);
    const cJSON *school = member(root, "school");
    if (school && !cJSON_IsString(school))
        complain(r, "plan: 'school' must be a string");

    const char *status = need_string(r, root, "status", "plan");
    if (status) {
        static const tap_plan_status all[] = {TAP_STATUS_OPTIMAL, TAP_STATUS_FEASIBLE, TAP_STATUS_INFEASIBLE,
                                              TAP_STATUS_NO_PLAN};
        bool known = false;
        for (size_t i = 0; i < sizeof all / sizeof all[0] && !known; i++)
            if (strcmp(status, tap_plan_status_name(all[i])) == 0) {
                r->plan->status = all[i];
                known = true;
            }
        if (!known)
            complain(r, "plan: unknown status '%s'", quote(status).text);
    }
    optional_number(r, root, "objective", &r->plan->objective);
    optional_number(r, root, "bound", &r->plan->bound);
    optional_number(r, root, "gap", &r->plan->gap);
    optional_number(r, root, "solve_seconds", &r->plan->solve_seconds);
    /* A replan's plan. Its changes are not read back (they compare it with
     * a plan this file does not hold), but explain words its advice for a
     * week whose other days were kept. */
    r->plan->replanned = member(root, "changes") != NULL;

    const cJSON *assignments = member(root, "assignments");
    if (!assignments) {
        complain(r, "plan: missing key 'assignments'");
    } else if (!cJSON_IsArray(assignments)) {
        complain(r, "plan: 'assignments' must be an array");
    } else {
        int index = 0;
        const cJSON *item;
        cJSON_ArrayForEach(item, assignments)
        {
            read_assignment(r, item, index++);
            if (r->out_of_memory)
                return;
        }
    }
    if (member(root, "pupils") || member(root, "staff") || member(root, "summary")) {
        r->reported = figures_shell(r->s);
        if (!r->reported) {
            r->out_of_memory = true;
            return;
        }
        read_figures(r, root);
    }
}

/* 1-based line and column of a byte offset, for JSON syntax errors. */
static tap_pos position_of(const char *path, const char *data, size_t offset)
{
    tap_pos pos = {path, 1, 1};
    for (size_t i = 0; i < offset; i++) {
        if (data[i] == '\n')
            pos.line++, pos.column = 1;
        else
            pos.column++;
    }
    return pos;
}

/* Reads and parses a plan file; *root is the caller's to cJSON_Delete. */
static tap_status parse_file(const char *path, cJSON **root, tap_diags *diags)
{
    *root = NULL;
    char *data = NULL;
    size_t length = 0;
    tap_status status = tap_file_read(path, TAP_FILE_MAX_BYTES, &data, &length, diags);
    if (status != TAP_OK)
        return status;
    if (strlen(data) != length) {
        free(data);
        return tap_diags_add(diags, (tap_pos){path, 0, 0}, "the plan file contains a NUL byte");
    }
    const char *end = NULL;
    *root = cJSON_ParseWithLengthOpts(data, length + 1, &end, true); /* cJSON counts the NUL */
    if (!*root) {
        size_t offset = end && end >= data && end <= data + length ? (size_t)(end - data) : 0;
        tap_diags_add(diags, position_of(path, data, offset), "not valid JSON");
        free(data);
        return TAP_EINPUT;
    }
    free(data);
    return TAP_OK;
}

tap_status tap_plan_json_read(const tap_school *school, const char *path, tap_plan **plan, tap_figures **reported,
                              tap_diags *diags)
{
    *plan = NULL;
    *reported = NULL;
    cJSON *root = NULL;
    tap_status status = parse_file(path, &root, diags);
    if (status != TAP_OK)
        return status;
    reader r = {school, path, diags, tap_plan_create(), NULL, 0, false};
    if (!r.plan) {
        cJSON_Delete(root);
        return TAP_ENOMEM;
    }
    read_document(&r, root);
    cJSON_Delete(root);
    if (r.out_of_memory || r.n_errors > 0) {
        tap_plan_destroy(&r.plan);
        tap_figures_destroy(&r.reported);
        return r.out_of_memory ? TAP_ENOMEM : TAP_EINPUT;
    }
    tap_plan_sort(r.plan);
    *plan = r.plan;
    *reported = r.reported;
    return TAP_OK;
}

/* ------------------------------------------------------------------ */
/* Outlining a school from plan files                                 */
/* ------------------------------------------------------------------ */

/* Ids of one kind in order of first appearance, indexed so that a plan of
 * a large school outlines in linear time. */
typedef struct {
    char **ids; /* in the school's arena */
    int n;
    int capacity;
    tap_id_index index; /* id -> its position in ids */
} registry;

/* The index of id, added when new; -1 on exhausted memory. */
static int registry_add(registry *g, tap_arena *arena, const char *id)
{
    int found = tap_id_index_find(&g->index, id);
    if (found >= 0)
        return found;
    if (g->n == g->capacity) {
        int capacity = g->capacity ? g->capacity * 2 : 32;
        char **ids = realloc(g->ids, (size_t)capacity * sizeof *ids);
        if (!ids)
            return -1;
        g->ids = ids;
        g->capacity = capacity;
    }
    char *copy = tap_arena_strdup(arena, id);
    if (!copy || tap_id_index_add(&g->index, copy, g->n) < 0)
        return -1;
    g->ids[g->n] = copy;
    return g->n++;
}

enum { K_DAY, K_SLOT, K_GROUP, K_SUBJECT, K_PROGRAMME, K_PUPIL, K_STAFF, N_KINDS };

/* A lesson or membership seen in a plan, by registry indices. */
typedef struct {
    int group, day, slot, subject;
} seen_lesson;

/* What the figures say of a pupil and of an adult. */
typedef struct {
    tap_plan_kind plan;
    int n_sessions;
    tap_intervention_need *sessions;
} outline_pupil;

typedef struct {
    double hours;         /* contract */
    double cost_per_hour; /* weekly cost / contract */
    bool employed;
} outline_staff;

typedef struct {
    tap_school *school;
    registry kinds[N_KINDS];
    bool slot_before[TAP_MAX_SLOTS][TAP_MAX_SLOTS]; /* an adult's day shows a before b */
    bool day_before[TAP_MAX_DAYS][TAP_MAX_DAYS];
    bool unstructured[TAP_MAX_SLOTS];
    seen_lesson *lessons; /* in-class lessons and lessons pupils leave */
    int n_lessons, capacity_lessons;
    int *members; /* pairs (group, pupil) */
    int n_members, capacity_members;
    outline_pupil *pupils; /* grown with the registries */
    outline_staff *staff;
    int n_per_pupil, n_per_staff;
    double weekly_cost, annual_cost;
    bool has_cost;
    bool nomem, too_many;
} outline;

static const char *string_of(const cJSON *object, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    return cJSON_IsString(item) && item->valuestring ? item->valuestring : NULL;
}

/* The array itself, or NULL when the item is not an array (or absent). */
static const cJSON *array_or_null(const cJSON *item)
{
    return cJSON_IsArray(item) ? item : NULL;
}

static int outline_id(outline *o, int kind, const char *id)
{
    if (!id)
        return -1;
    int index = registry_add(&o->kinds[kind], &o->school->arena, id);
    if (index < 0)
        o->nomem = true;
    if ((kind == K_DAY && o->kinds[kind].n > TAP_MAX_DAYS) || (kind == K_SLOT && o->kinds[kind].n > TAP_MAX_SLOTS)) {
        o->too_many = true;
        return -1;
    }
    return index;
}

/* Grows an array of n_items items of size bytes to at least n_needed,
 * zeroing the new ones; false on exhausted memory. */
static bool grow_zeroed(void **items, int *n_items, int n_needed, size_t size)
{
    if (n_needed <= *n_items)
        return true;
    int n = n_needed * 2;
    char *bigger = realloc(*items, (size_t)n * size);
    if (!bigger)
        return false;
    memset(bigger + (size_t)*n_items * size, 0, (size_t)(n - *n_items) * size);
    *items = bigger;
    *n_items = n;
    return true;
}

/* Grows the per-pupil and per-staff arrays to the registries' sizes. */
static void outline_grow(outline *o)
{
    int n_staff_before = o->n_per_staff;
    if (!grow_zeroed((void **)&o->pupils, &o->n_per_pupil, o->kinds[K_PUPIL].n, sizeof *o->pupils) ||
        !grow_zeroed((void **)&o->staff, &o->n_per_staff, o->kinds[K_STAFF].n, sizeof *o->staff)) {
        o->nomem = true;
        return;
    }
    for (int a = n_staff_before; a < o->n_per_staff; a++)
        o->staff[a].employed = true; /* an adult the figures do not list */
}

static void outline_lesson(outline *o, int group, int day, int slot, int subject)
{
    if (group < 0 || day < 0 || slot < 0 || subject < 0)
        return;
    if (o->n_lessons == o->capacity_lessons) {
        int capacity = o->capacity_lessons ? o->capacity_lessons * 2 : 64;
        seen_lesson *lessons = realloc(o->lessons, (size_t)capacity * sizeof *lessons);
        if (!lessons) {
            o->nomem = true;
            return;
        }
        o->lessons = lessons;
        o->capacity_lessons = capacity;
    }
    o->lessons[o->n_lessons++] = (seen_lesson){group, day, slot, subject};
}

static void outline_member(outline *o, int group, int pupil)
{
    if (group < 0 || pupil < 0)
        return;
    if (o->n_members == o->capacity_members) {
        int capacity = o->capacity_members ? o->capacity_members * 2 : 64;
        int *members = realloc(o->members, (size_t)capacity * 2 * sizeof *members);
        if (!members) {
            o->nomem = true;
            return;
        }
        o->members = members;
        o->capacity_members = capacity;
    }
    o->members[2 * o->n_members] = group;
    o->members[2 * o->n_members + 1] = pupil;
    o->n_members++;
}

/* Figures first: they list pupils and staff in the school's own order. */
static void outline_figures(outline *o, const cJSON *root)
{
    const cJSON *item;
    const cJSON *pupils = cJSON_GetObjectItemCaseSensitive(root, "pupils");
    cJSON_ArrayForEach(item, array_or_null(pupils))
    {
        int p = outline_id(o, K_PUPIL, string_of(item, "id"));
        outline_grow(o);
        if (p < 0 || o->nomem)
            continue;
        tap_plan_kind kind = TAP_PLAN_NONE;
        const char *plan = string_of(item, "plan");
        if (plan && parse_plan_kind(plan, &kind) && o->pupils[p].plan == TAP_PLAN_NONE)
            o->pupils[p].plan = kind;
        const cJSON *needs = cJSON_GetObjectItemCaseSensitive(item, "interventions");
        outline_pupil *pupil = &o->pupils[p];
        if (!cJSON_IsArray(needs) || pupil->sessions)
            continue;
        int n = cJSON_GetArraySize(needs);
        pupil->sessions = tap_arena_calloc(&o->school->arena, (size_t)n + 1, sizeof *pupil->sessions);
        if (!pupil->sessions) {
            o->nomem = true;
            continue;
        }
        const cJSON *need;
        cJSON_ArrayForEach(need, needs)
        {
            int q = outline_id(o, K_PROGRAMME, string_of(need, "programme"));
            const cJSON *entitled = cJSON_GetObjectItemCaseSensitive(need, "entitled");
            if (q >= 0 && pupil->n_sessions < n)
                pupil->sessions[pupil->n_sessions++] = (tap_intervention_need){
                    q, cJSON_IsNumber(entitled) && entitled->valuedouble >= 0 && entitled->valuedouble <= 100
                           ? (int)entitled->valuedouble
                           : 0,
                    {NULL, 0, 0}};
        }
    }
    const cJSON *staff = cJSON_GetObjectItemCaseSensitive(root, "staff");
    cJSON_ArrayForEach(item, array_or_null(staff))
    {
        int a = outline_id(o, K_STAFF, string_of(item, "id"));
        outline_grow(o);
        if (a < 0 || o->nomem)
            continue;
        const cJSON *hours = cJSON_GetObjectItemCaseSensitive(item, "contract_hours");
        const cJSON *cost = cJSON_GetObjectItemCaseSensitive(item, "weekly_cost");
        outline_staff *adult = &o->staff[a];
        adult->employed = !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(item, "employed"));
        if (cJSON_IsNumber(hours) && isfinite(hours->valuedouble) && hours->valuedouble > 0) {
            adult->hours = hours->valuedouble;
            if (cJSON_IsNumber(cost) && isfinite(cost->valuedouble))
                adult->cost_per_hour = cost->valuedouble / hours->valuedouble;
        }
    }
    const cJSON *summary = cJSON_GetObjectItemCaseSensitive(root, "summary");
    const cJSON *weekly = cJSON_GetObjectItemCaseSensitive(summary, "weekly_cost");
    const cJSON *annual = cJSON_GetObjectItemCaseSensitive(summary, "annual_cost");
    if (cJSON_IsNumber(weekly) && cJSON_IsNumber(annual) && weekly->valuedouble > 0 && isfinite(annual->valuedouble)) {
        o->has_cost = true;
        o->weekly_cost = weekly->valuedouble;
        o->annual_cost = annual->valuedouble;
    }
}

static void outline_assignments(outline *o, const cJSON *root)
{
    const cJSON *assignments = cJSON_GetObjectItemCaseSensitive(root, "assignments");
    int last_staff = -1, last_day = -1, last_slot = -1;
    const cJSON *item;
    cJSON_ArrayForEach(item, array_or_null(assignments))
    {
        int a = outline_id(o, K_STAFF, string_of(item, "staff"));
        int d = outline_id(o, K_DAY, string_of(item, "day"));
        int t = outline_id(o, K_SLOT, string_of(item, "slot"));
        int g = outline_id(o, K_GROUP, string_of(item, "group"));
        int subject = outline_id(o, K_SUBJECT, string_of(item, "subject"));
        outline_id(o, K_PROGRAMME, string_of(item, "programme"));
        const char *activity = string_of(item, "activity");
        if (o->nomem || o->too_many)
            return;
        /* Plans list each adult's week in the school's day and slot order. */
        if (a >= 0 && a == last_staff && d >= 0 && last_day >= 0 && d != last_day)
            o->day_before[last_day][d] = true;
        if (a >= 0 && a == last_staff && d >= 0 && d == last_day && t >= 0 && last_slot >= 0 && t != last_slot)
            o->slot_before[last_slot][t] = true;
        last_staff = a, last_day = d, last_slot = t;
        if (t >= 0 && activity && !strcmp(activity, "unstructured"))
            o->unstructured[t] = true;
        bool in_class = activity && !strcmp(activity, "in_class");
        if (in_class)
            outline_lesson(o, g, d, t, subject);
        const cJSON *pupil;
        const cJSON *pupils = cJSON_GetObjectItemCaseSensitive(item, "pupils");
        cJSON_ArrayForEach(pupil, array_or_null(pupils))
        {
            int p = outline_id(o, K_PUPIL, cJSON_IsString(pupil) ? pupil->valuestring : NULL);
            if (in_class)
                outline_member(o, g, p);
        }
        const cJSON *entry;
        const cJSON *withdrawn = cJSON_GetObjectItemCaseSensitive(item, "withdrawn_from");
        cJSON_ArrayForEach(entry, array_or_null(withdrawn))
        {
            int p = outline_id(o, K_PUPIL, string_of(entry, "pupil"));
            int wg = outline_id(o, K_GROUP, string_of(entry, "group"));
            int ws = outline_id(o, K_SUBJECT, string_of(entry, "subject"));
            outline_lesson(o, wg, d, t, ws);
            outline_member(o, wg, p);
        }
        outline_grow(o);
    }
}

/* Positions of n items in an order that respects before[][] where it can
 * (ties and cycles in hand-edited plans fall back to first appearance). */
static void order_items(int n, bool before[][TAP_MAX_SLOTS], int *position)
{
    bool placed[TAP_MAX_SLOTS] = {false};
    for (int next = 0; next < n; next++) {
        int pick = -1;
        for (int i = 0; i < n && pick < 0; i++) {
            if (placed[i])
                continue;
            bool free_of_predecessors = true;
            for (int j = 0; j < n && free_of_predecessors; j++)
                free_of_predecessors = placed[j] || !before[j][i] || j == i;
            if (free_of_predecessors)
                pick = i;
        }
        for (int i = 0; i < n && pick < 0; i++)
            if (!placed[i])
                pick = i;
        placed[pick] = true;
        position[pick] = next;
    }
}

static int compare_seen_lesson(const void *x, const void *y)
{
    const seen_lesson *a = x, *b = y;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return (a->slot > b->slot) - (a->slot < b->slot);
}

static int compare_pair(const void *x, const void *y)
{
    const int *a = x, *b = y;
    if (a[0] != b[0])
        return a[0] < b[0] ? -1 : 1;
    return (a[1] > b[1]) - (a[1] < b[1]);
}

/* Builds the school's arrays from what the plans showed. */
static bool outline_finish(outline *o)
{
    tap_school *s = o->school;
    tap_arena *arena = &s->arena;
    s->policy = tap_policy_default();
    s->budget.weeks_per_year = o->has_cost ? o->annual_cost / o->weekly_cost : 39;

    int day_position[TAP_MAX_SLOTS] = {0}, slot_position[TAP_MAX_SLOTS] = {0};
    int n_days = o->kinds[K_DAY].n, n_slots = o->kinds[K_SLOT].n;
    bool all_weekdays = n_days > 0;
    for (int d = 0; d < n_days; d++)
        all_weekdays &= tap_day_weekday(o->kinds[K_DAY].ids[d]) >= 0;
    bool day_before[TAP_MAX_SLOTS][TAP_MAX_SLOTS] = {{false}};
    for (int i = 0; i < n_days; i++)
        for (int j = 0; j < n_days; j++)
            day_before[i][j] = all_weekdays ? tap_day_weekday(o->kinds[K_DAY].ids[i]) <
                                                  tap_day_weekday(o->kinds[K_DAY].ids[j])
                                            : o->day_before[i][j];
    order_items(n_days, day_before, day_position);
    order_items(n_slots, o->slot_before, slot_position);

    s->n_days = n_days, s->n_slots = n_slots;
    s->days = tap_arena_calloc(arena, (size_t)n_days + 1, sizeof *s->days);
    s->slots = tap_arena_calloc(arena, (size_t)n_slots + 1, sizeof *s->slots);
    if (!s->days || !s->slots)
        return false;
    for (int d = 0; d < n_days; d++)
        s->days[day_position[d]].id = o->kinds[K_DAY].ids[d];
    for (int t = 0; t < n_slots; t++) {
        tap_slot *slot = &s->slots[slot_position[t]];
        slot->id = o->kinds[K_SLOT].ids[t];
        slot->kind = o->unstructured[t] ? TAP_SLOT_UNSTRUCTURED : TAP_SLOT_LESSON;
    }

#define SIMPLE(kind, array, count)                                                                                     \
    do {                                                                                                               \
        s->count = o->kinds[kind].n;                                                                                   \
        s->array = tap_arena_calloc(arena, (size_t)s->count + 1, sizeof *s->array);                                    \
        if (!s->array)                                                                                                 \
            return false;                                                                                              \
        for (int i = 0; i < s->count; i++)                                                                             \
            s->array[i].id = o->kinds[kind].ids[i];                                                                    \
    } while (0)
    SIMPLE(K_SUBJECT, subjects, n_subjects);
    SIMPLE(K_GROUP, groups, n_groups);
    SIMPLE(K_PROGRAMME, programmes, n_programmes);
    SIMPLE(K_PUPIL, pupils, n_pupils);
    SIMPLE(K_STAFF, staff, n_staff);
#undef SIMPLE
    for (int q = 0; q < s->n_programmes; q++)
        s->programmes[q].skill = -1, s->programmes[q].max_group = 1;
    for (int a = 0; a < s->n_staff; a++) {
        tap_staff *adult = &s->staff[a];
        adult->role = TAP_ROLE_TA;
        if (a < o->n_per_staff) {
            adult->hours = o->staff[a].hours;
            adult->cost_per_hour = o->staff[a].cost_per_hour;
            adult->optional = !o->staff[a].employed;
        }
        adult->planning_slots = -1;
    }

    /* Lessons, one per (group, day, slot), in school order. */
    for (int l = 0; l < o->n_lessons; l++)
        o->lessons[l].day = day_position[o->lessons[l].day], o->lessons[l].slot = slot_position[o->lessons[l].slot];
    if (o->n_lessons > 1)
        qsort(o->lessons, (size_t)o->n_lessons, sizeof *o->lessons, compare_seen_lesson);
    s->lessons = tap_arena_calloc(arena, (size_t)o->n_lessons + 1, sizeof *s->lessons);
    if (!s->lessons)
        return false;
    for (int l = 0; l < o->n_lessons; l++) {
        const seen_lesson *x = &o->lessons[l];
        if (s->n_lessons > 0 && !compare_seen_lesson(x, &o->lessons[l - 1]))
            continue;
        s->lessons[s->n_lessons++] = (tap_lesson){x->group, x->day, x->slot, x->subject, {NULL, 0, 0}};
    }

    /* Memberships both ways, ascending, from the sorted (group, pupil) pairs. */
    if (o->n_members > 1)
        qsort(o->members, (size_t)o->n_members, 2 * sizeof *o->members, compare_pair);
    int n_unique = 0;
    for (int m = 0; m < o->n_members; m++)
        if (m == 0 || compare_pair(&o->members[2 * m], &o->members[2 * (m - 1)]))
            o->members[2 * n_unique] = o->members[2 * m], o->members[2 * n_unique + 1] = o->members[2 * m + 1],
            n_unique++;
    for (int m = 0; m < n_unique; m++)
        s->groups[o->members[2 * m]].n_pupils++, s->pupils[o->members[2 * m + 1]].n_groups++;
    for (int g = 0; g < s->n_groups; g++) {
        s->groups[g].pupils = tap_arena_calloc(arena, (size_t)s->groups[g].n_pupils + 1, sizeof(int));
        if (!s->groups[g].pupils)
            return false;
        s->groups[g].n_pupils = 0;
    }
    for (int p = 0; p < s->n_pupils; p++) {
        tap_pupil *pupil = &s->pupils[p];
        pupil->groups = tap_arena_calloc(arena, (size_t)pupil->n_groups + 1, sizeof(int));
        if (!pupil->groups)
            return false;
        pupil->n_groups = 0;
        pupil->ratio = pupil->unstructured_ratio = 1;
        if (p < o->n_per_pupil) {
            pupil->plan = o->pupils[p].plan;
            pupil->interventions = o->pupils[p].sessions;
            pupil->n_interventions = o->pupils[p].n_sessions;
        }
    }
    for (int m = 0; m < n_unique; m++) {
        tap_group *group = &s->groups[o->members[2 * m]];
        tap_pupil *pupil = &s->pupils[o->members[2 * m + 1]];
        group->pupils[group->n_pupils++] = o->members[2 * m + 1];
        pupil->groups[pupil->n_groups++] = o->members[2 * m];
    }
    /* Pairs are sorted by group, so each pupil's groups ascend too. */
    return true;
}

static void outline_free(outline *o)
{
    for (int k = 0; k < N_KINDS; k++)
        free(o->kinds[k].ids), tap_id_index_free(&o->kinds[k].index);
    free(o->lessons), free(o->members), free(o->pupils), free(o->staff);
}

tap_status tap_plan_json_outline(const char *const *paths, int n_paths, tap_school **out, tap_diags *diags)
{
    *out = NULL;
    tap_arena arena = {0};
    tap_school *school = tap_arena_calloc(&arena, 1, sizeof *school);
    if (!school)
        return TAP_ENOMEM;
    school->arena = arena;
    outline o = {0};
    o.school = school;
    tap_status status = TAP_OK;
    for (int k = 0; k < n_paths && status == TAP_OK; k++) {
        cJSON *root = NULL;
        status = parse_file(paths[k], &root, diags);
        if (status != TAP_OK)
            break;
        if (k == 0 && !school->name) {
            const char *name = string_of(root, "school");
            school->name = name ? tap_arena_strdup(&school->arena, name) : NULL;
            school->file = tap_arena_strdup(&school->arena, paths[0]);
        }
        outline_figures(&o, root);
        outline_assignments(&o, root);
        cJSON_Delete(root);
        if (o.too_many)
            status = tap_diags_add(diags, (tap_pos){paths[k], 0, 0}, "more than %d days or %d slots a day",
                                   TAP_MAX_DAYS, TAP_MAX_SLOTS);
        else if (o.nomem)
            status = TAP_ENOMEM;
    }
    if (status == TAP_OK && !outline_finish(&o))
        status = TAP_ENOMEM;
    outline_free(&o);
    if (status != TAP_OK) {
        tap_school_destroy(&school);
        return status;
    }
    *out = school;
    return TAP_OK;
}
