/* school_yaml.c - reads a school file (SPEC section 2) into a tap_school.
 * The only user of libyaml: events become a small tree of located nodes
 * (anchors, aliases, deep nesting and NUL bytes refused), then the tree
 * becomes structs, with every reference resolved to an index and every
 * problem reported at its line and column. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../base/file.h"
#include "school.h"

#define MAX_DEPTH 32
#define MAX_NODES 2000000

/* ---- the located tree ---- */

typedef enum { NODE_SCALAR, NODE_SEQUENCE, NODE_MAPPING } node_kind;

typedef struct node node;
struct node {
    node_kind kind;
    tap_pos pos;
    char *text;    /* scalar */
    node **items;  /* sequence items, or mapping keys and values interleaved */
    int n_items;   /* for a mapping: 2 x pairs */
    int capacity;
};

typedef struct {
    tap_school *school;
    tap_arena *arena; /* the school's: nodes are freed with it */
    tap_diags *diags;
    const char *file;
    int n_nodes;
    bool failed_memory;
} reader;

static tap_pos at(const reader *r, yaml_mark_t mark)
{
    return (tap_pos){r->file, (int)mark.line + 1, (int)mark.column + 1};
}

static node *new_node(reader *r, node_kind kind, tap_pos pos)
{
    node *n = ++r->n_nodes <= MAX_NODES ? tap_arena_calloc(r->arena, 1, sizeof *n) : NULL;
    if (!n)
        return NULL;
    n->kind = kind;
    n->pos = pos;
    return n;
}

static bool append(reader *r, node *parent, node *child)
{
    if (parent->n_items == parent->capacity) {
        int capacity = parent->capacity ? parent->capacity * 2 : 8;
        node **items = tap_arena_grow(r->arena, parent->items, (size_t)parent->n_items, (size_t)capacity,
                                      sizeof *items);
        if (!items)
            return false;
        parent->items = items;
        parent->capacity = capacity;
    }
    parent->items[parent->n_items++] = child;
    return true;
}

/* Builds the tree of the first document; NULL after reporting an error. */
static node *parse_tree(reader *r, const char *data, size_t length)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        r->failed_memory = true;
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, length);
    node *stack[MAX_DEPTH + 1];
    int depth = 0;
    node *root = NULL;
    bool done = false, ok = true;
    while (ok && !done) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            tap_diags_add(r->diags, at(r, parser.problem_mark), "%s", parser.problem ? parser.problem : "invalid YAML");
            ok = false;
            break;
        }
        tap_pos pos = at(r, event.start_mark);
        node *made = NULL;
        switch (event.type) {
        case YAML_ALIAS_EVENT:
            tap_diags_add(r->diags, pos, "aliases are not allowed in a school file");
            ok = false;
            break;
        case YAML_SCALAR_EVENT:
            if (event.data.scalar.anchor) {
                tap_diags_add(r->diags, pos, "anchors are not allowed in a school file");
                ok = false;
            } else if (strlen((const char *)event.data.scalar.value) != event.data.scalar.length) {
                tap_diags_add(r->diags, pos, "text contains a NUL character");
                ok = false;
            } else if ((made = new_node(r, NODE_SCALAR, pos)) != NULL) {
                made->text = tap_arena_strndup(r->arena, (const char *)event.data.scalar.value,
                                               event.data.scalar.length);
                if (!made->text)
                    made = NULL;
            }
            if (ok && !made)
                ok = false, r->failed_memory = true;
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            bool mapping = event.type == YAML_MAPPING_START_EVENT;
            const void *anchor = mapping ? (void *)event.data.mapping_start.anchor : (void *)event.data.sequence_start.anchor;
            if (anchor) {
                tap_diags_add(r->diags, pos, "anchors are not allowed in a school file");
                ok = false;
            } else if (depth == MAX_DEPTH) {
                tap_diags_add(r->diags, pos, "nested more than %d levels deep", MAX_DEPTH);
                ok = false;
            } else if ((made = new_node(r, mapping ? NODE_MAPPING : NODE_SEQUENCE, pos)) == NULL) {
                ok = false, r->failed_memory = true;
            }
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            break;
        case YAML_DOCUMENT_END_EVENT:
            done = true;
            break;
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        default:
            break;
        }
        if (made) {
            if (depth > 0 && !append(r, stack[depth - 1], made))
                ok = false, r->failed_memory = true;
            if (depth == 0)
                root = made;
            if (made->kind != NODE_SCALAR)
                stack[depth++] = made;
        }
        yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    if (ok && !root)
        tap_diags_add(r->diags, (tap_pos){r->file, 1, 1}, "the file is empty");
    return ok ? root : NULL;
}

/* ---- typed access with located errors ---- */

static const char *kind_name(node_kind kind)
{
    return kind == NODE_SCALAR ? "a single value" : kind == NODE_SEQUENCE ? "a list" : "a mapping";
}

static bool expect(reader *r, const node *n, node_kind kind, const char *what)
{
    if (n->kind == kind)
        return true;
    tap_diags_add(r->diags, n->pos, "%s: expected %s, found %s", what, kind_name(kind), kind_name(n->kind));
    return false;
}

/* A list, or a single value standing for a list of one. */
static int list_length(const node *n)
{
    return n->kind == NODE_SEQUENCE ? n->n_items : 1;
}

static const node *list_item(const node *n, int i)
{
    return n->kind == NODE_SEQUENCE ? n->items[i] : n;
}

