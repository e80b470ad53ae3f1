/* scenario.c - scenario files, and each option's school: the base school
 * file's tree with the option merged in (replaced keys, merged budget and
 * policy, staff removed, hours scaled, staff and pupils added), then built
 * and checked like any school file, every error passed on naming the option. */
#include "scenario.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/file.h"
#include "school_yaml.h"
#include "yaml_tree.h"

#define MAX_OPTIONS 100     /* options in one scenario: a leader compares a handful */
#define MAX_HOURS_FACTOR 10 /* scale_staff_hours: anything larger is a slip */

/* The keys an option takes besides those of the school file. */
static const char *const operations[] = {"name", "add_staff", "remove_staff", "scale_staff_hours", "add_pupils",
                                         NULL};

tap_scenario *tap_scenario_create(void)
{
    return calloc(1, sizeof(tap_scenario));
}

void tap_scenario_destroy(tap_scenario **scenario)
{
    if (!scenario || !*scenario)
        return;
    free((*scenario)->text);
    free((*scenario)->base_text);
    tap_arena_destroy(&(*scenario)->arena);
    free(*scenario);
    *scenario = NULL;
}

/* ---- tree surgery ---- */

/* Index of key's key item in a mapping (the first), or -1. */
static int find_pair(const tap_yaml_node *map, const char *key)
{
    for (int i = 0; map->kind == TAP_YAML_MAPPING && i + 1 < map->n_items; i += 2)
        if (map->items[i]->kind == TAP_YAML_SCALAR && !strcmp(map->items[i]->text, key))
            return i;
    return -1;
}

/* Sets key (the node key, borrowed) to value in map, replacing a value
 * already there. */
static bool set_pair(tap_yaml_reader *y, tap_yaml_node *map, tap_yaml_node *key, tap_yaml_node *value)
{
    int i = find_pair(map, key->text);
    if (i >= 0) {
        map->items[i + 1] = value;
        return true;
    }
    return tap_yaml_append(y, map, key) && tap_yaml_append(y, map, value);
}

/* The id of a staff, pupil or group entry: its id: value, or the entry
 * itself in the short form; NULL when it has none. */
static const char *entry_id(const tap_yaml_node *entry)
{
    const tap_yaml_node *id = entry->kind == TAP_YAML_SCALAR ? entry : tap_yaml_get(entry, "id");
    return id && id->kind == TAP_YAML_SCALAR ? id->text : NULL;
}

static int find_entry(const tap_yaml_node *list, const char *id)
{
    for (int i = 0; list && list->kind == TAP_YAML_SEQUENCE && i < list->n_items; i++) {
        const char *other = entry_id(list->items[i]);
        if (other && !strcmp(other, id))
            return i;
    }
    return -1;
}

/* Budget and policy merge key by key (weights too), so an option states
 * only what it changes; the merged mapping is located at the option's. */
static bool merge_mapping(tap_yaml_reader *y, tap_yaml_node *into, tap_yaml_node *from)
{
    for (int i = 0; i + 1 < from->n_items; i += 2) {
        tap_yaml_node *key = from->items[i], *value = from->items[i + 1];
        if (key->kind != TAP_YAML_SCALAR || key->duplicate)
            continue; /* the school reader reports it where it stands */
        int j = find_pair(into, key->text);
        bool nested = j >= 0 && into->items[j + 1]->kind == TAP_YAML_MAPPING && value->kind == TAP_YAML_MAPPING;
        if (nested ? !merge_mapping(y, into->items[j + 1], value) : !set_pair(y, into, key, value))
            return false;
    }
    into->pos = from->pos;
    return true;
}

/* The root's list under key, made empty when absent; NULL when the file
 * has something else there (the school reader reports that). */
static tap_yaml_node *root_list(tap_yaml_reader *y, tap_yaml_node *root, tap_yaml_node *key)
{
    tap_yaml_node *list = tap_yaml_get(root, key->text);
    if (list && !list->null)
        return list->kind == TAP_YAML_SEQUENCE ? list : NULL;
    list = tap_yaml_new(y, TAP_YAML_SEQUENCE, key->pos);
    return list && set_pair(y, root, key, list) ? list : NULL;
}

/* ---- the option's operations ---- */

