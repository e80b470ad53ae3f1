/* id_index.c - see id_index.h. */
#include "id_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash_text(const char *text)
{
    uint64_t hash = 14695981039346656037u; /* FNV-1a */
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        hash = (hash ^ *c) * 1099511628211u;
    return (size_t)hash;
}

int tap_id_index_find(const tap_id_index *index, const char *key)
{
    if (!index->capacity)
        return -1;
    for (size_t i = hash_text(key) & (index->capacity - 1);; i = (i + 1) & (index->capacity - 1)) {
        if (!index->keys[i])
            return -1;
        if (!strcmp(index->keys[i], key))
            return index->values[i];
    }
}

/* Into a table known to have room and not to hold key. */
static void put(tap_id_index *index, const char *key, int value)
{
    size_t i = hash_text(key) & (index->capacity - 1);
    while (index->keys[i])
        i = (i + 1) & (index->capacity - 1);
    index->keys[i] = key;
    index->values[i] = value;
    index->n++;
}

int tap_id_index_add(tap_id_index *index, const char *key, int value)
{
    int existing = tap_id_index_find(index, key);
    if (existing >= 0)
        return existing;
    if ((size_t)(index->n + 1) * 2 > index->capacity) {
        tap_id_index bigger = {0};
        bigger.capacity = index->capacity ? index->capacity * 2 : 64;
        bigger.keys = calloc(bigger.capacity, sizeof *bigger.keys);
        bigger.values = calloc(bigger.capacity, sizeof *bigger.values);
        if (!bigger.keys || !bigger.values) {
            tap_id_index_free(&bigger);
            return -1;
        }
        for (size_t i = 0; i < index->capacity; i++)
            if (index->keys[i])
                put(&bigger, index->keys[i], index->values[i]);
        tap_id_index_free(index);
        *index = bigger;
    }
    put(index, key, value);
    return value;
}

void tap_id_index_free(tap_id_index *index)
{
    free(index->keys);
    free(index->values);
    *index = (tap_id_index){0};
}