static bool to_number(reader *r, const node *n, const char *what, double minimum, double *out)
{
    if (!expect(r, n, NODE_SCALAR, what))
        return false;
    char *end = NULL;
    errno = 0;
    double value = strtod(n->text, &end);
    if (!n->text[0] || *end || errno || !isfinite(value)) {
        tap_diags_add(r->diags, n->pos, "%s: expected a number, found '%s'", what, n->text);
        return false;
    }
    if (value < minimum) {
        tap_diags_add(r->diags, n->pos, "%s: must be at least %g, found %g", what, minimum, value);
        return false;
    }
    *out = value;
    return true;
}

/* A number within [minimum, maximum]: weekly hours cannot pass 168, and
 * bounded money keeps every sum the model forms finite. */
static bool to_bounded(reader *r, const node *n, const char *what, double minimum, double maximum, double *out)
{
    double value = 0;
    if (!to_number(r, n, what, minimum, &value))
        return false;
    if (value > maximum) {
        tap_diags_add(r->diags, n->pos, "%s: must be at most %g, found %g", what, maximum, value);
        return false;
    }
    *out = value;
    return true;
}

static bool to_integer(reader *r, const node *n, const char *what, int minimum, int *out)
{
    double value = 0;
    if (!to_number(r, n, what, minimum, &value))
        return false;
    if (value != floor(value) || value > 1e6) {
        tap_diags_add(r->diags, n->pos, "%s: expected a whole number, found '%s'", what, n->text);
        return false;
    }
    *out = (int)value;
    return true;
}

static bool to_bool(reader *r, const node *n, const char *what, bool *out)
{
    if (!expect(r, n, NODE_SCALAR, what))
        return false;
    if (!strcmp(n->text, "true") || !strcmp(n->text, "yes")) {
        *out = true;
        return true;
    }
    if (!strcmp(n->text, "false") || !strcmp(n->text, "no")) {
        *out = false;
        return true;
    }
    tap_diags_add(r->diags, n->pos, "%s: expected true or false, found '%s'", what, n->text);
    return false;
}

/* "HH:MM" to minutes after midnight. */
static bool to_time(reader *r, const node *n, const char *what, int *out)
{
    if (!expect(r, n, NODE_SCALAR, what))
        return false;
    int hours = 0, minutes = 0;
    char extra = 0;
    size_t length = strlen(n->text);
    if (length < 4 || length > 5 || sscanf(n->text, "%2d:%2d%c", &hours, &minutes, &extra) != 2 || hours < 0 ||
        minutes < 0 || minutes > 59 || hours > 24 || (hours == 24 && minutes > 0) || n->text[length - 3] != ':') {
        tap_diags_add(r->diags, n->pos, "%s: expected a time HH:MM, found '%s'", what, n->text);
        return false;
    }
    *out = hours * 60 + minutes;
    return true;
}

/* The index of the scalar among words (NULL-terminated), or -1 after
 * reporting what was expected. */
static int to_word(reader *r, const node *n, const char *what, const char *field, const char *const *words)
{
    if (!expect(r, n, NODE_SCALAR, what))
        return -1;
    char choices[200] = "";
    for (int i = 0; words[i]; i++) {
        if (!strcmp(words[i], n->text))
            return i;
        size_t used = strlen(choices);
        snprintf(choices + used, sizeof choices - used, "%s%s", i == 0 ? "" : words[i + 1] ? ", " : " or ", words[i]);
    }
    tap_diags_add(r->diags, n->pos, "%s: %s must be %s, found '%s'", what, field, choices, n->text);
    return -1;
}

static char *to_id(reader *r, const node *n, const char *what)
{
    if (!expect(r, n, NODE_SCALAR, what))
        return NULL;
    if (!n->text[0]) {
        tap_diags_add(r->diags, n->pos, "%s: an id may not be empty", what);
        return NULL;
    }
    for (const char *c = n->text; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f) {
            tap_diags_add(r->diags, n->pos, "%s: an id may not contain control characters", what);
            return NULL;
        }
    return n->text;
}

/* Iterates a mapping's pairs, refusing duplicate and unknown keys. Keys
 * come from a NULL-terminated list; fn receives the key index. */
typedef void (*pair_fn)(reader *r, void *target, int key, const node *value);

static void each_pair(reader *r, const node *map, const char *what, const char *const *keys, pair_fn fn, void *target)
{
    if (!expect(r, map, NODE_MAPPING, what))
        return;
    for (int i = 0; i + 1 < map->n_items; i += 2) {
        const node *key = map->items[i];
        if (key->kind != NODE_SCALAR) {
            tap_diags_add(r->diags, key->pos, "%s: a key must be a single value", what);
            continue;
        }
        bool duplicate = false;
        for (int j = 0; j < i && !duplicate; j += 2)
            duplicate = map->items[j]->kind == NODE_SCALAR && !strcmp(map->items[j]->text, key->text);
        if (duplicate) {
            tap_diags_add(r->diags, key->pos, "duplicate key '%s' in %s", key->text, what);
            continue;
        }
        int k = 0;
        while (keys[k] && strcmp(keys[k], key->text))
            k++;
        if (!keys[k]) {
            tap_diags_add(r->diags, key->pos, "unknown key '%s' in %s", key->text, what);
            continue;
        }
        fn(r, target, k, map->items[i + 1]);
    }
}

/* ---- references ---- */

typedef int (*find_fn)(const tap_school *, const char *);