static void remove_staff(tap_yaml_reader *y, tap_yaml_node *root, const tap_yaml_node *ids)
{
    if (ids->kind == TAP_YAML_MAPPING) {
        tap_yaml_expect(y, ids, TAP_YAML_SEQUENCE, "remove_staff", NULL);
        return;
    }
    tap_yaml_node *staff = tap_yaml_get(root, "staff");
    for (int i = 0; i < tap_yaml_length(ids); i++) {
        const tap_yaml_node *item = tap_yaml_item(ids, i);
        const char *id = tap_yaml_id(y, item, "remove_staff", NULL);
        int k = id ? find_entry(staff, id) : -1;
        if (id && k < 0) {
            tap_yaml_error(y, item->pos, "remove_staff: unknown staff '%s'", id);
        } else if (id) {
            memmove(&staff->items[k], &staff->items[k + 1], (size_t)(staff->n_items - k - 1) * sizeof *staff->items);
            staff->n_items--;
        }
    }
}

/* Does the staff entry match a scale rule's role (-1: any) and ids? */
static bool rule_matches(const tap_yaml_node *entry, int role, const tap_yaml_node *ids)
{
    static const char *const roles[] = {"ta", "hlta", "teacher"}; /* tap_role order */
    if (role >= 0) {
        const tap_yaml_node *given = tap_yaml_get(entry, "role");
        const char *text = given && given->kind == TAP_YAML_SCALAR && !given->null ? given->text : "ta";
        if (strcmp(text, roles[role]))
            return false;
    }
    const char *id = entry_id(entry);
    if (!ids)
        return true;
    for (int i = 0; id && i < tap_yaml_length(ids); i++) {
        const tap_yaml_node *item = tap_yaml_item(ids, i);
        if (item->kind == TAP_YAML_SCALAR && !strcmp(item->text, id))
            return true;
    }
    return false;
}

/* Multiplies hours: of the matching staff, written back as text for the
 * school reader; a scaled value is located at the factor that made it. */
static void scale_rule(tap_yaml_reader *y, tap_yaml_node *staff, const tap_yaml_node *rule)
{
    static const char *const keys[] = {"factor", "role", "staff", NULL};
    static const char *const roles[] = {"ta", "hlta", "teacher", NULL};
    const tap_yaml_node *v[3];
    if (!tap_yaml_fields(y, rule, "scale_staff_hours", keys, v))
        return;
    double factor = 0;
    bool ok = v[0] && tap_yaml_number(y, v[0], "scale_staff_hours", "factor", 0, MAX_HOURS_FACTOR, &factor);
    if (!v[0])
        tap_yaml_error(y, rule->pos, "scale_staff_hours: needs a factor (0.9 cuts hours by 10%%)");
    int role = v[1] ? tap_yaml_word(y, v[1], "scale_staff_hours", "role", roles) : -1;
    ok &= !v[1] || role >= 0;
    if (v[2] && v[2]->kind == TAP_YAML_MAPPING) {
        ok = tap_yaml_expect(y, v[2], TAP_YAML_SEQUENCE, "scale_staff_hours", "staff");
    } else if (v[2]) {
        for (int i = 0; i < tap_yaml_length(v[2]); i++) {
            const tap_yaml_node *item = tap_yaml_item(v[2], i);
            const char *id = tap_yaml_id(y, item, "scale_staff_hours", "staff");
            if (id && find_entry(staff, id) < 0)
                tap_yaml_error(y, item->pos, "scale_staff_hours: unknown staff '%s'", id);
            ok &= id && find_entry(staff, id) >= 0;
        }
    }
    if (!ok)
        return;
    int n_matched = 0;
    for (int i = 0; staff && i < staff->n_items; i++) {
        tap_yaml_node *entry = staff->items[i];
        tap_yaml_node *hours = tap_yaml_get(entry, "hours");
        if (entry->kind != TAP_YAML_MAPPING || !rule_matches(entry, role, v[2]))
            continue;
        n_matched++;
        char *end = NULL;
        double value = hours && hours->kind == TAP_YAML_SCALAR ? strtod(hours->text, &end) : NAN;
        if (!end || *end || !isfinite(value))
            continue; /* not a number: the school reader says so */
        char text[32];
        snprintf(text, sizeof text, "%.10g", value * factor);
        if (!(hours->text = tap_arena_strdup(y->arena, text))) {
            y->out_of_memory = true;
            return;
        }
        hours->pos = v[0]->pos;
    }
    if (n_matched == 0)
        tap_yaml_error(y, rule->pos, "scale_staff_hours: no staff member matches");
}

static void scale_staff_hours(tap_yaml_reader *y, tap_yaml_node *root, const tap_yaml_node *rules)
{
    tap_yaml_node *staff = tap_yaml_get(root, "staff");
    for (int i = 0; i < tap_yaml_length(rules) && !y->out_of_memory; i++)
        scale_rule(y, staff, tap_yaml_item(rules, i));
}

