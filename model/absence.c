/* absence.c - absence files (through the located tree of yaml_tree.c) and
 * the command line's short form, both resolved against a checked school
 * into one (staff, day) -> slots entry per adult and day. */
#include "absence.h"

#include <stdlib.h>
#include <string.h>

#include "../base/file.h"
#include "yaml_tree.h"

#define COMMAND_LINE "<command line>"
#define MAX_ENTRIES 20000    /* absences in one file: more than any school's staff x days */
#define MAX_SHORT_LENGTH 300 /* "STAFF@DAYS:SLOTS" with every id at its longest */

tap_absences *tap_absences_create(void)
{
    return calloc(1, sizeof(tap_absences));
}

void tap_absences_destroy(tap_absences **absences)
{
    if (!absences || !*absences)
        return;
    tap_arena_destroy(&(*absences)->arena);
    free(*absences);
    *absences = NULL;
}

void tap_absences_apply(const tap_absences *absences, tap_school *school)
{
    for (int i = 0; i < absences->n_items; i++) {
        const tap_absence *a = &absences->items[i];
        school->staff[a->staff].unavailable[a->day] |= a->slots;
    }
}

bool tap_absences_cover(const tap_absences *absences, int staff, int day, int slot)
{
    for (int i = 0; i < absences->n_items; i++) {
        const tap_absence *a = &absences->items[i];
        if (a->staff == staff && a->day == day && (a->slots >> slot & 1u))
            return true;
    }
    return false;
}

static uint32_t every_slot(const tap_school *s)
{
    return s->n_slots >= 32 ? UINT32_MAX : (1u << s->n_slots) - 1u;
}

/* ---- adding, one entry per (staff, day) ---- */

typedef struct {
    const tap_school *school;
    tap_absences *list;
    int *index; /* [staff * n_days + day] -> item, or -1 */
} collector;

static tap_status collector_open(collector *c, const tap_school *school, tap_absences *list)
{
    c->school = school;
    c->list = list;
    size_t n = (size_t)school->n_staff * (size_t)school->n_days + 1;
    c->index = malloc(n * sizeof *c->index);
    if (!c->index)
        return TAP_ENOMEM;
    for (size_t i = 0; i < n; i++)
        c->index[i] = -1;
    for (int i = 0; i < list->n_items; i++) {
        const tap_absence *a = &list->items[i];
        if (a->staff >= 0 && a->staff < school->n_staff && a->day >= 0 && a->day < school->n_days)
            c->index[a->staff * school->n_days + a->day] = i;
    }
    return TAP_OK;
}

static void collector_close(collector *c)
{
    free(c->index);
    c->index = NULL;
}

/* items holds room for the next power of two at or above n_items (at least
 * 8): the list grows only here, so its capacity needs no field. */
static bool room_for_one(tap_absences *list)
{
    int n = list->n_items;
    if (n != 0 && (n < 8 || (n & (n - 1)) != 0))
        return true;
    int capacity = n < 8 ? 8 : 2 * n;
    tap_absence *items = tap_arena_grow(&list->arena, list->items, (size_t)n, (size_t)capacity, sizeof *items);
    if (!items)
        return false;
    list->items = items;
    return true;
}

static tap_status collect(collector *c, int staff, int day, uint32_t slots, tap_pos pos)
{
    int *at = &c->index[staff * c->school->n_days + day];
    if (*at >= 0) {
        c->list->items[*at].slots |= slots;
        return TAP_OK;
    }
    if (!room_for_one(c->list))
        return TAP_ENOMEM;
    *at = c->list->n_items;
    c->list->items[c->list->n_items++] = (tap_absence){staff, day, slots, pos};
    return TAP_OK;
}

/* Adds the absence of staff on every day of days (a mask) at slots. */
static tap_status collect_days(collector *c, int staff, unsigned days, uint32_t slots, tap_pos pos)
{
    tap_status status = TAP_OK;
    for (int d = 0; d < c->school->n_days && status == TAP_OK; d++)
        if (days >> d & 1u)
            status = collect(c, staff, d, slots, pos);
    return status;
}

/* ---- the short form: STAFF@DAYS[:SLOTS] ---- */

typedef struct {
    int staff;
    unsigned days;  /* mask of day indices */
    uint32_t slots; /* mask of slot indices */
} short_absence;

