/* yaml_tree.c - YAML text to a tree of located nodes, and typed reading of
 * nodes with located errors. The only user of libyaml: its events become
 * nodes (anchors, aliases, deep nesting, NUL bytes refused, repeated keys
 * flagged), so every reader above works with positions, never with libyaml. */
#include "yaml_tree.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_DEPTH 32     /* a school file needs 6; libyaml itself has no limit */
#define MAX_NODES 500000 /* a 2,000-pupil school needs under 100,000 */

/* ---- diagnostics ---- */

static tap_pos shown_pos(const tap_yaml_reader *r, tap_pos pos)
{
    for (int i = 0; i < r->n_files; i++)
        if (pos.file == r->stamped[i])
            pos.file = r->shown[i];
    return pos;
}

void tap_yaml_error(tap_yaml_reader *r, tap_pos pos, const char *format, ...)
{
    char message[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    tap_diags_add(r->diags, shown_pos(r, pos), "%s", message);
}

/* ---- building nodes ---- */

tap_yaml_node *tap_yaml_new(tap_yaml_reader *r, tap_yaml_kind kind, tap_pos pos)
{
    tap_yaml_node *n = tap_arena_calloc(r->arena, 1, sizeof *n);
    if (!n) {
        r->out_of_memory = true;
        return NULL;
    }
    n->kind = kind;
    n->pos = pos;
    return n;
}

tap_yaml_node *tap_yaml_new_scalar(tap_yaml_reader *r, const char *text, tap_pos pos)
{
    tap_yaml_node *n = tap_yaml_new(r, TAP_YAML_SCALAR, pos);
    if (n && !(n->text = tap_arena_strdup(r->arena, text))) {
        r->out_of_memory = true;
        return NULL;
    }
    return n;
}

bool tap_yaml_append(tap_yaml_reader *r, tap_yaml_node *parent, tap_yaml_node *child)
{
    if (parent->n_items == parent->capacity) {
        int capacity = parent->capacity ? parent->capacity * 2 : 8;
        tap_yaml_node **items =
            tap_arena_grow(r->arena, parent->items, (size_t)parent->n_items, (size_t)capacity, sizeof *items);
        if (!items) {
            r->out_of_memory = true;
            return false;
        }
        parent->items = items;
        parent->capacity = capacity;
    }
    parent->items[parent->n_items++] = child;
    return true;
}

tap_yaml_node *tap_yaml_get(const tap_yaml_node *map, const char *key)
{
    if (!map || map->kind != TAP_YAML_MAPPING)
        return NULL;
    for (int i = 0; i + 1 < map->n_items; i += 2)
        if (map->items[i]->kind == TAP_YAML_SCALAR && !map->items[i]->duplicate && !strcmp(map->items[i]->text, key))
            return map->items[i + 1];
    return NULL;
}

/* ---- parsing ---- */

typedef struct {
    tap_yaml_reader *r;
    const char *file;         /* stamped on every position */
    const char *kind_of_file; /* for messages */
    const char *data;         /* for positions libyaml gives only as offsets */
    size_t length;
} parse_state;

static tap_pos at(const parse_state *p, yaml_mark_t mark)
{
    return (tap_pos){p->file, (int)mark.line + 1, (int)mark.column + 1};
}

/* libyaml reports encoding errors by byte offset only. */
static tap_pos at_offset(const parse_state *p, size_t offset)
{
    tap_pos pos = {p->file, 1, 1};
    for (size_t i = 0; i < offset && i < p->length; i++) {
        if (p->data[i] == '\n') {
            pos.line++;
            pos.column = 1;
        } else {
            pos.column++;
        }
    }
    return pos;
}

typedef struct {
    tap_yaml_node *key;
    int order;
} keyed;

static int compare_keys(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key->text, y->key->text);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Flags every key that repeats an earlier key of the mapping: sorting keeps
 * a mapping with many keys linear-logarithmic rather than quadratic. */
static bool mark_duplicates(tap_yaml_reader *r, tap_yaml_node *map)
{
    int n_pairs = map->n_items / 2;
    if (n_pairs < 2)
        return true;
    keyed *keys = malloc((size_t)n_pairs * sizeof *keys);
    if (!keys) {
        r->out_of_memory = true;
        return false;
    }
    int n = 0;
    for (int i = 0; i < n_pairs; i++)
        if (map->items[2 * i]->kind == TAP_YAML_SCALAR)
            keys[n++] = (keyed){map->items[2 * i], i};
    qsort(keys, (size_t)n, sizeof *keys, compare_keys);
    for (int i = 1; i < n; i++)
        if (!strcmp(keys[i].key->text, keys[i - 1].key->text))
            keys[i].key->duplicate = true;
    free(keys);
    return true;
}

static bool is_null_scalar(const yaml_event_t *event)
{
    if (event->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *text = (const char *)event->data.scalar.value;
    return !text[0] || !strcmp(text, "~") || !strcmp(text, "null") || !strcmp(text, "Null") || !strcmp(text, "NULL");
}

/* One event into the tree. False stops the parse (after a diagnostic, or
 * with out_of_memory set). */
static bool take_event(const parse_state *p, const yaml_event_t *event, tap_yaml_node **stack, int *depth,
                       tap_yaml_node **root)
{
    tap_yaml_reader *r = p->r;
    tap_pos pos = at(p, event->start_mark);
    tap_yaml_node *made = NULL;
    switch (event->type) {
    case YAML_ALIAS_EVENT:
        tap_yaml_error(r, pos, "aliases (*name) are not allowed in %s", p->kind_of_file);
        return false;
    case YAML_SCALAR_EVENT:
        if (event->data.scalar.anchor) {
            tap_yaml_error(r, pos, "anchors (&name) are not allowed in %s", p->kind_of_file);
            return false;
        }
        if (memchr(event->data.scalar.value, '\0', event->data.scalar.length)) {
            tap_yaml_error(r, pos, "text may not contain a NUL character");
            return false;
        }
        made = tap_yaml_new(r, TAP_YAML_SCALAR, pos);
        if (!made)
            return false;
        made->text = tap_arena_strndup(r->arena, (const char *)event->data.scalar.value, event->data.scalar.length);
        if (!made->text) {
            r->out_of_memory = true;
            return false;
        }
        made->null = is_null_scalar(event);
        break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        bool mapping = event->type == YAML_MAPPING_START_EVENT;
        if (mapping ? event->data.mapping_start.anchor != NULL : event->data.sequence_start.anchor != NULL) {
            tap_yaml_error(r, pos, "anchors (&name) are not allowed in %s", p->kind_of_file);
            return false;
        }
        if (*depth == MAX_DEPTH) {
            tap_yaml_error(r, pos, "nested more than %d levels deep", MAX_DEPTH);
            return false;
        }
        made = tap_yaml_new(r, mapping ? TAP_YAML_MAPPING : TAP_YAML_SEQUENCE, pos);
        if (!made)
            return false;
        break;
    }
    case YAML_MAPPING_END_EVENT:
        if (!mark_duplicates(r, stack[*depth - 1]))
            return false;
        (*depth)--;
        return true;
    case YAML_SEQUENCE_END_EVENT:
        (*depth)--;
        return true;
    default:
        return true;
    }
    if (++r->n_nodes > MAX_NODES) {
        tap_yaml_error(r, pos, "the file holds more than %d values", MAX_NODES);
        return false;
    }
    if (*depth > 0 && !tap_yaml_append(r, stack[*depth - 1], made))
        return false;
    if (*depth == 0)
        *root = made;
    if (made->kind != TAP_YAML_SCALAR)
        stack[(*depth)++] = made;
    return true;
}

static void register_file(tap_yaml_reader *r, const char *file, const char *shown)
{
    for (int i = 0; i < r->n_files; i++)
        if (r->stamped[i] == file)
            return;
    if (r->n_files < TAP_YAML_MAX_FILES) {
        r->stamped[r->n_files] = file;
        r->shown[r->n_files++] = shown;
    }
}

tap_yaml_node *tap_yaml_parse(tap_yaml_reader *r, const char *data, size_t length, const char *file,
                              const char *shown, const char *kind_of_file)
{
    register_file(r, file, shown);
    parse_state p = {r, file, kind_of_file, data, length};
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        r->out_of_memory = true;
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, length);
    tap_yaml_node *stack[MAX_DEPTH];
    int depth = 0, n_documents = 0;
    tap_yaml_node *root = NULL;
    bool ok = true, done = false;
    while (ok && !done) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            if (parser.error == YAML_MEMORY_ERROR)
                r->out_of_memory = true;
            else if (parser.error == YAML_READER_ERROR)
                tap_yaml_error(r, at_offset(&p, parser.problem_offset), "invalid YAML: %s",
                               parser.problem ? parser.problem : "unreadable text");
            else
                tap_yaml_error(r, at(&p, parser.problem_mark), "invalid YAML: %s",
                               parser.problem ? parser.problem : "syntax");
            ok = false;
            break;
        }
        if (event.type == YAML_DOCUMENT_START_EVENT && ++n_documents > 1) {
            tap_yaml_error(r, at(&p, event.start_mark), "%s holds one YAML document; a second one starts here",
                           kind_of_file);
            ok = false;
        } else if (event.type == YAML_STREAM_END_EVENT) {
            done = true;
        } else {
            ok = take_event(&p, &event, stack, &depth, &root);
        }
        yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    if (ok && !root)
        tap_yaml_error(r, ((tap_pos){file, 1, 1}), "the file is empty");
    return ok ? root : NULL;
}