static int resolve(reader *r, const node *n, find_fn find, const char *kind, const char *owner)
{
    const char *id = to_id(r, n, owner);
    if (!id)
        return -1;
    int index = find(r->school, id);
    if (index < 0)
        tap_diags_add(r->diags, n->pos, "%s: unknown %s '%s'", owner, kind, id);
    return index;
}

/* How one list item becomes an index: resolving a reference, or interning
 * a skill. -1 (after a diagnostic) leaves the item out. */
typedef int (*item_fn)(reader *r, const node *n, find_fn find, const char *kind, const char *owner);

static int *index_list(reader *r, const node *n, item_fn item, find_fn find, const char *kind, const char *owner,
                       int *count)
{
    *count = 0;
    int length = list_length(n);
    int *items = tap_arena_calloc(r->arena, (size_t)length + 1, sizeof *items);
    if (!items) {
        r->failed_memory = true;
        return NULL;
    }
    for (int i = 0; i < length; i++) {
        int index = item(r, list_item(n, i), find, kind, owner);
        if (index >= 0)
            items[(*count)++] = index;
    }
    return items;
}

/* A list of references; unknown ids are reported and left out. */
static int *resolve_list(reader *r, const node *n, find_fn find, const char *kind, const char *owner, int *count)
{
    return index_list(r, n, resolve, find, kind, owner, count);
}

static int intern_skill(reader *r, const node *n, const char *owner)
{
    const char *id = to_id(r, n, owner);
    if (!id)
        return -1;
    tap_school *s = r->school;
    for (int k = 0; k < s->n_skills; k++)
        if (!strcmp(s->skills[k].id, id))
            return k;
    tap_skill *skills = tap_arena_grow(r->arena, s->skills, (size_t)s->n_skills, (size_t)s->n_skills + 1, sizeof *skills);
    if (!skills) {
        r->failed_memory = true;
        return -1;
    }
    s->skills = skills;
    s->skills[s->n_skills] = (tap_skill){(char *)id, n->pos};
    return s->n_skills++;
}

static int intern_item(reader *r, const node *n, find_fn find, const char *kind, const char *owner)
{
    (void)find, (void)kind;
    return intern_skill(r, n, owner);
}

static int *skill_list(reader *r, const node *n, const char *owner, int *count)
{
    return index_list(r, n, intern_item, NULL, "skill", owner, count);
}

/* ---- sections ---- */

static char *label(reader *r, const char *format, ...)
{
    char buffer[200];
    va_list args;
    va_start(args, format);
    vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    char *copy = tap_arena_strdup(r->arena, buffer);
    if (!copy)
        r->failed_memory = true;
    return copy ? copy : "entry";
}

/* Allocates count entries of size bytes for a section, or NULL. */
static void *section(reader *r, int count, size_t size)
{
    void *items = tap_arena_calloc(r->arena, (size_t)count + 1, size);
    if (!items)
        r->failed_memory = true;
    return items;
}

static void slot_pair(reader *r, void *target, int key, const node *v)
{
    tap_slot *slot = target;
    const char *what = label(r, "slot '%s'", slot->id ? slot->id : "?");
    switch (key) {
    case 0: slot->id = to_id(r, v, "slot"); break;
    case 1: to_time(r, v, what, &slot->start_minute); break;
    case 2: to_time(r, v, what, &slot->end_minute); break;
    case 3: {
        static const char *const kinds[] = {"lesson", "unstructured", NULL}; /* tap_slot_kind order */
        int kind = to_word(r, v, what, "kind", kinds);
        if (kind >= 0)
            slot->kind = (tap_slot_kind)kind;
        break;
    }
    }
}

static void read_week(reader *r, const node *week)
{
    static const char *const keys[] = {"days", "slots", NULL};
    tap_school *s = r->school;
    if (!expect(r, week, NODE_MAPPING, "week"))
        return;
    const node *days = NULL, *slots = NULL;
    for (int i = 0; i + 1 < week->n_items; i += 2) {
        const char *key = week->items[i]->text;
        int k = 0;
        while (keys[k] && (!key || strcmp(keys[k], key)))
            k++;
        if (!keys[k])
            tap_diags_add(r->diags, week->items[i]->pos, "unknown key '%s' in week", key ? key : "?");
        else if ((k == 0 ? days : slots) != NULL)
            tap_diags_add(r->diags, week->items[i]->pos, "duplicate key '%s' in week", key);
        else if (k == 0)
            days = week->items[i + 1];
        else
            slots = week->items[i + 1];
    }
    if (days && expect(r, days, NODE_SEQUENCE, "week.days")) {
        if (days->n_items > TAP_MAX_DAYS)
            tap_diags_add(r->diags, days->pos, "week.days: at most %d days", TAP_MAX_DAYS);
        int n = days->n_items < TAP_MAX_DAYS ? days->n_items : TAP_MAX_DAYS;
        s->days = section(r, n, sizeof *s->days);
        for (int i = 0; s->days && i < n; i++) {
            char *id = to_id(r, days->items[i], "week.days");
            if (id)
                s->days[s->n_days++] = (tap_day){id, days->items[i]->pos};
        }
    }
    if (slots && expect(r, slots, NODE_SEQUENCE, "week.slots")) {
        if (slots->n_items > TAP_MAX_SLOTS)
            tap_diags_add(r->diags, slots->pos, "week.slots: at most %d slots a day", TAP_MAX_SLOTS);
        int n = slots->n_items < TAP_MAX_SLOTS ? slots->n_items : TAP_MAX_SLOTS;
        s->slots = section(r, n, sizeof *s->slots);
        static const char *const slot_keys[] = {"id", "start", "end", "kind", NULL};
        for (int i = 0; s->slots && i < n; i++) {
            tap_slot slot = {NULL, -1, -1, TAP_SLOT_LESSON, slots->items[i]->pos};
            each_pair(r, slots->items[i], "slot", slot_keys, slot_pair, &slot);
            if (!slot.id || slot.start_minute < 0 || slot.end_minute < 0) {
                if (slots->items[i]->kind == NODE_MAPPING)
                    tap_diags_add(r->diags, slot.pos, "slot: needs id, start and end");
                continue;
            }
            s->slots[s->n_slots++] = slot;
        }
    }
    if (!days || !slots)
        tap_diags_add(r->diags, week->pos, "week: needs days and slots");
}