/* A pupil added with groups: joins each group that lists its pupils, so
 * that both sides of the membership agree. */
static void join_groups(tap_yaml_reader *y, tap_yaml_node *root, const tap_yaml_node *pupil)
{
    const char *id = entry_id(pupil);
    const tap_yaml_node *groups = tap_yaml_get(pupil, "groups");
    const tap_yaml_node *all = tap_yaml_get(root, "groups");
    if (!id || !groups || groups->kind == TAP_YAML_MAPPING)
        return;
    for (int i = 0; i < tap_yaml_length(groups) && !y->out_of_memory; i++) {
        const tap_yaml_node *named = tap_yaml_item(groups, i);
        int g = named->kind == TAP_YAML_SCALAR ? find_entry(all, named->text) : -1;
        tap_yaml_node *members = g >= 0 ? tap_yaml_get(all->items[g], "pupils") : NULL;
        if (members && members->kind == TAP_YAML_SEQUENCE && find_entry(members, id) < 0)
            tap_yaml_append(y, members, tap_yaml_new_scalar(y, id, named->pos));
    }
}

/* Appends each entry of entries (a list, or one entry) to the root's list
 * under key; pupils also join their groups. */
static void add_entries(tap_yaml_reader *y, tap_yaml_node *root, tap_yaml_node *key, tap_yaml_node *entries,
                        bool pupils)
{
    tap_yaml_node *list = root_list(y, root, key);
    int n = entries->kind == TAP_YAML_SEQUENCE ? entries->n_items : 1;
    for (int i = 0; list && i < n && !y->out_of_memory; i++) {
        tap_yaml_node *entry = entries->kind == TAP_YAML_SEQUENCE ? entries->items[i] : entries;
        if (!tap_yaml_append(y, list, entry))
            return;
        if (pupils)
            join_groups(y, root, entry);
    }
}

/* Applies one option to the base school's tree, in the documented order:
 * school keys, remove_staff, scale_staff_hours, add_staff, add_pupils. */
static void merge_option(tap_yaml_reader *y, tap_yaml_node *root, const tap_yaml_node *option)
{
    tap_yaml_node *operation[5] = {0}; /* by index in operations[] */
    for (int i = 0; i + 1 < option->n_items; i += 2) {
        tap_yaml_node *key = option->items[i], *value = option->items[i + 1];
        if (key->kind != TAP_YAML_SCALAR) {
            tap_yaml_error(y, key->pos, "a key must be a single word");
            continue;
        }
        if (key->duplicate) {
            tap_yaml_error(y, key->pos, "duplicate key '%.40s'", key->text);
            continue;
        }
        int k = 0;
        while (operations[k] && strcmp(operations[k], key->text))
            k++;
        tap_yaml_node *base = tap_yaml_get(root, key->text);
        if (operations[k])
            operation[k] = value->null ? NULL : value;
        else if (!tap_school_is_key(key->text))
            tap_yaml_error(y, key->pos,
                           "unknown key '%.40s' (an option takes name, add_staff, remove_staff, scale_staff_hours, "
                           "add_pupils and the keys of the school file)",
                           key->text);
        else if ((!strcmp(key->text, "budget") || !strcmp(key->text, "policy")) && base &&
                 base->kind == TAP_YAML_MAPPING && value->kind == TAP_YAML_MAPPING)
            merge_mapping(y, base, value);
        else
            set_pair(y, root, key, value);
    }
    if (operation[2])
        remove_staff(y, root, operation[2]);
    if (operation[3])
        scale_staff_hours(y, root, operation[3]);
    for (int k = 1; k <= 4; k += 3) {
        if (!operation[k])
            continue;
        /* added entries go under the school's own key */
        tap_yaml_node *key = tap_yaml_new_scalar(y, k == 1 ? "staff" : "pupils", operation[k]->pos);
        if (key)
            add_entries(y, root, key, operation[k], k == 4);
    }
}

/* ---- schools ---- */

/* Passes the diagnostics of one school's build on to the caller, naming
 * the caller's copies of both files (the school's die with it) and the
 * option. The base school is valid on its own (tap_scenario_read checks
 * it first), so a problem an option's school has in the base file is the
 * option's doing (staff added past the base's budget, a week that no
 * longer fits its timetable): it is reported at the option, which is
 * what to change, with the base file's place in the message. */