/* Index of the slot whose id is the length bytes at text, or -1. */
static int find_slot_n(const tap_school *s, const char *text, size_t length)
{
    for (int t = 0; t < s->n_slots; t++)
        if (strlen(s->slots[t].id) == length && !strncmp(s->slots[t].id, text, length))
            return t;
    return -1;
}

static int find_day_n(const tap_school *s, const char *text, size_t length)
{
    for (int d = 0; d < s->n_days; d++)
        if (strlen(s->days[d].id) == length && !strncmp(s->days[d].id, text, length))
            return d;
    return -1;
}

/* One item of the slot part: a slot id, or FIRST-LAST in the day's order.
 * Slot ids may themselves hold '-': the whole item is tried as an id first,
 * then each '-' in turn as the range's separator. */
static bool short_slots(const tap_school *s, const char *item, size_t length, uint32_t *slots, char *problem,
                        size_t size)
{
    int t = find_slot_n(s, item, length);
    if (t >= 0) {
        *slots |= 1u << t;
        return true;
    }
    const char *first_dash = memchr(item, '-', length);
    for (const char *dash = first_dash; dash; dash = memchr(dash + 1, '-', length - (size_t)(dash + 1 - item))) {
        int from = find_slot_n(s, item, (size_t)(dash - item));
        int to = find_slot_n(s, dash + 1, length - (size_t)(dash + 1 - item));
        if (from < 0 || to < 0)
            continue;
        if (to < from) {
            snprintf(problem, size, "slot range '%.*s' runs backwards: %s comes before %s in the day", (int)length,
                     item, s->slots[to].id, s->slots[from].id);
            return false;
        }
        for (int k = from; k <= to; k++)
            *slots |= 1u << k;
        return true;
    }
    if (first_dash && find_slot_n(s, item, (size_t)(first_dash - item)) >= 0)
        snprintf(problem, size, "unknown slot '%.*s'", (int)(length - (size_t)(first_dash + 1 - item)),
                 first_dash + 1);
    else if (first_dash)
        snprintf(problem, size, "unknown slot '%.*s'", (int)(first_dash - item), item);
    else
        snprintf(problem, size, "unknown slot '%.*s'", (int)length, item);
    return false;
}

/* "week", or comma-separated day ids, into a mask of days; false (problem
 * filled) at the first unknown or empty one. */
static bool short_days(const tap_school *s, const char *text, size_t length, unsigned *days, char *problem,
                       size_t size)
{
    if (find_day_n(s, text, length) < 0 && length == 4 && !strncmp(text, "week", 4)) {
        *days = (1u << s->n_days) - 1u;
        return true;
    }
    for (size_t start = 0; start <= length;) {
        const char *comma = memchr(text + start, ',', length - start);
        size_t n = comma ? (size_t)(comma - (text + start)) : length - start;
        int d = find_day_n(s, text + start, n);
        if (d < 0) {
            if (n == 0)
                snprintf(problem, size, "an empty day in the list");
            else
                snprintf(problem, size, "unknown day '%.*s'", (int)n, text + start);
            return false;
        }
        *days |= 1u << d;
        start += n + 1;
    }
    return true;
}

/* Comma-separated slots and ranges into a mask of slots. */
static bool short_slot_list(const tap_school *s, const char *text, size_t length, uint32_t *slots, char *problem,
                            size_t size)
{
    for (size_t start = 0; start <= length;) {
        const char *comma = memchr(text + start, ',', length - start);
        size_t n = comma ? (size_t)(comma - (text + start)) : length - start;
        if (n == 0) {
            snprintf(problem, size, "an empty slot in the list");
            return false;
        }
        if (!short_slots(s, text + start, n, slots, problem, size))
            return false;
        start += n + 1;
    }
    return true;
}

/* Parses text into *out, or fills problem (a message without the text,
 * which the caller names). */