static void read_ids(reader *r, const node *list, const char *what, void **items, int *count, size_t size,
                     size_t id_offset, size_t pos_offset)
{
    if (!expect(r, list, NODE_SEQUENCE, what))
        return;
    char *base = section(r, list->n_items, size);
    *items = base;
    for (int i = 0; base && i < list->n_items; i++) {
        const node *entry = list->items[i];
        const node *id_node = entry->kind == NODE_SCALAR ? entry : NULL;
        if (entry->kind == NODE_MAPPING)
            for (int j = 0; j + 1 < entry->n_items; j += 2)
                if (entry->items[j]->kind == NODE_SCALAR && !strcmp(entry->items[j]->text, "id"))
                    id_node = entry->items[j + 1];
        if (!id_node) {
            tap_diags_add(r->diags, entry->pos, "%s: entry without an id", what);
            continue;
        }
        char *id = to_id(r, id_node, what);
        if (!id)
            continue;
        char *item = base + (size_t)*count * size;
        memcpy(item + id_offset, &id, sizeof id);
        memcpy(item + pos_offset, &entry->pos, sizeof entry->pos);
        (*count)++;
    }
}

/* The node an entry was read from, by index among valid entries. */
static const node *entry_of(const node *list, int index)
{
    int seen = -1;
    for (int i = 0; list && list->kind == NODE_SEQUENCE && i < list->n_items; i++) {
        const node *entry = list->items[i];
        bool has_id = entry->kind == NODE_SCALAR && entry->text[0];
        if (entry->kind == NODE_MAPPING)
            for (int j = 0; j + 1 < entry->n_items; j += 2)
                has_id |= entry->items[j]->kind == NODE_SCALAR && !strcmp(entry->items[j]->text, "id") &&
                          entry->items[j + 1]->kind == NODE_SCALAR && entry->items[j + 1]->text[0];
        if (has_id && ++seen == index)
            return entry;
    }
    return NULL;
}

/* Membership pairs from either side, merged after both are read. */
typedef struct {
    int group, pupil;
    bool from_group;
    tap_pos pos;
} membership;

typedef struct {
    membership *items;
    int n, capacity;
} memberships;

static void add_membership(reader *r, memberships *m, int group, int pupil, bool from_group, tap_pos pos)
{
    if (m->n == m->capacity) {
        int capacity = m->capacity ? 2 * m->capacity : 64;
        membership *items = tap_arena_grow(r->arena, m->items, (size_t)m->n, (size_t)capacity, sizeof *items);
        if (!items) {
            r->failed_memory = true;
            return;
        }
        m->items = items;
        m->capacity = capacity;
    }
    m->items[m->n++] = (membership){group, pupil, from_group, pos};
}

typedef struct {
    reader *r;
    tap_group *group;
    int index;
    memberships *m;
} group_context;

static void group_pair(reader *r, void *target, int key, const node *v)
{
    group_context *c = target;
    if (key != 1)
        return; /* the id was read already */
    const char *what = label(r, "group '%s'", c->group->id);
    c->group->lists_pupils = true;
    if (!expect(r, v, NODE_SEQUENCE, what))
        return;
    for (int i = 0; i < v->n_items; i++) {
        int p = resolve(r, v->items[i], tap_school_find_pupil, "pupil", what);
        if (p >= 0)
            add_membership(r, c->m, c->index, p, true, v->items[i]->pos);
    }
}

typedef struct {
    tap_pupil *pupil;
    int index;
    memberships *m;
    bool lists_groups;
    const node *unstructured_ratio;
} pupil_context;

static void intervention_pair(reader *r, void *target, int key, const node *v)
{
    tap_intervention_need *need = target;
    if (key == 0)
        need->programme = resolve(r, v, tap_school_find_programme, "programme", "intervention");
    else
        to_integer(r, v, "intervention sessions", 0, &need->sessions);
}

static void unstructured_pair(reader *r, void *target, int key, const node *v)
{
    pupil_context *c = target;
    tap_pupil *p = c->pupil;
    const char *what = label(r, "pupil '%s' unstructured", p->id);
    int n = 0;
    if (key == 0) {
        int *slots = resolve_list(r, v, tap_school_find_slot, "slot", what, &n);
        for (int i = 0; slots && i < n; i++)
            p->unstructured_slots |= 1u << slots[i];
    } else if (key == 1) {
        int *days = resolve_list(r, v, tap_school_find_day, "day", what, &n);
        p->unstructured_days = 0;
        for (int i = 0; days && i < n; i++)
            p->unstructured_days |= (uint8_t)(1u << days[i]);
    } else {
        c->unstructured_ratio = v;
        to_integer(r, v, what, 1, &p->unstructured_ratio);
    }
}