/* ---- typed values with located errors ---- */

static const char *shape_name(tap_yaml_kind kind)
{
    return kind == TAP_YAML_SCALAR ? "a single value" : kind == TAP_YAML_SEQUENCE ? "a list" : "a mapping";
}

void tap_yaml_complain(tap_yaml_reader *r, const tap_yaml_node *n, const char *owner, const char *field,
                       const char *problem)
{
    if (field)
        tap_yaml_error(r, n->pos, "%s: %s: %s", owner, field, problem);
    else
        tap_yaml_error(r, n->pos, "%s: %s", owner, problem);
}

bool tap_yaml_expect(tap_yaml_reader *r, const tap_yaml_node *n, tap_yaml_kind kind, const char *owner,
                     const char *field)
{
    if (n->kind == kind)
        return true;
    char problem[80];
    snprintf(problem, sizeof problem, "expected %s, found %s", shape_name(kind), shape_name(n->kind));
    tap_yaml_complain(r, n, owner, field, problem);
    return false;
}

void tap_yaml_complain_found(tap_yaml_reader *r, const tap_yaml_node *n, const char *owner, const char *field,
                             const char *expected)
{
    char problem[200];
    snprintf(problem, sizeof problem, "expected %s, found '%.40s%s'", expected, n->text,
             strlen(n->text) > 40 ? "..." : "");
    tap_yaml_complain(r, n, owner, field, problem);
}

