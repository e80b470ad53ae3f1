/* school_yaml.c - reads a school file (SPEC section 2) into a tap_school.
 * The located tree of yaml_tree.c becomes structs, every reference resolved
 * to an index and every problem reported at its line and column, as many as
 * one pass finds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/file.h"
#include "../base/id_index.h"
#include "school.h"
#include "school_yaml.h"

#define MAX_ENTRIES 20000  /* of one kind (pupils, groups, staff...): bounds every table */
#define MAX_HOURS 168.0    /* hours in a week */
#define MAX_MONEY 1e9      /* bounded money keeps every sum the model forms finite */
#define MAX_COUNT 10000    /* sessions, ratios, group sizes */

/* Kinds of id; each has a hash table from id to index. */
typedef enum { KIND_DAY, KIND_SLOT, KIND_SUBJECT, KIND_GROUP, KIND_PUPIL, KIND_PROGRAMME, KIND_STAFF, KIND_SKILL,
               N_KINDS } id_kind;

static const char *const kind_names[N_KINDS] = {"day", "slot", "subject", "group", "pupil", "programme", "staff",
                                                "skill"};

typedef struct {
    tap_yaml_reader *y; /* its arena is the school's, so nodes are freed with it */
    tap_school *school;
    tap_id_index ids[N_KINDS];
    int n_skill_capacity;
    int lesson_slots[TAP_MAX_SLOTS]; /* indices of lesson slots in order, for timetable rows */
    int n_lesson_slots;
} reader;

#define ERROR(r, pos, ...) tap_yaml_error((r)->y, (pos), __VA_ARGS__)

/* ---- id tables ---- */

/* Adds key -> value unless key is present; returns the index the key
 * stands for (the earlier one when repeated), or -1 out of memory. */
static int table_add(reader *r, tap_id_index *table, const char *key, int value)
{
    int index = tap_id_index_add(table, key, value);
    if (index < 0)
        r->y->out_of_memory = true;
    return index;
}

/* ---- typed values ---- */
static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "HH:MM" or "H:MM", 00:00 to 24:00, to minutes after midnight. */
static bool to_time(reader *r, const tap_yaml_node *n, const char *owner, const char *field, int *out)
{
    if (!tap_yaml_expect(r->y, n, TAP_YAML_SCALAR, owner, field))
        return false;
    const char *t = n->text;
    size_t length = strlen(t);
    bool shape = (length == 4 || length == 5) && t[length - 3] == ':' && is_digit(t[0]) &&
                 is_digit(t[length - 4]) && is_digit(t[length - 2]) && is_digit(t[length - 1]);
    int hours = shape ? atoi(t) : -1;
    int minutes = shape ? atoi(t + length - 2) : -1;
    if (!shape || hours > 24 || minutes > 59 || (hours == 24 && minutes > 0)) {
        tap_yaml_complain_found(r->y, n, owner, field, "a time HH:MM");
        return false;
    }
    *out = hours * 60 + minutes;
    return true;
}

/* ---- references ---- */

static int intern_skill(reader *r, const tap_yaml_node *n, const char *id)
{
    tap_school *s = r->school;
    int k = tap_id_index_find(&r->ids[KIND_SKILL], id);
    if (k >= 0)
        return k;
    if (s->n_skills == r->n_skill_capacity) {
        int capacity = r->n_skill_capacity ? 2 * r->n_skill_capacity : 16;
        tap_skill *skills =
            tap_arena_grow(r->y->arena, s->skills, (size_t)s->n_skills, (size_t)capacity, sizeof *skills);
        if (!skills) {
            r->y->out_of_memory = true;
            return -1;
        }
        s->skills = skills;
        r->n_skill_capacity = capacity;
    }
    if (table_add(r, &r->ids[KIND_SKILL], id, s->n_skills) < 0)
        return -1;
    s->skills[s->n_skills] = (tap_skill){n->text, n->pos};
    return s->n_skills++;
}

/* The index an id stands for; skills are interned, any other unknown id is
 * reported (-1). */
static int resolve(reader *r, const tap_yaml_node *n, id_kind kind, const char *owner, const char *field)
{
    const char *id = tap_yaml_id(r->y, n, owner, field);
    if (!id)
        return -1;
    if (kind == KIND_SKILL)
        return intern_skill(r, n, id);
    int index = tap_id_index_find(&r->ids[kind], id);
    if (index < 0)
        ERROR(r, n->pos, "%s: unknown %s '%s'", owner, kind_names[kind], id);
    return index;
}

/* A list of references (skills are interned); unknown ids are reported
 * and left out. */
static void id_list(reader *r, const tap_yaml_node *n, id_kind kind, const char *owner, const char *field, int **items,
                    int *count)
{
    *items = NULL;
    *count = 0;
    if (n->kind == TAP_YAML_MAPPING) {
        tap_yaml_expect(r->y, n, TAP_YAML_SEQUENCE, owner, field);
        return;
    }
    int length = tap_yaml_length(n);
    int *list = tap_arena_calloc(r->y->arena, (size_t)length, sizeof *list);
    if (!list) {
        r->y->out_of_memory = true;
        return;
    }
    for (int i = 0; i < length; i++) {
        int index = resolve(r, tap_yaml_item(n, i), kind, owner, field);
        if (index >= 0)
            list[(*count)++] = index;
    }
    *items = list;
}

static uint32_t mask_of(const int *items, int count)
{
    uint32_t mask = 0;
    for (int i = 0; i < count; i++)
        mask |= 1u << items[i];
    return mask;
}

/* ---- the week and subjects ---- */

