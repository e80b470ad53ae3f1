/* arena.c - allocations carved in order from blocks of CHUNK bytes, each
 * block one calloc; an allocation larger than a quarter block gets a block
 * of its own. A school holds thousands of small objects, but the search
 * builds and drops a plan of thousands of assignments many times a second,
 * and one calloc and one free for each of them was a tenth of a draw. */
#include "arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Under AddressSanitizer every allocation keeps a block of its own, so
 * that an overrun from one object into the next is still caught. */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_CHUNK 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_CHUNK 0
#endif
#endif
#ifndef ARENA_CHUNK
#define ARENA_CHUNK (64 * 1024)
#endif

struct tap_arena_block {
    tap_arena_block *next;
    size_t used, size;     /* payload bytes handed out, and held */
    max_align_t payload[]; /* keeps the payload aligned for any type */
};

/* A new block holding `bytes`, linked where the arena keeps on carving
 * from its current block (a block of its own goes behind it). Not zeroed:
 * each allocation is zeroed as it is carved, so a block's unused end
 * costs nothing. */
static tap_arena_block *add_block(tap_arena *arena, size_t bytes, bool own)
{
    size_t size = own ? bytes : ARENA_CHUNK;
    tap_arena_block *block = malloc(sizeof *block + size);
    if (!block)
        return NULL;
    block->used = 0;
    block->size = size;
    if (own && arena->head) {
        block->next = arena->head->next;
        arena->head->next = block;
    } else {
        block->next = arena->head;
        arena->head = block;
    }
    return block;
}

void *tap_arena_calloc(tap_arena *arena, size_t n, size_t size)
{
    if (n == 0)
        n = 1;
    if (size == 0)
        size = 1;
    size_t align = sizeof(max_align_t);
    if (n > (SIZE_MAX - sizeof(tap_arena_block) - align) / size)
        return NULL;
    size_t bytes = (n * size + align - 1) / align * align;
    tap_arena_block *block = arena->head;
    if (!block || block->size - block->used < bytes) {
        block = add_block(arena, bytes, bytes > ARENA_CHUNK / 4);
        if (!block)
            return NULL;
    }
    void *out = (char *)block->payload + block->used;
    memset(out, 0, bytes);
    block->used += bytes;
    arena->total += n * size;
    return out;
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