/* Plain decimal notation only: strtod alone would take hex, "inf" and
 * leading blanks. */
static bool is_decimal(const char *text)
{
    const char *c = text;
    if (*c == '+' || *c == '-')
        c++;
    int digits = 0;
    while (*c >= '0' && *c <= '9')
        c++, digits++;
    if (*c == '.')
        for (c++; *c >= '0' && *c <= '9'; c++)
            digits++;
    if (!digits)
        return false;
    if (*c == 'e' || *c == 'E') {
        c++;
        if (*c == '+' || *c == '-')
            c++;
        if (!(*c >= '0' && *c <= '9'))
            return false;
        while (*c >= '0' && *c <= '9')
            c++;
    }
    return *c == '\0';
}

bool tap_yaml_number(tap_yaml_reader *r, const tap_yaml_node *n, const char *owner, const char *field, double minimum,
                     double maximum, double *out)
{
    if (!tap_yaml_expect(r, n, TAP_YAML_SCALAR, owner, field))
        return false;
    double value = is_decimal(n->text) ? strtod(n->text, NULL) : NAN;
    if (!isfinite(value)) {
        tap_yaml_complain_found(r, n, owner, field, "a number");
        return false;
    }
    char problem[120];
    if (value < minimum || value > maximum) {
        snprintf(problem, sizeof problem, "must be %s %g, found %.40s", value < minimum ? "at least" : "at most",
                 value < minimum ? minimum : maximum, n->text);
        tap_yaml_complain(r, n, owner, field, problem);
        return false;
    }
    *out = value;
    return true;
}