/* Allocates count zeroed entries for a section, or NULL. */
static void *section(reader *r, int count, size_t size)
{
    void *items = tap_arena_calloc(r->y->arena, (size_t)count, size);
    if (!items)
        r->y->out_of_memory = true;
    return items;
}

/* Plain id lists (days, subjects): each id is entered in its table. */
static int read_id_section(reader *r, const tap_yaml_node *list, const char *owner, id_kind kind, int limit,
                           char ***ids, tap_pos **positions)
{
    if (!tap_yaml_expect(r->y, list, TAP_YAML_SEQUENCE, owner, NULL))
        return 0;
    if (list->n_items > limit) {
        ERROR(r, list->pos, "%s: at most %d, found %d", owner, limit, list->n_items);
        return 0;
    }
    *ids = section(r, list->n_items, sizeof **ids);
    *positions = section(r, list->n_items, sizeof **positions);
    int count = 0;
    for (int i = 0; *ids && *positions && i < list->n_items; i++) {
        char *id = tap_yaml_id(r->y, list->items[i], owner, NULL);
        if (!id)
            continue;
        if (tap_id_index_find(&r->ids[kind], id) >= 0) {
            ERROR(r, list->items[i]->pos, "duplicate %s id '%s'", kind_names[kind], id);
            continue;
        }
        if (table_add(r, &r->ids[kind], id, count) < 0)
            return 0;
        (*ids)[count] = id;
        (*positions)[count] = list->items[i]->pos;
        count++;
    }
    return count;
}

static void read_days(reader *r, const tap_yaml_node *list)
{
    tap_school *s = r->school;
    char **ids = NULL;
    tap_pos *positions = NULL;
    int n = read_id_section(r, list, "week.days", KIND_DAY, TAP_MAX_DAYS, &ids, &positions);
    s->days = n ? section(r, n, sizeof *s->days) : NULL;
    for (int d = 0; s->days && d < n; d++)
        s->days[s->n_days++] = (tap_day){ids[d], positions[d]};
    if (list->kind == TAP_YAML_SEQUENCE && list->n_items == 0)
        ERROR(r, list->pos, "week.days: at least one day is needed");
}

static void read_subjects(reader *r, const tap_yaml_node *list)
{
    tap_school *s = r->school;
    char **ids = NULL;
    tap_pos *positions = NULL;
    int n = read_id_section(r, list, "subjects", KIND_SUBJECT, MAX_ENTRIES, &ids, &positions);
    s->subjects = n ? section(r, n, sizeof *s->subjects) : NULL;
    for (int i = 0; s->subjects && i < n; i++)
        s->subjects[s->n_subjects++] = (tap_subject){ids[i], positions[i]};
}

static void read_slots(reader *r, const tap_yaml_node *list)
{
    static const char *const keys[] = {"id", "start", "end", "kind", NULL};
    static const char *const kinds[] = {"lesson", "unstructured", NULL}; /* tap_slot_kind order */
    tap_school *s = r->school;
    if (!tap_yaml_expect(r->y, list, TAP_YAML_SEQUENCE, "week.slots", NULL))
        return;
    if (list->n_items > TAP_MAX_SLOTS) {
        ERROR(r, list->pos, "week.slots: at most %d slots a day, found %d", TAP_MAX_SLOTS, list->n_items);
        return;
    }
    if (list->n_items == 0)
        ERROR(r, list->pos, "week.slots: at least one slot is needed");
    s->slots = list->n_items ? section(r, list->n_items, sizeof *s->slots) : NULL;
    for (int i = 0; s->slots && i < list->n_items; i++) {
        const tap_yaml_node *entry = list->items[i];
        const tap_yaml_node *v[4];
        char owner[100] = "week.slots";
        /* the id first, so that every other message can name the slot */
        const tap_yaml_node *id_node = NULL;
        for (int j = 0; entry->kind == TAP_YAML_MAPPING && j + 1 < entry->n_items; j += 2)
            if (entry->items[j]->kind == TAP_YAML_SCALAR && !strcmp(entry->items[j]->text, "id"))
                id_node = entry->items[j + 1];
        if (id_node && id_node->kind == TAP_YAML_SCALAR && id_node->text[0] &&
            strlen(id_node->text) <= TAP_YAML_MAX_ID_LENGTH)
            snprintf(owner, sizeof owner, "slot '%s'", id_node->text);
        if (!tap_yaml_fields(r->y, entry, owner, keys, v))
            continue;
        tap_slot slot = {NULL, -1, -1, TAP_SLOT_LESSON, entry->pos};
        int kind = -1;
        bool ok = v[0] && (slot.id = tap_yaml_id(r->y, v[0], owner, "id")) != NULL;
        ok &= v[1] && to_time(r, v[1], owner, "start", &slot.start_minute);
        ok &= v[2] && to_time(r, v[2], owner, "end", &slot.end_minute);
        ok &= v[3] && (kind = tap_yaml_word(r->y, v[3], owner, "kind", kinds)) >= 0;
        if (!v[0] || !v[1] || !v[2] || !v[3]) {
            ERROR(r, entry->pos, "%s: needs id, start, end and kind", owner);
            continue;
        }
        if (!ok)
            continue;
        if (tap_id_index_find(&r->ids[KIND_SLOT], slot.id) >= 0) {
            ERROR(r, v[0]->pos, "duplicate slot id '%s'", slot.id);
            continue;
        }
        if (table_add(r, &r->ids[KIND_SLOT], slot.id, s->n_slots) < 0)
            return;
        slot.kind = (tap_slot_kind)kind;
        s->slots[s->n_slots++] = slot;
        if (slot.kind == TAP_SLOT_LESSON)
            r->lesson_slots[r->n_lesson_slots++] = s->n_slots - 1;
    }
}