static void support_pair(reader *r, void *target, int key, const node *v)
{
    pupil_context *c = target;
    tap_pupil *p = c->pupil;
    const char *what = label(r, "pupil '%s' support", p->id);
    switch (key) {
    case 0: to_bounded(r, v, what, 0, 168, &p->in_class_hours); break;
    case 1: to_integer(r, v, what, 1, &p->ratio); break;
    case 2: p->support_subjects = resolve_list(r, v, tap_school_find_subject, "subject", what, &p->n_support_subjects); break;
    case 3: p->skills = skill_list(r, v, what, &p->n_skills); break;
    case 4: {
        if (!expect(r, v, NODE_SEQUENCE, what))
            break;
        p->interventions = section(r, v->n_items, sizeof *p->interventions);
        static const char *const keys[] = {"programme", "sessions", NULL};
        for (int i = 0; p->interventions && i < v->n_items; i++) {
            tap_intervention_need need = {-1, 0, v->items[i]->pos};
            each_pair(r, v->items[i], what, keys, intervention_pair, &need);
            if (need.programme >= 0)
                p->interventions[p->n_interventions++] = need;
        }
        break;
    }
    case 5: {
        static const char *const keys[] = {"slots", "days", "ratio", NULL};
        each_pair(r, v, what, keys, unstructured_pair, c);
        break;
    }
    }
}

static const char *const need_names[] = {"communication_interaction", "cognition_learning", "semh", "sensory_physical",
                                         NULL};

static void pupil_pair(reader *r, void *target, int key, const node *v)
{
    pupil_context *c = target;
    tap_pupil *p = c->pupil;
    const char *what = label(r, "pupil '%s'", p->id);
    switch (key) {
    case 0: break; /* id */
    case 1:
        if (expect(r, v, NODE_SCALAR, what))
            p->name = v->text;
        break;
    case 2: {
        static const char *const plans[] = {"none", "sen_support", "ehcp", NULL}; /* tap_plan_kind order */
        int plan = to_word(r, v, what, "plan", plans);
        if (plan >= 0)
            p->plan = (tap_plan_kind)plan;
        break;
    }
    case 3:
        for (int i = 0; i < list_length(v); i++) {
            const node *item = list_item(v, i);
            if (!expect(r, item, NODE_SCALAR, what))
                continue;
            int k = 0;
            while (need_names[k] && strcmp(need_names[k], item->text))
                k++;
            if (need_names[k])
                p->needs |= 1u << k;
            else
                tap_diags_add(r->diags, item->pos, "%s: unknown area of need '%s'", what, item->text);
        }
        break;
    case 4: p->strengths = resolve_list(r, v, tap_school_find_subject, "subject", what, &p->n_strengths); break;
    case 5: {
        static const char *const keys[] = {"in_class_hours", "ratio", "subjects", "skills", "interventions",
                                           "unstructured", NULL};
        each_pair(r, v, what, keys, support_pair, c);
        break;
    }
    case 6: {
        c->lists_groups = true;
        int n = 0;
        int *groups = resolve_list(r, v, tap_school_find_group, "group", what, &n);
        for (int i = 0; groups && i < n; i++)
            add_membership(r, c->m, groups[i], c->index, false, list_item(v, i)->pos);
        break;
    }
    }
}

static void programme_pair(reader *r, void *target, int key, const node *v)
{
    tap_programme *q = target;
    const char *what = label(r, "programme '%s'", q->id);
    switch (key) {
    case 0: break;
    case 1: q->skill = intern_skill(r, v, what); break;
    case 2: to_integer(r, v, what, 1, &q->max_group); break;
    case 3: q->subjects_from = resolve_list(r, v, tap_school_find_subject, "subject", what, &q->n_subjects_from); break;
    }
}

static void unavailable_pair(reader *r, void *target, int key, const node *v)
{
    int *pair = target; /* [day, slot mask as int] */
    if (key == 0) {
        pair[0] = resolve(r, v, tap_school_find_day, "day", "unavailable");
    } else {
        int n = 0;
        int *slots = resolve_list(r, v, tap_school_find_slot, "slot", "unavailable", &n);
        unsigned mask = 0;
        for (int i = 0; slots && i < n; i++)
            mask |= 1u << slots[i];
        pair[1] = (int)mask;
    }
}

static void staff_pair(reader *r, void *target, int key, const node *v)
{
    tap_staff *a = target;
    const char *what = label(r, "staff '%s'", a->id);
    switch (key) {
    case 0: break;
    case 1: {
        static const char *const roles[] = {"ta", "hlta", "teacher", NULL}; /* tap_role order */
        int role = to_word(r, v, what, "role", roles);
        if (role >= 0)
            a->role = (tap_role)role;
        break;
    }
    case 2: a->skills = skill_list(r, v, what, &a->n_skills); break;
    case 3: to_bounded(r, v, what, 0, 168, &a->hours); break;
    case 4: to_bounded(r, v, what, 0, 1e6, &a->cost_per_hour); break;
    case 5: to_integer(r, v, what, 0, &a->planning_slots); break;
    case 6:
        for (int i = 0; i < list_length(v); i++) {
            const node *item = list_item(v, i);
            int pair[2] = {-1, -1};
            if (item->kind == NODE_SCALAR) {
                pair[0] = resolve(r, item, tap_school_find_day, "day", what); /* short form: a whole day */
            } else {
                static const char *const keys[] = {"day", "slots", NULL};
                each_pair(r, item, what, keys, unavailable_pair, pair);
            }
            if (pair[0] >= 0)
                a->unavailable[pair[0]] |= pair[1] == -1 ? UINT32_MAX : (uint32_t)pair[1];
        }
        break;
    case 7: to_bool(r, v, what, &a->optional); break;
    }
}