static void pass_on(const tap_scenario *scenario, const tap_school *school, const char *scenario_copy,
                    const tap_scenario_option *option, tap_diags *local, tap_diags *diags)
{
    for (int i = 0; i < local->n_items; i++) {
        tap_pos pos = local->items[i].pos;
        const char *message = local->items[i].message;
        if (pos.file == scenario_copy)
            pos.file = scenario->path;
        else if (pos.file == school->file)
            pos.file = scenario->base_path;
        if (!option)
            tap_diags_add(diags, pos, "%s", message);
        else if (pos.file == scenario->base_path && pos.line > 0)
            tap_diags_add(diags, option->pos, "option '%s': %s (in the base school, %s:%d:%d)", option->name,
                          message, scenario->base_path, pos.line, pos.column);
        else
            tap_diags_add(diags, pos, "option '%s': %s", option->name, message);
    }
    diags->n_dropped += local->n_dropped;
    tap_diags_clear(local);
}

tap_status tap_scenario_school(const tap_scenario *scenario, int option, tap_school **out, tap_diags *diags)
{
    *out = NULL;
    tap_school *school = tap_school_shell(scenario->base_path);
    char *scenario_copy = school ? tap_arena_strdup(&school->arena, scenario->path) : NULL;
    if (!scenario_copy) {
        tap_school_destroy(&school);
        return TAP_ENOMEM;
    }
    tap_diags local = {0};
    tap_yaml_reader y = {0};
    y.arena = &school->arena;
    y.diags = &local;
    tap_yaml_node *root = tap_yaml_parse(&y, scenario->base_text, scenario->base_length, school->file,
                                         scenario->base_path, "a school file");
    if (root && option >= 0) {
        const tap_yaml_node *top = tap_yaml_parse(&y, scenario->text, scenario->length, scenario_copy,
                                                  scenario->path, "a scenario file");
        const tap_yaml_node *options = tap_yaml_get(top, "options");
        /* tap_scenario_read has seen this very text: the option is there */
        if (options && option < options->n_items && root->kind == TAP_YAML_MAPPING)
            merge_option(&y, root, options->items[option]);
    }
    tap_status status = y.out_of_memory ? TAP_ENOMEM : !root || local.n_items ? TAP_EINPUT : TAP_OK;
    if (status == TAP_OK)
        status = tap_school_from_tree(&y, root, school);
    if (status == TAP_OK)
        status = tap_school_check(school, &local);
    pass_on(scenario, school, scenario_copy, option >= 0 ? &scenario->options[option] : NULL, &local, diags);
    if (status != TAP_OK) {
        tap_school_destroy(&school);
        return status;
    }
    *out = school;
    return TAP_OK;
}

/* base: relative to the scenario file's folder. */
static char *resolve_base(tap_arena *arena, const char *path, const char *base)
{
    const char *slash = strrchr(path, '/');
    if (base[0] == '/' || !slash)
        return tap_arena_strdup(arena, base);
    size_t folder = (size_t)(slash - path) + 1, length = strlen(base);
    char *joined = tap_arena_calloc(arena, folder + length + 1, 1);
    if (joined) {
        memcpy(joined, path, folder);
        memcpy(joined + folder, base, length);
    }
    return joined;
}

/* The scenario file's own keys and each option's name; false after a
 * diagnostic. base_node receives base:'s value. */