static void read_week(reader *r, const tap_yaml_node *week)
{
    static const char *const keys[] = {"days", "slots", NULL};
    const tap_yaml_node *v[2];
    if (!tap_yaml_fields(r->y, week, "week", keys, v))
        return;
    if (v[0])
        read_days(r, v[0]);
    if (v[1])
        read_slots(r, v[1]);
    if (!v[0] || !v[1])
        ERROR(r, week->pos, "week: needs days and slots");
}

/* ---- entries with ids: pupils, groups, programmes, staff ---- */

/* The id node of an entry: the entry itself when it is a single value (the
 * short form "- P01"), else its id: value. */
static const tap_yaml_node *id_node_of(const tap_yaml_node *entry)
{
    if (entry->kind == TAP_YAML_SCALAR)
        return entry;
    if (entry->kind == TAP_YAML_MAPPING)
        for (int j = 0; j + 1 < entry->n_items; j += 2)
            if (entry->items[j]->kind == TAP_YAML_SCALAR && !entry->items[j]->duplicate &&
                !strcmp(entry->items[j]->text, "id"))
                return entry->items[j + 1];
    return NULL;
}

/* Reads the ids of a section first, so that references resolve whatever
 * order the file uses. Fills (id, pos) of each item and the entry node it
 * came from; returns the number of entries kept. */
static int read_entries(reader *r, const tap_yaml_node *list, const char *owner, id_kind kind, void **items,
                        size_t size, size_t id_offset, size_t pos_offset, const tap_yaml_node ***entries)
{
    *items = NULL;
    *entries = NULL;
    if (!tap_yaml_expect(r->y, list, TAP_YAML_SEQUENCE, owner, NULL))
        return 0;
    if (list->n_items > MAX_ENTRIES) {
        ERROR(r, list->pos, "%s: at most %d, found %d", owner, MAX_ENTRIES, list->n_items);
        return 0;
    }
    char *base = section(r, list->n_items, size);
    *entries = section(r, list->n_items, sizeof **entries);
    if (!base || !*entries)
        return 0;
    *items = base;
    int count = 0;
    for (int i = 0; i < list->n_items; i++) {
        const tap_yaml_node *entry = list->items[i];
        const tap_yaml_node *id_node = id_node_of(entry);
        if (!id_node || id_node->null) {
            if (entry->kind == TAP_YAML_SEQUENCE)
                tap_yaml_expect(r->y, entry, TAP_YAML_MAPPING, owner, NULL);
            else
                ERROR(r, entry->pos, "%s: an entry without an id", owner);
            continue;
        }
        char *id = tap_yaml_id(r->y, id_node, owner, "id");
        if (!id)
            continue;
        if (tap_id_index_find(&r->ids[kind], id) >= 0) {
            ERROR(r, id_node->pos, "duplicate %s id '%s'", kind_names[kind], id);
            continue;
        }
        if (table_add(r, &r->ids[kind], id, count) < 0)
            return 0;
        char *item = base + (size_t)count * size;
        memcpy(item + id_offset, &id, sizeof id);
        memcpy(item + pos_offset, &entry->pos, sizeof entry->pos);
        (*entries)[count++] = entry;
    }
    return count;
}

#define READ_ENTRIES(r, list, owner, kind, array, count, type, entries)                                               \
    ((count) = read_entries((r), (list), (owner), (kind), (void **)&(array), sizeof(type), offsetof(type, id),     \
                            offsetof(type, pos), &(entries)))

/* ---- group membership, from either side ---- */

typedef struct {
    int group, pupil;
    bool from_group; /* named in the group's pupils: list, else in the pupil's groups: */
    tap_pos pos;
} membership;

typedef struct {
    membership *items;
    int n, capacity;
    bool *pupil_lists_groups; /* [pupil] */
} memberships;

static void add_membership(reader *r, memberships *m, int group, int pupil, bool from_group, tap_pos pos)
{
    if (m->n == m->capacity) {
        int capacity = m->capacity ? 2 * m->capacity : 64;
        membership *items = tap_arena_grow(r->y->arena, m->items, (size_t)m->n, (size_t)capacity, sizeof *items);
        if (!items) {
            r->y->out_of_memory = true;
            return;
        }
        m->items = items;
        m->capacity = capacity;
    }
    m->items[m->n++] = (membership){group, pupil, from_group, pos};
}

static int compare_memberships(const void *a, const void *b)
{
    const membership *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->pupil != y->pupil)
        return x->pupil < y->pupil ? -1 : 1;
    if (x->from_group != y->from_group)
        return x->from_group ? -1 : 1;
    if (x->pos.line != y->pos.line)
        return x->pos.line < y->pos.line ? -1 : 1;
    return (x->pos.column > y->pos.column) - (x->pos.column < y->pos.column);
}

/* Where both sides speak they must agree; membership is the union. Sorting
 * by (group, pupil) leaves both membership lists ascending. */
