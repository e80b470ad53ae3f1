/* id_index.h - ids to indices in expected constant time, for the readers
 * of files that name things by id (a school's YAML, plans outlined
 * without their school): open addressing over an FNV-1a hash. The index
 * borrows its keys, which must outlive it. */
#ifndef TAP_ID_INDEX_H
#define TAP_ID_INDEX_H

#include <stddef.h>

typedef struct {
    const char **keys; /* NULL where empty */
    int *values;
    size_t capacity; /* a power of two, at least twice n; 0 before the first add */
    int n;
} tap_id_index;

/* The value stored for key, or -1. */
int tap_id_index_find(const tap_id_index *index, const char *key);

/* Stores key -> value (value >= 0) unless key is there already. Returns
 * the value key stands for (the earlier one when repeated), or -1 when
 * memory ran out. */
int tap_id_index_add(tap_id_index *index, const char *key, int value);

/* Frees the table (not the keys) and leaves an empty index. */
void tap_id_index_free(tap_id_index *index);

#endif