static void budget_pair(reader *r, void *target, int key, const node *v)
{
    tap_budget *b = target;
    if (key == 0 && to_bounded(r, v, "budget.weekly", 0, 1e12, &b->weekly))
        b->has_weekly = true;
    else if (key == 1)
        to_bounded(r, v, "budget.weeks_per_year", 0, 53, &b->weeks_per_year);
}

static void weight_pair(reader *r, void *target, int key, const node *v)
{
    double *weights = target; /* tap_weights is eight doubles in key order */
    to_bounded(r, v, "policy.weights", 0, 1e9, &weights[key]);
}

static void policy_pair(reader *r, void *target, int key, const node *v)
{
    tap_policy *p = target;
    switch (key) {
    case 0: {
        static const char *const choices[] = {"hard", "soft", NULL}; /* tap_strengths_policy order */
        int strengths = to_word(r, v, "policy", "strengths", choices);
        if (strengths >= 0)
            p->strengths = (tap_strengths_policy)strengths;
        break;
    }
    case 1: to_integer(r, v, "policy.max_withdrawals_per_subject", 0, &p->max_withdrawals_per_subject); break;
    case 2: to_integer(r, v, "policy.max_adults_per_pupil", 1, &p->max_adults_per_pupil); break;
    case 3: to_integer(r, v, "policy.break_minutes", 0, &p->break_minutes); break;
    case 4: to_integer(r, v, "policy.planning_slots", 0, &p->planning_slots); break;
    case 5:
        if (to_number(r, v, "policy.time_limit_s", 0, &p->time_limit_s) && (p->time_limit_s <= 0 || p->time_limit_s > 86400))
            tap_diags_add(r->diags, v->pos, "policy.time_limit_s: must be more than 0 and at most 86400");
        break;
    case 6: {
        static const char *const keys[] = {"statutory", "sen_support", "sen_fairness", "strength_withdrawal",
                                           "strength_support", "continuity", "hire_cost", "change", NULL};
        double weights[8];
        memcpy(weights, &p->weights, sizeof weights);
        each_pair(r, v, "policy.weights", keys, weight_pair, weights);
        memcpy(&p->weights, weights, sizeof weights);
        break;
    }
    }
}

_Static_assert(sizeof(tap_weights) == 8 * sizeof(double), "tap_weights must be eight doubles in key order");

/* Lessons from the list form and the grid form. */
static void add_lesson(reader *r, int group, int day, int slot, int subject, tap_pos pos)
{
    tap_school *s = r->school;
    tap_lesson *lessons = tap_arena_grow(r->arena, s->lessons, (size_t)s->n_lessons, (size_t)s->n_lessons + 1,
                                         sizeof *lessons);
    if (!lessons) {
        r->failed_memory = true;
        return;
    }
    s->lessons = lessons;
    s->lessons[s->n_lessons++] = (tap_lesson){group, day, slot, subject, pos};
}

static void lesson_pair(reader *r, void *target, int key, const node *v)
{
    int *fields = target; /* group, day, slot, subject */
    static const find_fn finds[] = {tap_school_find_group, tap_school_find_day, tap_school_find_slot,
                                    tap_school_find_subject};
    static const char *const kinds[] = {"group", "day", "slot", "subject"};
    fields[key] = resolve(r, v, finds[key], kinds[key], "lesson");
}

static void read_lessons(reader *r, const node *list)
{
    if (!expect(r, list, NODE_SEQUENCE, "lessons"))
        return;
    static const char *const keys[] = {"group", "day", "slot", "subject", NULL};
    for (int i = 0; i < list->n_items; i++) {
        int fields[4] = {-1, -1, -1, -1};
        each_pair(r, list->items[i], "lesson", keys, lesson_pair, fields);
        if (fields[0] >= 0 && fields[1] >= 0 && fields[2] >= 0 && fields[3] >= 0)
            add_lesson(r, fields[0], fields[1], fields[2], fields[3], list->items[i]->pos);
        else if (list->items[i]->kind == NODE_MAPPING && fields[0] < 0 && fields[1] < 0 && fields[2] < 0 && fields[3] < 0)
            tap_diags_add(r->diags, list->items[i]->pos, "lesson: needs group, day, slot and subject");
    }
}

static void read_timetable(reader *r, const node *grid)
{
    tap_school *s = r->school;
    if (!expect(r, grid, NODE_MAPPING, "timetable"))
        return;
    int lesson_slots[TAP_MAX_SLOTS], n_lesson_slots = 0;
    for (int t = 0; t < s->n_slots; t++)
        if (s->slots[t].kind == TAP_SLOT_LESSON)
            lesson_slots[n_lesson_slots++] = t;
    for (int i = 0; i + 1 < grid->n_items; i += 2) {
        int g = resolve(r, grid->items[i], tap_school_find_group, "group", "timetable");
        const node *days = grid->items[i + 1];
        if (g < 0 || !expect(r, days, NODE_MAPPING, "timetable"))
            continue;
        for (int j = 0; j + 1 < days->n_items; j += 2) {
            int d = resolve(r, days->items[j], tap_school_find_day, "day", label(r, "timetable '%s'", s->groups[g].id));
            const node *row = days->items[j + 1];
            if (d < 0 || !expect(r, row, NODE_SEQUENCE, "timetable row"))
                continue;
            if (row->n_items != n_lesson_slots) {
                tap_diags_add(r->diags, row->pos, "timetable '%s' %s: %d entries for %d lesson slots", s->groups[g].id,
                              s->days[d].id, row->n_items, n_lesson_slots);
                continue;
            }
            for (int k = 0; k < row->n_items; k++) {
                const node *cell = row->items[k];
                if (cell->kind == NODE_SCALAR && !strcmp(cell->text, "-"))
                    continue;
                int subject = resolve(r, cell, tap_school_find_subject, "subject", "timetable");
                if (subject >= 0)
                    add_lesson(r, g, d, lesson_slots[k], subject, cell->pos);
            }
        }
    }
}