static void merge_memberships(reader *r, memberships *m)
{
    tap_school *s = r->school;
    if (m->n > 1)
        qsort(m->items, (size_t)m->n, sizeof *m->items, compare_memberships);
    int *n_groups_of = section(r, s->n_pupils + 1, sizeof *n_groups_of);
    int *n_pupils_of = section(r, s->n_groups + 1, sizeof *n_pupils_of);
    if (!n_groups_of || !n_pupils_of)
        return;
    int n_pairs = 0;
    for (int i = 0; i < m->n;) {
        const membership first = m->items[i];
        const membership *by_group = NULL, *by_pupil = NULL;
        int j = i;
        for (; j < m->n && m->items[j].group == first.group && m->items[j].pupil == first.pupil; j++) {
            if (m->items[j].from_group && !by_group)
                by_group = &m->items[j];
            if (!m->items[j].from_group && !by_pupil)
                by_pupil = &m->items[j];
        }
        const char *g = s->groups[first.group].id, *p = s->pupils[first.pupil].id;
        if (!by_group && s->groups[first.group].lists_pupils)
            ERROR(r, by_pupil->pos, "pupil '%s' lists group '%s', but group '%s' does not list pupil '%s'", p, g, g, p);
        if (!by_pupil && m->pupil_lists_groups[first.pupil])
            ERROR(r, by_group->pos, "group '%s' lists pupil '%s', but pupil '%s' does not list group '%s'", g, p, p, g);
        m->items[n_pairs++] = first; /* one entry per pair from here on */
        n_groups_of[first.pupil]++;
        n_pupils_of[first.group]++;
        i = j;
    }
    for (int g = 0; g < s->n_groups; g++)
        if (n_pupils_of[g] && !(s->groups[g].pupils = section(r, n_pupils_of[g], sizeof(int))))
            return;
    for (int p = 0; p < s->n_pupils; p++)
        if (n_groups_of[p] && !(s->pupils[p].groups = section(r, n_groups_of[p], sizeof(int))))
            return;
    for (int i = 0; i < n_pairs; i++) {
        tap_group *group = &s->groups[m->items[i].group];
        tap_pupil *pupil = &s->pupils[m->items[i].pupil];
        group->pupils[group->n_pupils++] = m->items[i].pupil;
        pupil->groups[pupil->n_groups++] = m->items[i].group;
    }
}

static void read_group(reader *r, int g, const tap_yaml_node *entry, memberships *m)
{
    static const char *const keys[] = {"id", "pupils", NULL};
    tap_group *group = &r->school->groups[g];
    char owner[100];
    snprintf(owner, sizeof owner, "group '%s'", group->id);
    const tap_yaml_node *v[2];
    if (entry->kind != TAP_YAML_MAPPING || !tap_yaml_fields(r->y, entry, owner, keys, v) || !v[1])
        return;
    group->lists_pupils = true;
    if (v[1]->kind == TAP_YAML_MAPPING) {
        tap_yaml_expect(r->y, v[1], TAP_YAML_SEQUENCE, owner, "pupils");
        return;
    }
    for (int i = 0; i < tap_yaml_length(v[1]); i++) {
        const tap_yaml_node *item = tap_yaml_item(v[1], i);
        int p = resolve(r, item, KIND_PUPIL, owner, "pupils");
        if (p >= 0)
            add_membership(r, m, g, p, true, item->pos);
    }
}

/* ---- programmes ---- */

static void read_programme(reader *r, int q, const tap_yaml_node *entry)
{
    static const char *const keys[] = {"id", "skill", "max_group", "subjects_from", NULL};
    tap_programme *programme = &r->school->programmes[q];
    programme->skill = -1;
    programme->max_group = 1;
    char owner[100];
    snprintf(owner, sizeof owner, "programme '%s'", programme->id);
    const tap_yaml_node *v[4] = {0};
    if (entry->kind == TAP_YAML_MAPPING && tap_yaml_fields(r->y, entry, owner, keys, v)) {
        if (v[1])
            programme->skill = resolve(r, v[1], KIND_SKILL, owner, "skill");
        if (v[2])
            tap_yaml_whole(r->y, v[2], owner, "max_group", 1, MAX_COUNT, &programme->max_group);
        if (v[3])
            id_list(r, v[3], KIND_SUBJECT, owner, "subjects_from", &programme->subjects_from,
                    &programme->n_subjects_from);
    }
    if (!v[1])
        ERROR(r, entry->pos, "%s: needs a skill", owner);
}

/* ---- pupils ---- */

static const char *const need_names[] = {"communication_interaction", "cognition_learning", "semh", "sensory_physical",
                                         NULL};

static void read_interventions(reader *r, tap_pupil *pupil, const tap_yaml_node *list, const char *owner)
{
    static const char *const keys[] = {"programme", "sessions", NULL};
    if (!tap_yaml_expect(r->y, list, TAP_YAML_SEQUENCE, owner, "interventions"))
        return;
    pupil->interventions = section(r, list->n_items, sizeof *pupil->interventions);
    for (int i = 0; pupil->interventions && i < list->n_items; i++) {
        const tap_yaml_node *entry = list->items[i];
        const tap_yaml_node *v[2];
        if (!tap_yaml_fields(r->y, entry, owner, keys, v))
            continue;
        tap_intervention_need need = {-1, 0, entry->pos};
        bool ok = v[0] && (need.programme = resolve(r, v[0], KIND_PROGRAMME, owner, "programme")) >= 0;
        ok &= v[1] && tap_yaml_whole(r->y, v[1], owner, "sessions", 0, MAX_COUNT, &need.sessions);
        if (!v[0] || !v[1])
            ERROR(r, entry->pos, "%s: an intervention needs programme and sessions", owner);
        else if (ok)
            pupil->interventions[pupil->n_interventions++] = need;
    }
}