static bool read_top(tap_yaml_reader *y, tap_scenario *scenario, const tap_yaml_node *root,
                     const tap_yaml_node **base_node)
{
    static const char *const keys[] = {"scenario", "base", "options", NULL};
    int n_before = y->diags->n_items + y->diags->n_dropped;
    if (tap_yaml_get(root, "week") && !tap_yaml_get(root, "options")) {
        tap_yaml_error(y, root->pos, "this is a school file; compare takes a scenario file, whose base: names the "
                                     "school (docs/scenarios.md)");
        return false;
    }
    const tap_yaml_node *v[3];
    if (!tap_yaml_fields(y, root, "the scenario file", keys, v))
        return false;
    if (v[0] && tap_yaml_expect(y, v[0], TAP_YAML_SCALAR, "scenario", NULL))
        scenario->title = v[0]->text;
    *base_node = v[1];
    if (!v[1])
        tap_yaml_error(y, root->pos, "the scenario file needs base: the school file the options change");
    else if (tap_yaml_expect(y, v[1], TAP_YAML_SCALAR, "base", NULL) && !v[1]->text[0])
        tap_yaml_error(y, v[1]->pos, "base: the path is empty");
    const tap_yaml_node *list = v[2];
    if (!list)
        tap_yaml_error(y, root->pos, "the scenario file needs options: a list of named options");
    else if (tap_yaml_expect(y, list, TAP_YAML_SEQUENCE, "options", NULL) && list->n_items == 0)
        tap_yaml_error(y, list->pos, "options: at least one option is needed");
    else if (list->kind == TAP_YAML_SEQUENCE && list->n_items > MAX_OPTIONS)
        tap_yaml_error(y, list->pos, "options: at most %d, found %d", MAX_OPTIONS, list->n_items);
    else if (list->kind == TAP_YAML_SEQUENCE)
        scenario->options = tap_arena_calloc(y->arena, (size_t)list->n_items, sizeof *scenario->options);
    for (int i = 0; scenario->options && i < list->n_items; i++) {
        const tap_yaml_node *entry = list->items[i];
        if (entry->kind == TAP_YAML_SEQUENCE) {
            tap_yaml_expect(y, entry, TAP_YAML_MAPPING, "option", NULL);
            continue;
        }
        /* "- Status quo": an option that changes nothing needs only its name */
        const tap_yaml_node *name = entry->kind == TAP_YAML_SCALAR ? entry : tap_yaml_get(entry, "name");
        char *text = name ? tap_yaml_id(y, name, "option", "name") : NULL;
        if (!name)
            tap_yaml_error(y, entry->pos, "option: needs a name");
        for (int j = 0; text && j < scenario->n_options; j++)
            if (!strcmp(scenario->options[j].name, text)) {
                tap_yaml_error(y, name->pos, "option: duplicate name '%s'", text);
                text = NULL;
            }
        if (text)
            scenario->options[scenario->n_options++] = (tap_scenario_option){text, entry->pos};
    }
    if (list && list->kind == TAP_YAML_SEQUENCE && list->n_items > 0 && !scenario->options)
        y->out_of_memory = true;
    return !y->out_of_memory && y->diags->n_items + y->diags->n_dropped == n_before;
}

/* The base file's text, or an error at base: saying why not. */
static tap_status read_base(tap_yaml_reader *y, tap_scenario *scenario, const tap_yaml_node *base_node)
{
    tap_diags local = {0};
    tap_status status =
        tap_file_read(scenario->base_path, TAP_FILE_MAX_BYTES, &scenario->base_text, &scenario->base_length, &local);
    if (status != TAP_OK && local.n_items > 0)
        tap_yaml_error(y, base_node->pos, "base: '%s': %s", scenario->base_path, local.items[0].message);
    tap_diags_clear(&local);
    return status == TAP_ENOMEM ? TAP_ENOMEM : status == TAP_OK ? TAP_OK : TAP_EINPUT;
}

tap_status tap_scenario_read(tap_scenario *scenario, const char *path, tap_diags *diags)
{
    if (!(scenario->path = tap_arena_strdup(&scenario->arena, path)))
        return TAP_ENOMEM;
    tap_status status = tap_file_read(path, TAP_FILE_MAX_BYTES, &scenario->text, &scenario->length, diags);
    if (status != TAP_OK)
        return status;
    /* this tree only gives names and positions; each school parses anew */
    tap_yaml_reader y = {0};
    y.arena = &scenario->arena;
    y.diags = diags;
    tap_yaml_node *root = tap_yaml_parse(&y, scenario->text, scenario->length, scenario->path, scenario->path,
                                         "a scenario file");
    const tap_yaml_node *base_node = NULL;
    bool ok = root && read_top(&y, scenario, root, &base_node);
    if (y.out_of_memory)
        return TAP_ENOMEM;
    if (!ok)
        return TAP_EINPUT;
    scenario->base = base_node->text;
    if (!(scenario->base_path = resolve_base(&scenario->arena, path, base_node->text)))
        return TAP_ENOMEM;
    if ((status = read_base(&y, scenario, base_node)) != TAP_OK)
        return status;

    /* The base school on its own first: its errors are the base file's,
     * and would otherwise come once for every option. */
    tap_school *school = NULL;
    if ((status = tap_scenario_school(scenario, -1, &school, diags)) != TAP_OK)
        return status;
    tap_school_destroy(&school);
    tap_status worst = TAP_OK;
    for (int k = 0; k < scenario->n_options && worst != TAP_ENOMEM; k++) {
        status = tap_scenario_school(scenario, k, &school, diags);
        tap_school_destroy(&school);
        if (status != TAP_OK)
            worst = status;
    }
    return worst;
}