/* Merges both sides of group membership, checking they agree. */
static void merge_memberships(reader *r, memberships *m, const bool *pupil_lists_groups)
{
    tap_school *s = r->school;
    bool *member = section(r, s->n_groups * s->n_pupils, sizeof *member);
    bool *listed_by_group = section(r, s->n_groups * s->n_pupils, sizeof *listed_by_group);
    bool *listed_by_pupil = section(r, s->n_groups * s->n_pupils, sizeof *listed_by_pupil);
    if (!member || !listed_by_group || !listed_by_pupil)
        return;
    for (int i = 0; i < m->n; i++) {
        size_t cell = (size_t)m->items[i].group * (size_t)s->n_pupils + (size_t)m->items[i].pupil;
        (m->items[i].from_group ? listed_by_group : listed_by_pupil)[cell] = true;
    }
    for (int i = 0; i < m->n; i++) {
        const membership *x = &m->items[i];
        size_t cell = (size_t)x->group * (size_t)s->n_pupils + (size_t)x->pupil;
        const char *g = s->groups[x->group].id, *p = s->pupils[x->pupil].id;
        if (!x->from_group && s->groups[x->group].lists_pupils && !listed_by_group[cell])
            tap_diags_add(r->diags, x->pos, "pupil '%s' lists group '%s', but the group does not list the pupil", p, g);
        else if (x->from_group && pupil_lists_groups[x->pupil] && !listed_by_pupil[cell])
            tap_diags_add(r->diags, x->pos, "group '%s' lists pupil '%s', but the pupil does not list the group", g, p);
        member[cell] = true;
    }
    for (int g = 0; g < s->n_groups; g++) {
        tap_group *group = &s->groups[g];
        group->pupils = section(r, s->n_pupils, sizeof *group->pupils);
        for (int p = 0; group->pupils && p < s->n_pupils; p++)
            if (member[(size_t)g * (size_t)s->n_pupils + (size_t)p])
                group->pupils[group->n_pupils++] = p;
    }
    for (int p = 0; p < s->n_pupils; p++) {
        tap_pupil *pupil = &s->pupils[p];
        pupil->groups = section(r, s->n_groups, sizeof *pupil->groups);
        for (int g = 0; pupil->groups && g < s->n_groups; g++)
            if (member[(size_t)g * (size_t)s->n_pupils + (size_t)p])
                pupil->groups[pupil->n_groups++] = g;
    }
}

static void read_subjects(reader *r, const node *list)
{
    tap_school *s = r->school;
    if (!expect(r, list, NODE_SEQUENCE, "subjects"))
        return;
    s->subjects = section(r, list->n_items, sizeof *s->subjects);
    for (int i = 0; s->subjects && i < list->n_items; i++) {
        char *id = to_id(r, list->items[i], "subjects");
        if (id)
            s->subjects[s->n_subjects++] = (tap_subject){id, list->items[i]->pos};
    }
}

enum { K_SCHOOL, K_WEEK, K_SUBJECTS, K_GROUPS, K_LESSONS, K_TIMETABLE, K_PUPILS, K_PROGRAMMES, K_STAFF, K_BUDGET,
       K_POLICY, K_COUNT };

static void top_pair(reader *r, void *target, int key, const node *v)
{
    (void)r;
    const node **sections = target;
    sections[key] = v;
}