static void read_unstructured(reader *r, tap_pupil *pupil, const tap_yaml_node *map, const char *owner)
{
    static const char *const keys[] = {"slots", "days", "ratio", NULL};
    const tap_school *s = r->school;
    const tap_yaml_node *v[3];
    if (!tap_yaml_fields(r->y, map, owner, keys, v))
        return;
    if (v[0] && v[0]->kind == TAP_YAML_MAPPING) {
        tap_yaml_expect(r->y, v[0], TAP_YAML_SEQUENCE, owner, "unstructured slots");
    } else if (v[0]) {
        for (int i = 0; i < tap_yaml_length(v[0]); i++) {
            const tap_yaml_node *item = tap_yaml_item(v[0], i);
            int t = resolve(r, item, KIND_SLOT, owner, "unstructured slots");
            if (t >= 0 && s->slots[t].kind != TAP_SLOT_UNSTRUCTURED)
                ERROR(r, item->pos, "%s: slot '%s' is a lesson slot; unstructured support needs an unstructured slot",
                      owner, s->slots[t].id);
            else if (t >= 0)
                pupil->unstructured_slots |= 1u << t;
        }
    } else {
        ERROR(r, map->pos, "%s: unstructured support needs slots", owner);
    }
    if (v[1]) {
        int *days = NULL, n = 0;
        id_list(r, v[1], KIND_DAY, owner, "unstructured days", &days, &n);
        pupil->unstructured_days = (uint8_t)mask_of(days, n);
    }
    if (v[2])
        tap_yaml_whole(r->y, v[2], owner, "unstructured ratio", 1, MAX_COUNT, &pupil->unstructured_ratio);
}

static void read_support(reader *r, tap_pupil *pupil, const tap_yaml_node *map, const char *owner)
{
    static const char *const keys[] = {"in_class_hours", "ratio", "subjects", "skills", "interventions",
                                       "unstructured", NULL};
    const tap_yaml_node *v[6];
    if (!tap_yaml_fields(r->y, map, owner, keys, v))
        return;
    if (v[0])
        tap_yaml_number(r->y, v[0], owner, "in_class_hours", 0, MAX_HOURS, &pupil->in_class_hours);
    if (v[1])
        tap_yaml_whole(r->y, v[1], owner, "ratio", 1, MAX_COUNT, &pupil->ratio);
    if (v[2])
        id_list(r, v[2], KIND_SUBJECT, owner, "subjects", &pupil->support_subjects, &pupil->n_support_subjects);
    if (v[3])
        id_list(r, v[3], KIND_SKILL, owner, "skills", &pupil->skills, &pupil->n_skills);
    if (v[4])
        read_interventions(r, pupil, v[4], owner);
    if (v[5])
        read_unstructured(r, pupil, v[5], owner);
}

static void read_pupil(reader *r, int p, const tap_yaml_node *entry, memberships *m)
{
    static const char *const keys[] = {"id", "name", "plan", "needs", "strengths", "support", "groups", NULL};
    static const char *const plans[] = {"none", "sen_support", "ehcp", NULL}; /* tap_plan_kind order */
    tap_school *s = r->school;
    tap_pupil *pupil = &s->pupils[p];
    pupil->ratio = 1;
    pupil->unstructured_ratio = 0; /* 0: the pupil's ratio, settled below */
    pupil->unstructured_days = (uint8_t)((1u << s->n_days) - 1);
    char owner[100];
    snprintf(owner, sizeof owner, "pupil '%s'", pupil->id);
    const tap_yaml_node *v[7];
    if (entry->kind == TAP_YAML_MAPPING && tap_yaml_fields(r->y, entry, owner, keys, v)) {
        /* a name is personal data: its value never appears in a message */
        if (v[1] && tap_yaml_expect(r->y, v[1], TAP_YAML_SCALAR, owner, "name"))
            pupil->name = v[1]->text;
        int plan = v[2] ? tap_yaml_word(r->y, v[2], owner, "plan", plans) : -1;
        if (plan >= 0)
            pupil->plan = (tap_plan_kind)plan;
        if (v[3] && v[3]->kind == TAP_YAML_MAPPING)
            tap_yaml_expect(r->y, v[3], TAP_YAML_SEQUENCE, owner, "needs");
        for (int i = 0; v[3] && v[3]->kind != TAP_YAML_MAPPING && i < tap_yaml_length(v[3]); i++) {
            int need = tap_yaml_word(r->y, tap_yaml_item(v[3], i), owner, "needs", need_names);
            if (need >= 0)
                pupil->needs |= 1u << need;
        }
        if (v[4])
            id_list(r, v[4], KIND_SUBJECT, owner, "strengths", &pupil->strengths, &pupil->n_strengths);
        if (v[5])
            read_support(r, pupil, v[5], owner);
        if (v[6] && v[6]->kind == TAP_YAML_MAPPING)
            tap_yaml_expect(r->y, v[6], TAP_YAML_SEQUENCE, owner, "groups");
        else if (v[6])
            m->pupil_lists_groups[p] = true;
        for (int i = 0; v[6] && v[6]->kind != TAP_YAML_MAPPING && i < tap_yaml_length(v[6]); i++) {
            const tap_yaml_node *item = tap_yaml_item(v[6], i);
            int g = resolve(r, item, KIND_GROUP, owner, "groups");
            if (g >= 0)
                add_membership(r, m, g, p, false, item->pos);
        }
    }
    if (pupil->unstructured_ratio < 1)
        pupil->unstructured_ratio = pupil->ratio;
    if (!pupil->unstructured_slots)
        pupil->unstructured_days = 0;
}

/* ---- staff ---- */

static void read_unavailable(reader *r, tap_staff *adult, const tap_yaml_node *list, const char *owner)
{
    static const char *const keys[] = {"day", "slots", NULL};
    if (list->kind == TAP_YAML_MAPPING) {
        tap_yaml_expect(r->y, list, TAP_YAML_SEQUENCE, owner, "unavailable");
        return;
    }
    for (int i = 0; i < tap_yaml_length(list); i++) {
        const tap_yaml_node *item = tap_yaml_item(list, i);
        if (item->kind == TAP_YAML_SCALAR) { /* the short form: a whole day */
            int d = resolve(r, item, KIND_DAY, owner, "unavailable");
            if (d >= 0)
                adult->unavailable[d] = UINT32_MAX;
            continue;
        }
        const tap_yaml_node *v[2];
        if (!tap_yaml_fields(r->y, item, owner, keys, v))
            continue;
        int d = v[0] ? resolve(r, v[0], KIND_DAY, owner, "unavailable day") : -1;
        int *slots = NULL, n = 0;
        if (v[1])
            id_list(r, v[1], KIND_SLOT, owner, "unavailable slots", &slots, &n);
        if (!v[0])
            ERROR(r, item->pos, "%s: unavailable: each entry needs a day", owner);
        else if (d >= 0)
            adult->unavailable[d] |= v[1] ? mask_of(slots, n) : UINT32_MAX;
    }
}

