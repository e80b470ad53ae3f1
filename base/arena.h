/* arena.h - one owner for data built once and freed at once (a school).
 * Every allocation can fail and returns NULL; tap_arena_destroy frees all. */
#ifndef TAP_ARENA_H
#define TAP_ARENA_H

#include <stddef.h>

typedef struct tap_arena_block tap_arena_block;

typedef struct {
    tap_arena_block *head;
    size_t total; /* bytes handed out, to bound memory use */
} tap_arena;

/* Zeroed memory for n items of size bytes, aligned for any type; NULL on
 * overflow or exhausted memory. Lives until tap_arena_destroy. */
void *tap_arena_calloc(tap_arena *arena, size_t n, size_t size);

/* Copy of the first length bytes of text, NUL-terminated; NULL on failure. */
char *tap_arena_strndup(tap_arena *arena, const char *text, size_t length);
char *tap_arena_strdup(tap_arena *arena, const char *text);

/* Grows an array held in the arena from n_old to n_new items (the old block
 * is simply abandoned); NULL on failure, in which case *array is unchanged. */
void *tap_arena_grow(tap_arena *arena, void *array, size_t n_old, size_t n_new, size_t size);

/* Frees every block; the arena is empty and reusable afterwards. */
void tap_arena_destroy(tap_arena *arena);

#endif
