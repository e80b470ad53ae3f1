/* arena.c - a list of blocks, each holding one allocation. Schools are small
 * (thousands of objects), so simplicity beats packing. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct tap_arena_block {
    tap_arena_block *next;
    max_align_t payload[]; /* keeps the payload aligned for any type */
};

void *tap_arena_calloc(tap_arena *arena, size_t n, size_t size)
{
    if (n == 0)
        n = 1;
    if (size == 0)
        size = 1;
    if (n > (SIZE_MAX - sizeof(tap_arena_block)) / size)
        return NULL;
    tap_arena_block *block = calloc(1, sizeof *block + n * size);
    if (!block)
        return NULL;
    block->next = arena->head;
    arena->head = block;
    arena->total += n * size;
    return block->payload;
}

char *tap_arena_strndup(tap_arena *arena, const char *text, size_t length)
{
    char *copy = tap_arena_calloc(arena, length + 1, 1);
    if (copy)
        memcpy(copy, text, length);
    return copy;
}

char *tap_arena_strdup(tap_arena *arena, const char *text)
{
    return tap_arena_strndup(arena, text, strlen(text));
}

void *tap_arena_grow(tap_arena *arena, void *array, size_t n_old, size_t n_new, size_t size)
{
    void *grown = tap_arena_calloc(arena, n_new, size);
    if (grown && array && n_old > 0)
        memcpy(grown, array, (n_old < n_new ? n_old : n_new) * size);
    return grown;
}

void tap_arena_destroy(tap_arena *arena)
{
    tap_arena_block *block = arena->head;
    while (block) {
        tap_arena_block *next = block->next;
        free(block);
        block = next;
    }
    arena->head = NULL;
    arena->total = 0;
}