static void read_staff(reader *r, int a, const tap_yaml_node *entry)
{
    static const char *const keys[] = {"id", "role", "skills", "hours", "cost_per_hour", "planning_slots",
                                       "unavailable", "optional", NULL};
    static const char *const roles[] = {"ta", "hlta", "teacher", NULL}; /* tap_role order */
    tap_staff *adult = &r->school->staff[a];
    adult->planning_slots = -1;
    char owner[100];
    snprintf(owner, sizeof owner, "staff '%s'", adult->id);
    const tap_yaml_node *v[8] = {0};
    if (entry->kind == TAP_YAML_MAPPING && tap_yaml_fields(r->y, entry, owner, keys, v)) {
        int role = v[1] ? tap_yaml_word(r->y, v[1], owner, "role", roles) : -1;
        if (role >= 0)
            adult->role = (tap_role)role;
        if (v[2])
            id_list(r, v[2], KIND_SKILL, owner, "skills", &adult->skills, &adult->n_skills);
        if (v[3])
            tap_yaml_number(r->y, v[3], owner, "hours", 0, MAX_HOURS, &adult->hours);
        if (v[4])
            tap_yaml_number(r->y, v[4], owner, "cost_per_hour", 0, MAX_MONEY, &adult->cost_per_hour);
        if (v[5])
            tap_yaml_whole(r->y, v[5], owner, "planning_slots", 0, TAP_MAX_DAYS * TAP_MAX_SLOTS,
                           &adult->planning_slots);
        if (v[6])
            read_unavailable(r, adult, v[6], owner);
        if (v[7])
            tap_yaml_bool(r->y, v[7], owner, "optional", &adult->optional);
    }
    if (!v[3])
        ERROR(r, entry->pos, "%s: needs hours (contracted hours a week)", owner);
}

/* ---- lessons: the list form and the grid form ---- */

static void add_lesson(reader *r, int group, int day, int slot, int subject, tap_pos pos)
{
    tap_school *s = r->school;
    s->lessons[s->n_lessons++] = (tap_lesson){group, day, slot, subject, pos};
}

static void read_lessons(reader *r, const tap_yaml_node *list)
{
    static const char *const keys[] = {"group", "day", "slot", "subject", NULL};
    static const id_kind kinds[] = {KIND_GROUP, KIND_DAY, KIND_SLOT, KIND_SUBJECT};
    tap_school *s = r->school;
    for (int i = 0; i < list->n_items; i++) {
        const tap_yaml_node *entry = list->items[i];
        const tap_yaml_node *v[4];
        char owner[100] = "lesson";
        const tap_yaml_node *group = NULL;
        for (int j = 0; entry->kind == TAP_YAML_MAPPING && j + 1 < entry->n_items; j += 2)
            if (entry->items[j]->kind == TAP_YAML_SCALAR && !strcmp(entry->items[j]->text, "group"))
                group = entry->items[j + 1];
        if (group && group->kind == TAP_YAML_SCALAR && tap_id_index_find(&r->ids[KIND_GROUP], group->text) >= 0)
            snprintf(owner, sizeof owner, "lesson of group '%s'", group->text);
        if (!tap_yaml_fields(r->y, entry, owner, keys, v))
            continue;
        int fields[4] = {-1, -1, -1, -1};
        bool complete = true;
        for (int k = 0; k < 4; k++) {
            if (v[k])
                fields[k] = resolve(r, v[k], kinds[k], owner, keys[k]);
            else
                complete = false;
        }
        if (!complete) {
            ERROR(r, entry->pos, "%s: needs group, day, slot and subject", owner);
            continue;
        }
        if (fields[2] >= 0 && s->slots[fields[2]].kind != TAP_SLOT_LESSON) {
            ERROR(r, v[2]->pos, "%s: slot '%s' is not a lesson slot", owner, s->slots[fields[2]].id);
            continue;
        }
        if (fields[0] >= 0 && fields[1] >= 0 && fields[2] >= 0 && fields[3] >= 0)
            add_lesson(r, fields[0], fields[1], fields[2], fields[3], entry->pos);
    }
}

/* Each key of a timetable mapping, unless unknown or repeated. */
static int timetable_key(reader *r, const tap_yaml_node *key, id_kind kind, const char *owner)
{
    if (key->kind == TAP_YAML_SCALAR && key->duplicate) {
        ERROR(r, key->pos, "duplicate key '%.40s' in %s", key->text, owner);
        return -1;
    }
    return resolve(r, key, kind, owner, NULL);
}