bool tap_yaml_whole(tap_yaml_reader *r, const tap_yaml_node *n, const char *owner, const char *field, int minimum,
                    int maximum, int *out)
{
    double value = 0;
    if (!tap_yaml_number(r, n, owner, field, minimum, maximum, &value))
        return false;
    if (value != floor(value)) {
        tap_yaml_complain_found(r, n, owner, field, "a whole number");
        return false;
    }
    *out = (int)value;
    return true;
}

bool tap_yaml_bool(tap_yaml_reader *r, const tap_yaml_node *n, const char *owner, const char *field, bool *out)
{
    if (!tap_yaml_expect(r, n, TAP_YAML_SCALAR, owner, field))
        return false;
    if (!strcmp(n->text, "true") || !strcmp(n->text, "yes")) {
        *out = true;
        return true;
    }
    if (!strcmp(n->text, "false") || !strcmp(n->text, "no")) {
        *out = false;
        return true;
    }
    tap_yaml_complain_found(r, n, owner, field, "true or false");
    return false;
}

int tap_yaml_word(tap_yaml_reader *r, const tap_yaml_node *n, const char *owner, const char *field,
                  const char *const *words)
{
    if (!tap_yaml_expect(r, n, TAP_YAML_SCALAR, owner, field))
        return -1;
    char choices[200] = "";
    for (int i = 0; words[i]; i++) {
        if (!strcmp(words[i], n->text))
            return i;
        size_t used = strlen(choices);
        snprintf(choices + used, sizeof choices - used, "%s%s", i == 0 ? "" : words[i + 1] ? ", " : " or ", words[i]);
    }
    tap_yaml_complain_found(r, n, owner, field, choices);
    return -1;
}

char *tap_yaml_id(tap_yaml_reader *r, const tap_yaml_node *n, const char *owner, const char *field)
{
    if (!tap_yaml_expect(r, n, TAP_YAML_SCALAR, owner, field))
        return NULL;
    const char *problem = NULL;
    if (!n->text[0])
        problem = "an id may not be empty";
    else if (strlen(n->text) > TAP_YAML_MAX_ID_LENGTH)
        problem = "an id may be at most 64 characters long";
    for (const char *c = n->text; !problem && *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            problem = "an id may not contain control characters";
    if (problem) {
        tap_yaml_complain(r, n, owner, field, problem);
        return NULL;
    }
    return n->text;
}

bool tap_yaml_fields(tap_yaml_reader *r, const tap_yaml_node *map, const char *owner, const char *const *keys,
                     const tap_yaml_node **values)
{
    for (int k = 0; keys[k]; k++)
        values[k] = NULL;
    if (!tap_yaml_expect(r, map, TAP_YAML_MAPPING, owner, NULL))
        return false;
    for (int i = 0; i + 1 < map->n_items; i += 2) {
        const tap_yaml_node *key = map->items[i];
        if (key->kind != TAP_YAML_SCALAR) {
            tap_yaml_error(r, key->pos, "%s: a key must be a single word", owner);
            continue;
        }
        if (key->duplicate) {
            tap_yaml_error(r, key->pos, "duplicate key '%.40s' in %s", key->text, owner);
            continue;
        }
        int k = 0;
        while (keys[k] && strcmp(keys[k], key->text))
            k++;
        if (!keys[k])
            tap_yaml_error(r, key->pos, "unknown key '%.40s' in %s", key->text, owner);
        else if (!map->items[i + 1]->null)
            values[k] = map->items[i + 1];
    }
    return true;
}