static void read_school(reader *r, const node *root)
{
    static const char *const keys[] = {"school", "week", "subjects", "groups", "lessons", "timetable", "pupils",
                                       "programmes", "staff", "budget", "policy", NULL};
    const node *top[K_COUNT] = {0};
    each_pair(r, root, "the school file", keys, top_pair, top);
    tap_school *s = r->school;
    if (top[K_SCHOOL] && expect(r, top[K_SCHOOL], NODE_SCALAR, "school"))
        s->name = top[K_SCHOOL]->text;
    if (!top[K_WEEK])
        tap_diags_add(r->diags, root->pos, "the school file needs a week");
    else
        read_week(r, top[K_WEEK]);
    if (top[K_SUBJECTS])
        read_subjects(r, top[K_SUBJECTS]);

    /* Ids first, so references resolve whatever order the file uses. */
    if (top[K_PUPILS])
        read_ids(r, top[K_PUPILS], "pupils", (void **)&s->pupils, &s->n_pupils, sizeof *s->pupils,
                 offsetof(tap_pupil, id), offsetof(tap_pupil, pos));
    if (top[K_GROUPS])
        read_ids(r, top[K_GROUPS], "groups", (void **)&s->groups, &s->n_groups, sizeof *s->groups,
                 offsetof(tap_group, id), offsetof(tap_group, pos));
    if (top[K_PROGRAMMES])
        read_ids(r, top[K_PROGRAMMES], "programmes", (void **)&s->programmes, &s->n_programmes,
                 sizeof *s->programmes, offsetof(tap_programme, id), offsetof(tap_programme, pos));
    if (top[K_STAFF])
        read_ids(r, top[K_STAFF], "staff", (void **)&s->staff, &s->n_staff, sizeof *s->staff,
                 offsetof(tap_staff, id), offsetof(tap_staff, pos));

    memberships m = {0};
    for (int g = 0; g < s->n_groups; g++) {
        static const char *const group_keys[] = {"id", "pupils", NULL};
        group_context c = {r, &s->groups[g], g, &m};
        const node *entry = entry_of(top[K_GROUPS], g);
        if (entry && entry->kind == NODE_MAPPING)
            each_pair(r, entry, label(r, "group '%s'", s->groups[g].id), group_keys, group_pair, &c);
    }
    for (int q = 0; q < s->n_programmes; q++) {
        static const char *const programme_keys[] = {"id", "skill", "max_group", "subjects_from", NULL};
        tap_programme *programme = &s->programmes[q];
        programme->skill = -1;
        programme->max_group = 1;
        const node *entry = entry_of(top[K_PROGRAMMES], q);
        if (entry && entry->kind == NODE_MAPPING)
            each_pair(r, entry, label(r, "programme '%s'", programme->id), programme_keys, programme_pair, programme);
        if (programme->skill < 0)
            tap_diags_add(r->diags, programme->pos, "programme '%s': needs a skill", programme->id);
    }
    bool *lists_groups = section(r, s->n_pupils, sizeof *lists_groups);
    for (int p = 0; lists_groups && p < s->n_pupils; p++) {
        static const char *const pupil_keys[] = {"id", "name", "plan", "needs", "strengths", "support", "groups", NULL};
        tap_pupil *pupil = &s->pupils[p];
        pupil->ratio = 1;
        pupil->unstructured_ratio = 0; /* 0: the pupil's ratio, settled below */
        pupil->unstructured_days = (uint8_t)((1u << s->n_days) - 1);
        pupil_context c = {pupil, p, &m, false, NULL};
        const node *entry = entry_of(top[K_PUPILS], p);
        if (entry && entry->kind == NODE_MAPPING)
            each_pair(r, entry, label(r, "pupil '%s'", pupil->id), pupil_keys, pupil_pair, &c);
        if (pupil->unstructured_ratio < 1)
            pupil->unstructured_ratio = pupil->ratio;
        if (!pupil->unstructured_slots)
            pupil->unstructured_days = 0;
        lists_groups[p] = c.lists_groups;
    }
    for (int a = 0; a < s->n_staff; a++) {
        static const char *const staff_keys[] = {"id", "role", "skills", "hours", "cost_per_hour", "planning_slots",
                                                  "unavailable", "optional", NULL};
        tap_staff *adult = &s->staff[a];
        adult->planning_slots = -1;
        const node *entry = entry_of(top[K_STAFF], a);
        if (entry && entry->kind == NODE_MAPPING)
            each_pair(r, entry, label(r, "staff '%s'", adult->id), staff_keys, staff_pair, adult);
    }
    if (lists_groups)
        merge_memberships(r, &m, lists_groups);
    if (top[K_LESSONS])
        read_lessons(r, top[K_LESSONS]);
    if (top[K_TIMETABLE])
        read_timetable(r, top[K_TIMETABLE]);
    s->budget.weeks_per_year = 39;
    if (top[K_BUDGET]) {
        static const char *const budget_keys[] = {"weekly", "weeks_per_year", NULL};
        each_pair(r, top[K_BUDGET], "budget", budget_keys, budget_pair, &s->budget);
    }
    s->policy = tap_policy_default();
    if (top[K_POLICY]) {
        static const char *const policy_keys[] = {"strengths", "max_withdrawals_per_subject", "max_adults_per_pupil",
                                                  "break_minutes", "planning_slots", "time_limit_s", "weights", NULL};
        each_pair(r, top[K_POLICY], "policy", policy_keys, policy_pair, &s->policy);
    }
}

tap_status tap_school_read(const char *path, tap_school **out, tap_diags *diags)
{
    *out = NULL;
    char *data = NULL;
    size_t length = 0;
    tap_status status = tap_file_read(path, TAP_FILE_MAX_BYTES, &data, &length, diags);
    if (status != TAP_OK)
        return status;
    tap_arena arena = {0};
    tap_school *school = tap_arena_calloc(&arena, 1, sizeof *school);
    char *file = school ? tap_arena_strdup(&arena, path) : NULL;
    if (!school || !file) {
        tap_arena_destroy(&arena);
        free(data);
        return TAP_ENOMEM;
    }
    school->arena = arena;
    school->file = file;
    int n_before = diags->n_items + diags->n_dropped;
    /* Positions name the caller's path, which outlives the school: on
     * failure the school is freed before anyone prints the diagnostics. */
    reader r = {school, &school->arena, diags, path, 0, false};
    node *root = parse_tree(&r, data, length);
    free(data);
    if (root)
        read_school(&r, root);
    if (r.failed_memory) {
        tap_school_destroy(&school);
        return TAP_ENOMEM;
    }
    if (!root || diags->n_items + diags->n_dropped > n_before) {
        tap_school_destroy(&school);
        return TAP_EINPUT;
    }
    *out = school;
    return TAP_OK;
}