static void read_timetable(reader *r, const tap_yaml_node *grid)
{
    tap_school *s = r->school;
    for (int i = 0; i + 1 < grid->n_items; i += 2) {
        int g = timetable_key(r, grid->items[i], KIND_GROUP, "timetable");
        const tap_yaml_node *days = grid->items[i + 1];
        if (g < 0)
            continue;
        char owner[100];
        snprintf(owner, sizeof owner, "timetable of group '%s'", s->groups[g].id);
        if (!tap_yaml_expect(r->y, days, TAP_YAML_MAPPING, owner, NULL))
            continue;
        for (int j = 0; j + 1 < days->n_items; j += 2) {
            int d = timetable_key(r, days->items[j], KIND_DAY, owner);
            const tap_yaml_node *row = days->items[j + 1];
            if (d < 0 || !tap_yaml_expect(r->y, row, TAP_YAML_SEQUENCE, owner, s->days[d].id))
                continue;
            if (row->n_items != r->n_lesson_slots) {
                ERROR(r, row->pos, "%s: %s: %d entries for %d lesson slots (one per lesson slot, \"-\" for none)",
                      owner, s->days[d].id, row->n_items, r->n_lesson_slots);
                continue;
            }
            for (int k = 0; k < row->n_items; k++) {
                const tap_yaml_node *cell = row->items[k];
                if (cell->kind == TAP_YAML_SCALAR && !strcmp(cell->text, "-"))
                    continue;
                int subject = resolve(r, cell, KIND_SUBJECT, owner, NULL);
                if (subject >= 0)
                    add_lesson(r, g, d, r->lesson_slots[k], subject, cell->pos);
            }
        }
    }
}

/* Room for every lesson either form can give, so that adding is constant. */
static bool reserve_lessons(reader *r, const tap_yaml_node *list, const tap_yaml_node *grid)
{
    size_t n = list ? (size_t)list->n_items : 0;
    for (int i = 1; grid && i < grid->n_items; i += 2)
        for (int j = 1; grid->items[i]->kind == TAP_YAML_MAPPING && j < grid->items[i]->n_items; j += 2)
            if (grid->items[i]->items[j]->kind == TAP_YAML_SEQUENCE)
                n += (size_t)grid->items[i]->items[j]->n_items;
    r->school->lessons = n ? tap_arena_calloc(r->y->arena, n, sizeof *r->school->lessons) : NULL;
    if (n && !r->school->lessons) {
        r->y->out_of_memory = true;
        return false;
    }
    return true;
}

/* ---- budget and policy ---- */

static void read_budget(reader *r, const tap_yaml_node *map)
{
    static const char *const keys[] = {"weekly", "weeks_per_year", NULL};
    tap_budget *budget = &r->school->budget;
    const tap_yaml_node *v[2];
    budget->pos = map->pos;
    if (!tap_yaml_fields(r->y, map, "budget", keys, v))
        return;
    if (v[0] && tap_yaml_number(r->y, v[0], "budget", "weekly", 0, MAX_MONEY, &budget->weekly))
        budget->has_weekly = true;
    if (v[1])
        tap_yaml_number(r->y, v[1], "budget", "weeks_per_year", 0, 53, &budget->weeks_per_year);
}

static void read_policy(reader *r, const tap_yaml_node *map)
{
    static const char *const keys[] = {"strengths",      "max_withdrawals_per_subject",
                                       "max_adults_per_pupil", "break_minutes",
                                       "planning_slots", "time_limit_s",
                                       "weights",        NULL};
    static const char *const strengths[] = {"hard", "soft", NULL}; /* tap_strengths_policy order */
    static const char *const weight_keys[] = {"statutory", "sen_support", "sen_fairness", "strength_withdrawal",
                                              "strength_support", "continuity", "hire_cost", "change", NULL};
    tap_policy *policy = &r->school->policy;
    tap_weights *w = &policy->weights;
    double *const weights[] = {&w->statutory, &w->sen_support, &w->sen_fairness, &w->strength_withdrawal,
                               &w->strength_support, &w->continuity, &w->hire_cost, &w->change};
    const tap_yaml_node *v[7];
    if (!tap_yaml_fields(r->y, map, "policy", keys, v))
        return;
    int choice = v[0] ? tap_yaml_word(r->y, v[0], "policy", "strengths", strengths) : -1;
    if (choice >= 0)
        policy->strengths = (tap_strengths_policy)choice;
    if (v[1])
        tap_yaml_whole(r->y, v[1], "policy", "max_withdrawals_per_subject", 0, MAX_COUNT,
                       &policy->max_withdrawals_per_subject);
    if (v[2])
        tap_yaml_whole(r->y, v[2], "policy", "max_adults_per_pupil", 1, MAX_COUNT, &policy->max_adults_per_pupil);
    if (v[3] && tap_yaml_whole(r->y, v[3], "policy", "break_minutes", 0, 24 * 60, &policy->break_minutes))
        policy->break_minutes_pos = v[3]->pos;
    if (v[4])
        tap_yaml_whole(r->y, v[4], "policy", "planning_slots", 0, TAP_MAX_DAYS * TAP_MAX_SLOTS,
                       &policy->planning_slots);
    double seconds = 0;
    if (v[5] && tap_yaml_number(r->y, v[5], "policy", "time_limit_s", 0, 86400, &seconds)) {
        if (seconds > 0)
            policy->time_limit_s = seconds;
        else
            tap_yaml_complain(r->y, v[5], "policy", "time_limit_s", "must be more than 0");
    }
    const tap_yaml_node *given[8];
    if (v[6] && tap_yaml_fields(r->y, v[6], "policy.weights", weight_keys, given))
        for (int k = 0; k < 8; k++)
            if (given[k])
                tap_yaml_number(r->y, given[k], "policy.weights", weight_keys[k], 0, MAX_MONEY, weights[k]);
}

/* ---- the file ---- */

enum { K_SCHOOL, K_WEEK, K_SUBJECTS, K_GROUPS, K_LESSONS, K_TIMETABLE, K_PUPILS, K_PROGRAMMES, K_STAFF, K_BUDGET,
       K_POLICY, K_COUNT };

static const char *const school_keys[] = {"school", "week",       "subjects", "groups", "lessons", "timetable",
                                          "pupils", "programmes", "staff",    "budget", "policy",  NULL};