static bool parse_short(const tap_school *s, const char *text, short_absence *out, char *problem, size_t size)
{
    *out = (short_absence){-1, 0, 0};
    size_t length = strlen(text);
    const char *at = strrchr(text, '@');
    if (length > MAX_SHORT_LENGTH) {
        snprintf(problem, size, "longer than %d characters", MAX_SHORT_LENGTH);
        return false;
    }
    if (!at) {
        snprintf(problem, size, "expected STAFF@DAY, STAFF@DAY:SLOTS or STAFF@week");
        return false;
    }
    if (at == text) {
        snprintf(problem, size, "needs a staff id before '@'");
        return false;
    }
    out->staff = -1;
    for (int a = 0; a < s->n_staff && out->staff < 0; a++)
        if (strlen(s->staff[a].id) == (size_t)(at - text) && !strncmp(s->staff[a].id, text, (size_t)(at - text)))
            out->staff = a;
    if (out->staff < 0) {
        snprintf(problem, size, "unknown staff '%.*s'", (int)(at - text), text);
        return false;
    }
    const char *days = at + 1;
    const char *colon = strchr(days, ':');
    size_t n_days = colon ? (size_t)(colon - days) : strlen(days);
    if (n_days == 0) {
        snprintf(problem, size, "needs a day (or week) after '@'");
        return false;
    }
    if (!short_days(s, days, n_days, &out->days, problem, size))
        return false;
    if (!colon) {
        out->slots = every_slot(s);
        return true;
    }
    if (!colon[1]) {
        snprintf(problem, size, "needs slots after ':' (leave ':' out for the whole day)");
        return false;
    }
    return short_slot_list(s, colon + 1, strlen(colon + 1), &out->slots, problem, size);
}

tap_status tap_absences_parse(const tap_school *school, const char *text, tap_absences *into, tap_diags *diags)
{
    const tap_pos where = {COMMAND_LINE, 0, 0};
    short_absence parsed;
    char problem[300];
    if (!parse_short(school, text, &parsed, problem, sizeof problem))
        return tap_diags_add(diags, where, "absence '%.80s%s': %s", text, strlen(text) > 80 ? "..." : "", problem);
    collector c;
    tap_status status = collector_open(&c, school, into);
    if (status == TAP_OK)
        status = collect_days(&c, parsed.staff, parsed.days, parsed.slots, where);
    collector_close(&c);
    return status;
}

/* ---- the file ---- */

typedef struct {
    tap_yaml_reader y;
    const tap_school *school;
    collector c;
    tap_status status; /* TAP_ENOMEM once adding failed */
} reader;

/* An id the school has, or -1 after a diagnostic naming it. */
static int resolve(reader *r, const tap_yaml_node *n, const char *owner, const char *field, const char *kind)
{
    const char *id = tap_yaml_id(&r->y, n, owner, field);
    if (!id)
        return -1;
    int index = !strcmp(kind, "staff") ? tap_school_find_staff(r->school, id)
                : !strcmp(kind, "day") ? tap_school_find_day(r->school, id)
                                       : tap_school_find_slot(r->school, id);
    if (index < 0)
        tap_yaml_error(&r->y, n->pos, "%s: unknown %s '%s'", owner, kind, id);
    return index;
}

/* A list of ids (or one id) as a mask; false after any diagnostic. */
static bool read_mask(reader *r, const tap_yaml_node *n, const char *owner, const char *field, const char *kind,
                      uint32_t *mask)
{
    if (n->kind == TAP_YAML_MAPPING)
        return tap_yaml_expect(&r->y, n, TAP_YAML_SEQUENCE, owner, field);
    if (tap_yaml_length(n) == 0) {
        tap_yaml_complain(&r->y, n, owner, field, "the list is empty");
        return false;
    }
    bool ok = true;
    for (int i = 0; i < tap_yaml_length(n); i++) {
        int index = resolve(r, tap_yaml_item(n, i), owner, field, kind);
        if (index >= 0)
            *mask |= 1u << index;
        ok &= index >= 0;
    }
    return ok;
}

