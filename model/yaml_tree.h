/* yaml_tree.h - a YAML document as a small tree of located values, and the
 * typed reading of those values with located errors: the layer the school,
 * absence and scenario readers share. Only yaml_tree.c includes libyaml.
 *
 * Ownership: nodes and their text live in the reader's arena. Messages read
 * "OWNER: FIELD: PROBLEM" (or "OWNER: PROBLEM") at the value's position. */
#ifndef TAP_YAML_TREE_H
#define TAP_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/arena.h"
#include "../base/diag.h"

#define TAP_YAML_MAX_ID_LENGTH 64 /* keeps every message one readable line */
#define TAP_YAML_MAX_FILES 4      /* files one reader may take values from */

typedef enum { TAP_YAML_SCALAR, TAP_YAML_SEQUENCE, TAP_YAML_MAPPING } tap_yaml_kind;

typedef struct tap_yaml_node tap_yaml_node;
struct tap_yaml_node {
    tap_yaml_kind kind;
    bool duplicate; /* a mapping key already used earlier in the same mapping */
    bool null;      /* a plain empty, ~ or null scalar: "no value" */
    tap_pos pos;    /* file is the string given to tap_yaml_parse */
    char *text;     /* scalar, NUL-terminated */
    tap_yaml_node **items; /* sequence items, or mapping keys and values interleaved */
    int n_items;           /* for a mapping: 2 x pairs */
    int capacity;
};

/* What every typed read needs. Fill arena and diags, zero the rest. */
typedef struct {
    tap_arena *arena;
    tap_diags *diags;
    bool out_of_memory; /* set by any allocation that failed; the read is void */
    int n_nodes;        /* over every parse, against a fixed bound */
    /* Positions kept in the arena name the file by the arena's copy of its
     * path (stamped); diagnostics name it by the caller's (shown), which
     * outlives an arena freed on failure. */
    const char *stamped[TAP_YAML_MAX_FILES];
    const char *shown[TAP_YAML_MAX_FILES];
    int n_files;
} tap_yaml_reader;

/* Parses the one document in data (length bytes) into a tree whose
 * positions name file (kept by the caller for as long as the tree); errors
 * name shown instead. kind_of_file ("a school file") completes messages
 * about what the file may not hold. Anchors, aliases, NUL bytes and deep
 * nesting are refused, repeated keys are flagged. Returns the root, or NULL
 * after a diagnostic or with out_of_memory set. */
tap_yaml_node *tap_yaml_parse(tap_yaml_reader *r, const char *data, size_t length, const char *file,
                              const char *shown, const char *kind_of_file);

/* Appends an error at pos, naming the file as the caller does. */
void tap_yaml_error(tap_yaml_reader *r, tap_pos pos, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* A new empty node, or a scalar copy of text; NULL (out_of_memory set). */
tap_yaml_node *tap_yaml_new(tap_yaml_reader *r, tap_yaml_kind kind, tap_pos pos);
tap_yaml_node *tap_yaml_new_scalar(tap_yaml_reader *r, const char *text, tap_pos pos);

/* Appends child to a sequence (or a key or value to a mapping); false out of
 * memory. */
bool tap_yaml_append(tap_yaml_reader *r, tap_yaml_node *parent, tap_yaml_node *child);

/* The value of key in a mapping (the first, should it repeat); NULL when
 * absent or when map is not a mapping. */
tap_yaml_node *tap_yaml_get(const tap_yaml_node *map, const char *key);

/* ---- typed values: each reports what is wrong and returns false (or -1,
 * or NULL); owner and field name the value in the message ---- */

void tap_yaml_complain(tap_yaml_reader *r, const tap_yaml_node *n, const char *owner, const char *field,
                       const char *problem);
/* "expected EXPECTED, found 'TEXT'", quoting at most 40 bytes. */
void tap_yaml_complain_found(tap_yaml_reader *r, const tap_yaml_node *n, const char *owner, const char *field,
                             const char *expected);
bool tap_yaml_expect(tap_yaml_reader *r, const tap_yaml_node *n, tap_yaml_kind kind, const char *owner,
                     const char *field);
/* Plain decimal notation only, in [minimum, maximum]. */
bool tap_yaml_number(tap_yaml_reader *r, const tap_yaml_node *n, const char *owner, const char *field, double minimum,
                     double maximum, double *out);
bool tap_yaml_whole(tap_yaml_reader *r, const tap_yaml_node *n, const char *owner, const char *field, int minimum,
                    int maximum, int *out);
bool tap_yaml_bool(tap_yaml_reader *r, const tap_yaml_node *n, const char *owner, const char *field, bool *out);
/* The index of the scalar among words (NULL-terminated), or -1 after
 * listing the choices. */
int tap_yaml_word(tap_yaml_reader *r, const tap_yaml_node *n, const char *owner, const char *field,
                  const char *const *words);
/* A non-empty id of at most TAP_YAML_MAX_ID_LENGTH bytes without control
 * characters: the node's own text, or NULL. */
char *tap_yaml_id(tap_yaml_reader *r, const tap_yaml_node *n, const char *owner, const char *field);

/* Collects a mapping's values by key into values[] (NULL when absent or
 * given as null), reporting unknown, repeated and non-scalar keys. False
 * when map is not a mapping. */
bool tap_yaml_fields(tap_yaml_reader *r, const tap_yaml_node *map, const char *owner, const char *const *keys,
                     const tap_yaml_node **values);

/* A list, or a single value standing for a list of one. */
static inline int tap_yaml_length(const tap_yaml_node *n)
{
    return n->kind == TAP_YAML_SEQUENCE ? n->n_items : 1;
}
static inline const tap_yaml_node *tap_yaml_item(const tap_yaml_node *n, int i)
{
    return n->kind == TAP_YAML_SEQUENCE ? n->items[i] : n;
}

#endif