bool tap_school_is_key(const char *key)
{
    for (int k = 0; school_keys[k]; k++)
        if (!strcmp(school_keys[k], key))
            return true;
    return false;
}

static void read_school(reader *r, const tap_yaml_node *root)
{
    tap_school *s = r->school;
    s->budget.weeks_per_year = 39;
    s->policy = tap_policy_default();
    const tap_yaml_node *top[K_COUNT];
    if (!tap_yaml_fields(r->y, root, "the school file", school_keys, top))
        return;
    if (top[K_SCHOOL] && tap_yaml_expect(r->y, top[K_SCHOOL], TAP_YAML_SCALAR, "school", NULL))
        s->name = top[K_SCHOOL]->text;
    if (top[K_WEEK])
        read_week(r, top[K_WEEK]);
    else
        ERROR(r, root->pos, "the school file needs a week");
    if (top[K_SUBJECTS])
        read_subjects(r, top[K_SUBJECTS]);

    /* Ids of every kind first, so that references resolve in any order. */
    const tap_yaml_node **pupil_entries = NULL, **group_entries = NULL, **programme_entries = NULL,
                        **staff_entries = NULL;
    if (top[K_PUPILS])
        READ_ENTRIES(r, top[K_PUPILS], "pupils", KIND_PUPIL, s->pupils, s->n_pupils, tap_pupil, pupil_entries);
    if (top[K_GROUPS])
        READ_ENTRIES(r, top[K_GROUPS], "groups", KIND_GROUP, s->groups, s->n_groups, tap_group, group_entries);
    if (top[K_PROGRAMMES])
        READ_ENTRIES(r, top[K_PROGRAMMES], "programmes", KIND_PROGRAMME, s->programmes, s->n_programmes,
                     tap_programme, programme_entries);
    if (top[K_STAFF])
        READ_ENTRIES(r, top[K_STAFF], "staff", KIND_STAFF, s->staff, s->n_staff, tap_staff, staff_entries);
    if (r->y->out_of_memory)
        return;

    memberships m = {0};
    m.pupil_lists_groups = section(r, s->n_pupils + 1, sizeof *m.pupil_lists_groups);
    if (!m.pupil_lists_groups)
        return;
    for (int g = 0; g < s->n_groups && !r->y->out_of_memory; g++)
        read_group(r, g, group_entries[g], &m);
    for (int q = 0; q < s->n_programmes && !r->y->out_of_memory; q++)
        read_programme(r, q, programme_entries[q]);
    for (int p = 0; p < s->n_pupils && !r->y->out_of_memory; p++)
        read_pupil(r, p, pupil_entries[p], &m);
    for (int a = 0; a < s->n_staff && !r->y->out_of_memory; a++)
        read_staff(r, a, staff_entries[a]);
    if (r->y->out_of_memory)
        return;
    merge_memberships(r, &m);

    const tap_yaml_node *lessons = top[K_LESSONS], *grid = top[K_TIMETABLE];
    if (lessons && !tap_yaml_expect(r->y, lessons, TAP_YAML_SEQUENCE, "lessons", NULL))
        lessons = NULL;
    if (grid && !tap_yaml_expect(r->y, grid, TAP_YAML_MAPPING, "timetable", NULL))
        grid = NULL;
    if (!reserve_lessons(r, lessons, grid))
        return;
    if (lessons)
        read_lessons(r, lessons);
    if (grid)
        read_timetable(r, grid);
    if (top[K_BUDGET])
        read_budget(r, top[K_BUDGET]);
    if (top[K_POLICY])
        read_policy(r, top[K_POLICY]);
}

tap_status tap_school_from_tree(tap_yaml_reader *y, const tap_yaml_node *root, tap_school *school)
{
    int n_before = y->diags->n_items + y->diags->n_dropped;
    reader r = {0};
    r.y = y;
    r.school = school;
    read_school(&r, root);
    for (int kind = 0; kind < N_KINDS; kind++)
        tap_id_index_free(&r.ids[kind]);
    if (y->out_of_memory)
        return TAP_ENOMEM;
    return y->diags->n_items + y->diags->n_dropped > n_before ? TAP_EINPUT : TAP_OK;
}

tap_school *tap_school_shell(const char *path)
{
    tap_arena arena = {0};
    tap_school *school = tap_arena_calloc(&arena, 1, sizeof *school);
    char *file = school ? tap_arena_strdup(&arena, path) : NULL;
    if (!school || !file) {
        tap_arena_destroy(&arena);
        return NULL;
    }
    school->arena = arena; /* the school lives in its own arena from here on */
    school->file = file;
    return school;
}

tap_status tap_school_read(const char *path, tap_school **out, tap_diags *diags)
{
    *out = NULL;
    char *data = NULL;
    size_t length = 0;
    tap_status status = tap_file_read(path, TAP_FILE_MAX_BYTES, &data, &length, diags);
    if (status != TAP_OK)
        return status;
    tap_school *school = tap_school_shell(path);
    if (!school) {
        free(data);
        return TAP_ENOMEM;
    }
    tap_yaml_reader y = {0};
    y.arena = &school->arena;
    y.diags = diags;
    /* positions kept in the school name the school's copy of the path;
     * diagnostics name the caller's, which outlives a school freed on failure */
    tap_yaml_node *root = tap_yaml_parse(&y, data, length, school->file, path, "a school file");
    free(data);
    status = y.out_of_memory ? TAP_ENOMEM : root ? tap_school_from_tree(&y, root, school) : TAP_EINPUT;
    if (status != TAP_OK) {
        tap_school_destroy(&school);
        return status;
    }
    *out = school;
    return TAP_OK;
}