static void read_entry(reader *r, const tap_yaml_node *entry)
{
    static const char *const keys[] = {"staff", "day", "days", "week", "slots", NULL};
    const tap_school *s = r->school;
    if (entry->kind == TAP_YAML_SCALAR) { /* the command line's short form */
        short_absence parsed;
        char problem[300];
        if (parse_short(s, entry->text, &parsed, problem, sizeof problem))
            r->status = collect_days(&r->c, parsed.staff, parsed.days, parsed.slots, entry->pos);
        else
            tap_yaml_error(&r->y, entry->pos, "absence '%.80s%s': %s", entry->text,
                           strlen(entry->text) > 80 ? "..." : "", problem);
        return;
    }
    /* the adult first, so that every other message can name them */
    char owner[100] = "absence";
    const tap_yaml_node *named = tap_yaml_get(entry, "staff");
    if (named && named->kind == TAP_YAML_SCALAR && tap_school_find_staff(s, named->text) >= 0)
        snprintf(owner, sizeof owner, "absence of '%s'", named->text);
    const tap_yaml_node *v[5];
    if (!tap_yaml_fields(&r->y, entry, owner, keys, v))
        return;
    int staff = v[0] ? resolve(r, v[0], "absence", NULL, "staff") : -1;
    bool ok = staff >= 0;
    if (!v[0])
        tap_yaml_error(&r->y, entry->pos, "absence: needs staff");

    uint32_t days = 0;
    int n_forms = (v[1] != NULL) + (v[2] != NULL) + (v[3] != NULL);
    if (n_forms != 1) {
        tap_yaml_error(&r->y, entry->pos, n_forms ? "%s: give only one of day, days and week"
                                                   : "%s: needs day, days or week: true", owner);
        ok = false;
    }
    if (v[1]) {
        int d = resolve(r, v[1], owner, NULL, "day");
        if (d >= 0)
            days |= 1u << d;
        ok &= d >= 0;
    }
    if (v[2])
        ok &= read_mask(r, v[2], owner, "days", "day", &days);
    bool week = false;
    if (v[3] && tap_yaml_bool(&r->y, v[3], owner, "week", &week) && !week)
        tap_yaml_complain(&r->y, v[3], owner, "week",
                          "only 'week: true' (the whole week) is meaningful; give day or days otherwise");
    ok &= !v[3] || week;
    if (week)
        days = (1u << s->n_days) - 1u;

    uint32_t slots = 0;
    if (v[4])
        ok &= read_mask(r, v[4], owner, "slots", "slot", &slots);
    else
        slots = every_slot(s);
    if (ok)
        r->status = collect_days(&r->c, staff, days, slots, entry->pos);
}

static void read_file(reader *r, const tap_yaml_node *root)
{
    static const char *const keys[] = {"absences", NULL};
    const tap_yaml_node *v[1];
    if (!tap_yaml_fields(&r->y, root, "the absence file", keys, v))
        return;
    if (!v[0]) {
        tap_yaml_error(&r->y, root->pos, "the absence file needs absences: a list ([] for none)");
        return;
    }
    if (!tap_yaml_expect(&r->y, v[0], TAP_YAML_SEQUENCE, "absences", NULL))
        return;
    if (v[0]->n_items > MAX_ENTRIES) {
        tap_yaml_error(&r->y, v[0]->pos, "absences: at most %d, found %d", MAX_ENTRIES, v[0]->n_items);
        return;
    }
    for (int i = 0; i < v[0]->n_items && r->status == TAP_OK; i++)
        read_entry(r, v[0]->items[i]);
}

tap_status tap_absences_read(const tap_school *school, const char *path, tap_absences **out, tap_diags *diags)
{
    *out = NULL;
    char *data = NULL;
    size_t length = 0;
    tap_status status = tap_file_read(path, TAP_FILE_MAX_BYTES, &data, &length, diags);
    if (status != TAP_OK)
        return status;
    tap_absences *list = tap_absences_create();
    /* positions kept in the list name its own copy of the path */
    const char *file = list ? tap_arena_strdup(&list->arena, path) : NULL;
    tap_arena tree = {0};
    reader r = {0};
    r.y.arena = &tree;
    r.y.diags = diags;
    r.school = school;
    if (!file || collector_open(&r.c, school, list) != TAP_OK) {
        free(data);
        tap_absences_destroy(&list);
        return TAP_ENOMEM;
    }
    int n_before = diags->n_items + diags->n_dropped;
    const tap_yaml_node *root = tap_yaml_parse(&r.y, data, length, file, path, "an absence file");
    if (root && !r.y.out_of_memory)
        read_file(&r, root);
    free(data);
    collector_close(&r.c);
    tap_arena_destroy(&tree);
    if (r.y.out_of_memory || r.status != TAP_OK)
        status = TAP_ENOMEM;
    else if (!root || diags->n_items + diags->n_dropped > n_before)
        status = TAP_EINPUT;
    if (status != TAP_OK) {
        tap_absences_destroy(&list);
        return status;
    }
    *out = list;
    return TAP_OK;
}
